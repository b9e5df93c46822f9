"""The facade's domestic market: products made, imported and sold here; import prices.

Re-exported by :mod:`kzmach.api` (``kzmach.domestic_market``, ``kzmach.import_prices``,
``kzmach.implied_price_change``):
each cuts what it reads to ``as_of`` once and hands it to :mod:`kzmach.analysis`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from kzmach.data import Root, known_as_of, observations_frame, table_frame
from kzmach.metadata.vocabulary import HS_SECTIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["IMPORT_PRICE_INDICATORS", "domestic_market", "implied_price_change", "import_prices"]

#: The import price indices, by scope: HS sections XVI–XVIII and all goods.
IMPORT_PRICE_INDICATORS: Final = tuple(
    f"import_prices_{scope}" for scope in (*HS_SECTIONS, "all_goods")
)


def domestic_market(*, language: str = "en", as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return each machinery product's production, trade and domestic sales, and its shares.

    Read from the Bureau's resources and use of products as ingested (``release_values``;
    no indicator each): each product and period, its share of supply made here, production
    against domestic sales, import penetration and the change on a year earlier, then the
    group totals (road motor vehicles …) without the rows the table flags. See
    :func:`kzmach.analysis.domestic_market.domestic_market`.
    """
    from kzmach.analysis.domestic_market import domestic_market as table
    from kzmach.raw.releases.resource_use import RESOURCE_USE_FLOWS

    values: pd.DataFrame = known_as_of(table_frame("release_values", root), as_of, "release_values")
    return table(values, RESOURCE_USE_FLOWS, language)


def import_prices(*, as_of: Any = None, root: Root = None) -> pd.DataFrame:
    """Return the import price indices of machinery (HS XVI–XVIII) and all goods by month.

    The index as published (% of the previous December), its December-on-December change
    and the year-on-year change derived from the chain; see
    :func:`kzmach.analysis.prices.chained_changes`.
    """
    from kzmach.analysis.prices import import_price_changes

    return import_price_changes(observations_frame(as_of=as_of, root=root), IMPORT_PRICE_INDICATORS)


def implied_price_change(
    indicator: str = "mb_output",
    volume: str = "mb_output_growth_real",
    *,
    region: str = "Kazakhstan",
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return the price change implied by each stated year-to-date volume growth.

    ``volume``'s stated figures for part of a year (the Bureau's volume index as quoted:
    +27% in January–October 2023) beside the nominal growth of the same months of the
    monthly ``indicator`` in current prices, and the price change between them, labelled
    implied. See :func:`kzmach.analysis.prices.implied_price_change`.
    """
    from kzmach.analysis.prices import implied_price_change as implied

    frame = observations_frame(as_of=as_of, root=root)
    mine = frame[(frame["region"] == region) & (frame["figure_type"] == "actual")]
    months = mine[(mine["indicator"] == indicator) & (mine["period_type"] == "month")]
    months = months.sort_values("vintage").drop_duplicates("period_start", keep="last")
    stated = mine[
        (mine["indicator"] == volume)
        & (mine["period_type"] == "ytd")
        & (mine["comparison"] == "same_period_previous_year")
    ]
    return implied(months, stated, indicator)
