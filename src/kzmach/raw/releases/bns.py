"""The Bureau of National Statistics' dynamic table, as its CSV download."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.raw.releases.common import (
    SourceFile,
    by_distinct,
    check_utf8,
    fail,
    finish,
)
from kzmach.text.numbers import split_unit

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "BNS_FIXED",
    "BNS_KATO",
    "COMPARISON_CLASSIFIERS",
    "bns_frame",
    "clean_header",
    "read_bns_csv",
    "read_json",
    "unit_of",
]


BNS_KATO: Final = ("КАТО(по каталогу)", "LКАТО(по каталогу)")
BNS_FIXED: Final = ("NAM", "DAT", "PERIOD", *BNS_KATO)
#: Classifier columns that hold the comparison base of an index (``ССП``: "к соответствующему
#: периоду прошлого года", "к декабрю 2022 года"): read as the value's comparison.
COMPARISON_CLASSIFIERS: Final = ("ССП",)
#: What an ``L`` twin holds when the name sits in the classifier column itself.
NO_LABEL: Final = ("0", "")
_UNIT_IN_BRACKETS: Final = r"^(.*?)\s*\(([^()]*)\)\s*$"


def unit_of(name: str) -> str:
    """Return the unit a Bureau name ends with: in brackets (``...(Процент)``) or after a comma."""
    bracketed = re.match(_UNIT_IN_BRACKETS, name)
    if bracketed:
        return bracketed[2].strip()
    return split_unit(name)[1]


def clean_header(name: str) -> str:
    """Return a column name without a byte-order mark, quotes or spaces around it."""
    return name.lstrip("\ufeff").strip().strip('"').strip()


def _pair(code_column: str) -> tuple[pl.Expr, pl.Expr]:
    """Return (code, label) of a classifier, in either layout the Bureau uses.

    Code + label: the column holds a code (``28``), its ``L`` twin the label. Label + "0":
    the column holds the name itself and the twin ``"0"``; the code is then empty.
    """
    import polars as pl

    code = pl.col(code_column).str.strip_chars()
    label = pl.col(f"L{code_column}").str.strip_chars()
    named_in_place = label.is_in(list(NO_LABEL))
    return (
        pl.when(named_in_place).then(pl.lit("")).otherwise(code),
        pl.when(named_in_place).then(code).otherwise(label),
    )


def bns_frame(source: SourceFile, records: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """Normalise the records of a dynamic table (any of its three formats) and check them.

    Every classifier column is read with its ``L`` twin: the comparison base (``ССП``) as the
    value's comparison, the first other classifier as the code, any further ones as
    ``dimensions`` (``name: label; ...``). The unit is the bracketed end of ``NAM``
    (``Индекс потребительских цен(Процент)``), or what follows its last comma; ``DAT`` is kept
    as the period as written. A record's row is its ``_row`` column when it has one (a
    workbook's row number), else its position counted from 2 (below the CSV header).

    The file is read once, by the streaming engine, with every column but ``VAL`` as
    ``pl.Categorical``: a million rows repeat a few hundred labels, so each label is
    stripped, split and checked once (:func:`~kzmach.raw.releases.common.by_distinct`)
    and the rows hold integer codes, not a million copies of each text.
    """
    import polars as pl

    lazy = records.lazy()  # a file read lazily is never held whole as its raw strings
    lazy = lazy.rename({c: clean_header(c) for c in lazy.collect_schema().names()})
    columns = lazy.collect_schema().names()
    comparisons, others = _classifiers(source, columns)
    labelled = [c for c in columns if c != "VAL" and not c.startswith("_")]
    if "_row" not in columns:
        lazy = lazy.with_row_index("_row", offset=2)
    records_read = _collect(
        source,
        lazy.select(
            pl.col("_row").cast(pl.Int64).alias("row"),
            *(pl.col(c).cast(pl.Categorical) for c in labelled),
            pl.col("VAL").fill_null("").str.strip_chars().alias("value_raw"),
        ),
    )
    frame = by_distinct(records_read, ["NAM"], _name_and_unit, keep_inputs=False)
    frame = by_distinct(
        frame,
        ["PERIOD", "DAT"],
        lambda d: d.with_columns(
            pl.col("PERIOD").str.strip_chars().alias("period_raw"),
            pl.col("DAT").str.strip_chars().alias("period_as_written"),
        ),
        keep_inputs=False,
    )
    frame = _with_classifiers(frame, comparisons, others)
    return finish(source, frame, {"period": "PERIOD", "value": "VAL", "unit": "NAM"})


def _classifiers(source: SourceFile, columns: list[str]) -> tuple[list[str], list[str]]:
    """Return the file's comparison classifiers and its other classifiers, in file order.

    Fails, naming the column, when a fixed column or a classifier's ``L`` twin is missing.
    """
    missing = [c for c in (*BNS_FIXED, "VAL") if c not in columns]
    if missing:
        raise fail(source, 1, ", ".join(missing), f"missing column(s) {missing}; found {columns}")
    classifiers = [
        c
        for c in columns
        if c not in (*BNS_FIXED, "VAL")
        and not c.startswith("_")
        and not (c.startswith("L") and c[1:] in columns)
    ]
    for classifier in classifiers:
        if f"L{classifier}" not in columns:
            raise fail(source, 1, classifier, f"the label column L{classifier} is missing")
    comparisons = [c for c in classifiers if c in COMPARISON_CLASSIFIERS]
    return comparisons, [c for c in classifiers if c not in COMPARISON_CLASSIFIERS]


def _with_classifiers(
    frame: pl.DataFrame, comparisons: list[str], others: list[str]
) -> pl.DataFrame:
    """Put the territory, the code, the comparison and any further dimensions in their columns."""
    import polars as pl

    frame = _with_pair(frame, BNS_KATO[0], "kato", "kato_label")
    if others:
        frame = _with_pair(frame, others[0], "code", "code_label")
    if comparisons:
        frame = _with_pair(frame, comparisons[0], None, "comparison_as_written")
    if len(others) > 1:
        dimension_columns = [c for o in others[1:] for c in (o, f"L{o}")]
        dimensions = pl.concat_str(
            [pl.lit(f"{c}: ") + _pair(c)[1] for c in others[1:]], separator="; "
        )
        frame = by_distinct(
            frame,
            dimension_columns,
            lambda d: d.with_columns(dimensions.alias("dimensions")),
            keep_inputs=False,
        )
    return frame.with_columns(
        pl.lit("", dtype=pl.Categorical).alias(name)
        for name in ("code", "code_label", "comparison_as_written", "dimensions", "quote")
        if name not in frame.columns
    )


def _with_pair(
    frame: pl.DataFrame, column: str, code_as: str | None, label_as: str
) -> pl.DataFrame:
    """Replace a classifier column and its ``L`` twin by their code and label (:func:`_pair`).

    ``code_as`` None keeps only the label (a comparison base is its words).
    """
    code, label = _pair(column)
    derived = [code.alias(code_as)] if code_as else []
    derived.append(label.alias(label_as))
    return by_distinct(
        frame, [column, f"L{column}"], lambda d: d.with_columns(derived), keep_inputs=False
    )


def _name_and_unit(names: pl.DataFrame) -> pl.DataFrame:
    """Each distinct ``NAM`` as the indicator's name and the unit it ends with."""
    import polars as pl

    stripped = [n.strip() for n in names["NAM"]]
    return names.with_columns(
        pl.Series("indicator_name", stripped, dtype=pl.String),
        pl.Series("unit", [unit_of(n) for n in stripped], dtype=pl.String),
    )


def _collect(source: SourceFile, frame: pl.LazyFrame) -> pl.DataFrame:
    """Collect with the streaming engine; a malformed file is named, not a polars trace."""
    import polars as pl

    try:
        return frame.collect(engine="streaming")
    except (pl.exceptions.PolarsError, ValueError) as error:
        message = str(error).splitlines()[0]
        if "utf-8" in message.lower():
            check_utf8(source)  # polars says only that a sequence is invalid; this says where
        raise fail(source, 0, "", f"not a tab-separated table: {message}") from None


def read_bns_csv(source: SourceFile) -> pl.DataFrame:
    """Read the dynamic table's tab-separated download: quoted or not, BOM or not, LF or CRLF."""
    import polars as pl

    try:
        records = pl.scan_csv(
            source.path,
            separator="\t",
            infer_schema=False,
            quote_char='"',
            raise_if_empty=True,
        )
        records.collect_schema()
        count = records.select(pl.len()).collect().item()
    except (pl.exceptions.PolarsError, ValueError) as error:
        message = str(error).splitlines()[0]
        if "utf-8" in message.lower():
            check_utf8(source)
        raise fail(source, 0, "", f"not a tab-separated table: {message}") from None
    starts = _record_lines(source, count)
    if starts is None:
        return bns_frame(source, records)
    # a quoted cell spans lines: each record keeps the line it starts on
    numbered = records.collect().with_columns(pl.Series("_row", starts, dtype=pl.Int64))
    return bns_frame(source, numbered)


def _record_lines(source: SourceFile, count: int) -> list[int] | None:
    """Return the file line each of ``count`` records starts on, or None if line = record + 1.

    Only a file whose records do not each take one line (a quoted cell holding a line break,
    blank lines) is read a second time, by the csv module, to number them as the file does.
    """
    import csv
    import io

    with source.path.open("rb") as stream:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: stream.read(1 << 20), b""))
    if count in (lines - 1, lines):  # one line per record, with or without a final newline
        return None
    text = source.path.read_bytes().decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t", quotechar='"')
    next(reader, None)
    starts, end = [], reader.line_num
    for record in reader:
        start, end = end + 1, reader.line_num
        if record:
            starts.append(start)
    return starts if len(starts) == count else None


class _DuplicateKey(ValueError):
    """A JSON object that names a key twice (the parser would keep the last silently)."""


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def read_json(source: SourceFile, text: str) -> Any:
    """Parse a JSON file, naming the line of a syntax error.

    Refused besides: an object naming a key twice (which value holds?) and ``NaN`` or
    ``Infinity``, which are no JSON numbers (Python's parser accepts them).
    """
    try:
        return json.loads(
            text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as error:
        raise fail(source, error.lineno, "", f"not valid JSON: {error.msg}") from None
    except _DuplicateKey as error:
        key = str(error)
        raise fail(
            source, 0, key, f"the key {key!r} appears twice in one object: which value holds?"
        ) from None
    except ValueError as error:
        raise fail(source, 0, "", f"not valid JSON: {error}") from None
