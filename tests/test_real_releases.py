"""Genuine Bureau and Taldau downloads (tests/fixtures/real-releases, unchanged) read as they are.

Each value asserted here was read off the file by hand; the comment says where.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import copy_raw_without_releases, paused_ingest
from kzmach.raw.releases.bns import unit_of
from kzmach.raw.releases.readers import ReleaseError, detect_format, read_release
from kzmach.raw.releases.store import IngestError, ingest
from kzmach.text.periods import written_period

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real-releases"
CPI_CSV = REAL / "bns-csv-cpi-excerpt-lf.csv"
INCOME = REAL / "taldau-getindexdata-real-income-index-704449.json"
PRICES = REAL / "taldau-getindexdata-agri-producer-prices.json"
TREE = REAL / "taldau-getindextreedata-agriculture-output-701189.json"


@pytest.fixture
def fresh(tmp_path) -> Path:
    return copy_raw_without_releases(tmp_path / "project")


def test_the_bureau_csv_reads_as_downloaded():
    assert detect_format(CPI_CSV) == "bns-csv"
    frame = read_release(CPI_CSV)
    assert frame.height == 82  # 83 lines: the header and 82 values
    first = frame.row(0, named=True)
    # line 2: "Индекс потребительских цен(Процент)" "Ноябрь 2019 г." "201911"
    # "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ" "0" "отчетный период к ..." "0" "Товары и услуги" "0" "105.0"
    assert (first["value"], first["period"], first["period_type"]) == (105.0, "2019-11", "month")
    assert first["period_as_written"] == "Ноябрь 2019 г."
    assert first["unit"] == "Процент"  # from the brackets at the end of NAM
    assert first["kato"] == "" and first["kato_label"] == "ЗАПАДНО-КАЗАХСТАНСКАЯ ОБЛАСТЬ"
    assert first["code_label"] == "Товары и услуги"
    assert first["comparison_as_written"] == (
        "отчетный период к соответствующему периоду прошлого года"
    )
    last = frame.row(81, named=True)
    # line 83: "Ноябрь 2015 г." "201511" ... "112.8"
    assert (last["row"], last["period"], last["value"]) == (83, "2015-11", 112.8)


@given(bom=st.booleans(), crlf=st.booleans(), quoted=st.booleans())
def test_quotes_bom_and_line_ends_do_not_change_what_is_read(tmp_path_factory, bom, crlf, quoted):
    text = CPI_CSV.read_text(encoding="utf-8")
    if not quoted:
        text = text.replace('"', "")
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path_factory.mktemp("variant") / "cpi.csv"
    path.write_bytes(b"\xef\xbb\xbf" * bom + text.encode("utf-8"))
    assert read_release(path).equals(read_release(CPI_CSV))


_NAME_TEXT = st.text(
    st.characters(blacklist_characters="(),", blacklist_categories=("Cs", "Cc")), min_size=1
)


@given(name=_NAME_TEXT, unit=_NAME_TEXT, spaces=st.sampled_from(["", " ", "  "]))
def test_the_unit_is_what_ends_the_name_in_brackets_or_after_a_comma(name, unit, spaces):
    # "Индекс потребительских цен (Процент)" -> "Процент"; "Объем продукции, млн. тенге" -> ...
    assert unit_of(f"{name}{spaces}({unit}){spaces}") == unit.strip()
    assert unit_of(f"{name},{spaces}{unit}") == unit.strip()
    assert unit_of(name) == ""  # no bracket, no comma: no unit in the name


def test_a_second_comparison_base_is_another_value_not_a_clash(tmp_path):
    lines = CPI_CSV.read_text(encoding="utf-8").splitlines()
    other = (
        lines[1]
        .replace(
            "отчетный период к соответствующему периоду прошлого года", "отчетный период к декабрю"
        )
        .replace('"105.0"', '"101.2"')
    )
    path = tmp_path / "two-bases.csv"
    path.write_text("\n".join([*lines, other]) + "\n", encoding="utf-8")
    frame = read_release(path)
    november = frame.filter(frame["period"] == "2019-11")
    assert sorted(november["value"].to_list()) == [101.2, 105.0]


def test_taldau_income_index_one_term():
    assert detect_format(INCOME) == "taldau-json"
    frame = read_release(INCOME)
    slices = json.loads(INCOME.read_text(encoding="utf-8"))
    assert frame.height == sum(len(s["periods"]) for s in slices) == 343
    first = frame.row(0, named=True)
    # slice 1: terms [260099], КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ; first period "2004 год", value "115.5"
    assert (first["kato"], first["kato_label"]) == ("260099", "КЫЗЫЛОРДИНСКАЯ ОБЛАСТЬ")
    assert (first["period"], first["period_as_written"], first["value"]) == (
        "2004",
        "2004 год",
        115.5,
    )


def test_taldau_prices_two_terms_and_quarters():
    frame = read_release(PRICES)
    first = frame.row(0, named=True)
    # slice 1: terms [252311, 18723255], АТЫРАУСКАЯ ОБЛАСТЬ / "Верблюды и верблюдовые, живые";
    # first period "2 квартал 2011 г." = "282.078"
    assert first["kato_label"] == "АТЫРАУСКАЯ ОБЛАСТЬ"
    assert (first["code"], first["code_label"]) == ("18723255", "Верблюды и верблюдовые, живые")
    assert (first["period"], first["period_type"], first["value"]) == (
        "2011-Q2",
        "quarter",
        282.078,
    )
    assert frame["code"].n_unique() > 1


def test_slices_that_differ_in_a_third_term_do_not_clash(tmp_path):
    slices = json.loads(PRICES.read_text(encoding="utf-8"))[:1]
    for term, name, shift in ((1, "Мужчины", 0.0), (2, "Женщины", 1.0)):
        copy = json.loads(json.dumps(slices[0]))
        copy["terms"].append(term)
        copy["termNames"].append(name)
        for period in copy["periods"]:
            period["value"] = str(float(period["value"]) + shift)
        slices.append(copy)
    path = tmp_path / "three-terms.json"
    path.write_text(json.dumps(slices[1:], ensure_ascii=False), encoding="utf-8")
    frame = read_release(path)
    assert set(frame["dimensions"]) == {"1: Мужчины", "2: Женщины"}


def test_taldau_tree_reads_one_value_per_year():
    assert detect_format(TREE) == "taldau-tree-json"
    frame = read_release(TREE)
    assert frame.height == 16  # y122010 ... y122025
    year_2020 = frame.filter(frame["period"] == "2020").row(0, named=True)
    # "y122020":"6334668832923.03" for id 741880, РЕСПУБЛИКА КАЗАХСТАН
    assert year_2020["value"] == pytest.approx(6334668832923.03)
    assert (year_2020["kato"], year_2020["kato_label"]) == ("741880", "РЕСПУБЛИКА КАЗАХСТАН")


@pytest.mark.parametrize(
    ("written", "period"),
    [
        ("2004 год", "2004"),
        ("4 квартал 2015 г.", "2015-Q4"),
        ("I квартал 2008 года", "2008-Q1"),
        ("I полугодие 2008 года", "2008-H1"),
        ("9 месяцев 2008 года", "2008-01/2008-09"),
        ("январь-март 2023 г.", "2023-Q1"),
        ("январь-октябрь 2023", "2023-01/2023-10"),
        ("I quarter 2008", "2008-Q1"),
        ("year 2008", "2008"),
        ("Ноябрь 2019 г.", "2019-11"),
        ("nonsense 2008", None),
    ],
)
def test_periods_as_the_portal_writes_them(written, period):
    assert written_period(written) == period


@given(
    st.integers(2000, 2030),
    st.sampled_from(["quarter", "half", "months", "year"]),
    st.integers(1, 4),
)
def test_written_periods_read_back(year, kind, number):
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}
    if kind == "quarter":
        assert written_period(f"{roman[number]} квартал {year} года") == f"{year}-Q{number}"
        assert written_period(f"{number} квартал {year} г.") == f"{year}-Q{number}"
    elif kind == "half":
        half = 1 + number % 2
        assert written_period(f"{roman[half]} полугодие {year} года") == f"{year}-H{half}"
    elif kind == "months":
        months = 3 * number - 1  # 2, 5, 8, 11 months
        expected = f"{year}-01/{year}-{months:02d}"
        assert written_period(f"{months} месяцев {year} года") == expected
    else:
        assert written_period(f"{year} год") == str(year)


def test_taldau_ingest_records_name_unit_and_refuses_without_them(fresh):
    before = sorted(p.as_posix() for p in (fresh / "data" / "raw").rglob("*"))
    with pytest.raises(IngestError) as refused:  # values of no indicator: 0 observations
        ingest(INCOME, published="2021-05-01", root=fresh)
    assert "give --name" in str(refused.value) and "give --unit" in str(refused.value)
    assert sorted(p.as_posix() for p in (fresh / "data" / "raw").rglob("*")) == before
    described = ingest(
        PRICES,
        published="2014-02-01",
        name="Цены производителей на продукцию сельского хозяйства",
        unit="тенге за тонну",
        index_id="702813",
        url="https://taldau.stat.gov.kz/ru/NewIndex/GetIndex/702813",
        root=fresh,
    )
    assert described.notes == ()
    record = json.loads((described.path / "release.json").read_text(encoding="utf-8"))
    assert (record["name"], record["unit"], record["index_id"]) == (
        "Цены производителей на продукцию сельского хозяйства",
        "тенге за тонну",
        "702813",
    )
    assert described.release.source == "taldau"


def test_the_bureaus_slice_json_is_recorded_as_the_bureaus(fresh):
    result = ingest(
        INCOME,
        published="2021-05-01",
        url="https://stat.gov.kz/api/iblock/element/704449/json/file/ru/",
        name="Индекс реальных денежных доходов населения",
        unit="%",
        root=fresh,
    )
    assert result.release.source == "bns"
    assert "Bureau of National Statistics" in result.release.publisher


def test_cyrillic_names_give_latin_ids_and_never_collide(fresh, tmp_path):
    first = tmp_path / "a" / "Индекс цен.csv"
    second = tmp_path / "b" / "Индекс цен.csv"
    for path, value in ((first, "105.0"), (second, "106.0")):
        path.parent.mkdir()
        text = CPI_CSV.read_text(encoding="utf-8").replace('"105.0"', f'"{value}"')
        path.write_text(text, encoding="utf-8")
    one = ingest(first, published="2024-03-15", root=fresh)
    two = ingest(second, published="2024-03-15", root=fresh)
    assert one.release.release_id == "2024-03-15-indeks-tsen"
    assert two.release.release_id.startswith("2024-03-15-indeks-tsen-")
    assert one.status == two.status == "added"


@pytest.mark.slow  # kzmach in a second process (its imports alone take 3 s)
def test_a_second_ingest_waits_for_the_first_and_then_refuses_clearly(fresh, tmp_path):
    go = tmp_path / "go"
    first = subprocess.Popen(
        paused_ingest(fresh, INCOME, "2021-05-01", go, ", name='Индекс', unit='%'"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    staging = fresh / "data" / ".staging"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(staging.glob("*/release.json")):
        time.sleep(0.05)
    second = subprocess.run(
        [sys.executable, "-c", (
            "import sys, kzmach\n"
            "from kzmach.errors import KzmachError\n"
            "try:\n"
            f"    kzmach.ingest({str(PRICES)!r}, published='2014-02-01', root={str(fresh)!r},"
            " name='Цены', unit='тенге за тонну', lock_wait=1)\n"
            "except KzmachError as error:\n"
            "    print(error); sys.exit(3)\n"
        )],
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert second.returncode == 3, second.stderr
    assert "another kzmach ingest or build is running" in second.stdout
    go.touch()
    _, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert len(list((fresh / "data/raw/releases").glob("*/*/release.json"))) == 1


def test_a_non_utf8_file_is_still_refused_by_name(tmp_path):
    path = tmp_path / "windows.csv"
    path.write_bytes(CPI_CSV.read_text(encoding="utf-8").encode("cp1251"))
    with pytest.raises(ReleaseError, match=r"Windows-1251 \(cp1251\) text, not UTF-8"):
        read_release(path)
    path = tmp_path / "wide.csv"
    path.write_bytes(CPI_CSV.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(ReleaseError, match=r"UTF-16 text.*not UTF-8"):
        read_release(path)


GRP = REAL / "bns-grp-per-capita-by-region.xlsx"
UNEMPLOYMENT = REAL / "bns-unemployment-rate-by-region-en.xlsx"


def _value(frame, region, period):
    rows = frame.filter((frame["kato_label"] == region) & (frame["period"] == period))
    assert rows.height == 1, (region, period, rows)
    return rows.row(0, named=True)


def test_a_published_workbook_with_titles_headings_and_footnotes():
    assert detect_format(GRP) == "bns-workbook"
    frame = read_release(GRP)  # the first sheet, "тыс.тенге"
    first = _value(frame, "Республика Казахстан", "2008-Q1")
    # sheet row 4 (title, unit row, heading above it); B4 = 205.6 under "I квартал 2008 года"
    assert (first["row"], first["value"], first["unit"]) == (4, 205.6, "тыс.тенге")
    assert first["indicator_name"].startswith("Валовой региональный продукт")
    # "9 месяцев 2008 года" is January to September; D4 = 754.2
    assert _value(frame, "Республика Казахстан", "2008-01/2008-09")["value"] == 754.2
    # "I полугодие 2022 года4)": the mark is stripped from the period and kept as a note
    half = _value(frame, "Республика Казахстан", "2022-H1")
    assert half["value"] == 2046.5 and "footnote 4)" in half["note"]
    # "г.Шымкент2)": the region without its mark; the footnote text below is not data
    shymkent = _value(frame, "г.Шымкент", "2022")
    assert shymkent["value"] == 2798.4 and "footnote 2)" in shymkent["note"]
    assert not frame.filter(frame["kato_label"].cast(pl.String).str.starts_with("1)")).height


def test_another_sheet_by_name_and_an_unknown_sheet_refused():
    dollars = read_release(GRP, sheet="в долларах США")
    row = _value(dollars, "Республика Казахстан", "2008-Q1")
    assert (row["value"], row["unit"]) == (1706.9, "долл. США")  # B4 of the second sheet
    with pytest.raises(ReleaseError, match="no sheet 'Лист3'"):
        read_release(GRP, sheet="Лист3")


def test_a_two_row_heading_a_year_over_quarters():
    frame = read_release(UNEMPLOYMENT)
    # the sheet's row 1 is empty (formatting only), the title is in row 2; row 4 holds 2001
    # over row 5's "I quarter ... year"; row 6 is the republic (as Excel numbers them)
    first = _value(frame, "Republic of Kazakhstan", "2001-Q1")
    assert (first["row"], first["value"], first["period_as_written"]) == (6, 12.7, "I quarter 2001")
    assert _value(frame, "Republic of Kazakhstan", "2001")["value"] == 10.4  # "year" column
    abai = _value(frame, "Abai", "2001-Q1")  # a region that did not exist yet: "-"
    assert abai["marker"] == "-" and abai["value"] is None


def test_group_headings_text_columns_and_footnotes(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Занятость"
    sheet.append(["Численность безработных1)"])
    sheet.append([None, None, None, "человек"])
    sheet.append([None, "2022 год", "2023 год", "Методика"])
    sheet.append(["Уровень безработицы"])
    sheet.append(["Всего", "100", "78,8*", "по обследованию"])
    sheet.append(["Женщины", "55", "40", "по обследованию"])
    sheet.append(["1) по данным обследования рабочей силы"])
    path = tmp_path / "groups.xlsx"
    book.save(path)
    frame = read_release(path)
    assert frame.height == 4
    total = _value(frame, "Уровень безработицы: Всего", "2023")
    assert (total["row"], total["value"], total["unit"]) == (5, 78.8, "человек")
    assert "footnote *" in total["note"] and "footnote 1)" in total["note"]
    assert "not a period: skipped" in frame.row(0, named=True)["note"]
    assert _value(frame, "Уровень безработицы: Женщины", "2022")["value"] == 55


def test_an_old_xls_is_recognised_and_a_damaged_one_refused(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert detect_format(path) == "bns-workbook"
    with pytest.raises(ReleaseError, match="not a readable workbook"):
        read_release(path)


SDG = REAL / "kazstat-sdg-9-2-1-manufacturing-va-share.csv"


def test_an_open_sdg_csv_reads_with_a_unit_per_row():
    assert detect_format(SDG) == "open-sdg-csv"
    frame = read_release(SDG)
    assert frame.height == 470  # 471 lines
    # line 2: 2010,PT_IN_2010_PRICE,,11.3 (the republic); line 172: 2015,PT_IN_2010_PRICE,,10.4
    first = frame.row(0, named=True)
    assert (first["period"], first["unit"], first["kato"], first["value"]) == (
        "2010",
        "PT_IN_2010_PRICE",
        "",
        11.3,
    )
    line_172 = frame.filter(frame["row"] == 172).row(0, named=True)
    assert (line_172["period"], line_172["value"]) == ("2015", 10.4)
    assert set(frame["unit"]) == {"PT_IN_2010_PRICE", "USD_IN_2010_PRICE"}


#: Every genuine file with what an ingest of it must be told (a Taldau slice names no
#: indicator and no unit; the GRP workbook's second sheet is in US dollars; the unemployment
#: workbook has no unit row).
GENUINE_FILES = (
    (CPI_CSV.name, {}),
    (INCOME.name, {"name": "Индекс реальных денежных доходов населения", "unit": "%"}),
    (PRICES.name, {"name": "Цены производителей", "unit": "тенге за тонну"}),
    (TREE.name, {"name": "Валовой выпуск продукции сельского хозяйства", "unit": "тенге"}),
    (GRP.name, {"sheet": "в долларах США"}),
    (UNEMPLOYMENT.name, {"unit": "%"}),  # its title names the rate, no unit row
    (SDG.name, {"name": "Доля обрабатывающей промышленности в ВВП"}),
)


@pytest.mark.slow  # end to end: every genuine file ingested, then a build
def test_every_genuine_file_ingests_and_builds(fresh):
    import kzmach

    results = {
        # the latest download day of the seven (SOURCES.md): every period in them began by then
        name: ingest(REAL / name, published="2026-09-02", root=fresh, **options)
        for name, options in GENUINE_FILES
    }
    assert {r.status for r in results.values()} == {"added"}
    kzmach.build(fresh)  # once, with all seven releases
    for name, options in GENUINE_FILES:
        values = kzmach.release_values(results[name].release.key, root=fresh)
        read = read_release(REAL / name, sheet=options.get("sheet"))
        assert len(values) == read.height, name
        if "name" in options:
            assert set(values["indicator_name"]) == {options["name"]}, name


OUTPUT_NAME = "Объем производства промышленной продукции (товаров, услуг)(Миллион тенге)"
DIVISIONS = {
    "26": "Производство компьютеров, электронной и оптической продукции",
    "27": "Производство электрического оборудования",
    "28": "Производство машин и оборудования, не включенных в другие группировки",
    "29": "Производство автотранспортных средств, трейлеров и полуприцепов",
    "30": "Производство прочих транспортных средств",
    "33": "Ремонт и установка машин и оборудования",
}


def _division_csv(
    path: Path,
    cells: dict[tuple[str, str, str], str],
    names: dict[str, str] | None = None,
) -> Path:
    """A dynamic-table CSV in the real layout: quoted, region names with "0", codes + labels.

    With ``names``, the divisions are written as the regions are: the name in the code's
    column and "0" in its twin (the code itself is not in the file).
    """
    header = ["NAM", "DAT", "PERIOD", "КАТО(по каталогу)", "LКАТО(по каталогу)", "ОКЭД", "LОКЭД"]
    lines = ["\t".join(f'"{h}"' for h in [*header, "VAL"])]
    months = {"202301": "Январь 2023 г.", "202302": "Февраль 2023 г."}
    for (region, period, code), value in cells.items():
        division = [names[code], "0"] if names else [code, DIVISIONS[code]]
        row = [OUTPUT_NAME, months[period], period, region, "0", *division, value]
        lines.append("\t".join(f'"{cell}"' for cell in row))
    path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_machine_building_output_by_month_and_region_from_its_divisions(fresh, tmp_path):
    import kzmach

    values = {"26": "10.5", "27": "20.25", "28": "30", "29": "40", "30": "5", "33": "1.5"}
    cells = {}
    for period, shift in (("202301", 0), ("202302", 1)):
        for code, value in values.items():
            cells[("КОСТАНАЙСКАЯ ОБЛАСТЬ", period, code)] = str(float(value) + shift)
            # Karaganda: division 29 is confidential in January
            hidden = code == "29" and period == "202301"
            cells[("КАРАГАНДИНСКАЯ ОБЛАСТЬ", period, code)] = "x" if hidden else value
    path = _division_csv(tmp_path / "Промышленность по ОКЭД.csv", cells)
    result = ingest(path, published="2023-03-15", maturity="preliminary", root=fresh)
    assert result.release.release_id == "2023-03-15-promyshlennost-po-oked"
    derived = kzmach.observations("mb_output", figure_type="derived", root=fresh)
    by_key = {
        (r.region, r.period_start.month): (r.value, r.qualifier, r.note)
        for r in derived.itertuples()
    }
    # Kostanay, January: 10.5 + 20.25 + 30 + 40 + 5 + 1.5 = 107.25 mn tenge = 0.10725 bn
    assert by_key[("Kostanay Region", 1)][:2] == (pytest.approx(0.10725), "exact")
    # February: each division + 1 -> 113.25 mn
    assert by_key[("Kostanay Region", 2)][0] == pytest.approx(0.11325)
    # Karaganda, January, 29 confidential: 10.5 + 20.25 + 30 + 5 + 1.5 = 67.25, a lower bound
    value, qualifier, note = by_key[("Karaganda Region", 1)]
    assert (value, qualifier) == (pytest.approx(0.06725), "at_least")
    assert "no number for 29" in note
    assert by_key[("Karaganda Region", 2)][:2] == (pytest.approx(0.10725), "exact")
    # the divisions themselves stay in release_values and, where kzmach has a scope, as figures
    electrical = kzmach.observations("electrical_output", root=fresh)
    assert (electrical["release"] == result.release.key).sum() == 4  # 2 regions x 2 months


#: The divisions as Kazakhstan's ОКЭД words them (28: "категории", not OKVED's "группировки"),
#: in capitals and with ё, as the Bureau's tables sometimes print them.
OKED_WORDING = {
    **DIVISIONS,
    "28": "ПРОИЗВОДСТВО МАШИН И ОБОРУДОВАНИЯ, НЕ ВКЛЮЧЁННЫХ В ДРУГИЕ КАТЕГОРИИ",
    "29": "Производство автомобилей, прицепов и полуприцепов",
}


def test_divisions_named_in_kazakhstans_wording_give_machine_building_as_their_sum(fresh, tmp_path):
    import kzmach

    values = {"26": "12,5", "27": "30", "28": "80,4", "29": "150", "30": "40,3", "33": "15,5"}
    cells = {("КОСТАНАЙСКАЯ ОБЛАСТЬ", "202301", code): v for code, v in values.items()}
    # February: the Bureau has no data for 30 ("…"), so the sum is a lower bound
    cells |= {("КОСТАНАЙСКАЯ ОБЛАСТЬ", "202302", code): v for code, v in values.items()}
    cells[("КОСТАНАЙСКАЯ ОБЛАСТЬ", "202302", "30")] = "…"
    path = _division_csv(tmp_path / "divisions.csv", cells, names=OKED_WORDING)
    result = ingest(path, published="2023-03-15", root=fresh)
    assert result.unmapped == ()  # every division's name maps, 28's and 29's wordings too
    assert result.marked == ("1 '…' (no data)",)
    derived = kzmach.observations("mb_output", figure_type="derived", root=fresh)
    by_month = {r.period_start.month: (r.value, r.qualifier) for r in derived.itertuples()}
    # January: 12.5 + 30 + 80.4 + 150 + 40.3 + 15.5 = 328.7 mn tenge, all six divisions
    assert by_month[1] == (pytest.approx(0.3287), "exact")
    # February without 30: 328.7 - 40.3 = 288.4 mn, at least
    assert by_month[2] == (pytest.approx(0.2884), "at_least")
    # divisions 26, 30 and 33 are figures of their own, as 27, 28 and 29 are
    for indicator, million in (
        ("electronics_output", 12.5),
        ("other_transport_output", 40.3),
        ("repair_output", 15.5),
        ("machinery_output", 80.4),
    ):
        figures = kzmach.observations(indicator, root=fresh)
        ours = figures[figures["release"] == result.release.key]
        january = ours[ours["period_start"].dt.month == 1]
        assert january["value"].tolist() == [pytest.approx(million / 1000)], indicator


def test_check_and_releases_count_unmapped_rows_by_reason(fresh, capsys):
    from kzmach.cli import main

    ingest(CPI_CSV, published="2024-01-15", root=fresh)  # consumer prices: no kzmach measure
    assert main(["--root", str(fresh), "check"]) == 0
    out = capsys.readouterr().out
    assert "release rows not mapped to an indicator: 82 of 82" in out
    assert "82 row(s): name not in measures.csv nor matched by measure-meanings.csv" in out
    assert main(["--root", str(fresh), "releases"]) == 0
    assert "82 row(s): name not in measures.csv" in capsys.readouterr().out


MIRROR = (
    ROOT / "tests" / "fixtures" / "statistics-mirror" / "bns-machine-building-pvi-gva-mirror.csv"
)


@pytest.mark.slow  # end to end: two genuine tables ingested, then a build
def test_the_bureaus_tables_in_the_long_series_layout_ingest_as_a_release(fresh):
    import kzmach

    assert detect_format(MIRROR) == "long-series-csv"
    assert read_release(MIRROR).height == 364  # 365 lines
    result = ingest(
        MIRROR,
        published="2026-09-17",
        maturity="final",
        publisher="Bureau of National Statistics of Kazakhstan (tables 5792 and 5931)",
        url="makenerzhan-gif/kazakhstan-economic-data data/unified/macro_dims_long.csv "
        "@118b85dca998148f3cd9de46fa9d9fb81ed0fa9d",
        root=fresh,
    )
    assert not result.unmapped  # every row has an indicator, divisions 26 and 33 too
    growth = kzmach.series("mb_output_growth_real", root=fresh).set_index("period_label")
    # line 362: 2022 MACH 110.8 (% of the previous year) -> +10.8; line 330: 1990 83.7 -> -16.3
    assert growth.loc["2022", "value"] == pytest.approx(10.8)
    assert growth.loc["1990", "value"] == pytest.approx(-16.3)
    # line 363: 128.18082005488523 has more decimals than the Bureau publishes: kept
    # unrounded, but as a derived figure; the published +25.4% (p069-a) leads the series
    assert growth.loc["2023", "value"] == pytest.approx(25.4)
    assert growth.loc["2023", "figure_id"] == "p069-a"
    derived = kzmach.observations("mb_output_growth_real", figure_type="derived", root=fresh)
    (computed,) = derived[derived["value_as_written"] == "128.18082005488523"].itertuples()
    assert computed.value == pytest.approx(28.18082005488523)
    assert "not a published figure" in computed.note
    index_2022 = kzmach.observations("mb_output_growth_real", root=fresh)
    bureau = index_2022[index_2022["release"] == result.release.key]
    assert bureau["note"].str.contains("divisions 26–30, without 33").all()
    assert bureau["source_kind"].eq("statistics").all()
    gva = kzmach.series("mb_gva", root=fresh).set_index("period_label")
    # line 15: 2013 "26-30, 33" 389209.9 million KZT = 389.2099 bn; value added, not output
    assert gva.loc["2013", "value"] == pytest.approx(389.2099)
    assert list(gva.index) == [str(year) for year in range(2013, 2026)]
    # line 93: manufacturing 3828486.8999999994 million KZT
    mfg = kzmach.series("mfg_gva", root=fresh).set_index("period_label")
    assert mfg.loc["2013", "value"] == pytest.approx(3828.4868999999994)
    assert kzmach.series("mb_output", root=fresh)["value"].max() < 10_000  # output untouched
    # line 14: division 26's value added in 2025, 49943.0 million KZT; line 80: division 33's
    # in 2013, 146778.4; line 151: division 26's index for 2025, 140.8 -> +40.8
    assert kzmach.series("electronics_gva", root=fresh).set_index("period_label").loc[
        "2025", "value"
    ] == pytest.approx(49.943)
    assert kzmach.series("repair_gva", root=fresh).set_index("period_label").loc[
        "2013", "value"
    ] == pytest.approx(146.7784)
    assert kzmach.series("electronics_output_growth_real", root=fresh).set_index(
        "period_label"
    ).loc["2025", "value"] == pytest.approx(40.8)
    # precision as published, never float noise: line 93's 3828486.8999999994 million KZT is
    # 3828486.9, to 0.1 million (0.0001 bn); line 363's unrounded 128.18082005488523 takes
    # its series' one decimal (0.1 percentage point)
    figures = kzmach.observations(root=fresh)
    ours = figures[figures["release"] == result.release.key].set_index("value_as_written")
    assert ours.loc["3828486.8999999994", "value_precision"] == pytest.approx(0.0001)
    assert ours.loc["128.18082005488523", "value_precision"] == pytest.approx(0.1)
    assert ours["value_precision"].min() >= 0.0001  # every value to 0.1 million or coarser


GRP = REAL / "bns-grp-per-capita-by-region.xlsx"


def _with_cells(workbook: Path, cells: dict[tuple[int, int], str], path: Path) -> Path:
    """Save a copy of a genuine workbook with some cells of its first sheet rewritten."""
    import openpyxl

    book = openpyxl.load_workbook(workbook)
    for (row, column), text in cells.items():
        book.worksheets[0].cell(row=row, column=column).value = text
    book.save(path)
    return path


def test_a_genuine_workbook_with_the_bureaus_no_data_marks_ingests(fresh, tmp_path):
    # the Bureau's tables write "…" (or "...") for "no data": two cells of the genuine GRP
    # workbook so rewritten; sheet 1 row 6 is Акмолинская: 107, 253.3, 452.6, 641.4, 104.3
    path = _with_cells(GRP, {(6, 3): "…", (7, 4): "..."}, tmp_path / "grp.xlsx")
    result = ingest(path, published="2024-01-01", root=fresh)
    assert result.status == "added"
    assert result.marked == ("2 '…' (no data)",)
    read = read_release(path).with_columns(pl.col(pl.Categorical).cast(pl.String))
    akmola = read.filter(
        pl.col("kato_label") == "Акмолинская", pl.col("period").str.head(4) == "2008"
    )
    by_period = dict(zip(akmola["period"], akmola["value"], strict=True))
    assert by_period == {"2008-Q1": 107.0, "2008-H1": None, "2008-01/2008-09": 452.6, "2008": 641.4}
    aktobe = read.filter(
        pl.col("kato_label") == "Актюбинская", pl.col("period") == "2008-01/2008-09"
    )
    assert aktobe.select("value", "value_as_written", "marker").row(0) == (None, "...", "…")


def test_a_workbooks_bad_cell_is_named_once_by_sheet_row_column_and_text(tmp_path):
    path = _with_cells(GRP, {(8, 4): "n/a"}, tmp_path / "grp.xlsx")
    with pytest.raises(ReleaseError) as caught:
        read_release(path, label="grp.xlsx")
    problems = caught.value.problems
    assert [str(p) for p in problems] == [
        "grp.xlsx [тыс.тенге], row 8, column D ('9 месяцев 2008 года'): 'n/a' is not a number"
        " nor one of the Bureau's marks ('x', '-', '…', '', 'х', '–', '—', '...')"
    ]


def test_a_release_is_converted_again_when_what_its_conversion_reads_changes(built_copy):
    """The build remembers each release's conversion within a process (tests build the same
    releases dozens of times); a changed mapping table or request beside the file is seen."""
    from kzmach.paths import ProjectPaths
    from kzmach.raw.releases.convert import assemble_releases

    paths = ProjectPaths(built_copy)

    def capacity_rows() -> int:
        _, values, _, _, _ = assemble_releases(paths)
        return int((values["indicator"] == "mfg_capacity_utilisation").sum())

    mapped = capacity_rows()
    assert mapped > 0 and capacity_rows() == mapped  # remembered: the same answer
    table = built_copy / "data/raw/release-mappings/indicators.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    table.write_text(
        "".join(line for line in lines if ",mfg_capacity_utilisation," not in line),
        encoding="utf-8",
    )
    assert capacity_rows() == 0  # the mapping changed: converted again, nothing mapped to it
