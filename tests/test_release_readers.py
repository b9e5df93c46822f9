"""Release readers: every format read back equal to the generator's values; bad input refused
by file, row and column."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.release_readers import ReleaseError, detect_format, read_release
from kzmach.synthetic import (
    INDICATOR_NAME,
    make_values,
    write_bns_csv,
    write_bns_json,
    write_taldau_json,
)

WRITERS = {
    "bns-csv": write_bns_csv,
    "bns-json": write_bns_json,
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
    assert set(read["unit"]) == {"млн. тенге"}
    assert set(read["indicator_name"]) == {INDICATOR_NAME}
    expected = values.with_columns(
        period=pl.col("period").str.slice(0, 4) + "-" + pl.col("period").str.slice(4, 2)
    )
    joined = read.join(expected, on=["period", "kato", "code"], suffix="_written")
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
    other = INDICATOR_NAME.replace("млн. тенге", "тыс. тенге")
    path = _bns(tmp_path, [_row(), _row(period="202202", name=other)])
    _refused(path, 3, "NAM", ["unit changes within the file: 'млн. тенге' then 'тыс. тенге'"])


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
    _refused(path, 1, "", ["not UTF-8 text", "save the file as UTF-8"])


def test_not_a_table(tmp_path):
    path = tmp_path / "picture.csv"
    path.write_text("This is a note about the release, not a table.\n", encoding="utf-8")
    _refused(path, 1, "", ["not a release table this reader knows"])


def test_json_that_is_not_a_release(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world"}), encoding="utf-8")
    _refused(path, 1, "", ["neither a BNS dynamic table nor Taldau slices"])


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
    from kzmach.release_readers import _numbers

    parsed = frame.select(_numbers(pl.col("raw")))["raw"][0]
    assert parsed == pytest.approx(whole + tenth / 10)


@given(st.text(max_size=30))
def test_any_value_cell_is_a_number_a_marker_or_refused(tmp_path_factory, cell):
    cell = cell.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    path = _bns(tmp_path_factory.mktemp("cell"), [_row(value=cell)])
    try:
        read = read_release(path)
    except ReleaseError as error:
        assert "row 2" in str(error)
        return
    assert read.height == 1
    assert read["marker"][0] in ("x", "-", "") or read["value"][0] is not None


TEMPLATE_HEADER = (
    "indicator,period,value,unit,region,qualifier,source_url,source_title,published,quote,note"
)


def test_template_rows_keep_their_quote_and_period_type(tmp_path):
    path = tmp_path / "press.csv"
    path.write_text(
        TEMPLATE_HEADER
        + '\nmb_output,2023-01/2023-10,"1 890,5",bn KZT,,exact,https://stat.gov.kz/x,Release,'
        '2023-11-15,"Объем ... 1 890,5 млрд тенге",\n'
        "mb_output,2022,2300,bn KZT,,exact,https://stat.gov.kz/x,Release,2023-11-15,"
        "2,3 трлн тенге,\n",
        encoding="utf-8",
    )
    assert detect_format(path) == "template-csv"
    read = read_release(path)
    assert list(read["value"]) == [1890.5, 2300.0]
    assert list(read["period_type"]) == ["ytd", "year"]
    assert read["quote"][0] == "Объем ... 1 890,5 млрд тенге"


def test_template_row_without_quote_is_refused(tmp_path):
    path = tmp_path / "press.csv"
    path.write_text(
        TEMPLATE_HEADER + "\nmb_output,2022,2300,bn KZT,,exact,https://x.kz,T,2023-11-15,,\n",
        encoding="utf-8",
    )
    _refused(path, 2, "quote", ["a figure needs its quote"])
