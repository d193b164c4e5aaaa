"""The real workload: build a folder of reports, rebuild it unchanged, rebuild it after one report changed.

    python -m bench.build                                  # ../shared/ilacs/pdf, the 421 national reports
    python -m bench.build --corpus corpus --jobs 2

Each build runs ``build_graph.py`` in a child process (as a user would), into
an output folder and extraction cache of its own, so the first build starts
cold. Three runs, in this order, on the same data:

1. **full**: nothing cached;
2. **unchanged**: the same folder again (every cache hit);
3. **one changed**: one report's content changed (a copy of a PDF without
   its last page; a text file gains a sentence). Its document is read and
   extracted again, its facts change, and every later stage sees the change.

Printed and written to ``bench/results/build-<time>.{json,md}`` (not
committed): wall time, the build's own seconds per stage (from
``summary.json``), peak memory of the build process, and each rebuild as a
ratio of the full build from the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_CORPUS = ROOT.parent / "shared" / "ilacs" / "pdf"


def _link_corpus(src: Path, dst: Path) -> list[Path]:
    """A folder of symbolic links to ``src``'s files (manifest included): the same corpus, changeable per file."""
    dst.mkdir(parents=True)
    files = []
    for f in sorted(src.iterdir()):
        if f.is_file():
            (dst / f.name).symlink_to(f.resolve())
            files.append(dst / f.name)
    return files


def _change_one(files: list[Path]) -> Path:
    """Give one report new content: a copy of a PDF without its last page (its text, and so
    its facts, change: findings or recommendations drop out), or a text file with a sentence
    added. Without pypdf, a PDF gets a comment line appended (new bytes, same text)."""
    def is_pdf(f: Path) -> bool:
        with open(f, "rb") as fh:
            return f.suffix.lower() == ".pdf" and fh.read(5) == b"%PDF-"
    target = next((f for f in files if is_pdf(f)), None) or next(f for f in files if f.suffix.lower() == ".txt")
    data = target.read_bytes()
    if target.suffix.lower() != ".pdf":
        target.unlink()
        target.write_bytes(data + b"\nThis sentence was added by the build benchmark.\n")
        return target
    try:
        import io
        from pypdf import PdfReader, PdfWriter
        reader = PdfReader(io.BytesIO(data))
        writer = PdfWriter()
        for page in reader.pages[:max(1, len(reader.pages) - 1)]:
            writer.add_page(page)
        buf = io.BytesIO()
        writer.write(buf)
        new = buf.getvalue()
    except ImportError:
        new = data + b"\n% csgkg bench: a new version of this file\n"
    target.unlink()
    target.write_bytes(new)
    return target


# runs the build in the child and reports its own peak RSS and its workers' (KiB) on the last stderr line
_CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[1])
import build_graph
code = build_graph.main(sys.argv[2:])
print(json.dumps([resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]), file=sys.stderr)
sys.exit(code)
"""


def _run(corpus: Path, out: Path, jobs: int | None) -> dict:
    args = ["--corpus", str(corpus), "--out", str(out), "--keep-going", "--quiet"]
    if jobs:
        args += ["--jobs", str(jobs)]
    t0 = time.perf_counter()
    p = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT)] + args, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"build failed ({p.returncode}):\n{p.stderr[-3000:]}")
    own, workers = json.loads(p.stderr.strip().splitlines()[-1])
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {"wall_s": round(wall, 2), "peak_rss_mb": round(own / 1024), "worker_peak_rss_mb": round(workers / 1024),
            "seconds": summary.get("seconds", {}), "documents": summary.get("documents"),
            "from_cache": summary.get("documents_from_cache"), "triples": summary.get("triples"),
            "shacl": summary.get("shacl"), "store": summary.get("store"),
            "validation_parts": summary.get("validation_parts")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.build", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--jobs", type=int, default=None, help="build worker processes (default: the build's own)")
    ap.add_argument("--results", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: not a folder of documents", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="csgkg-bench-build-"))
    try:
        corpus = work / "corpus"
        files = _link_corpus(args.corpus, corpus)
        out = work / "out"
        runs = {}
        print(f"full build of {len(files)} files from {args.corpus} ...", flush=True)
        runs["full"] = _run(corpus, out, args.jobs)
        print("rebuild, nothing changed ...", flush=True)
        runs["unchanged"] = _run(corpus, out, args.jobs)
        changed = _change_one(files)
        print(f"rebuild after changing {changed.name} ...", flush=True)
        runs["one changed"] = _run(corpus, out, args.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    full = runs["full"]["wall_s"]
    stages = []
    for r in runs.values():
        for k in r["seconds"]:
            if k not in stages:
                stages.append(k)
    lines = [f"# Build benchmark ({args.corpus}, {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}, "
             f"{os.cpu_count()} cores)", "",
             "| run | wall s | / full | documents (cached) | triples | SHACL | store | peak RSS MB (build / a worker) |",
             "|---|---|---|---|---|---|---|---|"]
    for name, r in runs.items():
        lines.append(f"| {name} | {r['wall_s']} | {r['wall_s'] / full:.2f} | {r['documents']} ({r['from_cache']}) | "
                     f"{r['triples']} | {r['shacl']} | {r['store']} | {r['peak_rss_mb']} / {r['worker_peak_rss_mb']} |")
    lines += ["", "Seconds per stage (the build's own timings):", "",
              "| stage | " + " | ".join(runs) + " |", "|---|" + "---|" * len(runs)]
    for k in stages:
        lines.append(f"| {k} | " + " | ".join(str(r["seconds"].get(k, "")) for r in runs.values()) + " |")
    lines += ["", f"full build: {full:.1f} s; rebuild after one changed report: {runs['one changed']['wall_s']:.1f} s "
              f"({runs['one changed']['wall_s'] / full:.2f} of the full build)"]
    text = "\n".join(lines)
    print(text)
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (args.results / f"build-{stamp}.json").write_text(json.dumps({"corpus": str(args.corpus), "runs": runs}, indent=2),
                                                      encoding="utf-8")
    (args.results / f"build-{stamp}.md").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
