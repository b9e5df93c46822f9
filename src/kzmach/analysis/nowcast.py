"""A year's total of a monthly flow estimated from January–N by the method with the best record.

Any flow measured every month (exports, imports, production in tenge) is estimated the same
way. For the year ``y`` whose January–N is known, each method of :data:`METHODS` gives an
estimate of the year:

* **latest ratio**: ``(January–N of y) × (year L) / (January–N of L)``, ``L`` the latest
  complete year before ``y``: the last year carried forward at the growth so far, the
  extrapolation of an annual total with a sub-annual indicator [1]_;
* **mean ratio** and **median ratio**: ``(January–N of y) / r``, with ``r`` the mean (median)
  over the complete years before ``y`` of ``r_h = (January–N of h) / (year h)`` [2]_;
* **seasonal naive with drift**: the months still to come are last year's same months times
  ``exp(c)``, ``c`` the mean twelve-month change in logs of every month known so far [3]_.

A year is complete with all twelve months; an incomplete year (2022's chapters of trade have
eleven) gives no ratio and is named as left out. Each method is **backtested on a rolling
origin** [4]_: every past complete year is estimated from what was known at its own month N,
and its absolute percentage error kept. The methods are compared on the years all of them
could estimate, and the one with the lowest mean absolute percentage error (MAPE) is used.

The **interval** is that method's estimate times the smallest and the largest ratio of
actual to estimate of its backtest years [5]_: with ``n`` such years, a new year falls
between them with probability ``(n - 1) / (n + 1)`` when the errors are exchangeable (the
coverage stated). Whether it held is checked the same way: each backtest year against the
interval of the years before it (the coverage achieved, "held in 5 of 7 years").

References
----------
.. [1] IMF (2017), Quarterly National Accounts Manual, 2017 edition, chapter 6
   (benchmarking: extrapolating an annual total with the movement of an indicator).
.. [2] IMF (2017), Quarterly National Accounts Manual, chapter 10 (early estimates
   from incomplete indicators).
.. [3] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and Practice,
   3rd ed., OTexts, section 5.2 (seasonal naive, and drift).
.. [4] ibid., section 5.10 (time series cross-validation on a rolling origin).
.. [5] ibid., section 5.5 (prediction intervals from the distribution of past errors).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from kzmach.metadata.vocabulary import MONTH_NAMES
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "BACKTEST_COLUMNS",
    "METHODS",
    "MIN_BACKTEST_YEARS",
    "MIN_RATIO_YEARS",
    "Nowcast",
    "backtest",
    "nowcast_monthly",
]

#: The columns of :func:`backtest`.
BACKTEST_COLUMNS: Final = ("estimator", "year", "estimate", "actual", "error_pct")
#: The fewest complete years a mean or median ratio (and a backtest year) rests on.
MIN_RATIO_YEARS: Final = 3
#: The fewest years the methods are compared on; a method that cannot estimate that many of
#: the years the others can is left out of the comparison.
MIN_BACKTEST_YEARS: Final = 3


@dataclass(frozen=True, slots=True)
class _History:
    """A monthly flow known up to month ``months`` of ``year``: what a method may use."""

    values: dict[tuple[int, int], float]  # (year, month) -> value, months known only
    year: int
    months: int

    def to_date(self, year: int) -> float | None:
        """Return January–N of ``year``, or None unless every month has a number."""
        found = [self.values.get((year, m)) for m in range(1, self.months + 1)]
        return None if any(v is None for v in found) else math.fsum(v for v in found if v)

    def complete_years(self) -> dict[int, float]:
        """Return the years before :attr:`year` with all twelve months, and their totals."""
        totals = {}
        for year in sorted({y for y, _ in self.values}):
            months = [self.values.get((year, m)) for m in range(1, 13)]
            if year < self.year and all(v is not None for v in months):
                totals[year] = math.fsum(v for v in months if v is not None)
        return totals

    def ratios(self) -> dict[int, float]:
        """Return each complete year's January–N over its total."""
        return {
            year: to_date / total
            for year, total in self.complete_years().items()
            if total and (to_date := self.to_date(year)) is not None
        }


def _latest_ratio(history: _History) -> float | None:
    ratios = history.ratios()
    to_date = history.to_date(history.year)
    return None if not ratios or to_date is None else to_date / ratios[max(ratios)]


def _average_ratio(history: _History, average: Callable[[list[float]], float]) -> float | None:
    ratios = list(history.ratios().values())
    to_date = history.to_date(history.year)
    if len(ratios) < MIN_RATIO_YEARS or to_date is None:
        return None
    return to_date / average(ratios)


def _mean_ratio(history: _History) -> float | None:
    return _average_ratio(history, statistics.fmean)


def _median_ratio(history: _History) -> float | None:
    return _average_ratio(history, statistics.median)


def _seasonal_naive_drift(history: _History) -> float | None:
    to_date = history.to_date(history.year)
    values = history.values
    changes = [
        math.log(value / before)
        for (year, month), value in values.items()
        if (before := values.get((year - 1, month))) is not None and value > 0 and before > 0
    ]
    ahead = [values.get((history.year - 1, m)) for m in range(history.months + 1, 13)]
    if to_date is None or len(changes) < 12 or any(v is None or v <= 0 for v in ahead):
        return None
    drift = math.exp(statistics.fmean(changes))
    return to_date + math.fsum(v * drift for v in ahead if v is not None)


#: The methods, in the order a tie is broken (the simplest first), by their id: each a
#: function of what is known at the origin, giving the year's estimate or None.
METHODS: Final[dict[str, Callable[[_History], float | None]]] = {
    "latest ratio": _latest_ratio,
    "mean ratio": _mean_ratio,
    "median ratio": _median_ratio,
    "seasonal naive with drift": _seasonal_naive_drift,
}


@dataclass(frozen=True, slots=True)
class Nowcast:
    """A year's estimate from its January–N, by the method with the lowest backtest error."""

    year: int
    months_known: int
    year_to_date: float
    estimate: float
    low: float
    high: float
    method: str  # an id of METHODS
    mape: dict[str, float]  # each method compared: its MAPE (%) on the years compared
    years_compared: tuple[int, ...]
    errors: dict[int, float]  # the chosen method's backtest years: actual / estimate
    held: int
    checked: int
    complete_years: tuple[int, ...]
    left_out: tuple[int, ...]
    all_estimates: dict[str, float] = field(default_factory=dict)
    #: every method's backtest (:func:`backtest`): what the choice rests on
    record: pd.DataFrame | None = field(default=None, compare=False, repr=False)

    @property
    def coverage_stated(self) -> float:
        """Return the interval's coverage, %, if past errors are like the next: (n−1)/(n+1)."""
        n = len(self.errors)
        return (n - 1) / (n + 1) * 100 if n >= 2 else math.nan

    @property
    def backtest_mape(self) -> float:
        """Return the chosen method's MAPE, %, over the years compared."""
        return self.mape[self.method]

    def said(self) -> str:
        """Write the method, its record and the years used in English (a catalog message).

        ``kzmach.show`` says it again in Russian or Kazakh.
        """
        first, last = (
            (self.complete_years[0], self.complete_years[-1]) if self.complete_years else (0, 0)
        )
        return term(
            "nowcast_method_january" if self.months_known == 1 else "nowcast_method",
            "en",
            name=term(f"value:{self.method}", "en"),
            month=MONTH_NAMES["en"][self.months_known - 1],
            count=len(self.mape),
            mape=f"{self.backtest_mape:.1f}",
            tested=len(self.years_compared),
            held=self.held,
            checked=self.checked,
            first=first,
            last=last,
            left=", ".join(map(str, self.left_out)) or term("value:none", "en"),
        )


def _values(monthly: pd.Series) -> dict[tuple[int, int], float]:
    """Return every month with a number, by (year, month)."""
    import pandas as pd

    index = pd.DatetimeIndex(monthly.index)
    return {
        (int(stamp.year), int(stamp.month)): float(value)
        for stamp, value in zip(index, monthly.to_numpy(dtype=float), strict=True)
        if not math.isnan(value)
    }


def _known(values: dict[tuple[int, int], float], year: int, months: int) -> _History:
    """Return what was known at month ``months`` of ``year``."""
    return _History({k: v for k, v in values.items() if k <= (year, months)}, year, months)


def backtest(monthly: pd.Series, *, year: int, months: int) -> pd.DataFrame:
    """Re-estimate every complete year before ``year`` from its own January–``months``.

    Returns
    -------
    pandas.DataFrame
        :data:`BACKTEST_COLUMNS`: estimator, year, estimate, actual, error_pct (estimate /
        actual − 1, %), one row per method and past complete year it could estimate.
    """
    return _backtest(_values(monthly), year, months)


def _backtest(values: dict[tuple[int, int], float], year: int, months: int) -> pd.DataFrame:
    """Return :func:`backtest` of the months ``values`` already read."""
    import pandas as pd

    totals = _known(values, year, months).complete_years()
    rows = []
    for past, actual in totals.items():
        known = _known(values, past, months)
        for name, method in METHODS.items():
            estimate = method(known)
            if estimate is not None and actual:
                rows.append(
                    {
                        "estimator": name,
                        "year": past,
                        "estimate": estimate,
                        "actual": actual,
                        "error_pct": (estimate / actual - 1) * 100,
                    }
                )
    return pd.DataFrame(rows, columns=list(BACKTEST_COLUMNS))


def _compared(errors: pd.DataFrame) -> tuple[list[str], tuple[int, ...]]:
    """Return the methods compared and the years they are compared on (all estimate them).

    A method is left out, the last first, while the years all methods share are fewer than
    :data:`MIN_BACKTEST_YEARS`.
    """
    names = [name for name in METHODS if name in set(errors["estimator"])]
    while names:
        years = set.intersection(*(set(errors[errors["estimator"] == n]["year"]) for n in names))
        if len(years) >= MIN_BACKTEST_YEARS or len(names) == 1:
            return names, tuple(sorted(years))
        names.pop()
    return [], ()


def _held(factors: dict[int, float]) -> tuple[int, int]:
    """How many backtest years fell inside the interval of the years before them, of how many.

    A year is checked once two earlier years give an interval.
    """
    held = checked = 0
    years = sorted(factors)
    for index, year in enumerate(years):
        earlier = [factors[y] for y in years[:index]]
        if len(earlier) >= 2:
            checked += 1
            held += min(earlier) <= factors[year] <= max(earlier)
    return held, checked


def nowcast_monthly(
    monthly: pd.Series, *, year: int | None = None, months: int | None = None
) -> Nowcast | None:
    """Estimate ``year``'s total of a monthly flow from its January–``months`` (module docstring).

    Parameters
    ----------
    monthly
        The flow's value by month (index: first days of months); a missing month is NaN or
        absent.
    year, months
        The year estimated and the months of it known; by default the latest year and its
        months. A smaller ``months`` re-runs the estimate as it stood then.

    Returns
    -------
    Nowcast or None
        None when the year is complete and no ``months`` is given, or when no method has
        :data:`MIN_BACKTEST_YEARS` backtest years.
    """
    import pandas as pd

    known = monthly.dropna()
    if known.empty:
        return None
    index = pd.DatetimeIndex(known.index)
    year = year or int(index.max().year)
    in_year = index[index.year == year]
    if in_year.empty:
        return None
    if months is None and int(in_year.max().month) == 12:
        return None  # the year is complete: nothing to estimate
    months = months or int(in_year.max().month)
    values = _values(monthly)
    history = _known(values, year, months)
    year_to_date = history.to_date(year)
    errors = _backtest(values, year, months)
    names, years = _compared(errors)
    if year_to_date is None or not names or len(years) < MIN_BACKTEST_YEARS:
        return None
    compared = errors[errors["year"].isin(years) & errors["estimator"].isin(names)]
    mape = {n: float(compared[compared["estimator"] == n]["error_pct"].abs().mean()) for n in names}
    estimates = {n: METHODS[n](history) for n in names}
    usable = [n for n in names if estimates[n] is not None]
    if not usable:
        return None
    chosen = min(usable, key=lambda n: (round(mape[n], 9), names.index(n)))
    estimate = estimates[chosen]
    assert estimate is not None
    mine = errors[errors["estimator"] == chosen]
    factors = {
        int(y): float(a / e)
        for y, a, e in zip(mine["year"], mine["actual"], mine["estimate"], strict=True)
    }
    held, checked = _held(factors)
    complete = tuple(history.complete_years())
    seen = {y for y, _ in history.values if y < year}
    left_out = tuple(sorted(seen - set(complete)))
    return Nowcast(
        year=year,
        months_known=months,
        year_to_date=year_to_date,
        estimate=estimate,
        low=estimate * min(factors.values()),
        high=estimate * max(factors.values()),
        method=chosen,
        mape=mape,
        years_compared=years,
        errors=factors,
        held=held,
        checked=checked,
        complete_years=complete,
        left_out=left_out,
        all_estimates={n: e for n, e in estimates.items() if e is not None},
        record=errors,
    )
