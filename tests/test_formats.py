"""One résumé reads the same whatever it was saved as: plain text, PDF or Word (skills in a
table, as many templates lay them out) give the same concepts; a PDF can be piped in; and the
input files are never touched.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from typer.testing import CliRunner

from ma_match.cli import app

NAME = "Jordan Ellis, CCMA"
CONTACT = "Phoenix, AZ | jordan.ellis@example.com | (602) 555-0147"
SUMMARY = (
    "Certified clinical medical assistant with four years in busy family medicine and urgent care "
    "clinics, comfortable with both back-office patient care and front-desk work."
)
EXPERIENCE = [
    (
        "Medical Assistant, Desert Bloom Family Medicine, Phoenix, AZ",
        "06/2021 - Present",
        [
            "Roomed 25-30 patients a day, took vital signs and updated medication lists and allergies",
            "Performed venipuncture and capillary sticks; processed and labeled specimens for the lab",
            "Gave intramuscular and subcutaneous injections and childhood immunizations",
            "Ran 12-lead EKGs and CLIA-waived point-of-care tests (strep, urinalysis, glucose)",
            "Verified insurance eligibility and obtained prior authorizations for imaging",
        ],
    ),
    (
        "Front Office Assistant, Saguaro Urgent Care, Mesa, AZ",
        "01/2019 - 05/2021",
        [
            "Scheduled appointments, checked patients in and out and collected copays",
            "Documented visits in eClinicalWorks and routed prescription refill requests",
        ],
    ),
]
SKILLS = [  # rows of a three-column skills table
    ("Phlebotomy", "Vital signs", "Patient scheduling"),
    ("EKG", "Injections", "Insurance verification"),
    ("Sterilization", "Wound care", "Epic"),
]
CERTIFICATIONS = [
    "CCMA, National Healthcareer Association, 2021",
    "BLS for Healthcare Providers, American Heart Association, 2024",
]
EDUCATION = "Medical Assistant Diploma, Pima Medical Institute, 2020"


def resume_txt() -> str:
    lines = [NAME, CONTACT, "", "SUMMARY", SUMMARY, "", "EXPERIENCE"]
    for title, dates, bullets in EXPERIENCE:
        lines += [f"{title}    {dates}", *(f"- {b}" for b in bullets), ""]
    lines += ["SKILLS", *(f"- {skill}" for row in SKILLS for skill in row), ""]
    lines += ["CERTIFICATIONS", *(f"- {c}" for c in CERTIFICATIONS), "", "EDUCATION", EDUCATION]
    return "\n".join(lines) + "\n"


def resume_pdf() -> bytes:
    """Core font, ASCII text; long lines wrap as a word processor would wrap them."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, NAME, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(0, 6, CONTACT, new_x="LMARGIN", new_y="NEXT")

    def heading(text: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)

    def para(text: str) -> None:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")

    heading("SUMMARY")
    para(SUMMARY)
    heading("EXPERIENCE")
    for title, dates, bullets in EXPERIENCE:
        para(f"{title}    {dates}")
        for bullet in bullets:
            para(f"- {bullet}")
    heading("SKILLS")
    for row in SKILLS:
        for skill in row:
            pdf.cell(60, 6, skill)
        pdf.ln(6)
    heading("CERTIFICATIONS")
    for cert in CERTIFICATIONS:
        para(f"- {cert}")
    heading("EDUCATION")
    para(EDUCATION)
    return bytes(pdf.output())


def resume_docx() -> bytes:
    """Name and contact in the page header, bullets in List Bullet style, skills in a table."""
    document = docx.Document()
    header = document.sections[0].header
    header.paragraphs[0].text = NAME
    header.add_paragraph(CONTACT)
    document.add_heading("Summary", level=1)
    document.add_paragraph(SUMMARY)
    document.add_heading("Experience", level=1)
    for title, dates, bullets in EXPERIENCE:
        document.add_paragraph(f"{title}\t{dates}")
        for bullet in bullets:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Skills", level=1)
    table = document.add_table(rows=len(SKILLS), cols=len(SKILLS[0]))
    for row, skills in zip(table.rows, SKILLS, strict=True):
        for cell, skill in zip(row.cells, skills, strict=True):
            cell.text = skill
    document.add_heading("Certifications", level=1)
    for cert in CERTIFICATIONS:
        document.add_paragraph(cert, style="List Bullet")
    document.add_heading("Education", level=1)
    document.add_paragraph(EDUCATION)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def runner(extractor) -> CliRunner:  # the session extractor is the one the CLI reuses: built once
    return CliRunner()


@pytest.fixture
def saved(tmp_path: Path) -> dict[str, Path]:
    """The same résumé saved as .txt, .pdf and .docx."""
    files = {
        "txt": tmp_path / "resume.txt",
        "pdf": tmp_path / "resume.pdf",
        "docx": tmp_path / "resume.docx",
    }
    files["txt"].write_text(resume_txt(), encoding="utf-8")
    files["pdf"].write_bytes(resume_pdf())
    files["docx"].write_bytes(resume_docx())
    return files


def extract(runner: CliRunner, source: str, input: bytes | None = None) -> dict[str, str]:
    """Concept ID -> status, as `ma-match extract SOURCE --as resume --format json` reports them."""
    result = runner.invoke(
        app, ["extract", source, "--as", "resume", "--format", "json"], input=input
    )
    assert result.exit_code == 0, result.stderr
    return {c["id"]: c["status"] for c in json.loads(result.stdout)["concepts"]}


def test_the_plain_text_resume_finds_both_sides_a_credential_and_a_platform(runner, saved) -> None:
    # the baseline the other formats are compared with must itself be a rich one
    found = extract(runner, str(saved["txt"]))
    assert {
        "clinical.phlebotomy",
        "clinical.ekg",
        "admin.scheduling",
        "cert.ccma",
        "cert.bls",
        "ehr.epic",
        "ehr.eclinicalworks",
    } <= set(found)
    assert set(found.values()) == {"present"}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_pdf_and_docx_give_the_same_concepts_as_plain_text(runner, saved, fmt) -> None:
    assert extract(runner, str(saved[fmt])) == extract(runner, str(saved["txt"]))


def test_a_pdf_piped_through_stdin_reads_like_the_file(runner, saved) -> None:
    assert extract(runner, "-", input=saved["pdf"].read_bytes()) == extract(
        runner, str(saved["pdf"])
    )


def test_a_docx_piped_through_stdin_reads_like_the_file(runner, saved) -> None:
    assert extract(runner, "-", input=saved["docx"].read_bytes()) == extract(
        runner, str(saved["docx"])
    )


def test_input_files_are_never_modified(runner, saved, tmp_path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Medical Assistant\nRequirements\n- CCMA required\n- Phlebotomy\n", encoding="utf-8"
    )
    files = [*saved.values(), posting]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}
    for path in saved.values():
        assert (
            runner.invoke(
                app, ["extract", str(path), "--as", "resume", "--format", "json"]
            ).exit_code
            == 0
        )
        assert (
            runner.invoke(app, ["match", str(path), str(posting), "--format", "json"]).exit_code
            == 0
        )
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in files
    )  # nothing written beside


WRAPPING = [  # each longer than the page is wide, so the PDF wraps it inside a term or a context
    "- Roomed thirty patients a day in a busy family medicine practice and took vital signs, updated "
    "medication lists and allergies for every visit",
    "- Answered phones and verified insurance eligibility for new patients, and obtained prior "
    "authorizations for imaging and specialty referrals when needed",
    "- No experience with Cerner or Meditech yet, but quick to learn any electronic health record and "
    "willing to learn phlebotomy",
]


def test_a_bullet_that_wraps_in_a_pdf_reads_as_one_line(runner, tmp_path) -> None:
    # a wrapped line must not cut "willing to / learn phlebotomy" from its context
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ["EXPERIENCE", *WRAPPING]:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    wrapped, plain = tmp_path / "wrapped.pdf", tmp_path / "plain.txt"
    wrapped.write_bytes(bytes(pdf.output()))
    plain.write_text("\n".join(["EXPERIENCE", *WRAPPING]), encoding="utf-8")
    assert extract(runner, str(wrapped)) == extract(runner, str(plain))


def test_short_pdf_lines_are_not_joined(tmp_path) -> None:
    # only a line that filled the width is a wrap; a list of short lower-case items stays a list
    from ma_match.reader import read_document

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = [
        "Skills used every day in a family medicine clinic:",
        "phlebotomy",
        "vital signs",
        "Completed an externship of 160 hours at a community health center, then",
        "joined full time",
    ]
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "list.pdf"
    path.write_bytes(bytes(pdf.output()))
    assert read_document(path).split("\n") == [*lines[:3], f"{lines[3]} {lines[4]}"]
