"""Genuine releases, damaged at random, are read or refused: never a traceback, nothing lost.

Each genuine fixture is copied with random damage (``tests/fuzz_releases.py``: bytes
flipped, the file cut short, quotes, tabs, line ends, the Bureau's marks, ``1e309`` or NUL
bytes inserted, a stretch duplicated or deleted), seeded so that a failure can be replayed.
The reader refuses a copy with a message naming the file, or accepts it with values the
damaged file holds as written; an ingest of a copy exits 0 or 1 and, when it refuses,
leaves ``data/`` byte for byte as it was. The fast tier damages a few dozen copies, the
slow tier two hundred of each fixture; ``python tests/fuzz_releases.py --per-file N``
runs more (thousands were run: the issue's note says how many).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from conftest import copy_raw_without_releases, data_snapshot
from fuzz_releases import fixtures, mutate, read_damaged
from kzmach.cli import main


def _damaged_copies(folder: Path, seed: int, per_file: int) -> list[Path]:
    rng = random.Random(seed)
    copies = []
    for fixture in fixtures():
        data = fixture.read_bytes()
        for number in range(per_file):
            path = folder / f"{fixture.stem}-{seed}-{number}{fixture.suffix}"
            path.write_bytes(mutate(data, rng))
            copies.append(path)
    return copies


def _read_every_copy(folder: Path, seed: int, per_file: int) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for path in _damaged_copies(folder, seed, per_file):
        outcome, detail = read_damaged(path)
        assert outcome in ("accepted", "refused"), (path.name, outcome, detail[:500])
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def test_damaged_genuine_files_are_read_or_refused_by_name(tmp_path):
    outcomes = _read_every_copy(tmp_path, seed=20261202, per_file=30)
    assert sum(outcomes.values()) == 30 * len(fixtures())
    assert outcomes.get("refused", 0) > 0  # the damage is real


@pytest.mark.slow
def test_hundreds_of_damaged_copies_of_each_genuine_file(tmp_path):
    outcomes = _read_every_copy(tmp_path, seed=7, per_file=200)
    assert outcomes.get("accepted", 0) > 0 and outcomes.get("refused", 0) > 0


def _ingest_every_copy(root: Path, copies: list[Path], capsys) -> dict[int, int]:
    codes: dict[int, int] = {}
    for number, path in enumerate(copies):
        before = data_snapshot(root)
        # the day of the latest download among the fixtures: no period of theirs is later
        arguments = ["--root", str(root), "ingest", str(path), "--published", "2026-09-02"]
        arguments += ["--no-build-check"]  # a build check per copy: minutes for nothing
        arguments += ["--name", "Test", "--unit", "%", "--release-id", f"damaged-{number}"]
        code = main(arguments)  # an exception here is the traceback a user would see
        captured = capsys.readouterr()
        assert code in (0, 1), (path.name, code)
        if code == 1:
            assert path.name in captured.err, captured.err  # the refusal names the file
            assert data_snapshot(root) == before, path.name  # refused: nothing written
        codes[code] = codes.get(code, 0) + 1
    return codes


def test_an_ingest_of_a_damaged_file_exits_0_or_1_and_a_refusal_writes_nothing(tmp_path, capsys):
    root = copy_raw_without_releases(tmp_path / "project")
    copies = _damaged_copies(tmp_path, seed=11, per_file=3)
    codes = _ingest_every_copy(root, copies, capsys)
    assert codes.get(1, 0) > 0


@pytest.mark.slow
def test_many_damaged_ingests(tmp_path, capsys):
    root = copy_raw_without_releases(tmp_path / "project")
    copies = _damaged_copies(tmp_path, seed=12, per_file=15)
    codes = _ingest_every_copy(root, copies, capsys)
    assert sum(codes.values()) == len(copies)
    assert codes.get(0, 0) > 0 and codes.get(1, 0) > 0  # some damage is harmless, most not
