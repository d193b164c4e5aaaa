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

from typing import Iterable

from graph.namespace import CSG, GR, ID, VOCAB_BASE, UnknownConcept, concept  # noqa: F401

__all__ = ["CSG", "ID", "GR", "VOCAB", "DERIVED_TERMS", "DERIVED_GRAPH", "check_keys",
           "UnknownConcept"]

DERIVED_TERMS = ("LeadershipChange", "JudgementContext", "previousTenure", "nextTenure",
                 "gapDaysMin", "gapDaysMax", "contextOf", "aboutJudgement", "holderInPost",
                 "possibleHolderInPost")

VOCAB = Namespace(VOCAB_BASE)
DERIVED_GRAPH = GR["derived"]


def check_keys(scheme: str, keys: Iterable[str], parameter: str) -> None:
    """Raise ``UnknownConcept`` naming ``parameter`` if a key is not in the SKOS scheme.

    Role, status and event-kind keys are parameters of the analysis (never
    lists restated from the ontology), so a typo must fail loudly rather than
    match nothing.
    """
    for k in keys:
        try:
            concept(scheme, k)
        except UnknownConcept as exc:
            raise UnknownConcept(f"{parameter}: {exc}") from None
