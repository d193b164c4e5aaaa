"""SPARQL prefixes the viewer's own queries use, and CURIE shortening for display."""
from __future__ import annotations

__all__ = ["PREFIXES", "SPARQL_PROLOGUE", "curie", "literal"]

PREFIXES = {
    "csg": "https://w3id.org/csgkg/ontology#",
    "id": "https://w3id.org/csgkg/id/",
    "vocab": "https://w3id.org/csgkg/vocab/",
    "gr": "https://w3id.org/csgkg/graph/",
    "shape": "https://w3id.org/csgkg/shapes#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
}

SPARQL_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def curie(iri: str) -> str:
    """Shorten an IRI with the known prefixes (for display only)."""
    best = None
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(PREFIXES[best])):
            best = p
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def literal(text: str) -> str:
    """A SPARQL string literal for untrusted text (escapes quotes, backslashes, newlines)."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{out}"'
