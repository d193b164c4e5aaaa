"""The full-text index finds findings by their words and quotes by the fact
they support, agrees with a SPARQL CONTAINS scan, and treats input as words."""
from __future__ import annotations

import pytest

from graph.store import open_store
from graph.textindex import TextIndex, fts_query

TRIG = """
@prefix csg: <https://w3id.org/csgkg/ontology#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix f: <https://w3id.org/csgkg/id/inspection/E09999991/2019-01-07/finding/> .
@prefix ev: <https://w3id.org/csgkg/id/evidence/> .

<https://w3id.org/csgkg/graph/doc/bbbb000000000001> {
  f:12 a csg:Finding ; csg:text "Managers do not always ensure that plans are reviewed in a timely way." .
  f:13 a csg:Finding ; csg:text "Social workers know their children well and visit them regularly." .
  f:14 a csg:Finding ; csg:text "Oversight by senior leaders is strong." .
  ev:e1 oa:hasBody f:13 ; oa:hasTarget <https://w3id.org/csgkg/id/evidence/e1#target> .
  <https://w3id.org/csgkg/id/evidence/e1#target> oa:hasSelector <https://w3id.org/csgkg/id/evidence/e1#selector> .
  <https://w3id.org/csgkg/id/evidence/e1#selector> oa:exact "visit them regularly" .
  ev:e2 oa:hasBody <https://w3id.org/csgkg/id/tenure/t9> ;
      oa:hasTarget <https://w3id.org/csgkg/id/evidence/e2#target> .
  <https://w3id.org/csgkg/id/evidence/e2#target> oa:hasSelector <https://w3id.org/csgkg/id/evidence/e2#selector> .
  <https://w3id.org/csgkg/id/evidence/e2#selector> oa:exact "the interim director of children's services" .
}
"""
F = "https://w3id.org/csgkg/id/inspection/E09999991/2019-01-07/finding/"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    p = tmp_path_factory.mktemp("ti") / "graph.trig"
    p.write_text(TRIG, encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def index(data):
    return TextIndex.build(data)


def test_indexes_texts_and_quotes(index):
    assert len(index) == 5


def test_finds_a_finding_by_stemmed_words(index):
    hits = index.search("manager ensures")
    assert [iri for iri, _ in hits] == [F + "12"]
    assert "[Managers]" in hits[0][1]


def test_a_quote_names_the_fact_it_supports_once(index):
    hits = index.search("visit regularly")
    assert [iri for iri, _ in hits] == [F + "13"]  # text and quote both match: one hit


def test_quote_of_a_non_text_fact(index):
    hits = index.search("interim director")
    assert hits == [("https://w3id.org/csgkg/id/tenure/t9", hits[0][1])]
    assert "[interim]" in hits[0][1]


def test_all_words_must_occur(index):
    assert index.search("oversight weak") == []
    assert [i for i, _ in index.search("oversight strong")] == [F + "14"]


def test_prefix_search(index):
    assert [i for i, _ in index.search("overs*")] == [F + "14"]


def test_operators_in_input_are_plain_words(index):
    assert fts_query('NEAR(x) OR "y"') == '"NEAR" "x" "OR" "y"'
    assert index.search("strong OR timely") == []
    with pytest.raises(ValueError, match="no words"):
        index.search("-- ()")


def test_limit(index):
    assert len(index.search("the", limit=1)) == 1
    with pytest.raises(ValueError, match="limit"):
        index.search("the", limit=0)


def test_agrees_with_a_sparql_contains_scan(data, index):
    with open_store(data) as store:
        res = store.query("""
            PREFIX csg: <https://w3id.org/csgkg/ontology#>
            SELECT DISTINCT ?node WHERE { ?node csg:text ?t FILTER(CONTAINS(LCASE(?t), "senior")) }""")
    assert {str(r[0]) for r in res.rows} == {i for i, _ in index.search("senior")}


def test_index_file_is_rebuilt(tmp_path, data):
    path = tmp_path / "texts.sqlite"
    TextIndex.build(data, path).close()
    idx = TextIndex.build(data, path)
    assert len(idx) == 5
    idx.close()
    assert len(TextIndex(path)) == 5
