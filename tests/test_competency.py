"""The competency questions of the bundled corpus, each answered through its .rq file
and the project's store interface (what a researcher runs)."""
from __future__ import annotations

from collections import Counter

from query_helpers import rows

ID = "https://w3id.org/csgkg/id/"
TORBAY, PLYMOUTH, TAMESIDE = ID + "council/E06000027", ID + "council/E06000026", ID + "council/E08000008"


def _docs(result):
    return {d.file[:3]: f"{ID}doc/{d.doc_id}" for d in result.docs}


def test_cq01_torbays_dcs_on_2019_10_25_was_alison_botham_also_dcs_of_plymouth(corpus_store):
    got = rows(corpus_store, "cq01_dcs_on_date")
    assert {r["personName"] for r in got} == {"Alison Botham"}
    assert {r["otherOrg"] for r in got} == {PLYMOUTH}


def test_cq02_alison_botham_served_plymouth_and_torbay_as_dcs(corpus_store):
    got = rows(corpus_store, "cq02_councils_as_dcs")
    assert {r["org"] for r in got} == {PLYMOUTH, TORBAY}


def test_cq03_torbay_2018_reinspection_dates_and_judgements(corpus_store):
    got = rows(corpus_store, "cq03_inspection_judgements")
    assert {(r["start"], r["end"], r["published"]) for r in got} == {("2018-06-11", "2018-07-05", "2018-08-24")}
    grades = {r["area"].rsplit("/", 1)[-1]: r["grade"].rsplit("/", 1)[-1] for r in got}
    assert grades == {
        "sif-overall-effectiveness": "inadequate",
        "sif-help-and-protection": "inadequate",
        "sif-looked-after": "requires-improvement",
        "sif-adoption": "good",
        "sif-care-leavers": "requires-improvement",
        "sif-leadership": "inadequate",
    }
    assert {r["typeLabel"] for r in got} == {"SIF re-inspection"}


def test_cq04_all_judgements_unchanged_since_january_2016_except_adoption(corpus_store):
    got = rows(corpus_store, "cq04_changes_since_previous")
    assert len(got) == 6
    assert {r["previousPublished"] for r in got} == {"2016-01"}
    changed = [r for r in got if r["unchanged"] in ("false", "0")]
    assert len(changed) == 1
    assert "adoption" in changed[0]["areaLabel"].lower()
    assert (changed[0]["previousGradeLabel"], changed[0]["gradeLabel"]) == ("Requires improvement to be good", "Good")


def test_cq05_partnership_started_april_2018_and_ended_within_evidenced_bounds(corpus_store, built_corpus):
    docs = _docs(built_corpus[0])
    got = rows(corpus_store, "cq05_partnership_life")
    contractual = [r for r in got if "contractual" in r["partnership"]]
    assert {r["start"] for r in contractual} == {"2018-04"}
    assert {(r["end"], r["endEarliest"], r["endLatest"]) for r in contractual} == {(None, "2019-10-25", "2020-03-31")}
    april = {r["source"] for r in contractual if r["kind"] in ("formed", "agreed") and r["date"] == "2018-04"}
    assert len(april) == 2  # two sources say it started in April 2018
    assert {docs["000"], docs["002"], docs["004"]} <= {r["source"] for r in contractual}


def test_cq06_torbay_dcs_succession_in_order_without_inventing_names(corpus_store):
    got = rows(corpus_store, "cq06_dcs_succession")
    people = []
    for r in got:
        if not people or people[-1][0] != r["person"]:
            people.append((r["person"], r))
    order = [(r["personName"] if r["unnamed"] in ("false", "0") else "unnamed", r["statusKey"]) for _, r in people]
    names = [n for n, _ in order]
    assert names[0] == "unnamed"
    assert names[1:3] == ["Alison Botham", "Nancy Meehan"]
    assert names[3] == "unnamed" and len(names) == 4
    statuses = {r["statusKey"] for r in got if r["person"] == people[3][0]}
    assert "permanent" in statuses
    assert ("Nancy Meehan", "acting") in order
    assert people[0][1]["firstKnown"].startswith("2016-07")


def test_cq07_2018_team_and_who_returns_later(corpus_store):
    got = rows(corpus_store, "cq07_inspection_team")
    team = {(r["name"], r["roleKey"]) for r in got}
    assert ("Karen Wareing", "lead-inspector") in team
    assert ("Emmy Tomsett", "deputy-lead-inspector") in team
    assert {n for n, role in team if role == "team-inspector"} == {
        "Brenda McLaughlin", "John Roughton", "Carolyn Spray", "Rob Pyner"}
    returning = {r["name"] for r in got if r["laterActivity"]}
    assert returning == {"Brenda McLaughlin"}


def test_cq08_steve_and_stephen_hart_are_one_independent_chair(corpus_store):
    got = rows(corpus_store, "cq08_one_person_many_names")
    assert len({r["person"] for r in got}) == 1
    names = {r["name"] for r in got} | {r["altName"] for r in got if r["altName"]}
    assert {"Steve Hart", "Stephen Hart"} <= names
    assert any(r["roleKey"] == "independent-chair" and "Improvement Board" in (r["orgName"] or "") for r in got)


def test_cq09_agency_staff_rates_with_date_scope_and_quote(corpus_store):
    got = rows(corpus_store, "cq09_agency_staff")
    found = {(r["org"], float(r["value"]), (r["date"] or r["dateEarliest"] or "")[:10], (r["scope"] or "").lower()) for r in got}
    assert (TAMESIDE, 41.0, "2018-08-22", "council") in {(o, v, d, s if s else "council") for o, v, d, s in found}
    torbay = {(v, d) for o, v, d, s in found if o == TORBAY}
    assert {(78.0, "2020-01-08"), (43.0, "2020-01-08")} <= torbay
    review = [r for r in got if float(r["value"]) == 34.4]
    assert review and review[0]["org"] == TORBAY and review[0]["scope"] == "social work posts"
    # "had been filling 34.4%": no date is stated, only that it was so before the review
    assert review[0]["date"] is None and review[0]["dateLatest"] == "2021-08-02"
    scopes = {s for o, v, d, s in found if o == TORBAY and v in (78.0, 43.0)}
    assert any("sats" in s for s in scopes) and any("safs" in s for s in scopes)
    assert all(r["quote"] and r["source"] for r in got)


def test_cq10_repeated_recommendations_are_1_5_7_8_10_11(corpus_store):
    got = rows(corpus_store, "cq10_repeated_recommendations")
    assert sorted({int(r["number"]) for r in got}) == [1, 5, 7, 8, 10, 11]


def test_cq11_monitoring_visits_after_the_reinspection(corpus_store):
    got = rows(corpus_store, "cq11_visits_after_inspection")
    dates = [r["date"] for r in got]
    assert dates == ["2019-04", "2019-10-02", "2020-01-08"]
    assert got[1]["end"] == "2019-10-03"
    assert got[2]["ordinal"] == "4"


def test_cq12_conflicting_figures_are_kept_side_by_side_with_sources(corpus_store):
    got = rows(corpus_store, "cq12_conflicting_figures")
    pairs = {(r["measureKey"], frozenset((float(r["value1"]), float(r["value2"])))) for r in got}
    assert ("adoptions", frozenset((14.0, 20.0))) in pairs
    assert ("overspend", frozenset((4000000.0, 6700000.0))) in pairs
    for r in got:
        assert r["quote1"] and r["quote2"] and r["source1"] and r["source2"]


def test_cq13_boards_named_in_the_review_with_chair_and_noted_missing_link(corpus_store):
    got = rows(corpus_store, "cq13_boards_in_document")
    types = {r["typeKey"] for r in got}
    assert {"improvement-board", "corporate-parenting-board", "community-safety-partnership",
            "early-help-board"} <= types
    chairs = {r["chairName"] for r in got if r["typeKey"] == "improvement-board"}
    assert chairs == {"Stephen Hart"}
    links = [r for r in got if r["link"]]
    assert {r["formalLink"] for r in links} == {"false"}
    linked_types = {r["typeKey"] for r in links}
    assert linked_types == {"community-safety-partnership", "early-help-board"}
