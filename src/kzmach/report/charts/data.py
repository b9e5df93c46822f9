"""Each chart's numbers beside it: a CSV per chart and a workbook per language.

A chart's points are exactly what it draws, one row per point, with the label, period,
unit, qualifier and source of each, worded in the chart's language. A chart that draws the
figures themselves (output, vehicles) lists those figures; a chart that draws values
computed from figures (shares, contributions, progress to a target) gives its own points
through its data's ``points(language)`` and names the figures each value rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kzmach.metadata import catalogue
from kzmach.report.charts.footer import source_label
from kzmach.text.periods import observation_label
from kzmach.text.translations import term, unit_name

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "POINT_COLUMNS",
    "WORKBOOK",
    "derived_point",
    "figure_points",
    "points_frame",
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
    "unit",
    "qualifier",
    "figure_ids",
    "source",
    "source_url",
)
WORKBOOK = "chart-data.xlsx"


def points_frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    """Return ``rows`` as a frame with exactly :data:`POINT_COLUMNS`."""
    import pandas as pd

    frame = pd.DataFrame(rows)
    for column in POINT_COLUMNS:
        if column not in frame:
            frame[column] = ""
    return frame[list(POINT_COLUMNS)]


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
                "unit": unit_name(indicator.unit, language),
                "qualifier": _qualifier(str(record["qualifier"]), language),
                "figure_ids": str(record["figure_id"]),
                "source": f"{source_label(str(record['source_publisher']), language)}: "
                f"{record['source_title']}",
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
            f"{source_label(str(p), language)}: {t}"
            for p, t in zip(rows["source_publisher"], rows["source_title"], strict=True)
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


def write_workbook(figures: Path, language: str, names: Sequence[str], folder: Path) -> Path:
    """Write ``folder/chart-data.xlsx``: one sheet per chart, from its ``<name>_<lang>.csv``."""
    import io

    import pandas as pd

    from kzmach.files import atomic_write_bytes

    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as workbook:
        for name in names:
            path = figures / f"{name}_{language}.csv"
            if path.is_file():
                table = pd.read_csv(path, dtype=str, keep_default_na=False)
                table.to_excel(workbook, sheet_name=name[:31], index=False)
    target = folder / WORKBOOK
    atomic_write_bytes(target, buffer.getvalue())
    return target
