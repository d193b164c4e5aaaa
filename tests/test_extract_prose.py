"""The prose extractor on the bundled news and review documents, on genre
fixtures naming other councils and people, and on hostile text.

Corpus assertions are the competency answers for those documents; the
fixture tests prove the rules are genre rules (no council or person is named
in the code)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from graph import temporal
from graph.documents import load_corpus
from graph.model import (Board, BoardLink, DateValue, Document, Indicator, Inspection, Intervention, Judgement,
                         Partnership, PartnershipEvent, Tenure)
from graph.extract.noise import metadata, noise_spans, sentences
from graph.extract.prose import ProseExtractor

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "tests" / "fixtures" / "prose"
EX = ProseExtractor()


@pytest.fixture(scope="module")
def corpus() -> dict[str, Document]:
    docs, errors = load_corpus(ROOT / "corpus")
    assert not errors
    return {d.file[:3]: d for d in docs}


@pytest.fixture(scope="module")
def facts(corpus) -> dict[str, list]:
    return {k: EX.extract(d) for k, d in corpus.items() if k != "002"}


def fixture_doc(name: str, kind: str) -> Document:
    text = (FIX / name).read_text(encoding="utf-8")
    return Document(doc_id=name, text=text, file=name, kind=kind, published=metadata(text).get("published"))


def of(facts, cls, **want):
    return [f for f in facts if isinstance(f, cls) and all(getattr(f, k) == v for k, v in want.items())]


def assert_verbatim(doc: Document, facts) -> None:
    for f in facts:
        assert doc.text[f.quote.start:f.quote.end] == f.quote.exact, f
        assert f.quote.doc_id == doc.doc_id


# --- doc 000: trade-press news, date only bounded ------------------------------------------

def test_000_doc_date_is_the_manifest_bounds(corpus):
    p = corpus["000"].published
    assert (p.literal, p.earliest, p.latest) == (None, date(2020, 1, 8), date(2020, 3, 31))


def test_000_shared_director_is_the_lead_councils_dcs_seen_at_doc_date(corpus, facts):
    t = of(facts["000"], Tenure, person="Alison Botham")
    assert len(t) == 1
    assert (t[0].role, t[0].org) == ("dcs", "Plymouth’s")
    assert t[0].seen == [corpus["000"].published]


def test_000_acting_dcs_takes_the_appointing_council(facts):
    t = of(facts["000"], Tenure, person="Nancy Meehan")
    assert [(x.role, x.status, x.org) for x in t] == [("dcs", "acting", "Torbay")]


def test_000_partnership_formed_in_month_and_dissolved_recently(facts):
    p = of(facts["000"], Partnership)
    assert len(p) == 1 and set(p[0].members) == {"Torbay", "Plymouth"}
    assert p[0].lead == "Plymouth" and p[0].supported == "Torbay"
    ev = {e.event: e.date for e in of(facts["000"], PartnershipEvent)}
    assert ev["formed"].literal == "2018-04"
    dissolved = ev["dissolved"]
    assert dissolved.literal is None and dissolved.qualifier == "approximate"
    assert dissolved.latest == date(2020, 3, 31) and dissolved.earliest < date(2020, 1, 8)
    assert "decided" in ev and ev["decided"] is None


def test_000_agency_rates_per_team_at_the_visit_day(facts):
    got = {(i.scope, i.value): i for i in of(facts["000"], Indicator, measure="agency-staff-rate")}
    assert set(got) == {("SATS teams", 78.0), ("SAFS teams", 43.0)}
    for i in got.values():
        assert (i.unit, i.date.literal, i.date.qualifier) == ("percent", "2020-01-08", "inferred")


def test_000_money_figures_keep_their_periods(facts):
    over = of(facts["000"], Indicator, measure="overspend")
    assert [(o.value, o.unit, o.date.literal) for o in over] == [(6.7e6, "gbp", "2020-01")]
    assert over[0].scope == "council" and "2019-20" in over[0].date.note
    budget = of(facts["000"], Indicator, measure="budget")
    assert [(b.value, b.date.earliest, b.date.latest) for b in budget] == [(46.5e6, date(2020, 4, 1), date(2021, 3, 31))]


def test_000_caseload_of_up_to_forty_is_a_maximum_and_thirty_is_skipped(facts):
    cl = of(facts["000"], Indicator)
    assert [(i.measure, i.value) for i in cl if "caseload" in i.measure] == [("maximum-caseload", 40.0)]


def test_000_fourth_visit_on_8_january_and_its_predecessors(facts):
    v = of(facts["000"], Inspection, key="visit")[0]
    assert (v.type, v.ordinal, v.start.literal, v.start.qualifier, v.org) == \
        ("monitoring-visit", 4, "2020-01-08", "inferred", "Torbay")
    prev = of(facts["000"], Inspection, previous_of="visit")
    assert {(p.start or p.judged).literal for p in prev} == {"2019-10", "2018-06"}


def test_000_independent_commissioner_is_an_intervention(facts):
    assert [(i.type, i.org) for i in of(facts["000"], Intervention)] == [("commissioner", "Torbay")]


def test_000_photo_credit_names_no_one(facts):
    people = {getattr(f, "person", None) for f in facts["000"]}
    assert not any(p and ("Андрей" in p or "Adobe" in p) for p in people)


# --- doc 001: local news with byline, radio lines --------------------------------------------

def test_001_letter_recipient_is_torbays_dcs_at_the_letter_date_and_speaker_before_the_article(facts):
    t = of(facts["001"], Tenure, person="Alison Botham")
    assert {x.org for x in t} == {"Torbay’s", "Torbay"} and all(x.role == "dcs" for x in t)
    addressee = [x for x in t if x.org == "Torbay’s"][0]
    assert [(d.literal, d.qualifier) for d in addressee.seen] == [("2019-10-25", "inferred")]  # "published on Friday"
    speaker = [x for x in t if x.org == "Torbay"][0]
    assert "most-mentioned council" in speaker.descriptor
    assert [(d.literal, d.earliest, d.latest) for d in speaker.seen] == [(None, None, date(2019, 10, 27))]


def test_001_visit_days_publication_and_lead_inspector(facts):
    v = of(facts["001"], Inspection, key="visit")[0]
    assert (v.start.literal, v.end.literal, v.start.qualifier) == ("2019-10-02", "2019-10-03", "inferred")
    assert v.published.literal == "2019-10-25"  # "published on Friday", article of Sunday 27 October
    assert [(m.name, m.role) for m in v.team] == [("Brenda McLaughlin", "lead-inspector")]
    assert {p.start.literal for p in of(facts["001"], Inspection, previous_of="visit") if p.start} == {"2019-04"}


def test_001_overspend_of_around_4m_this_year(facts):
    o = of(facts["001"], Indicator, measure="overspend")
    assert [(x.value, x.date.literal, x.date.qualifier) for x in o] == [(4e6, "2019", "inferred")]


def test_001_interim_deputy_director_is_an_unnamed_recent_appointment(facts):
    t = of(facts["001"], Tenure, role="deputy-dcs")
    assert len(t) == 1 and t[0].person is None and t[0].status == "interim"
    assert t[0].start.qualifier == "approximate" and t[0].start.latest == date(2019, 10, 27)


def test_001_byline_and_playlist_are_not_people(facts):
    people = {getattr(f, "person", None) for f in facts["001"]} | \
        {m.name for f in of(facts["001"], Inspection) for m in f.team}
    assert "Ed Oldfield" not in people
    assert not any(p and ("Wannadies" in p or "Evening" in p) for p in people)


def test_001_metadata_from_the_text(corpus):
    m = EX.metadata(corpus["001"])
    assert m["creator"] == "Ed Oldfield"
    assert m["publisher"] == "Local Democracy Reporting Service"
    assert m["published"].literal == "2019-10-27"
    assert m["title"] == "Child care improvements 'too slow'"


# --- doc 003: trade press on another council ---------------------------------------------------

def test_003_visit_of_22_august_2018_and_earlier_rating(facts):
    v = of(facts["003"], Inspection, key="visit")[0]
    assert (v.start.literal, v.start.qualifier, v.org) == ("2018-08-22", "exact", "Tameside")
    earlier = {(p.start or p.judged).literal for p in of(facts["003"], Inspection, previous_of="visit")}
    assert earlier == {"2017-10", "2016-12"}
    j = of(facts["003"], Judgement)
    assert [(x.area, x.grade) for x in j] == [("sif-overall-effectiveness", "inadequate")]


def test_003_agency_and_caseloads_dated_by_the_visit(facts):
    got = sorted((i.measure, i.value, i.date.literal) for i in of(facts["003"], Indicator))
    assert got == [("agency-staff-rate", 41.0, "2018-08-22"), ("average-caseload", 18.5, "2018-08-22"),
                   ("maximum-caseload", 28.0, "2018-08-22")]


def test_003_metadata_byline_with_date(corpus):
    m = EX.metadata(corpus["003"])
    assert (m["creator"], m["published"].literal) == ("Neil Puffett", "2018-09-18")


# --- doc 004: council review ------------------------------------------------------------------

def test_004_independent_chair_under_both_names_with_their_boards(facts):
    chairs = {(t.person, t.org) for t in of(facts["004"], Tenure, role="independent-chair")}
    assert chairs == {("Steve Hart", "Torbay's Improvement Board"),
                      ("Stephen Hart", "Torbay Children's Service Improvement Board")}
    boards = {(b.name, b.chair) for b in of(facts["004"], Board, type="improvement-board")}
    assert boards == {("Improvement Board", "Steve Hart"), ("Children's Service Improvement Board", "Stephen Hart")}


def test_004_improvement_adviser_is_a_tenure_and_an_intervention(facts):
    assert {t.org for t in of(facts["004"], Tenure, person="Claire Burgess", role="improvement-adviser")} == \
        {"Torbay's", "Torbay Children's Services"}
    assert of(facts["004"], Intervention, type="improvement-adviser", person="Claire Burgess")


def test_004_fixed_term_dcs_made_permanent_recently(facts):
    t = of(facts["004"], Tenure, role="dcs", person=None)
    assert {x.status for x in t} == {"fixed-term", "permanent"}
    perm = of(t, Tenure, status="permanent")[0]
    fixed = of(t, Tenure, status="fixed-term")[0]
    assert perm.start.literal is None and perm.start.latest == date(2021, 8, 2)
    assert fixed.end == perm.start


def test_004_promoted_chief_executive_is_unnamed(facts):
    t = of(facts["004"], Tenure, role="chief-executive")
    assert len(t) == 1 and t[0].person is None and t[0].start.latest == date(2021, 8, 2)


def test_004_posts_without_names_give_no_tenure(facts):
    roles = {t.role for t in of(facts["004"], Tenure)}
    assert "leader-of-council" not in roles and "lead-member" not in roles


def test_004_boards_and_the_missing_link(facts):
    types = {b.type for b in of(facts["004"], Board)}
    assert {"corporate-parenting-board", "community-safety-partnership", "early-help-board",
            "improvement-operations-board", "safeguarding-partnership", "local-education-board",
            "health-and-wellbeing-board", "overview-and-scrutiny-committee", "mash"} <= types
    links = of(facts["004"], BoardLink)
    assert [(l.board_a, l.board_b, l.linked) for l in links] == \
        [("Community Safety Partnership", "Early help Board", False)]


def test_004_partnership_ended_and_improvement_partner(facts):
    cp = of(facts["004"], Partnership, type="contractual-partnership")
    assert len(cp) == 1 and cp[0].lead == "Plymouth City Council"
    ended = of(facts["004"], PartnershipEvent, event="ended")
    assert len(ended) == 1 and ended[0].date.latest == date(2021, 8, 2) and ended[0].date.literal is None
    ip = of(facts["004"], Partnership, type="improvement-partner")
    assert [(p.lead, p.supported) for p in ip] == [("Leeds City Council", "Torbay")]


def test_004_direction_and_two_commissioners(facts):
    kinds = sorted(i.type for i in of(facts["004"], Intervention) if i.type != "improvement-adviser")
    assert kinds == ["commissioner", "commissioner", "statutory-direction"]


def test_004_indicators(facts):
    got = {(i.measure, i.value) for i in of(facts["004"], Indicator)}
    assert {("agency-staff-rate", 34.4), ("staff-turnover-rate", 37.8), ("staff-turnover-rate", 27.0),
            ("children-in-care", 352.0), ("children-in-care", 307.0)} <= got
    agency = of(facts["004"], Indicator, measure="agency-staff-rate")[0]
    assert agency.scope == "social work posts"
    june = of(facts["004"], Indicator, measure="staff-turnover-rate", value=27.0)[0]
    assert june.date.literal == "2021-06"


def test_004_signed_date_is_the_published_date_and_heading_with_subtitle_the_title(corpus):
    m = EX.metadata(corpus["004"])
    assert m["published"].literal == "2021-08-02"
    assert m["title"] == corpus["004"].title  # the manifest's title, read from the text


def test_news_headlines_are_titles(corpus):
    for k in ("000", "001", "003"):
        assert EX.metadata(corpus[k])["title"] == corpus[k].title


def test_every_corpus_quote_is_verbatim(corpus, facts):
    for k, fs in facts.items():
        assert fs, k
        assert_verbatim(corpus[k], fs)


# --- genre fixtures ---------------------------------------------------------------------------

def test_fixture_news_noise_metadata_and_people():
    doc = fixture_doc("news_interim_dcs.txt", "news")
    fs = EX.extract(doc)
    assert_verbatim(doc, fs)
    m = metadata(doc.text)
    assert (m["creator"], m["published"].literal) == ("Jane Writer", "2022-03-04")
    people = {getattr(f, "person", None) for f in fs}
    assert "Peter Snapper" not in people and "Jane Writer" not in people
    assert not any(p and "Harbour" in p for p in people)
    sandhu = of(fs, Tenure, person="Priya Sandhu")
    assert {(t.status, t.org) for t in sandhu} == {("interim", "Wigan Council")}
    assert any(t.start and t.start.literal == "2022-02" for t in sandhu)  # "Sandhu, who was appointed ... in February"
    ellison = of(fs, Tenure, person="Mark Ellison")[0]
    assert (ellison.end.literal, ellison.end_cause) == ("2022-01", "resigned")


def test_fixture_news_visit_partnership_and_figures():
    doc = fixture_doc("news_interim_dcs.txt", "news")
    fs = EX.extract(doc)
    v = of(fs, Inspection, key="visit")[0]
    assert (v.ordinal, v.start.literal, v.end.literal, v.published.literal) == (3, "2022-02-01", "2022-02-02", "2022-03-01")
    assert [(m.name, m.role) for m in v.team] == [("Tom Harrow", "lead-inspector")]
    assert of(fs, Judgement, area="sif-overall-effectiveness", grade="inadequate")
    p = of(fs, Partnership)[0]
    assert (p.lead, p.supported) == ("Bolton Council", "Wigan Council")
    ev = {e.event: e.date.literal if e.date else None for e in of(fs, PartnershipEvent)}
    assert ev == {"agreed": "2021-03", "formed": "2021-06", "decided": None, "announced": "2021-12"}
    agency = of(fs, Indicator, measure="agency-staff-rate")[0]
    assert (agency.value, agency.scope) == (52.0, "social workers in the assessment teams")
    assert (agency.date.literal, agency.date.earliest, agency.date.latest) == (None, date(2022, 2, 1), date(2022, 2, 2))
    assert {(i.measure, i.value) for i in of(fs, Indicator) if "caseload" in i.measure} == \
        {("average-caseload", 24.0), ("maximum-caseload", 35.0)}


def test_fixture_review_boards_chairs_links_and_unnamed_dcs():
    doc = fixture_doc("review_boards.txt", "review")
    fs = EX.extract(doc)
    assert_verbatim(doc, fs)
    cpb = of(fs, Board, type="corporate-parenting-board")[0]
    assert (cpb.chair, cpb.chair_role) == ("Amy Jones", "chair")
    links = {(l.board_a, l.board_b, l.linked) for l in of(fs, BoardLink)}
    assert links == {("Local Safeguarding Children Partnership", "Health and Wellbeing Board", True),
                     ("Early Help Board", "Youth Justice Board", False)}
    assert of(fs, Board, name="Youth Justice Board", type="other")
    dcs = of(fs, Tenure, role="dcs", person=None)
    assert {(t.status, t.org) for t in dcs} == {("interim", "Wigan"), ("permanent", "Wigan")}
    ip = of(fs, Partnership, type="improvement-partner")
    assert [(p.lead, p.supported) for p in ip] == [("Stockport Council", "Wigan")]
    d = of(fs, Intervention, type="statutory-direction")[0]
    assert d.date.literal == "2019-10"
    assert of(fs, Tenure, person="Ravi Menon", role="independent-chair")


def test_fixture_review_figure_without_date_takes_document_date_not_a_neighbours():
    doc = fixture_doc("review_boards.txt", "review")
    agency = of(EX.extract(doc), Indicator, measure="agency-staff-rate")[0]
    assert (agency.date.literal, agency.date.qualifier) == ("2021-09-03", "inferred")


def test_fixture_monitoring_letter_signature_and_ordinal_before_the_mention():
    doc = fixture_doc("letter_monitoring_visit.txt", "monitoring-visit")
    fs = EX.extract(doc)
    v = of(fs, Inspection, key="visit")[0]
    assert v.is_report and (v.ordinal, v.start.literal, v.end.literal) == (5, "2019-03-19", "2019-03-20")
    assert v.published.literal == "2019-04-12"
    assert [(m.name, m.role) for m in v.team] == [("Joanna Quill", "lead-inspector")]


def test_fixture_trust_and_its_life_cycle():
    doc = fixture_doc("news_trust.txt", "news")
    fs = EX.extract(doc)
    t = of(fs, Partnership, type="childrens-services-trust")
    assert len(t) == 1 and t[0].members == ["Sunderland"]
    ev = {e.event: e.date.literal for e in of(fs, PartnershipEvent)}
    assert ev == {"announced": "2015-05", "formed": "2016-04"}
    assert of(fs, Tenure, person="Patrick Moran", role="chief-executive")
    assert "Lee Parker" not in {getattr(f, "person", None) for f in fs}


# --- acceptance and noise ---------------------------------------------------------------------

def test_accepts_prose_kinds_and_unknown_non_ofsted_text(corpus):
    assert EX.accepts(Document("a", "x", kind="news"))
    assert EX.accepts(Document("a", "x", kind="review"))
    assert not EX.accepts(Document("a", "x", kind="ofsted-inspection"))
    assert EX.accepts(Document("a", "The council said it would improve.", kind="unknown"))
    assert EX.accepts(Document("a", corpus["000"].text, kind="unknown"))
    assert not EX.accepts(Document("a", corpus["002"].text, kind="unknown"))


def test_noise_spans_cover_credits_radio_and_comments():
    text = ("Photo: Ann Example/Stock\nListen Live\nOn Air Now Breakfast Playing Song Title Band Name\n"
            "More from Community News\nComments are closed.\nblog comments powered by Disqus\n")
    reasons = {r for _, _, r in noise_spans(text)}
    assert {"photo-credit", "radio", "more-from", "comments"} <= reasons
    assert sentences(text) == []


# --- robustness ---------------------------------------------------------------------------------

CONFUSABLES = "ΤоrbаyСouncil’s‘’“”–—\u00a0\u200b\ufeffÅngström Ⅳ ①"
_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)) | st.sampled_from(list(CONFUSABLES)), max_size=400)
_phrases = st.sampled_from([
    "Torbay's director of children's services, Alison Botham", " appointed interim DCS in May", "78% of ",
    "the recent dissolution of ", "partnership with Plymouth", " – ", "£4.5m", "Independent Chair, ",
    "no formal link between the A Board and the B Board", "monitoring visit on 2nd and 3rd October",
    "\n\n", "By Jo Bloggs | 1 May 2020", "Photo: X/Y", "fourth", "2019-20", "per cent", "'s", ",", "."])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_text, _phrases), max_size=25),
       st.one_of(st.none(), st.builds(lambda d: temporal.day(d.year, d.month, d.day),
                                      st.dates(date(1990, 1, 1), date(2030, 12, 31)))))
def test_any_text_never_crashes_and_quotes_are_verbatim(parts, published):
    doc = Document(doc_id="h", text="".join(parts), kind="news", published=published)
    fs = EX.extract(doc)
    assert_verbatim(doc, fs)
    EX.metadata(doc)


def test_enormous_line_is_handled_quickly():
    import time
    line = ("Torbay's director of children's services, Alison Botham, said 78% of staff were agency workers " * 400
            ) + "x" * 200_000
    doc = Document(doc_id="big", text=line, kind="news", published=temporal.day(2020, 1, 1))
    t0 = time.perf_counter()
    fs = EX.extract(doc)
    assert time.perf_counter() - t0 < 20
    assert_verbatim(doc, fs)


def test_visits_cited_as_past_or_plural_are_not_the_reported_visit():
    text = ("Wigan Council was inspected again. Ofsted carried out four monitoring visits between January 2017 and "
            "March 2018. Practice has declined since the Ofsted monitoring visit in January 2017.")
    fs = EX.extract(Document("v", text, kind="other", published=temporal.day(2018, 8, 1)))
    insp = of(fs, Inspection)
    assert [(i.key, i.start.literal, i.previous_of) for i in insp] == [("visit-2017-01", "2017-01", None)]


def test_council_fallback_ignores_bodies_named_council():
    text = "Wigan Council has an energetic Children in Care Council."
    fs = EX.extract(Document("c", text, kind="review", published=temporal.day(2021, 1, 1)))
    assert [(b.name, b.org) for b in of(fs, Board)] == [("Children in Care Council", "Wigan Council")]


def test_childrens_trust_board_and_bare_board_are_not_trusts_or_boards():
    text = ("Wigan Council works well with partners. The children's trust partnership board meets monthly. "
            "The Board has a clear governance framework. The Cheshire Family Justice Board met.")
    fs = EX.extract(Document("t", text, kind="other", published=temporal.day(2021, 1, 1)))
    assert not of(fs, Partnership)
    assert [b.name for b in of(fs, Board)] == ["Cheshire Family Justice Board"]


def test_council_in_front_of_a_board_name_is_its_organisation():
    text = "The independent chair of Cheshire West and Chester Local Safeguarding Children Board is experienced."
    fs = EX.extract(Document("b", text, kind="other", published=temporal.day(2016, 1, 1)))
    assert [(b.name, b.org, b.type) for b in of(fs, Board)] == \
        [("Local Safeguarding Children Board", "Cheshire West and Chester", "lscb")]


@pytest.mark.parametrize("text,types", [
    ("The Department for Education (DfE) issued an improvement notice in October 2012.", ["improvement-notice"]),
    ("The Improvement Notice was lifted in February 2013.", []),
    ("The council acts as a provider as well as a commissioner of services.", []),
    ("A DfE commissioner was appointed in May 2019.", ["commissioner"]),
])
def test_interventions_are_made_not_lifted_or_commissioning(text, types):
    fs = EX.extract(Document("i", "Wigan Council was inspected. " + text, kind="other",
                             published=temporal.day(2020, 1, 1)))
    assert [i.type for i in of(fs, Intervention)] == types


def test_partnership_with_a_non_council_body_is_not_a_council_partnership():
    text = ("Wigan Council has a contract for placements. There is a good partnership with the Sheffield "
            "Universities for care leavers.")
    fs = EX.extract(Document("p", text, kind="other", published=temporal.day(2020, 1, 1)))
    assert not of(fs, Partnership)


ILACS = Path(__file__).resolve().parent.parent.parent / "shared" / "ilacs" / "pdf"


@pytest.mark.slow
@pytest.mark.skipif(not ILACS.is_dir(), reason="national corpus not available")
def test_smoke_on_national_inspection_texts_read_as_prose():
    from graph.documents import read_document
    for pdf in sorted(ILACS.glob("*.pdf"))[:4]:
        doc = read_document(pdf)
        doc.kind = "other"
        fs = EX.extract(doc)
        assert_verbatim(doc, fs)


def test_rating_in_a_year_of_two_frameworks_gives_a_judgement_without_area():
    doc = fixture_doc("news_rated_twice.txt", "news")
    got = EX.extract(doc)
    assert_verbatim(doc, got)
    insp = {i.judged.literal: i for i in of(got, Inspection) if i.judged}
    assert set(insp) == {"2018-06", "2015-12"}
    js = {j.inspection: (j.area, j.grade) for j in of(got, Judgement)}
    assert js[insp["2018-06"].key] == ("", "inadequate")  # 2018: SIF or ILACS, resolution decides
    assert js[insp["2015-12"].key] == ("sif-overall-effectiveness", "inadequate")  # 2015: SIF only


def test_an_ofsted_report_cited_by_its_year_is_an_inspection_judged_that_year():
    text = ("Review of children's services\n\nPublished 3 March 2021\n\nThe service has addressed a recommendation "
            "set out in the 2018 Ofsted inspection report. A 2031 Ofsted inspection is not a past one.\n")
    doc = Document(doc_id="r", text=text, file="r.txt", kind="review", published=temporal.day(2021, 3, 3))
    got = EX.extract(doc)
    assert_verbatim(doc, got)
    assert [(i.judged.literal, i.type) for i in of(got, Inspection)] == [("2018", "")]
