"""The benchmark runner binds the generator's parameters into the queries' VALUES rows,
so every engine gets the same text and the queries ask about a council that has the data."""
from __future__ import annotations

from rdflib.plugins.sparql import prepareQuery

from bench.runner import COUNCIL, bind_values, load_queries

PARAMS = {"org": "E99000013", "a": "E99000013", "b": "E99000031", "year": 2013, "day": "2017-10-31",
          "after": "2010-04-03", "name": "Remy Valeham", "surname": "Valeham", "kind": "review"}


def test_a_single_row_is_rebound_by_variable_name_and_other_variables_keep_their_value():
    text = 'SELECT * WHERE { VALUES (?org ?role ?day) { (<urn:x> <urn:dcs> "2019-01-01"^^<urn:d>) } ?s ?p ?o }'
    out = bind_values(text, PARAMS)
    assert f"<{COUNCIL}E99000013>" in out and "<urn:dcs>" in out
    assert '"2017-10-31"^^<http://www.w3.org/2001/XMLSchema#date>' in out and "<urn:x>" not in out


def test_a_single_variable_block_takes_a_string_value_quoted():
    out = bind_values('SELECT * WHERE { VALUES ?name { "Someone Else" } }', PARAMS)
    assert '"Remy Valeham"' in out and "Someone Else" not in out


def test_blocks_of_several_rows_and_unknown_variables_are_left_alone():
    many = "SELECT * WHERE { VALUES ?org { <urn:a> <urn:b> } }"
    assert bind_values(many, PARAMS) == many
    rows = "SELECT * WHERE { VALUES (?org) { (<urn:a>) (<urn:b>) } }"
    assert bind_values(rows, PARAMS) == rows
    other = "SELECT * WHERE { VALUES ?unrelated { <urn:a> } }"
    assert bind_values(other, PARAMS) == other


def test_every_bound_query_still_parses_and_names_the_synthetic_council_where_it_asked_for_one():
    plain = load_queries()
    bound = load_queries(values=PARAMS)
    for group, queries in bound.items():
        for name, text in queries.items():
            prepareQuery(text)  # raises on a syntax error
            if "VALUES (?org" in plain[group][name] or "VALUES ?org" in plain[group][name]:
                assert f"{COUNCIL}E99000013" in text, f"{group}/{name}"
