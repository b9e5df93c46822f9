"""Growth arithmetic against hand calculations, and the like-for-like rules."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kzmach
from kzmach.analysis.growth import (
    PeriodMismatchError,
    PeriodSpan,
    cagr,
    cagr_between,
    chain_link,
    check_like_for_like,
    growth_to_index,
    growth_to_multiple,
    implied_deflator,
    implied_deflators,
    index_to_growth,
    multiple_to_growth,
    required_cagr,
    yoy_growth,
)


def test_output_2010_2014_hand_calculation(built):
    output = kzmach.series("mb_output", root=built).set_index("period_label")
    start, end = output.loc["2010"], output.loc["2014"]
    # 870 / 376 = 2.3138 (the source says "2,3 есе")
    assert end["value"] / start["value"] == pytest.approx(2.3138, abs=1e-4)
    # (870 / 376) ** (1 / 4) - 1 = 1.23334 - 1 = 23.3% a year over the four years 2010 -> 2014
    assert cagr_between(start, end) == pytest.approx(23.33, abs=0.01)


def test_required_rates_for_the_plan_targets():
    # 2.2 ** (1 / 5) = 1.17078: a physical volume x2.2 over five years needs 17.1% a year
    assert required_cagr(2.2, 5) == pytest.approx(17.08, abs=0.01)
    # 4.5 ** (1 / 5) = 1.35096: gross value added x4.5 over five years needs 35.1% a year
    assert required_cagr(4.5, 5) == pytest.approx(35.10, abs=0.01)


def test_2022_nominal_growth_against_either_2021_level(built):
    obs = kzmach.observations("mb_output", root=built).set_index("figure_id")
    level_2022 = obs.loc[["p049-a"]]  # 3.1 trillion tenge
    # 3.1 / 2.3 - 1 = 0.3478: +34.8% against the PM's 2.3 trillion for 2021
    with_2_3 = yoy_growth(pd.concat([obs.loc[["p032-a"]], level_2022]))
    assert with_2_3["growth"].item() == pytest.approx(34.78, abs=0.01)
    # 3.1 / 2.4 - 1 = 0.2917: +29.2% against the draft plan's 2.4 trillion; the page says +31.5%
    with_2_4 = yoy_growth(pd.concat([obs.loc[["p034-a"]], level_2022]))
    assert with_2_4["growth"].item() == pytest.approx(29.17, abs=0.01)


def test_conversions_by_hand():
    assert index_to_growth(104.2) == pytest.approx(4.2)  # 104.2% of the base is +4.2%
    assert multiple_to_growth(2.3) == pytest.approx(130)  # "2.3 times" is +130%, not +230%
    # (1.315) / (1.11) - 1 = 0.1847: nominal +31.5% with real +11% implies prices +18.5%
    assert implied_deflator(31.5, 11) == pytest.approx(18.47, abs=0.01)


def test_chain_link_by_hand():
    indices = pd.Series({2021: 104.7, 2022: 103.6, 2023: 104.0})
    levels = chain_link(indices, base_year=2021)
    # 2022: 100 * 1.036 = 103.6; 2023: 103.6 * 1.04 = 107.744; 2020: 100 / 1.047 = 95.511
    assert levels[2022] == pytest.approx(103.6)
    assert levels[2023] == pytest.approx(107.744)
    assert levels[2020] == pytest.approx(95.511, abs=1e-3)


def test_chain_link_rejects_gaps():
    with pytest.raises(ValueError, match="consecutive"):
        chain_link(pd.Series({2020: 101.0, 2022: 102.0}), 2020)


ytd_2018 = PeriodSpan("ytd", date(2018, 1, 1), date(2018, 8, 31), "Jan–Aug 2018")
ytd_2017 = PeriodSpan("ytd", date(2017, 1, 1), date(2017, 8, 31), "Jan–Aug 2017")
year_2017 = PeriodSpan("year", date(2017, 1, 1), date(2017, 12, 31), "2017")
ytd_2017_oct = PeriodSpan("ytd", date(2017, 1, 1), date(2017, 10, 31), "Jan–Oct 2017")


def test_year_to_date_against_full_year_is_an_error():
    with pytest.raises(PeriodMismatchError, match=r"Jan–Aug 2018 \(ytd\) with 2017 \(year\)"):
        check_like_for_like(ytd_2018, year_2017)
    with pytest.raises(PeriodMismatchError, match="different months"):
        check_like_for_like(ytd_2018, ytd_2017_oct)
    assert check_like_for_like(ytd_2018, ytd_2017) == 1


def test_yoy_growth_keeps_to_like_periods():
    levels = pd.DataFrame(
        {
            "period_type": ["year", "ytd", "year", "ytd"],
            "period_start": pd.to_datetime(
                ["2021-01-01", "2022-01-01", "2022-01-01", "2023-01-01"]
            ),
            "period_end": pd.to_datetime(["2021-12-31", "2022-08-31", "2022-12-31", "2023-08-31"]),
            "value": [2300.0, 1900.0, 3100.0, 2500.0],
        }
    )
    growth = yoy_growth(levels)
    # 2022 over 2021: 3100 / 2300 - 1 = +34.8%; Jan-Aug 2023 over Jan-Aug 2022: +31.6%
    assert growth["growth"].round(1).tolist() == [34.8, 31.6]
    assert set(growth["period_type"]) == {"year", "ytd"}


@given(st.floats(0.01, 1e6), st.integers(1, 30))
def test_cagr_of_a_constant_series_is_zero(level, years):
    assert cagr(level, level, years) == pytest.approx(0.0, abs=1e-9)


@given(st.floats(-99, 1e4))
def test_conversions_round_trip(growth):
    assert index_to_growth(growth_to_index(growth)) == pytest.approx(growth)
    assert multiple_to_growth(growth_to_multiple(growth)) == pytest.approx(growth)


@given(st.floats(0.01, 1e4), st.floats(0.01, 1e4), st.integers(1, 20))
def test_cagr_compounds_back_to_the_end_value(start, end, years):
    rate = cagr(start, end, years)
    assert start * (1 + rate / 100) ** years == pytest.approx(end, rel=1e-9)


def test_implied_deflators_where_both_growths_exist(built):
    levels = kzmach.series("mb_output", root=built)
    real = kzmach.series("mb_output_growth_real", root=built)
    table = implied_deflators(levels, real).set_index("period_label")
    # 2022: nominal 3,100 / 2,300 - 1 = +34.78% (2021: the page of 22 September 2022),
    # real +10.8% (the Bureau's index 110.8): 1.34783 / 1.108 - 1 = +21.64% prices
    assert table.loc["2022", "nominal_growth"] == pytest.approx(34.78, abs=0.01)
    assert table.loc["2022", "deflator"] == pytest.approx(21.64, abs=0.01)
    # 2010: nominal 376 / 270 - 1 = +39.26%, real +33.6% (index 133.6): 1.39259 / 1.336 - 1
    assert table.loc["2010", "deflator"] == pytest.approx(4.24, abs=0.01)
    # 2024: the sums of the Bureau's twelve months, 4,642.46 / 4,171.86 - 1 = +11.28%,
    # real +9.8% (index 109.8): 1.11280 / 1.098 - 1 = +1.35% prices
    assert table.loc["2024", "nominal_growth"] == pytest.approx(4642.4608 / 4171.8638 * 100 - 100)
    assert table.loc["2024", "deflator"] == pytest.approx(1.35, abs=0.01)
    # every year with both: 2010, and 2021-2025 since the monthly output table (2020 on)
    assert list(table.index) == ["2010", "2021", "2022", "2023", "2024", "2025"]


def test_volume_index_chains_the_bureaus_index(built):
    volume = kzmach.volume_index("mb_output_growth_real", base_year=2009, root=built)
    # lines 350-351 of the mirror: 2010 133.6, 2011 119.0 -> 100 * 1.336 * 1.19 = 158.984
    assert volume.loc[2009] == 100
    assert volume.loc[2011] == pytest.approx(158.984)
    # 2009 was -17.5%: 2008 = 100 / 0.825
    assert volume.loc[2008] == pytest.approx(100 / 0.825)
    assert volume.index.min() == 1989 and volume.index.max() == 2025
