"""The analysis benchmark runs over every council of a built graph and reports time and memory."""
from bench.analysis import run


def test_analysis_benchmark_covers_every_council_and_reports_time_and_memory(built_corpus):
    res = run(str(built_corpus[1]), k=10)
    assert res["councils"] >= 150
    assert {"projection", "derived events", "metrics for every council", "total"} <= set(res["seconds"])
    assert res["peak_rss_mb"] > 0 and res["derived_triples"] > 0
