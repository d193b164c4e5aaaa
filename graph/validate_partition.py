"""SHACL validation of a built dataset in parts: in parallel, and cached for rebuilds.

Why: pyshacl on one national graph (about a million triples) takes most of a
minute on one core, and a rebuild after one changed report should pay only for
what that report can change. The result is the same as validating the merged
graph at once (:func:`graph.validate.validate`; tests compare the two) because
the shapes are split by what they read:

* **Local shapes** read only what is reachable from the focus node along
  forward paths: class targets, core constraints without ``sh:inversePath``,
  and SPARQL constraints whose every triple pattern starts at ``$this`` or at
  a variable reached from it forward (graph.validate_sparql.forward_only).
  Their verdict on a node depends only on the node's *forward closure* in the
  merged graph. Each named graph is one *part*: its subjects and their forward
  closure, taken from the whole merged graph (the ontology and SKOS schemes,
  added to every run, make one more part). A forward closure contains the
  forward closure of each of its nodes, and so does a union of them, so the
  parts to validate are run together in a few batches (unions of closures) and
  every node gets the verdict the merged graph would give; each part keeps the
  results of the nodes in its own closure.
* **Corpus-wide shapes** may compare a node with any other. They run on the
  merged graph restricted to the predicates they name (a triple with any other
  predicate cannot change their answer), with the ``rdf:type`` triples of the
  classes they name: the SPARQL ones on pyoxigraph (graph.validate_sparql), the
  others with pyshacl, each group on its own slice. When a query has a variable
  predicate or class, that restriction is dropped. The local parts are
  restricted the same way, to what the local shapes read.

SPARQL constraints run on pyoxigraph wherever graph.validate_sparql can do it
exactly (the local ones each on its focus node's own closure), and with
pyshacl where not (other shapes, or data with a literal rdflib would read
differently); pyshacl runs each once per focus node through rdflib, which
made it most of the cost.

The input is each graph's canonical N-Quads (graph.quadset): what a part needs
is worked out on the text, and per graph it is cached under the graph's
content digest, so an unchanged graph costs a file read; only the lines of the
closures that are validated again are parsed into rdflib terms. A part's
results are cached under a digest of its closure's content (a sum of stable
hashes of its subjects' lines), a corpus-wide group's under its slice's, both
with the shapes and this code; a rebuild validates again only what changed.
"""
from __future__ import annotations

import gc
import hashlib
import json
import marshal
import math
import multiprocessing
import pickle
import sys
import time
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import NamedTuple, Optional

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.paths import Path as RdfPath

from .namespace import SHAPES_FILE
from .quadset import from_ox, graph_digest
from .cachefiles import fingerprint, read_checked as _read_checked, write_checked as _write_checked
from .sparql_scope import path_predicates, query_scope
from .validate import Result, ValidationReport, _reference_triples, report_of, reporting_shapes, run_shapes, shapes_graph
from .validate_sparql import constraint_prefixes, evaluate, evaluate_forward, forward_only, literals_agree, make_store, sparql_checks

__all__ = ["validate_partitioned", "split_shapes", "shape_scope", "CHUNKS"]

CHUNKS = 24  # at most this many batches of parts
BATCH_LINES = 30_000  # about this many closure lines per batch when many parts are validated
_CODE = Path(__file__).resolve().parent
_TYPE = b"<" + str(RDF.type).encode() + b">"
_MASK = (1 << 128) - 1
_REF = "\x00reference"  # the part of the ontology and SKOS schemes' subjects


class _Scope:
    """What shapes read: predicates and classes (None = everything)."""

    def __init__(self):
        self.predicates: Optional[set] = set()
        self.classes: Optional[set] = set()

    def predicate(self, p) -> None:
        if self.predicates is None:
            return
        if isinstance(p, URIRef):
            self.predicates.add(p)
        elif isinstance(p, RdfPath):
            parts = path_predicates(p)
            if parts is None:  # a negated path reads any predicate
                self.predicates = None
                return
            if str(RDF.type) in parts:  # a typed path reaches any class
                self.classes = None
            for part in sorted(parts):
                self.predicate(URIRef(part))
        else:
            self.predicates = None

    def klass(self, c) -> None:
        if self.classes is None:
            return
        if isinstance(c, URIRef):
            self.classes.add(c)
        else:
            self.classes = None


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


def _is_local(g: Graph, shape) -> bool:
    """Class targets only, no inverse path, and only forward-reading SPARQL (no $PATH) anywhere in it."""
    if any(g.value(shape, t) is not None
           for t in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)):
        return False
    for n in _walk(g, shape):
        if g.value(n, SH.inversePath) is not None:
            return False
        for constraint in g.objects(n, SH.sparql):
            if g.value(n, SH.path) is not None:
                return False
            texts = list(g.objects(constraint, SH.select))
            if not texts or not all(forward_only(str(t), constraint_prefixes(g, constraint)) for t in texts):
                return False
    return True


def split_shapes(g: Optional[Graph] = None) -> tuple[list[URIRef], list[URIRef]]:
    """(local, corpus-wide) reporting shapes; see the module docstring."""
    g = shapes_graph() if g is None else g
    local, wide = [], []
    for shape in reporting_shapes(g):
        (local if _is_local(g, shape) else wide).append(shape)
    return local, wide


def _scope_of_query(text: str, ns: dict, scope: _Scope) -> None:
    got = query_scope(text, ns)
    if got.predicates is None:
        scope.predicates = None
    else:
        for p in sorted(got.predicates):
            scope.predicate(URIRef(p))
    if got.classes is None:
        scope.classes = None
    else:
        for c in sorted(got.classes):
            scope.klass(URIRef(c))


@lru_cache(maxsize=16)
def shape_scope(shapes: frozenset) -> tuple[Optional[frozenset], Optional[frozenset]]:
    """(predicates, classes) that ``shapes`` read; None for "all".

    Classes are closed under rdfs:subClassOf (an instance of a subclass is
    targeted too); ``rdf:type`` is always among the predicates.
    """
    g = shapes_graph()
    scope = _Scope()
    for shape in sorted(shapes):
        for c in g.objects(shape, SH.targetClass):
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
            for pair in (SH.lessThan, SH.lessThanOrEquals, SH.equals, SH.disjoint):
                for v in g.objects(n, pair):  # compared with the values of another predicate
                    scope.predicate(v)
            if g.value(n, SH.closed) is not None:  # a closed shape reads every predicate
                scope.predicates = None
            for pred in (SH.select, SH.ask):
                for text in g.objects(n, pred):
                    _scope_of_query(str(text), constraint_prefixes(g, n), scope)
            # list-valued paths (sequences, alternatives) sit in rdf:first of the walked nodes
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


class _ByteScope(NamedTuple):
    """A scope as N-Triples tokens (``<iri>``), for filtering lines without parsing them."""

    predicates: Optional[frozenset]
    classes: Optional[frozenset]

    @classmethod
    def of(cls, shapes) -> "_ByteScope":
        if not shapes:
            return cls(frozenset(), frozenset())
        p, c = shape_scope(frozenset(shapes))
        tok = (lambda xs: None if xs is None else frozenset(f"<{x}>".encode() for x in xs))
        return cls(tok(p), tok(c))

    def keeps(self, p: bytes, o: bytes) -> bool:
        if self.predicates is not None and p not in self.predicates:
            return False
        return not (p == _TYPE and self.classes is not None and o not in self.classes)


class _Group(NamedTuple):
    """Corpus-wide shapes validated together on one slice."""

    name: str
    py: tuple  # shapes for pyshacl
    sparql: tuple  # graph.validate_sparql checks
    scope: _ByteScope


class _Plan(NamedTuple):
    local: tuple  # shapes for pyshacl on forward closures
    local_sparql: tuple  # (graph.validate_sparql check, its scope) on forward closures
    local_scope: _ByteScope
    groups: tuple
    fingerprint: str


_PLANS: dict = {}


def _plan(cache_dir: Optional[Path] = None) -> _Plan:
    """The plan for the current shapes and code, kept by fingerprint in memory and under ``cache_dir``
    (working it out parses every SPARQL query a few times: half a second)."""
    fp = _fingerprint()
    plan = _PLANS.get(fp)
    if plan is not None:
        return plan
    path = None if cache_dir is None else Path(cache_dir) / "validation" / f"plan-{fp}.pickle"
    raw = _read_checked(path) if path is not None else None
    try:
        plan = pickle.loads(raw) if raw is not None else None
    except (ValueError, EOFError, TypeError, AttributeError, pickle.UnpicklingError):
        plan = None
    if not isinstance(plan, _Plan):
        plan = _make_plan(fp)
        if path is not None:
            _write_checked(path, pickle.dumps(plan))
    _PLANS[fp] = plan
    return plan


def _make_plan(fingerprint: str) -> _Plan:
    local, wide = split_shapes()
    checks = sparql_checks()
    wide_sparql = tuple(checks[s] for s in wide if s in checks)
    local_sparql = tuple((checks[s], _ByteScope.of([s])) for s in local if s in checks)
    wide_py = tuple(s for s in wide if s not in checks)
    groups = []
    if wide_sparql:
        groups.append(_Group("wide sparql", (), wide_sparql, _ByteScope.of([c.shape for c in wide_sparql])))
    if wide_py:
        groups.append(_Group("wide core", wide_py, (), _ByteScope.of(wide_py)))
    return _Plan(tuple(s for s in local if s not in checks), local_sparql, _ByteScope.of(local), tuple(groups),
                 fingerprint)


def _fingerprint() -> str:
    """The shapes, the ontology, the code and the libraries that decide a verdict."""
    files = [SHAPES_FILE.parent] + [_CODE / f for f in ("validate.py", "validate_partition.py", "validate_sparql.py",
                                                        "sparql_scope.py", "namespace.py", "quadset.py")]
    return fingerprint(files, ["pyshacl", "rdflib", "pyoxigraph"])


def _hash(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=16).digest(), "little")


def _is_node(o: bytes) -> bool:
    return o[:1] == b"<" or o[:2] == b"_:"


def _odd_literal(o: bytes) -> bool:
    """A literal rdflib might read differently from pyoxigraph: typed (not xsd:string) or with a language."""
    return o[:1] == b'"' and not o.endswith(b'"') and not o.endswith(b"#string>")


def _summarise(name: str, blob: bytes, plan: _Plan) -> tuple:
    """What validation needs of one graph, from its canonical N-Quads (lines sorted, so a subject's lines are
    one block): ``(subjects, lines, hash, external, groups)``.

    ``subjects``: subject token -> (hash of its in-scope lines, start, end of its block, objects that are
    nodes); ``external``: those objects that are not subjects here; ``groups``: per corpus-wide group
    (its slice's N-Triples, their hash, whether all its literals read the same in rdflib)."""
    local = plan.local_scope
    cut = len(name) + 5  # ' <name> .'
    subjects: dict = {}
    groups = [[] for _ in plan.groups]
    cur, start, kept, edges = None, 0, [], set()
    tokens: dict = {}  # one object per repeated node, so that marshal writes it once
    pos = 0
    total = count = 0

    def flush(end):
        nonlocal total
        if cur is not None and kept:
            h = _hash(b"\n".join(kept))
            subjects[cur] = (h, start, end, tuple(sorted(edges)))
            total += h

    suffix = b" <" + name.encode() + b"> ."
    for line in blob.split(b"\n"):
        if line:
            if not line.endswith(suffix):
                raise ValueError(f"a line of graph {name} does not end with its graph name: {line[:200]!r}")
            s, p, rest = line.split(b" ", 2)
            if s != cur:
                flush(pos)
                cur, start, kept, edges = s, pos, [], set()
            o = rest[:-cut]
            if local.keeps(p, o):
                kept.append(line[:-cut])
                count += 1
                if _is_node(o):
                    edges.add(tokens.setdefault(o, o))
            for i, group in enumerate(plan.groups):
                if group.scope.keeps(p, o):
                    groups[i].append(line[:-cut] + b" .\n")
        pos += len(line) + 1
    flush(pos)
    external = sorted({o for v in subjects.values() for o in v[3]} - subjects.keys())
    out_groups = []
    for lines in groups:
        text = b"".join(lines)
        odd = [ln for ln in lines if _odd_literal(ln[:-3].split(b" ", 2)[2])]
        agree = not odd or literals_agree(q.object for q in ox.parse(b"".join(odd), format=ox.RdfFormat.N_TRIPLES))
        out_groups.append((text, sum(_hash(ln) for ln in lines) & _MASK, agree))
    return subjects, count, total & _MASK, tuple(external), tuple(out_groups)


def _summary_path(cache_dir: Optional[Path], plan: _Plan, digest: str) -> Optional[Path]:
    if cache_dir is None:
        return None
    return Path(cache_dir) / "validation" / "graphs" / f"{plan.fingerprint}-{digest}.bin"


def _read_summary(path: Optional[Path]):
    if path is None:
        return None
    raw = _read_checked(path)
    try:
        return None if raw is None else marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return None


def _summarise_task(name: str) -> bytes:
    return marshal.dumps(_summarise(name, _STATE["graphs"][name], _STATE["plan"]))


def _map(function, items: list, jobs: int) -> list:
    """``function`` over ``items``, in ``jobs`` forked processes when that pays (they inherit _STATE)."""
    if jobs > 1 and len(items) > 1 and sys.platform.startswith("linux"):
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            return pool.map(function, items, chunksize=1 if len(items) < 64 else 8)
    return [function(x) for x in items]


class _Index:
    """The merged graph's subjects across the graphs' summaries."""

    def __init__(self, summaries: dict):
        self.summaries = summaries
        self.owner: dict = {}
        for name, s in summaries.items():
            self.owner.update(dict.fromkeys(s[0], name))
        counts = Counter(chain.from_iterable(s[0] for s in summaries.values()))
        shared = {t for t, c in counts.items() if c > 1}
        self.shared: dict = defaultdict(list)
        for name, s in summaries.items():
            for t in shared.intersection(s[0]):
                self.shared[t].append(name)

    def owners(self, token: bytes) -> list:
        many = self.shared.get(token)
        if many is not None:
            return many
        one = self.owner.get(token)
        return [] if one is None else [one]

    def closure(self, name: str) -> tuple[int, int, set]:
        """(content hash, size estimate, nodes outside the graph's own subjects) of a part's forward closure."""
        s = self.summaries[name]
        own = s[0]
        total = s[2]
        extra: set = set()
        todo = list(s[3])
        for t in self.shared.keys() & own.keys():
            for other in self.shared[t]:
                if other != name:
                    h, _, _, edges = self.summaries[other][0][t]
                    total += h
                    todo.extend(edges)
        summaries = self.summaries
        while todo:
            x = todo.pop()
            if x in own or x in extra:
                continue
            extra.add(x)
            for other in self.owners(x):
                h, _, _, edges = summaries[other][0][x]
                total += h
                todo.extend(edges)
        return total & _MASK, s[1] + 4 * len(extra), extra


# the data of one validation, for the worker processes (inherited on fork)
_STATE: dict = {}


def _closure_lines(nodes) -> bytes:
    """The in-scope N-Triples of ``nodes`` (subject tokens) in the merged graph."""
    graphs, index, scope = _STATE["graphs"], _STATE["index"], _STATE["plan"].local_scope
    out = set()
    for t in nodes:
        for name in index.owners(t):
            _, start, end, _ = index.summaries[name][0][t]
            cut = len(name) + 5
            for line in graphs[name][start:end].split(b"\n"):
                if line:
                    _, p, rest = line.split(b" ", 2)
                    if scope.keeps(p, rest[:-cut]):
                        out.add(line[:-cut])
    return b"".join(line + b" .\n" for line in out)


def _triples(ntriples: bytes) -> list:
    """rdflib triples of N-Triples text (IRIs converted once each: they repeat, and rdflib checks each)."""
    nodes: dict = {}
    out = []
    for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        s, p, o = q.subject, q.predicate, q.object
        a = nodes.get(s)
        if a is None:
            a = nodes[s] = from_ox(s)
        b = nodes.get(p)
        if b is None:
            b = nodes[p] = from_ox(p)
        if isinstance(o, ox.Literal):
            c = from_ox(o)
        else:
            c = nodes.get(o)
            if c is None:
                c = nodes[o] = from_ox(o)
        out.append((a, b, c))
    return out


def _validate_task(task) -> list:
    """One task, in a worker: ("local", [(part, nodes), ...]) or ("wide", group index).

    Returns [cpu seconds, results by part name]. The collector is paused: the task builds many
    objects that all live until it ends, and collecting them costs about a tenth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_task(task)
    finally:
        if enabled:
            gc.enable()


def _run_task(task) -> list:
    t0 = time.process_time()
    plan = _STATE["plan"]
    kind, what = task
    if kind == "wide":
        group = plan.groups[what]
        summaries = _STATE["index"].summaries
        text = b"".join(s[4][what][0] for s in summaries.values())
        agree = all(s[4][what][2] for s in summaries.values())
        found = []
        shapes = list(group.py) + ([] if agree else [c.shape for c in group.sparql])
        if shapes:
            found += run_shapes(_triples(text), shapes=shapes)
        if group.sparql and agree:
            found += evaluate(make_store(text), group.sparql)
        return [time.process_time() - t0, {group.name: _plain(found)}]
    nodes = set().union(*(n for _, n in what))
    text = _closure_lines(nodes)
    found = evaluate_forward(text, plan.local_sparql)
    shapes = list(plan.local) + ([c.shape for c, _ in plan.local_sparql] if found is None else [])
    found = (found or []) + (run_shapes(_triples(text), shapes=shapes) if shapes else [])
    by_part = {}
    for part, part_nodes in what:
        by_part[part] = _plain([(r, line) for r, line in found if _focus_in(r.focus, part_nodes)])
    return [time.process_time() - t0, by_part]


def _focus_in(focus: str, nodes) -> bool:
    return f"<{focus}>".encode() in nodes or f"_:{focus}".encode() in nodes


def _plain(found) -> list:
    return [(list(r), line) for r, line in found]


def _as_graphs(data) -> dict:
    if hasattr(data, "canonical"):  # a graph.quadset.QuadSet
        return data.canonical()
    return dict(data)


def _batches(parts: list, sizes: dict, jobs: int, chunks: int) -> list:
    total = sum(sizes[p] for p in parts)
    n = max(math.ceil(total / BATCH_LINES), min(jobs, len(parts)) if total > BATCH_LINES // 4 else 1)
    n = max(1, min(n, chunks, len(parts)))
    batches = [[] for _ in range(n)]
    loads = [0] * n
    for p in sorted(parts, key=lambda p: (-sizes[p], p)):
        i = loads.index(min(loads))
        batches[i].append(p)
        loads[i] += sizes[p]
    return [b for b in batches if b]


def validate_partitioned(data, *, cache_dir: Optional[Path] = None, jobs: int = 1, chunks: int = CHUNKS,
                         skip_graphs: tuple = (), digests: Optional[dict] = None) -> tuple[ValidationReport, dict]:
    """Validate a dataset; returns the report and counts (parts validated, taken from the cache, seconds).

    ``data``: a mapping graph IRI -> that graph's canonical N-Quads
    (:func:`graph.quadset.canonical_nquads`), or a graph.quadset.QuadSet.
    ``digests``: :func:`graph.quadset.graph_digest` of each graph's bytes, when
    the caller has them. ``skip_graphs``: graphs that are not data (the
    ontology). With ``cache_dir``, a part whose data (by content) and shapes
    are unchanged since an earlier run reuses that run's results. Parts run in
    ``jobs`` worker processes, in at most ``chunks`` batches.
    """
    t0 = time.perf_counter()
    plan = _plan(cache_dir)
    skip = {str(n) for n in skip_graphs}
    graphs = {str(n): b for n, b in _as_graphs(data).items() if str(n) not in skip}
    digests = digests or {}
    stats: dict = {"parts": 0, "validated": 0, "from cache": 0}
    summaries, missing = {}, {}
    for name in sorted(graphs):
        path = _summary_path(cache_dir, plan, digests.get(name) or graph_digest(graphs[name]))
        summary = _read_summary(path)
        if summary is None:
            missing[name] = path
        else:
            summaries[name] = summary
    stats["graphs from cache"] = len(summaries)
    _STATE.update(graphs=graphs, plan=plan)
    try:
        for name, raw in zip(missing, _map(_summarise_task, list(missing), jobs if len(missing) > 8 else 1)):
            summaries[name] = marshal.loads(raw)
            if missing[name] is not None:
                _write_checked(missing[name], raw)
    finally:
        _STATE.clear()
    reference = tuple(sorted({str(ox_term).encode() for ox_term in _reference_subjects()}))
    summaries[_REF] = ({}, 0, 0, reference, tuple((b"", 0, True) for _ in plan.groups))
    index = _Index(summaries)
    keys, extras, sizes = {}, {}, {}
    for name in summaries:
        total, sizes[name], extras[name] = index.closure(name)
        keys[name] = _key(plan, "reference" if name == _REF else "local", f"{total:032x}")
    for i, group in enumerate(plan.groups):
        total = sum(s[4][i][1] for s in summaries.values()) & _MASK
        keys[group.name] = _key(plan, group.name, f"{total:032x}")
    stats["parts"] = len(keys)
    found: list = []
    todo_parts, todo_groups = [], []
    for part, key in keys.items():
        cached = _read_cache(cache_dir, key)
        if cached is not None:
            found += cached
            stats["from cache"] += 1
        elif part in summaries:
            todo_parts.append(part)
        else:
            todo_groups.append(part)
    stats["seconds, set-up"] = round(time.perf_counter() - t0, 2)
    tasks = [("wide", i) for i, g in enumerate(plan.groups) if g.name in todo_groups]
    for batch in _batches(todo_parts, sizes, jobs, chunks):
        tasks.append(("local", [(p, frozenset(summaries[p][0].keys() | extras[p])) for p in batch]))
    _STATE.update(graphs=graphs, index=index, plan=plan)
    try:
        if tasks:
            results = _map(_validate_task, tasks, jobs)
            for task, (cpu, by_part) in zip(tasks, results):
                label = "cpu seconds, " + ("corpus-wide parts" if task[0] == "wide" else "local parts")
                stats[label] = round(stats.get(label, 0) + cpu, 2)
                for part, res in by_part.items():
                    found += [(Result(*r), line) for r, line in res]
                    _write_cache(cache_dir, keys[part], res)
                    stats["validated"] += 1
    finally:
        _STATE.clear()
    stats["seconds"] = round(time.perf_counter() - t0, 2)
    return report_of(found), stats


@lru_cache(maxsize=1)
def _reference_subjects() -> tuple:
    from .quadset import to_ox
    return tuple({to_ox(s) for s, _, _ in _reference_triples()})


def _key(plan: _Plan, kind: str, digest: str) -> str:
    return hashlib.sha256(json.dumps([plan.fingerprint, kind, digest]).encode()).hexdigest()


def _read_cache(cache_dir: Optional[Path], key: str) -> Optional[list]:
    if cache_dir is None:
        return None
    raw = _read_checked(Path(cache_dir) / "validation" / f"{key}.json")
    try:
        return None if raw is None else [(Result(*r), line) for r, line in json.loads(raw)]
    except (ValueError, TypeError):
        return None


def _write_cache(cache_dir: Optional[Path], key: str, found: list) -> None:
    if cache_dir is not None:
        _write_checked(Path(cache_dir) / "validation" / f"{key}.json", json.dumps(found).encode())
