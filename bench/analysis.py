"""Benchmark of the network analysis over every council of a built graph.

    python -m bench.analysis --graph out                       # the bundled corpus
    python build_graph.py --corpus ../shared/ilacs/pdf --out national --keep-going
    python -m bench.analysis --graph national --k 200          # the national corpus

Times each step (projection, derived events, per-council metrics for every
council, network metrics by year with sampled betweenness) and the peak
resident memory, and writes the figures to ``bench/results/analysis-<time>.json``
(never committed). Betweenness is sampled (``k`` source nodes; exact when the
graph has fewer), so the figures say which they are.
"""
from __future__ import annotations

import argparse
import json
import resource
import time
from datetime import date
from pathlib import Path

__all__ = ["run", "main"]

RESULTS = Path(__file__).resolve().parent / "results"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(graph: str, k: int = 200, years: range = range(2013, 2026)) -> dict:
    from graph import analysis as A
    out: dict = {"graph": str(graph), "k": k, "seconds": {}}

    def timed(name, fn):
        t0 = time.perf_counter()
        value = fn()
        out["seconds"][name] = round(time.perf_counter() - t0, 3)
        return value

    G = timed("projection", lambda: A.project(graph))
    councils = sorted(n for n, d in G.nodes(data=True) if d.get("kind") == "council")
    out["nodes"], out["edges"], out["councils"] = G.number_of_nodes(), G.number_of_edges(), len(councils)
    derived = timed("derived events", lambda: A.derive(G))
    out["derived_triples"] = len(derived)

    def per_council():
        rows = []
        for c in councils:
            rows.append((c, A.dcs_changes(G, c), A.mean_tenure(G, c),
                         A.interim_share(G, c, (date(2013, 1, 1), date(2025, 12, 31))),
                         A.changes_before_judgements(G, c)))
        return rows
    rows = timed("metrics for every council", per_council)
    out["councils_with_dcs_changes"] = sum(1 for _, f, *_ in rows if (f.high or 0) > 0)
    out["judgements_with_context"] = sum(len(r[4]) for r in rows)
    bet = timed("betweenness by year (sampled)", lambda: A.betweenness_by_year(G, years, k=k))
    out["betweenness_years"] = len(bet) if hasattr(bet, "__len__") else None
    comps = timed("components by year", lambda: A.components_by_year(G, years))
    out["component_years"] = len(comps) if hasattr(comps, "__len__") else None
    timed("returning inspectors", lambda: A.returning_inspectors(G))
    out["seconds"]["total"] = round(sum(out["seconds"].values()), 3)
    out["peak_rss_mb"] = round(_peak_mb(), 1)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.analysis", description=__doc__.split("\n")[0])
    ap.add_argument("--graph", default="out", help="build folder or dataset file")
    ap.add_argument("--k", type=int, default=200, help="sampled source nodes for betweenness")
    args = ap.parse_args(argv)
    res = run(args.graph, args.k)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"analysis-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(res, indent=2))
    for name, s in res["seconds"].items():
        print(f"{name:36s} {s:8.2f} s")
    print(f"graph: {res['nodes']} nodes, {res['edges']} edges, {res['councils']} councils; "
          f"peak memory {res['peak_rss_mb']} MB (written to {path.relative_to(RESULTS.parent.parent)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
