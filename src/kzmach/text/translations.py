"""Every word kzmach prints, in English, Russian and Kazakh, from gettext catalogs.

The English text is the template ``locale/kzmach.pot``; ``locale/<language>/LC_MESSAGES/
kzmach.po`` translates it. Each message has a context (``msgctxt``): the key the code asks
for, such as ``title_output_up``. The catalogs are read with Babel when first needed, so
a translator edits a ``.po`` file and nothing is compiled.

Numbers inside messages follow the language's rules:

* **plurals** by CLDR: a message with ``msgid_plural`` has one form per plural slot of the
  catalog's ``Plural-Forms`` (Russian: "в 5 раз", "в 2 раза", "21 мера"); a number with
  decimals takes the slot of its CLDR category ("в 2,3 раза");
* **Kazakh possessive suffixes** by vowel harmony: the field spec ``:poss`` writes a number
  with the suffix its spoken last word takes ("6-сы", "10-ы", "3-і"), see
  :func:`kazakh_possessive`;
* **decimals** by Babel's ``format_decimal`` (:func:`format_number`): the language's
  decimal mark and grouping, with the house minus sign "−".
"""

from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from kzmach.metadata.vocabulary import LANGUAGES

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

__all__ = [
    "catalog",
    "check_language",
    "format_number",
    "forms",
    "is_declared",
    "kazakh_possessive",
    "keys",
    "plural_index",
    "plural_term",
    "programme_name",
    "region_name",
    "term",
    "unit_name",
]

DOMAIN: Final = "kzmach"
MINUS: Final = "−"
_UNITS: Final = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
_TENS: Final = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
_BACK: Final = "аоұы"
_FRONT: Final = "әөүіе"


def check_language(language: str) -> str:
    """Return ``language`` if declared; otherwise raise a :class:`ValueError` naming the choices."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    return language


@cache
def catalog(language: str, domain: str = DOMAIN) -> Catalog:
    """Return ``language``'s catalog of ``domain`` (the template for English), read once.

    ``kzmach`` holds the words kzmach prints; ``notebooks`` the notebooks' markdown cells
    (:mod:`kzmach.text.notebook_text`).
    """
    from babel.messages.pofile import read_po

    folder = resources.files("kzmach.text") / "locale"
    source = folder / (
        f"{domain}.pot" if language == "en" else f"{language}/LC_MESSAGES/{domain}.po"
    )
    with source.open("rb") as stream:
        return read_po(stream, locale=None if language == "en" else language, domain=domain)


@cache
def _messages(language: str) -> dict[str, Message]:
    return {str(message.context): message for message in catalog(language) if message.id}


def is_declared(key: str) -> bool:
    """Whether the template declares the message ``key``."""
    return key in _messages("en")


def keys() -> tuple[str, ...]:
    """Return the keys (``msgctxt``) of every message of the template, in its order."""
    return tuple(_messages("en"))


def forms(key: str, language: str) -> tuple[str, ...]:
    """Return a message's forms in ``language``: one, or one per plural slot."""
    check_language(language)
    template = _messages("en")[key]  # KeyError for an undeclared key
    english = _texts(template.id)
    if language == "en":
        return english
    message = _messages(language).get(key)
    forms = () if message is None else _texts(message.string)
    if not forms or not all(forms):  # untranslated: gettext shows the English; tests forbid it
        return english
    return forms


def _texts(value: Any) -> tuple[str, ...]:
    return (
        tuple(str(v or "") for v in value)
        if isinstance(value, tuple | list)
        else (str(value or ""),)
    )


class _Formatter(string.Formatter):
    """``str.format`` with one more spec: ``{n:poss}``, a number with its Kazakh suffix."""

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "poss":
            return kazakh_possessive(int(str(value).replace("\u00a0", "")))
        return super().format_field(value, format_spec)


_FORMATTER: Final = _Formatter()


def term(key: str, language: str = "en", /, **fields: object) -> str:
    """Return the message ``key`` in ``language``, with template ``fields`` filled in.

    Raises
    ------
    KeyError
        If ``key`` is not declared in the template.
    ValueError
        If ``language`` is not one of :data:`~kzmach.metadata.vocabulary.LANGUAGES`.
    """
    text = forms(key, language)[0]
    return _FORMATTER.format(text, **fields) if fields else text


def plural_term(key: str, number: float, language: str = "en", /, **fields: object) -> str:
    """Return the plural message ``key`` in the form ``number`` takes in ``language``."""
    written = forms(key, language)
    index = plural_index(language, number) if len(written) > 1 else 0
    return _FORMATTER.format(written[min(index, len(written) - 1)], **fields)


def plural_index(language: str, count: float) -> int:
    """Return the plural slot ``count`` takes in ``language``'s catalog.

    A whole number goes through the catalog's ``Plural-Forms`` formula. A number with
    decimals has a CLDR plural category of its own (``other`` in Russian and Kazakh): it
    takes the slot of the first whole number of that category, or, when no whole number has
    it, the slot of 2 (Russian "2,3 раза" like "2 раза").
    """
    import gettext

    from babel import Locale

    slot = gettext.c2py(catalog(check_language(language)).plural_expr)
    if float(count).is_integer():
        return int(slot(abs(int(count))))
    locale = Locale.parse(language)
    category = locale.plural_form(abs(count))
    for whole in range(0, 1001):
        if locale.plural_form(whole) == category:
            return int(slot(whole))
    return int(slot(2))


def kazakh_possessive(number: int) -> str:
    """Write ``number`` with the Kazakh third-person possessive suffix it takes.

    The suffix follows the last word of the number as spoken: ``-сы``/``-сі`` after a vowel,
    ``-ы``/``-і`` after a consonant, back or front by that word's last vowel. So 6 (алты) is
    "6-сы", 10 (он) "10-ы", 3 (үш) "3-і", 20 (жиырма) "20-сы", 2000 (екі мың) "2000-ы".
    """
    word = _last_spoken_word(abs(number))
    vowels = [letter for letter in word if letter in _BACK + _FRONT]
    front = bool(vowels) and vowels[-1] in _FRONT
    after_vowel = word[-1] in _BACK + _FRONT + "ия"
    suffix = ("сі" if front else "сы") if after_vowel else ("і" if front else "ы")
    return f"{number}-{suffix}"


def _last_spoken_word(number: int) -> str:
    if number == 0:
        return _UNITS[0]
    if number % 10:
        return _UNITS[number % 10]
    if number % 100:
        return _TENS[(number % 100) // 10]
    for size, word in ((1000, "жүз"), (10**6, "мың"), (10**9, "миллион")):
        if number % size:
            return word
    return "миллиард"


def _declared_name(kind: str, key: str, language: str) -> str:
    """Return the term ``kind:key`` in ``language``, or ``key`` itself if none is declared."""
    try:
        return term(f"{kind}:{key}", language)
    except KeyError:
        check_language(language)
        return key


def programme_name(programme: str, language: str = "en") -> str:
    """Return a programme's name in ``language``; an undeclared programme keeps its own name."""
    return _declared_name("programme", programme, language)


def region_name(region: str, language: str = "en") -> str:
    """Return a region's or country's name in ``language`` (else the name as kzmach holds it)."""
    return _declared_name("region", region, language)


def unit_name(unit: str, language: str = "en") -> str:
    """Return the display name of a canonical unit in ``language`` (else the unit as declared)."""
    return _declared_name("unit", unit, language)


def format_number(value: float, language: str = "en", decimals: int = 1) -> str:
    """Format ``value`` with up to ``decimals`` decimals in ``language`` (Babel), minus as "−".

    A trailing zero decimal is dropped: ``format_number(3300, "ru", 0)`` is ``"3 300"`` (a
    no-break space groups thousands), ``format_number(14.975, "kk")`` is ``"15"``,
    ``format_number(-2.35, "ru")`` is ``"−2,4"``.
    """
    from decimal import ROUND_HALF_EVEN, Decimal

    from babel.numbers import format_decimal

    check_language(language)
    rounded = Decimal(float(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    if rounded == 0:
        rounded = Decimal(0)
    pattern = "#,##0" + ("." + "#" * decimals if decimals > 0 else "")
    text = format_decimal(rounded, format=pattern, locale=language, decimal_quantization=False)
    return text.replace("-", MINUS)
