"""Issue 7, schemathesis against the viewer's OpenAPI schema, in-process (ASGI), bounded.

Every operation of /openapi.json (the JSON API and the SPARQL endpoint with its parameters
and bodies) gets generated requests, valid and invalid; each answer must not be a 5xx, must
use a status the schema documents, and must match the documented body schema and content
type. The app serves the small viewer fixture graph through the inline store, so a run
takes seconds.
"""
from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import (  # noqa: E402
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance)

from viewer import Settings, create_app  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"


def _app():
    from graph.store import open_store
    store = open_store(FIXTURE)  # inline pyoxigraph over the small fixture: opens in well under a second
    return store, create_app(Settings(graph=FIXTURE, query_timeout=5.0, result_cap=200), store=store)


STORE, APP = _app()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _close_store():
    yield
    STORE.close()


@pytest.fixture(scope="module")
def app():
    return APP


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_answers_match_the_schema(case):
    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance], excluded_checks=[])


def test_schema_covers_the_api_and_the_sparql_endpoint(app):
    paths = app.openapi()["paths"]
    assert {"/api/entity", "/api/search", "/api/snapshot", "/api/network", "/api/councils/{gss}/timeline",
            "/sparql"} <= set(paths)
    assert {"get", "post"} <= set(paths["/sparql"])
    assert any(p["name"] == "query" for p in paths["/sparql"]["get"]["parameters"])
