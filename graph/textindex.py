"""Full-text search over finding texts, recommendation texts and evidence quotes.

Why: a SPARQL ``CONTAINS`` scan reads every text literal for each search;
an SQLite FTS5 index (stdlib, no server) answers in milliseconds at 1M
triples. The index is built from any ``graph.store.Store`` (or a dataset
file / build folder, opened with ``open_store``) and can live in memory or
in a file beside the build.

    idx = TextIndex.build(store)                # or TextIndex.build("out")
    idx.search("management oversight", limit=10)
    # -> [("https://w3id.org/csgkg/id/inspection/…/finding/23", "…[management] [oversight]…"), ...]

Each hit names the node the text belongs to: the finding or recommendation
for ``csg:text``, and the fact an evidence quote supports (``oa:hasBody``)
for ``oa:exact``; a node is returned once, at its best rank (BM25).
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

__all__ = ["TextIndex", "TEXTS_QUERY", "fts_query"]

TEXTS_QUERY = """
PREFIX csg: <https://w3id.org/csgkg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?node ?text ?kind WHERE {
  { ?node csg:text ?text . BIND("text" AS ?kind) }
  UNION
  { ?ev oa:hasBody ?node ; oa:hasTarget/oa:hasSelector/oa:exact ?text . BIND("quote" AS ?kind) }
}"""

_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str:
    """User text -> an FTS5 query: every word must occur (quoted, so FTS5
    operators in the input are plain words). A trailing ``*`` on a word keeps
    prefix matching. Raises ValueError when no word is left."""
    parts = []
    for m in re.finditer(r"(\w+)(\*?)", text, re.UNICODE):
        parts.append(f'"{m.group(1)}"' + ("*" if m.group(2) else ""))
    if not parts:
        raise ValueError(f"search text has no words: {text!r}")
    return " ".join(parts)


class TextIndex:
    """An FTS5 table ``texts(iri, kind, body)``; ``search`` returns (IRI, snippet)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.db.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS texts USING fts5("
            "iri UNINDEXED, kind UNINDEXED, body, tokenize='porter unicode61')"
        )

    @classmethod
    def build(cls, source, path: str | Path = ":memory:", timeout: float | None = None) -> "TextIndex":
        """Index the texts of ``source``: a Store, or anything ``open_store`` opens.
        An existing index file at ``path`` is replaced."""
        from .store import Store, open_store

        if path != ":memory:" and Path(path).exists():
            Path(path).unlink()
        own = not isinstance(source, Store)
        store = open_store(source) if own else source
        try:
            res = store.query(TEXTS_QUERY, timeout=timeout)
        finally:
            if own:
                store.close()
        idx = cls(path)
        idx.add((str(node), str(kind), str(text)) for node, text, kind in res.rows)
        return idx

    def add(self, rows) -> None:
        """Add (iri, kind, text) rows and commit."""
        with self.db:
            self.db.executemany("INSERT INTO texts(iri, kind, body) VALUES (?, ?, ?)", rows)

    def __len__(self) -> int:
        return self.db.execute("SELECT count(*) FROM texts").fetchone()[0]

    def search(self, text: str, limit: int = 20) -> list[tuple[str, str]]:
        """Best ``limit`` nodes whose texts contain every word of ``text``
        (stemmed, case-insensitive), as (node IRI, snippet with [marked] words)."""
        if limit < 1:
            raise ValueError(f"limit must be >= 1, got {limit}")
        q = fts_query(text)
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        fetch = limit * 3
        while True:
            rows = self.db.execute(
                "SELECT iri, snippet(texts, 2, '[', ']', '…', 16) FROM texts "
                "WHERE texts MATCH ? ORDER BY rank LIMIT ?",
                (q, fetch),
            ).fetchall()
            for iri, snip in rows:
                if iri not in seen:
                    seen.add(iri)
                    out.append((iri, snip))
                    if len(out) == limit:
                        return out
            if len(rows) < fetch:
                return out
            out.clear()
            seen.clear()
            fetch *= 4

    def close(self) -> None:
        self.db.close()
