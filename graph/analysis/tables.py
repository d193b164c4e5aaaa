"""The analysis as tables (pandas DataFrames) for the CLI, CSV files and notebooks.

Every bounded figure becomes three columns: ``<name>`` (the exact value or
midpoint, empty when unbounded), ``<name>_low``, ``<name>_high``, plus
``<name>_exact``.
"""
from __future__ import annotations

from datetime import date
from typing import Optional

import networkx as nx
import pandas as pd

from .derive_events import judgement_contexts, leadership_changes
from .figures import Figure
from .metrics import (changes_before_judgements, dcs_changes, intervention_grades,
                      interim_share, mean_tenure, median_tenure)
from .network_metrics import betweenness_by_year, bridges, components_by_year, returning_inspectors
from .story import date_text, display_label

__all__ = ["data_period", "instability_table", "changes_table", "contexts_table",
           "judgements_table", "interventions_table", "network_by_year_table", "bridges_table",
           "returning_inspectors_table"]


def _fig(name: str, f: Optional[Figure]) -> dict:
    if f is None:
        return {name: None, f"{name}_low": None, f"{name}_high": None, f"{name}_exact": None}
    return {name: f.value, f"{name}_low": f.low, f"{name}_high": f.high, f"{name}_exact": f.exact}


_label = display_label


def data_period(G: nx.MultiDiGraph) -> tuple[date, date]:
    """First and last day any tenure bound or sighting mentions (the default period)."""
    ds = []
    for _, _, d in G.edges(data=True):
        if d.get("kind") != "held-post":
            continue
        sp = d["span"]
        for inst in (sp.start, sp.end, *sp.seen):
            if inst is not None:
                ds += [x for x in (inst.earliest, inst.latest) if x]
    if not ds:
        return date(2000, 1, 1), date(2000, 12, 31)
    return date(min(ds).year, 1, 1), date(max(ds).year, 12, 31)


def instability_table(G: nx.MultiDiGraph, period: Optional[tuple[date, date]] = None,
                      role: str = "dcs") -> pd.DataFrame:
    """Councils with tenures of ``role``, ranked by changes (high bound), then interim share."""
    period = period or data_period(G)
    rows = []
    councils = sorted({v for _, v, d in G.edges(data=True)
                       if d.get("kind") == "held-post" and d.get("role") == role
                       and G.nodes[v].get("kind") == "council"})
    for c in councils:
        holders = {u for u, _, d in G.in_edges(c, data=True)
                   if d.get("kind") == "held-post" and d.get("role") == role}
        rows.append({"council": _label(G, c), "iri": c, "holders": len(holders),
                     **_fig("changes", dcs_changes(G, c, period, role)),
                     **_fig("mean_tenure_days", mean_tenure(G, c, role, period=period)),
                     **_fig("median_tenure_days", median_tenure(G, c, role, period=period)),
                     **_fig("interim_share", interim_share(G, c, period, role)),
                     "period": f"{period[0]}..{period[1]}"})
    df = pd.DataFrame(rows)
    if len(df):
        df = df.sort_values(["changes_high", "interim_share_high", "council"],
                            ascending=[False, False, True]).reset_index(drop=True)
    return df


def changes_table(G: nx.MultiDiGraph, role: Optional[str] = None) -> pd.DataFrame:
    return pd.DataFrame([{
        "council": _label(G, c.org), "role": c.role, "previous": _label(G, c.previous_person),
        "next": _label(G, c.next_person), "date": date_text(c.date),
        "date_earliest": c.date.earliest, "date_latest": c.date.latest,
        "gap_days_low": c.gap_days[0], "gap_days_high": c.gap_days[1], "relation": c.relation,
        "previous_tenure": c.previous, "next_tenure": c.next} for c in leadership_changes(G, role=role)])


def contexts_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    rows = []
    for ctx in judgement_contexts(G):
        base = {"inspection": ctx.inspection, "council": _label(G, ctx.org),
                "date": date_text(ctx.date), "basis": ctx.basis,
                "judgements": len(ctx.judgements)}
        if not ctx.holders:
            rows.append({**base, "role": None, "holder": None, "status": None, "tenure": None})
        for t, role, person, st in ctx.holders:
            rows.append({**base, "role": role, "holder": _label(G, person), "status": st,
                         "tenure": t})
    return pd.DataFrame(rows)


def judgements_table(G: nx.MultiDiGraph, months: int = 12, role: str = "dcs") -> pd.DataFrame:
    return pd.DataFrame([{
        "inspection": r.inspection, "council": _label(G, r.council), "date": date_text(r.date),
        "grade": r.grade, "grade_order": r.order, **_fig("changes_before", r.changes_before),
        "next_inspection": r.next_inspection, "next_grade": r.next_grade,
        "direction": r.direction} for r in changes_before_judgements(G, months=months, role=role)])


def interventions_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    return pd.DataFrame([{
        "arrangement": _label(G, r.arrangement), "iri": r.arrangement, "kind": r.kind,
        "type": r.type, "council": _label(G, r.council), **_fig("duration_days", r.duration),
        "grade_before": r.before[1] if r.before else None,
        "grades_during": "; ".join(g for _, g in r.during),
        "grade_after": r.after[1] if r.after else None} for r in intervention_grades(G)])


def network_by_year_table(G: nx.MultiDiGraph, years, k: Optional[int] = None,
                          seed: int = 0, certain: bool = False) -> pd.DataFrame:
    """Per year: components, largest component, and the most between person.

    Uses edges that possibly held in the year (an upper bound on
    connectivity), or with ``certain`` only those certainly held on some day
    of it (a lower bound); ``betweenness_approximate`` says whether ``k``
    pivots were sampled.
    """
    comps = components_by_year(G, years, certain=certain)
    rows = []
    for b in betweenness_by_year(G, years, k=k, seed=seed, certain=certain):
        top = max(b.scores, key=b.scores.get) if b.scores else None
        cs = comps[b.year]
        rows.append({"year": b.year, "components": len(cs),
                     "largest_component": len(cs[0]) if cs else 0,
                     "top_bridge": _label(G, top) if top and b.scores[top] > 0 else None,
                     "top_betweenness": b.scores.get(top) if top else None,
                     "betweenness_approximate": b.approximate, "k": b.k,
                     "edges": "certainly held" if certain else "possibly held"})
    return pd.DataFrame(rows)


def bridges_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    return pd.DataFrame([{"person": _label(G, p), "councils": "; ".join(_label(G, c) for c in cs),
                          "count": len(cs), "iri": p} for p, cs in bridges(G)])


def returning_inspectors_table(G: nx.MultiDiGraph) -> pd.DataFrame:
    return pd.DataFrame([{"inspector": _label(G, p), "council": _label(G, c), "visits": len(i),
                          "inspections": " ".join(i)} for p, c, i in returning_inspectors(G)])
