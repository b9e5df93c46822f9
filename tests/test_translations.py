"""The gettext catalogs: complete, consistent, with plural and Kazakh suffix rules by hand."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.metadata.vocabulary import LANGUAGES
from kzmach.text.numbers import parse_number
from kzmach.text.translations import (
    format_number,
    forms,
    kazakh_possessive,
    keys,
    plural_index,
    plural_term,
    term,
)

FIELD = re.compile(r"\{(\w+)(?::[^}]*)?\}")


def fields_of(text: str) -> set[str]:
    return set(FIELD.findall(text))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_every_message_is_translated_with_every_plural_form(language):
    from kzmach.text.translations import _messages, catalog

    slots = catalog(language).num_plurals
    for key in keys():
        message = _messages(language).get(key)
        assert message is not None, f"{language}: {key} is not in the catalog"
        english = _messages("en")[key].id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{language}: {key} is untranslated"
        if isinstance(english, tuple):
            assert len(strings) == slots, f"{language}: {key} needs {slots} plural forms"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_translations_fill_the_same_fields_as_the_english(language):
    for key in keys():
        english = set().union(*(fields_of(text) for text in forms(key, "en")))
        for text in forms(key, language):
            assert fields_of(text) == english, f"{language}: {key}: {text!r}"


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_no_english_words_inside_russian_or_kazakh(language):
    for key in keys():
        for text in forms(key, language):
            words = FIELD.sub("", text)
            words = re.sub(r"\S*[/.]\S*|kzmach", "", words)  # file paths and the tool's name
            words = re.sub(r"\b[IVXL]+\b", "", words)  # Roman numerals: HS sections XVI–XVIII
            assert not re.search(r"[A-Za-z]{3,}", words), f"{language}: {key}: {text!r}"


def test_russian_plurals_follow_cldr():
    def title(n: float, shown: str) -> str:
        return plural_term("title_output_up", n, "ru", multiple=shown, start=2010, end=2014)

    assert "в 5 раз за" in title(5, "5")
    assert "в 2 раза за" in title(2, "2")
    assert "в 21 раз за" in title(21, "21")
    assert "в 2,3 раза за" in title(2.3, "2,3")  # decimals: the CLDR "other" form
    sections = [
        plural_term("title_roadmap_sections", n, "ru", n=n, top="x", count=1) for n in (1, 3, 33, 5)
    ]
    assert [s.split(" дорожной")[0] for s in sections] == ["1 мера", "3 меры", "33 меры", "5 мер"]


def test_english_plurals():
    assert plural_term("others_once", 1, "en", n=1) == "1 other, named once"
    assert plural_term("others_once", 4, "en", n=4) == "4 others, named once each"


@pytest.mark.parametrize(
    ("language", "number", "slot"),
    [
        ("ru", 1, 0),
        ("ru", 3, 1),
        ("ru", 11, 2),
        ("ru", 22, 1),
        ("ru", 2.5, 1),
        ("kk", 1, 0),
        ("kk", 7, 1),
    ],
)
def test_plural_slots(language, number, slot):
    assert plural_index(language, number) == slot


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (6, "6-сы"),
        (10, "10-ы"),
        (3, "3-і"),
        (1, "1-і"),
        (2, "2-сі"),
        (9, "9-ы"),
        (20, "20-сы"),
        (40, "40-ы"),
        (50, "50-і"),
        (100, "100-і"),
        (110, "110-ы"),
        (1000, "1000-ы"),
        (0, "0-і"),
    ],
)
def test_kazakh_possessive_by_vowel_harmony(number, written):
    assert kazakh_possessive(number) == written


def test_kazakh_titles_use_the_suffix_of_their_number():
    assert "мақсаттың 6-сы жарияланған" in term(
        "title_targets", "kk", measurable=6, total=28, met=1
    )
    assert "мақсаттың 10-ы жарияланған" in term(
        "title_targets", "kk", measurable=10, total=28, met=1
    )


@given(st.integers(min_value=0, max_value=10**12))
def test_kazakh_suffix_depends_only_on_the_last_spoken_word(number):
    suffix = kazakh_possessive(number).split("-", 1)[1]
    assert suffix in ("сы", "сі", "ы", "і")
    # adding thousands in front never changes what is said last
    if number % 1000:
        assert kazakh_possessive(number + 7000).endswith("-" + suffix)


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (3300, "ru", 0, "3\u00a0300"),
        (14.975, "kk", 1, "15"),
        (-2.35, "ru", 1, "−2,4"),
        (1234.5, "en", 1, "1,234.5"),
        (-0.04, "en", 1, "0"),
        (2.25, "en", 1, "2.2"),
    ],
)
def test_format_number_by_hand(value, language, decimals, expected):
    assert format_number(value, language, decimals) == expected


@given(
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.sampled_from(LANGUAGES),
    st.integers(min_value=0, max_value=2),
)
def test_a_formatted_number_reads_back_as_the_rounded_value(value, language, decimals):
    text = format_number(value, language, decimals).replace("−", "-")
    mark = "." if language == "en" else ","
    read = parse_number(text.replace(",", "") if language == "en" else text, decimal_mark=mark)
    expected = Decimal(value).quantize(Decimal(1).scaleb(-decimals))
    assert read == expected or (read == 0 and expected == 0)


def test_unknown_language_and_key_are_refused():
    with pytest.raises(ValueError, match="choose one of en, ru, kk"):
        term("sources", "de")
    with pytest.raises(KeyError):
        term("no_such_message", "en")


def test_every_word_a_table_shows_is_declared_in_every_language():
    """kzmach.show translates each declared value word; none is missing or left English."""
    from kzmach.report.charts.common import verdict_term
    from kzmach.report.display import VALUE_WORDS, VERDICT_WORDS

    for word in VALUE_WORDS:
        english = term(f"value:{word}", "en")  # KeyError for an undeclared word
        for language in ("ru", "kk"):
            assert term(f"value:{word}", language) != english, (word, language)
    for word in VERDICT_WORDS:  # the charts' verdict messages, the same words in tables
        english = verdict_term(word, "en")
        for language in ("ru", "kk"):
            assert verdict_term(word, language) != english, (word, language)


def test_every_chart_has_its_workbook_sheet_named_in_every_language():
    """A chart's values go to a sheet of the workbook named in the report's language."""
    from kzmach.metadata.vocabulary import LANGUAGES
    from kzmach.report.charts import CHARTS
    from kzmach.report.charts.data import sheet_name

    for name in CHARTS:
        names = {language: sheet_name(name, language) for language in LANGUAGES}
        assert all(names.values()), name
        assert len(set(names.values())) == len(LANGUAGES), (name, names)  # translated


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_a_missing_number_is_a_dash_not_nan_in_every_language(language):
    import pandas as pd

    from kzmach.report.display import MISSING_NUMBER, show

    frame = pd.DataFrame(
        {
            "growth": [14.3, float("nan")],
            "value": [1.0, 2.0],
            "next_due": pd.to_datetime(["2024-12-31", None]),
            "stated_figures": pd.Series(["s000-01", float("nan")], dtype=object),
        }
    )
    shown = show(frame, language)
    assert shown.iloc[:, 0].tolist() == [14.3, MISSING_NUMBER]
    assert shown.iloc[:, 1].dtype.kind == "f"  # a full column keeps its numbers as numbers
    assert shown.iloc[1, 2] == MISSING_NUMBER
    assert shown.iloc[:, 3].tolist() == ["s000-01", MISSING_NUMBER]  # text with a gap
    assert "NaN" not in shown.to_html() and "NaT" not in shown.to_html()


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_a_backtest_and_a_pivot_of_the_bodies_show_no_english_word(language):
    """The forecast's methods (ETS, drift, naive) and a body the order names nowhere
    ("unknown", in a pivot's rows) are said in the reader's language."""
    import pandas as pd

    from kzmach.report.display import show
    from test_notebooks import english_words

    backtest = pd.DataFrame({"method": ["ETS", "drift", "naive"], "mape": [3.2, 4.1, 5.0]})
    assert not english_words(" ".join(show(backtest, language).iloc[:, 0])), language
    bodies = pd.DataFrame(
        {
            "body": ["АТМКА", "ИИДМ", "ИИДМ"],
            f"name_{language}": ["unknown", "Министерство", "Министерство"],
            "by_agreement": [True, False, True],
            "measure_no": [1, 2, 3],
        }
    )
    counts = bodies.pivot_table(
        index=["body", f"name_{language}"], columns="by_agreement", values="measure_no",
        aggfunc="count",
    )  # fmt: skip
    rows = show(counts.fillna(0), language).index
    assert rows.nlevels == 2 and rows[0][0] == "АТМКА"
    assert not english_words(" ".join(name for _, name in rows)), list(rows)
