"""Engine-neutral encoding of query results, and decoding to rdflib terms.

Why: results cross a process boundary (worker pool) and come from three
engines (pyoxigraph, rdflib, SPARQL JSON over HTTP). Each engine encodes its
terms into plain picklable values; ``decode_*`` turns them into rdflib terms
once, so callers see the same terms whatever the engine.

Encoding of one term:
  IRI      -> ``str``
  literal  -> ``(lexical, datatype IRI or None, language or None)``
              (xsd:string and rdf:langString are implied, stored as None)
  bnode    -> ``(id,)``
  unbound  -> ``None``
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "RawResult",
    "XSD_STRING",
    "RDF_LANGSTRING",
    "encode_ox",
    "encode_rdflib",
    "encode_json_binding",
    "Decoder",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass
class RawResult:
    """An encoded result: ``kind`` is "select", "ask" or "graph"."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple] = field(default_factory=list)


def encode_ox(term: Any):
    """Encode a pyoxigraph term (or None)."""
    if term is None:
        return None
    name = type(term).__name__
    if name == "NamedNode":
        return term.value
    if name == "Literal":
        lang = term.language
        if lang:
            return (term.value, None, lang)
        dt = term.datatype.value
        return (term.value, None if dt == XSD_STRING else dt, None)
    if name == "BlankNode":
        return (term.value,)
    raise TypeError(f"unsupported RDF term from pyoxigraph: {term!r} (RDF-star triples are not used)")


def encode_rdflib(term: Any):
    """Encode an rdflib term (or None)."""
    if term is None:
        return None
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, Literal):
        if term.language:
            return (str(term), None, term.language)
        dt = term.datatype
        return (str(term), None if dt is None or str(dt) == XSD_STRING else str(dt), None)
    if isinstance(term, BNode):
        return (str(term),)
    raise TypeError(f"unsupported RDF term from rdflib: {term!r}")


def encode_json_binding(b: dict | None):
    """Encode one term of SPARQL 1.1 Query Results JSON."""
    if b is None:
        return None
    t = b.get("type")
    if t == "uri":
        return b["value"]
    if t in ("literal", "typed-literal"):
        lang = b.get("xml:lang")
        if lang:
            return (b["value"], None, lang)
        dt = b.get("datatype")
        return (b["value"], None if dt in (None, XSD_STRING) else dt, None)
    if t == "bnode":
        return (b["value"],)
    raise ValueError(f"unsupported term in SPARQL JSON results: {b!r}")


class Decoder:
    """Turns encoded terms into rdflib terms, caching repeats (IRIs recur a lot)."""

    def __init__(self) -> None:
        from rdflib import BNode, Literal, URIRef

        self._URIRef, self._Literal, self._BNode = URIRef, Literal, BNode
        self._cache: dict = {}

    def term(self, enc):
        if enc is None:
            return None
        hit = self._cache.get(enc)
        if hit is not None:
            return hit
        if type(enc) is str:
            out = self._URIRef(enc)
        elif len(enc) == 3:
            lex, dt, lang = enc
            if lang:
                out = self._Literal(lex, lang=lang)
            elif dt:
                out = self._Literal(lex, datatype=self._URIRef(dt))
            else:
                out = self._Literal(lex)
        else:
            out = self._BNode(enc[0])
        self._cache[enc] = out
        return out

    def rows(self, rows: list[tuple]) -> list[tuple]:
        t = self.term
        return [tuple(t(x) for x in row) for row in rows]

    def graph(self, triples: list[tuple]):
        from rdflib import Graph

        g = Graph()
        t = self.term
        add = g.add
        for s, p, o in triples:
            add((t(s), t(p), t(o)))
        return g
