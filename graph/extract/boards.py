"""Boards, committees and forums named in prose; their chairs and links.

A board is found where the text names one: a board-type label from the
vocabulary ("Corporate Parenting Board", "Early help Board", "MASH",
"Overview and Scrutiny Committee"), widened left over the capitalised words
of its proper name ("Children's Service Improvement Board"), or any
capitalised name ending in Board, Committee, Forum or Panel (type "other").
Lower-case generic mentions ("the boards") are not boards. The council is
the possessive or name in front of it ("Torbay's Corporate Parenting
Board", "Torbay Children's Service Improvement Board"), else the council
named alone in the sentence, else the document's main council.

Chairs: "Steve Hart, Independent Chair of Torbay's Improvement Board",
"Stephen Hart, Independent Chair, Torbay Children's Service Improvement
Board." and "X Board, chaired by Jo Bloggs". An unnamed chair ("the Chair
of the Overview and Scrutiny Committee") gives the board, not a chair.

Links: "there is no formal link between A and B" gives
``BoardLink(linked=False)``; "a formal link between A and B" gives
``linked=True``.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Board, BoardLink, Fact, make_quote
from .people import (Context, Sentence, _bare, _name_ending, _name_at, org_before, role_mentions, vocab_api)

__all__ = ["find_boards", "board_mentions"]

_GENERIC_END = re.compile(r"\b(Board|Committee|Forum|Panel)\b")
_CAP_WORD = re.compile(r"(?:[A-Z][\w'-]*|and|of|for|&)\s+$")


def board_mentions(ctx: Context, sent: Sentence) -> list[tuple[int, int, str, str, Optional[str]]]:
    """(start, end, name, type key, org mention) in sentence offsets."""
    s = sent.text
    v = vocab_api()
    spans = []
    other = v.match("board-type", "other board")
    for a, b, key in v.find_all("board-type", s):
        if not s[a:a + 1].isupper() or key == other:  # the catch-all type is a fallback, not a name ("White Other")
            continue
        spans.append((a, b, key))
    for m in _GENERIC_END.finditer(s):
        if any(a <= m.start() < b for a, b, _ in spans):
            continue
        a = m.start()
        if not re.search(r"[A-Z][\w'-]*\s+$", s[max(0, a - 40):a]) or \
                _widen_left(s, a, ctx) == a:  # a bare "the Board" names no board
            continue
        spans.append((a, m.end(), ""))
    out = []
    for a, b, key in sorted(spans):
        a = _widen_left(s, a, ctx)
        org = None
        name_start = a
        # a council name at the front of the proper name is the organisation
        for cs, ce, cm in ctx.councils:
            # the council's name at (or running into) the front of the board's proper name
            if cs < sent.start + b and ce > sent.start + a - 1 and ce <= sent.start + b and \
                    (cs - sent.start <= a + 1 or re.fullmatch(r"[ \t]*", s[ce - sent.start:a] if ce - sent.start <= a else "")):
                org = cm
                name_start = max(a, ce - sent.start)
                name_start += len(re.match(r"(?:['’]s)?\s*", s[name_start:]).group())
        if org is None:
            p = org_before(s, a)
            if p and not p[2][:1].islower():
                org = ctx.doc.text[sent.at(p[0]):sent.at(p[1])]
        if org is None:
            here = {_bare(m, ctx) for _, _, m in _in(ctx, sent)}
            if len(here) == 1:
                org = _in(ctx, sent)[0][2]
            else:
                org = ctx.main
        name = ctx.doc.text[sent.at(name_start):sent.at(b)]
        if len(name) < 3 or (not key and len(name.split()) < 2):  # "Torbay Board" names no board
            continue
        if not key:
            key = v.match("board-type", name) or v.match("board-type", "other board") or ""
            if not key:
                continue
        elif v.match("board-type", name):
            key = v.match("board-type", name)
        out.append((name_start, b, name, key, org))
    return out


def _in(ctx: Context, sent: Sentence):
    return [(s, e, m) for s, e, m in ctx.councils if sent.start <= s and e <= sent.end]


def _widen_left(s: str, a: int, ctx: Context) -> int:
    """Extend a board name over the capitalised words in front of it."""
    for _ in range(6):
        off = max(0, a - 40)
        m = re.search(r"(?<![\w'’-])([A-Z][\w'’-]*)[ \t]+$", s[off:a])
        if not m or m.group(1) in _NOT_NAME_START:
            break
        if m.group(1).endswith("'s") and any(n in m.group(1) for n in ctx.council_names):
            break
        a = off + m.start(1)
    return a


_NOT_NAME_START = {"The", "A", "An", "In", "At", "By", "For", "Of", "To", "On", "However", "This", "That", "These",
                   "Those", "Our", "Its", "Their", "Both", "Each", "Every", "All", "Some", "Many", "Most", "New",
                   "Former", "Whilst", "While", "When", "Where", "Although", "And", "But", "Through", "With"}


def find_boards(ctx: Context) -> list[Fact]:
    out: list[Fact] = []
    boards: dict[tuple, Board] = {}
    for sent in ctx.sentences:
        try:
            ms = board_mentions(ctx, sent)
        except (ValueError, IndexError):
            continue
        q = make_quote(ctx.doc, sent.start, sent.end)
        for a, b, name, key, org in ms:
            k = (name.lower(), _bare(org, ctx) if org else None)
            chair, chair_role = _chair(ctx, sent, a, b)
            if k in boards:
                if chair and not boards[k].chair:
                    boards[k].chair, boards[k].chair_role, boards[k].quote = chair, chair_role, q
                    # a board's evidence is the sentence that names its chair, if any
                continue
            bd = Board(quote=q, by=ctx.by, name=name, type=key, org=org, chair=chair, chair_role=chair_role)
            boards[k] = bd
            out.append(bd)
        out.extend(_links(ctx, sent, ms, q))
    return out


def _chair(ctx: Context, sent: Sentence, a: int, b: int) -> tuple[Optional[str], Optional[str]]:
    s = sent.text
    for ra, rb, key in role_mentions(s):
        if "chair" not in key or rb > a:
            continue
        gap = s[rb:a]
        if not re.fullmatch(r"\s*(?:,|of|for)?\s*(?:the\s+)?(?:[A-Z][\w'-]*(?:'s)?\s+){0,4}", gap):
            continue
        m = re.search(r",\s*(?:the\s+)?$", s[max(0, ra - 10):ra])
        if m:
            p = _name_ending(s, max(0, ra - 10) + m.start(), ctx)
            if p:
                return p[2], key
        m = re.compile(r"\s*,\s*").match(s, b)
        if m:
            p = _name_at(s, m.end(), ctx)
            if p:
                return p[2], key
    m = re.compile(r",?\s*(?:is\s+|was\s+)?chaired by\s+(?:the\s+)?(?:independent\s+chair\s+)?", re.I).match(s, b)
    if m:
        p = _name_at(s, m.end(), ctx)
        if p:
            return p[2], vocab_api().match("role", "independent chair" if "independent" in m.group().lower()
                                           else "chair")
    return None, None


_LINK = re.compile(r"\b(?P<neg>no|not|lack of|absence of|without|little)\b[^.]{0,40}?\b(?:formal\s+|clear\s+|strong\s+)?"
                   r"links?\b|\b(?:a|the|strong|formal|clear)\s+(?:formal\s+)?links?\b", re.I)


def _links(ctx: Context, sent: Sentence, ms, q) -> list[BoardLink]:
    s = sent.text
    out = []
    for m in _LINK.finditer(s):
        bt = re.compile(r"\s+(?:between|with)\s+").search(s, m.end(), m.end() + 20)
        if not bt:
            continue
        after = [x for x in ms if x[0] >= bt.end()]
        if len(after) < 2:
            continue
        a, b = after[0], after[1]
        if not re.search(r"\band\b", s[a[1]:b[0]]):
            continue
        out.append(BoardLink(quote=q, by=ctx.by, board_a=a[2], board_b=b[2], org=a[4] or ctx.main,
                             linked=not m.group("neg")))
    return out
