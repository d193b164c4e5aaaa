"""Curated annotations: reviewed facts that extraction cannot get (yet).

Each annotation in ``data/annotations.yaml`` names its document (by file
name or document id), a verbatim quote from it, the fact in the record
model's field names, and the reason it is curated. A quote that does not
occur in its document is an error naming the annotation and its line; a
fact built from it enters the graph with evidence path "curated".

Example entry::

    - id: example-dcs
      file: 001_dc39cdf97fcbac1d.txt
      quote: "Torbay’s director of children’s services Alison Botham"
      reason: why extraction does not get it
      fact: {kind: tenure, person: Alison Botham, role: dcs, org: Torbay, seen: [2019-10-25]}
"""
from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path
from typing import Optional

import yaml

from . import temporal
from .model import FACT_KINDS, DateValue, Document, Fact, QuoteError, TeamMember, quote_of

__all__ = ["AnnotationError", "load_annotations"]


class AnnotationError(ValueError):
    """A malformed annotation, naming the file, line and annotation id."""


def _date(value, where: str) -> Optional[DateValue]:
    if value is None:
        return None
    if isinstance(value, date):
        return temporal.day(value.year, value.month, value.day)
    if isinstance(value, (str, int)):
        try:
            return temporal.from_literal(str(value))
        except (ValueError, TypeError):
            raise AnnotationError(f"{where}: {value!r} is not an ISO date")
    if isinstance(value, dict):
        lit = value.get("literal")
        base = temporal.from_literal(str(lit)) if lit else None
        e, l_ = value.get("earliest"), value.get("latest")
        return DateValue(base.literal if base else None,
                         e if e else (base.earliest if base else None),
                         l_ if l_ else (base.latest if base else None),
                         value.get("qualifier", "exact" if lit else "bounded"), str(value.get("note", "")))
    raise AnnotationError(f"{where}: unsupported date {value!r}")


def _fact(spec: dict, quote, ann_id: str, where: str) -> Fact:
    kind = spec.get("kind")
    cls = FACT_KINDS.get(kind)
    if cls is None:
        raise AnnotationError(f"{where}: unknown fact kind {kind!r} (one of {', '.join(sorted(FACT_KINDS))})")
    names = {f.name: f for f in fields(cls)} 
    kwargs = {}
    for k, v in spec.items():
        if k == "kind":
            continue
        if k not in names or k in ("quote", "path", "by"):
            raise AnnotationError(f"{where}: {kind} has no field {k!r}")
        if k in ("start", "end", "published", "date"):
            v = _date(v, f"{where}: {k}")
        elif k == "seen":
            v = [_date(x, f"{where}: seen") for x in (v or [])]
        elif k == "team":
            v = [TeamMember(**m) for m in (v or [])]
        kwargs[k] = v
    return cls(quote=quote, path="curated", by=ann_id, **kwargs)


def load_annotations(path: Path, docs: list[Document]) -> list[Fact]:
    """Facts from the annotation file, each quote checked against its document."""
    p = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except OSError as e:
        raise AnnotationError(f"{p}: cannot read: {e}")
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise AnnotationError(f"{p}:{mark.line + 1 if mark else '?'}: malformed YAML: {getattr(e, 'problem', e)}")
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("annotations"), list):
        raise AnnotationError(f"{p}:1: expected a mapping with an `annotations:` list")
    lines = [item.start_mark.line + 1 for k, v in root.value if k.value == "annotations" for item in v.value]
    by_file = {d.file: d for d in docs}
    by_id = {d.doc_id: d for d in docs}
    facts, seen_ids = [], set()
    for i, ann in enumerate(data["annotations"]):
        where = f"{p}:{lines[i] if i < len(lines) else '?'}"
        if not isinstance(ann, dict):
            raise AnnotationError(f"{where}: each annotation is a mapping")
        ann_id = ann.get("id")
        missing = [k for k in ("id", "quote", "fact", "reason") if not ann.get(k)]
        if missing or not (ann.get("file") or ann.get("doc")):
            raise AnnotationError(f"{where}: annotation {ann_id or '#' + str(i + 1)} lacks "
                                  f"{', '.join(missing + ([] if ann.get('file') or ann.get('doc') else ['file']))}")
        if ann_id in seen_ids:
            raise AnnotationError(f"{where}: duplicate annotation id {ann_id!r}")
        seen_ids.add(ann_id)
        doc = by_file.get(ann.get("file")) or by_id.get(ann.get("doc"))
        if doc is None:
            # annotations may cover documents another corpus does not have
            continue
        try:
            quote = quote_of(doc, str(ann["quote"]))
        except QuoteError:
            raise AnnotationError(f"{where}: annotation {ann_id!r}: quote does not occur verbatim in {doc.file}")
        if not isinstance(ann["fact"], dict):
            raise AnnotationError(f"{where}: annotation {ann_id!r}: `fact:` must be a mapping")
        try:
            facts.append(_fact(ann["fact"], quote, ann_id, f"{where}: annotation {ann_id!r}"))
        except AnnotationError:
            raise
        except (AttributeError, TypeError, ValueError) as e:
            raise AnnotationError(f"{where}: annotation {ann_id!r}: malformed fact: {e}") from e
    return facts
