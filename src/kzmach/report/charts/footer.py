"""Chart footers generated from the plotted observations' own metadata.

A footer has three parts, all derived from the rows a chart plots (never typed by hand):

* **Sources**: each source's publisher with the years of the pages cited, most-cited first;
* **Notes**: the caveats that apply to those rows: year-to-date periods, nominal levels, real
  growth, growth of unstated basis, preliminary figures, periods the compiler inferred,
  values the source qualifies ("more than", "about", ...), and plans;
* **Data as of**: the as-of date and releases the chart shows, with the kzmach version and
  build date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata.vocabulary import CURATED_TABLE_NAMES, PUBLISHER_NAMES
from kzmach.text.periods import localised_label
from kzmach.text.translations import term

if TYPE_CHECKING:
    import pandas as pd

#: Columns of ``observations`` a footer reads.
FOOTER_COLUMNS: Final = (
    "figure_id",
    "figure_type",
    "period_type",
    "period_start",
    "period_end",
    "basis",
    "unit",
    "qualifier",
    "maturity",
    "inferred",
    "release",
    "vintage",
    "source_id",
    "source_kind",
    "source_title",
    "source_publisher",
    "source_url",
    "source_published",
)
YEAR_TO_DATE_TYPES: Final = ("ytd", "months", "half", "ytd_unstated")
MAX_SOURCES_SHOWN: Final = 9
MAX_PERIODS_SHOWN: Final = 6


@dataclass(frozen=True, slots=True)
class Footer:
    """A chart's footer: its lines as printed and the metadata they were made from."""

    source_line: str
    notes: tuple[str, ...]
    as_of_line: str
    sources: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    data_as_of: str = ""
    releases: tuple[str, ...] = field(default_factory=tuple)
    language: str = "en"

    @property
    def lines(self) -> list[str]:
        """Paragraphs to print, in order: sources, notes, as-of line."""
        paragraphs = [self.source_line]
        if self.notes:
            paragraphs.append(f"{term('note', self.language)}: " + " ".join(self.notes))
        paragraphs.append(self.as_of_line)
        return paragraphs

    @property
    def text(self) -> str:
        """The footer as one string, paragraphs separated by newlines."""
        return "\n".join(self.lines)


def source_label(publisher: str, language: str = "en") -> str:
    """Name a publisher in a footer: its name before any comma or bracket, in ``language``.

    Names of institutions come from :data:`kzmach.metadata.vocabulary.PUBLISHER_NAMES`; a
    web address or a name not declared there is written as it is.
    """
    key = publisher_key(publisher)
    return PUBLISHER_NAMES.get(key, {}).get(language, key)


def publisher_key(publisher: str) -> str:
    """Return a publisher's name before any comma or bracket: its key in the vocabulary."""
    for separator in (" (", ", "):
        publisher = publisher.split(separator, 1)[0]
    return publisher.strip()


def release_words(release: str, rows: pd.DataFrame, language: str = "en") -> str:
    """Say in words what a release key (``bns/2024-03-15-bulletin``, ``curated:public-pages``) is.

    A curated table by its name (:data:`~kzmach.metadata.vocabulary.CURATED_TABLE_NAMES`); a
    statistical release, or a document parsed whole (``parsed:seed-004``, the roadmap), by
    its publisher and publication date, read off ``rows`` (the observations it gave).
    """
    if release.startswith("curated:"):
        name = release.removeprefix("curated:")
        return CURATED_TABLE_NAMES.get(name, {}).get(language, name)
    given = rows[rows["release"] == release]
    if given.empty:
        return release
    first = given.iloc[0]
    published = _year_month_day(first["source_published"])
    return term(
        "document_words" if release.startswith("parsed:") else "release_words",
        language,
        publisher=source_label(str(first["source_publisher"]), language),
        published=published,
    )


def _year_month_day(published: object) -> str:
    text = "" if published is None else str(published)
    return text[:10]


def _year(published: object) -> str:
    text = "" if published is None else str(published)
    return text[:4] if text[:4].isdigit() else ""


def _periods(rows: pd.DataFrame, language: str) -> str:
    ordered = rows.drop_duplicates(["period_type", "period_start", "period_end"]).sort_values(
        ["period_start", "period_end"]
    )
    labels = list(
        dict.fromkeys(
            localised_label(kind, start.date(), end.date(), language)
            for kind, start, end in zip(
                ordered["period_type"], ordered["period_start"], ordered["period_end"], strict=True
            )
        )
    )
    shown = ", ".join(labels[:MAX_PERIODS_SHOWN])
    if len(labels) > MAX_PERIODS_SHOWN:
        shown += " " + term("and_more", language, n=len(labels) - MAX_PERIODS_SHOWN)
    return shown


def caveat_notes(rows: pd.DataFrame, language: str = "en") -> list[str]:
    """Return the caveat sentences that apply to ``rows`` (observations), in ``language``."""
    notes: list[str] = []

    def add(key: str, selected: pd.DataFrame, *, with_periods: bool = True) -> None:
        if selected.empty:
            return
        if with_periods:
            notes.append(term(key, language, periods=_periods(selected, language)))
        else:
            notes.append(term(key, language))

    add("note_ytd", rows[rows["period_type"].isin(YEAR_TO_DATE_TYPES)])
    # months of a flow are summed into spans; an index's months are not
    add("note_months", rows[(rows["period_type"] == "month") & (rows["basis"] != "price_index")])
    add("note_quarters", rows[rows["period_type"] == "quarter"])
    nominal = rows[rows["basis"] == "nominal_value"]
    in_dollars = nominal["unit"].astype(str).str.contains("USD")
    add("note_nominal", nominal[~in_dollars], with_periods=False)
    add("note_nominal_usd", nominal[in_dollars], with_periods=False)
    add("note_real", rows[rows["basis"] == "real_growth"], with_periods=False)
    add("note_unspecified", rows[rows["basis"] == "unspecified_growth"])
    add("note_preliminary", rows[rows["maturity"] == "preliminary"])
    add("note_inferred", rows[rows["inferred"].fillna("").str.contains("period")])
    add("note_more_than", rows[rows["qualifier"] == "more_than"])
    add("note_about", rows[rows["qualifier"] == "about"])
    add("note_bound", rows[rows["qualifier"].isin(["up_to", "at_least", "almost"])])
    add("note_plan", rows[rows["figure_type"].isin(["plan", "forecast"])])
    return notes


def source_entries(rows: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    """One record per source of ``rows``: id, title, publisher, URL, date and figure ids."""
    entries: list[dict[str, Any]] = []
    for source_id, group in rows.groupby("source_id", sort=False):
        first = group.iloc[0]
        entries.append(
            {
                "source_id": str(source_id),
                "kind": str(first["source_kind"]),
                "title": str(first["source_title"]),
                "publisher": str(first["source_publisher"]),
                "url": "" if first["source_url"] is None else str(first["source_url"]),
                "published": ""
                if first["source_published"] is None
                else str(first["source_published"]),
                "figures": sorted(str(f) for f in group["figure_id"]),
            }
        )
    return tuple(entries)


def _written_in(text: str) -> str:
    """Return the language a title is written in, by its letters.

    Kazakh letters (ә ғ қ ң ө ұ ү һ і) mean Kazakh, other Cyrillic Russian, Latin English.
    """
    if re.search(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]", text):
        return "kk"
    return "ru" if re.search(r"[а-яА-ЯёЁ]", text) else "en"


def observation_source(record: Any) -> dict[str, Any]:
    """Return an observation's source as :func:`source_title` reads it.

    ``record`` is an observation row (a dict or a Series) with its ``source_*`` fields.
    """
    return {
        "source_id": record.get("source_id", ""),
        "title": record.get("source_title", ""),
        "publisher": record.get("source_publisher", ""),
        "published": record.get("source_published", ""),
    }


def source_title(entry: Mapping[str, Any], language: str) -> str:
    """Return a source's title as a reader of ``language`` sees it in notes and tables.

    A title kzmach wrote (a document's description, a collection, a table) is declared in
    the catalogs as ``source_title:<source_id>`` and shown in the reader's language; a
    release of a statistical table is named as one, with its date; an original headline is
    kept verbatim and marked with its language when that is not the reader's ("(англ.)"); a
    source without a title is named by its publisher.
    """
    from kzmach.text.periods import written_date
    from kzmach.text.translations import is_declared

    source_id = str(entry.get("source_id", ""))
    if is_declared(f"source_title:{source_id}"):
        return term(f"source_title:{source_id}", language)
    if source_id.startswith("release-"):
        published = str(entry.get("published") or "")
        try:
            when = written_date(date.fromisoformat(published[:10]), language)
        except ValueError:
            when = published
        return term("release_title", language, date=when)
    title = str(entry.get("title") or "").strip()
    if not title or title in ("nan", "None"):
        return source_label(str(entry.get("publisher", "")), language)
    written_in = _written_in(title)
    if written_in == language:
        return title
    return f"{title} ({term(f'original_in:{written_in}', language)})"


def source_line(entries: Sequence[dict[str, Any]], language: str = "en") -> str:
    """Write the "Sources:" paragraph: publishers with their years, most-cited first."""
    by_label: dict[str, tuple[int, set[str]]] = {}
    for entry in entries:
        label = source_label(entry["publisher"], language) or entry["source_id"]
        count, years = by_label.get(label, (0, set()))
        year = _year(entry["published"])
        by_label[label] = (count + len(entry["figures"]), years | ({year} if year else set()))
    ranked = sorted(by_label.items(), key=lambda item: (-item[1][0], item[0]))
    parts = [
        f"{label} ({', '.join(sorted(years))})" if years else label
        for label, (_count, years) in ranked[:MAX_SOURCES_SHOWN]
    ]
    text = "; ".join(parts)
    if len(ranked) > MAX_SOURCES_SHOWN:
        text += "; " + term("and_more", language, n=len(ranked) - MAX_SOURCES_SHOWN)
    key = "source" if len(ranked) == 1 else "sources"
    return f"{term(key, language)}: {text}."


def compose_footer(
    rows: pd.DataFrame,
    language: str = "en",
    *,
    as_of: date | None = None,
    version: str = "",
    built: str = "",
    extra_notes: Iterable[str] = (),
) -> Footer:
    """Make the footer of a chart plotting ``rows`` (observations with :data:`FOOTER_COLUMNS`).

    ``as_of`` is the date the chart was asked for; without it, the latest vintage among the
    rows is stated, with "everything published". ``extra_notes`` are chart-specific caveats
    (a method note, say) appended after the generated ones.
    """
    missing = [column for column in FOOTER_COLUMNS if column not in rows.columns]
    if missing:
        raise ValueError(f"footer needs observation columns {missing}")
    if rows.empty:
        raise ValueError("a chart footer needs at least one plotted observation")
    entries = source_entries(rows)
    notes = [*caveat_notes(rows, language), *extra_notes]
    releases = tuple(sorted({str(r) for r in rows["release"].dropna()}))
    if as_of is not None:
        stated = as_of.isoformat()
        data_as_of = stated
    else:
        latest = rows["vintage"].dropna().max()
        data_as_of = "" if latest is None or str(latest) == "NaT" else latest.date().isoformat()
        stated = f"{data_as_of}, {term('all_published', language)}"
    as_of_line = term(
        "as_of_line",
        language,
        as_of=stated,
        release="; ".join(release_words(r, rows, language) for r in releases),
        version=version,
        built=built,
    )
    return Footer(
        source_line=source_line(entries, language),
        notes=tuple(notes),
        as_of_line=as_of_line,
        sources=entries,
        data_as_of=data_as_of,
        releases=releases,
        language=language,
    )
