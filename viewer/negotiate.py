"""HTTP content negotiation for SPARQL results and RDF representations."""
from __future__ import annotations

__all__ = ["parse_accept", "choose", "RESULT_TYPES", "GRAPH_TYPES", "FORMAT_ALIASES"]

# media type -> format key
RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle",
    "application/n-triples": "nt", "text/plain": "nt",
    "application/ld+json": "json-ld", "application/json": "json-ld",
}
# ?format= shortcuts (what people type)
FORMAT_ALIASES = {"json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv", "turtle": "turtle", "ttl": "turtle",
                  "nt": "nt", "ntriples": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first ('*/*' when the header is absent)."""
    if not header:
        return [("*/*", 1.0)]
    out = []
    for i, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        out.append((media, q, -i))
    out.sort(key=lambda t: (t[1], t[2]), reverse=True)
    return [(m, q) for m, q, _ in out if q > 0]


def choose(header: str | None, offered: dict[str, str], default: str) -> tuple[str, str] | None:
    """(media type, format key) best matching Accept among ``offered``; None when nothing fits."""
    for media, _q in parse_accept(header):
        if media in offered:
            return media, offered[media]
        if media == "*/*":
            return _media_for(offered, default), default
        if media.endswith("/*"):
            major = media[:-1]
            for m, key in offered.items():
                if m.startswith(major):
                    return m, key
    return None


def _media_for(offered: dict[str, str], key: str) -> str:
    return next(m for m, k in offered.items() if k == key)
