"""Entity resolution: deciding that two mentions are one council, person,
inspection, board or partnership, and minting one stable IRI for each.

Extractors hand over raw surface strings ("Torbay's", "Steve Hart", "the
council"); this module turns them into entities using the gazetteer, the
nickname table and the document's own context, without inventing anything:
an unresolvable mention stays unresolved and the fact is dropped with a
reason, never attached to a guessed entity.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .model import Board, Document, Fact, Inspection, Intervention, Tenure
from .names import ID, slug, short_hash

__all__ = ["Resolved", "ResolvedFact", "Entity", "resolve", "person_key", "clean_person_name", "delivery_body_name"]

DATA = Path(__file__).resolve().parent.parent / "data"
_GENERIC_ORG = re.compile(r"^(?:the\s+)?(?:council|local authority|authority|borough|county)(?:'s|’s)?$", re.I)
# A children's services trust or company named in the text: "<Place> Children's (Services) Trust",
# "<Place> Children's Services Company/Ltd". At least one capitalised word before "Children" keeps
# the 2004 "Children's Trust" partnership boards ("the Children's Trust") out.
_DELIVERY_BODY = re.compile(r"(?:[A-Z][\w'’&-]*\s+){1,6}?Children(?:['’]s)?\s+(?:Services\s+|and\s+Families\s+)?"
                            r"(?:Trust|Company|Ltd|Limited|CIC)")
_HONORIFIC = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Cllr|Councillor|Sir|Dame|Lord|Lady)\.?\s+)+", re.I)


@dataclass
class Entity:
    """A resolved entity: its IRI, class key and the names it goes by."""

    iri: str
    kind: str  # council | person | board | inspection | partnership | post | organisation
    label: str
    names: set[str] = field(default_factory=set)
    attrs: dict = field(default_factory=dict)


@dataclass
class ResolvedFact:
    """A fact with its node IRI and the IRIs of the entities it refers to."""

    fact: Fact
    doc: Document
    iri: str
    refs: dict = field(default_factory=dict)


@dataclass
class Resolved:
    docs: dict[str, Document]
    facts: list[ResolvedFact]
    entities: dict[str, Entity]
    dropped: list[tuple[Fact, str]]

    def of_kind(self, kind: str) -> list[ResolvedFact]:
        return [f for f in self.facts if f.fact.kind == kind]


# --- names --------------------------------------------------------------------

@lru_cache(maxsize=1)
def _nicknames() -> dict[str, str]:
    out: dict[str, str] = {}
    with open(DATA / "nicknames.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            formal = row["formal"].strip().lower()
            out.setdefault(formal, formal)
            for s in row["short_forms"].split(";"):
                if s.strip():
                    out.setdefault(s.strip().lower(), formal)
    return out


def _fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower()


def clean_person_name(name: str) -> str:
    """Strip honorifics, grade suffixes ("(OI)", "HMI"), possessives and extra space."""
    n = re.sub(r"\s+", " ", name).strip(" ,.;:")
    n = re.sub(r"\s*\((?:OI|HMI)\)\s*$|\s+(?:HMI|OI)$", "", n)
    n = re.sub(r"(?:'s|’s)$", "", n)
    return _HONORIFIC.sub("", n).strip()


def person_key(name: str) -> str:
    """Key under which two spellings of one name meet: first name through the
    nickname table, last name as written (ASCII-folded).

    >>> person_key("Steve Hart") == person_key("Stephen Hart")
    True
    """
    parts = _fold(clean_person_name(name)).replace("-", " ").split()
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    first = _nicknames().get(parts[0], parts[0])
    return f"{first} {parts[-1]}"


# --- the resolver -------------------------------------------------------------

class _Resolver:
    def __init__(self, docs: list[Document], gazetteer):
        self.docs = {d.doc_id: d for d in docs}
        self.gaz = gazetteer
        self.entities: dict[str, Entity] = {}
        self.dropped: list[tuple[Fact, str]] = []
        self.main_council: dict[str, Optional[str]] = {}

    # councils
    def _council_entity(self, council) -> str:
        iri = f"{ID}council/{council.gss}"
        if iri not in self.entities:
            self.entities[iri] = Entity(iri, "council", council.name, {council.name}, {"gss": council.gss})
        return iri

    def council(self, mention: Optional[str], doc: Document) -> Optional[str]:
        """IRI of the council a mention names; generic words mean the document's council."""
        on = doc.published.latest if doc.published and doc.published.latest else None
        if mention and not _GENERIC_ORG.match(mention.strip()):
            c = self.gaz.resolve(mention, on=on)
            if c is not None:
                return self._council_entity(c)
            found = self.gaz.find_all(mention)
            if len(found) == 1:
                return self._council_entity(found[0][2])
            return None
        return self.main_council.get(doc.doc_id)

    def decide_main_councils(self, facts_by_doc: dict[str, list[Fact]]):
        for doc_id, doc in self.docs.items():
            main = None
            for f in facts_by_doc.get(doc_id, []):
                if isinstance(f, Inspection) and f.is_report and f.org:
                    main = self.council(f.org, doc)
                    break
            if main is None:
                on = doc.published.latest if doc.published else None
                counts = Counter(c.gss for _, _, c in self.gaz.find_all(doc.text)
                                 if on is None or c.alive_on(on))
                if counts:
                    gss, _ = counts.most_common(1)[0]
                    main = self._council_entity(self.gaz.by_gss(gss))
            self.main_council[doc_id] = main

    def delivery_org(self, name: str) -> str:
        """IRI of a children's services trust or company named in the text (not in the gazetteer):
        one per name, however its apostrophes are printed."""
        key = slug(re.sub(r"['’]s\b", "s", name))
        iri = f"{ID}organisation/{key}"
        e = self.entities.get(iri)
        if e is None:
            self.entities[iri] = Entity(iri, "organisation", name, {name})
        else:
            e.names.add(name)
        return iri

    def member(self, mention: Optional[str], doc: Document) -> Optional[str]:
        """A partnership member: a named trust or company, else a council."""
        name = delivery_body_name(mention)
        return self.delivery_org(name) if name else self.council(mention, doc)

    # people
    def people(self, facts: list[tuple[Fact, Document]]) -> dict[tuple[str, str], str]:
        """Map (doc id, raw name) -> person IRI."""
        full_by_doc: dict[str, dict[str, str]] = defaultdict(dict)  # doc -> surname -> key
        mentions: list[tuple[str, str]] = []
        for f, doc in facts:
            for name in _person_names(f):
                mentions.append((doc.doc_id, name))
                key = person_key(name)
                if " " in key:
                    full_by_doc[doc.doc_id].setdefault(key.split()[-1], key)
        forms: dict[str, Counter] = defaultdict(Counter)
        out_keys: dict[tuple[str, str], str] = {}
        for doc_id, name in mentions:
            key = person_key(name)
            if not key:
                continue
            if " " not in key:  # surname alone: the full name used in the same document
                key = full_by_doc[doc_id].get(key)
                if key is None:
                    continue
            out_keys[(doc_id, name)] = key
            clean = clean_person_name(name)
            if " " in clean:
                forms[key][clean] += 1
        result = {}
        for (doc_id, name), key in out_keys.items():
            iri = f"{ID}person/{slug(key)}"
            if iri not in self.entities:
                names = forms.get(key) or Counter({clean_person_name(name): 1})
                label = _formal_label(names)
                self.entities[iri] = Entity(iri, "person", label, set(names))
            else:
                self.entities[iri].names.update(forms.get(key, ()))
            result[(doc_id, name)] = iri
        return result

    def unnamed_person(self, f: Tenure, doc: Document, org_iri: Optional[str]) -> str:
        # one unnamed holder per post and sentence: "the previously fixed term DCS" made
        # permanent is one person with two tenures
        iri = f"{ID}person/unnamed-{short_hash(f.role, org_iri or '', doc.doc_id, f.quote.start)}"
        org_label = self.entities[org_iri].label if org_iri in self.entities else "an unresolved organisation"
        from . import vocab
        role = vocab.label("role", f.role).lower() if f.role in vocab.keys("role") else f.role
        # the extractor's notes on the holder go on the tenure as a comment, not in the name
        self.entities.setdefault(iri, Entity(iri, "person", f"unnamed {role}, {org_label}", set(),
                                             {"unnamed": True}))
        return iri

    # boards
    def board(self, name: str, btype: str, org_iri: Optional[str]) -> Optional[str]:
        if not org_iri:
            return None
        gss = org_iri.rsplit("/", 1)[-1]
        key = btype if btype and btype != "other" else slug(_strip_possessive_org(name, self.gaz))
        iri = f"{ID}board/{gss}/{slug(key)}"
        clean = _strip_possessive_org(name, self.gaz)
        e = self.entities.get(iri)
        if e is None:
            self.entities[iri] = Entity(iri, "board", clean, {clean}, {"type": btype, "org": org_iri})
        else:
            e.names.add(clean)
            if len(clean) < len(e.label):  # the plainest name is the label
                e.label = clean
        return iri


def delivery_body_name(mention: Optional[str]) -> Optional[str]:
    """The name of a children's services trust or company when the mention is one, else None.

    >>> delivery_body_name("the Exampleton Children’s Services Trust")
    'Exampleton Children’s Services Trust'
    >>> delivery_body_name("the Children's Trust") is None
    True
    """
    if not mention:
        return None
    n = re.sub(r"^the\s+", "", re.sub(r"\s+", " ", mention).strip(" ,.;:"), flags=re.I)
    return n if _DELIVERY_BODY.fullmatch(n) else None


def _formal_label(forms: Counter) -> str:
    """The longest first name among forms (Stephen over Steve), ties by frequency."""
    return sorted(forms, key=lambda n: (-len(n.split()[0]), -forms[n], n))[0]


def _person_names(f: Fact) -> list[str]:
    names = []
    if isinstance(f, Tenure) and f.person:
        names.append(f.person)
    if isinstance(f, Inspection):
        names += [m.name for m in f.team]
    if isinstance(f, Board) and f.chair:
        names.append(f.chair)
    if isinstance(f, Intervention) and f.person:
        names.append(f.person)
    return names


def _strip_possessive_org(name: str, gaz) -> str:
    """"Torbay's Corporate Parenting Board" -> "Corporate Parenting Board"."""
    n = re.sub(r"\s+", " ", name).strip()
    n = re.sub(r"^the\s+", "", n, flags=re.I)
    for s, e, _ in sorted(gaz.find_all(n), key=lambda t: -t[0]):
        if s == 0:
            rest = n[e:]
            rest = re.sub(r"^(?:'s|’s)?\s*", "", rest)
            if rest:
                n = rest
    return n[:1].upper() + n[1:] if n else name








def resolve(docs: list[Document], facts_by_doc: dict[str, list[Fact]], gazetteer) -> Resolved:
    """Resolve every fact of every document; see the module docstring."""
    from .resolve_facts import resolve_facts
    r = _Resolver(docs, gazetteer)
    r.decide_main_councils(facts_by_doc)
    pairs = [(f, r.docs[d]) for d, fs in facts_by_doc.items() for f in fs]
    people = r.people(pairs)
    facts = resolve_facts(r, pairs, people)
    return Resolved(r.docs, facts, r.entities, r.dropped)
