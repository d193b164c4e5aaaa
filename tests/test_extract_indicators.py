"""Figures in prose: measure, unit, value, date and scope; and the
``find_indicators`` API the Ofsted extractor shares."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from graph import temporal
from graph.model import Document
from graph.extract.indicators import find_indicators, values_in

PUB = temporal.day(2021, 6, 30)


def ind(text: str, **kw):
    doc = Document(doc_id="i", text=text, published=kw.pop("published", PUB))
    out = find_indicators(doc, **kw)
    for i in out:
        assert doc.text[i.quote.start:i.quote.end] == i.quote.exact
    return out


def rows(out):
    return sorted((i.measure, i.value, i.unit) for i in out)


def test_two_coordinated_team_rates_share_the_cue_and_the_date():
    out = ind("At the time of the visit on 8 January, 78% of SATS teams and 43% of SAFS teams were agency staff.")
    assert [(i.value, i.scope, i.date.literal) for i in out] == \
        [(78.0, "SATS teams", "2021-01-08"), (43.0, "SAFS teams", "2021-01-08")]
    assert {i.measure for i in out} == {"agency-staff-rate"} and {i.unit for i in out} == {"percent"}


def test_per_cent_of_staff_is_whole_council_and_other_counts_are_skipped():
    out = ind("The council made 17 recent appointments and shortlisted 15, but 41 per cent of staff are still agency workers.")
    assert rows(out) == [("agency-staff-rate", 41.0, "percent")]
    assert out[0].scope == "council"


def test_scope_of_posts():
    out = ind("Agency professionals had been filling 34.4% of social work posts.")
    assert (out[0].value, out[0].scope) == (34.4, "social work posts")
    assert out[0].date.literal is None and out[0].date.latest == date(2021, 6, 30)  # "had been": a past level


def test_average_and_maximum_caseloads():
    out = ind("Although the average caseload was 18.5, some social workers reported having as many as 28.")
    assert rows(out) == [("average-caseload", 18.5, "cases-per-worker"), ("maximum-caseload", 28.0, "cases-per-worker")]


def test_number_words_and_unclear_typical_caseload():
    out = ind("Social workers were often responsible for over thirty children, with a few having caseloads of up to forty.")
    assert rows(out) == [("maximum-caseload", 40.0, "cases-per-worker")]


def test_as_many_as_needs_a_caseload_context():
    assert ind("As many as 28 people attended the meeting.") == []


def test_turnover_from_to_keeps_both_values_with_the_earlier_bounded():
    out = ind("Progress is being made in reducing the previously high turnover rate of 37.8% to 27% in June 2021.")
    old, new = sorted(out, key=lambda i: -i.value)
    assert (old.value, old.date.literal, old.date.latest) == (37.8, None, date(2021, 6, 30))
    assert (new.value, new.date.literal, new.date.qualifier) == (27.0, "2021-06", "exact")


def test_overspend_with_financial_year_and_as_of_month():
    out = ind("As of January, it was predicting an overspend of £6.7m in the service for 2019-20.",
              published=temporal.bounded(date(2020, 1, 8), date(2020, 3, 31)))
    assert rows(out) == [("overspend", 6.7e6, "gbp")]
    assert out[0].date.literal == "2020-01" and "2019-20" in out[0].date.note and out[0].scope == "council"


def test_budget_change_is_not_a_level():
    out = ind("The council has proposed increasing its children's services budget by £9.8m, in real terms, to £46.5m in 2020-21.")
    assert rows(out) == [("budget", 46.5e6, "gbp")]
    assert (out[0].date.earliest, out[0].date.latest) == (date(2020, 4, 1), date(2021, 3, 31))


def test_overspend_beats_budget_when_nearer():
    out = ind("The children's services budget was heading for an overspend of around £4m this year.",
              published=temporal.day(2019, 10, 27))
    assert rows(out) == [("overspend", 4e6, "gbp")]
    assert (out[0].date.literal, out[0].date.qualifier) == ("2019", "inferred")


def test_children_in_care_from_to():
    out = ind("- significant decrease in the cared for population from 352 children to 307, and statutory visiting "
              "compliance (now 78% from 50%)")
    assert rows(out) == [("children-in-care", 307.0, "count"), ("children-in-care", 352.0, "count")]


def test_date_belongs_to_its_own_clause_only():
    out = ind("Agency social workers fill 21% of social work posts, and the turnover rate fell from 30% to 18% in May 2021.")
    agency = [i for i in out if i.measure == "agency-staff-rate"][0]
    assert (agency.date.literal, agency.date.qualifier) == ("2021-06-30", "inferred")


def test_conflicting_values_are_kept_side_by_side():
    out = ind("In May 2021 the overspend was £3m. A later report put the overspend at £5m in May 2021.")
    assert sorted(i.value for i in out) == [3e6, 5e6]


def test_range_org_and_ref_parameters():
    text = "Intro. The average caseload was 20. Outro: the average caseload was 25."
    doc = Document(doc_id="r", text=text)
    cut = text.index("Outro")
    out = find_indicators(doc, start=0, end=cut, ref=date(2018, 7, 5), org="Wigan Council")
    assert [(i.value, i.org, i.date.literal, i.date.qualifier) for i in out] == \
        [(20.0, "Wigan Council", "2018-07-05", "inferred")]
    assert find_indicators(doc)[0].date is None  # no document date, no reference: unknown stays unknown


def test_values_in_reads_money_percent_and_words():
    got = [(v, u) for _, _, v, u in values_in("£1,200,000 and £2.5bn and 12.5 per cent and twelve and 2019-20")]
    assert got == [(1.2e6, "pounds"), (2.5e9, "pounds"), (12.5, "percent"), (12.0, "number")]


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,%£m per cent agency caseload overspend budget turnover "
                                              "from to and of in May 2019-20 \n")), max_size=300))
def test_figure_soup_never_crashes_and_quotes_stay_verbatim(text):
    ind(text)


def test_rate_per_10000_goes_to_the_rate_measure_not_the_count():
    out = ind("At 31 May 2018, 336 children were being looked after by the local authority (a rate of 132 per 10,000 children).")
    assert rows(out) == [("children-in-care", 336.0, "count"), ("children-in-care-rate", 132.0, "per-10000-children")]
    assert {i.date.literal for i in out} == {"2018-05-31"}


def test_word_percentages_are_percentages():
    out = ind("Ninety per cent of social workers are agency staff.")
    assert rows(out) == [("agency-staff-rate", 90.0, "percent")]


@pytest.mark.parametrize("text", [
    "Fifty-one care leavers (49.5%) do not currently participate in education.",
    "Only eight children looked after receive the support of an advocate.",
    "There are 133 children on the register, three of whom are children looked after.",
    "There are five children's homes in the borough to support looked after children.",
    "The service is in contact with all but one care leaver.",
    "Ten care leavers are studying at higher education institutions.",
    "Just over half of care leavers aged 19, 20 and 21 are in education.",
    "Children looked after make good progress up to key stage 2.",
    "Strategy meetings are held within 24 hours of the referral.",
    "In May 2018, 27% of children looked after were placed more than 20 miles from home.",
    "Managers surveyed a randomly selected sample of 50 care leavers.",
])
def test_ages_stages_durations_and_samples_are_not_counts(text):
    assert ind(text) == []


def test_count_over_a_stated_period_takes_the_period():
    out = ind("Twenty children were adopted between April 2017 and March 2018.")
    assert rows(out) == [("adoptions", 20.0, "count")]
    assert (out[0].date.earliest, out[0].date.latest) == (date(2017, 4, 1), date(2018, 3, 31))


def test_comparators_are_not_the_councils_figures_and_area_scopes_are_whole():
    out = ind("- Children from minority ethnic groups account for 5% of all children living in the area, compared "
              "with 31% in the country as a whole.")
    assert [(i.measure, i.value, i.scope) for i in out] == [("minority-ethnic-rate", 5.0, "council")]
    out = ind("- Approximately 24% of the local authority's children are living in poverty.")
    assert [(i.measure, i.scope) for i in out] == [("child-poverty-rate", "council")]


def test_compound_number_words_and_ratios():
    out = ind("There have been fifty-two adoptions.")
    assert rows(out) == [("adoptions", 52.0, "count")]
    assert ind("Around one in five children in care do not regularly attend education.") == []


# --- statistics sections of inspection reports ----------------------------------------------

STATS = """Children living in this area

- Approximately 31,200 children and young people under the age of 18 years live in the area.
- The proportion of children entitled to free school meals:
 - in primary schools is 21% (the national average is 14%)
 - in secondary schools is 17% (the national average is 13%).

Child protection in this area

- At 30 April 2018, 1,204 children had been identified through assessment as being formally in need of a specialist children's service. This is a reduction from 1,310 at 31 March 2017.
- At 30 April 2018, 210 children and young people were the subject of a child protection plan (a rate of 70 per 10,000 children). This is an increase from 180 children (61 per 10,000 children) at 31 March 2017.

In the last 12 months:

- there have been 9 adoptions
- 7 children became subject of special guardianship orders
"""


def test_comparison_sentence_restates_the_preceding_measures_at_its_own_date():
    out = ind(STATS, ref=temporal.day(2018, 6, 15))
    got = {(i.measure, i.value, i.date.literal) for i in out}
    assert ("children-in-need", 1310.0, "2017-03-31") in got
    assert ("child-protection-plans", 180.0, "2017-03-31") in got
    assert ("child-protection-plan-rate", 61.0, "2017-03-31") in got
    assert ("children-in-need", 1204.0, "2018-04-30") in got
    assert ("children-population", 31200.0, "2018-06-15") in got


def test_free_school_meals_by_phase_are_the_councils_and_never_the_national_average():
    out = [i for i in ind(STATS, ref=temporal.day(2018, 6, 15)) if i.measure == "free-school-meals-rate"]
    assert sorted((i.value, i.scope) for i in out) == [(17.0, "secondary schools"), (21.0, "primary schools")]


def test_last_twelve_months_list_is_a_window_ending_at_the_report_date():
    out = ind(STATS, ref=temporal.day(2018, 6, 15))
    got = {i.measure: i for i in out if i.measure in ("adoptions", "special-guardianship-orders")}
    assert {k: i.value for k, i in got.items()} == {"adoptions": 9.0, "special-guardianship-orders": 7.0}
    for i in got.values():
        assert (i.date.literal, i.date.earliest, i.date.latest) == (None, date(2017, 6, 16), date(2018, 6, 15))


def test_previous_year_is_the_year_before_the_preceding_period():
    out = ind("Twenty children were adopted between April 2017 and March 2018. This is an improved position on "
              "the previous year, when 14 children were adopted.", ref=temporal.day(2018, 6, 15))
    prev = next(i for i in out if i.value == 14.0)
    assert (prev.date.earliest, prev.date.latest) == (date(2016, 4, 1), date(2017, 3, 31))


def test_caseload_in_these_teams_takes_the_teams_named_just_before():
    out = ind("The visit focused on the duty assessment teams (DATS) and the family support teams (FST). "
              "Social workers in these teams had caseloads of up to forty.")
    assert [(i.measure, i.value, i.scope) for i in out] == [("maximum-caseload", 40.0, "DATS and FST teams")]


def test_caseload_without_named_teams_is_the_councils():
    out = ind("The visit focused on assessment. Social workers in these teams had caseloads of up to forty.")
    assert [(i.measure, i.scope) for i in out] == [("maximum-caseload", "council")]
