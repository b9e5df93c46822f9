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
    "build": ("kzmach.pipeline.build", "build"),
    "check": ("kzmach.data", "check"),
    "claims": ("kzmach.data", "claims"),
    "conflicts": ("kzmach.data", "conflicts"),
    "diff": ("kzmach.analysis.vintages", "diff"),
    "indicators": ("kzmach.data", "indicators"),
    "ingest": ("kzmach.raw.releases.store", "ingest"),
    "observations": ("kzmach.data", "observations"),
    "release_values": ("kzmach.analysis.vintages", "release_values"),
    "releases": ("kzmach.analysis.vintages", "releases"),
    "revision_triangle": ("kzmach.analysis.vintages", "revision_triangle"),
    "roadmap_bodies": ("kzmach.raw.roadmap_order", "roadmap_bodies"),
    "roadmap_document": ("kzmach.raw.roadmap_order", "roadmap_document"),
    "roadmap_due": ("kzmach.raw.roadmap_order", "roadmap_due"),
    "roadmap_glossary": ("kzmach.raw.roadmap_order", "roadmap_glossary"),
    "roadmap_measures": ("kzmach.raw.roadmap_order", "roadmap_measures"),
    "series": ("kzmach.data", "series"),
    "sources": ("kzmach.data", "sources"),
    "targets": ("kzmach.data", "targets"),
}

if TYPE_CHECKING:
    from kzmach.analysis.vintages import diff, release_values, releases, revision_triangle
    from kzmach.data import (
        check,
        claims,
        conflicts,
        indicators,
        observations,
        series,
        sources,
        targets,
    )
    from kzmach.pipeline.build import build
    from kzmach.raw.releases.store import ingest
    from kzmach.raw.roadmap_order import (
        roadmap_bodies,
        roadmap_document,
        roadmap_due,
        roadmap_glossary,
        roadmap_measures,
    )


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
