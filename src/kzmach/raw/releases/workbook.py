"""A published Bureau workbook (``.xlsx`` or old ``.xls``) as the Bureau lays it out.

An ``.xlsx`` is scanned first (its range, shared strings, error cells and unsaved formulas,
before anything is allocated for it) and read by openpyxl; an old ``.xls`` by xlrd: both keep
each number as stored and each row at its own number. The layout is found, not assumed:

* titles and unit rows above the table: the first text cell is the indicator's name, a unit
  row (``тыс.тенге``, ``долл. США``, ``%``) gives the unit;
* the heading: the first row whose cells read as periods (``I квартал 2008 года``,
  ``9 месяцев 2008 года``, ``2008 год``), or two rows, a year row over ``I quarter`` ...
  ``year`` (the year carried across the columns it spans);
* heading rows that group the rows below (a label and no values, followed by rows with
  values): the heading becomes part of each grouped row's name (``Уровень безработицы: Всего``);
* footnote marks on labels, headings and values (``года4)``, ``Туркестанская2)``, ``78,8*``)
  are stripped and kept in ``note``; footnote text under the table (``1) ...``) is not data;
* a column whose heading is not a period and holds only text (methodology) is skipped with a
  note; a number under such a heading, an Excel error or an unsaved formula refuses the file;
* the table is read to its last row: rows without values inside it (a section title, an
  indicator whose figures are not published) are passed over, never taken for its end.

The row label (a region, in the Bureau's regional tables) is the territory; the mapping tables
decide what it is. Row numbers in messages are the sheet's own.
"""

from __future__ import annotations

import re
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
from kzmach.raw.releases.xlsx_scan import EXCEL_ERROR, SheetScan, column_letter, scan_xlsx
from kzmach.text.periods import PeriodParseError, parse_period, written_period

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

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


def sheet_cells(source: SourceFile) -> tuple[str, list[tuple[int, list[str]]]]:
    """Return the sheet's name and its rows as ``(sheet row number, cells as text)``.

    The sheet is ``source.sheet``, or the first visible sheet that holds a table (a row with
    two or more numbers); hidden sheets are read only when ``source.sheet`` names them. The
    workbook's type is taken from its content, not its name (an ``.xlsx`` saved as ``.xls``
    reads, and the reverse): an ``.xlsx`` is scanned (:func:`scan_xlsx`) and read by
    openpyxl, an old ``.xls`` read by xlrd; both give each number as stored and each row its
    own number. Blank rows are left out. The sheets not read are listed, with why, in
    ``source.account.skipped``. A cell holding an Excel error or a formula without a saved
    value refuses the sheet by its address.
    """
    data = source.path.read_bytes()
    if data[:4] == OLE_MAGIC:
        scans, rows_of = _read_xls(source, data)
    else:
        scans = scan_xlsx(source, data)
        rows_of = lambda name: _xlsx_rows(source, data, name)  # noqa: E731
    names = list(scans)
    if source.sheet is not None and source.sheet not in names:
        raise fail(source, 0, "", f"no sheet {source.sheet!r}; the sheets are {names}")
    account = source.account
    for name in [source.sheet] if source.sheet is not None else names:
        scan = scans[name]
        if source.sheet is None and scan.state != "visible":
            account.skipped.append(f"sheet {name!r} ({scan.state}; give --sheet to read it)")
            continue
        try:
            rows = rows_of(name)
        except ReleaseError:
            _refuse_odd_cells(source, name, scan)  # the cells that made the engine fail
            raise
        if source.sheet is not None or sum(_numbers(cells) >= 2 for _, cells in rows) >= 1:
            _refuse_odd_cells(source, name, scan)
            account.where = f"sheet {name!r}"
            account.skipped += [
                f"sheet {other!r} (the table was found in sheet {name!r})"
                for other in names[names.index(name) + 1 :]
            ]
            return name, rows
        account.skipped.append(f"sheet {name!r} (no table: no row of two numbers)")
    raise fail(source, 0, "", f"no visible sheet holds a table (sheets: {names}); give --sheet")


_XLS_STATES: Final = {0: "visible", 1: "hidden", 2: "veryHidden"}


def _read_xls(
    source: SourceFile, data: bytes
) -> tuple[dict[str, SheetScan], Callable[[str], list[tuple[int, list[str]]]]]:
    """Open an old ``.xls`` workbook with xlrd: each sheet's scan, and a reader of its rows.

    xlrd keeps every row at its own number (the calamine engine drops blank rows, so that
    its row numbers drift) and every number as stored (calamine's text keeps ten digits).
    """
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data)
    except Exception as error:  # xlrd's own errors on a damaged or foreign file
        raise fail(source, 0, "", f"not a readable workbook: {first_line(error)}") from None
    scans = {}
    for sheet in book.sheets():
        scan = SheetScan(state=_XLS_STATES.get(sheet.visibility, "hidden"))
        for row in range(sheet.nrows):
            for column, cell in enumerate(sheet.row(row)):
                if cell.ctype == xlrd.XL_CELL_ERROR:
                    text = xlrd.error_text_from_code.get(cell.value, "#N/A")
                    said = EXCEL_ERROR.format(text=text)
                    scan.odd_cells.append((row + 1, column_letter(column), said))
        scans[sheet.name] = scan

    def rows_of(name: str) -> list[tuple[int, list[str]]]:
        sheet = book.sheet_by_name(name)
        rows = []
        for row in range(sheet.nrows):
            cells = [_xls_text(cell, book.datemode) for cell in sheet.row(row)]
            if any(cells):
                rows.append((row + 1, cells))
        return rows

    return scans, rows_of


def _xls_text(cell: Any, datemode: int) -> str:
    """Return an ``.xls`` cell as text: a number as stored, a date as ISO, an error as ''."""
    import xlrd

    if cell.ctype == xlrd.XL_CELL_NUMBER:
        return _cell_text(float(cell.value))
    if cell.ctype == xlrd.XL_CELL_DATE:
        return str(xlrd.xldate_as_datetime(cell.value, datemode))
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if cell.ctype == xlrd.XL_CELL_TEXT:
        return str(cell.value).strip()
    return ""  # empty, blank, or an error (refused by its address)


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


def _refuse_odd_cells(source: SourceFile, sheet: str, scan: SheetScan) -> None:
    """Refuse a sheet with Excel errors, unsaved formulas or no-number numbers, by cell."""
    problems = [
        Problem(f"{source.label} [{sheet}]", row, column, message)
        for row, column, message in scan.odd_cells
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
        first_cells = ", ".join(f"{column_letter(column)}{n}" for n in numbers[:5])
        problems.append(
            (
                numbers[0],
                column_letter(column),
                f"{len(numbers)} number(s) in column {column_letter(column)} ({first_cells}"
                f"{', ...' if len(numbers) > 5 else ''}) stand under {said}: they would be "
                "lost; give the column a period heading (e.g. '2023 год', 'I квартал 2023 "
                "года') in a copy and ingest that",
            )
        )
    return problems


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
                "cell_column": f"{column_letter(column)} ({as_written!r})",
                "quote": "",
                "note": "; ".join(f"footnote {n}" for n in dict.fromkeys(marks)),
            }
