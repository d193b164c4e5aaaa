"""Measure PDF text-extraction libraries on the national corpus of Ofsted reports.

Why: the build reads ~420 reports and must finish in minutes on 2 cores, and
the extractors' regexes need text in reading order with whole words, intact
headings and judgement tables. This script makes that choice repeatable:

    .venv/bin/python -m bench.pdf_libraries --sample 40
    .venv/bin/python -m bench.pdf_libraries --sample 40 --libs pypdfium2,csgkg

It picks ``--sample`` reports spread evenly over publication dates (the date
is the last part of the file name), runs every library on each in one
process, one report after another, and prints one row per library:

- ``cpu s/report`` mean, median and max CPU seconds of this process per
  report (text of all pages, file opening included, library import
  excluded). CPU time, not wall time, because the machine is shared and wall
  time swings with other people's load; ``wall`` gives the mean wall time
  for comparison. ``421 on 2 cores`` projects CPU mean x 421 / 2;
- ``errors``: reports the library raised on (non-PDF files in the corpus
  included, so every library meets them);
- ``table order``: of the judgement grades that ``reports.csv`` gives for the
  sampled reports, the share whose judgement label is followed by the right
  grade in the text once line breaks are ignored (reading order kept);
- ``table 1-line``: the same, but label and grade on one line, as the
  Ofsted extractor's regexes want;
- ``dates 1-line``: share of reports with "Inspection date(s):" followed by a
  date on the same line;
- ``split/10k``: word pairs "ab cd" where "abcd" occurs elsewhere in the
  same text and one of the pieces is not otherwise a word, per 10,000 words
  (words broken by extraction; authors' own "feed back" also counts, equally
  for every library);
- ``glued/10k``: alphabetic tokens of 25+ letters (spaces lost), per 10,000;
- ``repeat``: mean number of distinct lines (digits masked) repeated on at
  least 30% of a report's pages: running headers and footers left in;
- ``words``: word count relative to the median library on the same report
  (lost or duplicated text).

Nothing is written to disk; pipe the table wherever you like. The numbers in
docs/pdf-ingestion.md come from this script.
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

__all__ = ["LIBRARIES", "sample_reports", "measure", "main"]

DEFAULT_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "ilacs"


# --------------------------------------------------------------------------- libraries

def _pypdfium2(path: Path) -> tuple[str, int]:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            out.append(tp.get_text_range().replace("\r\n", "\n"))
            tp.close()
            page.close()
        return "\n".join(out), len(out)
    finally:
        pdf.close()


def _pypdf(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader
    reader = PdfReader(str(path))
    pages = [p.extract_text() or "" for p in reader.pages]
    return "\n".join(pages), len(pages)


def _pdfplumber(path: Path) -> tuple[str, int]:
    import pdfplumber
    with pdfplumber.open(str(path)) as pdf:
        pages = [p.extract_text() or "" for p in pdf.pages]
    return "\n".join(pages), len(pages)


def _pdfminer(path: Path) -> tuple[str, int]:
    from pdfminer.high_level import extract_text
    text = extract_text(str(path))
    return text, max(text.count("\f"), 1)


def _csgkg(path: Path) -> tuple[str, int]:
    from graph.pdftext import pdf_to_text
    res = pdf_to_text(path)
    return res.text, res.page_count


LIBRARIES: dict[str, Callable[[Path], tuple[str, int]]] = {
    "pypdfium2": _pypdfium2,
    "pypdf": _pypdf,
    "pdfplumber": _pdfplumber,
    "pdfminer.six": _pdfminer,
    "csgkg (pypdfium2+clean)": _csgkg,
}
_IMPORTS = {"pypdfium2": "pypdfium2", "pypdf": "pypdf", "pdfplumber": "pdfplumber",
            "pdfminer.six": "pdfminer.high_level", "csgkg (pypdfium2+clean)": "graph.pdftext"}


# --------------------------------------------------------------------------- sample

def sample_reports(folder: Path, n: int) -> list[Path]:
    """``n`` PDFs spread evenly over publication dates (file name suffix)."""
    files = sorted((folder / "pdf").glob("*.pdf"), key=lambda p: (p.stem.rsplit("_", 1)[-1], p.name))
    if not files:
        raise SystemExit(f"no PDFs in {folder / 'pdf'}")
    if n >= len(files):
        return files
    step = len(files) / n
    return [files[int(i * step + step / 2)] for i in range(n)]


def _reference(folder: Path) -> dict[str, dict]:
    path = folder / "reports.csv"
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as fh:
        return {Path(r["file"]).name: r for r in csv.DictReader(fh)}


# --------------------------------------------------------------------------- fidelity

# reports.csv column -> the words that end that judgement's label in the
# report's table (the scraping tool's columns, not our ontology)
_TABLE_LABEL_END = {
    "impact_of_leaders_grade": r"(?:children and|and) families",
    "help_and_protection_grade": r"help and protection",
    "in_care_grade": r"children in care(?: and care leavers)?",
    "care_leavers_grade": r"care leavers",
    "overall_effectiveness_grade": r"overall effectiveness",
}
_WORDS = re.compile(r"[A-Za-z]+")


def _table_hits(text: str, row: dict) -> tuple[int, int, int]:
    """(expected, found ignoring line breaks, found on one line)."""
    flat = re.sub(r"\s+", " ", text)
    exp = relaxed = strict = 0
    for col, label in _TABLE_LABEL_END.items():
        grade = (row.get(col) or "").strip()
        if not re.fullmatch(r"[a-z ]+", grade) or grade.startswith("to "):
            continue
        g = r"\s+".join(grade.split())
        exp += 1
        if re.search(rf"{label} {g}", flat, re.I):
            relaxed += 1
        if re.search(rf"{label}[ \t]+{g}", text.replace("\u00a0", " "), re.I):
            strict += 1
    return exp, relaxed, strict


def _split_pairs(text: str) -> tuple[int, int]:
    words = _WORDS.findall(text)
    vocab = Counter(w.lower() for w in words)
    n = 0
    for m in re.finditer(r"(?=\b([A-Za-z]+) ([a-z]+)\b)", text):
        a, b = m.group(1).lower(), m.group(2)
        if len(a + b) >= 5 and vocab[a + b] >= 1 and (vocab[a] <= 1 or vocab[b] <= 1):
            n += 1
    return n, len(words)


def _repeated_lines(text: str, pages: int) -> int:
    keys = Counter(re.sub(r"\d+", "#", ln.strip().lower()) for ln in text.splitlines())
    need = max(3, math.ceil(0.3 * pages))
    return sum(1 for k, c in keys.items() if len(k) >= 4 and c >= need)


def measure(files: list[Path], libs: list[str], folder: Path, quiet: bool = False) -> list[dict]:
    """Run every library on every file; return one result dict per library."""
    ref = _reference(folder)
    for lib in libs:                      # import outside the timed region
        __import__(_IMPORTS[lib])
    per: dict[str, dict] = {lib: {"times": [], "wall": [], "errors": 0, "exp": 0, "relaxed": 0,
                                  "strict": 0, "dates": 0, "docs": 0, "split": 0,
                                  "glued": 0, "words": 0, "repeat": [], "ratio": []}
                            for lib in libs}
    for i, path in enumerate(files, 1):
        counts = {}
        for lib in libs:
            st = per[lib]
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                text, pages = LIBRARIES[lib](path)
            except Exception as e:  # noqa: BLE001 - any failure is a measured outcome
                st["times"].append(time.process_time() - c0)
                st["wall"].append(time.perf_counter() - t0)
                st["errors"] += 1
                if not quiet:
                    print(f"  {lib}: {path.name}: {type(e).__name__}: {str(e)[:80]}", file=sys.stderr)
                continue
            st["times"].append(time.process_time() - c0)
            st["wall"].append(time.perf_counter() - t0)
            st["docs"] += 1
            row = ref.get(path.name, {})
            e, r, s = _table_hits(text, row)
            st["exp"] += e
            st["relaxed"] += r
            st["strict"] += s
            if re.search(r"Inspection dates?:?[ \t]+\d", text):
                st["dates"] += 1
            sp, nw = _split_pairs(text)
            st["split"] += sp
            st["words"] += nw
            st["glued"] += len(re.findall(r"\b[A-Za-z]{25,}\b", text))
            st["repeat"].append(_repeated_lines(text, pages))
            counts[lib] = nw
        if counts:
            med = statistics.median(counts.values())
            for lib, nw in counts.items():
                per[lib]["ratio"].append(nw / med if med else 1.0)
        if not quiet:
            print(f"[{i}/{len(files)}] {path.name}", file=sys.stderr)
    rows = []
    for lib in libs:
        st = per[lib]
        t = st["times"] or [0.0]
        words = max(st["words"], 1)
        rows.append({
            "library": lib,
            "mean": statistics.mean(t), "median": statistics.median(t), "max": max(t),
            "wall": statistics.mean(st["wall"] or [0.0]),
            "projected_421_2cores": statistics.mean(t) * 421 / 2,
            "errors": st["errors"],
            "table_order": st["relaxed"] / st["exp"] if st["exp"] else float("nan"),
            "table_1line": st["strict"] / st["exp"] if st["exp"] else float("nan"),
            "dates_1line": st["dates"] / st["docs"] if st["docs"] else float("nan"),
            "split_10k": st["split"] * 1e4 / words,
            "glued_10k": st["glued"] * 1e4 / words,
            "repeat": statistics.mean(st["repeat"]) if st["repeat"] else float("nan"),
            "words": statistics.mean(st["ratio"]) if st["ratio"] else float("nan"),
            "expected_grades": st["exp"],
        })
    return rows


def _table(rows: list[dict], n: int) -> str:
    head = ("library", "cpu s/report mean", "median", "max", "wall mean", "421 on 2 cores (s)", "errors",
            "table order", "table 1-line", "dates 1-line", "split/10k", "glued/10k",
            "repeat", "words")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        lines.append("| " + " | ".join([
            r["library"], f"{r['mean']:.3f}", f"{r['median']:.3f}", f"{r['max']:.3f}", f"{r['wall']:.3f}",
            f"{r['projected_421_2cores']:.0f}", f"{r['errors']}/{n}",
            f"{r['table_order']:.0%}", f"{r['table_1line']:.0%}", f"{r['dates_1line']:.0%}",
            f"{r['split_10k']:.1f}", f"{r['glued_10k']:.2f}", f"{r['repeat']:.1f}",
            f"{r['words']:.2f}"]) + " |")
    grades = rows[0]["expected_grades"] if rows else 0
    lines.append(f"\n{n} reports; {grades} judgement grades from reports.csv to look for.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.pdf_libraries", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sample", type=int, default=40, help="number of reports (spread over years)")
    ap.add_argument("--dir", type=Path, default=DEFAULT_DIR,
                    help="folder with pdf/ and reports.csv (default ../shared/ilacs)")
    ap.add_argument("--libs", default=",".join(LIBRARIES),
                    help="comma-separated subset of: " + ", ".join(LIBRARIES))
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    libs = [s.strip() for s in args.libs.split(",") if s.strip()]
    unknown = [s for s in libs if s not in LIBRARIES]
    if unknown:
        ap.error(f"--libs: unknown {unknown}; known: {list(LIBRARIES)}")
    if not (args.dir / "pdf").is_dir():
        print(f"--dir: {args.dir / 'pdf'} does not exist", file=sys.stderr)
        return 2
    files = sample_reports(args.dir, args.sample)
    rows = measure(files, libs, args.dir, quiet=args.quiet)
    print(_table(rows, len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
