"""The command line's promises: output shapes, exit codes, stdin, clear one-line errors, and a
plain table that fits 100 columns when piped.

Click >= 8.2's CliRunner keeps stderr apart (result.stdout / result.stderr).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ma_match import cli
from ma_match.cli import app

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "data" / "taxonomy.yaml"

RESUME = """Rosa Delgado, RMA
Tempe, AZ

CERTIFICATIONS
RMA (AMT), 2022
CPR, American Red Cross

EXPERIENCE
Medical Assistant, Saguaro Internal Medicine, Tempe, AZ        04/2022 - Present
- Took vital signs and roomed patients
- Performed venipuncture and gave flu shots
- Scheduled follow-up appointments and verified insurance eligibility
- Charted visits in eClinicalWorks
"""

POSTING = """Medical Assistant - Internal Medicine

Responsibilities
- Room patients and take vital signs
- Perform venipuncture and EKGs
- Schedule appointments and verify insurance
- Obtain prior authorizations

Requirements
- CMA, RMA, NCMA or CCMA certification required
- BLS certification required
- 1+ year of medical assistant experience

Preferred Qualifications
- Epic experience
"""

REQUIREMENT_KEYS = {
    "id",
    "label",
    "group",
    "importance",
    "status",
    "resume_evidence",
    "posting_evidence",
}


@pytest.fixture
def runner(extractor) -> CliRunner:  # conftest's extractor is the one the CLI uses: built once
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    resume, posting = tmp_path / "resume.txt", tmp_path / "posting.txt"
    resume.write_text(RESUME, encoding="utf-8")
    posting.write_text(POSTING, encoding="utf-8")
    return resume, posting


def match_json(runner: CliRunner, *args: str, input: str | None = None) -> dict:
    result = runner.invoke(app, ["match", *args, "--format", "json"], input=input)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def assert_one_line_error(result) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got {result.stderr!r}"
    assert lines[0].startswith("ma-match: ")
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


# --- match: JSON shape ---------------------------------------------------------------------------


def test_match_json_has_the_documented_shape(runner, files):
    data = match_json(runner, *map(str, files))
    assert {
        "score",
        "band",
        "both_sides_covered",
        "sides",
        "requirements",
        "experience",
        "resume_only",
    } <= set(data)
    assert isinstance(data["score"], int) and 0 <= data["score"] <= 100
    assert data["band"] in {"strong", "fair", "weak"}
    assert isinstance(data["both_sides_covered"], bool)
    assert {"clinical", "administrative"} <= set(data["sides"])
    assert isinstance(data["experience"], dict)
    assert isinstance(data["resume_only"], list)
    assert data["requirements"], "the posting asks for several things"
    for req in data["requirements"]:
        assert set(req) >= REQUIREMENT_KEYS, f"missing keys in {req}"
        assert req["status"] in {"met", "partial", "missing"}
        assert req["importance"] in {"required", "preferred"}
        assert req["posting_evidence"] is None or {"text", "start", "end"} <= set(
            req["posting_evidence"]
        )
        assert req["resume_evidence"] is None or {"text", "start", "end"} <= set(
            req["resume_evidence"]
        )


def test_match_json_lists_credential_alternatives_as_any_of(runner, files):
    data = match_json(runner, *map(str, files))
    creds = [r for r in data["requirements"] if "any_of" in r]
    assert len(creds) == 1
    assert set(creds[0]["any_of"]) == {"cert.cma", "cert.rma", "cert.ncma", "cert.ccma"}
    assert creds[0]["status"] == "met"
    bls = next(r for r in data["requirements"] if r["id"] == "cert.bls")
    assert bls["status"] == "partial"  # CPR only


# --- match: --min-score --------------------------------------------------------------------------


def test_min_score_exits_1_below_and_0_at_or_above(runner, files):
    score = match_json(runner, *map(str, files))["score"]
    assert 0 < score < 100, "the fixture texts should give a score with room on both sides"
    args = ["match", *map(str, files), "--format", "json", "--min-score"]
    below = runner.invoke(app, [*args, str(score + 1)])
    assert below.exit_code == 1, below.output
    assert json.loads(below.stdout)["score"] == score, "the report is still printed"
    assert "below" in below.stderr and str(score + 1) in below.stderr
    at = runner.invoke(app, [*args, str(score)])
    assert at.exit_code == 0, at.output
    above = runner.invoke(app, [*args, str(score - 1)])
    assert above.exit_code == 0, above.output


# --- match: stdin --------------------------------------------------------------------------------


def test_resume_from_stdin_gives_the_same_json_as_the_file(runner, files):
    resume, posting = files
    from_file = match_json(runner, str(resume), str(posting))
    from_stdin = match_json(runner, "-", str(posting), input=RESUME)
    assert from_stdin == from_file


def test_posting_from_stdin_gives_the_same_json_as_the_file(runner, files):
    resume, posting = files
    from_file = match_json(runner, str(resume), str(posting))
    from_stdin = match_json(runner, str(resume), "-", input=POSTING)
    assert from_stdin == from_file


def test_both_from_stdin_is_refused(runner):
    result = runner.invoke(app, ["match", "-", "-"], input=RESUME)
    assert_one_line_error(result)
    assert "stdin" in result.stderr


# --- bad input -----------------------------------------------------------------------------------


def test_missing_file_is_one_line_on_stderr_and_exit_2(runner, files, tmp_path):
    missing = tmp_path / "no_such_resume.txt"
    result = runner.invoke(app, ["match", str(missing), str(files[1])])
    assert_one_line_error(result)
    assert "no_such_resume.txt" in result.stderr


def test_missing_posting_file_is_one_line_on_stderr_and_exit_2(runner, files, tmp_path):
    result = runner.invoke(app, ["match", str(files[0]), str(tmp_path / "gone.txt")])
    assert_one_line_error(result)


def test_extract_missing_file_is_one_line_on_stderr_and_exit_2(runner, tmp_path):
    result = runner.invoke(
        app, ["extract", str(tmp_path / "nothing.txt"), "--as", "resume", "--format", "json"]
    )
    assert_one_line_error(result)


# --- match: table and markdown -------------------------------------------------------------------


def test_markdown_output_has_a_table_header(runner, files):
    result = runner.invoke(app, ["match", *map(str, files), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next((i for i, line in enumerate(lines) if line.startswith("| Requirement")), None)
    assert header is not None, result.stdout
    assert set(lines[header + 1].replace("|", "")) == {"-"}, (
        "a Markdown table needs its separator row"
    )
    assert lines[header].count("|") == lines[header + 1].count("|")


def test_explain_shows_how_the_score_was_computed(runner, files):
    result = runner.invoke(app, ["match", *map(str, files), "--explain"])
    assert result.exit_code == 0, result.output
    assert "How the score was computed" in result.stdout
    assert "score = " in result.stdout


def _assert_plain_and_narrow(text: str) -> None:
    assert "\x1b[" not in text, "no colour codes when output is not a terminal"
    too_long = [line for line in text.splitlines() if len(line) > 100]
    assert not too_long, f"lines wider than 100 columns: {too_long[:3]}"


def test_table_has_no_colour_and_fits_100_columns_when_not_a_terminal(runner, files, monkeypatch):
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)
    result = runner.invoke(app, ["match", *map(str, files)])
    assert result.exit_code == 0, result.output
    assert "Vital signs" in result.stdout
    _assert_plain_and_narrow(result.stdout)


# --- routing: `ma-match RESUME POSTING` is `ma-match match RESUME POSTING` --------------------


def test_resume_and_posting_without_a_command_run_match(files, monkeypatch, capsys, extractor):
    monkeypatch.setattr(sys, "argv", ["ma-match", *map(str, files), "--format", "json"])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code in (0, None)
    data = json.loads(capsys.readouterr().out)
    assert {"score", "band", "requirements"} <= set(data)


def test_options_before_the_files_still_route_to_match(files, monkeypatch, capsys, extractor):
    monkeypatch.setattr(sys, "argv", ["ma-match", "--format", "json", *map(str, files)])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code in (0, None)
    assert "score" in json.loads(capsys.readouterr().out)


def test_python_m_ma_match_runs_match_through_a_real_pipe(files):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS")
    }
    done = subprocess.run(
        [sys.executable, "-m", "ma_match", *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Score" in done.stdout
    _assert_plain_and_narrow(done.stdout)


# --- extract -------------------------------------------------------------------------------------


def test_extract_resume_json_shape(runner, files):
    result = runner.invoke(app, ["extract", str(files[0]), "--as", "resume", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "resume"
    assert data["concepts"]
    for concept in data["concepts"]:
        assert {"id", "label", "group", "status", "evidence"} <= set(concept)
        assert concept["status"] in {"present", "negated", "pending"}
        assert concept["evidence"]
        for ev in concept["evidence"]:
            assert {"text", "start", "end"} <= set(ev)
            assert isinstance(ev["start"], int) and ev["start"] < ev["end"]
    ids = {c["id"] for c in data["concepts"]}
    assert {"clinical.vital_signs", "clinical.phlebotomy", "cert.rma", "ehr.eclinicalworks"} <= ids


def test_extract_evidence_offsets_index_a_clean_text_as_written(runner, tmp_path):
    # a text the reader need not normalise (no runs of spaces, plain bullets): offsets are its own
    text = "SKILLS\n- Took vital signs and drew blood\n- Scheduled appointments in Epic\n"
    path = tmp_path / "clean.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--as", "resume", "--format", "json"])
    assert result.exit_code == 0, result.output
    concepts = json.loads(result.stdout)["concepts"]
    assert concepts
    for concept in concepts:
        for ev in concept["evidence"]:
            assert text[ev["start"] : ev["end"]].lower() in ev["text"].lower(), (concept["id"], ev)


def test_extract_posting_concepts_carry_importance(runner, files):
    result = runner.invoke(app, ["extract", str(files[1]), "--as", "posting", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["kind"] == "posting"
    assert data["concepts"]
    for concept in data["concepts"]:
        assert concept["importance"] in {"required", "preferred"}
    by_id = {c["id"]: c for c in data["concepts"]}
    assert by_id["cert.bls"]["importance"] == "required"
    assert by_id["ehr.epic"]["importance"] == "preferred"


def test_extract_from_stdin(runner):
    result = runner.invoke(
        app, ["extract", "-", "--as", "resume", "--format", "json"], input=RESUME
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "resume"


# --- taxonomy check ------------------------------------------------------------------------------


def test_taxonomy_check_accepts_the_shipped_file(runner):
    result = runner.invoke(app, ["taxonomy", "check"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout


def test_taxonomy_check_names_the_line_of_an_unknown_key(runner, tmp_path):
    lines = TAXONOMY.read_text(encoding="utf-8").split("\n")
    label_line = next(i for i, line in enumerate(lines) if line.strip().startswith("label:"))
    lines[label_line] = lines[label_line].replace("label:", "lable:")
    broken = tmp_path / "broken.yaml"
    broken.write_text("\n".join(lines), encoding="utf-8")
    concept_line = max(i for i in range(label_line) if lines[i].lstrip().startswith("- id:"))
    result = runner.invoke(app, ["taxonomy", "check", str(broken)])
    assert_one_line_error(result)
    # the key's own line would be best; the line of the concept that holds it is acceptable
    named = {f"broken.yaml:{n + 1}:" for n in range(concept_line, label_line + 1)}
    assert any(n in result.stderr for n in named), result.stderr
    assert "lable" in result.stderr


def test_taxonomy_check_names_the_line_of_invalid_yaml(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        'version: 1\nconcepts:\n  - id: clinical.example\n    phrases: ["unclosed\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["taxonomy", "check", str(broken)])
    assert_one_line_error(result)
    assert "broken.yaml:" in result.stderr
    assert any(f"broken.yaml:{n}:" in result.stderr for n in (4, 5)), result.stderr


def test_match_with_a_broken_taxonomy_is_a_clear_error(runner, files, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["match", *map(str, files), "--taxonomy", str(broken)])
    assert_one_line_error(result)
