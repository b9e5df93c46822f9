"""Foundation benchmarks: start-up cost and build times, as ratios measured in one run.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_foundation.py``). Each
measurement is the median of several runs; every figure is printed beside its baseline, which
is measured in the same run on the same machine, so the ratios travel between machines.

* cold ``import kzmach`` and ``kzmach --help`` against a bare ``python -c pass``
  (target: under 0.15 s more than the bare interpreter);
* a full build of a scratch copy of data/raw, and a no-op rebuild against the full build.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KZMACH = Path(sys.executable).with_name("kzmach")


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of ``repeat`` calls of ``action``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


def main() -> None:
    bare = median_seconds(lambda: run(sys.executable, "-c", "pass"), 15)
    imported = median_seconds(lambda: run(sys.executable, "-c", "import kzmach"), 15)
    helped = median_seconds(lambda: run(str(KZMACH), "--help"), 15)
    print("start-up (median of 15, cold processes)")
    print(f"  python -c pass       {bare:7.3f} s   (baseline)")
    for label, seconds in (("import kzmach", imported), ("kzmach --help", helped)):
        extra = seconds - bare
        verdict = "ok" if extra < 0.15 else "OVER the 0.15 s target"
        print(
            f"  {label:<20} {seconds:7.3f} s   ratio {seconds / bare:5.2f}x, "
            f"+{extra:.3f} s ({verdict})"
        )

    with tempfile.TemporaryDirectory() as scratch:
        shutil.copytree(ROOT / "data" / "raw", Path(scratch) / "data" / "raw")
        build = [str(KZMACH), "--root", scratch, "build"]
        full = median_seconds(lambda: run(*build, "--force"), 3)
        noop = median_seconds(lambda: run(*build), 5)
    print("build (median, each in a fresh process)")
    print(f"  full build           {full:7.3f} s   (baseline)")
    print(f"  no-op rebuild        {noop:7.3f} s   ratio {noop / full:5.2f}x of the full build")


if __name__ == "__main__":
    main()
