"""Checks beside a target's status: feasibility, prices, and a target met before it was set.

Each check answers a question an economist asks of a target before signing its status:

* **Feasibility** (:func:`feasibility`): is the multiple still needed over the years left
  something the same series has ever done over a window of that length? It compares
  ``target / latest`` with the best ``level(y + n) / level(y)`` of the series' history, for
  ``n`` the years left, over the whole record and over the windows starting in
  :data:`~kzmach.metadata.vocabulary.RECENT_RECORD_FROM` (2010) or later. Both are shown:
  a record that includes the 1990s collapse has rebound windows no economy of today
  repeats. A multiple of a series in current prices (tenge or dollars) is a nominal
  multiple, and is called so. It replaces a modelled "probability", which needs a model of
  the series that a dozen annual values cannot support; a historical record is an
  assumption a reader can check (the "outside view" of reference-class forecasting,
  Flyvbjerg 2006).
* **Prices** (:func:`price_flag`): how much of a nominal tenge target's progress since its
  base year is prices, on one scope: machine building's value added of divisions 26–30 (the
  Bureau's table 5931) against the physical volume index of the same divisions (table 5792);
  its output against the same index. The share of prices over the span is
  ``1 - ln(real multiple) / ln(nominal multiple)``. A target measured on a US-dollar series
  is flagged as such, whatever the unit its source states it in (a "×3 by 2028" of a dollar
  series is a dollar target): world prices count toward it and no export price index is
  held to separate them.
* **Met before it was set** (:func:`met_before_set`): a level target that a year ended
  before the target was stated already reaches was not an ambition under the same
  definition; it points to a definition mismatch (another scope, another unit), not an
  achievement.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from kzmach.metadata.vocabulary import (
    BEYOND_HISTORY,
    HISTORY_TOO_SHORT,
    RECENT_RECORD_FROM,
    WITHIN_HISTORY,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "NOMINAL_AND_REAL",
    "Feasibility",
    "feasibility",
    "history_levels",
    "met_before_set",
    "price_flag",
    "price_share",
]

#: A nominal tenge indicator, and the real growth series and the nominal levels of the same
#: scope it is split with: value added is taken for ОКЭД 26–30 (the sum of those divisions in
#: table 5931), the scope of the physical volume index, not 26–30 and 33.
NOMINAL_AND_REAL: Final[dict[str, tuple[str, str]]] = {
    "mb_output": ("mb_output", "mb_output_growth_real"),
    "mb_gva": ("index_divisions_gva", "mb_output_growth_real"),
}


@dataclass(frozen=True, slots=True)
class Feasibility:
    """The multiple still needed against the best the series achieved in as many years.

    ``best_multiple``, ``best_window`` and ``verdict`` judge it against the whole record;
    the ``recent_`` fields against the windows starting in
    :data:`~kzmach.metadata.vocabulary.RECENT_RECORD_FROM` or later.
    """

    multiple_needed: float
    years: int
    best_multiple: float | None
    best_window: str
    verdict: str
    recent_multiple: float | None = None
    recent_window: str = ""
    recent_verdict: str = HISTORY_TOO_SHORT


def history_levels(observations: pd.DataFrame, indicator: str) -> dict[int, float]:
    """Return every annual level of an indicator; a real growth rate chained from its start.

    A real growth indicator is chain-linked into an index over its first run of consecutive
    years (:func:`kzmach.analysis.annual.annual_levels` with the year before its first).
    """
    from kzmach.analysis.annual import annual_levels, annual_values
    from kzmach.metadata import catalogue

    if not catalogue.get(indicator).is_growth:
        return annual_values(observations, indicator)
    values = annual_values(observations, indicator)
    if not values:
        return {}
    return annual_levels(observations, indicator, min(values) - 1)


def feasibility(levels: Mapping[int, float], multiple_needed: float, years: int) -> Feasibility:
    """Compare the multiple needed in ``years`` with the series' best over any such window.

    ``best = max(level(y + years) / level(y))`` over every ``y`` with both levels, once over
    the whole record and once over ``y >= RECENT_RECORD_FROM``. Each verdict is
    :data:`~kzmach.metadata.vocabulary.WITHIN_HISTORY` when the multiple needed is at most
    the best, :data:`~kzmach.metadata.vocabulary.BEYOND_HISTORY` when it is more, and
    :data:`~kzmach.metadata.vocabulary.HISTORY_TOO_SHORT` with no window of that length.

    Notes
    -----
    A comparison with the series' own record, not a forecast: it assumes nothing about the
    model behind the series, only that what it never did in any window of that length is
    not to be counted on. Windows overlap; a series with a collapse and a rebound (machine
    building's index in the 1990s) has rebound windows that flatter it, which is why the
    window's years are given.

    References
    ----------
    .. [1] Flyvbjerg, B. (2006), From Nobel Prize to project management: getting risks
       right, Project Management Journal 37(3), 5-15 (reference-class forecasting).
    .. [2] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and
       Practice, 3rd ed., OTexts, section 5.2 (the naive and drift benchmarks).

    Examples
    --------
    >>> feasibility({2020: 100.0, 2021: 150.0, 2022: 165.0}, 2.0, 1).verdict
    'beyond history'
    >>> feasibility({2020: 100.0, 2021: 150.0, 2022: 165.0}, 1.6, 2).best_window
    '2020–2022'
    >>> check = feasibility({2000: 50.0, 2001: 100.0, 2010: 100.0, 2011: 110.0}, 1.5, 1)
    >>> check.verdict, check.recent_verdict, check.recent_window
    ('within history', 'beyond history', '2010–2011')
    """
    whole = _best_window(levels, multiple_needed, years, None)
    recent = _best_window(levels, multiple_needed, years, RECENT_RECORD_FROM)
    return Feasibility(multiple_needed, years, *whole, *recent)


def _best_window(
    levels: Mapping[int, float], multiple_needed: float, years: int, since: int | None
) -> tuple[float | None, str, str]:
    """Return the best multiple over ``years`` (windows from ``since``), its years, verdict."""
    windows = [
        (levels[year + years] / levels[year], year)
        for year in sorted(levels)
        if year + years in levels and levels[year] > 0 and (since is None or year >= since)
    ]
    if years < 1 or not windows:
        return None, "", HISTORY_TOO_SHORT
    best, start = max(windows)
    verdict = WITHIN_HISTORY if multiple_needed <= best else BEYOND_HISTORY
    return best, f"{start}–{start + years}", verdict


def price_share(nominal_multiple: float, real_multiple: float) -> float:
    """Return the part of nominal growth that is prices: ``1 - ln(real) / ln(nominal)``.

    Examples
    --------
    Nominal ×1.2917 and real ×1.108 (machine building's output in 2022): 60% prices.

    >>> round(price_share(3100 / 2400, 1.108), 2)
    0.6
    """
    return 1 - math.log(real_multiple) / math.log(nominal_multiple)


def price_flag(
    observations: pd.DataFrame, indicator: str, start: int | None, latest: int | None
) -> str:
    """Say how much of a target's progress from ``start`` to ``latest`` is prices (module doc).

    ``indicator`` is the series the target is measured with: its unit decides, not the
    target's (a "×3" multiple of a dollar series is a dollar target). ``start`` is the base
    year of a multiple, or the last full year before a level target was set; an empty string
    for a series in neither tenge nor dollars.

    Notes
    -----
    Nominal growth is split into volume and prices multiplicatively,
    ``nominal = real x prices``, so the log shares add up to one: prices are
    ``ln(prices) / ln(nominal) = 1 - ln(real) / ln(nominal)`` of it. The implicit deflator
    is that of the physical volume index of divisions 26–30, an output index standing in
    for a value-added deflator the Bureau does not publish.

    References
    ----------
    .. [1] IMF (2017), Quarterly National Accounts Manual, 2017 edition, chapter 8
       (volume and price measures, implicit deflators).
    """
    from kzmach.metadata import catalogue

    series = catalogue.get(indicator)
    if series.dimension == "USD":
        return term("flag_usd", "en")
    if indicator not in NOMINAL_AND_REAL:
        return term("flag_no_real", "en") if series.dimension == "KZT" else ""
    if start is None or latest is None or start >= latest:
        return term("flag_no_span", "en")
    nominal, real = _nominal_and_real(observations, indicator)
    span = range(start + 1, latest + 1)
    if start not in nominal or latest not in nominal or any(y not in real for y in span):
        return term("flag_lacks", "en", start=start, latest=latest)
    nominal_multiple = nominal[latest] / nominal[start]
    real_multiple = math.prod(1 + real[y] / 100 for y in span)
    if nominal_multiple <= 1:
        return ""
    prices = price_share(nominal_multiple, real_multiple)
    return term(
        "flag_prices" if prices > 0.5 else "flag_volume",
        "en",
        start=start,
        latest=latest,
        scope="OKED 26–30" if indicator == "mb_gva" else "machine building",
        nominal=f"{nominal_multiple:.2f}",
        real=f"{real_multiple:.2f}",
        prices=f"{prices * 100:.0f}",
    )


def _nominal_and_real(
    observations: pd.DataFrame, indicator: str
) -> tuple[dict[int, float], dict[int, float]]:
    """Return the nominal levels and real growth rates of one scope (:data:`NOMINAL_AND_REAL`)."""
    from kzmach.analysis.annual import annual_values
    from kzmach.analysis.divisions import division_value_added, index_divisions_value_added

    nominal_name, real_name = NOMINAL_AND_REAL[indicator]
    if nominal_name == "index_divisions_gva":
        nominal = index_divisions_value_added(division_value_added(observations))
    else:
        nominal = annual_values(observations, nominal_name)
    return nominal, annual_values(observations, real_name)


def met_before_set(
    levels: Mapping[int, float], target_level: float, adopted: str, *, strictly: bool
) -> str:
    """Name the latest year ended before the target was set whose level already reached it.

    ``adopted`` is the stating source's date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``); a year
    counts when it ended before that year began. ``strictly``: the target says "more than".
    Empty when no such year (or no date) exists.

    Examples
    --------
    >>> met_before_set({2020: 23.1, 2021: 25.7}, 24.0, "2022-06-16", strictly=False)
    'met before it was set (2022-06-16): 2021 was 25.7 against 24'
    """
    if not adopted[:4].isdigit():
        return ""
    set_year = int(adopted[:4])
    reached = [
        year
        for year, value in levels.items()
        if year < set_year and (value > target_level if strictly else value >= target_level)
    ]
    if not reached:
        return ""
    year = max(reached)
    return term(
        "flag_met_before",
        "en",
        adopted=adopted,
        year=year,
        value=f"{levels[year]:g}",
        target=f"{target_level:g}",
    )
