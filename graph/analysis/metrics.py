"""Leadership and intervention metrics per council and period, with bounds.

Every function takes the projected network (:func:`graph.analysis.project`)
and returns :class:`~graph.analysis.figures.Figure` values (or rows holding
them), so each number says whether it is exact or only bounded by the dates'
precision. Periods are inclusive ``(first_day, last_day)`` pairs. Role and
status keys are parameters (keys of the role and tenure-status schemes);
grade order is read from the graph's grade scheme (``G.graph["grade_order"]``,
filled from ``csg:gradeOrder``), never from a Python list.

An inspection's *grade* here is its worst judgement (highest
``csg:gradeOrder``): the same rule for every framework, including those that
have no overall-effectiveness judgement.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Optional, Sequence

import networkx as nx

from graph.model import DateValue

from .derive_events import leadership_changes, tenure_sequences
from .figures import Figure
from .spans import Span, days_between
from .terms import check_keys

__all__ = ["dcs_changes", "tenure_lengths", "mean_tenure", "median_tenure", "interim_share",
           "graded_inspections", "changes_before_judgements", "JudgementRow",
           "intervention_grades", "InterventionRow", "months_before"]

Period = tuple[date, date]
ACTING_STATUSES = ("interim", "acting")
"""Default tenure-status keys counted as non-permanent leadership (a parameter)."""


def _in_period(dv: DateValue, period: Optional[Period]) -> tuple[bool, bool]:
    """(certainly in period, possibly in period) for a date with bounds."""
    if period is None:
        return True, True
    lo, hi = dv.earliest or date.min, dv.latest or date.max
    return period[0] <= lo and hi <= period[1], lo <= period[1] and period[0] <= hi


def dcs_changes(G: nx.MultiDiGraph, council: str, period: Optional[Period] = None,
                role: str = "dcs") -> Figure:
    """Number of changes of holder of ``role`` at ``council`` dated within ``period``.

    Low counts changes whose date bounds lie wholly in the period, high those
    whose bounds meet it. A change between two tenures of the same person (a
    change of status) is not a change of holder; one with an unnamed holder on
    either side may or may not be (identity unknown), so it counts in the high
    bound only. Without a period, every change's date counts as in it.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(month(2015, 1), day(2016, 6, 30)))
    >>> _ = G.add_edge("cat", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(day(2016, 7, 1), month(2016, 12)))
    >>> _ = G.add_edge("bob", "c", key="t3", kind="held-post", role="dcs",
    ...                span=Span(month(2016, 12), None))
    >>> dcs_changes(G, "c")
    Figure(value=2, low=2, high=2, exact=True)
    >>> dcs_changes(G, "c", (date(2016, 1, 1), date(2016, 12, 15)))
    Figure(value=1.5, low=1, high=2, exact=False)
    """
    lo = hi = 0
    for c in leadership_changes(G, org=council, role=role):
        if c.holder_change == "no":
            continue
        sure, maybe = _in_period(c.date, period)
        lo += sure and c.holder_change == "yes"
        hi += maybe
    return Figure.between(lo, hi)


def tenure_lengths(G: nx.MultiDiGraph, council: str, role: str = "dcs",
                   completed_only: bool = False, period: Optional[Period] = None
                   ) -> list[tuple[str, str, Figure]]:
    """Length in days (end minus start) of each tenure of ``role``: (tenure, person, Figure).

    Low/high come from the start and end bounds; a tenure with an unknown end
    has no upper bound (and a lower bound only from its sightings).
    ``completed_only`` keeps tenures with a known end; ``period`` keeps the
    tenures that may have been held on some day of it (whole lengths, not clipped).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(day(2016, 7, 1), day(2016, 12, 31)))
    >>> _ = G.add_edge("bob", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(month(2017, 1), day(2017, 3, 31)))
    >>> [(p, str(f)) for _, p, f in tenure_lengths(G, "c")]
    [('ann', '183'), ('bob', '59..89')]
    """
    out = []
    for u, _, k, d in tenure_sequences(G, council, role).get((council, role), []):
        span: Span = d["span"]
        if completed_only and span.end is None:
            continue
        if period is not None:
            lo_, hi_ = span.possible_range()
            if (lo_ and lo_ > period[1]) or (hi_ and hi_ < period[0]):
                continue
        lo, hi = span.length_days()
        out.append((k, u, Figure.of(lo) if span.exact else Figure.between(lo, hi)))
    return out


def mean_tenure(G: nx.MultiDiGraph, council: str, role: str = "dcs",
                completed_only: bool = False, period: Optional[Period] = None) -> Optional[Figure]:
    """Mean tenure length in days (bounds: the mean of the lows and of the highs).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(day(2016, 7, 1), day(2016, 12, 31)))
    >>> _ = G.add_edge("bob", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(month(2017, 1), day(2017, 3, 31)))
    >>> mean_tenure(G, "c")
    Figure(value=128.5, low=121, high=136, exact=False)
    """
    return Figure.aggregate([f for _, _, f in tenure_lengths(G, council, role, completed_only, period)])


def median_tenure(G: nx.MultiDiGraph, council: str, role: str = "dcs",
                  completed_only: bool = False, period: Optional[Period] = None) -> Optional[Figure]:
    """Median tenure length in days (bounds: the median of the lows and of the highs).

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day
    >>> G = nx.MultiDiGraph()
    >>> for i, (s, e) in enumerate([((2016, 1, 1), (2016, 1, 11)), ((2016, 2, 1), (2016, 2, 3)),
    ...                             ((2016, 3, 1), (2016, 3, 31))]):
    ...     _ = G.add_edge(f"p{i}", "c", key=f"t{i}", kind="held-post", role="dcs",
    ...                    span=Span(day(*s), day(*e)))
    >>> median_tenure(G, "c")
    Figure(value=10, low=10, high=10, exact=True)
    """
    return Figure.aggregate([f for _, _, f in tenure_lengths(G, council, role, completed_only, period)],
                            how=statistics.median)


def interim_share(G: nx.MultiDiGraph, council: str, period: Period, role: str = "dcs",
                  statuses: Sequence[str] = ACTING_STATUSES) -> Figure:
    """Share of the period's days on which ``role`` was held by an interim or acting holder.

    Low: days certainly covered by such a tenure; high: days possibly covered
    (an unknown end stays possible to the end of the period); both divided by
    the days in the period.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("cat", "c", key="t1", kind="held-post", role="dcs",
    ...                tenure_status="interim", span=Span(day(2016, 7, 1), day(2016, 12, 31)))
    >>> interim_share(G, "c", (date(2016, 1, 1), date(2016, 12, 31))).value == 184 / 366
    True
    """
    check_keys("tenure-status", statuses, "interim_share(statuses)")
    total = days_between(*period)
    certain: set[date] = set()
    possible: set[date] = set()
    for _, _, _, d in tenure_sequences(G, council, role).get((council, role), []):
        if d.get("tenure_status") not in statuses:
            continue
        span: Span = d["span"]
        c = span.certain_range()
        if c:
            certain |= _days(max(c[0], period[0]), min(c[1], period[1]))
        lo, hi = span.possible_range()
        possible |= _days(max(lo or period[0], period[0]), min(hi or period[1], period[1]))
    return Figure.between(len(certain) / total, len(possible) / total)


def _days(a: date, b: date) -> set[date]:
    return {a + timedelta(days=i) for i in range(days_between(a, b))}


def months_before(d: date, months: int) -> date:
    """The same day ``months`` earlier (clipped to the month's end)."""
    y, m = divmod(d.month - 1 - months, 12)
    y, m = d.year + y, m + 1
    for day_ in (d.day, 30, 29, 28):
        try:
            return date(y, m, day_)
        except ValueError:
            continue
    raise ValueError(d)


def graded_inspections(G: nx.MultiDiGraph, council: Optional[str] = None) -> list[tuple]:
    """Inspections with judgements: (inspection, council, date, worst order, worst grade key).

    Ordered by date (publication, else last on-site day). The worst grade is
    the judgement with the highest ``csg:gradeOrder`` (order read from the graph).
    """
    from .derive_events import inspection_date
    out = []
    for i, d in G.nodes(data=True):
        if d.get("kind") != "inspection" or (council and d.get("council") != council):
            continue
        js = [j for j in d.get("judgements", []) if j.get("order") is not None]
        when, _ = inspection_date(d)
        if not js or when is None:
            continue
        worst = max(js, key=lambda j: j["order"])
        out.append((i, d.get("council"), when, worst["order"], worst["grade"]))
    return sorted(out, key=lambda r: (r[1], r[2].earliest or date.min, r[0]))


def _changes_within(G, council: str, when: DateValue, months: int, role: str) -> Figure:
    """Changes in the ``months`` before a date with bounds.

    Certain: within the window every possible date shares, ``(latest - months,
    earliest]``; possible: within the union, ``(earliest - months, latest]``.
    """
    wide = (months_before(when.earliest, months) + timedelta(days=1), when.latest)
    narrow = (months_before(when.latest, months) + timedelta(days=1), when.earliest)
    hi = dcs_changes(G, council, wide, role).high
    lo = dcs_changes(G, council, narrow, role).low if narrow[0] <= narrow[1] else 0
    return Figure.between(lo, hi)


@dataclass
class JudgementRow:
    inspection: str
    council: str
    date: DateValue
    grade: str
    order: int
    changes_before: Figure
    next_inspection: Optional[str] = None
    next_grade: Optional[str] = None
    direction: Optional[str] = None   # improved / declined / same / None (no later grade)


def changes_before_judgements(G: nx.MultiDiGraph, council: Optional[str] = None,
                              months: int = 12, role: str = "dcs") -> list[JudgementRow]:
    """Leadership changes in the ``months`` before each graded inspection, and the next grade.

    The window is ``(date - months, date]`` on the date the judgements were
    made (:func:`~graph.analysis.derive_events.inspection_date`: last on-site
    day, else publication); the count is bounded by the change dates' bounds
    and the judgement date's own (see :func:`dcs_changes`). ``direction`` compares the worst grade with that of
    the council's next graded inspection.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day
    >>> G = nx.MultiDiGraph(grade_order={})
    >>> _ = G.add_edge("ann", "c", key="t1", kind="held-post", role="dcs",
    ...                span=Span(day(2015, 1, 1), day(2016, 6, 30)))
    >>> _ = G.add_edge("cat", "c", key="t2", kind="held-post", role="dcs",
    ...                span=Span(day(2016, 7, 1), None))
    >>> G.add_node("i1", kind="inspection", council="c", published=day(2016, 9, 1),
    ...            judgements=[{"grade": "inadequate", "order": 4}])
    >>> G.add_node("i2", kind="inspection", council="c", published=day(2019, 9, 1),
    ...            judgements=[{"grade": "good", "order": 2}])
    >>> [(r.inspection, str(r.changes_before), r.direction) for r in changes_before_judgements(G)]
    [('i1', '1', 'improved'), ('i2', '0', None)]
    """
    rows = graded_inspections(G, council)
    out = []
    for n, (i, c, when, order, grade) in enumerate(rows):
        fig = _changes_within(G, c, when, months, role) if c else Figure.of(0)
        row = JudgementRow(i, c, when, grade, order, fig)
        nxt = next((r for r in rows[n + 1:] if r[1] == c), None)
        if nxt:
            row.next_inspection, row.next_grade = nxt[0], nxt[4]
            row.direction = ("improved" if nxt[3] < order else
                             "declined" if nxt[3] > order else "same")
        out.append(row)
    return out


@dataclass
class InterventionRow:
    """One partnership or intervention at one council, and the grades around it."""

    arrangement: str
    kind: str                       # partnership / intervention
    type: Optional[str]
    council: str
    duration: Figure                # days
    before: Optional[tuple] = None  # (inspection, grade key) last graded before the start
    during: list = field(default_factory=list)
    after: Optional[tuple] = None   # first graded after the end


def intervention_grades(G: nx.MultiDiGraph, council: Optional[str] = None) -> list[InterventionRow]:
    """Duration of each partnership / intervention and its council's grades before, during, after.

    Before: the last graded inspection published certainly before the
    earliest start; after: the first certainly after the latest end (none
    when the end is unknown); during: those published within the possible
    range. Duration in days from the start and end bounds (unbounded above
    when the end is unknown). An arrangement with no date at all has no
    before, during or after. A member that is not a council (a children's
    services trust) has no row: it has no council grades.

    Examples
    --------
    >>> from graph.analysis.spans import Span
    >>> from graph.temporal import day, month
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("c", kind="council")
    >>> _ = G.add_edge("c", "p", key="m", kind="member-of", span=Span(month(2018, 4), month(2019, 3)))
    >>> G.nodes["p"].update(kind="partnership", type="contractual-partnership")
    >>> G.add_node("i1", kind="inspection", council="c", published=day(2017, 1, 9),
    ...            judgements=[{"grade": "inadequate", "order": 4}])
    >>> r = intervention_grades(G)[0]
    >>> (r.council, str(r.duration), r.before, r.after)
    ('c', '305..364', ('i1', 'inadequate'), None)
    """
    graded = graded_inspections(G)
    out = []
    for u, v, d in G.edges(data=True):
        kind = d.get("kind")
        if kind == "member-of":
            arr, c = v, u
            if G.nodes[c].get("kind") != "council":  # a trust or company member: not a council's row
                continue
        elif kind == "intervened-in":
            arr, c = u, v
        else:
            continue
        if council and c != council:
            continue
        span: Span = d["span"]
        lo, hi = span.length_days()
        if span.end is None:
            hi = None
        row = InterventionRow(arr, "partnership" if kind == "member-of" else "intervention",
                              G.nodes[arr].get("type"), c, Figure.between(lo, hi))
        s_lo = span.start.earliest if span.start else None
        e_hi = span.end.latest if span.end else None
        for i, ci, when, _, grade in graded:
            if ci != c or (s_lo is None and e_hi is None):   # undated: nothing to compare
                continue
            if s_lo and when.latest and when.latest < s_lo:
                row.before = (i, grade)
            elif e_hi and when.earliest and when.earliest > e_hi:
                row.after = row.after or (i, grade)
            elif s_lo is None or (when.latest and when.latest >= s_lo):
                row.during.append((i, grade))
        out.append(row)
    return sorted(out, key=lambda r: (r.council, r.arrangement))
