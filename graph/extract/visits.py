"""Mentions of inspection visits in a sentence: the rules prose and Ofsted reports share.

Why: news, letters and inspection reports all cite visits the same way ("the
latest monitoring visit on 8 January", "since the Ofsted monitoring visit in
January 2017", "the November 2017 monitoring visit", "the council's fourth
since ..."). One module reads a mention's kind, its date (stated just after
the mention, or just before it as in "the November 2017 monitoring visit"),
its ordinal and whether it is cued as the current visit ("latest", "this") or
an earlier one ("last", "previous", "since the"). What a mention means for a
document (the main visit or an earlier one) is the caller's decision.
Plural mentions ("four monitoring visits ... between January 2017 and March
2018") name no single visit and are not mentions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Optional

from .. import temporal
from ..model import DateValue

__all__ = ["VisitMention", "visit_mentions", "window_dates", "ordinal_near", "VISIT"]

VISIT = re.compile(r"\b(monitoring visit|focused visit|visit)\b(?!s)", re.I)
_MAIN_CUE = re.compile(r"\b(latest|recent|most recent|this|the|their|its|today's)\s+(?:[\w-]+\s+){0,2}$", re.I)
_PREV_CUE = re.compile(r"\b(last|previous|earlier|prior|initial|preceding)\s+(?:[\w-]+\s+){0,1}$|"
                       r"\b(?:since|following|after)\s+(?:the|their|its|an?)\s+(?:[\w-]+\s+){0,2}$", re.I)
_ORDINALS = {w: i for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth "
                                        "eleventh twelfth".split(), 1)}
_ORDINAL_WORD = "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th)"
_ORDINAL = re.compile(r"\b(" + _ORDINAL_WORD + r")\b", re.I)
_ORDINAL_BEFORE = re.compile(r"\b(" + _ORDINAL_WORD + r")\s+(?:[\w-]+\s+)?$", re.I)
# the window ends where a dash aside, a judgement clause or another inspection or visit begins
# ("the focused visit and the joint targeted area inspection in 2018": 2018 is the inspection's)
_WINDOW_CUT = re.compile(r"\s-\s|\bsince\b|\brated\b|\bjudged\b|\bfollowing\b|\binspections?\b|\bvisits?\b")
_LATEST = re.compile(r"\blatest\b", re.I)
_ORDINAL_CUE = re.compile(r"\b(latest|since|this)\b", re.I)
# "the November 2017 monitoring visit": a month and year between the article and the mention
_DATE_BEFORE = re.compile(r"\b(?:the|an?|their|its)\s+((?:January|February|March|April|May|June|July|August|"
                          r"September|October|November|December)\s+(?:19|20)\d\d)\s+(?:Ofsted\s+)?$", re.I)


@dataclass
class VisitMention:
    """One singular visit mention in a sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str  # "monitoring visit", "focused visit" or "visit" (lower case)
    date: Optional[DateValue]
    date_end: Optional[DateValue]
    ordinal: Optional[int]
    earlier: bool  # cued as an earlier visit ("last", "previous", "since the")
    cued_main: bool  # cued as the visit the text is about ("latest", "this", "the")
    head: str  # up to 40 characters before the mention


def window_dates(s: str, a: int, ref: Optional[DateValue] = None, n: int = 80):
    """Date or day range stated just after position ``a``, before a dash aside or a
    judgement clause (those carry their own dates): (start, end) or (None, None)."""
    seg = s[a:a + n]
    cut = _WINDOW_CUT.search(seg)
    if cut:
        seg = seg[:cut.start()]
    rng = temporal.find_ranges(seg, ref)
    if rng:
        return rng[0][2], rng[0][3]
    ds = temporal.find_dates(seg, ref)
    if ds:
        return ds[0][2], None
    return None, None


def ordinal_near(s: str, m: re.Match) -> Optional[int]:
    """ "the council's fourth since ..." after the mention, or "the fifth monitoring visit" before it."""
    before = _ORDINAL_BEFORE.search(s[max(0, m.start() - 25):m.start()])
    om = before or _ORDINAL.search(s, m.end(), m.end() + 60)
    if om is None:
        return None
    if not before and not _ORDINAL_CUE.search(s[max(0, m.start() - 40):om.end() + 20]):
        return None
    w = om.group(1).lower()
    return _ORDINALS.get(w) or int(re.sub(r"\D", "", w))


def visit_mentions(s: str, ref: Optional[DateValue] = None) -> Iterator[VisitMention]:
    """Every singular visit mention of sentence ``s`` with its date, ordinal and cue."""
    for m in VISIT.finditer(s):
        head = s[max(0, m.start() - 40):m.start()]
        start, end = window_dates(s, m.end(), ref)
        if start is None:
            bm = _DATE_BEFORE.search(head)
            if bm:
                start = temporal.parse(bm.group(1), ref)
        earlier = bool(_PREV_CUE.search(head)) and not _LATEST.search(head)
        yield VisitMention(start=m.start(), end=m.end(), kind=m.group(1).lower(), date=start, date_end=end,
                           ordinal=ordinal_near(s, m), earlier=earlier,
                           cued_main=bool(_MAIN_CUE.search(head)) and not earlier, head=head)
