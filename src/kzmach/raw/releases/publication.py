"""A table as printed in a bulletin or press release, saved as text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kzmach.errors import Problem
from kzmach.raw.releases.common import ReleaseError, SourceFile, fail, finish_indicators, read_text
from kzmach.text.numbers import split_unit
from kzmach.text.periods import written_period

if TYPE_CHECKING:
    import polars as pl

__all__ = ["publication_period", "read_publication", "split_publication"]


def split_publication(line: str) -> list[str]:
    """Split a printed table's line into cells (tab or ``;`` between them)."""
    separator = "\t" if "\t" in line else ";"
    return [cell.strip().strip('"').strip() for cell in line.split(separator)]


def publication_period(header: str) -> str | None:
    """Read a printed period header into kzmach's period syntax (see :func:`written_period`)."""
    return written_period(header)


def read_publication(source: SourceFile) -> pl.DataFrame:
    """Read a printed table: period headers, one row per indicator."""
    from kzmach.text.periods import parse_period

    lines = read_text(source).splitlines()
    header = split_publication(lines[0])
    periods: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for cell in header[1:]:
        period = publication_period(cell)
        if period is None:
            problems.append(
                Problem(
                    source.label,
                    1,
                    cell,
                    f"unknown period heading {cell!r} (expected e.g. 2021, 2021 г., "
                    "январь-октябрь 2023, октябрь 2023, I квартал 2023)",
                )
            )
            continue
        periods.append((cell, period))
    if problems:
        raise ReleaseError(problems)
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = split_publication(line)
        if not any(cells):
            continue
        if len(cells) != len(header):
            raise fail(source, number, "", f"{len(cells)} cells where the header has {len(header)}")
        name = cells[0]
        unit = split_unit(name)[1]
        for (heading, period), value in zip(periods, cells[1:], strict=True):
            rows.append(
                {
                    "row": number,
                    "indicator_name": name,
                    "unit": unit,
                    "period_raw": heading,
                    "period": period,
                    "period_type": parse_period(period).type,
                    "kato": "",
                    "kato_label": "",
                    "code": "",
                    "code_label": "",
                    "value_raw": value,
                    "quote": "",
                }
            )
    return finish_indicators(source, rows, {"period": "period", "value": "value", "unit": ""})
