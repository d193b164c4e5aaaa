"""Plain records that flow from extraction to RDF building.

Extractors produce these dataclasses and nothing else: no rdflib, no IRIs,
no name resolution. Every fact carries the verbatim ``Quote`` it rests on, so
the graph can always point back to the exact sentence.

>>> doc = Document(doc_id="abc", text="The DCS has been in post since July 2016.")
>>> q = make_quote(doc, 0, 41)
>>> q.exact
'The DCS has been in post since July 2016.'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Optional

__all__ = [
    "DateValue", "Document", "Quote", "QuoteError", "make_quote", "quote_of",
    "Fact", "Tenure", "Inspection", "TeamMember", "Judgement", "Recommendation",
    "Finding", "Indicator", "Partnership", "PartnershipEvent", "Intervention",
    "Board", "BoardLink", "FACT_KINDS",
]


@dataclass(frozen=True)
class DateValue:
    """A date at the precision the text gives it, with machine-usable bounds.

    ``literal`` is the stated value ("2018-06-11", "2016-07", "2018") or None
    when only bounds are known. ``earliest``/``latest`` are inclusive bounds
    (None = unbounded on that side). ``qualifier`` is a key of the
    date-qualifier scheme: exact, inferred, approximate or bounded.
    """

    literal: Optional[str]
    earliest: Optional[date]
    latest: Optional[date]
    qualifier: str = "exact"
    note: str = ""

    @property
    def precision(self) -> Optional[str]:
        if self.literal is None:
            return None
        return {10: "day", 7: "month", 4: "year"}.get(len(self.literal))

    def covers(self, day: date) -> bool:
        """True when ``day`` lies within the bounds (an open side admits all)."""
        return (self.earliest is None or self.earliest <= day) and (
            self.latest is None or day <= self.latest)


@dataclass
class Document:
    """One source document: its text (as read or extracted) and manifest metadata.

    ``doc_id`` is the first 16 hex digits of the SHA-256 of the file's bytes.
    ``kind`` is a document-kind vocabulary key (ofsted-inspection,
    monitoring-visit, news, review, other or unknown; the manifest's
    underscores become hyphens); ``published`` a DateValue or None when unknown.
    """

    doc_id: str
    text: str
    file: str = ""
    title: Optional[str] = None
    publisher: Optional[str] = None
    creator: Optional[str] = None
    published: Optional[DateValue] = None
    kind: str = "unknown"
    url: Optional[str] = None
    sha256: str = ""
    metadata_source: dict = field(default_factory=dict)  # field -> "manifest"|"text"|"pdf-metadata"


class QuoteError(ValueError):
    """A quote does not occur verbatim in its document."""


@dataclass(frozen=True)
class Quote:
    """A verbatim span of a document: the evidence for a fact."""

    doc_id: str
    exact: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.exact)


def make_quote(doc: Document, start: int, end: int) -> Quote:
    """Quote ``doc.text[start:end]``, trimmed of surrounding white space."""
    if not (0 <= start < end <= len(doc.text)):
        raise QuoteError(f"{doc.file or doc.doc_id}: span {start}:{end} outside the text")
    raw = doc.text[start:end]
    lead = len(raw) - len(raw.lstrip())
    exact = raw.strip()
    if not exact:
        raise QuoteError(f"{doc.file or doc.doc_id}: empty quote at {start}")
    return Quote(doc.doc_id, exact, start + lead)


def quote_of(doc: Document, exact: str, near: int = 0) -> Quote:
    """Find ``exact`` in the document (first occurrence at or after ``near``)."""
    at = doc.text.find(exact, near)
    if at < 0:
        at = doc.text.find(exact)
    if at < 0:
        raise QuoteError(f"{doc.file or doc.doc_id}: quote not found: {exact[:80]!r}")
    return Quote(doc.doc_id, exact, at)


@dataclass
class Fact:
    """Base of every fact: its evidence and how it entered the graph.

    ``path`` is an evidence-path key (extracted or curated); ``by`` names the
    extractor module or the curated annotation id.
    """

    quote: Quote
    path: str = "extracted"
    by: str = ""

    kind = "fact"


@dataclass
class Tenure(Fact):
    """Someone holding a post in an organisation, at some time.

    ``person`` is None for an unnamed holder ("The DCS has been in post since
    July 2016"). ``org`` is the raw organisation mention. ``seen`` lists dates
    at which the text shows the person in post (e.g. the document date for
    "Torbay's director of children's services Alison Botham").
    ``start``/``end`` are None when unknown. ``arrangement`` names the
    partnership text that created the tenure, when the text says so.
    """

    person: Optional[str] = None
    role: str = ""
    org: Optional[str] = None
    status: Optional[str] = None
    start: Optional[DateValue] = None
    end: Optional[DateValue] = None
    seen: list[DateValue] = field(default_factory=list)
    end_cause: Optional[str] = None
    arrangement: Optional[str] = None
    descriptor: str = ""

    kind = "tenure"


@dataclass
class TeamMember:
    name: str
    role: str  # role key: lead-inspector, deputy-lead-inspector, team-inspector, ...
    quote: Optional[Quote] = None
    grade: Optional[str] = None  # "HMI", "OI" where printed


@dataclass
class Inspection(Fact):
    """An inspection or visit of one council.

    ``key`` is local to the document and lets judgements, findings and
    recommendations refer to it. ``previous_of`` is set for an earlier
    inspection the document only cites ("The last inspection report ... was
    published in January 2016"): the key of the citing inspection.
    """

    key: str = "main"
    org: Optional[str] = None
    type: str = ""  # inspection-type key
    start: Optional[DateValue] = None
    end: Optional[DateValue] = None
    published: Optional[DateValue] = None
    team: list[TeamMember] = field(default_factory=list)
    ordinal: Optional[int] = None
    judged: Optional[DateValue] = None  # "judged inadequate in June 2018": on-site or published, unsaid
    previous_of: Optional[str] = None
    is_report: bool = False  # the document is this inspection's report

    kind = "inspection"


@dataclass
class Judgement(Fact):
    """A grade for one area. ``area`` "" means the text says only that the
    service was rated ("judged inadequate in June 2018") without naming the
    framework: resolution gives it the overall-effectiveness area of the
    inspection it meets, or drops it with the reason."""

    inspection: str = "main"
    area: str = ""   # judgement-area key
    grade: str = ""  # grade key

    kind = "judgement"


@dataclass
class Recommendation(Fact):
    inspection: str = "main"
    number: Optional[int] = None
    text: str = ""
    repeated: bool = False

    kind = "recommendation"


@dataclass
class Finding(Fact):
    inspection: str = "main"
    number: Optional[int] = None
    text: str = ""
    themes: list[str] = field(default_factory=list)
    area: Optional[str] = None
    org: Optional[str] = None

    kind = "finding"


@dataclass
class Indicator(Fact):
    measure: str = ""   # indicator-measure key
    value: float = 0.0
    unit: str = ""      # unit key
    date: Optional[DateValue] = None
    org: Optional[str] = None
    scope: str = "council"

    kind = "indicator"


@dataclass
class Partnership(Fact):
    """An arrangement between organisations (contractual partnership, trust, ...).

    ``members`` are raw organisation mentions; ``lead``/``supported`` name
    which member leads, when the text says so.
    """

    members: list[str] = field(default_factory=list)
    type: str = ""  # intervention-type key
    lead: Optional[str] = None
    supported: Optional[str] = None
    label: str = ""

    kind = "partnership"


@dataclass
class PartnershipEvent(Fact):
    """A life-cycle event: agreed, announced, decided, formed, dissolved, ended."""

    members: list[str] = field(default_factory=list)
    type: str = ""
    event: str = ""  # event-kind key
    date: Optional[DateValue] = None

    kind = "partnership-event"


@dataclass
class Intervention(Fact):
    """A statutory direction, commissioner, improvement notice or adviser."""

    org: Optional[str] = None
    type: str = ""  # intervention-type key
    date: Optional[DateValue] = None
    person: Optional[str] = None
    partner: Optional[str] = None

    kind = "intervention"


@dataclass
class Board(Fact):
    name: str = ""
    type: str = ""  # board-type key
    org: Optional[str] = None
    chair: Optional[str] = None
    chair_role: Optional[str] = None  # role key of the chair (independent-chair, chair)

    kind = "board"


@dataclass
class BoardLink(Fact):
    board_a: str = ""
    board_b: str = ""
    org: Optional[str] = None
    linked: bool = False

    kind = "board-link"


FACT_KINDS = {cls.kind: cls for cls in (
    Tenure, Inspection, Judgement, Recommendation, Finding, Indicator,
    Partnership, PartnershipEvent, Intervention, Board, BoardLink)}
