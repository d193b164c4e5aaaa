"""The one-method base class every extractor implements.

An extractor reads one ``Document`` and returns plain ``Fact`` records with
verbatim quotes. Adding a genre adds a module with one subclass and touches
nothing else: ``graph.extract.registry`` finds every subclass.
"""
from __future__ import annotations

from ..model import Document, Fact

__all__ = ["Extractor"]


class Extractor:
    """Base class: ``name`` identifies it in provenance; ``kinds`` are the
    document-kind keys it reads (empty = it decides with ``accepts``)."""

    name: str = "extractor"
    kinds: tuple[str, ...] = ()

    def accepts(self, doc: Document) -> bool:
        """Whether this extractor reads ``doc`` (by kind, or by sniffing the text)."""
        return doc.kind in self.kinds

    def extract(self, doc: Document) -> list[Fact]:  # pragma: no cover - interface
        raise NotImplementedError

    def metadata(self, doc: Document) -> dict:
        """Document metadata the text itself shows (title, kind, published,
        publisher, creator), for folders without a manifest. The pipeline fills
        only fields the manifest left unknown, and records "text" as their
        source. Default: nothing."""
        return {}
