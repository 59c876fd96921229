"""Whatever arrives, the tool answers: a report, or one clear error (exit 2). Never a crash.

Arbitrary text and bytes go through the same path as the command line (read_document on stdin,
then extraction, rendering and matching), plus a few through the CLI runner itself.
"""

from __future__ import annotations

import io
import json
import re

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.errors import InputError
from ma_match.extract import blank_english, prime_tokenizer
from ma_match.match import Matcher
from ma_match.matcher import WordList
from ma_match.reader import read_document
from ma_match.render import extraction_to_dict, report_json
from ma_match.segment import reading_form
from ma_match.taxonomy import load_taxonomy

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words that wake every component: concept terms, negation and pending triggers, posting headings
# and cues, bullets, line breaks and dates, so random text reaches context and sections too.
MA_WORDS = [
    "phlebotomy",
    "venipuncture",
    "vital signs",
    "EKG",
    "BP",
    "Epic",
    "eClinicalWorks",
    "CMA",
    "CCMA",
    "RMA",
    "BLS",
    "CPR",
    "scheduling",
    "prior authorization",
    "insurance verification",
    "injections",
    "room",
    "no",
    "not",
    "without",
    "willing to learn",
    "expected",
    "in progress",
    "but",
    ";",
    "required",
    "preferred",
    "a plus",
    "Requirements",
    "Preferred Qualifications",
    "Benefits",
    "Responsibilities",
    "EXPERIENCE",
    "EDUCATION",
    "2019",
    "- Present",
    "03/2021",
    "years",
    "of",
    "experience",
    ":",
    "-",
    "•",
    "|",
    ".",
    "\n",
    "\n\n",
    "point-of-care",
    "check-in",
    "ＣＭＡ",
    "é",
    "\u00ad",
    "\u200b",
]
ma_text = st.lists(st.sampled_from(MA_WORDS), max_size=80).map(" ".join)
any_text = st.one_of(st.text(), ma_text)


def read(data: bytes) -> str | None:
    """What the CLI reads from stdin: the text, or None for a (proper) InputError."""
    try:
        return read_document("-", stdin=io.BytesIO(data))
    except InputError as error:
        message = str(error)
        assert message.startswith("stdin: ") and "\n" not in message
        return None


def assert_extracts(extractor, text: str) -> None:  # type: ignore[no-untyped-def]
    for kind in ("resume", "posting"):
        extraction = extractor.extract(text, kind)
        document = json.loads(json.dumps(extraction_to_dict(extraction)))
        assert document["kind"] == kind
        for concept in document["concepts"]:
            for evidence in concept["evidence"]:
                assert 0 <= evidence["start"] < evidence["end"] <= len(extraction.text)


@FAST
@given(text=any_text)
def test_any_text_is_read_and_extracted_or_refused(extractor, text: str) -> None:
    read_text = read(text.encode("utf-8", "surrogatepass"))
    if read_text is not None:
        assert_extracts(extractor, read_text)


@FAST
@given(data=st.binary(max_size=4096))
def test_any_bytes_are_read_and_extracted_or_refused(extractor, data: bytes) -> None:
    read_text = read(data)
    if read_text is not None:
        assert_extracts(extractor, read_text)


@FAST
@given(
    prefix=st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html>"]),
    rest=st.binary(max_size=2048),
)
def test_bytes_that_look_like_a_format_are_read_or_refused(
    extractor, prefix: bytes, rest: bytes
) -> None:
    read_text = read(prefix + rest)
    if read_text is not None:
        assert_extracts(extractor, read_text)


@FAST
@given(resume=ma_text, posting=ma_text)
def test_any_pair_of_texts_gives_a_report(extractor, resume: str, posting: str) -> None:
    if not resume.strip() or not posting.strip():
        return
    report = json.loads(report_json(Matcher(extractor).match(resume, posting)))
    # no score (null, band "unscored") exactly when the posting asks nothing the taxonomy knows
    assert (
        (report["score"] is None) == (report["band"] == "unscored") == (not report["requirements"])
    )
    assert report["score"] is None or 0 <= report["score"] <= 100
    assert isinstance(report["both_sides_covered"], bool)


@pytest.fixture(scope="module")
def runner(extractor) -> CliRunner:  # the session extractor is the one the CLI reuses: built once
    return CliRunner()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=2048), any_text.map(lambda t: t.encode("utf-8", "surrogatepass"))
    )
)
def test_the_command_line_gives_a_report_or_exit_2(runner, data: bytes) -> None:
    result = runner.invoke(app, ["extract", "-", "--as", "resume", "--format", "json"], input=data)
    assert result.exit_code in (0, 2), (result.exit_code, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 0:
        assert json.loads(result.stdout)["kind"] == "resume"
    else:
        assert len(result.stderr.strip().splitlines()) == 1
        assert result.stderr.startswith("ma-match: stdin: ")


def test_a_one_megabyte_resume_is_extracted(extractor) -> None:
    # the design promises a 1 MB text is handled in seconds, not refused by spaCy's max_length
    lines = [
        "- Took vital signs and roomed {n} patients a day in Epic",
        "- Performed venipuncture and EKGs; no experience with Cerner",
        "- Scheduled appointments and verified insurance; CCMA expected 2027",
    ]
    text, n = [], 0
    while sum(map(len, text)) < 1_000_000:
        text.append(lines[n % 3].format(n=n))
        n += 1
    data = "\n".join(text).encode("utf-8")
    assert len(data) >= 1_000_000
    found = {c.id: c.status for c in extractor.extract(read(data), "resume").concepts}
    assert found["clinical.vital_signs"] == "present"
    assert found["ehr.cerner"] == "negated"
    assert found["cert.ccma"] == "pending"


# Whitespace in every form the tokenizer's special cases knew, between words, affixes and the
# English exceptions that still are special cases ("can't", "Dr.", "e.g.").
SPACED_WORDS = [
    "\n",
    "\n\n",
    "\t",
    " ",
    "  ",
    "\r\n",
    "\u00a0",
    "\u2028",
    "Dr.",
    "can't",
    "e.g.",
    "(BLS)",
    "vitals,",
    "U.S.",
    "3:00",
    "a.m.",
    "CMA-",
    "--",
    "'s",
    "x",
    "EKG's",
    ":)",
    "http://a.org",
]
spaced_text = st.lists(st.sampled_from(SPACED_WORDS), max_size=40).map("".join)
_PLAIN = spacy.blank("en")
_CACHING = blank_english()


@FAST
@given(text=st.one_of(spaced_text, st.text()))
def test_the_caching_tokenizer_keeps_every_token(text: str) -> None:
    # one tokenizer for all examples, so later examples are read from its cache
    expected = [(t.text, t.whitespace_, t.norm_) for t in _PLAIN(text)]
    assert [(t.text, t.whitespace_, t.norm_) for t in _CACHING(text)] == expected
    # each word tokenised on its own fills the cache with what the text as a whole would give
    prime_tokenizer(_CACHING.tokenizer, [text + " " + text[::-1]])
    assert [(t.text, t.whitespace_, t.norm_) for t in _CACHING(text)] == expected


_RULE_LISTS = [
    words
    for concept in load_taxonomy().concepts
    for rule in concept.disambiguation
    for words in (rule.reject_near, rule.require_near)
    if words
]
_LIST_WORDS = sorted({w.lower() for words in _RULE_LISTS for w in words})
_GLUE = [" ", "-", "x", "1", ".", " | ", "é"]


@st.composite
def list_and_context(draw: st.DrawFn) -> tuple[tuple[str, ...], str]:
    """A rule's word list and a lower-case text made of its words (also glued to letters or
    digits), other lists' words and odd characters."""
    words = draw(st.sampled_from(_RULE_LISTS))
    piece = st.one_of(
        st.sampled_from(sorted(w.lower() for w in words)),
        st.sampled_from(_LIST_WORDS),
        st.sampled_from(_GLUE),
        st.text(max_size=3),
    )
    return words, "".join(draw(st.lists(piece, max_size=12))).lower()


def _whole_word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({re.escape(w.lower()) for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})(?![a-z0-9])")


@settings(max_examples=300, deadline=None)
@given(case=list_and_context())
def test_a_word_list_finds_whole_words_as_a_regular_expression_would(
    case: tuple[tuple[str, ...], str],
) -> None:
    # the matcher reads text in reading form (no inner hyphens, no accents), and so do its lists
    words, text = case
    text = reading_form(text)
    expected = _whole_word_regex(tuple(reading_form(w) for w in words)).search(text)
    assert WordList(words).found_in(text) == bool(expected)
