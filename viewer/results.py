"""Serialise store results in the SPARQL 1.1 result formats and RDF syntaxes.

SELECT/ASK: SPARQL 1.1 Query Results JSON, XML, CSV and TSV (written here,
following the W3C specs, so every format round-trips through rdflib's
parsers). CONSTRUCT/DESCRIBE: rdflib's Turtle, N-Triples and JSON-LD writers.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, URIRef

from .prefixes import PREFIXES

__all__ = ["serialise_select", "serialise_ask", "serialise_graph", "MEDIA"]

MEDIA = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
         "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
         "turtle": "text/turtle; charset=utf-8", "nt": "application/n-triples",
         "json-ld": "application/ld+json"}


def _json_term(t) -> dict:
    if isinstance(t, URIRef):
        return {"type": "uri", "value": str(t)}
    if isinstance(t, BNode):
        return {"type": "bnode", "value": str(t)}
    d = {"type": "literal", "value": str(t)}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype:
        d["datatype"] = str(t.datatype)
    return d


def _xml_term(t) -> str:
    if isinstance(t, URIRef):
        return f"<uri>{escape(str(t))}</uri>"
    if isinstance(t, BNode):
        return f"<bnode>{escape(str(t))}</bnode>"
    attrs = ""
    if t.language:
        attrs = f" xml:lang={quoteattr(t.language)}"
    elif t.datatype:
        attrs = f" datatype={quoteattr(str(t.datatype))}"
    return f"<literal{attrs}>{escape(str(t))}</literal>"


def _tsv_term(t) -> str:
    if t is None:
        return ""
    if isinstance(t, URIRef):
        return f"<{t}>"
    if isinstance(t, BNode):
        return f"_:{t}"
    return t.n3()  # quoted, escaped, with @lang or ^^<datatype>


def serialise_select(fmt: str, vars_: list[str], rows: list[tuple]) -> str:
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(vars_, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": vars_}, "results": {"bindings": bindings}}, ensure_ascii=False)
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in vars_]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            out += [f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>" for v, t in zip(vars_, row) if t is not None]
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(vars_)
        for row in rows:
            w.writerow(["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in vars_)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in rows]
        return "\n".join(lines) + "\n"
    raise ValueError(f"unknown SELECT result format {fmt!r}")


def serialise_ask(fmt: str, value: bool) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": bool(value)})
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n")
    if fmt in ("csv", "tsv"):
        return ("_askResult\n" if fmt == "csv" else "?_askResult\n") + ("true\n" if value else "false\n")
    raise ValueError(f"unknown ASK result format {fmt!r}")


def serialise_graph(fmt: str, graph: Graph) -> str:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    for t in graph:
        g.add(t)
    if fmt == "json-ld":
        return g.serialize(format="json-ld", indent=2)
    return g.serialize(format=fmt)
