"""Report benchmark: ``kzmach report`` cold and unchanged, against ``jupyter nbconvert``.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_report.py``). Everything is
timed in the same run on the same machine, so the ratios travel between machines:

* **cold**: ``kzmach report --lang en --force`` (the data already built): every notebook
  executed (several at once, up to the cores), HTML, every chart with its values, the
  workbook and the deck, published atomically;
* **unchanged**: ``kzmach report --lang en`` right after, with nothing changed: every run
  and the deck are reused from the cache;
* **baseline**: the same notebooks, converted to ``.ipynb`` once (not timed), executed by
  ``jupyter nbconvert --to notebook --execute`` one after the other, charts exported to a
  scratch folder. It only executes the notebooks.

Each is the median of ``--repeat`` runs (default 3). The ratios printed are cold against
the baseline (speed-up, goal at least 1.5x) and unchanged against cold (goal at most 15%).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORK = ROOT / "benchmarks" / ".work" / "report"


def timed(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(
        command, cwd=ROOT, check=True, capture_output=True, env={**os.environ, **(env or {})}
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat

    import jupytext

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    converted = []
    for script in notebooks:
        target = WORK / f"{script.stem}.ipynb"
        jupytext.write(jupytext.read(script), target)
        converted.append(target)

    kzmach = [str(BIN / "kzmach"), "report", "--lang", "en", "--no-progress"]
    output = ["--output", str(WORK / "reports")]
    timed([str(BIN / "kzmach"), "build"])  # the data, built once (not timed)
    cold_times, unchanged_times = [], []
    for _ in range(repeat):
        cold_times.append(timed([*kzmach, *output, "--force"]))
        unchanged_times.append(timed([*kzmach, *output]))

    nbconvert = [
        str(BIN / "jupyter"),
        "nbconvert",
        "--to",
        "notebook",
        "--execute",
        "--output-dir",
        str(WORK / "executed"),
        *map(str, converted),
    ]
    # the notebooks' export_dir parameter defaults to reports/figures: point the charts
    # elsewhere so the baseline does not touch the reports
    env = {"KZMACH_ROOT": str(ROOT), "MPLBACKEND": "agg"}
    for path in converted:
        text = path.read_text(encoding="utf-8").replace(
            "export_dir = None", f"export_dir = {str(WORK / 'figures')!r}"
        )
        path.write_text(text, encoding="utf-8")
    baseline_times = [timed(nbconvert, env) for _ in range(repeat)]

    cold = statistics.median(cold_times)
    unchanged = statistics.median(unchanged_times)
    baseline = statistics.median(baseline_times)
    print(f"notebooks: {len(notebooks)}; cores: {os.cpu_count()}; median of {repeat} runs each")
    for name, times in (
        ("cold", cold_times),
        ("unchanged", unchanged_times),
        ("nbconvert", baseline_times),
    ):
        print(f"  runs, {name}: " + ", ".join(f"{t:.1f}" for t in times) + " s")
    print(f"kzmach report, cold (--force)            {cold:6.1f} s")
    print(f"kzmach report, unchanged rerun           {unchanged:6.1f} s")
    print(f"jupyter nbconvert --execute (same books) {baseline:6.1f} s")
    print(f"speed-up, nbconvert / cold report        {baseline / cold:6.2f}x  (goal >= 1.5x)")
    print(f"unchanged rerun / cold report            {unchanged / cold:6.1%}  (goal <= 15%)")


if __name__ == "__main__":
    main()
