"""Temporal network analysis of the csgkg graph (RDF -> NetworkX).

Builds on the core (store, model, temporal) and never the reverse. The
public API, by module:

- projection: ``project(source)`` -> typed, dated ``MultiDiGraph``
- spans: ``Span`` (certain / possible day ranges from date bounds)
- snapshot: ``snapshot(G, day)``, ``changes(G, d1, d2)``
- derive_events: ``leadership_changes``, ``partnership_changes``,
  ``judgement_contexts``, ``derive(G)`` -> rdflib Graph for gr:derived
- metrics / network_metrics: bounded ``Figure`` metrics
- exports: GraphML, dynamic GEXF 1.3, CSV, JSON
- notebook: ``load``, ``query_df``, ``council_timeline``, ``show_network``
- cli: ``main(argv)`` (the ``analyse`` command)
"""
import importlib

from .derive_events import (JudgementContext, LeadershipChange, PartnershipChange, derive,
                            judgement_contexts, leadership_changes, partnership_changes)
from .figures import Figure
from .metrics import (changes_before_judgements, dcs_changes, interim_share, intervention_grades,
                      mean_tenure, median_tenure, tenure_lengths)
from .network_metrics import (betweenness_by_year, bridges, components_by_year,
                              returning_inspectors, year_graph)
from .projection import EDGE_KINDS, NODE_KINDS, project
from .snapshot import Changes, changes, snapshot
from .spans import Span
from .story import council_story, find_council

# name -> submodule, imported on first use: these load pandas, which the build's
# derived-events stage (projection and derive_events only) has no use for
_WHERE = {
    "exports": ("check_gexf", "flatten", "to_json", "write_all", "write_csv", "write_gexf", "write_graphml"),
    "notebook": ("council_timeline", "load", "query_df", "show_network"),
}
_MODULE_OF = {name: module for module, names in _WHERE.items() for name in names}


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_MODULE_OF))


__all__ = [
    "project", "EDGE_KINDS", "NODE_KINDS", "Span", "snapshot", "changes", "Changes",
    "LeadershipChange", "PartnershipChange", "JudgementContext", "leadership_changes",
    "partnership_changes", "judgement_contexts", "derive", "Figure", "dcs_changes",
    "tenure_lengths", "mean_tenure", "median_tenure", "interim_share",
    "changes_before_judgements", "intervention_grades", "bridges", "betweenness_by_year",
    "returning_inspectors", "components_by_year", "year_graph", "flatten", "write_graphml",
    "write_gexf", "check_gexf", "write_csv", "to_json", "write_all", "load", "query_df",
    "council_timeline", "show_network", "council_story", "find_council",
]
