"""The build: documents -> facts -> resolved entities -> RDF -> validation -> out/.

Writing is atomic: everything goes to a fresh temporary folder beside the
target and replaces it in one rename, so a failed or interrupted build leaves
the previous output untouched and loadable.
"""
from __future__ import annotations

import gc
import hashlib
import json
import pickle
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from rdflib import Dataset, Graph, URIRef

from .cachefiles import fingerprint, read_checked, write_checked
from .curation import AnnotationError, load_annotations
from .derive import derive
from .documents import DocumentError, duplicate_of, read_document, scan_corpus
from .extract.base import Extractor
from .extraction import BuildError, extract_document, extractors
from .model import Document, Fact
from .names import graph_iri
from .quadset import CanonicalGraphs, QuadSet, canonical_nquads, merged_lines, merged_ntriples
from .rdf import Writer, add_council, add_document
from .resolve import resolve

__all__ = ["BuildError", "BuildResult", "build", "extractors", "extract_document", "build_dataset",
           "write_output", "FORMATS", "ROOT"]

ROOT = Path(__file__).resolve().parent.parent
FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt"}


@dataclass
class BuildResult:
    """A build in memory. ``graphs`` holds every named graph as canonical N-Quads
    (:class:`graph.quadset.CanonicalGraphs`); ``quads`` and ``dataset`` give it as
    rdflib terms, made on first use (slow on a national graph)."""

    graphs: CanonicalGraphs
    docs: list[Document]
    summary: dict
    problems: list[str] = field(default_factory=list)
    validation: object = None
    cache_dir: Optional[Path] = None  # where the build kept its caches (the writers keep theirs there too)
    _quads: Optional[QuadSet] = field(default=None, repr=False)
    _dataset: Optional[Dataset] = field(default=None, repr=False)

    @property
    def quads(self) -> QuadSet:
        if self._quads is None:
            self._quads = self.graphs.to_quadset()
        return self._quads

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            self._dataset = self.quads.to_dataset()
        return self._dataset


def _ontology_graph() -> Graph:
    g = Graph()
    for ttl in sorted((ROOT / "ontology").rglob("*.ttl")):
        if ttl.name != "shapes.ttl":
            g.parse(ttl, format="turtle")
    return g


def build_dataset(docs: list[Document], facts_by_doc: dict[str, list[Fact]], gazetteer,
                  problems: list[str], timings: Optional[dict] = None,
                  cache_dir: Optional[Path] = None, stats: Optional[dict] = None) -> tuple[CanonicalGraphs, object]:
    """Resolve and write the RDF: every named graph as canonical N-Quads, and the resolution.

    With ``cache_dir``, a graph whose inputs are unchanged since an earlier build
    is taken from the cache as bytes (see :class:`_GraphCache`); only the others
    are written, so a rebuild after one changed document writes one document's graph.
    ``stats``, when given, receives how many graphs were written and taken from the
    cache, and what the derived-events stage did.
    """
    timings = {} if timings is None else timings
    t0 = time.perf_counter()
    resolved = resolve(docs, facts_by_doc, gazetteer)
    timings["resolution"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f, why in resolved.dropped:
        problems.append(f"dropped {f.kind} from {f.quote.doc_id}: {why}")
    cache = _GraphCache(cache_dir)
    out = CanonicalGraphs()
    ds = QuadSet()  # the graphs written this time
    writer = Writer(ds, resolved.entities)
    groups: dict[str, list] = defaultdict(list)
    for rf in resolved.facts:
        groups[str(writer.graph_for(rf).identifier)].append(rf)

    def write_facts(rfs):
        for rf in rfs:
            writer.write(rf)

    def add_reference():
        ref = ds.graph(URIRef(graph_iri("reference")))
        for c in gazetteer:
            add_council(ref, c)

    def add_ontology():
        onto = ds.graph(URIRef(graph_iri("ontology")))
        for t in _ontology_graph():
            onto.add(t)

    parts = [(graph_iri("ontology"), ("ontology",), add_ontology),
             (graph_iri("reference"), ("reference", list(gazetteer)), add_reference)]
    for doc in docs:
        name = graph_iri(f"doc/{doc.doc_id}")
        rfs = groups.pop(name, [])
        parts.append((name, ("document", _without_text(doc), _fact_inputs(rfs, resolved.entities)),
                      lambda doc=doc, name=name, rfs=rfs: (add_document(ds.graph(URIRef(name)), doc),
                                                           write_facts(rfs))))
    for name, rfs in sorted(groups.items()):  # curated annotations
        parts.append((name, ("facts", _fact_inputs(rfs, resolved.entities)), lambda rfs=rfs: write_facts(rfs)))
    written = 0
    for name, inputs, write in parts:
        key = cache.key(inputs)
        hit = cache.get(key)
        if hit is not None:
            out[name] = hit[0]
            out.set_digest(name, hit[1])
            continue
        write()
        ds.graph(URIRef(name))
        out[name] = canonical_nquads(ds.graph_quads(name))
        cache.put(key, out[name], out.digest(name))
        written += 1
    derived_name = graph_iri("derived")
    derived = ds.graph(URIRef(derived_name))
    for t in derive(resolved):
        derived.add(t)
    rule_lines = canonical_nquads(ds.graph_quads(derived_name))
    timings["rdf"] = time.perf_counter() - t0
    if stats is not None:
        stats["graphs written"] = written
        stats["graphs from cache"] = len(parts) - written
    t0 = time.perf_counter()
    from .derived_events import derived_event_lines
    out[derived_name] = rule_lines  # the events read what the rules derived too (partnership lives)
    lines, info = derived_event_lines(out, out.digests(), cache_dir)
    if stats is not None:
        stats["derived events"] = info
    suffix = b" <" + derived_name.encode() + b"> .\n"
    event_quads = b"".join(line[:-2] + suffix for line in lines if line.endswith(b" ."))
    out[derived_name] = b"".join(sorted(set((rule_lines + event_quads).splitlines(keepends=True))))
    timings["derived events"] = time.perf_counter() - t0
    return out, resolved


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _without_text(doc: Document) -> Document:
    """The document with its text replaced by the text's digest (a cheaper key, the same identity)."""
    import dataclasses
    return dataclasses.replace(doc, text=_text_digest(doc.text))


def _fact_inputs(rfs: list, entities: dict) -> tuple:
    """What a graph's facts are written from: each fact as resolved, and the entities they name."""
    named: set = set()

    def strings(v):
        if isinstance(v, str):
            named.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                strings(x)
        elif isinstance(v, (list, tuple, set)):
            for x in v:
                strings(x)

    for rf in rfs:
        named.add(rf.iri)
        strings(rf.refs)
    ents = []
    for iri in sorted(named):
        e = entities.get(iri)
        if e is not None:
            ents.append((e.iri, e.kind, e.label, sorted(e.names),
                         sorted((k, repr(v)) for k, v in e.attrs.items())))
    texts = {rf.doc.doc_id: _text_digest(rf.doc.text) for rf in {id(rf.doc): rf for rf in rfs}.values()}  # evidence quotes its document's text
    return ([(rf.fact, rf.doc.doc_id, rf.iri, rf.refs) for rf in rfs], ents, sorted(texts.items()))


_RDF_FINGERPRINTED = ("graph/rdf.py", "graph/names.py", "graph/namespace.py", "graph/vocab.py", "graph/model.py",
                      "graph/quadset.py", "graph/temporal.py", "graph/pipeline.py", "ontology/csgkg.ttl",
                      "ontology/vocab", "data")


class _GraphCache:
    """Canonical N-Quads of graphs written by earlier builds, by a digest of their inputs.

    A graph's inputs are everything its writer reads: the document, its facts
    as resolution left them, the IRIs resolution gave them, the entities they
    name (labels and names gathered across the corpus), and the code and
    vocabularies that write RDF (their fingerprint is part of the key). The
    digest is taken over the inputs' ``repr``: dataclasses show every field,
    where a pickle would also depend on which objects happen to be shared.
    """

    def __init__(self, cache_dir: Optional[Path]):
        self.folder = Path(cache_dir) / "rdf" if cache_dir is not None else None
        # the libraries that make the terms and the canonical text count as code too
        self.fp = (fingerprint([ROOT / rel for rel in _RDF_FINGERPRINTED], ["rdflib", "pyoxigraph"])
                   if cache_dir is not None else "")

    def key(self, inputs) -> Optional[str]:
        if self.folder is None:
            return None
        return hashlib.sha256(self.fp.encode() + repr(inputs).encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: Optional[str]) -> Optional[tuple[bytes, str]]:
        if key is None:
            return None
        raw = read_checked(self.folder / key[:2] / f"{key}.nq")  # a damaged one is made again
        if raw is None or raw[64:65] != b"\n":
            return None
        return raw[65:], raw[:64].decode("ascii")

    def put(self, key: Optional[str], data: bytes, digest: str) -> None:
        if key is None:
            return
        write_checked(self.folder / key[:2] / f"{key}.nq", digest.encode("ascii") + b"\n" + data)


def _progress(enabled: bool) -> Callable[[str], None]:
    def say(msg: str):
        if enabled:
            print(msg, file=sys.stderr, flush=True)
    return say


_EXTRACTORS: Optional[list[Extractor]] = None
_FINGERPRINTED = ("graph/extract", "graph/extraction.py", "graph/pdftext.py", "graph/documents.py", "graph/model.py",
                  "graph/temporal.py", "graph/vocab.py", "graph/namespace.py", "graph/gazetteer.py",
                  "ontology/csgkg.ttl", "ontology/vocab", "data")


def code_fingerprint() -> str:
    """A hash of everything that decides what a document yields (extraction code,
    PDF reading, vocabularies, reference data, the PDF library and Python):
    cached results from other code are never reused."""
    return fingerprint([ROOT / rel for rel in _FINGERPRINTED], ["pypdfium2"])


def _cache_file(cache_dir: Path, data: bytes, name: str, meta: Optional[dict], fingerprint: str) -> Path:
    """Where a document's extraction is kept: by its bytes, its file name (documents and their
    annotations are matched by it), its manifest entry (not the entry's line) and the code."""
    entry = sorted((k, v) for k, v in (meta or {}).items() if k != "line")
    head = repr([fingerprint, name, entry]).encode("utf-8", "surrogatepass")
    key = hashlib.sha256(hashlib.sha256(data).digest() + head).hexdigest()
    return cache_dir / key[:2] / f"{key}.pickle"


def _read_and_extract(job: tuple) -> tuple:
    """Worker: read one file and extract its facts (runs in a process of the pool).

    With a cache folder, a document whose bytes, manifest entry and extraction
    code are unchanged is not read or extracted again.
    Returns (document or DocumentError, facts, problems, seconds reading,
    seconds extracting, whether it came from the cache).
    """
    global _EXTRACTORS
    path, meta, keep_going, cache_dir, fingerprint = job
    t0 = time.perf_counter()
    hit, cached = _from_cache(job)
    if hit is not None:
        return hit
    if _EXTRACTORS is None:
        _EXTRACTORS = extractors()
    try:
        doc = read_document(path, meta)
    except DocumentError as e:
        return e, [], [], time.perf_counter() - t0, 0.0, False
    t1 = time.perf_counter()
    problems: list[str] = []
    failures: list[str] = []
    facts = extract_document(doc, _EXTRACTORS, problems, keep_going, failures)
    if cached is not None and not failures:  # a failed extractor is tried again next time
        write_checked(cached, pickle.dumps((doc, facts, problems), protocol=pickle.HIGHEST_PROTOCOL))
    return doc, facts, problems, t1 - t0, time.perf_counter() - t1, False


def _from_cache(job: tuple) -> tuple[Optional[tuple], Optional[Path]]:
    """(the worker's result for ``job`` from the extraction cache, or None; the cache file)."""
    path, meta, keep_going, cache_dir, fingerprint = job
    if cache_dir is None:
        return None, None
    t0 = time.perf_counter()
    cached = None
    try:
        cached = _cache_file(Path(cache_dir), Path(path).read_bytes(), Path(path).name, meta, fingerprint)
        raw = read_checked(cached)  # a damaged entry could still unpickle, with damaged text or facts
        if raw is not None:
            doc, facts, problems = pickle.loads(raw)
            return (doc, facts, problems, time.perf_counter() - t0, 0.0, True), cached
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError, TypeError):
        pass  # an unreadable cache entry is recomputed
    return None, cached


def _jobs(requested: Optional[int], n_files: int) -> int:
    if requested is not None:
        return max(1, requested)
    return 1 if n_files < 16 else max(1, min(os.cpu_count() or 1, 8))


def build(corpus: Path, annotations: Optional[Path] = None, *, keep_going: bool = False,
          validate: bool = True, progress: bool = True, jobs: Optional[int] = None,
          cache_dir: Optional[Path] = None) -> BuildResult:
    """Build a corpus folder into a Dataset (nothing is written here).

    Documents are read and extracted in ``jobs`` worker processes (default: one
    per core for corpora of 16 files or more); the order of the results, and so
    the graph, does not depend on it. With ``cache_dir``, unchanged documents
    (same bytes, manifest entry and extraction code) reuse their cached facts.
    """
    say = _progress(progress)
    t_start = time.perf_counter()
    timings: dict[str, float] = {}
    try:
        manifest, files, errors = scan_corpus(Path(corpus))
    except DocumentError as e:
        raise BuildError(str(e)) from e
    if errors and not keep_going:
        raise BuildError(str(errors[0]))
    problems = [str(e) for e in errors]
    code_fp = code_fingerprint() if cache_dir is not None else ""
    work = [(f, manifest.get(f.name), keep_going, cache_dir, code_fp) for f in files]
    from_cache = 0
    n = _jobs(jobs, len(work))
    docs: list[Document] = []
    facts_by_doc: dict[str, list[Fact]] = {}
    seen: dict[str, str] = {}
    read_s = extract_s = 0.0
    t1 = time.perf_counter()
    # cached documents are loaded here: sending them back from workers costs more than loading them
    done = [_from_cache(job)[0] for job in work] if cache_dir is not None else [None] * len(work)
    todo = [job for job, hit in zip(work, done) if hit is None]
    if n > 1 and len(todo) >= 8:
        import multiprocessing
        pool = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn").Pool(n)
        fresh = pool.imap(_read_and_extract, todo, chunksize=4)
    else:
        pool, fresh = None, map(_read_and_extract, todo)
    results = (hit if hit is not None else next(fresh) for hit in done)
    try:
        for i, ((path, *_), (doc, facts, probs, rs, es, hit)) in enumerate(zip(work, results), 1):
            read_s += rs
            extract_s += es
            from_cache += hit
            problems += probs
            if isinstance(doc, DocumentError):
                if not keep_going:
                    raise BuildError(str(doc))
                problems.append(str(doc))
                continue
            dup = duplicate_of(doc, path, seen)
            if dup is not None:
                if not keep_going:
                    raise BuildError(str(dup))
                problems.append(str(dup))
                continue
            docs.append(doc)
            facts_by_doc[doc.doc_id] = facts
            if len(work) > 20 and (i % 25 == 0 or i == len(work)):
                say(f"  read and extracted {i}/{len(work)} documents")
    finally:
        if pool is not None:
            pool.terminate()
    timings["read+extract (wall)"] = time.perf_counter() - t1
    timings["text extraction (cpu)"] = read_s
    timings["extraction (cpu)"] = extract_s
    if cache_dir is not None:
        say(f"  {from_cache} of {len(work)} documents unchanged (taken from the cache)")
    if annotations and Path(annotations).exists():
        try:
            curated = load_annotations(Path(annotations), docs)
        except AnnotationError as e:
            raise BuildError(str(e)) from e
        for f in curated:
            facts_by_doc.setdefault(f.quote.doc_id, []).append(f)
    say("  resolving entities and building RDF")
    # millions of small objects (terms, triples) follow and none of them is part of a cycle
    # worth collecting early: the cyclic collector's full passes would walk them again and again
    gc.collect()
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        return _build_rest(docs, facts_by_doc, problems, timings, validate, cache_dir, jobs, say,
                           t_start, from_cache)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _build_rest(docs, facts_by_doc, problems, timings, validate, cache_dir, jobs, say, t_start,
                from_cache) -> BuildResult:
    from .gazetteer import load as load_gazetteer
    stats: dict = {}
    graphs, resolved = build_dataset(docs, facts_by_doc, load_gazetteer(), problems, timings, cache_dir, stats)
    report = None
    validation_stats = None
    if validate:
        t3 = time.perf_counter()
        say("  validating (SHACL)")
        from .validate_partition import validate_partitioned
        big = sum(len(b) for b in graphs.values()) > 5_000_000
        report, validation_stats = validate_partitioned(
            graphs, cache_dir=cache_dir, jobs=(jobs or os.cpu_count() or 1) if big else 1,
            skip_graphs=(graph_iri("ontology"),), digests=graphs.digests())
        timings["validation"] = time.perf_counter() - t3
    timings["total (before write)"] = time.perf_counter() - t_start
    summary = summarise(graphs, docs, facts_by_doc, report, problems, timings)
    summary["documents_from_cache"] = from_cache
    summary["graphs_from_cache"] = stats.get("graphs from cache", 0)
    summary["derived_events"] = stats.get("derived events")
    if validation_stats is not None:
        summary["validation_parts"] = validation_stats
    return BuildResult(graphs, docs, summary, problems, report, cache_dir)


def per_format_counts(facts_by_doc: dict[str, list[Fact]]) -> dict:
    """Per report format (the inspection type of the report a document is): how many
    reports, judgements of those reports, and distinct people named in them."""
    from .model import Inspection, Judgement, Tenure
    out: dict[str, dict] = {}
    for facts in facts_by_doc.values():
        report = next((f for f in facts if isinstance(f, Inspection) and f.is_report), None)
        if report is None:
            continue
        row = out.setdefault(report.type or "unknown", {"reports": 0, "judgements": 0, "people": 0})
        row["reports"] += 1
        row["judgements"] += sum(1 for f in facts if isinstance(f, Judgement) and f.inspection == report.key)
        names = {m.name for f in facts if isinstance(f, Inspection) for m in f.team}
        names |= {f.person for f in facts if isinstance(f, Tenure) and f.person}
        row["people"] += len(names)
    return dict(sorted(out.items()))


def _typed(nquads: bytes) -> list[tuple[bytes, bytes]]:
    """(subject, local name) of every line typing a subject with a class of the project's ontology.

    Found by searching the bytes (a regular expression over a national graph
    takes seconds); a hit counts only where it follows the line's first term."""
    from rdflib.namespace import RDF
    from .namespace import CSG
    needle = f"> <{RDF.type}> <{CSG}".encode()
    out = []
    i = nquads.find(needle)
    while i >= 0:
        start = nquads.rfind(b"\n", 0, i) + 1
        end = nquads.find(b">", i + len(needle))
        if end < 0:
            break
        subject = nquads[start:i + 1]
        if subject[:1] == b"<" and subject.find(b">") == len(subject) - 1:
            out.append((subject, nquads[i + len(needle):end]))
        i = nquads.find(needle, end)
    return out


def summarise(graphs: CanonicalGraphs, docs, facts_by_doc, report, problems, timings) -> dict:
    """The build's counts. ``triples`` (the merged data graphs' size) is counted here for
    small builds; a written build counts it in its store (:func:`_write_folder`)."""
    ontology = graph_iri("ontology")
    data = [name for name in graphs if name != ontology]
    typed = {pair for name in data for pair in _typed(graphs[name])}
    classes = Counter(c.decode() for _, c in typed)
    n_triples = None
    if sum(len(graphs[name]) for name in data) < 20_000_000:
        n_triples = len(merged_lines({name: graphs[name] for name in data}))
    kinds = Counter()
    paths = Counter()
    for fs in facts_by_doc.values():
        for f in fs:
            kinds[f.kind] += 1
            paths[f.path] += 1
    per_format = per_format_counts(facts_by_doc)
    return {
        "documents": len(docs),
        "entities_by_class": dict(sorted(classes.items())),
        "facts_by_kind": dict(sorted(kinds.items())),
        "facts_by_path": dict(sorted(paths.items())),
        "evidence": classes.get("Evidence", 0),
        "per_format": per_format,
        "triples": n_triples,
        "shacl": None if report is None else ("conforms" if report.conforms else
                                              f"{len(report.results)} violation(s)"),
        "problems": len(problems),
        "skipped": list(problems),
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }


def write_output(result: BuildResult, out: Path) -> Path:
    """Atomically write a build.

    ``out`` is either a single file whose extension names the format (written
    to a temporary file, then renamed over the target), or a folder: the build
    is written into a fresh folder under ``.csgkg-builds/`` beside it and
    ``out`` becomes a symbolic link to it, swapped by one atomic rename. At no
    moment is there no complete previous build behind ``out``.
    """
    out = Path(out)
    fmt = FORMATS.get(out.suffix.lower())
    parent = out.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)
    if fmt:
        fd, tmpname = tempfile.mkstemp(prefix=f".{out.name}.", suffix=out.suffix, dir=parent)
        os.close(fd)
        try:
            _serialize(result.graphs, Path(tmpname), fmt)
            os.replace(tmpname, out)
        finally:
            if os.path.exists(tmpname):
                os.unlink(tmpname)
        return out
    builds = parent / ".csgkg-builds"
    builds.mkdir(exist_ok=True)
    _clear_dead_leftovers(out, parent, builds)
    tmp = Path(tempfile.mkdtemp(prefix=f"{out.name}-{time.strftime('%Y%m%d%H%M%S')}-", dir=builds))
    (tmp / ".pid").write_text(str(os.getpid()))
    try:
        _write_folder(result, tmp, out.resolve() if out.is_symlink() and out.resolve().is_dir() else None)
        link = parent / f".{out.name}.link-{os.getpid()}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(tmp, parent))
        previous = out.resolve() if out.is_symlink() else None
        if out.exists() and not out.is_symlink():
            # an output folder from before builds were versioned: move it aside first
            legacy = builds / f"{out.name}-legacy-{os.getpid()}"
            os.replace(out, legacy)
            previous = legacy
        os.replace(link, out)
        tmp = None
        if previous is not None and previous.exists() and previous.parent == builds:
            shutil.rmtree(previous, ignore_errors=True)
        return out
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clear_dead_leftovers(out: Path, parent: Path, builds: Path) -> None:
    """Remove half-written build folders and links left by builds that were killed."""
    current = out.resolve() if out.is_symlink() else None
    for old in builds.glob(f"{out.name}-*"):
        pidfile = old / ".pid"
        try:
            pid = int(pidfile.read_text() or 0) if pidfile.is_file() else None
        except (OSError, ValueError):
            pid = None
        if old != current and pid is not None and not _alive(pid):
            shutil.rmtree(old, ignore_errors=True)
    for link in parent.glob(f".{out.name}.link-*"):
        pid = link.name.rsplit("-", 1)[-1]
        if link.is_symlink() and pid.isdigit() and not _alive(int(pid)):
            link.unlink()


def _write_folder(result: BuildResult, folder: Path, previous: Optional[Path] = None) -> None:
    """Write a build folder; with ``previous`` (the build ``out`` pointed at) the store is updated from it."""
    from .store_write import DIGESTS_FILE, merged_triple_count, write_store
    t0 = time.perf_counter()
    graphs = result.graphs
    digests = graphs.digests()
    _serialize(graphs, folder / "graph.trig", "trig", result.cache_dir, digests)
    _serialize(graphs, folder / "graph.ttl", "turtle", result.cache_dir, digests)
    texts = folder / "texts"
    texts.mkdir()
    for d in result.docs:
        (texts / f"{d.doc_id}.txt").write_text(d.text, encoding="utf-8")
    t1 = time.perf_counter()
    how = write_store(folder / "store", graphs, digests, previous)
    result.summary["triples"] = merged_triple_count(folder / "store", exclude=graph_iri("ontology"))
    # the digests are written last: a folder with them has a complete store
    (folder / DIGESTS_FILE).write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")
    result.summary["seconds"]["write files"] = round(t1 - t0, 2)
    result.summary["seconds"]["write store"] = round(time.perf_counter() - t1, 2)
    result.summary["store"] = how
    (folder / "summary.json").write_text(json.dumps(result.summary, indent=2, default=str), encoding="utf-8")


def _serialize(ds, path: Path, fmt: str, cache_dir: Optional[Path] = None,
               digests: Optional[dict] = None) -> None:
    """Write the dataset (``trig``, ``nquads``) or its merged graph (``turtle``, ``nt``).

    ``ds``: canonical N-Quads by graph IRI (a QuadSet is made into them). The
    files are the same bytes for the same graphs: N-Quads and N-Triples in
    sorted lines, TriG and Turtle from per-graph blocks in graph-name order
    (:mod:`graph.serialize`; with ``cache_dir`` an unchanged graph's block is
    not written again).
    """
    from .serialize import write_trig, write_turtle
    graphs = ds if isinstance(ds, dict) else ds.canonical()
    path = Path(path)
    if fmt == "nt":
        path.write_bytes(merged_ntriples(graphs))
    elif fmt == "nquads":
        path.write_bytes(b"".join(graphs[name] for name in sorted(graphs)))
    elif fmt == "turtle":
        write_turtle(graphs, path, digests=digests, cache_dir=cache_dir)
    else:
        write_trig(graphs, path, digests=digests, cache_dir=cache_dir)
