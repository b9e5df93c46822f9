"""Chart: each division's contribution to machine building's real growth, stacked by year."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from kzmach.analysis.divisions import WEIGHTING_DIFFERENCE
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import Message, Root, by_figure, chart_context, compose_chart
from kzmach.report.charts.style import (
    COLOURS,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    number_axis,
    stacked_bars,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["DivisionData", "division_growth", "draw", "message", "select"]

#: Stacking order and colour of each part, bottom to top.
PARTS: tuple[tuple[str, str], ...] = (
    ("29", COLOURS["primary"]),
    ("28", COLOURS["accent"]),
    ("27", COLOURS["secondary"]),
    ("26", COLOURS["pink"]),
    (WEIGHTING_DIFFERENCE, COLOURS["light"]),
)


@dataclass(frozen=True, slots=True)
class DivisionData:
    """Contributions by year (years x parts, pp), machine building's growth, figures used."""

    contributions: pd.DataFrame
    growth: pd.Series
    plotted: pd.DataFrame
    long: pd.DataFrame

    @property
    def missing(self) -> str:
        """The divisions without an index in any year shown ("30"), or ""."""
        codes = {c for text in self.long["missing_divisions"] for c in str(text).split(", ") if c}
        return ", ".join(sorted(codes))

    def points(self, language: str) -> pd.DataFrame:
        """Every bar part (pp) and machine building's growth (%), by year."""
        from kzmach.report.charts.data import derived_point, points_frame

        rows: list[dict[str, object]] = []
        record: dict[Any, Any]
        for record in self.long.to_dict("records"):
            row = SimpleNamespace(**{str(key): value for key, value in record.items()})
            year = int(row.year)
            rows.append(
                derived_point(
                    self.plotted,
                    [str(row.figure_id)],
                    language,
                    series=str(row.division),
                    label=part_name(str(row.division), language, str(row.missing_divisions)),
                    period=str(year),
                    value=float(row.contribution_pp),
                    unit=term("unit_pp", language),
                )
            )
        for year, growth in zip(self.growth.index.tolist(), self.growth.tolist(), strict=True):
            total = self.long[
                (self.long["year"] == year) & (self.long["division"] == WEIGHTING_DIFFERENCE)
            ]
            rows.append(
                derived_point(
                    self.plotted,
                    total["figure_id"].astype(str).tolist(),
                    language,
                    series="machine_building",
                    label=term("division_total", language),
                    period=str(int(year)),
                    value=float(growth),
                    unit="%",
                )
            )
        return points_frame(rows)


def select(observations: pd.DataFrame) -> DivisionData:
    """Compute the contributions (:func:`kzmach.analysis.divisions.division_contributions`)."""
    from kzmach.analysis.divisions import division_contributions, division_value_added

    weights = division_value_added(observations)
    long = division_contributions(observations, weights)
    if long.empty:
        raise ValueError("no year has both the divisions' value added and their indices")
    table = long.pivot(index="year", columns="division", values="contribution_pp")
    table = table.reindex(columns=[code for code, _ in PARTS]).fillna(0.0)
    growth = long.groupby("year")["mb_growth"].first()
    weight_figures = weights[weights["year"].isin(table.index - 1)]["figure_id"].tolist()
    used = [*long["figure_id"], *weight_figures]
    return DivisionData(table, growth, by_figure(observations, used), long)


def part_name(code: str, language: str, missing: str = "") -> str:
    """Return a division's short name with its ОКЭД code, or the rest's.

    The rest (the Bureau's growth less the divisions' contributions) names the divisions of
    the aggregate without an index (``missing``, "30") with the weighting difference.
    """
    if code == WEIGHTING_DIFFERENCE and missing:
        return term("division_missing_and_weighting", language, codes=missing)
    return term(f"division_{code}", language)


def message(data: DivisionData, language: str) -> Message:
    """Name the largest contributor of the latest year (title) and every value (alt text)."""
    growth = dict(zip(data.growth.index.tolist(), data.growth.tolist(), strict=True))
    by_year = {
        int(year): dict(zip([code for code, _ in PARTS], values, strict=True))
        for year, values in zip(
            data.contributions.index.tolist(),
            data.contributions[[code for code, _ in PARTS]].to_numpy(dtype=float).tolist(),
            strict=True,
        )
    }
    year = max(by_year)
    divisions = {
        code: value for code, value in by_year[year].items() if code != WEIGHTING_DIFFERENCE
    }
    top = max(divisions, key=lambda code: divisions[code])
    title = term(
        "title_divisions",
        language,
        year=year,
        growth=format_number(float(growth[year]), language, 1),
        division=part_name(top, language),
        pp=format_number(divisions[top], language, 1),
    )
    rows = "; ".join(
        f"{y}: {format_number(float(growth[y]), language, 1)}% ("
        + ", ".join(
            f"{part_name(code, language, data.missing)} {format_number(value, language, 1)}"
            for code, value in parts.items()
        )
        + ")"
        for y, parts in by_year.items()
    )
    alt = term("alt_divisions", language, title=title, rows=rows)
    return Message(title, term("subtitle_divisions", language), alt)


def draw(data: DivisionData, said: Message, footer: Footer, language: str) -> Figure:
    """Stack positive contributions up and negative ones down; mark the total growth."""
    table, growth = data.contributions, data.growth
    years = [int(y) for y in table.index]
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        parts = [
            ([float(v) for v in table[code]], colour, part_name(code, language, data.missing))
            for code, colour in PARTS
        ]
        up, down = stacked_bars(axis, years, parts)
        axis.scatter(
            years,
            [float(growth.loc[y]) for y in years],
            marker="D",
            s=26,
            color=COLOURS["text"],
            zorder=4,
            label=term("division_total", language),
        )
        for year in years:
            value = float(growth.loc[year])
            axis.annotate(
                format_number(value, language, 1),
                (year, max(up[years.index(year)], value)),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                color=COLOURS["text"],
            )
        axis.axhline(0, color=COLOURS["subtle"], lw=0.8)
        axis.set_xticks(years)
        axis.tick_params(axis="x", labelsize=8.5)
        axis.set_xlim(years[0] - 0.7, years[-1] + 0.7)
        low, high = min(down), max(max(up), float(growth.max()))
        axis.set_ylim(low * 1.15 - 2, high * 1.5 + 2)  # the key sits above the bars
        number_axis(axis, language, term("unit_pp_short", language))
        axis.legend(loc="upper left", ncols=3, fontsize=7.5, frameon=False, handlelength=1.2)
        fit_columns(figure, [[axis]])
    return figure


def division_growth(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Contributions of divisions 26–29 to machine building's real growth, and the gap.

    Each bar stacks ``previous year's value-added weight x the division's index growth`` in
    percentage points (:mod:`kzmach.analysis.divisions`), then the weighting difference (the
    Bureau's index less our value-added-weighted one, given to no division); the diamond is
    machine building's own index (26–30), which the parts add up to.
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("division_growth", context, data, said, draw)
