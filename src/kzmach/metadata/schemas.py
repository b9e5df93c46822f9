"""The observations table's schema, checked with pandera.

Failures are mapped back to the curated file, row and column they come from, through the
``curation_file`` and ``curation_row`` columns every observation carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kzmach.errors import Problem
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import BASES

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OBSERVATION_COLUMNS", "SERIES_COLUMNS", "UNIQUE_KEY", "validate_observations"]

OBSERVATION_COLUMNS = (
    "figure_id",
    "indicator",
    "figure_type",
    "scope",
    "region",
    "subject",
    "period_start",
    "period_end",
    "period_type",
    "period_label",
    "comparison",
    "value",
    "value_upper",
    "value_precision",
    "unit",
    "qualifier",
    "basis",
    "value_form",
    "value_as_written",
    "unit_as_written",
    "inferred",
    "found_in",
    "source_id",
    "source_kind",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published",
    "source_file",
    "source_line",
    "quote",
    "note",
    "release",
    "vintage",
    "vintage_precision",
    "maturity",
    "curation_file",
    "curation_row",
)
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
    import pandera.pandas as pa

    units = {i.id: i.unit for i in catalogue.indicators()}
    share_indicators = [i.id for i in catalogue.indicators() if i.basis == "share"]

    def quote_in_source(df: pd.DataFrame) -> pd.Series:
        return df.apply(lambda row: row["quote"] in container_of(row), axis=1).astype(bool)

    def unique_figure(df: pd.DataFrame) -> pd.Series:
        return ~df.duplicated(list(UNIQUE_KEY), keep=False)

    schema = pa.DataFrameSchema(
        {
            "figure_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$")),
            "indicator": pa.Column(str, pa.Check.isin(list(units))),
            "figure_type": pa.Column(str, pa.Check.isin(["actual", "target", "plan", "forecast"])),
            "period_start": pa.Column("datetime64[s]"),
            "period_end": pa.Column("datetime64[s]"),
            "value": pa.Column(float, nullable=False),
            "value_upper": pa.Column(float, nullable=True),
            "unit": pa.Column(str),
            "basis": pa.Column(str, pa.Check.isin(list(BASES))),
            "qualifier": pa.Column(str),
            "quote": pa.Column(str, pa.Check.str_length(min_value=1)),
            "source_id": pa.Column(str),
            "curation_file": pa.Column(str),
            "curation_row": pa.Column(int, pa.Check.ge(1)),
        },
        checks=[
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
        strict=False,
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
