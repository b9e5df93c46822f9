"""Trend growth and the forecast guard."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

import kzmach
from kzmach.analysis.growth import chain_link
from kzmach.analysis.trend import (
    InsufficientDataError,
    forecast,
    log_linear_trend,
    rolling_origin_backtest,
)


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


def test_long_consecutive_series_gets_a_rolling_origin_backtest(built):
    mfg = kzmach.series("mfg_output_growth_real", root=built)
    mfg = mfg[(mfg["period_type"] == "year") & (mfg["period_start"].dt.year >= 2009)]
    indices = pd.Series(mfg["value"].to_numpy() + 100, index=mfg["period_start"].dt.year)
    levels = chain_link(indices, 2009)
    result = forecast(levels, 3)
    assert result.label == "forecast"
    assert list(result.backtest["method"]) == ["ETS", "drift", "naive"]
    # the index chained from 2008 = 100 to 2025 is 18 years; every origin with 8 years
    # behind it forecasts one of 2016-2025: 10 origins
    assert set(result.backtest["origins"]) == {10}
    assert set(result.backtest["first_year"]) == {2016}
    by_method = dict(zip(result.backtest["method"], result.backtest["mape"], strict=True))
    # manufacturing's index grew steadily: drift (1.7%) beats ETS (3.0%) and naive (4.5%);
    # a broken ETS fit (NaN) would fail the comparison instead of passing as a loss
    assert 0 < by_method["drift"] < by_method["ETS"] < by_method["naive"]
    assert result.backtest_mape == by_method["drift"] and result.method.startswith("drift")
    assert list(result.frame["year"]) == [2026, 2027, 2028]  # the Bureau's index to 2025
    assert (result.frame["lower"] < result.frame["mean"]).all()
    assert (result.frame["mean"] < result.frame["upper"]).all()


def test_the_backtests_benchmarks_by_hand():
    levels = pd.Series(
        [100 * 1.1**t * (1.05 if t % 2 else 1) for t in range(10)], range(2010, 2020)
    )
    table = rolling_origin_backtest(levels).set_index("year")
    assert list(table.index) == [2018, 2019]  # origins with eight years behind them
    # naive: the last level; drift: the last log level + the mean log change so far
    assert table.loc[2018, "naive"] == pytest.approx(levels[2017])
    slope = (math.log(levels[2017]) - math.log(levels[2010])) / 7
    assert table.loc[2018, "drift"] == pytest.approx(math.exp(math.log(levels[2017]) + slope))
    assert table.loc[2019, "actual"] == levels[2019]


def test_ets_forecasts_only_when_it_beats_drift(monkeypatch):
    from kzmach.analysis import trend

    noise = [1.0, 1.03, 0.98, 1.02, 0.97, 1.01, 1.04, 0.99, 1.0, 1.02, 0.98, 1.01]
    levels = pd.Series([100 * 1.08**t * e for t, e in enumerate(noise)], range(2010, 2022))

    def backtest_won_by(winner):
        def fake(series, **_):
            table = pd.DataFrame({"year": [2020, 2021], "actual": [1.0, 1.0]})
            for method in ("ETS", "drift", "naive"):
                table[method] = 1.0 if method == winner else 1.1
            return table

        return fake

    monkeypatch.setattr(trend, "rolling_origin_backtest", backtest_won_by("drift"))
    result = trend.forecast(levels, 2)
    assert result.method == "drift on log levels" and "does not beat drift" in result.message
    # drift continues the average log change from the first year to the last
    slope = (math.log(levels[2021]) - math.log(levels[2010])) / 11
    assert result.frame["mean"].tolist() == pytest.approx(
        [levels[2021] * math.exp(slope), levels[2021] * math.exp(2 * slope)]
    )
    monkeypatch.setattr(trend, "rolling_origin_backtest", backtest_won_by("ETS"))
    result = trend.forecast(levels, 2)
    assert result.method.startswith("ETS") and "beats drift" in result.message


def test_the_drift_interval_by_hand():
    from scipy import stats

    from kzmach.analysis.trend import _drift

    levels = pd.Series([100.0, 110.0, 118.0, 135.0, 140.0], index=range(2020, 2025))
    logs = [math.log(v) for v in levels]
    slope = (logs[-1] - logs[0]) / 4
    changes = [b - a - slope for a, b in itertools.pairwise(logs)]
    sigma = math.sqrt(sum(c * c for c in changes) / 3)
    mean, lower, upper = _drift(levels, 2, 0.9)
    z = stats.norm.ppf(0.95)
    assert mean[1] == pytest.approx(logs[-1] + 2 * slope)
    # FPP3 table 5.2: sigma_h = sigma sqrt(h (1 + h / T)), T = 5 observations
    assert upper[1] - mean[1] == pytest.approx(z * sigma * math.sqrt(2 * (1 + 2 / 5)))
    assert mean[0] - lower[0] == pytest.approx(z * sigma * math.sqrt(1 * (1 + 1 / 5)))


def test_the_forecast_starts_in_2000_unless_told(built):
    volume = kzmach.volume_index("mb_output_growth_real", root=built)
    assert "on 2000–2025" in kzmach.forecast(volume, 3).message
    assert "on 1989–2025" in kzmach.forecast(volume, 3, start=None).message


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
    """The interval is statsmodels' OLS with HAC errors at the Newey-West lag rule, by hand."""
    import numpy as np
    from scipy import stats
    from statsmodels.regression.linear_model import OLS

    from kzmach.analysis.trend import MIN_HAC_POINTS

    years = range(2000, 2000 + MIN_HAC_POINTS)
    levels = pd.Series({y: 100 * 1.05 ** (y - 2000) * (1.02 if y % 2 else 0.98) for y in years})
    trend = log_linear_trend(levels, confidence=0.9)
    # the lag rule floor(4 (n / 100) ** (2 / 9)): 20 years give floor(2.797) = 2 lags
    assert trend.hac_lags == 2 and "Newey–West errors, 2 lag(s)" in trend.describe()
    design = np.column_stack([np.ones(len(levels)), np.arange(len(levels), dtype=float)])
    fit = OLS(np.log(levels.to_numpy()), design).fit(cov_type="HAC", cov_kwds={"maxlags": 2})
    z = stats.norm.ppf(0.95)
    slope, error = fit.params[1], fit.bse[1]
    assert trend.lower == pytest.approx((math.exp(slope - z * error) - 1) * 100, rel=1e-9)
    assert trend.upper == pytest.approx((math.exp(slope + z * error) - 1) * 100, rel=1e-9)
    classical = OLS(np.log(levels.to_numpy()), design).fit().bse[1]
    assert error != pytest.approx(classical, rel=1e-3)  # the HAC errors, not the classical


def test_ets_wins_where_the_trend_itself_wanders():
    """On a local-linear-trend series ETS truly beats drift, and forecasts; no mock.

    The series' slope is a random walk (the process ETS(A,A,N) describes, seed 0): drift's
    fixed mean slope lags it. Each one-step ETS forecast is statsmodels' ETSModel, at the
    best likelihood of its starts (at least the heuristic start's).
    """
    import numpy as np
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    from kzmach.analysis.trend import _fit_ets

    rng = np.random.default_rng(0)
    slope = np.cumsum(rng.normal(0, 0.03, 24)) + 0.03
    levels = pd.Series(100 * np.exp(np.cumsum(slope + rng.normal(0, 0.005, 24))), range(2000, 2024))
    result = forecast(levels, 3)
    mape = dict(zip(result.backtest["method"], result.backtest["mape"], strict=True))
    assert mape["ETS"] < min(mape["drift"], mape["naive"])  # 2.9% against 7.7% and 7.1%
    assert result.method.startswith("ETS") and result.backtest_mape == mape["ETS"]
    train = levels.loc[:2019]
    logged = pd.Series(
        np.log(train.to_numpy()), index=pd.period_range("2000", periods=20, freq="Y")
    )
    direct = ETSModel(logged, error="add", trend="add", initialization_method="heuristic").fit(
        disp=False
    )
    fitted = _fit_ets(train)
    assert fitted.llf >= direct.llf - 1e-6
    table = rolling_origin_backtest(levels).set_index("year")
    assert table.loc[2020, "ETS"] == pytest.approx(math.exp(fitted.forecast(1).iloc[0]))


@pytest.fixture(scope="module")
def said_results():
    """A forecast of 26 years, one of the same with two years missing, and their trend: fitted
    once (each forecast fits ETS in every backtest window) for every language said."""
    from kzmach.analysis.trend import forecast, log_linear_trend

    years = list(range(2000, 2026))
    levels = pd.Series([100 * 1.05**i * (1 + 0.03 * (-1) ** i) for i in range(26)], index=years)
    return (
        forecast(levels, horizon=2),
        forecast(levels.drop([2003, 2010]), horizon=2),
        log_linear_trend(levels),
    )


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_forecast_and_a_trend_are_said_in_the_notebooks_language(language, said_results):
    """The sentences a notebook prints carry the same numbers in the reader's words."""
    from test_notebooks import english_words

    result, gapped, trend = said_results
    said = result.said(language)
    assert said != result.message and not english_words(said), said
    mape = result.backtest.set_index("method")["mape"]
    for method in ("ETS", "drift", "naive"):  # the backtest's errors, with a decimal comma
        assert f"{mape[method]:.1f}".replace(".", ",") in said
    assert gapped.label == "illustrative" and "(" in gapped.said(language)
    assert not english_words(gapped.said(language))
    described = trend.describe(language)
    assert f"{trend.lower:.1f}".replace(".", ",") in described and not english_words(described)
