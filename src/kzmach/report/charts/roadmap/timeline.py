"""Roadmap chart 3: one row per measure, grouped by section, a mark at each deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from kzmach.report.charts.common import Message, Root
from kzmach.report.charts.roadmap.common import (
    LABEL_PT,
    TIMELINE_LABEL_WIDTH,
    as_dates,
    compose_roadmap_chart,
    roadmap_context,
    section_name,
)
from kzmach.report.charts.style import (
    COLOURS,
    fit_columns,
    house_style,
    new_figure,
    wrap_to_width,
)
from kzmach.text.periods import month_year
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.base import Chart
    from kzmach.report.charts.footer import Footer

__all__ = ["TimelineData", "draw", "message", "roadmap_timeline", "select"]


@dataclass(frozen=True, slots=True)
class TimelineData:
    """The measures in two panels, every deadline, the busiest month, and the as-of date."""

    measures: pd.DataFrame
    panels: list[list[tuple[str, Any]]]
    deadlines: list[date]
    months: pd.Series
    as_of: date | None


def _panels(measures: pd.DataFrame) -> list[list[tuple[str, Any]]]:
    """Split the rows (section headings and measures) into two columns of near-equal length."""
    rows: list[tuple[str, Any]] = []
    for _, group in measures.groupby("section_no", sort=True):
        rows.append(("section", group.iloc[0]))
        rows.extend(("measure", row) for _, row in group.iterrows())
    starts = [i for i, (kind, _) in enumerate(rows) if kind == "section" and i > 0]
    split = min(starts, key=lambda i: abs(len(rows) - 2 * i))
    return [rows[:split], rows[split:]]


def select(measures: pd.DataFrame, as_of: date | None) -> TimelineData:
    """Lay the measures out in two panels and count the deadlines of each month."""
    import pandas as pd

    deadlines = sorted(d for dates in measures["due_dates"] for d in dates)
    months = pd.Series([d.replace(day=1) for d in deadlines]).value_counts()
    return TimelineData(measures, _panels(measures), deadlines, months, as_of)


def message(data: TimelineData, language: str) -> Message:
    """Give the span of the deadlines and the busiest month; list every measure's dates."""
    busiest = data.months.sort_index().idxmax()
    title = term(
        "title_roadmap_timeline",
        language,
        first=month_year(data.deadlines[0], language),
        last=month_year(data.deadlines[-1], language),
        busiest=month_year(cast("date", busiest), language),
        count=int(data.months.max()),
    )
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_measure",
                language,
                n=int(r["measure_no"]),
                dates=", ".join(d.isoformat() for d in r["due_dates"]),
            )
            for _, r in data.measures.iterrows()
        )
        + "."
    )
    return Message(title, term("subtitle_roadmap_timeline", language), alt)


def _measure_label(row: Any, width: float, language: str) -> str:
    """Label a measure by its number and short name in ``language``, wrapped, never cut."""
    text = f"{int(row['measure_no'])}. {row[f'short_{language}']}"
    return "\n".join(wrap_to_width(text, LABEL_PT, width))


def _draw_deadlines(axis: Axes, position: int, row: Any) -> None:
    import pandas as pd

    dates = [pd.Timestamp(d) for d in row["due_dates"]]
    if len(dates) > 1:
        axis.plot(as_dates(dates), [position] * len(dates), color=COLOURS["light"], lw=0.8)
    for due in dates:
        if row["deadline_precision"] == "day":
            axis.plot(as_dates([due]), [position], marker="D", ms=4.2, color=COLOURS["secondary"])
        else:
            start = due.replace(day=1)
            axis.barh(
                position,
                (due - start).days + 1,
                left=as_dates(start),
                height=0.62,
                color=COLOURS["primary"],
            )


def _draw_panel(
    axis: Axes,
    rows: list[tuple[str, Any]],
    span: tuple[Any, Any],
    data: TimelineData,
    language: str,
) -> None:
    import matplotlib.dates as mdates
    import pandas as pd

    labels = []
    for position, (kind, row) in enumerate(rows):
        if kind == "section":
            labels.append(f"{int(row['section_no'])}. {section_name(row, language)}")
            axis.axhspan(position - 0.5, position + 0.5, color="#EEEEEE", lw=0)
            continue
        labels.append(_measure_label(row, TIMELINE_LABEL_WIDTH - 0.01, language))
        _draw_deadlines(axis, position, row)
    axis.set_yticks(range(len(rows)), labels)
    for tick, (kind, _) in zip(axis.get_yticklabels(), rows, strict=True):
        tick.set_fontsize(LABEL_PT)
        if kind == "section":
            tick.set_fontweight("bold")
    axis.set_ylim(len(rows) - 0.5, -0.5)
    axis.set_xlim(*as_dates(span))
    # a year a tick (the panel is narrow: month labels would run together), half-years as
    # minor gridlines
    axis.xaxis.set_major_locator(mdates.YearLocator())
    axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    axis.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=(7,)))
    axis.grid(axis="x", which="minor", visible=True, lw=0.4)
    axis.tick_params(axis="x", labelsize=7)
    axis.tick_params(axis="y", length=0)
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    if data.as_of is not None:
        axis.axvline(as_dates(pd.Timestamp(data.as_of)), color=COLOURS["alert"], ls="--", lw=1)


def draw(data: TimelineData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw two panels of measures: a month-long bar or a diamond per deadline."""
    import pandas as pd

    margin = pd.Timedelta(days=45)
    span = (pd.Timestamp(data.deadlines[0]) - margin, pd.Timestamp(data.deadlines[-1]) + margin)
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.05)
        half = (box.right - box.left) / 2
        axes: list[Axes] = []
        for index, rows in enumerate(data.panels):
            left = box.left + index * half + TIMELINE_LABEL_WIDTH
            axis = figure.add_axes(
                (left, box.bottom, half - TIMELINE_LABEL_WIDTH - 0.02, box.top - box.bottom)
            )
            axes.append(axis)
            _draw_panel(axis, rows, span, data, language)
        fit_columns(figure, [[axes[0]], [axes[1]]], gap=0.02)
    return figure


def roadmap_timeline(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """One row per measure, grouped by section, with a mark at each deadline.

    A deadline naming a month is a bar across that month; one naming a day is a diamond.
    Recurring deadlines are repeated marks joined by a thin line. With ``as_of``, a dashed
    line marks that date.
    """
    context = roadmap_context(language, as_of, root)
    data = select(context.measures, context.as_of)
    return compose_roadmap_chart(
        "roadmap_timeline",
        context,
        data,
        message(data, language),
        draw,
        ("note_roadmap_month", "note_roadmap_titles"),
    )
