"""The prose extractor: news articles, monitoring-visit letters, council reviews.

``ProseExtractor`` builds a ``people.Context`` for a document (reference date
for relative expressions, council mentions, the main council), then runs the
genre pattern modules over the prose sentences (``noise`` has already cut
bylines, credits and boilerplate out):

* ``people``: tenures of named and unnamed post-holders (and advisers);
* ``arrangements``: partnerships, their life-cycle events, interventions;
* ``boards``: boards, their chairs, links and noted lack of links;
* ``indicators``: figures with measure, unit, date and scope;
* this module: visits and earlier judgements the prose reports.

Choices (documented because a reader must know them):

* The reference date is ``doc.published`` or, failing that, the date the
  text's own header shows (``noise.metadata``). With neither, relative dates
  ("on 8 January", "recently") are not resolved.
* The *main council* is the council the document mentions most (gazetteer
  spans, counted per council). Patterns with no organisation in the sentence
  ("Children's services director Alison Botham said", "the council's new
  chief executive") take it, and say so in the tenure's descriptor; the
  resolver can override.
* Visits: mentions tagged "latest", "recent", "this"/"the"/"their visit" or
  dated compatibly with them are one *main* visit (key ``visit``); "last",
  "previous" visits with a date are separate earlier visits; an undated
  earlier visit is skipped (nothing to key it by). The report's author
  ("the report by inspector X") is the lead inspector (monitoring-visit
  letters are signed by their lead inspector); any other "inspector X" is a
  team inspector.
* "rated/judged inadequate in <date>" gives an Inspection (type unknown:
  ``""``, dated by ``judged``: the text does not say whether that is the
  visit or the publication) and, where the framework is certain from
  the date alone (SIF: November 2013 to December 2017; ILACS: 2020 to March
  2026), a Judgement of that framework's overall-effectiveness area. 2018-19
  saw both frameworks: the Judgement then names no area (``""``) and
  resolution gives it the overall-effectiveness area of the framework of the
  inspection it merges with (or drops it, saying why).
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Optional

from .. import temporal
from ..model import DateValue, Document, Fact, Inspection, Judgement, TeamMember, make_quote
from .base import Extractor
from . import noise
from .visits import visit_mentions, window_dates
from .people import Context, Sentence, find_tenures, is_person_name, norm, vocab_api, _PERSON, _NOT_NAME

__all__ = ["ProseExtractor", "build_context", "find_visits", "main_council"]


def _gazetteer():
    try:
        from ..gazetteer import load
        return load()
    except Exception:  # gazetteer data missing or broken: fall back to the text's own "X Council"
        return None


_COUNCIL_FALLBACK = re.compile(r"\b((?:[A-Z][a-z]+[ -](?:and[ -]|upon[ -]|on[ -])?){0,3}[A-Z][a-z]+)"
                               r"(?:[ ]+(?:City|Borough|County|Metropolitan Borough|District))?[ ]+[Cc]ouncil\b")


def _council_mentions(text: str) -> tuple[list[tuple[int, int, str, str]], set[str]]:
    """(start, end, raw mention, council id) and the bare names seen."""
    gz = _gazetteer()
    out, names = [], set()
    if gz is not None:
        for s, e, c in gz.find_all(text):
            out.append((s, e, text[s:e], c.gss))
            names.update({c.short_name, c.name})
    # "<Name> (City|Borough|County) Council" not in the gazetteer: kept raw (the resolver reports it)
    bodies = [(s, e) for s, e, _ in vocab_api().find_all("board-type", text)]  # "Children in Care Council"
    learned = {m.group(1) for m in _COUNCIL_FALLBACK.finditer(text)
               if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e, _, _ in out)
               and not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in bodies)
               and not re.search(r"\b(?:in|of|for)\s+$", text[max(0, m.start() - 4):m.start()])
               and not any(w in _NOT_NAME for w in m.group(1).split())
               and m.group(1).split()[0] not in {"The", "A", "An", "This", "That", "Each", "Every", "Our", "Its"}}
    for n in learned:
        for m in re.finditer(rf"\b{re.escape(n)}\b(?:\s+(?:City|Borough|County)?\s*[Cc]ouncil)?", text):
            if not any(s <= m.start() < e for s, e, _, _ in out):
                out.append((m.start(), m.end(), m.group(), n))
    return sorted(out), names | learned


def _inside_person_name(text: str, s: int, e: int) -> bool:
    """A council name that is the surname in a person's name ("Tom Harrow")."""
    m = re.search(r"([A-Z][a-z]+)[ ]$", text[max(0, s - 20):s])
    if not m or m.group(1) in _NOT_NAME or text[e:e + 2] in ("'s", "’s"):
        return False
    return is_person_name(f"{m.group(1)} {text[s:e]}") and not re.match(r"\s+(?:City|Borough|County|Council)\b", text[e:])


def main_council(mentions, lead_end: int = 0) -> Optional[str]:
    """The short surface name of the most-mentioned council; mentions before ``lead_end``
    (headline and first prose sentence) count double; ties go to the first mentioned."""
    if not mentions:
        return None
    counts = Counter()
    for s, _, _, cid in mentions:
        counts[cid] += 2 if s < lead_end else 1
    top = max(counts.values())
    for s, e, raw, cid in mentions:
        if counts[cid] == top:
            best = min((r for _, _, r, c in mentions if c == cid), key=len)
            return re.sub(r"['’]s$", "", best)
    return None


def build_context(doc: Document, by: str = "prose") -> Context:
    """Everything the pattern modules share for one document."""
    text = doc.text or ""
    ref = doc.published
    if ref is None:
        ref = noise.metadata(text).get("published")
    ntext = norm(text)
    spans = noise.sentences(text)
    sents = [Sentence(s, e, ntext[s:e]) for s, e in spans]
    mentions, names = _council_mentions(text)
    mentions = [m for m in mentions if not _inside_person_name(text, m[0], m[1])
                and any(s <= m[0] and m[1] <= e for s, e in spans)]
    lead_end = spans[1][1] if len(spans) > 1 else (spans[0][1] if spans else 0)
    ctx = Context(doc=doc, ref=ref, sentences=sents, councils=[(s, e, m) for s, e, m, _ in mentions],
                  council_names=names, main=main_council(mentions, lead_end), by=by,
                  council_key={m: cid for _, _, m, cid in mentions})
    if ctx.main:
        ctx.council_key.setdefault(ctx.main, next(cid for _, _, m, cid in mentions
                                                   if re.sub(r"['’]s$", "", m) == ctx.main))
    return ctx


# --- visits and judgements reported in prose -----------------------------------------

_JUDGED = re.compile(r"\b(?:rated|judged|found to be|graded|assessed as)\s+(?:as\s+)?['\"]?(inadequate|requires improvement"
                     r"(?: to be good)?|good|outstanding)['\"]?", re.I)
_REPORT_BY = re.compile(r"\b(?:report|letter)\s+(?:\w+\s+){0,2}?(?:by|from|written by|signed by)\s+(lead\s+)?inspector\s+", re.I)
_INSPECTOR = re.compile(r"\b(lead\s+)?inspector\s+", re.I)


def _compatible(a: Optional[DateValue], b: Optional[DateValue]) -> bool:
    if a is None or b is None:
        return True
    return not (temporal.before(a, b) or temporal.after(a, b))


def _framework_area(d: Optional[DateValue]) -> Optional[str]:
    if d is None or d.earliest is None or d.latest is None:
        return None
    if d.earliest >= date(2013, 11, 1) and d.latest <= date(2017, 12, 31):
        framework = "sif"
    elif d.earliest >= date(2020, 1, 1) and d.latest <= date(2026, 3, 31):
        framework = "ilacs"
    else:
        return None
    try:
        return vocab_api().match("judgement-area", "overall effectiveness", framework=framework)
    except TypeError:  # a vocabulary without frameworks
        return None


def _org_of(ctx: Context, sent: Sentence) -> Optional[str]:
    here = [m for s, e, m in ctx.councils if sent.start <= s and e <= sent.end]
    if len({re.sub(r"['’]s\b.*", "", m) for m in here}) == 1:
        return here[0]
    return ctx.main


def find_visits(ctx: Context) -> list[Fact]:
    """Inspection (and judgement) records for the visits and judgements the prose reports."""
    doc = ctx.doc
    text = doc.text or ""
    itypes = vocab_api()
    mv_type = itypes.match("inspection-type", "monitoring visit")
    any_monitoring = bool(re.search(r"monitoring visit", text, re.I))
    main: Optional[Inspection] = None
    others: dict[str, Inspection] = {}
    out: list[Fact] = []
    for sent in ctx.sentences:
        s = sent.text
        for vm in visit_mentions(s, ctx.ref):
            kind = vm.kind
            vtype = itypes.match("inspection-type", kind) if kind != "visit" else (mv_type if any_monitoring else None)
            if not vtype:
                continue
            head, start, end, ordinal = vm.head, vm.date, vm.date_end, vm.ordinal
            prev, cued_main = vm.earlier, vm.cued_main
            q = make_quote(doc, sent.start, sent.end)
            if prev or (start is not None and main is not None and not _compatible(main.start, start)) or \
                    (start is not None and main is None and not cued_main and re.search(
                        r"\b(?:an?|one)\s+(?:[\w-]+\s+)?$", head)):
                if start is None:
                    continue
                key = f"visit-{start.literal or 'earlier'}"
                if key not in others:
                    others[key] = Inspection(quote=q, by=ctx.by, key=key, org=_org_of(ctx, sent), type=vtype,
                                             start=start, end=end, previous_of="visit", ordinal=ordinal)
                continue
            if main is None:
                main = Inspection(quote=q, by=ctx.by, key="visit", org=_org_of(ctx, sent), type=vtype,
                                  is_report=doc.kind == "monitoring-visit")
            if start is not None and (main.start is None or _more_precise(start, main.start)):
                main.start, main.end = start, end
                main.quote = q
            if ordinal and main.ordinal is None:
                main.ordinal = ordinal
    # an earlier visit keyed before the main one was known may turn out to be the main one
    if main is not None and main.start is not None:
        for k in [k for k, v in others.items() if v.start == main.start]:
            del others[k]
    if main is not None:
        _team_and_publication(ctx, main)
        if main.is_report and main.published is None:
            main.published = doc.published
        if main.start or main.published or main.team:  # an undated, unpublished visit cannot be keyed
            out.append(main)
        else:
            main = None
    if main is None:
        for v in others.values():
            v.previous_of = None
    out.extend(others.values())
    out.extend(_judgements(ctx, main))
    return out


def _more_precise(a: DateValue, b: DateValue) -> bool:
    rank = {"day": 3, "month": 2, "year": 1, None: 0}
    return rank[a.precision] > rank[b.precision]


_SIGNATURE = re.compile(r"^[ \t]*((?:[A-Z][\w'’-]+[ \t]+){1,2}[A-Z][\w'’-]+)[ \t]*\n[ \t]*(?:\n[ \t]*)?"
                        r"(?:Her|His)\s+Majesty['’]s\s+Inspector|^[ \t]*((?:[A-Z][\w'’-]+[ \t]+){1,2}[A-Z][\w'’-]+)"
                        r"[ \t]*\n[ \t]*(?:Lead inspector|Ofsted Inspector|HMI)\b", re.M)


def _team_and_publication(ctx: Context, visit: Inspection) -> None:
    names = set()
    if ctx.doc.kind == "monitoring-visit" or visit.is_report:
        role = vocab_api().match("role", "lead inspector")
        for m in _SIGNATURE.finditer(ctx.doc.text or ""):
            g = 1 if m.group(1) else 2
            name = m.group(g)
            if role and is_person_name(name, ctx) and name not in names:
                names.add(name)
                visit.team.append(TeamMember(name=name, role=role, quote=make_quote(ctx.doc, m.start(g), m.end())))
    for sent in ctx.sentences:
        s = sent.text
        for m in _INSPECTOR.finditer(s):
            pm = _PERSON.match(s, m.end())
            if not pm or not is_person_name(pm.group(1), ctx):
                continue
            name = pm.group(1)
            lead = bool(m.group(1)) or bool(_REPORT_BY.search(s[max(0, m.start() - 40):m.end()]))
            role = vocab_api().match("role", "lead inspector" if lead else "inspector") or ""
            if name not in names and role:
                names.add(name)
                visit.team.append(TeamMember(name=name, role=role,
                                             quote=make_quote(ctx.doc, sent.start, sent.end)))
            pub = re.search(r"\bpublished\s+(on|in)\b", s[pm.end():pm.end() + 40])
            if pub and visit.published is None:
                d = temporal.parse(s[pm.end() + pub.start():pm.end() + pub.start() + 40], ctx.ref)
                if d is not None:
                    visit.published = d


_CITED_REPORT = re.compile(r"\b(?:the|its|their|an?)\s+(?P<year>(?:19|20)\d\d)\s+Ofsted\s+(?P<re>re-?)?inspection\b", re.I)


def _cited_reports(ctx: Context, main: Optional[Inspection], seen: set[str]) -> list[Fact]:
    """"a recommendation set out in the 2018 Ofsted inspection report": an inspection of that year
    (visit or publication, unsaid: ``judged``), when no rating sentence already gave one."""
    out: list[Fact] = []
    for sent in ctx.sentences:
        for m in _CITED_REPORT.finditer(sent.text):
            d = temporal.parse(m.group("year"))
            r = temporal.as_ref(ctx.ref)
            if d is None or (r is not None and d.earliest > r):  # a report cited is a past one
                continue
            key = f"inspection-{d.literal}"
            if key in seen or any(k.startswith(key) for k in seen):
                continue
            seen.add(key)
            typ = vocab_api().match("inspection-type", "re-inspection") if m.group("re") else ""
            out.append(Inspection(quote=make_quote(ctx.doc, sent.start, sent.end), by=ctx.by, key=key,
                                  org=_org_of(ctx, sent), type=typ or "", judged=d,
                                  previous_of="visit" if main is not None else None))
    return out


def _judgements(ctx: Context, main: Optional[Inspection]) -> list[Fact]:
    out: list[Fact] = []
    seen: set[str] = set()
    for sent in ctx.sentences:
        s = sent.text
        for m in _JUDGED.finditer(s):
            d, _ = window_dates(s.replace(" - ", " , "), m.end(), ctx.ref, 60)
            if d is None:
                continue
            key = f"inspection-{d.literal or 'earlier'}"
            if key in seen:
                continue
            seen.add(key)
            grade = vocab_api().match("grade", m.group(1))
            q = make_quote(ctx.doc, sent.start, sent.end)
            typ = vocab_api().match("inspection-type", "re-inspection") if re.search(r"re-?inspect", s, re.I) else ""
            out.append(Inspection(quote=q, by=ctx.by, key=key, org=_org_of(ctx, sent), type=typ or "", judged=d,
                                  previous_of="visit" if main is not None else None))
            if grade:  # area "" when the date does not decide the framework: resolution assigns it
                out.append(Judgement(quote=q, by=ctx.by, inspection=key, area=_framework_area(d) or "",
                                     grade=grade))
    out.extend(_cited_reports(ctx, main, seen))
    return out


# --- the extractor ---------------------------------------------------------------------

class ProseExtractor(Extractor):
    """News, reviews, monitoring-visit letters and other prose (see module docstring)."""

    name = "prose"
    kinds = ("news", "review", "monitoring-visit", "other")

    def accepts(self, doc: Document) -> bool:
        if doc.kind in self.kinds:
            return True
        if doc.kind != "unknown":
            return False
        try:  # the Ofsted extractor owns the sniff for its genre
            from .ofsted import looks_like_ofsted
            return not looks_like_ofsted(doc.text or "")
        except ImportError:  # pragma: no cover - without it, a local sniff
            pass
        head = (doc.text or "")[:4000]
        looks_ofsted = re.search(r"Inspection of (?:local authority )?children'?s services|"
                                 r"Ofsted\s+Piccadilly Gate|Summary for children and young people|"
                                 r"Judgement\s+Grade|Overall effectiveness\s+(?:Inadequate|Requires|Good|Outstanding)",
                                 norm(head), re.I)
        return not looks_ofsted

    def metadata(self, doc: Document) -> dict:
        try:
            return noise.metadata(doc.text or "")
        except Exception:  # metadata is a convenience: never fail the build for it
            return {}

    def extract(self, doc: Document) -> list[Fact]:
        from .arrangements import find_arrangements
        from .boards import find_boards
        from .indicators import indicators_in_context
        ctx = build_context(doc, by=self.name)
        facts: list[Fact] = []
        visits = _safe(find_visits, ctx)
        main = next((v for v in visits if isinstance(v, Inspection) and v.key == "visit" and v.start), None)
        if main is not None and main.published is not None:
            ctx.letter_date = main.published  # the letter/report the document reports on
        for step in (find_tenures, find_arrangements, find_boards):
            facts.extend(_safe(step, ctx))
        if main is not None:
            facts.extend(_safe(indicators_in_context, ctx, main.start,
                               "figure reported without its own date: taken at the visit the document reports"))
        else:
            facts.extend(_safe(indicators_in_context, ctx))
        facts.extend(visits)
        return [f for f in facts if _verbatim(doc, f)]


def _safe(step, ctx: Context, *args) -> list[Fact]:
    """Run one pattern family; a failure in one never loses the others' facts."""
    try:
        return list(step(ctx, *args))
    except (ValueError, IndexError, KeyError, OverflowError, RecursionError):
        return []


def _verbatim(doc: Document, f: Fact) -> bool:
    q = f.quote
    return q is not None and doc.text[q.start:q.end] == q.exact
