"""Chart 4: stated growth rates and shares against the values computed from levels."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from kzmach.analysis.claim_verdicts import (
    NOT_NOMINAL,
    NOT_VALUE_ADDED,
    claim_verdicts,
    from_two_levels,
)
from kzmach.metadata.vocabulary import AGREES, DISAGREES, REVISED_SINCE
from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import (
    Context,
    Message,
    Root,
    by_figure,
    chart_context,
    compose_chart,
    indicator_name,
    period_label,
    verdict_term,
)
from kzmach.report.charts.footer import source_label
from kzmach.report.charts.style import (
    COLOURS,
    LABEL_PT,
    fit_columns,
    format_number,
    house_style,
    new_figure,
    percent_axis,
    wrap_label,
)
from kzmach.text.translations import plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from kzmach.report.charts.footer import Footer

__all__ = ["ClaimData", "claims_check", "draw", "message", "select"]


#: A colour per verdict of :func:`kzmach.analysis.claim_verdicts.claim_verdicts`, in the order the
#: chart lists the claims.
VERDICT_COLOURS = {
    DISAGREES: COLOURS["alert"],
    NOT_NOMINAL: COLOURS["secondary"],
    NOT_VALUE_ADDED: COLOURS["pink"],
    REVISED_SINCE: COLOURS["primary"],
    AGREES: COLOURS["accent"],
}


#: The claims chart's axis is linear between -this and +this percent, logarithmic beyond.
SYMLOG_LINEAR_UP_TO = 10


@dataclass(frozen=True, slots=True)
class ClaimData:
    """One row per claim (stated, computed range, verdict) and the figures behind them."""

    claims: pd.DataFrame
    plotted: pd.DataFrame

    def points(self, language: str) -> pd.DataFrame:
        """Each claim: the stated value, and the lowest and highest computed from levels."""
        from kzmach.report.charts.data import derived_point, points_frame

        rows: list[dict[str, object]] = []
        for _, row in self.claims.iterrows():
            label = indicator_name(str(row["indicator"]), language)
            period = _period(self, str(row["claim_figure"]), language)
            verdict = verdict_term(str(row["verdict"]), language)
            values = [("stated", row["stated"]), ("computed_low", row["low"])]
            if row["high"] != row["low"]:
                values.append(("computed_high", row["high"]))
            for series, value in values:
                rows.append(
                    derived_point(
                        self.plotted,
                        [str(row["claim_figure"])],
                        language,
                        series=series,
                        label=f"{label} · {verdict}",
                        period=period,
                        value=float(value),
                        unit="%",
                    )
                )
        return points_frame(rows)


def select(context: Context) -> ClaimData:
    """Check every claim whose figures are known on the chart's date; one row per claim."""
    from kzmach.api import claims

    observations = context.observations
    known = set(observations["figure_id"])
    table = claims(as_of=context.as_of, root=context.root)
    table = from_two_levels(table)
    table = table[
        table["claim_figure"].isin(known)
        & table["base_figure"].isin(known)
        & table["end_figure"].isin(known)
    ]
    if table.empty:
        raise ValueError("no claim can be checked with the figures known on this date")
    grouped = claim_verdicts(table, from_levels=True)
    figures = observations.set_index("figure_id")
    grouped["publisher"] = [
        source_label(str(figures.loc[f]["source_publisher"]), context.language)
        for f in grouped["claim_figure"]
    ]
    grouped = grouped.sort_values(
        ["verdict", "indicator"],
        key=lambda column: (
            column.map(list(VERDICT_COLOURS).index) if column.name == "verdict" else column
        ),
        ignore_index=True,
    )
    used = sorted(set(table["claim_figure"]) | set(table["base_figure"]) | set(table["end_figure"]))
    return ClaimData(grouped, by_figure(observations, used))


def _period(data: ClaimData, claim_figure: str, language: str) -> str:
    return period_label(data.plotted.set_index("figure_id").loc[claim_figure], language)


def message(data: ClaimData, language: str) -> Message:
    """Say how many stated figures disagree with their levels; list every check."""
    claims = data.claims
    disagree = int((claims["verdict"] == DISAGREES).sum())
    not_nominal = int((claims["verdict"] == NOT_NOMINAL).sum())
    if not_nominal:
        title = plural_term(
            "title_claims_basis",
            disagree,
            language,
            disagree=disagree,
            total=len(claims),
            not_nominal=not_nominal,
        )
    else:
        title = plural_term(
            "title_claims", disagree, language, disagree=disagree, total=len(claims)
        )
    not_value_added = int((claims["verdict"] == NOT_VALUE_ADDED).sum())
    if not_value_added:
        title += term("claims_not_value_added", language, n=not_value_added)
    alt = f"{title}. " + "; ".join(
        term(
            "alt_claim",
            language,
            name=indicator_name(r["indicator"], language),
            period=_period(data, r["claim_figure"], language),
            stated=format_number(r["stated"], language),
            computed=format_number(r["low"], language),
            verdict=verdict_term(r["verdict"], language),
        )
        for _, r in claims.iterrows()
    )
    return Message(title, term("subtitle_claims", language), alt)


def _draw_claim(
    axis: Axes, position: int, row: pd.Series, language: str, label_pt: float = LABEL_PT
) -> None:
    colour = VERDICT_COLOURS[str(row["verdict"])]
    axis.plot([row["stated"], row["low"]], [position, position], color=COLOURS["light"], lw=2)
    if row["high"] != row["low"]:
        axis.plot([row["low"], row["high"]], [position, position], color=colour, lw=3)
    axis.scatter(
        [row["stated"]], [position], s=40, facecolor="white", edgecolor=colour, lw=1.5, zorder=3
    )
    axis.scatter(
        [row["low"], row["high"]], [position, position], s=34, marker="D", color=colour, zorder=4
    )
    computed = format_number(row["low"], language, 1)
    if row["high"] != row["low"]:
        computed += "…" + format_number(row["high"], language, 1)
    axis.text(
        1.02,
        position,
        f"{format_number(row['stated'], language, 1)}% → {computed}% · "
        f"{verdict_term(row['verdict'], language)}",
        transform=axis.get_yaxis_transform(),
        va="center",
        fontsize=label_pt,  # as small as the row's name: one row, one line
        color=colour,
    )


def draw(data: ClaimData, said: Message, footer: Footer, language: str) -> Figure:
    """Draw each claim: stated (circle) and computed (diamonds, a range when several)."""
    grouped = data.claims
    with house_style():
        figure, box = new_figure(said.title, said.subtitle, footer.lines, left=0.42)
        axis = figure.add_axes(
            (box.left, box.bottom, (box.right - box.left) * 0.66, box.top - box.bottom)
        )
        axis.set_xscale("symlog", linthresh=SYMLOG_LINEAR_UP_TO)
        # a label must fit its row: with many claims, one line each, smaller type
        row_pt = figure.get_figheight() * (box.top - box.bottom) * 72 / max(len(grouped), 1)
        lines = 2 if row_pt >= 2.3 * LABEL_PT else 1
        label_pt = min(LABEL_PT, row_pt / (1.25 * lines))
        labels = []
        for position, row in grouped.iterrows():
            _draw_claim(axis, int(str(position)), row, language, label_pt)
            period = _period(data, row["claim_figure"], language)
            name = indicator_name(row["indicator"], language)
            labels.append(
                wrap_label(f"{name}, {period} ({row['publisher']})", label_pt, 0.4, lines)
            )
        axis.set_yticks(range(len(labels)), labels, fontsize=label_pt, linespacing=0.95)
        axis.invert_yaxis()
        axis.grid(axis="y", visible=False)
        axis.grid(axis="x", visible=True)
        axis.axvline(0, color=COLOURS["subtle"], lw=0.8)
        lowest = min(float(grouped[["stated", "low"]].min().min()), 0.0)
        highest = float(grouped[["stated", "high"]].max().max())
        axis.set_xlim(lowest * 1.5 - 1, highest * 1.6)
        percent_axis(axis, language, "x")
        axis.tick_params(axis="x", labelsize=8)
        # the scale is named: equal steps are not equal distances beyond ±10%
        axis.set_xlabel(term("scale_symlog", language, linear=SYMLOG_LINEAR_UP_TO), fontsize=8)
        fit_columns(figure, [[axis]])
    return figure


def claims_check(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Stated growth rates and shares against the values computed from the sources' levels.

    One row per claim (:func:`kzmach.claims`); where several level figures could test it, the
    computed values' range is drawn. The axis is symmetric-logarithmic, so a +750% sits
    beside a −1.5% readably.
    """
    context = chart_context(language, as_of, root)
    data = select(context)
    said = message(data, language)
    return compose_chart("claims_check", context, data, said, draw)
