"""``kzmach report``: build the data, run every notebook in every language, export, publish.

Steps, each shown on a progress bar:

1. build ``data/processed`` (nothing to do when the inputs are unchanged);
2. run each notebook in each language asked for (``--lang all``: en, ru and kk), at most as
   many at once as the machine has cores, each in a kernel of its own
   (:func:`kzmach.report.notebooks.execute_run`); each run exports its charts, with each
   chart's plotted values as ``<chart>_<lang>.csv``;
3. per language: one workbook of the charts' values (``chart-data.xlsx``, a sheet per
   chart) and the briefing deck;
4. move each language's folder into ``reports/<lang>/`` at once; other languages' folders
   are left as they are.

**Nothing redone that has not changed.** A run is keyed on the data (the build's
fingerprint, which covers kzmach's code too), the notebook's text, its parameters and
kzmach's version and report-only files (:data:`REPORT_SUFFIXES`). A run
whose key is in the cache (``.cache/report`` at the project root) is reused and the summary
says so; ``force=True`` (``--force``) runs everything. The deck is keyed the same way on its
runs. Every published file is listed with its sha256 in ``reports/<lang>/report.json``.

**Failure.** Everything is written into a staging folder first. When a run fails the others
finish, nothing is published, the error names the notebook and the cell, and the partly
executed notebook is kept in ``reports/failed/<lang>/``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from kzmach.metadata.vocabulary import LANGUAGES
from kzmach.paths import ProjectPaths, Root, project_paths
from kzmach.report.notebooks import (
    MANAGED_PARAMETERS,
    NotebookSpec,
    ReportError,
    check_parameters,
    discover_notebooks,
)
from kzmach.report.pool import run_all, start_pool
from kzmach.report.publish import (
    DeckInputs,
    ReportSummary,
    deck_inputs,
    finish_language,
    publish,
    write_record,
)
from kzmach.report.run_cache import (
    DONE,
    REPORT_SUFFIXES,
    RunJob,
    cache_entry,
    make_job,
    stage,
)
from kzmach.text.translations import check_language

__all__ = ["ReportSummary", "parse_languages", "report"]


def parse_languages(language: str | Sequence[str]) -> list[str]:
    """Return the languages of ``"en"``, ``"en,ru"``, ``"all"`` or a sequence, in order.

    Raises
    ------
    ValueError
        If a language is not one kzmach writes.
    """
    items = language.split(",") if isinstance(language, str) else list(language)
    chosen: list[str] = []
    for item in (i.strip() for i in items):
        for name in LANGUAGES if item == "all" else (item,):
            check_language(name)
            if name not in chosen:
                chosen.append(name)
    if not chosen:
        raise ValueError(f"no language given; choose from {', '.join(LANGUAGES)} or all")
    return chosen


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="step", file=sys.stderr, leave=False)


def report(
    *,
    language: str | Sequence[str] = "en",
    as_of: date | str | None = None,
    base_years: Mapping[str, int] | None = None,
    parameters: Mapping[str, Any] | None = None,
    notebooks: Sequence[str] = (),
    output: str | os.PathLike[str] | None = None,
    root: Root = None,
    progress: bool = True,
    force: bool = False,
    workers: int | None = None,
    log: Callable[[str], None] = print,
) -> ReportSummary:
    """Make the report (see the module docstring) and return what was written.

    ``language`` is one language, ``"en,ru"`` or ``"all"``. ``parameters`` are extra
    notebook parameters; names no notebook declares are refused. ``notebooks`` limits the
    run to some notebooks (by name or number). ``workers`` caps the notebooks run at once
    (default: the number of cores).

    Raises
    ------
    ReportError
        If a parameter is unknown, a notebook fails (naming notebook and cell), or the deck
        cannot be written. The previous reports are left in place.
    """
    from kzmach.pipeline.build import build

    started = time.perf_counter()
    request = _checked_request(language, as_of, base_years, parameters, notebooks, output, root)
    paths, languages, specs = request.paths, request.languages, request.specs
    request.target.mkdir(parents=True, exist_ok=True)
    staging = request.target / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cache_root = paths.root / ".cache" / "report"
    summary = ReportSummary(output=request.target, languages=languages)
    summary.notebooks = [spec.name for spec in specs]
    bar = _progress(len(specs) * len(languages) + 2 + len(languages), progress)
    count = max(1, min(workers or os.cpu_count() or 1, len(specs) * len(languages)))
    never_run = any(
        not (cache_root / lang / spec.name).is_dir() for lang in languages for spec in specs
    )
    # when notebooks will surely run, the workers start (and import) while the data builds
    pool = start_pool(count) if count > 1 and (force or never_run) else None
    try:
        bar.set_description("build data")
        build(root=paths.root)
        bar.update()
        jobs = _keyed_jobs(request, cache_root)
        pending = [job for job in jobs if force or not (cache_entry(job) / DONE).is_file()]
        summary.reused = len(jobs) - len(pending)
        summary.executed = len(pending)
        bar.update(summary.reused)
        if pool is None and count > 1 and len(pending) > 1:
            pool = start_pool(count)
        _run_and_finish(request, jobs, pending, staging, pool, bar, summary, force)
        bar.set_description("publish")
        summary.seconds = time.perf_counter() - started
        for lang in languages:
            write_record(staging / lang, summary, lang, jobs, request.extra, paths.root)
        summary.files = publish(staging, request.target, languages)
        bar.update()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)
    log(summary.describe())
    return summary


@dataclass(frozen=True)
class _Request:
    """A report's inputs, checked before any work."""

    paths: ProjectPaths
    languages: list[str]
    as_of: str | None
    base_years: Mapping[str, int] | None
    target: Path
    specs: list[NotebookSpec]
    extra: dict[str, Any]


def _checked_request(
    language: str | Sequence[str],
    as_of: date | str | None,
    base_years: Mapping[str, int] | None,
    parameters: Mapping[str, Any] | None,
    notebooks: Sequence[str],
    output: str | os.PathLike[str] | None,
    root: Root,
) -> _Request:
    """Check the languages, the date, the notebooks and their parameters; refuse early."""
    languages = parse_languages(language)
    paths = project_paths(root)
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else as_of
    if as_of_text is not None:
        date.fromisoformat(as_of_text)  # refuse a malformed date before any work
    target = Path(output) if output else paths.root / "reports"
    specs = list(discover_notebooks(paths.root / "notebooks", notebooks))
    extra = dict(parameters or {})
    clash = sorted(set(extra) & set(MANAGED_PARAMETERS))
    if clash:
        raise ReportError(f"set {', '.join(clash)} with their own options, not as parameters")
    check_parameters(specs, extra)
    return _Request(paths, languages, as_of_text, base_years, target, specs, extra)


def _keyed_jobs(request: _Request, cache_root: Path) -> list[RunJob]:
    """Key every run (notebook x language) on the built data, kzmach and its parameters."""
    from kzmach._version import __version__
    from kzmach.pipeline.build import package_hashes

    manifest = json.loads((request.paths.manifest).read_text(encoding="utf-8"))
    basis = {
        "data": manifest["fingerprint"],
        "kzmach": [__version__, package_hashes(REPORT_SUFFIXES)],
    }
    return [
        make_job(
            spec,
            lang,
            {**request.extra, **_managed(lang, request.as_of, request.base_years)},
            basis,
            cache_root,
        )
        for lang in request.languages
        for spec in request.specs
    ]


def _run_and_finish(
    request: _Request,
    jobs: list[RunJob],
    pending: list[RunJob],
    staging: Path,
    pool: ProcessPoolExecutor | None,
    bar: Any,
    summary: ReportSummary,
    force: bool,
) -> None:
    """Run the pending notebooks, stage every run, and write each language's deck."""
    root, cache_root = request.paths.root, request.paths.root / ".cache" / "report"
    # while the notebooks run, a thread prepares what the decks need (their imports and
    # the target gaps): a core is often idle near the end, waiting for the last notebook
    helper = ThreadPoolExecutor(max_workers=1) if pending else None
    gaps = helper.submit(deck_inputs, request.as_of, request.base_years, root) if helper else None
    try:
        run_all(pending, staging, root, pool, bar, request.target)
        for job in jobs:
            stage(job, staging)
        for lang in request.languages:
            bar.set_description(f"deck and workbook ({lang})")
            mine = [job for job in jobs if job.run.language == lang]
            summary.charts, summary.slides[lang] = finish_language(
                staging / lang,
                lang,
                mine,
                DeckInputs(request.as_of, request.base_years, root, gaps),
                cache_root,
                force,
            )
            bar.update()
    finally:
        if helper is not None:
            helper.shutdown(wait=True, cancel_futures=True)


def _managed(language: str, as_of: str | None, base_years: Mapping[str, int] | None) -> dict:
    return {"language": language, "as_of": as_of, "base_years": dict(base_years or {})}
