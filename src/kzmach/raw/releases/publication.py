"""A table as printed in a bulletin or press release, saved as text."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.metadata.vocabulary import MONTH_NAMES
from kzmach.raw.releases.common import ReleaseError, SourceFile, fail, finish_indicators, read_text

if TYPE_CHECKING:
    import polars as pl

__all__ = ["publication_period", "read_publication", "split_publication"]


_RUSSIAN_MONTHS: Final = MONTH_NAMES["ru"]


_PUBLICATION_MONTHS: Final = {name[:3]: number for number, name in enumerate(_RUSSIAN_MONTHS, 1)}


def split_publication(line: str) -> list[str]:
    """Split a printed table's line into cells (tab or ``;`` between them)."""
    separator = "\t" if "\t" in line else ";"
    return [cell.strip().strip('"').strip() for cell in line.split(separator)]


def publication_period(header: str) -> str | None:
    """Read a printed period header into kzmach's period syntax, or None.

    ``2021``, ``2021 г.``, ``2021 год`` -> ``2021``; ``январь-октябрь 2023`` ->
    ``2023-01/2023-10``; ``октябрь 2023`` -> ``2023-10``; ``I квартал 2023`` -> ``2023-Q1``;
    ``1 полугодие 2023`` -> ``2023-H1``.
    """
    text = re.sub(r"\s+", " ", header.lower().replace("\u00a0", " ")).strip()
    text = re.sub(r"\s*(г\.?|год|года|жыл)$", "", text).strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    year = re.search(r"(\d{4})$", text)
    if not year:
        return None
    words = text[: year.start()].strip()
    roman = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
    if match := re.fullmatch(r"(i{1,3}|iv|[1-4])\s*(-?й)?\s*квартал", words):
        return f"{year[1]}-Q{roman[match[1]]}"
    if match := re.fullmatch(r"(i{1,2}|[12])\s*(-?е)?\s*полугодие", words):
        return f"{year[1]}-H{roman[match[1]]}"
    months = [
        _PUBLICATION_MONTHS.get(part.strip()[:3]) for part in re.split(r"[-–—]", words) if part
    ]
    if not months or None in months or len(months) > 2:
        return None
    if len(months) == 1:
        return f"{year[1]}-{months[0]:02d}"
    first, last = months
    if first == 1 and last == 12:
        return year[1]
    if first == 1 and last in (3, 6):
        return f"{year[1]}-{'Q1' if last == 3 else 'H1'}"
    return f"{year[1]}-{first:02d}/{year[1]}-{last:02d}"


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
        unit = name.rsplit(",", 1)[1].strip() if "," in name else ""
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
