"""A posting's structure: every line's role and section, from headings found by name and by form."""

from __future__ import annotations

import pytest

from ma_match import match
from ma_match.posting_structure import PostingStructureReader
from ma_match.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def reader() -> PostingStructureReader:
    return PostingStructureReader(load_taxonomy().posting)


def roles(reader: PostingStructureReader, text: str) -> dict[str, str]:
    """Each non-blank line's role, by its text."""
    structure = reader.read(text)
    return {
        line.strip(): row.role
        for line, row in zip(text.split("\n"), structure.lines)
        if line.strip()
    }


def test_the_first_short_line_is_the_title(reader):
    found = roles(reader, "Bilingual Medical Assistant\n\nResponsibilities\n- Take vital signs\n")
    assert found["Bilingual Medical Assistant"] == "title"
    assert found["- Take vital signs"] == "duty"


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Requirements", "requirement"),
        ("Preferred Qualifications", "preference"),
        ("What You'll Do", "duty"),
        ("Benefits", "benefit"),
        ("About Us", "company"),
        ("Equal Opportunity Employer", "eeo"),
        ("How to Apply", "apply"),
        ("Physical Demands", "conditions"),
    ],
)
def test_named_headings_open_their_role(reader, heading, role):
    text = f"Medical Assistant\n\n{heading}\n- Draw blood\n"
    assert roles(reader, text)["- Draw blood"] == role


@pytest.mark.parametrize(
    "heading", ["What a Day Looks Like", "YOUR DAY AT OUR CLINIC", "The Work:", "Life at Cedar Row"]
)
def test_a_heading_no_list_names_ends_the_section_before_it_and_asks(reader, heading):
    # after a company section, a heading of the posting's own opens duties again
    text = f"Medical Assistant\n\nAbout Cedar Row\nA family practice since 1990.\n\n{heading}\n- Room patients\n"
    found = roles(reader, text)
    assert found["A family practice since 1990."] == "company"
    assert found["- Room patients"] == "duty"


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("Our Perks", "benefit"),
        ("Preferred Certifications", "preference"),
        ("Clinic Requirements", "requirement"),
    ],
)
def test_an_unnamed_heading_takes_the_role_its_head_word_has(reader, heading, role):
    text = f"Medical Assistant\n\n{heading}\n- BLS card\n"
    assert roles(reader, text)["- BLS card"] == role


def test_a_known_name_followed_by_a_name_is_a_heading(reader):
    found = roles(reader, "Medical Assistant\n\nAbout Little Oaks\nWe love kids.\n")
    assert found["We love kids."] == "company"


@pytest.mark.parametrize(
    "line",
    [
        "Experience with Epic",
        "Schedule patient appointments",
        "Direct experience with the following tasks:",
        "- Requirements: none",
    ],
)
def test_list_lines_and_lead_ins_are_no_headings(reader, line):
    text = f"Medical Assistant\n\nPreferred Qualifications\n{line}\n- Phlebotomy\n"
    assert roles(reader, text)["- Phlebotomy"] == "preference"


def test_a_metadata_line_speaks_for_its_own_line_only(reader):
    found = roles(reader, "title: Medical Assistant\nlocation: Boston, MA\nDraw blood\n")
    assert found == {
        "title: Medical Assistant": "title",
        "location: Boston, MA": "metadata",
        "Draw blood": "duty",
    }


def test_title_labels_come_from_the_taxonomy():
    """The labels of a title line are data: a taxonomy that names "position title" reads that
    line as the title, and one that names no label reads "title: …" as an ordinary line."""
    from dataclasses import replace

    rules = load_taxonomy().posting
    text = "Clinic News\nposition title: Medical Assistant\nDraw blood\n"
    labelled = roles(
        PostingStructureReader(replace(rules, title_headings=("position title",))), text
    )
    assert labelled["position title: Medical Assistant"] == "title"
    unlabelled = roles(PostingStructureReader(replace(rules, title_headings=())), text)
    assert unlabelled["position title: Medical Assistant"] != "title"


def test_a_heading_glued_to_its_text_opens_the_section(reader):
    found = roles(reader, "Medical Assistant\nRequirements: CMA or RMA\n- BLS\n")
    assert found["Requirements: CMA or RMA"] == "requirement" and found["- BLS"] == "requirement"


LITTLE_OAKS = """Medical Assistant
Little Oaks Pediatrics

About Little Oaks
A family-owned pediatric practice. We love kids.

What a Day Looks Like
- Room patients and take vital signs
- Give vaccines and IM injections
- Perform venipuncture
- Schedule follow-up appointments and verify insurance

Who Thrives Here
- CMA or CCMA certification
- Epic experience is a plus

Perks
- Health insurance and paid time off
"""


def test_duties_under_a_heading_of_the_postings_own_are_asked_for():
    new_graduate = "Jamie Lee\nRecent MA graduate. CCMA exam scheduled for March 2027.\n"
    report = match(new_graduate, LITTLE_OAKS)
    asked = {r.id for r in report.requirements}
    assert {"clinical.vital_signs", "clinical.phlebotomy", "admin.scheduling"} <= asked
    assert report.band == "weak"
