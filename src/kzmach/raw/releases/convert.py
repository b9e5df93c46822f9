"""Registered releases turned into observations and the long table of every value.

:func:`assemble_releases` gives the build every registered release's observations (mapped
rows with a number), its ``release_values`` and ``releases`` tables, and a source per release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import Problem
from kzmach.paths import ProjectPaths
from kzmach.raw.figure_tables import FigureRow, row_to_observation
from kzmach.raw.raw_files import Registry, Source
from kzmach.raw.releases.common import (
    MAX_PUBLISHED_DECIMALS,
    RELEASE_COLUMNS,
    by_distinct,
    release_decimal_mark,
    written_decimals,
)
from kzmach.raw.releases.derived import (
    machine_building_figures,
    quarter_figures,
    trade_figures,
)
from kzmach.raw.releases.formats import ReleaseFormat, format_named
from kzmach.raw.releases.registry import PUBLISHERS, UNKNOWN_PUBLISHER, Release, list_releases

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from kzmach.raw.releases.mapping import Mapping

__all__ = [
    "VALUE_KINDS",
    "Converted",
    "assemble_releases",
    "computed_unrounded",
    "convert",
    "described_rows",
    "published_decimals",
    "year_to_date",
]


@dataclass(slots=True)
class Converted:
    """A release turned into observation records and a long table of every value."""

    records: list[dict[str, Any]] = field(default_factory=list)
    values: pl.DataFrame | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


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
    build's ``release_values``), which an ingest does not need. The steps: the release's
    source, the rows mapped to indicators and periods (:func:`_mapped_values`), a figure per
    usable row and the sums of divisions, each checked as a curated figure is
    (:func:`_observations`), then the values table.
    """
    import polars as pl

    from kzmach.raw.releases.mapping import MAPPED, unmapped_summary

    label = label or paths.relative(file or Path(release.folder) / release.file)
    base = _release_source(paths, release, rows)
    values = _mapped_values(rows, mapping)
    converted = Converted(sources={base.source_id: base}, unmapped=unmapped_summary(values))
    # a blank cell is the mark "not published": its marker is "" too, so a number is needed
    usable = values.filter(
        (pl.col("mapping") == MAPPED) & (pl.col("marker") == "") & pl.col("value").is_not_null()
    )
    series_decimals = _series_decimals(usable)
    figures: list[FigureRow] = [
        _release_figure(release, row, base.source_id, label, series_decimals)
        for row in usable.iter_rows(named=True)
    ]
    file_rows = len(figures)
    figures += machine_building_figures(values, mapping, release, base.source_id, label)
    figures += trade_figures(values, mapping, release, base.source_id, label)
    figures += quarter_figures(values, release, base.source_id, label)
    lookup = _observations(figures, converted, file_rows)
    if with_values:
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


def _release_source(paths: ProjectPaths, release: Release, rows: pl.DataFrame) -> Source:
    """Return the source a release's figures cite: the registered file, its publisher."""
    registered = Path(release.folder) / release.file
    return Source(
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
        decimal_mark=decimal_mark(format_named(release.format), rows),
    )


def _mapped_values(rows: pl.DataFrame, mapping: Mapping) -> pl.DataFrame:
    """Map the rows to indicators and regions; give each its figure's period.

    A year-to-date period (a month of a cumulative table) becomes January to that month,
    each distinct period once.
    """
    import polars as pl

    from kzmach.raw.releases.mapping import map_rows

    return by_distinct(
        map_rows(rows, mapping),
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


def _observations(figures: list[FigureRow], converted: Converted, file_rows: int) -> pl.DataFrame:
    """Check each figure as a curated one; keep the records and errors in ``converted``.

    The first ``file_rows`` figures are values of the file; the rest are sums kzmach derived.
    Returns each file value's normalised value, figure id and kind (:data:`VALUE_KINDS`:
    ``published``, or ``computed`` for a number written with more decimals than its source
    publishes), keyed by row and period as written, for the values table (a derived sum is no
    row of the file, so it has none there).
    """
    import polars as pl

    registry = Registry(dict(converted.sources), {}, {}, [])
    normalised: list[dict[str, Any]] = []
    for position, figure in enumerate(figures):
        observation, problems = row_to_observation(figure, registry)
        converted.problems += [p for p in problems if p.severity == "error"]
        if observation is None:
            continue
        converted.records.append(observation)
        if position < file_rows:
            normalised.append(
                {
                    "row": figure.row,
                    "period_as_written": figure.fields["period_as_read"],
                    "normalised_value": observation["value"],
                    "normalised_unit": observation["unit"],
                    "figure_id": observation["figure_id"],
                    "value_kind": "computed"
                    if figure.fields["figure_type"] == "derived"
                    else "published",
                }
            )
    return pl.DataFrame(
        normalised,
        schema={
            "row": pl.Int64,
            "period_as_written": pl.String,
            "normalised_value": pl.Float64,
            "normalised_unit": pl.String,
            "figure_id": pl.String,
            "value_kind": pl.String,
        },
    )


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
    "value_kind",
)
#: What a value of a release is, as ``release_values`` and ``kzmach diff`` say it: a figure
#: its source publishes, one written with more decimals than it publishes (computed), or a
#: sum kzmach derived from the file's values (only in the observations and the diff).
VALUE_KINDS: Final = ("published", "computed", "derived")


def decimal_mark(release_format: ReleaseFormat, rows: pl.DataFrame) -> str:
    """Return the decimal mark of a release's numbers: the one the reader applied.

    The same rule (:func:`~kzmach.raw.releases.common.release_decimal_mark`) on the same
    cells, so that the observation's value is the reader's: a ``"point unless commas"``
    file (the Bureau's and Taldau's machine-readable files) is read with a point unless its
    numbers are written with a comma (``12.345`` read with a comma mark would be 12 345).
    """
    return release_decimal_mark(rows["value_as_written"], release_format.decimal_mark)[0]


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


def published_decimals(value: float, written: str, series: int | None) -> int | None:
    """Return the decimals a machine-written number is published to, or None if as written.

    A number written with more than :data:`MAX_PUBLISHED_DECIMALS` decimals was not
    published so. With float noise (``593816.2000000001``), the shortest decimal within
    the noise (15 significant digits) is what was published: 593816.2, one decimal. A
    number computed unrounded (the mirror's ``128.18082005488523``) takes the decimals its
    series is published to (``series``: the most common among the release's values of the
    same indicator), so that no value claims a precision its source does not give.
    """
    if written_decimals(written) <= MAX_PUBLISHED_DECIMALS:
        return None
    if not computed_unrounded(value, written):
        return written_decimals(f"{value:.15g}")
    return series if series is not None else MAX_PUBLISHED_DECIMALS


def computed_unrounded(value: float, written: str) -> bool:
    """Whether a number is a computation left unrounded, not float noise on a published one.

    ``128.18082005488523`` has no shorter decimal within float noise: someone (the Bureau or
    the mirror) computed it, and the Bureau publishes one decimal. Such a figure is kept,
    as ``derived``: it is not a published figure and never leads a series.
    """
    if written_decimals(written) <= MAX_PUBLISHED_DECIMALS:
        return False
    shortest = f"{value:.15g}"
    return "e" in shortest or written_decimals(shortest) > MAX_PUBLISHED_DECIMALS


def _series_decimals(usable: pl.DataFrame) -> dict[str, int]:
    """Return, per indicator, the decimals its values in the release are most often written to.

    Only a release with a value of more than :data:`MAX_PUBLISHED_DECIMALS` decimals needs
    them (:func:`published_decimals`); for any other the answer is empty, found in one pass
    of polars instead of a loop over every row. Among equally common counts, the one met
    first wins.
    """
    import polars as pl

    written = pl.col("value_as_written").str.extract(r"[.,](\d+)\s*$").str.len_chars()
    counted = usable.select("indicator", written.fill_null(0).alias("decimals"))
    largest = counted["decimals"].max()
    if largest is None or int(largest) <= MAX_PUBLISHED_DECIMALS:  # type: ignore[arg-type]
        return {}
    modes = (
        counted.with_row_index("first_seen")
        .filter(pl.col("decimals") <= MAX_PUBLISHED_DECIMALS)
        .group_by("indicator", "decimals")
        .agg(pl.len().alias("count"), pl.col("first_seen").min())
        .sort(["indicator", "count", "first_seen"], descending=[False, True, False])
        .unique("indicator", keep="first", maintain_order=True)
    )
    return dict(zip(modes["indicator"].to_list(), modes["decimals"].to_list(), strict=True))


def _release_figure(
    release: Release,
    record: dict[str, Any],
    source_id: str,
    label: str,
    series_decimals: dict[str, int],
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
        + (
            f"-{record['period']}"
            if format_named(release.format).values_per_row == "several"
            else ""
        ),
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
        "note": record.get("code_note") or "",
        "release": release.key,
    }
    fields["figure_id"] = re.sub(r"[^a-z0-9-]+", "-", fields["figure_id"].lower()).strip("-")
    written = record["value_as_written"]
    decimals = published_decimals(
        record["value"], written, series_decimals.get(record["indicator"])
    )
    if decimals is not None:
        fields["decimals_published"] = str(decimals)
        said = f"written {written}: precision as published, {decimals} decimal(s)"
        # the Bureau publishes rounded figures; the World Bank publishes its floats as computed
        if computed_unrounded(record["value"], written) and release.source != "world-bank":
            fields["figure_type"] = "derived"
            said = (
                f"written {written}, more decimals than the Bureau publishes: computed, not "
                f"a published figure (derived; a published figure leads the series), "
                f"precision {decimals} decimal(s)"
            )
        fields["note"] = "; ".join(n for n in (fields["note"], said) if n)
    return FigureRow(fields, label, int(record["row"]))


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
                f"the file does not name {what}: give --{option} (recorded in release.json; "
                "the title and unit of the page it was downloaded from)"
            )
    return rows, tuple(notes)


#: Releases converted in this process, by everything their conversion reads (see
#: :func:`assemble_releases`); a test session builds the same releases dozens of times.
_CONVERTED: Final[dict[tuple[str, ...], Converted]] = {}
_CONVERTED_KEPT: Final = 64


def _files_key(
    paths: ProjectPaths, folder: Path, hashes: dict[str, str], known: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Name and sha256 of every file in ``folder`` (not below it) but the ``known`` ones.

    What a reader there may see beside its file (a Taldau answer's recorded request). A
    sha256 the build has computed already (``hashes``, by project path) is not computed again.
    """
    from kzmach.files import file_sha256

    if not folder.is_dir():
        return ()
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.name not in known)
    return tuple(
        f"{path.name}:{hashes.get(paths.relative(path)) or file_sha256(path)}" for path in files
    )


def _remember(key: tuple[str, ...], converted: Converted) -> Converted:
    """Keep a conversion for the same key (the oldest forgotten beyond :data:`_CONVERTED_KEPT`)."""
    if len(_CONVERTED) >= _CONVERTED_KEPT:
        del _CONVERTED[next(iter(_CONVERTED))]
    _CONVERTED[key] = converted
    return converted


def assemble_releases(
    paths: ProjectPaths, hashes: dict[str, str] | None = None
) -> tuple[list[dict[str, Any]], pd.DataFrame, pd.DataFrame, dict[str, Source], list[Problem]]:
    """Read every registered release for the build.

    Returns the observation records, the ``release_values`` and ``releases`` tables, the
    releases' sources and the problems found. ``hashes`` are as for :func:`list_releases`.
    A release converted before in this process, with the same file, ``release.json``, files
    beside it and mapping tables, is not read again (tests build the same data many times).
    """
    import pandas as pd
    import polars as pl

    from kzmach.raw.releases.mapping import read_mapping
    from kzmach.raw.releases.readers import ReleaseError, read_release

    releases, problems = list_releases(paths, hashes)
    mapping, mapping_problems = read_mapping(paths)
    problems += mapping_problems
    known_hashes = hashes or {}
    mapping_key = _files_key(paths, paths.raw / "release-mappings", known_hashes)
    records: list[dict[str, Any]] = []
    frames: list[pl.DataFrame] = []
    sources: dict[str, Source] = {}
    for release in releases:
        file = Path(release.folder) / release.file
        # the file is checked against its sha256 (in release.json) by list_releases
        known = (release.file, "release.json")
        beside = _files_key(paths, file.parent, known_hashes, known)
        key = (paths.relative(file), release.record_text(), *beside)
        key += mapping_key
        converted = _CONVERTED.get(key)
        if converted is None:
            try:
                rows = read_release(
                    file, release.format, paths.relative(file), release.sheet or None
                )
                rows, _ = described_rows(rows, {"name": release.name, "unit": release.unit})
            except ReleaseError as error:
                problems += error.problems
                continue
            converted = _remember(key, convert(paths, release, rows, mapping))
        problems += converted.problems
        records += [dict(record) for record in converted.records]  # the remembered stay as read
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
