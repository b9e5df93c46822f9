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
EXCLUSIONS = Path("data/raw/figures/exclusions.csv")


# end to end: kzmach check over the whole shipped project; make test builds it too (the
# session's built project), or reuses make report's build of these very inputs
@pytest.mark.slow
def test_shipped_data_passes(project_root, capsys):
    assert main(["--root", str(project_root), "check"]) == 0
    assert "check passed" in capsys.readouterr().out


def expect(root, capsys, file, row, column, fragment):
    """`kzmach check` fails, listing an error at ``file``, ``row``, ``column`` with ``fragment``.

    One check per case: the command's list of errors is the API's, printed one per line.
    """
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr().out
    assert_listed(out, file, row, column, fragment)


def assert_listed(out, file, row, column, fragment):
    errors = out.split("ERRORS", 1)[1].splitlines()
    assert any(
        line.strip().startswith(f"- {file}, row {row}, column {column}:") and fragment in line
        for line in errors
    ), out


def _append_copy(path: Path, figure_id: str, new_id: str) -> int:
    """Append a copy of a figure row under a new id; return its row number."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.DictReader(handle))
    copy = dict(next(r for r in records if r["figure_id"] == figure_id), figure_id=new_id)
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=list(copy), lineterminator="\n").writerow(copy)
    return len(records) + 2


#: One break per curated row: (file, figure, column edited, new value, column named, message).
BREAKS = {
    "quote not in its document": (
        SEED, "s000-01", "quote", "Машина өндірісінің көлемі 2010 жылғы 376 млрд теңге болды.",
        "quote", "quote not found verbatim",
    ),
    "value not in its quote": (
        SEED, "s000-02", "value_as_written", "877", "value_as_written", "'877' is not in the quote"
    ),
    "unknown indicator": (
        SEED, "s000-06", "indicator", "mb_outptu", "indicator", "unknown indicator 'mb_outptu'"
    ),
    "unit the indicator does not allow": (  # its unit is written in the value cell
        SEED, "s000-08", "indicator", "mb_exports",
        "value_as_written", "unit not allowed for mb_exports",
    ),
    "malformed number": (
        SEED, "s000-09", "value_as_written", "мыңнан", "value_as_written", "malformed number"
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    """A copy of the project with every break below at once, and what one check says of it.

    Each break is in a row of its own, so one run of `kzmach check` must list every one:
    a check that stopped at the first error would fail all but one case.
    """
    import shutil

    root = tmp_path_factory.mktemp("broken")
    shutil.copytree(Path(__file__).resolve().parents[1] / "data/raw", root / "data/raw")
    where = {}
    for case, (file, figure, column, value, named, message) in BREAKS.items():
        where[case] = (file, edit_csv_cell(root / file, figure, column, value), named, message)
    # Line 85 of the collection quotes "111.2%": claim it as a share of manufacturing.
    row = edit_csv_cell(root / PAGES, "p085-a", "indicator", "mb_share_of_manufacturing")
    edit_csv_cell(root / PAGES, "p085-a", "comparison", "none")
    edit_csv_cell(root / PAGES, "p085-a", "value_form", "share")
    where["share above 100%"] = (PAGES, row, "value_as_written", "outside 0-100%")
    row = _append_copy(root / SEED, "s000-07", "s000-99")
    where["duplicate figure"] = (SEED, row, "period", "duplicate figure s000-99")
    # the exclusions: row 2 excludes public-pages line 21, a typo makes it "21a"; and the
    # mirror's lines 82-349 (one reason) written backwards
    exclusions = root / EXCLUSIONS
    lines = exclusions.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("public-pages,21,")
    lines[1] = lines[1].replace("public-pages,21,", "public-pages,21a,", 1)
    where["line number typo in the exclusions"] = (
        EXCLUSIONS,
        2,
        "source_line",
        "'21a' is not a line number",
    )
    backwards = next(i for i, line in enumerate(lines) if line.startswith("official-pages,82-349,"))
    lines[backwards] = lines[backwards].replace("82-349", "349-82", 1)
    where["excluded range running backwards"] = (
        EXCLUSIONS,
        backwards + 1,
        "source_line",
        "'349-82' is not a line number (1, 2, ...) or a range of lines (82-349)",
    )
    exclusions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as out:
        status = main(["--root", str(root), "check"])
    return status, out.getvalue(), where


@pytest.mark.parametrize(
    "case",
    [
        *BREAKS,
        "share above 100%",
        "duplicate figure",
        "line number typo in the exclusions",
        "excluded range running backwards",
    ],
)
def test_each_bad_row_is_named_by_file_row_and_column(broken, case):
    status, out, where = broken
    assert status == 1
    file, row, column, fragment = where[case]
    assert_listed(out, file, row, column, fragment)


def test_raw_file_hash_changed(scratch, capsys):
    document = scratch / "data/raw/seed-documents/000_00b53695745e4c0f.txt"
    document.write_bytes(document.read_bytes() + b" ")
    assert main(["--root", str(scratch), "check"]) == 1
    out = capsys.readouterr().out
    assert any(
        "data/raw/seed-documents/000_00b53695745e4c0f.txt" in line and "sha256 changed" in line
        for line in out.split("ERRORS", 1)[1].splitlines()
    ), out


def test_failed_build_leaves_previous_outputs(built_copy):
    scratch = built_copy
    assert build(scratch).skipped  # built already
    processed = scratch / "data" / "processed"
    before = {p.name: p.read_bytes() for p in processed.iterdir()}
    edit_csv_cell(scratch / SEED, "s000-01", "value_as_written", "377")
    with pytest.raises(ValidationFailed, match="row 2, column value_as_written"):
        build(scratch)
    after = {p.name: p.read_bytes() for p in processed.iterdir()}
    assert after == before  # nothing written, no temporary files left behind


@pytest.mark.slow  # end to end: a full build of a copy, then a rebuild
def test_a_build_leaves_raw_files_untouched_and_a_rebuild_of_the_same_inputs_does_no_work(
    scratch,
):
    raw = scratch / "data" / "raw"
    before = {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    first = build(scratch)
    assert {p: p.read_bytes() for p in raw.rglob("*") if p.is_file()} == before
    manifest = (scratch / "data/processed/manifest.json").read_bytes()
    second = build(scratch)
    assert not first.skipped and second.skipped
    assert (scratch / "data/processed/manifest.json").read_bytes() == manifest


@pytest.mark.slow  # end to end: a table loaded, an input edited, a full rebuild
def test_loading_rebuilds_when_inputs_change(built_copy):
    import kzmach

    scratch = built_copy
    before = kzmach.observations("mb_output", root=scratch).set_index("figure_id")
    assert before.loc["s000-01", "note"] == ""
    edit_csv_cell(scratch / SEED, "s000-01", "note", "reviewed again")
    after = kzmach.observations("mb_output", root=scratch).set_index("figure_id")
    assert after.loc["s000-01", "note"] == "reviewed again"
