"""Issue 7, load (the CI-sized run of ``python -m bench.load``): a real viewer on loopback over
the bundled corpus's build, explorer clients mixing API calls and contract queries while one
client hammers a cartesian-product query. Bounded: a few seconds of load, then the server is
stopped.

What must hold: no errors for the explorer and contract clients, every hammer query stopped at
the time limit (503) or refused over its share (429), and explorer API latency within a bound
(``CSGKG_LOAD_P95_MS``, default 400 ms for a shared CI machine; the benchmark's own target of
100 ms with 20 clients is checked and recorded by ``python -m bench.load``, see docs/security.md).
"""
from __future__ import annotations

import os
import shutil

import pytest

from bench.load import run_load, serve

P95_MS = float(os.environ.get("CSGKG_LOAD_P95_MS", "400"))


@pytest.fixture(scope="module")
def graph_copy(built_corpus, tmp_path_factory):
    """A private copy of the bundled corpus's build (out/ is a link into .csgkg-builds/)."""
    _, out = built_corpus
    dest = tmp_path_factory.mktemp("load") / "out"
    shutil.copytree(out.resolve(), dest)
    return dest


def test_explorer_stays_fast_and_error_free_while_one_client_hammers_expensive_queries(graph_copy):
    with serve(graph_copy, timeout=2.0) as base:
        report = run_load(base, clients=10, seconds=6.0, hammers=1, think=0.1, warmup=2.0, seed=7)
    api, contract, hammer = report["api"], report["contract"], report["hammer"]
    assert api["requests"] >= 50, report            # the explorer clients really ran
    assert contract["requests"] >= 5, report
    assert api["errors"] == 0 and contract["errors"] == 0, (api["error_samples"], contract["error_samples"])
    assert hammer["errors"] == 0, hammer["error_samples"]
    assert hammer["statuses"].get("503", 0) >= 1, hammer   # stopped at the 2 s limit, not left running
    assert set(hammer["statuses"]) <= {"503", "429"}, hammer
    assert api["p95_ms"] < P95_MS, (f"explorer API p95 {api['p95_ms']} ms over {P95_MS} ms "
                                    f"(load average {report['loadavg_1min']})", report)


def test_load_generator_refuses_anything_but_loopback():
    with pytest.raises(ValueError, match="loopback"):
        run_load("http://example.org", clients=1, seconds=1)
