"""Projection of the fixture graph into NetworkX: typed nodes, typed dated edges."""
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from graph.analysis.projection import project

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"
ID = "https://w3id.org/csgkg/id/"
A, B = ID + "council/E06900001", ID + "council/E06900002"


@pytest.fixture(scope="module")
def G():
    return project(FIXTURE)


def test_nodes_are_typed(G):
    kinds = Counter(d["kind"] for _, d in G.nodes(data=True))
    assert kinds == {"person": 12, "inspection": 6, "council": 2, "partnership": 1,
                     "board": 1, "intervention": 1}


def test_edges_are_typed_and_counted_once_despite_two_named_graphs(G):
    kinds = Counter(d["kind"] for _, _, d in G.edges(data=True))
    assert kinds == {"held-post": 9, "inspected": 6, "led-inspection": 6, "member-of": 2,
                     "on-team": 2, "unit-of": 1, "chairs": 1, "intervened-in": 1}


def test_tenure_edge_carries_role_status_bounds_and_all_evidence(G):
    d = G.get_edge_data(ID + "person/bob-brown", A)[ID + "tenure/a3"]
    assert (d["role"], d["tenure_status"]) == ("dcs", "permanent")
    assert d["span"].start.literal == "2017-01"
    assert (d["span"].start.earliest, d["span"].start.latest) == (date(2017, 1, 1), date(2017, 1, 31))
    assert d["span"].end.earliest == date(2019, 3, 31)
    assert set(d["evidence"]) == {ID + "evidence/e1", ID + "evidence/e2"}


def test_bounded_end_has_no_literal(G):
    d = G.get_edge_data(ID + "person/dan-dee", A)[ID + "tenure/a4"]
    assert d["span"].end.literal is None and d["span"].end.qualifier == "bounded"
    assert d["via"] == ID + "partnership/contractual-partnership/E06900001-E06900002"


def test_sightings_are_kept_in_order(G):
    d = G.get_edge_data(ID + "person/dan-dee", B)[ID + "tenure/b1"]
    assert [s.literal for s in d["span"].seen] == ["2017-05-01", "2018-09-01"]


def test_grade_order_comes_from_the_graph(G):
    assert G.graph["grade_order"][
        "https://w3id.org/csgkg/vocab/grade/requires-improvement"] == 3


def test_inspection_node_has_judgements_with_order_and_publication(G):
    n = G.nodes[ID + "inspection/E06900001/2018-06-11"]
    assert n["published"].earliest == date(2018, 8, 24)
    assert sorted((j["area"], j["order"]) for j in n["judgements"]) == [
        ("ilacs-impact-of-leaders", 2), ("ilacs-overall-effectiveness", 3)]


def test_lead_inspector_is_not_also_a_team_edge(G):
    i = ID + "inspection/E06900001/2018-06-11"
    kinds = sorted(d["kind"] for u, _, d in G.in_edges(i, data=True))
    assert kinds == ["led-inspection", "on-team"]


def test_partnership_member_roles_and_events(G):
    p = ID + "partnership/contractual-partnership/E06900001-E06900002"
    roles = {u: d["partner_role"] for u, _, d in G.in_edges(p, data=True)}
    assert roles == {A: "supported-partner", B: "lead-partner"}
    assert sorted(e[0] for e in G.nodes[p]["events"]) == ["dissolved", "formed"]


def test_unnamed_person_is_flagged(G):
    assert G.nodes[ID + "person/unnamed-000000000001"]["unnamed"] is True
    assert G.nodes[ID + "person/dan-dee"]["unnamed"] is False


def test_missing_file_names_the_path(tmp_path):
    from graph.analysis.source import SourceError
    with pytest.raises((SourceError, Exception), match="nope.trig"):
        project(tmp_path / "nope.trig")


def test_employer_of_no_known_class_is_an_organisation_not_a_council():
    import rdflib
    g = rdflib.Graph().parse(data="""
        @prefix csg: <https://w3id.org/csgkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
        <urn:t> a csg:Tenure ; org:member <urn:p> ; org:organization <urn:trust> ;
            org:role <https://w3id.org/csgkg/vocab/role/chief-executive> .""", format="turtle")
    H = project(g)
    assert H.nodes["urn:trust"]["kind"] == "organisation"
    assert [d["kind"] for _, _, d in H.edges(data=True)] == ["held-post"]


_TRUST_GRAPH = """
@prefix csg: <https://w3id.org/csgkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/csgkg/id/council/E10999991> a csg:Council ; rdfs:label "Northmoor County Council" .
<https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust> a csg:DeliveryOrganisation, org:FormalOrganization ;
    rdfs:label "Northmoor Children's Trust" ; csg:deliversServicesFor <https://w3id.org/csgkg/id/council/E10999991> .
<https://w3id.org/csgkg/id/other> a org:FormalOrganization .
<https://w3id.org/csgkg/id/partnership/childrens-services-trust/p> a csg:Partnership ;
    csg:interventionType <https://w3id.org/csgkg/vocab/intervention-type/childrens-services-trust> ;
    org:hasMember <https://w3id.org/csgkg/id/council/E10999991>, <https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust>, <https://w3id.org/csgkg/id/other> .
<https://w3id.org/csgkg/id/tenure/t> a csg:Tenure ; org:member <https://w3id.org/csgkg/id/person/x> ; org:organization <https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust> ;
    org:role <https://w3id.org/csgkg/vocab/role/chief-executive> .
"""


def test_partnership_members_and_employers_are_typed_by_their_class_so_a_trust_is_no_council():
    """Invented graph: a council and a children's services trust (csg:DeliveryOrganisation) in one
    trust partnership, plus a member of no known class; the trust also employs someone."""
    import rdflib
    from graph.analysis.metrics import intervention_grades
    from graph.analysis.tables import instability_table
    g = rdflib.Graph().parse(data=_TRUST_GRAPH, format="turtle")
    G = project(g)
    trust = ID + "organisation/northmoor-childrens-trust"
    assert G.nodes[trust]["kind"] == "delivery-organisation"
    assert G.nodes[ID + "council/E10999991"]["kind"] == "council"
    assert G.nodes[ID + "other"]["kind"] == "organisation"
    assert [n for n, d in G.nodes(data=True) if d["kind"] == "council"] == [ID + "council/E10999991"]
    assert {u for u, _, d in G.edges(data=True) if d["kind"] == "member-of"} == {
        ID + "council/E10999991", trust, ID + "other"}
    assert [d["kind"] for _, v, d in G.edges(data=True) if v == trust] == ["held-post"]
    # council metrics: the partnership is the council's, not the trust's or the other member's
    assert [r.council for r in intervention_grades(G)] == [ID + "council/E10999991"]
    assert instability_table(G, role="chief-executive").empty  # the trust's chief executive is no council's
