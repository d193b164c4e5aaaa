"""JSON API: entity details, council timeline, monthly snapshot, search; and its OpenAPI schema."""
from __future__ import annotations

from pathlib import Path

import pytest

from viewer import Settings, create_app

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"
ID = "https://w3id.org/csgkg/id/"
PARTNERSHIP = ID + "partnership/contractual-partnership/E06000026-E06000027"


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient
    from graph.store import open_store
    store = open_store(FIXTURE)
    yield TestClient(create_app(Settings(graph=FIXTURE), store=store))
    store.close()


def test_entity_details_carry_tenures_dates_and_quotes(client):
    d = client.get("/api/entity", params={"iri": ID + "person/alison-botham"}).json()
    assert d["label"] == "Alison Botham" and d["page"] == "/id/person/alison-botham"
    tenures = [i for i in d["timeline"] if i["kind"] == "Tenure"]
    assert len(tenures) == 2
    torbay = next(t for t in tenures if "Torbay" in t["label"])
    assert torbay["dates"]["start"][0]["value"] == "2018-04"
    end = torbay["dates"]["end"][0]
    assert end["value"] is None and (end["earliest"], end["latest"]) == ("2019-10-25", "2020-03-31")
    assert any("Alison Botham" in e["exact"] and e["link"].startswith("/doc/") for e in d["evidence"])


def test_entity_errors(client):
    assert client.get("/api/entity", params={"iri": ID + "person/nobody"}).status_code == 404
    assert client.get("/api/entity", params={"iri": "not an iri"}).status_code == 400
    assert client.get("/api/entity", params={"iri": ID + "person/x> } DROP ALL {"}).status_code in (400, 404)


def test_council_timeline_groups_tenures_inspections_and_partnerships(client):
    r = client.get("/api/councils/E06000027/timeline")
    assert r.status_code == 200
    t = r.json()
    assert t["label"] == "Torbay Council"
    assert {"Alison Botham", "Nancy Meehan"} <= {i["label"].split(":")[0] for i in t["tenures"]}
    assert len(t["inspections"]) == 3
    assert any(p["iri"] == PARTNERSHIP for p in t["partnerships"])
    starts = [i["dates"].get("start", [{}])[0].get("earliest") or "9999" for i in t["inspections"]]
    assert starts == sorted(starts)


def test_council_timeline_rejects_bad_and_unknown_codes(client):
    assert client.get("/api/councils/Torbay/timeline").status_code == 400
    assert client.get("/api/councils/E06999999/timeline").status_code == 404


@pytest.mark.parametrize("month, state", [("2018-03", None), ("2018-04", "present"), ("2019-01", "present"),
                                          ("2019-12", "possible"), ("2020-06", "ended")])
def test_snapshot_follows_the_partnership_through_its_life(client, month, state):
    s = client.get("/api/snapshot", params={"date": month}).json()
    got = next((n["state"] for n in s["nodes"] if n["id"] == PARTNERSHIP), None)
    assert got == state


def test_snapshot_rejects_malformed_dates(client):
    for bad in ("2019", "2019-13", "January 2019", "2019-1"):
        assert client.get("/api/snapshot", params={"date": bad}).status_code == 400


def test_search_by_name_finds_people_and_councils(client):
    hits = client.get("/api/search", params={"q": "botham"}).json()
    assert hits[0]["iri"] == ID + "person/alison-botham" and hits[0]["kind"] == "Person"
    assert any(h["iri"] == ID + "council/E06000027" for h in client.get("/api/search", params={"q": "torbay"}).json())
    assert client.get("/api/search", params={"q": '"} } DROP ALL'}).status_code == 200


def test_openapi_schema_documents_the_api_with_response_models(client):
    schema = client.get("/openapi.json").json()
    for path in ("/api/entity", "/api/councils/{gss}/timeline", "/api/snapshot", "/api/search"):
        ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok, path
    assert {"EntityModel", "CouncilTimelineModel", "SnapshotModel", "SearchHit"} <= set(schema["components"]["schemas"])
