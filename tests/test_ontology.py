"""The ontology Turtle, the closed namespace and the SKOS schemes agree and are complete."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph import namespace
from graph.namespace import CSG, CSG_IRI, ONTOLOGY_DIR, ONTOLOGY_IRI, SHAPES_FILE, VOCAB_BASE, VOCAB_DIR, csg_terms
from graph.validate import shapes_graph

ROOT = Path(__file__).resolve().parent.parent
TURTLE_FILES = sorted(ONTOLOGY_DIR.rglob("*.ttl"))
SCHEME_FILES = sorted(VOCAB_DIR.glob("*.ttl"))
CSG_RE = re.compile(r"csg:([A-Za-z][A-Za-z0-9]*)")


def _declared(g: Graph) -> dict[str, URIRef]:
    return {name: URIRef(CSG_IRI + name) for name in csg_terms(g)}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(namespace.ONTOLOGY_FILE, format="turtle")


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda p: str(p.relative_to(ONTOLOGY_DIR)))
def test_turtle_parses(path):
    assert len(Graph().parse(path, format="turtle")) > 0


def test_ontology_header_has_label_and_version(onto):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, RDFS.label) is not None
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) is not None


def test_namespace_and_turtle_declare_the_same_terms(onto):
    in_python = set(dir(CSG))  # the closed namespace lists its terms
    assert in_python == set(_declared(onto))


def test_closed_namespace_rejects_a_typo():
    with pytest.raises(AttributeError):
        CSG.Tenur  # noqa: B018


@pytest.mark.parametrize("path", TURTLE_FILES + [ROOT / "ARCHITECTURE.md"], ids=lambda p: p.name)
def test_every_csg_term_used_is_declared(onto, path):
    """Turtle files, shapes and the architecture contract only use declared csg: terms."""
    used = set(CSG_RE.findall(path.read_text(encoding="utf-8")))
    g = Graph().parse(path, format="turtle") if path.suffix == ".ttl" else None
    if g is not None:
        used |= {str(x)[len(CSG_IRI):] for t in g for x in t if isinstance(x, URIRef) and str(x).startswith(CSG_IRI)}
    assert used - set(_declared(onto)) == set()


def test_every_class_and_property_has_label_and_comment(onto):
    missing = [f"{name}: {what}" for name, iri in _declared(onto).items()
               for what, prop in (("rdfs:label", RDFS.label), ("rdfs:comment", RDFS.comment))
               if onto.value(iri, prop) is None]
    assert not missing


def test_every_alignment_to_a_standard_says_why(onto):
    """A csg: term that specialises a W3C / community term carries a skos:editorialNote."""
    missing = []
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf):
        for s, o in onto.subject_objects(prop):
            if str(s).startswith(CSG_IRI) and not str(o).startswith(CSG_IRI) and onto.value(s, SKOS.editorialNote) is None:
                missing.append(str(s)[len(CSG_IRI):])
    assert not missing


def test_reused_standard_classes_are_as_the_contract_says(onto):
    expected = {
        "Tenure": "http://www.w3.org/ns/org#Membership", "Judgement": "http://schema.org/Rating",
        "Partnership": "http://www.w3.org/ns/org#OrganizationalCollaboration",
        "PartnershipEvent": "http://www.w3.org/ns/org#ChangeEvent", "Inspection": "http://www.w3.org/ns/prov#Activity",
        "Evidence": "http://www.w3.org/ns/oa#Annotation", "Board": "http://www.w3.org/ns/org#OrganizationalUnit",
        "Council": "http://www.w3.org/ns/org#FormalOrganization",
    }
    for name, parent in expected.items():
        assert (URIRef(CSG_IRI + name), RDFS.subClassOf, URIRef(parent)) in onto, name


def test_scheme_files_are_the_schemes_of_the_contract():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("SKOS schemes (the `<scheme>` segment):", 1)[1].split(".\n", 1)[0]
    listed = set(re.findall(r"`([a-z-]+)`", block))
    assert listed == {p.stem for p in SCHEME_FILES}


@pytest.mark.parametrize("path", SCHEME_FILES, ids=lambda p: p.stem)
def test_scheme_is_complete(path):
    g = Graph().parse(path, format="turtle")
    scheme = URIRef(VOCAB_BASE + path.stem)
    assert list(g.subjects(RDF.type, SKOS.ConceptScheme)) == [scheme]
    assert g.value(scheme, SKOS.prefLabel) is not None and g.value(scheme, SKOS.definition) is not None
    problems = []
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert concepts, f"{path.name}: no concepts"
    for c in sorted(concepts):
        key = str(c).rsplit("/", 1)[-1]
        if str(c) != f"{scheme}/{key}":
            problems.append(f"{c}: IRI not under the scheme")
        for prop in (SKOS.prefLabel, SKOS.definition, SKOS.notation, SKOS.inScheme):
            if len(list(g.objects(c, prop))) != 1:
                problems.append(f"{key}: needs exactly one {prop.n3(g.namespace_manager)}")
        if g.value(c, SKOS.notation) != Literal(key):
            problems.append(f"{key}: skos:notation is not the key")
        top = (c, SKOS.topConceptOf, scheme) in g
        has_broader = g.value(c, SKOS.broader) is not None
        if top == has_broader:
            problems.append(f"{key}: must be a top concept exactly when it has no skos:broader")
    assert not problems


def test_grades_are_ordered_one_to_four():
    g = Graph().parse(VOCAB_DIR / "grade.ttl", format="turtle")
    orders = sorted(int(o) for o in g.objects(None, CSG.gradeOrder))
    assert orders == [1, 2, 3, 4]
    assert int(g.value(URIRef(VOCAB_BASE + "grade/outstanding"), CSG.gradeOrder)) == 1
    assert int(g.value(URIRef(VOCAB_BASE + "grade/inadequate"), CSG.gradeOrder)) == 4


def test_every_judgement_area_has_a_known_framework_or_is_shared_by_framework_areas():
    """An area without csg:framework is only the broader concept of areas of two frameworks or more
    (overall effectiveness when the source leaves the framework open)."""
    g = Graph().parse(VOCAB_DIR / "judgement-area.ttl", format="turtle")
    frameworks = {str(k) for k in Graph().parse(VOCAB_DIR / "framework.ttl", format="turtle").objects(None, SKOS.notation)}
    assert {"sif", "ilacs", "ilacs2026"} <= frameworks
    for c in g.subjects(RDF.type, SKOS.Concept):
        fw = g.value(c, CSG.framework)
        if fw is None:
            narrower_fws = {str(g.value(n, CSG.framework)) for n in g.subjects(SKOS.broader, c)}
            assert len(narrower_fws) >= 2 and narrower_fws <= frameworks, c
        else:
            assert str(fw) in frameworks, c


def test_every_framework_states_when_it_came_into_force_as_a_dated_literal():
    """The framework scheme carries its periods (csg:inForceFrom, optional csg:inForceUntil) as
    xsd:gYear, xsd:gYearMonth or xsd:date literals, never as plain strings."""
    from rdflib.namespace import XSD
    g = Graph().parse(VOCAB_DIR / "framework.ttl", format="turtle")
    concepts = list(g.subjects(RDF.type, SKOS.Concept))
    assert concepts
    for c in concepts:
        assert g.value(c, CSG.inForceFrom) is not None, c
        for prop in (CSG.inForceFrom, CSG.inForceUntil):
            for o in g.objects(c, prop):
                assert isinstance(o, Literal) and o.datatype in (XSD.gYear, XSD.gYearMonth, XSD.date), (c, o)


def test_shapes_refer_only_to_existing_concepts_and_schemes():
    text = SHAPES_FILE.read_text(encoding="utf-8")
    vg = namespace.vocab_graph()
    for iri in set(re.findall(re.escape(VOCAB_BASE) + r"[a-z0-9/-]+", text)):
        ref = URIRef(iri)
        assert (ref, RDF.type, SKOS.Concept) in vg or (ref, RDF.type, SKOS.ConceptScheme) in vg, iri


def test_shapes_load_and_every_reporting_shape_has_a_message():
    assert len(shapes_graph()) > 0  # shapes_graph() raises ShapesError listing shapes without a message
