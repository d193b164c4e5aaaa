"""/ontology: every class, property and concept of ontology/ with its texts and shapes; Turtle by Accept."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, SKOS

from viewer import Settings, create_app
from viewer.prefixes import curie

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "viewer"

TINY = """@prefix ex: <https://w3id.org/csgkg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Widget a owl:Class ; rdfs:label "widget"@en ; skos:definition "A thing for tests."@en ;
    skos:editorialNote "Chosen because tests need one."@en .
ex:colour a owl:DatatypeProperty ; rdfs:label "colour"@en ; rdfs:comment "Its colour."@en .
<https://w3id.org/csgkg/vocab/shade> a skos:ConceptScheme ; skos:prefLabel "shades"@en .
<https://w3id.org/csgkg/vocab/shade/dark> a skos:Concept ; skos:inScheme <https://w3id.org/csgkg/vocab/shade> ;
    skos:prefLabel "dark"@en ; skos:definition "Not light."@en ; skos:notation "dark" .
ex:WidgetShape a sh:NodeShape ; sh:targetClass ex:Widget ;
    sh:property [ sh:path ex:colour ; sh:minCount 1 ; sh:message "A widget needs a colour." ] ;
    sh:property [ sh:path ex:shade ; sh:in ( <https://w3id.org/csgkg/vocab/shade/dark> ) ] .
"""


@pytest.fixture(scope="module")
def store():
    from graph.store import open_store
    s = open_store(FIXTURE)
    yield s
    s.close()


def client_for(store, folder):
    from fastapi.testclient import TestClient
    return TestClient(create_app(Settings(graph=FIXTURE, ontology_dir=folder), store=store))


def test_every_term_of_the_project_ontology_is_listed(store):
    folder = ROOT / "ontology"
    g = Graph()
    for f in folder.rglob("*.ttl"):
        g.parse(f, format="turtle")
    terms = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, OWL.ObjectProperty)) \
        | set(g.subjects(RDF.type, OWL.DatatypeProperty)) | set(g.subjects(RDF.type, SKOS.Concept))
    assert terms, "ontology/ declares no terms"
    body = client_for(store, folder).get("/ontology", headers={"Accept": "text/html"}).text
    missing = [curie(str(t)) for t in terms if f'id="{curie(str(t))}"' not in body]
    assert not missing, f"not on /ontology: {missing[:10]}"


def test_term_rows_show_label_definition_note_and_constraining_shapes(store, tmp_path):
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    body = client_for(store, tmp_path).get("/ontology", headers={"Accept": "text/html"}).text
    row = body[body.index('id="csg:Widget"'):]
    row = row[:row.index("</tr>")]
    assert "widget" in row and "A thing for tests." in row and "Chosen because tests need one." in row
    assert "csg:WidgetShape" in row
    colour = body[body.index('id="csg:colour"'):]
    assert "csg:WidgetShape" in colour[:colour.index("</tr>")]
    dark = body[body.index('id="vocab:shade/dark"'):]
    assert "Not light." in dark[:dark.index("</tr>")] and "csg:WidgetShape" in dark[:dark.index("</tr>")]
    shapes = body[body.index('<section id="shapes">'):]
    assert "csg:WidgetShape" in shapes and "A widget needs a colour." in shapes


def test_ontology_turtle_by_accept_holds_every_triple(store, tmp_path):
    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    r = client_for(store, tmp_path).get("/ontology", headers={"Accept": "text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    assert len(Graph().parse(data=r.text, format="turtle")) == len(Graph().parse(data=TINY, format="turtle"))


def test_unparseable_ontology_file_is_named_in_the_error(store, tmp_path):
    (tmp_path / "broken.ttl").write_text("this is not turtle", encoding="utf-8")
    from viewer.ontology_page import load_ontology
    with pytest.raises(ValueError, match="broken.ttl"):
        load_ontology(tmp_path)
