"""Every processed table, declared once: its rows, columns, primary key and vintage column.

As PUDL declares its resources, each :class:`Table` gives what one row is, its columns
(kind, description, emptiness, allowed values, from :mod:`kzmach.metadata.vocabulary`
wherever a vocabulary exists), the columns no two rows share (its primary key) and the
column that dates a row for ``as_of`` (its vintage). The build validates every table
against its declaration before writing anything (:func:`kzmach.metadata.schemas.table_schema`,
in pandas; the same declaration gives the polars schema), ``kzmach.data`` cuts a table to
an as-of date by its vintage column, and the README's list of tables and
``docs/data-dictionary.md`` are generated from here (a test keeps them in step).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from kzmach.metadata.observation_columns import OBSERVATION_SPEC, ColumnKind
from kzmach.metadata.observation_columns import ObservationColumn as Column
from kzmach.metadata.vocabulary import (
    BASE_YEAR_STATED,
    BASES,
    CLAIM_TESTED_AGAINST,
    CLAIM_VERDICTS,
    COMPARISONS,
    CONFLICT_KINDS,
    FEASIBILITY_VERDICTS,
    FIGURE_TYPES,
    GLOSSARY_CONFIDENCE,
    HEADLINE_STATUSES,
    MATURITIES,
    QUALIFIERS,
    RECENT_RECORD_FROM,
    ROADMAP_STATUSES,
    SCOPES,
    SOURCE_KINDS,
    TARGET_FORMS,
    TARGET_HORIZONS,
    TARGET_STATUSES,
    TARGET_WORDINGS,
    UNITS,
    VALUE_MARKERS,
)

__all__ = ["TABLES", "Column", "Table", "data_dictionary_markdown", "table", "tables_markdown"]


@dataclass(frozen=True)
class Table:
    """One processed table of ``data/processed``.

    Attributes
    ----------
    name
        The table's name (``<name>.parquet`` and ``<name>.csv``).
    row
        What one row is.
    columns
        Its columns, in order, and no others.
    key
        The columns no two rows share (empty: none declared, as for a one-row table).
    vintage
        The column that dates a row for ``as_of`` (empty: the table is not cut by date).
    period_end
        The column holding the last day of the period a row describes, for tables whose
        rows are known only once their period has ended (empty: none).
    """

    name: str
    row: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    vintage: str = ""
    period_end: str = ""

    @property
    def column_names(self) -> tuple[str, ...]:
        """The columns' names, in order."""
        return tuple(column.name for column in self.columns)


def _text(
    name: str, description: str, nullable: bool = False, allowed: tuple[str, ...] = ()
) -> Column:
    return Column(name, "text", description, nullable=nullable, allowed=allowed)


def _number(name: str, description: str, nullable: bool = False) -> Column:
    return Column(name, "number", description, nullable=nullable)


def _integer(name: str, description: str) -> Column:
    return Column(name, "integer", description)


def _side(suffix: str, which: str) -> tuple[Column, ...]:
    """Return the columns of one figure of a conflict (``_a``: the first, ``_b``: the second)."""
    kinds: tuple[tuple[str, ColumnKind, str], ...] = (
        ("figure", "text", "figure id"),
        ("source", "text", "source id"),
        ("value", "number", "value, in the canonical unit"),
        ("qualifier", "text", "qualifier"),
        ("quote", "text", "verbatim quote"),
    )
    return tuple(
        Column(f"{stem}_{suffix}", kind, f"The {which} figure's {what}.")
        for stem, kind, what in kinds
    )


_STATUS_DATE: Final = "status_date"

#: Every processed table, in the order the build writes them.
TABLES: Final[tuple[Table, ...]] = (
    Table(
        "observations",
        "figure per source, with its provenance",
        OBSERVATION_SPEC,
        key=("figure_id",),
        vintage="vintage",
        period_end="period_end",
    ),
    Table(
        "conflicts",
        "pair of figures that disagree beyond their rounding",
        (
            _text("kind", "sources_disagree, or internal_inconsistency.", allowed=CONFLICT_KINDS),
            _text("indicator", "Catalogue id of what both figures measure."),
            _text("figure_type", "The figures' type.", allowed=FIGURE_TYPES),
            _text("region", "The territory."),
            _text("subject", "What inside the scope, when narrower."),
            _text("period_label", "The period in words."),
            Column("period_start", "datetime", "First day of the period."),
            Column("period_end", "datetime", "Last day of the period."),
            _text("comparison", "What the figures compare with.", allowed=COMPARISONS),
            *_side("a", "first"),
            *_side("b", "second"),
            _text("unit", "The canonical unit of both values."),
            _number("difference", "value_b - value_a."),
            _number(
                "relative_difference",
                "The difference as a share of value_a; empty when value_a is 0 (undefined).",
                nullable=True,
            ),
            Column("reconcilable", "boolean", "Whether rounding or a qualifier can explain it."),
            _text("explanation", "Why the figures differ, or may."),
        ),
        key=("kind", "figure_a", "figure_b"),
    ),
    Table(
        "claims",
        "stated growth or share and a pair of levels that can test it",
        (
            _text("claim_figure", "The figure id of the stated claim."),
            _text("indicator", "What the claim states."),
            _text("period_label", "The claim's period in words."),
            _text("comparison", "What the claim compares with.", allowed=COMPARISONS),
            _number("stated", "The stated value, in the canonical unit."),
            _text("stated_as_written", "The stated value as written."),
            _text("qualifier", "The claim's qualifier.", allowed=QUALIFIERS),
            _text("base_figure", "The base (or whole) level's figure id; empty if none."),
            _number("base_value", "The base (or whole) level.", nullable=True),
            _text("end_figure", "The end (or part) level's, or real index's, figure id."),
            _number("end_value", "The end (or part) level, or the real index.", nullable=True),
            _number("computed", "The value recomputed from the levels.", nullable=True),
            _number("tolerance", "How far the two may differ by rounding.", nullable=True),
            _text("tested_against", "What it was recomputed from.", allowed=CLAIM_TESTED_AGAINST),
            _text(
                "verdict", "The verdict: " + ", ".join(CLAIM_VERDICTS) + ".", allowed=CLAIM_VERDICTS
            ),
            _text("reason", "The computation, or why none was possible."),
        ),
        key=("claim_figure", "base_figure", "end_figure"),
    ),
    Table(
        "target_gap",
        "official target (each wording), measured against the data",
        (
            _text("programme", "The programme that sets the target."),
            _text("target_id", "The target's id in data/raw/targets.csv."),
            _text("wording", "official or alternative.", allowed=TARGET_WORDINGS),
            _text("states_target", "The target the wording states (one target, any wordings)."),
            _text("indicator", "What the target states."),
            _text("measure_with", "The indicator it is measured with; empty: none."),
            _text("adopted", "When the target was first stated, by any of its wordings."),
            _number("base_year", "The base year used (stated or assumed).", nullable=True),
            _text("base_year_source", "Whether the base year is stated or assumed, and why."),
            _number("alt_base_year", "The other defensible base year.", nullable=True),
            _text(
                "alt_status",
                "The status under the other base year; empty: none.",
                allowed=(*TARGET_STATUSES, ""),
            ),
            _integer("target_year", "The year the target is due."),
            _number("target_value", "The target as stated."),
            _number("target_multiple", "For a multiple: the multiple.", nullable=True),
            _number("target_level", "The target as a level.", nullable=True),
            _text("unit", "The unit of the target and the levels."),
            _text("latest_period", "The latest full year measured.", nullable=True),
            _number("latest_value", "Its level.", nullable=True),
            _number("years_left", "Target year - latest year.", nullable=True),
            _number("required_cagr", "Annual growth needed from there, %.", nullable=True),
            _number("achieved_cagr", "Annual growth achieved since the base year, %.", True),
            _number("gap_pp", "achieved_cagr - required_cagr, percentage points.", True),
            _number("projected_percent", "Target-year level at the achieved pace, % of it.", True),
            _text("status", "The target's status.", allowed=TARGET_STATUSES),
            _text(
                "headline_status",
                "What a headline counts: the status, or depends on base year where the other"
                " base year gives another measurable status.",
                allowed=HEADLINE_STATUSES,
            ),
            _text(
                "horizon",
                "live: the target year is after the latest full year of the data; past: not.",
                allowed=TARGET_HORIZONS,
            ),
            _text("rule", "The status rule applied, in words."),
            _text("rule_id", "The status rule's id."),
            _number("projected_year", "When the achieved pace reaches the target.", True),
            _number("multiple_needed", "target_level / latest_value.", True),
            _number("best_multiple", "The series' best multiple over years_left years.", True),
            _text("best_window", "The years of that best multiple."),
            _text(
                "feasibility",
                "multiple_needed against best_multiple; empty: not judged.",
                allowed=(*FEASIBILITY_VERDICTS, ""),
            ),
            _number(
                "recent_best_multiple",
                f"The best multiple over years_left years from {RECENT_RECORD_FROM} on.",
                True,
            ),
            _text("recent_best_window", "The years of that best recent multiple."),
            _text(
                "recent_feasibility",
                "multiple_needed against recent_best_multiple; empty: not judged.",
                allowed=(*FEASIBILITY_VERDICTS, ""),
            ),
            _text("price_flag", "How much of a nominal target's progress is prices."),
            _text("definition_flag", "Set when a level was met before the target was set."),
            _text("note", "The registry's note."),
        ),
        key=("target_id",),
    ),
    Table(
        "sources",
        "source: a registered file, or a web page of a collection",
        (
            _text("source_id", "The source's id."),
            _text("kind", "What the source is.", allowed=SOURCE_KINDS),
            _text("title", "Its title."),
            _text("publisher", "Who published it."),
            _text("language", "Its language (ISO 639-1; mul: several)."),
            _text("published", "When it was published (as precise as known; empty: unknown)."),
            _text("url", "Where it was found."),
            _text("path", "Its copy under data/raw (empty for a page of a collection)."),
            _text("sha256", "The copy's sha256 (empty for a page of a collection)."),
            _text("note", "Anything a reviewer should know."),
            _text("via", "The collection or release it is reached through."),
            _text("decimal_mark", "The decimal mark of its numbers, where declared."),
            _integer("figures", "How many observations cite it."),
        ),
        key=("source_id",),
        vintage="published",
    ),
    Table(
        "indicators",
        "indicator of the catalogue (metadata/indicators.yaml)",
        (
            _text("indicator", "Its id."),
            _text("name_en", "Its name in English."),
            _text("name_ru", "Its name in Russian."),
            _text("name_kk", "Its name in Kazakh."),
            _text("unit", "Its canonical unit.", allowed=tuple(UNITS)),
            _text("basis", "Its basis.", allowed=BASES),
            _text("scope", "The industry it covers.", allowed=SCOPES),
            _text("region", "The territory."),
            _text("family", "Indicators measuring the same thing share a family."),
            _text("level", "The level indicator its growth is of; empty: none."),
            Column("reserved", "boolean", "Declared for a source not yet curated."),
            _text("description", "What it measures."),
            _text("caveat_en", "What a reader must know where it stands in for another; English."),
            _text("caveat_ru", "The caveat in Russian."),
            _text("caveat_kk", "The caveat in Kazakh."),
        ),
        key=("indicator",),
    ),
    Table(
        "targets",
        "wording of an official target, with the figure that states it",
        (
            _text("target_id", "The target's id."),
            _text("programme", "The programme that sets it."),
            _text("wording", "official or alternative.", allowed=TARGET_WORDINGS),
            _text(
                "states_target",
                "The target the wording states: an official wording's own id, or the id "
                "its wordings share (a target is one target, however many wordings).",
            ),
            _text("indicator", "What it states."),
            _text("figure_id", "The observation that states it."),
            _text("target_form", "level, multiple or rank.", allowed=TARGET_FORMS),
            _number("target_value", "The target, in the canonical unit."),
            _number("target_multiple", "For a multiple: the multiple.", nullable=True),
            _text("unit", "The canonical unit."),
            _text("qualifier", "As the source words it.", allowed=QUALIFIERS),
            _text("value_as_written", "The number as written."),
            _integer("target_start_year", "The first year of the target's period."),
            _integer("target_year", "The year it is due."),
            Column("base_year", "optional_integer", "The base year the source states.", True),
            _text("base_year_stated", "Whether the source states it.", allowed=BASE_YEAR_STATED),
            _text("measure_with", "The indicator it is measured with."),
            _text("source_id", "The source."),
            _text("source_title", "The source's title."),
            _text("adopted", "When the source stated it (as precise as known; empty: unknown)."),
            _text("quote", "The sentence that states it, verbatim."),
            _text("note", "Which measure stands in for which wording, and why."),
            _integer("registry_row", "Its row in data/raw/targets.csv."),
        ),
        key=("target_id",),
    ),
    Table(
        "roadmap_measures",
        "measure of the 2022 roadmap (order No. 104-ө)",
        (
            _integer("measure_no", "Its number in the order."),
            _integer("section_no", "Its section's number."),
            _text("section", "Its section's id."),
            _text("section_kk", "The section heading, as written."),
            _text("section_name_en", "The section's short name in English."),
            _text("section_name_ru", "The section's short name in Russian."),
            _text("section_name_kk", "The section's short name in Kazakh."),
            _text("title", "The measure, as written (Kazakh)."),
            _text("completion_form", "Its form of completion, as written."),
            _text("deadline_text", "Its deadline, as written."),
            Column("due_dates", "list", "Every due date the deadline gives."),
            Column("first_due", "datetime", "The first due date."),
            Column("last_due", "datetime", "The last due date."),
            _text("deadline_precision", "day or month (a month is due on its last day)."),
            Column("recurring", "boolean", "Whether it recurs every year."),
            _text("lead", "The first-named responsible body."),
            Column("responsible", "list", "Every responsible body, with by_agreement and lead."),
            _text("responsible_text", "The responsible bodies, as written."),
            _text("status", "unknown unless sourced.", allowed=(*ROADMAP_STATUSES, "unknown")),
            Column(_STATUS_DATE, "datetime", "When the status was recorded.", nullable=True),
            _text("status_source", "The status's source."),
            _text("status_quote", "The status's quote."),
            _text("source_id", "The order's source id."),
            _integer("source_line", "The measure's line in the order's text."),
            _text("source_published", "The order's date."),
            _text("short_en", "kzmach's short name of the measure in English (charts)."),
            _text("short_ru", "kzmach's short name of the measure in Russian (charts)."),
            _text("short_kk", "kzmach's short name of the measure in Kazakh (charts)."),
            _text("name_en", "kzmach's translation of the measure into English."),
            _text("name_ru", "kzmach's translation of the measure into Russian."),
        ),
        key=("measure_no",),
    ),
    Table(
        "roadmap_glossary",
        "abbreviation of the order",
        (
            _text("abbreviation", "As written in the order."),
            _text("abbreviation_ru", "Its usual Russian abbreviation (МИИР, АО «ФРП»)."),
            _text("abbreviation_en", "Its usual English abbreviation or short name."),
            _text("kind", "What the body is (ministry, company, ...)."),
            _text("name_kk", "Its name in Kazakh."),
            _text("name_ru", "Its name in Russian."),
            _text("name_en", "Its name in English."),
            _text("confidence", "How sure the names are.", allowed=GLOSSARY_CONFIDENCE),
            _text("note", "Anything a reviewer should know."),
        ),
        key=("abbreviation",),
    ),
    Table(
        "roadmap_document",
        "order (one row: the roadmap's metadata)",
        (
            _text("source_id", "The order's source id."),
            _text("order_no", "Its number."),
            Column("order_date", "date", "Its date."),
            _text("amends_no", "The number of the order it amends."),
            Column("amends_date", "date", "That order's date."),
            _text("title_kk", "The new title."),
            _text("previous_title_kk", "The amended order's title."),
            _text("signed_by", "Who signed it."),
            _integer("measures", "How many measures it holds."),
            Column("expected_results", "list", "The 2024 results, each with its targets' ids."),
            _text("source_title", "The source's title."),
            _text("source_file", "The order's text under data/raw."),
        ),
        key=("source_id",),
    ),
    Table(
        "releases",
        "ingested statistical release (its release.json)",
        (
            _text("release", "source/release-id."),
            _text("source", "The folder of data/raw/releases."),
            _text("release_id", "The release's id."),
            _text("format", "The release format (kzmach.raw.releases.formats)."),
            _text("file", "The registered copy, under the release's folder."),
            _text("original_name", "The file's name as downloaded."),
            _text("sha256", "The file's sha256."),
            _integer("bytes", "The file's size."),
            _text("published", "The publisher's date: the values' vintage."),
            _text("accessed", "When it was downloaded."),
            _text("maturity", "How final its figures are.", allowed=MATURITIES),
            _text("ingested_at", "When it was ingested (UTC)."),
            _integer("rows", "How many rows the file holds."),
            _text("kzmach_version", "The kzmach that ingested it."),
            _text("publisher", "Who published it."),
            Column("history", "list", "Files this release id held before, and why superseded."),
            _text("name", "The indicator's name given at ingest (empty: in the file)."),
            _text("unit", "The unit given at ingest (empty: in the file)."),
            _text("index_id", "The portal's index id."),
            _text("url", "Where it was downloaded."),
            _text("sheet", "The workbook's sheet read."),
        ),
        key=("release",),
        vintage="published",
    ),
    Table(
        "release_values",
        "value of an ingested release, mapped or not",
        (
            _text("release", "source/release-id."),
            _text("source_id", "The release's source id."),
            _text("published", "The release's date: the value's vintage."),
            _text("maturity", "How final it is.", allowed=MATURITIES),
            _integer("row", "The line (or record) of the file it is on."),
            _text("indicator_name", "The name as written."),
            _text("unit", "The unit as written."),
            _text("period", "The period in kzmach's syntax."),
            _text("period_type", "The kind of period."),
            _text("period_as_written", "The period as written."),
            _text("kato", "The territory's code."),
            _text("kato_label", "The territory's name as written."),
            _text("code", "The classifier code."),
            _text("code_label", "The classifier label as written."),
            _text("comparison_as_written", "The comparison base as written."),
            _text("dimensions", "Further dimensions of the value, as written."),
            _number("value", "The value as a number (empty for a marker).", nullable=True),
            _text("value_as_written", "The value as written."),
            _text(
                "marker",
                "The Bureau's mark in place of a number: "
                + ", ".join(f"{m or 'empty'} ({meaning})" for m, meaning in VALUE_MARKERS.items())
                + "; empty beside a number.",
                allowed=tuple(VALUE_MARKERS),
            ),
            _text("note", "The file's note on the value."),
            _text("indicator", "The kzmach indicator it maps to; empty: none.", nullable=True),
            _text("region", "The kzmach region it maps to.", nullable=True),
            _text("mapping", "mapped, or why not."),
            _text("figure_period", "The period of the figure it gives.", nullable=True),
            _number("normalised_value", "The value in the canonical unit.", nullable=True),
            _text("normalised_unit", "The canonical unit.", nullable=True),
            _text("figure_id", "The observation it became; empty: none.", nullable=True),
            _text(
                "value_kind",
                "published, or computed (more decimals than its source publishes); empty: "
                "no figure (unmapped, or a mark).",
                nullable=True,
            ),
        ),
        key=("release", "row", "period_as_written", "kato", "code", "dimensions"),
        vintage="published",
    ),
)

_BY_NAME: Final = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the declaration of the table called ``name``.

    Raises
    ------
    KeyError
        If no table has that name, naming those there are.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no table {name!r}: choose one of {', '.join(_BY_NAME)}") from None


def tables_markdown() -> str:
    """Return the README's list of tables, generated from :data:`TABLES`."""
    lines = [
        "| table | one row per | key | dated by (as_of) | columns |",
        "|---|---|---|---|---|",
    ]
    for t in TABLES:
        key = ", ".join(f"`{k}`" for k in t.key) or "—"
        vintage = f"`{t.vintage}`" if t.vintage else "—"
        lines.append(f"| `{t.name}` | {t.row} | {key} | {vintage} | {len(t.columns)} |")
    return "\n".join(lines) + "\n"


def data_dictionary_markdown() -> str:
    """Return ``docs/data-dictionary.md``: every table's columns, generated from :data:`TABLES`."""
    parts = [
        "# Data dictionary\n",
        "Generated from `kzmach.metadata.tables.TABLES` "
        "(`python -m kzmach.metadata.tables > docs/data-dictionary.md`); do not edit.\n",
    ]
    for t in TABLES:
        key = ", ".join(f"`{k}`" for k in t.key) or "none"
        vintage = f"`{t.vintage}`" if t.vintage else "not cut by date"
        parts.append(f"\n## `{t.name}`\n\nOne row per {t.row}. Key: {key}. As of: {vintage}.\n")
        parts.append("\n| column | kind | may be empty | allowed | what it holds |\n")
        parts.append("|---|---|---|---|---|\n")
        for c in t.columns:
            allowed = ", ".join(f"`{v}`" for v in c.allowed if v) or ""
            parts.append(
                f"| `{c.name}` | {c.kind} | {'yes' if c.nullable else ''} | {allowed} "
                f"| {c.description} |\n"
            )
    return "".join(parts)


if __name__ == "__main__":
    import sys

    sys.stdout.write(data_dictionary_markdown())
