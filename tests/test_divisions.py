"""The Bureau's value added and indices: the share of manufacturing every year, the divisions'
contributions to real growth, and the declaration of the divisions kept in step with the
release mappings. Values checked by hand against the mirror file (line numbers below)."""

from __future__ import annotations

import csv
import math

import pytest

import kzmach
from kzmach.analysis.divisions import DIVISIONS, WEIGHTING_DIFFERENCE

MAPPINGS = "data/raw/release-mappings"


def test_value_added_share_is_computed_every_year_2013_2025(built):
    shares = kzmach.manufacturing_share(root=built)
    annual = shares[(shares["period_type"] == "year") & shares["share_value_added"].notna()]
    assert [int(p.year) for p in annual["period_start"]] == list(range(2013, 2026))
    row = annual.set_index("period_label").loc["2013"]
    # line 15: machine building (26-30, 33) 389209.9; line 93: manufacturing 3828486.9 (mn)
    assert row["share_value_added"] == pytest.approx(389209.9 / 3828486.9 * 100, abs=1e-6)
    assert row["share_value_added"] == pytest.approx(10.1662, abs=1e-4)
    # value added and output stay apart: 2022 has both, and they differ
    both = shares.set_index("period_label").loc["2022"]
    assert both["share_computed"] == pytest.approx(14.976, abs=1e-3)  # output 3,100 / 20,700
    assert both["share_value_added"] == pytest.approx(11.771, abs=1e-3)


def test_the_bureaus_total_against_its_divisions_is_surfaced(built):
    table = kzmach.division_value_added(root=built)
    gaps = table.groupby("year")["total_minus_sum"].first()
    # the mirror's README: the total equals the sum to 0.1 mn in every year but 2018 (+25,546.8
    # mn) and 2019 (+28,904.8 mn)
    assert gaps.loc[2018] == pytest.approx(25.5468, abs=1e-4)
    assert gaps.loc[2019] == pytest.approx(28.9048, abs=1e-4)
    assert (gaps.drop([2018, 2019]).abs() < 1e-4).all()


def test_division_contributions_by_hand(built):
    table = kzmach.division_contributions(root=built)
    row = table[(table["year"] == 2025) & (table["division"] == "29")].iloc[0]
    # weights from 2024 value added of the divisions with a 2025 index, 26-29 (lines 13, 39,
    # 52, 65, million tenge); 30 has no index, so it has no weight
    index_divisions_2024 = 29252.5 + 263482.1 + 455561.3 + 977297.3
    weight = 977297.3 / index_divisions_2024 * 100
    assert row["weight_previous"] == pytest.approx(weight, abs=1e-6)
    assert row["weight_previous"] == pytest.approx(56.636, abs=1e-3)
    # line 257: division 29's index for 2025, 119.1 -> +19.1; 56.636 * 19.1 / 100 = 10.82 pp
    assert row["growth"] == pytest.approx(19.1)
    assert row["contribution_pp"] == pytest.approx(10.817, abs=1e-3)
    year = table[table["year"] == 2025]
    divisions = year[year["division"] != WEIGHTING_DIFFERENCE]
    # the weights of a year sum to 100, so the contributions are our chain-linked index
    assert divisions["weight_previous"].sum() == pytest.approx(100)
    assert divisions["contribution_pp"].sum() == pytest.approx(year["va_weighted_growth"].iloc[0])
    # with the weighting difference they add up to the Bureau's own index (line 365: 112.6)
    assert year["contribution_pp"].sum() == pytest.approx(12.6)
    gap = year[year["division"] == WEIGHTING_DIFFERENCE]["contribution_pp"].iloc[0]
    assert gap == pytest.approx(12.6 - divisions["contribution_pp"].sum())
    assert set(year["division"]) == {"26", "27", "28", "29", WEIGHTING_DIFFERENCE}
    assert list(table["year"].drop_duplicates()) == list(range(2014, 2026))
    assert not table["contribution_pp"].map(math.isnan).any()
    sums = table.groupby("year")["contribution_pp"].sum()
    assert sums.to_numpy() == pytest.approx(table.groupby("year")["mb_growth"].first().to_numpy())


def test_the_divisions_agree_with_the_release_mappings(project_root):
    with (project_root / MAPPINGS / "classifier-codes.csv").open(encoding="utf-8") as handle:
        codes = {r["code"]: r for r in csv.DictReader(handle)}
    with (project_root / MAPPINGS / "indicators.csv").open(encoding="utf-8") as handle:
        mapped = {(r["measure"], r["scope"]): r["indicator"] for r in csv.DictReader(handle)}
    declared = {code for code, row in codes.items() if row["part_of_machine_building"] == "yes"}
    assert {d.code for d in DIVISIONS} == declared
    for division in DIVISIONS:
        assert codes[division.code]["scope"] == division.scope
        assert mapped[("gva_value", division.scope)] == division.value_added
        assert mapped.get(("output_volume_index", division.scope)) == division.index
        assert mapped[("output_value", division.scope)] == division.output
    # the index group (table 5792) is 26-30 without 33
    assert "without 33" in codes["MACH"]["note"]
    assert {d.code for d in DIVISIONS if d.in_index} == {"26", "27", "28", "29", "30"}


def test_division_chart_names_the_largest_contributor(built):
    from kzmach.report.charts import division_growth

    chart = division_growth("en", root=built)
    assert chart.title == (
        # the number and its unit never parted
        "Machine building's real growth in 2025: 12.6%; motor vehicles (29): 10.8\u00a0pp"
    )
    assert set(chart.data["indicator"]) >= {"auto_output_growth_real", "automotive_gva"}
    assert "Bureau of National Statistics" in chart.footer.source_line
