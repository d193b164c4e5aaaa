"""The councils gazetteer: data checks, name resolution, prose scanning."""
from __future__ import annotations

import csv
import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from graph.gazetteer import COLUMNS, Council, Gazetteer, GazetteerError, load, normalize

ILACS = Path(__file__).resolve().parents[1].parent / "shared" / "ilacs"
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def gz() -> Gazetteer:
    return load()


def _a_day_alive(c: Council) -> date:
    return c.start or c.end or date(2024, 1, 1)


# ---- the data


def test_load_reads_the_csv_once(gz):
    assert load() is gz


def test_count_of_councils_alive_on_2024_01_01_is_plausible(gz):
    assert 150 <= len(gz.alive_on(date(2024, 1, 1))) <= 155


def test_known_anchor_codes(gz):
    assert gz.resolve("Torbay").gss == "E06000027"
    assert gz.resolve("Plymouth").gss == "E06000026"
    assert gz.resolve("Tameside").gss == "E08000008"
    assert gz.resolve("Leeds").gss == "E08000035"


def test_gss_prefix_matches_authority_type(gz):
    prefix = {"county": "E10", "unitary": "E06", "isles-of-scilly": "E06",
              "metropolitan-borough": "E08", "london-borough": "E09", "city-of-london": "E09"}
    for c in gz:
        assert c.gss.startswith(prefix[c.authority_type]), c


def test_every_council_resolves_by_name_short_name_and_variants(gz):
    for c in gz:
        for label in c.labels:
            assert gz.resolve(label, on=_a_day_alive(c)) is c, (label, c.gss)


def test_reorganisations_link_predecessors_and_successors(gz):
    county = gz.resolve("Northamptonshire County Council")
    assert set(county.successors) == {"E06000061", "E06000062"}
    assert county.end == date(2021, 3, 31)
    for code in county.successors:
        heir = gz.by_gss(code)
        assert county.gss in heir.predecessors and heir.start == date(2021, 4, 1)
    assert {c.short_name for c in gz.successors_of(county)} == {
        "North Northamptonshire", "West Northamptonshire"}
    assert gz.predecessors_of(gz.resolve("Cumberland")) == [gz.resolve("Cumbria")]
    assert gz.successors_of(gz.resolve("Torbay")) == []


def test_councils_are_frozen(gz):
    with pytest.raises(dataclasses.FrozenInstanceError):
        gz.by_gss("E06000027").name = "x"


def test_by_gss_and_by_urn(gz):
    assert gz.by_gss("e06000027").short_name == "Torbay"
    assert gz.by_gss("E07000001") is None
    assert gz.by_urn("80572").gss == "E06000027"
    assert gz.by_urn(80572).gss == "E06000027"
    assert gz.by_urn("1") is None


def test_by_urn_follows_a_council_that_kept_its_urn_through_reorganisation(gz):
    assert gz.by_urn("80442", on=date(2018, 1, 29)).gss == "E10000002"
    assert gz.by_urn("80442", on=date(2025, 5, 14)).gss == "E06000060"
    assert gz.by_urn("80442").gss == "E06000060"


# ---- resolve


@pytest.mark.parametrize("mention, gss", [
    ("Torbay's", "E06000027"),
    ("Torbay’s", "E06000027"),
    ("TORBAY COUNCIL", "E06000027"),
    ("Torbay council", "E06000027"),
    ("Torbay Borough Council", "E06000027"),
    ("Tameside Metropolitan Borough Council", "E08000008"),
    ("Tameside Borough Council", "E08000008"),
    ("Plymouth City Council", "E06000026"),
    ("Kent County Council", "E10000016"),
    ("London Borough of Ealing", "E09000009"),
    ("the London Borough of Ealing's", "E09000009"),
    ("Royal Borough of Greenwich", "E09000011"),
    ("Royal Borough of Kensington and Chelsea", "E09000020"),
    ("RBKC", "E09000020"),
    ("Brighton & Hove", "E06000043"),
    ("Brighton and Hove City Council", "E06000043"),
    ("Bournemouth, Christchurch & Poole", "E06000058"),
    ("bournemouth-christchurch-poole", "E06000058"),
    ("BCP", "E06000058"),
    ("windsor-maidenhead", "E06000040"),
    ("telford-wrekin", "E06000020"),
    ("City of York", "E06000014"),
    ("City of Bradford", "E08000032"),
    ("City of London", "E09000001"),
    ("london-corporation", "E09000001"),
    ("St. Helens", "E08000013"),
    ("st-helens", "E08000013"),
    ("County Durham", "E06000047"),
    ("Kingston upon Hull City Council", "E06000010"),
    ("Stoke-on-Trent", "E06000021"),
    ("Stockton on Tees", "E06000004"),
    ("Torbay children’s services", "E06000027"),
    ("Rotherham MBC", "E08000018"),
])
def test_resolve_surface_forms(gz, mention, gss):
    assert gz.resolve(mention).gss == gss


@pytest.mark.parametrize("mention", [
    "the council", "The Council's", "council", "the local authority", "local authority",
    "City Council", "County Council", "the borough", "London", "", "   ", "'s", "&",
    "Torbay Quartet orchestra", "Steve Hart",
])
def test_generic_or_unknown_mentions_resolve_to_none(gz, mention):
    assert gz.resolve(mention) is None


@pytest.mark.parametrize("mention, on, gss", [
    ("Dorset", date(2015, 6, 1), "E10000009"),
    ("Dorset", date(2019, 4, 1), "E06000059"),
    ("Dorset", None, "E06000059"),
    ("North Yorkshire", date(2023, 3, 31), "E10000023"),
    ("North Yorkshire", date(2023, 7, 3), "E06000065"),
    ("North Yorkshire County Council", date(2024, 1, 1), "E10000023"),
    ("Somerset", date(2018, 1, 29), "E10000027"),
    ("Somerset", date(2024, 1, 1), "E06000066"),
    ("Buckinghamshire", date(2019, 1, 1), "E10000002"),
    ("Buckinghamshire", date(2021, 1, 1), "E06000060"),
    ("Northumberland", date(2012, 1, 1), "E06000048"),
    ("Northumberland", date(2016, 4, 14), "E06000057"),
    ("Cumbria", date(2024, 1, 1), "E10000006"),  # the only council of that name
    ("Westmorland & Furness", date(2024, 1, 1), "E06000064"),
])
def test_resolve_picks_the_council_alive_on_the_date(gz, mention, on, gss):
    assert gz.resolve(mention, on=on).gss == gss


def test_resolve_accepts_a_datevalue_like_date(gz):
    class Bounds:
        earliest, latest = date(2014, 1, 1), date(2014, 12, 31)
    assert gz.resolve("Dorset", on=Bounds()).gss == "E10000009"
    with pytest.raises(TypeError, match="'on'"):
        gz.resolve("Dorset", on="2014")


def test_normalize_folds_case_possessives_ampersands_and_hyphens():
    assert normalize("Brighton & Hove’s") == "brighton hove"
    assert normalize("Stockton-on-Tees") == "stockton on tees"


# ---- find_all


def test_find_all_on_a_sentence(gz):
    text = ("Ofsted found progress at Torbay council, but Torbay’s partnership with "
            "Plymouth City Council ended; the London Borough of Tower Hamlets and "
            "Brighton & Hove were not involved, nor was the council itself.")
    found = [(text[s:e], c.gss) for s, e, c in gz.find_all(text)]
    assert found == [
        ("Torbay council", "E06000027"),
        ("Torbay", "E06000027"),
        ("Plymouth City Council", "E06000026"),
        ("London Borough of Tower Hamlets", "E09000030"),
        ("Brighton & Hove", "E06000043"),
    ]


def test_find_all_prefers_the_longest_match(gz):
    text = "North Yorkshire, Bath and North East Somerset and York."
    assert [c.gss for _, _, c in gz.find_all(text)] == ["E06000065", "E06000022", "E06000014"]


def test_find_all_needs_capitalised_names(gz):
    assert gz.find_all("reading the report, the kent of it") == []
    assert [c.gss for _, _, c in gz.find_all("Reading council")] == ["E06000038"]


def test_find_all_does_not_join_words_across_a_sentence_break(gz):
    found = [(s, e) for s, e, _ in gz.find_all("in Brighton. Hove is")]
    assert found == [(3, 11)]


def test_find_all_matches_across_line_breaks_and_abbreviated_saint(gz):
    found = gz.find_all("Inspection of Bath and North East\nSomerset and St. Helens")
    assert [c.gss for _, _, c in found] == ["E06000022", "E08000013"]


def test_find_all_uses_the_date_for_reused_names(gz):
    assert [c.gss for *_, c in gz.find_all("Dorset", on=date(2016, 1, 1))] == ["E10000009"]
    assert [c.gss for *_, c in gz.find_all("Dorset", on=date(2022, 1, 1))] == ["E06000059"]


def test_find_all_skips_a_description_with_an_indefinite_article(gz):
    text = "A Devon council is slow, says Devon County Council."
    assert [text[s:e] for s, e, _ in gz.find_all(text)] == ["Devon County Council"]


def test_find_all_skips_a_conurbation_named_after_a_council(gz):
    text = "the Greater Manchester partnership and Manchester City Council"
    assert [text[s:e] for s, e, _ in gz.find_all(text)] == ["Manchester City Council"]


def test_find_all_span_excludes_possessive_and_service_words(gz):
    text = "Torbay’s children’s services"
    assert [(text[s:e], c.gss) for s, e, c in gz.find_all(text)] == [("Torbay", "E06000027")]


def test_find_all_matches_inside_a_longer_proper_noun_as_documented(gz):
    assert [c.gss for *_, c in gz.find_all("the Torbay Quartet")] == ["E06000027"]


# ---- the national corpus (file names only)


def _ilacs_files():
    pdf = ILACS / "pdf"
    if not pdf.is_dir():
        pytest.skip(f"national corpus not found at {ILACS}")
    return sorted(p.name for p in pdf.glob("*.pdf"))


@pytest.mark.slow
def test_every_ilacs_pdf_slug_and_urn_resolve_to_the_same_council(gz):
    files = _ilacs_files()
    assert files
    wrong = []
    for name in files:
        m = re.fullmatch(r"(\d+)_(.+)_(\d{4}-\d\d-\d\d)\.pdf", name)
        assert m, name
        urn, slug, published = m[1], m[2], date.fromisoformat(m[3])
        c = gz.resolve(slug, on=published)
        if c is None or c.ofsted_urn != urn or gz.by_urn(urn, on=published) is not c \
                or not c.alive_on(published):
            wrong.append((name, c and c.gss))
    assert not wrong


@pytest.mark.slow
def test_every_ilacs_table_council_name_resolves(gz):
    table = ILACS / "reports.csv"
    if not table.is_file():
        pytest.skip(f"national corpus table not found at {table}")
    with open(table, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            d, m, y = row["publication_date"].split("/")
            on = date(2000 + int(y), int(m), int(d))
            assert gz.resolve(row["local_authority"], on=on).ofsted_urn == row["urn"], row


# ---- the loader's checks


def _write(tmp_path, rows: list[str]) -> Path:
    path = tmp_path / "councils.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    return path


def test_loader_lists_every_problem_with_its_line(tmp_path):
    path = _write(tmp_path, [
        "E06000027,Torbay Council,Torbay,,unitary,South West,80572,,,,",            # 2 fine
        "E06000027,Copy Council,Copy,,unitary,South West,,,,,",                     # 3 duplicate gss
        "E06000099,Ok Council,Ok,Torbay,unitary,South West,,,,,",                   # 4 shares Torbay
        "E06000098,Dated Council,Dated,,unitary,South West,,2020-13-01,,,",         # 5 bad date
        "E08000098,Typed Council,Typed,,county,South West,,,,,",                    # 6 type vs prefix
        "E06000097,Heir Council,Heir,,unitary,South West,,,,E10000099,",            # 7 unknown predecessor
        "X1,Coded Council,Coded,,unitary,Nowhere,abc,,,,",                          # 8 gss, region, urn
    ])
    with pytest.raises(GazetteerError) as info:
        Gazetteer(path)
    lines = {n for n, _ in info.value.problems}
    assert lines == {3, 4, 5, 6, 7, 8}
    message = str(info.value)
    assert str(path) in message
    for n in (3, 4, 5, 6, 7, 8):
        assert f"line {n}:" in message
    assert sum(1 for n, _ in info.value.problems if n == 8) == 3


def test_loader_allows_a_shared_name_when_lifespans_do_not_overlap(tmp_path):
    path = _write(tmp_path, [
        "E10000099,Old County Council,Oldshire,,county,South West,,,2019-03-31,,E06000099",
        "E06000099,Oldshire Council,Oldshire,,unitary,South West,,2019-04-01,,E10000099,",
    ])
    g = Gazetteer(path)
    assert g.resolve("Oldshire", on=date(2018, 1, 1)).gss == "E10000099"
    assert g.resolve("Oldshire").gss == "E06000099"


def test_loader_rejects_a_shared_name_when_lifespans_overlap(tmp_path):
    path = _write(tmp_path, [
        "E10000099,Old County Council,Oldshire,,county,South West,,,2019-04-01,,E06000099",
        "E06000099,Oldshire Council,Oldshire,,unitary,South West,,2019-04-01,,E10000099,",
    ])
    with pytest.raises(GazetteerError, match="line 3: .*'oldshire'"):
        Gazetteer(path)


def test_loader_names_missing_columns(tmp_path):
    path = tmp_path / "councils.csv"
    path.write_text("gss,name\nE06000027,Torbay Council\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="line 1: missing column"):
        Gazetteer(path)


# ---- robustness


@settings(max_examples=300, deadline=None)
@given(st.text(), st.one_of(st.none(), st.dates()))
def test_resolve_and_find_all_never_crash_on_arbitrary_text(text, on):
    g = load()
    c = g.resolve(text, on=on)
    assert c is None or isinstance(c, Council)
    for start, end, council in g.find_all(text, on=on):
        assert 0 <= start < end <= len(text) and isinstance(council, Council)
