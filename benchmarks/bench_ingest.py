"""Release reading at scale: kzmach's polars reader against a plain pandas reader.

Run with ``.venv/bin/python benchmarks/bench_ingest.py [ROWS]`` (``make bench`` runs it).
A synthetic Bureau dynamic table of about ``ROWS`` rows (months x territories x OKED codes,
default 1,000,000) is written by :mod:`kzmach.synthetic`; each reader then runs in a fresh
process, three times, and the median wall time and the peak resident memory of the process
are printed side by side, with their ratios. The pandas reader does the same checks
(numbers, markers, periods, duplicates, negatives, one unit) in the straightforward way.
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
from kzmach.release_readers import read_release
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


def measure(program: str, path: Path, repeat: int = 3) -> dict[str, float]:
    """Run a reader ``repeat`` times in fresh processes; return the median time and peak."""
    runs = []
    for _ in range(repeat):
        result = subprocess.run(
            [sys.executable, "-c", program, str(path)],
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
    from kzmach.synthetic import make_values, write_bns_csv

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
        polars_run = measure(POLARS_READER, path)
        pandas_run = measure(PANDAS_READER, path)
    assert polars_run["rows"] == pandas_run["rows"] == values.height
    print(f"{'reader':<28}{'seconds':>10}{'peak MB':>10}")
    print(f"{'kzmach (polars)':<28}{polars_run['seconds']:>10.2f}{polars_run['peak_mb']:>10.0f}")
    print(f"{'plain pandas':<28}{pandas_run['seconds']:>10.2f}{pandas_run['peak_mb']:>10.0f}")
    print(
        f"ratio kzmach/pandas: time {polars_run['seconds'] / pandas_run['seconds']:.2f}x, "
        f"peak memory {polars_run['peak_mb'] / pandas_run['peak_mb']:.2f}x"
    )


if __name__ == "__main__":
    main()
