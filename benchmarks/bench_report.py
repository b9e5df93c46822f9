"""Report benchmark: ``make report`` against plain ``jupyter nbconvert --execute``.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_report.py``). Both are timed
in the same run on the same machine, so the ratio travels between machines:

* ``make report`` after a first run (the venv and ``data/processed`` exist): checks the data,
  executes every notebook with papermill, writes HTML, exports every chart and the deck;
* the baseline: the same notebooks, converted to ``.ipynb`` once (not timed), executed by
  ``jupyter nbconvert --to notebook --execute`` one after the other, charts exported to a
  scratch folder. It does only the notebook execution, so the ratio shows what the rest
  of the report (check, HTML, deck, atomic publication) costs on top.

Each is the median of ``--repeat`` runs (default 3).
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

    report = ["make", "--no-print-directory", "report", "REPORT_ARGS=--no-progress"]
    timed(report)  # the first run creates what later runs reuse (venv, data/processed)
    report_times = [timed(report) for _ in range(repeat)]

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

    report_s = statistics.median(report_times)
    baseline_s = statistics.median(baseline_times)
    print(f"notebooks: {len(notebooks)}; median of {repeat} runs each")
    print(f"make report (after a first run)          {report_s:6.1f} s")
    print(f"jupyter nbconvert --execute (same books) {baseline_s:6.1f} s")
    print(f"ratio report / nbconvert                 {report_s / baseline_s:6.2f}x")


if __name__ == "__main__":
    main()
