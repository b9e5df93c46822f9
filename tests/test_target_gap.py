"""Target gap against hand calculations; every status comes with its rule."""

from __future__ import annotations

import math

import pytest

from kzmach.api import target_gap
from kzmach.cli import main


@pytest.fixture(scope="module")
def gap(built):
    return target_gap(root=built).set_index("target_id")


def test_every_target_has_a_status_and_a_rule(gap, built):
    import kzmach

    assert set(gap.index) == set(kzmach.targets(root=built)["target_id"])
    assert gap["status"].isin(["met", "on track", "at risk", "off track", "not measurable"]).all()
    assert gap["rule"].str.len().gt(0).all()


def test_unstated_base_years_are_labelled_assumptions(gap):
    pvi = gap.loc["cp2028-pvi"]
    assert pvi["base_year"] == 2023  # the year before 2024-2028 starts
    assert pvi["base_year_source"].startswith("assumed")


def test_physical_volume_target_with_an_explicit_base_year(built):
    row = (
        target_gap(assumptions={"Comprehensive Plan 2024-2028": 2022}, root=built)
        .set_index("target_id")
        .loc["cp2028-pvi"]
    )
    # Volume index 2022 = 100; 2023 = 100 * 1.254 = 125.4 (BNS +25.4%); target 2.2 * 100 = 220
    assert row["latest_value"] == pytest.approx(125.4)
    # required: (220 / 125.4) ** (1 / 5) - 1 = 1.75439 ** 0.2 - 1 = 11.90% a year to 2028
    assert row["required_cagr"] == pytest.approx(11.90, abs=0.01)
    assert row["achieved_cagr"] == pytest.approx(25.4)
    assert row["status"] == "on track"
    # 2023 + ceil(ln(1.75439) / ln(1.254)) = 2023 + ceil(2.48) = 2026
    assert row["projected_year"] == 2023 + math.ceil(math.log(220 / 125.4) / math.log(1.254))


def test_nominal_target_met_through_prices_is_flagged(gap):
    row = gap.loc["rm2024-output"]
    assert row["status"] == "met"  # 3,100 bn in 2022 >= 2,600 bn
    # 2022: nominal 3100 / 2400 - 1 = +29.2%, real +11%: 1 - ln 1.11 / ln 1.2917 = 59% prices
    assert "mainly through prices" in row["price_flag"] and "59%" in row["price_flag"]


def test_as_of_uses_only_what_was_known(built):
    row = target_gap(as_of="2021-12-31", root=built).set_index("target_id").loc["rm2024-output"]
    assert row["latest_period"] == "2014"  # the 2021 and 2022 figures were published later
    # required: (2600 / 870) ** (1 / 10) - 1 = 11.57% a year
    assert row["required_cagr"] == pytest.approx(11.57, abs=0.01)


def test_targets_command_lists_every_target(built, capsys):
    assert main(["--root", str(built), "targets"]) == 0
    out = capsys.readouterr().out
    assert "targets: 28" in out and "rm2024-output" in out and "not measurable" in out
    assert main(["--root", str(built), "targets", "--base-year", "bad"]) == 2
