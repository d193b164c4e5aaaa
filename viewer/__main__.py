"""``python -m viewer --port 8000 [--graph out] [--host 127.0.0.1]``: serve the last build."""
from __future__ import annotations

import argparse
import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m viewer", description="Serve the csgkg viewer over a built graph.")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--host", default="127.0.0.1", help="interface to bind (default: loopback only)")
    p.add_argument("--graph", default="out", help="build folder or dataset file (default: out)")
    p.add_argument("--endpoint", default=None, help="serve a remote SPARQL 1.1 endpoint instead of --graph")
    p.add_argument("--timeout", type=float, default=10.0, help="SPARQL time limit in seconds (default 10)")
    p.add_argument("--result-cap", type=int, default=10_000, help="most rows/triples per response")
    p.add_argument("--workers", type=int, default=2, help="worker processes for the pages and the API (default 2)")
    p.add_argument("--sparql-workers", type=int, default=2,
                   help="worker processes for /sparql, a pool of their own (default 2)")
    p.add_argument("--sparql-per-client", type=int, default=1, help="/sparql queries one client may run at once")
    p.add_argument("--sparql-nice", type=int, default=10,
                   help="CPU nice value of the /sparql worker processes (default 10; 0 = as the server)")
    p.add_argument("--cors-origin", action="append", default=[], help="allow this browser origin (repeatable)")
    p.add_argument("--allow-service", action="store_true", help="allow SPARQL SERVICE (federated) queries")
    args = p.parse_args(argv)

    from pathlib import Path

    import uvicorn

    from .app import create_app
    from .settings import Settings

    if args.endpoint is None and not Path(args.graph).exists():
        print(f"python -m viewer: --graph {args.graph}: no such build folder or file (run build_graph.py first?)",
              file=sys.stderr)
        return 2
    vendor = Path(__file__).parent / "static" / "vendor"
    if not (vendor / "vis-network" / "vis-network.min.js").is_file():
        print("python -m viewer: warning: browser assets missing; run `bash scripts/install_viewer_assets.sh` "
              "(the explorer and the query editor need them)", file=sys.stderr)
    settings = Settings(graph=args.graph, endpoint=args.endpoint, query_timeout=args.timeout,
                        result_cap=args.result_cap, store_workers=args.workers,
                        sparql_workers=args.sparql_workers, sparql_per_client=args.sparql_per_client,
                        sparql_nice=args.sparql_nice,
                        cors_origins=tuple(args.cors_origin), allow_service=args.allow_service)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
