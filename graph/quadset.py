"""The built dataset as named graphs of triples, kept out of rdflib's store.

Why: adding a national graph (about a million triples) to rdflib's Memory
store costs tens of seconds in index upkeep alone, and the build then pays it
again to serialise. The RDF writers only ever *add* triples, so they write into
a :class:`QuadSet` (one insertion-ordered set of rdflib triples per graph IRI)
and everything downstream works on pyoxigraph quads: canonical N-Quads, TriG,
Turtle, the on-disk store, the derivation queries. An rdflib ``Dataset`` is
made only on request (:meth:`QuadSet.to_dataset`), for small graphs and tests.

>>> from rdflib import URIRef, Literal
>>> qs = QuadSet()
>>> g = qs.graph(URIRef("https://example.org/g"))
>>> _ = g.add((URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal("x")))
>>> len(qs), qs.graph_names()
(1, ['https://example.org/g'])
>>> canonical_nquads(qs.graph_quads("https://example.org/g"))
b'<https://example.org/s> <https://example.org/p> "x" <https://example.org/g> .\\n'
"""
from __future__ import annotations

import hashlib
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

__all__ = ["GraphSink", "QuadSet", "CanonicalGraphs", "canonical_nquads", "merged_ntriples", "merged_lines", "ntriples_text", "to_ox", "from_ox", "graph_digest"]


class GraphSink:
    """One named graph being written: a set of rdflib triples in insertion order.

    Offers the part of rdflib's ``Graph`` the writers use (``add``, iteration,
    ``len``, ``identifier``).
    """

    __slots__ = ("identifier", "_triples")

    def __init__(self, identifier: URIRef):
        self.identifier = identifier
        self._triples: dict = {}

    def add(self, triple) -> "GraphSink":
        self._triples[triple] = None
        return self

    def __iter__(self):
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def __contains__(self, triple) -> bool:
        return triple in self._triples


class QuadSet:
    """Named graphs of rdflib triples; see the module docstring."""

    def __init__(self):
        self._graphs: dict[str, GraphSink] = {}

    def graph(self, identifier) -> GraphSink:
        """The graph named ``identifier`` (created empty on first use), like ``Dataset.graph``."""
        key = str(identifier)
        g = self._graphs.get(key)
        if g is None:
            g = self._graphs[key] = GraphSink(URIRef(key))
        return g

    def graph_names(self) -> list[str]:
        return sorted(self._graphs)

    def __len__(self) -> int:
        """Quads (a triple stated in two graphs counts twice)."""
        return sum(len(g) for g in self._graphs.values())

    def graph_quads(self, name: str) -> Iterator[ox.Quad]:
        g = self._graphs.get(name)
        if g is None:
            return iter(())
        gn = ox.NamedNode(name)
        return (ox.Quad(to_ox(s), to_ox(p), to_ox(o), gn) for s, p, o in g)

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad as pyoxigraph terms, graph by graph in name order."""
        for name in self.graph_names():
            yield from self.graph_quads(name)

    def canonical(self) -> "CanonicalGraphs":
        """Each named graph as canonical N-Quads (:func:`canonical_nquads`), by graph IRI."""
        return CanonicalGraphs({name: canonical_nquads(self.graph_quads(name)) for name in self.graph_names()})

    def to_dataset(self) -> Dataset:
        """An rdflib Dataset with the same named graphs (slow on large graphs)."""
        ds = Dataset()
        for name in self.graph_names():
            target = ds.graph(URIRef(name))
            for t in self._graphs[name]:
                target.add(t)
        return ds


_OX_CACHE: dict = {}


def to_ox(term):
    """rdflib term -> pyoxigraph term (IRIs and datatypes are memoised: they repeat)."""
    if isinstance(term, URIRef):
        n = _OX_CACHE.get(term)
        if n is None:
            n = ox.NamedNode(str(term))
            if len(_OX_CACHE) < 200_000:
                _OX_CACHE[term] = n
        return n
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=to_ox(term.datatype))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def from_ox(term):
    """pyoxigraph term -> rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        return Literal(term.value) if dt == _XSD_STRING else Literal(term.value, datatype=URIRef(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"not an RDF term: {term!r}")


def canonical_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """N-Quads with lines sorted and repeated lines dropped: the same bytes for the same quads."""
    raw = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(set(raw.splitlines()))
    return b"".join(line + b"\n" for line in lines if line)


def merged_ntriples(graphs: dict[str, bytes]) -> bytes:
    """The merged graph (each triple once) as sorted N-Triples, from canonical N-Quads by graph IRI.

    Works on the text: a line of graph ``g`` ends with `` <g> .``, which is cut off.

    >>> merged_ntriples({"urn:g": b'<urn:s> <urn:p> "x" <urn:g> .\\n', "urn:h": b'<urn:s> <urn:p> "x" <urn:h> .\\n'})
    b'<urn:s> <urn:p> "x" .\\n'
    """
    return ntriples_text(merged_lines(graphs))


def merged_lines(graphs: dict[str, bytes]) -> set:
    """The N-Triples lines (no newline) of the merged graph, unsorted: see :func:`merged_ntriples`."""
    lines: set = set()
    for name, blob in graphs.items():
        suffix = b" <" + name.encode() + b"> ."
        cut = len(suffix)
        for line in blob.splitlines():
            if line.endswith(suffix):
                lines.add(line[:-cut] + b" .")
            elif line:
                raise ValueError(f"a line of graph {name} does not end with its graph name: {line[:200]!r}")
    return lines


def ntriples_text(lines, *, sort: bool = True) -> bytes:
    """N-Triples from lines without newlines (sorted: the same bytes for the same graph)."""
    return b"".join(line + b"\n" for line in (sorted(lines) if sort else lines))


def graph_digest(nquads: bytes) -> str:
    """A content hash of one graph's canonical N-Quads (what validation results are cached by)."""
    return hashlib.sha256(nquads).hexdigest()


class CanonicalGraphs(dict):
    """A built dataset as canonical N-Quads bytes by graph IRI (see :func:`canonical_nquads`).

    This is what the build hands on: graphs taken from the cache stay bytes,
    and rdflib terms are made only on request (:meth:`to_quadset`,
    :meth:`to_dataset`), for small graphs and tests. Digests are computed once.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._digests: dict[str, str] = {}

    def digest(self, name: str) -> str:
        d = self._digests.get(name)
        if d is None:
            d = self._digests[name] = graph_digest(self[name])
        return d

    def set_digest(self, name: str, digest: str) -> None:
        """Record a digest known already (from the cache) for graph ``name``."""
        self._digests[name] = digest

    def digests(self) -> dict[str, str]:
        return {name: self.digest(name) for name in self}

    def __setitem__(self, name, value):
        self._digests.pop(name, None)
        super().__setitem__(name, value)

    def to_quadset(self) -> QuadSet:
        qs = QuadSet()
        for name in sorted(self):
            g = qs.graph(URIRef(name))
            for q in ox.parse(self[name], format=ox.RdfFormat.N_QUADS):
                g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
        return qs

    def to_dataset(self) -> Dataset:
        return self.to_quadset().to_dataset()
