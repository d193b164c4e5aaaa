"""SHACL-SPARQL constraints evaluated on pyoxigraph, and which of them read only forward from ``$this``.

Why: pyshacl evaluates a SPARQL constraint once per focus node through
rdflib's SPARQL engine, a few milliseconds each; on a national graph that is
most of the corpus-wide validation. Here the same SELECT runs on an in-memory
pyoxigraph store with ``$this`` pre-bound by substitution (SEP-0007, which is
what rdflib's ``initBindings`` amounts to: the binding is seen everywhere in
the query), about a tenth of a millisecond each, and the solutions become the
results pyshacl would report (same :class:`graph.validate.Result` and line).

Only shapes where that is plainly the same are taken (:func:`sparql_checks`):
a named node shape with only ``sh:targetClass`` targets and only ``sh:sparql``
SELECT constraints, one message without ``{?var}`` templates, no ``$PATH``,
``$currentShape``, ``$shapesGraph``, ``?path`` or ``?failure``, and a query
built from basic patterns, paths, joins, UNION, OPTIONAL, FILTER (NOT) EXISTS
and BIND. Everything else stays with pyshacl. The data must hold
no literal that rdflib reads differently (ill-typed, or a lexical form rdflib
normalises): :func:`literals_agree` tells the caller when to use pyshacl instead.

:func:`forward_only` decides from the query algebra whether a query reads only
the forward closure of its focus node (every triple pattern's subject is
``$this`` or a variable bound by an earlier forward step), so that it can be
validated with the local shapes (graph.validate_partition).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
from rdflib.plugins.sparql.parserutils import CompValue
from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

from .quadset import from_ox, to_ox
from .validate import Result, _reference_triples, result_line, shapes_graph

__all__ = ["SparqlCheck", "sparql_checks", "constraint_prefixes", "forward_only", "evaluate", "evaluate_forward", "make_store", "literals_agree"]

_THIS = Variable("this")
_SHAPE_KEYS = {RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.message, SH.severity, SH.sparql,
               SH.name, SH.description}
_CONSTRAINT_KEYS = {RDF.type, RDFS.label, RDFS.comment, SH.select, SH.message, SH.prefixes}
_UNSUPPORTED_VARS = re.compile(r"[?$](PATH|currentShape|shapesGraph|path|failure)\b")
# algebra nodes whose meaning with a pre-bound $this is the same in rdflib and pyoxigraph
_PATTERNS = {"BGP", "Join", "LeftJoin", "Union", "Filter", "Extend"}
# what pyshacl refuses in a constraint (it fails the validation): left to pyshacl
_REFUSED = (SPARQLQueryHelper.has_minus_regex, SPARQLQueryHelper.has_values_regex,
            SPARQLQueryHelper.has_service_regex, SPARQLQueryHelper.has_nested_select_regex)
_MODIFIERS = {"SelectQuery", "Project", "Distinct", "Reduced", "Slice", "OrderBy"}


class SparqlCheck(NamedTuple):
    """A reporting shape whose SPARQL constraints this module evaluates."""

    shape: URIRef
    classes: tuple
    queries: tuple  # (text, whether pyshacl pre-binds $this in it, whether one run serves every focus node)
    prefixes: tuple  # (prefix, namespace) pairs
    message: str
    severity: str
    forward: bool


def constraint_prefixes(g: Graph, constraint) -> dict:
    """The prefixes a SPARQL constraint declares through sh:prefixes."""
    ns = {}
    for holder in g.objects(constraint, SH.prefixes):
        for decl in g.objects(holder, SH.declare):
            ns[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
    return ns


def _check_of(g: Graph, shape) -> Optional[SparqlCheck]:
    if not isinstance(shape, URIRef) or g.value(shape, SH.sparql) is None:
        return None
    if set(g.predicates(shape)) - _SHAPE_KEYS or g.value(shape, SH.path) is not None:
        return None
    types = set(g.objects(shape, RDF.type))
    if types - {SH.NodeShape} or RDFS.Class in types or OWL.Class in types:
        return None
    classes = tuple(sorted(g.objects(shape, SH.targetClass)))
    if not classes or not all(isinstance(c, URIRef) for c in classes):
        return None
    messages = set(g.objects(shape, SH.message))
    queries, ns = [], {}
    for c in g.objects(shape, SH.sparql):
        selects = list(g.objects(c, SH.select))
        if set(g.predicates(c)) - _CONSTRAINT_KEYS or len(selects) != 1:
            return None
        text = str(selects[0])
        if _UNSUPPORTED_VARS.search(text) or any(r.search(text) for r in _REFUSED):
            return None
        messages |= set(g.objects(c, SH.message))
        prefixes = constraint_prefixes(g, c)
        if any(ns.get(k, v) != v for k, v in prefixes.items()):
            return None
        ns.update(prefixes)
        queries.append(text)
    if len(messages) != 1:
        return None
    message = next(iter(messages))
    if not isinstance(message, Literal) or "{" in str(message):
        return None
    severity = g.value(shape, SH.severity) or SH.Violation
    forward, described = True, []
    for text in queries:
        try:
            algebra = prepareQuery(text, initNs=ns).algebra
        except Exception:
            return None
        if not _supported(algebra):
            return None
        forward = forward and _anchored(algebra, frozenset({_THIS}))[1]
        binds_this = SPARQLQueryHelper.bind_this_regex.search(text) is not None
        described.append((text, binds_this, binds_this and _once(algebra)))
    return SparqlCheck(shape, classes, tuple(described), tuple(sorted(ns.items())), str(message),
                       str(severity).rsplit("#", 1)[-1], forward)


def _once(algebra) -> bool:
    """Whether running the query once with ``$this`` free, keeping the solutions whose ``$this`` is a
    focus node, gives what running it per focus node with ``$this`` substituted gives.

    True for a conjunction: filters (their EXISTS on conjunctions only) over joined basic patterns
    in which ``$this`` appears, and ``$this`` projected. Every solution then binds ``$this``, and a
    pattern or filter sees the same value whether it was substituted or bound.
    """
    node = algebra.p
    if node.name in ("Distinct", "Reduced"):
        node = node.p
    if node.name != "Project" or _THIS not in node.PV:
        return False
    node = node.p
    while node.name == "Filter":
        if any(_conjunction(p) is None for p in _exists_patterns(node.expr)):
            return False
        node = node.p
    triples = _conjunction(node)
    return triples is not None and any(_THIS in (t[0], t[2]) for t in triples)


def _conjunction(node) -> Optional[list]:
    """The triple patterns of joined basic patterns; None for anything else."""
    triples, todo = [], [node]
    while todo:
        n = todo.pop()
        if n.name == "BGP":
            triples += n.triples
        elif n.name == "Join":
            todo += [n.p1, n.p2]
        else:
            return None
    return triples


@lru_cache(maxsize=4)
def _checks_of(g: Graph) -> dict:
    from .validate import reporting_shapes
    found = {}
    for shape in reporting_shapes(g):
        check = _check_of(g, shape)
        if check is not None:
            found[shape] = check
    return found


def sparql_checks(g: Optional[Graph] = None) -> dict[URIRef, SparqlCheck]:
    """The reporting shapes (by IRI) that :func:`evaluate` checks like pyshacl; see the module docstring."""
    return _checks_of(shapes_graph() if g is None else g)


def _sub_patterns(node):
    if isinstance(node, CompValue) and node.name == "GroupGraphPatternSub":
        node = translateGroupGraphPattern(node)
    return node


def _supported(node, top: bool = True) -> bool:
    """Only the algebra listed in the module docstring (no sub-SELECT, GRAPH, SERVICE, VALUES, aggregates)."""
    node = _sub_patterns(node)
    if not isinstance(node, CompValue):
        return True
    name = node.name
    if name in _MODIFIERS:
        if not top or dict.get(node, "datasetClause") is not None:
            return False
        return all(_supported(v, top) for k, v in node.items() if isinstance(v, CompValue) and k != "expr") \
            and all(_expr_supported(v) for k, v in node.items() if k == "expr")
    if name not in _PATTERNS:
        return False
    for key, value in node.items():
        if key in ("p", "p1", "p2") and not _supported(value, top=False):
            return False
        if key == "expr" and not _expr_supported(value):
            return False
    return True


def _exists_patterns(expr):
    """The graph patterns of the EXISTS / NOT EXISTS inside a filter expression."""
    if isinstance(expr, CompValue):
        if expr.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            yield _sub_patterns(expr.graph)
            return
        for v in expr.values():
            yield from _exists_patterns(v)
    elif isinstance(expr, (list, tuple)):
        for v in expr:
            yield from _exists_patterns(v)


def _expr_supported(expr) -> bool:
    return all(_supported(p, top=False) for p in _exists_patterns(expr))


def _forward_path(p) -> bool:
    if isinstance(p, URIRef):
        return True
    if isinstance(p, InvPath):
        return False
    if isinstance(p, (SequencePath, AlternativePath)):
        return all(_forward_path(a) for a in p.args)
    if isinstance(p, MulPath):
        return _forward_path(p.path)
    if isinstance(p, NegatedPath):
        return all(isinstance(a, URIRef) for a in p.args)
    return False


def _is_var(t) -> bool:
    return isinstance(t, (Variable, BNode))


def _anchored(node, bound: frozenset) -> tuple[frozenset, bool]:
    """(variables certainly bound to forward-reachable nodes after ``node``, whether every
    triple pattern in it has such a subject) given the ``bound`` ones; see the module docstring."""
    node = _sub_patterns(node)
    name = node.name
    if name in _MODIFIERS:
        return _anchored(node.p, bound)
    if name == "BGP":
        have = set(bound)
        pending = list(node.triples)
        progress = True
        while pending and progress:
            progress = False
            for t in list(pending):
                s, p, o = t
                if _is_var(s) and s in have:
                    pending.remove(t)
                    progress = True
                    if not _forward_path(p) and not _is_var(p):
                        return frozenset(have), False
                    if _is_var(o):
                        have.add(o)
        return frozenset(have), not pending
    if name == "Join":
        have, ok1, ok2 = bound, False, False
        while True:
            a1, ok1 = _anchored(node.p1, have)
            a2, ok2 = _anchored(node.p2, have)
            new = have | a1 | a2
            if new == have:
                break
            have = new
        return have, ok1 and ok2
    if name == "LeftJoin":
        a1, ok1 = _anchored(node.p1, bound)
        a2, ok2 = _anchored(node.p2, a1)
        return a1, ok1 and ok2 and _expr_forward(node.expr, a2)
    if name == "Union":
        a1, ok1 = _anchored(node.p1, bound)
        a2, ok2 = _anchored(node.p2, bound)
        return (a1 & a2) | bound, ok1 and ok2
    if name == "Filter":
        a, ok = _anchored(node.p, bound)
        return a, ok and _expr_forward(node.expr, a)
    if name == "Extend":
        a, ok = _anchored(node.p, bound)
        return a, ok and _expr_forward(node.expr, a)
    return bound, False


def _expr_forward(expr, bound: frozenset) -> bool:
    return all(_anchored(p, bound)[1] for p in _exists_patterns(expr))


def forward_only(text: str, prefixes: Optional[dict] = None) -> bool:
    """Whether a SELECT reads only what is reachable forward from ``$this``.

    >>> forward_only("SELECT $this WHERE { $this <urn:p>/<urn:q> ?x . ?x <urn:r> ?y }")
    True
    >>> forward_only("SELECT $this WHERE { ?x <urn:p> $this }")
    False
    >>> forward_only("SELECT $this WHERE { $this <urn:p> ?x . FILTER NOT EXISTS { ?y <urn:q> ?x } }")
    False
    """
    algebra = prepareQuery(text, initNs=prefixes or {}).algebra
    return _supported(algebra) and _anchored(algebra, frozenset({_THIS}))[1]


@lru_cache(maxsize=1)
def _reference_ntriples() -> bytes:
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in _reference_triples()],
                        format=ox.RdfFormat.N_TRIPLES) or b""


def make_store(ntriples: bytes) -> ox.Store:
    """An in-memory store of ``ntriples`` (N-Triples lines) plus the ontology and SKOS schemes."""
    store = ox.Store()
    store.bulk_load(_reference_ntriples() + ntriples, format=ox.RdfFormat.N_TRIPLES)
    return store


_STRING = "http://www.w3.org/2001/XMLSchema#string"


def literals_agree(terms) -> bool:
    """Whether rdflib reads every literal among ``terms`` (pyoxigraph terms) as pyoxigraph does:
    well-typed and with the same lexical form (rdflib normalises some)."""
    for o in terms:
        if isinstance(o, ox.Literal) and (o.language or o.datatype.value != _STRING):
            lit = from_ox(o)
            if lit.ill_typed or to_ox(lit) != o:
                return False
    return True


_FOCUS = "SELECT DISTINCT ?f WHERE { ?f <%s>/<%s>* ?c . VALUES ?c { %s } }" % (RDF.type, RDFS.subClassOf, "%s")


def evaluate(store: ox.Store, checks) -> list[tuple[Result, str]]:
    """Every result of ``checks`` on the store's default graph, as graph.validate.run_shapes gives them."""
    out = []
    for check in checks:
        query = _FOCUS % " ".join(f"<{c}>" for c in check.classes)
        focus_nodes = [sol["f"] for sol in store.query(query)]
        for text, binds_this, once in check.queries:
            if once:
                solutions = store.query(text, prefixes=dict(check.prefixes))
                out += _results(check, solutions, None, set(focus_nodes))
            else:
                for f in focus_nodes:
                    out += _results(check, _solutions(store, check, text, binds_this, f), f)
    return out


def _solutions(store: ox.Store, check: SparqlCheck, text: str, binds_this: bool, f, **options):
    return store.query(text, prefixes=dict(check.prefixes),
                       substitutions={ox.Variable("this"): f} if binds_this else None, **options)


def _results(check: SparqlCheck, solutions, f, focus_nodes: Optional[set] = None) -> list:
    """The results of one check from its solutions for focus node ``f`` (a pyoxigraph term), or, with
    ``focus_nodes``, from solutions with ``$this`` free (those for other nodes are dropped)."""
    out, seen = [], set()
    shape = URIRef(check.shape)
    names = {v.value for v in solutions.variables}
    for sol in solutions:
        this = sol["this"] if "this" in names else None
        value = sol["value"] if "value" in names else None
        if focus_nodes is not None:
            if this not in focus_nodes:
                continue
            f = this
        if this is None and value is None:
            continue  # pyshacl reports a solution only with $this, ?value or ?path bound
        if (this, value) in seen:
            continue
        seen.add((this, value))
        focus = from_ox(this if this is not None else f)
        value = from_ox(value if value is not None else f)
        res = Result(str(shape), str(focus), None, check.message, check.severity)
        out.append((res, result_line(res, focus, shape, value)))
    return out


@lru_cache(maxsize=1)
def _reference_index() -> dict:
    return _by_subject(_reference_ntriples())


def _by_subject(ntriples: bytes) -> dict:
    """subject token -> [(predicate, object, line)] of N-Triples lines (``s p o .``)."""
    index: dict = {}
    for line in ntriples.split(b"\n"):
        if line:
            s, p, rest = line.split(b" ", 2)
            index.setdefault(s, []).append((p, rest[:-2], line))
    return index


def _closure(start: bytes, indexes, scope) -> list:
    """The lines of ``start``'s forward closure in ``indexes`` that ``scope`` keeps."""
    seen, todo, out = set(), [start], []
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for index in indexes:
            for p, o, line in index.get(n, ()):
                if scope.keeps(p, o):
                    out.append(line)
                    if o[:1] == b"<" or o[:2] == b"_:":
                        todo.append(o)
    return out


def evaluate_forward(ntriples: bytes, checks) -> Optional[list[tuple[Result, str]]]:
    """Like :func:`evaluate` for checks that read forward only (``forward``), on a forward-closed graph.

    ``checks``: (check, scope) pairs, the scope (an object with ``keeps(predicate, object)`` on N-Triples
    tokens) holding what the check reads. Each focus node's query runs on the focus node's own forward
    closure within its check's scope (a named graph of one store): the answer is the same, since the query
    reads nothing else, and pyoxigraph, which evaluates a UNION branch bottom-up before joining it, is
    spared cross products of the whole graph. None when a literal there would read differently in rdflib.
    """
    if not checks:
        return []
    typed = ox.Store()
    typed.bulk_load(_reference_ntriples() + b"".join(
        line + b"\n" for line in ntriples.split(b"\n") if line and line.split(b" ", 2)[1] in _TYPING),
        format=ox.RdfFormat.N_TRIPLES)
    indexes = (_by_subject(ntriples), _reference_index())
    quads, todo = [], []
    for i, (check, scope) in enumerate(checks):
        query = _FOCUS % " ".join(f"<{c}>" for c in check.classes)
        for sol in typed.query(query):
            f = sol["f"]
            graph = f"<urn:x-focus:{i}:{len(todo)}>".encode()
            quads += [line[:-1] + graph + b" .\n" for line in _closure(str(f).encode(), indexes, scope)]
            todo.append((check, f, ox.NamedNode(graph[1:-1].decode())))
    text = b"".join(quads)
    odd = [ln for ln in quads if ln[:1] != b"#" and _odd_object(ln)]
    if odd and not literals_agree(q.object for q in ox.parse(b"".join(odd), format=ox.RdfFormat.N_QUADS)):
        return None
    store = ox.Store()
    store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
    out = []
    for check, f, graph in todo:
        for text, binds_this, _ in check.queries:
            out += _results(check, _solutions(store, check, text, binds_this, f, default_graph=graph), f)
    return out


_TYPING = {f"<{RDF.type}>".encode(), f"<{RDFS.subClassOf}>".encode()}


def _odd_object(line: bytes) -> bool:
    o = line.rsplit(b" <", 1)[0].split(b" ", 2)[2]
    return o[:1] == b'"' and not o.endswith(b'"') and not o.endswith(b"#string>")
