"""Growth arithmetic with the like-for-like rules economists trip over.

All rates are in percent. The conversions:

* index ↔ growth: ``g = I - 100`` (an index of 104.2% of the previous period is +4.2%);
* multiple ↔ growth: ``g = (m - 1) * 100`` ("2.3 times" is +130%, not +230%);
* compound annual growth: ``CAGR = (end / start) ** (1 / years) - 1``;
* the annual rate a target multiple needs: ``m ** (1 / years) - 1``;
* chain-linking annual indices ``I_t`` (% of the previous year) into a real index with
  ``L_base = 100``: ``L_t = L_{t-1} * I_t / 100`` forwards and ``L_{t-1} = L_t / (I_t / 100)``
  backwards;
* implied price deflator: ``(1 + n) / (1 + r) - 1`` from nominal growth ``n`` and real ``r``.

Like for like: a year-to-date figure is compared only with the same months of another year, a
full year with a full year, a quarter with the same quarter; anything else raises
:class:`PeriodMismatchError` rather than returning a silent number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "PeriodMismatchError",
    "PeriodSpan",
    "cagr",
    "cagr_between",
    "chain_link",
    "check_like_for_like",
    "growth_to_index",
    "growth_to_multiple",
    "implied_deflator",
    "implied_deflators",
    "index_to_growth",
    "multiple_to_growth",
    "required_cagr",
    "volume_index",
    "yoy_growth",
]


class PeriodMismatchError(ValueError):
    """Two periods cannot be compared like for like (e.g. Jan-Aug against a full year)."""


@dataclass(frozen=True, slots=True)
class PeriodSpan:
    """The period part of an observation: type, first and last day, and a label."""

    period_type: str
    start: date
    end: date
    label: str = ""

    @classmethod
    def of(cls, row: pd.Series) -> PeriodSpan:
        """Read the period columns of an observations or series row."""
        return cls(
            str(row["period_type"]),
            _as_date(row["period_start"]),
            _as_date(row["period_end"]),
            str(row.get("period_label", "")),
        )

    def describe(self) -> str:
        """Return a label such as ``Jan–Aug 2018 (ytd)``."""
        return f"{self.label or f'{self.start}..{self.end}'} ({self.period_type})"


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value if type(value) is date else value.date()  # type: ignore[attr-defined]
    raise TypeError(f"not a date: {value!r}")


def index_to_growth(index: float) -> float:
    """Return the growth in % of an index in % of the base (``104.2`` -> ``4.2``)."""
    return index - 100.0


def growth_to_index(growth: float) -> float:
    """Return the index in % of the base of a growth in % (``4.2`` -> ``104.2``)."""
    return growth + 100.0


def multiple_to_growth(multiple: float) -> float:
    """Return the growth in % of a multiple (``2.3`` times -> ``130``)."""
    return (multiple - 1.0) * 100.0


def growth_to_multiple(growth: float) -> float:
    """Return the multiple of a growth in % (``130`` -> ``2.3``)."""
    return 1.0 + growth / 100.0


def cagr(start_value: float, end_value: float, years: float) -> float:
    """Return the compound annual growth rate in %: ``((end / start) ** (1 / years) - 1) * 100``.

    Raises
    ------
    ValueError
        If ``years`` is not positive or either value is not positive.
    """
    if years <= 0:
        raise ValueError(f"years must be positive, got {years}")
    if start_value <= 0 or end_value <= 0:
        raise ValueError(f"CAGR needs positive levels, got {start_value} and {end_value}")
    return ((end_value / start_value) ** (1.0 / years) - 1.0) * 100.0


def required_cagr(multiple: float, years: float) -> float:
    """Return the annual growth in % that multiplies a level by ``multiple`` in ``years``.

    ``multiple ** (1 / years) - 1``: a physical volume x2.2 over five years needs 17.1% a year.
    """
    return cagr(1.0, multiple, years)


def check_like_for_like(a: PeriodSpan, b: PeriodSpan) -> int:
    """Check two periods compare like for like; return how many years apart they are.

    Periods compare when they have the same type and cover the same calendar months in
    different years (Jan-Aug 2018 with Jan-Aug 2017; 2014 with 2010; Q1 with Q1).

    Raises
    ------
    PeriodMismatchError
        For different types (a year-to-date against a full year), different months, spans,
        year-to-date periods of unstated months, or the same year.
    """
    for period in (a, b):
        if period.period_type in ("span", "ytd_unstated", "point"):
            raise PeriodMismatchError(
                f"{period.describe()} cannot be compared like for like: "
                + {
                    "span": "a multi-year span is not one period",
                    "ytd_unstated": "its months are not stated",
                    "point": "it is a stock at a moment, not a flow over a period",
                }[period.period_type]
            )
    if a.period_type != b.period_type:
        raise PeriodMismatchError(
            f"cannot compare {a.describe()} with {b.describe()}: "
            "a year-to-date, quarter, half-year or month is compared only with the same "
            "kind of period"
        )
    same_months = (a.start.month, a.end.month) == (b.start.month, b.end.month)
    if not same_months:
        raise PeriodMismatchError(
            f"cannot compare {a.describe()} with {b.describe()}: they cover different months"
        )
    years = a.end.year - b.end.year
    if years == 0:
        raise PeriodMismatchError(f"{a.describe()} and {b.describe()} are the same period")
    return years


def cagr_between(start: pd.Series, end: pd.Series) -> float:
    """Return the CAGR in % between two level observations, checked like for like.

    The number of years is the distance between the periods' ends (2010 to 2014 is four).
    """
    years = check_like_for_like(PeriodSpan.of(end), PeriodSpan.of(start))
    if years < 0:
        raise PeriodMismatchError("the end period comes before the start period")
    return cagr(float(start["value"]), float(end["value"]), years)


def yoy_growth(levels: pd.DataFrame) -> pd.DataFrame:
    """Return year-on-year growth of a level series, like for like only.

    ``levels`` has the columns of :func:`kzmach.series` (one row per period). For every row
    whose same period one year earlier is also present (same type, same months), the result
    has ``growth = (value / value_previous - 1) * 100``; other rows are left out, never
    compared with a period of another kind.
    """
    import pandas as pd

    frame = levels.copy()
    frame["_key"] = list(
        zip(frame["period_type"], frame["period_start"], frame["period_end"], strict=True)
    )
    by_key = dict(zip(frame["_key"], frame.index, strict=True))
    rows = []
    for index, row in frame.iterrows():
        if row["period_type"] in ("span", "ytd_unstated", "point"):
            continue
        previous_key = (
            row["period_type"],
            row["period_start"] - pd.DateOffset(years=1),
            row["period_end"] - pd.DateOffset(years=1),
        )
        previous_index = by_key.get(previous_key)
        if previous_index is None:
            continue
        previous = frame.loc[previous_index]
        rows.append(
            {
                "period_start": row["period_start"],
                "period_end": row["period_end"],
                "period_type": row["period_type"],
                "period_label": row.get("period_label", ""),
                "value": row["value"],
                "value_previous": previous["value"],
                "growth": (row["value"] / previous["value"] - 1.0) * 100.0,
                "figure_id": row.get("figure_id", index),
                "figure_id_previous": previous.get("figure_id", previous_index),
            }
        )
    return pd.DataFrame(rows)


def chain_link(indices: pd.Series, base_year: int) -> pd.Series:
    """Chain annual indices (% of the previous year) into a real index, base year = 100.

    ``indices`` is indexed by year; ``I_t`` is year ``t`` in % of year ``t-1``. The level of
    the base year is 100; later years multiply forwards by ``I_t / 100``, earlier years divide
    backwards. Years must be consecutive.

    Raises
    ------
    ValueError
        If the base year is outside the years or the years have gaps.
    """
    import pandas as pd

    years = sorted(int(y) for y in indices.index)
    if years != list(range(years[0], years[-1] + 1)):
        raise ValueError(f"years must be consecutive, got {years}")
    if not years[0] - 1 <= base_year <= years[-1]:
        raise ValueError(f"base year {base_year} is outside {years[0] - 1}-{years[-1]}")
    levels = {base_year: 100.0}
    for year in range(base_year + 1, years[-1] + 1):
        levels[year] = levels[year - 1] * float(indices[year]) / 100.0
    for year in range(base_year, years[0] - 1, -1):
        if year in indices.index:
            levels[year - 1] = levels[year] / (float(indices[year]) / 100.0)
    return pd.Series(levels, name=f"real_index_{base_year}=100").sort_index()


def volume_index(growth: pd.Series, base_year: int | None = None) -> pd.Series:
    """Chain annual real growth (% change on the year before) into a volume index.

    The longest run of consecutive years ending in the latest is chained by
    :func:`chain_link` (``I_t = 100 + g_t``); ``base_year`` = 100, by default the run's
    first year; the run's first growth also gives the year before it. An earlier year cut
    off by a gap is left out rather than bridged.

    Examples
    --------
    >>> import pandas as pd
    >>> volume_index(pd.Series({2019: 5.0, 2021: 10.0, 2022: 20.0})).round(6).to_dict()
    {2020: 90.909091, 2021: 100.0, 2022: 120.0}
    """
    years = sorted(int(year) for year in growth.index)
    start = years[-1]
    while start - 1 in years:
        start -= 1
    run = growth[[year for year in growth.index if int(year) >= start]]
    return chain_link(run + 100, start if base_year is None else base_year)


def implied_deflator(nominal_growth: float, real_growth: float) -> float:
    """Return the implied price change in %: ``((1 + n) / (1 + r) - 1) * 100``.

    ``n`` and ``r`` are nominal and real growth in % of the same period.
    """
    real_factor = 1.0 + real_growth / 100.0
    if real_factor <= 0 or math.isclose(real_factor, 0.0):
        raise ValueError(f"real growth of {real_growth}% leaves no volume to deflate")
    return ((1.0 + nominal_growth / 100.0) / real_factor - 1.0) * 100.0


def implied_deflators(levels: pd.DataFrame, real_growth: pd.DataFrame) -> pd.DataFrame:
    """Return the implied price change for every period with both nominal and real growth.

    ``levels`` is a nominal level series and ``real_growth`` a real growth series, both with
    the columns of :func:`kzmach.series`. Nominal growth comes from :func:`yoy_growth` (like
    for like), and is matched to real growth of the same period (type, first and last day);
    then ``deflator = ((1 + n) / (1 + r) - 1) * 100``.
    """
    nominal = yoy_growth(levels)
    if nominal.empty:
        return nominal.assign(real_growth=[], deflator=[])
    real = real_growth[["period_type", "period_start", "period_end", "value"]].rename(
        columns={"value": "real_growth"}
    )
    merged = nominal.merge(real, on=["period_type", "period_start", "period_end"])
    merged = merged.rename(columns={"growth": "nominal_growth"})
    merged["deflator"] = [
        implied_deflator(n, r)
        for n, r in zip(merged["nominal_growth"], merged["real_growth"], strict=True)
    ]
    return merged
