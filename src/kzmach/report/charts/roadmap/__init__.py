"""Charts of the 2022 roadmap's measures: by section, by body, the timeline, what is due.

One module per chart (``sections``, ``bodies``, ``timeline``, ``due``), each split into
``select``, ``message`` and ``draw`` like the other charts; ``common`` holds their context
and footer, which cites the order itself.
"""

from kzmach.report.charts.roadmap.bodies import roadmap_bodies_chart
from kzmach.report.charts.roadmap.due import roadmap_due_chart
from kzmach.report.charts.roadmap.sections import roadmap_sections
from kzmach.report.charts.roadmap.timeline import roadmap_timeline

__all__ = ["roadmap_bodies_chart", "roadmap_due_chart", "roadmap_sections", "roadmap_timeline"]
