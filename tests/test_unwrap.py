"""A term a plain text's line break falls inside is read whole (segment.WrapJoiner.unwrap):
paragraphs copied from a narrow column or hard-wrapped by a mail client. A break that opens a
heading, follows a label or a credential line, or follows punctuation stays a break."""

from __future__ import annotations

import pytest

from ma_match.extract import Extractor


def statuses(extractor: Extractor, text: str) -> dict[str, str]:
    return {c.id: c.status for c in extractor.extract(text, "resume").concepts}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Registered Medical\nAssistant (AMT) and Certified\nPhlebotomy Technician", "cert.rma"),
        ("Pediatric MA who holds a current Basic\nLife Support card from the AHA", "cert.bls"),
        ("Charts every visit in Practice\nFusion for the whole team", "ehr.practice_fusion"),
        (
            "Roomed patients for three providers and took vital\nsigns at every visit",
            "clinical.vital_signs",
        ),
        (
            "Verified benefits and handled prior\nauthorizations for imaging",
            "admin.prior_authorization",
        ),
        (
            "Documented visits in the EMR software and provided patient\neducation.",
            "clinical.patient_education",
        ),
        ("CERTIFIED MEDICAL\nASSISTANT (AAMA)", "cert.cma"),
    ],
)
def test_a_term_broken_by_a_soft_wrap_is_found(
    extractor: Extractor, text: str, concept: str
) -> None:
    assert statuses(extractor, text).get(concept) == "present"


@pytest.mark.parametrize(
    "text",
    [
        "Greeted and roomed patients\nEDUCATION\nHigh school diploma",  # a heading in capitals
        "Greeted and roomed patients\nEducation\nHigh school diploma",  # one word, not lower case
        "Maria Lopez, CCMA\nCertified coordinator of volunteer drivers",  # capitals, then a word
        "Filed charts; vital,\nsigns of wear fixed",  # punctuation before the break
        "- Checked patients in\n- Verified insurance\n\nEducation plan",  # a blank line
        "Maria Lopez\nBLS Certified\nMedical Assistant",  # a title line of its own
        "CERTIFICATIONS\nPhlebotomy Certified\nMedical Assistant Diploma, ABC College 2019",  # a list
        "Skill | Years | Certified\nMedical Assistant | 3 years | Yes",  # a table's rows
    ],
)
def test_a_break_that_opens_a_new_line_stays(extractor: Extractor, text: str) -> None:
    prepared = extractor.prepare(text)
    assert prepared.count("\n") == text.count("\n")


def test_unwrapping_keeps_every_offset(extractor: Extractor) -> None:
    text = "Office that documents in Practice\nFusion daily; took vital\nsigns"
    prepared = extractor.prepare(text)
    assert len(prepared) == len(text)
    assert prepared == text.replace("Practice\nFusion", "Practice Fusion").replace(
        "vital\nsigns", "vital signs"
    )


WIDE = "x" * 70  # a line that sets the text's width


def test_a_hard_wrapped_sentence_is_one_clause(extractor: Extractor) -> None:
    text = (
        f"{WIDE}\n"
        "I am a quick learner with a steady hand, but I have no experience at all with\n"
        "phlebotomy or injections so far in my training.\n"
    )
    assert statuses(extractor, text) == {
        "clinical.phlebotomy": "negated",
        "clinical.injections": "negated",
    }


@pytest.mark.parametrize(
    "text",
    [
        f"{WIDE}\nMedical assistant posting copied from a job board with its metadata fields\n"
        "title: Medical Assistant",  # a labelled line
        f"{WIDE}\nRoomed patients, took vital signs and reconciled medications for providers\n"
        "- scheduled follow-up visits",  # a bullet
        f"{WIDE}\nShort line\nfollowed by lower case",  # the line did not fill the width
        f"{WIDE}\nRoomed patients, took vital signs and reconciled medications for providers.\n"
        "then more",  # closing punctuation
    ],
)
def test_lines_that_do_not_wrap_stay_apart(extractor: Extractor, text: str) -> None:
    assert extractor.prepare(text).count("\n") == text.count("\n")


def test_a_paragraph_wrapped_narrower_than_the_longest_line_unwraps(extractor: Extractor) -> None:
    text = (
        "Dana Cole\n"
        "Medical Assistant, Valley Urgent Care, Mesa, AZ, front and back office, 2021 - Present\n"
        "\nSUMMARY\n"
        "Medical assistant with three years in busy urgent care. I have no experience\n"
        "with insurance verification or prior authorizations, but I\n"
        "learn quickly and take direction well from providers.\n"
    )
    assert statuses(extractor, text) == {
        "admin.insurance_verification": "negated",
        "admin.prior_authorization": "negated",
    }
