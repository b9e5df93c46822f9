"""The observation table's columns, declared once as plain data.

Each :class:`ObservationColumn` gives a column of ``observations``, in order: its kind of
value, its description, whether it may be empty, and its allowed values or form. Nothing
here imports pandas or pandera, so a reader that only assembles records (an ingest) starts
fast; :mod:`kzmach.metadata.schemas` builds the pandera schemas from these declarations,
and the README's column table is :func:`columns_markdown` (a test keeps the two in step).
The columns of :func:`kzmach.series` (:data:`SERIES_COLUMNS`) and the key no two
observations share (:data:`UNIQUE_KEY`) are declared here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from kzmach.metadata.vocabulary import (
    BASES,
    COMPARISONS,
    FIGURE_TYPES,
    FOUND_IN,
    MATURITIES,
    PERIOD_TYPES,
    QUALIFIERS,
    SCOPES,
    SOURCE_KINDS,
    VALUE_FORMS,
    VINTAGE_PRECISIONS,
)


def _one_of(values: tuple[str, ...]) -> str:
    """Write a vocabulary as prose: ``a, b or c`` (descriptions never restate it by hand)."""
    return f"{', '.join(values[:-1])} or {values[-1]}" if len(values) > 1 else values[0]


__all__ = [
    "OBSERVATION_COLUMNS",
    "OBSERVATION_SPEC",
    "SERIES_COLUMNS",
    "UNIQUE_KEY",
    "ColumnKind",
    "ObservationColumn",
    "column_descriptions",
    "columns_markdown",
    "observation_record",
]

#: What a column holds: ``optional_integer`` is a nullable integer (pandas ``Int64``),
#: ``datetime`` a timestamp of any resolution (the build writes seconds, Parquet reads ms),
#: ``date`` a calendar date, and ``list`` a list of items or records (JSON in the CSV copies).
ColumnKind = Literal[
    "text", "number", "integer", "optional_integer", "datetime", "date", "boolean", "list"
]


@dataclass(frozen=True)
class ObservationColumn:
    """One column of ``observations``: its kind, description, emptiness and checks.

    Attributes
    ----------
    name
        The column's name.
    kind
        What it holds (see :data:`ColumnKind`).
    description
        What it means, for the README and the data dictionary.
    nullable
        Whether a row may leave it empty.
    allowed
        The only values it may hold (empty: any).
    matches
        A regular expression every value matches (empty: any).
    min_length
        The shortest text it may hold.
    minimum
        The smallest number it may hold.
    """

    name: str
    kind: ColumnKind
    description: str
    nullable: bool = False
    allowed: tuple[str, ...] = ()
    matches: str = ""
    min_length: int = 0
    minimum: float | None = None


OBSERVATION_SPEC: Final[tuple[ObservationColumn, ...]] = (
    ObservationColumn(
        "figure_id",
        "text",
        "Stable id of the figure, as curated (lower-case letters, digits, hyphens).",
        matches=r"^[a-z0-9][a-z0-9-]*$",
    ),
    ObservationColumn(
        "indicator",
        "text",
        "Catalogue id of what is measured (`indicators.yaml`).",
    ),
    ObservationColumn(
        "figure_type",
        "text",
        f"{_one_of(FIGURE_TYPES)} (derived: summed by kzmach from a release's parts).",
        allowed=FIGURE_TYPES,
    ),
    ObservationColumn(
        "scope",
        "text",
        f"The industry the figure covers (the indicator's scope): {_one_of(SCOPES)}.",
        allowed=SCOPES,
    ),
    ObservationColumn(
        "region",
        "text",
        "The territory; `Kazakhstan` for the republic.",
    ),
    ObservationColumn(
        "subject",
        "text",
        "What inside the scope, when narrower (a product, a firm).",
        nullable=True,
    ),
    ObservationColumn(
        "period_start",
        "datetime",
        "First day of the period.",
    ),
    ObservationColumn(
        "period_end",
        "datetime",
        "Last day of the period.",
    ),
    ObservationColumn(
        "period_type",
        "text",
        f"{_one_of(PERIOD_TYPES)} (ytd: January to a month).",
        allowed=PERIOD_TYPES,
    ),
    ObservationColumn(
        "period_label",
        "text",
        "The period in words (`Jan–Oct 2023`).",
    ),
    ObservationColumn(
        "comparison",
        "text",
        f"What a growth figure compares with: {_one_of(COMPARISONS)} (`none` for levels).",
        allowed=COMPARISONS,
    ),
    ObservationColumn(
        "value",
        "number",
        "The value in the indicator's canonical unit.",
    ),
    ObservationColumn(
        "value_upper",
        "number",
        "Upper end of a range, in the same unit (empty otherwise).",
        nullable=True,
    ),
    ObservationColumn(
        "value_precision",
        "number",
        "The rounding unit of the value as written, in the canonical unit.",
        nullable=True,
    ),
    ObservationColumn(
        "unit",
        "text",
        "The canonical unit: the catalogue's for the indicator.",
    ),
    ObservationColumn(
        "qualifier",
        "text",
        f"What the source says of the value: {_one_of(QUALIFIERS)}.",
        allowed=QUALIFIERS,
    ),
    ObservationColumn(
        "basis",
        "text",
        f"{_one_of(BASES)}.",
        allowed=BASES,
    ),
    ObservationColumn(
        "value_form",
        "text",
        f"How the source writes it: {_one_of(VALUE_FORMS)}.",
        allowed=VALUE_FORMS,
    ),
    ObservationColumn(
        "value_as_written",
        "text",
        "The number as the source writes it, verbatim.",
    ),
    ObservationColumn(
        "unit_as_written",
        "text",
        "The unit words as the source writes them.",
        nullable=True,
    ),
    ObservationColumn(
        "inferred",
        "text",
        "Parts the curator inferred rather than read (period, region, value).",
        nullable=True,
    ),
    ObservationColumn(
        "found_in",
        "text",
        "Where the value was read: `quote`, or the collection's `value_cell`.",
        allowed=FOUND_IN,
    ),
    ObservationColumn(
        "source_id",
        "text",
        "The source (the `sources` table).",
    ),
    ObservationColumn(
        "source_kind",
        "text",
        f"{_one_of(SOURCE_KINDS)}.",
        allowed=SOURCE_KINDS,
    ),
    ObservationColumn(
        "source_title",
        "text",
        "The source's title.",
        nullable=True,
    ),
    ObservationColumn(
        "source_publisher",
        "text",
        "Who published the source.",
        nullable=True,
    ),
    ObservationColumn(
        "source_url",
        "text",
        "The source's address, where it has one.",
        nullable=True,
    ),
    ObservationColumn(
        "source_published",
        "text",
        "The source's publication date, as known.",
        nullable=True,
    ),
    ObservationColumn(
        "source_file",
        "text",
        "The raw file the figure was read from.",
        nullable=True,
    ),
    ObservationColumn(
        "source_line",
        "optional_integer",
        "The line of the page collection, for a figure read from it.",
        nullable=True,
    ),
    ObservationColumn(
        "quote",
        "text",
        "The verbatim sentence that states the figure.",
        min_length=1,
    ),
    ObservationColumn(
        "note",
        "text",
        "What a reader should know about the figure.",
        nullable=True,
    ),
    ObservationColumn(
        "release",
        "text",
        "The statistical release the figure comes from, if any.",
        nullable=True,
    ),
    ObservationColumn(
        "vintage",
        "datetime",
        "When the figure became known: its source's publication date.",
        nullable=True,
    ),
    ObservationColumn(
        "vintage_precision",
        "text",
        f"{_one_of(VINTAGE_PRECISIONS)}.",
        nullable=True,
        allowed=VINTAGE_PRECISIONS,
    ),
    ObservationColumn(
        "maturity",
        "text",
        f"{_one_of(MATURITIES)}.",
        allowed=MATURITIES,
    ),
    ObservationColumn(
        "curation_file",
        "text",
        "The curated table (or release) the figure is in.",
    ),
    ObservationColumn(
        "curation_row",
        "integer",
        "Its row there (the header is row 1).",
        minimum=1,
    ),
)
#: The observation table's columns, in order.
OBSERVATION_COLUMNS: Final = tuple(column.name for column in OBSERVATION_SPEC)
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
    "figure_type",
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
    return {column.name: column.description for column in OBSERVATION_SPEC}


def columns_markdown() -> str:
    """Return the README's table of the observation columns (generated from the declarations)."""
    lines = ["| column | what it holds |", "|---|---|"]
    lines += [f"| `{name}` | {text} |" for name, text in column_descriptions().items()]
    return "\n".join(lines) + "\n"
