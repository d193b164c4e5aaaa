"""SHACL validation of a built dataset in parts: in parallel, and cached for rebuilds.

Why: pyshacl on one national graph (about a million triples) takes most of a
minute on one core, and a rebuild after one changed report would pay it all
again. The result is the same as validating the merged graph at once
(:func:`graph.validate.validate`; a test compares the two) because the shapes
are split by what they read:

* **Local shapes** read only what is reachable from the focus node along
  forward paths: core constraints without ``sh:inversePath``, no SPARQL, class
  targets. Their verdict on a node depends only on the node's *forward
  closure* in the merged graph. The named graphs are dealt into ``chunks``
  (by a hash of the graph IRI, so a graph stays in its chunk from build to
  build); each chunk is validated on the forward closure of its graphs'
  subjects, taken from the whole merged graph. A forward closure contains the
  forward closure of each of its nodes, so every node in it gets the verdict
  the merged graph would give (nodes shared by chunks are reported once).
* **Corpus-wide shapes** (SPARQL constraints, inverse paths, other targets)
  may compare a node with any other. They run on the merged graph restricted
  to the predicates they name (a triple with any other predicate cannot change
  their answer), with the ``rdf:type`` triples of the classes they name. When a
  query has a variable predicate or class, that restriction is dropped.
  The local chunks are restricted the same way, to what the local shapes read.

Each part's result is cached under a digest of its data (a sum of stable
per-triple hashes) and of the shapes and this code, so a rebuild validates
again only the parts whose content changed.

The ontology and SKOS schemes are added to every part (graph.validate).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import sys
import time
import zlib
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import Path as RdfPath
from rdflib.plugins.sparql import prepareQuery

from .namespace import SHAPES_FILE
from .validate import Result, ValidationReport, report_of, reporting_shapes, run_shapes, shapes_graph

__all__ = ["validate_partitioned", "split_shapes", "CHUNKS"]

CHUNKS = 24
_CODE = Path(__file__).resolve().parent


class _Scope:
    """What the corpus-wide shapes read: predicates and classes (None = everything)."""

    def __init__(self):
        self.predicates: Optional[set] = set()
        self.classes: Optional[set] = set()

    def predicate(self, p) -> None:
        if self.predicates is None:
            return
        if isinstance(p, URIRef):
            self.predicates.add(p)
        elif isinstance(p, RdfPath):
            for part in _path_iris(p):
                self.predicates.add(part)
        else:
            self.predicates = None

    def klass(self, c) -> None:
        if self.classes is None:
            return
        if isinstance(c, URIRef):
            self.classes.add(c)
        else:
            self.classes = None


def _path_iris(p):
    for attr in ("args",):
        for a in getattr(p, attr, ()) or ():
            yield from (_path_iris(a) if isinstance(a, RdfPath) else [a])
    for attr in ("arg", "path"):
        a = getattr(p, attr, None)
        if a is not None:
            yield from (_path_iris(a) if isinstance(a, RdfPath) else [a])


def _walk(g: Graph, start) -> set:
    """Every node of the shapes graph reachable from ``start``."""
    seen, todo = set(), [start]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for _, o in g.predicate_objects(n):
            if isinstance(o, (URIRef, BNode)):
                todo.append(o)
    return seen


def split_shapes(g: Optional[Graph] = None) -> tuple[list[URIRef], list[URIRef]]:
    """(local, corpus-wide) reporting shapes; see the module docstring."""
    g = shapes_graph() if g is None else g
    local, wide = [], []
    for shape in reporting_shapes(g):
        nodes = _walk(g, shape)
        other_targets = any(g.value(shape, t) is not None
                            for t in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf))
        non_local = other_targets or any(
            g.value(n, SH.sparql) is not None or g.value(n, SH.inversePath) is not None for n in nodes)
        (wide if non_local else local).append(shape)
    return local, wide


def _prefixes(g: Graph, constraint) -> dict:
    ns = {}
    for decl_holder in g.objects(constraint, SH.prefixes):
        for decl in g.objects(decl_holder, SH.declare):
            ns[str(g.value(decl, SH.prefix))] = str(g.value(decl, SH.namespace))
    return ns


def _scope_of_query(text: str, ns: dict, scope: _Scope) -> None:
    def visit(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "triples" and isinstance(value, list):
                    for t in value:
                        if len(t) == 3:
                            s_, p, o = t
                            scope.predicate(p)
                            if p == RDF.type:
                                scope.klass(o)
                else:
                    visit(value)
        elif isinstance(node, (list, tuple)):
            for v in node:
                visit(v)

    q = prepareQuery(text, initNs=ns)
    visit(q.algebra)


@lru_cache(maxsize=4)
def shape_scope(shapes: frozenset) -> tuple[Optional[frozenset], Optional[frozenset]]:
    """(predicates, classes) that ``shapes`` read; None for "all".

    Classes are closed under rdfs:subClassOf (an instance of a subclass is
    targeted too); ``rdf:type`` is always among the predicates.
    """
    g = shapes_graph()
    scope = _Scope()
    for shape in sorted(shapes):
        for t in (SH.targetClass,):
            for c in g.objects(shape, t):
                scope.klass(c)
        for t in (SH.targetSubjectsOf, SH.targetObjectsOf):
            for p in g.objects(shape, t):
                scope.predicate(p)
        for n in _walk(g, shape):
            for p in (SH.path, SH.inversePath):
                for v in g.objects(n, p):
                    if isinstance(v, URIRef):
                        scope.predicate(v)
            for c in g.objects(n, SH["class"]):
                scope.klass(c)
            for pred in (SH.select, SH.ask):
                for text in g.objects(n, pred):
                    _scope_of_query(str(text), _prefixes(g, n), scope)
        # list-valued paths (sequences, alternatives) sit in rdf:first of the walked nodes
        for n in _walk(g, shape):
            for v in g.objects(n, RDF.first):
                if isinstance(v, URIRef):
                    scope.predicate(v)
    if scope.predicates is not None:
        scope.predicates.add(RDF.type)
    classes = scope.classes
    if classes is not None:
        from .namespace import ontology_graph
        onto = ontology_graph()
        closed = set(classes)
        todo = list(classes)
        while todo:  # subclasses of a named class satisfy it too
            c = todo.pop()
            for sub in onto.subjects(RDFS.subClassOf, c):
                if sub not in closed:
                    closed.add(sub)
                    todo.append(sub)
        classes = closed
    return (None if scope.predicates is None else frozenset(scope.predicates),
            None if classes is None else frozenset(classes))


def _chunk_of(name: str, chunks: int) -> int:
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % chunks


def _fingerprint() -> str:
    h = hashlib.sha256()
    for f in (SHAPES_FILE, _CODE / "validate.py", _CODE / "validate_partition.py"):
        h.update(f.read_bytes())
    for f in sorted((SHAPES_FILE.parent).rglob("*.ttl")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


# the merged graph, indexed by subject, for the worker processes (inherited on fork)
_STATE: dict = {}
_MASK = (1 << 64) - 1


def _triple_hash(t) -> int:
    """A stable 64-bit hash of a triple (Python's own hash of strings changes from run to run)."""
    o = t[2]
    extra = getattr(o, "datatype", None) or getattr(o, "language", None) or ""
    key = f"{t[0]}\x1f{t[1]}\x1f{type(o).__name__}\x1f{o}\x1f{extra}".encode()
    return (zlib.crc32(key) << 32) | zlib.adler32(key)


def _in_scope(t, predicates, classes) -> bool:
    p = t[1]
    if predicates is not None and p not in predicates:
        return False
    return not (p == RDF.type and classes is not None and t[2] not in classes)


def _closure(focus: set) -> tuple[list, str]:
    """The forward closure of ``focus`` in the indexed graph: (triples, a digest of them)."""
    by_subject = _STATE["by_subject"]
    seen: set = set()
    todo = list(focus)
    triples = []
    total = 0
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for t, h in by_subject.get(n, ()):
            triples.append(t)
            total = (total + h) & _MASK
            o = t[2]
            if isinstance(o, (URIRef, BNode)) and o not in seen:
                todo.append(o)
    return triples, f"{len(triples)}:{total:016x}"


def _validate_task(task) -> list:
    """One part, in a worker: a chunk number, or "wide" for the corpus-wide shapes.

    Returns [cpu seconds, results]."""
    t0 = time.process_time()
    if task == "wide":
        found = run_shapes(_STATE["wide_data"], shapes=_STATE["wide"])
    else:
        # every node of a forward closure has its own forward closure inside it, so all of them
        # are validated exactly; pyshacl's focus_nodes would also skip nested sh:node checks
        triples, _ = _closure(_STATE["focus"][task])
        found = run_shapes(triples, shapes=_STATE["local"])
    return [time.process_time() - t0, [(list(r), line) for r, line in found]]


def _as_quadset(data):
    """A QuadSet as is; a mapping graph IRI -> canonical N-Quads bytes parsed into one."""
    if hasattr(data, "graph_names"):
        return data
    import pyoxigraph as ox
    from .quadset import QuadSet, from_ox
    qs = QuadSet()
    for name, blob in data.items():
        g = qs.graph(URIRef(name))
        for q in ox.parse(blob, format=ox.RdfFormat.N_QUADS):
            g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return qs


def validate_partitioned(data, *, cache_dir: Optional[Path] = None, jobs: int = 1, chunks: int = CHUNKS,
                         skip_graphs: tuple = (), digests: Optional[dict] = None) -> tuple[ValidationReport, dict]:
    """Validate a QuadSet, or a mapping graph IRI -> that graph's canonical N-Quads bytes
    (:func:`graph.quadset.canonical_nquads`); returns the report and counts (parts
    validated, taken from the cache).

    ``digests``: :func:`graph.quadset.graph_digest` of each graph's bytes, when the
    caller has them. ``skip_graphs``: graphs that are not data (the ontology). With
    ``cache_dir``, a part whose data (by content) and shapes are unchanged
    since an earlier run reuses that run's results. Parts run in ``jobs``
    worker processes, the corpus-wide part first (the largest).
    """
    ds = _as_quadset(data)
    local, wide = split_shapes()
    predicates, classes = shape_scope(frozenset(local))
    names = [n for n in ds.graph_names() if n not in skip_graphs]
    by_subject: dict = defaultdict(list)
    hashes: dict = {}
    focus: dict[int, set] = defaultdict(set)
    for name in names:
        c = _chunk_of(name, chunks)
        for t in ds.graph(name):
            if not _in_scope(t, predicates, classes):
                continue
            focus[c].add(t[0])
            if t not in hashes:
                h = hashes[t] = _triple_hash(t)
                by_subject[t[0]].append((t, h))
    fp = _fingerprint()
    keys: dict = {}
    wide_data: list = []
    if wide:
        w_predicates, w_classes = shape_scope(frozenset(wide))
        seen: set = set()
        total = 0
        for name in names:
            for t in ds.graph(name):
                if t not in seen and _in_scope(t, w_predicates, w_classes):
                    seen.add(t)
                    wide_data.append(t)
                    h = hashes.get(t)
                    total = (total + (h if h is not None else _triple_hash(t))) & _MASK
        keys["wide"] = hashlib.sha256(json.dumps([fp, "wide", len(wide_data), f"{total:016x}"]).encode()).hexdigest()
    _STATE.update(by_subject=by_subject, focus=focus, local=local, wide=wide, wide_data=wide_data)
    for c in sorted(focus):
        _, digest = _closure(focus[c])
        keys[c] = hashlib.sha256(json.dumps([fp, "local", c, chunks, digest]).encode()).hexdigest()
    found: list = []
    todo = []
    stats = {"parts": len(keys), "validated": 0, "from cache": 0}
    for task, key in keys.items():  # "wide" first
        cached = _read_cache(cache_dir, key)
        if cached is not None:
            found += cached
            stats["from cache"] += 1
        else:
            todo.append(task)
    try:
        if todo:
            if jobs > 1 and len(todo) > 1 and sys.platform.startswith("linux"):
                with multiprocessing.get_context("fork").Pool(min(jobs, len(todo))) as pool:
                    results = pool.map(_validate_task, todo, chunksize=1)
            else:
                results = [_validate_task(c) for c in todo]
            for task, (cpu, res) in zip(todo, results):
                found += [(Result(*r), line) for r, line in res]
                _write_cache(cache_dir, keys[task], res)
                stats["cpu seconds, " + ("corpus-wide part" if task == "wide" else "local parts")] = round(
                    stats.get("cpu seconds, " + ("corpus-wide part" if task == "wide" else "local parts"), 0) + cpu, 2)
            stats["validated"] = len(todo)
    finally:
        _STATE.clear()
    return report_of(found), stats


def _read_cache(cache_dir: Optional[Path], key: str) -> Optional[list]:
    if cache_dir is None:
        return None
    try:
        raw = json.loads((Path(cache_dir) / "validation" / f"{key}.json").read_text(encoding="utf-8"))
        return [(Result(*r), line) for r, line in raw]
    except (OSError, ValueError, TypeError):
        return None


def _write_cache(cache_dir: Optional[Path], key: str, found: list) -> None:
    if cache_dir is None:
        return
    folder = Path(cache_dir) / "validation"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(found), encoding="utf-8")
        os.replace(tmp, folder / f"{key}.json")
    except OSError:
        pass  # the cache is an optimisation
