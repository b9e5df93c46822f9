"""Chart 2: machine building's share of manufacturing, as stated and as computed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

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
    fit_columns,
    format_number,
    house_style,
    new_figure,
    nice_ceiling,
    number_axis,
)
from kzmach.text.translations import term, unit_name

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["ShareData", "draw", "message", "select", "share_of_manufacturing"]


#: The message naming each definition of the share.
LABELS = {"value_added": "value_added_share", "output": "series_output_share"}


@dataclass(frozen=True, slots=True)
class ShareData:
    """Shares by year (stated, by output, by value added), years with two, figures used."""

    stated: pd.DataFrame
    computed: pd.DataFrame
    both: pd.DataFrame
    plotted: pd.DataFrame
    value_added: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Every share drawn: value added, output and stated, by period."""
        from kzmach.report.charts.data import derived_point, points_frame

        percent = unit_name("%", language)
        rows: list[dict[str, object]] = []
        drawn = (
            (
                self.value_added,
                "share_value_added",
                "mb_gva_figure",
                "mfg_gva_figure",
                "value_added",
            ),
            (self.computed, "share_computed", "mb_figure", "mfg_figure", "output"),
        )
        for table, column, part, whole, series in drawn:
            for _, row in table.iterrows():
                rows.append(
                    derived_point(
                        self.plotted,
                        [row[part], row[whole]],
                        language,
                        series=series,
                        label=term(LABELS[series], language),
                        period=period_label(row, language),
                        value=float(row[column]),
                        unit=percent,
                    )
                )
        for _, row in self.stated.iterrows():
            figures = row["stated_figures"] if isinstance(row["stated_figures"], list) else []
            rows.append(
                derived_point(
                    self.plotted,
                    figures[:1],
                    language,
                    series="stated",
                    label=term("stated", language),
                    period=period_label(row, language),
                    value=float(row["share_stated"]),
                    unit=percent,
                )
            )
        return points_frame(rows)


def _record(row: pd.Series) -> dict[str, Any]:
    return {str(key): value for key, value in row.items()}


def select(observations: pd.DataFrame) -> ShareData:
    """Choose the stated shares and those computed from output and value added, by year."""
    import pandas as pd

    from kzmach.analysis.share import manufacturing_share

    known = set(observations["figure_id"])
    shares = manufacturing_share(observations)
    stated_rows: list[dict[str, Any]] = []
    computed_rows: list[dict[str, Any]] = []
    value_added_rows: list[dict[str, Any]] = []
    used: list[str] = []
    for _, row in shares.iterrows():
        if (
            row["period_type"] == "year"
            and pd.notna(row["share_value_added"])
            and {row["mb_gva_figure"], row["mfg_gva_figure"]} <= known
        ):
            value_added_rows.append({**_record(row), "year": row["period_start"].year})
            used.extend([row["mb_gva_figure"], row["mfg_gva_figure"]])
        figures = row["stated_figures"] if isinstance(row["stated_figures"], list) else []
        stated_ids = [f for f in figures if f in known]
        if stated_ids and pd.notna(row["share_stated"]):
            stated_rows.append({**_record(row), "year": row["period_start"].year})
            used.extend(stated_ids)
        if (
            pd.notna(row["share_computed"])
            and row["mb_figure"] in known
            and row["mfg_figure"] in known
        ):
            computed_rows.append({**_record(row), "year": row["period_start"].year})
            used.extend([row["mb_figure"], row["mfg_figure"]])
    if not stated_rows and not computed_rows and not value_added_rows:
        raise ValueError("no share of manufacturing is known for this date")
    stated = pd.DataFrame(stated_rows)
    computed = pd.DataFrame(computed_rows)
    if not computed.empty and not stated.empty:
        both = computed.merge(stated[["year", "share_stated"]], on="year", suffixes=("", "_s"))
    else:
        both = pd.DataFrame()
    value_added = pd.DataFrame(value_added_rows)
    return ShareData(stated, computed, both, by_figure(observations, used), value_added)


def message(data: ShareData, language: str) -> Message:
    """Say how the latest computed share compares with the stated one, or how it moved."""
    stated, computed, both = data.stated, data.computed, data.both
    if len(data.value_added) >= 2:
        first, last = data.value_added.iloc[0], data.value_added.iloc[-1]
        title = term(
            "title_share_value_added",
            language,
            first=format_number(first["share_value_added"], language, 1),
            last=format_number(last["share_value_added"], language, 1),
            y0=int(first["year"]),
            y1=int(last["year"]),
        )
    elif not both.empty:
        latest = both.iloc[-1]
        title = term(
            "title_share",
            language,
            computed=format_number(latest["share_computed"], language, 1),
            stated=format_number(latest["share_stated"], language, 1),
            year=int(latest["year"]),
        )
    else:
        series = stated if not stated.empty else computed
        column = "share_stated" if not stated.empty else "share_computed"
        title = term(
            "title_share_stated",
            language,
            first=format_number(series.iloc[0][column], language, 1),
            last=format_number(series.iloc[-1][column], language, 1),
            y0=int(series.iloc[0]["year"]),
            y1=int(series.iloc[-1]["year"]),
        )
    stated_text = ", ".join(
        f"{period_label(r, language)} {format_number(r['share_stated'], language)}%"
        for _, r in stated.iterrows()
    )
    computed_text = ", ".join(
        f"{int(r['year'])} {format_number(r['share_computed'], language)}%"
        for _, r in computed.iterrows()
    )
    if data.value_added.empty:
        alt = term("alt_share", language, title=title, stated=stated_text, computed=computed_text)
        return Message(title, term("subtitle_share", language), alt)
    value_added_text = ", ".join(
        f"{int(r['year'])} {format_number(r['share_value_added'], language)}%"
        for _, r in data.value_added.iterrows()
    )
    alt = term(
        "alt_share_value_added",
        language,
        title=title,
        value_added=value_added_text,
        stated=stated_text,
        computed=computed_text,
    )
    return Message(title, term("subtitle_share_definitions", language), alt)


def _draw_value_added(axis: Axes, value_added: pd.DataFrame, language: str) -> float:
    axis.plot(
        value_added["year"],
        value_added["share_value_added"],
        color=COLOURS["accent"],
        lw=2,
        marker="o",
        markersize=4,
        zorder=2,
    )
    shares = value_added.set_index("year")["share_value_added"]
    for year in sorted({shares.index[0], shares.index[-1], shares.idxmin()}):
        axis.annotate(
            format_number(float(shares.loc[year]), language, 1) + "%",
            (year, float(shares.loc[year])),
            xytext=(0, -12),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=COLOURS["accent"],
        )
    axis.annotate(
        term("value_added_share", language),
        (shares.index[-1], float(shares.iloc[-1])),
        xytext=(7, 0),
        textcoords="offset points",
        va="center",
        fontsize=9,
        fontweight="bold",
        color=COLOURS["accent"],
    )
    return float(shares.max())


def _draw_stated(axis: Axes, stated: pd.DataFrame, language: str) -> float:
    full = stated["period_type"] == "year"
    # points only: a stated share seldom says its definition (output or value added), and a
    # line would join figures of different definitions as if they were one series
    axis.scatter(
        stated["year"],
        stated["share_stated"],
        s=46,
        color=[COLOURS["secondary"] if f else "white" for f in full],
        edgecolors=COLOURS["secondary"],
        linewidths=1.5,
        zorder=3,
    )
    for (_, row), is_full in zip(stated.iterrows(), full, strict=True):
        text = format_number(row["share_stated"], language, 1) + "%"
        if not is_full:
            text += f" ({period_label(row, language)})"
        # a part of a year is labelled above and left of its point: right of it lies the next
        # year's figures (the monthly table's years from 2020), below it the same year's
        axis.annotate(
            text,
            (row["year"], row["share_stated"]),
            xytext=(7, -3) if is_full else (-7, 5),
            textcoords="offset points",
            fontsize=8,
            color=COLOURS["secondary"],
            va="top" if is_full else "bottom",
            ha="left" if is_full else "right",
        )
    last = stated.iloc[-1]
    axis.annotate(
        term("stated", language),
        (last["year"], last["share_stated"]),
        xytext=(7, 6),
        textcoords="offset points",
        fontsize=9,
        fontweight="bold",
        color=COLOURS["secondary"],
    )
    return float(stated["share_stated"].max())


def _draw_computed(axis: Axes, computed: pd.DataFrame, language: str) -> float:
    axis.scatter(
        computed["year"],
        computed["share_computed"],
        s=60,
        marker="D",
        color=COLOURS["primary"],
        zorder=4,
    )
    for _, row in computed.iterrows():
        # below its diamond: beside it lie the next and previous years' diamonds
        axis.annotate(
            format_number(row["share_computed"], language, 1) + "%",
            (row["year"], row["share_computed"]),
            xytext=(0, -8),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            color=COLOURS["primary"],
        )
    first = computed.iloc[0]
    axis.annotate(
        term("computed", language),
        (first["year"], first["share_computed"]),
        xytext=(-7, 10),
        textcoords="offset points",
        ha="right",
        fontsize=9,
        fontweight="bold",
        color=COLOURS["primary"],
    )
    return float(computed["share_computed"].max())


def draw(data: ShareData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw stated shares (circles, hollow for part years) and computed ones (diamonds)."""
    stated, computed, both = data.stated, data.computed, data.both
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        top = 0.0
        for _, row in both.iterrows() if not both.empty else []:
            axis.plot(
                [row["year"], row["year"]],
                [row["share_stated"], row["share_computed"]],
                color=COLOURS["light"],
                lw=2,
                zorder=1,
            )
        if not data.value_added.empty:
            top = max(top, _draw_value_added(axis, data.value_added, language))
        if not stated.empty:
            top = max(top, _draw_stated(axis, stated, language))
        if not computed.empty:
            top = max(top, _draw_computed(axis, computed, language))
        years = sorted(
            {
                *stated.get("year", []),
                *computed.get("year", []),
                *data.value_added.get("year", []),
            }
        )
        axis.set_xlim(years[0] - 1, years[-1] + 2.5)
        axis.set_xticks(range(years[0], years[-1] + 1))
        axis.tick_params(axis="x", labelsize=8.5)
        axis.set_ylim(0, nice_ceiling(top * 1.2))
        number_axis(axis, language, "%")
        fit_columns(figure, [[axis]])
    return figure


def share_of_manufacturing(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Machine building's share of manufacturing: as sources state it, and as computed.

    Computed shares are ``mb_output / mfg_output * 100`` for years with both levels
    (:func:`kzmach.analysis.share.manufacturing_share`); stated ones are plotted as written,
    periods other than full years hollow.
    """
    context = chart_context(language, as_of, root)
    data = select(context.observations)
    said = message(data, language)
    return compose_chart("share_of_manufacturing", context, data, said, draw)
