"""The source registry: the raw files kzmach reads, their hashes, and the web pages behind them.

``data/raw/sources.csv`` lists each raw file once (id, kind, title, publisher, language,
publication date, address, path under ``data/raw`` and sha256). The build verifies every
hash: a raw file that changed is reported, never silently used.

A collection (kind ``collection``, such as ``public-pages``) is one file holding statements
from many web pages; each page becomes a source of its own here, with an id derived from its
address (``web-<host>-<hash>``), so that the observations cite the page, not the collection.
A figure row names the collection and the line of the statement it was read from.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlparse

from kzmach.errors import Problem
from kzmach.files import file_sha256, read_csv_table
from kzmach.metadata.vocabulary import SOURCE_KINDS, VINTAGE_PRECISIONS
from kzmach.paths import ProjectPaths
from kzmach.text.periods import Published, parse_published

__all__ = [
    "PageRow",
    "Registry",
    "Source",
    "detect_language",
    "load_registry",
    "source_origin",
]

SOURCE_COLUMNS = (
    "source_id",
    "kind",
    "title",
    "publisher",
    "language",
    "published",
    "url",
    "path",
    "sha256",
    "note",
)
PAGE_COLUMNS = (
    "indicator",
    "period",
    "value",
    "unit",
    "measure",
    "source_url",
    "source_title",
    "published",
    "quote",
)


@dataclass(frozen=True, slots=True)
class Source:
    """One source: a registered raw file or a web page from the collection."""

    source_id: str
    kind: str
    title: str
    publisher: str
    language: str
    published: str
    url: str
    path: str
    sha256: str
    note: str
    via: str = ""
    #: The decimal mark of the source's numbers when it is not the language's usual one.
    decimal_mark: str = ""


@dataclass(frozen=True, slots=True)
class PageRow:
    """One statement of a collection, with the collection and its line in the file."""

    collection: str
    line: int
    source_id: str
    fields: dict[str, str]


@dataclass(slots=True)
class Registry:
    """Registered sources, document texts and the collections' rows by (collection, line)."""

    sources: dict[str, Source]
    documents: dict[str, str]
    page_rows: dict[tuple[str, int], PageRow]
    problems: list[Problem]


def detect_language(text: str) -> str:
    """Guess a quote's language from its letters: kk, uz, ru, tr or en.

    Kazakh-only letters (ә ң ө ұ ү і һ) mean Kazakh; ў or ҳ Uzbek; other Cyrillic Russian;
    Turkish-only Latin letters (ğ ş ı) Turkish; anything else English.
    """
    lowered = text.lower()
    if re.search(r"[әңөұүіһ]", lowered):
        return "kk"
    if re.search(r"[ўҳ]", lowered):
        return "uz"
    if re.search(r"[а-яё]", lowered):
        return "ru"
    if re.search(r"[ğşı]", lowered):
        return "tr"
    return "en"


def source_origin(url: str, source_id: str) -> str:
    """Return where a source's numbers come from, so that one origin is counted once.

    A public repository mirroring the Bureau's tables is one origin whichever of its files
    (or whichever page quoting it) a figure came through: ``github.com/<owner>/<repo>``.
    Any other source is its own origin (its ``source_id``).
    """
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.")
    parts = [part for part in parsed.path.split("/") if part]
    if host == "github.com" and len(parts) >= 2:
        return f"{host}/{parts[0]}/{parts[1]}".lower()
    return source_id


def page_source_id(url: str) -> str:
    """Return the stable source id of a web page: ``web-<host>-<6 hex of sha1(url)>``."""
    host = urlparse(url).netloc.lower().removeprefix("www.").rstrip(".") or "unknown"
    return f"web-{host}-{hashlib.sha1(url.encode('utf-8')).hexdigest()[:6]}"


def load_registry(paths: ProjectPaths) -> Registry:
    """Read and verify the registry; problems are collected, not raised."""
    problems: list[Problem] = []
    registry_file = paths.relative(paths.sources_csv)
    sources: dict[str, Source] = {}
    documents: dict[str, str] = {}
    page_rows: dict[tuple[str, int], PageRow] = {}
    if not paths.sources_csv.is_file():
        problems.append(Problem(registry_file, 0, "", "source registry not found"))
        return Registry(sources, documents, page_rows, problems)
    records, read_problems = read_csv_table(
        paths.sources_csv, SOURCE_COLUMNS, label=registry_file, any_order=True, extra_columns=True
    )
    problems += read_problems
    for row, record in records:
        source = Source(**{c: record[c].strip() for c in SOURCE_COLUMNS})
        if source.source_id in sources:
            problems.append(Problem(registry_file, row, "source_id", "duplicate source id"))
            continue
        if source.kind not in SOURCE_KINDS:
            problems.append(Problem(registry_file, row, "kind", f"unknown kind {source.kind!r}"))
        raw_path = paths.raw / source.path
        if not source.path or not raw_path.is_file():
            problems.append(
                Problem(registry_file, row, "path", f"raw file {source.path!r} not found")
            )
            continue
        actual = file_sha256(raw_path)
        if actual != source.sha256:
            problems.append(
                Problem(
                    paths.relative(raw_path),
                    0,
                    "",
                    f"sha256 changed: the registry ({registry_file}, row {row}) says "
                    f"{source.sha256[:12]}..., the file is {actual[:12]}...; raw files are "
                    "never edited: restore it, or register the new file as a new source",
                )
            )
            continue
        sources[source.source_id] = source
        if source.kind == "document":
            documents[source.source_id] = raw_path.read_text(encoding="utf-8")
    for collection in [s for s in sources.values() if s.kind == "collection"]:
        _read_pages(paths, collection, sources, page_rows, problems)
    return Registry(sources, documents, page_rows, problems)


#: How precisely a publication date is known, most precise first.
_PRECISION_RANK: Final = {p: rank for rank, p in enumerate(VINTAGE_PRECISIONS)}


def published_as_known(published: Published) -> str:
    """Write a publication date as precisely as it is known, so it reads back the same.

    A day as ``2023-09-14``, a month as ``2023-09``, a year as ``2022`` ("early 2022" says
    no more than the year), nothing when unknown. Read back, a month or a year is its last
    day: a figure is never shown as known before its source could have been published.
    """
    if published.date is None:
        return ""
    iso = published.date.isoformat()
    return {"day": iso, "month": iso[:7], "year": iso[:4]}.get(published.precision, "")


def _better_known(published: Published, known: Source) -> bool:
    """Whether a page's date, collected again, is known more precisely than before."""
    before = parse_published(known.published).precision
    return _PRECISION_RANK[published.precision] < _PRECISION_RANK[before]


def _read_pages(
    paths: ProjectPaths,
    collection: Source,
    sources: dict[str, Source],
    page_rows: dict[tuple[str, int], PageRow],
    problems: list[Problem],
) -> None:
    path = paths.raw / collection.path
    name = paths.relative(path)
    records, read_problems = read_csv_table(
        path, PAGE_COLUMNS, label=name, any_order=True, extra_columns=True
    )
    problems += read_problems
    for start, record in records:
        url = record["source_url"].strip()
        source_id = page_source_id(url)
        page_rows[(collection.source_id, start)] = PageRow(
            collection.source_id, start, source_id, dict(record)
        )
        published = parse_published(record["published"] or "")
        known = sources.get(source_id)
        if known is not None and not _better_known(published, known):
            continue
        sources[source_id] = Source(
            source_id=source_id,
            kind="web_page",
            title=(record["source_title"] or "").strip().strip("—").strip(),
            publisher=urlparse(url).netloc.removeprefix("www."),
            language=detect_language(record["quote"] or ""),
            published=published_as_known(published),
            url=url,
            path=collection.path,
            sha256="",
            note=f"publication date as collected: {record['published']!r}"
            if published.precision != "day"
            else "",
            via=collection.source_id,
        )
