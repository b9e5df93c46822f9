"""Roadmap chart 2: measures per responsible body, as lead, other executor or by agreement."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from kzmach.report.charts.common import Message, Root
from kzmach.report.charts.roadmap.common import (
    KIND_COLOURS,
    compose_roadmap_chart,
    finish_bars,
    roadmap_context,
)
from kzmach.report.charts.style import fit_columns, house_style, new_figure
from kzmach.text.translations import plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.base import Chart
    from kzmach.report.charts.footer import Footer

__all__ = ["BodyData", "draw", "message", "roadmap_bodies_chart", "select"]

_STATE_PREFIXES: Final = {
    "en": (" of the Republic of Kazakhstan",),
    "ru": (" Республики Казахстан",),
    "kk": ("Қазақстан Республикасы ", "Қазақстан Республикасының "),
}


@dataclass(frozen=True, slots=True)
class BodyData:
    """Measures per body and role, the bodies named once, and the glossary's names."""

    table: pd.DataFrame
    shown: pd.DataFrame
    once: pd.DataFrame
    names: pd.DataFrame
    measures: int


def select(measures: pd.DataFrame, glossary: pd.DataFrame) -> BodyData:
    """Count each body's measures by role; bodies named in one measure are gathered."""
    from kzmach.analysis.roadmap import bodies_of

    bodies = bodies_of(measures, glossary)
    bodies = bodies.assign(
        role=[
            "lead" if lead else "by_agreement" if agreed else "co_executor"
            for lead, agreed in zip(bodies["lead"], bodies["by_agreement"], strict=True)
        ]
    )
    table = bodies.groupby(["body", "role"]).size().unstack(fill_value=0)
    table = table.reindex(columns=list(KIND_COLOURS), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total", "lead"], ascending=False)
    return BodyData(
        table,
        table[table["total"] > 1],
        table[table["total"] == 1],
        bodies.drop_duplicates("body").set_index("body"),
        len(measures),
    )


def _short_name(name: str, language: str) -> str:
    for affix in _STATE_PREFIXES[language]:
        name = name.replace(affix, "")
    return name.strip()


def _shown_body(data: BodyData, body: str, language: str) -> str:
    """Return a body as ``language`` abbreviates it (МИИР, MIID; ИИДМ as the order writes it)."""
    column = f"abbreviation_{language}"
    if body not in data.names.index or column not in data.names.columns:
        return body  # a gathered row ("named once")
    shown = data.names.loc[body, column]
    return body if not isinstance(shown, str) or not shown else shown


def message(data: BodyData, language: str) -> Message:
    """Name the body leading the most measures and the one named most beside it."""
    table = data.table
    lead = str(table["lead"].idxmax())
    partner = str(table.drop(index=lead)["total"].idxmax())

    def full(body: str) -> str:
        name = str(data.names.loc[body, f"name_{language}"])
        return body if name == "unknown" else _short_name(name, language)

    title = term(
        "title_roadmap_bodies",
        language,
        lead=full(lead),
        led=int(table["lead"].loc[lead]),
        n=data.measures,
        partner=full(partner),
        named=int(table["total"].loc[partner]),
    )
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_body",
                language,
                body=_shown_body(data, str(body), language),
                total=int(row["total"]),
                lead=int(row["lead"]),
                agreed=int(row["by_agreement"]),
            )
            for body, row in table.iterrows()
        )
        + "."
    )
    return Message(title, term("subtitle_roadmap_bodies", language), alt)


def draw(data: BodyData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw one stacked bar per body (roles stacked); the bodies named once share a row."""
    shown = data.shown.copy()
    once = data.once
    if len(once):
        shown.loc[plural_term("others_once", len(once), language, n=len(once))] = once.sum()
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.2)
        axis = figure.add_axes(box.rect)
        positions = list(range(len(shown)))
        left = [0.0] * len(shown)
        for role, colour in KIND_COLOURS.items():
            values = [float(v) for v in shown[role]]
            axis.barh(
                positions,
                values,
                left=left,
                color=colour,
                height=0.72,
                label=term("lead_body" if role == "lead" else role, language),
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for position, total in zip(positions, shown["total"], strict=True):
            axis.annotate(
                str(int(total)),
                (float(total), position),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
        labels = [_shown_body(data, str(body), language) for body in shown.index]
        finish_bars(axis, labels, 7, float(shown["total"].max()) * 1.12)
        fit_columns(figure, [[axis]])
    return figure


def roadmap_bodies_chart(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Measures per responsible body: as lead, as another executor, and by agreement.

    Bodies named in one measure only are gathered in one row, so that the chart stays
    legible; the notebook's table lists them all.
    """
    from kzmach.api import roadmap_glossary

    context = roadmap_context(language, as_of, root)
    data = select(context.measures, roadmap_glossary(root=root))
    return compose_roadmap_chart(
        "roadmap_bodies",
        context,
        data,
        message(data, language),
        draw,
        ("note_roadmap_lead",),
    )
