"""Issue 7, fuzzing the document readers: whatever bytes arrive, the answer is a Document or a
DocumentError naming the file, never another exception and never a hang.

PDFs are generated in-test (tests/test_security_documents.make_pdf) and then truncated at
every kind of point, mutated byte by byte, or locked with random passwords; text files are
random bytes in and around the encodings the reader accepts; manifests are random YAML
built from the manifest's own keys.
"""
from __future__ import annotations

import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from graph.documents import DocumentError, load_corpus, read_document
from test_security_documents import encrypt_pdf, make_pdf

PDF = make_pdf()
FUZZ = settings(max_examples=80, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


def _read(name: str, data: bytes):
    """read_document on ``data`` saved as ``name``: the Document, or the DocumentError."""
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / name
        p.write_bytes(data)
        try:
            doc = read_document(p)
        except DocumentError as e:
            assert name in str(e), f"error does not name the file: {e}"
            assert e.message.strip()
            return e
        assert doc.text.strip(), "a Document must carry text"
        assert len(doc.doc_id) == 16 and doc.file == name
        return doc


@FUZZ
@given(st.binary(max_size=4096))
@example(b"\xff\xfe" + "UTF-16 text".encode("utf-16-le"))
@example(b"\xef\xbb\xbf")
@example(b"\x81\x8d\x8f\x90\x9d")
def test_any_bytes_as_a_text_file_give_a_document_or_a_named_error(data):
    _read("random.txt", data)


@FUZZ
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=500),
       st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
def test_text_in_an_accepted_encoding_reads_back_exactly(text, encoding):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    assume(text.strip() and "\x00" not in text)
    got = _read("t.txt", data)
    assert not isinstance(got, DocumentError), got
    if encoding != "cp1252" or got.metadata_source.get("encoding") == "cp1252":
        assert got.text == text


@FUZZ
@given(st.integers(min_value=0, max_value=len(PDF) - 1))
@example(len(PDF) // 2)
@example(len(PDF) - 7)
def test_a_pdf_cut_anywhere_gives_a_named_error_never_a_crash(cut):
    got = _read("cut.pdf", PDF[:cut])
    assert isinstance(got, (DocumentError,)) or cut >= len(PDF) - 2  # only the last newline may go unnoticed


@FUZZ
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=len(PDF) - 1), st.integers(0, 255)),
                min_size=1, max_size=12))
def test_a_pdf_with_random_bytes_overwritten_gives_a_document_or_a_named_error(flips):
    data = bytearray(PDF)
    for pos, value in flips:
        data[pos] = value
    _read("flipped.pdf", bytes(data))


@FUZZ
@given(st.binary(max_size=3000))
def test_random_bytes_behind_a_pdf_header_give_a_document_or_a_named_error(body):
    _read("random.pdf", b"%PDF-1.7\n" + body + b"\n%%EOF\n")


@settings(max_examples=15, deadline=10000)
@given(st.text(alphabet=string.printable, min_size=1, max_size=20))
def test_a_password_protected_pdf_is_named_as_such_whatever_the_password(password):
    got = _read("locked.pdf", encrypt_pdf(PDF, password))
    assert isinstance(got, DocumentError) and "password" in str(got)


# --- manifests ------------------------------------------------------------------------------------

VALUES = st.one_of(st.none(), st.booleans(), st.integers(-10, 100000), st.text(max_size=12),
                   st.sampled_from(["2020-01-01", "2020-13-01", "2020-02-30", "2020", "0000", "news", "blog",
                                    "ofsted_inspection", "a.txt", "[", "{", "x: y", "!!python/object:os.system"]),
                   st.dates().map(str))
KEYS = st.sampled_from(["file", "title", "publisher", "creator", "published", "kind", "url", "colour",
                        "earliest", "latest", "inferred", "approximate"])


def _yaml_value(v, gaps: bool) -> str:
    import json
    import re
    if isinstance(v, str) and not gaps and re.match(r"^\d{4}-\d{1,2}-\d{1,2}$", v):
        try:
            __import__("datetime").date.fromisoformat(v)
        except ValueError:
            return json.dumps(v)  # known gap 1: PyYAML raises ValueError building an impossible date
    return json.dumps(v) if not isinstance(v, str) or v.startswith(("[", "{", "!")) else v


@st.composite
def manifests(draw, gaps: bool = False):
    """A sources.yaml text; ``gaps`` also draws the three kinds of input that broke read_manifest
    until the fuzzer found them (docs/security.md, G4): impossible unquoted dates, a repeated
    ``documents:`` key, a non-ISO ``approximate`` date."""
    lines = ["documents:"]
    for _ in range(draw(st.integers(0, 4))):
        entry = draw(st.dictionaries(KEYS, VALUES, max_size=5))
        if draw(st.booleans()):
            entry["file"] = draw(st.sampled_from(["a.txt", "b.txt", "missing.txt"]))
        if draw(st.booleans()) and "published" in entry:
            inner = draw(st.dictionaries(st.sampled_from(["earliest", "latest", "inferred", "approximate", "x"]),
                                         VALUES, max_size=3))
            if not gaps and "approximate" in inner:  # known gap 3
                inner["approximate"] = draw(st.sampled_from(["2020", "2019-05", "2018-06-11"]))
            entry["published"] = inner
        if not entry:
            lines.append("  - {}")
            continue
        first = True
        for k, v in entry.items():
            text = ("{" + ", ".join(f"{ik}: {_yaml_value(iv, gaps)}" for ik, iv in v.items()) + "}") \
                if isinstance(v, dict) else _yaml_value(v, gaps)
            lines.append(("  - " if first else "    ") + f"{k}: {text}")
            first = False
    if draw(st.booleans()):
        breakers = ["  bad: [", "\t- x", "---"] + (["documents: 3"] if gaps else [])  # known gap 2
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(breakers)))
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_any_manifest_gives_documents_or_an_error_naming_sources_yaml(text):
    _manifest_property(text)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(manifests(gaps=True))
def test_any_manifest_including_the_formerly_breaking_inputs_gives_a_named_error(text):
    _manifest_property(text)


@pytest.mark.parametrize("text", [
    "documents:\n  - file: a.txt\n    published: 2020-13-01\n",          # PyYAML raised ValueError
    "documents: 3\ndocuments:\n  - file: a.txt\n",                        # line lookup hit a scalar
    "documents:\n  - file: a.txt\n    published: {approximate: soon, inferred: guessed}\n",  # from_literal
])
def test_inputs_the_fuzzer_found_give_named_errors(text):
    _manifest_property(text)


def _manifest_property(text: str) -> None:
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / "a.txt").write_text("A short text about children's services.", encoding="utf-8")
        (d / "b.txt").write_text("Another text.", encoding="utf-8")
        (d / "sources.yaml").write_text(text, encoding="utf-8")
        for keep_going in (True, False):
            try:
                docs, errors = load_corpus(d, keep_going=keep_going)
            except DocumentError as e:
                assert "sources.yaml" in str(e) or "a.txt" in str(e) or "b.txt" in str(e), str(e)
                continue
            except Exception as e:  # noqa: BLE001 - the property under test
                raise AssertionError(f"{type(e).__name__} escaped load_corpus (not a DocumentError): {e}\n"
                                     f"--- manifest:\n{text}") from e
            assert all(isinstance(x, DocumentError) for x in errors)
            assert {doc.file for doc in docs} <= {"a.txt", "b.txt"}
