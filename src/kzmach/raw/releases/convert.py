"""Registered releases turned into observations and the long table of every value.

:func:`assemble_releases` gives the build every registered release's observations (mapped
rows with a number), its ``release_values`` and ``releases`` tables, and a source per release.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlparse

from kzmach.errors import Problem
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import VALUE_FORMS_BY_BASIS
from kzmach.paths import ProjectPaths
from kzmach.raw.figure_tables import FigureRow, is_change, row_to_observation
from kzmach.raw.raw_files import Registry, Source
from kzmach.raw.releases.common import RELEASE_COLUMNS, by_distinct
from kzmach.raw.releases.registry import PUBLISHERS, UNKNOWN_PUBLISHER, Release, list_releases

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from kzmach.raw.releases.mapping import Mapping

__all__ = ["Converted", "assemble_releases", "convert", "described_rows", "year_to_date"]

#: Formats whose rows (slices, printed rows) hold one value per period.
SEVERAL_PER_ROW: Final = ("taldau-json", "taldau-tree-json", "bns-workbook", "publication-csv")


@dataclass(slots=True)
class Converted:
    """A release turned into observation records and a long table of every value."""

    records: list[dict[str, Any]] = field(default_factory=list)
    values: pl.DataFrame | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


def _publisher(url: str, fallback: str) -> str:
    host = urlparse(url).netloc
    return host.removeprefix("www.") if host else fallback


def convert(
    paths: ProjectPaths,
    release: Release,
    rows: pl.DataFrame,
    mapping: Mapping,
    file: Path | None = None,
    label: str | None = None,
    *,
    with_values: bool = True,
) -> Converted:
    """Turn a release's rows into observation records (mapped rows with a value) and values.

    ``file`` is where to read the release (default: its registered copy) and ``label`` how
    messages name it. ``with_values=False`` leaves out the long table of every value (the
    build's ``release_values``), which an ingest does not need.
    """
    import polars as pl

    from kzmach.raw.releases.mapping import MAPPED, map_rows, unmapped_summary

    registered = Path(release.folder) / release.file
    file = file or registered
    label = label or paths.relative(file)
    converted = Converted()
    template = release.format.startswith("template")
    base = Source(
        source_id=release.source_id,
        kind="statistics",
        title=f"{release.key}: {release.original_name}",
        publisher=release.publisher or PUBLISHERS.get(release.source, UNKNOWN_PUBLISHER),
        language="ru",
        published=release.published,
        url=release.url,
        path=paths.relative(registered).removeprefix("data/raw/"),
        sha256=release.sha256,
        note=f"{release.maturity} release in {release.format}",
        via=release.key,
        decimal_mark="" if template else _decimal_mark(release.format, rows),
    )
    figures: list[FigureRow] = []
    if template:
        from kzmach.raw.releases.readers import template_records

        values = rows.with_columns(
            pl.col("indicator_name").alias("indicator"),
            pl.when(pl.col("kato") == "")
            .then(pl.lit("Kazakhstan"))
            .otherwise(pl.col("kato"))
            .alias("region"),
            pl.lit(MAPPED).alias("mapping"),
            pl.col("period").alias("figure_period"),
        )
        for line, record in template_records(file, release.format, label):
            source = _template_source(base, record, converted.sources)
            figures.append(_template_figure(release, line, record, source, label))
    else:
        values = map_rows(rows, mapping)
        converted.unmapped = unmapped_summary(values)
        converted.sources[base.source_id] = base
        values = by_distinct(
            values,
            ["period", "period_basis"],
            lambda periods: periods.with_columns(
                pl.Series(
                    "figure_period",
                    [
                        year_to_date(period) if basis == "year_to_date" else period
                        for period, basis in periods.iter_rows()
                    ],
                    dtype=pl.String,
                )
            ),
        )
        usable = values.filter((pl.col("mapping") == MAPPED) & (pl.col("marker") == ""))
        for row in usable.iter_rows(named=True):
            figures.append(_release_figure(release, row, base.source_id, label))
        figures += machine_building_figures(values, mapping, release, base.source_id, label)
    registry = Registry(dict(converted.sources), {}, {}, [])
    normalised: list[dict[str, Any]] = []
    for figure in figures:
        observation, problems = row_to_observation(figure, registry)
        converted.problems += [p for p in problems if p.severity == "error"]
        if observation is not None:
            converted.records.append(observation)
            if figure.fields["figure_type"] == "derived":
                continue  # a sum of rows, not a row: release_values keep the rows
            normalised.append(
                {
                    "row": figure.row,
                    "period_as_written": figure.fields["period_as_read"],
                    "normalised_value": observation["value"],
                    "normalised_unit": observation["unit"],
                    "figure_id": observation["figure_id"],
                }
            )
    lookup = pl.DataFrame(
        normalised,
        schema={
            "row": pl.Int64,
            "period_as_written": pl.String,
            "normalised_value": pl.Float64,
            "normalised_unit": pl.String,
            "figure_id": pl.String,
        },
    )
    if not with_values:
        return converted
    lookup = lookup.cast({"period_as_written": values.schema["period_as_written"]})
    converted.values = values.join(
        lookup, on=["row", "period_as_written"], how="left", maintain_order="left"
    ).select(
        pl.lit(release.key).alias("release"),
        pl.lit(release.source_id).alias("source_id"),
        pl.lit(release.published).alias("published"),
        pl.lit(release.maturity).alias("maturity"),
        *VALUE_COLUMNS,
    )
    return converted


#: The columns of ``release_values``: the reader's, less the quote, and the mapping's.
VALUE_COLUMNS: Final = (
    *(column for column in RELEASE_COLUMNS if column != "quote"),
    "indicator",
    "region",
    "mapping",
    "figure_period",
    "normalised_value",
    "normalised_unit",
    "figure_id",
)


def _decimal_mark(fmt: str, rows: pl.DataFrame) -> str:
    """Return the decimal mark of a release's numbers.

    Printed tables use a comma; the Bureau's and Taldau's machine-readable files a point,
    unless their values hold commas (``12.345`` read with a comma mark would be 12 345).
    """
    import polars as pl

    if fmt == "publication-csv":
        return ","
    has_comma = rows.select(pl.col("value_as_written").str.contains(",", literal=True).any())
    return "," if has_comma.item() else "."


def _template_source(base: Source, record: dict[str, str], known: dict[str, Source]) -> Source:
    """One source per press release a template cites (its address, title and date)."""
    url, title = record.get("source_url", "").strip(), record.get("source_title", "").strip()
    published = record.get("published", "").strip() or base.published
    for source in known.values():
        if (source.url, source.title, source.published) == (url, title or base.title, published):
            return source
    source = Source(
        **{
            **asdict(base),
            "source_id": f"{base.source_id}-s{len(known) + 1}",
            "kind": "document",
            "title": title or base.title,
            "publisher": _publisher(url, base.publisher),
            "published": published,
            "url": url,
            "decimal_mark": "",
        }
    )
    known[source.source_id] = source
    return source


def _template_figure(
    release: Release, line: int, record: dict[str, str], source: Source, label: str
) -> FigureRow:
    indicator_id = record.get("indicator", "").strip()
    value_form = record.get("value_form", "").strip()
    comparison = record.get("comparison", "").strip()
    if indicator_id in catalogue.ids():
        indicator = catalogue.get(indicator_id)
        value_form = value_form or VALUE_FORMS_BY_BASIS[indicator.basis][0]
        comparison = comparison or ("same_period_previous_year" if is_change(indicator) else "none")
    fields = {
        "figure_id": f"{release.source}-{release.release_id}-r{line}",
        "indicator": indicator_id,
        "figure_type": "actual",
        "subject": "",
        "region": record.get("region", "").strip(),
        "period": record.get("period", "").strip(),
        "period_as_read": record.get("period", "").strip(),
        "inferred": "",
        "comparison": comparison,
        "value_form": value_form,
        "value_as_written": record.get("value", "").strip(),
        "unit_as_written": record.get("unit", "").strip(),
        "qualifier": record.get("qualifier", "").strip(),
        "found_in": "quote",
        "source_id": source.source_id,
        "source_line": "",
        "maturity": release.maturity,
        "quote": record.get("quote", ""),
        "note": record.get("note", "").strip(),
        "release": release.key,
    }
    return FigureRow(fields, label, line)


def year_to_date(period: str) -> str:
    """Read a monthly or quarterly period as January to its end, in kzmach's period syntax.

    ``2023-10`` -> ``2023-01/2023-10``; ``2023-03`` -> ``2023-Q1``; ``2023-06`` ->
    ``2023-H1``; ``2023-12`` -> ``2023``; ``2023-Q3`` -> ``2023-01/2023-09``.
    """
    if match := re.fullmatch(r"(\d{4})-Q([1-4])", period):
        period = f"{match[1]}-{3 * int(match[2]):02d}"
    match = re.fullmatch(r"(\d{4})-(\d{2})", period)
    if not match:
        return period
    year, month = match[1], int(match[2])
    special = {1: f"{year}-01", 3: f"{year}-Q1", 6: f"{year}-H1", 12: year}
    return special.get(month, f"{year}-01/{year}-{month:02d}")


def _release_figure(
    release: Release, record: dict[str, Any], source_id: str, label: str
) -> FigureRow:
    period = record["figure_period"]
    name = record["indicator_name"]
    cells = (
        name,
        record["period_as_written"],
        record["kato_label"],
        record["code_label"],
        "" if record["unit"] in name else record["unit"],
        record["value_as_written"],
    )
    fields = {
        "figure_id": f"{release.source}-{release.release_id}-r{record['row']}"
        # a Taldau slice and a printed row hold one value per period
        + (f"-{record['period']}" if release.format in SEVERAL_PER_ROW else ""),
        "indicator": record["indicator"],
        "figure_type": "actual",
        "subject": "",
        "region": record["region"],
        "period": period,
        "period_as_read": record["period_as_written"],
        "inferred": "",
        "comparison": record["comparison"],
        "value_form": record["value_form"],
        "value_as_written": record["value_as_written"],
        "unit_as_written": record["unit"],
        "qualifier": "exact",
        "found_in": "quote",
        "source_id": source_id,
        "source_line": "",
        "maturity": release.maturity,
        "quote": " | ".join(c for c in cells if c),
        "note": f"ОКЭД {record['code']}: {record['code_note']}" if record.get("code_note") else "",
        "release": release.key,
    }
    fields["figure_id"] = re.sub(r"[^a-z0-9-]+", "-", fields["figure_id"].lower()).strip("-")
    return FigureRow(fields, label, int(record["row"]))


#: What the comparison base column (``ССП``) says, read as kzmach's comparison.
_COMPARISON_WORDS: Final = (
    ("соответствующему периоду прошлого года", "same_period_previous_year"),
    ("предыдущему периоду", "previous_period"),
    ("предыдущему месяцу", "previous_period"),
)


def machine_building_figures(
    values: pl.DataFrame, mapping: Mapping, release: Release, source_id: str, label: str
) -> list[FigureRow]:
    """Derive machine-building output from its divisions, where a release gives them.

    Which ОКЭД divisions make up machine building is declared once, in
    ``data/raw/release-mappings/classifier-codes.csv`` (``part_of_machine_building``; 26–30 and
    33, the usual Kazakh definition). For each period, territory and comparison where the
    release gives the output value (a level in money, never an index) of divisions, the sum is
    machine building's output: exact when every division has a number; when some are
    confidential (``x``) or missing, the sum of the others is a lower bound (qualifier
    ``at_least``, the missing divisions named in the note); with no number at all, nothing.
    The figure's type is ``derived`` and its quote lists every input cell.
    """
    import polars as pl

    divisions = sorted(
        c for c, row in mapping.codes.items() if row["part_of_machine_building"] == "yes"
    )
    indicator = mapping.indicators.get(("output_value", "machine_building"))
    if not divisions or indicator is None or "measure" not in values.columns:
        return []
    pairs = values.select("code", "code_label").unique()
    resolved = pairs.with_columns(
        pl.Series(
            "division",
            [
                row["code"] if (row := mapping.code_row(code, name)) is not None else ""
                for code, name in pairs.iter_rows()
            ],
            dtype=pl.String,
        )
    )
    rows = (
        values.filter(
            (pl.col("measure") == "output_value")
            & (pl.col("value_form") == "level")
            & pl.col("region").is_not_null()
        )
        .join(resolved, on=["code", "code_label"], how="left", maintain_order="left")
        .filter(pl.col("division").is_in(divisions))
    )
    keys = ["figure_period", "region", "unit", "comparison_as_written", "dimensions"]
    figures = []
    for key, group in rows.group_by(keys, maintain_order=True):
        figure = _sum_of_divisions(dict(zip(keys, key, strict=True)), group, divisions)
        if figure is None:
            continue
        fields, first_row = figure
        fields.update(
            indicator=indicator,
            source_id=source_id,
            maturity=release.maturity,
            release=release.key,
            figure_id=re.sub(
                r"[^a-z0-9-]+",
                "-",
                f"{release.source}-{release.release_id}-mb-r{first_row}-{key[0]}".lower(),
            ).strip("-"),
        )
        figures.append(FigureRow(fields, label, first_row))
    return figures


def _sum_of_divisions(
    key: dict[str, Any], group: pl.DataFrame, divisions: list[str]
) -> tuple[dict[str, Any], int] | None:
    numbers = {
        r["division"]: r
        for r in group.iter_rows(named=True)
        if r["marker"] == "" and r["value"] is not None
    }
    if not numbers:
        return None
    missing = [d for d in divisions if d not in numbers]
    decimals = max(
        (len(r["value_as_written"].split(".")[1]) if "." in r["value_as_written"] else 0)
        for r in numbers.values()
    )
    total = f"{sum(r['value'] for r in numbers.values()):.{decimals}f}"
    cells = " | ".join(
        f"{r['division']}: {r['value_as_written'] or r['marker'] or 'not given'}"
        for r in group.sort("division").iter_rows(named=True)
    )
    first = group.row(0, named=True)
    lower = bool(missing)
    quote = (
        f"{first['indicator_name']} | {first['period_as_written']} | {first['kato_label']} | "
        f"{cells} | {key['unit']} | {'at least ' if lower else ''}{total}"
    )
    note = f"derived: the sum of ОКЭД divisions {', '.join(sorted(numbers))}"
    if lower:
        note += f"; no number for {', '.join(missing)} (confidential or not given): a lower bound"
    fields = {
        "figure_type": "derived",
        "subject": "",
        "region": key["region"],
        "period": key["figure_period"],
        "period_as_read": first["period_as_written"],
        "inferred": "",
        "comparison": first["comparison"],
        "value_form": "level",
        "value_as_written": total,
        "unit_as_written": key["unit"],
        "qualifier": "at_least" if lower else "exact",
        "found_in": "quote",
        "source_line": "",
        "quote": quote,
        "note": note,
    }
    return fields, min(int(r) for r in group["row"].to_list())


def described_rows(
    rows: pl.DataFrame, described: dict[str, str]
) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """Give rows without a name or unit the ones given at ingest; say what is still missing.

    ``described`` holds ``name`` and ``unit`` (empty when not given); the build applies the
    ones recorded in ``release.json`` the same way.
    """
    import polars as pl

    notes = []
    for column, option, what in (
        ("indicator_name", "name", "its indicator (the title on the page it came from)"),
        ("unit", "unit", "its unit"),
    ):
        blank = pl.col(column).fill_null("") == ""
        if described[option]:
            rows = rows.with_columns(
                pl.when(blank)
                .then(pl.lit(described[option]))
                .otherwise(pl.col(column))
                .alias(column)
            )
        elif rows.select(blank.any()).item():
            notes.append(
                f"the file does not name {what}: give --{option} (recorded in release.json)"
            )
    return rows, tuple(notes)


def assemble_releases(
    paths: ProjectPaths, hashes: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame, pd.DataFrame, dict[str, Source], list[Problem]]:
    """Read every registered release for the build.

    Returns the observation records, the ``release_values`` and ``releases`` tables, the
    releases' sources and the problems found. ``hashes`` are as for :func:`list_releases`.
    """
    import pandas as pd
    import polars as pl

    from kzmach.raw.releases.mapping import read_mapping
    from kzmach.raw.releases.readers import ReleaseError, read_release

    releases, problems = list_releases(paths, hashes)
    mapping, mapping_problems = read_mapping(paths)
    problems += mapping_problems
    records: list[dict[str, Any]] = []
    frames: list[pl.DataFrame] = []
    sources: dict[str, Source] = {}
    for release in releases:
        file = Path(release.folder) / release.file
        try:
            rows = read_release(file, release.format, paths.relative(file), release.sheet or None)
            rows, _ = described_rows(rows, {"name": release.name, "unit": release.unit})
        except ReleaseError as error:
            problems += error.problems
            continue
        converted = convert(paths, release, rows, mapping)
        problems += converted.problems
        records += converted.records
        sources.update(converted.sources)
        if converted.values is not None:
            frames.append(converted.values)
    values = (
        pl.concat(frames, how="vertical_relaxed")
        .with_columns(pl.col(pl.Categorical).cast(pl.String))
        .to_pandas()
        if frames
        else pd.DataFrame(columns=["release", "source_id", "published", "maturity", *VALUE_COLUMNS])
    )
    columns = ["release", *(c for c in Release.__dataclass_fields__ if c != "folder")]
    table = pd.DataFrame([{"release": r.key, **r.record()} for r in releases], columns=columns)
    return records, values, table, sources, problems
