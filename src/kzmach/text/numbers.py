"""Parse figures as they are written in Kazakh, Russian and English sources.

Two layers:

* :func:`parse_number` reads one plain number (``638,1``, ``1 671`` with normal or
  non-breaking spaces, ``14,042.9``, ``-29``). Decimal marks are inferred where that is
  unambiguous and taken from ``decimal_mark`` (the source language's convention) where not.
* :func:`parse_quantity` reads a whole phrase such as ``3,3 трлн``, ``$15,6 млрд``,
  ``KZT 2.3 trillion``, ``19 мыңнан``, ``2,3 есе``, ``1.6 times``, ``105,1%``,
  ``в два с половиной раза`` or ``1 trillion 800 billion tenge`` into a :class:`Quantity`:
  the number, its scale, its dimension (currency, percent, multiple, count, rank, MCI) and any
  qualifier words (``более``, ``астам``, ``more than``, ``about`` ...).

Everything is exact (:class:`decimal.Decimal`) until the caller asks for a float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Final

__all__ = [
    "NumberParseError",
    "Quantity",
    "detect_qualifier",
    "has_qualifier_cue",
    "parse_number",
    "parse_quantity",
    "split_unit",
    "write_number",
]


class NumberParseError(ValueError):
    """A text could not be read as a number; the message quotes the text."""


_SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007\s]+")
_MINUS = str.maketrans({"−": "-", "–": "-", "—": "-"})


#: A currency code glued to its number ("KZT16.4bn"): read as "KZT 16.4bn".
_GLUED_CODE = re.compile(r"\b(KZT|USD)(?=\d)", re.I)


def _clean(text: str) -> str:
    return _GLUED_CODE.sub(r"\1 ", _SPACES.sub(" ", text.translate(_MINUS))).strip()


_GROUPED_SPACE = re.compile(r"[+-]?\d{1,3}(?: \d{3})+(?:[.,]\d+)?")


def parse_number(text: str, decimal_mark: str | None = None) -> Decimal:
    """Parse one number written with any common separators.

    Parameters
    ----------
    text
        The number, e.g. ``"638,1"``, ``"1 671"``, ``"1\u00a0671"``, ``"14,042.9"``,
        ``"37 606 243"``, ``"-29"``.
    decimal_mark
        ``","`` or ``"."``: the source's convention, used only where the text itself is
        ambiguous (``"88,000"`` is 88000 in English and 88.0 in Russian).

    Returns
    -------
    Decimal
        The exact value.

    Raises
    ------
    NumberParseError
        If ``text`` is not one number (empty, letters, several numbers, bad grouping).
    """
    if decimal_mark not in (None, ",", "."):
        raise ValueError(f"decimal_mark must be ',' or '.', not {decimal_mark!r}")
    cleaned = _clean(text)
    if not cleaned:
        raise NumberParseError(f"no number in {text!r}")
    if " " in cleaned:
        if not _GROUPED_SPACE.fullmatch(cleaned):
            raise NumberParseError(f"{text!r} is not one number (unexpected space)")
        cleaned = cleaned.replace(" ", "")
    sign = ""
    if cleaned[0] in "+-":
        sign, cleaned = ("-" if cleaned[0] == "-" else ""), cleaned[1:]
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not cleaned[0].isdigit():
        raise NumberParseError(f"{text!r} is not a number")
    if not cleaned[-1].isdigit():
        raise NumberParseError(f"{text!r} ends with a separator")
    digits = _plain_digits(cleaned, text, decimal_mark)
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - regexes above rule this out
        raise NumberParseError(f"{text!r} is not a number") from exc


def _plain_digits(cleaned: str, text: str, decimal_mark: str | None) -> str:
    """Return unsigned digits with marks (``1.671,5``) as plain digits (``1671.5``).

    Both marks: the last is the decimal mark, the other groups thousands. One mark, several
    times: it groups thousands. One mark once, before three digits: ambiguous
    (``"88,000"``), so the source's ``decimal_mark`` decides. Otherwise it is decimal.
    """
    commas, dots = cleaned.count(","), cleaned.count(".")
    if commas and dots:
        decimal = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        group = "." if decimal == "," else ","
        integer, _, fraction = cleaned.rpartition(decimal)
        if integer.count(decimal) or not _valid_grouping(integer, group):
            raise NumberParseError(f"{text!r} has inconsistent separators")
        return integer.replace(group, "") + "." + fraction
    if not (commas or dots):
        return cleaned
    mark = "," if commas else "."
    parts = cleaned.split(mark)
    looks_grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
    if commas + dots > 1:
        if not looks_grouped:
            raise NumberParseError(f"{text!r} has misplaced separators")
        return cleaned.replace(mark, "")
    if looks_grouped and parts[0] != "0":
        if decimal_mark is None:
            raise NumberParseError(f"{text!r} is ambiguous: give the source's decimal mark")
        return cleaned.replace(mark, ".") if mark == decimal_mark else cleaned.replace(mark, "")
    return cleaned.replace(mark, ".")


def _valid_grouping(integer: str, group: str) -> bool:
    parts = integer.split(group)
    return (
        1 <= len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
        and all(p.isdigit() for p in parts)
    )


def write_number(value: Decimal, decimal_mark: str = ".", group: str = "") -> str:
    """Write ``value`` with the given decimal mark and thousands separator.

    The inverse of :func:`parse_number`, used by the property tests and for display.
    """
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    integer, _, fraction = text.partition(".")
    if group:
        chunks: list[str] = []
        while len(integer) > 3:
            chunks.insert(0, integer[-3:])
            integer = integer[:-3]
        chunks.insert(0, integer)
        integer = group.join(chunks)
    return sign + integer + (decimal_mark + fraction if fraction else "")


# --- words -------------------------------------------------------------------------------

Lexicon = tuple[tuple[tuple[str, ...], int], ...]


def _lexicon(groups: Lexicon) -> dict[str, int]:
    """Map every word form of each group to the group's value."""
    return {word: value for words, value in groups for word in words}


_SCALES: Final[dict[str, int]] = _lexicon(
    (
        (
            (
                "тыс",
                "тысяча",
                "тысячи",
                "тысяч",
                "тысячами",
                "тысячам",
                "мың",
                "мыңнан",
                "мыңға",
                "мыңы",
                "thousand",
                "thou",
                "thousands",
                "бин",
                "минг",
                "мингта",
            ),
            10**3,
        ),
        (
            (
                "млн",
                "миллион",
                "миллиона",
                "миллионов",
                "million",
                "millions",
                "mn",
                "mln",
                "milyon",
            ),
            10**6,
        ),
        (
            (
                "млрд",
                "миллиард",
                "миллиарда",
                "миллиардов",
                "миллиардтан",
                "billion",
                "billions",
                "bn",
                "bln",
                "milyar",
                "milyard",
                "milyarı",
                "milyarı",
                "mlrd",
            ),
            10**9,
        ),
        (
            (
                "трлн",
                "триллион",
                "триллиона",
                "триллионов",
                "trillion",
                "trillions",
                "trn",
                "tn",
                "trilyon",
            ),
            10**12,
        ),
    )
)

_NUMBER_WORDS: Final[dict[str, int]] = _lexicon(
    (
        (("один", "одна", "одного", "бір", "one"), 1),
        (("два", "две", "двух", "двум", "двумя", "екі", "two", "twice", "double", "doubled"), 2),
        (("три", "трех", "трёх", "трем", "үш", "three", "triple", "tripled", "threefold"), 3),
        (("четыре", "четырех", "төрт", "four", "fourfold"), 4),
        (("пять", "пяти", "бес", "five", "fivefold"), 5),
        (("шесть", "шести", "алты", "six", "sixfold"), 6),
        (("семь", "семи", "жеті", "seven"), 7),
        (("восемь", "восьми", "сегіз", "eight"), 8),
        (("девять", "девяти", "тоғыз", "nine"), 9),
        (("десять", "десяти", "ten", "tenfold"), 10),
        (("сто", "сотня", "сотни", "сотню", "жүз", "hundred"), 100),
    )
)

#: English words that are themselves a multiple ("doubled", "sixfold").
_MULTIPLE_WORDS: Final = frozenset(
    {
        "twice",
        "double",
        "doubled",
        "triple",
        "tripled",
        "threefold",
        "fourfold",
        "fivefold",
        "sixfold",
        "tenfold",
    }
)

_QUALIFIER_CUES: Final[dict[str, tuple[str, ...]]] = {
    # A trailing "*" marks a stem (any ending); other cues must be whole words or phrases.
    "more_than": (
        "более",
        "свыше",
        "больше",
        "большее",
        "превыш*",
        "превыс*",
        ">",
        "астам",
        "асты",
        "асып",
        "асқан",
        "аса",
        "more than",
        "over",
        "above",
        "exceed*",
        "in excess of",
        "just over",
        "чуть более",
    ),
    "about": (
        "около",
        "порядка",
        "примерно",
        "приблизительно",
        "жуық",
        "шамамен",
        "шамасында",
        "about",
        "around",
        "approximately",
        "roughly",
        "estimated",
        "оценивается",
        "~",
    ),
    "up_to": ("до", "дейін", "up to"),
    "at_least": ("кемінде", "не менее", "at least", "минимум"),
    "almost": ("почти", "almost", "nearly"),
}

_CURRENCY: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("USD", re.compile(r"\$|\busd\b|доллар|dollar|u\.s\. ?dollars|aқш|ақш", re.I)),
    ("KZT", re.compile(r"теңге|тенге|tenge|\bkzt\b|₸", re.I)),
    ("MCI", re.compile(r"\bаек\b|\bмрп\b|\bmci\b", re.I)),
)
_PERCENT = re.compile(r"%|процент|пайыз|percent|per cent|\bpct\b", re.I)
_MULTIPLE = re.compile(
    r"есе|\bраз(?:а)?\b|\btimes\b|fold\b|×|\bx\s*\d|\d\s*x\b|кратн|\bmarta\b", re.I
)
_RANK = re.compile(r"\d+\s*-?\s*(?:ші|шы|ый|ий|th|st|nd|rd)\b|\bорын|\bplace\b|\brank", re.I)
_NUMBER_TOKEN = re.compile(
    r"(?<![\w.,])[+-]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![\d])"
    r"|(?<![\w.,])[+-]?\d+(?:[.,]\d+)*(?![\d])"
)
_WORD = re.compile(r"[^\W\d_]+", re.U)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure read from text.

    Attributes
    ----------
    number
        The number as written, before any scale word (``3.3`` in ``3,3 трлн``).
    magnitude
        The number times its scale (``3.3e12``).
    dimension
        ``KZT``, ``USD``, ``MCI``, ``percent``, ``ratio`` (a multiple), ``rank`` or ``count``.
    qualifier
        One of ``exact``, ``more_than``, ``about``, ``up_to``, ``at_least``, ``almost``,
        as found among the words of the text.
    upper
        The upper end of a range such as ``8-10``, scaled like ``magnitude``; else None.
    """

    number: Decimal
    magnitude: Decimal
    dimension: str
    qualifier: str = "exact"
    upper: Decimal | None = None


#: "56+", as the collectors write "more than 56".
_PLUS_SUFFIX = re.compile(r"\d\+")
_DETECTION_ORDER = ("almost", "at_least", "more_than", "about", "up_to")


def _lowered(text: str) -> str:
    return " " + _clean(text).lower() + " "


def _has_cue(lowered: str, qualifier: str) -> bool:
    if qualifier == "more_than" and _PLUS_SUFFIX.search(lowered):
        return True
    pattern = _cue_pattern(qualifier)
    return pattern is not None and pattern.search(lowered) is not None


@cache
def _cue_pattern(qualifier: str) -> re.Pattern[str] | None:
    """Return one pattern that finds any cue of ``qualifier`` (compiled once).

    A word cue matches as a whole word (a trailing ``*`` marks a stem: any ending); any
    other cue (``>``) as written. The word cues share one start-of-word test, so the search
    tries them only where a word begins.
    """
    cues = _QUALIFIER_CUES.get(qualifier, ())
    words = "|".join(
        re.escape(cue.rstrip("*")) + (r"\w*" if cue.endswith("*") else r"(?!\w)")
        for cue in cues
        if cue[0].isalpha()
    )
    parts = [rf"\b(?<!\w)(?:{words})"] if words else []
    parts += [re.escape(cue) for cue in cues if not cue[0].isalpha()]
    return re.compile("|".join(parts)) if parts else None


def detect_qualifier(text: str) -> str:
    """Return the qualifier whose cue words occur in ``text`` (``exact`` if none).

    A number followed by "+" reads "more than" before any other cue is considered.
    """
    lowered = _lowered(text)
    if _PLUS_SUFFIX.search(lowered):
        return "more_than"
    return next((q for q in _DETECTION_ORDER if _has_cue(lowered, q)), "exact")


def qualifier_cues(qualifier: str) -> tuple[str, ...]:
    """Return the cue words that signal ``qualifier`` (empty for ``exact``)."""
    return _QUALIFIER_CUES.get(qualifier, ())


def has_qualifier_cue(text: str, qualifier: str) -> bool:
    """Whether ``text`` holds one of the cue words of ``qualifier``."""
    return _has_cue(_lowered(text), qualifier)


def parse_quantity(text: str, unit_text: str = "", decimal_mark: str | None = None) -> Quantity:
    """Read a figure phrase: number, scale, dimension and qualifier.

    Parameters
    ----------
    text
        The phrase holding the number, e.g. ``"638,1 млрд теңгеден асты"``, ``"$15,6 млрд"``,
        ``"KZT 2.3 trillion"``, ``"19 мыңнан"``, ``"2,3 есе"``, ``"105,1%"``, ``"sixfold"``,
        ``"в два с половиной раза"``, ``"1 trillion 800 billion"``, ``"8-10"``.
    unit_text
        Unit words written apart from the number (``"млрд теңге"`` when ``text`` is only
        ``"376"``); they are read for scale and dimension, never for the number.
    decimal_mark
        The source's decimal mark, for numbers such as ``88,000`` (see :func:`parse_number`).

    Raises
    ------
    NumberParseError
        If the phrase holds no number, several unrelated numbers, or two dimensions.
    """
    phrase = _clean(text)
    units = _clean(unit_text)
    both = f"{phrase} {units}".strip()
    if not phrase:
        raise NumberParseError("empty value")
    dimension = _dimension(both)
    qualifier = detect_qualifier(phrase)
    number, magnitude, upper = _read_amount(phrase, units, decimal_mark)
    return Quantity(number, magnitude, dimension, qualifier, upper)


def _dimension(text: str) -> str:
    found = [name for name, pattern in _CURRENCY if pattern.search(text)]
    if _PERCENT.search(text):
        found.append("percent")
    if _MULTIPLE.search(text) or any(w in _MULTIPLE_WORDS for w in _words(text)):
        found.append("ratio")
    if len(found) > 1:
        raise NumberParseError(f"{text!r} mixes units: {', '.join(found)}")
    if found:
        return found[0]
    if _RANK.search(text):
        return "rank"
    return "count"


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _read_amount(
    phrase: str, units: str, decimal_mark: str | None
) -> tuple[Decimal, Decimal, Decimal | None]:
    """Return (number as written, scaled magnitude, scaled upper bound of a range)."""
    # Ranges "8-10" / "8–10": keep the upper bound separately.
    range_match = re.fullmatch(r"(.*?\d)\s*-\s*(\d[\d.,]*)(.*)", phrase)
    if range_match and not phrase.lstrip().startswith("-"):
        low_text, high_text, rest = range_match.groups()
        low_number, low, _ = _read_amount(low_text + rest, units, decimal_mark)
        range_scale = low / low_number if low_number else Decimal(1)
        return low_number, low, parse_number(high_text, decimal_mark) * range_scale

    tokens = _tokens(phrase, decimal_mark)
    unit_scale = _scale_of(_words(units))
    pairs: list[tuple[Decimal, int]] = []
    half = False
    for kind, value in tokens:
        if kind == "number":
            pairs.append((value, 1))
        elif kind == "scale":
            if not pairs or pairs[-1][1] != 1:
                raise NumberParseError(f"{phrase!r}: scale word without a number")
            pairs[-1] = (pairs[-1][0], int(value))
        elif kind == "half":
            half = True
    if not pairs:
        raise NumberParseError(f"no number in {phrase!r}")
    if half:
        pairs[-1] = (pairs[-1][0] + Decimal("0.5"), pairs[-1][1])
    if len(pairs) > 1:
        scales = [scale for _, scale in pairs]
        if (
            any(s == 1 for s in scales)
            or scales != sorted(scales, reverse=True)
            or len(set(scales)) != len(scales)
        ):
            raise NumberParseError(f"{phrase!r} holds several numbers; quote only one")
        magnitude = sum((n * s for n, s in pairs), Decimal(0))
        top = scales[0]
        return magnitude / top, magnitude, None
    number, scale = pairs[0]
    if scale == 1:
        scale = unit_scale
    return number, number * scale, None


def _scale_of(words: list[str]) -> int:
    scale = 1
    for word in words:
        if word in _SCALES:
            scale *= _SCALES[word]
    return scale


def _tokens(phrase: str, decimal_mark: str | None) -> list[tuple[str, Decimal]]:
    """Split a phrase into number, scale-word and half tokens, in order."""
    found: list[tuple[int, str, Decimal]] = []
    spans: list[tuple[int, int]] = []
    for match in _NUMBER_TOKEN.finditer(phrase):
        found.append((match.start(), "number", parse_number(match.group(), decimal_mark)))
        spans.append(match.span())
    for match in _WORD.finditer(phrase):
        if any(a <= match.start() < b for a, b in spans):
            continue
        word = match.group().lower()
        if word in _SCALES:
            found.append((match.start(), "scale", Decimal(_SCALES[word])))
        elif word in _NUMBER_WORDS:
            found.append((match.start(), "number", Decimal(_NUMBER_WORDS[word])))
        elif word in ("половиной", "половина", "жарым", "half"):
            found.append((match.start(), "half", Decimal(0)))
        else:
            # Numbers glued to words: "6fold", "55-ші" are handled by the number regex;
            # "6fold" needs this.
            glued = re.match(r"(\d+)", word)
            if glued:  # pragma: no cover - \w excludes digits in _WORD
                found.append((match.start(), "number", Decimal(glued.group(1))))
    glued_fold = re.finditer(r"(?<![\d.,])(\d+(?:[.,]\d+)?)(?=fold\b|x\b)", phrase, re.I)
    for match in glued_fold:
        if all(match.start() != pos for pos, _, _ in found):
            found.append((match.start(), "number", parse_number(match.group(1), decimal_mark)))
    found.sort(key=lambda item: item[0])
    return [(kind, value) for _, kind, value in found]


def split_unit(name: str) -> tuple[str, str]:
    """Split a published name at its last comma into the name and the unit written after it.

    ``"Автомобили легковые, штук"`` gives ``("Автомобили легковые", "штук")``, as the
    Bureau's tables write a unit into a row's name; a name without a comma has no unit
    there: ``(name, "")``.
    """
    if "," not in name:
        return name, ""
    head, unit = name.rsplit(",", 1)
    return head.strip(), unit.strip()
