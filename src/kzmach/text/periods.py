"""Periods at month precision, and publication dates of uneven precision.

A figure's period is written compactly in the figure tables and parsed here:

=====================  ==================  =========================================
written                period_type         meaning
=====================  ==================  =========================================
``2014``               ``year``            January-December 2014
``2018-01/2018-08``    ``ytd``             January-August 2018 (year to date)
``2014-Q1``            ``quarter``         January-March 2014
``2013-H1``            ``half``            January-June 2013
``2015-08``            ``month``           August 2015
``2019-04/2019-09``    ``months``          any other run of months within a year
``2010/2014``          ``span``            2010 to 2014: a multi-year span
``2021-YTD``           ``ytd_unstated``    part of 2021 from January, end month unknown
``@2023-05``           ``point``           a stock at a moment (e.g. employment), May 2023
``@2022``              ``point``           a stock at an unknown moment of 2022
=====================  ==================  =========================================

A year-to-date, a quarter, a half-year, a full year and a span are distinct types and are
never confused: comparisons across types are refused by the analysis layer.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from kzmach.metadata.vocabulary import MONTH_NAMES, MONTHS_SHORT

__all__ = [
    "NBSP",
    "Period",
    "PeriodParseError",
    "Published",
    "by_date",
    "localised_label",
    "month_year",
    "observation_label",
    "parse_period",
    "parse_published",
    "written_date",
]

_MONTHS_EN = MONTHS_SHORT["en"]


class PeriodParseError(ValueError):
    """A period text does not follow the documented forms."""


@dataclass(frozen=True, slots=True)
class Period:
    """A period from the first day of ``start`` month to the last day of ``end`` month."""

    start: date
    end: date
    type: str
    label: str

    @property
    def months(self) -> int:
        """Number of calendar months covered."""
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int, text: str) -> int:
    if not 1900 <= year <= 2100:
        raise PeriodParseError(f"period {text!r}: year {year} out of range")
    return year


def _check_month(month: int, text: str) -> int:
    if not 1 <= month <= 12:
        raise PeriodParseError(f"period {text!r}: month {month} out of range")
    return month


def _year(m: re.Match[str], raw: str) -> Period:
    year = _check_year(int(m[1]), raw)
    return Period(date(year, 1, 1), date(year, 12, 31), "year", str(year))


def _quarter(m: re.Match[str], raw: str) -> Period:
    year, quarter = _check_year(int(m[1]), raw), int(m[2])
    first = 3 * quarter - 2
    return Period(
        date(year, first, 1), _month_end(year, first + 2), "quarter", f"Q{quarter} {year}"
    )


def _half(m: re.Match[str], raw: str) -> Period:
    year, half = _check_year(int(m[1]), raw), int(m[2])
    first = 1 if half == 1 else 7
    return Period(date(year, first, 1), _month_end(year, first + 5), "half", f"H{half} {year}")


def _year_to_date(m: re.Match[str], raw: str) -> Period:
    year = _check_year(int(m[1]), raw)
    return Period(date(year, 1, 1), date(year, 12, 31), "ytd_unstated", f"{year} to date")


def _point(m: re.Match[str], raw: str) -> Period:
    year = _check_year(int(m[1]), raw)
    if m[2] is None:
        return Period(date(year, 1, 1), date(year, 12, 31), "point", f"during {year}")
    month = _check_month(int(m[2]), raw)
    label = f"as of {_MONTHS_EN[month - 1]} {year}"
    return Period(date(year, month, 1), _month_end(year, month), "point", label)


def _month(m: re.Match[str], raw: str) -> Period:
    year, month = _check_year(int(m[1]), raw), _check_month(int(m[2]), raw)
    label = f"{_MONTHS_EN[month - 1]} {year}"
    return Period(date(year, month, 1), _month_end(year, month), "month", label)


def _month_range(m: re.Match[str], raw: str) -> Period:
    y1, m1 = _check_year(int(m[1]), raw), _check_month(int(m[2]), raw)
    y2, m2 = _check_year(int(m[3]), raw), _check_month(int(m[4]), raw)
    if (y2, m2) <= (y1, m1):
        raise PeriodParseError(f"period {raw!r}: end is not after start")
    if y1 != y2:
        raise PeriodParseError(
            f"period {raw!r}: month ranges must stay within one year; use YYYY/YYYY"
        )
    if m1 == 1 and m2 == 12:
        raise PeriodParseError(f"period {raw!r} is the full year: write {y1}")
    if m1 == 1 and m2 in (3, 6):
        hint = "2014-Q1" if m2 == 3 else "2013-H1"
        raise PeriodParseError(f"period {raw!r}: write quarters and halves as e.g. {hint}")
    label = f"{_MONTHS_EN[m1 - 1]}–{_MONTHS_EN[m2 - 1]} {y1}"
    return Period(date(y1, m1, 1), _month_end(y2, m2), "ytd" if m1 == 1 else "months", label)


def _span(m: re.Match[str], raw: str) -> Period:
    y1, y2 = _check_year(int(m[1]), raw), _check_year(int(m[2]), raw)
    if y2 <= y1:
        raise PeriodParseError(f"period {raw!r}: a span must end after it starts")
    return Period(date(y1, 1, 1), date(y2, 12, 31), "span", f"{y1}–{y2}")


#: The compact period forms (module docstring), each with the function that reads it.
_FORMS: Final[tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], Period]], ...]] = (
    (re.compile(r"(\d{4})"), _year),
    (re.compile(r"(\d{4})-Q([1-4])"), _quarter),
    (re.compile(r"(\d{4})-H([12])"), _half),
    (re.compile(r"(\d{4})-YTD"), _year_to_date),
    (re.compile(r"@(\d{4})(?:-(\d{2}))?"), _point),
    (re.compile(r"(\d{4})-(\d{2})"), _month),
    (re.compile(r"(\d{4})-(\d{2})/(\d{4})-(\d{2})"), _month_range),
    (re.compile(r"(\d{4})/(\d{4})"), _span),
)


def parse_period(text: str) -> Period:
    """Parse a compact period text (see the module docstring for the forms).

    Raises
    ------
    PeriodParseError
        If the text is not one of the documented forms or names an impossible date.
    """
    stripped = text.strip()
    for pattern, read in _FORMS:
        if m := pattern.fullmatch(stripped):
            return read(m, text)
    raise PeriodParseError(
        f"unknown period format {text!r} (use e.g. 2014, 2018-01/2018-08, 2014-Q1, 2013-H1, "
        "2015-08, 2010/2014, 2021-YTD, @2023-05)"
    )


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date as precisely as the source gives it.

    ``date`` is the latest day consistent with what is known (the end of the month or year
    when only those are known), so that "what was known on day D" never claims too early.
    """

    date: date | None
    precision: str  # day | month | year | unknown
    text: str


#: English month names and abbreviations (and "sept") -> month number, for publication dates.
_MONTH_NAMES = {
    name.lower(): number
    for number, (full, short) in enumerate(
        zip(MONTH_NAMES["en"], MONTHS_SHORT["en"], strict=True), start=1
    )
    for name in (full, short, *(("sept",) if number == 9 else ()))
}


def parse_published(text: str) -> Published:
    """Read a publication date such as ``2023-05-11``, ``2019-03``, ``n/a (Oct 2024)``.

    Unknown dates (``n/a``, a commit hash) give ``Published(None, "unknown", text)``.
    """
    if m := re.search(r"(\d{4})-(\d{2})-(\d{2})", text):
        return Published(date(int(m[1]), int(m[2]), int(m[3])), "day", text)
    if m := re.search(r"(\d{4})-(\d{2})(?!\d)", text):
        return Published(_month_end(int(m[1]), int(m[2])), "month", text)
    if m := re.search(r"\b([A-Za-z]{3,9})\.? (\d{4})\b", text):
        month = _MONTH_NAMES.get(m[1].lower())
        if month:
            return Published(_month_end(int(m[2]), month), "month", text)
    if m := re.search(r"(?<![\w])(\d{4})(?![\w])", text):
        year = int(m[1])
        if 1990 <= year <= 2100:
            return Published(date(year, 12, 31), "year", text)
    return Published(None, "unknown", text)


def observation_label(row: Any, language: str = "en") -> str:
    """Write an observation's period (``period_type``, ``period_start``, ``period_end``)."""
    return localised_label(
        row["period_type"], row["period_start"].date(), row["period_end"].date(), language
    )


def localised_label(period_type: str, start: date, end: date, language: str = "en") -> str:
    """Write a period in ``language`` from its type and first and last days.

    The words come from the catalogs of :mod:`kzmach.text.translations` and
    :data:`kzmach.metadata.vocabulary.MONTHS_SHORT`, so a new language needs no change here.
    ``localised_label("ytd", date(2023, 1, 1), date(2023, 10, 31), "ru")`` is
    ``"янв–окт 2023"``; a January–January span is the month written out (``"январь 2023"``).
    """
    from kzmach.metadata.vocabulary import MONTH_NAMES, MONTHS_SHORT
    from kzmach.text.translations import check_language, term

    months = MONTHS_SHORT[check_language(language)]
    fields: dict[str, object] = {
        "year": start.year,
        "y1": start.year,
        "y2": end.year,
        "m1": months[start.month - 1],
        "m2": months[end.month - 1],
    }
    if period_type == "quarter":
        fields["n"] = (start.month + 2) // 3
    elif period_type == "half":
        fields["n"] = 1 if start.month == 1 else 2
    key = {"months": "period_ytd", "year": "period_year"}.get(period_type, f"period_{period_type}")
    if period_type == "point" and start.month == 1 and end.month == 12:
        key = "period_year"
    if key == "period_ytd" and (start.year, start.month) == (end.year, end.month):
        # January alone is a month, written out: "January 2026", never "Jan–Jan 2026"
        key = "period_month"
        fields["m1"] = MONTH_NAMES[check_language(language)][start.month - 1]
    if key not in PERIOD_TERM_KEYS:
        raise PeriodParseError(f"no label form for period type {period_type!r}")
    return term(key, language, **fields)


PERIOD_TERM_KEYS: Final = frozenset(
    f"period_{name}" for name in ("year", "ytd", "month", "quarter", "half", "span")
) | {"period_ytd_unstated", "period_point"}


_WRITTEN_MONTHS: Final = {
    name[:3]: number
    for language in ("ru", "en")
    for number, name in enumerate(MONTH_NAMES[language], start=1)
}
_ROMAN: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_YEAR_WORDS: Final = r"\s*(г\.?|год|года|жыл|year)$"


def written_period(text: str) -> str | None:
    """Read a period as statistical publications and portals write it; None if unknown.

    Returns kzmach's period syntax (:func:`parse_period`). Forms read, Russian and English:
    ``2021``, ``2021 г.``, ``2004 год``, ``2008 года``, ``year 2008`` -> ``2021``;
    ``I квартал 2008 года``, ``4 квартал 2015 г.``, ``I quarter 2008`` -> ``2008-Q1``;
    ``I полугодие 2008 года``, ``1st half 2008`` -> ``2008-H1``; ``9 месяцев 2008 года``,
    ``9 months 2008`` -> ``2008-01/2008-09`` (January to the ninth month);
    ``январь-октябрь 2023`` -> ``2023-01/2023-10``; ``октябрь 2023`` -> ``2023-10``.
    """
    text = re.sub(r"\s+", " ", text.lower().replace("\u00a0", " ")).strip()
    text = re.sub(_YEAR_WORDS, "", text).strip()
    text = re.sub(r"^(year|год)\s+", "", text).strip()
    if re.fullmatch(r"\d{4}", text):
        return text
    year = re.search(r"(\d{4})$", text)
    if not year:
        return None
    words = text[: year.start()].strip()
    if match := re.fullmatch(r"(i{1,3}|iv|[1-4])\s*(-?й|st|nd|rd|th)?\s*(квартал|quarter)", words):
        return f"{year[1]}-Q{_ROMAN[match[1]]}"
    if match := re.fullmatch(r"(i{1,2}|[12])\s*(-?е|st|nd)?\s*(полугодие|half(-year)?)", words):
        return f"{year[1]}-H{_ROMAN[match[1]]}"
    if match := re.fullmatch(r"(\d{1,2})\s*(месяц\w*|months?)", words):
        months = int(match[1])
        if not 1 <= months <= 12:
            return None
        return year[1] if months == 12 else f"{year[1]}-01/{year[1]}-{months:02d}"
    parts = [part.strip() for part in re.split(r"[-–—]", words) if part.strip()]
    found = [_WRITTEN_MONTHS.get(part[:3]) for part in parts]
    if not found or None in found or len(found) > 2:
        return None
    if len(found) == 1:
        return f"{year[1]}-{found[0]:02d}"
    first, last = found
    if first == 1 and last == 12:
        return year[1]
    if first == 1 and last in (3, 6):
        return f"{year[1]}-{'Q1' if last == 3 else 'H1'}"
    return f"{year[1]}-{first:02d}/{year[1]}-{last:02d}"


#: A non-breaking space: a number and its unit ("2026 г.") never part at a line end.
NBSP: Final = "\u00a0"


def _in_year(words: str, year: int, language: str) -> str:
    """Write ``words`` (a month, a day and month) in ``year``, where each language puts it.

    "June 2022", "июнь 2022 г.", "2022 жылғы маусым"; the year and its word never part.
    """
    if language == "ru":
        return f"{words} {year}{NBSP}г."
    if language == "kk":
        return f"{year}{NBSP}жылғы {words}"
    return f"{words} {year}"


def month_year(day: date, language: str = "en") -> str:
    """Write the month of ``day`` as people write it in ``language``.

    "June 2022", "июнь 2022 г.", "2022 жылғы маусым"; the year and its word never part.
    """
    return _in_year(MONTH_NAMES[language][day.month - 1], day.year, language)


def written_date(day: date, language: str = "en") -> str:
    """Write a date as people write it in ``language``.

    "6 December 2026", "6 декабря 2026 г." (the month in the genitive), "2026 жылғы
    6 желтоқсан"; a number and its word never part.
    """
    from kzmach.metadata.vocabulary import MONTH_NAMES_GENITIVE_RU

    names = MONTH_NAMES_GENITIVE_RU if language == "ru" else MONTH_NAMES[language]
    return _in_year(f"{day.day}{NBSP}{names[day.month - 1]}", day.year, language)


def by_date(day: date, language: str = "en") -> str:
    """Write "by <date>" with the case each language takes.

    "by 6 December 2026", "к 6 декабря 2026 г.", "2026 жылғы 6 желтоқсанға қарай" (the
    month in the dative, then the postposition).
    """
    from kzmach.metadata.vocabulary import MONTH_NAMES_DATIVE_KK

    if language == "kk":
        month = MONTH_NAMES_DATIVE_KK[day.month - 1]
        return _in_year(f"{day.day}{NBSP}{month}", day.year, language) + " қарай"
    return f"{'к' if language == 'ru' else 'by'} {written_date(day, language)}"
