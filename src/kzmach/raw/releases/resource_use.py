"""The Bureau's resources and use of products (publication 19065), one product per row.

``period_end,product_code,product,production,production_prev_year,imports,imports_prev_year,
exports,exports_prev_year,domestic_sales,domestic_sales_prev_year``: a wide table, as the
statistics mirror lays out the Bureau's "Ресурсы и использование отдельных видов продукции
(товаров) и сырья". Each row is one product, in the physical unit its name ends with
("Автомобили легковые пассажирские, штук"; тонн, тыс.штук, млн. тенге); each of its eight
values is one flow (production, imports, exports, domestic sales) of one period: the months
from January to ``period_end`` (``2026-07`` is January–July 2026) or the same months a year
earlier (the ``_prev_year`` columns).

The table's identity, production + imports − exports = domestic sales, is checked for every
row and period when the file is read. A row and period that breaks it by more than
:data:`IDENTITY_TOLERANCE` (the Bureau's two excavator rows of January–July 2026: 42,527
exported against 720 imported and none made) is kept as published and flagged in the ``note``
of each of its four values; every analysis leaves it out of its totals and says so.
"""

from __future__ import annotations

import csv
import io
import re
from typing import TYPE_CHECKING, Any, Final

from kzmach.files import records_with_lines
from kzmach.raw.releases.common import SourceFile, fail, finish_indicators, read_text
from kzmach.text.numbers import split_unit

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "IDENTITY_FLAG",
    "IDENTITY_TOLERANCE",
    "RESOURCE_USE_FLOWS",
    "RESOURCE_USE_HEADER",
    "identity_residual",
    "read_resource_use",
]

#: The four flows of the table, by column, with the indicator name each value is read under
#: (``release-mappings/measures.csv`` maps each to its measure).
RESOURCE_USE_FLOWS: Final[dict[str, str]] = {
    "production": "Ресурсы и использование продукции: производство",
    "imports": "Ресурсы и использование продукции: импорт",
    "exports": "Ресурсы и использование продукции: экспорт",
    "domestic_sales": "Ресурсы и использование продукции: продажа на внутреннем рынке",
}
#: The suffix of the columns of the same months a year earlier.
PREVIOUS_YEAR: Final = "_prev_year"
RESOURCE_USE_HEADER: Final = (
    "period_end",
    "product_code",
    "product",
    *(f"{flow}{suffix}" for flow in RESOURCE_USE_FLOWS for suffix in ("", PREVIOUS_YEAR)),
)
#: How far production + imports − exports may miss domestic sales and still hold: one unit,
#: or 1% of the period's largest flow (the Bureau rounds each flow on its own: ±1 unit and
#: ±0.001 tonne residuals are rounding, not errors).
IDENTITY_TOLERANCE: Final = 0.01
#: The note a value of a row and period that breaks the identity carries.
IDENTITY_FLAG: Final = "identity broken"
_PERIOD_END: Final = re.compile(r"(\d{4})-(\d{2})")


def identity_residual(production: float, imports: float, exports: float, sales: float) -> float:
    """Return production + imports − exports − domestic sales (zero when the table adds up).

    Examples
    --------
    >>> identity_residual(102870, 152916, 646, 255140)
    0.0
    >>> identity_residual(0, 720, 42527, 0)
    -41807.0
    """
    return float(production + imports - exports - sales)


def _broken_by(flows: dict[str, float]) -> float | None:
    """Return how far the four flows miss the identity, when by more than the tolerance."""
    residual = identity_residual(
        flows["production"], flows["imports"], flows["exports"], flows["domestic_sales"]
    )
    tolerance = max(1.0, IDENTITY_TOLERANCE * max(abs(v) for v in flows.values()))
    return residual if abs(residual) > tolerance else None


def _values(
    line: int, cells: dict[str, str], unit: str, year: int, month: int
) -> tuple[list[dict[str, Any]], int]:
    """Return a product's eight values and how many of its two periods break the identity."""
    rows: list[dict[str, Any]] = []
    broken = 0
    for suffix, period_year in (("", year), (PREVIOUS_YEAR, year - 1)):
        columns = {flow: f"{flow}{suffix}" for flow in RESOURCE_USE_FLOWS}
        note = ""
        try:
            flows = {flow: float(cells[column]) for flow, column in columns.items()}
        except ValueError:
            flows = {}  # a cell that is no number: the value checks name it
        residual = _broken_by(flows) if flows else None
        if residual is not None:
            note = (
                f"{IDENTITY_FLAG}: production + imports − exports − domestic sales = "
                f"{residual:,.3f} {unit} (kept as published, left out of every total)"
            )
            broken += 1
        rows += [
            {
                "row": line,
                "indicator_name": RESOURCE_USE_FLOWS[flow],
                "unit": unit,
                "period_raw": f"{period_year:04d}{month:02d}",
                "period_as_written": f"{cells['period_end']} ({column})",
                "kato": "",
                "kato_label": "",
                "code": cells["product_code"],
                "code_label": cells["product"],
                "value_raw": cells[column],
                "value_column": column,
                "quote": "",
                "note": note,
            }
            for flow, column in columns.items()
        ]
    return rows, broken


def read_resource_use(source: SourceFile) -> pl.DataFrame:
    """Read the resources-and-use table: eight values per product (module docstring).

    Raises
    ------
    ReleaseError
        Naming the file, row and column: a header other than :data:`RESOURCE_USE_HEADER`, a
        period end that is not ``YYYY-MM``, a product whose name ends with no unit.
    """
    reader = csv.DictReader(io.StringIO(read_text(source), newline=""))
    header = tuple(h.strip() for h in reader.fieldnames or [])
    if header != RESOURCE_USE_HEADER:
        raise fail(
            source, 1, "", f"expected the columns {', '.join(RESOURCE_USE_HEADER)}; found {header}"
        )
    rows: list[dict[str, Any]] = []
    flagged = 0
    for line, record in records_with_lines(reader):
        if None in record:
            raise fail(source, line, "", "more cells than columns")
        cells = {k: (v or "").strip() for k, v in record.items() if k is not None}
        end = _PERIOD_END.fullmatch(cells["period_end"])
        if end is None or not 1 <= int(end[2]) <= 12:
            raise fail(source, line, "period_end", f"{cells['period_end']!r} is not YYYY-MM")
        unit = split_unit(cells["product"])[1]
        if not unit:
            raise fail(source, line, "product", "the name ends with no unit (after a comma)")
        values, broken = _values(line, cells, unit, int(end[1]), int(end[2]))
        rows += values
        flagged += broken
    if flagged:
        source.account.flag(
            f"values of {flagged} product-period(s) that break the identity "
            "production + imports − exports = domestic sales",
            flagged * len(RESOURCE_USE_FLOWS),
        )
    return finish_indicators(
        source,
        rows,
        {"period": "period_end", "value": "{value_column}", "unit": "product"},
        keys=("indicator_name", "period_raw", "code"),
    )
