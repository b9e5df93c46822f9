"""Read statistical releases into one long table, refusing bad input by file, row and column.

The formats, and how each is recognised and read, are declared once in
:mod:`kzmach.raw.releases.formats` (:data:`~kzmach.raw.releases.formats.FORMATS`; the
README lists them from there).

Every reader returns the same columns (:data:`RELEASE_COLUMNS`): the line (or record) the
value came from, the indicator name and unit as written, the period, the territory and the
classifier code with their labels, the value, and a ``marker`` for the Bureau's marks in
place of a number (:data:`kzmach.metadata.vocabulary.VALUE_MARKERS`: confidential, no such
activity, no data, not published), however the file spells them.

Checks common to all formats, each failing with the file, row and column: the file must be
UTF-8 and a table with the expected columns; values must be numbers or one of the Bureau's marks;
a period must be in a known form; the same period, territory and code must not carry two
different values; one file holds one unit; and levels and indices must not be negative.
Polars does the work, so a release of a million rows is read in seconds.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kzmach.raw.releases.bns import BNS_KATO
from kzmach.raw.releases.common import (
    MARKERS,
    RELEASE_COLUMNS,
    Accounting,
    ReleaseError,
    SourceFile,
    check_utf8,
    fail,
    first_line,
)
from kzmach.raw.releases.formats import FORMATS, HEAD_BYTES, FileHead, is_trade

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "BNS_KATO",
    "MARKERS",
    "RELEASE_COLUMNS",
    "ReleaseError",
    "detect_format",
    "read_release",
    "read_release_accounted",
    "read_release_as",
]


def detect_format(path: Path, label: str | None = None) -> str:
    """Recognise a release's format from its content (the file name is not trusted).

    The formats of :data:`~kzmach.raw.releases.formats.FORMATS` are tried in their order.
    ``label`` is how messages name the file (default: the path).

    Raises
    ------
    ReleaseError
        If the file is empty, not UTF-8 text nor a workbook, or of none of the formats.
    """
    file = FileHead(path, label or str(path))
    for release_format in FORMATS.values():
        if release_format.detects(file):
            return release_format.name
    if is_trade(file) is None:
        raise fail(
            file.source,
            2,
            "item_code",
            "the statistics mirror's row layout (date, region, item_code, ...), but its item "
            "codes are not HS chapters (HS84 … HS90, TOTAL): not a trade table (the Bureau's "
            "industry output by ОКЭД has this layout); no registered format reads it",
        )
    if file.is_json:
        known = ", ".join(name for name in FORMATS if "json" in name)
        raise fail(file.source, 1, "", f"JSON, but none of the JSON formats ({known})")
    raise fail(
        file.source,
        1,
        "",
        f"not a release table of a known format ({', '.join(FORMATS)}); its first line is "
        f"{file.first_line[:80]!r}",
    )


def read_release(
    path: str | Path, fmt: str | None = None, label: str | None = None, sheet: str | None = None
) -> pl.DataFrame:
    """Read a release file into the columns of :data:`RELEASE_COLUMNS`.

    Parameters
    ----------
    path
        The file.
    fmt
        A format's name (:data:`~kzmach.raw.releases.formats.FORMATS`); recognised from
        the content when None.
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
    """Read a release like :func:`read_release` and say which format it was read as."""
    fmt, frame, _ = read_release_accounted(path, fmt, label, sheet)
    return fmt, frame


def read_release_accounted(
    path: str | Path, fmt: str | None = None, label: str | None = None, sheet: str | None = None
) -> tuple[str, pl.DataFrame, Accounting]:
    """Read a release like :func:`read_release`; say its format and account for its numbers.

    The file is read once: every reader checks that a text file is UTF-8 as it reads it
    (and then names the line of an invalid byte), so a Bureau CSV of a million rows is not
    decoded a second time just to check it. The :class:`Accounting` says how many of the
    file's cells were read as values, as marks, or set aside and why.

    Raises
    ------
    ReleaseError
        With every problem found, each naming the file, row and column; also for an option
        that does not apply to the format (a sheet of a text file).
    """
    file = Path(path)
    source = SourceFile(file, label or str(path), sheet)
    if fmt is None:
        fmt = detect_format(file, source.label)
    if fmt not in FORMATS:
        raise fail(source, 0, "", f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    release_format = FORMATS[fmt]
    if sheet is not None and not release_format.workbook:
        raise fail(
            source, 0, "--sheet", f"a {fmt} file has no sheets: --sheet applies to workbooks only"
        )
    source = SourceFile(file, source.label, sheet, release_format.decimal_mark)
    if not release_format.workbook:
        check_utf8(source, head_bytes=HEAD_BYTES)  # a file in cp1251 or UTF-16, named as such
    try:
        return fmt, release_format.reader(source), source.account
    except ReleaseError:
        raise
    except OSError as error:
        raise fail(source, 0, "", f"cannot be read: {error.strerror or error}") from None
    except Exception as error:
        # the readers check what they read; anything their libraries still raise (the CSV
        # engine, the JSON parser, a truncated archive) means the file is not the format it
        # was taken for, or is damaged
        raise fail(
            source, 0, "", f"cannot be read as {fmt}: the file is damaged ({first_line(error)})"
        ) from None
