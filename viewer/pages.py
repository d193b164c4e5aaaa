"""HTML pages: home, entity pages (/id/...), document texts, query, explorer, ontology.

Routes fetch data through the store, then render Jinja templates with
autoescaping on; no page carries inline script (see security.py).
"""
from __future__ import annotations

import re
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from starlette.concurrency import run_in_threadpool

from .api import local_path
from .entities import entity_view
from .explore import render_network
from .negotiate import choose
from .ontology_page import load_ontology
from .prefixes import SPARQL_PROLOGUE
from .results import MEDIA, serialise_graph

__all__ = ["pages_router", "DOCID", "ID_PATH"]

DOCID = re.compile(r"^[0-9a-f]{16}$")
ID_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~:/-]*$")
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/turtle": "turtle",
              "application/x-turtle": "turtle", "application/ld+json": "json-ld", "application/json": "json-ld",
              "application/n-triples": "nt"}
RDF_FORMATS = {"ttl": "turtle", "turtle": "turtle", "jsonld": "json-ld", "json-ld": "json-ld", "nt": "nt", "html": "html"}


def pages_router(settings, holder, templates, model_cache) -> APIRouter:
    r = APIRouter(include_in_schema=False)
    t = settings.query_timeout

    def page(request: Request, name: str, status: int = 200, **ctx) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"settings": settings, **ctx}, status_code=status)

    @r.api_route("/", response_class=HTMLResponse, methods=["GET", "HEAD"])
    async def home(request: Request):
        q = SPARQL_PROLOGUE + """SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?kind { csg:Council csg:Person csg:Tenure csg:Inspection csg:Partnership csg:Board csg:SourceDocument csg:Evidence }
  ?x a ?kind } GROUP BY ?kind"""
        store = holder.get()

        def home_data():
            res = store.query(q, t)
            counts = {str(k).rsplit("#", 1)[-1]: int(n) for k, n in res.rows}
            docs = store.query(SPARQL_PROLOGUE + """
SELECT ?d ?title WHERE { ?d a csg:SourceDocument . OPTIONAL { ?d dcterms:title ?title } } ORDER BY ?title LIMIT 200""", t)
            return counts, [(local_path(str(d), settings), str(title) if title else str(d)) for d, title in docs.rows]
        counts, docs = await run_in_threadpool(holder.views.get, ("home",), home_data)
        return page(request, "home.html", counts=counts, docs=docs)

    @r.api_route("/id/{path:path}", methods=["GET", "HEAD"])
    async def entity(request: Request, path: str):
        if not ID_PATH.match(path) or ".." in path:
            raise HTTPException(404, "no such resource")
        iri = settings.id_base + path
        fmt = RDF_FORMATS.get(request.query_params.get("format", "").lower())
        if fmt is None:
            picked = choose(request.headers.get("accept"), PAGE_TYPES, "html")
            if picked is None:
                return PlainTextResponse("406: offered text/html, text/turtle, application/ld+json, application/n-triples\n",
                                         status_code=406)
            fmt = picked[1]
        store = holder.get()
        if fmt != "html":
            g = await run_in_threadpool(store.describe, iri, t)
            if len(g) == 0:
                return PlainTextResponse(f"404: nothing in the graph about {iri}\n", status_code=404)
            body = await run_in_threadpool(serialise_graph, fmt, g)
            return Response(body, media_type=MEDIA[fmt], headers={"Vary": "Accept"})
        view = await run_in_threadpool(holder.views.get, ("entity", iri), lambda: entity_view(store, iri, t))
        if not view.found:
            return page(request, "error.html", 404, title="Not found", message=f"Nothing in the graph about {iri}.")
        text_ok = bool(view.docid and store.texts_dir and (Path(store.texts_dir) / f"{view.docid}.txt").is_file())
        resp = page(request, "entity.html", view=view, path=lambda i: local_path(i, settings), text_ok=text_ok)
        resp.headers["Vary"] = "Accept"
        return resp

    @r.api_route("/doc/{docid}/text", response_class=HTMLResponse, methods=["GET", "HEAD"])
    async def doc_text(request: Request, docid: str, q: str | None = None):
        text = _read_text(holder.get(), docid)
        parts = (text, "", "")
        note = None
        if q:
            m = re.fullmatch(r"(\d{1,9})-(\d{1,9})", q)
            if not m:
                raise HTTPException(400, "q: expected <offset>-<length>")
            start, length = int(m.group(1)), int(m.group(2))
            if start + length <= len(text) and length > 0:
                parts = (text[:start], text[start:start + length], text[start + length:])
            else:
                note = "The quote's offset lies outside this text; nothing is highlighted."
        doc_iri = settings.id_base + "doc/" + docid
        return page(request, "doc_text.html", docid=docid, before=parts[0], quote=parts[1], after=parts[2],
                    q=q, note=note, doc_page=local_path(doc_iri, settings))

    @r.api_route("/doc/{docid}/text.txt", response_class=PlainTextResponse, methods=["GET", "HEAD"])
    async def doc_text_raw(docid: str):
        return PlainTextResponse(_read_text(holder.get(), docid))

    @r.api_route("/query", response_class=HTMLResponse, methods=["GET", "HEAD"])
    async def query_page(request: Request):
        return page(request, "query.html", examples=_examples(settings.queries_dir))

    @r.api_route("/explore", response_class=HTMLResponse, methods=["GET", "HEAD"])
    async def explore(request: Request):
        model = await run_in_threadpool(model_cache.get, holder.get())
        network_html = render_network(model, templates.env)
        extra = {"changes": model.changes, "first": model.first, "last": model.last}
        councils = sorted({(n.councils[0], n.label) for n in model.nodes if n.kind == "council"}, key=lambda c: c[1])
        regions = sorted({rg for n in model.nodes for rg in n.regions})
        return page(request, "explore.html", network_html=network_html, extra=extra, councils=councils, regions=regions)

    @r.api_route("/ontology", methods=["GET", "HEAD"])
    async def ontology(request: Request):
        view = await run_in_threadpool(load_ontology, settings.ontology_dir)
        picked = choose(request.headers.get("accept"), {"text/html": "html", "text/turtle": "turtle",
                                                         "application/ld+json": "json-ld"}, "html")
        fmt = RDF_FORMATS.get(request.query_params.get("format", "").lower()) or (picked[1] if picked else "html")
        if fmt != "html":
            body = await run_in_threadpool(serialise_graph, fmt, view.graph)
            return Response(body, media_type=MEDIA[fmt], headers={"Vary": "Accept"})
        resp = page(request, "ontology.html", onto=view)
        resp.headers["Vary"] = "Accept"
        return resp

    return r


def _read_text(store, docid: str) -> str:
    """A document text by id; the id is checked against the docid shape, so no path can escape texts/."""
    if not DOCID.match(docid) or store.texts_dir is None:
        raise HTTPException(404, "no such document text")
    base = Path(store.texts_dir).resolve()
    path = (base / f"{docid}.txt").resolve()
    if path.parent != base or not path.is_file():
        raise HTTPException(404, "no such document text")
    return path.read_text(encoding="utf-8")


def _leading_comment(text: str, limit: int = 200) -> str:
    """The first sentence of a query's leading comment block (its title)."""
    words: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if not body:
            if words:
                break
            continue
        words.append(body)
        if body.endswith((".", "?", "!")):
            break
    title = " ".join(words)
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _examples(folder: Path) -> list[dict]:
    """queries/*.rq read now (so new files show up without a restart): name, title comment, text."""
    out = []
    for f in sorted(Path(folder).glob("*.rq")) if Path(folder).is_dir() else []:
        text = f.read_text(encoding="utf-8")
        title = _leading_comment(text) or f.stem
        out.append({"name": f.stem, "title": title, "text": text})
    return out
