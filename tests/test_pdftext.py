"""Behaviour of graph.pdftext: cleaned text, layout rules, errors, hostile input.

The PDFs are written by ``make_pdf`` below (base-14 Helvetica, hand-built
objects and xref), so no fixture file is committed and nothing depends on a
PDF writer. Tests against real reports read ``../shared/ilacs`` and skip
when it is absent.
"""
from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.pdftext import (
    NotAPdfError, PdfCorruptError, PdfEmptyError, PdfEncryptedError, PdfError, PdfText,
    PdfTooLargeError, PdfTruncatedError, _norm_chars, main, parse_pdf_date, pdf_to_text,
)

ILACS = Path(__file__).resolve().parent.parent.parent / "shared" / "ilacs"


# --------------------------------------------------------------------------- PDF writer

def _esc(s: str) -> bytes:
    b = s.encode("cp1252")
    return b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def make_pdf(pages: list[list[tuple]], info: dict | None = None, size=(595, 842),
             xmp: bytes | None = None) -> bytes:
    """A PDF whose pages hold text runs ``(x, y, font_size, text)`` in that order.

    A run ``("rect",)`` draws a filled rectangle instead (a page with no text);
    ``("sup", x, y, size, text, mark)`` ends ``text`` with a raised small ``mark``.
    """
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    pages_id = len(objs) + 1 + 2 * len(pages)   # reserved below
    kids = []
    for runs in pages:
        ops = []
        for run in runs:
            if run[0] == "rect":
                ops.append(b"0.5 g 100 100 200 200 re f")
                continue
            if run[0] == "sup":   # text followed by a raised footnote marker in small type
                _, x, y, fs, text, mark = run
                ops.append(b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj /F1 %d Tf %d Ts (%s) Tj 0 Ts ET"
                           % (fs, x, y, _esc(text), fs * 6 // 10, fs // 3, _esc(mark)))
                continue
            x, y, fs, text = run
            ops.append(b"BT /F1 %d Tf %.2f %.2f Td (%s) Tj ET" % (fs, x, y, _esc(text)))
        stream = b"\n".join(ops)
        content = add(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] "
                        b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                        % (pages_id, size[0], size[1], font, content)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>"
               % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == pages_id
    meta = b""
    if xmp is not None:
        meta = b" /Metadata %d 0 R" % add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\n"
                                          b"stream\n%s\nendstream" % (len(xmp), xmp))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R%s >>" % (pages_id, meta))
    info_id = None
    if info:
        info_id = add(b"<< " + b" ".join(b"/%s (%s)" % (k.encode(), _esc(v))
                                         for k, v in info.items()) + b" >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (i, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def body_page(n: int, header: bool = True) -> list[tuple]:
    """A report-like page: running header, two paragraphs, footer with page number."""
    runs = []
    if header:
        runs.append((72, 800, 8, "Inspection of Testshire County Council children's services"))
    top = 700 - 29 * n     # body text sits at a different height on each page
    runs += [
        (72, top, 12, f"{n}. Paragraph {n} starts here and it runs on for a while so that"),
        (100, top - 15, 12, f"it wraps onto a second line, which ends the paragraph number {n}."),
        (72, top - 50, 12, f"A separate paragraph on page {n} with its own words."),
    ]
    if header:
        runs.append((72, 40, 8, f"Inspection of Testshire County Council children's services {n}"))
        runs.append((500, 30, 8, f"{n}"))
    return runs


@pytest.fixture
def report_pdf(tmp_path) -> Path:
    p = tmp_path / "report.pdf"
    p.write_bytes(make_pdf([body_page(i) for i in range(1, 5)],
                           info={"Title": "Test report", "Author": "A. Writer",
                                 "CreationDate": "D:20180823125938+01'00'"}))
    return p


def lines_of(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


# --------------------------------------------------------------------------- text and layout

def test_text_comes_out_of_a_simple_pdf():
    res = pdf_to_text(make_pdf([[(72, 700, 12, "Hello from a generated PDF.")]]))
    assert isinstance(res, PdfText)
    assert res.text == "Hello from a generated PDF."
    assert res.pages == ["Hello from a generated PDF."]
    assert res.page_count == 1


def test_running_headers_footers_and_page_numbers_are_stripped(report_pdf):
    res = pdf_to_text(report_pdf)
    assert "Testshire" not in res.text
    assert not any(re.fullmatch(r"\d+", ln) for ln in lines_of(res.text))
    for n in range(1, 5):
        assert f"A separate paragraph on page {n} with its own words." in lines_of(res.text)


def test_wrapped_paragraph_is_one_line_and_numbered_paragraphs_start_their_own(report_pdf):
    ls = lines_of(pdf_to_text(report_pdf).text)
    assert ("2. Paragraph 2 starts here and it runs on for a while so that it wraps onto "
            "a second line, which ends the paragraph number 2.") in ls


def test_paragraphs_are_separated_by_blank_lines(report_pdf):
    text = pdf_to_text(report_pdf).text
    assert "number 1.\n\nA separate paragraph on page 1" in text


def test_heading_broken_over_two_lines_is_rejoined():
    pdf = make_pdf([[
        (72, 760, 20, "The experiences and progress of children"),
        (72, 737, 20, "who need help and protection"),
        (72, 690, 12, "Body text follows the heading here."),
    ]])
    ls = lines_of(pdf_to_text(pdf).text)
    assert ls[0] == "The experiences and progress of children who need help and protection"
    assert ls[1] == "Body text follows the heading here."


def test_label_lines_stay_apart_when_the_next_line_would_have_fitted():
    pdf = make_pdf([[
        (72, 700, 12, "Inspection dates: 9 to 20 July 2018"),
        (72, 686, 12, "Lead inspector: Ann Example"),
        (72, 672, 12, "Her Majesty's Inspector"),
    ]])
    assert lines_of(pdf_to_text(pdf).text) == [
        "Inspection dates: 9 to 20 July 2018", "Lead inspector: Ann Example",
        "Her Majesty's Inspector"]


def test_table_row_with_a_wrapped_left_cell_is_one_line():
    pdf = make_pdf([[
        (77, 560, 12, "Judgement"), (303, 560, 12, "Grade"),
        (77, 527, 12, "The impact of leaders on social work"),
        (77, 512, 12, "practice with children and families"),
        (303, 527, 12, "Good"),
        (77, 485, 12, "The experiences and progress of"),
        (77, 471, 12, "children who need help and protection"),
        (303, 478, 12, "Requires improvement to be good"),
        (77, 440, 12, "Overall effectiveness"), (303, 440, 12, "Good"),
    ]])
    ls = lines_of(pdf_to_text(pdf).text)
    assert "The impact of leaders on social work practice with children and families Good" in ls
    assert ("The experiences and progress of children who need help and protection "
            "Requires improvement to be good") in ls
    assert "Overall effectiveness Good" in ls


def test_paragraph_running_over_a_page_break_is_rejoined():
    pdf = make_pdf([[(72, 100, 12, "This sentence starts at the foot of one page and")],
                    [(72, 750, 12, "ends at the top of the next one.")]])
    res = pdf_to_text(pdf)
    assert "page and ends at the top" in res.text
    assert len(res.pages) == 2 and res.pages[1].startswith("ends at the top")
    assert res.text[res.page_offsets[1]:].startswith("ends at the top")


def test_footnote_marker_at_a_line_end_is_dropped_but_figures_are_kept():
    pdf = make_pdf([[("sup", 72, 700, 14, "Review of the Local Safeguarding Children Board", "1"),
                     (72, 650, 12, "The board met 12 times in 2015"),
                     (72, 500, 9, "1 The footnote text stays.")]])
    ls = lines_of(pdf_to_text(pdf).text)
    assert ls == ["Review of the Local Safeguarding Children Board",
                  "The board met 12 times in 2015", "1 The footnote text stays."]


def test_bullets_nbsp_soft_hyphen_and_ligatures_are_normalised():
    assert _norm_chars("\uf0b7 e\ufb03cient \ufb01le\u00a0and\u00adso") == "\u2022 efficient file andso"
    assert _norm_chars("\u25fc item") == "\u2022 item"
    assert _norm_chars("in 2015\u221216 and \u0336 then") == "in 2015\u201316 and \u2013 then"
    pdf = make_pdf([[(72, 700, 12, "\u2022 first\u00a0item"), (72, 680, 12, "\u2022 second item")]])
    assert lines_of(pdf_to_text(pdf).text) == ["\u2022 first item", "\u2022 second item"]


def test_metadata_comes_from_the_info_dictionary(report_pdf):
    res = pdf_to_text(report_pdf)
    assert res.metadata["title"] == "Test report"
    assert res.metadata["author"] == "A. Writer"
    assert res.metadata["created"] == "2018-08-23T12:59:38+01:00"
    assert res.metadata_source == {"title": "pdf-metadata", "author": "pdf-metadata",
                                   "created": "pdf-metadata"}


def test_xmp_fills_fields_the_info_dictionary_lacks():
    xmp = (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
           b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
           b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
           b'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Report title from XMP</rdf:li></rdf:Alt>'
           b'</dc:title><xmp:CreateDate>2024-11-25T16:35:49Z</xmp:CreateDate></rdf:Description>'
           b'</rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
    res = pdf_to_text(make_pdf([[(72, 700, 12, "Body.")]], info={"Author": "Info Author"}, xmp=xmp))
    assert res.metadata == {"author": "Info Author", "title": "Report title from XMP",
                            "created": "2024-11-25T16:35:49Z"}


def test_pdf_dates_keep_their_precision():
    assert parse_pdf_date("D:2013") == "2013"
    assert parse_pdf_date("D:201307") == "2013-07"
    assert parse_pdf_date("D:20130729") == "2013-07-29"
    assert parse_pdf_date("D:20130729170508Z") == "2013-07-29T17:05:08+00:00"
    assert parse_pdf_date("D:20131329") is None
    assert parse_pdf_date("yesterday") is None


# --------------------------------------------------------------------------- errors

def test_encrypted_pdf_raises_a_clear_error_naming_the_file(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter(clone_from=io.BytesIO(make_pdf([[(72, 700, 12, "secret text")]])))
    w.encrypt(user_password="letmein", owner_password="owner", algorithm="RC4-128")
    p = tmp_path / "locked.pdf"
    with p.open("wb") as fh:
        w.write(fh)
    with pytest.raises(PdfEncryptedError, match=r"locked\.pdf: encrypted"):
        pdf_to_text(p)


def test_truncated_pdf_raises_a_clear_error(tmp_path):
    data = make_pdf([body_page(1), body_page(2)])
    p = tmp_path / "cut.pdf"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(PdfTruncatedError, match=r"cut\.pdf: truncated"):
        pdf_to_text(p)


def test_corrupt_pdf_raises_a_clear_error(tmp_path):
    p = tmp_path / "broken.pdf"
    p.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100 + b"\n%%EOF\n")
    with pytest.raises(PdfCorruptError, match=r"broken\.pdf: corrupt"):
        pdf_to_text(p)


def test_html_saved_as_pdf_is_not_a_pdf(tmp_path):
    p = tmp_path / "page.pdf"
    p.write_text("<!DOCTYPE html>\n<html><body>Not found</body></html>\n")
    with pytest.raises(NotAPdfError, match=r"page\.pdf: not a PDF"):
        pdf_to_text(p)


def test_pdf_without_a_text_layer_raises_empty(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf([[("rect",)], [("rect",)]]))
    with pytest.raises(PdfEmptyError, match=r"scan\.pdf: no text layer"):
        pdf_to_text(p)


def test_caps_on_pages_and_bytes_name_their_parameter(tmp_path):
    data = make_pdf([body_page(1), body_page(2)])
    with pytest.raises(PdfTooLargeError, match="max_pages=1"):
        pdf_to_text(data, max_pages=1)
    with pytest.raises(PdfTooLargeError, match="max_bytes=100"):
        pdf_to_text(data, max_bytes=100)
    p = tmp_path / "big.pdf"
    p.write_bytes(data)
    with pytest.raises(PdfTooLargeError, match=r"big\.pdf: .*max_bytes=100"):
        pdf_to_text(p, max_bytes=100)
    with pytest.raises(PdfTooLargeError, match="max_chars_per_page=10"):
        pdf_to_text(data, max_chars_per_page=10)


def test_missing_file_raises_pdf_error_naming_it(tmp_path):
    with pytest.raises(PdfError, match=r"nothere\.pdf: cannot read"):
        pdf_to_text(tmp_path / "nothere.pdf")


def test_bytes_input_uses_the_given_name_in_errors():
    with pytest.raises(NotAPdfError, match=r"^upload\.pdf: "):
        pdf_to_text(b"hello", name="upload.pdf")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_give_text_or_a_pdf_error(data):
    for blob in (data, b"%PDF-1.4\n" + data + b"\n%%EOF\n"):
        try:
            res = pdf_to_text(blob)
        except PdfError:
            continue
        assert isinstance(res.text, str)


_SEED_PDF = make_pdf([body_page(1), body_page(2)])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_SEED_PDF) - 1), st.integers(0, 255)),
                min_size=1, max_size=20))
def test_damaged_pdfs_give_text_or_a_pdf_error(flips):
    data = bytearray(_SEED_PDF)
    for pos, val in flips:
        data[pos] = val
    try:
        res = pdf_to_text(bytes(data))
    except PdfError:
        return
    assert isinstance(res.text, str)


# --------------------------------------------------------------------------- CLI

def test_cli_prints_the_cleaned_text(report_pdf, capsys):
    assert main([str(report_pdf)]) == 0
    out = capsys.readouterr().out
    assert "A separate paragraph on page 3 with its own words." in out
    assert "Testshire" not in out


def test_cli_reports_errors_on_stderr(tmp_path, capsys):
    p = tmp_path / "x.pdf"
    p.write_text("not a pdf")
    assert main([str(p)]) == 2
    assert "x.pdf: not a PDF" in capsys.readouterr().err


# --------------------------------------------------------------------------- real reports

def _reference() -> dict[str, dict]:
    with (ILACS / "reports.csv").open(newline="", encoding="utf-8") as fh:
        return {Path(r["file"]).name: r for r in csv.DictReader(fh)}


def _real_reports() -> list[Path]:
    """In file-name order: the first genuine PDF published in 2013 (single
    inspection framework era), and the first ILACS report (reports.csv gives a
    framework) published in 2018 and in 2024."""
    if not (ILACS / "pdf").is_dir():
        return []
    ref = _reference()
    picked = []
    for year, ilacs in (("2013", False), ("2018", True), ("2024", True)):
        for p in sorted((ILACS / "pdf").glob(f"*_{year}-*.pdf")):
            framework = ref.get(p.name, {}).get("inspection_framework", "")
            if p.read_bytes()[:5] == b"%PDF-" and (framework in ("standard", "short") or not ilacs):
                picked.append(p)
                break
    return picked


def _raw_edge_lines(path: Path) -> set[str]:
    """Top and bottom lines of every page, as PDFium reads them, that repeat
    (digits masked) on at least 30% of pages: the running headers and footers."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    edges = []
    for i in range(len(pdf)):
        ls = [ln.strip() for ln in pdf[i].get_textpage().get_text_range().splitlines() if ln.strip()]
        edges.append(set(ls[:2] + ls[-2:]))
    n = len(pdf)
    pdf.close()
    key = Counter(re.sub(r"\d+", "#", ln) for page in edges for ln in page)
    need = max(3, math.ceil(0.3 * n))
    return {ln for page in edges for ln in page if key[re.sub(r"\d+", "#", ln)] >= need}


@pytest.mark.slow
@pytest.mark.skipif(not (ILACS / "pdf").is_dir(), reason="../shared/ilacs is not available")
@pytest.mark.parametrize("index", [0, 1, 2], ids=["2013", "2018", "2024"])
def test_real_reports_have_judgements_on_one_line_and_no_footers(index):
    reports = _real_reports()
    if index >= len(reports):
        pytest.skip("no report for that year in ../shared/ilacs")
    path = reports[index]
    res = pdf_to_text(path)
    ls = lines_of(res.text)
    # the judgement row: the label and its grade on one line
    assert any(re.fullmatch(r"Overall effectiveness( of [\w ,’']+)? [A-Z][a-z]+( [a-z]+){0,4}", ln)
               for ln in ls), path.name
    row = _reference().get(path.name, {})
    grade = (row.get("overall_effectiveness_grade") or "").strip()
    if re.fullmatch(r"[a-z ]+", grade):
        assert any(re.match(rf"Overall effectiveness {grade}\b", ln, re.I) for ln in ls), path.name
    assert any(re.match(r"Inspection dates?:? \d", ln) for ln in ls), path.name
    footers = _raw_edge_lines(path)
    assert footers, "the report should have running headers or footers to strip"
    # a footer may repeat the report's title once (its first line); no more
    left = [ln for ln in ls if ln in footers]
    assert len(left) <= 1 and left == ls[:len(left)], left[:3]
