"""The Bureau's foreign-trade tables by HS chapter, as the statistics mirror lays them out.

``date,region,item_code,item_name,value,transformation``: one row per month and chapter,
``date`` the month's first day, ``item_code`` the HS chapter (``HS84`` … ``HS90``) or
``TOTAL`` (all goods), ``item_name`` its Russian name, ``value`` that month's trade (not
year to date) as written, float tails included (``10226.894120000003``), ``transformation``
``level``. The file names neither its flow nor its unit: ``kzmach ingest --name Экспорт
--unit "тыс. долларов США"`` gives them (``data/raw/release-mappings`` maps both).
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.files import records_with_lines
from kzmach.raw.releases.common import SourceFile, fail, finish_indicators, read_text
from kzmach.raw.releases.series import mirror_row

if TYPE_CHECKING:
    import polars as pl

__all__ = ["TRADE_CODE", "TRADE_HEADER", "read_trade_table"]

#: The columns a trade table starts with, in order.
TRADE_HEADER: Final = ("date", "region", "item_code", "item_name", "value", "transformation")
_MONTH: Final = re.compile(r"(\d{4})-(\d{2})-01")
#: The item codes of a trade table: an HS chapter, or all goods.
TRADE_CODE: Final = re.compile(r"HS\d{2}|TOTAL")


def read_trade_table(source: SourceFile) -> pl.DataFrame:
    """Read a trade table by HS chapter: one month's value per row (module docstring)."""
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = tuple(h.strip() for h in reader.fieldnames or [])
    if header[: len(TRADE_HEADER)] != TRADE_HEADER:
        raise fail(source, 1, "", f"expected the columns {', '.join(TRADE_HEADER)}; found {header}")
    rows: list[dict[str, Any]] = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than columns")
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        month = _MONTH.fullmatch(cells["date"])
        if month is None:
            raise fail(source, line, "date", f"{cells['date']!r} is not a month's first day")
        if not TRADE_CODE.fullmatch(cells["item_code"]):
            # the mirror lays out other tables alike (import prices by HS section, output by
            # ОКЭД): detection sees the file's head only, the reader every row
            raise fail(
                source,
                line,
                "item_code",
                f"{cells['item_code']!r} is not an HS chapter (HS84 … HS90) nor TOTAL: not a "
                "trade table",
            )
        if cells["transformation"] not in ("level", ""):
            raise fail(
                source, line, "transformation", f"{cells['transformation']!r} is not a level"
            )
        if not 1 <= int(month[2]) <= 12:
            raise fail(source, line, "date", f"{cells['date']!r} has no month {month[2]}")
        # the period as a date, in ASCII digits: a month written with other digits (full
        # width) is the same month, and a repeat of it is found
        period = f"{int(month[1]):04d}{int(month[2]):02d}"
        rows.append(mirror_row(line, cells, name="", unit="", period=period))
    return finish_indicators(
        source,
        rows,
        {"period": "date", "value": "value", "unit": "unit"},
        keys=("period_raw", "kato", "code"),
    )
