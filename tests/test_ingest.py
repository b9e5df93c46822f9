"""`kzmach ingest`: every format registered and read back; bad input refused by file, row and
column with nothing written; re-ingest, supersede and interrupted ingests."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import copy_raw_without_releases
from kzmach.cli import main
from kzmach.errors import ValidationFailed
from kzmach.pipeline.build import build
from kzmach.raw.releases.store import PAUSE_VARIABLE, IngestError, ingest
from kzmach.raw.releases.synthetic import (
    CLASSIFIER,
    INDICATOR_NAME,
    TERRITORIES,
    make_values,
    write_bns_csv,
    write_bns_json,
    write_bns_xlsx,
    write_publication_csv,
    write_taldau_json,
    write_template,
)

ROOT = Path(__file__).resolve().parents[1]
WRITERS = {
    "bns-csv": (write_bns_csv, "csv"),
    "bns-json": (write_bns_json, "json"),
    "bns-xlsx": (write_bns_xlsx, "xlsx"),
    "taldau-json": (write_taldau_json, "json"),
    "publication-csv": (write_publication_csv, "txt"),
    "template-csv": (write_template, "csv"),
    "template-xlsx": (write_template, "xlsx"),
}
#: OKED codes the shipped mapping turns into indicators, and those indicators.
MAPPED_CODES = {
    "C": "mfg_output",
    "27": "electrical_output",
    "28": "machinery_output",
    "29": "auto_output",
}


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under data/ (raw, processed and the staging folder)."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "data").rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A built copy of the project that failed ingests must leave byte for byte alone."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
    build(root)
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
    if fmt.startswith("template"):
        written = written.filter((pl.col("code") == "C") & (pl.col("marker") == ""))
    if fmt.startswith(("template", "publication")):
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
    whole = write_bns_xlsx(values, tmp_path / "whole.xlsx").read_bytes()
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
        ["release.csv, row 3, column VAL", "'12,4a' is not a number nor a documented marker"],
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
        ["release.xlsx: not a readable XLSX workbook"],
    ),
    "not a table": (
        lambda tmp, _: _write(tmp, "Минпромстрой: машиностроение выросло.\nПодробнее.\n"),
        [],
        ["release.csv, row 1: not a release table this reader knows"],
    ),
    "release id outside the project": (
        lambda tmp, _: _bns_file(tmp, [_row()]),
        ["--release-id", "../../../outside"],
        ["--release-id: '../../../outside' is not allowed", "never a path"],
    ),
    "template value not in its quote": (
        lambda tmp, _: _write(
            tmp,
            "indicator,period,value,unit,value_form,comparison,region,qualifier,source_url,"
            "source_title,published,quote,note\n"
            'mb_output,2023,"1 200",млрд тенге,,,,,,,,"Выпуск составил 1 100 млрд тенге.",\n',
        ),
        [],
        ["release.csv, row 2, column value_as_written", "'1 200' is not in the quote"],
    ),
}


@pytest.mark.parametrize("case", BAD_INPUT)
def test_bad_input_is_refused_and_nothing_is_written(project, tmp_path, values, capsys, case):
    make, options, expected = BAD_INPUT[case]
    path = make(tmp_path, values)
    before = snapshot(project)
    status = main(
        ["--root", str(project), "ingest", str(path), "--published", "2024-03-01", *options]
    )
    err = capsys.readouterr().err
    assert status != 0
    for fragment in expected:
        assert fragment in err, err
    assert snapshot(project) == before
    assert not (project / "data" / ".staging").exists() or not any(
        (project / "data" / ".staging").iterdir()
    )


def test_options_are_checked_before_reading(project, tmp_path, capsys):
    path = _bns_file(tmp_path, [_row()])
    before = snapshot(project)
    status = main(
        ["--root", str(project), "ingest", str(path), "--published", "15.03.2024", "--supersede"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "--published: '15.03.2024' is not a date" in err
    assert "--reason: --supersede needs a --reason" in err
    assert snapshot(project) == before


# --- the registry: the same file, another file, supersede --------------------------------


def test_same_file_again_changes_nothing_and_another_needs_supersede(fresh, tmp_path, capsys):
    first = _bns_file(tmp_path, [_row(), _row("2023", "12.0")])
    root = ["--root", str(fresh)]
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r1"]) == 0
    )
    capsys.readouterr()
    before = snapshot(fresh)
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r1"]) == 0
    )
    assert "nothing changed" in capsys.readouterr().out
    assert snapshot(fresh) == before

    # the same file under another id would count its values twice
    assert (
        main([*root, "ingest", str(first), "--published", "2024-03-01", "--release-id", "r2"]) == 1
    )
    assert "already ingested as bns/r1" in capsys.readouterr().err
    assert snapshot(fresh) == before

    corrected = tmp_path / "corrected"
    corrected.mkdir()
    second = _bns_file(corrected, [_row(), _row("2023", "12.5")])
    assert (
        main([*root, "ingest", str(second), "--published", "2024-03-02", "--release-id", "r1"]) == 1
    )
    assert "bns/r1 already holds a different file" in capsys.readouterr().err
    assert snapshot(fresh) == before

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
    rows = [_row(), [*_row()[:5], "99", "Неизвестно", "7.0"], [*_row()[:5], "26", "ЭВМ", "3.0"]]
    path = _bns_file(tmp_path, rows)
    assert main(["--root", str(fresh), "ingest", str(path), "--published", "2024-03-01"]) == 0
    out = capsys.readouterr().out
    assert "code not in classifier-codes.csv: 99 Неизвестно" in out
    # division 26 has a scope (electronics) but no output-value indicator yet
    assert "no indicator for this measure and scope in indicators.csv: 26 ЭВМ" in out
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


def test_an_interrupted_ingest_leaves_nothing_behind(project, tmp_path, values):
    path = write_bns_csv(values, tmp_path / "release.csv")
    before = snapshot(project)
    command = [
        sys.executable,
        "-m",
        "kzmach.cli",
        "--root",
        str(project),
        "ingest",
        str(path),
        "--published",
        "2024-03-01",
    ]
    process = subprocess.Popen(
        command,
        env={**os.environ, PAUSE_VARIABLE: "60"},
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
    after = snapshot(project)
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


def test_the_documented_template_example_ingests(fresh, tmp_path):
    import re

    text = (ROOT / "data/raw/releases/README.md").read_text(encoding="utf-8")
    example = re.search(r"```csv\n(.*?)```", text, re.S)[1]
    path = _write(tmp_path, example, "press.csv")
    result = ingest(path, published="2023-11-15", maturity="preliminary", root=fresh)
    assert result.indicators == ("mb_output", "mb_output_growth_real")
    build(fresh)
    stored = pl.read_parquet(fresh / "data/processed/observations.parquet").filter(
        pl.col("release") == result.release.key
    )
    # "127,0%" as an index of the same period a year earlier is +27.0%
    assert sorted(stored["value"].to_list()) == [27.0, 2100.5]


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
    before = snapshot(fresh)
    path = _bns_file(tmp_path, [_row()])
    assert main(["--root", str(fresh), "ingest", str(path), "--published", "2024-03-01"]) == 1
    assert "indicators.csv, row 4, column indicator" in capsys.readouterr().err
    assert snapshot(fresh) == before


def test_an_ingest_needs_neither_pandas_nor_pandera(fresh, tmp_path, values):
    """Ingesting reads with polars only: pandas and pandera (about 0.8 s to import) stay out."""
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
