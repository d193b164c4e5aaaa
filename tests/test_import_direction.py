"""Imports point one way: data and ontology feed the core; extractors make plain
records; analysis builds on the core; CLI and HTTP stay on top."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    mod = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    pkg = mod.rsplit(".", 1)[0] if path.name != "__init__.py" else mod.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            out.add(name)
            out |= {f"{name}.{a.name}" for a in node.names}
    return out


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _hits(paths, forbidden):
    bad = []
    for p in paths:
        for imp in _imports(p):
            if any(imp == f or imp.startswith(f + ".") for f in forbidden):
                bad.append(f"{p.relative_to(ROOT)} imports {imp}")
    return bad


def test_extractors_make_plain_records_without_rdf_or_resolution():
    assert not _hits(_modules("graph/extract"),
                     ["rdflib", "pyshacl", "graph.rdf", "graph.resolve", "graph.pipeline", "graph.store", "viewer"])


def test_record_model_and_temporal_logic_do_not_know_rdf():
    paths = [ROOT / "graph" / "model.py", ROOT / "graph" / "temporal.py"]
    assert not _hits(paths, ["rdflib", "graph.rdf", "graph.resolve", "graph.pipeline"])


def test_core_never_imports_the_viewer():
    assert not _hits(_modules("graph"), ["viewer", "fastapi", "uvicorn"])


def test_only_validation_uses_pyshacl_and_only_the_viewer_uses_pyvis():
    users = {str(p.relative_to(ROOT)) for p in _modules("graph") + _modules("viewer") + _modules("bench")
             if _hits([p], ["pyshacl"])}
    # validate.py runs pyshacl; validate_sparql.py evaluates SHACL-SPARQL as pyshacl does (its pre-binding rules)
    assert users <= {"graph/validate.py", "graph/validate_sparql.py"}
    pyvis = {str(p.relative_to(ROOT)) for p in _modules("graph") + _modules("bench") if _hits([p], ["pyvis"])}
    assert not pyvis


def test_the_checker_catches_a_forbidden_import(tmp_path, monkeypatch):
    bad = ROOT / "graph" / "extract" / "_probe_forbidden.py"
    bad.write_text("import rdflib\n")
    try:
        assert _hits([bad], ["rdflib"])
    finally:
        bad.unlink()
