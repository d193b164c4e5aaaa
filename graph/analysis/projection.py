"""Project the RDF graph into a NetworkX ``MultiDiGraph`` of dated, typed edges.

Nodes are keyed by IRI and carry ``kind`` (council, person, board,
partnership, inspection, intervention, delivery-organisation for a
``csg:DeliveryOrganisation`` such as a children's services trust, or
organisation for an employer or partnership member of no other known class)
and ``label``. Organisations are typed by their RDF class, never by the edge
that reaches them, so a trust in a partnership is not a council. Edges are keyed by the
IRI of the fact they come from, carry ``kind`` (see ``EDGE_KINDS``), a
:class:`~graph.analysis.spans.Span` under ``span`` (start/end instants with
bounds and literal, and the sightings), and ``evidence`` (a tuple of evidence
IRIs). Edge directions:

==================  =======================  ===========================================
kind                direction                from
==================  =======================  ===========================================
held-post           person -> council/org    csg:Tenure (role, tenure_status, post, via)
member-of           council/org -> partner.  org:hasMember, span = csg:existedDuring
chairs              person -> board          csg:chair, or a tenure whose organisation is a board
unit-of             board -> council         org:unitOf (undated)
inspected           inspection -> council    csg:inspectedOrganization, span = csg:onSite
led-inspection      person -> inspection     csg:leadInspector
on-team             person -> inspection     other prov:qualifiedAssociation agents
intervened-in       intervention -> council  csg:subjectOrganization, span = csg:onDate
==================  =======================  ===========================================

Graph-level context that metrics need but that is not a network edge sits in
``G.graph``: ``grade_order`` (grade IRI -> csg:gradeOrder, read from the
graph's grade scheme, never from a Python list) and ``labels`` (concept IRI ->
preferred label). Inspections carry ``published`` (a DateValue), ``type`` and
``judgements`` (list of dicts: iri, area, grade, order, evidence); partnerships
carry ``events`` (kind key, DateValue, IRI).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Optional

import networkx as nx

from graph.model import DateValue

from .source import Source, open_source, select
from .spans import Span

__all__ = ["project", "EDGE_KINDS", "NODE_KINDS", "key_of", "instants"]

NODE_KINDS = ("council", "person", "board", "partnership", "inspection", "intervention",
              "delivery-organisation",  # csg:DeliveryOrganisation (a children's services trust or company)
              "organisation")  # organisation: an employer or partnership member of no other known class

# RDF class -> node kind of the organisations an edge may reach (tenure employers, partnership members)
_ORG_CLASSES = (("Council", "council"), ("Board", "board"), ("Partnership", "partnership"),
                ("DeliveryOrganisation", "delivery-organisation"))
EDGE_KINDS = ("held-post", "member-of", "chairs", "unit-of", "inspected",
              "led-inspection", "on-team", "intervened-in")


def key_of(iri) -> Optional[str]:
    """The vocabulary key of a concept IRI (its last path segment), or None."""
    if iri is None:
        return None
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _d(term) -> Optional[date]:
    if term is None:
        return None
    v = term.toPython() if hasattr(term, "toPython") else term
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def instants(src) -> dict[str, DateValue]:
    """Every instant with bounds, as a DateValue (widest bounds if sources disagree)."""
    rows = select(src, """
SELECT ?i ?p ?o WHERE {
  ?i ?p ?o .
  VALUES ?p { csg:earliest csg:latest time:inXSDDate time:inXSDgYearMonth time:inXSDgYear
              csg:dateQualifier }
}""")
    acc: dict[str, dict] = defaultdict(dict)
    for r in rows:
        a, p = acc[str(r["i"])], str(r["p"]).rsplit("#", 1)[-1]
        if p == "earliest":
            d = _d(r["o"])
            a["earliest"] = min(d, a.get("earliest", d))
        elif p == "latest":
            d = _d(r["o"])
            a["latest"] = max(d, a.get("latest", d))
        elif p == "dateQualifier":
            a["qualifier"] = key_of(r["o"])
        else:
            a.setdefault("literal", str(r["o"]))
    return {i: DateValue(a.get("literal"), a.get("earliest"), a.get("latest"),
                         a.get("qualifier") or ("exact" if a.get("literal") else "bounded"))
            for i, a in acc.items()}


def _intervals(src) -> dict[str, tuple[Optional[str], Optional[str]]]:
    rows = select(src, """
SELECT ?iv ?s ?e WHERE {
  ?iv a time:Interval .
  OPTIONAL { ?iv time:hasBeginning ?s } OPTIONAL { ?iv time:hasEnd ?e }
}""")
    out: dict[str, tuple] = {}
    for r in rows:
        s0, e0 = out.get(str(r["iv"]), (None, None))
        out[str(r["iv"])] = (s0 or (str(r["s"]) if r["s"] else None),
                             e0 or (str(r["e"]) if r["e"] else None))
    return out


def _labels(src) -> dict[str, str]:
    rows = select(src, """
SELECT ?x ?l WHERE {
  { ?x skos:prefLabel ?l } UNION { ?x foaf:name ?l } UNION { ?x rdfs:label ?l }
}""")
    out: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: str(r["l"])):
        out.setdefault(str(r["x"]), str(r["l"]))
    return out


def _multi(src, sparql: str, k: str, v: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in select(src, sparql):
        if r[v] is not None and str(r[v]) not in out[str(r[k])]:
            out[str(r[k])].append(str(r[v]))
    return out


class _Builder:
    """Accumulates nodes and edges; one method per fact kind."""

    def __init__(self, src):
        self.src = src
        self.G = nx.MultiDiGraph()
        self.inst = instants(src)
        self.ivs = _intervals(src)
        self.labels = _labels(src)
        self.evidence = _multi(src, "SELECT ?f ?ev WHERE { ?f csg:evidence ?ev }", "f", "ev")
        self._org_kinds: Optional[dict[str, str]] = None

    def span(self, interval=None, start=None, end=None, seen=()) -> Span:
        if interval is not None:
            start, end = self.ivs.get(str(interval), (None, None))
        return Span(self.inst.get(str(start)) if start else None,
                    self.inst.get(str(end)) if end else None,
                    tuple(sorted((self.inst[s] for s in seen if s in self.inst),
                                 key=lambda d: (d.earliest or date.min))))

    def node(self, iri, kind: str, **attrs) -> str:
        n = str(iri)
        if n not in self.G:
            self.G.add_node(n, kind=kind, label=self.labels.get(n, key_of(n)), iri=n)
        for k, v in attrs.items():
            if v is not None:
                self.G.nodes[n][k] = v
        return n

    def edge(self, u: str, v: str, key: str, kind: str, span: Span, fact: str, **attrs):
        self.G.add_edge(u, v, key=key, kind=kind, span=span, fact=fact,
                        evidence=tuple(self.evidence.get(fact, ())), **attrs)

    def councils(self):
        for r in select(self.src, "SELECT ?c ?code WHERE { ?c a csg:Council . "
                                  "OPTIONAL { ?c dcterms:identifier ?code } }"):
            self.node(r["c"], "council", code=str(r["code"]) if r["code"] else None)

    def org_kinds(self) -> dict[str, str]:
        """IRI -> node kind of every organisation of a known class (see ``_ORG_CLASSES``)."""
        if self._org_kinds is None:
            values = " ".join(f'(csg:{c} "{k}")' for c, k in _ORG_CLASSES)
            self._org_kinds = {str(r["o"]): str(r["k"]) for r in select(
                self.src, f"SELECT ?o ?k WHERE {{ VALUES (?c ?k) {{ {values} }} ?o a ?c }}")}
        return self._org_kinds

    def tenures(self):
        seen = _multi(self.src, "SELECT ?t ?s WHERE { ?t a csg:Tenure ; csg:inPostOn ?s }", "t", "s")
        kinds = self.org_kinds()
        rows = select(self.src, """
SELECT ?t ?person ?org ?role ?status ?post ?via ?during ?unnamed WHERE {
  ?t a csg:Tenure ; org:member ?person ; org:organization ?org ; org:role ?role .
  OPTIONAL { ?t csg:tenureStatus ?status } OPTIONAL { ?t csg:post ?post }
  OPTIONAL { ?t csg:viaArrangement ?via } OPTIONAL { ?t org:memberDuring ?during }
  BIND(EXISTS { ?person a csg:UnnamedPerson } AS ?unnamed)
}""")
        done = set()
        for r in rows:
            t = str(r["t"])
            if t in done:
                continue
            done.add(t)
            p = self.node(r["person"], "person", unnamed=bool(r["unnamed"] and r["unnamed"].toPython()))
            okind = kinds.get(str(r["org"]), "organisation")
            is_board = okind == "board"
            o = self.node(r["org"], okind)
            self.edge(p, o, t, "chairs" if is_board else "held-post",
                      self.span(r["during"], seen=seen.get(t, ())), t,
                      role=key_of(r["role"]), tenure_status=key_of(r["status"]),
                      post=str(r["post"]) if r["post"] else None,
                      via=str(r["via"]) if r["via"] else None)

    def partnerships(self):
        rows = select(self.src, """
SELECT ?p ?m ?type ?during ?lead ?supported WHERE {
  ?p a csg:Partnership ; org:hasMember ?m .
  OPTIONAL { ?p csg:interventionType ?type } OPTIONAL { ?p csg:existedDuring ?during }
  BIND(EXISTS { ?p csg:leadPartner ?m } AS ?lead)
  BIND(EXISTS { ?p csg:supportedPartner ?m } AS ?supported)
}""")
        for r in rows:
            p = self.node(r["p"], "partnership", type=key_of(r["type"]))
            m = self.node(r["m"], self.org_kinds().get(str(r["m"]), "organisation"))
            role = ("lead-partner" if r["lead"].toPython() else
                    "supported-partner" if r["supported"].toPython() else None)
            self.edge(m, p, f"{p}#member/{key_of(m)}", "member-of", self.span(r["during"]), p,
                      partner_role=role)
        events = select(self.src, """
SELECT ?e ?p ?kind ?date WHERE {
  ?e a csg:PartnershipEvent ; csg:eventKind ?kind .
  { ?e org:resultingOrganization ?p } UNION { ?e org:originalOrganization ?p }
  OPTIONAL { ?e csg:onDate ?date }
}""")
        for r in events:
            p = str(r["p"])
            if p in self.G:
                ev = (key_of(r["kind"]), self.inst.get(str(r["date"])), str(r["e"]))
                self.G.nodes[p].setdefault("events", [])
                if ev not in self.G.nodes[p]["events"]:
                    self.G.nodes[p]["events"].append(ev)

    def boards(self):
        for r in select(self.src, """
SELECT ?b ?c ?chair WHERE { ?b a csg:Board . OPTIONAL { ?b org:unitOf ?c }
                           OPTIONAL { ?b csg:chair ?chair } }"""):
            b = self.node(r["b"], "board")
            if r["c"] is not None:
                self.edge(b, self.node(r["c"], "council"), f"{b}#unit-of", "unit-of", Span(), b)
            if r["chair"] is not None:
                ch = self.node(r["chair"], "person")
                if not any(d["kind"] == "chairs" for d in self.G.get_edge_data(ch, b, default={}).values()):
                    self.edge(ch, b, f"{b}#chair/{key_of(ch)}", "chairs", Span(), b)

    def inspections(self):
        for r in select(self.src, """
SELECT ?i ?c ?type ?onsite ?pub ?judged ?lead WHERE {
  ?i a csg:Inspection ; csg:inspectedOrganization ?c .
  OPTIONAL { ?i csg:inspectionType ?type } OPTIONAL { ?i csg:onSite ?onsite }
  OPTIONAL { ?i csg:publishedOn ?pub } OPTIONAL { ?i csg:leadInspector ?lead }
  OPTIONAL { ?i csg:judgedIn ?judged }
}"""):
            i = self.node(r["i"], "inspection", type=key_of(r["type"]), council=str(r["c"]))
            # several documents may date one inspection at different precisions: keep
            # the most precise statement, whatever order the rows come in
            pub = self.inst.get(str(r["pub"])) if r["pub"] else None
            if pub is not None and _precision(pub) > _precision(self.G.nodes[i].get("published")):
                self.G.nodes[i]["published"] = pub
            judged = self.inst.get(str(r["judged"])) if r["judged"] else None
            if judged is not None and _precision(judged) > _precision(self.G.nodes[i].get("judged")):
                self.G.nodes[i]["judged"] = judged
            sp = self.span(r["onsite"])
            old = self.G.nodes[i].get("onsite")
            if old is None or _span_rank(sp) > _span_rank(old):
                self.G.nodes[i]["onsite"] = sp
            sp = self.G.nodes[i]["onsite"]
            if self.G.nodes[i]["label"] == key_of(i):  # no label in the graph: say what it is
                self.G.nodes[i]["label"] = " ".join(x for x in (
                    self.labels.get(str(r["c"]), key_of(r["c"])),
                    self.labels.get(str(r["type"])) if r["type"] else None, key_of(i)) if x)
            if not self.G.has_edge(i, str(r["c"]), key=f"{i}#inspected"):
                self.edge(i, self.node(r["c"], "council"), f"{i}#inspected", "inspected", sp, i)
            if r["lead"] is not None:
                p = self.node(r["lead"], "person")
                if not self.G.has_edge(p, i, key=f"{i}#lead/{key_of(p)}"):
                    self.edge(p, i, f"{i}#lead/{key_of(p)}", "led-inspection", sp, i,
                              role="lead-inspector")
        for r in select(self.src, """
SELECT ?i ?a ?agent ?role WHERE { ?i a csg:Inspection ; prov:qualifiedAssociation ?a .
  ?a prov:agent ?agent . OPTIONAL { ?a prov:hadRole ?role } }"""):
            i, p = str(r["i"]), self.node(r["agent"], "person")
            if self.G.has_edge(p, i, key=f"{i}#lead/{key_of(p)}"):
                continue
            self.edge(p, i, str(r["a"]), "on-team", self.G.nodes[i]["onsite"], i,
                      role=key_of(r["role"]))
        for r in select(self.src, """
SELECT ?j ?i ?area ?grade ?order WHERE { ?j a csg:Judgement ; csg:judgementOf ?i ; csg:grade ?grade .
  OPTIONAL { ?j csg:judgementArea ?area } OPTIONAL { ?grade csg:gradeOrder ?order } }"""):
            i = str(r["i"])
            if i not in self.G:
                continue
            js = self.G.nodes[i].setdefault("judgements", [])
            if all(j["iri"] != str(r["j"]) for j in js):
                js.append({"iri": str(r["j"]), "area": key_of(r["area"]), "grade": key_of(r["grade"]),
                           "order": int(r["order"]) if r["order"] is not None else None,
                           "evidence": tuple(self.evidence.get(str(r["j"]), ()))})

    def interventions(self):
        for r in select(self.src, """
SELECT ?x ?c ?type ?date ?during WHERE { ?x a csg:Intervention ; csg:subjectOrganization ?c .
  OPTIONAL { ?x csg:interventionType ?type } OPTIONAL { ?x csg:onDate ?date }
  OPTIONAL { ?x csg:existedDuring ?during } }"""):
            x = self.node(r["x"], "intervention", type=key_of(r["type"]))
            sp = (self.span(r["during"]) if r["during"] is not None
                  else self.span(start=r["date"]))
            self.edge(x, self.node(r["c"], "council"), f"{x}#in", "intervened-in", sp, str(r["x"]))

    def context(self):
        self.G.graph["grade_order"] = {
            str(r["g"]): int(r["o"]) for r in
            select(self.src, "SELECT ?g ?o WHERE { ?g csg:gradeOrder ?o }")}
        self.G.graph["labels"] = self.labels


def _precision(v) -> tuple:
    """Order of preference between statements of one date: stated before bounded,
    day before month before year, then narrower bounds, then the literal itself."""
    if v is None:
        return (-1,)
    width = ((v.latest - v.earliest).days if v.earliest and v.latest else 10 ** 6)
    return (len(v.literal) if v.literal else 0, -width, v.literal or "", str(v.earliest), str(v.latest))


def _span_rank(sp: Span) -> tuple:
    return (sp.end is not None, _precision(sp.end), _precision(sp.start))


def project(source: Source) -> nx.MultiDiGraph:
    """Read the graph (store, rdflib graph or file) into a typed, dated MultiDiGraph.

    Examples
    --------
    >>> import rdflib
    >>> ds = rdflib.Graph()
    >>> _ = ds.parse(data='''
    ... @prefix csg: <https://w3id.org/csgkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
    ... <urn:t> a csg:Tenure ; org:member <urn:p> ; org:organization <urn:c> ;
    ...     org:role <https://w3id.org/csgkg/vocab/role/dcs> .
    ... <urn:c> a csg:Council .''', format="turtle")
    >>> G = project(ds)
    >>> [(u, v, d["kind"], d["role"]) for u, v, d in G.edges(data=True)]
    [('urn:p', 'urn:c', 'held-post', 'dcs')]
    """
    b = _Builder(open_source(source))
    b.councils()
    b.tenures()
    b.partnerships()
    b.boards()
    b.inspections()
    b.interventions()
    b.context()
    return b.G
