"""One benchmark phase in its own process (so its peak RSS is its own).

``python -m bench.engine_child SPEC.json OUT.json``: SPEC names the phase and
its inputs; OUT receives timings, row counts and peak memory. Phases:

- ``build``: ``graph.store.build_store`` (bulk load + merged default graph);
- ``pair``: our Store and raw pyoxigraph in one process, runs alternating
  (the timings the report compares);
- ``store``: queries through ``open_store`` (oxigraph, inline) alone;
- ``inmem``: our Store on an in-memory pyoxigraph store loaded from the TriG;
- ``raw``: ``pyoxigraph.Store.read_only`` directly, on the text our Store
  sends it (after ``graph.store_reorder``);
- ``raw_as_written``: the same, on the query text as written;
- ``memory``: rdflib ``Dataset(default_union=True)`` on its Memory store;
- ``server``: ``open_store(mode="pool")`` start-up and peak memory with workers;
- ``fts``: text index build and searches vs a SPARQL CONTAINS scan;
- ``shacl``: ``graph.validate.validate`` on a plain in-memory graph.

Per-query limits: rdflib and pySHACL are pure Python, so a SIGALRM raises in
them and the phase goes on; pyoxigraph phases are bounded by the parent.
"""
from __future__ import annotations

import json
import resource
import signal
import statistics
import sys
import time
from pathlib import Path

__all__ = ["main", "summarise"]


class Overtime(Exception):
    pass



def _consume(res) -> int:
    """Read every row of a raw pyoxigraph result (as a caller would) and count them."""
    import pyoxigraph as ox
    if isinstance(res, ox.QueryBoolean):
        return 1
    if isinstance(res, ox.QuerySolutions):
        width = range(len(res.variables))
        return len([tuple([s[i] for i in width]) for s in res])
    return len(list(res))


def _alarm(signum, frame):
    raise Overtime()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """Peak resident memory of a live process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def summarise(samples: list[float]) -> dict:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, max(0, -(-95 * len(s) // 100) - 1))]  # nearest rank
    return {"median_ms": statistics.median(s) * 1000, "p95_ms": p95 * 1000,
            "runs": len(s), "min_ms": s[0] * 1000}


def time_queries(run, queries: dict, repeats: int, warmup: int, budget: float,
                 timeout: float | None, progress: str | None = None) -> dict:
    """run(text) -> row count. Each query: ``warmup`` untimed runs, then up to
    ``repeats`` timed runs (stopping early once ``budget`` seconds are spent).
    With ``timeout``, a SIGALRM stops a run; the query is then marked timed out.
    ``progress``: a JSON-lines file told when each query starts and ends, so
    the parent can kill this process when a query that cannot be interrupted
    (pyoxigraph) passes the limit, and go on without it."""
    out = {}
    log = open(progress, "a", encoding="utf-8") if progress else None
    for name, text in queries.items():
        if log:
            log.write(json.dumps({"start": name}) + "\n")
            log.flush()
        rec: dict = {}
        samples = []
        try:
            for i in range(warmup + repeats):
                if timeout:
                    signal.signal(signal.SIGALRM, _alarm)
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                t0 = time.perf_counter()
                try:
                    rows = run(text)
                finally:
                    if timeout:
                        signal.setitimer(signal.ITIMER_REAL, 0)
                dt = time.perf_counter() - t0
                rec["rows"] = rows
                if i >= warmup or dt > budget:
                    samples.append(dt)
                if sum(samples) > budget and samples:
                    break
        except Overtime:
            rec["timeout_s"] = timeout
        except Exception as e:  # record and go on with the next query
            rec["error"] = f"{type(e).__name__}: {e}"[:300]
        if samples:
            rec.update(summarise(samples))
        out[name] = rec
        if log:
            log.write(json.dumps({"done": name, "rec": rec}) + "\n")
            log.flush()
    return out


# ---------------------------------------------------------------- phases

def phase_build(spec: dict) -> dict:
    from graph.store import build_store

    t0 = time.perf_counter()
    build_store(spec["data"], spec["store"])
    load = time.perf_counter() - t0
    import pyoxigraph as ox

    st = ox.Store.read_only(spec["store"])
    quads = len(st)
    size = sum(p.stat().st_size for p in Path(spec["store"]).rglob("*") if p.is_file())
    return {"load_s": load, "quads_incl_merged_default": quads, "disk_mb": size / 2**20}


def phase_store(spec: dict) -> dict:
    from graph.store import open_store

    t0 = time.perf_counter()
    store = open_store(spec["store"])
    store.query("ASK { ?s ?p ?o }")
    open_s = time.perf_counter() - t0

    def run(text):
        res = store.query(text)
        return len(res)

    q = time_queries(run, spec["queries"], spec["repeats"], spec["warmup"], spec["budget"], None,
                     spec.get("progress"))
    return {"open_s": open_s, "queries": q}


def phase_pair(spec: dict) -> dict:
    """Our Store and raw pyoxigraph (on the text the Store sends it) on the
    same on-disk store in one process, runs alternating, so both see the
    same caches and machine load: Store/raw is the overhead of our layer."""
    import pyoxigraph as ox
    from graph.store import open_store
    from graph.store_reorder import reorder_optionals

    t0 = time.perf_counter()
    store = open_store(spec["store"])
    store.query("ASK { ?s ?p ?o }")
    open_s = time.perf_counter() - t0
    raw = ox.Store.read_only(spec["store"])

    def run_store(text):
        return len(store.query(text))

    def run_raw(text):
        return _consume(raw.query(text))

    log = open(spec["progress"], "a", encoding="utf-8") if spec.get("progress") else None
    out = {}
    for name, text in spec["queries"].items():
        if log:
            log.write(json.dumps({"start": name}) + "\n")
            log.flush()
        sent = reorder_optionals(text)
        rec: dict = {"store": {}, "raw": {}}
        samples = {"store": [], "raw": []}
        try:
            for i in range(spec["warmup"] + spec["repeats"]):
                order = (("store", run_store, text), ("raw", run_raw, sent))
                for which, fn, q in (order if i % 2 == 0 else order[::-1]):
                    t0 = time.perf_counter()
                    rec[which]["rows"] = fn(q)
                    dt = time.perf_counter() - t0
                    if i >= spec["warmup"] or dt > spec["budget"]:
                        samples[which].append(dt)
                if sum(samples["store"]) + sum(samples["raw"]) > spec["budget"] and samples["store"]:
                    break
        except Exception as e:
            rec["error"] = f"{type(e).__name__}: {e}"[:300]
        for which in ("store", "raw"):
            if samples[which]:
                rec[which].update(summarise(samples[which]))
        out[name] = rec
        if log:
            log.write(json.dumps({"done": name, "rec": rec}) + "\n")
            log.flush()
    return {"open_s": open_s, "queries": out}


def phase_inmem(spec: dict) -> dict:
    """Our Store with pyoxigraph in memory (``open_store`` on the TriG file):
    load time and queries, for comparison with the on-disk store."""
    from graph.store import open_store

    t0 = time.perf_counter()
    store = open_store(spec["data"])
    store.query("ASK { ?s ?p ?o }")
    load = time.perf_counter() - t0

    def run(text):
        return len(store.query(text))

    q = time_queries(run, spec["queries"], spec["repeats"], spec["warmup"], spec["budget"], None,
                     spec.get("progress"))
    return {"load_s": load, "queries": q}


def phase_raw(spec: dict) -> dict:
    """Raw pyoxigraph on the text our Store sends it (after reordering), so
    Store/raw is the overhead of our layer alone."""
    from graph.store_reorder import reorder_optionals

    spec = dict(spec, queries={k: reorder_optionals(v) for k, v in spec["queries"].items()})
    return phase_raw_as_written(spec)


def phase_raw_as_written(spec: dict) -> dict:
    """Raw pyoxigraph on the query text as written."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    st = ox.Store.read_only(spec["store"])
    bool(st.query("ASK { ?s ?p ?o }"))
    open_s = time.perf_counter() - t0

    def run(text):
        return _consume(st.query(text))

    q = time_queries(run, spec["queries"], spec["repeats"], spec["warmup"], spec["budget"], None,
                     spec.get("progress"))
    return {"open_s": open_s, "queries": q}


def phase_memory(spec: dict) -> dict:
    from rdflib import Dataset

    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(spec["data"], format="trig")
    load = time.perf_counter() - t0

    def run(text):
        res = ds.query(text)
        if res.type == "ASK":
            return 1
        if res.type == "SELECT":
            return len(list(res))
        return len(res.graph)

    q = time_queries(run, spec["queries"], spec["repeats"], spec["warmup"], spec["budget"],
                     spec["timeout"], spec.get("progress"))
    return {"load_s": load, "queries": q}


def phase_server(spec: dict) -> dict:
    from graph.store import open_store

    out = {}
    t0 = time.perf_counter()
    inline = open_store(spec["store"])
    inline.query("ASK { ?s ?p ?o }")
    out["inline_start_s"] = time.perf_counter() - t0
    inline.close()

    t0 = time.perf_counter()
    store = open_store(spec["store"], mode="pool", workers=spec.get("workers", 2))
    store.query("ASK { ?s ?p ?o }", timeout=120)
    out["pool_start_s"] = time.perf_counter() - t0
    errors = {}
    t0 = time.perf_counter()
    for name, text in spec["queries"].items():
        try:
            store.query(text, timeout=spec["timeout"])
        except Exception as e:
            errors[name] = f"{type(e).__name__}: {e}"[:200]
    out["pool_all_queries_s"] = time.perf_counter() - t0
    workers = [vm_hwm_mb(pid) or 0.0 for pid in store._runner.pids()]
    out["pool_worker_peak_mb"] = workers
    out["pool_parent_peak_mb"] = vm_hwm_mb()
    out["pool_total_peak_mb"] = (out["pool_parent_peak_mb"] or 0) + sum(workers)
    out["errors"] = errors
    store.close()
    return out


SEARCHES = ("management oversight", "drift delay", "court timescales", "exploitation missing",
            "voice wishes feelings", "agency turnover")


def phase_fts(spec: dict) -> dict:
    from graph.store import open_store
    from graph.textindex import TextIndex

    store = open_store(spec["store"])
    t0 = time.perf_counter()
    idx = TextIndex.build(store)
    build = time.perf_counter() - t0
    res: dict = {"build_s": build, "entries": len(idx), "searches": {}}
    for words in SEARCHES:
        samples, n = [], 0
        for _ in range(spec["repeats"] + 1):
            t0 = time.perf_counter()
            n = len(idx.search(words, limit=20))
            samples.append(time.perf_counter() - t0)
        fts = summarise(samples[1:])
        filt = " && ".join(f'CONTAINS(LCASE(STR(?text)), "{w}")' for w in words.split())
        q = ("PREFIX csg: <https://w3id.org/csgkg/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#> "
             "SELECT DISTINCT ?node WHERE { { ?node csg:text ?text } UNION "
             "{ ?ev oa:hasBody ?node ; oa:hasTarget/oa:hasSelector/oa:exact ?text } "
             f"FILTER({filt}) }} LIMIT 20")
        samples = []
        for _ in range(max(2, spec["repeats"] // 2) + 1):
            t0 = time.perf_counter()
            m = len(store.query(q).rows)
            samples.append(time.perf_counter() - t0)
        scan = summarise(samples[1:])
        res["searches"][words] = {"fts_ms": fts["median_ms"], "fts_p95_ms": fts["p95_ms"], "fts_hits": n,
                                  "contains_ms": scan["median_ms"], "contains_hits": m}
    return res


def phase_shacl(spec: dict) -> dict:
    try:
        from graph.validate import validate
    except Exception as e:
        return {"error": f"graph.validate unavailable: {type(e).__name__}: {e}"}
    from rdflib import Dataset

    t0 = time.perf_counter()
    ds = Dataset()
    ds.parse(spec["data"], format="trig")
    load = time.perf_counter() - t0
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, spec["timeout"])
    t0 = time.perf_counter()
    try:
        report = validate(ds)
        out = {"validate_s": time.perf_counter() - t0, "conforms": bool(report.conforms),
               "results": len(getattr(report, "results", []) or [])}
    except Overtime:
        out = {"timeout_s": spec["timeout"]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out["load_s"] = load
    return out


PHASES = {"build": phase_build, "pair": phase_pair, "inmem": phase_inmem, "store": phase_store, "raw": phase_raw,
          "raw_as_written": phase_raw_as_written, "memory": phase_memory,
          "server": phase_server, "fts": phase_fts, "shacl": phase_shacl}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    spec = json.loads(Path(argv[0]).read_text())
    t0 = time.perf_counter()
    out = PHASES[spec["phase"]](spec)
    out["phase_s"] = time.perf_counter() - t0
    out["peak_rss_mb"] = peak_rss_mb()
    Path(argv[1]).write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
