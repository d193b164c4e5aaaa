"""The RDF terms the analysis writes, as closed namespaces (a typo raises).

``CSG`` lists the csg: terms used here. Those marked *pending* are not yet in
``ontology/csgkg.ttl``; their Turtle declarations are in ``PENDING_TURTLE``
for the ontology owner to add (tests check the string parses). When
``graph.namespace`` exists and declares them, this module should import from
it instead.
"""
from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import ClosedNamespace

__all__ = ["CSG", "ID", "GR", "VOCAB", "PENDING", "PENDING_TURTLE", "DERIVED_GRAPH"]

PENDING = ("LeadershipChange", "JudgementContext", "previousTenure", "nextTenure",
           "gapDaysMin", "gapDaysMax", "contextOf", "aboutJudgement", "holderInPost",
           "possibleHolderInPost")

CSG = ClosedNamespace("https://w3id.org/csgkg/ontology#", [
    "Tenure", "PartnershipEvent", "eventKind", "onDate", "earliest", "latest",
    "dateQualifier", "evidence", "post", *PENDING])
ID = Namespace("https://w3id.org/csgkg/id/")
GR = Namespace("https://w3id.org/csgkg/graph/")
VOCAB = Namespace("https://w3id.org/csgkg/vocab/")
DERIVED_GRAPH = GR["derived"]

PENDING_TURTLE = """\
@prefix csg:  <https://w3id.org/csgkg/ontology#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org:  <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .

csg:LeadershipChange a owl:Class ;
    rdfs:subClassOf org:ChangeEvent , prov:Entity ;
    rdfs:label "leadership change"@en ;
    rdfs:comment "Derived: one tenure of a post ending and the next tenure of the same post (same role, same organisation) starting, ordered by their date bounds; dated by the next tenure's start (or the bounds between the two), with the gap or overlap between them in days."@en ;
    skos:editorialNote "Computed by graph.analysis (rule leadership-change) into the derived graph, never extracted: a source rarely says 'X succeeded Y', but two dated tenures of one post imply a change. An org:ChangeEvent because the post's holder changes; prov:wasDerivedFrom the two tenures."@en .

csg:previousTenure a owl:ObjectProperty ;
    rdfs:label "previous tenure"@en ;
    rdfs:comment "The tenure that a leadership change ends (the earlier holder)."@en ;
    rdfs:domain csg:LeadershipChange ; rdfs:range csg:Tenure .

csg:nextTenure a owl:ObjectProperty ;
    rdfs:label "next tenure"@en ;
    rdfs:comment "The tenure that a leadership change starts (the next holder)."@en ;
    rdfs:domain csg:LeadershipChange ; rdfs:range csg:Tenure .

csg:gapDaysMin a owl:DatatypeProperty ;
    rdfs:label "gap days (minimum)"@en ;
    rdfs:comment "Lower bound of the number of days between the end of the previous tenure and the start of the next with no holder; negative means the tenures overlap by at least that many days."@en ;
    rdfs:domain csg:LeadershipChange ; rdfs:range xsd:integer .

csg:gapDaysMax a owl:DatatypeProperty ;
    rdfs:label "gap days (maximum)"@en ;
    rdfs:comment "Upper bound of the gap in days between the two tenures (see csg:gapDaysMin); 0 for both means the next began the day after the previous ended."@en ;
    rdfs:domain csg:LeadershipChange ; rdfs:range xsd:integer .

csg:JudgementContext a owl:Class ;
    rdfs:subClassOf prov:Entity ;
    rdfs:label "judgement context"@en ;
    rdfs:comment "Derived: an inspection or visit (and its judgements) joined to the holders of the leading posts (director of children's services, chief executive, lead member) in post on the date it was published, each certain or only possible by the date bounds."@en ;
    skos:editorialNote "Computed by graph.analysis (rule judgement-context). Kept as its own node so the date used (csg:onDate) and the certainty of each holder are explicit and traceable (prov:wasDerivedFrom the inspection and the tenures)."@en .

csg:contextOf a owl:ObjectProperty ;
    rdfs:label "context of"@en ;
    rdfs:comment "The inspection or visit a judgement context describes."@en ;
    rdfs:domain csg:JudgementContext ; rdfs:range csg:Inspection .

csg:aboutJudgement a owl:ObjectProperty ;
    rdfs:label "about judgement"@en ;
    rdfs:comment "A judgement the inspection gave (visits without grades have none)."@en ;
    rdfs:domain csg:JudgementContext ; rdfs:range csg:Judgement .

csg:holderInPost a owl:ObjectProperty ;
    rdfs:label "holder in post"@en ;
    rdfs:comment "A tenure certainly in force on the context's date (the date lies within the tenure's certain range: from its start's latest bound or first sighting to its end's earliest bound or last sighting)."@en ;
    rdfs:domain csg:JudgementContext ; rdfs:range csg:Tenure .

csg:possibleHolderInPost a owl:ObjectProperty ;
    rdfs:label "possible holder in post"@en ;
    rdfs:comment "A tenure that may have been in force on the context's date (its bounds allow it, including an unknown end after its last sighting), but is not certain."@en ;
    rdfs:domain csg:JudgementContext ; rdfs:range csg:Tenure .
"""
