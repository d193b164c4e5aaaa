"""Exports of the projected network: GraphML, dynamic GEXF 1.3, CSV, JSON.

All formats share one flattening (:func:`flatten`): every attribute becomes a
string or number, dates ISO ``YYYY-MM-DD``, unknown values are left out
(never written as "now" or as an empty date). Edge columns:

``kind, role, tenure_status, partner_role, fact, evidence`` (space-separated IRIs),
``start_literal, start_earliest, start_latest, end_literal, end_earliest, end_latest``
(the stated dates and their bounds), ``seen`` (space-separated sighting literals),
``certain_from, certain_until`` (the certain range) and ``possible_from,
possible_until`` (the possible range; absent side = open).

GEXF is written in ``mode="dynamic"``, ``timeformat="date"``, with one spell
per edge = its possible range (an open side is an absent ``start``/``end``
attribute, which GEXF reads as unbounded) and one spell per node covering its
edges' spells.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Optional

import networkx as nx
import pandas as pd

__all__ = ["flatten", "write_graphml", "write_gexf", "check_gexf", "GexfError",
           "write_csv", "to_json", "write_json", "write_all"]

GEXF_NS = "http://gexf.net/1.3"


def _iso(d: Optional[date]) -> Optional[str]:
    return d.isoformat() if d else None


def _edge_attrs(d: dict) -> dict:
    span = d.get("span")
    out = {k: d.get(k) for k in ("kind", "role", "tenure_status", "partner_role", "fact", "via",
                                 "status")}
    out["evidence"] = " ".join(d.get("evidence", ())) or None
    if span is not None:
        for side, inst in (("start", span.start), ("end", span.end)):
            if inst is not None:
                out[f"{side}_literal"] = inst.literal
                out[f"{side}_earliest"] = _iso(inst.earliest)
                out[f"{side}_latest"] = _iso(inst.latest)
        out["seen"] = " ".join(s.literal or f"{_iso(s.earliest)}/{_iso(s.latest)}"
                               for s in span.seen) or None
        c = span.certain_range()
        if c:
            out["certain_from"], out["certain_until"] = _iso(c[0]), _iso(c[1])
        lo, hi = span.possible_range()
        out["possible_from"], out["possible_until"] = _iso(lo), _iso(hi)
    return {k: v for k, v in out.items() if v is not None}


def _node_attrs(d: dict) -> dict:
    out = {k: d.get(k) for k in ("kind", "label", "iri", "type", "council", "code")}
    if d.get("unnamed") is not None:
        out["unnamed"] = bool(d["unnamed"])
    pub = d.get("published")
    if pub is not None:
        out["published_literal"] = pub.literal
        out["published_earliest"] = _iso(pub.earliest)
        out["published_latest"] = _iso(pub.latest)
    if d.get("judgements"):
        out["judgements"] = "; ".join(f"{j['area']}={j['grade']}" for j in
                                      sorted(d["judgements"], key=lambda j: j["area"] or ""))
    return {k: v for k, v in out.items() if v is not None}


def flatten(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with scalar attributes only (what every file format can hold)."""
    H = nx.MultiDiGraph()
    for n, d in G.nodes(data=True):
        H.add_node(n, **_node_attrs(d))
    for u, v, k, d in G.edges(keys=True, data=True):
        H.add_edge(u, v, key=k, **_edge_attrs(d))
    return H


def write_graphml(G: nx.MultiDiGraph, path) -> Path:
    """GraphML (edge ids are the fact keys)."""
    path = Path(path)
    nx.write_graphml(flatten(G), path, edge_id_from_attribute=None)
    return path


def _node_spell(H: nx.MultiDiGraph, n) -> Optional[tuple]:
    """The span of a node's edges: min start, max end (None if any side is open)."""
    los, his = [], []
    for _, _, d in list(H.in_edges(n, data=True)) + list(H.out_edges(n, data=True)):
        los.append(d.get("possible_from"))
        his.append(d.get("possible_until"))
    if not los:
        return None
    lo = None if None in los else min(los)
    hi = None if None in his else max(his)
    return lo, hi


def write_gexf(G: nx.MultiDiGraph, path) -> Path:
    """Dynamic GEXF 1.3 with spells from the bounds; checked by :func:`check_gexf`."""
    path = Path(path)
    H = flatten(G)
    H.graph["mode"] = "dynamic"
    for n in H.nodes:
        sp = _node_spell(H, n)
        if sp and sp != (None, None):
            H.nodes[n]["spells"] = [sp]
    for u, v, k, d in H.edges(keys=True, data=True):
        d["id"] = k
        sp = (d.get("possible_from"), d.get("possible_until"))
        if sp != (None, None):
            d["spells"] = [sp]
    text = "\n".join(nx.generate_gexf(H, version="1.3"))
    if not text.startswith("<?xml"):
        text = "<?xml version='1.0' encoding='utf-8'?>\n" + text
    # networkx 3.6 writes the XSI namespace without "www." and sets timeformat
    # only when it meets a dated spell: state both correctly, always.
    text = text.replace('"http://w3.org/2001/XMLSchema-instance"',
                        '"http://www.w3.org/2001/XMLSchema-instance"')
    if 'timeformat="' not in text.split("<graph ", 1)[1].split(">", 1)[0]:
        text = text.replace("<graph ", '<graph timeformat="date" ', 1)
    path.write_text(text, encoding="utf-8")
    check_gexf(path)
    return path


class GexfError(ValueError):
    """A GEXF file breaks the structure GEXF 1.3 requires."""


def check_gexf(path) -> int:
    """Check a dynamic GEXF 1.3 file's structure; return the number of spells seen.

    No GEXF 1.3 XSD ships in a Debian or PyPI package, so instead of xmllint
    against the schema this checks, with the standard library, the parts of
    the XSD (gexf.xsd, dynamics.xsd, data.xsd of GEXF 1.3) that our exports
    use: root ``gexf`` in the 1.3 namespace with ``version="1.3"``; exactly
    one ``graph`` with ``mode`` in static|dynamic and, when dynamic,
    ``timeformat`` in the schema's enumeration; ``nodes``/``edges``
    containers; unique node ids and unique edge ids; every edge's
    ``source``/``target`` a declared node; every ``attvalue`` ``for`` a
    declared ``attribute`` id of the right class; every ``spell`` a child of
    ``spells`` under a node or edge, with ``start``/``end`` of the
    ``timeformat`` (``xsd:date`` for "date") and start <= end. Any breach
    raises ``GexfError`` naming the file and element.
    """
    path = Path(path)
    ns = {"g": GEXF_NS}
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GexfError(f"{path}: not well-formed XML: {exc}") from exc
    if root.tag != f"{{{GEXF_NS}}}gexf" or root.get("version") != "1.3":
        raise GexfError(f"{path}: root must be gexf version 1.3 in {GEXF_NS}, got {root.tag} "
                        f"version={root.get('version')}")
    graphs = root.findall("g:graph", ns)
    if len(graphs) != 1:
        raise GexfError(f"{path}: expected one <graph>, found {len(graphs)}")
    g = graphs[0]
    mode, tf = g.get("mode", "static"), g.get("timeformat")
    if mode not in ("static", "dynamic"):
        raise GexfError(f"{path}: graph mode {mode!r} not static|dynamic")
    if mode == "dynamic" and tf not in ("integer", "double", "date", "dateTime"):
        raise GexfError(f"{path}: dynamic graph needs timeformat integer|double|date|dateTime, got {tf!r}")
    attrs = {cls: {a.get("id") for a in g.findall(f"g:attributes[@class='{cls}']/g:attribute", ns)}
             for cls in ("node", "edge")}
    node_ids = [n.get("id") for n in g.findall("g:nodes/g:node", ns)]
    if len(set(node_ids)) != len(node_ids) or None in node_ids:
        raise GexfError(f"{path}: node ids must be present and unique")
    nodes = set(node_ids)
    edge_ids = [e.get("id") for e in g.findall("g:edges/g:edge", ns)]
    if len(set(edge_ids)) != len(edge_ids):
        raise GexfError(f"{path}: edge ids must be unique")
    for e in g.findall("g:edges/g:edge", ns):
        for end in ("source", "target"):
            if e.get(end) not in nodes:
                raise GexfError(f"{path}: edge {e.get('id')} {end} {e.get(end)!r} is not a node")
    spells = 0
    for cls, tag in (("node", "g:nodes/g:node"), ("edge", "g:edges/g:edge")):
        for el in g.findall(tag, ns):
            for av in el.findall("g:attvalues/g:attvalue", ns):
                if av.get("for") not in attrs[cls]:
                    raise GexfError(f"{path}: {cls} {el.get('id')} attvalue for undeclared "
                                    f"attribute {av.get('for')!r}")
            for sp in el.findall("g:spells/g:spell", ns):
                spells += 1
                s, t = sp.get("start"), sp.get("end")
                for v in (s, t):
                    if v is not None and tf == "date":
                        try:
                            date.fromisoformat(v)
                        except ValueError:
                            raise GexfError(f"{path}: {cls} {el.get('id')} spell date {v!r} "
                                            "is not xsd:date") from None
                if s and t and s > t:
                    raise GexfError(f"{path}: {cls} {el.get('id')} spell starts after it ends")
    if root.findall(".//g:spell", ns) and spells != len(root.findall(".//g:spell", ns)):
        raise GexfError(f"{path}: <spell> outside a node's or edge's <spells>")
    return spells


def write_csv(G: nx.MultiDiGraph, folder) -> tuple[Path, Path]:
    """``nodes.csv`` (id + node columns) and ``edges.csv`` (source, target, key + edge columns)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    H = flatten(G)
    nodes = pd.DataFrame([{"id": n, **d} for n, d in H.nodes(data=True)])
    edges = pd.DataFrame([{"source": u, "target": v, "key": k, **d}
                          for u, v, k, d in H.edges(keys=True, data=True)])
    np_, ep = folder / "nodes.csv", folder / "edges.csv"
    nodes.to_csv(np_, index=False)
    edges.to_csv(ep, index=False)
    return np_, ep


def to_json(G: nx.MultiDiGraph) -> dict:
    """``{"nodes": [{id, ...}], "edges": [{source, target, key, ...}]}`` for the viewer."""
    H = flatten(G)
    return {"nodes": [{"id": n, **d} for n, d in H.nodes(data=True)],
            "edges": [{"source": u, "target": v, "key": k, **d}
                      for u, v, k, d in H.edges(keys=True, data=True)]}


def write_json(G: nx.MultiDiGraph, path) -> Path:
    path = Path(path)
    path.write_text(json.dumps(to_json(G), indent=1, sort_keys=True), encoding="utf-8")
    return path


def write_all(G: nx.MultiDiGraph, folder) -> dict[str, Path]:
    """Every export into ``folder``: network.graphml, network.gexf, nodes/edges.csv, network.json."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n, e = write_csv(G, folder)
    return {"graphml": write_graphml(G, folder / "network.graphml"),
            "gexf": write_gexf(G, folder / "network.gexf"),
            "nodes_csv": n, "edges_csv": e,
            "json": write_json(G, folder / "network.json")}
