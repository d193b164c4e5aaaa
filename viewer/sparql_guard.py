"""Read-only and no-federation checks on a SPARQL request, before any engine sees it.

Why a token scan rather than a full parse: SPARQL keywords are reserved words,
so after stripping comments, strings, IRIs, variables and prefixed names, any
remaining bare word INSERT, DELETE, LOAD, ... can only be an update operation,
and SERVICE only a federated call. The engine parses the query afterwards and
reports syntax errors itself; the store interface only runs queries, so this
check is the clear message in front of a second guarantee.
"""
from __future__ import annotations

import re

__all__ = ["Refused", "check_query", "UPDATE_KEYWORDS"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

_TOKEN = re.compile(
    r'''(?P<comment>\#[^\n\r]*)
      | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
      | (?P<pname>[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*:[\w.:%\-\u00B7-\uFFFF]*|:[\w.:%\-\u00B7-\uFFFF]*)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<other>.)''',
    re.VERBOSE | re.DOTALL,
)


class Refused(Exception):
    """A request the endpoint will not run; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def keywords(text: str) -> list[str]:
    """Bare words of a SPARQL text (upper-cased), ignoring comments, strings, IRIs and names."""
    return [m.group("word").upper() for m in _TOKEN.finditer(text) if m.lastgroup == "word"]


def check_query(text: str, *, allow_service: bool) -> None:
    """Raise Refused when ``text`` is an update or uses SERVICE while that is not allowed."""
    if not text or not text.strip():
        raise Refused(400, "empty query: pass a SPARQL query in the 'query' parameter or the request body")
    words = keywords(text)
    updates = sorted(UPDATE_KEYWORDS.intersection(words))
    if updates:
        raise Refused(403, "this endpoint is read-only: SPARQL Update operations "
                           f"({', '.join(updates)}) are not accepted; use SELECT, ASK, CONSTRUCT or DESCRIBE")
    if not allow_service and "SERVICE" in words:
        raise Refused(403, "federated queries (SERVICE) are disabled on this endpoint")
