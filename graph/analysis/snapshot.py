"""The network as it stood on a date, and what changed between two dates.

An edge is kept in ``snapshot(G, day)`` when its span admits the day, with
``status`` set to ``"certain"`` or ``"possible"`` by the rule documented in
:mod:`graph.analysis.spans` (certain between start.latest / first sighting and
end.earliest / last sighting; possible within start.earliest .. end.latest,
unknown sides open). Undated edges (a board's chair with no dates) are
``"possible"`` on every day: nobody said when, so nobody said they did not.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from .spans import CERTAIN, POSSIBLE

__all__ = ["snapshot", "changes", "Changes", "edge_status"]


def edge_status(data: dict, day: date):
    """``"certain"``, ``"possible"`` or None for one edge's data on ``day``."""
    return data["span"].status_on(day)


def snapshot(G: nx.MultiDiGraph, day: date, certain_only: bool = False) -> nx.MultiDiGraph:
    """The sub-network on ``day``: edges whose span admits it, each with ``status``.

    Nodes are those the kept edges touch. Attributes are copied (the input is
    not modified).

    Examples
    --------
    >>> from datetime import date
    >>> from graph.model import DateValue
    >>> from graph.analysis.spans import Span
    >>> d = lambda s: DateValue(s, date.fromisoformat(s), date.fromisoformat(s))
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("ann", "council", key="t1", kind="held-post",
    ...            span=Span(d("2016-01-04"), seen=(d("2017-03-01"),)))
    't1'
    >>> [s for _, _, s in snapshot(G, date(2016, 6, 1)).edges(data="status")]
    ['certain']
    >>> [s for _, _, s in snapshot(G, date(2018, 6, 1)).edges(data="status")]
    ['possible']
    >>> snapshot(G, date(2015, 6, 1)).number_of_edges()
    0
    """
    H = nx.MultiDiGraph()
    H.graph.update(G.graph, day=day)
    for u, v, k, data in G.edges(keys=True, data=True):
        st = edge_status(data, day)
        if st is None or (certain_only and st != CERTAIN):
            continue
        for n in (u, v):
            if n not in H:
                H.add_node(n, **G.nodes[n])
        H.add_edge(u, v, key=k, **{**data, "status": st})
    return H


@dataclass
class Changes:
    """What differs between the network on ``d1`` and on ``d2``.

    Each list holds ``(u, v, key, data)`` tuples. ``appeared``: in the
    snapshot of d2 but not d1. ``ended``: in d1 but not d2. ``changed``: in
    both with another status (``data["status_before"]`` -> ``data["status"]``).
    ``transient``: in neither snapshot, but possibly held at some day strictly
    between (for example an inspection's fieldwork).
    """

    d1: date
    d2: date
    appeared: list = field(default_factory=list)
    ended: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    transient: list = field(default_factory=list)

    def keys(self, which: str) -> set:
        """The edge keys of one list (handy in tests and notebooks)."""
        return {k for _, _, k, _ in getattr(self, which)}


def changes(G: nx.MultiDiGraph, d1: date, d2: date) -> Changes:
    """Compare the network on ``d1`` and on ``d2`` (``d1 <= d2``).

    Examples
    --------
    >>> from datetime import date
    >>> from graph.model import DateValue
    >>> from graph.analysis.spans import Span
    >>> d = lambda s: DateValue(s, date.fromisoformat(s), date.fromisoformat(s))
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("ann", "c", key="t1", span=Span(d("2016-01-04"), d("2017-12-31")))
    't1'
    >>> G.add_edge("bob", "c", key="t2", span=Span(d("2018-01-01"), d("2019-12-31")))
    't2'
    >>> c = changes(G, date(2017, 6, 1), date(2018, 6, 1))
    >>> c.keys("ended"), c.keys("appeared")
    ({'t1'}, {'t2'})
    """
    if d2 < d1:
        raise ValueError(f"changes(): d2={d2} is before d1={d1}")
    out = Changes(d1, d2)
    for u, v, k, data in G.edges(keys=True, data=True):
        s1, s2 = edge_status(data, d1), edge_status(data, d2)
        if s1 is None and s2 is not None:
            out.appeared.append((u, v, k, {**data, "status": s2}))
        elif s1 is not None and s2 is None:
            out.ended.append((u, v, k, {**data, "status_before": s1}))
        elif s1 is not None and s1 != s2:
            out.changed.append((u, v, k, {**data, "status_before": s1, "status": s2}))
        elif s1 is None and s2 is None:
            lo, hi = data["span"].possible_range()
            if (lo is None or lo < d2) and (hi is None or hi > d1):
                out.transient.append((u, v, k, {**data, "status": POSSIBLE}))
    return out
