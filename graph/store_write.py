"""Writing a build's on-disk pyoxigraph store, in full or as an update of the last build's store.

The store holds every named graph as built and, in its default graph, the
merged union (each triple once; see docs/benchmarks.md "Union default graph").
A full load of a national graph (about a million triples, twice over with the
union) takes tens of seconds; a rebuild after one changed report should not
pay that. So the build records a digest per named graph (``graphs.json``
beside the store) and, when a previous build's store and digests are at hand,
copies that store (RocksDB checkpoint: hard links, milliseconds) and applies
only the differences of the graphs whose digest changed. The previous build
is only read, so a server reading it keeps working and a failed build leaves
it intact. The result holds the same quads as a full load (tested).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Iterable, Mapping, Optional

import pyoxigraph as ox

__all__ = ["write_store", "read_digests", "merged_triple_count", "DIGESTS_FILE"]

DIGESTS_FILE = "graphs.json"
SIZE_FILE = "store.json"  # beside the store: {"default graph triples": n}, kept up to date by updates
_COMPACT_FILES = 1500


def read_digests(build_folder: Path) -> Optional[dict[str, str]]:
    """The per-graph digests a build folder recorded, or None when it has none (or they are unreadable)."""
    try:
        data = json.loads((Path(build_folder) / DIGESTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return None
    return data


def write_store(store_dir: Path, graphs: Mapping[str, bytes], digests: Mapping[str, str],
                previous: Optional[Path] = None, merged: Optional[bytes] = None) -> str:
    """Write ``store_dir`` from canonical N-Quads per named graph; returns how ("full" or "updated: ...").

    ``previous``: a previous build folder (with ``store/`` and ``graphs.json``);
    when both are usable the store is copied from it and updated graph by graph.
    ``merged``: the merged graph as N-Triples when the caller has it already.
    """
    store_dir = Path(store_dir)
    if previous is not None:
        old = read_digests(previous)
        if old is not None and (Path(previous) / "store").is_dir():
            try:
                return _update(Path(previous) / "store", store_dir, graphs, digests, old)
            except (OSError, ValueError, SyntaxError, RuntimeError):
                shutil.rmtree(store_dir, ignore_errors=True)  # fall back to a full load
    _full(store_dir, graphs, merged)
    _write_size(store_dir, _count_default(store_dir))
    return "full"


def _parse(nquads: bytes) -> Iterable[ox.Quad]:
    return ox.parse(nquads, format=ox.RdfFormat.N_QUADS)


def _full(store_dir: Path, graphs: Mapping[str, bytes], merged: Optional[bytes] = None) -> None:
    from .quadset import merged_ntriples
    store = ox.Store(str(store_dir))
    # parsed and loaded in Rust: no Python object per quad
    store.bulk_load(b"".join(graphs[name] for name in sorted(graphs)), ox.RdfFormat.N_QUADS)
    store.bulk_load(merged if merged is not None else merged_ntriples(graphs), ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store  # releases the RocksDB lock


def _update(old_store: Path, store_dir: Path, graphs: Mapping[str, bytes], digests: Mapping[str, str],
            old: Mapping[str, str]) -> str:
    ox.Store.read_only(str(old_store)).backup(str(store_dir))
    store = ox.Store(str(store_dir))
    changed = sorted(n for n in set(digests) | set(old) if digests.get(n) != old.get(n))
    removed: set = set()
    added: set = set()
    for name in changed:
        g = ox.NamedNode(name)
        before = set(store.quads_for_pattern(None, None, None, g))
        after = set(_parse(graphs[name])) if name in graphs else set()
        for q in before - after:
            store.remove(q)
            removed.add(q.triple)
        new = after - before
        store.extend(new)
        added.update(q.triple for q in new)
        if name not in graphs:
            store.remove_graph(g)
    default = ox.DefaultGraph()
    size = _read_size(old_store)
    for t in removed - added:
        if not any(q.graph_name != default
                   for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
            store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
            size = None if size is None else size - 1
    fresh = [q for q in (ox.Quad(t.subject, t.predicate, t.object, default) for t in added) if q not in store]
    store.extend(fresh)
    store.flush()
    size = None if size is None else size + len(fresh)
    if sum(1 for _ in store_dir.iterdir()) > _COMPACT_FILES:
        store.optimize()  # each update leaves small files behind; compact once they add up (seconds)
    del store
    _write_size(store_dir, size if size is not None else _count_default(store_dir))
    return f"updated: {len(changed)} of {len(digests)} graphs changed"


def merged_triple_count(store_dir: Path, exclude: Optional[str] = None) -> int:
    """Triples in the store's merged default graph, leaving out those only graph ``exclude`` states.

    The default graph's size is recorded beside the store when it is written
    and kept up to date by updates (counting a national graph's default graph
    takes the engine half a second); the triples only ``exclude`` states are
    counted by the engine (a small graph: the ontology).
    """
    total = _read_size(Path(store_dir))
    if total is None:
        total = _count_default(Path(store_dir))
    if exclude is not None:
        store = ox.Store.read_only(str(store_dir))
        try:
            only = next(iter(store.query(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{exclude}> {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{exclude}>) }} }}")))
            total -= int(only[0].value)
        finally:
            del store
    return total


def _count_default(store_dir: Path) -> int:
    store = ox.Store.read_only(str(store_dir))
    try:
        return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))[0].value)
    finally:
        del store


def _size_file(store_dir: Path) -> Path:
    return Path(store_dir).parent / SIZE_FILE


def _read_size(store_dir: Path) -> Optional[int]:
    try:
        n = json.loads(_size_file(store_dir).read_text(encoding="utf-8"))["default graph triples"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return n if isinstance(n, int) and n >= 0 else None


def _write_size(store_dir: Path, n: int) -> None:
    _size_file(store_dir).write_text(json.dumps({"default graph triples": n}), encoding="utf-8")
