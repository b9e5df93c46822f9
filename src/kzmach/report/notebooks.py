"""``kzmach report``: build the data, run every notebook, export every chart, write the deck.

Steps, each shown on a progress bar:

1. build ``data/processed`` (nothing to do when the inputs are unchanged);
2. execute each notebook of ``notebooks/`` (jupytext percent scripts ``NN_name.py``) with
   papermill, passing the parameters (language, as-of date, target assumptions, the export
   folder); each notebook exports its charts;
3. write each executed notebook as ``.ipynb`` and HTML;
4. write the briefing deck from the exported charts' sidecars;
5. move everything into ``reports/`` at once.

All of it is first written into a staging folder inside ``reports/``; only when every step
has succeeded are ``reports/figures``, ``reports/notebooks``, ``reports/briefing.pptx`` and
``reports/report.json`` replaced. A failing notebook therefore leaves the previous reports as
they were; the error names the notebook and the cell, and the partly executed notebook is
kept in ``reports/failed/`` for inspection.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from kzmach.errors import KzmachError
from kzmach.paths import project_paths
from kzmach.text.translations import check_language

Root = str | os.PathLike[str] | None

#: Parameters ``kzmach report`` sets itself in every notebook that declares them.
MANAGED_PARAMETERS: Final = ("language", "as_of", "base_years", "export_dir")
KERNEL: Final = "python3"


class ReportError(KzmachError):
    """The report could not be made; the previous reports are untouched."""


@dataclass(frozen=True, slots=True)
class NotebookSpec:
    """A notebook of the report: its source script and the parameters it declares."""

    name: str
    path: Path
    parameters: tuple[str, ...]


@dataclass
class ReportSummary:
    """What a report run wrote, for the closing summary."""

    output: Path
    notebooks: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    slides: int = 0
    seconds: float = 0.0

    def describe(self) -> str:
        """Return the lines printed at the end of ``kzmach report``."""
        figures = [p for p in self.files if p.parent.name == "figures"]
        by_kind: dict[str, int] = {}
        for path in figures:
            kind = "slide png" if path.name.endswith("_slide.png") else path.suffix.lstrip(".")
            by_kind[kind] = by_kind.get(kind, 0) + 1
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(by_kind.items()))
        return "\n".join(
            [
                f"Wrote {self.output} in {self.seconds:.1f} s:",
                f"  figures/    {len(self.charts)} charts ({kinds})",
                f"  notebooks/  {len(self.notebooks)} executed notebooks (.ipynb and .html): "
                + ", ".join(self.notebooks),
                f"  briefing.pptx  {self.slides} slides",
                "  report.json    what was run, with which parameters, and every file's sha256",
            ]
        )


def discover_notebooks(directory: Path, only: Sequence[str] = ()) -> list[NotebookSpec]:
    """Return the report's notebooks in ``directory`` (``NN_name.py``), in name order.

    ``only`` selects notebooks by name (``01_trend``) or number (``01``).

    Raises
    ------
    ReportError
        If a requested notebook does not exist or a notebook has no ``parameters`` cell.
    """
    import jupytext

    specs = []
    for path in sorted(directory.glob("[0-9][0-9]_*.py")):
        notebook = jupytext.read(path)
        specs.append(NotebookSpec(path.stem, path, declared_parameters(notebook, path)))
    if only:
        wanted = set(only)
        chosen = [s for s in specs if s.name in wanted or s.name[:2] in wanted]
        missing = wanted - {s.name for s in chosen} - {s.name[:2] for s in chosen}
        if missing:
            names = ", ".join(s.name for s in specs)
            raise ReportError(f"no notebook {sorted(missing)} in {directory} (there are: {names})")
        specs = chosen
    if not specs:
        raise ReportError(f"no notebooks (NN_name.py) in {directory}")
    return specs


def declared_parameters(notebook: Any, path: Path) -> tuple[str, ...]:
    """Return the names assigned in the notebook's cell tagged ``parameters``."""
    for cell in notebook.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            names: list[str] = []
            for node in ast.parse(cell.source).body:
                targets = node.targets if isinstance(node, ast.Assign) else []
                if isinstance(node, ast.AnnAssign):
                    targets = [node.target]
                names.extend(t.id for t in targets if isinstance(t, ast.Name))
            return tuple(names)
    raise ReportError(f"{path}: no cell tagged 'parameters' (papermill needs one)")


def check_parameters(specs: Sequence[NotebookSpec], parameters: Mapping[str, Any]) -> None:
    """Refuse parameters that no notebook declares, naming the ones that exist.

    Raises
    ------
    ReportError
        For each unknown name, with the declared names listed.
    """
    declared = {name for spec in specs for name in spec.parameters}
    unknown = sorted(set(parameters) - declared)
    if unknown:
        raise ReportError(
            f"unknown notebook parameter{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(u) for u in unknown)}: the notebooks declare "
            f"{', '.join(sorted(declared))}"
        )


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="step", file=sys.stderr, leave=False)


def report(
    *,
    language: str = "en",
    as_of: date | str | None = None,
    base_years: Mapping[str, int] | None = None,
    parameters: Mapping[str, Any] | None = None,
    notebooks: Sequence[str] = (),
    output: str | os.PathLike[str] | None = None,
    root: Root = None,
    progress: bool = True,
    log: Callable[[str], None] = print,
) -> ReportSummary:
    """Make the whole report (see the module docstring) and return what was written.

    ``parameters`` are extra notebook parameters; names no notebook declares are refused.
    ``notebooks`` limits the run to some notebooks (by name or number).

    Raises
    ------
    ReportError
        If a parameter is unknown, a notebook fails (naming notebook and cell), or the deck
        cannot be written. The previous reports are left in place.
    """
    import jupytext
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from kzmach.api import target_gap
    from kzmach.pipeline.build import build, built_date
    from kzmach.report.charts import CHARTS
    from kzmach.report.deck import build_deck, read_sidecars

    started = time.perf_counter()
    check_language(language)
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
    (staging / "figures").mkdir(parents=True)
    (staging / "notebooks").mkdir()
    summary = ReportSummary(output=target)
    bar = _progress(len(specs) + 3, progress)
    environment = {"KZMACH_ROOT": str(paths.root), "MPLBACKEND": "agg"}
    saved_environment = {key: os.environ.get(key) for key in environment}
    try:
        os.environ.update(environment)
        bar.set_description("build data")
        build(root=paths.root)
        bar.update()
        managed = {
            "language": language,
            "as_of": as_of_text,
            "base_years": dict(base_years or {}),
            "export_dir": str((staging / "figures").resolve()),
        }
        for spec in specs:
            bar.set_description(f"run {spec.name}")
            values = {k: v for k, v in {**managed, **extra}.items() if k in spec.parameters}
            notebook = jupytext.read(spec.path)
            executed_path = staging / "notebooks" / f"{spec.name}.ipynb"
            try:
                papermill.execute_notebook(
                    notebook,
                    str(executed_path),
                    parameters=values,
                    kernel_name=KERNEL,
                    language="python",
                    progress_bar=False,
                    cwd=str(spec.path.parent),
                    kernel_manager_class=_local_kernel_manager(),
                )
            except papermill.PapermillExecutionError as error:
                raise ReportError(_failure_message(spec, error, executed_path, target)) from None
            except Exception as error:  # the kernel could not start, a cell timed out, ...
                raise ReportError(
                    f"notebook {spec.name} ({spec.path.name}) could not be run: "
                    f"{type(error).__name__}: {error}. The previous reports are unchanged."
                ) from error
            executed = nbformat.read(executed_path, as_version=4)
            html, _resources = HTMLExporter().from_notebook_node(executed)
            (staging / "notebooks" / f"{spec.name}.html").write_text(html, encoding="utf-8")
            summary.notebooks.append(spec.name)
            bar.update()
        bar.set_description("write deck")
        sidecars = read_sidecars(staging / "figures", language, list(CHARTS))
        summary.charts = sorted(record["name"] for record in sidecars)
        if sidecars:
            gaps = target_gap(as_of=as_of_text, assumptions=base_years, root=paths.root)
            deck = build_deck(
                sidecars,
                staging / "figures",
                staging / "briefing.pptx",
                language=language,
                as_of=as_of_text or max(record["data_as_of"] for record in sidecars),
                built=built_date(paths),
                target_gaps=gaps,
            )
            summary.slides = len(deck.slide_titles)
        bar.update()
        bar.set_description("publish")
        summary.seconds = time.perf_counter() - started
        _write_record(staging, summary, managed, extra, specs, paths.root)
        summary.files = _publish(staging, target)
        bar.update()
    finally:
        bar.close()
        shutil.rmtree(staging, ignore_errors=True)
        for key, value in saved_environment.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    log(summary.describe())
    return summary


def _local_kernel_manager() -> type:
    """Return a kernel manager that talks to its kernel over local (IPC) sockets.

    No network port is opened, and the kernel has no reason to warn about unencrypted TCP.
    """
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"

    return LocalKernelManager


def _failure_message(spec: NotebookSpec, error: Any, executed: Path, target: Path) -> str:
    failed_dir = target / "failed"
    kept = ""
    if executed.is_file():
        failed_dir.mkdir(parents=True, exist_ok=True)
        destination = failed_dir / executed.name
        shutil.copyfile(executed, destination)
        kept = f"; the partly executed notebook is in {destination}"
    first_line = next((line for line in str(error.source).splitlines() if line.strip()), "")
    return (
        f"notebook {spec.name} ({spec.path.name}) failed in cell {error.cell_index} "
        f"(execution {error.exec_count}: {first_line.strip()!r}): {error.ename}: "
        f"{error.evalue}{kept}. The previous reports are unchanged."
    )


def _write_record(
    staging: Path,
    summary: ReportSummary,
    managed: Mapping[str, Any],
    extra: Mapping[str, Any],
    specs: Sequence[NotebookSpec],
    root: Path,
) -> None:
    from kzmach._version import __version__
    from kzmach.files import file_sha256
    from kzmach.report.charts.base import git_commit, utc_now

    files = sorted(p for p in staging.rglob("*") if p.is_file())
    record = {
        "kzmach_version": __version__,
        "generated_at": utc_now(),
        "git_commit": git_commit(root),
        "parameters": {**{k: v for k, v in managed.items() if k != "export_dir"}, **extra},
        "notebooks": [s.path.name for s in specs],
        "charts": summary.charts,
        "seconds": round(summary.seconds, 2),
        "files": {p.relative_to(staging).as_posix(): file_sha256(p) for p in files},
    }
    (staging / "report.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


def _publish(staging: Path, target: Path) -> list[Path]:
    """Move the staged outputs into ``target``, replacing the previous ones."""
    retired = target / f".retired-{os.getpid()}"
    retired.mkdir(exist_ok=True)
    written: list[Path] = []
    for item in sorted(staging.iterdir()):
        destination = target / item.name
        if destination.exists():
            destination.replace(retired / item.name)
        item.replace(destination)
        written.extend(
            [p for p in destination.rglob("*") if p.is_file()]
            if destination.is_dir()
            else [destination]
        )
    shutil.rmtree(retired, ignore_errors=True)
    shutil.rmtree(target / "failed", ignore_errors=True)  # an older failure is now resolved
    return written
