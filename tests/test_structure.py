"""Résumé structure: sections found by name, form and head word; a role for every line; jobs."""

from __future__ import annotations

import pytest

from ma_match.structure import ResumeStructureReader


@pytest.fixture(scope="module")
def reader(extractor):
    return ResumeStructureReader(extractor.taxonomy.experience)


def section_of(reader, text: str, line: str) -> str:
    lines = text.split("\n")
    return reader.read(text).lines[lines.index(line)].section


def roles(reader, text: str) -> dict[str, str]:
    structure = reader.read(text)
    return {
        line: info.role for line, info in zip(text.split("\n"), structure.lines) if line.strip()
    }


JOB = "Medical Assistant, Alder Creek Pediatrics, 2020 - Present"


@pytest.mark.parametrize(
    "heading",
    [
        "EXPERIENCE",
        "Work Experience",
        "HEALTHCARE EXPERIENCE",
        "Medical Assistant Experience",
        "Relevant Work",
        "Relevant Work Experience",
        "Clinical Background",
        "Employment Background",
        "Patient Care Experience",
        "PROFESSIONAL HISTORY",
        "Career History:",
        "E X P E R I E N C E",
        "W O R K   E X P E R I E N C E",
        "relevant work experience:",
        "Externships",
        "POSITIONS HELD",
        "Places Worked",
        "Previous Roles",
    ],
)
def test_work_headings_by_name_form_and_head_word(reader, heading):
    text = f"Nadia Ortiz\n\nCERTIFICATIONS\nCCMA (NHA), 2019\n\n{heading}\n{JOB}\n- Room patients\n"
    assert section_of(reader, text, JOB) == "work"
    assert section_of(reader, text, "CCMA (NHA), 2019") == "certifications"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("E D U C A T I O N", "education"),
        ("Educational Background", "education"),
        ("ACADEMIC HISTORY", "education"),
        ("Clinical Training", "education"),
        ("Licenses & Certifications", "certifications"),
        ("Clinical Skills", "skills"),
        ("C O R E   S K I L L S", "skills"),
        ("Professional Summary", "summary"),
        ("REFERENCES", "references"),
        ("A W A R D S", "other"),
        ("Volunteer Experience", "other"),
        ("MEMBERSHIPS HELD", "other"),
        ("Licenses Held", "certifications"),
    ],
)
def test_other_section_kinds(reader, heading, kind):
    text = f"Nadia Ortiz\n{heading}\nSomething under it\n"
    assert section_of(reader, text, "Something under it") == kind


def test_a_lower_case_heading_followed_by_a_list(reader):
    text = "Nadia Ortiz\nclinic experience\n- Medical Assistant, Fernway Clinic, 2018 - 2020\n"
    assert section_of(reader, text, "- Medical Assistant, Fernway Clinic, 2018 - 2020") == "work"


@pytest.mark.parametrize(
    "line",
    [
        "Experience with Epic and Cerner.",
        "Trained new staff on patient experience surveys",
        "- Work experience in pediatrics",
        "Medical Assistant",
        "Front Desk Coordinator",
    ],
)
def test_sentences_list_items_and_job_titles_are_no_headings(reader, line):
    text = f"EDUCATION\nHarbor Technical College, 2012 - 2013\n{line}\nAfter it\n"
    assert section_of(reader, text, "After it") == "education"


def test_a_heading_glued_to_its_first_item_opens_the_section_on_that_line(reader):
    text = (
        "Nadia Ortiz\nSkills: Epic, phlebotomy, scheduling\nREFERENCES\nDana Holt, office manager\n"
    )
    found = roles(reader, text)
    assert found["Skills: Epic, phlebotomy, scheduling"] == "skills"
    assert found["Dana Holt, office manager"] == "references"


def test_roles_of_a_whole_resume(reader):
    text = "\n".join(
        [
            "Maria Lopez, CCMA",
            "Tucson, AZ | maria@example.com",
            "",
            "Summary",
            "Medical assistant with phlebotomy and EKG skills.",
            "",
            "HEALTHCARE EXPERIENCE",
            "Medical Assistant | Saguaro Family Practice | Tucson, AZ",
            "Jan 2020 – Present",
            "- Took vital signs and drew blood",
            "Phlebotomist, Desert Labs, 2017 - 2019",
            "- 40 venipunctures a day",
            "",
            "CERTIFICATIONS",
            "CCMA (NHA)",
            "",
            "SKILLS",
            "Epic, scheduling",
            "",
            "EDUCATION",
            "Medical Assisting Diploma, Pima Tech, 2016 - 2017",
            "",
            "References",
            "Dr. Ana Ruiz, supervisor",
        ]
    )
    assert roles(reader, text) == {
        "Maria Lopez, CCMA": "contact",
        "Tucson, AZ | maria@example.com": "contact",
        "Summary": "heading",
        "Medical assistant with phlebotomy and EKG skills.": "summary",
        "HEALTHCARE EXPERIENCE": "heading",
        "Medical Assistant | Saguaro Family Practice | Tucson, AZ": "job_heading",
        "Jan 2020 – Present": "job_heading",
        "- Took vital signs and drew blood": "duty",
        "Phlebotomist, Desert Labs, 2017 - 2019": "job_heading",
        "- 40 venipunctures a day": "duty",
        "CERTIFICATIONS": "heading",
        "CCMA (NHA)": "credential",
        "SKILLS": "heading",
        "Epic, scheduling": "skills",
        "EDUCATION": "heading",
        "Medical Assisting Diploma, Pima Tech, 2016 - 2017": "education",
        "References": "heading",
        "Dr. Ana Ruiz, supervisor": "references",
    }


def test_dates_first_then_title_and_employer(reader):
    text = "Experience\n01/2013\nMedical Assistant\nCompany Name - City, State\nMeasured and recorded vitals.\n"
    found = roles(reader, text)
    assert [
        found[line] for line in ("01/2013", "Medical Assistant", "Company Name - City, State")
    ] == ["job_heading"] * 3
    assert found["Measured and recorded vitals."] == "duty"


def test_a_duty_line_without_a_bullet_stays_a_duty(reader):
    text = "Experience\nMedical Assistant, Oakview Clinic\n2019 - 2021\nTook vitals and roomed patients\n2018\n"
    assert roles(reader, text)["Took vitals and roomed patients"] == "duty"


def test_a_sidebar_word_above_a_full_job_heading_is_not_taken_for_its_title(reader):
    text = "EXPERIENCE\nEpic\nMedical Assistant, Saguaro Internal Medicine\n2019 - Present\n"
    found = roles(reader, text)
    assert found["Medical Assistant, Saguaro Internal Medicine"] == "job_heading"
    assert found["Epic"] == "duty"


def test_jobs_hold_their_duties_up_to_the_next_job(reader):
    text = "Work History\nCashier, Lakeview Market, 2015 - 2017\n- Stocked shelves\nHost, Blue Door Cafe, 2017 - 2018\n- Seated guests\n"
    structure = reader.read(text)
    assert [(job.first, job.end) for job in structure.jobs] == [(1, 3), (3, 6)]
