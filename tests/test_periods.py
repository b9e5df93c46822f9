from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kzmach.text.periods import PeriodParseError, parse_period, parse_published


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2014", "year", date(2014, 1, 1), date(2014, 12, 31)),
        ("2018-01/2018-08", "ytd", date(2018, 1, 1), date(2018, 8, 31)),
        ("2014-Q1", "quarter", date(2014, 1, 1), date(2014, 3, 31)),
        ("2013-H1", "half", date(2013, 1, 1), date(2013, 6, 30)),
        ("2010/2014", "span", date(2010, 1, 1), date(2014, 12, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2021-YTD", "ytd_unstated", date(2021, 1, 1), date(2021, 12, 31)),
        ("@2023-05", "point", date(2023, 5, 1), date(2023, 5, 31)),
    ],
)
def test_period_forms_are_distinct(text, kind, start, end):
    period = parse_period(text)
    assert (period.type, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize(
    "text",
    [
        "2018-01/2018-12",
        "2014-01/2014-03",
        "Jan-Aug 2018",
        "2014-13",
        "2014/2010",
        "2018-05/2019-02",
        "",
    ],
)
def test_bad_periods_are_refused(text):
    with pytest.raises(PeriodParseError):
        parse_period(text)


@given(st.integers(2000, 2030), st.sampled_from([2, 4, 5, 7, 8, 9, 10, 11]))
def test_ytd_is_never_a_full_year(year, month):
    period = parse_period(f"{year}-01/{year}-{month:02d}")
    assert period.type in ("ytd",) and period.months == month
    assert period.type != parse_period(str(year)).type


def test_published_dates_keep_their_precision():
    assert parse_published("n/a (Oct 2024)").date == date(2024, 10, 31)
    assert parse_published("2013 (n/a)").precision == "year"
    assert parse_published("commit 8383f913").date is None


@pytest.mark.parametrize(
    ("language", "month", "span"),
    [("en", "January 2026", "Jan–Feb 2026"), ("ru", "январь 2026", "янв–фев 2026")],
)
def test_january_alone_is_a_month_written_out_never_jan_to_jan(language, month, span):
    from datetime import date

    from kzmach.text.periods import localised_label

    assert localised_label("ytd", date(2026, 1, 1), date(2026, 1, 31), language) == month
    assert localised_label("ytd", date(2026, 1, 1), date(2026, 2, 28), language) == span
    kazakh = localised_label("ytd", date(2026, 1, 1), date(2026, 1, 31), "kk")
    assert "қаңтар" in kazakh and "–" not in kazakh
