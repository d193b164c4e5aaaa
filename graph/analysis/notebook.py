"""A small API for notebooks: load the graph, query it as DataFrames, look at it.

>>> from pathlib import Path
>>> G = load(Path("tests/fixtures/analysis/two_councils.trig"))
>>> G.number_of_edges() > 0
True

``show_network`` does not draw with pyvis: the project keeps one pyvis user,
the viewer (``viewer/explore.py``). A notebook gets the NetworkX snapshot to
analyse plus an IFrame of the running explorer (``python -m viewer``), which
draws the same graph with its time slider; :func:`show_network` only builds
the IFrame's HTML, so nothing here imports pyvis.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Optional, Union

import networkx as nx
import pandas as pd

from .projection import project
from .snapshot import snapshot
from .source import open_source, select
from .story import council_story, find_council

__all__ = ["load", "query_df", "council_timeline", "show_network", "NetworkView",
           "QUERIES_DIR"]

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"


def load(path) -> nx.MultiDiGraph:
    """The projected network of a build folder or dataset file (see :func:`project`)."""
    G = project(path)
    G.graph["source"] = str(path)
    return G


def _py(term):
    if term is None:
        return None
    if hasattr(term, "toPython"):
        v = term.toPython()
        return str(v) if type(v).__name__ in ("URIRef", "Literal", "BNode") else v
    return term


def query_df(store_or_path, name: str, queries_dir: Union[str, Path, None] = None) -> pd.DataFrame:
    """Run a contract query (``queries/<name>.rq``, or a path to a ``.rq`` file) as a DataFrame.

    Columns are the query's variables in order; IRIs become strings, literals
    their Python values (``xsd:date`` a ``datetime.date``; a ``gYearMonth``
    stays its text, so a month stays a month).

    >>> df = query_df("tests/fixtures/analysis/two_councils.trig", "indicators")
    >>> sorted(df["value"].astype(float))
    [30.0, 41.0]
    """
    qdir = Path(queries_dir) if queries_dir else QUERIES_DIR
    path = Path(name) if str(name).endswith(".rq") else qdir / f"{name}.rq"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in qdir.glob("*.rq")))
        raise FileNotFoundError(f"query {name!r}: no file {path} (known: {known})")
    text = path.read_text(encoding="utf-8")
    rows = select(open_source(store_or_path), text, prefixes=False)
    import re
    head = re.search(r"SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?(.*?)\s*(?:WHERE|\{)", text,
                     re.S | re.I)
    cols = re.findall(r"\?(\w+)", head.group(1)) if head else []
    cols = cols or (list(rows[0]) if rows else [])
    return pd.DataFrame([{c: _py(r.get(c)) for c in cols} for r in rows], columns=cols)


def council_timeline(G: nx.MultiDiGraph, council: str) -> pd.DataFrame:
    """A council's story (by name, code or IRI) as a DataFrame: when, kind, text, iri, bounds."""
    c = find_council(G, council)
    return pd.DataFrame([{"when": r.when, "kind": r.kind, "text": r.text, "iri": r.iri,
                          "earliest": r.date.earliest if r.date else None,
                          "latest": r.date.latest if r.date else None}
                         for r in council_story(G, c)],
                        columns=["when", "kind", "text", "iri", "earliest", "latest"])


@dataclass
class NetworkView:
    """The network on a day (``graph``) and an IFrame of the viewer's explorer (``html``)."""

    graph: nx.MultiDiGraph
    url: str
    height: int = 600

    @property
    def html(self) -> str:
        return (f'<iframe src="{html.escape(self.url, quote=True)}" width="100%" '
                f'height="{self.height}" style="border:0"></iframe>')

    def _repr_html_(self) -> str:  # Jupyter shows this inline
        return self.html


def show_network(G: nx.MultiDiGraph, day: Optional[date] = None,
                 explorer: str = "http://127.0.0.1:8000/explore", height: int = 600) -> NetworkView:
    """The snapshot on ``day`` (or the whole network) and the running explorer, inline.

    >>> from datetime import date
    >>> G = load("tests/fixtures/analysis/two_councils.trig")
    >>> v = show_network(G, date(2019, 6, 1))
    >>> v.graph.number_of_edges() < G.number_of_edges(), v.url
    (True, 'http://127.0.0.1:8000/explore?date=2019-06')
    """
    H = snapshot(G, day) if day else G
    url = explorer + (f"?date={day:%Y-%m}" if day else "")
    return NetworkView(H, url, height)
