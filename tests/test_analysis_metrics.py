"""Metrics on the fixture graph against hand-computed answers (see the fixture's header)."""
import statistics
from datetime import date
from pathlib import Path

import pytest

from graph.analysis.metrics import (changes_before_judgements, dcs_changes, interim_share,
                                    intervention_grades, mean_tenure, median_tenure,
                                    months_before, tenure_lengths)
from graph.analysis.network_metrics import (betweenness_by_year, bridges, components_by_year,
                                            returning_inspectors)
from graph.analysis.projection import project

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"
ID = "https://w3id.org/csgkg/id/"
A, B = ID + "council/E06900001", ID + "council/E06900002"
P = ID + "partnership/contractual-partnership/E06900001-E06900002"
person = lambda k: ID + "person/" + k  # noqa: E731
insp = lambda k: ID + "inspection/" + k  # noqa: E731


@pytest.fixture(scope="module")
def G():
    return project(FIXTURE)


def days(a, b):
    return (b - a).days


def test_dcs_changed_four_times_overall_and_twice_in_2016_17(G):
    assert dcs_changes(G, A).value == 4 and dcs_changes(G, A).exact
    f = dcs_changes(G, A, (date(2016, 1, 1), date(2017, 12, 31)))
    assert (f.low, f.high, f.exact) == (2, 2, True)


def test_change_dated_by_a_month_is_bounded_at_a_period_edge(G):
    f = dcs_changes(G, A, (date(2017, 1, 15), date(2017, 12, 31)))  # the 2017-01 change
    assert (f.low, f.high, f.exact) == (0, 1, False)


def test_tenure_lengths_by_bounds(G):
    got = {k.rsplit("/", 1)[-1]: (f.low, f.high, f.exact) for k, _, f in tenure_lengths(G, A)}
    assert got == {
        "a1": (days(date(2015, 1, 31), date(2016, 6, 30)), days(date(2015, 1, 1), date(2016, 6, 30)), False),
        "a2": (183, 183, True),
        "a3": (days(date(2017, 1, 31), date(2019, 3, 31)), days(date(2017, 1, 1), date(2019, 3, 31)), False),
        "a4": (days(date(2019, 4, 30), date(2020, 1, 1)), days(date(2019, 4, 1), date(2020, 6, 30)), False),
        # unknown end: lower bound from the start's latest day to the sighting, no upper bound
        "a5": (days(date(2020, 6, 30), date(2021, 1, 10)), None, False),
    }
    assert got["a1"][:2] == (516, 546) and got["a3"][:2] == (789, 819) and got["a4"][:2] == (246, 456)


def test_mean_and_median_tenure(G):
    m = mean_tenure(G, A)
    assert (m.low, m.high) == ((516 + 183 + 789 + 246 + 194) / 5, None)
    done = mean_tenure(G, A, completed_only=True)
    assert (done.low, done.high) == ((516 + 183 + 789 + 246) / 4, (546 + 183 + 819 + 456) / 4)
    med = median_tenure(G, A, completed_only=True)
    assert (med.low, med.high) == (statistics.median([516, 183, 789, 246]),
                                   statistics.median([546, 183, 819, 456]))


def test_mean_tenure_of_the_tenures_held_in_a_period(G):
    m = mean_tenure(G, A, period=(date(2016, 1, 1), date(2016, 12, 31)))  # Ann Able and Cat Cole
    assert (m.low, m.high) == ((516 + 183) / 2, (546 + 183) / 2)


def test_interim_share_exact_in_2016_bounded_in_2020(G):
    f = interim_share(G, A, (date(2016, 1, 1), date(2016, 12, 31)))
    assert f.exact and f.value == 184 / 366
    g = interim_share(G, A, (date(2020, 1, 1), date(2020, 12, 31)))
    # acting from some day of June 2020: certain from 30 June, possible from 1 June
    assert (g.low, g.high, g.exact) == (185 / 366, 214 / 366, False)


def test_permanent_only_council_has_no_interim_days(G):
    assert interim_share(G, B, (date(2017, 1, 1), date(2017, 12, 31))).value == 0


def test_changes_before_each_judgement_and_next_grade(G):
    rows = {r.inspection: r for r in changes_before_judgements(G)}
    assert set(rows) == {insp("E06900001/2016-05-09"), insp("E06900001/2018-06-11"),
                         insp("E06900001/2020-11-02"), insp("E06900002/2017-03-06"),
                         insp("E06900002/2019-02-04")}  # the monitoring visit has no grade
    r = rows[insp("E06900001/2016-05-09")]  # judged 27 May 2016; the change of 1 July came after
    assert (r.grade, r.changes_before.value, r.next_grade, r.direction) == (
        "inadequate", 0, "requires-improvement", "improved")
    r = rows[insp("E06900001/2018-06-11")]  # worst of RI and good
    assert (r.grade, r.changes_before.value, r.direction) == ("requires-improvement", 0, "improved")
    r = rows[insp("E06900001/2020-11-02")]  # judged 13 Nov 2020; Ivy Ives from June 2020
    assert (r.changes_before.value, r.changes_before.exact, r.direction) == (1, True, None)
    assert rows[insp("E06900002/2017-03-06")].direction == "declined"


def test_months_before_clips_to_month_end():
    assert months_before(date(2021, 3, 31), 1) == date(2021, 2, 28)
    assert months_before(date(2021, 1, 10), 12) == date(2020, 1, 10)


def test_partnership_duration_and_grades_around_it(G):
    rows = {(r.arrangement, r.council): r for r in intervention_grades(G)}
    r = rows[(P, A)]
    assert (r.duration.low, r.duration.high, r.duration.exact) == (246, 456, False)
    assert r.before == (insp("E06900001/2018-06-11"), "requires-improvement")
    assert r.during == [] and r.after == (insp("E06900001/2020-11-02"), "good")
    assert rows[(P, B)].before == (insp("E06900002/2019-02-04"), "inadequate")


def test_open_ended_intervention_has_unbounded_duration_and_no_after(G):
    r = next(r for r in intervention_grades(G, A) if r.kind == "intervention")
    assert r.duration.high is None and r.after is None
    assert r.before == (insp("E06900001/2016-05-09"), "inadequate")


def test_shared_director_bridges_two_councils(G):
    assert bridges(G) == [(person("dan-dee"), [A, B])]


def test_returning_inspectors(G):
    got = {(p, c): len(i) for p, c, i in returning_inspectors(G)}
    assert got == {(person("eve-eng"), A): 2, (person("hal-hill"), A): 2}


def test_components_join_when_the_partnership_runs(G):
    counts = {y: len(c) for y, c in components_by_year(G, [2016, 2019, 2021]).items()}
    assert counts == {2016: 2, 2019: 1, 2021: 2}


def test_betweenness_names_the_bridge_and_flags_sampling(G):
    exact = betweenness_by_year(G, [2019])[0]
    assert max(exact.scores, key=exact.scores.get) == person("dan-dee")
    assert not exact.approximate
    approx = betweenness_by_year(G, [2019], k=5, seed=1)[0]
    assert approx.approximate and approx.k == 5


def test_status_keys_are_checked_against_the_vocabulary(G):
    from graph.analysis.terms import UnknownConcept
    with pytest.raises(UnknownConcept, match="statuses"):
        interim_share(G, A, (date(2016, 1, 1), date(2016, 12, 31)), statuses=("temporary",))


def test_judgement_dated_by_a_month_bounds_the_changes_before_it():
    import networkx as nx
    from graph.analysis.spans import Span
    from graph.temporal import day, month
    H = nx.MultiDiGraph()
    H.add_edge("ann", "c", key="t1", kind="held-post", role="dcs", span=Span(day(2014, 1, 1), day(2016, 1, 14)))
    H.add_edge("bob", "c", key="t2", kind="held-post", role="dcs", span=Span(day(2016, 1, 15), None))
    H.add_node("i", kind="inspection", council="c", published=month(2017, 1),
               judgements=[{"grade": "good", "order": 2}])
    # judged some day in January 2017: the change of 15 Jan 2016 is within the 12
    # months before 1 January 2017 but not within those before 31 January 2017
    f = changes_before_judgements(H)[0].changes_before
    assert (f.low, f.high, f.exact) == (0, 1, False)
