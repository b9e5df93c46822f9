"""``kzmach fetch``: its options and what it prints (:mod:`kzmach.pipeline.fetch` does the work)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

__all__ = ["add_fetch_command", "run_fetch"]


def add_fetch_command(commands: Any) -> None:
    """Add ``kzmach fetch [TABLE …|--all] [--dry-run]``."""
    from kzmach.raw.releases.recipes import RECIPES

    fetch = commands.add_parser(
        "fetch",
        help="download the Bureau's newest tables by recipe and ingest what changed",
        description="Download each table by its recipe (timeouts, retries with backoff, "
        "Retry-After, a polite delay), keep it only if it differs from the newest registered "
        "download, check it, and ingest it as a new vintage. One line per table. Then run "
        f"`make report`. The tables: {', '.join(RECIPES)}.",
    )
    fetch.add_argument("tables", nargs="*", metavar="TABLE", help="tables to fetch")
    fetch.add_argument("--all", action="store_true", help="every table with a recipe")
    fetch.add_argument("--dry-run", action="store_true", help="say what would be fetched")


def run_fetch(args: argparse.Namespace) -> int:
    """Fetch the tables asked for; exit 1 if any was offline or refused, 2 on bad usage."""
    from kzmach.pipeline.fetch import fetch

    if bool(args.tables) == bool(args.all):
        print("kzmach: name the tables to fetch, or give --all (not both)", file=sys.stderr)
        return 2
    outcomes = fetch(None if args.all else args.tables, dry_run=args.dry_run, root=args.root)
    for outcome in outcomes:
        print(outcome.line())
    if any(o.status == "new" for o in outcomes):
        print("next: `make report` (or `kzmach build`) rebuilds the data, charts and deck")
    return 1 if any(o.status in ("offline", "refused") for o in outcomes) else 0
