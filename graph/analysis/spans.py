"""When an edge of the network held: certain and possible spans from date bounds.

Every dated fact in the graph (a tenure, a partnership's life, an inspection's
fieldwork) has a start and an end instant, each with inclusive earliest and
latest bounds, and may have dated sightings (``csg:inPostOn``: "the source
shows the holder in post on that date"). This module turns those into two
day ranges, so that a question "did it hold on day d?" has three answers.

The rule (used by :mod:`graph.analysis.snapshot` and the metrics):

* **certain** on the days ``[certain_from, certain_until]`` where
  ``certain_from`` is the earliest of ``start.latest`` and the ``latest``
  bound of every sighting, and ``certain_until`` is the latest of
  ``end.earliest`` and the ``earliest`` bound of every sighting. Both anchors
  are needed: a known start without a known end (and no sighting) is never
  certain on any day, because nothing says the spell lasted past its first
  day. A spell is one unbroken period, so being in post at two sightings
  means being in post on every day between them.
* **possible** on the days ``[possible_from, possible_until]`` where
  ``possible_from`` is ``start.earliest`` and ``possible_until`` is
  ``end.latest``; an unknown side (no instant, or no bound) is open
  (``None``). So an unknown end never means "current": after its last
  evidence a spell is at most *possible*, and it stays possible for ever,
  which is what "unknown" honestly means. Callers that want a horizon clip
  with their own period.

>>> from graph.model import DateValue
>>> from datetime import date
>>> s = Span(start=DateValue("2016-07", date(2016, 7, 1), date(2016, 7, 31)),
...          seen=(DateValue("2018-08-24", date(2018, 8, 24), date(2018, 8, 24)),))
>>> s.certain_range()
(datetime.date(2016, 7, 31), datetime.date(2018, 8, 24))
>>> s.status_on(date(2018, 1, 1)), s.status_on(date(2019, 1, 1)), s.status_on(date(2016, 1, 1))
('certain', 'possible', None)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from graph.model import DateValue

__all__ = ["Span", "CERTAIN", "POSSIBLE", "days_between", "overlap_days"]

CERTAIN = "certain"
POSSIBLE = "possible"

Range = tuple[Optional[date], Optional[date]]


def _min(*xs: Optional[date]) -> Optional[date]:
    xs = [x for x in xs if x is not None]
    return min(xs) if xs else None


def _max(*xs: Optional[date]) -> Optional[date]:
    xs = [x for x in xs if x is not None]
    return max(xs) if xs else None


@dataclass(frozen=True)
class Span:
    """The start, end and sightings of one dated fact (all optional)."""

    start: Optional[DateValue] = None
    end: Optional[DateValue] = None
    seen: tuple[DateValue, ...] = field(default_factory=tuple)

    def certain_range(self) -> Optional[tuple[date, date]]:
        """Days on which the fact certainly held, or None when there are none."""
        lo = _min(self.start.latest if self.start else None,
                  *(s.latest for s in self.seen))
        hi = _max(self.end.earliest if self.end else None,
                  *(s.earliest for s in self.seen))
        if lo is None or hi is None or lo > hi:
            return None
        return lo, hi

    def possible_range(self) -> Range:
        """Days on which the fact may have held; ``None`` on a side means open."""
        lo = self.start.earliest if self.start else None
        hi = self.end.latest if self.end else None
        return lo, hi

    def status_on(self, day: date) -> Optional[str]:
        """``"certain"``, ``"possible"`` or None (certainly not) on ``day``."""
        c = self.certain_range()
        if c and c[0] <= day <= c[1]:
            return CERTAIN
        lo, hi = self.possible_range()
        if (lo is None or lo <= day) and (hi is None or day <= hi):
            return POSSIBLE
        return None

    def length_days(self) -> tuple[Optional[int], Optional[int]]:
        """Bounds on the length in days (end minus start); high ``None`` = unbounded.

        The low bound is the certain range's length when the start or end is
        unknown but sightings exist (the spell lasted at least that long), else 0.
        """
        lo = hi = None
        if self.start and self.end and self.start.latest and self.end.earliest:
            lo = max(0, (self.end.earliest - self.start.latest).days)
        else:
            c = self.certain_range()
            lo = (c[1] - c[0]).days if c else 0
        if self.start and self.end and self.start.earliest and self.end.latest:
            hi = (self.end.latest - self.start.earliest).days
        return lo, hi

    @property
    def exact(self) -> bool:
        """True when start and end are both known to the day."""
        return bool(self.start and self.end and self.start.earliest and
                    self.start.earliest == self.start.latest and
                    self.end.earliest == self.end.latest and self.end.earliest)


def days_between(a: date, b: date) -> int:
    """Number of days in the inclusive range ``[a, b]`` (0 when b < a)."""
    return max(0, (b - a).days + 1)


def overlap_days(r: Range, period: tuple[date, date]) -> int:
    """Days of the inclusive ``period`` inside range ``r`` (open sides admit all)."""
    lo = period[0] if r[0] is None else max(r[0], period[0])
    hi = period[1] if r[1] is None else min(r[1], period[1])
    return days_between(lo, hi)
