"""The load API notebooks and later issues rely on.

Every loader builds first when the processed data are missing or stale (see
:func:`kzmach.pipeline.build.is_fresh`), so a notebook never reads outdated tables.

Choosing one value per period (:func:`series`)
----------------------------------------------
Several sources often state a figure for the same period. :func:`series` keeps one, ranked
by, in order:

1. the caller's ``prefer`` list of source ids or source kinds, when given;
2. the kind of source: official statistics, then official documents, then web pages;
3. the qualifier: an exact figure before "about", before "more than" and the like;
4. the most recent publication (a later statement reflects revisions);
5. the figure id, so the choice is deterministic.

The alternatives stay reachable: each row lists them in ``alternatives`` and says in
``values_agree`` whether they agree within rounding; ``observations(indicator)`` has them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from kzmach.metadata import catalogue
from kzmach.metadata.schemas import SERIES_COLUMNS
from kzmach.paths import project_paths
from kzmach.pipeline.build import build, indicators_table

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

__all__ = [
    "check",
    "claims",
    "conflicts",
    "indicators",
    "observations",
    "series",
    "sources",
    "targets",
]

Backend = Literal["pandas", "polars"]
Root = str | os.PathLike[str] | None

SOURCE_KIND_RANK = {"statistics": 0, "document": 1, "web_page": 2, "collection": 3}
QUALIFIER_RANK = {"exact": 0, "about": 1, "almost": 2, "at_least": 2, "more_than": 2, "up_to": 2}


def known_as_of(frame: pd.DataFrame, as_of: Any) -> pd.DataFrame:
    """Keep the rows of ``frame`` that were known on ``as_of`` (all rows when it is ``None``).

    A figure is known on a date when its period has ended by then and its vintage (the
    publication date of its source) is not later; a figure of unknown vintage counts as known.
    """
    import pandas as pd

    if as_of is None:
        return frame
    cutoff = pd.Timestamp(as_of)
    known = (frame["period_end"] <= cutoff) & (frame["vintage"].fillna(cutoff) <= cutoff)
    return frame[known]


def _read(table: str, backend: Backend, root: Root) -> Any:
    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    paths = project_paths(root)
    build(paths.root)
    path = paths.processed / f"{table}.parquet"
    if backend == "polars":
        import polars as pl

        return pl.read_parquet(path)
    import pandas as pd

    return pd.read_parquet(path)


def observations(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    backend: Backend = "pandas",
    root: Root = None,
) -> pd.DataFrame | pl.DataFrame:
    """Return every figure, one row per figure per source, with provenance.

    Parameters
    ----------
    indicator
        An indicator id or several; None for all. Unknown ids raise ``KeyError``.
    figure_type
        ``actual``, ``target``, ``plan`` or ``forecast``; None for all.
    as_of
        A date: only what was known then (periods ended and sources published by that
        day; see :func:`known_as_of`). Every release's values keep their own vintage, so
        a preliminary figure later revised is still returned, beside the revision.
    backend
        ``"pandas"`` or ``"polars"``.
    root
        Project folder; located automatically when None.
    """
    if backend == "polars":
        import polars as pl

        wanted = _indicator_ids(indicator)
        table = _read("observations", backend, root)
        if wanted is not None:
            table = table.filter(pl.col("indicator").is_in(wanted))
        if figure_type is not None:
            table = table.filter(pl.col("figure_type") == figure_type)
        if as_of is not None:  # one rule for both backends: known_as_of
            dates = table.select("period_end", "vintage").to_pandas()
            table = table[known_as_of(dates, as_of).index.to_list()]
        return table
    return observations_frame(indicator, figure_type=figure_type, as_of=as_of, root=root)


def observations_frame(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return :func:`observations` as a pandas DataFrame (typed for library use)."""
    wanted = _indicator_ids(indicator)
    frame: pd.DataFrame = _read("observations", "pandas", root)
    if wanted is not None:
        frame = frame[frame["indicator"].isin(wanted)]
    if figure_type is not None:
        frame = frame[frame["figure_type"] == figure_type]
    return known_as_of(frame, as_of).reset_index(drop=True)


def _indicator_ids(indicator: str | Sequence[str] | None) -> list[str] | None:
    if indicator is None:
        return None
    ids = [indicator] if isinstance(indicator, str) else list(indicator)
    for indicator_id in ids:
        catalogue.get(indicator_id)  # raises KeyError with suggestions
    return ids


def series(
    indicator: str,
    *,
    region: str = "Kazakhstan",
    figure_type: str = "actual",
    comparison: str | None = None,
    prefer: Sequence[str] | Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return one preferred value per period of ``indicator`` (rule in the module docstring).

    Parameters
    ----------
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
    root
        Project folder.

    Returns
    -------
    pandas.DataFrame
        Columns: period_start, period_end, period_type, period_label, comparison, value,
        value_upper, unit, qualifier, figure_id, source_id, source_title, quote, n_sources,
        alternatives, values_agree.
    """
    import pandas as pd

    from kzmach.pipeline.conflicts import values_differ

    spec = catalogue.get(indicator)
    if comparison is None:
        comparison = "same_period_previous_year" if spec.is_growth else "none"
    frame = observations_frame(indicator, figure_type=figure_type, as_of=as_of, root=root)
    frame = frame[(frame["region"] == region) & (frame["comparison"] == comparison)]
    columns = list(SERIES_COLUMNS)
    if frame.empty:
        return pd.DataFrame(columns=columns)

    def order(group: pd.DataFrame) -> pd.DataFrame:
        return prefer(group) if callable(prefer) else best_first(group, prefer)

    rows = []
    keys = ["period_start", "period_end", "period_type", "subject"]
    for _, group in frame.groupby(keys, sort=True, dropna=False):
        ranked = order(group)
        best = ranked.iloc[0]
        others = ranked.iloc[1:]
        agree = all(
            not values_differ(
                best["value"], best["value_precision"], o["value"], o["value_precision"]
            )
            for _, o in others.iterrows()
        )
        row = best.to_dict()
        row.update(
            n_sources=len(ranked), alternatives=list(others["figure_id"]), values_agree=agree
        )
        rows.append(row)
    return pd.DataFrame(rows)[columns].reset_index(drop=True)


def best_first(candidates: pd.DataFrame, prefer: Sequence[str] | None = None) -> pd.DataFrame:
    """Sort candidate observations of one measure best first (rule in the module docstring).

    ``prefer`` lists source ids or source kinds to rank first.
    """
    import pandas as pd

    preferred = list(prefer or [])

    def preference(row: pd.Series) -> int:
        for key in (row["source_id"], row["source_kind"]):
            if key in preferred:
                return preferred.index(key)
        return len(preferred)

    ranked = candidates.assign(
        _prefer=candidates.apply(preference, axis=1) if len(candidates) else [],
        _kind=candidates["source_kind"].map(SOURCE_KIND_RANK).fillna(9),
        _qualifier=candidates["qualifier"].map(QUALIFIER_RANK).fillna(9),
        _vintage=candidates["vintage"].fillna(pd.Timestamp("1900-01-01")).astype("datetime64[s]"),
    ).sort_values(
        ["_prefer", "_kind", "_qualifier", "_vintage", "figure_id"],
        ascending=[True, True, True, False, True],
    )
    return ranked.drop(columns=["_prefer", "_kind", "_qualifier", "_vintage"])


def targets_frame(root: Root = None) -> pd.DataFrame:
    """Return :func:`targets` as a pandas DataFrame (typed for library use)."""
    frame: pd.DataFrame = _read("targets", "pandas", root)
    return frame


def indicators(*, backend: Backend = "pandas") -> pd.DataFrame | pl.DataFrame:
    """Return the indicator catalogue (no build needed)."""
    frame = indicators_table()
    if backend == "polars":
        import polars as pl

        return pl.from_pandas(frame)
    return frame


def sources(*, backend: Backend = "pandas", root: Root = None) -> pd.DataFrame | pl.DataFrame:
    """Return the sources: registered raw files and the web pages behind the collection."""
    return _read("sources", backend, root)


def conflicts(*, backend: Backend = "pandas", root: Root = None) -> pd.DataFrame | pl.DataFrame:
    """Return the figures that disagree, side by side (rules in :mod:`kzmach.pipeline.conflicts`)."""
    return _read("conflicts", backend, root)


def targets(*, backend: Backend = "pandas", root: Root = None) -> pd.DataFrame | pl.DataFrame:
    """Return the target registry: every official target, its wording, base year and source.

    Rules in :mod:`kzmach.raw.targets`; a base year not stated by the source is empty.
    """
    return _read("targets", backend, root)


def claims(root: Root = None) -> pd.DataFrame:
    """Recompute every derived statement (growth, multiples, shares) from the levels held.

    One row per claim and pair of levels that can test it, with the computed value, the
    rounding tolerance and the verdict (rules in :mod:`kzmach.analysis.claims`).
    """
    from kzmach.analysis.claims import check_claims

    return check_claims(observations_frame(root=root))


def check(root: Root = None) -> list[Any]:
    """Run every validation without writing anything; return the problems found."""
    from kzmach.pipeline.build import assemble

    return assemble(project_paths(root)).problems
