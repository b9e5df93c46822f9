"""``kzmach fetch``: download the Bureau's newest tables by recipe and ingest what changed.

For each recipe (:data:`kzmach.raw.releases.recipes.RECIPES`): download it with a well-kept
HTTP client (a timeout, retries with exponential backoff on timeouts, 5xx and 429 honouring
``Retry-After``, a polite delay between calls, a User-Agent naming kzmach); keep it only if
its bytes differ from the newest registered release of that table; check it (size bounds, a
workbook's data sheets); then ingest it as a new vintage with the recipe's name, unit and
index, the Taldau request stored beside it. Each table gets one line: ``new: periods to …``,
``unchanged``, ``offline: …`` or ``refused: …``. Nothing is written for a table that is
unchanged, refused or unreachable. How many values a new vintage adds and revises is said by
``kzmach fetch`` after it has built the data (:mod:`kzmach.cli.fetch`), by ``kzmach diff``'s
rules: this module sits below the tables it would need.

Nothing else in kzmach touches the network. ``KZMACH_FETCH_BASE`` (``http://127.0.0.1:8000``)
sends every request to another host, keeping the path: a local server standing in for the
Bureau, as the tests use it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Final

from kzmach._version import __version__
from kzmach.paths import project_paths
from kzmach.raw.releases.recipes import RECIPES, Recipe
from kzmach.raw.releases.registry import Release, read_records
from kzmach.raw.releases.taldau import manifest_of

__all__ = ["FetchOutcome", "HttpPolicy", "download", "fetch"]

#: The User-Agent every request carries.
USER_AGENT: Final = f"kzmach/{__version__} (+https://github.com/kzmach; official statistics)"
#: The environment variable that sends every request to another host (a local server).
BASE_VARIABLE: Final = "KZMACH_FETCH_BASE"


@dataclass(frozen=True, slots=True)
class HttpPolicy:
    """How politely and how persistently a download is made.

    Attributes
    ----------
    timeout
        Seconds to wait for an answer.
    attempts
        How many times a call is tried (a timeout, 5xx or 429 is tried again).
    backoff
        Seconds before the second attempt; doubled for each further one.
    delay
        Seconds between two tables' calls (the public fetchers wait 0.2–2 s).
    max_wait
        The longest ``Retry-After`` honoured, in seconds; a longer one refuses the table.
    """

    timeout: float = 90.0
    attempts: int = 3
    backoff: float = 2.0
    delay: float = 1.0
    max_wait: float = 120.0


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What fetching one table did: ``new``, ``unchanged``, ``offline``, ``refused``, ``would``.

    A ``new`` download names the release it was ingested as (``source/release-id``) and the
    newest release of the table before it (empty for the first download).
    """

    table: str
    status: str
    message: str
    release: str = ""
    previous: str = ""

    def line(self) -> str:
        """Return the line ``kzmach fetch`` prints for the table."""
        return (
            f"{self.table}: {self.status}: {self.message}"
            if self.message
            else (f"{self.table}: {self.status}")
        )


class _Retry(Exception):
    """A call to try again, after ``wait`` seconds if the server said so."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class DownloadError(Exception):
    """A download that failed for good: ``offline`` (no answer) or ``refused`` (an answer)."""

    def __init__(self, status: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def _address(url: str) -> str:
    """Return ``url`` sent to :data:`BASE_VARIABLE`'s host, if set."""
    base = os.environ.get(BASE_VARIABLE, "").rstrip("/")
    if not base:
        return url
    parts = urllib.parse.urlsplit(url)
    return base + urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))


def _retry_after(value: str | None) -> float | None:
    """Read a ``Retry-After`` header: seconds, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _call(recipe: Recipe, policy: HttpPolicy) -> bytes:
    """Make one call; raise :class:`_Retry` for what is worth another try."""
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    data = None
    if recipe.kind == "taldau-tree":
        data = urllib.parse.urlencode(recipe.request).encode()
        headers |= {
            "X-Requested-With": "XMLHttpRequest",
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
        }
    request = urllib.request.Request(_address(recipe.url), data=data, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=policy.timeout) as answer:
            return bytes(answer.read())
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            wait = _retry_after(error.headers.get("Retry-After"))
            raise _Retry(f"HTTP {error.code}", wait) from None
        raise DownloadError("refused", f"HTTP {error.code} {error.reason}") from None
    except TimeoutError:
        raise _Retry(f"no answer in {policy.timeout:g} s") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _Retry(f"no answer in {policy.timeout:g} s") from None
        host = urllib.parse.urlsplit(_address(recipe.url)).netloc
        raise DownloadError("offline", f"cannot reach {host} ({error.reason})") from None


def download(
    recipe: Recipe, policy: HttpPolicy, sleep: Callable[[float], None] = time.sleep
) -> bytes:
    """Download a recipe's table, retrying timeouts, 5xx and 429 with backoff.

    Raises
    ------
    DownloadError
        ``offline`` when no server answers; ``refused`` when every attempt failed or the
        server refused the call (4xx), or asked to wait longer than ``policy.max_wait``.
    """
    last = ""
    for attempt in range(policy.attempts):
        try:
            return _call(recipe, policy)
        except _Retry as again:
            last = str(again)
            if attempt + 1 == policy.attempts:
                break
            wait = policy.backoff * 2**attempt if again.wait is None else again.wait
            if wait > policy.max_wait:
                raise DownloadError(
                    "refused", f"{last}: asked to wait {wait:g} s, over {policy.max_wait:g}"
                ) from None
            sleep(wait)
    raise DownloadError("refused", f"{last} after {policy.attempts} attempts")


def _check(recipe: Recipe, path: Path) -> str:
    """Return why a download must not be ingested, or an empty string."""
    size = path.stat().st_size
    if not recipe.min_bytes <= size <= recipe.max_bytes:
        return (
            f"{size:,} bytes, outside {recipe.min_bytes:,}–{recipe.max_bytes:,} "
            "(a stub or an error page?)"
        )
    if recipe.data_sheets:
        import openpyxl

        try:
            names = openpyxl.load_workbook(path, read_only=True).sheetnames
        except Exception as error:  # any unreadable workbook is refused
            return f"not a workbook ({type(error).__name__})"
        if not any(word in name for name in names for word in recipe.data_sheets):
            return f"no data sheet (sheets: {', '.join(names)}): a stub served while regenerated?"
    if recipe.kind == "taldau-tree":
        try:
            nodes = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            return "not JSON"
        if not isinstance(nodes, list) or not nodes:
            return "no tree nodes"
    return ""


def _newest(root: Path, recipe: Recipe) -> Release | None:
    """Return the newest registered download of a recipe's table, or None."""
    import re

    pattern = re.compile(rf"\d{{4}}-\d{{2}}-\d{{2}}-{re.escape(recipe.table)}(-[0-9a-f]{{8}})?")
    releases, _ = read_records(project_paths(root))
    mine = [r for r in releases if r.source == recipe.source and pattern.fullmatch(r.release_id)]
    return max(mine, key=lambda r: (r.published, r.ingested_at)) if mine else None


def _periods(new: Path, recipe: Recipe, first: bool) -> str:
    """Say how far a new download's periods run (and, for a first download, its values)."""
    from kzmach.raw.releases.readers import read_release

    fresh = read_release(new, recipe.format).to_pandas()
    periods = fresh["period"].astype(str)
    below_year = periods[fresh["period_type"].astype(str) != "year"]
    latest = str(below_year.max() if not below_year.empty else periods.max())
    return f"periods to {latest}" + (f" ({len(fresh)} values, the first download)" if first else "")


def _save(recipe: Recipe, content: bytes, folder: Path, today: str) -> Path:
    """Write the download, and a Taldau request beside it, into ``folder``."""
    path = folder / recipe.file_name
    path.write_bytes(content)
    if recipe.kind == "taldau-tree":
        manifest = {
            "downloaded_at": f"{today}T{datetime.now(UTC):%H:%M:%S}Z",
            "source_url": recipe.url,
            "request_body": recipe.request,
            "fetched_by": f"kzmach {__version__}",
        }
        manifest_of(path).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    return path


def _fetch_one(
    recipe: Recipe, root: Path, policy: HttpPolicy, today: str, sleep: Callable[[float], None]
) -> FetchOutcome:
    """Download, compare, check and ingest one table (module docstring)."""
    import hashlib

    from kzmach.pipeline.ingest import ingest
    from kzmach.raw.releases.store import IngestError

    try:
        content = download(recipe, policy, sleep)
    except DownloadError as error:
        return FetchOutcome(recipe.table, error.status, str(error))
    newest = _newest(root, recipe)
    sha = hashlib.sha256(content).hexdigest()
    if newest is not None and newest.sha256 == sha:
        return FetchOutcome(recipe.table, "unchanged", "")
    with tempfile.TemporaryDirectory(prefix="kzmach-fetch-") as folder:
        path = _save(recipe, content, Path(folder), today)
        problem = _check(recipe, path)
        if problem:
            return FetchOutcome(recipe.table, "refused", problem)
        release_id = f"{today}-{recipe.table}"
        if newest is not None and newest.release_id == release_id:
            release_id += f"-{sha[:8]}"  # a second change on the same day
        try:
            ingested = ingest(
                path, published=today, accessed=today, fmt=recipe.format, source=recipe.source,
                release_id=release_id, name=recipe.name or None, unit=recipe.unit or None,
                index_id=recipe.index_id or None, url=recipe.url, publisher=recipe.publisher,
                root=root,
            )  # fmt: skip
        except IngestError as error:
            first = error.problems[0]
            return FetchOutcome(recipe.table, "refused", f"{first.column}: {first.message}")
        message = _periods(path, recipe, first=newest is None)
        previous = "" if newest is None else newest.key
        return FetchOutcome(recipe.table, "new", message, ingested.release.key, previous)


def fetch(
    tables: Sequence[str] | None = None,
    *,
    dry_run: bool = False,
    root: str | os.PathLike[str] | None = None,
    policy: HttpPolicy | None = None,
    recipes: dict[str, Recipe] | None = None,
    today: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchOutcome]:
    """Fetch tables by recipe (all when ``tables`` is None); see the module docstring.

    Parameters
    ----------
    tables
        Recipe names (``import-prices``); None: every recipe.
    dry_run
        Say what would be fetched, from where, into which format; fetch nothing.
    policy
        Timeouts, retries, backoff and delay (:class:`HttpPolicy`).
    recipes
        The recipes to choose from (default :data:`~kzmach.raw.releases.recipes.RECIPES`).
    today
        The download's date, its ``published`` and ``accessed`` (default: today).

    Returns
    -------
    list of FetchOutcome
        One per table, in the order asked.

    Raises
    ------
    KeyError
        For a table with no recipe, naming those there are.
    """
    known = RECIPES if recipes is None else recipes
    names = list(known) if tables is None else list(tables)
    unknown = [name for name in names if name not in known]
    if unknown:
        raise KeyError(f"no recipe for {', '.join(unknown)}; the tables: {', '.join(known)}")
    paths = project_paths(root)
    policy = policy or HttpPolicy()
    day = today or date.today().isoformat()
    outcomes = []
    for number, name in enumerate(names):
        recipe = known[name]
        if dry_run:
            newest = _newest(paths.root, recipe)
            since = "none registered" if newest is None else f"newest {newest.release_id}"
            outcomes.append(
                FetchOutcome(
                    name, "would fetch", f"{_address(recipe.url)} as {recipe.format} ({since})"
                )
            )
            continue
        if number:
            sleep(policy.delay)
        outcomes.append(_fetch_one(recipe, paths.root, policy, day, sleep))
    return outcomes
