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
    # weights are shares of the aggregate the index measures, 26-30, division 30 included
    # though it has no index (2024 value added, lines 13, 39, 52, 65 and 78, million tenge)
    aggregate_2024 = 29252.5 + 263482.1 + 455561.3 + 977297.3 + 273179.9
    weight = 977297.3 / aggregate_2024 * 100
    assert row["weight_previous"] == pytest.approx(weight, abs=1e-6)
    assert row["weight_previous"] == pytest.approx(48.895, abs=1e-3)
    # line 257: division 29's index for 2025, 119.1 -> +19.1; 48.895 * 19.1 / 100 = 9.34 pp
    assert row["growth"] == pytest.approx(19.1)
    assert row["contribution_pp"] == pytest.approx(9.339, abs=1e-3)
    year = table[table["year"] == 2025]
    divisions = year[year["division"] != WEIGHTING_DIFFERENCE]
    # 26-29 weigh 86.3% of 26-30: division 30's 13.7% is in no division's weight
    assert divisions["weight_previous"].sum() == pytest.approx(
        (aggregate_2024 - 273179.9) / aggregate_2024 * 100
    )
    assert divisions["contribution_pp"].sum() == pytest.approx(year["va_weighted_growth"].iloc[0])
    # with the rest, division 30 and the weighting difference, they add up to the Bureau's
    # own index (line 365: 112.6): 12.6 - 14.21 = -1.61 pp
    assert year["contribution_pp"].sum() == pytest.approx(12.6)
    gap = year[year["division"] == WEIGHTING_DIFFERENCE]["contribution_pp"].iloc[0]
    assert gap == pytest.approx(12.6 - divisions["contribution_pp"].sum())
    assert gap == pytest.approx(-1.61, abs=0.005)
    assert set(year["missing_divisions"]) == {"30"}
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
        "Machine building's real growth in 2025: 12.6%; motor vehicles (29): 9.3\u00a0pp"
    )
    assert set(chart.data["indicator"]) >= {"auto_output_growth_real", "automotive_gva"}
    assert "Bureau of National Statistics" in chart.footer.source_line
    # the rest is named with the division it holds, in the legend and the workbook
    rest = chart.points[chart.points["series"] == WEIGHTING_DIFFERENCE]["label"]
    assert set(rest) == {
        "division 30 and weighting difference (the Bureau's index less the divisions')"
    }
    legend = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert "division 30 and weighting difference (the Bureau's index less the divisions')" in legend
