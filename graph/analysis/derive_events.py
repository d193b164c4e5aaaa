"""Events derived from the network: leadership changes, partnership life, judgement context.

Three rules, each a function returning plain dataclasses, and :func:`derive`
writing them all as an rdflib ``Graph`` for the derived named graph
(``https://w3id.org/csgkg/graph/derived``), every node with
``prov:wasDerivedFrom`` the facts it rests on and ``prov:wasGeneratedBy
id:activity/derivation/<rule>``:

``leadership-change``
    Consecutive tenures of one post (see :mod:`graph.analysis.succession`),
    with the change's date bounds and the gap or overlap in days.
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
from dataclasses import dataclass, field
from datetime import date
from typing import Optional, Sequence

import networkx as nx
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from graph.model import DateValue

from .spans import CERTAIN, POSSIBLE, Span
from .succession import LeadershipChange, leadership_changes, tenure_sequences
from .terms import CSG, DERIVED_GRAPH, ID, VOCAB, check_keys

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
    basis: str                         # "onsite", "published", "judged" or "unknown"
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


def partnership_changes(G: nx.MultiDiGraph, formed: Sequence[str] = ("formed",),
                        dissolved: Sequence[str] = ("dissolved", "ended")) -> list[PartnershipChange]:
    """Formation and dissolution of every partnership node, with their dates.

    ``formed`` / ``dissolved`` are event-kind keys that count as each.
    """
    check_keys("event-kind", (*formed, *dissolved), "partnership_changes(formed/dissolved)")
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


_BASIS = {"published": "publication date", "onsite": "last on-site day",
          "judged": "date a source gives for the judgement", "unknown": "unknown date"}


def inspection_date(d: dict) -> tuple[Optional[DateValue], str]:
    """When an inspection's judgements were made: (date, basis).

    The last on-site day (basis ``"onsite"``): inspectors reach their
    judgements at the end of fieldwork, and publication follows weeks later
    when the leadership may already have changed. Without on-site dates, the
    publication date (``"published"``); without either, the month a source
    says the council was judged (``"judged"``); else ``(None, "unknown")``.
    """
    onsite = d.get("onsite")
    if onsite is not None and (onsite.end or onsite.start):
        return onsite.end or onsite.start, "onsite"
    if d.get("published") is not None:
        return d["published"], "published"
    if d.get("judged") is not None:  # "judged inadequate in December 2016": on-site or published, unsaid
        return d["judged"], "judged"
    return None, "unknown"


def judgement_contexts(G: nx.MultiDiGraph, roles: Sequence[str] = CONTEXT_ROLES
                       ) -> list[JudgementContext]:
    """Each inspection joined to the holders of ``roles`` in post when it was judged."""
    check_keys("role", roles, "judgement_contexts(roles)")
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


def derive(G: nx.MultiDiGraph, roles: Sequence[str] = CONTEXT_ROLES, into=None) -> Graph:
    """All derived events as a Graph identified by the derived named graph.

    Derived nodes also carry ``csg:evidence`` of the facts they rest on, so a
    viewer can show the quotes behind a derived event directly. ``into``:
    anything with ``add`` to receive the triples instead (the build passes a
    plain set of triples: rdflib's store would index them for nothing).
    """
    g = into if into is not None else Graph(identifier=DERIVED_GRAPH)
    if into is None:
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
                f"the inspection's {_BASIS[ctx.basis]}, when its judgements were made"))
        for t, _, _, st in ctx.holders:
            g.add((n, CSG.holderInPost if st == CERTAIN else CSG.possibleHolderInPost, URIRef(t)))
        _derived(g, n, "judgement-context", (ctx.inspection, *(h[0] for h in ctx.holders)))
    return g
