"""Credit by role: mentions in job headings and references are no claims; header, summary,
skills, credentials, education and duties are."""

from __future__ import annotations

import pytest


def present(extractor, text: str) -> set[str]:
    return {c.id for c in extractor.extract(text, "resume").concepts if c.status == "present"}


def resume(work_lines: list[str], references: list[str] = ()) -> str:
    lines = ["Jamie Fox", "Lowell, MA", "", "Work History", *work_lines]
    if references:
        lines += ["", "References", *references]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("heading", "concept"),
    [
        ("Cashier, BP Gas Station, Auburn, MA, 2018 - 2021", "clinical.vital_signs"),
        ("Pump attendant | BP Station | 2016 - 2018", "clinical.vital_signs"),
        ("Host, Epic Fitness Club, 2016 - 2018", "ehr.epic"),
        ("Barista, Epic Coffee Roasters, Jan 2014 – Dec 2015", "ehr.epic"),
        ("Volunteer, Sunrise Health System gift shop, 2015", "ehr.allscripts"),
        ("Greeter, Cerner Plaza Mall, 2012 - 2013", "ehr.cerner"),
        ("Certified Nursing Assistant, 05/2014 to 02/2015", "cert.cna"),
        ("Registered Medical Assistant, Elm Street Clinic, 2015 - 2017", "cert.rma"),
    ],
)
def test_employers_and_job_titles_name_nothing_held(extractor, heading, concept):
    text = resume([heading, "- Greeted customers and kept the store clean"])
    assert concept not in present(extractor, text)


def test_a_job_title_above_its_dates_names_nothing_held(extractor):
    text = resume(
        [
            "Certified Nursing Assistant, Maple Grove Home",
            "March 2014 – Feb 2016",
            "- Helped residents dress",
        ]
    )
    assert "cert.cna" not in present(extractor, text)


@pytest.mark.parametrize(
    ("reference", "concept"),
    [
        ("Athena Morales, studio owner", "ehr.athenahealth"),
        ("Rick Epic, store manager, 555-0100", "ehr.epic"),
        ("Dana Cerner, former coach", "ehr.cerner"),
    ],
)
def test_references_are_other_people(extractor, reference, concept):
    text = resume(["Cashier, Corner Market, 2018 - 2021"], [reference])
    assert concept not in present(extractor, text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        (
            "Maria Lopez, CCMA\nPhoenix, AZ\n\nExperience\nMedical Assistant, Sun Clinic, 2019 - Present\n",
            "cert.ccma",
        ),
        ("Jo Kim\n\nCERTIFICATIONS\nCertified Nursing Assistant, 2014 - 2016\n", "cert.cna"),
        ("Jo Kim\n\nSummary\nRMA with five years in family practice.\n", "cert.rma"),
        ("Jo Kim\n\nSkills\nEpic, vital signs\n", "ehr.epic"),
        (
            "Jo Kim\n\nEducation\nMedical Assisting Diploma, Bay College, 2014 - 2015\n",
            "edu.ma_program",
        ),
        (
            "Jo Kim\n\nWork History\nMedical Assistant, Lake Clinic, 2019 - 2022\n- Charted visits in Epic\n",
            "ehr.epic",
        ),
        (
            "Jo Kim\n\nExperience\nMedical Assistant Externship, Pine Clinic, 2012\n",
            "edu.externship",
        ),
    ],
)
def test_claims_where_the_candidate_makes_them(extractor, text, concept):
    assert concept in present(extractor, text)
