"""The previous inspection an Ofsted report cites, and the grades it states for it.

SIF reports list them ("The last inspection report ... was published in
January 2016. The judgements ... were:" then "area: grade" bullets); ILACS
summaries say it in prose ("Since the last inspection in 2018, when services
were judged to be good", "as was the case at the last inspection in 2016",
"since the last inspection, the Joint Targeted Area Inspection (JTAI), in
April 2017"); letters say "since the local authority was judged inadequate in
June 2018". A loosely dated citation is dated with ``judged`` (on-site or
published, unsaid); a grade whose framework (and so area key) is unknown is
not recorded.
"""
from __future__ import annotations

import re
from typing import Optional

from .. import temporal, vocab
from ..model import DateValue, Inspection, Judgement
from .ofsted_context import BY, sentences
from .ofsted_judgements import area_of
from .ofsted_text import BULLET, Line, Lines
from .visits import visit_mentions, window_dates

__all__ = ["read_previous", "read_cited_visits", "read_cited_inspections", "read_cited_typed"]


_LAST_REPORT = re.compile(r"(?:\bThe\s+)?\b(?:last|previous) (?:Ofsted )?inspection(?: report)?\b(?P<what>[^.]{0,120}?)\s+"
                          r"was published in (?P<date>[A-Z][a-z]+ \d{4})", re.I)
_PAIR = re.compile(r"^" + BULLET + r"?(?P<area>[A-Za-z][^:]{3,120}):\s*(?P<grade>[A-Za-z ]{4,40}?)[.;]?$")
_LAST_IN = re.compile(r"\b(?:last|previous)\s+(?P<what>(?:[A-Za-z]+\s+){0,3}?)inspection(?:\s+of\s+[^,.]{0,80}?)?"
                      r"(?P<named>,\s+the\s+[^,.]{3,70},)?,?\s+in\s+(?P<date>(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d)\b", re.I)
_AT_LAST = re.compile(r"^At the (?:last|previous) inspection[^,]{0,40},\s+(?P<subj>[^.]{0,120}?)\s+(?:was|were)\s+"
                      r"(?:judged|rated|found)\s+(?:to\s+be\s+|as\s+|to\s+)?(?P<rest>[^.]{0,80})", re.I)
_AS_WAS = re.compile(r",?\s+as was the case at the (?:last|previous) inspection", re.I)
_SINCE_LAST = re.compile(r"\b(?:last|previous|single) (?:Ofsted |ILACS |SIF )?(?:judgement )?inspection\b"
                         r"(?P<of>[^.,]{0,90}?)(?:,?\s+in\s+(?P<date>(?:[A-Z][a-z]+ )?\d{4}))?"
                         r"[^.]{0,40}?,?\s+(?:when|where)\s+(?P<subj>[^.]{0,120}?)\s+(?:was|were)\s+"
                         r"(?:judged|rated|found|graded)\s+(?:overall\s+)?(?:to\s+be\s+|as\s+)?(?P<rest>[^.]{0,80})", re.I)


def _grade(text: str) -> Optional[str]:
    try:
        hits = vocab.find_all("grade", text)
    except Exception:
        return None
    return hits[0][2] if hits and hits[0][0] <= 3 else None


def read_previous(lines: Lines, main_fw: Optional[str], ref: Optional[DateValue]) -> list:
    """The previous inspection (key "previous") and the judgements the report states for it."""
    for ln in lines.items:
        m = _LAST_REPORT.search(ln.text)
        if m:
            return _previous_from_bullets(lines, ln, m, main_fw)
    for ln in lines.items:
        if len(ln.text) > 2000:
            continue
        for s, e, sent in sentences(lines, ln):
            m = _SINCE_LAST.search(sent)
            if m:
                facts = _previous_from_sentence(lines, s, e, sent, m, ref, main_fw)
                if facts:
                    return facts
    for ln in lines.items:  # the summary first; a later paragraph when the summary cites none
        if len(ln.text) > 3000 or "inspection" not in ln.text:
            continue
        for s, e, sent in sentences(lines, ln):
            m = _LAST_IN.search(sent)
            if m:
                facts = _previous_in(lines, s, e, sent, m, main_fw)
                if facts:
                    return facts
    for ln in lines.items[:80]:
        for s, e, sent in sentences(lines, ln):
            m = _JUDGED_IN.search(sent)
            if m:
                facts = _previous_judged_in(lines, s, e, sent, m)
                if facts:
                    return facts
    return []


def _previous_from_bullets(lines: Lines, ln: Line, m: re.Match, main_fw: Optional[str]) -> list:
    v = temporal.parse(m.group("date"))
    s = ln.start + m.start()
    e = ln.start + m.end("date")
    q = lines.quote(s, e)
    if q is None:
        return []
    # a SIF report cites a SIF (or older) one; otherwise the one framework in force throughout the
    # month or year of publication (the inspection came shortly before), else the report's own
    fw = main_fw if main_fw == "sif" else (
        (vocab.framework_during(v.earliest, v.latest) if v and v.earliest and v.latest else None) or main_fw)
    prev = Inspection(quote=q, key="previous", previous_of="main", published=v, by=BY)
    prev.start = _cited_start(lines, v)
    facts: list = [prev]
    rest = ln.text[m.end():]
    following = [ln] if ":" in rest else []
    following += list(lines.items[ln.index + 1: ln.index + 12])
    seen = set()
    for nl in following:
        if nl is not ln:
            pm = _PAIR.match(nl.text)
            if not pm:
                if facts[1:]:
                    break
                continue
            area = area_of(pm.group("area"), fw)
            grade = _grade(pm.group("grade"))
            if area and grade and area not in seen:
                jq = lines.quote(nl.start, nl.end)
                if jq is not None:
                    seen.add(area)
                    facts.append(Judgement(quote=jq, inspection="previous", area=area, grade=grade, by=BY))
    return facts


_CITED_YEAR = re.compile(r"\b(?:last|previous)\s+(?:Ofsted\s+)?inspection\s+(?:in|of)\s+(?P<date>(?:19|20)\d\d)\b", re.I)


def _cited_start(lines: Lines, published: Optional[DateValue]) -> Optional[DateValue]:
    """The year the report gives for the cited inspection itself ("since the last
    inspection in 2015", "the previous inspection of 2015 (published in 2016)"),
    when it is not after the stated publication: its on-site start, at year precision."""
    for ln in lines.items:
        if "inspection" not in ln.text:
            continue
        for m in _CITED_YEAR.finditer(ln.text):
            v = temporal.parse(m.group("date"))
            if v is not None and v.precision == "year" and (
                    published is None or published.earliest is None or v.earliest <= published.earliest):
                return v
    return None


def _framework_of(sent: str, when: Optional[DateValue]) -> Optional[str]:
    """The framework a cited inspection was judged under: stated, else by its date.

    The date decides only when one framework (ontology/vocab/framework.ttl, read
    through ``vocab.framework_during``) was in force for the whole period the
    date allows and no other for any part of it: a bare year in which a
    framework began or ended (stated only to the year) leaves the framework, and
    so the area keys, unknown; resolution then keeps an overall grade under the
    framework-neutral area.
    """
    if re.search(r"single inspection|\bSIF\b", sent, re.I):
        return "sif"
    if re.search(r"\bILACS\b|inspection of local authority children's services", sent, re.I):
        return "ilacs"
    if when is None or when.earliest is None or when.latest is None:
        return None
    return vocab.framework_during(when.earliest, when.latest)


_JUDGED_IN = re.compile(r"\bsince\b[^.]{0,80}?\b(?:was|were) judged (?:to be |as )?(?P<rest>[^.]{3,60}?)\s+in\s+"
                        r"(?P<date>(?:[A-Z][a-z]+ )?\d{4})\b", re.I)


def _previous_in(lines: Lines, s: int, e: int, sent: str, m: re.Match, main_fw: Optional[str]) -> list:
    """ "Since the last inspection in 2018, ...": the cited inspection, graded when the sentence says how."""
    when = temporal.parse(m.group("date"))
    q = lines.quote(s, e)
    if when is None or q is None:
        return []
    named = (m.group("what") or "") + (m.group("named") or "")
    try:  # the kind named before "inspection", in an apposition, or after it ("inspection of X's services for ...")
        types = [k for _, _, k in vocab.find_all("inspection-type", named)] or \
            [k for _, _, k in vocab.find_all("inspection-type", sent[m.start():m.end()])
             if k not in ("sif-inspection", "sif-reinspection")]
    except Exception:
        types = []
    if not types and re.search(r"single inspection", named, re.I):
        types = [vocab.match("inspection-type", "single inspection framework") or ""]
    itype = types[0] if types else ""
    # "the last inspection in 2015": the inspection took place then (its on-site start)
    facts: list = [Inspection(quote=q, key="previous", previous_of="main", start=when, type=itype, by=BY)]
    if itype and itype not in ("sif-inspection", "sif-reinspection", "ilacs-standard", "ilacs-short"):
        return facts  # another kind of inspection (e.g. a JTAI): its grades are not these areas'
    fw = _framework_of(sent, when) or ("sif" if main_fw == "sif" else None)
    grade = None
    g = _AT_LAST.search(sent)
    if g:
        grade = _grade(g.group("rest"))
    g = _ALL_AREAS.search(sent)
    if grade is None and g:  # "when all areas of the service required improvement to be good"
        grade = _grade(re.sub(r"^required?\b", "requires", g.group("rest"), flags=re.I))
    g = _AS_WAS.search(sent)
    if grade is None and g:  # "X require improvement to be good, as was the case at the last inspection"
        try:
            hits = vocab.find_all("grade", sent[max(0, g.start() - 45):g.start()])
        except Exception:
            hits = []
        grade = hits[-1][2] if hits else None
    overall = vocab.match("judgement-area", "overall effectiveness", framework=fw) if fw else ""
    if grade and overall is not None:  # "": framework undecided, resolution assigns or drops it
        facts.append(Judgement(quote=q, inspection="previous", area=overall, grade=grade, by=BY))
    return facts


_ALL_AREAS = re.compile(r"\bwhen\s+all\s+(?:areas|judgements|services)\b[^.,;]{0,40}?\s+(?:were\s+(?:judged\s+)?"
                        r"(?:to\s+be\s+|as\s+)?)?(?P<rest>required?\s+improvement(?:\s+to\s+be\s+good)?|"
                        r"requires?\s+improvement(?:\s+to\s+be\s+good)?|good|outstanding|inadequate)\b", re.I)


def _previous_judged_in(lines: Lines, s: int, e: int, sent: str, m: re.Match) -> list:
    """Letters: "since the local authority was judged inadequate in June 2018"."""
    grade = _grade(m.group("rest"))
    when = temporal.parse(m.group("date"))
    q = lines.quote(s, e)
    if grade is None or when is None or q is None:
        return []
    facts: list = [Inspection(quote=q, key="previous", previous_of="main", judged=when, by=BY)]
    fw = _framework_of(sent, when)
    overall = vocab.match("judgement-area", "overall effectiveness", framework=fw) if fw else None
    rest_areas = [k for _, _, k in vocab.find_all("judgement-area", m.group("rest"), framework=fw)] if fw else []
    if overall and not rest_areas:
        facts.append(Judgement(quote=q, inspection="previous", area=overall, grade=grade, by=BY))
    return facts


def _previous_from_sentence(lines: Lines, s: int, e: int, sent: str, m: re.Match,
                            ref: Optional[DateValue], main_fw: Optional[str] = None) -> list:
    subj, rest = m.group("subj"), m.group("rest")
    grade = _grade(rest)
    if grade is None:
        return []
    when = temporal.parse(m.group("date")) if m.group("date") else None
    # a SIF report's previous inspection was a SIF (or older) one; otherwise stated or by year
    fw = _framework_of(sent, when) or ("sif" if main_fw == "sif" else None)
    if when is None:
        return []  # no date: nothing identifies that inspection
    facts: list = []
    q = lines.quote(s, e)
    if q is None:
        return []
    itype = vocab.match("inspection-type", "single inspection framework") if re.search(
        r"single inspection", sent, re.I) else ""
    facts.append(Inspection(quote=q, key="previous", previous_of="main", start=when, type=itype or "", by=BY))
    # a pronoun ("when they were judged") may point at one service, not the whole: only a named subject
    # (the services, the local authority, or a proper name such as the council's)
    named = re.search(r"\b(?:services|local authority|council|overall effectiveness)\b", subj, re.I) or \
        re.match(r"\s*overall\b", rest, re.I) or (
            re.fullmatch(r"[A-Z][\w'-]+(?:\s+(?:and\s+|upon\s+|on\s+)?[A-Z][\w'-]+){0,4}", subj.strip())
            and not re.match(r"(?:They|It|This|These|Those|He|She|We|Both|All|Some|Most|Each)\b", subj.strip()))
    if not fw and named and not re.search(r"\b(?:for|of|in)\b", subj) and \
            not vocab.find_all("judgement-area", sent[:m.end("rest")]):
        facts.append(Judgement(quote=q, inspection="previous", area="", grade=grade, by=BY))
    if fw:
        try:  # any other area named before the grade ("services for children in care ... were good")
            other = [k for _, _, k in vocab.find_all("judgement-area", sent[:m.end("rest")])]
            overalls = {vocab.match("judgement-area", "overall effectiveness", framework=f)
                        for f in ("sif", "ilacs")}
            other = [k for k in other if k not in overalls]
            other += [k for _, _, k in vocab.find_all("judgement-area", subj + " " + rest, framework=fw)]
        except Exception:
            other = ["?"]
        overall = vocab.match("judgement-area", "overall effectiveness", framework=fw)
        if overall and named and all(k == overall for k in other):
            facts.append(Judgement(quote=q, inspection="previous", area=overall, grade=grade, by=BY))
    return facts


def read_cited_visits(lines: Lines, org: Optional[str], start: Optional[DateValue],
                      ref: Optional[DateValue], is_visit: bool = False) -> list:
    """Earlier monitoring and focused visits the report cites with their own date
    ("since the Ofsted monitoring visit in January 2017", "the November 2017
    monitoring visit"): one Inspection each, keyed by its date. A mention dated
    on or after the report's own visit is the report's visit, not an earlier one;
    a plural mention ("four monitoring visits ... between January 2017 and March
    2018") dates no single visit and is skipped by ``visit_mentions``."""
    before = start or ref
    out: dict[str, Inspection] = {}
    for ln in lines.items:
        if "visit" not in ln.text:
            continue
        for s, e, sent in sentences(lines, ln):
            for vm in visit_mentions(sent, ref):
                if vm.kind == "visit" or vm.date is None or vm.date.earliest is None:
                    continue
                # an inspection report cites visits other than itself: one not after it will do
                # ("a focused visit ... in 2023" in a report of September 2023); a visit letter's
                # own visit is excluded only by a date certainly before it
                if before is not None and (not temporal.before(vm.date, before) if is_visit
                                           else vm.date.earliest > (before.latest or before.earliest)):
                    continue
                itype = vocab.match("inspection-type", vm.kind)
                key = f"visit-{vm.date.literal or vm.date.earliest.isoformat()}"
                q = lines.quote(s, e)
                if not itype or q is None or key in out:
                    continue
                out[key] = Inspection(quote=q, key=key, org=org, type=itype, start=vm.date, end=vm.date_end,
                                      ordinal=vm.ordinal, previous_of="main", by=BY)
    return _drop_vaguer(list(out.values()))


_CITED_OF = re.compile(r"\b(?:(?:previous|last)\s+)?inspection\s+of\s+(?P<what>[^.]{3,160}?)\s+was\s+in\s+"
                       r"(?P<date>(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d)\b", re.I)


def _known_dates(known: list, *fields: str) -> dict[str, set]:
    """Date literal -> the types (``""`` for unknown) of inspections already read with that date."""
    out: dict[str, set] = {}
    for f in known:
        if getattr(f, "kind", "") == "inspection":
            for name in fields:
                d = getattr(f, name, None)
                if d is not None and d.literal:
                    out.setdefault(d.literal, set()).add(f.type or "")
    return out


def _already_read(seen: dict[str, set], literal: str, itype: str) -> bool:
    """An inspection of that date whose type does not tell it apart (unknown on either side is
    not different) is already read."""
    return any(vocab.compatible("inspection-type", t, itype) for t in seen.get(literal, ()))


def read_cited_inspections(lines: Lines, org: Optional[str], start: Optional[DateValue], known: list) -> list:
    """Earlier inspections a report lists with their month ("The previous inspection of the
    local authority's services for children looked after was in August 2011", "The inspection
    of X's adoption service was in October 2010"): one Inspection per date and inspection
    type. Mentions of one date are one inspection unless they name types that tell them apart
    ("X's adoption service" and "X's fostering services" in the same month are two); a mention
    naming no type joins the one type named for its date (unknown is not different), and is
    left out when several are (it could be either). Inspections already read (``known``) with
    that date and a type that does not tell them apart are skipped."""
    seen = _known_dates(known, "start", "published")
    by_date: dict[str, list] = {}
    for ln in lines.items:
        if "inspection of" not in ln.text.lower() or len(ln.text) > 3000:
            continue
        for s, e, sent in sentences(lines, ln):
            m = _CITED_OF.search(sent)
            if not m:
                continue
            when = temporal.parse(m.group("date"))
            if when is None or when.literal is None:
                continue
            if start is not None and not temporal.before(when, start):
                continue
            try:
                types = [k for _, _, k in vocab.find_all("inspection-type", m.group("what"))]
            except Exception:
                types = []
            q = lines.quote(s, e)
            if q is not None:
                by_date.setdefault(when.literal, []).append((q, when, types[0] if types else ""))
    out = []
    for lit, hits in by_date.items():
        groups = _kinds_apart(sorted({t for _, _, t in hits if t}))
        for kinds in groups or [[""]]:
            itype = kinds[0] if len(kinds) == 1 else ""  # two related kinds: one inspection of both
            mine = [h for h in hits if h[2] in kinds or (not h[2] and len(groups) <= 1)]
            if any(_already_read(seen, lit, k) for k in kinds):
                continue
            key = f"cited-{lit}" if len(groups) <= 1 else f"cited-{lit}-{kinds[0]}"
            out.append(Inspection(quote=mine[0][0], key=key, org=org, type=itype, start=mine[0][1],
                                  previous_of="main", by=BY))
    return out


def _kinds_apart(types: list[str]) -> list[list[str]]:
    """The inspection types named for one date, grouped so that types the vocabulary does not
    tell apart (``vocab.compatible``) are one group: one inspection per group."""
    groups: list[list[str]] = []
    for t in types:
        joined = [g for g in groups if any(vocab.compatible("inspection-type", t, u) for u in g)]
        merged = sorted({t, *(u for g in joined for u in g)})
        groups = [g for g in groups if g not in joined] + [merged]
    return sorted(groups)


_MAIN_TYPES = ("sif-inspection", "sif-reinspection", "ilacs-standard", "ilacs-short", "monitoring-visit",
               "focused-visit", "review")
_NAMES_INSPECTION = re.compile(r"inspect|\bJTAI\b", re.I)
_INSPECTION_OF = re.compile(r"\binspection\s+of\s+(?:[\w'’-]+\s+){0,3}$", re.I)
_DATE_NEXT = re.compile(r"^\s*(?:\([A-Z]{2,6}\)\s*)?,?\s*(?:in|of|during)\s+(?=(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d\b)")


def read_cited_typed(lines: Lines, org: Optional[str], start: Optional[DateValue], known: list) -> list:
    """Earlier inspections of another kind named with their date ("a joint targeted area inspection
    in 2022", "the JTAI in April 2017"): one Inspection each, unless an inspection of that date
    is already read (``known``). The report's own kinds (SIF, ILACS, visits) are read elsewhere."""
    seen = _known_dates(known, "start", "judged")
    out: dict[str, Inspection] = {}
    for ln in lines.items:
        low = ln.text.lower()
        if len(ln.text) > 3000 or ("inspection" not in low and "jtai" not in low):
            continue
        for s, e, sent in sentences(lines, ln):
            try:
                hits = vocab.find_all("inspection-type", sent)
            except Exception:
                continue
            for hs, he, key in hits:
                if key in _MAIN_TYPES:
                    continue
                if not _NAMES_INSPECTION.search(sent[hs:he]) and not _INSPECTION_OF.search(sent[max(0, hs - 80):hs]):
                    continue  # a service named without its inspection ("a review of adoption services in 2016")
                dm = _DATE_NEXT.match(sent[he:])
                if not dm:
                    continue
                when, _ = window_dates(sent, he + dm.end(), None, 30)
                if when is None or when.literal is None or _already_read(seen, when.literal, key):
                    continue
                if start is not None and not temporal.before(when, start) and \
                        when.earliest > (start.latest or start.earliest):
                    continue
                q = lines.quote(s, e)
                k = f"cited-{key}-{when.literal}"
                if q is not None and k not in out:
                    out[k] = Inspection(quote=q, key=k, org=org, type=key, start=when, previous_of="main", by=BY)
    return _drop_vaguer(list(out.values()))


def _drop_vaguer(found: list) -> list:
    """One cited inspection named twice ("the JTAI in July 2018", "the JTAI in 2018"): keep the
    more precise date; a year is dropped when the same kind is cited within it more precisely."""
    keep = []
    for f in found:
        if f.start.precision == "year" and any(
                g is not f and g.type == f.type and g.start.precision in ("month", "day")
                and g.start.literal[:4] == f.start.literal for g in found):
            continue
        keep.append(f)
    return keep
