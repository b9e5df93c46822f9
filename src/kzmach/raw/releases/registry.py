"""The registered releases: ``release.json`` records, where they live, and their files.

Each ingested release has ``data/raw/releases/<source>/<release-id>/release.json`` and its
file in ``<sha256[:12]>/``; :func:`list_releases` reads the records and checks the files.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from kzmach.errors import Problem
from kzmach.files import file_sha256
from kzmach.paths import ProjectPaths

__all__ = [
    "PUBLISHERS",
    "Release",
    "list_releases",
    "read_records",
    "releases_folder",
    "staging_folder",
]

PUBLISHERS: Final = {
    "bns": "Bureau of National Statistics of Kazakhstan",
    "taldau": "Bureau of National Statistics of Kazakhstan (Taldau portal)",
    "sdg": "Bureau of National Statistics of Kazakhstan (Open SDG platform)",
    "world-bank": "World Bank, World Development Indicators",
}
UNKNOWN_PUBLISHER: Final = "publisher not recorded"


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
    name: str = ""
    unit: str = ""
    index_id: str = ""
    url: str = ""
    sheet: str = ""

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

    def record_text(self) -> str:
        """Return ``release.json`` as written: the record, indented, non-ASCII kept."""
        return json.dumps(self.record(), indent=2, ensure_ascii=False) + "\n"


def releases_folder(paths: ProjectPaths) -> Path:
    """``data/raw/releases``."""
    return paths.raw / "releases"


def staging_folder(paths: ProjectPaths) -> Path:
    """``data/.staging``: beside ``data/raw`` (same file system) but outside it."""
    return paths.root / "data" / ".staging"


def release_from(path: Path, record: dict[str, Any]) -> Release:
    known = {k: record[k] for k in Release.__dataclass_fields__ if k in record}
    known["history"] = tuple(record.get("history", ()))
    return Release(**known, folder=str(path.parent))


def read_records(paths: ProjectPaths) -> tuple[list[Release], list[Problem]]:
    """Read every ``release.json`` as it is, without checking the files it names."""
    releases: list[Release] = []
    problems: list[Problem] = []
    for path in sorted(releases_folder(paths).glob("*/*/release.json")):
        try:
            releases.append(release_from(path, json.loads(path.read_text(encoding="utf-8"))))
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
    records, problems = read_records(paths)
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
