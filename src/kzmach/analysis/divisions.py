"""Machine building's divisions: their value added, and their contributions to real growth.

The Bureau defines machine building two ways (``data/raw/release-mappings/README.md``): its
production index (table 5792) covers ОКЭД divisions 26–30, its value added (table 5931)
26–30 and 33. :data:`DIVISIONS` names each division's value-added and index indicators.

Formulas, for year ``t``:

* weight of division ``d``: ``w_d = VA_d(t-1) / sum of VA(t-1) over 26–30 * 100``, its share
  of the previous year's value added of the divisions the index covers (33 left out, as the
  index leaves it out);
* contribution of division ``d`` to machine building's real growth:
  ``c_d = w_d * g_d(t) / 100`` percentage points, ``g_d`` its physical volume index minus 100;
* the **remainder**: machine building's own index growth minus the sum of the contributions.
  Division 30 (other transport equipment) has no index in table 5792, so its contribution
  is in the remainder, with the difference between value-added weights and the Bureau's own
  (output-based) weights.

Each function takes an observations frame already cut to the as-of date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.annual import annual_figures

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CONTRIBUTION_COLUMNS",
    "DIVISIONS",
    "REMAINDER",
    "Division",
    "division_contributions",
    "division_value_added",
]


@dataclass(frozen=True, slots=True)
class Division:
    """One ОКЭД division of machine building and the indicators that measure it."""

    code: str
    scope: str
    value_added: str
    index: str | None
    in_index: bool
    output: str = ""


#: The divisions, as ``data/raw/release-mappings`` maps them (a test keeps the two in step).
DIVISIONS: tuple[Division, ...] = (
    Division(
        "26", "electronics", "electronics_gva", "electronics_output_growth_real", True,
        "electronics_output",
    ),
    Division(
        "27", "electrical", "electrical_gva", "electrical_output_growth_real", True,
        "electrical_output",
    ),
    Division(
        "28", "machinery_equipment", "machinery_gva", "machinery_output_growth_real", True,
        "machinery_output",
    ),
    Division(
        "29", "automotive", "automotive_gva", "auto_output_growth_real", True, "auto_output"
    ),
    Division(
        "30", "other_transport", "other_transport_gva", "other_transport_output_growth_real",
        True, "other_transport_output",
    ),
    Division(
        "33", "repair", "repair_gva", "repair_output_growth_real", False, "repair_output"
    ),
)  # fmt: skip
#: The row of :func:`division_contributions` that holds what the divisions' indices leave.
REMAINDER = "remainder"


def division_value_added(observations: pd.DataFrame) -> pd.DataFrame:
    """Return each division's value added by year, with machine building's stated total.

    Returns
    -------
    pandas.DataFrame
        One row per year and division: year, division, scope, value_added (bn KZT),
        figure_id, share_of_index_divisions (% of 26–30's sum, NaN for 33), plus per year
        sum_of_divisions (26–30 and 33), mb_gva (the table's own total) and
        total_minus_sum: the Bureau's total less the sum of its divisions, which is not
        zero in every year (2018 and 2019 in the 2026 vintage).
    """
    import pandas as pd

    by_division = {d.code: annual_figures(observations, d.value_added) for d in DIVISIONS}
    totals = annual_figures(observations, "mb_gva")
    rows = []
    for year in sorted({y for values in by_division.values() for y in values}):
        present = [d for d in DIVISIONS if year in by_division[d.code]]
        index_sum = sum(by_division[d.code][year][0] for d in present if d.in_index)
        total_sum = sum(by_division[d.code][year][0] for d in present)
        stated = totals.get(year, (float("nan"), ""))[0]
        for division in present:
            value, figure = by_division[division.code][year]
            rows.append(
                {
                    "year": year,
                    "division": division.code,
                    "scope": division.scope,
                    "value_added": value,
                    "figure_id": figure,
                    "share_of_index_divisions": value / index_sum * 100
                    if division.in_index and index_sum
                    else float("nan"),
                    "sum_of_divisions": total_sum,
                    "mb_gva": stated,
                    # the Bureau publishes to 0.1 million tenge: 0.0001 bn
                    "total_minus_sum": round(stated - total_sum, 4),
                }
            )
    return pd.DataFrame(rows)


def division_contributions(
    observations: pd.DataFrame, value_added: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return each division's contribution to machine building's real growth, by year.

    Formulas in the module docstring. A year needs the previous year's value added of every
    division 26–30 (the weights) and machine building's index; a division without its own
    index that year adds to the remainder. ``value_added`` is :func:`division_value_added` of
    the same observations, when the caller has it already.

    Returns
    -------
    pandas.DataFrame
        One row per year and division 26–29 plus a ``remainder`` row: year, division,
        weight_previous (%), growth (the division's index - 100), contribution_pp,
        mb_growth (machine building's index - 100, 26–30), figure_id (the index figure).

    Notes
    -----
    ``contribution_i,t = w_i,t-1 * (I_i,t - 100) / 100`` percentage points, with
    ``w_i,t-1`` division i's share of the value added of divisions 26–30 in the previous
    year (%). The contributions add up to machine building's growth exactly only for an
    index chain-linked every year with those weights; the Bureau's index is not (it is a
    fixed-base Laspeyres index with its own weights), so the remainder row carries both
    any division without an index that year (30: table 5792 gives none) and the difference
    in weighting.

    References
    ----------
    .. [1] IMF (2017), Quarterly National Accounts Manual, 2017 edition, chapter 8
       (contributions to growth of chain-linked volume measures).
    .. [2] United Nations (2011), International Recommendations for the Index of Industrial
       Production 2010, chapter 5 (weights and the Laspeyres index).

    Examples
    --------
    Division 29 in 2025 (the Bureau's tables 5792 and 5931): weight 977,297.3 /
    1,998,773.1 = 48.89% and index 119.1, so 48.89 * 19.1 / 100 = 9.34 pp.
    """
    import pandas as pd

    if value_added is None:
        value_added = division_value_added(observations)
    in_index = value_added[value_added["share_of_index_divisions"].notna()]
    weights = {
        (int(year), str(code)): float(weight)
        for year, code, weight in zip(
            in_index["year"].tolist(),
            in_index["division"].tolist(),
            in_index["share_of_index_divisions"].tolist(),
            strict=True,
        )
    }
    index_divisions = [d for d in DIVISIONS if d.in_index]
    growth = {d.code: annual_figures(observations, d.index) for d in index_divisions if d.index}
    mb_growth = annual_figures(observations, "mb_output_growth_real")
    rows = [
        row
        for year in sorted(mb_growth)
        if all((year - 1, d.code) in weights for d in index_divisions)
        for row in _contributions_of_year(year, mb_growth[year], growth, weights)
    ]
    return pd.DataFrame(rows, columns=list(CONTRIBUTION_COLUMNS))


#: The columns of :func:`division_contributions`.
CONTRIBUTION_COLUMNS: Final = (
    "year",
    "division",
    "weight_previous",
    "growth",
    "contribution_pp",
    "mb_growth",
    "figure_id",
)


def _contributions_of_year(
    year: int,
    mb_growth: tuple[float, str],
    growth: dict[str, dict[int, tuple[float, str]]],
    weights: dict[tuple[int, str], float],
) -> list[dict[str, Any]]:
    """Return one year's rows: each division with an index that year, then the remainder."""
    total, total_figure = mb_growth
    rows: list[dict[str, Any]] = []
    explained = 0.0
    for code, by_year in growth.items():
        if year not in by_year:
            continue
        rate, figure = by_year[year]
        weight = weights[(year - 1, code)]
        explained += weight * rate / 100
        rows.append(
            {
                "year": year,
                "division": code,
                "weight_previous": weight,
                "growth": rate,
                "contribution_pp": weight * rate / 100,
                "mb_growth": total,
                "figure_id": figure,
            }
        )
    remainder = {"weight_previous": float("nan"), "growth": float("nan")}
    rows.append(
        {
            "year": year,
            "division": REMAINDER,
            **remainder,
            "contribution_pp": total - explained,
            "mb_growth": total,
            "figure_id": total_figure,
        }
    )
    return rows
