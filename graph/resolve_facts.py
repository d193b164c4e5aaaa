"""Per-kind resolution: give each fact its node IRI and its entities' IRIs.

Used by ``graph.resolve.resolve``; split out to keep each module to one job.
Identity rules (all generic):
- inspections of one council meet when their dates agree at the coarser
  precision ("October 2019" and "2-3 October 2019") and their types are
  compatible in the vocabulary (unknown, equal, broader or related): a JTAI and
  an ILACS inspection of one month are two; the most precise statement names
  the IRI, and a second inspection with the same IRI segment adds its type key;
- tenures meet on (person, role, organisation); a mention without a status
  joins the one tenure with a status, two different statuses stay apart;
- partnerships meet on their type and member councils;
- a fact whose organisation cannot be resolved is dropped with the reason.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Optional

from . import vocab
from .model import (Board, BoardLink, Document, Fact, Finding, Indicator, Inspection, Intervention,
                    Judgement, Partnership, PartnershipEvent, Recommendation, Tenure)
from .names import ID, short_hash, slug

__all__ = ["resolve_facts"]

def _board_type(name: str) -> str:
    found = vocab.find_all("board-type", name or "")
    return max(found, key=lambda t: t[1] - t[0])[2] if found else "other"


def _insp_date(f: Inspection):
    return f.start or f.published or f.judged


def _shared_overall_area() -> Optional[str]:
    """The judgement area without a framework that every framework's overall effectiveness
    area has as its skos:broader (ontology/vocab/judgement-area.ttl), or None."""
    fws = sorted({c.framework for c in map(lambda k: vocab.concept("judgement-area", k), vocab.keys("judgement-area"))
                  if c.framework})
    overall = [vocab.match("judgement-area", "overall effectiveness", framework=fw) for fw in fws]
    broader = {vocab.concept("judgement-area", k).broader for k in overall if k}
    if len(broader) != 1 or None in broader:
        return None
    key = broader.pop()
    return key if vocab.concept("judgement-area", key).framework is None else None


def _types_agree(a: str, b: str) -> bool:
    """Two inspection types can name one inspection: either unknown (unknown is not different),
    equal, or one skos:broader of the other in the vocabulary (a SIF re-inspection is a SIF
    inspection). Different kinds ("JTAI" and "ILACS standard", "adoption service" and
    "fostering service", a monitoring and a focused visit) are different inspections."""
    return vocab.compatible("inspection-type", a, b)


def _agree(a, b) -> bool:
    if not a or not b or not a.literal or not b.literal:
        return False
    return a.literal.startswith(b.literal) or b.literal.startswith(a.literal)


def _precision_rank(f: Inspection) -> tuple:
    d = _insp_date(f)
    return (1 if f.start else 0, len(d.literal) if d and d.literal else 0, 1 if f.is_report else 0)


def _cluster_type(c: list) -> str:
    """The type of a cluster of inspection mentions: the first stated, most precise member first."""
    return next((f.type for f, _ in c if f.type), "")


def _tails(clusters: list) -> list[tuple[list, str]]:
    """Each cluster of one council's inspections with the last segment of its IRI.

    The segment is the most precise member's on-site start literal (else ``p`` + published,
    ``j`` + judged-in). Distinct inspections with the same segment (their types tell them
    apart: the adoption and the fostering service inspected in one month) keep it for the
    first in a fixed order (the one a corpus report is of, then a typed one, then by type key)
    and add ``-<type key>`` for the others, so the common case keeps its IRI.
    """
    named: dict[str, list] = defaultdict(list)
    for c in clusters:
        head, hdoc = c[0]
        if head.start and head.start.literal:
            tail = head.start.literal
        elif head.published and head.published.literal:
            tail = "p" + head.published.literal
        elif head.judged and head.judged.literal:
            tail = "j" + head.judged.literal
        else:
            tail = f"d{hdoc.doc_id}-{slug(head.key)}"
        named[tail].append(c)
    out = []
    for tail, cs in named.items():
        cs = sorted(cs, key=lambda c: (not any(f.is_report for f, _ in c), not _cluster_type(c), _cluster_type(c),
                                       c[0][1].doc_id, c[0][0].quote.start))
        used = {tail}
        for i, c in enumerate(cs):
            t = tail
            if i:
                t = f"{tail}-{_cluster_type(c)}" if _cluster_type(c) else f"{tail}-{short_hash(c[0][1].doc_id, c[0][0].key)}"
                if t in used:
                    t = f"{t}-{short_hash(c[0][1].doc_id, c[0][0].key)}"
            used.add(t)
            out.append((c, t))
    return out


def resolve_facts(r, pairs: list[tuple[Fact, Document]], people: dict) -> list:
    from .resolve import ResolvedFact
    out: list[ResolvedFact] = []

    def person(name: Optional[str], doc: Document) -> Optional[str]:
        return people.get((doc.doc_id, name)) if name else None

    # -- inspections: cluster per council, then mint from the most precise member
    insp_iri: dict[tuple[str, str], str] = {}
    by_council: dict[str, list[tuple[Inspection, Document]]] = defaultdict(list)
    for f, doc in pairs:
        if isinstance(f, Inspection):
            org = r.council(f.org, doc)
            if org is None:
                r.dropped.append((f, f"inspection: cannot resolve organisation {f.org!r}"))
                continue
            by_council[org].append((f, doc))
    insp_of: dict[str, tuple[Inspection, Document, str]] = {}
    for org, items in by_council.items():
        clusters: list[list[tuple[Inspection, Document]]] = []
        for f, doc in sorted(items, key=lambda t: _precision_rank(t[0]), reverse=True):
            for c in clusters:
                head = c[0][0]
                if all(_types_agree(g.type, f.type) for g, _ in c) and (
                        _agree(_insp_date(head), _insp_date(f)) or _agree(head.published, f.published)
                        or (f.judged is not None and (_agree(f.judged, head.start) or _agree(f.judged, head.end)
                                                      or _agree(f.judged, head.published)))):
                    c.append((f, doc))
                    break
            else:
                clusters.append([(f, doc)])
        gss = org.rsplit("/", 1)[-1]
        for c, tail in _tails(clusters):
            head, hdoc = c[0]
            iri = f"{ID}inspection/{gss}/{tail}"
            if iri not in r.entities:
                from .resolve import Entity
                r.entities[iri] = Entity(iri, "inspection", "", set(), {"org": org, "type": _cluster_type(c)})
            for f, doc in c:
                insp_iri[(doc.doc_id, f.key)] = iri
                insp_of.setdefault(iri, (head, hdoc, org))
                refs = {"org": org, "inspection": iri,
                        "team": {m.name: person(m.name, doc) for m in f.team}}
                out.append(ResolvedFact(f, doc, iri, refs))

    def inspection(f, doc) -> Optional[str]:
        return insp_iri.get((doc.doc_id, f.inspection))

    # -- judgements (conflicting grades for one area stay apart). A source that
    # says only "rated inadequate" (area "") names the overall judgement of
    # whichever framework the inspection it refers to was under: that is known
    # once the mention has met the inspection, from its type or its other areas.
    frameworks: dict[str, set] = defaultdict(set)
    for f, doc in pairs:
        ins = inspection(f, doc) if isinstance(f, Judgement) else None
        if ins and f.area and vocab.concept("judgement-area", f.area).framework:
            frameworks[ins].add(vocab.concept("judgement-area", f.area).framework)
    for iri, e in r.entities.items():
        t = e.attrs.get("type", "") if e.kind == "inspection" else ""
        if t.startswith("sif-"):
            frameworks[iri].add("sif")
        elif t.startswith("ilacs-"):
            frameworks[iri].add("ilacs")
    # When no source fixes the framework, the overall grade is kept under the area the
    # frameworks' overall effectiveness areas share in the ontology (their skos:broader).
    neutral = _shared_overall_area()
    for f, doc in pairs:
        if isinstance(f, Judgement) and not f.area and inspection(f, doc):
            fw = frameworks.get(inspection(f, doc), set())
            key = vocab.match("judgement-area", "overall effectiveness", framework=next(iter(fw))) \
                if len(fw) == 1 else None
            untyped = not r.entities[inspection(f, doc)].attrs.get("type")  # a typed one decides or refuses
            f.area = key or (neutral if not fw and untyped else "")
    grades: dict[tuple[str, str], set] = defaultdict(set)
    for f, doc in pairs:
        if isinstance(f, Judgement) and f.area and inspection(f, doc):
            grades[(inspection(f, doc), f.area)].add(f.grade)

    numbering: dict[tuple, int] = defaultdict(int)
    for f, doc in pairs:
        if isinstance(f, (Recommendation, Finding)) and f.number is not None and inspection(f, doc):
            part = "recommendation" if isinstance(f, Recommendation) else "finding"
            numbering[(inspection(f, doc), part, f.number)] += 1

    # -- tenures: group by (person, role, org), then by status
    tenure_groups: dict[tuple, list] = defaultdict(list)

    for f, doc in pairs:
        if isinstance(f, Inspection):
            continue
        if isinstance(f, Judgement):
            ins = inspection(f, doc)
            if not ins:
                r.dropped.append((f, "judgement: its inspection did not resolve"))
                continue
            if not f.area:
                r.dropped.append((f, "judgement: the text names no area, and the inspection's type or sources "
                                   "leave no overall effectiveness area to give it"))
                continue
            suffix = f.area if len(grades[(ins, f.area)]) == 1 else f"{f.area}/{f.grade}"
            out.append(ResolvedFact(f, doc, f"{ins}/judgement/{suffix}", {"inspection": ins}))
        elif isinstance(f, (Recommendation, Finding)):
            ins = inspection(f, doc)
            if not ins:
                r.dropped.append((f, f"{f.kind}: its inspection did not resolve"))
                continue
            part = "recommendation" if isinstance(f, Recommendation) else "finding"
            num = f.number if f.number is not None else short_hash(doc.doc_id, f.quote.start)
            if numbering[(ins, part, num)] > 1:  # two paragraphs printed with one number
                num = f"{num}-{short_hash(doc.doc_id, f.quote.start)}"
            refs = {"inspection": ins, "org": r.entities[ins].attrs["org"]}
            out.append(ResolvedFact(f, doc, f"{ins}/{part}/{num}", refs))
        elif isinstance(f, Indicator):
            org = r.council(f.org, doc)
            if org is None:
                r.dropped.append((f, f"indicator: cannot resolve organisation {f.org!r}"))
                continue
            iri = f"{ID}observation/{short_hash(doc.doc_id, f.quote.start, f.measure, f.value, f.scope)}"
            out.append(ResolvedFact(f, doc, iri, {"org": org}))
        elif isinstance(f, (Partnership, PartnershipEvent)):
            members = sorted({m for m in (r.member(x, doc) for x in f.members if x) if m})
            if len(members) < 2:
                r.dropped.append((f, f"{f.kind}: fewer than two resolvable members in {f.members!r}"))
                continue
            out.append(ResolvedFact(f, doc, "", {"members": members}))
        elif isinstance(f, Intervention):
            org = r.council(f.org, doc)
            if org is None:
                r.dropped.append((f, f"intervention: cannot resolve organisation {f.org!r}"))
                continue
            gss = org.rsplit("/", 1)[-1]
            iri = f"{ID}intervention/{f.type or 'intervention'}/{gss}/{short_hash(doc.doc_id, f.quote.start)}"
            partner = r.council(f.partner, doc) if f.partner else None
            out.append(ResolvedFact(f, doc, iri, {"org": org, "person": person(f.person, doc),
                                                  "partner": partner}))
        elif isinstance(f, Board):
            org = r.council(f.org, doc) or r.main_council.get(doc.doc_id)
            b = r.board(f.name, f.type or _board_type(f.name), org)
            if not b:
                r.dropped.append((f, f"board: cannot resolve the council of {f.name!r}"))
                continue
            out.append(ResolvedFact(f, doc, b, {"org": org, "chair": person(f.chair, doc)}))
        elif isinstance(f, BoardLink):
            org = r.council(f.org, doc) or r.main_council.get(doc.doc_id)
            a = r.board(f.board_a, _board_type(f.board_a), org)
            b = r.board(f.board_b, _board_type(f.board_b), org)
            if not a or not b:
                r.dropped.append((f, "board link: boards did not resolve"))
                continue
            a, b = sorted((a, b))
            out.append(ResolvedFact(f, doc, f"{ID}board-link/{short_hash(a, b, f.linked)}",
                                    {"boards": [a, b], "org": org}))
        elif isinstance(f, Tenure):
            org = _tenure_org(r, f, doc)
            if org is None:
                r.dropped.append((f, f"tenure: cannot resolve organisation {f.org!r}"))
                continue
            p = person(f.person, doc) or (None if f.person else r.unnamed_person(f, doc, org))
            if p is None:
                r.dropped.append((f, f"tenure: cannot resolve person {f.person!r}"))
                continue
            tenure_groups[(p, f.role, org)].append((f, doc))

    for (p, role, org), items in tenure_groups.items():
        statuses = sorted({f.status for f, _ in items if f.status})
        for f, doc in items:
            status = f.status or (statuses[0] if len(statuses) == 1 else "")
            iri = f"{ID}tenure/{short_hash(p, role, org, status)}"
            refs = {"person": p, "org": org, "status": status or None}
            if "/council/" in org:
                refs["post"] = f"{ID}post/{org.rsplit('/', 1)[-1]}/{role}"
            out.append(ResolvedFact(f, doc, iri, refs))

    _partnerships(r, out)
    return out


def _tenure_org(r, f: Tenure, doc: Document) -> Optional[str]:
    """A council, or a board when the mention names one ("Torbay's Improvement Board")."""
    if f.org and vocab.find_all("board-type", f.org):
        council = None
        for s, e, c in r.gaz.find_all(f.org):
            council = r._council_entity(c)
        return r.board(f.org, _board_type(f.org), council or r.main_council.get(doc.doc_id))
    return r.council(f.org, doc)


def _partnerships(r, out: list) -> None:
    """Mint partnership and event IRIs; an untyped mention joins the one typed
    partnership of the same members."""
    from .resolve import Entity
    typed: dict[tuple, set] = defaultdict(set)
    for rf in out:
        if isinstance(rf.fact, (Partnership, PartnershipEvent)) and rf.fact.type:
            typed[tuple(rf.refs["members"])].add(rf.fact.type)
    event_dates: dict[tuple, list] = defaultdict(list)
    for rf in out:
        f = rf.fact
        if not isinstance(f, (Partnership, PartnershipEvent)):
            continue
        members = tuple(rf.refs["members"])
        ptype = f.type or (next(iter(typed[members])) if len(typed[members]) == 1 else "partnership")
        codes = "-".join(m.rsplit("/", 1)[-1] for m in members)
        piri = f"{ID}partnership/{ptype}/{codes}"
        if piri not in r.entities:
            labels = " and ".join(r.entities[m].label for m in members)
            r.entities[piri] = Entity(piri, "partnership", f"{labels}: {ptype.replace('-', ' ')}", set(),
                                      {"type": ptype, "members": list(members)})
        rf.refs["partnership"] = piri
        rf.refs["type"] = ptype
        for role in ("lead", "supported"):
            mention = getattr(f, role, None) if isinstance(f, Partnership) else None
            if mention:
                rf.refs[role] = r.member(mention, rf.doc)
        if isinstance(f, Partnership):
            rf.iri = piri
        else:
            key = (piri, f.event)
            lit = f.date.literal if f.date else None
            bounds = (f.date.earliest, f.date.latest) if f.date else None
            same = [i for i, (l, b) in enumerate(event_dates[key]) if (l, b) == (lit, bounds)]
            if not event_dates[key] or same:
                idx = same[0] if same else 0
                if not event_dates[key]:
                    event_dates[key].append((lit, bounds))
            else:
                event_dates[key].append((lit, bounds))
                idx = len(event_dates[key]) - 1
            rf.iri = f"{piri}/event/{f.event}" + (f"-{short_hash(lit, bounds)}" if idx else "")
