"""The loaders: read the processed tables, building them first when they are stale.

Every loader builds first when the processed data are missing or stale (see
:func:`kzmach.pipeline.build.is_fresh`), so a notebook never reads outdated tables. The
loaders return what the build wrote; :mod:`kzmach.api` (the facade, ``kzmach.*``) cuts them
to an as-of date and hands them to the analyses.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

from kzmach.metadata import catalogue
from kzmach.paths import project_paths

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Backend",
    "Root",
    "as_of_date",
    "indicator_ids",
    "known_as_of",
    "listed",
    "observations_frame",
    "read_table",
    "table_frame",
]

Backend = Literal["pandas", "polars"]
Root = str | os.PathLike[str] | None


def as_of_date(as_of: Any) -> date | None:
    """Return ``as_of`` (a date, an ISO ``YYYY-MM-DD`` text or ``None``) as a date.

    Raises
    ------
    ValueError
        If the text is not an ISO date.
    """
    if as_of is None:
        return None
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    return date.fromisoformat(str(as_of))


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


def read_table(table: str, backend: Backend = "pandas", root: Root = None) -> Any:
    """Return a processed table (building first when stale) as a pandas or polars frame."""
    if backend not in ("pandas", "polars"):
        raise ValueError(f"backend must be 'pandas' or 'polars', not {backend!r}")
    from kzmach.pipeline.build import build

    paths = project_paths(root)
    build(paths.root)
    path = paths.processed / f"{table}.parquet"
    if backend == "polars":
        import polars as pl

        return pl.read_parquet(path)
    import pandas as pd

    return pd.read_parquet(path)


def table_frame(table: str, root: Root = None) -> pd.DataFrame:
    """Return a processed table as a pandas DataFrame (typed for library use)."""
    frame: pd.DataFrame = read_table(table, "pandas", root)
    return frame


def indicator_ids(indicator: str | Sequence[str] | None) -> list[str] | None:
    """Return the ids asked for as a list (``None`` for all); unknown ids raise ``KeyError``."""
    if indicator is None:
        return None
    ids = [indicator] if isinstance(indicator, str) else list(indicator)
    for indicator_id in ids:
        catalogue.get(indicator_id)  # raises KeyError with suggestions
    return ids


def observations_frame(
    indicator: str | Sequence[str] | None = None,
    *,
    figure_type: str | None = None,
    as_of: Any = None,
    root: Root = None,
) -> pd.DataFrame:
    """Return the observations (of some indicators and a figure type) known on ``as_of``."""
    wanted = indicator_ids(indicator)
    frame = table_frame("observations", root)
    if wanted is not None:
        frame = frame[frame["indicator"].isin(wanted)]
    if figure_type is not None:
        frame = frame[frame["figure_type"] == figure_type]
    return known_as_of(frame, as_of).reset_index(drop=True)


def listed(value: Any) -> list[Any]:
    """Return a list cell read back from Parquet (an array of items or dicts) as a list."""
    return [] if value is None else [dict(v) if isinstance(v, dict) else v for v in list(value)]
