"""Publishing to a real SPARQL 1.1 server keeps the named graphs, and the
remote engine answers like the embedded one.

Starts the ``oxigraph`` server (pip package "oxigraph") on 127.0.0.1 with a
free port and an in-memory store, bounded in time, stopped at the end. Skips
with the reason when the server binary is not installed.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bench.load import stop_process

from graph.publish import PublishError, publish
from graph.store import QueryError, open_store

from test_store import PREFIXES, TINY_TRIG  # the same tiny dataset

GR = "https://w3id.org/csgkg/graph/"


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    if local.is_file():
        return str(local)
    return shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("oxigraph server binary not installed (pip install oxigraph into the venv)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--timeout-s", "30"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            if proc.poll() is not None:
                pytest.skip(f"oxigraph server exited at start: {proc.stderr.read().decode()[:300]}")
            try:
                httpx.get(f"{base}/query", params={"query": "ASK {}"}, timeout=1.0)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    pytest.fail("oxigraph server did not answer within 20 s")
                time.sleep(0.1)
        yield base
    finally:
        stop_process(proc)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    p = tmp_path_factory.mktemp("pub") / "graph.trig"
    p.write_text(TINY_TRIG, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def published(server, dataset):
    return publish(dataset, f"{server}/store")


def test_publish_sends_every_named_graph_and_the_merged_default(published):
    assert set(published) == {GR + "reference", GR + "doc/aaaa000000000001",
                              GR + "doc/aaaa000000000002", "default"}
    # the merged default graph holds each triple once
    assert published["default"] < sum(n for g, n in published.items() if g != "default")


def test_named_graphs_survive(server, published):
    with open_store(endpoint=f"{server}/query") as remote:
        res = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", timeout=10)
    assert [str(r[0]) for r in res.rows] == sorted(g for g in published if g != "default")


def test_remote_answers_like_the_embedded_store(server, published, dataset):
    queries = [
        PREFIXES + "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
        PREFIXES + "SELECT ?g ?s WHERE { GRAPH ?g { ?s a csg:Tenure } }",
        PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?t a csg:Tenure ; org:organization ?o }",
        PREFIXES + "SELECT ?label WHERE { ?c a csg:Council ; rdfs:label ?label }",
    ]
    with open_store(endpoint=f"{server}/query") as remote, open_store(dataset) as local:
        for q in queries:
            assert sorted(remote.query(q, timeout=10).rows) == sorted(local.query(q).rows), q
        assert remote.query(PREFIXES + "ASK { ?x a csg:Inspection }", timeout=10).boolean is True
        c = PREFIXES + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a csg:Council ; rdfs:label ?l }"
        assert set(remote.query(c, timeout=10).graph) == set(local.query(c).graph)
        iri = "https://w3id.org/csgkg/id/tenure/t1"
        assert set(remote.describe(iri)) == set(local.describe(iri))


def test_remote_syntax_error_is_a_query_error(server, published):
    with open_store(endpoint=f"{server}/query") as remote:
        with pytest.raises(QueryError):
            remote.query("SELECT WHERE {", timeout=10)


def test_republishing_replaces_graphs(server, published, dataset):
    again = publish(dataset, f"{server}/store")
    assert again == published
    with open_store(endpoint=f"{server}/query") as remote:
        n = remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", timeout=10).rows[0][0]
    assert int(n) == sum(v for g, v in published.items() if g != "default")


def test_refused_graph_is_named(server, dataset):
    with pytest.raises(PublishError, match="HTTP"):
        publish(dataset, f"{server}/no-such-endpoint")


def test_missing_dataset_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="absent.trig"):
        publish(tmp_path / "absent.trig", "http://127.0.0.1:9/store")
