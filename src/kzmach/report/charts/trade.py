"""Charts of trade in machinery: HS 84–90 by year, and the chapter mix of its exports.

Both read :func:`kzmach.analysis.trade.trade_table` of the observations known on the chart's
date; a year missing a month is drawn hatched and labelled with its months, never as a full
year, and the current year's January–N stands beside its estimate (:func:`nowcast`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

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
    BAR_LABELS,
    COLOURS,
    LABEL_PT,
    YEAR_BAR,
    fit_columns,
    format_number,
    format_signed,
    house_style,
    new_figure,
    number_axis,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["TradeData", "machinery_trade", "trade_chapters"]

#: The flows drawn, left to right, with their colours.
FLOWS: Final = (("exports", COLOURS["primary"]), ("imports", COLOURS["secondary"]))
#: The chapters' colours, HS 84 to 90, bottom to top.
CHAPTER_COLOURS: Final = (
    COLOURS["primary"],
    COLOURS["accent"],
    COLOURS["secondary"],
    COLOURS["pink"],
    COLOURS["alert"],
    COLOURS["light"],
    COLOURS["grey"],
)


@dataclass(frozen=True, slots=True)
class TradeData:
    """The trade table's rows drawn, the estimate (if any) and the observations behind them."""

    years: pd.DataFrame
    to_date: pd.DataFrame
    estimate: pd.DataFrame
    plotted: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Every bar's value (bn US$), the year to date and the estimate with its interval."""
        from kzmach.report.charts.data import derived_point, estimate_points, points_frame

        rows: list[dict[str, object]] = []
        for record in [*self.years.to_dict("records"), *self.to_date.to_dict("records")]:
            rows.append(
                derived_point(
                    self.plotted,
                    _figures(self.plotted, record),
                    language,
                    series=f"{record['flow']}:{record['chapter']}",
                    label=term(f"trade_{record['flow']}", language),
                    period=_period_words(record, language),
                    value=float(record["value"]) / 1000,
                    unit=term("unit_bn_usd", language),
                )
            )
        for record in self.estimate.to_dict("records"):
            rows += estimate_points(
                self.plotted,
                record,
                language,
                series=str(record["flow"]),
                unit=term("unit_bn_usd", language),
                scale=1000,
            )
        return points_frame(rows)


def _period_words(record: Mapping[Any, Any] | pd.Series, language: str) -> str:
    """Write a trade table period in ``language``: a year (its months if incomplete), Jan–N."""
    if record["period_type"] == "year":
        year = str(record["period_start"].year)
        if record["complete"]:
            return year
        return f"{year} ({term('trade_months', language, months=int(record['months']))})"
    return period_label(record, language)


def _figures(plotted: pd.DataFrame, record: Mapping[Any, Any]) -> list[str]:
    """Return the ids of the observations a table row adds up (its indicator in its span)."""
    rows = plotted[
        (plotted["indicator"] == record["indicator"])
        & (plotted["period_start"] >= record["period_start"])
        & (plotted["period_end"] <= record["period_end"])
    ]
    if record["period_type"] == "year":
        year = rows[rows["period_type"] == "year"]
        if not year.empty:
            return year["figure_id"].astype(str).tolist()
    return rows[rows["period_type"] == "month"]["figure_id"].astype(str).tolist()


def select(observations: pd.DataFrame, chapters: tuple[str, ...] = ("84–90",)) -> TradeData:
    """Pick the years (complete or not), the latest year to date and its estimate."""
    from kzmach.analysis.trade import nowcast_of_table, trade_table

    table = trade_table(observations)
    if table.empty:
        raise ValueError("no trade figures are known for this date")
    ours = table[table["chapter"].isin(chapters)]
    years = ours[ours["period_type"] == "year"]
    latest = int(years["period_start"].dt.year.max())
    to_date = ours[(ours["period_type"] == "ytd") & (ours["period_start"].dt.year == latest)]
    if not to_date.empty:  # the latest year is January–N: no year row, the estimate instead
        years = years[years["period_start"].dt.year < latest]
    estimate = nowcast_of_table(table)
    estimate = estimate[estimate["chapter"].isin(chapters)]
    ours_rows = observations[observations["indicator"].isin(set(ours["indicator"]))]
    # the years drawn are their own (derived) figures; a year to date is its months
    used = ours_rows[
        (ours_rows["period_type"] == "year")
        | (
            (ours_rows["period_type"] == "month")
            & (ours_rows["period_start"].dt.year.isin(_month_years(years, to_date)))
        )
    ]
    return TradeData(years, to_date, estimate, by_figure(observations, used["figure_id"].tolist()))


def _month_years(years: pd.DataFrame, to_date: pd.DataFrame) -> list[int]:
    """Return the years drawn from their months: an incomplete year and the year to date."""
    drawn = [*years[~years["complete"]]["period_start"], *to_date["period_start"]]
    return sorted({int(start.year) for start in drawn})


def _value(table: pd.DataFrame, flow: str, column: str = "value") -> float:
    return float(table[table["flow"] == flow][column].iloc[-1])


def message(data: TradeData, language: str) -> Message:
    """State the latest complete year (or the year to date and its estimate)."""
    years = data.years[data.years["complete"]]
    exports = years[years["flow"] == "exports"]
    latest = exports.iloc[-1]
    if not data.to_date.empty and not data.estimate.empty:
        ytd = data.to_date[data.to_date["flow"] == "exports"].iloc[-1]
        guess = data.estimate[data.estimate["flow"] == "exports"].iloc[-1]
        title = term(
            "title_trade_ytd",
            language,
            exports=format_number(ytd["value"] / 1000, language, 2),
            period=_period_words(ytd, language),
            growth=format_signed(float(ytd["growth"]), language),
            year=int(guess["year"]),
            low=format_number(guess["low"] / 1000, language, 1),
            high=format_number(guess["high"] / 1000, language, 1),
        )
        subtitle = term(
            "subtitle_trade_estimate",
            language,
            period=_period_words(ytd, language),
            year=int(guess["year"]),
            method=term(f"value:{guess['chosen']}", language),
            count=int(guess["methods_compared"]),
            held=int(guess["interval_held"]),
            checked=int(guess["interval_checked"]),
        )
    else:
        title = term(
            "title_trade",
            language,
            exports=format_number(latest["value"] / 1000, language, 2),
            year=int(latest["period_start"].year),
            share=format_number(latest["share_of_total"], language, 1),
            imports=format_number(_value(years, "imports") / 1000, language, 1),
        )
        subtitle = term("subtitle_trade", language)
    rows = "; ".join(
        f"{_period_words(r, language)}: {term('trade_' + str(r['flow']), language)} "
        f"{format_number(float(r['value']) / 1000, language, 2)}"
        for r in data.years.to_dict("records")
    )
    return Message(title, subtitle, term("alt_trade", language, title=title, rows=rows))


def _draw_flow(axis: Axes, data: TradeData, flow: str, colour: str, language: str) -> None:
    """One flow's bars by year: complete solid, incomplete hatched; the estimate's band."""
    years = data.years[data.years["flow"] == flow]
    labels = []
    for _, row in years.iterrows():
        year, value = int(row["period_start"].year), float(row["value"]) / 1000
        full = bool(row["complete"])
        axis.bar(
            year, value, width=0.7, color=colour if full else "white", edgecolor=colour,
            hatch=None if full else YEAR_BAR["hatch"],
        )  # fmt: skip
        text = format_number(value, language, 1)
        if not full:
            text += "\n" + term("trade_months", language, months=int(row["months"]))
        labels.append(axis.annotate(text, (year, value), xytext=(0, 3), textcoords="offset points",
                                    ha="center", va="bottom", fontsize=LABEL_PT - 0.5))  # fmt: skip
    setattr(axis, BAR_LABELS, labels)  # fit_columns lifts any that touch, once laid out
    _draw_to_date(axis, data, flow, colour, language)
    axis.set_title(term(f"trade_{flow}", language), fontsize=10, loc="left")
    number_axis(axis, language)
    axis.set_ylabel(term("unit_bn_usd", language), fontsize=8)
    axis.grid(axis="x", visible=False)


def _draw_to_date(axis: Axes, data: TradeData, flow: str, colour: str, language: str) -> None:
    """Draw the latest year's January–N, hatched, and the year's estimate with its interval."""
    to_date = data.to_date[data.to_date["flow"] == flow]
    estimate = data.estimate[data.estimate["flow"] == flow]
    if to_date.empty:
        return
    row = to_date.iloc[-1]
    year, value = int(row["period_start"].year), float(row["value"]) / 1000
    axis.bar(year, value, width=0.7, color="white", edgecolor=colour, hatch=YEAR_BAR["hatch"])
    axis.annotate(_period_words(row, language), (year, value), xytext=(0, 3),
                  textcoords="offset points", ha="center", fontsize=LABEL_PT - 0.5)  # fmt: skip
    if estimate.empty:
        return
    guess = estimate.iloc[-1]
    middle = float(guess["estimate"]) / 1000
    spread = [[middle - float(guess["low"]) / 1000], [float(guess["high"]) / 1000 - middle]]
    axis.errorbar(year, middle, yerr=spread, fmt="D", color=COLOURS["text"], capsize=4, ms=4)
    axis.annotate(term("trade_estimate", language, year=year), (year, middle), xytext=(8, 0),
                  textcoords="offset points", va="center", fontsize=LABEL_PT - 0.5)  # fmt: skip


def draw(data: TradeData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw exports (left) and imports (right) of HS 84–90 by year."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        width = (box.right - box.left - 0.06) / 2
        axes = []
        for index, (flow, colour) in enumerate(FLOWS):
            axis = figure.add_axes(
                (box.left + index * (width + 0.06), box.bottom, width, box.top - box.bottom)
            )
            _draw_flow(axis, data, flow, colour, language)
            axis.tick_params(axis="x", labelsize=8)
            axis.margins(y=0.15)
            axes.append(axis)
        fit_columns(figure, [[axis] for axis in axes], gap=0.06)
    return figure


def machinery_trade(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Chart the exports and imports of machinery and transport equipment (HS 84–90).

    Complete years solid; a year missing a month hatched with its months counted; the
    current year's January–N hatched beside the estimate of the year with its interval
    (:func:`kzmach.analysis.trade.nowcast`, labelled an estimate).
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("machinery_trade", context, data, said, draw)


@dataclass(frozen=True, slots=True)
class ChapterData:
    """Each chapter's part of HS 84–90 exports by complete year, and the observations."""

    parts: pd.DataFrame  # years x chapters, %
    plotted: pd.DataFrame


def select_chapters(observations: pd.DataFrame) -> ChapterData:
    """Pick every complete year's chapter parts of HS 84–90 exports."""
    from kzmach.analysis.trade import trade_table

    table = trade_table(observations)
    rows = table[
        (table["flow"] == "exports")
        & (table["period_type"] == "year")
        & table["complete"]
        & table["part_of_sum"].notna()
    ]
    if rows.empty:
        raise ValueError("no complete year of exports by HS chapter is known for this date")
    parts = rows.assign(year=rows["period_start"].dt.year).pivot(
        index="year", columns="chapter", values="part_of_sum"
    )
    used = observations[
        observations["indicator"].isin(set(rows["indicator"]))
        & (observations["period_type"] == "year")
    ]
    return ChapterData(parts.sort_index(), by_figure(observations, used["figure_id"].tolist()))


def message_chapters(data: ChapterData, language: str) -> Message:
    """Name the latest year's largest chapter and aircraft's peak."""
    latest = data.parts.iloc[-1]
    top = str(latest.idxmax())
    aircraft = data.parts["88"]
    title = term(
        "title_chapters",
        language,
        year=int(data.parts.index[-1]),
        chapter=term(f"chapter:{top}", language),
        share=format_number(float(latest[top]), language, 0),
        peak=format_number(float(aircraft.max()), language, 0),
        peak_year=int(str(aircraft.idxmax())),
    )
    rows = "; ".join(
        f"{year}: "
        + ", ".join(
            f"{term(f'chapter:{c}', language)} {format_number(float(v), language, 1)}%"
            for c, v in parts.items()
        )
        for year, parts in data.parts.iterrows()
    )
    return Message(
        title,
        term("subtitle_chapters", language),
        term("alt_chapters", language, title=title, rows=rows),
    )


def draw_chapters(data: ChapterData, said: Message, footer: Footer, language: str) -> Figure:
    """Stack each chapter's part of HS 84–90 exports, year by year, to 100%."""
    years = [int(y) for y in data.parts.index]
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(
            (box.left, box.bottom, (box.right - box.left) * 0.8, box.top - box.bottom)
        )
        bottom = [0.0] * len(years)
        for chapter, colour in zip(data.parts.columns, CHAPTER_COLOURS, strict=False):
            values = [float(v) for v in data.parts[chapter].fillna(0.0)]
            axis.bar(years, values, bottom=bottom, width=0.75, color=colour, edgecolor="white",
                     linewidth=0.5, label=term(f"chapter:{chapter}", language))  # fmt: skip
            for year, value, base in zip(years, values, bottom, strict=True):
                if value >= 8:  # a thinner part has no room for its number
                    axis.text(year, base + value / 2, format_number(value, language, 0),
                              ha="center", va="center", fontsize=7, color="white")  # fmt: skip
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        axis.set_ylim(0, 100)
        axis.set_xticks(years)
        axis.tick_params(axis="x", labelsize=8)
        number_axis(axis, language, "%")
        handles, labels = axis.get_legend_handles_labels()
        axis.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                    fontsize=LABEL_PT, frameon=False)  # fmt: skip
        axis.grid(axis="x", visible=False)
    return figure


def trade_chapters(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Each HS chapter's part of machinery and transport exports (84–90), complete years.

    So a reader sees when one chapter (aircraft, HS 88, in 2019–2020 and 2024) drives the
    total: the parts of :func:`kzmach.analysis.trade.trade_table`, stacked to 100%.
    """
    context = chart_context(language, as_of, root)
    data = select_chapters(context.observations)
    said = message_chapters(data, language)
    return compose_chart("trade_chapters", context, data, said, draw_chapters)
