"""The long series layout public mirrors give the Bureau's tables in.

``date,country,region,frequency,variable,item_code,item_name,value,unit,source,...``: one value
per row, ``variable`` naming the Bureau's table (``INDUSTRIAL_PRODUCTION_INDEX_BY_ACTIVITY`` is
table 5792, ``GVA_NOMINAL_INDUSTRY_DIVISIONS`` table 5931), ``item_code`` the ОКЭД section,
division or aggregate (``MACH``, ``26-30, 33``), ``region`` the territory (``national`` for the
republic). Annual rows are dated the last day of the year. Values are kept as written, float
noise (``44730.00000000001``) included.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.files import records_with_lines
from kzmach.raw.releases.common import SourceFile, fail, finish_indicators, read_text

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SERIES_HEADER", "mirror_row", "read_long_series"]

SERIES_HEADER: Final = ("date", "country", "region", "frequency", "variable", "item_code")


def _period(date: str, frequency: str) -> str:
    """``2013-12-31`` annual -> ``2013``; a monthly or quarterly row -> ``YYYYMM``/``YYYYQn``."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-\d{2}", date)
    if not match:
        return date
    year, month = f"{int(match[1]):04d}", int(match[2])  # ASCII digits, whatever was written
    if frequency == "annual":
        return year
    if frequency == "quarterly":
        return f"{year}Q{(month + 2) // 3}"
    return f"{year}{month:02d}"


def mirror_row(
    line: int, cells: dict[str, str], *, name: str, unit: str, period: str
) -> dict[str, Any]:
    """Return a reader's row of a statistics-mirror layout (date, region, item code and name).

    ``region`` ``national`` is the republic (no territory); the item's code and name are the
    classifier's (an ОКЭД division, an HS chapter).
    """
    region = cells["region"]
    return {
        "row": line,
        "indicator_name": name,
        "unit": unit,
        "period_raw": period,
        "period_as_written": cells["date"],
        "kato": "" if region == "national" else region,
        "kato_label": "" if region == "national" else region,
        "code": cells["item_code"],
        "code_label": cells["item_name"],
        "value_raw": cells["value"],
        "quote": "",
    }


def read_long_series(source: SourceFile) -> pl.DataFrame:
    """Read a long series CSV: one value per row, several tables and units in one file."""
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in (*SERIES_HEADER, "item_name", "value", "unit") if c not in header]
    if missing:
        raise fail(source, 1, ", ".join(missing), f"missing column(s) {missing}")
    rows: list[dict[str, Any]] = []
    for line, record in records_with_lines(reader):
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        rows.append(
            mirror_row(
                line,
                cells,
                name=cells["variable"],
                unit=cells["unit"],
                period=_period(cells["date"], cells["frequency"]),
            )
        )
    return finish_indicators(
        source,
        rows,
        {"period": "date", "value": "value", "unit": "unit"},
        keys=("indicator_name", "period_raw", "kato", "code"),
    )
