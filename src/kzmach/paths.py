"""Where the project's data lives.

The project root is, in order: the ``KZMACH_ROOT`` environment variable; the nearest folder
at or above the working directory holding ``data/raw/sources.csv`` (so notebooks run from
``notebooks/`` find it); the folder two levels above this package (an editable install).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["ProjectPaths", "Root", "project_paths"]

#: How a function is told the project folder: a path, or None to locate it.
Root = str | os.PathLike[str] | None

_MARKER = Path("data") / "raw" / "sources.csv"


@dataclass(frozen=True, slots=True)
class ProjectPaths:
    """The folders and files of one kzmach project."""

    root: Path

    @property
    def raw(self) -> Path:
        """Raw inputs, never edited: ``data/raw``."""
        return self.root / "data" / "raw"

    @property
    def processed(self) -> Path:
        """Generated tables: ``data/processed``."""
        return self.root / "data" / "processed"

    @property
    def sources_csv(self) -> Path:
        """The source registry."""
        return self.raw / "sources.csv"

    @property
    def figures(self) -> Path:
        """Curated figure tables."""
        return self.raw / "figures"

    @property
    def manifest(self) -> Path:
        """The build manifest."""
        return self.processed / "manifest.json"

    def relative(self, path: Path) -> str:
        """Return ``path`` relative to the root, for messages."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def project_paths(root: str | os.PathLike[str] | None = None) -> ProjectPaths:
    """Locate the project (see the module docstring) or use ``root`` as given."""
    if root is not None:
        return ProjectPaths(Path(root).resolve())
    env = os.environ.get("KZMACH_ROOT")
    if env:
        return ProjectPaths(Path(env).resolve())
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / _MARKER).is_file():
            return ProjectPaths(candidate)
    return ProjectPaths(Path(__file__).resolve().parents[2])
