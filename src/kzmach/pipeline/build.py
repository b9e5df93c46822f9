"""Turn ``data/raw`` into ``data/processed``: validate everything, then write atomically.

The tables, each written as Parquet and CSV beside ``manifest.json``, are declared in
:data:`kzmach.metadata.tables.TABLES` (rows, columns, key, vintage column); every one is
validated against its declaration before anything is written. They come from:

``observations``
    the curated figure tables (:mod:`kzmach.raw.figure_tables`), the statistics files
    (:mod:`kzmach.raw.statistics_files`) and the ingested releases
    (:mod:`kzmach.raw.releases.convert`), validated by
    :func:`kzmach.metadata.schemas.validate_observations`;
``conflicts``, ``claims``, ``target_gap``
    :mod:`kzmach.pipeline.conflicts`, :mod:`kzmach.analysis.claims` and
    :mod:`kzmach.analysis.target_gap`;
``sources``, ``indicators``, ``targets``
    the source registry (:mod:`kzmach.raw.raw_files`), the catalogue
    (:mod:`kzmach.metadata.catalogue`) and the target registry (:mod:`kzmach.raw.targets`);
``roadmap_measures``, ``roadmap_glossary``, ``roadmap_document``
    :mod:`kzmach.pipeline.roadmap_tables`, from the order parsed by
    :mod:`kzmach.raw.roadmap_order`; list cells are JSON in the CSV copies;
``releases``, ``release_values``
    the ingested releases and every value they hold, mapped or not
    (:mod:`kzmach.raw.releases.convert`).

Nothing is written unless every check passes; each file is written to a temporary name and
renamed into place, and the manifest (which records the inputs' fingerprint) is written last,
so an interrupted or failed build leaves the previous outputs in use. A build whose inputs
(raw files, figure tables and kzmach's own code) are unchanged does no work.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from kzmach._version import __version__
from kzmach.errors import Problem, ValidationFailed
from kzmach.files import atomic_write, file_sha256, project_lock
from kzmach.metadata import catalogue
from kzmach.metadata.tables import TABLES as TABLE_DECLARATIONS
from kzmach.paths import ProjectPaths, project_paths
from kzmach.pipeline.roadmap_tables import assemble_roadmap
from kzmach.raw.figure_tables import (
    FigureRow,
    read_exclusions,
    read_figure_tables,
    row_to_observation,
)
from kzmach.raw.raw_files import Registry, load_registry
from kzmach.raw.releases.convert import assemble_releases
from kzmach.raw.statistics_files import read_mfg_pvi
from kzmach.raw.targets import read_targets

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "TABLES",
    "Assembly",
    "BuildResult",
    "assemble",
    "build",
    "fingerprint",
    "input_hashes",
    "is_fresh",
]

#: The tables the build writes, in order (each declared in kzmach.metadata.tables).
TABLES: Final = tuple(declared.name for declared in TABLE_DECLARATIONS)
SCHEMA_VERSION = 1
#: Files of the package whose change makes the processed data stale.
CODE_SUFFIXES = (".py", ".yaml", ".po")

Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclass(slots=True)
class Assembly:
    """Everything a build produces in memory, and every problem met on the way."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Problems that fail the build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems reported but not failing."""
        return [p for p in self.problems if p.severity == "warning"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build did."""

    skipped: bool
    rows: dict[str, int]
    seconds: float
    warnings: list[Problem]
    manifest: Path


def input_hashes(paths: ProjectPaths) -> dict[str, str]:
    """Return the sha256 of every file under ``data/raw``, keyed by its project path.

    This covers the registry, the figure tables, the target registry and the raw sources;
    it is computed once per build and serves both the fingerprint and the manifest.
    """
    return {
        paths.relative(path): file_sha256(path)
        for path in sorted(paths.raw.rglob("*"))
        if path.is_file()
    }


def package_hashes(suffixes: tuple[str, ...]) -> dict[str, str]:
    """Return the sha256 of kzmach's own files with these suffixes, keyed ``kzmach/<path>``."""
    package = Path(__file__).resolve().parents[1]
    return {
        f"kzmach/{path.relative_to(package).as_posix()}": file_sha256(path)
        for path in sorted(package.rglob("*"))
        if path.suffix in suffixes and "__pycache__" not in path.parts
    }


def fingerprint(paths: ProjectPaths, raw_hashes: dict[str, str] | None = None) -> str:
    """Hash of everything a build depends on: the files under data/raw and kzmach's code."""
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    hashes = input_hashes(paths) if raw_hashes is None else raw_hashes
    code = package_hashes(CODE_SUFFIXES)
    for name, sha in [*hashes.items(), *code.items()]:
        digest.update(f"{name}\0{sha}\n".encode())
    return digest.hexdigest()


def read_manifest(paths: ProjectPaths) -> dict[str, Any] | None:
    """Return the last build's manifest, or ``None`` when there is none or it is unreadable."""
    if not paths.manifest.is_file():
        return None
    try:
        manifest: dict[str, Any] = json.loads(paths.manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return manifest


def built_date(paths: ProjectPaths) -> str:
    """Return the day of the last build (``YYYY-MM-DD``), or ``""`` before the first build."""
    return str((read_manifest(paths) or {}).get("built_at", ""))[:10]


def is_fresh(paths: ProjectPaths, current: str | None = None) -> bool:
    """Whether the processed outputs exist and match the inputs' fingerprint ``current``."""
    manifest = read_manifest(paths)
    if manifest is None:
        return False
    if manifest.get("fingerprint") != (current or fingerprint(paths)):
        return False
    return all((paths.processed / f"{name}.parquet").is_file() for name in TABLES)


@dataclass
class _Inputs:
    """What the build reads: the registry, the figure rows and the ingested releases."""

    registry: Registry
    figure_rows: list[FigureRow]
    statistics_rows: list[FigureRow]
    release_records: list[dict[str, Any]]
    release_values: pd.DataFrame
    releases: pd.DataFrame
    release_sources: dict[str, Any]


def assemble(
    paths: ProjectPaths,
    progress: Progress = _quiet,
    raw_hashes: dict[str, str] | None = None,
) -> Assembly:
    """Read, check and normalise every input; collect all problems instead of stopping.

    Load (:func:`_load`), process (:func:`_observations`, then :func:`_tables`), and check
    every table against its declaration. ``raw_hashes`` (from :func:`input_hashes`) spare
    the releases a second read for their sha256 when the build has hashed the inputs already.
    """
    from kzmach.metadata.schemas import conform

    assembly = Assembly()
    inputs = _load(paths, progress, raw_hashes, assembly)
    observations = _observations(paths, inputs, progress, assembly)
    assembly.tables = _tables(paths, inputs, observations, progress, assembly)
    progress("validating every table against its declaration")
    assembly.tables = {name: conform(frame, name) for name, frame in assembly.tables.items()}
    assembly.problems += _declared_tables(assembly.tables)
    return assembly


def _load(
    paths: ProjectPaths,
    progress: Progress,
    raw_hashes: dict[str, str] | None,
    assembly: Assembly,
) -> _Inputs:
    """Read the registry (checking every file's sha256), the figure tables and the releases."""
    progress("verifying the source registry and raw-file hashes")
    registry = load_registry(paths)
    assembly.problems += registry.problems
    progress("reading the curated figure tables")
    figure_rows, problems = read_figure_tables(paths)
    assembly.problems += problems
    statistics_rows, problems = read_mfg_pvi(paths, registry)
    assembly.problems += problems
    progress("reading the ingested releases")
    records, values, releases, sources, problems = assemble_releases(paths, raw_hashes)
    assembly.problems += problems
    registry.sources.update(sources)
    return _Inputs(registry, figure_rows, statistics_rows, records, values, releases, sources)


def _observations(
    paths: ProjectPaths, inputs: _Inputs, progress: Progress, assembly: Assembly
) -> pd.DataFrame:
    """Turn every figure row into an observation and validate them, quotes included."""
    import pandas as pd

    from kzmach.metadata.schemas import OBSERVATION_COLUMNS, conform, validate_observations

    registry, release_sources = inputs.registry, inputs.release_sources
    rows = [*inputs.figure_rows, *inputs.statistics_rows]
    progress(f"parsing and normalising {len(rows)} figures")
    records: list[dict[str, Any]] = list(inputs.release_records)
    for figure in rows:
        record, problems = row_to_observation(figure, registry)
        assembly.problems += problems
        if record is not None:
            records.append(record)
    assembly.problems += _coverage(paths, registry, inputs.figure_rows)
    observations = pd.DataFrame.from_records(records, columns=list(OBSERVATION_COLUMNS))
    observations = conform(observations, "observations")  # the declared dtypes

    progress("validating the observations (pandera)")
    containers = _containers(paths, registry, skip=release_sources)
    collections = {s.path: s.source_id for s in registry.sources.values() if s.kind == "collection"}

    def container_of(row: Mapping[str, Any]) -> str:
        if row["source_id"] in release_sources:
            # a release row's quote is its own cells as read (the file is checked by sha256)
            return str(row["quote"])
        if not pd.isna(row["source_line"]):
            collection = collections.get(row["source_file"], "")
            page = registry.page_rows.get((collection, int(row["source_line"])))
            return page.fields["quote"] if page else ""
        return containers.get(row["source_id"], "")

    assembly.problems += validate_observations(observations, container_of)
    return observations.sort_values(
        ["indicator", "period_start", "period_end", "figure_id"], ignore_index=True
    )


def _tables(
    paths: ProjectPaths,
    inputs: _Inputs,
    observations: pd.DataFrame,
    progress: Progress,
    assembly: Assembly,
) -> dict[str, pd.DataFrame]:
    """Make every table from the observations: conflicts, claims, targets, the roadmap."""
    import pandas as pd

    from kzmach.analysis.claims import check_claims
    from kzmach.analysis.target_gap import target_gap
    from kzmach.pipeline.conflicts import find_conflicts

    progress("looking for conflicting figures")
    targets, problems = read_targets(paths, observations)
    assembly.problems += problems
    progress("parsing the roadmap's measures")
    roadmap_tables, problems = assemble_roadmap(paths, inputs.registry, targets)
    assembly.problems += problems
    progress("checking every stated growth and share against the levels")
    claims = check_claims(observations) if len(observations) else pd.DataFrame()
    return {
        "observations": observations,
        "conflicts": find_conflicts(observations, claims) if len(observations) else pd.DataFrame(),
        "claims": claims,
        "target_gap": target_gap(observations, targets) if len(targets) else pd.DataFrame(),
        "sources": _sources_table(inputs.registry, observations),
        "indicators": catalogue.indicators_table(),
        "targets": targets,
        **roadmap_tables,
        "releases": inputs.releases,
        "release_values": inputs.release_values,
    }


def _declared_tables(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Check every table against its declaration (:mod:`kzmach.metadata.tables`).

    Columns, types, allowed values and primary key; an empty table needs only no other
    columns.
    """
    from kzmach.metadata.schemas import validate_table

    problems = []
    if list(tables) != list(TABLES):
        problems.append(Problem("data/processed", 0, "", f"tables {list(tables)} != {TABLES}"))
    for declared in TABLE_DECLARATIONS:
        frame = tables.get(declared.name)
        if frame is None or declared.name == "observations":
            # the observations were validated against this same declaration already, with
            # their failures traced to the curated rows (validate_observations)
            continue
        if len(frame) == 0:
            extra = [c for c in frame.columns if c not in declared.column_names]
            if extra:
                problems.append(
                    Problem(f"data/processed/{declared.name}", 0, ", ".join(extra), "undeclared")
                )
            continue
        problems += validate_table(declared.name, frame)
    return problems


def _containers(
    paths: ProjectPaths, registry: Registry, skip: Collection[str] = ()
) -> dict[str, str]:
    texts = dict(registry.documents)
    for source in registry.sources.values():
        if source.kind == "statistics" and source.source_id not in skip:
            texts[source.source_id] = (paths.raw / source.path).read_text(encoding="utf-8")
    return texts


def _coverage(
    paths: ProjectPaths, registry: Registry, figure_rows: list[FigureRow]
) -> list[Problem]:
    """Every row of every collection must yield a figure or be excluded with a reason."""
    used = {
        (r.fields.get("source_id", "").strip(), int(r.fields["source_line"]))
        for r in figure_rows
        if r.fields["source_line"].strip().isdigit()
    }
    exclusions, problems = read_exclusions(paths)
    for collection, line in sorted(set(registry.page_rows) - used - set(exclusions)):
        name = paths.relative(paths.raw / registry.sources[collection].path)
        problems.append(
            Problem(name, line, "", "row has no figure in data/raw/figures and no exclusion")
        )
    return problems


def _sources_table(registry: Registry, observations: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    counts = observations.groupby("source_id").size()
    frame = pd.DataFrame([asdict(source) for source in registry.sources.values()])
    frame["figures"] = frame["source_id"].map(counts).fillna(0).astype(int)
    return frame


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    table.to_parquet(path, index=False)


def _json_cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _write_csv(table: pd.DataFrame, path: Path) -> None:
    # only a column of Python objects can hold a list (text and number columns cannot)
    lists = [column for column in table.columns if table[column].dtype == object]
    table.assign(**{str(c): table[c].map(_json_cell) for c in lists}).to_csv(
        path, index=False, lineterminator="\n"
    )


def _write_text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


def build(
    root: str | os.PathLike[str] | None = None,
    *,
    force: bool = False,
    progress: Progress = _quiet,
    lock_wait: float = 300.0,
) -> BuildResult:
    """Build ``data/processed`` from ``data/raw``.

    Parameters
    ----------
    root
        Project folder; located automatically when None (see :mod:`kzmach.paths`).
    force
        Rebuild even when the inputs are unchanged.
    progress
        Called with a line of text at each stage.
    lock_wait
        Seconds to wait for another build or ingest of the project to finish.

    Raises
    ------
    ValidationFailed
        If any input has an error; nothing is written then.
    LockTimeout
        If another kzmach process holds the project's lock longer than ``lock_wait``.
    """
    paths = project_paths(root)
    started = time.perf_counter()
    raw_hashes = input_hashes(paths)
    input_fingerprint = fingerprint(paths, raw_hashes)
    if not force and is_fresh(paths, input_fingerprint):
        rows = (read_manifest(paths) or {})["rows"]
        progress("inputs unchanged since the last build: nothing to do")
        return BuildResult(True, rows, time.perf_counter() - started, [], paths.manifest)
    with project_lock(paths, wait=lock_wait):
        if not force and is_fresh(paths, input_fingerprint):  # built meanwhile by another
            rows = (read_manifest(paths) or {})["rows"]
            return BuildResult(True, rows, time.perf_counter() - started, [], paths.manifest)
        manifest, warnings = _build_locked(paths, raw_hashes, input_fingerprint, started, progress)
    return BuildResult(
        False, manifest["rows"], time.perf_counter() - started, warnings, paths.manifest
    )


def _build_locked(
    paths: ProjectPaths,
    raw_hashes: dict[str, str],
    input_fingerprint: str,
    started: float,
    progress: Progress,
) -> tuple[dict[str, Any], list[Problem]]:
    """Assemble, check and write every table (the caller holds the project's lock)."""
    steps = 9 + len(TABLES)  # the assembly's steps, then one per table
    counter = iter(range(1, steps + 1))

    def staged(message: str) -> None:
        progress(f"[{next(counter)}/{steps}] {message}")

    assembly = assemble(paths, staged, raw_hashes)
    if assembly.errors:
        raise ValidationFailed(assembly.problems)
    paths.processed.mkdir(parents=True, exist_ok=True)
    for name, table in assembly.tables.items():
        staged(f"writing {name} ({len(table)} rows)")
        atomic_write(paths.processed / f"{name}.parquet", partial(_write_parquet, table))
        atomic_write(paths.processed / f"{name}.csv", partial(_write_csv, table))
    manifest = _manifest(assembly, input_fingerprint, raw_hashes, time.perf_counter() - started)
    manifest_text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    atomic_write(
        paths.manifest,
        partial(_write_text, manifest_text),
    )
    return manifest, assembly.warnings


def _manifest(
    assembly: Assembly, input_fingerprint: str, raw_hashes: dict[str, str], seconds: float
) -> dict[str, Any]:
    from importlib import metadata

    versions: dict[str, str | None] = {}
    for package in ("pandas", "polars", "pyarrow", "pandera", "numpy"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "kzmach_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 3),
        "fingerprint": input_fingerprint,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "packages": versions,
        "inputs": raw_hashes,
        "rows": {name: len(table) for name, table in assembly.tables.items()},
        "warnings": [str(w) for w in assembly.warnings],
    }
