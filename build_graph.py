#!/usr/bin/env python3
"""Build the csgkg knowledge graph, query it, evaluate and analyse it.

    python build_graph.py                         # bundled corpus -> out/
    python build_graph.py --corpus DIR --out FILE # any folder -> .trig/.nq/.ttl
    python build_graph.py query FILE_OR_SPARQL [--graph out] [--format table|csv|json]
    python build_graph.py analyse --graph FILE --out DIR
    python build_graph.py evaluate ...

The entry point stays thin: it parses arguments, calls the core, prints a
summary and returns an exit code.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _build(argv: list[str]) -> int:
    from graph.pipeline import BuildError, build, write_output
    ap = argparse.ArgumentParser(prog="build_graph.py", description="Build the knowledge graph.")
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus", help="folder of .txt/.pdf documents")
    ap.add_argument("--out", type=Path, default=ROOT / "out",
                    help="output folder, or a file ending .trig, .nq or .ttl")
    ap.add_argument("--annotations", type=Path, default=ROOT / "data" / "annotations.yaml",
                    help="curated annotations (YAML)")
    ap.add_argument("--keep-going", action="store_true",
                    help="skip unreadable documents (and report them) instead of failing")
    ap.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    ap.add_argument("--jobs", type=int, default=None,
                    help="worker processes reading and extracting documents (default: one per core)")
    ap.add_argument("--no-cache", action="store_true",
                    help="re-extract and re-validate everything (default: reuse the results of unchanged "
                         "documents and SHACL parts from .csgkg-cache/ beside the output)")
    ap.add_argument("--prune-cache", action="store_true",
                    help="after a successful build, delete the cache entries it did not use "
                         "(entries of other output folders sharing .csgkg-cache/ go too)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    t_start = time.perf_counter()
    from graph.cachefiles import now, prune
    used_since = now()
    cache_dir = None if args.no_cache else args.out.absolute().parent / ".csgkg-cache"
    try:
        result = build(args.corpus, args.annotations, keep_going=args.keep_going,
                       validate=not args.no_validate, progress=not args.quiet, jobs=args.jobs,
                       cache_dir=cache_dir)
    except BuildError as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 2
    if result.validation is not None and not result.validation.conforms:
        print("build failed: SHACL validation found violations; nothing was written.", file=sys.stderr)
        print(result.validation.text, file=sys.stderr)
        return 3
    t0 = time.perf_counter()
    out = write_output(result, args.out)
    result.summary["seconds"]["write"] = round(time.perf_counter() - t0, 2)
    result.summary["seconds"]["total"] = round(time.perf_counter() - t_start, 2)
    s = result.summary
    print(f"built {out}")
    if args.prune_cache and cache_dir is not None:
        files, freed = prune(cache_dir, used_since)
        print(f"cache: {files} unused entries deleted ({freed / 1e6:.1f} MB)")
    print(f"documents: {s['documents']}    triples: {s['triples']}    evidence: {s['evidence']}")
    print("entities by class: " + ", ".join(f"{k} {v}" for k, v in s["entities_by_class"].items()))
    print("facts by kind: " + ", ".join(f"{k} {v}" for k, v in s["facts_by_kind"].items()))
    print("facts by path: " + ", ".join(f"{k} {v}" for k, v in s["facts_by_path"].items()))
    print(f"SHACL: {s['shacl']}")
    if "store" in s:
        print(f"store: {s['store']}")
    if "per_format" in s:
        print("per format: " + "; ".join(
            f"{k}: {v['reports']} reports, {v['judgements']} judgements, {v['people']} people"
            for k, v in s["per_format"].items()))
    print("seconds: " + ", ".join(f"{k} {v}" for k, v in s["seconds"].items()))
    if result.problems:
        print(f"skipped or dropped ({len(result.problems)}):")
        for p in result.problems[:50]:
            print(f"  - {p}")
        if len(result.problems) > 50:
            print(f"  ... and {len(result.problems) - 50} more (see summary.json)")
    return 0


def _query(argv: list[str]) -> int:
    from graph.querycli import main
    return main(argv)


def _analyse(argv: list[str]) -> int:
    from graph.analysis.cli import main
    return main(argv)


def _evaluate(argv: list[str]) -> int:
    from graph.evaluate import main
    return main(argv)


COMMANDS = {"query": _query, "analyse": _analyse, "analyze": _analyse, "evaluate": _evaluate}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]](argv[1:])
    return _build(argv)


if __name__ == "__main__":
    sys.exit(main())
