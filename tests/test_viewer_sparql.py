"""SPARQL 1.1 Protocol endpoint of the viewer, on the hand-written viewer dataset."""
from __future__ import annotations

import io
import threading
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.query import Result

from viewer import Settings, create_app
from viewer.sparql_guard import Refused, check_query

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"
PEOPLE = """PREFIX csg: <https://w3id.org/csgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?p ?name WHERE { ?p a csg:Person ; rdfs:label ?name } ORDER BY ?name"""
CONSTRUCT = """PREFIX csg: <https://w3id.org/csgkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a csg:Council ; rdfs:label ?l }"""
ASK = "PREFIX csg: <https://w3id.org/csgkg/ontology#> ASK { ?x a csg:Partnership }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


@pytest.fixture(scope="module")
def store():
    from graph.store import open_store
    s = open_store(FIXTURE)
    yield s
    s.close()


def client_for(store, **settings):
    from fastapi.testclient import TestClient
    return TestClient(create_app(Settings(graph=FIXTURE, **settings), store=store))


@pytest.fixture(scope="module")
def client(store):
    return client_for(store, query_timeout=10)


def names(result: Result) -> set[str]:
    return {str(row[1]) for row in result}


def test_get_post_form_and_post_body_give_the_same_rows(client):
    got = client.get("/sparql", params={"query": PEOPLE})
    form = client.post("/sparql", data={"query": PEOPLE})
    body = client.post("/sparql", content=PEOPLE, headers={"Content-Type": "application/sparql-query"})
    assert got.status_code == form.status_code == body.status_code == 200
    parsed = [names(Result.parse(io.BytesIO(r.content), format="json")) for r in (got, form, body)]
    assert parsed[0] == parsed[1] == parsed[2]
    assert "Alison Botham" in parsed[0]


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_select_results_parse_back_in_every_format(client, accept, fmt):
    r = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept)
    res = Result.parse(io.BytesIO(r.content), format=fmt)
    assert "Alison Botham" in names(res)
    assert len(res) == 5
    if fmt != "csv":  # CSV drops term types by design of the format
        assert Literal("Alison Botham") in {row[1] for row in res}


@pytest.mark.parametrize("accept, fmt", [("application/sparql-results+json", "json"),
                                         ("application/sparql-results+xml", "xml")])
def test_ask_answers_true_in_json_and_xml(client, accept, fmt):
    r = client.get("/sparql", params={"query": ASK}, headers={"Accept": accept})
    assert r.status_code == 200
    assert Result.parse(io.BytesIO(r.content), format=fmt).askAnswer is True


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld")])
def test_construct_results_parse_back_as_the_same_graph(client, accept, fmt):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert r.status_code == 200, r.text
    g = Graph().parse(data=r.text, format=fmt)
    assert len(g) == 3
    assert Literal("Torbay Council") in set(g.objects())


def test_describe_returns_a_graph(client):
    r = client.get("/sparql", params={"query": "DESCRIBE <https://w3id.org/csgkg/id/person/alison-botham>"},
                   headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert len(Graph().parse(data=r.text, format="turtle")) > 0


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL", "CREATE GRAPH <urn:g>", "DROP ALL", "COPY DEFAULT TO <urn:g>", "MOVE DEFAULT TO <urn:g>",
    "ADD DEFAULT TO <urn:g>", "PREFIX x: <urn:x#> WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"])
def test_updates_are_refused_as_read_only(client, update):
    for r in (client.post("/sparql", content=update, headers={"Content-Type": "application/sparql-query"}),
              client.get("/sparql", params={"query": update})):
        assert r.status_code == 403
        assert "read-only" in r.text


def test_update_parameter_and_update_media_type_are_refused(client, store):
    assert client.post("/sparql", data={"update": "CLEAR ALL"}).status_code == 403
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 403
    r = client.post("/sparql", content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"})
    assert r.status_code == 403 and "read-only" in r.text
    assert len(store.query(PEOPLE, timeout=5).rows) == 5  # nothing was touched


def test_update_words_inside_strings_iris_and_names_are_not_updates(client):
    q = ('PREFIX insert: <urn:x#> SELECT ?delete WHERE { BIND("INSERT DATA { }" AS ?delete) '
         'FILTER(?delete != <urn:drop>) } # CLEAR ALL')
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 200, r.text


def test_malformed_query_gets_400_with_the_parser_message(client):
    r = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y "})
    assert r.status_code == 400
    assert "malformed query" in r.text and "error" in r.text.lower()


def test_missing_query_and_unknown_content_type_are_client_errors(client):
    assert client.get("/sparql").status_code == 400
    assert client.post("/sparql", content="x", headers={"Content-Type": "text/plain"}).status_code == 415
    assert client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "image/png"}).status_code == 406


def test_service_is_refused_unless_settings_allow_it(client):
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    r = client.get("/sparql", params={"query": q})
    assert r.status_code == 403 and "SERVICE" in r.text
    with pytest.raises(Refused):
        check_query(q, allow_service=False)
    check_query(q, allow_service=True)  # allowed: the guard lets it through


def test_result_cap_cuts_rows_and_says_so(store):
    c = client_for(store, result_cap=2)
    r = c.get("/sparql", params={"query": PEOPLE})
    assert len(Result.parse(io.BytesIO(r.content), format="json")) == 2
    assert "cap of 2" in r.headers["x-result-truncated"]


def test_result_cap_is_applied_while_the_answer_is_read_so_a_cartesian_select_answers_fast(store):
    # the fixture graph cubed: hundreds of millions of rows if the answer were read whole
    c = client_for(store, result_cap=5, query_timeout=20.0)
    t0 = time.monotonic()
    r = c.get("/sparql", params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
    assert r.status_code == 200, r.text[:300]
    assert time.monotonic() - t0 < 5.0
    assert len(Result.parse(io.BytesIO(r.content), format="json")) == 5
    assert "more than 5 rows" in r.headers["x-result-truncated"]


def test_query_over_the_size_limit_is_refused(store):
    c = client_for(store, max_request_bytes=2048)
    big = PEOPLE + "\n#" + "x" * 4000
    assert c.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"}).status_code == 413
    assert c.get("/sparql", params={"query": big}).status_code == 413


def test_slow_query_is_cut_at_the_limit_while_another_client_is_answered():
    """Pool mode (worker processes): the slow query's worker is killed at the limit."""
    from fastapi.testclient import TestClient

    limit = 2.0
    app = create_app(Settings(graph=FIXTURE, query_timeout=limit, store_workers=2))
    with TestClient(app) as c:
        other = TestClient(app, client=("192.0.2.7", 50000))  # a second client (limits are per client)
        assert c.get("/sparql", params={"query": ASK}).status_code == 200  # workers started
        slow: dict = {}

        def run_slow():
            t0 = time.monotonic()
            slow["response"] = other.get("/sparql", params={"query": SLOW})
            slow["seconds"] = time.monotonic() - t0

        t = threading.Thread(target=run_slow)
        t.start()
        time.sleep(0.3)
        t0 = time.monotonic()
        cheap = c.get("/sparql", params={"query": ASK})
        cheap_seconds = time.monotonic() - t0
        assert t.is_alive(), "the slow query finished before the cheap one was asked"
        t.join(limit + 20)
        assert cheap.status_code == 200
        assert cheap_seconds < limit
        assert slow["response"].status_code == 503
        assert "time limit" in slow["response"].text
        assert limit <= slow["seconds"] < limit + 5
