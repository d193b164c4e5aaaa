"""The derived-events stage reads a cut of the graph: the cut must never change the answer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.derived_events import analysis_fingerprint, derived_event_lines
from graph.names import graph_iri
from graph.sparql_scope import query_predicates, query_scope, queries_scope

ROOT = Path(__file__).resolve().parent.parent
PFX = "PREFIX ex: <urn:ex:> "


@pytest.fixture(scope="module")
def inputs():
    """What the build hands the stage (every graph, the derived graph holding the rules' triples
    so far), and the derived graph it ends with."""
    import graph.derived_events as stage
    from graph.pipeline import build
    seen = {}
    real = stage.derived_event_lines

    def spy(graphs, digests, cache_dir=None):
        seen["graphs"], seen["digests"] = dict(graphs), dict(digests)
        return real(graphs, digests, cache_dir)

    stage.derived_event_lines = spy
    try:
        result = build(ROOT / "corpus", None, validate=False, progress=False)
    finally:
        stage.derived_event_lines = real
    assert graph_iri("derived") in seen["graphs"]
    return seen["graphs"], seen["digests"], result.graphs[graph_iri("derived")]


def _forget_results(cache: Path) -> None:
    for f in (cache / "derived").glob("*.nt"):
        f.unlink()


def test_events_from_the_cut_equal_events_from_the_whole_graph(inputs, tmp_path):
    graphs, digests, _ = inputs
    whole, info = derived_event_lines(graphs, digests, None)
    assert whole and info == {"cached": False, "triples loaded": info["triples loaded"], "cut": False}
    first, info1 = derived_event_lines(graphs, digests, tmp_path)
    assert not info1["cut"] and sorted(first) == sorted(whole)
    _forget_results(tmp_path)
    cut, info2 = derived_event_lines(graphs, digests, tmp_path)
    assert info2["cut"] and info2["triples loaded"] < info1["triples loaded"]
    assert sorted(cut) == sorted(whole)


def test_an_unchanged_input_is_taken_from_the_cache(inputs, tmp_path):
    graphs, digests, _ = inputs
    first, _ = derived_event_lines(graphs, digests, tmp_path)
    again, info = derived_event_lines(graphs, digests, tmp_path)
    assert info == {"cached": True} and sorted(again) == sorted(first)


def test_a_kept_scope_narrower_than_the_queries_falls_back_to_the_whole_graph(inputs, tmp_path):
    graphs, digests, _ = inputs
    whole, _ = derived_event_lines(graphs, digests, None)
    from graph.cachefiles import read_checked, write_checked
    scope_file = tmp_path / "derived" / f"scope-{analysis_fingerprint()}.json"
    narrow = {"predicates": ["http://www.w3.org/1999/02/22-rdf-syntax-ns#type"], "classes": []}
    write_checked(scope_file, json.dumps(narrow).encode())
    got, info = derived_event_lines(graphs, digests, tmp_path)
    assert not info["cut"] and sorted(got) == sorted(whole)
    kept = json.loads(read_checked(scope_file))
    assert len(kept["predicates"]) > 1  # the scope the queries really read replaces the narrow one


def test_the_derived_graph_holds_the_events(inputs):
    graphs, digests, derived = inputs
    lines, _ = derived_event_lines(graphs, digests, None)
    suffix = f" <{graph_iri('derived')}> .".encode()
    held = set(derived.splitlines())
    assert all(line[:-2] + suffix in held for line in lines)


def test_constant_predicates_and_paths_bound_the_scope():
    assert query_predicates(PFX + "SELECT * WHERE { ?a ex:p ?b . ?b ex:q/ex:r* ?c . ?c ^ex:s|ex:t ?d }") == \
        frozenset({"urn:ex:p", "urn:ex:q", "urn:ex:r", "urn:ex:s", "urn:ex:t"})


def test_patterns_inside_exists_and_optional_are_read_too():
    got = query_predicates(PFX + "SELECT * WHERE { ?a ex:p ?b OPTIONAL { ?b ex:q ?c } "
                                 "BIND(EXISTS { ?a ex:r ?x } AS ?e) FILTER NOT EXISTS { ?a ex:s ?y } }")
    assert got == frozenset({"urn:ex:p", "urn:ex:q", "urn:ex:r", "urn:ex:s"})


def test_patterns_written_with_semicolons_and_commas_inside_exists_are_read_too():
    got = query_scope(PFX + "SELECT * WHERE { ?a ex:p ?b FILTER NOT EXISTS { ?a ex:q ?c, ?e ; ex:r/ex:s ?d . ?d a ex:K } }")
    assert got.predicates == frozenset({"urn:ex:p", "urn:ex:q", "urn:ex:r", "urn:ex:s",
                                        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})
    assert got.classes == frozenset({"urn:ex:K"})


def test_a_free_variable_predicate_or_a_negated_path_reads_everything():
    assert query_predicates(PFX + "SELECT * WHERE { ?a ?p ?b }") is None
    assert query_predicates(PFX + "SELECT * WHERE { ?a !ex:p ?b }") is None
    assert query_predicates(PFX + "SELECT * WHERE { ?a ?p ?b VALUES ?p { ex:p ex:q } }") == \
        frozenset({"urn:ex:p", "urn:ex:q"})


def test_classes_are_bounded_by_constants_and_values_only():
    assert query_scope(PFX + "SELECT * WHERE { ?a a ex:C }").classes == frozenset({"urn:ex:C"})
    assert query_scope(PFX + 'SELECT * WHERE { VALUES (?c ?k) { (ex:C "c") (ex:D "d") } ?a a ?c }').classes == \
        frozenset({"urn:ex:C", "urn:ex:D"})
    assert query_scope(PFX + "SELECT * WHERE { ?a a ?c }").classes is None
    assert query_scope(PFX + "SELECT * WHERE { ?a a/ex:p ?c }").classes is None
    assert query_scope(PFX + "SELECT * WHERE { ?a ?p ?c VALUES ?p { rdf:type } }".replace(
        "SELECT", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT")).classes is None
    both = queries_scope([PFX + "SELECT * WHERE { ?a a ex:C }", PFX + "SELECT * WHERE { ?a a ?c }"])
    assert both.classes is None and both.predicates == frozenset({"http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})


def test_events_written_into_a_plain_sink_equal_the_rdflib_graph(inputs, tmp_path):
    from rdflib import URIRef
    from graph.analysis import derive, project
    from graph.quadset import GraphSink, merged_ntriples
    from graph.store import open_store
    graphs, _, _ = inputs
    path = tmp_path / "merged.nt"
    path.write_bytes(merged_ntriples(graphs))
    with open_store(path) as store:
        G = project(store)
    sink = GraphSink(URIRef(graph_iri("derived")))
    assert set(derive(G, into=sink)) == set(derive(G)) and len(sink) > 0


def test_damaged_cache_entries_are_not_used(inputs, tmp_path):
    graphs, digests, _ = inputs
    whole, _ = derived_event_lines(graphs, digests, None)
    derived_event_lines(graphs, digests, tmp_path)          # records the scope, the cuts, the result
    entries = sorted((tmp_path / "derived").rglob("*.nt"))
    assert len(entries) > 2
    for e in entries:  # damage each entry's data (a cut or the result)
        raw = bytearray(e.read_bytes())
        if len(raw) > 12:
            raw[-2] ^= 0x01
            e.write_bytes(bytes(raw))
    got, info = derived_event_lines(graphs, digests, tmp_path)
    assert not info["cached"] and sorted(got) == sorted(whole)
