"""The front matter of an Ofsted report: council, title, dates, framework, type, team.

Rules are written for the genre's layouts: single inspection framework (SIF)
reports and re-inspections ("Inspection date: 11 June 2018 to 5 July 2018",
"Report published: ..."), ILACS reports ("Inspection of X local authority
children's services", "Inspection dates: 20 February to 3 March 2023",
"Lead inspector: ..."), monitoring and focused visit letters. Nothing here
names a council, person or report.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Optional

from .. import temporal, vocab
from ..model import DateValue, TeamMember
from .ofsted_text import Line, Lines

__all__ = ["Header", "read_header", "read_team", "HEAD_LINES"]

HEAD_LINES = 40  # the front matter sits in the first lines of a report

_DATE_LINE = re.compile(r"^(?:Inspection|Visit|On-?site|Fieldwork)\s+dates?\s*:?\s*(?=\d)", re.I)
_PUBLISHED = re.compile(r"^(?:Report\s+published|Publication\s+date|Date\s+published|Published)\s*:?\s*", re.I)
_CUT = re.compile(r"\s(?:Lead|Reporting|Report|Age group|Published|The overall|Judgement)\b.*$", re.I)
_TITLE_ORG = re.compile(
    r"^(?:Inspection of|(?:Re-?inspection|Monitoring visit|Focused visit)s?\s+(?:to|of|at))\s+"
    r"(?!local authority\b|children|looked after|services\b|the local authority\b)(?P<org>.+?)\s+"
    r"(?:local authority children's services|children's services|children's social care services|"
    r"local authority|services for children)\b", re.I)
_SERVICES_IN = re.compile(r"^Children's services in (?P<org>.+?)\s+(?:are|is|requires?)\b", re.I)
_SIF = re.compile(r"achieving permanence|Leadership, management and governance|Adoption performance|"
                  r"services for children in need of help and protection|Local Safeguarding Children Board",
                  re.I)
_ILACS = re.compile(r"^Judgement\s+Grade\b|impact of leaders|local authority children's services|"
                    r"children's social care services", re.I | re.M)
_VISIT = re.compile(r"\b(monitoring visit|focused visit)\b", re.I)
_REINSPECTION = re.compile(r"\bre-?inspection\b", re.I)
_SAYS_REINSPECTION = re.compile(r"\bThis (?:inspection )?is a re-?inspection of\b", re.I)
_ORDINAL = re.compile(r"\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+monitoring visit",
                      re.I)
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def _in_force_from(framework: str) -> date:
    """The earliest day a framework was in force, from the framework scheme (ontology/vocab)."""
    start = vocab.concept("framework", framework).in_force_from
    return start[0] if start else date.max


@dataclass
class Header:
    """What the front matter says; every value keeps the line that states it."""

    org: Optional[str] = None
    org_line: Optional[Line] = None
    title: Optional[str] = None
    title_lines: list[Line] = field(default_factory=list)
    start: Optional[DateValue] = None
    end: Optional[DateValue] = None
    date_line: Optional[Line] = None
    published: Optional[DateValue] = None
    published_line: Optional[Line] = None
    framework: Optional[str] = None  # sif, ilacs, ilacs2026 or None (visits, older frameworks)
    type: str = ""
    type_note: str = ""
    ordinal: Optional[int] = None
    kind: str = "ofsted-inspection"

    @property
    def ref(self) -> Optional[DateValue]:
        """The report's own date: the last on-site day, else the publication date."""
        return self.end or self.published


def _onsite_days(text: str) -> Optional[int]:
    """Days on site summed over the ranges of a date line (split visits count each part)."""
    rs = temporal.find_ranges(_CUT.sub("", text))
    if not rs:
        return None
    return sum((b.earliest - a.earliest).days + 1 for _, _, a, b in rs)


def _dates(text: str) -> tuple[Optional[DateValue], Optional[DateValue]]:
    """Start and end of every range/date on a date line (split weeks: first start, last end)."""
    text = _CUT.sub("", text)
    spans = [(a, b) for _, _, a, b in temporal.find_ranges(text)]
    if not spans:
        r = temporal.parse_range(text)
        if r:
            spans = [r]
    if not spans:
        days = [v for _, _, v in temporal.find_dates(text) if v.precision == "day"]
        if days:
            spans = [(days[0], days[-1])]
    if not spans:
        return None, None
    start = min((a for a, _ in spans), key=lambda v: v.earliest)
    end = max((b for _, b in spans), key=lambda v: v.latest)
    return start, end


def _header_lines(lines: Lines) -> list[Line]:
    return lines.items[:HEAD_LINES]


def read_header(lines: Lines) -> Header:
    """Council mention, title, on-site dates, publication date, framework and type."""
    h = Header()
    head = _header_lines(lines)
    for ln in head:
        if h.date_line is None and _DATE_LINE.match(ln.text):
            h.start, h.end = _dates(ln.text)
            if h.start:
                h.date_line = ln
        m = _PUBLISHED.match(ln.text)
        if h.published_line is None and m:
            v = temporal.parse(_CUT.sub("", ln.text[m.end():]))
            if v is not None and v.precision == "day":
                h.published, h.published_line = v, ln
    _read_title(h, head)
    if h.date_line is None and h.title and _VISIT.search(h.title):
        _read_visit_dates(h, head)
    _read_framework(h, lines, head)
    _read_type(h, lines)
    return h


_VISIT_TITLE = re.compile(r"^(?:Monitoring|Focused) visit (?:to|of|at) .{3,120}$", re.I)
_ON_VISIT = re.compile(r"\bvisit\b[^.]{0,160}?\bon\s+(?=\d)", re.I)


def _read_visit_dates(h: Header, head: list[Line]) -> None:
    """Letters: "the monitoring visit to X on 8 and 9 January 2020"."""
    for ln in head:
        m = _ON_VISIT.search(ln.text)
        if not m:
            continue
        tail = ln.text[m.end():m.end() + 60]
        rs = temporal.find_ranges(tail)
        if rs and rs[0][0] == 0:
            h.start, h.end, h.date_line = rs[0][2], rs[0][3], ln
            return
        ds = temporal.find_dates(tail)
        if ds and ds[0][0] == 0 and ds[0][2].precision == "day":
            h.start = h.end = ds[0][2]
            h.date_line = ln
            return


def _read_title(h: Header, head: list[Line]) -> None:
    """Title = the heading lines before the date line; council from the title or the first line."""
    visit = next((ln for ln in head if _VISIT_TITLE.match(ln.text)), None)
    stop = h.date_line.index if h.date_line else min(len(head), 6)
    title = [ln for ln in head[:stop] if len(ln.text) < 200 and not ln.text.isdigit()][:6]
    if visit is not None:
        title = [visit]
    h.title_lines = title
    h.title = " ".join(ln.text.strip() for ln in title) or None
    for ln in title:
        m = _TITLE_ORG.match(ln.text)
        if m:
            h.org, h.org_line = m.group("org").strip(" ,"), ln
            return
    joined = " ".join(ln.text for ln in title)
    m = _TITLE_ORG.match(joined)
    if m and title:
        h.org, h.org_line = m.group("org").strip(" ,"), title[0]
        return
    for first in title:  # a heading line that is only the council's name
        if len(first.text) < 80 and not re.search(
                r"\d|inspection|review|report|visit|ofsted|services|children|judgement|board", first.text, re.I) \
                and first.text[:1].isupper() or re.fullmatch(r"[A-Z][\w' ,&-]{2,60} Children's Services", first.text):
            h.org, h.org_line = first.text.strip(), first
            return
    for ln in head:
        m = _SERVICES_IN.match(ln.text)
        if m:
            h.org, h.org_line = m.group("org").strip(" ,"), ln
            return


def _read_framework(h: Header, lines: Lines, head: list[Line]) -> None:
    """ILACS markers (the "Judgement Grade" table, the ILACS title) win over SIF
    wording, which ILACS reports also use in prose ("achieving permanence")."""
    text = "\n".join(ln.text for ln in head)
    title = h.title or ""
    short = "\n".join(ln.text for ln in head if len(ln.text) < 200)
    if _VISIT.search(title):
        h.framework = None
    elif _ILACS.search(title) or re.search(r"^Judgement\s+Grade\b", text, re.I | re.M):
        h.framework = "ilacs"
    elif _SIF.search(title) or _SIF.search(short):
        h.framework = "sif"
    else:
        h.framework = None
    if h.framework == "ilacs" or (h.framework is None and _ILACS.search(text)):
        has_overall = re.search(r"^Overall effectiveness\b", text, re.I | re.M)
        late = h.start is None or h.start.earliest >= _in_force_from("ilacs2026")
        h.framework = "ilacs2026" if (not has_overall and late) else "ilacs"


def _stated_type(text: str) -> Optional[str]:
    try:
        hits = vocab.find_all("inspection-type", text)
    except Exception:
        return None
    return hits[0][2] if hits else None


def _read_type(h: Header, lines: Lines) -> None:
    title = h.title or ""
    m = _VISIT.search(title)
    if m:
        h.kind = "monitoring-visit"
        h.type = vocab.match("inspection-type", m.group(1)) or ""
        o = _ORDINAL.search(" ".join(ln.text for ln in lines.items[:HEAD_LINES * 2]))
        if o:
            h.ordinal = _ORDINALS.index(o.group(1).lower()) + 1
        return
    if h.framework == "sif":
        # the title says so, or the summary does ("This is a re-inspection of children's services in X")
        re_insp = _REINSPECTION.search(title) or any(_SAYS_REINSPECTION.search(ln.text)
                                                     for ln in lines.items[:HEAD_LINES * 3])
        h.type = vocab.match("inspection-type", "re-inspection" if re_insp
                             else "single inspection framework") or ""
        return
    if h.framework in ("ilacs", "ilacs2026"):
        stated = None
        for ln in lines.items:
            if re.search(r"\b(?:short|standard) (?:ILACS )?inspection\b", ln.text, re.I):
                stated = _stated_type(ln.text)
                if stated in ("ilacs-short", "ilacs-standard"):
                    break
                stated = None
        if stated:
            h.type = stated
            return
        if h.start and h.end:
            days = (_onsite_days(h.date_line.text) if h.date_line else None) or \
                (h.end.earliest - h.start.earliest).days + 1
            h.type = vocab.match("inspection-type", "short inspection" if days <= 7 else "standard inspection") or ""
            h.type_note = f"type inferred from {days} days on site (short inspections last one week)"
        return
    h.type = _stated_type(title) or ""


# --- team ---------------------------------------------------------------------------

_TEAM_LINE = re.compile(r"^(?P<label>(?:Lead|Deputy lead|Team|Reporting|Shadow|Supernumerary|Senior data|Data|"
                        r"Quality assurance|Regulatory inspection)\s?[A-Za-z ]{0,30}?)\s*:\s*(?P<names>.*)$|"
                        r"^(?P<label2>(?:Lead|Reporting) inspector)\s+(?P<names2>[A-Z]\S+\s+[A-Z][^,;:]{1,60})$")
_GRADE_MARK = re.compile(r"\s*\(?\b(OI|HMI|Her Majesty's Inspector|His Majesty's Inspector|Ofsted Inspector)\b\)?",
                         re.I)
_NAME = re.compile(r"^[A-ZÀ-ÞŁŚŽ][^\W\d_]*(?:['\-][^\W\d_]+)*"
                   r"(?:\s+(?:[A-ZÀ-ÞŁŚŽ'][^\W\d_']*(?:['\-][^\W\d_]+)*|de|van|von|le|la|di|da|du|del|der|ter))+$")


def _grade_of(text: str) -> Optional[str]:
    m = _GRADE_MARK.search(text)
    if not m:
        return None
    g = m.group(1).lower()
    return "OI" if g in ("oi", "ofsted inspector") else "HMI"


_INSPECTORS_WERE = re.compile(r"\bThe inspectors? (?:were|was) (?P<names>[^.]{3,300})\.")


def _letter_team(lines: Lines, team: list[TeamMember], seen: set) -> None:
    """Visit letters: "The inspectors were A, Her Majesty's Inspector, and B, ..."."""
    role = vocab.match("role", "inspector")
    for ln in lines.items[:HEAD_LINES * 2]:
        m = _INSPECTORS_WERE.search(ln.text)
        if not m or not role:
            continue
        base = ln.start + m.start("names")
        for pm in re.finditer(r"[^,]+", m.group("names")):
            raw = re.sub(r"^\s*and\s+", "", pm.group(0))
            grade = _grade_of(raw)
            name = _GRADE_MARK.sub("", raw).strip(" .()")
            if not name:
                if grade and team and team[-1].grade is None:
                    team[-1].grade = grade
                continue
            if not _NAME.match(name) or (name, role) in seen:
                continue
            seen.add((name, role))
            s = base + pm.start() + pm.group(0).find(name)
            team.append(TeamMember(name=name, role=role, quote=lines.quote(ln.start + m.start(), s + len(name)),
                                   grade=grade))
        return


def read_team(lines: Lines) -> list[TeamMember]:
    """Lead, deputy, team inspectors, analysts and QA managers with their role keys and grades."""
    team: list[TeamMember] = []
    seen: set[tuple[str, str]] = set()
    _letter_team(lines, team, seen)
    for ln in lines.items:
        m = _TEAM_LINE.match(ln.text)
        if not m or len(ln.text) > 400:
            continue
        label = (m.group("label") or m.group("label2")).strip()
        names_group = "names" if m.group("label") else "names2"
        try:
            role = vocab.match("role", label)
        except Exception:
            role = None
        if role is None or not m.group(names_group).strip():
            continue
        nxt = next(lines.after(ln), None)
        names_start = ln.start + m.start(names_group)
        _team_names(lines, ln, names_start, role, nxt, team, seen)
    return team


def _team_names(lines: Lines, ln: Line, names_start: int, role: str, nxt: Optional[Line],
                team: list[TeamMember], seen: set) -> None:
    text = lines.norm[names_start:ln.end]
    # a grade alone on the next line belongs to the last name ("Rob Pyner\n\n(OI)")
    trailing = None
    if nxt is not None and re.fullmatch(r"\(?(?:OI|HMI|Her Majesty's Inspector|His Majesty's Inspector)\)?",
                                        nxt.text.strip(), re.I):
        trailing = nxt
    parts = []
    for pm in re.finditer(r"[^,;]+", text):
        chunk = pm.group(0)
        for sub in re.split(r"\s+and\s+", chunk):
            off = chunk.find(sub)
            parts.append((pm.start() + off, sub))
    for i, (off, raw) in enumerate(parts):
        grade = _grade_of(raw)
        name = _GRADE_MARK.sub("", raw).strip(" .()")
        if not name:
            if grade and team and team[-1].role == role and team[-1].grade is None:
                team[-1].grade = grade  # "Lead inspector: Name, His Majesty's Inspector"
            continue
        if not _NAME.match(name):
            continue
        e = names_start + off + len(raw.rstrip())
        end = e
        if trailing is not None and i == len(parts) - 1 and grade is None:
            grade = _grade_of(trailing.text)
            end = trailing.end
        if (name, role) in seen:
            continue
        seen.add((name, role))
        team.append(TeamMember(name=name, role=role, quote=lines.quote(ln.start, end), grade=grade))
    if trailing is None and nxt is not None and team and team[-1].role == role and team[-1].grade is None:
        if re.fullmatch(r"(?:Her|His) Majesty's Inspector|HMI", nxt.text.strip(), re.I):
            team[-1].grade = "HMI"
