"""The report's notebook runs, several at once in a pool of worker processes.

Each worker imports what a run needs once (:func:`kzmach.report.notebooks.warm_worker`);
runs start longest first (by their last time in the cache), so no core waits for a long one
at the end. A failed run is named with its notebook and cell, its partial notebook kept in
``reports/failed/<lang>/``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kzmach.report.notebooks import NotebookRun, ReportError, RunFailure, execute_run, warm_worker
from kzmach.report.run_cache import RunJob, last_seconds, store

__all__ = ["run_all", "start_pool"]


def start_pool(count: int) -> ProcessPoolExecutor:
    """Start ``count`` worker processes, each importing what a notebook run needs."""
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(count):
        pool.submit(warm_worker)
    return pool


def run_all(
    jobs: Sequence[RunJob],
    staging: Path,
    root: Path,
    pool: ProcessPoolExecutor | None,
    bar: Any,
    target: Path,
) -> None:
    """Execute the runs (in ``pool``, several at once); cache each; raise on a failure."""
    if not jobs:
        return
    runs = [
        NotebookRun(
            job.run.spec,
            job.run.language,
            job.run.parameters,
            staging / "runs" / f"{job.run.language}-{job.run.spec.name}",
        )
        for job in jobs
    ]
    # longest first (by the last run's time), so that no core waits for a long one at the end
    order = sorted(range(len(runs)), key=lambda i: -last_seconds(jobs[i]))
    failures: list[tuple[NotebookRun, RunFailure]] = []
    if pool is None:
        results = []
        for run in runs:
            bar.set_description(f"run {run.spec.name} ({run.language})")
            results.append(_timed_run(run, str(root)))
            bar.update()
    else:
        bar.set_description(f"run {len(runs)} notebooks, several at once")
        futures = {i: pool.submit(_timed_run, runs[i], str(root)) for i in order}
        results = []
        for i in range(len(runs)):
            results.append(futures[i].result())
            bar.update()
    for job, run, (failure, seconds) in zip(jobs, runs, results, strict=True):
        if failure is not None:
            failures.append((run, failure))
            continue
        store(job, run.folder, seconds)
    if failures:
        run, failure = failures[0]
        kept = ""
        if failure.partial is not None:
            destination = target / "failed" / run.language / failure.partial.name
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(failure.partial, destination)
            kept = f"; the partly executed notebook is in {destination}"
        others = f" ({len(failures) - 1} other run(s) failed too)" if len(failures) > 1 else ""
        raise ReportError(f"{failure.message}{kept}{others}. The previous reports are unchanged.")


def _timed_run(run: NotebookRun, root: str) -> tuple[RunFailure | None, float]:
    started = time.perf_counter()
    return execute_run(run, root), time.perf_counter() - started
