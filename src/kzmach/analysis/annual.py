"""Annual selection: one value per year, full years apart from year-to-date figures.

Every function takes an observations frame already cut to the as-of date (the facade,
:mod:`kzmach.api`, does that once) and picks among sources by
:func:`kzmach.analysis.selection.best_first`, the rule of :func:`kzmach.series`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Final

from kzmach.analysis.selection import best_first
from kzmach.metadata import catalogue

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ANNUAL_FIGURE_TYPES",
    "YEAR_TO_DATE",
    "annual_figures",
    "annual_levels",
    "annual_series",
    "annual_values",
    "is_missing",
    "year_or_year_to_date",
]

#: The figure types an annual series is made of: what sources state, then what kzmach
#: derived from a release's parts, where no source states the year.
ANNUAL_FIGURE_TYPES: Final = ("actual", "derived")
#: Period types that start in January and end before December: year-to-date figures.
YEAR_TO_DATE: Final = ("ytd", "quarter", "half")


def is_missing(value: object) -> bool:
    """Whether a cell holds no value: ``None``, NaN, ``<NA>`` or an empty string."""
    return (
        value is None
        or (isinstance(value, float) and math.isnan(value))
        or str(value) in ("<NA>", "nan", "")
    )


def _national_years(observations: pd.DataFrame, indicator: str) -> pd.DataFrame:
    # every mask on the whole frame (a comparison is cheap), then one take of the rows: a
    # take copies every column, and taking twice cost more than all the masks together
    return observations[
        (observations["indicator"] == indicator)
        & observations["figure_type"].isin(ANNUAL_FIGURE_TYPES)
        & (observations["region"] == "Kazakhstan")
        & (observations["period_type"] == "year")
    ]


#: Within :func:`remembered`, the frame whose annual figures are kept, and them by indicator.
_REMEMBERED: ContextVar[tuple[pd.DataFrame, dict[str, dict[int, tuple[float, str]]]] | None] = (
    ContextVar("kzmach_annual_figures", default=None)
)


@contextmanager
def remembered(observations: pd.DataFrame) -> Iterator[None]:
    """Within the block, compute each indicator's :func:`annual_figures` of ``observations`` once.

    The target gap looks up the same series for 28 wordings and two base years: inside this
    block a lookup of the very same frame (``is``, not equality) reads the first answer
    again. Analyses never change a frame they are given, so the answer cannot go stale; the
    memory ends with the block.
    """
    token = _REMEMBERED.set((observations, {}))
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def annual_figures(observations: pd.DataFrame, indicator: str) -> dict[int, tuple[float, str]]:
    """Return ``{year: (value, figure id)}`` of an indicator's national full years.

    Levels keep only plain levels; growth keeps only year-on-year figures. Several sources
    for a year: the first by :func:`kzmach.analysis.selection.best_first`, which puts a
    published (``actual``) figure before one kzmach derived (a year summed from its twelve
    months, machine building from its divisions); a derived figure stands only for a year no
    source states. Inside :func:`remembered` of the same frame, each indicator is computed
    once.
    """
    memory = _REMEMBERED.get()
    if memory is None or memory[0] is not observations:
        return _annual_figures(observations, indicator)
    if indicator not in memory[1]:
        memory[1][indicator] = _annual_figures(observations, indicator)
    return dict(memory[1][indicator])  # a copy: a caller may change its dict


def _annual_figures(observations: pd.DataFrame, indicator: str) -> dict[int, tuple[float, str]]:
    """Compute :func:`annual_figures` (no memory)."""
    frame = _national_years(observations, indicator)
    if catalogue.get(indicator).is_growth:
        frame = frame[frame["comparison"] == "same_period_previous_year"]
    else:
        frame = frame[(frame["comparison"] == "none") & (frame["value_form"] == "level")]
    # one figure a year needs no ranking (ranking costs more than the rest of this function)
    one_a_year = frame["period_start"].is_unique
    chosen = frame if one_a_year else best_first(frame).drop_duplicates("period_start")
    figures = {
        int(ts.year): (float(value), str(figure))
        for ts, value, figure in zip(
            chosen["period_start"], chosen["value"], chosen["figure_id"], strict=True
        )
    }
    return dict(sorted(figures.items()))


def annual_values(observations: pd.DataFrame, indicator: str) -> dict[int, float]:
    """Return ``{year: value}`` of an indicator's national full years (:func:`annual_figures`)."""
    return {year: value for year, (value, _) in annual_figures(observations, indicator).items()}


def annual_series(observations: pd.DataFrame, indicator: str) -> pd.Series:
    """Return :func:`annual_values` as a series indexed by year (the input of the trend fits)."""
    import pandas as pd

    values = annual_values(observations, indicator)
    return pd.Series(values, name=indicator, dtype="float64").rename_axis("year")


def annual_levels(
    observations: pd.DataFrame, indicator: str, base_year: int | None = None
) -> dict[int, float]:
    """Return ``{year: level}`` of an indicator, one value per year.

    A level indicator is returned as :func:`annual_values` gives it. A real growth indicator
    is chain-linked (:func:`kzmach.analysis.growth.chain_link`) into a volume index equal to
    100 in ``base_year``, over the consecutive years that follow it.
    """
    import pandas as pd

    from kzmach.analysis.growth import chain_link

    values = annual_values(observations, indicator)
    if not catalogue.get(indicator).is_growth:
        return values
    if base_year is None:
        return {}
    run: dict[int, float] = {}
    year = base_year + 1
    while year in values:
        run[year] = 100 + values[year]
        year += 1
    if not run:
        return {base_year: 100.0}
    linked = chain_link(pd.Series(run, dtype=float), base_year)
    return {int(str(y)): float(v) for y, v in linked.items()}


def year_or_year_to_date(candidates: pd.DataFrame) -> pd.DataFrame:
    """One row per calendar year: its full-year figure, else its longest year-to-date one.

    ``candidates`` are observations of one indicator. Year-to-date means a period starting in
    January (``ytd``, ``Q1``, ``H1``); periods of unstated months are left out, as they cannot
    be placed. Among several figures for a period the first by
    :func:`kzmach.analysis.selection.best_first` is kept. The result has ``year`` and
    ``is_full_year``.
    """
    import pandas as pd

    starts_january = candidates["period_start"].dt.month == 1
    full = best_first(candidates[candidates["period_type"] == "year"]).drop_duplicates(
        "period_start"
    )
    partial = candidates[candidates["period_type"].isin(YEAR_TO_DATE) & starts_january]
    partial = partial.assign(year=partial["period_start"].dt.year)
    longest = partial[
        partial["period_end"] == partial.groupby("year")["period_end"].transform("max")
    ]
    partial = best_first(longest).drop_duplicates("year")
    partial = partial[~partial["year"].isin(full["period_start"].dt.year)].drop(columns="year")
    result = pd.concat(
        [full.assign(is_full_year=True), partial.assign(is_full_year=False)], ignore_index=True
    )
    result["year"] = result["period_start"].dt.year.astype("int64")
    return result.sort_values("year", ignore_index=True)
