"""Shorthand (taxonomy `shorthand:`): one-word shorthand is read as its word inside multi-word
phrases, so every phrase gains it at once; alone, or written in capitals, it is not folded."""

from __future__ import annotations

import pytest

from ma_match.errors import TaxonomyError
from ma_match.taxonomy import parse_taxonomy

FOLDED = [
    ("Educated pts on home glucose monitoring.", "clinical.patient_education"),
    ("Showed pts to exam rooms and prepped them for the provider.", "clinical.rooming"),
    ("Passed meds to 30 residents on the evening shift.", "clinical.medication_administration"),
    ("Scheduled follow-up appts for Pts leaving the clinic.", "admin.scheduling"),
    ("Interviewed pts to obtain their medical hx before the exam.", "clinical.rooming"),
    ("Handled Rx refill requests from pharmacies.", "admin.prescription_refills"),
]


@pytest.mark.parametrize(("text", "concept_id"), FOLDED, ids=[c[0][:40] for c in FOLDED])
def test_shorthand_inside_a_phrase_reads_as_its_word(extractor, text, concept_id):
    found = extractor.extract(text, "resume").get(concept_id)
    assert found is not None and found.status == "present", f"{concept_id} not found in {text!r}"


def test_capitals_are_an_abbreviation_not_shorthand(extractor):
    # "PT" is physical therapy: "educated PT on" is not patient education
    assert (
        extractor.extract("Educated PT on the new scheduling template.", "resume").get(
            "clinical.patient_education"
        )
        is None
    )
    assert (
        extractor.extract("Educated pt on the new inhaler.", "resume").get(
            "clinical.patient_education"
        )
        is not None
    )


MINIMAL = """
version: 1
context: {window: 6, rules: []}
posting: {required_headings: [], preferred_headings: [], duty_headings: [], company_headings: [],
  benefit_headings: [], eeo_headings: [], apply_headings: [], metadata_headings: [], conditions_headings: [],
  required_cues: [], preferred_cues: [], offered_cues: []}
shorthand:
  {entry}
concepts:
  - id: cert.bls
    label: BLS
    group: cert
    side: none
    abbreviations: ["BLS"]
"""


def test_shorthand_table_parses():
    taxonomy = parse_taxonomy(MINIMAL.replace("{entry}", "pts: patients"), "mini.yaml")
    assert taxonomy.shorthand == {"pts": "patients"}


@pytest.mark.parametrize(
    "entry", ["pts: two words", "Pts: patients", "f/u: follow", "pts: [patients]"]
)
def test_shorthand_must_be_one_lower_case_word_each_side(entry):
    with pytest.raises(TaxonomyError) as info:
        parse_taxonomy(MINIMAL.replace("{entry}", entry), "broken.yaml")
    assert "shorthand" in str(info.value) and "broken.yaml:" in str(info.value)


@pytest.mark.parametrize(
    "text",
    ["PT/INR and A1c checks at the point of care.", "Ran pt/inr checks for warfarin patients."],
)
def test_a_phrase_written_with_a_shorthand_word_still_matches_as_written(extractor, text):
    # "pt" in "PT/INR" is prothrombin time: the phrase keeps its written form beside the folded one
    assert extractor.extract(text, "resume").get("clinical.point_of_care_testing") is not None
