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
from .derive_events import (JudgementContext, LeadershipChange, PartnershipChange, derive,
                            judgement_contexts, leadership_changes, partnership_changes)
from .exports import check_gexf, flatten, to_json, write_all, write_csv, write_gexf, write_graphml
from .figures import Figure
from .metrics import (changes_before_judgements, dcs_changes, interim_share, intervention_grades,
                      mean_tenure, median_tenure, tenure_lengths)
from .network_metrics import (betweenness_by_year, bridges, components_by_year,
                              returning_inspectors, year_graph)
from .notebook import council_timeline, load, query_df, show_network
from .projection import EDGE_KINDS, NODE_KINDS, project
from .snapshot import Changes, changes, snapshot
from .spans import Span
from .story import council_story, find_council

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
