"""Entity pages, document texts, the query page and the site-wide protections."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from viewer import Settings, create_app

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"
ID = "https://w3id.org/csgkg/id/"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)


@pytest.fixture(scope="module")
def store():
    from graph.store import open_store
    s = open_store(FIXTURE)
    yield s
    s.close()


def make_client(store, **kw):
    from fastapi.testclient import TestClient
    return TestClient(create_app(Settings(graph=FIXTURE, **kw), store=store))


@pytest.fixture(scope="module")
def client(store):
    return make_client(store)


HTML = {"Accept": "text/html"}


def test_council_page_shows_facts_timeline_and_evidence_links(client):
    r = client.get("/id/council/E06000027", headers=HTML)
    assert r.status_code == 200
    html = r.text
    assert "<h1>Torbay Council</h1>" in html
    assert "Timeline" in html and "April 2018" in html
    assert "between 25 October 2019 and 31 March 2020" in html
    assert re.search(r'href="/doc/[0-9a-f]{16}/text\?q=\d+-\d+#q-\d+-\d+"', html)
    assert 'href="/id/person/alison-botham"' in html


@pytest.mark.parametrize("path", ["person/alison-botham", "board/E06000027/children-s-service-improvement-board",
                                  "partnership/contractual-partnership/E06000026-E06000027",
                                  "inspection/E06000027/2018-06", "doc/64dce954df43be2d"])
def test_every_kind_of_resource_has_an_html_page(client, path):
    r = client.get(f"/id/{path}", headers=HTML)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")


def test_entity_turtle_and_json_ld_by_accept(client):
    iri = URIRef(ID + "council/E06000027")
    ttl = client.get("/id/council/E06000027", headers={"Accept": "text/turtle"})
    assert ttl.headers["content-type"].startswith("text/turtle")
    assert (iri, RDFS_LABEL, Literal("Torbay Council")) in Graph().parse(data=ttl.text, format="turtle")
    jl = client.get("/id/council/E06000027", headers={"Accept": "application/ld+json"})
    assert jl.headers["content-type"].startswith("application/ld+json")
    assert (iri, RDFS_LABEL, Literal("Torbay Council")) in Graph().parse(data=jl.text, format="json-ld")
    assert "Accept" in ttl.headers["vary"]
    assert client.get("/id/council/E06000027?format=ttl").headers["content-type"].startswith("text/turtle")


def test_unknown_resource_is_404(client):
    assert client.get("/id/person/nobody-at-all", headers=HTML).status_code == 404
    assert client.get("/id/person/nobody-at-all", headers={"Accept": "text/turtle"}).status_code == 404


def test_evidence_link_opens_the_text_with_the_quote_highlighted(client):
    html = client.get("/id/person/alison-botham", headers=HTML).text
    link = re.search(r'href="(/doc/([0-9a-f]{16})/text\?q=(\d+)-(\d+)#q-\d+-\d+)"', html)
    docid, start, length = link.group(2), int(link.group(3)), int(link.group(4))
    text = (FIXTURE / "texts" / f"{docid}.txt").read_text(encoding="utf-8")
    page = client.get(link.group(1).replace("&amp;", "&"), headers=HTML).text
    marked = re.search(r'<mark id="quote" class="quote-hl">(.*?)</mark>', page, re.S).group(1)
    assert marked == text[start:start + length].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&#34;").replace("'", "&#39;")
    assert "Alison Botham" in marked


@pytest.mark.parametrize("url", ["/doc/..%2F..%2Fgraph.trig/text", "/doc/0000000000000000/text",
                                 "/doc/../../etc/passwd/text", "/static/../app.py", "/static/..%2Fapp.py",
                                 "/static/%2e%2e/settings.py", "/id/..%2F..%2Fetc%2Fpasswd",
                                 "/doc/64dce954df43be2d%2F..%2F..%2Fgraph/text"])
def test_no_path_traversal_in_static_and_document_routes(client, url):
    r = client.get(url)
    assert r.status_code in (400, 404), (url, r.status_code)
    assert "Settings" not in r.text and "csg:" not in r.text


def test_pages_send_security_headers_and_carry_no_inline_script(client):
    for url in ["/", "/id/council/E06000027", "/explore", "/query", "/ontology", "/doc/64dce954df43be2d/text"]:
        r = client.get(url, headers=HTML)
        assert r.status_code == 200, url
        csp = r.headers["content-security-policy"]
        script_src = re.search(r"script-src ([^;]*)", csp).group(1)
        assert "'self'" in script_src and "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in csp
        assert not INLINE_SCRIPT.search(r.text), url
        assert "cdn" not in r.text.lower() and "https://unpkg" not in r.text


def test_cors_is_closed_by_default_and_opens_only_for_configured_origins(store, client):
    h = {"Origin": "https://elsewhere.example"}
    assert "access-control-allow-origin" not in client.get("/api/search?q=torbay", headers=h).headers
    opened = make_client(store, cors_origins=("https://elsewhere.example",))
    assert opened.get("/api/search?q=torbay", headers=h).headers["access-control-allow-origin"] == "https://elsewhere.example"
    other = opened.get("/api/search?q=torbay", headers={"Origin": "https://third.example"})
    assert "access-control-allow-origin" not in other.headers


def test_query_page_reads_example_queries_at_request_time(store, tmp_path):
    c = make_client(store, queries_dir=tmp_path)
    assert "No example queries" in c.get("/query").text
    (tmp_path / "people.rq").write_text("# People and their names\nSELECT ?p WHERE { ?p a ?t }\n", encoding="utf-8")
    html = c.get("/query").text
    assert "People and their names" in html
    block = re.search(r'<script type="application/json" class="example-text" data-name="people">(.*?)</script>', html, re.S)
    assert json.loads(block.group(1)).startswith("# People and their names")
    assert "/static/vendor/codemirror/codemirror.js" in html


def test_home_page_counts_and_lists_documents(client):
    html = client.get("/", headers=HTML).text
    assert "<strong>3</strong> councils" in html
    assert "Child care improvements" in html
