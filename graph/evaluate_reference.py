"""Compare our extraction of Ofsted reports with a reference table (reports.csv).

Why: the shared reference table was made by a third-party scraper. It is a
useful check on ten header fields of every 2018-onward report, but it is not
truth: where the two disagree, someone reads the PDF and records who was right
in an adjudication file (``gold/adjudications.yaml``). This module

- reads the table and normalises its values (dates to ISO, grade words to
  grade keys, ``inspection_pre_dates_judgement`` to "no such judgement",
  ``data_unreadable`` and blanks to "the table gives nothing");
- extracts each listed PDF with the project's own pipeline (raw facts of
  ``graph.pipeline.extract_document``: the council is fixed by the table row,
  so no resolution is needed) and reads the same ten fields from the facts;
- compares per field, lists every disagreement, and applies adjudications.

Agreement is reported twice: raw (ours == table) and adjudicated (where an
adjudication exists for a (file, field), ours is compared with the value the
adjudicator read in the PDF instead of the table's; elsewhere as raw).

Field names: published, framework, lead_inspector, start, end, overall,
leaders, help_protection, in_care, care_leavers.
"""
from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Optional

import yaml

__all__ = [
    "FIELDS", "GRADE_FIELDS", "ReferenceError_", "Row", "Adjudication", "Comparison",
    "read_reference", "read_adjudications", "normalise_value", "ours_from_facts",
    "extract_fields", "compare", "summarise", "run_reference",
]

FIELDS = ("published", "framework", "lead_inspector", "start", "end",
          "overall", "leaders", "help_protection", "in_care", "care_leavers")

# table column of each field
COLUMNS = {
    "published": "publication_date", "framework": "inspection_framework",
    "lead_inspector": "inspector_name", "start": "inspection_start_date",
    "end": "inspection_end_date", "overall": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade", "help_protection": "help_and_protection_grade",
    "in_care": "in_care_grade", "care_leavers": "care_leavers_grade",
}

# Grade fields: the table column -> the judgement-area key *suffix* our keys
# carry after their framework prefix (keys themselves come from graph.vocab).
GRADE_FIELDS = {"overall": "overall-effectiveness", "leaders": "leadership",
                "help_protection": "help-and-protection", "in_care": "in-care",
                "care_leavers": "care-leavers"}

NONE = None            # the field has no value (e.g. no separate care leavers judgement)
UNREADABLE = "?"       # the table gives nothing usable (blank, data_unreadable)
PUBLISHED_SOURCE = "published_source"   # not a field: where our publication date came from


class ReferenceError_(ValueError):
    """A malformed reference table or adjudication file; names the file and line."""


@dataclass
class Row:
    file: str                  # the table's `file` column (e.g. "pdf/123_x_2019-01-01.pdf")
    line: int
    values: dict               # field -> normalised table value
    raw: dict                  # field -> the table's text

    @property
    def published(self) -> Optional[str]:
        v = self.values.get("published")
        return v if isinstance(v, str) and v != UNREADABLE else None


@dataclass
class Adjudication:
    file: str
    field: str
    correct: Optional[str]     # normalised like the table's values (None = no value)
    right: str                 # ours | table | neither
    note: str
    line: int = 0


@dataclass
class Comparison:
    file: str
    field: str
    ours: Optional[str]
    theirs: Optional[str]
    agree: bool
    adjudication: Optional[Adjudication] = None

    @property
    def adjudicated_agree(self) -> bool:
        """Ours equals the adjudicated value where one exists, else the raw verdict."""
        if self.adjudication is None:
            return self.agree
        return _same(self.field, self.ours, self.adjudication.correct)

    @property
    def stale(self) -> bool:
        """The adjudication's `right` no longer describes the current values."""
        a = self.adjudication
        if a is None:
            return False
        ours_ok = _same(self.field, self.ours, a.correct)
        table_ok = _same(self.field, self.theirs, a.correct)
        expect = {"ours": (True, False), "table": (False, True), "neither": (False, False)}.get(a.right)
        return expect is not None and (ours_ok, table_ok) != expect and not self.agree


# ----------------------------------------------------------------------------- values

def _norm_name(s: str) -> str:
    s = re.sub(r"[’'`.,]", "", s or "")
    return re.sub(r"\s+", " ", s).strip().casefold()


def _same(fieldname: str, a: Optional[str], b: Optional[str]) -> bool:
    if fieldname == "lead_inspector" and a and b and a != UNREADABLE and b != UNREADABLE:
        return _norm_name(a) == _norm_name(b)
    return a == b


def _iso(text: str, where: str) -> str:
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    raise ReferenceError_(f"{where}: {text!r} is not a date (dd/mm/yyyy, dd/mm/yy or yyyy-mm-dd)")


def normalise_value(fieldname: str, value, where: str = "") -> Optional[str]:
    """The comparable form of a table or adjudication value for ``fieldname``.

    Dates -> ISO; grades -> grade keys (via graph.vocab); framework words are
    kept ("standard", "short", or an inspection-type key); names are kept as
    written. ``inspection_pre_dates_judgement`` -> None (no such judgement);
    blank and ``data_unreadable`` -> "?" (the table gives nothing).
    """
    from . import vocab
    if fieldname not in FIELDS:
        raise ReferenceError_(f"{where}: unknown field {fieldname!r} (one of {', '.join(FIELDS)})")
    if value is None:
        return NONE
    if isinstance(value, (date, datetime)):
        value = value.isoformat()[:10]
    text = str(value).strip()
    if text == "" or text.lower() == "data_unreadable":
        return UNREADABLE
    if text.lower() in ("inspection_pre_dates_judgement", "none", "null"):
        return NONE
    if fieldname in ("published", "start", "end"):
        return _iso(text, where)
    if fieldname in GRADE_FIELDS:
        if text in vocab.keys("grade"):
            return text
        try:
            return vocab.match("grade", text) or f"unmapped:{text}"
        except Exception:
            return f"unmapped:{text}"
    if fieldname == "framework":
        low = text.lower()
        return low if low in ("standard", "short") else text
    return text


def read_reference(path: Path, since: Optional[str] = None) -> list[Row]:
    """Rows of the reference table, optionally only those published on/after ``since``."""
    path = Path(path)
    try:
        fh = path.open(encoding="utf-8", newline="")
    except OSError as e:
        raise ReferenceError_(f"{path}: cannot read: {e.strerror or e}")
    rows = []
    with fh:
        reader = csv.DictReader(fh)
        missing = {"file", *COLUMNS.values()} - set(reader.fieldnames or [])
        if missing:
            raise ReferenceError_(f"{path}: missing columns {sorted(missing)}")
        for i, rec in enumerate(reader, start=2):
            where = f"{path}:{i}"
            values = {f: normalise_value(f, rec[c], where) for f, c in COLUMNS.items()}
            row = Row(rec["file"], i, values, {f: rec[c] for f, c in COLUMNS.items()})
            if since and (row.published or _published_from_name(row.file) or "") < since:
                continue
            rows.append(row)
    return rows


def _published_from_name(name: str) -> Optional[str]:
    m = re.search(r"(\d{4}-\d{2}-\d{2})\.pdf$", name)
    return m.group(1) if m else None


def read_adjudications(path: Optional[Path]) -> dict[tuple[str, str], Adjudication]:
    """(file, field) -> Adjudication from a YAML file (absent file = none)."""
    if path is None or not Path(path).exists():
        return {}
    p = str(path)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        root = yaml.compose(Path(path).read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ReferenceError_(f"{p}: malformed YAML: {e}")
    items = data.get("adjudications") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ReferenceError_(f"{p}: expected a mapping with an `adjudications:` list")
    lines = []
    for k, v in root.value:
        if k.value == "adjudications":
            lines = [n.start_mark.line + 1 for n in v.value]
    out: dict[tuple[str, str], Adjudication] = {}
    for i, it in enumerate(items):
        line = lines[i] if i < len(lines) else 0
        where = f"{p}:{line}"
        if not isinstance(it, dict):
            raise ReferenceError_(f"{where}: each adjudication is a mapping")
        for k in ("file", "field", "right", "note"):
            if not it.get(k):
                raise ReferenceError_(f"{where}: `{k}` is required")
        if "correct" not in it:
            raise ReferenceError_(f"{where}: `correct` is required (null when the field has no value)")
        if it["right"] not in ("ours", "table", "neither"):
            raise ReferenceError_(f"{where}: right must be ours, table or neither, not {it['right']!r}")
        fld = str(it["field"])
        a = Adjudication(str(it["file"]), fld, normalise_value(fld, it["correct"], where),
                         it["right"], str(it["note"]), line)
        key = (a.file, a.field)
        if key in out:
            raise ReferenceError_(f"{where}: {a.file} {a.field} is adjudicated twice (also line {out[key].line})")
        out[key] = a
    return out


# ----------------------------------------------------------------------------- ours

def ours_from_facts(facts: Iterable, doc=None) -> dict:
    """The ten fields from the raw facts of one report (council fixed by the table).

    The report's inspection is the Inspection fact marked ``is_report`` (else
    the one keyed "main" that cites no other); judgements are those of that
    inspection; the lead inspector is its team member with role
    lead-inspector; the publication date falls back on the document's.
    """
    from . import vocab
    facts = list(facts)
    insp = [f for f in facts if f.kind == "inspection"]
    main = next((f for f in insp if getattr(f, "is_report", False)), None)
    if main is None:
        main = next((f for f in insp if f.key == "main" and not f.previous_of), None)
    out = {f: NONE for f in FIELDS}
    if main is not None:
        out["published"] = main.published.literal if main.published else NONE
        out["start"] = main.start.literal if main.start else NONE
        out["end"] = main.end.literal if main.end else NONE
        t = main.type or NONE
        out["framework"] = {"ilacs-standard": "standard", "ilacs-short": "short"}.get(t, t)
        lead = next((m.name for m in main.team if m.role == "lead-inspector"), None)
        out["lead_inspector"] = lead
        key = main.key
        for j in facts:
            if j.kind != "judgement" or j.inspection != key:
                continue
            fw = vocab.concept("judgement-area", j.area).framework if j.area else None
            suffix = j.area[len(fw) + 1:] if fw and j.area.startswith(fw + "-") else j.area
            for fld, suf in GRADE_FIELDS.items():
                if suffix == suf and out[fld] is NONE:
                    out[fld] = j.grade or NONE
    out[PUBLISHED_SOURCE] = "text" if out["published"] is not NONE else None
    if out["published"] is NONE and doc is not None and doc.published is not None:
        out["published"] = doc.published.literal
        out[PUBLISHED_SOURCE] = (doc.metadata_source or {}).get("published") or "document"
    return out


_EXS = None


def _extract_one(path: str) -> tuple[str, dict, list[str], float]:
    """Worker: read + extract one PDF; returns (path, fields, problems, seconds)."""
    global _EXS
    from .documents import DocumentError, read_document
    from .pipeline import extract_document, extractors
    t0 = time.perf_counter()
    if _EXS is None:
        _EXS = extractors()
    problems: list[str] = []
    try:
        doc = read_document(Path(path))
    except DocumentError as e:
        return path, {f: NONE for f in FIELDS}, [str(e)], time.perf_counter() - t0
    facts = extract_document(doc, _EXS, problems, keep_going=True)
    return path, ours_from_facts(facts, doc), problems, time.perf_counter() - t0


def extract_fields(paths: list[Path], workers: int = 2, progress=None) -> dict[str, tuple[dict, list[str], float]]:
    """path -> (fields, problems, seconds), extracting over ``workers`` processes."""
    out = {}
    todo = [str(p) for p in paths]
    if workers <= 1 or len(todo) < 4:
        for i, p in enumerate(todo, 1):
            _, f, pr, s = _extract_one(p)
            out[p] = (f, pr, s)
        return out
    import multiprocessing as mp
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(workers) as pool:
        for i, (p, f, pr, s) in enumerate(pool.imap_unordered(_extract_one, todo, chunksize=4), 1):
            out[p] = (f, pr, s)
            if progress and (i % 50 == 0 or i == len(todo)):
                progress(f"  extracted {i}/{len(todo)} reports")
    return out


# ----------------------------------------------------------------------------- compare

def compare(rows: list[Row], ours: dict[str, dict], adjudications: dict) -> list[Comparison]:
    """One Comparison per (row, field) for rows we have results for."""
    out = []
    for r in rows:
        if r.file not in ours:
            continue
        mine = ours[r.file]
        for f in FIELDS:
            a, b = mine.get(f), r.values.get(f)
            out.append(Comparison(r.file, f, a, b, _same(f, a, b), adjudications.get((r.file, f))))
    return out


def summarise(comps: list[Comparison]) -> dict:
    """Per field: n, raw agreement, adjudicated agreement, open disagreements."""
    per = {}
    for f in FIELDS:
        cs = [c for c in comps if c.field == f]
        n = len(cs)
        raw = sum(c.agree for c in cs)
        adj = sum(c.adjudicated_agree for c in cs)
        per[f] = {
            "n": n, "agree": raw, "agree_pct": round(100 * raw / n, 1) if n else None,
            "adjudicated_agree": adj, "adjudicated_pct": round(100 * adj / n, 1) if n else None,
            "disagreements": n - raw,
            "unadjudicated": sum(1 for c in cs if not c.agree and c.adjudication is None),
            "table_wrong": sum(1 for c in cs if not c.agree and c.adjudication is not None
                               and not _same(f, c.theirs, c.adjudication.correct)),
            "ours_wrong": sum(1 for c in cs if not c.adjudicated_agree and c.adjudication is not None),
            "table_unreadable": sum(1 for c in cs if c.theirs == UNREADABLE),
        }
    n = len(comps)
    raw = sum(c.agree for c in comps)
    adj = sum(c.adjudicated_agree for c in comps)
    per["all"] = {"n": n, "agree": raw, "agree_pct": round(100 * raw / n, 1) if n else None,
                  "adjudicated_agree": adj, "adjudicated_pct": round(100 * adj / n, 1) if n else None,
                  "disagreements": n - raw,
                  "unadjudicated": sum(1 for c in comps if not c.agree and c.adjudication is None)}
    return per


def _days(a: Optional[str], b: Optional[str]) -> Optional[int]:
    """Days from date ``a`` to date ``b`` (both ISO days), or None."""
    try:
        return (date.fromisoformat(b) - date.fromisoformat(a)).days
    except (TypeError, ValueError):
        return None


def published_by_source(comps: list[Comparison], sources: dict) -> dict:
    """Publication-date agreement broken down by where our date came from.

    Why: ILACS reports print no publication date, so ours is then the PDF's
    creation date (``pdf-metadata``, approximate), while the table holds the
    date Ofsted listed the report. This says how agreement splits between
    dates printed in the text and metadata dates, and for metadata dates how
    many days the table's date lies after ours (negative: before), so the
    ceiling the rule "text, else PDF metadata, never the file name" puts on
    this field is measured rather than asserted.
    """
    out: dict = {}
    for c in comps:
        if c.field != "published":
            continue
        src = sources.get(c.file) or "none"
        d = out.setdefault(src, {"n": 0, "agree": 0, "offsets": {}})
        d["n"] += 1
        d["agree"] += int(c.agree)
        off = _days(c.ours, c.theirs) if c.ours and c.theirs != UNREADABLE else None
        key = "n/a" if off is None else str(off)
        d["offsets"][key] = d["offsets"].get(key, 0) + 1
    for d in out.values():
        offs = {int(k): v for k, v in d["offsets"].items() if k != "n/a"}
        d["agree_pct"] = round(100 * d["agree"] / d["n"], 1) if d["n"] else None
        d["offsets"] = dict(sorted(d["offsets"].items(), key=lambda kv: (kv[0] == "n/a", int(kv[0]) if kv[0] != "n/a" else 0)))
        d["table_after_ours_0_7_days"] = sum(v for k, v in offs.items() if 0 <= k <= 7)
        d["table_before_ours"] = sum(v for k, v in offs.items() if k < 0)
        d["table_over_7_days_after"] = sum(v for k, v in offs.items() if k > 7)
    return out


def run_reference(reference: Path, pdfs: Path, since: Optional[str], adjudications: Optional[Path],
                  workers: int = 2, progress=None, limit: Optional[int] = None) -> dict:
    """The whole of ``evaluate --reference``: returns a JSON-ready result."""
    t0 = time.perf_counter()
    rows = read_reference(reference, since)
    if limit:
        rows = rows[:limit]
    adj = read_adjudications(adjudications)
    base = Path(pdfs)
    paths, missing = {}, []
    for r in rows:
        p = _locate(base, r.file)
        if p is None:
            missing.append(r.file)
        else:
            paths[r.file] = p
    got = extract_fields(list(paths.values()), workers, progress)
    ours = {f: got[str(p)][0] for f, p in paths.items()}
    problems = {f: got[str(p)][1] for f, p in paths.items() if got[str(p)][1]}
    comps = compare(rows, ours, adj)
    sources = {f: ours[f].get(PUBLISHED_SOURCE) for f in ours}
    unused = [a for k, a in adj.items() if k not in {(c.file, c.field) for c in comps}]
    return {
        "reference": str(reference), "pdfs": str(pdfs), "since": since,
        "reports": len(paths), "missing": missing,
        "summary": summarise(comps),
        "published_by_source": published_by_source(comps, sources),
        "disagreements": [_comp_json(c) for c in comps if not c.agree],
        "stale_adjudications": [_comp_json(c) for c in comps if c.stale],
        "unused_adjudications": [{"file": a.file, "field": a.field, "line": a.line} for a in unused
                                 if since is None or (_published_from_name(a.file) or "") >= since],
        "problems": problems,
        "seconds": round(time.perf_counter() - t0, 1),
        "seconds_extracting": round(sum(v[2] for v in got.values()), 1),
    }


def _locate(base: Path, name: str) -> Optional[Path]:
    """The PDF for a table `file` value: as given under ``base``, or by its base name."""
    for cand in (base / name, base / Path(name).name, base.parent / name):
        if cand.is_file():
            return cand
    return None


def _comp_json(c: Comparison) -> dict:
    d = {"file": c.file, "field": c.field, "ours": c.ours, "theirs": c.theirs}
    if c.adjudication is not None:
        a = c.adjudication
        d.update({"correct": a.correct, "right": a.right, "note": a.note,
                  "ours_now_right": _same(c.field, c.ours, a.correct)})
    return d
