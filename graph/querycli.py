"""``build_graph.py query``: run a SPARQL query (file, name or text) on a built graph.

    python build_graph.py query queries/tenures.rq
    python build_graph.py query tenures --format csv
    python build_graph.py query "SELECT * WHERE { ?s ?p ?o } LIMIT 5" --graph out/graph.trig
    python build_graph.py query judgements --endpoint http://127.0.0.1:7878/query
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from .store import open_store

__all__ = ["main", "read_query", "format_rows"]

ROOT = Path(__file__).resolve().parent.parent


def read_query(arg: str) -> str:
    """A query file path, the name of a file in queries/, or the query text itself."""
    p = Path(arg)
    for cand in (p, ROOT / "queries" / arg, ROOT / "queries" / f"{arg}.rq"):
        try:
            if cand.suffix == ".rq" and cand.is_file():
                return cand.read_text(encoding="utf-8")
        except OSError:
            continue
    if p.suffix == ".rq":
        raise FileNotFoundError(f"query file not found: {arg}")
    return arg


def _cell(term) -> str:
    return "" if term is None else str(term)


def format_rows(vars_: list[str], rows: list[tuple], fmt: str, out) -> None:
    if fmt == "csv":
        w = csv.writer(out)
        w.writerow(vars_)
        for r in rows:
            w.writerow([_cell(t) for t in r])
    elif fmt == "json":
        json.dump([{v: _cell(t) for v, t in zip(vars_, r) if t is not None} for r in rows], out, indent=2)
        out.write("\n")
    else:
        cells = [[_cell(t) for t in r] for r in rows]
        widths = [min(60, max([len(v)] + [len(c[i]) for c in cells])) for i, v in enumerate(vars_)]
        out.write("  ".join(v.ljust(w) for v, w in zip(vars_, widths)).rstrip() + "\n")
        for c in cells:
            out.write("  ".join((x if len(x) <= w else x[:w - 1] + "…").ljust(w)
                                for x, w in zip(c, widths)).rstrip() + "\n")
        out.write(f"({len(rows)} rows)\n")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="build_graph.py query", description="Run a SPARQL query on a built graph.")
    ap.add_argument("query", help="a .rq file, a name from queries/ (e.g. tenures), or SPARQL text")
    ap.add_argument("--graph", default=str(ROOT / "out"), help="build folder or dataset file (default: out)")
    ap.add_argument("--endpoint", help="read from a remote SPARQL 1.1 endpoint instead")
    ap.add_argument("--format", choices=("table", "csv", "json"), default="table")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before the query is stopped")
    args = ap.parse_args(argv)
    try:
        text = read_query(args.query)
        store = open_store(endpoint=args.endpoint) if args.endpoint else open_store(args.graph)
        res = store.query(text, timeout=args.timeout)
    except Exception as e:  # the CLI reports, it does not trace back
        print(f"query failed: {e}", file=sys.stderr)
        return 2
    if res.kind == "ask":
        print("true" if res.boolean else "false")
    elif res.kind == "graph":
        sys.stdout.write(res.graph.serialize(format="turtle"))
    else:
        format_rows(list(res.vars), list(res.rows), args.format, sys.stdout)
    return 0
