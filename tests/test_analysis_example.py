"""The example tour and every docstring Example in graph.analysis run as doctests."""
import doctest
import importlib
import os
import pkgutil
from pathlib import Path

import pytest

import graph.analysis

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(m.name for m in pkgutil.iter_modules(graph.analysis.__path__, "graph.analysis."))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch):
    monkeypatch.chdir(ROOT)  # examples use repo-relative fixture paths


def _run(module):
    res = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert res.failed == 0, f"{module.__name__}: {res.failed} doctest(s) failed"
    return res.attempted


def test_example_tour_runs():
    spec = importlib.util.spec_from_file_location("analysis_example", ROOT / "examples" / "analysis_example.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert _run(mod) >= 10


@pytest.mark.parametrize("name", MODULES)
def test_module_doctests(name):
    _run(importlib.import_module(name))


def test_every_metric_function_has_a_runnable_example():
    from graph.analysis import metrics, network_metrics
    for mod in (metrics, network_metrics):
        for fname in mod.__all__:
            obj = getattr(mod, fname)
            if callable(obj) and not isinstance(obj, type) and fname not in ("graded_inspections", "months_before"):
                assert ">>>" in (obj.__doc__ or ""), f"{mod.__name__}.{fname} has no Example"
