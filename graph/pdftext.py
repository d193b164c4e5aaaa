"""Cleaned text from an Ofsted-style PDF report, ready for regex extractors.

Why: extractors (``graph.extract.*``) run regular expressions over plain
text. Raw PDF text is full of layout noise: running headers and footers on
every page, headings and table cells broken over several lines, ligatures,
soft hyphens, bullet glyphs from symbol fonts. This module turns a PDF into
text where every paragraph, heading, "Inspection dates:" line and judgement
table row is ONE logical line, and paragraphs are separated by blank lines.

How: pypdfium2 (PDFium, Apache-2.0/BSD) gives the page text in reading order
with line breaks; for each line we ask PDFium for the position of its first
and last character (a few calls per line, so it stays fast). With those
positions the rules below are written for the genre (Word-made reports), not
for any one document:

- running headers/footers: lines near the top or bottom edge whose text, with
  digits masked, repeats at the same height on many pages; bare page
  numbers there;
- table rows: when reading order jumps back up and to the right (a right-hand
  cell after a wrapped left-hand cell), the cells are joined into one line;
- paragraphs: consecutive lines of the same font size at normal leading are
  joined, unless the next line starts a numbered paragraph or a bullet, is
  out-dented, or begins with a capital that would have fitted on the previous
  line (so the previous line ended with a hard break);
- a paragraph that runs over a page break is rejoined when the next page
  starts in lower case;
- characters: ligatures, soft hyphens, PDFium's end-of-line hyphen marker,
  non-breaking and other odd spaces, zero-width characters and bullet glyphs
  are normalised; PDFium's end-of-line hyphen marker becomes a hyphen.

>>> PdfText(text="a", pages=["a"], metadata={}).metadata_source
{}
"""
from __future__ import annotations

import ctypes
import math
import os
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Optional, Union

__all__ = [
    "PdfText", "PdfError", "NotAPdfError", "PdfEncryptedError",
    "PdfCorruptError", "PdfTruncatedError", "PdfEmptyError", "PdfTooLargeError",
    "pdf_to_text", "parse_pdf_date", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_PAGES",
    "DEFAULT_MAX_CHARS_PER_PAGE", "main",
]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024     # Ofsted reports are 0.1-2 MB
DEFAULT_MAX_PAGES = 400                  # the longest report has ~50 pages
DEFAULT_MAX_CHARS_PER_PAGE = 100_000     # a dense page has ~5,000


# --------------------------------------------------------------------------- errors

class PdfError(ValueError):
    """A PDF could not be turned into text; the message names the file."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotAPdfError(PdfError):
    """The input is not a PDF at all (no ``%PDF-`` header), e.g. an HTML page."""


class PdfEncryptedError(PdfError):
    """The PDF needs a password to open."""


class PdfCorruptError(PdfError):
    """The PDF structure is damaged beyond what PDFium can repair."""


class PdfTruncatedError(PdfCorruptError):
    """The file ends before the PDF does (no ``%%EOF`` near its end)."""


class PdfEmptyError(PdfError):
    """The PDF opens but has no text layer (scanned or blank pages)."""


class PdfTooLargeError(PdfError):
    """The input exceeds a size cap (bytes, pages or characters per page)."""


# --------------------------------------------------------------------------- result

@dataclass
class PdfText:
    """Cleaned text of one PDF.

    ``text`` is the whole document: one logical line per paragraph, heading or
    table row, blank lines between them. ``pages`` holds the cleaned text of
    each page (a paragraph that crosses a page break is split there), and
    ``page_offsets[i]`` is where page ``i``'s text starts in ``text`` (a page
    that continues a paragraph starts mid-line). ``metadata`` comes from the
    PDF itself (info dictionary, XMP when present): keys ``title``,
    ``author``, ``subject``, ``keywords``, ``creator``, ``producer``,
    ``created``, ``modified`` (ISO 8601 strings), only when non-empty;
    ``metadata_source`` maps each of those keys to ``"pdf-metadata"`` so a
    Document can say where the field came from.
    """

    text: str
    pages: list[str]
    metadata: dict
    page_offsets: list[int] = field(default_factory=list)
    source: str = ""
    page_count: int = 0

    @property
    def metadata_source(self) -> dict:
        return {k: "pdf-metadata" for k in self.metadata}


# --------------------------------------------------------------------------- characters

_CHAR_MAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\ufb05": "st", "\ufb06": "st",
    "\u00ad": "",            # soft hyphen
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\t": " ",
    "\u2010": "-", "\u2011": "-",   # hyphen, non-breaking hyphen
    # dash look-alikes some authors type in ranges ("2015\u221216"): en dash
    "\u2212": "\u2013", "\u2012": "\u2013", "\u2015": "\u2013", "\u2500": "\u2013",
}
# Bullet glyphs: Unicode bullets and the Symbol/Wingdings private-use code
# points Word uses for list bullets.
_BULLETS = ("\u2022\u2023\u2043\u2219\u25aa\u25ab\u25a0\u25a1\u25fc\u25fb\u25cf"
            "\u25cb\u25e6\u25c6\u25c7\u27a2\u2713\u2714\u2756\u29bf\u00b7"
            "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf06e\uf0e8\uf0ad\uf02d\uf0be")
for _b in _BULLETS:
    _CHAR_MAP[_b] = "\u2022"
_TRANS = str.maketrans(_CHAR_MAP)
_PUA = re.compile(r"[\ue000-\uf8ff]")
_SOFT_BREAK = "\ufffe"   # PDFium marks a hyphen at a line end with U+FFFE
_BULLET_RE = re.compile(r"^\u2022\s*")
_MULTISPACE = re.compile(r" {2,}")
_STROKE_DASH = re.compile(r"(?<= )[\u0335\u0336](?= )")   # a lone combining stroke used as a dash


def _norm_chars(s: str) -> str:
    s = s.translate(_TRANS)
    s = _STROKE_DASH.sub("\u2013", s)
    s = _PUA.sub("", s)               # other symbol-font glyphs carry no text
    s = _BULLET_RE.sub("\u2022 ", s)
    return _MULTISPACE.sub(" ", s).strip()


# --------------------------------------------------------------------------- lines

@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float        # baseline of the first character (PDF y grows upwards)
    bottom: float     # baseline of the last character
    size: float
    row: bool = False  # a joined table row: never merged with neighbours


_NUMBERED = re.compile(r"^(\d{1,3}(\.\d{1,2})*\.?|\(?[a-z]\)|[ivx]{1,4}\.)\s+\S")
_LIST_END = re.compile(r"[.;:%\d]\)?$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?#(\s*(of|/)\s*#)?$|^[-\u2013]\s*#\s*[-\u2013]$")


def _page_lines(tp, raw, source: str, pageno: int, max_chars: int) -> list[_Line]:
    """Lines of one PDFium text page with the geometry of their ends."""
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    if n > max_chars:
        raise PdfTooLargeError(source, f"page {pageno} has {n} characters, more than "
                                       f"max_chars_per_page={max_chars}")
    buf = ctypes.create_string_buffer((n + 1) * 2)
    got = raw.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    # PDFium indexes UTF-16 code units; map Python indices when astral chars occur
    if len(text) != n:
        units, idx = 0, []
        for ch in text:
            idx.append(units)
            units += 2 if ord(ch) > 0xFFFF else 1
    else:
        idx = None
    cx, cy = ctypes.c_double(), ctypes.c_double()
    rect = raw.FS_RECTF()

    def origin(i):
        raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(cx), ctypes.byref(cy))
        return cy.value

    def loose(i):
        # the loose box spans the font's ascent..descent: its height is a font
        # size that survives text drawn at size 1 with a scaling matrix
        raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
        return rect.left, rect.right, rect.top - rect.bottom

    out = []
    for m in re.finditer(r"[^\r\n]+", text):
        seg = m.group()
        s = m.start() + (len(seg) - len(seg.lstrip()))
        e = m.end() - (len(seg) - len(seg.rstrip())) - 1
        if e < s:
            continue
        a, z = (s, e) if idx is None else (idx[s], idx[e])
        x0, _, ha = loose(a)
        _, x1, hz = loose(z)
        hm = loose((a + z) // 2)[2]
        hs = sorted(h for h in (ha, hm, hz) if h > 0)
        size = hs[len(hs) // 2] if hs else 0.0
        top, bottom = origin(a), origin(z)
        # a footnote marker ends the line in smaller type ("Board1"): drop it
        # so the word it sticks to stays a word; the footnote text is kept
        cut = e
        while cut > s and text[cut].isdigit() and size and \
                loose(cut if idx is None else idx[cut])[2] < 0.8 * size:
            cut -= 1
        if cut < e and (text[cut].isalpha() or text[cut] in ",.;:)\u2019"):
            seg = text[s:cut + 1]
        clean = _norm_chars(seg)
        if clean:
            out.append(_Line(clean, x0, x1, top, bottom, round(size, 1)))
    return out


# --------------------------------------------------------------------------- headers/footers

def _strip_running(pages: list[list[_Line]], heights: list[float]) -> None:
    """Remove running headers, footers and page numbers in place.

    A line is a candidate when it is among the three top-most or bottom-most
    lines of its page, or lies in the outer 15% of the page height. A
    candidate goes when the same text, digits masked, stands at the same
    height (within 3 pt) on many pages (at least 30%, at least 3, all of a
    short document), or when it is a bare page number ("7", "Page 7 of 9").
    The height condition keeps a title on page 1 that repeats the footer text.
    """
    def key(t):
        return re.sub(r"\s+", " ", re.sub(r"\d+", "#", t.lower())).strip()

    seen: dict[str, list[tuple[int, int, float]]] = {}
    drop: list[set] = [set() for _ in pages]
    for p, (lines, h) in enumerate(zip(pages, heights)):
        order = sorted(range(len(lines)), key=lambda i: -lines[i].top)
        edge = set(order[:3]) | set(order[-3:])
        for i, ln in enumerate(lines):
            if i in edge or ln.top > 0.85 * h or ln.top < 0.15 * h:
                k = key(ln.text)
                if _PAGE_NUMBER.match(k):
                    drop[p].add(i)
                elif len(k) >= 4 or "#" in k:
                    seen.setdefault(k, []).append((p, i, ln.top))
    n = len(pages)
    need = max(2, n if n <= 3 else max(3, math.ceil(0.3 * n)))
    for k, where in seen.items():
        if len({p for p, _, _ in where}) < need:
            continue
        ys = sorted(y for _, _, y in where)
        for y0 in ys:                       # every height the text stands at
            at = [(p, i) for p, i, y in where if abs(y - y0) <= 3]
            if len({p for p, _ in at}) >= need:
                for p, i in at:
                    drop[p].add(i)
    for p, lines in enumerate(pages):
        if drop[p]:
            lines[:] = [ln for i, ln in enumerate(lines) if i not in drop[p]]


# --------------------------------------------------------------------------- tables

def _join_rows(lines: list[_Line]) -> list[_Line]:
    """Join table rows whose right-hand cell PDFium reads after a wrapped left cell.

    Signature: a line that starts right of the previous line's end and whose
    baseline is above the previous line's (reading order went back up). The
    left-cell lines are the contiguous lines just before it that end left of
    it and span its baseline; right-cell continuation lines that follow it
    (same left edge, next baseline down) are joined too.
    """
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        prev = out[-1] if out else None
        if (prev is not None and not prev.row and ln.top > prev.bottom + 0.5 * ln.size
                and ln.x0 > prev.x0 + 2 * ln.size and prev.x1 < ln.x0):
            k = len(out) - 1
            group = [out[k]]
            while k > 0:
                cand, nxt = out[k - 1], out[k]
                if cand.row or cand.x1 >= ln.x0 or abs(cand.size - nxt.size) > 1:
                    break
                if cand.bottom - nxt.top > 1.7 * nxt.size:   # not the same cell
                    break
                low = group[-1].bottom
                if cand.top > ln.top + (ln.top - low) + 0.6 * ln.size:
                    break
                group.insert(0, cand)
                k -= 1
            if group[0].top >= ln.top - 0.4 * ln.size:
                right = [ln]
                j = i + 1
                while (j < len(lines) and abs(lines[j].x0 - ln.x0) < 3
                       and 0 < right[-1].bottom - lines[j].top < 1.7 * ln.size):
                    right.append(lines[j])
                    j += 1
                del out[k:]
                out.append(_Line(
                    " ".join(g.text for g in group) + " " + " ".join(r.text for r in right),
                    group[0].x0, right[-1].x1, group[0].top,
                    min(group[-1].bottom, right[-1].bottom), group[0].size, row=True))
                i = j
                continue
        out.append(ln)
        i += 1
    return out


# --------------------------------------------------------------------------- paragraphs

@dataclass
class _Para:
    text: str
    first: _Line
    last: _Line


def _starts_block(t: str) -> bool:
    return t.startswith("\u2022") or bool(_NUMBERED.match(t))


def _joiner(a: str, b: str) -> str:
    """Join two pieces of one paragraph; keep a hyphen that ends a line."""
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].isalpha():
        return a + b
    return a + " " + b


def _paragraphs(lines: list[_Line], leading: float, right: float) -> list[_Para]:
    """Group lines into paragraphs (see module docstring for the rules)."""
    paras: list[_Para] = []
    for ln in lines:
        if paras:
            p = paras[-1]
            prev = p.last
            if _continues(p, prev, ln, leading, right):
                p.text = _joiner(p.text, ln.text)
                p.last = ln
                continue
        paras.append(_Para(ln.text, ln, ln))
    return paras


def _continues(p: _Para, prev: _Line, ln: _Line, leading: float, right: float) -> bool:
    if prev.row or ln.row or abs(prev.size - ln.size) > 0.6:
        return False
    gap = prev.bottom - ln.top
    if abs(gap) < 0.3 * ln.size:                  # same baseline: one visual line
        return ln.x0 >= prev.x1 - 1
    if gap <= 0 or gap > leading * ln.size:
        return False
    if _starts_block(ln.text):
        return False
    if ln.x0 < prev.x0 - 8 and ln.x0 < p.first.x0 + 8:   # out-dent: new block
        return False
    if prev.text.endswith(":") and ln.text[:1].isupper():
        return False
    first = ln.text.split(" ", 1)[0]
    width = (prev.x1 - prev.x0) / max(len(prev.text), 1)
    fits = right - prev.x1 > (len(first) + 1) * width * 1.05
    if not fits:
        return True
    # the next line's first word would have fitted after the previous line,
    # so the previous line ended with a hard break or inside a table cell
    if ln.text[:1].isupper() or ln.text[:1] in "\u2018\u201c'\"(":
        return False
    # lower case: a wrapped table cell goes on after a word, at the same left
    # edge or (a right-hand cell) further right; the item before a list item
    # whose bullet glyph has no text ends in punctuation or a figure
    if _LIST_END.search(prev.text):
        return False
    return ln.x0 > prev.x0 - 0.5 * ln.size


def _estimate_leading(pages: list[list[_Line]]) -> float:
    """Typical baseline step / font size within paragraphs, times a margin."""
    ratios = []
    for lines in pages:
        for a, b in zip(lines, lines[1:]):
            if abs(a.size - b.size) < 0.6 and a.size > 0:
                r = (a.bottom - b.top) / a.size
                if 0.9 < r < 2.6:
                    ratios.append(round(r, 2))
    if not ratios:
        return 1.45
    mode = Counter(round(r * 20) / 20 for r in ratios).most_common(1)[0][0]
    return min(max(mode * 1.2, 1.3), 2.2)


# --------------------------------------------------------------------------- words

_HYPH = re.compile(r"\b([A-Za-z]+)\ufffe ?([a-z]+)\b")
_WORD = re.compile(r"[a-z]+")


def _repair_hyphens(text: str) -> str:
    """Turn PDFium's end-of-line hyphen marker (U+FFFE) back into text.

    PDFium joins a word hyphenated at a line end and marks the hyphen with
    U+FFFE. Word reports hyphenate only compounds ("multi-agency"), so the
    marker becomes "-", unless the document itself spells the joined word
    without a hyphen and never with one.

    No other word repair is done: PDFium does not split words inside a line
    on this genre, and joining pairs like "feed back" would rewrite the
    authors' own spelling (measured; see docs/pdf-ingestion.md).
    """
    if _SOFT_BREAK not in text:
        return text
    vocab = Counter(_WORD.findall(text.lower().replace(_SOFT_BREAK, " ")))
    hyphened = Counter(m.lower() for m in re.findall(r"[A-Za-z]+-[a-z]+", text))

    def hyph(m):
        a, b = m.group(1), m.group(2)
        if vocab[(a + b).lower()] and not hyphened[f"{a}-{b}".lower()]:
            return a + b
        return f"{a}-{b}"

    return _HYPH.sub(hyph, text).replace(_SOFT_BREAK, "-")


# --------------------------------------------------------------------------- metadata

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
                       r"\s*(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?")


def parse_pdf_date(value: str) -> Optional[str]:
    """``"D:20130729170508+01'00'"`` -> ``"2013-07-29T17:05:08+01:00"``.

    Returns an ISO 8601 string at the precision given (a bare year stays a
    year), or None when the value is not a PDF date.

    >>> parse_pdf_date("D:20241125163549+00'00'")
    '2024-11-25T16:35:49+00:00'
    >>> parse_pdf_date("D:2013") is None
    False
    """
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    y, mo, d, hh, mi, ss, z, sign, tzh, tzm = m.groups()
    try:
        if mo is None:
            return y
        if d is None:
            return f"{y}-{mo}"
        dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0))
    except ValueError:
        return None
    if hh is None:
        return dt.date().isoformat()
    if z:
        dt = dt.replace(tzinfo=timezone.utc)
    elif sign:
        off = timedelta(hours=int(tzh), minutes=int(tzm or 0))
        dt = dt.replace(tzinfo=timezone(off if sign == "+" else -off))
    return dt.isoformat()


_XMP_FIELDS = {
    "title": r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "author": r"<dc:creator>.*?<rdf:li[^>]*>(.*?)</rdf:li>",
    "created": r"<xmp:CreateDate>(.*?)</xmp:CreateDate>|xmp:CreateDate=\"([^\"]*)\"",
    "modified": r"<xmp:ModifyDate>(.*?)</xmp:ModifyDate>|xmp:ModifyDate=\"([^\"]*)\"",
}


def _xmp(data: bytes) -> dict:
    """Fields from an uncompressed XMP packet, if the file carries one."""
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        return {}
    end = data.find(b"</x:xmpmeta>", start)
    if end < 0 or end - start > 1_000_000:
        return {}
    xml = data[start:end].decode("utf-8", errors="replace")
    out = {}
    for k, pat in _XMP_FIELDS.items():
        m = re.search(pat, xml, re.S)
        if m:
            v = next((g for g in m.groups() if g), "").strip()
            v = re.sub(r"&amp;", "&", re.sub(r"&lt;", "<", v))
            if v:
                out[k] = v
    return out


def _metadata(pdf, data: bytes) -> dict:
    info = {}
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:   # a damaged info dictionary is not fatal
        info = {}
    md = {}
    for src, dst in (("Title", "title"), ("Author", "author"), ("Subject", "subject"),
                     ("Keywords", "keywords"), ("Creator", "creator"), ("Producer", "producer")):
        v = (info.get(src) or "").strip()
        if v:
            md[dst] = v
    for src, dst in (("CreationDate", "created"), ("ModDate", "modified")):
        iso = parse_pdf_date(info.get(src) or "")
        if iso:
            md[dst] = iso
    for k, v in _xmp(data).items():
        md.setdefault(k, v)
    return md


# --------------------------------------------------------------------------- main entry

def _read(path_or_bytes, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = "<bytes>"
    else:
        path = Path(os.fspath(path_or_bytes))
        name = str(path)
        try:
            size = path.stat().st_size
        except OSError as e:
            raise PdfError(name, f"cannot read file: {e.strerror or e}") from None
        if size > max_bytes:
            raise PdfTooLargeError(name, f"{size} bytes, more than max_bytes={max_bytes}")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise PdfError(name, f"cannot read file: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise PdfTooLargeError(name, f"{len(data)} bytes, more than max_bytes={max_bytes}")
    return data, name


def pdf_to_text(path_or_bytes: Union[str, os.PathLike, bytes], *,
                max_bytes: int = DEFAULT_MAX_BYTES, max_pages: int = DEFAULT_MAX_PAGES,
                max_chars_per_page: int = DEFAULT_MAX_CHARS_PER_PAGE,
                name: Optional[str] = None) -> PdfText:
    """Extract and clean the text of a PDF given as a path or as bytes.

    ``name`` overrides the name used in error messages (useful for bytes).
    Raises a ``PdfError`` subclass naming the file for input that is not a
    PDF, encrypted, truncated or corrupt, has no text, or exceeds a cap.
    PDFium is not thread-safe: call this from one thread per process.
    """
    data, default_name = _read(path_or_bytes, max_bytes)
    source = name or default_name
    head = data[:1024]
    if b"%PDF-" not in head:
        shown = head[:16]
        raise NotAPdfError(source, f"not a PDF (no %PDF- header; starts with {shown!r})")
    if b"%%EOF" not in data[-2048:]:
        raise PdfTruncatedError(source, f"truncated PDF: no %%EOF marker at the end "
                                        f"({len(data)} bytes)")
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code in (raw.FPDF_ERR_PASSWORD, raw.FPDF_ERR_SECURITY):
            raise PdfEncryptedError(source, "encrypted PDF: it needs a password "
                                            "(or uses an unsupported security handler)") from None
        raise PdfCorruptError(source, f"corrupt PDF: PDFium cannot open it ({e})") from None
    try:
        npages = len(pdf)
        if npages > max_pages:
            raise PdfTooLargeError(source, f"{npages} pages, more than max_pages={max_pages}")
        if npages == 0:
            raise PdfEmptyError(source, "the PDF has no pages")
        metadata = _metadata(pdf, data)
        pages, heights, widths = [], [], []
        for i in range(npages):
            try:
                page = pdf[i]
            except pdfium.PdfiumError as e:
                raise PdfCorruptError(source, f"corrupt PDF: page {i + 1} cannot be "
                                              f"loaded ({e})") from None
            try:
                heights.append(page.get_height())
                widths.append(page.get_width())
                tp = page.get_textpage()
                try:
                    pages.append(_page_lines(tp.raw, raw, source, i + 1, max_chars_per_page))
                finally:
                    tp.close()
            finally:
                page.close()
    finally:
        pdf.close()

    if not any(pages):
        raise PdfEmptyError(source, f"no text layer on any of its {npages} pages "
                                    "(scanned or blank; OCR is not attempted)")
    return _assemble(pages, heights, widths, metadata, source)


def _assemble(pages, heights, widths, metadata, source) -> PdfText:
    _strip_running(pages, heights)
    pages = [_join_rows(lines) for lines in pages]
    leading = _estimate_leading(pages)
    xs = sorted(ln.x1 for lines in pages for ln in lines if not ln.row)
    # the text's right margin: where most lines end, but at least 80% of the
    # page width (a short document may hold no full line at all)
    right = xs[int(0.95 * (len(xs) - 1))] if xs else 0.0
    right = max(right, 0.8 * statistics.median(widths)) if widths else right
    page_paras = [_paragraphs(lines, leading, right) for lines in pages]

    # one pass over the whole text so hyphen repair sees the document vocabulary
    sep = "\x00PAGE\x00"
    joined = sep.join("\n\n".join(p.text for p in paras) for paras in page_paras)
    joined = _repair_hyphens(joined)
    page_texts = joined.split(sep)

    text_parts: list[str] = []
    offsets: list[int] = []
    prev_last: Optional[_Para] = None
    length = 0
    for paras, ptext in zip(page_paras, page_texts):
        if not ptext:
            offsets.append(length)
            continue
        glue = "\n\n" if text_parts else ""
        if prev_last is not None and paras and _continues_over_page(prev_last, paras[0]):
            glue = "" if text_parts[-1].endswith("-") and ptext[:1].isalpha() else " "
        text_parts.append(glue)
        length += len(glue)
        offsets.append(length)
        text_parts.append(ptext)
        length += len(ptext)
        if paras:
            prev_last = paras[-1]
    return PdfText(text="".join(text_parts), pages=page_texts, metadata=metadata,
                   page_offsets=offsets, source=source, page_count=len(pages))


def _continues_over_page(a: _Para, b: _Para) -> bool:
    """A paragraph runs on to the next page: no end punctuation, lower-case start."""
    if a.last.row or b.first.row or abs(a.last.size - b.first.size) > 0.6:
        return False
    end = a.text.rstrip()[-1:]
    return bool(end) and end not in ".!?:;" and b.text[:1].islower()


# --------------------------------------------------------------------------- CLI

def main(argv: Optional[list[str]] = None) -> int:
    """``python -m graph.pdftext FILE.pdf [--pages] [--metadata]``: print cleaned text."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m graph.pdftext",
                                 description="Print the cleaned text of a PDF report.")
    ap.add_argument("file", help="PDF file")
    ap.add_argument("--pages", action="store_true",
                    help="print page by page with '=== page N ===' separators")
    ap.add_argument("--metadata", action="store_true", help="print the PDF metadata first")
    ap.add_argument("--max-pages", type=int, default=DEFAULT_MAX_PAGES)
    ap.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    args = ap.parse_args(argv)
    try:
        res = pdf_to_text(args.file, max_pages=args.max_pages, max_bytes=args.max_bytes)
    except PdfError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out = sys.stdout
    try:
        if args.metadata:
            for k, v in res.metadata.items():
                out.write(f"{k}: {v}  [pdf-metadata]\n")
            out.write("\n")
        if args.pages:
            for i, p in enumerate(res.pages, 1):
                out.write(f"=== page {i} ===\n{p}\n")
        else:
            out.write(res.text + "\n")
        out.flush()
    except BrokenPipeError:          # e.g. piped into head: not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
