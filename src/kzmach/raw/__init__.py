"""kzmach.raw."""
