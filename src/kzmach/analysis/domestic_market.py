"""The domestic market of machinery products: made here, imported, sold here.

From the Bureau's resources and use of products (publication 19065: production, imports,
exports and domestic sales of 46 products in physical units, January to the latest month and
the same months a year earlier), :func:`domestic_market` gives for each product and period

* ``supply``: production + imports, the goods available before any export;
* ``production_share_of_supply``: production / supply, %;
* ``production_to_sales``: production / domestic sales, % (cars, January–July 2026:
  102,870 made against 255,140 sold, 40.3%). Above 100 where more is made than sold here;
* ``import_penetration``: imports / domestic sales, %: the OECD's import penetration ratio
  (OECD STAN, "import penetration": imports / (production − exports + imports)), whose
  denominator, apparent consumption, is the table's domestic sales where its identity
  holds. Above 100 where imports are re-exported;
* the change on the same months a year earlier: each flow's growth in % and the shares'
  change in percentage points.

A product-period whose flows break the identity production + imports − exports = domestic
sales (flagged when the release is read: the two excavator rows of January–July 2026) keeps
its four published flows but gets no share and no change, and the product is left out of its
group's total in every period (like for like); ``flagged`` says so, and each total's
``left_out`` names what it left out and the period flagged.

Counts of physical units: a share compares numbers of cars with numbers of cars, never
values; a group sums products of one unit only (:data:`kzmach.metadata.products.PRODUCT_GROUPS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from kzmach.metadata.products import KEY_PRODUCTS, PRODUCT_GROUPS
from kzmach.text.numbers import split_unit
from kzmach.text.periods import localised_label, parse_period

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DOMESTIC_MARKET_COLUMNS", "FLOWS", "domestic_market"]

#: The four flows of the table, in the order of its identity.
FLOWS: Final = ("production", "imports", "exports", "domestic_sales")
#: The columns of :func:`domestic_market`.
DOMESTIC_MARKET_COLUMNS: Final = (
    "kind",
    "key",
    "product_code",
    "product",
    "product_as_published",
    "unit",
    "period",
    "period_label",
    *FLOWS,
    "supply",
    "production_share_of_supply",
    "production_to_sales",
    "import_penetration",
    *(f"{flow}_growth" for flow in FLOWS),
    "production_share_of_supply_change_pp",
    "import_penetration_change_pp",
    "flagged",
    "left_out",
    "release",
    "rows",
)
_SHARES: Final = ("production_share_of_supply", "import_penetration")


def _flows(release_values: pd.DataFrame, flow_names: Mapping[str, str]) -> pd.DataFrame:
    """Return the values of the four flows, each with its flow, product code and period."""
    flows = {name: flow for flow, name in flow_names.items()}
    values = release_values[release_values["indicator_name"].isin(list(flows))]
    return values.assign(
        flow=values["indicator_name"].map(flows),
        product_code=values["code"],
        product_as_published=values["code_label"],
        period=values["figure_period"],
    )


def _shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Add supply and the three shares; none for a flagged product-period."""
    import numpy as np

    frame = frame.copy()
    frame["supply"] = frame["production"] + frame["imports"]
    ok = ~frame["flagged"]
    with np.errstate(divide="ignore", invalid="ignore"):
        for column, numerator, denominator in (
            ("production_share_of_supply", "production", "supply"),
            ("production_to_sales", "production", "domestic_sales"),
            ("import_penetration", "imports", "domestic_sales"),
        ):
            ratio = 100 * frame[numerator] / frame[denominator].where(frame[denominator] != 0)
            frame[column] = ratio.where(ok)
    return frame


def _year_earlier(frame: pd.DataFrame) -> pd.DataFrame:
    """Add each flow's growth on the same months a year earlier and the shares' change."""
    import pandas as pd

    frame = frame.copy()
    frame["_start"] = pd.to_datetime(frame["period"].str.split("/").str[0] + "-01")
    earlier = frame.copy()
    earlier["_start"] = earlier["_start"] + pd.DateOffset(years=1)
    on = ["product_code", "key", "_start"]  # a group has no code: its key tells it
    keep = [*on, *FLOWS, *_SHARES, "flagged"]
    joined = frame.merge(earlier[keep], on=on, how="left", suffixes=("", "_earlier"))
    usable = ~joined["flagged"] & ~joined["flagged_earlier"].fillna(True).astype(bool)
    for flow in FLOWS:
        before = joined[f"{flow}_earlier"].where(joined[f"{flow}_earlier"] != 0)
        joined[f"{flow}_growth"] = (100 * (joined[flow] / before - 1)).where(usable)
    for share in _SHARES:
        change = joined[share] - joined[f"{share}_earlier"]
        joined[f"{share}_change_pp"] = change.where(usable)
    return joined.drop(columns=["_start", *(f"{c}_earlier" for c in (*FLOWS, *_SHARES, "flagged"))])


def _group_totals(products: pd.DataFrame, language: str) -> pd.DataFrame:
    """Sum each group's products by period, leaving out the flagged ones (and naming them)."""
    import pandas as pd

    rows = []
    for key, group in PRODUCT_GROUPS.items():
        members = products[products["product_code"].isin(group.codes)]
        # a product flagged in any period is left out of every period: like for like
        flagged = members[members["flagged"]]
        left_out = "; ".join(
            f"{name} ({', '.join(part['period_label'])})"
            for name, part in flagged.groupby("product", sort=True)
        )
        for period, part in members.groupby("period", sort=True):
            kept = part[~part["product_code"].isin(flagged["product_code"])]
            rows.append(
                {
                    "kind": "group",
                    "key": key,
                    "product_code": "",
                    "product": group.names[language],
                    "product_as_published": "",
                    "unit": "|".join(sorted(set(kept["unit"]))),
                    "period": period,
                    "period_label": part["period_label"].iloc[0],
                    **{flow: kept[flow].sum() for flow in FLOWS},
                    "flagged": False,
                    "left_out": left_out,
                    "release": "|".join(sorted(set(part["release"]))),
                    "rows": ",".join(str(r) for r in sorted(set(kept["rows"]))),
                }
            )
    return pd.DataFrame(rows)


def domestic_market(
    release_values: pd.DataFrame, flow_names: Mapping[str, str], language: str = "en"
) -> pd.DataFrame:
    """Return each product's and group's domestic market by period (module docstring).

    Parameters
    ----------
    release_values
        Every value of the ingested releases (``kzmach.release_values()``); the rows of a
        flow of ``flow_names`` are read: ``code`` and ``code_label`` (the product as
        published), ``unit``, ``figure_period`` (``2026-01/2026-07``), ``value``, ``note``,
        ``release``, ``published`` and ``row``. Of a product, period and flow given by
        several releases, the latest published is read.
    flow_names
        Each of :data:`FLOWS` with the indicator name its values are read under.
    language
        The language of the product names (key products and groups) and period labels.

    Returns
    -------
    pandas.DataFrame
        :data:`DOMESTIC_MARKET_COLUMNS`: products first (key products in their order, then
        the rest as published), then the group totals; the latest period first within each.
    """
    import pandas as pd

    values = _flows(release_values, flow_names)
    if values.empty:
        return pd.DataFrame(columns=list(DOMESTIC_MARKET_COLUMNS))
    latest = values.sort_values(["published", "release"]).drop_duplicates(
        ["product_code", "period", "flow"], keep="last"
    )
    wide = latest.pivot_table(
        index=["product_code", "product_as_published", "unit", "period"],
        columns="flow",
        values="value",
        aggfunc="first",
    ).reset_index()
    meta = latest.groupby(["product_code", "period"], as_index=False).agg(
        flagged=("note", lambda notes: bool((notes.fillna("") != "").any())),
        release=("release", "first"),
        rows=("row", "first"),
    )
    wide = wide.merge(meta, on=["product_code", "period"], how="left")
    keys = {product.code: key for key, product in KEY_PRODUCTS.items()}
    wide["kind"] = "product"
    wide["key"] = wide["product_code"].map(keys).fillna("")
    wide["product"] = [
        KEY_PRODUCTS[key].names[language] if key else split_unit(published)[0]
        for key, published in zip(wide["key"], wide["product_as_published"], strict=True)
    ]
    wide["period_label"] = [
        localised_label(p.type, p.start, p.end, language) for p in map(parse_period, wide["period"])
    ]
    wide["left_out"] = ""
    products = _year_earlier(_shares(wide))
    groups = _year_earlier(_shares(_group_totals(products, language)))
    order = {key: n for n, key in enumerate(KEY_PRODUCTS)}
    products["_order"] = products["key"].map(order).fillna(len(order))
    products = products.sort_values(
        ["_order", "product_as_published", "period"], ascending=[True, True, False]
    ).drop(columns="_order")
    groups = groups.sort_values(["key", "period"], ascending=[True, False])
    table = pd.concat([products, groups], ignore_index=True)
    table["rows"] = table["rows"].astype(str)
    return table[list(DOMESTIC_MARKET_COLUMNS)]
