"""The indicator catalogue: every indicator kzmach knows, declared once in ``indicators.yaml``.

Everything else (figure validation, unit normalisation, the processed ``indicators`` table,
chart labels) reads these declarations. A new indicator is a new entry in
``indicators.yaml``; its allowed values (units, bases, scopes, languages) come from
:mod:`kzmach.metadata.vocabulary`.

The file is checked when it is loaded, and a mistake is named by entry and key:

* every entry has an ``id``, ``names`` in every language of
  :data:`~kzmach.metadata.vocabulary.LANGUAGES`, a ``unit``, ``basis``, ``scope`` and
  ``description``; nothing else but ``region``, ``family``, ``level``, ``reserved`` and
  ``caveat`` (what a reader must know of the series wherever it stands in for another, in
  every language, like the names);
* each name and caveat is in its language's script: English in Latin letters, Russian in Cyrillic
  without the letters only Kazakh uses (ә ғ қ ң ө ұ ү һ і), Kazakh in Cyrillic; so Russian and
  Kazakh names swapped by mistake do not pass;
* the unit, basis and scope are known, ids are unique, and ``level`` names a level
  indicator of the catalogue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from kzmach.errors import KzmachError
from kzmach.metadata.vocabulary import (
    BASES,
    GROWTH_BASES,
    LANGUAGES,
    SCOPES,
    UNITS,
    USUAL_COMPARISONS,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CATALOGUE_FILE",
    "CatalogueError",
    "Indicator",
    "get",
    "ids",
    "indicators",
    "indicators_table",
    "parse_catalogue",
]

CATALOGUE_FILE: Final = "indicators.yaml"
REQUIRED_KEYS: Final = ("id", "names", "unit", "basis", "scope", "description")
OPTIONAL_KEYS: Final = ("region", "family", "level", "reserved", "caveat")
_KAZAKH_ONLY: Final = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC: Final = re.compile("[а-яА-ЯёЁ]")
_LATIN: Final = re.compile("[A-Za-z]")


class CatalogueError(KzmachError, ValueError):
    """The indicator catalogue has a mistake; the message names the entry and the key."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One declared indicator.

    Parameters
    ----------
    id
        Stable identifier used in the figure tables and the API.
    names
        Display names by language code (``en``, ``ru``, ``kk``).
    unit
        Canonical unit, a key of :data:`~kzmach.metadata.vocabulary.UNITS`.
    basis
        One of :data:`~kzmach.metadata.vocabulary.BASES`.
    scope
        One of :data:`~kzmach.metadata.vocabulary.SCOPES`.
    description
        One line saying what is measured.
    region
        Default territory; a figure may name a region instead.
    family
        Indicators measuring the same thing on different bases (``mb_output_growth_real``,
        ``..._nominal``, ``...`` unspecified) share a family, so conflicts can be looked for
        across them.
    level
        For growth indicators, the level indicator whose change they describe; used to check
        a source's stated growth against its own levels.
    reserved
        Declared for statistical releases but not used by any curated figure yet.
    caveat
        What a reader must know of the series wherever it is shown for another (HS 84–90
        exports "include re-exports"), by language code; empty: nothing.
    """

    id: str
    names: dict[str, str]
    unit: str
    basis: str
    scope: str
    description: str
    region: str = "Kazakhstan"
    family: str = ""
    level: str = ""
    reserved: bool = False
    caveat: dict[str, str] = field(default_factory=dict)
    dimension: str = field(init=False)
    scale: int = field(init=False)

    def __post_init__(self) -> None:
        dimension, scale = UNITS[self.unit]
        object.__setattr__(self, "dimension", dimension)
        object.__setattr__(self, "scale", scale)
        if not self.family:
            object.__setattr__(self, "family", self.id)

    @property
    def is_growth(self) -> bool:
        """Whether the indicator is a rate of change (canonical unit: % change)."""
        return self.basis in GROWTH_BASES

    @property
    def usual_comparison(self) -> str:
        """What a value of the indicator is usually compared with (``none`` for a level).

        A growth: the same period a year earlier; a price index: its base, the previous
        December (:data:`~kzmach.metadata.vocabulary.USUAL_COMPARISONS`).
        """
        return USUAL_COMPARISONS.get(self.basis, "none")

    def name(self, language: str = "en") -> str:
        """Return the display name in ``language``, falling back to English."""
        return self.names.get(language, self.names["en"])

    def caveat_text(self, language: str = "en") -> str:
        """Return the caveat in ``language`` (empty: the series has none)."""
        return self.caveat.get(language, self.caveat.get("en", ""))


def _script_problem(language: str, name: str) -> str | None:
    if language == "en" and _CYRILLIC.search(name):
        return "an English name in Cyrillic letters"
    if language in ("ru", "kk") and not _CYRILLIC.search(name):
        return "not in Cyrillic"
    if language == "ru" and _KAZAKH_ONLY.search(name):
        return f"a Russian name with Kazakh letters ({_KAZAKH_ONLY.search(name)[0]!r})"  # type: ignore[index]
    if language == "en" and not _LATIN.search(name):
        return "an English name without Latin letters"
    return None


def _check_texts(where: str, key: str, texts: Any) -> list[str]:
    """Check one text per language, each in its script (``names``, ``caveat``)."""
    if not isinstance(texts, dict):
        return [f"{where}, {key}: expected one text per language {LANGUAGES}"]
    problems = []
    for language in LANGUAGES:
        text = texts.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}, {key}.{language}: missing")
        elif (problem := _script_problem(language, text)) is not None:
            problems.append(f"{where}, {key}.{language}: {problem}: {text!r}")
    problems += [
        f"{where}, {key}.{language}: {language!r} is not a language of kzmach {LANGUAGES}"
        for language in texts
        if language not in LANGUAGES
    ]
    return problems


def _check_entry(entry: Any, number: int) -> list[str]:
    where = f"entry {number}"
    if not isinstance(entry, dict):
        return [f"{where}: not a mapping of keys to values"]
    where = f"entry {number} ({entry.get('id', '?')})"
    problems = [f"{where}: missing {key!r}" for key in REQUIRED_KEYS if key not in entry]
    problems += [
        f"{where}: unknown key {key!r} (allowed: {', '.join(REQUIRED_KEYS + OPTIONAL_KEYS)})"
        for key in entry
        if key not in REQUIRED_KEYS + OPTIONAL_KEYS
    ]
    problems += _check_texts(where, "names", entry.get("names"))
    if "caveat" in entry:
        problems += _check_texts(where, "caveat", entry["caveat"])
    for key, allowed in (("unit", tuple(UNITS)), ("basis", BASES), ("scope", SCOPES)):
        if key in entry and entry[key] not in allowed:
            problems.append(f"{where}, {key}: unknown {key} {entry[key]!r}")
    return problems


def parse_catalogue(entries: Any, label: str = CATALOGUE_FILE) -> tuple[Indicator, ...]:
    """Check the catalogue's entries (as read from YAML) and return the indicators.

    Raises
    ------
    CatalogueError
        Listing every mistake, each with its entry number, id and key.
    """
    if not isinstance(entries, list):
        raise CatalogueError(f"{label}: expected a list of indicators")
    problems = [p for number, e in enumerate(entries, start=1) for p in _check_entry(e, number)]
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        if isinstance(entry, dict) and entry.get("id") in seen:
            problems.append(f"entry {number} ({entry['id']}): the id is used twice")
        seen.add(entry.get("id") if isinstance(entry, dict) else None)  # type: ignore[arg-type]
    if not problems:
        by_id = {entry["id"]: entry for entry in entries}
        for number, entry in enumerate(entries, start=1):
            level = entry.get("level")
            if level and (level not in by_id or by_id[level]["basis"] in GROWTH_BASES):
                problems.append(f"entry {number} ({entry['id']}), level: {level!r} is no level")
    if problems:
        raise CatalogueError(f"{label}: " + "; ".join(problems))
    return tuple(
        Indicator(
            id=str(entry["id"]),
            names={language: str(entry["names"][language]) for language in LANGUAGES},
            unit=str(entry["unit"]),
            basis=str(entry["basis"]),
            scope=str(entry["scope"]),
            description=str(entry["description"]),
            region=str(entry.get("region", "Kazakhstan")),
            family=str(entry.get("family", "")),
            level=str(entry.get("level", "")),
            reserved=bool(entry.get("reserved", False)),
            caveat={language: str(text) for language, text in entry.get("caveat", {}).items()},
        )
        for entry in entries
    )


@cache
def indicators() -> tuple[Indicator, ...]:
    """Return every declared indicator, in the order of ``indicators.yaml`` (read once)."""
    import yaml

    text = (resources.files("kzmach.metadata") / CATALOGUE_FILE).read_text(encoding="utf-8")
    # libyaml's safe loader when PyYAML was built with it (0.19 s -> 0.03 s here), else Python's
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return parse_catalogue(yaml.load(text, Loader=loader))


@cache
def _by_id() -> dict[str, Indicator]:
    return {indicator.id: indicator for indicator in indicators()}


def get(indicator_id: str) -> Indicator:
    """Return the declared indicator ``indicator_id``.

    Raises
    ------
    KeyError
        If no such indicator is declared; the message lists close matches.
    """
    try:
        return _by_id()[indicator_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(indicator_id, _by_id(), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise KeyError(f"unknown indicator {indicator_id!r}{hint}") from None


def ids() -> tuple[str, ...]:
    """Return all declared indicator ids in declaration order."""
    return tuple(_by_id())


def indicators_table() -> pd.DataFrame:
    """Return the catalogue as a table: one row per indicator, names in every language."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "indicator": i.id,
                "name_en": i.names["en"],
                "name_ru": i.names["ru"],
                "name_kk": i.names["kk"],
                "unit": i.unit,
                "basis": i.basis,
                "scope": i.scope,
                "region": i.region,
                "family": i.family,
                "level": i.level,
                "reserved": i.reserved,
                "description": i.description,
                **{f"caveat_{language}": i.caveat_text(language) for language in LANGUAGES},
            }
            for i in indicators()
        ]
    )
