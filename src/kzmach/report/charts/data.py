"""Each chart's numbers beside it: a CSV per chart and a workbook per language.

A chart's points are exactly what it draws, one row per point, with the label, period,
unit, qualifier and source of each, worded in the chart's language. Each value is rounded
as its source writes it (``value_precision``, the rounding unit kept with every figure);
a value kzmach computes (a share, a contribution, a sum of months) is rounded to
:data:`COMPUTED_DECIMALS` decimals. The CSV and the workbook hold the same numbers, so a
column summed in Excel gives the CSV's sum. A chart that draws the
figures themselves (output, vehicles) lists those figures; a chart that draws values
computed from figures (shares, contributions, progress to a target) gives its own points
through its data's ``points(language)`` and names the figures each value rests on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata import catalogue
from kzmach.report.charts.footer import observation_source, source_label, source_title
from kzmach.text.periods import observation_label
from kzmach.text.translations import term, unit_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "COMPUTED_DECIMALS",
    "POINT_COLUMNS",
    "WORKBOOK",
    "decimals_of",
    "derived_point",
    "estimate_points",
    "figure_points",
    "number_format",
    "points_frame",
    "sheet_name",
    "write_workbook",
]

#: The columns of every chart's CSV, in order.
POINT_COLUMNS = (
    "series",
    "label",
    "period",
    "period_start",
    "period_end",
    "value",
    "value_precision",
    "unit",
    "qualifier",
    "figure_ids",
    "source",
    "source_url",
)
WORKBOOK = "chart-data.xlsx"
#: Decimals kept of a value kzmach computes rather than reads (its precision is not a
#: source's): enough for a share in % or a contribution in pp to the third decimal.
COMPUTED_DECIMALS: Final = 3
#: The most decimals a value keeps (a file written to 15 digits is shown to 10).
MAX_DECIMALS: Final = 10


def decimals_of(precision: float | None) -> int:
    """Return the decimals a rounding unit keeps: 0.1 -> 1, 0.05 -> 2, 1000 -> 0.

    A missing or non-positive ``precision`` (a computed value) keeps :data:`COMPUTED_DECIMALS`.
    """
    if precision is None or not math.isfinite(precision) or precision <= 0:
        return COMPUTED_DECIMALS
    return min(MAX_DECIMALS, max(0, math.ceil(-math.log10(precision) - 1e-9)))


def points_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Return ``rows`` as a frame with exactly :data:`POINT_COLUMNS`, values rounded.

    A row without a ``value_precision`` (a computed value) gets ``10 ** -COMPUTED_DECIMALS``;
    every value is rounded to the decimals of its precision (:func:`decimals_of`).
    """
    import pandas as pd

    rounded = []
    for row in rows:
        precision = _number(row.get("value_precision"))
        if precision is None or precision <= 0:
            precision = 10.0**-COMPUTED_DECIMALS
        precision = max(precision, 10.0**-MAX_DECIMALS)
        value = _number(row.get("value"))
        if value is not None:
            value = round(value, decimals_of(precision))
        rounded.append({**row, "value": value, "value_precision": precision})
    frame = pd.DataFrame(rounded)
    for column in POINT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    return frame[list(POINT_COLUMNS)]


def _number(value: object) -> float | None:
    """Return ``value`` as a finite float, or None (empty, missing, NaN)."""
    if value is None or value == "":
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def _qualifier(qualifier: str, language: str) -> str:
    return "" if qualifier in ("", "exact") else term(f"qualifier_{qualifier}", language)


def _day(value: Any) -> str:
    return value.date().isoformat() if hasattr(value, "date") else str(value)


def figure_points(observations: pd.DataFrame, language: str, series: str = "") -> pd.DataFrame:
    """Return drawn figures as points: one row per figure, worded in ``language``."""
    rows = []
    ordered = observations.sort_values(["indicator", "period_start", "period_end"])
    record: dict[Any, Any]
    for record in ordered.to_dict("records"):
        indicator = catalogue.get(str(record["indicator"]))
        rows.append(
            {
                "series": series or indicator.id,
                "label": indicator.name(language),
                "period": observation_label(record, language),
                "period_start": _day(record["period_start"]),
                "period_end": _day(record["period_end"]),
                "value": float(record["value"]),
                "value_precision": record.get("value_precision"),
                "unit": unit_name(indicator.unit, language),
                "qualifier": _qualifier(str(record["qualifier"]), language),
                "figure_ids": str(record["figure_id"]),
                "source": f"{source_label(str(record['source_publisher']), language)}: "
                + source_title(observation_source(record), language),
                "source_url": str(record["source_url"] or ""),
            }
        )
    return points_frame(rows)


def derived_point(
    plotted: pd.DataFrame,
    figure_ids: Sequence[str],
    language: str,
    **fields: object,
) -> dict[str, object]:
    """Return a computed point, citing the sources of the figures it rests on.

    ``fields`` are the point's own columns (series, label, period, value, unit, ...); the
    period's first and last days, the qualifier and the sources come from the figures.
    """
    rows = plotted[plotted["figure_id"].isin(list(figure_ids))]
    starts: list[Any] = rows["period_start"].tolist()
    ends: list[Any] = rows["period_end"].tolist()
    sources = list(
        dict.fromkeys(
            f"{source_label(str(r['source_publisher']), language)}: "
            + source_title(observation_source(r), language)
            for r in rows.to_dict("records")
        )
    )
    urls = list(dict.fromkeys(str(u) for u in rows["source_url"] if u))
    qualifiers = sorted({str(q) for q in rows["qualifier"]} - {"exact"})
    point: dict[str, object] = {
        "period_start": _day(min(starts)) if starts else "",
        "period_end": _day(max(ends)) if ends else "",
        "qualifier": ", ".join(_qualifier(q, language) for q in qualifiers),
        "figure_ids": ";".join(figure_ids),
        "source": " | ".join(sources),
        "source_url": " | ".join(urls),
    }
    point.update(fields)
    return point


#: The workbook's columns by their message key; the CSV keeps :data:`POINT_COLUMNS`.
_HEADER_KEYS: Final = {column: f"col_point_{column}" for column in POINT_COLUMNS}
_NUMBER_COLUMNS: Final = ("value", "value_precision")
_DATE_COLUMNS: Final = ("period_start", "period_end")
#: How each language writes a date in a spreadsheet cell.
_DATE_FORMATS: Final = {"en": "yyyy-mm-dd", "ru": "dd.mm.yyyy", "kk": "dd.mm.yyyy"}
_WIDEST_COLUMN: Final = 60


def estimate_points(
    plotted: pd.DataFrame,
    record: Mapping[Any, Any],
    language: str,
    *,
    series: str,
    unit: str,
    scale: float = 1.0,
) -> list[dict[str, object]]:
    """Return a year's estimate and its interval as three points (``series:estimate`` …).

    ``record`` is a row of a nowcast (year, estimate, low, high); values are divided by
    ``scale`` (1000: million to billion). An estimate rests on no single figure: it cites none.
    """
    return [
        derived_point(
            plotted,
            [],
            language,
            series=f"{series}:{part}",
            label=term("trade_estimate", language, year=record["year"]),
            period=str(record["year"]),
            value=float(record[part]) / scale,
            unit=unit,
        )
        for part in ("estimate", "low", "high")
    ]


def sheet_name(chart: str, language: str) -> str:
    """Return a chart's sheet name in ``language`` (its declared short name, Excel-safe)."""
    name = term(f"sheet_{chart}", language)
    for character in "[]:*?/\\":
        name = name.replace(character, " ")
    return name[:31]


def number_format(precision: float) -> str:
    """Return the Excel number format showing a value to its precision: ``#,##0.0`` for 0.1."""
    places = decimals_of(precision)
    return "#,##0" + ("." + "0" * places if places else "")


def write_workbook(
    figures: Path, language: str, sidecars: Sequence[dict[str, Any]], folder: Path
) -> Path:
    """Write ``folder/chart-data.xlsx`` for people: an "about" sheet, then a sheet per chart.

    Each chart's sheet holds its ``<name>_<lang>.csv`` with the headers in ``language``,
    values and their rounding units stored as numbers (shown to that precision), the
    period's first and last days as dates, a frozen header row and fitted column widths.
    The first sheet names each chart's sheet, title, units and sources, the data's as-of
    date and how values are rounded. ``sidecars`` are the charts' JSON records, in order.
    """
    import io

    import pandas as pd
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from kzmach.files import atomic_write_bytes

    book = Workbook()
    about = book.active
    assert about is not None
    about.title = term("sheet_about", language)
    about.append([term("deck_title", language)])
    about["A1"].font = Font(bold=True, size=14)
    as_of = max((str(r.get("data_as_of", "")) for r in sidecars), default="")
    about.append([term("workbook_as_of", language), as_of])
    about.append([term("workbook_rounding", language, decimals=COMPUTED_DECIMALS)])
    about.append([])
    about.append([term(key, language) for key in ("col_sheet", "col_chart", "col_unit", "sources")])
    for cell in about[about.max_row]:
        cell.font = Font(bold=True)
    for record in sidecars:
        path = figures / f"{record['name']}_{language}.csv"
        if not path.is_file():
            continue
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        sheet = book.create_sheet(sheet_name(str(record["name"]), language))
        _chart_sheet(sheet, table, language)
        units = "; ".join(dict.fromkeys(u for u in table["unit"] if u))
        publishers = (str(s["publisher"]) for s in record.get("sources", []))
        sources = "; ".join(dict.fromkeys(source_label(p, language) for p in publishers))
        about.append([sheet.title, str(record["title"]), units, sources])
    for letter, width in zip("ABCD", (28, 80, 24, 60), strict=True):
        about.column_dimensions[letter].width = width
    for cells in about.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    target = folder / WORKBOOK
    atomic_write_bytes(target, buffer.getvalue())
    return target


def _chart_sheet(sheet: Any, table: pd.DataFrame, language: str) -> None:
    """Fill ``sheet`` with a chart's points: typed cells, formats, frozen header, widths."""
    import datetime as dt

    from openpyxl.styles import Font

    columns = list(table.columns)
    sheet.append([term(_HEADER_KEYS[column], language) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in table.itertuples(index=False):
        row: list[object] = []
        for column, text in zip(columns, values, strict=True):
            if text == "":
                row.append(None)  # an empty cell, not an empty text
            elif column not in (*_NUMBER_COLUMNS, *_DATE_COLUMNS):
                row.append(text)
            elif column in _NUMBER_COLUMNS:
                row.append(float(text))
            else:
                row.append(dt.date.fromisoformat(text))
        sheet.append(row)
    precision_at = columns.index("value_precision")
    for cells in sheet.iter_rows(min_row=2):
        precision = cells[precision_at].value
        for column, cell in zip(columns, cells, strict=True):
            if column == "value" and isinstance(precision, float):
                cell.number_format = number_format(precision)
            elif column in _DATE_COLUMNS:
                cell.number_format = _DATE_FORMATS[language]
    sheet.freeze_panes = "A2"
    _fit_widths(sheet)


def _fit_widths(sheet: Any) -> None:
    """Set each column's width to its longest text (capped at :data:`_WIDEST_COLUMN`)."""
    from openpyxl.utils import get_column_letter

    for number, cells in enumerate(sheet.iter_cols(), start=1):
        longest = max(len(str(c.value)) if c.value is not None else 0 for c in cells)
        width = min(_WIDEST_COLUMN, max(10, longest + 2))
        sheet.column_dimensions[get_column_letter(number)].width = width
