"""kzmach.metadata."""
