"""The target registry: official targets, each tied to the curated figure that states it.

``data/raw/targets.csv`` has one row per target wording. The figure it names (a curated row
with ``figure_type`` ``target``) gives the value, period, source and quote; the registry adds
what only it knows: the programme, whether the wording is the official one or an alternative
found on a public page, the base year (stated, not stated, or not applicable for a level or a
rank), and the indicator whose series measures progress (empty when no series exists yet).

Where a multiple's base year is not stated, the registry leaves it empty; the target-gap
analysis takes it as an explicit, documented assumption instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from kzmach.errors import Problem
from kzmach.files import read_csv_table
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import BASE_YEAR_STATED
from kzmach.metadata.vocabulary import TARGET_WORDINGS as WORDINGS
from kzmach.paths import ProjectPaths

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["TARGET_COLUMNS", "read_targets"]

TARGET_COLUMNS = (
    "target_id",
    "programme",
    "figure_id",
    "wording",
    "base_year",
    "base_year_stated",
    "measure_with",
    "note",
)


def read_targets(
    paths: ProjectPaths, observations: pd.DataFrame
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read and check the registry against the observations; return the targets table."""
    import pandas as pd

    path = paths.raw / "targets.csv"
    name = paths.relative(path)
    if not path.is_file():
        return pd.DataFrame(), [Problem(name, 0, "", "target registry not found")]
    figures = observations.set_index("figure_id")
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    records, problems = read_csv_table(
        path, TARGET_COLUMNS, label=name, any_order=True, extra_columns=True
    )
    for line, record in records:
        before = len(problems)

        def problem(column: str, message: str, line: int = line) -> None:
            problems.append(Problem(name, line, column, message))

        target_id = record["target_id"].strip()
        if not target_id or target_id in seen:
            problem("target_id", f"{target_id!r} is empty or used twice")
        seen.add(target_id)
        figure_id = record["figure_id"].strip()
        if figure_id not in figures.index:
            problem("figure_id", f"no curated figure {figure_id!r}")
            continue
        figure = figures.loc[figure_id]
        if figure["figure_type"] != "target":
            problem("figure_id", f"figure {figure_id} is {figure['figure_type']}, not a target")
        if record["wording"] not in WORDINGS:
            problem("wording", f"{record['wording']!r} is not one of {WORDINGS}")
        stated = record["base_year_stated"]
        if stated not in BASE_YEAR_STATED:
            problem("base_year_stated", f"{stated!r} is not one of {BASE_YEAR_STATED}")
        base_year = record["base_year"].strip()
        if (stated == "yes") != bool(base_year):
            problem("base_year", "give a base year exactly when base_year_stated is yes")
        measure = record["measure_with"].strip()
        if measure:
            try:
                catalogue.get(measure)
            except KeyError as exc:
                problem("measure_with", str(exc.args[0]))
        if len(problems) > before:
            continue
        figure = cast("pd.Series", figure)
        multiple = figure["value_form"] == "multiple" or (
            catalogue.get(figure["indicator"]).is_growth
        )
        rows.append(
            {
                "target_id": target_id,
                "programme": record["programme"].strip(),
                "wording": record["wording"],
                "indicator": figure["indicator"],
                "figure_id": figure_id,
                "target_form": "multiple" if multiple else figure["value_form"],
                "target_value": float(figure["value"]),
                "target_multiple": 1 + float(figure["value"]) / 100 if multiple else None,
                "unit": figure["unit"],
                "qualifier": figure["qualifier"],
                "value_as_written": figure["value_as_written"],
                "target_start_year": int(figure["period_start"].year),
                "target_year": int(figure["period_end"].year),
                "base_year": int(base_year) if base_year else None,
                "base_year_stated": stated,
                "measure_with": measure,
                "source_id": figure["source_id"],
                "source_title": figure["source_title"],
                "quote": figure["quote"],
                "note": record["note"].strip(),
                "registry_row": line,
            }
        )
    table = pd.DataFrame(rows)
    if not table.empty:
        table["base_year"] = table["base_year"].astype("Int64")
    return table, problems
