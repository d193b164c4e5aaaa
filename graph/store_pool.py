"""A small pool of worker processes that run SPARQL with a hard time limit.

Why: pyoxigraph (and rdflib) cannot cancel a query in-process. Each worker
opens the engine itself (an on-disk store read-only, or a file) and answers
one query at a time over a pipe; when a query passes its limit the parent
kills that worker (freeing the CPU at once) and starts a replacement. The
pool size is also the limit on concurrent queries.

A worker (the first ones and every replacement) joins the idle list only once
it has opened the store, from a thread of the pool: a query never waits for a
worker's start-up while a ready one is free, and a query that does wait (every
worker busy or starting) is charged only the time it actually waited.

``run(..., max_rows=n)`` makes the worker stop reading the engine's result
after ``n + 1`` rows (or triples): a huge answer then costs the worker, the
pipe and the decoding ``n + 1`` rows, and a result with more than ``n`` rows
tells the caller it was cut.

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


def _answer(backend, sparql: str, max_rows: int | None) -> RawResult:
    """One query's result, at most ``max_rows + 1`` rows (or triples) when ``max_rows`` is given.

    pyoxigraph is cut while its result is read. Other engines (rdflib, the comparison baseline)
    answer whole and are cut before pickling: that bounds the pipe and the parent's decoding,
    not the worker's own memory."""
    return backend.run(sparql, max_rows=max_rows)


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
            conn.send(("ok", _answer(backend, msg[1], msg[2])))
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
        self.failure: str | None = None  # why it could not start, once known

    @property
    def pid(self) -> int | None:
        return self.proc.pid

    def wait_ready(self, timeout: float) -> None:
        """Return once the worker has opened the store; raise StoreError (now and on every
        later call) if it cannot."""
        if self.ready:
            return
        if self.failure is None:
            self.failure = self._opening_failure(timeout)
            if self.failure is None:
                self.ready = True
                return
        raise StoreError(self.failure)

    def _opening_failure(self, timeout: float) -> str | None:
        if not self.conn.poll(timeout):
            self.kill()
            return f"store worker did not start within {timeout:g} s"
        try:
            msg = self.conn.recv()
        except EOFError:
            self.kill()
            return f"store worker exited while opening (exit code {self.proc.exitcode})"
        if msg[0] != "ready":
            self.kill()
            return f"store worker could not open the store: {msg[2]}"
        return None

    def kill(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class WorkerPool:
    """``size`` workers over one source; ``run(sparql, timeout, max_rows)`` -> RawResult."""

    def __init__(self, spec: tuple[str, str], size: int = 2, start_timeout: float = 600.0) -> None:
        if size < 1:
            raise ValueError(f"workers must be >= 1, got {size}")
        self.spec = spec
        self.size = size
        self.start_timeout = start_timeout
        self._ctx = mp.get_context("spawn")
        self._cond = threading.Condition()
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()
        self._starting: set[_Worker] = set()
        self._closed = False
        self.last_killed_pid: int | None = None
        for _ in range(size):
            self._spawn()

    def pids(self) -> list[int]:
        """Process ids of the live workers, starting ones included (for tests and monitoring)."""
        with self._cond:
            workers = self._idle + list(self._busy) + list(self._starting)
        return [w.pid for w in workers if w.proc.is_alive()]

    def starting(self) -> int:
        """How many workers are still opening the store (not yet taking queries)."""
        with self._cond:
            return len(self._starting)

    def _spawn(self) -> None:
        """Start a worker process now, in the calling thread (a thread's nice value passes to
        the processes it starts), and admit it from a thread of its own once it is ready."""
        w = _Worker(self._ctx, self.spec)
        with self._cond:
            closed = self._closed
            if not closed:
                self._starting.add(w)
        if closed:
            w.kill()
            return
        threading.Thread(target=self._admit, args=(w,), daemon=True).start()

    def _admit(self, w: _Worker) -> None:
        """Wait for ``w`` to open the store, then make it available (or kill it: pool closed).

        A worker that failed to start is admitted too: the query that takes it gets the
        StoreError at once (not a wait until its limit), and its release starts another."""
        try:
            w.wait_ready(self.start_timeout)
        except StoreError:
            pass
        with self._cond:
            self._starting.discard(w)
            if not self._closed:
                self._idle.append(w)
                self._cond.notify()
                return
        w.kill()

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
                        f"({len(self._busy)} busy, {len(self._starting)} starting)"
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
            closed = self._closed
            if not dead and not closed:
                self._idle.append(w)
                self._cond.notify()
                return
        w.kill()
        if dead and not closed:
            self._spawn()

    def run(self, sparql: str, timeout: float | None = None, max_rows: int | None = None) -> RawResult:
        """Answer ``sparql`` within ``timeout`` seconds (waiting for a free worker included).

        With ``max_rows``, the result holds at most ``max_rows + 1`` rows (or triples); more
        than ``max_rows`` means the answer had more and was cut in the worker."""
        if max_rows is not None and max_rows < 0:
            raise ValueError(f"max_rows must be >= 0, got {max_rows}")
        start = time.monotonic()
        w = self._acquire(timeout)
        dead = True
        try:
            w.wait_ready(self.start_timeout)  # returns at once: idle workers are ready, or failed
            left = None if timeout is None else max(0.0, timeout - (time.monotonic() - start))
            w.conn.send(("query", sparql, max_rows))
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
            starting = list(self._starting)
            self._idle = []
            self._cond.notify_all()
        for w in starting:  # its admitting thread sees the exit, then closes its pipe
            if w.proc.is_alive():
                w.proc.kill()
        for w in workers:
            try:
                if w.proc.is_alive() and w.ready:
                    w.conn.send(("stop",))
                    w.proc.join(2)
            except (OSError, ValueError):
                pass
            w.kill()
