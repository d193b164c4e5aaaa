"""What a SPARQL query can read: the predicates of its triple patterns and paths.

Why: a stage that answers fixed queries over a national graph (the analysis
projection, SHACL-SPARQL constraints) gets the same answers from the graph cut
down to the triples whose predicate the queries name, and that cut is much
smaller and quicker to load. A triple pattern with a constant predicate, or a
property path, matches only triples of those predicates; a variable predicate
is bounded only when a ``VALUES`` clause lists constants for it, otherwise the
query may read anything (``None``).

>>> sorted(query_predicates("SELECT ?x WHERE { ?x <urn:p> ?y . ?y <urn:q>/<urn:r> ?z }"))
['urn:p', 'urn:q', 'urn:r']
>>> query_predicates("SELECT * WHERE { ?s ?p ?o }") is None
True
>>> sorted(query_predicates("SELECT * WHERE { ?s ?p ?o VALUES ?p { <urn:a> <urn:b> } }"))
['urn:a', 'urn:b']

The classes a query reads through ``rdf:type`` are bounded the same way
(:func:`query_scope`): a constant class, or classes listed in ``VALUES``.

>>> query_scope("SELECT ?x WHERE { ?x a <urn:C> ; <urn:p> ?y }").classes
frozenset({'urn:C'})
>>> query_scope("SELECT ?x ?c WHERE { ?x a ?c }").classes is None
True
"""
from __future__ import annotations

from typing import Iterable, NamedTuple, Optional

from rdflib import URIRef, Variable
from rdflib.namespace import RDF
from rdflib.paths import NegatedPath, Path as RdfPath
from rdflib.plugins.sparql import prepareQuery

__all__ = ["Scope", "path_predicates", "query_scope", "queries_scope", "query_predicates", "queries_predicates"]


def path_predicates(p) -> Optional[set]:
    """The predicate IRIs a property path (or a single IRI) can follow; None for a negated path."""
    if isinstance(p, URIRef):
        return {str(p)}
    if isinstance(p, NegatedPath):
        return None  # "anything but": every predicate
    out: set = set()
    parts = list(getattr(p, "args", None) or ())
    for attr in ("arg", "path"):
        a = getattr(p, attr, None)
        if a is not None:
            parts.append(a)
    for a in parts:
        got = path_predicates(a) if isinstance(a, (RdfPath, URIRef)) else None
        if got is None:
            return None
        out |= got
    return out


def _triples_of(flat) -> list:
    if len(flat) % 3:
        raise ValueError(f"not a list of triples: {flat!r}")
    return [flat[i:i + 3] for i in range(0, len(flat), 3)]


class Scope(NamedTuple):
    """What queries read: predicate IRIs, and classes of ``rdf:type`` triples (None: any)."""

    predicates: Optional[frozenset]
    classes: Optional[frozenset]


def query_scope(text: str, ns: Optional[dict] = None) -> Scope:
    """The predicates and ``rdf:type`` classes ``text`` can read (see the module docstring)."""
    found: set = set()
    classes: set = set()
    variables: set = set()
    class_variables: set = set()
    values: dict = {}
    unbounded = any_class = False

    def visit(node):
        nonlocal unbounded, any_class
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "triples" and isinstance(value, list):
                    # a BGP holds (s, p, o) triples; a block left untranslated (inside EXISTS)
                    # holds flat lists of them, one per subject ("?a ex:p ?b ; ex:q ?c")
                    for t in (chunk for flat in value for chunk in _triples_of(flat)):
                        p, o = t[1], t[2]
                        if isinstance(p, Variable):
                            variables.add(p)
                        elif isinstance(p, (URIRef, RdfPath)):
                            got = path_predicates(p)
                            if got is None:
                                unbounded = any_class = True
                                continue
                            found.update(got)
                            if p == RDF.type:
                                if isinstance(o, URIRef):
                                    classes.add(str(o))
                                elif isinstance(o, Variable):
                                    class_variables.add(o)
                                else:
                                    any_class = True
                            elif str(RDF.type) in got:
                                any_class = True  # rdf:type inside a path: any class
                        else:
                            unbounded = any_class = True
                elif key == "res" and isinstance(value, list) and all(isinstance(r, dict) for r in value):
                    for row in value:  # a VALUES table
                        for var, term in row.items():
                            values.setdefault(var, []).append(term)
                else:
                    visit(value)
        elif isinstance(node, (list, tuple)):
            for v in node:
                visit(v)

    visit(prepareQuery(text, initNs=ns or {}).algebra)

    def bound(var) -> Optional[set]:
        listed = values.get(var)
        if not listed or not all(isinstance(t, URIRef) for t in listed):
            return None
        return {str(t) for t in listed}

    for var in variables:
        got = bound(var)
        if got is None:
            unbounded = any_class = True
        else:
            found.update(got)
            if str(RDF.type) in got:
                any_class = True  # it may match rdf:type triples of any class
    for var in class_variables:
        got = bound(var)
        if got is None:
            any_class = True
        else:
            classes.update(got)
    return Scope(None if unbounded else frozenset(found), None if any_class else frozenset(classes))


def queries_scope(texts: Iterable[str]) -> Scope:
    """The union of :func:`query_scope` over ``texts``."""
    predicates: Optional[set] = set()
    classes: Optional[set] = set()
    for text in texts:
        got = query_scope(text)
        predicates = None if predicates is None or got.predicates is None else predicates | got.predicates
        classes = None if classes is None or got.classes is None else classes | got.classes
    return Scope(None if predicates is None else frozenset(predicates),
                 None if classes is None else frozenset(classes))


def query_predicates(text: str, ns: Optional[dict] = None) -> Optional[frozenset]:
    """The predicate IRIs ``text`` can read, or None when it can read any triple."""
    return query_scope(text, ns).predicates


def queries_predicates(texts: Iterable[str]) -> Optional[frozenset]:
    """The union of :func:`query_predicates` over ``texts`` (None if any reads anything)."""
    return queries_scope(texts).predicates
