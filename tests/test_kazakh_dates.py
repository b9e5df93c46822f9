"""Kazakh deadline phrases: every form the roadmap writes, case forms, and property tests."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.text.kazakh_dates import (
    MONTHS,
    DeadlineError,
    case_forms,
    month_forms,
    parse_date,
    parse_deadline,
)

# Case forms written out by hand (not by the generator), for the months whose endings differ:
# a back vowel (маусым, наурыз, қазан), a front vowel (сәуір, шілде), a final vowel (шілде,
# қараша) and a voiceless consonant that voices before a vowel (қыркүйек -> қыркүйегі).
HAND_WRITTEN = {
    "маусым": ["маусымның", "маусымға", "маусымды", "маусымда", "маусымнан", "маусымдағы"],
    "наурыз": ["наурыздың", "наурызға", "наурызда", "наурыздан", "наурыздағы", "наурызына"],
    "сәуір": ["сәуірдің", "сәуірге", "сәуірде", "сәуірден", "сәуірдегі", "сәуіріне"],
    "шілде": ["шілденің", "шілдеге", "шілдені", "шілдеде", "шілдеден", "шілдесінде"],
    "қыркүйек": ["қыркүйектің", "қыркүйекке", "қыркүйекте", "қыркүйектегі", "қыркүйегінде"],
    "қараша": ["қарашаның", "қарашаға", "қарашада", "қарашадан", "қарашасына"],
    "желтоқсан": ["желтоқсанның", "желтоқсанға", "желтоқсанда", "желтоқсаннан"],
    "қазан": ["қазанның", "қазанға", "қазанда", "қазандағы", "қазанына"],
}


@pytest.mark.parametrize(("month", "forms"), HAND_WRITTEN.items())
def test_hand_written_case_forms_are_generated(month, forms):
    generated = set(case_forms(month).values())
    assert set(forms) <= generated
    assert {month_forms()[form] for form in forms} == {MONTHS.index(month) + 1}


def test_every_form_names_one_month():
    # 12 months x 15 forms, none shared between two months
    assert len(month_forms()) == 12 * len(case_forms("маусым"))


# Every distinct deadline phrase of the roadmap, with what it means (checked by hand).
ROADMAP_PHRASES = [
    ("2022 жылғы маусым", [date(2022, 6, 30)], "month", False),
    ("2022 жылғы тамыз", [date(2022, 8, 31)], "month", False),
    ("2022 жылғы қазан", [date(2022, 10, 31)], "month", False),
    ("2022 жылғы қараша", [date(2022, 11, 30)], "month", False),
    ("2022 жылғы желтоқсан", [date(2022, 12, 31)], "month", False),
    ("2023 жылғы наурыз", [date(2023, 3, 31)], "month", False),
    ("2023 жылғы маусым", [date(2023, 6, 30)], "month", False),
    ("2023 жылғы желтоқсан", [date(2023, 12, 31)], "month", False),
    ("2024 жылғы наурыз", [date(2024, 3, 31)], "month", False),
    ("2024 жылғы маусым", [date(2024, 6, 30)], "month", False),
    (
        "2022 – 2024 жылдары жыл сайын 30 қазанға қарай",
        [date(2022, 10, 30), date(2023, 10, 30), date(2024, 10, 30)],
        "day",
        True,
    ),
    (
        "2022 – 2024 жылдары жыл сайын 30 маусымға қарай",
        [date(2022, 6, 30), date(2023, 6, 30), date(2024, 6, 30)],
        "day",
        True,
    ),
    (
        "2022 – 2024 жылдары жыл сайын 15 қарашаға қарай",
        [date(2022, 11, 15), date(2023, 11, 15), date(2024, 11, 15)],
        "day",
        True,
    ),
]


@pytest.mark.parametrize(
    ("phrase", "dates", "precision", "recurring"),
    [
        *ROADMAP_PHRASES,
        # forms other plans use
        ("2023 жылғы 1 шілдеге дейін", [date(2023, 7, 1)], "day", False),
        ("2023 жылғы IV тоқсан", [date(2023, 12, 31)], "quarter", False),
        ("2023 жылғы 2-тоқсан", [date(2023, 6, 30)], "quarter", False),
        ("2023 жылғы I жартыжылдық", [date(2023, 6, 30)], "half", False),
        ("2025 жыл", [date(2025, 12, 31)], "year", False),
        ("2025 жылдың соңына дейін", [date(2025, 12, 31)], "year", False),
        ("2024 жылғы маусым айына дейін", [date(2024, 6, 30)], "month", False),
        ("2024 жылғы ақпан", [date(2024, 2, 29)], "month", False),
        (
            "2022-2023 жж. жыл сайын",
            [date(2022, 12, 31), date(2023, 12, 31)],
            "year",
            True,
        ),
        (
            "2022\u00a0—\u00a02023 жылдары жыл сайын желтоқсан",
            [date(2022, 12, 31), date(2023, 12, 31)],
            "month",
            True,
        ),
    ],
)
def test_deadline_forms(phrase, dates, precision, recurring):
    deadline = parse_deadline(phrase)
    assert list(deadline.due_dates) == dates
    assert deadline.precision == precision
    assert deadline.recurring is recurring
    assert deadline.text == phrase


def test_every_deadline_of_the_roadmap_is_read_and_has_a_test(built):
    from kzmach.api import roadmap_measures

    measures = roadmap_measures(root=built)
    phrases = set(measures["deadline_text"])
    unread = []
    for phrase in sorted(phrases):
        try:
            parse_deadline(phrase)
        except DeadlineError:
            unread.append(phrase)
    assert unread == []
    # a new phrase in the document needs its own hand-checked row above
    assert phrases == {phrase for phrase, *_ in ROADMAP_PHRASES}
    for phrase, dates, _precision, _recurring in ROADMAP_PHRASES:
        rows = measures[measures["deadline_text"] == phrase]
        assert all(list(due) == dates for due in rows["due_dates"]), phrase


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "маусым",  # no year
        "2022 жылғы маусымның ортасы",  # mid-June: not a deadline the parser may guess
        "2022 жылғы 31 маусым",  # no 31 June
        "2024 – 2022 жылдары жыл сайын 30 маусымға қарай",  # years backwards
        "2022 жылғы мамырр",
        "2022 жылғы V тоқсан",
        "тұрақты",  # "ongoing"
    ],
)
def test_unreadable_phrases_are_refused_quoted(phrase):
    with pytest.raises(DeadlineError) as caught:
        parse_deadline(phrase)
    assert repr(phrase) in str(caught.value) or phrase == ""


def test_parse_date_wants_a_day():
    assert parse_date("2022 жылғы 16 маусымдағы") == date(2022, 6, 16)
    assert parse_date("2019 жылғы 26 маусымдағы") == date(2019, 6, 26)
    with pytest.raises(DeadlineError, match="not a single date"):
        parse_date("2022 жылғы маусым")


# --- property tests -------------------------------------------------------------------------

years = st.integers(1991, 2099)
months = st.integers(1, 12)
cases = st.sampled_from(sorted(case_forms("маусым")))


@given(years, months, cases)
def test_month_in_any_case_is_due_at_its_end(year, month, case):
    form = case_forms(MONTHS[month - 1])[case]
    deadline = parse_deadline(f"{year} жылғы {form}")
    assert deadline.due_dates == (date(year, month, calendar.monthrange(year, month)[1]),)
    assert deadline.precision == "month"


@given(years, months, st.integers(1, 31), cases, st.sampled_from(["", " қарай", " дейін"]))
def test_day_and_month_in_any_case(year, month, day, case, by):
    phrase = f"{year} жылғы {day} {case_forms(MONTHS[month - 1])[case]}{by}"
    if day > calendar.monthrange(year, month)[1]:
        with pytest.raises(DeadlineError, match="no such date"):
            parse_deadline(phrase)
    else:
        assert parse_deadline(phrase).due_dates == (date(year, month, day),)


@given(years, st.integers(0, 6), months, st.integers(1, 28))
def test_recurring_deadline_falls_due_every_year_of_the_span(first, length, month, day):
    last = first + length
    form = case_forms(MONTHS[month - 1])["dative"]
    deadline = parse_deadline(f"{first} – {last} жылдары жыл сайын {day} {form} қарай")
    assert deadline.recurring
    assert deadline.due_dates == tuple(date(y, month, day) for y in range(first, last + 1))
    assert list(deadline.due_dates) == sorted(deadline.due_dates)


@given(st.text(max_size=40))
def test_any_text_is_read_or_refused_with_deadline_error(text):
    try:
        deadline = parse_deadline(text)
    except DeadlineError:
        return
    assert deadline.due_dates and all(isinstance(d, date) for d in deadline.due_dates)


@given(years, months, cases)
def test_case_and_spacing_do_not_matter(year, month, case):
    form = case_forms(MONTHS[month - 1])[case]
    plain = parse_deadline(f"{year} жылғы {form}")
    shouted = parse_deadline(f"  {year}\u00a0ЖЫЛҒЫ   {form.upper()}. ")
    assert plain.due_dates == shouted.due_dates
