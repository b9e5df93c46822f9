"""Chart 5: growth by machine-building sub-sector, a full year beside a year to date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.analysis.annual import YEAR_TO_DATE
from kzmach.analysis.selection import best_first
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import SUBSECTOR_SCOPES
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Message,
    Root,
    chart_context,
    compose_chart,
    indicator_name,
    period_label,
)
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    YEAR_BAR,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    percent_axis,
    qualifier_mark,
    wrap_label,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["SubsectorData", "draw", "message", "select", "subsector_growth", "subsector_indicators"]


def subsector_indicators() -> list[str]:
    """Output-growth indicators of machine-building sub-sectors, from the catalogue."""
    return [
        indicator.id
        for indicator in catalogue.indicators()
        if indicator.scope in SUBSECTOR_SCOPES
        and indicator.is_growth
        and indicator.id.endswith("output_growth")
    ]


@dataclass(frozen=True, slots=True)
class SubsectorData:
    """One panel per period (the richest full year, then year to date) and what is drawn."""

    panels: list[pd.DataFrame]

    @property
    def plotted(self) -> pd.DataFrame:
        """Every observation drawn."""
        import pandas as pd

        return pd.concat(self.panels, ignore_index=True)


def _richest_period(rows: pd.DataFrame, types: tuple[str, ...]) -> pd.DataFrame:
    """Return one row per indicator for the period with the most sub-sectors (latest on a tie)."""
    candidates = rows[rows["period_type"].isin(types)]
    if candidates.empty:
        return candidates
    counts = candidates.groupby(["period_start", "period_end"])["indicator"].nunique()
    best = max(counts.index, key=lambda key: (counts[key], key[1]))
    chosen = candidates[
        (candidates["period_start"] == best[0]) & (candidates["period_end"] == best[1])
    ]
    return best_first(chosen).drop_duplicates("indicator").sort_values("value", ignore_index=True)


def select(observations: pd.DataFrame) -> SubsectorData:
    """Choose the full year and the year to date with the most sub-sectors reported."""
    rows = observations[
        observations["indicator"].isin(subsector_indicators())
        & (observations["figure_type"] == "actual")
        & (observations["region"] == "Kazakhstan")
        & (observations["comparison"] == "same_period_previous_year")
    ]
    panels = [
        p
        for p in (_richest_period(rows, ("year",)), _richest_period(rows, YEAR_TO_DATE))
        if not p.empty
    ]
    if not panels:
        raise ValueError("no sub-sector growth is known for this date")
    return SubsectorData(panels)


def message(data: SubsectorData, language: str) -> Message:
    """Name the fastest-growing sub-sector of the full year; list every value."""
    leader = data.panels[0].iloc[-1]
    title = term(
        "title_subsector",
        language,
        period=period_label(leader, language),
        sector=indicator_name(leader["indicator"], language),
        value=format_number(leader["value"], language, 1),
    )
    alt = f"{title}. " + " ".join(
        f"{period_label(p.iloc[0], language)}: "
        + ", ".join(
            f"{indicator_name(r['indicator'], language)} {format_number(r['value'], language)}%"
            for _, r in p.iterrows()
        )
        + "."
        for p in data.panels
    )
    subtitle = term("subtitle_subsector", language, pct=term("unit_pct_yoy", language))
    return Message(title, subtitle, alt)


def draw(data: SubsectorData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw one bar per sub-sector and period, year-to-date bars hatched."""
    panels, plotted = data.panels, data.plotted
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.2)
        axis = figure.add_axes(box.rect)
        order = list(dict.fromkeys([*panels[0]["indicator"][::-1], *plotted["indicator"]]))
        height = 0.8 / len(panels)
        handles = []
        for index, panel in enumerate(panels):
            colour = (COLOURS["primary"], COLOURS["secondary"])[index]
            full = panel["period_type"].iloc[0] == "year"
            offset = (index - (len(panels) - 1) / 2) * height
            positions = [order.index(i) + offset for i in panel["indicator"]]
            bars = axis.barh(
                positions,
                panel["value"],
                color=colour if full else "white",
                edgecolor=colour,
                hatch=None if full else YEAR_BAR["hatch"],
                height=height * 0.9,
                label=period_label(panel.iloc[0], language),
            )
            handles.append(bars)
            for position, (_, row) in zip(positions, panel.iterrows(), strict=True):
                mark = qualifier_mark(str(row["qualifier"]))
                axis.annotate(
                    f"{mark}{format_number(row['value'], language, 1)}%",
                    (max(float(row["value"]), 0.0), position),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=LABEL_PT,
                )
        axis.set_yticks(
            range(len(order)),
            [wrap_label(indicator_name(i, language), 8, 0.3) for i in order],
            fontsize=8,
        )
        axis.invert_yaxis()
        axis.grid(axis="y", visible=False)
        axis.grid(axis="x", visible=True)
        axis.set_xlim(
            min(0.0, float(plotted["value"].min())) * 1.2, float(plotted["value"].max()) * 1.15
        )
        axis.legend(handles=handles, loc="lower right", fontsize=8)
        percent_axis(axis, language, "x")
        axis.tick_params(axis="x", labelsize=8)
        fit_columns(figure, [[axis]])
    return figure


def subsector_growth(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Growth by machine-building sub-sector in two periods: a full year and a year to date.

    Each panel is the period with the most sub-sectors reported (the latest on a tie):
    the full year on the left, the richest year-to-date period on the right.
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("subsector_growth", context, data, said, draw)
