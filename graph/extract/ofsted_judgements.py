"""Graded judgements of an Ofsted report, and the judgement area of each section.

Sources, in order of trust: the front-page judgement table ("1. Children who
need help and protection Inadequate", "Overall effectiveness Good"), the
headline sentence ("Children's services in X are inadequate", "The overall
judgement is ..."), the LSCB headline, then section headings
("... help and protection: good", "The graded judgement for adoption
performance is that it is good"). An area is judged once; a missing
judgement stays missing.
"""
from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Optional

from .. import vocab
from ..model import Judgement
from .ofsted_header import HEAD_LINES, Header
from .ofsted_text import Line, Lines

__all__ = ["area_of", "trailing_grade", "read_judgements", "section_area"]

_NUM = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})?\.?\s+)")
_OVERALL = re.compile(r"^(?:Children's services in .+?|The overall judgement is(?: that)?(?: children's services)?|"
                      r"Overall,? children's services in .+?)\s+(?:(?:are|is)\s+)?(?:judged\s+(?:to\s+be\s+)?)?",
                      re.I)
_LSCB = re.compile(r"^The (?:Local Safeguarding Children Board|LSCB)(?: \(LSCB\))?(?: in .+?)?\s+(?:(?:is|are)\s+)?",
                   re.I)
_GRADED = re.compile(r"^The graded judgement (?:for|about) (?P<area>.+?) is that (?:it|they) (?:(?:is|are)\s+)?", re.I)
_STOP = re.compile(r"^(?:Executive summary|Contents|Summary|Information about this)\b", re.I)


def _norm(text: str) -> str:
    return vocab.normalise(text)


@lru_cache(maxsize=8)
def _label_matchers(framework: str) -> tuple:
    """(key, normalised label length, matcher with the label as its second sequence) per
    label of the framework's areas: difflib caches what it learns about its second sequence."""
    out = []
    for key in vocab.keys("judgement-area", framework):
        for label in vocab.labels("judgement-area", key):
            nl = _norm(label)
            out.append((key, len(nl), difflib.SequenceMatcher(None, "", nl, autojunk=False)))
    return tuple(out)


_MIN_RATIO = 0.93


@lru_cache(maxsize=8192)
def area_of(text: str, framework: Optional[str]) -> Optional[str]:
    """The judgement-area key a row or heading names (tolerates PDF breaks inside words)."""
    if not framework:
        return None
    t = _NUM.sub("", text).strip(" :.-")
    if not t or len(t) > 160:
        return None
    try:
        k = vocab.match("judgement-area", t, framework=framework)
    except Exception:
        k = None
    if k:
        return k
    nt = _norm(t)
    best, score = None, 0.0
    for key, ln, sm in _label_matchers(framework):
        # ratio = 2M/(a+b) <= 2*min(a,b)/(a+b): lengths alone rule most labels out
        if 2 * min(ln, len(nt)) / ((ln + len(nt)) or 1) < _MIN_RATIO:
            continue
        sm.set_seq1(nt)
        if sm.quick_ratio() < _MIN_RATIO:
            continue
        r = sm.ratio()
        if r > score:
            best, score = key, r
    return best if score >= _MIN_RATIO else None


@lru_cache(maxsize=1)
def _grade_edges() -> tuple[frozenset, frozenset]:
    """First and last words of every grade label: a cheap test before asking the vocabulary."""
    firsts, lasts = set(), set()
    for key in vocab.keys("grade"):
        for label in vocab.labels("grade", key):
            words = vocab.normalise(label).split()
            if words:
                firsts.add(words[0])
                lasts.add(words[-1])
    return frozenset(firsts), frozenset(lasts)


def _edge_word(text: str, last: bool) -> str:
    words = re.findall(r"[A-Za-z]+", text[-40:] if last else text[:40])
    return (words[-1] if last else words[0]).lower() if words else ""


def trailing_grade(text: str) -> Optional[tuple[int, str]]:
    """(offset, grade key) of a grade that ends the text ("... Requires improvement to be good")."""
    t = text.rstrip(" .\t")
    if _edge_word(t, True) not in _grade_edges()[1]:
        return None
    try:
        hits = vocab.find_all("grade", t)
    except Exception:
        return None
    for s, e, key in reversed(hits):
        if e >= len(t):
            return s, key
    return None


def _leading_grade(text: str) -> Optional[str]:
    t = text.strip()
    if _edge_word(t, False) not in _grade_edges()[0]:
        return None
    try:
        hits = vocab.find_all("grade", t)
    except Exception:
        return None
    if hits and hits[0][0] == 0:
        return hits[0][2]
    return None


def _judgement(lines: Lines, first: Line, last: Line, area: str, grade: str, inspection: str = "main",
               end: Optional[int] = None) -> Optional[Judgement]:
    q = lines.quote(first.start, end if end is not None else last.end)
    if q is None:
        return None
    return Judgement(quote=q, inspection=inspection, area=area, grade=grade, by="ofsted-report")


def read_judgements(lines: Lines, h: Header) -> list[Judgement]:
    """Every graded judgement of the report (one per area)."""
    fw = h.framework
    if not fw:
        return []
    found: dict[str, Judgement] = {}

    def add(j: Optional[Judgement]) -> None:
        if j is not None and j.area and j.grade and j.area not in found:
            found[j.area] = j

    overall = vocab.match("judgement-area", "overall effectiveness", framework=fw) if fw != "ilacs2026" else None
    buf: list[Line] = []
    for ln in lines.items[:HEAD_LINES * 2]:
        if _STOP.match(ln.text) and found:
            break
        m = _OVERALL.match(ln.text)
        if m and overall and len(ln.text) < 200:
            g = _leading_grade(ln.text[m.end():])
            if g is None:  # "Children's services in <several words> require improvement to be good"
                tg = trailing_grade(ln.text)
                between = ln.text[m.end():tg[0]] if tg else ""
                g = tg[1] if tg and not re.search(r"[.:;]|\b(?:not|no|yet|than|were|was|been|remain\w*|become)\b",
                                                  between, re.I) else None
            if g:
                add(_judgement(lines, ln, ln, overall, g))
                buf = []
                continue
        if len(ln.text) > 220:
            buf = []
            continue
        buf.append(ln)
        if len(buf) > 3:
            buf = buf[-3:]
        hit = None
        for k in range(len(buf)):
            text = lines.norm[buf[k].start:ln.end]
            tg = trailing_grade(text)
            if tg is None:
                break
            area = area_of(text[:tg[0]], fw)
            if area is not None:
                hit = (buf[k], area, tg[1])
                break
        if hit is not None:
            add(_judgement(lines, hit[0], ln, hit[1], hit[2]))
            buf = []
        elif trailing_grade(ln.text) is not None:
            buf = []
    for ln in lines.items:
        if len(ln.text) > 260 or not ln.text[:1].isupper():
            continue
        if fw == "sif":
            m = _LSCB.match(ln.text)
            if m:
                g = _leading_grade(ln.text[m.end():])
                lscb = vocab.match("judgement-area", "effectiveness of the LSCB", framework=fw)
                if g and lscb:
                    add(_judgement(lines, ln, ln, lscb, g))
                continue
        area, grade = section_heading(ln.text, fw)
        if area and grade:
            add(_judgement(lines, ln, ln, area, grade))
    return list(found.values())


def section_heading(text: str, fw: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    """(area, grade) of a section heading line; either may be None."""
    if not fw or len(text) > 260:
        return None, None
    m = _GRADED.match(text)
    if m:
        area = area_of(m.group("area"), fw) or area_of(re.sub(r"\bexperience\b", "experiences", m.group("area")), fw)
        return area, _leading_grade(text[m.end():])
    if ":" in text:
        head, _, tail = text.rpartition(":")
        g = _leading_grade(tail)
        if g and len(tail.strip()) < 40:
            return area_of(head, fw), g
    tg = trailing_grade(text)
    if tg:
        a = area_of(text[:tg[0]], fw)
        if a:
            return a, tg[1]
    return area_of(text, fw), None


def section_area(text: str, fw: Optional[str]) -> Optional[str]:
    """The area a heading line opens, graded or not."""
    return section_heading(text, fw)[0]
