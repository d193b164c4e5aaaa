"""Charts: a Gantt-style timeline of a council's tenures, an indicator over time.

matplotlib with the Agg backend (no display needed). Certain days are drawn
solid, merely possible days pale; an open side (unknown start or end) fades
out to the edge of the chart instead of pretending to a date.
"""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Iterable, Optional

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from .derive_events import inspection_date, tenure_sequences  # noqa: E402
from .story import display_label  # noqa: E402

__all__ = ["tenure_timeline", "indicator_chart"]


def _dates_of(seq) -> list[date]:
    out = []
    for *_, d in seq:
        sp = d["span"]
        for inst in (sp.start, sp.end, *sp.seen):
            if inst is not None:
                out += [x for x in (inst.earliest, inst.latest) if x]
    return out


def tenure_timeline(G: nx.MultiDiGraph, council: str, path, roles: Optional[Iterable[str]] = None
                    ) -> Path:
    """Write a PNG: one bar per tenure at ``council`` (grouped by role), inspections as lines."""
    path = Path(path)
    seqs = tenure_sequences(G, council)
    rows = [(r, e) for (o, r), seq in sorted(seqs.items()) if roles is None or r in roles for e in seq]
    inspections = [(i, *inspection_date(d)) for i, d in G.nodes(data=True)
                   if d.get("kind") == "inspection" and d.get("council") == council]
    known = _dates_of(e for _, e in rows) + [w.earliest for _, w, _ in inspections if w and w.earliest]
    lo = min(known, default=date(2015, 1, 1)) - timedelta(days=180)
    hi = max(known, default=date(2020, 1, 1)) + timedelta(days=180)
    fig, ax = plt.subplots(figsize=(11, 1.2 + 0.45 * max(1, len(rows))))
    labels = []
    for y, (role, (u, _, _, d)) in enumerate(rows):
        sp = d["span"]
        p_lo, p_hi = sp.possible_range()
        a, b = max(p_lo or lo, lo), min(p_hi or hi, hi)
        ax.barh(y, (b - a).days, left=a, height=0.6, color="#e08214", alpha=0.25,
                hatch="//" if p_lo is None or p_hi is None else None, edgecolor="#e08214")
        c = sp.certain_range()
        if c:
            ax.barh(y, max(1, (c[1] - c[0]).days), left=c[0], height=0.6, color="#e08214")
        for s in sp.seen:
            if s.earliest:
                ax.plot([s.earliest], [y], "k|", markersize=12)
        status = f" ({d['tenure_status']})" if d.get("tenure_status") else ""
        labels.append(f"{role}: {display_label(G, u)[:60]}{status}")
    for _, when, _ in inspections:
        if when and when.earliest:
            ax.axvline(when.earliest, color="#b2182b", linewidth=0.8, linestyle="--")
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    ax.set_ylim(-0.8, max(1, len(rows)) - 0.2)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.invert_yaxis()
    ax.set_title(f"Tenures at {G.nodes[council].get('label', council)} "
                 "(solid: certain; pale: possible; hatched: open side; dashed: inspections)",
                 fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def indicator_chart(df, path, title: str = "") -> Path:
    """Write a PNG of an indicator over time, one line per council and scope.

    ``df`` has the columns of the contract query ``queries/indicators.rq``
    (``orgName``, ``scope``, ``value``, ``dateEarliest``, ``dateLatest``,
    ``unitLabel``); a value whose date is a range is drawn at its midpoint
    with a horizontal bar spanning the range.
    """
    path = Path(path)
    fig, ax = plt.subplots(figsize=(9, 4.5))
    df = df.dropna(subset=["value", "dateEarliest"]).copy()
    for (org, scope), grp in df.groupby(["orgName", "scope"], dropna=False):
        e = [date.fromisoformat(str(x)[:10]) for x in grp["dateEarliest"]]
        late = [date.fromisoformat(str(x)[:10]) if x == x and x is not None else a
                for x, a in zip(grp["dateLatest"], e)]
        mid = [a + (b - a) / 2 for a, b in zip(e, late)]
        vals = [float(v) for v in grp["value"]]
        order = sorted(range(len(mid)), key=mid.__getitem__)
        ax.errorbar([mid[i] for i in order], [vals[i] for i in order],
                    xerr=[[(mid[i] - e[i]) for i in order], [(late[i] - mid[i]) for i in order]],
                    marker="o", capsize=3, label=f"{org}" + (f" ({scope})" if scope and scope != "council" else ""))
    units = sorted({str(u) for u in df.get("unitLabel", []) if u == u and u is not None})
    ax.set_ylabel(", ".join(units) or "value")
    ax.set_title(title or "indicator over time", fontsize=10)
    if len(df):
        ax.legend(fontsize=7)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
