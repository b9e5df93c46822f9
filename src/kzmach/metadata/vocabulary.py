"""The allowed values of kzmach's tables, declared once.

Every check, reader and chart takes its allowed values from here: a new basis, scope, unit,
maturity or language is added in this module and nowhere else.

basis
    ``nominal_value`` (a level in current prices or a count of money), ``real_growth``
    (physical-volume index or growth), ``nominal_growth`` (growth of a current-price level),
    ``unspecified_growth`` (the source does not say which: never guessed), ``share``,
    ``share_change`` (percentage points), ``multiple``, ``count``, ``rank`` and
    ``price_index`` (a price index, % of its base period: the import prices of machinery).
scope
    ``machine_building`` as a whole; its sub-sectors (``automotive``, ``railway``,
    ``agricultural``, ``electrical``, ``oil_gas``, ``mining``, ``machinery_equipment``,
    ``other_transport``, ``electronics`` (ОКЭД 26), ``repair`` (ОКЭД 33),
    ``machine_building_ex_automotive``); ``manufacturing``, ``industry``,
    ``economy`` and ``agriculture`` for context; HS chapters, sections and all goods for
    foreign trade.
unit
    The canonical unit every figure of an indicator is normalised to; see :data:`UNITS`.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AGREES",
    "ALL_GOODS",
    "AT_RISK",
    "BASES",
    "BASE_YEAR_STATED",
    "BEYOND_HISTORY",
    "CLAIM_TESTED_AGAINST",
    "CLAIM_VERDICTS",
    "COMPARISONS",
    "CONFLICT_KINDS",
    "CURATED_TABLE_NAMES",
    "DEFAULT_REGION",
    "DEPENDS_ON_BASE",
    "DISAGREES",
    "FEASIBILITY_VERDICTS",
    "FIGURE_TYPES",
    "FOUND_IN",
    "GLOSSARY_CONFIDENCE",
    "GROWTH_BASES",
    "HEADLINE_STATUSES",
    "HISTORY_TOO_SHORT",
    "HS_CHAPTERS",
    "HS_MACHINERY",
    "HS_SECTIONS",
    "INFERRED_PARTS",
    "LANGUAGES",
    "LANGUAGE_TAGS",
    "MARKER_SPELLINGS",
    "MATURITIES",
    "MET",
    "MONTHS_SHORT",
    "MONTH_NAMES",
    "MONTH_NAMES_DATIVE_KK",
    "MONTH_NAMES_GENITIVE_RU",
    "NOT_MEASURABLE",
    "OFF_TRACK",
    "ON_TRACK",
    "PERIOD_TYPES",
    "PUBLISHER_NAMES",
    "QUALIFIERS",
    "RECENT_RECORD_FROM",
    "REGION_BORDERS",
    "REVISED_SINCE",
    "ROADMAP_STATUSES",
    "SCOPES",
    "SOURCE_KINDS",
    "SUBSECTOR_SCOPES",
    "TARGET_FORMS",
    "TARGET_HORIZONS",
    "TARGET_STATUSES",
    "TARGET_WORDINGS",
    "TRADE_FLOWS",
    "TRADE_SCOPES",
    "UNITS",
    "UNTESTABLE",
    "USUAL_COMPARISONS",
    "VALUE_FORMS",
    "VALUE_FORMS_BY_BASIS",
    "VALUE_MARKERS",
    "VINTAGE_PRECISIONS",
    "WITHIN_HISTORY",
    "YEAR_OF_MONTHS_NOTE",
]

#: Display languages: every indicator name and every translated message exists in each.
LANGUAGES: Final = ("en", "ru", "kk")
#: Each language's BCP 47 tag, as office files and HTML mark text with it (spelling checks,
#: hyphenation, screen readers): British English, Russian and Kazakh as written in Kazakhstan.
LANGUAGE_TAGS: Final[dict[str, str]] = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}

BASES: Final = (
    "nominal_value",
    "real_growth",
    "nominal_growth",
    "unspecified_growth",
    "share",
    "share_change",
    "multiple",
    "count",
    "rank",
    "price_index",
)
GROWTH_BASES: Final = ("real_growth", "nominal_growth", "unspecified_growth")

#: The sub-sectors of machine building (charts compare their growth).
SUBSECTOR_SCOPES: Final = (
    "automotive",
    "railway",
    "agricultural",
    "electrical",
    "oil_gas",
    "mining",
    "machinery_equipment",
    "other_transport",
    "electronics",
    "repair",
)
#: The HS chapters of machinery and transport equipment, by scope: what crossed the border
#: (a product definition), not the ОКЭД industry of output and value added.
HS_CHAPTERS: Final[dict[str, str]] = {
    "hs84": "84",
    "hs85": "85",
    "hs86": "86",
    "hs87": "87",
    "hs88": "88",
    "hs89": "89",
    "hs90": "90",
}
#: The scope of the sum of :data:`HS_CHAPTERS` (machinery and transport equipment, HS 84–90)
#: and of all goods, the whole a chapter's share is of.
HS_MACHINERY, ALL_GOODS = "hs84_90", "all_goods"
#: The HS sections of machinery, transport equipment and instruments, by scope, as the
#: Bureau's import price indices group them: section XVI (chapters 84–85), XVII (86–89) and
#: XVIII (90–92). A section is wider than the chapters 84–90 of :data:`HS_MACHINERY`.
HS_SECTIONS: Final[dict[str, str]] = {"hs84_85": "XVI", "hs86_89": "XVII", "hs90_92": "XVIII"}
#: Every scope of the foreign-trade indicators.
TRADE_SCOPES: Final = (*HS_CHAPTERS, HS_MACHINERY, ALL_GOODS, *HS_SECTIONS)
#: The trade flows, by the measure a release's name maps to.
TRADE_FLOWS: Final[dict[str, str]] = {"exports_value": "exports", "imports_value": "imports"}
SCOPES: Final = (
    *TRADE_SCOPES,
    "machine_building",
    "machine_building_ex_automotive",
    *SUBSECTOR_SCOPES,
    "manufacturing",
    "industry",
    "economy",
    "agriculture",
)

#: Canonical units: name -> (dimension, scale). A figure's parsed dimension must equal the
#: indicator's; its magnitude is divided by the scale. ``percent`` covers growth, shares and
#: percentage points; ``ratio`` is a dimensionless multiple.
UNITS: Final[dict[str, tuple[str, int]]] = {
    "bn KZT": ("KZT", 10**9),
    "mn KZT per worker": ("KZT", 10**6),
    "bn USD": ("USD", 10**9),
    "mn USD": ("USD", 10**6),
    "thousand USD per worker": ("USD", 10**3),
    "MCI": ("MCI", 1),
    "%": ("percent", 1),
    "pp": ("percent", 1),
    "units": ("count", 1),
    "persons": ("count", 1),
    "enterprises": ("count", 1),
    "count": ("count", 1),
    "days": ("count", 1),
    "rank": ("rank", 1),
    "jobs per job": ("ratio", 1),
}

#: How a source writes a value (``value_form``): a level (or a level per year), a growth in
#: % (``decline``: a fall written as a positive number), an index (% of the base), a
#: multiple, a share in %, a change in percentage points, or a rank.
VALUE_FORMS: Final = (
    "level",
    "level_per_year",
    "growth",
    "decline",
    "index",
    "multiple",
    "share",
    "pp",
    "rank",
)
#: Which ways of writing a value (``value_form`` in the figure tables) suit each basis; the
#: first is the basis's usual form.
VALUE_FORMS_BY_BASIS: Final[dict[str, tuple[str, ...]]] = {
    "nominal_value": ("level", "level_per_year"),
    "real_growth": ("growth", "index", "multiple", "decline"),
    "nominal_growth": ("growth", "index", "multiple", "decline"),
    "unspecified_growth": ("growth", "index", "multiple", "decline"),
    "share": ("share",),
    "share_change": ("pp",),
    "multiple": ("level",),
    "count": ("level", "level_per_year"),
    "rank": ("rank",),
    "price_index": ("index",),
}

#: Kinds of figure: what happened, what was aimed at, planned or forecast, and what kzmach
#: derived from a release's parts (machine building summed from its divisions).
FIGURE_TYPES: Final = ("actual", "target", "plan", "forecast", "derived")
#: What a growth figure is compared with (``none`` for levels).
COMPARISONS: Final = (
    "none",
    "same_period_previous_year",
    "previous_period",
    "start_of_span",
    "average_annual_over_span",
    "base_not_stated",
    "previous_december",
)
#: What a value of each basis is usually compared with, where not ``none``: a series of it
#: shows these values unless told otherwise (the Bureau chains its price indices to the
#: previous December).
USUAL_COMPARISONS: Final[dict[str, str]] = {
    **dict.fromkeys(GROWTH_BASES, "same_period_previous_year"),
    "price_index": "previous_december",
}
#: Parts of a figure the compiler inferred rather than read in the source.
INFERRED_PARTS: Final = ("period", "region", "value")
#: How final a figure is: a first estimate, the final figure, or not said.
MATURITIES: Final = ("preliminary", "final", "unknown")
#: The publishers that are not a web address, by their name before any comma or bracket
#: (as sources.csv, the releases and the collections write it), in each language: a footer,
#: an alt text, a deck or a workbook in Russian or Kazakh names them in that language. A
#: web address (en.inform.kz) is the same in every language.
PUBLISHER_NAMES: Final[dict[str, dict[str, str]]] = {
    "World Bank": {"en": "World Bank", "ru": "Всемирный банк", "kk": "Дүниежүзілік банк"},
    "National Bank of Kazakhstan": {
        "en": "National Bank of Kazakhstan",
        "ru": "Национальный банк Казахстана",
        "kk": "Қазақстан Ұлттық Банкі",
    },
    "Bureau of National Statistics of Kazakhstan": {
        "en": "Bureau of National Statistics",
        "ru": "Бюро национальной статистики",
        "kk": "Ұлттық статистика бюросы",
    },
    "Bureau of National Statistics of the Republic of Kazakhstan": {
        "en": "Bureau of National Statistics",
        "ru": "Бюро национальной статистики",
        "kk": "Ұлттық статистика бюросы",
    },
    "Press centre of the Government of the Republic of Kazakhstan": {
        "en": "Government press centre",
        "ru": "Пресс-центр Правительства РК",
        "kk": "ҚР Үкіметінің баспасөз орталығы",
    },
    "Government of the Republic of Kazakhstan": {
        "en": "Government of Kazakhstan",
        "ru": "Правительство РК",
        "kk": "ҚР Үкіметі",
    },
    "Prime Minister of the Republic of Kazakhstan": {
        "en": "Prime Minister of Kazakhstan",
        "ru": "Премьер-министр РК",
        "kk": "ҚР Премьер-Министрі",
    },
    "Forum organisers": {
        "en": "Forum organisers",
        "ru": "Организаторы форума",
        "kk": "Форумды ұйымдастырушылар",
    },
    "kzmach source collection": {
        "en": "kzmach's collection",
        "ru": "подборка kzmach",
        "kk": "kzmach жинағы",
    },
    "publisher not recorded": {
        "en": "publisher not recorded",
        "ru": "издатель не указан",
        "kk": "баспагер көрсетілмеген",
    },
}
#: The curated figure tables (data/raw/figures/<name>.csv), as a footer names the figures read
#: from them in each language.
CURATED_TABLE_NAMES: Final[dict[str, dict[str, str]]] = {
    "seed-documents": {
        "en": "figures from the seed documents",
        "ru": "цифры из исходных документов",
        "kk": "бастапқы құжаттардағы сандар",
    },
    "public-pages": {
        "en": "figures from public pages",
        "ru": "цифры с публичных страниц",
        "kk": "жария беттердегі сандар",
    },
    "official-pages": {
        "en": "figures from official pages",
        "ru": "цифры с официальных страниц",
        "kk": "ресми беттердегі сандар",
    },
}
#: The marks the Bureau writes in a value cell instead of a number, each with what it means
#: (the notes under its tables: "х" confidential, under the Law on State Statistics; "-" the
#: activity did not exist; "…" no data). A mark is kept in ``release_values.marker`` in this
#: form; the cell as written stays in ``value_as_written``. An empty cell is not published.
VALUE_MARKERS: Final = {
    "x": "confidential",
    "-": "no such activity",
    "…": "no data",
    "": "not published",
}
#: The other ways the same marks are written: the Cyrillic х, dashes, three full stops (a
#: mark in capitals, X or Х, is the same mark).
MARKER_SPELLINGS: Final = {"х": "x", "–": "-", "—": "-", "...": "…"}
#: Where a figure's value was read: in its quote, or in the collection's value cell.
FOUND_IN: Final = ("quote", "value_cell")
#: What the source says about the value: exact, or a bound, or an approximation.
QUALIFIERS: Final = ("exact", "more_than", "about", "up_to", "at_least", "almost")
#: Kinds of source: official statistics, official documents, the page collection, web pages.
SOURCE_KINDS: Final = ("statistics", "document", "collection", "web_page")
#: Kinds of period a figure covers.
PERIOD_TYPES: Final = (
    "year",
    "ytd",
    "quarter",
    "half",
    "month",
    "months",
    "span",
    "ytd_unstated",
    "point",
)
#: How precisely a figure's vintage (its source's publication date) is known.
VINTAGE_PRECISIONS: Final = ("day", "month", "year", "unknown")
#: A target's status in the target gap, in the order the dashboard stacks them.
TARGET_STATUSES: Final = ("met", "on track", "at risk", "off track", "not measurable")
#: The target statuses by name, for code that sets or tests one.
MET, ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURABLE = TARGET_STATUSES
#: A status that the other defensible base year turns into another measurable one: what a
#: headline counts it as, since a status that flips with an assumption is not a finding.
DEPENDS_ON_BASE: Final = "depends on base year"
#: What a headline counts a target as: its status, or that it depends on the base year.
HEADLINE_STATUSES: Final = (*TARGET_STATUSES[:-1], DEPENDS_ON_BASE, NOT_MEASURABLE)
#: How a region's growth crosses the June 2022 split of three regions: on the old borders
#: (the new region added back to its parent), on the new ones, or not at all (the new region).
REGION_BORDERS: Final = ("old", "new", "formed 2022")
#: Whether a target's year is still ahead of the data (``live``: after the latest full year
#: any series holds) or already measured or due (``past``).
TARGET_HORIZONS: Final = ("live", "past")
#: Whether the multiple a target still needs is one its series has achieved over as many
#: years: within its history, beyond it, or the history has no window that long.
FEASIBILITY_VERDICTS: Final = ("within history", "beyond history", "history too short")
#: The feasibility verdicts by name.
WITHIN_HISTORY, BEYOND_HISTORY, HISTORY_TOO_SHORT = FEASIBILITY_VERDICTS
#: The first year of the recent record a target's feasibility is also judged on: after the
#: 1990s collapse, the 1999–2002 rebound and the 2000s boom, the economy machine building
#: works in today.
RECENT_RECORD_FROM: Final = 2010
#: A claim's verdict: recomputed from the figures held, it agrees; it was revised since (the
#: evidence was published later and differs by no more than a revision); it disagrees; or
#: nothing can test it.
CLAIM_VERDICTS: Final = ("agrees", "revised since", "disagrees", "untestable")
#: The verdicts by name, for code that sets or tests one.
AGREES, REVISED_SINCE, DISAGREES, UNTESTABLE = CLAIM_VERDICTS
#: What a claim row was recomputed from (empty for an untestable claim): nominal levels or
#: a real index (a growth of unstated basis), levels (a growth, or a share by output) or
#: value-added levels (a share by value added), or the levels of a stated stand-in of another
#: definition (machine-building exports by HS 84–90 exports), or the sum of a period's months
#: in a release (a stated year's level against its twelve months).
CLAIM_TESTED_AGAINST: Final = (
    "nominal levels",
    "real index",
    "levels",
    "value-added levels",
    "stand-in levels",
    "sum of months",
    "",
)
#: The note of a year a release's twelve months add up to (:mod:`kzmach.raw.releases.derived`):
#: what the claims check tests a stated year's level against.
YEAR_OF_MONTHS_NOTE: Final = "derived: the sum of the year's twelve months, every month present"
#: How a target is stated: a level, a multiple of a base year's level, or a rank.
TARGET_FORMS: Final = ("level", "multiple", "rank")
#: Why two figures are listed as a conflict: two sources disagree, or a source's stated
#: growth or share disagrees with its own levels.
CONFLICT_KINDS: Final = ("sources_disagree", "internal_inconsistency")
#: What a sourced row of the roadmap's ``measure-status.csv`` may record (a measure without
#: one is ``unknown``).
ROADMAP_STATUSES: Final = (
    "completed",
    "partly_completed",
    "in_progress",
    "not_completed",
    "cancelled",
)
#: How sure the glossary of the roadmap's abbreviations is of a body's names.
GLOSSARY_CONFIDENCE: Final = ("established", "probable", "unknown")
#: How a target is worded in the target registry.
TARGET_WORDINGS: Final = ("official", "alternative")
#: Whether a target's source states its base year.
BASE_YEAR_STATED: Final = ("yes", "no", "not applicable")
#: The territory of a figure that names none.
DEFAULT_REGION: Final = "Kazakhstan"

#: Month names (nominative), January first: English, Russian and Kazakh.
MONTH_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "ru": (
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ),
    "kk": (
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ),
}
#: Russian month names in the genitive, as a date writes them ("6 декабря 2026 г.").
MONTH_NAMES_GENITIVE_RU: Final = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
#: Kazakh month names in the dative ("by": "желтоқсанға қарай"), by vowel harmony and the
#: last sound: -ға/-ге after a vowel or a voiced sound, -қа/-ке after a voiceless one.
MONTH_NAMES_DATIVE_KK: Final = (
    "қаңтарға",
    "ақпанға",
    "наурызға",
    "сәуірге",
    "мамырға",
    "маусымға",
    "шілдеге",
    "тамызға",
    "қыркүйекке",
    "қазанға",
    "қарашаға",
    "желтоқсанға",
)
#: Month abbreviations for period labels, January first.
MONTHS_SHORT: Final[dict[str, tuple[str, ...]]] = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
    "kk": ("қаң", "ақп", "нау", "сәу", "мам", "мау", "шіл", "там", "қыр", "қаз", "қар", "жел"),
}
