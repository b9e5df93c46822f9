"""Damage genuine release files at random, the way a bad download or a careless edit would.

Used by ``tests/test_fuzz_releases.py``, and on its own for a long run::

    .venv/bin/python tests/fuzz_releases.py --seed 1 --per-file 1000

which reads that many damaged copies of every genuine fixture and prints how many were
accepted or refused, and any that raised instead (it exits 1 then).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl

REAL = Path(__file__).resolve().parent / "fixtures" / "real-releases"
#: What a damaged file may have gained: quotes, separators, line ends, the Bureau's marks,
#: a number no float holds, a NUL byte.
TOKENS = (b'"', b"\t", b"\n", b"\r", "…".encode(), b"x", b"-", b"1e309", b"\x00", b",", b";")
KINDS = ("flip", "cut", "insert", "duplicate", "delete")


def fixtures() -> list[Path]:
    """Return the genuine release files kept as fixtures."""
    return sorted(p for p in REAL.iterdir() if p.suffix in (".csv", ".json", ".xlsx"))


def mutate(data: bytes, rng: random.Random) -> bytes:
    """Return ``data`` with one to four kinds of damage, chosen and placed by ``rng``."""
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not damaged:
            break
        at = rng.randrange(len(damaged))
        kind = rng.choice(KINDS)
        if kind == "flip":  # bytes flipped, here and there
            for _ in range(rng.randint(1, 8)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        elif kind == "cut":  # the download stopped
            damaged = damaged[: max(1, at)]
        elif kind == "insert":
            damaged[at:at] = rng.choice(TOKENS)
        elif kind == "duplicate":  # a stretch written twice
            damaged[at:at] = damaged[at : at + rng.randint(1, 200)]
        else:
            del damaged[at : at + rng.randint(1, 50)]
    return bytes(damaged)


def values_not_in_file(path: Path, values: list[str]) -> list[str]:
    """Return the values read from ``path`` that the file does not hold as written.

    A text file is searched as text; a workbook's cells are read again by another library
    (openpyxl, from the sheet's XML), so a value the reader made up would show.
    """
    values = [v for v in dict.fromkeys(values) if v]
    if path.suffix != ".xlsx":
        text = path.read_bytes().decode("utf-8", errors="replace")
        return [v for v in values if v not in text]
    cells = _workbook_cells(path)
    return [v for v in values if v not in cells]


def _workbook_cells(path: Path) -> set[str]:
    """Return every cell of a workbook as text, read by openpyxl or, failing that, from its XML.

    When openpyxl will not parse a damaged sheet, its cells are taken from the archive's
    XML (``<v>`` values and ``<t>`` texts) directly.
    """
    import openpyxl

    cells: set[str] = set()
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    cells |= {_as_read(v) for v in row if v is not None} | {
                        str(v).strip() for v in row if v is not None
                    }
        finally:
            book.close()
    except Exception:
        cells |= _xml_cells(path)
    return cells


def _as_read(value: object) -> str:
    """Write a cell as kzmach reads it: a number as the shortest text of its stored value."""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _xml_cells(path: Path) -> set[str]:
    """Return the values and texts written in a workbook's XML, however damaged the rest."""
    import re
    import zipfile

    cells: set[str] = set()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return cells
    for member in archive.namelist():
        try:
            text = archive.read(member).decode("utf-8", errors="replace")
        except Exception:
            continue
        for found in re.findall(r"<(?:v|t)(?: [^>]*)?>([^<]*)</(?:v|t)>", text):
            cells.add(found.strip())
            with contextlib.suppress(ValueError):
                cells.add(_as_read(float(found)))
    return cells


def read_damaged(path: Path) -> tuple[str, str]:
    """Read a damaged file as an ingest would; return ``(outcome, detail)``.

    The outcome is ``accepted``, ``refused`` (a :class:`ReleaseError` naming the file),
    ``invented`` (accepted with a value the file does not hold) or ``raised`` (anything else:
    the bug this guards against).
    """

    from kzmach.raw.releases.readers import ReleaseError, read_release_as

    try:
        _fmt, frame = read_release_as(path, label=path.name)
    except ReleaseError as error:
        named = all(p.file.startswith(path.name) for p in error.problems)
        return ("refused", str(error)) if named else ("raised", f"unnamed: {error}")
    except Exception as error:
        return "raised", f"{type(error).__name__}: {error}"
    missing = values_not_on_their_rows(path, frame)
    return ("invented", f"{missing[:3]}") if missing else ("accepted", "")


def values_not_on_their_rows(path: Path, frame: pl.DataFrame) -> list[str]:
    """Return the values read that their own row of the file does not hold, as written.

    Stricter than :func:`values_not_in_file`: a value attached to the wrong row (so to the
    wrong period or region) is found. A text table's row is its line; a row-per-value table's
    line must hold the period as written too. A workbook's row is its sheet row, read again
    by openpyxl; a JSON record is no line, so there the value is looked for in the file.
    """
    import polars as pl

    records = frame.select(
        "row",
        pl.col("value_as_written").cast(pl.String),
        pl.col("period_as_written").cast(pl.String),
    ).rows()
    data = path.read_bytes()
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        by_row = _workbook_rows(path)
        if by_row is None:  # openpyxl cannot parse it: the file-wide check
            return values_not_in_file(path, [value for _, value, _ in records])
        return [
            f"row {row}: {value}"
            for row, value, _ in records
            if value and value not in by_row.get(row, set())
        ]
    text = data.decode("utf-8-sig", errors="replace")
    if text.lstrip().startswith(("[", "{")):
        return values_not_in_file(path, [value for _, value, _ in records])
    lines = text.split("\n")
    one_per_row = len({row for row, _, _ in records}) == len(records)
    starts = sorted({row for row, _, _ in records})
    following = dict(zip(starts, [*starts[1:], len(lines) + 1], strict=True))
    wrong = []
    for row, value, period in records:
        # a record runs from its first line to the next record's (a quoted cell may break)
        line = "\n".join(lines[row - 1 : following[row] - 1]) if 0 < row <= len(lines) else ""
        if value and value not in line:
            wrong.append(f"row {row}: {value}")
        elif one_per_row and period and period not in line:
            wrong.append(f"row {row}: period {period}")
    return wrong


def _workbook_rows(path: Path) -> dict[int, set[str]] | None:
    """Return each sheet row's cells as kzmach reads them, or None if openpyxl cannot."""
    import openpyxl

    rows: dict[int, set[str]] = {}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            for sheet in book.worksheets:
                for cells in sheet.iter_rows():
                    for cell in cells:
                        if getattr(cell, "value", None) is not None:
                            rows.setdefault(cell.row, set()).add(_as_read(cell.value))
        finally:
            book.close()
    except Exception:
        return None
    return rows


def main() -> int:
    """Run the long fuzz: print the outcomes and every damaged file that raised."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-file", type=int, default=1000)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as folder:
        for fixture in fixtures():
            data = fixture.read_bytes()
            for number in range(args.per_file):
                path = Path(folder) / f"{fixture.stem}-{number}{fixture.suffix}"
                path.write_bytes(mutate(data, rng))
                outcome, detail = read_damaged(path)
                outcomes[outcome] += 1
                if outcome in ("raised", "invented"):
                    print(f"{outcome}: {fixture.name} #{number}: {detail[:300]}")
                path.unlink()
    print(dict(outcomes))
    return 1 if outcomes["raised"] or outcomes["invented"] else 0


if __name__ == "__main__":
    sys.exit(main())
