"""Prices: a price index chained to the previous December, and the change a volume implies.

:func:`implied_price_change` sets a stated volume growth beside the nominal growth of the
same months and derives the price change between them. :func:`chained_changes` reads the
Bureau's import price indices:

The Bureau publishes its import price indices each month as a percentage of December of
the previous year, I(y, m). Two changes follow from that chain, and neither is published:

* **December on December**: the December value itself, I(y, 12) − 100 (the year's change);
* **year on year** (a month on the same month a year earlier): the month's link to the
  previous December times that December's link to the same month a year earlier,

  P(y, m) / P(y−1, m) = I(y, m)/100 × I(y−1, 12) / I(y−1, m),

  so it needs the previous year's December and its month m (first available January 2021
  for a chain that starts in January 2020).

Chain-linking as in the IMF's *Consumer Price Index Manual* (2020), ch. 9 ("Calculation of
consumer price indices: chain-linking"), and the *Export and Import Price Index Manual*
(IMF 2009), ch. 9. Every derived change is marked ``derived`` with its formula; the index
as published stays beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "IMPLIED_PRICE_COLUMNS",
    "IMPLIED_PRICE_RULE",
    "PRICE_CHANGE_COLUMNS",
    "YEAR_ON_YEAR_RULE",
    "chained_changes",
    "implied_price_change",
    "import_price_changes",
]

#: The columns of :func:`chained_changes`.
PRICE_CHANGE_COLUMNS: Final = (
    "indicator",
    "year",
    "month",
    "period_type",
    "period_start",
    "period_end",
    "period_label",
    "index_to_previous_december",
    "change_since_december",
    "december_on_december",
    "year_on_year",
    "derived",
)
#: How the year-on-year change is derived, as the ``derived`` column says it.
YEAR_ON_YEAR_RULE: Final = "I(y,m) × I(y−1,12) / I(y−1,m): derived from the chained index"


def chained_changes(series: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Return a December-chained index's changes, month by month (module docstring).

    Parameters
    ----------
    series
        One preferred value per month (:func:`kzmach.series`): ``period_start``,
        ``period_label`` and ``value``, the change since the previous December in % (the
        published index less 100).
    indicator
        The indicator's id, repeated in the result.

    Returns
    -------
    pandas.DataFrame
        :data:`PRICE_CHANGE_COLUMNS`, in %: the index as published (previous December =
        100), the change since December, the December-on-December change (December rows
        only) and the year-on-year change (derived; empty where the previous year's
        December or month is missing). Latest month first.

    Examples
    --------
    >>> import pandas as pd
    >>> months = pd.DataFrame({
    ...     "period_start": pd.to_datetime(["2020-03-01", "2020-12-01", "2021-03-01"]),
    ...     "period_label": ["Mar 2020", "Dec 2020", "Mar 2021"],
    ...     "value": [1.0, 4.8, 2.0],
    ... })
    >>> float(round(chained_changes(months, "x").iloc[0]["year_on_year"], 4))  # 102 × 104.8 / 101
    5.8376
    """
    import pandas as pd

    frame = series[["period_start", "period_label", "value"]].copy()
    frame["period_type"] = "month"
    frame["period_end"] = frame["period_start"] + pd.offsets.MonthEnd(0)
    frame["year"] = frame["period_start"].dt.year
    frame["month"] = frame["period_start"].dt.month
    frame["index_to_previous_december"] = 100 + frame["value"]
    frame["change_since_december"] = frame["value"]
    index = frame.set_index(["year", "month"])["index_to_previous_december"]
    frame["december_on_december"] = frame["value"].where(frame["month"] == 12)
    previous_month = pd.Series(
        list(zip(frame["year"] - 1, frame["month"], strict=True)), index=frame.index
    ).map(index.get)
    previous_december = (frame["year"] - 1).map(lambda year: index.get((year, 12)))
    ratio = (
        frame["index_to_previous_december"]
        * previous_december.astype(float)
        / previous_month.astype(float)
    )
    frame["year_on_year"] = ratio - 100
    frame["derived"] = frame["year_on_year"].notna().map({True: YEAR_ON_YEAR_RULE, False: ""})
    frame["indicator"] = indicator
    frame = frame.sort_values("period_start", ascending=False).reset_index(drop=True)
    return frame[list(PRICE_CHANGE_COLUMNS)]


def import_price_changes(observations: pd.DataFrame, indicators: Sequence[str]) -> pd.DataFrame:
    """Return :func:`chained_changes` of each import price index, one after the other.

    Each indicator's preferred value per month
    (:func:`~kzmach.analysis.selection.preferred_series`).
    """
    import pandas as pd

    from kzmach.analysis.selection import preferred_series

    parts = [
        chained_changes(preferred_series(observations, indicator, with_derived=True), indicator)
        for indicator in indicators
    ]
    return pd.concat(parts, ignore_index=True)


#: The columns of :func:`implied_price_change`.
IMPLIED_PRICE_COLUMNS: Final = (
    "period_type",
    "period_label",
    "period_start",
    "period_end",
    "volume_growth",
    "nominal_growth",
    "implied_price_change",
    "volume_indicator",
    "volume_figure_id",
    "volume_source_id",
    "volume_quote",
    "nominal_indicator",
    "nominal_months",
    "derived",
)
#: How the implied price change is derived, as its ``derived`` column says it.
IMPLIED_PRICE_RULE: Final = (
    "(1 + nominal growth) / (1 + volume growth) − 1: implied, not a published price index"
)


def implied_price_change(
    months: pd.DataFrame, stated: pd.DataFrame, nominal_indicator: str
) -> pd.DataFrame:
    """Return the price change implied by a stated volume index and the nominal months.

    A stated year-to-date volume growth (the Bureau's physical volume index, as the press
    quotes it: +27% in January–October 2023) and the nominal growth of the same months from
    the monthly table in current prices (January–October 2023 on January–October 2022:
    +39.4%) imply the change of prices: (1 + nominal) / (1 + volume) − 1, an implicit
    deflator as the IMF *Quarterly National Accounts Manual* (2017), ch. 8, derives one
    from a current-price value and its volume. Both growths are shown beside it.

    Parameters
    ----------
    months
        The nominal indicator's own months (``period_type`` ``month``): ``period_start``
        and ``value``.
    stated
        The volume growth figures: ``period_start``, ``period_end``, ``period_label``,
        ``value`` (growth on the same months a year earlier, %), ``indicator``,
        ``figure_id``, ``source_id``, ``quote``. Only the figures whose months (and the
        year-earlier months) the table has every one of are used.
    nominal_indicator
        The id of the nominal indicator, repeated in the result.

    Returns
    -------
    pandas.DataFrame
        :data:`IMPLIED_PRICE_COLUMNS`, in %, latest period first.

    Examples
    --------
    >>> round(((1 + 39.4 / 100) / (1 + 27 / 100) - 1) * 100, 1)  # January–October 2023
    9.8
    """
    import pandas as pd

    value = months.set_index(months["period_start"].dt.to_period("M"))["value"]
    rows = []
    figure: dict[Any, Any]
    for figure in stated.to_dict("records"):
        start = pd.Period(figure["period_start"], "M")
        end = pd.Period(figure["period_end"], "M")
        span = pd.period_range(start, end, freq="M")
        earlier = span - 12
        if not (set(span) | set(earlier)) <= set(value.index):
            continue
        now, before = float(value[span].to_numpy().sum()), float(value[earlier].to_numpy().sum())
        nominal = 100 * (now / before - 1)
        volume = float(figure["value"])
        implied = 100 * ((1 + nominal / 100) / (1 + volume / 100) - 1)
        rows.append(
            {
                "period_type": "ytd",
                "period_label": figure["period_label"],
                "period_start": figure["period_start"],
                "period_end": figure["period_end"],
                "volume_growth": volume,
                "nominal_growth": nominal,
                "implied_price_change": implied,
                "volume_indicator": figure["indicator"],
                "volume_figure_id": figure["figure_id"],
                "volume_source_id": figure["source_id"],
                "volume_quote": figure["quote"],
                "nominal_indicator": nominal_indicator,
                "nominal_months": len(span),
                "derived": IMPLIED_PRICE_RULE,
            }
        )
    frame = pd.DataFrame(rows, columns=list(IMPLIED_PRICE_COLUMNS))
    return frame.sort_values("period_end", ascending=False).reset_index(drop=True)
