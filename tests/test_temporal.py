"""Dates at their stated precision, with bounds; relative dates resolved and marked inferred."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings, strategies as st

from graph import temporal
from graph.temporal import find_dates, find_ranges, parse, parse_range


def test_month_stays_a_month_with_its_bounds():
    v = parse("has been in post since July 2016")
    assert (v.literal, v.precision, v.earliest, v.latest, v.qualifier) == \
        ("2016-07", "month", date(2016, 7, 1), date(2016, 7, 31), "exact")


def test_day_without_year_takes_the_year_from_the_document_and_is_inferred():
    v = parse("At the time of the visit on 8 January", ref=date(2020, 2, 14))
    assert (v.literal, v.qualifier) == ("2020-01-08", "inferred")
    # a day later in the year than the reference falls in the previous year
    assert parse("on 8 December", ref=date(2020, 2, 14)).literal == "2019-12-08"


def test_weekday_resolves_to_the_last_such_day_before_the_document():
    v = parse("The report published on Friday said", ref=date(2019, 10, 27))  # a Sunday
    assert (v.literal, v.qualifier) == ("2019-10-25", "inferred")


def test_relative_year_and_month():
    assert parse("an overspend this year", ref=date(2019, 10, 27)).literal == "2019"
    assert parse("since the last visit in April", ref=date(2019, 10, 27)).literal == "2019-04"
    assert parse("last year", ref=date(2019, 10, 27)).literal == "2018"


def test_without_a_reference_relative_dates_are_not_guessed():
    assert parse("on 8 January") is None
    assert parse("in April") is None
    assert parse("last year") is None


def test_ranges_in_report_formats():
    s, e = parse_range("Inspection date: 11 June 2018 to 5 July 2018")
    assert (s.literal, e.literal) == ("2018-06-11", "2018-07-05")
    s, e = parse_range("Inspection dates: 17 to 21 March 2025")
    assert (s.literal, e.literal) == ("2025-03-17", "2025-03-21")
    s, e = parse_range("their visit on 2nd and 3rd October", ref=date(2019, 10, 27))
    assert (s.literal, e.literal, s.qualifier) == ("2019-10-02", "2019-10-03", "inferred")
    s, e = parse_range("between the 21st July and 4th August", ref=date(2021, 8, 2))
    assert (s.literal, e.literal) == ("2021-07-21", "2021-08-04")


def test_recent_is_bounded_and_approximate_never_a_day():
    v = temporal.recent(date(2020, 3, 31))
    assert v.literal is None and v.qualifier == "approximate"
    assert (v.earliest, v.latest) == (date(2019, 3, 31), date(2020, 3, 31))


def test_money_and_financial_years_are_not_dates():
    assert find_dates("an overspend of £6.7m for 2019-20 and £46.5m in 2020-21") == []


def test_comparisons_by_bounds_admit_uncertainty():
    jul16, apr18 = parse("July 2016"), parse("April 2018")
    assert temporal.before(jul16, apr18) is True
    assert temporal.before(apr18, jul16) is False
    assert temporal.before(parse("2018"), apr18) is None  # the year contains the month


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_date_finder_never_crashes_and_spans_point_at_the_text(text, ref):
    for s, e, v in find_dates(text, ref):
        assert 0 <= s < e <= len(text)
        assert v.earliest is None or v.latest is None or v.earliest <= v.latest
    for s, e, a, b in find_ranges(text, ref):
        assert a.earliest <= b.latest


@settings(max_examples=100, deadline=None)
@given(st.integers(1990, 2039), st.integers(1, 12), st.integers(1, 28))
def test_stated_days_round_trip(y, m, d):
    months = ["January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]
    v = parse(f"on {d} {months[m - 1]} {y}")
    assert v.literal == date(y, m, d).isoformat() and v.qualifier == "exact"
