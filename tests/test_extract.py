"""What the extractor promises: it finds skills however they are spelt, never credits a negated or
pending one as held, reads a posting's sections and cue words for required/preferred, asks
nothing in benefits or EEO text, and points its evidence at the words that matched.

All texts are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ma_match.extract import PRIMING_TEXTS, Extractor, default_extractor

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def concepts(extractor, text: str, kind: str = "resume") -> dict[str, str]:
    """concept id -> status (résumé) or importance (posting)."""
    found = extractor.extract(text, kind)
    return {c.id: (c.status if kind == "resume" else c.importance) for c in found.concepts}


# --- spelling -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "concept_id"),
    [
        ("Skilled in venipucture on adults and children.", "clinical.phlebotomy"),
        ("Two years of phlebotomoy at a plasma center.", "clinical.phlebotomy"),
        ("Charted every visit in eClinical Works.", "ehr.eclinicalworks"),
        ("Trained on HIPPA privacy rules.", "admin.hipaa"),
        ("Gave immunisations at a travel clinic.", "clinical.immunizations"),
        ("Point-of-care testing and CLIA-waived tests.", "clinical.point_of_care_testing"),
        ("Handled check-in and check-out for a busy front desk.", "admin.check_in"),
    ],
)
def test_misspelt_and_hyphenated_terms_are_found(extractor, text, concept_id):
    assert concepts(extractor, text).get(concept_id) == "present"


@pytest.mark.parametrize(
    "text",
    [
        "Named inventor on a kitchen patent; enjoys hiking, baking and reading.",
        "Telephoned the caterer and booked the hall for the reunion.",
        "Volunteer referee for a youth soccer league.",
        "Sang in a choir, coached tennis, and painted murals.",
    ],
)
def test_fuzzy_matching_does_not_invent_skills_from_ordinary_words(extractor, text):
    assert concepts(extractor, text) == {}


def test_fuzzy_matching_does_not_turn_a_job_title_into_a_skill(extractor):
    assert "clinical.care_coordination" not in concepts(
        extractor, "Care Coordinator, Riverside Clinic, 2019-2021"
    )


# --- negation and pending (résumés) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "concept_id"),
    [
        ("No phlebotomy experience yet.", "clinical.phlebotomy"),
        ("Not yet BLS certified.", "cert.bls"),
        ("Willing to learn Epic.", "ehr.epic"),
        ("Have never performed EKGs.", "clinical.ekg"),
    ],
)
def test_negated_skill_is_not_credited(extractor, text, concept_id):
    assert concepts(extractor, text)[concept_id] == "negated"


@pytest.mark.parametrize(
    ("text", "concept_id"),
    [
        ("CCMA exam scheduled March 2027.", "cert.ccma"),
        ("BLS expected.", "cert.bls"),
        ("Eligible for the RMA after graduation.", "cert.rma"),
        ("Eligible to sit for the CMA exam in June.", "cert.cma"),
        ("Currently pursuing a phlebotomy certification.", "cert.phlebotomy"),
    ],
)
def test_credential_in_progress_is_pending(extractor, text, concept_id):
    assert concepts(extractor, text)[concept_id] == "pending"


def test_enrolment_in_an_ma_programme_already_counts(extractor):
    assert (
        concepts(extractor, "Currently enrolled in a medical assisting program.")["edu.ma_program"]
        == "present"
    )


def test_negation_does_not_leak_to_the_next_line(extractor):
    text = "No EKG experience\nPerformed venipuncture on 20 patients a day"
    found = concepts(extractor, text)
    assert found["clinical.ekg"] == "negated"
    assert found["clinical.phlebotomy"] == "present"


def test_negation_stops_at_but(extractor):
    found = concepts(extractor, "No EKG experience, but skilled in venipuncture.")
    assert found["clinical.ekg"] == "negated"
    assert found["clinical.phlebotomy"] == "present"


def test_a_held_mention_outweighs_a_negated_one(extractor):
    text = "Objective: grow beyond phlebotomy.\nNo phlebotomy certification.\nDrew blood daily for two years."
    assert concepts(extractor, text)["clinical.phlebotomy"] == "present"


# --- disambiguation -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "concept_id"),
    [
        ("Clinic manager, Boston, MA 02115", "cert.ma_any"),
        ("Growth figures from the BLS (Bureau of Labor Statistics).", "cert.bls"),
        ("Entered CPT codes and ICD-10 codes for each visit.", "cert.phlebotomy"),
        ("Hiking the coast was an epic journey.", "ehr.epic"),
        ("Follows the dress code and arrives on time.", "admin.coding"),
    ],
)
def test_ambiguous_terms_are_read_in_context(extractor, text, concept_id):
    assert concept_id not in concepts(extractor, text)


def test_cpt_next_to_codes_is_coding_and_next_to_phlebotomy_is_a_credential(extractor):
    assert "admin.coding" in concepts(extractor, "Entered CPT codes for office visits.")
    found = concepts(extractor, "Certified Phlebotomy Technician (CPT) through NHA.")
    assert "cert.phlebotomy" in found and "admin.coding" not in found


# --- postings: sections and cue words -----------------------------------------------------------

POSTING = """Medical Assistant - Lakeside Family Practice

Responsibilities
- Take vital signs and room patients
- Draw blood and give injections

Requirements
- High school diploma or GED
- BLS certification

Preferred Qualifications
- CMA or RMA
- Experience with Epic

Nice to have
- Bilingual in Spanish

Benefits
- Medical, dental and vision insurance
- Tuition reimbursement toward a medical assisting program
- Paid CPR certification

Equal Opportunity Employer
We welcome applicants who are bilingual or who speak Vietnamese, and applicants with disabilities.
"""


@pytest.fixture(scope="module")
def posting(extractor):
    return concepts(extractor, POSTING, "posting")


@pytest.mark.parametrize(
    "concept_id",
    [
        "clinical.vital_signs",
        "clinical.rooming",
        "clinical.phlebotomy",
        "clinical.injections",
        "edu.high_school",
        "cert.bls",
    ],
)
def test_duties_and_requirements_are_required(posting, concept_id):
    assert posting[concept_id] == "required"


@pytest.mark.parametrize("concept_id", ["cert.cma", "cert.rma", "ehr.epic", "general.bilingual"])
def test_preferred_sections_make_preferred(posting, concept_id):
    assert posting[concept_id] == "preferred"


@pytest.mark.parametrize(
    "concept_id", ["cert.cpr", "edu.ma_program", "admin.insurance_verification"]
)
def test_benefits_and_eeo_text_ask_nothing(posting, concept_id):
    assert concept_id not in posting


def test_cue_words_override_the_section(extractor):
    text = "Requirements:\n- Phlebotomy experience preferred\n- EKG experience required\n- Bilingual a plus"
    found = concepts(extractor, text, "posting")
    assert found == {
        "clinical.phlebotomy": "preferred",
        "clinical.ekg": "required",
        "general.bilingual": "preferred",
    }


def test_a_required_cue_overrides_a_preferred_section(extractor):
    text = "Preferred Qualifications\nCMA preferred\nBLS certification is required for all staff"
    found = concepts(extractor, text, "posting")
    assert found["cert.cma"] == "preferred" and found["cert.bls"] == "required"


def test_headings_glued_to_the_text_are_split(extractor):
    text = "QualificationsHigh school diploma requiredPreferred QualificationsCertified Medical Assistant (CMA)"
    found = concepts(extractor, text, "posting")
    assert found == {"edu.high_school": "required", "cert.cma": "preferred"}


def test_word_glued_to_an_acronym_is_split(extractor):
    found = concepts(extractor, "Associate degree requiredCCMA or RMA preferred", "posting")
    assert found["edu.associate_degree"] == "required"
    assert found["cert.ccma"] == "preferred"


def test_employer_offers_are_no_requirement(extractor):
    text = "We provide paid phlebotomy training.\nWe offer tuition reimbursement for an associate degree."
    assert concepts(extractor, text, "posting") == {}


def test_a_company_description_section_asks_nothing(extractor):
    text = (
        "About Us\nOur clinic offers phlebotomy, EKGs and flu shots to the whole valley.\n\n"
        "What You'll Do\n- Check patients in at the front desk"
    )
    assert concepts(extractor, text, "posting") == {"admin.check_in": "required"}


def test_an_unnamed_heading_ends_the_section_before_it(extractor):
    text = (
        "Our Story\n\nWe began as a small clinic offering flu shots.\n\n"
        "Daily Work Includes\n\nAdminister vaccines and injections\n"
    )
    found = concepts(extractor, text, "posting")
    assert found.get("clinical.immunizations") == "required"
    assert found.get("clinical.injections") == "required"


def test_metadata_line_speaks_for_its_own_line_only(extractor):
    text = "location: Springfield\nsalary: $20/hr\n\nDraw blood and take vital signs."
    found = concepts(extractor, text, "posting")
    assert found == {"clinical.phlebotomy": "required", "clinical.vital_signs": "required"}


def test_credential_due_after_hire_is_required_and_pay_raiser_is_preferred(extractor):
    text = "Must obtain CCMA within 6 months of hire.\nBilingual staff earn an additional $1/hour differential."
    found = concepts(extractor, text, "posting")
    assert found == {"cert.ccma": "required", "general.bilingual": "preferred"}


def test_what_a_compensation_section_rewards_is_preferred(extractor):
    text = "Compensation\n\nStarting pay $19/hr; $20/hr with a phlebotomy certificate.\n"
    assert concepts(extractor, text, "posting") == {"cert.phlebotomy": "preferred"}


def test_employee_health_conditions_ask_no_skill(extractor):
    text = "Proof of vaccination against influenza and titers for hepatitis B at hire."
    assert concepts(extractor, text, "posting") == {}


def test_title_stating_a_requirement_counts(extractor):
    assert concepts(extractor, "title: Bilingual Medical Assistant\n", "posting") == {
        "general.bilingual": "required"
    }


def test_a_duty_in_a_summary_sentence_counts_but_general_support_does_not(extractor):
    found = concepts(
        extractor, "The MA assists providers with exams and in-office procedures.", "posting"
    )
    assert found == {"clinical.assist_procedures": "required"}
    assert (
        concepts(extractor, "The MA assists providers to deliver high quality care.", "posting")
        == {}
    )


# --- evidence -----------------------------------------------------------------------------------


def test_evidence_carries_the_line_and_offsets_of_the_match(extractor):
    text = "Summary\nSkilled MA.\n  - Performed venipuncture and capillary sticks daily\n"
    found = extractor.extract(text, "resume")
    evidence = found.get("clinical.phlebotomy").evidence[0]
    assert evidence.text == "Performed venipuncture and capillary sticks daily"
    assert evidence.line == 3
    assert found.text[evidence.start : evidence.end] == evidence.match == "venipuncture"


def test_evidence_offsets_refer_to_the_text_as_written(extractor):
    text = "Ran point-of-care tests and CLIA-waived urinalysis."
    found = extractor.extract(text, "resume")
    for evidence in found.get("clinical.point_of_care_testing").evidence:
        assert found.text[evidence.start : evidence.end] == evidence.match
        assert evidence.match in text


def test_pipe_and_extract_agree(extractor):
    texts = ["Drew blood and took vitals.", "No EKG experience.", "BLS expected."]
    piped = list(extractor.pipe(texts, "resume"))
    assert [p.concepts for p in piped] == [extractor.extract(t, "resume").concepts for t in texts]


def test_pipe_agrees_with_extract_past_the_priming_texts(extractor):
    # the first texts prime the tokenizer's cache, later ones meet a primed cache; a fresh
    # extractor reads each text on its own
    lines = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8").splitlines()
    texts = [
        "\n".join(lines[i % len(lines) :] + lines[: i % len(lines)]) + f"\nCandidate {i}"
        for i in range(PRIMING_TEXTS + 10)
    ]
    piped = list(extractor.pipe(texts, "resume"))
    fresh = Extractor()
    assert [(p.concepts, p.mentions) for p in piped] == [
        (e.concepts, e.mentions) for e in map(lambda t: fresh.extract(t, "resume"), texts)
    ]


def test_a_duty_line_starting_with_a_heading_word_is_no_heading(extractor):
    text = "Duties\nSchedule patient appointments\nVerify insurance eligibility\n\nNice to have\nExperience with Epic\n"
    found = concepts(extractor, text, "posting")
    assert found == {
        "admin.scheduling": "required",
        "admin.insurance_verification": "required",
        "ehr.epic": "preferred",
    }


# --- résumé education sections ---------------------------------------------------------------------


def test_a_title_under_an_education_heading_is_the_programme(extractor):
    text = (
        "Summary\nReliable and caring.\n\nEducation\nSanford Brown Institute\nMedical Assistant\n"
        "City, State\n\nSkills\nTook vital signs\n"
    )
    found = extractor.extract(text, "resume")
    programme = found.get("edu.ma_program")
    assert programme is not None and programme.status == "present"
    assert programme.evidence[0].text == "Medical Assistant" and programme.evidence[0].line == 6


@pytest.mark.parametrize(
    "text",
    [
        "Experience\nMedical Assistant\nValley Family Clinic, 2019 - 2021\n",  # a job
        "Education\nPhoenix College, 2016\n\nCertifications\nMedical Assistant (CCMA), NHA\n",  # a credential
        "Education\nPhoenix College, 2016\nSkills\nMedical assistant duties: vitals, injections\n",  # another section
        "Education\nMedical Assistants Guild, member\n",  # only the whole title
        "Education\nPhoenix College, 2016\nMEDICAL ASSISTANT EXPERIENCE\nMedical Assistant\n",  # a work heading
        "Education\nPhoenix College\nEmployment Background\nMedical Assistant, Valley Clinic\n",
    ],
)
def test_a_title_outside_an_education_section_is_no_programme(extractor, text):
    assert "edu.ma_program" not in concepts(extractor, text)


def test_a_title_in_an_education_section_can_be_in_progress(extractor):
    text = "EDUCATION:\n- Medical Assistant, Pima Medical Institute (expected May 2027)\n"
    assert (
        concepts(extractor, text)["edu.ma_program"] == "present"
    )  # enrolled counts for a programme


def test_a_posting_education_section_asks_rather_than_shows(extractor):
    text = "Education\nMedical Assistant certificate or diploma required\n"
    assert extractor.extract(text, "posting").get("edu.ma_program").importance == "required"


def test_a_long_run_without_spaces_is_read_in_pieces_with_offsets_kept(extractor):
    # spaCy's affix splitting is quadratic in a token's length: no token is let grow that long
    from ma_match.segment import MAX_TOKEN_CHARS, reading_form

    run = "=" * (5 * MAX_TOKEN_CHARS + 7)
    read = reading_form(f"Venipuncture {run} daily")
    assert len(read) == len(f"Venipuncture {run} daily")
    assert max(len(word) for word in read.split()) < MAX_TOKEN_CHARS
    found = extractor.extract(f"Venipuncture {run} daily", "resume")
    evidence = found.get("clinical.phlebotomy").evidence[0]
    assert found.text[evidence.start : evidence.end] == "Venipuncture"


def test_evidence_from_a_very_long_line_is_a_window_around_the_match(extractor):
    from ma_match.extract import EVIDENCE_MAX_CHARS

    line = "filler words here " * 2000 + "performed venipuncture daily " + "and more filler " * 2000
    evidence = extractor.extract(line, "resume").get("clinical.phlebotomy").evidence[0]
    assert "venipuncture" in evidence.text
    assert evidence.text.startswith("…") and evidence.text.endswith("…")
    assert len(evidence.text) <= EVIDENCE_MAX_CHARS


def test_extraction_leaves_the_garbage_collector_as_it_found_it():
    """extract() pauses the cyclic collector while it builds a text's objects: it must be on
    again afterwards, and stay off for a caller that had turned it off."""
    import gc

    from ma_match.extract import collector_paused

    extractor = default_extractor()
    assert gc.isenabled()
    extractor.extract("Phlebotomy, EKGs and vitals.", "resume")
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    gc.disable()
    try:
        extractor.extract("Phlebotomy, EKGs and vitals.", "resume")
        list(extractor.pipe(["Scheduling and EHR."], "resume"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_from_two_threads_restore_the_collector_once_both_end():
    """Two Dask worker threads extracting at once: the one that ends first must not turn the
    collector back on under the other, and the last one must (it was on before either)."""
    import gc

    from ma_match.extract import collector_paused

    assert gc.isenabled()
    first, second = collector_paused(), collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled(), "still paused: the second extraction runs"
    second.__exit__(None, None, None)
    assert gc.isenabled()
