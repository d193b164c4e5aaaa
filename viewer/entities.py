"""What the viewer shows about one resource: facts, timeline and evidence.

``entity_view`` gathers it with a few batched queries; the HTML page, the
JSON API (/api/entity) and the explorer's detail panel all render this one
structure, so they cannot disagree.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from .dates import Instant
from .lookup import Evidence, evidence_for, instants, labels, values
from .prefixes import PREFIXES, SPARQL_PROLOGUE, curie

__all__ = ["Fact", "Item", "EntityView", "entity_view", "summarise_items"]

CSG = PREFIXES["csg"]
# predicates by which a resource is tied to the things on its timeline
_RELATED = ("org:member org:organization csg:inspectedOrganization org:resultingOrganization "
            "org:originalOrganization csg:viaArrangement csg:leadInspector csg:subjectOrganization "
            "csg:aboutOrganization org:hasMember csg:judgementOf csg:findingOf csg:recommendationOf "
            "org:unitOf csg:chair csg:linksBoard csg:partnerOrganization csg:appointee").split()
_SUMMARY = ("rdf:type org:member org:organization org:role csg:tenureStatus csg:inspectionType "
            "csg:inspectedOrganization csg:judgementArea csg:grade csg:text csg:measure csg:value csg:unit "
            "csg:scope csg:eventKind org:resultingOrganization org:originalOrganization csg:interventionType "
            "csg:subjectOrganization csg:visitOrdinal csg:findingOf csg:judgementOf csg:recommendationOf "
            "csg:number org:unitOf csg:leadInspector csg:chair").split()


@dataclass
class Fact:
    predicate: str
    predicate_label: str
    value: str
    value_iri: str | None = None
    value_label: str | None = None
    datatype: str | None = None
    language: str | None = None


@dataclass
class Item:
    """A thing on a timeline: a tenure, inspection, event, judgement, ..."""

    iri: str
    kind: str
    label: str
    dates: dict[str, list[Instant]] = field(default_factory=dict)
    links: list[tuple[str, str]] = field(default_factory=list)  # (iri, label) of the people/organisations involved

    @property
    def sort_key(self) -> str:
        for rel in ("start", "date", "seen", "published", "end"):
            if self.dates.get(rel):
                return self.dates[rel][0].sort_key
        return "9999"


@dataclass
class EntityView:
    iri: str
    label: str
    types: list[tuple[str, str]]
    facts: list[Fact]
    incoming: list[Fact]
    dates: dict[str, list[Instant]]
    timeline: list[Item]
    evidence: list[Evidence]
    docid: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.facts or self.incoming)


def entity_view(store, iri: str, timeout: float) -> EntityView:
    """Everything the viewer shows about ``iri`` (an empty view when the graph has nothing)."""
    g = store.describe(iri, timeout=timeout)
    subj = URIRef(iri)
    out_triples = sorted(((p, o) for s, p, o in g if s == subj), key=lambda t: (str(t[0]), str(t[1])))
    in_triples = sorted(((s, p) for s, p, o in g if o == subj and s != subj), key=lambda t: (str(t[1]), str(t[0])))
    names = {str(p) for p, _ in out_triples} | {str(o) for _, o in out_triples if isinstance(o, URIRef)}
    names |= {str(s) for s, _ in in_triples} | {str(p) for _, p in in_triples} | {iri}
    lab = labels(store, names, timeout)

    types = [(str(o), lab.get(str(o), curie(str(o)))) for p, o in out_triples if str(p) == PREFIXES["rdf"] + "type"]
    facts = [_fact(p, o, lab) for p, o in out_triples if str(p) != PREFIXES["rdf"] + "type"]
    related = _related(store, iri, timeout)
    incoming_iris = {str(s) for s, _ in in_triples}
    summaries = summarise_items(store, related | {iri} | incoming_iris, timeout)
    incoming = [Fact(str(p), lab.get(str(p), curie(str(p))), str(s), str(s),
                     lab.get(str(s)) or summaries.get(str(s), (None, None))[1])
                for s, p in in_triples if not str(s).startswith(PREFIXES["id"] + "evidence/")]
    dates = instants(store, related | {iri}, timeout)
    timeline = []
    for r in related:
        kind, label, links = summaries.get(r, ("resource", curie(r), []))
        item = Item(r, kind, label, dates.get(r, {}), [ln for ln in links if ln[0] != iri])
        timeline.append(item)
    timeline.sort(key=lambda i: (i.sort_key, i.label))
    ev = evidence_for(store, related | {iri}, timeout)
    label = lab.get(iri) or summaries.get(iri, (None, None, None))[1] or curie(iri)
    docid = iri.rsplit("/", 1)[-1] if iri.startswith(PREFIXES["id"] + "doc/") else None
    return EntityView(iri, label, types, facts, incoming, dates.get(iri, {}), timeline, ev, docid)


def _fact(p, o, lab: dict[str, str]) -> Fact:
    pl = lab.get(str(p), curie(str(p)))
    if isinstance(o, Literal):
        return Fact(str(p), pl, str(o), datatype=str(o.datatype) if o.datatype else None, language=o.language)
    return Fact(str(p), pl, str(o), str(o), lab.get(str(o)))


def _related(store, iri: str, timeout: float) -> set[str]:
    preds = "|".join(_RELATED)
    q = SPARQL_PROLOGUE + f"""
SELECT DISTINCT ?item WHERE {{
  VALUES ?x {{ <{iri}> }}
  {{ ?item {preds} ?x }}
  UNION {{ ?x org:hasMember ?c . ?x ^org:resultingOrganization|^org:originalOrganization ?item }}
  UNION {{ ?x ^org:hasMember ?p . ?item org:resultingOrganization|org:originalOrganization ?p }}
  UNION {{ ?ev oa:hasTarget/oa:hasSource ?x ; oa:hasBody ?item }}
  FILTER(isIRI(?item) && ?item != ?x)
}}"""
    return {str(r[0]) for r in store.query(q, timeout=timeout).rows}


_LINKED = ("org:member", "org:organization", "csg:inspectedOrganization", "org:resultingOrganization",
           "org:originalOrganization", "csg:subjectOrganization", "org:unitOf", "csg:leadInspector", "csg:chair")


def summarise_items(store, items: set[str], timeout: float) -> dict[str, tuple[str, str, list[tuple[str, str]]]]:
    """(kind, label, links) per item; labels composed from parts when the item has none of its own,
    links = the people and organisations the item ties together."""
    if not items:
        return {}
    q = SPARQL_PROLOGUE + f"""
SELECT ?x ?p ?o WHERE {{
  VALUES ?x {{ {values(items)} }}
  VALUES ?p {{ {" ".join(_SUMMARY)} }}
  ?x ?p ?o .
}}"""
    props: dict[str, dict[str, list]] = {}
    for x, p, o in store.query(q, timeout=timeout).rows:
        props.setdefault(str(x), {}).setdefault(curie(str(p)), []).append(o)
    refs = {str(o) for d in props.values() for vs in d.values() for o in vs if isinstance(o, URIRef)}
    lab = labels(store, refs | set(items), timeout)
    # partnership event / judgement labels refer to their parents' labels
    out = {}
    for x in items:
        p = props.get(x, {})
        links = [(str(o), lab.get(str(o), curie(str(o)))) for key in _LINKED for o in p.get(key, [])
                 if isinstance(o, URIRef)]
        out[x] = (*_summary(x, p, lab), links)
    return out


def _summary(x: str, p: dict[str, list], lab: dict[str, str]) -> tuple[str, str]:
    def one(key: str) -> str | None:
        vs = p.get(key)
        if not vs:
            return None
        v = vs[0]
        return lab.get(str(v), curie(str(v))) if isinstance(v, URIRef) else str(v)

    types = {str(t)[len(CSG):] for t in p.get("rdf:type", []) if str(t).startswith(CSG)}
    kind = next(iter(sorted(types)), "resource")
    own = lab.get(x)
    if "Tenure" in types:
        status = one("csg:tenureStatus")
        text = f"{one('org:member')}: {one('org:role')}, {one('org:organization')}"
        return "Tenure", text + (f" ({status})" if status else "")
    if own:
        return kind, own
    if "Inspection" in types:
        ordinal = one("csg:visitOrdinal")
        return kind, f"{one('csg:inspectionType') or 'inspection'}, {one('csg:inspectedOrganization')}" + (
            f" (visit {ordinal})" if ordinal else "")
    if "Judgement" in types:
        return kind, f"{one('csg:judgementArea')}: {one('csg:grade')}"
    if "Finding" in types or "Recommendation" in types:
        text = one("csg:text") or ""
        return kind, (f"{kind} {one('csg:number')}: " if one("csg:number") else f"{kind}: ") + _clip(text)
    if "IndicatorObservation" in types:
        return kind, f"{one('csg:measure')}: {one('csg:value')} {one('csg:unit') or ''} ({one('csg:scope') or 'council'})"
    if "PartnershipEvent" in types:
        org = one("org:resultingOrganization") or one("org:originalOrganization")
        return kind, f"{org}: {one('csg:eventKind')}"
    if "Intervention" in types:
        return kind, f"{one('csg:interventionType')}, {one('csg:subjectOrganization')}"
    return kind, curie(x)


def _clip(text: str, n: int = 90) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
