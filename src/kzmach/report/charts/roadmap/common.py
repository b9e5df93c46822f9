"""What the charts of the 2022 roadmap's measures share: their data, footer and helpers.

By section, by responsible body, the deadline timeline, and what was due by a date.

The measures come from :func:`kzmach.roadmap_measures`; the footer cites the order
itself through the same :func:`~kzmach.report.charts.footer.compose_footer` as every other chart,
each plotted measure standing as one row of provenance (``roadmap-m07`` for measure 7).
Completion status is never drawn as known: the order does not report it, and the charts say
"status unknown" until a sourced row of ``data/raw/roadmap/measure-status.csv`` says
otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import Message, Root
from kzmach.report.charts.footer import (
    Footer,
    compose_footer,
    observation_source,
    source_label,
    source_title,
)
from kzmach.report.charts.style import COLOURS
from kzmach.text.translations import check_language, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "KIND_COLOURS",
    "LABEL_PT",
    "TIMELINE_LABEL_WIDTH",
    "RoadmapContext",
    "as_dates",
    "compose_roadmap_chart",
    "finish_bars",
    "roadmap_context",
    "roadmap_footer",
    "section_name",
]

LABEL_PT: Final = 6.6
TIMELINE_LABEL_WIDTH: Final = 0.28  # of the figure width, per panel
KIND_COLOURS: Final = {
    "lead": COLOURS["primary"],
    "co_executor": COLOURS["muted"],
    "by_agreement": COLOURS["light"],
}


@dataclass(frozen=True, slots=True)
class RoadmapContext:
    """The measures and what every roadmap chart's footer needs."""

    measures: pd.DataFrame
    provenance: pd.DataFrame
    language: str
    as_of: date | None
    root: Path
    version: str
    built: str


def shown_bodies(bodies: pd.Series, language: str, root: Root) -> pd.Series:
    """Return each body as the reader's language abbreviates it (МИИР, MIID; ИИДМ in kk).

    The order writes Kazakh abbreviations; the glossary gives the Russian and English ones.
    """
    from kzmach.api import roadmap_glossary

    if language == "kk":
        return bodies
    glossary = roadmap_glossary(root=root).set_index("abbreviation")
    return bodies.map(glossary[f"abbreviation_{language}"]).fillna(bodies)


def deadline_label(record: Any, language: str) -> str:
    """Write a measure's deadline in ``language``.

    In Kazakh, the order's own words; otherwise its months or days as the reader writes them
    ("June 2022", "30 June 2022 – 30 June 2024").
    """
    from kzmach.text.periods import month_year, written_date

    if language == "kk":
        return str(record["deadline_text"])
    write = written_date if record["deadline_precision"] == "day" else month_year
    first, last = record["first_due"].date(), record["last_due"].date()
    return write(first, language) + ("" if first == last else f" – {write(last, language)}")


def roadmap_context(language: str, as_of: date | str | None, root: Root) -> RoadmapContext:
    """Load the measures known on ``as_of`` and the order's provenance rows."""
    import pandas as pd

    from kzmach._version import __version__
    from kzmach.api import roadmap_measures, sources
    from kzmach.data import as_of_date
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import built_date

    check_language(language)
    when = as_of_date(as_of)
    measures = roadmap_measures(as_of=when, root=root)
    measures = measures.assign(lead_shown=shown_bodies(measures["lead"], language, root))
    registry = cast("pd.DataFrame", sources(root=root))
    source = registry.set_index("source_id").loc[measures["source_id"].iloc[0]]
    published = pd.Timestamp(str(source["published"]))
    provenance = pd.DataFrame(
        {
            "figure_id": [f"roadmap-m{n:02d}" for n in measures["measure_no"]],
            "figure_type": "measure",
            "period_type": "deadline",
            "period_start": measures["first_due"],
            "period_end": measures["last_due"],
            "basis": "",
            "unit": "",
            "qualifier": "exact",
            "maturity": None,
            "inferred": "",
            "release": f"parsed:{source.name}",
            "vintage": published,
            "source_id": str(source.name),
            "source_kind": source["kind"],
            "source_title": source["title"],
            "source_publisher": source["publisher"],
            "source_url": source["url"] or None,
            "source_published": str(source["published"]),
            "measure_no": measures["measure_no"],
            "section": measures["section"],
            "deadline_text": measures["deadline_text"],
            "status": measures["status"],
        }
    )
    paths = project_paths(root)
    return RoadmapContext(
        measures, provenance, language, when, paths.root, __version__, built_date(paths)
    )


def roadmap_footer(context: RoadmapContext, notes: tuple[str, ...]) -> Footer:
    """Compose the footer citing the order, with the notes ``notes`` and the status note."""
    extra = [term(key, context.language) for key in notes]
    if (context.measures["status"] == "unknown").all():
        extra.append(term("note_roadmap_status", context.language))
    return compose_footer(
        context.provenance,
        context.language,
        as_of=context.as_of,
        version=context.version,
        built=context.built,
        extra_notes=extra,
    )


def as_dates(value: Any) -> Any:
    """Hand dates to matplotlib as they are (its date converter places them; typed as Any)."""
    return value


def section_name(row: Any, language: str) -> str:
    """Return a section's short name in ``language``."""
    return str(row[f"section_name_{language}"])


def compose_roadmap_chart(
    name: str,
    context: RoadmapContext,
    data: Any,
    said: Message,
    draw: Callable[[Any, Message, Footer, str], Figure],
    notes: tuple[str, ...] = (),
    extra: dict[str, Any] | None = None,
) -> Chart:
    """Make a roadmap chart: footer (with ``notes``), then ``draw``; provenance is the order."""
    footer = roadmap_footer(context, notes)
    figure = draw(data, said, footer, context.language)
    return Chart(
        name,
        context.language,
        figure,
        said.title,
        said.subtitle,
        said.alt,
        footer,
        context.provenance,
        context.root,
        context.as_of,
        extra or {},
        measure_points(context),
    )


def measure_points(context: RoadmapContext) -> pd.DataFrame:
    """Return the roadmap's measures, one row each (value 1), whose counts the bars show.

    Summed by section, body, month or due date, the rows give each chart's bars.
    """
    from kzmach.report.charts.data import points_frame

    language = context.language
    source = context.provenance.iloc[0] if len(context.provenance) else None
    rows: list[dict[str, object]] = []
    record: dict[Any, Any]
    for record in context.measures.to_dict("records"):
        rows.append(
            {
                "series": str(record["section"]),
                "label": f"{record['measure_no']}. {record[f'short_{language}']} "
                f"({record[f'section_name_{language}']}; {record['lead_shown']})",
                "period": deadline_label(record, language),
                "period_start": str(record["first_due"])[:10],
                "period_end": str(record["last_due"])[:10],
                "value": 1,
                "unit": term("unit_measure", language),
                "qualifier": "",
                "figure_ids": f"measure {record['measure_no']}",
                "source": ""
                if source is None
                else f"{source_label(source['source_publisher'], language)}: "
                + source_title(observation_source(source), language),
                "source_url": "" if source is None else str(source["source_url"] or ""),
            }
        )
    return points_frame(rows)


def finish_bars(axis: Axes, labels: list[str], label_pt: float, right: float) -> None:
    """Label the rows of a horizontal bar chart (first row on top) and set its house grid."""
    axis.set_yticks(range(len(labels)), labels, fontsize=label_pt)
    axis.invert_yaxis()
    axis.set_xlim(0, right)
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    axis.tick_params(axis="x", labelsize=8)
    axis.legend(loc="lower right", fontsize=8)
