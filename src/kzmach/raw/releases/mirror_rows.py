"""The Bureau's tables in the statistics mirror's row layout: trade, output, value added.

``date,region,item_code,item_name,value,transformation``: one row per period, territory and
item, as the public mirror lays out the Bureau's tables. ``date`` dates the period:

* the first day of a month, for a monthly table (trade by HS chapter, industrial output by
  region and ОКЭД: ``2026-04-01`` is April 2026);
* the first day of a quarter, for a quarterly table whose every date falls on 1 January,
  April, July or October (value added by division, table 5931: ``2013-04-01`` is the second
  quarter; the National Bank's capacity utilisation);
* the last day of a year, for an annual table (manufacturing by region: ``2022-12-31``).

``region`` is ``national`` for the republic or the mirror's region code (``KST`` Kostanay,
mapped by ``data/raw/release-mappings/territories.csv``); ``item_code`` the classifier's code
(an HS chapter ``HS84`` … ``HS90`` or ``TOTAL``; an ОКЭД section, division or aggregate
``C``, ``26``, ``26-30``, ``26-30, 33``; an HS section ``XVI``); ``item_name`` its Russian
name; ``value`` as written, float tails included (``10226.894120000003``); ``transformation``
``level``, or a level cumulated from January (``level (year-to-date cumulative …)``: the value
dated ``2013-04-01`` is January–June 2013). Whether a period is its own or cumulated from
January is the measure's (``period_basis`` in ``release-mappings/measures.csv``); the reader
refuses a file whose transformation column says neither. The file names neither its measure
nor its unit: ``kzmach ingest --name … --unit …`` gives them.
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

__all__ = [
    "MIRROR_HEADER",
    "TRADE_CODE",
    "TRADE_HEADER",
    "frequency_of",
    "read_mirror_table",
    "read_trade_table",
]

#: The columns a table of the mirror's row layout starts with, in order.
MIRROR_HEADER: Final = ("date", "region", "item_code", "item_name", "value", "transformation")
#: The same columns, as the trade tables by HS chapter have them.
TRADE_HEADER: Final = MIRROR_HEADER
#: The item codes of a trade table: an HS chapter, or all goods.
TRADE_CODE: Final = re.compile(r"HS\d{2}|TOTAL")
_DATE: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
#: The transformations a value may have: its period's own level, or cumulated from January.
_LEVEL: Final = "level"
_CUMULATIVE: Final = re.compile(r"level \(year-to-date cumulative\b.*\)", re.S)
#: The months a quarterly table's dates fall in (each quarter's first).
_QUARTER_STARTS: Final = frozenset({1, 4, 7, 10})


def frequency_of(dates: list[tuple[int, int, int]]) -> str:
    """Return a table's frequency from its dates (year, month, day): annual, quarterly, monthly.

    Every date the last day of a year: annual. Every date a month's first day, all in
    January, April, July or October: quarterly; otherwise monthly. A mix: ``mixed``.

    Examples
    --------
    >>> frequency_of([(2013, 1, 1), (2013, 4, 1), (2013, 7, 1)])
    'quarterly'
    >>> frequency_of([(2020, 1, 1), (2020, 2, 1)])
    'monthly'
    >>> frequency_of([(2022, 12, 31)])
    'annual'
    """
    if all((month, day) == (12, 31) for _, month, day in dates):
        return "annual"
    if all(day == 1 for _, _, day in dates):
        return "quarterly" if {m for _, m, _ in dates} <= _QUARTER_STARTS else "monthly"
    return "mixed"


def read_trade_table(source: SourceFile) -> pl.DataFrame:
    """Read a trade table by HS chapter: one month's value per row (module docstring)."""
    return _read(
        source, codes=TRADE_CODE, what="an HS chapter (HS84 … HS90) nor TOTAL", monthly=True
    )


def read_mirror_table(source: SourceFile) -> pl.DataFrame:
    """Read a table of the mirror's row layout with any classifier (module docstring)."""
    return _read(source, codes=None, what="", monthly=False)


def _read(
    source: SourceFile, *, codes: re.Pattern[str] | None, what: str, monthly: bool
) -> pl.DataFrame:
    """Read the rows; ``monthly``: every date is a month's (trade), else its frequency is read."""
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = tuple(h.strip() for h in reader.fieldnames or [])
    if header[: len(MIRROR_HEADER)] != MIRROR_HEADER:
        raise fail(
            source, 1, "", f"expected the columns {', '.join(MIRROR_HEADER)}; found {header}"
        )
    records: list[tuple[int, dict[str, str], tuple[int, int, int]]] = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than columns")
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        date = _DATE.fullmatch(cells["date"])
        if date is None:
            raise fail(source, line, "date", f"{cells['date']!r} is not a date (YYYY-MM-DD)")
        year, month, day = (int(part) for part in date.groups())
        if monthly and day != 1:
            raise fail(source, line, "date", f"{cells['date']!r} is not a month's first day")
        if not 1 <= month <= 12 or not (day == 1 or (month, day) == (12, 31)):
            raise fail(
                source,
                line,
                "date",
                f"{cells['date']!r} is neither a month's first day nor a year's last",
            )
        if codes is not None and not codes.fullmatch(cells["item_code"]):
            # the mirror lays out other tables alike (import prices by HS section, output by
            # ОКЭД): detection sees the file's head only, the reader every row
            raise fail(source, line, "item_code", f"{cells['item_code']!r} is not {what}")
        transformation = cells["transformation"]
        if monthly and transformation not in (_LEVEL, ""):  # trade: a month's own level
            raise fail(source, line, "transformation", f"{transformation!r} is not a level")
        if transformation not in (_LEVEL, "") and not _CUMULATIVE.fullmatch(transformation):
            raise fail(
                source,
                line,
                "transformation",
                f"{transformation!r} is neither a level nor a level cumulated from January",
            )
        records.append((line, cells, (year, month, day)))
    frequency = "monthly" if monthly or not records else frequency_of([d for *_, d in records])
    if frequency == "mixed":
        raise fail(source, 0, "date", "the dates mix a year's last days and months' first days")
    rows: list[dict[str, Any]] = []
    for line, cells, (year, month, _) in records:
        # the period in ASCII digits: a date written with other digits (full width) is the
        # same period, and a repeat of it is found
        period = {
            "annual": f"{year:04d}",
            "quarterly": f"{year:04d}Q{(month + 2) // 3}",
            "monthly": f"{year:04d}{month:02d}",
        }[frequency]
        rows.append(mirror_row(line, cells, name="", unit="", period=period))
    return finish_indicators(
        source,
        rows,
        {"period": "date", "value": "value", "unit": "unit"},
        keys=("period_raw", "kato", "code"),
    )
