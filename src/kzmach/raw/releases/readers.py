"""Read statistical releases into one long table, refusing bad input by file, row and column.

Formats (as described in ``../shared/sources/README.md``):

``bns-csv``
    The Bureau of National Statistics' dynamic-table download: tab-separated UTF-8 with a
    byte-order mark; columns ``NAM``, ``DAT``, ``PERIOD``, ``КАТО(по каталогу)``,
    ``LКАТО(по каталогу)``, one or more classifier columns each with an ``L``-prefixed label
    twin, and ``VAL``.
``bns-json``
    The same table as JSON: a list of records with the same keys.
``taldau-json``
    The Taldau portal's slices: ``{"terms", "termNames", "periods": [{"name", "date",
    "value"}]}``.
``bns-xlsx``
    The same table as an Excel workbook (first sheet, header in the first row).
``publication-csv``
    A table as printed in a bulletin or press release, saved as text with ``;`` or tab
    between cells: the first row holds the period headers (``2021``, ``2021 г.``,
    ``январь-октябрь 2023``, ``октябрь 2023``, ``I квартал 2023``, ``1 полугодие 2023``),
    each following row a name with its unit after the last comma (``Объем производства,
    млн. тенге``; ``Индекс физического объема, в % к предыдущему году``) and one value per
    period, written with spaces (normal, no-break or thin) between thousands and a decimal
    comma (``37 606 243,5``; an index ``103,6`` is % of the base period).
``template-csv``, ``template-xlsx``
    kzmach's template for figures typed from a press release, one row per figure, columns
    :data:`TEMPLATE_COLUMNS`:

    - ``indicator``: a catalogue id (``kzmach.indicators()``);
    - ``period``: kzmach's period syntax (``2023``, ``2023-01/2023-10``, ``2023-Q3``, ...);
    - ``value`` and ``unit``: the number and the unit words exactly as written in the quote
      (``2,3`` and ``трлн тенге``); the build checks that both are in the quote;
    - ``value_form``: how the value states the indicator (``level``, ``growth``, ``index``,
      ``multiple``, ``share``, ...; empty for the indicator's usual form);
    - ``comparison``: for growth, what it compares with (empty for the same period of the
      previous year; ``none`` for levels);
    - ``region``: empty for Kazakhstan, else the region as kzmach names it;
    - ``qualifier``: ``exact`` (or empty), ``about``, ``more_than``, ``at_least``, ``almost``
      or ``up_to``, as the quote words it;
    - ``source_url``, ``source_title``, ``published``: the press release the row is from;
    - ``quote``: the sentence holding the figure, verbatim (required);
    - ``note``: anything a reviewer should know.

Every reader returns the same columns (:data:`RELEASE_COLUMNS`): the line (or record) the
value came from, the indicator name and unit as written, the period, the territory and the
classifier code with their labels, the value, and a ``marker`` for the documented
non-values: ``x`` (confidential), ``-`` (no such activity) and empty (not published).

Checks common to all formats, each failing with the file, row and column: the file must be
UTF-8 and a table with the expected columns; values must be numbers or a documented marker;
a period must be in a known form; the same period, territory and code must not carry two
different values; one file holds one unit; and levels and indices must not be negative.
Polars does the work, so a release of a million rows is read in seconds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kzmach.raw.releases.bns import (
    BNS_KATO,
    clean_header,
    read_bns_csv,
    read_bns_json,
    read_bns_xlsx,
)
from kzmach.raw.releases.common import (
    MARKERS,
    RELEASE_COLUMNS,
    XLSX_MAGIC,
    ReleaseError,
    SourceFile,
    check_utf8,
    fail,
    head,
    xlsx_rows,
)
from kzmach.raw.releases.publication import publication_period, read_publication, split_publication
from kzmach.raw.releases.sdg import read_sdg
from kzmach.raw.releases.series import SERIES_HEADER, read_long_series
from kzmach.raw.releases.taldau import read_taldau, read_taldau_tree
from kzmach.raw.releases.template import (
    TEMPLATE_COLUMNS,
    read_template,
    read_template_xlsx,
    template_records,
)
from kzmach.raw.releases.workbook import OLE_MAGIC, read_workbook

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "BNS_KATO",
    "FORMATS",
    "MARKERS",
    "READERS",
    "RELEASE_COLUMNS",
    "TEMPLATE_COLUMNS",
    "ReleaseError",
    "detect_format",
    "read_release",
    "read_release_as",
    "template_records",
]


FORMATS: Final = (
    "bns-csv",
    "bns-json",
    "bns-xlsx",
    "taldau-json",
    "taldau-tree-json",
    "bns-workbook",
    "open-sdg-csv",
    "long-series-csv",
    "publication-csv",
    "template-csv",
    "template-xlsx",
)
#: Formats read as text (the others are workbooks).
TEXT_FORMATS: Final = tuple(f for f in FORMATS if not f.endswith(("xlsx", "workbook")))
#: How much of a text file :func:`detect_format` checks to be UTF-8 (the readers check all).
HEAD_BYTES: Final = 1 << 20


def detect_format(path: Path, label: str | None = None) -> str:
    """Guess a release's format from its content (the file name is not trusted).

    ``label`` is how messages name the file (default: the path).

    Raises
    ------
    ReleaseError
        If the file is empty, not UTF-8 text nor a workbook, or none of :data:`FORMATS`.
    """
    source = SourceFile(path, label or str(path))
    with path.open("rb") as stream:
        magic = stream.read(len(XLSX_MAGIC))
    if magic == OLE_MAGIC:
        return "bns-workbook"  # an old .xls (Excel 97-2003)
    if magic == XLSX_MAGIC:
        first_rows = xlsx_rows(source, limit=1)
        header = first_rows[0][1] if first_rows else []
        if "PERIOD" in header and "VAL" in header:
            return "bns-xlsx"
        if [h for h in header if h] == list(TEMPLATE_COLUMNS):
            return "template-xlsx"
        return "bns-workbook"  # a published table: titles, headings, footnotes
    check_utf8(source, head_bytes=HEAD_BYTES)  # each reader checks the rest as it reads
    first_text = head(source).lstrip()
    if first_text.startswith(("[", "{")):
        if '"periods"' in first_text and '"terms"' in first_text:
            return "taldau-json"
        if re.search(r'"y\d{6}"\s*:', first_text) and '"text"' in first_text:
            return "taldau-tree-json"
        if '"PERIOD"' in first_text and '"VAL"' in first_text:
            return "bns-json"
        raise fail(source, 1, "", "JSON, but neither a BNS dynamic table nor Taldau slices")
    first = first_text.split("\n", 1)[0].rstrip("\r")
    header = [clean_header(cell) for cell in first.split("\t")]
    if header[0] == "NAM" or "PERIOD" in header[1:]:
        return "bns-csv"
    cells = [cell.strip() for cell in first.split(",")]
    if cells[:1] == ["Year"] and cells[-1:] == ["Value"] and len(cells) >= 2:
        return "open-sdg-csv"
    if tuple(cells[: len(SERIES_HEADER)]) == SERIES_HEADER:
        return "long-series-csv"
    if first.split(",")[: len(TEMPLATE_COLUMNS)] == list(TEMPLATE_COLUMNS):
        return "template-csv"
    cells = split_publication(first)
    if len(cells) > 1 and all(publication_period(c) for c in cells[1:]):
        return "publication-csv"
    raise fail(
        source,
        1,
        "",
        "not a release table this reader knows (BNS dynamic table as CSV, JSON or XLSX, "
        f"Taldau JSON, a publication table, or the kzmach template); its first line is "
        f"{first[:80]!r}",
    )


READERS: Final = {
    "bns-csv": read_bns_csv,
    "bns-json": read_bns_json,
    "bns-xlsx": read_bns_xlsx,
    "taldau-json": read_taldau,
    "taldau-tree-json": read_taldau_tree,
    "bns-workbook": read_workbook,
    "open-sdg-csv": read_sdg,
    "long-series-csv": read_long_series,
    "publication-csv": read_publication,
    "template-csv": read_template,
    "template-xlsx": read_template_xlsx,
}


def read_release(
    path: str | Path, fmt: str | None = None, label: str | None = None, sheet: str | None = None
) -> pl.DataFrame:
    """Read a release file into the columns of :data:`RELEASE_COLUMNS`.

    Parameters
    ----------
    path
        The file.
    fmt
        One of :data:`FORMATS`; detected from the content when None.
    label
        How messages name the file (default: the path as given).
    sheet
        For a workbook, the sheet to read (default: the first that holds a table).

    Raises
    ------
    ReleaseError
        With every problem found, each naming the file, row and column.
    """
    return read_release_as(path, fmt, label, sheet)[1]


def read_release_as(
    path: str | Path, fmt: str | None = None, label: str | None = None, sheet: str | None = None
) -> tuple[str, pl.DataFrame]:
    """Read a release like :func:`read_release` and say which format it was read as.

    The file is read once: every reader checks that a text file is UTF-8 as it reads it
    (and then names the line of an invalid byte), so a Bureau CSV of a million rows is not
    decoded a second time just to check it.
    """
    file = Path(path)
    source = SourceFile(file, label or str(path), sheet)
    if fmt is None:
        fmt = detect_format(file, source.label)
    elif fmt in TEXT_FORMATS:
        check_utf8(source, head_bytes=HEAD_BYTES)  # a file in cp1251 or UTF-16, named as such
    if fmt not in FORMATS:
        raise fail(source, 0, "", f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    return fmt, READERS[fmt](source)
