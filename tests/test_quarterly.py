"""Value added by quarter and division (table 5931 cumulated from January), read as downloaded.

Figures recomputed by hand from the genuine download kept under ``data/raw/releases/bns/``
(million tenge, cumulated from January: the value dated 2013-04-01 is January–June 2013).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import kzmach

ROOT = Path(__file__).resolve().parents[1]
QUARTERLY = next(
    (ROOT / "data/raw/releases/bns").glob("*-value-added-by-division-quarterly-*/*/*.csv")
)
ANNUAL = next((ROOT / "data/raw/releases/bns").glob("*-tables-5792-5931-mirror/*/*.csv"))


@pytest.fixture(scope="module")
def quarters(built):
    return kzmach.quarterly_value_added(root=built)


def _cumulated() -> dict[tuple[str, str], float]:
    with QUARTERLY.open(encoding="utf-8", newline="") as handle:
        return {(r["item_code"], r["date"]): float(r["value"]) for r in csv.DictReader(handle)}


def test_every_fourth_quarter_is_the_annual_table():
    cumulated = _cumulated()
    with ANNUAL.open(encoding="utf-8", newline="") as handle:
        annual = {
            (r["item_code"], r["date"][:4]): float(r["value"])
            for r in csv.DictReader(handle)
            if r["variable"] == "GVA_NOMINAL_INDUSTRY_DIVISIONS" and r["region"] == "national"
        }
    checked = 0
    for (code, date), value in cumulated.items():
        if date.endswith("-10-01") and (code, date[:4]) in annual:
            # January–December (the value dated 1 October) is the year of table 5931
            assert value == pytest.approx(annual[(code, date[:4])], abs=0.05), (code, date)
            checked += 1
    assert checked >= 65


def test_a_quarters_own_value_is_the_difference_of_two_cumulated_ones(quarters):
    cumulated = _cumulated()
    total = quarters[quarters["division"] == "26–30, 33"].set_index("period_label")
    # 2025: January–June 1,131,248.6 less January–March 691,136.6 = 440,112.0 million tenge
    h1, q1 = cumulated[("26-30, 33", "2025-04-01")], cumulated[("26-30, 33", "2025-01-01")]
    assert total.loc["Q2 2025", "value"] == pytest.approx((h1 - q1) / 1000, abs=1e-6)
    assert total.loc["Q2 2025", "value"] == pytest.approx(440.112, abs=1e-3)
    assert total.loc["Q2 2025", "year_to_date"] == pytest.approx(h1 / 1000)
    # the fourth quarter: the year 3,266,853.5 less January–September 1,781,519.6
    assert total.loc["Q4 2025", "value"] == pytest.approx(1485.3339, abs=1e-4)
    # nominal growth on the same quarter a year earlier
    assert total.loc["Q4 2025", "growth"] == pytest.approx(
        (total.loc["Q4 2025", "value"] / total.loc["Q4 2024", "value"] - 1) * 100
    )
    assert set(quarters["basis"]) == {"nominal"}
    # the latest quarter first, machine building's total first within it
    assert list(quarters["period_label"][:7]) == ["Q4 2025"] * 7
    assert quarters["division"].iloc[0] == "26–30, 33"


def test_a_negative_quarter_as_published_is_kept(quarters):
    # division 26's January–June 2013 (2,558.6) is below its January–March (3,284.1)
    electronics = quarters[quarters["division"] == "26"].set_index("period_label")
    assert electronics.loc["Q2 2013", "value"] == pytest.approx((2558.6 - 3284.1) / 1000)


def test_divisions_that_do_not_add_up_are_flagged_not_forced(quarters):
    total = quarters[quarters["division"] == "26–30, 33"]
    apart = total[~total["divisions_add_up"].astype(bool)]
    # the seam in the Bureau's file: 2018 Q2 – 2019 Q4, up to 29 bn tenge
    assert sorted(apart["period_label"], key=lambda p: (p[-4:], p[1])) == [
        "Q2 2018",
        "Q3 2018",
        "Q4 2018",
        "Q1 2019",
        "Q2 2019",
        "Q3 2019",
        "Q4 2019",
    ]
    assert apart["divisions_gap"].abs().max() == pytest.approx(28.9048, abs=1e-4)
    assert len(total) == 52  # 2013 Q1 – 2025 Q4
    # the shares of the six divisions add up to the total's 100% where the divisions do
    together = (
        quarters[quarters["division"] != "26–30, 33"]
        .groupby("period_label")["share_of_machine_building"]
        .sum()
    )
    assert together["Q4 2025"] == pytest.approx(100, abs=1e-6)


def test_capacity_utilisation_is_read_by_quarter_and_all_sectors_kept_unmapped(built):
    survey = next((ROOT / "data/raw/releases/nbk").glob("*-capacity-utilisation-*/*/*.csv"))
    with survey.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    manufacturing = {r["date"]: float(r["value"]) for r in rows if r["item_code"] == "C"}
    series = kzmach.series("mfg_capacity_utilisation", root=built).set_index("period_label")
    # dated by the quarter's first day: 2016-04-01 is the second quarter of 2016
    assert series.loc["Q2 2016", "value"] == pytest.approx(manufacturing["2016-04-01"])
    assert series.loc["Q3 2026", "value"] == pytest.approx(manufacturing["2026-07-01"])
    assert len(series) == len(manufacturing) == 42
    # all sectors have no indicator: kept in release_values with the reason, not dropped
    values = kzmach.release_values(root=built)
    total = values[
        values["release"].str.contains("capacity-utilisation") & (values["code"] == "TOTAL")
    ]
    assert len(total) == 42 and total["mapping"].str.contains("no indicator").all()


def test_the_quarters_chart_states_the_latest_quarter_from_the_cumulated_table(built):
    from kzmach.report.charts import CHARTS

    cumulated = _cumulated()
    q4 = (cumulated[("26-30, 33", "2025-10-01")] - cumulated[("26-30, 33", "2025-07-01")]) / 1000
    q4_before = (
        cumulated[("26-30, 33", "2024-10-01")] - cumulated[("26-30, 33", "2024-07-01")]
    ) / 1000
    chart = CHARTS["value_added_quarters"]("en", root=built)
    assert f"in Q4 2025: {q4:,.0f} bn tenge" in chart.title
    assert f"+{100 * (q4 / q4_before - 1):.1f}% on a year earlier (nominal)" in chart.title
    assert any(note.startswith("Single quarters") for note in chart.footer.notes)
    assert not any(note.startswith("Year to date") for note in chart.footer.notes)
    kazakh = CHARTS["value_added_quarters"]("kk", root=built)
    assert "2025 ж. 4-тоқсан" in kazakh.title
