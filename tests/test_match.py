"""The promises of matching a résumé against a posting: requirements through the taxonomy's
relations, partial credit, negation, both skill sides, the score and its bands, and suggestions
that never claim experience the résumé does not show.

The texts are short inventions written for these tests.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ma_match.match import Matcher, Report, Requirement

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TODAY = date(2026, 11, 1)


@pytest.fixture(scope="module")
def matcher(extractor):
    return Matcher(extractor, today=TODAY)


def requirement(report: Report, concept_id: str) -> Requirement:
    """The requirement for a concept, whether it is the head or one of the alternatives."""
    found = [r for r in report.requirements if r.id == concept_id or concept_id in r.any_of]
    ids = [(r.id, r.any_of) for r in report.requirements]
    assert len(found) == 1, f"expected one requirement for {concept_id}, got {ids}"
    return found[0]


# --- credentials: alternatives and relations ----------------------------------------------------


def test_any_of_credential_line_is_one_requirement_that_one_credential_meets(matcher):
    posting = "Requirements\n- CMA, RMA, NCMA or CCMA certification required\n"
    resume = "Dana Whitfield\nCERTIFICATIONS\nRMA (AMT), 2023\n"
    report = matcher.match(resume, posting)
    cert_requirements = [r for r in report.requirements if r.group == "cert"]
    assert len(cert_requirements) == 1, "the line offers alternatives: one requirement, not four"
    (req,) = cert_requirements
    assert set(req.any_of) == {"cert.cma", "cert.rma", "cert.ncma", "cert.ccma"}
    assert req.status == "met"
    assert req.via == "cert.rma"
    assert req.resume_evidence is not None and "RMA" in req.resume_evidence.text
    assert req.posting_evidence is not None and "NCMA" in req.posting_evidence.text


@pytest.mark.parametrize(
    "items",
    [
        "  - Registered Medical Assistant (RMA)\n  - Certified Clinical Medical Assistant (CCMA)\n",
        "* RMA (AMT)\n* CCMA (NHA)\n",
        "1. RMA\n2. CCMA\n",
    ],
)
def test_alternatives_listed_one_a_line_under_a_choice_are_one_requirement(matcher, items):
    posting = f"Requirements\nYou must hold any of the following:\n{items}BLS required\n"
    resume = "Lee Park\nCERTIFICATIONS\nCCMA (NHA), 2022\nBLS (AHA)\n"
    report = matcher.match(resume, posting)
    cert = {r.id: r for r in report.requirements if r.group == "cert"}
    choice = [r for r in cert.values() if r.any_of]
    assert len(choice) == 1, [(r.id, r.any_of) for r in report.requirements]
    assert set(choice[0].any_of) == {"cert.rma", "cert.ccma"}
    assert choice[0].status == "met"
    assert not cert["cert.bls"].any_of  # the line after the list is no item of it


def test_an_item_with_its_own_cue_ends_a_list_of_alternatives(matcher):
    posting = (
        "Requirements\nMust hold one of the following:\n- CMA (AAMA)\n- RMA (AMT)\n"
        "- Current BLS certification required\n"
    )
    report = matcher.match("Jo Reyes\nCERTIFICATIONS\nRMA (AMT), 2022\n", posting)
    assert requirement(report, "cert.bls").any_of == ()
    assert requirement(report, "cert.bls").status == "missing"
    assert set(requirement(report, "cert.rma").any_of) == {"cert.cma", "cert.rma"}


@pytest.mark.parametrize(
    "opener",
    ["You must hold the following:", "Certifications/Licenses:", "Skills and/or training:"],
)
def test_a_list_under_a_line_without_a_choice_stays_items(matcher, opener):
    posting = f"Requirements\n{opener}\n- RMA\n- CCMA\n"
    report = matcher.match("Lee Park\nCERTIFICATIONS\nCCMA (NHA), 2022\n", posting)
    assert all(not r.any_of for r in report.requirements)
    assert requirement(report, "cert.rma").status != "met"


@pytest.mark.parametrize(
    ("asked", "said", "concept_id"),
    [
        (
            "Give injections",
            "- Gave childhood immunizations and IM injections",
            "clinical.injections",
        ),
        ("Epic experience required", "- Charted in Cerner, Epic and NextGen", "ehr.epic"),
        ("BLS required", "- CPR and BLS (AHA) certified", "cert.bls"),
    ],
)
def test_a_requirement_the_resume_names_itself_is_met_by_that_item(
    matcher, asked, said, concept_id
):
    """Where the résumé names what the posting asks, that is the evidence cited, not a related
    item that would meet it too (alphabetical order put "immunizations" before "injections")."""
    report = matcher.match(f"Experience\n{said}\n", f"Requirements\n- {asked}\n")
    req = requirement(report, concept_id)
    assert req.status == "met"
    assert req.via == concept_id


def test_credentials_on_separate_lines_stay_separate_requirements(matcher):
    posting = "Requirements\n- CCMA certification required\n- BLS certification required\n"
    report = matcher.match("CCMA (NHA)\n", posting)
    assert {r.id for r in report.requirements} >= {"cert.ccma", "cert.bls"}
    assert all(not r.any_of for r in report.requirements)


def test_ma_certification_is_met_by_a_ccma(matcher):
    report = matcher.match(
        "Dana Whitfield\nCertified Clinical Medical Assistant (CCMA)\n",
        "Requirements\n- MA certification required\n",
    )
    req = requirement(report, "cert.ma_any")
    assert req.status == "met"
    assert req.via == "cert.ccma"


# --- partial credit ------------------------------------------------------------------------------

BLS_POSTING = "Requirements\n- BLS required\n"


def test_cpr_alone_is_partial_credit_for_bls(matcher):
    report = matcher.match("CERTIFICATIONS\nCPR, American Red Cross\n", BLS_POSTING)
    req = requirement(report, "cert.bls")
    assert req.status == "partial"
    assert req.via == "cert.cpr"
    assert req.resume_evidence is not None and "CPR" in req.resume_evidence.text


def test_cpr_scores_between_bls_and_nothing(matcher):
    with_bls = matcher.match("CERTIFICATIONS\nBLS, American Heart Association\n", BLS_POSTING)
    with_cpr = matcher.match("CERTIFICATIONS\nCPR, American Red Cross\n", BLS_POSTING)
    with_none = matcher.match("CERTIFICATIONS\nFood handler card\n", BLS_POSTING)
    assert requirement(with_bls, "cert.bls").status == "met"
    assert requirement(with_none, "cert.bls").status == "missing"
    assert with_none.score < with_cpr.score < with_bls.score


def test_a_pending_credential_is_partial_credit(matcher):
    report = matcher.match(
        "CERTIFICATIONS\nCCMA exam scheduled June 2027\n", "Requirements\n- CCMA required\n"
    )
    assert report.resume.get("cert.ccma").status == "pending"
    req = requirement(report, "cert.ccma")
    assert req.status == "partial"
    assert "2027" in req.resume_evidence.text


def test_another_ehr_platform_is_partial_credit_for_epic(matcher):
    report = matcher.match(
        "SKILLS\neClinicalWorks, Microsoft Word\n", "Requirements\n- Epic required\n"
    )
    req = requirement(report, "ehr.epic")
    assert req.status == "partial"
    assert req.via == "ehr.eclinicalworks"


def test_the_named_platform_is_full_credit(matcher):
    report = matcher.match("SKILLS\nEpic, Microsoft Word\n", "Requirements\n- Epic required\n")
    assert requirement(report, "ehr.epic").status == "met"


# --- negation and implication ------------------------------------------------------------------


def test_a_negated_skill_is_not_credited(matcher):
    resume = "SKILLS\nVital signs, injections\nNo phlebotomy experience\n"
    posting = "Duties\n- Perform phlebotomy and take vital signs\n"
    report = matcher.match(resume, posting)
    assert report.resume.get("clinical.phlebotomy").status == "negated"
    req = requirement(report, "clinical.phlebotomy")
    assert req.status == "missing"
    assert req.resume_evidence is None
    assert requirement(report, "clinical.vital_signs").status == "met"
    assert all(c.id != "clinical.phlebotomy" for c in report.resume_only)


def test_an_ehr_platform_meets_documenting_in_the_ehr(matcher):
    report = matcher.match(
        "SKILLS\nathenahealth, Microsoft Word\n", "Duties\n- Document patient visits in the EHR\n"
    )
    req = requirement(report, "admin.ehr_documentation")
    assert req.status == "met"
    assert req.via == "ehr.athenahealth"
    assert all(c.id != "ehr.athenahealth" for c in report.resume_only), (
        "a concept that met a requirement is not listed as résumé-only"
    )


def test_a_phlebotomy_credential_meets_phlebotomy(matcher):
    report = matcher.match(
        "CERTIFICATIONS\nCertified Phlebotomy Technician (CPT), NHA\n",
        "Duties\n- Perform venipuncture\n",
    )
    assert requirement(report, "clinical.phlebotomy").status == "met"


def test_items_under_preferred_heading_are_preferred(matcher):
    report = matcher.match("x", "Preferred Qualifications\n- Experience with Epic\n")
    assert requirement(report, "ehr.epic").importance == "preferred", (
        "a line starting 'Experience with ...' under 'Preferred Qualifications' was read as a new "
        "'Experience' (required) heading: sections.py"
    )


# --- both sides ----------------------------------------------------------------------------------


def read_example(name: str) -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def test_dual_resume_covers_both_sides_of_the_family_medicine_posting(matcher):
    report = matcher.match(
        read_example("resume_dual.txt"), read_example("posting_family_medicine.txt")
    )
    assert report.both_sides_covered is True
    assert report.band == "strong"
    assert report.sides["clinical"].covered and report.sides["administrative"].covered
    assert report.resume_balance == "balanced"


def test_clinical_resume_does_not_cover_both_sides_and_gets_admin_suggestions(matcher):
    report = matcher.match(
        read_example("resume_clinical.txt"), read_example("posting_family_medicine.txt")
    )
    assert report.both_sides_covered is False
    assert report.sides["administrative"].covered is False
    assert report.sides["clinical"].covered is True
    missing_admin = {
        r.id for r in report.requirements if r.side == "administrative" and r.status == "missing"
    }
    assert missing_admin, "the posting asks for front-office work the clinical résumé does not show"
    suggested = {s.requirement_id for s in report.suggestions}
    assert missing_admin <= suggested, f"no suggestion for {missing_admin - suggested}"


def test_resume_with_no_admin_skills_is_clinical_only(matcher):
    resume = "SUMMARY\nTook vital signs, performed venipuncture and gave injections.\n"
    report = matcher.match(resume, "Duties\n- Take vital signs\n")
    assert report.sides["administrative"].resume_skills == 0
    assert report.resume_balance == "clinical only"


def test_resume_with_no_clinical_skills_is_administrative_only(matcher):
    resume = "SUMMARY\nScheduled appointments, verified insurance and answered phones.\n"
    report = matcher.match(resume, "Duties\n- Schedule appointments\n")
    assert report.sides["clinical"].resume_skills == 0
    assert report.resume_balance == "administrative only"


# --- score and bands -----------------------------------------------------------------------------

TWO_SIDED_POSTING = (
    "Requirements\n- Perform venipuncture\n- Schedule appointments\n\n"
    "Preferred\n- EKGs preferred\n- Bilingual English/Spanish a plus\n"
)


def test_score_is_between_0_and_100(matcher):
    texts = [
        ("x", TWO_SIDED_POSTING),
        ("SKILLS\nvenipuncture, EKGs, scheduling, bilingual English/Spanish\n", TWO_SIDED_POSTING),
        (read_example("resume_dual.txt"), read_example("posting_front_office.txt")),
    ]
    for resume, posting in texts:
        report = matcher.match(resume, posting)
        assert isinstance(report.score, int)
        assert 0 <= report.score <= 100


def test_a_posting_that_asks_nothing_known_has_no_score(matcher):
    report = matcher.match("SKILLS\nvenipuncture\n", "We are a friendly team.\n")
    assert report.requirements == ()
    assert report.score is None and report.band == "unscored" and not report.scored


def test_missing_a_required_item_costs_more_than_missing_a_preferred_one(matcher):
    lacks_required = matcher.match(
        "SKILLS\nScheduled appointments; performed EKGs; bilingual English/Spanish\n",
        TWO_SIDED_POSTING,
    )
    lacks_preferred = matcher.match(
        "SKILLS\nScheduled appointments; performed venipuncture; bilingual English/Spanish\n",
        TWO_SIDED_POSTING,
    )
    assert requirement(lacks_required, "clinical.phlebotomy").importance == "required"
    assert requirement(lacks_required, "clinical.phlebotomy").status == "missing"
    assert requirement(lacks_preferred, "clinical.ekg").importance == "preferred"
    assert requirement(lacks_preferred, "clinical.ekg").status == "missing"
    assert lacks_required.score < lacks_preferred.score


def test_score_follows_the_taxonomy_weights(matcher, extractor):
    report = matcher.match(
        "SKILLS\nScheduled appointments; performed EKGs; bilingual English/Spanish\n",
        TWO_SIDED_POSTING,
    )
    weights = extractor.taxonomy.scoring["weights"]
    credit = {"met": 1.0, "partial": extractor.taxonomy.scoring["partial_credit"], "missing": 0.0}
    possible = sum(weights[r.importance] for r in report.requirements)
    earned = sum(weights[r.importance] * credit[r.status] for r in report.requirements)
    assert report.score == round(100 * earned / possible)


def test_bands_follow_the_taxonomy(matcher, extractor):
    bands = sorted(extractor.taxonomy.scoring["bands"], key=lambda b: -b["min"])
    resumes = [
        "CERTIFICATIONS\nBLS, American Heart Association\n",
        "CERTIFICATIONS\nCPR, American Red Cross\n",
        "CERTIFICATIONS\nFood handler card\n",
    ]
    seen = set()
    for resume in resumes:
        report = matcher.match(resume, BLS_POSTING)
        expected = next(b["name"] for b in bands if report.score >= b["min"])
        assert report.band == expected, f"score {report.score}"
        seen.add(report.band)
    assert len(seen) == 3, f"the three résumés should land in three bands, got {seen}"


# --- suggestions ---------------------------------------------------------------------------------


def test_suggestions_never_claim_experience(matcher):
    resume = (
        "CERTIFICATIONS\nCPR, American Red Cross\nCCMA exam scheduled June 2027\n"
        "SKILLS\neClinicalWorks\nNo phlebotomy experience\n"
        "EXPERIENCE\nMedical Assistant, Cactus Family Clinic\n03/2025 - 05/2025\n"
    )
    posting = (
        "Requirements\n- CCMA required\n- BLS required\n- Epic required\n- Perform phlebotomy\n"
        "- Verify insurance\n- 2 years of medical assistant experience required\n"
    )
    report = matcher.match(resume, posting)
    gaps = [r for r in report.requirements if r.status != "met"]
    assert {r.status for r in gaps} == {"partial", "missing"}
    for_gaps = [s for s in report.suggestions if s.kind == "gap"]
    assert {s.requirement_id for s in for_gaps} == {r.id for r in gaps}, "one suggestion per gap"
    for s in for_gaps:
        assert "If you" in s.text, f"suggestion should be conditional: {s.text!r}"


def test_no_gap_suggestions_when_everything_is_met(matcher):
    report = matcher.match("CERTIFICATIONS\nBLS, American Heart Association\n", BLS_POSTING)
    assert [s for s in report.suggestions if s.requirement_id] == []
