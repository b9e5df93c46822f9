"""Tables as a notebook shows them: headers and vocabulary values in the report's language.

:func:`show` is the one helper the notebooks print a table through. It keeps the numbers and
the order of the rows; it changes only words:

* each column (and index) name becomes its label (message ``column:<name>``; a column named
  by a code such as ``26`` or ``84–90`` stays as it is);
* values of a declared vocabulary are written in the language: target statuses, programmes,
  verdicts, trade flows, regions, indicator ids, roadmap sections (from the row's own
  ``section_name_<language>``), yes/no for true/false, and the short words of
  :data:`VALUE_WORDS`;
* a target's status rule is written again in the language from its ``rule_id`` and fields;
* a sentence kzmach writes from a catalog message (a target's price or definition flag,
  where its base year comes from, a peer value's doubt, the nowcast's method, a period) is
  said again in the language (:func:`said_again`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, partial
from typing import TYPE_CHECKING, Any, Final

from kzmach.analysis.nowcast import METHODS as NOWCAST_METHODS
from kzmach.analysis.trend import BACKTEST_METHODS
from kzmach.metadata.vocabulary import (
    CLAIM_VERDICTS,
    FEASIBILITY_VERDICTS,
    FIGURE_TYPES,
    GLOSSARY_CONFIDENCE,
    REGION_BORDERS,
    TARGET_HORIZONS,
    TRADE_FLOWS,
)
from kzmach.report.charts.common import status_term, verdict_term
from kzmach.text.translations import (
    check_language,
    format_number,
    is_declared,
    programme_name,
    region_name,
    term,
)

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MISSING_NUMBER",
    "SENTENCE_COLUMNS",
    "VALUE_WORDS",
    "VERDICT_WORDS",
    "column_label",
    "indicator_name",
    "read_back",
    "said_again",
    "show",
    "target_rule",
]

#: A claim's verdicts, and the share-definition check's, said by the charts' messages
#: ``verdict_<verdict>`` (:func:`~kzmach.report.charts.common.verdict_term`).
VERDICT_WORDS: Final = (*CLAIM_VERDICTS, "not nominal", "not value added", "not value_added")
#: Other short words that columns hold as values, each a message ``value:<word>``: the
#: declared feasibilities, confidences and flows, and the words of the share-definition check
#: and the trade tables.
VALUE_WORDS: Final = (
    *FEASIBILITY_VERDICTS,
    *FIGURE_TYPES,
    *REGION_BORDERS,
    *TARGET_HORIZONS,
    *GLOSSARY_CONFIDENCE,
    *TRADE_FLOWS.values(),
    "not tested",
    "output",
    "value_added",
    "neither",
    "both",
    "total",
    "estimate",
    *NOWCAST_METHODS,
    *BACKTEST_METHODS,
)
#: Columns holding a sentence written from one of these catalog messages (in English).
SENTENCE_COLUMNS: Final[dict[str, tuple[str, ...]]] = {
    "price_flag": (
        "flag_usd",
        "flag_no_real",
        "flag_no_span",
        "flag_lacks",
        "flag_prices",
        "flag_volume",
    ),
    "definition_flag": ("flag_met_before",),
    "base_year_source": ("base_not_needed", "base_stated", "base_assumed_caller", "base_assumed"),
    "doubt": ("doubt_repeated", "doubt_jump"),
    "method": ("nowcast_method", "nowcast_method_january"),
    # a period written in English (a claim's, without its first and last days beside it)
    "period_label": (
        "period_ytd",
        "period_month",
        "period_quarter",
        "period_half",
        "period_span",
        "period_ytd_unstated",
        "period_point",
    ),
}
_NUMBER: Final = re.compile(r"-?\d+\.(\d+)")
_STATUS_COLUMNS: Final = ("status", "alt_status", "headline_status")
_WORD_COLUMNS: Final = ("verdict", "output", "value_added", "matches", "feasibility", "flow")
_WORD_COLUMNS_MORE: Final = (
    "confidence",
    "chapter",
    "label",
    "chosen",
    "estimator",
    "recent_feasibility",
    "horizon",
    "figure_type",
    "borders",
    "method",
    # a body's names in the roadmap's glossary: "unknown" where the order gives none
    "name_kk",
    "name_ru",
    "name_en",
)
#: A column whose name carries a year: the volume index of ``kzmach.volume_index``.
_INDEX_COLUMN: Final = re.compile(r"real_index_(\d{4})=100")
_CODE: Final = re.compile(r"[\d–\-+ ]+")

#: How a table shown in any language writes a missing number or date.
MISSING_NUMBER: Final = "—"


def column_label(name: object, language: str) -> str:
    """Return a column's header in ``language``; a code (``26``, ``84–90``) stays as it is."""
    text = str(name)
    if text in ("True", "False"):  # a pivot's columns by a yes/no value
        return term(f"value:{text.lower()}", language)
    if _CODE.fullmatch(text):
        return text
    index = _INDEX_COLUMN.fullmatch(text)
    if index:
        return term("column:real_index", language, year=index.group(1))
    if not is_declared(f"column:{text}") and is_declared(f"value:{text}"):
        return term(f"value:{text}", language)  # a pivot's columns by a declared word
    return term(f"column:{text}", language)


def _field_pattern(name: str) -> str:
    """Return what a message field may hold when read back.

    A year is four digits, a count digits, a month one of the English abbreviations, and
    anything else any text.
    """
    from kzmach.metadata.vocabulary import MONTH_NAMES, MONTHS_SHORT

    if name in ("year", "y1", "y2", "start", "latest"):
        return r"\d{4}"
    if name == "n":
        return r"\d+"
    if name in ("m1", "m2"):
        return "|".join(MONTHS_SHORT["en"])
    if name == "month":
        return "|".join(MONTH_NAMES["en"])
    return ".+?"


@cache
def _read_back(key: str) -> re.Pattern[str]:
    """Return the pattern of message ``key``'s English text, each field a named group."""
    from kzmach.text.translations import forms

    parts = re.split(r"\{(\w+)\}", forms(key, "en")[0])
    return re.compile(
        "".join(
            re.escape(part) if index % 2 == 0 else f"(?P<{part}>{_field_pattern(part)})"
            for index, part in enumerate(parts)
        )
    )


def said_again(text: object, keys: Sequence[str], language: str) -> object:
    """Say again in ``language`` a sentence written in English from one of the messages ``keys``.

    The English message is turned into a pattern (each ``{field}`` a group); the sentence's
    fields are read back, decimals rewritten with the language's decimal mark and a field
    that is a declared word (``value:<word>``) translated, then the message is written in
    ``language``. A text that matches none is returned unchanged.
    """
    from kzmach.metadata.vocabulary import MONTH_NAMES, MONTH_NAMES_GENITIVE_RU, MONTHS_SHORT

    if not isinstance(text, str) or not text or language == "en":
        return text
    read = read_back(text, keys)
    if read is not None:
        key, written = read
        fields: dict[str, object] = {}
        for name, value in written.items():
            number = _NUMBER.fullmatch(value)
            if number:
                fields[name] = format_number(float(value), language, len(number.group(1)))
            elif is_declared(f"value:{value}"):
                fields[name] = term(f"value:{value}", language)
            elif value in MONTHS_SHORT["en"]:  # a month as a period label abbreviates it
                fields[name] = MONTHS_SHORT[language][MONTHS_SHORT["en"].index(value)]
            elif value in MONTH_NAMES["en"]:  # "January–June": Russian in the genitive
                index = MONTH_NAMES["en"].index(value)
                names = MONTH_NAMES_GENITIVE_RU if language == "ru" else MONTH_NAMES[language]
                fields[name] = names[index]
            else:
                fields[name] = value
        return term(key, language, **fields)
    return text


def read_back(text: str, keys: Sequence[str]) -> tuple[str, dict[str, str]] | None:
    """Return which of the messages ``keys`` wrote the English ``text``, and its fields.

    None when none did.

    Examples
    --------
    >>> read_back("base 2023", ["label_base"])
    ('label_base', {'year': '2023'})
    """
    for key in keys:
        found = _read_back(key).fullmatch(text)
        if found is not None:
            return key, found.groupdict()
    return None


def _word(value: object, language: str) -> object:
    if isinstance(value, str) and value in VERDICT_WORDS:
        return verdict_term(value, language)
    if isinstance(value, str) and value in VALUE_WORDS:
        return term(f"value:{value}", language)
    return value


def _status(value: object, language: str) -> object:
    return status_term(value, language) if isinstance(value, str) and value else value


def indicator_name(value: object, language: str) -> str:
    """Return an indicator id's name in ``language``; an empty, missing or unknown id as is."""
    from kzmach.analysis.annual import is_missing
    from kzmach.metadata import catalogue

    if is_missing(value) or not str(value):
        return ""
    try:
        return catalogue.get(str(value)).name(language)
    except KeyError:
        return str(value)


def _period(row: Any, language: str) -> object:
    from kzmach.analysis.annual import is_missing
    from kzmach.text.periods import observation_label

    if is_missing(row["period_start"]) or is_missing(row["period_end"]):
        return row["period_label"]
    return observation_label(row, language)


def _qualifier(value: object, language: str) -> object:
    if not isinstance(value, str) or not value:
        return value
    return term("value:exact" if value == "exact" else f"qualifier_{value}", language)


def _yes_no(value: object, language: str) -> object:
    if isinstance(value, bool):
        return term(f"value:{str(value).lower()}", language)
    return value


def _first_of(
    first: Callable[[object], object], then: Callable[[object], object]
) -> Callable[[object], object]:
    """Translate with ``first``; a value it leaves as it was, with ``then``."""

    def translate(value: object) -> object:
        said = first(value)
        return then(value) if said == value else said

    return translate


def _value_translators(language: str) -> dict[str, Callable[[object], object]]:
    def status(v: object) -> object:
        return _status(v, language)

    def word(v: object) -> object:
        return _word(v, language)

    def programme(v: object) -> object:
        return programme_name(str(v), language) if isinstance(v, str) and v else v

    def region(v: object) -> object:
        return region_name(str(v), language) if isinstance(v, str) and v else v

    def indicator(v: object) -> object:
        return indicator_name(v, language) if isinstance(v, str) and v else v

    translators: dict[str, Callable[[object], object]] = {c: status for c in _STATUS_COLUMNS}
    translators.update({c: word for c in (*_WORD_COLUMNS, *_WORD_COLUMNS_MORE)})
    for column, keys in SENTENCE_COLUMNS.items():
        sentence = partial(said_again, keys=keys, language=language)
        # a column of sentences may hold words too (a nowcast's method, a forecast's "drift")
        translators[column] = (
            _first_of(sentence, translators[column]) if column in translators else sentence
        )
    translators.update(
        programme=programme,
        region=region,
        indicator=indicator,
        measure_with=indicator,
        qualifier=lambda v: _qualifier(v, language),
    )
    return translators


def target_rule(row: Any, language: str) -> str:
    """Write a target gap row's status rule in ``language`` from its ``rule_id`` and fields.

    A rule without an id keeps its own English text; the series is named, not given by id.
    """
    from kzmach.analysis.annual import is_missing
    from kzmach.analysis.target_gap import AT_RISK_PERCENT, rule_text

    if is_missing(row.get("rule_id")):
        return str(row["rule"])
    base_year, years = row.get("base_year"), row.get("years_left")
    return rule_text(
        str(row["rule_id"]),
        language,
        measure_with=indicator_name(row.get("measure_with"), language),
        base_year=None if is_missing(base_year) else int(base_year),
        at_risk=AT_RISK_PERCENT,
        years=None if is_missing(years) else int(years),
    )


def show(
    frame: pd.DataFrame | pd.Series,
    language: str = "en",
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return ``frame`` with its headers and vocabulary values in ``language``.

    Parameters
    ----------
    frame
        A table from kzmach (a Series is shown as a one-column table).
    language
        ``en``, ``ru`` or ``kk``.
    columns
        The columns to show, in order; the others can still inform a translated value (a
        status rule is written from its ``rule_id`` and fields). All when None.

    Returns
    -------
    pandas.DataFrame
        A copy for display: the same rows and numbers, words in ``language``; a missing
        number or date is :data:`MISSING_NUMBER` (a dash), not "NaN" or "NaT".
    """
    import pandas as pd

    check_language(language)
    table = frame.to_frame() if isinstance(frame, pd.Series) else frame.copy()
    if "rule" in table.columns and "rule_id" in table.columns:
        rules = [target_rule(row, language) for _, row in table.iterrows()]
        table["rule"] = pd.Series(rules, index=table.index, dtype=object)
    if {"period_label", "period_type", "period_start", "period_end"} <= set(table.columns):
        labels = [_period(row, language) for _, row in table.iterrows()]
        table["period_label"] = pd.Series(labels, index=table.index, dtype=object)
    for column in ("lead", "body"):  # the order's Kazakh abbreviations, as the reader writes them
        if column in table.columns and language != "kk":
            from kzmach.report.charts.roadmap.common import shown_bodies

            table[column] = shown_bodies(table[column], language, None).astype(object)
    if "section" in table.columns and f"section_name_{language}" in table.columns:
        table["section"] = table[f"section_name_{language}"]
    translators = _value_translators(language)
    for name, translate in translators.items():  # before the selection: rows keep their fields
        if name in table.columns and table[name].dtype != bool:
            table[name] = table[name].map(translate).astype(object)
    if columns is not None:
        table = table[list(columns)]
    for name in table.columns:
        if table[name].dtype == bool:
            table[name] = table[name].map(lambda v: _yes_no(v, language))
        elif table[name].dtype.kind in "fMO" and table[name].isna().any():
            # a missing number or date is a dash in every language, not "NaN", "NaT", "None"
            known = table[name].notna()
            table[name] = table[name].astype(object).where(known, MISSING_NUMBER)
    # each level of the rows in the language, by its name (a pivot's rows have several)
    rows = table.index
    levels = [
        level.map(translators[str(level.name)]) if level.name in translators else level
        for level in (rows.get_level_values(position) for position in range(rows.nlevels))
    ]
    table.index = (
        levels[0] if rows.nlevels == 1 else pd.MultiIndex.from_arrays(levels, names=rows.names)
    )
    table.index.names = [
        None if n is None else column_label(n, language) for n in table.index.names
    ]
    table.columns = [column_label(name, language) for name in table.columns]
    return table
