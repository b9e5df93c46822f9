"""The Bureau of National Statistics' dynamic table, as CSV, JSON or XLSX."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Final

from kzmach.raw.releases.common import (
    SourceFile,
    fail,
    finish,
    read_text,
    xlsx_rows,
)

if TYPE_CHECKING:
    import polars as pl

__all__ = ["BNS_FIXED", "BNS_KATO", "read_bns_csv", "read_bns_json", "read_bns_xlsx", "read_json"]


BNS_KATO: Final = ("КАТО(по каталогу)", "LКАТО(по каталогу)")


BNS_FIXED: Final = ("NAM", "DAT", "PERIOD", *BNS_KATO)


def bns_frame(source: SourceFile, records: pl.DataFrame, row_of: pl.Expr) -> pl.DataFrame:
    """Normalise the records of a dynamic table (any of its three formats) and check them."""
    import polars as pl

    columns = records.columns
    missing = [c for c in (*BNS_FIXED, "VAL") if c not in columns]
    if missing:
        raise fail(
            source,
            1,
            ", ".join(missing),
            f"missing column(s) {missing}; found {columns}",
        )
    classifiers = [
        c for c in columns if c not in (*BNS_FIXED, "VAL") and not c.startswith(("L", "_"))
    ]
    if len(classifiers) > 1:
        raise fail(source, 1, ", ".join(classifiers), "one classifier column is read, not more")
    code = classifiers[0] if classifiers else None
    if code is not None and f"L{code}" not in columns:
        raise fail(source, 1, code, f"the label column L{code} is missing")
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
    return finish(source, frame, {"period": "PERIOD", "value": "VAL", "unit": "NAM"})


def read_bns_csv(source: SourceFile) -> pl.DataFrame:
    """Read the dynamic table's tab-separated download."""
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
        raise fail(source, 0, "", f"not a tab-separated table: {message}") from None
    return bns_frame(source, records, pl.int_range(2, pl.len() + 2))


def read_json(source: SourceFile, text: str) -> Any:
    """Parse a JSON file, naming the line of a syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise fail(source, error.lineno, "", f"not valid JSON: {error.msg}") from None


def read_bns_json(source: SourceFile) -> pl.DataFrame:
    """Read the dynamic table as a JSON list of records."""
    import polars as pl

    records = read_json(source, read_text(source))
    if not isinstance(records, list) or not records or not isinstance(records[0], dict):
        raise fail(source, 0, "", "expected a non-empty list of records")
    columns = list(dict.fromkeys(key for record in records for key in record))
    frame = pl.DataFrame(
        {c: [None if r.get(c) is None else str(r.get(c)) for r in records] for c in columns},
        schema=dict.fromkeys(columns, pl.String),
    )
    # the row of a JSON record is its position in the list, counted from 1
    return bns_frame(source, frame, pl.int_range(1, pl.len() + 1))


def read_bns_xlsx(source: SourceFile) -> pl.DataFrame:
    """Read the dynamic table as a workbook (header in the first row)."""
    import polars as pl

    rows = xlsx_rows(source)
    if not rows:
        raise fail(source, 0, "", "the workbook's first sheet is empty")
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
    return bns_frame(source, frame, pl.col("_row"))
