"""The arithmetic of the claims check: growth and shares implied by two levels, with rounding.

A level's rounding unit (``value_precision``) carries through a ratio to first order, so a
growth or a share recomputed from rounded levels has a rounding unit of its own, which the
check (:mod:`kzmach.analysis.claims`) adds to the claim's when it judges it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Row", "base_period_bounds", "implied_change", "implied_share"]

#: One observation as a mapping of column to value (a record of the observations table).
Row = Mapping[Any, Any]  # pandas types a record's keys as Hashable


def _ratio_precision(numerator: Row, denominator: Row) -> tuple[float, float]:
    """Return ``numerator / denominator`` and its rounding unit, in percent of the ratio.

    The rounding units of both levels carry through the ratio to first order:
    ``100 * ratio * (p_num / num + p_den / den)``; like ``value_precision`` it is the width
    of the rounding interval, so two figures differ when apart by half their units' sum.
    """
    ratio = float(numerator["value"]) / float(denominator["value"])
    precision = (
        100
        * ratio
        * (
            float(numerator["value_precision"]) / float(numerator["value"])
            + float(denominator["value_precision"]) / float(denominator["value"])
        )
    )
    return ratio, precision


def implied_change(base: Row, end: Row) -> tuple[float, float]:
    """Return ``(growth %, its rounding unit)`` implied by two level observations.

    ``growth = (end / base - 1) * 100``.
    """
    ratio, precision = _ratio_precision(end, base)
    return (ratio - 1) * 100, precision


def implied_share(part: Row, whole: Row) -> tuple[float, float]:
    """Return ``(share %, its rounding unit)`` of a part in a whole: ``part / whole * 100``."""
    ratio, precision = _ratio_precision(part, whole)
    return ratio * 100, precision


def base_period_bounds(claim: Row) -> tuple[Any, Any, str, Any, Any, str] | None:
    """Return the base and end periods a growth claim compares, or None if not a growth.

    The result is ``(base_start, base_end, base_type, end_start, end_end, end_type)``.
    """
    import pandas as pd

    if claim["comparison"] == "same_period_previous_year":
        if claim["period_type"] in ("ytd_unstated", "point", "span"):
            return None
        return (
            claim["period_start"] - pd.DateOffset(years=1),
            claim["period_end"] - pd.DateOffset(years=1),
            claim["period_type"],
            claim["period_start"],
            claim["period_end"],
            claim["period_type"],
        )
    if claim["comparison"] == "start_of_span":
        first, last = claim["period_start"].year, claim["period_end"].year
        return (
            pd.Timestamp(first, 1, 1),
            pd.Timestamp(first, 12, 31),
            "year",
            pd.Timestamp(last, 1, 1),
            pd.Timestamp(last, 12, 31),
            "year",
        )
    return None
