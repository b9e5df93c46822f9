"""Map a release's names, classifier codes and territories to kzmach's indicators and regions.

The mapping lives in reviewed tables under ``data/raw/release-mappings/`` (documented in
its README), never in code:

``measures.csv``
    An indicator name as the release writes it (``NAM``, a Taldau slice's name, a printed
    row's label) -> a ``measure`` (what is measured: ``output_value``,
    ``output_volume_index``), how the value states it (``value_form``, ``comparison``),
    whether a monthly period means the month or January to that month (``period_basis``),
    and, for printed rows that carry no classifier code, the ``scope``.
``classifier-codes.csv``
    An OKED (ОКЭД) section or division -> a catalogue scope (``28`` -> machinery and
    equipment); an empty scope means the code is known but kzmach tracks no indicator for it.
``territories.csv``
    A KATO code -> the region as kzmach names it (the republic is ``Kazakhstan``).
``indicators.csv``
    A measure and a scope -> a catalogue indicator (``output_value`` x ``manufacturing`` ->
    ``mfg_output``).

A row that cannot be mapped keeps its place in ``release_values`` with the reason in
``mapping``; :func:`unmapped_summary` lists the reasons for the ingest report.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from kzmach.errors import Problem
from kzmach.files import read_csv_table
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import LANGUAGES, SCOPES
from kzmach.paths import ProjectPaths
from kzmach.raw.figure_tables import COMPARISONS
from kzmach.raw.releases.resource_use import RESOURCE_USE_FLOWS

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "MAPPING_FILES",
    "Mapping",
    "label_key",
    "map_rows",
    "read_mapping",
    "unmapped_summary",
]

MAPPING_FILES: Final = {
    "measures": (
        "name",
        "measure",
        "scope",
        "value_form",
        "comparison",
        "period_basis",
        "note",
    ),
    "classifier-codes": (
        "classifier",
        "code",
        "label_ru",
        "scope",
        "part_of_machine_building",
        "note",
    ),
    "classifier-labels": ("classifier", "code", "label", "language", "seen_in"),
    "territories": ("kato", "taldau_term", "names", "region", "note"),
    "measure-meanings": (
        "words",
        "unit_words",
        "measure",
        "scope",
        "value_form",
        "comparison",
        "period_basis",
        "note",
    ),
    "indicators": ("measure", "scope", "indicator", "note"),
}
PERIOD_BASES: Final = ("period", "year_to_date")
#: The value forms (of :data:`kzmach.metadata.vocabulary.VALUE_FORMS`) a release's measure
#: may take: a level, an index or a growth.
MEASURE_VALUE_FORMS: Final = ("level", "index", "growth", "share")
MAPPED: Final = "mapped"
#: The measures of a product's quantity in its physical unit (the resources-and-use table):
#: 46 products, no indicator each; ``kzmach.domestic_market()`` reads them from
#: ``release_values``, where this outcome says so.
PRODUCT_MEASURES: Final = tuple(f"product_{flow}" for flow in RESOURCE_USE_FLOWS)
PRODUCT_OUTCOME: Final = (
    "a product's quantity in its physical unit: no indicator, read by kzmach.domestic_market()"
)


@dataclass(slots=True)
class Mapping:
    """The mapping tables, keyed for lookups."""

    measures: dict[str, dict[str, str]] = field(default_factory=dict)
    meanings: list[dict[str, str]] = field(default_factory=list)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    code_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    territories: dict[str, dict[str, str]] = field(default_factory=dict)
    terms: dict[str, dict[str, str]] = field(default_factory=dict)
    names: dict[str, dict[str, str]] = field(default_factory=dict)
    indicators: dict[tuple[str, str], str] = field(default_factory=dict)

    def region_of(self, kato: str, label: str) -> str | None:
        """Return the region of a territory: by KATO code, Taldau term id or name (any case)."""
        for found in (
            self.territories.get(kato) if kato else None,
            self.terms.get(kato) if kato else None,
            self.names.get(_normal(label)) if label else None,
            self.territories.get("") if not kato and not label else None,
        ):
            if found is not None:
                return found["region"]
        return None

    def code_row(self, code: str, label: str) -> dict[str, str] | None:
        """Return the classifier row of a code, or of its label when there is no code."""
        if code:
            return self.codes.get(code)
        return self.code_labels.get(label_key(label)) if label else None

    def measure_row(self, name: str, unit: str) -> dict[str, str] | None:
        """Return the measure of a name: its exact wording, else its meaning (words, unit)."""
        exact = self.measures.get(_normal(name))
        if exact is not None:
            return exact
        words, unit_words = _normal(name), _normal(unit) + " " + _normal(name)
        for row in self.meanings:
            if any(w in words for w in row["words"].split("|")) and (
                not row["unit_words"] or any(u in unit_words for u in row["unit_words"].split("|"))
            ):
                return row
        return None


def label_key(text: str) -> str:
    """Compare classifier names by their words alone.

    Any case, ё as е, and every run of what is not a letter or digit (quotes, dashes,
    commas, full stops, brackets, spaces of any kind) as one space: "Промышленность- всего"
    and "промышленность — всего" are the same name, and so are "не включённых" and
    "не включенных".
    """
    text = unicodedata.normalize("NFKC", text).replace("ё", "е").replace("Ё", "Е").lower()
    return " ".join(_NOT_A_WORD.sub(" ", text).split())


_NOT_A_WORD: Final = re.compile(r"[\W_]+")


def _normal(name: str) -> str:
    """Compare names by meaning of their letters: any case, ё as е, runs of spaces as one."""
    text = name.replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е").lower()
    return " ".join(text.replace("г. ", "г.").split())


class _Checks:
    """Collects the problems of the mapping tables, each naming its file, row and column."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def check(self, label: str, line: int, column: str, ok: bool, message: str) -> bool:
        """Record ``message`` at the file, row and column unless ``ok``; return ``ok``."""
        if not ok:
            self.problems.append(Problem(label, line, column, message))
        return ok

    def unique(
        self, label: str, line: int, column: str, key: object, seen: dict[object, int]
    ) -> bool:
        """Whether ``key`` is new in ``seen`` (recording it); a repeat is a problem."""
        if key in seen:
            self.problems.append(
                Problem(label, line, column, f"{key!r} already on row {seen[key]}")
            )
            return False
        seen[key] = line
        return True

    def vocabularies(self, label: str, line: int, row: dict[str, str]) -> None:
        """Check the value form, comparison and period basis of a measure's row."""
        self.check(
            label, line, "value_form", row["value_form"] in MEASURE_VALUE_FORMS,
            f"not one of {MEASURE_VALUE_FORMS}",
        )  # fmt: skip
        self.check(
            label, line, "comparison", row["comparison"] in COMPARISONS, "unknown comparison"
        )
        self.check(
            label, line, "period_basis", row["period_basis"] in PERIOD_BASES,
            f"not one of {PERIOD_BASES}",
        )  # fmt: skip


Rows = list[tuple[int, dict[str, str]]]


def read_mapping(paths: ProjectPaths) -> tuple[Mapping, list[Problem]]:
    """Read and check the mapping tables; every problem names the file, row and column."""
    folder = paths.raw / "release-mappings"
    checks = _Checks()
    mapping = Mapping()
    tables: dict[str, tuple[str, Rows]] = {}
    for name, columns in MAPPING_FILES.items():
        path = folder / f"{name}.csv"
        rows, read_problems = read_csv_table(path, columns, label=paths.relative(path))
        checks.problems += read_problems
        stripped = [(line, {k: v.strip() for k, v in row.items()}) for line, row in rows]
        tables[name] = (paths.relative(path), stripped)
    _read_measures(*tables["measures"], mapping, checks)
    _read_codes(*tables["classifier-codes"], mapping, checks)
    _read_code_labels(*tables["classifier-labels"], mapping, checks)
    _read_territories(*tables["territories"], mapping, checks)
    _read_meanings(*tables["measure-meanings"], mapping, checks)
    _read_indicators(*tables["indicators"], mapping, checks)
    return mapping, checks.problems


def _read_measures(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    seen: dict[object, int] = {}
    for line, row in rows:
        checks.check(label, line, "scope", row["scope"] in ("", *SCOPES), "unknown scope")
        checks.vocabularies(label, line, row)
        checks.check(label, line, "measure", bool(row["measure"]), "empty")
        if checks.unique(label, line, "name", _normal(row["name"]), seen):
            mapping.measures[_normal(row["name"])] = row


def _read_codes(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    seen: dict[object, int] = {}
    for line, row in rows:
        checks.check(label, line, "scope", row["scope"] in ("", *SCOPES), "unknown scope")
        if checks.unique(label, line, "code", row["code"], seen):
            mapping.codes[row["code"]] = row
    for line, row in rows:
        if row["label_ru"]:
            _add_code_label(label, line, "label_ru", row["label_ru"], row, mapping, checks)


def _read_code_labels(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    """Read the other wordings of the codes' names (Russian variants, Kazakh, English)."""
    for line, row in rows:
        checks.check(label, line, "language", row["language"] in LANGUAGES, "unknown language")
        checks.check(label, line, "seen_in", bool(row["seen_in"]), "say where it is written so")
        code_row = mapping.codes.get(row["code"])
        if code_row is None:
            checks.check(label, line, "code", False, "not in classifier-codes.csv")
        else:
            _add_code_label(label, line, "label", row["label"], code_row, mapping, checks)


def _add_code_label(
    file: str,
    line: int,
    column: str,
    text: str,
    code_row: dict[str, str],
    mapping: Mapping,
    checks: _Checks,
) -> None:
    """Record a wording of a code's name; one wording may not name two codes."""
    key = label_key(text)
    known = mapping.code_labels.setdefault(key, code_row)
    checks.check(
        file, line, column, known["code"] == code_row["code"],
        f"{text!r} already names code {known['code']}",
    )  # fmt: skip


def _read_territories(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    seen: dict[object, int] = {}
    seen_names: dict[object, int] = {}
    for line, row in rows:
        checks.check(label, line, "region", bool(row["region"]), "empty")
        if row["kato"] and checks.unique(label, line, "kato", row["kato"], seen):
            mapping.territories[row["kato"]] = row
        if not row["kato"] and not row["names"]:
            mapping.territories[""] = row
        if row["taldau_term"]:
            mapping.terms[row["taldau_term"]] = row
        names = dict.fromkeys(_normal(n) for n in row["names"].split("|") if n.strip())
        for name in names:
            if checks.unique(label, line, "names", name, seen_names):
                mapping.names[name] = row


def _read_meanings(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    for line, row in rows:
        checks.check(label, line, "words", bool(row["words"]), "empty")
        checks.check(label, line, "measure", bool(row["measure"]), "empty")
        checks.vocabularies(label, line, row)
        mapping.meanings.append(
            {**row, "words": _normal(row["words"]), "unit_words": _normal(row["unit_words"])}
        )


def _read_indicators(label: str, rows: Rows, mapping: Mapping, checks: _Checks) -> None:
    seen: dict[object, int] = {}
    ids = catalogue.ids()
    for line, row in rows:
        checks.check(label, line, "indicator", row["indicator"] in ids, "not a catalogue indicator")
        checks.check(label, line, "scope", row["scope"] in SCOPES, "unknown scope")
        if row["indicator"] in ids and row["scope"] in SCOPES:
            scope = catalogue.get(row["indicator"]).scope
            checks.check(
                label, line, "indicator", scope == row["scope"],
                f"{row['indicator']} is of scope {scope}",
            )  # fmt: skip
        key = (row["measure"], row["scope"])
        if checks.unique(label, line, "measure", key, seen):
            mapping.indicators[key] = row["indicator"]


#: What a row's mapping depends on: its name, unit, code and territory (not its period).
MAPPING_INPUTS: Final = ("indicator_name", "unit", "code", "code_label", "kato", "kato_label")


def map_rows(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Add the mapping's columns to a release read by :func:`~kzmach.raw.releases.read_release`.

    Adds ``measure``, ``scope``, ``region``, ``indicator``, ``value_form``, ``comparison``,
    ``period_basis``, ``code_note`` and ``mapping`` (``mapped``, or why not: the name, code or
    territory is not in the tables, the code has no scope, or no indicator for the measure and
    scope). Each distinct combination of :data:`MAPPING_INPUTS` is mapped once.
    """
    from kzmach.raw.releases.common import by_distinct

    return by_distinct(rows, MAPPING_INPUTS, lambda combos: _mapped(combos, mapping))


def _mapped(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Map distinct combinations of :data:`MAPPING_INPUTS` (as text) with the tables.

    Each table is looked up once per distinct key (a name and unit, a code and its label, a
    territory), then joined onto the rows; the reason a row is not mapped follows.
    """
    import polars as pl

    has_code = (pl.col("code") != "") | pl.col("code_known")
    mapped = (
        rows.join(
            _measures_frame(rows, mapping),
            on=["indicator_name", "unit"],
            how="left",
            maintain_order="left",
        )
        .join(
            _codes_frame(rows, mapping),
            on=["code", "code_label"],
            how="left",
            maintain_order="left",
        )
        .join(
            _places_frame(rows, mapping),
            on=["kato", "kato_label"],
            how="left",
            maintain_order="left",
        )
        .with_columns(
            pl.when(has_code & pl.col("code_known"))
            .then(pl.col("code_scope"))
            .when((pl.col("code") == "") & (pl.col("code_label") == ""))
            .then(pl.col("name_scope"))
            .otherwise(pl.col("code_scope"))
            .alias("scope")
        )
        .join(
            _indicators_frame(mapping), on=["measure", "scope"], how="left", maintain_order="left"
        )
    )
    return mapped.with_columns(_mapping_outcome().alias("mapping")).drop(
        "name_scope", "code_scope", "code_known"
    )  # code_note stays: the definition a figure carries (machine building: 26–30, or + 33)


def _measures_frame(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Return each distinct indicator name and unit with its measure, by ``measures.csv``."""
    import polars as pl

    names = rows.select("indicator_name", "unit").unique().iter_rows()
    columns = ["indicator_name", "unit", "measure", "name_scope", "value_form", "comparison"]
    return pl.DataFrame(
        [
            {"indicator_name": n, "unit": u, **_measure_columns(mapping.measure_row(n, u))}
            for n, u in names
        ],
        schema=dict.fromkeys([*columns, "period_basis"], pl.String),
    )


def _codes_frame(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Return each distinct classifier code and label: known or not, its scope and note."""
    import polars as pl

    code_rows = {
        (code, label): mapping.code_row(code, label)
        for code, label in rows.select("code", "code_label").unique().iter_rows()
    }
    found = code_rows.values()
    return pl.DataFrame(
        {
            "code": [c for c, _ in code_rows],
            "code_label": [label for _, label in code_rows],
            "code_known": [r is not None for r in found],
            "code_scope": [None if r is None else r["scope"] for r in found],
            "code_note": [
                None if r is None else f"{r['classifier']} {r['code']}: {r['note']}" for r in found
            ],
        },
        schema={
            "code": pl.String,
            "code_label": pl.String,
            "code_known": pl.Boolean,
            "code_scope": pl.String,
            "code_note": pl.String,
        },
    )


def _places_frame(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Return each distinct territory code and label with its region, by ``territories.csv``."""
    import polars as pl

    places = rows.select("kato", "kato_label").unique()
    regions = [mapping.region_of(k, label) for k, label in places.iter_rows()]
    return places.with_columns(pl.Series("region", regions, dtype=pl.String))


def _indicators_frame(mapping: Mapping) -> pl.DataFrame:
    """Return ``indicators.csv``: the indicator of each measure and scope."""
    import polars as pl

    return pl.DataFrame(
        {
            "measure": [m for m, _ in mapping.indicators],
            "scope": [s for _, s in mapping.indicators],
            "indicator": list(mapping.indicators.values()),
        },
        schema={"measure": pl.String, "scope": pl.String, "indicator": pl.String},
    )


def _mapping_outcome() -> pl.Expr:
    """Return the expression of a joined row's outcome: ``mapped``, or the first reason not."""
    import polars as pl

    return (
        pl.when(pl.col("measure").is_null())
        .then(pl.lit("name not in measures.csv nor matched by measure-meanings.csv"))
        .when(pl.col("measure").is_in(PRODUCT_MEASURES))
        .then(pl.lit(PRODUCT_OUTCOME))
        .when(((pl.col("code") != "") | (pl.col("code_label") != "")) & ~pl.col("code_known"))
        .then(pl.lit("code not in classifier-codes.csv"))
        .when(pl.col("region").is_null())
        .then(pl.lit("territory not in territories.csv"))
        .when(pl.col("scope").fill_null("") == "")
        .then(pl.lit("code or name maps to no kzmach scope"))
        .when(pl.col("indicator").is_null())
        .then(pl.lit("no indicator for this measure and scope in indicators.csv"))
        .otherwise(pl.lit(MAPPED))
    )


def _measure_columns(row: dict[str, str] | None) -> dict[str, str | None]:
    if row is None:
        return dict.fromkeys(
            ("measure", "name_scope", "value_form", "comparison", "period_basis"), None
        )
    return {
        "measure": row["measure"],
        "name_scope": row["scope"],
        "value_form": row["value_form"],
        "comparison": row["comparison"],
        "period_basis": row["period_basis"],
    }


def unmapped_summary(mapped: pl.DataFrame, limit: int = 10) -> list[str]:
    """Describe the rows that were not mapped: one line per reason and value, most rows first."""
    import polars as pl

    left = mapped.filter(pl.col("mapping") != MAPPED)
    if left.height == 0:
        return []
    texts = ["mapping", "indicator_name", "kato", "kato_label", "code", "code_label"]
    left = (  # count each kind of row first: a million rows are a few hundred kinds
        left.group_by(texts)
        .agg(pl.len().alias("rows"), pl.col("row").min())
        .with_columns(pl.col(texts).cast(pl.String))
    )
    what = (
        pl.when(pl.col("mapping").str.starts_with("name"))
        .then(pl.col("indicator_name"))
        .when(pl.col("mapping").str.starts_with("territory"))
        .then(pl.col("kato") + " " + pl.col("kato_label"))
        .when(pl.col("code") != "")
        .then(pl.col("code") + " " + pl.col("code_label"))
        .otherwise(pl.col("indicator_name"))
    )
    counted = (
        left.with_columns(what.alias("what"))
        .group_by("mapping", "what")
        .agg(pl.col("rows").sum(), pl.col("row").min().alias("first_row"))
        .sort(["rows", "what"], descending=[True, False])
    )
    lines = []
    for r in counted.head(limit).iter_rows(named=True):
        lines.append(f"{r['rows']} row(s) from row {r['first_row']}: {r['mapping']}: {r['what']}")
        if r["mapping"].startswith("name"):
            name = str(r["what"]).replace('"', '""')
            lines.append(
                f'  to map it, add to measures.csv: "{name}",<measure>,<scope or empty>,'
                "<level|index|growth>,<none|same_period_previous_year>,<period|year_to_date>,<note>"
            )
    if counted.height > limit:
        lines.append(f"... and {counted.height - limit} more kinds")
    return lines
