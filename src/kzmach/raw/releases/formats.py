"""The release formats: one record per format, the one place a format is declared.

Each :class:`ReleaseFormat` says how a file of that format is recognised, which reader reads
it, where its releases are registered, how its numbers are written and what it holds. The
readers (:func:`kzmach.raw.releases.readers.read_release`), the store (``kzmach ingest``),
the converter, the CLI and the README's list of formats all read :data:`FORMATS`.

A new format is a reader module in ``raw/releases/`` returning ``common.RELEASE_COLUMNS``
through ``common.finish``, and one :func:`register` call (or an entry in
:data:`FORMATS` below, in the order detection should try it).

Every format here is one a genuine download has (the files in
``tests/fixtures/real-releases/`` and the Bureau's tables 5792 and 5931 of the statistics
mirror); none was invented for tests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal

from kzmach.raw.releases.bns import clean_header, read_bns_csv
from kzmach.raw.releases.common import XLSX_MAGIC, SourceFile, check_utf8, head
from kzmach.raw.releases.mirror_rows import (
    MIRROR_HEADER,
    TRADE_CODE,
    TRADE_HEADER,
    read_mirror_table,
    read_trade_table,
)
from kzmach.raw.releases.publication import publication_period, read_publication, split_publication
from kzmach.raw.releases.resource_use import RESOURCE_USE_HEADER, read_resource_use
from kzmach.raw.releases.sdg import read_sdg
from kzmach.raw.releases.series import SERIES_HEADER, read_long_series
from kzmach.raw.releases.taldau import read_taldau, read_taldau_tree
from kzmach.raw.releases.wdi import WDI_HEADERS, read_wdi
from kzmach.raw.releases.workbook import OLE_MAGIC, read_workbook

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "FORMATS",
    "FileHead",
    "ReleaseFormat",
    "format_named",
    "format_names",
    "formats_markdown",
    "is_trade",
    "recognition",
    "register",
    "unregister",
]

#: How much of a text file detection checks to be UTF-8 (the readers check all of it).
HEAD_BYTES: Final = 1 << 20

DecimalMark = Literal[".", ",", "point unless commas"]


class FileHead:
    """The start of a file, as detection looks at it: its magic bytes and first text."""

    def __init__(self, path: Path, label: str) -> None:
        self.source = SourceFile(path, label)
        with path.open("rb") as stream:
            self.magic = stream.read(len(XLSX_MAGIC))

    @property
    def is_workbook(self) -> bool:
        """True for an Excel workbook, old (.xls, OLE) or new (.xlsx, zip)."""
        return self.magic in (OLE_MAGIC, XLSX_MAGIC)

    @cached_property
    def text(self) -> str:
        """The first part of a text file, checked to be UTF-8 (empty for a workbook)."""
        if self.is_workbook:
            return ""
        check_utf8(self.source, head_bytes=HEAD_BYTES)
        return head(self.source).lstrip()

    @property
    def is_json(self) -> bool:
        """True when the text starts as JSON does."""
        return self.text.startswith(("[", "{"))

    @cached_property
    def first_line(self) -> str:
        """The text's first line, without its line ending."""
        return self.text.split("\n", 1)[0].rstrip("\r")

    @cached_property
    def comma_cells(self) -> list[str]:
        """The first line's cells, split at commas and stripped."""
        return [cell.strip() for cell in self.first_line.split(",")]


@dataclass(frozen=True, slots=True)
class ReleaseFormat:
    """One release format: how it is recognised, read, registered and written.

    Attributes
    ----------
    name
        The format's name, as ``--format`` and ``release.json`` give it.
    summary
        What the file is, in one sentence (CLI help and the README).
    reader
        Reads a file into ``RELEASE_COLUMNS``, refusing bad input by file, row and column.
    detects
        True when a file's head (:class:`FileHead`) is of this format; tried in the order of
        :data:`FORMATS`, so a broader test comes after a narrower one.
    workbook
        True for an Excel workbook, False for a text file (checked to be UTF-8).
    source
        The folder of ``data/raw/releases`` its releases go to when no ``--source`` is given.
    decimal_mark
        How its numbers mark decimals: ``"."``, ``","``, or ``"point unless commas"`` (the
        Bureau's machine-readable files: a point, unless the values hold commas).
    values_per_row
        ``"one"`` (a row per value) or ``"several"`` (a row per series, a value per period):
        a figure of a several-values row is identified by its row and period.
    names_indicator
        True when the file names its indicator and unit; otherwise ``--name`` and
        ``--unit`` give them at ingest.
    sources_by_address
        ``(part of the address, source)`` pairs: a release downloaded from an address that
        holds the part goes to that source instead (the Bureau's own slice API is the
        Bureau's, not Taldau's).
    recognised_by
        What in a file made detection choose this format, as ``kzmach ingest`` says it.
    """

    name: str
    summary: str
    reader: Callable[[SourceFile], pl.DataFrame]
    detects: Callable[[FileHead], bool]
    source: str
    decimal_mark: DecimalMark
    values_per_row: Literal["one", "several"]
    names_indicator: bool
    workbook: bool = False
    sources_by_address: tuple[tuple[str, str], ...] = field(default=())
    recognised_by: str = ""

    def source_for(self, url: str) -> str:
        """Return the source folder of a release of this format downloaded from ``url``."""
        for part, source in self.sources_by_address:
            if part in url:
                return source
        return self.source


def _is_bns_csv(file: FileHead) -> bool:
    header = [clean_header(cell) for cell in file.first_line.split("\t")]
    return header[0] == "NAM" or "PERIOD" in header[1:]


def _is_publication(file: FileHead) -> bool:
    cells = split_publication(file.first_line)
    return len(cells) > 1 and all(publication_period(c) for c in cells[1:])


def is_trade(file: FileHead) -> bool | None:
    """Tell a trade table: the mirror's row layout with HS chapters as item codes.

    None when the layout is the mirror's but the codes are not HS chapters (the Bureau's
    monthly industry output by ОКЭД has the same columns, and so do the import price indices
    by HS section): that table is not a trade table. Every row's code is looked at, not the
    head's alone: a table sorted by date may open with a whole screen of ``TOTAL`` rows.
    """
    import csv

    if tuple(file.comma_cells[: len(TRADE_HEADER)]) != TRADE_HEADER:
        return False
    with file.source.path.open(encoding="utf-8-sig", errors="replace", newline="") as stream:
        codes = {row[2].strip() for row in csv.reader(stream) if len(row) > 2}
    codes.discard(TRADE_HEADER[2])
    if codes and all(TRADE_CODE.fullmatch(code) for code in codes):
        return True
    return None if codes else True


#: Every format, in the order detection tries them.
FORMATS: Final[dict[str, ReleaseFormat]] = {
    f.name: f
    for f in (
        ReleaseFormat(
            name="bns-workbook",
            recognised_by="the file starts as an Excel workbook does (zip or OLE signature)",
            summary=(
                "A table the Bureau publishes as an Excel workbook (.xls or .xlsx): titles, "
                "a heading of periods, one row per territory or item, footnotes."
            ),
            reader=read_workbook,
            detects=lambda file: file.is_workbook,
            workbook=True,
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="several",
            names_indicator=True,
        ),
        ReleaseFormat(
            name="taldau-json",
            recognised_by='it is JSON holding "periods" and "terms"',
            summary=(
                'A Taldau portal slice: {"terms", "termNames", "periods": [{"name", "date", '
                '"value"}]}; names no indicator nor unit.'
            ),
            reader=read_taldau,
            detects=lambda file: (
                file.is_json and '"periods"' in file.text and '"terms"' in file.text
            ),
            source="taldau",
            sources_by_address=(("stat.gov.kz/api/iblock", "bns"),),
            decimal_mark="point unless commas",
            values_per_row="several",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="taldau-tree-json",
            recognised_by='it is JSON nodes with "text" and "yMMYYYY" keys',
            summary=(
                'A Taldau index tree (GetIndexTreeData): nodes of {"id", "text", '
                '"y<MM><YYYY>": value}; names no indicator nor unit, nor its period type: '
                "that is read from the request recorded beside it (<name>.manifest.json, "
                "p_period_id), else an answer of Decembers is read as years."
            ),
            reader=read_taldau_tree,
            detects=lambda file: (
                file.is_json
                and re.search(r'"y\d{6}"\s*:', file.text) is not None
                and '"text"' in file.text
            ),
            source="taldau",
            decimal_mark="point unless commas",
            values_per_row="several",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="bns-csv",
            recognised_by="its tab-separated header has NAM or PERIOD",
            summary=(
                "The Bureau's dynamic-table download: tab-separated UTF-8 with a byte-order "
                "mark; NAM, DAT, PERIOD, the КАТО pair, classifier columns each with an "
                "L-prefixed label twin, and VAL."
            ),
            reader=read_bns_csv,
            detects=lambda file: not file.is_json and _is_bns_csv(file),
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="one",
            names_indicator=True,
        ),
        ReleaseFormat(
            name="open-sdg-csv",
            recognised_by="its comma-separated header runs from Year to Value",
            summary=(
                "A series of the Bureau's Open SDG platform: comma-separated, Year, "
                "disaggregation columns, Value."
            ),
            reader=read_sdg,
            detects=lambda file: (
                file.comma_cells[:1] == ["Year"]
                and file.comma_cells[-1:] == ["Value"]
                and len(file.comma_cells) >= 2
            ),
            source="sdg",
            decimal_mark="point unless commas",
            values_per_row="one",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="long-series-csv",
            recognised_by="its header is date, country, region, frequency, variable, item_code",
            summary=(
                "One row per series and period, comma-separated: date, country, region, "
                "frequency, variable, item_code, item_name, value, unit (the Bureau's tables "
                "5792 and 5931 as the statistics mirror lays them out)."
            ),
            reader=read_long_series,
            detects=lambda file: tuple(file.comma_cells[: len(SERIES_HEADER)]) == SERIES_HEADER,
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="one",
            names_indicator=True,
        ),
        ReleaseFormat(
            name="trade-by-chapter-csv",
            recognised_by=(
                "its header is date, region, item_code, item_name, value, transformation, "
                "with HS chapter codes (HS84 … HS90, TOTAL) as item codes"
            ),
            summary=(
                "The Bureau's foreign trade by HS chapter as the statistics mirror lays it "
                "out: date (a month's first day), region, item_code (HS84 … HS90, TOTAL), "
                "item_name, value (that month's, not year to date), transformation; names "
                "neither its flow nor its unit."
            ),
            reader=read_trade_table,
            detects=lambda file: is_trade(file) is True,
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="one",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="mirror-rows-csv",
            recognised_by=(
                "its header is date, region, item_code, item_name, value, transformation, "
                "with codes that are not all HS chapters (ОКЭД, HS sections)"
            ),
            summary=(
                "The Bureau's other tables in the statistics mirror's row layout: date (a "
                "month's or quarter's first day, or a year's last), region (national or the "
                "mirror's region code), item_code (an ОКЭД code such as 26-30, an HS section), "
                "item_name, value (the period's own, or cumulated from January as the "
                "transformation column says), transformation; names neither its measure nor "
                "its unit."
            ),
            reader=read_mirror_table,
            detects=lambda file: (
                tuple(file.comma_cells[: len(MIRROR_HEADER)]) == MIRROR_HEADER
                and is_trade(file) is not True
            ),
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="one",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="resources-and-use-csv",
            recognised_by=(
                "its header is period_end, product_code, product, production, "
                "production_prev_year, … domestic_sales_prev_year"
            ),
            summary=(
                "The Bureau's resources and use of products (publication 19065) as the "
                "statistics mirror lays it out: one product per row, its unit at the end of its "
                "name, production, imports, exports and domestic sales from January to "
                "period_end and the same months a year earlier; production + imports − exports "
                "= domestic sales checked, a row that breaks it flagged and kept."
            ),
            reader=read_resource_use,
            detects=lambda file: tuple(file.comma_cells) == RESOURCE_USE_HEADER,
            source="bns",
            decimal_mark="point unless commas",
            values_per_row="several",
            names_indicator=True,
        ),
        ReleaseFormat(
            name="wdi-csv",
            recognised_by="its header is Country Name, Country Code, [Indicator Code,] Year, Value",
            summary=(
                "A World Bank World Development Indicators file: Country Name, Country Code, "
                "[Indicator Code,] Year, Value, one country and year per row; names no unit "
                "(nor its indicator, without Indicator Code)."
            ),
            reader=read_wdi,
            detects=lambda file: tuple(file.comma_cells) in WDI_HEADERS,
            source="world-bank",
            decimal_mark=".",
            values_per_row="one",
            names_indicator=False,
        ),
        ReleaseFormat(
            name="publication-csv",
            recognised_by="its first line is period headings separated by ; or tabs",
            summary=(
                "A table as printed in a bulletin, saved as text with ; or tab between "
                "cells: period headers (2021 г., январь-октябрь 2023, I квартал 2023), then "
                "one row per name with its unit after the last comma, numbers with spaces "
                "between thousands and a decimal comma."
            ),
            reader=read_publication,
            detects=lambda file: not file.is_json and _is_publication(file),
            source="publication",
            decimal_mark=",",
            values_per_row="several",
            names_indicator=True,
        ),
    )
}


def register(release_format: ReleaseFormat, *, before: str | None = None) -> None:
    """Add a format to :data:`FORMATS` (tried before the format ``before``, else last).

    Raises
    ------
    ValueError
        If a format of that name is registered already.
    """
    if release_format.name in FORMATS:
        raise ValueError(f"a release format named {release_format.name!r} exists already")
    items = list(FORMATS.items())
    position = len(items) if before is None else list(FORMATS).index(before)
    items.insert(position, (release_format.name, release_format))
    FORMATS.clear()
    FORMATS.update(items)


def unregister(name: str) -> None:
    """Remove a format added by :func:`register` (for tests that add a toy format)."""
    del FORMATS[name]


def format_names() -> tuple[str, ...]:
    """Return the registered formats' names, in detection order."""
    return tuple(FORMATS)


def format_named(name: str) -> ReleaseFormat:
    """Return the format called ``name``.

    Raises
    ------
    KeyError
        If there is none, naming the formats there are.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise KeyError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}") from None


def recognition(fmt: str, given: str | None) -> str:
    """Say which format a file was read as and why: given with ``--format``, or detected."""
    if given is not None:
        return f"{fmt} (given with --format)"
    return f"{fmt}, because {format_named(fmt).recognised_by or 'its content matches'}"


def formats_markdown() -> str:
    """Return the README's table of release formats, generated from :data:`FORMATS`."""
    lines = [
        "| format | what it is | registered under | decimal mark | values per row "
        "| names its indicator |",
        "|---|---|---|---|---|---|",
    ]
    for f in FORMATS.values():
        names = "yes" if f.names_indicator else "no: give `--name` and `--unit`"
        by_address = "".join(
            f" (`{source}` when downloaded from `{part}`)" for part, source in f.sources_by_address
        )
        lines.append(
            f"| `{f.name}` | {f.summary} | `{f.source}`{by_address} | {f.decimal_mark} "
            f"| {f.values_per_row} | {names} |"
        )
    return "\n".join(lines) + "\n"
