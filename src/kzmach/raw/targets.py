"""The target registry: official targets, each tied to the curated figure that states it.

``data/raw/targets.csv`` has one row per target wording. The figure it names (a curated row
with ``figure_type`` ``target``) gives the value, period, source and quote; the registry adds
what only it knows: the programme, whether the wording is the official one or an alternative
found on a public page, the target a wording states (``states_target``: an official wording's
own id; an alternative names the official wording it restates, or, for a target known only
from alternatives, an id its wordings share, so that a target is counted once however many
wordings it has), the base year (stated, not stated, or not applicable for a level or a
rank), and the indicator whose series measures progress (empty when no series exists yet).

Where a multiple's base year is not stated, the registry leaves it empty; the target-gap
analysis takes it as an explicit, documented assumption instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    "states_target",
    "base_year",
    "base_year_stated",
    "measure_with",
    "note",
)


def _checked_row(
    record: dict[str, str], figures: pd.DataFrame, seen: set[str], name: str, line: int
) -> list[Problem]:
    """Check one registry row against the curated figures and the vocabularies."""
    problems: list[Problem] = []

    def problem(column: str, message: str) -> None:
        problems.append(Problem(name, line, column, message))

    target_id = record["target_id"].strip()
    if not target_id or target_id in seen:
        problem("target_id", f"{target_id!r} is empty or used twice")
    seen.add(target_id)
    figure_id = record["figure_id"].strip()
    if figure_id not in figures.index:
        problem("figure_id", f"no curated figure {figure_id!r}")
        return problems
    figure = figures.loc[figure_id]
    if figure["figure_type"] != "target":
        problem("figure_id", f"figure {figure_id} is {figure['figure_type']}, not a target")
    if record["wording"] not in WORDINGS:
        problem("wording", f"{record['wording']!r} is not one of {WORDINGS}")
    states = record["states_target"].strip()
    if record["wording"] == "official" and states != target_id:
        problem("states_target", "an official wording states itself: give its own target_id")
    if record["wording"] != "official" and (not states or states == target_id):
        problem("states_target", "an alternative wording names the target it restates")
    stated = record["base_year_stated"]
    if stated not in BASE_YEAR_STATED:
        problem("base_year_stated", f"{stated!r} is not one of {BASE_YEAR_STATED}")
    if (stated == "yes") != bool(record["base_year"].strip()):
        problem("base_year", "give a base year exactly when base_year_stated is yes")
    measure = record["measure_with"].strip()
    if measure:
        try:
            catalogue.get(measure)
        except KeyError as exc:
            problem("measure_with", str(exc.args[0]))
    return problems


def _target_record(record: dict[str, str], figure: Any, line: int) -> dict[str, Any]:
    """Return the targets table's row of a checked registry row and the figure it names.

    A growth target (or one written as a multiple) is a multiple of its base year's level.
    """
    multiple = figure["value_form"] == "multiple" or catalogue.get(figure["indicator"]).is_growth
    base_year = record["base_year"].strip()
    return {
        "target_id": record["target_id"].strip(),
        "programme": record["programme"].strip(),
        "wording": record["wording"],
        "states_target": record["states_target"].strip(),
        "indicator": figure["indicator"],
        "figure_id": record["figure_id"].strip(),
        "target_form": "multiple" if multiple else figure["value_form"],
        "target_value": float(figure["value"]),
        "target_multiple": 1 + float(figure["value"]) / 100 if multiple else None,
        "unit": figure["unit"],
        "qualifier": figure["qualifier"],
        "value_as_written": figure["value_as_written"],
        "target_start_year": int(figure["period_start"].year),
        "target_year": int(figure["period_end"].year),
        "base_year": int(base_year) if base_year else None,
        "base_year_stated": record["base_year_stated"],
        "measure_with": record["measure_with"].strip(),
        "source_id": figure["source_id"],
        "source_title": figure["source_title"],
        "adopted": str(figure["source_published"] or ""),
        "quote": figure["quote"],
        "note": record["note"].strip(),
        "registry_row": line,
    }


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
        line_problems = _checked_row(record, figures, seen, name, line)
        problems += line_problems
        if not line_problems:
            rows.append(_target_record(record, figures.loc[record["figure_id"].strip()], line))
    table = pd.DataFrame(rows)
    if not table.empty:
        table["base_year"] = table["base_year"].astype("Int64")
    return table, problems
