"""Release readers: every format read back equal to the generator's values; bad input refused
by file, row and column."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.metadata.vocabulary import VALUE_MARKERS
from kzmach.raw.releases.common import LABEL_COLUMNS, MARKER_AS_WRITTEN, by_distinct
from kzmach.raw.releases.publication import publication_period as _publication_period
from kzmach.raw.releases.readers import ReleaseError, detect_format, read_release
from synthetic_releases import (
    INDICATOR_NAME,
    TERRITORIES,
    make_values,
    publication_number,
    write_bns_csv,
    write_publication_csv,
    write_taldau_json,
)

WRITERS = {
    "bns-csv": write_bns_csv,
    "taldau-json": write_taldau_json,
}


@pytest.fixture(scope="module")
def values():
    return make_values(months=14, territories=4, codes=7, seed=3, confidential_share=0.1)


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_format_reads_back_the_generated_values(tmp_path, values, fmt):
    path = WRITERS[fmt](values, tmp_path / f"release.{fmt}")
    assert detect_format(path) == fmt
    read = read_release(path)
    assert read.height == values.height
    # the Bureau writes the unit in NAM's brackets; Taldau slices carry no name and no unit
    taldau = fmt == "taldau-json"
    assert set(read["unit"]) == {"" if taldau else "Миллион тенге"}
    assert set(read["indicator_name"]) == {"" if taldau else INDICATOR_NAME}
    expected = values.with_columns(
        period=pl.col("period").str.slice(0, 4) + "-" + pl.col("period").str.slice(4, 2)
    )
    # repeated labels are categorical, whatever the format
    assert {c for c, t in read.schema.items() if t == pl.Categorical} == set(LABEL_COLUMNS)
    as_text = read.with_columns(pl.col(pl.Categorical).cast(pl.String))
    joined = as_text.join(expected, on=["period", "kato", "code"], suffix="_written")
    assert joined.height == values.height
    assert (joined["marker"] == joined["marker_written"]).all()
    shown = joined.filter(pl.col("marker") == "")
    assert (shown["value"] - shown["value_written"]).abs().max() < 1e-9
    assert (
        joined.filter(pl.col("marker") == "x")["value"].null_count()
        == joined.filter(pl.col("marker") == "x").height
    )
    assert set(read["period_type"]) == {"month"}


def _bns(tmp_path, rows, header=None, name="bad.csv"):
    header = header or [
        "NAM",
        "DAT",
        "PERIOD",
        "КАТО(по каталогу)",
        "LКАТО(по каталогу)",
        "ОКЭД(по каталогу)",
        "LОКЭД(по каталогу)",
        "VAL",
    ]
    lines = ["\t".join(header), *("\t".join(r) for r in rows)]
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def _row(period="202201", value="10.5", kato="000000000", code="28", name=INDICATOR_NAME):
    return [name, "01.01.2022", period, kato, "РК", code, "Машины", value]


def _refused(path, row, column, words):
    with pytest.raises(ReleaseError) as caught:
        read_release(path, label="release.csv")
    message = str(caught.value)
    where = f"release.csv, row {row}" if row else "release.csv:"
    where += f", column {column}" if column else ""
    assert where in message, message
    for word in words:
        assert word in message, message
    return message


def test_documented_markers_are_kept_not_dropped(tmp_path):
    path = _bns(tmp_path, [_row(value="x"), _row(period="202202", value="-"), _row("202203", "")])
    read = read_release(path)
    assert list(read["marker"]) == ["x", "-", ""]
    assert read["value"].null_count() == 3


def test_publication_numbers_with_spaces_and_decimal_commas(tmp_path):
    path = _bns(tmp_path, [_row(value="37 606 243,5"), _row("202202", "1\u00a0234,0")])
    assert list(read_release(path)["value"]) == [37606243.5, 1234.0]


def test_non_numeric_value(tmp_path):
    path = _bns(tmp_path, [_row(), _row(period="202202", value="n/a")])
    _refused(path, 3, "VAL", ["'n/a' is not a number"])


def test_missing_or_renamed_column(tmp_path):
    header = ["NAM", "DAT", "PERIODS", "КАТО(по каталогу)", "LКАТО(по каталогу)", "VAL"]
    path = _bns(tmp_path, [["a", "b", "202201", "0", "РК", "1"]], header=header)
    _refused(path, 1, "PERIOD", ["missing column(s) ['PERIOD']", "PERIODS"])


def test_same_period_twice_with_different_values(tmp_path):
    path = _bns(tmp_path, [_row(value="10"), _row(period="202202"), _row(value="11")])
    _refused(path, 2, "PERIOD", ["appears twice with different values (rows 2, 4)"])


def test_same_period_twice_with_the_same_value_is_one_observation(tmp_path):
    path = _bns(tmp_path, [_row(value="10"), _row(value="10")])
    assert read_release(path).height == 1


def test_unknown_period_format(tmp_path):
    path = _bns(tmp_path, [_row(), _row(period="2022-I")])
    _refused(path, 3, "PERIOD", ["unknown period format '2022-I'"])


def test_negative_output(tmp_path):
    path = _bns(tmp_path, [_row(value="-5")])
    _refused(path, 2, "VAL", ["negative value -5"])


def test_negative_change_is_allowed(tmp_path):
    name = "Прирост объема производства, изменение в %"
    path = _bns(tmp_path, [_row(value="-5", name=name)])
    assert list(read_release(path)["value"]) == [-5.0]


def test_unit_changing_within_a_file(tmp_path):
    other = INDICATOR_NAME.replace("Миллион тенге", "Тысяча тенге")
    path = _bns(tmp_path, [_row(), _row(period="202202", name=other)])
    _refused(path, 3, "NAM", ["unit changes within the file: 'Миллион тенге' then 'Тысяча тенге'"])


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    _refused(path, 0, "", ["the file is empty"])


def test_header_without_rows(tmp_path):
    path = _bns(tmp_path, [])
    with pytest.raises(ReleaseError, match=r"header but no rows|not a tab-separated table"):
        read_release(path)


def test_wrong_encoding(tmp_path):
    path = tmp_path / "cp1251.csv"
    good = _bns(tmp_path, [_row()]).read_text(encoding="utf-8-sig")
    path.write_bytes(good.encode("cp1251"))
    _refused(path, 1, "", ["Windows-1251 (cp1251) text, not UTF-8", "save the file as UTF-8"])


@pytest.mark.parametrize("fmt", [None, "bns-csv"])
@pytest.mark.parametrize(("column", "invalid"), [(0, b"\xff"), (7, b"\xd0")])
def test_invalid_byte_past_the_head_is_found_by_line(tmp_path, fmt, column, invalid):
    """Detection checks the first MiB; past it, polars refuses the file and the line is named."""
    rows = [
        _row(period=f"{2000 + i // 12}{i % 12 + 1:02d}", kato=f"{i:09d}") for i in range(12_000)
    ]
    path = _bns(tmp_path, rows)
    lines = path.read_bytes().split(b"\n")
    bad_line = 11_001  # the header is line 1
    assert sum(len(line) + 1 for line in lines[: bad_line - 1]) > 1 << 20
    cells = lines[bad_line - 1].split(b"\t")
    cells[column] = cells[column][:3] + invalid + cells[column][3:]
    lines[bad_line - 1] = b"\t".join(cells)
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(ReleaseError) as caught:
        read_release(path, fmt, label="release.csv")
    message = str(caught.value)
    # one damaged byte in UTF-8 text: named as such, never as another encoding
    assert f"release.csv, row {bad_line}: " in message, message
    assert "invalid UTF-8 byte(s)" in message, message
    assert "the rest is UTF-8" in message  # (the byte cut a Cyrillic letter in column 0)
    assert "cp1251" not in message.lower() and "iconv" not in message


def test_not_a_table(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_text("This is a note about the release, not a table.\n", encoding="utf-8")
    _refused(path, 1, "", ["not a release table of a known format"])


def test_json_that_is_not_a_release(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    _refused(path, 1, "", ["JSON, but none of the JSON formats (taldau-json, taldau-tree-json)"])


@pytest.mark.parametrize(
    ("written", "mark"),
    [
        *[("…", "…"), ("...", "…")],
        *[("x", "x"), ("X", "x"), ("х", "x"), ("Х", "x")],  # Latin, then Cyrillic
        *[("-", "-"), ("–", "-"), ("—", "-")],
    ],
)
def test_every_mark_of_the_bureau_is_a_missing_value_with_its_mark(tmp_path, written, mark):
    read = read_release(_bns(tmp_path, [_row(value=written), _row(period="202203")]))
    assert read["marker"].cast(pl.String).to_list() == [mark, ""]
    assert read["value"][0] is None and read["value"][1] is not None
    assert VALUE_MARKERS[mark]  # every mark says what it means


def test_every_problem_is_listed_at_once(tmp_path):
    path = _bns(tmp_path, [_row(value="a"), _row(period="20220"), _row(period="202203", value="b")])
    message = _refused(path, 2, "VAL", ["3 problem(s)"])
    assert "row 3, column PERIOD" in message and "row 4, column VAL" in message


@given(
    st.integers(0, 10**12),
    st.integers(0, 9),
    st.sampled_from([" ", "\u00a0", "\u202f"]),
)
def test_grouped_numbers_with_decimal_comma_parse(whole, tenth, space):
    grouped = f"{whole:,}".replace(",", space)
    frame = pl.DataFrame({"raw": [f"{grouped},{tenth}"]})
    from kzmach.raw.releases.common import parse_numbers as _numbers

    parsed = frame.select(_numbers(pl.col("raw"), ","))["raw"][0]
    assert parsed == pytest.approx(whole + tenth / 10)


VALUE_CELLS = st.one_of(
    st.sampled_from(sorted(MARKER_AS_WRITTEN)).map(lambda marker: ("marker", marker, None)),
    st.floats(0, 1e9).map(lambda v: ("number", repr(round(v, 3)), round(v, 3))),  # levels: >= 0
    st.text(alphabet="абвгдxyzQ!?%", min_size=1, max_size=12)
    .filter(lambda text: text.strip() not in MARKER_AS_WRITTEN)
    .map(lambda text: ("text", text, None)),
)


@given(VALUE_CELLS)
def test_any_value_cell_is_a_number_a_marker_or_refused(tmp_path_factory, case):
    kind, cell, number = case
    path = _bns(tmp_path_factory.mktemp("cell"), [_row(value=cell)])
    if kind == "text":  # without the number check this would be read as an empty value
        with pytest.raises(ReleaseError, match="row 2, column VAL"):
            read_release(path, label="release.csv")
        return
    read = read_release(path)
    assert read.height == 1
    if kind == "marker":  # kept as the Bureau's mark, whichever way it was written
        assert read["marker"][0] == MARKER_AS_WRITTEN[cell] and read["value"][0] is None
        assert read["value_as_written"][0] == cell
    else:
        assert read["marker"][0] == "" and read["value"][0] == pytest.approx(number)


def _written(values):
    return values.with_columns(
        period=pl.col("period").str.slice(0, 4) + "-" + pl.col("period").str.slice(4, 2)
    )


def test_publication_table_reads_back_the_republics_values(tmp_path, values):
    path = write_publication_csv(values, tmp_path / "bulletin.txt")
    assert detect_format(path) == "publication-csv"
    read = read_release(path)
    republic = _written(values).filter(pl.col("kato") == TERRITORIES[0][0])
    assert read.height == republic.height
    expected = republic.with_columns(indicator_name=pl.col("code_label") + ", млн. тенге").select(
        "indicator_name", "period", "value", "marker"
    )
    joined = read.with_columns(pl.col(pl.Categorical).cast(pl.String)).join(
        expected, on=["indicator_name", "period"], suffix="_written"
    )
    assert joined.height == republic.height
    assert (joined["marker"] == joined["marker_written"]).all()
    shown = joined.filter(pl.col("marker") == "")
    assert (shown["value"] - shown["value_written"]).abs().max() < 1e-9
    assert "\u00a0" in "".join(shown["value_as_written"])  # as printed, no-break spaces kept


@pytest.mark.parametrize(
    ("heading", "period"),
    [
        ("2021", "2021"),
        ("2021 г.", "2021"),
        ("2021г.", "2021"),
        ("2021 год", "2021"),
        ("январь-октябрь 2023", "2023-01/2023-10"),
        ("Январь – октябрь 2023 г.", "2023-01/2023-10"),
        ("январь-декабрь 2023", "2023"),
        ("январь-март 2023", "2023-Q1"),
        ("январь-июнь 2023", "2023-H1"),
        ("октябрь 2023", "2023-10"),
        ("I квартал 2023", "2023-Q1"),
        ("IV квартал 2023", "2023-Q4"),
        ("1 полугодие 2023", "2023-H1"),
        ("в % к 2020г.", None),
        ("Наименование", None),
        ("октябрь", None),
    ],
)
def test_publication_period_headings(heading, period):
    assert _publication_period(heading) == period


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_publication_numbers_read_back(tmp_path_factory, number):
    path = tmp_path_factory.mktemp("pub") / "table.txt"
    text = publication_number(number)
    path.write_text(f"Наименование;2021\nОбъем, млн. тенге;{text}\n", encoding="utf-8")
    read = read_release(path)
    assert read["value"][0] == pytest.approx(round(number, 1), abs=0.051)
    assert read["value_as_written"][0] == text


def test_publication_index_rows_keep_their_unit(tmp_path):
    path = tmp_path / "bulletin.txt"
    path.write_text(
        "\tянварь-октябрь 2023\t2022\n"
        "Индекс физического объема, в % к соответствующему периоду прошлого года\t127,0\t105,1\n"
        "Объем производства, млн. тенге\t1\u202f890\u202f500,0\t-\n",
        encoding="utf-8",
    )
    read = read_release(path)
    assert read["unit"].to_list() == [
        "в % к соответствующему периоду прошлого года",
        "в % к соответствующему периоду прошлого года",
        "млн. тенге",
        "млн. тенге",
    ]
    assert read["value"].to_list()[:3] == [127.0, 105.1, 1890500.0]
    assert read["marker"][3] == "-"
    assert read["period_type"].to_list()[:2] == ["ytd", "year"]


def test_publication_unknown_heading_is_refused(tmp_path):
    path = tmp_path / "bulletin.txt"
    path.write_text("Наименование;2021;2022\nОбъем, млн. тенге;1;2\n", encoding="utf-8")
    assert detect_format(path) == "publication-csv"
    path.write_text("Наименование;2021;прошлый год\nОбъем, млн. тенге;1;2\n", encoding="utf-8")
    with pytest.raises(ReleaseError, match="not a release table"):
        read_release(path)
    with pytest.raises(ReleaseError, match="row 1, column прошлый год: unknown period heading"):
        read_release(path, fmt="publication-csv")


def test_truncated_workbook_is_refused(tmp_path, project_root):
    genuine = project_root / "tests/fixtures/real-releases/bns-grp-per-capita-by-region.xlsx"
    whole = genuine.read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ReleaseError, match=r"cut\.xlsx: not a readable workbook"):
        read_release(path)


def test_workbook_of_another_table_is_refused(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["Name", "Value"])
    workbook.active.append(["a", 1])
    workbook.save(tmp_path / "other.xlsx")
    with pytest.raises(ReleaseError, match="no visible sheet holds a table"):
        read_release(tmp_path / "other.xlsx")  # read as a published table, which it is not


_LABELS = st.one_of(st.none(), st.sampled_from(["", " a", "a", "b ", "Б", " ", "0"]))


@given(st.lists(st.tuples(_LABELS, _LABELS), min_size=1, max_size=60))
def test_by_distinct_equals_working_row_by_row(pairs):
    """Each distinct combination is derived once, yet every row gets what it alone would get."""
    frame = pl.DataFrame(
        {"left": [a for a, _ in pairs], "right": [b for _, b in pairs]},
        schema={"left": pl.Categorical, "right": pl.Categorical},
    ).with_row_index("row")
    seen = []

    def derive(distinct: pl.DataFrame) -> pl.DataFrame:
        seen.append(distinct.height)
        return distinct.with_columns(
            (pl.col("left").str.strip_chars() + "|" + pl.col("right").str.to_uppercase()).alias(
                "joined"
            )
        )

    result = by_distinct(frame, ["left", "right"], derive)
    assert result["row"].to_list() == list(range(len(pairs)))  # the rows keep their order
    assert result.schema["joined"] == pl.Categorical
    assert seen == [len(set(pairs))]
    expected = [f"{(a or '').strip()}|{(b or '').upper()}" for a, b in pairs]
    assert result["joined"].to_list() == expected
    dropped = by_distinct(frame, ["left", "right"], derive, keep_inputs=False)
    assert dropped.columns == ["row", "joined"]


ROOT = Path(__file__).resolve().parents[1]
MIRROR = (
    ROOT / "tests" / "fixtures" / "statistics-mirror" / "bns-machine-building-pvi-gva-mirror.csv"
)


def _mirror_names() -> list[tuple[str, str]]:
    import csv

    with MIRROR.open(encoding="utf-8", newline="") as handle:
        return sorted({(r["item_code"], r["item_name"]) for r in csv.DictReader(handle)})


def _labels_table() -> list[tuple[str, str]]:
    import csv

    path = ROOT / "data" / "raw" / "release-mappings" / "classifier-labels.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(r["code"], r["label"]) for r in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def mapping():
    from kzmach.paths import ProjectPaths
    from kzmach.raw.releases.mapping import read_mapping

    read, problems = read_mapping(ProjectPaths(ROOT))
    assert problems == []
    return read


@pytest.mark.parametrize(("code", "name"), _mirror_names() + _labels_table())
def test_every_division_name_the_bureau_writes_maps_to_its_code(mapping, code, name):
    # the mirror's tables 5792 and 5931 word divisions 26, 28, 29 and industry differently
    # (28: OKVED's "группировки" in one, Kazakhstan's ОКЭД "категории" in the other)
    assert mapping.code_row("", name)["code"] == code
    assert mapping.code_row("", name.upper().replace("е", "ё"))["code"] == code


@given(
    st.sampled_from(["Промышленность- всего", "не включенных в другие категории"]),
    st.lists(st.sampled_from([" ", "\u00a0", "-", "–", "—", ",", ".", "«", "»", '"']), max_size=4),
)
def test_label_keys_ignore_case_yo_quotes_dashes_and_spaces(name, noise):
    from kzmach.raw.releases.mapping import label_key

    words = name.split()
    noisy = (" " + "".join(noise) + " ").join(words).upper().replace("Е", "Ё")
    assert (
        label_key(noisy) == label_key(name) == " ".join(label_key(w) for w in words if label_key(w))
    )


@pytest.mark.parametrize(
    ("value", "written", "series", "published"),
    [
        (593816.2000000001, "593816.2000000001", 1, 1),  # float noise: 593816.2
        (44730.00000000001, "44730.00000000001", 1, 0),  # 44730
        (128.18082005488523, "128.18082005488523", 1, 1),  # unrounded: its series' decimal
        (128.18082005488523, "128.18082005488523", None, 6),  # no series: at most 6
        (103.6, "103,6", 1, None),  # as written
        (0.125, "0.125", 1, None),
    ],
)
def test_a_number_is_as_precise_as_it_is_published(value, written, series, published):
    from kzmach.raw.releases.convert import published_decimals

    assert published_decimals(value, written, series) == published


def test_a_series_decimals_are_its_most_common_first_met_on_a_tie():
    from kzmach.raw.releases.convert import _series_decimals

    rows = pl.DataFrame(
        {
            "indicator": ["a", "a", "a", "a", "b", "b", "b"],
            "value_as_written": ["1.5", "2,25", "3.5", "0.12345678", "7.25", "8.5", "9"],
        }
    )
    # a: one decimal twice, two once; b: 2, 1 and 0 decimals once each: the first met, 2
    assert _series_decimals(rows) == {"a": 1, "b": 2}
    assert _series_decimals(rows.filter(pl.col("indicator") == "b")) == {}  # nothing to cap
