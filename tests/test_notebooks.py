"""Notebooks are jupytext percent scripts: diffable, output-free, thin and parameterised."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import pytest

from kzmach.report.notebooks import MANAGED_PARAMETERS, declared_parameters, discover_notebooks

#: Every notebook of the project, found, not counted: a new one is checked like the others.
NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.py"))


def test_every_notebook_is_listed_and_every_listed_one_exists(project_root):
    """The notebooks README's table and the folder hold the same notebooks, the three analyses
    among them; a notebook deleted or renamed fails here."""
    listed = re.findall(
        r"^\| `(\d\d_\w+)\.py` \|",
        (project_root / "notebooks" / "README.md").read_text(encoding="utf-8"),
        flags=re.M,
    )
    assert sorted(listed) == [path.stem for path in NOTEBOOKS]
    analyses = ("trend", "share_of_manufacturing", "target_gap")
    assert all(any(path.stem.endswith(f"_{a}") for path in NOTEBOOKS) for a in analyses)


def test_no_ipynb_is_tracked(project_root):
    if shutil.which("git") and (project_root / ".git").exists():
        tracked = subprocess.run(
            ["git", "-C", str(project_root), "ls-files", "notebooks"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        assert tracked, "git lists no notebooks"
    else:  # an exported tree without git: nothing there may be an .ipynb
        tracked = [p.name for p in (project_root / "notebooks").iterdir()]
    assert [name for name in tracked if name.endswith(".ipynb")] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_canonical_percent_format(path):
    text = path.read_text(encoding="utf-8")
    assert "format_name: percent" in text
    notebook = jupytext.read(path)

    # stored exactly as jupytext writes it (whatever its version), so a save from JupyterLab
    # leaves no noise in the diff
    def canonical(source: str) -> list[str]:
        return [line for line in source.splitlines() if "jupytext_version" not in line]

    assert canonical(jupytext.writes(notebook, fmt="py:percent")) == canonical(text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_thin_and_parameterised(path):
    notebook = jupytext.read(path)
    assert set(declared_parameters(notebook, path)) == set(MANAGED_PARAMETERS)
    code = "\n".join(c.source for c in notebook.cells if c.cell_type == "code")
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            assert all(alias.name.split(".")[0] == "kzmach" for alias in node.names), path
        elif isinstance(node, ast.ImportFrom):
            assert (node.module or "").split(".")[0] == "kzmach", path
        assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda), path
    markdown = " ".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert "**Caveats.**" in markdown and "Method" in markdown, path
    assert all(not c.get("outputs") for c in notebook.cells)


def test_discovery_refuses_unknown_notebooks(project_root):
    from kzmach.report.notebooks import ReportError

    with pytest.raises(ReportError, match=r"no notebook .*'99_none'.*there are: 01_trend"):
        discover_notebooks(project_root / "notebooks", ["99_none"])
    chosen = discover_notebooks(project_root / "notebooks", ["02"])
    assert [spec.name for spec in chosen] == ["02_share_of_manufacturing"]
