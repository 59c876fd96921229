"""Every value of the taxonomy is checked at load, section by section, and a bad one is one line
naming the file, the line and the entry, the same through `taxonomy check` and a run (issue 13:
a weight given as a string, empty bands, a bad token pattern or markup in a label raised
ValueError, TypeError, KeyError, StopIteration or MatchPatternError, and `taxonomy check` passed
three of them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.errors import TaxonomyError
from ma_match.extract import Extractor
from ma_match.match import Matcher
from ma_match.taxonomy import parse_taxonomy

# each line a value the cases below replace; line numbers are 1-based
BASE = """\
version: 1
scoring:
  weights: {required: 3.0, preferred: 1.0}
  partial_credit: 0.5
  bands: [{name: strong, min: 75}, {name: weak, min: 0}]
  min_skills_per_side: 2
  resume_only_limit: 8
context:
  window: 6
  rules:
    - {literal: "no", category: negated, window: 2}
posting: {required_headings: [requirements]}
concepts:
  - id: clinical.vital_signs
    label: Vital signs
    group: clinical
    side: clinical
    phrases: ["vital signs", "vitals"]
    disambiguation:
      - {terms: ["vitals"], require_near: ["took"], window: 4}
  - id: clinical.ekg
    label: EKG
    group: clinical
    side: clinical
    patterns:
      - [{LOWER: "ekg"}]
"""

CASES = [
    # scoring
    (
        "weights: {required: 3.0, preferred: 1.0}",
        'weights: "heavy"',
        3,
        "scoring weights: expected a mapping",
    ),
    ("required: 3.0,", 'required: "3",', 3, "required must be a positive number"),
    ("required: 3.0,", "required: [3],", 3, "required must be a positive number"),
    ("required: 3.0,", "required: 0,", 3, "required must be a positive number"),
    ("preferred: 1.0}", "preferred: 1.0, urgent: 5}", 3, "unknown importance 'urgent'"),
    (
        "partial_credit: 0.5",
        'partial_credit: "half"',
        4,
        "partial_credit must be a number from 0 to 1",
    ),
    ("partial_credit: 0.5", "partial_credit: 2", 4, "partial_credit must be a number from 0 to 1"),
    (
        "bands: [{name: strong, min: 75}, {name: weak, min: 0}]",
        "bands: []",
        5,
        "bands must be a non-empty list",
    ),
    (
        "bands: [{name: strong, min: 75}, {name: weak, min: 0}]",
        "bands: strong",
        5,
        "bands must be a non-empty list",
    ),
    ("{name: weak, min: 0}", "{name: weak, min: 10}", 5, "bands need one from min 0"),
    (
        "{name: strong, min: 75}",
        '{name: strong, min: "75"}',
        5,
        "min must be a score from 0 to 100",
    ),
    ("{name: strong, min: 75}", "{name: strong, min: 175}", 5, "min must be a score from 0 to 100"),
    ("{name: strong, min: 75}", "{name: weak, min: 75}", 5, "duplicate band name"),
    ("{name: strong, min: 75}", '{name: "[bold]strong", min: 75}', 5, "name must be plain text"),
    ("{name: strong, min: 75}", "{label: strong, min: 75}", 5, "unknown key 'label'"),
    (
        "min_skills_per_side: 2",
        'min_skills_per_side: "2"',
        6,
        "min_skills_per_side must be a whole number",
    ),
    (
        "resume_only_limit: 8",
        "resume_only_limit: [8]",
        7,
        "resume_only_limit must be a whole number",
    ),
    ("resume_only_limit: 8", "resume_only_limit: 8\n  bonus: 1", 8, "unknown key 'bonus'"),
    ("version: 1", "version: one", 1, "version must be a positive whole number"),
    # context
    ("  window: 6", '  window: "6"', 9, "window must be a positive whole number"),
    ("  window: 6", "  window: [6]", 9, "window must be a positive whole number"),
    (
        "category: negated, window: 2}",
        'category: negated, window: "2"}',
        11,
        "window must be a whole number",
    ),
    # concepts: disambiguation windows
    ("window: 4}", 'window: "4"}', 20, "window must be a positive whole number"),
    ("window: 4}", "window: true}", 20, "window must be a positive whole number"),
    ("window: 4}", "window: [4]}", 20, "window must be a positive whole number"),
    # concepts: labels
    ("label: Vital signs", 'label: "[bold]Vital signs"', 15, "label must be plain text"),
    ("label: Vital signs", 'label: "Vitals [/x]"', 15, "label must be plain text"),
    (
        "label: Vital signs",
        'label: "Vitals [link=https://example.com]x[/link]"',
        15,
        "label must be plain text",
    ),
    ("label: Vital signs", 'label: "<img src=x onerror=alert(1)>"', 15, "label must be plain text"),
    ("label: Vital signs", 'label: "Vitals\\e]0;pwned\\a"', 15, "label must be plain text"),
    ("label: Vital signs", 'label: "Vitals\\u202e"', 15, "label must be plain text"),
    ("label: Vital signs", "label: [Vital, signs]", 15, "label must be a non-empty string"),
    ("label: Vital signs", 'label: ""', 15, "label must be a non-empty string"),
    ("  - id: clinical.vital_signs", "  - id: 5", 14, "id must be a string"),
    # concepts: token patterns
    ('[{LOWER: "ekg"}]', '[{FOO: "ekg"}]', 26, "invalid token pattern"),
    ('[{LOWER: "ekg"}]', '[{LOWER: {REGEX: "("}}]', 26, "invalid token pattern"),
    ('[{LOWER: "ekg"}]', "[{LOWER: 5}]", 26, "invalid token pattern"),
    ('[{LOWER: "ekg"}]', '[{LOWER: "ekg", OP: "x"}]', 26, "invalid token pattern"),
    ('[{LOWER: "ekg"}]', '[{LOWER: {IN: "ekg"}}]', 26, "invalid token pattern"),
]


def edited(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


def test_the_base_is_valid_and_runs() -> None:
    taxonomy = parse_taxonomy(BASE, "base.yaml", use_cache=False)
    report = Matcher(Extractor(taxonomy)).match(
        "Took vitals and an EKG.", "Requirements: vital signs, EKG"
    )
    assert report.score == 100 and report.band == "strong"
    assert taxonomy.scoring == {
        "weights": {"required": 3.0, "preferred": 1.0},
        "partial_credit": 0.5,
        "bands": [{"name": "strong", "min": 75}, {"name": "weak", "min": 0}],
        "min_skills_per_side": 2,
        "resume_only_limit": 8,
    }


def test_a_missing_scoring_section_takes_the_defaults() -> None:
    lines = BASE.split("\n")
    taxonomy = parse_taxonomy("\n".join(lines[:1] + lines[7:]), "noscoring.yaml", use_cache=False)
    assert taxonomy.scoring["weights"] == {"required": 3.0, "preferred": 1.0}
    assert [b["min"] for b in taxonomy.scoring["bands"]] == [75, 50, 0]


def test_weights_given_as_whole_numbers_are_floats() -> None:
    taxonomy = parse_taxonomy(edited("required: 3.0,", "required: 3,"), "w.yaml", use_cache=False)
    assert taxonomy.scoring["weights"]["required"] == 3.0
    assert isinstance(taxonomy.scoring["weights"]["required"], float)


@pytest.mark.parametrize(("old", "new", "line", "problem"), CASES, ids=[c[1][:40] for c in CASES])
def test_a_bad_value_is_named_with_its_file_and_line(
    old: str, new: str, line: int, problem: str
) -> None:
    with pytest.raises(TaxonomyError) as info:
        parse_taxonomy(edited(old, new), "bad.yaml", use_cache=False)
    message = str(info.value)
    assert message.startswith(f"bad.yaml:{line}: "), message
    assert problem in message
    assert "\n" not in message


@pytest.fixture
def runner(extractor) -> CliRunner:  # type: ignore[no-untyped-def]
    return CliRunner()


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"), CASES[::4], ids=[c[1][:40] for c in CASES[::4]]
)
def test_taxonomy_check_and_a_run_give_the_same_one_line(
    runner, tmp_path: Path, old, new, line, problem
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(edited(old, new), encoding="utf-8")
    resume = tmp_path / "resume.txt"
    resume.write_text("Took vitals.", encoding="utf-8")
    lines = []
    for args in (
        ["taxonomy", "check", str(path)],
        ["extract", str(resume), "--as", "resume", "--taxonomy", str(path)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.stderr
        lines.append(result.stderr.strip())
    assert lines[0] == lines[1]
    assert lines[0].startswith(f"ma-match: {path}:{line}: ") and problem in lines[0]
