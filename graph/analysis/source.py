"""Where the analysis reads the graph from: a Store, an rdflib graph, or a file.

The analysis reads only through SPARQL SELECT, so the same code runs on the
project's store (``graph.store.open_store``: embedded pyoxigraph, rdflib or a
remote endpoint), on an in-memory rdflib ``Dataset`` built by a test, or on a
``.trig``/``.ttl`` file. Queries see the union of all named graphs, as the
Store contract promises.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Union

import rdflib

__all__ = ["open_source", "select", "PREFIXES", "SourceError"]

PREFIXES = """\
PREFIX csg: <https://w3id.org/csgkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

Source = Union[str, Path, rdflib.Graph, Any]


class SourceError(ValueError):
    """The graph source cannot be opened or queried."""


def open_source(source: Source):
    """Return something :func:`select` can query.

    A path opens through ``graph.store.open_store`` when that module exists
    (so a build folder uses its on-disk store), else it is parsed into an
    rdflib ``Dataset`` whose default graph is the union of the named graphs.
    Graphs and store objects pass through unchanged.
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise SourceError(f"graph source {path}: no such file or folder")
        try:
            from graph.store import open_store  # the project's store, when present
        except ImportError:
            open_store = None
        if open_store is not None:
            return open_store(str(path))
        if path.is_dir():
            path = path / "graph.trig"
        ds = rdflib.Dataset(default_union=True)
        fmt = {".trig": "trig", ".ttl": "turtle", ".nq": "nquads", ".nt": "nt"}.get(
            path.suffix, "trig")
        try:
            ds.parse(path, format=fmt)
        except Exception as exc:  # rdflib raises many kinds
            raise SourceError(f"graph source {path}: cannot parse as {fmt}: {exc}") from exc
        return ds
    return source


def select(source: Source, sparql: str, prefixes: bool = True) -> list[dict[str, Any]]:
    """Run a SELECT (``PREFIXES`` prepended unless ``prefixes=False``); rows as dicts var -> term.

    Unbound variables are ``None``. Rows are de-duplicated: a fact stated by
    two documents sits in two named graphs, and the union may repeat it.
    """
    src = open_source(source)
    text = PREFIXES + sparql if prefixes else sparql
    if isinstance(src, rdflib.Graph):
        res = src.query(text)
        names = [str(v) for v in res.vars]
        rows = [tuple(r) for r in res]
    elif hasattr(src, "query"):
        res = src.query(text)
        names = [str(v) for v in res.vars]
        rows = [tuple(r) for r in res.rows]
    else:
        raise SourceError(f"graph source {type(src).__name__}: not a graph, store or path")
    out, seen = [], set()
    for r in rows:
        if r in seen:
            continue
        seen.add(r)
        out.append(dict(zip(names, r)))
    return out
