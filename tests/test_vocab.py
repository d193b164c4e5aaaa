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


_FRAMEWORKS = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix csg:  <https://w3id.org/csgkg/ontology#> .
@prefix :     <https://w3id.org/csgkg/vocab/framework/> .
<https://w3id.org/csgkg/vocab/framework> a skos:ConceptScheme .
:alpha a skos:Concept ; skos:prefLabel "Alpha" ; skos:notation "alpha" ; skos:definition "Invented." ;
    skos:inScheme <https://w3id.org/csgkg/vocab/framework> ;
    csg:inForceFrom "2001"^^xsd:gYear ; csg:inForceUntil "2005"^^xsd:gYear .
:beta a skos:Concept ; skos:prefLabel "Beta" ; skos:notation "beta" ; skos:definition "Invented." ;
    skos:inScheme <https://w3id.org/csgkg/vocab/framework> ;
    csg:inForceFrom "2006-01"^^xsd:gYearMonth ; csg:inForceUntil "2009-06"^^xsd:gYearMonth .
:gamma a skos:Concept ; skos:prefLabel "Gamma" ; skos:notation "gamma" ; skos:definition "Invented." ;
    skos:inScheme <https://w3id.org/csgkg/vocab/framework> ;
    csg:inForceFrom "2009-07"^^xsd:gYearMonth .
"""


@pytest.fixture()
def invented_frameworks(tmp_path):
    (tmp_path / "framework.ttl").write_text(_FRAMEWORKS, encoding="utf-8")
    return vocab.load(tmp_path)


@pytest.mark.parametrize("year, framework", [
    (2000, None),      # before any framework in the vocabulary
    (2001, None),      # alpha began some time in 2001: not in force for the whole year
    (2002, "alpha"), (2004, "alpha"),
    (2005, None),      # alpha ended some time in 2005
    (2006, None),      # beta from some day in January 2006: not certainly on 1 January
    (2007, "beta"),
    (2009, None),      # beta until June, gamma from July: two in one year
    (2010, "gamma"), (2040, "gamma"),  # no end stated: still in force
])
def test_a_year_decides_the_framework_only_when_one_was_in_force_all_of_it(invented_frameworks, year, framework):
    from datetime import date
    assert invented_frameworks.framework_during(date(year, 1, 1), date(year, 12, 31)) == framework


def test_a_month_after_a_change_decides_the_framework_but_not_the_month_of_the_change(invented_frameworks):
    from datetime import date
    assert invented_frameworks.framework_during(date(2009, 5, 1), date(2009, 5, 31)) == "beta"
    assert invented_frameworks.framework_during(date(2009, 6, 1), date(2009, 6, 30)) is None  # beta ends then
    assert invented_frameworks.framework_during(date(2009, 7, 1), date(2009, 7, 31)) is None  # gamma begins
    assert invented_frameworks.framework_during(date(2009, 8, 1), date(2009, 8, 31)) == "gamma"


def test_in_force_dates_are_checked_when_the_schemes_load(tmp_path):
    bad = _FRAMEWORKS.replace('"2009-06"^^xsd:gYearMonth', '"2005-13"^^xsd:gYearMonth').replace(
        'csg:inForceUntil "2005"^^xsd:gYear', 'csg:inForceUntil "1999"^^xsd:gYear')
    (tmp_path / "framework.ttl").write_text(bad, encoding="utf-8")
    with pytest.raises(VocabError) as e:
        vocab.load(tmp_path)
    text = str(e.value)
    assert "'2005-13' is not a year, year-month or date" in text
    assert "csg:inForceUntil is before csg:inForceFrom" in text


def test_every_framework_a_judgement_area_names_is_in_the_framework_scheme_with_its_start():
    areas = {vocab.concept("judgement-area", k).framework for k in vocab.keys("judgement-area")} - {None}
    assert areas and areas <= set(vocab.keys("framework"))
    assert all(vocab.concept("framework", k).in_force_from for k in vocab.keys("framework"))


@pytest.mark.parametrize("a, b, same", [
    ("sif-reinspection", "sif-inspection", True),     # skos:broader
    ("sif-inspection", "", True),                     # unknown is not different
    ("adoption-service-inspection", "fostering-service-inspection", False),
    ("joint-targeted-area-inspection", "ilacs-standard", False),
    ("monitoring-visit", "focused-visit", False),
])
def test_inspection_types_tell_inspections_apart_unless_related(a, b, same):
    assert vocab.compatible("inspection-type", a, b) is same
    assert vocab.compatible("inspection-type", b, a) is same
