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

from collections.abc import Callable
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
    "OBSERVATION_COLUMNS",
    "OBSERVATION_SCHEMA",
    "SERIES_COLUMNS",
    "UNIQUE_KEY",
    "column_descriptions",
    "columns_markdown",
    "observation_record",
    "polars_schema",
    "validate_observations",
]


def _is_datetime(series: pd.Series) -> bool:
    return bool(pd.api.types.is_datetime64_any_dtype(series))


#: The pandas type of each kind of column (a datetime column's is checked by a check).
_PANDAS_TYPES: Final[dict[str, Any]] = {
    "text": str,
    "number": float,
    "integer": int,
    "optional_integer": pd.Int64Dtype(),
    "datetime": None,
}


def _checks(column: ObservationColumn) -> list[pa.Check]:
    """Return the pandera checks of a declared column (the same for pandas and polars)."""
    checks = []
    if column.kind == "datetime":
        checks.append(pa.Check(_is_datetime, name="is_datetime"))
    if column.matches:
        checks.append(pa.Check.str_matches(column.matches))
    if column.allowed:
        checks.append(pa.Check.isin(list(column.allowed)))
    if column.min_length:
        checks.append(pa.Check.str_length(min_value=column.min_length))
    if column.minimum is not None:
        checks.append(pa.Check.ge(column.minimum))
    return checks


#: The observation table's pandera schema, made from :data:`OBSERVATION_SPEC`: the columns in
#: this order and no others.
OBSERVATION_SCHEMA: Final = pa.DataFrameSchema(
    {
        column.name: pa.Column(
            _PANDAS_TYPES[column.kind],
            checks=_checks(column),
            nullable=column.nullable,
            description=column.description,
        )
        for column in OBSERVATION_SPEC
    },
    strict=True,
    ordered=True,
)


def polars_schema() -> Any:
    """Return the observation table's schema for polars frames, made from the same declarations.

    Each column keeps its nullability and description; its type is the polars
    type of the declared one (a datetime column's type is checked to be a datetime of any
    time unit).
    """
    import pandera.polars as pap
    import polars as pl

    types = {"number": pl.Float64, "integer": pl.Int64, "optional_integer": pl.Int64}

    def is_datetime(data: Any) -> Any:
        dtype = data.lazyframe.collect_schema()[data.key]
        return data.lazyframe.select(pl.lit(isinstance(dtype, pl.Datetime)))

    columns = {}
    for column in OBSERVATION_SPEC:
        if column.kind == "datetime":
            dtype, checks = None, [pap.Check(is_datetime, name="is_datetime")]
        else:
            dtype, checks = types.get(column.kind, pl.String), []
        columns[column.name] = pap.Column(
            dtype, checks=checks, nullable=column.nullable, description=column.description
        )
    return pap.DataFrameSchema(columns, strict=True, ordered=True)


#: Which curated column a failed check points at.
_CHECK_COLUMN = {
    "quote_in_source": "quote",
    "unit_is_canonical": "indicator",
    "share_within_0_100": "value_as_written",
    "period_ordered": "period",
    "unique_figure": "period",
    "figure_id_unique": "figure_id",
}


def validate_observations(
    frame: pd.DataFrame, container_of: Callable[[pd.Series], str]
) -> list[Problem]:
    """Validate the observations frame; return problems naming file, row and column.

    ``container_of(row)`` returns the text a row's quote must appear in verbatim: the raw
    document, the collection row's quote cell, or the statistics file.
    """
    units = {i.id: i.unit for i in catalogue.indicators()}
    share_indicators = [i.id for i in catalogue.indicators() if i.basis == "share"]

    def quote_in_source(df: pd.DataFrame) -> pd.Series:
        return df.apply(lambda row: row["quote"] in container_of(row), axis=1).astype(bool)

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
