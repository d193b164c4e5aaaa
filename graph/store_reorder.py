"""Move required triple patterns ahead of OPTIONAL / BIND / MINUS (a safe, textual rewrite).

Why: pyoxigraph 0.5 evaluates a required pattern that follows an OPTIONAL
(or a BIND, or a MINUS) in the same group as a nested loop over the whole
left side: the contract query ``findings.rq`` took 345 s on 100k triples
written that way, 2.6 s with its ``?ev oa:hasTarget/oa:hasSource ?source``
moved before the OPTIONALs; a competency query with two BINDs before its
quote patterns went from over 30 s to 0.7 s. SPARQL lets a block move
there when that gives the same answers:

    { A  OPTIONAL { B }  ...  C }   ==   { A  C  OPTIONAL { B }  ... }

(likewise for ``BIND(e AS ?v)`` and ``MINUS { B }``) if every variable ``C``
shares with what lies between (``B``, ``e``, ``?v``, ...) is certainly bound
by ``A`` (here: appears in a plain triple block of ``A``). FILTERs apply to
the whole group wherever they stand, so they never block a move. Anything this module does not fully
understand (SERVICE, sub-SELECTs at the same level, unbalanced text) leaves
the query as it was. Only the outermost WHERE group is rewritten.
"""
from __future__ import annotations

import re

__all__ = ["reorder_optionals"]

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<number>[+-]?(?:\d*\.\d+|\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*(?::[^\s{}()\[\];,.]*(?:\.[^\s{}()\[\];,.]+)*)?|:[^\s{}()\[\];,.]*)
  | (?P<punct>[{}()\[\];,.])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_OPEN = {"{": "}", "(": ")", "[": "]"}
_BLOCKERS = {"SERVICE", "SELECT"}
_BARRIERS = {"optional", "bind", "minus"}  # what pyoxigraph joins later patterns to by nested loop


def _tokens(text: str) -> list[tuple[str, str, int, int]]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append((kind, m.group(), m.start(), m.end()))
    return out


def _match(tokens, i: int) -> int:
    """Index of the bracket closing the one at ``i`` (or -1)."""
    stack = []
    for j in range(i, len(tokens)):
        v = tokens[j][1]
        if tokens[j][0] == "punct" and v in _OPEN:
            stack.append(_OPEN[v])
        elif tokens[j][0] == "punct" and v in ")}]":
            if not stack or stack.pop() != v:
                return -1
            if not stack:
                return j
    return -1


def _elements(tokens, lo: int, hi: int):
    """Split the tokens strictly inside a group (lo, hi exclusive) into
    (kind, first token, last token) elements. kind: triples, optional,
    filter, other. Returns None when something is not understood."""
    els = []
    i = lo
    while i < hi:
        kind, v, _, _ = tokens[i]
        up = v.upper() if kind == "word" else None
        if kind == "punct" and v == ".":
            i += 1
            continue
        if up in _BLOCKERS:
            return None
        if up == "OPTIONAL":
            if i + 1 >= hi or tokens[i + 1][1] != "{":
                return None
            j = _match(tokens, i + 1)
            if j < 0 or j >= hi:
                return None
            els.append(("optional", i, j))
            i = j + 1
            continue
        if up == "FILTER":
            j = i + 1
            if j < hi and tokens[j][0] == "word" and tokens[j][1].upper() == "NOT":
                j += 1
            if j < hi and tokens[j][0] == "word" and tokens[j][1].upper() == "EXISTS":
                j += 1
            elif j < hi and tokens[j][0] == "word":  # FILTER regex(...), FILTER BOUND(...)
                j += 1
            if j >= hi or tokens[j][1] not in ("(", "{"):
                return None
            k = _match(tokens, j)
            if k < 0 or k >= hi:
                return None
            els.append(("filter", i, k))
            i = k + 1
            continue
        if up in ("BIND", "MINUS", "GRAPH", "VALUES") or (kind == "punct" and v == "{"):
            # BIND(...), MINUS {...}, GRAPH term {...}, VALUES ... {...}, {...} [UNION {...}]*
            j = i
            if up == "BIND":
                j = i + 1
            else:
                while j < hi and tokens[j][1] not in ("{", "("):
                    j += 1
                if up == "VALUES" and j < hi and tokens[j][1] == "(":
                    k = _match(tokens, j)
                    if k < 0:
                        return None
                    j = k + 1
            if j >= hi or tokens[j][1] not in ("(", "{"):
                return None
            k = _match(tokens, j)
            if k < 0 or k >= hi:
                return None
            while k + 1 < hi and tokens[k + 1][0] == "word" and tokens[k + 1][1].upper() == "UNION":
                if k + 2 >= hi or tokens[k + 2][1] != "{":
                    return None
                k = _match(tokens, k + 2)
                if k < 0 or k >= hi:
                    return None
            els.append((up.lower() if up in ("BIND", "MINUS") else "other", i, k))
            i = k + 1
            continue
        # a triples block: up to a '.' at depth 0 or the next keyword/group
        j = i
        depth = 0
        while j < hi:
            kj, vj = tokens[j][0], tokens[j][1]
            if kj == "punct" and vj in "([":
                depth += 1
            elif kj == "punct" and vj in ")]":
                depth -= 1
            elif depth == 0 and kj == "punct" and vj in ".{}":
                break
            elif depth == 0 and kj == "word" and vj.upper() in (
                    "OPTIONAL", "FILTER", "BIND", "MINUS", "GRAPH", "VALUES", "SERVICE", "UNION", "SELECT"):
                break
            j += 1
        if j == i or depth != 0:
            return None
        els.append(("triples", i, j - 1))
        i = j
    return els


def _vars(tokens, a: int, b: int) -> set[str]:
    return {tokens[k][1][1:] for k in range(a, b + 1) if tokens[k][0] == "var"}


def reorder_optionals(query: str) -> str:
    """The query with movable required triple blocks placed before the first
    OPTIONAL, BIND or MINUS of the outermost WHERE group; unchanged when
    nothing moves or the text is not understood."""
    try:
        tokens = _tokens(query)
    except re.error:  # pragma: no cover
        return query
    # the outermost WHERE group: first '{' after WHERE, or after SELECT/ASK/CONSTRUCT's template
    start = None
    for i, (kind, v, _, _) in enumerate(tokens):
        if kind == "word" and v.upper() == "WHERE":
            if i + 1 < len(tokens) and tokens[i + 1][1] == "{":
                start = i + 1
            break
    if start is None:
        return query
    end = _match(tokens, start)
    if end < 0:
        return query
    els = _elements(tokens, start + 1, end)
    if not els:
        return query
    first_opt = next((n for n, e in enumerate(els) if e[0] in _BARRIERS), None)
    if first_opt is None:
        return query
    certain: set[str] = set()
    for kind, a, b in els[:first_opt]:
        if kind == "triples":
            certain |= _vars(tokens, a, b)
    moved, kept = [], list(els[:first_opt])
    between: set[str] = set()  # variables of what stays after the first OPTIONAL
    for kind, a, b in els[first_opt:]:
        vs = _vars(tokens, a, b)
        if kind == "triples" and not ((vs & between) - certain):
            moved.append((kind, a, b))
            certain |= vs
            continue
        if kind != "filter":
            between |= vs
        kept.append((kind, a, b))
    if not moved:
        return query
    order = kept[:first_opt] + moved + kept[first_opt:]

    def text(e):
        return query[tokens[e[1]][2]:tokens[e[2]][3]]

    body = "\n  ".join(text(e) + (" ." if e[0] == "triples" else "") for e in order)
    return query[:tokens[start][3]] + "\n  " + body + "\n" + query[tokens[end][2]:]
