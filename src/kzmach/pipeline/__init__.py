"""kzmach.pipeline."""
