"""One store interface over the built graph, whatever engine answers.

The viewer, the query CLI and the analysis call ``open_store`` and then
``query``/``describe``; the engine underneath can change without touching
them (see ARCHITECTURE.md, "Store interface"):

- ``"oxigraph"`` (default): pyoxigraph. A build folder's ``store/`` is opened
  read-only (no re-parsing); otherwise the dataset file is loaded into memory.
- ``"memory"``: rdflib ``Dataset`` over its default Memory store (the
  comparison baseline of ``bench``).
- ``"remote"``: a SPARQL 1.1 Protocol endpoint over HTTP.

The default graph of every query is the union of all named graphs; ``GRAPH ?g``
sees the named graphs. Result terms are rdflib terms for every engine.

Where queries run (``mode``): ``"inline"`` (the CLI) runs in this process and
checks the time limit between result rows only; ``"pool"`` (the server) runs
each query in one of ``workers`` processes and kills the worker at the limit,
so a runaway query is really stopped and its CPU freed.

For pyoxigraph and remote engines, required triple patterns written after an
OPTIONAL are moved before it when that cannot change the answers
(``graph.store_reorder``): pyoxigraph 0.5 evaluates them as a nested loop
(a contract query took 345 s instead of under 3 s on 100k triples).
"""
from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass, field
from pathlib import Path

from .store_backends import (
    FILE_FORMATS,
    QueryError,
    QueryTimeout,
    StoreError,
    merge_default_graph,
    open_backend,
)
from .store_reorder import reorder_optionals as _reorder_text
from .store_terms import Decoder, RawResult

__all__ = [
    "ENGINES",
    "MODES",
    "QueryResult",
    "Store",
    "StoreError",
    "QueryError",
    "QueryTimeout",
    "open_store",
    "build_store",
    "is_store_dir",
    "dataset_file_in",
]

ENGINES = ("oxigraph", "memory", "remote")
MODES = ("inline", "pool")
# dataset files a build folder may hold, in order of preference
DATASET_NAMES = ("graph.trig", "graph.nq", "graph.ttl")


@dataclass
class QueryResult:
    """The answer to one query. ``kind`` is "select", "ask" or "graph"."""

    kind: str
    vars: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    boolean: bool | None = None
    graph: object = None  # rdflib.Graph for construct/describe
    elapsed: float = 0.0  # seconds, engine time plus decoding

    def bindings(self) -> list[dict]:
        """Rows as dicts of bound variables (unbound ones left out)."""
        return [{v: t for v, t in zip(self.vars, row) if t is not None} for row in self.rows]

    def __len__(self) -> int:
        if self.kind == "select":
            return len(self.rows)
        if self.kind == "graph":
            return len(self.graph)
        return 1


def is_store_dir(path: Path) -> bool:
    """Whether ``path`` holds an on-disk pyoxigraph (RocksDB) store."""
    path = Path(path)
    return path.is_dir() and (path / "CURRENT").is_file()


def dataset_file_in(folder: Path) -> Path | None:
    """The dataset file of a build folder (graph.trig, then .nq, then .ttl)."""
    for name in DATASET_NAMES:
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


def _resolve(location: Path, engine: str) -> tuple[tuple[str, str], Path | None]:
    """Source spec and default texts folder for a location and a local engine."""
    if not location.exists():
        raise FileNotFoundError(
            f"{location}: no such build folder or dataset file (run build_graph.py first?)"
        )
    if location.is_dir():
        if is_store_dir(location):
            if engine != "oxigraph":
                raise StoreError(
                    f"{location} is an on-disk pyoxigraph store; engine {engine!r} needs a dataset file"
                )
            return ("oxigraph-disk", str(location)), location.parent / "texts"
        texts = location / "texts"
        if engine == "oxigraph" and is_store_dir(location / "store"):
            return ("oxigraph-disk", str(location / "store")), texts
        data = dataset_file_in(location)
        if data is None:
            raise FileNotFoundError(
                f"{location}: build folder has no store/ and none of {', '.join(DATASET_NAMES)}"
            )
        location = data
    if location.suffix.lower() not in FILE_FORMATS:
        raise StoreError(
            f"{location}: unknown dataset file type {location.suffix!r}; "
            f"expected one of {', '.join(sorted(FILE_FORMATS))}"
        )
    kind = "oxigraph-file" if engine == "oxigraph" else "memory-file"
    return (kind, str(location)), location.parent / "texts"


@functools.lru_cache(maxsize=256)
def reorder_optionals(sparql: str) -> str:
    """Cached ``graph.store_reorder.reorder_optionals`` (servers repeat their queries)."""
    return _reorder_text(sparql)


def _check_iri(iri: str) -> str:
    iri = str(iri)
    if not iri or any(c in iri for c in '<>"{}|^`\\ \n\t\r'):
        raise ValueError(f"not an absolute IRI usable in SPARQL: {iri!r}")
    return iri


class Store:
    """Read access to the graph through one engine. Use ``open_store``."""

    def __init__(self, engine: str, runner, *, source: str, mode: str,
                 texts_dir: Path | None, cleanup: list | None = None, reorder: bool = False) -> None:
        self.engine = engine
        self.reorder = reorder
        self.mode = mode
        self.source = source
        self.texts_dir = texts_dir
        self._runner = runner
        self._cleanup = cleanup or []
        self._finalizer = weakref.finalize(self, Store._finish, runner, self._cleanup)

    @staticmethod
    def _finish(runner, cleanup) -> None:
        try:
            runner.close()
        finally:
            for path in cleanup:
                shutil.rmtree(path, ignore_errors=True)

    def __repr__(self) -> str:
        return f"<Store engine={self.engine} mode={self.mode} source={self.source}>"

    def query(self, sparql: str, timeout: float | None = None, max_rows: int | None = None) -> QueryResult:
        """Run a SELECT / ASK / CONSTRUCT / DESCRIBE query over the union graph.

        ``max_rows``: keep at most ``max_rows + 1`` rows (or triples), cut while the
        engine's answer is read where the engine allows (pyoxigraph): more than
        ``max_rows`` means the answer was longer. Raises QueryError (bad SPARQL),
        QueryTimeout (past ``timeout`` seconds), StoreError (engine failure)."""
        if timeout is not None and timeout <= 0:
            raise ValueError(f"timeout must be > 0 seconds, got {timeout}")
        if max_rows is not None and max_rows < 0:
            raise ValueError(f"max_rows must be >= 0, got {max_rows}")
        start = time.monotonic()
        if self.reorder:
            sparql = reorder_optionals(sparql)
        raw = self._runner.run(sparql, timeout, max_rows)
        return _decode(raw, time.monotonic() - start)

    def describe(self, iri: str, timeout: float | None = None):
        """rdflib.Graph of the triples with ``iri`` as subject or object, in any graph."""
        iri = _check_iri(iri)
        q = (
            f"CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} "
            f"WHERE {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }} }}"
        )
        return self.query(q, timeout=timeout).graph

    def close(self) -> None:
        """Stop workers / drop the engine and remove temporary files."""
        self._finalizer()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _decode(raw: RawResult, elapsed: float) -> QueryResult:
    dec = Decoder()
    if raw.kind == "select":
        return QueryResult("select", vars=raw.vars, rows=dec.rows(raw.rows), elapsed=elapsed)
    if raw.kind == "ask":
        return QueryResult("ask", boolean=raw.boolean, elapsed=elapsed)
    return QueryResult("graph", graph=dec.graph(raw.triples), elapsed=elapsed)


class _InlineRunner:
    """Runs the backend in this process; one query at a time (a lock), the
    limit checked between rows."""

    def __init__(self, backend) -> None:
        self.backend = backend
        self._lock = threading.Lock()

    def run(self, sparql: str, timeout: float | None, max_rows: int | None = None) -> RawResult:
        with self._lock:
            deadline = None if timeout is None else time.monotonic() + timeout
            return self.backend.run(sparql, deadline, timeout, max_rows=max_rows)

    def close(self) -> None:
        self.backend.close()


class _RemoteRunner:
    def __init__(self, backend) -> None:
        self.backend = backend

    def run(self, sparql: str, timeout: float | None, max_rows: int | None = None) -> RawResult:
        return self.backend.run(sparql, timeout, max_rows=max_rows)

    def close(self) -> None:
        self.backend.close()


def open_store(
    location: str | Path | None = None,
    *,
    endpoint: str | None = None,
    engine: str = "oxigraph",
    mode: str = "inline",
    workers: int = 2,
    texts_dir: str | Path | None = None,
    reorder: bool = True,
) -> Store:
    """Open the graph for reading.

    ``location``: a build folder (its ``store/`` if present, else its
    ``graph.trig``), an on-disk store folder, or a dataset file
    (.trig/.nq/.ttl/.nt); default ``out``. ``endpoint``: a SPARQL 1.1 query URL
    (implies ``engine="remote"``). ``mode``: "inline" or "pool" (``workers``
    processes with a hard time limit). ``texts_dir`` overrides the folder of
    document texts (default: ``texts/`` beside the data when it exists).
    ``reorder``: for pyoxigraph and remote engines, move required triple
    patterns ahead of OPTIONALs when that cannot change the answers
    (``graph.store_reorder``; pyoxigraph 0.5 is pathologically slow otherwise).
    """
    if endpoint is not None and engine == "oxigraph":
        engine = "remote"
    if engine not in ENGINES:
        raise ValueError(f"unknown store engine {engine!r}: choose one of {', '.join(ENGINES)}")
    if mode not in MODES:
        raise ValueError(f"unknown store mode {mode!r}: choose one of {', '.join(MODES)}")
    texts = Path(texts_dir) if texts_dir is not None else None

    if engine == "remote":
        if endpoint is None:
            raise ValueError("engine 'remote' needs endpoint='http://host:port/query'")
        from .store_remote import RemoteBackend

        return Store("remote", _RemoteRunner(RemoteBackend(endpoint)), source=endpoint,
                     mode="remote", texts_dir=texts, reorder=reorder)

    if location is None:
        location = "out"
    location = Path(location)
    spec, default_texts = _resolve(location, engine)
    if texts is None and default_texts is not None and default_texts.is_dir():
        texts = default_texts
    cleanup: list = []
    source = spec[1]  # the store folder or dataset file actually read
    if mode == "pool":
        from .store_pool import WorkerPool

        if spec[0] == "oxigraph-file":
            # bulk-load once to a temporary on-disk store the workers share read-only
            tmp = Path(tempfile.mkdtemp(prefix="csgkg-store-"))
            cleanup.append(tmp)
            try:
                build_store(spec[1], tmp / "store")
            except Exception:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            spec = ("oxigraph-disk", str(tmp / "store"))
        runner = WorkerPool(spec, size=workers)
    else:
        runner = _InlineRunner(open_backend(spec))
    return Store(engine, runner, source=source, mode=mode, texts_dir=texts, cleanup=cleanup,
                 reorder=reorder and engine == "oxigraph")


def build_store(dataset_path: str | Path, store_dir: str | Path) -> Path:
    """Bulk-load a dataset file into a new on-disk pyoxigraph store at ``store_dir``.

    The build calls this to write ``out/store`` so servers start without
    re-parsing. The default graph is written as the merged union of all
    graphs (each triple once), the named graphs as they are. ``store_dir``
    must not exist or be empty. Returns it."""
    import pyoxigraph as ox

    dataset_path, store_dir = Path(dataset_path), Path(store_dir)
    if not dataset_path.is_file():
        raise FileNotFoundError(f"{dataset_path}: dataset file not found")
    fmt_name = FILE_FORMATS.get(dataset_path.suffix.lower())
    if fmt_name is None:
        raise StoreError(
            f"{dataset_path}: unknown dataset file type {dataset_path.suffix!r}; "
            f"expected one of {', '.join(sorted(FILE_FORMATS))}"
        )
    if store_dir.exists() and any(store_dir.iterdir()):
        raise FileExistsError(f"{store_dir}: store folder exists and is not empty")
    store_dir.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(store_dir))
    try:
        store.bulk_load(path=str(dataset_path), format=getattr(ox.RdfFormat, fmt_name[0]))
        merge_default_graph(store)
        store.flush()
    except SyntaxError as e:
        del store
        shutil.rmtree(store_dir, ignore_errors=True)
        raise StoreError(f"{dataset_path}: parse error while loading: {e}") from e
    del store  # releases the RocksDB lock so readers can open it
    # Opening it once more drops the write-ahead log of the merge, already flushed:
    # RocksDB keeps that file until the next open (a 1M-triple store: 440 MB, not 790)
    ox.Store(str(store_dir)).flush()
    return store_dir
