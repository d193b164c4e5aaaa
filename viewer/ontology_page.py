"""The /ontology page: every class, property and SKOS concept of ontology/,
with label, definition, editorial note and the SHACL shapes that mention it.

Read from the Turtle files at request time (cached until a file changes), so
the page is generated from the single source of truth and never restates it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from .prefixes import curie

__all__ = ["Term", "OntologyView", "load_ontology"]

SH = "http://www.w3.org/ns/shacl#"
_CACHE: dict[Path, tuple[tuple, "OntologyView"]] = {}


@dataclass
class Term:
    iri: str
    curie: str
    kind: str
    label: str = ""
    definition: str = ""
    note: str = ""
    extra: list[tuple[str, str]] = field(default_factory=list)
    shapes: list[str] = field(default_factory=list)


@dataclass
class OntologyView:
    graph: Graph
    files: list[str]
    classes: list[Term]
    properties: list[Term]
    schemes: list[tuple[Term, list[Term]]]
    shapes: list[Term]


def _text(g: Graph, s, *preds) -> str:
    for p in preds:
        vals = [o for o in g.objects(s, p) if isinstance(o, Literal)]
        en = [v for v in vals if v.language in (None, "en")]
        if en or vals:
            return str((en or vals)[0])
    return ""


def _refs(g: Graph, node, seen: set) -> set[str]:
    """IRIs a shape mentions (through blank nodes and RDF lists)."""
    out: set[str] = set()
    if node in seen:
        return out
    seen.add(node)
    for p, o in g.predicate_objects(node):
        if isinstance(o, URIRef):
            out.add(str(o))
        elif isinstance(o, BNode):
            if (o, RDF.first, None) in g:
                for item in Collection(g, o):
                    if isinstance(item, URIRef):
                        out.add(str(item))
                    elif isinstance(item, BNode):
                        out |= _refs(g, item, seen)
            else:
                out |= _refs(g, o, seen)
    return out


def _messages(g: Graph, shape, message) -> list[str]:
    """sh:message of a shape and of its property shapes, in a stable order."""
    found = [str(m) for m in g.objects(shape, message)]
    for prop in g.objects(shape, URIRef(SH + "property")):
        found += [str(m) for m in g.objects(prop, message)]
    return sorted(set(found))


def load_ontology(folder: Path) -> OntologyView:
    """Parse every .ttl below ``folder`` (errors name the file) and index its terms."""
    folder = Path(folder)
    files = sorted(folder.rglob("*.ttl")) if folder.is_dir() else []
    stamp = tuple((str(f), f.stat().st_mtime_ns) for f in files)
    if folder in _CACHE and _CACHE[folder][0] == stamp:
        return _CACHE[folder][1]
    g = Graph()
    for f in files:
        try:
            g.parse(f, format="turtle")
        except Exception as e:  # name the file at fault
            raise ValueError(f"{f}: cannot parse ontology Turtle: {e}") from e
    view = _index(g, [str(f.relative_to(folder)) for f in files])
    _CACHE[folder] = (stamp, view)
    return view


def _term(g: Graph, s, kind: str) -> Term:
    return Term(str(s), curie(str(s)), kind, _text(g, s, RDFS.label, SKOS.prefLabel),
                _text(g, s, SKOS.definition, RDFS.comment), _text(g, s, SKOS.editorialNote))


def _index(g: Graph, files: list[str]) -> OntologyView:
    sh = lambda n: URIRef(SH + n)  # noqa: E731
    shape_nodes = {s for s in g.subjects(RDF.type, sh("NodeShape")) if isinstance(s, URIRef)}
    shape_nodes |= {s for s in g.subjects(RDF.type, sh("PropertyShape")) if isinstance(s, URIRef)}
    mentions: dict[str, list[str]] = {}
    shapes = []
    for s in sorted(shape_nodes):
        t = Term(str(s), curie(str(s)), "shape", _text(g, s, RDFS.label, sh("name")),
                 _text(g, s, sh("description"), RDFS.comment), " ".join(_messages(g, s, sh("message"))))
        shapes.append(t)
        for iri in _refs(g, s, set()):
            mentions.setdefault(iri, []).append(t.curie)

    def with_shapes(t: Term) -> Term:
        t.shapes = sorted(set(mentions.get(t.iri, [])))
        return t

    classes = [with_shapes(_term(g, s, "class")) for s in sorted(set(g.subjects(RDF.type, OWL.Class)) |
               set(g.subjects(RDF.type, RDFS.Class))) if isinstance(s, URIRef)]
    props = []
    for kind, cls in (("object property", OWL.ObjectProperty), ("datatype property", OWL.DatatypeProperty),
                      ("annotation property", OWL.AnnotationProperty), ("property", RDF.Property)):
        for s in sorted(g.subjects(RDF.type, cls)):
            if isinstance(s, URIRef) and all(p.iri != str(s) for p in props):
                t = with_shapes(_term(g, s, kind))
                for label, pred in (("domain", RDFS.domain), ("range", RDFS.range), ("sub-property of", RDFS.subPropertyOf)):
                    t.extra += [(label, curie(str(o))) for o in g.objects(s, pred) if isinstance(o, URIRef)]
                props.append(t)
    schemes = []
    scheme_iris = set(g.subjects(RDF.type, SKOS.ConceptScheme)) | set(g.objects(None, SKOS.inScheme))
    for sc in sorted(x for x in scheme_iris if isinstance(x, URIRef)):
        concepts = []
        for c in sorted(g.subjects(SKOS.inScheme, sc)):
            t = with_shapes(_term(g, c, "concept"))
            t.extra = [("notation", str(n)) for n in g.objects(c, SKOS.notation)]
            t.extra += [("alt label", str(a)) for a in sorted(g.objects(c, SKOS.altLabel))]
            concepts.append(t)
        schemes.append((with_shapes(_term(g, sc, "concept scheme")), concepts))
    return OntologyView(g, files, classes, props, schemes, shapes)
