"""kzmach.text."""
