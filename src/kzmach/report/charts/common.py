"""What the briefing charts share: the data context, labels, and the bars of years.

Every chart module splits its chart in three: ``select`` (the data the chart shows, from the
known observations), ``message`` (title, subtitle and alt text in the chart's language, from
those data) and ``draw`` (the figure). The public chart function composes them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import HEADLINE_STATUSES, MONTHS_SHORT
from kzmach.paths import Root
from kzmach.report.charts.footer import Footer, compose_footer
from kzmach.report.charts.style import BAR_LABELS, COLOURS, YEAR_BAR, qualifier_mark
from kzmach.text.periods import observation_label as period_label
from kzmach.text.translations import check_language, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.base import Chart

__all__ = [
    "STATUSES",
    "Context",
    "Message",
    "Root",
    "by_figure",
    "chart_context",
    "compose_chart",
    "draw_year_bars",
    "footer_for",
    "indicator_name",
    "month_span",
    "period_label",
    "status_term",
    "verdict_term",
    "year_key",
]


#: Target statuses as a headline counts them, in the order the dashboard stacks them (the
#: vocabulary's order; "depends on base year" between off track and not measurable).
STATUSES: Final = HEADLINE_STATUSES


@dataclass(frozen=True, slots=True)
class Context:
    """What every chart needs: the known observations and the build's identity."""

    observations: pd.DataFrame
    language: str
    as_of: date | None
    root: Path
    version: str
    built: str


@dataclass(frozen=True, slots=True)
class Message:
    """What a chart says, in its language: title, subtitle and the alt text."""

    title: str
    subtitle: str
    alt: str


def chart_context(language: str, as_of: date | str | None, root: Root) -> Context:
    """Load the observations known on ``as_of`` and the build's identity, for one chart."""
    from kzmach._version import __version__
    from kzmach.api import observations
    from kzmach.data import as_of_date
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import built_date

    check_language(language)
    when = as_of_date(as_of)
    frame = observations(as_of=when, root=root)
    paths = project_paths(root)
    return Context(frame, language, when, paths.root, __version__, built_date(paths))


def compose_chart(
    name: str,
    context: Context,
    data: Any,
    said: Message,
    draw: Callable[[Any, Message, Footer, str], Figure],
    extra: dict[str, Any] | None = None,
) -> Chart:
    """Make a chart from its selected ``data`` (with ``plotted`` rows) and its message.

    The footer is composed from the plotted rows' metadata, then ``draw`` draws the figure.
    """
    from kzmach.report.charts.base import Chart
    from kzmach.report.charts.data import figure_points

    footer = footer_for(context, data.plotted)
    figure = draw(data, said, footer, context.language)
    points = (
        data.points(context.language)
        if hasattr(data, "points")
        else figure_points(data.plotted, context.language)
    )
    return Chart(
        name,
        context.language,
        figure,
        said.title,
        said.subtitle,
        said.alt,
        footer,
        data.plotted,
        context.root,
        context.as_of,
        extra or {},
        points,
    )


def footer_for(context: Context, rows: pd.DataFrame) -> Footer:
    """Compose the footer (sources, caveats, provenance) of the plotted ``rows``."""
    return compose_footer(
        rows, context.language, as_of=context.as_of, version=context.version, built=context.built
    )


def indicator_name(indicator: str, language: str) -> str:
    """Return an indicator's name in ``language``."""
    return catalogue.get(indicator).name(language)


def month_span(row: Any, language: str) -> str:
    """Return the months a period covers, abbreviated (``Jan–Oct``; one month alone)."""
    months = MONTHS_SHORT[language]
    first, last = row["period_start"].month, row["period_end"].month
    return months[first - 1] if first == last else f"{months[first - 1]}–{months[last - 1]}"


def by_figure(frame: pd.DataFrame, figure_ids: list[str]) -> pd.DataFrame:
    """Return the rows of ``frame`` whose figure id is one of ``figure_ids``."""
    return frame[frame["figure_id"].isin(figure_ids)]


def status_term(status: str, language: str) -> str:
    """Return a target status (``on track``) in ``language``."""
    return _vocabulary_term("status", status, language)


def verdict_term(verdict: str, language: str) -> str:
    """Return a claim's verdict (``revised since``, ``not nominal``) in ``language``."""
    return _vocabulary_term("verdict", verdict, language)


def _vocabulary_term(kind: str, value: str, language: str) -> str:
    """Return a vocabulary value in ``language``: message ``<kind>_<value>``, ``_`` for spaces."""
    return term(f"{kind}_{value.replace(' ', '_')}", language)


def _value_label(row: Any, text: str, language: str) -> str:
    label = f"{qualifier_mark(str(row['qualifier']))}{text}"
    if not row["is_full_year"]:
        label += f"\n{month_span(row, language)}"
    return label


def draw_year_bars(
    axis: Axes,
    rows: pd.DataFrame,
    colour: str,
    formatter: Any,
    language: str,
    labelled: Collection[int] | None = None,
) -> None:
    """Draw full years solid and year-to-date hatched, labelled with their values.

    ``labelled`` names the years whose bars carry a label (default: every bar); a long series
    labels a few and leaves the rest to the axis.
    """
    labels = []
    for _, row in rows.iterrows():
        full = bool(row["is_full_year"])
        axis.bar(
            row["year"],
            row["value"],
            width=YEAR_BAR["width"],
            color=colour if full else "white",
            edgecolor=colour,
            hatch=None if full else YEAR_BAR["hatch"],
            linewidth=YEAR_BAR["edge"],
        )
        value = float(row["value"])
        if labelled is not None and int(row["year"]) not in labelled:
            continue
        label = axis.annotate(
            _value_label(row, formatter(value), language),
            (row["year"], value if value >= 0 else 0),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=YEAR_BAR["label_pt"],
            color=COLOURS["text"],
            linespacing=1.0,
        )
        labels.append(label)
    setattr(axis, BAR_LABELS, labels)  # fit_columns lifts any that touch, once laid out


def landmark_years(rows: pd.DataFrame) -> set[int]:
    """Return the years worth a label in a long series: first, last, highest, lowest."""
    years = [int(year) for year in rows["year"]]
    values = [float(value) for value in rows["value"]]
    return {
        years[0],
        years[-1],
        years[values.index(max(values))],
        years[values.index(min(values))],
    }


def year_key(axis: Axes, colour: str, language: str) -> None:
    """Add the key of full years (solid) and years to date (hatched)."""
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, edgecolor=colour, label=term("full_year", language)),
        Patch(
            facecolor="white",
            edgecolor=colour,
            hatch=YEAR_BAR["hatch"],
            label=term("year_to_date", language),
        ),
    ]
    axis.legend(handles=handles, loc="upper left", ncols=2, fontsize=8, handlelength=1.6)
