"""Notebooks are jupytext percent scripts: diffable, output-free, thin and parameterised."""

from __future__ import annotations

import ast
import shutil
import subprocess

import jupytext
import pytest

from kzmach.report.notebooks import MANAGED_PARAMETERS, declared_parameters, discover_notebooks


@pytest.fixture(scope="module")
def notebooks(project_root):
    return sorted((project_root / "notebooks").glob("[0-9][0-9]_*.py"))


def test_the_three_analyses_exist(notebooks):
    names = [path.stem for path in notebooks]
    for wanted in (
        "01_trend",
        "02_share_of_manufacturing",
        "03_target_gap",
        "04_roadmap_measures",
    ):
        assert wanted in names


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


@pytest.mark.parametrize("index", range(4))
def test_notebook_is_canonical_percent_format(notebooks, index):
    path = notebooks[index]
    text = path.read_text(encoding="utf-8")
    assert "format_name: percent" in text
    notebook = jupytext.read(path)

    # stored exactly as jupytext writes it (whatever its version), so a save from JupyterLab
    # leaves no noise in the diff
    def canonical(source: str) -> list[str]:
        return [line for line in source.splitlines() if "jupytext_version" not in line]

    assert canonical(jupytext.writes(notebook, fmt="py:percent")) == canonical(text)


@pytest.mark.parametrize("index", range(4))
def test_notebook_is_thin_and_parameterised(notebooks, index):
    path = notebooks[index]
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
