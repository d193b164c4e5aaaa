"""Issue 7, fuzzing the date parser (graph.temporal): any text in, never an exception out, and
every date it reads is self-consistent (bounds in order, precision matching the literal,
inferred years never after the document date, spans inside the text and not overlapping).

Texts are drawn from date-shaped fragments (day numbers, ordinals, month names and
abbreviations, years, separators, relative words) mixed with arbitrary characters, so the
regular expressions meet both near-misses and noise.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

import pytest
from hypothesis import example, given, settings, strategies as st

from graph import temporal
from graph.model import DateValue

MONTH_WORDS = [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m] + ["Sept", "Sept.", "jan"]
FRAGMENTS = st.one_of(
    st.integers(0, 40).map(str), st.integers(1890, 2110).map(str), st.sampled_from(MONTH_WORDS),
    st.sampled_from(["st", "nd", "rd", "th", "of", "to", "until", "and", "-", "–", "/", ",", ".", " ", "  ", "\n",
                     "since", "in", "from", "last", "this", "next", "previous", "year", "on", "Monday", "recent",
                     "£", "%", "2018-06-11", "31/12/99", "29 February", "30 February 2019", "0000-00-00"]),
    st.text(max_size=3))
TEXTS = st.lists(FRAGMENTS, max_size=25).map(" ".join) | st.text(max_size=200)
REFS = st.none() | st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))
FUZZ = settings(max_examples=400, deadline=2000)


def _consistent(v: DateValue, where: str) -> None:
    assert isinstance(v, DateValue), where
    if v.earliest and v.latest:
        assert v.earliest <= v.latest, (where, v)
    if v.literal is not None:
        assert v.precision in ("day", "month", "year"), (where, v)
        e = date.fromisoformat({"day": v.literal, "month": v.literal + "-01", "year": v.literal + "-01-01"}[v.precision])
        assert v.earliest == e, (where, v)
        last = {"day": e, "month": date(e.year, e.month, calendar.monthrange(e.year, e.month)[1]),
                "year": date(e.year, 12, 31)}[v.precision]
        assert v.latest == last, (where, v)
    assert v.qualifier in ("exact", "inferred", "approximate", "bounded"), (where, v)


@FUZZ
@given(TEXTS, REFS)
@example("on 29 February", date(2021, 3, 1))
@example("from 30th to 2nd February", date(2020, 3, 1))
@example("31/12/99", None)
def test_find_dates_never_fails_and_every_reading_is_consistent(text, ref):
    found = temporal.find_dates(text, ref)
    last_end = -1
    for s, e, v in found:
        assert 0 <= s < e <= len(text) and s >= last_end, (text, found)
        last_end = e
        _consistent(v, text[s:e])
        if ref is not None and "taken from the document date" in v.note:
            assert v.earliest <= ref, (text, ref, v)  # "on 8 January" is never after the document's date
    first = temporal.parse(text, ref)
    assert (first is None) == (not found)


@FUZZ
@given(TEXTS, REFS)
def test_ranges_never_fail_and_are_in_order(text, ref):
    for s, e, a, b in temporal.find_ranges(text, ref):
        assert 0 <= s < e <= len(text)
        _consistent(a, text[s:e])
        _consistent(b, text[s:e])
        assert a.earliest <= b.latest, (text, a, b)
    temporal.parse_range(text, ref)


def test_parse_range_never_gives_a_start_after_its_end():
    got = temporal.parse_range("5 July 2018 to 11 June 2018")
    assert got is None or got[0].earliest <= got[1].latest


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)), st.booleans())
def test_a_stated_day_or_month_reads_back_exactly(d, abbreviated):
    name = (calendar.month_abbr if abbreviated else calendar.month_name)[d.month]
    assert temporal.parse(f"on {d.day} {name} {d.year}").literal == d.isoformat()
    assert temporal.parse(f"since {name} {d.year}").literal == f"{d.year:04d}-{d.month:02d}"
    assert temporal.from_literal(d.isoformat()).earliest == d


ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-", max_size=14) | st.text(max_size=12))
@example("2020-01-01-05")
def test_from_literal_refuses_what_is_not_an_iso_literal(text):
    """A literal of the wrong shape must raise ValueError, not become some other date."""
    try:
        v = temporal.from_literal(text)
    except (ValueError, TypeError):
        return
    _consistent(v, text)
    assert ISO.match(text), f"{text!r} is not an ISO literal but was read as {v.literal!r}"
