"""kzmach's template for figures typed from a press release (CSV or XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.raw.releases.common import (
    ReleaseError,
    SourceFile,
    fail,
    finish_indicators,
    read_text,
    xlsx_rows,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "TEMPLATE_COLUMNS",
    "read_template",
    "read_template_records",
    "read_template_xlsx",
    "template_frame",
    "template_records",
    "xlsx_records",
]


TEMPLATE_COLUMNS: Final = (
    "indicator",
    "period",
    "value",
    "unit",
    "value_form",
    "comparison",
    "region",
    "qualifier",
    "source_url",
    "source_title",
    "published",
    "quote",
    "note",
)


def template_frame(
    source: SourceFile, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> pl.DataFrame:
    """Check the template's rows and return them as the long table."""
    from kzmach.text.periods import PeriodParseError, parse_period

    if header != list(TEMPLATE_COLUMNS):
        missing = [c for c in TEMPLATE_COLUMNS if c not in header]
        raise fail(
            source,
            1,
            ", ".join(missing) or "header",
            f"columns are {header}, expected {list(TEMPLATE_COLUMNS)}",
        )
    rows: list[dict[str, Any]] = []
    problems: list[Problem] = []
    for line, record in records:
        try:
            period = parse_period(record["period"])
        except PeriodParseError as error:
            problems.append(Problem(source.label, line, "period", str(error)))
            continue
        if not record["quote"].strip():
            problems.append(Problem(source.label, line, "quote", "a figure needs its quote"))
        rows.append(
            {
                "row": line,
                "indicator_name": record["indicator"].strip(),
                "unit": record["unit"].strip(),
                "period_raw": record["period"].strip(),
                "period": record["period"].strip(),
                "period_type": period.type,
                "kato": record["region"].strip(),
                "kato_label": record["region"].strip(),
                "code": "",
                "code_label": "",
                "value_raw": record["value"].strip(),
                "quote": record["quote"],
            }
        )
    if problems:
        raise ReleaseError(problems)
    return finish_indicators(source, rows, {"period": "period", "value": "value", "unit": "unit"})


def read_template_records(
    source: SourceFile, fmt: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the template's header and rows as ``(row number, cells by column)``."""
    if fmt == "template-xlsx":
        return xlsx_records(source)
    import csv
    import io

    from kzmach.files import records_with_lines

    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = list(reader.fieldnames or [])
    if header != list(TEMPLATE_COLUMNS):
        return header, []  # the header is refused by template_frame
    records = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than the template has columns")
        records.append((line, {k: (v or "") for k, v in record.items()}))
    return header, records


def template_records(path: Path, fmt: str, label: str) -> list[tuple[int, dict[str, str]]]:
    """Return the template's rows as ``(row number, cells by column)``, for the build."""
    return read_template_records(SourceFile(path, label), fmt)[1]


def read_template(source: SourceFile) -> pl.DataFrame:
    """Read the template as CSV."""
    return template_frame(source, *read_template_records(source, "template-csv"))


def xlsx_records(source: SourceFile) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return a workbook's header and its rows as ``(row number, cells by column)``."""
    rows = xlsx_rows(source)
    if not rows:
        raise fail(source, 0, "", "the workbook's first sheet is empty")
    header = [h for h in rows[0][1] if h]
    records = [
        (number, dict(zip(header, [*cells, *[""] * len(header)], strict=False)))
        for number, cells in rows[1:]
    ]
    return header, records


def read_template_xlsx(source: SourceFile) -> pl.DataFrame:
    """Read the template as a workbook."""
    return template_frame(source, *read_template_records(source, "template-xlsx"))
