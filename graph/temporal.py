"""Dates as the text states them: precision, bounds and how they were known.

A date in this field is rarely a day. "since July 2016" is a month, "on 8
January" is a day whose year comes from the document's date, "the recent
dissolution" is only bounded. ``DateValue`` keeps the stated literal at its
precision and adds inclusive earliest/latest bounds, so dates of mixed
precision can be compared without inventing a day.

>>> parse("since July 2016").literal
'2016-07'
>>> v = parse("on 8 January", ref=date(2020, 2, 1))
>>> (v.literal, v.qualifier)
('2020-01-08', 'inferred')
>>> parse_range("11 June 2018 to 5 July 2018")[1].literal
'2018-07-05'
"""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Optional, Union

from .model import DateValue

__all__ = [
    "day", "month", "year", "bounded", "between", "recent", "parse", "parse_range",
    "find_dates", "find_ranges", "as_ref", "MONTHS", "DATE_RE", "before", "after",
    "overlaps", "from_literal",
]

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}

Ref = Union[date, DateValue, None]


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def day(y: int, m: int, d: int, qualifier: str = "exact", note: str = "") -> DateValue:
    """A stated day."""
    x = date(y, m, d)
    return DateValue(x.isoformat(), x, x, qualifier, note)


def month(y: int, m: int, qualifier: str = "exact", note: str = "") -> DateValue:
    """A stated month: bounds are its first and last day."""
    return DateValue(f"{y:04d}-{m:02d}", date(y, m, 1), _month_end(y, m), qualifier, note)


def year(y: int, qualifier: str = "exact", note: str = "") -> DateValue:
    """A stated year."""
    return DateValue(f"{y:04d}", date(y, 1, 1), date(y, 12, 31), qualifier, note)


def bounded(earliest: Optional[date], latest: Optional[date], note: str = "",
            qualifier: str = "bounded") -> DateValue:
    """Only bounds are known: no literal is claimed."""
    return DateValue(None, earliest, latest, qualifier, note)


def between(a: Optional[DateValue], b: Optional[DateValue], note: str = "") -> DateValue:
    """A date known to lie after ``a`` (at its earliest) and before ``b`` (at its latest)."""
    return bounded(a.earliest if a else None, b.latest if b else None, note)


def recent(ref: Ref, note: str = "described as recent") -> Optional[DateValue]:
    """"recently", "the recent X": within the twelve months before the reference date.

    The twelve-month window is a convention of this project, so the value is
    marked approximate and its note says so.
    """
    r = as_ref(ref)
    if r is None:
        return None
    return bounded(_add_months(r, -12), r, f"{note}: taken as within 12 months before {r.isoformat()}",
                   qualifier="approximate")


def from_literal(literal: str, qualifier: str = "exact", note: str = "") -> DateValue:
    """Rebuild a DateValue from an ISO literal of any precision (YYYY, YYYY-MM, YYYY-MM-DD)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", literal or ""):
        raise ValueError(f"not an ISO date of any precision: {literal!r}")
    parts = [int(p) for p in literal.split("-")]
    if len(parts) == 3:
        return day(*parts, qualifier=qualifier, note=note)
    if len(parts) == 2:
        return month(*parts, qualifier=qualifier, note=note)
    return year(parts[0], qualifier=qualifier, note=note)


def as_ref(ref: Ref) -> Optional[date]:
    """The day a relative expression is resolved against (latest bound of a DateValue)."""
    if ref is None:
        return None
    if isinstance(ref, DateValue):
        return ref.latest or ref.earliest
    return ref


def _add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def _safe_day(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _infer_year_for(m: int, d: Optional[int], ref: date) -> int:
    """The latest year in which month ``m`` (day ``d``) is not after ``ref``."""
    y = ref.year
    probe = date(y, m, 1) if d is None else (_safe_day(y, m, d) or date(y, m, 1))
    return y if probe <= ref else y - 1


# --- single expressions -------------------------------------------------------

_P_DMY = re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})\s*,?\s+({_YEAR})\b", re.I)
_P_MDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}}){_ORD},?\s+({_YEAR})\b", re.I)
_P_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")
_P_NUM = re.compile(r"\b(\d{1,2})/(\d{1,2})/((?:19|20)?\d\d)\b")
_P_MY = re.compile(rf"\b({_MONTH})\s+({_YEAR})\b", re.I)
_P_DM = re.compile(rf"\b(\d{{1,2}}){_ORD}\s+(?:of\s+)?({_MONTH})(?!\s*,?\s*(?:19|20)\d\d)\b", re.I)
_P_Y = re.compile(rf"(?<![\d/£$.,-])({_YEAR})(?![\d/%-])(?!\s*-\s*\d)")
_P_M = re.compile(rf"\b(?:in|since|from|during|by|until|of|last|early|late|mid|mid-)\s+({_MONTH})\b(?!\s*\d)", re.I)
_P_REL_YEAR = re.compile(r"\b(last|this|next|previous)\s+year\b", re.I)
_P_WEEKDAY = re.compile(r"\b(?:on|last)\s+(" + "|".join(calendar.day_name) + r")\b", re.I)

DATE_RE = re.compile("|".join(p.pattern for p in (_P_DMY, _P_MDY, _P_ISO, _P_MY)), re.I)


def _match_at(text: str, ref: Optional[date]):
    """Yield (start, end, DateValue, specificity) for every date expression in text."""
    for m in _P_ISO.finditer(text):
        d = _safe_day(int(m[1]), int(m[2]), int(m[3]))
        if d:
            yield m.start(), m.end(), day(d.year, d.month, d.day), 5
    for m in _P_DMY.finditer(text):
        d = _safe_day(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))
        if d:
            yield m.start(), m.end(), day(d.year, d.month, d.day), 5
    for m in _P_MDY.finditer(text):
        d = _safe_day(int(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2]))
        if d:
            yield m.start(), m.end(), day(d.year, d.month, d.day), 5
    for m in _P_NUM.finditer(text):
        y = int(m[3])
        y = y + 2000 if y < 100 else y
        d = _safe_day(y, int(m[2]), int(m[1]))  # UK order: day/month/year
        if d:
            yield m.start(), m.end(), day(d.year, d.month, d.day), 5
    for m in _P_MY.finditer(text):
        yield m.start(), m.end(), month(int(m[2]), MONTHS[m[1].lower().rstrip(".")]), 4
    if ref is not None:
        for m in _P_DM.finditer(text):
            mo, d_ = MONTHS[m[2].lower().rstrip(".")], int(m[1])
            y = _infer_year_for(mo, d_, ref)
            d = _safe_day(y, mo, d_)
            if d:
                yield m.start(), m.end(), day(y, mo, d_, "inferred",
                                              f"year taken from the document date {ref.isoformat()}"), 3
        for m in _P_M.finditer(text):
            mo = MONTHS[m[1].lower().rstrip(".")]
            y = _infer_year_for(mo, None, ref)
            yield m.start(1), m.end(1), month(y, mo, "inferred",
                                              f"year taken from the document date {ref.isoformat()}"), 2
        for m in _P_REL_YEAR.finditer(text):
            off = {"last": -1, "previous": -1, "this": 0, "next": 1}[m[1].lower()]
            yield m.start(), m.end(), year(ref.year + off, "inferred",
                                           f"'{m[0]}' relative to {ref.isoformat()}"), 2
        for m in _P_WEEKDAY.finditer(text):
            wd = _WEEKDAYS[m[1].lower()]
            back = (ref.weekday() - wd) % 7 or 7
            d = ref - timedelta(days=back)
            yield m.start(), m.end(), day(d.year, d.month, d.day, "inferred",
                                          f"'{m[0]}' taken as the last {m[1]} before {ref.isoformat()}"), 3
    for m in _P_Y.finditer(text):
        yield m.start(1), m.end(1), year(int(m[1])), 1


def find_dates(text: str, ref: Ref = None) -> list[tuple[int, int, DateValue]]:
    """Every date expression in ``text``, most specific reading, left to right.

    Overlapping readings keep the most specific one ("8 January 2020" is a day,
    not also a month and a year).
    """
    r = as_ref(ref)
    found = sorted(_match_at(text, r), key=lambda t: (-t[3], -(t[1] - t[0]), t[0]))
    taken: list[tuple[int, int]] = []
    out = []
    for s, e, v, _ in found:
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        out.append((s, e, v))
    return sorted(out, key=lambda t: t[0])


def parse(text: str, ref: Ref = None) -> Optional[DateValue]:
    """The first (most specific) date stated in ``text``, or None."""
    if not text:
        return None
    found = find_dates(text, ref)
    return found[0][2] if found else None


# --- ranges -------------------------------------------------------------------

_P_RANGE_SAME_MONTH = re.compile(
    rf"\b(\d{{1,2}}){_ORD}\s*(?:-|–|to|and)\s*(\d{{1,2}}){_ORD}\s+({_MONTH})(?:\s*,?\s+({_YEAR}))?", re.I)
_P_RANGE_TWO_MONTHS = re.compile(
    rf"\b(\d{{1,2}}){_ORD}\s+({_MONTH})(?:\s+({_YEAR}))?\s*(?:-|–|to|until|and)\s*(\d{{1,2}}){_ORD}\s+({_MONTH})(?:\s*,?\s+({_YEAR}))?",
    re.I)


def find_ranges(text: str, ref: Ref = None) -> list[tuple[int, int, DateValue, DateValue]]:
    """Day ranges: "11 June 2018 to 5 July 2018", "2-3 October 2019", "2nd and 3rd October"."""
    r = as_ref(ref)
    out = []
    for m in _P_RANGE_TWO_MONTHS.finditer(text):
        y2 = int(m[6]) if m[6] else None
        y1 = int(m[3]) if m[3] else y2
        m1, m2 = MONTHS[m[2].lower().rstrip(".")], MONTHS[m[5].lower().rstrip(".")]
        q, note = "exact", ""
        if y2 is None:
            if r is None:
                continue
            # the start is what the document looks back on; the end may run past its date
            y1 = _infer_year_for(m1, int(m[1]), r)
            y2 = y1 if m1 <= m2 else y1 + 1
            q, note = "inferred", f"year taken from the document date {r.isoformat()}"
        elif m[3] is None and m1 > m2:
            y1 = y2 - 1
        a, b = _safe_day(y1, m1, int(m[1])), _safe_day(y2, m2, int(m[4]))
        if a and b and a <= b:
            out.append((m.start(), m.end(), day(a.year, a.month, a.day, q, note),
                        day(b.year, b.month, b.day, q, note)))
    for m in _P_RANGE_SAME_MONTH.finditer(text):
        if any(s <= m.start() < e for s, e, _, _ in out):
            continue
        mo = MONTHS[m[3].lower().rstrip(".")]
        q, note = "exact", ""
        if m[4]:
            y = int(m[4])
        elif r is not None:
            y = _infer_year_for(mo, int(m[1]), r)
            q, note = "inferred", f"year taken from the document date {r.isoformat()}"
        else:
            continue
        a, b = _safe_day(y, mo, int(m[1])), _safe_day(y, mo, int(m[2]))
        if a and b and a <= b:
            out.append((m.start(), m.end(), day(y, mo, a.day, q, note), day(y, mo, b.day, q, note)))
    return sorted(out, key=lambda t: t[0])


def parse_range(text: str, ref: Ref = None) -> Optional[tuple[DateValue, DateValue]]:
    """The first date range in ``text``; falls back to two dates joined by "to"."""
    rs = find_ranges(text, ref)
    if rs:
        return rs[0][2], rs[0][3]
    ds = find_dates(text, ref)
    if len(ds) >= 2 and re.search(r"\b(to|until)\b|[-–]", text[ds[0][1]:ds[1][0]]) \
            and before(ds[1][2], ds[0][2]) is not True:
        return ds[0][2], ds[1][2]
    return None


# --- comparisons by bounds -----------------------------------------------------

def before(a: Optional[DateValue], b: Optional[DateValue]) -> Optional[bool]:
    """True if ``a`` is certainly before ``b``, False if certainly not, None if unknown."""
    if not a or not b or a.latest is None or b.earliest is None:
        return None
    if a.latest < b.earliest:
        return True
    if a.earliest is not None and b.latest is not None and a.earliest > b.latest:
        return False
    return None


def after(a: Optional[DateValue], b: Optional[DateValue]) -> Optional[bool]:
    return before(b, a)


def overlaps(s1: Optional[DateValue], e1: Optional[DateValue],
             s2: Optional[DateValue], e2: Optional[DateValue]) -> Optional[bool]:
    """Do two intervals certainly overlap (True), certainly not (False), or maybe (None)?

    An unknown start or end is open on that side, so only a certain separation
    gives False.
    """
    if (e1 and s2 and e1.latest and s2.earliest and e1.latest < s2.earliest) or \
       (e2 and s1 and e2.latest and s1.earliest and e2.latest < s1.earliest):
        return False
    certain = (s1 and e2 and s1.latest and e2.earliest and s1.latest <= e2.earliest) and \
              (s2 and e1 and s2.latest and e1.earliest and s2.latest <= e1.earliest)
    return True if certain else None
