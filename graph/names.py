"""Minting stable, readable IRIs (see ARCHITECTURE.md, "IRIs").

>>> slug("Alison Botham")
'alison-botham'
>>> len(short_hash("a", 1))
12
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["BASE", "ID", "VOCAB", "GRAPH", "slug", "short_hash", "doc_iri", "graph_iri", "concept_iri"]

from .namespace import GR as _GR, ID as _ID, VOCAB_BASE

# the bases are the namespace module's, as plain strings for minting
ID = str(_ID)
VOCAB = VOCAB_BASE
GRAPH = str(_GR)
BASE = ID[: -len("id/")]


def slug(text: str) -> str:
    """Lowercase ASCII with runs of other characters turned into one hyphen."""
    t = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    t = re.sub(r"['’]", "", t)
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-") or "x"


def short_hash(*parts) -> str:
    """First 12 hex digits of SHA-256 over the parts joined by '|'."""
    return hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def doc_iri(doc_id: str) -> str:
    return f"{ID}doc/{doc_id}"


def graph_iri(name: str) -> str:
    """gr:doc/<id>, gr:curated, gr:derived, gr:reference, gr:ontology."""
    return GRAPH + name


def concept_iri(scheme: str, key: str) -> str:
    return f"{VOCAB}{scheme}/{key}"
