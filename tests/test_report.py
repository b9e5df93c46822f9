"""``kzmach report`` end to end: every notebook executed, every chart exported, the deck."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from kzmach.metadata.vocabulary import LANGUAGES
from kzmach.report.charts import CHARTS
from kzmach.report.charts.footer import source_label
from kzmach.report.deck import TABLE_ROWS_PER_SLIDE
from test_notebooks import english_words

KZMACH = [sys.executable, "-m", "kzmach.cli"]
ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # every test here runs `kzmach report`


def _run(*args: str, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [*KZMACH, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=900,
    )


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="session")
def reports(built, tmp_path_factory) -> Path:
    """One full report of the real project in every language: ``<output>/<lang>``.

    It is ``make report``'s run, so every notebook is executed once in en, ru and kk.
    """
    output = tmp_path_factory.mktemp("reports")
    # `make report`'s runs are reused where their key (the data, kzmach's code, the notebook
    # and its parameters) is this copy's too: `make test-all` after `make report` executes only
    # what changed since, and a clean clone executes every run
    cache = ROOT / ".cache" / "report"
    if cache.is_dir():
        shutil.copytree(cache, built / ".cache" / "report", dirs_exist_ok=True)
    result = _run("report", "--output", str(output), "--lang", "all", "--no-progress", cwd=built)
    assert result.returncode == 0, result.stderr[-3000:]
    # a clean run says nothing alarming (kernels shut down without "ERROR | KeyboardInterrupt")
    for alarming in ("ERROR", "Traceback", "Error"):
        assert alarming not in result.stdout + result.stderr, result.stderr[-3000:]
    notebooks = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.py")))
    runs = notebooks * len(LANGUAGES)
    said = re.search(
        r"(\d+) of (\d+) notebook runs reused|(\d+) notebook runs executed", result.stdout
    )
    assert said is not None, result.stdout
    assert int(said[2] or said[3]) == runs, result.stdout
    for language in LANGUAGES:
        assert f"{len(CHARTS)} charts" in result.stdout
        assert (output / language / "report.json").is_file(), language
    return output


@pytest.fixture(scope="session")
def report_dir(reports) -> Path:
    """The English report of the full run: its folder ``<output>/en``."""
    return reports / "en"


def test_every_chart_is_exported_in_every_format(report_dir):
    figures = report_dir / "figures"
    for name in CHARTS:
        for suffix in (".png", ".svg", ".pdf", ".json", "_slide.png"):
            path = figures / f"{name}_en{suffix}"
            assert path.is_file() and path.stat().st_size > 1000, path
        sidecar = json.loads((figures / f"{name}_en.json").read_text(encoding="utf-8"))
        assert sidecar["footer"].startswith("Source")
        assert sidecar["files"]["png"] == f"{name}_en.png"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_chart_renders_cleanly_in_every_language(reports, language):
    """The report drew every chart in every language: none overlaps, each says its sources."""
    import csv

    from kzmach.metadata.vocabulary import PUBLISHER_NAMES
    from kzmach.text.translations import term

    english = {*PUBLISHER_NAMES, *(names["en"] for names in PUBLISHER_NAMES.values())}
    for name in CHARTS:
        stem = reports / language / "figures" / f"{name}_{language}"
        sidecar = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
        drawn = sidecar["drawn"]
        assert drawn["layout_problems"] == [], (name, language)
        assert drawn["title"] == sidecar["title"], (name, language)
        footer = drawn["footer"]
        assert footer.startswith((term("sources", language), term("source", language)))
        assert "kzmach" in footer  # the as-of line
        if language == "en":
            continue
        said = [sidecar["footer"], sidecar["alt_text"]]
        for text in said:  # release keys are for machines: the sidecar lists them
            assert "curated:" not in text and "/2026-" not in text, (name, language)
        with stem.with_suffix(".csv").open(encoding="utf-8") as handle:
            said += [row["source"] for row in csv.DictReader(handle) if row.get("source")]
        for text in said:  # the footer, the alt text and the workbook's source column
            assert not [e for e in english if e in text], (name, language, text[:200])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_notebook_executed_without_error(reports, language):
    found = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    assert len(found) >= 5  # the notebooks found, each executed: none counted by hand
    report_dir = reports / language
    for name in found:
        notebook = nbformat.read(report_dir / "notebooks" / f"{name}.ipynb", as_version=4)
        cells = notebook.cells
        injected = [c for c in cells if "injected-parameters" in c.metadata.get("tags", [])]
        assert len(injected) == 1, name
        assert f"language = {language!r}" in injected[0].source.replace('"', "'"), name
        outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"], name
        # a warning is printed into the report under its cell, in English whatever the language
        stderr = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
        assert not stderr, (name, stderr)
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        assert images, f"{name} shows no chart"
        html = (report_dir / "notebooks" / f"{name}.html").read_text(encoding="utf-8")
        assert f'<html lang="{language}">' in html and "data:image/png;base64" in html
        if language == "en":
            continue
        # the reader's language: markdown and every table header (codes and names aside)
        for cell in cells:
            if cell.cell_type == "markdown":
                assert not english_words(cell.source), (name, english_words(cell.source))
        tables = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
        assert tables, f"{name} shows no table"
        heads = [h for t in tables for h in re.findall(r"<thead>(.*?)</thead>", t, flags=re.S)]
        headers = [h for head in heads for h in re.findall(r"<th[^>]*>(.*?)</th>", head)]
        assert headers and not [h for h in headers if english_words(h)], name


def test_report_record_lists_every_file_with_its_hash(report_dir):
    record = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert record["parameters"]["language"] == "en"
    for relative, digest in record["files"].items():
        assert hashlib.sha256((report_dir / relative).read_bytes()).hexdigest() == digest
    assert not [p for p in report_dir.iterdir() if p.name.startswith(".")]  # no staging left


def test_deck_has_title_charts_and_target_table(report_dir):
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation(str(report_dir / "briefing.pptx"))
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    slides = list(deck.slides)
    sidecars = {
        name: json.loads((report_dir / "figures" / f"{name}_en.json").read_text("utf-8"))
        for name in CHARTS
    }
    # title + one slide per chart + the 14 official targets on table slides of 7: 7, 7
    assert TABLE_ROWS_PER_SLIDE == 7
    assert len(slides) == 1 + len(CHARTS) + 2
    cover = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert "Data as of 20" in cover
    for slide, name in zip(slides[1 : 1 + len(CHARTS)], CHARTS, strict=True):
        assert slide.shapes.title.text == sidecars[name]["title"]
        pictures = [s for s in slide.shapes if s.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
        assert len(pictures) == 1
        picture = pictures[0]
        assert picture._element.nvPicPr.cNvPr.get("descr") == sidecars[name]["alt_text"]
        assert picture.left >= 0 and picture.left + picture.width <= deck.slide_width
        assert picture.top >= Inches(1.3) and picture.top + picture.height <= deck.slide_height
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith("Sources:")
        for source in sidecars[name]["sources"]:  # by its name in the deck's language
            assert source_label(source["publisher"], "en") in notes
        # ids and hashes stay in the sidecar and the CSV, not in what a presenter reads
        assert sidecars[name]["data_hash"][:12] not in notes and "Values: " in notes
    rows, volume_rows, targets = 0, [], []
    for slide in slides[-2:]:
        tables = [s.table for s in slide.shapes if s.has_table]
        assert len(tables) == 1
        header = [tables[0].cell(0, column).text for column in range(7)]
        assert header[2] == "Base year" and header[5] == "Status"
        assert header[6] == "Status, other base year"
        rows += len(tables[0].rows) - 1
        assert slide.notes_slide.notes_text_frame.text
        # the Comprehensive Plan's volume target: base 2023 off track, base 2022 on track
        for row in range(1, len(tables[0].rows)):
            cells = [tables[0].cell(row, column).text for column in range(7)]
            targets.append(cells[1])
            assert not cells[5].endswith("?")  # a status is a statement
            if cells[1].startswith("Machine-building output, real growth: ×2.2, 2028"):
                volume_rows.append(cells[2:])
    assert rows == 14  # the official targets, each once
    assert not [t for t in targets if "other wording" in t]
    assert volume_rows == [["2023", "21.2", "11.2", "off track", "2022: on track"]]
    # dollar targets and stand-ins say so in the table: $2 bn of exports by 2024
    # (a price flag from the series' unit, the stand-in with its caveat), x3 by 2028 too
    for wording in ("Machine-building exports: 2 bn", "Machine-building exports growth: ×3"):
        exports = next(t for t in targets if t.startswith(wording))
        assert "in US dollars: prices and exchange rate count" in exports
        assert "(HS 84–90), includes re-exports" in exports and "measured with: " in exports
    # a nominal tenge target says how much of its progress is prices
    value_added = next(t for t in targets if t.startswith("Machine-building gross value added"))
    assert "prices 52% of the nominal growth 2023–2025" in value_added
    # the other wordings are in the last table slide's notes, said to be uncounted
    notes = slides[-1].notes_slide.notes_text_frame.text
    assert "Other wordings of the same targets" in notes and notes.count("(other wording)") == 14


@pytest.mark.parametrize("language", LANGUAGES)
def test_deck_text_is_marked_with_its_language_and_footers_are_readable(reports, language):
    """Every text run carries the deck's language (spelling checks); each chart slide shows its
    footer as slide text of at least 9 pt, the chart picture cut above it."""
    from pptx import Presentation
    from pptx.util import Pt

    from kzmach.metadata.vocabulary import LANGUAGE_TAGS
    from kzmach.report.deck import FOOTER_SLIDE_PT

    folder = reports / language
    deck = Presentation(str(folder / "briefing.pptx"))
    tag = LANGUAGE_TAGS[language]
    assert deck.core_properties.language == tag
    for slide in deck.slides:
        for part in (slide._element, slide.notes_slide._element):
            langs = {r.get_or_add_rPr().get("lang") for r in part.xpath(".//a:r")}
            assert langs <= {tag}, langs
    assert FOOTER_SLIDE_PT >= 9
    for slide, name in zip(list(deck.slides)[1 : 1 + len(CHARTS)], CHARTS, strict=True):
        sidecar = json.loads((folder / "figures" / f"{name}_{language}.json").read_text("utf-8"))
        boxes = [s for s in slide.shapes if s.name == "Sources"]
        assert len(boxes) == 1 and boxes[0].text_frame.text == sidecar["footer"], name
        sizes = {r.font.size for p in boxes[0].text_frame.paragraphs for r in p.runs}
        assert sizes == {Pt(FOOTER_SLIDE_PT)}
        picture = next(s for s in slide.shapes if s.shape_type == 13)
        assert picture.top + picture.height <= boxes[0].top  # the picture ends above it
        assert "data/raw" not in sidecar["footer"]  # a document is named, never a path
    slides = list(deck.slides)
    table_rows = sum(len(s.table.rows) - 1 for x in slides for s in x.shapes if s.has_table)
    assert table_rows == 14  # the official targets, once each, in every language
    quoted = r"«[^»]*»|\"[^\"]*\"|\([^()]*\((келісу бойынша)\)[^()]*\)"  # verbatim quotes
    if language in ("ru", "en"):
        # no Kazakh outside quotes: slide text, and what the pictures show (the sidecars)
        said = [s.text_frame.text for x in slides for s in x.shapes if s.has_text_frame]
        said += [
            c.text for x in slides for s in x.shapes if s.has_table for c in s.table.iter_cells()
        ]
        for name in CHARTS:
            record = json.loads((folder / "figures" / f"{name}_{language}.json").read_text("utf-8"))
            said += [record[key] for key in ("title", "subtitle", "footer", "alt_text")]
        kazakh = [re.findall(r"\S*[әғқңөұүһі]\S*", re.sub(quoted, "", t.lower())) for t in said]
        assert not [k for k in kazakh if k], [k for k in kazakh if k][:3]
    if language in ("ru", "kk"):
        # notes: no English but original headlines, marked with their language
        for slide in slides:
            for line in slide.notes_slide.notes_text_frame.text.splitlines():
                line = re.sub(r".*\((англ\.|ағылш\.)\)", "", line)  # a marked headline
                line = re.sub(r"\S+\.[a-z]{2,}\S*|Kursiv", "", line)  # web addresses, a name
                assert not english_words(line), (language, line)


def test_unknown_parameter_is_refused_and_nothing_changes(built, report_dir):
    before = _snapshot(report_dir)
    result = _run("report", "--output", str(report_dir.parent), "-p", "colour=red", cwd=built)
    assert result.returncode == 1
    assert "unknown notebook parameter 'colour'" in result.stderr
    assert "the notebooks declare as_of, base_years, export_dir, language" in result.stderr
    managed = _run("report", "--output", str(report_dir.parent), "-p", "language=kk", cwd=built)
    assert managed.returncode == 1 and "with their own options" in managed.stderr
    bad_language = _run("report", "--output", str(report_dir.parent), "--lang", "de", cwd=built)
    assert bad_language.returncode == 1 and "choose one of en, ru, kk" in bad_language.stderr
    assert _snapshot(report_dir) == before


FAILING = """# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% tags=["parameters"]
language = "en"
export_dir = None

# %%
import kzmach

# %%
kzmach.series("no_such_indicator")
"""


def test_failing_notebook_is_named_with_its_cell_and_old_reports_stay(scratch):
    (scratch / "notebooks").mkdir()
    (scratch / "notebooks" / "01_broken.py").write_text(FAILING, encoding="utf-8")
    reports = scratch / "reports"
    (reports / "figures").mkdir(parents=True)
    (reports / "figures" / "old_en.png").write_bytes(b"previous chart")
    (reports / "briefing.pptx").write_bytes(b"previous deck")
    before = _snapshot(reports)
    result = _run("report", "--no-progress", cwd=scratch, env={"KZMACH_ROOT": str(scratch)})
    assert result.returncode == 1
    message = result.stderr
    assert "notebook 01_broken (01_broken.py) failed in cell" in message
    assert 'kzmach.series("no_such_indicator")' in message or "no_such_indicator" in message
    assert "KeyError" in message and "previous reports are unchanged" in message
    after = _snapshot(reports)
    failed = {k: v for k, v in after.items() if k.startswith("failed/")}
    assert list(failed) == ["failed/en/01_broken.ipynb"]
    # the kept notebook holds the cells run so far and the error (written once, at the failure)
    kept = json.loads((reports / "failed/en/01_broken.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in kept["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["KeyError"]
    assert {k: v for k, v in after.items() if not k.startswith("failed/")} == before
    assert not [p for p in reports.iterdir() if p.name.startswith(".")]


def test_notebook_selection_runs_only_that_notebook(built, tmp_path):
    output = tmp_path / "reports"
    (output / "en").mkdir(parents=True)
    (output / "en" / "kept.txt").write_text("another language's report", encoding="utf-8")
    result = _run(
        "report",
        "--output",
        str(output),
        "--notebook",
        "03",
        "--lang",
        "kk",
        "--no-progress",
        cwd=built,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(p.name for p in (output / "kk" / "notebooks").iterdir()) == [
        "03_target_gap.html",
        "03_target_gap.ipynb",
    ]
    # a report in one language leaves another language's folder alone
    assert (output / "en" / "kept.txt").read_text(encoding="utf-8") == "another language's report"
    sidecar = json.loads((output / "kk" / "figures" / "target_gap_kk.json").read_text("utf-8"))
    assert sidecar["language"] == "kk" and "мақсат" in sidecar["title"]
    shutil.rmtree(output)


def test_an_unchanged_rerun_reuses_every_run_and_says_so(built, report_dir):
    before = _snapshot(report_dir)
    result = _run("report", "--output", str(report_dir.parent), "--no-progress", cwd=built)
    assert result.returncode == 0, result.stderr[-3000:]
    notebooks = len(list((ROOT / "notebooks").glob("[0-9][0-9]_*.py")))
    assert f"{notebooks} of {notebooks} notebook runs reused" in result.stdout
    after = _snapshot(report_dir)
    # the same charts, notebooks and deck; only the record of the run is new
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    assert changed == {"report.json"}
    record = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    assert record["reused"] == notebooks and record["executed"] == 0


def test_each_chart_has_its_values_beside_it(report_dir):
    import pandas as pd

    from kzmach.report.charts.data import POINT_COLUMNS, sheet_name

    figures = report_dir / "figures"
    with_values = [name for name in CHARTS if (figures / f"{name}_en.csv").is_file()]
    assert with_values == list(CHARTS)  # every chart
    workbook = pd.read_excel(report_dir / "chart-data.xlsx", sheet_name=None)
    assert list(workbook) == ["About"] + [sheet_name(name, "en") for name in with_values]
    for name in with_values:
        table = pd.read_csv(figures / f"{name}_en.csv", dtype=str, keep_default_na=False)
        assert list(table.columns) == list(POINT_COLUMNS)
        assert len(table) == len(workbook[sheet_name(name, "en")])
        sidecar = json.loads((figures / f"{name}_en.json").read_text("utf-8"))
        assert sidecar["files"]["csv"] == f"{name}_en.csv"
    # the share chart's values are the shares drawn, to 3 decimals: 2013 = 389.2 / 3,828.5
    share = pd.read_csv(figures / "share_of_manufacturing_en.csv")
    first = share[share["series"] == "value_added"].iloc[0]
    assert (first["period"], first["value"], first["value_precision"]) == ("2013", 10.166, 0.001)
    # a figure read from a page keeps the rounding it was written with: 376 bn tenge in 2010
    output = pd.read_csv(figures / "output_trend_en.csv").set_index("figure_ids")
    assert (output.loc["s000-01", "value"], output.loc["s000-01", "value_precision"]) == (376, 1)


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_workbook_is_for_people_and_adds_up_in_a_spreadsheet(reports, language, tmp_path):
    """Numbers are numbers and dates dates, headers in the report's language, and a SUM
    recalculated by LibreOffice equals the sum of the CSV's values."""
    import datetime as dt

    import openpyxl
    import pandas as pd

    from kzmach.report.charts.data import POINT_COLUMNS, sheet_name
    from kzmach.text.translations import term

    folder = reports / language
    book = openpyxl.load_workbook(folder / "chart-data.xlsx")
    assert book.sheetnames[0] == term("sheet_about", language)
    about = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    headers = [term(f"col_point_{column}", language) for column in POINT_COLUMNS]
    expected_sums = {}
    for name in CHARTS:
        sheet = book[sheet_name(name, language)]
        assert sheet.title in about  # the about sheet lists it
        assert [c.value for c in sheet[1]] == headers and sheet.freeze_panes == "A2"
        table = pd.read_csv(folder / "figures" / f"{name}_{language}.csv", dtype=str)
        for column in ("value", "value_precision", "period_start", "period_end"):
            at = POINT_COLUMNS.index(column) + 1
            cells = next(sheet.iter_cols(min_col=at, max_col=at, min_row=2))
            for cell, text in zip(cells, table[column], strict=True):
                if pd.isna(text):
                    assert cell.value is None, (name, cell.coordinate)
                elif column.startswith("period"):
                    assert cell.is_date and cell.value.date() == dt.date.fromisoformat(text)
                else:
                    assert cell.data_type == "n" and cell.value == float(text), cell.coordinate
        values = sheet.cell(2, POINT_COLUMNS.index("value") + 1)
        assert values.number_format.startswith("#,##0")
        expected_sums[sheet.title] = table["value"].astype(float).sum()
    if language != "en":  # every header and sheet name in the file's language
        words = [*headers, *book.sheetnames]
        assert all(any("а" <= ch <= "я" or ch in "әғқңөұүһі" for ch in w.lower()) for w in words)
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: the SUM check needs it")
    # a copy with a first sheet of SUM formulas, recalculated and saved as CSV by LibreOffice
    column = openpyxl.utils.get_column_letter(POINT_COLUMNS.index("value") + 1)
    check = book.create_sheet("check", 0)
    for row, title in enumerate(expected_sums, start=1):
        check.cell(row, 1, title)
        check.cell(row, 2, f"=SUM('{title}'!{column}:{column})")
    book.save(tmp_path / "sums.xlsx")
    subprocess.run(
        [
            soffice,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, double quote, UTF-8
            "--outdir",
            str(tmp_path),
            str(tmp_path / "sums.xlsx"),
            f"-env:UserInstallation=file://{tmp_path}/lo",
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    sums = pd.read_csv(tmp_path / "sums.csv", header=None, names=["sheet", "sum"])
    computed = dict(zip(sums["sheet"], sums["sum"].astype(float), strict=True))
    assert computed.keys() == expected_sums.keys()
    for title, total in expected_sums.items():
        assert computed[title] == pytest.approx(total, rel=1e-9, abs=1e-9), title


def test_report_processes_validate_notebooks_without_building_iri_grammars(project_root):
    """The report's processes skip jsonschema's IRI grammars; notebooks still validate."""
    program = (
        "import sys\n"
        "from kzmach.report.notebooks import skip_iri_grammars\n"
        "skip_iri_grammars()\n"
        "import jupytext, nbformat\n"
        f"notebook = jupytext.read({str(project_root / 'notebooks' / '01_trend.py')!r})\n"
        "nbformat.validate(notebook)\n"
        "broken = nbformat.v4.new_notebook()\n"
        "broken.cells.append(nbformat.from_dict({'cell_type': 'code', 'id': 'a'}))\n"
        "try:\n"
        "    nbformat.validate(broken)\n"
        "except nbformat.ValidationError:\n"
        "    print('refused')\n"
        "print(sys.modules['rfc3987_syntax'])\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["refused", "None"]
