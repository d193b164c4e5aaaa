"""Small batched look-ups the pages and the API share: labels, dates, evidence.

Each function runs one SPARQL query through the store over a VALUES list, so a
page costs a handful of queries whatever the size of the graph.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .dates import Instant
from .prefixes import SPARQL_PROLOGUE

__all__ = ["Evidence", "labels", "instants", "evidence_for", "values", "text_link"]

_LABEL_ORDER = ("label", "pref", "name", "title", "notation")


def values(iris: Iterable[str]) -> str:
    """A VALUES body of IRIs (callers only pass IRIs that came out of the store or were checked)."""
    return " ".join(f"<{i}>" for i in sorted(set(iris)))


def labels(store, iris: Iterable[str], timeout: float) -> dict[str, str]:
    """Best human label per IRI (rdfs:label, skos:prefLabel, foaf:name, dcterms:title, notation)."""
    iris = [i for i in set(iris) if i]
    if not iris:
        return {}
    q = SPARQL_PROLOGUE + f"""
SELECT ?x ?kind ?l WHERE {{
  VALUES ?x {{ {values(iris)} }}
  {{ ?x rdfs:label ?l BIND("label" AS ?kind) }} UNION {{ ?x skos:prefLabel ?l BIND("pref" AS ?kind) }}
  UNION {{ ?x foaf:name ?l BIND("name" AS ?kind) }} UNION {{ ?x dcterms:title ?l BIND("title" AS ?kind) }}
  UNION {{ ?x skos:notation ?l BIND("notation" AS ?kind) }}
}}"""
    best: dict[str, tuple[int, str]] = {}
    for x, kind, lab in store.query(q, timeout=timeout).rows:
        rank = _LABEL_ORDER.index(str(kind))
        key = str(x)
        if key not in best or (rank, str(lab)) < best[key]:
            best[key] = (rank, str(lab))
    return {k: v[1] for k, v in best.items()}


def instants(store, items: Iterable[str], timeout: float) -> dict[str, dict[str, list[Instant]]]:
    """Dates attached to each item: start/end of its interval, seen, date, published."""
    items = list(set(items))
    if not items:
        return {}
    q = SPARQL_PROLOGUE + f"""
SELECT ?item ?rel ?v ?e ?l ?q ?c WHERE {{
  VALUES ?item {{ {values(items)} }}
  {{ ?item org:memberDuring|csg:onSite|csg:existedDuring ?int . ?int time:hasBeginning ?inst . BIND("start" AS ?rel) }}
  UNION {{ ?item org:memberDuring|csg:onSite|csg:existedDuring ?int . ?int time:hasEnd ?inst . BIND("end" AS ?rel) }}
  UNION {{ ?item csg:inPostOn ?inst . BIND("seen" AS ?rel) }}
  UNION {{ ?item csg:onDate|csg:refDate ?inst . BIND("date" AS ?rel) }}
  UNION {{ ?item csg:publishedOn ?inst . BIND("published" AS ?rel) }}
  OPTIONAL {{ ?inst time:inXSDDate|time:inXSDgYearMonth|time:inXSDgYear ?v }}
  OPTIONAL {{ ?inst csg:earliest ?e }} OPTIONAL {{ ?inst csg:latest ?l }}
  OPTIONAL {{ ?inst csg:dateQualifier ?q }} OPTIONAL {{ ?inst rdfs:comment ?c }}
}}"""
    out: dict[str, dict[str, list[Instant]]] = {}
    for item, rel, v, e, l_, qual, com in store.query(q, timeout=timeout).rows:
        inst = Instant(_s(v), _s(e), _s(l_), _s(qual).rsplit("/", 1)[-1] if qual else None, _s(com))
        bucket = out.setdefault(str(item), {}).setdefault(str(rel), [])
        if inst not in bucket:
            bucket.append(inst)
    for rels in out.values():
        for lst in rels.values():
            lst.sort(key=lambda i: i.sort_key)
    return out


@dataclass(frozen=True)
class Evidence:
    """One verbatim quote supporting one fact, located in one document."""

    fact: str
    evidence: str
    document: str
    docid: str
    exact: str
    prefix: str
    suffix: str
    offset: int | None
    path: str | None
    document_title: str | None

    @property
    def link(self) -> str:
        return text_link(self.docid, self.offset, len(self.exact))


def text_link(docid: str, offset: int | None, length: int) -> str:
    """Viewer link to a document text with the quote highlighted (server side and by fragment)."""
    if offset is None:
        return f"/doc/{docid}/text"
    return f"/doc/{docid}/text?q={offset}-{length}#q-{offset}-{length}"


def evidence_for(store, facts: Iterable[str], timeout: float) -> list[Evidence]:
    """Quotes behind the given fact nodes, ordered by document then offset."""
    facts = list(set(facts))
    if not facts:
        return []
    q = SPARQL_PROLOGUE + f"""
SELECT ?fact ?ev ?doc ?exact ?prefix ?suffix ?offset ?path ?title WHERE {{
  VALUES ?fact {{ {values(facts)} }}
  ?fact csg:evidence ?ev . ?ev oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?sel .
  ?sel oa:exact ?exact .
  OPTIONAL {{ ?sel oa:prefix ?prefix }} OPTIONAL {{ ?sel oa:suffix ?suffix }}
  OPTIONAL {{ ?sel csg:startOffset ?offset }} OPTIONAL {{ ?ev csg:evidencePath ?path }}
  OPTIONAL {{ ?doc dcterms:title ?title }}
}}"""
    seen, out = set(), []
    for fact, ev, doc, exact, prefix, suffix, offset, path, title in store.query(q, timeout=timeout).rows:
        if (str(fact), str(ev)) in seen:
            continue
        seen.add((str(fact), str(ev)))
        off = None
        if offset is not None:
            try:
                off = int(offset.toPython())
            except (TypeError, ValueError):
                off = None
        out.append(Evidence(str(fact), str(ev), str(doc), str(doc).rstrip("/").rsplit("/", 1)[-1],
                            str(exact), _s(prefix) or "", _s(suffix) or "", off,
                            _s(path).rsplit("/", 1)[-1] if path else None, _s(title)))
    out.sort(key=lambda e: (e.docid, e.offset or 0, e.fact))
    return out


def _s(term) -> str | None:
    return None if term is None else str(term)
