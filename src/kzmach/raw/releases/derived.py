"""Figures a release implies but does not print: machine building summed from its divisions.

The Bureau's tables of output by ОКЭД division give machine building's divisions, not their
sum. :func:`machine_building_figures` adds the sum as a ``derived`` figure, exact when every
division has a number and a lower bound (``at_least``) when some are confidential or missing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from kzmach.raw.figure_tables import FigureRow
from kzmach.raw.releases.common import written_decimals

if TYPE_CHECKING:
    import polars as pl

    from kzmach.raw.releases.mapping import Mapping
    from kzmach.raw.releases.registry import Release

__all__ = ["machine_building_figures"]


def machine_building_figures(
    values: pl.DataFrame, mapping: Mapping, release: Release, source_id: str, label: str
) -> list[FigureRow]:
    """Derive machine-building output from its divisions, where a release gives them.

    Which ОКЭД divisions make up machine building is declared once, in
    ``data/raw/release-mappings/classifier-codes.csv`` (``part_of_machine_building``; 26–30 and
    33, the usual Kazakh definition). For each period, territory and comparison where the
    release gives the output value (a level in money, never an index) of divisions, the sum is
    machine building's output: exact when every division has a number; when some are
    confidential (``x``) or missing, the sum of the others is a lower bound (qualifier
    ``at_least``, the missing divisions named in the note); with no number at all, nothing.
    The figure's type is ``derived`` and its quote lists every input cell.
    """
    divisions = sorted(
        c for c, row in mapping.codes.items() if row["part_of_machine_building"] == "yes"
    )
    indicator = mapping.indicators.get(("output_value", "machine_building"))
    if not divisions or indicator is None or "measure" not in values.columns:
        return []
    rows = _division_rows(values, mapping, divisions)
    keys = ["figure_period", "region", "unit", "comparison_as_written", "dimensions"]
    figures = []
    for key, group in rows.group_by(keys, maintain_order=True):
        figure = _sum_of_divisions(dict(zip(keys, key, strict=True)), group, divisions)
        if figure is None:
            continue
        fields, first_row = figure
        fields.update(
            indicator=indicator,
            source_id=source_id,
            maturity=release.maturity,
            release=release.key,
            figure_id=re.sub(
                r"[^a-z0-9-]+",
                "-",
                f"{release.source}-{release.release_id}-mb-r{first_row}-{key[0]}".lower(),
            ).strip("-"),
        )
        figures.append(FigureRow(fields, label, first_row))
    return figures


def _sum_of_divisions(
    key: dict[str, Any], group: pl.DataFrame, divisions: list[str]
) -> tuple[dict[str, Any], int] | None:
    numbers = {
        r["division"]: r
        for r in group.iter_rows(named=True)
        if r["marker"] == "" and r["value"] is not None
    }
    if not numbers:
        return None
    missing = [d for d in divisions if d not in numbers]
    decimals = max(written_decimals(r["value_as_written"]) for r in numbers.values())
    total = f"{sum(r['value'] for r in numbers.values()):.{decimals}f}"
    cells = " | ".join(
        f"{r['division']}: {r['value_as_written'] or r['marker'] or 'not given'}"
        for r in group.sort("division").iter_rows(named=True)
    )
    first = group.row(0, named=True)
    lower = bool(missing)
    quote = (
        f"{first['indicator_name']} | {first['period_as_written']} | {first['kato_label']} | "
        f"{cells} | {key['unit']} | {'at least ' if lower else ''}{total}"
    )
    note = f"derived: the sum of ОКЭД divisions {', '.join(sorted(numbers))}"
    if lower:
        note += f"; no number for {', '.join(missing)} (confidential or not given): a lower bound"
    fields = {
        "figure_type": "derived",
        "subject": "",
        "region": key["region"],
        "period": key["figure_period"],
        "period_as_read": first["period_as_written"],
        "inferred": "",
        "comparison": first["comparison"],
        "value_form": "level",
        "value_as_written": total,
        "unit_as_written": key["unit"],
        "qualifier": "at_least" if lower else "exact",
        "found_in": "quote",
        "source_line": "",
        "quote": quote,
        "note": note,
    }
    return fields, min(int(r) for r in group["row"].to_list())


def _division_rows(values: pl.DataFrame, mapping: Mapping, divisions: list[str]) -> pl.DataFrame:
    """Return the rows of output levels of the divisions, each with its ``division`` code.

    A row's code and label are resolved once per distinct pair, by the classifier's code or
    by its wording (``classifier-codes.csv``).
    """
    import polars as pl

    pairs = values.select("code", "code_label").unique()
    resolved = pairs.with_columns(
        pl.Series(
            "division",
            [
                row["code"] if (row := mapping.code_row(code, name)) is not None else ""
                for code, name in pairs.iter_rows()
            ],
            dtype=pl.String,
        )
    )
    return (
        values.filter(
            (pl.col("measure") == "output_value")
            & (pl.col("value_form") == "level")
            & pl.col("region").is_not_null()
        )
        .join(resolved, on=["code", "code_label"], how="left", maintain_order="left")
        .filter(pl.col("division").is_in(divisions))
    )
