"""Who holds which post where, and when: person-post-organisation-date patterns.

Prose names post-holders in a handful of shapes, all found around a role
mention (the role scheme's labels, via ``graph.vocab``):

* apposition after the role: "Plymouth's director of children's services,
  Alison Botham"; "an acting director of children's services (DCS), Nancy
  Meehan"; "Children's services director Alison Botham said";
* apposition before it: "Steve Hart, Independent Chair of X's Improvement
  Board"; signatures "Stephen Hart, Independent Chair, X Improvement Board.";
* clauses: "Jo Bloggs, who was appointed interim DCS in May";
  "Jo Bloggs has been appointed as the council's chief executive";
* unnamed holders created by an event: "the permanent appointment of the
  previously fixed term DCS" (a fixed-term tenure ending and a permanent one
  starting), "the promotion of the deputy to the role of Chief Executive",
  "the recent appointment of an interim deputy director", "the council's new
  chief executive".

When a named holder is *seen* in post: the addressee of the letter the
document reports is in post at that letter's date; the speaker of a reported
statement ("... director Jo Bloggs said") at some time up to the document
date (bounded, not at it); anyone else described in post, at the document
date. "has been in post since July 2016" gives a start; "new" gives a start
within the twelve months before the document date (``temporal.recent``),
unless a date is stated.

A bare post ("the Leader of the Council", "the Cabinet Member for Children")
with no name, status or event gives no tenure: it asserts nothing beyond the
post existing, which the post model already implies. Nor do negated or
intended posts ("no permanent DCS", "to appoint a new chair") or an unnamed
chair whose board is not named. Inspector roles give no
tenure here (news visits carry them as inspection team members), nor do
unnamed commissioners (they are interventions, see ``arrangements``).

The organisation is the raw mention the text ties to the role (possessive
before it, "of/at/for X" after it, the council that "appoints" in the same
sentence, the one council the sentence names); failing those, the
document's main council (the most-mentioned one) with the descriptor saying
so. Names are raw strings: "Steve" and "Stephen" are merged later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from .. import temporal
from ..model import DateValue, Document, Fact, Intervention, Tenure, make_quote

__all__ = ["Context", "Sentence", "find_tenures", "person_names", "is_person_name",
           "role_mentions", "norm", "vocab_api", "org_before", "council_in", "main_org_note"]


def vocab_api():
    """The SKOS lookup module (imported late so a missing scheme fails loudly
    at use, not at import of every extractor)."""
    from .. import vocab
    return vocab


def norm(text: str) -> str:
    """Straight quotes for curly ones: same length, so offsets stay valid."""
    return text.translate(_QUOTES)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'", "ʼ": "'", "–": "-", "—": "-",
                         "\u00a0": " "})


@dataclass
class Sentence:
    start: int
    end: int
    text: str   # normalised text (see ``norm``), same offsets as the document

    def at(self, i: int) -> int:
        return self.start + i


@dataclass
class Context:
    """What every prose pattern needs: the text, the reference date for
    relative expressions, the council mentions and the main council."""

    doc: Document
    ref: Optional[DateValue] = None
    sentences: list[Sentence] = field(default_factory=list)
    councils: list[tuple[int, int, str]] = field(default_factory=list)  # doc offsets, raw mention
    council_names: set[str] = field(default_factory=set)               # bare names ("Torbay")
    main: Optional[str] = None                                          # most-mentioned council name
    council_key: dict = field(default_factory=dict)                    # raw mention -> council id
    surnames: dict = field(default_factory=dict)                       # "Meehan" -> "Nancy Meehan"
    letter_date: Optional[DateValue] = None                            # date of the letter/report the text reports
    by: str = "prose"

    def sentence_of(self, pos: int) -> Optional[Sentence]:
        for s in self.sentences:
            if s.start <= pos < s.end:
                return s
        return None


def main_org_note(ctx: Context) -> str:
    return f"organisation not named in the sentence: taken as the document's most-mentioned council ({ctx.main})"


# --- names -------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_TOKEN = rf"(?:(?:Mc|Mac|O'|D'|De|Van|Le)?[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)?)"
_PERSON = re.compile(rf"(?<![\w'-])({_TOKEN}(?:[ ][{_UP}]\.)?(?:[ ]{_TOKEN}){{1,2}})(?![\w-])(?!'s\b)")
# Capitalised words that begin or fill titles, headings and organisation names in
# this genre; a "name" containing one is not a person.
_NOT_NAME = set("""
The A An And Of For In On At To By From With But However Although While Whilst This That These Those It Its
Council Councils City Borough County District Metropolitan Royal Authority Government Department Ofsted Dfe DfE
Children Childrens Child Family Families Services Service Social Care Board Boards Partnership Committee Forum Panel
Trust Director Directors Deputy Assistant Chief Executive Independent Chair Chairman Chairwoman Improvement Advisor
Adviser Inspector Inspectors Inspection Leader Cabinet Member Members Lead Worker Workers Principal Principle
Local Education Health Safeguarding Commissioner Secretary State Minister Parliamentary Under Mr Mrs Ms Miss Dr
Cllr Councillor Professor Sir Dame Lord Lady Monday Tuesday Wednesday Thursday Friday Saturday Sunday January
February March April May June July August September October November December Senior Strategic Corporate
Parenting Community Safety Early Help Scrutiny Overview Executive Review Report Letter Plan Strategy Team Teams
Inspectorate Majesty Her His Their Our We You He She They Interim Acting Permanent Joint New Former Previous Live
Air Now Playing Listen More Comments News Photo Picture Stock Adobe Commons Wikimedia Song Evening Morning Read
Following After Before During Since Recent Recently Ltd Limited Quality Assurance Practice Academy Programme
North South East West Central Greater Upon Under Street Road House Hall Centre Unit Hub School Schools Agency
""".split())


def is_person_name(name: str, ctx: Optional[Context] = None) -> bool:
    toks = name.replace(".", " ").split()
    if len(toks) < 2:
        return False
    if any(t in _NOT_NAME or t.rstrip("'s") in _NOT_NAME for t in toks if len(t) > 1):
        return False
    if ctx is not None and toks[0] in ctx.council_names:
        return False
    return True


def person_names(text: str, ctx: Optional[Context] = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of person-like names: two or three capitalised tokens."""
    out = []
    for m in _PERSON.finditer(text):
        name = m.group(1)
        if is_person_name(name, ctx):
            out.append((m.start(1), m.end(1), name))
    return out


_SURNAME = re.compile(rf"(?<![\w'-])({_TOKEN})(?![\w-])")


def _name_at(text: str, pos: int, ctx: Context) -> Optional[tuple[int, int, str]]:
    """A person name starting exactly at ``pos`` (after optional title); a lone surname
    of someone the document has already named in full gives that full name."""
    m = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Professor)\.? )?").match(text, pos)
    p = m.end() if m else pos
    m = _PERSON.match(text, p)
    if m and is_person_name(m.group(1), ctx):
        return m.start(1), m.end(1), m.group(1)
    m = _SURNAME.match(text, p)
    if m and m.group(1) in ctx.surnames:
        return m.start(1), m.end(1), ctx.surnames[m.group(1)]
    return None


def _name_ending(text: str, pos: int, ctx: Context) -> Optional[tuple[int, int, str]]:
    """A person name ending exactly at ``pos``."""
    best = None
    for m in _PERSON.finditer(text, max(0, pos - 60), pos):
        if m.end(1) == pos and is_person_name(m.group(1), ctx):
            best = (m.start(1), m.end(1), m.group(1))
    if best is None:
        m = re.search(rf"(?<![\w'-])({_TOKEN})$", text[max(0, pos - 40):pos])
        if m and m.group(1) in ctx.surnames:
            st = pos - len(m.group(1))
            before = text[max(0, st - 20):st]
            if not re.search(rf"[{_UP}][{_LO}]+ $", before) or before.endswith(". "):
                return st, pos, ctx.surnames[m.group(1)]
    if best:
        # the name must not be the tail of a longer capitalised run (a heading)
        before = text[max(0, best[0] - 2):best[0]]
        if re.search(rf"[{_UP}][{_LO}]+ $", text[max(0, best[0] - 20):best[0]]) and not before.startswith(","):
            return None
    return best


# --- roles and statuses -------------------------------------------------------------

# Genre phrasings the role scheme may lack, each mapped to a scheme label (the key still comes from
# graph.vocab): "deputy director" in children's-services prose is the deputy DCS unless it names
# another service.
_EXTRA_ROLE_FORMS = [
    (re.compile(r"children's services director|director of children's social care|children's director", re.I),
     "director of children's services"),
    (re.compile(r"\bdeputy director\b(?!\s+(?:of|for)\s+(?!children))", re.I), "deputy director of children's services"),
]


def role_mentions(s: str) -> list[tuple[int, int, str]]:
    """(start, end, role key) in normalised sentence text, longest first at a place."""
    v = vocab_api()
    found = list(v.find_all("role", s))
    for rx, label in _EXTRA_ROLE_FORMS:
        for m in rx.finditer(s):
            if any(a <= m.start() < b for a, b, _ in found):
                continue
            key = v.match("role", m.group()) or v.match("role", label)
            if key:
                found.append((m.start(), m.end(), key))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out = []
    for a, b, k in found:
        if out and a < out[-1][1]:
            continue
        out.append((a, b, k))
    return out


_NP_STOP = {"the", "a", "an", "of", "and", "its", "their", "his", "her", "as", "to", "was", "is", "be", "been",
            "appoint", "appointed", "previously", "former", "formerly"}


def _status_before(s: str, a: int) -> tuple[Optional[str], int]:
    """A tenure-status word in the words just before a role (same noun phrase)."""
    win_start = a
    for _ in range(4):
        off = max(0, win_start - 60)
        m = re.search(r"([\w'-]+)\s+$", s[off:win_start])
        if not m or m.group(1).endswith(("'s", "s'")) or m.group(1).lower() in _NP_STOP:
            break
        win_start = off + m.start(1)
    window = s[win_start:a]
    v = vocab_api()
    hits = v.find_all("tenure-status", window) if window.strip() else []
    if hits:
        st, en, key = hits[-1]
        return key, win_start + st
    return None, win_start


_POSSESSIVE = re.compile(rf"((?:[{_UP}][\w&-]*[ ])*[{_UP}][\w&-]*|the council|the authority|the local authority)'s?\s+$")


def org_before(s: str, a: int) -> Optional[tuple[int, int, str]]:
    """A possessive organisation mention ending just before ``a``: "Torbay's"."""
    m = _POSSESSIVE.search(s[max(0, a - 80):a])
    if not m:
        return None
    off = max(0, a - 80)
    st, en = off + m.start(1), off + m.end()
    mention = s[st:en].rstrip()
    if mention.lower().split("'")[0] in {"it", "its", "their"} or not mention.endswith(("'s", "s'")):
        return None
    return st, st + len(mention), mention


def council_in(ctx: Context, sent: Sentence, a: int = 0, b: Optional[int] = None) -> list[tuple[int, int, str]]:
    """Council mentions inside the sentence (doc offsets), optionally in [a, b) sentence offsets."""
    lo, hi = sent.start + a, sent.start + (len(sent.text) if b is None else b)
    return [(s, e, m) for s, e, m in ctx.councils if lo <= s and e <= hi]


_AFTER_ORG = re.compile(r"\s*(?:\([^)]{1,12}\))?\s*(?:of|at|for|in)\s+((?:the\s+)?(?:[A-Z][\w'&-]*\s+){0,5}"
                        r"(?:Council|Board|Committee|Partnership|Trust|Services|Service|[A-Z][\w'-]*))")


_COMMA_ORG = re.compile(r"\s*,\s*((?:the\s+)?(?:[A-Z][\w'&-]*\s+){0,5}(?:Board|Committee|Partnership|Council|Trust|Services))\b")


def _org_for(ctx: Context, sent: Sentence, a: int, b: int) -> tuple[Optional[str], str]:
    s = sent.text
    p = org_before(s, _status_before(s, a)[1])
    if p:
        mention = ctx.doc.text[sent.at(p[0]):sent.at(p[1])]
        if mention[:1].islower():  # "the council's": the document's own council
            return (ctx.main, main_org_note(ctx)) if ctx.main else (None, "")
        return mention, ""
    m = _AFTER_ORG.match(s, b) or _COMMA_ORG.match(s, b)
    if m:
        cand = m.group(1)
        if any(n in cand for n in ctx.council_names) or re.search(r"Board|Committee|Partnership|Council", cand):
            st = sent.at(m.start(1))
            return ctx.doc.text[st:st + len(cand)], ""
    ap = re.search(r"([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)\s+(?:has\s+|have\s+|had\s+)?(?:appoint|appoints|appointed)\b[^.]{0,30}$",
                   s[:a])
    if ap and ap.group(1) in ctx.council_names:
        st = sent.at(ap.start(1))
        return ctx.doc.text[st:st + len(ap.group(1))], ""
    before = council_in(ctx, sent, 0, a)
    if len({_bare(m, ctx) for _, _, m in before}) == 1 and not re.search(r",\s+(?:and|but|while)\s", s[before[-1][1] - sent.start:a]):
        return before[-1][2], ""
    if ctx.main:
        return ctx.main, main_org_note(ctx)
    return None, ""


def _bare(mention: str, ctx: Context) -> str:
    """An identity for a council mention: its gazetteer id when known."""
    if mention in ctx.council_key:
        return ctx.council_key[mention]
    stripped = re.sub(r"['’]s$", "", mention)
    if stripped in ctx.council_key:
        return ctx.council_key[stripped]
    for n in sorted(ctx.council_names, key=len, reverse=True):
        if n in mention:
            return n
    return mention


# --- dates of starts and ends ---------------------------------------------------------

_START = re.compile(r"\b(appointed|took up (?:the |her |his |their )?post|joined|started|began|has been in post|"
                    r"in post since|promoted)\b", re.I)
_END = re.compile(r"\b(left|leaves|leaving|stepped down|steps down|stepping down|retired|retiring|retires|"
                  r"resigned|resigns|departed|dismissed|was sacked|will leave|moved on)\b", re.I)


def _date_after(ctx: Context, sent: Sentence, pos: int, limit: int = 60) -> Optional[DateValue]:
    seg = sent.text[pos:pos + limit]
    seg = re.split(r"[;,]\s+(?:and|but|while|whilst|who|which)\b", seg)[0]
    found = temporal.find_dates(seg, ctx.ref)
    return found[0][2] if found else None


def _recent_in(text: str) -> bool:
    return bool(re.search(r"\b(recent|recently|new|newly)\b", text, re.I))


def _relative(ctx: Context, text: str, what: str) -> Optional[DateValue]:
    """The start of an event told only relatively: recent -> 12 months before
    the reference date; otherwise only "not after the document date"."""
    if ctx.ref is None:
        return None
    if _recent_in(text):
        return temporal.recent(ctx.ref, f"{what} described as recent or new")
    r = temporal.as_ref(ctx.ref)
    return temporal.bounded(None, r, f"{what}: reported in a document dated up to {r.isoformat()}")


# --- the tenure finder ----------------------------------------------------------------

def _skip_role(key: str) -> bool:
    return "inspector" in key or key in {"commissioner"}


def find_tenures(ctx: Context) -> list[Fact]:
    """Tenures (and adviser interventions) in every sentence of the context."""
    out: list[Fact] = []
    seen_keys = set()
    for sent in ctx.sentences:
        try:
            facts = _in_sentence(ctx, sent)
        except (ValueError, IndexError):  # a pathological sentence: skip it, never crash the document
            continue
        for f in facts:
            if isinstance(f, Tenure) and f.person and " " in f.person:
                ctx.surnames.setdefault(f.person.split()[-1], f.person)
            k = (f.kind, getattr(f, "person", None), getattr(f, "role", None) or getattr(f, "type", None),
                 getattr(f, "status", None), getattr(f, "org", None), f.quote.start)
            if k not in seen_keys:
                seen_keys.add(k)
                out.append(f)
    return out


def _quote(ctx: Context, sent: Sentence, a: int = 0, b: Optional[int] = None):
    return make_quote(ctx.doc, sent.at(a), sent.at(len(sent.text) if b is None else b))


def _seen(ctx: Context) -> list[DateValue]:
    return [ctx.ref] if ctx.ref is not None else []


_ADDRESSEE = re.compile(r"\b(?:letter|report)\b[^.]{0,30}?\b(?:to|addressed to|sent to)\s+(?:the\s+)?"
                        r"(?:[A-Z][\w'’-]*\s+){0,3}(?:[\w-]+\s+)?$", re.I)
_SPEAKER_AFTER = re.compile(r"\s*(?:,[^,.]{0,80},\s*)?(?:has\s+|had\s+)?(?:said|says|told|added|commented|stated|explained|"
                            r"wrote)\b", re.I)
_SPEAKER_BEFORE = re.compile(r"\b(?:said|says|added|commented|explained)\s*,?\s*$", re.I)


def _seen_named(ctx: Context, s: str, lo: int, hi: int) -> list[DateValue]:
    """When the text shows a named holder in post.

    The addressee of the letter or report the document is about is in post at
    that letter's date ("The letter to X's director of children's services
    Jo Bloggs"); the speaker of a reported statement ("Children's services
    director Jo Bloggs said") at some time up to the document date, not at it;
    anyone else described in post, at the document date."""
    r = temporal.as_ref(ctx.ref)
    if _ADDRESSEE.search(s[max(0, lo - 60):lo]) and ctx.letter_date is not None:
        return [ctx.letter_date]
    if r is not None and (_SPEAKER_AFTER.match(s, hi) or _SPEAKER_BEFORE.search(s[max(0, lo - 20):lo])):
        return [temporal.bounded(None, r, f"speaker of a statement reported in a document dated up to {r.isoformat()}")]
    return _seen(ctx)


def _in_sentence(ctx: Context, sent: Sentence) -> list[Fact]:
    s = sent.text
    out: list[Fact] = []
    roles = role_mentions(s)
    named_roles = set()
    for a, b, key in roles:
        if _skip_role(key):
            continue
        status, np_start = _status_before(s, a)
        person = _person_after(s, b, ctx) or _person_before(s, np_start, ctx) or _person_clause(s, np_start, ctx)
        if person is None:
            continue
        named_roles.add((a, b))
        org, note = _org_for(ctx, sent, a, b)
        ps, pe, name = person
        lo, hi = min(ps, a), max(pe, b)
        t = Tenure(quote=_quote(ctx, sent, *_widen(s, lo, hi)), by=ctx.by, person=name, role=key, org=org,
                   status=status, seen=_seen_named(ctx, s, lo, hi), descriptor=note)
        # the clause that belongs to this person ends where the next role or person begins
        base = max(pe, b)
        tail = s[base:base + 200]
        stops = [ra - base for ra, _, _ in roles if ra > base] + [ns for ns, _, _ in person_names(tail, ctx) if ns > 0]
        tail = tail[:min(stops, default=len(tail))]
        ms = _START.search(tail[:80])
        mid = _START.search(s[pe:a]) if pe <= a else None
        if mid:  # "Jo Bloggs, who was appointed interim DCS in May"
            t.start = _date_after(ctx, sent, b, max(0, min(60, len(tail))))
        elif ms:
            t.start = _date_after(ctx, sent, base + ms.end(), max(0, min(60, len(tail) - ms.end())))
        if t.start is None and re.search(r"\bnew(?:ly appointed)?\s+(?:[\w-]+\s+)?$", s[max(0, np_start - 30):a]):
            t.start = _relative(ctx, "new", "appointment")  # "the council's new DCS, Jo Bloggs"
        me = _END.search(tail[:80])
        if me:
            t.end = _date_after(ctx, sent, base + me.end(), max(0, min(60, len(tail) - me.end())))
            t.end_cause = vocab_api().match("end-cause", me.group(1))
        out.append(t)
        for other in _more_councils(ctx, sent, b, org):  # "the joint DCS for Wigan and Bolton": one tenure each
            out.append(replace(t, org=other, seen=list(t.seen), descriptor=""))
        if "advis" in key:
            out.append(Intervention(quote=t.quote, by=ctx.by, org=org, type=_itype("improvement adviser") or "",
                                    person=name))
    out.extend(_unnamed(ctx, sent, roles, named_roles))
    return [f for f in out if not (isinstance(f, Intervention) and not f.type)]


_FOR_COUNCILS = re.compile(r"\s*(?:\([^)]{1,12}\)\s*)?,?\s*(?:for|of|at|across|in)\s+(?:both\s+)?", re.I)


def _more_councils(ctx: Context, sent: Sentence, b: int, org: Optional[str]) -> list[str]:
    """Councils after the first in "<role> for A and B" (a post held in two councils at once)."""
    m = _FOR_COUNCILS.match(sent.text, b)
    if not m:
        return []
    found = council_in(ctx, sent, m.end(), min(len(sent.text), m.end() + 90))
    if len(found) < 2:
        return []
    first, second = found[0], found[1]
    if not re.fullmatch(r"[^,.;]{0,25}?\s+(?:and|&)\s+", ctx.doc.text[first[1]:second[0]]) or \
            first[0] - sent.start > m.end() + 5:
        return []
    if org is not None and _bare(org, ctx) not in {_bare(first[2], ctx), _bare(second[2], ctx)}:
        return []
    return [c[2] for c in (first, second) if org is None or _bare(c[2], ctx) != _bare(org, ctx)]


def _itype(label: str) -> Optional[str]:
    return vocab_api().match("intervention-type", label)


def _widen(s: str, lo: int, hi: int) -> tuple[int, int]:
    """Clamp a quote to the clause around [lo, hi): whole sentence when short."""
    if len(s) <= 400:
        return 0, len(s)
    a, b = max(0, lo - 40), min(len(s), hi + 60)
    while a > 0 and not s[a - 1].isspace():
        a -= 1
    while b < len(s) and not s[b].isspace():
        b += 1
    return a, b


def _person_after(s: str, b: int, ctx: Context) -> Optional[tuple[int, int, str]]:
    m = re.compile(r"\s*(?:\([^)]{1,15}\))?\s*,?\s*").match(s, b)
    p = m.end() if m else b
    return _name_at(s, p, ctx)


def _person_before(s: str, np_start: int, ctx: Context) -> Optional[tuple[int, int, str]]:
    """ "Steve Hart, Independent Chair" / "Claire Burgess, Torbay's DfE Improvement Advisor"."""
    off = max(0, np_start - 120)
    head = s[off:np_start]
    m = re.search(r",\s*(?:the\s+|a\s+|an\s+)?(?:(?:[A-Z][\w&-]*\s+){0,3}[A-Z][\w&-]*'s?\s+)?(?:(?:DfE|DFE|Dfe)\s+)?$",
                  head)
    if not m:
        return None
    return _name_ending(s, off + m.start(), ctx)


def _person_clause(s: str, np_start: int, ctx: Context) -> Optional[tuple[int, int, str]]:
    """ "Jo Bloggs, who was appointed interim DCS" / "Jo Bloggs has been appointed (as) the council's DCS"."""
    off = max(0, np_start - 160)
    head = s[off:np_start]
    m = re.search(r"(?:,\s*who\s+(?:was|has\s+been|had\s+been|is|became)|\s+(?:was|has\s+been|had\s+been|is|became|"
                  r"will\s+become))\s+(?:(?:formally\s+|permanently\s+|recently\s+)?(?:appointed|named|confirmed|made)\s+)?"
                  r"(?:as\s+)?(?:the\s+|an?\s+|its\s+)?(?:(?:[A-Z][\w&-]*\s+)*[A-Z][\w&-]*'s?\s+|the council's\s+)?(?:new\s+)?$",
                  head)
    if not m:
        return None
    return _name_ending(s, off + m.start(), ctx)


_NEGATED = re.compile(r"\b(?:no|without|not|lack of|absence of|vacant|vacancy for)\s+(?:[\w-]+\s+)?$", re.I)
_INTENT = re.compile(r"\b(?:to|will|plans? to|seeking to|intends? to|hopes? to)\s+(?:appoint|recruit|find)\s+(?:an?|the)\s+"
                     r"(?:[\w-]+\s+)?$", re.I)


def _CHAIR_WITHOUT_BODY(key: str, s: str, b: int) -> bool:
    """An unnamed chair with no board named after it chairs something unknown: skip it
    (an LSCB chair names its board in the role itself)."""
    if key not in {"chair", "independent-chair"}:
        return False
    return not re.match(r"\s*(?:of|for)\s+(?:the\s+)?(?:[\w'-]+\s+){0,5}(?:board|panel|committee|partnership|forum|"
                        r"group|council|conference)\b", s[b:b + 90], re.I)


def _stated_start(ctx: Context, sent: Sentence, b: int) -> Optional[DateValue]:
    """A start date stated after the role: "(May 2016)", "were appointed in May 2016"."""
    s = sent.text
    m = re.compile(r"\s*\(\s*(?:in\s+|from\s+)?").match(s, b)
    if m and s[b:m.end()].strip().startswith("("):
        d = _date_after(ctx, sent, m.end(), 25)
        if d:
            return d
    m = re.compile(r"\s+(?:in|on|from)\s+(?=(?:early|late|mid|\d|[A-Z]))").match(s, b)
    if m:  # "a new chair of the LSCB in October 2016"
        d = _date_after(ctx, sent, m.start(), 30)
        if d:
            return d
    ms = _START.search(s, b, b + 80)
    if ms and not re.search(r"[;.]", s[b:ms.start()]):
        return _date_after(ctx, sent, ms.end(), 40)
    return None


_UNNAMED = re.compile(
    r"\b(?:(?P<new>permanent|interim|acting|formal|recent)\s+)?(?P<ev>appointment|promotion)\s+of\s+"
    r"(?:the|a|an|its|our)\s+(?:(?P<prev>previously|formerly|former)\s+)?", re.I)
_TO_ROLE = re.compile(r"\s+to\s+(?:the\s+)?(?:role|post|position)\s+of\s+(?:the\s+)?", re.I)


_IN_POST = re.compile(r"\s*(?:\([^)]{1,12}\)\s*)?(?:,\s*)?(?:has|had)\s+been\s+in\s+(?:post|the\s+role|role)\s+(?=since|from)|"
                      r"\s*(?:\([^)]{1,12}\)\s*)?(?:took\s+up\s+(?:the\s+|her\s+|his\s+|their\s+)?post|was\s+appointed|"
                      r"joined(?:\s+the\s+(?:council|authority|local\s+authority))?|started)\s+(?=in|on)", re.I)


def _unnamed(ctx: Context, sent: Sentence, roles, named) -> list[Fact]:
    s = sent.text
    out: list[Fact] = []
    done: set = set()  # role spans already given an unnamed holder
    for m in _UNNAMED.finditer(s):
        # "promotion of the deputy to the role of Chief Executive"
        role = next(((a, b, k) for a, b, k in roles if a >= m.end() and (a, b) not in named
                     and not _skip_role(k) and (a - m.end() < 40 or _TO_ROLE.search(s, m.end(), a))), None)
        if role is None:
            continue
        a, b, key = role
        if (a, b) in done:
            continue
        between = s[m.end():a]
        to_role = _TO_ROLE.search(between + " ")
        if not to_role and len(between) > 30:
            continue
        org, note = _org_for(ctx, sent, a, b)
        when = _relative(ctx, s[:m.start()] + " " + (m.group("new") or ""), "appointment") if ctx.ref else None
        explicit = _date_after(ctx, sent, b)
        if explicit:
            when = explicit
        q = _quote(ctx, sent, *_widen(s, m.start(), b))
        prior, _ = _status_before(s, a) if not to_role else (None, a)
        done.add((a, b))
        new = (m.group("new") or "").lower()
        new_status = vocab_api().match("tenure-status", new) if new in {"permanent", "interim", "acting"} else None
        if m.group("prev") and prior:
            out.append(Tenure(quote=q, by=ctx.by, role=key, org=org, status=prior, end=when,
                              descriptor=_join(note, "unnamed holder; this status ended with the appointment described")))
            out.append(Tenure(quote=q, by=ctx.by, role=key, org=org, status=new_status, start=when,
                              descriptor=_join(note, f"unnamed holder, previously {prior}")))
        else:
            out.append(Tenure(quote=q, by=ctx.by, role=key, org=org, status=prior or new_status, start=when,
                              descriptor=_join(note, "unnamed holder")))
    # "the council's new chief executive", "a new DCS was appointed"; "X's interim Principal Social Worker";
    # "The DCS has been in post since July 2016"
    for a, b, key in roles:
        if (a, b) in named or (a, b) in done or _skip_role(key):
            continue
        ip = _IN_POST.match(s, b)
        if ip:
            when = _date_after(ctx, sent, ip.end(), 40)
            if when is not None:
                status, np_start = _status_before(s, a)
                org, note = _org_for(ctx, sent, a, b)
                out.append(Tenure(quote=_quote(ctx, sent, *_widen(s, np_start, ip.end() + 20)), by=ctx.by, role=key,
                                  org=org, status=status, start=when, seen=_seen(ctx),
                                  descriptor=_join(note, "unnamed holder")))
                continue
        pre = s[max(0, a - 40):a]
        status, np_start = _status_before(s, a)
        if _NEGATED.search(s[max(0, np_start - 25):np_start]) or _INTENT.search(s[max(0, np_start - 40):np_start]):
            continue  # "currently no permanent DCS", "working to appoint a new chair"
        if _CHAIR_WITHOUT_BODY(key, s, b):
            continue
        if status and not re.search(r"\bnew(?:ly appointed)?\s+(?:[\w-]+\s+)?$", pre) and \
                re.search(r"\b(?:currently|now|presently|at present)\b[^.]{0,60}$|\b(?:is|are)\s+(?:also\s+)?(?:the\s+)?$",
                          s[max(0, np_start - 80):np_start]) and \
                not re.search(r"\b(?:following|after|previously|formerly|before|months as|years as)\b",
                              s[max(0, np_start - 40):np_start]):
            org, note = _org_for(ctx, sent, a, b)
            out.append(Tenure(quote=_quote(ctx, sent, *_widen(s, np_start, b)), by=ctx.by, role=key, org=org,
                              status=status, seen=_seen(ctx),
                              descriptor=_join(note, "unnamed holder, in post at the document date")))
            continue
        if re.search(r"\bnew(?:ly appointed)?\s+(?:[\w-]+\s+)?$", pre):
            status, _ = _status_before(s, a)
            org, note = _org_for(ctx, sent, a, b)
            out.append(Tenure(quote=_quote(ctx, sent, *_widen(s, a - 40, b)), by=ctx.by, role=key, org=org,
                              status=status, start=_stated_start(ctx, sent, b) or _relative(ctx, "new", "appointment"),
                              descriptor=_join(note, "unnamed holder described as new")))
    return out


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)
