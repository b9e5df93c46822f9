"""World Bank World Development Indicators, one indicator's countries and years per file.

``Country Name,Country Code,Year,Value`` (the WDI's per-indicator files), or with an
``Indicator Code`` column before ``Year`` (a wide WDI download reshaped to this long layout).
Each row is one country's value in a year; the country's ISO 3166 alpha-3 code is its
territory (``data/raw/release-mappings/territories.csv`` names the region). A file without
``Indicator Code`` names no indicator, and none names a unit: ``kzmach ingest --name
NV.MNF.TECH.ZS.UN --unit %`` gives them.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Final

from kzmach.files import records_with_lines
from kzmach.raw.releases.common import SourceFile, fail, finish_indicators, read_text

if TYPE_CHECKING:
    import polars as pl

__all__ = ["WDI_HEADERS", "read_wdi"]

#: The two layouts' columns, in order.
WDI_HEADERS: Final = (
    ("Country Name", "Country Code", "Year", "Value"),
    ("Country Name", "Country Code", "Indicator Code", "Year", "Value"),
)


def read_wdi(source: SourceFile) -> pl.DataFrame:
    """Read a WDI file in either layout (module docstring): a value per country and year."""
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = tuple(h.strip() for h in reader.fieldnames or [])
    if header not in WDI_HEADERS:
        raise fail(source, 1, "", f"expected the columns of {' or '.join(map(str, WDI_HEADERS))}")
    rows: list[dict[str, Any]] = []
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than columns")
        cells = {k.strip(): (v or "").strip() for k, v in record.items() if k is not None}
        rows.append(
            {
                "row": line,
                "indicator_name": cells.get("Indicator Code", ""),
                "unit": "",
                "period_raw": cells["Year"],
                "kato": cells["Country Code"],
                "kato_label": cells["Country Name"],
                "code": "",
                "code_label": "",
                "value_raw": cells["Value"],
                "quote": "",
            }
        )
    return finish_indicators(
        source,
        rows,
        {"period": "Year", "value": "Value", "unit": "unit"},
        keys=("indicator_name", "period_raw", "kato"),
    )
