"""Chart: Kazakhstan among its peers, medium and high-tech shares of manufacturing.

Two World Bank indicators of one definition for every country
(:func:`kzmach.analysis.peers.peer_table`): the share of medium and high-tech industry in
manufacturing value added (UNIDO) and in manufactured exports. Each panel ranks the countries
in the latest year Kazakhstan has a value that is not doubtful; doubtful values (repeated or
isolated jumps) are left out, never drawn as facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Final

from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import Message, Root, by_figure, chart_context, compose_chart
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    percent_axis,
)
from kzmach.text.translations import region_name, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["PEER_INDICATORS", "PeerData", "peer_comparison"]

#: The indicators compared, left to right.
PEER_INDICATORS: Final = ("mfg_mht_share_of_value_added", "mfg_mht_share_of_exports")
HOME: Final = "Kazakhstan"


@dataclass(frozen=True, slots=True)
class PeerData:
    """Each indicator's countries in the year drawn (doubtful values left out)."""

    panels: dict[str, pd.DataFrame]
    plotted: pd.DataFrame


def select(observations: pd.DataFrame) -> PeerData:
    """Pick, per indicator, the latest year Kazakhstan's value is not doubtful."""
    from kzmach.analysis.peers import peer_table

    panels = {}
    for indicator in PEER_INDICATORS:
        table = peer_table(observations, indicator)
        usable = table[~table["doubtful"]]
        home = usable[usable["region"] == HOME]
        if home.empty:
            raise ValueError(f"no value of {indicator} for Kazakhstan is known for this date")
        year = int(home["year"].max())
        panels[indicator] = usable[usable["year"] == year].sort_values("value", ignore_index=True)
    ids = [f for panel in panels.values() for f in panel["figure_id"]]
    return PeerData(panels, by_figure(observations, ids))


def message(data: PeerData, language: str) -> Message:
    """State Kazakhstan's share and place in each panel."""
    fields: dict[str, object] = {}
    for key, indicator in zip(("va", "ex"), PEER_INDICATORS, strict=True):
        panel = data.panels[indicator]
        home = panel[panel["region"] == HOME].iloc[0]
        fields.update(
            {
                key: format_number(float(home["value"]), language, 1),
                f"{key}_year": int(home["year"]),
                f"{key}_rank": int(home["rank"]),
                f"{key}_count": int(home["countries"]),
            }
        )
    years = sorted({str(fields["va_year"]), str(fields["ex_year"])})
    title = term("title_peers", language, year="/".join(years), **fields)
    rows = ". ".join(
        f"{int(panel['year'].iloc[0])}: "
        + ", ".join(
            f"{region_name(r, language)} {format_number(float(v), language, 1)}%"
            for r, v in zip(panel["region"][::-1], panel["value"][::-1], strict=True)
        )
        for panel in data.panels.values()
    )
    return Message(
        title, term("subtitle_peers", language), term("alt_peers", language, title=title, rows=rows)
    )


def _draw_panel(axis: Axes, panel: pd.DataFrame, language: str) -> None:
    """Rank the countries of one indicator, Kazakhstan highlighted."""
    colours = [COLOURS["primary"] if r == HOME else COLOURS["light"] for r in panel["region"]]
    axis.barh(range(len(panel)), panel["value"], color=colours, height=0.7)
    for position, value in enumerate(panel["value"]):
        axis.annotate(format_number(float(value), language, 1), (float(value), position),
                      xytext=(3, 0), textcoords="offset points", va="center",
                      fontsize=LABEL_PT - 0.5)  # fmt: skip
    axis.set_yticks(
        range(len(panel)), [region_name(r, language) for r in panel["region"]], fontsize=8
    )
    for label in axis.get_yticklabels():
        if label.get_text() == region_name(HOME, language):
            label.set_fontweight("bold")
    axis.set_title(str(int(panel["year"].iloc[0])), fontsize=9, loc="left")
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    axis.set_xlim(0, float(panel["value"].max()) * 1.18)
    percent_axis(axis, language, "x")
    axis.tick_params(axis="x", labelsize=8)


def draw(data: PeerData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the two rankings side by side."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.12)
        width = (box.right - box.left - 0.12) / 2
        axes = []
        for index, indicator in enumerate(PEER_INDICATORS):
            axis = figure.add_axes(
                (box.left + index * (width + 0.12), box.bottom, width, box.top - box.bottom)
            )
            _draw_panel(axis, data.panels[indicator], language)
            axes.append(axis)
        fit_columns(figure, [[axis] for axis in axes], gap=0.05)
    return figure


def peer_comparison(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Chart Kazakhstan among its peers: medium and high-tech shares of manufacturing.

    Left, the share in manufacturing value added (UNIDO); right, in manufactured exports; each
    the latest year Kazakhstan's value is not doubtful, countries ranked, Kazakhstan in colour.
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("peer_comparison", context, data, said, draw)
