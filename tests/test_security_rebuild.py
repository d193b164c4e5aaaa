"""Issue 7, reliability: the viewer keeps answering while a new build replaces out/.

The build swaps out/ in one rename and deletes the previous build's folder; the viewer
notices the change and opens the new one. Requests sent all the while must all succeed,
and the new graph must be served soon after.
"""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from viewer import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
COUNT_DOCS = "SELECT (COUNT(?d) AS ?n) WHERE { ?d a <https://w3id.org/csgkg/ontology#SourceDocument> }"


def _docs(client) -> int:
    r = client.get("/sparql", params={"query": COUNT_DOCS, "format": "json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_requests_keep_succeeding_across_a_rebuild_and_the_new_graph_is_served(tmp_path):
    from fastapi.testclient import TestClient
    from graph.pipeline import build, write_output
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / "003_d0e6e6c7b8f7d6d6.txt", corpus)
    first = build(corpus, None, validate=False, progress=False)
    shutil.copy(ROOT / "corpus" / "000_e29c3bb62bd00617.txt", corpus)
    second = build(corpus, None, validate=False, progress=False)
    out = write_output(first, tmp_path / "out")
    app = create_app(Settings(graph=out, query_timeout=10.0, store_workers=1, sparql_workers=1))
    statuses: list = []
    stop = threading.Event()
    with TestClient(app) as c:
        assert _docs(c) == 1

        def keep_asking():
            i = 0
            while not stop.is_set():
                i += 1
                r = c.get("/api/search", params={"q": f"co{i % 7}"[:3] if i % 2 else "council"})
                s = c.get("/sparql", params={"query": f"ASK {{ ?s ?p {i} }}"})
                statuses.extend([(r.status_code, r.text[:200]), (s.status_code, s.text[:200])])
                time.sleep(0.02)

        t = threading.Thread(target=keep_asking)
        t.start()
        time.sleep(0.5)
        old = out.resolve()
        write_output(second, out)               # swaps out/ and deletes the old folder
        assert not old.exists()
        deadline = time.monotonic() + 30
        while _docs(c) != 2:
            assert time.monotonic() < deadline, "the new build was not served within 30 s"
            time.sleep(0.2)
        time.sleep(0.5)
        stop.set()
        t.join(30)
    failed = [x for x in statuses if x[0] != 200]
    assert len(statuses) > 20
    assert not failed, failed[:5]
