"""The report's last steps per language: the workbook and deck, the record, publication.

Each language's staged folder gets ``chart-data.xlsx`` and ``briefing.pptx`` (reused from the
cache when their runs are unchanged) and ``report.json`` (every file with its sha256), and is
then moved into ``reports/<lang>/`` at once, replacing only that language; the single-language
layout of earlier versions is retired then.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kzmach.paths import project_paths
from kzmach.report.run_cache import DONE, RunJob, sha256_text

__all__ = [
    "DeckInputs",
    "ReportSummary",
    "deck_inputs",
    "finish_language",
    "publish",
    "write_record",
]


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


@dataclass(frozen=True)
class DeckInputs:
    """What every language's deck is made with; ``gaps`` may be computed already."""

    as_of: str | None
    base_years: Mapping[str, int] | None
    root: Path
    gaps: Future[Any] | None = None

    def target_gaps(self) -> Any:
        """Return the target gaps (the same for every language), computing them if needed."""
        if self.gaps is not None:
            return self.gaps.result()
        return deck_inputs(self.as_of, self.base_years, self.root)


def deck_inputs(as_of: str | None, base_years: Mapping[str, int] | None, root: Path) -> Any:
    """Import what the decks and workbooks need, and return the target gaps they show."""
    import kzmach.report.charts.data
    import kzmach.report.deck  # noqa: F401
    from kzmach.api import target_gap

    return target_gap(as_of=as_of, assumptions=base_years, root=root)


def finish_language(
    folder: Path,
    language: str,
    jobs: Sequence[RunJob],
    inputs: DeckInputs,
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
    key = sha256_text(
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
    if not force and (cached / DONE).is_file():
        for name in ("briefing.pptx", WORKBOOK):
            shutil.copyfile(cached / name, folder / name)
        return charts, int(json.loads((cached / DONE).read_text(encoding="utf-8"))["slides"])
    write_workbook(folder / "figures", language, sidecars, folder)
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
    (cached / DONE).write_text(json.dumps({"slides": slides}), encoding="utf-8")
    return charts, slides


def write_record(
    folder: Path,
    summary: ReportSummary,
    language: str,
    jobs: Sequence[RunJob],
    extra: Mapping[str, Any],
    root: Path,
) -> None:
    """Write ``report.json``: what was run, with which parameters, every file's sha256."""
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


def publish(staging: Path, target: Path, languages: Sequence[str]) -> list[Path]:
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
