"""Chart 1: machine-building output in current prices, with real growth and the trend."""

from __future__ import annotations

import math
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
    landmark_years,
    period_label,
    year_key,
)
from kzmach.report.charts.style import (
    COLOURS,
    fit_columns,
    format_bn_kzt,
    format_number,
    house_style,
    new_figure,
    nice_ceiling,
    number_axis,
    qualifier_mark,
    tenge_axis,
)
from kzmach.text.translations import plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.analysis.trend import TrendResult
    from kzmach.report.charts.footer import Footer

__all__ = ["OutputData", "draw", "message", "output_trend", "select"]


@dataclass(frozen=True, slots=True)
class OutputData:
    """Output levels and real growth by year (full or to date), and the trend of full years."""

    levels: pd.DataFrame
    growth: pd.DataFrame
    first: Any
    last: Any
    trend: TrendResult | None

    @property
    def multiple(self) -> float:
        """The last level as a multiple of the first."""
        return float(self.last["value"]) / float(self.first["value"])

    @property
    def real_multiple(self) -> float | None:
        """The volume multiple over the same years: the product of the real growth indices.

        ``prod(1 + g_t / 100)`` for every year after the first to the last; None when a
        year's full-year real growth is missing.
        """
        full = self.growth[self.growth["is_full_year"]]
        rates = dict(zip(full["year"].astype(int), full["value"].astype(float), strict=True))
        years = range(int(self.first["year"]) + 1, int(self.last["year"]) + 1)
        if not years or any(year not in rates for year in years):
            return None
        return math.prod(1 + rates[year] / 100 for year in years)

    @property
    def plotted(self) -> pd.DataFrame:
        """Every observation drawn."""
        import pandas as pd

        return pd.concat([self.levels, self.growth], ignore_index=True)


def select(observations: pd.DataFrame) -> OutputData:
    """Choose the levels and growth to plot, one per year, and fit the trend of full years."""
    import pandas as pd

    from kzmach.analysis.trend import InsufficientDataError, log_linear_trend

    # a year no source states is the sum of a release's twelve months (the monthly output
    # table, 2020 on): a stated year leads it (year_or_year_to_date ranks actual first)
    levels_all = pd.concat(
        [national(observations, "mb_output"), national(observations, "mb_output", "derived")]
    )
    levels = year_or_year_to_date(
        levels_all[(levels_all["comparison"] == "none") & (levels_all["value_form"] == "level")]
    )
    growth_all = national(observations, "mb_output_growth_real")
    growth = year_or_year_to_date(
        growth_all[growth_all["comparison"] == "same_period_previous_year"]
    )
    if levels.empty:
        raise ValueError("no machine-building output figures are known for this date")
    full = levels[levels["is_full_year"]]
    first, last = (
        (full.iloc[0], full.iloc[-1]) if len(full) >= 2 else (levels.iloc[0], levels.iloc[-1])
    )
    try:
        trend = log_linear_trend(full.set_index("year")["value"])
    except InsufficientDataError:
        trend = None
    return OutputData(levels, growth, first, last, trend)


def message(data: OutputData, language: str) -> Message:
    """Say how much output grew (title), what is drawn (subtitle) and every value (alt text)."""
    multiple = data.multiple
    words = {
        "multiple": format_number(multiple, language, 1),
        "start": int(data.first["year"]),
        "end": int(data.last["year"]),
    }
    real = data.real_multiple
    if multiple >= 1 and real is not None:  # the nominal multiple beside the volume one
        words["real"] = format_number(real, language, 2)
        title = plural_term("title_output_up_real", round(multiple, 1), language, **words)
    elif multiple >= 1:  # the noun after the number agrees with it as printed: 5 раз, 2,3 раза
        title = plural_term("title_output_up", round(multiple, 1), language, **words)
    else:
        title = term("title_output_down", language, **words)
    subtitle = term(
        "subtitle_output",
        language,
        unit=term("unit_bn_kzt", language),
        pct=term("unit_pct_yoy", language),
    )
    levels = ", ".join(
        f"{period_label(r, language)}: "
        f"{qualifier_mark(r['qualifier'])}{format_bn_kzt(r['value'], language)}"
        for _, r in data.levels.iterrows()
    )
    growth = ", ".join(
        f"{period_label(r, language)}: {format_number(r['value'], language)}%"
        for _, r in data.growth.iterrows()
    )
    alt = term("alt_output", language, title=title, levels=levels, growth=growth)
    return Message(title, subtitle, alt)


def draw(data: OutputData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the levels (top) with the trend, and real growth (bottom)."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.085)
        height = box.top - box.bottom
        gap = 0.07
        top_axis = figure.add_axes(
            (
                box.left,
                box.bottom + height * 0.42 + gap / 2,
                box.right - box.left,
                height * 0.58 - gap / 2,
            )
        )
        # the Bureau's index reaches back to 1990, the output levels to 2009: each panel has
        # its own years, the top one shaded in the bottom one
        bottom_axis = figure.add_axes(
            (box.left, box.bottom, box.right - box.left, height * 0.42 - gap / 2)
        )
        level_years = _draw_levels(top_axis, data, language)
        if not data.growth.empty:
            _draw_growth(bottom_axis, data.growth, level_years, language)
        bottom_axis.axhline(0, color=COLOURS["subtle"], lw=0.8)
        number_axis(bottom_axis, language, "%")
        bottom_axis.tick_params(axis="x", labelsize=8.5)
        fit_columns(figure, [[top_axis, bottom_axis]])
    return figure


def _draw_levels(axes: Axes, data: OutputData, language: str) -> list[int]:
    """Draw the yearly levels and the trend line on ``axes``; return the years drawn."""
    levels, trend = data.levels, data.trend
    draw_year_bars(axes, levels, COLOURS["primary"], lambda v: format_bn_kzt(v, language), language)
    tenge_axis(axes, language)
    axes.set_ylim(0, nice_ceiling(float(levels["value"].max()) * 1.3))
    if trend is not None:
        years = list(range(trend.first_year, trend.last_year + 1))
        axes.plot(years, trend.fitted(years), color=COLOURS["secondary"], lw=1.6, ls="--")
        axes.annotate(
            term("trend_label", language, growth=format_number(trend.growth, language, 1)),
            (years[0], trend.fitted(years[:1])[0]),
            xytext=(-4, 14),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
            color=COLOURS["secondary"],
        )
    year_key(axes, COLOURS["primary"], language)
    level_years = sorted(set(levels["year"]))
    axes.set_xlim(level_years[0] - 0.7, level_years[-1] + 0.7)
    axes.set_xticks(range(level_years[0], level_years[-1] + 1))
    axes.tick_params(axis="x", labelsize=8)
    return level_years


def _draw_growth(axes: Axes, growth: pd.DataFrame, level_years: list[int], language: str) -> None:
    """Draw real growth by year; a long series labels landmark years and shades the levels'."""
    growth_years = sorted(set(growth["year"]))
    long_series = len(growth_years) > len(level_years) + 2
    draw_year_bars(
        axes,
        growth,
        COLOURS["accent"],
        lambda v: format_number(v, language, 1) + "%",
        language,
        labelled=landmark_years(growth) if long_series else None,
    )
    low = min(0.0, float(growth["value"].min()))
    axes.set_ylim(low * 1.3, nice_ceiling(float(growth["value"].max()) * 1.5))
    axes.set_xlim(growth_years[0] - 0.7, growth_years[-1] + 0.7)
    step = 5 if long_series else 1
    first_tick = growth_years[0] + (-growth_years[0]) % step
    axes.set_xticks(range(first_tick, growth_years[-1] + 1, step))
    if long_series:
        axes.set_xticks(growth_years, minor=True)
        axes.axvspan(
            level_years[0] - 0.5,
            level_years[-1] + 0.5,
            color=COLOURS["light"],
            alpha=0.35,
            lw=0,
            zorder=0,
        )


def output_trend(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Machine-building output (nominal bn tenge) with its real growth and log-linear trend.

    Top: output by year, full years solid, year to date hatched, and the trend fitted to the
    full years (:func:`kzmach.analysis.trend.log_linear_trend`) when there are at least three.
    Bottom: real growth (physical volume), % on a year earlier, in the same style.
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    extra: dict[str, Any] = {}
    if data.trend is not None:
        extra["trend"] = {
            "growth_pct_per_year": data.trend.growth,
            "label": data.trend.label,
            "summary": data.trend.describe(language),
        }
    return compose_chart("output_trend", context, data, said, draw, extra)
