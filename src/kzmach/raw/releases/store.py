"""The release registry: ingest a statistical release, keep every vintage, feed the build.

Layout (everything under ``data/raw``, so the build's fingerprint covers it)::

    data/raw/releases/<source>/<release-id>/release.json
    data/raw/releases/<source>/<release-id>/<sha256[:12]>/<file name as given>

``release.json`` records the release: its format, the file and its sha256 and size, the
publication date, the access date, the maturity (``preliminary``, ``final`` or
``unknown``), when it was ingested, and the ``history`` of files it superseded with the
reason given. A file, once ingested, is never modified or removed: a superseded file stays
in its own ``<sha256[:12]>`` folder.

Ingesting is all-or-nothing. The file is first copied into ``data/.staging/``, and that
private copy is what is hashed, read and checked completely (every reader check, and its
conversion to observations): the bytes registered are the bytes read, even if the
download is changed meanwhile, and the file is read from disk once for the copy and once
for the reading. Nothing is written to ``data/raw`` before every check has passed; the
release is then published by one rename (a new release) or by a rename and one atomic
replacement of ``release.json`` (a superseding file). A run stopped at any point
leaves ``data/raw`` and ``data/processed`` as they were; left-over staging folders are
removed by the next ingest. The same file again is a no-op; a different file under an
existing release id is refused unless ``supersede`` is given with a reason.
"""

from __future__ import annotations

import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kzmach._version import __version__
from kzmach.errors import KzmachError, Problem, listed
from kzmach.files import file_sha256, fsync_tree, project_lock
from kzmach.metadata.vocabulary import MATURITIES
from kzmach.paths import ProjectPaths, project_paths
from kzmach.raw.releases.common import MAX_REPORTED, Accounting
from kzmach.raw.releases.convert import Converted, convert, described_rows
from kzmach.raw.releases.doubtful import check_dates, future_periods, not_a_file, vintage_order
from kzmach.raw.releases.formats import format_named, recognition
from kzmach.raw.releases.registry import (
    PUBLISHERS,
    UNKNOWN_PUBLISHER,
    Release,
    read_records,
    releases_folder,
    staging_folder,
)
from kzmach.raw.releases.taldau import manifest_of
from kzmach.text.slugs import slug

if TYPE_CHECKING:
    import polars as pl

__all__ = ["BeforePublish", "IngestError", "IngestResult", "ingest"]

#: Release ids and sources are plain folder names: lower-case letters, digits, hyphens.
NAME_PATTERN: Final = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")

Progress = Callable[[str], None]
#: A last check of a release before it is published (see :func:`ingest`).
BeforePublish = Callable[[ProjectPaths, Release, Path], None]


class IngestError(KzmachError):
    """An ingest refused before anything was written; ``problems`` say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(
            f"nothing ingested; {len(problems)} problem(s):\n{listed(problems, MAX_REPORTED)}"
        )


@dataclass(frozen=True, slots=True)
class IngestResult:
    """What an ingest did: ``added``, ``superseded`` or ``unchanged``."""

    status: str
    release: Release
    path: Path
    observations: int
    indicators: tuple[str, ...]
    unmapped: tuple[str, ...]
    #: Notes on the ingest (none now: a file naming no indicator or unit is refused).
    notes: tuple[str, ...] = ()
    #: The cells with a mark instead of a number, by mark (:meth:`Accounting.marked`).
    marked: tuple[str, ...] = ()
    #: Every number of the file accounted for, in one line (``N cells in sheet 'X': ...``).
    accounted: str = ""
    #: The format the file was read as, and what in the file said so.
    recognised: str = ""


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
    return slug(text) or "release"


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
    name: str | None = None,
    unit: str | None = None,
    index_id: str | None = None,
    url: str | None = None,
    sheet: str | None = None,
    lock_wait: float = 60.0,
    root: str | os.PathLike[str] | None = None,
    progress: Progress = lambda _: None,
    before_publish: BeforePublish | None = None,
    confirm_published: bool = False,
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
    name, unit
        The indicator's name and unit, for files that do not state them (Taldau and the
        Bureau's slice JSON); recorded in ``release.json`` and given to rows that lack them.
    index_id, url
        The portal's index id and the address the file was downloaded from (recorded).
    sheet
        For a workbook, the sheet to read (default: the first that holds a table).
    lock_wait
        Seconds to wait for another ingest or build of the project to finish.
    root
        Project folder.
    progress
        Called with a line of text at each stage; the last, ``publishing <release>``, comes
        when everything is written and checked in staging, just before the renames.
    confirm_published
        Take ``published`` as given even when it is before a vintage of the same table that
        holds fewer periods (refused otherwise: see
        :func:`kzmach.raw.releases.doubtful.vintage_order`).
    before_publish
        Called with the project, the release and the staging folder (the file in its
        ``<sha256[:12]>`` folder) once every check has passed, before anything is published;
        it refuses the release by raising :class:`IngestError`.
        :func:`kzmach.pipeline.ingest.ingest` passes the dry build here.

    Raises
    ------
    IngestError
        Before anything is written: bad options, a file the readers refuse (naming the
        file, row and column), a conversion error, or a conflict with the registry.
    """
    paths = project_paths(root)
    path = Path(file)
    dates = _checked_options(
        path, published, accessed, maturity, fmt, release_id, source, supersede, reason
    )
    described = {
        "name": (name or "").strip(),
        "unit": (unit or "").strip(),
        "index_id": (index_id or "").strip(),
        "url": (url or "").strip(),
        "sheet": sheet or "",
    }
    label = str(path)
    with project_lock(paths, wait=lock_wait):
        _clean_staging(paths)
        stage = staging_folder(paths) / uuid.uuid4().hex
        try:
            return _ingest_staged(
                paths,
                path,
                stage,
                fmt,
                sheet,
                described,
                dates,
                label,
                progress,
                source=source,
                release_id=release_id,
                maturity=maturity,
                publisher=publisher,
                supersede=supersede,
                reason=reason,
                before_publish=before_publish,
                confirm_published=confirm_published,
            )
        finally:
            shutil.rmtree(stage, ignore_errors=True)


def _ingest_staged(
    paths: ProjectPaths,
    path: Path,
    stage: Path,
    fmt: str | None,
    sheet: str | None,
    described: dict[str, str],
    dates: dict[str, str],
    label: str,
    progress: Progress,
    *,
    source: str | None,
    release_id: str | None,
    maturity: str,
    publisher: str | None,
    supersede: bool,
    reason: str,
    before_publish: BeforePublish | None,
    confirm_published: bool,
) -> IngestResult:
    """Copy the file into ``stage``, read and check the copy, and publish it (see above)."""
    progress(f"copying {label} to {paths.relative(stage)}")
    staged, sha = _staged_copy(path, stage, label)
    progress(f"reading {label}")
    given_format = fmt
    fmt, rows, account = _read(staged, fmt, label, sheet)
    later = future_periods(rows, dates["--published"], label)
    if later:
        raise IngestError(later)
    rows, missing = described_rows(rows, described)
    if missing:  # a value with no indicator or unit is no observation: nothing to register
        raise IngestError([Problem(label, 0, "", said) for said in missing])
    if not confirm_published:
        older = vintage_order(paths, dates["--published"], rows, fmt, label)
        if older:
            raise IngestError(older)
    source = source or format_named(fmt).source_for(described["url"])
    release = _new_release(
        paths,
        staged,
        sha,
        fmt=fmt,
        rows=rows.height,
        source=source,
        release_id=release_id or _slug(f"{dates['--published']}-{path.stem}"),
        published=dates["--published"],
        accessed=dates.get("--accessed") or date.today().isoformat(),
        maturity=maturity,
        publisher=publisher,
        described=described,
    )
    if release_id is None:
        release = _unique_default_id(paths, release)
    current = _registered(paths, release, label, supersede)
    if (
        current is not None
        and current.sha256 == release.sha256
        and not _redescribed(current, release, supersede)
    ):
        return IngestResult("unchanged", current, Path(release.folder), 0, (), ())
    if current is not None:
        release = _superseding(release, current, reason)
    progress("converting to observations with data/raw/release-mappings")
    converted = _converted(paths, release, rows, staged, label)
    if before_publish is not None:
        before_publish(paths, release, stage)
    _publish(paths, release, stage, replaces=current is not None, progress=progress)
    indicators = tuple(sorted({r["indicator"] for r in converted.records}))
    return IngestResult(
        "superseded" if current is not None else "added",
        release,
        Path(release.folder),
        len(converted.records),
        indicators,
        tuple(converted.unmapped),
        marked=account.marked(),
        accounted=account.summary(),
        recognised=recognition(fmt, given_format),
    )


def _staged_copy(path: Path, stage: Path, label: str) -> tuple[Path, str]:
    """Copy the file into ``stage/<sha256[:12]>/`` and return the copy and its sha256.

    The request recorded beside a portal's answer (``<stem>.manifest.json``,
    :func:`kzmach.raw.releases.taldau.manifest_of`) is copied with it, unchanged: the
    answer's period type is in the request only.

    Raises
    ------
    IngestError
        If the file cannot be read (permissions, a device error), saying why.
    """
    incoming = stage / "incoming"
    incoming.mkdir(parents=True)
    try:
        shutil.copyfile(path, incoming / path.name)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        raise IngestError([Problem(label, 0, "", f"cannot be read: {reason}")]) from None
    request = manifest_of(path)
    if request.is_file():  # the request a portal answer came from: its period type (Taldau)
        shutil.copyfile(request, incoming / request.name)
    sha = file_sha256(incoming / path.name)
    incoming.rename(stage / sha[:12])
    return stage / sha[:12] / path.name, sha


def _unique_default_id(paths: ProjectPaths, release: Release) -> Release:
    """Give a default id a short hash when another file already holds it (never a clash)."""
    existing, _ = read_records(paths)
    taken = {r.key: r.sha256 for r in existing}
    if taken.get(release.key, release.sha256) == release.sha256:
        return release
    release_id = f"{release.release_id}-{release.sha256[:8]}"
    folder = str(Path(release.folder).parent / release_id)
    return Release(**{**asdict(release), "release_id": release_id, "folder": folder})


def _checked_options(
    path: Path,
    published: str,
    accessed: str | None,
    maturity: str,
    fmt: str | None,
    release_id: str | None,
    source: str | None,
    supersede: bool,
    reason: str,
) -> dict[str, str]:
    """Check the options and the file's presence; return the dates as ISO text."""
    from kzmach.raw.releases.formats import FORMATS

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
        problems.append(Problem("--format", 0, "", f"{fmt!r} is not one of {', '.join(FORMATS)}"))
    if supersede and not reason.strip():
        problems.append(Problem("--reason", 0, "", "--supersede needs a --reason to record"))
    if release_id is not None:
        _check_name(release_id, "--release-id", problems)
    if source is not None:
        _check_name(source, "--source", problems)
    check_dates(dates, problems)
    problem = not_a_file(path)
    if problem:
        problems.append(Problem(str(path), 0, "", problem))
    if problems:
        raise IngestError(problems)
    return dates


def _read(
    path: Path, fmt: str | None, label: str, sheet: str | None = None
) -> tuple[str, pl.DataFrame, Accounting]:
    """Detect the format (unless given) and read the whole file, or refuse it."""
    from kzmach.raw.releases.readers import ReleaseError, read_release_accounted

    try:
        return read_release_accounted(path, fmt, label, sheet)
    except ReleaseError as error:
        raise IngestError(error.problems) from None


def _new_release(
    paths: ProjectPaths,
    path: Path,
    sha: str,
    *,
    fmt: str,
    rows: int,
    source: str,
    release_id: str,
    published: str,
    accessed: str,
    maturity: str,
    publisher: str | None,
    described: dict[str, str],
) -> Release:
    """Describe the release the file (whose sha256 is ``sha``) would become."""
    folder = releases_folder(paths) / source / release_id
    if folder.resolve().parent.parent != releases_folder(paths).resolve():
        raise IngestError([Problem("--release-id", 0, "", "would write outside the registry")])
    return Release(
        source=source,
        release_id=release_id,
        format=fmt,
        file=f"{sha[:12]}/{path.name}",
        original_name=path.name,
        sha256=sha,
        bytes=path.stat().st_size,
        published=published,
        accessed=accessed,
        maturity=maturity,
        ingested_at=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        rows=rows,
        kzmach_version=__version__,
        publisher=(publisher or "").strip() or PUBLISHERS.get(source, UNKNOWN_PUBLISHER),
        folder=str(folder),
        name=described["name"],
        unit=described["unit"],
        index_id=described["index_id"],
        url=described["url"],
        sheet=described.get("sheet", ""),
    )


def _registered(
    paths: ProjectPaths, release: Release, label: str, supersede: bool
) -> Release | None:
    """Return the release already registered under the same id (if any), or refuse a clash.

    The records are enough to compare hashes: the build verifies the files themselves.
    """
    folder = Path(release.folder)
    existing, _ = read_records(paths)
    current = next((r for r in existing if r.key == release.key), None)
    if current is not None and current.sha256 == release.sha256:
        stored = folder / current.file
        if not stored.is_file() or file_sha256(stored) != release.sha256:
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
        return current
    elsewhere = [r.key for r in existing if r.sha256 == release.sha256 and r.key != release.key]
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
    return current


#: What a superseding ingest may change besides the file: a redo of a wrong ingest.
DESCRIPTION: Final = ("published", "maturity", "publisher", "name", "unit", "url", "sheet")


def _redescribed(current: Release, release: Release, supersede: bool) -> bool:
    """Tell a redo (the same file, superseded with another description) from a repeat."""
    return supersede and any(getattr(current, k) != getattr(release, k) for k in DESCRIPTION)


def _superseding(release: Release, current: Release, reason: str) -> Release:
    """Return ``release`` with the file and description it replaces added to its history."""
    history = (
        *current.history,
        {
            "file": current.file,
            "sha256": current.sha256,
            **{key: str(getattr(current, key)) for key in DESCRIPTION},
            "ingested_at": current.ingested_at,
            "superseded_at": release.ingested_at,
            "reason": reason.strip(),
        },
    )
    return Release(**{**asdict(release), "history": history})


def _converted(
    paths: ProjectPaths, release: Release, rows: pl.DataFrame, path: Path, label: str
) -> Converted:
    """Convert the rows to observations with the mapping tables, or refuse the release."""
    from kzmach.raw.releases.mapping import read_mapping

    mapping, mapping_problems = read_mapping(paths)
    converted = convert(paths, release, rows, mapping, file=path, label=label, with_values=False)
    errors = mapping_problems + converted.problems
    if errors:
        raise IngestError(errors)
    return converted


def _publish(
    paths: ProjectPaths,
    release: Release,
    stage: Path,
    *,
    replaces: bool,
    progress: Progress,
) -> None:
    """Add the record to the staged file and publish them by renames (see the module docstring).

    ``stage`` holds the file in its ``<sha256[:12]>`` folder, as written by
    :func:`_staged_copy`.
    """
    folder = Path(release.folder)
    sha = release.sha256
    (stage / "release.json").write_text(release.record_text(), encoding="utf-8")
    fsync_tree(stage)
    progress(f"publishing {release.key}")
    folder.parent.mkdir(parents=True, exist_ok=True)
    if not replaces:
        stage.rename(folder)
    else:
        if not (folder / sha[:12]).is_dir():  # a redo keeps the same file: already there
            (stage / sha[:12]).rename(folder / sha[:12])
        (stage / "release.json").replace(folder / "release.json")
