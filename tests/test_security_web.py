"""Issue 7, web: document-derived text stays text everywhere; no way out of texts/ or static/;
CORS closed unless configured; security headers on every answer, errors included.

A copy of the viewer fixture is poisoned in-test: a document title, quote, prefix, a label
and the document text itself carry markup, attribute breakers and a javascript: IRI. Every
page is then parsed as a browser would and checked for anything executable.
"""
from __future__ import annotations

import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Dataset, Literal, URIRef

from viewer import Settings, create_app

FIXTURE = Path(__file__).parent / "fixtures" / "viewer"
ID = "https://w3id.org/csgkg/id/"
DOC = "706d0a7c16a1e0c8"
PAYLOADS = ['<script>alert("t")</script>', '"><img src=x onerror=alert(1)>', "</script><script>alert(2)</script>",
            "'><svg onload=alert(3)>", "<!--", "</pre></mark><iframe src=javascript:alert(4)>", "\u2028{{7*7}}"]
EVIL = " ".join(PAYLOADS)
DCT = "http://purl.org/dc/terms/"
OA = "http://www.w3.org/ns/oa#"
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    """(store, folder) of the fixture graph with markup in every kind of document-derived string."""
    from graph.store import open_store
    root = tmp_path_factory.mktemp("poisoned")
    ds = Dataset()
    ds.parse(FIXTURE / "graph.trig", format="trig")
    g = ds.graph(URIRef("https://w3id.org/csgkg/graph/doc/" + DOC))
    doc = URIRef(ID + "doc/" + DOC)
    for t in list(ds.quads((doc, URIRef(DCT + "title"), None, None))):
        ds.remove(t)
    g.add((doc, URIRef(DCT + "title"), Literal("Title " + EVIL)))
    g.add((doc, URIRef(DCT + "source"), URIRef("javascript:alert(5)")))
    sel = URIRef(ID + "evidence/d6d69af93401#selector")
    for p in ("exact", "prefix", "suffix"):
        for t in list(ds.quads((sel, URIRef(OA + p), None, None))):
            ds.remove(t)
        g.add((sel, URIRef(OA + p), Literal(f"{p} {EVIL}")))
    g.add((URIRef(ID + "council/E06000027"), URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal(EVIL)))
    g.add((URIRef(ID + "partnership/contractual-partnership/E06000026-E06000027"), RDFS_LABEL,
           Literal("Partnership " + EVIL)))
    ds.serialize(root / "graph.trig", format="trig")
    texts = root / "texts"
    shutil.copytree(FIXTURE / "texts", texts)
    (texts / f"{DOC}.txt").write_text(EVIL + "\n" + (FIXTURE / "texts" / f"{DOC}.txt").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    store = open_store(root / "graph.trig", texts_dir=texts)
    yield store, root
    store.close()


def _client(store, **kw):
    from fastapi.testclient import TestClient
    return TestClient(create_app(Settings(graph=FIXTURE, **kw), store=store))


class _Page(HTMLParser):
    """Everything a browser could run: script elements, on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.data_blocks: list[str] = []
        self._in_data = False

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in ("iframe", "img", "svg", "object", "embed"):
            self.problems.append(f"<{tag}> element {a}")
        if tag == "script":
            if a.get("type") == "application/json":
                self._in_data = True
                self.data_blocks.append("")
            elif not a.get("src", "").startswith("/static/"):
                self.problems.append(f"inline or foreign script {a}")
        for k, v in a.items():
            if k.startswith("on"):
                self.problems.append(f"event handler attribute {k}={v!r} on <{tag}>")
            if k in ("href", "src", "action", "formaction") and v.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{k}={v!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_data = False

    def handle_data(self, data):
        if self._in_data:
            self.data_blocks[-1] += data

    def handle_comment(self, data):
        self.problems.append("comment opened by data: <!--" + data[:40])


PAGES = ["/", f"/id/doc/{DOC}", "/id/council/E06000027", "/id/evidence/d6d69af93401",
         "/id/partnership/contractual-partnership/E06000026-E06000027", f"/doc/{DOC}/text", f"/doc/{DOC}/text?q=0-40",
         "/explore", "/id/person/alison-botham"]


@pytest.mark.parametrize("url", PAGES)
def test_document_strings_never_become_markup_in_any_page(poisoned, url):
    c = _client(poisoned[0])
    r = c.get(url, headers={"Accept": "text/html"})
    assert r.status_code == 200, (url, r.status_code)
    p = _Page()
    p.feed(r.text)
    assert not p.problems, (url, p.problems)
    for block in p.data_blocks:  # JSON data for scripts: parses, and cannot close its element
        json.loads(block)
        assert "<" not in block and ">" not in block
    shown = r.text
    assert any(x in shown for x in ("alert(", "alert(&#34;", "alert(&quot;")), "the poisoned text is not on the page at all"


def test_the_poisoned_text_is_really_there_as_text(poisoned):
    """Guards the test above: the payloads reach the pages (escaped), so it checks something."""
    c = _client(poisoned[0])
    assert "&lt;script&gt;" in c.get(f"/id/doc/{DOC}", headers={"Accept": "text/html"}).text
    assert "&lt;/pre&gt;" in c.get(f"/doc/{DOC}/text").text
    explore = c.get("/explore").text
    nodes = json.loads(re.search(r'id="network-nodes">(.*?)</script>', explore, re.S).group(1))
    labels = {n["label"] for n in nodes}
    assert "Partnership " + EVIL in labels  # the canvas draws the raw text; the data block escaped it
    node = next(n for n in nodes if n["label"] == "Partnership " + EVIL)
    assert "<script>" not in node["title"] and "&lt;script&gt;" in node["title"]  # pyvis tooltip is escaped HTML


def test_raw_text_and_json_are_served_as_data_not_html(poisoned):
    c = _client(poisoned[0])
    raw = c.get(f"/doc/{DOC}/text.txt")
    assert raw.headers["content-type"].startswith("text/plain") and raw.headers["x-content-type-options"] == "nosniff"
    assert raw.text.startswith(EVIL)  # verbatim: a plain-text body is never parsed as markup
    api = c.get("/api/entity", params={"iri": ID + "doc/" + DOC})
    assert api.headers["content-type"].startswith("application/json")
    assert api.json()["label"].endswith(EVIL) or any(EVIL in f["value"] for f in api.json()["facts"])


def test_external_iris_from_documents_are_never_links(poisoned):
    body = _client(poisoned[0]).get(f"/id/doc/{DOC}", headers={"Accept": "text/html"}).text
    assert "javascript:alert(5)" in body  # shown
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", body, re.I)


# --- traversal and injection through routes -----------------------------------------------------

class _Spy:
    """A store that records every query, to show a hostile path never reaches SPARQL."""

    def __init__(self, store) -> None:
        self.inner, self.seen = store, []
        self.texts_dir = store.texts_dir
        self.mode = store.mode

    def query(self, q, timeout=None):
        self.seen.append(q)
        return self.inner.query(q, timeout)

    def describe(self, iri, timeout=None):
        self.seen.append(iri)
        return self.inner.describe(iri, timeout)


@pytest.mark.parametrize("path", [
    "/id/x%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",   # x> ?p ?o } UNION { ?s ?p ?o
    "/id/council/E06000027%3E%20%3Fp%20%3Fo", "/id/%22%29%20%7D", "/id/a%00b", "/id/..%5C..%5Cetc",
    "/id/%252e%252e/%252e%252e/etc/passwd", "/id/%EF%BC%8E%EF%BC%8E/etc"])
def test_hostile_entity_paths_are_refused_before_any_query(poisoned, path):
    spy = _Spy(poisoned[0])
    r = _client(spy).get(path, headers={"Accept": "text/html"})
    assert r.status_code in (400, 404)
    assert not [q for q in spy.seen if "UNION" in q or "passwd" in q or "\x00" in q], spy.seen


@pytest.mark.parametrize("iri", ["https://w3id.org/csgkg/id/x> ?p ?o } UNION { ?s ?p ?o",
                                 'https://w3id.org/csgkg/id/x"', "https://w3id.org/csgkg/id/x\n",
                                 "https://w3id.org/csgkg/id/x{", "javascript:alert(1)", "file:///etc/passwd"])
def test_hostile_iris_in_the_api_are_refused_before_any_query(poisoned, iri):
    spy = _Spy(poisoned[0])
    r = _client(spy).get("/api/entity", params={"iri": iri})
    assert r.status_code == 400, (iri, r.status_code)
    assert not spy.seen


@pytest.mark.parametrize("url", ["/doc/%2e%2e%2f%2e%2e%2fetc%2fpasswd/text", "/doc/....//....//etc/text",
                                 "/doc/706d0a7c16a1e0c8%00/text", "/doc/706D0A7C16A1E0C8/text",
                                 "/static/%2e%2e%2f%2e%2e%2fgraph%2fstore.py", "/static//etc/passwd",
                                 "/static/..%5c..%5capp.py", "/static/vendor/../../app.py"])
def test_no_way_out_of_texts_or_static(poisoned, url):
    r = _client(poisoned[0]).get(url)
    assert r.status_code in (400, 404, 405), (url, r.status_code)
    assert "root:" not in r.text and "def create_app" not in r.text and "import" not in r.text


def test_a_text_file_that_is_a_symlink_out_of_texts_is_not_served(poisoned, tmp_path):
    from graph.store import open_store
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET outside the texts folder", encoding="utf-8")
    texts = tmp_path / "texts"
    texts.mkdir()
    os.symlink(secret, texts / "0123456789abcdef.txt")
    with open_store(poisoned[1] / "graph.trig", texts_dir=texts) as store:
        r = _client(store).get("/doc/0123456789abcdef/text.txt")
    assert r.status_code == 404 and "SECRET" not in r.text


def test_a_symlink_inside_static_is_not_followed(poisoned):
    static = Path(__file__).resolve().parent.parent / "viewer" / "static"
    link = static / f"test-link-{os.getpid()}.txt"
    os.symlink(Path(__file__).resolve(), link)
    try:
        r = _client(poisoned[0]).get(f"/static/{link.name}")
    finally:
        link.unlink()
    assert r.status_code == 404 and "symlink" not in r.text


# --- CORS and headers ------------------------------------------------------------------------------

def test_cors_preflight_is_refused_by_default_and_never_allows_credentials(poisoned):
    pre = {"Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
           "Access-Control-Request-Headers": "content-type"}
    closed = _client(poisoned[0]).options("/sparql", headers=pre)
    assert "access-control-allow-origin" not in closed.headers
    opened = _client(poisoned[0], cors_origins=("https://ok.example",))
    assert "access-control-allow-origin" not in opened.options("/sparql", headers=pre).headers
    ok = opened.options("/sparql", headers={**pre, "Origin": "https://ok.example"})
    assert ok.headers["access-control-allow-origin"] == "https://ok.example"
    assert ok.headers.get("access-control-allow-credentials") != "true"
    assert "DELETE" not in ok.headers.get("access-control-allow-methods", "")
    r = opened.get("/api/search?q=torbay", headers={"Origin": "https://ok.example", "Cookie": "a=b"})
    assert r.headers.get("access-control-allow-credentials") != "true"


def test_cors_origin_is_matched_exactly_not_by_prefix_or_suffix(poisoned):
    opened = _client(poisoned[0], cors_origins=("https://ok.example",))
    for origin in ("https://ok.example.evil.test", "https://evilok.example", "http://ok.example", "null"):
        r = opened.get("/api/search?q=torbay", headers={"Origin": origin})
        assert r.headers.get("access-control-allow-origin") in (None,), origin


@pytest.mark.parametrize("method,url,status", [
    ("GET", "/nowhere", 404), ("GET", "/id/nothing/here", 404), ("GET", "/api/entity?iri=x", 400),
    ("GET", "/sparql?query=" + "x" * 3000, 413), ("POST", "/sparql", 415), ("GET", "/static/site.css", 200),
    ("GET", "/api/snapshot?date=2019-05", 200), ("GET", "/openapi.json", 200), ("GET", "/sparql?query=ASK%7B%7D", 200)])
def test_every_answer_carries_the_security_headers(poisoned, method, url, status):
    r = _client(poisoned[0], max_request_bytes=2048).request(method, url, headers={"Accept": "text/html, */*;q=0.1"})
    assert r.status_code == status, (url, r.status_code)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in re.search(r"script-src[^;]*", csp).group(0)
    assert "object-src 'none'" in csp and "frame-ancestors 'none'" in csp and "base-uri 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"
