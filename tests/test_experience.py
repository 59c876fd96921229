"""Years of experience: what a résumé's dates add up to, and what a posting asks for.

Every test fixes "today" so that "Present" means the same month on every run.
"""

from __future__ import annotations

from datetime import date

import pytest

from ma_match.experience import ExperienceReader
from ma_match.match import EXPERIENCE_ID, Matcher

TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def reader(extractor):
    taxonomy = extractor.taxonomy
    return ExperienceReader(
        taxonomy.experience, taxonomy.posting.preferred_cues, taxonomy.posting.required_cues
    )


@pytest.fixture(scope="module")
def matcher(extractor):
    return Matcher(extractor, today=TODAY)


def months(n: int) -> float:
    return n / 12


# --- résumé side: date ranges -------------------------------------------------------------------


def test_numeric_month_range_counts_both_end_months(reader):
    found = reader.found("Medical Assistant, Cactus Family Clinic\n03/2017 - 05/2018\n", TODAY)
    assert found.total_years == pytest.approx(months(15), abs=0.06)  # March 2017 .. May 2018
    assert found.ranges == ("03/2017 - 05/2018",)


def test_open_range_to_present_runs_to_today(reader):
    found = reader.found("Medical Assistant, Cactus Family Clinic\n2019 – Present\n", TODAY)
    # January 2019 to the end of 1 November 2026: 94 months and one day of November
    assert found.total_years == pytest.approx(months(12 * 7 + 10 + 1 / 30), abs=0.06)


def test_present_moves_with_today(reader):
    text = "Medical Assistant, Cactus Family Clinic\n2019 – Present\n"
    assert reader.found(text, date(2022, 12, 31)).total_years == pytest.approx(4.0, abs=0.06)


@pytest.mark.parametrize(
    ("today", "years"),
    [
        (date(2026, 11, 30), 4.9),  # January 2022 through all of November: 59 months
        (date(2026, 12, 1), 4.9),  # one day of December is not the month: 59 months and a day
        (date(2026, 12, 20), 4.9),  # 4.96 years: rounded down, five years are not yet reached
        (date(2026, 12, 31), 5.0),  # all of December: 60 months
    ],
)
def test_present_counts_this_month_only_as_far_as_today(reader, today, years):
    text = "Medical Assistant, Bay Clinic\t\t2022 – Present\n"
    assert reader.found(text, today).total_years == years


def test_bare_year_range_covers_both_whole_years(reader):
    found = reader.found("Medical Assistant, Cactus Family Clinic, 2015-2016\n", TODAY)
    assert found.total_years == pytest.approx(2.0, abs=0.06)


def test_month_name_range_with_to(reader):
    found = reader.found("Medical Assistant, Cactus Family Clinic\nJan 2018 to Mar 2020\n", TODAY)
    assert found.total_years == pytest.approx(months(27), abs=0.06)


def test_overlapping_jobs_are_not_counted_twice(reader):
    text = (
        "Medical Assistant, Cactus Family Clinic\n2018 - 2021\n- Took vitals\n\n\n"
        "Front Desk Coordinator, Mesa Pediatric Practice\n2020 - 2022\n- Scheduled patients\n"
    )
    found = reader.found(text, TODAY)
    # 2018..2022 is five years; adding the jobs up would give seven
    assert found.total_years == pytest.approx(5.0, abs=0.06)
    assert len(found.ranges) == 2


def asked(extractor, posting: str):
    """The years a posting asks for, read by the extractor with the posting's sections and cues."""
    return extractor.extract(posting, "posting").experience_need


def test_only_medical_jobs_count_as_relevant(reader):
    text = (
        "Medical Assistant, Cactus Family Clinic\nJan 2018 to Dec 2018\n\n\n\n\n"
        "Barista, Bean Street Coffee\nJan 2020 to Dec 2020\n"
    )
    found = reader.found(text, TODAY)
    assert found.total_years == pytest.approx(2.0, abs=0.06)
    assert found.relevant_years == pytest.approx(1.0, abs=0.06)


def test_explicit_years_statement_is_read(reader):
    found = reader.found(
        "SUMMARY\nMedical assistant with 8 years of experience in family practice.\n", TODAY
    )
    assert found.stated_years == 8.0
    assert found.ranges == ()


def test_a_graduation_year_alone_is_no_experience(reader):
    found = reader.found("EDUCATION\nHigh School Diploma, Westview High, 2016\n", TODAY)
    assert found.total_years == 0.0
    assert found.stated_years is None


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("06/21 - 08/23", "06/2021 - 08/2023"),
        ("6/21 – Present", "6/2021 – Present"),
        ("11/98 to 2/01", "11/1998 to 2/2001"),
    ],
)
def test_two_digit_years_after_a_month_read_as_the_four_digit_form(reader, short, long):
    found = reader.found(f"Medical Assistant, Cactus Family Clinic\n{short}\n", TODAY)
    assert found.ranges == (short,)
    assert (
        found.total_years
        == reader.found(f"Medical Assistant, Cactus Family Clinic\n{long}\n", TODAY).total_years
        > 0
    )


@pytest.mark.parametrize(
    "line",
    [
        "Seen 1/6/21 - 2/3/21 for a sprain",  # whole dates, not month and year
        "Scored 12/20 - 14/20 on the mock exam",  # no 14th month
        "Mix 1/2 - 3/4 cup",  # fractions
    ],
)
def test_other_slashed_numbers_are_not_two_digit_year_ranges(reader, line):
    assert (
        reader.found(f"Medical Assistant, Cactus Family Clinic\n{line}\n", TODAY).total_years == 0.0
    )


def test_a_phone_number_is_not_a_date_range(reader):
    found = reader.found("Rosa Delgado | 602-555-2019 - 2020 ext | Tempe, AZ\n", TODAY)
    assert found.ranges == ()
    assert found.total_years == 0.0


# --- posting side: the minimum ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "years"),
    [
        ("- 1+ year of medical assistant experience", 1.0),
        ("- 2-3 years experience in an outpatient clinic", 2.0),
        ("- Minimum of six months experience as an MA", 0.5),
        ("- 2 years of front office experience required", 2.0),
        ("- Two or more years of experience as a medical assistant", 2.0),
        ("- Four (4) years of clinical experience", 4.0),
        ("- 3 or more years experience in urgent care", 3.0),
    ],
)
def test_posting_minimum_years(extractor, reader, line, years):
    need = asked(extractor, f"Requirements\n{line}\n")
    assert need is not None, f"no experience minimum read from {line!r}"
    assert need.years == pytest.approx(years, abs=0.01)
    assert need.importance == "required"
    assert need.text == line


def test_one_year_preferred_is_a_preferred_minimum(extractor, reader):
    need = asked(
        extractor, "Qualifications\n- One year of medical assistant experience preferred\n"
    )
    assert need is not None
    assert need.years == 1.0
    assert need.importance == "preferred"


def test_an_age_requirement_is_not_an_experience_minimum(extractor, reader):
    need = asked(
        extractor, "Requirements\n- Must be 18 years old\n- 1 year of clinic experience required\n"
    )
    assert need is not None
    assert need.years == 1.0


def test_posting_without_a_minimum_asks_nothing(extractor, reader):
    assert asked(extractor, "Duties\n- Take vital signs and room patients\n") is None


# --- the experience requirement in a match ------------------------------------------------------


def _experience_requirement(report):
    found = [r for r in report.requirements if r.id == EXPERIENCE_ID]
    assert len(found) == 1, "a posting minimum is exactly one experience requirement"
    return found[0]


def test_enough_years_from_dates_meets_the_minimum(matcher):
    resume = "EXPERIENCE\nMedical Assistant, Cactus Family Clinic\nJan 2018 to Mar 2020\n"
    report = matcher.match(
        resume, "Requirements\n- 2 years of medical assistant experience required\n"
    )
    assert _experience_requirement(report).status == "met"
    assert report.experience.required_years == 2.0
    assert report.experience.relevant_years == pytest.approx(months(27), abs=0.06)


def test_some_but_not_enough_years_is_partial(matcher):
    resume = "EXPERIENCE\nMedical Assistant, Cactus Family Clinic\n03/2017 - 05/2018\n"
    report = matcher.match(
        resume, "Requirements\n- 2 years of medical assistant experience required\n"
    )
    assert _experience_requirement(report).status == "partial"


def test_no_experience_is_missing(matcher):
    report = matcher.match(
        "EDUCATION\nMedical Assistant Certificate, 2026\n",
        "Requirements\n- 2 years of medical assistant experience required\n",
    )
    requirement = _experience_requirement(report)
    assert requirement.status == "missing"
    assert requirement.resume_evidence is None


def test_stated_years_meet_the_minimum_without_dates(matcher):
    report = matcher.match(
        "SUMMARY\nMedical assistant with 8 years of experience in family practice.\n",
        "Requirements\n- 2-3 years of medical assistant experience\n",
    )
    assert _experience_requirement(report).status == "met"
    assert report.experience.stated_years == 8.0


def test_preferred_minimum_keeps_its_importance_in_the_match(matcher):
    report = matcher.match(
        "SUMMARY\nRecent graduate.\n",
        "Qualifications\n- One year of medical assistant experience preferred\n",
    )
    requirement = _experience_requirement(report)
    assert requirement.importance == "preferred"
    assert report.experience.importance == "preferred"


def test_posting_line_is_the_evidence(matcher):
    report = matcher.match("x", "Requirements\n- 1+ year of medical assistant experience\n")
    requirement = _experience_requirement(report)
    assert requirement.posting_evidence is not None
    assert "1+ year" in requirement.posting_evidence.text


# --- résumé side: which dates are work, and which work is relevant --------------------------------

MA_JOBS = (
    "Lead Medical Assistant, Willow Creek Family Medicine, 2021 - Present\n- Room patients, vitals\n"
    "Medical Assistant, Pinecrest Urgent Care, 2019 - 2021\n- Venipuncture\n"
)


@pytest.mark.parametrize(
    "heading",
    [
        "HEALTHCARE EXPERIENCE",
        "Medical Assistant Experience",
        "Relevant Work",
        "Clinical Background",
        "Employment Background",
        "E X P E R I E N C E",
        "Patient Care Experience",
    ],
)
def test_jobs_under_any_work_heading_count_after_a_certifications_section(reader, heading):
    text = f"Ana Ruiz\n\nCERTIFICATIONS\n- CCMA (NHA), 2019\n- BLS, 2020 - 2022\n\n{heading}\n{MA_JOBS}\nSKILLS\nEpic\n"
    found = reader.found(text, TODAY)  # January 2019 to 1 November 2026
    assert found.total_years == pytest.approx(7.8, abs=0.1)
    assert found.relevant_years == pytest.approx(7.8, abs=0.1)


@pytest.mark.parametrize(
    "heading", ["E D U C A T I O N", "Educational Background", "EDUCATION", "Clinical Training"]
)
def test_education_dates_never_count(reader, heading):
    text = (
        f"Ana Ruiz\n\nExperience\nMedical Assistant, Bayview Clinic\t\t2022 – Present\n- Injections\n\n"
        f"{heading}\nMedical Assistant Diploma, Bayview Technical Institute\n2008 – 2010\n"
    )
    # January 2022 to 1 November 2026
    assert reader.found(text, TODAY).total_years == pytest.approx(4.8, abs=0.1)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("May '19 – Current", "Sept. '16 – Apr. '19"),
        ("Summer 2019 – till date", "Fall 2016 – Spring 2019"),
        ("05/19 - Present", "09/2016 - 04/2019"),
        ("May 2019 to date", "September 2016\nto\nApril 2019"),
    ],
)
def test_date_forms_in_a_resume(reader, first, second):
    text = (
        f"Dom Ferro, CMA\n\nExperience\nMedical Assistant | Valley Oak Internal Medicine\n{first}\n- Room patients\n"
        f"Phlebotomist, Coastline Labs\n{second}\n- Venipuncture\n"
    )
    found = reader.found(text, TODAY)
    assert 9.5 <= found.total_years <= 10.6
    assert found.relevant_years == found.total_years


@pytest.mark.parametrize(
    "duty",
    [
        "Collaborated with vendors",
        "Kept shelves labeled",
        "Kept items available",
        "Built a career path program",
        "Elaborated a new display",
        "Led the officers' softball team",
    ],
)
def test_relevance_is_read_on_whole_words(reader, duty):
    text = f"Work Experience\nShift Supervisor, Brightway Grocery\n01/2019 - 10/2025\n- {duty}\n"
    found = reader.found(text, TODAY)
    assert found.total_years > 6
    assert found.relevant_years == 0.0


def test_a_job_is_relevant_by_its_own_lines_not_its_neighbours(reader):
    text = (
        "Work History\nHost, Blue Door Cafe, 2016 - 2018\n- Greeted guests\n"
        "Volunteer, Sunrise Health System gift shop, 2015\n"
    )
    assert reader.found(text, TODAY).relevant_years == 0.0


def test_a_state_abbreviation_is_no_medical_assistant_title(reader):
    text = "Work History\nFront Desk Associate, Prelude Dance Studio, Worcester, MA, 2021 - 2024\n- Class sign-ups\n"
    assert reader.found(text, TODAY).relevant_years == 0.0


# --- posting side: what is and is not a minimum -------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "- Must obtain CCMA within 6 months of employment",
        "- Pay increase after 6 months of work",
        "- Complete BLS within 90 days or 3 months of employment",
        "- Certification required in the first 12 months of employment",
    ],
)
def test_deadlines_and_waiting_times_are_no_minimum(extractor, reader, line):
    need = asked(
        extractor, f"Requirements\n{line}\n- 2 years of medical assistant experience required\n"
    )
    assert need is not None and need.years == 2.0


@pytest.mark.parametrize(
    ("block", "years", "importance"),
    [
        ("Experience:\n- Medical Assistant: 1 year (Required)\n", 1.0, "required"),
        ("Experience:\n- Phlebotomy: 2 years (Preferred)\n", 2.0, "preferred"),
        ("Experience:\n- EMR Systems: 1 year\n", 1.0, "required"),
        ("Qualifications\n- Medical office: 3 years (Required)\n", 3.0, "required"),
    ],
)
def test_labelled_experience_lines(extractor, reader, block, years, importance):
    need = asked(
        extractor,
        f"Medical Assistant\nFull-time\n\n{block}\nLicense/Certification:\n- BLS (Required)\n",
    )
    assert need is not None
    assert (need.years, need.importance) == (years, importance)


def test_a_labelled_number_without_cue_or_experience_heading_is_no_minimum(extractor, reader):
    assert asked(extractor, "Details\n- Probation: 6 months\n- Schedule: 8 hour shift\n") is None


@pytest.mark.parametrize(
    ("line", "years", "importance"),
    [
        ("- 2 years of medical assistant experience required; 4 years preferred", 2.0, "required"),
        ("- 3 years of clinic experience required, 5 years preferred", 3.0, "required"),
        ("- 1 year of MA experience preferred; CMA required", 1.0, "preferred"),
    ],
)
def test_the_smallest_years_asked_with_its_own_importance(
    extractor, reader, line, years, importance
):
    need = asked(extractor, f"Requirements\n{line}\n")
    assert need is not None
    assert (need.years, need.importance) == (years, importance)


def test_a_figure_glued_to_the_word_before_it_is_read(extractor, reader):
    need = asked(
        extractor,
        "Education and Experience:\nPrevious MA experience2 years clinical experience in an office\n",
    )
    assert need is not None and need.years == 2.0


def test_a_number_word_inside_another_word_is_no_number(extractor, reader):
    assert asked(extractor, "Requirements\n- Someone years ahead in experience\n") is None


@pytest.mark.parametrize(
    ("posting", "importance"),
    [
        ("Preferred Qualifications\n- 2 years of medical assistant experience\n", "preferred"),
        ("Requirements\n- 2 years of medical assistant experience\n", "required"),
        (
            "Nice to Have\n- 2 years of clinic experience required\n",
            "required",
        ),  # the line's own cue wins
    ],
)
def test_the_years_asked_take_their_importance_from_the_section_model(
    extractor, posting, importance
):
    need = asked(extractor, posting)
    assert need is not None and (need.years, need.importance) == (2.0, importance)


@pytest.mark.parametrize(
    "posting",
    [
        "About Us\nOur team has 20 years of experience in pediatrics.\n",
        "Benefits\n- A raise after two years of employment\n",
    ],
)
def test_years_in_company_or_benefit_text_ask_nothing(extractor, posting):
    assert asked(extractor, posting) is None
