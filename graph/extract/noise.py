"""Boilerplate in web text, sentence spans of the prose, and header metadata.

News pages arrive with photo credits, radio "now playing" lines, "More
from ..." links, comment-section boilerplate and reporters' bylines. None of
them states a governance fact, yet each contains capitalised names that a
person pattern would happily take for a post-holder. This module finds those
spans so the prose extractors skip them (``sentences`` never yields a span
that overlaps noise), and reads what the byline and header *do* tell: the
document's creator, publisher, date and title (``metadata``).

>>> t = "Headline here\\n\\nBy Jo Bloggs | 3 March 2019\\n\\nThe council said so."
>>> [t[s:e] for s, e in sentences(t)]
['Headline here', 'The council said so.']
>>> m = metadata(t)
>>> (m["title"], m["creator"], m["published"].literal)
('Headline here', 'Jo Bloggs', '2019-03-03')
"""
from __future__ import annotations

import re
from typing import Optional

from .. import temporal

__all__ = ["noise_spans", "is_noise", "sentences", "metadata", "lines"]

_NAME = r"[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,3}"

# Each pattern matches a whole line (or the part of a line) that is noise.
_LINE_NOISE = [
    ("photo-credit", re.compile(r"(?:Photo|Picture|Image|Credit|Photograph)\s*(?:credit)?\s*:\s*[^\n]{0,200}", re.I)),
    ("radio", re.compile(r"Listen Live[^\n]{0,300}|On Air Now[^\n]{0,300}|Now Playing[^\n]{0,300}", re.I)),
    ("more-from", re.compile(r"^[ \t]*More from [^\n]{0,120}$", re.M)),
    ("comments", re.compile(r"Comments are closed\.?|blog comments powered by Disqus|Leave a (?:comment|reply)[^\n]{0,80}|"
                            r"Share this (?:article|story)[^\n]{0,80}", re.I)),
    ("byline", re.compile(rf"^[ \t]*By\s+{_NAME}(?:\s*(?:,|\|)[^\n]{{0,120}})?$", re.M)),
    ("dateline", re.compile(r"^[ \t]*\|?[ \t]*(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?\d{1,2}(?:st|nd|rd|th)?\s+"
                            r"[A-Z][a-z]+\.?,?\s+(?:19|20)\d\d\.?(?:\s+\d{1,2}:\d\d)?[ \t]*$", re.M)),
    ("bar", re.compile(r"^[ \t]*\|[ \t]*$", re.M)),
]

_PUBLISHER_FROM_MORE = re.compile(r"^[ \t]*More from ([A-Z][^\n]{1,60}?)[ \t]*$", re.M)
_BYLINE = re.compile(rf"^[ \t]*By\s+({_NAME}?)\s*(?:(?:,|\|)\s*([^\n|]{{0,120}}?))?[ \t]*$", re.M)
_GENERIC_SECTIONS = re.compile(r"^(?:Local|National|World|UK|Regional)?\s*(?:News|Sport|Business|Politics)$", re.I)


def noise_spans(text: str) -> list[tuple[int, int, str]]:
    """Spans (start, end, reason) of boilerplate that carries no governance fact."""
    out = []
    for reason, rx in _LINE_NOISE:
        for m in rx.finditer(text):
            if m.end() > m.start():
                out.append((m.start(), m.end(), reason))
    return sorted(out)


def is_noise(spans: list[tuple[int, int, str]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any noise span."""
    return any(s < end and start < e for s, e, _ in spans)


def lines(text: str):
    """(start, end) of every non-blank line."""
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            yield m.start(), m.end()


_SPLIT = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[\"“‘'(]?[A-Z0-9])|(?<=[.!?][”\"’'])\s*(?=[A-Z])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|No|Cllr|Prof|Rev|i\.e|e\.g|etc|vs|approx)\.|\b[A-Z]\.)$")


def sentences(text: str, noise: Optional[list] = None) -> list[tuple[int, int]]:
    """Sentence spans of the prose, leaving out noise.

    Splits lines at sentence punctuation (not after common abbreviations or
    initials), then trims the parts of each sentence that are noise (a photo
    credit glued to the end of a caption sentence keeps its sentence).
    """
    noise = noise_spans(text) if noise is None else noise
    out = []
    for ls, le in lines(text):
        start = ls
        parts = []
        for m in _SPLIT.finditer(text, ls, le):
            if _ABBREV.search(text, max(ls, m.start() - 6), m.start()):
                continue
            parts.append((start, m.start()))
            start = m.end()
        parts.append((start, le))
        for s, e in parts:
            for a, b in _minus_noise(s, e, noise):
                while a < b and text[a].isspace():
                    a += 1
                while b > a and text[b - 1].isspace():
                    b -= 1
                if b - a > 1 and re.search(r"\w", text[a:b]):
                    out.extend(_chunks(text, a, b))
    return out


MAX_SENTENCE = 3000


def _chunks(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A run-on "sentence" longer than MAX_SENTENCE (a page without full stops) is cut at
    white space into pieces of at most that size, so per-sentence patterns stay linear."""
    out = []
    while b - a > MAX_SENTENCE:
        cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
        cut = cut if cut > a else a + MAX_SENTENCE
        out.append((a, cut))
        a = cut
        while a < b and text[a].isspace():
            a += 1
    if b > a:
        out.append((a, b))
    return out


def _minus_noise(s: int, e: int, noise) -> list[tuple[int, int]]:
    pieces = [(s, e)]
    for ns, ne, _ in noise:
        if ne <= s or ns >= e:
            continue
        nxt = []
        for a, b in pieces:
            if ne <= a or ns >= b:
                nxt.append((a, b))
                continue
            if a < ns:
                nxt.append((a, ns))
            if ne < b:
                nxt.append((ne, b))
        pieces = nxt
    return pieces


def metadata(text: str) -> dict:
    """Creator, publisher, published date and title the text itself shows.

    * creator/publisher from a byline ("By Ed Oldfield, Local Democracy
      Reporting Service", "By Neil Puffett | 18 September 2018");
    * publisher also from a trailing "More from <publisher>" (generic
      section names such as "Local News" are not publishers);
    * published from a dateline near the top ("Sunday, 27 October 2019
      08:00", "| 18 September 2018"), else a date standing alone as the last
      line (a signed review's "2 August 2021.");
    * title: the first prose line near the top that is not noise and is not
      a sentence ending in a full stop (a headline); a short heading followed
      by a short "A review of ..." subtitle gives "heading: subtitle".
    Only what is shown is returned; absent fields are left out.
    """
    out: dict = {}
    head = text[:3000]
    b = _BYLINE.search(head)
    if b:
        creator = b.group(1).strip()
        if creator:
            out["creator"] = creator
        rest = (b.group(2) or "").strip()
        if rest and not temporal.find_dates(rest) and not re.search(r"\d", rest):
            out["publisher"] = rest
        elif rest:
            d = temporal.parse(rest)
            if d and d.precision == "day":
                out["published"] = d
    if "publisher" not in out:
        for m in _PUBLISHER_FROM_MORE.finditer(text):
            name = m.group(1).strip()
            if not _GENERIC_SECTIONS.match(name):
                out["publisher"] = name
                break
    if "published" not in out:
        for m in _LINE_NOISE[5][1].finditer(head):
            d = temporal.parse(m.group())
            if d and d.precision == "day":
                out["published"] = d
                break
    if "published" not in out:
        tail = [text[s:e].strip() for s, e in lines(text)][-1:] if text.strip() else []
        if tail and len(tail[0]) < 40:
            d = temporal.parse(tail[0])
            if d and d.precision == "day" and re.fullmatch(r"[\w ,]*\d{4}\.?", tail[0]):
                out["published"] = d
    noise = noise_spans(text)
    head_lines = list(lines(text))[:4]
    for k, (s, e) in enumerate(head_lines[:3]):
        line = text[s:e].strip()
        if is_noise(noise, s, e) or len(line) > 200 or len(line) < 4:
            continue
        if line.endswith(".") or line.endswith(":"):
            continue
        out["title"] = line
        # a short heading over a short subtitle ("X Children's Services" / "A review of ...")
        if k + 1 < len(head_lines) and len(line) <= 60:
            s2, e2 = head_lines[k + 1]
            sub = text[s2:e2].strip()
            if not is_noise(noise, s2, e2) and len(sub) <= 80 and not sub.endswith((".", ":")) and \
                    re.match(r"(?:A|An|The)\s", sub):
                out["title"] = f"{line}: {sub}"
        break
    return out
