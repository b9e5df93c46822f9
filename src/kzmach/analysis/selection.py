"""Choosing one value per period among several sources' figures.

Several sources often state a figure for the same period. :func:`preferred_series` keeps
one, ranked by :func:`best_first`, in order:

1. the caller's ``prefer`` list of source ids or source kinds, when given;
   then a figure a source states (``actual``) before one kzmach derived from parts;
2. the kind of source: official statistics, then official documents, then web pages;
3. the qualifier: an exact figure before "about", before "more than" and the like;
4. the most recent publication (a later statement reflects revisions); a date known only to
   the year or the month counts as its first day (:func:`earliest_vintage`), so a page dated
   "2022" loses to one dated 22 September 2022, and a placeholder 31 December never wins;
5. the figure id, so the choice is deterministic.

The alternatives stay reachable: each row lists them in ``alternatives`` and says in
``values_agree`` whether they agree within rounding
(:func:`kzmach.analysis.tolerance.values_differ`).
Every function here takes an observations frame already cut to what was known on the
as-of date (the facade, :mod:`kzmach.api`, does that once).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from kzmach.analysis.tolerance import values_differ
from kzmach.metadata import catalogue
from kzmach.metadata.observation_columns import SERIES_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "QUALIFIER_RANK",
    "SOURCE_KIND_RANK",
    "Preference",
    "best_first",
    "earliest_vintage",
    "national",
    "preferred_series",
]

SOURCE_KIND_RANK = {"statistics": 0, "document": 1, "web_page": 2, "collection": 3}
QUALIFIER_RANK = {"exact": 0, "about": 1, "almost": 2, "at_least": 2, "more_than": 2, "up_to": 2}

#: Source ids or kinds to rank first, or a function that sorts candidate rows best first.
Preference = Sequence[str] | Callable[["pd.DataFrame"], "pd.DataFrame"] | None


def best_first(candidates: pd.DataFrame, prefer: Sequence[str] | None = None) -> pd.DataFrame:
    """Sort candidate observations of one measure best first (rule in the module docstring).

    ``prefer`` lists source ids or source kinds to rank first.
    """
    import numpy as np

    preferred = {key: rank for rank, key in reversed(list(enumerate(prefer or [])))}
    last = len(preferred)
    prefer_rank = [
        min(preferred.get(source_id, last), preferred.get(kind, last))
        for source_id, kind in zip(candidates["source_id"], candidates["source_kind"], strict=True)
    ]
    # one stable sort of row positions by the keys, the last key first (numpy's lexsort):
    # the same order as a multi-column sort_values, without building a ranked copy
    keys = (
        candidates["figure_id"].astype(str).to_numpy(),
        -earliest_vintage(candidates).to_numpy().astype("int64"),  # latest vintage first
        candidates["qualifier"].map(QUALIFIER_RANK).fillna(9).to_numpy(),
        candidates["source_kind"].map(SOURCE_KIND_RANK).fillna(9).to_numpy(),
        (candidates["figure_type"] == "derived").to_numpy().astype(int),
        np.asarray(prefer_rank),
    )
    return candidates.iloc[np.lexsort(keys)]


def earliest_vintage(candidates: pd.DataFrame) -> pd.Series:
    """Return each figure's earliest possible publication date, for ranking.

    A vintage of precision ``year`` counts as 1 January, of precision ``month`` as the
    month's first day (their stored dates are the period's last day, an upper bound); an
    unknown one as 1900-01-01, so it never wins on date.
    """
    import pandas as pd

    vintage = candidates["vintage"].fillna(pd.Timestamp("1900-01-01")).astype("datetime64[s]")
    if "vintage_precision" not in candidates:
        return vintage
    precision = candidates["vintage_precision"]
    vintage = vintage.mask(precision == "year", vintage.dt.to_period("Y").dt.start_time)
    vintage = vintage.mask(precision == "month", vintage.dt.to_period("M").dt.start_time)
    return vintage.mask(precision == "unknown", pd.Timestamp("1900-01-01")).astype("datetime64[s]")


def national(
    observations: pd.DataFrame, indicator: str, figure_type: str = "actual"
) -> pd.DataFrame:
    """Return the national figures of one indicator and figure type."""
    return observations[
        (observations["indicator"] == indicator)
        & (observations["figure_type"] == figure_type)
        & (observations["region"] == "Kazakhstan")
    ]


def preferred_series(
    observations: pd.DataFrame,
    indicator: str,
    *,
    region: str = "Kazakhstan",
    figure_type: str = "actual",
    comparison: str | None = None,
    prefer: Preference = None,
    with_derived: bool = False,
) -> pd.DataFrame:
    """Return one preferred value per period of ``indicator`` (rule in the module docstring).

    Parameters
    ----------
    observations
        Observations, already cut to the as-of date.
    indicator
        Indicator id.
    region
        Territory; national by default.
    figure_type
        ``actual`` by default; ``target`` for the targets.
    comparison
        For growth indicators, which comparison (default ``same_period_previous_year``);
        levels always use ``none``.
    prefer
        Source ids or kinds to rank first, or a function that sorts a group of candidate
        rows best first (it receives and returns a DataFrame).
    with_derived
        With ``figure_type`` ``actual``, let a figure kzmach derived (a sum of parts, a value
        written with more decimals than its source publishes) stand for a period no stated
        figure covers, so that no period held is absent; the ``figure_type`` column says
        which. A stated figure always leads.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`kzmach.metadata.observation_columns.SERIES_COLUMNS`.
    """
    import pandas as pd

    spec = catalogue.get(indicator)
    if comparison is None:
        comparison = spec.usual_comparison
    types = [figure_type, "derived"] if with_derived and figure_type == "actual" else [figure_type]
    frame = observations[
        (observations["indicator"] == indicator)
        & observations["figure_type"].isin(types)
        & (observations["region"] == region)
        & (observations["comparison"] == comparison)
    ]
    columns = list(SERIES_COLUMNS)
    if frame.empty:
        return pd.DataFrame(columns=columns)

    # the rule ranks rows one by one, so the whole frame is ranked once; a group keeps that
    # order (a caller's function still sorts each group)
    if not callable(prefer):
        frame = best_first(frame, prefer)
    rows = []
    keys = ["period_start", "period_end", "period_type", "subject"]
    for _, group in frame.groupby(keys, sort=True, dropna=False):
        rows.append(_chosen(prefer(group) if callable(prefer) else group))
    return pd.DataFrame(rows)[columns].reset_index(drop=True)


def _chosen(ranked: pd.DataFrame) -> dict[str, Any]:
    """Return the best-ranked row of a period, with its sources counted.

    Also the other rows' figure ids, and whether every value agrees with the first within
    their rounding.
    """
    values = ranked["value"].to_numpy(dtype=float)
    precisions = ranked["value_precision"].to_numpy(dtype=float)
    agree = all(
        not values_differ(values[0], precisions[0], value, precision)
        for value, precision in zip(values[1:], precisions[1:], strict=True)
    )
    row: dict[str, Any] = {str(k): v for k, v in ranked.iloc[0].to_dict().items()}
    row.update(
        n_sources=len(ranked),
        alternatives=ranked["figure_id"].iloc[1:].tolist(),
        values_agree=agree,
    )
    return row
