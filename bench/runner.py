"""``python -m bench --scale 100k [--quick]``: compare the engines on one dataset.

In one run, on the same synthetic data (``bench.generate``, cached under
``bench/results/data/``), each phase in its own process (clean peak RSS):
load time (on-disk store build; rdflib parse), the contract queries
(``queries/*.rq``), the competency queries (``queries/cq*.rq``) and the bench
queries (``bench/queries/*.rq``: snapshot at a date, a council's timeline,
GRAPH patterns, aggregates), median and p95 over repeats, through our Store
(oxigraph), raw pyoxigraph with the same text, and rdflib's Memory store;
server start and peak memory with the worker pool; the text index against a
SPARQL CONTAINS scan; SHACL validation time. Prints the ratios query by
query and ends with ``median speed-up: N x`` (rdflib Memory / our Store over
contract + competency queries). Results: ``bench/results/<scale>-<time>.json``
and ``.md`` (and ``latest-<scale>.md``).

Parameterised queries (a ``VALUES`` row naming a council, a day, a year, a
person...) are bound to values the generator chose from its synthetic world
(``<data>.params.json``, see ``bind_values``) so they select something; every
engine gets the same bound text.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import VERSION, generate, params_path, parse_size

__all__ = ["main", "load_queries", "run"]

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
STORE_RAW_LIMIT = 1.3  # our Store within 1.3x of raw pyoxigraph
SPEEDUP_TARGET = 20.0

COUNCIL = "https://w3id.org/csgkg/id/council/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
# VALUES variable -> how a generator value is written as a SPARQL term
_TERMS = {
    "org": lambda v: f"<{COUNCIL}{v}>", "a": lambda v: f"<{COUNCIL}{v}>", "b": lambda v: f"<{COUNCIL}{v}>",
    "year": lambda v: str(int(v)), "day": lambda v: f'"{v}"^^<{XSD_DATE}>',
    "after": lambda v: f'"{v}"^^<{XSD_DATE}>', "name": json.dumps, "surname": json.dumps, "kind": json.dumps,
}
_VALUES = re.compile(r"VALUES\s*(\((?P<vars>[^)]*)\)|(?P<var>\?\w+))\s*\{(?P<body>[^}]*)\}")
_TERM = re.compile(r'"(?:[^"\\]|\\.)*"(?:\^\^\S+|@[\w-]+)?|<[^>]*>|[^\s()]+')


def bind_values(text: str, values: dict) -> str:
    """Put the generator's values into the query's single-row ``VALUES`` blocks,
    by variable name (``?org`` the council asked about, ``?b`` its partner,
    ``?day``, ``?year``, ``?after``, ``?name``, ``?surname``, ``?kind``).
    Variables without a value, and blocks of several rows, are left alone."""
    def one(m: re.Match) -> str:
        names = (m["vars"] or m["var"]).split()
        body = m["body"].strip()
        if m["vars"]:
            if body.count("(") != 1:
                return m.group(0)
            body = body.strip("() \n")
        terms = _TERM.findall(body)
        if len(terms) != len(names):
            return m.group(0)
        new = [(_TERMS[n[1:]](values[n[1:]]) if n[1:] in values and n[1:] in _TERMS else t)
               for n, t in zip(names, terms)]
        row = " ".join(new)
        return (f"VALUES ({' '.join(names)}) {{ ({row}) }}" if m["vars"] else f"VALUES {names[0]} {{ {row} }}")
    return _VALUES.sub(one, text)


def load_queries(root: Path = ROOT, values: dict | None = None) -> dict[str, dict[str, str]]:
    """{"contract": {name: text}, "competency": {...}, "bench": {...}}, with
    ``values`` (the generator's parameters) bound into their VALUES rows."""
    groups: dict[str, dict[str, str]] = {"contract": {}, "competency": {}, "bench": {}}
    files = [("competency" if p.name.startswith("cq") else "contract", p)
             for p in sorted((root / "queries").glob("*.rq"))]
    files += [("bench", p) for p in sorted((root / "bench" / "queries").glob("*.rq"))]
    for group, p in files:
        text = p.read_text(encoding="utf-8")
        groups[group][p.stem] = bind_values(text, values) if values else text
    return groups


def _child(phase: str, spec: dict, workdir: Path, limit: float) -> dict:
    spec = dict(spec, phase=phase)
    spec_path = workdir / f"{phase}.spec.json"
    out_path = workdir / f"{phase}.out.json"
    spec_path.write_text(json.dumps(spec))
    print(f"  [{phase}] ...", end="", flush=True)
    t0 = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.engine_child", str(spec_path), str(out_path)],
                              cwd=ROOT, timeout=limit, capture_output=True, text=True)
    except subprocess.TimeoutExpired:
        print(f" stopped at the {limit:g} s phase limit")
        return {"error": f"phase stopped at the {limit:g} s limit"}
    took = time.monotonic() - t0
    if proc.returncode != 0 or not out_path.exists():
        err = (proc.stderr or "").strip().splitlines()[-3:]
        print(f" failed ({took:.1f} s): {' | '.join(err)}")
        return {"error": " | ".join(err) or f"exit {proc.returncode}"}
    print(f" {took:.1f} s")
    return json.loads(out_path.read_text())


def _child_queries(phase: str, spec: dict, workdir: Path, timeout: float) -> dict:
    """Run a query phase whose queries cannot be interrupted in-process: the
    child reports each query's start; past ``timeout`` x (warm-up + repeats)
    for one query (and at least ``timeout``) the child is killed, that query
    is marked timed out, and a new child goes on with the rest."""
    remaining = dict(spec["queries"])
    merged: dict = {"queries": {}, "restarts": 0}
    per_query = timeout + 5
    print(f"  [{phase}] ", end="", flush=True)
    t_phase = time.monotonic()
    while remaining:
        progress = workdir / f"{phase}.progress.jsonl"
        progress.unlink(missing_ok=True)
        sp = dict(spec, phase=phase, queries=remaining, progress=str(progress))
        spec_path, out_path = workdir / f"{phase}.spec.json", workdir / f"{phase}.out.json"
        out_path.unlink(missing_ok=True)
        spec_path.write_text(json.dumps(sp))
        proc = subprocess.Popen([sys.executable, "-m", "bench.engine_child", str(spec_path), str(out_path)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        current, started, killed = None, time.monotonic(), False
        seen = 0
        while proc.poll() is None:
            time.sleep(0.2)
            lines = progress.read_text().splitlines() if progress.exists() else []
            for line in lines[seen:]:
                ev = json.loads(line)
                if "start" in ev:
                    current, started = ev["start"], time.monotonic()
                else:
                    merged["queries"][ev["done"]] = ev["rec"]
                    remaining.pop(ev["done"], None)
                    current = None
                    print(".", end="", flush=True)
            seen = len(lines)
            if current is not None and time.monotonic() - started > per_query:
                proc.kill()
                proc.wait()
                merged["queries"][current] = {"timeout_s": timeout}
                remaining.pop(current, None)
                merged["restarts"] += 1
                killed = True
                print("T", end="", flush=True)
                break
        if killed:
            continue
        err = proc.stderr.read() if proc.stderr else ""
        if proc.returncode != 0 or not out_path.exists():
            merged["error"] = " | ".join(err.strip().splitlines()[-3:]) or f"exit {proc.returncode}"
            break
        out = json.loads(out_path.read_text())
        merged["queries"].update(out.pop("queries"))
        for k, v in out.items():
            if k == "peak_rss_mb":
                merged[k] = max(v, merged.get(k, 0))
            elif k not in merged:
                merged[k] = v
        remaining = {}
    merged["phase_s"] = time.monotonic() - t_phase
    print(f" {merged['phase_s']:.1f} s", flush=True)
    return merged


def _ms(rec: dict | None, key: str = "median_ms") -> float | None:
    if not rec or key not in rec:
        return None
    return rec[key]


def _fmt(v: float | None, rec: dict | None = None) -> str:
    if v is None:
        if rec and "timeout_s" in rec:
            return f">{rec['timeout_s'] * 1000:.0f}"
        if rec and "error" in rec:
            return "error"
        return "-"
    return f"{v:.1f}" if v < 100 else f"{v:.0f}"


def run(scale: str, quick: bool, seed: int = 1, phases: list[str] | None = None,
        timeout: float | None = None, repeats: int | None = None, pair_repeats: int | None = None) -> dict:
    target = parse_size(scale)
    data_dir = RESULTS / "data"
    data = data_dir / f"synthetic-{scale}-s{seed}-g{VERSION}.trig"
    if not data.exists() or not params_path(data).exists():
        print(f"generating {data} ...", flush=True)
        print("  ", generate(target, data, seed))
    values = json.loads(params_path(data).read_text(encoding="utf-8"))
    groups = load_queries(values=values)
    queries = {f"{g}/{n}": t for g, qs in groups.items() for n, t in qs.items()}
    if timeout is None:
        timeout = 15.0 if quick else 300.0
    reps = repeats or (3 if quick else 10)
    pair_reps = pair_repeats or reps
    phases = phases or ["build", "pair", "raw_as_written", "memory", "server", "fts", "shacl"]
    result: dict = {"scale": scale, "target_triples": target, "seed": seed, "quick": quick,
                    "data": str(data), "data_mb": data.stat().st_size / 2**20, "values": values,
                    "query_groups": {g: sorted(q) for g, q in groups.items()},
                    "repeats": reps, "pair_repeats": pair_reps, "timeout_s": timeout, "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    phase_limit = max(600.0, timeout * (len(queries) + 4))
    with tempfile.TemporaryDirectory(prefix="csgkg-bench-") as tmp:
        work = Path(tmp)
        store_dir = work / "store"
        base = {"data": str(data), "store": str(store_dir), "queries": queries, "timeout": timeout}
        print(f"bench at {scale} ({data.stat().st_size / 2**20:.0f} MB TriG), {len(queries)} queries, "
              f"{reps} repeats", flush=True)
        for ph in phases:
            if ph != "build" and ph not in ("memory", "shacl", "inmem") and not store_dir.exists():
                result[ph] = {"error": "no store (build phase failed or skipped)"}
                continue
            spec = dict(base)
            if ph in ("store", "raw", "pair", "inmem"):
                spec.update(repeats=pair_reps if ph == "pair" else reps, warmup=1, budget=min(30.0, timeout / 2))
            elif ph == "raw_as_written":
                spec.update(repeats=1, warmup=0, budget=min(30.0, timeout / 2))
            elif ph == "server":
                spec.update(timeout=min(timeout, 10.0))
            elif ph == "memory":
                spec.update(repeats=1 if quick else 3, warmup=0, budget=20.0)
            elif ph == "fts":
                spec.update(repeats=max(5, reps))
            if ph in ("store", "raw", "pair", "inmem"):
                result[ph] = _child_queries(ph, spec, work, timeout)
            elif ph == "raw_as_written":  # only shows what reordering saves: a short limit
                result[ph] = _child_queries(ph, spec, work, min(timeout, 20.0))
            else:
                result[ph] = _child(ph, spec, work, phase_limit)
    result["comparison"] = compare(result, groups)
    return result


def compare(result: dict, groups: dict) -> dict:
    rows = []
    speedups, ratios, inmem_speedups = [], [], []
    for g in ("contract", "competency", "bench"):
        for n in groups[g]:
            key = f"{g}/{n}"
            rec = {ph: (result.get(ph) or {}).get("queries", {}).get(key)
                   for ph in ("store", "raw", "memory", "raw_as_written", "inmem")}
            pair = (result.get("pair") or {}).get("queries", {}).get(key)
            if pair is not None:  # the paired, alternating timings take precedence
                for ph in ("store", "raw"):
                    rec[ph] = pair.get(ph) or ({"timeout_s": pair["timeout_s"]} if "timeout_s" in pair else None)
                    if rec[ph] is not None and "error" in pair:
                        rec[ph] = dict(rec[ph], error=pair["error"])
            st, raw, mem = (_ms(rec[p]) for p in ("store", "raw", "memory"))
            aw = rec["raw_as_written"]
            row = {"query": key, "group": g, "store_ms": st, "raw_ms": raw, "memory_ms": mem,
                   "raw_as_written_ms": _ms(aw), "raw_as_written_timeout": bool(aw and "timeout_s" in aw),
                   "inmem_ms": _ms(rec["inmem"]), "inmem_timeout": bool(rec["inmem"] and "timeout_s" in rec["inmem"]),
                   "store_p95_ms": _ms(rec["store"], "p95_ms"), "raw_p95_ms": _ms(rec["raw"], "p95_ms"),
                   "memory_p95_ms": _ms(rec["memory"], "p95_ms"),
                   "rows": {p: (rec[p] or {}).get("rows") for p in rec},
                   "memory_timeout": bool(rec["memory"] and "timeout_s" in rec["memory"]),
                   "notes": [f"{p}: {rec[p]['error']}" for p in rec if rec[p] and "error" in rec[p]]}
            counts = {v for v in row["rows"].values() if v is not None}
            row["rows_agree"] = len(counts) <= 1
            if st is not None and raw is not None and raw > 0:
                row["store_over_raw"] = st / raw
                ratios.append(row["store_over_raw"])
            mem_ms = mem if mem is not None else (
                rec["memory"]["timeout_s"] * 1000 if row["memory_timeout"] else None)
            if st is not None and mem_ms is not None and st > 0:
                row["speedup"] = mem_ms / st
                if g in ("contract", "competency"):
                    speedups.append(row["speedup"])
            if row["inmem_ms"] is not None and mem_ms is not None and row["inmem_ms"] > 0:
                row["inmem_speedup"] = mem_ms / row["inmem_ms"]
                if g in ("contract", "competency"):
                    inmem_speedups.append(row["inmem_speedup"])
            rows.append(row)
    summary = {
        "median_speedup": statistics.median(speedups) if speedups else None,
        "median_speedup_inmem": statistics.median(inmem_speedups) if inmem_speedups else None,
        "speedup_lower_bound": any(r["memory_timeout"] for r in rows if r["group"] != "bench"),
        "max_store_over_raw": max(ratios) if ratios else None,
        "median_store_over_raw": statistics.median(ratios) if ratios else None,
        "queries_over_raw_limit": [r["query"] for r in rows if r.get("store_over_raw", 0) > STORE_RAW_LIMIT],
        "row_count_disagreements": [r["query"] for r in rows if not r["rows_agree"]],
    }
    return {"rows": rows, "summary": summary}


def render(result: dict) -> str:
    c = result["comparison"]
    s = c["summary"]
    lines = [f"# csgkg store benchmark at {result['scale']} ({'quick' if result['quick'] else 'full'})", "",
             f"Data: {result['data']} ({result['data_mb']:.0f} MB TriG, seed {result['seed']}); "
             f"started {result['started']}; {result.get('pair_repeats', result['repeats'])} timed repeats for "
             f"our Store and raw pyoxigraph, {result['repeats']} in memory (after 1 warm-up; fewer when a "
             f"query's runs pass 30 s), {'1' if result['quick'] else 'up to 3'} for rdflib Memory "
             f"(limit {result['timeout_s']:g} s per run).", ""]
    b = result.get("build", {})
    m = result.get("memory", {})
    sv = result.get("server", {})
    lines += ["| load / start | value |", "|---|---|",
              f"| on-disk store build (bulk load + merged default graph) | {b.get('load_s', float('nan')):.2f} s |",
              f"| on-disk store size | {b.get('disk_mb', float('nan')):.0f} MB ({b.get('quads_incl_merged_default', '?')} quads incl. merged default graph) |",
              f"| rdflib Memory parse of the TriG | {m.get('load_s', float('nan')):.2f} s |",
              f"| open_store on the built store + first answer (inline) | {sv.get('inline_start_s', float('nan')):.3f} s |",
              f"| open_store mode=pool (2 workers) + first answer | {sv.get('pool_start_s', float('nan')):.3f} s |",
              f"| peak RSS: Store + raw pyoxigraph process (one process) / rdflib Memory | {result.get('pair', {}).get('peak_rss_mb', float('nan')):.0f} / {m.get('peak_rss_mb', float('nan')):.0f} MB |",
              f"| server peak RSS, pool mode (parent + workers) | {sv.get('pool_total_peak_mb', float('nan')):.0f} MB |",
              ""]
    lines += ["Times in ms, median (p95). Our Store and raw pyoxigraph run in one process on the same "
              "on-disk store, alternating; raw pyoxigraph runs the text our Store sends (required patterns "
              "moved ahead of OPTIONAL/BIND/MINUS); 'as written' runs the file's text unchanged (1 run). "
              "speed-up = rdflib Memory / our Store ('>=' when rdflib hit the limit).", "",
              "| query | our Store | raw pyoxigraph | Store/raw | pyoxigraph as written | rdflib Memory | speed-up | Store in memory | its speed-up | rows |",
              "|---|---|---|---|---|---|---|---|---|---|"]
    for r in c["rows"]:
        st = f"{_fmt(r['store_ms'])} ({_fmt(r['store_p95_ms'])})"
        raw = f"{_fmt(r['raw_ms'])} ({_fmt(r['raw_p95_ms'])})"
        ratio = f"{r['store_over_raw']:.2f}" if "store_over_raw" in r else "-"
        mem_rec = {"timeout_s": result["timeout_s"]} if r["memory_timeout"] else None
        mem = _fmt(r["memory_ms"], mem_rec)
        sp = (">=" if r["memory_timeout"] else "") + (f"{r['speedup']:.0f}x" if "speedup" in r else "-")
        rows = r["rows"].get("store")
        if not r["rows_agree"]:
            rows = f"{rows} (DIFFER: {r['rows']})"
        aw = _fmt(r["raw_as_written_ms"],
                  {"timeout_s": min(result["timeout_s"], 20.0)} if r["raw_as_written_timeout"] else None)
        im = _fmt(r.get("inmem_ms"), {"timeout_s": result["timeout_s"]} if r.get("inmem_timeout") else None)
        isp = (">=" if r["memory_timeout"] else "") + (f"{r['inmem_speedup']:.0f}x" if "inmem_speedup" in r else "-")
        lines.append(f"| {r['query']} | {st} | {raw} | {ratio} | {aw} | {mem} | {sp} | {im} | {isp} | {rows} |")
    lines.append("")
    fts = result.get("fts", {})
    if "searches" in fts:
        lines += [f"Text index: built in {fts['build_s']:.2f} s over {fts['entries']} texts and quotes.", "",
                  "| search | FTS5 ms (p95) | hits | SPARQL CONTAINS scan ms | hits |", "|---|---|---|---|---|"]
        for w, v in fts["searches"].items():
            lines.append(f"| {w} | {v['fts_ms']:.2f} ({v['fts_p95_ms']:.2f}) | {v['fts_hits']} | "
                         f"{v['contains_ms']:.1f} | {v['contains_hits']} |")
        lines.append("")
    sh = result.get("shacl", {})
    if sh:
        if "validate_s" in sh:
            lines.append(f"SHACL (graph.validate on a plain in-memory graph): {sh['validate_s']:.1f} s "
                         f"(conforms={sh['conforms']}, {sh['results']} results; parse {sh['load_s']:.1f} s).")
        elif "timeout_s" in sh:
            lines.append(f"SHACL: not finished within {sh['timeout_s']:g} s.")
        else:
            lines.append(f"SHACL: {sh.get('error')}")
        lines.append("")
    ms = s["median_speedup"]
    lines += [
        f"Store/raw pyoxigraph: median {s['median_store_over_raw'] or float('nan'):.2f}, "
        f"max {s['max_store_over_raw'] or float('nan'):.2f}; over {STORE_RAW_LIMIT}: "
        f"{', '.join(s['queries_over_raw_limit']) or 'none'}.",
        f"Row counts differ between engines: {', '.join(s['row_count_disagreements']) or 'none'}.",
        "",
        (f"In-memory pyoxigraph through our Store (open_store on the TriG): load "
         f"{result.get('inmem', {}).get('load_s', float('nan')):.1f} s, peak RSS "
         f"{result.get('inmem', {}).get('peak_rss_mb', float('nan')):.0f} MB, median speed-up over rdflib "
         f"{'>=' if s['speedup_lower_bound'] else ''}{s['median_speedup_inmem']:.1f} x."
         if s.get("median_speedup_inmem") else ""),
        "",
        f"median speed-up: {'>=' if s['speedup_lower_bound'] else ''}"
        f"{ms:.1f} x" if ms is not None else "median speed-up: n/a",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="Store engine benchmark")
    ap.add_argument("--scale", default="100k", help="dataset size: 100k, 1M, 5M (default 100k)")
    ap.add_argument("--quick", action="store_true", help="3 repeats, 15 s per-query limit")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--phases", default=None,
                    help="comma-separated subset of build,pair,store,raw,raw_as_written,memory,server,fts,shacl")
    ap.add_argument("--timeout", type=float, default=None, help="per-run limit for rdflib / SHACL (s)")
    ap.add_argument("--repeats", type=int, default=None)
    ap.add_argument("--pair-repeats", type=int, default=None,
                    help="timed repeats of the Store/raw pyoxigraph pair (default: --repeats); more "
                         "repeats steady their ratio on a loaded machine")
    ap.add_argument("--update", default=None, metavar="RESULT.json",
                    help="re-run only --phases with the settings of an earlier result and merge them into it")
    args = ap.parse_args(argv)
    phases = args.phases.split(",") if args.phases else None
    if phases and "build" not in phases and any(p in phases for p in ("pair", "store", "raw", "raw_as_written", "server", "fts")):
        phases.insert(0, "build")
    if args.update:
        prev = json.loads(Path(args.update).read_text())
        new = run(prev["scale"], prev["quick"], prev["seed"], phases, prev["timeout_s"], prev["repeats"],
                  args.pair_repeats or prev.get("pair_repeats"))
        if args.pair_repeats:
            prev["pair_repeats"] = args.pair_repeats
        for ph in phases or []:
            if ph in new:
                prev[ph] = new[ph]
        prev["comparison"] = compare(prev, load_queries())
        result = prev
        args.scale = prev["scale"]
    else:
        result = run(args.scale, args.quick, args.seed, phases, args.timeout, args.repeats, args.pair_repeats)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    md = render(result)
    (RESULTS / f"{args.scale}-{stamp}.json").write_text(json.dumps(result, indent=1, default=str))
    (RESULTS / f"{args.scale}-{stamp}.md").write_text(md)
    (RESULTS / f"latest-{args.scale}.md").write_text(md)
    print()
    print(md)
    return 0
