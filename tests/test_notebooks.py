"""Notebooks are jupytext percent scripts: diffable, output-free, thin and parameterised."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kzmach.report.notebooks import MANAGED_PARAMETERS, declared_parameters, discover_notebooks


def _jupytext():
    """jupytext, imported by the tests that read a notebook (its import takes 3 s, and every
    pytest worker imports each test module to collect it)."""
    import jupytext

    return jupytext


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
    notebook = _jupytext().read(path)

    # stored exactly as jupytext writes it (whatever its version), so a save from JupyterLab
    # leaves no noise in the diff
    def canonical(source: str) -> list[str]:
        return [line for line in source.splitlines() if "jupytext_version" not in line]

    assert canonical(_jupytext().writes(notebook, fmt="py:percent")) == canonical(text)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_thin_and_parameterised(path):
    notebook = _jupytext().read(path)
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


#: Words a Russian or Kazakh notebook keeps in Latin letters: names of authors, books, methods
#: and tools, and codes; anything else of three Latin letters or more is English prose.
LATIN_NAMES = re.compile(
    r"Kiefer|Vogelsang|Hyndman|Athanasopoulos|Flyvbjerg|Forecasting:\s+Principles\s+and\s+Practice|None|"
    r"UN IRIS|FPP3|ETS|HAC|README|MAPE|kzmach|ISO"
)


def english_words(text: str) -> list[str]:
    """Return the Latin words of three letters or more left once code, links and names go."""
    text = re.sub(r"`[^`]*`", "", text)  # code, column and function names
    text = re.sub(r"https?://\S+|\S+/\S+|\S*\.(csv|py|json)\b", "", text)  # addresses, files
    text = LATIN_NAMES.sub("", text)
    text = re.sub(r"\b[IVXL]+\b", "", text)  # Roman numerals: HS sections XVI–XVIII
    return re.findall(r"[A-Za-z]{3,}", text)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_markdown_cell_is_translated(language):
    """Every markdown cell of every notebook has a translation, none empty or fuzzy, with no
    English prose in it; the template holds exactly the notebooks' cells."""
    from kzmach.text.notebook_text import markdown_messages, translations

    translated = translations(language)
    cells = {(path.stem, text) for path in NOTEBOOKS for text in markdown_messages(path)}
    missing = [key for key in cells if key not in translated]
    assert not missing, f"{language}: {len(missing)} cells untranslated, e.g. {missing[0]}"
    assert set(translated) == cells  # no translation of a cell that is gone
    for key in sorted(cells):
        assert not english_words(translated[key]), (
            language,
            key[0],
            english_words(translated[key]),
        )
        # the translation keeps the cell's headings and code spans
        assert translated[key].count("#") == key[1].count("#"), key
        assert sorted(re.findall(r"`[^`]*`", translated[key])) == sorted(
            re.findall(r"`[^`]*`", key[1])
        ), key


def test_the_template_is_extracted_from_the_notebooks(project_root, tmp_path):
    """``make messages`` has been run: the shipped template equals a fresh extraction."""
    from babel.messages.pofile import read_po

    from kzmach.text.notebook_text import write_catalogs

    locale = tmp_path / "locale"
    for language in ("ru", "kk"):
        (locale / language / "LC_MESSAGES").mkdir(parents=True)
    write_catalogs(project_root / "notebooks", locale)
    shipped = project_root / "src" / "kzmach" / "text" / "locale" / "notebooks.pot"

    def messages(path: Path) -> list[tuple[str, str]]:
        with path.open("rb") as stream:
            return [(m.context, m.id) for m in read_po(stream) if m.id]

    assert messages(locale / "notebooks.pot") == messages(shipped)


def test_a_notebook_is_put_into_the_report_language(tmp_path):
    """The report's runner swaps each markdown cell for its translation and marks the language;
    an edited cell keeps its English and is reported."""
    from kzmach.text.notebook_text import localise_notebook

    notebook = _jupytext().read(NOTEBOOKS[0])
    english = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    notebook.cells[[c.cell_type for c in notebook.cells].index("markdown")].source += " Edited."
    missing = localise_notebook(notebook, NOTEBOOKS[0].stem, "kk")
    assert missing == [english[0] + " Edited."]
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    assert markdown[0] == english[0] + " Edited." and markdown[1] != english[1]
    assert "Ағымдағы бағамен өнім" in markdown[1] and notebook.metadata["language"] == "kk-KZ"
