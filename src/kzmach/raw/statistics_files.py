"""Readers for machine-readable raw files, producing figure rows like the curated tables."""

from __future__ import annotations

import re

from kzmach.errors import Problem
from kzmach.files import read_csv_table
from kzmach.paths import ProjectPaths
from kzmach.raw.figure_tables import FigureRow
from kzmach.raw.raw_files import Registry

__all__ = ["read_mfg_pvi"]

MFG_PVI_SOURCE = "bns-mfg-pvi"


def read_mfg_pvi(paths: ProjectPaths, registry: Registry) -> tuple[list[FigureRow], list[Problem]]:
    """Read the BNS manufacturing physical-volume index (``date,value,transformation``).

    Each line ``2010-12-31,113.9,level`` is the index for 2010 in % of 2009; it becomes a
    figure of ``mfg_output_growth_real`` (+13.9%) quoting that line.
    """
    source = registry.sources.get(MFG_PVI_SOURCE)
    if source is None:
        return [], []
    path = paths.raw / source.path
    name = paths.relative(path)
    records, problems = read_csv_table(path, ("date", "value", "transformation"), label=name)
    if not records:
        return [], problems
    lines = path.read_text(encoding="utf-8").splitlines()
    rows: list[FigureRow] = []
    for number, record in records:
        date, value, transformation = record["date"], record["value"], record["transformation"]
        match = re.fullmatch(r"(\d{4})-12-31", date)
        if not match:
            problems.append(Problem(name, number, "date", f"{date!r} is not a year-end date"))
            continue
        if transformation != "level":
            problems.append(
                Problem(name, number, "transformation", f"{transformation!r}: expected 'level'")
            )
            continue
        year = match[1]
        fields = {
            "figure_id": f"{MFG_PVI_SOURCE}-{year}",
            "indicator": "mfg_output_growth_real",
            "figure_type": "actual",
            "subject": "",
            "region": "",
            "period": year,
            "inferred": "",
            "comparison": "same_period_previous_year",
            "value_form": "index",
            "value_as_written": value,
            "unit_as_written": "",
            "qualifier": "exact",
            "found_in": "quote",
            "source_id": MFG_PVI_SOURCE,
            "source_line": "",
            "maturity": "unknown",
            "quote": lines[number - 1],
            "note": "annual physical volume index of manufacturing, % of the previous year",
            "release": MFG_PVI_SOURCE,
        }
        rows.append(FigureRow(fields, name, number))
    return rows, problems
