"""Reading a document's layout: Word headers and footers of every kind, PDF lines wrapped inside
a phrase, and two-column PDFs read column by column.  Every fixture is built here (python-docx,
fpdf2); none is committed as a binary file.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
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


def test_even_page_and_default_footers_and_a_first_page_header_without_title_page(tmp_path: Path) -> None:
    # a first-page header with text is read even when "Different First Page" is off
    document = docx.Document()
    section = document.sections[0]
    section.first_page_header.paragraphs[0].text = "Lee Park, CMA (AAMA)"
    section.different_first_page_header_footer = False
    section.even_page_footer.paragraphs[0].text = "Even footer: phlebotomy certified"
    section.footer.paragraphs[0].text = "Default footer: BLS"
    document.add_paragraph("Body")
    lines = read_document(_save_docx(document, tmp_path / "r.docx")).split("\n")
    assert lines == ["Lee Park, CMA (AAMA)", "Body", "Default footer: BLS", "Even footer: phlebotomy certified"]


def test_tables_and_text_boxes_inside_headers_and_footers_are_read(tmp_path: Path) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Inches

    document = docx.Document()
    header = document.sections[0].header
    table = document.sections[0].footer.add_table(rows=1, cols=2, width=Inches(6))
    table.rows[0].cells[0].text = "Kim Tran, CCMA"
    table.rows[0].cells[1].text = "Reno, NV"
    header.paragraphs[0]._p.append(parse_xml(
        f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox>'
        "<w:txbxContent><w:p><w:r><w:t>Boxed: NHA CPT</w:t></w:r></w:p></w:txbxContent>"
        "</v:textbox></v:shape></w:pict></w:r>"
    ))
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
    lines = [line for line in read_document(_save_docx(document, tmp_path / "r.docx")).split("\n") if line]
    assert lines == ["Sam Diaz, CCMA", "Sam Diaz - page 3", "Page one", "Page two", "Page three", "Page four"]


def test_reading_a_docx_leaves_it_unchanged(tmp_path: Path) -> None:
    document = docx.Document()
    document.sections[0].footer.paragraphs[0].text = "Footer"
    document.add_section(WD_SECTION.NEW_PAGE)  # linked headers: reading must not add definitions
    document.add_paragraph("Body")
    path = _save_docx(document, tmp_path / "r.docx")
    before = path.read_bytes()
    assert read_document(path).split("\n") == ["Body", "Footer"]
    assert path.read_bytes() == before
