"""Synthetic, corpus-shaped dataset for benchmarks (never real facts).

``python -m bench.generate --triples 100k|1M|5M --out FILE [--seed N]``
writes a TriG (``.trig``) or N-Quads (``.nq``) dataset in the shapes of
ARCHITECTURE.md: about 150 made-up councils over 15 years with tenures
(month-precision dates with bounds; some directors move to another council,
and a contractual partnership makes the lead council's DCS the supported
council's DCS too, a joint tenure via the arrangement), boards and chairs in
review documents, inspections with evidence, a team drawn from a national pool
of inspectors, judgements, recommendations (repeats more likely after an
inadequate judgement) and findings with quotes; SIF re-inspections and
monitoring visits after an inadequate judgement; partnerships that mostly
follow one; indicator observations restated by several documents; people
known by a second name; and evidence nodes with TextQuoteSelectors. One named
graph per synthetic document, plus ``gr:reference`` (the councils) and
``gr:ontology`` (ontology and SKOS schemes, so labels answer).

How it scales: the timelines (who held which post when, the inspection
schedule, partnerships) are fixed by the seed; the documents about one council
that has everything the parameterised competency queries ask about (the
"bench subject") are written first, then documents are drawn at random (a
council, a date, a kind) and each writes into its own graph the facts it
states, until the target number of triples is reached. A fact stated by
several documents appears in each of their graphs, as in the real build.
Beside the data, ``<name>.params.json`` holds the values the benchmark binds
into the queries' VALUES rows (that council, its partner, a day, a year, a
person's name...). Council names and GSS-like codes (``E99…``) are invented
so no output can be mistaken for data about a real council. Same seed, same
bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from graph import vocab
from graph.names import GRAPH, ID, VOCAB, short_hash, slug
from graph.namespace import CSG, ontology_graph, vocab_graph

__all__ = ["generate", "parse_size", "params_path", "main", "VERSION"]

# bump when the output changes, so cached datasets are regenerated
VERSION = 2

CSG_ = str(CSG.Council)[: -len("Council")]  # the csg: namespace IRI, checked terms below
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ORG = "http://www.w3.org/ns/org#"
TIME = "http://www.w3.org/2006/time#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
OA = "http://www.w3.org/ns/oa#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "http://schema.org/"

FIRST_YEAR, LAST_YEAR = 2010, 2024
N_COUNCILS = 150


def C(name: str) -> str:
    """A csg: term, checked against the ontology (a typo raises)."""
    return str(getattr(CSG, name))


def V(scheme: str, key: str) -> str:
    return f"{VOCAB}{scheme}/{key}"


def _framework(area: str) -> str | None:
    """An area's inspection framework; None for an area given under no stated framework."""
    try:
        return vocab.area_framework(area)
    except vocab.VocabError:
        return None


def parse_size(text: str) -> int:
    """'100k' -> 100000, '1M' -> 1000000, '2500' -> 2500."""
    t = text.strip().lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1_000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1_000_000, t[:-1]
    try:
        n = int(float(t) * mult)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--triples: expected a number like 100k, 1M or 5M, got {text!r}")
    if n <= 0:
        raise argparse.ArgumentTypeError(f"--triples must be positive, got {text!r}")
    return n


# ---------------------------------------------------------------- N-Triples text

def _esc(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r"))


def I(iri: str) -> str:
    return f"<{iri}>"


def L(text: str) -> str:
    return f'"{_esc(text)}"'


def T(lex, dt: str) -> str:
    return f'"{lex}"^^<{XSD}{dt}>'


class Doc:
    """The triples one synthetic document states (one named graph)."""

    def __init__(self, docid: str) -> None:
        self.docid = docid
        self.graph = f"{GRAPH}doc/{docid}"
        self.iri = f"{ID}doc/{docid}"
        self.lines: list[str] = []
        self.text_pos = 0

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{I(s)} {I(p)} {o}")

    def a(self, s: str, *types: str) -> None:
        for t in types:
            self.add(s, RDF_TYPE, I(t))


# ---------------------------------------------------------------- words

WORDS = (
    "children families social workers managers leaders partners practice quality oversight "
    "supervision caseloads assessments plans reviews visits timely consistent effective "
    "improving strong weak variable drift delay risk harm neglect exploitation missing "
    "return interviews placements stability permanence adoption fostering residential "
    "care leavers pathway accommodation education health emotional wellbeing voice wishes "
    "feelings direct work chronology history contingency thresholds referrals contacts "
    "front door strategy discussions section enquiries conferences core groups "
    "audit performance data scrutiny governance elected members corporate parenting "
    "workforce recruitment retention agency turnover vacancy training learning culture "
    "domestic abuse parental mental substance misuse disabled young carers private "
    "fostering homelessness independent reviewing officers chairs escalation challenge "
    "legal gateway proceedings court timescales statutory guidance compliance"
).split()

OPENERS = (
    "Inspectors found that", "In too many cases", "Senior leaders have ensured that",
    "The local authority knows that", "Since the last inspection", "For most children",
    "Managers do not always ensure that", "Partners report that", "Inspectors saw that",
)


def sentence(rng: random.Random, n: int) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(n))
    return f"{rng.choice(OPENERS)} {words}."


# ---------------------------------------------------------------- timelines

@dataclass
class Tenure:
    iri: str
    person: str
    person_name: str
    council: int
    role: str
    status: str | None
    start: date
    end: date | None  # None = still in post at the end of the timeline
    start_bounded: bool  # only bounds known for the start
    end_cause: str | None
    org: str = ""
    via: str | None = None  # the partnership a joint tenure was created by


@dataclass
class Inspection:
    council: int
    itype: str
    start: date
    end: date
    published: date
    framework: str | None
    ordinal: int | None
    iri: str = ""
    bad: bool = False  # judged inadequate: monitoring visits follow


@dataclass
class Council:
    n: int
    gss: str
    name: str
    iri: str
    region: str
    tenures: dict = field(default_factory=dict)  # role -> [Tenure]
    inspections: list = field(default_factory=list)
    boards: list = field(default_factory=list)  # (iri, label, type key, chair Tenure)


SYL_A = ("Ash", "Bram", "Cal", "Dun", "Elder", "Fen", "Glen", "Har", "Ive", "Kel", "Lang", "Mar",
         "Nor", "Oak", "Pen", "Quen", "Ros", "Stan", "Thorn", "Ul", "Vale", "Wex", "Yar", "Zel")
SYL_B = ("bridge", "bury", "combe", "dale", "field", "ford", "ham", "hurst", "ley", "mere",
         "minster", "mouth", "stead", "ton", "wick", "worth")
GIVEN = ("Alex", "Sam", "Jo", "Chris", "Robin", "Morgan", "Jamie", "Charlie", "Drew", "Kim",
         "Lee", "Pat", "Ashley", "Frankie", "Jess", "Max", "Nico", "Remy", "Sasha", "Toni")
FAMILY = ("Ardley", "Benton", "Carrow", "Dimsdale", "Ellery", "Fairholm", "Garside", "Holloway",
          "Ingram", "Jessop", "Kettering", "Lowther", "Marchant", "Northcote", "Oldroyd",
          "Pemberton", "Quarrie", "Rudd", "Salter", "Tindall", "Upton", "Varley", "Whitlock",
          "Yeadon")


def month_add(d: date, months: int) -> date:
    m = d.month - 1 + months
    return date(d.year + m // 12, m % 12 + 1, 1)


def month_end(d: date) -> date:
    return month_add(d, 1) - timedelta(days=1)


class World:
    """The seeded timelines every document draws from."""

    def __init__(self, seed: int) -> None:
        rng = self.rng = random.Random(seed)
        self.roles = [r for r in ("dcs", "lead-member", "chief-executive") if r in vocab.keys("role")]
        self.statuses = vocab.keys("tenure-status")
        self.end_causes = vocab.keys("end-cause")
        self.grades = vocab.keys("grade")
        self.itypes = set(vocab.keys("inspection-type"))
        self.areas = {fw: [a for a in vocab.keys("judgement-area") if _framework(a) == fw]
                      for fw in ("sif", "ilacs")}
        self.themes = vocab.keys("finding-theme")
        self.measures = vocab.keys("indicator-measure")
        self.units = vocab.keys("unit")
        self.board_types = [b for b in ("improvement-board", "safeguarding-partnership",
                                        "corporate-parenting-board") if b in vocab.keys("board-type")]
        self.people: dict[str, str] = {}  # iri -> name
        self.alt_names: dict[str, str] = {}  # iri -> another name the person goes by
        self.movers: list[tuple[date, str, str]] = []  # (left, iri, name): DCSs who may take a post elsewhere
        names = set()
        self.councils: list[Council] = []
        for n in range(1, N_COUNCILS + 1):
            base = rng.choice(SYL_A) + rng.choice(SYL_B)
            name = base if base not in names else f"{base} {n}"
            names.add(name)
            gss = f"E99{n:06d}"
            c = Council(n, gss, f"{name} Council", f"{ID}council/{gss}", f"Region {1 + n % 9}")
            self.councils.append(c)
            for role in self.roles:
                c.tenures[role] = self._tenures(c, role)
            c.inspections = self._inspections(c)
            for bt in self.board_types:
                label = vocab.label("board-type", bt)
                chair = self._tenures(c, "independent-chair", one=True)[0]
                c.boards.append((f"{ID}board/{gss}/{slug(label)}", label, bt, chair))
                chair.org = f"{ID}board/{gss}/{slug(label)}"
        # a national pool of inspectors: the same people lead and join many inspections
        self.inspectors = [self._person() for _ in range(80)]
        self.partnerships = self._partnerships()
        self.bench = self._bench_subject()

    def _person(self) -> tuple[str, str]:
        rng = self.rng
        given = rng.choice(GIVEN)
        family = rng.choice(FAMILY) if rng.random() < 0.6 else rng.choice(SYL_A) + rng.choice(SYL_B)
        name = f"{given} {family}"
        iri = f"{ID}person/{slug(name)}"
        k = 2
        while iri in self.people:
            iri = f"{ID}person/{slug(name)}-{k}"
            k += 1
        self.people[iri] = name
        if rng.random() < 0.12:  # some sources use an initial, or a double-barrelled surname
            self.alt_names[iri] = (f"{given[0]}. {family}" if rng.random() < 0.5
                                   else f"{given} {rng.choice(FAMILY)}-{family}")
        return iri, name

    def _tenures(self, c: Council, role: str, one: bool = False) -> list[Tenure]:
        rng = self.rng
        out = []
        d = date(FIRST_YEAR - rng.randint(0, 3), rng.randint(1, 12), 1)
        while d.year <= LAST_YEAR:
            months = rng.randint(6, 72)
            end = month_add(d, months)
            open_ended = end.year > LAST_YEAR or one
            movers = [m for m in self.movers if m[0] <= d] if role == "dcs" else []
            if movers and rng.random() < 0.3:  # a DCS who left another council takes this post
                m = rng.choice(movers)
                self.movers.remove(m)
                person, pname = m[1], m[2]
            else:
                person, pname = self._person()
            status = rng.choice(self.statuses) if rng.random() < 0.4 else None
            t = Tenure(
                iri=f"{ID}tenure/{short_hash(person, role, c.iri, status or '', d.isoformat()[:7])}",
                person=person, person_name=pname, council=c.n, role=role, status=status,
                start=d, end=None if open_ended else end, start_bounded=rng.random() < 0.05,
                end_cause=None if open_ended or rng.random() < 0.5 else rng.choice(self.end_causes),
                org=c.iri,
            )
            out.append(t)
            if open_ended:
                break
            if role == "dcs" and rng.random() < 0.5:
                self.movers.append((end, person, pname))
            d = end
        return out

    def _inspections(self, c: Council) -> list[Inspection]:
        rng = self.rng
        out = []
        d = date(FIRST_YEAR + rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 25))
        reinspect = False
        while d.year <= LAST_YEAR:
            if reinspect and d.year <= 2018:  # a council judged inadequate under the SIF is re-inspected under it
                fw, itype = "sif", "sif-reinspection"
            else:
                fw = "sif" if d.year < 2018 else "ilacs"
                itype = "sif-inspection" if fw == "sif" else "ilacs-standard"
            ins = Inspection(c.n, itype, d, d + timedelta(days=rng.randint(3, 18)),
                             d + timedelta(days=rng.randint(40, 80)), fw, None)
            out.append(ins)
            grade_bad = ins.bad = rng.random() < 0.25
            reinspect = grade_bad and fw == "sif"
            nxt = d + timedelta(days=rng.randint(2 * 365, 3 * 365) if grade_bad
                                else rng.randint(3 * 365, 4 * 365))
            if grade_bad:
                v, k = d + timedelta(days=rng.randint(120, 200)), 1
                while v < nxt and k <= 8:
                    if "monitoring-visit" in self.itypes:
                        out.append(Inspection(c.n, "monitoring-visit", v, v + timedelta(days=1),
                                              v + timedelta(days=rng.randint(20, 40)), None, k))
                    v += timedelta(days=rng.randint(100, 160))
                    k += 1
            d = nxt
        for ins in out:
            ins.iri = f"{ID}inspection/{c.gss}/{ins.start.isoformat()}"
        return out

    def _partnerships(self) -> list[dict]:
        """Partnerships: most follow an inadequate judgement (a stronger council
        leads; under a contractual partnership its DCS also becomes the
        supported council's DCS, a joint tenure created by the arrangement),
        a few are formed at other times."""
        rng = self.rng
        out = []
        types = vocab.keys("intervention-type")
        contractual = "contractual-partnership" if "contractual-partnership" in types else types[0]
        other = [t for t in ("improvement-partner", "strategic-partnership") if t in types] or [contractual]
        used = set()
        starts = []
        for c in self.councils:
            for ins in c.inspections:
                if ins.bad and ins.framework and rng.random() < 0.35:
                    starts.append((c, month_add(ins.published, rng.randint(2, 8)), True))
        for _ in range(10):
            starts.append((rng.choice(self.councils),
                           date(rng.randint(FIRST_YEAR, LAST_YEAR - 2), rng.randint(1, 12), 1), False))
        for b, start, after_inadequate in starts:
            if start.year > LAST_YEAR:
                continue
            a = rng.choice([c for c in self.councils if c is not b])
            key = tuple(sorted((a.gss, b.gss)))
            if key in used:
                continue
            used.add(key)
            ptype = contractual if after_inadequate and rng.random() < 0.6 else rng.choice(other)
            end = month_add(start, rng.randint(12, 48))
            p = dict(iri=f"{ID}partnership/{ptype}/{key[0]}-{key[1]}", type=ptype, lead=a, supported=b,
                     start=start, end=None if end.year > LAST_YEAR else end, joint=None,
                     doc_date=start + timedelta(days=rng.randint(0, 60)))
            lead_dcs = self.tenure_at(a, "dcs", start) if ptype == contractual and "dcs" in self.roles else None
            if lead_dcs is not None:
                ends = [e for e in (p["end"], lead_dcs.end) if e is not None]
                status = "joint" if "joint" in self.statuses else None
                p["joint"] = Tenure(
                    iri=f"{ID}tenure/{short_hash(lead_dcs.person, 'dcs', b.iri, status or '', start.isoformat()[:7])}",
                    person=lead_dcs.person, person_name=lead_dcs.person_name, council=b.n, role="dcs",
                    status=status, start=start, end=min(ends) if ends else None, start_bounded=False,
                    end_cause=None, org=b.iri, via=p["iri"])
            out.append(p)
        return out

    def _bench_subject(self) -> dict:
        """The council the parameterised queries ask about (the runner puts these
        values into their VALUES rows; the generator writes its documents first):
        one supported by a contractual partnership with a joint DCS, whose
        graded inspection follows an inadequate one of the same framework with
        monitoring visits between."""
        for p in self.partnerships:
            b, joint = p["supported"], p["joint"]
            if joint is None:
                continue
            graded = [i for i in b.inspections if i.framework]
            for prev, ins in zip(graded, graded[1:]):
                visits = [v for v in b.inspections if v.itype == "monitoring-visit" and prev.start < v.start < ins.start]
                if prev.bad and prev.framework == ins.framework and visits and \
                        sum(1 for i in graded if i.start.year == ins.start.year) == 1:
                    if joint.person not in self.alt_names:
                        self.alt_names[joint.person] = f"{joint.person_name.split()[0][0]}. {joint.person_name.split()[-1]}"
                    return {"council": b, "partnership": p, "inspection": ins, "previous": prev,
                            "values": {"org": b.gss, "a": b.gss, "b": p["lead"].gss,
                                       "year": ins.start.year, "day": p["doc_date"].isoformat(),
                                       "after": prev.start.isoformat(), "name": joint.person_name,
                                       "surname": joint.person_name.split()[-1], "kind": "review"}}
        raise RuntimeError("synthetic world has no council fit for the parameterised queries (change --seed)")

    def tenure_at(self, c: Council, role: str, d: date) -> Tenure | None:
        for t in c.tenures[role]:
            if t.start <= d and (t.end is None or d < t.end):
                return t
        return None


# ---------------------------------------------------------------- shapes

def instant(doc: Doc, iri: str, d: date, precision: str, qualifier: str = "exact",
            bounds: tuple[date, date] | None = None) -> None:
    doc.a(iri, TIME + "Instant")
    if precision == "day":
        doc.add(iri, TIME + "inXSDDate", T(d.isoformat(), "date"))
        lo = hi = d
    elif precision == "month":
        doc.add(iri, TIME + "inXSDgYearMonth", T(d.isoformat()[:7], "gYearMonth"))
        lo, hi = d.replace(day=1), month_end(d)
    else:  # bounds only
        lo, hi = bounds
        qualifier = "bounded"
    doc.add(iri, C("earliest"), T(lo.isoformat(), "date"))
    doc.add(iri, C("latest"), T(hi.isoformat(), "date"))
    doc.add(iri, C("dateQualifier"), I(V("date-qualifier", qualifier)))


class Writer:
    """Writes documents and fact shapes; counts triples."""

    def __init__(self, world: World, out, fmt: str) -> None:
        self.w = world
        self.rng = world.rng
        self.out = out
        self.fmt = fmt
        self.count = 0
        self.docs = 0
        self.text_corpus: dict[str, str] = {}

    def emit(self, doc: Doc) -> None:
        if self.fmt == "trig":
            self.out.write(f"{I(doc.graph)} {{\n")
            for line in doc.lines:
                self.out.write(line)
                self.out.write(" .\n")
            self.out.write("}\n")
        else:
            g = I(doc.graph)
            for line in doc.lines:
                self.out.write(f"{line} {g} .\n")
        self.count += len(doc.lines)

    # -- evidence
    def evidence(self, doc: Doc, body: str, quote: str) -> str:
        rng = self.rng
        e = f"{ID}evidence/{short_hash(body, doc.docid, quote[:40])}"
        doc.a(e, C("Evidence"), OA + "Annotation")
        doc.add(e, OA + "hasBody", I(body))
        doc.add(e, OA + "hasTarget", I(e + "#target"))
        doc.add(e, C("evidencePath"), I(V("evidence-path", "extracted")))
        doc.add(e, PROV + "wasGeneratedBy", I(f"{ID}activity/extractor/synthetic"))
        doc.a(e + "#target", OA + "SpecificResource")
        doc.add(e + "#target", OA + "hasSource", I(doc.iri))
        doc.add(e + "#target", OA + "hasSelector", I(e + "#selector"))
        sel = e + "#selector"
        doc.a(sel, OA + "TextQuoteSelector")
        doc.add(sel, OA + "exact", L(quote))
        doc.add(sel, OA + "prefix", L(" ".join(rng.choice(WORDS) for _ in range(5))))
        doc.add(sel, OA + "suffix", L(" ".join(rng.choice(WORDS) for _ in range(5))))
        doc.text_pos += rng.randint(200, 2000)
        doc.add(sel, C("startOffset"), T(doc.text_pos, "integer"))
        return e

    # -- entities
    def person(self, doc: Doc, iri: str) -> None:
        name = self.w.people[iri]
        doc.a(iri, C("Person"), FOAF + "Person", PROV + "Agent")
        doc.add(iri, FOAF + "name", L(name))
        doc.add(iri, RDFS + "label", L(name))
        if iri in self.w.alt_names:
            doc.add(iri, SKOS + "altLabel", L(self.w.alt_names[iri]))

    def council_ref(self, doc: Doc, c: Council) -> None:
        doc.a(c.iri, C("Council"), ORG + "FormalOrganization")
        doc.add(c.iri, RDFS + "label", L(c.name))
        doc.add(c.iri, SKOS + "prefLabel", L(c.name))
        doc.add(c.iri, SKOS + "altLabel", L(c.name.rsplit(" ", 1)[0]))
        doc.add(c.iri, DCT + "identifier", L(c.gss))
        doc.add(c.iri, C("ofstedURN"), L(str(800000 + c.n)))
        doc.add(c.iri, SCHEMA + "areaServed",
                I(f"http://statistics.data.gov.uk/id/statistical-geography/{c.gss}"))
        doc.add(c.iri, C("region"), L(c.region))
        doc.add(c.iri, C("authorityType"), L("unitary" if c.n % 3 else "county"))

    def tenure(self, doc: Doc, t: Tenure, seen: date | None = None) -> None:
        w = self.w
        c = w.councils[t.council - 1]
        self.person(doc, t.person)
        doc.a(t.iri, C("Tenure"), ORG + "Membership")
        doc.add(t.iri, ORG + "member", I(t.person))
        doc.add(t.iri, ORG + "organization", I(t.org))
        doc.add(t.iri, ORG + "role", I(V("role", t.role)))
        if t.org == c.iri:
            post = f"{ID}post/{c.gss}/{t.role}"
            doc.add(t.iri, C("post"), I(post))
            doc.a(post, ORG + "Post")
            doc.add(post, ORG + "postIn", I(c.iri))
            doc.add(post, ORG + "role", I(V("role", t.role)))
            doc.add(post, RDFS + "label", L(f"{vocab.label('role', t.role)}, {c.name}"))
        if t.status:
            doc.add(t.iri, C("tenureStatus"), I(V("tenure-status", t.status)))
        if t.end_cause:
            doc.add(t.iri, C("endCause"), I(V("end-cause", t.end_cause)))
        if t.via:
            doc.add(t.iri, C("viaArrangement"), I(t.via))
        doc.add(t.iri, ORG + "memberDuring", I(t.iri + "#during"))
        doc.a(t.iri + "#during", TIME + "Interval")
        doc.add(t.iri + "#during", TIME + "hasBeginning", I(t.iri + "#start"))
        if t.start_bounded:
            instant(doc, t.iri + "#start", t.start, "bounds",
                    bounds=(t.start - timedelta(days=180), t.start + timedelta(days=90)))
        else:
            instant(doc, t.iri + "#start", t.start, "month")
        if t.end is not None:
            doc.add(t.iri + "#during", TIME + "hasEnd", I(t.iri + "#end"))
            instant(doc, t.iri + "#end", t.end, "month")
        if seen is not None:
            s = f"{t.iri}#seen-{short_hash(doc.docid, seen.isoformat())}"
            doc.add(t.iri, C("inPostOn"), I(s))
            instant(doc, s, seen, "day")
        quote = f"{t.person_name}, {vocab.label('role', t.role)}"
        doc.add(t.iri, C("evidence"), I(self.evidence(doc, t.iri, quote)))

    # -- documents
    def new_doc(self, kind: str, c: Council, published: date, title: str) -> Doc:
        self.docs += 1
        docid = hashlib.sha256(f"{self.docs}|{kind}|{c.gss}|{published}".encode()).hexdigest()[:16]
        doc = Doc(docid)
        d = doc.iri
        doc.a(d, C("SourceDocument"), PROV + "Entity", FOAF + "Document")
        doc.add(d, DCT + "title", L(title))
        doc.add(d, DCT + "publisher", L("Ofsted" if kind in ("ofsted-inspection", "monitoring-visit") else c.name))
        doc.add(d, DCT + "issued", T(published.isoformat(), "date"))
        doc.add(d, C("publishedOn"), I(d + "#published"))
        instant(doc, d + "#published", published, "day")
        doc.add(d, C("documentKind"), I(V("document-kind", kind)))
        doc.add(d, DCT + "source", I(f"https://example.org/synthetic/{docid}"))
        doc.add(d, C("fileName"), L(f"{docid}.txt"))
        doc.add(d, C("sha256"), L(hashlib.sha256(docid.encode()).hexdigest()))
        return doc

    def inspection_doc(self, ins: Inspection) -> Doc:
        w, rng = self.w, self.rng
        c = w.councils[ins.council - 1]
        kind = "monitoring-visit" if ins.itype == "monitoring-visit" else "ofsted-inspection"
        doc = self.new_doc(kind, c, ins.published,
                           f"{c.name}: {vocab.label('inspection-type', ins.itype)} {ins.start.isoformat()}")
        i = ins.iri
        self.council_ref(doc, c)
        doc.a(i, C("Inspection"), PROV + "Activity")
        label = f"{c.name}: {vocab.label('inspection-type', ins.itype)}, {ins.start.isoformat()[:7]}"
        doc.add(i, RDFS + "label", L(label))
        doc.add(i, C("evidence"), I(self.evidence(doc, i, label)))
        doc.add(i, C("inspectionType"), I(V("inspection-type", ins.itype)))
        doc.add(i, C("inspectedOrganization"), I(c.iri))
        doc.add(i, C("onSite"), I(i + "#during"))
        doc.a(i + "#during", TIME + "Interval")
        doc.add(i + "#during", TIME + "hasBeginning", I(i + "#start"))
        doc.add(i + "#during", TIME + "hasEnd", I(i + "#end"))
        instant(doc, i + "#start", ins.start, "day")
        instant(doc, i + "#end", ins.end, "day")
        doc.add(i, C("publishedOn"), I(i + "#published"))
        instant(doc, i + "#published", ins.published, "day")
        doc.add(i, C("report"), I(doc.iri))
        if ins.ordinal:
            doc.add(i, C("visitOrdinal"), T(ins.ordinal, "integer"))
        team = rng.sample(w.inspectors, 1 + (rng.randint(1, 3) if ins.framework else 0))
        doc.add(i, C("leadInspector"), I(team[0][0]))
        for k, (member, _) in enumerate(team):
            self.person(doc, member)
            assoc = f"{i}/team/{member.rsplit('/', 1)[1]}"
            doc.add(i, PROV + "qualifiedAssociation", I(assoc))
            doc.a(assoc, PROV + "Association")
            doc.add(assoc, PROV + "agent", I(member))
            doc.add(assoc, PROV + "hadRole", I(V("role", "lead-inspector" if k == 0 else "team-inspector")))
        graded_before = [p for p in c.inspections if p.framework and p.start < ins.start]
        repeat_rate = 0.35 if graded_before and graded_before[-1].bad else 0.05
        if ins.framework:
            bad = ins.bad
            for area in w.areas[ins.framework]:
                j = f"{i}/judgement/{area}"
                grade = "inadequate" if bad and rng.random() < 0.7 else rng.choice(w.grades)
                doc.a(j, C("Judgement"), SCHEMA + "Rating")
                doc.add(j, C("judgementOf"), I(i))
                doc.add(j, C("judgementArea"), I(V("judgement-area", area)))
                doc.add(j, C("grade"), I(V("grade", grade)))
                quote = f"{vocab.label('judgement-area', area)}: {vocab.label('grade', grade)}"
                doc.add(j, C("evidence"), I(self.evidence(doc, j, quote)))
            for n in range(1, rng.randint(4, 12)):
                r = f"{i}/recommendation/{n}"
                text = sentence(rng, rng.randint(10, 25))
                doc.a(r, C("Recommendation"))
                doc.add(r, C("recommendationOf"), I(i))
                doc.add(r, C("number"), T(n, "integer"))
                doc.add(r, C("text"), L(text))
                doc.add(r, C("repeated"), T("true" if rng.random() < repeat_rate else "false", "boolean"))
                doc.add(r, C("evidence"), I(self.evidence(doc, r, text[:80])))
        para = rng.randint(1, 9)
        for _ in range(rng.randint(8, 30)):
            para += rng.randint(1, 3)
            f = f"{i}/finding/{para}"
            text = " ".join(sentence(rng, rng.randint(12, 30)) for _ in range(rng.randint(1, 3)))
            doc.a(f, C("Finding"))
            doc.add(f, C("findingOf"), I(i))
            doc.add(f, C("aboutOrganization"), I(c.iri))
            doc.add(f, C("paragraphNumber"), T(para, "integer"))
            doc.add(f, C("text"), L(text))
            doc.add(f, C("theme"), I(V("finding-theme", rng.choice(w.themes))))
            if ins.framework:
                doc.add(f, C("judgementArea"), I(V("judgement-area", rng.choice(w.areas[ins.framework]))))
            doc.add(f, C("evidence"), I(self.evidence(doc, f, text.split(".")[0] + ".")))
        dcs = w.tenure_at(c, "dcs", ins.start) if "dcs" in w.roles else None
        if dcs:
            self.tenure(doc, dcs, seen=ins.start)
        return doc

    def indicators_doc(self, c: Council, d: date) -> Doc:
        w, rng = self.w, self.rng
        doc = self.new_doc("other", c, d, f"{c.name} performance report {d.isoformat()[:7]}")
        self.council_ref(doc, c)
        ref = month_end(month_add(d, -1))
        for m in rng.sample(w.measures, rng.randint(6, 14)):
            o = f"{ID}observation/{short_hash(m, c.gss, ref.isoformat(), doc.docid)}"
            value = round(rng.uniform(1, 95), 1)
            doc.a(o, C("IndicatorObservation"))
            doc.add(o, C("measure"), I(V("indicator-measure", m)))
            doc.add(o, C("value"), T(value, "decimal"))
            doc.add(o, C("unit"), I(V("unit", rng.choice(w.units))))
            doc.add(o, C("refDate"), I(o + "#date"))
            instant(doc, o + "#date", ref, "day")
            doc.add(o, C("aboutOrganization"), I(c.iri))
            doc.add(o, C("scope"), L("council"))
            doc.add(o, C("evidence"), I(self.evidence(doc, o, f"{vocab.label('indicator-measure', m)} {value}")))
        for role in w.roles:
            t = w.tenure_at(c, role, d)
            if t:
                self.tenure(doc, t, seen=d)
        return doc

    def news_doc(self, c: Council, d: date) -> Doc:
        w, rng = self.w, self.rng
        doc = self.new_doc("news", c, d, f"{c.name} announces leadership changes")
        self.council_ref(doc, c)
        role = rng.choice(w.roles)
        ts = c.tenures[role]
        k = next((n for n, t in enumerate(ts) if t.start <= d and (t.end is None or d < t.end)), len(ts) - 1)
        for t in ts[max(0, k - 1): k + 1]:
            self.tenure(doc, t)
        return doc

    def board_doc(self, c: Council, d: date) -> Doc:
        rng = self.rng
        doc = self.new_doc("review", c, d, f"{c.name} review of governance {d.isoformat()}")
        self.council_ref(doc, c)
        boards = rng.sample(c.boards, min(2, len(c.boards)))
        for iri, label, bt, chair in boards:
            doc.a(iri, C("Board"), ORG + "OrganizationalUnit")
            doc.add(iri, RDFS + "label", L(label))
            doc.add(iri, C("boardType"), I(V("board-type", bt)))
            doc.add(iri, ORG + "unitOf", I(c.iri))
            doc.add(iri, C("chair"), I(chair.person))
            doc.add(iri, C("evidence"), I(self.evidence(doc, iri, f"{label} chaired by {chair.person_name}")))
            self.tenure(doc, chair, seen=d)
        if len(boards) == 2:
            bl = f"{ID}board-link/{short_hash(boards[0][0], boards[1][0])}"
            doc.a(bl, C("BoardLink"))
            doc.add(bl, C("linksBoard"), I(boards[0][0]))
            doc.add(bl, C("linksBoard"), I(boards[1][0]))
            doc.add(bl, C("formalLink"), T("true" if rng.random() < 0.7 else "false", "boolean"))
            doc.add(bl, C("evidence"), I(self.evidence(doc, bl, f"{boards[0][1]} and {boards[1][1]}")))
        return doc

    def partnership_doc(self, p: dict, d: date) -> Doc:
        a, b = p["lead"], p["supported"]
        doc = self.new_doc("news", a, d, f"{a.name} and {b.name} partnership")
        self.council_ref(doc, a)
        self.council_ref(doc, b)
        i = p["iri"]
        doc.a(i, C("Partnership"), ORG + "OrganizationalCollaboration")
        doc.add(i, RDFS + "label", L(f"{a.name} and {b.name} {vocab.label('intervention-type', p['type'])}"))
        doc.add(i, C("interventionType"), I(V("intervention-type", p["type"])))
        doc.add(i, ORG + "hasMember", I(a.iri))
        doc.add(i, ORG + "hasMember", I(b.iri))
        doc.add(i, C("leadPartner"), I(a.iri))
        doc.add(i, C("supportedPartner"), I(b.iri))
        doc.add(i, C("existedDuring"), I(i + "#during"))
        doc.a(i + "#during", TIME + "Interval")
        doc.add(i + "#during", TIME + "hasBeginning", I(i + "#start"))
        instant(doc, i + "#start", p["start"], "month")
        events = [("formed", p["start"])]
        if p["end"] is not None:
            doc.add(i + "#during", TIME + "hasEnd", I(i + "#end"))
            instant(doc, i + "#end", p["end"], "bounds",
                    bounds=(p["end"] - timedelta(days=60), p["end"] + timedelta(days=60)))
            events.append(("ended", p["end"]))
        for kind, when in events:
            e = f"{i}/event/{kind}"
            doc.a(e, C("PartnershipEvent"), ORG + "ChangeEvent")
            doc.add(e, C("eventKind"), I(V("event-kind", kind)))
            doc.add(e, ORG + ("resultingOrganization" if kind == "formed" else "originalOrganization"), I(i))
            doc.add(e, C("onDate"), I(e + "#date"))
            instant(doc, e + "#date", when, "month")
            doc.add(e, C("evidence"), I(self.evidence(doc, e, f"partnership {kind} {when.isoformat()[:7]}")))
        doc.add(i, C("evidence"), I(self.evidence(doc, i, f"{a.name} and {b.name}")))
        if p["joint"] is not None:  # the lead's DCS takes on the supported council too
            lead_dcs = self.w.tenure_at(a, "dcs", p["start"])
            if lead_dcs is not None:
                self.tenure(doc, lead_dcs, seen=d)
            self.tenure(doc, p["joint"], seen=d)
        return doc


def _ontology_lines() -> list[str]:
    """The ontology and SKOS schemes as N-Triples lines (for gr:ontology)."""
    lines = set()
    for g in (ontology_graph(), vocab_graph()):
        for line in g.serialize(format="nt").splitlines():
            line = line.strip()
            if line:
                lines.add(line[:-1].rstrip())  # drop the closing " ."
    return sorted(lines)


def generate(target: int, out_path: Path, seed: int = 1) -> dict:
    """Write about ``target`` triples to ``out_path`` (.trig or .nq); returns stats."""
    fmt = {".trig": "trig", ".nq": "nq", ".nquads": "nq"}.get(out_path.suffix.lower())
    if fmt is None:
        raise ValueError(f"--out {out_path}: use a .trig or .nq file name")
    t0 = time.monotonic()
    world = World(seed)
    rng = world.rng
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".part")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        w = Writer(world, f, fmt)
        onto = Doc("ontology")
        onto.graph = GRAPH + "ontology"
        onto.lines = _ontology_lines()
        w.emit(onto)
        ref = Doc("reference")
        ref.graph = GRAPH + "reference"
        for c in world.councils:
            w.council_ref(ref, c)
        w.emit(ref)
        # the documents about the council the parameterised queries ask about come
        # first, so it is covered at every scale (as a well-documented council is)
        bench = world.bench
        bc = bench["council"]
        first = [w.partnership_doc(bench["partnership"], bench["partnership"]["doc_date"])]
        first += [w.inspection_doc(ins) for ins in bc.inspections]
        first += [w.board_doc(bc, bench["inspection"].published + timedelta(days=30)),
                  w.indicators_doc(bc, bench["inspection"].start), w.news_doc(bc, bench["previous"].published)]
        for doc in first:
            w.emit(doc)
        pending = [ins for c in world.councils if c is not bc for ins in c.inspections]
        rng.shuffle(pending)
        span = (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days
        kinds = ("inspection", "indicators", "news", "board", "partnership")
        weights = (35, 25, 20, 12, 8)
        while w.count < target:
            kind = rng.choices(kinds, weights)[0]
            c = rng.choice(world.councils)
            d = date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randint(0, span))
            if kind == "inspection" and pending:
                doc = w.inspection_doc(pending.pop())
            elif kind == "partnership" and world.partnerships:
                p = rng.choice(world.partnerships)
                doc = w.partnership_doc(p, p["doc_date"] if rng.random() < 0.5
                                        else p["start"] + timedelta(days=rng.randint(0, 60)))
            elif kind == "board":
                doc = w.board_doc(c, d)
            elif kind == "news":
                doc = w.news_doc(c, d)
            else:
                doc = w.indicators_doc(c, d)
            w.emit(doc)
    tmp.replace(out_path)
    params = params_path(out_path)
    params.write_text(json.dumps(bench["values"], indent=1) + "\n", encoding="utf-8")
    return {"triples": w.count, "documents": w.docs, "councils": len(world.councils),
            "seed": seed, "seconds": round(time.monotonic() - t0, 2), "file": str(out_path),
            "params": bench["values"]}


def params_path(data_path: Path) -> Path:
    """Where ``generate`` writes the values the parameterised queries are bound to."""
    return data_path.with_name(data_path.stem + ".params.json")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=parse_size, default=parse_size("100k"),
                    help="target size: 100k, 1M, 5M or a number (default 100k)")
    ap.add_argument("--out", type=Path, required=True, help="output .trig or .nq file")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    stats = generate(args.triples, args.out, args.seed)
    print(f"wrote {stats['triples']} triples in {stats['documents']} documents to {stats['file']} "
          f"({stats['seconds']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
