"""Kazakhstan among its peers: World Bank indicators of the same definition for every country.

An indicator of the World Bank's files is held once, with the country as the observation's
``region`` (``kzmach ingest``, format ``wdi-csv``). :func:`peer_table` lays one indicator out
by country and year and flags the values that are not measurements:

* **repeated**: a value equal to the year before within a relative :data:`REPEAT_TOLERANCE`
  (1e-8). A computed share does not repeat to the ninth significant digit; a run of equal
  years is carried over, not measured (China's share of medium and high-tech exports is
  41.4512685… every year 2008–2022; Armenia, Belarus, Malaysia, Russia and Ukraine repeat
  2021 in 2022; Kazakhstan's 1990–1995 exports). The first year of a run is kept as the
  measurement the others copy;
* **isolated jump**: a value under a third, or over three times, both neighbouring years'
  (Kazakhstan's 1.89% of medium and high-tech exports in 2000, between 36.9% and 27.1%).

Flagged values stay in the table with the reason; rankings count measured values only.
"Medium and high-tech" is UNIDO's grouping: it includes chemicals and pharmaceuticals, not
machine building alone.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Final

from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["JUMP_FACTOR", "PEER_COLUMNS", "REPEAT_TOLERANCE", "peer_table", "re_export_years"]

#: How far a value must stand from both neighbours (a multiple, either way) to be doubtful.
JUMP_FACTOR: Final = 3.0
#: How close to the year before (relative) a value is a repeat, not a measurement.
REPEAT_TOLERANCE: Final = 1e-8
#: The columns of :func:`peer_table`.
PEER_COLUMNS: Final = (
    "region",
    "year",
    "value",
    "doubtful",
    "doubt",
    "rank",
    "countries",
    "figure_id",
)


def peer_table(observations: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Return an indicator by country and year, doubtful values flagged, ranked by year.

    Returns
    -------
    pandas.DataFrame
        :data:`PEER_COLUMNS`: ``rank`` is the country's place among the countries with a
        value that is not doubtful that year (1: highest), ``countries`` how many they are.
    """
    import pandas as pd

    rows = observations[
        (observations["indicator"] == indicator)
        & (observations["period_type"] == "year")
        & (observations["figure_type"] == "actual")
    ]
    if rows.empty:
        return pd.DataFrame(columns=list(PEER_COLUMNS))
    rows = rows.sort_values("vintage").drop_duplicates(["region", "period_start"], keep="last")
    table = pd.DataFrame(
        {
            "region": rows["region"].to_numpy(),
            "year": rows["period_start"].dt.year.to_numpy(),
            "value": rows["value"].to_numpy(dtype=float),
            "figure_id": rows["figure_id"].to_numpy(),
        }
    ).sort_values(["region", "year"], ignore_index=True)
    table["doubt"] = [
        reason
        for _, country in table.groupby("region", sort=False)
        for reason in _doubts(country["year"].tolist(), country["value"].tolist())
    ]
    table["doubtful"] = table["doubt"] != ""
    kept = table[~table["doubtful"]]
    table["rank"] = kept.groupby("year")["value"].rank(ascending=False, method="min")
    table["countries"] = table["year"].map(kept.groupby("year")["value"].size())
    return table[list(PEER_COLUMNS)]


def _doubts(years: list[int], values: list[float]) -> list[str]:
    """Say, for each of one country's years, why its value is doubtful ("" when it is not)."""
    by_year = dict(zip(years, values, strict=True))
    reasons = []
    for year, value in by_year.items():
        before, after = by_year.get(year - 1), by_year.get(year + 1)
        if before is not None and math.isclose(value, before, rel_tol=REPEAT_TOLERANCE):
            reasons.append(term("doubt_repeated", "en"))
        elif before and after and value > 0 and _jump(value, before, after):
            reasons.append(
                term(
                    "doubt_jump",
                    "en",
                    value=f"{value:g}",
                    before=f"{before:g}",
                    after=f"{after:g}",
                    factor=f"{JUMP_FACTOR:g}",
                )
            )
        else:
            reasons.append("")
    return reasons


def _jump(value: float, before: float, after: float) -> bool:
    """Whether ``value`` is a factor :data:`JUMP_FACTOR` below or above both neighbours."""
    low = value * JUMP_FACTOR <= min(before, after)
    high = value >= JUMP_FACTOR * max(before, after)
    return low or high


def re_export_years(observations: pd.DataFrame) -> list[int]:
    """Return the years in which Kazakhstan's exports of HS 84–85 more than doubled in two years.

    Machinery (84) and electrical machinery (85) that Kazakhstan does not make in such
    amounts, exported soon after they came in, lift its share of medium and high-tech
    exports without any change in what it manufactures (2021→2023: both chapters tripled).
    A year's exports are the sum of its months; a year missing a month counts when even its
    months alone more than double the complete year two years before (a lower bound).
    """
    from kzmach.analysis.trade import trade_table

    table = trade_table(observations)
    years = table[
        (table["flow"] == "exports")
        & table["chapter"].isin(["84", "85"])
        & (table["period_type"] == "year")
    ]
    if years.empty:
        return []
    totals = years.assign(year=years["period_start"].dt.year).groupby("year")
    value = totals["value"].sum()
    complete = totals["complete"].all() & (totals["chapter"].nunique() == 2)
    return [
        int(year)
        for year in value.index
        if year - 2 in value.index
        and bool(complete.loc[year - 2])
        and value.loc[year] > 2 * value.loc[year - 2]
    ]
