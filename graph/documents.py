"""Reading a corpus folder: document files plus an optional ``sources.yaml``.

A corpus is a folder of ``.txt`` and ``.pdf`` files. ``sources.yaml`` (same
format as ``corpus/sources.yaml``) gives each file's title, publisher,
creator, publication date and kind; a file it does not list still builds,
with unknown metadata marked unknown. Every problem is reported as a
``DocumentError`` naming the file (and manifest line where there is one).

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Hello Torbay.")
>>> docs, errors = load_corpus(d)
>>> (docs[0].kind, docs[0].published, errors)
('unknown', None, [])
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional

import yaml

from .model import DateValue, Document
from . import temporal

__all__ = ["DocumentError", "load_corpus", "scan_corpus", "duplicate_of", "read_document", "read_manifest",
           "MAX_BYTES", "DOC_KINDS", "doc_id_of"]

MAX_BYTES = 50 * 1024 * 1024
DOC_KINDS = ("ofsted_inspection", "monitoring_visit", "news", "review", "other")
_FIELDS = {"file", "title", "publisher", "creator", "published", "kind", "url"}


@dataclass
class DocumentError(Exception):
    """A document or manifest problem, naming where it is."""

    path: str
    message: str
    line: Optional[int] = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def doc_id_of(data: bytes) -> tuple[str, str]:
    """(doc id, full sha256) of a document's bytes."""
    h = hashlib.sha256(data).hexdigest()
    return h[:16], h


def _published(value, path: str, line: int) -> Optional[DateValue]:
    if value is None:
        return None
    if isinstance(value, date):
        return temporal.day(value.year, value.month, value.day)
    if isinstance(value, str):
        try:
            return temporal.from_literal(value)
        except (ValueError, TypeError):
            raise DocumentError(path, f"published: {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)", line)
    if isinstance(value, dict):
        unknown = set(value) - {"earliest", "latest", "inferred", "approximate"}
        if unknown:
            raise DocumentError(path, f"published: unknown keys {sorted(unknown)}", line)
        e, l_ = value.get("earliest"), value.get("latest")
        for k, v in (("earliest", e), ("latest", l_)):
            if v is not None and not isinstance(v, date):
                raise DocumentError(path, f"published.{k}: {v!r} is not an ISO date", line)
        if e and l_ and e > l_:
            raise DocumentError(path, "published: earliest is after latest", line)
        note = str(value.get("inferred") or "")
        if not note:
            raise DocumentError(path, "published: bounds need an `inferred:` note saying how they were inferred", line)
        if value.get("approximate"):
            try:
                return temporal.from_literal(str(value["approximate"]), "approximate", note)
            except (ValueError, TypeError):
                raise DocumentError(path, f"published.approximate: {value['approximate']!r} is not an ISO date", line)
        return temporal.bounded(e, l_, note)
    raise DocumentError(path, f"published: unsupported value {value!r}", line)


def read_manifest(path: Path) -> dict[str, dict]:
    """Parse and check ``sources.yaml``: file name -> metadata (with its line)."""
    p = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as e:
        raise DocumentError(p, f"cannot read manifest: {e}")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise DocumentError(p, f"malformed YAML: {getattr(e, 'problem', e)}", mark.line + 1 if mark else None)
    except ValueError as e:  # PyYAML's own date constructor meeting an impossible date
        raise DocumentError(p, f"malformed YAML: {e}")
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise DocumentError(p, "expected a mapping with a `documents:` list", 1)
    lines = []
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "documents" and isinstance(value, yaml.SequenceNode):
                lines = [item.start_mark.line + 1 for item in value.value]
    out: dict[str, dict] = {}
    problems = []
    for i, entry in enumerate(data["documents"]):
        line = lines[i] if i < len(lines) else None
        try:
            if not isinstance(entry, dict) or not entry.get("file"):
                raise DocumentError(p, "each entry needs a `file:`", line)
            extra = set(entry) - _FIELDS
            if extra:
                raise DocumentError(p, f"unknown fields {sorted(extra)}", line)
            kind = entry.get("kind")
            if kind is not None and kind not in DOC_KINDS:
                raise DocumentError(p, f"kind {kind!r} is not one of {', '.join(DOC_KINDS)}", line)
            name = str(entry["file"])
            if name in out:
                raise DocumentError(p, f"{name} is listed twice", line)
            meta = dict(entry)
            meta["published"] = _published(entry.get("published"), p, line)
            meta["line"] = line
            out[name] = meta
        except DocumentError as e:
            problems.append(e)
    if problems:
        raise problems[0] if len(problems) == 1 else DocumentError(
            p, "; ".join(f"line {e.line}: {e.message}" for e in problems))
    return out


def _decode(data: bytes, path: str) -> tuple[str, str]:
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "binary file (NUL bytes): not a text document")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as e:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DocumentError(path, f"not valid UTF-8 (byte {e.start}) nor Windows-1252 text")
        return text, "cp1252"


def read_document(path: Path, meta: Optional[dict] = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read one ``.txt`` or ``.pdf`` file into a Document (metadata from ``meta``)."""
    p = str(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DocumentError(p, f"cannot read: {e.strerror or e}")
    if size == 0:
        raise DocumentError(p, "empty file")
    if size > max_bytes:
        raise DocumentError(p, f"too large ({size} bytes; the limit is {max_bytes})")
    data = path.read_bytes()
    doc_id, sha = doc_id_of(data)
    source = {}
    if path.suffix.lower() == ".pdf":
        from .pdftext import pdf_to_text, PdfError  # only PDFs need the PDF reader
        try:
            pdf = pdf_to_text(data, name=p)
        except PdfError as e:
            msg = str(e)
            raise DocumentError(p, msg[len(p) + 2:] if msg.startswith(p + ": ") else msg)
        text = pdf.text
        source["pdf_metadata"] = dict(getattr(pdf, "metadata", {}) or {})
    else:
        text, enc = _decode(data, p)
        source["encoding"] = enc
    if not text.strip():
        raise DocumentError(p, "no text")
    meta = meta or {}
    kind = (meta.get("kind") or "unknown").replace("_", "-")
    doc = Document(doc_id=doc_id, text=text, file=path.name, title=meta.get("title"),
                   publisher=meta.get("publisher"), creator=meta.get("creator"),
                   published=meta.get("published"), kind=kind, url=meta.get("url"),
                   sha256=sha, metadata_source=source)
    for f in ("title", "publisher", "creator", "published", "kind", "url"):
        if meta.get(f) is not None:
            doc.metadata_source[f] = "manifest"
    return doc


def scan_corpus(folder: Path) -> tuple[dict[str, dict], list[Path], list[DocumentError]]:
    """The manifest, the document files (in name order) and the manifest entries
    whose file is missing, without reading any document."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(str(folder), "corpus folder not found")
    manifest_path = folder / "sources.yaml"
    manifest = read_manifest(manifest_path) if manifest_path.exists() else {}
    missing = [DocumentError(str(manifest_path), f"lists {name}, which is not in the folder", meta["line"])
               for name, meta in manifest.items() if not (folder / name).is_file()]
    files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in (".txt", ".pdf"))
    return manifest, files, missing


def load_corpus(folder: Path, keep_going: bool = True) -> tuple[list[Document], list[DocumentError]]:
    """Every document of a folder, in file-name order, with the problems found.

    With ``keep_going`` False the first problem raises. A manifest entry whose
    file is missing is a problem; so is a file whose bytes duplicate another's.
    """
    manifest, files, errors = scan_corpus(folder)
    if errors and not keep_going:
        raise errors[0]
    docs: list[Document] = []
    seen: dict[str, str] = {}
    for f in files:
        try:
            doc = read_document(f, manifest.get(f.name))
        except DocumentError as e:
            if not keep_going:
                raise
            errors.append(e)
            continue
        dup = duplicate_of(doc, f, seen)
        if dup is not None:
            if not keep_going:
                raise dup
            errors.append(dup)
            continue
        docs.append(doc)
    return docs, errors


def duplicate_of(doc: Document, path: Path, seen: dict[str, str]) -> Optional[DocumentError]:
    """A problem when ``doc``'s bytes were already read from another file (``seen``: id -> file)."""
    if doc.doc_id in seen:
        return DocumentError(str(path), f"same bytes as {seen[doc.doc_id]}: skipped as a duplicate")
    seen[doc.doc_id] = path.name
    return None
