"""Problems found in the inputs, each naming the file, row and column it concerns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["KzmachError", "Problem", "ValidationFailed", "listed"]


class KzmachError(Exception):
    """Base class of kzmach's own errors."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one input.

    ``row`` is the line number in the file where the record starts (the header is line 1);
    0 means the file as a whole. ``severity`` is ``error`` (fails check and build) or
    ``warning`` (reported, does not fail).
    """

    file: str
    row: int
    column: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


def listed(problems: Sequence[Problem], limit: int) -> str:
    """Write problems one per line (``  - ...``), the first ``limit`` of them, then a count."""
    lines = "\n".join(f"  - {p}" for p in problems[:limit])
    more = f"\n  ... and {len(problems) - limit} more" if len(problems) > limit else ""
    return lines + more


class ValidationFailed(KzmachError):
    """The inputs did not pass validation; ``problems`` lists every error found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{len(errors)} problem(s) in the raw inputs:\n{listed(errors, 50)}")
