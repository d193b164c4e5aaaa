"""IRIs of the graph: the closed ``csg:`` namespace, the minted bases and standard prefixes.

The ``csg:`` terms are read from ``ontology/csgkg.ttl`` at import, so a typo in
Python (``CSG.Tenur``) raises instead of minting a term the ontology does not
declare. Concept IRIs go through :func:`concept`, which checks the key against
the SKOS schemes in ``ontology/vocab/``. This module also owns reading those
Turtle files (parsed once, cached); :mod:`graph.vocab` indexes the labels.

>>> str(CSG.Tenure)
'https://w3id.org/csgkg/ontology#Tenure'
>>> str(concept("grade", "inadequate"))
'https://w3id.org/csgkg/vocab/grade/inadequate'
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, TIME, XSD, ClosedNamespace

__all__ = [
    "ONTOLOGY_DIR", "ONTOLOGY_FILE", "VOCAB_DIR", "SHAPES_FILE",
    "CSG", "CSG_IRI", "ID", "GR", "VOCAB", "VOCAB_BASE", "ONTOLOGY_IRI",
    "ORG", "PROV", "TIME", "SKOS", "DCTERMS", "FOAF", "SCHEMA", "OA", "XSD", "RDF", "RDFS", "OWL", "SH",
    "PREFIXES", "bind_prefixes", "csg_terms", "ontology_graph", "vocab_graph",
    "scheme_iri", "scheme_names", "concept", "UnknownConcept",
]

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "csgkg.ttl"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

CSG_IRI = "https://w3id.org/csgkg/ontology#"
ONTOLOGY_IRI = URIRef("https://w3id.org/csgkg/ontology")
ID = Namespace("https://w3id.org/csgkg/id/")
GR = Namespace("https://w3id.org/csgkg/graph/")
VOCAB_BASE = "https://w3id.org/csgkg/vocab/"
VOCAB = Namespace(VOCAB_BASE)  # VOCAB["grade/good"]; prefer concept("grade", "good"), which checks the key

SCHEMA = Namespace("http://schema.org/")  # http, as in the contract (rdflib's SDO is https)
OA = Namespace("http://www.w3.org/ns/oa#")

_DECLARING_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)


class UnknownConcept(KeyError):
    """A scheme or key that the SKOS files in ontology/vocab/ do not define."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0])


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The parsed ``ontology/csgkg.ttl`` (cached; do not modify the result)."""
    g = Graph()
    g.parse(ONTOLOGY_FILE, format="turtle")
    return g


@lru_cache(maxsize=1)
def vocab_graph() -> Graph:
    """All SKOS schemes of ``ontology/vocab/*.ttl`` in one graph (cached; do not modify)."""
    g = Graph()
    for path in sorted(VOCAB_DIR.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def csg_terms(graph: Graph | None = None) -> list[str]:
    """Local names of every class and property the ontology declares in ``csg:``."""
    g = ontology_graph() if graph is None else graph
    names = set()
    for kind in _DECLARING_TYPES:
        for s in g.subjects(RDF.type, kind):
            if isinstance(s, URIRef) and str(s).startswith(CSG_IRI):
                names.add(str(s)[len(CSG_IRI):])
    return sorted(names)


CSG = ClosedNamespace(CSG_IRI, csg_terms())

PREFIXES = {
    "csg": Namespace(CSG_IRI), "id": ID, "gr": GR,
    "org": ORG, "prov": PROV, "time": TIME, "skos": SKOS, "dcterms": DCTERMS, "foaf": FOAF,
    "schema": SCHEMA, "oa": OA, "xsd": XSD, "rdfs": RDFS, "owl": OWL, "sh": SH,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (and one per SKOS scheme) on ``graph``; returns it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for name in scheme_names():
        graph.bind(name, Namespace(f"{VOCAB_BASE}{name}/"), override=True, replace=True)
    return graph


def scheme_iri(scheme: str) -> URIRef:
    """The IRI of a SKOS scheme; raises :class:`UnknownConcept` for an unknown scheme."""
    iri = URIRef(VOCAB_BASE + scheme)
    if (iri, RDF.type, SKOS.ConceptScheme) not in vocab_graph():
        raise UnknownConcept(f"unknown SKOS scheme {scheme!r}; known: {', '.join(scheme_names())}")
    return iri


@lru_cache(maxsize=1)
def _scheme_names() -> tuple[str, ...]:
    return tuple(sorted(str(s)[len(VOCAB_BASE):] for s in vocab_graph().subjects(RDF.type, SKOS.ConceptScheme)
                        if str(s).startswith(VOCAB_BASE)))


def scheme_names() -> list[str]:
    """Names of the SKOS schemes (``role``, ``grade``, ...), read from ontology/vocab/."""
    return list(_scheme_names())


def concept(scheme: str, key: str) -> URIRef:
    """The IRI of concept ``key`` of ``scheme``; raises :class:`UnknownConcept` if not defined.

    >>> concept("role", "dsc")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    graph.namespace.UnknownConcept: unknown key 'dsc' in SKOS scheme 'role' (ontology/vocab/role.ttl)
    """
    s_iri = scheme_iri(scheme)
    iri = URIRef(f"{VOCAB_BASE}{scheme}/{key}")
    if (iri, SKOS.inScheme, s_iri) not in vocab_graph():
        raise UnknownConcept(f"unknown key {key!r} in SKOS scheme {scheme!r} (ontology/vocab/{scheme}.ttl)")
    return iri
