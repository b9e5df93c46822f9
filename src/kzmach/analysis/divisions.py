"""Machine building's divisions: their value added, and their contributions to real growth.

The Bureau defines machine building two ways (``data/raw/release-mappings/README.md``): its
production index (table 5792) covers ОКЭД divisions 26–30, its value added (table 5931)
26–30 and 33. :data:`DIVISIONS` names each division's value-added and index indicators.

Formulas, for year ``t`` (UN IRIS 2010, ch. 5; IMF QNA Manual 2017, ch. 8):

* weight of division ``d``: ``w_d = VA_d(t-1) / VA_26–30(t-1) * 100``, its share of the
  previous year's value added of the whole aggregate the index measures (divisions 26–30),
  division 30 included although table 5792 publishes no index for it (33 is outside the
  index) [QNA 2017, ch. 8: the weights are shares of the aggregate];
* contribution of division ``d`` with an index: ``c_d = w_d * g_d(t) / 100`` percentage
  points, ``g_d`` the division's index minus 100;
* ``G*_t = sum_d c_d``, the part of the aggregate's growth that the divisions with an index
  explain. With every division indexed it would be a chain-linked Laspeyres volume index
  whose contributions add up exactly;
* the **rest**: machine building's own index growth (the Bureau's, 26–30) minus ``G*_t``.
  It holds the contribution of the divisions without an index (30: ``missing_divisions``)
  and the difference between the Bureau's fixed-base weights, which it does not publish,
  and these; it is labelled "division 30 and weighting difference" and given to no
  division alone.

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
    "WEIGHTING_DIFFERENCE",
    "Division",
    "division_contributions",
    "division_value_added",
    "index_divisions_value_added",
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
#: The row of :func:`division_contributions` that holds the Bureau's index less ours: the
#: difference in weights and coverage, never a division's contribution.
WEIGHTING_DIFFERENCE = "weighting_difference"


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
    return pd.DataFrame(rows, columns=list(VALUE_ADDED_COLUMNS))


#: The columns of :func:`division_value_added`, in order (also when no year has a division).
VALUE_ADDED_COLUMNS = (
    "year",
    "division",
    "scope",
    "value_added",
    "figure_id",
    "share_of_index_divisions",
    "sum_of_divisions",
    "mb_gva",
    "total_minus_sum",
)


def index_divisions_value_added(value_added: pd.DataFrame) -> dict[int, float]:
    """Return the value added of the divisions the index covers (26–30), by year, bn KZT.

    ``value_added`` is :func:`division_value_added`; division 33, outside the production
    index, is left out, so the result has the index's scope.
    """
    in_index = value_added[value_added["share_of_index_divisions"].notna()]
    sums = in_index.groupby("year")["value_added"].sum()
    return {int(str(year)): float(value) for year, value in sums.items()}


def division_contributions(
    observations: pd.DataFrame, value_added: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return each division's contribution to machine building's real growth, by year.

    Formulas in the module docstring. A year needs machine building's index and, for every
    division with an index that year, its value added in the previous year. ``value_added``
    is :func:`division_value_added` of the same observations, when the caller has it.

    Returns
    -------
    pandas.DataFrame
        One row per year and division with an index (26–29), then a
        ``weighting_difference`` row: year, division, weight_previous (% of the previous
        year's value added of 26–30, the aggregate the index measures), growth (the
        division's index - 100), contribution_pp, va_weighted_growth (``G*``, the sum of the
        divisions' contributions), mb_growth (the Bureau's index - 100, 26–30),
        missing_divisions (the divisions of 26–30 without an index that year, whose
        contribution the last row holds: "30"), figure_id (the index figure). The rows of a
        year add up to ``mb_growth``.

    Notes
    -----
    ``c_d,t = w_d,t-1 * (I_d,t - 100) / 100``, with ``w_d,t-1`` division d's share of the
    value added of the whole aggregate (26–30) in year t-1: weights are shares of the
    aggregate whose growth they explain [1]_, so a division without an index keeps its
    weight and its contribution stays in the last row, named. The Bureau's own index is a
    fixed-base Laspeyres index with base-year weights it does not publish [2]_; its growth
    less ``G*`` is division 30's contribution and the weighting difference together.

    References
    ----------
    .. [1] IMF (2017), Quarterly National Accounts Manual, 2017 edition, chapter 8
       (contributions to growth of chain-linked volume measures).
    .. [2] United Nations (2011), International Recommendations for the Index of Industrial
       Production 2010, chapter 5 (weights and the Laspeyres index).

    Examples
    --------
    Division 29 in 2025 (the Bureau's tables 5792 and 5931): weight 977,297.3 /
    1,998,773.1 (26–30 in 2024, division 30's 273,179.9 included) = 48.89% and index
    119.1, so 48.89 * 19.1 / 100 = 9.34 pp; 26–29 add up to 14.21 pp against the Bureau's
    12.6%, and the −1.61 pp left is division 30 and the weighting difference.
    """
    import pandas as pd

    if value_added is None:
        value_added = division_value_added(observations)
    values = {
        (int(year), str(code)): float(value)
        for year, code, value in zip(
            value_added["year"].tolist(),
            value_added["division"].tolist(),
            value_added["value_added"].tolist(),
            strict=True,
        )
    }
    growth = {
        d.code: annual_figures(observations, d.index) for d in DIVISIONS if d.in_index and d.index
    }
    mb_growth = annual_figures(observations, "mb_output_growth_real")
    rows = [
        row
        for year in sorted(mb_growth)
        for row in _contributions_of_year(year, mb_growth[year], growth, values)
    ]
    return pd.DataFrame(rows, columns=list(CONTRIBUTION_COLUMNS))


#: The columns of :func:`division_contributions`.
CONTRIBUTION_COLUMNS: Final = (
    "year",
    "division",
    "weight_previous",
    "growth",
    "contribution_pp",
    "va_weighted_growth",
    "mb_growth",
    "missing_divisions",
    "figure_id",
)


def _contributions_of_year(
    year: int,
    mb_growth: tuple[float, str],
    growth: dict[str, dict[int, tuple[float, str]]],
    values: dict[tuple[int, str], float],
) -> list[dict[str, Any]]:
    """Return one year's rows: each division with an index and a weight, then the difference.

    No row at all when a division with an index that year has no value added the year before.
    """
    total, total_figure = mb_growth
    present = [code for code, by_year in growth.items() if year in by_year]
    aggregate = [d.code for d in DIVISIONS if d.in_index]
    if not present or any((year - 1, code) not in values for code in aggregate):
        return []
    weight_sum = sum(values[(year - 1, code)] for code in aggregate)
    missing = ", ".join(code for code in aggregate if code not in present)
    rows: list[dict[str, Any]] = []
    for code in present:
        rate, figure = growth[code][year]
        weight = values[(year - 1, code)] / weight_sum * 100
        rows.append(
            {
                "year": year,
                "division": code,
                "weight_previous": weight,
                "growth": rate,
                "contribution_pp": weight * rate / 100,
                "figure_id": figure,
            }
        )
    weighted = sum(row["contribution_pp"] for row in rows)
    rows.append(
        {
            "year": year,
            "division": WEIGHTING_DIFFERENCE,
            "weight_previous": float("nan"),
            "growth": float("nan"),
            "contribution_pp": total - weighted,
            "figure_id": total_figure,
        }
    )
    for row in rows:
        row.update(va_weighted_growth=weighted, mb_growth=total, missing_divisions=missing)
    return rows
