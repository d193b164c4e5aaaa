"""Curated annotations: each fact carries a verbatim quote of its document."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.curation import AnnotationError, load_annotations
from graph.documents import load_corpus

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def docs():
    return load_corpus(ROOT / "corpus")[0]


def test_every_curated_annotation_quote_occurs_in_its_document(docs):
    facts = load_annotations(ROOT / "data" / "annotations.yaml", docs)
    texts = {d.doc_id: d.text for d in docs}
    for f in facts:
        assert texts[f.quote.doc_id][f.quote.start:f.quote.end] == f.quote.exact
        assert f.path == "curated" and f.by


def _write(tmp_path, body: str) -> Path:
    p = tmp_path / "ann.yaml"
    p.write_text(body, encoding="utf-8")
    return p


def test_a_quote_not_in_the_document_is_an_error_naming_annotation_and_line(tmp_path, docs):
    p = _write(tmp_path, """annotations:
  - id: fine
    file: 003_d0e6e6c7b8f7d6d6.txt
    quote: "41 per cent of staff are still agency workers"
    reason: test
    fact: {kind: indicator, measure: agency-staff-rate, value: 41, unit: percent, org: Tameside}
  - id: invented
    file: 003_d0e6e6c7b8f7d6d6.txt
    quote: "99 per cent of staff are agency workers"
    reason: test
    fact: {kind: indicator, measure: agency-staff-rate, value: 99, unit: percent, org: Tameside}
""")
    with pytest.raises(AnnotationError) as e:
        load_annotations(p, docs)
    assert "invented" in str(e.value) and ":7:" in str(e.value) and "verbatim" in str(e.value)


@pytest.mark.parametrize("body,needle", [
    ("annotations: [", "malformed YAML"),
    ("notes: []", "annotations"),
    ("annotations:\n  - id: x\n    file: 003_d0e6e6c7b8f7d6d6.txt\n    quote: Tameside\n    fact: {kind: tenure}\n", "reason"),
    ("annotations:\n  - id: x\n    file: 003_d0e6e6c7b8f7d6d6.txt\n    quote: Tameside\n    reason: r\n    fact: {kind: rumour}\n", "unknown fact kind"),
    ("annotations:\n  - id: x\n    file: 003_d0e6e6c7b8f7d6d6.txt\n    quote: Tameside\n    reason: r\n    fact: {kind: tenure, colour: red}\n", "no field 'colour'"),
    ("annotations:\n  - id: x\n    file: 003_d0e6e6c7b8f7d6d6.txt\n    quote: Tameside\n    reason: r\n    fact: {kind: tenure, start: soon}\n", "not an ISO date"),
])
def test_malformed_annotations_give_clear_errors(tmp_path, docs, body, needle):
    with pytest.raises(AnnotationError, match=needle):
        load_annotations(_write(tmp_path, body), docs)
