"""Derived events: leadership changes, partnership life cycle, judgement context (RDF)."""
from datetime import date
from pathlib import Path

import pytest
import rdflib
from rdflib import URIRef

from graph.analysis.derive_events import (derive, judgement_contexts, leadership_changes,
                                          partnership_changes)
from graph.analysis.projection import project
from graph.analysis.terms import DERIVED_TERMS

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"
ID = "https://w3id.org/csgkg/id/"
A = ID + "council/E06900001"
P = ID + "partnership/contractual-partnership/E06900001-E06900002"
CSG = rdflib.Namespace("https://w3id.org/csgkg/ontology#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
T = lambda k: ID + "tenure/" + k  # noqa: E731
person = lambda k: ID + "person/" + k  # noqa: E731


@pytest.fixture(scope="module")
def G():
    return project(FIXTURE)


@pytest.fixture(scope="module")
def derived(G):
    return derive(G)


def test_dcs_changes_are_ordered_with_dates_and_gaps(G):
    cs = leadership_changes(G, org=A, role="dcs")
    assert [(c.previous, c.next) for c in cs] == [(T("a1"), T("a2")), (T("a2"), T("a3")),
                                                 (T("a3"), T("a4")), (T("a4"), T("a5"))]
    assert [c.date.literal for c in cs] == ["2016-07-01", "2017-01", "2019-04", "2020-06"]
    assert [c.gap_days for c in cs] == [(0, 0), (0, 30), (0, 29), (-30, 180)]
    assert [c.relation for c in cs] == ["contiguous", "uncertain", "uncertain", "uncertain"]


def test_single_tenure_posts_have_no_change(G):
    assert leadership_changes(G, role="chief-executive") == []
    assert leadership_changes(G, org=ID + "council/E06900002") == []


def test_partnership_formation_and_dissolution(G):
    pcs = {p.kind: p for p in partnership_changes(G)}
    assert pcs["formed"].date.literal == "2019-04"
    assert (pcs["dissolved"].date.earliest, pcs["dissolved"].date.latest) == (
        date(2020, 1, 1), date(2020, 6, 30))
    assert P + "/event/dissolved" in pcs["dissolved"].derived_from


def test_judgement_context_joins_holders_by_certainty(G):
    ctx = {c.inspection: c for c in judgement_contexts(G)}
    c = ctx[ID + "inspection/E06900001/2018-06-11"]
    # judged at the end of fieldwork (29 June), not at publication (24 August)
    assert c.basis == "onsite" and c.date.literal == "2018-06-29"
    assert c.holder("dcs") == [person("bob-brown")]
    assert c.holder("chief-executive") == [person("gus-gray")]
    # the lead member is only seen on 24 August: possible, not certain, on 29 June
    assert c.holder("lead-member") == [] and c.holder("lead-member", "possible") == [person("fay-fox")]
    visit = ctx[ID + "inspection/E06900001/2019-10-02"]
    assert visit.judgements == []
    assert visit.holder("dcs") == [person("dan-dee")]
    assert visit.holder("chief-executive", "possible") == [person("gus-gray")]


def test_derived_graph_is_the_derived_named_graph(derived):
    assert derived.identifier == URIRef("https://w3id.org/csgkg/graph/derived")


def test_every_derived_node_has_provenance(derived):
    typed = set(derived.subjects(rdflib.RDF.type, PROV.Entity))
    assert len(typed) == 4 + 2 + 6
    for n in typed:
        assert list(derived.objects(n, PROV.wasDerivedFrom)), n
        rule = derived.value(n, PROV.wasGeneratedBy)
        assert str(rule).startswith(ID + "activity/derivation/"), n


def test_leadership_change_rdf_points_to_both_tenures_and_their_evidence(derived):
    ch = [n for n in derived.subjects(CSG.previousTenure, URIRef(T("a2")))]
    assert len(ch) == 1
    n = ch[0]
    assert derived.value(n, CSG.nextTenure) == URIRef(T("a3"))
    assert set(derived.objects(n, PROV.wasDerivedFrom)) == {URIRef(T("a2")), URIRef(T("a3"))}
    assert derived.value(n, CSG.gapDaysMax).toPython() == 30
    d = derived.value(n, CSG.onDate)
    assert str(derived.value(d, CSG.earliest)) == "2017-01-01"
    assert URIRef(ID + "evidence/e1") in set(derived.objects(n, CSG.evidence))


def test_judgement_context_rdf_separates_certain_and_possible(derived):
    n = next(derived.subjects(CSG.contextOf, URIRef(ID + "inspection/E06900001/2019-10-02")))
    assert set(derived.objects(n, CSG.holderInPost)) == {URIRef(T("a4"))}
    assert set(derived.objects(n, CSG.possibleHolderInPost)) == {URIRef(T("a6")), URIRef(T("a7"))}


def test_derivation_is_deterministic(G, derived):
    from rdflib.compare import isomorphic
    assert isomorphic(derive(G), derived)


def test_ontology_declares_every_derived_term_with_a_comment():
    from graph.namespace import ontology_graph
    onto = ontology_graph()
    for t in DERIVED_TERMS:
        assert (CSG[t], rdflib.RDFS.comment, None) in onto, t


def test_nearest_holder_prefers_certain_then_closest_evidence(G):
    ctx = {c.inspection: c for c in judgement_contexts(G)}
    visit = ctx[ID + "inspection/E06900001/2019-10-02"]
    assert visit.nearest("dcs") == person("dan-dee")
    assert visit.nearest("chief-executive") == person("gus-gray")   # only possible, still the nearest
    assert ctx[ID + "inspection/E06900002/2019-02-04"].nearest("lead-member") is None
