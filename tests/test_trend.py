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


def test_a_short_trend_has_an_ols_interval_with_t_critical_values_by_hand():
    import math

    from scipy import stats

    # machine-building output, bn tenge (the project's full years): six uneven points
    levels = pd.Series(
        {2009: 270.0, 2010: 376.0, 2014: 870.0, 2017: 1000.0, 2021: 2400.0, 2022: 3100.0}
    )
    t = [year - 2009 for year in levels.index]
    y = [math.log(v) for v in levels]
    n, t_mean, y_mean = len(t), sum(t) / len(t), sum(y) / len(y)
    sxx = sum((x - t_mean) ** 2 for x in t)
    slope = sum((x - t_mean) * (v - y_mean) for x, v in zip(t, y, strict=True)) / sxx
    residuals = [v - (y_mean + slope * (x - t_mean)) for x, v in zip(t, y, strict=True)]
    se = math.sqrt(sum(r * r for r in residuals) / (n - 2) / sxx)
    critical = stats.t.ppf(0.95, n - 2)  # 2.132 for 4 degrees of freedom
    trend = log_linear_trend(levels)
    assert trend.growth == pytest.approx((math.exp(slope) - 1) * 100)
    assert trend.lower == pytest.approx((math.exp(slope - critical * se) - 1) * 100)
    assert trend.upper == pytest.approx((math.exp(slope + critical * se) - 1) * 100)
    assert (round(trend.lower, 1), round(trend.upper, 1)) == (16.1, 22.4)  # not HAC's 18.1-20.3
    assert trend.hac_lags == 0 and "t with 4 degrees of freedom" in trend.describe()


def test_a_long_trend_uses_newey_west_errors():
    from kzmach.analysis.trend import MIN_HAC_POINTS

    years = range(2000, 2000 + MIN_HAC_POINTS)
    levels = pd.Series({y: 100 * 1.05 ** (y - 2000) * (1.02 if y % 2 else 0.98) for y in years})
    trend = log_linear_trend(levels)
    assert trend.hac_lags >= 1 and "Newey-West" in trend.describe()
    assert trend.lower < trend.growth < trend.upper
