"""Ofsted report extractor: the bundled 2018 SIF re-inspection, genre fixtures, fuzzing, real PDFs."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.documents import load_corpus
from graph.extract.ofsted import OfstedReportExtractor, looks_like_ofsted
from graph.model import Document

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "ofsted"
ILACS = ROOT.parent / "shared" / "ilacs"
EX = OfstedReportExtractor()


def _verbatim(doc: Document, facts) -> None:
    for f in facts:
        assert doc.text[f.quote.start:f.quote.start + len(f.quote.exact)] == f.quote.exact, f
        for m in getattr(f, "team", []) or []:
            if m.quote is not None:
                assert doc.text[m.quote.start:m.quote.end] == m.quote.exact


def _of(facts, kind, **kw):
    return [f for f in facts if f.kind == kind and all(getattr(f, k) == v for k, v in kw.items())]


@pytest.fixture(scope="module")
def reinspection():
    docs, _ = load_corpus(ROOT / "corpus")
    doc = next(d for d in docs if d.file.startswith("002_"))
    return doc, EX.extract(doc)


def _fixture(name: str, kind: str = "unknown") -> tuple[Document, list]:
    doc = Document(doc_id=name, text=(FIXTURES / name).read_text(encoding="utf-8"), file=name, kind=kind)
    return doc, EX.extract(doc)


# --- the bundled SIF re-inspection report ---------------------------------------------

def test_reinspection_is_accepted_and_described_by_its_metadata(reinspection):
    doc, _ = reinspection
    assert EX.accepts(doc)
    meta = EX.metadata(doc)
    assert meta["publisher"] == "Ofsted" and meta["kind"] == "ofsted-inspection"
    assert meta["published"].literal == "2018-08-24"
    assert meta["title"].startswith("Torbay Council Re-inspection of services")
    assert meta["council"] == "Torbay Council"


def test_reinspection_dates_type_and_publication(reinspection):
    _, facts = reinspection
    main = _of(facts, "inspection", key="main")[0]
    assert main.is_report and main.type == "sif-reinspection"
    assert (main.start.literal, main.end.literal) == ("2018-06-11", "2018-07-05")
    assert main.published.literal == "2018-08-24"
    assert main.quote.exact == "Inspection date: 11 June 2018 to 5 July 2018"


def test_reinspection_has_exactly_six_judgements(reinspection):
    _, facts = reinspection
    got = {j.area: j.grade for j in _of(facts, "judgement", inspection="main")}
    assert got == {
        "sif-overall-effectiveness": "inadequate", "sif-help-and-protection": "inadequate",
        "sif-looked-after": "requires-improvement", "sif-adoption": "good",
        "sif-care-leavers": "requires-improvement", "sif-leadership": "inadequate"}
    overall = _of(facts, "judgement", area="sif-overall-effectiveness", inspection="main")[0]
    assert overall.quote.exact.startswith("Children's services in Torbay are inadequate")


def test_previous_inspection_published_month_and_judgements(reinspection):
    _, facts = reinspection
    prev = _of(facts, "inspection", key="previous")
    assert len(prev) == 1 and prev[0].previous_of == "main" and not prev[0].is_report
    assert prev[0].published.literal == "2016-01" and prev[0].published.precision == "month"
    got = {j.area: j.grade for j in _of(facts, "judgement", inspection="previous")}
    assert got == {
        "sif-overall-effectiveness": "inadequate", "sif-help-and-protection": "inadequate",
        "sif-looked-after": "requires-improvement", "sif-adoption": "requires-improvement",
        "sif-care-leavers": "requires-improvement", "sif-leadership": "inadequate"}


def test_sixteen_recommendations_with_repeated_flags(reinspection):
    _, facts = reinspection
    recs = _of(facts, "recommendation")
    assert [r.number for r in recs] == list(range(1, 17))
    assert {r.number for r in recs if r.repeated} == {1, 5, 7, 8, 10, 11}
    assert recs[15].text.startswith("Ensure that strategic arrangements regarding workforce development")


def test_findings_are_paragraphs_17_to_101_with_areas_and_themes(reinspection):
    doc, facts = reinspection
    finds = _of(facts, "finding")
    assert [f.number for f in finds] == list(range(17, 102))
    by = {f.number: f for f in finds}
    assert by[17].area == "sif-help-and-protection" and by[35].area == "sif-looked-after"
    assert by[62].area == "sif-adoption" and by[72].area == "sif-care-leavers"
    assert by[83].area == "sif-leadership"
    assert "management-oversight" in by[89].themes
    assert sum(1 for f in finds if f.themes) >= 0.9 * len(finds)
    # paragraph 20 runs over a page break: full text, verbatim first part as the quote
    assert "due to frequent changes in social workers" in by[20].text
    assert "\n" not in by[20].text and by[20].quote.exact in doc.text
    assert "frequent changes" not in by[20].quote.exact
    # paragraph 24's continuation starts with a stray bullet
    assert by[24].text.endswith("(Recommendation)") and "- progress" not in by[24].text


def test_inspection_team_names_roles_and_grades(reinspection):
    _, facts = reinspection
    team = _of(facts, "inspection", key="main")[0].team
    roles = {}
    for m in team:
        roles.setdefault(m.role, []).append(m)
    assert [m.name for m in roles["lead-inspector"]] == ["Karen Wareing"]
    assert [m.name for m in roles["deputy-lead-inspector"]] == ["Emmy Tomsett"]
    inspectors = {m.name: m.grade for m in roles["team-inspector"]}
    assert inspectors == {"Brenda McLaughlin": None, "John Roughton": None, "Carolyn Spray": "OI", "Rob Pyner": "OI"}
    assert [m.name for m in roles["senior-data-analyst"]] == ["Judith Swindell"]
    assert [m.name for m in roles["quality-assurance-manager"]] == ["Paul Armitage"]
    pyner = next(m for m in team if m.name == "Rob Pyner")
    assert pyner.quote.exact.endswith("Rob Pyner\n\n(OI)")


def test_local_leadership_tenures_are_unnamed_and_seen_at_the_inspection(reinspection):
    _, facts = reinspection
    ten = {t.role: t for t in _of(facts, "tenure")}
    dcs = ten["dcs"]
    assert dcs.person is None and dcs.org == "Torbay Council"
    assert dcs.start.literal == "2016-07" and dcs.descriptor == "in post since July 2016"
    assert [s.literal for s in dcs.seen] == ["2018-07-05"]
    assert dcs.quote.exact == "The director of children's services (DCS) has been in post since July 2016."
    assert ten["chief-executive"].start.literal == "2013-08"
    assert ten["lscb-chair"].start.literal == "2016-03"


def test_partnership_agreement_is_an_agreed_event(reinspection):
    _, facts = reinspection
    ev = _of(facts, "partnership-event", event="agreed")
    assert len(ev) == 1
    assert ev[0].date.literal == "2018-04" and ev[0].type == "contractual-partnership"
    assert ev[0].members == ["Torbay Council", "Plymouth City Council"]
    assert ev[0].quote.exact.startswith("Agreement was reached in April 2018")


def test_statistics_become_dated_indicators(reinspection):
    _, facts = reinspection
    ind = _of(facts, "indicator")
    cp = [i for i in ind if i.value == 153]
    assert cp and cp[0].date.literal == "2018-05-31"
    adoptions = [i for i in ind if i.value == 14 and "adoption" in i.quote.exact]
    assert adoptions and adoptions[0].date.qualifier != "exact"


def test_every_reinspection_quote_occurs_at_its_offset(reinspection):
    doc, facts = reinspection
    assert len(facts) > 120
    _verbatim(doc, facts)


# --- genre fixtures -------------------------------------------------------------------

def test_ilacs_standard_report_with_separate_care_leavers_judgement():
    doc, facts = _fixture("ilacs_standard_2023.txt")
    assert EX.accepts(doc)
    main = _of(facts, "inspection", key="main")[0]
    assert main.type == "ilacs-standard" and main.org == "Northmoor County Council"
    assert (main.start.literal, main.end.literal) == ("2023-11-06", "2023-11-17")
    assert [(m.name, m.role, m.grade) for m in main.team] == [("Alex Example", "lead-inspector", "HMI")]
    got = {j.area: j.grade for j in _of(facts, "judgement", inspection="main")}
    assert got == {"ilacs-leadership": "requires-improvement", "ilacs-help-and-protection": "good",
                   "ilacs-in-care": "requires-improvement", "ilacs-care-leavers": "inadequate",
                   "ilacs-overall-effectiveness": "requires-improvement"}
    prev = _of(facts, "inspection", key="previous")[0]
    assert prev.start.literal == "2019" and prev.judged is None  # "the last inspection in 2019": it took place then
    assert [(j.area, j.grade) for j in _of(facts, "judgement", inspection="previous")] == \
        [("ilacs-overall-effectiveness", "good")]
    recs = _of(facts, "recommendation")
    assert len(recs) == 3 and all(r.number is None for r in recs)
    finds = _of(facts, "finding")
    assert [(f.number, f.area) for f in finds] == [
        (1, "ilacs-help-and-protection"), (2, "ilacs-help-and-protection"), (3, "ilacs-in-care"),
        (4, "ilacs-care-leavers"), (5, "ilacs-leadership")]
    ten = {t.role: t for t in _of(facts, "tenure")}
    assert ten["dcs"].start.literal == "2022-03" and ten["dcs"].descriptor == "took up post in March 2022"
    assert ten["chief-executive"].start.literal == "2021-06"
    assert "took up post" not in ten["chief-executive"].quote.exact
    _verbatim(doc, facts)


def test_trust_direction_commissioner_and_partnership_end_are_read_from_the_text():
    doc, facts = _fixture("ilacs_standard_2023.txt")
    trust = _of(facts, "partnership", type="childrens-services-trust")
    assert len(trust) == 1 and trust[0].members == ["Northmoor County Council", "Northmoor Children’s Trust"]
    formed = _of(facts, "partnership-event", type="childrens-services-trust", event="formed")
    assert formed and formed[0].date.literal == "2019-04"
    direction = _of(facts, "intervention", type="statutory-direction")
    assert direction and direction[0].date.literal == "2022-03"
    commissioner = _of(facts, "intervention", type="commissioner")
    assert commissioner and commissioner[0].date is None  # its clause states no date
    ended = _of(facts, "partnership-event", event="ended")
    assert len(ended) == 1 and ended[0].type == "strategic-partnership" and ended[0].date.literal == "2024-01"
    assert ended[0].members == ["Northmoor County Council", "Southmoor County Council"]


def test_2026_report_without_overall_effectiveness_gets_no_overall_judgement():
    doc, facts = _fixture("ilacs2026_four_judgements.txt")
    got = {j.area: j.grade for j in _of(facts, "judgement")}
    assert got == {"ilacs2026-leadership": "good", "ilacs2026-help-and-protection": "good",
                   "ilacs2026-in-care": "outstanding", "ilacs2026-care-leavers": "requires-improvement"}
    assert not any("overall" in a for a in got)
    _verbatim(doc, facts)


def test_one_week_on_site_is_a_short_inspection():
    doc, facts = _fixture("ilacs_short_week.txt")
    main = _of(facts, "inspection", key="main")[0]
    assert main.type == "ilacs-short"
    assert len(_of(facts, "judgement", inspection="main")) == 5
    prev = _of(facts, "inspection", key="previous")[0]
    assert prev.start.literal == "2020-03"
    _verbatim(doc, facts)


def test_raw_pdf_layout_with_broken_table_rows_and_lscb_judgement():
    doc, facts = _fixture("sif_raw_layout_2016.txt")
    assert EX.accepts(doc)
    main = _of(facts, "inspection", key="main")[0]
    assert main.type == "sif-inspection" and main.published.literal == "2016-03-18"
    got = {j.area: j.grade for j in _of(facts, "judgement", inspection="main")}
    assert got["sif-looked-after"] == "requires-improvement"
    assert got["sif-overall-effectiveness"] == "requires-improvement"
    assert got["sif-lscb"] == "requires-improvement" and len(got) == 7
    assert not _of(facts, "finding")  # table rows are not findings
    # "Adequate" is not a grade of this vocabulary: the previous judgement stays missing
    assert _of(facts, "inspection", key="previous")[0].published.literal == "2013-05"
    assert not _of(facts, "judgement", inspection="previous")
    dcs = _of(facts, "tenure", role="dcs")[0]
    assert dcs.status == "interim" and dcs.start.literal == "2015-10"
    assert _of(facts, "tenure", role="lscb-chair")
    _verbatim(doc, facts)


def test_monitoring_visit_letter_gives_dated_ungraded_visit():
    doc, facts = _fixture("monitoring_visit_letter.txt")
    assert EX.accepts(doc) and EX.metadata(doc)["kind"] == "monitoring-visit"
    main = _of(facts, "inspection", key="main")[0]
    assert main.type == "monitoring-visit" and main.ordinal == 4 and main.org == "Examplebury"
    assert (main.start.literal, main.end.literal) == ("2020-01-08", "2020-01-09")
    assert main.quote.exact.endswith("on 8 and 9 January 2020.")
    assert [(m.name, m.grade) for m in main.team] == [("Alex Example", "HMI"), ("Sam Sample", "HMI")]
    assert not _of(facts, "judgement", inspection="main")  # visits give no grades
    prev = _of(facts, "inspection", key="previous")[0]
    assert prev.judged.literal == "2018-06" and prev.published is None
    # 2018 could be a SIF re-inspection or ILACS: the area key is unknown, so no judgement is guessed
    assert not _of(facts, "judgement", inspection="previous")
    _verbatim(doc, facts)


_ILACS_HEAD = ("Inspection of Anyshire local authority children's services\n\n"
               "Inspection dates: 2 to 13 October 2019\n\nJudgement Grade\n\nOverall effectiveness "
               "Requires improvement to be good\n\n")


@pytest.mark.parametrize("sentence,started,itype,grade", [
    ("Services for children in Anyshire require improvement to be good, as was the case at the last inspection in 2016.",
     "2016", "", ("sif-overall-effectiveness", "requires-improvement")),
    ("Services have deteriorated since the last inspection, the Joint Targeted Area Inspection (JTAI), in April 2017.",
     "2017-04", "joint-targeted-area-inspection", None),
    ("Since the last inspection in 2018, leaders have improved services.", "2018", "", None),
    ("There have been improvements since the last inspection in 2015, when all areas of the service required "
     "improvement to be good.", "2015", "", ("sif-overall-effectiveness", "requires-improvement")),
    ("Since the previous inspection in 2021 when Anyshire was judged to be good, leaders have continued to improve.",
     "2021", "", ("ilacs-overall-effectiveness", "good")),
    # 2018 may be SIF or ILACS: no area is guessed, resolution assigns it from the inspection it meets
    ("Following the last inspection in 2018, when the local authority was judged good overall, practice weakened.",
     "2018", "", ("", "good")),
])
def test_previous_inspection_wordings_in_ilacs_summaries(sentence, started, itype, grade):
    doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
    facts = EX.extract(doc)
    prev = _of(facts, "inspection", key="previous")
    # "the last inspection in 2016": the inspection took place then (its start, at the stated precision)
    assert len(prev) == 1 and prev[0].start.literal == started and prev[0].type == itype
    got = [(j.area, j.grade) for j in _of(facts, "judgement", inspection="previous")]
    assert got == ([grade] if grade else [])
    _verbatim(doc, facts)


def test_council_named_on_its_own_line_above_a_generic_ilacs_title():
    text = ("Greyhaven Borough Council\n\nInspection of local authority children's services\n\n"
            "Inspection dates: 2 to 13 October 2018\n\nLead inspector: Ann Other HMI\n\nJudgement Grade\n\n"
            "The impact of leaders on social work practice with children and families Good\n\n"
            "The experiences and progress of children who need help and protection Good\n\n"
            "The experiences and progress of children in care and care leavers Good\n\nOverall effectiveness Good\n")
    doc = Document(doc_id="g", text=text, kind="unknown")
    assert EX.accepts(doc)
    facts = EX.extract(doc)
    main = _of(facts, "inspection", key="main")[0]
    assert main.org == "Greyhaven Borough Council" and main.type == "ilacs-standard"
    assert [(m.name, m.grade) for m in main.team] == [("Ann Other", "HMI")]
    assert {j.area for j in _of(facts, "judgement")} == {
        "ilacs-leadership", "ilacs-help-and-protection", "ilacs-in-care", "ilacs-overall-effectiveness"}
    _verbatim(doc, facts)


def test_unrelated_text_is_not_sniffed_as_ofsted():
    assert not looks_like_ofsted("The council's cabinet met on Tuesday to discuss the budget.")
    assert not EX.accepts(Document(doc_id="n", text="Council news in brief.", kind="unknown"))
    assert not EX.accepts(Document(doc_id="n", text="Inspection of children's services", kind="news"))


# --- robustness -------------------------------------------------------------------------

_GENRE_LINES = [
    "Inspection dates: 3 to 14 June 2019", "Report published: 1 August 2019", "Judgement Grade",
    "Overall effectiveness Good", "1. Children who need help and protection Inadequate",
    "The experiences and progress of care leavers: good", "What needs to improve?", "Recommendations",
    "- 3. Ensure that plans are reviewed. (This was a recommendation at the last inspection.)",
    "Lead inspector: A Name", "Team inspectors: B Name, C Name", "(OI)",
    "The DCS has been in post since May 2017.", "Inspection findings",
    "The last inspection report for the local authority's children's services was published in May 2014.",
    "- overall effectiveness: Good", "Children's services in Somewhere are good",
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(_GENRE_LINES), st.text(max_size=200)), max_size=25),
       st.sampled_from(["\n", "\n\n", "\r\n", "\t", "\f"]))
def test_random_text_never_crashes_and_quotes_are_verbatim(parts, sep):
    doc = Document(doc_id="fuzz", text=sep.join(parts), kind="ofsted-inspection")
    facts = EX.extract(doc)
    _verbatim(doc, facts)
    EX.metadata(doc)


@pytest.mark.parametrize("text", ["", "\x00\x01\x02" * 100, "a" * 200_000, "\n" * 5000,
                                  "1. " * 30_000, "Inspection dates: 99 to 98 Smarch 2019"])
def test_degenerate_text_returns_few_facts_and_no_error(text):
    doc = Document(doc_id="odd", text=text, kind="ofsted-inspection")
    facts = EX.extract(doc)
    _verbatim(doc, facts)


# --- real reports (../shared/ilacs) -------------------------------------------------------

def _sample_pdfs(n: int = 10) -> list[Path]:
    pdfs = sorted((ILACS / "pdf").glob("*.pdf")) if (ILACS / "pdf").is_dir() else []
    pdfs = [p for p in pdfs if p.stem[-10:-6] >= "2014"]  # 2012-13 files predate the judgement frameworks
    by_year: dict[str, list[Path]] = {}
    for p in pdfs:
        by_year.setdefault(p.stem[-10:-6], []).append(p)
    picked = [ps[len(ps) // 2] for _, ps in sorted(by_year.items())]
    if len(picked) <= n:
        return picked
    return [picked[round(i * (len(picked) - 1) / (n - 1))] for i in range(n)]  # spread over the years


@pytest.mark.slow
@pytest.mark.skipif(not (ILACS / "pdf").is_dir(), reason="../shared/ilacs is not available")
@pytest.mark.parametrize("pdf", _sample_pdfs() or [None])
def test_real_reports_yield_dated_inspections_with_judgements(pdf):
    if pdf is None:
        pytest.skip("no PDFs found")
    from graph.pdftext import pdf_to_text
    doc = Document(doc_id=pdf.stem, text=pdf_to_text(pdf).text, file=pdf.name, kind="ofsted-inspection")
    facts = EX.extract(doc)
    _verbatim(doc, facts)
    main = _of(facts, "inspection", key="main")
    assert main and main[0].start is not None and main[0].end is not None, pdf.name
    assert len(_of(facts, "judgement", inspection="main")) >= 4, pdf.name


def test_earlier_monitoring_visits_cited_in_a_report_are_dated_inspections():
    doc, facts = _fixture("sif_reinspection_cited_visits.txt")
    visits = {f.start.literal: f for f in _of(facts, "inspection") if f.type == "monitoring-visit"}
    assert set(visits) == {"2017-02", "2017-09", "2017-12"}  # the plural "three monitoring visits" dates none
    assert all(v.previous_of == "main" and v.org == "Northvale Council" for v in visits.values())
    assert len({v.key for v in visits.values()}) == 3


def test_previous_inspection_keeps_the_year_it_took_place_and_its_publication():
    doc, facts = _fixture("sif_reinspection_cited_visits.txt")
    prev = next(f for f in _of(facts, "inspection") if f.key == "previous")
    assert (prev.start.literal, prev.published.literal) == ("2015", "2016-02")


def test_overall_headline_with_a_several_word_council_name_and_require_improvement():
    text = (FIXTURES / "sif_raw_layout_2016.txt").read_text(encoding="utf-8").replace(
        "Children’s services in Southfield require improvement to be good",
        "Children’s services in London Borough of Southfield require improvement to be good")
    doc = Document(doc_id="x", text=text, file="x.txt")
    overall = _of(EX.extract(doc), "judgement", area="sif-overall-effectiveness", inspection="main")
    assert [j.grade for j in overall] == ["requires-improvement"]


def test_overall_headline_saying_not_yet_good_is_no_grade():
    text = (FIXTURES / "sif_raw_layout_2016.txt").read_text(encoding="utf-8").replace(
        "Children’s services in Southfield require improvement to be good",
        "Children’s services in London Borough of Southfield are not yet good")
    doc = Document(doc_id="x", text=text, file="x.txt")
    assert not _of(EX.extract(doc), "judgement", area="sif-overall-effectiveness", inspection="main")


def test_sif_report_whose_summary_says_re_inspection_is_a_re_inspection():
    base = (FIXTURES / "sif_raw_layout_2016.txt").read_text(encoding="utf-8")
    doc = Document(doc_id="x", text=base, file="x.txt")
    assert _of(EX.extract(doc), "inspection", key="main")[0].type == "sif-inspection"
    text = base.replace("Local leadership\n", "This is a re-inspection of children’s services in Southfield, after "
                        "they were judged to be inadequate in 2014.\nLocal leadership\n")
    doc = Document(doc_id="y", text=text, file="y.txt")
    assert _of(EX.extract(doc), "inspection", key="main")[0].type == "sif-reinspection"


def test_earlier_inspections_listed_by_month_are_one_per_kind_the_vocabulary_tells_apart():
    """Mentions of one month are one inspection unless their types tell them apart: an adoption and a
    fostering service inspected in one month are two; a council's child protection arrangements and
    its services for looked after children (skos:related: one combined inspection judged both) are
    one, its type left unsaid; a mention naming no type joins the one type named (unknown is not
    different)."""
    from graph.extract.ofsted_previous import read_cited_inspections
    from graph.extract.ofsted_text import Lines
    base = (FIXTURES / "sif_raw_layout_2016.txt").read_text(encoding="utf-8")
    text = base.replace("Previous Ofsted inspections\n", "Previous Ofsted inspections\n"
                        "• The previous inspection of the local authority’s arrangements for the protection of "
                        "children was in March 2012.\n"
                        "• The previous inspection of the local authority’s services for children looked after "
                        "was in March 2012.\n"
                        "• The inspection of Southfield’s adoption service was in June 2010.\n"
                        "• The inspection of Southfield’s fostering services was in June 2010.\n"
                        "• The previous inspection of Southfield’s safeguarding arrangements was in May 2009.\n"
                        "• The previous inspection of Southfield’s services for looked after children was in "
                        "May 2009.\n")
    doc = Document(doc_id="x", text=text, file="x.txt")
    cited = read_cited_inspections(Lines(doc), "Southfield", None, [])
    assert sorted((f.start.literal, f.type, f.key) for f in cited) == [
        ("2009-05", "looked-after-children-inspection", "cited-2009-05"),
        ("2010-06", "adoption-service-inspection", "cited-2010-06-adoption-service-inspection"),
        ("2010-06", "fostering-service-inspection", "cited-2010-06-fostering-service-inspection"),
        ("2012-03", "", "cited-2012-03"),
    ]
    _verbatim(doc, cited)
    # an inspection of that month already read with an agreeing type is not read again
    again = read_cited_inspections(Lines(doc), "Southfield", None, [f for f in cited if f.type.startswith("adoption")])
    assert sorted(f.type for f in again if f.start.literal == "2010-06") == ["fostering-service-inspection"]


def test_a_service_named_with_a_date_but_without_its_inspection_is_no_cited_inspection():
    from graph.extract.ofsted_previous import read_cited_typed
    from graph.extract.ofsted_text import Lines
    sentence = ("Delays reduced following a review of adoption services in February 2016, and the inspection of "
                "the adoption service in 2011 had found the same. The inspection found progress.")
    doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
    cited = read_cited_typed(Lines(doc), "Anyshire", None, [])
    assert [(f.type, f.start.literal) for f in cited] == [("adoption-service-inspection", "2011")]


@pytest.mark.parametrize("sentence,role,status,start", [
    ("Progress was enhanced following the appointment of the Interim Assistant Executive Director (AED) in "
     "October 2017.", "assistant-director", "interim", "2017-10"),
    ("Following the appointment of the new executive director 14 months ago, a review has taken place.",
     "dcs", None, "2018-08"),
    ("The newly appointed permanent director has quickly gained the confidence of staff.", "dcs", "permanent", None),
])
def test_appointments_stated_in_prose_are_unnamed_tenures(sentence, role, status, start):
    doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
    ts = _of(EX.extract(doc), "tenure")
    assert [(t.role, t.status) for t in ts] == [(role, status)]
    assert (ts[0].start.literal if ts[0].start else None) == start


def test_a_new_chair_of_an_unnamed_board_and_a_former_holder_give_no_tenure():
    for sentence in ("Since the appointment of a new chair in April 2015, the board has been restructured.",
                     "The appointment of the previous director in May 2016 did not bring stability."):
        doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
        assert not _of(EX.extract(doc), "tenure"), sentence


def test_chair_of_a_board_under_its_local_acronym_is_the_lscb_chair():
    text = (FIXTURES / "sif_raw_layout_2016.txt").read_text(encoding="utf-8").replace(
        "The chair of the Local Safeguarding Children Board (LSCB) has been in post since April 2013.",
        "The chair of the SSCB has been in post since April 2013.")
    doc = Document(doc_id="x", text=text, file="x.txt")
    assert [t.start.literal for t in _of(EX.extract(doc), "tenure", role="lscb-chair")] == ["2013-04"]


def test_earlier_inspections_of_other_kinds_and_focused_visits_cited_with_a_year():
    sentence = ("Following the last inspection in 2018, when the local authority was judged good overall, a joint "
                "targeted area inspection in 2017 and a focused visit of the early help service in 2019 identified "
                "that practice had weakened. The JTAI in April 2017 found gaps.")
    doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
    facts = EX.extract(doc)
    cited = sorted((f.type, f.start.literal) for f in _of(facts, "inspection") if f.key != "main")
    # the JTAI named twice is one inspection, at its more precise date
    assert cited == [("", "2018"), ("focused-visit", "2019"), ("joint-targeted-area-inspection", "2017-04")]
    _verbatim(doc, facts)


def test_fast_theme_matching_agrees_with_the_vocabulary_on_report_text(reinspection):
    from graph.extract.ofsted_paragraphs import _themes_by_vocab, themes_of
    doc, _ = reinspection
    paras = [p for p in doc.text.split("\n") if p.strip()]
    extra = ["Children’s homes and multi-agency safeguarding hub (MASH) work; 16- and 17-year-olds who present "
             "as HOMELESS", "Management  oversight—supervision", "self-evaluation, well being"]
    assert sum(1 for p in paras if themes_of(p)) > 20  # the comparison below is not vacuous
    for p in paras + extra:
        assert themes_of(p) == _themes_by_vocab(p), p


def test_cited_inspections_of_two_kinds_never_share_a_date_within_one_sentence():
    sentence = ("Leaders have built on the findings of the focused visit and the joint targeted area inspection in "
                "2018. Since the JTAI in 2018 and a monitoring visit in 2018, practice has improved.")
    doc = Document(doc_id="p", text=_ILACS_HEAD + sentence + "\n", kind="ofsted-inspection")
    facts = EX.extract(doc)
    kinds: dict = {}
    for f in _of(facts, "inspection"):
        if f.key != "main" and f.start:
            kinds.setdefault((f.start.literal, f.quote.start), set()).add(f.type)
    assert all(len(v - {""}) <= 1 for v in kinds.values()), kinds


def test_comparison_figures_need_the_measures_of_the_sentence_just_before():
    from graph.extract.indicators import find_indicators
    text = ("- Children from minority ethnic groups account for 12% of all children living in the area.\n"
            "- The largest minority ethnic group is mixed.\n"
            "- This is an increase from 360 (113 per 10,000 children) at 31 March 2015.\n"
            "- This is a reduction from both 403 per 10,000 (2,341) at 31 March 2016 and 489 per 10,000 (2,017) "
            "at 31 March 2015.\n")
    doc = Document(doc_id="c", text=text)
    got = find_indicators(doc, ref=temporal_day(2016, 6, 1))
    assert [(i.measure, i.value) for i in got] == [("minority-ethnic-rate", 12.0)]


def temporal_day(y, m, d):
    from graph import temporal
    return temporal.day(y, m, d)


# --- a named children's services trust through resolution and RDF ------------------------------

_INVENTED_COUNCILS = (
    "gss,name,short_name,variants,authority_type,region,ofsted_urn,start,end,predecessors,successors\n"
    "E10999991,Northmoor County Council,Northmoor,,county,North West,999991,,,,\n"
    "E10999992,Southmoor County Council,Southmoor,,county,North West,999992,,,,\n")


def test_a_named_trust_is_minted_as_a_delivery_organisation_and_keeps_its_partnership(tmp_path):
    """'Children's services are delivered by Northmoor Children's Trust, which was established in
    April 2019' (invented councils): the trust is not in the gazetteer, so resolution mints an
    organisation for it from its name instead of dropping the partnership and its formation."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS
    from graph.gazetteer import Gazetteer
    from graph.namespace import CSG, ORG
    from graph.pipeline import build_dataset
    from graph.validate import validate

    (tmp_path / "councils.csv").write_text(_INVENTED_COUNCILS, encoding="utf-8")
    doc, facts = _fixture("ilacs_standard_2023.txt", "ofsted-inspection")
    doc.sha256 = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    problems: list[str] = []
    built, resolved = build_dataset([doc], {doc.doc_id: facts}, Gazetteer(tmp_path / "councils.csv"), problems)
    ds = built.to_dataset()  # the build writes into a QuadSet
    assert not [p for p in problems if "fewer than two" in p], problems
    trust_facts = [rf for rf in resolved.facts if rf.fact.kind in ("partnership", "partnership-event")
                   and rf.fact.type == "childrens-services-trust"]
    assert {rf.fact.kind for rf in trust_facts} == {"partnership", "partnership-event"}
    org = "https://w3id.org/csgkg/id/organisation/northmoor-childrens-trust"
    council = "https://w3id.org/csgkg/id/council/E10999991"
    assert all(rf.refs["members"] == [council, org] for rf in trust_facts)
    node = URIRef(org)
    about = {(p, o) for _, p, o, _ in ds.quads((node, None, None, None))}  # across the named graphs
    assert {(RDF.type, CSG.DeliveryOrganisation), (RDF.type, ORG.FormalOrganization),
            (CSG.deliversServicesFor, URIRef(council))} <= about
    assert [o for p, o in about if p == RDFS.label] and [o for p, o in about if p == CSG.evidence]
    report = validate(ds)
    assert report.conforms, report.text


@pytest.mark.parametrize("mention,name", [
    ("Northmoor Children’s Services Trust", "Northmoor Children’s Services Trust"),
    ("the Southmoor Children's Trust", "Southmoor Children's Trust"),
    ("Eastmoor Children's Services Company", "Eastmoor Children's Services Company"),
    ("the Children's Trust", None),               # the 2004 partnership arrangements, not a body
    ("Children’s Trust", None),
    ("Northmoor County Council", None),
    ("an independent trust", None),
])
def test_delivery_body_names_are_recognised_by_their_form(mention, name):
    from graph.resolve import delivery_body_name
    assert delivery_body_name(mention) == name


def _cited(doc: Document, phrase: str, key: str, itype: str, start: str, **kw):
    from graph import temporal
    from graph.model import Inspection, make_quote
    at = doc.text.index(phrase)
    return Inspection(quote=make_quote(doc, at, at + len(phrase)), key=key, org="Northmoor", type=itype,
                      start=temporal.from_literal(start), by="test", **kw)


def test_inspections_of_one_council_and_date_merge_unless_their_types_tell_them_apart(tmp_path):
    """Across documents (invented council): a mention without a type joins the report's own
    inspection of that date (unknown is not different) and the report keeps the plain IRI
    (council + start); a JTAI and two service inspections of one month whose types differ are
    inspections of their own, told apart by their type key."""
    from graph.gazetteer import Gazetteer
    from graph.resolve import resolve

    (tmp_path / "councils.csv").write_text(_INVENTED_COUNCILS, encoding="utf-8")
    report = Document(doc_id="a" * 16, text="Inspection of Northmoor: 2 to 13 October 2019.", file="a.txt")
    letter = Document(doc_id="b" * 16, file="b.txt", text=(
        "Since the inspection of Northmoor in October 2019 and the JTAI in October 2019, practice improved. "
        "The SIF re-inspection in May 2016 found progress. The single inspection framework inspection in "
        "May 2016 was graded. The inspection of Northmoor's adoption service was in June 2010. "
        "The inspection of Northmoor's fostering services was in June 2010."))
    facts = {
        report.doc_id: [_cited(report, "Inspection of Northmoor: 2 to 13 October 2019", "main", "ilacs-standard",
                               "2019-10-02", is_report=True)],
        letter.doc_id: [
            _cited(letter, "the inspection of Northmoor in October 2019", "c1", "", "2019-10"),
            _cited(letter, "the JTAI in October 2019", "c2", "joint-targeted-area-inspection", "2019-10"),
            _cited(letter, "The SIF re-inspection in May 2016", "c3", "sif-reinspection", "2016-05"),
            _cited(letter, "The single inspection framework inspection in May 2016", "c4", "sif-inspection",
                   "2016-05"),
            _cited(letter, "The inspection of Northmoor's adoption service", "c5", "adoption-service-inspection",
                   "2010-06"),
            _cited(letter, "The inspection of Northmoor's fostering services", "c6",
                   "fostering-service-inspection", "2010-06"),
        ]}
    r = resolve([report, letter], facts, Gazetteer(tmp_path / "councils.csv"))
    base = "https://w3id.org/csgkg/id/inspection/E10999991/"
    iri = {rf.fact.key: rf.iri[len(base):] for rf in r.facts if rf.fact.kind == "inspection"}
    assert iri == {"main": "2019-10-02", "c1": "2019-10-02",
                   "c2": "2019-10",  # not the report's inspection; its own start, no other inspection has it
                   "c3": "2016-05", "c4": "2016-05",  # a re-inspection is a SIF inspection (skos:broader)
                   "c5": "2010-06", "c6": "2010-06-fostering-service-inspection"}
    types = {e.iri[len(base):]: e.attrs["type"] for e in r.entities.values() if e.kind == "inspection"}
    assert types["2010-06"] == "adoption-service-inspection" and types["2019-10-02"] == "ilacs-standard"


def test_two_sentences_each_dating_an_inspection_of_another_kind_keep_both():
    text = ("The last inspection of the local authority adoption service was in October 2010. "
            "The last inspection of the local authority fostering service was in October 2010.")
    doc = Document(doc_id="q", text=_ILACS_HEAD + text + "\n", kind="ofsted-inspection")
    cited = [f for f in _of(EX.extract(doc), "inspection") if f.key != "main" and f.start]
    assert {(f.start.literal, f.type) for f in cited} >= {
        ("2010-10", "adoption-service-inspection"), ("2010-10", "fostering-service-inspection")}, cited
