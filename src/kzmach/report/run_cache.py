"""The report's run cache: each notebook run keyed, kept and reused (``.cache/report``).

A run is keyed on the data (the build's fingerprint, which covers kzmach's code too), the
notebook's text, its parameters and kzmach's version and report-only files
(:data:`REPORT_SUFFIXES`). A finished run's folder is moved into the cache with a ``done.json``
that records its key and how long it took; a later report with the same key copies it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kzmach.report.notebooks import NotebookRun, NotebookSpec

__all__ = [
    "DONE",
    "REPORT_SUFFIXES",
    "RunJob",
    "cache_entry",
    "last_seconds",
    "make_job",
    "sha256_text",
    "stage",
    "store",
]

#: The file that marks a finished, cached run (and a cached deck).
DONE = "done.json"


@dataclass(frozen=True, slots=True)
class RunJob:
    """A notebook run in one language, its cache key and its folder in the cache."""

    run: NotebookRun
    key: str
    cache: Path


def sha256_text(text: str) -> str:
    """Return the sha256 of a text (UTF-8), in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: kzmach's files that shape a report but not the data: the English messages and the style.
#: The build's fingerprint covers the code, catalogue and other messages already.
REPORT_SUFFIXES = (".pot", ".mplstyle")


def make_job(
    spec: NotebookSpec,
    language: str,
    parameters: dict[str, Any],
    basis: dict[str, Any],
    cache_root: Path,
) -> RunJob:
    """Key a notebook run on the data, the notebook's text, its parameters and kzmach."""
    given = {k: v for k, v in parameters.items() if k in spec.parameters}
    key = sha256_text(
        json.dumps(
            {
                **basis,
                "notebook": sha256_text(spec.path.read_text(encoding="utf-8")),
                "parameters": given,
            },
            sort_keys=True,
            default=str,
        )
    )
    run = NotebookRun(spec, language, given, Path())
    return RunJob(run, key, cache_root / language / spec.name)


def cache_entry(job: RunJob) -> Path:
    """Return the folder a run with this key is kept in."""
    return job.cache / job.key


def last_seconds(job: RunJob) -> float:
    """How long this notebook took in this language the last time (0 when never run)."""
    for done in sorted(job.cache.glob(f"*/{DONE}")):
        return float(json.loads(done.read_text(encoding="utf-8")).get("seconds", 0.0))
    return 0.0


def store(job: RunJob, folder: Path, seconds: float) -> None:
    """Keep a successful run in the cache, replacing the entry of an earlier key."""
    shutil.rmtree(job.cache, ignore_errors=True)
    entry = cache_entry(job)
    entry.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder, entry)  # the run's folder is staging's: moved, not copied
    record = {"key": job.key, "seconds": round(seconds, 2)}
    (entry / DONE).write_text(json.dumps(record), encoding="utf-8")


def stage(job: RunJob, staging: Path) -> None:
    """Copy a run's notebook, HTML and charts from the cache into its language's folder."""
    entry = cache_entry(job)
    language = staging / job.run.language
    (language / "figures").mkdir(parents=True, exist_ok=True)
    (language / "notebooks").mkdir(parents=True, exist_ok=True)
    for suffix in (".ipynb", ".html"):
        name = f"{job.run.spec.name}{suffix}"
        shutil.copyfile(entry / name, language / "notebooks" / name)
    for path in sorted((entry / "figures").glob("*")):
        shutil.copyfile(path, language / "figures" / path.name)
