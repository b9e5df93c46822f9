"""``kzmach fetch``: its options and what it prints (:mod:`kzmach.pipeline.fetch` does the work)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kzmach.pipeline.fetch import FetchOutcome

__all__ = ["add_fetch_command", "run_fetch", "with_changes"]


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
    from kzmach.errors import ValidationFailed

    outcomes = fetch(None if args.all else args.tables, dry_run=args.dry_run, root=args.root)
    if any(o.status == "new" for o in outcomes):
        try:
            outcomes = with_changes(outcomes, args.root)
        except ValidationFailed:
            print("\n".join(o.line() for o in outcomes))
            raise  # said by main: the build's errors, by file, row and column
    for outcome in outcomes:
        print(outcome.line())
    if any(o.status == "new" for o in outcomes):
        print("next: `make report` redraws the charts and the deck from the rebuilt data")
    return 1 if any(o.status in ("offline", "refused") for o in outcomes) else 0


def with_changes(outcomes: list[FetchOutcome], root: Any) -> list[FetchOutcome]:
    """Build the data, then add to each new vintage what ``kzmach diff`` finds against the last.

    The counts are of the file's own values (published, or computed with more decimals than
    the source publishes), as :func:`kzmach.analysis.vintages.diff` compares them; the sums
    kzmach derives from them are left out of the count (``kzmach diff`` lists them too).

    Raises
    ------
    ValidationFailed
        When the data with the new vintages does not build.
    """
    from dataclasses import replace

    import kzmach

    kzmach.build(root)
    said = []
    for outcome in outcomes:
        if outcome.status == "new" and outcome.previous:
            changes = kzmach.diff(outcome.previous, outcome.release, root=root)
            counts = changes[changes["kind"] != "derived"]["change"].astype(str).value_counts()
            parts = [f"{counts.get('new', 0)} new", f"{counts.get('revised', 0)} revised"]
            if counts.get("removed", 0):
                parts.append(f"{counts['removed']} removed")
            outcome = replace(outcome, message=f"{outcome.message} ({', '.join(parts)})")
        said.append(outcome)
    return said
