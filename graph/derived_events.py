"""The build's derived-events stage: leadership changes, partnership life cycles
and judgement contexts (``graph.analysis``), computed on the built graph.

Why a stage of its own: the analysis projects the whole merged graph, and on a
national graph loading all of it into a store costs seconds on every build. Two
things keep a rebuild cheap, and neither changes the answer:

* **Only what the analysis reads is loaded.** The projection answers a fixed
  set of SPARQL queries; every triple pattern in them names its predicate (or
  lists them in ``VALUES``), so a triple with any other predicate cannot
  change a row (:mod:`graph.sparql_scope`). The queries are recorded while the
  projection runs, and the predicates they read are kept for the next build.
  If a run ever issues a query reading beyond the kept predicates, it is run
  again on the whole graph, so a new query in the analysis can never be
  answered from a cut that misses its triples.
* **An unchanged input is not computed again.** The result is cached under a
  digest of the input graphs and of the analysis code.

The input is the data graphs as canonical N-Quads bytes by graph IRI
(``graph.quadset.canonical_nquads``); the output is N-Triples lines of the
derived events (no newline), ready to join the derived graph.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
from pathlib import Path
from typing import Mapping, Optional

from .cachefiles import fingerprint, read_checked, touch, write_checked
from .sparql_scope import Scope, queries_scope

__all__ = ["derived_event_lines", "analysis_fingerprint"]

_ROOT = Path(__file__).resolve().parent


def analysis_fingerprint() -> str:
    """A hash of the code that decides the derived events (the analysis and the store it reads through)."""
    files = [_ROOT / "analysis", *sorted(_ROOT.glob("store*.py")), Path(__file__), _ROOT / "sparql_scope.py",
             _ROOT / "model.py", _ROOT / "temporal.py", _ROOT / "names.py", _ROOT / "quadset.py", _ROOT / "namespace.py"]
    return fingerprint(files, ["pyoxigraph", "rdflib", "networkx"])


class _Recording:
    """A store that notes every query text it answers (the analysis reads only through ``query``)."""

    def __init__(self, store):
        self.store = store
        self.texts: list[str] = []

    def query(self, sparql: str, *args, **kwargs):
        self.texts.append(sparql)
        return self.store.query(sparql, *args, **kwargs)


_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _cut_pattern(scope: Scope) -> bytes:
    """A regular expression matching the N-Triples lines ``scope`` reads (predicates bounded)."""
    def alt(iris):
        return b"|".join(re.escape(f"<{i}>".encode()) for i in sorted(iris))
    if scope.classes is None or _TYPE not in scope.predicates:
        return rb"^<[^>]*> (?:" + alt(scope.predicates) + rb") .*\n"
    others = set(scope.predicates) - {_TYPE}
    typed = rb"^<[^>]*> <" + re.escape(_TYPE.encode()) + rb"> (?:" + alt(scope.classes) + rb") \.\n"
    return (rb"^<[^>]*> (?:" + alt(others) + rb") .*\n|" + typed) if others else typed


def _cut_folder(folder: Path, scope: Scope) -> Path:
    return folder / "cut" / hashlib.sha256(_cut_pattern(scope)).hexdigest()[:16]


def _ntriples(graphs: Mapping[str, bytes], scope: Optional[Scope], digests: Mapping[str, str],
              folder: Optional[Path] = None) -> bytes:
    """The graphs' triples as N-Triples (repeats kept: the store drops them), cut to ``scope``.

    Each graph's cut is kept under ``folder`` by the graph's digest and the
    scope, so a rebuild cuts only the graphs that changed."""
    if scope is None or scope.predicates is None:
        return b"".join(blob.replace(b" <" + name.encode() + b"> .\n", b" .\n") for name, blob in graphs.items())
    pattern = re.compile(_cut_pattern(scope), re.M)
    cuts = _cut_folder(folder, scope) if folder is not None else None
    parts = []
    for name, blob in graphs.items():
        if cuts is not None:
            kept = read_checked(cuts / f"{digests[name]}.nt")
            if kept is not None:
                parts.append(kept)
                continue
        nt = blob.replace(b" <" + name.encode() + b"> .\n", b" .\n")
        part = b"".join(m.group(0) for m in pattern.finditer(nt))
        parts.append(part)
        if cuts is not None:
            write_checked(cuts / f"{digests[name]}.nt", part)
    return b"".join(parts)


def _run(nt: bytes) -> tuple[list[bytes], list[str]]:
    """Derived events of an N-Triples graph, and the query texts the projection sent."""
    from .analysis import derive as derive_events, project
    from rdflib import URIRef
    from .names import graph_iri
    from .quadset import GraphSink, to_ox
    from .store import open_store
    import pyoxigraph as ox
    with tempfile.TemporaryDirectory(prefix="csgkg-derive-") as tmp:
        path = Path(tmp) / "graph.nt"
        path.write_bytes(nt)
        store = open_store(path)
        try:
            rec = _Recording(store)
            events = derive_events(project(rec), into=GraphSink(URIRef(graph_iri("derived"))))
        finally:
            store.close()
    raw = ox.serialize((ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in events),
                       format=ox.RdfFormat.N_TRIPLES) or b""
    return [line for line in raw.splitlines() if line], rec.texts


def derived_event_lines(graphs: Mapping[str, bytes], digests: Mapping[str, str],
                        cache_dir: Optional[Path] = None) -> tuple[list[bytes], dict]:
    """The derived events of ``graphs`` (the data graphs and the ontology) as N-Triples lines.

    ``digests``: ``graph_digest`` of each graph. Returns the lines and what was done
    (``{"cached": bool, "triples loaded": n, "cut": bool}``).
    """
    fp = analysis_fingerprint()
    key = hashlib.sha256(json.dumps([fp, sorted((n, digests[n]) for n in graphs)]).encode()).hexdigest()
    folder = Path(cache_dir) / "derived" if cache_dir is not None else None
    if folder is not None:
        kept = read_checked(folder / f"{key}.nt")
        if kept is not None:
            _touch_cut(graphs, digests, folder, fp)  # the next change needs them: keep them from pruning
            return kept.splitlines(), {"cached": True}
    scope = _read_scope(folder, fp)
    nt = _ntriples(graphs, scope, digests, folder)
    lines, texts = _run(nt)
    read = queries_scope(texts)
    cut = scope is not None
    if cut and not _within(read, scope):
        scope, cut = read, False
        nt = _ntriples(graphs, None, digests)
        lines, texts = _run(nt)
        read = queries_scope(texts)
    info = {"cached": False, "triples loaded": nt.count(b"\n"), "cut": cut}
    if folder is not None:
        write_checked(folder / f"{key}.nt", b"".join(line + b"\n" for line in lines))
        if read.predicates is not None:
            write_checked(folder / f"scope-{fp}.json", json.dumps(
                {"predicates": sorted(read.predicates),
                 "classes": None if read.classes is None else sorted(read.classes)}).encode())
            if not cut:  # cut every graph now, so the next rebuild cuts only what changed
                _ntriples(graphs, read, digests, folder)
    return lines, info


def _touch_cut(graphs: Mapping[str, bytes], digests: Mapping[str, str], folder: Path, fp: str) -> None:
    scope = _read_scope(folder, fp)
    if scope is None or scope.predicates is None:
        return
    cuts = _cut_folder(folder, scope)
    for name in graphs:
        touch(cuts / f"{digests[name]}.nt")


def _within(read: Scope, kept: Scope) -> bool:
    """Whether everything ``read`` reads is in the cut made for ``kept``."""
    if kept.predicates is None:
        return True
    if read.predicates is None or not read.predicates <= kept.predicates:
        return False
    if kept.classes is None or _TYPE not in read.predicates:
        return True
    return read.classes is not None and read.classes <= kept.classes


def _read_scope(folder: Optional[Path], fp: str) -> Optional[Scope]:
    if folder is None:
        return None
    raw = read_checked(folder / f"scope-{fp}.json")
    try:
        data = json.loads(raw)
        predicates, classes = data["predicates"], data["classes"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(predicates, list) or not all(isinstance(p, str) for p in predicates):
        return None
    if classes is not None and (not isinstance(classes, list) or not all(isinstance(c, str) for c in classes)):
        return None
    return Scope(frozenset(predicates), None if classes is None else frozenset(classes))
