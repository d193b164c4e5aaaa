"""Ofsted children's services inspection reports and visit letters -> facts.

One extractor for the genre's formats: single inspection framework (SIF)
reports and re-inspections (2013-2018), ILACS standard and short inspections
(2018-), the separate care leavers judgement (2023-), the April 2026 format
without an overall effectiveness judgement, and monitoring/focused visit
letters. It returns the inspection (with on-site dates, publication date,
type and team), its judgements, the previous inspection it cites with that
inspection's judgements, recommendations, numbered findings with themes,
unnamed post holders from "Local leadership", partnership/trust/intervention
statements and the statistics of "Information about this local authority
area". Every fact quotes the document verbatim; bad input yields fewer facts.

The rules live in ``ofsted_*`` modules: text view, front matter, judgements,
paragraphs, context.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Document, Fact, Inspection
from .base import Extractor
from .ofsted_context import read_arrangements, read_tenures
from .ofsted_header import Header, read_header, read_team
from .ofsted_judgements import read_judgements
from .ofsted_paragraphs import read_paragraphs
from .ofsted_previous import read_cited_inspections, read_cited_typed, read_cited_visits, read_previous
from .ofsted_text import Lines

__all__ = ["OfstedReportExtractor", "looks_like_ofsted"]

_SNIFF = re.compile("|".join(p.replace(" ", r"\s+") for p in (
    r"Inspection of (?:[^\n]{0,80} )?(?:local authority )?children['’]s (?:social care )?services",
    r"Re-?inspection of services for children",
    r"Inspection of services for children in need of help and protection",
    r"(?:Monitoring|Focused) visit (?:to|of) [^\n]{0,80}children['’]s services",
    r"Judgement Grade\b")), re.I)
_STATS_START = re.compile(r"^(?:Information about this local authority area|Child protection in this area|"
                          r"Children looked after in this area)", re.I)
_STATS_END = re.compile(r"^(?:Recommendations|Summary for children and young people|Executive summary|"
                        r"What does the local authority need to improve|Inspection judgements? about|"
                        r"The experiences and progress)", re.I)


def looks_like_ofsted(text: str) -> bool:
    """True when the head of the text reads as an Ofsted children's services report or letter."""
    head = (text or "")[:5000]
    return bool(_SNIFF.search(head)) and ("Ofsted" in (text or "") or re.search(r"Inspection dates?\s*:", head) is not None)


class OfstedReportExtractor(Extractor):
    """Ofsted inspection reports and visit letters (see the module docstring)."""

    name = "ofsted-report"
    kinds = ("ofsted-inspection", "monitoring-visit")

    def accepts(self, doc: Document) -> bool:
        if doc.kind in self.kinds:
            return True
        return doc.kind == "unknown" and isinstance(doc.text, str) and looks_like_ofsted(doc.text)

    def metadata(self, doc: Document) -> dict:
        try:
            lines = Lines(doc)
            h = read_header(lines)
        except Exception:  # metadata is a convenience: never fail the build for it
            return {}
        out: dict = {"publisher": "Ofsted", "kind": h.kind}
        if h.title:
            out["title"] = h.title
        if h.published:
            out["published"] = h.published
        if h.org:
            out["council"] = h.org
        return out

    def extract(self, doc: Document) -> list[Fact]:
        if not isinstance(doc.text, str) or not doc.text.strip():
            return []
        lines = Lines(doc)
        h = read_header(lines)
        facts: list[Fact] = []
        main = self._inspection(lines, h)
        if main is None:
            return []
        facts.append(main)
        ref = h.ref
        previous: list = []
        for step in (lambda: read_judgements(lines, h),
                     lambda: previous.extend(_safe(lambda: read_previous(lines, h.framework, ref))) or previous,
                     lambda: read_cited_inspections(lines, h.org, h.start, previous),
                     lambda: read_cited_typed(lines, h.org, h.start, previous),
                     lambda: read_cited_visits(lines, h.org, h.start, ref, is_visit=h.kind == "monitoring-visit"),
                     lambda: read_paragraphs(lines, h.framework, h.org),
                     lambda: read_tenures(lines, h.org, ref, ref),
                     lambda: read_arrangements(lines, h.org, ref),
                     lambda: self._indicators(doc, lines, h),
                     lambda: self._finding_indicators(doc, h, facts)):
            facts.extend(_safe(step))
        facts = _one_kind_per_date(facts)
        return [f for f in facts if _verbatim(doc, f)]

    def _inspection(self, lines: Lines, h: Header) -> Optional[Inspection]:
        anchor = h.date_line or h.published_line or (h.title_lines[0] if h.title_lines else None)
        if anchor is None:
            return None
        end = anchor.end
        if anchor.end - anchor.start > 250:  # a letter's opening paragraph: quote its first sentence
            cut = re.search(r"\.(?=\s|$)", anchor.text[40:])
            if cut:
                end = anchor.start + 40 + cut.end()
        q = lines.quote(anchor.start, end)
        if q is None:
            return None
        try:
            team = read_team(lines)
        except Exception:
            team = []
        return Inspection(quote=q, key="main", org=h.org, type=h.type, start=h.start, end=h.end,
                          published=h.published, team=team, ordinal=h.ordinal, is_report=True, by=self.name)

    def _indicators(self, doc: Document, lines: Lines, h: Header) -> list[Fact]:
        try:
            from .indicators import find_indicators
        except ImportError:  # pragma: no cover - the indicators module is optional
            return []
        def heading(ln, pat) -> bool:  # a heading, not its entry in the contents ("... 6")
            return bool(pat.match(ln.text)) and not re.search(r"\s\d{1,3}$", ln.text)

        start = next((ln for ln in lines.items if heading(ln, _STATS_START)), None)
        if start is None:
            return []
        end = next((ln for ln in lines.items[start.index + 1:] if heading(ln, _STATS_END)), None)
        stop = end.start if end else min(len(doc.text), start.start + 20000)
        got = find_indicators(doc, start.start, stop, ref=h.ref, org=h.org, by=self.name)
        return list(got)


    def _finding_indicators(self, doc: Document, h: Header, facts: list) -> list[Fact]:
        """Figures stated in the numbered findings, dated by their sentence or the report."""
        try:
            from .indicators import find_indicators
        except ImportError:  # pragma: no cover - the indicators module is optional
            return []
        finds = [f for f in facts if f.kind == "finding"]
        if not finds:
            return []
        start = min(f.quote.start for f in finds)
        last = max(finds, key=lambda f: f.quote.start)
        nl = doc.text.find("\n", last.quote.end)
        end = len(doc.text) if nl < 0 else nl
        return list(find_indicators(doc, start, end, ref=h.ref, org=h.org, by=self.name))


def _one_kind_per_date(facts: list) -> list:
    """Cited inspections of different kinds given one date by one sentence ("a focused visit and a
    JTAI in 2018" read loosely) may be one date read onto two kinds: keep the one the report's
    previous-inspection rules read (``previous``), else the first mentioned. Sentences that each
    date their own inspection ("The inspection of the adoption service was in October 2010." /
    "... fostering services was in October 2010.") keep both: resolution keeps kinds apart."""
    cited = [f for f in facts if f.kind == "inspection" and f.previous_of and f.start and f.start.literal]
    drop = set()
    by_date: dict[tuple, list] = {}
    for f in cited:
        by_date.setdefault((f.start.literal, f.quote.start), []).append(f)
    for group in by_date.values():
        if len({f.type for f in group if f.type}) <= 1:
            continue
        keep = next((f for f in group if f.key == "previous"), min(group, key=lambda f: f.quote.start))
        drop |= {id(f) for f in group if f is not keep}
    return [f for f in facts if id(f) not in drop]


def _safe(step) -> list:
    """Run one rule family; a failure loses its facts, not the document's."""
    try:
        return list(step() or [])
    except (ValueError, IndexError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):
        return []


def _verbatim(doc: Document, f: Fact) -> bool:
    q = getattr(f, "quote", None)
    return q is not None and doc.text[q.start:q.start + len(q.exact)] == q.exact and bool(q.exact)
