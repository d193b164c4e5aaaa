"""Shared fixtures: the bundled corpus built once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ILACS = SHARED / "ilacs"


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory):
    """(BuildResult, output folder) for the bundled corpus, built and written once."""
    from graph.pipeline import build, write_output
    result = build(ROOT / "corpus", ROOT / "data" / "annotations.yaml", progress=False)
    out = tmp_path_factory.mktemp("build") / "out"
    write_output(result, out)
    return result, out


@pytest.fixture(scope="session")
def corpus_store(built_corpus):
    """The built bundled corpus opened through the project's store interface."""
    from graph.store import open_store
    return open_store(built_corpus[1])
