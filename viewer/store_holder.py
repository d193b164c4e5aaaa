"""Opens the store on first use and reopens it when a new build replaces it.

Why: ``python -m viewer`` should serve whatever the last build wrote. The build
swaps out/ in one rename, so a changed inode or mtime of the build folder
means a new graph; the next request after that opens the new one.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from .settings import Settings

__all__ = ["StoreHolder"]


class StoreHolder:
    """Lazily opened ``graph.store.Store`` shared by the routes of one app."""

    CHECK_EVERY = 2.0  # seconds between checks of the build folder

    def __init__(self, settings: Settings, store=None) -> None:
        self.settings = settings
        self._store = store
        self._injected = store is not None
        self._stamp = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def _build_stamp(self):
        try:
            st = os.stat(Path(self.settings.graph))
            return (st.st_ino, st.st_mtime_ns)
        except OSError:
            return None

    def get(self):
        if self._injected:
            return self._store
        with self._lock:
            now = time.monotonic()
            if self._store is not None and self.settings.endpoint is None and now - self._checked > self.CHECK_EVERY:
                self._checked = now
                if self._build_stamp() != self._stamp:
                    old, self._store = self._store, None
                    old.close()
            if self._store is None:
                self._store = self._open()
            return self._store

    def _open(self):
        from graph.store import open_store

        s = self.settings
        if s.endpoint:
            return open_store(endpoint=s.endpoint, texts_dir=s.texts_dir)
        self._stamp = self._build_stamp()
        self._checked = time.monotonic()
        store = open_store(s.graph, mode="pool", workers=s.store_workers, texts_dir=s.texts_dir)
        _warm(store, s.store_workers)
        return store

    def close(self) -> None:
        with self._lock:
            if self._store is not None and not self._injected:
                self._store.close()
            self._store = None


def _warm(store, workers: int, limit: float = 120.0) -> None:
    """Start every pool worker now (one trivial query each, concurrently), so that a
    worker's start-up is not charged to the first user queries' time limit."""
    threads = [threading.Thread(target=store.query, args=("ASK {}",), kwargs={"timeout": limit}, daemon=True)
               for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(limit)
