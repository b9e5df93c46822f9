"""The report's notebooks: finding them, their parameters, and executing one in one language.

Each notebook of ``notebooks/`` is a jupytext percent script ``NN_name.py`` with a cell
tagged ``parameters``. :func:`execute_run` executes one with papermill in a kernel of its
own, exports its charts into the run's folder and writes the executed notebook as ``.ipynb``
and HTML; :mod:`kzmach.report.runner` schedules the runs, reuses unchanged ones and
publishes the report.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from kzmach.errors import KzmachError
from kzmach.text.notebook_text import localise_notebook

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


def skip_iri_grammars() -> None:
    """Keep jsonschema from compiling its IRI grammars in this process (about 1 s of CPU).

    nbformat (under jupytext, papermill and nbconvert) validates notebooks with jsonschema,
    whose ``format-nongpl`` extra imports ``rfc3987_syntax``, and that module builds some 40
    Earley parsers when imported (python-jsonschema/jsonschema#1428). They check only the
    ``iri`` and ``iri-reference`` formats, which no notebook schema uses. Marking the module
    as absent before jsonschema is imported makes jsonschema leave those two checkers out;
    once jsonschema is imported this changes nothing. The report calls it in its own
    process and in each worker.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def discover_notebooks(directory: Path, only: Sequence[str] = ()) -> list[NotebookSpec]:
    """Return the report's notebooks in ``directory`` (``NN_name.py``), in name order.

    ``only`` selects notebooks by name (``01_trend``) or number (``01``).

    Raises
    ------
    ReportError
        If a requested notebook does not exist or a notebook has no ``parameters`` cell.
    """
    skip_iri_grammars()
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


@dataclass(frozen=True, slots=True)
class NotebookRun:
    """One notebook to execute in one language: where it goes and what it is given."""

    spec: NotebookSpec
    language: str
    parameters: dict[str, Any]
    folder: Path


@dataclass(frozen=True, slots=True)
class RunFailure:
    """Why a notebook run failed, already worded for the user."""

    message: str
    partial: Path | None


def execute_run(run: NotebookRun, root: str) -> RunFailure | None:
    """Execute ``run`` into ``run.folder`` (``<name>.ipynb``, ``.html`` and ``figures/``).

    Runs in a worker process of its own; returns None on success, or the failure, worded
    with the notebook and the cell, with the partly executed notebook kept in the folder.
    """
    environment = {"KZMACH_ROOT": root, "MPLBACKEND": "agg"}  # the kernel inherits them
    saved = {key: os.environ.get(key) for key in environment}
    os.environ.update(environment)
    try:
        return _execute(run)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _execute(run: NotebookRun) -> RunFailure | None:
    """Execute ``run`` with papermill and write its HTML (see :func:`execute_run`).

    The executed notebook is written once, at the end (or with the failing cell when a cell
    fails), not after every cell as papermill does by default.
    """
    skip_iri_grammars()
    import jupytext
    import nbformat
    import papermill

    figures = run.folder / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    values = {**run.parameters, "export_dir": str(figures.resolve())}
    values = {k: v for k, v in values.items() if k in run.spec.parameters}
    executed_path = run.folder / f"{run.spec.name}.ipynb"
    notebook = jupytext.read(run.spec.path)
    # the markdown in the report's language (a cell edited since its translation keeps its
    # English; the tests require every shipped cell translated)
    localise_notebook(notebook, run.spec.name, run.language)
    try:
        papermill.execute_notebook(
            notebook,
            str(executed_path),
            parameters=values,
            kernel_name=KERNEL,
            language="python",
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(run.spec.path.parent),
            kernel_manager_class=_local_kernel_manager(),
        )
    except papermill.PapermillExecutionError as error:
        partial = executed_path if executed_path.is_file() else None
        return RunFailure(_failure_message(run.spec, error), partial)
    except Exception as error:  # the kernel could not start, a cell timed out, ...
        return RunFailure(
            f"notebook {run.spec.name} ({run.spec.path.name}) could not be run: "
            f"{type(error).__name__}: {error}",
            None,
        )
    executed = nbformat.read(executed_path, as_version=4)
    exporter = _html_exporter()
    exporter.language_code = run.language  # <html lang="..."> for readers and spelling
    html, _resources = exporter.from_notebook_node(executed)
    (run.folder / f"{run.spec.name}.html").write_text(html, encoding="utf-8")
    return None


@cache
def _html_exporter() -> Any:
    """Return this process's HTML exporter (its template is compiled once, not per notebook)."""
    from nbconvert import HTMLExporter

    return HTMLExporter()


def warm_worker() -> None:
    """Prepare a worker process for its runs: import papermill, compile the HTML template."""
    skip_iri_grammars()  # before anything imports jsonschema
    import nbformat
    import papermill  # noqa: F401

    _html_exporter().from_notebook_node(nbformat.v4.new_notebook())


def _local_kernel_manager() -> type:
    """Return a kernel manager that talks to its kernel over local (IPC) sockets.

    No network port is opened, and the kernel has no reason to warn about unencrypted TCP.
    Each kernel's sockets get a path of their own, so kernels started at once in the same
    folder never share one.
    """
    import tempfile
    import uuid

    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(Path(tempfile.gettempdir()) / f"kzmach-kernel-{uuid.uuid4().hex}")

        async def _async_interrupt_kernel(self) -> None:
            # jupyter_client interrupts a kernel before asking it to shut down; the kernel,
            # idle after the last cell, then logs "ERROR | KeyboardInterrupt caught in
            # kernel" although nothing went wrong. A kernel being shut down is not
            # interrupted; a timed-out cell is still interrupted (not during shutdown).
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return LocalKernelManager


def _failure_message(spec: NotebookSpec, error: Any) -> str:
    first_line = next((line for line in str(error.source).splitlines() if line.strip()), "")
    return (
        f"notebook {spec.name} ({spec.path.name}) failed in cell {error.cell_index} "
        f"(execution {error.exec_count}: {first_line.strip()!r}): {error.ename}: "
        f"{error.evalue}"
    )
