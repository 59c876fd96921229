"""Honest edge cases and the to-do list: no score when the posting names nothing known; a warning
when the files look swapped; sides and balance that never read as a contradiction; gaps ordered by
the exact points each adds; wording notes that name the posting's own words; a Markdown report
that names both files and keeps "(pending)"."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.doc_kind import KindReader, swap_warnings
from ma_match.match import Matcher
from ma_match.render import (
    balance_summary,
    print_report,
    report_markdown,
    report_to_dict,
    sides_summary,
)

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
RESUME = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8")
POSTING = (EXAMPLES / "posting_family_medicine.txt").read_text(encoding="utf-8")

# short real-world postings that name nothing the taxonomy knows
UNKNOWN_POSTINGS = [
    "Medical Assistant needed for busy OB/GYN office. Must be certified.\n",
    "MA wanted, dermatology practice, Tucson. Call Linda.\n",
    "Hiring now! Friendly medical assistant for our growing team. Apply in person.\n",
]


@pytest.fixture(scope="module")
def matcher(extractor):
    return Matcher(extractor, today=date(2026, 11, 1))


@pytest.fixture
def runner(extractor) -> CliRunner:
    return CliRunner()


def plain(report) -> str:
    console = Console(width=100, no_color=True, color_system=None, record=True)
    print_report(report, console)
    return console.export_text()


# --- no score -------------------------------------------------------------------------------


@pytest.mark.parametrize("posting", UNKNOWN_POSTINGS)
def test_a_posting_naming_nothing_known_is_unscored_and_says_so(matcher, posting):
    report = matcher.match(RESUME, posting)
    assert report.score is None and report.band == "unscored"
    data = report_to_dict(report)
    assert data["score"] is None and data["band"] == "unscored"
    assert json.loads(json.dumps(data))["score"] is None
    text = plain(report)
    assert "No score" in text and "names nothing ma-match knows" in text
    assert "requirement " not in text  # no empty table
    assert "0/100" not in text and "Both sides covered: yes" not in text
    assert "asks for no clinical or administrative skill" in text


def test_unscored_json_exits_0_and_min_score_exits_1(runner, tmp_path):
    resume, posting = tmp_path / "r.txt", tmp_path / "p.txt"
    resume.write_text(RESUME, encoding="utf-8")
    posting.write_text(UNKNOWN_POSTINGS[0], encoding="utf-8")
    result = runner.invoke(app, ["match", str(resume), str(posting), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] is None
    result = runner.invoke(app, ["match", str(resume), str(posting), "--min-score", "10"])
    assert result.exit_code == 1
    assert "no score to compare with --min-score 10" in result.stderr


def test_a_ranking_against_an_unscored_posting_scores_zero_with_band_unscored(matcher):
    resume = matcher.extractor.extract(RESUME, "resume")
    posting = matcher.extractor.extract(UNKNOWN_POSTINGS[0], "posting")
    _, score, band, _ = matcher.assess(resume, posting)
    assert (score, band) == (0, "unscored")


# --- swapped files --------------------------------------------------------------------------


def test_swapped_arguments_are_warned_about_on_stderr(tmp_path):
    resume, posting = tmp_path / "resume.txt", tmp_path / "posting.txt"
    resume.write_text(RESUME, encoding="utf-8")
    posting.write_text(POSTING, encoding="utf-8")
    env = {**os.environ, "MA_MATCH_CACHE_DIR": ""}
    done = subprocess.run(
        [sys.executable, "-m", "ma_match", str(posting), str(resume), "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0
    assert "look swapped" in done.stderr and "ma-match RESUME POSTING" in done.stderr
    assert json.loads(done.stdout)["warnings"]
    right = subprocess.run(
        [sys.executable, "-m", "ma_match", str(resume), str(posting), "-f", "json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert right.stderr == "" and json.loads(right.stdout)["warnings"] == []


@pytest.fixture(scope="module")
def kinds(extractor) -> KindReader:
    return KindReader(extractor.taxonomy)


# invented siblings: postings and résumés written other ways than the examples
POSTING_LIKE = [
    "Clinic Assistant\n\nWhat you'll do\n- Room patients\n\nWhat we offer\n- PTO\n\n"
    "We are an equal opportunity employer.\n",
    "Back Office MA - Urgent Care\nThe ideal candidate is calm under pressure.\nJob type: full-time\n"
    "Salary: $19-$22 per hour\n",
]
RESUME_LIKE = [
    "Kim Tran\nkim.tran@example.com\n\nObjective\nSeeking a position as a medical assistant.\n\n"
    "Work History\nMedical Assistant, Elm Clinic, 2021 - Present\n- Took vitals\n",
    "PAT LEE | (480) 555-0134\nPROFESSIONAL SUMMARY\nMA with 3 years in family practice.\n"
    "EMPLOYMENT HISTORY\nFront Desk, Oak Health, 06/2019 - 08/2022\nMA, Pine Clinic, 09/2022 - Present\n"
    "References available upon request\n",
]


@pytest.mark.parametrize("text", POSTING_LIKE)
def test_a_posting_given_as_the_resume_is_named(kinds, text):
    warnings = swap_warnings(kinds.signals(text), kinds.signals(RESUME_LIKE[0]))
    assert len(warnings) == 1 and "swapped" in warnings[0]
    alone = swap_warnings(kinds.signals(text), kinds.signals(POSTING))
    assert alone and "the résumé reads as a job posting" in alone[0]


@pytest.mark.parametrize("text", RESUME_LIKE)
def test_a_resume_given_as_the_posting_is_named(kinds, text):
    warnings = swap_warnings(kinds.signals(RESUME), kinds.signals(text))
    assert warnings and "the posting reads as a résumé" in warnings[0]


@pytest.mark.parametrize("resume", [RESUME, *RESUME_LIKE])
@pytest.mark.parametrize("posting", [POSTING, *POSTING_LIKE, *UNKNOWN_POSTINGS])
def test_files_in_the_right_order_give_no_warning(kinds, resume, posting):
    assert swap_warnings(kinds.signals(resume), kinds.signals(posting)) == []


def test_rank_says_when_its_posting_names_nothing_known(runner, tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "a.txt").write_text(RESUME, encoding="utf-8")
    (folder / "b.txt").write_text(RESUME_LIKE[1], encoding="utf-8")
    unknown, known = tmp_path / "unknown.txt", tmp_path / "known.txt"
    unknown.write_text(UNKNOWN_POSTINGS[1], encoding="utf-8")
    known.write_text(POSTING, encoding="utf-8")
    result = runner.invoke(app, ["rank", str(unknown), str(folder), "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert "names nothing ma-match knows" in result.stderr
    assert "no résumé has a score" in result.stderr
    result = runner.invoke(app, ["rank", str(known), str(folder), "-f", "csv"])
    assert result.exit_code == 0 and result.stderr == "", result.output


@pytest.mark.parametrize("text", RESUME_LIKE)
def test_rank_says_when_its_posting_reads_as_a_resume(runner, tmp_path, text):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "a.txt").write_text(RESUME, encoding="utf-8")
    swapped = tmp_path / "resume.txt"
    swapped.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["rank", str(swapped), str(folder), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "the posting reads as a résumé" in result.stderr
    assert "ma-match rank POSTING RESUME_OR_DIR" in result.stderr
    assert json.loads(result.stdout)  # the ranking is still given: a warning, not a refusal


@pytest.mark.parametrize("posting", [POSTING, POSTING_LIKE[0]])
def test_rank_gives_no_warning_for_a_posting(runner, tmp_path, posting):
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "a.txt").write_text(RESUME, encoding="utf-8")
    path = tmp_path / "posting.txt"
    path.write_text(posting, encoding="utf-8")
    result = runner.invoke(app, ["rank", str(path), str(folder), "-f", "csv"])
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr


# --- sides and balance ----------------------------------------------------------------------


def test_sides_and_balance_cannot_read_as_a_contradiction(matcher):
    # the posting asks one administrative skill the résumé meets, yet the résumé shows one only
    resume = (
        "EXPERIENCE\nMedical Assistant, 2020 - Present\n- Took vital signs and performed venipuncture\n"
        "- Gave injections and ran EKGs\n- Scheduled appointments\n"
    )
    posting = (
        "Responsibilities\n- Take vital signs\n- Perform venipuncture\n- Schedule appointments\n"
    )
    report = matcher.match(resume, posting)
    assert report.both_sides_covered and report.resume_balance == "clinical only"
    sides, balance = sides_summary(report), balance_summary(report)
    assert "administrative 1/1 met" in sides and sides.endswith("both covered")
    assert balance.startswith("clinical only") and "1 administrative" in balance
    text = plain(report)
    assert "Posting's sides:" in text and "Résumé balance, whatever the posting:" in text
    assert "Both sides covered: yes" not in text


def test_a_side_the_posting_does_not_ask_is_said_to_be_not_asked(matcher):
    report = matcher.match(RESUME, "Responsibilities\n- Take vital signs\n")
    assert "administrative not asked (the résumé shows" in sides_summary(report)


# --- the to-do list -------------------------------------------------------------------------

GAP_POSTING = """Requirements
- BLS certification required
- Perform venipuncture
- Epic experience preferred
- Bilingual English/Spanish preferred
- Verify insurance
"""
GAP_RESUME = """EXPERIENCE
Medical Assistant, 2021 - Present
- Verified insurance
- CPR certified
"""


def test_gaps_are_ordered_by_the_points_each_adds_and_the_points_are_exact(matcher):
    report = matcher.match(GAP_RESUME, GAP_POSTING)
    gaps = [s for s in report.suggestions if s.kind == "gap"]
    gains = [s.gain for s in gaps]
    assert gains == sorted(gains, reverse=True) and gains[0] > gains[-1] > 0
    for s in gaps:  # re-score by hand with the requirement met
        total = sum(r.weight for r in report.requirements)
        earned = sum(
            r.weight * (1.0 if r.id == s.requirement_id else r.credit) for r in report.requirements
        )
        assert s.gain == round(100 * earned / total) - report.score
    by_id = {r.id: r for r in report.requirements}
    assert all(by_id[s.requirement_id].gain == s.gain for s in gaps)
    assert all(r.gain == 0 for r in report.requirements if r.status == "met")


def test_equal_gains_keep_the_posting_order(matcher):
    report = matcher.match(GAP_RESUME, GAP_POSTING)
    gaps = [s for s in report.suggestions if s.kind == "gap"]
    order = [r.id for r in report.requirements]
    for a, b in itertools.pairwise(gaps):
        if a.gain == b.gain:
            assert order.index(a.requirement_id) < order.index(b.requirement_id)


def test_the_table_and_markdown_show_the_points(matcher):
    report = matcher.match(GAP_RESUME, GAP_POSTING)
    first = next(s for s in report.suggestions if s.kind == "gap")
    assert f"+{first.gain}  " in plain(report)
    assert f"\\+{first.gain}" in report_markdown(report)


WORDING_POSTING = """Responsibilities
- Insurance verification
- Maintain HIPAA compliance
- Perform EKGs
- Schedule appointments
"""
WORDING_RESUME = """EXPERIENCE
Medical Assistant, Mesa Clinic, 2020 - Present
- Performed insurace verfication for new patients
- Trained staff on HIPPA rules
- Ran electrocardiograms on adults
- Scheduled appointments
"""


def test_requirements_met_in_other_words_get_a_note_naming_the_posting_words(matcher):
    report = matcher.match(WORDING_RESUME, WORDING_POSTING)
    by_id = {r.id: r for r in report.requirements}
    assert by_id["admin.insurance_verification"].wording == "misspelling"
    assert by_id["admin.hipaa"].wording == "misspelling"
    assert by_id["clinical.ekg"].wording == "abbreviation"
    assert by_id["admin.scheduling"].wording is None  # "Scheduled appointments" uses the words
    notes = {s.requirement_id: s.text for s in report.suggestions if s.kind == "wording"}
    assert set(notes) == {"admin.insurance_verification", "admin.hipaa", "clinical.ekg"}
    assert '"Insurance verification"' in notes["admin.insurance_verification"]
    assert '"insurace verfication"' in notes["admin.insurance_verification"]
    assert '"HIPAA compliance"' in notes["admin.hipaa"] and '"HIPPA"' in notes["admin.hipaa"]
    assert '"EKGs"' in notes["clinical.ekg"]
    kinds = [s.kind for s in report.suggestions]
    assert kinds == sorted(kinds, key=["gap", "wording", "extra"].index), "gaps, notes, extra"


def test_a_wording_note_is_only_given_when_the_resume_lacks_the_posting_words(matcher):
    resume = WORDING_RESUME + "- HIPAA training, 2024\n"
    report = matcher.match(resume, WORDING_POSTING)
    assert {r.id: r for r in report.requirements}["admin.hipaa"].wording is None


def test_wording_fields_are_in_the_json(matcher):
    data = report_to_dict(matcher.match(WORDING_RESUME, WORDING_POSTING))
    item = next(r for r in data["requirements"] if r["id"] == "admin.hipaa")
    assert item["wording"] == "misspelling" and item["posting_words"] == ["HIPAA compliance"]
    assert {"gain", "posting_words", "wording"} <= set(data["requirements"][0])
    assert [t["text"] for t in data["todo"]] == data["suggestions"]
    assert {t["kind"] for t in data["todo"]} <= {"gap", "wording", "extra"}


# --- Markdown -------------------------------------------------------------------------------


def test_markdown_names_both_files_and_keeps_pending(matcher):
    resume = (
        "Ana Ruiz\nCERTIFICATIONS\nCCMA exam scheduled June 2027\nBLS, American Heart Association\n"
    )
    report = matcher.match(resume, "Requirements\n- CCMA required\n- BLS required\n")
    out = report_markdown(report, resume_name="ana_resume.txt", posting_name="-")
    assert "- Résumé: ana\\_resume.txt" in out
    assert "- Posting: standard input" in out
    assert "CCMA (NHA) (pending)" in out.replace("\\(", "(").replace("\\)", ")")


def test_cli_markdown_names_the_files_given(runner, tmp_path):
    resume, posting = tmp_path / "mine.txt", tmp_path / "job.txt"
    resume.write_text(RESUME, encoding="utf-8")
    posting.write_text(POSTING, encoding="utf-8")
    result = runner.invoke(app, ["match", str(resume), str(posting), "-f", "markdown"])
    assert result.exit_code == 0, result.output
    assert "mine.txt" in result.stdout and "job.txt" in result.stdout


def test_no_note_when_the_posting_uses_the_resumes_words_or_wraps_its_keyword(matcher):
    resume = (
        "EXPERIENCE\nMedical Assistant, 2020 - Present\n- Took vitals\n"
        "- BLS for Healthcare Providers, current\n- Answered phones all day\n"
    )
    posting = "Responsibilities\n- Take vitals and room patients\n- Answer phones\n- BLS certification required\n"
    report = matcher.match(resume, posting)
    assert [r.id for r in report.requirements if r.wording] == []
    assert not [s for s in report.suggestions if s.kind == "wording"]
