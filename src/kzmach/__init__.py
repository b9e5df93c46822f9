"""kzmach: sourced figures and analyses of Kazakhstan's machine-building industry.

The load API (everything is imported lazily, so ``import kzmach`` stays fast)::

    import kzmach
    kzmach.observations("mb_output")        # every figure, with provenance
    kzmach.series("mb_output")              # one preferred value per period
    kzmach.indicators(), kzmach.sources(), kzmach.conflicts()
    kzmach.claims()                         # derived statements recomputed from levels
    kzmach.targets()                        # the official targets, sourced and quoted
    kzmach.roadmap_measures()               # the 2022 roadmap's 33 measures, parsed
    kzmach.roadmap_due(as_of="2023-06-30")  # the measures due by a date
    kzmach.build()                          # data/raw -> data/processed (no-op if fresh)
    kzmach.ingest("release.csv", published="2024-03-15", maturity="final")
    kzmach.releases(), kzmach.release_values("bns/2024-03-15-industry")
    kzmach.observations("mfg_output", as_of="2024-01-31")  # what was known that day
    kzmach.diff("bns/prelim", "bns/final")  # revised, new and removed values
    kzmach.revision_triangle("mfg_output")  # periods x releases
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
    "diff",
    "indicators",
    "ingest",
    "observations",
    "release_values",
    "releases",
    "revision_triangle",
    "roadmap_bodies",
    "roadmap_document",
    "roadmap_due",
    "roadmap_glossary",
    "roadmap_measures",
    "series",
    "sources",
    "targets",
]

_LAZY = {
    "build": ("kzmach.pipeline", "build"),
    "check": ("kzmach.load", "check"),
    "claims": ("kzmach.load", "claims"),
    "conflicts": ("kzmach.load", "conflicts"),
    "diff": ("kzmach.vintages", "diff"),
    "indicators": ("kzmach.load", "indicators"),
    "ingest": ("kzmach.release_store", "ingest"),
    "observations": ("kzmach.load", "observations"),
    "release_values": ("kzmach.vintages", "release_values"),
    "releases": ("kzmach.vintages", "releases"),
    "revision_triangle": ("kzmach.vintages", "revision_triangle"),
    "roadmap_bodies": ("kzmach.roadmap", "roadmap_bodies"),
    "roadmap_document": ("kzmach.roadmap", "roadmap_document"),
    "roadmap_due": ("kzmach.roadmap", "roadmap_due"),
    "roadmap_glossary": ("kzmach.roadmap", "roadmap_glossary"),
    "roadmap_measures": ("kzmach.roadmap", "roadmap_measures"),
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
    from .release_store import ingest
    from .roadmap import (
        roadmap_bodies,
        roadmap_document,
        roadmap_due,
        roadmap_glossary,
        roadmap_measures,
    )
    from .vintages import diff, release_values, releases, revision_triangle


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
