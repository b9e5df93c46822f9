"""Chart 6: vehicles produced per year, with the plans officials stated."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kzmach.analysis.annual import year_or_year_to_date
from kzmach.analysis.selection import national
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Message,
    Root,
    chart_context,
    compose_chart,
    draw_year_bars,
    period_label,
    year_key,
)
from kzmach.report.charts.style import (
    COLOURS,
    YEAR_BAR,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    nice_ceiling,
    number_axis,
    qualifier_mark,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["VehicleData", "draw", "message", "select", "vehicle_production"]


@dataclass(frozen=True, slots=True)
class VehicleData:
    """Production by year (full or to date), stated plans, and the years the title compares."""

    actual: pd.DataFrame
    plans: pd.DataFrame
    first: Any
    last: Any

    @property
    def plotted(self) -> pd.DataFrame:
        """Every observation drawn."""
        import pandas as pd

        return pd.concat([self.actual, self.plans], ignore_index=True)


def select(observations: pd.DataFrame) -> VehicleData:
    """Choose production by year and the plans for full years."""
    produced = national(observations, "vehicle_production")
    actual = year_or_year_to_date(produced[produced["comparison"] == "none"])
    plans = national(observations, "vehicle_production", "plan")
    plans = plans[plans["period_type"] == "year"].assign(year=lambda f: f["period_start"].dt.year)
    if actual.empty:
        raise ValueError("no vehicle production figures are known for this date")
    full = actual[actual["is_full_year"]]
    ends = full if len(full) >= 2 else actual
    return VehicleData(actual, plans, ends.iloc[0], ends.iloc[-1])


def message(data: VehicleData, language: str) -> Message:
    """Say how production moved between the first and last full years; list every year."""
    first, last = data.first, data.last

    def thousand(value: float) -> str:
        return format_number(value / 1000, language, 1)

    title = term(
        "title_vehicles_up" if last["value"] >= first["value"] else "title_vehicles_down",
        language,
        first=qualifier_mark(str(first["qualifier"])) + thousand(first["value"]),
        last=qualifier_mark(str(last["qualifier"])) + thousand(last["value"]),
        y0=int(first["year"]),
        y1=int(last["year"]),
    )
    subtitle = term("subtitle_vehicles", language, unit=term("unit_thousand_vehicles", language))
    alt = (
        f"{title}. "
        + ", ".join(
            f"{period_label(r, language)}: {format_number(r['value'] / 1000, language)} "
            + term("thousand", language)
            for _, r in data.actual.iterrows()
        )
        + "."
    )
    return Message(title, subtitle, alt)


def _draw_plans(axis: Axes, plans: pd.DataFrame, actual_years: set[int], language: str) -> None:
    for _, row in plans.iterrows():
        level = float(row["value"]) / 1000
        if row["year"] in actual_years:  # a plan beside an outcome: a dashed mark
            axis.hlines(
                level,
                row["year"] - 0.42,
                row["year"] + 0.42,
                colors=COLOURS["grey"],
                linestyles="--",
                lw=1.4,
            )
        else:
            axis.bar(
                row["year"],
                level,
                width=YEAR_BAR["width"],
                facecolor="none",
                edgecolor=COLOURS["grey"],
                ls="--",
                lw=1.2,
            )
        axis.annotate(
            f"{term('plan', language)} {format_number(level, language, 0)}",
            (row["year"], level),
            xytext=(0, 3 if row["year"] not in actual_years else 14),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color=COLOURS["grey"],
        )


def draw(data: VehicleData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw production as bars of years, and plans as outlines or dashed marks."""
    actual, plans = data.actual, data.plans
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        scaled = actual.assign(value=actual["value"] / 1000)
        draw_year_bars(
            axis, scaled, COLOURS["primary"], lambda v: format_number(v, language, 1), language
        )
        _draw_plans(axis, plans, set(actual["year"]), language)
        top = max(
            float(scaled["value"].max()),
            float(plans["value"].max() / 1000) if not plans.empty else 0,
        )
        axis.set_ylim(0, nice_ceiling(top * 1.3))
        years = sorted(set(scaled["year"]) | set(plans["year"]))
        axis.set_xlim(years[0] - 0.7, years[-1] + 0.9)
        axis.set_xticks(range(years[0], years[-1] + 1))
        number_axis(axis, language)
        year_key(axis, COLOURS["primary"], language)
        fit_columns(figure, [[axis]])
    return figure


def vehicle_production(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Vehicles produced per year, thousand: full years, years to date and stated plans."""
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("vehicle_production", context, data, said, draw)
