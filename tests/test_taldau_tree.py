"""Taldau's tree answers (``NewIndex/GetIndexTreeData``) read in the period type they were asked in.

The fixtures are genuine answers with the requests that produced them
(``tests/fixtures/real-releases/taldau-tree/``); the import-price answer is checked against the
same index as the statistics mirror gives it (registered under ``data/raw/releases/bns/``).
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from kzmach.raw.releases.common import ReleaseError
from kzmach.raw.releases.readers import detect_format, read_release
from kzmach.raw.releases.taldau import manifest_of

ROOT = Path(__file__).resolve().parents[1]
TREES = ROOT / "tests/fixtures/real-releases/taldau-tree"
PRICES = TREES / "bns_import_price_index_by_hs_section_total_2026-09-27.json"
PPI = TREES / "bns_ppi_2026-09-08.json"
EMPLOYED = TREES / "bns_employed_by_section_long_children_2026-09-25.json"
MIRROR_PRICES = next((ROOT / "data/raw/releases/bns").glob("*-import-prices-hs-sections-*/*/*.csv"))


def _alone(path: Path, tmp_path: Path) -> Path:
    """Copy an answer without its request."""
    target = tmp_path / path.name
    shutil.copyfile(path, target)
    return target


def test_the_import_price_answer_is_the_mirrors_index_every_month():
    with MIRROR_PRICES.open(encoding="utf-8", newline="") as handle:
        mirror = {
            r["date"][:7]: float(r["value"])
            for r in csv.DictReader(handle)
            if r["item_code"] == "TOTAL"
        }
    assert detect_format(PRICES) == "taldau-tree-json"
    frame = read_release(PRICES)
    assert set(frame["period_type"]) == {"month"}
    read = dict(zip(frame["period"].cast(str), frame["value"], strict=True))
    assert read == mirror and len(read) == 79
    # as the issue quotes them, by hand from the answer
    assert (read["2020-08"], read["2023-08"], read["2026-07"]) == (102.2, 87.8, 97.2)
    assert set(frame["kato"].cast(str)) == {"741880"}


def test_the_ppi_answer_reads_january_to_each_month():
    answer = json.loads(PPI.read_text(encoding="utf-8"))[0]
    frame = read_release(PPI)
    by_period = dict(zip(frame["period"].cast(str), frame["value"], strict=True))
    types = dict(zip(frame["period"].cast(str), frame["period_type"].cast(str), strict=True))
    assert by_period["2026-01/2026-08"] == float(answer["y082026"])
    assert types["2026-01/2026-08"] == "ytd"
    # January to March is the first quarter, to June the first half, to December the year
    assert by_period["2026-Q1"] == float(answer["y032026"]) and types["2026-Q1"] == "quarter"
    assert by_period["2026-H1"] == float(answer["y062026"])
    assert by_period["2025"] == float(answer["y122025"]) and types["2025"] == "year"
    assert by_period["2026-01"] == float(answer["y012026"]) and types["2026-01"] == "month"
    assert frame.height == sum(1 for k in answer if k.startswith("y") and k[1:].isdigit())


def test_an_opened_level_gives_items_of_the_requests_territory():
    request = json.loads(manifest_of(EMPLOYED).read_text(encoding="utf-8"))["request_body"]
    nodes = json.loads(EMPLOYED.read_text(encoding="utf-8"))
    frame = read_release(EMPLOYED)
    assert set(frame["period_type"]) == {"year"}
    assert set(frame["kato"].cast(str)) == {request["p_term_id"]}
    assert set(frame["code"].cast(str)) == {str(n["id"]) for n in nodes} and len(nodes) == 21
    first = nodes[0]
    row = frame.filter((frame["code"] == first["id"]) & (frame["period"] == "2019")).row(
        0, named=True
    )
    assert row["value"] == float(first["y122019"])
    assert row["code_label"] == first["text"].strip()


def test_a_monthly_answer_without_its_request_is_refused_saying_what_to_give(tmp_path):
    with pytest.raises(ReleaseError, match=r"manifest\.json.*p_period_id.*4 month"):
        read_release(_alone(PRICES, tmp_path))
    # an answer of Decembers alone is the portal's annual answer: read as years
    years = read_release(_alone(EMPLOYED, tmp_path))
    assert set(years["period_type"]) == {"year"}


def test_a_request_of_an_unknown_period_type_is_refused(tmp_path):
    answer = _alone(PRICES, tmp_path)
    manifest_of(answer).write_text(
        json.dumps({"request_body": {"p_period_id": "3"}}), encoding="utf-8"
    )
    with pytest.raises(ReleaseError, match=r"request_body\.p_period_id"):
        read_release(answer)
    manifest_of(answer).write_text(json.dumps({"request_body": {"p_period_id": "5"}}))
    with pytest.raises(ReleaseError, match=r"row 1, column y012020.*month 01.*quarter"):
        read_release(answer)  # asked as quarters, the answer's January cannot be one


def test_ingest_keeps_the_request_beside_the_answer_and_the_build_reads_it(tmp_path):
    import kzmach
    from conftest import copy_raw_without_releases

    root = copy_raw_without_releases(tmp_path / "project")
    result = kzmach.ingest(
        PRICES,
        published="2026-09-27",
        root=root,
        name="Индексы цен на импортированные товары, к декабрю предыдущего года",
        unit="%",
        index_id="19073959",
        dry_build=False,
    )
    folder = next((root / "data/raw/releases").glob(f"*/{result.release.release_id}"))
    answer = next(p for p in folder.glob("*/*.json") if not p.name.endswith(".manifest.json"))
    manifest = manifest_of(answer)
    assert manifest.read_bytes() == manifest_of(PRICES).read_bytes()  # copied unchanged
    kzmach.build(root)
    values = kzmach.release_values(root=root)
    mine = values[values["release"].str.endswith(result.release.release_id)]
    assert set(mine["period_type"]) == {"month"} and len(mine) == 79
    # the answer names no item (the republic's all-goods index): kept, its reason said
    assert set(mine["mapping"]) == {"code or name maps to no kzmach scope"}
    # the request beside the answer is read again when it changes (the build remembers a
    # release's conversion within a process): asked as January-to-month, read so
    request = json.loads(manifest.read_text(encoding="utf-8"))
    request["request_body"]["p_period_id"] = "8"
    manifest.write_text(json.dumps(request), encoding="utf-8")
    kzmach.build(root)
    values = kzmach.release_values(root=root)
    mine = values[values["release"].str.endswith(result.release.release_id)]
    # January to each month: a month, a quarter, a half, a year or a span, by its length
    assert {"ytd", "half", "year"} <= set(mine["period_type"]) and len(mine) == 79
