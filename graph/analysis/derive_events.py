"""Events derived from the network: leadership changes, partnership life, judgement context.

Three rules, each a function returning plain dataclasses, and :func:`derive`
writing them all as an rdflib ``Graph`` for the derived named graph
(``https://w3id.org/csgkg/graph/derived``), every node with
``prov:wasDerivedFrom`` the facts it rests on and ``prov:wasGeneratedBy
id:activity/derivation/<rule>``:

``leadership-change``
    Tenures of the same role at the same organisation are ordered by their
    start bounds (a tenure without a start is placed by its first sighting,
    then by its end); each consecutive pair is a change, dated by the next
    tenure's start (or, when that is unknown, bounded by the previous
    tenure's end / last certain day and the next's first certain day). The
    gap between them is given in days as bounds: both 0 is contiguous,
    a positive minimum is a gap, a negative maximum an overlap.
``partnership-lifecycle``
    A partnership's formation and dissolution, dated by its
    ``csg:existedDuring`` bounds, else by its asserted formed / dissolved
    events.
``judgement-context``
    Each inspection or visit joined to the tenures of the given roles in
    force on the date its judgements were made (its last on-site day, else
    its publication date; see :func:`inspection_date`): certain
    when the date's bounds lie wholly in the tenure's certain range,
    possible when they meet its possible range.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Sequence

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from graph.model import DateValue

from .spans import CERTAIN, POSSIBLE, Span
from .terms import CSG, DERIVED_GRAPH, ID, VOCAB

__all__ = ["LeadershipChange", "PartnershipChange", "JudgementContext",
           "tenure_sequences", "leadership_changes", "partnership_changes",
           "judgement_contexts", "status_over", "derive", "CONTEXT_ROLES", "inspection_date"]

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")

CONTEXT_ROLES = ("dcs", "chief-executive", "lead-member")
"""Default role keys (of the role scheme) joined to judgements: the leading
posts the domain names. A parameter, not a vocabulary list: callers pass any."""


def _h(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


@dataclass
class LeadershipChange:
    """One tenure of a post followed by the next (edge keys are tenure IRIs)."""

    org: str
    role: str
    previous: str
    next: str
    previous_person: str
    next_person: str
    date: DateValue
    gap_days: tuple[Optional[int], Optional[int]]

    same_holder: Optional[bool] = None

    @property
    def holder_change(self) -> str:
        """"yes" (two different named people), "no" (one person, e.g. a change of
        status) or "unknown" (an unnamed holder on either side: identity unknown)."""
        if self.previous_person == self.next_person:
            return "no"
        return "unknown" if self.same_holder is None else ("no" if self.same_holder else "yes")

    @property
    def relation(self) -> str:
        """contiguous, gap, overlap or uncertain (from ``gap_days``)."""
        lo, hi = self.gap_days
        if lo is not None and hi is not None and lo == hi == 0:
            return "contiguous"
        if lo is not None and lo > 0:
            return "gap"
        if hi is not None and hi < 0:
            return "overlap"
        return "uncertain"


@dataclass
class PartnershipChange:
    partnership: str
    kind: str              # event-kind key: formed / dissolved
    date: Optional[DateValue]
    derived_from: tuple[str, ...]


@dataclass
class JudgementContext:
    inspection: str
    org: str
    date: Optional[DateValue]
    basis: str                         # "published", "onsite" or "unknown"
    judgements: list = field(default_factory=list)
    holders: list = field(default_factory=list)   # (tenure, role, person, status)

    def holder(self, role: str, status: Optional[str] = CERTAIN) -> list[str]:
        """Persons in ``role`` with that status (None = any status), nearest evidence first."""
        return [p for _, r, p, s in self.holders if r == role and (status is None or s == status)]

    def nearest(self, role: str) -> Optional[str]:
        """The certain holder of ``role``, else the possible one whose dated evidence
        (start, end or sighting) lies nearest the date; None when nobody is possible.
        A reading aid, not a fact: the RDF keeps only certain / possible."""
        hs = self.holder(role, None)
        return hs[0] if hs else None


def _anchor(span: Span):
    """Sort key placing a tenure in its post's sequence.

    By its start bounds, else its first sighting, else its end; a tenure known
    only by its end started before that end, so it sorts before a tenure
    whose start has the same bounds (rank 0 < 1).
    """
    first = span.start or (span.seen[0] if span.seen else None)
    rank = 1
    if first is None:
        first, rank = span.end, 0
    if first is None:
        return (date.max, 1, date.max)
    return (first.earliest or date.min, rank, first.latest or date.max)


def tenure_sequences(G: nx.MultiDiGraph, org: Optional[str] = None,
                     role: Optional[str] = None) -> dict[tuple[str, str], list]:
    """Held-post edges grouped by (organisation, role key), ordered by start bounds.

    Each item is ``(person, org, key, data)``.
    """
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for u, v, k, d in G.edges(keys=True, data=True):
        if d.get("kind") != "held-post" or (org and v != org) or (role and d.get("role") != role):
            continue
        groups[(v, d.get("role"))].append((u, v, k, d))
    for seq in groups.values():
        seq.sort(key=lambda e: (_anchor(e[3]["span"]), e[2]))
    return dict(groups)


def _gap(prev: Span, nxt: Span) -> tuple[Optional[int], Optional[int]]:
    lo = hi = None
    if prev.end and nxt.start:
        if nxt.start.earliest and prev.end.latest:
            lo = (nxt.start.earliest - prev.end.latest).days - 1
        if nxt.start.latest and prev.end.earliest:
            hi = (nxt.start.latest - prev.end.earliest).days - 1
    else:
        pc, nc = prev.certain_range(), nxt.certain_range()
        if pc and nc and nc[0] <= pc[1]:
            hi = (nc[0] - pc[1]).days - 1   # certainly overlapping by at least that
    return lo, hi


def _change_date(prev: Span, nxt: Span) -> DateValue:
    """The next tenure's start; if unknown, bounds assuming succession.

    Then the change lies after the previous tenure's end (earliest bound) or,
    failing that, its last sighting, and no later than the next holder's
    first sighting (latest bound) or the next tenure's end.
    """
    if nxt.start is not None:
        return nxt.start
    if prev.end is not None:
        lo = prev.end.earliest
    else:
        lo = max((s.earliest for s in prev.seen if s.earliest), default=None)
        if prev.start is not None and prev.start.earliest:
            lo = max(lo or prev.start.earliest, prev.start.earliest)
    his = [s.latest for s in nxt.seen if s.latest]
    if nxt.end is not None and nxt.end.latest:
        his.append(nxt.end.latest)
    hi = min(his, default=None)
    return DateValue(None, lo, hi, "bounded",
                     "next tenure's start unknown: bounded by the previous tenure's end "
                     "(or last sighting) and the next holder's first sighting")


def leadership_changes(G: nx.MultiDiGraph, org: Optional[str] = None,
                       role: Optional[str] = None) -> list[LeadershipChange]:
    """Consecutive tenures of each post, as changes (see the module docstring).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(month(2015, 1), day(2016, 6, 30)))
    >>> _ = G.add_edge("cat", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(month(2016, 7), None))
    >>> [(c.previous_person, c.next_person, c.date.literal, c.gap_days, c.relation)
    ...  for c in leadership_changes(G)]
    [('ann', 'cat', '2016-07', (0, 30), 'uncertain')]
    """
    out = []
    for (o, r), seq in sorted(tenure_sequences(G, org, role).items()):
        for (pu, _, pk, pd), (nu, _, nk, nd) in zip(seq, seq[1:]):
            unnamed = G.nodes[pu].get("unnamed") or G.nodes[nu].get("unnamed")
            out.append(LeadershipChange(o, r, pk, nk, pu, nu,
                                        _change_date(pd["span"], nd["span"]),
                                        _gap(pd["span"], nd["span"]),
                                        None if unnamed else pu == nu))
    return out


def partnership_changes(G: nx.MultiDiGraph, formed: Sequence[str] = ("formed",),
                        dissolved: Sequence[str] = ("dissolved", "ended")) -> list[PartnershipChange]:
    """Formation and dissolution of every partnership node, with their dates.

    ``formed`` / ``dissolved`` are event-kind keys that count as each.
    """
    out = []
    for p, d in sorted(G.nodes(data=True)):
        if d.get("kind") != "partnership":
            continue
        spans = [e["span"] for _, _, e in G.in_edges(p, data=True) if e.get("kind") == "member-of"]
        span = spans[0] if spans else Span()
        events = d.get("events", [])
        for kind, keys, inst in (("formed", formed, span.start), ("dissolved", dissolved, span.end)):
            evs = [e for e in events if e[0] in keys]
            dated = [e for e in evs if e[1] is not None]
            when = inst or (dated[0][1] if dated else None)
            if when is None and not evs:
                continue
            out.append(PartnershipChange(p, kind, when, (p, *sorted(e[2] for e in evs))))
    return out


def status_over(span: Span, when: DateValue) -> Optional[str]:
    """Status of ``span`` over a date with bounds: certain on every possible day, or possible."""
    if when is None or when.earliest is None or when.latest is None:
        return None
    c = span.certain_range()
    if c and c[0] <= when.earliest and when.latest <= c[1]:
        return CERTAIN
    lo, hi = span.possible_range()
    if (lo is None or lo <= when.latest) and (hi is None or when.earliest <= hi):
        return POSSIBLE
    return None


def _distance(span: Span, when: DateValue) -> int:
    """Days between ``when`` and the nearest dated evidence of ``span`` (0 if overlapping)."""
    best = None
    for inst in (span.start, span.end, *span.seen):
        if inst is None:
            continue
        lo, hi = inst.earliest or date.min, inst.latest or date.max
        if hi < when.earliest:
            d = (when.earliest - hi).days
        elif lo > when.latest:
            d = (lo - when.latest).days
        else:
            d = 0
        best = d if best is None else min(best, d)
    return 10 ** 6 if best is None else best


def inspection_date(d: dict) -> tuple[Optional[DateValue], str]:
    """When an inspection's judgements were made: (date, basis).

    The last on-site day (basis ``"onsite"``): inspectors reach their
    judgements at the end of fieldwork, and publication follows weeks later
    when the leadership may already have changed. Without on-site dates, the
    publication date (``"published"``); else ``(None, "unknown")``.
    """
    onsite = d.get("onsite")
    if onsite is not None and (onsite.end or onsite.start):
        return onsite.end or onsite.start, "onsite"
    if d.get("published") is not None:
        return d["published"], "published"
    return None, "unknown"


def judgement_contexts(G: nx.MultiDiGraph, roles: Sequence[str] = CONTEXT_ROLES
                       ) -> list[JudgementContext]:
    """Each inspection joined to the holders of ``roles`` in post when it was published."""
    out = []
    for i, d in sorted(G.nodes(data=True)):
        if d.get("kind") != "inspection":
            continue
        org = d.get("council")
        when, basis = inspection_date(d)
        ctx = JudgementContext(i, org, when, basis, [j["iri"] for j in d.get("judgements", [])])
        if when is not None:
            for u, _, k, e in G.in_edges(org, keys=True, data=True):
                if e.get("kind") == "held-post" and e.get("role") in roles:
                    st = status_over(e["span"], when)
                    if st:
                        ctx.holders.append((k, e["role"], u, st))
        spans = {k: e["span"] for _, _, k, e in G.in_edges(org, keys=True, data=True)} if org else {}
        ctx.holders.sort(key=lambda h: (h[1], h[3] != CERTAIN, _distance(spans[h[0]], when), h[2]))
        out.append(ctx)
    return out


# --- RDF ------------------------------------------------------------------------

def _instant(g: Graph, node: URIRef, dv: DateValue) -> None:
    g.add((node, RDF.type, TIME.Instant))
    if dv.literal:
        prop, dt = {10: (TIME.inXSDDate, XSD.date), 7: (TIME.inXSDgYearMonth, XSD.gYearMonth),
                    4: (TIME.inXSDgYear, XSD.gYear)}[len(dv.literal)]
        g.add((node, prop, Literal(dv.literal, datatype=dt)))
    if dv.earliest:
        g.add((node, CSG.earliest, Literal(dv.earliest.isoformat(), datatype=XSD.date)))
    if dv.latest:
        g.add((node, CSG.latest, Literal(dv.latest.isoformat(), datatype=XSD.date)))
    g.add((node, CSG.dateQualifier, VOCAB[f"date-qualifier/{dv.qualifier or 'bounded'}"]))
    if dv.note:
        g.add((node, RDFS.comment, Literal(dv.note)))


def _derived(g: Graph, node: URIRef, rule: str, sources, evidence=()) -> None:
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, PROV.wasGeneratedBy, ID[f"activity/derivation/{rule}"]))
    for s in sources:
        g.add((node, PROV.wasDerivedFrom, URIRef(s)))
    for ev in evidence:
        g.add((node, CSG.evidence, URIRef(ev)))


def _label(G, iri) -> str:
    if iri in G:
        return G.nodes[iri].get("label") or iri
    return G.graph.get("labels", {}).get(iri, iri)


def _ev(G, *edges) -> list[str]:
    return sorted({ev for d in edges for ev in d.get("evidence", ())})


def derive(G: nx.MultiDiGraph, roles: Sequence[str] = CONTEXT_ROLES) -> Graph:
    """All derived events as a Graph identified by the derived named graph.

    Derived nodes also carry ``csg:evidence`` of the facts they rest on, so a
    viewer can show the quotes behind a derived event directly.
    """
    g = Graph(identifier=DERIVED_GRAPH)
    for prefix, ns in (("csg", "https://w3id.org/csgkg/ontology#"), ("id", str(ID)),
                       ("org", str(ORG)), ("prov", str(PROV)), ("time", str(TIME))):
        g.bind(prefix, ns)
    edge = {k: d for _, _, k, d in G.edges(keys=True, data=True)}
    for c in leadership_changes(G):
        n = ID[f"derived/leadership-change/{_h(c.previous, c.next)}"]
        g.add((n, RDF.type, CSG.LeadershipChange))
        g.add((n, RDF.type, ORG.ChangeEvent))
        role_iri = VOCAB[f"role/{c.role}"]
        g.add((n, ORG.organization, URIRef(c.org)))
        g.add((n, ORG.role, role_iri))
        g.add((n, CSG.previousTenure, URIRef(c.previous)))
        g.add((n, CSG.nextTenure, URIRef(c.next)))
        lo, hi = c.gap_days
        if lo is not None:
            g.add((n, CSG.gapDaysMin, Literal(lo, datatype=XSD.integer)))
        if hi is not None:
            g.add((n, CSG.gapDaysMax, Literal(hi, datatype=XSD.integer)))
        g.add((n, RDFS.label, Literal(
            f"{G.graph.get('labels', {}).get(str(role_iri), c.role)}, {_label(G, c.org)}: "
            f"{_label(G, c.previous_person)} -> {_label(G, c.next_person)}")))
        g.add((n, RDFS.comment, Literal(f"succession {c.relation}; gap in days between "
                                        f"{'?' if lo is None else lo} and {'?' if hi is None else hi}")))
        g.add((n, CSG.onDate, URIRef(f"{n}#date")))
        _instant(g, URIRef(f"{n}#date"), c.date)
        _derived(g, n, "leadership-change", (c.previous, c.next),
                 _ev(G, edge[c.previous], edge[c.next]))
    for pc in partnership_changes(G):
        n = ID[f"derived/partnership-lifecycle/{_h(pc.partnership, pc.kind)}"]
        g.add((n, RDF.type, CSG.PartnershipEvent))
        g.add((n, RDF.type, ORG.ChangeEvent))
        g.add((n, CSG.eventKind, VOCAB[f"event-kind/{pc.kind}"]))
        g.add((n, ORG.resultingOrganization if pc.kind == "formed" else ORG.originalOrganization,
               URIRef(pc.partnership)))
        g.add((n, RDFS.label, Literal(f"{_label(G, pc.partnership)}: {pc.kind}")))
        if pc.date is not None:
            g.add((n, CSG.onDate, URIRef(f"{n}#date")))
            _instant(g, URIRef(f"{n}#date"), pc.date)
        members = [d for _, _, d in G.in_edges(pc.partnership, data=True)]
        _derived(g, n, "partnership-lifecycle", pc.derived_from, _ev(G, *members))
    for ctx in judgement_contexts(G, roles):
        n = ID[f"derived/judgement-context/{_h(ctx.inspection)}"]
        g.add((n, RDF.type, CSG.JudgementContext))
        g.add((n, CSG.contextOf, URIRef(ctx.inspection)))
        g.add((n, RDFS.label, Literal(f"Leadership in post: {_label(G, ctx.inspection)}")))
        for j in ctx.judgements:
            g.add((n, CSG.aboutJudgement, URIRef(j)))
        if ctx.date is not None:
            g.add((n, CSG.onDate, URIRef(f"{n}#date")))
            _instant(g, URIRef(f"{n}#date"), DateValue(
                ctx.date.literal, ctx.date.earliest, ctx.date.latest, ctx.date.qualifier,
                f"the inspection's {'publication date' if ctx.basis == 'published' else 'last on-site day'}, when its judgements were made"))
        for t, _, _, st in ctx.holders:
            g.add((n, CSG.holderInPost if st == CERTAIN else CSG.possibleHolderInPost, URIRef(t)))
        _derived(g, n, "judgement-context", (ctx.inspection, *(h[0] for h in ctx.holders)))
    return g
