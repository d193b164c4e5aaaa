"""Person-post-organisation-date patterns, one shape per test, on invented
people and generically named councils."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from graph import temporal
from graph.model import Document, Intervention, Tenure
from graph.extract.people import find_tenures, is_person_name, person_names
from graph.extract.prose import build_context

PUB = temporal.day(2021, 6, 30)


def tenures(text: str, published=PUB, kind="news"):
    doc = Document(doc_id="t", text=text, kind=kind, published=published)
    fs = find_tenures(build_context(doc))
    for f in fs:
        assert doc.text[f.quote.start:f.quote.end] == f.quote.exact
    return [f for f in fs if isinstance(f, Tenure)], [f for f in fs if isinstance(f, Intervention)]


def one(ts, **want):
    got = [t for t in ts if all(getattr(t, k) == v for k, v in want.items())]
    assert len(got) == 1, (want, ts)
    return got[0]


def test_possessive_apposition_with_comma():
    ts, _ = tenures("The plan was overseen by Leeds's director of children's services, Jo Bloggs.")
    t = one(ts, person="Jo Bloggs")
    assert (t.role, t.org, t.seen) == ("dcs", "Leeds's", [PUB])


def test_possessive_apposition_without_comma_and_curly_apostrophes():
    ts, _ = tenures("The letter to Wigan’s director of children’s services Sam Lowe set out concerns.")
    assert (one(ts, person="Sam Lowe").org, one(ts, person="Sam Lowe").role) == ("Wigan’s", "dcs")


def test_status_and_acronym_and_appointing_council():
    ts, _ = tenures("The change has seen Bolton appoint an acting director of children's services (DCS), "
                    "Ann Marsh, as well as interim staff.")
    t = one(ts, person="Ann Marsh")
    assert (t.status, t.org, t.role) == ("acting", "Bolton", "dcs")


def test_who_was_appointed_clause_gives_an_inferred_start_month():
    ts, _ = tenures("Bolton Council said Ann Marsh, who was appointed interim DCS in May, would stay.")
    t = one(ts, person="Ann Marsh")
    assert (t.status, t.start.literal, t.start.qualifier) == ("interim", "2021-05", "inferred")


def test_has_been_appointed_as_the_councils_chief_executive():
    ts, _ = tenures("At Wigan Council, Kim Oduya has been appointed as the council's chief executive from March 2021.")
    t = one(ts, person="Kim Oduya")
    assert (t.role, t.start.literal) == ("chief-executive", "2021-03")


def test_departure_with_end_cause_and_date():
    ts, _ = tenures("Wigan Council's director of children's services, Tom Reyes, retired in April 2021.")
    t = one(ts, person="Tom Reyes")
    assert (t.end.literal, t.end_cause) == ("2021-04", "retired")


def test_end_belongs_to_the_nearer_person_only():
    ts, _ = tenures("Bolton Council has appointed an interim director of children's services, Ann Marsh, "
                    "after the previous DCS, Lee Grant, stepped down in January.")
    assert one(ts, person="Ann Marsh").end is None
    assert one(ts, person="Lee Grant").end.literal == "2021-01"


def test_role_without_organisation_takes_the_main_council_and_says_so():
    ts, _ = tenures("Bolton Council was inspected. Bolton Council replied. Children's services director Ann Marsh said "
                    "she was pleased.")
    t = one(ts, person="Ann Marsh")
    assert t.org == "Bolton Council" and "most-mentioned" in t.descriptor


def test_surname_alone_refers_back_to_the_full_name():
    ts, _ = tenures("Bolton Council has appointed an interim DCS, Ann Marsh. Marsh, who was appointed interim DCS "
                    "in February, said the work had begun.")
    assert all(t.person == "Ann Marsh" for t in ts)
    assert any(t.start and t.start.literal == "2021-02" for t in ts)


def test_surname_alone_without_earlier_full_name_gives_nothing():
    ts, _ = tenures("Marsh said the council would improve.")
    assert ts == []


def test_signature_gives_board_as_the_organisation():
    ts, _ = tenures("Ravi Menon, Independent Chair, Wigan Children's Services Improvement Board.")
    t = one(ts, person="Ravi Menon")
    assert (t.role, t.org) == ("independent-chair", "Wigan Children's Services Improvement Board")


def test_independent_chair_of_a_possessive_board():
    ts, _ = tenures("The review was led by Ravi Menon, Independent Chair of Wigan's Improvement Board.")
    assert one(ts, person="Ravi Menon").org == "Wigan's Improvement Board"


def test_improvement_adviser_is_also_an_intervention():
    ts, iv = tenures("The review was led with Helen Dacre, Wigan's DfE Improvement Advisor.")
    assert one(ts, person="Helen Dacre").role == "improvement-adviser"
    assert [(i.type, i.person, i.org) for i in iv] == [("improvement-adviser", "Helen Dacre", "Wigan's")]


def test_previously_fixed_term_made_permanent_gives_two_unnamed_tenures():
    ts, _ = tenures("Wigan Council has done well. More recently, securing the permanent appointment of the "
                    "previously fixed term DCS has helped.")
    fixed, perm = one(ts, status="fixed-term"), one(ts, status="permanent")
    assert fixed.person is None and perm.person is None
    assert perm.start.qualifier == "approximate" and perm.start.latest == date(2021, 6, 30)
    assert perm.start.literal is None and fixed.end == perm.start


def test_promotion_to_the_role_of_gives_an_unnamed_holder():
    ts, _ = tenures("Wigan Council has done well. Recently, the promotion of the deputy to the role of Chief Executive "
                    "was welcomed.")
    t = one(ts, role="chief-executive")
    assert t.person is None and t.start.latest == date(2021, 6, 30)


def test_new_chief_executive_starts_recently():
    ts, _ = tenures("Wigan Council said the council's new chief executive would attend.")
    t = one(ts, role="chief-executive")
    assert t.org == "Wigan Council" and t.start.qualifier == "approximate"


def test_interim_holder_currently_in_post_is_seen_at_document_date():
    ts, _ = tenures("The manager is also currently operating as Wigan's interim Principal Social Worker.")
    t = one(ts, role="principal-social-worker")
    assert (t.status, t.org, t.seen) == ("interim", "Wigan's", [PUB])


@pytest.mark.parametrize("text", [
    "interviews with the Leader of the Council and the Cabinet Member for Children",
    "The Chief Executive commissioned the review.",
    "The DCS and the Lead Member meet weekly.",
    "A DfE Commissioner was appointed.",
    "The report by inspector Jo Bloggs said so.",
])
def test_bare_posts_commissioners_and_inspectors_give_no_tenure(text):
    ts, _ = tenures("Wigan Council was reviewed. " + text)
    assert ts == []


def test_no_relative_dates_without_a_reference_date():
    ts, _ = tenures("Wigan Council said the council's new chief executive would attend.", published=None)
    t = one(ts, role="chief-executive")
    assert t.start is None and t.seen == []


def test_names_are_not_titles_places_or_organisations():
    assert is_person_name("Alison Botham")
    assert is_person_name("Brenda McLaughlin")
    assert not is_person_name("Independent Chair")
    assert not is_person_name("Listen Live")
    assert not is_person_name("Corporate Parenting Board")
    assert [n for _, _, n in person_names("Photo credit aside, Jo O'Neill met Ann-Marie Keane on Friday.")] == \
        ["Jo O'Neill", "Ann-Marie Keane"]


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["director of children's services, ", "DCS ", ", who was appointed ",
                                                "Independent Chair, ", "the permanent appointment of the previously "]))
def test_random_text_around_role_words_never_crashes(noise_text, role):
    tenures(noise_text + role + noise_text[::-1])


def test_unnamed_holder_in_post_since_a_month():
    ts, _ = tenures("Wigan Council was inspected. The director of children's services (DCS) has been in post since "
                    "July 2016. The chair of the LSCB took up post in May.")
    dcs, chair = one(ts, role="dcs"), one(ts, role="lscb-chair")
    assert (dcs.person, dcs.start.literal, dcs.start.qualifier, dcs.org) == (None, "2016-07", "exact", "Wigan Council")
    assert (chair.start.literal, chair.start.qualifier) == ("2021-05", "inferred")


def test_named_new_holder_starts_recently():
    ts, _ = tenures("Wigan Council said the council's new DCS, Jo Bloggs, would attend.")
    t = one(ts, person="Jo Bloggs")
    assert t.org == "Wigan Council" and t.start.qualifier == "approximate" and t.start.latest == date(2021, 6, 30)


def test_two_unnamed_new_holders_in_one_sentence():
    ts, _ = tenures("Wigan Council said a new lead member for children and a new leader of the council took over.")
    assert {t.role for t in ts} == {"lead-member", "leader-of-council"}
    assert all(t.person is None and t.start.qualifier == "approximate" for t in ts)


@pytest.mark.parametrize("text", [
    "There is currently no permanent director of children's services.",
    "The regional chairs are working to appoint a new chair to the panel.",
    "The chair of the fostering panel has recently resigned and a new chair has taken over.",
    "The DCS has been in post since March 2016, following eight months as the interim DCS.",
])
def test_negated_intended_bodiless_and_past_statuses_give_no_extra_holder(text):
    ts, _ = tenures("Wigan Council was inspected. " + text)
    assert all(t.start is not None for t in ts), ts  # only the dated "in post since" holder may remain


def test_new_holder_takes_a_stated_date_over_recency():
    ts, _ = tenures("Wigan Council said it is fully endorsed by the newly appointed chief executive (May 2016).")
    assert one(ts, role="chief-executive").start.literal == "2016-05"
    ts, _ = tenures("Wigan Council led the appointing of a new chair of the LSCB in October 2016.")
    assert one(ts, role="lscb-chair").start.literal == "2016-10"


def test_speaker_is_seen_up_to_the_document_date_not_at_it():
    ts, _ = tenures("Wigan Council was inspected. Children's services director Jo Bloggs said the council was pleased.")
    t = one(ts, person="Jo Bloggs")
    assert [(d.literal, d.earliest, d.latest) for d in t.seen] == [(None, None, date(2021, 6, 30))]


def test_letter_addressee_is_seen_at_the_letter_date():
    doc = Document(doc_id="t", text="The letter to Wigan's director of children's services Jo Bloggs was critical.",
                   kind="news", published=PUB)
    ctx = build_context(doc)
    ctx.letter_date = temporal.day(2021, 6, 25, "inferred")
    t = [f for f in find_tenures(ctx) if isinstance(f, Tenure)][0]
    assert t.seen == [ctx.letter_date]


def test_joint_post_in_two_councils_gives_one_tenure_per_council():
    ts, _ = tenures("Jo Bloggs, the joint director of children's services for Wigan Council and Bolton Council, "
                    "said the partnership was working.")
    assert {(t.org, t.status) for t in ts if t.person == "Jo Bloggs"} == {("Wigan Council", "joint"),
                                                                          ("Bolton Council", "joint")}
