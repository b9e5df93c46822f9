"""kzmach.report."""
