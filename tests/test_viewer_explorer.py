"""The explorer's model and its pyvis rendering (no browser): spans, states, payload, assets."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from viewer import Settings, create_app
from viewer.dates import Instant
from viewer.network import EVER, NEVER, Span, span_of, state_at

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"


def test_span_of_a_month_start_and_bounded_end():
    s = span_of({"start": [Instant("2018-04", "2018-04-01", "2018-04-30", "exact")],
                 "end": [Instant(None, "2019-10-25", "2020-03-31", "bounded")]})
    assert (s.fp, s.fs, s.us, s.up) == ("2018-04", "2018-04", "2019-10", "2020-03")
    assert [state_at(s, m) for m in ("2018-03", "2018-04", "2019-10", "2019-11", "2020-03", "2020-04")] == \
        ["before", "present", "present", "possible", "possible", "ended"]


def test_span_without_start_is_possible_before_its_dated_mention_and_after_it():
    s = span_of({"seen": [Instant("2019-10-27", "2019-10-27", "2019-10-27", "exact")]})
    assert (s.fp, s.fs, s.us, s.up) == (EVER, "2019-10", "2019-10", NEVER)
    assert [state_at(s, m) for m in ("2015-01", "2019-10", "2030-01")] == ["possible", "present", "possible"]


def test_bounds_that_never_pin_a_month_make_nothing_sure():
    s = span_of({"start": [Instant(None, "2019-10-25", "2020-03-31", "bounded")],
                 "seen": [Instant(None, "2020-01-08", "2020-03-31", "bounded")]})
    assert {state_at(s, m) for m in ("2019-10", "2020-02", "2024-01")} == {"possible"}
    assert state_at(s, "2019-09") == "before"


def test_event_stays_once_it_happened_and_undated_things_always_stand():
    s = span_of({"start": [Instant("2018-06", "2018-06-01", "2018-06-30", "exact")]}, event=True)
    assert state_at(s, "2018-05") == "before" and state_at(s, "2030-01") == "present"
    assert state_at(Span(), "1990-01") == "present"


@pytest.fixture(scope="module")
def explore_html(tmp_path_factory):
    from fastapi.testclient import TestClient
    from graph.store import open_store
    store = open_store(FIXTURE)
    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("cwd"))  # pyvis must not drop a lib/ folder here
    try:
        client = TestClient(create_app(Settings(graph=FIXTURE), store=store))
        body = client.get("/explore").text
        leftovers = os.listdir(".")
    finally:
        os.chdir(cwd)
        store.close()
    return body, leftovers


def test_explorer_page_carries_pyvis_records_and_local_assets_only(explore_html):
    body, leftovers = explore_html
    assert leftovers == []
    nodes = json.loads(re.search(r'id="network-nodes">(.*?)</script>', body, re.S).group(1))
    edges = json.loads(re.search(r'id="network-edges">(.*?)</script>', body, re.S).group(1))
    kinds = {n["kind"] for n in nodes}
    assert kinds == {"council", "person", "board", "partnership", "inspection"}
    assert {n["shape"] for n in nodes if n["kind"] == "council"} == {"box"}
    partnership = next(n for n in nodes if n["kind"] == "partnership")
    assert partnership["span"]["up"] == "2020-03"
    assert all(e["spans"] for e in edges)
    assert "/static/vendor/vis-network/vis-network.min.js" in body
    assert not re.search(r'<(script|link)[^>]+(src|href)="https?://', body)
    extra = json.loads(re.search(r'id="network-extra">(.*?)</script>', body, re.S).group(1))
    assert extra["first"] <= "2018-04" and extra["last"] >= "2020-06"
    assert any(c["month"] == "2018-04" for c in extra["changes"])


def test_vendor_assets_are_installed_or_named(explore_html):
    vendor = Path(__file__).resolve().parent.parent / "viewer" / "static" / "vendor"
    if not (vendor / "vis-network" / "vis-network.min.js").is_file():
        pytest.skip("viewer assets not installed: run bash scripts/install_viewer_assets.sh")
    assert (vendor / "codemirror" / "codemirror.js").is_file()


@pytest.mark.parametrize("month", ["2017-06", "2018-04", "2019-01", "2019-10", "2019-12", "2020-06", "2022-01"])
def test_explorer_model_agrees_with_graph_analysis_projection(month):
    """The model from graph.analysis.project and the viewer's own SPARQL give the same states."""
    pytest.importorskip("graph.analysis")
    from graph.store import open_store
    from viewer.network import build_model, build_model_sparql, snapshot

    with open_store(FIXTURE) as store:
        a, b = snapshot(build_model(store, 10), month), snapshot(build_model_sparql(store, 10), month)
    states = lambda s: ({(n["id"], n["state"]) for n in s["nodes"]},  # noqa: E731
                        {(frozenset((e["source"], e["target"])), e["state"]) for e in s["edges"]})
    assert states(a) == states(b)


TRUST_TRIG = """
@prefix csg: <https://w3id.org/csgkg/ontology#> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/csgkg/graph/doc/x> {
<https://w3id.org/csgkg/id/council/E99000001> a csg:Council, org:Organization ; rdfs:label "Northmoor Council" ;
    dcterms:identifier "E99000001" .
<https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust> a csg:DeliveryOrganisation, org:Organization ;
    rdfs:label "Northmoor Children's Trust" ;
    csg:deliversServicesFor <https://w3id.org/csgkg/id/council/E99000001> .
<https://w3id.org/csgkg/id/partnership/p1> a csg:Partnership ; rdfs:label "Northmoor trust arrangement" ;
    org:hasMember <https://w3id.org/csgkg/id/council/E99000001>,
                  <https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust> .
}
"""


def test_a_trust_in_a_partnership_is_an_organisation_node_in_both_explorer_models(tmp_path):
    pytest.importorskip("graph.analysis")
    from graph.store import open_store
    from viewer.network import build_model, build_model_sparql, snapshot
    path = tmp_path / "trust.trig"
    path.write_text(TRUST_TRIG, encoding="utf-8")
    trust = "https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust"
    with open_store(path) as store:
        for model in (build_model(store, 10), build_model_sparql(store, 10)):
            kinds = {n["id"]: n["kind"] for n in snapshot(model, "2020-01")["nodes"]}
            assert kinds[trust] == "organisation"
            assert kinds["https://w3id.org/csgkg/id/council/E99000001"] == "council"
