"""graph.vocab: matching text against SKOS labels, scanning texts, and load-time checks."""
from __future__ import annotations

import shutil

import pytest

from graph import vocab
from graph.namespace import VOCAB_DIR, UnknownConcept, concept
from graph.vocab import AmbiguousLabel, VocabError


@pytest.mark.parametrize("scheme, text, key", [
    ("role", "director of children’s services", "dcs"),          # curly apostrophe
    ("role", "Director of Children's Services", "dcs"),
    ("role", "DCS", "dcs"),
    ("role", "childrens services director", "dcs"),               # apostrophe dropped
    ("role", "cabinet member for children", "lead-member"),
    ("role", "principle social worker", "principal-social-worker"),  # misspelling in real reports
    ("role", "LADO", "designated-officer"),
    ("role", "improvement advisor", "improvement-adviser"),
    ("role", "Lead inspector", "lead-inspector"),
    ("grade", "Requires improvement to be good", "requires-improvement"),
    ("grade", "  INADEQUATE ", "inadequate"),
    ("board-type", "Health and Well-being  Board", "health-and-wellbeing-board"),  # hyphen and spaces
    ("board-type", "multi‑agency safeguarding hub", "mash"),      # non-breaking hyphen
    ("tenure-status", "Fixed term", "fixed-term"),
    ("inspection-type", "monitoring visit", "monitoring-visit"),
    ("unit", "%", "percent"),
])
def test_match_finds_key_after_normalising(scheme, text, key):
    assert vocab.match(scheme, text) == key


def test_match_is_exact_not_substring():
    assert vocab.match("role", "the director of children's services") is None
    assert vocab.match("grade", "goodness") is None


def test_match_unknown_scheme_raises():
    with pytest.raises(UnknownConcept, match="unknown SKOS scheme 'roles'"):
        vocab.match("roles", "DCS")


def test_shared_judgement_wording_needs_a_framework():
    with pytest.raises(AmbiguousLabel, match="sif-overall-effectiveness"):
        vocab.match("judgement-area", "Overall effectiveness")
    assert vocab.match("judgement-area", "Overall effectiveness", framework="sif") == "sif-overall-effectiveness"
    assert vocab.match("judgement-area", "Overall effectiveness", framework="ilacs") == "ilacs-overall-effectiveness"
    assert vocab.match("judgement-area", "Overall effectiveness", framework="ilacs2026") is None


def test_old_ilacs_wording_of_children_in_care_is_the_in_care_area():
    text = "The experiences and progress of children in care and care leavers"
    assert vocab.match("judgement-area", text, framework="ilacs") == "ilacs-in-care"


def test_sif_sub_judgements_are_narrower_than_looked_after():
    assert vocab.concept("judgement-area", "sif-adoption").broader == "sif-looked-after"
    assert vocab.concept("judgement-area", "sif-care-leavers").broader == "sif-looked-after"


def test_ilacs2026_has_no_overall_effectiveness():
    keys = vocab.keys("judgement-area", framework="ilacs2026")
    assert len(keys) == 4 and not any("overall" in k for k in keys)


def test_find_all_reports_spans_in_the_original_text():
    text = "Torbay’s director  of children’s services, and the lead member for children’s services, met the PSW."
    found = vocab.find_all("role", text)
    assert [k for _, _, k in found] == ["dcs", "lead-member", "principal-social-worker"]
    assert [text[s:e] for s, e, _ in found] == [
        "director  of children’s services", "lead member for children’s services", "PSW"]


def test_find_all_prefers_the_longest_label():
    text = "The experiences and progress of children in care and care leavers: good"
    assert vocab.find_all("judgement-area", text, framework="ilacs") == [(0, len(text) - 6, "ilacs-in-care")]


def test_find_all_matches_whole_words_only():
    assert vocab.find_all("role", "The madcs and PSWs and chairs") == []
    assert vocab.find_all("finding-theme", "The council's caseloads were high.") == [(14, 23, "caseloads")]


def test_find_all_yields_each_candidate_of_a_shared_label():
    found = vocab.find_all("judgement-area", "Overall effectiveness: Inadequate")
    assert {k for _, _, k in found} == {"sif-overall-effectiveness", "ilacs-overall-effectiveness"}
    assert {(s, e) for s, e, _ in found} == {(0, 21)}


def test_find_all_finds_symbols_next_to_digits():
    assert vocab.find_all("unit", "78% of SATS") == [(2, 3, "percent")]


def test_grade_order_and_area_framework():
    assert [vocab.grade_order(k) for k in ("outstanding", "good", "requires-improvement", "inadequate")] == [1, 2, 3, 4]
    assert vocab.area_framework("sif-help-and-protection") == "sif"
    assert vocab.area_framework("ilacs-care-leavers") == "ilacs"
    assert vocab.area_framework("ilacs2026-in-care") == "ilacs2026"


def test_label_and_concept_iri_agree_with_namespace():
    assert vocab.label("grade", "requires-improvement") == "Requires improvement to be good"
    assert vocab.concept_iri("role", "dcs") == concept("role", "dcs")
    assert str(concept("role", "dcs")) == "https://w3id.org/csgkg/vocab/role/dcs"


def test_unknown_key_raises_naming_scheme_and_file():
    with pytest.raises(UnknownConcept, match=r"'dsc'.*'role'.*role\.ttl"):
        vocab.concept_iri("role", "dsc")
    with pytest.raises(UnknownConcept, match="'dsc'"):
        concept("role", "dsc")


def test_every_scheme_of_the_contract_loads():
    assert set(vocab.schemes()) >= {"role", "grade", "judgement-area", "finding-theme", "evidence-path"}
    assert all(vocab.keys(s) for s in vocab.schemes())


def _broken_copy(tmp_path):
    src = VOCAB_DIR
    for path in src.glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    grade = tmp_path / "grade.ttl"
    text = grade.read_text(encoding="utf-8")
    # 1. the good concept loses its prefLabel
    text = text.replace('skos:prefLabel "Good"@en ;\n', "", 1)
    # 2. the inadequate concept gets a wrong notation
    text = text.replace('skos:notation "inadequate" ;', 'skos:notation "inadequat" ;', 1)
    grade.write_text(text, encoding="utf-8")
    role = tmp_path / "role.ttl"
    text = role.read_text(encoding="utf-8")
    # 3. the chief executive also claims the label "DCS"
    text = text.replace('skos:altLabel "chief executive officer"@en', 'skos:altLabel "DCS"@en, "chief executive officer"@en', 1)
    role.write_text(text, encoding="utf-8")
    return tmp_path


def test_load_reports_every_problem_in_one_error(tmp_path):
    with pytest.raises(VocabError) as err:
        vocab.load(_broken_copy(tmp_path))
    problems = err.value.problems
    assert len(problems) == 3, problems
    assert any("grade.ttl" in p and "grade/good" in p and "skos:prefLabel" in p for p in problems)
    assert any("grade.ttl" in p and "'inadequat'" in p for p in problems)
    assert any("role.ttl" in p and "'dcs'" in p and "chief-executive" in p for p in problems)
    assert "3 problem(s)" in str(err.value)


def test_load_of_the_project_schemes_is_clean():
    assert vocab.load().schemes() == vocab.schemes()
