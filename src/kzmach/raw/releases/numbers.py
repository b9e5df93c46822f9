"""How a release's numbers are read, and how every number of a file is accounted for.

One rule per file (:func:`file_decimal_mark`): a release's numbers share one decimal mark,
never switched by a stray cell; only plain numbers are read (:func:`parse_numbers`), and
exponent notation, NaN and infinities are refused by their cell
(:func:`number_form_problem`). The reader and the conversion to observations apply the same
rule to the same cells (:func:`release_decimal_mark`), so an observation's value is the
reader's. :class:`Accounting` counts what became of every number in a file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from kzmach.metadata.vocabulary import VALUE_MARKERS

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "MAX_MAGNITUDE",
    "NOT_GROUPED",
    "Accounting",
    "file_decimal_mark",
    "implied_decimal_mark",
    "number_form_problem",
    "parse_numbers",
    "release_decimal_mark",
]


#: The largest number a release may hold: beyond it a value is no published figure but a
#: damaged cell (``1e309``, a 400-digit run), and float arithmetic on it is no longer exact.
MAX_MAGNITUDE: Final = 1e15
#: How a file's numbers may be written: digits, spaces grouping thousands, one decimal mark.
_NUMBER_FORM: Final = re.compile(r"[+-]?[0-9][0-9\s\u00a0\u202f.,]*")
_EXPONENT_FORM: Final = re.compile(r"[+-]?[0-9.,]+[eE][+-]?[0-9]+")
_NOT_FINITE: Final = re.compile(r"[+-]?(nan|inf|infinity)", re.IGNORECASE)


#: What :func:`implied_decimal_mark` returns for separators that group no thousands
#: (``1000,000``, ``10,00,000``): no number in either convention.
NOT_GROUPED: Final = "?"


def _grouped(text: str, mark: str) -> bool:
    """Tell whether ``mark`` groups ``text``'s digits in threes (``1,234,567``)."""
    return re.fullmatch(rf"[+-]?[0-9]{{1,3}}(\{mark}[0-9]{{3}})+", text) is not None


def implied_decimal_mark(text: str, declared: str) -> str | None:
    """Return the decimal mark one number's writing implies, or None if it implies none.

    Both marks (``1.234,5``): the last is the decimal mark, the other must group thousands.
    One mark several times (``1.234.567``): it groups thousands, so the other is the decimal
    mark. One mark once: it is the decimal mark, except in a format whose declared mark is
    the other one, where a mark that groups thousands is read so (``1.234`` in a
    decimal-comma bulletin). Separators that group no thousands give :data:`NOT_GROUPED`.
    """
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    commas, points = digits.count(","), digits.count(".")
    if commas and points:
        decimal = "," if digits.rfind(",") > digits.rfind(".") else "."
        integer = digits[: digits.rfind(decimal)]
        group = "." if decimal == "," else ","
        return decimal if _grouped(integer, group) else NOT_GROUPED
    if commas > 1 or points > 1:
        group = "," if commas else "."
        return ("." if commas else ",") if _grouped(digits, group) else NOT_GROUPED
    if not (commas or points):
        return None
    mark = "," if commas else "."
    if declared in (",", ".") and mark != declared and _grouped(digits, mark):
        return None  # a thousands group in the declared convention
    return mark


def file_decimal_mark(written: Sequence[str], declared: str) -> tuple[str, dict[str, str]]:
    """Return the one decimal mark of a file's numbers and the cells that disagree with it.

    ``written`` are the value cells as written, in file order; ``declared`` the format's mark
    (:attr:`~kzmach.raw.releases.formats.ReleaseFormat.decimal_mark`). A format that declares
    ``"."`` or ``","`` keeps it; ``"point unless commas"`` takes the mark its numbers imply, a
    point when they imply none. One rule applies to the whole file and is never switched by a
    stray cell: every cell whose writing implies the other mark disagrees, and is returned as
    ``{text: implied mark}`` so that the file can be refused naming it (``12,5`` among
    ``2.707``: is ``2.707`` 2.7 or 2 707?).
    """
    implied: dict[str, str] = {}
    for text in written:
        mark = implied_decimal_mark(text, declared)
        if mark is not None and _NUMBER_FORM.fullmatch(text):
            implied[text] = mark
    if declared in (",", "."):
        return declared, {t: m for t, m in implied.items() if m != declared}
    counts = {m: sum(1 for x in implied.values() if x == m) for m in (".", ",")}
    mark = "," if counts[","] and not counts["."] else "."
    if counts["."] and counts[","]:
        # the mark of fewer cells is the stray one; on a tie, the one met second
        first = next(m for m in implied.values() if m != NOT_GROUPED)
        stray = min((".", ","), key=lambda m: (counts[m], m == first))
        mark = "." if stray == "," else ","
    return mark, {t: m for t, m in implied.items() if m != mark}


def parse_numbers(raw: pl.Expr, decimal_mark: str = ".") -> pl.Expr:
    """Parse numbers written with one decimal mark (spaces of any kind group thousands).

    ``","``: a decimal comma, points group thousands (``1.234,5`` is 1234.5); ``"."``: a
    decimal point, commas group thousands (``1,234.5``). The file's mark comes from
    :func:`file_decimal_mark`. Only plain numbers are read: exponent notation, ``NaN`` and
    infinities are not numbers here (:func:`number_form_problem` says why). The one rule for
    prose is :func:`kzmach.text.numbers.parse_number`.
    """
    import polars as pl

    digits = raw.str.replace_all(r"[\s\u00a0\u202f]", "")
    plain = digits.str.contains(r"^[+-]?[0-9][0-9.,]*$")
    if decimal_mark == ",":
        digits = digits.str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
    else:
        digits = digits.str.replace_all(",", "", literal=True)
    return pl.when(plain).then(digits.cast(pl.Float64, strict=False)).otherwise(None)


def number_form_problem(text: str) -> str | None:
    """Say why a value cell that is not a plain number is refused, or None if it is no number.

    Exponent notation (``12e3``, ``1E5``) is no form the Bureau or the World Bank publishes
    and reads differently in different tools; ``NaN`` and infinities are no values at all.
    """
    stripped = text.strip()
    if _NOT_FINITE.fullmatch(stripped):
        return f"{text!r} is not a number (NaN or an infinity): a damaged or computed cell"
    if _EXPONENT_FORM.fullmatch(stripped):
        return (
            f"{text!r} is written in exponent notation, which no release format here uses "
            "(and tools read differently): write the number out in full"
        )
    return None


def release_decimal_mark(values: pl.Series, declared: str) -> tuple[str, dict[str, str]]:
    """Apply :func:`file_decimal_mark` to a column of values as written.

    Each distinct text is judged once, in the order first met. Returns the file's mark and
    the disagreeing texts with the mark each implies.
    """
    import polars as pl

    distinct = values.cast(pl.String).drop_nulls().unique(maintain_order=True)
    return file_decimal_mark(distinct.filter(distinct.str.contains(r"[.,]")).to_list(), declared)


@dataclass(slots=True)
class Accounting:
    """Every number of a release file, accounted for: read as a value, a mark, or set aside.

    The readers fill it as they read: ``where`` (the sheet read, for a workbook),
    ``skipped`` (sheets not read, with why), ``flagged`` (values read and kept with a flag in
    their note, by reason), ``excluded`` (numbers that are not values, by
    reason: a period heading, a footnote, a row label); :func:`finish` adds the values and
    the marks. :meth:`summary` is the line ``kzmach ingest`` prints.
    """

    where: str = ""
    skipped: list[str] = field(default_factory=list)
    values: int = 0
    markers: dict[str, int] = field(default_factory=dict)
    excluded: dict[str, int] = field(default_factory=dict)
    flagged: dict[str, int] = field(default_factory=dict)

    def flag(self, reason: str, count: int) -> None:
        """Count ``count`` values read and kept, but flagged for ``reason`` (in their note)."""
        self.flagged[reason] = self.flagged.get(reason, 0) + count

    def exclude(self, reason: str, count: int = 1) -> None:
        """Count ``count`` numbers of the file set aside for ``reason``."""
        self.excluded[reason] = self.excluded.get(reason, 0) + count

    def marked(self) -> tuple[str, ...]:
        """Count the cells with a mark instead of a number, most first.

        Each line reads ``24 '-' (no such activity)``; an empty cell counts as not published.
        """
        ordered = sorted(self.markers.items(), key=lambda item: (-item[1], item[0]))
        return tuple(
            f"{count} {mark!r} ({VALUE_MARKERS.get(mark, 'unknown mark')})"
            for mark, count in ordered
        )

    def summary(self) -> str:
        """Return the accounting in one line: ``N cells in sheet 'X': N values, ...``."""
        marked = sum(self.markers.values())
        excluded = sum(self.excluded.values())
        parts = [f"{self.values} values", *self.marked()]
        parts += [f"{count} {reason}" for reason, count in self.excluded.items()]
        where = f" in {self.where}" if self.where else ""
        line = f"{self.values + marked + excluded} cells{where}: {', '.join(parts)}"
        if self.flagged:
            flags = "; ".join(f"{count} {reason}" for reason, count in self.flagged.items())
            line += f"; flagged, kept: {flags}"
        if self.skipped:
            line += f"; not read: {'; '.join(self.skipped)}"
        return line
