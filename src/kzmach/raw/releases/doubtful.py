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
from kzmach.paths import ProjectPaths

if TYPE_CHECKING:
    import polars as pl

    from kzmach.text.periods import Period

__all__ = [
    "EARLIEST_PUBLICATION",
    "check_dates",
    "future_periods",
    "not_a_file",
    "vintage_order",
]


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

    day = date.fromisoformat(published)
    later = sorted(p for p, parsed in _periods(rows).items() if parsed.start > day)
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


def vintage_order(
    paths: ProjectPaths, published: str, rows: pl.DataFrame, fmt: str, label: str
) -> list[Problem]:
    """Return the problem of a release dated before a vintage of its table it runs past.

    Its table's other vintages are the registered releases of the same format holding an
    indicator of the same name. A release published before one of them while holding later
    periods cannot be an older vintage: its ``--published`` is wrong (the recipe's example
    date, say), and as the older vintage it would lose to the earlier download wherever
    both hold a period. Confirmed with ``--confirm-published``, it is not checked.
    """
    import polars as pl

    from kzmach.raw.releases.convert import described_rows
    from kzmach.raw.releases.readers import ReleaseError, read_release
    from kzmach.raw.releases.registry import read_records

    latest = _latest_period(rows)
    if latest is None:  # no period to run past another vintage's: nothing to read
        return []
    names = set(rows["indicator_name"].cast(pl.String).unique().to_list())
    day = date.fromisoformat(published)
    problems = []
    for other in read_records(paths)[0]:
        if other.format != fmt or date.fromisoformat(other.published) <= day:
            continue
        try:
            held = read_release(
                Path(other.folder) / other.file, other.format, None, other.sheet or None
            )
        except ReleaseError:  # the build names a damaged registered file
            continue
        held, _ = described_rows(held, {"name": other.name, "unit": other.unit})
        if not names & set(held["indicator_name"].cast(pl.String).unique().to_list()):
            continue
        theirs = _latest_period(held)
        if theirs is not None and latest[0] > theirs[0]:
            problems.append(
                Problem(
                    "--published",
                    0,
                    "",
                    f"{published} is before {other.key} (published {other.published}), a "
                    f"vintage of the same table, yet {label} runs to {latest[1]} and it only to "
                    f"{theirs[1]}: a later download cannot be an older vintage. Give the day the "
                    "Bureau released it, or the day you downloaded it when the source gives no "
                    "date (`kzmach releases` lists the vintages); if the date is right, repeat "
                    "with --confirm-published",
                )
            )
    return problems


def _latest_period(rows: pl.DataFrame) -> tuple[date, str] | None:
    """Return the end of the latest period of ``rows`` and its label, or None."""
    ends = [(parsed.end, period) for period, parsed in _periods(rows).items()]
    return max(ends) if ends else None


def _periods(rows: pl.DataFrame) -> dict[str, Period]:
    """Return each distinct period of ``rows`` parsed (one kzmach cannot parse left out)."""
    import polars as pl

    from kzmach.text.periods import PeriodParseError, parse_period

    parsed = {}
    for period in rows["period"].cast(pl.String).unique().to_list():
        try:
            parsed[period] = parse_period(period)
        except PeriodParseError:
            continue
    return parsed
