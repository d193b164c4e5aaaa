"""The TriG and Turtle files written from per-graph blocks (graph/serialize.py).

Both files must parse (pyoxigraph and rdflib) to exactly the dataset / merged
graph they were written from, and be the same bytes whatever the state of the
block cache.
"""
from __future__ import annotations

import doctest
import errno
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import HealthCheck, given, settings, strategies as st

from graph import serialize
from graph.quadset import canonical_nquads, graph_digest, merged_ntriples, to_ox
from graph.serialize import (
    prefix_header, project_prefixes, serialized_blocks, trig_bytes, turtle_block, turtle_bytes, write_trig,
    write_trig_and_turtle, write_turtle,
)

ID = "https://w3id.org/csgkg/id/"
GR = "https://w3id.org/csgkg/graph/"
CSG = "https://w3id.org/csgkg/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"


def N(iri):
    return ox.NamedNode(iri)


def graphs_of(quads) -> dict[str, bytes]:
    """Canonical N-Quads by graph IRI, as the build holds them."""
    by: dict = {}
    for q in quads:
        by.setdefault(q.graph_name.value, []).append(q)
    return {name: canonical_nquads(qs) for name, qs in by.items()}


def edge_case_graphs() -> dict[str, bytes]:
    a, b, c = GR + "doc/a", GR + "doc/b", GR + "derived"
    p = N(CSG + "p")
    shared = ox.BlankNode("shared")
    long_text = "word \"quoted\" and\nnewline " * 4000
    quads = [
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("line one\nline two\r\n\ttabbed"), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal('quotes " and \' and """ and \'\'\' and \\'), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("ünïcödé — Ħ 𝔘 \u2028 \u0000 \u007f"), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("colour", language="en-GB"), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("42", datatype=N(XSD + "integer")), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("0042", datatype=N(XSD + "integer")), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("1e3", datatype=N(XSD + "double")), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("2024-06-14", datatype=N(XSD + "date")), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal("x", datatype=N("urn:custom:type")), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal(long_text), N(a)),
        ox.Quad(N(ID + "council/E1"), p, ox.Literal(""), N(a)),
        # IRIs that look like prefixed names, or are a namespace, or need escapes as local names
        ox.Quad(N("csg:notAPrefixedName"), p, N("id:x/y"), N(b)),
        ox.Quad(N(ID), p, N(CSG), N(b)),
        ox.Quad(N(ID + "a/b#c.d."), p, N(ID + "-start.end"), N(b)),
        ox.Quad(N(ID + "%20escaped~x"), p, N(ID + "a:b"), N(b)),
        ox.Quad(N("https://w3id.org/csgkg/idx"), p, ox.Literal("near miss of a namespace"), N(b)),
        # a blank node in two graphs, and a triple stated by two graphs
        ox.Quad(shared, p, ox.Literal("in a"), N(a)),
        ox.Quad(shared, p, ox.Literal("in b"), N(b)),
        ox.Quad(N(ID + "x"), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(CSG + "Thing"), N(a)),
        ox.Quad(N(ID + "x"), N("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), N(CSG + "Thing"), N(c)),
        ox.Quad(N(ID + "x"), p, ox.BlankNode("inner"), N(c)),
        ox.Quad(ox.BlankNode("inner"), p, ox.Literal("nested"), N(c)),
    ]
    graphs = graphs_of(quads)
    graphs["https://example.org/graph/empty"] = b""
    return graphs


def dataset_nquads(graphs) -> bytes:
    return canonical_nquads(ox.parse(b"".join(graphs.values()), format=ox.RdfFormat.N_QUADS))


def canonical(quads) -> set:
    """Quads with blank nodes relabelled canonically (for parsers that rename them)."""
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return set(ds)


def rdflib_quads(parsed):
    """pyoxigraph quads of an rdflib Dataset or Graph (a Graph's triples in the default graph)."""
    if isinstance(parsed, rdflib.Dataset):
        rows = parsed.quads((None, None, None, None))
    else:
        rows = ((s, p, o, None) for s, p, o in parsed)
    for s, p, o, g in rows:
        gn = ox.DefaultGraph() if g is None or g == rdflib.URIRef("urn:x-rdflib:default") else to_ox(g)
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), gn)


def reads_back(text: bytes, graphs, fmt: str) -> bool:
    """pyoxigraph reads the ``trig`` file as exactly the dataset, or the ``turtle`` file as the merged graph,
    and rdflib reads it as it reads the N-Quads / N-Triples (rdflib normalises some literals)."""
    trig = fmt == "trig"
    expected = dataset_nquads(graphs) if trig else merged_ntriples(graphs)
    if canonical_nquads(ox.parse(text, format=ox.RdfFormat.TRIG if trig else ox.RdfFormat.TURTLE)) != expected:
        return False
    parsed, reference = (rdflib.Dataset(), rdflib.Dataset()) if trig else (rdflib.Graph(), rdflib.Graph())
    parsed.parse(data=text, format=fmt)
    reference.parse(data=expected, format="nquads" if trig else "nt")
    return canonical(rdflib_quads(parsed)) == canonical(rdflib_quads(reference))


def test_trig_parses_back_to_the_same_dataset():
    graphs = edge_case_graphs()
    assert reads_back(trig_bytes(graphs), graphs, "trig")


def test_turtle_parses_back_to_the_merged_graph():
    graphs = edge_case_graphs()
    assert reads_back(turtle_bytes(graphs), graphs, "turtle")


def test_files_start_with_the_project_prefixes_and_abbreviate_with_them():
    graphs = edge_case_graphs()
    header = prefix_header(project_prefixes())
    for text in (trig_bytes(graphs), turtle_bytes(graphs)):
        assert text.startswith(header)
        assert text.count(b"@prefix ") == len(project_prefixes())
        assert b"id:council\\/E1 " in text
    assert b"# graph <" + (GR + "doc/a").encode() + b">\n" in turtle_bytes(graphs)


def test_trig_is_pyoxigraphs_trig_of_the_whole_dataset_apart_from_the_header():
    graphs = {name: blob for name, blob in edge_case_graphs().items() if name != GR + "doc/b"}
    nquads = b"".join(graphs[name] for name in sorted(graphs))
    whole = ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                         prefixes=project_prefixes())
    assert serialize._cut_header(trig_bytes(graphs)) == serialize._cut_header(whole)


def test_an_iri_ending_in_a_dot_is_written_in_full_so_rdflib_reads_it():
    dotted = ox.Quad(N(ID + "a/b.c."), N(CSG + "p"), N(ID + "other"), N(GR + "doc/x"))
    plain = ox.Quad(N(ID + "plain"), N(CSG + "p"), ox.Literal("a backslash \\. before a dot"), N(GR + "doc/y"))
    graphs = graphs_of([dotted, plain])
    text = trig_bytes(graphs)
    assert b"<https://w3id.org/csgkg/id/a/b.c.> csg:p <https://w3id.org/csgkg/id/other> ." in text
    assert b"id:plain csg:p" in text
    assert reads_back(text, graphs, "trig")
    assert reads_back(turtle_bytes(graphs), graphs, "turtle")


def test_graphs_come_out_in_name_order_whatever_the_mapping_order():
    graphs = edge_case_graphs()
    reordered = dict(reversed(list(graphs.items())))
    assert trig_bytes(reordered) == trig_bytes(graphs)
    assert turtle_bytes(reordered) == turtle_bytes(graphs)
    text = trig_bytes(graphs)
    assert text.index(b"gr:derived {") < text.index(b"gr:doc\\/a {") < text.index(b"gr:doc\\/b {")


def test_an_empty_graph_writes_nothing():
    assert trig_bytes({GR + "empty": b""}) == prefix_header(project_prefixes())
    assert turtle_bytes({GR + "empty": b""}) == prefix_header(project_prefixes())
    assert trig_bytes({}) == prefix_header(project_prefixes())


def test_output_is_the_same_bytes_without_cache_cold_and_warm(tmp_path):
    graphs = edge_case_graphs()
    cache = tmp_path / "cache"
    runs = []
    for label, cache_dir in (("none", None), ("cold", cache), ("warm", cache)):
        stats = write_trig_and_turtle(graphs, tmp_path / f"{label}.trig", tmp_path / f"{label}.ttl",
                                      cache_dir=cache_dir)
        runs.append(((tmp_path / f"{label}.trig").read_bytes(), (tmp_path / f"{label}.ttl").read_bytes(), stats))
    assert runs[0][:2] == runs[1][:2] == runs[2][:2]
    assert runs[1][2]["serialized"] == len(graphs) and runs[1][2]["from cache"] == 0
    assert runs[2][2]["serialized"] == 0 and runs[2][2]["from cache"] == 2 * len(graphs)


def test_the_single_file_writers_write_what_the_pair_writer_writes(tmp_path):
    graphs = edge_case_graphs()
    write_trig_and_turtle(graphs, tmp_path / "both.trig", tmp_path / "both.ttl")
    write_trig(graphs, tmp_path / "one.trig", cache_dir=tmp_path / "cache")
    write_turtle(graphs, tmp_path / "one.ttl", cache_dir=tmp_path / "cache")
    assert (tmp_path / "one.trig").read_bytes() == (tmp_path / "both.trig").read_bytes() == trig_bytes(graphs)
    assert (tmp_path / "one.ttl").read_bytes() == (tmp_path / "both.ttl").read_bytes() == turtle_bytes(graphs)


def test_turtle_blocks_are_made_from_cached_trig_blocks(tmp_path):
    graphs = edge_case_graphs()
    write_trig(graphs, tmp_path / "a.trig", cache_dir=tmp_path / "cache")
    stats = write_turtle(graphs, tmp_path / "a.ttl", cache_dir=tmp_path / "cache")
    assert stats["serialized"] == 0
    assert (tmp_path / "a.ttl").read_bytes() == turtle_bytes(graphs)


def test_writing_turtle_alone_caches_the_trig_blocks_too(tmp_path):
    graphs = edge_case_graphs()
    write_turtle(graphs, tmp_path / "a.ttl", cache_dir=tmp_path / "cache")
    stats = write_trig(graphs, tmp_path / "a.trig", cache_dir=tmp_path / "cache")
    assert stats == {"graphs": len(graphs), "from cache": len(graphs), "serialized": 0}
    assert (tmp_path / "a.trig").read_bytes() == trig_bytes(graphs)


def test_digests_given_by_the_caller_are_the_cache_keys(tmp_path):
    graphs = edge_case_graphs()
    digests = {name: graph_digest(blob) for name, blob in graphs.items()}
    write_trig_and_turtle(graphs, tmp_path / "a.trig", tmp_path / "a.ttl", cache_dir=tmp_path / "c")
    stats = write_trig_and_turtle(graphs, tmp_path / "b.trig", tmp_path / "b.ttl", digests=digests,
                                  cache_dir=tmp_path / "c")
    assert stats["serialized"] == 0
    assert (tmp_path / "a.trig").read_bytes() == (tmp_path / "b.trig").read_bytes()


def test_a_changed_graph_invalidates_only_its_blocks(tmp_path):
    graphs = edge_case_graphs()
    cache = tmp_path / "cache"
    serialized_blocks(graphs, cache_dir=cache)
    # reading an entry marks it used (its time changes); a rewrite would give it a new inode
    before = {p.name: p.stat().st_ino for p in (cache / "serialized").iterdir()}
    changed = dict(graphs)
    extra = ox.Quad(N(ID + "new"), N(CSG + "p"), ox.Literal("added"), N(GR + "doc/b"))
    changed[GR + "doc/b"] = canonical_nquads([*ox.parse(graphs[GR + "doc/b"], format=ox.RdfFormat.N_QUADS), extra])
    stats: dict = {}
    blocks = serialized_blocks(changed, cache_dir=cache, stats=stats)
    after = {p.name: p.stat().st_ino for p in (cache / "serialized").iterdir()}
    assert stats == {"graphs": len(graphs), "from cache": 2 * (len(graphs) - 1), "serialized": 1}
    new = sorted(set(after) - set(before))
    assert len(new) == 2 and new[0].endswith(".trig") and new[1] == new[0][:-len("trig")] + "ttl"
    assert all(after[name] == inode for name, inode in before.items())
    assert blocks == serialized_blocks(changed)


@pytest.mark.parametrize("damage", ["flip a byte", "truncate", "empty", "garbage", "directory"])
def test_a_corrupt_cache_entry_is_recomputed(tmp_path, damage):
    graphs = edge_case_graphs()
    cache = tmp_path / "cache"
    expected = (trig_bytes(graphs), turtle_bytes(graphs))
    serialized_blocks(graphs, cache_dir=cache)
    entries = sorted((cache / "serialized").iterdir(), key=lambda p: p.stat().st_size)
    victim = entries[-1]
    raw = victim.read_bytes()
    if damage == "flip a byte":
        i = len(raw) - 10
        victim.write_bytes(raw[:i] + bytes([raw[i] ^ 0x20]) + raw[i + 1:])
    elif damage == "truncate":
        victim.write_bytes(raw[:len(raw) // 2])
    elif damage == "empty":
        victim.write_bytes(b"")
    elif damage == "garbage":
        victim.write_bytes(b"\x00\xff not an entry\n" + raw)
    else:
        victim.unlink()
        victim.mkdir()
    stats: dict = {}
    serialized_blocks(graphs, cache_dir=cache, stats=stats)
    assert stats["from cache"] == 2 * len(graphs) - 1
    assert (trig_bytes(graphs, cache_dir=cache), turtle_bytes(graphs, cache_dir=cache)) == expected
    if damage != "directory":
        assert victim.read_bytes() == raw


def test_a_cache_that_cannot_be_written_does_not_fail_the_write(tmp_path, monkeypatch):
    graphs = edge_case_graphs()
    expected = trig_bytes(graphs)
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    assert trig_bytes(graphs, cache_dir=not_a_folder) == expected

    real_write = Path.write_bytes

    def full_disk(self, data):  # half the entry reaches the disk, then it is full
        if ".csgkg" in str(self) or "cache" in self.parts:
            real_write(self, data[:len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert trig_bytes(graphs, cache_dir=tmp_path / "cache") == expected
    monkeypatch.undo()
    assert not [f for f in (tmp_path / "cache").rglob("*") if f.is_file()]  # no entry, no half-written file


def test_blocks_made_with_other_prefixes_are_not_reused(tmp_path):
    graphs = edge_case_graphs()
    cache = tmp_path / "cache"
    other = {"ex": ID, "c": CSG}
    with_other = trig_bytes(graphs, cache_dir=cache, prefixes=other)
    assert with_other == trig_bytes(graphs, prefixes=other)
    assert trig_bytes(graphs, cache_dir=cache) == trig_bytes(graphs)
    assert b"ex:council\\/E1" in with_other and b"id:council\\/E1" in trig_bytes(graphs, cache_dir=cache)
    assert reads_back(with_other, graphs, "trig")


def test_nested_namespaces_abbreviate_with_the_longer_one_in_any_order():
    graphs = graphs_of([ox.Quad(N("urn:x:y:z"), N("urn:x:p"), N("urn:x:y:w"), N("urn:g"))])
    one = {"a": "urn:x:", "b": "urn:x:y:"}
    two = {"b": "urn:x:y:", "a": "urn:x:"}
    texts = [trig_bytes(graphs, prefixes=prefixes) for prefixes in (one, two)]
    assert serialize._cut_header(texts[0]) == serialize._cut_header(texts[1])
    assert b"b:z a:p b:w ." in texts[0]
    assert all(reads_back(text, graphs, "trig") for text in texts)


@pytest.mark.parametrize("name, iri", [("a b", "urn:x"), ("1a", "urn:x"), ("a", "urn:x>"), ("a", "urn: x")])
def test_a_prefix_turtle_cannot_declare_is_refused(name, iri):
    with pytest.raises(ValueError):
        prefix_header({name: iri})


def test_an_empty_prefix_name_is_declared():
    graphs = graphs_of([ox.Quad(N("urn:x:s"), N("urn:x:p"), ox.Literal("v"), N("urn:g"))])
    text = trig_bytes(graphs, prefixes={"": "urn:x:"})
    assert text.startswith(b"@prefix : <urn:x:> .\n") and b":s :p" in text
    assert canonical_nquads(ox.parse(text, format=ox.RdfFormat.TRIG)) == dataset_nquads(graphs)


def test_an_unusual_trig_block_falls_back_to_serializing_turtle():
    nquads = b'<urn:s> <urn:p> "a\\nb" <urn:g> .\n'
    block = b'<urn:g> {\n\t<urn:s> <urn:p> """a\nb""" .\n}\n'
    assert turtle_block(block, nquads, {}) == b'<urn:s> <urn:p> "a\\nb" .\n'


def test_the_module_examples_hold():
    result = doctest.testmod(serialize, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted and not result.failed


def test_the_project_header_parses():
    assert list(ox.parse(prefix_header(project_prefixes()), format=ox.RdfFormat.TURTLE)) == []


def _valid_iri(iri: str) -> bool:
    try:
        N(iri)
        return True
    except ValueError:
        return False


IRIS = st.builds(lambda ns, local: ns + local, st.sampled_from([ID, CSG, GR, "urn:x:", "http://example.org/", "csg:"]),
                 st.text(st.sampled_from("abcXYZ019-._~/#:?=&+é"), max_size=12)).filter(_valid_iri)
LITERALS = st.one_of(
    st.builds(ox.Literal, st.text(max_size=40)),
    st.builds(lambda t, lang: ox.Literal(t, language=lang), st.text(max_size=20),
              st.sampled_from(["en", "en-GB", "cy", "fr-CA", "x-private"])),
    st.builds(lambda t, dt: ox.Literal(t, datatype=N(dt)), st.text(max_size=20),
              st.sampled_from([XSD + "string", XSD + "integer", XSD + "date", XSD + "decimal", "urn:custom:dt"])),
    st.builds(lambda n: ox.Literal(str(n), datatype=N(XSD + "integer")), st.integers()),
)


def quad_lists(iris):
    objects = st.one_of(LITERALS, iris.map(N), st.sampled_from(["b1", "b2"]).map(ox.BlankNode))
    subjects = st.one_of(iris.map(N), st.sampled_from(["b1", "b2"]).map(ox.BlankNode))
    graph_names = st.sampled_from([GR + "doc/a", GR + "doc/b", "urn:x:graph"]).map(N)
    return st.lists(st.builds(ox.Quad, subjects, iris.map(N), objects, graph_names), max_size=25)


QUADS = quad_lists(IRIS)
QUADS_WITHOUT_DOTTED_IRIS = quad_lists(IRIS.filter(lambda iri: not iri.endswith(".")))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(QUADS)
def test_random_graphs_round_trip_through_both_files(quads):
    graphs = graphs_of(quads)
    assert reads_back(trig_bytes(graphs), graphs, "trig")
    assert reads_back(turtle_bytes(graphs), graphs, "turtle")


@settings(max_examples=150, deadline=None)
@given(QUADS_WITHOUT_DOTTED_IRIS)
def test_turtle_blocks_are_what_pyoxigraph_writes_for_each_graph(quads):
    graphs = graphs_of(quads)
    prefixes = project_prefixes()
    blocks = serialized_blocks(graphs, prefixes=prefixes)
    for name, block in zip(sorted(graphs), blocks["ttl"]):
        triples = (q.triple for q in ox.parse(graphs[name], format=ox.RdfFormat.N_QUADS))
        direct = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b""
        assert block == serialize._cut_header(direct)
