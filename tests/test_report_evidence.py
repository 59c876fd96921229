"""Evidence that fits: each evidence line is a window around its match, cut at word boundaries, as
wide as the terminal allows; the match is bold on a colour terminal and between « » in plain text;
a hard-wrapped sentence is quoted whole."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from ma_match.match import Matcher
from ma_match.models import Evidence
from ma_match.render import PLAIN_MARKS, evidence_text, print_report
from ma_match.snippet import ELLIPSIS, window

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# a long duty line whose matched words stand near its end, past 70 characters
LONG_RESUME = """Jordan Pike
EXPERIENCE
Medical Assistant, Red Rock Pediatrics, 2019 - Present
- Greeted families, updated demographics, confirmed allergies, reviewed immunization history, and entered everything into athenahealth before performing venipuncture on anxious toddlers
"""
LONG_POSTING = """Requirements
- Venipuncture required
- athenahealth experience preferred
"""

# a posting hard-wrapped at about 70 columns, in the middle of its sentences
WRAPPED_POSTING = """Medical Assistant

About the role
We need a medical assistant who can work the front desk, answer the
phones and verify insurance for every new patient before the visit, and
who will also room patients and take vital signs in the back office.
"""

WRAPPED_RESUME = """Sam Ortiz
EXPERIENCE
Medical Assistant, Canyon Clinic, 2020 - Present
- Verified insurance eligibility and benefits before every visit
- Took vital signs
"""


@pytest.fixture(scope="module")
def matcher(extractor):
    return Matcher(extractor, today=date(2026, 11, 1))


def plain_console(width: int) -> Console:
    return Console(width=width, no_color=True, color_system=None, record=True, highlight=False)


def colour_console(width: int) -> Console:
    return Console(width=width, color_system="truecolor", force_terminal=True, record=True)


# --- the window -----------------------------------------------------------------------------


def test_a_line_that_fits_is_quoted_whole():
    assert window("Performed venipuncture daily", 10, 22, 40) == (
        "Performed venipuncture daily",
        10,
        22,
    )


@pytest.mark.parametrize("limit", [24, 30, 41, 60])
def test_a_long_line_is_cut_at_word_boundaries_around_the_match(limit):
    line = "Greeted families and confirmed allergies before performing venipuncture on toddlers"
    start = line.index("venipuncture")
    piece = window(line, start, start + len("venipuncture"), limit)
    assert len(piece.text) <= limit
    assert piece.text[piece.start : piece.end] == "venipuncture"
    inner = piece.text.strip(ELLIPSIS)
    assert inner in line, "only whole words are quoted"
    first = line.index(inner)
    assert first == 0 or line[first - 1] == " "
    last = first + len(inner)
    assert last == len(line) or line[last] == " "
    assert piece.text.startswith(ELLIPSIS) == (first > 0)
    assert piece.text.endswith(ELLIPSIS) == (last < len(line))


def test_a_match_at_the_start_gives_the_room_to_what_follows():
    line = "Venipuncture and capillary sticks on adults, children and anxious toddlers every day"
    piece = window(line, 0, 12, 40)
    assert piece.start == 0 and piece.text.startswith("Venipuncture and capillary")
    assert piece.text.endswith(ELLIPSIS) and len(piece.text) <= 40


def test_a_match_longer_than_the_window_keeps_its_beginning():
    line = "x " + "y" * 80
    piece = window(line, 2, 82, 20)
    assert len(piece.text) <= 20 and piece.text[piece.start : piece.end].startswith("yyy")


# --- the table ------------------------------------------------------------------------------


def rendered(report, console: Console) -> str:
    print_report(report, console)
    return console.export_text()


@pytest.mark.parametrize("width", [80, 100, 140])
def test_the_matched_word_past_70_characters_is_shown_at_every_width(matcher, width):
    report = matcher.match(LONG_RESUME, LONG_POSTING)
    text = rendered(report, plain_console(width))
    assert f"{PLAIN_MARKS[0]}venipuncture{PLAIN_MARKS[1]}" in text
    assert f"{PLAIN_MARKS[0]}athenahealth{PLAIN_MARKS[1]}" in text
    assert max(len(line) for line in text.splitlines()) <= width


def test_a_wider_terminal_quotes_more_of_the_line(matcher):
    report = matcher.match(LONG_RESUME, LONG_POSTING)
    narrow = rendered(report, plain_console(80))
    wide = rendered(report, plain_console(140))
    assert "Greeted families" not in narrow  # cut before, with the match kept
    assert "Greeted families" in wide or len(wide) > len(narrow)
    assert f"{ELLIPSIS}" in narrow


@pytest.mark.parametrize("width", [80, 100, 140])
def test_each_evidence_line_keeps_within_its_rows(width):
    line = " ".join(f"word{i}" for i in range(80)) + " venipuncture " + "tail " * 40
    start = line.index("venipuncture")
    evidence = Evidence(line, 0, 0, 1, "venipuncture", start, start + 12)
    console = plain_console(width)
    text = evidence_text(evidence, "✎ ", 40, 2, console, plain=True)
    assert len(text.wrap(console, 40)) <= 2
    assert "«venipuncture»" in text.plain


def test_on_a_colour_terminal_the_match_is_bold_and_unmarked(matcher):
    report = matcher.match(LONG_RESUME, LONG_POSTING)
    console = colour_console(120)
    print_report(report, console)
    styled = console.export_text(styles=True)
    assert "\x1b[1" in styled  # bold
    assert PLAIN_MARKS[0] not in console.export_text()


def test_the_highlight_never_reads_markup_from_the_line(matcher):
    resume = "EXPERIENCE\nMedical Assistant, 2020 - Present\n- [bold red]Performed[/] venipuncture :warning:\n"
    report = matcher.match(resume, LONG_POSTING)
    text = rendered(report, plain_console(120))
    assert "[bold red]Performed[/]" in text and ":warning:" in text


# --- hard wraps -----------------------------------------------------------------------------


def test_a_line_continued_from_a_hard_wrap_is_quoted_with_its_sentence(matcher):
    report = matcher.match(WRAPPED_RESUME, WRAPPED_POSTING)
    by_id = {r.id: r for r in report.requirements}
    insurance = by_id["admin.insurance_verification"].posting_evidence
    assert insurance is not None
    assert insurance.text.startswith("We need a medical assistant who can work the front desk")
    assert "answer the phones and verify insurance for every new patient" in insurance.text
    assert insurance.text.endswith("take vital signs in the back office.")
    assert insurance.text[insurance.match_start : insurance.match_end] == "verify insurance"
    vitals = by_id["clinical.vital_signs"].posting_evidence
    assert vitals is not None and vitals.text.endswith("in the back office.")
    assert "\n" not in vitals.text


def test_list_lines_and_sentences_are_not_joined(extractor):
    posting = "Responsibilities\n- Schedule appointments\n- verify insurance\nTake vital signs.\nand more\n"
    found = extractor.extract(posting, "posting")
    assert found.get("admin.scheduling").evidence[0].text == "Schedule appointments"
    assert found.get("admin.insurance_verification").evidence[0].text == "verify insurance"


def test_evidence_offsets_point_at_the_match_in_the_quoted_text(extractor):
    text = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8")
    for finding in extractor.extract(text, "resume").concepts:
        for ev in finding.evidence:
            assert ev.text[ev.match_start : ev.match_end].lower() == ev.match.lower(), ev


# --- the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("columns", ["80", "100", "140"])
def test_piped_output_follows_columns(columns):
    env = {**os.environ, "MA_MATCH_CACHE_DIR": "", "COLUMNS": columns}
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ma_match",
            str(EXAMPLES / "resume_dual.txt"),
            str(EXAMPLES / "posting_family_medicine.txt"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    widths = [len(line) for line in done.stdout.splitlines()]
    assert max(widths) == int(columns)
    assert "\x1b[" not in done.stdout
    assert "«front office»" in done.stdout  # the hard-wrapped posting sentence, match marked
