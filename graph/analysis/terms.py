"""The RDF terms the analysis writes, from the project's closed namespaces.

``CSG`` is ``graph.namespace.CSG`` (read from ``ontology/csgkg.ttl``; a typo
raises). The derived-analysis terms (csg:LeadershipChange,
csg:JudgementContext, csg:previousTenure, csg:nextTenure, csg:gapDaysMin,
csg:gapDaysMax, csg:contextOf, csg:aboutJudgement, csg:holderInPost,
csg:possibleHolderInPost) are declared there; ``DERIVED_TERMS`` lists them so
a test can check the ontology keeps them.
"""
from __future__ import annotations

from rdflib import Namespace

from graph.namespace import CSG, GR, ID, VOCAB_BASE  # noqa: F401  (re-exported)

__all__ = ["CSG", "ID", "GR", "VOCAB", "DERIVED_TERMS", "DERIVED_GRAPH"]

DERIVED_TERMS = ("LeadershipChange", "JudgementContext", "previousTenure", "nextTenure",
                 "gapDaysMin", "gapDaysMax", "contextOf", "aboutJudgement", "holderInPost",
                 "possibleHolderInPost")

VOCAB = Namespace(VOCAB_BASE)
DERIVED_GRAPH = GR["derived"]
