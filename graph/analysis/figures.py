"""A number with its bounds: every metric says whether it is exact or bounded.

Dates in this field are often months, years or only bounds, so most figures
are intervals. ``Figure.low``/``high`` bound the true value (``None`` =
unbounded on that side, for example a tenure whose end is unknown);
``exact`` is True when the bounds coincide; ``value`` is the exact value,
else the midpoint of finite bounds, else None (no pretend precision).

>>> Figure.of(3)
Figure(value=3, low=3, high=3, exact=True)
>>> Figure.between(2, 4).value, Figure.between(2, None).value
(3.0, None)
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Optional, Sequence

__all__ = ["Figure"]

Num = Optional[float]


@dataclass(frozen=True)
class Figure:
    value: Num
    low: Num
    high: Num
    exact: bool

    @classmethod
    def of(cls, x: float) -> "Figure":
        return cls(x, x, x, True)

    @classmethod
    def between(cls, low: Num, high: Num) -> "Figure":
        if low is not None and high is not None and low == high:
            return cls.of(low)
        mid = (low + high) / 2 if low is not None and high is not None else None
        return cls(mid, low, high, False)

    @classmethod
    def aggregate(cls, figs: Sequence["Figure"], how=statistics.mean) -> Optional["Figure"]:
        """Mean/median (any monotone ``how``) of several figures, bounds by bounds.

        Valid because the statistic is monotone in each input: the statistic of
        the lows bounds it from below, of the highs from above. One unbounded
        input makes that side unbounded.
        """
        if not figs:
            return None
        lows = [f.low for f in figs]
        highs = [f.high for f in figs]
        lo = None if any(x is None for x in lows) else how(lows)
        hi = None if any(x is None for x in highs) else how(highs)
        if all(f.exact for f in figs):
            return cls.of(lo)
        return cls.between(lo, hi)

    def __str__(self) -> str:
        if self.exact:
            return _fmt(self.value)
        return f"{_fmt(self.low) if self.low is not None else '?'}..{_fmt(self.high) if self.high is not None else '?'}"


def _fmt(x) -> str:
    if isinstance(x, float) and not x.is_integer():
        return f"{x:.3g}" if abs(x) < 1 else f"{x:.1f}"
    return str(int(x)) if isinstance(x, float) else str(x)
