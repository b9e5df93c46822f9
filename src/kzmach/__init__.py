"""kzmach: sourced figures and analyses of Kazakhstan's machine-building industry.

The facade (every name is imported lazily, so ``import kzmach`` stays fast; the functions
live in :mod:`kzmach.api` and take ``as_of`` where a date can matter)::

    import kzmach
    kzmach.observations("mb_output")        # every figure, with provenance
    kzmach.series("mb_output")              # one preferred value per period
    kzmach.indicators(), kzmach.sources(), kzmach.conflicts()
    kzmach.claims()                         # derived statements recomputed from levels
    kzmach.manufacturing_share()            # computed and stated shares of manufacturing
    kzmach.target_gap(as_of=None, assumptions=None)  # every official target's gap
    kzmach.annual_series("mb_output"), kzmach.log_linear_trend(...), kzmach.forecast(...)
    kzmach.targets()                        # the official targets, sourced and quoted
    kzmach.roadmap_measures()               # the 2022 roadmap's 33 measures, parsed
    kzmach.roadmap_due(as_of="2023-06-30")  # the measures due by a date
    kzmach.build()                          # data/raw -> data/processed (no-op if fresh)
    kzmach.ingest("release.csv", published="2024-03-15", maturity="final")
    kzmach.releases(), kzmach.release_values("bns/2024-03-15-industry")
    kzmach.observations("mfg_output", as_of="2024-01-31")  # what was known that day
    kzmach.diff("bns/prelim", "bns/final")  # revised, new and removed values
    kzmach.revision_triangle("mfg_output")  # periods x releases
    kzmach.charts.output_trend("kk")        # the briefing charts (kzmach.report.charts)
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kzmach._version import __version__

#: Facade names that live outside kzmach.api; every other name of __all__ is in kzmach.api.
_ELSEWHERE = {
    "build": ("kzmach.pipeline.build", "build"),
    "ingest": ("kzmach.pipeline.ingest", "ingest"),
    "charts": ("kzmach.report.charts", None),
    "show": ("kzmach.report.display", "show"),
}

__all__ = [
    "__version__",
    "annual_series",
    "build",
    "charts",
    "check",
    "claims",
    "concentration",
    "conflicts",
    "diff",
    "division_contributions",
    "division_value_added",
    "domestic_market",
    "forecast",
    "implied_price_change",
    "import_prices",
    "indicators",
    "ingest",
    "log_linear_trend",
    "manufacturing_contributions",
    "manufacturing_share",
    "monthly",
    "nowcast",
    "nowcast_record",
    "observations",
    "peers",
    "quarterly_value_added",
    "regions",
    "release_values",
    "releases",
    "revision_triangle",
    "roadmap_bodies",
    "roadmap_document",
    "roadmap_due",
    "roadmap_glossary",
    "roadmap_measures",
    "series",
    "share_definitions",
    "show",
    "sources",
    "target_gap",
    "targets",
    "trade",
    "volume_index",
]
_LAZY: dict[str, tuple[str, str | None]] = {
    name: _ELSEWHERE.get(name, ("kzmach.api", name)) for name in __all__[1:]
}

if TYPE_CHECKING:
    from kzmach.api import (
        annual_series,
        check,
        claims,
        concentration,
        conflicts,
        diff,
        division_contributions,
        division_value_added,
        domestic_market,
        forecast,
        implied_price_change,
        import_prices,
        indicators,
        log_linear_trend,
        manufacturing_contributions,
        manufacturing_share,
        monthly,
        nowcast,
        nowcast_record,
        observations,
        peers,
        quarterly_value_added,
        regions,
        release_values,
        releases,
        revision_triangle,
        roadmap_bodies,
        roadmap_document,
        roadmap_due,
        roadmap_glossary,
        roadmap_measures,
        series,
        share_definitions,
        sources,
        target_gap,
        targets,
        trade,
        volume_index,
    )
    from kzmach.pipeline.build import build
    from kzmach.pipeline.ingest import ingest
    from kzmach.report import charts
    from kzmach.report.display import show


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attribute = _LAZY[name]
        loaded = importlib.import_module(module)
        value = loaded if attribute is None else getattr(loaded, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kzmach' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
