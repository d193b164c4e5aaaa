"""A council's story: its dated events in order, each with the precision it has.

Rows come from the projected network: tenure starts and ends of every post,
inspections (publication, worst grade), partnership formation and
dissolution, interventions. A date is shown as stated ("2016-07") or by its
bounds ("between 2019-10-27 and 2020-03-31"); undated facts sort last.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Optional

import networkx as nx

from graph.model import DateValue

from .derive_events import inspection_date, partnership_changes

__all__ = ["StoryRow", "council_story", "date_text", "find_council", "display_label"]


@dataclass
class StoryRow:
    date: Optional[DateValue]
    kind: str
    text: str
    iri: str

    @property
    def when(self) -> str:
        return date_text(self.date)

    def sort_key(self):
        d = self.date
        return ((d.earliest or d.latest or date.max) if d else date.max, self.kind, self.text)


def date_text(d: Optional[DateValue]) -> str:
    """A date as stated, or its bounds, or "date unknown"."""
    if d is None or (d.literal is None and d.earliest is None and d.latest is None):
        return "date unknown"
    if d.literal:
        return d.literal + ("" if d.qualifier in (None, "exact") else f" ({d.qualifier})")
    if d.earliest and d.latest:
        return f"between {d.earliest} and {d.latest}"
    return f"after {d.earliest}" if d.earliest else f"before {d.latest}"


def find_council(G: nx.MultiDiGraph, name: str) -> str:
    """The council node whose label, code or IRI matches ``name`` (case-insensitive).

    An exact label/code match wins; otherwise a unique substring match.
    Raises ``KeyError`` listing the candidates when there is none or several.
    """
    want = name.strip().lower()
    councils = [(n, d) for n, d in G.nodes(data=True) if d.get("kind") == "council"]
    exact = [n for n, d in councils if want in (str(d.get("label", "")).lower(),
                                               str(d.get("code", "")).lower(), n.lower())]
    if len(exact) == 1:
        return exact[0]
    part = [n for n, d in councils if want in str(d.get("label", "")).lower()]
    if len(part) == 1:
        return part[0]
    shown = ", ".join(sorted(G.nodes[n].get("label", n) for n in part)[:10])
    raise KeyError(f"council {name!r}: " + (f"ambiguous ({shown})" if part else "no such council"))


def display_label(G: nx.MultiDiGraph, n: str) -> str:
    """A node's label for tables and charts: an unnamed holder's label loses its
    explanatory parenthesis ("unnamed director of children's services, Torbay
    Council (in post since July 2016)" -> the part before " (")."""
    if n not in G:
        return str(n)
    label = str(G.nodes[n].get("label", n))
    if G.nodes[n].get("unnamed") and " (" in label:
        label = label.split(" (", 1)[0]
    return label


_label = display_label


def council_story(G: nx.MultiDiGraph, council: str) -> list[StoryRow]:
    """The council's events in date order (see the module docstring)."""
    labels = G.graph.get("labels", {})
    rows: list[StoryRow] = []
    for u, _, k, d in G.in_edges(council, keys=True, data=True):
        kind = d.get("kind")
        if kind == "held-post":
            role = d.get("role") or "post"
            status = f" ({d['tenure_status']})" if d.get("tenure_status") else ""
            span = d["span"]
            who = _label(G, u)
            if span.start is not None:
                rows.append(StoryRow(span.start, "tenure-start", f"{who} starts as {role}{status}", k))
            if span.end is not None:
                rows.append(StoryRow(span.end, "tenure-end", f"{who} ends as {role}{status}", k))
            for s in span.seen:
                rows.append(StoryRow(s, "in-post", f"{who} seen in post as {role}{status}", k))
            if span.start is None and span.end is None and not span.seen:
                rows.append(StoryRow(None, "tenure", f"{who} holds {role}{status} (undated)", k))
        elif kind == "inspected":
            n = G.nodes[u]
            when, basis = inspection_date(n)
            js = sorted(n.get("judgements", []), key=lambda j: j.get("area") or "")
            grades = "; ".join(f"{j['area']}: {labels.get(j['grade'], j['grade'])}" for j in js)
            rows.append(StoryRow(when, "inspection",
                                 f"{n.get('type') or 'inspection'}"
                                 f" ({'last on-site day' if basis == 'onsite' else basis})" +
                                 (f" - {grades}" if grades else " (no grades)"), u))
        elif kind == "intervened-in":
            rows.append(StoryRow(d["span"].start, "intervention",
                                 f"{G.nodes[u].get('type') or 'intervention'}", u))
    partnerships = {v for _, v, d in G.out_edges(council, data=True) if d.get("kind") == "member-of"}
    for pc in partnership_changes(G):
        if pc.partnership in partnerships:
            rows.append(StoryRow(pc.date, f"partnership-{pc.kind}",
                                 f"{_label(G, pc.partnership)} {pc.kind}", pc.partnership))
    return sorted(rows, key=StoryRow.sort_key)
