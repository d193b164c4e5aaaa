"""Gold annotations: loading, reading our facts from the built graph, matching, scoring.

Why: precision and recall need a fixed list of what a careful reader finds in
each document (``gold/**/*.yaml``, format in ``gold/README.md``) and an honest
rule for when one of our facts "is" a gold fact. We compare at the level of the
resolved RDF, not raw facts, because the matching keys a reader can state
(council GSS code, person, role key, grade key) only exist after resolution:
a raw fact says "Torbay's" or "the council". For each gold document we read
the facts its named graph ``gr:doc/<docid>`` holds (everything the document
supports), using the union graph only for labels (person names, partnership
members).

Matching rules (a gold fact and one of ours match when all hold; matching is
one-to-one, greedy in gold order):

- tenure: same person (normalised name equal to one of our person's names or
  aliases; or both unnamed), role key, council GSS (of the council, or of the
  board's council for a board post), and status key (absent = absent).
- inspection: same council GSS; same type key when the gold states one; and
  the dates are compatible: every gold date (start, published) that we also
  have overlaps ours, at least one does, and ``when`` (a date news gives
  without saying whether it is the visit or the publication) overlaps our
  start, publication or ``csg:judgedIn``; an inspection of ours dated only by
  ``csg:judgedIn`` matches when that date overlaps a gold start or publication.
- inspection-date: one per stated start/end/published of a gold inspection:
  same council, same role, and the same literal (same precision), or, for a
  gold date known only by bounds, overlapping bounds.
- judgement: same council, area key, grade key, and inspection anchor
  (``inspection_start`` / ``inspection_published`` overlap ours, or our
  ``csg:judgedIn`` when we lack that date; ``inspection_on`` overlaps any).
- partnership-event: same member councils (set), arrangement type key and
  event kind; when gold gives a date, ours must have a date whose bounds
  overlap it.
- indicator: same council, measure key, unit key, value (to 1e-6), and when
  gold gives a date, ours must have one overlapping it.
- recommendation: same council, number, "repeated from the last inspection"
  flag, and the inspection's start overlaps the gold ``inspection_start``.

Checked fields (reported for matched pairs, never part of the match): tenure
start/end; inspection end, publication and lead inspector; indicator scope.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Optional

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

__all__ = [
    "KINDS", "GoldError", "GoldDoc", "Item", "DateSpan", "load_gold", "gold_items",
    "items_from_graph", "matches", "match_items", "score", "check_quotes", "fact_quotes", "run_gold",
]

KINDS = ("tenure", "inspection", "inspection-date", "judgement", "partnership-event", "indicator",
         "recommendation")
_ID = "https://w3id.org/csgkg/id/"
_ORG = "http://www.w3.org/ns/org#"
_TIME = "http://www.w3.org/2006/time#"
_OA = "http://www.w3.org/ns/oa#"
_PROV = "http://www.w3.org/ns/prov#"


class GoldError(ValueError):
    """A malformed gold file; the message names the file and line."""


# ----------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class DateSpan:
    """A date as stated: literal (None when only bounds are known) and inclusive bounds."""

    literal: Optional[str]
    earliest: Optional[date]
    latest: Optional[date]

    def overlaps(self, other: "DateSpan") -> bool:
        if other is None:
            return False
        if self.earliest is None and self.latest is None:
            return True
        if other.earliest is None and other.latest is None:
            return False  # ours has no bounds at all: unknown does not match a stated date
        lo1, hi1 = self.earliest or date.min, self.latest or date.max
        lo2, hi2 = other.earliest or date.min, other.latest or date.max
        return lo1 <= hi2 and lo2 <= hi1

    def same(self, other: "DateSpan") -> bool:
        """Same literal when gold states one; overlapping bounds when it does not."""
        if other is None:
            return False
        if self.literal is not None:
            return self.literal == other.literal
        return self.overlaps(other)

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        return f"[{self.earliest or '..'}, {self.latest or '..'}]"


def _span(value, where: str) -> Optional[DateSpan]:
    from . import temporal
    if value is None:
        return None
    if isinstance(value, date):
        return DateSpan(value.isoformat(), value, value)
    if isinstance(value, int):
        value = str(value)
    if isinstance(value, str):
        try:
            v = temporal.from_literal(value)
        except (ValueError, TypeError):
            raise GoldError(f"{where}: {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        return DateSpan(v.literal, v.earliest, v.latest)
    if isinstance(value, dict):
        extra = set(value) - {"earliest", "latest", "note"}
        if extra:
            raise GoldError(f"{where}: unknown date keys {sorted(extra)}")
        e, l_ = value.get("earliest"), value.get("latest")
        for k, v in (("earliest", e), ("latest", l_)):
            if v is not None and not isinstance(v, date):
                raise GoldError(f"{where}: {k} {v!r} is not an ISO date")
        if e and l_ and e > l_:
            raise GoldError(f"{where}: earliest is after latest")
        return DateSpan(None, e, l_)
    raise GoldError(f"{where}: unsupported date {value!r}")


# ----------------------------------------------------------------------------- items

@dataclass
class Item:
    """One fact in comparable form (gold or ours)."""

    kind: str
    key: dict                       # fields the match rule reads
    checked: dict = field(default_factory=dict)   # fields reported for matched pairs
    quote: str = ""
    where: str = ""                 # gold: file:line; ours: the fact IRI
    names: tuple = ()               # ours: every name of the person / lead inspector

    def label(self) -> str:
        parts = []
        for k, v in self.key.items():
            if v is None or v == () or v == frozenset():
                continue
            if isinstance(v, (set, frozenset, tuple, list)):
                v = "+".join(sorted(map(str, v)))
            parts.append(f"{k}={v}")
        return f"{self.kind}({', '.join(parts)})"


def _norm_name(s: Optional[str]) -> str:
    s = re.sub(r"[’'`.,]", "", s or "")
    return re.sub(r"\s+", " ", s).strip().casefold()


def _value_eq(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return a == b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def matches(g: Item, o: Item) -> bool:
    """Whether our item ``o`` is the gold item ``g`` (rules in the module docstring)."""
    if g.kind != o.kind:
        return False
    k, ok = g.key, o.key
    if g.kind == "tenure":
        if k["role"] != ok["role"] or k["council"] != ok["council"] or k["status"] != ok["status"]:
            return False
        if k["person"] is None:
            return ok["person"] is None
        if ok["person"] is None:
            return False
        wanted = {_norm_name(k["person"])} | {_norm_name(a) for a in g.names}
        return bool(wanted & {_norm_name(n) for n in o.names})
    if g.kind == "inspection":
        if k["council"] != ok["council"]:
            return False
        if k["type"] is not None and k["type"] != ok["type"]:
            return False
        compared = 0
        for role in ("start", "published"):
            if k.get(role) is not None and ok.get(role) is not None:
                if not k[role].overlaps(ok[role]):
                    return False
                compared += 1
        if k.get("on") is not None:
            if not any(ok.get(r) is not None and k["on"].overlaps(ok[r]) for r in ("start", "published", "judged")):
                return False
            compared += 1
        if compared == 0 and ok.get("judged") is not None:
            # ours says only "judged in" (visit or publication, unsaid): it must fit a gold date
            compared = int(any(k.get(r) is not None and k[r].overlaps(ok["judged"]) for r in ("start", "published")))
        return compared > 0
    if g.kind == "inspection-date":
        return (k["council"] == ok["council"] and k["role"] == ok["role"]
                and k["date"].same(ok["date"]))
    if g.kind == "judgement":
        if (k["council"], k["area"], k["grade"]) != (ok["council"], ok["area"], ok["grade"]):
            return False
        for role in ("start", "published"):
            if k.get(role) is not None and not (k[role].overlaps(ok.get(role)) or (
                    ok.get(role) is None and k[role].overlaps(ok.get("judged")))):
                return False
        if k.get("on") is not None:
            return any(ok.get(r) is not None and k["on"].overlaps(ok[r]) for r in ("start", "published", "judged"))
        return True
    if g.kind == "partnership-event":
        if (k["members"], k["type"], k["event"]) != (ok["members"], ok["type"], ok["event"]):
            return False
        return k["date"] is None or k["date"].overlaps(ok["date"])
    if g.kind == "recommendation":
        return ((k["council"], k["number"], k["repeated"]) == (ok["council"], ok["number"], ok["repeated"])
                and k["start"].overlaps(ok["start"]))
    if g.kind == "indicator":
        if (k["council"], k["measure"], k["unit"]) != (ok["council"], ok["measure"], ok["unit"]):
            return False
        if not _value_eq(k["value"], ok["value"]):
            return False
        return k["date"] is None or k["date"].overlaps(ok["date"])
    return False


def _checked_diffs(g: Item, o: Item) -> dict:
    """Checked fields where ours differs from gold (gold value stated)."""
    out = {}
    for name, gv in g.checked.items():
        if gv is None:
            continue
        ov = o.checked.get(name)
        if isinstance(gv, DateSpan):
            good = gv.same(ov) if ov is not None else False
        elif name in ("lead_inspector",):
            good = _norm_name(gv) in {_norm_name(n) for n in (ov or ())}
        elif name == "scope":
            good = _norm_name(gv) == _norm_name(ov) or (_norm_name(gv) in _norm_name(ov or ""))
        else:
            good = gv == ov
        if not good:
            out[name] = {"gold": str(gv), "ours": _show(ov)}
    return out


def _show(v):
    if isinstance(v, (tuple, list, set, frozenset)):
        return ", ".join(sorted(map(str, v))) or None
    return None if v is None else str(v)


def match_items(gold: list[Item], ours: list[Item]) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    """(matched pairs, missed gold items, our unmatched items); one-to-one, greedy.

    Among our candidates for a gold item, one whose checked fields agree is
    preferred, so a second fact with the same key does not steal the better match.
    """
    free = list(ours)
    pairs, missed = [], []
    for g in gold:
        cands = [o for o in free if matches(g, o)]
        if not cands:
            missed.append(g)
            continue
        best = min(cands, key=lambda o: len(_checked_diffs(g, o)))
        free.remove(best)
        pairs.append((g, best))
    return pairs, missed, free


def score(tp: int, n_ours: int, n_gold: int) -> dict:
    """Precision and recall (None when undefined: nothing predicted / nothing to find)."""
    p = tp / n_ours if n_ours else None
    r = tp / n_gold if n_gold else None
    f1 = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"tp": tp, "ours": n_ours, "gold": n_gold,
            "precision": None if p is None else round(p, 4),
            "recall": None if r is None else round(r, 4),
            "f1": None if f1 is None else round(f1, 4)}


# ----------------------------------------------------------------------------- gold files

@dataclass
class GoldDoc:
    path: Path
    file: str
    sha256: str
    scope: tuple
    facts: list           # list of (line, dict)
    where: str = ""       # corpus hint: bundled | ilacs

    @property
    def doc_id(self) -> str:
        return self.sha256[:16]


_FACT_FIELDS = {
    "tenure": {"person", "aliases", "role", "council", "status", "start", "end", "board"},
    "inspection": {"council", "type", "start", "end", "published", "when", "lead_inspector", "ordinal",
                   "date_quotes"},
    "judgement": {"council", "area", "grade", "inspection_start", "inspection_published", "inspection_on"},
    "partnership-event": {"members", "type", "event", "date"},
    "indicator": {"council", "measure", "value", "unit", "date", "scope"},
    "recommendation": {"council", "inspection_start", "number", "repeated"},
}
_COMMON = {"kind", "quote", "note"}


def load_gold(folder: Path) -> list[GoldDoc]:
    """Every gold document under ``folder`` (``adjudications.yaml`` excluded), checked."""
    from . import vocab
    out = []
    for path in sorted(Path(folder).rglob("*.yaml")):
        if path.name == "adjudications.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(text)
            root = yaml.compose(text)
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            raise GoldError(f"{path}:{mark.line + 1 if mark else '?'}: malformed YAML: {getattr(e, 'problem', e)}")
        if not isinstance(data, dict) or not isinstance(data.get("document"), dict) \
                or not isinstance(data.get("facts"), list):
            raise GoldError(f"{path}: expected `document:` (mapping) and `facts:` (list)")
        d = data["document"]
        for k in ("file", "sha256"):
            if not d.get(k):
                raise GoldError(f"{path}: document.{k} is required")
        if not re.fullmatch(r"[0-9a-f]{64}", str(d["sha256"])):
            raise GoldError(f"{path}: document.sha256 must be 64 lower-case hex digits")
        scope = tuple(d.get("scope") or KINDS)
        bad = set(scope) - set(KINDS)
        if bad:
            raise GoldError(f"{path}: unknown kinds in scope: {sorted(bad)}")
        lines = []
        for k, v in root.value:
            if k.value == "facts":
                lines = [n.start_mark.line + 1 for n in v.value]
        facts = []
        for i, f in enumerate(data["facts"]):
            line = lines[i] if i < len(lines) else 0
            where = f"{path}:{line}"
            if not isinstance(f, dict) or f.get("kind") not in _FACT_FIELDS:
                raise GoldError(f"{where}: each fact needs a kind among {sorted(_FACT_FIELDS)}")
            extra = set(f) - _FACT_FIELDS[f["kind"]] - _COMMON
            if extra:
                raise GoldError(f"{where}: unknown fields for {f['kind']}: {sorted(extra)}")
            if not f.get("quote"):
                raise GoldError(f"{where}: every fact needs a verbatim `quote`")
            dq = f.get("date_quotes")
            if dq is not None and (not isinstance(dq, dict) or set(dq) - {"start", "end", "published", "when"}
                                   or not all(isinstance(v, str) and v for v in dq.values())
                                   or any(f.get(r) is None for r in dq)):
                raise GoldError(f"{where}: date_quotes maps start/end/published/when (each stated in the fact) "
                                "to a verbatim quote")
            _check_keys(f, where, vocab)
            facts.append((line, f))
        out.append(GoldDoc(path, str(d["file"]), str(d["sha256"]), scope, facts, str(d.get("corpus") or "")))
    return out


def _check_keys(f: dict, where: str, vocab) -> None:
    checks = {"role": "role", "status": "tenure-status", "area": "judgement-area", "grade": "grade",
              "measure": "indicator-measure", "unit": "unit", "event": "event-kind"}
    if f["kind"] == "inspection":
        checks["type"] = "inspection-type"
    if f["kind"] == "partnership-event":
        checks["type"] = "intervention-type"
    for name, scheme in checks.items():
        v = f.get(name)
        if v is not None and v not in vocab.keys(scheme):
            raise GoldError(f"{where}: {name} {v!r} is not a key of the {scheme} scheme")
    for name in ("council",):
        v = f.get(name)
        if v is not None and not re.fullmatch(r"[EW]\d{8}", str(v)):
            raise GoldError(f"{where}: council must be a GSS code, not {v!r}")
    need = {"tenure": ("role", "council"), "inspection": ("council",),
            "judgement": ("council", "area", "grade"), "partnership-event": ("members", "type", "event"),
            "indicator": ("council", "measure", "value", "unit"),
            "recommendation": ("council", "inspection_start", "number")}[f["kind"]]
    for n in need:
        if f.get(n) is None:
            raise GoldError(f"{where}: {f['kind']} needs `{n}`")


def gold_items(doc: GoldDoc) -> dict[str, list[Item]]:
    """Kind -> comparable gold items of one gold document (inspection dates derived)."""
    out = {k: [] for k in KINDS}
    for line, f in doc.facts:
        where = f"{doc.path}:{line}"
        kind, q = f["kind"], f["quote"]
        if kind == "tenure":
            it = Item("tenure", {"person": f.get("person"), "role": f["role"], "council": str(f["council"]),
                                 "status": f.get("status")},
                      {"start": _span(f.get("start"), where), "end": _span(f.get("end"), where)},
                      q, where, tuple(f.get("aliases") or ()))
            out["tenure"].append(it)
        elif kind == "inspection":
            dates = {r: _span(f.get(r), where) for r in ("start", "end", "published")}
            dates["on"] = _span(f.get("when"), where)
            out["inspection"].append(Item(
                "inspection", {"council": str(f["council"]), "type": f.get("type"), "start": dates["start"],
                               "published": dates["published"], "on": dates["on"]},
                {"end": dates["end"], "published": dates["published"], "lead_inspector": f.get("lead_inspector"),
                 "ordinal": f.get("ordinal")}, q, where))
            dq = f.get("date_quotes") or {}
            for role in ("start", "end", "published"):
                if dates[role] is not None:
                    out["inspection-date"].append(Item(
                        "inspection-date", {"council": str(f["council"]), "role": role, "date": dates[role]},
                        {}, dq.get(role, q), where))
        elif kind == "judgement":
            out["judgement"].append(Item(
                "judgement", {"council": str(f["council"]), "area": f["area"], "grade": f["grade"],
                              "start": _span(f.get("inspection_start"), where),
                              "published": _span(f.get("inspection_published"), where),
                              "on": _span(f.get("inspection_on"), where)}, {}, q, where))
        elif kind == "partnership-event":
            out["partnership-event"].append(Item(
                "partnership-event", {"members": frozenset(map(str, f["members"])), "type": f["type"],
                                      "event": f["event"], "date": _span(f.get("date"), where)}, {}, q, where))
        elif kind == "indicator":
            out["indicator"].append(Item(
                "indicator", {"council": str(f["council"]), "measure": f["measure"], "unit": f["unit"],
                              "value": float(f["value"]), "date": _span(f.get("date"), where)},
                {"scope": f.get("scope")}, q, where))
        elif kind == "recommendation":
            out["recommendation"].append(Item(
                "recommendation", {"council": str(f["council"]), "number": int(f["number"]),
                                   "repeated": bool(f.get("repeated", False)),
                                   "start": _span(f["inspection_start"], where)}, {}, q, where))
    return out


def fact_quotes(f: dict) -> list[str]:
    """Every quote a gold fact gives: its ``quote`` and any per-date ``date_quotes``."""
    return [f["quote"], *(f.get("date_quotes") or {}).values()]


def check_quotes(doc: GoldDoc, text: str) -> list[str]:
    """Problems: gold quotes that do not occur verbatim in ``text``."""
    return [f"{doc.path}:{line}: quote not in the document text: {q[:80]!r}"
            for line, f in doc.facts for q in fact_quotes(f) if q not in text]


# ----------------------------------------------------------------------------- ours from RDF

def _u(ns: str, local: str) -> URIRef:
    return URIRef(ns + local)


def _csg(local: str) -> URIRef:
    return URIRef(_CSG_NS + local)


_CSG_NS = "https://w3id.org/csgkg/ontology#"


def _key(node) -> Optional[str]:
    return None if node is None else str(node).rstrip("/").rsplit("/", 1)[-1]


def _gss(node) -> Optional[str]:
    if node is None:
        return None
    m = re.match(re.escape(_ID) + r"(?:council|board)/([EW]\d{8})", str(node))
    return m.group(1) if m else str(node)


def _instant(g: Graph, node) -> Optional[DateSpan]:
    if node is None:
        return None
    lit = None
    for p in ("inXSDDate", "inXSDgYearMonth", "inXSDgYear"):
        v = g.value(node, _u(_TIME, p))
        if v is not None:
            lit = str(v)
            break
    e, l_ = g.value(node, _csg("earliest")), g.value(node, _csg("latest"))
    e = e.toPython() if isinstance(e, Literal) else None
    l_ = l_.toPython() if isinstance(l_, Literal) else None
    if lit is None and e is None and l_ is None:
        return None
    return DateSpan(lit, e if isinstance(e, date) else None, l_ if isinstance(l_, date) else None)


def _names(union: Graph, person) -> tuple:
    if person is None:
        return ()
    out = set()
    for p in (FOAF.name, RDFS.label, SKOS.altLabel, SKOS.prefLabel, FOAF.nick):
        out |= {str(o) for o in union.objects(person, p)}
    return tuple(sorted(out))


def _quote(g: Graph, node) -> str:
    for ev in g.objects(node, _csg("evidence")):
        tgt = g.value(ev, _u(_OA, "hasTarget"))
        sel = g.value(tgt, _u(_OA, "hasSelector")) if tgt is not None else None
        ex = g.value(sel, _u(_OA, "exact")) if sel is not None else None
        if ex is not None:
            return str(ex)
    return ""


def _inspection_dates(g: Graph, union: Graph, insp) -> dict:
    """start, end, published and judged (csg:judgedIn: "judged inadequate in June
    2018", visit or publication unsaid) instants of an inspection."""
    out = {"start": None, "end": None, "published": None, "judged": None}
    for src in (g, union):
        iv = src.value(insp, _csg("onSite"))
        if iv is not None:
            out["start"] = out["start"] or _instant(src, src.value(iv, _u(_TIME, "hasBeginning")))
            out["end"] = out["end"] or _instant(src, src.value(iv, _u(_TIME, "hasEnd")))
        out["published"] = out["published"] or _instant(src, src.value(insp, _csg("publishedOn")))
        out["judged"] = out["judged"] or _instant(src, src.value(insp, _csg("judgedIn")))
    return out


def items_from_graph(g: Graph, union: Graph) -> dict[str, list[Item]]:
    """Kind -> our comparable items from one document's named graph ``g``."""
    out = {k: [] for k in KINDS}
    for t in sorted(set(g.subjects(RDF.type, _csg("Tenure")))):
        person = g.value(t, _u(_ORG, "member"))
        unnamed = person is not None and (person, RDF.type, _csg("UnnamedPerson")) in union
        iv = g.value(t, _u(_ORG, "memberDuring"))
        start = _instant(g, g.value(iv, _u(_TIME, "hasBeginning"))) if iv is not None else None
        end = _instant(g, g.value(iv, _u(_TIME, "hasEnd"))) if iv is not None else None
        names = () if unnamed else _names(union, person)
        out["tenure"].append(Item(
            "tenure", {"person": None if unnamed or person is None else (names[0] if names else str(person)),
                       "role": _key(g.value(t, _u(_ORG, "role"))),
                       "council": _gss(g.value(t, _u(_ORG, "organization"))),
                       "status": _key(g.value(t, _csg("tenureStatus")))},
            {"start": start, "end": end}, _quote(g, t), str(t), names))
    for i in sorted(set(g.subjects(RDF.type, _csg("Inspection")))):
        d = _inspection_dates(g, g, i)
        council = _gss(g.value(i, _csg("inspectedOrganization")) or union.value(i, _csg("inspectedOrganization")))
        lead = g.value(i, _csg("leadInspector")) or union.value(i, _csg("leadInspector"))
        ordinal = g.value(i, _csg("visitOrdinal"))
        out["inspection"].append(Item(
            "inspection", {"council": council, "type": _key(g.value(i, _csg("inspectionType"))),
                           "start": d["start"], "published": d["published"], "judged": d["judged"]},
            {"end": d["end"], "published": d["published"], "lead_inspector": _names(union, lead),
             "ordinal": int(ordinal) if ordinal is not None else None}, _quote(g, i), str(i)))
        for role in ("start", "end", "published"):
            if d[role] is not None:
                out["inspection-date"].append(Item(
                    "inspection-date", {"council": council, "role": role, "date": d[role]}, {},
                    _quote(g, i), str(i)))
    for j in sorted(set(g.subjects(RDF.type, _csg("Judgement")))):
        insp = g.value(j, _csg("judgementOf"))
        d = _inspection_dates(g, union, insp) if insp is not None else {}
        council = _gss(union.value(insp, _csg("inspectedOrganization"))) if insp is not None else None
        if council is None and insp is not None:
            m = re.search(r"/inspection/([EW]\d{8})/", str(insp))
            council = m.group(1) if m else None
        out["judgement"].append(Item(
            "judgement", {"council": council, "area": _key(g.value(j, _csg("judgementArea"))),
                          "grade": _key(g.value(j, _csg("grade"))),
                          "start": d.get("start"), "published": d.get("published"),
                          "judged": d.get("judged")},
            {}, _quote(g, j), str(j)))
    for e in sorted(set(g.subjects(RDF.type, _csg("PartnershipEvent")))):
        p = g.value(e, _u(_ORG, "resultingOrganization")) or g.value(e, _u(_ORG, "originalOrganization"))
        members = frozenset(_gss(m) for m in union.objects(p, _u(_ORG, "hasMember"))) if p is not None else frozenset()
        out["partnership-event"].append(Item(
            "partnership-event", {"members": members,
                                  "type": _key(union.value(p, _csg("interventionType"))) if p is not None else None,
                                  "event": _key(g.value(e, _csg("eventKind"))),
                                  "date": _instant(g, g.value(e, _csg("onDate")))},
            {}, _quote(g, e), str(e)))
    for o in sorted(set(g.subjects(RDF.type, _csg("IndicatorObservation")))):
        v = g.value(o, _csg("value"))
        out["indicator"].append(Item(
            "indicator", {"council": _gss(g.value(o, _csg("aboutOrganization"))),
                          "measure": _key(g.value(o, _csg("measure"))), "unit": _key(g.value(o, _csg("unit"))),
                          "value": float(v) if v is not None else None,
                          "date": _instant(g, g.value(o, _csg("refDate")))},
            {"scope": str(g.value(o, _csg("scope")) or "") or None}, _quote(g, o), str(o)))
    for rec in sorted(set(g.subjects(RDF.type, _csg("Recommendation")))):
        insp = g.value(rec, _csg("recommendationOf"))
        d = _inspection_dates(g, union, insp) if insp is not None else {}
        council = _gss(union.value(insp, _csg("inspectedOrganization"))) if insp is not None else None
        num, rep = g.value(rec, _csg("number")), g.value(rec, _csg("repeated"))
        out["recommendation"].append(Item(
            "recommendation", {"council": council, "number": int(num) if num is not None else None,
                               "repeated": bool(rep.toPython()) if rep is not None else False,
                               "start": d.get("start")}, {}, _quote(g, rec), str(rec)))
    return out


# ----------------------------------------------------------------------------- the run

def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_subset(folder: Path, files: list[str], annotations: Optional[Path]):
    """Build only ``files`` of ``folder`` (symbolic links in a temporary folder
    with the manifest entries that concern them), or the folder itself when
    the gold covers all of its documents."""
    from .pipeline import build
    all_docs = sorted(f.name for f in folder.iterdir() if f.is_file() and f.suffix.lower() in (".txt", ".pdf"))
    if sorted(files) == all_docs:
        return build(folder, annotations, keep_going=True, validate=False, progress=False)
    tmp = Path(tempfile.mkdtemp(prefix="csgkg-eval-"))
    try:
        for name in files:
            (tmp / name).symlink_to((folder / name).resolve())
        man = folder / "sources.yaml"
        if man.exists():
            data = yaml.safe_load(man.read_text(encoding="utf-8")) or {}
            keep = [e for e in data.get("documents", []) if isinstance(e, dict) and e.get("file") in files]
            (tmp / "sources.yaml").write_text(yaml.safe_dump({"documents": keep}, sort_keys=False), encoding="utf-8")
        return build(tmp, annotations, keep_going=True, validate=False, progress=False)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _union(ds) -> Graph:
    from .names import graph_iri
    u = Graph()
    skip = {graph_iri("ontology")}
    for g in ds.graphs():
        if str(g.identifier) in skip:
            continue
        for t in g:
            u.add(t)
    return u


def run_gold(gold_dir: Path, corpora: list[Path], annotations: Optional[Path] = None,
             progress=None) -> dict:
    """The whole of ``evaluate --gold``: build the gold-covered documents of each
    corpus folder, read our facts per document, match, score. JSON-ready."""
    from .names import graph_iri
    t0 = time.perf_counter()
    golds = load_gold(gold_dir)
    by_name = {g.file: g for g in golds}
    problems, per_doc = [], []
    totals = {k: {"tp": 0, "ours": 0, "gold": 0} for k in KINDS}
    missed_all, extra_all, diffs_all = [], [], []
    covered = set()
    timing = {}
    for folder in corpora:
        folder = Path(folder)
        if not folder.is_dir():
            problems.append(f"{folder}: corpus folder not found")
            continue
        names = [n for n in by_name if (folder / n).is_file()]
        if not names:
            continue
        for n in list(names):
            sha = _sha(folder / n)
            if sha != by_name[n].sha256:
                problems.append(f"{folder / n}: sha256 {sha[:16]}… differs from gold {by_name[n].path} "
                                f"({by_name[n].sha256[:16]}…): gold skipped")
                names.remove(n)
        if not names:
            continue
        t1 = time.perf_counter()
        if progress:
            progress(f"  building {len(names)} gold document(s) of {folder}")
        result = _build_subset(folder, names, annotations)
        timing[str(folder)] = round(time.perf_counter() - t1, 1)
        problems += [f"build: {p}" for p in result.problems]
        union = _union(result.dataset)
        texts = {d.doc_id: d for d in result.docs}
        for n in sorted(names):
            gd = by_name[n]
            covered.add(n)
            doc = texts.get(gd.doc_id)
            if doc is None:
                problems.append(f"{gd.path}: {n} was not built")
                continue
            problems += check_quotes(gd, doc.text)
            g = result.dataset.graph(URIRef(graph_iri(f"doc/{gd.doc_id}")))
            ours = items_from_graph(g, union)
            gold = gold_items(gd)
            row = {"file": n, "gold_file": str(gd.path), "kinds": {}}
            for k in gd.scope:
                pairs, missed, extra = match_items(gold[k], ours[k])
                s = score(len(pairs), len(ours[k]), len(gold[k]))
                row["kinds"][k] = s
                for key in ("tp", "ours", "gold"):
                    totals[k][key] += s[key]
                missed_all += [{"file": n, "kind": k, "gold": m.label(), "quote": m.quote, "where": m.where}
                               for m in missed]
                extra_all += [{"file": n, "kind": k, "ours": x.label(), "quote": x.quote, "iri": x.where}
                              for x in extra]
                for gi, oi in pairs:
                    dd = _checked_diffs(gi, oi)
                    if dd:
                        diffs_all.append({"file": n, "kind": k, "gold": gi.label(), "where": gi.where,
                                          "differences": dd})
            per_doc.append(row)
    for n, gd in by_name.items():
        if n not in covered:
            problems.append(f"{gd.path}: {n} not found in any --corpus folder: not evaluated")
    return {
        "gold": str(gold_dir), "corpora": [str(c) for c in corpora], "documents": len(per_doc),
        "kinds": {k: score(v["tp"], v["ours"], v["gold"]) for k, v in totals.items()},
        "per_document": per_doc, "missed": missed_all, "spurious": extra_all,
        "checked_field_differences": diffs_all, "problems": problems,
        "seconds": round(time.perf_counter() - t0, 1), "seconds_building": timing,
    }
