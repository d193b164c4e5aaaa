"""Engine backends that run SPARQL in the current process.

A backend opens one engine over one source and answers ``run(sparql,
deadline)`` with an encoded ``RawResult`` (see ``graph.store_terms``). The
same backend runs inline (the CLI) or inside a pool worker (the server):
``graph.store`` decides where.

Sources (``spec``): ``("oxigraph-disk", dir)`` an on-disk pyoxigraph store
opened read-only; ``("oxigraph-file", file)`` a dataset file loaded into an
in-memory pyoxigraph store; ``("memory-file", file)`` a dataset file loaded
into rdflib's default Memory store (the comparison baseline).

``deadline`` (a ``time.monotonic()`` value or None) is checked between result
rows only: a single long evaluation step cannot be interrupted in-process,
which is why the server uses the worker pool (a worker is killed at the limit).
"""
from __future__ import annotations

import time
from pathlib import Path

from itertools import islice

from .store_terms import RawResult, encode_ox, encode_rdflib

__all__ = [
    "QueryError",
    "QueryTimeout",
    "StoreError",
    "FILE_FORMATS",
    "open_backend",
    "OxigraphBackend",
    "RdflibBackend",
    "merge_default_graph",
    "has_merged_default_graph",
]

# file suffix -> (pyoxigraph RdfFormat attribute, rdflib parser name)
FILE_FORMATS = {
    ".trig": ("TRIG", "trig"),
    ".nq": ("N_QUADS", "nquads"),
    ".nquads": ("N_QUADS", "nquads"),
    ".ttl": ("TURTLE", "turtle"),
    ".nt": ("N_TRIPLES", "nt"),
}


class StoreError(RuntimeError):
    """The store could not be opened or failed while answering."""


class QueryError(ValueError):
    """The SPARQL text is invalid (syntax error, unsupported form)."""


class QueryTimeout(TimeoutError):
    """A query went past its time limit and was stopped."""


def _format_of(path: Path) -> tuple[str, str]:
    fmt = FILE_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(
            f"{path}: unknown dataset file type {path.suffix!r}; "
            f"expected one of {', '.join(sorted(FILE_FORMATS))}"
        )
    return fmt


def _check_deadline(deadline: float | None, limit: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise QueryTimeout(f"query stopped at the {limit:g} s time limit")


# pyoxigraph's use_default_graph_as_union repeats a triple once per graph that
# holds it (a fact stated by two documents would count twice), so the merged
# view is materialised instead: the default graph holds the set union of all
# graphs, and queries run against it without the union flag.
MERGE_UPDATE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def _capped(rows, max_rows: int | None):
    """``rows`` itself, or its first ``max_rows + 1`` (one more than the cap tells that there were more)."""
    return rows if max_rows is None else islice(rows, max_rows + 1)


def merge_default_graph(store) -> None:
    """Add every triple of every named graph to the default graph (a set)."""
    store.update(MERGE_UPDATE)


def has_merged_default_graph(store) -> bool:
    """False when a store has named graphs but nothing in its default graph."""
    if store.query("ASK { ?s ?p ?o }"):
        return True
    return not store.query("ASK { GRAPH ?g { ?s ?p ?o } }")


class OxigraphBackend:
    """pyoxigraph; the default graph holds the merged union of all graphs."""

    engine = "oxigraph"

    def __init__(self, kind: str, path: Path) -> None:
        import pyoxigraph as ox

        self._ox = ox
        path = Path(path)
        try:
            if kind == "oxigraph-disk":
                self.store = ox.Store.read_only(str(path))
            else:
                fmt = getattr(ox.RdfFormat, _format_of(path)[0])
                self.store = ox.Store()
                self.store.bulk_load(path=str(path), format=fmt)
                merge_default_graph(self.store)
        except (OSError, SyntaxError, ValueError) as e:
            raise StoreError(f"{path}: cannot open with pyoxigraph: {e}") from e
        if kind == "oxigraph-disk" and not has_merged_default_graph(self.store):
            raise StoreError(
                f"{path}: on-disk store has named graphs but an empty default graph; "
                "it was not written by graph.store.build_store (rebuild it)"
            )

    def run(self, sparql: str, deadline: float | None = None, limit: float | None = None,
            max_rows: int | None = None) -> RawResult:
        """Answer ``sparql``; with ``max_rows``, read at most ``max_rows + 1`` rows (or triples)
        off pyoxigraph's lazy result, so a huge answer is never held (more than ``max_rows``
        means it was cut)."""
        ox = self._ox
        try:
            res = self.store.query(sparql)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        except OSError as e:
            raise StoreError(f"pyoxigraph failed: {e}") from e
        try:
            if isinstance(res, ox.QueryBoolean):
                return RawResult("ask", boolean=bool(res))
            if isinstance(res, ox.QuerySolutions):
                names = [v.value for v in res.variables]
                rows = []
                append = rows.append
                width = range(len(names))
                n = 0
                for sol in _capped(res, max_rows):
                    append(tuple([encode_ox(sol[i]) for i in width]))
                    n += 1
                    if deadline is not None and not n & 255:
                        _check_deadline(deadline, limit)
                return RawResult("select", vars=names, rows=rows)
            triples = []
            n = 0
            for t in _capped(res, max_rows):
                triples.append((encode_ox(t.subject), encode_ox(t.predicate), encode_ox(t.object)))
                n += 1
                if deadline is not None and not n & 255:
                    _check_deadline(deadline, limit)
            return RawResult("graph", triples=triples)
        except QueryTimeout:  # a TimeoutError is an OSError too
            raise
        except OSError as e:
            raise StoreError(f"pyoxigraph failed: {e}") from e

    def close(self) -> None:
        self.store = None


class RdflibBackend:
    """rdflib Dataset over the default Memory store, default graph = union."""

    engine = "memory"

    def __init__(self, path: Path) -> None:
        from rdflib import Dataset

        path = Path(path)
        self.dataset = Dataset(default_union=True)
        try:
            self.dataset.parse(str(path), format=_format_of(path)[1])
        except StoreError:
            raise
        except Exception as e:  # rdflib raises many parser-specific types
            raise StoreError(f"{path}: cannot parse with rdflib: {e}") from e

    def run(self, sparql: str, deadline: float | None = None, limit: float | None = None,
            max_rows: int | None = None) -> RawResult:
        """As OxigraphBackend.run; rdflib answers whole, so ``max_rows`` only cuts what is kept."""
        from pyparsing import ParseException

        try:
            res = self.dataset.query(sparql)
        except ParseException as e:
            raise QueryError(f"SPARQL syntax error: {e}") from e
        if res.type == "ASK":
            return RawResult("ask", boolean=bool(res.askAnswer))
        if res.type == "SELECT":
            names = [str(v) for v in res.vars]
            rows = []
            for n, row in enumerate(_capped(res, max_rows), 1):
                rows.append(tuple(encode_rdflib(x) for x in row))
                if deadline is not None and not n & 255:
                    _check_deadline(deadline, limit)
            return RawResult("select", vars=names, rows=rows)
        triples = [tuple(encode_rdflib(x) for x in t) for t in _capped(res.graph, max_rows)]
        return RawResult("graph", triples=triples)

    def close(self) -> None:
        self.dataset = None


def open_backend(spec: tuple[str, str]):
    """Open the backend a ``(kind, path)`` spec names."""
    kind, path = spec
    if kind in ("oxigraph-disk", "oxigraph-file"):
        return OxigraphBackend(kind, Path(path))
    if kind == "memory-file":
        return RdflibBackend(Path(path))
    raise StoreError(f"unknown backend spec {kind!r}")
