"""The Bureau's Open SDG platform downloads: ``Year,<disaggregations...>,Value``.

Each row is one value: ``Year`` the period, ``UNIT_MEASURE`` its unit (a file may hold
several, such as a percentage and a dollar amount), ``REF_AREA`` the territory (empty for the
republic; ``KZAKM`` and so on, ISO 3166-2), and any other column a disaggregation kept in
``dimensions``.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from kzmach.files import records_with_lines
from kzmach.raw.releases.common import SourceFile, fail, finish_indicators, read_text

if TYPE_CHECKING:
    import polars as pl

__all__ = ["read_sdg"]


def read_sdg(source: SourceFile) -> pl.DataFrame:
    """Read an Open SDG CSV: one value per row, units and territories per row."""
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    if header[:1] != ["Year"] or header[-1:] != ["Value"]:
        raise fail(source, 1, "", f"expected Year, disaggregations, Value; found {header}")
    others = [h for h in header[1:-1] if h not in ("UNIT_MEASURE", "REF_AREA")]
    rows: list[dict[str, Any]] = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than columns")
        rows.append(
            {
                "row": line,
                "indicator_name": "",
                "unit": (record.get("UNIT_MEASURE") or "").strip(),
                "period_raw": (record["Year"] or "").strip(),
                "kato": (record.get("REF_AREA") or "").strip(),
                "kato_label": (record.get("REF_AREA") or "").strip(),
                "code": "",
                "code_label": "",
                "dimensions": "; ".join(
                    f"{name}: {(record.get(name) or '').strip()}"
                    for name in others
                    if (record.get(name) or "").strip()
                ),
                "value_raw": (record["Value"] or "").strip(),
                "quote": "",
            }
        )
    return finish_indicators(
        source,
        rows,
        {"period": "Year", "value": "Value", "unit": "UNIT_MEASURE"},
        keys=("period_raw", "kato", "unit", "dimensions"),
    )
