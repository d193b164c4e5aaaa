"""Network-wide measures over time: bridging people, returning inspectors, components.

A year's network is the undirected simple graph of the edges that *possibly*
held on some day of that year (``certain=True`` keeps only edges certainly
held on some day of it), so an edge with an unknown end appears in every
later year: the figures are upper bounds on connectivity unless
``certain=True``, which gives lower bounds. Each result records which.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

import networkx as nx

__all__ = ["year_graph", "bridges", "betweenness_by_year", "Betweenness",
           "returning_inspectors", "components_by_year"]


def _meets(span, first: date, last: date, certain: bool) -> bool:
    if certain:
        c = span.certain_range()
        return bool(c and c[0] <= last and first <= c[1])
    lo, hi = span.possible_range()
    return (lo is None or lo <= last) and (hi is None or first <= hi)


def year_graph(G: nx.MultiDiGraph, year: int, certain: bool = False) -> nx.Graph:
    """Undirected simple graph of the edges held (possibly, or certainly) during ``year``.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "a", key="t1", span=Span(day(2016, 1, 1), day(2016, 12, 31)))
    >>> _ = G.add_edge("ann", "b", key="t2", span=Span(day(2017, 1, 1), day(2017, 6, 30)))
    >>> sorted(year_graph(G, 2017).edges())
    [('ann', 'b')]
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    H = nx.Graph(year=year, certain=certain)
    for u, v, d in G.edges(data=True):
        if _meets(d["span"], first, last, certain):
            for n in (u, v):
                H.add_node(n, **{k: G.nodes[n].get(k) for k in ("kind", "label")})
            H.add_edge(u, v)
    return H


def bridges(G: nx.MultiDiGraph, kinds: Iterable[str] = ("held-post", "chairs")) -> list[tuple[str, list[str]]]:
    """People who held posts in two or more councils (over all time): (person, councils).

    Boards count for the council they are a unit of.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> G = nx.MultiDiGraph()
    >>> for c in ("a", "b"):
    ...     G.add_node(c, kind="council")
    >>> _ = G.add_edge("dan", "a", key="t1", kind="held-post", span=Span())
    >>> _ = G.add_edge("dan", "b", key="t2", kind="held-post", span=Span())
    >>> _ = G.add_edge("ann", "a", key="t3", kind="held-post", span=Span())
    >>> bridges(G)
    [('dan', ['a', 'b'])]
    """
    kinds = set(kinds)
    seen: dict[str, set] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("kind") not in kinds:
            continue
        if G.nodes[v].get("kind") == "council":
            seen[u].add(v)
        else:
            seen[u] |= {w for _, w, e in G.out_edges(v, data=True) if e.get("kind") == "unit-of"}
    return sorted((p, sorted(cs)) for p, cs in seen.items() if len(cs) >= 2)


@dataclass
class Betweenness:
    """Betweenness of person nodes in one year's network.

    ``approximate`` is True when ``k`` source nodes were sampled
    (``networkx.betweenness_centrality(k=..., seed=...)``: the sum over k
    random pivots, rescaled; an estimate whose error shrinks with k).
    ``certain`` says whether the year's network used certain edges only.
    """

    year: int
    scores: dict
    approximate: bool
    k: Optional[int]
    certain: bool


def betweenness_by_year(G: nx.MultiDiGraph, years: Iterable[int], k: Optional[int] = None,
                        seed: int = 0, certain: bool = False) -> list[Betweenness]:
    """Normalised betweenness of the people in each year's network.

    ``k`` samples that many pivot nodes (approximate; exact when ``k`` is
    None or not smaller than the year's node count).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("dan", kind="person")
    >>> _ = G.add_edge("dan", "a", key="t1", span=Span())
    >>> _ = G.add_edge("dan", "b", key="t2", span=Span())
    >>> r = betweenness_by_year(G, [2019])[0]
    >>> (r.scores, r.approximate)
    ({'dan': 1.0}, False)
    """
    out = []
    for y in years:
        H = year_graph(G, y, certain)
        kk = k if k is not None and k < H.number_of_nodes() else None
        bc = nx.betweenness_centrality(H, k=kk, seed=seed if kk else None) if H else {}
        scores = {n: s for n, s in bc.items() if G.nodes[n].get("kind") == "person"}
        out.append(Betweenness(y, scores, kk is not None, kk, certain))
    return out


def returning_inspectors(G: nx.MultiDiGraph, kinds: Iterable[str] = ("led-inspection", "on-team"),
                         minimum: int = 2) -> list[tuple[str, str, list[str]]]:
    """Inspectors who inspected the same council at least ``minimum`` times.

    Returns (person, council, inspections in order of IRI, which sorts by date).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> G = nx.MultiDiGraph()
    >>> for i in ("i1", "i2"):
    ...     G.add_node(i, kind="inspection", council="a")
    ...     _ = G.add_edge("eve", i, key=i + "#lead", kind="led-inspection", span=Span())
    >>> returning_inspectors(G)
    [('eve', 'a', ['i1', 'i2'])]
    """
    kinds = set(kinds)
    visits: dict[tuple[str, str], set] = defaultdict(set)
    for u, v, d in G.edges(data=True):
        if d.get("kind") in kinds and G.nodes[v].get("council"):
            visits[(u, G.nodes[v]["council"])].add(v)
    return sorted((p, c, sorted(i)) for (p, c), i in visits.items() if len(i) >= minimum)


def components_by_year(G: nx.MultiDiGraph, years: Iterable[int],
                       certain: bool = False) -> dict[int, list[set]]:
    """Connected components of each year's network, largest first.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "a", key="t1", span=Span(day(2016, 1, 1), day(2016, 12, 31)))
    >>> _ = G.add_edge("bob", "b", key="t2", span=Span(day(2016, 1, 1), None))
    >>> _ = G.add_edge("bob", "a", key="t3", span=Span(day(2017, 1, 1), None))
    >>> {y: len(cs) for y, cs in components_by_year(G, [2016, 2017]).items()}
    {2016: 2, 2017: 1}
    """
    return {y: sorted(nx.connected_components(year_graph(G, y, certain)),
                      key=lambda c: (-len(c), sorted(c)))
            for y in years}
