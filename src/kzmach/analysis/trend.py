"""Trend growth and guarded forecasts of annual series.

Trend
    OLS of log levels on time, ``log y_t = a + b t``. Trend growth is ``exp(b) - 1``; its
    confidence interval is ``exp(b -/+ c se) - 1``. With fewer than :data:`MIN_HAC_POINTS`
    years, ``se`` is the classical OLS standard error and ``c`` Student's t with ``n - 2``
    degrees of freedom (HAC errors are a large-sample method and far too narrow in six
    points); from :data:`MIN_HAC_POINTS` years, Newey-West (HAC) errors (lag
    ``floor(4 (n / 100) ** (2 / 9))``, at least 1) with a normal ``c``. Gaps between years
    are allowed.
Forecast
    Fitted from :data:`FORECAST_START` (2000: after the 1990s collapse and rebound; the
    caller may choose another start, or ``None`` for every year). With at least
    :data:`MIN_ETS` consecutive years: a rolling-origin backtest (every origin with at least
    :data:`MIN_ETS` years behind it, one step ahead) compares an ETS model (additive error
    and trend) on log levels with the naive and drift benchmarks. ETS forecasts only when it
    beats drift; otherwise the drift method forecasts, with its interval, and the message
    says why. With fewer years (but at least :data:`MIN_POINTS`), gaps, or an ETS fit that
    does not converge, the log-linear trend is extrapolated with OLS prediction intervals and
    the result is labelled ``illustrative``, never presented as a forecast. Fewer than
    :data:`MIN_POINTS` points raise :class:`InsufficientDataError` with a message saying what
    is missing.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kzmach.text.translations import format_number, term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FORECAST_START",
    "MIN_ETS",
    "MIN_HAC_POINTS",
    "MIN_POINTS",
    "ForecastResult",
    "InsufficientDataError",
    "TrendResult",
    "forecast",
    "log_linear_trend",
    "rolling_origin_backtest",
]

MIN_POINTS = 3
#: The fewest years for Newey-West (HAC) errors; below it, classical OLS errors with t.
MIN_HAC_POINTS = 20
MIN_ETS = 8
#: The first year a forecast is fitted from unless the caller says otherwise.
FORECAST_START = 2000
#: The methods the backtest compares, in the order it lists them.
BACKTEST_METHODS = ("ETS", "drift", "naive")


class InsufficientDataError(ValueError):
    """Too few observations for the requested estimate."""


@dataclass(frozen=True, slots=True)
class TrendResult:
    """Trend growth of a series, in percent a year, with its confidence interval."""

    growth: float
    lower: float
    upper: float
    confidence: float
    observations: int
    first_year: int
    last_year: int
    hac_lags: int  # 0: classical OLS errors
    label: str
    log_level_at_first: float = math.nan  # fitted log level in first_year

    def fitted(self, years: list[int]) -> list[float]:
        """Return the trend's fitted levels in ``years``: ``exp(a + b * (year - first_year))``."""
        slope = math.log1p(self.growth / 100)
        return [
            math.exp(self.log_level_at_first + slope * (year - self.first_year)) for year in years
        ]

    def describe(self, language: str = "en") -> str:
        """Return one sentence in ``language``, e.g. ``+23.3% a year (90% interval ...)``."""
        if self.hac_lags:
            method = term("trend_method_hac", language, lags=self.hac_lags)
        else:
            method = term("trend_method_ols", language, df=self.observations - 2)
        few = self.label != "estimate"
        return term(
            "trend_describe",
            language,
            growth=_signed(self.growth, language),
            confidence=round(self.confidence * 100),
            lower=_signed(self.lower, language),
            upper=_signed(self.upper, language),
            method=method,
            first=self.first_year,
            last=self.last_year,
            n=self.observations,
            label=term("trend_label_few" if few else "trend_label_estimate", language),
        )


def _signed(value: float, language: str) -> str:
    """Write a growth rate with its sign, to one decimal, as ``language`` writes numbers."""
    return ("+" if value >= 0 else "") + format_number(value, language, 1)


@dataclass(frozen=True, slots=True)
class ForecastResult:
    """A forecast or an illustrative extrapolation, always labelled as which."""

    frame: pd.DataFrame  # year, mean, lower, upper (levels, not logs)
    label: str  # "forecast" or "illustrative"
    method: str
    backtest_mape: float | None  # the chosen method's one-step MAPE in the backtest, %
    message: str
    backtest: pd.DataFrame | None = None  # method, origins, first_origin, last_origin, mape
    #: The message as a catalog key and its fields, to be said in any language (:meth:`said`).
    message_key: str = ""
    message_fields: dict[str, Any] = field(default_factory=dict)

    def said(self, language: str = "en") -> str:
        """Return :attr:`message` in ``language`` (numbers written as the language writes them)."""
        if not self.message_key:
            return self.message
        return _message(self.message_key, self.message_fields, language)


def _message(key: str, fields: dict[str, Any], language: str) -> str:
    """Write a forecast's message ``key`` in ``language``.

    Decimals are written as the language writes them; a ``reason`` field is a catalog key
    (``key:count`` when it carries a count) said in the language's words.
    """
    written = {
        name: format_number(value, language, 1) if isinstance(value, float) else value
        for name, value in fields.items()
    }
    if "reason" in written:
        reason, *count = str(written["reason"]).split(":")
        written["reason"] = term(reason, language, n=count[0]) if count else term(reason, language)
    return term(key, language, **written)


def _clean(levels: pd.Series) -> pd.Series:
    series = levels.dropna().astype(float)
    series.index = [int(year) for year in series.index]
    series = series.sort_index()
    if (series <= 0).any():
        raise ValueError("trend and forecast need positive levels")
    return series


def _require(series: pd.Series, minimum: int, what: str) -> None:
    if len(series) < minimum:
        years = ", ".join(str(y) for y in series.index) or "none"
        raise InsufficientDataError(
            f"{what} needs at least {minimum} annual observations; got {len(series)} "
            f"(years: {years})"
        )


def log_linear_trend(levels: pd.Series, *, confidence: float = 0.9) -> TrendResult:
    """Estimate trend growth of annual levels (index: year) by OLS on logs.

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_POINTS` observations.

    Notes
    -----
    The model is ``log y_t = a + b (t - t_0) + e_t``; trend growth is ``exp(b) - 1`` and its
    interval ``exp(b -/+ c se(b)) - 1``. Below :data:`MIN_HAC_POINTS` years, ``se(b)`` is the
    classical OLS standard error and ``c`` the t quantile with ``n - 2`` degrees of freedom:
    HAC errors rest on large-sample theory and, in a handful of points, understate the
    uncertainty badly [3]_. From :data:`MIN_HAC_POINTS` years, ``se(b)`` is robust to
    autocorrelation and heteroskedasticity (Newey-West, Bartlett kernel,
    ``floor(4 (n/100)^(2/9))`` lags, at least one) and ``c`` normal. A log-linear trend is a
    summary of average growth, not a model of the cycle: with fewer than :data:`MIN_ETS`
    years the result is labelled illustrative.

    References
    ----------
    .. [1] Newey, W. K. and West, K. D. (1987), "A simple, positive semi-definite,
       heteroskedasticity and autocorrelation consistent covariance matrix",
       Econometrica 55(3), 703-708.
    .. [2] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and
       Practice, 3rd ed., OTexts, section 7.4 (nonlinear trends: log-linear).
    .. [3] Kiefer, N. M. and Vogelsang, T. J. (2005), "A new asymptotic theory for
       heteroskedasticity-autocorrelation robust tests", Econometric Theory 21(6),
       1130-1164.

    Examples
    --------
    >>> import pandas as pd
    >>> result = log_linear_trend(pd.Series({2019: 100.0, 2020: 110.0, 2021: 121.0}))
    >>> round(result.growth, 6), result.label
    (10.0, 'illustrative (few observations)')
    """
    import numpy as np
    from scipy import stats
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    series = _clean(levels)
    _require(series, MIN_POINTS, "a trend")
    years = np.asarray(series.index, dtype=float)
    design = add_constant(years - years[0])
    model = OLS(np.log(series.to_numpy()), design)
    if len(series) >= MIN_HAC_POINTS:
        lags = max(1, math.floor(4 * (len(series) / 100) ** (2 / 9)))
        fit = model.fit(cov_type="HAC", cov_kwds={"maxlags": lags})
        critical = float(stats.norm.ppf(0.5 + confidence / 2))
    else:
        lags, fit = 0, model.fit()
        critical = float(stats.t.ppf(0.5 + confidence / 2, len(series) - 2))
    slope, error = float(fit.params[1]), float(fit.bse[1])
    label = "estimate" if len(series) >= MIN_ETS else "illustrative (few observations)"
    return TrendResult(
        growth=(math.exp(slope) - 1) * 100,
        lower=(math.exp(slope - critical * error) - 1) * 100,
        upper=(math.exp(slope + critical * error) - 1) * 100,
        confidence=confidence,
        observations=len(series),
        first_year=int(series.index[0]),
        last_year=int(series.index[-1]),
        hac_lags=lags,
        label=label,
        log_level_at_first=float(fit.params[0]),
    )


def forecast(
    levels: pd.Series,
    horizon: int,
    *,
    coverage: float = 0.9,
    start: int | None = FORECAST_START,
) -> ForecastResult:
    """Forecast annual levels ``horizon`` years ahead (rules in the module docstring).

    ``start`` is the first year fitted (:data:`FORECAST_START`; ``None``: every year).

    Raises
    ------
    InsufficientDataError
        With fewer than :data:`MIN_POINTS` observations from ``start``.

    Notes
    -----
    With at least :data:`MIN_ETS` consecutive years, :func:`rolling_origin_backtest` makes a
    one-step forecast from every origin with ETS(A,A,N) on log levels, the naive method
    (the last level) and the drift method (the last log level plus the average log change
    so far), and reports each one's mean absolute percentage error over the same origins.
    ETS is used only if it beats drift, the benchmark a trending series must beat [1]_;
    otherwise the drift method forecasts, its interval ``sigma sqrt(h (1 + h / T))`` on log
    levels, normal quantiles [1]_. ETS intervals are the model's analytic ones [2]_; both are
    back-transformed, so ``mean`` is the median of the level's forecast. Fewer years, gaps or
    an ETS fit that does not converge give a log-linear extrapolation labelled
    ``illustrative``, with OLS prediction intervals.

    References
    ----------
    .. [1] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and
       Practice, 3rd ed., OTexts, sections 5.2 (simple methods), 5.5 (their prediction
       intervals) and 5.10 (time-series cross-validation); chapter 8 (ETS).
    .. [2] Hyndman, R. J., Koehler, A. B., Ord, J. K. and Snyder, R. D. (2008), Forecasting
       with Exponential Smoothing: The State Space Approach, Springer.
    .. [3] statsmodels, ``statsmodels.tsa.exponential_smoothing.ets.ETSModel``.

    Examples
    --------
    >>> import pandas as pd
    >>> result = forecast(pd.Series({2019: 100.0, 2020: 110.0, 2021: 121.0}), 1)
    >>> result.label, int(result.frame["year"].iloc[0])
    ('illustrative', 2022)
    """
    series = _clean(levels)
    if start is not None:
        series = series[series.index >= start]
    _require(series, MIN_POINTS, "a forecast" + (f" from {start}" if start is not None else ""))
    if horizon < 1:
        raise ValueError("horizon must be at least one year")
    consecutive = list(series.index) == list(range(series.index[0], series.index[-1] + 1))
    if len(series) >= MIN_ETS and consecutive:
        result = _ets_or_drift(series, horizon, coverage)
        if result is not None:
            return result
        reason = "reason_no_convergence"
    elif not consecutive:
        reason = "reason_gaps"
    else:
        reason = f"reason_few:{MIN_ETS}"
    return _extrapolate(series, horizon, coverage, reason)


def _fit_ets(data: pd.Series) -> object | None:
    """Fit ETS(A,A,N) to the log levels of ``data`` by maximum likelihood; None if no fit converges.

    The likelihood of a short annual series has local maxima: from statsmodels' default
    starting values the optimiser often stops at smoothing parameters of zero, a fixed
    straight line (on a local-linear-trend series: log-likelihood 36.7 against 52.6 at
    alpha 1.0, beta 0.70). So it is fitted from three starts, the default, the heuristic
    initialisation (Hyndman et al. 2008, ch. 5) and smoothing parameters (0.5, 0.1) from the
    first level and change, and the converged fit of the highest likelihood is kept.
    """
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    logs = np.log(data.to_numpy())
    logged = pd.Series(logs, index=pd.period_range(str(data.index[0]), periods=len(data), freq="Y"))
    starts: list[tuple[dict[str, Any], dict[str, Any]]] = [
        ({}, {}),
        ({"initialization_method": "heuristic"}, {}),
        ({}, {"start_params": np.array([0.5, 0.1, logs[0], logs[1] - logs[0]])}),
    ]
    fits = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for model_options, fit_options in starts:
            try:
                model = ETSModel(logged, error="add", trend="add", **model_options)
                result = model.fit(disp=False, **fit_options)
            except (ValueError, np.linalg.LinAlgError):  # too short for the heuristic
                continue
            if result.mle_retvals.get("converged", False) and np.isfinite(result.llf):
                fits.append(result)
    return max(fits, key=lambda fit: fit.llf) if fits else None


def rolling_origin_backtest(levels: pd.Series, *, min_train: int = MIN_ETS) -> pd.DataFrame:
    """Return one-step forecasts from every origin by ETS, drift and naive, with the actuals.

    For each year ``k`` with at least ``min_train`` years before it, each method is fitted on
    the years before ``k`` only and forecasts ``k`` (time-series cross-validation, FPP3
    section 5.10). An origin where ETS does not converge is left out for every method, so
    the methods are compared on the same years.

    Returns
    -------
    pandas.DataFrame
        year (the year forecast), actual, ETS, drift, naive (levels).
    """
    import numpy as np
    import pandas as pd

    series = _clean(levels)
    rows = []
    for position in range(min_train, len(series)):
        train = series.iloc[:position]
        model = _fit_ets(train)
        if model is None:
            continue
        logs = np.log(train.to_numpy())
        step = model.get_prediction(start=position, end=position)  # type: ignore[attr-defined]
        rows.append(
            {
                "year": int(series.index[position]),
                "actual": float(series.iloc[position]),
                "ETS": float(np.exp(step.predicted_mean.iloc[0])),
                "drift": float(np.exp(logs[-1] + (logs[-1] - logs[0]) / (len(logs) - 1))),
                "naive": float(train.iloc[-1]),
            }
        )
    return pd.DataFrame(rows, columns=["year", "actual", *BACKTEST_METHODS])


def _backtest_summary(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Return each method's one-step MAPE (%) over the backtest's origins."""
    import pandas as pd

    rows = [
        {
            "method": method,
            "origins": len(forecasts),
            "first_year": int(forecasts["year"].min()),
            "last_year": int(forecasts["year"].max()),
            "mape": float(((forecasts[method] / forecasts["actual"] - 1).abs()).mean() * 100),
        }
        for method in BACKTEST_METHODS
    ]
    return pd.DataFrame(rows)


def _ets_or_drift(series: pd.Series, horizon: int, coverage: float) -> ForecastResult | None:
    """Forecast with ETS if it beats drift in the backtest, else with drift; None: no ETS."""
    import numpy as np
    import pandas as pd

    model = _fit_ets(series)
    forecasts = rolling_origin_backtest(series)
    if model is None or forecasts.empty:
        return None
    summary = _backtest_summary(forecasts)
    mape = dict(zip(summary["method"], summary["mape"], strict=True))
    scores = ", ".join(f"{m} {mape[m]:.1f}%" for m in BACKTEST_METHODS)
    sample = f"{series.index[0]}–{series.index[-1]}"
    backtest = (
        f"rolling-origin backtest, one step ahead, {len(forecasts)} origins "
        f"{forecasts['year'].min()}–{forecasts['year'].max()}: MAPE {scores}"
    )
    years = list(range(int(series.index[-1]) + 1, int(series.index[-1]) + horizon + 1))
    if mape["ETS"] < mape["drift"]:
        last = len(series)
        predicted = model.get_prediction(start=last, end=last + horizon - 1)  # type: ignore[attr-defined]
        frame = predicted.summary_frame(alpha=1 - coverage)
        mean, lower, upper = frame["mean"], frame["pi_lower"], frame["pi_upper"]
        method, chosen = "ETS(A,A,N) on log levels", "ETS"
        note = (
            f"ETS on {sample}, {coverage:.0%} prediction intervals; it beats drift in the "
            f"{backtest}"
        )
    else:
        mean, lower, upper = _drift(series, horizon, coverage)
        method, chosen = "drift on log levels", "drift"
        note = (
            f"drift on {sample}, {coverage:.0%} prediction intervals: ETS does not beat drift "
            f"in the {backtest}, so no ETS forecast"
        )
    table = pd.DataFrame(
        {
            "year": years,
            "mean": np.exp(np.asarray(mean, dtype=float)),
            "lower": np.exp(np.asarray(lower, dtype=float)),
            "upper": np.exp(np.asarray(upper, dtype=float)),
        }
    )
    fields = {
        "sample": sample,
        "coverage": round(coverage * 100),
        "origins": len(forecasts),
        "first": int(forecasts["year"].min()),
        "last": int(forecasts["year"].max()),
        "ets": float(mape["ETS"]),
        "drift": float(mape["drift"]),
        "naive": float(mape["naive"]),
    }
    key = "forecast_ets" if chosen == "ETS" else "forecast_drift"
    note = _message(key, fields, "en")
    return ForecastResult(table, "forecast", method, mape[chosen], note, summary, key, fields)


def _drift(series: pd.Series, horizon: int, coverage: float) -> tuple[list[float], ...]:
    """Return the drift method's log forecasts and interval bounds, ``horizon`` steps ahead.

    ``l_T + h c`` with ``c = (l_T - l_1) / (T - 1)``; the interval ``+/- z sigma
    sqrt(h (1 + h / T))``, sigma the standard deviation of ``diff(l) - c`` (FPP3 5.5).
    """
    import numpy as np
    from scipy import stats

    logs = np.log(series.to_numpy())
    count = len(logs)
    slope = (logs[-1] - logs[0]) / (count - 1)
    sigma = float(np.sqrt(((np.diff(logs) - slope) ** 2).sum() / (count - 2)))
    z = float(stats.norm.ppf(0.5 + coverage / 2))
    steps = np.arange(1, horizon + 1)
    mean = logs[-1] + steps * slope
    spread = z * sigma * np.sqrt(steps * (1 + steps / count))
    return list(mean), list(mean - spread), list(mean + spread)


def _extrapolate(series: pd.Series, horizon: int, coverage: float, reason: str) -> ForecastResult:
    import numpy as np
    import pandas as pd
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    years = np.asarray(series.index, dtype=float)
    fit = OLS(np.log(series.to_numpy()), add_constant(years - years[0])).fit()
    ahead = np.arange(years[-1] + 1, years[-1] + horizon + 1)
    frame = fit.get_prediction(add_constant(ahead - years[0], has_constant="add"))
    summary = frame.summary_frame(alpha=1 - coverage)
    table = pd.DataFrame(
        {
            "year": ahead.astype(int),
            "mean": np.exp(summary["mean"].to_numpy()),
            "lower": np.exp(summary["obs_ci_lower"].to_numpy()),
            "upper": np.exp(summary["obs_ci_upper"].to_numpy()),
        }
    )
    return ForecastResult(
        table,
        "illustrative",
        "log-linear trend extrapolation",
        None,
        _message("forecast_illustrative", {"reason": reason, "n": len(series)}, "en"),
        message_key="forecast_illustrative",
        message_fields={"reason": reason, "n": len(series)},
    )
