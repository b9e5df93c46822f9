"""One engine for every monthly flow: months, years to date, years and 12-month windows.

A monthly flow is a level the Bureau publishes for each month on its own (not cumulated):
exports and imports by HS chapter, the output of industry by ОКЭД and region (current
prices). From its months :func:`periods` builds

* **months** as published;
* **years to date**, January to the latest month of the latest year, for every year, so
  the latest year is compared like for like with the same months a year earlier;
* **years**, complete only with all twelve months (a year missing a month is listed with
  ``complete`` False and its ``months``, never as a full year);
* **rolling 12 months**, every window of twelve months that all have a number;

and :func:`growth_on_year_earlier` the growth of each on the same period a year earlier,
only where both are complete. Trade (:mod:`kzmach.analysis.trade`) adds its chapters' shares
and coverage; :func:`monthly_table` serves any monthly indicator by region. A growth of a
level in current prices is a **nominal** growth (``basis``), never a volume index.

:func:`nowcast` estimates the current year from its January–N with the engine of
:mod:`kzmach.analysis.nowcast`, as for trade.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from kzmach.analysis.nowcast import nowcast_monthly
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import DEFAULT_REGION, MONTHS_SHORT
from kzmach.text.periods import localised_label

if TYPE_CHECKING:
    import pandas as pd

    from kzmach.analysis.nowcast import Nowcast

__all__ = [
    "ESTIMATE_COLUMNS",
    "MONTHLY_COLUMNS",
    "estimate_row",
    "growth_on_year_earlier",
    "monthly_series",
    "monthly_table",
    "monthly_values",
    "months_spanned",
    "nowcast",
    "periods",
]

#: The columns of :func:`monthly_table`.
MONTHLY_COLUMNS: Final = (
    "indicator",
    "region",
    "period_type",
    "period_start",
    "period_end",
    "period_label",
    "value",
    "unit",
    "basis",
    "months",
    "complete",
    "growth",
)
#: The columns of an estimate of the year (:func:`estimate_row`, :func:`nowcast`).
ESTIMATE_COLUMNS: Final = (
    "year",
    "months_known",
    "year_to_date",
    "estimate",
    "low",
    "high",
    "actual",
    "method",
    "chosen",
    "methods_compared",
    "years_used",
    "years_left_out",
    "backtest_years",
    "backtest_mape",
    "coverage_stated",
    "interval_held",
    "interval_checked",
    "label",
)
#: The figure types a monthly series is made of: what a release states, and sums of it.
_MONTHLY_TYPES: Final = ("actual", "derived")


def monthly_values(
    observations: pd.DataFrame, indicators: list[str], region: str = DEFAULT_REGION
) -> pd.DataFrame:
    """Return the monthly values of ``indicators`` in ``region``: a column each, every month.

    The latest vintage of a month leads; months in between that have no value are NaN.
    """
    import pandas as pd

    rows = observations[
        observations["indicator"].isin(indicators)
        & (observations["period_type"] == "month")
        & (observations["region"] == region)
        & observations["figure_type"].isin(_MONTHLY_TYPES)
    ]
    if rows.empty:
        return pd.DataFrame()
    rows = rows.sort_values("vintage").drop_duplicates(["indicator", "period_start"], keep="last")
    table = rows.pivot(index="period_start", columns="indicator", values="value")
    return table.reindex(pd.date_range(table.index.min(), table.index.max(), freq="MS"))


def monthly_series(
    observations: pd.DataFrame, indicator: str, region: str = DEFAULT_REGION
) -> pd.Series:
    """Return one indicator's months in a region, every month in between (NaN where none)."""
    import pandas as pd

    table = monthly_values(observations, [indicator], region)
    if table.empty:
        return pd.Series(dtype=float, name=indicator)
    return table[indicator].astype(float)


def periods(series: pd.Series, latest_month: int) -> pd.DataFrame:
    """Return a series' months, years to date, years and 12-month windows (module docstring).

    ``latest_month`` is the last month of the latest year with data: the years to date run
    from January to it. Columns: period_type (``month``, ``ytd``, ``year``,
    ``rolling_12m``), period_start, period_end, value, months (how many months hold a
    number), complete (all the period's months do) and period_label.
    """
    import pandas as pd

    index = pd.DatetimeIndex(series.index)
    present = series.notna()
    parts = [
        pd.DataFrame(
            {
                "period_type": "month",
                "period_start": index,
                "period_end": index + pd.offsets.MonthEnd(0),
                "value": series.to_numpy(),
                "months": present.astype(int).to_numpy(),
            }
        )[present.to_numpy()]
    ]
    years = series.groupby(index.year).agg(["sum", "count"])
    parts.append(_spans(years, "year", 12))
    if latest_month < 12:
        early = index.month <= latest_month
        to_date = series[early].groupby(index[early].year).agg(["sum", "count"])
        parts.append(_spans(to_date, "ytd", latest_month))
    rolling = series.rolling(12, min_periods=12).sum().dropna()
    ends = pd.DatetimeIndex(rolling.index)
    parts.append(
        pd.DataFrame(
            {
                "period_type": "rolling_12m",
                "period_start": (ends.to_period("M") - 11).to_timestamp(),
                "period_end": ends + pd.offsets.MonthEnd(0),
                "value": rolling.to_numpy(),
                "months": 12,
            }
        )
    )
    table = pd.concat(parts, ignore_index=True)
    spans = list(zip(table["period_type"], table["period_start"], table["period_end"], strict=True))
    table["complete"] = [
        months == months_spanned(start, end)
        for (_, start, end), months in zip(spans, table["months"], strict=True)
    ]
    table["period_label"] = [
        _label(kind, start, end, months)
        for (kind, start, end), months in zip(spans, table["months"], strict=True)
    ]
    return table


def _spans(sums: pd.DataFrame, period_type: str, last_month: int) -> pd.DataFrame:
    """Return the spans January–``last_month`` of each year, with how many months they hold."""
    import pandas as pd

    starts = pd.to_datetime([f"{y}-01-01" for y in sums.index])
    # the last month's first day, then its end (a DateOffset of months is applied row by row)
    ends = pd.to_datetime([f"{y}-{last_month:02d}-01" for y in sums.index])
    return pd.DataFrame(
        {
            "period_type": period_type,
            "period_start": starts,
            "period_end": ends + pd.offsets.MonthEnd(0),
            "value": sums["sum"].where(sums["count"] > 0).to_numpy(),
            "months": sums["count"].to_numpy(),
        }
    ).dropna(subset=["value"])


def months_spanned(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Return how many months a period spans."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@lru_cache(maxsize=1 << 14)  # the same few hundred periods, for every series of a table
def _label(period_type: str, start: pd.Timestamp, end: pd.Timestamp, months: int) -> str:
    """Write a period: ``Jul 2026``, ``Jan–Jul 2026``, ``2022 (11 of 12 months)``."""
    if period_type == "rolling_12m":
        return f"12 months to {MONTHS_SHORT['en'][end.month - 1]} {end.year}"
    text = localised_label(period_type, start.date(), end.date())
    span = months_spanned(start, end)
    return text if months == span else f"{text} ({months} of {span} months)"


def growth_on_year_earlier(table: pd.DataFrame, by: list[str]) -> pd.Series:
    """Return each row's growth on the same period a year earlier, %, complete rows only.

    ``by`` are the columns that name a series besides its period (``flow`` and ``chapter``,
    or ``indicator`` and ``region``). ``(value / value a year earlier - 1) * 100``, NaN
    where either period is incomplete or missing.
    """
    import pandas as pd

    key = ["period_type", "period_start", "period_end"]
    usable = table[[*key, *by]].assign(_usable=table["value"].where(table["complete"]))
    earlier = usable.assign(
        period_start=usable["period_start"] + pd.DateOffset(years=1),
        period_end=usable["period_end"] + pd.DateOffset(years=1) + pd.offsets.MonthEnd(0),
    )
    joined = usable.merge(earlier, on=[*key, *by], how="left", suffixes=("", "_before"))
    return (joined["_usable"] / joined["_usable_before"] - 1) * 100


def monthly_table(
    observations: pd.DataFrame, indicator: str, region: str | None = None
) -> pd.DataFrame:
    """Return a monthly indicator's periods in one region or every region (module docstring).

    ``region`` None: every region that has the indicator's months, the republic first. The
    years to date of every region run to the latest month of the republic's latest year (or
    of the region's, with no national months). ``basis`` says what a growth is: ``nominal``
    for a level in current prices (tenge or dollars), ``volume`` otherwise.

    Returns
    -------
    pandas.DataFrame
        :data:`MONTHLY_COLUMNS`.
    """
    import pandas as pd

    declared = catalogue.get(indicator)
    rows = observations[
        (observations["indicator"] == indicator) & (observations["period_type"] == "month")
    ]
    regions = sorted(set(rows["region"]), key=lambda r: (r != DEFAULT_REGION, r))
    if region is not None:
        regions = [r for r in regions if r == region]
    # every region's months from the indicator's rows, not from all observations again
    series = {r: monthly_series(rows, indicator, r) for r in regions}
    series = {r: s for r, s in series.items() if s.notna().any()}
    if not series:
        return pd.DataFrame(columns=list(MONTHLY_COLUMNS))
    lead = series.get(DEFAULT_REGION, next(iter(series.values())))
    latest = pd.DatetimeIndex(lead.dropna().index).max()
    frames = [
        periods(values, int(latest.month)).assign(indicator=indicator, region=name)
        for name, values in series.items()
    ]
    table = pd.concat(frames, ignore_index=True)
    table["growth"] = growth_on_year_earlier(table, ["indicator", "region"]).to_numpy()
    basis = "nominal" if declared.basis == "nominal_value" else "volume"
    return table.assign(unit=declared.unit, basis=basis)[list(MONTHLY_COLUMNS)]


def estimate_row(found: Nowcast, monthly: pd.Series) -> dict[str, object]:
    """Return a nowcast's row of :data:`ESTIMATE_COLUMNS`, the full year's actual beside it."""
    import pandas as pd

    index = pd.DatetimeIndex(monthly.index)
    actual = monthly[index.year == found.year]
    return {
        "year": found.year,
        "months_known": found.months_known,
        "year_to_date": found.year_to_date,
        "estimate": found.estimate,
        "low": found.low,
        "high": found.high,
        "actual": float(actual.sum()) if actual.notna().sum() == 12 else math.nan,
        "method": found.said(),
        "chosen": found.method,
        "methods_compared": len(found.mape),
        "years_used": len(found.complete_years),
        "years_left_out": ", ".join(map(str, found.left_out)),
        "backtest_years": len(found.years_compared),
        "backtest_mape": found.backtest_mape,
        "coverage_stated": found.coverage_stated,
        "interval_held": found.held,
        "interval_checked": found.checked,
        "label": "estimate",
    }


def nowcast(
    observations: pd.DataFrame,
    indicator: str,
    region: str = DEFAULT_REGION,
    *,
    year: int | None = None,
    months: int | None = None,
) -> pd.DataFrame:
    """Estimate a year of a monthly indicator in a region from its January–N.

    The estimate is :func:`kzmach.analysis.nowcast.nowcast_monthly`'s: several methods
    backtested on every past complete year, the one with the lowest error used, its interval
    from its own backtest errors. ``year`` and ``months`` as in
    :func:`kzmach.analysis.trade.nowcast`. A level in current prices gives a nominal estimate.

    Returns
    -------
    pandas.DataFrame
        indicator, region, then :data:`ESTIMATE_COLUMNS`; empty when the year is complete and
        no ``months`` is given.
    """
    import pandas as pd

    series = monthly_series(observations, indicator, region)
    found = nowcast_monthly(series, year=year, months=months) if series.notna().any() else None
    rows = (
        []
        if found is None
        else [{"indicator": indicator, "region": region, **estimate_row(found, series)}]
    )
    return pd.DataFrame(rows, columns=["indicator", "region", *ESTIMATE_COLUMNS])
