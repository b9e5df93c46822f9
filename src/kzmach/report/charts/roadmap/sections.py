"""Roadmap chart 1: measures per section, one-off and recurring deadlines stacked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.report.charts.common import Message, Root
from kzmach.report.charts.roadmap.common import (
    compose_roadmap_chart,
    finish_bars,
    roadmap_context,
    section_name,
)
from kzmach.report.charts.style import COLOURS, YEAR_BAR, fit_columns, house_style, new_figure
from kzmach.text.translations import plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.base import Chart
    from kzmach.report.charts.footer import Footer

__all__ = ["SectionData", "draw", "message", "roadmap_sections", "select"]


@dataclass(frozen=True, slots=True)
class SectionData:
    """Each section's row, its one-off and recurring measures, and their totals."""

    sections: pd.DataFrame
    counts: pd.DataFrame
    totals: pd.Series
    measures: int


def select(measures: pd.DataFrame) -> SectionData:
    """Count the measures of each section, one-off and recurring, in the order's order."""
    sections = measures.drop_duplicates("section").set_index("section")
    counts = measures.groupby(["section", "recurring"], sort=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[False, True], fill_value=0).reindex(sections.index)
    return SectionData(sections, counts, counts.sum(axis=1), len(measures))


def message(data: SectionData, language: str) -> Message:
    """Name the section with the most measures; list every section's count."""
    top = str(data.totals.idxmax())
    title = plural_term(
        "title_roadmap_sections",
        data.measures,
        language,
        n=data.measures,
        top=section_name(data.sections.loc[top], language),
        count=int(data.totals[top]),
    )
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_section",
                language,
                section=section_name(data.sections.loc[s], language),
                total=int(data.totals[s]),
                recurring=int(data.counts.loc[s, True]),
            )
            for s in data.counts.index
        )
        + "."
    )
    return Message(title, term("subtitle_roadmap_sections", language), alt)


def draw(data: SectionData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw one bar per section: one-off measures solid, recurring ones hatched."""
    counts, totals, sections = data.counts, data.totals, data.sections
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.3)
        axis = figure.add_axes(box.rect)
        positions = range(len(counts))
        one_off, recurring = counts[False].to_numpy(), counts[True].to_numpy()
        axis.barh(
            positions,
            one_off,
            color=COLOURS["primary"],
            height=0.7,
            label=term("one_off", language),
        )
        axis.barh(
            positions,
            recurring,
            left=one_off,
            color="white",
            edgecolor=COLOURS["primary"],
            hatch=YEAR_BAR["hatch"],
            height=0.7,
            label=term("recurring", language),
        )
        for position, total in zip(positions, totals, strict=True):
            axis.annotate(
                str(int(total)),
                (float(total), position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                fontweight="bold",
            )
        labels = [
            f"{int(sections.loc[s, 'section_no'])}. {section_name(sections.loc[s], language)}"
            for s in counts.index
        ]
        finish_bars(axis, labels, 8.5, float(totals.max()) * 1.15)
        fit_columns(figure, [[axis]])
    return figure


def roadmap_sections(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Measures per section of the roadmap, one-off and recurring deadlines stacked."""
    context = roadmap_context(language, as_of, root)
    data = select(context.measures)
    return compose_roadmap_chart("roadmap_sections", context, data, message(data, language), draw)
