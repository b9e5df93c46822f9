"""Roadmap chart 4: how many measures had fallen due by each date, with the as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.report.charts.common import Message, Root
from kzmach.report.charts.roadmap.common import as_dates, compose_roadmap_chart, roadmap_context
from kzmach.report.charts.style import COLOURS, fit_columns, house_style, new_figure
from kzmach.text.periods import by_date, written_date
from kzmach.text.translations import plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.base import Chart
    from kzmach.report.charts.footer import Footer

__all__ = ["DueData", "draw", "message", "roadmap_due_chart", "select"]


@dataclass(frozen=True, slots=True)
class DueData:
    """The measures due by ``when``, and every measure's first and last deadline, sorted."""

    when: date
    due: pd.DataFrame
    measures: int
    first: pd.Series
    last: pd.Series


def select(measures: pd.DataFrame, when: date) -> DueData:
    """Find the measures due by ``when`` and sort the first and last deadlines."""
    import pandas as pd

    from kzmach.analysis.roadmap import due_by

    return DueData(
        when,
        due_by(measures, when),
        len(measures),
        pd.Series(sorted(measures["first_due"])),
        pd.Series(sorted(measures["last_due"])),
    )


def _month_tick(day: date, language: str) -> str:
    """Label a tick by its month and year in ``language``."""
    from kzmach.text.periods import localised_label

    return localised_label("month", day.replace(day=1), day, language)


def message(data: DueData, language: str) -> Message:
    """Say how many measures had fallen due and whether any completion is recorded."""
    recorded = int((data.due["status"] != "unknown").sum())
    status = (
        term("status_none_recorded", language)
        if recorded == 0
        else plural_term("status_some_recorded", recorded, language, n=recorded)
    )
    by = by_date(data.when, language)
    title = term(
        "title_roadmap_due",
        language,
        by_date=by[0].upper() + by[1:],
        due=len(data.due),
        n=data.measures,
        status=status,
    )
    alt = term(
        "alt_roadmap_due",
        language,
        title=title,
        dates=", ".join(f"{d.date().isoformat()}" for d in data.first),
    )
    return Message(title, term("subtitle_roadmap_due", language), alt)


def draw(data: DueData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the count of measures due (first and every deadline) as steps, and the date."""
    import matplotlib.dates as mdates
    import pandas as pd
    from matplotlib.ticker import FuncFormatter

    first, last, when = data.first, data.last, data.when
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        start = first.iloc[0] - pd.Timedelta(days=30)
        marker = pd.Timestamp(when)
        # a date long after the last deadline is stated at the right edge, not drawn to scale
        end = min(max(last.iloc[-1], marker), last.iloc[-1] + pd.Timedelta(days=120))
        end += pd.Timedelta(days=30)
        for series, colour, key in (
            (first, COLOURS["primary"], "first_deadline_passed"),
            (last, COLOURS["secondary"], "all_deadlines_passed"),
        ):
            steps_x = [start, *series, end]
            steps_y = [0, *range(1, len(series) + 1), len(series)]
            axis.step(steps_x, steps_y, where="post", color=colour, lw=2, label=term(key, language))
        label = (
            term("as_of_marker", language, date=written_date(when, language))
            + f": {len(data.due)}/{data.measures}, "
            + term("status_unknown", language)
        )
        if marker <= end:
            axis.axvline(as_dates(marker), color=COLOURS["alert"], ls="--", lw=1)
            place, offset, align = marker, -6, "right"
        else:
            place, offset, align = end, -4, "right"
            label = f"{label} →"
        axis.annotate(
            label,
            (place, data.measures * 0.5),
            xytext=(offset, 0),
            textcoords="offset points",
            ha=align,
            va="center",
            fontsize=8,
            color=COLOURS["alert"],
        )
        axis.set_xlim(start, end)
        axis.set_ylim(0, data.measures * 1.1)
        # January and July of each year, as the reader writes a month ("янв 2023")
        axis.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
        axis.xaxis.set_major_formatter(
            FuncFormatter(lambda x, _: _month_tick(mdates.num2date(x).date(), language))
        )
        axis.tick_params(labelsize=8)
        axis.legend(loc="upper left", fontsize=8)
        fit_columns(figure, [[axis]])
    return figure


def roadmap_due_chart(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """How many measures had fallen due by each date, with ``as_of`` marked.

    Without ``as_of`` the date is today's. A measure has fallen due on its first deadline
    and is fully due on its last.
    """
    context = roadmap_context(language, as_of, root)
    when = context.as_of or date.today()
    data = select(context.measures, when)
    return compose_roadmap_chart(
        "roadmap_due",
        context,
        data,
        message(data, language),
        draw,
        ("note_roadmap_month",),
        {"due_as_of": when.isoformat(), "measures_due": len(data.due)},
    )
