"""Target gap against hand calculations; every status comes with its rule."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from kzmach.analysis.target_gap import _pace_status
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
    # Volume index 2022 = 100, chained: 2023 x 1.254 (the published +25.4%; the mirror's
    # unrounded 128.18082005488523 is a derived figure), then the Bureau's table 5792:
    # 2024 x 1.098, 2025 x 1.126 = 155.038
    assert row["latest_period"] == "2025"
    assert row["latest_value"] == pytest.approx(100 * 1.254 * 1.098 * 1.126, abs=1e-6)
    # target 2.2 * 100 = 220; required (220 / 155.038) ** (1 / 3) - 1 = 12.37% a year to 2028
    assert row["required_cagr"] == pytest.approx(12.37, abs=0.01)
    # achieved (155.038 / 100) ** (1 / 3) - 1 = 15.74% a year since 2022
    assert row["achieved_cagr"] == pytest.approx(15.74, abs=0.01)
    assert row["status"] == "on track"
    # 2025 + ceil(ln(220 / 155.038) / ln(1.15739)) = 2025 + ceil(2.39) = 2028
    assert row["projected_year"] == 2028


def test_nominal_target_met_through_prices_is_flagged(gap):
    row = gap.loc["rm2024-output"]
    # judged on 2024, its own year: the Bureau's twelve months, 4,642.46 bn >= 2,600 bn
    assert (row["latest_period"], row["status"]) == ("2024", "met")
    assert row["latest_value"] == pytest.approx(4642.46, abs=0.01)
    # set on 2022-06-16, so the span starts with 2021, the last full year before it (the
    # press's stated 2,300 bn leads the sum of months): nominal 4642.46 / 2300 = x2.0185,
    # real 1.108 x 1.254 x 1.098 = x1.5256 (the Bureau's index, 2022-2024):
    # 1 - ln 1.5256 / ln 2.0185 = 1 - 0.42237 / 0.70234 = 39.9% prices: mostly volume
    nominal, real = 4642.46082867 / 2300, 1.108 * 1.254 * 1.098
    assert 1 - math.log(real) / math.log(nominal) == pytest.approx(0.3986, abs=1e-4)
    assert "mostly volume: 2021–2024" in row["price_flag"]
    assert "nominal ×2.02, real ×1.53, prices 40%" in row["price_flag"]


def test_the_price_flag_spans_base_to_latest_on_one_scope(gap):
    row = gap.loc["cp2028-gva"]
    # value added of 26-30 only, the index's scope (33 left out), mirror lines 12, 38, 51,
    # 64, 77 and 14, 40, 53, 66, 79, million tenge:
    va_2023 = 16_695.5 + 220_767.9 + 384_775.1 + 962_522.7 + 176_505.4
    va_2025 = 49_943.0 + 329_554.3 + 582_607.9 + 1_392_363.2 + 373_841.3
    nominal = va_2025 / va_2023  # x1.549
    real = 1.098 * 1.126  # the Bureau's index, 2024 and 2025: x1.236
    prices = 1 - math.log(real) / math.log(nominal)  # 51.6%
    assert f"nominal ×{nominal:.2f}, real ×{real:.2f}" in row["price_flag"]
    assert f"prices {prices:.0%}" in row["price_flag"]  # 52%
    assert row["price_flag"].startswith("reached mainly through prices: 2023–2025, OKED 26–30")


def test_dollar_targets_carry_a_price_flag(gap):
    assert gap.loc["sona2025-exports", "price_flag"].startswith("US-dollar target")
    # the flag follows the series' unit, not the target's: the four wordings of "exports
    # x3 (x2.9) by 2028" are multiples (unit "%") of a series in million US dollars
    for target in ("cp2028-exports", "cp2028-exports-draft", "cp2028-exports-pm"):
        assert gap.loc[target, "unit"] == "%"
        assert gap.loc[target, "price_flag"].startswith("US-dollar target")
    assert gap.loc["cp2028-exports-smk", "price_flag"].startswith("US-dollar target")
    # a dollar target that cannot be measured is still one
    assert gap.loc["sp2025-exports", "status"] == "not measurable"
    assert gap.loc["sp2025-exports", "price_flag"].startswith("US-dollar target")


def test_a_status_that_flips_with_the_base_year_is_headlined_as_such(gap):
    # off track from 2023, on track from 2022: the headline counts it as neither
    assert gap.loc["cp2028-pvi", "headline_status"] == "depends on base year"
    # off track from both bases; off track and not measurable from 2022 (no full year of
    # trade in 2022): only a measurable other status makes a status depend on the base
    assert gap.loc["cp2028-gva", "headline_status"] == "off track"
    assert gap.loc["cp2028-exports", "alt_status"] == "not measurable"
    assert gap.loc["cp2028-exports", "headline_status"] == "off track"
    unflipped = gap["headline_status"] != "depends on base year"
    assert (gap.loc[unflipped, "headline_status"] == gap.loc[unflipped, "status"]).all()


def test_live_targets_are_those_whose_year_the_data_have_not_reached(gap, built):
    # the latest full year held is 2025: the 2028 targets are live, the 2024 and 2025 past
    assert set(gap.loc[gap["target_year"] == 2028, "horizon"]) == {"live"}
    assert set(gap.loc[gap["target_year"] <= 2025, "horizon"]) == {"past"}
    # as known at the end of 2021, 2021 was not yet a full year published: 2024 was ahead
    known = target_gap(as_of="2021-12-31", root=built).set_index("target_id")
    assert known.loc["rm2024-output", "horizon"] == "live"


def test_feasibility_is_judged_on_the_whole_record_and_since_2010(gap):
    pvi = gap.loc["cp2028-pvi"]
    # x2.2 from 2023 by 2028 needs x1.7794 in the 3 years from 2025; the whole record's best
    # 3 years are the 1999-2002 rebound (x3.12): within history
    assert pvi["multiple_needed"] == pytest.approx(1.7794, abs=1e-4)
    assert (pvi["best_window"], pvi["feasibility"]) == ("1999–2002", "within history")
    # since 2010 the best is 2018-2021: 2019 +24.1%, 2020 +16.4%, 2021 +22.2%,
    # 1.241 x 1.164 x 1.222 = 1.7652, short of 1.7794: beyond the recent record
    assert pvi["recent_best_multiple"] == pytest.approx(1.241 * 1.164 * 1.222, abs=1e-4)
    assert (pvi["recent_best_window"], pvi["recent_feasibility"]) == (
        "2018–2021",
        "beyond history",
    )
    # value added's record starts in 2013: its whole record is its recent one
    gva = gap.loc["cp2028-gva"]
    assert gva["recent_best_multiple"] == gva["best_multiple"]


def test_the_status_under_the_other_base_year_stands_beside_it(gap):
    pvi = gap.loc["cp2028-pvi"]
    # base 2023 (the year before 2024-2028): needs 21.2% a year, has 11.2%: off track;
    # base 2022 (the last full year before the plan was first stated, July 2023): on track
    assert (pvi["base_year"], pvi["status"]) == (2023, "off track")
    assert (pvi["alt_base_year"], pvi["alt_status"]) == (2022, "on track")
    assert pvi["adopted"] == "2023-07-28"  # the draft's date: a target is set when first stated
    # a stated base year would have no alternative; a level target needs none
    assert pd.isna(gap.loc["rm2024-output", "alt_base_year"])


def test_feasibility_compares_the_multiple_needed_with_the_best_in_history(gap):
    row = gap.loc["cp2028-gva"]
    # target 4.5 x 2,220.9011 (2023) = 9,994.055 bn; 2025: 3,266.8535 -> x3.059 in 3 years
    assert row["multiple_needed"] == pytest.approx(4.5 * 2220.9011 / 3266.8535, abs=1e-4)
    # best 3-year multiple of value added, 2013-2025: 2020 -> 2023, 2,220.9011 / 958.3077
    assert row["best_multiple"] == pytest.approx(2220.9011 / 958.3077, abs=1e-4)  # x2.32
    assert (row["best_window"], row["feasibility"]) == ("2020–2023", "beyond history")
    # 58.3% of the target in 2028 at the achieved 21.28% a year: far below 90%, off track
    assert row["projected_percent"] == pytest.approx(
        3266.8535 * 1.2128308**3 / (4.5 * 2220.9011) * 100, abs=0.01
    )


def test_a_level_met_before_the_target_was_set_is_a_definition_flag(gap):
    row = gap.loc["rm2024-productivity"]
    # 25.7 thousand US$ per worker in 2021, against 24 for 2024, set on 2022-06-16
    assert row["status"] == "met" and row["rule_id"] == "met_before_set"
    assert row["definition_flag"] == "met before it was set (2022-06-16): 2021 was 25.7 against 24"
    assert gap.loc["rm2024-output", "definition_flag"] == ""  # 2021: 2,300 < 2,600


@pytest.mark.parametrize(
    ("years_left", "status"), [(1, "at risk"), (2, "at risk"), (3, "off track"), (5, "off track")]
)
def test_the_at_risk_band_narrows_with_the_years_left(years_left, status):
    # 4 pp a year short (required 10%, achieved 6%): kept to the target year, the pace
    # reaches 1.06**n / 1.10**n of the target, >= 90% (at risk) for n <= 2, below for n >= 3
    row = {"required_cagr": 10.0, "years_left": years_left}
    row["projected_percent"] = (1.06 / 1.10) ** years_left * 100  # 96.4, 92.9, 89.5, 83.1
    assert _pace_status(row, 6.0)[0] == status


def test_as_of_uses_only_what_was_known(built):
    row = target_gap(as_of="2021-12-31", root=built).set_index("target_id").loc["rm2024-output"]
    # "about 1 trn" in 2017 (the President's letter, 2018); 2021 and 2022 were published later
    assert row["latest_period"] == "2017"
    # required: (2600 / 1000) ** (1 / 7) - 1 = 14.63% a year
    assert row["required_cagr"] == pytest.approx(14.63, abs=0.01)


def test_targets_command_lists_every_target(built, capsys):
    assert main(["--root", str(built), "targets"]) == 0
    out = capsys.readouterr().out
    assert "targets: 28 wordings of 15 targets; 14 official wordings" in out
    assert "rm2024-output" in out and "not measurable" in out
    assert main(["--root", str(built), "targets", "--base-year", "bad"]) == 2


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_flag_of_the_target_gap_is_said_in_the_readers_language(built, language):
    """Each sentence the target gap writes (price and definition flags, the base year's
    source) reads again in Russian and Kazakh with the same numbers, no English left."""
    from kzmach.report.display import SENTENCE_COLUMNS, said_again
    from test_notebooks import english_words

    gap = target_gap(root=built)
    said = 0
    for column in ("price_flag", "definition_flag", "base_year_source"):
        keys = SENTENCE_COLUMNS[column]
        for text in set(gap[column]) - {""}:
            again = said_again(text, keys, language)
            assert again != text and not english_words(str(again)), (column, text, again)
            # the numbers survive, with the language's decimal comma
            for number in re.findall(r"\d+(?:\.\d+)?", text):
                assert number.replace(".", ",") in str(again), (number, again)
            said += 1
    assert said >= 6  # prices, dollars, met before set, three kinds of base year
    assert said_again("a sentence no message writes", SENTENCE_COLUMNS["price_flag"], "ru") == (
        "a sentence no message writes"
    )


def test_the_words_beside_a_target_name_its_stand_in_prices_and_records(gap):
    from kzmach.report.charts.target_text import feasibility_text, measured_how, price_flag_short

    pvi, exports = gap.loc["cp2028-pvi"].to_dict(), gap.loc["cp2028-exports"].to_dict()
    # a real index's multiple is a volume; the whole record and the recent one, both said
    assert feasibility_text(pvi, "en") == (
        "needs ×1.78 in 3 y; best ever ×3.12 (1999–2002), since 2010 ×1.77 (2018–2021)"
    )
    # a dollar series' multiple is nominal; its best window is since 2010: said once
    assert (
        feasibility_text(exports, "en") == "needs ×3.44 nominal in 3 y; best ever ×3.3 (2020–2023)"
    )
    assert feasibility_text(exports, "ru").startswith("нужно ×3,44 в номинале за 3 г.")
    assert measured_how(exports, "en") == (
        "measured with: Exports of machinery and transport equipment (HS 84–90), includes"
        " re-exports; in US dollars: prices and exchange rate count"
    )
    assert measured_how(exports, "en", name=False) == (
        "includes re-exports; in US dollars: prices and exchange rate count"
    )
    kazakh = measured_how(exports, "kk")
    assert "реэкспортты қоса алғанда" in kazakh and "АҚШ долларымен" in kazakh
    # a tenge target's short flag keeps the share of prices and its span
    assert price_flag_short(gap.loc["cp2028-gva"].to_dict(), "ru") == (
        "цены — 52% номинального роста 2023–2025"
    )
    assert measured_how(pvi, "en") == ""  # machine building's own index, in volume


def test_annual_figures_are_remembered_only_for_the_same_frame_inside_the_block(built):
    from kzmach.analysis.annual import annual_figures, remembered
    from kzmach.api import observations as load

    observations = load(root=built)
    plain = annual_figures(observations, "mb_output")
    with remembered(observations):
        first = annual_figures(observations, "mb_output")
        first[1990] = (0.0, "changed by the caller")  # a copy: the memory is not touched
        assert annual_figures(observations, "mb_output") == plain
        # another frame, even an equal one, is computed afresh: only the very frame is kept
        fewer = observations[observations["period_start"].dt.year != 2024]
        assert 2024 not in annual_figures(fewer, "mb_output")
    # outside the block nothing is kept: a changed frame gives its own answer
    observations.loc[observations["indicator"] == "mb_output", "value"] = 1.0
    assert set(value for value, _ in annual_figures(observations, "mb_output").values()) == {1.0}
