"""Remote engine: SPARQL 1.1 Protocol over HTTP (httpx).

The query is POSTed as a form; the server picks the result format from our
Accept header (SPARQL JSON for SELECT/ASK, N-Triples or Turtle for graphs).
The union-default-graph behaviour is the server's: configure it so (for
Oxigraph, ``oxigraph serve --union-default-graph``).
"""
from __future__ import annotations

import httpx

from .store_backends import QueryError, QueryTimeout, StoreError
from .store_terms import RawResult, encode_json_binding, encode_ox, encode_rdflib

__all__ = ["RemoteBackend"]

ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, "
    "text/turtle;q=0.8, application/n-quads;q=0.7"
)


class RemoteBackend:
    engine = "remote"

    def __init__(self, endpoint: str, *, client: httpx.Client | None = None) -> None:
        if not endpoint.startswith(("http://", "https://")):
            raise StoreError(f"endpoint must be an http(s) URL, got {endpoint!r}")
        self.endpoint = endpoint
        self.client = client or httpx.Client()

    def run(self, sparql: str, timeout: float | None = None, max_rows: int | None = None) -> RawResult:
        """Answer ``sparql`` on the endpoint; ``max_rows`` cuts the answer to ``max_rows + 1``
        rows (or triples) once received: the server decides how much it sends."""
        raw = self._run(sparql, timeout)
        if max_rows is not None:
            raw.rows = raw.rows[: max_rows + 1]
            raw.triples = raw.triples[: max_rows + 1]
        return raw

    def _run(self, sparql: str, timeout: float | None) -> RawResult:
        try:
            r = self.client.post(
                self.endpoint,
                data={"query": sparql},
                headers={"Accept": ACCEPT},
                timeout=timeout,
            )
        except httpx.TimeoutException as e:
            raise QueryTimeout(f"query stopped at the {timeout:g} s time limit ({self.endpoint})") from e
        except httpx.HTTPError as e:
            raise StoreError(f"{self.endpoint}: {type(e).__name__}: {e}") from e
        if r.status_code == 400:
            raise QueryError(f"{self.endpoint} rejected the query: {r.text.strip()[:500]}")
        if r.status_code >= 300:
            raise StoreError(f"{self.endpoint}: HTTP {r.status_code}: {r.text.strip()[:500]}")
        ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype in ("application/sparql-results+json", "application/json"):
            data = r.json()
            if "boolean" in data:
                return RawResult("ask", boolean=bool(data["boolean"]))
            names = list(data["head"].get("vars", []))
            rows = [
                tuple(encode_json_binding(b.get(v)) for v in names)
                for b in data["results"]["bindings"]
            ]
            return RawResult("select", vars=names, rows=rows)
        if ctype in ("application/n-triples", "application/n-quads"):
            import pyoxigraph as ox

            fmt = ox.RdfFormat.N_TRIPLES if ctype.endswith("triples") else ox.RdfFormat.N_QUADS
            triples = [
                (encode_ox(q.subject), encode_ox(q.predicate), encode_ox(q.object))
                for q in ox.parse(r.content, format=fmt)
            ]
            return RawResult("graph", triples=triples)
        if ctype == "text/turtle":
            from rdflib import Graph

            g = Graph().parse(data=r.text, format="turtle")
            return RawResult("graph", triples=[tuple(encode_rdflib(x) for x in t) for t in g])
        raise StoreError(f"{self.endpoint}: unexpected response type {ctype!r}")

    def close(self) -> None:
        self.client.close()
