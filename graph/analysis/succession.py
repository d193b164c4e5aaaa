"""Succession in a post: tenures ordered by their bounds, and the changes between them.

Tenures of the same role at the same organisation are ordered by their start
bounds (a tenure without a start is placed by its first sighting, then by its
end); each consecutive pair is a :class:`LeadershipChange`, dated by the next
tenure's start (or, when that is unknown, bounded by the previous tenure's end
or last sighting and the next holder's first sighting). The gap between them
is given in days as bounds: both 0 is contiguous, a positive minimum is a gap,
a negative maximum an overlap.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Optional

import networkx as nx

from graph.model import DateValue

from .spans import Span

__all__ = ["LeadershipChange", "tenure_sequences", "leadership_changes"]


@dataclass
class LeadershipChange:
    """One tenure of a post followed by the next (edge keys are tenure IRIs)."""

    org: str
    role: str
    previous: str
    next: str
    previous_person: str
    next_person: str
    date: DateValue
    gap_days: tuple[Optional[int], Optional[int]]

    same_holder: Optional[bool] = None

    @property
    def holder_change(self) -> str:
        """"yes" (two different named people), "no" (one person, e.g. a change of
        status) or "unknown" (an unnamed holder on either side: identity unknown)."""
        if self.previous_person == self.next_person:
            return "no"
        return "unknown" if self.same_holder is None else ("no" if self.same_holder else "yes")

    @property
    def relation(self) -> str:
        """contiguous, gap, overlap or uncertain (from ``gap_days``)."""
        lo, hi = self.gap_days
        if lo is not None and hi is not None and lo == hi == 0:
            return "contiguous"
        if lo is not None and lo > 0:
            return "gap"
        if hi is not None and hi < 0:
            return "overlap"
        return "uncertain"


def _anchor(span: Span):
    """Sort key placing a tenure in its post's sequence.

    By its start bounds, else its first sighting (a bound on one side only is
    used as the point), else its end; a tenure known
    only by its end started before that end, so it sorts before a tenure
    whose start has the same bounds (rank 0 < 1).
    """
    def point(v: DateValue) -> Optional[date]:
        # a sighting bounded only above ("on or before X") is placed at X, not at the dawn of time
        return v.earliest or v.latest

    first = span.start
    if first is None and span.seen:
        first = min(span.seen, key=lambda s: point(s) or date.max)
    rank = 1
    if first is None:
        first, rank = span.end, 0
    if first is None:
        return (date.max, 1, date.max)
    return (point(first) or date.min, rank, first.latest or date.max)


def tenure_sequences(G: nx.MultiDiGraph, org: Optional[str] = None,
                     role: Optional[str] = None) -> dict[tuple[str, str], list]:
    """Held-post edges grouped by (organisation, role key), ordered by start bounds.

    Each item is ``(person, org, key, data)``.
    """
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for u, v, k, d in G.edges(keys=True, data=True):
        if d.get("kind") != "held-post" or (org and v != org) or (role and d.get("role") != role):
            continue
        groups[(v, d.get("role"))].append((u, v, k, d))
    for seq in groups.values():
        seq.sort(key=lambda e: (_anchor(e[3]["span"]), e[2]))
    return dict(groups)


def _gap(prev: Span, nxt: Span) -> tuple[Optional[int], Optional[int]]:
    lo = hi = None
    if prev.end and nxt.start:
        if nxt.start.earliest and prev.end.latest:
            lo = (nxt.start.earliest - prev.end.latest).days - 1
        if nxt.start.latest and prev.end.earliest:
            hi = (nxt.start.latest - prev.end.earliest).days - 1
    else:
        pc, nc = prev.certain_range(), nxt.certain_range()
        if pc and nc and nc[0] <= pc[1]:
            hi = (nc[0] - pc[1]).days - 1   # certainly overlapping by at least that
    return lo, hi


def _change_date(prev: Span, nxt: Span) -> DateValue:
    """The next tenure's start; if unknown, bounds assuming succession.

    Then the change lies after the previous tenure's end (earliest bound) or,
    failing that, its last sighting, and no later than the next holder's
    first sighting (latest bound) or the next tenure's end.
    """
    if nxt.start is not None:
        return nxt.start
    if prev.end is not None:
        lo = prev.end.earliest
    else:
        lo = max((s.earliest for s in prev.seen if s.earliest), default=None)
        if prev.start is not None and prev.start.earliest:
            lo = max(lo or prev.start.earliest, prev.start.earliest)
    his = [s.latest for s in nxt.seen if s.latest]
    if nxt.end is not None and nxt.end.latest:
        his.append(nxt.end.latest)
    hi = min(his, default=None)
    return DateValue(None, lo, hi, "bounded",
                     "next tenure's start unknown: bounded by the previous tenure's end "
                     "(or last sighting) and the next holder's first sighting")


def leadership_changes(G: nx.MultiDiGraph, org: Optional[str] = None,
                       role: Optional[str] = None) -> list[LeadershipChange]:
    """Consecutive tenures of each post, as changes (see the module docstring).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(month(2015, 1), day(2016, 6, 30)))
    >>> _ = G.add_edge("cat", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(month(2016, 7), None))
    >>> [(c.previous_person, c.next_person, c.date.literal, c.gap_days, c.relation)
    ...  for c in leadership_changes(G)]
    [('ann', 'cat', '2016-07', (0, 30), 'uncertain')]
    """
    out = []
    for (o, r), seq in sorted(tenure_sequences(G, org, role).items()):
        for (pu, _, pk, pd), (nu, _, nk, nd) in zip(seq, seq[1:]):
            unnamed = G.nodes[pu].get("unnamed") or G.nodes[nu].get("unnamed")
            out.append(LeadershipChange(o, r, pk, nk, pu, nu,
                                        _change_date(pd["span"], nd["span"]),
                                        _gap(pd["span"], nd["span"]),
                                        None if unnamed else pu == nu))
    return out
