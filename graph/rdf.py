"""Resolved facts to RDF: one named graph per source document, one for curated
annotations, one for derived facts, one for the gazetteer, one for the ontology.

The shapes written here are the ones ARCHITECTURE.md fixes; every fact node
gets an evidence annotation (W3C Web Annotation, ``oa:TextQuoteSelector``)
pointing at its document with the verbatim quote. No blank nodes: every node
has a minted IRI so two builds give identical canonical N-Quads.
"""
from __future__ import annotations

from typing import Optional

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from . import vocab
from .model import (Board, BoardLink, DateValue, Document, Finding, Indicator, Inspection,
                    Intervention, Judgement, Partnership, PartnershipEvent, Recommendation, Tenure)
from .names import ID, doc_iri, graph_iri, short_hash
from .namespace import CSG, DCTERMS, FOAF, OA, ORG, PROV, SCHEMA, SKOS, TIME, concept

__all__ = ["Writer", "add_instant", "add_document", "add_council"]

_LIT_PROP = {10: TIME.inXSDDate, 7: TIME.inXSDgYearMonth, 4: TIME.inXSDgYear}
_LIT_TYPE = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}
CONTEXT = 40  # characters of prefix/suffix kept with a quote


def add_instant(g: Graph, iri: str, v: DateValue) -> URIRef:
    """A time:Instant at its stated precision, with bounds and qualifier."""
    node = URIRef(iri)
    g.add((node, RDF.type, TIME.Instant))
    if v.literal:
        n = len(v.literal)
        g.add((node, _LIT_PROP[n], Literal(v.literal, datatype=_LIT_TYPE[n])))
    if v.earliest:
        g.add((node, CSG.earliest, Literal(v.earliest.isoformat(), datatype=XSD.date)))
    if v.latest:
        g.add((node, CSG.latest, Literal(v.latest.isoformat(), datatype=XSD.date)))
    g.add((node, CSG.dateQualifier, concept("date-qualifier", v.qualifier)))
    if v.note:
        g.add((node, RDFS.comment, Literal(v.note)))
    return node


def _dkey(v: DateValue) -> str:
    return short_hash(v.literal, v.earliest, v.latest)


def add_interval(g: Graph, owner: str, start: Optional[DateValue], end: Optional[DateValue],
                 prop=None, suffix: str = "during") -> Optional[URIRef]:
    if not start and not end:
        return None
    # one interval per statement of bounds, so conflicting statements stay apart
    iv = URIRef(f"{owner}#{suffix}-{short_hash(start and _dkey(start), end and _dkey(end))}")
    g.add((URIRef(owner), prop or CSG.existedDuring, iv))
    g.add((iv, RDF.type, TIME.Interval))
    if start:
        g.add((iv, TIME.hasBeginning, add_instant(g, f"{owner}#start-{_dkey(start)}", start)))
    if end:
        g.add((iv, TIME.hasEnd, add_instant(g, f"{owner}#end-{_dkey(end)}", end)))
    return iv


def add_document(g: Graph, doc: Document) -> URIRef:
    d = URIRef(doc_iri(doc.doc_id))
    for t in (CSG.SourceDocument, PROV.Entity, FOAF.Document):
        g.add((d, RDF.type, t))
    g.add((d, RDFS.label, Literal(doc.title or doc.file or doc.doc_id)))
    if doc.title:
        g.add((d, DCTERMS.title, Literal(doc.title)))
    if doc.publisher:
        g.add((d, DCTERMS.publisher, Literal(doc.publisher)))
    if doc.creator:
        g.add((d, DCTERMS.creator, Literal(doc.creator)))
    if doc.published:
        if doc.published.precision == "day" and doc.published.qualifier == "exact":
            g.add((d, DCTERMS.issued, Literal(doc.published.literal, datatype=XSD.date)))
        g.add((d, CSG.publishedOn, add_instant(g, f"{d}#published", doc.published)))
    g.add((d, CSG.documentKind, concept("document-kind", doc.kind if doc.kind else "unknown")))
    if doc.url:
        g.add((d, DCTERMS.source, URIRef(doc.url)))
    g.add((d, CSG.fileName, Literal(doc.file)))
    g.add((d, CSG.sha256, Literal(doc.sha256)))
    for field, src in sorted(doc.metadata_source.items()):
        if isinstance(src, str) and src in ("text", "pdf-metadata"):
            g.add((d, RDFS.comment, Literal(f"{field} taken from the document's {src}")))
    return d


def add_council(g: Graph, c) -> URIRef:
    node = URIRef(f"{ID}council/{c.gss}")
    g.add((node, RDF.type, CSG.Council))
    g.add((node, RDF.type, ORG.FormalOrganization))
    g.add((node, RDFS.label, Literal(c.name)))
    g.add((node, SKOS.prefLabel, Literal(c.name)))
    for v in sorted({c.short_name, *c.variants} - {c.name, "", None}):
        g.add((node, SKOS.altLabel, Literal(v)))
    g.add((node, DCTERMS.identifier, Literal(c.gss)))
    g.add((node, SCHEMA.areaServed, URIRef(f"http://statistics.data.gov.uk/id/statistical-geography/{c.gss}")))
    if c.ofsted_urn:
        g.add((node, CSG.ofstedURN, Literal(str(c.ofsted_urn))))
    if c.region:
        g.add((node, CSG.region, Literal(c.region)))
    if c.authority_type:
        g.add((node, CSG.authorityType, Literal(c.authority_type)))
    if c.start or c.end:
        from .temporal import day
        s = day(c.start.year, c.start.month, c.start.day) if c.start else None
        e = day(c.end.year, c.end.month, c.end.day) if c.end else None
        add_interval(g, str(node), s, e)
    return node


class Writer:
    """Writes resolved facts into a Dataset, each into its document's graph."""

    def __init__(self, ds: Dataset, entities: dict):
        self.ds = ds
        self.entities = entities

    def graph_for(self, rf) -> Graph:
        name = "curated" if rf.fact.path == "curated" else f"doc/{rf.doc.doc_id}"
        return self.ds.graph(URIRef(graph_iri(name)))

    # -- shared pieces
    def evidence(self, g: Graph, node: URIRef, rf) -> URIRef:
        q, doc = rf.fact.quote, rf.doc
        ev = URIRef(f"{ID}evidence/{short_hash(node, doc.doc_id, q.start, q.exact)}")
        target, sel = URIRef(f"{ev}#target"), URIRef(f"{ev}#selector")
        g.add((node, CSG.evidence, ev))
        g.add((ev, RDF.type, CSG.Evidence))
        g.add((ev, RDF.type, OA.Annotation))
        g.add((ev, OA.hasBody, node))
        g.add((ev, OA.hasTarget, target))
        g.add((ev, CSG.evidencePath, concept("evidence-path", rf.fact.path)))
        activity = (f"{ID}activity/curation/{rf.fact.by}" if rf.fact.path == "curated"
                    else f"{ID}activity/extractor/{rf.fact.by or 'unknown'}")
        g.add((ev, PROV.wasGeneratedBy, URIRef(activity)))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, URIRef(doc_iri(doc.doc_id))))
        g.add((target, OA.hasSelector, sel))
        g.add((sel, RDF.type, OA.TextQuoteSelector))
        g.add((sel, OA.exact, Literal(q.exact)))
        g.add((sel, OA.prefix, Literal(doc.text[max(0, q.start - CONTEXT):q.start])))
        g.add((sel, OA.suffix, Literal(doc.text[q.end:q.end + CONTEXT])))
        g.add((sel, CSG.startOffset, Literal(q.start)))
        return ev

    def person(self, g: Graph, iri: Optional[str]) -> Optional[URIRef]:
        if not iri:
            return None
        e = self.entities[iri]
        node = URIRef(iri)
        for t in (CSG.Person, FOAF.Person, PROV.Agent):
            g.add((node, RDF.type, t))
        g.add((node, RDFS.label, Literal(e.label)))
        if e.attrs.get("unnamed"):
            g.add((node, RDF.type, CSG.UnnamedPerson))
        else:
            g.add((node, FOAF.name, Literal(e.label)))
            for n in sorted(e.names - {e.label}):
                g.add((node, SKOS.altLabel, Literal(n)))
        return node

    # -- per kind
    def write(self, rf) -> None:
        g = self.graph_for(rf)
        node = URIRef(rf.iri)
        handler = getattr(self, "_" + rf.fact.kind.replace("-", "_"))
        handler(g, node, rf.fact, rf)
        self.evidence(g, node, rf)

    def _tenure(self, g, node, f: Tenure, rf):
        g.add((node, RDF.type, CSG.Tenure))
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, self.person(g, rf.refs["person"])))
        org = URIRef(rf.refs["org"])
        g.add((node, ORG.organization, org))
        g.add((node, ORG.role, concept("role", f.role)))
        if rf.refs.get("post"):
            post = URIRef(rf.refs["post"])
            g.add((node, CSG.post, post))
            g.add((post, RDF.type, ORG.Post))
            g.add((post, ORG.postIn, org))
            g.add((post, ORG.role, concept("role", f.role)))
            g.add((post, RDFS.label, Literal(f"{vocab.label('role', f.role)}, {self.entities[rf.refs['org']].label}")))
        if rf.refs.get("status"):
            g.add((node, CSG.tenureStatus, concept("tenure-status", rf.refs["status"])))
        if f.end_cause:
            g.add((node, CSG.endCause, concept("end-cause", f.end_cause)))
        if f.descriptor:
            g.add((node, RDFS.comment, Literal(f.descriptor)))
        add_interval(g, str(node), f.start, f.end, ORG.memberDuring)
        for v in f.seen:
            g.add((node, CSG.inPostOn, add_instant(g, f"{node}#seen-{_dkey(v)}", v)))
        person_label = self.entities[rf.refs["person"]].label
        g.add((node, RDFS.label, Literal(
            f"{person_label}: {vocab.label('role', f.role)}, {self.entities[rf.refs['org']].label}")))

    def _inspection(self, g, node, f: Inspection, rf):
        g.add((node, RDF.type, CSG.Inspection))
        g.add((node, RDF.type, PROV.Activity))
        if f.type:
            g.add((node, CSG.inspectionType, concept("inspection-type", f.type)))
        org = URIRef(rf.refs["org"])
        g.add((node, CSG.inspectedOrganization, org))
        add_interval(g, str(node), f.start, f.end, CSG.onSite, "onsite")
        if f.published:
            g.add((node, CSG.publishedOn, add_instant(g, f"{node}#published-{_dkey(f.published)}", f.published)))
        if f.judged:
            g.add((node, CSG.judgedIn, add_instant(g, f"{node}#judged-{_dkey(f.judged)}", f.judged)))
        if f.is_report:
            g.add((node, CSG.report, URIRef(doc_iri(rf.doc.doc_id))))
        if f.ordinal:
            g.add((node, CSG.visitOrdinal, Literal(f.ordinal)))
        when = (f.start or f.published or f.judged)
        tlabel = vocab.label("inspection-type", f.type) if f.type else "Inspection"
        g.add((node, RDFS.label, Literal(
            f"{self.entities[rf.refs['org']].label}: {tlabel}" + (f", {when.literal}" if when and when.literal else ""))))
        for m in f.team:
            p = self.person(g, rf.refs["team"].get(m.name))
            if p is None:
                continue
            assoc = URIRef(f"{node}/team/{str(p).rsplit('/', 1)[-1]}")
            g.add((node, PROV.qualifiedAssociation, assoc))
            g.add((assoc, RDF.type, PROV.Association))
            g.add((assoc, PROV.agent, p))
            g.add((assoc, PROV.hadRole, concept("role", m.role)))
            if m.grade:
                g.add((assoc, RDFS.comment, Literal(m.grade)))
            if m.role == "lead-inspector":
                g.add((node, CSG.leadInspector, p))

    def _judgement(self, g, node, f: Judgement, rf):
        g.add((node, RDF.type, CSG.Judgement))
        g.add((node, RDF.type, SCHEMA.Rating))
        g.add((node, CSG.judgementOf, URIRef(rf.refs["inspection"])))
        g.add((node, CSG.judgementArea, concept("judgement-area", f.area)))
        g.add((node, CSG.grade, concept("grade", f.grade)))
        g.add((node, RDFS.label, Literal(f"{vocab.label('judgement-area', f.area)}: {vocab.label('grade', f.grade)}")))

    def _recommendation(self, g, node, f: Recommendation, rf):
        g.add((node, RDF.type, CSG.Recommendation))
        g.add((node, CSG.recommendationOf, URIRef(rf.refs["inspection"])))
        if f.number is not None:
            g.add((node, CSG.number, Literal(f.number)))
        g.add((node, CSG.text, Literal(f.text)))
        g.add((node, CSG.repeated, Literal(bool(f.repeated))))

    def _finding(self, g, node, f: Finding, rf):
        g.add((node, RDF.type, CSG.Finding))
        g.add((node, CSG.findingOf, URIRef(rf.refs["inspection"])))
        g.add((node, CSG.aboutOrganization, URIRef(rf.refs["org"])))
        if f.number is not None:
            g.add((node, CSG.paragraphNumber, Literal(f.number)))
        g.add((node, CSG.text, Literal(f.text)))
        for t in sorted(set(f.themes)):
            g.add((node, CSG.theme, concept("finding-theme", t)))
        if f.area:
            g.add((node, CSG.judgementArea, concept("judgement-area", f.area)))

    def _indicator(self, g, node, f: Indicator, rf):
        g.add((node, RDF.type, CSG.IndicatorObservation))
        g.add((node, CSG.measure, concept("indicator-measure", f.measure)))
        g.add((node, CSG.value, Literal(str(f.value), datatype=XSD.decimal)))
        g.add((node, CSG.unit, concept("unit", f.unit)))
        g.add((node, CSG.aboutOrganization, URIRef(rf.refs["org"])))
        g.add((node, CSG.scope, Literal(f.scope or "council")))
        if f.date:
            g.add((node, CSG.refDate, add_instant(g, f"{node}#date", f.date)))

    def _partnership_node(self, g, rf):
        p = URIRef(rf.refs["partnership"])
        e = self.entities[rf.refs["partnership"]]
        g.add((p, RDF.type, CSG.Partnership))
        g.add((p, RDF.type, ORG.OrganizationalCollaboration))
        g.add((p, RDFS.label, Literal(e.label)))
        g.add((p, CSG.interventionType, concept("intervention-type", rf.refs["type"])))
        for m in rf.refs["members"]:
            g.add((p, ORG.hasMember, URIRef(m)))
            org = self.entities.get(m)
            if org is not None and org.kind == "organisation":  # a trust named in this quote
                node = URIRef(m)
                g.add((node, RDF.type, CSG.DeliveryOrganisation))
                g.add((node, RDF.type, ORG.FormalOrganization))
                g.add((node, RDFS.label, Literal(org.label)))
                if rf.refs["type"] == vocab.match("intervention-type", "children's services trust"):
                    # the quote says the trust runs the services of the councils beside it
                    for c in rf.refs["members"]:
                        if self.entities[c].kind == "council":
                            g.add((node, CSG.deliversServicesFor, URIRef(c)))
                self.evidence(g, node, rf)
        return p

    def _partnership(self, g, node, f: Partnership, rf):
        self._partnership_node(g, rf)
        if rf.refs.get("lead"):
            g.add((node, CSG.leadPartner, URIRef(rf.refs["lead"])))
        if rf.refs.get("supported"):
            g.add((node, CSG.supportedPartner, URIRef(rf.refs["supported"])))

    def _partnership_event(self, g, node, f: PartnershipEvent, rf):
        p = self._partnership_node(g, rf)
        g.add((node, RDF.type, CSG.PartnershipEvent))
        g.add((node, RDF.type, ORG.ChangeEvent))
        g.add((node, CSG.eventKind, concept("event-kind", f.event)))
        g.add((node, ORG.originalOrganization if f.event in ("dissolved", "ended") else ORG.resultingOrganization, p))
        g.add((node, RDFS.label, Literal(f"{self.entities[str(p)].label}: {vocab.label('event-kind', f.event)}")))
        if f.date:
            g.add((node, CSG.onDate, add_instant(g, f"{node}#date-{_dkey(f.date)}", f.date)))

    def _intervention(self, g, node, f: Intervention, rf):
        g.add((node, RDF.type, CSG.Intervention))
        g.add((node, CSG.interventionType, concept("intervention-type", f.type)))
        g.add((node, CSG.subjectOrganization, URIRef(rf.refs["org"])))
        g.add((node, RDFS.label, Literal(f"{vocab.label('intervention-type', f.type)}: {self.entities[rf.refs['org']].label}")))
        if f.date:
            g.add((node, CSG.onDate, add_instant(g, f"{node}#date", f.date)))
        p = self.person(g, rf.refs.get("person"))
        if p is not None:
            g.add((node, CSG.appointee, p))
        if rf.refs.get("partner"):
            g.add((node, CSG.partnerOrganization, URIRef(rf.refs["partner"])))

    def _board(self, g, node, f: Board, rf):
        e = self.entities[rf.iri]
        g.add((node, RDF.type, CSG.Board))
        g.add((node, RDF.type, ORG.OrganizationalUnit))
        g.add((node, RDFS.label, Literal(e.label)))
        for n in sorted(e.names - {e.label}):
            g.add((node, SKOS.altLabel, Literal(n)))
        g.add((node, CSG.boardType, concept("board-type", e.attrs.get("type") or "other")))
        g.add((node, ORG.unitOf, URIRef(rf.refs["org"])))
        chair = self.person(g, rf.refs.get("chair"))
        if chair is not None:
            g.add((node, CSG.chair, chair))

    def _board_link(self, g, node, f: BoardLink, rf):
        g.add((node, RDF.type, CSG.BoardLink))
        for b in rf.refs["boards"]:
            g.add((node, CSG.linksBoard, URIRef(b)))
            e = self.entities[b]
            g.add((URIRef(b), RDF.type, CSG.Board))
            g.add((URIRef(b), RDF.type, ORG.OrganizationalUnit))
            g.add((URIRef(b), RDFS.label, Literal(e.label)))
            g.add((URIRef(b), CSG.boardType, concept("board-type", e.attrs.get("type") or "other")))
            g.add((URIRef(b), ORG.unitOf, URIRef(e.attrs["org"])))
            self.evidence(g, URIRef(b), rf)  # the quote that notes the link names both boards
        g.add((node, CSG.formalLink, Literal(bool(f.linked))))
