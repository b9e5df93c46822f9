"""Chart: Kazakhstan among its peers, medium and high-tech shares of manufacturing.

Two World Bank indicators of one definition for every country
(:func:`kzmach.analysis.peers.peer_table`): the share of medium and high-tech industry in
manufacturing value added (UNIDO) and in manufactured exports. Each panel is the latest year
Kazakhstan has a measured value (neither repeated nor an isolated jump); every other country
is drawn at its latest measured year up to it, the year beside its bar when earlier, and
only the countries measured that year are ranked. "Medium and high-tech" includes chemicals
and pharmaceuticals (UNIDO's grouping), and a year in which Kazakhstan's HS 84–85 exports
more than doubled in two years is flagged as one of re-export growth.
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
    YEAR_BAR,
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
    """Each indicator's countries at their latest measured year, and re-export years."""

    panels: dict[str, pd.DataFrame]  # + ``measured_then``: measured in Kazakhstan's year
    plotted: pd.DataFrame
    re_export_years: tuple[int, ...] = ()


def select(observations: pd.DataFrame) -> PeerData:
    """Pick, per indicator, Kazakhstan's latest measured year and each country's latest value.

    A country whose value that year is doubtful (repeated, a jump) or missing is shown at its
    latest measured year before, with ``measured_then`` False: it is not ranked.
    """
    from kzmach.analysis.peers import peer_table, re_export_years

    panels = {}
    for indicator in PEER_INDICATORS:
        table = peer_table(observations, indicator)
        usable = table[~table["doubtful"]]
        home = usable[usable["region"] == HOME]
        if home.empty:
            raise ValueError(f"no value of {indicator} for Kazakhstan is known for this date")
        year = int(home["year"].max())
        latest = (
            usable[usable["year"] <= year]
            .sort_values("year")
            .drop_duplicates("region", keep="last")
        )
        latest = latest.assign(measured_then=latest["year"] == year)
        panels[indicator] = latest.sort_values(["value", "region"], ignore_index=True)
    ids = [f for panel in panels.values() for f in panel["figure_id"]]
    return PeerData(panels, by_figure(observations, ids), tuple(re_export_years(observations)))


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
    subtitle = term("subtitle_peers", language)
    flagged = [y for y in data.re_export_years if str(y) in years]
    if flagged:
        subtitle += ". " + term("peers_re_export", language, year=", ".join(map(str, flagged)))
    rows = ". ".join(
        f"{_panel_year(panel)}: "
        + ", ".join(
            f"{region_name(r, language)} {format_number(float(v), language, 1)}%"
            + ("" if now else f" ({y})")
            for r, v, y, now in zip(
                panel["region"][::-1],
                panel["value"][::-1],
                panel["year"][::-1],
                panel["measured_then"][::-1],
                strict=True,
            )
        )
        for panel in data.panels.values()
    )
    return Message(title, subtitle, term("alt_peers", language, title=title, rows=rows))


def _panel_year(panel: pd.DataFrame) -> int:
    """Return the year a panel ranks: Kazakhstan's latest measured year."""
    return int(panel[panel["region"] == HOME]["year"].iloc[0])


def _draw_panel(axis: Axes, panel: pd.DataFrame, language: str) -> None:
    """Rank the countries of one indicator, Kazakhstan highlighted."""
    colours = [COLOURS["primary"] if r == HOME else COLOURS["light"] for r in panel["region"]]
    then = panel["measured_then"].tolist()
    axis.barh(
        range(len(panel)), panel["value"], height=0.7,
        color=[c if now else "white" for c, now in zip(colours, then, strict=True)],
        edgecolor=colours, hatch=[None if now else YEAR_BAR["hatch"] for now in then],
    )  # fmt: skip
    for position, (value, year, now) in enumerate(
        zip(panel["value"], panel["year"], then, strict=True)
    ):
        text = format_number(float(value), language, 1) + ("" if now else f" ({int(year)})")
        axis.annotate(text, (float(value), position), xytext=(3, 0), textcoords="offset points",
                      va="center", fontsize=LABEL_PT - 0.5)  # fmt: skip
    axis.set_yticks(
        range(len(panel)), [region_name(r, language) for r in panel["region"]], fontsize=8
    )
    for label in axis.get_yticklabels():
        if label.get_text() == region_name(HOME, language):
            label.set_fontweight("bold")
    axis.set_title(str(_panel_year(panel)), fontsize=9, loc="left")
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    axis.set_xlim(0, float(panel["value"].max()) * 1.3)
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
