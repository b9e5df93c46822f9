"""Number and quantity parsing, with hand-checked cases and property tests."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.metadata.vocabulary import QUALIFIERS
from kzmach.text.numbers import (
    NumberParseError,
    _lowered,
    detect_qualifier,
    has_qualifier_cue,
    parse_number,
    parse_quantity,
    qualifier_cues,
    write_number,
)


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("638,1", ",", "638.1"),
        ("1 671", ",", "1671"),
        ("1\u00a0671", ",", "1671"),
        ("37 606 243", ",", "37606243"),
        ("14,042.9", None, "14042.9"),
        ("14.042,9", None, "14042.9"),
        ("88,000", ".", "88000"),
        ("88,000", ",", "88.000"),
        ("5.122", ".", "5.122"),
        ("-29", None, "-29"),
        ("−20,5", ",", "-20.5"),
        ("0,02", ",", "0.02"),
    ],
)
def test_parse_number_cases(text, mark, expected):
    assert parse_number(text, mark) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "1 2 3", "1,2,3", "12.", "--5", "1.234,56.7"])
def test_parse_number_rejects_garbage(text):
    with pytest.raises(NumberParseError, match=r"number|separator|ambiguous|space"):
        parse_number(text, ",")


def test_ambiguous_grouping_needs_the_source_convention():
    with pytest.raises(NumberParseError, match="ambiguous"):
        parse_number("88,000")


@pytest.mark.parametrize(
    ("text", "unit", "mark", "magnitude", "dimension", "qualifier"),
    [
        ("638,1 млрд теңгеден асты", "", ",", "638.1e9", "KZT", "more_than"),
        ("3,3 трлн", "теңге", ",", "3.3e12", "KZT", "exact"),
        ("2,3 есе", "", ",", "2.3", "ratio", "exact"),
        ("1.6 times", "", ".", "1.6", "ratio", "exact"),
        ("19 мыңнан астам", "", ",", "19000", "count", "more_than"),
        ("105,1%", "", ",", "105.1", "percent", "exact"),
        ("$15,6 млрд", "", ",", "15.6e9", "USD", "exact"),
        ("KZT 2.3 trillion", "", ".", "2.3e12", "KZT", "exact"),
        ("в два с половиной раза", "", ",", "2.5", "ratio", "exact"),
        ("1 trillion 800 billion tenge", "", ".", "1.8e12", "KZT", "exact"),
        ("свыше двух тысяч", "", ",", "2000", "count", "more_than"),
        ("sixfold", "", ".", "6", "ratio", "exact"),
        ("24 мың АҚШ доллары/адам", "", ",", "24000", "USD", "exact"),
        ("55-ші", "орынға", ",", "55", "rank", "exact"),
        ("around $500 million", "", ".", "500e6", "USD", "about"),
        ("3\u00a0000 АЕК", "", ",", "3000", "MCI", "exact"),
        # a currency code glued to its number (official-pages line 47)
        ("KZT16.4bn", "", ".", "16.4e9", "KZT", "exact"),
        # "кәсіпорын" (enterprise) ends in "орын" (place) but is a count, not a rank
        ("2 357", "кәсіпорын", ",", "2357", "count", "exact"),
        ("46 401,7 milyar tenge", "", ",", "46401.7e9", "KZT", "exact"),
        ("свыше 2,7 тыс.", "", ",", "2700", "count", "more_than"),
    ],
)
def test_parse_quantity_cases(text, unit, mark, magnitude, dimension, qualifier):
    quantity = parse_quantity(text, unit, mark)
    assert quantity.magnitude == Decimal(magnitude)
    assert quantity.dimension == dimension
    assert quantity.qualifier == qualifier


def test_range_keeps_upper_bound():
    quantity = parse_quantity("8-10", "", ".")
    assert (quantity.magnitude, quantity.upper) == (Decimal(8), Decimal(10))


@pytest.mark.parametrize("text", ["млрд теңге", "about", "", "5 % and 7 tenge"])
def test_parse_quantity_rejects(text):
    with pytest.raises(NumberParseError):
        parse_quantity(text, "", ",")


def test_qualifier_words_are_whole_words():
    assert detect_qualifier("асады") == "exact"
    assert detect_qualifier("аса") == "more_than"
    assert detect_qualifier("шамамен 124") == "about"


decimals = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)


@given(decimals, st.sampled_from([(",", " "), (",", "\u00a0"), (".", ","), (",", "."), (".", "")]))
def test_round_trip_with_any_separators(value, style):
    decimal_mark, group = style
    text = write_number(value, decimal_mark, group)
    assert parse_number(text, decimal_mark) == value


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip_and_keep_sign(value):
    text = write_number(Decimal(value), ",", " ")
    parsed = parse_number(text, ",")
    assert parsed == value
    assert (parsed < 0) == (value < 0)


@given(st.text(alphabet=st.characters(categories=["L", "P", "Zs"]), min_size=0, max_size=20))
def test_text_without_digits_is_rejected_with_a_message(text):
    with pytest.raises(NumberParseError) as info:
        parse_number(text, ",")
    assert (
        repr(text.strip()) in str(info.value)
        or "no number" in str(info.value)
        or (repr(text) in str(info.value))
    )


def _cue_found_alone(cue: str, lowered: str) -> bool:
    """The rule for one cue, tested on its own: a word as a whole word (``*``: a stem)."""
    if not cue[0].isalpha():
        return cue in lowered
    ending = r"\w*" if cue.endswith("*") else r"(?!\w)"
    return re.search(r"(?<!\w)" + re.escape(cue.rstrip("*")) + ending, lowered) is not None


_ALL_CUES = sorted({cue.rstrip("*") for q in QUALIFIERS for cue in qualifier_cues(q)})


@given(
    st.lists(
        st.one_of(
            st.sampled_from(_ALL_CUES),
            st.sampled_from([" ", "", "ы", "s", "1", "+", "-", ",", "ing", "ed"]),
        ),
        max_size=8,
    )
)
def test_the_combined_cue_pattern_finds_what_each_cue_would(pieces):
    """One pattern per qualifier finds a cue exactly when some cue, tested alone, is found."""
    text = "".join(pieces)
    lowered = _lowered(text)  # as the detection sees it: spaces and minus signs cleaned
    for qualifier in QUALIFIERS:
        alone = any(_cue_found_alone(c, lowered) for c in qualifier_cues(qualifier))
        assert has_qualifier_cue(text, qualifier) == (
            alone or (qualifier == "more_than" and re.search(r"\d\+", lowered) is not None)
        )


# --- one number rule per context, declared ------------------------------------------------

#: What "1.234" and "1,234" are under each declared decimal mark.
BY_MARK = {
    ",": {"1.234": 1234.0, "1,234": 1.234},
    ".": {"1.234": 1.234, "1,234": 1234.0},
    "point unless commas": {"1.234": 1.234, "1,234": 1.234},
}


def test_every_release_format_reads_numbers_as_its_record_declares():
    import polars as pl

    from kzmach.raw.releases.common import parse_numbers, release_decimal_mark
    from kzmach.raw.releases.convert import decimal_mark
    from kzmach.raw.releases.formats import FORMATS
    from kzmach.text.numbers import parse_number

    for release_format in FORMATS.values():
        expected = BY_MARK[release_format.decimal_mark]
        for written, value in expected.items():
            # the reader's check of each value, with the mark it takes for the file ...
            frame = pl.DataFrame({"value_as_written": [written]})
            mark = release_decimal_mark(frame["value_as_written"], release_format.decimal_mark)[0]
            read = frame.select(parse_numbers(pl.col("value_as_written"), mark)).item()
            assert read == pytest.approx(value), (release_format.name, written)
            # ... and the figure made of it, through the source's decimal mark: the same
            assert decimal_mark(release_format, frame) == mark
            assert float(parse_number(written, mark)) == pytest.approx(value), (
                release_format.name,
                written,
            )


def test_prose_numbers_follow_the_sources_language_and_refuse_to_guess():
    from kzmach.text.numbers import NumberParseError, parse_number

    assert float(parse_number("1,234", ",")) == pytest.approx(1.234)  # Russian, Kazakh
    assert float(parse_number("1.234", ",")) == pytest.approx(1234)
    assert float(parse_number("1,234", ".")) == pytest.approx(1234)  # English
    assert float(parse_number("1.234", ".")) == pytest.approx(1.234)
    for written in ("1.234", "1,234"):
        with pytest.raises(NumberParseError, match="ambiguous"):
            parse_number(written)


@given(
    st.text(alphabet=st.characters(blacklist_characters=","), min_size=1),
    st.text(alphabet=st.characters(blacklist_characters=","), max_size=12),
    st.sampled_from(["", " ", "  "]),
)
def test_a_name_splits_at_its_last_comma_into_name_and_unit(head, unit, space):
    from kzmach.text.numbers import split_unit

    # "Автомобили легковые, штук": the unit is what follows the last comma, both stripped
    assert split_unit(f"{head},{space}{unit}") == (head.strip(), unit.strip())
    assert split_unit(f"{head}, a,{unit}") == (f"{head}, a".strip(), unit.strip())
    assert split_unit(head) == (head, "")  # no comma: all name, no unit
