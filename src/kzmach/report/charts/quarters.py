"""Chart 16: machine building's value added by quarter and division.

The Bureau's table 5931 gives value added by division cumulated from January; each
quarter's own value is January to its end less January to the quarter before
(:func:`kzmach.analysis.quarterly.quarterly_value_added`). The bars stack the divisions
26–30 and 33 of the last twelve quarters at current prices; above each, the total's nominal
growth on the same quarter a year earlier.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import Message, Root, by_figure, chart_context, compose_chart
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    fit_columns,
    format_number,
    format_signed,
    house_style,
    new_figure,
    number_axis,
    stacked_bars,
)
from kzmach.text.periods import Period, localised_label, parse_period
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["QUARTERS_SHOWN", "QuartersData", "draw", "message", "select", "value_added_quarters"]

#: How many quarters the chart shows: three years.
QUARTERS_SHOWN: Final = 12
#: The divisions stacked, bottom up, each with its colour.
STACK: Final[tuple[tuple[str, str], ...]] = (
    ("29", COLOURS["primary"]),
    ("28", COLOURS["accent"]),
    ("33", COLOURS["grey"]),
    ("30", COLOURS["muted"]),
    ("27", COLOURS["secondary"]),
    ("26", COLOURS["pink"]),
)


@dataclass(frozen=True, slots=True)
class QuartersData:
    """The quarters shown: divisions' own values (quarters × divisions), the total's rows."""

    divisions: pd.DataFrame
    total: pd.DataFrame
    plotted: pd.DataFrame


def select(observations: pd.DataFrame) -> QuartersData:
    """Pick the last twelve quarters' own value added by division, and the total."""
    import pandas as pd

    from kzmach.analysis.quarterly import TOTAL, quarterly_value_added

    table = quarterly_value_added(observations)
    table = table[table["value"].notna()]
    total = table[table["division"] == TOTAL].head(QUARTERS_SHOWN).iloc[::-1]
    if total.empty:
        raise ValueError("no quarterly value added of machine building is known for this date")
    shown = table[table["period_label"].isin(total["period_label"])]
    divisions = shown[shown["division"] != TOTAL].pivot_table(
        index="period_label", columns="division", values="value", aggfunc="first"
    )
    divisions = divisions.reindex(index=total["period_label"].tolist()).fillna(0.0)
    ends = [
        pd.Timestamp(_quarter(y, q).end)
        for y, q in zip(total["year"], total["quarter"], strict=True)
    ]
    quarters = observations[
        observations["indicator"].isin(shown["indicator"].unique())
        & (observations["period_type"] == "quarter")
        & observations["period_end"].isin(ends)
    ]
    return QuartersData(
        divisions,
        total.reset_index(drop=True),
        by_figure(observations, quarters["figure_id"].tolist()),
    )


def _quarter(year: object, quarter: object) -> Period:
    """Return a quarter of the table (its ``year`` and ``quarter``) as a period."""
    return parse_period(f"{int(str(year))}-Q{int(str(quarter))}")


def _quarter_label(record: Mapping[Any, Any] | pd.Series, language: str) -> str:
    """Write a quarter in ``language`` (``Q4 2025``, ``4 кв. 2025``, ``2025 ж. 4-тоқсан``)."""
    period = _quarter(record["year"], record["quarter"])
    return localised_label(period.type, period.start, period.end, language)


def _two_lines(label: str) -> str:
    """Break a label in two lines at the space nearest its middle (``2025 ж.`` / ``4-тоқсан``)."""
    words = label.split(" ")
    if len(words) < 2:
        return label
    best = min(
        range(1, len(words)),
        key=lambda k: abs(len(" ".join(words[:k])) - len(" ".join(words[k:]))),
    )
    return " ".join(words[:best]) + "\n" + " ".join(words[best:])


def message(data: QuartersData, language: str) -> Message:
    """Say the latest quarter's value added, its nominal growth and the largest division."""
    latest = data.total.iloc[-1]
    shares = data.divisions.iloc[-1] / float(latest["value"]) * 100
    top = str(shares.idxmax())
    title = term(
        "title_value_added_quarters",
        language,
        period=_quarter_label(latest, language),
        value=format_number(float(latest["value"]), language, 0),
        growth=format_signed(float(latest["growth"]), language),
        division=term(f"division_{top}", language),
        share=format_number(float(shares[top]), language, 0),
    )
    rows = "; ".join(
        f"{_quarter_label(r, language)}: {format_number(float(r['value']), language, 0)}"
        for _, r in data.total.iterrows()
    )
    return Message(title, term("subtitle_value_added_quarters", language), f"{title}. {rows}.")


def draw(data: QuartersData, said: Message, footer: Footer, language: str) -> Figure:
    """Stack the divisions' own values by quarter; label the total's nominal growth."""
    # the divisions' rows follow the total's quarters
    labels = [_quarter_label(record, language) for record in data.total.to_dict("records")]
    positions = list(range(len(labels)))
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        parts = [
            (
                [float(v) for v in data.divisions.get(code, [0.0] * len(positions))],
                colour,
                term(f"division_{code}", language),
            )
            for code, colour in STACK
        ]
        up, down = stacked_bars(axis, positions, parts, width=0.72, edge=0.4)
        for position, (_, row) in zip(positions, data.total.iterrows(), strict=True):
            text = format_number(float(row["value"]), language, 0)
            if row["growth"] == row["growth"]:
                text += f"\n{format_signed(float(row['growth']), language)}%"
            axis.annotate(
                text, (position, up[position]), xytext=(0, 3), textcoords="offset points",
                ha="center", va="bottom", fontsize=LABEL_PT - 1.5,
            )  # fmt: skip
        axis.axhline(0, color=COLOURS["subtle"], lw=0.8)
        axis.set_xticks(positions, [_two_lines(label) for label in labels])
        axis.tick_params(axis="x", labelsize=7.5)
        axis.set_ylim(min(min(down) * 1.2, 0), max(up) * 1.55)  # the key sits above the bars
        number_axis(axis, language)
        axis.set_ylabel(term("unit_bn_kzt", language), fontsize=8)
        axis.grid(axis="x", visible=False)
        axis.legend(loc="upper left", ncols=3, fontsize=7, frameon=False, handlelength=1.2)
        fit_columns(figure, [[axis]])
    return figure


def value_added_quarters(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Chart machine building's value added of the last twelve quarters by division.

    Each quarter's own value at current prices, derived from the Bureau's values cumulated
    from January (table 5931); the total's growth on the same quarter a year earlier is
    nominal (:mod:`kzmach.analysis.quarterly`).
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("value_added_quarters", context, data, said, draw)
