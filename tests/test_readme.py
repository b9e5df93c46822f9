"""The README and the folder READMEs say what the code does: counts, names and signatures.

Where they list things (charts, notebook runs, tables, facade functions, a signature), the
list is read from the code and compared, so a change that makes the README wrong fails here.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from pathlib import Path

import pytest

import kzmach

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NUMBER_WORDS = {
    11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen", 15: "fifteen", 16: "sixteen",
    17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty",
}  # fmt: skip


def test_the_chart_count_is_the_registrys():
    from kzmach.report.charts import CHARTS

    said = re.search(r"The (\w+) charts \(`kzmach.report.charts.CHARTS`\)", README)
    assert said, "the README names the charts' count"
    assert said[1] == NUMBER_WORDS[len(CHARTS)]
    assert f"{len(CHARTS)} charts)" in README  # the table of the two commands


def test_the_notebook_runs_are_every_notebook_in_every_language():
    from kzmach.metadata.vocabulary import LANGUAGES

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    runs = len(notebooks) * len(LANGUAGES)
    assert f"{runs} notebook runs ({len(notebooks)} notebooks in {len(LANGUAGES)} languages)" in (
        " ".join(README.split())
    )
    assert f'"{runs} of {runs}\nnotebook runs reused"' in README or (
        f'"{runs} of {runs} notebook runs reused"' in " ".join(README.split())
    )
    assert f"{len(notebooks)} notebooks, " in README


@pytest.mark.parametrize("name", [n for n in kzmach.__all__ if n != "__version__"])
def test_every_facade_function_is_shown_in_a_notebook(name):
    """The README's "In a notebook" block shows each name of ``kzmach.__all__``."""
    block = README.split("## In a notebook", 1)[1].split("```", 2)[1]
    assert re.search(rf"kzmach\.{name}\b", block), f"kzmach.{name} is not in 'In a notebook'"


def test_the_target_gaps_signature_is_as_written():
    from kzmach.analysis.target_gap import target_gap

    parameters = ", ".join(
        name if p.default is inspect.Parameter.empty else f"{name}={p.default!r}"
        for name, p in inspect.signature(target_gap).parameters.items()
    )
    assert f"`kzmach.analysis.target_gap.target_gap({parameters})`" in README


def test_the_processed_folder_lists_every_table():
    from kzmach.metadata.tables import TABLES

    listed = (ROOT / "data" / "processed" / "README.md").read_text(encoding="utf-8")
    assert re.findall(r"^- `(\w+)`", listed, flags=re.M) == [t.name for t in TABLES]


def test_the_code_has_the_licence_pyproject_names_and_every_release_is_cited():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    terms = README.split("## Citing the data, and its terms", 1)[1].split("\n## ", 1)[0]
    for record in sorted((ROOT / "data" / "raw" / "releases").glob("*/*/release.json")):
        address = re.search(r'"url": "([^"]*)"', record.read_text(encoding="utf-8"))
        commit = re.search(r"/blob/([0-9a-f]{40})/", address[1]) if address else None
        assert commit, f"{record}: no commit in its address"
        assert f"`{commit[1][:8]}`" in terms, f"{record.parent.name}: its commit is not cited"
