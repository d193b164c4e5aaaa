"""Partnerships, trusts and interventions, with their life-cycle events.

Decided, announced, formed and ended are different facts with different
dates, so each is its own ``PartnershipEvent``:

* "the recent dissolution of A's partnership with B - overseen by B's
  director of children's services - which was implemented in April 2018":
  a partnership (lead B: its director oversees it), formed 2018-04, dissolved
  recently (``temporal.recent`` of the document date, approximate);
* "the decision to end the partnership": decided, undated unless dated;
* "leadership ... provided by B under the terms of a contractual agreement":
  a contractual partnership led by B; "the contract with B was ended": ended,
  bounded by the document date;
* "A's Improvement Partner (B)": an improvement partnership led by B;
* "the imposition of a government Direction", "a statutory direction":
  statutory-direction interventions; "an independent commissioner", "a new
  Commissioner was appointed": commissioner interventions; "improvement
  notice": improvement-notice;
* "a children's services trust", "X Children's Trust": a trust.

A council-to-council partnership is typed contractual when the document
says "contract"/"contractual" anywhere, or when one council's leadership
(its director, or "provided/run/led by" it) runs the other's service - the
definition of that arrangement. Otherwise the vocabulary has no plain
"partnership" type and the sentence is left for curation. A missing second
member is the document's main council.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import temporal
from ..model import DateValue, Fact, Intervention, Partnership, PartnershipEvent, make_quote
from .people import Context, Sentence, _bare, _PERSON, is_person_name, vocab_api

__all__ = ["find_arrangements"]


def _councils(ctx: Context, sent: Sentence, a: int = 0, b: Optional[int] = None) -> list[tuple[int, int, str]]:
    """Council mentions in sentence offsets [a, b), as (sent-start, sent-end, raw); a council name
    that begins a longer proper noun ("the Sheffield Universities") is not the council."""
    hi = len(sent.text) if b is None else b
    out = []
    for s, e, m in ctx.councils:
        if not (sent.start + a <= s and e <= sent.start + hi):
            continue
        after = sent.text[e - sent.start:e - sent.start + 30]
        if re.match(r"[ \t]+[A-Z][a-z]+", after) and not re.match(
                r"[ \t]+(?:City|Borough|County|Council|Metropolitan|District|Children)\b", after):
            continue
        out.append((s - sent.start, e - sent.start, m))
    return out


_PART = re.compile(r"\b(partnership|contractual (?:agreement|arrangement)|contract)\s+(with|between)\s+", re.I)
_LED = re.compile(r"\b(?:overseen|led|run|provided|delivered|managed)\s+by\s+", re.I)
_IMP_PARTNER = re.compile(r"\bimprovement partner\b", re.I)
_DISSOLVE = re.compile(r"\b(dissolution|dissolved|dissolving)\b", re.I)
_FORM = re.compile(r"\b(implemented|established|formed|set up|began|started|launched|came into (?:force|effect)|"
                   r"entered into|went live|took over|was created|was established|began operating)\b", re.I)
_DECIDE = re.compile(r"\bdecision\s+to\s+(?:end|dissolve|terminate|form|create|enter|establish)\b|\bdecided\s+to\b", re.I)
_ANNOUNCE = re.compile(r"\bannounced\b", re.I)
_AGREE = re.compile(r"\bagreed\b|\bagreement was reached\b", re.I)
_END = re.compile(r"\b(?:was|were|has been|had been|is being|will be|to be)\s+(ended|terminated|brought to an end)\b|"
                  r"\bcame to an end\b|\bended\b", re.I)
_ANAPHOR = re.compile(r"\bthe\s+(?:partnership|contract|arrangement|agreement|trust)\b", re.I)


def find_arrangements(ctx: Context) -> list[Fact]:
    out: list[Fact] = []
    text = ctx.doc.text or ""
    parts: dict[frozenset, Partnership] = {}
    last: Optional[Partnership] = None
    for k, sent in enumerate(ctx.sentences):
        near = " ".join(x.text for x in ctx.sentences[max(0, k - 1):k + 2])
        contractual = bool(re.search(r"\bcontract(?:ual)?\b", near, re.I))  # said of this arrangement, not any contract
        try:
            found = _partnerships(ctx, sent, contractual)
        except (ValueError, IndexError):
            continue
        for p in found:
            k = frozenset(_bare(m, ctx) for m in p.members) | {p.type}
            if k in parts:
                old = parts[k]
                old.lead = old.lead or p.lead
                old.supported = old.supported or p.supported
                p = old
            else:
                parts[k] = p
                out.append(p)
            last = p
            out.extend(_events(ctx, sent, p))
        if not found and last is not None and _ANAPHOR.search(sent.text):
            out.extend(_events(ctx, sent, last))
        out.extend(_interventions(ctx, sent))
    return _dedupe_events(out)


def _dedupe_events(facts: list[Fact]) -> list[Fact]:
    seen, out = set(), []
    for f in facts:
        if isinstance(f, PartnershipEvent):
            k = (frozenset(f.members), f.type, f.event, f.quote.start)
            if k in seen:
                continue
            seen.add(k)
        out.append(f)
    return out


def _partnerships(ctx: Context, sent: Sentence, contractual_doc: bool) -> list[Partnership]:
    s = sent.text
    out = []
    q = make_quote(ctx.doc, sent.start, sent.end)
    ctype = vocab_api().match("intervention-type", "contractual partnership")
    for m in _PART.finditer(s):
        if re.search(r"improvement\s+$", s[max(0, m.start() - 15):m.start()], re.I):
            continue
        after = [c for c in _councils(ctx, sent, m.end(), m.end() + 80)]
        if not after:
            continue
        members = [after[0][2]]
        if m.group(2).lower() == "between" and len(after) > 1:
            members.append(after[1][2])
        else:
            before = [c for c in _councils(ctx, sent, max(0, m.start() - 40), m.start())]
            owner = before[-1][2] if before else ctx.main
            if owner:
                members.insert(0, owner)
        members = _distinct(members, ctx)
        if len(members) < 2:
            continue
        lead = _lead(ctx, sent, members)
        contractual = contractual_doc or lead is not None or "contract" in m.group(1).lower()
        if not contractual or not ctype:
            continue
        out.append(Partnership(quote=q, by=ctx.by, members=members, type=ctype, lead=lead,
                               supported=_other(members, lead, ctx), label=s[m.start():m.end()].strip()))
    # "provided by B under the terms of a contractual agreement"
    for m in _LED.finditer(s):
        tail = s[m.end():m.end() + 160]
        if not re.search(r"\bcontract(?:ual)?\b|\bpartnership\b", tail, re.I):
            continue
        after = _councils(ctx, sent, m.end(), m.end() + 60)
        if not after or not ctype or not ctx.main:
            continue
        lead = after[0][2]
        members = _distinct([ctx.main, lead], ctx)
        if len(members) < 2 or any(set(map(lambda x: _bare(x, ctx), p.members)) == set(_bare(x, ctx) for x in members)
                                   for p in out):
            continue
        out.append(Partnership(quote=q, by=ctx.by, members=members, type=ctype, lead=lead,
                               supported=_other(members, lead, ctx), label="contractual agreement"))
    # "A's Improvement Partner (B)", "B, the council's improvement partner"
    itype = vocab_api().match("intervention-type", "improvement partner")
    for m in _IMP_PARTNER.finditer(s):
        after = _councils(ctx, sent, m.end(), m.end() + 40)
        before = _councils(ctx, sent, max(0, m.start() - 30), m.start())
        if not itype:
            continue
        # "B as its improvement partner", "B became the council's improvement partner"
        pb = re.search(r"\b(?:as|is|was|became|becomes|will be|to be)\s+(?:its|their|the council's|an?|the)\s+(?:new\s+)?$",
                       s[max(0, m.start() - 30):m.start()])
        if pb and before:
            partner, owner = before[-1][2], ctx.main
        elif after:
            partner = after[0][2]
            owner = before[-1][2] if before else ctx.main
        else:
            continue
        members = _distinct([owner, partner], ctx) if owner else []
        if len(members) == 2:
            out.append(Partnership(quote=q, by=ctx.by, members=members, type=itype, lead=partner,
                                   supported=owner, label="improvement partner"))
    # trusts
    ttype = vocab_api().match("intervention-type", "children's services trust")
    # a trust that runs the service (not a "children's trust" partnership board)
    tm = re.search(r"\b(?:children's services trust|(?:independent|new|voluntary)\s+(?:children's\s+)?trust|"
                   r"(?P<named>(?:[A-Z][\w'’-]+\s+){1,4}Children['’]?s?\s+(?:Services\s+)?Trust))\b"
                   r"(?!\s+(?:partnership\s+)?board)", s)
    runs = re.search(r"\b(?:run|runs|running|delivered|deliver|operated|operate|transferred|taken over|take over|took over|"
                     r"set up|established|created|launched)\b", s, re.I)
    if tm and runs and ttype:
        cs = _councils(ctx, sent)
        owner = cs[0][2] if cs else ctx.main
        named = tm.group("named")
        if named and re.match(r"(?:The|A|An|This|Its|Their)\s", named):
            named = None  # "The Children's Trust": not a name
        if owner:  # a named trust is the second member (resolution mints it); an unnamed one is not
            out.append(Partnership(quote=q, by=ctx.by, members=[owner] + ([named] if named else []), type=ttype,
                                   supported=owner, label=tm.group().strip()))
    return out


def _distinct(members: list[str], ctx: Context) -> list[str]:
    seen, out = set(), []
    for m in members:
        b = _bare(m, ctx)
        if b not in seen:
            seen.add(b)
            out.append(m)
    return out


_LEADS = re.compile(r"'s\s+(?:director|DCS|leadership|senior leadership|leaders)\b[^.;]{0,60}?\b(?:would|will|to|was to|is to)?"
                    r"\s*(?:oversee|run|lead|manage)\b", re.I)


def _lead(ctx: Context, sent: Sentence, members: list[str]) -> Optional[str]:
    """The member whose leadership runs the arrangement: "overseen/led/run by B", "B's director
    would oversee the service"."""
    s = sent.text
    cands = [_councils(ctx, sent, m.end(), m.end() + 40)[:1] for m in _LED.finditer(s)]
    cands += [[c for c in _councils(ctx, sent, max(0, m.start() - 40), m.start()) if c[1] == m.start()][-1:]
              for m in _LEADS.finditer(s)]
    for found in cands:
        if found:
            b = _bare(found[0][2], ctx)
            for mem in members:
                if _bare(mem, ctx) == b:
                    return mem
    return None


def _other(members: list[str], lead: Optional[str], ctx: Context) -> Optional[str]:
    if lead is None:
        return None
    rest = [m for m in members if _bare(m, ctx) != _bare(lead, ctx)]
    return rest[0] if len(rest) == 1 else None


def _dated(ctx: Context, s: str, pos: int, n: int = 50) -> Optional[DateValue]:
    seg = re.split(r"\s-\s|;|,\s", s[pos:pos + n])[0]
    ds = temporal.find_dates(seg, ctx.ref)
    return ds[0][2] if ds else None


def _not_after_doc(ctx: Context, what: str) -> Optional[DateValue]:
    r = temporal.as_ref(ctx.ref)
    if r is None:
        return None
    return temporal.bounded(None, r, f"{what}: reported as past in a document dated up to {r.isoformat()}")


def _events(ctx: Context, sent: Sentence, p: Partnership) -> list[PartnershipEvent]:
    s = sent.text
    q = make_quote(ctx.doc, sent.start, sent.end)
    out = []

    def ev(kind_label: str, when: Optional[DateValue]):
        key = vocab_api().match("event-kind", kind_label)
        if key:
            out.append(PartnershipEvent(quote=q, by=ctx.by, members=list(p.members), type=p.type, event=key, date=when))

    m = _DISSOLVE.search(s)
    if m:
        when = _dated(ctx, s, m.end())
        if when is None and re.search(r"\brecent(ly)?\s+$", s[max(0, m.start() - 12):m.start()], re.I) \
                and ctx.ref is not None:
            when = temporal.recent(ctx.ref, "dissolution described as recent")
        ev("dissolved", when or _not_after_doc(ctx, "dissolution"))
    for m in _FORM.finditer(s):
        when = _dated(ctx, s, m.end(), 30)
        if when is not None:
            ev("formed", when)
            break
    m = _DECIDE.search(s)
    if m:
        ev("decided", _dated(ctx, s, m.end(), 40))
    m = _ANNOUNCE.search(s)
    if m:
        when = _dated(ctx, s, m.end(), 40)
        if when:
            ev("announced", when)
    m = _AGREE.search(s)
    if m:
        when = _dated(ctx, s, m.end(), 40) or _dated(ctx, s, max(0, m.start() - 25), 25)
        if when:
            ev("agreed", when)
    m = _END.search(s)
    if m and not _DECIDE.search(s[max(0, m.start() - 30):m.end()]):
        ev("ended", _dated(ctx, s, m.end(), 40) or _not_after_doc(ctx, "end"))
    return out


_DIRECTION = re.compile(r"\b(?:statutory\s+direction|(?:government|ministerial|secretary of state's)\s+direction|"
                        r"Direction\b|direction\s+(?:was|has been|had been)\s+(?:issued|imposed))", )
_COMMISSIONER = re.compile(r"\b(?:an?|the|new)\s+(?:(?:independent|DfE|DFE|new|government|children's services)\s+)*"
                           r"commissioner\b", re.I)
_NOTICE = re.compile(r"\bimprovement notice\b", re.I)


def _interventions(ctx: Context, sent: Sentence) -> list[Intervention]:
    s = sent.text
    q = make_quote(ctx.doc, sent.start, sent.end)
    out = []
    v = vocab_api()
    for rx, label in ((_DIRECTION, "statutory direction"), (_COMMISSIONER, "commissioner"),
                      (_NOTICE, "improvement notice")):
        key = v.match("intervention-type", label)
        if not key:
            continue
        for m in rx.finditer(s):
            if label == "commissioner" and (re.search(r"police|crime|information|children's commissioner for",
                                                      s[max(0, m.start() - 25):m.end() + 15], re.I)):
                continue
            if label == "statutory direction" and re.search(r"\b(?:strategic|future|clear)\s+direction", s[max(0, m.start() - 12):m.end()], re.I):
                continue
            if label == "commissioner" and (re.match(r"\s+of\s+[a-z]", s[m.end():]) or not re.search(
                    r"\b(?:DfE|DFE|independent|government|children's services|appoint\w*|new)\b", s[max(0, m.start() - 40):m.end() + 40])):
                continue  # "a provider as well as a commissioner of services"
            if re.search(r"\b(?:lifted|removed|revoked|withdrawn|ended)\b", s[m.end():m.end() + 40], re.I):
                continue  # the end of an intervention, not one being made
            before = _councils(ctx, sent, 0, m.start())
            org = before[-1][2] if before else ctx.main
            person = None
            pm = re.compile(r"\s*,?\s*").match(s, m.end())
            pm = _PERSON.match(s, pm.end()) if pm else None
            if pm and is_person_name(pm.group(1), ctx):
                person = pm.group(1)
            out.append(Intervention(quote=q, by=ctx.by, org=org, type=key, date=_dated(ctx, s, m.end(), 70),
                                    person=person))
    return out
