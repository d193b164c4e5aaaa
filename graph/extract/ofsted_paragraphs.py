"""Recommendations and numbered findings of an Ofsted report.

Why: recurring weaknesses are asked about across inspections, so each
recommendation keeps its number, text and the "(This was a recommendation at
the last inspection.)" flag, and each numbered finding paragraph keeps its
number, section area and themes. A paragraph broken by a page keeps its full
text (artefacts removed) but quotes only its first part, which is verbatim.
"""
from __future__ import annotations

import re
import string
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Optional

from .. import vocab
from ..model import Finding, Recommendation
from .ofsted_judgements import section_heading
from .ofsted_text import BULLET, NUMBERED, Line, Lines, first_sentences

__all__ = ["read_paragraphs", "themes_of", "REPEATED"]

_REC_HEAD = re.compile(r"^(?:Recommendations?|What does the (?:local authority|LSCB|council) need to improve\??|"
                       r"What needs to improve(?: in this area)?\??|Areas for (?:priority action|improvement))\s*[\d¹²³]?\s*:?$",
                       re.I)
_END_HEAD = re.compile(r"^(?:Summary for children and young people|The local authority's strengths|"
                       r"Progress since the last inspection|Information about this|Inspection judgements? about|"
                       r"Executive summary|Local leadership|Summary of findings|What the inspection judg(?:e)?ments? mean|"
                       r"The inspection team|Contents|Previous Ofsted inspections|Children living in this area|"
                       r"Ofsted produces this report)\b", re.I)
_OUT_OF_AREA = re.compile(r"^(?:Summary for children and young people|Information about this|"
                          r"What the inspection judg(?:e)?ments? mean|The inspection team|Contents|"
                          r"Executive summary|The local authority's strengths|Progress since the last inspection)\b",
                          re.I)
_BULLET_LINE = re.compile(r"^" + BULLET + r"(?=\S)")
REPEATED = re.compile(r"(?:this|which) (?:was|is|has been) (?:also |again )?(?:a )?recommend(?:ation|ed) (?:at|from|in|by|of|during) "
                      r"the (?:last|previous|prior) (?:inspection|ofsted inspection)|"
                      r"repeated from the (?:last|previous) inspection|"
                      r"\brecommendation (?:at|from|in|of) the (?:last|previous) (?:Ofsted )?inspection", re.I)
_OPEN_END = re.compile(r"[^.!?:;)\"']\s*$")


@dataclass
class _Para:
    kind: str  # "rec" or "finding"
    number: Optional[int]
    first: Line
    body_start: int  # offset of the paragraph's first character after any bullet
    segments: list[tuple[int, int]] = field(default_factory=list)
    area: Optional[str] = None
    extra: list[str] = field(default_factory=list)  # sub-bullets appended to the text


@lru_cache(maxsize=1)
def _theme_index():
    """One compiled pattern over every finding-theme label, normalised as ``graph.vocab`` does.

    Why: asking ``vocab.find_all`` per paragraph maps every character back to its
    offset, which themes do not need and which was a quarter of a report's extraction
    time. The character treatment (dropped or made a space) is read from
    ``vocab.normalise`` itself, so the two cannot drift apart."""
    table: dict[int, Optional[str]] = {}
    for c in set(string.punctuation) | set("\u2018\u2019\u201b`\u00b4\u02bc\u2032\u201c\u201d\u201e\u201f"
                                           "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00a0\t\n\r\f\v"):
        n = vocab.normalise("a" + c + "b")
        if n == "ab":
            table[ord(c)] = None
        elif n == "a b":
            table[ord(c)] = " "
    keys_of: dict[str, list[str]] = {}
    for key in vocab.keys("finding-theme"):
        for label in vocab.labels("finding-theme", key):
            n = vocab.normalise(label)
            if n and key not in keys_of.setdefault(n, []):
                keys_of[n].append(key)
    alts = sorted(keys_of, key=len, reverse=True)
    rx = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, a.split(" "))) for a in alts) + r")(?!\w)")
    return table, rx, {k: sorted(v) for k, v in keys_of.items()}


def themes_of(text: str) -> list[str]:
    """Finding-theme keys mentioned in ``text``, in order of first mention."""
    try:
        table, rx, keys_of = _theme_index()
    except Exception:
        return []
    low = text.lower() if len(text.lower()) == len(text) else text
    found: list[str] = []
    for m in rx.finditer(low.translate(table)):
        found.extend(keys_of.get(" ".join(m.group().split()), ()))
    return list(dict.fromkeys(found))


def _themes_by_vocab(text: str) -> list[str]:
    """The reference implementation ``themes_of`` must agree with (tests compare them)."""
    try:
        hits = vocab.find_all("finding-theme", text)
    except Exception:
        return []
    return list(dict.fromkeys(k for _, _, k in hits))


def read_paragraphs(lines: Lines, fw: Optional[str], org: Optional[str]) -> list:
    """Recommendations and findings, with their quotes."""
    paras: list[_Para] = []
    mode: Optional[str] = None
    area: Optional[str] = None
    cur: Optional[_Para] = None
    for ln in lines.items:
        t = ln.text
        if lines.artefact(ln):
            continue
        plain = _BULLET_LINE.sub("", t)
        num = NUMBERED.match(t)
        open_end = cur is not None and _OPEN_END.search(lines.norm[cur.segments[-1][0]:cur.segments[-1][1]])
        # a line after an unfinished paragraph continues it (page breaks): lower case,
        # or any plain line that is neither numbered, a bullet nor a heading
        if open_end and (plain[:1].islower() or (
                not num and plain == t and not _REC_HEAD.match(t) and not _END_HEAD.match(t)
                and section_heading(t, fw)[0] is None and len(t) > 60)):
            start = ln.start + (len(t) - len(plain))
            cur.segments.append((start, ln.end))
            continue
        if _REC_HEAD.match(t):
            mode, cur = "rec", None
            continue
        if _END_HEAD.match(t):
            mode, cur = None, None
            if _OUT_OF_AREA.match(t):
                area = None
            continue
        if t[:1].isupper() or num:
            heading_area, heading_grade = section_heading(re.sub(r"^\d{1,2}\.\s+", "", t), fw)
            if heading_area and mode == "rec" and num is None and heading_grade is None and len(t) < 80:
                cur = None  # an area sub-heading inside the recommendations ("Help and protection")
                continue
            if heading_area and (num is None or heading_grade or len(t) < 120):
                # a numbered judgement-table row ("1. Children who need ... Inadequate") opens no section
                mode, area, cur = ("finding", heading_area, None) if num is None else (None, None, None)
                continue
        if t.lower().startswith("inspection findings"):
            mode, cur = ("finding" if area else None), None
            continue
        if mode == "rec" and (num or _BULLET_LINE.match(t)):
            start = ln.start + (num.end() if num else len(t) - len(plain))
            first_char = ln.start + (len(t) - len(plain)) if not num else ln.start + num.start(1)
            cur = _Para("rec", int(num.group(1)) if num else None, ln, first_char)
            cur.segments.append((first_char, ln.end))
            paras.append(cur)
            continue
        if mode == "finding" and num:
            first_char = ln.start + num.start(1)
            cur = _Para("finding", int(num.group(1)), ln, first_char, area=area)
            cur.segments.append((first_char, ln.end))
            paras.append(cur)
            continue
        if mode == "finding" and cur is not None and _BULLET_LINE.match(t) and \
                lines.norm[cur.segments[-1][1] - 1:cur.segments[-1][1]] == ":":
            cur.extra.append(plain.strip())
            continue
        if mode == "rec" and not num and len(t) < 120:
            cur = None  # a sub-heading or note inside the recommendations ("Priority and immediate action")
            continue
        if mode == "rec":
            mode = None
        cur = None
    return [f for p in paras for f in _facts(lines, p, org)]


def _clean_text(lines: Lines, p: _Para) -> str:
    parts = []
    for s, e in p.segments:
        parts.append(lines.doc.text[s:e].strip())
    text = " ".join(parts + p.extra)
    text = re.sub(r"^\d{1,3}\.\s*", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _facts(lines: Lines, p: _Para, org: Optional[str]) -> list:
    s, e = p.segments[0]
    if len(p.segments) > 1:
        e = s + first_sentences(lines.doc.text[s:e])
    q = lines.quote(s, e)
    if q is None:
        return []
    text = _clean_text(lines, p)
    if not text:
        return []
    if p.kind == "rec":
        return [Recommendation(quote=q, number=p.number, text=text, repeated=bool(REPEATED.search(text)),
                               by="ofsted-report")]
    return [Finding(quote=q, number=p.number, text=text, themes=themes_of(text), area=p.area, org=org,
                    by="ofsted-report")]
