"""The build's on-disk store: a rebuild updates the previous store and ends with the same quads as a full load."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.quadset import canonical_nquads, graph_digest
from graph.store_write import DIGESTS_FILE, read_digests, write_store

ROOT = Path(__file__).resolve().parent.parent
EX = "https://example.org/"


def _graphs(spec: dict[str, list[tuple[str, str, str]]]) -> dict[str, bytes]:
    return {EX + g: canonical_nquads(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), ox.Literal(o),
                                             ox.NamedNode(EX + g)) for s, p, o in triples)
            for g, triples in spec.items()}


def _contents(store_dir: Path) -> set:
    store = ox.Store.read_only(str(store_dir))
    return {str(q) for q in store}


def _write_build(folder: Path, graphs: dict[str, bytes], previous=None) -> str:
    folder.mkdir(parents=True)
    digests = {n: graph_digest(b) for n, b in graphs.items()}
    how = write_store(folder / "store", graphs, digests, previous)
    (folder / DIGESTS_FILE).write_text(json.dumps(digests), encoding="utf-8")
    return how


def test_an_update_of_changed_graphs_gives_the_same_store_as_a_full_load(tmp_path):
    before = _graphs({"a": [("s1", "p", "x"), ("s2", "p", "shared")],
                      "b": [("s3", "p", "y"), ("s2", "p", "shared")],
                      "gone": [("s4", "p", "z")]})
    after = _graphs({"a": [("s1", "p", "x2"), ("s2", "p", "shared")],   # changed
                     "b": [("s3", "p", "y"), ("s2", "p", "shared")],    # unchanged
                     "new": [("s5", "p", "w")]})                        # added; "gone" removed
    _write_build(tmp_path / "v1", before)
    how = _write_build(tmp_path / "v2", after, previous=tmp_path / "v1")
    assert how.startswith("updated: 3 of 3")
    _write_build(tmp_path / "full", after)
    assert _contents(tmp_path / "v2" / "store") == _contents(tmp_path / "full" / "store")
    default = {str(q.triple) for q in ox.Store.read_only(str(tmp_path / "v2" / "store"))
               if q.graph_name == ox.DefaultGraph()}
    # the merged default graph keeps a triple another graph still states, and drops the others
    assert any('"shared"' in t for t in default)
    assert not any('"x"' in t or '"z"' in t for t in default)
    # the previous build's store is untouched
    assert any('"z"' in q for q in _contents(tmp_path / "v1" / "store"))


def test_without_usable_digests_the_store_is_loaded_in_full(tmp_path):
    graphs = _graphs({"a": [("s1", "p", "x")]})
    _write_build(tmp_path / "v1", graphs)
    (tmp_path / "v1" / DIGESTS_FILE).write_text("not json", encoding="utf-8")
    assert read_digests(tmp_path / "v1") is None
    assert _write_build(tmp_path / "v2", graphs, previous=tmp_path / "v1") == "full"


def test_rebuilding_after_one_changed_document_updates_the_store_to_what_a_fresh_build_writes(tmp_path):
    from graph.pipeline import build, write_output
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)
    out = tmp_path / "out"
    write_output(build(corpus, None, progress=False), out)
    doc = corpus / "003_d0e6e6c7b8f7d6d6.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("41 per cent", "42 per cent"), encoding="utf-8")
    changed = build(corpus, None, progress=False)
    write_output(changed, out)
    assert changed.summary["store"].startswith("updated:")
    assert not changed.summary["store"].startswith("updated: 0 ")
    fresh_out = tmp_path / "fresh"
    fresh = build(corpus, None, progress=False)
    write_output(fresh, fresh_out)
    assert fresh.summary["store"] == "full"
    assert _contents(out / "store") == _contents(fresh_out / "store")
    assert (out / "graph.trig").read_bytes() == (fresh_out / "graph.trig").read_bytes()


def test_the_merged_size_kept_by_updates_equals_a_count_of_the_store(tmp_path):
    from graph.store_write import SIZE_FILE, _count_default, merged_triple_count
    before = _graphs({"a": [("s1", "p", "x"), ("s2", "p", "shared")], "b": [("s2", "p", "shared")],
                      "onto": [("c", "p", "only"), ("s2", "p", "shared")]})
    after = _graphs({"a": [("s1", "p", "x2"), ("s9", "p", "new")], "b": [("s2", "p", "shared")],
                     "onto": [("c", "p", "only"), ("s2", "p", "shared")]})
    _write_build(tmp_path / "v1", before)
    _write_build(tmp_path / "v2", after, previous=tmp_path / "v1")
    kept = json.loads((tmp_path / "v2" / SIZE_FILE).read_text())["default graph triples"]
    assert kept == _count_default(tmp_path / "v2" / "store") == 4
    # "only" is stated by the excluded graph alone; "shared" by another graph too
    assert merged_triple_count(tmp_path / "v2" / "store", exclude=EX + "onto") == 3
