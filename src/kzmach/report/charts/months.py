"""Chart 15: machine building this year so far, and where it is made.

Left: the Bureau's monthly output of divisions 26–30 summed into January–N of every year
(:func:`kzmach.analysis.monthly.monthly_table`), the latest year's nominal growth on the same
months a year earlier, and the year's estimate with its interval
(:func:`kzmach.analysis.monthly.nowcast`). Right: each region's share of the latest complete
year's output, largest first, with its nominal growth on the year before
(:func:`kzmach.analysis.regions.regions_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kzmach.metadata.vocabulary import DEFAULT_REGION
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Message,
    Root,
    by_figure,
    chart_context,
    compose_chart,
    period_label,
)
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    YEAR_BAR,
    fit_columns,
    format_number,
    format_signed,
    house_style,
    new_figure,
    number_axis,
    wrap_label,
)
from kzmach.text.translations import region_name, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["MonthsData", "draw", "message", "output_months", "select"]

#: The indicator charted: machine building's output (26–30), each month's own.
INDICATOR = "mb_output"


@dataclass(frozen=True, slots=True)
class MonthsData:
    """January–N of every year, the year's estimate, the regions' latest year, the months."""

    to_date: pd.DataFrame
    estimate: pd.DataFrame
    regions: pd.DataFrame
    plotted: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Every bar's value: January–N by year, the estimate and its interval, the regions."""
        from kzmach.report.charts.data import derived_point, estimate_points, points_frame

        unit = term("unit_bn_kzt", language)
        rows: list[dict[str, object]] = []
        for record in self.to_date.to_dict("records"):
            rows.append(
                derived_point(
                    self.plotted,
                    _months_of(self.plotted, record),
                    language,
                    series="year_to_date",
                    label=indicator_words(language),
                    period=period_label(record, language),
                    value=float(record["value"]),
                    unit=unit,
                )
            )
        for record in self.estimate.to_dict("records"):
            rows += estimate_points(self.plotted, record, language, series="year", unit=unit)
        for record in self.regions.to_dict("records"):
            rows.append(
                derived_point(
                    self.plotted,
                    _months_of(self.plotted, record),
                    language,
                    series=f"region:{record['region']}",
                    label=region_name(str(record["region"]), language),
                    period=str(record["period_start"].year),
                    value=float(record["share_of_country"]),
                    unit=term("series_share_of_country", language),
                )
            )
        return points_frame(rows)


def indicator_words(language: str) -> str:
    """Name what is charted: machine building's output (26–30) at current prices."""
    from kzmach.metadata import catalogue

    return catalogue.get(INDICATOR).name(language)


def _months_of(plotted: pd.DataFrame, record: Any) -> list[str]:
    """Return the ids of the months a period adds up, in its region."""
    rows = plotted[
        (plotted["region"] == record.get("region", DEFAULT_REGION))
        & (plotted["period_type"] == "month")
        & (plotted["period_start"] >= record["period_start"])
        & (plotted["period_end"] <= record["period_end"])
    ]
    return rows["figure_id"].astype(str).tolist()


def select(observations: pd.DataFrame) -> MonthsData:
    """Pick January–N of every year, the estimate, and the regions' latest complete year."""
    from kzmach.analysis.monthly import monthly_table, nowcast
    from kzmach.analysis.regions import regions_table

    table = monthly_table(observations, INDICATOR, DEFAULT_REGION)
    if table.empty:
        raise ValueError("no monthly machine-building output is known for this date")
    to_date = table[(table["period_type"] == "ytd") & table["complete"]]
    if to_date.empty:  # the latest year is complete: its years stand in for January–N
        to_date = table[(table["period_type"] == "year") & table["complete"]]
    regions = regions_table(observations, INDICATOR)
    years = regions[regions["period_type"] == "year"]
    latest = years[years["period_start"] == years["period_start"].max()]
    latest = latest[latest["region"] != DEFAULT_REGION]
    months = observations[
        (observations["indicator"] == INDICATOR) & (observations["period_type"] == "month")
    ]
    return MonthsData(
        to_date.reset_index(drop=True),
        nowcast(observations, INDICATOR),
        latest.reset_index(drop=True),
        by_figure(observations, months["figure_id"].tolist()),
    )


def message(data: MonthsData, language: str) -> Message:
    """Say the latest January–N, its nominal growth, and the largest region's share."""
    latest = data.to_date.iloc[-1]
    top = data.regions.iloc[0]
    title = term(
        "title_output_months",
        language,
        period=period_label(latest, language),
        value=format_number(float(latest["value"]) / 1000, language, 2),
        growth=format_signed(float(latest["growth"]), language),
        region=region_name(str(top["region"]), language),
        share=format_number(float(top["share_of_country"]), language, 1),
        year=int(top["period_start"].year),
    )
    subtitle = term("subtitle_output_months", language, year=int(top["period_start"].year))
    alt = (
        f"{title}. "
        + "; ".join(
            f"{period_label(r, language)}: {format_number(float(r['value']), language, 0)}"
            for _, r in data.to_date.iterrows()
        )
        + ". "
        + "; ".join(
            f"{region_name(str(r['region']), language)}: "
            f"{format_number(float(r['share_of_country']), language, 1)}%"
            for _, r in data.regions.iterrows()
        )
        + "."
    )
    return Message(title, subtitle, alt)


def _draw_to_date(axis: Axes, data: MonthsData, language: str) -> None:
    """January–N of each year as bars, labelled with the value and the growth."""
    for _, row in data.to_date.iterrows():
        year, value = int(row["period_start"].year), float(row["value"])
        latest = year == int(data.to_date["period_start"].dt.year.max())
        colour = COLOURS["primary"] if latest else COLOURS["light"]
        axis.bar(year, value, width=YEAR_BAR["width"], color=colour)
        text = format_number(value, language, 0)
        if row["growth"] == row["growth"]:
            text += f"\n{format_signed(float(row['growth']), language)}%"
        axis.annotate(
            text, (year, value), xytext=(0, 3), textcoords="offset points", ha="center",
            va="bottom", fontsize=LABEL_PT - 0.5,
        )  # fmt: skip
    if not data.estimate.empty:
        guess = data.estimate.iloc[-1]
        where, middle = float(guess["year"]) + 0.42, float(guess["estimate"])
        spread = [[middle - float(guess["low"])], [float(guess["high"]) - middle]]
        axis.errorbar(where, middle, yerr=spread, fmt="D", color=COLOURS["text"], capsize=4, ms=4)
        axis.annotate(
            term("trade_estimate", language, year=int(guess["year"]))
            + f"\n{format_number(middle, language, 0)}",
            (where, middle), xytext=(-6, 0), textcoords="offset points", ha="right",
            va="center", fontsize=LABEL_PT - 0.5,
        )  # fmt: skip
    axis.set_title(period_label(data.to_date.iloc[-1], language), fontsize=10, loc="left")
    number_axis(axis, language)
    axis.set_ylabel(term("unit_bn_kzt", language), fontsize=8)
    axis.grid(axis="x", visible=False)
    axis.margins(y=0.18)


def _draw_regions(axis: Axes, regions: pd.DataFrame, language: str) -> None:
    """Draw the regions' shares of the latest year, largest on top, with their growth."""
    ordered = regions.iloc[::-1]
    for position, (_, row) in enumerate(ordered.iterrows()):
        share = float(row["share_of_country"])
        axis.barh(position, share, color=COLOURS["accent"], height=0.7)
        text = f"{format_number(share, language, 1)}%"
        if row["growth"] == row["growth"]:
            text += f" · {format_signed(float(row['growth']), language)}%"
        axis.annotate(
            text, (share, position), xytext=(3, 0), textcoords="offset points", va="center",
            fontsize=LABEL_PT - 1.5,
        )  # fmt: skip
    names = [wrap_label(region_name(str(r), language), 7, 0.2, 1) for r in ordered["region"]]
    axis.set_yticks(range(len(names)), names, fontsize=LABEL_PT - 1.5)
    axis.set_xlim(0, float(regions["share_of_country"].max()) * 1.45)
    axis.grid(axis="y", visible=False)
    axis.set_title(str(int(regions["period_start"].iloc[0].year)), fontsize=10, loc="left")
    axis.set_xlabel(term("series_share_of_country", language), fontsize=8)


def draw(data: MonthsData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw January–N by year (left) and the regions' shares (right)."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        left, right = box.side_by_side(figure)
        _draw_to_date(left, data, language)
        _draw_regions(right, data.regions, language)
        left.tick_params(axis="x", labelsize=8)
        fit_columns(figure, [[left], [right]], gap=0.05)
    return figure


def output_months(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Chart machine building's output this year so far, and the regions that make it.

    January–N of every year at current prices (the growth is nominal), the year's estimate
    by the method with the best backtest record, and each region's share of the latest
    complete year (:mod:`kzmach.analysis.monthly`, :mod:`kzmach.analysis.regions`).
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("output_months", context, data, said, draw)
