"""Foreign trade in machinery: HS chapters 84–90 by month, year to date, year and 12 months.

The Bureau's trade tables give each month's exports and imports by HS chapter and in total
(``kzmach ingest``; HS 84–90 summed by month only where every chapter has a number). From
the monthly observations :func:`trade_table` builds, per flow and chapter (``84`` … ``90``,
``84–90`` and ``total``):

* **months** as published;
* **year to date**, January to the latest month of the latest year, for every year, so the
  latest year is compared like for like with the same months a year earlier;
* **years**, complete only with all twelve months (2022's chapters have eleven: the year is
  listed with ``complete`` False and ``months`` 11, never as a full year);
* **rolling 12 months**, every window of twelve months that all have a number.

For each: ``share_of_total`` (% of all goods of the flow), ``part_of_sum`` (a chapter's % of
HS 84–90), ``growth`` (% on the same period a year earlier) and ``coverage`` (exports ÷
imports, %), each only where every input is complete. HS 84–90 is a product definition
(what crossed the border), not the ОКЭД industry (26–30, 33) of output and value added.

:func:`nowcast` estimates the current year from its January–N (see its docstring).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import (
    ALL_GOODS,
    HS_CHAPTERS,
    HS_MACHINERY,
    MONTH_NAMES,
    MONTHS_SHORT,
    TRADE_FLOWS,
)
from kzmach.text.periods import localised_label
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHAPTERS",
    "TRADE_COLUMNS",
    "nowcast",
    "nowcast_of_table",
    "trade_indicator",
    "trade_table",
]

#: The chapters of the trade table, in order: each HS chapter, their sum, all goods.
CHAPTERS: Final[dict[str, str]] = {
    **{scope: code for scope, code in HS_CHAPTERS.items()},
    HS_MACHINERY: "84–90",
    ALL_GOODS: "total",
}
#: The columns of :func:`trade_table`.
TRADE_COLUMNS: Final = (
    "flow",
    "chapter",
    "indicator",
    "period_type",
    "period_start",
    "period_end",
    "period_label",
    "value",
    "unit",
    "qualifier",
    "months",
    "complete",
    "share_of_total",
    "part_of_sum",
    "growth",
    "coverage",
)


def trade_indicator(flow: str, scope: str) -> str:
    """Return the catalogue id of a flow's indicator of a trade scope (``exports``, ``hs84``).

    Raises
    ------
    KeyError
        If the catalogue declares none.
    """
    found = [
        i.id
        for i in catalogue.indicators()
        if i.scope == scope and i.id.startswith(f"{flow}_") and i.basis == "nominal_value"
    ]
    if len(found) != 1:
        raise KeyError(f"no single {flow} indicator of scope {scope!r} in the catalogue: {found}")
    return found[0]


def _trade_indicators() -> dict[str, tuple[str, str]]:
    """Return every trade indicator's (flow, chapter), by indicator id."""
    return {
        trade_indicator(flow, scope): (flow, chapter)
        for flow in TRADE_FLOWS.values()
        for scope, chapter in CHAPTERS.items()
    }


def _monthly(observations: pd.DataFrame, indicators: list[str]) -> pd.DataFrame:
    """Return the monthly values of ``indicators``: a column each, every month in between."""
    import pandas as pd

    rows = observations[
        observations["indicator"].isin(indicators)
        & (observations["period_type"] == "month")
        & (observations["region"] == "Kazakhstan")
        & observations["figure_type"].isin(["actual", "derived"])
    ]
    if rows.empty:
        return pd.DataFrame()
    rows = rows.sort_values("vintage").drop_duplicates(["indicator", "period_start"], keep="last")
    table = rows.pivot(index="period_start", columns="indicator", values="value")
    return table.reindex(pd.date_range(table.index.min(), table.index.max(), freq="MS"))


def trade_table(observations: pd.DataFrame) -> pd.DataFrame:
    """Return one row per flow, chapter and period (rules in the module docstring).

    Returns
    -------
    pandas.DataFrame
        :data:`TRADE_COLUMNS`; ``value`` in mn US$.
    """
    import pandas as pd

    names = _trade_indicators()
    monthly = _monthly(observations, list(names))
    if monthly.empty:
        return pd.DataFrame(columns=list(TRADE_COLUMNS))
    last = monthly.dropna(how="all").index.max()
    frames = [
        _periods(monthly[indicator], indicator, *names[indicator], int(last.month))
        for indicator in map(str, monthly.columns)
        if monthly[indicator].notna().any()
    ]
    table = pd.concat(frames, ignore_index=True)
    return _with_ratios(table)[list(TRADE_COLUMNS)]


def _periods(
    series: pd.Series, indicator: str, flow: str, chapter: str, latest_month: int
) -> pd.DataFrame:
    """Return one flow's and chapter's months, years to date, years and 12-month windows."""
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
                "period_start": ends - pd.DateOffset(months=11),
                "period_end": ends + pd.offsets.MonthEnd(0),
                "value": rolling.to_numpy(),
                "months": 12,
            }
        )
    )
    table = pd.concat(parts, ignore_index=True)
    spans = list(zip(table["period_type"], table["period_start"], table["period_end"], strict=True))
    table["complete"] = [
        months == _expected(start, end)
        for (_, start, end), months in zip(spans, table["months"], strict=True)
    ]
    table["period_label"] = [
        _label(kind, start, end, months)
        for (kind, start, end), months in zip(spans, table["months"], strict=True)
    ]
    return table.assign(
        flow=flow,
        chapter=chapter,
        indicator=indicator,
        unit="mn USD",
        qualifier="exact",
    )


def _spans(sums: pd.DataFrame, period_type: str, last_month: int) -> pd.DataFrame:
    """Return the spans January–``last_month`` of each year, with how many months they hold."""
    import pandas as pd

    starts = pd.to_datetime([f"{y}-01-01" for y in sums.index])
    return pd.DataFrame(
        {
            "period_type": period_type,
            "period_start": starts,
            "period_end": starts + pd.DateOffset(months=last_month - 1) + pd.offsets.MonthEnd(0),
            "value": sums["sum"].where(sums["count"] > 0).to_numpy(),
            "months": sums["count"].to_numpy(),
        }
    ).dropna(subset=["value"])


def _expected(start: pd.Timestamp, end: pd.Timestamp) -> int:
    """Return how many months a period spans."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def _label(period_type: str, start: pd.Timestamp, end: pd.Timestamp, months: int) -> str:
    """Write a period: ``Jul 2026``, ``Jan–Jul 2026``, ``2022 (11 of 12 months)``."""
    if period_type == "rolling_12m":
        return f"12 months to {MONTHS_SHORT['en'][end.month - 1]} {end.year}"
    text = localised_label(period_type, start.date(), end.date())
    span = _expected(start, end)
    return text if months == span else f"{text} ({months} of {span} months)"


def _with_ratios(table: pd.DataFrame) -> pd.DataFrame:
    """Add the share of all goods, the part of HS 84–90, the growth and the coverage."""
    import numpy as np

    key = ["period_type", "period_start", "period_end"]
    table = table.assign(_usable=table["value"].where(table["complete"]))
    for chapter, column in (("total", "_total"), ("84–90", "_machinery")):
        whole = table[table["chapter"] == chapter][[*key, "flow", "_usable"]]
        table = table.merge(
            whole.rename(columns={"_usable": column}), on=[*key, "flow"], how="left"
        )
    table["share_of_total"] = table["_usable"] / table["_total"] * 100
    chapters = table["chapter"].isin(list(HS_CHAPTERS.values()))
    table["part_of_sum"] = np.where(chapters, table["_usable"] / table["_machinery"] * 100, np.nan)
    table["growth"] = _growth(table, key)
    table["coverage"] = _coverage(table, key)
    return table.drop(columns=["_usable", "_total", "_machinery"])


def _growth(table: pd.DataFrame, key: list[str]) -> pd.Series:
    """Return each row's growth on the same period a year earlier, % (complete rows only)."""
    import pandas as pd

    earlier = table[[*key, "flow", "chapter", "_usable"]].assign(
        period_start=table["period_start"] + pd.DateOffset(years=1),
        period_end=table["period_end"] + pd.DateOffset(years=1) + pd.offsets.MonthEnd(0),
    )
    joined = table[[*key, "flow", "chapter", "_usable"]].merge(
        earlier, on=[*key, "flow", "chapter"], how="left", suffixes=("", "_before")
    )
    return (joined["_usable"] / joined["_usable_before"] - 1) * 100


def _coverage(table: pd.DataFrame, key: list[str]) -> pd.Series:
    """Return exports ÷ imports of the same chapter and period, %, on both flows' rows."""
    pivot = table.pivot_table(
        index=[*key, "chapter"], columns="flow", values="_usable", aggfunc="first"
    )
    if not {"exports", "imports"} <= set(pivot.columns):
        return table["_usable"] * math.nan
    ratio = (pivot["exports"] / pivot["imports"] * 100).rename("coverage").reset_index()
    return table[[*key, "chapter"]].merge(ratio, on=[*key, "chapter"], how="left")["coverage"]


def nowcast(
    observations: pd.DataFrame, *, year: int | None = None, months: int | None = None
) -> pd.DataFrame:
    """Estimate a year's exports and imports of HS 84–90 and of all goods from January–N.

    ``year`` is the latest year with data unless given; ``months`` (N) the months of it known
    unless given (a smaller N re-runs the estimate as it stood then, beside the actual).

    Returns
    -------
    pandas.DataFrame
        flow, chapter, year, months_known, year_to_date, estimate, low, high (mn US$),
        actual (the full year, where known), method, years_used, backtest_years,
        backtest_mape (%), label (``estimate``). Empty when the year is complete and no
        ``months`` is given: nothing is left to estimate.

    Notes
    -----
    The ratio method: in each past complete year ``y``, ``r_y = (January–N of y) / (year
    y)``; the estimate is ``(January–N now) / mean(r)``, the interval ``(January–N now) /
    max(r)`` to ``/ min(r)``, the spread of the seasonal pattern in the years held. The
    backtest re-estimates every past year that has at least :data:`MIN_RATIO_YEARS` complete
    years before it, from those years only, and reports the mean absolute percentage error.
    Estimates are labelled as such and never enter a series of actuals.

    References
    ----------
    .. [1] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and
       Practice, 3rd ed., OTexts, section 5.10 (evaluation on a rolling origin).
    .. [2] IMF (2017), Quarterly National Accounts Manual, chapter 7 (extrapolating annual
       totals from sub-annual indicators).
    """
    return nowcast_of_table(trade_table(observations), year=year, months=months)


def nowcast_of_table(
    table: pd.DataFrame, *, year: int | None = None, months: int | None = None
) -> pd.DataFrame:
    """Return :func:`nowcast` of a :func:`trade_table` already made (rules in its docstring)."""
    import pandas as pd

    rows = []
    for flow in TRADE_FLOWS.values():
        for chapter in ("84–90", "total"):
            part = table[(table["flow"] == flow) & (table["chapter"] == chapter)]
            found = _estimate(part, year, months)
            if found is not None:
                rows.append({"flow": flow, "chapter": chapter, **found})
    return pd.DataFrame(rows, columns=list(NOWCAST_COLUMNS))


#: The columns of :func:`nowcast`.
NOWCAST_COLUMNS: Final = (
    "flow",
    "chapter",
    "year",
    "months_known",
    "year_to_date",
    "estimate",
    "low",
    "high",
    "actual",
    "method",
    "years_used",
    "backtest_years",
    "backtest_mape",
    "label",
)
#: The fewest complete years whose ratios an estimate (and a backtest year) rests on.
MIN_RATIO_YEARS: Final = 3


def _estimate(part: pd.DataFrame, year: int | None, months: int | None) -> dict[str, object] | None:
    """Return one flow's and chapter's estimate (see :func:`nowcast`), or None."""
    import pandas as pd

    monthly = part[part["period_type"] == "month"].set_index("period_start")["value"]
    if monthly.empty:
        return None
    index = pd.DatetimeIndex(monthly.index)
    year = year or int(index.max().year)
    this_year = monthly[index.year == year]
    if this_year.empty:
        return None
    known = months or int(pd.DatetimeIndex(this_year.index).max().month)
    if months is None and known == 12:
        return None  # the year is complete: nothing to estimate
    full_years = part[(part["period_type"] == "year") & part["complete"]]
    actuals = {
        int(start.year): float(value)
        for start, value in zip(full_years["period_start"], full_years["value"], strict=True)
    }
    year_to_date = _to_date(monthly, year, known)
    to_dates = {
        y: to_date
        for y in sorted(actuals)
        if y < year and (to_date := _to_date(monthly, y, known)) is not None
    }
    ratios = {y: to_date / actuals[y] for y, to_date in to_dates.items()}
    if year_to_date is None or len(ratios) < MIN_RATIO_YEARS:
        return None
    mean = sum(ratios.values()) / len(ratios)
    errors = _backtest(to_dates, ratios, actuals)
    return {
        "year": year,
        "months_known": known,
        "year_to_date": year_to_date,
        "estimate": year_to_date / mean,
        "low": year_to_date / max(ratios.values()),
        "high": year_to_date / min(ratios.values()),
        "actual": actuals.get(year, math.nan),
        "method": term(
            "nowcast_method_january" if known == 1 else "nowcast_method",
            "en",
            month=MONTH_NAMES["en"][known - 1],
            first=min(ratios),
            last=max(ratios),
        ),
        "years_used": len(ratios),
        "backtest_years": len(errors),
        "backtest_mape": sum(errors) / len(errors) * 100 if errors else math.nan,
        "label": "estimate",
    }


def _backtest(
    to_dates: dict[int, float], ratios: dict[int, float], actuals: dict[int, float]
) -> list[float]:
    """Return the absolute errors of re-estimating each past year from the years before it."""
    errors = []
    for year, to_date in to_dates.items():
        earlier = [ratio for other, ratio in ratios.items() if other < year]
        if len(earlier) >= MIN_RATIO_YEARS:
            estimate = to_date / (sum(earlier) / len(earlier))
            errors.append(abs(estimate / actuals[year] - 1))
    return errors


def _to_date(monthly: pd.Series, year: int, months: int) -> float | None:
    """Return January–``months`` of ``year``, or None unless every month has a number."""
    import pandas as pd

    index = pd.DatetimeIndex(monthly.index)
    span = monthly[(index.year == year) & (index.month <= months)]
    return float(span.sum()) if len(span) == months else None
