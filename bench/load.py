"""Loopback load test of the viewer: many explorer clients and one query hammer.

``python -m bench.load --clients 20 --seconds 20`` starts ``python -m viewer``
on a free 127.0.0.1 port over a build folder (default ``out/``), then runs,
for a bounded time and a bounded number of requests:

- ``--clients`` explorer clients, each a separate connection from its own
  loopback address (127.0.0.x, so per-client limits see distinct clients),
  mixing the explorer's API calls (``/api/entity``, ``/api/snapshot``,
  ``/api/search``, ``/api/councils/{gss}/timeline``, ``/api/network``) with
  the project's contract queries (``queries/*.rq`` through ``/sparql``), with
  a short random pause between requests (a user clicking, the search box
  asking as one types);
- ``--hammers`` clients that send a cartesian-product query to ``/sparql``
  back to back: each is stopped at the server's time limit (503) or refused
  over its concurrency share (429), both expected answers.

It reports, per kind of request, throughput, p50/p95/max latency and the
error count (an error is any unexpected status or a failed connection), and
exits 1 when ``--max-p95-ms`` or ``--max-errors`` is exceeded. Everything
stays on loopback; the server is stopped at the end (only the process this
module started). ``run_load`` is the same thing against a running server
(tests/test_load.py uses it).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

__all__ = ["Workload", "discover", "run_load", "serve", "HAMMER_QUERY", "main"]

ROOT = Path(__file__).resolve().parent.parent
# every triple times every triple times every triple: never finishes on any real graph
HAMMER_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
MAX_REQUESTS_PER_CLIENT = 100_000  # hard bound next to the duration
API_KINDS = ("entity", "snapshot", "search", "timeline", "network")
API_WEIGHTS = (40, 20, 20, 12, 8)
CONTRACT_SHARE = 0.2  # of an explorer client's requests


@dataclass
class Workload:
    """What the explorer clients ask for: real IRIs, months, words and queries of the served graph."""

    entities: list[str]
    councils: list[str]
    months: list[str]
    words: list[str]
    queries: dict[str, str]


def stop_process(proc: subprocess.Popen) -> None:
    """End a server started for a run: SIGTERM, then SIGKILL if it has not gone in 10 s."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


def discover(base: str, queries_dir: Path = ROOT / "queries", timeout: float = 120.0) -> Workload:
    """Read the explorer model once (it also warms the server's model cache)."""
    r = httpx.get(base + "/api/network", timeout=timeout)
    r.raise_for_status()
    model = r.json()
    nodes = model["nodes"]
    linked = {e["source"] for e in model["edges"]} | {e["target"] for e in model["edges"]}
    entities = [n["id"] for n in nodes if n["id"] in linked] or [n["id"] for n in nodes]
    councils = sorted({n["id"].rsplit("/", 1)[-1] for n in nodes if n["kind"] == "council" and n["id"] in linked})
    first, last = (model.get("first") or "2015-01"), (model.get("last") or "2024-12")
    months = _months(first, last) or ["2020-01"]
    words = sorted({w.lower() for n in nodes for w in n["label"].split() if len(w) >= 4 and w.isalpha()})[:200]
    queries = {p.stem: p.read_text(encoding="utf-8") for p in sorted(Path(queries_dir).glob("*.rq"))}
    return Workload(entities, councils or ["E06000027"], months, words or ["council"], queries)


def _months(first: str, last: str) -> list[str]:
    try:
        y, m = int(first[:4]), int(first[5:7])
        ly, lm = int(last[:4]), int(last[5:7])
    except (ValueError, IndexError):
        return []
    out = []
    while (y, m) <= (ly, lm) and len(out) < 600:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    error_samples: list[str] = field(default_factory=list)

    def add(self, seconds: float, status: int | None, ok: bool, why: str = "") -> None:
        self.latencies.append(seconds)
        if status is not None:
            self.statuses[status] = self.statuses.get(status, 0) + 1
        if not ok:
            self.errors += 1
            if len(self.error_samples) < 5:
                self.error_samples.append(why)

    def summary(self, seconds: float) -> dict:
        lat = sorted(self.latencies)

        def pct(p: float) -> float | None:
            if not lat:
                return None
            return round(1000 * lat[min(len(lat) - 1, max(0, int(round(p * len(lat))) - 1))], 1)

        return {"requests": len(lat), "per_second": round(len(lat) / seconds, 1) if seconds else None,
                "p50_ms": pct(0.50), "p95_ms": pct(0.95), "max_ms": pct(1.0), "errors": self.errors,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "error_samples": self.error_samples}


def _request(kind: str, w: Workload, rng: random.Random) -> tuple[str, str, dict]:
    """(method, path, httpx kwargs) of one explorer API call of ``kind``."""
    if kind == "entity":
        return "GET", "/api/entity?iri=" + quote(rng.choice(w.entities), safe=""), {}
    if kind == "snapshot":
        return "GET", "/api/snapshot?date=" + rng.choice(w.months), {}
    if kind == "search":
        word = rng.choice(w.words)
        return "GET", "/api/search?limit=15&q=" + quote(word[: rng.randint(2, max(2, len(word)))]), {}
    if kind == "timeline":
        return "GET", f"/api/councils/{rng.choice(w.councils)}/timeline", {}
    return "GET", "/api/network", {}


class _Answer:
    __slots__ = ("status_code", "content")

    def __init__(self, status: int, content: bytes) -> None:
        self.status_code, self.content = status, content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class LeanClient:
    """A minimal HTTP/1.1 keep-alive client on asyncio streams, one connection per client.

    Why not httpx here: on a small machine the load generator shares the CPU with the
    server, and httpx costs more CPU per request than the server does, which would be
    measured as server latency. The viewer always sends Content-Length (or chunks, which
    this reads too); ``reconnects`` counts connections the server closed."""

    def __init__(self, base: str, address: str | None, timeout: float) -> None:
        rest = base.split("://", 1)[1].rstrip("/")
        host, _, port = rest.partition(":")
        self.host, self.port = host, int(port or 80)
        self.address, self.timeout = address, timeout
        self.reader = self.writer = None
        self.reconnects = 0

    async def __aenter__(self) -> "LeanClient":
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            try:
                await self.writer.wait_closed()
            except OSError:
                pass
        self.reader = self.writer = None

    async def _connect(self) -> None:
        local = (self.address, 0) if self.address else None
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port, local_addr=local)

    async def request(self, method: str, path: str, content: bytes = b"", headers: dict | None = None) -> _Answer:
        return await asyncio.wait_for(self._request(method, path, content, headers or {}), self.timeout)

    async def _request(self, method, path, content, headers) -> _Answer:
        if self.writer is None:
            await self._connect()
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", f"Content-Length: {len(content)}"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + content)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:  # the server closed the kept-alive connection: once more on a new one
            await self.close()
            self.reconnects += 1
            return await self._request(method, path, content, headers)
        status = int(status_line.split()[1])
        length, chunked, close = None, False, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
            elif name == "connection" and value.lower() == "close":
                close = True
        if chunked:
            body = bytearray()
            while True:
                size = int((await self.reader.readline()).split(b";")[0], 16)
                if size == 0:
                    await self.reader.readline()
                    break
                body += await self.reader.readexactly(size)
                await self.reader.readline()
            body = bytes(body)
        elif length is not None:
            body = await self.reader.readexactly(length) if length else b""
        else:
            body = await self.reader.read()
            close = True
        if close:
            await self.close()
        return _Answer(status, body)


def _client(base: str, address: str | None, timeout: float) -> LeanClient:
    return LeanClient(base, address, timeout)


async def _explorer(i: int, base: str, w: Workload, deadline: float, think: float, tallies: dict,
                    address: str | None, seed: int, timeout: float) -> None:
    rng = random.Random(seed * 1000 + i)
    names = sorted(w.queries)
    async with _client(base, address, timeout) as c:
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            if names and rng.random() < CONTRACT_SHARE:
                name = rng.choice(names)
                cat, method, path = "contract", "POST", "/sparql"
                kw = {"content": w.queries[name].encode("utf-8"),
                      "headers": {"Content-Type": "application/sparql-query",
                                  "Accept": "application/sparql-results+json"}}
                expected = {200}
            else:
                kind = rng.choices(API_KINDS, API_WEIGHTS)[0]
                cat = "api"
                method, path, kw = _request(kind, w, rng)
                expected = {200}
            await _one(c, cat, method, path, kw, expected, tallies, "api:" + kind if cat == "api" else None)
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))


async def _hammer(i: int, base: str, deadline: float, tallies: dict, address: str | None, timeout: float) -> None:
    async with _client(base, address, timeout) as c:
        for _ in range(MAX_REQUESTS_PER_CLIENT):
            if time.monotonic() >= deadline:
                return
            kw = {"content": HAMMER_QUERY.encode(), "headers": {"Content-Type": "application/sparql-query"}}
            await _one(c, "hammer", "POST", "/sparql", kw, {200, 429, 503}, tallies)
            if tallies["hammer"].statuses.get(429) and tallies["hammer"].statuses[429] % 50 == 0:
                await asyncio.sleep(0.05)  # refused: do not spin


async def _one(c: httpx.AsyncClient, cat: str, method: str, path: str, kw: dict, expected: set, tallies: dict,
               sub: str | None = None):
    t0 = time.perf_counter()
    if tallies.get("measuring") is False:  # warm-up: same requests, not counted
        cat, sub = "warmup", None
    try:
        r = await c.request(method, path, **kw)
        ok = r.status_code in expected
        args = (time.perf_counter() - t0, r.status_code, ok, "" if ok else f"{r.status_code} {path[:80]}: {r.text[:120]}")
    except (OSError, ValueError, IndexError, asyncio.TimeoutError, asyncio.IncompleteReadError) as e:
        args = (time.perf_counter() - t0, None, False, f"{type(e).__name__} {path[:80]}: {e}")
        await c.close()  # the connection's state is unknown: start a new one
    tallies[cat].add(*args)
    if sub:
        tallies.setdefault(sub, Tally()).add(*args)


def _address(i: int, distinct: bool) -> str | None:
    # every 127.0.0.0/8 address is loopback on Linux: one per client, so the server can tell them apart
    return f"127.0.{(i // 250) + 1}.{(i % 250) + 2}" if distinct else None


def run_load(base: str, *, clients: int = 20, seconds: float = 20.0, hammers: int = 1, think: float = 0.1,
             seed: int = 1, workload: Workload | None = None, distinct_addresses: bool = True,
             request_timeout: float = 60.0, warmup: float = 0.0) -> dict:
    """Run the mix against ``base`` (e.g. http://127.0.0.1:8000) and return the report dict.

    ``warmup`` seconds of the same mix run first and are not counted (the server's
    per-build caches fill); the report says how long it was."""
    if not base.startswith(("http://127.", "http://localhost")):
        raise ValueError(f"base: {base!r} is not a loopback URL; this load test stays on loopback")
    if clients < 1 or seconds <= 0 or seconds > 3600 or hammers < 0:
        raise ValueError("clients >= 1, 0 < seconds <= 3600, hammers >= 0")
    w = workload or discover(base)
    tallies = {k: Tally() for k in ("api", "contract", "hammer", "warmup")}
    tallies["measuring"] = not warmup

    async def main():
        deadline = time.monotonic() + warmup + seconds
        if warmup:
            asyncio.get_running_loop().call_later(warmup, tallies.__setitem__, "measuring", True)
        tasks = [_explorer(i, base, w, deadline, think, tallies, _address(i, distinct_addresses), seed,
                           request_timeout) for i in range(clients)]
        tasks += [_hammer(i, base, deadline, tallies, _address(200 + i, distinct_addresses), request_timeout)
                  for i in range(hammers)]
        await asyncio.wait_for(asyncio.gather(*tasks), seconds + request_timeout + 5)

    t0 = time.monotonic()
    _run_async(main)
    took = time.monotonic() - t0 - warmup
    report = {"clients": clients, "hammers": hammers, "seconds": round(took, 2), "think_s": think,
              "warmup_s": warmup, "loadavg_1min": _loadavg()}
    for k in sorted(k for k in tallies if k not in ("measuring", "warmup")):
        report[k] = tallies[k].summary(took)
    return report


def _run_async(main) -> None:
    """asyncio.run(main()), in a thread of its own when this thread already runs an event loop
    (e.g. under a test session that drives a browser)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(main())
        return
    import threading
    failure: list = []
    t = threading.Thread(target=lambda: _catch(failure, asyncio.run, main()), daemon=True)
    t.start()
    t.join()
    if failure:
        raise failure[0]


def _catch(failure: list, fn, *args) -> None:
    try:
        fn(*args)
    except BaseException as e:  # handed back to the calling thread
        failure.append(e)


def _loadavg() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(graph: Path, *, timeout: float = 5.0, workers: int | None = None, extra: list[str] | None = None,
          start_limit: float = 120.0):
    """Run ``python -m viewer`` over ``graph`` on a free loopback port; yields its base URL."""
    port = _free_port()
    cmd = [sys.executable, "-m", "viewer", "--graph", str(graph), "--port", str(port), "--host", "127.0.0.1",
           "--timeout", str(timeout)] + (["--workers", str(workers)] if workers else []) + (extra or [])
    log = open(os.devnull, "wb")
    errors = tempfile.TemporaryFile()  # a file, not a pipe: an undrained pipe would block the server
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=errors)
    base = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + start_limit
        while True:
            if proc.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"viewer exited with code {proc.returncode}: {errors.read().decode()[-2000:]}")
            try:
                if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > end:
                raise RuntimeError(f"viewer did not answer within {start_limit:g} s")
            time.sleep(0.2)
        yield base
    finally:
        stop_process(proc)
        log.close()
        errors.close()


def _print(report: dict) -> None:
    print(f"{report['clients']} explorer clients, {report['hammers']} hammer(s), {report['seconds']} s measured "
          f"after {report['warmup_s']} s warm-up, think ~{report['think_s']} s, load average {report['loadavg_1min']}")
    print(f"{'kind':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}  statuses")
    for k in ["api", "contract", "hammer"] + sorted(k for k in report if k.startswith("api:")):
        s = report[k]
        print(f"{k:<16}{s['requests']:>10}{s['per_second'] or 0:>9}{s['p50_ms'] or 0:>9}{s['p95_ms'] or 0:>9}"
              f"{s['max_ms'] or 0:>9}{s['errors']:>8}  {s['statuses']}")
        for why in s["error_samples"]:
            print(f"    e.g. {why}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    p.add_argument("--graph", type=Path, default=ROOT / "out", help="build folder to serve (default out/)")
    p.add_argument("--url", default=None, help="use a running viewer on loopback instead of starting one")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--hammers", type=int, default=1)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--think", type=float, default=0.1, help="mean pause between a client's requests (s)")
    p.add_argument("--timeout", type=float, default=5.0, help="the server's SPARQL time limit (s)")
    p.add_argument("--workers", type=int, default=None, help="the server's query worker processes")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--warmup", type=float, default=5.0, help="seconds of the same mix run first, not counted")
    p.add_argument("--json", type=Path, default=None, help="also write the report here")
    p.add_argument("--max-p95-ms", type=float, default=None, help="exit 1 when the api p95 is above this")
    p.add_argument("--max-errors", type=int, default=None, help="exit 1 when api+contract errors exceed this")
    args = p.parse_args(argv)
    if args.url:
        report = run_load(args.url, clients=args.clients, seconds=args.seconds, hammers=args.hammers,
                          think=args.think, seed=args.seed, warmup=args.warmup)
    else:
        if not args.graph.exists():
            print(f"--graph {args.graph}: no build folder (run build_graph.py first)", file=sys.stderr)
            return 2
        with serve(args.graph, timeout=args.timeout, workers=args.workers) as base:
            report = run_load(base, clients=args.clients, seconds=args.seconds, hammers=args.hammers,
                              think=args.think, seed=args.seed, warmup=args.warmup)
    _print(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    failed = False
    if args.max_p95_ms is not None and (report["api"]["p95_ms"] or 0) > args.max_p95_ms:
        print(f"api p95 {report['api']['p95_ms']} ms is over {args.max_p95_ms} ms", file=sys.stderr)
        failed = True
    if args.max_errors is not None and report["api"]["errors"] + report["contract"]["errors"] > args.max_errors:
        print("too many errors", file=sys.stderr)
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
