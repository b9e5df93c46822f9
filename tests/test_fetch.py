"""``kzmach fetch`` against a local server standing in for the Bureau.

The server (the standard library's, in a thread) replays the recorded genuine Taldau answer
(import prices, with the request that produced it) and workbook fixtures; each test says what
the server does and checks what reaches ``data/raw`` and what the user is told. No test
touches the network: ``conftest.py`` refuses every connection that is not to this machine.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import copy_raw_without_releases, data_snapshot
from kzmach.pipeline.fetch import HttpPolicy, fetch
from kzmach.raw.releases.recipes import RECIPES, Recipe

ROOT = Path(__file__).resolve().parents[1]
ANSWER = ROOT / "tests/fixtures/real-releases/taldau-tree"
PRICES = ANSWER / "bns_import_price_index_by_hs_section_total_2026-09-27.json"
WORKBOOK = ROOT / "tests/fixtures/real-releases/bns-grp-per-capita-by-region.xlsx"
QUICK = HttpPolicy(timeout=1.0, attempts=3, backoff=0.01, delay=0.0, max_wait=5.0)

#: What the server answers: a list of (status, headers, body, seconds to wait), one per call
#: (the last repeats), by path.
Script = dict[str, list[tuple[int, dict[str, str], bytes, float]]]


class _Bureau(BaseHTTPRequestHandler):
    script: Script = {}  # noqa: RUF012 - the one server's script, set by each test
    calls: list[tuple[str, str, dict[str, str], bytes]] = []  # noqa: RUF012

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.calls.append((self.command, self.path, dict(self.headers), body))
        answers = self.script.get(self.path, [(404, {}, b"not here", 0.0)])
        count = sum(1 for _, path, _, _ in self.calls if path == self.path)
        status, headers, content, wait = answers[min(count, len(answers)) - 1]
        time.sleep(wait)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):  # the client gave up (the timeout test)
            self.wfile.write(content)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def bureau() -> Iterator[Callable[[Script], str]]:
    """Start a local server; return a function that sets its script and gives its address."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Bureau)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(script: Script) -> str:
        _Bureau.script, _Bureau.calls = script, []
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    server.shutdown()
    server.server_close()


def _prices(base: str) -> Recipe:
    return replace(RECIPES["import-prices"], url=f"{base}/ru/NewIndex/GetIndexTreeData")


def _workbook(base: str, path: str = "/api/iblock/element/1/file/ru/") -> Recipe:
    return Recipe(
        table="grp-per-capita", kind="dynamic-table", url=f"{base}{path}",
        format="bns-workbook", file_name="grp-per-capita.xlsx", source="bns",
        min_bytes=30_000, data_sheets=("тенге",),
    )  # fmt: skip


def _ok(body: bytes) -> list[tuple[int, dict[str, str], bytes, float]]:
    return [(200, {}, body, 0.0)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_raw_without_releases(tmp_path / "project")


def _newer_answer(new_month: str, revised: tuple[str, str]) -> bytes:
    """The recorded answer with one more month and one month revised."""
    nodes = json.loads(PRICES.read_text(encoding="utf-8"))
    nodes[0][f"y{new_month}"] = "98.1"
    nodes[0][new_month] = "999"
    nodes[0][f"y{revised[0]}"] = revised[1]
    return json.dumps(nodes, ensure_ascii=False).encode()


@pytest.mark.slow
def test_a_new_answer_is_ingested_then_a_newer_one_says_what_changed(bureau, project):
    base = bureau({"/ru/NewIndex/GetIndexTreeData": _ok(PRICES.read_bytes())})
    recipes = {"import-prices": _prices(base)}
    [first] = fetch(root=project, recipes=recipes, policy=QUICK, today="2026-09-27")
    assert first.status == "new" and "periods to 2026-07 (79 values" in first.message
    method, _, headers, body = _Bureau.calls[0]
    assert method == "POST" and headers["X-Requested-With"] == "XMLHttpRequest"
    assert "kzmach/" in headers["User-Agent"] and b"p_index_id=19073959" in body
    folder = project / "data/raw/releases/taldau/2026-09-27-import-prices"
    stored = sorted(p.name for p in folder.glob("*/*"))
    assert stored == sorted([
        "import-price-index-19073959-republic-monthly.json",
        "import-price-index-19073959-republic-monthly.manifest.json",
    ])  # fmt: skip
    # the same answer again: nothing ingested
    before = data_snapshot(project)
    [again] = fetch(root=project, recipes=recipes, policy=QUICK, today="2026-09-28")
    assert (again.status, again.line()) == ("unchanged", "import-prices: unchanged")
    assert data_snapshot(project) == before
    # a month more, one revised: a new vintage, said
    bureau({"/ru/NewIndex/GetIndexTreeData": _ok(_newer_answer("082026", ("062026", "99.4")))})
    [newer] = fetch(root=project, recipes=recipes, policy=QUICK, today="2026-10-27")
    assert newer.line() == "import-prices: new: periods to 2026-08"
    assert (newer.previous, newer.release) == (
        "taldau/2026-09-27-import-prices",
        "taldau/2026-10-27-import-prices",
    )
    assert (project / "data/raw/releases/taldau/2026-10-27-import-prices").is_dir()
    # what `kzmach fetch` prints once it has built the data: kzmach diff's count of the
    # file's values, new and revised
    import kzmach
    from kzmach.cli.fetch import with_changes

    [said] = with_changes([newer], project)
    assert said.line() == "import-prices: new: periods to 2026-08 (1 new, 1 revised)"
    changes = kzmach.diff(newer.previous, newer.release, root=project)
    assert sorted(changes["change"].astype(str).unique()) == ["new", "revised"]
    (revised,) = changes[changes["change"] == "revised"].itertuples()
    assert revised.period == "2026-06"
    # read as months of the all-goods index, the newest vintage leading
    series = kzmach.series("import_prices_all_goods", root=project).set_index("period_label")
    assert series.loc["Aug 2026", "value"] == pytest.approx(98.1 - 100)
    assert series.loc["Jun 2026", "value"] == pytest.approx(99.4 - 100)


def test_a_stub_workbook_is_refused_and_nothing_written(bureau, project, tmp_path):
    import openpyxl

    stub = tmp_path / "stub.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Описание"
    book.active["A1"] = "Методологические пояснения"
    book.save(stub)
    base = bureau({"/api/iblock/element/1/file/ru/": _ok(stub.read_bytes())})
    before = data_snapshot(project)
    [outcome] = fetch(root=project, recipes={"t": _workbook(base)}, policy=QUICK)
    assert outcome.status == "refused" and "outside 30,000" in outcome.message
    small = replace(_workbook(base), min_bytes=100)
    [outcome] = fetch(root=project, recipes={"t": small}, policy=QUICK)
    assert outcome.status == "refused" and "no data sheet (sheets: Описание)" in outcome.message
    assert data_snapshot(project) == before


def test_a_redirect_is_followed_to_the_workbook(bureau, project):
    base = bureau({
        "/api/iblock/element/1/file/ru/": [(302, {"Location": "/upload/5931.xlsx"}, b"", 0.0)],
        "/upload/5931.xlsx": _ok(b"PK\x03\x04 not a real workbook" + b"." * 40_000),
    })  # fmt: skip
    [outcome] = fetch(root=project, recipes={"t": _workbook(base)}, policy=QUICK)
    assert [path for _, path, _, _ in _Bureau.calls] == [
        "/api/iblock/element/1/file/ru/", "/upload/5931.xlsx",
    ]  # fmt: skip
    assert outcome.status == "refused" and "not a workbook" in outcome.message


def test_timeouts_and_429_are_retried_politely(bureau, project):
    slept: list[float] = []
    base = bureau({
        "/ru/NewIndex/GetIndexTreeData": [
            (200, {}, b"[]", 1.5),  # longer than the timeout: tried again
            (429, {"Retry-After": "3"}, b"slow down", 0.0),
            (200, {}, b"[]", 0.0),
        ]
    })  # fmt: skip
    [outcome] = fetch(root=project, recipes={"p": _prices(base)}, policy=QUICK, sleep=slept.append)
    assert len(_Bureau.calls) == 3
    assert slept == [0.01, 3.0]  # the backoff, then the server's Retry-After
    assert outcome.status == "refused" and outcome.message.startswith("2 bytes, outside 200")


def test_a_server_error_three_times_is_refused_and_nothing_changes(bureau, project):
    base = bureau({"/ru/NewIndex/GetIndexTreeData": [(500, {}, b"oops", 0.0)]})
    before = data_snapshot(project)
    [outcome] = fetch(
        root=project, recipes={"p": _prices(base)}, policy=QUICK, sleep=lambda _: None
    )
    assert len(_Bureau.calls) == 3
    assert outcome.line() == "import-prices: refused: HTTP 500 after 3 attempts"
    assert data_snapshot(project) == before


def test_offline_says_so_in_one_line_per_table_and_exits_non_zero(project, monkeypatch, capsys):
    from kzmach.cli import main

    monkeypatch.setenv("KZMACH_FETCH_BASE", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.chdir(project)
    before = data_snapshot(project)
    assert main(["--root", str(project), "fetch", "--all"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == list(RECIPES)
    assert all(": offline: cannot reach 127.0.0.1:9" in line for line in lines)
    assert data_snapshot(project) == before


def test_a_dry_run_says_what_it_would_fetch_and_fetches_nothing(project, capsys):
    from kzmach.cli import main

    assert main(["--root", str(project), "fetch", "--all", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert (
        "import-prices: would fetch: https://taldau.stat.gov.kz/ru/NewIndex/GetIndexTreeData" in out
    )
    assert "as taldau-tree-json (none registered)" in out


def test_tests_never_reach_the_network():
    import socket

    with socket.socket() as sock, pytest.raises(OSError, match="never touch the network"):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: refused before any packet leaves


def test_an_unknown_table_or_no_table_is_a_usage_error(project, capsys):
    from kzmach.cli import main

    assert main(["--root", str(project), "fetch"]) == 2
    assert "name the tables to fetch, or give --all" in capsys.readouterr().err
    assert main(["--root", str(project), "fetch", "nonsense", "--dry-run"]) == 1
    assert (
        "no recipe for nonsense; the tables: import-prices, table-5931" in capsys.readouterr().err
    )


@pytest.mark.slow
def test_fetch_all_with_a_local_bureau_then_again_unchanged(
    bureau, project, tmp_path, monkeypatch, capsys
):
    """``kzmach fetch --all`` on a fresh project: every table new, then every one unchanged."""
    import openpyxl

    from kzmach.cli import main

    # table 5931 stands in as the genuine GRP workbook with a data sheet named as 5931's are
    book = openpyxl.load_workbook(WORKBOOK)
    book.worksheets[0].title = "2018-2026гг."
    workbook = tmp_path / "5931.xlsx"
    book.save(workbook)
    base = bureau({
        "/ru/NewIndex/GetIndexTreeData": _ok(PRICES.read_bytes()),
        "/api/iblock/element/5931/file/ru/": [(302, {"Location": "/upload/5931.xlsx"}, b"", 0.0)],
        "/upload/5931.xlsx": _ok(workbook.read_bytes()),
    })  # fmt: skip
    monkeypatch.setenv("KZMACH_FETCH_BASE", base)
    monkeypatch.setattr("kzmach.pipeline.fetch.HttpPolicy", lambda: QUICK)
    assert main(["--root", str(project), "fetch", "--all"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "import-prices: new: periods to 2026-07 (79 values, the first download)"
    assert lines[1].startswith("table-5931: new: periods to ")
    assert lines[2].startswith("next: `make report`")
    registered = sorted(
        p.parent.name for p in (project / "data/raw/releases").glob("*/*/release.json")
    )
    assert [r.split("-", 3)[3] for r in registered] == ["import-prices", "table-5931"]
    before = data_snapshot(project)
    assert main(["--root", str(project), "fetch", "--all"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "import-prices: unchanged",
        "table-5931: unchanged",
    ]
    assert data_snapshot(project) == before
    # a newer answer the same day: built, and compared with the last by kzmach diff's rules
    bureau({"/ru/NewIndex/GetIndexTreeData": _ok(_newer_answer("082026", ("062026", "99.4")))})
    assert main(["--root", str(project), "fetch", "import-prices"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "import-prices: new: periods to 2026-08 (1 new, 1 revised)",
        "next: `make report` redraws the charts and the deck from the rebuilt data",
    ]
