"""The store interface answers the same on every local engine and mode, stops
runaway queries at the limit, and names what is wrong when it cannot open."""
from __future__ import annotations

import time

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from graph.store import (
    QueryError,
    QueryTimeout,
    StoreError,
    build_store,
    open_store,
)

# A tiny dataset in the ARCHITECTURE.md shapes; made-up councils and people.
TINY_TRIG = """
@prefix csg: <https://w3id.org/csgkg/ontology#> .
@prefix council: <https://w3id.org/csgkg/id/council/> .
@prefix person: <https://w3id.org/csgkg/id/person/> .
@prefix tenure: <https://w3id.org/csgkg/id/tenure/> .
@prefix ev: <https://w3id.org/csgkg/id/evidence/> .
@prefix gr: <https://w3id.org/csgkg/graph/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

gr:reference {
  council:E09999991 a csg:Council ; rdfs:label "Examplesham Council" .
  council:E09999992 a csg:Council ; rdfs:label "Sampleton Council"@en .
}

<https://w3id.org/csgkg/graph/doc/aaaa000000000001> {
  person:pat-example a csg:Person ; foaf:name "Pat Example" ; rdfs:label "Pat Example" .
  tenure:t1 a csg:Tenure ; org:member person:pat-example ;
      org:organization council:E09999991 ; org:role <https://w3id.org/csgkg/vocab/role/dcs> ;
      org:memberDuring <https://w3id.org/csgkg/id/tenure/t1#during> ; csg:evidence ev:e1 .
  <https://w3id.org/csgkg/id/tenure/t1#during> a time:Interval ;
      time:hasBeginning <https://w3id.org/csgkg/id/tenure/t1#start> .
  <https://w3id.org/csgkg/id/tenure/t1#start> a time:Instant ;
      time:inXSDgYearMonth "2016-07"^^xsd:gYearMonth ;
      csg:earliest "2016-07-01"^^xsd:date ; csg:latest "2016-07-31"^^xsd:date .
  ev:e1 a csg:Evidence, oa:Annotation ; oa:hasBody tenure:t1 ;
      oa:hasTarget <https://w3id.org/csgkg/id/evidence/e1#target> .
  <https://w3id.org/csgkg/id/evidence/e1#target>
      oa:hasSelector <https://w3id.org/csgkg/id/evidence/e1#selector> .
  <https://w3id.org/csgkg/id/evidence/e1#selector> a oa:TextQuoteSelector ;
      oa:exact "Pat Example, director" ; csg:startOffset 1234 .
}

<https://w3id.org/csgkg/graph/doc/aaaa000000000002> {
  tenure:t1 a csg:Tenure ; org:organization council:E09999991 .
  <https://w3id.org/csgkg/id/inspection/E09999992/2018-06-11> a csg:Inspection ;
      csg:inspectedOrganization council:E09999992 .
  <https://w3id.org/csgkg/id/inspection/E09999992/2018-06-11/judgement/overall> a csg:Judgement ;
      csg:judgementOf <https://w3id.org/csgkg/id/inspection/E09999992/2018-06-11> ;
      csg:grade <https://w3id.org/csgkg/vocab/grade/inadequate> ;
      csg:value "41.5"^^xsd:decimal .
}
"""

ID = "https://w3id.org/csgkg/id/"
GR = "https://w3id.org/csgkg/graph/"
PREFIXES = """PREFIX csg: <https://w3id.org/csgkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX time: <http://www.w3.org/2006/time#>
"""

ENGINE_CASES = [
    ("oxigraph", "file"),
    ("oxigraph", "built"),
    ("memory", "file"),
]


@pytest.fixture(scope="module")
def build_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    (out / "graph.trig").write_text(TINY_TRIG, encoding="utf-8")
    (out / "texts").mkdir()
    return out


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory, build_dir):
    out = tmp_path_factory.mktemp("built")
    (out / "graph.trig").write_text(TINY_TRIG, encoding="utf-8")
    build_store(out / "graph.trig", out / "store")
    return out


@pytest.fixture(scope="module", params=ENGINE_CASES, ids=lambda c: f"{c[0]}-{c[1]}")
def store(request, build_dir, built_dir):
    engine, source = request.param
    location = built_dir if source == "built" else build_dir / "graph.trig"
    s = open_store(location, engine=engine)
    yield s
    s.close()


def test_select_rows_are_rdflib_terms_in_variable_order(store):
    res = store.query(PREFIXES + """
        SELECT ?person ?council ?start WHERE {
          ?t a csg:Tenure ; org:member ?person ; org:organization ?council ;
             org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?start .
        }""")
    assert res.kind == "select"
    assert res.vars == ["person", "council", "start"]
    assert res.rows == [(
        URIRef(ID + "person/pat-example"),
        URIRef(ID + "council/E09999991"),
        Literal("2016-07", datatype=XSD.gYearMonth),
    )]


def test_plain_language_and_typed_literals_decode_alike(store):
    res = store.query(PREFIXES + """
        SELECT ?label ?v WHERE { { ?c a csg:Council ; rdfs:label ?label }
          UNION { ?j csg:value ?v } } """)
    got = set(res.rows)
    assert (Literal("Examplesham Council"), None) in got
    assert (Literal("Sampleton Council", lang="en"), None) in got
    assert (None, Literal("41.5", datatype=XSD.decimal)) in got


def test_default_graph_is_the_set_union_of_named_graphs(store):
    # the tenure's type and organisation are in two documents, its person in
    # one: joined across graphs, and counted once (not once per graph)
    res = store.query(PREFIXES + """
        SELECT (COUNT(*) AS ?n) WHERE { ?t a csg:Tenure ; org:member ?p ; csg:evidence ?e .
          ?j csg:judgementOf ?i }""")
    assert int(res.rows[0][0]) == 1


def test_graph_patterns_see_each_named_graph(store):
    res = store.query(PREFIXES + f"""
        SELECT ?g WHERE {{ GRAPH ?g {{ <{ID}tenure/t1> a csg:Tenure }} }} ORDER BY ?g""")
    assert [r[0] for r in res.rows] == [
        URIRef(GR + "doc/aaaa000000000001"),
        URIRef(GR + "doc/aaaa000000000002"),
    ]


def test_ask(store):
    assert store.query(PREFIXES + "ASK { ?x a csg:Inspection }").boolean is True
    res = store.query(PREFIXES + "ASK { ?x a csg:Partnership }")
    assert res.kind == "ask" and res.boolean is False


def test_construct_returns_a_graph(store):
    res = store.query(PREFIXES + "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a csg:Council ; rdfs:label ?l }")
    assert res.kind == "graph"
    assert len(res.graph) == 2
    assert (URIRef(ID + "council/E09999991"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Examplesham Council")) in res.graph


def test_describe_gives_triples_as_subject_and_object_across_graphs(store):
    g = store.describe(ID + "tenure/t1")
    subjects = {s for s, _, _ in g}
    assert URIRef(ID + "evidence/e1") in subjects  # oa:hasBody points at it
    assert (URIRef(ID + "tenure/t1"), URIRef("http://www.w3.org/ns/org#member"),
            URIRef(ID + "person/pat-example")) in g
    assert len(g) == 7  # 6 as subject (a, member, organization, role, memberDuring, evidence) + 1 as object


def test_describe_rejects_text_that_is_not_an_iri(store):
    with pytest.raises(ValueError, match="not an absolute IRI"):
        store.describe("x> } DROP ALL {")


def test_syntax_error_is_a_query_error(store):
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELECT WHERE {")


def test_all_engines_agree(build_dir, built_dir):
    q = PREFIXES + "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    answers = []
    for engine, source in ENGINE_CASES:
        location = built_dir if source == "built" else build_dir / "graph.trig"
        with open_store(location, engine=engine) as s:
            answers.append(sorted(s.query(q).rows))
    assert answers[0] == answers[1] == answers[2]
    assert len(answers[0]) > 20


def test_build_folder_uses_its_store_and_texts(built_dir, build_dir):
    with open_store(built_dir) as s:
        assert s.source == str(built_dir / "store")
        assert s.query(PREFIXES + "ASK { ?x a csg:Tenure }").boolean
    with open_store(build_dir) as s:  # no store/: falls back to graph.trig
        assert s.texts_dir == build_dir / "texts"


def test_store_without_merged_default_graph_is_refused(tmp_path):
    import pyoxigraph as ox

    raw = ox.Store(str(tmp_path / "raw"))
    raw.load(input=TINY_TRIG, format=ox.RdfFormat.TRIG)
    del raw
    with pytest.raises(StoreError, match="not written by graph.store.build_store"):
        open_store(tmp_path / "raw")


def test_build_store_refuses_a_non_empty_folder(built_dir):
    with pytest.raises(FileExistsError, match="not empty"):
        build_store(built_dir / "graph.trig", built_dir / "store")


def test_unknown_engine_is_named():
    with pytest.raises(ValueError, match="unknown store engine 'sparkle'"):
        open_store("out", engine="sparkle")


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.trig"
    with pytest.raises(FileNotFoundError, match="nope.trig"):
        open_store(missing)


def test_build_folder_without_data_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="graph.trig"):
        open_store(tmp_path)


def test_unknown_file_type_is_named(tmp_path):
    bad = tmp_path / "data.xyz"
    bad.write_text("x")
    with pytest.raises(StoreError, match="data.xyz"):
        open_store(bad)


def test_parse_error_names_the_file(tmp_path):
    bad = tmp_path / "broken.trig"
    bad.write_text("<a> <b> .")
    with pytest.raises(StoreError, match="broken.trig"):
        open_store(bad)


def test_remote_engine_needs_an_endpoint():
    with pytest.raises(ValueError, match="endpoint"):
        open_store(engine="remote")


CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("source", ["built", "file"])
def test_pool_kills_a_runaway_query_at_the_limit(built_dir, source):
    location = built_dir if source == "built" else built_dir / "graph.trig"
    with open_store(location, mode="pool", workers=1) as s:
        # warm: the worker is up and answers
        assert s.query(PREFIXES + "ASK { ?x a csg:Tenure }", timeout=60).boolean
        pid = s._runner.pids()[0]
        t0 = time.monotonic()
        with pytest.raises(QueryTimeout, match="1 s time limit"):
            s.query(CARTESIAN, timeout=1.0)
        took = time.monotonic() - t0
        assert took < 3.0
        assert s._runner.last_killed_pid == pid
        assert not _alive(pid), "the worker running the runaway query must be gone"
        # a fresh worker takes over and answers
        res = s.query(PREFIXES + "SELECT ?c WHERE { ?c a csg:Council }", timeout=60)
        assert len(res.rows) == 2
        assert s._runner.pids() and pid not in s._runner.pids()


def test_pool_answers_like_inline(built_dir):
    q = PREFIXES + "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    with open_store(built_dir, mode="pool", workers=2) as pooled, open_store(built_dir) as inline:
        assert sorted(pooled.query(q, timeout=60).rows) == sorted(inline.query(q).rows)
        with pytest.raises(QueryError):
            pooled.query("SELECT nonsense", timeout=60)
        # the worker survives a bad query
        assert pooled.query(PREFIXES + "ASK { ?x a csg:Council }", timeout=60).boolean


def test_pool_memory_engine_is_also_stopped(built_dir):
    with open_store(built_dir / "graph.trig", engine="memory", mode="pool", workers=1) as s:
        assert s.query(PREFIXES + "ASK { ?x a csg:Council }", timeout=60).boolean
        pid = s._runner.pids()[0]
        with pytest.raises(QueryTimeout):
            s.query(CARTESIAN, timeout=1.0)
        assert not _alive(pid)


def test_inline_timeout_stops_between_rows(build_dir):
    # many rows: the limit is checked every 256 rows
    q = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with open_store(build_dir / "graph.trig") as s:
        t0 = time.monotonic()
        with pytest.raises(QueryTimeout):
            s.query(q, timeout=0.5)
        assert time.monotonic() - t0 < 5


# --- reordering required patterns ahead of OPTIONALs (graph.store_reorder)

from graph.store_reorder import reorder_optionals  # noqa: E402

AFTER_OPTIONAL = PREFIXES + """PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?t ?label ?quote WHERE {
  ?t a csg:Tenure ; csg:evidence ?ev .   # a comment with { braces } and a ?var
  OPTIONAL { ?t rdfs:label ?label }
  FILTER(?quote != "x. y { z")
  ?ev oa:hasTarget/oa:hasSelector/oa:exact ?quote .
}"""


def test_required_pattern_after_optional_moves_before_it():
    out = reorder_optionals(AFTER_OPTIONAL)
    body = out[out.index("WHERE"):]
    assert body.index("oa:hasTarget") < body.index("OPTIONAL")
    assert body.index('FILTER(?quote != "x. y { z")') > body.index("OPTIONAL")  # filters stay put


def test_pattern_sharing_an_optional_variable_stays():
    q = PREFIXES + """SELECT * WHERE { ?t a csg:Tenure . OPTIONAL { ?t rdfs:label ?l }
        ?x rdfs:label ?l . }"""
    assert reorder_optionals(q) == q  # ?l may be unbound on the left: joining first would change answers


def test_pattern_sharing_a_certain_variable_moves():
    q = PREFIXES + "SELECT * WHERE { ?t a csg:Tenure ; rdfs:label ?l . OPTIONAL { ?t csg:x ?l } ?y rdfs:label ?l . }"
    out = reorder_optionals(q)
    assert out.index("?y rdfs:label ?l") < out.index("OPTIONAL")


def test_pattern_using_a_bind_after_the_optional_stays():
    q = PREFIXES + """SELECT * WHERE { ?t a csg:Tenure . OPTIONAL { ?t rdfs:label ?l }
        BIND(STR(?t) AS ?s) ?s2 rdfs:label ?s . }"""
    assert reorder_optionals(q) == q


def test_not_understood_queries_are_left_alone():
    for q in ("SELECT * { ?s ?p ?o OPTIONAL { ?s ?q ?r } ?s a ?c }",  # no WHERE keyword
              "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r } SERVICE <http://x/> { ?s a ?c } }",
              "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?s ?q ?r } ?s a ?c ",  # unbalanced
              "SELECT * WHERE { ?s ?p ?o . ?s a ?c }"):
        assert reorder_optionals(q) == q


def test_decimal_literals_do_not_split_a_pattern():
    q = PREFIXES + "SELECT * WHERE { ?j a csg:Judgement . OPTIONAL { ?j csg:grade ?g } ?j csg:value 41.5 . }"
    out = reorder_optionals(q)
    assert "?j csg:value 41.5 ." in out and out.index("41.5") < out.index("OPTIONAL")


@pytest.mark.parametrize("engine", ["oxigraph", "memory"])
def test_reordered_query_gives_the_same_answers(build_dir, engine):
    with open_store(build_dir / "graph.trig", engine=engine, reorder=False) as s:
        plain = sorted(s.query(AFTER_OPTIONAL).rows)
        moved = sorted(s.query(reorder_optionals(AFTER_OPTIONAL)).rows)
    assert plain == moved and len(plain) == 1


def test_required_pattern_after_bind_moves_unless_it_uses_the_bound_variable():
    q = PREFIXES + """SELECT * WHERE { ?t a csg:Tenure ; org:member ?p .
        BIND(STR(?t) AS ?s) ?p rdfs:label ?name . ?x rdfs:label ?s . }"""
    out = reorder_optionals(q)
    assert out.index("?p rdfs:label ?name") < out.index("BIND")
    assert out.index("?x rdfs:label ?s") > out.index("BIND")
