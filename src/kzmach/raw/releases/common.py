"""What every release reader shares: the long table it returns, the file it reads, and the checks.

Every reader returns :data:`RELEASE_COLUMNS`; :func:`finish` checks and types that table
(numbers, markers, periods, repeated keys, units, negative levels), raising
:class:`ReleaseError` with every problem by file, row and column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import KzmachError, Problem, listed
from kzmach.metadata.vocabulary import MARKER_SPELLINGS, VALUE_MARKERS
from kzmach.raw.releases.numbers import (
    MAX_MAGNITUDE,
    Accounting,
    file_decimal_mark,
    implied_decimal_mark,
    number_form_problem,
    parse_numbers,
    release_decimal_mark,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "CHANGE_UNITS",
    "LABEL_COLUMNS",
    "MARKERS",
    "MAX_MAGNITUDE",
    "MAX_PUBLISHED_DECIMALS",
    "MAX_REPORTED",
    "RELEASE_COLUMNS",
    "VALUE_KEY",
    "XLSX_MAGIC",
    "Accounting",
    "ReleaseError",
    "SourceFile",
    "bns_period",
    "by_distinct",
    "check_utf8",
    "fail",
    "file_decimal_mark",
    "finish",
    "finish_indicators",
    "first_line",
    "head",
    "implied_decimal_mark",
    "number_form_problem",
    "parse_numbers",
    "read_text",
    "release_decimal_mark",
    "written_decimals",
]


def first_line(error: BaseException) -> str:
    """Return a library's error as one line: its type and the first line of its message.

    calamine, polars and the JSON parser write several lines, with a backtrace or the
    offending text; a refusal needs only what went wrong.
    """
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else 'no message'}"


#: More decimals than this are not a published figure but float noise or a computation.
MAX_PUBLISHED_DECIMALS: Final = 6


def written_decimals(text: str) -> int:
    """Return the digits written after a number's decimal mark (``"103,6"`` -> 1).

    The last ``.`` or ``,`` is taken for the decimal mark, so numbers must come without
    thousands separators (as in the machine-readable files and a release's parsed cells).
    """
    match = re.search(r"[.,](\d+)\s*$", text)
    return len(match[1]) if match else 0


#: A value cell's mark and what it means (declared in the vocabulary).
MARKERS: Final = VALUE_MARKERS
#: Every way a mark is written (as is, in capitals, and its other spellings) -> the mark.
MARKER_AS_WRITTEN: Final = {
    written: mark
    for spelling, mark in (*((m, m) for m in VALUE_MARKERS), *MARKER_SPELLINGS.items())
    for written in (spelling, spelling.upper())
}


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
    "comparison_as_written",
    "dimensions",
    "value",
    "value_as_written",
    "marker",
    "quote",
    "note",
)
#: The columns of :data:`RELEASE_COLUMNS` that repeat a handful of texts over many rows: every
#: reader returns them as ``pl.Categorical`` (a million rows hold a few hundred labels once).
LABEL_COLUMNS: Final = tuple(
    column for column in RELEASE_COLUMNS if column not in ("row", "value", "value_as_written")
)
#: What identifies one value of a release (two rows with these and different values clash).
VALUE_KEY: Final = (
    "period_raw",
    "kato",
    "kato_label",
    "code",
    "code_label",
    "comparison_as_written",
    "dimensions",
)
#: Units whose values may be negative: changes, not levels or indices.


CHANGE_UNITS: Final = ("прирост", "изменение", "change", "п.п.", "pp")


MAX_REPORTED: Final = 20


XLSX_MAGIC: Final = b"PK\x03\x04"


class ReleaseError(KzmachError):
    """A release file that cannot be read; ``problems`` name the file, row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the release:\n"
            + listed(self.problems, MAX_REPORTED)
        )


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A release file, how messages name it, and how its format writes decimals.

    ``decimal_mark`` is the format's declared mark
    (:attr:`kzmach.raw.releases.formats.ReleaseFormat.decimal_mark`); :func:`parse_numbers`
    reads the values with it.
    """

    path: Path
    label: str
    sheet: str | None = None
    decimal_mark: str = "point unless commas"
    account: Accounting = field(default_factory=Accounting, compare=False)


def fail(source: SourceFile, row: int, column: str, message: str) -> ReleaseError:
    """Return a :class:`ReleaseError` for one problem of ``source``."""
    return ReleaseError([Problem(source.label, row, column, message)])


def check_utf8(source: SourceFile, head_bytes: int | None = None) -> None:
    """Check that the file is non-empty UTF-8, reading it in chunks (bounded memory).

    With ``head_bytes``, only the file's beginning is checked: the first chunks up to that
    size that hold more than blanks (enough to name the encoding of a file saved in another
    one). The readers then check the rest as they read it: the text readers decode the
    whole file, and polars refuses an invalid sequence in the Bureau's CSV, whose position
    this function then finds.
    """
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = lines = 0
    blank = True
    with source.path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            if head_bytes is not None and offset >= head_bytes and not blank:
                return  # the head is UTF-8; a character cut at its end is not an error
            blank = blank and not chunk.strip()
            if offset == 0 and _looks_utf16(chunk):  # NUL bytes are valid UTF-8: look first
                raise fail(
                    source,
                    1,
                    "",
                    "UTF-16 text (every other byte is zero), not UTF-8: save the file as "
                    "UTF-8 (for example iconv -f UTF-16 -t UTF-8)",
                )
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                position = max(0, error.start - len(decoder.getstate()[0]))
                line = lines + chunk.count(b"\n", 0, position) + 1
                broken = _broken_utf8(chunk, position)
                if broken is not None:
                    raise fail(source, line, "", broken) from None
                named = _named_encoding(chunk) if offset == 0 else None
                if named is not None:
                    raise fail(
                        source,
                        line,
                        "",
                        f"{named[0]} text, not UTF-8: save the file as UTF-8 "
                        f"(for example iconv -f {named[1]} -t UTF-8)",
                    ) from None
                raise fail(
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
        raise fail(source, lines + 1, "", "not UTF-8 text: the file ends mid-character") from None
    if blank:
        raise fail(source, 0, "", "the file is empty")


def _looks_utf16(head: bytes) -> bool:
    """Tell UTF-16 text: a byte-order mark, or zero bytes in most even or odd places."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = head[:4096]
    if len(sample) < 8:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros > 0.4 * (len(sample) // 2)


def _broken_utf8(chunk: bytes, position: int) -> str | None:
    """Describe a few invalid bytes in text that is otherwise UTF-8, or None if it is not.

    Text with many valid multi-byte characters (Cyrillic in UTF-8) and a handful of invalid
    bytes is UTF-8 damaged in places, not Windows-1251: re-encoding it would garble it.
    """
    # whole lines only: a chunk may begin or end inside a character
    begin = chunk.find(b"\n", 0, position) + 1  # 0 when the first line holds it
    end = chunk.rfind(b"\n", position)
    text = chunk[begin : end if end > 0 else len(chunk)].decode("utf-8", errors="replace")
    invalid = text.count("\ufffd")
    multibyte = sum(1 for c in text if ord(c) > 0x7F and c != "\ufffd")
    if multibyte < 4 * invalid or invalid > 8:
        return None
    line_start = chunk.rfind(b"\n", 0, position) + 1
    column = len(chunk[line_start:position].decode("utf-8", errors="replace")) + 1
    return (
        f"{invalid} invalid UTF-8 byte(s), the first ({chunk[position]:#04x}) at column "
        f"{column}: the rest is UTF-8. The file was damaged in transit or by an edit: "
        "download it again (do not convert it from another encoding)"
    )


def _named_encoding(head: bytes) -> tuple[str, str] | None:
    """Recognise the encodings Kazakh files come in besides UTF-8: UTF-16 and Windows-1251.

    UTF-16 by its byte-order mark or the zero bytes of its ASCII; Windows-1251 when the bytes
    decode to text that is mostly Cyrillic letters. Returns (name, iconv name) or None.
    """
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:200].count(b"\x00") > 20:
        return "UTF-16", "UTF-16"
    text = head[:4096].decode("cp1251", errors="replace")
    letters = [c for c in text if c.isalpha()]
    cyrillic = [c for c in letters if "\u0400" <= c <= "\u04ff"]
    if letters and len(cyrillic) / len(letters) > 0.3:
        return "Windows-1251 (cp1251)", "CP1251"
    return None


def read_text(source: SourceFile) -> str:
    """Return the file as text: it must be non-empty UTF-8 (a byte-order mark is allowed).

    The file is decoded once; only when that fails or the text is blank does
    :func:`check_utf8` read it again, to say where.
    """
    try:
        text = source.path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.strip():
        check_utf8(source)
    return text


def head(source: SourceFile, size: int = 4096) -> str:
    """Return the first characters of a file already checked to be UTF-8."""
    with source.path.open("rb") as stream:
        data = stream.read(size)
    return data.decode("utf-8-sig", errors="ignore")


def bns_period(text: str) -> tuple[str, str] | None:
    """``YYYY`` -> (year), ``YYYYMM`` -> (month), ``YYYYQn`` -> (quarter); else None."""
    if re.fullmatch(r"\d{4}", text):
        return f"{int(text):04d}", "year"  # digits of any script, written as ASCII
    month = re.fullmatch(r"(\d{4})(\d{2})", text)
    if month and 1 <= int(month[2]) <= 12:
        return f"{int(month[1]):04d}-{int(month[2]):02d}", "month"
    quarter = re.fullmatch(r"(\d{4})[-]?[QК]([1-4])", text)
    if quarter:
        return f"{int(quarter[1]):04d}-Q{quarter[2]}", "quarter"
    return None


def by_distinct(
    frame: pl.DataFrame,
    inputs: Sequence[str],
    derive: Callable[[pl.DataFrame], pl.DataFrame],
    *,
    keep_inputs: bool = True,
) -> pl.DataFrame:
    """Add columns that depend only on ``inputs``, working out each distinct combination once.

    ``derive`` receives the distinct combinations of ``inputs`` (categorical columns as
    text, nulls as ``""``) and returns them with the new columns, in the same order; the new
    text columns are attached to every row as ``pl.Categorical``. A million rows with a few
    hundred labels cost a few hundred string operations and one join on integer codes.
    """
    import polars as pl

    inputs = list(inputs)
    distinct = frame.select(inputs).unique(maintain_order=True)
    as_text = distinct.select(pl.col(c).cast(pl.String).fill_null("") for c in inputs)
    derived = derive(as_text)
    if derived.height != distinct.height:
        raise ValueError(f"derived {derived.height} rows from {distinct.height} combinations")
    added = [c for c in derived.columns if c not in inputs]
    table = pl.concat(
        [
            distinct,
            derived.select(
                pl.col(c).cast(pl.Categorical) if derived.schema[c] == pl.String else pl.col(c)
                for c in added
            ),
        ],
        how="horizontal",
    )
    joined = frame.join(table, on=inputs, how="left", nulls_equal=True, maintain_order="left")
    return joined if keep_inputs else joined.drop([c for c in inputs if c not in added])


def finish(
    source: SourceFile,
    frame: pl.DataFrame,
    names: dict[str, str],
    *,
    per_row_unit: bool = False,
    keys: Sequence[str] = VALUE_KEY,
) -> pl.DataFrame:
    """Check and type a normalised frame; raise with every problem found.

    ``names`` maps the checked fields to the file's own column names, for messages. A file
    of one indicator has one unit; with ``per_row_unit`` (tables of several indicators)
    each row's unit is read on its own. ``keys`` identify one value: the same keys twice
    with different values are refused. The steps: the periods, the values, the units, the
    repeated keys, then the typed frame (:func:`_finished`).
    """
    import polars as pl

    if frame.height == 0:
        raise fail(source, 0, "", "the table has a header but no rows")
    frame = frame.with_columns(
        pl.lit("").alias(column)
        for column in ("comparison_as_written", "dimensions", "note")
        if column not in frame.columns
    )
    problems: list[Problem] = []

    def report(rows: pl.DataFrame, column: str, message: Any) -> None:
        # a column's name may be a template of the record's fields: a workbook's value
        # column is its own for each cell ("{cell_column}")
        for record in rows.head(MAX_REPORTED).iter_rows(named=True):
            where = column.format_map(record) if "{" in column else column
            problems.append(Problem(source.label, int(record["row"]), where, message(record)))

    parsed = _periods(frame, names, report)
    frame = _values(frame, source, names, report)
    _units(frame, names, report, per_row_unit)
    keys = list(keys)
    # most files repeat no key: count distinct hashes of the keys (integer codes for the
    # labels), and look closer only when fewer than the rows (a repeat, or a hash collision)
    key_hash = pl.struct([pl.col(k).to_physical() for k in keys]).hash()
    repeated = bool(frame.select(key_hash.n_unique() < pl.len()).item())
    if repeated:
        problems += _clashes(frame, keys, source, names)
    if problems:  # each once: several checks may find the same cell
        raise ReleaseError(sorted(set(problems), key=lambda p: (p.row, p.column, p.message)))
    finished = _finished(frame, parsed, keys, repeated)
    source.account.values = int(finished["value"].is_not_null().sum())
    marked = finished.filter(pl.col("value").is_null())["marker"].cast(pl.String)
    source.account.markers = dict(Counter(marked.to_list()))
    repeats = frame.height - finished.height
    if repeats:
        source.account.exclude("repeats of a value already read", repeats)
    return finished


Report = Callable[[Any, str, Any], None]


def _periods(frame: pl.DataFrame, names: dict[str, str], report: Report) -> dict[Any, Any]:
    """Read each distinct Bureau period once (``YYYY``, ``YYYYMM``, ``YYYYQn``); report others.

    A reader that parsed its periods already (a ``period_type`` column) needs none of this.
    """
    import polars as pl

    if "period_type" in frame.columns:
        return {}
    parsed = {p: bns_period(str(p)) for p in frame["period_raw"].unique().to_list()}
    unknown = [p for p, v in parsed.items() if v is None]
    report(
        frame.filter(pl.col("period_raw").is_in(unknown)),
        names["period"],
        lambda r: f"unknown period format {r['period_raw']!r} (expected YYYY, YYYYMM or YYYYQn)",
    )
    return parsed


def _values(
    frame: pl.DataFrame, source: SourceFile, names: dict[str, str], report: Report
) -> pl.DataFrame:
    """Read each value as a number or a marker, with one decimal mark for the whole file.

    Refused, each by its cell: a number whose decimal mark disagrees with the file's
    (:func:`release_decimal_mark`), exponent notation, NaN and infinities
    (:func:`number_form_problem`), a number beyond :data:`MAX_MAGNITUDE`, and any other text
    that is neither a number nor one of the Bureau's marks.
    """
    import polars as pl

    mark, disagreeing = release_decimal_mark(frame["value_raw"], source.decimal_mark)
    if disagreeing:
        said = {".": "a decimal point", ",": "a decimal comma"}

        def disagrees(record: dict[str, Any]) -> str:
            implied = disagreeing[record["value_raw"]]
            if implied not in said:  # NOT_GROUPED
                return (
                    f"{record['value_raw']!r} has separators that neither group thousands nor "
                    f"mark decimals (the file's numbers use {said[mark]}): correct the cell"
                )
            return (
                f"{record['value_raw']!r} is written with {said[implied]}, but the file's "
                f"other numbers use {said[mark]}: one cell cannot switch how the whole file "
                "is read; correct the cell or the file"
            )

        report(
            frame.filter(pl.col("value_raw").is_in(list(disagreeing))), names["value"], disagrees
        )
    frame = frame.with_columns(
        parse_numbers(pl.col("value_raw"), mark).alias("value"),
        pl.col("value_raw")
        .str.strip_chars()
        .replace_strict(MARKER_AS_WRITTEN, default=None, return_dtype=pl.String)
        .alias("marker"),
    )
    report(
        frame.filter(pl.col("value").abs() > MAX_MAGNITUDE),
        names["value"],
        lambda r: (
            f"{r['value_raw'][:40]!r} is beyond any published figure (more than "
            f"{MAX_MAGNITUDE:.0e} in absolute value): a damaged cell"
        ),
    )
    marks = ", ".join(repr(m) for m in MARKER_AS_WRITTEN if m == m.lower())
    report(
        frame.filter(pl.col("value").is_null() & pl.col("marker").is_null()),
        names["value"],
        lambda r: (
            number_form_problem(r["value_raw"])
            or f"{r['value_raw']!r} is not a number nor one of the Bureau's marks ({marks})"
        ),
    )
    return frame  # a value beyond MAX_MAGNITUDE was reported: the file is refused


def _units(frame: pl.DataFrame, names: dict[str, str], report: Report, per_row: bool) -> None:
    """Report a unit that changes within a one-unit file, and negative levels and indices."""
    import polars as pl

    units = frame["unit"].unique(maintain_order=True).to_list()
    change_unit = pl.col("unit").is_in(
        [u for u in units if u is not None and any(w in u.lower() for w in CHANGE_UNITS)]
    )
    if len(units) > 1 and not per_row:
        report(
            frame.filter(pl.col("unit") != units[0]).head(1),
            names["unit"],
            lambda r: f"the unit changes within the file: {units[0]!r} then {r['unit']!r}",
        )
    report(
        frame.filter((pl.col("value") < 0) & ~change_unit),
        names["value"],
        lambda r: f"negative value {r['value_raw']} for a level or index ({r['unit']!r})",
    )


def _clashes(
    frame: pl.DataFrame, keys: list[str], source: SourceFile, names: dict[str, str]
) -> list[Problem]:
    """Return a problem for each key that carries two different values."""
    import polars as pl

    with_values = frame.filter(pl.col("value").is_not_null())
    clashes = with_values.filter(pl.col("value").n_unique().over(keys) > 1).sort([*keys, "row"])
    problems = []
    first_rows = clashes.group_by(keys, maintain_order=True).agg(pl.col("row"))
    for record in first_rows.head(MAX_REPORTED).iter_rows(named=True):
        rows = ", ".join(str(r) for r in record["row"][:5])
        what = f"{record['indicator_name']}, " if "indicator_name" in keys else ""
        extra = "".join(
            f", {record[k]}" for k in ("comparison_as_written", "dimensions") if record.get(k)
        )
        territory = record.get("kato") or record.get("kato_label") or "-"
        code = record.get("code") or record.get("code_label") or "-"
        problems.append(
            Problem(
                source.label,
                int(record["row"][0]),
                names["period"],
                f"period {record['period_raw']} ({what}territory {territory}, code "
                f"{code}{extra}) appears twice with different values (rows {rows})",
            )
        )
    return problems


def _finished(
    frame: pl.DataFrame, parsed: dict[Any, Any], keys: list[str], repeated: bool
) -> pl.DataFrame:
    """Return the checked frame in :data:`RELEASE_COLUMNS`, typed, each repeat kept once."""
    import polars as pl

    if parsed:
        frame = by_distinct(
            frame,
            ["period_raw"],
            lambda distinct: distinct.with_columns(
                pl.col("period_raw")
                .replace_strict({p: v[0] for p, v in parsed.items() if v}, return_dtype=pl.String)
                .alias("period"),
                pl.col("period_raw")
                .replace_strict({p: v[1] for p, v in parsed.items() if v}, return_dtype=pl.String)
                .alias("period_type"),
            ),
        )
    written = "period_as_written" if "period_as_written" in frame.columns else "period_raw"
    frame = frame.with_columns(
        pl.col("marker").fill_null(""),
        pl.col("value_raw").alias("value_as_written"),
        pl.col(written).alias("period_as_written"),
    )
    if repeated:  # the same value twice is kept once
        frame = frame.unique(subset=[*keys, "value", "marker"], keep="first", maintain_order=True)
    return frame.select(RELEASE_COLUMNS).with_columns(
        pl.col("row").cast(pl.Int64), pl.col(LABEL_COLUMNS).cast(pl.Categorical)
    )


def finish_indicators(
    source: SourceFile,
    rows: list[dict[str, Any]],
    names: dict[str, str],
    keys: tuple[str, ...] = ("indicator_name", *VALUE_KEY),
) -> pl.DataFrame:
    """Check rows read one by one, each with its own unit (default keys: per indicator).

    ``keys`` are the columns that identify a value; a period repeated under the same keys
    with another value is refused (see :func:`finish`).
    """
    import polars as pl

    if not rows:
        raise fail(source, 0, "", "the table has a header but no rows")
    frame = pl.DataFrame(rows, schema={k: pl.String for k in rows[0]} | {"row": pl.Int64})
    return finish(source, frame, names, per_row_unit=True, keys=keys)
