"""The release registry: ingest a statistical release, keep every vintage, feed the build.

Layout (everything under ``data/raw``, so the build's fingerprint covers it)::

    data/raw/releases/<source>/<release-id>/release.json
    data/raw/releases/<source>/<release-id>/<sha256[:12]>/<file name as given>

``release.json`` records the release: its format, the file and its sha256 and size, the
publication date, the access date, the maturity (``preliminary``, ``final`` or
``unknown``), when it was ingested, and the ``history`` of files it superseded with the
reason given. A file, once ingested, is never modified or removed: a superseded file stays
in its own ``<sha256[:12]>`` folder.

Ingesting is all-or-nothing. The file is read and checked completely (every reader check,
and its conversion to observations) before anything is written; the release is assembled
in ``data/.staging/`` and published by one rename (a new release) or by a rename and one
atomic replacement of ``release.json`` (a superseding file). A run stopped at any point
leaves ``data/raw`` and ``data/processed`` as they were; left-over staging folders are
removed by the next ingest. The same file again is a no-op; a different file under an
existing release id is refused unless ``supersede`` is given with a reason.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlparse

from kzmach._version import __version__
from kzmach.errors import KzmachError, Problem, listed
from kzmach.files import file_sha256, fsync_tree
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import MATURITIES, VALUE_FORMS_BY_BASIS
from kzmach.paths import ProjectPaths, project_paths
from kzmach.raw.figure_tables import FigureRow, is_change, row_to_observation
from kzmach.raw.raw_files import Registry, Source
from kzmach.raw.releases.common import MAX_REPORTED, RELEASE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

    from kzmach.raw.releases.mapping import Mapping

__all__ = [
    "MATURITIES",
    "IngestError",
    "IngestResult",
    "Release",
    "assemble_releases",
    "ingest",
    "list_releases",
]

#: The folder a format's releases go to when no ``source`` is given.
DEFAULT_SOURCE: Final = {
    "bns-csv": "bns",
    "bns-json": "bns",
    "bns-xlsx": "bns",
    "taldau-json": "taldau",
    "publication-csv": "publication",
    "template-csv": "template",
    "template-xlsx": "template",
}
PUBLISHERS: Final = {
    "bns": "Bureau of National Statistics of Kazakhstan",
    "taldau": "Bureau of National Statistics of Kazakhstan (Taldau portal)",
}
UNKNOWN_PUBLISHER: Final = "publisher not recorded"
#: Formats whose rows (slices, printed rows) hold one value per period.
SEVERAL_PER_ROW: Final = ("taldau-json", "publication-csv")
#: Release ids and sources are plain folder names: lower-case letters, digits, hyphens.
NAME_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
#: For tests of interrupted ingests only: seconds to wait before the release is published.
PAUSE_VARIABLE: Final = "KZMACH_TEST_PAUSE_BEFORE_COMMIT"

Progress = Callable[[str], None]


class IngestError(KzmachError):
    """An ingest refused before anything was written; ``problems`` say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"nothing ingested; {len(problems)} problem(s):\n{listed(problems, MAX_REPORTED)}"
        )


@dataclass(frozen=True, slots=True)
class Release:
    """One registered release, as its ``release.json`` records it."""

    source: str
    release_id: str
    format: str
    file: str
    original_name: str
    sha256: str
    bytes: int
    published: str
    accessed: str
    maturity: str
    ingested_at: str
    rows: int
    kzmach_version: str
    publisher: str = ""
    history: tuple[dict[str, str], ...] = ()
    folder: str = ""

    @property
    def key(self) -> str:
        """``<source>/<release-id>``: how diffs, footers and observations name the release."""
        return f"{self.source}/{self.release_id}"

    @property
    def source_id(self) -> str:
        """The id of the release as a source of observations."""
        return f"release-{self.source}-{self.release_id}"

    def record(self) -> dict[str, Any]:
        """Return what ``release.json`` holds."""
        record = asdict(self)
        record.pop("folder")
        record["history"] = list(self.history)
        return record


@dataclass(slots=True)
class Converted:
    """A release turned into observation records and a long table of every value."""

    records: list[dict[str, Any]] = field(default_factory=list)
    values: pl.DataFrame | None = None
    sources: dict[str, Source] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: ``added``, ``superseded`` or ``unchanged``."""

    status: str
    release: Release
    path: Path
    observations: int
    indicators: tuple[str, ...]
    unmapped: tuple[str, ...]


def releases_folder(paths: ProjectPaths) -> Path:
    """``data/raw/releases``."""
    return paths.raw / "releases"


def staging_folder(paths: ProjectPaths) -> Path:
    """``data/.staging``: beside ``data/raw`` (same file system) but outside it."""
    return paths.root / "data" / ".staging"


def _release_from(path: Path, record: dict[str, Any]) -> Release:
    known = {k: record[k] for k in Release.__dataclass_fields__ if k in record}
    known["history"] = tuple(record.get("history", ()))
    return Release(**known, folder=str(path.parent))


def _read_records(paths: ProjectPaths) -> tuple[list[Release], list[Problem]]:
    """Read every ``release.json`` as it is, without checking the files it names."""
    releases: list[Release] = []
    problems: list[Problem] = []
    for path in sorted(releases_folder(paths).glob("*/*/release.json")):
        try:
            releases.append(_release_from(path, json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError) as error:
            problems.append(
                Problem(paths.relative(path), 0, "", f"unreadable release record: {error}")
            )
    return releases, problems


def list_releases(
    paths: ProjectPaths, hashes: dict[str, str] | None = None
) -> tuple[list[Release], list[Problem]]:
    """Read every ``release.json``; check that each file is there with its recorded sha256.

    ``hashes`` are sha256s already computed, by project path (the build's input hashes), so
    that a large release is not read twice.
    """
    known = hashes or {}
    records, problems = _read_records(paths)
    releases: list[Release] = []
    for release in records:
        file = Path(release.folder) / release.file
        if not file.is_file():
            label = paths.relative(Path(release.folder) / "release.json")
            problems.append(Problem(label, 0, "file", f"{release.file} is missing"))
        elif (known.get(paths.relative(file)) or file_sha256(file)) != release.sha256:
            problems.append(
                Problem(
                    paths.relative(file),
                    0,
                    "",
                    "the file changed after it was ingested (sha256 differs from release.json); "
                    "raw files are never edited: ingest a corrected file with --supersede",
                )
            )
        else:
            releases.append(release)
    return releases, problems


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
) -> Converted:
    """Turn a release's rows into observation records (mapped rows with a value) and values.

    ``file`` is where to read the release (default: its registered copy) and ``label`` how
    messages name it.
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
        url="",
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
        ytd = {p: year_to_date(p) for p in values["period"].unique().to_list()}
        values = values.with_columns(
            pl.when(pl.col("period_basis") == "year_to_date")
            .then(pl.col("period").replace_strict(ytd, default=pl.col("period")))
            .otherwise(pl.col("period"))
            .alias("figure_period")
        )
        usable = values.filter((pl.col("mapping") == MAPPED) & (pl.col("marker") == ""))
        for row in usable.iter_rows(named=True):
            figures.append(_release_figure(release, row, base.source_id, label))
    registry = Registry(dict(converted.sources), {}, {}, [])
    normalised: list[dict[str, Any]] = []
    for figure in figures:
        observation, problems = row_to_observation(figure, registry)
        converted.problems += [p for p in problems if p.severity == "error"]
        if observation is not None:
            converted.records.append(observation)
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
    converted.values = values.join(lookup, on=["row", "period_as_written"], how="left").select(
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
    cells = (
        record["indicator_name"],
        record["period_as_written"],
        record["kato_label"],
        record["code_label"],
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
        "note": "",
        "release": release.key,
    }
    fields["figure_id"] = re.sub(r"[^a-z0-9-]+", "-", fields["figure_id"].lower()).strip("-")
    return FigureRow(fields, label, int(record["row"]))


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
            rows = read_release(file, release.format, paths.relative(file))
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
        pl.concat(frames, how="vertical_relaxed").to_pandas()
        if frames
        else pd.DataFrame(columns=["release", "source_id", "published", "maturity", *VALUE_COLUMNS])
    )
    columns = ["release", *(c for c in Release.__dataclass_fields__ if c != "folder")]
    table = pd.DataFrame([{"release": r.key, **r.record()} for r in releases], columns=columns)
    return records, values, table, sources, problems


def _check_name(value: str, option: str, problems: list[Problem]) -> None:
    if not NAME_PATTERN.fullmatch(value):
        problems.append(
            Problem(
                option,
                0,
                "",
                f"{value!r} is not allowed: use lower-case letters, digits and hyphens "
                "(it names one folder under data/raw/releases/, never a path)",
            )
        )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "release"


def _clean_staging(paths: ProjectPaths) -> None:
    staging = staging_folder(paths)
    if staging.is_dir():
        for leftover in staging.iterdir():
            shutil.rmtree(leftover, ignore_errors=True)


def ingest(
    file: str | os.PathLike[str],
    *,
    published: str,
    maturity: str = "unknown",
    fmt: str | None = None,
    release_id: str | None = None,
    source: str | None = None,
    publisher: str | None = None,
    accessed: str | None = None,
    supersede: bool = False,
    reason: str = "",
    root: str | os.PathLike[str] | None = None,
    progress: Progress = lambda _: None,
) -> IngestResult:
    """Check a release file completely, then register it (see the module docstring).

    Parameters
    ----------
    file
        The release as downloaded; it is copied, never moved or changed.
    published
        The day the publisher released it (``YYYY-MM-DD``): its vintage.
    maturity
        ``preliminary``, ``final`` or ``unknown``.
    fmt
        One of :data:`kzmach.raw.releases.readers.FORMATS`; detected from the content when None.
    release_id
        A plain name (lower-case letters, digits, hyphens); by default the publication
        date and the file's name.
    source
        The folder under ``data/raw/releases`` (default by format: ``bns``, ``taldau``,
        ``publication``, ``template``).
    publisher
        Who published it, for chart footers (default: the Bureau for ``bns`` and
        ``taldau``; a template row's publisher is its address's host).
    accessed
        The day the file was downloaded (default: today).
    supersede, reason
        Replace the file of an existing release id; the reason is recorded.
    root
        Project folder.
    progress
        Called with a line of text at each stage.

    Raises
    ------
    IngestError
        Before anything is written: bad options, a file the readers refuse (naming the
        file, row and column), a conversion error, or a conflict with the registry.
    """
    from kzmach.raw.releases.mapping import read_mapping
    from kzmach.raw.releases.readers import FORMATS, ReleaseError, detect_format, read_release

    paths = project_paths(root)
    path = Path(file)
    problems: list[Problem] = []
    dates = {}
    for option, value in (("--published", published), ("--accessed", accessed)):
        if value is None:
            continue
        try:
            dates[option] = date.fromisoformat(value).isoformat() if len(value) == 10 else ""
        except ValueError:
            dates[option] = ""
        if not dates[option]:
            problems.append(Problem(option, 0, "", f"{value!r} is not a date (YYYY-MM-DD)"))
    if maturity not in MATURITIES:
        problems.append(Problem("--maturity", 0, "", f"{maturity!r} is not one of {MATURITIES}"))
    if fmt is not None and fmt not in FORMATS:
        problems.append(Problem("--format", 0, "", f"{fmt!r} is not one of {FORMATS}"))
    if supersede and not reason.strip():
        problems.append(Problem("--reason", 0, "", "--supersede needs a --reason to record"))
    if release_id is not None:
        _check_name(release_id, "--release-id", problems)
    if source is not None:
        _check_name(source, "--source", problems)
    if not path.is_file():
        problems.append(Problem(str(path), 0, "", "no such file"))
    if problems:
        raise IngestError(problems)
    label = str(path)
    try:
        progress(f"reading {label}")
        fmt = fmt or detect_format(path, label)
        rows = read_release(path, fmt, label)
    except ReleaseError as error:
        raise IngestError(error.problems) from None
    source = source or DEFAULT_SOURCE[fmt]
    release_id = release_id or _slug(f"{dates['--published']}-{path.stem}")
    sha = file_sha256(path)
    folder = releases_folder(paths) / source / release_id
    if folder.resolve().parent.parent != releases_folder(paths).resolve():
        raise IngestError([Problem("--release-id", 0, "", "would write outside the registry")])
    release = Release(
        source=source,
        release_id=release_id,
        format=fmt,
        file=f"{sha[:12]}/{path.name}",
        original_name=path.name,
        sha256=sha,
        bytes=path.stat().st_size,
        published=dates["--published"],
        accessed=dates.get("--accessed") or date.today().isoformat(),
        maturity=maturity,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        rows=rows.height,
        kzmach_version=__version__,
        publisher=(publisher or "").strip() or PUBLISHERS.get(source, UNKNOWN_PUBLISHER),
        folder=str(folder),
    )
    # the records are enough to compare hashes: the build verifies the files themselves
    existing, _ = _read_records(paths)
    current = next((r for r in existing if r.key == release.key), None)
    if current is not None and current.sha256 == sha:
        stored = folder / current.file
        if not stored.is_file() or file_sha256(stored) != sha:
            raise IngestError(
                [
                    Problem(
                        paths.relative(stored),
                        0,
                        "",
                        "the registered copy changed after it was ingested (sha256 differs "
                        "from release.json); restore it from git",
                    )
                ]
            )
        return IngestResult("unchanged", current, folder, 0, (), ())
    elsewhere = [r.key for r in existing if r.sha256 == sha and r.key != release.key]
    if elsewhere:
        raise IngestError(
            [Problem(label, 0, "", f"this file is already ingested as {elsewhere[0]}")]
        )
    if folder.exists() and current is None:
        raise IngestError(
            [Problem(paths.relative(folder), 0, "", "folder exists but holds no release.json")]
        )
    if current is not None and not supersede:
        raise IngestError(
            [
                Problem(
                    "--release-id",
                    0,
                    "",
                    f"{release.key} already holds a different file ({current.original_name}, "
                    f"sha256 {current.sha256[:12]}); give another --release-id, or "
                    '--supersede --reason "..." to replace it (the old file is kept)',
                )
            ]
        )
    if current is not None:
        history = (
            *current.history,
            {
                "file": current.file,
                "sha256": current.sha256,
                "published": current.published,
                "maturity": current.maturity,
                "ingested_at": current.ingested_at,
                "superseded_at": release.ingested_at,
                "reason": reason.strip(),
            },
        )
        release = Release(**{**asdict(release), "history": history})

    progress("converting to observations with data/raw/release-mappings")
    mapping, mapping_problems = read_mapping(paths)
    converted = convert(paths, release, rows, mapping, file=path, label=label)
    errors = mapping_problems + converted.problems
    if errors:
        raise IngestError(errors)

    _clean_staging(paths)
    stage = staging_folder(paths) / uuid.uuid4().hex
    (stage / sha[:12]).mkdir(parents=True)
    try:
        shutil.copyfile(path, stage / release.file)
        if file_sha256(stage / release.file) != sha:
            raise IngestError([Problem(label, 0, "", "the file changed while it was copied")])
        (stage / "release.json").write_text(
            json.dumps(release.record(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        fsync_tree(stage)
        pause = float(os.environ.get(PAUSE_VARIABLE, "0") or 0)
        if pause:
            progress(f"pausing {pause} s before publishing (test hook {PAUSE_VARIABLE})")
            time.sleep(pause)
        folder.parent.mkdir(parents=True, exist_ok=True)
        if current is None:
            stage.rename(folder)
        else:
            (stage / sha[:12]).rename(folder / sha[:12])
            (stage / "release.json").replace(folder / "release.json")
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    indicators = tuple(sorted({r["indicator"] for r in converted.records}))
    return IngestResult(
        "superseded" if current is not None else "added",
        release,
        folder,
        len(converted.records),
        indicators,
        tuple(converted.unmapped),
    )
