"""An ``.xlsx`` workbook checked before any engine reads it.

A workbook is a zip of XML parts: :func:`scan_xlsx` reads the workbook's sheet list (names
and visibility), the shared strings' declared count and each sheet's cells as a stream, and
refuses what would make a reading engine allocate without bound (a stray cell at
``XFD1048576``, a declared count of 10^12 strings, parts that unpack to gigabytes). It notes
the cells that hold an Excel error or a formula without a saved value, for the reader to refuse
by their address.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from kzmach.raw.releases.common import SourceFile, fail, first_line

__all__ = [
    "EXCEL_ERROR",
    "MAX_SHARED_STRINGS",
    "MAX_SHEET_CELLS",
    "MAX_UNPACKED_BYTES",
    "SheetScan",
    "column_letter",
    "scan_xlsx",
]


def column_letter(index: int) -> str:
    """Return a sheet's column letters for a column counted from 0 (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


#: The largest used range (rows x columns) a sheet may span: a Bureau table has a few
#: thousand cells; a stray cell far away (``XFD1048576``) would make the engine allocate
#: the whole range (17 billion cells) and abort the process.
MAX_SHEET_CELLS: Final = 5_000_000
#: The most shared strings a workbook may declare (the engine reserves room for them all).
MAX_SHARED_STRINGS: Final = 5_000_000
#: The most bytes a workbook's parts may unpack to.
MAX_UNPACKED_BYTES: Final = 512 << 20
#: How a number cell stores its value: a finite decimal, in exponent form or not.
_STORED_NUMBER: Final = re.compile(r"\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*")
_CELL_REF: Final = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


#: Why each odd cell refuses the sheet: an error, a formula never calculated, a broken number.
EXCEL_ERROR: Final = "holds the Excel error {text} instead of a number: correct the cell"
UNSAVED_FORMULA: Final = (
    "holds a formula with no saved value (the file was not saved by a spreadsheet program): "
    "open it, recalculate and save it, then ingest that copy"
)
NOT_A_NUMBER: Final = "stores {text!r} as its number: not a finite number (a damaged cell)"


@dataclass(slots=True)
class SheetScan:
    """What a sheet's XML says before any engine reads it: its state and its odd cells.

    ``state`` is its visibility; ``odd_cells`` the cells that refuse the sheet, each as
    ``(row, column letters, message)``: an Excel error (``#DIV/0!``), a formula without a
    saved value, a number cell whose stored text is no finite number (``INF``, ``NaN``).
    """

    state: str = "visible"
    odd_cells: list[tuple[int, str, str]] = field(default_factory=list)


def _column_number(letters: str) -> int:
    """Return a column's number counted from 1 (``A`` -> 1, ``XFD`` -> 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def scan_xlsx(source: SourceFile, data: bytes) -> dict[str, SheetScan]:
    """Check an ``.xlsx`` workbook's parts before the engine allocates anything for them.

    Refuses, naming what it found: parts that unpack to more than
    :data:`MAX_UNPACKED_BYTES`, more shared strings than :data:`MAX_SHARED_STRINGS`, a sheet
    whose declared dimension or cells span more than :data:`MAX_SHEET_CELLS` (naming the
    farthest cell). Returns each sheet's :class:`SheetScan`, by name, in workbook order.
    """
    import io
    import zipfile
    from xml.etree.ElementTree import iterparse

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise fail(
                source,
                0,
                "",
                f"the workbook unpacks to {unpacked:,} bytes, over the limit of "
                f"{MAX_UNPACKED_BYTES:,}: not a published table",
            )
        names = set(archive.namelist())
        if "xl/sharedStrings.xml" in names:
            with archive.open("xl/sharedStrings.xml") as stream:
                for _, element in iterparse(stream, events=("start",)):
                    counts = (element.get(k) or "" for k in ("count", "uniqueCount"))
                    declared = max((int(c) for c in counts if c.isdigit()), default=0)
                    if declared > MAX_SHARED_STRINGS:
                        raise fail(
                            source,
                            0,
                            "",
                            f"the workbook declares {declared:,} shared strings, "
                            f"over the limit of {MAX_SHARED_STRINGS:,}: a damaged workbook",
                        )
                    break
        targets = _sheet_parts(archive)
        scans = {}
        for name, (part, state) in targets.items():
            scan = SheetScan(state=state)
            if part in names:
                with archive.open(part) as stream:
                    _scan_sheet(source, name, iterparse(stream, events=("start", "end")), scan)
            scans[name] = scan
        return scans
    except (zipfile.BadZipFile, KeyError, SyntaxError, ValueError, EOFError) as error:
        raise fail(source, 0, "", f"not a readable workbook: {first_line(error)}") from None


def _sheet_parts(archive: Any) -> dict[str, tuple[str, str]]:
    """Return each sheet's name -> (its part in the archive, its state), in workbook order."""
    from xml.etree.ElementTree import fromstring

    workbook = fromstring(archive.read("xl/workbook.xml"))
    relations = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = {
        r.get("Id"): str(r.get("Target", "")).lstrip("/").removeprefix("xl/") for r in relations
    }
    return {
        str(sheet.get("name")): (
            "xl/" + target.get(sheet.get(_RELATIONSHIP), ""),
            str(sheet.get("state") or "visible"),
        )
        for sheet in workbook.iter(f"{_MAIN}sheet")
    }


def _scan_sheet(source: SourceFile, name: str, events: Any, scan: SheetScan) -> None:
    """Read a sheet's XML once: its range (refused when too large), values, errors, formulas."""
    low = [0, 0]
    high = [0, 0]
    cell: dict[str, Any] = {}
    for event, element in events:
        tag = element.tag.removeprefix(_MAIN)
        if event == "start" and tag == "dimension":
            _check_range(source, name, str(element.get("ref") or ""), "declares")
        elif event == "start" and tag == "c":
            cell = {"ref": str(element.get("r") or ""), "type": element.get("t"), "f": False}
        elif event == "end" and tag == "f":
            cell["f"] = True
        elif event == "end" and tag in ("v", "is"):
            cell["v"] = "".join(element.itertext())
        elif event == "end" and tag == "c":
            match = _CELL_REF.fullmatch(cell.get("ref", ""))
            if match:
                row, column = int(match[2]), _column_number(match[1])
                low = [min(low[0] or row, row), min(low[1] or column, column)]
                high = [max(high[0], row), max(high[1], column)]
                if (high[0] - low[0] + 1) * (high[1] - low[1] + 1) > MAX_SHEET_CELLS:
                    _check_range(
                        source,
                        name,
                        f"{column_letter(low[1] - 1)}{low[0]}:{cell['ref']}",
                        "reaches",
                    )
                value = cell.get("v", "")
                if cell["type"] == "e":
                    scan.odd_cells.append((row, match[1], EXCEL_ERROR.format(text=value)))
                elif cell["f"] and not value:
                    scan.odd_cells.append((row, match[1], UNSAVED_FORMULA))
                elif cell["type"] in (None, "n") and value and not _STORED_NUMBER.fullmatch(value):
                    said = NOT_A_NUMBER.format(text=value[:40])
                    scan.odd_cells.append((row, match[1], said))
            element.clear()


def _check_range(source: SourceFile, sheet: str, ref: str, verb: str) -> None:
    """Refuse a sheet whose range ``ref`` (``A1:XFD1048576``) spans too many cells."""
    corners = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
    if len(corners) != 2 or not all(corners):
        return
    (a, b) = corners
    assert a is not None and b is not None
    rows = abs(int(b[2]) - int(a[2])) + 1
    columns = abs(_column_number(b[1]) - _column_number(a[1])) + 1
    if rows * columns > MAX_SHEET_CELLS:
        raise fail(
            source,
            int(b[2]),
            b[1],
            f"sheet {sheet!r} {verb} the range {ref}, {rows * columns:,} cells, over the limit "
            f"of {MAX_SHEET_CELLS:,}: a stray cell far from the table? Delete it (or the rows "
            "and columns up to it) in a copy and ingest that",
        )
