"""kzmach.analysis."""
