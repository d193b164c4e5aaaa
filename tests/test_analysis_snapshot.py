"""snapshot() certain/possible rules and changes() on the fixture graph."""
from datetime import date
from pathlib import Path

import pytest

from graph.analysis.projection import project
from graph.analysis.snapshot import changes, snapshot
from graph.analysis.spans import Span
from graph.temporal import day, month, year

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"
ID = "https://w3id.org/csgkg/id/"
T = lambda k: ID + "tenure/" + k  # noqa: E731


@pytest.fixture(scope="module")
def G():
    return project(FIXTURE)


def statuses(H):
    return {k: d["status"] for _, _, k, d in H.edges(keys=True, data=True)}


def test_snapshot_certain_and_possible_tenures(G):
    s = statuses(snapshot(G, date(2018, 1, 1)))
    held = {k: v for k, v in s.items() if "/tenure/" in k}
    assert held == {T("a3"): "certain", T("a6"): "certain", T("a7"): "possible",
                    T("b1"): "certain", T("b2"): "possible"}


def test_unknown_end_is_only_possible_after_last_sighting(G):
    assert statuses(snapshot(G, date(2018, 9, 1)))[T("b1")] == "certain"
    assert statuses(snapshot(G, date(2018, 9, 2)))[T("b1")] == "possible"


def test_nothing_before_a_known_start(G):
    assert T("b1") not in statuses(snapshot(G, date(2014, 3, 31)))


def test_bounded_end_is_possible_inside_its_bounds_and_gone_after(G):
    assert statuses(snapshot(G, date(2020, 1, 1)))[T("a4")] == "certain"
    assert statuses(snapshot(G, date(2020, 3, 1)))[T("a4")] == "possible"
    assert T("a4") not in statuses(snapshot(G, date(2020, 7, 1)))


def test_month_start_is_possible_within_the_month_and_certain_after(G):
    assert statuses(snapshot(G, date(2017, 1, 15)))[T("a3")] == "possible"
    assert statuses(snapshot(G, date(2017, 1, 31)))[T("a3")] == "certain"


def test_certain_only_drops_possible_edges(G):
    s = statuses(snapshot(G, date(2018, 1, 1), certain_only=True))
    assert T("a7") not in s and s[T("a3")] == "certain"


def test_snapshot_does_not_modify_the_input(G):
    before = G.number_of_edges()
    snapshot(G, date(2018, 1, 1))
    assert G.number_of_edges() == before
    assert all("status" not in d for _, _, d in G.edges(data=True))


def test_changes_between_two_dates(G):
    c = changes(G, date(2018, 1, 1), date(2019, 12, 1))
    p = ID + "partnership/contractual-partnership/E06900001-E06900002"
    assert {k for k in c.keys("appeared")} == {T("a4"), p + "#member/E06900001",
                                               p + "#member/E06900002"}
    assert c.keys("ended") == {T("a3")}
    changed = {k: (d["status_before"], d["status"]) for _, _, k, d in c.changed}
    assert changed == {T("a6"): ("certain", "possible"), T("b1"): ("certain", "possible")}
    transient = c.keys("transient")
    assert ID + "inspection/E06900001/2018-06-11#inspected" in transient
    assert ID + "inspection/E06900001/2019-10-02#inspected" in transient
    assert T("a3") not in transient


def test_changes_rejects_reversed_dates(G):
    with pytest.raises(ValueError, match="d2=2017-01-01"):
        changes(G, date(2018, 1, 1), date(2017, 1, 1))


@pytest.mark.parametrize("span, on, expected", [
    (Span(day(2020, 1, 1), day(2020, 1, 31)), date(2020, 1, 15), "certain"),
    (Span(month(2020, 1), month(2020, 3)), date(2020, 1, 15), "possible"),
    (Span(month(2020, 1), month(2020, 3)), date(2020, 2, 15), "certain"),
    (Span(year(2012)), date(2030, 1, 1), "possible"),     # unknown end: open, never current
    (Span(None, day(2020, 1, 1)), date(1990, 1, 1), "possible"),  # unknown start: open
    (Span(), date(2000, 1, 1), "possible"),
    (Span(day(2020, 1, 1), day(2020, 1, 31)), date(2020, 2, 1), None),
])
def test_span_status_rule(span, on, expected):
    assert span.status_on(on) == expected
