"""The analyse command: prints the ranking and a council's story, writes CSVs, exports, charts."""
import io
from pathlib import Path

import pandas as pd
import pytest

from graph.analysis.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "analysis" / "two_councils.trig"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("analyse")
    buf = io.StringIO()
    code = main(["--graph", str(FIXTURE), "--out", str(out_dir), "--council", "Avonford",
                 "--indicator", "agency-staff-rate"], out=buf)
    return code, buf.getvalue(), out_dir


def test_exit_code_and_files(run):
    code, _, out_dir = run
    assert code == 0
    names = {p.name for p in out_dir.iterdir()}
    assert {"councils.csv", "leadership_changes.csv", "judgement_context.csv", "judgements.csv",
            "interventions.csv", "network_by_year.csv", "bridges.csv", "returning_inspectors.csv",
            "derived.trig", "network.gexf", "network.graphml", "nodes.csv",
            "edges.csv", "network.json", "timeline-E06900001.png", "story-E06900001.csv",
            "indicator-agency-staff-rate.png", "indicator-agency-staff-rate.csv"} <= names
    for png in out_dir.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ranking_puts_the_unstable_council_first(run):
    _, text, out_dir = run
    df = pd.read_csv(out_dir / "councils.csv")
    assert list(df.council) == ["Avonford Council", "Brackenshire Council"]
    assert (df.changes_low[0], df.changes_high[0]) == (4, 4)
    assert "Councils ranked by dcs changes" in text


def test_story_is_printed_in_date_order(run):
    _, text, _ = run
    story = text.split("Avonford Council: timeline", 1)[1]
    assert story.index("Ann Able starts") < story.index("Cat Cole starts") < story.index("Ivy Ives starts")
    assert "between 2020-01-01 and 2020-06-30" in story


def test_derived_trig_parses_into_the_derived_graph(run):
    import rdflib
    ds = rdflib.Dataset()
    ds.parse(run[2] / "derived.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert "https://w3id.org/csgkg/graph/derived" in names


def test_unknown_council_is_an_error_naming_the_option(tmp_path, capsys):
    assert main(["--graph", str(FIXTURE), "--out", str(tmp_path), "--council", "Atlantis"]) == 2
    assert "--council" in capsys.readouterr().err


def test_missing_graph_is_an_error_naming_the_file(tmp_path, capsys):
    assert main(["--graph", str(tmp_path / "none.trig"), "--out", str(tmp_path)]) == 2
    assert "none.trig" in capsys.readouterr().err


def test_a_misspelt_role_or_measure_key_is_rejected_naming_the_option(tmp_path, capsys):
    assert main(["--graph", str(FIXTURE), "--out", str(tmp_path), "--role", "dsc"]) == 2
    assert "--role" in capsys.readouterr().err
    assert main(["--graph", str(FIXTURE), "--out", str(tmp_path), "--indicator", "agency-rate"]) == 2
    assert "--indicator" in capsys.readouterr().err


def test_network_tables_name_the_bridge_and_the_returning_inspectors(run):
    _, text, out_dir = run
    net = pd.read_csv(out_dir / "network_by_year.csv").set_index("year")
    assert net.loc[2019, "components"] == 1 and net.loc[2019, "top_bridge"] == "Dan Dee"
    assert list(pd.read_csv(out_dir / "bridges.csv").person) == ["Dan Dee"]
    assert set(pd.read_csv(out_dir / "returning_inspectors.csv").inspector) == {"Eve Eng", "Hal Hill"}
