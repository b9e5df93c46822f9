"""Release ingest at scale: kzmach's polars reader and ``kzmach.ingest`` against plain pandas.

Run with ``.venv/bin/python benchmarks/bench_ingest.py [ROWS]`` (``make bench`` runs it).
A synthetic Bureau dynamic table of about ``ROWS`` rows (months x territories x OKED codes,
default 1,000,000) is written by :mod:`kzmach.raw.releases.synthetic`. Each program then
runs in a fresh process, three times, and the median wall time and the peak resident memory
of the process are printed side by side, with their ratios:

* reading: ``read_release`` against a pandas reader doing the same checks (numbers, markers,
  periods, duplicates, negatives, one unit) in the straightforward way;
* ingesting: ``kzmach.ingest`` into a copy of the project (read and check, map the codes and
  territories, convert the mapped rows to observations, copy the file, hash it, register it)
  against the pandas reader followed by the same copy and hash.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

POLARS_READER = """
import json, resource, sys, time
started = time.perf_counter()
from kzmach.raw.releases.readers import read_release
frame = read_release(sys.argv[1])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": frame.height, "seconds": seconds, "peak_mb": peak}))
"""

PANDAS_READER = """
import json, re, resource, sys, time
started = time.perf_counter()
import pandas as pd
table = pd.read_csv(sys.argv[1], sep="\\t", dtype=str, keep_default_na=False, encoding="utf-8-sig")
required = ["NAM", "DAT", "PERIOD", "КАТО(по каталогу)", "LКАТО(по каталогу)", "VAL"]
missing = [c for c in required if c not in table.columns]
assert not missing, missing
code = [c for c in table.columns if c not in required and not c.startswith("L")][0]
raw = table["VAL"].str.strip()
value = pd.to_numeric(
    raw.str.replace(r"[\\s\\u00a0\\u202f]", "", regex=True).str.replace(",", "."), errors="coerce"
)
marker = raw.where(raw.str.lower().isin(["x", "-", ""]))
assert not (value.isna() & marker.isna()).any()
def period(text):
    if re.fullmatch(r"\\d{4}", text):
        return text
    if re.fullmatch(r"\\d{6}", text) and 1 <= int(text[4:]) <= 12:
        return text[:4] + "-" + text[4:]
    raise ValueError(text)
table["period"] = table["PERIOD"].map(period)
table["unit"] = table["NAM"].str.extract(r",\\s*([^,]*)$", expand=False).fillna("")
assert table["unit"].nunique() == 1
assert not (value < 0).any()
table["value"] = value
keys = ["period", "КАТО(по каталогу)", code]
counts = table.dropna(subset=["value"]).groupby(keys)["value"].nunique()
assert not (counts > 1).any()
table = table.drop_duplicates(subset=[*keys, "value"])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": len(table), "seconds": seconds, "peak_mb": peak}))
"""


KZMACH_INGEST = """
import json, resource, shutil, sys, tempfile, time
from pathlib import Path
project = Path(tempfile.mkdtemp())
shutil.copytree(Path(sys.argv[2]) / "data" / "raw", project / "data" / "raw")
started = time.perf_counter()
from kzmach.raw.releases.store import ingest
result = ingest(sys.argv[1], published="2024-03-01", root=project)
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
shutil.rmtree(project)
print(json.dumps({"rows": result.release.rows, "seconds": seconds, "peak_mb": peak}))
"""

PANDAS_INGEST = PANDAS_READER.replace(
    "seconds = time.perf_counter() - started",
    """import hashlib, shutil, tempfile
target = tempfile.mkdtemp()
shutil.copyfile(sys.argv[1], target + "/release.csv")
with open(target + "/release.csv", "rb") as stream:
    hashlib.file_digest(stream, "sha256")
shutil.rmtree(target)
seconds = time.perf_counter() - started""",
)
ROOT = Path(__file__).resolve().parents[1]


def measure(program: str, path: Path, repeat: int = 3) -> dict[str, float]:
    """Run a reader ``repeat`` times in fresh processes; return the median time and peak."""
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", program, str(path), str(ROOT)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(result.stdout))
    return {
        "rows": runs[0]["rows"],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": statistics.median(r["peak_mb"] for r in runs),
    }


def main() -> None:
    # the generator of synthetic releases lives with the tests, not in the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from synthetic_releases import make_values, write_bns_csv

    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    months, codes = 12, 600
    territories = max(1, round(rows / (months * codes)))
    values = make_values(months, territories, codes, confidential_share=0.01)
    with tempfile.TemporaryDirectory() as folder:
        path = write_bns_csv(values, Path(folder) / "release.csv")
        size_mb = path.stat().st_size / 2**20
        print(
            f"release: {values.height:,} rows ({months} months x {territories} territories x "
            f"{codes} codes), {size_mb:.0f} MB"
        )
        runs = {
            "read: kzmach (polars)": measure(POLARS_READER, path),
            "read: plain pandas": measure(PANDAS_READER, path),
            "ingest: kzmach.ingest": measure(KZMACH_INGEST, path),
            "ingest: pandas + copy": measure(PANDAS_INGEST, path),
        }
    assert {run["rows"] for run in runs.values()} == {values.height}
    print(f"{'program':<28}{'seconds':>10}{'peak MB':>10}")
    for name, run in runs.items():
        print(f"{name:<28}{run['seconds']:>10.2f}{run['peak_mb']:>10.0f}")
    for step in ("read", "ingest"):
        ours, theirs = [run for name, run in runs.items() if name.startswith(step)]
        print(
            f"ratio {step} kzmach/pandas: time {ours['seconds'] / theirs['seconds']:.2f}x, "
            f"peak memory {ours['peak_mb'] / theirs['peak_mb']:.2f}x"
        )


if __name__ == "__main__":
    main()
