"""Shared fixtures: a throw-away copy of the project's raw data to break on purpose."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]

# Property tests check what is true, not how fast: a first example that loads a font or a
# catalog must not fail on a deadline (speed is measured in benchmarks/, not here).
settings.register_profile("kzmach", deadline=None)
settings.load_profile("kzmach")


def data_snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root/data`` (raw, processed and the staging folder).

    Two snapshots equal: nothing under ``data/`` was written, changed or removed.
    """
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((root / "data").rglob("*"))
        if path.is_file()
    }


def copy_raw_without_releases(root: Path) -> Path:
    """Copy data/raw into ``root`` without the ingested releases (only their README).

    For tests that ingest files of their own and count what reaches the tables.
    """
    shutil.copytree(
        ROOT / "data" / "raw",
        root / "data" / "raw",
        ignore=lambda folder, names: (
            [n for n in names if n != "README.md"]
            if Path(folder) == ROOT / "data" / "raw" / "releases"
            else []
        ),
    )
    return root


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real project (raw data and notebooks), built once for the whole run.

    The copy keeps the tests from writing into the repository's own ``data/processed`` and
    ``reports``. With pytest-xdist the workers share it: the first to get the lock builds
    it, the others wait and reuse it, so the suite pays for one build, not one per worker.
    Tests only read it (or run builds that are refused and write nothing). The repository's
    own ``data/processed`` is copied beside the raw data first: after ``make report`` it is
    the build of these very inputs and code (its manifest's fingerprint says so), and the
    build below checks that and does no work; otherwise it builds everything again.
    """
    from filelock import FileLock

    from kzmach.pipeline.build import build

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if base.name.startswith("popen-gw") else base
    root = shared / "built"
    with FileLock(str(shared / "built.lock")):
        if not (root / ".built").is_file():
            shutil.rmtree(root, ignore_errors=True)
            shutil.copytree(ROOT / "data" / "raw", root / "data" / "raw")
            if (ROOT / "data" / "processed" / "manifest.json").is_file():
                shutil.copytree(ROOT / "data" / "processed", root / "data" / "processed")
            shutil.copytree(
                ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns("*.ipynb")
            )
            build(root)
            (root / ".built").touch()
    return root


@pytest.fixture
def built_copy(built: Path, tmp_path: Path) -> Path:
    """A copy of the session's built project (raw and processed data): built, at no build's cost.

    A build of it does no work (its inputs are the same); a test that edits an input and
    builds again pays for one build, not two.
    """
    shutil.copytree(built / "data", tmp_path / "data", ignore=shutil.ignore_patterns(".staging"))
    return tmp_path


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A copy of data/raw in a temporary project folder."""
    shutil.copytree(ROOT / "data" / "raw", tmp_path / "data" / "raw")
    return tmp_path


def edit_csv_cell(path: Path, figure_id: str, column: str, value: str) -> int:
    """Change one cell of a figure table; return the row's line number."""
    import csv

    from kzmach.files import records_with_lines

    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        records, found = [], 0
        for start, record in records_with_lines(reader):
            if record["figure_id"] == figure_id:
                record[column] = value
                found = start
            records.append(record)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)
    assert found, figure_id
    return found


def paused_ingest(
    root: Path, path: Path, published: str, go: Path, described: str = ""
) -> list[str]:
    """A command that ingests ``path`` and waits, just before publishing, until ``go`` exists.

    The pause is the ingest's own last progress step ("publishing ..."), so a test can
    kill the process there or start a second ingest beside it.
    """
    import sys

    program = (
        "import pathlib, time, kzmach\n"
        f"go = pathlib.Path({str(go)!r})\n"
        "def pause(message):\n"
        "    deadline = time.monotonic() + 120\n"
        "    while message.startswith('publishing') and not go.exists():\n"
        "        assert time.monotonic() < deadline, 'never told to go on'\n"
        "        time.sleep(0.02)\n"
        f"kzmach.ingest({str(path)!r}, published={published!r}, root={str(root)!r},"
        f" progress=pause{described})\n"
    )
    return [sys.executable, "-c", program]


#: Test modules by their cost on the 2-core machine, the costliest first (seconds measured
#: with ``--durations=0``). pytest-xdist (``--dist loadfile --no-loadscope-reorder``) hands
#: whole modules to its workers in this order, so the two long ones (a full report, every
#: chart in every language) start at once on separate workers and the short ones fill in.
#: Without ``--no-loadscope-reorder`` xdist would order modules by their number of tests.
COSTLIEST_FIRST = (
    "test_report.py",  # 42 s
    # needs no built project: runs while the first worker builds it for both
    "test_fuzz_releases.py",  # 8 s
    "test_charts.py",  # 25 s
    "test_check.py",  # 19 s
    "test_real_releases.py",  # 15 s
    "test_roadmap.py",  # 15 s
    "test_ingest.py",  # 15 s
    "test_vintages.py",  # 9 s
    "test_tables.py",  # 6 s
    "test_kazakh_dates.py",  # 3 s
    "test_release_readers.py",  # 3 s
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the costliest modules first (the order within a module is kept)."""
    rank = {name: position for position, name in enumerate(COSTLIEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every connection that is not to this machine: no test touches the network.

    A local server (``tests/test_fetch.py``) and the notebooks' kernels (loopback) are
    reached as usual; a connection to any other host fails at once, naming it.
    """
    import socket

    connect = socket.socket.connect

    def local_only(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in (
            "127.0.0.1",
            "::1",
            "localhost",
        ):
            raise OSError(f"tests never touch the network (asked for {address!r})")
        connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", local_only)
