"""Every number in a release file accounted for: read, marked, set aside by name, or refused.

Structured damage that a real download, a careless edit or an Excel round trip causes, on the
genuine fixtures and the registered trade and World Bank tables, each case asserting its
outcome: read with the right values (checked against the file), or refused naming the cell.
The byte-level fuzzing is ``test_fuzz_releases.py``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kzmach
from conftest import copy_raw_without_releases, data_snapshot
from kzmach.cli import main
from kzmach.raw.releases.common import file_decimal_mark
from kzmach.raw.releases.convert import decimal_mark
from kzmach.raw.releases.formats import format_named
from kzmach.raw.releases.readers import (
    ReleaseError,
    detect_format,
    read_release,
    read_release_accounted,
)
from kzmach.raw.releases.store import IngestError
from kzmach.text.numbers import parse_quantity

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real-releases"
UNEMPLOYMENT = REAL / "bns-unemployment-rate-by-region-en.xlsx"
GRP = REAL / "bns-grp-per-capita-by-region.xlsx"
TREE = REAL / "taldau-getindextreedata-agriculture-output-701189.json"
RELEASES = ROOT / "data" / "raw" / "releases"
EXPORTS = next(RELEASES.glob("bns/*-exports-hs84-90-*/*/exports-hs84-90-monthly-2015-2025.csv"))
PEERS = next(RELEASES.glob("world-bank/*nv-mnf-tech*/*/*.csv"))
TRADE_NAME = {"name": "Экспорт", "unit": "тыс. долларов США"}


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_raw_without_releases(tmp_path / "project")


def _refusal(path: Path, **options) -> str:
    with pytest.raises(ReleaseError) as caught:
        read_release(path, **options)
    return str(caught.value)


def _replace_line(source: Path, target: Path, number: int, old: str, new: str) -> Path:
    """Copy ``source`` with one text replaced on line ``number`` (1 = the header)."""
    lines = source.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


# --- 1. values never silently lost ------------------------------------------------------


def _with_gaps(target: Path) -> Path:
    """The genuine unemployment workbook with a section and an unpublished indicator inside.

    After Karagandinskaya (row 15): a section title longer than a line, an indicator heading
    whose Всего / Мужчины / Женщины cells are empty (not published), then a heading over the
    rest of the regions, as the Bureau's multi-indicator tables are laid out.
    """
    from openpyxl import load_workbook

    book = load_workbook(UNEMPLOYMENT)
    sheet = book["Regions_quarter"]
    sheet.insert_rows(16, amount=6)
    inserted = (
        "Unemployment of young people aged 15-24 years, as a percentage of the labour force "
        "of the corresponding age, by region and sex (section)",
        "Youth unemployment rate",
        "Всего",
        "Мужчины",
        "Женщины",
        "Unemployment rate (continued)",
    )
    for offset, text in enumerate(inserted):
        sheet.cell(16 + offset, 1, text)
    book.save(target)
    return target


def _numbers_in_sheet(path: Path) -> dict[tuple[int, str], str]:
    """Every number and mark below the heading rows, by (row, column letter), via openpyxl."""
    from openpyxl import load_workbook

    sheet = load_workbook(path, data_only=True)["Regions_quarter"]
    found = {}
    for row in sheet.iter_rows(min_row=6, min_col=2):
        for cell in row:
            if cell.value is not None and str(cell.value).strip():
                found[(cell.row, cell.column_letter)] = str(cell.value).strip()
    return found


def test_a_table_with_gaps_is_read_to_its_last_row(tmp_path):
    path = _with_gaps(tmp_path / "gaps.xlsx")
    _, frame, account = read_release_accounted(path)
    expected = _numbers_in_sheet(path)
    assert len(expected) > 600  # 27 regions x 25 years of quarters, less the blank years
    read = {
        (record["row"], record["period_as_written"]): record
        for record in frame.iter_rows(named=True)
    }
    assert frame.height == len(expected)  # every cell read once, none invented
    # each value against the file by hand: the rows after the gap moved down by six
    shimkent = [r for r in frame.iter_rows(named=True) if r["kato_label"].endswith("Shimkent city")]
    assert shimkent and shimkent[0]["row"] == 33 and shimkent[0]["marker"] == "-"
    almaty = [r for r in frame.iter_rows(named=True) if r["kato_label"].endswith("Almaty city")]
    first = next(r for r in almaty if r["period"] == "2001-Q1")
    assert (first["row"], first["value"]) == (32, 11.9)  # row 26 of the genuine file, B26
    assert next(r for r in almaty if r["period"] == "2001")["value"] == 10.8  # F26: the year
    assert first["kato_label"] == "Unemployment rate (continued): Almaty city"
    numbers = [(r, v) for (r, _), v in expected.items() if v not in ("-", "x", "…")]
    values = sorted(frame.filter(pl.col("value").is_not_null())["value"].to_list())
    assert values == sorted(float(v) for _, v in numbers)
    assert not [k for k in read if k[0] in range(16, 22)]  # the inserted rows hold no value
    assert account.where == "sheet 'Regions_quarter'"
    markers = sum(account.markers.values())
    assert account.values + markers == len(expected)
    cells = account.values + markers + sum(account.excluded.values())
    said = f"{cells} cells in sheet 'Regions_quarter': {account.values} values, {markers} '-'"
    assert account.summary().startswith(said)


@pytest.mark.parametrize(
    "heading",
    ["2023-13", "V квартал 2023 года", "date"],
    ids=["month 13", "fifth quarter", "an Excel date cell"],
)
def test_numbers_under_a_heading_that_is_no_period_refuse_the_workbook(tmp_path, heading):
    from datetime import datetime

    from openpyxl import load_workbook

    book = load_workbook(GRP)
    sheet = book.worksheets[0]  # the table kzmach reads: 'тыс.тенге'
    column = sheet.max_column + 1
    sheet.cell(3, column, datetime(2023, 1, 1) if heading == "date" else heading)
    for row in range(4, 8):
        sheet.cell(row, column, 100 + row)
    path = tmp_path / "odd-heading.xlsx"
    book.save(path)
    message = _refusal(path)
    letter = sheet.cell(3, column).column_letter
    assert f"column {letter}" in message and f"{letter}4" in message
    assert "4 number(s)" in message and "would be lost" in message


def test_excel_errors_and_unsaved_formulas_are_named_by_their_cell(tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(GRP)
    sheet = book.worksheets[0]
    sheet["C6"] = "#DIV/0!"  # openpyxl writes an error cell (t="e")
    sheet["D7"] = "=B7*2"  # a formula without a saved value
    path = tmp_path / "errors.xlsx"
    book.save(path)
    message = _refusal(path)
    assert "row 6, column C: holds the Excel error #DIV/0!" in message
    assert "row 7, column D: holds a formula with no saved value" in message


def test_a_hidden_draft_sheet_first_is_not_read(tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(GRP)
    draft = book.copy_worksheet(book.worksheets[0])
    draft.title = "draft"
    draft["B4"] = 999999
    draft.sheet_state = "hidden"
    book.move_sheet("draft", offset=-(len(book.worksheets) - 1))  # placed first
    assert book.sheetnames[0] == "draft"
    path = tmp_path / "hidden-first.xlsx"
    book.save(path)
    _, frame, account = read_release_accounted(path)
    assert 999999.0 not in frame["value"].to_list()
    assert frame.filter(pl.col("row") == 4)["value"][0] == 205.6  # the visible table's B4
    assert account.skipped[0] == "sheet 'draft' (hidden; give --sheet to read it)"
    assert account.where == "sheet 'тыс.тенге'"
    named = read_release(path, sheet="draft")  # named, it is read
    assert 999999.0 in named["value"].to_list()


# --- 2. one number rule per file ----------------------------------------------------------


def test_a_stray_decimal_comma_refuses_a_trade_table_instead_of_scaling_it(tmp_path):
    # HS 89, February 2016: 2.707 thousand US$ (line 81 of the registered exports table)
    path = _replace_line(EXPORTS, tmp_path / "comma.csv", 2, "10226.894120000003", '"12,5"')
    message = _refusal(path, fmt="trade-by-chapter-csv")
    assert "row 2, column value: '12,5' is written with a decimal comma" in message
    assert "other numbers use a decimal point" in message
    comma_file = tmp_path / "all-commas.csv"  # a file written with commas throughout reads
    with EXPORTS.open(encoding="utf-8", newline="") as source:
        records = list(csv.reader(source))
    with comma_file.open("w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target)
        writer.writerow(records[0])
        writer.writerows([*r[:4], r[4].replace(".", ","), *r[5:]] for r in records[1:])
    frame = read_release(comma_file, fmt="trade-by-chapter-csv")
    original = read_release(EXPORTS, fmt="trade-by-chapter-csv")
    assert frame["value"].to_list() == original["value"].to_list()


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("12,5", "decimal comma"),
        ("1 234,5", "decimal comma"),
        ("12 345,5", "decimal comma"),
        ("12e3", "exponent notation"),
        ("1E5", "exponent notation"),
        ("NaN", "NaN or an infinity"),
        ("inf", "NaN or an infinity"),
        ("Infinity", "NaN or an infinity"),
        ("1e309", "exponent notation"),
        ("9" * 400, "beyond any published figure"),
    ],
)
def test_a_world_bank_value_is_read_as_written_or_refused_by_its_cell(tmp_path, written, said):
    path = _replace_line(PEERS, tmp_path / "peers.csv", 3, "28.8242331414831", f'"{written}"')
    message = _refusal(path, fmt="wdi-csv")
    assert "row 3, column Value" in message and said in message


@pytest.mark.parametrize("written", ["NaN", "Infinity", '"NaN"', '"inf"', "1e309"])
def test_taldau_values_that_are_no_numbers_are_refused(tmp_path, written):
    text = TREE.read_text(encoding="utf-8")
    key = '"y122020":'
    start = text.index(key) + len(key)
    end = min(i for i in (text.find(",", start), text.find("}", start)) if i > 0)
    path = tmp_path / "tree.json"
    path.write_text(text[:start] + " " + written + text[end:], encoding="utf-8")
    message = _refusal(path)
    assert any(w in message for w in ("not a number", "exponent", "not valid JSON")), message


def test_a_json_key_written_twice_is_refused(tmp_path):
    text = TREE.read_text(encoding="utf-8")
    path = tmp_path / "tree.json"
    path.write_text(text.replace('"y122020":', '"y122020": "1.0", "y122020":', 1), "utf-8")
    assert "the key 'y122020' appears twice in one object" in _refusal(path)


NUMBERS = st.tuples(
    st.integers(0, 10**9), st.integers(0, 3), st.booleans(), st.sampled_from([".", ","])
)


def _written(whole: int, decimals: int, grouped: bool, mark: str) -> tuple[str, float]:
    fraction = (whole * 7919) % 10**decimals if decimals else 0
    integer = f"{whole:,}".replace(",", " ") if grouped else str(whole)
    text = integer + (f"{mark}{fraction:0{decimals}d}" if decimals else "")
    return text, whole + (fraction / 10**decimals if decimals else 0)


@settings(max_examples=40, deadline=None)
@given(st.lists(NUMBERS, min_size=1, max_size=6))
def test_every_number_form_reads_the_same_in_the_reader_and_the_conversion(tmp_path_factory, cells):
    """The reader's value is the observation's: the same decimal mark, the same number.

    A file's cells share one mark (as a download has); the trade table, the Bureau's CSV and
    the World Bank file read them, and the conversion to observations parses the same text
    with the mark it takes for the file (:func:`~kzmach.raw.releases.convert.decimal_mark`).
    """
    folder = tmp_path_factory.mktemp("forms")
    mark = cells[0][3]
    forms = [_written(whole, decimals, grouped, mark) for whole, decimals, grouped, _ in cells]
    trade = ["date,region,item_code,item_name,value,transformation"] + [
        f'{2015 + i // 12}-{i % 12 + 1:02d}-01,national,HS84,84 Реакторы,"{text}",level'
        for i, (text, _) in enumerate(forms)
    ]
    wdi = ["Country Name,Country Code,Year,Value"] + [
        f'Armenia,ARM,{1990 + i},"{text}"' for i, (text, _) in enumerate(forms)
    ]
    files = {
        "trade-by-chapter-csv": ("trade.csv", trade),
        "wdi-csv": ("wdi.csv", wdi),
    }
    for fmt, (name, lines) in files.items():
        path = folder / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        declared = format_named(fmt).decimal_mark
        ambiguous = declared == "." and mark == ","
        if ambiguous and any(file_decimal_mark([t], declared)[1] for t, _ in forms if "," in t):
            assert "decimal comma" in _refusal(path, fmt=fmt)
            continue
        frame = read_release(path, fmt=fmt)
        used = decimal_mark(format_named(fmt), frame)
        for (text, value), record in zip(forms, frame.iter_rows(named=True), strict=True):
            if not ambiguous:  # written in the format's convention: the intended number
                assert record["value"] == pytest.approx(value, rel=1e-12), (fmt, text)
            # a comma before three digits in a decimal-point file groups thousands (1,919 is
            # 1919 in the World Bank's files); whatever the reading, reader and conversion agree
            observed = parse_quantity(record["value_as_written"], "", used).magnitude
            assert float(observed) == pytest.approx(record["value"], rel=1e-12), (fmt, text)


# --- 3. no ingest that breaks the build ---------------------------------------------------


@pytest.mark.slow  # end to end: two ingests and a build
def test_a_month_revised_to_zero_ingests_and_the_build_passes(project, tmp_path):
    kzmach.ingest(EXPORTS, published="2026-02-16", root=project, dry_build=False, **TRADE_NAME)
    later = _replace_line(EXPORTS, tmp_path / "later.csv", 2, "10226.894120000003", "0")
    result = kzmach.ingest(later, published="2026-08-14", root=project, **TRADE_NAME)
    assert result.status == "added"  # the dry build passed
    # and left nothing in the release's folder but its record and its file: the dry build
    # copies data/raw into the stage that becomes the folder, and removes the copy
    held = sorted(p.relative_to(result.path).as_posix() for p in result.path.rglob("*"))
    file = result.release.file
    assert held == sorted(["release.json", file.split("/")[0], file])
    kzmach.build(project)
    conflicts = kzmach.conflicts(root=project)
    zero = conflicts[(conflicts["value_a"] == 0) | (conflicts["value_b"] == 0)]
    assert len(zero), "the revision to 0 is a conflict between the two downloads"
    from_zero = zero[zero["value_a"] == 0]
    assert from_zero["relative_difference"].isna().all()
    assert from_zero["explanation"].str.contains("relative difference undefined").all()


def test_a_month_written_with_full_width_digits_is_the_same_month(tmp_path):
    # line 2 is HS84, January 2015; the same month again in full-width digits, another value
    lines = EXPORTS.read_text(encoding="utf-8").split("\n")
    repeat = lines[1].replace("2015-01-01", "２０１５-０１-01").replace("10226.894120000003", "1")
    path = tmp_path / "wide.csv"
    path.write_text("\n".join([*lines[:2], repeat, *lines[2:]]), encoding="utf-8")
    message = _refusal(path, fmt="trade-by-chapter-csv")
    assert "period 201501 (territory -, code HS84)" in message
    assert "appears twice with different values (rows 2, 3)" in message


def test_the_dry_build_refuses_a_release_that_would_fail_the_build(project, tmp_path, monkeypatch):
    from kzmach.errors import Problem
    from kzmach.pipeline import build

    failing = build.Assembly(problems=[Problem("observations", 7, "value", "made to fail")])
    monkeypatch.setattr(build, "assemble", lambda paths, *a, **k: failing)
    before = data_snapshot(project)
    with pytest.raises(IngestError, match="the build would fail with this release: made to fail"):
        kzmach.ingest(EXPORTS, published="2026-02-16", root=project, **TRADE_NAME)
    assert data_snapshot(project) == before
    assert not any((project / "data" / ".staging").glob("*"))


# --- 4. never a traceback, never an abort -------------------------------------------------


def test_a_blank_trade_cell_is_not_published_and_its_month_has_no_sum(project, tmp_path):
    path = _replace_line(EXPORTS, tmp_path / "blank.csv", 2, "10226.894120000003", "")
    frame = read_release(path, fmt="trade-by-chapter-csv")
    assert frame.row(0, named=True)["value"] is None
    result = kzmach.ingest(
        path, published="2026-02-16", root=project, dry_build=False, **TRADE_NAME
    )
    assert result.status == "added" and "1 '' (not published)" in result.marked
    kzmach.build(project)
    observations = kzmach.observations(root=project)
    derived = observations[observations["figure_type"] == "derived"]
    january = derived[derived["period_label"].astype(str).str.contains("Jan 2015|2015-01")]
    assert "exports_hs84" not in set(observations["indicator"][observations["value"].isna()])
    sums = derived[derived["indicator"] == "exports_hs84_90"]
    starts = set(sums["period_start"].dt.strftime("%Y-%m"))
    assert "2015-02" in starts and "2015-01" not in starts  # no sum without HS 84
    years = sums[sums["period_type"] == "year"]["period_start"].dt.year
    assert 2015 not in set(years) and 2016 in set(years)  # nor a year without January
    assert january is not None


def test_an_unreadable_file_is_a_clear_refusal(project, tmp_path, monkeypatch, capsys):
    path = shutil.copy(EXPORTS, tmp_path / "exports.csv")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shutil, "copyfile", denied)
    arguments = ["--root", str(project), "ingest", str(path), "--published", "2026-02-16"]
    assert main(arguments) == 1
    assert "cannot be read: Permission denied" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["directory", "fifo"])
def test_a_folder_or_a_pipe_is_named_for_what_it_is(project, tmp_path, capsys, what):
    path = tmp_path / "download"
    if what == "directory":
        path.mkdir()
    else:
        os.mkfifo(path)
    assert main(["--root", str(project), "ingest", str(path), "--published", "2026-02-16"]) == 1
    error = capsys.readouterr().err
    assert ("is a directory" if what == "directory" else "is not a regular file") in error


def test_a_stray_cell_far_away_is_refused_before_any_allocation(project, tmp_path):
    from openpyxl import load_workbook

    book = load_workbook(GRP)
    book.active["XFD1048576"] = 1
    path = tmp_path / "stray.xlsx"
    book.save(path)
    before = data_snapshot(project)
    with pytest.raises(IngestError) as caught:
        kzmach.ingest(path, published="2024-01-15", root=project)
    assert "XFD1048576" in str(caught.value) and "over the limit" in str(caught.value)
    assert data_snapshot(project) == before
    assert not any((project / "data" / ".staging").glob("*"))


def _with_part(target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """Copy the GRP workbook with one of its XML parts edited (as a damaged download has it)."""
    data = io.BytesIO()
    with zipfile.ZipFile(GRP) as source, zipfile.ZipFile(data, "w") as copy:
        for item in source.infolist():
            content = source.read(item.filename)
            copy.writestr(item, edit(content) if item.filename == part else content)
    target.write_bytes(data.getvalue())
    return target


def test_a_huge_shared_string_count_is_refused(tmp_path):
    def declare_a_trillion(content: bytes) -> bytes:
        declared = re.sub(rb'(<sst[^>]*?) count="[0-9]+"', rb'\1 count="1000000000000"', content)
        assert declared != content
        return declared

    path = _with_part(tmp_path / "strings.xlsx", "xl/sharedStrings.xml", declare_a_trillion)
    assert "1,000,000,000,000 shared strings" in _refusal(path)


# --- 5. right diagnoses -------------------------------------------------------------------


def test_a_workbook_named_xls_is_read_from_its_content(tmp_path):
    path = shutil.copy(GRP, tmp_path / "grp.xls")
    assert read_release(path).equals(read_release(GRP))


def test_utf16_without_a_byte_order_mark_is_named(tmp_path):
    path = tmp_path / "peers.csv"
    path.write_bytes(PEERS.read_text(encoding="utf-8").encode("utf-16-le"))
    assert "UTF-16 text" in _refusal(path)


def test_one_broken_byte_in_utf8_is_not_called_windows_1251(tmp_path):
    data = bytearray(EXPORTS.read_bytes())
    at = data.index("Реакторы".encode())
    data[at : at + 2] = b"\xff"  # the letter Р (two bytes) became one invalid byte
    path = tmp_path / "broken.csv"
    path.write_bytes(bytes(data))
    message = _refusal(path)
    assert "row 2: 1 invalid UTF-8 byte(s), the first (0xff) at column" in message
    assert "the rest is UTF-8" in message and "1251" not in message


def test_a_repeated_year_in_a_world_bank_file_is_named_by_country_indicator_and_year(tmp_path):
    lines = PEERS.read_text(encoding="utf-8").split("\n")
    header = "Country Name,Country Code,Indicator Code,Year,Value"
    body = [line.replace(",ARM,", ",ARM,NV.MNF.TECH.ZS.UN,", 1) for line in lines[1:4] if line]
    body.append(body[0].rsplit(",", 1)[0] + ",30.5")
    path = tmp_path / "peers.csv"
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    message = _refusal(path)
    assert "period 1990 (NV.MNF.TECH.ZS.UN, territory ARM" in message
    assert "appears twice with different values (rows 2, 5)" in message


def test_the_industry_output_table_is_not_taken_for_a_trade_table(tmp_path):
    # the first lines of the Bureau's monthly output by region (Taldau 701592), as mirrored:
    # the same columns as a trade table, ОКЭД codes instead of HS chapters
    path = tmp_path / "output.csv"
    path.write_text(
        "date,region,item_code,item_name,value,transformation\n"
        "2020-01-01,national,IND,Промышленность,2321395.486,level\n"
        "2020-01-01,national,C,Обрабатывающая промышленность,1043232.5,level\n"
        "2020-01-01,AKM,26-30,Машиностроение,2650.1,level\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "mirror-rows-csv"
    assert detect_format(EXPORTS) == "trade-by-chapter-csv"
    # read as the trade format, an ОКЭД code is refused by row and column
    with pytest.raises(ReleaseError, match=r"row 2, column item_code: 'IND' is not an HS"):
        read_release(path, "trade-by-chapter-csv")


# --- 6. doubtful input flagged or refused -------------------------------------------------


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--published", "2014-01-15"], "period(s) begin after the publication date 2014-01-15"),
        (["--published", "9999-01-01"], "outside 1990-01-01 to today"),
        (["--published", "1989-12-31"], "outside 1990-01-01 to today"),
        (
            ["--published", "2026-02-16", "--accessed", "2026-02-01"],
            "is before --published 2026-02-16",
        ),
        (["--published", "2026-02-16", "--sheet", "Лист1"], "--sheet applies to workbooks only"),
    ],
)
def test_doubtful_options_are_refused_and_nothing_is_written(project, capsys, options, said):
    before = data_snapshot(project)
    arguments = ["--root", str(project), "ingest", str(EXPORTS), "--name", "Экспорт"]
    assert main([*arguments, "--unit", "тыс. долларов США", *options]) == 1
    assert said in capsys.readouterr().err
    assert data_snapshot(project) == before


def test_the_ingest_says_how_it_read_the_file(project, capsys):
    arguments = ["--root", str(project), "ingest", str(GRP), "--published", "2024-01-15"]
    assert main([*arguments, "--no-build-check"]) == 0
    out = capsys.readouterr().out
    assert "read as bns-workbook, because the file starts as an Excel workbook does" in out
    frame = read_release(GRP)
    values = frame["value"].is_not_null().sum()
    assert "every number accounted for: " in out and f": {values} values" in out
    assert "in sheet 'тыс.тенге'" in out


def _old_workbook(path: Path, *, hidden_first: bool = False) -> Path:
    """Write an old-format (.xls) table of the GRP fixture's layout, four empty rows on top."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    if hidden_first:
        draft = book.add_sheet("draft")
        draft.write(0, 0, "draft")
        draft.write(1, 1, 1.0)
        draft.write(1, 2, 2.0)
        draft.visibility = 1
    sheet = book.add_sheet("тыс.тенге")
    sheet.write(4, 0, "Валовой региональный продукт на душу населения")  # row 5 in Excel
    sheet.write(6, 1, "2008 год")
    sheet.write(6, 2, "2009 год")
    sheet.write(7, 0, "Республика Казахстан")
    sheet.write(7, 1, 1024.2)
    sheet.write(7, 2, 6.474321864345427)  # a stored value with all its digits
    sheet.write(9, 0, "Абай")  # after a blank row
    sheet.write(9, 1, "-")
    sheet.write(9, 2, 205.6)
    book.save(str(path))
    return path


@pytest.mark.parametrize("name", ["grp.xls", "grp-saved-as.xlsx"])
def test_an_old_workbook_reads_whatever_its_name_with_excels_row_numbers(tmp_path, name):
    path = _old_workbook(tmp_path / name, hidden_first=True)
    fmt, frame, account = read_release_accounted(path)
    assert fmt == "bns-workbook"
    cells = {
        (r["row"], r["period"]): (r["value"], r["marker"]) for r in frame.iter_rows(named=True)
    }
    assert cells == {
        (8, "2008"): (1024.2, ""),
        (8, "2009"): (6.474321864345427, ""),
        (10, "2008"): (None, "-"),
        (10, "2009"): (205.6, ""),
    }
    assert account.skipped == ["sheet 'draft' (hidden; give --sheet to read it)"]


def test_an_infinite_workbook_cell_is_refused(tmp_path):
    def infinite(content: bytes) -> bytes:
        assert b"<v>205.6</v>" in content  # B4, the republic in the first quarter of 2008
        return content.replace(b"<v>205.6</v>", b"<v>INF</v>", 1)

    path = _with_part(tmp_path / "inf.xlsx", "xl/worksheets/sheet1.xml", infinite)
    message = _refusal(path)
    assert "row 4, column B: stores 'INF' as its number: not a finite number" in message


def test_a_taldau_key_that_is_no_period_is_refused_not_skipped(tmp_path):
    text = TREE.read_text(encoding="utf-8")
    path = tmp_path / "tree.json"
    path.write_text(text.replace('"y122020":', '"y1220200":', 1), encoding="utf-8")
    assert "the key 'y1220200' holds a value but is no period" in _refusal(path)
    path.write_text(text.replace('"y122020":', '"y132020":', 1), encoding="utf-8")
    assert "the key 'y132020' names month 13" in _refusal(path)


@pytest.mark.parametrize(
    ("table", "fmt", "column"),
    [(EXPORTS, "trade-by-chapter-csv", "date"), (PEERS, "wdi-csv", "Year")],
)
def test_a_header_repeated_inside_the_table_is_refused_by_its_row(tmp_path, table, fmt, column):
    """Two downloads pasted into one file: the second header is a row, named, not skipped."""
    lines = table.read_text(encoding="utf-8").split("\n")
    path = tmp_path / table.name
    path.write_text("\n".join([*lines[:5], lines[0], *lines[5:]]), encoding="utf-8")
    message = _refusal(path, fmt=fmt)
    assert f"row 6, column {column}" in message


def test_a_table_that_shows_trade_codes_only_in_its_head_is_not_taken_for_trade(tmp_path):
    """Import prices by HS section, laid out as the trade tables with 79 TOTAL rows first:
    detection reads every row's code, so the HS section makes it the mirror's other layout,
    and forced as a trade table the reader refuses the first section by row and column."""
    lines = ["date,region,item_code,item_name,value,transformation"]
    lines += [
        f"{2020 + m // 12}-{m % 12 + 1:02d}-01,national,TOTAL,Всего,99.9,level" for m in range(79)
    ]
    lines.append('2020-01-01,national,XVI,"Машины, оборудование и механизмы",101.2,level')
    path = tmp_path / "import-prices.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert detect_format(path) == "mirror-rows-csv"
    message = _refusal(path, fmt="trade-by-chapter-csv")
    assert "row 81, column item_code: 'XVI' is not an HS chapter" in message
