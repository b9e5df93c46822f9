"""A published Bureau workbook (``.xlsx`` or old ``.xls``) as the Bureau lays it out.

Read through ``polars.read_excel`` with the calamine engine. The layout is found, not assumed:

* titles and unit rows above the table: the first text cell is the indicator's name, a unit
  row (``тыс.тенге``, ``долл. США``, ``%``) gives the unit;
* the heading: the first row whose cells read as periods (``I квартал 2008 года``,
  ``9 месяцев 2008 года``, ``2008 год``), or two rows, a year row over ``I quarter`` ...
  ``year`` (the year carried across the columns it spans);
* heading rows that group the rows below (a label and no values, followed by rows with
  values): the heading becomes part of each grouped row's name (``Уровень безработицы: Всего``);
* footnote marks on labels, headings and values (``года4)``, ``Туркестанская2)``, ``78,8*``)
  are stripped and kept in ``note``; footnote text under the table (``1) ...``) is not data;
* a column whose heading is not a period (methodology text) is skipped with a note.

The row label (a region, in the Bureau's regional tables) is the territory; the mapping tables
decide what it is. Row numbers in messages are the sheet's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.raw.releases.common import (
    MARKER_AS_WRITTEN,
    MAX_REPORTED,
    Accounting,
    ReleaseError,
    SourceFile,
    fail,
    finish,
    first_line,
)
from kzmach.text.periods import PeriodParseError, parse_period, written_period

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl

__all__ = ["read_workbook", "sheet_cells", "strip_footnote"]

_FOOTNOTE_MARK: Final = re.compile(r"\s*(\d{1,2}\)|\*+)\s*$")
_FOOTNOTE_LINE: Final = re.compile(r"^\s*(\d{1,2}\)|\*|примечание|note)", re.IGNORECASE)
_UNIT_WORDS: Final = re.compile(
    r"тенге|теңге|долл|usd|tenge|процент|%|единиц|тонн|человек|persons|млн|млрд|тыс", re.I
)
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0"


def strip_footnote(text: str) -> tuple[str, str]:
    """Split a footnote mark from the end of a cell: ``('года', '4)')``, ``('78,8', '*')``."""
    match = _FOOTNOTE_MARK.search(text)
    if not match or not text[: match.start()].strip():
        return text.strip(), ""
    return text[: match.start()].strip(), match[1]


#: The largest used range (rows x columns) a sheet may span: a Bureau table has a few
#: thousand cells; a stray cell far away (``XFD1048576``) would make the engine allocate
#: the whole range (17 billion cells) and abort the process.
MAX_SHEET_CELLS: Final = 5_000_000
#: The most shared strings a workbook may declare (the engine reserves room for them all).
MAX_SHARED_STRINGS: Final = 5_000_000
#: The most bytes a workbook's parts may unpack to.
MAX_UNPACKED_BYTES: Final = 512 << 20
_CELL_REF: Final = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_MAIN: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONSHIP: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@dataclass(slots=True)
class SheetScan:
    """What a sheet's XML says before any engine reads it: its range and its odd cells.

    ``state`` is its visibility; ``errors`` are cells holding an Excel error (``#DIV/0!``)
    and ``unsaved`` formulas without a saved value, each as ``(row, column letters, text)``.
    """

    state: str = "visible"
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    unsaved: list[tuple[int, str, str]] = field(default_factory=list)


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
                    declared = max(
                        int(element.get(k) or 0) if (element.get(k) or "0").isdigit() else 0
                        for k in ("count", "uniqueCount")
                    )
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
                        f"{_column_letter(low[1] - 1)}{low[0]}:{cell['ref']}",
                        "reaches",
                    )
                value = cell.get("v", "")
                if cell["type"] == "e":
                    scan.errors.append((row, match[1], value))
                elif cell["f"] and not value:
                    scan.unsaved.append((row, match[1], ""))
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


def sheet_cells(source: SourceFile) -> tuple[str, list[tuple[int, list[str]]]]:
    """Return the sheet's name and its rows as ``(sheet row number, cells as text)``.

    The sheet is ``source.sheet``, or the first visible sheet that holds a table (a row with
    two or more numbers); hidden sheets are read only when ``source.sheet`` names them. The
    workbook's type is taken from its content, not its name (an ``.xlsx`` saved as ``.xls``
    reads). Blank rows are left out. The sheets not read are listed, with why, in
    ``source.account.skipped``. An ``.xlsx`` is scanned first (:func:`scan_xlsx`): a cell
    holding an Excel error or a formula without a saved value is refused by its address.
    """
    import fastexcel

    data = source.path.read_bytes()
    is_xls = data[:4] == OLE_MAGIC
    scans = {} if is_xls else scan_xlsx(source, data)
    try:
        book = fastexcel.read_excel(data)
        names = list(book.sheet_names)
    except Exception as error:  # calamine raises its own errors on damaged files
        raise fail(source, 0, "", f"not a readable workbook: {first_line(error)}") from None
    if source.sheet is not None and source.sheet not in names:
        raise fail(source, 0, "", f"no sheet {source.sheet!r}; the sheets are {names}")
    account = source.account
    for name in [source.sheet] if source.sheet is not None else names:
        scan = scans.get(str(name)) or SheetScan(state=_xls_state(book, name))
        if source.sheet is None and scan.state != "visible":
            account.skipped.append(f"sheet {name!r} ({scan.state}; give --sheet to read it)")
            continue
        rows = _xls_rows(source, data, str(name)) if is_xls else _xlsx_rows(source, data, name)
        if source.sheet is not None or sum(_numbers(cells) >= 2 for _, cells in rows) >= 1:
            _refuse_odd_cells(source, str(name), scan)
            account.where = f"sheet {name!r}"
            account.skipped += [
                f"sheet {other!r} (the table was found in sheet {name!r})"
                for other in names[names.index(name) + 1 :]
            ]
            return str(name), rows
        account.skipped.append(f"sheet {name!r} (no table: no row of two numbers)")
    raise fail(source, 0, "", f"no visible sheet holds a table (sheets: {names}); give --sheet")


def _xls_state(book: Any, name: str) -> str:
    """Return an old ``.xls`` sheet's visibility as the engine reports it."""
    try:
        return str(book.load_sheet(name, header_row=None, n_rows=1).visible)
    except Exception:  # a damaged sheet: reading it will say so
        return "visible"


def _xlsx_rows(source: SourceFile, data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """Return an ``.xlsx`` sheet's non-blank rows as (sheet row number, cells as text).

    Read by openpyxl, each number as the shortest text that gives back its stored value
    (``6.474321864345427``, as the cell holds it; the calamine engine's text would be
    ``6.474321864``, a changed value), each row with its own number. The sheet was scanned
    first (:func:`scan_xlsx`), so its size is bounded.
    """
    import io

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged part: zip's, openpyxl's or the XML parser's error
        raise fail(source, 0, "", f"not a readable workbook: {first_line(error)}") from None
    try:
        rows = []
        for cells in book[name].iter_rows():
            texts = {c.column: _cell_text(c.value) for c in cells if hasattr(c, "column")}
            if any(texts.values()):
                width = max(texts)
                row = next(c.row for c in cells if hasattr(c, "row"))
                rows.append((row, [texts.get(i, "") for i in range(1, width + 1)]))
        return rows
    except Exception as error:  # a damaged sheet
        raise fail(source, 0, "", f"sheet {name!r} is damaged: {first_line(error)}") from None
    finally:
        book.close()


def _cell_text(value: Any) -> str:
    """Return a cell's value as text: a float as the shortest text that round-trips."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value).strip()


def _xls_rows(source: SourceFile, data: bytes, name: str) -> list[tuple[int, list[str]]]:
    """Return an old ``.xls`` sheet's non-blank rows as (row number, cells as text).

    Read by the calamine engine, which counts rows from the first that holds a value: row
    numbers are counted from there (an ``.xls`` with empty rows on top is off by them).
    """
    offset = 1
    import io

    import polars as pl

    try:
        frame = pl.read_excel(
            io.BytesIO(data),
            sheet_name=name,
            engine="calamine",
            has_header=False,
            infer_schema_length=0,
            raise_if_empty=False,
        )
    except Exception as error:  # a damaged sheet: calamine's or zip's error
        raise fail(source, 0, "", f"sheet {name!r} is damaged: {first_line(error)}") from None
    rows = []
    for index, values in enumerate(frame.iter_rows()):
        cells = ["" if v is None else str(v).strip() for v in values]
        if any(cells):
            rows.append((index + offset, cells))
    return rows


def _refuse_odd_cells(source: SourceFile, sheet: str, scan: SheetScan) -> None:
    """Refuse a sheet with Excel errors or unsaved formulas in it, naming the cells."""
    problems = [
        Problem(
            f"{source.label} [{sheet}]",
            row,
            column,
            f"holds the Excel error {text or '#N/A'} instead of a number: correct the cell",
        )
        for row, column, text in scan.errors
    ] + [
        Problem(
            f"{source.label} [{sheet}]",
            row,
            column,
            "holds a formula with no saved value (the file was not saved by a spreadsheet "
            "program): open it, recalculate and save it, then ingest that copy",
        )
        for row, column, _ in scan.unsaved
    ]
    if problems:
        raise ReleaseError(problems[:MAX_REPORTED])


def _number(cell: str) -> float | None:
    text = strip_footnote(cell)[0].replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _numbers(cells: list[str]) -> int:
    return sum(_number(cell) is not None for cell in cells[1:])


def _period(text: str) -> str | None:
    period = written_period(strip_footnote(text)[0])
    if period is None:
        return None
    try:
        parse_period(period)
    except PeriodParseError:
        return None
    return period


def _heading(rows: list[tuple[int, list[str]]]) -> tuple[int, dict[int, tuple[str, str, str]]]:
    """Find the heading: its position in ``rows``, {column: (period, as written, footnote)}."""
    for position, (_, cells) in enumerate(rows):
        filled = {i: c for i, c in enumerate(cells) if i > 0 and c}
        if not filled:
            continue
        below = rows[position + 1][1] if position + 1 < len(rows) else []
        years_only = all(re.fullmatch(r"\d{4}", c) for c in filled.values())
        words_below = sum(bool(c) and _number(c) is None for c in below[1:])
        if years_only and words_below >= len(filled):  # a year row over I quarter ... year
            combined: dict[int, tuple[str, str, str]] = {}
            year = ""
            for i in range(1, max(len(cells), len(below))):
                year = cells[i] if i < len(cells) and cells[i] else year
                sub, mark = strip_footnote(below[i]) if i < len(below) else ("", "")
                if sub and year and (p := _period(f"{sub} {year}")) is not None:
                    combined[i] = (p, f"{below[i]} {year}", mark)
            if combined:
                return position + 1, combined
        single = {
            i: (p, c, strip_footnote(c)[1])
            for i, c in filled.items()
            if (p := _period(c)) is not None
        }
        if len(single) >= max(1, len(filled) // 2):
            return position, single
    raise ReleaseError([Problem("", 0, "", "no heading of periods")])


def read_workbook(source: SourceFile) -> pl.DataFrame:
    """Read a published workbook into the long table (see the module docstring).

    Every number and mark of the sheet is accounted for (:func:`_unread_numbers`): a value
    read, a period heading, a label; a number anywhere else refuses the workbook, naming its
    cells, instead of being lost.
    """
    import polars as pl

    sheet, rows = sheet_cells(source)
    position, periods = _heading_or_fail(source, sheet, rows)
    title, title_note = strip_footnote(next((c[0] for _, c in rows[:position] if c[0]), ""))
    heading_row = rows[position][0]
    label = f"{source.label} [{sheet}]"
    unread = _unread_numbers(rows, position, periods, source.account)
    if unread:
        raise ReleaseError(
            [Problem(label, row, column, message) for row, column, message in unread]
        )
    records = [
        {"indicator_name": title, "unit": _unit_above(rows[:position]), **record}
        for record in _body_records(rows[position + 1 :], periods, title_note)
    ]
    if not records:
        raise fail(source, heading_row, "", f"sheet {sheet!r}: a heading but no rows of values")
    skipped = [  # columns of text only (methodology): no number is lost with them
        f"column {i + 1} ({cell!r}) is not a period: skipped"
        for i, cell in enumerate(rows[position][1])
        if i > 0 and cell and i not in periods
    ]
    if skipped:  # said once, on the first value
        records[0]["note"] = "; ".join(n for n in (records[0]["note"], *skipped) if n)
    frame = pl.DataFrame(records, schema={k: pl.String for k in records[0]} | {"row": pl.Int64})
    column_names = {
        "period": f"heading (row {heading_row})",
        "value": "{cell_column}",
        "unit": "",
    }
    named = SourceFile(source.path, label, source.sheet, source.decimal_mark, source.account)
    return finish(named, frame, column_names)


def _is_entry(cell: str) -> bool:
    """Say whether a cell holds a number or one of the Bureau's marks (not a blank)."""
    return bool(cell) and (_number(cell) is not None or cell.strip() in MARKER_AS_WRITTEN)


def _unread_numbers(
    rows: list[tuple[int, list[str]]],
    position: int,
    periods: dict[int, tuple[str, str, str]],
    account: Accounting,
) -> list[tuple[int, str, str]]:
    """Account for the numbers and marks outside the table's value cells.

    Numbers in the rows above and in the heading are period headings or titles, numbers
    in the first column row labels: set aside and counted in ``account``. A number or mark
    in the body under a heading that is not a period would be lost: returned as
    ``(row, column, message)``, a message per column naming its first cells.
    """
    heading = rows[position][1]
    lost: dict[int, list[int]] = {}
    for index, (number, cells) in enumerate(rows):
        for column, cell in enumerate(cells):
            if not _is_entry(cell):
                continue
            if index <= position:
                account.exclude("numbers in the title and the period headings")
            elif column == 0:
                account.exclude("numbers in row labels")
            elif column not in periods:
                lost.setdefault(column, []).append(number)
    problems = []
    for column, numbers in lost.items():
        head = heading[column] if column < len(heading) else ""
        said = f"heading {head!r}, which is not a period" if head else "no heading"
        cells = ", ".join(f"{_column_letter(column)}{n}" for n in numbers[:5])
        problems.append(
            (
                numbers[0],
                _column_letter(column),
                f"{len(numbers)} number(s) in column {_column_letter(column)} ({cells}"
                f"{', ...' if len(numbers) > 5 else ''}) stand under {said}: they would be "
                "lost; give the column a period heading (e.g. '2023 год', 'I квартал 2023 "
                "года') in a copy and ingest that",
            )
        )
    return problems


def _column_letter(index: int) -> str:
    """Return a sheet's column letters for a column counted from 0 (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _heading_or_fail(
    source: SourceFile, sheet: str, rows: list[tuple[int, list[str]]]
) -> tuple[int, dict[int, tuple[str, str, str]]]:
    """Return the heading row's position and its period columns, or fail naming the sheet."""
    try:
        return _heading(rows)
    except ReleaseError:
        raise fail(
            source,
            rows[0][0] if rows else 0,
            "",
            f"sheet {sheet!r}: no heading row of periods (e.g. '2008 год', 'I квартал 2008 "
            "года', or a year row over 'I quarter' ... 'year') above the table",
        ) from None


def _unit_above(rows: list[tuple[int, list[str]]]) -> str:
    """Return the unit written above the table (a short cell naming one), or ''."""
    return next(
        (
            cell
            for _, cells in rows
            for cell in cells[1:]
            if cell and _UNIT_WORDS.search(cell) and len(cell) < 40
        ),
        "",
    )


def _body_records(
    body: list[tuple[int, list[str]]],
    periods: dict[int, tuple[str, str, str]],
    title_note: str,
) -> Iterator[dict[str, Any]]:
    """Yield a record per value of the table's body, down to its last row.

    A row without values whose next row has some is a heading grouping the rows below: its
    name prefixes theirs. Other rows without values (a section title, an indicator whose
    figures are not published, footnote text under the table) are passed over, and the
    reading goes on: a gap inside the table never ends it. Footnote marks of the title, the
    period, the row and the value become the record's ``note``.
    """
    group = ""
    for index, (number, cells) in enumerate(body):
        name, name_note = strip_footnote(cells[0]) if cells else ("", "")
        values = {i: cells[i] for i in periods if i < len(cells) and cells[i]}
        if not values:
            following = body[index + 1][1] if index + 1 < len(body) else []
            footnote = _FOOTNOTE_LINE.match(cells[0] if cells else "")
            if name and not footnote and any(following[i] for i in periods if i < len(following)):
                group = name
            continue
        for column, text in values.items():
            value, value_note = strip_footnote(text)
            period, as_written, heading_note = periods[column]
            marks = [n for n in (title_note, heading_note, name_note, value_note) if n]
            yield {
                "row": number,
                "period_raw": period,
                "period": period,
                "period_type": parse_period(period).type,
                "period_as_written": as_written,
                "kato": "",
                "kato_label": f"{group}: {name}" if group else name,
                "code": "",
                "code_label": "",
                "value_raw": value,
                "cell_column": f"{_column_letter(column)} ({as_written!r})",
                "quote": "",
                "note": "; ".join(f"footnote {n}" for n in dict.fromkeys(marks)),
            }
