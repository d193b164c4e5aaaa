"""Every SHACL shape, tested by data: tests/shapes/<ShapeName>/{conforming,violating}.ttl.

Each fixture is validated together with tests/shapes/_context.ttl (councils, a
document, evidence, inspections, people), which conforms on its own. A
violating fixture must be reported by its own shape only, with that shape's
message, so a fixture that fails for another reason is caught too.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from graph.validate import check_shapes, reporting_shapes, shape_messages, validate

HERE = Path(__file__).parent / "shapes"
CONTEXT = HERE / "_context.ttl"
SHAPES_NS = "https://w3id.org/csgkg/shapes#"
SHAPE_NAMES = sorted(str(s)[len(SHAPES_NS):] for s in reporting_shapes())
FIXTURE_DIRS = sorted(p.name for p in HERE.iterdir() if p.is_dir())


def _load(fixture: Path) -> Graph:
    g = Graph()
    g.parse(CONTEXT, format="turtle")
    g.parse(fixture, format="turtle")
    return g


def test_context_alone_conforms():
    g = Graph().parse(CONTEXT, format="turtle")
    report = validate(g)
    assert report.conforms, report.text


def test_every_shape_has_both_fixtures():
    missing = [f"{name}/{kind}.ttl" for name in SHAPE_NAMES for kind in ("conforming", "violating")
               if not (HERE / name / f"{kind}.ttl").is_file()]
    assert not missing, "shapes without fixtures: " + ", ".join(missing)


def test_every_fixture_folder_names_a_shape():
    stray = sorted(set(FIXTURE_DIRS) - set(SHAPE_NAMES))
    assert not stray, "fixture folders for no shape: " + ", ".join(stray)


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_conforming_fixture_conforms(name):
    report = validate(_load(HERE / name / "conforming.ttl"))
    assert report.conforms, report.text


@pytest.mark.parametrize("name", SHAPE_NAMES)
def test_violating_fixture_is_reported_by_its_shape_with_its_message(name):
    shape = URIRef(SHAPES_NS + name)
    report = validate(_load(HERE / name / "violating.ttl"))
    assert not report.conforms, f"{name}/violating.ttl conforms"
    others = [r for r in report.results if r.shape != str(shape)]
    assert not others, f"{name}/violating.ttl also violates other shapes:\n{report.text}"
    expected = shape_messages(shape)
    assert all(r.message in expected for r in report.results), report.text
    assert all(r.severity == "Violation" for r in report.results)


def test_dataset_named_graphs_are_validated_as_one_union():
    """A fact in one named graph and its evidence in another still conform together."""
    ds = Dataset()
    ds.graph(URIRef("https://w3id.org/csgkg/graph/reference")).parse(CONTEXT, format="turtle")
    ds.graph(URIRef("https://w3id.org/csgkg/graph/doc/x")).parse(HERE / "JudgementGradeShape" / "conforming.ttl", format="turtle")
    assert validate(ds).conforms
    ds.graph(URIRef("https://w3id.org/csgkg/graph/doc/y")).parse(HERE / "JudgementGradeShape" / "violating.ttl", format="turtle")
    report = validate(ds)
    assert not report.conforms and "csgsh:JudgementGradeShape" in report.text


def test_shape_checks_list_every_shape_without_a_message():
    g = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <https://example.org/> .
        ex:A a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 .
        ex:B a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true .
        ex:Ok a sh:NodeShape ; sh:targetClass ex:C ; sh:message "fine" .
        [] a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:q ; sh:message "anonymous" .
    """, format="turtle")
    problems = check_shapes(g)
    assert len(problems) == 3, problems
    assert any("ex:A" in p or "example.org/A" in p for p in problems)
    assert any("ex:B" in p or "example.org/B" in p for p in problems)
    assert any("blank node" in p for p in problems)
