"""Charts of the 2022 roadmap's measures.

By section, by responsible body, the deadline timeline, and what was due by a date.

The measures come from :func:`kzmach.roadmap_measures`; the footer cites the order
itself through the same :func:`~kzmach.report.charts.footer.compose_footer` as every other chart,
each plotted measure standing as one row of provenance (``roadmap-m07`` for measure 7).
Completion status is never drawn as known: the order does not report it, and the charts say
"status unknown" until a sourced row of ``data/raw/roadmap/measure-status.csv`` says
otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from kzmach.report.charts.base import Chart
from kzmach.report.charts.common import Root
from kzmach.report.charts.footer import Footer, compose_footer
from kzmach.report.charts.style import COLOURS, fit_columns, house_style, new_figure, wrap_to_width
from kzmach.text.periods import localised_label
from kzmach.text.translations import check_language, plural_term, term

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["roadmap_bodies_chart", "roadmap_due_chart", "roadmap_sections", "roadmap_timeline"]

LABEL_PT: Final = 6.6
TIMELINE_LABEL_WIDTH: Final = 0.2  # of the figure width, per panel
KIND_COLOURS: Final = {
    "lead": COLOURS["primary"],
    "co_executor": COLOURS["muted"],
    "by_agreement": COLOURS["light"],
}
_STATE_PREFIXES: Final = {
    "en": (" of the Republic of Kazakhstan",),
    "ru": (" Республики Казахстан",),
    "kk": ("Қазақстан Республикасы ", "Қазақстан Республикасының "),
}


@dataclass(frozen=True, slots=True)
class RoadmapContext:
    """The measures and what every roadmap chart's footer needs."""

    measures: pd.DataFrame
    provenance: pd.DataFrame
    language: str
    as_of: date | None
    root: Path
    version: str
    built: str


def _context(language: str, as_of: date | str | None, root: Root) -> RoadmapContext:
    import pandas as pd

    from kzmach._version import __version__
    from kzmach.api import roadmap_measures, sources
    from kzmach.data import as_of_date
    from kzmach.paths import project_paths
    from kzmach.pipeline.build import built_date

    check_language(language)
    when = as_of_date(as_of)
    measures = roadmap_measures(as_of=when, root=root)
    registry = cast("pd.DataFrame", sources(root=root))
    source = registry.set_index("source_id").loc[measures["source_id"].iloc[0]]
    published = pd.Timestamp(str(source["published"]))
    provenance = pd.DataFrame(
        {
            "figure_id": [f"roadmap-m{n:02d}" for n in measures["measure_no"]],
            "figure_type": "measure",
            "period_type": "deadline",
            "period_start": measures["first_due"],
            "period_end": measures["last_due"],
            "basis": "",
            "unit": "",
            "qualifier": "exact",
            "maturity": None,
            "inferred": "",
            "release": f"parsed:{source.name}",
            "vintage": published,
            "source_id": str(source.name),
            "source_kind": source["kind"],
            "source_title": source["title"],
            "source_publisher": source["publisher"],
            "source_url": source["url"] or None,
            "source_published": str(source["published"]),
            "measure_no": measures["measure_no"],
            "section": measures["section"],
            "deadline_text": measures["deadline_text"],
            "status": measures["status"],
        }
    )
    paths = project_paths(root)
    return RoadmapContext(
        measures, provenance, language, when, paths.root, __version__, built_date(paths)
    )


def _footer(context: RoadmapContext, notes: tuple[str, ...]) -> Footer:
    extra = [term(key, context.language) for key in notes]
    if (context.measures["status"] == "unknown").all():
        extra.append(term("note_roadmap_status", context.language))
    return compose_footer(
        context.provenance,
        context.language,
        as_of=context.as_of,
        version=context.version,
        built=context.built,
        extra_notes=extra,
    )


def _dates(value: Any) -> Any:
    """Hand dates to matplotlib as they are (its date converter places them; typed as Any)."""
    return value


def _section_name(row: Any, language: str) -> str:
    return str(row[f"section_name_{language}"])


def _month(day: date, language: str) -> str:
    start = day.replace(day=1)
    return localised_label("month", start, day, language)


def _chart(
    name: str,
    context: RoadmapContext,
    parts: tuple[Any, str, str, str, Footer],
    extra: dict[str, Any] | None = None,
) -> Chart:
    figure, title, subtitle, alt, footer = parts
    return Chart(
        name,
        context.language,
        figure,
        title,
        subtitle,
        alt,
        footer,
        context.provenance,
        context.root,
        context.as_of,
        extra or {},
    )


def _finish_bars(axis: Axes, labels: list[str], label_pt: float, right: float) -> None:
    """Label the rows of a horizontal bar chart (first row on top) and set its house grid."""
    axis.set_yticks(range(len(labels)), labels, fontsize=label_pt)
    axis.invert_yaxis()
    axis.set_xlim(0, right)
    axis.grid(axis="y", visible=False)
    axis.grid(axis="x", visible=True)
    axis.tick_params(axis="x", labelsize=8)
    axis.legend(loc="lower right", fontsize=8)


# --- 1. measures per section -----------------------------------------------------------------


def roadmap_sections(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Measures per section of the roadmap, one-off and recurring deadlines stacked."""
    context = _context(language, as_of, root)
    measures = context.measures
    sections = measures.drop_duplicates("section").set_index("section")
    counts = measures.groupby(["section", "recurring"], sort=False).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[False, True], fill_value=0).reindex(sections.index)
    totals = counts.sum(axis=1)
    top = str(totals.idxmax())
    title = plural_term(
        "title_roadmap_sections",
        len(measures),
        language,
        n=len(measures),
        top=_section_name(sections.loc[top], language),
        count=int(totals[top]),
    )
    subtitle = term("subtitle_roadmap_sections", language)
    footer = _footer(context, ())
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.3)
        axis = figure.add_axes(box.rect)
        positions = range(len(counts))
        one_off, recurring = counts[False].to_numpy(), counts[True].to_numpy()
        axis.barh(
            positions,
            one_off,
            color=COLOURS["primary"],
            height=0.7,
            label=term("one_off", language),
        )
        axis.barh(
            positions,
            recurring,
            left=one_off,
            color="white",
            edgecolor=COLOURS["primary"],
            hatch="////",
            height=0.7,
            label=term("recurring", language),
        )
        for position, total in zip(positions, totals, strict=True):
            axis.annotate(
                str(int(total)),
                (float(total), position),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
                fontweight="bold",
            )
        labels = [
            f"{int(sections.loc[s, 'section_no'])}. {_section_name(sections.loc[s], language)}"
            for s in counts.index
        ]
        _finish_bars(axis, labels, 8.5, float(totals.max()) * 1.15)
        fit_columns(figure, [[axis]])
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_section",
                language,
                section=_section_name(sections.loc[s], language),
                total=int(totals[s]),
                recurring=int(counts.loc[s, True]),
            )
            for s in counts.index
        )
        + "."
    )
    return _chart("roadmap_sections", context, (figure, title, subtitle, alt, footer))


# --- 2. measures per responsible body ---------------------------------------------------------


def _short_name(name: str, language: str) -> str:
    for affix in _STATE_PREFIXES[language]:
        name = name.replace(affix, "")
    return name.strip()


def roadmap_bodies_chart(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """Measures per responsible body: as lead, as another executor, and by agreement.

    Bodies named in one measure only are gathered in one row, so that the chart stays
    legible; the notebook's table lists them all.
    """
    from kzmach.analysis.roadmap import bodies_of
    from kzmach.api import roadmap_glossary

    context = _context(language, as_of, root)
    bodies = bodies_of(context.measures, roadmap_glossary(root=root))
    bodies = bodies.assign(
        role=[
            "lead" if lead else "by_agreement" if agreed else "co_executor"
            for lead, agreed in zip(bodies["lead"], bodies["by_agreement"], strict=True)
        ]
    )
    table = bodies.groupby(["body", "role"]).size().unstack(fill_value=0)
    table = table.reindex(columns=list(KIND_COLOURS), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.sort_values(["total", "lead"], ascending=False)
    once = table[table["total"] == 1]
    shown = table[table["total"] > 1]
    if len(once):
        shown.loc[plural_term("others_once", len(once), language, n=len(once))] = once.sum()
    names = bodies.drop_duplicates("body").set_index("body")
    lead = str(table["lead"].idxmax())
    partner = str(table.drop(index=lead)["total"].idxmax())

    def full(body: str) -> str:
        name = str(names.loc[body, f"name_{language}"])
        return body if name == "unknown" else _short_name(name, language)

    title = term(
        "title_roadmap_bodies",
        language,
        lead=full(lead),
        led=int(table["lead"].loc[lead]),
        n=len(context.measures),
        partner=full(partner),
        named=int(table["total"].loc[partner]),
    )
    subtitle = term("subtitle_roadmap_bodies", language)
    footer = _footer(context, ("note_roadmap_lead",))
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.2)
        axis = figure.add_axes(box.rect)
        positions = list(range(len(shown)))
        left = [0.0] * len(shown)
        for role, colour in KIND_COLOURS.items():
            values = [float(v) for v in shown[role]]
            axis.barh(
                positions,
                values,
                left=left,
                color=colour,
                height=0.72,
                label=term("lead_body" if role == "lead" else role, language),
            )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for position, total in zip(positions, shown["total"], strict=True):
            axis.annotate(
                str(int(total)),
                (float(total), position),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=7,
            )
        _finish_bars(axis, list(shown.index), 7, float(shown["total"].max()) * 1.12)
        fit_columns(figure, [[axis]])
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_body",
                language,
                body=body,
                total=int(row["total"]),
                lead=int(row["lead"]),
                agreed=int(row["by_agreement"]),
            )
            for body, row in table.iterrows()
        )
        + "."
    )
    return _chart("roadmap_bodies", context, (figure, title, subtitle, alt, footer))


# --- 3. deadline timeline ---------------------------------------------------------------------


def _panels(measures: pd.DataFrame) -> list[list[tuple[str, Any]]]:
    """Split the rows (section headings and measures) into two columns of near-equal length."""
    rows: list[tuple[str, Any]] = []
    for _, group in measures.groupby("section_no", sort=True):
        rows.append(("section", group.iloc[0]))
        rows.extend(("measure", row) for _, row in group.iterrows())
    starts = [i for i, (kind, _) in enumerate(rows) if kind == "section" and i > 0]
    split = min(starts, key=lambda i: abs(len(rows) - 2 * i))
    return [rows[:split], rows[split:]]


def _measure_label(row: Any, width: float) -> str:
    text = f"{int(row['measure_no'])}. {row['title']}"
    lines = wrap_to_width(text, LABEL_PT, width)
    return lines[0] + ("…" if len(lines) > 1 else "")


def roadmap_timeline(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """One row per measure, grouped by section, with a mark at each deadline.

    A deadline naming a month is a bar across that month; one naming a day is a diamond.
    Recurring deadlines are repeated marks joined by a thin line. With ``as_of``, a dashed
    line marks that date.
    """
    import matplotlib.dates as mdates
    import pandas as pd

    context = _context(language, as_of, root)
    measures = context.measures
    all_dates = sorted(d for dates in measures["due_dates"] for d in dates)
    months = pd.Series([d.replace(day=1) for d in all_dates]).value_counts()
    busiest = months.sort_index().idxmax()
    title = term(
        "title_roadmap_timeline",
        language,
        first=_month(all_dates[0], language),
        last=_month(all_dates[-1], language),
        busiest=_month(cast("date", busiest), language),
        count=int(months.max()),
    )
    subtitle = term("subtitle_roadmap_timeline", language)
    footer = _footer(context, ("note_roadmap_month", "note_roadmap_titles"))
    panels = _panels(measures)
    span = (pd.Timestamp(all_dates[0]) - pd.Timedelta(days=45), pd.Timestamp(all_dates[-1]))
    span = (span[0], span[1] + pd.Timedelta(days=45))
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines, left=0.05)
        half = (box.right - box.left) / 2
        axes: list[Axes] = []
        for index, rows in enumerate(panels):
            left = box.left + index * half + TIMELINE_LABEL_WIDTH
            axis = figure.add_axes(
                (left, box.bottom, half - TIMELINE_LABEL_WIDTH - 0.02, box.top - box.bottom)
            )
            axes.append(axis)
            labels = []
            for position, (kind, row) in enumerate(rows):
                if kind == "section":
                    labels.append(f"{int(row['section_no'])}. {_section_name(row, language)}")
                    axis.axhspan(position - 0.5, position + 0.5, color="#EEEEEE", lw=0)
                    continue
                labels.append(_measure_label(row, TIMELINE_LABEL_WIDTH - 0.01))
                dates = [pd.Timestamp(d) for d in row["due_dates"]]
                if len(dates) > 1:
                    axis.plot(
                        _dates(dates), [position] * len(dates), color=COLOURS["light"], lw=0.8
                    )
                for due in dates:
                    if row["deadline_precision"] == "day":
                        axis.plot(
                            _dates([due]),
                            [position],
                            marker="D",
                            ms=4.2,
                            color=COLOURS["secondary"],
                        )
                    else:
                        start = due.replace(day=1)
                        axis.barh(
                            position,
                            (due - start).days + 1,
                            left=_dates(start),
                            height=0.62,
                            color=COLOURS["primary"],
                        )
            axis.set_yticks(range(len(rows)), labels)
            for tick, (kind, _) in zip(axis.get_yticklabels(), rows, strict=True):
                tick.set_fontsize(LABEL_PT)
                if kind == "section":
                    tick.set_fontweight("bold")
            axis.set_ylim(len(rows) - 0.5, -0.5)
            axis.set_xlim(*_dates(span))
            axis.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
            axis.xaxis.set_major_formatter(
                mdates.DateFormatter("%Y-%m") if language != "en" else mdates.DateFormatter("%b %Y")
            )
            axis.tick_params(axis="x", labelsize=7)
            axis.tick_params(axis="y", length=0)
            axis.grid(axis="y", visible=False)
            axis.grid(axis="x", visible=True)
            if context.as_of is not None:
                axis.axvline(
                    _dates(pd.Timestamp(context.as_of)), color=COLOURS["alert"], ls="--", lw=1
                )
        fit_columns(figure, [[axes[0]], [axes[1]]], gap=0.02)
    alt = (
        f"{title}. "
        + "; ".join(
            term(
                "alt_roadmap_measure",
                language,
                n=int(r["measure_no"]),
                dates=", ".join(d.isoformat() for d in r["due_dates"]),
            )
            for _, r in measures.iterrows()
        )
        + "."
    )
    return _chart("roadmap_timeline", context, (figure, title, subtitle, alt, footer))


# --- 4. due by a date -------------------------------------------------------------------------


def roadmap_due_chart(
    language: str = "en", *, as_of: date | str | None = None, root: Root = None
) -> Chart:
    """How many measures had fallen due by each date, with ``as_of`` marked.

    Without ``as_of`` the date is today's. A measure has fallen due on its first deadline
    and is fully due on its last.
    """
    import pandas as pd

    from kzmach.analysis.roadmap import due_by

    context = _context(language, as_of, root)
    measures = context.measures
    when = context.as_of or date.today()
    due = due_by(measures, when)
    recorded = int((due["status"] != "unknown").sum())
    status = (
        term("status_none_recorded", language)
        if recorded == 0
        else plural_term("status_some_recorded", recorded, language, n=recorded)
    )
    title = term(
        "title_roadmap_due",
        language,
        as_of=when.isoformat(),
        due=len(due),
        n=len(measures),
        status=status,
    )
    subtitle = term("subtitle_roadmap_due", language)
    footer = _footer(context, ("note_roadmap_month",))
    first = pd.Series(sorted(measures["first_due"]))
    last = pd.Series(sorted(measures["last_due"]))
    with house_style():
        figure, box = new_figure(title, subtitle, footer.lines)
        axis = figure.add_axes(box.rect)
        start = first.iloc[0] - pd.Timedelta(days=30)
        marker = pd.Timestamp(when)
        # a date long after the last deadline is stated at the right edge, not drawn to scale
        end = min(max(last.iloc[-1], marker), last.iloc[-1] + pd.Timedelta(days=120))
        end += pd.Timedelta(days=30)
        for series, colour, key in (
            (first, COLOURS["primary"], "first_deadline_passed"),
            (last, COLOURS["secondary"], "all_deadlines_passed"),
        ):
            steps_x = [start, *series, end]
            steps_y = [0, *range(1, len(series) + 1), len(series)]
            axis.step(steps_x, steps_y, where="post", color=colour, lw=2, label=term(key, language))
        label = (
            term("as_of_marker", language, date=when.isoformat())
            + f": {len(due)}/{len(measures)}, "
            + term("status_unknown", language)
        )
        if marker <= end:
            axis.axvline(_dates(marker), color=COLOURS["alert"], ls="--", lw=1)
            place, offset, align = marker, -6, "right"
        else:
            place, offset, align = end, -4, "right"
            label = f"{label} →"
        axis.annotate(
            label,
            (place, len(measures) * 0.5),
            xytext=(offset, 0),
            textcoords="offset points",
            ha=align,
            va="center",
            fontsize=8,
            color=COLOURS["alert"],
        )
        axis.set_xlim(start, end)
        axis.set_ylim(0, len(measures) * 1.1)
        axis.tick_params(labelsize=8)
        axis.legend(loc="upper left", fontsize=8)
        fit_columns(figure, [[axis]])
    alt = term(
        "alt_roadmap_due",
        language,
        title=title,
        dates=", ".join(f"{d.date().isoformat()}" for d in first),
    )
    return _chart(
        "roadmap_due",
        context,
        (figure, title, subtitle, alt, footer),
        {"due_as_of": when.isoformat(), "measures_due": len(due)},
    )
