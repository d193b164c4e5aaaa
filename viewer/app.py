"""``create_app(settings)``: the viewer's FastAPI application (no module-level state).

Routes: /sparql (protocol), /query, /id/..., /doc/<docid>/text, /explore,
/ontology, /api/... (OpenAPI schema at /openapi.json), /static/... (files, vendor assets).
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import PlainTextResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from .admission import Admission, FairLimiter
from .api import api_router
from .network import build_model
from .pages import pages_router
from .security import BodyLimit, SecurityHeaders
from .settings import Settings
from .sparql import sparql_router
from .store_holder import StoreHolder

__all__ = ["create_app"]

HERE = Path(__file__).parent


class ModelCache:
    """The explorer model of the current store, built once per store."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._key = None
        self._model = None
        self._lock = threading.Lock()

    def get(self, store):
        with self._lock:
            if self._key is not store:
                self._model = build_model(store, self.timeout)
                self._key = store
            return self._model


def _limiters(settings: Settings) -> dict[str, FairLimiter]:
    """Per-lane admission (see viewer/admission.py): the /sparql lane runs at most as many
    queries as its pool has workers, one client at most ``sparql_per_client`` of them."""
    wait = settings.query_timeout + 5.0
    return {"sparql": FairLimiter("sparql", total=settings.sparql_workers, per_client=settings.sparql_per_client,
                                  queue=settings.client_queue, wait=wait),
            "api": FairLimiter("api", total=max(8, 4 * settings.store_workers), per_client=settings.api_per_client,
                               queue=settings.client_queue, wait=wait)}


def create_app(settings: Settings | None = None, *, store=None) -> FastAPI:
    """Build the app. ``store`` injects an already open Store (tests); otherwise
    ``settings.graph`` / ``settings.endpoint`` is opened on first use."""
    settings = settings or Settings()
    holder = StoreHolder(settings, store)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    models = ModelCache(max(settings.query_timeout, 30.0))

    @asynccontextmanager
    async def lifespan(app):
        # open the stores (and start their workers) before the server accepts requests: the first
        # requests do not wait on it, and a graph that cannot be opened fails the start-up, named
        from starlette.concurrency import run_in_threadpool
        await run_in_threadpool(holder.get)
        yield
        holder.close()

    # docs_url/redoc_url off: their pages load Swagger/ReDoc from a CDN; the schema stays at /openapi.json
    app = FastAPI(title="csgkg viewer", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Read-only views of the children's services governance knowledge graph: "
                              "SPARQL 1.1 endpoint, entity pages, network explorer and a JSON API.")
    app.state.settings = settings
    app.state.store_holder = holder
    limiters = _limiters(settings)
    app.include_router(sparql_router(settings, holder, limiters["sparql"]))
    app.include_router(api_router(settings, holder, models))
    app.include_router(pages_router(settings, holder, templates, models))
    app.mount("/static", StaticFiles(directory=str(HERE / "static"), follow_symlink=False), name="static")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        wants_html = "text/html" in request.headers.get("accept", "") and not request.url.path.startswith("/api/")
        if wants_html:
            return templates.TemplateResponse(request, "error.html", {"settings": settings, "title": str(exc.status_code),
                                                                     "message": str(exc.detail)},
                                              status_code=exc.status_code)
        if request.url.path.startswith("/api/"):
            from fastapi.responses import JSONResponse
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return PlainTextResponse(f"{exc.status_code}: {exc.detail}\n", status_code=exc.status_code)

    from graph.store import QueryTimeout, StoreError

    @app.exception_handler(QueryTimeout)
    async def timed_out(request: Request, exc: QueryTimeout):
        return await http_error(request, StarletteHTTPException(503, f"look-up stopped at the time limit: {exc}"))

    @app.exception_handler(StoreError)
    async def store_failed(request: Request, exc: StoreError):
        return await http_error(request, StarletteHTTPException(502 if settings.endpoint else 500,
                                                                f"store error: {exc}"))

    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type", "Accept"], allow_credentials=False)
    app.add_middleware(Admission, limiters={"api": limiters["api"]})  # /sparql admits in its endpoint
    app.add_middleware(BodyLimit, limit=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders)
    return app
