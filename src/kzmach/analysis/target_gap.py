"""Target gap: how far each official target is, and whether the current pace reaches it.

Method, for each target of the registry (:mod:`kzmach.raw.targets`):

1. Measure. The registry's ``measure_with`` indicator gives an annual series (full years only,
   as known on ``as_of``: published by then). A level indicator is used as it is; a real
   growth indicator is chain-linked into a volume index equal to 100 in the base year.
2. Base year. A stated base year is used. Otherwise the **assumption**: the year before the
   target period starts (2023 for the Comprehensive Plan 2024-2028, 2019 for the State
   programme 2020-2025); ``assumptions={"target_id" or "programme": year}`` overrides it.
   Level and rank targets need no base year.
3. Target level: the level target itself, or ``base level * multiple``.
4. ``required_cagr = (target / latest) ** (1 / (target_year - latest_year)) - 1``;
   ``achieved_cagr = (latest / base) ** (1 / (latest_year - base_year)) - 1`` for multiples,
   the log-linear trend of the series for level targets; ``gap_pp = achieved - required``.
5. ``projected_year``: the year the achieved pace reaches the target,
   ``latest_year + ln(target / latest) / ln(1 + achieved)``, rounded up.
6. ``probability``: where :func:`kzmach.analysis.trend.forecast` gives a forecast (not an
   illustration), the chance that the target-year level reaches the target, reading the
   prediction interval as normal on log scale.

Status rules (``rule`` says which applied, in English; ``rule_id`` names it, and
:func:`rule_text` writes it in any language):

* ``met``: the latest level already reaches the target (strictly beyond it for "more than");
* ``not measurable``: no series, no level for the base year, or no year after the base;
* ``off track``: the target year has passed unmet, or the achieved pace is more than
  :data:`AT_RISK_PP` percentage points a year below the required one;
* ``at risk``: the achieved pace is below the required one by at most :data:`AT_RISK_PP`;
* ``on track``: the achieved pace is at least the required one.

A nominal tenge target is flagged ``reached mainly through prices`` when, over the latest
year with both nominal levels and real growth, prices account for more than half of the
nominal growth: ``1 - ln(1 + real) / ln(1 + nominal) > 0.5``. Machine building's value added has
no real series of its own: the Bureau's physical volume index of production (26–30) stands
for its volume.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kzmach.analysis.annual import annual_levels, annual_values, is_missing
from kzmach.metadata import catalogue
from kzmach.metadata.vocabulary import (
    AT_RISK,
    MET,
    NOT_MEASURABLE,
    OFF_TRACK,
    ON_TRACK,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["AT_RISK_PP", "GAP_COLUMNS", "rule_text", "target_gap"]

AT_RISK_PP = 5.0
GAP_COLUMNS = (
    "programme",
    "target_id",
    "wording",
    "indicator",
    "measure_with",
    "base_year",
    "base_year_source",
    "target_year",
    "target_value",
    "target_multiple",
    "target_level",
    "unit",
    "latest_period",
    "latest_value",
    "required_cagr",
    "achieved_cagr",
    "gap_pp",
    "status",
    "rule",
    "rule_id",
    "projected_year",
    "probability",
    "price_flag",
    "note",
)


def _assumed_base(target: pd.Series, assumptions: Mapping[str, int]) -> tuple[int | None, str]:
    if target["target_form"] != "multiple":
        return None, "not needed (level target)"
    if target["base_year_stated"] == "yes" and not is_missing(target["base_year"]):
        return int(target["base_year"]), "stated"
    for key in (target["target_id"], target["programme"]):
        if key in assumptions:
            return int(assumptions[key]), f"assumed by the caller ({key})"
    year = int(target["target_start_year"]) - 1
    return year, f"assumed: the year before the target period starts ({year})"


def target_gap(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    assumptions: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Return one row per target with its gap and status (method in the module docstring).

    Parameters
    ----------
    observations
        The observations known on the as-of date (:func:`kzmach.api.target_gap` cuts them).
    targets
        The target registry (the processed ``targets`` table).
    assumptions
        Base years for targets whose source states none, keyed by target id or programme.
    """
    import pandas as pd

    rows = [
        _evaluate(target, observations, dict(assumptions or {})) for _, target in targets.iterrows()
    ]
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))


def _evaluate(
    target: pd.Series, observations: pd.DataFrame, assumptions: dict[str, int]
) -> dict[str, Any]:
    row = _target_row(target)
    base_year, base_source = _assumed_base(target, assumptions)
    row.update(base_year=base_year, base_year_source=base_source)

    def ruled(status: str, rule_id: str, fields: dict[str, object] | None = None) -> dict[str, Any]:
        text = rule_text(rule_id, "en", **(fields or {}))
        row.update(status=status, rule_id=rule_id, rule=text)
        return row

    def unmeasurable(rule_id: str, **fields: object) -> dict[str, Any]:
        return ruled(NOT_MEASURABLE, rule_id, fields)

    if not target["measure_with"]:
        return unmeasurable("no_series")
    if target["target_form"] == "rank":
        return unmeasurable("rank")
    levels = annual_levels(observations, target["measure_with"], base_year)
    measured = _level_and_after(target, levels, base_year)
    if measured is None:
        return unmeasurable(
            "no_base_level", measure_with=target["measure_with"], base_year=base_year
        )
    target_level, after = measured
    if not after:
        return unmeasurable("nothing_after_base")
    latest_year = max(after)
    latest = after[latest_year]
    row.update(target_level=target_level, latest_period=str(latest_year), latest_value=latest)

    achieved = _achieved_pace(target, levels, base_year, latest_year, latest)
    row["achieved_cagr"] = achieved
    years_left = row["target_year"] - latest_year
    beyond = (
        latest > target_level if target["qualifier"] == "more_than" else (latest >= target_level)
    )
    if target["unit"] == "bn KZT" or catalogue.get(target["measure_with"]).unit == "bn KZT":
        row["price_flag"] = _price_flag(observations, target["measure_with"])
    if beyond:
        row.update(projected_year=latest_year)
        return ruled(MET, "met")
    if years_left <= 0:
        return ruled(OFF_TRACK, "year_passed")
    required = ((target_level / latest) ** (1 / years_left) - 1) * 100
    row["required_cagr"] = required
    if achieved is None:
        return unmeasurable("one_level")
    row["gap_pp"] = achieved - required
    if achieved > 0:
        row["projected_year"] = latest_year + math.ceil(
            math.log(target_level / latest) / math.log(1 + achieved / 100)
        )
    ruled(*_pace_status(achieved, required))
    row["probability"] = _probability(levels, target_level, row["target_year"])
    return row


def _level_and_after(
    target: pd.Series, levels: Mapping[int, float], base_year: int | None
) -> tuple[float, dict[int, float]] | None:
    """Return the target as a level and the levels it is measured on (None: no base level).

    A multiple is ``base level * multiple``, measured on the years after the base; a level
    target is itself, measured on every year.
    """
    if target["target_form"] != "multiple":
        return float(target["target_value"]), dict(levels)
    if base_year is None or base_year not in levels:
        return None
    after = {year: value for year, value in levels.items() if year > base_year}
    return levels[base_year] * float(target["target_multiple"]), after


def _target_row(target: pd.Series) -> dict[str, Any]:
    """Return a target's row of the gap table with what the registry states filled in."""
    row: dict[str, Any] = {column: None for column in GAP_COLUMNS}
    row.update(
        programme=target["programme"],
        target_id=target["target_id"],
        wording=target["wording"],
        indicator=target["indicator"],
        measure_with=target["measure_with"],
        target_year=int(target["target_year"]),
        target_value=float(target["target_value"]),
        target_multiple=None
        if is_missing(target["target_multiple"])
        else float(target["target_multiple"]),
        unit=target["unit"],
        note=target["note"],
        price_flag="",
    )
    return row


def _achieved_pace(
    target: pd.Series,
    levels: Mapping[int, float],
    base_year: int | None,
    latest_year: int,
    latest: float,
) -> float | None:
    """Return the pace achieved, % a year (None with one level only).

    For a multiple: the compound rate from the base year to the latest. For a level: the
    log-linear trend of the levels (three or more), or the compound rate between two.
    """
    if target["target_form"] == "multiple" and base_year is not None:
        return float(((latest / levels[base_year]) ** (1 / (latest_year - base_year)) - 1) * 100)
    if len(levels) >= 3:
        from kzmach.analysis.trend import log_linear_trend

        return log_linear_trend(_as_series(levels)).growth
    if len(levels) == 2:
        (y0, v0), (y1, v1) = sorted(levels.items())
        return float(((v1 / v0) ** (1 / (y1 - y0)) - 1) * 100)
    return None


def _pace_status(achieved: float, required: float) -> tuple[str, str, dict[str, object]]:
    """Return the status, rule and its fields of a target the current pace is judged by."""
    if achieved >= required:
        return ON_TRACK, "on_track", {}
    if required - achieved <= AT_RISK_PP:
        return AT_RISK, "at_risk", {"at_risk": AT_RISK_PP}
    return OFF_TRACK, "off_track", {"at_risk": AT_RISK_PP}


def rule_text(rule_id: str, language: str = "en", **fields: object) -> str:
    """Write the status rule ``rule_id`` of a target in ``language``, with its ``fields``.

    The fields are those the rule names: ``measure_with`` and ``base_year`` for a missing
    base level, ``at_risk`` (:data:`AT_RISK_PP`) for the pace rules.
    """
    return term(f"rule_{rule_id}", language, **fields)


def _as_series(levels: Mapping[int, float]) -> pd.Series:
    import pandas as pd

    return pd.Series(dict(levels), dtype=float)


def _probability(
    levels: Mapping[int, float], target_level: float, target_year: int
) -> float | None:
    """Return the chance that the target year's level reaches ``target_level``, or None.

    Notes
    -----
    Only where :func:`kzmach.analysis.trend.forecast` gives an ETS forecast (not an
    illustration). Its 90% prediction interval for the target year, on the log scale, is
    read as normal: ``sigma = (ln upper - ln lower) / (2 z_0.95)`` and
    ``P = 1 - Phi((ln target - ln mean) / sigma)``. This is the model's own uncertainty,
    conditional on ETS(A,A,N) being right; it ignores parameter and model uncertainty, so
    it is a statement about the extrapolated pace, not a calibrated probability.

    References
    ----------
    .. [1] Hyndman, R. J. and Athanasopoulos, G. (2021), Forecasting: Principles and
       Practice, 3rd ed., OTexts, section 5.5 (prediction intervals) and 8.7 (ETS
       intervals).
    """
    from scipy import stats

    from kzmach.analysis.trend import MIN_POINTS, forecast

    if len(levels) < MIN_POINTS:
        return None
    horizon = target_year - max(levels)
    result = forecast(_as_series(levels), horizon)
    if result.label != "forecast":
        return None
    last = result.frame.iloc[-1]
    z = float(stats.norm.ppf(0.95))  # the forecast's 90% interval
    sigma = (math.log(last["upper"]) - math.log(last["lower"])) / (2 * z)
    if sigma <= 0:
        return float(last["mean"] >= target_level)
    return float(1 - stats.norm.cdf((math.log(target_level) - math.log(last["mean"])) / sigma))


def _price_flag(observations: pd.DataFrame, level_indicator: str) -> str:
    """Flag a nominal target whose latest growth came mainly from prices."""
    # no real value-added series: the Bureau's production index (26–30) stands for the volume
    real_indicator = {
        "mb_output": "mb_output_growth_real",
        "mb_gva": "mb_output_growth_real",
    }.get(level_indicator)
    if real_indicator is None:
        return "nominal target: no real growth series to separate prices"
    nominal = annual_values(observations, level_indicator)
    real_growth = annual_values(observations, real_indicator)
    for year in sorted(nominal, reverse=True):
        if year - 1 in nominal and year in real_growth:
            nominal_growth = nominal[year] / nominal[year - 1] - 1
            real_rate = real_growth[year] / 100
            if nominal_growth <= 0:
                return ""
            prices = 1 - math.log(1 + real_rate) / math.log(1 + nominal_growth)
            if prices > 0.5:
                return (
                    f"reached mainly through prices: in {year} nominal "
                    f"{nominal_growth:+.1%}, real {real_rate:+.1%}, prices {prices:.0%} of it"
                )
            return f"mostly volume: in {year} prices were {prices:.0%} of nominal growth"
    return "nominal target: no year with both nominal levels and real growth"
