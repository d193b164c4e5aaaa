"""``python build_graph.py evaluate``: how good is extraction?

Two measurements (either or both in one run):

- ``--reference reports.csv --pdfs DIR [--since 2018-01-01] [--adjudications gold/adjudications.yaml]``:
  per-field agreement with a third-party table of Ofsted report headers, every
  disagreement listed, raw and adjudicated (``graph.evaluate_reference``);
- ``--gold gold/ --corpus DIR [--corpus DIR2 ...]``: precision and recall per
  fact kind against hand-made gold annotations (``graph.evaluate_gold``).

``--json`` prints one JSON object instead of the tables. Exit code 0 unless
an input is malformed (2).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .evaluate_gold import GoldError, run_gold
from .evaluate_reference import FIELDS, ReferenceError_, run_reference

__all__ = ["main", "format_reference", "format_gold"]

ROOT = Path(__file__).resolve().parent.parent


def _pct(x) -> str:
    return "   -  " if x is None else f"{x:5.1f}%"


def _frac(x) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def format_reference(res: dict, show_all: bool = True) -> str:
    """The reference comparison as text tables."""
    s = res["summary"]
    lines = [f"Reference table {res['reference']}: {res['reports']} reports"
             + (f" published since {res['since']}" if res["since"] else "")
             + f" ({res['seconds']} s)", ""]
    lines.append(f"{'field':16} {'n':>4} {'agree':>6} {'raw':>7} {'adjud.':>7} {'disagree':>8} "
                 f"{'open':>5} {'table wrong':>11} {'ours wrong':>10} {'table unreadable':>16}")
    for f in list(FIELDS) + ["all"]:
        r = s[f]
        lines.append(f"{f:16} {r['n']:4d} {r['agree']:6d} {_pct(r['agree_pct']):>7} {_pct(r['adjudicated_pct']):>7} "
                     f"{r['disagreements']:8d} {r['unadjudicated']:5d} {r.get('table_wrong', ''):>11} "
                     f"{r.get('ours_wrong', ''):>10} {r.get('table_unreadable', ''):>16}")
    by_src = res.get("published_by_source") or {}
    if by_src:
        lines += ["", "Publication date by the source of ours (days: table date minus ours):"]
        for src, d in sorted(by_src.items()):
            lines.append(f"  {src:13} n={d['n']:4d} agree={d['agree']:4d} ({_pct(d['agree_pct'])}); "
                         f"table 0-7 days after ours {d['table_after_ours_0_7_days']}, "
                         f"before ours {d['table_before_ours']}, more than 7 days after {d['table_over_7_days_after']}")
            lines.append("    days: " + ", ".join(f"{k}: {v}" for k, v in d["offsets"].items()))
    if res["missing"]:
        lines += ["", f"PDFs not found ({len(res['missing'])}): " + ", ".join(res["missing"][:20])]
    if show_all:
        lines += ["", f"Disagreements ({len(res['disagreements'])}): file | field | ours | table [| adjudication]"]
        for d in res["disagreements"]:
            extra = ""
            if "right" in d:
                extra = f" | {d['right']} right: {d['correct']!r}" + ("" if d["ours_now_right"] else " (ours still wrong)")
            lines.append(f"  {d['file']} | {d['field']} | {d['ours']!r} | {d['theirs']!r}{extra}")
    if res["stale_adjudications"]:
        lines += ["", "Adjudications whose `right` no longer fits the current values:"]
        lines += [f"  {d['file']} | {d['field']} | ours {d['ours']!r} | table {d['theirs']!r} | says {d['right']}"
                  for d in res["stale_adjudications"]]
    if res["problems"]:
        lines += ["", f"Extraction problems in {len(res['problems'])} report(s), e.g.:"]
        for f, ps in list(res["problems"].items())[:10]:
            lines.append(f"  {f}: {ps[0][:160]}")
    return "\n".join(lines)


def format_gold(res: dict, show_all: bool = True) -> str:
    """The gold comparison as text tables."""
    lines = [f"Gold {res['gold']}: {res['documents']} documents ({res['seconds']} s)", "",
             f"{'kind':18} {'gold':>5} {'ours':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for k, s in res["kinds"].items():
        lines.append(f"{k:18} {s['gold']:5d} {s['ours']:5d} {s['tp']:5d} {_frac(s['precision']):>6} "
                     f"{_frac(s['recall']):>6} {_frac(s['f1']):>6}")
    if show_all:
        lines += ["", f"Missed gold facts ({len(res['missed'])}):"]
        lines += [f"  {m['file']} | {m['gold']} | {m['quote'][:90]!r}" for m in res["missed"]]
        lines += ["", f"Our facts not in gold ({len(res['spurious'])}):"]
        lines += [f"  {m['file']} | {m['ours']} | {m['quote'][:90]!r}" for m in res["spurious"]]
        if res["checked_field_differences"]:
            lines += ["", "Matched, but a checked field differs:"]
            for d in res["checked_field_differences"]:
                lines.append(f"  {d['file']} | {d['gold']} | " + "; ".join(
                    f"{k}: gold {v['gold']} ours {v['ours']}" for k, v in d["differences"].items()))
    if res["problems"]:
        lines += ["", f"Problems ({len(res['problems'])}):"] + [f"  {p}" for p in res["problems"][:40]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="build_graph.py evaluate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, help="reference table (reports.csv)")
    ap.add_argument("--pdfs", type=Path, help="folder the table's `file` paths are relative to (or holding the PDFs)")
    ap.add_argument("--since", help="only reports published on or after this ISO date")
    ap.add_argument("--adjudications", type=Path, default=ROOT / "gold" / "adjudications.yaml",
                    help="adjudications of disagreements (YAML; default gold/adjudications.yaml)")
    ap.add_argument("--limit", type=int, help="only the first N reports (quick checks)")
    ap.add_argument("--workers", type=int, default=2, help="processes for PDF extraction (default 2)")
    ap.add_argument("--gold", type=Path, help="folder of gold annotation files")
    ap.add_argument("--corpus", type=Path, action="append", default=[],
                    help="folder holding gold documents (repeatable)")
    ap.add_argument("--annotations", type=Path, help="also load curated annotations (default: extraction only)")
    ap.add_argument("--json", action="store_true", help="print machine-readable results")
    ap.add_argument("--brief", action="store_true", help="figures only, no lists")
    args = ap.parse_args(argv)
    if not args.reference and not args.gold:
        ap.error("give --reference (with --pdfs) and/or --gold (with --corpus)")
    if args.reference and not args.pdfs:
        ap.error("--reference needs --pdfs")
    if args.gold and not args.corpus:
        ap.error("--gold needs at least one --corpus")
    say = (lambda m: print(m, file=sys.stderr, flush=True)) if not args.json else None
    out = {}
    try:
        if args.reference:
            out["reference"] = run_reference(args.reference, args.pdfs, args.since, args.adjudications,
                                             workers=args.workers, progress=say, limit=args.limit)
        if args.gold:
            out["gold"] = run_gold(args.gold, args.corpus, args.annotations, progress=say)
    except (ReferenceError_, GoldError) as e:
        print(f"evaluate: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    else:
        parts = []
        if "reference" in out:
            parts.append(format_reference(out["reference"], not args.brief))
        if "gold" in out:
            parts.append(format_gold(out["gold"], not args.brief))
        print("\n\n".join(parts))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
