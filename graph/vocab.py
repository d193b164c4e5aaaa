"""The SKOS schemes of ``ontology/vocab/`` as a checked, indexed vocabulary.

Python never restates the project's lists (roles, grades, judgement areas,
themes, ...): it asks this module. The schemes are read once, checked (every
concept has a prefLabel, a notation equal to its key and one skos:inScheme; no
label is shared by two concepts of a scheme) and one :class:`VocabError` lists
every problem found.

Matching compares labels after :func:`normalise` (case, apostrophes, quotes,
hyphens and white space). Judgement areas reuse the same words across
frameworks, so labels need only be unique per ``csg:framework``; pass
``framework=`` to disambiguate.

>>> match("role", "Director of children’s services")
'dcs'
>>> match("grade", "Requires improvement to be good")
'requires-improvement'
>>> [(s, e, k) for s, e, k in find_all("role", "The DCS and the lead member met.")]
[(4, 7, 'dcs'), (16, 27, 'lead-member')]
>>> match("judgement-area", "Overall effectiveness", framework="sif")
'sif-overall-effectiveness'
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .namespace import CSG, VOCAB_BASE, VOCAB_DIR, UnknownConcept

__all__ = [
    "Concept", "Vocabulary", "VocabError", "AmbiguousLabel", "UnknownConcept",
    "normalise", "load", "default", "schemes", "keys", "label", "labels", "concept",
    "concept_iri", "match", "find_all", "grade_order", "area_framework", "compatible",
    "frameworks_in_force", "framework_during", "framework_of_year",
]

_APOSTROPHES_QUOTES = set("'’‘‛`´ʼ′\"“”„‟«»")
_DASHES = set("-‐‑‒–—―−")


class VocabError(ValueError):
    """The SKOS schemes break the rules; ``problems`` lists every one found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the SKOS schemes:\n  - " + "\n  - ".join(problems))


class AmbiguousLabel(ValueError):
    """A label names several concepts of a scheme (pass ``framework=`` to choose)."""


_JUNK = re.compile("[" + re.escape("".join(sorted(_APOSTROPHES_QUOTES | _DASHES))) + r"\s]+")
_SPACE_LIKE = re.compile("[" + re.escape("".join(sorted(_DASHES))) + r"\s]")
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # rare: keep offsets 1:1


def _normalise_mapped(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index it came from.

    Runs of apostrophes/quotes are dropped; a run that contains white space or
    a dash becomes one space.
    """
    low = _lower_same_length(text)
    parts: list[str] = []
    where: list[int] = []
    pos = 0
    for m in _JUNK.finditer(low):
        parts.append(low[pos:m.start()])
        where.extend(range(pos, m.start()))
        space = _SPACE_LIKE.search(m.group())
        if space is not None:
            parts.append(" ")
            where.append(m.start() + space.start())
        pos = m.end()
    parts.append(low[pos:])
    where.extend(range(pos, len(low)))
    return "".join(parts), where


def normalise(text: str) -> str:
    """Lower case, drop apostrophes and quotes, hyphens/dashes to spaces, collapse white space.

    >>> normalise("Health and  Well-being   board")
    'health and well being board'
    >>> normalise("Director of Children’s Services")
    'director of childrens services'
    """
    return _normalise_mapped(text)[0].strip()


@dataclass(frozen=True)
class Concept:
    """One SKOS concept, as read from its scheme file."""

    scheme: str
    key: str
    iri: URIRef
    pref_label: str
    alt_labels: tuple[str, ...]
    definition: str
    file: str
    framework: Optional[str] = None
    grade_order: Optional[int] = None
    broader: Optional[str] = None
    related: tuple[str, ...] = ()  # keys of skos:related concepts (either direction)
    in_force_from: Optional[tuple[date, date]] = None   # (earliest, latest) day of csg:inForceFrom
    in_force_until: Optional[tuple[date, date]] = None  # (earliest, latest) day of csg:inForceUntil

    @property
    def labels(self) -> tuple[str, ...]:
        """The prefLabel (when present) then the altLabels."""
        return tuple(x for x in (self.pref_label,) if x) + self.alt_labels


def _one(values: list, what: str, where: str, problems: list[str]):
    if len(values) != 1:
        problems.append(f"{where}: {'no' if not values else len(values)} {what} (needs exactly one)")
    return values[0] if values else None


def _read_file(path: Path, problems: list[str]) -> dict[str, dict[str, Concept]]:
    g = Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several types; report the file
        problems.append(f"{path.name}: does not parse: {exc}")
        return {}
    found: dict[str, dict[str, Concept]] = {}
    subjects = set(g.subjects(RDF.type, SKOS.Concept)) | set(g.subjects(SKOS.inScheme, None))
    for s in sorted(subjects):
        tail = str(s)[len(VOCAB_BASE):] if str(s).startswith(VOCAB_BASE) else ""
        where = f"{path.name}: <{s}>"
        if tail.count("/") != 1:
            problems.append(f"{where}: IRI is not {VOCAB_BASE}<scheme>/<key>")
            continue
        scheme, key = tail.split("/")
        pref = _one([o for o in g.objects(s, SKOS.prefLabel)], "skos:prefLabel", where, problems)
        notation = _one([o for o in g.objects(s, SKOS.notation)], "skos:notation", where, problems)
        in_scheme = _one([o for o in g.objects(s, SKOS.inScheme)], "skos:inScheme", where, problems)
        definition = _one([o for o in g.objects(s, SKOS.definition)], "skos:definition", where, problems)
        if pref is not None and not normalise(str(pref)):
            problems.append(f"{where}: empty skos:prefLabel")
        if notation is not None and str(notation) != key:
            problems.append(f"{where}: skos:notation {str(notation)!r} is not the key {key!r}")
        if in_scheme is not None and str(in_scheme) != VOCAB_BASE + scheme:
            problems.append(f"{where}: skos:inScheme <{in_scheme}> is not <{VOCAB_BASE}{scheme}>")
        if in_scheme is not None and (in_scheme, RDF.type, SKOS.ConceptScheme) not in g:
            problems.append(f"{where}: scheme <{in_scheme}> is not declared a skos:ConceptScheme in this file")
        order = g.value(s, CSG.gradeOrder)
        framework = g.value(s, CSG.framework)
        broader = g.value(s, SKOS.broader)
        in_force = [_period_bounds(g.value(s, p), f"{where}: {name}", problems)
                    for p, name in ((CSG.inForceFrom, "csg:inForceFrom"), (CSG.inForceUntil, "csg:inForceUntil"))]
        if in_force[0] and in_force[1] and in_force[0][0] > in_force[1][1]:
            problems.append(f"{where}: csg:inForceUntil is before csg:inForceFrom")
        concept = Concept(
            scheme=scheme, key=key, iri=s, pref_label=str(pref or ""),
            alt_labels=tuple(sorted(str(a) for a in g.objects(s, SKOS.altLabel))),
            definition=str(definition or ""), file=path.name,
            framework=str(framework) if framework is not None else None,
            grade_order=int(order) if isinstance(order, Literal) else None,
            broader=str(broader).rsplit("/", 1)[-1] if broader is not None else None,
            related=tuple(sorted({str(o).rsplit("/", 1)[-1] for o in g.objects(s, SKOS.related)}
                                 | {str(o).rsplit("/", 1)[-1] for o in g.subjects(SKOS.related, s)})),
            in_force_from=in_force[0], in_force_until=in_force[1])
        found.setdefault(scheme, {})[key] = concept
    return found


def _period_bounds(value, where: str, problems: list[str]) -> Optional[tuple[date, date]]:
    """Inclusive day bounds of an xsd:date, xsd:gYearMonth or xsd:gYear literal (None when absent)."""
    if value is None:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(value))
    try:
        if m is None:
            raise ValueError(str(value))
        y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        if d is not None:
            day = date(y, int(mo), int(d))
            return day, day
        if mo is not None:
            return date(y, int(mo), 1), date(y, int(mo), calendar.monthrange(y, int(mo))[1])
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        problems.append(f"{where}: {str(value)!r} is not a year, year-month or date")
        return None


def _check_labels(scheme: str, concepts: dict[str, Concept], problems: list[str]) -> None:
    seen: dict[tuple[Optional[str], str], str] = {}
    for key, c in sorted(concepts.items()):
        if c.broader is not None and c.broader not in concepts:
            problems.append(f"{c.file}: {key}: skos:broader {c.broader!r} is not a concept of {scheme!r}")
        for other in c.related:
            if other not in concepts:
                problems.append(f"{c.file}: {key}: skos:related {other!r} is not a concept of {scheme!r}")
        for text in dict.fromkeys(normalise(x) for x in c.labels):
            if not text:
                problems.append(f"{c.file}: {key}: empty label")
                continue
            other = seen.setdefault((c.framework, text), key)
            if other != key:
                scope = f" (framework {c.framework})" if c.framework else ""
                problems.append(f"{c.file}: label {text!r} is shared by {other!r} and {key!r}{scope}")


class Vocabulary:
    """Checked, indexed SKOS schemes. Build with :func:`load`; use :func:`default` for the project's."""

    def __init__(self, schemes: dict[str, dict[str, Concept]]):
        self._schemes = schemes
        self._index: dict[str, dict[str, list[Concept]]] = {}
        for scheme, concepts in schemes.items():
            idx: dict[str, list[Concept]] = {}
            for c in concepts.values():
                for text in dict.fromkeys(normalise(x) for x in c.labels):
                    idx.setdefault(text, []).append(c)
            self._index[scheme] = idx
        self._by_first_token: dict[tuple[str, Optional[str]], dict] = {}

    def schemes(self) -> list[str]:
        return sorted(self._schemes)

    def _scheme(self, scheme: str) -> dict[str, Concept]:
        try:
            return self._schemes[scheme]
        except KeyError:
            raise UnknownConcept(f"unknown SKOS scheme {scheme!r}; known: {', '.join(self.schemes())}") from None

    def concept(self, scheme: str, key: str) -> Concept:
        concepts = self._scheme(scheme)
        try:
            return concepts[key]
        except KeyError:
            raise UnknownConcept(f"unknown key {key!r} in SKOS scheme {scheme!r} (ontology/vocab/{scheme}.ttl)") from None

    def keys(self, scheme: str, framework: Optional[str] = None) -> list[str]:
        return sorted(k for k, c in self._scheme(scheme).items() if framework is None or c.framework == framework)

    def _candidates(self, scheme: str, text: str, framework: Optional[str]) -> list[Concept]:
        hits = self._index[scheme].get(text, [])
        if framework is not None:
            hits = [c for c in hits if c.framework in (None, framework)]
        return sorted(hits, key=lambda c: c.key)

    def match(self, scheme: str, text: str, framework: Optional[str] = None) -> Optional[str]:
        self._scheme(scheme)
        hits = self._candidates(scheme, normalise(text), framework)
        if len(hits) > 1:
            raise AmbiguousLabel(f"{text!r} names {', '.join(c.key for c in hits)} in scheme {scheme!r}; "
                                 "pass framework= to choose")
        return hits[0].key if hits else None

    def _starts(self, scheme: str, framework: Optional[str]) -> dict[str, list[tuple[str, list[Concept]]]]:
        """First token of each label -> (label, concepts), longest label first."""
        cache_key = (scheme, framework)
        if cache_key not in self._by_first_token:
            index: dict[str, list[tuple[str, list[Concept]]]] = {}
            for text, concepts in self._index[scheme].items():
                chosen = [c for c in concepts if framework is None or c.framework in (None, framework)]
                first = _TOKEN.match(text)
                if chosen and first:
                    index.setdefault(first.group(), []).append((text, sorted(chosen, key=lambda c: c.key)))
            for entries in index.values():
                entries.sort(key=lambda e: (-len(e[0]), e[0]))
            self._by_first_token[cache_key] = index
        return self._by_first_token[cache_key]

    def find_all(self, scheme: str, text: str, framework: Optional[str] = None) -> list[tuple[int, int, str]]:
        self._scheme(scheme)
        starts = self._starts(scheme, framework)
        norm, where = _normalise_mapped(text)
        found: list[tuple[int, int, str]] = []
        after = 0  # no overlaps: the next match starts at or after the end of the last
        for tok in _TOKEN.finditer(norm):
            at = tok.start()
            if at < after or tok.group() not in starts:
                continue
            for label, concepts in starts[tok.group()]:
                end = at + len(label)
                if not norm.startswith(label, at):
                    continue
                if label[-1].isalnum() or label[-1] == "_":
                    if end < len(norm) and (norm[end].isalnum() or norm[end] == "_"):
                        continue
                for c in concepts:
                    found.append((where[at], where[end - 1] + 1, c.key))
                after = end
                break
        return found


    def broader_all(self, scheme: str, key: str) -> set[str]:
        """Every concept ``key`` is narrower than, following skos:broader."""
        out: set[str] = set()
        c = self.concept(scheme, key)
        while c.broader is not None and c.broader not in out:
            out.add(c.broader)
            c = self.concept(scheme, c.broader)
        return out

    def compatible(self, scheme: str, a: Optional[str], b: Optional[str]) -> bool:
        if not a or not b or a == b:
            return True
        return (b in self.broader_all(scheme, a) or a in self.broader_all(scheme, b)
                or b in self.concept(scheme, a).related)

    def frameworks_in_force(self, earliest: date, latest: date) -> tuple[set[str], set[str]]:
        possibly: set[str] = set()
        throughout: set[str] = set()
        for key in self.keys("framework"):
            c = self.concept("framework", key)
            if c.in_force_from is None:
                continue  # no start stated: nothing is known about its period
            start_lo, start_hi = c.in_force_from
            end_lo, end_hi = c.in_force_until or (date.max, date.max)  # no end stated: still in force
            if start_lo <= latest and end_hi >= earliest:
                possibly.add(key)
                if start_hi <= earliest and end_lo >= latest:
                    throughout.add(key)
        return possibly, throughout

    def framework_during(self, earliest: date, latest: date) -> Optional[str]:
        possibly, throughout = self.frameworks_in_force(earliest, latest)
        return next(iter(throughout)) if len(throughout) == 1 and possibly == throughout else None


def load(directory: Path | str | None = None) -> Vocabulary:
    """Read and check every ``*.ttl`` in ``directory`` (default ontology/vocab/).

    Raises :class:`VocabError` listing every problem in every file.
    """
    folder = Path(directory) if directory is not None else VOCAB_DIR
    problems: list[str] = []
    schemes: dict[str, dict[str, Concept]] = {}
    files = sorted(folder.glob("*.ttl"))
    if not files:
        problems.append(f"{folder}: no *.ttl scheme files")
    for path in files:
        for scheme, concepts in _read_file(path, problems).items():
            for key, c in concepts.items():
                if key in schemes.get(scheme, {}):
                    problems.append(f"{path.name}: {scheme}/{key} is also defined in {schemes[scheme][key].file}")
                schemes.setdefault(scheme, {})[key] = c
    for scheme, concepts in sorted(schemes.items()):
        _check_labels(scheme, concepts, problems)
    if "framework" in schemes:  # csg:framework values name concepts of the framework scheme
        for scheme, concepts in sorted(schemes.items()):
            for key, c in sorted(concepts.items()):
                if c.framework is not None and c.framework not in schemes["framework"]:
                    problems.append(f"{c.file}: {key}: csg:framework {c.framework!r} is not a key of the "
                                    "framework scheme")
    if problems:
        raise VocabError(problems)
    return Vocabulary(schemes)


@lru_cache(maxsize=1)
def default() -> Vocabulary:
    """The project's vocabulary, loaded from ontology/vocab/ once."""
    return load()


def schemes() -> list[str]:
    """Names of the schemes (``role``, ``grade``, ...)."""
    return default().schemes()


def keys(scheme: str, framework: Optional[str] = None) -> list[str]:
    """Sorted keys of ``scheme`` (judgement areas: of one framework when given)."""
    return default().keys(scheme, framework)


def concept(scheme: str, key: str) -> Concept:
    """The :class:`Concept` record; raises :class:`UnknownConcept`."""
    return default().concept(scheme, key)


def label(scheme: str, key: str) -> str:
    """The skos:prefLabel of a concept."""
    return default().concept(scheme, key).pref_label


def labels(scheme: str, key: str) -> tuple[str, ...]:
    """The prefLabel then every altLabel of a concept."""
    return default().concept(scheme, key).labels


def concept_iri(scheme: str, key: str) -> URIRef:
    """The concept's IRI; raises :class:`UnknownConcept` for an unknown scheme or key."""
    return default().concept(scheme, key).iri


def match(scheme: str, text: str, framework: Optional[str] = None) -> Optional[str]:
    """The key whose pref/alt label equals ``text`` after :func:`normalise`, else None.

    Raises :class:`AmbiguousLabel` when the label names several concepts
    (judgement areas of different frameworks) and ``framework`` does not choose.
    """
    return default().match(scheme, text, framework)


def find_all(scheme: str, text: str, framework: Optional[str] = None) -> list[tuple[int, int, str]]:
    """Every label of ``scheme`` in ``text``: ``(start, end, key)`` in original offsets.

    Scans left to right, longest label first at each position, whole words only,
    without overlaps. A span whose label names several concepts (no
    ``framework`` given) yields one tuple per key.
    """
    return default().find_all(scheme, text, framework)


def grade_order(key: str) -> int:
    """1 (outstanding) .. 4 (inadequate)."""
    order = default().concept("grade", key).grade_order
    if order is None:
        raise VocabError([f"grade.ttl: {key}: no csg:gradeOrder"])
    return order


def area_framework(key: str) -> str:
    """The framework (``sif``, ``ilacs``, ``ilacs2026``) of a judgement-area key."""
    fw = default().concept("judgement-area", key).framework
    if fw is None:
        raise VocabError([f"judgement-area.ttl: {key}: no csg:framework"])
    return fw


def compatible(scheme: str, a: Optional[str], b: Optional[str]) -> bool:
    """Whether two keys of ``scheme`` can name one thing: either is unknown (empty or None: unknown
    is not different), they are equal, one is a skos:broader (transitively) of the other, or they
    are skos:related (the scheme's editorial notes say what that means there).

    Inspections of one council and date whose types are not compatible are two inspections.
    """
    return default().compatible(scheme, a, b)


def frameworks_in_force(earliest: date, latest: date) -> tuple[set[str], set[str]]:
    """The frameworks (keys of the framework scheme) possibly in force at some time between
    ``earliest`` and ``latest``, and those certainly in force throughout that period, from the
    csg:inForceFrom / csg:inForceUntil bounds in ontology/vocab/framework.ttl."""
    return default().frameworks_in_force(earliest, latest)


def framework_during(earliest: date, latest: date) -> Optional[str]:
    """The framework of an inspection known only to have taken place between ``earliest`` and
    ``latest`` (a year, a month, ...): the one framework in force for that whole period, when no
    other was in force at any time in it; else None.

    A period in which a framework began or ended at a date stated only to the year (or month) is
    not decided: another framework, or none, may have applied in part of it.
    """
    return default().framework_during(earliest, latest)


def framework_of_year(year: int) -> Optional[str]:
    """:func:`framework_during` the whole of ``year``."""
    return framework_during(date(year, 1, 1), date(year, 12, 31))
