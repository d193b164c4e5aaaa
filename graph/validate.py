"""SHACL validation of a built graph: the only module that uses pyshacl.

The shapes in ``ontology/shapes.ttl`` are loaded and checked once. Data is
validated as a plain in-memory rdflib ``Graph`` holding the union of the data
(every named graph of a Dataset), the ontology and the SKOS schemes, because
shapes such as "the grade comes from the grade scheme" read the concepts'
``skos:inScheme`` and pyshacl is slow on other stores.

>>> from rdflib import Graph
>>> validate(Graph()).conforms
True
"""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional

from pyshacl import validate as _pyshacl_validate
from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, SH
from rdflib.plugins.sparql import prepareQuery

from .namespace import SHAPES_FILE, bind_prefixes, ontology_graph, vocab_graph

__all__ = ["Result", "ValidationReport", "ShapesError", "validate", "run_shapes", "report_of", "shapes_graph", "check_shapes", "reporting_shapes",
           "shape_messages", "result_line"]


class ShapesError(ValueError):
    """ontology/shapes.ttl breaks the conventions; lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{SHAPES_FILE.name}: {len(problems)} problem(s):\n  - " + "\n  - ".join(problems))


class Result(NamedTuple):
    """One validation result: which shape, on which node and path, and why."""

    shape: str
    focus: str
    path: Optional[str]
    message: str
    severity: str


class ValidationReport(NamedTuple):
    """``conforms``; ``results`` (one :class:`Result` each); ``text``, a readable summary."""

    conforms: bool
    results: list[Result]
    text: str


def _targets(g: Graph, shape) -> bool:
    return any(g.value(shape, p) is not None
               for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf))


def reporting_shapes(g: Optional[Graph] = None) -> list[URIRef]:
    """The shapes with targets (the ones that report), sorted."""
    g = shapes_graph() if g is None else g
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return sorted(s for s in shapes if _targets(g, s))


def shape_messages(shape: URIRef, g: Optional[Graph] = None) -> set[str]:
    """Every sh:message of ``shape`` and of its SPARQL constraints."""
    g = shapes_graph() if g is None else g
    messages = {str(m) for m in g.objects(shape, SH.message)}
    for constraint in g.objects(shape, SH.sparql):
        messages |= {str(m) for m in g.objects(constraint, SH.message)}
    return messages


def check_shapes(g: Graph) -> list[str]:
    """Problems with a shapes graph: reporting shapes that are blank nodes or lack an sh:message."""
    problems = []
    for shape in reporting_shapes(g):
        if isinstance(shape, BNode):
            problems.append(f"a shape with targets is a blank node; name it csgsh:<Name> ({g.value(shape, SH.path)})")
            continue
        if not shape_messages(shape, g):
            problems.append(f"{g.namespace_manager.normalizeUri(shape)}: no sh:message")
    return problems


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The parsed and checked ``ontology/shapes.ttl`` (cached; do not modify)."""
    g = Graph()
    try:
        g.parse(SHAPES_FILE, format="turtle")
    except Exception as exc:
        raise ShapesError([f"does not parse: {exc}"]) from exc
    problems = check_shapes(g)
    if problems:
        raise ShapesError(problems)
    return g


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)


@lru_cache(maxsize=8)
def _shapes_subset(keep: frozenset) -> Graph:
    """The shapes graph with the targets of every reporting shape not in ``keep`` removed."""
    g = Graph()
    for t in shapes_graph():
        g.add(t)
    for shape in reporting_shapes(g):
        if shape not in keep:
            for p in _TARGETS:
                g.remove((shape, p, None))
    return g


class _PreparedQueryGraph(Graph):
    """A Graph that parses each distinct SPARQL text once.

    pyshacl re-sends the same SPARQL constraint text for every focus node, and
    rdflib would parse it each time (about 50 ms a parse): with thousands of
    instants that would dominate validation. Prepared queries are cached per text.
    """

    def query(self, query_object, *args, **kwargs):
        if isinstance(query_object, str):
            query_object = _prepare(query_object)
        return super().query(query_object, *args, **kwargs)


@lru_cache(maxsize=256)
def _prepare(text: str):
    return prepareQuery(text)


@lru_cache(maxsize=1)
def _reference_triples() -> tuple:
    """The ontology and SKOS triples every validation runs with (shapes read concepts' schemes).

    Each run gets a fresh graph: taking a national graph's triples back out of
    a shared one cost more than adding them."""
    return tuple(ontology_graph()) + tuple(vocab_graph())


def _data_triples(data):
    if hasattr(data, "graph_names"):  # a graph.quadset.QuadSet; the graph ignores repeats
        return (t for name in data.graph_names() for t in data.graph(name))
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        return {(s, p, o) for s, p, o, _ in data.quads((None, None, None, None))}
    return set(data)


def _path_text(report: Graph, path, nm) -> Optional[str]:
    """A SHACL path as SPARQL-like text: ``a/b``, ``a|b``, ``^a``."""
    if path is None:
        return None
    if isinstance(path, BNode):
        if report.value(path, RDF.first) is not None:
            return "/".join(_path_text(report, p, nm) or "?" for p in Collection(report, path))
        alternatives = report.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + "|".join(_path_text(report, p, nm) or "?" for p in Collection(report, alternatives)) + ")"
        inverse = report.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + (_path_text(report, inverse, nm) or "?")
    return path.n3(nm)


def validate(data: Graph) -> ValidationReport:
    """Validate a Graph, Dataset or QuadSet (all named graphs merged) against ontology/shapes.ttl."""
    return report_of(run_shapes(_data_triples(data)))


def run_shapes(triples, focus_nodes: Optional[list] = None,
               shapes: Optional[list] = None) -> list[tuple[Result, str]]:
    """Run pyshacl on ``triples`` plus the ontology and SKOS schemes; each result with its line of text.

    ``focus_nodes``: validate only these nodes; ``shapes``: only these reporting shapes.
    """
    union = _PreparedQueryGraph()
    for triple in _reference_triples():
        union.add(triple)
    for triple in triples:
        union.add(triple)
    options = {}
    if focus_nodes is not None:
        if not focus_nodes:
            return []
        options["focus_nodes"] = [str(f) for f in focus_nodes]
    shacl = shapes_graph()
    if shapes is not None:
        if not shapes:
            return []
        # not pyshacl's use_shapes: together with focus_nodes it applies every shape to every focus node
        shacl = _shapes_subset(frozenset(URIRef(str(x)) for x in shapes))
    _, report, _ = _pyshacl_validate(union, shacl_graph=shacl, inference="none",
                                     inplace=True, abort_on_first=False, allow_warnings=False, **options)
    nm = _namespaces()
    out = []
    # only top-level results: sh:node failures also carry nested sh:detail results
    for r in report.objects(None, SH.result):
        shape = report.value(r, SH.sourceShape)
        focus = report.value(r, SH.focusNode)
        value = report.value(r, SH.value)
        severity = report.value(r, SH.resultSeverity)
        res = Result(
            shape=str(shape),
            focus=str(focus),
            path=_path_text(report, report.value(r, SH.resultPath), nm),
            message=str(report.value(r, SH.resultMessage) or ""),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation")
        out.append((res, result_line(res, focus, shape, value)))
    return out


@lru_cache(maxsize=1)
def _namespaces():
    nm = bind_prefixes(Graph()).namespace_manager
    nm.bind("csgsh", "https://w3id.org/csgkg/shapes#")
    return nm


def result_line(res: Result, focus, shape, value) -> str:
    """The report line of a result (``focus``, ``shape``, ``value``: its rdflib terms, or None)."""
    nm = _namespaces()
    where = focus.n3(nm) if focus is not None else "?"
    shape_name = shape.n3(nm) if isinstance(shape, URIRef) else "(anonymous shape)"
    extra = f" [value {value.n3(nm)}]" if value is not None else ""
    return f"{res.severity}: {where}{' ' + res.path if res.path else ''}: {res.message} ({shape_name}){extra}"


def report_of(found) -> ValidationReport:
    """One report from results (with their lines) of one or more runs; repeats are dropped."""
    pairs = sorted(set((Result(*r), line) for r, line in found))
    results = [r for r, _ in pairs]
    lines = sorted({line for _, line in pairs})
    conforms = not results  # as pyshacl with allow_warnings=False: a warning fails too
    head = "Conforms." if conforms else f"Does not conform: {len(results)} result(s)."
    return ValidationReport(conforms, results, "\n".join([head] + lines))
