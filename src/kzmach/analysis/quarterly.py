"""Value added of machine building by quarter and division (the Bureau's table 5931).

The Bureau publishes value added by division cumulated from January (January–March,
January–June, January–September, the year); the build derives each quarter's own value as
the difference of two cumulated ones (:mod:`kzmach.raw.releases.derived`). For every quarter
and division (26, 27, 28, 29, 30, 33) and for machine building (26–30 and 33, the table's
own total), :func:`quarterly_value_added` gives

* ``value``: the quarter's own value, bn tenge at current prices, and ``year_to_date``:
  January to the quarter's end, as published;
* ``growth`` and ``growth_year_to_date``: on the same period a year earlier, %, **nominal**
  (current prices: volumes and prices together, no volume index by quarter is held);
* ``share_of_machine_building``: the division's % of the total's value in the quarter;
* ``divisions_gap``: for the total, the table's own total less the sum of its divisions (bn
  tenge), and ``divisions_add_up``: whether they agree within the table's rounding
  (0.1 million tenge a cell). They do not from 2018 Q2 to 2019 Q4, where the Bureau's file
  joins two sheets: said, not forced.

Rows run latest quarter first (IMF QNA Manual 2017, ch. 1: the latest quarter is what a
quarterly release is read for).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kzmach.analysis.divisions import DIVISIONS
from kzmach.metadata.vocabulary import DEFAULT_REGION

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QUARTERLY_COLUMNS", "TOTAL", "quarterly_value_added"]

#: The label of machine building's own total (divisions 26–30 and 33) in :data:`QUARTERLY_COLUMNS`.
TOTAL: Final = "26–30, 33"
#: The columns of :func:`quarterly_value_added`.
QUARTERLY_COLUMNS: Final = (
    "year",
    "quarter",
    "period_label",
    "division",
    "indicator",
    "value",
    "year_to_date",
    "growth",
    "growth_year_to_date",
    "share_of_machine_building",
    "divisions_gap",
    "divisions_add_up",
    "basis",
)
#: How far the table's total may be from the sum of its six divisions and still agree, bn
#: tenge: half a rounding unit (0.1 million tenge) of each of the seven cells.
_ROUNDING_BN: Final = 7 * 0.05 / 1000


def _quarters(observations: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Return an indicator's own quarters and January-to-quarter values, one row a quarter.

    Own: a quarter (three months). Cumulated: a span from January to a quarter's end (the
    first quarter, the first half, January–September, the year). The latest vintage leads.
    """
    import pandas as pd

    rows = observations[
        (observations["indicator"] == indicator)
        & (observations["region"] == DEFAULT_REGION)
        & observations["figure_type"].isin(["actual", "derived"])
        & observations["period_end"].dt.month.isin([3, 6, 9, 12])
    ]
    rows = rows.sort_values("vintage").drop_duplicates(
        ["period_type", "period_start", "period_end"], keep="last"
    )
    own = rows[rows["period_type"] == "quarter"]
    cumulated = rows[
        (rows["period_start"].dt.month == 1)
        & rows["period_type"].isin(["quarter", "half", "ytd", "year"])
    ]
    own_frame = pd.DataFrame({"end": own["period_end"], "value": own["value"]})
    cumulated_frame = pd.DataFrame(
        {"end": cumulated["period_end"], "year_to_date": cumulated["value"]}
    )
    return own_frame.drop_duplicates("end").merge(
        cumulated_frame.drop_duplicates("end"), on="end", how="outer"
    )


def quarterly_value_added(observations: pd.DataFrame) -> pd.DataFrame:
    """Return every quarter's value added by division, latest quarter first (module docstring).

    Returns
    -------
    pandas.DataFrame
        :data:`QUARTERLY_COLUMNS`; value, year_to_date and divisions_gap in bn tenge.
    """
    import pandas as pd

    parts = [(TOTAL, "mb_gva")] + [(d.code, d.value_added) for d in DIVISIONS]
    frames = []
    for division, indicator in parts:
        table = _quarters(observations, indicator)
        if table.empty:
            continue
        frames.append(table.assign(division=division, indicator=indicator))
    if not frames:
        return pd.DataFrame(columns=list(QUARTERLY_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    table["year"] = table["end"].dt.year
    table["quarter"] = (table["end"].dt.month + 2) // 3
    table["period_label"] = "Q" + table["quarter"].astype(str) + " " + table["year"].astype(str)
    earlier = table[["division", "year", "quarter", "value", "year_to_date"]].assign(
        year=table["year"] + 1
    )
    table = table.merge(
        earlier, on=["division", "year", "quarter"], how="left", suffixes=("", "_before")
    )
    table["growth"] = (table["value"] / table["value_before"] - 1) * 100
    table["growth_year_to_date"] = (table["year_to_date"] / table["year_to_date_before"] - 1) * 100
    total = table[table["division"] == TOTAL].set_index(["year", "quarter"])
    key = list(zip(table["year"], table["quarter"], strict=True))
    table["share_of_machine_building"] = (
        table["value"].to_numpy() / total["value"].reindex(key).to_numpy() * 100
    )
    divisions = table[table["division"] != TOTAL].groupby(["year", "quarter"])
    summed = divisions["year_to_date"].sum(min_count=len(DIVISIONS))
    gap = total["year_to_date"] - summed.reindex(total.index)
    table["divisions_gap"] = [
        gap.get((y, q), float("nan")) if d == TOTAL else float("nan")
        for y, q, d in zip(table["year"], table["quarter"], table["division"], strict=True)
    ]
    table["divisions_add_up"] = [
        (abs(g) <= _ROUNDING_BN) if d == TOTAL and g == g else None
        for g, d in zip(table["divisions_gap"], table["division"], strict=True)
    ]
    table["basis"] = "nominal"
    order = {division: position for position, (division, _) in enumerate(parts)}
    table = table.assign(_order=table["division"].map(order)).sort_values(
        ["year", "quarter", "_order"], ascending=[False, False, True]
    )
    return table[list(QUARTERLY_COLUMNS)].reset_index(drop=True)
