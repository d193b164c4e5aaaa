"""Opens the store on first use and reopens it when a new build replaces it.

Why: ``python -m viewer`` should serve whatever the last build wrote. The build
swaps out/ in one rename, so a changed inode or mtime of the build folder
means a new graph; the next request after that opens the new one.

Two lanes, two worker pools over the same read-only build: ``api`` answers
the pages' and the explorer's own bounded look-ups, ``sparql`` the queries
users write on /sparql. A user query that runs to the time limit has its
worker killed and replaced; with one pool that replacement's start-up (and
the query itself) would sit in front of the explorer's requests. An injected
store (tests) or a remote endpoint serves both lanes.

A replaced store is closed only after the requests that may still use it
have had their time (``query_timeout`` plus a margin), so a rebuild never
turns running requests into errors.
"""
from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .settings import Settings

__all__ = ["StoreHolder", "ViewCache"]

LANES = ("api", "sparql")


class ViewCache:
    """Bounded LRU of computed views (entity pages, search answers) for one store.

    The graph of a build never changes, so an answer computed once stays
    right until the store is replaced; the holder clears the cache then."""

    def __init__(self, size: int, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.size = size
        self.max_bytes = max_bytes  # bytes values (encoded answers) count by length
        self._bytes = 0
        self._data: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key, compute):
        if self.size == 0:
            return compute()
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = compute()  # outside the lock: two misses may compute twice, never block each other
        with self._lock:
            if key in self._data:
                self._bytes -= _weight(self._data[key])
            self._data[key] = value
            self._bytes += _weight(value)
            self._data.move_to_end(key)
            while len(self._data) > self.size or (self._bytes > self.max_bytes and len(self._data) > 1):
                self._bytes -= _weight(self._data.popitem(last=False)[1])
        return value

    def peek(self, key):
        """The cached value, or None (never computes)."""
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        return None

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)


def _weight(value) -> int:
    return len(value) if isinstance(value, (bytes, str)) else 0


class StoreHolder:
    """Lazily opened ``graph.store.Store`` per lane, shared by the routes of one app."""

    CHECK_EVERY = 2.0  # seconds between checks of the build folder

    def __init__(self, settings: Settings, store=None) -> None:
        self.settings = settings
        self._stores: dict[str, object] = {lane: store for lane in LANES} if store is not None else {}
        self._injected = store is not None
        self._stamp = None
        self._checked = 0.0
        self._lock = threading.Lock()
        self._retiring: list[threading.Timer] = []
        self.views = ViewCache(settings.view_cache)
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    @property
    def sparql_executor(self) -> ThreadPoolExecutor:
        """Threads of lower CPU priority for user queries: the worker processes they start (the
        pool, and every replacement after a kill) inherit it, so runaway queries yield to the
        explorer. Made again after ``close`` (an app may be started and stopped more than once)."""
        with self._executor_lock:
            if self._executor is None:
                s = self.settings
                self._executor = ThreadPoolExecutor(max_workers=max(4, 2 * s.sparql_workers + 2),
                                                    thread_name_prefix="sparql", initializer=_lower_priority,
                                                    initargs=(s.sparql_nice,))
            return self._executor

    def _build_stamp(self):
        try:
            st = os.stat(Path(self.settings.graph))
            return (st.st_ino, st.st_mtime_ns)
        except OSError:
            return None

    def get(self, lane: str = "api"):
        """The store answering ``lane`` ("api" or "sparql")."""
        if lane not in LANES:
            raise ValueError(f"lane must be one of {LANES}, got {lane!r}")
        if self._injected:
            return self._stores[lane]
        with self._lock:
            now = time.monotonic()
            if self._stores and self.settings.endpoint is None and now - self._checked > self.CHECK_EVERY:
                self._checked = now
                if self._build_stamp() != self._stamp:
                    self._retire(list(self._stores.values()))
                    self._stores = {}
                    self.views.clear()
            if not self._stores:
                self._stores = self._open()
            return self._stores[lane]

    def _retire(self, stores: list) -> None:
        """Close replaced stores once requests that started on them have had their time."""
        grace = self.settings.query_timeout + 5.0
        for store in {id(s): s for s in stores}.values():
            t = threading.Timer(grace, store.close)
            t.daemon = True
            t.start()
            self._retiring.append(t)

    def _open(self) -> dict:
        from graph.store import open_store

        s = self.settings
        if s.endpoint:
            remote = open_store(endpoint=s.endpoint, texts_dir=s.texts_dir)
            return {lane: remote for lane in LANES}
        self._stamp = self._build_stamp()
        self._checked = time.monotonic()
        stores = {}
        try:
            stores["api"] = open_store(s.graph, mode="pool", workers=s.store_workers, texts_dir=s.texts_dir)
            stores["sparql"] = self.sparql_executor.submit(
                open_store, s.graph, mode="pool", workers=s.sparql_workers, texts_dir=s.texts_dir).result()
        except BaseException:
            for st in stores.values():
                st.close()
            raise
        warming = self.sparql_executor.submit(_warm, stores["sparql"], s.sparql_workers)
        _warm(stores["api"], s.store_workers)
        warming.result()
        return stores

    def close(self) -> None:
        with self._lock:
            if not self._injected:
                for store in {id(s): s for s in self._stores.values()}.values():
                    store.close()
                for t in self._retiring:
                    if t.is_alive():
                        t.cancel()
                        t.function()
            self._stores = {} if not self._injected else self._stores
            self._retiring = []
            self.views.clear()
        with self._executor_lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


def _lower_priority(nice: int) -> None:
    """Raise this thread's nice value (Linux: per thread, inherited by processes it starts)."""
    if nice <= 0:
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), nice))
    except (AttributeError, OSError):  # not Linux, or not allowed: run at normal priority
        pass


def _warm(store, workers: int, limit: float = 120.0) -> None:
    """Start every pool worker now (one trivial query each, concurrently), so that a
    worker's start-up is not charged to the first user queries' time limit."""
    threads = [threading.Thread(target=store.query, args=("ASK {}",), kwargs={"timeout": limit}, daemon=True)
               for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(limit)
