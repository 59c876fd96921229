"""Posting and résumé wordings by kind (issues 9 and 11, second pass): each case is an invented
sentence of a kind seen in real texts, with siblings, and states what the extractor must find
(and, for postings, the importance) or must not find. Sentences are our own, never corpus text."""

from __future__ import annotations

import pytest

POSTING_FOUND = [
    # a title that states the credential outright
    ("title: Medical Assistant - Certified (Tacoma)", "cert.ma_any", "required"),
    ("Medical Assistant (Certified) - Family Practice", "cert.ma_any", "required"),
    # a misspelt credential wording under a preferred heading
    ("Preferred Qualifications:\nMedical Assistent Certification", "cert.ma_any", "preferred"),
    ("Certified Medical Admin Assistant Cert preferred.", "cert.cmaa", "preferred"),
    ("Medical Administrative Assistant certificate preferred.", "cert.cmaa", "preferred"),
    # phones: callbacks are calls returned to patients
    (
        "Responsibilities:\nComplete patient callbacks and referrals daily",
        "admin.phones",
        "required",
    ),
    # instructions reviewed with patients are patient education
    (
        "Review of basic instructions such as use of crutches with the patient",
        "clinical.patient_education",
        "required",
    ),
    (
        "Explain discharge instructions to patients and families",
        "clinical.patient_education",
        "required",
    ),
    (
        "This role provides clinical, educational, and administrative services to clients.",
        "clinical.patient_education",
        "required",
    ),
    # assisting with procedures named by their set-up
    (
        "You will handle procedure room set up and assistance.",
        "clinical.assist_procedures",
        "required",
    ),
    (
        "Prepare rooms and set up instruments according to protocol",
        "clinical.assist_procedures",
        "required",
    ),
    (
        "Set up sterile surgical trays for minor procedures.",
        "clinical.assist_procedures",
        "required",
    ),
    # rooms prepared for the exam are room turnover
    ("The MA prepares patients and rooms for examination.", "clinical.sterilization", "required"),
    # registration verifies the payer data
    (
        "Performs registration and verification of demographic information and fiscal data.",
        "admin.insurance_verification",
        "required",
    ),
    ("Screen clients, take vitals and prepare exam rooms.", "clinical.rooming", "required"),
]

POSTING_NOT_FOUND = [
    # job-board keyword lists name titles, not requirements
    (
        "Job Keywords: Medical Assistant, Certified Medical Assistant, CMA, RMA, Registered Medical Assistant",
        "cert.cma",
    ),
    (
        "Job Keywords: Medical Assistant, Certified Medical Assistant, CMA, RMA, Registered Medical Assistant",
        "cert.rma",
    ),
    ("Keywords: phlebotomy, EKG, medical assistant, clinic", "clinical.phlebotomy"),
    ("Tags: front desk, receptionist, CMA", "admin.check_in"),
    # an unnamed credential in a metadata field
    ("degrees_required: Other degree or certification required", "cert.ma_any"),
    # the role works beside the front office; greeting then escorting is rooming
    ("Works in conjunction with physicians, front office and clinical staff.", "admin.check_in"),
    ("Collaborates with the front desk and clinical team at daily huddles.", "admin.check_in"),
    (
        "Greets the patient, introduces herself and escorts the patient to the exam room.",
        "admin.check_in",
    ),
    # the employee's own vaccination is a condition of hire
    (
        "Some roles require full COVID-19 vaccination as an essential job function.",
        "clinical.immunizations",
    ),
    (
        "All employees must disclose their flu vaccination status before starting.",
        "clinical.immunizations",
    ),
    # intake data collection is gathering a history, not keying data
    ("Direct experience with clinical intake and patient data collection.", "admin.data_entry"),
    # watched urine collections are no point-of-care test
    ("Perform phlebotomy, monitor UAs, give injections.", "clinical.point_of_care_testing"),
    ("Observe UAs per chain-of-custody policy.", "clinical.point_of_care_testing"),
]

RESUME_FOUND = [
    ("G.E.D., 2009", "edu.high_school"),
    ("Certified CNA/HHA & Medical Assistant", "cert.cma"),
    ("Certified CNA and Medical Assistant", "cert.cma"),
    ("Used computerized applications for scheduling and billing.", "admin.office_software"),
    ("Receptionist", "admin.check_in"),
    (
        "Ongoing educating and training of staff, residents and families on safe transfers.",
        "clinical.patient_education",
    ),
    (
        "Made sure veterans were eligible before authorizing outside care.",
        "admin.insurance_verification",
    ),
    (
        "Ensured members are eligible for the program before booking.",
        "admin.insurance_verification",
    ),
    ("Enforced accurate processing of clinic charge documents.", "admin.billing"),
    ("Coordinated communication between patients and external providers.", "admin.correspondence"),
    ("Registered patients and scheduled visits in IDX.", "ehr.centricity"),
    ("Clinical Medical Administrative Program, 2020 - 2021", "edu.ma_program"),
    ("Skills: Schedule management, vitals, EKG", "admin.scheduling"),
    ("Specimen processing and accessioning for a reference lab.", "clinical.specimen_collection"),
    ("Set up sterile and non-sterile Mayo trays.", "clinical.assist_procedures"),
]

RESUME_NOT_FOUND = [
    ("Follow up with patients about their Medicaid applications.", "clinical.care_coordination"),
    ("Followed up with patients on unpaid balances.", "clinical.care_coordination"),
    (
        "Familiar with practices, standard concepts, and\nprocedures used in hyperbaric systems",
        "clinical.assist_procedures",
    ),
    ("Prepares forms for offender mail; maintains records and files.", "admin.ehr_documentation"),
    ("Managed appointments, phones and filing at a dental office.", "admin.ehr_documentation"),
    ("Screen patients in the emergency room to determine eligibility.", "clinical.rooming"),
    ("Title: medical assistant / receptionist", "admin.check_in"),
    ("In process of earning my Electrocardiogram certification through AMCA", "clinical.ekg"),
]


@pytest.mark.parametrize(
    ("text", "concept_id", "importance"), POSTING_FOUND, ids=[c[0][:50] for c in POSTING_FOUND]
)
def test_posting_wording_is_found(extractor, text, concept_id, importance):
    found = extractor.extract(text, "posting").get(concept_id)
    assert found is not None, f"{concept_id} not found in {text!r}"
    assert found.importance == importance


@pytest.mark.parametrize(
    ("text", "concept_id"), POSTING_NOT_FOUND, ids=[c[0][:50] for c in POSTING_NOT_FOUND]
)
def test_posting_wording_is_not_a_requirement(extractor, text, concept_id):
    found = extractor.extract(text, "posting").get(concept_id)
    assert found is None, (
        f"{concept_id} wrongly found in {text!r} from {[e.match for e in found.evidence]}"
    )


@pytest.mark.parametrize(
    ("text", "concept_id"), RESUME_FOUND, ids=[c[0][:50] for c in RESUME_FOUND]
)
def test_resume_wording_is_found(extractor, text, concept_id):
    found = extractor.extract(text, "resume").get(concept_id)
    assert found is not None and found.status == "present", f"{concept_id} not present in {text!r}"


@pytest.mark.parametrize(
    ("text", "concept_id"), RESUME_NOT_FOUND, ids=[c[0][:50] for c in RESUME_NOT_FOUND]
)
def test_resume_wording_is_not_credited(extractor, text, concept_id):
    found = extractor.extract(text, "resume").get(concept_id)
    assert found is None or found.status != "present", (
        f"{concept_id} wrongly credited in {text!r} from {[e.match for e in found.evidence]}"
    )
