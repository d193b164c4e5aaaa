"""The explorer's model: who and what was connected to which council, and when.

Built from ``graph.analysis.project`` (the project's RDF -> NetworkX
projection and its certain/possible span rule) so the explorer and the
analysis agree; when that package is absent, from the viewer's own SPARQL
(``build_model_sparql``, same rule at month level). Every node
and edge carries *spans*: month strings saying from when it may exist (fp),
from when and until when it surely exists (fs..us), and until when it may
still exist (up). "0000-00" / "9999-99" stand for open ends. The browser
decides from these alone what stands in a month, without re-laying out.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import URIRef

from .dates import Instant, describe_span, month_of
from .lookup import instants, labels
from .prefixes import SPARQL_PROLOGUE

__all__ = ["Span", "Node", "Edge", "Model", "build_model", "build_model_sparql", "snapshot", "span_of", "state_at", "NEVER", "EVER"]

EVER, NEVER = "0000-00", "9999-99"


@dataclass
class Span:
    fp: str = EVER      # may exist from
    fs: str = EVER      # surely exists from
    us: str = NEVER     # surely exists until
    up: str = NEVER     # may exist until
    text: str = "undated"
    undated: bool = True


@dataclass
class Node:
    id: str
    kind: str           # council | organisation | person | board | partnership | inspection
    label: str
    councils: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    span: Span | None = None
    unnamed: bool = False


@dataclass
class Edge:
    id: str
    source: str
    target: str
    kind: str           # tenure | member | unit | inspected | inspector
    label: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class Model:
    nodes: list[Node]
    edges: list[Edge]
    changes: list[dict]
    first: str
    last: str

    def as_dict(self) -> dict:
        return asdict(self)


def span_of(dates: dict[str, list[Instant]], *, event: bool = False) -> Span:
    """Span from an item's dates (start/end/seen/date); an event stays once it happened."""
    start = (dates.get("start") or dates.get("date") or [None])[0]
    end = (dates.get("end") or [None])[0]
    seen = dates.get("seen", [])
    if start is None and end is None and not seen:
        return Span()
    fp = (month_of(start.earliest) or EVER) if start else EVER
    if event:
        fs = month_of(start.latest) if start and start.latest else NEVER
        us = up = NEVER
    else:  # graph.analysis.spans rule: certain from the earliest sure anchor to the latest one
        lows = [month_of(x.latest) for x in ([start] if start else []) + list(seen) if x.latest]
        highs = [month_of(x.earliest) for x in ([end] if end else []) + list(seen) if x.earliest]
        fs, us = (min(lows), max(highs)) if lows and highs else (NEVER, EVER)
        up = (month_of(end.latest) or NEVER) if end else NEVER
    if fs > us:  # the bounds leave no month in which it surely held
        fs, us = NEVER, EVER
    text = (start.text() if start else "") if event else describe_span(start, end)
    if seen and not event:
        text += "; in post " + ", ".join(s.text() for s in seen)
    return Span(fp, fs, us, up, text, False)


def state_at(span: Span, month: str) -> str:
    """'before' | 'present' | 'possible' | 'ended' for a month 'YYYY-MM'."""
    if month < span.fp:
        return "before"
    if span.fs <= month <= span.us:
        return "present"
    if month <= span.up:
        return "possible"
    return "ended"


def _rows(store, q: str, timeout: float):
    return store.query(SPARQL_PROLOGUE + q, timeout=timeout).rows


def build_model(store, timeout: float) -> Model:
    """Nodes, edges, spans and leadership changes of the whole graph."""
    try:
        from graph.analysis import project
    except ImportError:
        return build_model_sparql(store, timeout)
    return _from_projection(project(store), store, timeout)


def build_model_sparql(store, timeout: float) -> Model:
    """The model from the viewer's own SPARQL (used when graph.analysis is not installed)."""
    nodes: dict[str, Node] = {}
    edges: dict[str, Edge] = {}
    region_of: dict[str, str] = {}

    for c, lab, gss, region in _rows(store, """
SELECT ?c ?l ?gss ?region WHERE { ?c a csg:Council . OPTIONAL { ?c rdfs:label ?l }
  OPTIONAL { ?c dcterms:identifier ?gss } OPTIONAL { ?c csg:region ?region } }""", timeout):
        gss = str(gss) if gss else str(c).rsplit("/", 1)[-1]
        if str(c) not in nodes:
            nodes[str(c)] = Node(str(c), "council", str(lab) if lab else gss, [gss], [str(region)] if region else [], Span())
            region_of[gss] = str(region) if region else ""

    def gss_of(iri: str) -> str | None:
        n = nodes.get(iri)
        return n.councils[0] if n is not None and n.kind == "council" else None

    tenures = _rows(store, """
SELECT ?t ?p ?o ?role ?status ?unnamed ?board WHERE { ?t a csg:Tenure ; org:member ?p ; org:organization ?o .
  OPTIONAL { ?t org:role ?role } OPTIONAL { ?t csg:tenureStatus ?status }
  BIND(EXISTS { ?p a csg:UnnamedPerson } AS ?unnamed) BIND(EXISTS { ?o a csg:Board } AS ?board) }""", timeout)
    boards = _rows(store, """
SELECT ?b ?c ?chair WHERE { ?b a csg:Board . OPTIONAL { ?b org:unitOf ?c } OPTIONAL { ?b csg:chair ?chair } }""", timeout)
    parts = _rows(store, """
SELECT ?p ?c ?lead WHERE { ?p a csg:Partnership ; org:hasMember ?c .
  BIND(EXISTS { ?p csg:leadPartner ?c } AS ?lead) }""", timeout)
    insps = _rows(store, """
SELECT ?i ?c ?lead ?type WHERE { ?i a csg:Inspection ; csg:inspectedOrganization ?c .
  OPTIONAL { ?i csg:leadInspector ?lead } OPTIONAL { ?i csg:inspectionType ?type } }""", timeout)

    iris = {str(x) for row in tenures for x in row[:5] if x is not None}
    iris |= {str(x) for row in boards + parts + insps for x in row if isinstance(x, URIRef)}
    lab = labels(store, iris, timeout)
    dated = instants(store, {str(r[0]) for r in tenures} | {str(r[0]) for r in parts} | {str(r[0]) for r in insps}, timeout)
    board_council = {str(b): str(c) for b, c, _ in boards if c is not None}

    def node(iri: str, kind: str, *, unnamed: bool = False) -> Node:
        if iri not in nodes:
            nodes[iri] = Node(iri, kind, lab.get(iri, iri.rsplit("/", 1)[-1]), unnamed=unnamed)
        return nodes[iri]

    def link(n: Node, council_iri: str | None) -> None:
        g = gss_of(council_iri) if council_iri else None
        if g and g not in n.councils:
            n.councils.append(g)
            if region_of.get(g) and region_of[g] not in n.regions:
                n.regions.append(region_of[g])

    def edge(a: str, b: str, kind: str, label: str, span: Span) -> None:
        key = f"{kind}|{a}|{b}"
        e = edges.setdefault(key, Edge(key, a, b, kind, label))
        if label not in e.label.split("; "):
            e.label = f"{e.label}; {label}"
        e.spans.append(span)

    changes = []
    for b, c, chair in boards:
        n = node(str(b), "board")
        link(n, str(c) if c else None)
        if c is not None and str(c) in nodes:
            edge(str(b), str(c), "unit", "board of", Span())
    chaired = {(str(r[1]), str(r[2])) for r in tenures}
    for b, c, chair in boards:
        if chair is not None and (str(chair), str(b)) not in chaired:
            p = node(str(chair), "person")
            link(p, str(c) if c else None)
            edge(str(chair), str(b), "tenure", "chair", Span())

    for t, p, o, role, status, unnamed, is_board in tenures:
        t, p, o = str(t), str(p), str(o)
        person = node(p, "person", unnamed=bool(unnamed.toPython()) if unnamed is not None else False)
        target = nodes.get(o) or node(o, "board" if is_board is not None and is_board.toPython() else "organisation")
        link(person, o if o in nodes and nodes[o].kind == "council" else board_council.get(o))
        text = lab.get(str(role), "member") if role is not None else "member"
        if status is not None:
            text += f" ({lab.get(str(status), str(status).rsplit('/', 1)[-1])})"
        span = span_of(dated.get(t, {}))
        edge(p, o, "tenure", text, span)
        if target.kind == "council":
            for which, inst in (("starts", (dated.get(t, {}).get("start") or [None])[0]),
                                ("ends", (dated.get(t, {}).get("end") or [None])[0])):
                if inst is not None and (inst.earliest or inst.value):
                    changes.append({"month": month_of(inst.earliest or inst.value), "council": gss_of(o),
                                    "text": f"{person.label} {which} as {text}, {target.label} ({inst.text()})"})

    for p, c, lead in parts:
        if str(c) not in nodes:
            node(str(c), "organisation")  # a trust or other body that is not a council
        n = node(str(p), "partnership")
        n.span = span_of(dated.get(str(p), {}))
        link(n, str(c))
        edge(str(p), str(c), "member", "lead partner" if lead is not None and lead.toPython() else "member", n.span)

    for i, c, lead, itype in insps:
        n = node(str(i), "inspection")
        n.span = span_of(dated.get(str(i), {}), event=True)
        if str(i) not in lab:
            kind = lab.get(str(itype), "inspection") if itype is not None else "inspection"
            n.label = f"{kind}, {lab.get(str(c), '')} ({n.span.text or 'undated'})"
        link(n, str(c))
        edge(str(i), str(c), "inspected", "inspected", n.span)
        if lead is not None:
            person = node(str(lead), "person")
            link(person, str(c))
            edge(str(lead), str(i), "inspector", "lead inspector", n.span)

    return _finish(nodes, edges, changes)


def snapshot(model: Model, month: str) -> dict:
    """What stands in ``month``: each node and edge with its state (hidden ones left out)."""
    rank = {"present": 3, "possible": 2, "ended": 1, "before": 0}
    edge_states = {}
    for e in model.edges:
        best = max((state_at(s, month) for s in e.spans), key=rank.get, default="present")
        edge_states[e.id] = best
    node_states = {}
    for n in model.nodes:
        if n.kind in ("partnership", "inspection") and n.span is not None:
            node_states[n.id] = state_at(n.span, month)
        elif n.kind in ("council", "organisation", "board"):
            node_states[n.id] = "present"
        else:
            incident = [edge_states[e.id] for e in model.edges if n.id in (e.source, e.target)]
            node_states[n.id] = max(incident, key=rank.get, default="present")
    shown = {"present", "possible"}
    return {
        "month": month,
        "nodes": [{"id": n.id, "kind": n.kind, "label": n.label, "state": node_states[n.id]}
                  for n in model.nodes if node_states[n.id] in shown or (n.kind == "partnership" and node_states[n.id] == "ended")],
        "edges": [{"id": e.id, "source": e.source, "target": e.target, "kind": e.kind, "label": e.label,
                   "state": edge_states[e.id]} for e in model.edges
                  if edge_states[e.id] in shown or (e.kind == "member" and edge_states[e.id] == "ended")],
    }



# --- from graph.analysis.project ---------------------------------------------------

_VOCAB = "https://w3id.org/csgkg/vocab/"
_EDGE_KIND = {"held-post": "tenure", "chairs": "tenure", "member-of": "member", "unit-of": "unit",
              "inspected": "inspected", "led-inspection": "inspector", "on-team": "inspector"}
_EVENTS = {"inspected", "led-inspection", "on-team"}
# projection node kind -> explorer node kind (trusts and other organisations share one kind)
_NODE_KIND = {"council": "council", "person": "person", "board": "board", "partnership": "partnership",
              "inspection": "inspection", "delivery-organisation": "organisation", "organisation": "organisation"}


def _instant(dv) -> Instant | None:
    if dv is None:
        return None
    iso = lambda d: d.isoformat() if d else None  # noqa: E731
    return Instant(dv.literal, iso(dv.earliest), iso(dv.latest), dv.qualifier, dv.note or None)


def _dates(span) -> dict[str, list[Instant]]:
    out = {}
    if span.start is not None:
        out["start"] = [_instant(span.start)]
    if span.end is not None:
        out["end"] = [_instant(span.end)]
    if span.seen:
        out["seen"] = [_instant(s) for s in span.seen]
    return out


def _month_span(span, *, event: bool = False) -> Span:
    """graph.analysis Span (days, certain/possible) -> explorer Span (months)."""
    if span is None or (span.start is None and span.end is None and not span.seen):
        return Span()
    if event:
        return span_of(_dates(span), event=True)
    certain = span.certain_range()
    lo, hi = span.possible_range()
    fs, us = (month_of(certain[0].isoformat()), month_of(certain[1].isoformat())) if certain else (NEVER, EVER)
    d = _dates(span)
    text = describe_span((d.get("start") or [None])[0], (d.get("end") or [None])[0])
    if d.get("seen"):
        text += "; in post " + ", ".join(i.text() for i in d["seen"])
    return Span(month_of(lo.isoformat()) if lo else EVER, fs, us, month_of(hi.isoformat()) if hi else NEVER, text, False)


def _from_projection(G, store, timeout: float) -> Model:
    labels = G.graph.get("labels", {})
    concept = lambda scheme, key: labels.get(f"{_VOCAB}{scheme}/{key}", key.replace("-", " ")) if key else None  # noqa: E731
    regions = {str(c): str(r) for c, r in _rows(store, "SELECT ?c ?r WHERE { ?c a csg:Council ; csg:region ?r }", timeout)}
    nodes: dict[str, Node] = {}
    for n, d in G.nodes(data=True):
        kind = _NODE_KIND.get(d.get("kind"))
        if kind is None:
            continue
        node = Node(n, kind, d.get("label") or n.rsplit("/", 1)[-1], unnamed=bool(d.get("unnamed")))
        if d["kind"] == "council":
            node.councils = [d.get("code") or n.rsplit("/", 1)[-1]]
            node.regions = [regions[n]] if n in regions else []
            node.span = Span()
        nodes[n] = node

    def council_of(iri: str) -> Node | None:
        c = nodes.get(iri)
        return c if c is not None and c.kind == "council" else None

    def link(n: Node, c: Node | None) -> None:
        if c is None:
            return
        for g in c.councils:
            if g not in n.councils:
                n.councils.append(g)
        for r in c.regions:
            if r not in n.regions:
                n.regions.append(r)

    edges: dict[str, Edge] = {}
    changes = []
    for u, v, d in G.edges(data=True):
        kind = _EDGE_KIND.get(d.get("kind"))
        if kind is None or u not in nodes or v not in nodes:
            continue
        ev = d["kind"] in _EVENTS
        span = _month_span(d.get("span"), event=ev)
        if kind == "tenure":
            label = concept("role", d.get("role")) or ("chair" if d["kind"] == "chairs" else "member")
            if d.get("tenure_status"):
                label += f" ({concept('tenure-status', d['tenure_status'])})"
        elif kind == "member":
            label = (d.get("partner_role") or "member").replace("-", " ")
        else:
            label = {"unit": "board of", "inspected": "inspected",
                     "inspector": concept("role", d.get("role")) or "inspector"}[kind]
        key = f"{kind}|{u}|{v}"
        e = edges.setdefault(key, Edge(key, u, v, kind, label))
        if label not in e.label.split("; "):
            e.label = f"{e.label}; {label}"
        e.spans.append(span)
        if kind in ("member", "inspected"):
            holder = nodes[v] if kind == "member" else nodes[u]
            if holder.span is None or holder.span.undated:
                holder.span = span
        # councils each node belongs to, for the filters
        if kind == "tenure":
            c = council_of(v)
            link(nodes[u], c)
            if c is not None and d.get("span") is not None:
                for which, dv in (("starts", d["span"].start), ("ends", d["span"].end)):
                    inst = _instant(dv)
                    if inst is not None and (inst.earliest or inst.value):
                        changes.append({"month": month_of(inst.earliest or inst.value), "council": c.councils[0],
                                        "text": f"{nodes[u].label} {which} as {label}, {c.label} ({inst.text()})"})
        elif kind in ("member", "unit", "inspected"):
            link(nodes[v] if kind == "member" else nodes[u], council_of(u) or council_of(v))
    for u, v, d in G.edges(data=True):  # people and boards reached through boards / inspections
        if u in nodes and v in nodes and d.get("kind") in ("chairs", "led-inspection", "on-team"):
            target = nodes[v]
            for g in target.councils:
                if g not in nodes[u].councils:
                    nodes[u].councils.append(g)
            for r in target.regions:
                if r not in nodes[u].regions:
                    nodes[u].regions.append(r)
    return _finish(nodes, edges, changes)


def _finish(nodes: dict[str, Node], edges: dict[str, Edge], changes: list[dict]) -> Model:
    months = [m for n in nodes.values() if n.span for m in (n.span.fp, n.span.fs, n.span.us, n.span.up)]
    months += [m for e in edges.values() for s in e.spans for m in (s.fp, s.fs, s.us, s.up)]
    real = sorted(m for m in months if m not in (EVER, NEVER))
    first = f"{real[0][:4]}-01" if real else "2013-01"
    last = f"{real[-1][:4]}-12" if real else "2026-12"
    changes.sort(key=lambda c: (c["month"], c["text"]))
    ordered = sorted(nodes.values(), key=lambda n: (n.kind, n.label, n.id))
    return Model(ordered, sorted(edges.values(), key=lambda e: e.id), changes, first, last)
