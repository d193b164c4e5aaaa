"""The build benchmark runs the real build three times and reports stages and ratios."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_build_benchmark_rebuilds_after_one_changed_document_from_the_caches(tmp_path, capsys):
    from bench.build import main
    assert main(["--corpus", str(ROOT / "corpus"), "--results", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "rebuild after one changed report" in out and "/ full" in out
    import json
    (result,) = tmp_path.glob("build-*.json")
    runs = json.loads(result.read_text())["runs"]
    assert runs["full"]["from_cache"] == 0 and runs["full"]["store"] == "full"
    assert runs["unchanged"]["from_cache"] == runs["unchanged"]["documents"]
    assert runs["unchanged"]["validation_parts"]["validated"] == 0
    assert runs["one changed"]["from_cache"] == runs["one changed"]["documents"] - 1
    assert runs["one changed"]["store"].startswith("updated:")
    assert all(r["shacl"] == "conforms" for r in runs.values())
