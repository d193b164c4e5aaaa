"""What an Ofsted report says about the council beyond its grades.

Local leadership ("The DCS has been in post since July 2016"),
partnerships and trusts ("Agreement was reached in April 2018 that X should
enter a contractual agreement with Y"), and statutory interventions.
Rules are for the genre; dates are read relative to the report's date.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from .. import temporal, vocab
from ..model import DateValue, Intervention, Partnership, PartnershipEvent, Tenure
from .ofsted_text import Line, Lines

__all__ = ["sentences", "read_tenures", "read_arrangements", "COUNCIL", "BY"]

BY = "ofsted-report"
_SENT = re.compile(r"[^.!?]+(?:[.!?](?=\s|$)|$)")
COUNCIL = re.compile(
    r"(?:the\s+)?(?:(?:London|Royal)\s+Borough\s+of\s+[A-Z][\w'\-]+(?:\s+(?:upon\s+|and\s+)?[A-Z][\w'\-]+)*|"
    r"City\s+of\s+[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*(?:\s+Council)?|"
    r"(?!Council\b)[A-Z][\w'\-]+(?:\s+(?:and\s+|upon\s+|on\s+|-)?(?!Council\b)[A-Z][\w'\-]+){0,4}\s+(?:County\s+|City\s+|Borough\s+|"
    r"Metropolitan\s+Borough\s+|District\s+)?Council)\b")
_TRUST = re.compile(r"[A-Z][\w'\-]+(?:\s+(?:and\s+)?[A-Z][\w'\-]+){0,4}\s+Children's\s+(?:Services\s+)?Trust\b")


def sentences(lines: Lines, ln: Line) -> Iterator[tuple[int, int, str]]:
    """(start, end, normalised text) of each sentence of a line (document offsets)."""
    for m in _SENT.finditer(ln.text):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip(" -•◼▪"))
        s, e = ln.start + m.start() + lead, ln.start + m.end()
        if e > s:
            yield s, e, lines.norm[s:e]


# --- local leadership -----------------------------------------------------------------

_IN_POST = re.compile(
    r"^(?:The\s+)?(?P<who>[^.;]{2,140}?)\s+(?:(?:is|was)\s+(?P<st>interim|acting)\s+and\s+)?"
    r"(?P<aux>has|have|had)\s+been\s+in\s+(?:post|(?:the|their|his|her)\s+(?:post|role))\s+since\s+(?P<date>[^.,;]{3,40})",
    re.I)
_TOOK_UP = re.compile(
    r"^(?:The\s+)?(?P<who>[^.;]{2,140}?)\s+(?P<verb>took\s+up\s+(?:the\s+|their\s+|his\s+|her\s+)?post|"
    r"was\s+appointed|came\s+into\s+post|started\s+in\s+post|joined\s+the\s+(?:council|local\s+authority))\s+"
    r"(?:in|on)\s+(?P<date>[^.,;]{3,40})", re.I)


def _role_of(who: str) -> tuple[Optional[str], Optional[str]]:
    """Role and status keys of a subject such as "interim director of children's services (DCS)"."""
    head = re.split(r",|\bwho\b|\bwhich\b", who)[0]
    variants = [head]
    pm = re.search(r"^(?P<pre>.*?)(?P<long>\b[a-z][\w' ]+?)\s*\((?P<abbr>[A-Z]{2,6})\)", head, re.I)
    if pm:
        long_words = pm.group("long").split()
        n = len(pm.group("abbr"))
        variants.append(pm.group("pre") + " ".join(long_words[:-n]) + " " + pm.group("abbr"))
        variants.append(re.sub(r"\s*\([^)]*\)", "", head))
    # a board's local acronym ("the chair of the CYSCB"): a safeguarding children board
    variants += [re.sub(r"\b[A-Z]{1,4}SCB\b", "LSCB", x) for x in list(variants) if re.search(r"\b[A-Z]{1,4}SCB\b", x)]
    status = None
    try:
        st = vocab.find_all("tenure-status", head)
        status = st[0][2] if st else None
    except Exception:
        pass
    for v in variants:
        v = re.sub(r"\b(?:interim|acting|permanent|current|new|newly appointed|recently appointed|substantive)\s+", "",
                   v, flags=re.I).strip()
        v = re.sub(r"^(?:the|a|an)\s+", "", v, flags=re.I)
        if re.fullmatch(r"(?:executive\s+)?director", v, re.I):  # in a children's services report: its DCS
            v = "director of children's services"
        try:
            k = vocab.match("role", v)
            if k:
                return k, status
            hits = vocab.find_all("role", v)
        except Exception:
            continue
        if hits and (hits[0][1] - hits[0][0]) >= 0.6 * len(vocab.normalise(v)):
            return hits[0][2], status
    return None, status


def read_tenures(lines: Lines, org: Optional[str], seen: Optional[DateValue], ref: Optional[DateValue]) -> list:
    """Unnamed post holders "in post since"/"took up post in" a month, seen in post at the report date."""
    out = []
    for ln in lines.items:
        if len(ln.text) > 1500 or "post" not in ln.text and "appoint" not in ln.text:
            continue
        for s, e, sent in sentences(lines, ln):
            n = len(out)
            for cs, clause in _clauses(sent):
                _tenure_in(lines, s, e, cs, clause, org, seen, ref, out)
            if len(out) == n and "appoint" in sent:
                _appointment_in(lines, s, e, sent, org, seen, ref, out)
    return out


_APPOINTMENT = re.compile(r"\bappointment of (?:a|an|the)\s+(?P<who>[^.;,]{3,80}?)\s+(?:(?:in|on)\s+"
                          r"(?P<date>(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:19|20)\d\d)\b|(?P<ago>\d{1,2}|one|two|three|four|"
                          r"five|six|seven|eight|nine|ten|eleven|twelve|eighteen)\s+months?\s+ago\b)", re.I)
_NEWLY = re.compile(r"\b(?:the|a|an)\s+(?P<who>(?:newly|recently)\s+appointed\s+(?:permanent\s+|interim\s+|acting\s+)?"
                    r"[a-z][\w' ]{2,60}?)(?=\s+(?:has|have|is|was|and|who|had)\b|[,.;])", re.I)
_MONTH_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18}


def _appointment_in(lines: Lines, s: int, e: int, sent: str, org, seen, ref, out: list) -> None:
    """Appointments stated in prose, outside the "Local leadership" list: "the appointment of
    the Interim Assistant Executive Director (AED) in October 2013", "the appointment of the
    new executive director 14 months ago", "the newly appointed permanent director"."""
    m = _APPOINTMENT.search(sent)
    date = None
    if m:
        if m.group("date"):
            found = temporal.find_dates(m.group("date"), ref)
            date = found[0][2] if found else None
        else:
            r = temporal.as_ref(ref)
            n = int(m.group("ago")) if m.group("ago").isdigit() else _MONTH_WORDS[m.group("ago").lower()]
            if r is not None:
                d = temporal._add_months(r, -n)
                date = temporal.month(d.year, d.month, qualifier="inferred",
                                      note=f"{n} months before the report's date {r.isoformat()}")
        phrase = "appointment " + (m.group("date") or f"{m.group('ago')} months ago")
    else:
        m = _NEWLY.search(sent)
        if not m:
            return
        date = temporal.recent(ref, "described as newly appointed")
        phrase = "newly appointed"
    role, status = _role_of(m.group("who"))
    if not role or re.search(r"\b(?:previous|former|outgoing)\b", m.group("who"), re.I):
        return
    if role == vocab.match("role", "chair"):  # "a new chair": of which board, unsaid
        return
    if status is None and re.search(r"\bpermanent(?:ly)?\b", sent[max(0, m.start() - 12):m.end("who")], re.I):
        status = vocab.match("tenure-status", "permanent")
    # the same post already read (the "Local leadership" list, an earlier sentence): nothing new
    if any(t.role == role and (date is None or t.start is None or t.start.literal == date.literal
                               or phrase == "newly appointed") for t in out):
        return
    q = lines.quote(s, e)
    if q is None or date is None and phrase != "newly appointed":
        return
    # "who takes up post in September 2015" in a report of July 2015: not yet in post at the report
    in_post = seen is not None and not (date is not None and temporal.before(seen, date))
    out.append(Tenure(quote=q, person=None, role=role, org=org, status=status, start=date,
                      seen=[seen] if in_post else [], descriptor=phrase, by=BY))


def _clauses(sent: str) -> Iterator[tuple[int, str]]:
    """Clauses joined by "and the"/"; the" each may state one post holder."""
    at = 0
    for m in re.finditer(r"(?:,?\s+and|;)\s+(?=the\s)", sent, re.I):
        yield at, sent[at:m.start()]
        at = m.end()
    yield at, sent[at:]


def _tenure_in(lines: Lines, s: int, e: int, cs: int, sent: str, org, seen, ref, out: list) -> None:
    """At most one post holder per clause: "in post since", else "took up post in"."""
    for pat, descr in ((_IN_POST, "in post since"), (_TOOK_UP, None)):
        m = pat.search(sent)
        if not m:
            continue
        role, status = _role_of(m.group("who"))
        if not role:
            continue
        if m.groupdict().get("st"):
            status = vocab.match("tenure-status", m.group("st")) or status
        found = temporal.find_dates(m.group("date"), ref)
        if not found or found[0][2].precision is None:
            continue
        ds, de, date = found[0]
        stated = m.group("date")[:de].strip()
        q = lines.quote(s + cs, s + cs + len(sent.rstrip()))
        if q is None:
            continue
        phrase = descr + " " + stated if descr else \
            re.sub(r"\s+", " ", m.group("verb")) + " in " + stated
        former = re.search(r"\b(?:previous|former|outgoing|last)\b", m.group("who"), re.I) or \
            (m.groupdict().get("aux") or "").lower() == "had"
        end = None
        if former:  # a former holder is not seen in post at the report date
            em = re.search(r"\b(?:left|stood down|stepped down|retired|departed)\b(?:\s+(?:the|their|his|her)\s+post)?"
                           r"\s+(?:in|on)\s+(?P<d>[^.,;]{3,40})", sent[m.start("date"):], re.I)
            end = temporal.parse(em.group("d"), ref) if em else None
        out.append(Tenure(quote=q, person=None, role=role, org=org, status=status, start=date, end=end,
                          seen=[seen] if seen and not former else [], descriptor=phrase, by=BY))
        break


# --- partnerships, trusts, interventions ------------------------------------------------

_AGREED = re.compile(r"\b(?:agreement was reached|it was agreed|agreed|decided|decision was (?:made|taken))\b", re.I)
_KIND_WORDS = re.compile(r"\b(contractual|strategic|formal)\s+(?:agreement|partnership|arrangement|alliance)\b|"
                         r"\bpartnership (?:arrangement|agreement)\b", re.I)
_ENDS = re.compile(r"\b(?:ends?|ended|will end|came to an end|ceased|terminated)\b", re.I)
_BEGAN = re.compile(r"\b(?:began|started|was established|came into effect|went live|launched|"
                    r"has been in place since|since)\b", re.I)
_TRANSFER = re.compile(r"\b(?:transferred to|delivered by|delivered through|provided by|run by|launched|"
                       r"has been in place since|operated by)\b", re.I)
_NOT_TRUST = re.compile(r"^(?:The|A|An|This|Its|Their|Our)\s|\bTrust\s+(?:Board|Partnership|Executive)", re.I)
_DIRECTION = re.compile(r"\b(?:statutory direction|issued a direction|direction (?:was )?issued|"
                        r"(?:at|under) the direction of the Secretary of State|directed by the Secretary of State)\b",
                        re.I)
_COMMISSIONER = re.compile(r"\b(?:appoint(?:ed|ing)?\s+a\s+(?:children's services\s+|DfE\s+)?commissioner|"
                           r"(?:children's services|DfE)\s+commissioner\s+(?:was|has been)\s+appointed)\b", re.I)


def _type_key(sent: str) -> Optional[str]:
    km = _KIND_WORDS.search(sent)
    if km:
        word = (km.group(1) or "contractual").lower()
        label = {"formal": "formal partnership"}.get(word, word + " partnership")
        try:
            k = vocab.match("intervention-type", label)
        except Exception:
            k = None
        if k:
            return k
    try:
        hits = vocab.find_all("intervention-type", sent)
    except Exception:
        return None
    for _, _, k in hits:
        if k in ("contractual-partnership", "strategic-partnership"):
            return k
    return None


def _date_in(sent: str, ref: Optional[DateValue]) -> Optional[DateValue]:
    for _, _, v in temporal.find_dates(sent, ref):
        if v.precision in ("day", "month"):
            return v
    return None


def _members(sent: str, raw: str) -> list[str]:
    """Council mentions, as printed (``raw`` is ``sent`` before normalisation)."""
    out = []
    for m in COUNCIL.finditer(sent):
        name = re.sub(r"^(?:the|The)\s+", "", raw[m.start():m.end()]).strip()
        if name.lower() not in ("the council", "council") and name not in out:
            out.append(name)
    return out


def _clause_date(sent: str, at: int, ref: Optional[DateValue]) -> Optional[DateValue]:
    """The date stated in the clause (split at "and"/";") around offset ``at``."""
    start = 0
    for m in re.finditer(r",?\s+and\s+|;\s*", sent):
        if m.start() > at:
            return _date_in(sent[start:m.start()], ref)
        start = m.end()
    return _date_in(sent[start:], ref)


def read_arrangements(lines: Lines, org: Optional[str], ref: Optional[DateValue]) -> list:
    """Partnership events, trusts and statutory interventions the report states with a date."""
    out: list = []
    seen_trusts: set[str] = set()
    for ln in lines.items:
        if len(ln.text) > 3000:
            continue
        for s, e, sent in sentences(lines, ln):
            q = None
            raw = lines.doc.text[s:e]
            members = _members(sent, raw)
            kind = _type_key(sent) if len(members) >= 2 else None  # an arrangement needs two members
            date = _date_in(sent, ref) if kind else None
            if kind and len(members) >= 2 and date is not None:
                event = "agreed" if _AGREED.search(sent) else "ended" if _ENDS.search(sent) else \
                    "formed" if _BEGAN.search(sent) else None
                q = lines.quote(s, e)
                if event and q is not None:
                    out.append(PartnershipEvent(quote=q, members=members, type=kind, event=event, date=date, by=BY))
                    out.append(Partnership(quote=q, members=members, type=kind, by=BY))
            for tm in _TRUST.finditer(sent):
                trust = raw[tm.start():tm.end()]
                if trust in seen_trusts or not _TRANSFER.search(sent) or _NOT_TRUST.search(sent[tm.start():tm.end() + 12]):
                    continue
                tkey = vocab.match("intervention-type", "children's services trust")
                q = q or lines.quote(s, e)
                if not tkey or q is None:
                    continue
                seen_trusts.add(trust)
                mem = [x for x in ([org] if org else []) + [trust] if x]
                out.append(Partnership(quote=q, members=mem, type=tkey, label=trust, by=BY))
                if date is None:
                    date = _date_in(sent, ref)
                if date is not None and re.search(r"\b(?:transferred to|launched|established|has been in place since)\b",
                                                  sent, re.I):
                    out.append(PartnershipEvent(quote=q, members=mem, type=tkey, event="formed", date=date, by=BY))
            for pat, label in ((_DIRECTION, "statutory direction"), (_COMMISSIONER, "children's services commissioner")):
                im = pat.search(sent)
                if im:
                    key = vocab.match("intervention-type", label)
                    q = q or lines.quote(s, e)
                    # "at the direction of / directed by" describe another act: its date is not the direction's
                    dated = not re.search(r"direction of|directed by", im.group(0), re.I)
                    if key and q is not None:
                        out.append(Intervention(quote=q, org=org, type=key,
                                                date=_clause_date(sent, im.start(), ref) if dated else None, by=BY))
    return out
