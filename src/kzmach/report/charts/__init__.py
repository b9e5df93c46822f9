"""Briefing charts in the house style, in English, Russian or Kazakh.

::

    from kzmach import charts
    chart = charts.output_trend(language="kk")
    chart                       # shows it in a notebook
    chart.export()              # PNG, SVG, PDF and a JSON sidecar into reports/figures

:data:`CHARTS` lists every chart function by name, in the order of the briefing deck.
"""

from __future__ import annotations

from kzmach.report.charts.base import Chart
from kzmach.report.charts.claims import claims_check
from kzmach.report.charts.divisions import division_growth
from kzmach.report.charts.market import domestic_market_chart
from kzmach.report.charts.months import output_months
from kzmach.report.charts.output import output_trend
from kzmach.report.charts.peers import peer_comparison
from kzmach.report.charts.quarters import value_added_quarters
from kzmach.report.charts.revisions import revision_heatmap
from kzmach.report.charts.roadmap import (
    roadmap_bodies_chart,
    roadmap_due_chart,
    roadmap_sections,
    roadmap_timeline,
)
from kzmach.report.charts.share import share_of_manufacturing
from kzmach.report.charts.style import house_style, layout_problems, missing_glyphs
from kzmach.report.charts.subsectors import subsector_growth
from kzmach.report.charts.targets import target_gap_dashboard
from kzmach.report.charts.trade import machinery_trade, trade_chapters
from kzmach.report.charts.vehicles import vehicle_production

CHARTS = {
    "output_trend": output_trend,
    "output_months": output_months,
    "value_added_quarters": value_added_quarters,
    "domestic_market": domestic_market_chart,
    "share_of_manufacturing": share_of_manufacturing,
    "division_growth": division_growth,
    "target_gap": target_gap_dashboard,
    "claims_check": claims_check,
    "machinery_trade": machinery_trade,
    "trade_chapters": trade_chapters,
    "peer_comparison": peer_comparison,
    "subsector_growth": subsector_growth,
    "vehicle_production": vehicle_production,
    "roadmap_sections": roadmap_sections,
    "roadmap_bodies": roadmap_bodies_chart,
    "roadmap_timeline": roadmap_timeline,
    "roadmap_due": roadmap_due_chart,
}

__all__ = [
    "CHARTS",
    "Chart",
    "claims_check",
    "division_growth",
    "domestic_market_chart",
    "house_style",
    "layout_problems",
    "machinery_trade",
    "missing_glyphs",
    "output_months",
    "output_trend",
    "peer_comparison",
    "revision_heatmap",
    "roadmap_bodies_chart",
    "roadmap_due_chart",
    "roadmap_sections",
    "roadmap_timeline",
    "share_of_manufacturing",
    "subsector_growth",
    "target_gap_dashboard",
    "trade_chapters",
    "value_added_quarters",
    "vehicle_production",
]
