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
   ``latest_year + ln(target / latest) / ln(1 + achieved)``, rounded up; and
   ``projected_percent``: the target year's level at the achieved pace, in % of the target,
   ``latest * (1 + achieved) ** years_left / target * 100``.
6. Feasibility (:func:`kzmach.analysis.target_checks.feasibility`): the multiple still
   needed, ``target / latest``, against the best multiple the series achieved over any
   window of ``years_left`` years in its history.
   The verdict is given twice: against the whole record and against the windows from
   2010 on (``recent_``), since a record with the 1990s collapse has rebounds in it.
7. Base year. Beside the base year used, the status under the other defensible one
   (``alt_base_year``, ``alt_status``): the year before the target period starts and the
   last full year before the target was set (2022 for a plan adopted in December 2023),
   whichever was not used. A stated base year has no alternative. ``headline_status`` is
   what a headline counts: the status, or ``depends on base year`` where the other base
   year gives another measurable status (a status that flips with an assumption is not a
   finding).
8. Its own year. A target is judged on the years up to its target year: when the data
   reach beyond it, the latest year judged is the target year (a 2024 export target on
   2024's exports, not 2025's). ``horizon`` is ``live`` while the target year is after the
   latest full year of the data (national, full-year figures), ``past`` once it is not.

Status rules (``rule`` says which applied, in English; ``rule_id`` names it, and
:func:`rule_text` writes it in any language):

* ``met``: the latest level already reaches the target (strictly beyond it for "more than");
  ``definition_flag`` says when a year that ended before the target was set already
  reached it (:func:`kzmach.analysis.target_checks.met_before_set`);
* ``not measurable``: no series, no level for the base year, or no year after the base;
* ``off track``: the target year has passed unmet, or at the achieved pace the target year's
  level falls short of :data:`AT_RISK_PERCENT` % of the target;
* ``at risk``: the achieved pace is below the required one, but the target year's level at
  that pace reaches at least :data:`AT_RISK_PERCENT` % of the target. The band so depends on
  the years left: a pace 3 pp short is at risk with one year to go and off track with five;
* ``on track``: the achieved pace is at least the required one.

``price_flag`` (:func:`kzmach.analysis.target_checks.price_flag`) says how much of a nominal
tenge target's progress from its base year (a level target: the last full year before it was
set) to the latest year is prices, on one scope, and flags a US-dollar target as such.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kzmach.analysis.annual import ANNUAL_FIGURE_TYPES, annual_levels, is_missing, remembered
from kzmach.analysis.target_checks import feasibility, history_levels, met_before_set, price_flag
from kzmach.metadata import catalogue
from kzmach.metadata.tables import table
from kzmach.metadata.vocabulary import (
    AT_RISK,
    DEPENDS_ON_BASE,
    MET,
    NOT_MEASURABLE,
    OFF_TRACK,
    ON_TRACK,
    UNITS,
)
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AT_RISK_PERCENT",
    "GAP_COLUMNS",
    "alternative_base",
    "headline_status",
    "rule_text",
    "target_gap",
]

#: At the achieved pace, the target year's level reaches at least this % of the target: at
#: risk, not off track.
AT_RISK_PERCENT = 90
#: The columns of :func:`target_gap`, as the ``target_gap`` table declares them.
GAP_COLUMNS = table("target_gap").column_names


def _assumed_base(target: pd.Series, assumptions: Mapping[str, int]) -> tuple[int | None, str]:
    if target["target_form"] != "multiple":
        return None, term("base_not_needed", "en")
    if target["base_year_stated"] == "yes" and not is_missing(target["base_year"]):
        return int(target["base_year"]), "stated"
    for key in (target["target_id"], target["programme"]):
        if key in assumptions:
            return int(assumptions[key]), term("base_assumed_caller", "en", key=key)
    year = int(target["target_start_year"]) - 1
    return year, term("base_assumed", "en", year=year)


def alternative_base(target: pd.Series, base_year: int | None, source: str) -> int | None:
    """Return the other defensible base year of a multiple, or None.

    The candidates are the year before the target period starts and the last full year
    before the target was set (the year before its ``adopted`` date); the alternative is the
    latest candidate other than ``base_year``. A stated base year (``source``) has none.
    """
    if base_year is None or source == "stated":
        return None
    candidates = {int(target["target_start_year"]) - 1}
    adopted = str(target.get("adopted") or "")
    if adopted[:4].isdigit():
        candidates.add(int(adopted[:4]) - 1)
    others = sorted(candidates - {base_year})
    return others[-1] if others else None


def target_gap(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    assumptions: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """Return one row per target wording with its gap and status (module docstring).

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

    chosen = dict(assumptions or {})
    # every series a target is measured on is a national full-year one: cut the frame once,
    # not in each of the many annual lookups two base years and 28 wordings make
    observations = observations[
        (observations["period_type"] == "year") & (observations["region"] == "Kazakhstan")
    ]
    targets = _set_when_first_stated(targets)
    last_full_year = _last_full_year(observations)
    with remembered(observations):  # each series is looked up for many wordings
        rows = [
            _judged_row(target, observations, chosen, last_full_year)
            for _, target in targets.iterrows()
        ]
    return pd.DataFrame(rows, columns=list(GAP_COLUMNS))


def _judged_row(
    target: pd.Series,
    observations: pd.DataFrame,
    chosen: dict[str, int],
    last_full_year: int | None,
) -> dict[str, Any]:
    """Return one wording's row: its gap and status on both base years, and its headline."""
    row = _evaluate(target, observations, chosen)
    base = alternative_base(target, row["base_year"], row["base_year_source"])
    if base is not None:
        other = _evaluate(target, observations, {**chosen, target["target_id"]: base})
        row.update(alt_base_year=base, alt_status=other["status"])
    row.update(
        headline_status=headline_status(row["status"], row["alt_status"]),
        horizon="live"
        if last_full_year is not None and row["target_year"] > last_full_year
        else "past",
    )
    return row


def headline_status(status: str, alt_status: str) -> str:
    """Return what a headline counts a target as (module docstring, step 7).

    Examples
    --------
    >>> headline_status("off track", "on track")
    'depends on base year'
    >>> headline_status("off track", "not measurable")
    'off track'
    """
    measurable = status != NOT_MEASURABLE and alt_status not in ("", NOT_MEASURABLE)
    return DEPENDS_ON_BASE if measurable and alt_status != status else status


def _last_full_year(observations: pd.DataFrame) -> int | None:
    """Return the latest year any national full-year series holds (None: none)."""
    actual = observations[observations["figure_type"].isin(ANNUAL_FIGURE_TYPES)]
    if actual.empty:
        return None
    return int(str(actual["period_start"].max())[:4])


def _set_when_first_stated(targets: pd.DataFrame) -> pd.DataFrame:
    """Give every wording the date its target was first stated, by any of its wordings.

    A target is set when it is first stated: the draft of a plan announced in July counts,
    though the plan was adopted in December. Dates as precise as known; an empty one is
    unknown and does not count.
    """
    if "states_target" not in targets or "adopted" not in targets:
        return targets
    known = targets[targets["adopted"].astype(str).str[:4].str.isdigit()]
    first = known.groupby("states_target")["adopted"].min()
    return targets.assign(adopted=targets["states_target"].map(first).fillna(""))


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

    if not target["measure_with"]:
        return ruled(NOT_MEASURABLE, "no_series")
    # the series' unit flags a dollar or tenge target even where it cannot be measured;
    # a measured target's flag below says how much of its progress is prices
    row["price_flag"] = price_flag(observations, target["measure_with"], None, None)
    if target["target_form"] == "rank":
        return ruled(NOT_MEASURABLE, "rank")
    levels = _in_target_unit(annual_levels(observations, target["measure_with"], base_year), target)
    measured = _level_and_after(target, levels, base_year)
    if measured is None:
        fields = {"measure_with": target["measure_with"], "base_year": base_year}
        return ruled(NOT_MEASURABLE, "no_base_level", fields)
    target_level, after = measured
    after = _up_to_target_year(after, row["target_year"])
    if not after:
        return ruled(NOT_MEASURABLE, "nothing_after_base")
    latest_year = max(after)
    latest = after[latest_year]
    years_left = row["target_year"] - latest_year
    judged = {year: value for year, value in levels.items() if year <= latest_year}
    achieved = _achieved_pace(target, judged, base_year, latest_year, latest)
    price_start = _price_start(target, base_year)
    row.update(
        target_level=target_level,
        latest_period=str(latest_year),
        latest_value=latest,
        years_left=years_left,
        achieved_cagr=achieved,
        price_flag=price_flag(observations, target["measure_with"], price_start, latest_year),
    )
    strictly = target["qualifier"] == "more_than"
    if target["target_form"] == "level":
        row["definition_flag"] = met_before_set(
            levels, target_level, row["adopted"], strictly=strictly
        )
    if latest > target_level if strictly else latest >= target_level:
        row.update(projected_year=latest_year)
        return ruled(MET, "met_before_set" if row["definition_flag"] else "met")
    if years_left <= 0:
        return ruled(OFF_TRACK, "year_passed")
    _pace_and_feasibility(row, target, observations, target_level, latest)
    if achieved is None:
        return ruled(NOT_MEASURABLE, "one_level")
    return ruled(*_pace_status(row, achieved))


def _pace_and_feasibility(
    row: dict[str, Any],
    target: pd.Series,
    observations: pd.DataFrame,
    target_level: float,
    latest: float,
) -> None:
    """Fill in the required pace, the gap, the projection and the feasibility of a row."""
    years_left, achieved = row["years_left"], row["achieved_cagr"]
    row["required_cagr"] = ((target_level / latest) ** (1 / years_left) - 1) * 100
    check = feasibility(
        history_levels(observations, target["measure_with"]), target_level / latest, years_left
    )
    row.update(
        multiple_needed=check.multiple_needed,
        best_multiple=check.best_multiple,
        best_window=check.best_window,
        feasibility=check.verdict,
        recent_best_multiple=check.recent_multiple,
        recent_best_window=check.recent_window,
        recent_feasibility=check.recent_verdict,
    )
    if achieved is None:
        return
    row["gap_pp"] = achieved - row["required_cagr"]
    row["projected_percent"] = latest * (1 + achieved / 100) ** years_left / target_level * 100
    if achieved > 0:
        row["projected_year"] = int(row["latest_period"]) + math.ceil(
            math.log(target_level / latest) / math.log(1 + achieved / 100)
        )


def _in_target_unit(levels: dict[int, float], target: pd.Series) -> dict[int, float]:
    """Return a level target's series in the target's unit (mn US$ levels, a bn US$ target).

    Units of one dimension convert by their scales (:data:`kzmach.metadata.vocabulary.UNITS`);
    a multiple is unit-free and its levels are returned as they are.
    """
    if target["target_form"] != "level":
        return levels
    measure = catalogue.get(target["measure_with"]).unit
    if measure == target["unit"] or measure not in UNITS or target["unit"] not in UNITS:
        return levels
    (dimension, scale), (target_dimension, target_scale) = UNITS[measure], UNITS[target["unit"]]
    if dimension != target_dimension:
        return levels
    return {year: value * scale / target_scale for year, value in levels.items()}


def _price_start(target: pd.Series, base_year: int | None) -> int | None:
    """Where the price flag's span starts: the base year, or the last year before adoption."""
    if base_year is not None:
        return base_year
    adopted = str(target.get("adopted") or "")
    return int(adopted[:4]) - 1 if adopted[:4].isdigit() else None


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


def _up_to_target_year(after: dict[int, float], target_year: int) -> dict[int, float]:
    """Return the levels a target is judged on: those up to its year, when there are any."""
    by_then = {year: value for year, value in after.items() if year <= target_year}
    return by_then or after


def _target_row(target: pd.Series) -> dict[str, Any]:
    """Return a target's row of the gap table with what the registry states filled in."""
    row: dict[str, Any] = {column: None for column in GAP_COLUMNS}
    row.update(
        programme=target["programme"],
        target_id=target["target_id"],
        wording=target["wording"],
        states_target=target.get("states_target") or target["target_id"],
        indicator=target["indicator"],
        measure_with=target["measure_with"],
        adopted=str(target.get("adopted") or ""),
        target_year=int(target["target_year"]),
        target_value=float(target["target_value"]),
        target_multiple=None
        if is_missing(target["target_multiple"])
        else float(target["target_multiple"]),
        unit=target["unit"],
        note=target["note"],
        price_flag="",
        definition_flag="",
        feasibility="",
        best_window="",
        recent_feasibility="",
        recent_best_window="",
        alt_status="",
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


def _pace_status(row: Mapping[str, Any], achieved: float) -> tuple[str, str, dict[str, object]]:
    """Return the status, rule and its fields of a target judged by the achieved pace.

    Below the required pace, the band depends on the years left: at risk when the target
    year's level at the achieved pace reaches :data:`AT_RISK_PERCENT` % of the target.
    """
    if achieved >= row["required_cagr"]:
        return ON_TRACK, "on_track", {}
    fields: dict[str, object] = {"at_risk": AT_RISK_PERCENT, "years": row["years_left"]}
    if row["projected_percent"] >= AT_RISK_PERCENT:
        return AT_RISK, "at_risk", fields
    return OFF_TRACK, "off_track", fields


def rule_text(rule_id: str, language: str = "en", **fields: object) -> str:
    """Write the status rule ``rule_id`` of a target in ``language``, with its ``fields``.

    The fields are those the rule names: ``measure_with`` and ``base_year`` for a missing
    base level, ``at_risk`` (:data:`AT_RISK_PERCENT`) and ``years`` (the years left) for the
    pace rules.
    """
    return term(f"rule_{rule_id}", language, **fields)


def _as_series(levels: Mapping[int, float]) -> pd.Series:
    import pandas as pd

    return pd.Series(dict(levels), dtype=float)
