"""The processed tables' pandera schemas, made from the observation columns declared once.

:data:`~kzmach.metadata.observation_columns.OBSERVATION_SPEC` declares every column of
``observations``, in order, with its type, whether it may be empty, its allowed values and a
description (plain data, so that assembling records needs neither pandas nor pandera).
:data:`OBSERVATION_SCHEMA` is its pandera schema; the build validates with it
(:func:`validate_observations`, which adds the checks that need the raw documents), polars
frames validate with :func:`polars_schema`, and the README's column table is
:func:`columns_markdown` (a test keeps the two in step).

Failures are mapped back to the curated file, row and column they come from, through the
``curation_file`` and ``curation_row`` columns every observation carries.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import pandas as pd
import pandera.pandas as pa

from kzmach.errors import Problem
from kzmach.metadata import catalogue
from kzmach.metadata.observation_columns import (
    OBSERVATION_COLUMNS,
    OBSERVATION_SPEC,
    SERIES_COLUMNS,
    UNIQUE_KEY,
    ObservationColumn,
    column_descriptions,
    columns_markdown,
    observation_record,
)

__all__ = [
    "CONTAINER_COLUMNS",
    "OBSERVATION_COLUMNS",
    "OBSERVATION_SCHEMA",
    "SERIES_COLUMNS",
    "UNIQUE_KEY",
    "column_descriptions",
    "columns_markdown",
    "conform",
    "observation_record",
    "polars_schema",
    "table_schema",
    "validate_observations",
    "validate_table",
]


def _is_datetime(series: pd.Series) -> bool:
    return bool(pd.api.types.is_datetime64_any_dtype(series))


#: The pandas type of each kind of column (a datetime column's is checked by a check; a
#: date's or a list's cells are Python objects, checked by a check).
_PANDAS_TYPES: Final[dict[str, Any]] = {
    "text": str,
    "number": float,
    "integer": int,
    "optional_integer": pd.Int64Dtype(),
    "datetime": None,
    "date": None,
    "boolean": bool,
    "list": None,
}


def _is_date(series: pd.Series) -> bool:
    from datetime import date

    return bool(series.map(lambda v: isinstance(v, date)).all())


def _is_list(series: pd.Series) -> bool:
    return bool(series.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).all())


def _value_checks(column: ObservationColumn, check: Any = pa.Check) -> list[Any]:
    """Return the checks of a column's values: pattern, allowed values, length, minimum.

    ``check`` is pandera's ``Check`` for pandas (default) or ``pandera.polars.Check``: the
    same declared checks for both backends.
    """
    checks = []
    if column.matches:
        checks.append(check.str_matches(column.matches))
    if column.allowed:
        checks.append(check.isin(list(column.allowed)))
    if column.min_length:
        checks.append(check.str_length(min_value=column.min_length))
    if column.minimum is not None:
        checks.append(check.ge(column.minimum))
    return checks


def _checks(column: ObservationColumn) -> list[pa.Check]:
    """Return the pandera checks of a declared column for pandas: its kind, then its values."""
    kinds = {"datetime": _is_datetime, "date": _is_date, "list": _is_list}
    checks = (
        [pa.Check(kinds[column.kind], name=f"is_{column.kind}")] if column.kind in kinds else []
    )
    return checks + _value_checks(column)


def _pandas_columns(columns: Sequence[ObservationColumn]) -> dict[str, pa.Column]:
    """Return the pandera columns of declared columns: type, checks, emptiness, description."""
    return {
        column.name: pa.Column(
            _PANDAS_TYPES[column.kind],
            checks=_checks(column),
            nullable=column.nullable,
            description=column.description,
        )
        for column in columns
    }


#: The observation table's pandera schema, made from :data:`OBSERVATION_SPEC`: the columns in
#: this order and no others.
OBSERVATION_SCHEMA: Final = pa.DataFrameSchema(
    _pandas_columns(OBSERVATION_SPEC), strict=True, ordered=True
)


def conform(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Give a non-empty table's columns the types its declaration gives them.

    Numbers become floats (a column of ``None`` too), integers ``int``, optional integers
    pandas' ``Int64``, datetimes ``datetime64[s]`` and booleans ``bool``; text, dates and
    lists are left as they are. The validation that follows checks the result.
    """
    from kzmach.metadata.tables import table

    if not len(frame):
        return frame
    casts: dict[str, Callable[[pd.Series], pd.Series]] = {
        "number": lambda column: column.astype(float),
        "integer": lambda column: column.astype(int),
        "optional_integer": lambda column: column.astype("Int64"),
        "datetime": lambda column: pd.to_datetime(column).astype("datetime64[s]"),
        "boolean": lambda column: column.astype(bool),
    }
    frame = frame.copy()
    for column in table(name).columns:
        if column.kind in casts and column.name in frame.columns:
            frame[column.name] = casts[column.kind](frame[column.name])
    return frame


def table_schema(name: str) -> pa.DataFrameSchema:
    """Return the pandera schema of a processed table, made from its declaration.

    The columns in their declared order and no others, each with its type, emptiness and
    allowed values, and the table's primary key unique
    (:data:`kzmach.metadata.tables.TABLES`).
    """
    from kzmach.metadata.tables import table

    declared = table(name)
    return pa.DataFrameSchema(
        _pandas_columns(declared.columns),
        strict=True,
        ordered=True,
        unique=list(declared.key) or None,
        report_duplicates="all",
    )


def validate_table(name: str, frame: pd.DataFrame) -> list[Problem]:
    """Validate a processed table against its declaration; return a problem per failure.

    A problem names the table, the row (counted from 1, as in its CSV copy under a header)
    and the column.
    """
    try:
        table_schema(name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        problems = []
        for failure in exc.failure_cases.head(50).itertuples(index=False):
            index = failure.index
            row = 0 if index is None or index != index else int(index) + 2
            column = "" if failure.column is None else str(failure.column)
            message = f"{failure.check}: {failure.failure_case!r} (declared in metadata/tables.py)"
            problems.append(Problem(f"data/processed/{name}", row, column, message))
        return problems
    return []


def polars_schema(name: str = "observations") -> Any:
    """Return a processed table's schema for polars frames, made from the same declaration.

    Each column keeps its nullability, description, allowed values and pattern; its type is
    the polars type of the declared one (a datetime column's type is checked to be a
    datetime of any time unit; a date's, a list's and an object's are not checked).
    """
    import pandera.polars as pap
    import polars as pl

    from kzmach.metadata.tables import table

    types = {
        "number": pl.Float64,
        "integer": pl.Int64,
        "optional_integer": pl.Int64,
        "text": pl.String,
        "boolean": pl.Boolean,
        "date": pl.Date,
    }

    def is_datetime(data: Any) -> Any:
        dtype = data.lazyframe.collect_schema()[data.key]
        return data.lazyframe.select(pl.lit(isinstance(dtype, pl.Datetime)))

    declared = table(name)
    columns = {}
    for column in declared.columns:
        checks = [pap.Check(is_datetime, name="is_datetime")] if column.kind == "datetime" else []
        checks += _value_checks(column, pap.Check)
        columns[column.name] = pap.Column(
            types.get(column.kind),
            checks=checks,
            nullable=column.nullable,
            description=column.description,
        )
    return pap.DataFrameSchema(
        columns, strict=True, ordered=True, unique=list(declared.key) or None
    )


#: Which curated column a failed check points at.
_CHECK_COLUMN = {
    "quote_in_source": "quote",
    "unit_is_canonical": "indicator",
    "share_within_0_100": "value_as_written",
    "period_ordered": "period",
    "unique_figure": "period",
    "figure_id_unique": "figure_id",
}


#: The columns of an observation that say where its quote must be found.
CONTAINER_COLUMNS: Final = ("quote", "source_id", "source_file", "source_line")


def validate_observations(
    frame: pd.DataFrame, container_of: Callable[[Mapping[str, Any]], str]
) -> list[Problem]:
    """Validate the observations frame; return problems naming file, row and column.

    ``container_of(row)`` returns the text a row's quote must appear in verbatim: the raw
    document, the collection row's quote cell, or the statistics file. It is given the row
    as a record (:data:`CONTAINER_COLUMNS`, column to value).
    """
    from kzmach.frames import frame_records

    units = {i.id: i.unit for i in catalogue.indicators()}
    share_indicators = [i.id for i in catalogue.indicators() if i.basis == "share"]

    def quote_in_source(df: pd.DataFrame) -> pd.Series:
        rows = frame_records(df[list(CONTAINER_COLUMNS)])
        found = [row["quote"] in container_of(row) for row in rows]
        return pd.Series(found, index=df.index, dtype=bool)

    def unique_figure(df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(list(UNIQUE_KEY), keep=False)

    declared = OBSERVATION_SCHEMA
    columns = dict(declared.columns)
    columns["indicator"] = columns["indicator"].set_checks([pa.Check.isin(list(units))])
    schema = pa.DataFrameSchema(
        columns,
        checks=[
            *declared.checks,
            pa.Check(quote_in_source, name="quote_in_source"),
            pa.Check(lambda df: df["unit"] == df["indicator"].map(units), name="unit_is_canonical"),
            pa.Check(
                lambda df: ~df["indicator"].isin(share_indicators) | df["value"].between(0, 100),
                name="share_within_0_100",
            ),
            pa.Check(lambda df: df["period_start"] <= df["period_end"], name="period_ordered"),
            pa.Check(unique_figure, name="unique_figure"),
            pa.Check(lambda df: ~df["figure_id"].duplicated(keep=False), name="figure_id_unique"),
        ],
        strict=True,
        ordered=True,
    )
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return _problems_from(exc.failure_cases, frame)
    return []


def _problems_from(failures: pd.DataFrame, frame: pd.DataFrame) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[tuple[str, int, str]] = set()
    for failure in failures.itertuples(index=False):
        check = str(failure.check)
        index = failure.index
        column = str(failure.column) if failure.column is not None else ""
        curated_column = _CHECK_COLUMN.get(check, column)
        if index is None or index != index:  # a whole-frame failure (e.g. dtype)
            problems.append(Problem("observations", 0, column, f"{check}: {failure.failure_case}"))
            continue
        row = frame.loc[index]
        key = (row["curation_file"], int(row["curation_row"]), check)
        if key in seen:
            continue
        seen.add(key)
        message = _describe(check, row, frame)
        problems.append(
            Problem(row["curation_file"], int(row["curation_row"]), curated_column, message)
        )
    return problems


def _describe(check: str, row: pd.Series, frame: pd.DataFrame) -> str:
    if check == "quote_in_source":
        import pandas as pd

        line = row["source_line"]
        where = row["source_file"] + ("" if pd.isna(line) else f" (line {int(line)}, quote cell)")
        return f"quote not found verbatim in {where}: {row['quote'][:80]!r}"
    if check == "share_within_0_100":
        return f"share of {row['value']}% is outside 0-100%"
    if check == "unique_figure":
        same = frame[
            (frame[list(UNIQUE_KEY)] == row[list(UNIQUE_KEY)]).all(axis=1)
            & (frame["figure_id"] != row["figure_id"])
        ]
        others = ", ".join(
            f"{f} row {r}" for f, r in zip(same["curation_file"], same["curation_row"], strict=True)
        )
        return (
            f"duplicate figure {row['figure_id']}: same indicator, type, subject, region, "
            f"period, comparison and source as {others}"
        )
    if check == "figure_id_unique":
        return f"figure_id {row['figure_id']!r} is used more than once"
    if check == "unit_is_canonical":
        return f"unit {row['unit']!r} is not the catalogue's for {row['indicator']}"
    if check == "period_ordered":
        return "period starts after it ends"
    return check
