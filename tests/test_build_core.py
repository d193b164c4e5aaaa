"""The build of the bundled corpus: output, quotes, validation, determinism, atomicity."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from graph.names import graph_iri

ROOT = Path(__file__).resolve().parent.parent
OA = "http://www.w3.org/ns/oa#"
CSG = "https://w3id.org/csgkg/ontology#"


def _nquads_lines(ds: Dataset) -> list[str]:
    return sorted(l for l in ds.serialize(format="nquads").splitlines() if l.strip())


def test_build_writes_dataset_merged_graph_texts_store_and_summary(built_corpus):
    _, out = built_corpus
    for name in ("graph.trig", "graph.ttl", "summary.json"):
        assert (out / name).is_file(), name
    assert len(list((out / "texts").glob("*.txt"))) == 5
    assert (out / "store").is_dir()
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 5
    assert summary["shacl"] == "conforms"
    assert summary["evidence"] > 100


def test_one_named_graph_per_document_plus_curated_derived_reference_ontology(built_corpus):
    result, out = built_corpus
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    names = {str(g.identifier) for g in ds.graphs() if len(g)}
    for d in result.docs:
        assert graph_iri(f"doc/{d.doc_id}") in names
    for special in ("derived", "reference", "ontology"):
        assert graph_iri(special) in names


def test_every_quote_occurs_verbatim_at_its_offset_in_its_document(built_corpus):
    result, out = built_corpus
    texts = {d.doc_id: (out / "texts" / f"{d.doc_id}.txt").read_text(encoding="utf-8") for d in result.docs}
    originals = {d.doc_id: (ROOT / "corpus" / d.file).read_text(encoding="utf-8") for d in result.docs}
    g = Graph()
    for s_, p_, o_, _ in result.dataset.quads((None, None, None, None)):
        g.add((s_, p_, o_))
    checked = 0
    for sel in set(g.subjects(URIRef(OA + "exact"), None)):
        exact = str(next(g.objects(sel, URIRef(OA + "exact"))))
        offset = int(next(g.objects(sel, URIRef(CSG + "startOffset"))))
        target = next(g.subjects(URIRef(OA + "hasSelector"), sel))
        doc = str(next(g.objects(target, URIRef(OA + "hasSource"))))
        doc_id = doc.rsplit("/", 1)[-1]
        assert texts[doc_id][offset:offset + len(exact)] == exact, (doc_id, exact[:60])
        assert originals[doc_id][offset:offset + len(exact)] == exact  # the corpus file itself
        checked += 1
    assert checked > 100


def test_graph_conforms_to_the_shacl_shapes(built_corpus):
    result, _ = built_corpus
    assert result.validation is not None
    assert result.validation.conforms, result.validation.text


def test_two_builds_give_isomorphic_graphs_and_identical_canonical_nquads(built_corpus):
    from graph.pipeline import build
    first, _ = built_corpus
    second = build(ROOT / "corpus", ROOT / "data" / "annotations.yaml", validate=False, progress=False)
    assert _nquads_lines(first.dataset) == _nquads_lines(second.dataset)
    g1, g2 = Graph(), Graph()
    for t in first.dataset.triples((None, None, None)):
        g1.add(t)
    for t in second.dataset.triples((None, None, None)):
        g2.add(t)
    assert isomorphic(g1, g2)


def test_no_blank_nodes_anywhere(built_corpus):
    from rdflib import BNode
    result, _ = built_corpus
    assert not any(isinstance(x, BNode) for q in result.dataset.quads() for x in q[:3])


def test_failed_write_leaves_previous_output_intact(built_corpus, tmp_path, monkeypatch):
    from graph import pipeline
    result, _ = built_corpus
    out = tmp_path / "out"
    pipeline.write_output(result, out)
    before = (out / "graph.trig").read_bytes()

    def half_written(r, folder, previous=None):
        (folder / "graph.trig").write_text("partial")
        raise OSError("disk full (injected)")
    monkeypatch.setattr(pipeline, "_write_folder", half_written)
    with pytest.raises(OSError, match="injected"):
        pipeline.write_output(result, out)
    assert (out / "graph.trig").read_bytes() == before
    Dataset().parse(out / "graph.trig", format="trig")
    assert not [p for p in (tmp_path / ".csgkg-builds").iterdir() if p.resolve() != out.resolve()]


def test_failed_validation_writes_nothing_and_says_why(tmp_path):
    """A SHACL violation (here a curated tenure ending before it starts) fails the
    build with a readable report and leaves the previous output alone."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    quote = "Jane Doe was director of children's services at Torbay Council from 2019 to 2017."
    (corpus / "a.txt").write_text(quote, encoding="utf-8")
    ann = tmp_path / "ann.yaml"
    ann.write_text(
        "annotations:\n"
        "  - id: impossible-dates\n"
        "    file: a.txt\n"
        f"    quote: \"{quote}\"\n"
        "    reason: test fixture\n"
        "    fact: {kind: tenure, person: Jane Doe, role: dcs, org: Torbay Council, start: '2019', end: '2017'}\n",
        encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker").write_text("previous")
    proc = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--corpus", str(corpus),
                           "--annotations", str(ann), "--out", str(out), "--quiet"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 3, proc.stderr
    assert "violation" in proc.stderr.lower()
    assert "start" in proc.stderr.lower()  # the shape's message names the reason
    assert (out / "marker").read_text() == "previous"


def test_killed_build_leaves_previous_graph_loadable(tmp_path):
    """Kill the build at several moments; the previous graph stays whole every time."""
    out = tmp_path / "out.trig"
    cmd = [sys.executable, str(ROOT / "build_graph.py"), "--out", str(out), "--quiet", "--no-validate"]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    good = out.read_bytes()
    for delay in (0.5, 1.5, 3.0):
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        assert out.read_bytes() == good or Dataset().parse(out, format="trig") is not None
        Dataset().parse(out, format="trig")


def test_output_file_extension_names_the_format(built_corpus, tmp_path):
    from graph.pipeline import write_output
    result, _ = built_corpus
    for ext, fmt in ((".nq", "nquads"), (".ttl", "turtle"), (".trig", "trig")):
        path = write_output(result, tmp_path / f"g{ext}")
        g = Dataset() if fmt != "turtle" else Graph()
        g.parse(path, format=fmt)
        assert len(g) > 1000 or sum(1 for _ in g.quads()) > 1000


def test_folder_without_manifest_builds_with_unknown_metadata(tmp_path):
    from graph.pipeline import build
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "note.txt").write_bytes((ROOT / "corpus" / "003_d0e6e6c7b8f7d6d6.txt").read_bytes())
    result = build(corpus, None, validate=False, progress=False)
    doc = result.docs[0]
    assert doc.kind in ("unknown", "news")  # the text may show what it is
    assert doc.metadata_source.get("kind") in (None, "text")
    assert result.summary["documents"] == 1


def test_pdf_without_a_printed_date_takes_its_metadata_date_marked_as_such(tmp_path):
    from test_pdftext import make_pdf
    from graph.pipeline import build
    corpus = tmp_path / "c"
    corpus.mkdir()
    pdf = make_pdf([[(72, 700, 11, "A note about children's services in Torbay Council.")]],
                   info={"CreationDate": "D:20240315093000Z"})
    (corpus / "anything.pdf").write_bytes(pdf)
    result = build(corpus, None, validate=False, progress=False)
    doc = result.docs[0]
    assert doc.published.literal == "2024-03-15" and doc.published.qualifier == "approximate"
    assert doc.metadata_source["published"] == "pdf-metadata"
    comments = {str(q[2]) for q in result.dataset.quads(
        (None, URIRef("http://www.w3.org/2000/01/rdf-schema#comment"), None, None))}
    assert any("pdf-metadata" in c for c in comments)
    assert any("creation date" in c for c in comments)


def test_rebuild_reuses_unchanged_documents_and_gives_the_same_graph(tmp_path):
    """Incremental builds: only documents whose bytes changed are extracted again."""
    import shutil
    from graph.pipeline import build
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)
    cache = tmp_path / "cache"
    first = build(corpus, None, validate=False, progress=False, cache_dir=cache)
    again = build(corpus, None, validate=False, progress=False, cache_dir=cache)
    assert (first.summary["documents_from_cache"], again.summary["documents_from_cache"]) == (0, 5)
    assert _nquads_lines(first.dataset) == _nquads_lines(again.dataset)
    doc = corpus / "003_d0e6e6c7b8f7d6d6.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("41 per cent", "42 per cent"), encoding="utf-8")
    changed = build(corpus, None, validate=False, progress=False, cache_dir=cache)
    assert changed.summary["documents_from_cache"] == 4
    # the changed document's graph and the ontology-free derived graph are made again; the rest come from the cache
    assert changed.summary["graphs_from_cache"] == again.summary["graphs_from_cache"] - 1
    fresh = build(corpus, None, validate=False, progress=False)
    assert _nquads_lines(changed.dataset) == _nquads_lines(fresh.dataset)
    assert any("42 per cent" in l for l in _nquads_lines(changed.dataset))


def test_a_rebuild_after_a_document_is_removed_equals_a_fresh_build(tmp_path):
    """Resolution spans documents (names, councils, inspections cited elsewhere): graphs taken
    from the cache must still equal what a build from nothing writes once a document is gone."""
    import shutil
    from graph.pipeline import build
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)
    cache = tmp_path / "cache"
    build(corpus, None, validate=False, progress=False, cache_dir=cache)
    victim = sorted(p for p in corpus.iterdir() if p.suffix == ".txt")[0]
    victim.unlink()
    import yaml
    manifest = corpus / "sources.yaml"
    data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
    data["documents"] = [d for d in data["documents"] if d["file"] != victim.name]
    manifest.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rebuilt = build(corpus, None, validate=False, progress=False, cache_dir=cache)
    fresh = build(corpus, None, validate=False, progress=False)
    assert rebuilt.summary["graphs_from_cache"] > 0
    assert _nquads_lines(rebuilt.dataset) == _nquads_lines(fresh.dataset)


def test_a_cache_from_other_extraction_code_is_not_reused(tmp_path, monkeypatch):
    from graph import pipeline
    cache = tmp_path / "cache"
    pipeline.build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    monkeypatch.setattr(pipeline, "code_fingerprint", lambda: "other-code")
    again = pipeline.build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    assert again.summary["documents_from_cache"] == 0


def test_class_counts_ignore_a_literal_that_looks_like_a_type_statement():
    from graph.pipeline import _typed
    t, c = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://w3id.org/csgkg/ontology#"
    nq = (f'<urn:a> <{t}> <{c}Tenure> <urn:g> .\n'
          f'<urn:b> <urn:p> "x> <{t}> <{c}Council> y" <urn:g> .\n'
          f'<urn:c> <{t}> <urn:other#Thing> <urn:g> .\n').encode()
    assert _typed(nq) == [(b"<urn:a>", b"Tenure")]


def test_a_damaged_graph_cache_entry_is_made_again(tmp_path):
    from graph.pipeline import build
    cache = tmp_path / "cache"
    first = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    entries = sorted((cache / "rdf").rglob("*.nq"))
    assert entries
    for e in entries:  # flip one byte of each entry's data
        raw = bytearray(e.read_bytes())
        raw[-3] ^= 0x20
        e.write_bytes(bytes(raw))
    again = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    assert again.summary["graphs_from_cache"] == 0
    assert _nquads_lines(again.dataset) == _nquads_lines(first.dataset)


def test_a_renamed_document_takes_its_new_name_from_a_cached_extraction(tmp_path):
    import shutil
    from graph.pipeline import build
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "sources.yaml").unlink()  # no manifest entry: the file name is all that names it
    cache = tmp_path / "cache"
    build(corpus, None, validate=False, progress=False, cache_dir=cache, keep_going=True)
    old = sorted(corpus.glob("*.txt"))[0]
    old.rename(corpus / "renamed.txt")
    again = build(corpus, None, validate=False, progress=False, cache_dir=cache, keep_going=True)
    names = {str(o) for _, p, o, _ in again.dataset.quads((None, None, None, None)) if str(p).endswith("#fileName")}
    assert any(n.endswith("renamed.txt") for n in names) and not any(n.endswith(old.name) for n in names)
    fresh = build(corpus, None, validate=False, progress=False, keep_going=True)
    assert _nquads_lines(again.dataset) == _nquads_lines(fresh.dataset)


def test_a_damaged_extraction_cache_entry_is_extracted_again(tmp_path):
    from graph.pipeline import build
    cache = tmp_path / "cache"
    first = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    for e in cache.glob("*/*.pickle"):
        raw = bytearray(e.read_bytes())
        raw[len(raw) // 2] ^= 0x04
        e.write_bytes(bytes(raw))
    again = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    assert again.summary["documents_from_cache"] == 0
    assert _nquads_lines(again.dataset) == _nquads_lines(first.dataset)


def test_a_failed_extractor_is_not_cached_and_runs_again(tmp_path, monkeypatch):
    from graph import extraction
    from graph.pipeline import build
    cache = tmp_path / "cache"
    victim = extraction.extractors()[0]
    real = type(victim).extract

    def broken(self, doc):
        raise RuntimeError("out of memory, say")
    monkeypatch.setattr(type(victim), "extract", broken)
    failed = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache, keep_going=True)
    assert any("out of memory, say" in p for p in failed.problems)
    monkeypatch.setattr(type(victim), "extract", real)
    again = build(ROOT / "corpus", None, validate=False, progress=False, cache_dir=cache)
    fresh = build(ROOT / "corpus", None, validate=False, progress=False)
    assert not any("out of memory, say" in p for p in again.problems)
    assert _nquads_lines(again.dataset) == _nquads_lines(fresh.dataset)


def test_moving_manifest_entries_down_a_line_reextracts_nothing(tmp_path):
    import shutil
    from graph.pipeline import build
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)
    cache = tmp_path / "cache"
    build(corpus, None, validate=False, progress=False, cache_dir=cache)
    manifest = corpus / "sources.yaml"
    manifest.write_text("\n\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    again = build(corpus, None, validate=False, progress=False, cache_dir=cache)
    assert again.summary["documents_from_cache"] == again.summary["documents"]


def test_pruning_keeps_exactly_what_the_build_used(tmp_path):
    """--prune-cache after a change deletes the old version's entries; a rebuild after pruning
    still takes everything from the cache."""
    import json
    import shutil
    import subprocess
    import sys
    corpus = tmp_path / "c"
    shutil.copytree(ROOT / "corpus", corpus)

    def run(*extra):
        p = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--corpus", str(corpus), "--out",
                            str(tmp_path / "out"), "--quiet", *extra], capture_output=True, text=True, cwd=ROOT)
        assert p.returncode == 0, p.stderr[-2000:]
        return p.stdout, json.loads((tmp_path / "out" / "summary.json").read_text())

    run()
    cache = tmp_path / ".csgkg-cache"
    before = {p for p in cache.rglob("*") if p.is_file()}
    doc = corpus / "003_d0e6e6c7b8f7d6d6.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("41 per cent", "42 per cent"), encoding="utf-8")
    out, _ = run("--prune-cache")
    after = {p for p in cache.rglob("*") if p.is_file()}
    assert "unused entries deleted" in out and before - after  # the old document's entries are gone
    _, summary = run()
    assert summary["documents_from_cache"] == summary["documents"]
    graphs = json.loads((tmp_path / "out" / "graphs.json").read_text())
    assert summary["graphs_from_cache"] == len(graphs) - 1  # every graph but the derived one (always made)
    assert summary["derived_events"] == {"cached": True}
    assert summary["validation_parts"]["validated"] == 0
