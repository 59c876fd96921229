"""Fuzzing, bounded: every entry point on random input either answers normally or refuses with
the project's own one-line error (InputError for inputs, MaMatchError at most); any other
exception is a bug.

The inputs look like what they claim to be far enough to reach the parsers behind: PDF, DOCX
(a real zip whose document.xml is built from random WordprocessingML and random text), HTML and
plain text behind every byte-order mark; random Unicode (lone surrogates, controls, bidi
controls, letters whose case or compatibility form changes length, very long tokens, thousands
of line breaks) through the extractor, the `ma_match.match` API and every renderer.

The examples run under the "fuzz" profile of tests/conftest.py: few and the same every run in
CI; `MA_MATCH_FUZZ_EXAMPLES=5000` fuzzes for longer on new examples.  A failure found by fuzzing
stays here as an `@example`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.console import Console

import ma_match
from ma_match.errors import InputError, MaMatchError
from ma_match.extract import Extractor
from ma_match.html_report import report_html
from ma_match.rank import Ranker
from ma_match.reader import read_document
from ma_match.render import (
    extraction_json,
    extraction_table,
    print_report,
    rank_csv,
    rank_json,
    rank_table,
    report_json,
    report_markdown,
)
from test_properties import MA_WORDS

FUZZ = settings.get_profile("fuzz")

# --- random text ---------------------------------------------------------------------------------

# Characters that have broken text tools: C0/C1 controls (some are line breaks to str.splitlines),
# bidi controls, line and paragraph separators, zero-width and soft hyphens, letters whose lower
# or upper case, or NFKC form, is longer than they are (offsets computed on one form and used on
# another), combining marks, emoji with joiners, full-width letters, the replacement character.
ODD_CHARS = [
    *map(chr, range(0x00, 0x20)),
    "\x7f",
    "\x85",
    "\x9b",
    "\u061c",
    "\u200e",
    "\u200f",
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200d",
    "\u00ad",
    "\ufeff",
    "İ",
    "ß",
    "ﬁ",
    "ŉ",
    "ǅ",
    "\u0301",
    "\u0345",
    "e\u0301",
    "👩\u200d⚕️",
    "ＣＭＡ",
    "\ufffd",
    "\uffff",
]
surrogate = st.integers(0xD800, 0xDFFF).map(chr)
long_token = st.tuples(
    st.sampled_from(["=", "x", "a-", "ab.", "é", "1/", "-", "\u200b"]), st.integers(50, 3000)
).map(lambda t: t[0] * t[1])
many_breaks = st.tuples(
    st.sampled_from(["\n", "\r\n", "\n \n", "\r", "\f", "\u2028"]), st.integers(2, 3000)
).map(lambda t: t[0] * t[1])
piece = st.one_of(
    st.sampled_from(MA_WORDS),
    st.sampled_from(ODD_CHARS),
    surrogate,
    st.text(max_size=8),
    st.characters(),
    long_token,
    many_breaks,
)
# words joined by spaces (so the taxonomy's phrases form) or glued (so tokens grow long)
random_text = st.one_of(
    st.lists(piece, max_size=40).map(" ".join),
    st.lists(piece, max_size=40).map("".join),
    st.text(),
)


def _json_safe(text: str) -> str:
    return json.dumps(text)  # lone surrogates are written as \\udXXX escapes, never raised on


# --- the reader ----------------------------------------------------------------------------------


def read_or_refuse(data: bytes, suffix: str, extractor: Extractor) -> str | None:
    """Read *data* as a file with *suffix*, and again from stdin: the text, or None when refused
    with an InputError of one line naming the input."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        try:
            text = read_document(path, joins=extractor.joins)
        except InputError as error:
            message = str(error)
            assert message.startswith(str(path)) and "\n" not in message, message
            text = None
    try:
        piped = read_document("-", stdin=io.BytesIO(data), joins=extractor.joins)
    except InputError as error:
        assert str(error).startswith("stdin: ") and "\n" not in str(error), str(error)
        piped = None
    if text is not None:
        assert text.strip()
        _json_safe(text)
    if text is not None and piped is not None and suffix not in (".html", ".htm"):
        # the format is chosen by content first: a file and the same bytes piped read alike,
        # except markup read as HTML by its name and as text when piped
        assert text == piped
    return text


def assert_extracts(extractor: Extractor, text: str) -> None:
    """Both kinds extract, with evidence inside the text, and render in every format."""
    for kind in ("resume", "posting"):
        extraction = extractor.extract(text, kind)  # type: ignore[arg-type]
        for concept in extraction.concepts:
            for evidence in concept.evidence:
                assert 0 <= evidence.start < evidence.end <= len(extraction.text)
                assert "\n" not in evidence.text
        assert json.loads(extraction_json(extraction))["kind"] == kind
        console = Console(file=io.StringIO(), width=100, force_terminal=True)
        console.print(extraction_table(extraction))


@FUZZ
@given(rest=st.binary(max_size=4096))
@example(rest=b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")
def test_bytes_behind_a_pdf_header_are_read_or_refused(extractor, rest: bytes) -> None:
    text = read_or_refuse(b"%PDF-1.4\n" + rest, ".pdf", extractor)
    if text is not None:
        assert_extracts(extractor, text)


@pytest.fixture(scope="module")
def real_pdf() -> bytes:
    """A small PDF with a text layer, made here, for mutation."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    for line in (
        "Jane Doe, CCMA",
        "EXPERIENCE",
        "Medical Assistant, 2019 - Present",
        "- Took vital signs, performed venipuncture and EKGs",
        "- Scheduled appointments in Epic; verified insurance",
    ):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 64), st.binary(max_size=16)), max_size=6
    ),
    cut=st.one_of(st.none(), st.integers(0, 10**6)),
)
def test_a_damaged_pdf_is_read_or_refused(extractor, real_pdf: bytes, edits, cut) -> None:
    data = bytearray(real_pdf)
    for at, length, new in edits:  # replace a random slice with random bytes
        at %= len(data) + 1
        data[at : at + length] = new
    if cut is not None:
        del data[cut % (len(data) + 1) :]
    text = read_or_refuse(bytes(data), ".pdf", extractor)
    if text is not None:
        assert_extracts(extractor, text)


# WordprocessingML, built at random from the elements the reader walks (paragraphs, runs, text,
# tabs, breaks, tables with spans and merges, text boxes, content controls, alternate content) and
# some it does not know; attribute values at random (huge, negative, not numbers).
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
xml_text = st.one_of(
    st.sampled_from(MA_WORDS),
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cs"], blacklist_characters="\x00\ufffe\uffff"
        ).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20),
        max_size=30,
    ),
)
attribute_value = st.one_of(
    st.sampled_from(
        ["0", "1", "-1", "2", "10", "999999999", "restart", "continue", "", "x", "1e9"]
    ),
    st.integers(-(2**40), 2**40).map(str),
)
leaf = st.one_of(
    xml_text.map(lambda t: f"<w:t xml:space='preserve'>{escape(t)}</w:t>"),
    st.sampled_from(
        ["<w:tab/>", "<w:br/>", "<w:cr/>", "<w:noBreakHyphen/>", "<w:sym w:char='F0B7'/>"]
    ),
    st.tuples(
        st.sampled_from(["w:gridSpan", "w:vMerge", "w:gridCol", "w:ilvl", "w:numId"]),
        attribute_value,
    ).map(lambda t: f"<{t[0]} w:val={quoteattr(t[1])}/>"),
    st.sampled_from(["<w:foo/>", "<v:shape/>", "<w:t/>", "<w:p/>", "<w:tc/>", "<w:tr/>"]),
)
CONTAINERS = [
    "w:p",
    "w:r",
    "w:tbl",
    "w:tr",
    "w:tc",
    "w:tcPr",
    "w:pPr",
    "w:rPr",
    "w:tblGrid",
    "w:hyperlink",
    "w:sdt",
    "w:sdtContent",
    "w:smartTag",
    "w:ins",
    "w:del",
    "w:txbxContent",
    "w:pict",
    "w:drawing",
    "mc:AlternateContent",
    "mc:Choice",
    "w:unknown",
]
wordml = st.recursive(
    leaf,
    lambda inner: st.tuples(st.sampled_from(CONTAINERS), st.lists(inner, max_size=5)).map(
        lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"
    ),
    max_leaves=40,
)


def docx_bytes(body: str, *, raw: bytes = b"") -> bytes:
    """A DOCX whose body is *body* (and *raw* bytes spliced in, which may break the XML)."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:v="urn:schemas-microsoft-com:vml">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    if raw:
        middle = len(document) // 2
        document = document[:middle] + raw + document[middle:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


@FUZZ
@given(body=st.lists(wordml, max_size=8).map("".join))
@example(body="<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='-1'/></w:tcPr></w:tc></w:tr></w:tbl>")
@example(body="<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='x'/></w:tcPr></w:tc></w:tr></w:tbl>")
@example(
    body="<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val='continue'/></w:tcPr></w:tc></w:tr></w:tbl>"
)
def test_a_docx_of_random_wordml_is_read_or_refused(extractor, body: str) -> None:
    text = read_or_refuse(docx_bytes(body), ".docx", extractor)
    if text is not None:
        assert_extracts(extractor, text)


@FUZZ
@given(
    body=st.lists(wordml, max_size=4).map("".join),
    raw=st.one_of(st.binary(min_size=1, max_size=64), xml_text.map(str.encode)),
)
def test_a_docx_with_random_bytes_in_its_xml_is_read_or_refused(
    extractor, body: str, raw: bytes
) -> None:
    text = read_or_refuse(docx_bytes(body, raw=raw), ".docx", extractor)
    if text is not None:
        assert_extracts(extractor, text)


html_piece = st.one_of(
    random_text,
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<br>",
            "<li>",
            "<script>",
            "</script>",
            "<style>",
            "<!--",
            "-->",
            "<![CDATA[",
            "&amp;",
            "&#0;",
            "&#xD800;",
            "&#99999999;",
            "&nbsp;",
            "<table><tr><td>",
            "</td><td>",
            "<head>",
            "<body>",
            "<title>",
            "<a href='javascript:x'>",
            "<div",
            "<",
            ">",
            "</",
        ]
    ),
)


@FUZZ
@given(pieces=st.lists(html_piece, max_size=20))
@example(pieces=["&#xD800;", "phlebotomy"])
@example(pieces=["&#99999999;", "EKG"])
def test_html_of_random_tags_and_text_is_read_or_refused(extractor, pieces: list[str]) -> None:
    data = ("<html>" + "".join(pieces)).encode("utf-8", "surrogatepass")
    for suffix in (".html", ".txt"):
        text = read_or_refuse(data, suffix, extractor)
        if text is not None and suffix == ".html":
            assert_extracts(extractor, text)


BOMS = {
    "utf-8-sig": b"\xef\xbb\xbf",
    "utf-16-le": b"\xff\xfe",
    "utf-16-be": b"\xfe\xff",
    "utf-32-le": b"\xff\xfe\x00\x00",
    "utf-32-be": b"\x00\x00\xfe\xff",
}


@FUZZ
@given(
    bom=st.sampled_from(sorted(BOMS)),
    body=st.one_of(
        random_text.map(lambda t: ("text", t)), st.binary(max_size=2048).map(lambda b: ("bytes", b))
    ),
)
def test_text_behind_any_byte_order_mark_is_read_or_refused(extractor, bom: str, body) -> None:
    what, value = body
    encoding = bom.replace("-sig", "").replace("-le", "le").replace("-be", "be")
    data = value.encode(encoding, "surrogatepass") if what == "text" else value
    for suffix in (".txt", ".md"):
        text = read_or_refuse(BOMS[bom] + data, suffix, extractor)
        if text is not None and suffix == ".txt":
            assert_extracts(extractor, text)


# --- the extractor, the API and every renderer on random text ------------------------------------


@FUZZ
@given(text=random_text)
@example(text="İ" * 40 + " phlebotomy")
@example(text="\ud800 CMA \udfff EKG")
@example(text="=" * 3000 + " vital signs")
@example(text="\n" * 3000 + "Requirements\n- EKG required")
def test_the_extractor_reads_any_text(extractor, text: str) -> None:
    assert_extracts(extractor, text)


@FUZZ
@given(texts=st.lists(random_text, min_size=1, max_size=3))
def test_batches_find_what_one_text_at_a_time_finds(extractor, texts: list[str]) -> None:
    # rank reads résumés through pipe (batched, a primed tokenizer, no evidence); the API one by one
    for kind in ("resume", "posting"):
        batched = list(extractor.pipe(texts, kind, evidence=False))  # type: ignore[arg-type]
        assert len(batched) == len(texts)
        for text, found in zip(texts, batched):
            alone = extractor.extract(text, kind)  # type: ignore[arg-type]
            assert [(c.id, c.status, c.importance) for c in found.concepts] == [
                (c.id, c.status, c.importance) for c in alone.concepts
            ]


def rendered_everywhere(report: ma_match.Report) -> None:
    for explain in (False, True):
        out = io.StringIO()
        print_report(report, Console(file=out, width=100, force_terminal=True), explain=explain)
        assert "Traceback" not in out.getvalue()
        report_markdown(report, explain=explain)
        report_html(report, "résumé", "posting", explain=explain)
    document = json.loads(report_json(report))
    assert document["score"] == report.score
    # a posting that names nothing known gets no score, never a 0 that reads as a verdict
    assert (report.score is None) == (report.band == "unscored")
    assert report.score is None or 0 <= report.score <= 100


@FUZZ
@given(resume=random_text, posting=random_text)
@example(resume="\ud800", posting="EKG required")
@example(resume="CMA " + "x" * 3000, posting="İİİ CMA required")
@example(resume="EKG " * 2_500_001, posting="EKG required")  # over the reader's 10 M characters
def test_the_api_matches_any_two_texts(extractor, resume: str, posting: str) -> None:
    try:
        report = ma_match.match(resume, posting, extractor=extractor)
    except MaMatchError as error:  # the API's own refusal, one line
        assert "\n" not in str(error)
        return
    rendered_everywhere(report)


@FUZZ
@given(posting=random_text, resumes=st.lists(random_text, min_size=1, max_size=3))
def test_ranking_renders_any_texts_in_every_format(extractor, posting: str, resumes) -> None:
    ranker = Ranker(posting) if posting.strip() else None
    if ranker is None:
        return
    rows = [
        ranker.row(f"r{n}{text[:8]}.txt", ranker.extractor.extract(text, "resume"))
        for n, text in enumerate(resumes)
    ]
    console = Console(file=io.StringIO(), width=100, force_terminal=True)
    console.print(rank_table(rows, total=len(rows)))
    assert len(json.loads(rank_json(rows))) == len(rows)
    assert len(list(csv.reader(io.StringIO(rank_csv(rows))))) == len(rows) + 1


def test_the_fuzz_profile_is_bounded_unless_asked() -> None:
    # CI runs the same few examples every time; a longer run is asked for by the variable
    if os.environ.get("MA_MATCH_FUZZ_EXAMPLES"):
        assert FUZZ.max_examples == int(os.environ["MA_MATCH_FUZZ_EXAMPLES"])
    else:
        assert FUZZ.derandomize and FUZZ.max_examples <= 200 and FUZZ.deadline is None
