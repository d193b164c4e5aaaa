"""Figures in prose: agency rates, caseloads, turnover, budgets, children in care.

A figure is kept only when its measure is clear. Each sentence is read as
values (percentages, sums of money, plain numbers and number words) and
measure cues (the indicator-measure labels of ``graph.vocab``, plus a few
genre phrasings such as "cared for population" or "as many as" in a sentence
about caseloads). Each value takes its nearest compatible cue, and values
coordinated with it share that cue ("78% of SATS teams and 43% of SAFS teams
were agency staff"; "from 352 children to 307"). The value's unit must suit
the measure (a rate takes a percentage or "per 10,000", a budget a sum of
money, a caseload or a count a plain number). Skipped: values stated as
changes ("increase of 67", "budget by £9.8m"); comparators ("compared with
31% in the country"); ages, stages, durations, ratios ("one in five"); counts
not stated as a level of their measure (a count must be "N <noun> were/lived/
became ..." or "<noun> (fell from|was|stood at) N"; "only eight children
looked after receive ...", "42 care leavers (68%) do not ..." are subsets);
and figures whose measure is unclear ("over thirty children": no measure
says "typical caseload").

Date: a date in the sentence nearest the value ("At the time of the visit on
8 January, 78% ..."; "27% in June 2021"; "As of January ... £6.7m"); the
earlier value of a "from X to Y" pair only has the later date as its upper
bound; otherwise ``default`` (the visit the article reports, or the section
or document date), marked inferred. A financial year ("2019-20") is part of
the date: its bounds when no as-of date is stated, else a note on the as-of
date ("As of January ... £6.7m ... for 2019-20": January, noted as a figure for
2019-20). The scope says which part of the council, never when. Scope: "N% of <teams/posts>" names the part of the
workforce; "of staff" means the whole council.

Conflicting figures are each kept with their own quote; nothing merges them.

>>> from graph.model import Document
>>> from graph import temporal
>>> d = Document("x", "The average caseload was 18.5 in May 2019.")
>>> [(i.measure, i.value, i.date.literal) for i in find_indicators(d)]
[('average-caseload', 18.5, '2019-05')]
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from datetime import date, timedelta
from typing import Optional

from .. import temporal
from ..model import DateValue, Document, Indicator, make_quote
from . import noise
from .people import Context, Sentence, norm, vocab_api, _bare

__all__ = ["find_indicators", "indicators_in_context", "values_in"]

_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90})

_PCT = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d+)?)\s*(%|per\s?cent\b|percent\b)", re.I)
_GBP = re.compile(r"£\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(bn|billion|m|million|k|thousand)?\b", re.I)
_NUM = re.compile(r"(?<![\w.£/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w%/-]|\.\d|\s*(?:%|per\s?cent))", re.I)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD_NUM = re.compile(rf"\b((?:{_TENS})(?:[- ](?:{_UNITS}))?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")\b(?!-)",
                       re.I)
_WORD_PCT = re.compile(r"\b((?:" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|"
                       r"seven|eight|nine))?)\s+(?:per\s?cent|percent)\b", re.I)
_PER10K = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s+per\s+10,?000(?:\s+children(?:\s+and\s+young\s+people)?)?", re.I)
_FY = re.compile(r"\b(20\d\d)\s?[-/]\s?(\d\d)\b")
_CHANGE = re.compile(r"(?:\bby|\bincrease of|\brise of|\breduction of|\bdecrease of|\bcut of|\bsaving of|"
                     r"\bincreased by|\breduced by|\bfurther|\banother)\s+(?:around\s+|about\s+|some\s+)?$", re.I)
_MULT = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3, "thousand": 1e3}

# (regex, measure label handed to vocab.match, placement): "after" cues take the value right after
# them; "near" cues the nearest value either side. Labels are resolved through the vocabulary.
_CUES = [
    (re.compile(r"\bagency\b", re.I), "agency staff rate", "near"),
    (re.compile(r"\baverage caseloads?\b|\bcaseloads? averag\w*", re.I), "average caseload", "near"),
    (re.compile(r"\b(?:caseloads? of up to|as many as|up to|highest caseloads? (?:of|was|were))\s*$|"
                r"\b(?:caseloads? of up to|as many as|highest caseloads? (?:of|was|were))\b", re.I),
     "maximum caseload", "after"),
    (re.compile(r"\bcared[- ]for population\b|\bnumber of (?:children in care|looked[- ]after children|cared[- ]for "
                r"children)\b", re.I), "children in care", "near"),
    (re.compile(r"\boverspen[dt]\w*", re.I), "overspend", "near"),
    (re.compile(r"\bbudget\b", re.I), "budget", "near"),
    (re.compile(r"\bturnover\b", re.I), "staff turnover rate", "near"),
    (re.compile(r"\bvacanc(?:y|ies)\b", re.I), "vacancy rate", "near"),
]


def values_in(s: str) -> list[tuple[int, int, float, str]]:
    """(start, end, value, unit label) of the figures in a sentence."""
    out = []
    for m in _PCT.finditer(s):
        out.append((m.start(), m.end(), float(m.group(1)), "percent"))
    for m in _WORD_PCT.finditer(s):
        out.append((m.start(), m.end(), float(_word_value(m.group(1))), "percent"))
    for m in _PER10K.finditer(s):
        out.append((m.start(), m.end(), float(m.group(1)), "per 10,000"))
    for m in _GBP.finditer(s):
        v = float(m.group(1).replace(",", "")) * _MULT.get((m.group(2) or "").lower(), 1)
        out.append((m.start(), m.end(), v, "pounds"))
    taken = [(a, b) for a, b, _, _ in out] + [(m.start(), m.end()) for m in _FY.finditer(s)]
    # date spans (found with any reference day: only where they are matters) are not figures
    taken += [(a, b) for a, b, _ in temporal.find_dates(s, date(2000, 1, 1))]
    taken += [(a, b) for a, b, _, _ in temporal.find_ranges(s, date(2000, 1, 1))]
    for rx in (_NUM, _WORD_NUM):
        for m in rx.finditer(s):
            if any(a <= m.start() < b for a, b in taken):
                continue
            if any(a <= m.start() < b for a, b, _, _ in out):
                continue
            if _NOT_QUANTITY_BEFORE.search(s[max(0, m.start() - 20):m.start()]) or \
                    _NOT_QUANTITY_AFTER.match(s, m.end()) or \
                    (m.start() == 0 and re.match(r"\d+\.\d+\s+[A-Z]", s)):  # a section number
                continue
            if _RATIO.match(s, m.end()) or re.search(r"\bin\s+$", s[max(0, m.start() - 4):m.start()]) and \
                    re.search(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s+in\s+$",
                              s[max(0, m.start() - 12):m.start()], re.I):
                continue  # "one in five": a ratio, not a quantity
            g = m.group(1)
            v = float(_word_value(g)) if not g[0].isdigit() else float(g.replace(",", ""))
            out.append((m.start(), m.end(), v, "number"))
    return sorted(out)


def _word_value(w: str) -> int:
    parts = re.split(r"[- ]", w.lower())
    return sum(_WORDS[p] for p in parts if p in _WORDS)


# plain numbers that are not quantities: ages, stages, durations, distances, list labels
_RATIO = re.compile(r"\s+in\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a hundred)\b", re.I)
_NOT_QUANTITY_BEFORE = re.compile(r"(?:\bsample of|\bsurvey of|\ba further|\banother|\bincluding|\baged|\bage of|\bages of|\bstage|\bProgress|\bAttainment|\bwithin|\bYear|"
                                  r"\bparagraph|\bsection|\bpage|\bper|\bnumber|\bNo\.?|\bphase|\blevel|\bTier)\s*$", re.I)
_NOT_QUANTITY_AFTER = re.compile(r"(?:\s*(?:-|to|and|or)\s*\d+)?\s*(?:-?\s*(?:hours?|days?|weeks?|months?|years?|miles?|minutes?|"
                                 r"monthly|weekly|yearly|times|year-olds?|per\b|km\b|mph)|\.\d)", re.I)


@lru_cache(maxsize=1)
def _cue_keys() -> tuple:
    """Measure key of each genre cue (asked of the vocabulary once)."""
    return tuple(vocab_api().match("indicator-measure", label) for _, label, _ in _CUES)


@lru_cache(maxsize=1)
def _unit_keys() -> dict:
    return {u: vocab_api().match("unit", u) for u in ("percent", "pounds", "number", "cases per worker", "per 10,000")}


def _cues(s: str) -> list[tuple[int, int, str, str]]:
    """(start, end, measure key, placement) in a sentence."""
    v = vocab_api()
    out = []
    caseload = re.search(r"caseload", s, re.I)
    for a, b, key in v.find_all("indicator-measure", s):
        out.append((a, b, key, "after" if "maximum" in key else "near"))
    for (rx, label, place), key in zip(_CUES, _cue_keys()):
        if not key:
            continue
        if label == "maximum caseload" and not caseload:
            continue
        for m in rx.finditer(s):
            if any(a <= m.start() < b or m.start() <= a < m.end() for a, b, _, _ in out):
                continue
            out.append((m.start(), m.end(), key, place))
    return sorted(out)


@lru_cache(maxsize=1)
def _money_keys() -> frozenset:
    return frozenset(vocab_api().match("indicator-measure", x) for x in ("budget", "overspend")) - {None}


def _rate_of(key: str) -> Optional[str]:
    """The per-10,000 rate measure of a count measure ("child-protection-plans" ->
    "child-protection-plan-rate"), from the vocabulary's keys."""
    keys = set(vocab_api().keys("indicator-measure"))
    for cand in (f"{key}-rate", f"{key[:-1]}-rate" if key.endswith("s") else ""):
        if cand in keys:
            return cand
    return None


def _unit_ok(key: str, unit: str) -> bool:
    money = key in _money_keys()
    if unit == "per 10,000":
        return key.endswith("-rate") or _rate_of(key) is not None
    if unit == "percent":
        return key.endswith("-rate")
    if unit == "pounds":
        return money
    return not key.endswith("-rate") and not money


_CHAIN = re.compile(r"\s*(?:of\s+[^,;.%£\d]{0,40}?|children|cases|staff|posts)?\s*(?:,\s*and|and|,|to|from)\s*$", re.I)


# a figure given for comparison (national, regional, statistical neighbours) is not the council's
_COMPARATOR_BEFORE = re.compile(r"\b(?:compared\s+(?:with|to)|against|nationally|national\s+(?:average|figure|rate)\s+(?:of|is|was)|"
                                r"England\s+average\s+(?:of|is|was))\s+(?:an?\s+|the\s+)?(?:average\s+of\s+)?$", re.I)
_COMPARATOR_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?(?:in\s+the\s+country|nationally|in\s+England|national(?:ly)?\s+average|"
                               r"England\s+average|(?:for|among|in)\s+(?:its\s+|their\s+)?statistical\s+neighbours|"
                               r"in\s+similar\s+(?:areas|authorities))", re.I)


_COUNT_BEFORE_CUE = re.compile(r"[ \t]+(?:(?:subject[ \t]+of|(?!(?:to|for|with|from|by|at|of)[ \t])[A-Za-z'’-]+)[ \t]+){0,6}",
                               re.I)
_CUE_BEFORE_COUNT = re.compile(r"\s*(?:population\s+)?(?:(?:has|have|had)\s+)?(?:(?:fell|rose|increased|decreased|reduced|dropped|"
                               r"grew|went|stood|was|were|is|are|of|at|from|to|totall?ed|averag\w*|reached)\s+){1,3}"
                               r"(?:around|about|approximately|some|just over|just under|nearly|almost)?\s*|\s*:\s*", re.I)


# A count is a level of the measure only when the sentence states it as such: "336 children were
# being looked after", "there have been 14 adoptions", "36 children were adopted in 2013-14". A
# subset ("only eight children looked after receive ...", "42 care leavers (68%) do not ...",
# "three of whom are children looked after", "a sample of 50 care leavers") is not.
_LEVEL_AFTER_CUE = re.compile(r"\s*(?:$|[.;:,)]|\(a rate|\sby\s+the\s+(?:local\s+authority|council)\b|\s(?:and\s+young\s+people\s+)?(?:were|are|was|is)\s+(?:being\s+)?"
                              r"(?:looked\s+after|the\s+subject|subject|living|placed|in\s+care|adopted)\b|\s(?:lived|live|became|"
                              r"have\s+been\s+adopted|were\s+adopted)\b|\s(?:between|in|during|over|since|at|across)\b)", re.I)
_SUBSET_BEFORE = re.compile(r"\b(?:only|all\s+but|out\s+of|of\s+the|of\s+whom|of\s+these|selection\s+of|sample\s+of|benefited|"
                            r"considered|audited|reviewed|sampled|auditing|including)\b[^.;]{0,25}$", re.I)


def _total_not_subset(s: str, vs: int, ve: int, cue_end: int) -> bool:
    if _SUBSET_BEFORE.search(s[max(0, vs - 40):vs]) or re.search(r"\bof\s+(?:whom|which)\b", s[ve:cue_end]):
        return False
    if re.match(r"\s*\(\s*\d+(?:\.\d+)?\s*%", s[cue_end:]):
        return False
    return bool(_LEVEL_AFTER_CUE.match(s, cue_end))


def _claims(s: str, vals, cues):
    """value index -> (cue, role): each value takes its nearest compatible cue ("after" cues only
    the value right after them); a value with none inherits the cue of a value coordinated with
    it. role is "earlier" for the X of "from X to Y"."""
    claim: dict[int, tuple] = {}
    for i, (vs, ve, _, unit) in enumerate(vals):
        best = None
        for cue in cues:
            a, b, key, place = cue
            if not _unit_ok(key, unit):
                continue
            if place == "after":
                if not (0 <= vs - b <= 25 and not re.search(r"\d", s[b:vs])):
                    continue
                d = -1
            elif unit == "number":
                # a count or caseload is the quantity of its noun: "336 children were being looked
                # after", "the cared for population from 352", "the average caseload was 18.5"
                if ve <= a and _COUNT_BEFORE_CUE.fullmatch(s[ve:a]) and _total_not_subset(s, vs, ve, b):
                    d = a - ve
                elif b <= vs and _CUE_BEFORE_COUNT.fullmatch(s[b:vs]):
                    d = vs - b
                else:
                    continue
            else:
                d = _dist(vals[i], a, b)
                if d > 120:
                    continue
            if best is None or d < best[0]:
                best = (d, cue)
        if best:
            claim[i] = best[1]
    for i in range(len(vals)):
        if i in claim:
            continue
        for j in (i + 1, i - 1):
            if 0 <= j < len(vals) and j in claim and vals[j][3] == vals[i][3]:
                lo, hi = (i, j) if i < j else (j, i)
                if _CHAIN.fullmatch(s[vals[lo][1]:vals[hi][0]]) and _unit_ok(claim[j][2], vals[i][3]):
                    claim[i] = claim[j]
                    break
    out = {}
    for i, cue in claim.items():
        earlier = (i + 1 < len(vals) and claim.get(i + 1) == cue
                   and re.fullmatch(r"\s*(?:children|cases|staff|posts)?\s*to\s*", s[vals[i][1]:vals[i + 1][0]], re.I))
        out[i] = (cue, "earlier" if earlier else "")
    return out


def _dist(val, a, b) -> int:
    vs, ve = val[0], val[1]
    return a - ve if ve <= a else (vs - b if vs >= b else 0)


def _scope(s: str, val, key: str) -> str:
    m = re.compile(r"\s+of\s+((?:the\s+)?[A-Za-z][\w' -]{1,60}?)(?=\s+(?:and|were|was|are|is|had|have|who|which|at)\b|[,.;)]|$)",
                   re.I).match(s, val[1])
    if m and val[3] == "percent":
        sc = m.group(1).strip()
        if re.fullmatch(r"(?:the\s+|all\s+)?(?:staff|workforce|the workforce|employees|social workers)|"
                        r"(?:the\s+)?(?:local authority's|council's|area's|authority's)\s+children|"
                        r"(?:all\s+)?children(?:\s+and\s+young\s+people)?(?:\s+living)?\s+in\s+the\s+(?:area|authority)",
                        sc, re.I):
            return "council"
        return sc
    return "council"


_ANY_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_WORDS) + "|" + _TENS + r")", re.I)


def _indicators_in(doc: Document, sent: Sentence, ref, org, default: Optional[DateValue], by: str) -> list[Indicator]:
    s = sent.text
    if not _ANY_NUMBER.search(s):  # no figure at all: skip the costly scans
        return []
    vals = [v for v in values_in(s) if not _CHANGE.search(s[max(0, v[0] - 25):v[0]])
            and not _COMPARATOR_BEFORE.search(s[max(0, v[0] - 30):v[0]])
            and not _COMPARATOR_AFTER.match(s, v[1])]
    if not vals:
        return []
    cues = _cues(s)
    if not cues:
        return []
    claims = _claims(s, vals, cues)
    ranges = [(a, b, temporal.between(d1, d2, f"stated as the days {s[a:b].strip()}")) for a, b, d1, d2 in
              temporal.find_ranges(s, ref)]
    singles = temporal.find_dates(s, ref)
    for (a1, b1, d1), (a2, b2, d2) in zip(singles, singles[1:]):  # "between April 2017 and March 2018"
        if re.search(r"\bbetween\s+$", s[max(0, a1 - 9):a1]) and re.fullmatch(r"\s+and\s+", s[b1:a2]):
            ranges.append((a1, b2, temporal.between(d1, d2, f"stated as the period {s[a1:b2]}")))
    dates = ranges + [(a, b, d) for a, b, d in singles if not any(ra <= a < rb for ra, rb, _ in ranges)]
    fys = list(_FY.finditer(s))
    unit_key = _unit_keys()
    out = []
    for i, (cue, role) in sorted(claims.items()):
        vs, ve, value, unit = vals[i]
        key = cue[2]
        if unit == "per 10,000" and not key.endswith("-rate"):
            key = _rate_of(key)
            if not key:
                continue
        u = unit_key["cases per worker"] if "caseload" in key and unit == "number" else unit_key[unit]
        if not u:
            continue
        scope = _scope(s, vals[i], key)
        fy = min(fys, key=lambda m: _dist((m.start(), m.end()), vs, ve), default=None)
        if fy and _dist((fy.start(), fy.end()), vs, ve) > 60:
            fy = None
        when = _date_for(dates, vals, claims, i)
        if fy is not None:  # the period the figure covers belongs to its date, not its scope
            y = int(fy.group(1))
            if when is None:
                when = temporal.bounded(date(y, 4, 1), date(y + 1, 3, 31), f"the financial year {fy.group()}")
            else:
                when = replace(when, note=_join_notes(when.note, f"a figure for the financial year {fy.group()}"))
        if role == "earlier":
            later = _nearest_date(dates, vals[i + 1][0], vals[i + 1][1]) if i + 1 < len(vals) else None
            when = temporal.bounded(None, (later or when or default or DateValue(None, None, None)).latest,
                                    "earlier value of a 'from X to Y' change: only known to precede the later value")
        elif when is None and re.search(r"\b(?:had been|previously|formerly|used to)\b", s, re.I):
            r = temporal.as_ref(ref)
            when = temporal.bounded(None, r, "stated as a past level") if r else None
        elif when is None and default is not None:
            when = default
        out.append(Indicator(quote=make_quote(doc, sent.start, sent.end), by=by, measure=key, value=value, unit=u,
                             date=when, org=org, scope=scope))
    return out


def _join_notes(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def _date_for(dates, vals, claims, i: int, limit: int = 140):
    """The date stated for value ``i``: a date whose nearest value is ``i`` or a value
    claimed by the same cue ("On 8 January, 78% ... and 43% ..."); None otherwise."""
    best = None
    for a, b, d in dates:
        near = min(range(len(vals)), key=lambda k: _dist(vals[k], a, b))
        same = near == i or (near in claims and claims[near][0] == claims[i][0])
        dist = _dist((a, b), vals[i][0], vals[i][1])
        if same and dist <= limit and (best is None or dist < best[0]):
            best = (dist, d)
    return best[1] if best else None


def _nearest_date(dates, vs, ve, limit: int = 140):
    best = None
    for a, b, d in dates:
        dist = _dist((a, b), vs, ve)
        if dist <= limit and (best is None or dist < best[0]):
            best = (dist, d)
    return best[1] if best else None


def _as_default(d: Optional[DateValue], note: str) -> Optional[DateValue]:
    if d is None:
        return None
    return replace(d, qualifier="inferred" if d.literal else d.qualifier, note=note)


def _org_for(ctx_councils, council_names, sent: Sentence, org, main):
    if org:
        return org
    here = [m for s, e, m in ctx_councils if sent.start <= s and e <= sent.end]
    if len({_bare_name(m, council_names) for m in here}) == 1:
        return here[0]
    return main


def _bare_name(m: str, names) -> str:
    for n in sorted(names, key=len, reverse=True):
        if n in m:
            return n
    return m


_LAST_TEXT: list = [None, None, None]  # (text, normalised text, sentence spans) of the last text read


def _sentences_of(text: str):
    """Normalised text and sentence spans, kept for the last text: an extractor asks for
    several sections of one document in turn, and splitting the whole text is the cost."""
    if _LAST_TEXT[0] is not text:
        _LAST_TEXT[:] = [text, norm(text), list(noise.sentences(text))]
    return _LAST_TEXT[1], _LAST_TEXT[2]


def find_indicators(doc: Document, start: int = 0, end: Optional[int] = None, ref=None,
                    org: Optional[str] = None, by: str = "indicators") -> list[Indicator]:
    """Indicators stated in ``doc.text[start:end]``.

    ``ref`` (DateValue or date; default the document date) resolves relative
    dates and is the date of a figure whose sentence states none (marked
    inferred); ``org`` is the raw organisation mention for every figure
    (default None: the caller or resolver decides).
    """
    text = doc.text or ""
    end = len(text) if end is None else end
    ref = doc.published if ref is None else ref
    ntext, sents = _sentences_of(text)
    default = ref if isinstance(ref, DateValue) else (temporal.day(ref.year, ref.month, ref.day) if ref else None)
    default = _as_default(default, "figure reported without its own date: taken at the document/section date")
    out = []
    state = _ListState()
    prev: Optional[str] = None
    for s, e in sents:
        if s < start or e > end:
            continue
        sent = Sentence(s, e, ntext[s:e])
        try:
            got = _indicators_in(doc, sent, ref, org, default, by)
            got = state.read(doc, sent, got, ref, org, by)
        except (ValueError, IndexError, OverflowError):
            continue
        out.extend(_scoped_by_previous(got, sent.text, prev))
        prev = sent.text
    return out


_THESE = re.compile(r"\b(?:in|of|across|within)\s+these\s+(?P<what>teams|services|units)\b", re.I)
_NAMED_TEAM = re.compile(r"\b(?:teams?|services?|units?)\s*\((?P<abbr>[A-Z][A-Za-z]{1,7})\)")


def _scoped_by_previous(got: list, s: str, prev: Optional[str]) -> list:
    """"social workers in these teams were often responsible for ... caseloads of up to forty":
    the teams the previous sentence names ("the safeguarding assessment teams (SATS) and
    safeguarding and family support services teams (SAFS)") are the figure's scope."""
    if not got or not prev or not _THESE.search(s):
        return got
    names = [m.group("abbr") for m in _NAMED_TEAM.finditer(prev)]
    if not names:
        return got
    scope = " and ".join(dict.fromkeys(names)) + " teams"
    return [replace(i, scope=scope) if i.scope == "council" else i for i in got]


# --- statistics lists: what a sentence inherits from the sentences before it ----------------

_COMPARISON = re.compile(r"^\W*This\s+is\s+(?:an?\s+)?(?:reduction|increase|decrease|rise|fall|drop)\s+from\s+", re.I)
_LIST_INTRO = re.compile(r":\s*$")
_PHASE_ITEM = re.compile(r"^\W*in\s+(?P<scope>(?:primary|secondary|special|all)\s+schools)\s+(?:is|was|are|were)\s+"
                         r"(?P<value>\d{1,3}(?:\.\d+)?)\s*%", re.I)
_PERIOD_INTRO = re.compile(r"\bIn\s+the\s+(?:last|past|previous)\s+(?P<n>\d{1,2}|twelve|six|three|two|eighteen|"
                           r"twenty-four)\s+months\s*:\s*$", re.I)
_PREVIOUS_YEAR = re.compile(r"\b(?:the\s+)?previous\s+year\b", re.I)
_MONTH_WORDS = {"twelve": 12, "six": 6, "three": 3, "two": 2, "eighteen": 18, "twenty-four": 24}


class _ListState:
    """Context the statistics sections of reports carry from one sentence to the next.

    * "This is a reduction from 1,196 at 31 March 2017." restates the measures
      of the preceding figures (a count, and a rate "per 10,000") at its own date;
    * "The proportion of children entitled to free school meals:" opens a list
      whose items "in primary schools is 18% (the national average is 14%)"
      are the council's value for that school phase (the comparator is not);
    * "In the last 12 months:" dates the items of its list as the twelve months
      ending at the report's date (bounds, inferred), not at a day;
    * "the previous year, when 14 children were adopted" is the year before the
      period of the preceding figure of that measure.
    """

    def __init__(self):
        self.last: list[Indicator] = []
        self.intro_key: Optional[str] = None
        self.period: Optional[DateValue] = None

    def read(self, doc, sent, got: list, ref, org, by: str) -> list:
        s = sent.text
        out = list(got)
        if _COMPARISON.match(s) and self.last and not got:
            out = self._comparison(doc, sent, ref)
        elif _PHASE_ITEM.match(s) and self.intro_key and not got:
            m = _PHASE_ITEM.match(s)
            u = vocab_api().match("unit", "percent")
            if u:
                out = [Indicator(quote=make_quote(doc, sent.start, sent.end), by=by, measure=self.intro_key,
                                 value=float(m.group("value")), unit=u, date=_as_default(
                                     _ref_value(ref), "figure in a statistics list: taken at the report's date"),
                                 org=org, scope=m.group("scope"))]
        if self.period is not None:
            out = [replace(i, date=self.period) if i.date is None or i.date.note.startswith("figure ") else i
                   for i in out]
        if _PREVIOUS_YEAR.search(s) and self.last:
            out = [self._year_before(i) for i in out]
        if _LIST_INTRO.search(s):  # a new list: its intro decides what its items inherit
            self.intro_key = None
            self.period = None
            keys = [k for _, _, k in vocab_api().find_all("indicator-measure", s) if k.endswith("-rate")]
            self.intro_key = keys[0] if len(keys) == 1 else None
            pm = _PERIOD_INTRO.search(s)
            r = temporal.as_ref(ref)
            if pm and r:
                n = int(pm.group("n")) if pm.group("n").isdigit() else _MONTH_WORDS[pm.group("n").lower()]
                self.period = temporal.bounded(temporal._add_months(r, -n) + timedelta(days=1), r,
                                               f"stated for the last {n} months before the report's date "
                                               f"{r.isoformat()}", qualifier="inferred")
        elif re.match(r"^\W*[A-Z]", s) and not _PHASE_ITEM.match(s) and not s.lstrip().startswith(("-", "•")) \
                and self.period is not None and not got:
            self.period = None  # prose after the list
        self.last = out  # a comparison or "previous year" refers to the sentence just before
        return out

    def _comparison(self, doc, sent, ref) -> list:
        s = sent.text
        when = None
        ds = temporal.find_dates(s, ref)
        if len(ds) > 1:  # "from both 403 ... at 31 March 2016 and 489 ... at 31 March 2015": not read
            return []
        if ds:
            when = ds[0][2]
        units = _unit_keys()
        counts = [i for i in self.last if i.unit == units["number"]]
        rates = [i for i in self.last if i.unit == units["per 10,000"]]
        out = []
        for vs, ve, value, unit in values_in(s):
            src = rates if unit == "per 10,000" else counts if unit == "number" else []
            if not src or _COMPARATOR_AFTER.match(s, ve):
                continue
            prev = src.pop(0)
            out.append(replace(prev, quote=make_quote(doc, sent.start, sent.end), value=value,
                               date=when if when is not None else bounded_before(prev.date)))
        return out

    def _year_before(self, i: Indicator) -> Indicator:
        prev = next((p for p in self.last if p.measure == i.measure and p.date is not None
                     and p.date.earliest and p.date.latest
                     and 300 <= (p.date.latest - p.date.earliest).days <= 400), None)
        if prev is None:
            return i
        e, l = prev.date.earliest, prev.date.latest
        return replace(i, date=temporal.bounded(temporal._add_months(e, -12), temporal._add_months(l, -12),
                                                "the year before the period of the preceding figure"))


def _ref_value(ref) -> Optional[DateValue]:
    if ref is None or isinstance(ref, DateValue):
        return ref
    return temporal.day(ref.year, ref.month, ref.day)


def bounded_before(d: Optional[DateValue]) -> Optional[DateValue]:
    """An earlier value stated without its own date: only known to precede ``d``."""
    if d is None or d.latest is None:
        return None
    return temporal.bounded(None, d.latest, "earlier value of a stated change: only known to precede the later value")


def indicators_in_context(ctx: Context, default: Optional[DateValue] = None, note: str = "") -> list[Indicator]:
    """Indicators in every prose sentence; ``default`` dates figures the sentence leaves undated
    (the prose extractor passes the reported visit's date, else the document date)."""
    dflt = _as_default(default if default is not None else ctx.ref,
                       note or "figure reported without its own date: taken at the document date")
    out = []
    prev: Optional[str] = None
    for sent in ctx.sentences:
        org = _org_for(ctx.councils, ctx.council_names, sent, None, ctx.main)
        try:
            out.extend(_scoped_by_previous(_indicators_in(ctx.doc, sent, ctx.ref, org, dflt, ctx.by), sent.text, prev))
        except (ValueError, IndexError, OverflowError):
            continue
        prev = sent.text
    return out
