"""The network explorer: the model drawn with pyvis, rendered to a string.

pyvis builds the vis-network node/edge records and options; our own Jinja
template (templates/pyvis_network.html) puts them in a JSON data block instead
of pyvis's inline script, so the page runs under a CSP without inline scripts
and static/explore.js does the drawing with vis-network served from
/static/vendor. ``Network.from_nx`` writes into the graph it gets, so it gets
a copy; ``write_html`` is never called (it would drop a lib/ folder).
"""
from __future__ import annotations

import html
from dataclasses import asdict

import networkx as nx
from jinja2 import Environment
from pyvis.network import Network

from .network import Model

__all__ = ["to_networkx", "render_network", "STYLE"]

# node look per kind (colours chosen to stay readable for the common colour-vision deficiencies)
STYLE = {
    "council": {"shape": "box", "color": "#1f5f99", "font": {"color": "#ffffff"}, "size": 18},
    "organisation": {"shape": "box", "color": "#8fb3d9", "size": 14},
    "person": {"shape": "dot", "color": "#e08214", "size": 10},
    "board": {"shape": "diamond", "color": "#2b8a3e", "size": 12},
    "partnership": {"shape": "hexagon", "color": "#7048a8", "size": 16},
    "inspection": {"shape": "triangle", "color": "#b2182b", "size": 10},
}
EDGE_COLOUR = {"tenure": "#e08214", "member": "#7048a8", "unit": "#2b8a3e", "inspected": "#b2182b", "inspector": "#b2182b"}
KIND_TEXT = {"council": "council", "organisation": "organisation (a trust or other body)", "person": "person", "board": "board", "partnership": "partnership",
             "inspection": "inspection or visit"}

OPTIONS = {
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"enabled": True, "iterations": 300},
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110}},
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "edges": {"smooth": False},
}


def to_networkx(model: Model) -> nx.Graph:
    """The model as a NetworkX graph; labels stay raw here, titles are escaped HTML (pyvis convention)."""
    g = nx.Graph()
    for n in model.nodes:
        style = dict(STYLE[n.kind])
        tip = [n.label, KIND_TEXT[n.kind] + (" (not named in the sources)" if n.unnamed else "")]
        if n.span is not None and not n.span.undated:
            tip.append(n.span.text)
        g.add_node(n.id, label=n.label, title=html.escape("\n".join(tip)), tip=tip, kind=n.kind,
                   councils=n.councils, regions=n.regions, unnamed=n.unnamed,
                   span=asdict(n.span) if n.span else None, **style)
        if n.unnamed:
            g.nodes[n.id]["color"] = "#9e9e9e"
    for e in model.edges:
        tip = [e.label] + [s.text for s in e.spans if not s.undated]
        g.add_edge(e.source, e.target, id=e.id, title=html.escape("\n".join(tip)), tip=tip,
                   kind=e.kind, role=e.label, spans=[asdict(s) for s in e.spans],
                   color=EDGE_COLOUR.get(e.kind, "#666666"), weight=2)
    return g


def render_network(model: Model, env: Environment) -> str:
    """HTML fragment: the pyvis records in JSON data blocks (no executable inline script)."""
    net = Network(height="100%", width="100%", cdn_resources="remote")
    net.from_nx(to_networkx(model).copy())
    net.options = OPTIONS
    net.template = env.get_template("pyvis_network.html")
    return net.generate_html(notebook=True)
