"""Kazakhstan among its peers: World Bank indicators of the same definition for every country.

An indicator of the World Bank's files is held once, with the country as the observation's
``region`` (``kzmach ingest``, format ``wdi-csv``). :func:`peer_table` lays one indicator out
by country and year and flags the values that are not measurements:

* **repeated**: a value exactly equal to the year before or after. A computed share does not
  repeat to the last digit; a run of equal years is filled in (Kazakhstan's 1990–1993 share
  of medium and high-tech industry in manufacturing value added, 1990–1995 of its exports);
* **isolated jump**: a value under a third, or over three times, both neighbouring years'
  (Kazakhstan's 1.89% of medium and high-tech exports in 2000, between 36.9% and 27.1%).

Flagged values stay in the table with the reason; rankings and charts leave them out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["JUMP_FACTOR", "PEER_COLUMNS", "peer_table"]

#: How far a value must stand from both neighbours (a multiple, either way) to be doubtful.
JUMP_FACTOR: Final = 3.0
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
        if value in (before, after):
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
