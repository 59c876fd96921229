"""Reading a document's layout: Word headers and footers of every kind, PDF lines wrapped inside
a phrase, and two-column PDFs read column by column.  Every fixture is built here (python-docx,
fpdf2); none is committed as a binary file.
"""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_SECTION

from ma_match.reader import read_document


def _save_docx(document: object, path: Path) -> Path:
    out = io.BytesIO()
    document.save(out)  # type: ignore[attr-defined]
    path.write_bytes(out.getvalue())
    return path


# --- Word headers and footers --------------------------------------------------------


def test_first_page_header_and_footer_are_read_header_first_footer_last(tmp_path: Path) -> None:
    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Ana Ruiz, RMA | Tucson, AZ"
    section.first_page_footer.paragraphs[0].text = "AMT RMA - AHA BLS"
    document.add_paragraph("Experience")
    document.add_paragraph("Medical Assistant, Sonoran Clinic, 2020 - Present")
    text = read_document(_save_docx(document, tmp_path / "r.docx"))
    assert text.split("\n") == [
        "Ana Ruiz, RMA | Tucson, AZ",
        "Experience",
        "Medical Assistant, Sonoran Clinic, 2020 - Present",
        "AMT RMA - AHA BLS",
    ]


def test_even_page_and_default_footers_and_a_first_page_header_without_title_page(
    tmp_path: Path,
) -> None:
    # a first-page header with text is read even when "Different First Page" is off
    document = docx.Document()
    section = document.sections[0]
    section.first_page_header.paragraphs[0].text = "Lee Park, CMA (AAMA)"
    section.different_first_page_header_footer = False
    section.even_page_footer.paragraphs[0].text = "Even footer: phlebotomy certified"
    section.footer.paragraphs[0].text = "Default footer: BLS"
    document.add_paragraph("Body")
    lines = read_document(_save_docx(document, tmp_path / "r.docx")).split("\n")
    assert lines == [
        "Lee Park, CMA (AAMA)",
        "Body",
        "Default footer: BLS",
        "Even footer: phlebotomy certified",
    ]


def test_tables_and_text_boxes_inside_headers_and_footers_are_read(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Inches

    document = docx.Document()
    header = document.sections[0].header
    table = document.sections[0].footer.add_table(rows=1, cols=2, width=Inches(6))
    table.rows[0].cells[0].text = "Kim Tran, CCMA"
    table.rows[0].cells[1].text = "Reno, NV"
    header.paragraphs[0]._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Boxed: NHA CPT</w:t></w:r></w:p></w:txbxContent>"
            "</v:textbox></v:shape></w:pict></w:r>"
        )
    )
    document.add_paragraph("Body")
    lines = read_document(_save_docx(document, tmp_path / "r.docx")).split("\n")
    assert lines == ["Boxed: NHA CPT", "Body", "Kim Tran, CCMA | Reno, NV"]


def test_the_same_header_in_every_section_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    for page in ("one", "two", "three", "four"):
        if page != "one":
            document.add_section(WD_SECTION.NEW_PAGE)
        document.add_paragraph(f"Page {page}")
    first, copied, other, linked = document.sections  # (a Section made before a later add_section
    first.header.paragraphs[0].text = "Sam Diaz, CCMA"  # would stand for the last one)
    copied.header.is_linked_to_previous = False  # its own definition, with the same text
    copied.header.paragraphs[0].text = "Sam Diaz, CCMA"
    other.header.is_linked_to_previous = False
    other.header.paragraphs[0].text = "Sam Diaz - page 3"
    linked.header.is_linked_to_previous = True  # no definition: Word shows the one before
    lines = [
        line
        for line in read_document(_save_docx(document, tmp_path / "r.docx")).split("\n")
        if line
    ]
    assert lines == [
        "Sam Diaz, CCMA",
        "Sam Diaz - page 3",
        "Page one",
        "Page two",
        "Page three",
        "Page four",
    ]


def test_reading_a_docx_leaves_it_unchanged(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Footer"
    document.add_section(WD_SECTION.NEW_PAGE)  # linked headers: reading must not add definitions
    document.add_paragraph("Body")
    path = _save_docx(document, tmp_path / "r.docx")
    before = path.read_bytes()
    assert read_document(path).split("\n") == ["Body", "Footer"]
    assert path.read_bytes() == before


# --- PDF columns -------------------------------------------------------------------------

SIDEBAR = [
    "SKILLS",
    "Phlebotomy",
    "Vital signs",
    "EKG",
    "",
    "CERTIFICATIONS",
    "CCMA (NHA)",
    "BLS (AHA)",
    "",
    "EDUCATION",
    "MA Diploma, Pima",
    "2016 - 2017",
]
MAIN = [
    "Dana Whitfield",
    "Medical assistant in family medicine",
    "",
    "EXPERIENCE",
    "Medical Assistant, Oak Clinic",
    "2019 - Present",
    "Gave injections and immunizations",
    "Verified insurance eligibility",
    "",
    "Front Desk, Pine Urgent Care",
    "2017 - 2019",
    "Scheduled appointments",
    "No evening shifts worked",
]


def _two_columns(
    side_x: float,
    main_x: float,
    font: str,
    sizes: tuple[int, int],
    pitches: tuple[float, float],
    row_by_row: bool,
    header: str | None = None,
) -> bytes:
    """A sidebar and a main column, drawn column after column or row by row (as table-based
    templates export), optionally below a centred header line across the page."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    top = 20.0
    if header:
        pdf.set_font(font, "B", 14)
        pdf.set_xy(10, top)
        pdf.cell(190, 8, header, align="C")
        top += 14
    items = []
    for column, x, size, pitch in (
        (SIDEBAR, side_x, sizes[0], pitches[0]),
        (MAIN, main_x, sizes[1], pitches[1]),
    ):
        for index, text in enumerate(column):
            if text:
                items.append((top + index * pitch, x, size, text))
    if row_by_row:
        items.sort()
    for y, x, size, text in items:
        pdf.set_font(font, size=size)
        pdf.set_xy(x, y)
        pdf.cell(0 if x > 100 else 50, 5, text)
    return bytes(pdf.output())


COLUMN_LAYOUTS = {
    "left sidebar, smaller type": dict(
        side_x=10, main_x=70, font="Helvetica", sizes=(9, 11), pitches=(5, 6), row_by_row=True
    ),
    "right sidebar, serif": dict(
        side_x=150, main_x=10, font="Times", sizes=(10, 11), pitches=(5.5, 5), row_by_row=True
    ),
    "same type and pitch, narrow gutter": dict(
        side_x=10, main_x=58, font="Courier", sizes=(10, 10), pitches=(6, 6), row_by_row=True
    ),
    "columns drawn one after the other": dict(
        side_x=12, main_x=80, font="Helvetica", sizes=(10, 10), pitches=(5, 5), row_by_row=False
    ),
    "header across the page first": dict(
        side_x=10,
        main_x=75,
        font="Helvetica",
        sizes=(10, 10),
        pitches=(5, 5.5),
        row_by_row=True,
        header="Dana Whitfield, CMA (AAMA) - Tempe, AZ - dana@example.com",
    ),
}


@pytest.mark.parametrize("layout", COLUMN_LAYOUTS)
def test_each_column_of_a_two_column_pdf_is_read_in_one_piece(tmp_path: Path, layout: str) -> None:
    options = COLUMN_LAYOUTS[layout]
    path = tmp_path / "r.pdf"
    path.write_bytes(_two_columns(**options))  # type: ignore[arg-type]
    lines = [line for line in read_document(path).split("\n") if line]
    side, main = [t for t in SIDEBAR if t], [t for t in MAIN if t]
    columns = [main, side] if options["side_x"] > options["main_x"] else [side, main]
    header = [options["header"]] if options.get("header") else []
    assert lines == [*header, *columns[0], *columns[1]]


def _raw_pdf(rows: list[tuple[float, list[tuple[float, str]]]]) -> bytes:
    """A one-page PDF whose every row is one text object moving right between its cells
    (Td relative to the row start), as many Word/Docs exports of table layouts draw them."""
    stream = ["BT /F1 10 Tf"]
    for y, cells in rows:
        stream.append(f"1 0 0 1 0 0 Tm {cells[0][0]} {y} Td ({cells[0][1]}) Tj")
        for (x_before, _), (x, text) in itertools.pairwise(cells):
            stream.append(f"{x - x_before} 0 Td ({text}) Tj")
    stream.append("ET")
    content = "\n".join(stream).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_cells_of_one_row_drawn_as_one_text_object_are_parted(tmp_path: Path) -> None:
    # "No weekends" beside "Injections and immunizations" must not become one line
    left = [
        "SKILLS",
        "Venipuncture",
        "Spirometry",
        "AVAILABILITY",
        "No weekends",
        "",
        "EDUCATION",
        "MA Diploma, Gila",
        "2015 - 2016",
    ]
    right = [
        "Ines Okafor",
        "Medical assistant",
        "EXPERIENCE",
        "Medical Assistant, Gila Clinic",
        "2017 - Present",
        "Injections and immunizations",
        "Medical Assistant, Mesa Care",
        "2016 - 2017",
        "Rapid strep tests",
    ]
    rows = []
    for index in range(max(len(left), len(right))):
        cells = [
            (x, text)
            for x, text in (
                (40, left[index] if index < len(left) else ""),
                (230, right[index] if index < len(right) else ""),
            )
            if text
        ]
        rows.append((740 - 14 * index, cells))
    path = tmp_path / "rows.pdf"
    path.write_bytes(_raw_pdf(rows))
    lines = [line for line in read_document(path).split("\n") if line]
    assert lines == [t for t in left if t] + [t for t in right if t]


def test_a_single_column_pdf_with_dates_at_the_right_and_a_skills_grid_reads_row_by_row(
    tmp_path: Path,
) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    expected = ["Jamie Cole", "EXPERIENCE"]
    pdf.cell(0, 5, "Jamie Cole", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 5, "EXPERIENCE", new_x="LMARGIN", new_y="NEXT")
    for title, dates in [
        ("Medical Assistant, Oak Clinic", "2019 - Present"),
        ("Front Desk, Pine Care", "2017 - 2019"),
        ("Scribe, Elm Hospital", "2016 - 2017"),
    ]:
        pdf.cell(130, 5, title)
        pdf.cell(0, 5, dates, align="R", new_x="LMARGIN", new_y="NEXT")
        expected.append(f"{title} {dates}")
    pdf.cell(0, 5, "SKILLS", new_x="LMARGIN", new_y="NEXT")
    expected.append("SKILLS")
    for row in [
        ("Phlebotomy", "Vital signs", "Scheduling"),
        ("EKG", "Injections", "Epic"),
        ("Sterilization", "Wound care", "Billing"),
    ]:
        for cell in row:
            pdf.cell(60, 6, cell)
        pdf.ln(6)
        expected.append(" ".join(row))
    pdf.cell(0, 5, "EDUCATION", new_x="LMARGIN", new_y="NEXT")
    expected.append("EDUCATION")
    for school, year in [
        ("Medical Assistant Diploma, Pima", "2016"),
        ("CPR course, Red Cross", "2015"),
        ("High school diploma", "2014"),
    ]:
        pdf.cell(130, 5, school)
        pdf.cell(0, 5, year, align="R", new_x="LMARGIN", new_y="NEXT")
        expected.append(f"{school} {year}")
    path = tmp_path / "single.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_document(path).split("\n") == expected


# --- PDF lines wrapped inside a phrase -------------------------------------------------


def _drawn_lines(lines: list[tuple[str, int]], x: float = 20, pitch: float = 5.5) -> bytes:
    """Each (text, font size) drawn as its own line, as a layout program breaks a paragraph."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    y = 20.0
    for text, size in lines:
        if text:
            pdf.set_font("Helvetica", size=size)
            pdf.set_xy(x, y)
            pdf.cell(0, 5, text)
        y += pitch
    return bytes(pdf.output())


WRAPPED_TERMS = [  # a term cut before a capital, in lines far from the right margin
    (
        "Nationally certified Registered Medical",
        "Assistant (AMT) with seven years in clinics",
        "Registered Medical Assistant",
    ),
    ("Holds a current Basic Life", "Support card and a phlebotomy license", "Basic Life Support"),
    (
        "Recently earned the Certified Phlebotomy",
        "Technician credential through NHA",
        "Certified Phlebotomy Technician",
    ),
]


@pytest.mark.parametrize(("first", "second", "term"), WRAPPED_TERMS)
def test_a_line_break_inside_a_known_term_is_joined(
    tmp_path: Path, first: str, second: str, term: str
) -> None:
    from ma_match.extract import default_extractor

    path = tmp_path / "wrapped.pdf"
    path.write_bytes(
        _drawn_lines(
            [
                ("Summary", 12),
                (first, 10),
                (second, 10),
                ("Medical Assistant, Valley Health Partners Family Clinic, 2019 - Present", 10),
            ]
        )
    )
    lines = read_document(path, joins=default_extractor().joins).split("\n")
    assert lines[1] == f"{first} {second}"
    assert term in lines[1]
    assert read_document(path).split("\n")[1] == first  # the reader knows no terms of its own


def test_a_full_line_continued_in_lower_case_is_joined_once_per_wrap(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Times", size=11)
    pdf.set_xy(120, 20)  # a narrow right-hand column
    text = (
        "Answered phones and verified insurance eligibility for new patients and obtained prior "
        "authorizations for imaging and specialty referrals"
    )
    pdf.multi_cell(70, 5, text)
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_document(path) == text


LINES_THAT_STAY_APART = [
    # (line, next line, size of the next line, gap before it in mm)
    ("Certified Clinical Medical", "Assistant roles wanted", 14, 6.5),  # a bigger font: a heading
    ("Holds a current Basic Life", "Support card", 10, 12),  # a paragraph gap
    ("Holds a current Basic Life.", "Support card", 10, 5.5),  # a sentence ended
    ("Holds a current Basic Life", "- Support card", 10, 5.5),  # a bullet
    ("Basic Life", "Support card", 10, 5.5),  # a two-word label line
]


@pytest.mark.parametrize(("first", "second", "size", "gap"), LINES_THAT_STAY_APART)
def test_separate_lines_are_not_joined(
    tmp_path: Path, first: str, second: str, size: int, gap: float
) -> None:
    from fpdf import FPDF

    from ma_match.extract import default_extractor

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.set_xy(20, 20)
    pdf.cell(0, 5, first)
    pdf.set_font("Helvetica", size=size)
    pdf.set_xy(20, 20 + gap)
    pdf.cell(0, 5, second)
    path = tmp_path / "apart.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_document(path, joins=default_extractor().joins).split("\n") == [first, second]


def test_a_reader_hook_decides_term_joins_without_domain_words(tmp_path: Path) -> None:
    path = tmp_path / "hook.pdf"
    path.write_bytes(
        _drawn_lines(
            [
                ("alpha beta gamma Delta", 10),
                ("Epsilon zeta", 10),
                ("a much longer line that sets the right edge of this block", 10),
            ]
        )
    )
    calls: list[tuple[str, str]] = []

    def joins(line: str, next_line: str) -> bool:
        calls.append((line, next_line))
        return line.endswith("Delta") and next_line.startswith("Epsilon")

    assert read_document(path, joins=joins).split("\n")[0] == "alpha beta gamma Delta Epsilon zeta"
    assert ("alpha beta gamma Delta", "Epsilon zeta") in calls


def test_wrap_joiner_finds_terms_spanning_the_break_only() -> None:
    from ma_match.segment import WrapJoiner

    joins = WrapJoiner(["basic life support", "vital signs", "EKG"])
    assert joins("current Basic Life", "Support (AHA)")
    assert joins("takes vital", "signs daily")
    assert not joins("Basic Life Support", "and vital signs")  # each term whole on its line
    assert not joins("current Basic", "Life insurance")  # no term completed
    assert not WrapJoiner([])("a", "b")
