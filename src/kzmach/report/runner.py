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

import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kzmach.metadata.vocabulary import LANGUAGES
from kzmach.paths import Root, project_paths
from kzmach.report.notebooks import (
    MANAGED_PARAMETERS,
    NotebookRun,
    NotebookSpec,
    ReportError,
    RunFailure,
    check_parameters,
    discover_notebooks,
    execute_run,
    warm_worker,
)
from kzmach.text.translations import check_language

__all__ = ["ReportSummary", "parse_languages", "report"]

_DONE = "done.json"


@dataclass
class ReportSummary:
    """What a report run wrote, for the closing summary."""

    output: Path
    languages: list[str] = field(default_factory=list)
    notebooks: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    slides: dict[str, int] = field(default_factory=dict)
    executed: int = 0
    reused: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        """Return the lines printed at the end of ``kzmach report``."""
        runs = self.executed + self.reused
        reuse = (
            f"{self.reused} of {runs} notebook runs reused (data, notebook, parameters and "
            "kzmach unchanged; --force reruns them)"
            if self.reused
            else f"{runs} notebook runs executed"
        )
        lines = [f"Wrote {self.output} in {self.seconds:.1f} s; {reuse}:"]
        for language in self.languages:
            mine = [p for p in self.files if p.parts[-3:-1] == (language, "figures")]
            lines.append(
                f"  {language}/figures/    {len(self.charts)} charts, each as png, svg, pdf, "
                f"slide png, json and csv ({len(mine)} files)"
            )
        lines += [
            f"  <lang>/notebooks/  {len(self.notebooks)} executed notebooks (.ipynb and .html): "
            + ", ".join(self.notebooks),
            "  <lang>/chart-data.xlsx  every chart's values, a sheet per chart",
            "  <lang>/briefing.pptx   "
            + ", ".join(f"{lang} {n} slides" for lang, n in self.slides.items()),
            "  <lang>/report.json     what was run, with which parameters, every file's sha256",
        ]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Job:
    run: NotebookRun
    key: str
    cache: Path


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


def _sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: kzmach's files that shape a report but not the data: the English messages and the style.
#: The build's fingerprint covers the code, catalogue and other messages already.
REPORT_SUFFIXES = (".pot", ".mplstyle")


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
    from kzmach._version import __version__
    from kzmach.pipeline.build import build, package_hashes

    started = time.perf_counter()
    languages = parse_languages(language)
    paths = project_paths(root)
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else as_of
    if as_of_text is not None:
        date.fromisoformat(as_of_text)  # refuse a malformed date before any work
    target = Path(output) if output else paths.root / "reports"
    specs = discover_notebooks(paths.root / "notebooks", notebooks)
    extra = dict(parameters or {})
    clash = sorted(set(extra) & set(MANAGED_PARAMETERS))
    if clash:
        raise ReportError(f"set {', '.join(clash)} with their own options, not as parameters")
    check_parameters(specs, extra)

    target.mkdir(parents=True, exist_ok=True)
    staging = target / f".staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cache_root = paths.root / ".cache" / "report"
    summary = ReportSummary(output=target, languages=languages)
    summary.notebooks = [spec.name for spec in specs]
    bar = _progress(len(specs) * len(languages) + 2 + len(languages), progress)
    count = max(1, min(workers or os.cpu_count() or 1, len(specs) * len(languages)))
    never_run = any(
        not (cache_root / lang / spec.name).is_dir() for lang in languages for spec in specs
    )
    # when notebooks will surely run, the workers start (and import) while the data builds
    pool = _start_pool(count) if count > 1 and (force or never_run) else None
    try:
        bar.set_description("build data")
        build(root=paths.root)
        bar.update()
        manifest = json.loads((paths.processed / "manifest.json").read_text(encoding="utf-8"))
        basis = {
            "data": manifest["fingerprint"],
            "kzmach": [__version__, package_hashes(REPORT_SUFFIXES)],
        }
        jobs = [
            _job(spec, lang, {**extra, **_managed(lang, as_of_text, base_years)}, basis, cache_root)
            for lang in languages
            for spec in specs
        ]
        pending = [job for job in jobs if force or not (_entry(job) / _DONE).is_file()]
        summary.reused = len(jobs) - len(pending)
        summary.executed = len(pending)
        bar.update(summary.reused)
        if pool is None and count > 1 and len(pending) > 1:
            pool = _start_pool(count)
        # while the notebooks run, a thread prepares what the decks need (their imports and
        # the target gaps): a core is often idle near the end, waiting for the last notebook
        helper = ThreadPoolExecutor(max_workers=1) if pending else None
        gaps = helper.submit(_deck_inputs, as_of_text, base_years, paths.root) if helper else None
        try:
            _run_all(pending, staging, paths.root, pool, bar, target)
            for job in jobs:
                _stage(job, staging)
            for lang in languages:
                bar.set_description(f"deck and workbook ({lang})")
                mine = [job for job in jobs if job.run.language == lang]
                summary.charts, summary.slides[lang] = _finish_language(
                    staging / lang,
                    lang,
                    mine,
                    _DeckInputs(as_of_text, base_years, paths.root, gaps),
                    cache_root,
                    force,
                )
                bar.update()
        finally:
            if helper is not None:
                helper.shutdown(wait=True, cancel_futures=True)
        bar.set_description("publish")
        summary.seconds = time.perf_counter() - started
        for lang in languages:
            _write_record(staging / lang, summary, lang, jobs, extra, paths.root)
        summary.files = _publish(staging, target, languages)
        bar.update()
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)
    log(summary.describe())
    return summary


def _managed(language: str, as_of: str | None, base_years: Mapping[str, int] | None) -> dict:
    return {"language": language, "as_of": as_of, "base_years": dict(base_years or {})}


def _job(
    spec: NotebookSpec,
    language: str,
    parameters: dict[str, Any],
    basis: dict[str, Any],
    cache_root: Path,
) -> _Job:
    """Key a notebook run on the data, the notebook's text, its parameters and kzmach."""
    given = {k: v for k, v in parameters.items() if k in spec.parameters}
    key = _sha256_text(
        json.dumps(
            {
                **basis,
                "notebook": _sha256_text(spec.path.read_text(encoding="utf-8")),
                "parameters": given,
            },
            sort_keys=True,
            default=str,
        )
    )
    run = NotebookRun(spec, language, given, Path())
    return _Job(run, key, cache_root / language / spec.name)


def _entry(job: _Job) -> Path:
    return job.cache / job.key


def _start_pool(count: int) -> ProcessPoolExecutor:
    """Start ``count`` worker processes, each importing what a notebook run needs."""
    import multiprocessing

    pool = ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("spawn"))
    for _ in range(count):
        pool.submit(warm_worker)
    return pool


def _run_all(
    jobs: Sequence[_Job],
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
    order = sorted(range(len(runs)), key=lambda i: -_last_seconds(jobs[i]))
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
        _store(job, run.folder, seconds)
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


def _last_seconds(job: _Job) -> float:
    """How long this notebook took in this language the last time (0 when never run)."""
    for done in sorted(job.cache.glob(f"*/{_DONE}")):
        return float(json.loads(done.read_text(encoding="utf-8")).get("seconds", 0.0))
    return 0.0


def _store(job: _Job, folder: Path, seconds: float) -> None:
    """Keep a successful run in the cache, replacing the entry of an earlier key."""
    shutil.rmtree(job.cache, ignore_errors=True)
    entry = _entry(job)
    entry.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(folder, entry)  # the run's folder is staging's: moved, not copied
    record = {"key": job.key, "seconds": round(seconds, 2)}
    (entry / _DONE).write_text(json.dumps(record), encoding="utf-8")


def _stage(job: _Job, staging: Path) -> None:
    """Copy a run's notebook, HTML and charts from the cache into its language's folder."""
    entry = _entry(job)
    language = staging / job.run.language
    (language / "figures").mkdir(parents=True, exist_ok=True)
    (language / "notebooks").mkdir(parents=True, exist_ok=True)
    for suffix in (".ipynb", ".html"):
        name = f"{job.run.spec.name}{suffix}"
        shutil.copyfile(entry / name, language / "notebooks" / name)
    for path in sorted((entry / "figures").glob("*")):
        shutil.copyfile(path, language / "figures" / path.name)


@dataclass(frozen=True)
class _DeckInputs:
    """What every language's deck is made with; ``gaps`` may be computed already."""

    as_of: str | None
    base_years: Mapping[str, int] | None
    root: Path
    gaps: Future[Any] | None = None

    def target_gaps(self) -> Any:
        """Return the target gaps (the same for every language), computing them if needed."""
        if self.gaps is not None:
            return self.gaps.result()
        return _deck_inputs(self.as_of, self.base_years, self.root)


def _deck_inputs(as_of: str | None, base_years: Mapping[str, int] | None, root: Path) -> Any:
    """Import what the decks and workbooks need, and return the target gaps they show."""
    import kzmach.report.charts.data
    import kzmach.report.deck  # noqa: F401
    from kzmach.api import target_gap

    return target_gap(as_of=as_of, assumptions=base_years, root=root)


def _finish_language(
    folder: Path,
    language: str,
    jobs: Sequence[_Job],
    inputs: _DeckInputs,
    cache_root: Path,
    force: bool,
) -> tuple[list[str], int]:
    """Write the language's chart-data workbook and deck (both reused when unchanged)."""
    from kzmach.pipeline.build import built_date
    from kzmach.report.charts import CHARTS
    from kzmach.report.charts.data import WORKBOOK, write_workbook
    from kzmach.report.deck import build_deck, read_sidecars

    sidecars = read_sidecars(folder / "figures", language, list(CHARTS))
    charts = sorted(record["name"] for record in sidecars)
    if not sidecars:
        return charts, 0
    key = _sha256_text(
        json.dumps(
            {
                "runs": [job.key for job in jobs],
                "as_of": inputs.as_of,
                "base_years": inputs.base_years,
            },
            sort_keys=True,
            default=str,
        )
    )
    cached = cache_root / language / "deck" / key
    if not force and (cached / _DONE).is_file():
        for name in ("briefing.pptx", WORKBOOK):
            shutil.copyfile(cached / name, folder / name)
        return charts, int(json.loads((cached / _DONE).read_text(encoding="utf-8"))["slides"])
    write_workbook(folder / "figures", language, [r["name"] for r in sidecars], folder)
    deck = build_deck(
        sidecars,
        folder / "figures",
        folder / "briefing.pptx",
        language=language,
        as_of=inputs.as_of or max(record["data_as_of"] for record in sidecars),
        built=built_date(project_paths(inputs.root)),
        target_gaps=inputs.target_gaps(),
    )
    shutil.rmtree(cached.parent, ignore_errors=True)
    cached.mkdir(parents=True)
    for name in ("briefing.pptx", WORKBOOK):
        shutil.copyfile(folder / name, cached / name)
    slides = len(deck.slide_titles)
    (cached / _DONE).write_text(json.dumps({"slides": slides}), encoding="utf-8")
    return charts, slides


def _write_record(
    folder: Path,
    summary: ReportSummary,
    language: str,
    jobs: Sequence[_Job],
    extra: Mapping[str, Any],
    root: Path,
) -> None:
    from kzmach._version import __version__
    from kzmach.files import file_sha256
    from kzmach.report.charts.base import git_commit, utc_now

    mine = [job for job in jobs if job.run.language == language]
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    record = {
        "kzmach_version": __version__,
        "generated_at": utc_now(),
        "git_commit": git_commit(root),
        "language": language,
        "parameters": {**(mine[0].run.parameters if mine else {}), **extra},
        "notebooks": [job.run.spec.path.name for job in mine],
        "runs": {job.run.spec.name: job.key for job in mine},
        "reused": summary.reused,
        "executed": summary.executed,
        "charts": summary.charts,
        "seconds": round(summary.seconds, 2),
        "files": {p.relative_to(folder).as_posix(): file_sha256(p) for p in files},
    }
    (folder / "report.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


#: The single-language layout of earlier versions, retired when a report is published.
_RETIRED = ("figures", "notebooks", "briefing.pptx", "report.json")


def _publish(staging: Path, target: Path, languages: Sequence[str]) -> list[Path]:
    """Move each staged language folder into ``target``, replacing only that language."""
    retired = target / f".retired-{os.getpid()}"
    retired.mkdir(exist_ok=True)
    written: list[Path] = []
    for language in languages:
        destination = target / language
        if destination.exists():
            destination.replace(retired / language)
        (staging / language).replace(destination)
        written.extend(p for p in destination.rglob("*") if p.is_file())
    for name in _RETIRED:
        old = target / name
        if old.exists():
            old.replace(retired / name)
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(target / "failed", ignore_errors=True)  # an older failure is now resolved
    return written
