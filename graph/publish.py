"""Publish a dataset file to any SPARQL 1.1 server (Graph Store HTTP Protocol).

Each named graph is sent with ``PUT <store>?graph=<iri>`` (replacing what
the server held under that name), then the default graph with
``PUT <store>?default``. The default graph sent is the merged view: the set
union of every graph in the file (each triple once), so a server queried
without any union-default-graph setting answers like ``graph.store`` does.
Pass ``default="keep"`` to send only the file's own default graph, or
``default="skip"`` to leave the server's default graph alone.

    python -m graph.publish out/graph.trig http://127.0.0.1:7878/store

For Oxigraph the Graph Store endpoint is ``/store`` and the query endpoint
``/query``; open the result with ``open_store(endpoint=".../query")``.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import httpx

__all__ = ["publish", "PublishError", "main"]

_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".nquads": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES"}


class PublishError(RuntimeError):
    """The server refused a graph (names the graph, the status and its answer)."""


def _read(path: Path):
    """Quads of the file grouped by graph: {graph IRI or None (default): [triples]}."""
    import pyoxigraph as ox

    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown dataset file type {path.suffix!r}; expected one of "
                         f"{', '.join(sorted(_FORMATS))}")
    graphs: dict = defaultdict(list)
    try:
        for q in ox.parse(path=str(path), format=getattr(ox.RdfFormat, fmt)):
            g = q.graph_name
            key = None if isinstance(g, ox.DefaultGraph) else g.value
            graphs[key].append(ox.Triple(q.subject, q.predicate, q.object))
    except SyntaxError as e:
        raise ValueError(f"{path}: parse error: {e}") from e
    return graphs


def _body(triples) -> bytes:
    import pyoxigraph as ox

    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def publish(dataset: str | Path, store_url: str, *, default: str = "union",
            client: httpx.Client | None = None, timeout: float = 120.0) -> dict[str, int]:
    """PUT every graph of ``dataset`` to the Graph Store endpoint ``store_url``.

    Returns {graph IRI or "default": number of triples sent}. Raises
    PublishError on the first graph the server refuses, FileNotFoundError /
    ValueError for a missing or unreadable file."""
    if default not in ("union", "keep", "skip"):
        raise ValueError(f"default must be 'union', 'keep' or 'skip', got {default!r}")
    path = Path(dataset)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: dataset file not found")
    if not store_url.startswith(("http://", "https://")):
        raise ValueError(f"store_url must be an http(s) URL, got {store_url!r}")
    graphs = _read(path)
    own = client is None
    client = client or httpx.Client(timeout=timeout)
    sent: dict[str, int] = {}
    headers = {"Content-Type": "application/n-triples"}

    def put(params: dict, triples, name: str) -> None:
        try:
            r = client.put(store_url, params=params, content=_body(triples), headers=headers, timeout=timeout)
        except httpx.HTTPError as e:
            raise PublishError(f"{store_url}: PUT {name}: {type(e).__name__}: {e}") from e
        if r.status_code not in (200, 201, 204):
            raise PublishError(f"{store_url}: PUT {name}: HTTP {r.status_code}: {r.text.strip()[:300]}")
        sent[name] = len(triples)

    try:
        for g in sorted(k for k in graphs if k is not None):
            put({"graph": g}, graphs[g], g)
        if default == "union":
            seen = {}
            for triples in graphs.values():
                for t in triples:
                    seen.setdefault(t, None)
            put({"default": ""}, list(seen), "default")
        elif default == "keep" and None in graphs:
            put({"default": ""}, graphs[None], "default")
    finally:
        if own:
            client.close()
    return sent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m graph.publish", description=__doc__.split("\n\n")[0])
    ap.add_argument("dataset", type=Path, help="a .trig / .nq file (e.g. out/graph.trig)")
    ap.add_argument("store_url", help="Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store")
    ap.add_argument("--default", choices=("union", "keep", "skip"), default="union",
                    help="default graph to send: merged union (default), the file's own, or none")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    try:
        sent = publish(args.dataset, args.store_url, default=args.default, timeout=args.timeout)
    except (PublishError, ValueError, FileNotFoundError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(f"published {len(sent)} graphs, {sum(sent.values())} triples to {args.store_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
