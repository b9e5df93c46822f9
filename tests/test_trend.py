"""Trend growth and the forecast guard."""

from __future__ import annotations

import pandas as pd
import pytest

import kzmach
from kzmach.analysis.growth import chain_link
from kzmach.analysis.trend import InsufficientDataError, forecast, log_linear_trend


def test_trend_of_a_geometric_series_is_its_rate():
    # 100 * 1.1 ** t: log-linear slope ln(1.1), so trend growth exp(ln 1.1) - 1 = 10%
    levels = pd.Series([100 * 1.1**t for t in range(10)], index=range(2010, 2020))
    trend = log_linear_trend(levels)
    assert trend.growth == pytest.approx(10.0, abs=1e-9)
    assert trend.lower <= trend.growth <= trend.upper


def test_trend_with_gaps_uses_calendar_years():
    # 2010 and 2014 only differ by four years: 870 / 376 = 2.3138 -> 23.3% a year
    levels = pd.Series({2010: 376.0, 2014: 870.0, 2018: 870.0 * 2.3138})
    assert log_linear_trend(levels).growth == pytest.approx(23.33, abs=0.01)


def test_three_points_give_a_labelled_illustration_not_a_forecast():
    result = forecast(pd.Series({2020: 100.0, 2021: 110.0, 2022: 125.0}), 2)
    assert result.label == "illustrative"
    assert "not a forecast" in result.message
    assert (result.frame["lower"] < result.frame["mean"]).all()
    assert (result.frame["mean"] < result.frame["upper"]).all()


def test_too_few_points_are_a_clear_error():
    with pytest.raises(InsufficientDataError, match=r"at least 3 .* got 2 \(years: 2021, 2022\)"):
        forecast(pd.Series({2021: 1.0, 2022: 2.0}), 1)


def test_long_consecutive_series_gets_ets_with_a_backtest(built):
    mfg = kzmach.series("mfg_output_growth_real", root=built)
    mfg = mfg[(mfg["period_type"] == "year") & (mfg["period_start"].dt.year >= 2009)]
    indices = pd.Series(mfg["value"].to_numpy() + 100, index=mfg["period_start"].dt.year)
    levels = chain_link(indices, 2009)
    result = forecast(levels, 3)
    assert result.label == "forecast"
    assert result.backtest_mape is not None and result.backtest_mape >= 0
    assert list(result.frame["year"]) == [2026, 2027, 2028]  # the Bureau's index to 2025
    assert (result.frame["lower"] < result.frame["upper"]).all()


def test_non_positive_levels_are_refused():
    with pytest.raises(ValueError, match="positive"):
        log_linear_trend(pd.Series({2020: 1.0, 2021: 0.0, 2022: 2.0}))
