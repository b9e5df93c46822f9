"""The briefing charts. Each function returns a :class:`~kzmach.report.charts.base.Chart`.

All take ``language`` (``en``, ``ru`` or ``kk``: every word comes from the catalogue),
``as_of`` (use only figures known on that date; ``None`` for everything published) and
``root`` (the project; found automatically when ``None``). Titles state the message the data
support, computed from the data, never typed.

Which figure is plotted for a period follows
:func:`kzmach.analysis.selection.best_first`, the rule of :func:`kzmach.series`. A year with
a full-year figure shows it; a year without one shows its longest year-to-date figure, drawn
hatched and labelled with its months, so the two are never mistaken for one another.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.annual import YEAR_TO_DATE, year_or_year_to_date
from kzmach.analysis.selection import best_first
from kzmach.analysis.selection import national as _national
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import MONTHS_SHORT, SUBSECTOR_SCOPES
from kzmach.report.charts.base import Chart
from kzmach.report.charts.footer import Footer, compose_footer, source_label
from kzmach.report.charts.style import (
    COLOURS,
    STATUS_COLOURS,
    fit_columns,
    format_bn_kzt,
    format_number,
    house_style,
    new_figure,
    nice_ceiling,
    number_axis,
    percent_axis,
    qualifier_mark,
    tenge_axis,
    wrap_label,
)
from kzmach.text.periods import localised_label
from kzmach.text.translations import check_language, plural_term, programme_name, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

Root = str | os.PathLike[str] | None

STATUSES: Final = ("met", "on track", "at risk", "off track", "not measurable")


@dataclass(frozen=True, slots=True)
class Context:
    """What every chart needs: the known observations and the build's identity."""

    observations: pd.DataFrame
    language: str
    as_of: date | None
    root: Path
    version: str
    built: str


def _context(language: str, as_of: date | str | None, root: Root) -> Context:
    from kzmach._version import __version__
    from kzmach.data import as_of_date, observations_frame
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import built_date

    check_language(language)
    when = as_of_date(as_of)
    frame = observations_frame(as_of=when, root=root)
    paths = project_paths(root)
    return Context(frame, language, when, paths.root, __version__, built_date(paths))


def _footer(context: Context, rows: pd.DataFrame) -> Footer:
    return compose_footer(
        rows, context.language, as_of=context.as_of, version=context.version, built=context.built
    )


def _name(indicator: str, language: str) -> str:
    return catalogue.get(indicator).name(language)


def _label(row: Any, language: str) -> str:
    return localised_label(
        row["period_type"], row["period_start"].date(), row["period_end"].date(), language
    )


def _months(row: Any, language: str) -> str:
    months = MONTHS_SHORT[language]
    first, last = row["period_start"].month, row["period_end"].month
    return months[first - 1] if first == last else f"{months[first - 1]}–{months[last - 1]}"


def _value_label(row: Any, text: str, language: str) -> str:
    mark = qualifier_mark(str(row["qualifier"]))
    label = f"{mark}{text}"
    if not row["is_full_year"]:
        label += f"\n{_months(row, language)}"
    return label


def _bars(axis: Axes, rows: pd.DataFrame, colour: str, formatter: Any, language: str) -> None:
    """Draw full years solid and year-to-date hatched, each labelled with its value."""
    for _, row in rows.iterrows():
        full = bool(row["is_full_year"])
        axis.bar(
            row["year"],
            row["value"],
            width=0.72,
            color=colour if full else "white",
            edgecolor=colour,
            hatch=None if full else "////",
            linewidth=1.0,
        )
        value = float(row["value"])
        axis.annotate(
            _value_label(row, formatter(value), language),
            (row["year"], value if value >= 0 else 0),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7.5,
            color=COLOURS["text"],
            linespacing=1.0,
        )


def _year_key(axis: Axes, colour: str, language: str) -> None:
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, edgecolor=colour, label=term("full_year", language)),
        Patch(
            facecolor="white", edgecolor=colour, hatch="////", label=term("year_to_date", language)
        ),
    ]
    axis.legend(handles=handles, loc="upper left", ncols=2, fontsize=8, handlelength=1.6)


# --- 1. output with real growth --------------------------------------------------------------


def output_trend(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Machine-building output (nominal bn tenge) with its real growth and log-linear trend.

    Top: output by year, full years solid, year to date hatched, and the trend fitted to the
    full years (:func:`kzmach.analysis.trend.log_linear_trend`) when there are at least three.
    Bottom: real growth (physical volume), % on a year earlier, in the same style.
    """
    import pandas as pd

    from kzmach.analysis.trend import InsufficientDataError, log_linear_trend

    context = _context(language, as_of, root)
    frame = context.observations
    levels_all = _national(frame, "mb_output")
    levels = year_or_year_to_date(
        levels_all[(levels_all["comparison"] == "none") & (levels_all["value_form"] == "level")]
    )
    growth_all = _national(frame, "mb_output_growth_real")
    growth = year_or_year_to_date(
        growth_all[growth_all["comparison"] == "same_period_previous_year"]
    )
    if levels.empty:
        raise ValueError("no machine-building output figures are known for this date")
    full = levels[levels["is_full_year"]]
    first, last = (
        (full.iloc[0], full.iloc[-1]) if len(full) >= 2 else (levels.iloc[0], levels.iloc[-1])
    )
    multiple = float(last["value"]) / float(first["value"])
    shown = format_number(multiple, language, 1)
    words = {"multiple": shown, "start": int(first["year"]), "end": int(last["year"])}
    if multiple >= 1:  # the noun after the number agrees with it as printed: 5 раз, 2,3 раза
        title = plural_term("title_output_up", round(multiple, 1), language, **words)
    else:
        title = term("title_output_down", language, **words)
    subtitle = term(
        "subtitle_output",
        language,
        unit=term("unit_bn_kzt", language),
        pct=term("unit_pct_yoy", language),
    )
    try:
        trend = log_linear_trend(full.set_index("year")["value"])
    except InsufficientDataError:
        trend = None
    plotted = pd.concat([levels, growth], ignore_index=True)
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.085)
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
        bottom_axis = figure.add_axes(
            (box.left, box.bottom, box.right - box.left, height * 0.42 - gap / 2),
            sharex=top_axis,
        )
        _bars(top_axis, levels, COLOURS["primary"], lambda v: format_bn_kzt(v, language), language)
        tenge_axis(top_axis, language)
        top_axis.set_ylim(0, nice_ceiling(float(levels["value"].max()) * 1.3))
        if trend is not None:
            years = list(range(trend.first_year, trend.last_year + 1))
            top_axis.plot(years, trend.fitted(years), color=COLOURS["secondary"], lw=1.6, ls="--")
            top_axis.annotate(
                term("trend_label", language, growth=format_number(trend.growth, language, 1)),
                (years[0], trend.fitted(years[:1])[0]),
                xytext=(-4, 14),
                textcoords="offset points",
                ha="left",
                va="bottom",
                fontsize=8,
                color=COLOURS["secondary"],
            )
        _year_key(top_axis, COLOURS["primary"], language)
        if not growth.empty:
            _bars(
                bottom_axis,
                growth,
                COLOURS["accent"],
                lambda v: format_number(v, language, 1) + "%",
                language,
            )
            low = min(0.0, float(growth["value"].min()))
            bottom_axis.set_ylim(low * 1.3, nice_ceiling(float(growth["value"].max()) * 1.5))
        bottom_axis.axhline(0, color=COLOURS["subtle"], lw=0.8)
        number_axis(bottom_axis, language, "%")
        years_shown = sorted(set(levels["year"]) | set(growth["year"]))
        top_axis.set_xlim(years_shown[0] - 0.7, years_shown[-1] + 0.7)
        bottom_axis.set_xticks(range(years_shown[0], years_shown[-1] + 1))
        bottom_axis.tick_params(axis="x", labelsize=8.5)
        top_axis.tick_params(axis="x", labelbottom=False)
        fit_columns(figure, [[top_axis, bottom_axis]])
    level_text = ", ".join(
        f"{_label(r, 'en')}: {qualifier_mark(r['qualifier'])}{format_bn_kzt(r['value'])}"
        for _, r in levels.iterrows()
    )
    growth_text = ", ".join(
        f"{_label(r, 'en')}: {format_number(r['value'])}%" for _, r in growth.iterrows()
    )
    alt = (
        f"{title}. Bars show machine-building output by year in bn tenge at current prices "
        f"({level_text}); lower bars show real growth ({growth_text})."
    )
    extra: dict[str, Any] = {}
    if trend is not None:
        extra["trend"] = {
            "growth_pct_per_year": trend.growth,
            "label": trend.label,
            "summary": trend.describe(),
        }
    return Chart(
        "output_trend",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
        extra,
    )


# --- 2. share of manufacturing ---------------------------------------------------------------


def _by_figure(frame: pd.DataFrame, figure_ids: list[str]) -> pd.DataFrame:
    return frame[frame["figure_id"].isin(figure_ids)]


def share_of_manufacturing(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Machine building's share of manufacturing: as sources state it, and as computed.

    Computed shares are ``mb_output / mfg_output * 100`` for years with both levels
    (:func:`kzmach.analysis.share.manufacturing_share`); stated ones are plotted as written, periods
    other than full years hollow.
    """
    import pandas as pd

    from kzmach.analysis.share import manufacturing_share

    context = _context(language, as_of, root)
    known = set(context.observations["figure_id"])
    shares = manufacturing_share(context.observations)
    stated_rows: list[dict[str, Any]] = []
    computed_rows: list[dict[str, Any]] = []
    used: list[str] = []
    for _, row in shares.iterrows():
        stated_ids = [f for f in (row["stated_figures"] or []) if f in known]
        if stated_ids and pd.notna(row["share_stated"]):
            stated_rows.append({**row.to_dict(), "year": row["period_start"].year})
            used.extend(stated_ids)
        if (
            pd.notna(row["share_computed"])
            and row["mb_figure"] in known
            and row["mfg_figure"] in known
        ):
            computed_rows.append({**row.to_dict(), "year": row["period_start"].year})
            used.extend([row["mb_figure"], row["mfg_figure"]])
    if not stated_rows and not computed_rows:
        raise ValueError("no share of manufacturing is known for this date")
    stated = pd.DataFrame(stated_rows)
    computed = pd.DataFrame(computed_rows)
    plotted = _by_figure(context.observations, used)
    if not computed.empty and not stated.empty:
        both = computed.merge(stated[["year", "share_stated"]], on="year", suffixes=("", "_s"))
    else:
        both = pd.DataFrame()
    if not both.empty:
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
    subtitle = term("subtitle_share", language)
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines)
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
        if not stated.empty:
            full = stated["period_type"] == "year"
            axis.plot(
                stated["year"], stated["share_stated"], color=COLOURS["secondary"], lw=1, alpha=0.5
            )
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
                    text += f" ({_label(row, language)})"
                axis.annotate(
                    text,
                    (row["year"], row["share_stated"]),
                    xytext=(7, -3),
                    textcoords="offset points",
                    fontsize=8,
                    color=COLOURS["secondary"],
                    va="top",
                )
            top = max(top, float(stated["share_stated"].max()))
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
        if not computed.empty:
            axis.scatter(
                computed["year"],
                computed["share_computed"],
                s=60,
                marker="D",
                color=COLOURS["primary"],
                zorder=4,
            )
            for _, row in computed.iterrows():
                axis.annotate(
                    format_number(row["share_computed"], language, 1) + "%",
                    (row["year"], row["share_computed"]),
                    xytext=(-7, 0),
                    textcoords="offset points",
                    ha="right",
                    va="center",
                    fontsize=8,
                    color=COLOURS["primary"],
                )
            top = max(top, float(computed["share_computed"].max()))
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
        years = sorted({*stated.get("year", []), *computed.get("year", [])})
        axis.set_xlim(years[0] - 1, years[-1] + 2.5)
        axis.set_xticks(range(years[0], years[-1] + 1))
        axis.tick_params(axis="x", labelsize=8.5)
        axis.set_ylim(0, nice_ceiling(top * 1.2))
        number_axis(axis, language, "%")
        fit_columns(figure, [[axis]])
    alt = (
        f"{title}. Stated shares: "
        + ", ".join(
            f"{_label(r, 'en')} {format_number(r['share_stated'])}%" for _, r in stated.iterrows()
        )
        + ". Computed from levels: "
        + ", ".join(
            f"{int(r['year'])} {format_number(r['share_computed'])}%"
            for _, r in computed.iterrows()
        )
        + "."
    )
    return Chart(
        "share_of_manufacturing",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
    )


# --- 3. target-gap dashboard -----------------------------------------------------------------


def _status_term(status: str, language: str) -> str:
    return term("status_" + status.replace(" ", "_"), language)


def target_gap_dashboard(
    language: str = "en",
    *,
    as_of: date | str | None = None,
    assumptions: dict[str, int] | None = None,
    root: Root = None,
) -> Chart:
    """Where each official target stands (:func:`kzmach.analysis.target_gap.target_gap`).

    Left: for targets with a known latest level and a level target, the latest level as a
    percentage of the target, coloured by status, labelled with the required and achieved
    pace where there is one. Right: how many targets of each programme have each status.
    ``assumptions`` are base years by target id or programme, as in ``target_gap``.
    """
    import pandas as pd

    from kzmach.api import target_gap
    from kzmach.data import table_frame

    context = _context(language, as_of, root)
    gaps = target_gap(as_of=context.as_of, assumptions=assumptions, root=context.root)
    targets = table_frame("targets", root=context.root)
    total = len(gaps)
    measurable = int((gaps["status"] != "not measurable").sum())
    met = int((gaps["status"] == "met").sum())
    title = term("title_targets", language, measurable=measurable, total=total, met=met)
    subtitle = term("subtitle_targets", language)
    target_figures = targets[targets["target_id"].isin(gaps["target_id"])]["figure_id"].tolist()
    level_indicators = {str(i) for i in gaps["measure_with"].dropna() if i}
    levels = context.observations[
        context.observations["indicator"].isin(level_indicators)
        & (context.observations["period_type"] == "year")
        & (context.observations["figure_type"] == "actual")
        & (context.observations["region"] == "Kazakhstan")
    ]
    plotted = pd.concat([_by_figure(context.observations, target_figures), levels]).drop_duplicates(
        "figure_id"
    )
    progress = gaps[gaps["target_level"].notna() & gaps["latest_value"].notna()].copy()
    progress["percent_of_target"] = progress["latest_value"] / progress["target_level"] * 100
    progress = progress.sort_values("percent_of_target")
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.26)
        width = box.right - box.left
        left_axis = figure.add_axes((box.left, box.bottom, width * 0.46, box.top - box.bottom))
        right_axis = figure.add_axes(
            (box.left + width * 0.70, box.bottom, width * 0.30, box.top - box.bottom)
        )
        labels = []
        for position, (_, row) in enumerate(progress.iterrows()):
            colour = STATUS_COLOURS.get(str(row["status"]), COLOURS["grey"])
            left_axis.barh(position, row["percent_of_target"], color=colour, height=0.6)
            pace = ""
            if pd.notna(row["required_cagr"]) and pd.notna(row["achieved_cagr"]):
                required = format_number(row["required_cagr"], language, 1)
                achieved = format_number(row["achieved_cagr"], language, 1)
                pace = (
                    f" · {term('required', language)} {required}%,"
                    f" {term('achieved', language)} {achieved}%"
                )
            left_axis.annotate(
                f"{format_number(row['percent_of_target'], language, 0)}% · "
                f"{_status_term(str(row['status']), language)}{pace}",
                (row["percent_of_target"], position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=7.5,
            )
            labels.append(
                wrap_label(
                    f"{_name(str(row['measure_with']), language)}, {int(row['target_year'])}",
                    8,
                    0.25,
                )
            )
        left_axis.set_yticks(range(len(labels)), labels, fontsize=8)
        left_axis.axvline(100, color=COLOURS["text"], lw=1, ls=":")
        left_axis.set_xlim(0, 160)
        left_axis.grid(axis="y", visible=False)
        left_axis.grid(axis="x", visible=True)
        left_axis.set_xlabel(term("pct_of_target", language), fontsize=8)
        programmes = list(dict.fromkeys(gaps["programme"]))
        counts = gaps.groupby(["programme", "status"]).size().unstack(fill_value=0)
        for index, programme in enumerate(programmes):
            start = 0
            for status in STATUSES:
                count = (
                    int(counts.loc[programme].get(status, 0)) if programme in counts.index else 0
                )
                if not count:
                    continue
                right_axis.barh(index, count, left=start, color=STATUS_COLOURS[status], height=0.6)
                right_axis.text(
                    start + count / 2,
                    index,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if status != "not measurable" else COLOURS["text"],
                )
                start += count
        right_axis.set_yticks(
            range(len(programmes)),
            [wrap_label(programme_name(p, language), 7.5, 0.15, 3) for p in programmes],
            fontsize=7.5,
        )
        right_axis.invert_yaxis()
        right_axis.grid(axis="y", visible=False)
        right_axis.set_xlabel(term("targets_count", language), fontsize=8)
        present = [s for s in STATUSES if s in set(gaps["status"])]
        from matplotlib.patches import Patch

        right_axis.legend(
            handles=[
                Patch(color=STATUS_COLOURS[s], label=_status_term(s, language)) for s in present
            ],
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=3,
            fontsize=7.5,
            handlelength=1.2,
            columnspacing=0.8,
        )
        fit_columns(figure, [[left_axis], [right_axis]], gap=0.04)
    alt = f"{title}. " + "; ".join(f"{r['target_id']}: {r['status']}" for _, r in gaps.iterrows())
    return Chart(
        "target_gap",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
        {"assumptions": dict(assumptions or {})},
    )


# --- 4. claims check -------------------------------------------------------------------------


def claims_check(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Stated growth rates and shares against the values computed from the sources' levels.

    One row per claim (:func:`kzmach.claims`); where several level figures could test it, the
    computed values' range is drawn. The axis is symmetric-logarithmic, so a +750% sits
    beside a −1.5% readably.
    """
    from kzmach.api import claims

    context = _context(language, as_of, root)
    known = set(context.observations["figure_id"])
    table = claims(as_of=context.as_of, root=context.root)
    table = table[
        table["claim_figure"].isin(known)
        & table["base_figure"].isin(known)
        & table["end_figure"].isin(known)
    ]
    if table.empty:
        raise ValueError("no claim can be checked with the figures known on this date")
    grouped = (
        table.groupby("claim_figure", sort=False)
        .agg(
            indicator=("indicator", "first"),
            stated=("stated", "first"),
            qualifier=("qualifier", "first"),
            low=("computed", "min"),
            high=("computed", "max"),
            verdict=("verdict", lambda v: "disagrees" if (v == "disagrees").all() else "agrees"),
        )
        .reset_index()
    )
    periods = context.observations.set_index("figure_id")
    grouped["period"] = [_label(periods.loc[f], language) for f in grouped["claim_figure"]]
    grouped["publisher"] = [
        source_label(str(periods.loc[f]["source_publisher"])) for f in grouped["claim_figure"]
    ]
    grouped = grouped.sort_values(
        ["verdict", "indicator"], ascending=[False, True], ignore_index=True
    )
    used = sorted(set(table["claim_figure"]) | set(table["base_figure"]) | set(table["end_figure"]))
    plotted = _by_figure(context.observations, used)
    disagree = int((grouped["verdict"] == "disagrees").sum())
    title = term("title_claims", language, disagree=disagree, total=len(grouped))
    subtitle = term("subtitle_claims", language)
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.33)
        axis = figure.add_axes(
            (box.left, box.bottom, (box.right - box.left) * 0.7, box.top - box.bottom)
        )
        axis.set_xscale("symlog", linthresh=10)
        labels = []
        for position, row in grouped.iterrows():
            colour = COLOURS["alert"] if row["verdict"] == "disagrees" else COLOURS["accent"]
            axis.plot(
                [row["stated"], row["low"]], [position, position], color=COLOURS["light"], lw=2
            )
            if row["high"] != row["low"]:
                axis.plot([row["low"], row["high"]], [position, position], color=colour, lw=3)
            axis.scatter(
                [row["stated"]],
                [position],
                s=40,
                facecolor="white",
                edgecolor=colour,
                lw=1.5,
                zorder=3,
            )
            axis.scatter(
                [row["low"], row["high"]],
                [position, position],
                s=34,
                marker="D",
                color=colour,
                zorder=4,
            )
            computed = format_number(row["low"], language, 1)
            if row["high"] != row["low"]:
                computed += "…" + format_number(row["high"], language, 1)
            axis.text(
                1.02,
                position,
                f"{format_number(row['stated'], language, 1)}% → {computed}% · "
                f"{term('verdict_' + row['verdict'], language)}",
                transform=axis.get_yaxis_transform(),
                va="center",
                fontsize=7.5,
                color=colour,
            )
            labels.append(
                wrap_label(
                    f"{_name(row['indicator'], language)}, {row['period']} ({row['publisher']})",
                    7.5,
                    0.36,
                )
            )
        axis.set_yticks(range(len(labels)), labels, fontsize=7.5, linespacing=0.95)
        axis.invert_yaxis()
        axis.grid(axis="y", visible=False)
        axis.grid(axis="x", visible=True)
        axis.axvline(0, color=COLOURS["subtle"], lw=0.8)
        lowest = min(float(grouped[["stated", "low"]].min().min()), 0.0)
        highest = float(grouped[["stated", "high"]].max().max())
        axis.set_xlim(lowest * 1.5 - 1, highest * 1.6)
        percent_axis(axis, language, "x")
        axis.tick_params(axis="x", labelsize=8)
        fit_columns(figure, [[axis]])
    alt = f"{title}. " + "; ".join(
        f"{_name(r['indicator'], 'en')} {r['period']}: stated {format_number(r['stated'])}%, "
        f"computed {format_number(r['low'])}% ({r['verdict']})"
        for _, r in grouped.iterrows()
    )
    return Chart(
        "claims_check",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
    )


# --- 5. sub-sector growth --------------------------------------------------------------------


def subsector_indicators() -> list[str]:
    """Output-growth indicators of machine-building sub-sectors, from the catalogue."""
    return [
        indicator.id
        for indicator in catalogue.indicators()
        if indicator.scope in SUBSECTOR_SCOPES
        and indicator.is_growth
        and indicator.id.endswith("output_growth")
    ]


def _richest_period(rows: pd.DataFrame, types: tuple[str, ...]) -> pd.DataFrame:
    """Return one row per indicator for the period with the most sub-sectors (latest on a tie)."""
    candidates = rows[rows["period_type"].isin(types)]
    if candidates.empty:
        return candidates
    counts = candidates.groupby(["period_start", "period_end"])["indicator"].nunique()
    best = max(counts.index, key=lambda key: (counts[key], key[1]))
    chosen = candidates[
        (candidates["period_start"] == best[0]) & (candidates["period_end"] == best[1])
    ]
    return best_first(chosen).drop_duplicates("indicator").sort_values("value", ignore_index=True)


def subsector_growth(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Growth by machine-building sub-sector in two periods: a full year and a year to date.

    Each panel is the period with the most sub-sectors reported (the latest on a tie):
    the full year on the left, the richest year-to-date period on the right.
    """
    import pandas as pd

    context = _context(language, as_of, root)
    frame = context.observations
    rows = frame[
        frame["indicator"].isin(subsector_indicators())
        & (frame["figure_type"] == "actual")
        & (frame["region"] == "Kazakhstan")
        & (frame["comparison"] == "same_period_previous_year")
    ]
    panels = [
        p
        for p in (_richest_period(rows, ("year",)), _richest_period(rows, YEAR_TO_DATE))
        if not p.empty
    ]
    if not panels:
        raise ValueError("no sub-sector growth is known for this date")
    plotted = pd.concat(panels, ignore_index=True)
    leader = panels[0].iloc[-1]
    title = term(
        "title_subsector",
        language,
        period=_label(leader, language),
        sector=_name(leader["indicator"], language),
        value=format_number(leader["value"], language, 1),
    )
    subtitle = term("subtitle_subsector", language, pct=term("unit_pct_yoy", language))
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.2)
        axis = figure.add_axes(box.rect)
        order = list(dict.fromkeys([*panels[0]["indicator"][::-1], *plotted["indicator"]]))
        height = 0.8 / len(panels)
        handles = []
        for index, panel in enumerate(panels):
            colour = (COLOURS["primary"], COLOURS["secondary"])[index]
            full = panel["period_type"].iloc[0] == "year"
            offset = (index - (len(panels) - 1) / 2) * height
            positions = [order.index(i) + offset for i in panel["indicator"]]
            bars = axis.barh(
                positions,
                panel["value"],
                color=colour if full else "white",
                edgecolor=colour,
                hatch=None if full else "////",
                height=height * 0.9,
                label=_label(panel.iloc[0], language),
            )
            handles.append(bars)
            for position, (_, row) in zip(positions, panel.iterrows(), strict=True):
                mark = qualifier_mark(str(row["qualifier"]))
                axis.annotate(
                    f"{mark}{format_number(row['value'], language, 1)}%",
                    (max(float(row["value"]), 0.0), position),
                    xytext=(3, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=7.5,
                )
        axis.set_yticks(
            range(len(order)), [wrap_label(_name(i, language), 8, 0.3) for i in order], fontsize=8
        )
        axis.invert_yaxis()
        axis.grid(axis="y", visible=False)
        axis.grid(axis="x", visible=True)
        axis.set_xlim(
            min(0.0, float(plotted["value"].min())) * 1.2, float(plotted["value"].max()) * 1.15
        )
        axis.legend(handles=handles, loc="lower right", fontsize=8)
        percent_axis(axis, language, "x")
        axis.tick_params(axis="x", labelsize=8)
        fit_columns(figure, [[axis]])
    alt = f"{title}. " + " ".join(
        f"{_label(p.iloc[0], 'en')}: "
        + ", ".join(
            f"{_name(r['indicator'], 'en')} {format_number(r['value'])}%" for _, r in p.iterrows()
        )
        + "."
        for p in panels
    )
    return Chart(
        "subsector_growth",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
    )


# --- 6. vehicle production -------------------------------------------------------------------


def vehicle_production(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Vehicles produced per year, thousand: full years, years to date and stated plans."""
    import pandas as pd

    context = _context(language, as_of, root)
    frame = context.observations
    actual = year_or_year_to_date(
        _national(frame, "vehicle_production")[lambda f: f["comparison"] == "none"]
    )
    plans = _national(frame, "vehicle_production", "plan")
    plans = plans[plans["period_type"] == "year"].assign(year=lambda f: f["period_start"].dt.year)
    if actual.empty:
        raise ValueError("no vehicle production figures are known for this date")
    full = actual[actual["is_full_year"]]
    ends = full if len(full) >= 2 else actual
    first, last = ends.iloc[0], ends.iloc[-1]
    thousand = lambda v: format_number(v / 1000, language, 1)  # noqa: E731
    title = term(
        "title_vehicles_up" if last["value"] >= first["value"] else "title_vehicles_down",
        language,
        first=qualifier_mark(str(first["qualifier"])) + thousand(first["value"]),
        last=qualifier_mark(str(last["qualifier"])) + thousand(last["value"]),
        y0=int(first["year"]),
        y1=int(last["year"]),
    )
    subtitle = term("subtitle_vehicles", language, unit=term("unit_thousand_vehicles", language))
    plotted = pd.concat([actual, plans], ignore_index=True)
    footer = _footer(context, plotted)
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        scaled = actual.assign(value=actual["value"] / 1000)
        _bars(axis, scaled, COLOURS["primary"], lambda v: format_number(v, language, 1), language)
        actual_years = set(actual["year"])
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
                    width=0.72,
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
        top = max(
            float(scaled["value"].max()),
            float(plans["value"].max() / 1000) if not plans.empty else 0,
        )
        axis.set_ylim(0, nice_ceiling(top * 1.3))
        years = sorted(set(scaled["year"]) | set(plans["year"]))
        axis.set_xlim(years[0] - 0.7, years[-1] + 0.9)
        axis.set_xticks(range(years[0], years[-1] + 1))
        number_axis(axis, language)
        _year_key(axis, COLOURS["primary"], language)
        fit_columns(figure, [[axis]])
    alt = (
        f"{title}. "
        + ", ".join(
            f"{_label(r, 'en')}: {format_number(r['value'] / 1000)} thousand"
            for _, r in actual.iterrows()
        )
        + "."
    )
    return Chart(
        "vehicle_production",
        language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        plotted,
        context.root,
        context.as_of,
    )
