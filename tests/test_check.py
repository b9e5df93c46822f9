"""`kzmach check` and the build fail on bad input, naming file, row and column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import edit_csv_cell
from kzmach.cli import main
from kzmach.errors import ValidationFailed
from kzmach.pipeline.build import build

SEED = Path("data/raw/figures/seed-documents.csv")
PAGES = Path("data/raw/figures/public-pages.csv")


def test_shipped_data_passes(project_root, capsys):
    assert main(["--root", str(project_root), "check"]) == 0
    assert "check passed" in capsys.readouterr().out


def expect(root, capsys, file, row, column, fragment):
    """`kzmach check` fails, listing an error at ``file``, ``row``, ``column`` with ``fragment``.

    One check per case: the command's list of errors is the API's, printed one per line.
    """
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    errors = out.split("ERRORS", 1)[1].splitlines()
    assert any(
        line.strip().startswith(f"- {file}, row {row}, column {column}:") and fragment in line
        for line in errors
    ), out


def test_quote_not_in_document(scratch, capsys):
    row = edit_csv_cell(
        scratch / SEED,
        "s000-01",
        "quote",
        "Машина өндірісінің көлемі 2010 жылғы 376 млрд теңге болды.",
    )
    expect(scratch, capsys, SEED, row, "quote", "quote not found verbatim")


def test_value_not_in_quote(scratch, capsys):
    row = edit_csv_cell(scratch / SEED, "s000-01", "value_as_written", "377")
    expect(scratch, capsys, SEED, row, "value_as_written", "'377' is not in the quote")


def test_unknown_indicator(scratch, capsys):
    row = edit_csv_cell(scratch / SEED, "s000-01", "indicator", "mb_outptu")
    expect(scratch, capsys, SEED, row, "indicator", "unknown indicator 'mb_outptu'")


def test_unit_not_allowed(scratch, capsys):
    row = edit_csv_cell(scratch / SEED, "s000-01", "indicator", "mb_exports")
    expect(scratch, capsys, SEED, row, "unit_as_written", "unit not allowed for mb_exports")


def test_malformed_number(scratch, capsys):
    row = edit_csv_cell(scratch / SEED, "s000-01", "value_as_written", "теңгеден")
    expect(scratch, capsys, SEED, row, "value_as_written", "malformed number")


def test_share_above_100(scratch, capsys):
    # Line 85 of the collection quotes "111.2%": claim it as a share of manufacturing.
    row = edit_csv_cell(scratch / PAGES, "p085-a", "indicator", "mb_share_of_manufacturing")
    edit_csv_cell(scratch / PAGES, "p085-a", "comparison", "none")
    edit_csv_cell(scratch / PAGES, "p085-a", "value_form", "share")
    expect(scratch, capsys, PAGES, row, "value_as_written", "outside 0-100%")


def test_duplicate_row(scratch, capsys):
    path = scratch / SEED
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    copy = dict(records[0], figure_id="s000-99")
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(copy), lineterminator="\n").writerow(copy)
    last_row = len(records) + 2
    expect(scratch, capsys, SEED, last_row, "period", "duplicate figure s000-99")


def test_raw_file_hash_changed(scratch, capsys):
    document = scratch / "data/raw/seed-documents/000_00b53695745e4c0f.txt"
    document.write_bytes(document.read_bytes() + b" ")
    assert main(["--root", str(scratch), "check"]) == 1
    out = capsys.readouterr().out
    assert any(
        "data/raw/seed-documents/000_00b53695745e4c0f.txt" in line and "sha256 changed" in line
        for line in out.split("ERRORS", 1)[1].splitlines()
    ), out


def test_failed_build_leaves_previous_outputs(scratch):
    build(scratch)
    processed = scratch / "data" / "processed"
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    edit_csv_cell(scratch / SEED, "s000-01", "value_as_written", "377")
    with pytest.raises(ValidationFailed, match="row 2, column value_as_written"):
        build(scratch)
    after = {p.name: p.read_bytes() for p in processed.iterdir()}
    assert after == before  # nothing written, no temporary files left behind


def test_rebuild_with_unchanged_inputs_does_no_work(scratch):
    first = build(scratch)
    manifest = (scratch / "data/processed/manifest.json").read_bytes()
    second = build(scratch)
    assert not first.skipped and second.skipped
    assert (scratch / "data/processed/manifest.json").read_bytes() == manifest


def test_raw_files_are_untouched_by_a_build(scratch):
    raw = scratch / "data" / "raw"
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    build(scratch, force=True)
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before


def test_loading_rebuilds_when_inputs_change(scratch):
    import kzmach

    before = kzmach.observations("mb_output", root=scratch).set_index("figure_id")
    assert before.loc["s000-01", "note"] == ""
    edit_csv_cell(scratch / SEED, "s000-01", "note", "reviewed again")
    after = kzmach.observations("mb_output", root=scratch).set_index("figure_id")
    assert after.loc["s000-01", "note"] == "reviewed again"


def test_a_line_number_typo_in_the_exclusions_is_named(scratch, capsys):
    path = scratch / "data/raw/figures/exclusions.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # row 2 excludes public-pages line 21; a typo makes it "21a"
    lines[1] = lines[1].replace("public-pages,21,", "public-pages,21a,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect(
        scratch,
        capsys,
        Path("data/raw/figures/exclusions.csv"),
        2,
        "source_line",
        "'21a' is not a line number",
    )


def test_a_range_of_excluded_lines_must_run_forward(scratch, capsys):
    path = scratch / "data/raw/figures/exclusions.csv"
    text = path.read_text(encoding="utf-8")
    assert "official-pages,82-349," in text  # the mirror's lines, one reason
    path.write_text(text.replace("official-pages,82-349,", "official-pages,349-82,"), "utf-8")
    row = text.splitlines().index(
        next(line for line in text.splitlines() if line.startswith("official-pages,82-349,"))
    )
    expect(
        scratch,
        capsys,
        Path("data/raw/figures/exclusions.csv"),
        row + 1,
        "source_line",
        "'349-82' is not a line number (1, 2, ...) or a range of lines (82-349)",
    )
