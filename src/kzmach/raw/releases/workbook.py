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
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.raw.releases.common import ReleaseError, SourceFile, fail, finish, first_line
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


def sheet_cells(source: SourceFile) -> tuple[str, list[tuple[int, list[str]]]]:
    """Return the sheet's name and its rows as ``(sheet row number, cells as text)``.

    The sheet is ``source.sheet``, or the first sheet that holds a table (a row with two or
    more numbers). Blank rows are left out.
    """
    import polars as pl

    try:
        import fastexcel

        names = fastexcel.read_excel(str(source.path)).sheet_names
    except Exception as error:  # calamine raises its own errors on damaged files
        raise fail(source, 0, "", f"not a readable workbook: {first_line(error)}") from None
    if source.sheet is not None and source.sheet not in names:
        raise fail(source, 0, "", f"no sheet {source.sheet!r}; the sheets are {names}")
    candidates = [source.sheet] if source.sheet is not None else names
    for name in candidates:
        try:
            frame = pl.read_excel(
                source.path,
                sheet_name=name,
                engine="calamine",
                has_header=False,
                infer_schema_length=0,
                raise_if_empty=False,
            )
            offset = _first_row(source, name)
        except Exception as error:  # a damaged sheet: calamine's, openpyxl's or zip's error
            raise fail(source, 0, "", f"sheet {name!r} is damaged: {first_line(error)}") from None
        rows = []
        for index, values in enumerate(frame.iter_rows()):
            cells = ["" if v is None else str(v).strip() for v in values]
            if any(cells):
                rows.append((index + offset, cells))
        if source.sheet is not None or sum(_numbers(cells) >= 2 for _, cells in rows) >= 1:
            return str(name), rows
    raise fail(source, 0, "", f"no sheet holds a table (sheets: {names}); give --sheet")


def _first_row(source: SourceFile, sheet: str) -> int:
    """Return the sheet row number of the first row calamine returns: the first with a value.

    Not the sheet's dimension: a workbook may declare ``A1`` while its first row holds only
    formatting, which calamine leaves out (the Bureau's unemployment workbook: row 1 empty,
    the title in row 2).
    """
    if source.path.read_bytes()[:4] == OLE_MAGIC:
        return 1  # .xls: no dimension record to read here; rows are counted from the top
    from openpyxl import load_workbook

    with source.path.open("rb") as stream:
        book = load_workbook(stream, read_only=True)
        try:
            first = int(book[sheet].min_row or 1)
            for number, values in enumerate(book[sheet].iter_rows(values_only=True), first):
                if any(v is not None and str(v).strip() for v in values):
                    return number
            return first
        finally:
            book.close()


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
    """Read a published workbook into the long table (see the module docstring)."""
    import polars as pl

    sheet, rows = sheet_cells(source)
    position, periods = _heading_or_fail(source, sheet, rows)
    title, title_note = strip_footnote(next((c[0] for _, c in rows[:position] if c[0]), ""))
    heading_row = rows[position][0]
    skipped = [
        f"column {i + 1} ({cell!r}) is not a period: skipped"
        for i, cell in enumerate(rows[position][1])
        if i > 0 and cell and i not in periods
    ]
    records = [
        {"indicator_name": title, "unit": _unit_above(rows[:position]), **record}
        for record in _body_records(rows[position + 1 :], periods, title_note)
    ]
    if not records:
        raise fail(source, heading_row, "", f"sheet {sheet!r}: a heading but no rows of values")
    if skipped:  # said once, on the first value
        records[0]["note"] = "; ".join(n for n in (records[0]["note"], *skipped) if n)
    frame = pl.DataFrame(records, schema={k: pl.String for k in records[0]} | {"row": pl.Int64})
    column_names = {
        "period": f"heading (row {heading_row})",
        "value": "{cell_column}",
        "unit": "",
    }
    return finish(SourceFile(source.path, f"{source.label} [{sheet}]"), frame, column_names)


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
    """Yield a record per value of the table's body, until the footnotes under it.

    A row without values whose next row has some is a heading grouping the rows below: its
    name prefixes theirs. Footnote marks of the title, the period, the row and the value
    become the record's ``note``.
    """
    group = ""
    for index, (number, cells) in enumerate(body):
        name, name_note = strip_footnote(cells[0]) if cells else ("", "")
        values = {i: cells[i] for i in periods if i < len(cells) and cells[i]}
        if not values:
            if _FOOTNOTE_LINE.match(cells[0] if cells else "") or len(name) > 80:
                return  # footnote text under the table: the table has ended
            following = body[index + 1][1] if index + 1 < len(body) else []
            if name and any(following[i] for i in periods if i < len(following)):
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
