"""Chart 3: the target-gap dashboard, where each official target stands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.analysis.annual import ANNUAL_FIGURE_TYPES
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import DEPENDS_ON_BASE, MET, NOT_MEASURABLE
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    STATUSES,
    Context,
    Message,
    Root,
    by_figure,
    chart_context,
    compose_chart,
    indicator_name,
    status_term,
)
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    STATUS_COLOURS,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    wrap_label,
)
from kzmach.report.charts.target_text import feasibility_text, headline, measured_how
from kzmach.text.translations import programme_name, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["TargetData", "draw", "message", "select", "target_gap_dashboard"]


@dataclass(frozen=True, slots=True)
class TargetData:
    """Every target's gap, the level targets' progress, and the figures behind them."""

    gaps: pd.DataFrame
    progress: pd.DataFrame
    plotted: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Return the bars: official targets' latest level in % of each; targets by status.

        Targets are counted by their headline status, as the right panel stacks them.
        """
        from kzmach.report.charts.data import points_frame

        rows: list[dict[str, object]] = []
        for _, row in self.progress.iterrows():
            rows.append(
                {
                    "series": str(row["target_id"]),
                    "label": f"{indicator_name(str(row['measure_with']), language)}, "
                    f"{int(row['target_year'])} · {_status_words(row, language)}"
                    + _base_words(row, language),
                    "period": str(row["latest_period"]),
                    "value": float(row["percent_of_target"]),
                    "unit": term("series_percent_of_target", language),
                    "figure_ids": str(row["target_id"]),
                    "source": str(row["note"]),
                }
            )
        official = _official(self.gaps)
        pairs = list(zip(official["programme"], official["headline_status"], strict=True))
        for programme, status in dict.fromkeys(pairs):
            ids = [
                str(t)
                for t, pair in zip(official["target_id"], pairs, strict=True)
                if pair == (programme, status)
            ]
            rows.append(
                {
                    "series": f"status:{status}",
                    "label": f"{programme_name(str(programme), language)} · "
                    f"{status_term(str(status), language)}",
                    "value": len(ids),
                    "unit": term("targets_count", language),
                    "figure_ids": ";".join(ids),
                }
            )
        return points_frame(rows)


def select(context: Context, assumptions: Mapping[str, int] | None) -> TargetData:
    """Evaluate every target as of the chart's date; pick the level targets' progress."""
    import pandas as pd

    from kzmach.api import target_gap
    from kzmach.data import table_frame

    observations = context.observations
    gaps = target_gap(as_of=context.as_of, assumptions=assumptions, root=context.root)
    targets = table_frame("targets", root=context.root)
    target_figures = targets[targets["target_id"].isin(gaps["target_id"])]["figure_id"].tolist()
    level_indicators = {str(i) for i in gaps["measure_with"].dropna() if i}
    levels = observations[
        observations["indicator"].isin(level_indicators)
        & (observations["period_type"] == "year")
        & observations["figure_type"].isin(ANNUAL_FIGURE_TYPES)
        & (observations["region"] == "Kazakhstan")
    ]
    plotted = pd.concat([by_figure(observations, target_figures), levels]).drop_duplicates(
        "figure_id"
    )
    # the bars show the official wordings; other wordings of the same target are counted
    # on the right and listed in the notebook's table
    progress = gaps[  # a target called not measurable gets no bar, whatever it holds
        gaps["target_level"].notna()
        & gaps["latest_value"].notna()
        & (gaps["wording"] == "official")
        & (gaps["status"] != NOT_MEASURABLE)
    ].copy()
    progress["percent_of_target"] = progress["latest_value"] / progress["target_level"] * 100
    return TargetData(gaps, progress.sort_values("percent_of_target"), plotted)


def message(data: TargetData, language: str) -> Message:
    """Lead with the live targets' status; list every official target's status.

    The title counts each live target once, by its official wording and its headline
    status (:func:`kzmach.report.charts.target_text.headline`: "depends on base year" where the
    other base year gives another status), then the earlier targets met. With no live
    target it says how many are measurable and met; one met before it was set is counted
    apart from those met (a definition mismatch, not an achievement).
    """
    official = _official(data.gaps)
    met = official["status"] == MET
    early = met & (official["rule_id"] == "met_before_set")
    fields = {
        "measurable": int((official["status"] != NOT_MEASURABLE).sum()),
        "total": len(official),
        "met": int((met & ~early).sum()),
    }
    title = headline(official, language)
    if title is None and early.any():
        title = term("title_targets_early", language, **fields, early=int(early.sum()))
    elif title is None:
        title = term("title_targets", language, **fields)
    alt = f"{title}. " + "; ".join(  # each target by its name, never its id
        f"{programme_name(str(r['programme']), language)}, "
        f"{catalogue.get(str(r['indicator'])).name(language)} ({int(r['target_year'])}): "
        f"{_status_words(r, language)}"
        for _, r in official.iterrows()
    )
    return Message(title, term("subtitle_targets", language), alt)


def _official(gaps: pd.DataFrame) -> pd.DataFrame:
    """Return the official wordings: one row per target that has one."""
    return gaps[gaps["wording"] == "official"]


def _status_words(row: pd.Series, language: str) -> str:
    """Write a target's status in words; a target met before it was set says so."""
    if row["rule_id"] == "met_before_set":
        return term("status_met_before_set", language)
    return status_term(str(row["status"]), language)


def _base_words(row: pd.Series, language: str) -> str:
    """Write the base year used and the status under the other one, for the chart's values."""
    import pandas as pd

    if pd.isna(row["base_year"]):
        return ""
    words = f" · {term('label_base', language, year=int(row['base_year']))}"
    if pd.notna(row["alt_base_year"]) and row["alt_status"]:
        status = status_term(str(row["alt_status"]), language)
        words += (
            f"; {term('label_alt_base', language, year=int(row['alt_base_year']), status=status)}"
        )
    return words


def _bar_label(row: pd.Series, language: str) -> str:
    """Write a bar's label: status, pace (with base years), feasibility, caveat, price flag."""
    import pandas as pd

    percent = format_number(row["percent_of_target"], language, 0)
    first = f"{percent}% · {_status_words(row, language)}"
    if pd.notna(row["required_cagr"]) and pd.notna(row["achieved_cagr"]):
        first += (
            f": {term('required', language)} {format_number(row['required_cagr'], language, 1)}%,"
            f" {term('achieved', language)} {format_number(row['achieved_cagr'], language, 1)}%"
        )
        if pd.notna(row["base_year"]):
            base = term("label_base", language, year=int(row["base_year"]))
            if row["headline_status"] == DEPENDS_ON_BASE:  # else the other base agrees
                status = status_term(str(row["alt_status"]), language)
                other = term(
                    "label_alt_base", language, year=int(row["alt_base_year"]), status=status
                )
                base += f"; {other}"
            first += f" ({base})"
    lines = [first]
    feasible = feasibility_text(row, language, recent_apart="\n")
    if feasible:
        lines.append(feasible)
    how = measured_how(row, language, name=False)  # the axis names the series
    if how:
        lines.append(how)
    return "\n".join(lines)


def _draw_progress(axis: Axes, progress: pd.DataFrame, language: str) -> None:
    labels = []
    for position, (_, row) in enumerate(progress.iterrows()):
        colour = STATUS_COLOURS.get(str(row["headline_status"]), COLOURS["grey"])
        axis.barh(position, row["percent_of_target"], color=colour, height=0.6)
        # a label starts right of its bar and of the 100% line, so it crosses neither
        axis.annotate(
            _bar_label(row, language),
            (max(float(row["percent_of_target"]), 100.0), position),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=LABEL_PT - 1,  # three lines a bar: seven bars fit with no overlap
            linespacing=1.05,
        )
        labels.append(
            wrap_label(
                f"{indicator_name(str(row['measure_with']), language)}, {int(row['target_year'])}",
                8,
                0.25,
            )
        )
    axis.set_yticks(range(len(labels)), labels, fontsize=8)
    axis.axvline(100, color=COLOURS["text"], lw=1, ls=":")
    # room for the longest bar (a target met twice over) and the labels right of it
    axis.set_xlim(0, max(160.0, float(progress["percent_of_target"].max()) * 1.08))
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    axis.set_xlabel(term("pct_of_target", language), fontsize=8)


def _draw_statuses(axis: Axes, gaps: pd.DataFrame, language: str) -> None:
    from matplotlib.patches import Patch

    programmes = list(dict.fromkeys(gaps["programme"]))
    counts = gaps.groupby(["programme", "headline_status"]).size().unstack(fill_value=0)
    for index, programme in enumerate(programmes):
        start = 0
        for status in STATUSES:
            count = int(counts.loc[programme].get(status, 0)) if programme in counts.index else 0
            if not count:
                continue
            axis.barh(index, count, left=start, color=STATUS_COLOURS[status], height=0.6)
            if count >= 2:  # a one-target segment is too narrow for its number
                axis.text(
                    start + count / 2,
                    index,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if status != NOT_MEASURABLE else COLOURS["text"],
                )
            start += count
        axis.annotate(  # the total, a few points right of the bar (no padding spaces)
            str(start),
            (start, index),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color=COLOURS["subtle"],
        )
    axis.set_yticks(
        range(len(programmes)),
        [wrap_label(programme_name(p, language), 7.5, 0.15, 3) for p in programmes],
        fontsize=LABEL_PT,
    )
    axis.invert_yaxis()
    axis.grid(axis="y", visible=False)
    axis.set_xlabel(term("targets_count", language), fontsize=8)
    present = [s for s in STATUSES if s in set(gaps["headline_status"])]
    axis.legend(
        handles=[Patch(color=STATUS_COLOURS[s], label=status_term(s, language)) for s in present],
        loc="lower right",  # above the bars, clear of the programmes' names
        bbox_to_anchor=(1.0, 1.02),
        ncols=1,
        frameon=False,
        fontsize=LABEL_PT,
        handlelength=1.2,
        columnspacing=0.8,
    )


def draw(data: TargetData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw the level targets' progress (left) and every target's status by programme (right)."""
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.26)
        width = box.right - box.left
        left_axis = figure.add_axes((box.left, box.bottom, width * 0.52, box.top - box.bottom))
        # the status key sits above the right panel, inside the plot box
        right_axis = figure.add_axes(
            (box.left + width * 0.74, box.bottom, width * 0.26, (box.top - box.bottom) * 0.72)
        )
        _draw_progress(left_axis, data.progress, language)
        _draw_statuses(right_axis, _official(data.gaps), language)
        fit_columns(figure, [[left_axis], [right_axis]], gap=0.04)
    return figure


def target_gap_dashboard(
    language: str = "en",
    *,
    as_of: date | str | None = None,
    assumptions: dict[str, int] | None = None,
    root: Root = None,
) -> Chart:
    """Where each official target stands (:func:`kzmach.target_gap`).

    Left: for targets with a known latest level and a level target, the latest level as a
    percentage of the target, coloured by status, labelled with the required and achieved
    pace where there is one. Right: how many targets of each programme have each status.
    ``assumptions`` are base years by target id or programme, as in ``target_gap``.
    """
    context = chart_context(language, as_of, root)
    data = select(context, assumptions)
    said = message(data, language)
    return compose_chart(
        "target_gap", context, data, said, draw, {"assumptions": dict(assumptions or {})}
    )
