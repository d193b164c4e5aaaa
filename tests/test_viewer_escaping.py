"""A name holding markup stays text: in HTML pages and in the explorer's pyvis payload."""
from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest

from viewer import Settings, create_app

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"
RAW = "<script>alert(1)</script>"
NAME = f"Mallory {RAW}"


@pytest.fixture(scope="module")
def client():
    from fastapi.testclient import TestClient
    from graph.store import open_store
    store = open_store(FIXTURE)
    yield TestClient(create_app(Settings(graph=FIXTURE), store=store))
    store.close()


@pytest.mark.parametrize("url", ["/id/person/mallory-script-alert-1-script", "/id/inspection/E06000027/2019-10-02",
                                 "/id/doc/64dce954df43be2d", "/explore"])
def test_script_in_a_name_is_escaped_in_html(client, url):
    body = client.get(url, headers={"Accept": "text/html"}).text
    assert RAW not in body
    assert "alert(1)" in body  # it is there, as text


def test_person_page_shows_the_name_as_text(client):
    body = client.get("/id/person/mallory-script-alert-1-script", headers={"Accept": "text/html"}).text
    assert f"<h1>{htmllib.escape(NAME, quote=True).replace('&#x27;', '&#39;')}</h1>" in body


def test_explorer_payload_keeps_the_label_as_data_and_escapes_tooltips(client):
    body = client.get("/explore").text
    block = re.search(r'<script type="application/json" id="network-nodes">(.*?)</script>', body, re.S).group(1)
    assert "<" not in block and ">" not in block  # nothing in the data block can close or open a tag
    nodes = {n["label"]: n for n in json.loads(block)}
    node = nodes[NAME]  # the canvas label is the name itself, drawn as text
    assert RAW not in node["title"] and htmllib.escape(RAW) in node["title"]
    edges = json.loads(re.search(r'id="network-edges">(.*?)</script>', body, re.S).group(1))
    assert all("<script" not in e["title"] for e in edges)


def test_json_api_returns_the_name_verbatim_as_json(client):
    r = client.get("/api/search", params={"q": "mallory"})
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()[0]["label"] == NAME
