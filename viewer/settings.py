"""Viewer settings: one frozen object passed to ``create_app`` (no globals)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Settings", "REPO_ROOT"]

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """What the viewer serves and how much it will do per request.

    graph: build folder or dataset file read through ``graph.store.open_store``.
    endpoint: a remote SPARQL 1.1 query URL; when set, ``graph`` is ignored.
    texts_dir: document texts (default: the store's ``texts/``).
    query_timeout: seconds a SPARQL query may run before it is stopped.
    result_cap: most rows (or triples) one response carries.
    max_request_bytes: largest request body / query string accepted.
    cors_origins: origins allowed to call the API from a browser (closed by default).
    allow_service: whether SPARQL ``SERVICE`` (federated calls out) is allowed.
    store_workers: worker processes that run the pages' and the explorer API's own look-ups.
    sparql_workers: worker processes of the public /sparql endpoint: a pool of its own, so
        user-written queries (killed at query_timeout) never hold the explorer's workers.
    sparql_per_client: /sparql queries one client may have running (its others wait in line).
    sparql_nice: CPU nice value of the /sparql worker processes (0: same as the server), so a
        runaway user query yields the CPU to the explorer on a small machine.
    api_per_client: page and API requests one client may have running.
    client_queue: requests of one client that may wait per lane; past that, 429.
    view_cache: entity views and search answers kept per build (the graph of a build never changes).
    """

    graph: str | Path = "out"
    endpoint: str | None = None
    base_iri: str = "https://w3id.org/csgkg/"
    texts_dir: str | Path | None = None
    query_timeout: float = 10.0
    result_cap: int = 10_000
    max_request_bytes: int = 100_000
    cors_origins: tuple[str, ...] = ()
    allow_service: bool = False
    store_workers: int = 2
    sparql_workers: int = 2
    sparql_per_client: int = 1
    sparql_nice: int = 10
    api_per_client: int = 4
    client_queue: int = 8
    view_cache: int = 2048
    queries_dir: Path = field(default=REPO_ROOT / "queries")
    ontology_dir: Path = field(default=REPO_ROOT / "ontology")

    def __post_init__(self) -> None:
        problems = []
        if self.query_timeout <= 0:
            problems.append(f"query_timeout must be > 0 seconds, got {self.query_timeout}")
        if self.result_cap < 1:
            problems.append(f"result_cap must be >= 1, got {self.result_cap}")
        if self.max_request_bytes < 1024:
            problems.append(f"max_request_bytes must be >= 1024, got {self.max_request_bytes}")
        if not self.base_iri.endswith("/"):
            problems.append(f"base_iri must end with '/', got {self.base_iri!r}")
        for name in ("store_workers", "sparql_workers", "sparql_per_client", "api_per_client"):
            if getattr(self, name) < 1:
                problems.append(f"{name} must be >= 1, got {getattr(self, name)}")
        for name in ("client_queue", "view_cache"):
            if getattr(self, name) < 0:
                problems.append(f"{name} must be >= 0, got {getattr(self, name)}")
        if problems:
            raise ValueError("invalid viewer Settings: " + "; ".join(problems))

    @property
    def id_base(self) -> str:
        """Namespace of minted resources, e.g. https://w3id.org/csgkg/id/."""
        return self.base_iri + "id/"
