"""Validating in parts (chunks of named graphs, corpus-wide shapes on a slice) gives the
same results as validating the merged graph at once, and reuses cached parts."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from graph.quadset import QuadSet
from graph.validate import reporting_shapes, validate
from graph.validate_partition import split_shapes, validate_partitioned

HERE = Path(__file__).parent / "shapes"
CONTEXT = HERE / "_context.ttl"
SHAPES_NS = "https://w3id.org/csgkg/shapes#"
SHAPE_NAMES = sorted(str(s)[len(SHAPES_NS):] for s in reporting_shapes())


def _spread(g: Graph, graphs: int) -> QuadSet:
    """The triples of ``g`` dealt into named graphs by a hash of their subject or of the whole triple."""
    qs = QuadSet()
    for i, t in enumerate(sorted(g, key=lambda t: tuple(map(str, t)))):
        key = str(t[0]) if i % 3 else "|".join(map(str, t))
        n = int(hashlib.sha256(key.encode()).hexdigest(), 16) % graphs
        qs.graph(URIRef(f"https://example.org/graph/{n}")).add(t)
    return qs


def test_shapes_split_into_local_and_corpus_wide_by_what_they_read():
    local, wide = split_shapes()
    names = {str(s)[len(SHAPES_NS):] for s in wide}
    assert "PermanentDcsOverlapShape" in names          # SPARQL comparing two tenures
    assert "BoundedDateLiteralShape" in names           # inverse path from a target node
    assert "TenureRoleShape" in {str(s)[len(SHAPES_NS):] for s in local}
    assert set(local) | set(wide) == set(reporting_shapes()) and not set(local) & set(wide)


@pytest.mark.parametrize("name", SHAPE_NAMES)
@pytest.mark.parametrize("graphs", [1, 5])
def test_partitioned_validation_reports_what_whole_validation_reports(name, graphs, tmp_path):
    g = Graph().parse(CONTEXT, format="turtle").parse(HERE / name / "violating.ttl", format="turtle")
    qs = _spread(g, graphs)
    whole = validate(g)
    parts, stats = validate_partitioned(qs, chunks=3)
    assert not whole.conforms
    assert parts.results == whole.results, f"{name}:\nwhole:\n{whole.text}\nparts:\n{parts.text}"


def test_conforming_fixtures_conform_in_parts():
    g = Graph().parse(CONTEXT, format="turtle")
    for name in SHAPE_NAMES:
        g.parse(HERE / name / "conforming.ttl", format="turtle")
    qs = _spread(g, 7)
    assert validate(g).conforms == validate_partitioned(qs, chunks=4)[0].conforms


def test_unchanged_parts_come_from_the_cache_and_a_change_is_seen(tmp_path):
    g = Graph().parse(CONTEXT, format="turtle").parse(HERE / "TenureRoleShape" / "conforming.ttl",
                                                      format="turtle")
    qs = _spread(g, 6)
    first, s1 = validate_partitioned(qs, cache_dir=tmp_path, chunks=4)
    again, s2 = validate_partitioned(qs, cache_dir=tmp_path, chunks=4)
    assert first.conforms and again.conforms
    assert s1["from cache"] == 0 and s2["validated"] == 0 and s2["from cache"] == s1["parts"]
    bad = Graph().parse(CONTEXT, format="turtle").parse(HERE / "TenureRoleShape" / "violating.ttl",
                                                        format="turtle")
    qs_bad = _spread(bad, 6)
    report, s3 = validate_partitioned(qs_bad, cache_dir=tmp_path, chunks=4)
    assert not report.conforms and s3["validated"] >= 1


def test_parts_run_in_worker_processes_give_the_same_report():
    g = Graph().parse(CONTEXT, format="turtle").parse(HERE / "PermanentDcsOverlapShape" / "violating.ttl",
                                                      format="turtle")
    qs = _spread(g, 5)
    one = validate_partitioned(qs, chunks=4, jobs=1)[0]
    two = validate_partitioned(qs, chunks=4, jobs=2)[0]
    assert one.results == two.results and not one.conforms


def test_the_built_corpus_validates_the_same_in_parts(built_corpus):
    result, _ = built_corpus
    from graph.names import graph_iri
    onto = graph_iri("ontology")
    whole = validate(result.dataset)
    qs = result.quads
    parts = validate_partitioned(qs, skip_graphs=(onto,))[0]
    assert whole.conforms and parts.conforms


def _nquads(qs: QuadSet) -> dict:
    from graph.quadset import canonical_nquads
    return {name: canonical_nquads(qs.graph_quads(name)) for name in qs.graph_names()}


@pytest.mark.parametrize("name", ["PermanentDcsOverlapShape", "TenureRoleShape", "EvidenceSourceShape"])
def test_canonical_nquads_by_graph_validate_like_the_quadset(name):
    g = Graph().parse(CONTEXT, format="turtle").parse(HERE / name / "violating.ttl", format="turtle")
    qs = _spread(g, 5)
    from_quads = validate_partitioned(qs, chunks=3)[0]
    from_bytes = validate_partitioned(_nquads(qs), chunks=3)[0]
    assert not from_bytes.conforms and from_bytes.results == from_quads.results == validate(g).results
