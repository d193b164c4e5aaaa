"""Facts derived from other facts, written to the derived-facts graph.

Two generic rules the core needs (the analysis package adds leadership
changes and judgement contexts on top):

1. **Shared posts come from arrangements.** When one person holds the same
   post in two councils that are members of one partnership, the post in the
   supported council is held *via* that partnership (``csg:viaArrangement``).
   The lead council is the one the text names as leading; failing that, the
   council where the person is also seen in post outside the partnership's
   documents is not guessed: the rule then derives nothing.
2. **A partnership's life is bounded by its events and its people.** Its start
   is the stated formation date (else the agreement date); its end lies no
   earlier than the last date someone is seen in a post held via it, and no
   later than the latest bound of any stated dissolution or end. Nothing
   narrower is claimed; with no end evidence, the end stays absent (unknown).

Every derived node carries ``prov:wasDerivedFrom`` the facts it rests on and
``prov:wasGeneratedBy`` the rule.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Optional

from rdflib import Graph, URIRef

from .model import DateValue, Partnership, PartnershipEvent
from .names import ID
from .namespace import CSG, PROV
from .rdf import add_interval
from . import temporal

__all__ = ["derive", "partnership_life"]

_RULE = ID + "activity/derivation/"


def partnership_life(events: list[PartnershipEvent], seen_via: list[DateValue]
                     ) -> tuple[Optional[DateValue], Optional[DateValue]]:
    """(start, end) of a partnership from its events and via-tenure sightings.

    >>> from graph.temporal import month, bounded, day
    >>> from graph.model import PartnershipEvent, Quote
    >>> q = Quote("d", "x", 0)
    >>> ev = [PartnershipEvent(q, event="formed", date=month(2018, 4)),
    ...       PartnershipEvent(q, event="dissolved", date=bounded(date(2019, 1, 8), date(2020, 3, 31)))]
    >>> s, e = partnership_life(ev, [day(2019, 10, 25)])
    >>> s.literal, e.literal, e.earliest.isoformat(), e.latest.isoformat()
    ('2018-04', None, '2019-10-25', '2020-03-31')
    """
    by_kind = defaultdict(list)
    for e in events:
        if e.date:
            by_kind[e.event].append(e.date)
    starts = by_kind.get("formed") or by_kind.get("agreed") or []
    start = min(starts, key=lambda d: (d.earliest or date.min)) if starts else None
    ends = by_kind.get("dissolved", []) + by_kind.get("ended", [])
    if not ends:
        return start, None
    latest = min((d.latest for d in ends if d.latest), default=None)
    earliest = max([d.earliest for d in ends if d.earliest] +
                   [s.earliest for s in seen_via if s.earliest], default=None)
    if latest and earliest and earliest > latest:
        earliest = None  # contradiction: keep only what every source allows
    exact = [d for d in ends if d.literal and d.earliest == earliest and d.latest == latest]
    if exact:
        return start, exact[0]
    return start, temporal.bounded(earliest, latest,
                                   "between the last sighting of a post held via the partnership "
                                   "and the latest date any source allows for its end")


def derive(resolved) -> Graph:
    """The derived-facts graph for a resolved corpus."""
    g = Graph()
    partnerships: dict[str, dict] = defaultdict(lambda: {"events": [], "lead": set(), "facts": []})
    for rf in resolved.facts:
        if isinstance(rf.fact, (Partnership, PartnershipEvent)):
            p = partnerships[rf.refs["partnership"]]
            p["facts"].append(rf.iri)
            p["members"] = rf.refs["members"]
            if isinstance(rf.fact, PartnershipEvent):
                p["events"].append(rf.fact)
            elif rf.refs.get("lead"):
                p["lead"].add(rf.refs["lead"])
    tenures = defaultdict(list)  # (person, role) -> [(org, rf)]
    for rf in resolved.of_kind("tenure"):
        tenures[(rf.refs["person"], rf.fact.role)].append((rf.refs["org"], rf))

    for piri, p in sorted(partnerships.items()):
        node = URIRef(piri)
        members = set(p.get("members", []))
        seen_via, via_facts = [], []
        if len(p["lead"]) == 1:
            lead = next(iter(p["lead"]))
            for (person, role), held in sorted(tenures.items(), key=lambda t: str(t[0])):
                orgs = {o for o, _ in held}
                if lead in orgs and len(orgs & members) >= 2:
                    for org, rf in held:
                        if org in members and org != lead:
                            t = URIRef(rf.iri)
                            g.add((t, CSG.viaArrangement, node))
                            g.add((t, PROV.wasDerivedFrom, node))
                            g.add((t, PROV.wasGeneratedBy, URIRef(_RULE + "shared-post-via-arrangement")))
                            seen_via += rf.fact.seen
                            via_facts.append(rf.iri)
        start, end = partnership_life(p["events"], seen_via)
        iv = add_interval(g, piri, start, end, CSG.existedDuring, "life")
        if iv is not None:
            g.add((iv, PROV.wasGeneratedBy, URIRef(_RULE + "partnership-life")))
            for f in sorted(set(p["facts"]) | set(via_facts)):
                g.add((iv, PROV.wasDerivedFrom, URIRef(f)))
    return g
