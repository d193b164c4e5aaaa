"""Reading corpus folders: manifests, bad files, located errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.documents import DocumentError, load_corpus, read_manifest

ROOT = Path(__file__).resolve().parent.parent


def test_bundled_manifest_lists_every_file_with_all_fields():
    m = read_manifest(ROOT / "corpus" / "sources.yaml")
    files = {p.name for p in (ROOT / "corpus").glob("*.txt")}
    assert set(m) == files
    for meta in m.values():
        assert {"title", "publisher", "creator", "published", "kind", "url"} <= set(meta)


def test_bundled_corpus_is_byte_for_byte_the_founding_documents():
    shared = ROOT.parent / "shared" / "corpus"
    if not shared.is_dir():
        pytest.skip("../shared/corpus is not present")
    for p in shared.glob("*.txt"):
        assert (ROOT / "corpus" / p.name).read_bytes() == p.read_bytes()


def test_undated_document_keeps_bounds_and_says_how_they_were_inferred():
    docs, errors = load_corpus(ROOT / "corpus")
    assert not errors
    undated = [d for d in docs if d.published and d.published.literal is None]
    assert len(undated) == 1
    v = undated[0].published
    assert (v.earliest.isoformat(), v.latest.isoformat()) == ("2020-01-08", "2020-03-31")
    assert "8 January" in v.note


def _manifest(tmp_path: Path, body: str) -> Path:
    (tmp_path / "sources.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_manifest_entry_for_a_missing_file_is_reported_with_its_line(tmp_path):
    (tmp_path / "a.txt").write_text("text")
    _manifest(tmp_path, "documents:\n  - file: a.txt\n    kind: news\n  - file: gone.txt\n    kind: news\n")
    docs, errors = load_corpus(tmp_path)
    assert [d.file for d in docs] == ["a.txt"]
    assert len(errors) == 1 and "gone.txt" in str(errors[0]) and ":4:" in str(errors[0])
    with pytest.raises(DocumentError, match="gone.txt"):
        load_corpus(tmp_path, keep_going=False)


@pytest.mark.parametrize("body,needle", [
    ("documents: [", "malformed YAML"),
    ("files: []", "documents"),
    ("documents:\n  - file: a.txt\n    kind: blog\n", "kind 'blog'"),
    ("documents:\n  - file: a.txt\n    published: last week\n", "not an ISO date"),
    ("documents:\n  - file: a.txt\n    published: {earliest: 2020-01-01, latest: 2019-01-01, inferred: x}\n",
     "earliest is after latest"),
    ("documents:\n  - file: a.txt\n    published: {earliest: 2020-01-01}\n", "inferred"),
    ("documents:\n  - file: a.txt\n    colour: red\n", "unknown fields"),
])
def test_malformed_manifest_gives_a_clear_error_naming_the_file(tmp_path, body, needle):
    (tmp_path / "a.txt").write_text("text")
    _manifest(tmp_path, body)
    with pytest.raises(DocumentError) as e:
        load_corpus(tmp_path)
    assert "sources.yaml" in str(e.value) and needle in str(e.value)


@pytest.mark.parametrize("name,data,needle", [
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "binary"),
    ("blank.txt", b"   \n\n  ", "no text"),
])
def test_bad_documents_are_named_and_skipped_when_keep_going(tmp_path, name, data, needle):
    (tmp_path / "good.txt").write_text("Torbay Council.")
    (tmp_path / name).write_bytes(data)
    docs, errors = load_corpus(tmp_path)
    assert [d.file for d in docs] == ["good.txt"]
    assert name in str(errors[0]) and needle in str(errors[0])
    with pytest.raises(DocumentError, match=needle):
        load_corpus(tmp_path, keep_going=False)


def test_enormous_file_is_refused_by_size(tmp_path):
    from graph.documents import read_document
    p = tmp_path / "huge.txt"
    p.write_bytes(b"a" * 2048)
    with pytest.raises(DocumentError, match="too large"):
        read_document(p, max_bytes=1024)


def test_windows_1252_text_is_read_and_its_encoding_recorded(tmp_path):
    (tmp_path / "w.txt").write_bytes("Children\x92s services cost \xa34m".encode("latin-1"))
    docs, errors = load_corpus(tmp_path)
    assert not errors
    assert docs[0].text == "Children’s services cost £4m"
    assert docs[0].metadata_source["encoding"] == "cp1252"


def test_duplicate_documents_are_reported_once(tmp_path):
    (tmp_path / "a.txt").write_text("same words")
    (tmp_path / "b.txt").write_text("same words")
    docs, errors = load_corpus(tmp_path)
    assert len(docs) == 1 and "duplicate" in str(errors[0])


def test_file_names_carry_no_meaning_document_ids_come_from_bytes(tmp_path):
    (tmp_path / "x.txt").write_text("Torbay Council.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "renamed.txt").write_text("Torbay Council.")
    a, _ = load_corpus(tmp_path)
    b, _ = load_corpus(tmp_path / "sub")
    assert a[0].doc_id == b[0].doc_id
