"""The store's worker pool: a killed worker's replacement joins only once it is ready (S1 in
docs/security.md), and a row cap is applied in the worker while it reads the result, so a huge
answer never grows the worker (S2).

The data is synthetic (numbered IRIs), generated here: what matters is its size, not its content.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph.store_backends import QueryTimeout, StoreError
from graph.store_pool import WorkerPool

TRIPLES = 500  # a two-pattern SELECT * over them has 250,000 rows
SLOW_START_TRIPLES = 20_000  # loading them makes a worker's start-up clearly longer than a query
ALL_PAIRS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
ALL_PAIRS_GRAPH = "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s ?p ?o }"


def _write_data(path: Path, n: int) -> Path:
    with path.open("w") as f:
        for i in range(n):
            f.write(f'<urn:test:s{i}> <urn:test:p{i % 7}> "value {i}" .\n')
    return path


@pytest.fixture(scope="module")
def data_file(tmp_path_factory) -> Path:
    return _write_data(tmp_path_factory.mktemp("pool") / "data.nt", TRIPLES)


@pytest.fixture(scope="module")
def slow_start_file(tmp_path_factory) -> Path:
    return _write_data(tmp_path_factory.mktemp("pool") / "larger.nt", SLOW_START_TRIPLES)


@pytest.fixture
def pool_of(data_file):
    """Opens pools over the data file and closes them after the test."""
    pools: list[WorkerPool] = []

    def make(size: int, spec=None) -> WorkerPool:
        pools.append(WorkerPool(spec or ("oxigraph-file", str(data_file)), size=size))
        return pools[-1]

    yield make
    for p in pools:
        p.close()


def _all_started(pool: WorkerPool, limit: float = 60.0) -> None:
    end = time.monotonic() + limit
    while pool.starting():
        assert time.monotonic() < end, "pool workers did not start"
        time.sleep(0.01)


def _peak_rss_kb(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in kB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise AssertionError(f"no VmHWM for process {pid}")


# --- S1: replacements join the idle list only when ready


def test_query_after_a_kill_uses_a_ready_worker_not_the_starting_replacement(pool_of, slow_start_file):
    t0 = time.monotonic()
    pool = pool_of(2, ("oxigraph-file", str(slow_start_file)))
    assert pool.run(CHEAP, timeout=60).boolean
    startup = time.monotonic() - t0  # spawn, import, open the store, first answer
    _all_started(pool)
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, timeout=0.5)
    killed = pool.last_killed_pid
    t1 = time.monotonic()
    assert pool.run(CHEAP, timeout=60).boolean
    took = time.monotonic() - t1
    assert took < startup / 4, f"query after the kill took {took:.3f} s; a worker starts in {startup:.3f} s"
    # the replacement does join, and takes queries
    _all_started(pool)
    assert len(pool.pids()) == 2 and killed not in pool.pids()
    assert pool.run(CHEAP, timeout=60).boolean


def test_query_waiting_for_a_starting_worker_gives_up_at_its_own_limit_and_spares_it(pool_of):
    pool = pool_of(1)
    assert pool.run(CHEAP, timeout=60).boolean
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, timeout=0.5)
    killed = pool.last_killed_pid
    (replacement,) = pool.pids()
    t0 = time.monotonic()
    with pytest.raises(QueryTimeout, match="no store worker became free"):
        pool.run(CHEAP, timeout=0.02)
    assert time.monotonic() - t0 < 0.5
    assert pool.last_killed_pid == killed, "the starting replacement was killed as if it had run the query"
    assert pool.run(CHEAP, timeout=60).boolean
    assert pool.pids() == [replacement]


def test_closing_the_pool_ends_a_replacement_that_is_still_starting(pool_of):
    pool = pool_of(1)
    assert pool.run(CHEAP, timeout=60).boolean
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, timeout=0.5)
    (replacement,) = pool.pids()
    pool.close()
    end = time.monotonic() + 10  # killed, then reaped by the thread that was admitting it
    while Path(f"/proc/{replacement}").exists() and time.monotonic() < end:
        time.sleep(0.05)
    assert not Path(f"/proc/{replacement}").exists(), "the starting worker outlived its pool"
    with pytest.raises(StoreError, match="closed"):
        pool.run(CHEAP, timeout=5)


def test_replacement_that_cannot_open_the_store_fails_the_next_query_at_once(pool_of, tmp_path):
    data = _write_data(tmp_path / "gone.nt", TRIPLES)
    pool = pool_of(1, ("oxigraph-file", str(data)))
    assert pool.run(CHEAP, timeout=60).boolean
    data.unlink()
    with pytest.raises(QueryTimeout):
        pool.run(RUNAWAY, timeout=0.5)
    for _ in range(2):  # each failed worker is replaced again; every query says why, none hangs
        t0 = time.monotonic()
        with pytest.raises(StoreError, match="could not open the store"):
            pool.run(CHEAP, timeout=30)
        assert time.monotonic() - t0 < 15


# --- S2: the row cap is applied in the worker


def test_capped_select_star_stops_in_the_worker_and_its_memory_stays_flat(pool_of):
    pool = pool_of(1)
    assert pool.run(CHEAP, timeout=60).boolean
    (pid,) = pool.pids()
    before = _peak_rss_kb(pid)
    t0 = time.monotonic()
    raw = pool.run(ALL_PAIRS, timeout=60, max_rows=100)
    took = time.monotonic() - t0
    assert raw.kind == "select" and len(raw.rows) == 101  # one over the cap: there were more
    grown_mb = (_peak_rss_kb(pid) - before) / 1024
    # all 250,000 rows materialised and pickled grow the worker by well over 100 MB
    assert grown_mb < 20, f"worker peak memory grew by {grown_mb:.0f} MB for a 100-row cap"
    assert took < 2.0, f"a 100-row answer took {took:.2f} s"


def test_cap_counts_triples_of_a_graph_result(pool_of):
    pool = pool_of(1)
    raw = pool.run(ALL_PAIRS_GRAPH, timeout=60, max_rows=10)
    assert raw.kind == "graph" and len(raw.triples) == 11


def test_answer_within_the_cap_is_whole_and_equal_to_the_uncapped_one(pool_of):
    pool = pool_of(1)
    q = "SELECT ?s ?o WHERE { ?s <urn:test:p3> ?o }"
    whole = pool.run(q, timeout=60)
    assert 0 < len(whole.rows) <= 100
    capped = pool.run(q, timeout=60, max_rows=len(whole.rows))
    assert sorted(capped.rows) == sorted(whole.rows) and capped.vars == whole.vars
    assert pool.run(CHEAP, timeout=60, max_rows=0).boolean  # ASK has no rows to cut


def test_memory_engine_answers_are_cut_to_the_cap_too(pool_of, data_file):
    pool = pool_of(1, ("memory-file", str(data_file)))
    raw = pool.run("SELECT ?s WHERE { ?s ?p ?o }", timeout=60, max_rows=5)
    assert len(raw.rows) == 6
