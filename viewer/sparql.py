"""SPARQL 1.1 Protocol endpoint (/sparql), read-only, over the store interface.

Query via GET ?query=, POST application/x-www-form-urlencoded (query=...),
or POST application/sparql-query (the body). Results by content negotiation
(or ?format=): SPARQL JSON / XML / CSV / TSV for SELECT and ASK; Turtle,
N-Triples, JSON-LD for CONSTRUCT and DESCRIBE. Updates and SERVICE are refused
before the engine sees them; the engine's time limit (a killed worker) and the
result cap come from Settings. See viewer/README.md for why this is not
rdflib-endpoint's router.
"""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from .negotiate import FORMAT_ALIASES, GRAPH_TYPES, RESULT_TYPES, choose
from .results import MEDIA, serialise_ask, serialise_graph, serialise_select
from .admission import Busy
from .sparql_guard import Refused, check_query

__all__ = ["sparql_router", "run_query"]


def _error(status: int, message: str) -> PlainTextResponse:
    return PlainTextResponse(message + "\n", status_code=status)


async def _extract(request: Request) -> tuple[str, str | None]:
    """(query text, explicit ?format=) from any of the three protocol operations."""
    params = request.query_params
    fmt = params.get("format")
    if "update" in params:
        raise Refused(403, "this endpoint is read-only: the 'update' parameter is not accepted")
    if request.method == "GET":
        queries = params.getlist("query")
    else:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise Refused(400, "form body is not UTF-8")
            if "update" in form:
                raise Refused(403, "this endpoint is read-only: the 'update' parameter is not accepted")
            queries = form.get("query", []) + params.getlist("query")
            fmt = fmt or (form.get("format") or [None])[0]
        elif ctype == "application/sparql-query":
            try:
                queries = [body.decode("utf-8")]
            except UnicodeDecodeError:
                raise Refused(400, "query body is not UTF-8")
        elif ctype == "application/sparql-update":
            raise Refused(403, "this endpoint is read-only: application/sparql-update requests are not accepted")
        else:
            raise Refused(415, f"unsupported Content-Type {ctype or '(none)'!r}: use application/sparql-query "
                               "or application/x-www-form-urlencoded")
    if len(queries) != 1:
        raise Refused(400, "pass exactly one 'query' parameter" if queries else "missing 'query' parameter")
    if params.getlist("default-graph-uri") or params.getlist("named-graph-uri"):
        raise Refused(400, "default-graph-uri / named-graph-uri are not supported: the dataset is fixed "
                           "(union of all named graphs as default graph; GRAPH ?g sees the named graphs)")
    return queries[0], fmt


def run_query(store, text: str, settings):
    """Check and run one query in the calling thread; raises Refused with the HTTP status to send."""
    from graph.store import QueryError, QueryTimeout, StoreError

    if len(text.encode("utf-8")) > settings.max_request_bytes:
        raise Refused(413, f"query longer than the {settings.max_request_bytes}-byte limit")
    check_query(text, allow_service=settings.allow_service)
    try:
        return store.query(text, timeout=settings.query_timeout, max_rows=settings.result_cap)
    except QueryTimeout as e:
        raise Refused(503, f"query stopped: it ran past the {settings.query_timeout:g} s time limit ({e})")
    except QueryError as e:
        raise Refused(400, f"malformed query: {e}")
    except StoreError as e:
        raise Refused(502 if settings.endpoint else 500, f"store error: {e}")


class _NotCached(Exception):
    """Carries an answer that must not be kept (an error, or too large to cache)."""

    def __init__(self, response) -> None:
        self.response = response


MAX_CACHED_BODY = 2 * 1024 * 1024


def _answer(store, text: str, fmt: str | None, accept: str | None, settings) -> tuple[int, bytes, str, dict]:
    """Run, negotiate and serialise one query, in a worker thread (serialising a large answer must not
    hold up the event loop). The graph of a build never changes, so a good answer is cached per
    build by the caller; refusals and negotiation failures raise and are not cached."""
    res = run_query(store, text, settings)
    offered = GRAPH_TYPES if res.kind == "graph" else RESULT_TYPES
    default = "turtle" if res.kind == "graph" else "json"
    if fmt:
        key = FORMAT_ALIASES.get(fmt.lower())
        if key not in offered.values():
            raise Refused(406, f"format {fmt!r} is not available for a {res.kind} result; "
                               f"choose one of {', '.join(sorted(set(offered.values())))}")
    else:
        picked = choose(accept, offered, default)
        if picked is None:
            raise Refused(406, f"none of the accepted types fit a {res.kind} result; offered: "
                               f"{', '.join(offered)}")
        key = picked[1]
    headers = {"Vary": "Accept"}
    if res.kind == "select":
        rows = res.rows
        if len(rows) > settings.result_cap:
            rows = rows[: settings.result_cap]
            headers["X-Result-Truncated"] = f"more than {settings.result_cap} rows: cut to the cap of {settings.result_cap}"
        body = serialise_select(key, res.vars, rows)
    elif res.kind == "ask":
        body = serialise_ask(key, res.boolean)
    else:
        graph = res.graph
        if len(graph) > settings.result_cap:
            from rdflib import Graph

            cut = Graph()
            for i, t in enumerate(sorted(graph)):
                if i >= settings.result_cap:
                    break
                cut.add(t)
            headers["X-Result-Truncated"] = f"more than {settings.result_cap} triples: cut to the cap of {settings.result_cap}"
            graph = cut
        body = serialise_graph(key, graph)
    if isinstance(body, str):
        body = body.encode("utf-8")
    response = (200, body, MEDIA[key], headers)
    if len(body) > MAX_CACHED_BODY:
        raise _NotCached(response)
    return response


def _openapi(method: str) -> dict:
    """The protocol's parameters, bodies and answers, for the OpenAPI schema."""
    text = {"schema": {"type": "string"}}
    fmt = {"name": "format", "in": "query", "required": False,
           "schema": {"type": "string", "enum": sorted(FORMAT_ALIASES)},
           "description": "result format instead of the Accept header"}
    answers = {
        "200": {"description": "the results", "content": {m: text for m in sorted(set(RESULT_TYPES) | set(GRAPH_TYPES))}},
        "303": {"description": "a browser without a query is sent to the query page"},
        "400": {"description": "malformed query or parameters", "content": {"text/plain": text}},
        "403": {"description": "an update or (when disabled) SERVICE", "content": {"text/plain": text}},
        "406": {"description": "no acceptable result format", "content": {"text/plain": text}},
        "413": {"description": "query over the size limit", "content": {"text/plain": text}},
        "415": {"description": "unsupported Content-Type", "content": {"text/plain": text}},
        "429": {"description": "too many queries from this client at once", "content": {"text/plain": text}},
        "503": {"description": "stopped at the time limit, or busy", "content": {"text/plain": text}},
    }
    if method == "GET":
        return {"parameters": [{"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)"}, fmt],
                "responses": answers}
    return {"parameters": [fmt], "responses": answers,
            "requestBody": {"required": True, "content": {
                "application/sparql-query": text,
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                    "query": {"type": "string"}, "format": {"type": "string"}}}}}}}


def _response(answer: tuple[int, bytes, str, dict]) -> Response:
    status, body, media, headers = answer
    return Response(body, status_code=status, media_type=media, headers=headers)


def sparql_router(settings, holder, limiter=None) -> APIRouter:
    """/sparql. ``limiter`` (a FairLimiter) admits queries per client; it is taken only when the
    answer is not already known for this build."""
    router = APIRouter()

    async def endpoint(request: Request) -> Response:
        try:
            text, fmt = await _extract(request)
        except Refused as r:
            if request.method == "GET" and r.message == "missing 'query' parameter" and \
                    "text/html" in request.headers.get("accept", ""):
                return RedirectResponse("/query", status_code=303)
            return _error(r.status, r.message)
        accept = request.headers.get("accept")
        key = ("sparql", text, fmt, accept)
        cached = holder.views.peek(key)
        if cached is not None:  # a known answer costs no worker: it skips the lane
            return _response(cached)
        client = request.client.host if request.client else "unknown"
        if limiter is not None:
            try:
                await limiter.acquire(client)
            except Busy as b:
                return PlainTextResponse(b.message + "\n", status_code=b.status,
                                         headers={"Retry-After": str(b.retry_after)})
        try:
            store = holder.get("sparql")

            def answer() -> tuple[int, bytes, str, dict]:
                return _answer(store, text, fmt, accept, settings)
            try:
                loop = asyncio.get_running_loop()
                return _response(await loop.run_in_executor(holder.sparql_executor, holder.views.get, key, answer))
            except _NotCached as n:
                return _response(n.response)
            except Refused as r:
                return _error(r.status, r.message)
        finally:
            if limiter is not None:
                limiter.release(client)

    for method in ("GET", "POST"):
        router.add_api_route("/sparql", endpoint, methods=[method], include_in_schema=True,
                             summary="SPARQL 1.1 Protocol query endpoint (read-only)",
                             operation_id=f"sparql_{method.lower()}", response_class=Response, tags=["sparql"],
                             openapi_extra=_openapi(method))
    return router
