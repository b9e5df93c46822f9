"""Input an ingest refuses as doubtful: dates no download can have, periods after publication.

A file or an option can be well formed and still wrong: a release dated 9999, a file
downloaded before it was published, a month of 2031 in a table published in 2027. Each is
refused by name before anything is written (:func:`kzmach.raw.releases.store.ingest`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from kzmach.errors import Problem

if TYPE_CHECKING:
    import polars as pl

__all__ = ["EARLIEST_PUBLICATION", "check_dates", "future_periods", "not_a_file"]


#: The earliest publication date a release may have: the Bureau's series begin in 1990.
EARLIEST_PUBLICATION: Final = date(1990, 1, 1)


def check_dates(dates: dict[str, str], problems: list[Problem]) -> None:
    """Refuse dates no download can have: before 1990, after today, accessed before published."""
    today = date.today()
    given = {option: date.fromisoformat(value) for option, value in dates.items() if value}
    for option, day in given.items():
        if day < EARLIEST_PUBLICATION or day > today:
            problems.append(
                Problem(
                    option,
                    0,
                    "",
                    f"{day.isoformat()} is outside {EARLIEST_PUBLICATION.isoformat()} to today "
                    f"({today.isoformat()}): give the day the release was published "
                    "(or downloaded)",
                )
            )
    published, accessed = given.get("--published"), given.get("--accessed")
    if published and accessed and accessed < published:
        problems.append(
            Problem(
                "--accessed",
                0,
                "",
                f"{accessed.isoformat()} is before --published {published.isoformat()}: a file "
                "cannot be downloaded before it was published",
            )
        )


def not_a_file(path: Path) -> str:
    """Say why ``path`` is no file to ingest (missing, a folder, a pipe...), or ''."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return f"cannot be read: {error.strerror or type(error).__name__}"
    if stat.S_ISDIR(mode):
        return "is a directory, not a file: give the release file inside it"
    if not stat.S_ISREG(mode):
        return (
            "is not a regular file (a pipe, a device or a socket): save the download to a "
            "file and ingest that"
        )
    return ""


def future_periods(rows: pl.DataFrame, published: str, label: str) -> list[Problem]:
    """Return the problem of values whose periods begin after the release was published.

    A release cannot hold an outturn of a month that had not started on its publication
    date: such a row is a typing error in the file or in ``--published``.
    """
    import polars as pl

    from kzmach.text.periods import PeriodParseError, parse_period

    day = date.fromisoformat(published)
    starts: dict[str, date | None] = {}
    for period in rows["period"].cast(pl.String).unique().to_list():
        try:
            starts[period] = parse_period(period).start
        except PeriodParseError:
            starts[period] = None
    later = sorted(p for p, start in starts.items() if start is not None and start > day)
    if not later:
        return []
    first = (
        rows.filter(pl.col("period").cast(pl.String).is_in(later)).sort("row").row(0, named=True)
    )
    return [
        Problem(
            label,
            int(first["row"]),
            "period",
            f"{len(later)} period(s) begin after the publication date {published} "
            f"(first {first['period_as_written']!r}, latest {later[-1]}): a release holds "
            "no outturn of a period that had not begun; check the file and --published",
        )
    ]
