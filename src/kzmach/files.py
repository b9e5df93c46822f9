"""Files, written and read one way: atomic writes, file hashes and curated CSV tables.

* :func:`atomic_write` writes through a temporary file in the same folder, flushes it to
  disk (``fsync``) and renames it into place with ``os.replace``: a reader sees the old file
  or the new one, never half of one, and a crash leaves the old file intact.
* :func:`file_sha256` hashes a file's bytes (``hashlib.file_digest``).
* :func:`read_csv_table` reads every curated CSV table of ``data/raw``: the header checked,
  each record with the file line it starts on, and every problem named by file, row and
  column instead of a traceback.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from kzmach.errors import KzmachError, Problem
from kzmach.paths import ProjectPaths

__all__ = [
    "LockTimeout",
    "atomic_write",
    "atomic_write_bytes",
    "file_sha256",
    "fsync_tree",
    "project_lock",
    "read_csv_table",
    "records_with_lines",
]

Rows = list[tuple[int, dict[str, str]]]


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` by calling ``write(temporary)``, then fsync and rename it into place.

    The temporary file sits in the same folder (so the rename is atomic) and gets the mode a
    new file would get; it is removed if ``write`` fails, leaving ``path`` as it was.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        with temporary.open("rb") as stream:
            os.fsync(stream.fileno())
        temporary.chmod(0o666 & ~_umask())
        temporary.replace(path)  # os.replace: atomic on the same file system
    finally:
        temporary.unlink(missing_ok=True)


def atomic_write_bytes(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically (see :func:`atomic_write`)."""

    def write(temporary: Path) -> None:
        temporary.write_bytes(payload)

    atomic_write(path, write)


def fsync_tree(folder: Path) -> None:
    """Flush every file below ``folder`` to disk (before a folder is renamed into place)."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as stream:
                os.fsync(stream.fileno())


def file_sha256(path: Path) -> str:
    """Return the hex sha256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def records_with_lines(reader: csv.DictReader[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line, record)``: each record with the file line it starts on (header = 1).

    A quoted cell may span lines, so the line is taken from where the previous record ended.
    """
    end = 1
    for record in reader:
        start, end = end + 1, reader.line_num
        yield start, record


def read_csv_table(
    path: Path,
    columns: Sequence[str],
    *,
    label: str,
    any_order: bool = False,
    extra_columns: bool = False,
) -> tuple[Rows, list[Problem]]:
    """Read a curated CSV table; return its ``(line, record)`` rows and the problems met.

    Parameters
    ----------
    path
        The table.
    columns
        The columns it must have: exactly these, in this order, unless ``any_order``.
    label
        The file's name in messages (its project path).
    any_order
        Accept the columns in any order; a missing one is named by the problem's column.
    extra_columns
        With ``any_order``, accept columns beyond ``columns`` (otherwise they are refused).

    Returns
    -------
    tuple
        The rows (missing cells read as empty; a row with more cells than columns is left
        out) and the problems: a missing file, text that is not UTF-8, a wrong header, and
        rows with too many cells, each with the file and row.
    """
    if not path.is_file():
        return [], [Problem(label, 0, "", "file is missing")]
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return [], [Problem(label, 0, "", f"not UTF-8 text ({error.reason})")]
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = list(reader.fieldnames or [])
    if not any_order and header != list(columns):
        return [], [Problem(label, 1, "", f"columns are {header}, expected {list(columns)}")]
    missing = [c for c in columns if c not in header]
    if missing:
        return [], [Problem(label, 1, missing[0], f"missing column(s): {', '.join(missing)}")]
    unknown = [c for c in header if c not in columns]
    if unknown and not extra_columns:
        return [], [Problem(label, 1, unknown[0], f"unknown column(s): {', '.join(unknown)}")]
    rows: Rows = []
    problems: list[Problem] = []
    for line, record in records_with_lines(reader):
        if None in record:
            problems.append(Problem(label, line, "", "more cells than columns"))
            continue
        rows.append((line, {k: v or "" for k, v in record.items()}))
    return rows, problems


class LockTimeout(KzmachError):
    """Another kzmach process holds the project's lock for longer than we wait."""


@contextmanager
def project_lock(paths: ProjectPaths, wait: float = 60.0) -> Iterator[None]:
    """Hold the project's lock (``.kzmach.lock`` in the project) while ingesting or building.

    A second ``kzmach ingest`` or ``build`` of the same project waits up to ``wait`` seconds
    for the first to finish, then refuses clearly, instead of clearing the other's staging.
    The lock is re-entrant within a process.
    """
    from filelock import FileLock, Timeout

    lock_path = paths.root / ".kzmach.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(lock_path, is_singleton=True)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise LockTimeout(
            f"another kzmach ingest or build is running on {paths.root} (it holds "
            f"{paths.relative(lock_path)}); waited {wait:g} s: try again when it has finished"
        ) from None
    try:
        yield
    finally:
        lock.release()
