"""A rebuild in the same process after one input changed, against the first build there.

Run with ``.venv/bin/python benchmarks/bench_rebuild.py [--repeat N]``. The build remembers
each release's conversion within a process, by everything the conversion reads (the file,
``release.json``, the files beside it, the mapping tables), and reads the observations as
plain records for the claims, the conflicts and the quote check. This measures what that buys
whoever builds repeatedly in one process (a notebook's session, the test suite): the first
build of a scratch copy of ``data/raw`` (every release converted) against a rebuild after one
curated cell changed (releases remembered), each the median of ``N`` copies, in one process
(after an untimed build, so that neither pays for the imports).
The ratio is the figure to compare between machines.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = Path("data/raw/figures/seed-documents.csv")


def _edit_note(project: Path, text: str) -> None:
    """Change the note of the first row of the seed figures (a curated cell, no number)."""
    path = project / SEED
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["note"] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    """Print the first build, the rebuilds after an edit, and their ratio."""
    from kzmach.pipeline.build import build
    from kzmach.raw.releases import convert

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    firsts, rebuilds = [], []
    with tempfile.TemporaryDirectory() as scratch:
        # a first build, not timed, so that neither figure pays for the imports
        shutil.copytree(ROOT / "data" / "raw", Path(scratch) / "warm-up" / "data" / "raw")
        build(Path(scratch) / "warm-up")
        for number in range(repeat):
            project = Path(scratch) / f"project-{number}"
            shutil.copytree(ROOT / "data" / "raw", project / "data" / "raw")
            convert._CONVERTED.clear()  # as in a fresh process: nothing remembered
            started = time.perf_counter()
            build(project)
            firsts.append(time.perf_counter() - started)
            _edit_note(project, f"benchmark edit {number}")
            started = time.perf_counter()
            build(project)
            rebuilds.append(time.perf_counter() - started)
    first, rebuild = statistics.median(firsts), statistics.median(rebuilds)
    print(f"build of a scratch copy, first in the process: {first:6.2f} s (median of {repeat})")
    print(f"rebuild after one curated cell changed:         {rebuild:6.2f} s (median of {repeat})")
    print(f"rebuild / first build: {rebuild / first:.2f}")


if __name__ == "__main__":
    main()
