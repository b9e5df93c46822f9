"""`kzmach ingest`: every format registered and read back; bad input refused by file, row and
column with nothing written; re-ingest, supersede and interrupted ingests."""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import copy_raw_without_releases, data_snapshot, paused_ingest
from kzmach.cli import main
from kzmach.errors import ValidationFailed
from kzmach.pipeline.build import build
from kzmach.raw.releases.store import IngestError, ingest
from synthetic_releases import (
    CLASSIFIER,
    INDICATOR_NAME,
    TERRITORIES,
    make_values,
    write_bns_csv,
    write_publication_csv,
    write_taldau_json,
)

ROOT = Path(__file__).resolve().parents[1]
WRITERS = {
    "bns-csv": (write_bns_csv, "csv"),
    "taldau-json": (write_taldau_json, "json"),
    "publication-csv": (write_publication_csv, "txt"),
}
#: OKED codes the shipped mapping turns into indicators, and those indicators.
MAPPED_CODES = {
    "C": "mfg_output",
    "26": "electronics_output",
    "27": "electrical_output",
    "28": "machinery_output",
    "29": "auto_output",
    "30": "other_transport_output",
    "33": "repair_output",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory, built) -> Path:
    """A built copy of the project that failed ingests must leave byte for byte alone."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(built / "data", root / "data")
    assert build(root).skipped  # the session's build, copied: nothing to do
    return root


@pytest.fixture
def fresh(tmp_path) -> Path:
    return copy_raw_without_releases(tmp_path / "project")


@pytest.fixture(scope="module")
def values():
    return make_values(months=13, territories=3, codes=7, seed=5, confidential_share=0.1)


@pytest.mark.parametrize("fmt", WRITERS)
def test_every_format_is_ingested_and_its_values_reach_the_tables(fresh, tmp_path, values, fmt):
    writer, suffix = WRITERS[fmt]
    path = writer(values, tmp_path / f"download.{suffix}")
    # a Taldau slice names no indicator and no unit: they are given at ingest
    described = {"name": INDICATOR_NAME, "unit": "Миллион тенге"} if fmt == "taldau-json" else {}
    result = ingest(path, published="2024-02-01", maturity="final", root=fresh, **described)
    assert result.status == "added"
    assert result.release.format == fmt
    stored = result.path / result.release.file
    assert stored.read_bytes() == path.read_bytes()
    record = json.loads((result.path / "release.json").read_text(encoding="utf-8"))
    assert record["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (record["published"], record["maturity"]) == ("2024-02-01", "final")
    build(fresh)
    stored_values = pl.read_parquet(fresh / "data/processed/release_values.parquet")
    observations = pl.read_parquet(fresh / "data/processed/observations.parquet").filter(
        (pl.col("release") == result.release.key) & (pl.col("figure_type") == "actual")
    )  # machine building summed from divisions is "derived" (tests/test_real_releases.py)
    written = values.with_columns(
        period=pl.col("period").str.slice(0, 4) + "-" + pl.col("period").str.slice(4, 2)
    )
    if fmt == "publication-csv":
        written = written.filter(pl.col("kato") == TERRITORIES[0][0])
    assert stored_values.height == written.height
    # every shown value in the catalogue's unit: million tenge / 1000 = billion tenge
    mapped = written.filter(pl.col("code").is_in(list(MAPPED_CODES)) & (pl.col("marker") == ""))
    assert observations.height == mapped.height
    expected = mapped.with_columns(
        indicator=pl.col("code").replace_strict(MAPPED_CODES),
        expected=pl.col("value") / 1000,
    )
    got = observations.with_columns(
        period=pl.col("period_start").dt.strftime("%Y-%m"),
        kato=pl.col("region").replace_strict(
            {"Kazakhstan": TERRITORIES[0][0], "Abai Region": TERRITORIES[1][0]},
            default=TERRITORIES[2][0],
        ),
    )
    joined = got.join(expected, on=["indicator", "period", "kato"])
    assert joined.height == mapped.height
    assert (joined["value"] - joined["expected"]).abs().max() < 1e-9
    assert set(observations["maturity"]) == {"final"}
    assert observations["vintage"].dt.date().unique().to_list()[0].isoformat() == "2024-02-01"


# --- bad input: message, exit status, nothing written -------------------------------------


def _bns_text(rows, header=None):
    header = header or [
        "NAM",
        "DAT",
        "PERIOD",
        "КАТО(по каталогу)",
        "LКАТО(по каталогу)",
        CLASSIFIER,
        f"L{CLASSIFIER}",
        "VAL",
    ]
    return "\n".join("\t".join(r) for r in [header, *rows]) + "\n"


def _row(period="2022", value="10.5", name=INDICATOR_NAME):
    return [name, "31.12.2022", period, "000000000", "РК", "28", "Машины", value]


def _bns_file(tmp_path, rows, header=None, encoding="utf-8"):
    path = tmp_path / "release.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" * (encoding == "utf-8") + _bns_text(rows, header).encode(encoding)
    )
    return path


def _write(tmp_path, data, name="release.csv"):
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _workbook(tmp_path, values):
    whole = (ROOT / "tests/fixtures/real-releases/bns-grp-per-capita-by-region.xlsx").read_bytes()
    path = tmp_path / "release.xlsx"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    return path


BAD_INPUT = {
    "wrong encoding": (
        lambda tmp, _: _bns_file(tmp, [_row(), _row("2023")], encoding="cp1251"),
        [],
        ["release.csv, row 1", "Windows-1251 (cp1251) text, not UTF-8"],
    ),
    "renamed column": (
        lambda tmp, _: _bns_file(
            tmp,
            [_row()],
            header=[
                "NAM",
                "DAT",
                "PERIOD",
                "КАТО(по каталогу)",
                "LКАТО(по каталогу)",
                CLASSIFIER,
                f"L{CLASSIFIER}",
                "VALUE",
            ],
        ),
        ["--format", "bns-csv"],
        ["release.csv, row 1, column VAL", "missing column(s) ['VAL']"],
    ),
    "not a number": (
        lambda tmp, _: _bns_file(tmp, [_row(), _row("2023", "12,4a")]),
        [],
        ["release.csv, row 3, column VAL", "'12,4a' is not a number nor one of the Bureau's marks"],
    ),
    "same period twice": (
        lambda tmp, _: _bns_file(tmp, [_row(), _row("2023", "1"), _row("2022", "11.0")]),
        [],
        ["release.csv, row 2, column PERIOD", "appears twice with different values (rows 2, 4)"],
    ),
    "unknown period": (
        lambda tmp, _: _bns_file(tmp, [_row(), _row("2023-13")]),
        [],
        ["release.csv, row 3, column PERIOD", "unknown period format '2023-13'"],
    ),
    "negative output": (
        lambda tmp, _: _bns_file(tmp, [_row(), _row("2023", "-5.0")]),
        [],
        ["release.csv, row 3, column VAL", "negative value -5.0 for a level or index"],
    ),
    "unit changes": (
        lambda tmp, _: _bns_file(
            tmp, [_row(), _row("2023", name=INDICATOR_NAME.replace("Миллион", "Тысяча"))]
        ),
        [],
        ["release.csv, row 3, column NAM", "the unit changes within the file"],
    ),
    "empty file": (
        lambda tmp, _: _write(tmp, b""),
        [],
        ["release.csv: the file is empty"],
    ),
    "truncated workbook": (
        _workbook,
        [],
        ["release.xlsx: not a readable workbook"],
    ),
    "not a table": (
        lambda tmp, _: _write(tmp, "Минпромстрой: машиностроение выросло.\nПодробнее.\n"),
        [],
        ["release.csv, row 1: not a release table of a known format"],
    ),
    "release id outside the project": (
        lambda tmp, _: _bns_file(tmp, [_row()]),
        ["--release-id", "../../../outside"],
        ["--release-id: '../../../outside' is not allowed", "never a path"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_and_nothing_is_written(project, tmp_path, values, capsys, case):
    make, options, expected = BAD_INPUT[case]
    path = make(tmp_path, values)
    before = data_snapshot(project)
    status = main(
        ["--root", str(project), "ingest", str(path), "--published", "2024-03-01", *options]
    )
    err = capsys.readouterr().err
    assert status != 0
    for fragment in expected:
        assert fragment in err, err
    assert data_snapshot(project) == before
    assert not (project / "data" / ".staging").exists() or not any(
        (project / "data" / ".staging").iterdir()
    )


def test_options_are_checked_before_reading(project, tmp_path, capsys):
    path = _bns_file(tmp_path, [_row()])
    before = data_snapshot(project)
    status = main(
        ["--root", str(project), "ingest", str(path), "--published", "15.03.2024", "--supersede"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "--published: '15.03.2024' is not a date" in err
    assert "--reason: --supersede needs a --reason" in err
    assert data_snapshot(project) == before


# --- the registry: the same file, another file, supersede --------------------------------


@pytest.mark.slow  # end to end: three ingests and their builds
def test_same_file_again_changes_nothing_and_another_needs_supersede(fresh, tmp_path, capsys):
    first = _bns_file(tmp_path, [_row(), _row("2023", "12.0")])
    root = ["--root", str(fresh)]
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r1"]) == 0
    )
    capsys.readouterr()
    before = data_snapshot(fresh)
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r1"]) == 0
    )
    assert "nothing changed" in capsys.readouterr().out
    assert data_snapshot(fresh) == before

    # the same file under another id would count its values twice
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r2"]) == 1
    )
    assert "already ingested as bns/r1" in capsys.readouterr().err
    assert data_snapshot(fresh) == before

    corrected = tmp_path / "corrected"
    corrected.mkdir()
    second = _bns_file(corrected, [_row(), _row("2023", "12.5")])
    assert (
        main([*root, "ingest", str(second), "--published", "2024-03-02", "--release-id", "r1"]) == 1
    )
    assert "bns/r1 already holds a different file" in capsys.readouterr().err
    assert data_snapshot(fresh) == before

    status = main(
        [
            *root,
            "ingest",
            str(second),
            "--published",
            "2024-03-02",
            "--release-id",
            "r1",
            "--supersede",
            "--reason",
            "the Bureau corrected 2023",
        ]
    )
    assert status == 0, capsys.readouterr().err
    folder = fresh / "data/raw/releases/bns/r1"
    record = json.loads((folder / "release.json").read_text(encoding="utf-8"))
    assert record["history"][0]["reason"] == "the Bureau corrected 2023"
    assert record["history"][0]["sha256"] == hashlib.sha256(first.read_bytes()).hexdigest()
    # the superseded file is kept, unchanged, beside the new one
    assert (folder / record["history"][0]["file"]).read_bytes() == first.read_bytes()
    assert (folder / record["file"]).read_bytes() == second.read_bytes()
    build(fresh)
    stored = pl.read_parquet(fresh / "data/processed/observations.parquet").filter(
        (pl.col("release") == "bns/r1") & (pl.col("figure_type") == "actual")
    )
    assert sorted(stored["value"].to_list()) == [0.0105, 0.0125]


def test_machine_readable_values_keep_their_decimal_point(fresh, tmp_path):
    # "12.345" million tenge is 0.012345 bn, not 12 345 million
    path = _bns_file(tmp_path, [_row(), _row("2023", "12.345")])
    ingest(path, published="2024-03-01", root=fresh)
    build(fresh)
    stored = pl.read_parquet(fresh / "data/processed/observations.parquet").filter(
        pl.col("release").str.starts_with("bns/") & (pl.col("figure_type") == "actual")
    )
    assert sorted(stored["value"].to_list()) == pytest.approx([0.0105, 0.012345])


def test_an_edited_release_file_fails_the_build(fresh, tmp_path):
    path = _bns_file(tmp_path, [_row()])
    result = ingest(path, published="2024-03-01", root=fresh)
    stored = result.path / result.release.file
    stored.write_bytes(stored.read_bytes().replace(b"10.5", b"10.6"))
    with pytest.raises(ValidationFailed, match="the file changed after it was ingested"):
        build(fresh)
    with pytest.raises(IngestError, match="the registered copy changed after it was ingested"):
        ingest(path, published="2024-03-01", root=fresh)


def test_unmapped_codes_are_reported_not_dropped(fresh, tmp_path, capsys):
    # a code with a scope that has no output indicator (agriculture), added to this copy
    codes = fresh / "data/raw/release-mappings/classifier-codes.csv"
    codes.write_text(
        codes.read_text(encoding="utf-8") + "ОКЭД,01,Сельское хозяйство,agriculture,no,test\n",
        encoding="utf-8",
    )
    rows = [_row(), [*_row()[:5], "99", "Неизвестно", "7.0"], [*_row()[:5], "01", "СХ", "3.0"]]
    path = _bns_file(tmp_path, rows)
    assert main(["--root", str(fresh), "ingest", str(path), "--published", "2024-03-01"]) == 0
    out = capsys.readouterr().out
    assert "code not in classifier-codes.csv: 99 Неизвестно" in out
    assert "no indicator for this measure and scope in indicators.csv: 01 СХ" in out
    build(fresh)
    stored = pl.read_parquet(fresh / "data/processed/release_values.parquet")
    assert stored.height == 3
    # the readers' categorical labels are plain text in the published table
    assert {stored.schema[c] for c in ("kato", "code_label", "mapping")} == {pl.String}
    assert sorted(stored["mapping"].to_list()) == [
        "code not in classifier-codes.csv",
        "mapped",
        "no indicator for this measure and scope in indicators.csv",
    ]


@pytest.mark.slow  # kzmach in a second process (its imports alone take 3 s)
def test_an_interrupted_ingest_leaves_nothing_behind(project, tmp_path, values):
    path = write_bns_csv(values, tmp_path / "release.csv")
    before = data_snapshot(project)
    process = subprocess.Popen(
        paused_ingest(project, path, "2024-03-01", tmp_path / "never"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = project / "data" / ".staging"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        staged = list(staging.glob("*/release.json")) if staging.is_dir() else []
        if staged:
            break
        time.sleep(0.05)
    assert staged, "the ingest never reached its staging step"
    process.send_signal(signal.SIGKILL)
    process.wait()
    # everything the build reads is as it was; only the staging folder holds the copy
    after = data_snapshot(project)
    assert {k: v for k, v in after.items() if not k.startswith("data/.staging/")} == before
    # and the next ingest clears the leftovers
    copy = tmp_path / "other.csv"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(IngestError, match="--maturity"):
        ingest(copy, published="2024-03-01", maturity="draft", root=project)
    result = ingest(copy, published="2024-03-01", release_id="after-kill", root=project)
    assert result.status == "added"
    assert not any(staging.iterdir())
    shutil.rmtree(result.path)


def test_a_bad_mapping_row_is_named_by_file_row_and_column(fresh, tmp_path, capsys):
    table = fresh / "data/raw/release-mappings/indicators.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace(
            "output_value,electrical,electrical_output", "output_value,electrical,mfg_output"
        ),
        encoding="utf-8",
    )
    assert main(["--root", str(fresh), "check"]) == 1
    out = capsys.readouterr().out
    assert (
        "data/raw/release-mappings/indicators.csv, row 4, column indicator: mfg_output is of "
        "scope manufacturing" in out
    )
    before = data_snapshot(fresh)
    path = _bns_file(tmp_path, [_row()])
    assert main(["--root", str(fresh), "ingest", str(path), "--published", "2024-03-01"]) == 1
    assert "indicators.csv, row 4, column indicator" in capsys.readouterr().err
    assert data_snapshot(fresh) == before


def test_an_ingest_needs_neither_pandas_nor_pandera(fresh, tmp_path, values):
    """Reading and converting use polars only: pandas and pandera (0.8 s to import) stay out.

    The store's ingest is that; the dry build that ``kzmach ingest`` adds before publishing
    (:mod:`kzmach.pipeline.ingest`) assembles the whole project, with pandas.
    """
    path = write_bns_csv(values, tmp_path / "release.csv")
    program = (
        "import sys\n"
        "from kzmach.raw.releases.store import ingest\n"
        f"result = ingest({str(path)!r}, published='2024-03-01', root={str(fresh)!r})\n"
        "assert result.status == 'added', result\n"
        "print(sorted(m for m in ('pandas', 'pandera') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


# --- a new format is one record ---------------------------------------------------------


def _read_toy(source):
    """A toy format: a first line ``kzmach toy``, then ``period|value`` lines."""
    from kzmach.raw.releases.common import finish_indicators, read_text

    rows = [
        {
            "row": line,
            "indicator_name": "Машиностроение, млн. тенге",
            "unit": "млн. тенге",
            "period_raw": period,
            "period_as_written": period,
            "kato": "",
            "kato_label": "",
            "code": "",
            "code_label": "",
            "value_raw": value,
            "quote": "",
        }
        for line, (period, value) in enumerate(
            (text.split("|") for text in read_text(source).splitlines()[1:]), start=2
        )
    ]
    return finish_indicators(source, rows, {"period": "period", "value": "value", "unit": "unit"})


@pytest.fixture
def toy_format():
    from kzmach.raw.releases.formats import ReleaseFormat, register, unregister

    register(
        ReleaseFormat(
            name="toy-pipe",
            summary="A toy: 'kzmach toy', then period|value lines.",
            reader=_read_toy,
            detects=lambda file: file.first_line == "kzmach toy",
            source="toy",
            decimal_mark=",",
            values_per_row="one",
            names_indicator=True,
        ),
        before="bns-csv",
    )
    yield "toy-pipe"
    unregister("toy-pipe")


def test_a_new_format_is_one_registered_record(fresh, tmp_path, toy_format):
    from kzmach.raw.releases.formats import FORMATS

    assert list(FORMATS).index(toy_format) == list(FORMATS).index("bns-csv") - 1
    path = _write(tmp_path, "kzmach toy\n2021|1 995 100,5\n2022|2 520 000,0\n", "toy.txt")
    result = ingest(path, published="2024-02-01", root=fresh)
    # detected, registered in the format's own folder, converted with its decimal mark
    assert (result.status, result.release.format) == ("added", toy_format)
    assert result.release.key == "toy/2024-02-01-toy"
    assert result.indicators == ("mb_output",)
    build(fresh)
    observations = pl.read_parquet(fresh / "data/processed/observations.parquet").filter(
        pl.col("release") == result.release.key
    )
    # "1 995 100,5" million tenge, with a decimal comma: 1995.1005 bn
    assert sorted(observations["value"].to_list()) == [1995.1005, 2520.0]
    # and the CLI offers it by name
    assert main(["--root", str(fresh), "ingest", str(path), "--published", "2024-02-01",
                 "--format", "toy-pipe"]) == 0  # fmt: skip
