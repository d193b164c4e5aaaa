"""JSON API (documented in the OpenAPI schema at /openapi.json)."""
from __future__ import annotations

import json
import re

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field, TypeAdapter
from starlette.concurrency import run_in_threadpool

from .dates import Instant
from .entities import EntityView, entity_view
from .network import snapshot
from .prefixes import SPARQL_PROLOGUE, literal

__all__ = ["api_router", "local_path"]

GSS = re.compile(r"^[EWSN]\d{8}$")
# an absolute http(s) IRI with none of the characters the SPARQL IRIREF production excludes
IRI = re.compile(r'^https?://[^\x00-\x20<>"{}|^`\\]+\Z')
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-\d{2})?$")


class InstantModel(BaseModel):
    value: str | None = Field(None, description="the date as stated, at its precision (xsd:date, gYearMonth or gYear)")
    earliest: str | None = Field(None, description="inclusive lower bound (xsd:date)")
    latest: str | None = Field(None, description="inclusive upper bound (xsd:date)")
    qualifier: str | None = Field(None, description="exact | inferred | approximate | bounded")
    comment: str | None = None
    text: str = Field(..., description="human reading, never more precise than the source")


class TypeModel(BaseModel):
    iri: str
    label: str


class FactModel(BaseModel):
    predicate: str
    predicate_label: str
    value: str
    value_iri: str | None = None
    value_label: str | None = None
    value_page: str | None = None
    datatype: str | None = None
    language: str | None = None


class LinkModel(BaseModel):
    iri: str
    label: str
    page: str | None


class ItemModel(BaseModel):
    iri: str
    kind: str
    label: str
    page: str | None
    dates: dict[str, list[InstantModel]]
    links: list[LinkModel] = Field(default_factory=list, description="people and organisations the item ties together")


class EvidenceModel(BaseModel):
    fact: str
    evidence: str
    document: str
    docid: str
    exact: str = Field(..., description="the verbatim quote")
    prefix: str
    suffix: str
    offset: int | None = Field(None, description="character offset of the quote in the document text")
    path: str | None = Field(None, description="extracted | curated")
    document_title: str | None = None
    link: str = Field(..., description="viewer link to the document text with the quote highlighted")


class EntityModel(BaseModel):
    iri: str
    page: str | None
    label: str
    types: list[TypeModel]
    facts: list[FactModel]
    incoming: list[FactModel]
    dates: dict[str, list[InstantModel]]
    timeline: list[ItemModel]
    evidence: list[EvidenceModel]


class CouncilTimelineModel(BaseModel):
    council: str
    gss: str
    label: str
    tenures: list[ItemModel]
    inspections: list[ItemModel]
    partnerships: list[ItemModel]
    other: list[ItemModel]


class SearchHit(BaseModel):
    iri: str
    label: str
    kind: str
    page: str | None


class SnapshotItem(BaseModel):
    id: str
    kind: str
    label: str
    state: str = Field(..., description="present (dates say so) | possible (only bounds allow it) | ended")
    source: str | None = None
    target: str | None = None


class ErrorModel(BaseModel):
    detail: str = Field(..., description="what was wrong, naming the parameter at fault")


ERRORS = {400: {"model": ErrorModel, "description": "a parameter is malformed (the message names it)"},
          404: {"model": ErrorModel, "description": "nothing in the graph about it"},
          503: {"model": ErrorModel, "description": "the look-up was stopped at the time limit, or the server is busy"}}


class SnapshotModel(BaseModel):
    month: str
    nodes: list[SnapshotItem]
    edges: list[SnapshotItem]


def local_path(iri: str | None, settings) -> str | None:
    """/id/... page of a minted IRI; None for IRIs outside the graph's namespace."""
    if iri and iri.startswith(settings.id_base):
        return "/id/" + iri[len(settings.id_base):].split("#", 1)[0]
    return None


def _instants(d: dict[str, list[Instant]]) -> dict[str, list[InstantModel]]:
    return {k: [InstantModel(**vars(i), text=i.text()) for i in v] for k, v in d.items()}


def entity_model(view: EntityView, settings) -> EntityModel:
    fact = lambda f: FactModel(**vars(f), value_page=local_path(f.value_iri, settings))  # noqa: E731
    return EntityModel(
        iri=view.iri, page=local_path(view.iri, settings), label=view.label,
        types=[TypeModel(iri=i, label=lab) for i, lab in view.types],
        facts=[fact(f) for f in view.facts], incoming=[fact(f) for f in view.incoming],
        dates=_instants(view.dates),
        timeline=[ItemModel(iri=i.iri, kind=i.kind, label=i.label, page=local_path(i.iri, settings),
                            dates=_instants(i.dates),
                            links=[LinkModel(iri=li, label=ll, page=local_path(li, settings)) for li, ll in i.links])
                  for i in view.timeline],
        evidence=[EvidenceModel(**vars(e), link=e.link) for e in view.evidence])


def api_router(settings, holder, model_cache) -> APIRouter:
    """The /api routes. Answers are cached as JSON bytes per build (holder.views): the graph of a
    build never changes, and encoding the same answer again is most of a warm request's cost."""
    r = APIRouter(prefix="/api", tags=["api"], responses={503: ERRORS[503]})
    t = settings.query_timeout
    hits_json = TypeAdapter(list[SearchHit])

    def view_of(iri: str) -> EntityView:
        store = holder.get()
        try:
            return holder.views.get(("entity", iri), lambda: entity_view(store, iri, t))
        except ValueError as e:
            raise HTTPException(400, f"iri: {e}")

    async def cached(key, build) -> Response:
        """``build()`` -> JSON bytes, computed once per build in a worker thread; QueryTimeout -> 503."""
        from graph.store import QueryTimeout
        try:
            body = await run_in_threadpool(holder.views.get, ("json",) + key, build)
        except QueryTimeout as e:
            raise HTTPException(503, f"look-up stopped at the time limit: {e}")
        return Response(body, media_type="application/json")

    @r.get("/entity", response_model=EntityModel, summary="Facts, timeline and evidence of one resource",
           responses={400: ERRORS[400], 404: ERRORS[404]})
    async def entity(iri: str = Query(..., description="absolute IRI, e.g. https://w3id.org/csgkg/id/council/E06000027",
                                      max_length=2000)):
        if not IRI.match(iri):
            raise HTTPException(400, "iri: must be an absolute http(s) IRI without spaces, quotes or <>{}|^`\\")

        def build() -> bytes:
            view = view_of(iri)
            if not view.found:
                raise HTTPException(404, f"iri: nothing in the graph about {iri}")
            return entity_model(view, settings).model_dump_json().encode()
        return await cached(("entity", iri), build)

    @r.get("/councils/{gss}/timeline", response_model=CouncilTimelineModel,
           summary="Tenures, inspections and partnerships of one council, in date order",
           responses={400: ERRORS[400], 404: ERRORS[404]})
    async def council_timeline(gss: str):
        if not GSS.match(gss):
            raise HTTPException(400, f"gss: {gss!r} is not a GSS code like E06000027")

        def build() -> bytes:
            view = view_of(f"{settings.id_base}council/{gss}")
            if not view.found:
                raise HTTPException(404, f"gss: no council {gss} in the graph")
            m = entity_model(view, settings)
            pick = lambda kinds: [i for i in m.timeline if i.kind in kinds]  # noqa: E731
            return CouncilTimelineModel(
                council=view.iri, gss=gss, label=view.label, tenures=pick({"Tenure"}),
                inspections=pick({"Inspection"}), partnerships=pick({"Partnership", "PartnershipEvent"}),
                other=[i for i in m.timeline if i.kind not in {"Tenure", "Inspection", "Partnership", "PartnershipEvent"}]
            ).model_dump_json().encode()
        return await cached(("timeline", gss), build)

    @r.get("/snapshot", response_model=SnapshotModel,
           summary="The network as it stood in one month (what is present, possible, or ended)",
           responses={400: ERRORS[400]})
    async def snap(date: str = Query(..., description="YYYY-MM (a day is ignored: the explorer steps by month)")):
        m = MONTH.match(date)
        if not m:
            raise HTTPException(400, f"date: {date!r} is not YYYY-MM")
        month = f"{m.group(1)}-{m.group(2)}"
        store = holder.get()

        def build() -> bytes:
            s = snapshot(model_cache.get(store), month)
            return SnapshotModel(month=s["month"], nodes=[SnapshotItem(**n) for n in s["nodes"]],
                                 edges=[SnapshotItem(**e) for e in s["edges"]]).model_dump_json().encode()
        return await cached(("snapshot", month), build)

    @r.get("/search", response_model=list[SearchHit], summary="Resources whose name or label contains the text")
    async def search(q: str = Query(..., min_length=2, max_length=200), limit: int = Query(50, ge=1, le=500)):
        query = SPARQL_PROLOGUE + f"""
SELECT ?s (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) WHERE {{
  ?s rdfs:label|foaf:name|skos:prefLabel|skos:altLabel|dcterms:title ?l .
  FILTER(STRSTARTS(STR(?s), {literal(settings.id_base)}) && CONTAINS(LCASE(STR(?l)), LCASE({literal(q)})))
  OPTIONAL {{ ?s a ?t FILTER(STRSTARTS(STR(?t), STR(csg:))) }}
}} GROUP BY ?s ORDER BY STRLEN(STR(?label)) ?label LIMIT {limit}"""
        store = holder.get()

        def build() -> bytes:
            res = store.query(query, t)
            return hits_json.dump_json([
                SearchHit(iri=str(s), label=str(label), kind=str(typ).rsplit("#", 1)[-1] if typ else "resource",
                          page=local_path(str(s), settings)) for s, label, typ in res.rows])
        return await cached(("search", q, limit), build)

    @r.get("/network", summary="The explorer's whole model: nodes, edges, spans, leadership changes")
    async def network():
        store = holder.get()
        return await cached(("network",), lambda: json.dumps(model_cache.get(store).as_dict(),
                                                             ensure_ascii=False).encode())

    return r
