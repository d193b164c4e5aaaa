"""Dates as the graph states them: a value at its own precision plus bounds.

The viewer never sharpens a date: "2018-04" stays a month, bounds-only stays
"between ... and ...". Months ("YYYY-MM") are the explorer's time steps.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Instant", "month_of", "months_between", "describe_span"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


@dataclass(frozen=True)
class Instant:
    """One time:Instant: stated value (xsd:date/gYearMonth/gYear lexical) and inclusive bounds."""

    value: str | None = None
    earliest: str | None = None
    latest: str | None = None
    qualifier: str | None = None
    comment: str | None = None

    def text(self) -> str:
        """Human text at the stated precision, else the bounds."""
        if self.value:
            return _value_text(self.value)
        if self.earliest and self.latest:
            if self.earliest == self.latest:
                return _value_text(self.earliest)
            return f"between {_value_text(self.earliest)} and {_value_text(self.latest)}"
        if self.earliest:
            return f"not before {_value_text(self.earliest)}"
        if self.latest:
            return f"not after {_value_text(self.latest)}"
        return "unknown"

    @property
    def sort_key(self) -> str:
        return self.earliest or self.value or self.latest or "9999"


def _value_text(v: str) -> str:
    parts = v.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return v


def month_of(d: str | None) -> str | None:
    """'2019-10-25' -> '2019-10'; None stays None."""
    return d[:7] if d else None


def months_between(first: str, last: str) -> list[str]:
    """Every month from first to last inclusive ('YYYY-MM' strings)."""
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def describe_span(start: Instant | None, end: Instant | None) -> str:
    """'April 2018 – between 25 October 2019 and 31 March 2020' (unknown ends stay open)."""
    s = start.text() if start else "start unknown"
    e = end.text() if end else "end unknown"
    return f"{s} – {e}"


def today_month() -> str:
    return date.today().isoformat()[:7]
