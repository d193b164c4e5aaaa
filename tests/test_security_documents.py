"""Issue 7, documents: bad inputs through the whole build, and builds killed at every stage.

tests/test_documents.py checks the reader one file at a time and tests/test_build_core.py
kills a build writing a single .trig file. These run ``build_graph.py`` itself on a corpus
holding every kind of bad document at once (PDFs generated here: truncated, password-protected,
corrupt), with and without ``--keep-going``, and kill a build into a folder ``out/`` at each
stage, checking the previous graph stays whole and loadable every time.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD = "003_d0e6e6c7b8f7d6d6.txt"  # a short bundled document
LINES = ["The local authority's children's services were judged inadequate in June 2018.",
         "A new director of children's services started in July 2016.", "Page text for a generated test PDF."]


def make_pdf(lines: list[str] = LINES, title: str = "Generated test report") -> bytes:
    """A valid one-page PDF with a text layer (Helvetica), written byte by byte with a correct xref."""
    esc = lambda s: s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")  # noqa: E731
    content = "BT /F1 11 Tf 72 720 Td 14 TL " + " ".join(f"({esc(x)}) '" for x in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            "/Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
            f"<< /Title ({esc(title)}) >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypt_pdf(data: bytes, password: str = "secret") -> bytes:
    """The same PDF, openable only with a user password (pypdf's standard security handler)."""
    import pypdf
    w = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(data)))
    w.encrypt(password)
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def test_generated_pdf_reads_and_its_broken_forms_are_named():
    from graph.documents import DocumentError, read_document
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / "ok.pdf").write_bytes(make_pdf())
        assert "judged inadequate in June 2018" in read_document(d / "ok.pdf").text
        cases = {"locked.pdf": (encrypt_pdf(make_pdf()), "password"),
                 "half.pdf": (make_pdf()[: len(make_pdf()) // 2], "truncated"),
                 "noxref.pdf": (make_pdf()[:200] + b"\n%%EOF\n", "corrupt"),
                 "html.pdf": (b"<html><body>not a pdf</body></html>", "not a PDF")}
        for name, (data, needle) in cases.items():
            (d / name).write_bytes(data)
            with pytest.raises(DocumentError) as e:
                read_document(d / name)
            assert name in str(e.value) and needle in str(e.value), str(e.value)


@pytest.fixture
def bad_corpus(tmp_path):
    """One good document and every kind of bad one, with a manifest naming a missing file."""
    from graph.documents import MAX_BYTES
    c = tmp_path / "corpus"
    c.mkdir()
    good = (ROOT / "corpus" / GOOD).read_bytes()
    (c / GOOD).write_bytes(good)
    (c / "copy-of-good.txt").write_bytes(good)
    (c / "empty.pdf").write_bytes(b"")
    (c / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    (c / "misencoded.txt").write_bytes(b"Children\x81s services \x8d\x8f\x90\x9d")
    (c / "truncated.pdf").write_bytes(make_pdf()[:300])
    (c / "locked.pdf").write_bytes(encrypt_pdf(make_pdf()))
    (c / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(3000) + b"\n%%EOF\n")
    with open(c / "huge.txt", "wb") as f:  # sparse: the size check must refuse it before reading
        f.truncate(MAX_BYTES + 1)
    (c / "sources.yaml").write_text(f"documents:\n  - file: {GOOD}\n    kind: news\n"
                                    "  - file: missing.txt\n    kind: news\n", encoding="utf-8")
    return c


EXPECTED = {"copy-of-good.txt": "duplicate", "empty.pdf": "empty file", "binary.txt": "binary",
            "misencoded.txt": "not valid UTF-8", "truncated.pdf": "truncated", "locked.pdf": "password",
            "garbage.pdf": "corrupt", "huge.txt": "too large", "sources.yaml:4": "missing.txt"}


def _build(corpus: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--corpus", str(corpus), "--out", str(out),
                           "--annotations", str(corpus / "no-annotations.yaml"), "--no-validate", *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_keep_going_builds_the_good_document_and_reports_each_bad_one(bad_corpus, tmp_path):
    out = tmp_path / "out"
    p = _build(bad_corpus, out, "--keep-going")
    assert p.returncode == 0, p.stderr[-2000:]
    report = p.stdout
    for name, why in EXPECTED.items():
        line = next((x for x in report.splitlines() if name in x), None)
        assert line is not None, f"{name} is not in the report:\n{report}"
        assert why in line, line
    assert json.loads((out / "summary.json").read_text())["documents"] == 1
    from graph.store import open_store
    with open_store(out) as s:
        assert s.query("ASK { ?d a <https://w3id.org/csgkg/ontology#SourceDocument> }").boolean


def test_keep_going_keeps_the_list_of_skipped_documents_in_summary_json(bad_corpus, tmp_path):
    out = tmp_path / "out"
    assert _build(bad_corpus, out, "--keep-going", "--quiet").returncode == 0
    summary = json.loads((out / "summary.json").read_text())
    listed = json.dumps(summary["skipped"])
    assert all(name.split(":")[0] in listed for name in EXPECTED)


def test_without_keep_going_the_first_bad_input_fails_the_build_and_out_is_untouched(bad_corpus, tmp_path):
    out = tmp_path / "out"
    good_only = tmp_path / "good"
    good_only.mkdir()
    shutil.copy(bad_corpus / GOOD, good_only / GOOD)
    assert _build(good_only, out, "--quiet").returncode == 0
    target, before = out.resolve(), (out / "graph.trig").read_bytes()
    p = _build(bad_corpus, out, "--quiet")
    assert p.returncode == 2, (p.returncode, p.stderr[-1500:])
    assert p.stderr.startswith("build failed: ") and "Traceback" not in p.stderr
    assert "sources.yaml:4" in p.stderr and "missing.txt" in p.stderr  # the first problem, located
    assert out.resolve() == target and (out / "graph.trig").read_bytes() == before
    (bad_corpus / "sources.yaml").unlink()
    p = _build(bad_corpus, out, "--quiet")
    assert p.returncode == 2 and "binary.txt" in p.stderr and "binary" in p.stderr  # next one, by file name
    assert out.resolve() == target


@pytest.mark.parametrize("body,needle", [
    ("annotations:\n  - id: a\n    file: {good}\n    quote: [unclosed\n", "malformed YAML"),
    ("annotations:\n  - id: a\n    file: {good}\n    reason: r\n    fact: {{kind: tenure}}\n", "lacks quote"),
    ("annotations:\n  - id: a\n    file: {good}\n    reason: r\n    quote: not in the text at all\n"
     "    fact: {{kind: tenure}}\n", "does not occur verbatim"),
    ("annotations:\n  - id: a\n    file: {good}\n    reason: r\n    quote: Ofsted\n    fact: just words\n", "fact"),
])
def test_malformed_annotations_fail_the_build_with_file_and_line_not_a_traceback(tmp_path, body, needle):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / GOOD, corpus / GOOD)
    ann = tmp_path / "ann.yaml"
    ann.write_text(body.format(good=GOOD), encoding="utf-8")
    p = subprocess.run([sys.executable, str(ROOT / "build_graph.py"), "--corpus", str(corpus), "--out",
                        str(tmp_path / "out"), "--annotations", str(ann), "--no-validate", "--quiet"],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert p.returncode == 2, p.stderr[-1500:]
    assert p.stderr.startswith("build failed: ") and "Traceback" not in p.stderr, p.stderr[-1500:]
    assert "ann.yaml:" in p.stderr and needle in p.stderr, p.stderr[-1500:]
    assert not (tmp_path / "out").exists()


# --- a build killed at every stage ------------------------------------------------------------------

DRIVER = r'''
import json, os, sys, time
sys.path.insert(0, sys.argv[1])
jobs = json.loads(sys.argv[2])            # {stage: [build_graph arguments]}
import graph.pipeline as P, graph.store_write as S, graph.validate_partition as V, build_graph
import graph.extract  # every import done once here; each build below is a fork of this process
P.extractors()
stage = None

def before(name, fn):
    def wrapped(*a, **k):
        if name == stage:
            print(f"STAGE {name} {os.getpid()}", flush=True); time.sleep(60)
        return fn(*a, **k)
    return wrapped

def after(name, fn):
    def wrapped(*a, **k):
        r = fn(*a, **k)
        if name == stage:
            print(f"STAGE {name} {os.getpid()}", flush=True); time.sleep(60)
        return r
    return wrapped

P.extract_document = after("extract", P.extract_document)
V.validate_partitioned = before("validate", V.validate_partitioned)
P._serialize = after("serialise", P._serialize)        # graph.trig written, graph.ttl not yet
S.write_store = before("store", S.write_store)
_replace = os.replace
def replace(src, dst):
    if stage == "swap" and os.path.basename(str(dst)) == "out":
        print(f"STAGE swap {os.getpid()}", flush=True); time.sleep(60)
    return _replace(src, dst)
os.replace = replace
children = []
for stage, args in jobs.items():
    pid = os.fork()
    if pid == 0:
        try:
            code = build_graph.main(args)
        finally:
            print(f"ENDED {stage} {os.getpid()}", flush=True)
        os._exit(code or 0)
    children.append(pid)
for pid in children:
    os.waitpid(pid, 0)
'''
STAGES = ("extract", "validate", "serialise", "store", "swap")


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill driver forks one build per stage")
def test_build_killed_at_any_stage_leaves_the_previous_out_whole_and_loadable(tmp_path):
    from graph.pipeline import build, write_output
    from graph.store import open_store
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / GOOD, corpus / GOOD)
    previous = build(corpus, None, validate=False, progress=False)
    write_output(previous, tmp_path / "base" / "out")
    outs = {}
    for stage in STAGES:  # a copy of the previous build per stage (out/ is a relative link), so kills run side by side
        shutil.copytree(tmp_path / "base", tmp_path / stage, symlinks=True)
        outs[stage] = tmp_path / stage / "out"
    # the new build has one more document, so a half-finished swap would show
    shutil.copy(ROOT / "corpus" / "000_e29c3bb62bd00617.txt", corpus / "000_e29c3bb62bd00617.txt")
    before = {s: (o.resolve(), (o / "graph.trig").read_bytes()) for s, o in outs.items()}
    jobs = {stage: ["--corpus", str(corpus), "--out", str(out), "--annotations", str(tmp_path / "none.yaml"), "--quiet"]
            + ([] if stage == "validate" else ["--no-validate"]) for stage, out in outs.items()}
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, encoding="utf-8")
    p = subprocess.Popen([sys.executable, str(driver), str(ROOT), json.dumps(jobs)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reached = set()
    try:
        while len(reached) < len(STAGES):
            line = p.stdout.readline()  # a build reached its stage (or ended: then it missed it)
            assert line.startswith("STAGE "), (line, reached, p.stderr.read()[-1500:] if not line else "")
            _, stage, pid = line.split()
            os.kill(int(pid), signal.SIGKILL)  # a build this test started, killed mid-way
            reached.add(stage)
        p.wait(60)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait(10)
        p.stdout.close()
        p.stderr.close()
    for stage, out in outs.items():
        target, trig = before[stage]
        assert out.resolve() == target, stage
        assert (out / "graph.trig").read_bytes() == trig, stage
        assert json.loads((out / "summary.json").read_text())["documents"] == 1, stage
        with open_store(out) as s:  # the on-disk store opens and answers
            n = s.query("SELECT (COUNT(*) AS ?n) WHERE { ?d a <https://w3id.org/csgkg/ontology#SourceDocument> }")
            assert n.rows[0][0].toPython() == 1, stage


def test_next_build_clears_what_a_killed_build_left_behind(tmp_path):
    from graph.pipeline import build, write_output
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / GOOD, corpus / GOOD)
    result = build(corpus, None, validate=False, progress=False)
    out = write_output(result, tmp_path / "out")
    builds = tmp_path / ".csgkg-builds"
    killed = builds / "out-19990101000000-killed"   # what a killed build leaves: its folder, its link
    killed.mkdir()
    (killed / "graph.trig").write_text("partial")
    (killed / ".pid").write_text("99999999")         # no such process (above any pid_max)
    os.symlink(".csgkg-builds/out-19990101000000-killed", tmp_path / ".out.link-99999999")
    write_output(result, out)
    left = sorted(p.name for p in builds.iterdir() if p.resolve() != out.resolve())
    assert not left and not (tmp_path / ".out.link-99999999").is_symlink(), left
