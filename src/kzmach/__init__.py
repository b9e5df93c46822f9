"""kzmach: sourced figures and analyses of Kazakhstan's machine-building industry.

The load API (everything is imported lazily, so ``import kzmach`` stays fast)::

    import kzmach
    kzmach.observations("mb_output")        # every figure, with provenance
    kzmach.series("mb_output")              # one preferred value per period
    kzmach.indicators(), kzmach.sources(), kzmach.conflicts()
    kzmach.claims()                         # derived statements recomputed from levels
    kzmach.targets()                        # the official targets, sourced and quoted
    kzmach.build()                          # data/raw -> data/processed (no-op if fresh)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "build",
    "check",
    "claims",
    "conflicts",
    "indicators",
    "observations",
    "series",
    "sources",
    "targets",
]

_LAZY = {
    "build": ("kzmach.pipeline", "build"),
    "check": ("kzmach.load", "check"),
    "claims": ("kzmach.load", "claims"),
    "conflicts": ("kzmach.load", "conflicts"),
    "indicators": ("kzmach.load", "indicators"),
    "observations": ("kzmach.load", "observations"),
    "series": ("kzmach.load", "series"),
    "sources": ("kzmach.load", "sources"),
    "targets": ("kzmach.load", "targets"),
}

if TYPE_CHECKING:
    from .load import (
        check,
        claims,
        conflicts,
        indicators,
        observations,
        series,
        sources,
        targets,
    )
    from .pipeline import build


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        value = getattr(importlib.import_module(module), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kzmach' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
