"""Foreign trade in machinery: HS chapters 84–90 by month, year to date, year and 12 months.

The Bureau's trade tables give each month's exports and imports by HS chapter and in total
(``kzmach ingest``; HS 84–90 summed by month only where every chapter has a number). From
the monthly observations :func:`trade_table` builds, per flow and chapter (``84`` … ``90``,
``84–90`` and ``total``), with the monthly engine every monthly flow shares
(:mod:`kzmach.analysis.monthly`):

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

:func:`nowcast` estimates the current year from its January–N with the engine of
:mod:`kzmach.analysis.nowcast`, which any monthly flow shares.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from kzmach.analysis.monthly import (
    ESTIMATE_COLUMNS,
    estimate_row,
    growth_on_year_earlier,
    monthly_values,
    periods,
)
from kzmach.analysis.nowcast import BACKTEST_COLUMNS, nowcast_monthly
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import (
    ALL_GOODS,
    HS_CHAPTERS,
    HS_MACHINERY,
    TRADE_FLOWS,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CHAPTERS",
    "TRADE_COLUMNS",
    "nowcast",
    "nowcast_of_table",
    "nowcast_record",
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


def trade_table(observations: pd.DataFrame) -> pd.DataFrame:
    """Return one row per flow, chapter and period (rules in the module docstring).

    Returns
    -------
    pandas.DataFrame
        :data:`TRADE_COLUMNS`; ``value`` in mn US$.
    """
    import pandas as pd

    names = _trade_indicators()
    monthly = monthly_values(observations, list(names))
    if monthly.empty:
        return pd.DataFrame(columns=list(TRADE_COLUMNS))
    last = monthly.dropna(how="all").index.max()
    frames = [
        periods(monthly[indicator], int(last.month)).assign(
            flow=names[indicator][0],
            chapter=names[indicator][1],
            indicator=indicator,
            unit="mn USD",
            qualifier="exact",
        )
        for indicator in map(str, monthly.columns)
        if monthly[indicator].notna().any()
    ]
    table = pd.concat(frames, ignore_index=True)
    return _with_ratios(table)[list(TRADE_COLUMNS)]


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
    table["growth"] = growth_on_year_earlier(table, ["flow", "chapter"])
    table["coverage"] = _coverage(table, key)
    return table.drop(columns=["_usable", "_total", "_machinery"])


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
    unless given (a smaller N re-runs the estimate as it stood then, beside the actual). The
    estimate is :func:`kzmach.analysis.nowcast.nowcast_monthly`'s: several methods
    backtested on every past complete year, the one with the lowest error used, its interval
    from its own backtest errors (methods, formulas and references in that module).

    Returns
    -------
    pandas.DataFrame
        :data:`NOWCAST_COLUMNS`: flow, chapter, year, months_known, year_to_date, estimate,
        low, high (mn US$), actual (the full year, where known), method (the method, its
        record and the years used, in words), chosen (the method's id), methods_compared
        (how many were backtested on the same years), years_used (complete
        years before the year), years_left_out (incomplete ones, never used),
        backtest_years (the years the methods were compared on), backtest_mape (%, the
        chosen method's), coverage_stated (%), interval_held and interval_checked (backtest
        years inside the interval of the years before them, of those checked), label
        (``estimate``). Empty when the year is complete and no ``months`` is given.
        Estimates are labelled as such and never enter a series of actuals.
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
            monthly = _monthly_of(table, flow, chapter)
            found = nowcast_monthly(monthly, year=year, months=months)
            if found is not None:
                rows.append({"flow": flow, "chapter": chapter, **estimate_row(found, monthly)})
    return pd.DataFrame(rows, columns=list(NOWCAST_COLUMNS))


def nowcast_record(
    table: pd.DataFrame,
    flow: str = "exports",
    chapter: str = "84–90",
    *,
    year: int | None = None,
    months: int | None = None,
) -> pd.DataFrame:
    """Return every method's backtest of a flow and chapter: what the nowcast's choice rests on.

    Returns
    -------
    pandas.DataFrame
        estimator, year, estimate, actual, error_pct (:func:`kzmach.analysis.nowcast.backtest`)
        for the year and months :func:`nowcast_of_table` estimates.
    """
    import pandas as pd

    found = nowcast_monthly(_monthly_of(table, flow, chapter), year=year, months=months)
    if found is None or found.record is None:
        return pd.DataFrame(columns=list(BACKTEST_COLUMNS))
    return found.record


def _monthly_of(table: pd.DataFrame, flow: str, chapter: str) -> pd.Series:
    """Return a flow's and chapter's months, every month in between (NaN where missing)."""
    import pandas as pd

    part = table[
        (table["flow"] == flow) & (table["chapter"] == chapter) & (table["period_type"] == "month")
    ]
    monthly = part.set_index("period_start")["value"].astype(float)
    if monthly.empty:
        return monthly
    return monthly.reindex(pd.date_range(monthly.index.min(), monthly.index.max(), freq="MS"))


#: The columns of :func:`nowcast`: the flow and chapter, then an estimate's.
NOWCAST_COLUMNS: Final = ("flow", "chapter", *ESTIMATE_COLUMNS)
