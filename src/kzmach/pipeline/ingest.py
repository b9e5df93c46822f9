"""Ingest a release, checking first that the project still builds with it.

:func:`ingest` is :func:`kzmach.raw.releases.store.ingest` with a dry build before
publishing (:func:`dry_build_check`): the whole project is assembled in the ingest's staging folder
with the release in place, and the release is refused if ``kzmach build`` would then fail, so
that an accepted ingest never stops a later ``make report``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from kzmach.errors import Problem
from kzmach.paths import ProjectPaths
from kzmach.raw.releases.registry import Release, releases_folder
from kzmach.raw.releases.store import IngestError, IngestResult
from kzmach.raw.releases.store import ingest as ingest_checked

__all__ = ["dry_build_check", "ingest"]


def ingest(
    file: str | os.PathLike[str],
    *,
    dry_build: bool = True,
    replace: str | None = None,
    **options: Any,
) -> IngestResult:
    """Check a release file completely, then register it (``kzmach ingest``).

    Parameters
    ----------
    file
        The release as downloaded; it is copied, never moved or changed.
    dry_build
        Assemble the project with the release before publishing it and refuse it if the
        build would fail (:func:`dry_build_check`, a few seconds). A script that ingests many files
        and builds once after them may leave it out.
    replace
        A registered release (``source/release-id``, or its id alone) to redo: the file (the
        same or another) and its description (``published``, ``name``, ``unit``,
        ``publisher``, ``url`` ...) replace the release's, which stay in its ``history``
        with ``reason`` (required). The files themselves are never changed or removed.
    **options
        As for :func:`kzmach.raw.releases.store.ingest` (``published``, ``maturity``,
        ``name``, ``unit``, ``sheet``, ``reason``, ``root`` ...).

    Raises
    ------
    IngestError
        Before anything is written, as :func:`kzmach.raw.releases.store.ingest` does, and
        when the build would fail with the release.
    """
    progress = options.get("progress")

    def check(paths: ProjectPaths, release: Release, stage: Path) -> None:
        if progress is not None:
            progress("checking that the project builds with the release (a dry build)")
        dry_build_check(paths, release, stage)

    if replace is not None:
        options.update(_replaced(replace, options))
    return ingest_checked(file, before_publish=check if dry_build else None, **options)


def _replaced(release: str, options: dict[str, Any]) -> dict[str, Any]:
    """Return the options that redo the registered ``release`` (its id, source, supersede)."""
    from kzmach.paths import project_paths
    from kzmach.raw.releases.registry import read_records

    records, _ = read_records(project_paths(options.get("root")))
    matches = [r for r in records if release in (r.key, r.release_id)]
    if len(matches) != 1:
        known = ", ".join(r.key for r in records) or "none"
        raise IngestError([Problem("--replace", 0, "", f"no single release {release!r}: {known}")])
    if not str(options.get("reason") or "").strip():
        raise IngestError([Problem("--reason", 0, "", "--replace needs a --reason to record")])
    return {"release_id": matches[0].release_id, "source": matches[0].source, "supersede": True}


def dry_build_check(paths: ProjectPaths, release: Release, stage: Path) -> None:
    """Assemble the project as it would be with the release; refuse if the build would fail.

    ``data/raw`` is copied into ``stage/dry-build`` with the release in its place, and
    :func:`kzmach.pipeline.build.assemble` runs every check of the build there; nothing
    outside ``stage`` is touched, and the copy is removed whatever the outcome (the stage
    becomes the release's folder). An error would stop every later ``kzmach build`` and
    ``make report`` until the release was removed by hand, so it refuses the ingest.
    """
    from kzmach.pipeline.build import assemble

    root = stage / "dry-build"
    try:
        shutil.copytree(paths.raw, root / "data" / "raw", ignore=shutil.ignore_patterns(".*"))
        dry = ProjectPaths(root)
        folder = releases_folder(dry) / release.source / release.release_id
        folder.mkdir(parents=True, exist_ok=True)
        sha = release.sha256[:12]
        shutil.copytree(stage / sha, folder / sha, dirs_exist_ok=True)
        (folder / "release.json").write_text(release.record_text(), encoding="utf-8")
        errors = assemble(dry).errors
    finally:
        # the stage becomes the release's folder when it is published: the dry build's
        # copy of data/raw must not go with it
        shutil.rmtree(root, ignore_errors=True)
    if errors:
        said = [
            Problem(
                p.file.replace(str(root) + "/", ""),
                p.row,
                p.column,
                f"the build would fail with this release: {p.message}",
            )
            for p in errors
        ]
        raise IngestError(said)
