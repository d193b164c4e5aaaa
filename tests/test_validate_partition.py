"""Validating in parts (one part per named graph on forward closures, corpus-wide shapes on a
slice, SPARQL constraints on pyoxigraph) gives the same results as validating the merged graph
at once, from a QuadSet or from canonical N-Quads, and reuses cached parts only while they hold."""
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
    local_names = {str(s)[len(SHAPES_NS):] for s in local}
    assert "PermanentDcsOverlapShape" in names          # SPARQL comparing two tenures
    assert "DeliveryOrganisationShape" in names         # SPARQL reaching the node from a partnership
    assert "BoundedDateLiteralShape" in names           # inverse path from a target node
    assert "TenureRoleShape" in local_names
    assert {"TenureSeenWithinShape", "IntervalOrderShape", "EventPartnershipShape"} <= local_names  # forward SPARQL
    assert set(local) | set(wide) == set(reporting_shapes()) and not set(local) & set(wide)


@pytest.mark.parametrize("query, forward", [
    ("SELECT $this WHERE { $this <urn:p>/<urn:q> ?x . ?x <urn:r>* ?y }", True),
    ("SELECT $this WHERE { $this <urn:p> ?x . { ?x <urn:q> ?y } UNION { ?x <urn:r> ?y } }", True),
    ("SELECT $this WHERE { $this <urn:p> ?x . OPTIONAL { ?x <urn:q> ?y } FILTER NOT EXISTS { ?x <urn:r> ?z } }", True),
    ("SELECT $this WHERE { ?x <urn:p> $this }", False),                       # walks backward
    ("SELECT $this WHERE { $this ^<urn:p> ?x }", False),                      # inverse path
    ("SELECT $this WHERE { $this <urn:p> ?x . <urn:s> <urn:q> ?y }", False),  # a constant subject
    ("SELECT $this WHERE { $this <urn:p> ?x . OPTIONAL { $this <urn:q> ?y } ?y <urn:r> ?z }", False),
    ("SELECT $this WHERE { { FILTER NOT EXISTS { ?p <urn:m> $this } } }", False),
    ("SELECT $this WHERE { $this ?p ?x . ?p <urn:q> ?y }", False),           # a predicate is not reached
])
def test_forward_only_queries_are_told_from_their_algebra(query, forward):
    from graph.validate_sparql import forward_only
    assert forward_only(query) is forward


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
    whole = validate(g)
    assert validate_partitioned(qs, chunks=4)[0].results == whole.results


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



def _fixture(name: str, kind: str = "violating") -> Graph:
    return Graph().parse(CONTEXT, format="turtle").parse(HERE / name / f"{kind}.ttl", format="turtle")


def _ntriples(g: Graph) -> bytes:
    import pyoxigraph as ox
    from graph.quadset import to_ox
    return ox.serialize([ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g], format=ox.RdfFormat.N_TRIPLES)


SPARQL_SHAPES = sorted(str(s)[len(SHAPES_NS):] for s in __import__("graph.validate_sparql", fromlist=["x"]).sparql_checks())


@pytest.mark.parametrize("name", SPARQL_SHAPES)
@pytest.mark.parametrize("kind", ["violating", "conforming"])
def test_sparql_constraints_on_pyoxigraph_report_what_pyshacl_reports(name, kind):
    from graph.validate import report_of, run_shapes
    from graph.validate_partition import _ByteScope
    from graph.validate_sparql import evaluate, evaluate_forward, make_store, sparql_checks
    g = _fixture(name, kind)
    shape = URIRef(SHAPES_NS + name)
    check = sparql_checks()[shape]
    expected = report_of(run_shapes(g, shapes=[shape]))
    assert (kind == "conforming") == expected.conforms
    assert report_of(evaluate(make_store(_ntriples(g)), [check])) == expected
    if check.forward:
        assert report_of(evaluate_forward(_ntriples(g), [(check, _ByteScope.of([shape]))])) == expected


@pytest.mark.parametrize("name", ["PermanentDcsOverlapShape", "IntervalOrderShape"])
def test_a_literal_rdflib_reads_differently_leaves_the_sparql_to_pyshacl(name):
    text = (HERE / name / "violating.ttl").read_text(encoding="utf-8")
    bad = text.replace('"^^xsd:date', '-99"^^xsd:date', 1)  # an ill-typed date
    assert bad != text
    g = Graph().parse(CONTEXT, format="turtle").parse(data=bad, format="turtle")
    whole = validate(g)
    assert validate_partitioned(_nquads(_spread(g, 3)), chunks=2)[0].results == whole.results


CACHE_CASES = ["TenureRoleShape", "TenureSeenWithinShape", "PermanentDcsOverlapShape", "BoundedDateLiteralShape"]


@pytest.mark.parametrize("name", CACHE_CASES)
def test_a_cached_run_sees_a_change_that_adds_or_removes_a_violation(name, tmp_path):
    good = _nquads(_spread(_fixture(name, "conforming"), 4))
    bad = _nquads(_spread(_fixture(name, "violating"), 4))
    assert validate_partitioned(good, cache_dir=tmp_path, chunks=2)[0].conforms
    added, stats = validate_partitioned(bad, cache_dir=tmp_path, chunks=2)
    assert added == validate_partitioned(bad, chunks=2)[0] and not added.conforms
    assert stats["from cache"] >= 1 or len(bad) == 1
    removed, _ = validate_partitioned(good, cache_dir=tmp_path, chunks=2)
    assert removed.conforms


def test_a_change_in_one_graph_reaches_a_cached_part_whose_closure_it_touches(tmp_path):
    """The tenure's graph is unchanged; its member's types sit in another graph and are dropped."""
    from rdflib.namespace import ORG, RDF
    g = _fixture("TenureMemberShape", "conforming")
    members = set(g.objects(None, ORG.member))
    qs = QuadSet()
    for t in g:
        qs.graph(URIRef("https://example.org/graph/" + ("people" if t[0] in members else "tenures"))).add(t)
    before = _nquads(qs)
    first, _ = validate_partitioned(before, cache_dir=tmp_path)
    assert first.conforms
    after = dict(before)
    typed = f" <{RDF.type}> ".encode()
    after["https://example.org/graph/people"] = b"".join(
        line + b"\n" for line in before["https://example.org/graph/people"].splitlines() if typed not in line)
    from rdflib import Dataset
    whole = validate(Dataset().parse(data=b"".join(after.values()).decode(), format="nquads"))
    report, stats = validate_partitioned(after, cache_dir=tmp_path)
    assert not whole.conforms and report.results == whole.results
    assert stats["validated"] >= 2  # the changed graph and the tenures' part that reaches it


def test_a_second_run_reads_every_graph_summary_and_part_from_the_cache(tmp_path):
    data = _nquads(_spread(_fixture("PermanentDcsOverlapShape"), 5))
    first, s1 = validate_partitioned(data, cache_dir=tmp_path, chunks=2)
    from graph.quadset import graph_digest
    again, s2 = validate_partitioned(data, cache_dir=tmp_path, chunks=2,
                                     digests={n: graph_digest(b) for n, b in data.items()})
    assert again == first and not first.conforms
    assert s2["graphs from cache"] == len(data) and s2["validated"] == 0 and s2["from cache"] == s1["parts"]


def test_damaged_cache_entries_are_worked_out_again(tmp_path):
    """Graph summaries, part results and the plan: an entry damaged on disk that still parsed
    could hide a violation or name the wrong node, so none is used unchecked."""
    data = _nquads(_spread(_fixture("PermanentDcsOverlapShape"), 5))
    first, _ = validate_partitioned(data, cache_dir=tmp_path, chunks=2)
    entries = [f for f in (tmp_path / "validation").rglob("*") if f.is_file()]
    assert {f.suffix for f in entries} >= {".bin", ".json"}  # and the plan, when this process made it
    for f in entries:
        raw = bytearray(f.read_bytes())
        raw[-2] ^= 0x01
        f.write_bytes(bytes(raw))
    again, stats = validate_partitioned(data, cache_dir=tmp_path, chunks=2)
    assert again == first and stats["graphs from cache"] == 0 and stats["from cache"] == 0


ONCE_SHAPES = sorted(str(s)[len(SHAPES_NS):] for s, c in
                     __import__("graph.validate_sparql", fromlist=["x"]).sparql_checks().items()
                     if any(once for _, _, once in c.queries))


@pytest.mark.parametrize("name", ONCE_SHAPES)
def test_a_query_run_once_for_every_focus_node_drops_nodes_that_are_not_focus_nodes(name):
    """The violating node loses its types: pyshacl no longer targets it, and neither may pyoxigraph."""
    from rdflib.namespace import RDF
    from graph.validate import report_of, run_shapes
    from graph.validate_sparql import evaluate, make_store, sparql_checks
    g = _fixture(name)
    shape = URIRef(SHAPES_NS + name)
    first = run_shapes(g, shapes=[shape])[0][0]
    g.remove((URIRef(first.focus), RDF.type, None))
    expected = report_of(run_shapes(g, shapes=[shape]))
    assert report_of(evaluate(make_store(_ntriples(g)), [sparql_checks()[shape]])) == expected


def test_a_shape_comparing_two_predicates_reads_both():
    """sh:lessThanOrEquals names a second predicate the shape reads; a cut without it would hide
    an earliest date after the latest."""
    from graph.validate_partition import shape_scope
    predicates, _ = shape_scope(frozenset({URIRef(SHAPES_NS + "InstantEarliestShape")}))
    assert URIRef("https://w3id.org/csgkg/ontology#latest") in predicates
