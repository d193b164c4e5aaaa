"""Who may run how much at once: per-client, per-lane limits with a fair queue.

Why: every query holds a store worker until it ends or is killed at the time
limit, so without admission one client sending expensive queries back to back
(or many at once) holds every worker and everyone else waits. Requests are
sorted into lanes: ``sparql`` (user-written queries on /sparql, a separate
worker pool, see StoreHolder) and ``api`` (the explorer's and the pages'
own bounded look-ups). In each lane a client may have ``per_client`` requests
running and ``queue`` more waiting; past that it gets 429 at once. Waiting is
first come, first served among clients that are under their share, so a
client's next request queues behind the others rather than jumping ahead.
A request that waits longer than ``wait`` seconds gets 503.

A client is the peer address (``scope["client"]``); behind a reverse proxy run
uvicorn with ``--forwarded-allow-ips`` so that it is the real client's.
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque

__all__ = ["Busy", "FairLimiter", "Admission", "lane_of"]


class Busy(Exception):
    """Not admitted: ``status`` 429 (over the client's share) or 503 (waited too long)."""

    def __init__(self, status: int, message: str, retry_after: int = 1) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.retry_after = retry_after


class _Waiter:
    __slots__ = ("client", "loop", "future", "granted", "gone")

    def __init__(self, client: str, loop, future) -> None:
        self.client, self.loop, self.future = client, loop, future
        self.granted = self.gone = False


def _wake(future) -> None:
    if not future.done():
        future.set_result(True)


class FairLimiter:
    """At most ``total`` requests running, ``per_client`` per client, ``queue`` waiting per client.

    Thread-safe (a lock around the counts; waiters are woken on their own event
    loop), so it holds when one app is driven from several loops, as test clients do."""

    def __init__(self, name: str, *, total: int, per_client: int, queue: int, wait: float) -> None:
        if min(total, per_client) < 1 or queue < 0 or wait <= 0:
            raise ValueError(f"lane {name}: total and per_client must be >= 1, queue >= 0, wait > 0")
        self.name = name
        self.total = total
        self.per_client = per_client
        self.queue = queue
        self.wait = wait
        self.running: dict[str, int] = {}
        self.waiting: dict[str, int] = {}
        self._queue: deque[_Waiter] = deque()  # arrival order
        self._n = 0
        self._lock = threading.Lock()

    def _start(self, client: str) -> None:
        self.running[client] = self.running.get(client, 0) + 1
        self._n += 1

    def _grant(self) -> None:
        """Start the earliest waiters that fit, in arrival order (lock held)."""
        for w in list(self._queue):
            if self._n >= self.total:
                return
            if self.running.get(w.client, 0) < self.per_client:
                self._queue.remove(w)
                self._start(w.client)
                w.granted = True
                w.loop.call_soon_threadsafe(_wake, w.future)

    async def acquire(self, client: str) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            if not self._queue and self._n < self.total and self.running.get(client, 0) < self.per_client:
                self._start(client)
                return
            if self.waiting.get(client, 0) >= self.queue:
                raise Busy(429, f"too many concurrent requests from this client in the {self.name} lane "
                                f"({self.per_client} running and {self.queue} waiting at most); retry later")
            w = _Waiter(client, loop, loop.create_future())
            self._queue.append(w)
            self.waiting[client] = self.waiting.get(client, 0) + 1
            self._grant()
        try:
            await asyncio.wait_for(asyncio.shield(w.future), self.wait)
        except BaseException as e:
            with self._lock:
                if w.granted:
                    self._release(client)
                else:
                    self._queue.remove(w)
            if isinstance(e, asyncio.TimeoutError):
                raise Busy(503, f"server busy: no {self.name} slot became free within {self.wait:g} s", 5)
            raise
        finally:
            with self._lock:
                self.waiting[client] -= 1
                if not self.waiting[client]:
                    del self.waiting[client]

    def _release(self, client: str) -> None:
        self.running[client] -= 1
        if not self.running[client]:
            del self.running[client]
        self._n -= 1
        self._grant()

    def release(self, client: str) -> None:
        with self._lock:
            self._release(client)


def lane_of(path: str) -> str | None:
    """The lane of a request path: "sparql" for user queries, "api" for every page and API route
    (they query the store or render large pages: /ontology as Turtle costs CPU too); None for
    static files and the schema."""
    if path == "/sparql":
        return "sparql"
    if path.startswith("/static/") or path in ("/openapi.json", "/favicon.ico"):
        return None  # files and a cached schema: cheap, and the browser fetches many at once
    return "api"


class Admission:
    """ASGI middleware: each HTTP request passes its lane's FairLimiter first (lanes without a
    limiter here, like /sparql, admit in their endpoint: it knows when an answer is cached)."""

    def __init__(self, app, limiters: dict[str, FairLimiter]) -> None:
        self.app = app
        self.limiters = limiters

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limiter = self.limiters.get(lane_of(scope.get("path", "")) or "")
        if limiter is None:
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        try:
            await limiter.acquire(client)
        except Busy as b:
            body = (b.message + "\n").encode()
            await send({"type": "http.response.start", "status": b.status,
                        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode()),
                                    (b"retry-after", str(b.retry_after).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            limiter.release(client)
