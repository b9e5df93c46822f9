"""When two written figures differ: rounding units and qualifiers.

Two written values *differ* when ``|a - b| >= (pa + pb) / 2``, where ``pa`` and ``pb`` are
their rounding units (``2.3`` trillion and ``2.4`` trillion differ; ``31%`` and ``31.5%`` do
not). A qualifier widens what a figure allows: "more than 470" allows anything above 470,
"about 500" allows 5% either side (or half the rounding unit, whichever is wider), "almost"
allows up to 10% below. The conflict rules (:mod:`kzmach.pipeline.conflicts`), the claims
check (:mod:`kzmach.analysis.claims`) and the choice of one value per period
(:mod:`kzmach.analysis.selection`) all use these two rules.
"""

from __future__ import annotations

import math

__all__ = ["qualifier_interval", "values_differ"]


def values_differ(a: float, precision_a: float, b: float, precision_b: float) -> bool:
    """Whether two written values differ beyond their rounding (see the module docstring)."""
    return abs(a - b) >= (precision_a + precision_b) / 2 - 1e-12


def qualifier_interval(value: float, precision: float, qualifier: str) -> tuple[float, float]:
    """Return the values a written figure allows, given its rounding and qualifier."""
    half = precision / 2
    return {
        "more_than": (value, math.inf),
        "at_least": (value, math.inf),
        "up_to": (-math.inf, value),
        "almost": (value - max(abs(value) * 0.1, precision), value),
        "about": (value - max(abs(value) * 0.05, half), value + max(abs(value) * 0.05, half)),
    }.get(qualifier, (value - half, value + half))
