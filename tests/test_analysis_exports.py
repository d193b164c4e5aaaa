"""Every export reads back with the same counts, keys and spells."""
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from graph.analysis.exports import GexfError, check_gexf, write_all
from graph.analysis.projection import project

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"
ID = "https://w3id.org/csgkg/id/"


@pytest.fixture(scope="module")
def G():
    return project(FIXTURE)


@pytest.fixture(scope="module")
def out(G, tmp_path_factory):
    return write_all(G, tmp_path_factory.mktemp("exports"))


def _none(x):
    return None if x in (None, "None") else x


def test_gexf_is_dynamic_1_3_and_round_trips_spells(G, out):
    assert check_gexf(out["gexf"]) > 0
    R = nx.read_gexf(out["gexf"])
    assert R.graph["mode"] == "dynamic"
    assert (R.number_of_nodes(), R.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    spells = {d["id"]: [tuple(map(_none, s)) for s in d.get("spells", [])]
              for _, _, d in R.edges(data=True)}
    assert spells[ID + "tenure/a4"] == [("2019-04-01", "2020-06-30")]
    assert spells[ID + "tenure/b1"] == [("2014-04-01", None)]      # unknown end: open spell
    assert spells[ID + "tenure/a7"] == []                           # no bounds at all: no spell
    assert dict(R.nodes[ID + "person/ann-able"])["spells"] == [("2015-01-01", "2016-06-30")]


def test_gexf_root_declares_date_timeformat(out):
    head = out["gexf"].read_text()[:600]
    assert 'version="1.3"' in head and 'timeformat="date"' in head and 'mode="dynamic"' in head


@pytest.mark.parametrize("breakage, message", [
    (('timeformat="date"', 'timeformat="weeks"'), "timeformat"),
    (('end="2016-06-30"', 'end="2016-13-45"'), "not xsd:date"),
    (('start="2015-01-01"', 'start="2017-01-01"'), "starts after it ends"),
    (('version="1.3"', 'version="1.2"'), "version 1.3"),
])
def test_gexf_check_catches_broken_files(out, tmp_path, breakage, message):
    bad = tmp_path / "bad.gexf"
    bad.write_text(out["gexf"].read_text().replace(*breakage), encoding="utf-8")
    with pytest.raises(GexfError, match=message):
        check_gexf(bad)


def test_gexf_check_catches_dangling_edge(out, tmp_path):
    text = out["gexf"].read_text()
    bad = tmp_path / "dangling.gexf"
    bad.write_text(text.replace(f'target="{ID}council/E06900002"', 'target="nowhere"', 1))
    with pytest.raises(GexfError, match="is not a node"):
        check_gexf(bad)


def test_graphml_round_trips_keys_and_bounds(G, out):
    R = nx.read_graphml(out["graphml"], force_multigraph=True)
    assert (R.number_of_nodes(), R.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    d = R.get_edge_data(ID + "person/dan-dee", ID + "council/E06900001")[ID + "tenure/a4"]
    assert (d["start_literal"], d["end_earliest"], d["end_latest"]) == ("2019-04", "2020-01-01", "2020-06-30")
    assert "end_literal" not in d   # bounds only: no stated date invented


def test_csv_reads_into_pandas(G, out):
    nodes, edges = pd.read_csv(out["nodes_csv"]), pd.read_csv(out["edges_csv"])
    assert len(nodes) == G.number_of_nodes() and len(edges) == G.number_of_edges()
    row = edges.set_index("key").loc[ID + "tenure/a2"]
    assert (row["tenure_status"], row["certain_from"], row["certain_until"]) == (
        "interim", "2016-07-01", "2016-12-31")
    assert pd.isna(edges.set_index("key").loc[ID + "tenure/b1", "possible_until"])


def test_json_for_viewer(G, out):
    data = json.loads(out["json"].read_text())
    assert len(data["nodes"]) == G.number_of_nodes() and len(data["edges"]) == G.number_of_edges()
    e = next(e for e in data["edges"] if e["key"] == ID + "tenure/b1")
    assert e["seen"] == "2017-05-01 2018-09-01" and "possible_until" not in e
