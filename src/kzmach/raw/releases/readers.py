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

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import KzmachError, Problem, listed
from kzmach.metadata.vocabulary import MONTH_NAMES

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "BNS_KATO",
    "FORMATS",
    "MARKERS",
    "RELEASE_COLUMNS",
    "ReleaseError",
    "detect_format",
    "read_release",
]

FORMATS: Final = (
    "bns-csv",
    "bns-json",
    "bns-xlsx",
    "taldau-json",
    "publication-csv",
    "template-csv",
    "template-xlsx",
)
#: Documented non-values and what they mean.
MARKERS: Final = {"x": "confidential", "-": "no such activity", "": "not published"}
BNS_KATO: Final = ("КАТО(по каталогу)", "LКАТО(по каталогу)")
BNS_FIXED: Final = ("NAM", "DAT", "PERIOD", *BNS_KATO)
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
RELEASE_COLUMNS: Final = (
    "row",
    "indicator_name",
    "unit",
    "period",
    "period_type",
    "period_as_written",
    "kato",
    "kato_label",
    "code",
    "code_label",
    "value",
    "value_as_written",
    "marker",
    "quote",
)
#: Units whose values may be negative: changes, not levels or indices.
CHANGE_UNITS: Final = ("прирост", "изменение", "change", "п.п.", "pp")
MAX_REPORTED: Final = 20

_RUSSIAN_MONTHS: Final = MONTH_NAMES["ru"]
_XLSX_MAGIC: Final = b"PK\x03\x04"


class ReleaseError(KzmachError):
    """A release file that cannot be read; ``problems`` name the file, row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the release:\n"
            + listed(self.problems, MAX_REPORTED)
        )


@dataclass(frozen=True, slots=True)
class _Source:
    path: Path
    label: str


def _fail(source: _Source, row: int, column: str, message: str) -> ReleaseError:
    return ReleaseError([Problem(source.label, row, column, message)])


def _check_utf8(source: _Source) -> None:
    """Check that the file is non-empty UTF-8, reading it in chunks (bounded memory)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    blank = True
    with source.path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            blank = blank and not chunk.strip()
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                position = max(0, error.start - len(decoder.getstate()[0]))
                line = lines + chunk.count(b"\n", 0, position) + 1
                raise _fail(
                    source,
                    line,
                    "",
                    f"not UTF-8 text (byte {chunk[position]:#04x} at offset "
                    f"{offset + position}); save the file as UTF-8",
                ) from None
            offset += len(chunk)
            lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise _fail(source, lines + 1, "", "not UTF-8 text: the file ends mid-character") from None
    if blank:
        raise _fail(source, 0, "", "the file is empty")


def _text(source: _Source) -> str:
    """Return the file as text: it must be non-empty UTF-8 (a byte-order mark is allowed).

    The file is decoded once; only when that fails or the text is blank does
    :func:`_check_utf8` read it again, to say where.
    """
    try:
        text = source.path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.strip():
        _check_utf8(source)
    return text


def _head(source: _Source, size: int = 4096) -> str:
    """Return the first characters of a file already checked to be UTF-8."""
    with source.path.open("rb") as stream:
        data = stream.read(size)
    return data.decode("utf-8-sig", errors="ignore")


def detect_format(path: Path, label: str | None = None) -> str:
    """Guess a release's format from its content (the file name is not trusted).

    ``label`` is how messages name the file (default: the path).

    Raises
    ------
    ReleaseError
        If the file is empty, not UTF-8 text nor a workbook, or none of :data:`FORMATS`.
    """
    source = _Source(path, label or str(path))
    with path.open("rb") as stream:
        magic = stream.read(len(_XLSX_MAGIC))
    if magic == _XLSX_MAGIC:
        first_rows = _xlsx_rows(source, limit=1)
        header = first_rows[0][1] if first_rows else []
        if "PERIOD" in header and "VAL" in header:
            return "bns-xlsx"
        if [h for h in header if h] == list(TEMPLATE_COLUMNS):
            return "template-xlsx"
        raise _fail(
            source,
            1,
            "",
            "a workbook, but its first row is neither a BNS dynamic table's header nor the "
            f"kzmach template's: {header[:8]}",
        )
    _check_utf8(source)
    head = _head(source).lstrip()
    if head.startswith(("[", "{")):
        if '"periods"' in head and '"terms"' in head:
            return "taldau-json"
        if '"PERIOD"' in head and '"VAL"' in head:
            return "bns-json"
        raise _fail(source, 1, "", "JSON, but neither a BNS dynamic table nor Taldau slices")
    first = head.split("\n", 1)[0].rstrip("\r")
    if first.startswith("NAM\t") or "\tPERIOD\t" in first:
        return "bns-csv"
    if first.split(",")[: len(TEMPLATE_COLUMNS)] == list(TEMPLATE_COLUMNS):
        return "template-csv"
    cells = _split_publication(first)
    if len(cells) > 1 and all(_publication_period(c) for c in cells[1:]):
        return "publication-csv"
    raise _fail(
        source,
        1,
        "",
        "not a release table this reader knows (BNS dynamic table as CSV, JSON or XLSX, "
        f"Taldau JSON, a publication table, or the kzmach template); its first line is "
        f"{first[:80]!r}",
    )


def _xlsx_cell(value: Any) -> str:
    """Write a workbook cell as text: numbers without a spurious ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return str(value)


def _xlsx_rows(source: _Source, limit: int | None = None) -> list[tuple[int, list[str]]]:
    """Return ``(row number, cells)`` of the first sheet; blank rows are skipped."""
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # a stream, not the path: openpyxl would refuse a name not ending in .xlsx
        with source.path.open("rb") as stream:
            workbook = load_workbook(stream, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows: list[tuple[int, list[str]]] = []
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    cells = [_xlsx_cell(v).strip() for v in values]
                    if any(cells):
                        rows.append((number, cells))
                    if limit is not None and len(rows) >= limit:
                        break
            finally:
                workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, EOFError, OSError) as error:
        raise _fail(
            source,
            0,
            "",
            f"not a readable XLSX workbook (truncated or damaged?): {error}",
        ) from None
    except Exception as error:  # openpyxl raises assorted errors on damaged XML
        raise _fail(source, 0, "", f"not a readable XLSX workbook: {error}") from None
    return rows


_PUBLICATION_MONTHS: Final = {name[:3]: number for number, name in enumerate(_RUSSIAN_MONTHS, 1)}


def _split_publication(line: str) -> list[str]:
    separator = "\t" if "\t" in line else ";"
    return [cell.strip().strip('"').strip() for cell in line.split(separator)]


def _publication_period(header: str) -> str | None:
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


def _period(text: str) -> tuple[str, str] | None:
    """``YYYY`` -> (year), ``YYYYMM`` -> (month), ``YYYYQn`` -> (quarter); else None."""
    if re.fullmatch(r"\d{4}", text):
        return text, "year"
    month = re.fullmatch(r"(\d{4})(\d{2})", text)
    if month and 1 <= int(month[2]) <= 12:
        return f"{month[1]}-{month[2]}", "month"
    quarter = re.fullmatch(r"(\d{4})[-]?[QК]([1-4])", text)
    if quarter:
        return f"{quarter[1]}-Q{quarter[2]}", "quarter"
    return None


def _bns_frame(source: _Source, records: pl.DataFrame, row_of: pl.Expr) -> pl.DataFrame:
    import polars as pl

    columns = records.columns
    missing = [c for c in (*BNS_FIXED, "VAL") if c not in columns]
    if missing:
        raise _fail(
            source,
            1,
            ", ".join(missing),
            f"missing column(s) {missing}; found {columns}",
        )
    classifiers = [
        c for c in columns if c not in (*BNS_FIXED, "VAL") and not c.startswith(("L", "_"))
    ]
    if len(classifiers) > 1:
        raise _fail(source, 1, ", ".join(classifiers), "one classifier column is read, not more")
    code = classifiers[0] if classifiers else None
    if code is not None and f"L{code}" not in columns:
        raise _fail(source, 1, code, f"the label column L{code} is missing")
    frame = records.select(
        row_of.alias("row"),
        pl.col("NAM").str.strip_chars().alias("indicator_name"),
        pl.col("NAM").str.extract(r",\s*([^,]*)$", 1).fill_null("").str.strip_chars().alias("unit"),
        pl.col("PERIOD").str.strip_chars().alias("period_raw"),
        pl.col(BNS_KATO[0]).str.strip_chars().alias("kato"),
        pl.col(BNS_KATO[1]).str.strip_chars().alias("kato_label"),
        (pl.col(code).str.strip_chars() if code else pl.lit("")).alias("code"),
        (pl.col(f"L{code}").str.strip_chars() if code else pl.lit("")).alias("code_label"),
        pl.col("VAL").fill_null("").str.strip_chars().alias("value_raw"),
        pl.lit("").alias("quote"),
    )
    return _finish(source, frame, {"period": "PERIOD", "value": "VAL", "unit": "NAM"})


def _numbers(raw: pl.Expr) -> pl.Expr:
    """Parse numbers written with spaces (also no-break) as thousands and a decimal comma."""
    import polars as pl

    return (
        raw.str.replace_all(r"[\s\u00a0\u202f]", "")
        .str.replace(",", ".", literal=True)
        .cast(pl.Float64, strict=False)
    )


def _finish(
    source: _Source,
    frame: pl.DataFrame,
    names: dict[str, str],
    *,
    per_row_unit: bool = False,
    keys: Sequence[str] = ("period_raw", "kato", "code"),
) -> pl.DataFrame:
    """Check and type a normalised frame; raise with every problem found.

    ``names`` maps the checked fields to the file's own column names, for messages. A file
    of one indicator has one unit; with ``per_row_unit`` (tables of several indicators)
    each row's unit is read on its own. ``keys`` identify one value: the same keys twice
    with different values are refused.
    """
    import polars as pl

    if frame.height == 0:
        raise _fail(source, 0, "", "the table has a header but no rows")
    problems: list[Problem] = []

    def report(rows: pl.DataFrame, column: str, message: Any) -> None:
        for record in rows.head(MAX_REPORTED).iter_rows(named=True):
            problems.append(Problem(source.label, int(record["row"]), column, message(record)))

    parsed: dict[Any, tuple[str, str] | None] = {}
    if "period_type" not in frame.columns:  # the template's periods are parsed already
        parsed = {p: _period(str(p)) for p in frame["period_raw"].unique().to_list()}
        unknown = [p for p, v in parsed.items() if v is None]
        report(
            frame.filter(pl.col("period_raw").is_in(unknown)),
            names["period"],
            lambda r: (
                f"unknown period format {r['period_raw']!r} (expected YYYY, YYYYMM or YYYYQn)"
            ),
        )
    value = _numbers(pl.col("value_raw"))
    marker = pl.col("value_raw").str.to_lowercase()
    frame = frame.with_columns(
        value.alias("value"),
        pl.when(marker.is_in(list(MARKERS))).then(marker).otherwise(None).alias("marker"),
    )
    report(
        frame.filter(pl.col("value").is_null() & pl.col("marker").is_null()),
        names["value"],
        lambda r: (
            f"{r['value_raw']!r} is not a number nor a documented marker "
            f"({', '.join(repr(m) for m in MARKERS)})"
        ),
    )
    change_unit = pl.col("unit").str.to_lowercase().str.contains_any(list(CHANGE_UNITS))
    units = frame["unit"].unique(maintain_order=True).to_list()
    if len(units) > 1 and not per_row_unit:
        first = frame.filter(pl.col("unit") != units[0]).head(1)
        report(
            first,
            names["unit"],
            lambda r: f"the unit changes within the file: {units[0]!r} then {r['unit']!r}",
        )
    report(
        frame.filter((pl.col("value") < 0) & ~change_unit),
        names["value"],
        lambda r: f"negative value {r['value_raw']} for a level or index ({r['unit']!r})",
    )
    keys = list(keys)
    # most files repeat no key: test that cheaply, and look closer only when one repeats
    repeated = bool(frame.select(pl.struct(keys).is_duplicated().any()).item())
    clashes = frame.head(0)
    if repeated:
        with_values = frame.filter(pl.col("value").is_not_null())
        clashes = with_values.filter(pl.col("value").n_unique().over(keys) > 1).sort([*keys, "row"])
    if clashes.height:
        first_rows = clashes.group_by(keys, maintain_order=True).agg(pl.col("row"))
        for record in first_rows.head(MAX_REPORTED).iter_rows(named=True):
            rows = ", ".join(str(r) for r in record["row"][:5])
            what = f"{record['indicator_name']}, " if "indicator_name" in keys else ""
            problems.append(
                Problem(
                    source.label,
                    int(record["row"][0]),
                    names["period"],
                    f"period {record['period_raw']} ({what}territory {record['kato'] or '-'}, code "
                    f"{record['code'] or '-'}) appears twice with different values (rows {rows})",
                )
            )
    if problems:
        raise ReleaseError(sorted(problems, key=lambda p: (p.row, p.column)))
    if parsed:
        mapping = pl.DataFrame(
            {
                "period_raw": list(parsed),
                "period": [v[0] if v else None for v in parsed.values()],
                "period_type": [v[1] if v else None for v in parsed.values()],
            },
            schema={"period_raw": pl.String, "period": pl.String, "period_type": pl.String},
        )
        frame = frame.join(mapping, on="period_raw", how="left")
    frame = frame.with_columns(
        pl.col("marker").fill_null(""),
        pl.col("value_raw").alias("value_as_written"),
        pl.col("period_raw").alias("period_as_written"),
    )
    if repeated:  # the same value twice is kept once
        frame = frame.unique(subset=[*keys, "value", "marker"], keep="first", maintain_order=True)
    return frame.select(RELEASE_COLUMNS)


def _read_bns_csv(source: _Source) -> pl.DataFrame:
    import polars as pl

    try:
        records = pl.read_csv(
            source.path,
            separator="\t",
            infer_schema=False,
            quote_char=None,
            raise_if_empty=True,
        )
    except (pl.exceptions.PolarsError, ValueError) as error:
        message = str(error).splitlines()[0]
        raise _fail(source, 0, "", f"not a tab-separated table: {message}") from None
    return _bns_frame(source, records, pl.int_range(2, pl.len() + 2))


def _read_json(source: _Source, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(source, error.lineno, "", f"not valid JSON: {error.msg}") from None


def _read_bns_json(source: _Source) -> pl.DataFrame:
    import polars as pl

    records = _read_json(source, _text(source))
    if not isinstance(records, list) or not records or not isinstance(records[0], dict):
        raise _fail(source, 0, "", "expected a non-empty list of records")
    columns = list(dict.fromkeys(key for record in records for key in record))
    frame = pl.DataFrame(
        {c: [None if r.get(c) is None else str(r.get(c)) for r in records] for c in columns},
        schema=dict.fromkeys(columns, pl.String),
    )
    # the row of a JSON record is its position in the list, counted from 1
    return _bns_frame(source, frame, pl.int_range(1, pl.len() + 1))


def _taldau_period(name: str, day: str) -> str:
    """Read a Taldau period: ``2021 год`` -> 2021, ``Январь 2021`` -> 202101, else as written."""
    lowered = name.lower().strip()
    year = re.search(r"\d{4}", lowered)
    if year and re.fullmatch(r"\d{4}\s*(год|г\.?|жыл)", lowered):
        return year[0]
    for number, month in enumerate(_RUSSIAN_MONTHS, start=1):
        if year and re.fullmatch(rf"{month}\s+\d{{4}}(\s*г\.?)?", lowered):
            return f"{year[0]}{number:02d}"
    return name


def _read_taldau(source: _Source) -> pl.DataFrame:
    import polars as pl

    slices = _read_json(source, _text(source))
    if not isinstance(slices, list) or not slices:
        raise _fail(source, 0, "", "expected a non-empty list of slices")
    rows: list[dict[str, Any]] = []
    for index, piece in enumerate(slices, start=1):
        if not isinstance(piece, dict) or not {"terms", "termNames", "periods"} <= set(piece):
            raise _fail(
                source, index, "terms, termNames, periods", "a slice lacks terms/termNames/periods"
            )
        names = [str(n) for n in piece["termNames"]]
        terms = [str(t) for t in piece["terms"]]
        for period in piece["periods"]:
            if not isinstance(period, dict) or "value" not in period or "name" not in period:
                raise _fail(source, index, "periods", "a period lacks name or value")
            rows.append(
                {
                    "row": index,
                    "indicator_name": piece.get("name", names[0] if names else ""),
                    "unit": str(piece.get("unit", "")),
                    "period_raw": _taldau_period(str(period["name"]), str(period.get("date"))),
                    "kato": terms[0] if terms else "",
                    "kato_label": names[0] if names else "",
                    "code": terms[1] if len(terms) > 1 else "",
                    "code_label": names[1] if len(names) > 1 else "",
                    "value_raw": "" if period["value"] is None else str(period["value"]).strip(),
                    "quote": "",
                }
            )
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return _finish(
        source, frame, {"period": "periods.name", "value": "periods.value", "unit": "unit"}
    )


def _read_bns_xlsx(source: _Source) -> pl.DataFrame:
    import polars as pl

    rows = _xlsx_rows(source)
    if not rows:
        raise _fail(source, 0, "", "the workbook's first sheet is empty")
    (_, header), records = rows[0], rows[1:]
    names = [h or f"column {i + 1}" for i, h in enumerate(header)]
    frame = pl.DataFrame(
        {
            "_row": [number for number, _ in records],
            **{
                name: [cells[i] if i < len(cells) else "" for _, cells in records]
                for i, name in enumerate(names)
            },
        },
        schema={"_row": pl.Int64, **dict.fromkeys(names, pl.String)},
    )
    return _bns_frame(source, frame, pl.col("_row"))


def _read_publication(source: _Source) -> pl.DataFrame:

    from kzmach.text.periods import parse_period

    lines = _text(source).splitlines()
    header = _split_publication(lines[0])
    periods: list[tuple[str, str]] = []
    problems: list[Problem] = []
    for cell in header[1:]:
        period = _publication_period(cell)
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
        cells = _split_publication(line)
        if not any(cells):
            continue
        if len(cells) != len(header):
            raise _fail(
                source, number, "", f"{len(cells)} cells where the header has {len(header)}"
            )
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
    return _finish_indicators(source, rows, {"period": "period", "value": "value", "unit": ""})


def _finish_indicators(
    source: _Source, rows: list[dict[str, Any]], names: dict[str, str]
) -> pl.DataFrame:
    """Check rows of a table of several indicators: a unit per row, keys per indicator."""
    import polars as pl

    if not rows:
        raise _fail(source, 0, "", "the table has a header but no rows")
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return _finish(
        source,
        frame,
        names,
        per_row_unit=True,
        keys=("indicator_name", "period_raw", "kato", "code"),
    )


def _template_frame(
    source: _Source, header: list[str], records: list[tuple[int, dict[str, str]]]
) -> pl.DataFrame:

    from kzmach.text.periods import PeriodParseError, parse_period

    if header != list(TEMPLATE_COLUMNS):
        missing = [c for c in TEMPLATE_COLUMNS if c not in header]
        raise _fail(
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
    return _finish_indicators(source, rows, {"period": "period", "value": "value", "unit": "unit"})


def _template_records(
    source: _Source, fmt: str
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return the template's header and rows as ``(row number, cells by column)``."""
    if fmt == "template-xlsx":
        return _xlsx_records(source)
    import csv
    import io

    from kzmach.files import records_with_lines

    reader = csv.DictReader(io.StringIO(_text(source), newline=""))
    header = list(reader.fieldnames or [])
    if header != list(TEMPLATE_COLUMNS):
        return header, []  # the header is refused by _template_frame
    records = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise _fail(source, line, "", "more cells than the template has columns")
        records.append((line, {k: (v or "") for k, v in record.items()}))
    return header, records


def template_records(path: Path, fmt: str, label: str) -> list[tuple[int, dict[str, str]]]:
    """Return the template's rows as ``(row number, cells by column)``, for the build."""
    return _template_records(_Source(path, label), fmt)[1]


def _read_template(source: _Source) -> pl.DataFrame:
    return _template_frame(source, *_template_records(source, "template-csv"))


def _xlsx_records(source: _Source) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Return a workbook's header and its rows as ``(row number, cells by column)``."""
    rows = _xlsx_rows(source)
    if not rows:
        raise _fail(source, 0, "", "the workbook's first sheet is empty")
    header = [h for h in rows[0][1] if h]
    records = [
        (number, dict(zip(header, [*cells, *[""] * len(header)], strict=False)))
        for number, cells in rows[1:]
    ]
    return header, records


def _read_template_xlsx(source: _Source) -> pl.DataFrame:
    return _template_frame(source, *_template_records(source, "template-xlsx"))


READERS: Final = {
    "bns-csv": _read_bns_csv,
    "bns-json": _read_bns_json,
    "bns-xlsx": _read_bns_xlsx,
    "taldau-json": _read_taldau,
    "publication-csv": _read_publication,
    "template-csv": _read_template,
    "template-xlsx": _read_template_xlsx,
}


def read_release(
    path: str | Path, fmt: str | None = None, label: str | None = None
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

    Raises
    ------
    ReleaseError
        With every problem found, each naming the file, row and column.
    """
    file = Path(path)
    source = _Source(file, label or str(path))
    detected = fmt is None
    if fmt is None:
        fmt = detect_format(file, source.label)
    if fmt not in FORMATS:
        raise _fail(source, 0, "", f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if fmt == "bns-csv" and not detected:  # the others check it as they read (_text)
        _check_utf8(source)
    return READERS[fmt](source)
