"""A small pool of worker processes that run SPARQL with a hard time limit.

Why: pyoxigraph (and rdflib) cannot cancel a query in-process. Each worker
opens the engine itself (an on-disk store read-only, or a file) and answers
one query at a time over a pipe; when a query passes its limit the parent
kills that worker (freeing the CPU at once) and starts a replacement. The
pool size is also the limit on concurrent queries.

Workers are started with the "spawn" method so they are safe next to the
threads of a web server, and import only ``graph.store_backends``.
"""
from __future__ import annotations

import multiprocessing as mp
import threading
import time

from .store_backends import QueryError, QueryTimeout, StoreError, open_backend
from .store_terms import RawResult

__all__ = ["WorkerPool", "worker_main"]


def worker_main(conn, spec) -> None:
    """Worker process body: open the backend, then answer queries until told to stop."""
    try:
        backend = open_backend(spec)
    except Exception as e:  # report any opening failure to the parent
        conn.send(("error", "store", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] == "stop":
            return
        try:
            conn.send(("ok", backend.run(msg[1])))
        except QueryError as e:
            conn.send(("error", "query", str(e)))
        except Exception as e:
            conn.send(("error", "store", f"{type(e).__name__}: {e}"))


class _Worker:
    def __init__(self, ctx, spec) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, spec), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def wait_ready(self, timeout: float) -> None:
        if self.ready:
            return
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"store worker did not start within {timeout:g} s")
        try:
            msg = self.conn.recv()
        except EOFError as e:
            self.kill()
            raise StoreError(f"store worker exited while opening (exit code {self.proc.exitcode})") from e
        if msg[0] != "ready":
            self.kill()
            raise StoreError(f"store worker could not open the store: {msg[2]}")
        self.ready = True

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` workers over one source; ``run(sparql, timeout)`` -> RawResult."""

    def __init__(self, spec: tuple[str, str], size: int = 2, start_timeout: float = 600.0) -> None:
        if size < 1:
            raise ValueError(f"workers must be >= 1, got {size}")
        self.spec = spec
        self.size = size
        self.start_timeout = start_timeout
        self._ctx = mp.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Worker] = [_Worker(self._ctx, spec) for _ in range(size)]
        self._busy: set[_Worker] = set()
        self._closed = False
        self.last_killed_pid: int | None = None

    def pids(self) -> list[int]:
        """Process ids of the live workers (for tests and monitoring)."""
        with self._cond:
            return [w.pid for w in self._idle + list(self._busy) if w.proc.is_alive()]

    def _acquire(self, timeout: float | None) -> _Worker:
        end = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._idle:
                if self._closed:
                    raise StoreError("store is closed")
                left = None if end is None else end - time.monotonic()
                if left is not None and left <= 0:
                    raise QueryTimeout(
                        f"no store worker became free within the {timeout:g} s time limit "
                        f"({self.size} busy)"
                    )
                self._cond.wait(left)
            if self._closed:
                raise StoreError("store is closed")
            w = self._idle.pop()
            self._busy.add(w)
            return w

    def _release(self, w: _Worker, dead: bool) -> None:
        with self._cond:
            self._busy.discard(w)
            if dead:
                w.kill()
                if not self._closed:
                    self._idle.append(_Worker(self._ctx, self.spec))
            elif not self._closed:
                self._idle.append(w)
            else:
                w.kill()
            self._cond.notify()

    def run(self, sparql: str, timeout: float | None = None) -> RawResult:
        start = time.monotonic()
        w = self._acquire(timeout)
        dead = True
        try:
            w.wait_ready(self.start_timeout)
            left = None if timeout is None else max(0.0, timeout - (time.monotonic() - start))
            w.conn.send(("query", sparql))
            if not w.conn.poll(left):
                self.last_killed_pid = w.pid
                raise QueryTimeout(
                    f"query stopped at the {timeout:g} s time limit (worker {w.pid} killed)"
                )
            try:
                msg = w.conn.recv()
            except EOFError as e:
                raise StoreError(f"store worker {w.pid} died (exit code {w.proc.exitcode})") from e
            dead = False
            if msg[0] == "ok":
                return msg[1]
            if msg[1] == "query":
                raise QueryError(msg[2])
            raise StoreError(msg[2])
        finally:
            self._release(w, dead)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            workers = self._idle + list(self._busy)
            self._idle = []
            self._cond.notify_all()
        for w in workers:
            try:
                if w.proc.is_alive() and w.ready:
                    w.conn.send(("stop",))
                    w.proc.join(2)
            except (OSError, ValueError):
                pass
            w.kill()
