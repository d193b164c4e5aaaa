"""Write the build's TriG and Turtle files from per-graph blocks cached by graph digest.

Why: serialising the national dataset (about 930k triples in some 420 named
graphs) to TriG and Turtle takes seconds, and a rebuild usually changes one or
two graphs. pyoxigraph's TriG writer streams: each named graph comes out as one
block (``name {`` ... ``}``) whose text depends only on that graph's quads and
the prefixes. So each graph is serialised on its own, with the same prefixes
as the file's header (the header pyoxigraph writes is cut off), and its blocks
are kept in ``cache_dir/serialized/`` under a key made of the graph digest, the
graph IRI, the prefix header, a fingerprint of this module and the
pyoxigraph version, and :data:`FORMAT_VERSION`. A file is the project's ``@prefix`` header followed by
the blocks in graph-name order, so the same graphs give the same bytes from a
cold cache or a warm one. (The header lists the prefixes in the order of
:data:`graph.namespace.PREFIXES`; the blocks are what pyoxigraph writes for the
whole dataset, except that a graph holding an IRI that ends in ``.`` is
written without the prefixes that would abbreviate it, see
:func:`_serialize_one`.)

The Turtle file is the merged graph written as the concatenation of per-graph
Turtle blocks, each after a blank line and a ``# graph <iri>`` comment. A
triple stated in two graphs therefore appears twice in the text; the file
parses to exactly the merged graph all the same (an RDF graph is a set, and a
blank node label means one node in the whole file, as in the N-Quads). A
graph's Turtle block is its TriG block without the ``name {`` and ``}`` lines
and one tab of indentation, which is what pyoxigraph's Turtle writer gives for
the graph alone (see :func:`turtle_block`).

The cache is only an optimisation: entries go through
:mod:`graph.cachefiles` (written atomically with a CRC, marked when read), so
one that cannot be read or is damaged is recomputed, and one that cannot be
written (full disk, read-only folder) is skipped. A graph with no triples writes
nothing (an RDF dataset has no empty graphs, and pyoxigraph's writer skips
them too).

>>> g = {"urn:g": b'<urn:x:s> <urn:x:p> "x" <urn:g> .\\n'}
>>> print(trig_bytes(g, prefixes={"ex": "urn:x:"}).decode(), end="")
@prefix ex: <urn:x:> .
<urn:g> {
	ex:s ex:p "x" .
}
>>> print(turtle_bytes(g, prefixes={"ex": "urn:x:"}).decode(), end="")
@prefix ex: <urn:x:> .
<BLANKLINE>
# graph <urn:g>
ex:s ex:p "x" .
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Mapping, Optional

import pyoxigraph as ox

from .cachefiles import fingerprint, read_checked, write_checked
from .quadset import graph_digest

__all__ = [
    "FORMAT_VERSION", "CACHE_SUBDIR", "project_prefixes", "prefix_header", "serialized_blocks", "turtle_block",
    "trig_parts", "turtle_parts", "trig_bytes", "turtle_bytes", "write_trig", "write_turtle",
    "write_trig_and_turtle",
]

FORMAT_VERSION = "1"
CACHE_SUBDIR = "serialized"
KINDS = ("trig", "ttl")
_PN_PREFIX = re.compile(r"(?:[A-Za-z](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?)?")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LONG_QUOTES = (b'"' * 3, b"'" * 3)
_DOTTED_IRI = re.compile(rb"<([^<>\s]*\.)>")


def project_prefixes() -> dict[str, str]:
    """The prefixes of the build's files: :data:`graph.namespace.PREFIXES`, as strings."""
    from .namespace import PREFIXES
    return {name: str(ns) for name, ns in PREFIXES.items()}


def prefix_header(prefixes: Mapping[str, str]) -> bytes:
    """The ``@prefix`` lines of a file, in the mapping's order (a prefix Turtle cannot declare raises ValueError)."""
    lines = []
    for name, iri in prefixes.items():
        if not _PN_PREFIX.fullmatch(name) or _IRI_FORBIDDEN.search(iri):
            raise ValueError(f"not a usable prefix: {name!r} -> {iri!r}")
        lines.append(f"@prefix {name}: <{iri}> .\n")
    return "".join(lines).encode()


def serialized_blocks(graphs: Mapping[str, bytes], kinds: tuple = KINDS, *,
                      digests: Optional[Mapping[str, str]] = None, cache_dir: Optional[Path] = None,
                      prefixes: Optional[Mapping[str, str]] = None,
                      stats: Optional[dict] = None) -> dict[str, list[bytes]]:
    """Each graph's blocks (no header) in graph-name order, by kind (``trig``, ``ttl``).

    ``graphs``: canonical N-Quads by graph IRI (:func:`graph.quadset.canonical_nquads`).
    ``digests``: :func:`graph.quadset.graph_digest` of those bytes by graph IRI,
    if the caller has them (computed otherwise, and only when there is a cache).
    ``prefixes``: name -> namespace IRI (default :func:`project_prefixes`).
    A graph with no triples has empty blocks. ``stats``, if given, gets the
    number of ``graphs``, of blocks read ``from cache`` and of graphs
    ``serialized``.
    """
    prefixes = dict(project_prefixes() if prefixes is None else prefixes)
    names = sorted(graphs)
    found: dict = {kind: {} for kind in kinds}
    keys: dict[str, str] = {}
    folder = Path(cache_dir) / CACHE_SUBDIR if cache_dir is not None else None
    if folder is not None:
        # this module's own source counts too: an edit to how blocks are written must not reuse old ones
        setting = b"\0".join([FORMAT_VERSION.encode(), fingerprint([Path(__file__)], ["pyoxigraph"]).encode(),
                              prefix_header(prefixes)])
        fixed = hashlib.sha256(setting).hexdigest()
        for name in names:
            digest = (digests or {}).get(name) or graph_digest(graphs[name])
            keys[name] = key = hashlib.sha256(f"{fixed}\0{name}\0{digest}".encode()).hexdigest()
            for kind in kinds:
                block = read_checked(folder / f"{key}.{kind}")
                if block is not None:
                    found[kind][name] = block
    hits = sum(len(blocks) for blocks in found.values())
    missing = [name for name in names if any(name not in found[kind] for kind in kinds)]
    trig = dict(found.get("trig", {}))
    if folder is not None and "trig" not in kinds:  # a Turtle block is made from the TriG block
        for name in missing:
            block = read_checked(folder / f"{keys[name]}.trig")
            if block is not None:
                trig[name] = block
    to_serialize = [name for name in missing if name not in trig]
    made = {name: _serialize_one(graphs[name], prefixes) for name in to_serialize}
    trig.update(made)
    for name in missing:
        for kind in kinds:
            if name not in found[kind]:
                block = trig[name] if kind == "trig" else turtle_block(trig[name], graphs[name], prefixes)
                found[kind][name] = block
                if folder is not None:
                    write_checked(folder / f"{keys[name]}.{kind}", block)
        if folder is not None and "trig" not in kinds and name in made:
            write_checked(folder / f"{keys[name]}.trig", made[name])
    if stats is not None:
        stats.update({"graphs": len(names), "from cache": hits, "serialized": len(to_serialize)})
    return {kind: [found[kind][name] for name in names] for kind in kinds}


def turtle_block(trig_block: bytes, nquads: bytes, prefixes: Mapping[str, str]) -> bytes:
    """One graph's Turtle block (no header) from its TriG block, or from its N-Quads if the block is unusual.

    Cutting the ``name {`` and ``}`` lines and a tab after each newline changes
    only whitespace outside literals as long as the block has no long
    (triple-quoted) strings: a short string cannot hold a newline, and
    pyoxigraph escapes newlines in literals. If the block has one, the graph
    is serialised as Turtle from ``nquads``.
    """
    if not trig_block:
        return b""
    first = trig_block.find(b"\n")
    body = trig_block[first + 1:-2]
    framed = trig_block[first - 2:first] == b" {" and trig_block.endswith(b"\n}\n") and body.startswith(b"\t")
    if framed and not any(q in body for q in _LONG_QUOTES):
        return body[1:].replace(b"\n\t", b"\n")
    triples = (q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    return _cut_header(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=dict(prefixes)) or b"")


def trig_parts(blocks: list, prefixes: Mapping[str, str]) -> list[bytes]:
    """The pieces of the TriG file: the prefix header, then the TriG blocks (in graph-name order)."""
    return [prefix_header(prefixes), *blocks]


def turtle_parts(names: list, blocks: list, prefixes: Mapping[str, str]) -> list[bytes]:
    """The pieces of the Turtle file: the prefix header, then ``# graph <iri>`` and the Turtle block of each graph.

    ``names``: the graph IRIs in name order, ``blocks`` their Turtle blocks.
    """
    parts = [prefix_header(prefixes)]
    for name, block in zip(names, blocks):
        if block:
            if "\n" in name or "\r" in name:
                raise ValueError(f"a graph name with a line break: {name!r}")
            parts += [b"\n# graph <" + name.encode() + b">\n", block]
    return parts


def trig_bytes(graphs: Mapping[str, bytes], *, digests: Optional[Mapping[str, str]] = None,
               cache_dir: Optional[Path] = None, prefixes: Optional[Mapping[str, str]] = None) -> bytes:
    """The TriG of all named graphs (what :func:`write_trig` writes), in memory."""
    prefixes = dict(project_prefixes() if prefixes is None else prefixes)
    blocks = serialized_blocks(graphs, ("trig",), digests=digests, cache_dir=cache_dir, prefixes=prefixes)
    return b"".join(trig_parts(blocks["trig"], prefixes))


def turtle_bytes(graphs: Mapping[str, bytes], *, digests: Optional[Mapping[str, str]] = None,
                 cache_dir: Optional[Path] = None, prefixes: Optional[Mapping[str, str]] = None) -> bytes:
    """The merged graph as Turtle (what :func:`write_turtle` writes), in memory."""
    prefixes = dict(project_prefixes() if prefixes is None else prefixes)
    blocks = serialized_blocks(graphs, ("ttl",), digests=digests, cache_dir=cache_dir, prefixes=prefixes)
    return b"".join(turtle_parts(sorted(graphs), blocks["ttl"], prefixes))


def write_trig(graphs: Mapping[str, bytes], path: Path, *, digests: Optional[Mapping[str, str]] = None,
               cache_dir: Optional[Path] = None) -> dict:
    """Write all named graphs as TriG with the project's prefixes; returns the cache counts."""
    return write_trig_and_turtle(graphs, path, None, digests=digests, cache_dir=cache_dir)


def write_turtle(graphs: Mapping[str, bytes], path: Path, *, digests: Optional[Mapping[str, str]] = None,
                 cache_dir: Optional[Path] = None) -> dict:
    """Write the merged graph as Turtle with the project's prefixes; returns the cache counts."""
    return write_trig_and_turtle(graphs, None, path, digests=digests, cache_dir=cache_dir)


def write_trig_and_turtle(graphs: Mapping[str, bytes], trig_path: Optional[Path], turtle_path: Optional[Path], *,
                          digests: Optional[Mapping[str, str]] = None,
                          cache_dir: Optional[Path] = None) -> dict:
    """Write the TriG file and the Turtle file (a path of None is skipped); returns the cache counts.

    The arguments are those of :func:`serialized_blocks`; each graph is
    serialised (or read from the cache) once for the two files.
    """
    stats: dict = {}
    prefixes = project_prefixes()
    kinds = tuple(kind for kind, path in zip(KINDS, (trig_path, turtle_path)) if path is not None)
    blocks = serialized_blocks(graphs, kinds, digests=digests, cache_dir=cache_dir, prefixes=prefixes, stats=stats)
    if trig_path is not None:
        _write_parts(Path(trig_path), trig_parts(blocks["trig"], prefixes))
    if turtle_path is not None:
        _write_parts(Path(turtle_path), turtle_parts(sorted(graphs), blocks["ttl"], prefixes))
    return stats


def _write_parts(path: Path, parts: list) -> None:
    with open(path, "wb") as fh:
        fh.writelines(parts)


def _cut_header(text: bytes) -> bytes:
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    return text[start:]


def _serialize_one(nquads: bytes, prefixes: Mapping[str, str]) -> bytes:
    """One graph's TriG block.

    pyoxigraph writes an IRI ending in ``.`` under a prefix as ``ns:name\\.``,
    valid Turtle that rdflib (7.x) cannot read; for a graph with such an IRI the
    prefixes it would be written with are left out of that block only (it is
    still read correctly under the file's header).
    """
    if not nquads:
        return b""
    block = _trig_block(nquads, prefixes)
    if b"\\." in block:
        dotted = {iri.decode() for iri in _DOTTED_IRI.findall(nquads)}
        kept = {name: ns for name, ns in prefixes.items() if not any(iri.startswith(ns) for iri in dotted)}
        if len(kept) < len(prefixes):
            block = _trig_block(nquads, kept)
    return block


def _trig_block(nquads: bytes, prefixes: Mapping[str, str]) -> bytes:
    quads = ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    return _cut_header(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=dict(prefixes)) or b"")
