"""An extra chart: how each release revised each period of an indicator (a seaborn heatmap).

It needs ingested releases (``kzmach ingest``), so it is not one of the report's charts
(:data:`kzmach.report.charts.CHARTS`); a notebook or a user calls it when releases exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Message,
    Root,
    chart_context,
    compose_chart,
    indicator_name,
)
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    fit_columns,
    format_number,
    house_style,
    new_figure,
)
from kzmach.text.periods import localised_label, parse_period
from kzmach.text.translations import term, unit_name

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["RevisionData", "draw", "message", "revision_heatmap", "select"]


@dataclass(frozen=True, slots=True)
class RevisionData:
    """Revisions (period x release), the indicator, and the release observations behind them."""

    indicator: str
    revisions: pd.DataFrame
    plotted: pd.DataFrame


def _period_text(period: str, language: str) -> str:
    parsed = parse_period(period)
    return localised_label(parsed.type, parsed.start, parsed.end, language)


def select(
    indicator: str, observations: pd.DataFrame, as_of: date | None, root: Root
) -> RevisionData:
    """Load the revision triangle of ``indicator`` and the release figures it is made of."""
    from kzmach.api import revision_triangle

    revisions = revision_triangle(indicator, revisions=True, as_of=as_of, root=root)
    if revisions.empty or revisions.shape[1] < 2:
        raise ValueError(f"{indicator}: fewer than two ingested releases hold it")
    releases = {column.split(" (")[0] for column in revisions.columns}
    plotted = observations[
        (observations["indicator"] == indicator) & observations["release"].isin(releases)
    ]
    return RevisionData(indicator, revisions, plotted)


def message(data: RevisionData, language: str) -> Message:
    """Name the largest revision (or say there is none); list every revision."""
    from kzmach.metadata import catalogue

    name = indicator_name(data.indicator, language)
    unit = unit_name(catalogue.get(data.indicator).unit, language)
    cells = [
        (str(period), str(release).split(" (")[0], float(value))
        for period, row in data.revisions.iterrows()
        for release, value in row.items()
        if value == value  # not NaN: the release holds the period
    ]
    changed = [cell for cell in cells if cell[2] != 0]
    if not changed:
        title = term("title_no_revisions", language, name=name, n=data.revisions.shape[1])
    else:
        period, _release, largest = max(changed, key=lambda cell: abs(cell[2]))
        title = term(
            "title_revisions",
            language,
            name=name,
            change=("+" if largest > 0 else "") + format_number(largest, language, 1),
            unit=unit,
            period=_period_text(period, language),
        )
    items = "; ".join(
        f"{_period_text(period, language)}, {release}: {format_number(value, language, 1)}"
        for period, release, value in cells
    )
    return Message(
        title,
        term("subtitle_revisions", language, unit=unit),
        term("alt_revisions", language, title=title, items=items),
    )


def draw(data: RevisionData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the revisions as a heatmap: periods down, releases across, zero in white."""
    import seaborn as sns

    table = data.revisions.copy()
    table.index = [_period_text(str(p), language) for p in table.index]
    table.columns = [c.replace(" (", "\n(") for c in table.columns]
    labels = table.map(
        lambda v: "" if v != v else ("+" if v > 0 else "") + format_number(float(v), language, 1)
    )
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.16)
        axis = figure.add_axes(box.rect)
        limit = max(float(table.abs().max().max()), 1e-9)
        sns.heatmap(
            table,
            ax=axis,
            annot=labels,
            fmt="",
            cmap="RdBu_r",
            center=0,
            vmin=-limit,
            vmax=limit,
            linewidths=0.5,
            linecolor=COLOURS["light"],
            cbar=False,
            annot_kws={"fontsize": LABEL_PT},
        )
        axis.grid(visible=False)
        axis.set_xlabel("")
        axis.set_ylabel("")
        axis.tick_params(axis="both", labelsize=8, length=0)
        axis.tick_params(axis="y", rotation=0)
        fit_columns(figure, [[axis]])
    return figure


def revision_heatmap(
    indicator: str, language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """How each ingested release revised each period of ``indicator``, as a heatmap.

    Cells are the change from the period's first published value
    (:func:`kzmach.revision_triangle` with ``revisions=True``), in the indicator's unit.
    """
    context = chart_context(language, as_of, root)
    data = select(indicator, context.observations, context.as_of, context.root)
    said = message(data, language)
    return compose_chart(f"revisions_{indicator}", context, data, said, draw)
