"""Line and paragraph view of an Ofsted report's text, with verbatim quoting.

Why: every rule of the Ofsted extractor reads lines (headings, table rows,
"Inspection dates:" lines, numbered paragraphs), but must quote the document
exactly. ``Lines`` keeps a same-length normalised copy of the text (curly
quotes, odd dashes and spaces mapped one character to one character), so an
offset found in the copy is an offset in the document, and every quote is made
with ``graph.model.make_quote`` over the original text.

Page artefacts (bare page numbers, running headers repeated on many pages)
are recognised so paragraphs that run over a page break can be rejoined for
their text while their quote stays verbatim.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Optional

from ..model import Document, Quote, QuoteError, make_quote

__all__ = ["Line", "Lines", "MAX_CHARS", "NUMBERED", "BULLET", "safe_quote", "first_sentences"]

MAX_CHARS = 3_000_000  # reports are < 300k characters; read no further than this

# one-to-one character mapping: offsets in the normalised copy are document offsets
_MAP = {ord(c): "'" for c in "’‘‛`´ʼ′"}
_MAP.update({ord(c): '"' for c in "“”„‟"})
_MAP.update({ord(c): "-" for c in "‐‑‒–—―−─"})
_MAP.update({ord(c): " " for c in "\t\u00a0\u2002\u2003\u2009\u202f\u200b\ufeff\ufffe\r\x0b"})
_MAP[ord("\f")] = "\n"

BULLET = r"(?:[-•◼▪●■□◦‣∙·o\uf0a7\uf0b7\uf0d8\u25aa\u2219]\s*)"
NUMBERED = re.compile(r"^" + BULLET + r"?(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z‘'\"(]))")  # "10.Direct" too
_FOOTNOTE = re.compile(r"^(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹]{1,2})\s+[A-Z][a-z]")
_PAGE_NO = re.compile(r"^\s*(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?\s*$", re.I)


@dataclass(frozen=True)
class Line:
    """One non-empty line: ``start``/``end`` are document offsets (stripped)."""

    start: int
    end: int
    text: str  # normalised text of the line (same length as the document span)
    index: int  # position in Lines.items


class Lines:
    """The non-empty lines of a document, normalised, with artefact detection."""

    def __init__(self, doc: Document):
        self.doc = doc
        raw = doc.text if isinstance(doc.text, str) else ""
        self.norm = raw[:MAX_CHARS].translate(_MAP)
        self.items: list[Line] = []
        pos = 0
        for part in self.norm.split("\n"):
            s = pos + (len(part) - len(part.lstrip()))
            e = pos + len(part.rstrip())
            if e > s:
                self.items.append(Line(s, e, self.norm[s:e], len(self.items)))
            pos += len(part) + 1
        masked = Counter(self._mask(ln.text) for ln in self.items if len(ln.text) < 160)
        self._running = {k for k, n in masked.items() if n >= 3 and not NUMBERED.match(k)
                         and not k.startswith(("•", "-", "◼"))}

    @staticmethod
    def _mask(text: str) -> str:
        return re.sub(r"\d+", "#", text.strip())

    def artefact(self, ln: Line) -> bool:
        """A bare page number, a footnote ("1 The local authority was given ...") or a
        running header/footer (short line repeated 3+ times)."""
        return bool(_PAGE_NO.match(ln.text) or _FOOTNOTE.match(ln.text)) or self._mask(ln.text) in self._running

    def quote(self, start: int, end: int) -> Optional[Quote]:
        return safe_quote(self.doc, start, end)

    def after(self, ln: Line) -> Iterator[Line]:
        return iter(self.items[ln.index + 1:])

    def find(self, pattern: re.Pattern, start: int = 0, stop: Optional[int] = None) -> Optional[Line]:
        for ln in self.items[start:stop]:
            if pattern.search(ln.text):
                return ln
        return None


def safe_quote(doc: Document, start: int, end: int) -> Optional[Quote]:
    """``make_quote`` that returns None (no fact) instead of raising, and checks the text."""
    try:
        q = make_quote(doc, start, end)
    except (QuoteError, TypeError, ValueError):
        return None
    if doc.text[q.start:q.end] != q.exact:  # pragma: no cover - make_quote guarantees it
        return None
    return q


_SENT_END = re.compile(r"[.!?][)'\"]?(?=\s|$)")


def first_sentences(text: str) -> int:
    """Length of ``text`` up to the end of its last complete sentence (or all of it)."""
    last = 0
    for m in _SENT_END.finditer(text):
        last = m.end()
    return last or len(text)
