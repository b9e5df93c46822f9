"""kzmach.raw.releases."""
