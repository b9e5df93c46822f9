"""The loaders: read the processed tables, building them first when they are stale.

Every loader builds first when the processed data are missing or stale (see
:func:`kzmach.pipeline.build.is_fresh`), so a notebook never reads outdated tables. The
loaders return what the build wrote; :mod:`kzmach.api` (the facade, ``kzmach.*``) cuts them
to an as-of date and hands them to the analyses.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Final, Literal

from kzmach.metadata import catalogue
from kzmach.metadata.tables import TABLES
from kzmach.metadata.tables import table as declaration
from kzmach.paths import Root, project_paths

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AS_OF_FORMS",
    "VINTAGE_COLUMNS",
    "Backend",
    "Root",
    "as_of_date",
    "indicator_ids",
    "known_as_of",
    "known_mask",
    "observations_frame",
    "read_table",
    "table_frame",
]

Backend = Literal["pandas", "polars"]


#: What ``as_of`` may be, for messages.
AS_OF_FORMS = (
    "None, a year (2023 or '2023': its 31 December), a month ('2023-06': its last day), "
    "a date or ISO date ('2023-06-15'), or a datetime, pandas Timestamp or ISO date-time "
    "(its date)"
)

#: The column that dates each row of a table, as its declaration gives it: what was known
#: on a day is the rows dated by then (or undated).
VINTAGE_COLUMNS: Final = {t.name: t.vintage for t in TABLES if t.vintage}


def as_of_date(as_of: Any) -> date | None:
    """Return the last day ``as_of`` names: the one parser of every ``as_of`` in kzmach.

    Parameters
    ----------
    as_of
        ``None`` (everything published); a year, as a number or text (``2023``: what was
        known on 31 December 2023); a month (``"2023-06"``: on 30 June 2023); a date or an
        ISO date (``"2023-06-15"``); a datetime, a pandas ``Timestamp`` or an ISO date-time
        (its date).

    Raises
    ------
    ValueError
        If ``as_of`` is none of those, naming the forms accepted.

    Examples
    --------
    >>> as_of_date(2023), as_of_date("2024-02"), as_of_date("2024-02-10T09:00")
    (datetime.date(2023, 12, 31), datetime.date(2024, 2, 29), datetime.date(2024, 2, 10))
    """
    import calendar
    import re

    if as_of is None:
        return None
    if isinstance(as_of, datetime):  # pandas' Timestamp is a datetime too
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    text = str(as_of).strip() if isinstance(as_of, (str, int)) else ""
    try:
        if re.fullmatch(r"\d{4}", text):
            return date(int(text), 12, 31)
        if month := re.fullmatch(r"(\d{4})-(\d{2})", text):
            year, number = int(month[1]), int(month[2])
            return date(year, number, calendar.monthrange(year, number)[1])
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].+", text):
            return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    raise ValueError(f"as_of must be {AS_OF_FORMS}; got {as_of!r}")


def _is_polars(frame: Any) -> bool:
    return type(frame).__module__.startswith("polars")


def known_mask(frame: Any, as_of: Any, vintage: str, period_end: str = "") -> list[bool] | None:
    """Return which rows of ``frame`` were known on ``as_of`` (None: all of them).

    A row is known when its ``vintage`` column is empty or not after the day and, when a
    ``period_end`` column is named, its period has ended by then. A vintage is a date, or a
    publication date as text read by :func:`kzmach.text.periods.parse_published` (a day, a
    month or a year, each known by its last day: ``"2023"`` is 2023-12-31). ``frame`` is a
    pandas or a polars frame; only those columns are read.
    """
    import pandas as pd

    cutoff = as_of_date(as_of)
    if cutoff is None:
        return None
    columns = [vintage, *([period_end] if period_end else [])]
    dates = frame.select(columns).to_pandas() if _is_polars(frame) else frame[columns]
    day = pd.Timestamp(cutoff)
    dated = dates[vintage]
    if not pd.api.types.is_datetime64_any_dtype(dated):
        from kzmach.text.periods import parse_published

        text = dated.astype("string").fillna("")
        last_days = {t: parse_published(t).date for t in text.unique()}
        dated = pd.to_datetime(text.map(last_days), errors="coerce")
    known = dated.isna() | (dated <= day)
    if period_end:
        known &= dates[period_end] <= day
    return known.fillna(False).astype(bool).to_list()


def known_as_of(frame: Any, as_of: Any, table: str = "observations") -> Any:
    """Keep the rows of ``frame`` (a processed ``table``) known on ``as_of``.

    The one as-of cut of every facade table: by the table's declared vintage column and,
    where it declares one, the end of each row's period (:func:`known_mask`). pandas or
    polars in, the same out; all rows when ``as_of`` is None.
    """
    declared = declaration(table)
    mask = known_mask(frame, as_of, declared.vintage, declared.period_end)
    if mask is None:
        return frame
    if _is_polars(frame):
        import polars as pl

        return frame.filter(pl.Series(mask, dtype=pl.Boolean))
    return frame[mask]


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
