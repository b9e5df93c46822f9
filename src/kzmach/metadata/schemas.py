"""The processed tables' schemas: the observation table declared once, as a pandera model.

:class:`ObservationModel` declares every column of ``observations``, in order, with its type,
whether it may be empty, its allowed values and a description. The build validates with it
(:func:`validate_observations`, which adds the checks that need the raw documents), polars
frames validate with :func:`polars_schema` made from it, and the README's column table is
:func:`columns_markdown` (a test keeps the two in step).

Failures are mapped back to the curated file, row and column they come from, through the
``curation_file`` and ``curation_row`` columns every observation carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from kzmach.errors import Problem
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import (
    BASES,
    COMPARISONS,
    FIGURE_TYPES,
    FOUND_IN,
    MATURITIES,
    PERIOD_TYPES,
    QUALIFIERS,
    SOURCE_KINDS,
)

__all__ = [
    "OBSERVATION_COLUMNS",
    "SERIES_COLUMNS",
    "UNIQUE_KEY",
    "ObservationModel",
    "column_descriptions",
    "columns_markdown",
    "observation_record",
    "polars_schema",
    "validate_observations",
]


def _is_datetime(series: pd.Series) -> bool:
    return bool(pd.api.types.is_datetime64_any_dtype(series))


def _field(description: str, *, nullable: bool = False, **checks: Any) -> Any:
    return pa.Field(description=description, nullable=nullable, **checks)


def _datetime(description: str, *, nullable: bool = False) -> Any:
    """Declare a datetime column (its type is checked by ``ObservationModel._dates``)."""
    return pa.Field(description=description, nullable=nullable)


class ObservationModel(pa.DataFrameModel):
    """One row per figure per source, with its provenance."""

    figure_id: Series[str] = _field(
        "Stable id of the figure, as curated (lower-case letters, digits, hyphens).",
        str_matches=r"^[a-z0-9][a-z0-9-]*$",
    )
    indicator: Series[str] = _field("Catalogue id of what is measured (`indicators.yaml`).")
    figure_type: Series[str] = _field(
        "actual, target, plan, forecast, or derived (summed by kzmach from a release's parts).",
        isin=list(FIGURE_TYPES),
    )
    scope: Series[str] = _field("The industry the figure covers (the indicator's scope).")
    region: Series[str] = _field("The territory; `Kazakhstan` for the republic.")
    subject: Series[str] = _field(
        "What inside the scope, when narrower (a product, a firm).", nullable=True
    )
    period_start: Series[Any] = _datetime("First day of the period.")
    period_end: Series[Any] = _datetime("Last day of the period.")
    period_type: Series[str] = _field(
        "year, ytd (January to a month), quarter, half, month, months, span, ytd_unstated, point.",
        isin=list(PERIOD_TYPES),
    )
    period_label: Series[str] = _field("The period in words (`Jan–Oct 2023`).")
    comparison: Series[str] = _field(
        "What a growth figure compares with (`same_period_previous_year`, ...); `none` for levels.",
        isin=list(COMPARISONS),
    )
    value: Series[float] = _field("The value in the indicator's canonical unit.")
    value_upper: Series[float] = _field(
        "Upper end of a range, in the same unit (empty otherwise).", nullable=True
    )
    value_precision: Series[float] = _field(
        "The rounding unit of the value as written, in the canonical unit.", nullable=True
    )
    unit: Series[str] = _field("The canonical unit: the catalogue's for the indicator.")
    qualifier: Series[str] = _field(
        "exact, or what the source says: about, more_than, at_least, up_to, almost.",
        isin=list(QUALIFIERS),
    )
    basis: Series[str] = _field(
        "nominal_value, real_growth, nominal_growth, unspecified_growth, share, share_change, "
        "multiple, count or rank.",
        isin=list(BASES),
    )
    value_form: Series[str] = _field(
        "How the source writes it: level, growth, index, multiple, decline, share, pp, rank."
    )
    value_as_written: Series[str] = _field("The number as the source writes it, verbatim.")
    unit_as_written: Series[str] = _field(
        "The unit words as the source writes them.", nullable=True
    )
    inferred: Series[str] = _field(
        "Parts the curator inferred rather than read (period, region, value).", nullable=True
    )
    found_in: Series[str] = _field(
        "Where the value was read: `quote`, or the collection's `value_cell`.",
        isin=list(FOUND_IN),
    )
    source_id: Series[str] = _field("The source (the `sources` table).")
    source_kind: Series[str] = _field(
        "statistics, document, collection or web_page.", isin=list(SOURCE_KINDS)
    )
    source_title: Series[str] = _field("The source's title.", nullable=True)
    source_publisher: Series[str] = _field("Who published the source.", nullable=True)
    source_url: Series[str] = _field("The source's address, where it has one.", nullable=True)
    source_published: Series[str] = _field(
        "The source's publication date, as known.", nullable=True
    )
    source_file: Series[str] = _field("The raw file the figure was read from.", nullable=True)
    source_line: Series[pd.Int64Dtype] = _field(
        "The line of the page collection, for a figure read from it.", nullable=True
    )
    quote: Series[str] = _field(
        "The verbatim sentence that states the figure.", str_length={"min_value": 1}
    )
    note: Series[str] = _field("What a reader should know about the figure.", nullable=True)
    release: Series[str] = _field(
        "The statistical release the figure comes from, if any.", nullable=True
    )
    vintage: Series[Any] = _datetime(
        "When the figure became known: its source's publication date.", nullable=True
    )
    vintage_precision: Series[str] = _field("day, month, year or unknown.", nullable=True)
    maturity: Series[str] = _field("preliminary, final or unknown.", isin=list(MATURITIES))
    curation_file: Series[str] = _field("The curated table (or release) the figure is in.")
    curation_row: Series[int] = _field("Its row there (the header is row 1).", ge=1)

    @pa.check("period_start", "period_end", "vintage", name="is_datetime")
    @classmethod
    def _dates(cls, series: Series[Any]) -> bool:
        """Check a datetime column of any resolution (the build writes s, Parquet reads ms)."""
        return _is_datetime(series)

    class Config:
        """The columns in this order and no others."""

        strict = True
        ordered = True


#: The observation table's columns, in order (from :class:`ObservationModel`).
OBSERVATION_COLUMNS: Final = tuple(ObservationModel.to_schema().columns)
_DATETIME_COLUMNS: Final = ("period_start", "period_end", "vintage")


def observation_record(**values: Any) -> dict[str, Any]:
    """Return one observation as a record with the declared columns, in their order.

    Raises
    ------
    KeyError
        If a declared column is missing or a column is not declared (a typo in a reader).
    """
    missing = [c for c in OBSERVATION_COLUMNS if c not in values]
    unknown = [c for c in values if c not in OBSERVATION_COLUMNS]
    if missing or unknown:
        raise KeyError(f"observation record: missing {missing}, not declared {unknown}")
    return {column: values[column] for column in OBSERVATION_COLUMNS}


def column_descriptions() -> dict[str, str]:
    """Return each observation column's description, in order."""
    return {
        name: str(column.description)
        for name, column in ObservationModel.to_schema().columns.items()
    }


def columns_markdown() -> str:
    """Return the README's table of the observation columns (generated from the model)."""
    lines = ["| column | what it holds |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in column_descriptions().items()]
    return "\n".join(lines) + "\n"


def polars_schema() -> Any:
    """Return the observation table's schema for polars frames, made from the same model.

    Each column keeps its nullability and description; its type is the polars type of the
    declared one (a datetime column's type is checked to be a datetime of any time unit).
    """
    import pandera.polars as pap
    import polars as pl

    types = {"float64": pl.Float64, "int64": pl.Int64, "Int64": pl.Int64}

    def is_datetime(data: Any) -> Any:
        dtype = data.lazyframe.collect_schema()[data.key]
        return data.lazyframe.select(pl.lit(isinstance(dtype, pl.Datetime)))

    columns = {}
    for name, column in ObservationModel.to_schema().columns.items():
        declared = str(column.dtype)
        if name in _DATETIME_COLUMNS:
            dtype, checks = None, [pap.Check(is_datetime, name="is_datetime")]
        else:
            dtype, checks = types.get(declared, pl.String), []
        columns[name] = pap.Column(
            dtype, checks=checks, nullable=column.nullable, description=column.description
        )
    return pap.DataFrameSchema(columns, strict=True, ordered=True)


#: The columns of :func:`kzmach.series`: the chosen observation and what it was chosen over.
SERIES_COLUMNS = (
    "period_start",
    "period_end",
    "period_type",
    "period_label",
    "comparison",
    "value",
    "value_upper",
    "unit",
    "qualifier",
    "figure_id",
    "source_id",
    "source_title",
    "quote",
    "n_sources",
    "alternatives",
    "values_agree",
)
#: No two observations may share these: one figure per indicator, period and source.
UNIQUE_KEY = (
    "indicator",
    "figure_type",
    "subject",
    "region",
    "period_start",
    "period_end",
    "comparison",
    "source_id",
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

    declared = ObservationModel.to_schema()
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
