"""Councils gazetteer: council mentions in text -> councils keyed by GSS code.

Every English children's services authority (county councils, unitary
authorities, metropolitan boroughs, London boroughs, the City of London and
the Isles of Scilly), including councils retired or created by local
government reorganisation since 2009, lives in ``data/councils.csv`` (format:
``data/README.md``). This module loads and checks that file once and answers
three questions the rest of the build asks:

* which council does a surface string mean (``Gazetteer.resolve``), allowing
  for case, possessives, suffixes such as "Borough Council", prefixes such as
  "London Borough of", "&" for "and", slugs and hyphens, and, for a name used
  by successive councils (a county replaced by a unitary of the same name),
  the date the text speaks about;
* where in a text are councils mentioned (``Gazetteer.find_all``);
* lookups by GSS code and Ofsted URN.

>>> gz = load()
>>> gz.resolve("Torbay's").gss
'E06000027'
>>> gz.resolve("the council") is None
True
>>> gz.resolve("Dorset", on=date(2015, 1, 1)).name
'Dorset County Council'
>>> [(s, e, c.gss) for s, e, c in gz.find_all("Torbay and Plymouth City Council")]
[(0, 6, 'E06000027'), (11, 32, 'E06000026')]

Matching rules for ``find_all`` (chosen, documented here and in
data/README.md): longest match wins; matches respect word boundaries and never
cross sentence punctuation; every distinctive word of a match must start with
a capital letter in the text ("Reading" matches, "reading" does not), while
connective and council-type words ("of", "upon", "with", "council",
"borough", ...) may be any case. A council name inside a longer proper noun IS
matched ("Torbay" in "Torbay Quartet", "Somerset" in "South Somerset"): the
gazetteer cannot know every other proper noun, and callers that need
precision check context. A possessive ("Torbay's") yields a span without the
"'s". "a Devon council" (indefinite article, lower-case "council") is a
description, not a name, and is skipped, as is a name right after
"Greater" ("Greater Manchester" is a conurbation).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

__all__ = [
    "Council", "Gazetteer", "GazetteerError", "DEFAULT_PATH", "COLUMNS",
    "AUTHORITY_TYPES", "REGIONS", "load", "normalize",
]

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "councils.csv"

COLUMNS = ("gss", "name", "short_name", "variants", "authority_type", "region",
           "ofsted_urn", "start", "end", "predecessors", "successors")

# Authority types the CSV may use, with the GSS entity code each implies
# (E06 unitary, E08 metropolitan district, E09 London borough, E10 county).
AUTHORITY_TYPES = {
    "county": "E10",
    "unitary": "E06",
    "isles-of-scilly": "E06",
    "metropolitan-borough": "E08",
    "london-borough": "E09",
    "city-of-london": "E09",
}

# The nine English regions (ONS names); used only to catch typos in the CSV.
REGIONS = frozenset({
    "North East", "North West", "Yorkshire and The Humber", "East Midlands",
    "West Midlands", "East of England", "London", "South East", "South West",
})

_GSS_RE = re.compile(r"E(06|08|09|10)\d{6}")
_URN_RE = re.compile(r"\d+")

# A word: letters/digits, possibly with inner apostrophes ("Torbay's"), or "&".
_TOKEN_RE = re.compile(r"[^\W_]+(?:['’‘ʼ`´][^\W_]+)*|&")
_APOSTROPHES = re.compile(r"['’‘ʼ`´]")
# Words that carry no identity and are dropped before matching.
_DROP = frozenset({"and", "the"})
# Words that alone never name a council ("the council", "the local authority").
_GENERIC = frozenset({
    "council", "councils", "local", "authority", "authorities", "la", "las",
    "county", "city", "borough", "metropolitan", "district", "royal", "of",
    "unitary", "children", "childrens", "services",
    "service", "social", "care", "department", "this", "that", "our", "its",
})
# Affixes stripped from a mention to reach a council's core name, longest first.
# find_all extends names with _SUFFIXES/_PREFIXES only; resolve also strips
# the service suffixes ("Torbay's children's services" names the council).
_SUFFIXES = tuple(tuple(s.split()) for s in (
    "metropolitan borough council", "metropolitan district council",
    "local authority", "borough council", "city council", "county council",
    "district council", "unitary authority", "unitary council", "council",
    "mbc", "cc", "bc", "la", "city",
))
_SERVICE_SUFFIXES = tuple(tuple(s.split()) for s in (
    "children services department", "children social care services",
    "children social care", "children services",
))
# "a Devon council" is some council in Devon, not Devon County Council.
_INDEFINITE = frozenset({"a", "an", "another", "one"})
# "Greater Manchester" is a conurbation, not the council of its core city.
_AREA_PREFIXES = frozenset({"greater"})
_PREFIXES = tuple(tuple(s.split()) for s in (
    "metropolitan borough of", "london borough of", "royal borough of",
    "borough of", "city of", "county of", "council of",
))
# Words whose case find_all ignores (all others must start upper-case in text).
_ANY_CASE = _GENERIC | frozenset({"upon", "on", "with", "under", "in", "st"})

DateLike = Union[date, datetime, None]


class GazetteerError(ValueError):
    """The gazetteer CSV is broken; ``problems`` lists (line number, message)."""

    def __init__(self, path: Path, problems: list[tuple[int, str]]):
        self.path = path
        self.problems = sorted(problems)
        lines = [f"{path}: {len(problems)} problem(s):"]
        lines += [f"  line {n}: {msg}" for n, msg in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Council:
    """One council (children's services authority) with its lifespan.

    ``start``/``end`` are inclusive first/last days; None means "before the
    gazetteer's horizon" / "still exists". ``ofsted_urn`` is None when unknown.
    ``predecessors``/``successors`` are GSS codes of the councils it replaced /
    that replaced it.
    """

    gss: str
    name: str
    short_name: str
    variants: tuple[str, ...]
    authority_type: str
    region: str
    ofsted_urn: Optional[str]
    start: Optional[date]
    end: Optional[date]
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Name, short name and variants, without duplicates, in that order."""
        return tuple(dict.fromkeys((self.name, self.short_name) + self.variants))

    def alive_on(self, day: date) -> bool:
        """True when the council existed on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


def _as_day(on, param: str = "on") -> Optional[date]:
    """Accept a date, datetime, DateValue-like (earliest/latest) or None."""
    if on is None:
        return None
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    if hasattr(on, "latest") and hasattr(on, "earliest"):
        return _as_day(on.latest or on.earliest, param)
    raise TypeError(f"parameter {param!r}: expected a date, got {type(on).__name__}")


def _norm_token(raw: str) -> str:
    """One word -> its matching form: accents folded, casefolded, possessive dropped."""
    if raw == "&":
        return "and"
    t = unicodedata.normalize("NFKD", raw)
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    t = _APOSTROPHES.sub("'", t)
    if t.endswith("'s"):
        t = t[:-2]
    t = t.replace("'", "")
    return "st" if t == "saint" else t


def _tokens(text: str) -> tuple[str, ...]:
    """Text -> matching words ("and"/"the" dropped)."""
    forms = (_norm_token(m.group()) for m in _TOKEN_RE.finditer(text))
    return tuple(f for f in forms if f and f not in _DROP)


def normalize(text: str) -> str:
    """The key a mention is looked up by: "Brighton & Hove's" -> "brighton hove"."""
    return " ".join(_tokens(text))


def _strip_once(toks: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every way of removing one known prefix or suffix (never leaving nothing)."""
    out = []
    for s in _SERVICE_SUFFIXES + _SUFFIXES:
        if len(toks) > len(s) and toks[-len(s):] == s:
            out.append(toks[:-len(s)])
    for p in _PREFIXES:
        if len(toks) > len(p) and toks[:len(p)] == p:
            out.append(toks[len(p):])
    return out


def _suffix_cores(toks: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A label's words with council-type suffixes repeatedly removed (prefixes kept)."""
    seen, todo = {toks}, [toks]
    while todo:
        cur = todo.pop()
        for s in _SUFFIXES:
            if len(cur) > len(s) and cur[-len(s):] == s and cur[:-len(s)] not in seen:
                seen.add(cur[:-len(s)])
                todo.append(cur[:-len(s)])
    return seen


def _overlap(a: Council, b: Council) -> bool:
    return (a.end is None or b.start is None or b.start <= a.end) and (
        b.end is None or a.start is None or a.start <= b.end)


def _pick(cands: list[Council], on: Optional[date]) -> Optional[Council]:
    """Choose among councils sharing a name: the one alive on ``on``.

    Without ``on`` (or if none was alive then) prefer the current council, else
    the one whose lifespan lies nearest to ``on`` (latest-ended without ``on``).
    """
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    if on is not None:
        alive = [c for c in cands if c.alive_on(on)]
        if alive:
            return alive[0]

        def distance(c: Council) -> int:
            if c.end is not None and c.end < on:
                return (on - c.end).days
            return (c.start - on).days if c.start else 0
        return min(cands, key=lambda c: (distance(c), c.gss))
    return max(cands, key=lambda c: (c.end is None, c.end or date.min, c.gss))


class Gazetteer:
    """All councils of the CSV, indexed by GSS code, URN and normalised label."""

    def __init__(self, path: Union[str, Path, None] = None):
        self.path = Path(path) if path is not None else DEFAULT_PATH
        self._councils, self._lines, problems = _read(self.path)
        self._by_gss = {c.gss: c for c in self._councils}
        self._by_urn: dict[str, list[Council]] = {}
        for c in self._councils:
            if c.ofsted_urn:
                self._by_urn.setdefault(c.ofsted_urn, []).append(c)
        self._index = _build_index(self._councils)
        problems += _check_index(self._index, self._lines)
        if problems:
            raise GazetteerError(self.path, problems)
        self._surfaces = _build_surfaces(self._index)
        self._max_len = max(len(k) for k in self._surfaces)
        self._first_words = frozenset(k[0] for k in self._surfaces)

    # ---- collection protocol
    def __iter__(self) -> Iterator[Council]:
        return iter(self._councils)

    def __len__(self) -> int:
        return len(self._councils)

    def alive_on(self, on: DateLike) -> list[Council]:
        """Councils that existed on the given day."""
        day = _as_day(on)
        return [c for c in self._councils if day is None or c.alive_on(day)]

    # ---- identifiers
    def by_gss(self, code: str) -> Optional[Council]:
        """The council with this GSS code, or None."""
        return self._by_gss.get((code or "").strip().upper())

    def by_urn(self, urn: Union[str, int], on: DateLike = None) -> Optional[Council]:
        """The council with this Ofsted URN (the one alive on ``on`` when a URN
        outlived a reorganisation, e.g. a county that became a unitary)."""
        return _pick(self._by_urn.get(str(urn).strip(), []), _as_day(on))

    def predecessors_of(self, council: Council) -> list[Council]:
        """The councils this one replaced (empty when it replaced none in the file)."""
        return [self._by_gss[g] for g in council.predecessors]

    def successors_of(self, council: Council) -> list[Council]:
        """The councils that replaced this one (empty while it exists)."""
        return [self._by_gss[g] for g in council.successors]

    # ---- names
    def candidates(self, mention: str) -> list[Council]:
        """Every council (of any lifespan) a mention can name, ordered by GSS code."""
        toks = _tokens(mention or "")
        if not toks:
            return []
        if toks not in self._index and all(w in _GENERIC for w in toks):
            return []
        if len(toks) > self._max_len + 4:  # longer than any name with affixes
            return []
        level, seen = [toks], {toks}
        while level:  # breadth first: the fewest affixes stripped wins
            for t in level:
                hits = self._index.get(t)
                if hits:
                    return sorted(hits, key=lambda c: c.gss)
            nxt = []
            for t in level:
                for s in _strip_once(t):
                    if s not in seen:
                        seen.add(s)
                        nxt.append(s)
            level = nxt
        return []

    def resolve(self, mention: str, on: DateLike = None) -> Optional[Council]:
        """The council a surface string names, or None (generic or unknown).

        ``on`` is the date the text speaks about: it picks between councils
        that used the same name at different times.
        """
        return _pick(self.candidates(mention), _as_day(on))

    def find_all(self, text: str, on: DateLike = None) -> list[tuple[int, int, Council]]:
        """Council mentions in prose as (start, end, council), left to right."""
        day = _as_day(on)
        words = []  # (start, end, matching form, raw)
        for m in _TOKEN_RE.finditer(text or ""):
            raw = m.group()
            form = _norm_token(raw)
            if not form or form in _DROP:
                words.append((m.start(), m.end(), None, raw))
                continue
            end = m.end()
            if _APOSTROPHES.sub("'", raw.casefold()).endswith("'s"):
                end -= 2
            words.append((m.start(), end, form, raw))
        out, i = [], 0
        keep = [k for k, w in enumerate(words) if w[2] is not None]
        while i < len(keep):
            hit = None
            if words[keep[i]][2] not in self._first_words:
                i += 1
                continue
            for n in range(min(self._max_len, len(keep) - i), 0, -1):
                idx = keep[i:i + n]
                key = tuple(words[k][2] for k in idx)
                cands = self._surfaces.get(key)
                if cands and self._plausible(text, words, idx):
                    hit = (n, cands)
                    break
            if hit is None:
                i += 1
                continue
            n, cands = hit
            first, last = words[keep[i]], words[keep[i + n - 1]]
            before = words[keep[i] - 1][3].casefold() if keep[i] > 0 else ""
            if not (last[3] == "council" and before in _INDEFINITE) \
                    and before not in _AREA_PREFIXES:
                out.append((first[0], last[1], _pick(cands, day)))
            i += n
        return out

    @staticmethod
    def _plausible(text: str, words, idx: list[int]) -> bool:
        """Capitalised distinctive words, and no sentence break inside the match."""
        for k in idx:
            _, _, form, raw = words[k]
            if form not in _ANY_CASE and not (raw[0].isupper() or raw[0].isdigit()):
                return False
        for a, b in zip(idx, idx[1:]):
            gap = text[words[a][1]:words[b][0]]
            # dropped words ("and", "the", "&") between two kept ones are fine
            rest = _TOKEN_RE.sub(" ", gap)
            if _APOSTROPHES.sub("", rest).strip(" \t\r\n-‐‑–,"):
                if not (rest.startswith(".") and words[a][2] == "st"
                        and not rest[1:].strip(" \t\r\n-‐‑–,")):
                    return False
        return True


def _build_index(councils: Iterable[Council]) -> dict[tuple[str, ...], list[Council]]:
    """Normalised label (and its suffix-stripped cores) -> councils using it."""
    index: dict[tuple[str, ...], list[Council]] = {}
    for c in councils:
        for label in c.labels:
            for core in _suffix_cores(_tokens(label)):
                if core and not all(w in _GENERIC for w in core):
                    lst = index.setdefault(core, [])
                    if c not in lst:
                        lst.append(c)
    return index


def _build_surfaces(index: dict) -> dict[tuple[str, ...], list[Council]]:
    """What find_all matches: every index key, plus its suffixed or prefixed forms.

    A generated form never overrides a label ("Dorset County Council" stays
    the county even though "Dorset" + "Council" is also generated), and a
    generated form shared by two councils alive at the same time is dropped.
    """
    generated: dict[tuple[str, ...], list[Council]] = {}
    for key, councils in index.items():
        forms = [key + s for s in _SUFFIXES] + [p + key for p in _PREFIXES]
        for form in forms:
            if form in index:
                continue
            lst = generated.setdefault(form, [])
            lst.extend(c for c in councils if c not in lst)
    surfaces = {k: list(v) for k, v in index.items()}
    for form, councils in generated.items():
        if not any(_overlap(a, b) for i, a in enumerate(councils) for b in councils[i + 1:]):
            surfaces[form] = councils
    return surfaces


def _check_index(index: dict, lines: dict[str, int]) -> list[tuple[int, str]]:
    """No label may name two councils whose lifespans overlap."""
    problems = []
    for key, councils in index.items():
        for i, a in enumerate(councils):
            for b in councils[i + 1:]:
                if _overlap(a, b):
                    later = max((a, b), key=lambda c: lines[c.gss])
                    other = a if later is b else b
                    problems.append((lines[later.gss],
                                     f"{later.gss}: name {' '.join(key)!r} is also used by "
                                     f"{other.gss} (line {lines[other.gss]}) and their "
                                     f"lifespans overlap"))
    return problems


def _parse_date(value: str, column: str, line: int, problems: list) -> Optional[date]:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append((line, f"column {column!r}: {value!r} is not an ISO date (YYYY-MM-DD)"))
        return None


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(";") if v.strip())


def _read(path: Path) -> tuple[list[Council], dict[str, int], list[tuple[int, str]]]:
    """Parse and check the CSV rows: councils, their line numbers, problems found.

    Unreadable files and missing columns raise at once (nothing else can be
    checked); row problems are returned so the caller reports them together
    with the cross-row name check.
    """
    problems: list[tuple[int, str]] = []
    councils: list[Council] = []
    lines: dict[str, int] = {}
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(path, [(0, f"cannot read: {exc}")]) from exc
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise GazetteerError(path, [(1, f"missing column(s): {', '.join(missing)}")])
        for row in reader:
            n = reader.line_num
            if None in row:
                problems.append((n, "more fields than the header has columns"))
            get = {k: (row.get(k) or "").strip() for k in COLUMNS}
            gss = get["gss"]
            if not _GSS_RE.fullmatch(gss):
                problems.append((n, f"column 'gss': {gss!r} is not an upper-tier GSS code (E06/E08/E09/E10 + 6 digits)"))
            elif gss in lines:
                problems.append((n, f"column 'gss': {gss} duplicates line {lines[gss]}"))
            for col in ("name", "short_name"):
                if not get[col]:
                    problems.append((n, f"column {col!r} is empty"))
            atype = get["authority_type"]
            if atype not in AUTHORITY_TYPES:
                problems.append((n, f"column 'authority_type': {atype!r} is not one of {', '.join(AUTHORITY_TYPES)}"))
            elif _GSS_RE.fullmatch(gss) and not gss.startswith(AUTHORITY_TYPES[atype]):
                problems.append((n, f"column 'authority_type': {atype!r} needs a {AUTHORITY_TYPES[atype]} code, got {gss}"))
            if get["region"] not in REGIONS:
                problems.append((n, f"column 'region': {get['region']!r} is not an English region"))
            urn = get["ofsted_urn"]
            if urn and not _URN_RE.fullmatch(urn):
                problems.append((n, f"column 'ofsted_urn': {urn!r} is not a number"))
            start = _parse_date(get["start"], "start", n, problems)
            end = _parse_date(get["end"], "end", n, problems)
            if start and end and end < start:
                problems.append((n, f"end {end} is before start {start}"))
            variants = _split(get["variants"])
            if get["variants"] and len(variants) != len(get["variants"].split(";")):
                problems.append((n, "column 'variants': empty item between semicolons"))
            for label in (get["name"], get["short_name"]) + variants:
                if label and all(w in _GENERIC for w in _tokens(label)):
                    problems.append((n, f"label {label!r} has no distinctive word"))
            council = Council(gss, get["name"], get["short_name"], variants, atype,
                              get["region"], urn or None, start, end,
                              _split(get["predecessors"]), _split(get["successors"]))
            if gss not in lines:
                lines[gss] = n
                councils.append(council)
    by_gss = {c.gss: c for c in councils}
    for c in councils:
        n = lines[c.gss]
        for col, codes, back in (("predecessors", c.predecessors, "successors"),
                                 ("successors", c.successors, "predecessors")):
            for code in codes:
                other = by_gss.get(code)
                if other is None:
                    problems.append((n, f"column {col!r}: {code} is not a council in this file"))
                elif c.gss not in getattr(other, back):
                    problems.append((n, f"column {col!r}: {code} (line {lines[code]}) does not list {c.gss} in its {back}"))
        if c.successors and c.end is None:
            problems.append((n, "has successors but no end date"))
        if c.predecessors and c.start is None:
            problems.append((n, "has predecessors but no start date"))
    return councils, lines, problems


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> Gazetteer:
    return Gazetteer(path)


def load(path: Union[str, Path, None] = None) -> Gazetteer:
    """The gazetteer for ``path`` (default data/councils.csv), read once per process."""
    return _load_cached(Path(path).resolve() if path is not None else DEFAULT_PATH)
