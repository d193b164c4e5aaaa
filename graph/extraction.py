"""Running the extractors on one document: the part of the build that decides a document's facts.

Kept apart from the pipeline so its code is part of the extraction cache's
fingerprint (``graph.pipeline.code_fingerprint``): a change here re-extracts
every document, a change to the rest of the pipeline does not.
"""
from __future__ import annotations

import importlib
import pkgutil
from typing import Optional

from . import extract as extract_pkg
from .extract.base import Extractor
from .model import DateValue, Document, Fact

__all__ = ["BuildError", "extractors", "extract_document"]


class BuildError(RuntimeError):
    """The build failed; the message says why and names the file at fault."""


def extractors() -> list[Extractor]:
    """One instance of every Extractor subclass in graph.extract (a new module is found by itself)."""
    for m in pkgutil.iter_modules(extract_pkg.__path__):
        importlib.import_module(f"{extract_pkg.__name__}.{m.name}")
    seen, out = set(), []

    def walk(cls):
        for sub in sorted(cls.__subclasses__(), key=lambda c: c.__name__):
            if sub not in seen:
                seen.add(sub)
                out.append(sub())
                walk(sub)
    walk(Extractor)
    return out


def _verified(doc: Document, facts: list[Fact], problems: list[str]) -> list[Fact]:
    """Keep only facts whose quote occurs verbatim at its offset."""
    ok = []
    for f in facts:
        q = f.quote
        if q.doc_id == doc.doc_id and doc.text[q.start:q.end] == q.exact and q.exact.strip():
            ok.append(f)
        else:
            problems.append(f"{doc.file}: dropped a {f.kind} fact whose quote is not verbatim: {q.exact[:60]!r}")
    return ok


def extract_document(doc: Document, exs: list[Extractor], problems: list[str],
                     keep_going: bool = True, failures: Optional[list] = None) -> list[Fact]:
    """Run every extractor that accepts the document; verify each quote.

    An extractor that fails on a document is a problem naming both (also
    added to ``failures`` when given); without ``keep_going`` it fails the build."""
    facts: list[Fact] = []
    for ex in exs:
        if not ex.accepts(doc):
            continue
        for k, v in (ex.metadata(doc) or {}).items():
            if v is not None and getattr(doc, k, None) in (None, "unknown", ""):
                setattr(doc, k, v)
                doc.metadata_source[k] = "text"
        try:
            got = ex.extract(doc)
        except Exception as e:  # an extractor bug must name the document, not take the build down
            msg = f"{doc.file}: extractor {ex.name} failed: {type(e).__name__}: {e}"
            if not keep_going:
                raise BuildError(msg) from e
            problems.append(msg)
            if failures is not None:
                failures.append(msg)
            continue
        for f in got:
            f.by = f.by or ex.name
        facts += got
    _published_from_pdf_metadata(doc)
    return _verified(doc, facts, problems)


def _published_from_pdf_metadata(doc: Document) -> None:
    """When neither manifest nor text dates a PDF, use its own creation date,
    marked as coming from PDF metadata and approximate (reports are published
    a few days after the file is made); otherwise the date stays unknown."""
    if doc.published is not None:
        return
    created = (doc.metadata_source.get("pdf_metadata") or {}).get("created")
    if not created:
        return
    from . import temporal
    try:
        v = temporal.from_literal(str(created)[:10])
    except (ValueError, TypeError):
        return
    doc.published = DateValue(
        v.literal, v.earliest, v.latest, "approximate",
        "the PDF's own creation date (document metadata), since the text prints no publication "
        "date; publication usually follows within days")
    doc.metadata_source["published"] = "pdf-metadata"


