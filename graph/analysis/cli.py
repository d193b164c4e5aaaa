"""The ``analyse`` command: tables on the terminal, CSVs, exports and charts in a folder.

``python build_graph.py analyse --graph FILE --out DIR`` calls :func:`main`.
Writes into DIR: ``councils.csv`` (instability ranking), ``leadership_changes.csv``,
``judgement_context.csv``, ``judgements.csv``, ``interventions.csv``,
``network_by_year.csv``, ``bridges.csv``, ``returning_inspectors.csv``,
``derived.trig`` (the derived named graph), the network exports
(``network.graphml``, ``network.gexf``, ``nodes.csv``, ``edges.csv``,
``network.json``), ``timeline-<code>.png`` per council shown, and with
``--indicator KEY`` ``indicator-<KEY>.png`` and ``indicator-<KEY>.csv``.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import pandas as pd
from rdflib import Dataset

from . import exports, tables
from .derive_events import derive
from .notebook import query_df
from .plots import indicator_chart, tenure_timeline
from .projection import key_of, project
from .source import SourceError, open_source
from .story import council_story, find_council
from .terms import UnknownConcept, check_keys

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="analyse", description=__doc__.splitlines()[0])
    p.add_argument("--graph", required=True, help="build folder or dataset file (.trig/.ttl/.nq)")
    p.add_argument("--out", required=True, help="folder for CSVs, exports and charts")
    p.add_argument("--council", help="tell one council's story (name, GSS code or IRI)")
    p.add_argument("--indicator", help="chart an indicator measure key (e.g. agency-staff-rate)")
    p.add_argument("--role", default="dcs", help="role key for the instability table (default dcs)")
    p.add_argument("--from", dest="start", type=date.fromisoformat, help="period start YYYY-MM-DD")
    p.add_argument("--to", dest="end", type=date.fromisoformat, help="period end YYYY-MM-DD")
    p.add_argument("--top", type=int, default=15, help="rows of the ranking to print (default 15)")
    p.add_argument("--k", type=int, default=None,
                   help="sample k pivots for betweenness (approximate; default exact)")
    p.add_argument("--certain-only", action="store_true",
                   help="network by year from edges certainly held (default: possibly held)")
    return p


def _print(title: str, df: pd.DataFrame, cols: list[str], out) -> None:
    print(f"\n== {title} ==", file=out)
    if df.empty:
        print("(none)", file=out)
        return
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(df[[c for c in cols if c in df.columns]].to_string(index=False), file=out)


def main(argv=None, out=None) -> int:
    """Run the analysis; return 0 on success, 2 on a bad argument or unreadable graph."""
    out = out or sys.stdout
    args = parser().parse_args(argv)
    try:
        check_keys("role", [args.role], "--role")
        if args.indicator:
            check_keys("indicator-measure", [args.indicator], "--indicator")
    except UnknownConcept as exc:
        print(f"analyse: {exc}", file=sys.stderr)
        return 2
    try:
        src = open_source(args.graph)
        G = project(src)
    except (SourceError, OSError, ValueError, RuntimeError) as exc:  # StoreError is a RuntimeError
        print(f"analyse: --graph {args.graph}: {exc}", file=sys.stderr)
        return 2
    try:
        return _run(args, src, G, out)
    finally:
        if hasattr(src, "close"):
            src.close()


def _run(args, src, G, out) -> int:
    folder = Path(args.out)
    folder.mkdir(parents=True, exist_ok=True)
    council = None
    if args.council:
        try:
            council = find_council(G, args.council)
        except KeyError as exc:
            print(f"analyse: --council: {exc.args[0]}", file=sys.stderr)
            return 2
    period = (args.start, args.end) if args.start and args.end else tables.data_period(G)

    ranking = tables.instability_table(G, period, args.role)
    ranking.to_csv(folder / "councils.csv", index=False)
    _print(f"Councils ranked by {args.role} changes, {period[0]}..{period[1]} "
           "(low..high where dates are bounded)", ranking.head(args.top).assign(
               changes=lambda d: [f"{lo}..{hi}" if lo != hi else f"{lo}"
                                  for lo, hi in zip(d.changes_low, d.changes_high)]) if len(ranking) else ranking,
           ["council", "holders", "changes", "mean_tenure_days_low", "mean_tenure_days_high",
            "interim_share_low", "interim_share_high"], out)
    for name, df in (("leadership_changes", tables.changes_table(G)),
                     ("judgement_context", tables.contexts_table(G)),
                     ("judgements", tables.judgements_table(G, role=args.role)),
                     ("interventions", tables.interventions_table(G))):
        df.to_csv(folder / f"{name}.csv", index=False)
    years = range(period[0].year, period[1].year + 1)
    net = tables.network_by_year_table(G, years, k=args.k, certain=args.certain_only)
    net.to_csv(folder / "network_by_year.csv", index=False)
    _print(f"Network by year (edges {'certainly' if args.certain_only else 'possibly'} held that year)", net,
           ["year", "components", "largest_component", "top_bridge", "top_betweenness",
            "betweenness_approximate"], out)
    for name, df in (("bridges", tables.bridges_table(G)),
                     ("returning_inspectors", tables.returning_inspectors_table(G))):
        df.to_csv(folder / f"{name}.csv", index=False)
        _print(name.replace("_", " ").capitalize(), df, list(df.columns)[:3], out)
    ds = Dataset()
    derived = derive(G)
    g = ds.graph(derived.identifier)
    for t in derived:
        g.add(t)
    for prefix, ns in derived.namespaces():
        ds.bind(prefix, ns)
    ds.serialize(folder / "derived.trig", format="trig")
    exports.write_all(G, folder)

    councils = [v for v in ranking["iri"].head(3)] if len(ranking) else []
    if council:
        c = council
        story = pd.DataFrame([{"when": r.when, "kind": r.kind, "what": r.text}
                              for r in council_story(G, c)])
        print(f"\n== {G.nodes[c].get('label', c)}: timeline ==", file=out)
        width = max((len(w) for w in story["when"]), default=10) if len(story) else 10
        for row in story.itertuples():
            print(f"{row.when:<{width}}  {row.kind:<21}  {row.what}", file=out)
        story.to_csv(folder / f"story-{key_of(c)}.csv", index=False)
        councils = [c]
    for c in councils:
        tenure_timeline(G, c, folder / f"timeline-{key_of(c)}.png")
    if args.indicator:
        df = query_df(src, "indicators")
        df = df[df["measure"].astype(str).str.rsplit("/", n=1).str[-1] == args.indicator]
        df.to_csv(folder / f"indicator-{args.indicator}.csv", index=False)
        indicator_chart(df, folder / f"indicator-{args.indicator}.png", title=args.indicator)
        _print(f"Indicator {args.indicator}", df, ["orgName", "scope", "value", "unitLabel", "date"], out)
    print(f"\nwrote {len(list(folder.iterdir()))} files to {folder}", file=out)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
