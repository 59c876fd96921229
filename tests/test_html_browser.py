"""The HTML report in a real browser: headless Chromium lays the pages out and the tests read
the text it shows, the links it follows and whether anything runs past 1024 px.

One browser serves the whole module. Without Chromium (the Debian package `chromium`, which
.ci/run installs) the module is skipped, saying so."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cdp_browser import Browser, browser, find_chromium
from ma_match.html_report import rank_html, report_html
from ma_match.match import Matcher
from ma_match.rank import RankRow

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found: install the Debian package 'chromium' (as .ci/run does) or set "
    "MA_MATCH_CHROMIUM to a Chromium or Chrome executable",
)

WIDTH = 1024  # the narrowest desktop width the page must fit without scrolling sideways


@pytest.fixture(scope="module")
def page() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with browser(CHROMIUM) as started:
        yield started


@pytest.fixture(scope="module")
def example(extractor, tmp_path_factory) -> Path:
    """The example pair rendered to a file: résumé_dual against the family-medicine posting."""
    resume = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8")
    posting = (EXAMPLES / "posting_family_medicine.txt").read_text(encoding="utf-8")
    report = Matcher(extractor).match(resume, posting)
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(
        report_html(report, "examples/resume_dual.txt", "examples/posting_family_medicine.txt"),
        encoding="utf-8",
    )
    return path


def overflow(page: Browser) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def test_the_report_shows_summary_coverage_and_both_texts(page, example) -> None:
    page.open(example, width=WIDTH)
    text = page.evaluate("document.body.innerText")
    for shown in (
        "Résumé match: 100/100 (strong)",
        "Posting's sides",
        "Coverage",
        "Vital signs",
        "Prior authorizations",
        "✔ met",
        "Both texts",
        "Maria Lopez, CCMA",  # the résumé's first line
        "Medical Assistant - Family Medicine",  # the posting's first line
    ):
        assert shown in text, shown
    assert page.evaluate("document.title") == "Résumé match: 100/100 (strong)"


def test_the_report_fits_1024_pixels_without_scrolling_sideways(page, example) -> None:
    page.open(example, width=WIDTH)
    assert overflow(page) <= 0


def test_the_two_texts_stand_side_by_side(page, example) -> None:
    page.open(example, width=WIDTH)
    boxes = page.evaluate(
        "JSON.stringify([...document.querySelectorAll('article.doc')].map(a => {"
        " const r = a.getBoundingClientRect(); return [r.left, r.top, r.right]; }))"
    )
    (_, posting_top, posting_right), (resume_left, resume_top, _) = json.loads(boxes)
    assert posting_right <= resume_left  # the posting on the left, the résumé beside it
    assert posting_top == resume_top


def test_every_highlighted_phrase_links_to_a_requirement_row(page, example) -> None:
    page.open(example, width=WIDTH)
    found = json.loads(
        page.evaluate(
            "JSON.stringify([...document.querySelectorAll('a.hl')].map(a => {"
            " const row = document.getElementById(a.getAttribute('href').slice(1));"
            " return [a.textContent, row ? row.className : null]; }))"
        )
    )
    assert len(found) > 20
    assert all(row is not None and "req" in row.split() for _, row in found), found
    phrases = {phrase for phrase, _ in found}
    assert {"venipuncture", "prior authorizations", "Epic"} <= phrases


def test_following_a_phrase_outlines_its_requirement(page, example) -> None:
    page.open(example, width=WIDTH)
    target = page.evaluate(
        "document.querySelector('article.resume a.hl.met').getAttribute('href').slice(1)"
    )
    page.evaluate(f"location.hash = {json.dumps(target)}")  # as following the link does
    style = page.evaluate(
        f"getComputedStyle(document.getElementById({json.dumps(target)})).outlineStyle"
    )
    assert style == "solid"  # the :target rule


def test_the_page_prints_within_an_a4_width(page, example) -> None:
    page.open(example, width=794)  # A4 at 96 px per inch, before margins
    page.media("print")
    try:
        assert overflow(page) <= 0
        # printed colours are kept: a highlight still has its background on paper
        adjust = page.evaluate("getComputedStyle(document.querySelector('a.hl')).printColorAdjust")
        assert adjust == "exact"
    finally:
        page.media("screen")


def test_hostile_text_and_names_build_nothing_in_the_browser(page, extractor, tmp_path) -> None:
    attack = (
        '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'
        '<a href="javascript:alert(1)">x</a><style>body{display:none}</style>\u202e\x1b[2J'
    )
    resume = f"Medical Assistant\n- took vital signs {attack}\n- {'w' * 400} venipuncture\n"
    posting = f"Requirements\n- vital signs required {attack}\n- phlebotomy\n"
    report = Matcher(extractor).match(resume, posting)
    path = tmp_path / "hostile.html"
    path.write_text(report_html(report, f"cv{attack}.txt", "p.txt"), encoding="utf-8")
    page.open(path, width=WIDTH)
    built = page.evaluate(
        "document.querySelectorAll('script, img, iframe, object, embed, link, "
        "style:not(head > style), [onerror], [onclick], a[href^=javascript]').length"
    )
    assert built == 0
    assert page.evaluate("document.title").startswith("Résumé match")
    assert "<script>" in page.evaluate("document.body.innerText")  # shown as text
    assert overflow(page) <= 0  # a 400-letter word wraps instead of widening the page


def test_the_ranking_page_keeps_file_names_whole_and_fits(page, tmp_path) -> None:
    name = "applicants/2026 spring/maria_lopez_medical_assistant_resume_final_version.txt"
    rows = [
        RankRow(
            name,
            72,
            "fair",
            False,
            ("Phlebotomy",),
            ("CMA (AAMA)", "BLS (Basic Life Support)"),
            3.5,
            "clinical only",
            ("Epic",),
            ("EKG / ECG",),
        ),
        RankRow("cvs/ana.txt", 40, "weak", True, ("Vital signs", "Scheduling")),
    ]
    path = tmp_path / "rank.html"
    path.write_text(rank_html(rows, 2, "posting.txt"), encoding="utf-8")
    page.open(path, width=WIDTH)
    assert overflow(page) <= 0
    text = page.evaluate("document.body.innerText")
    for shown in ("missing (required): Phlebotomy", "missing (preferred): Epic", "CMA (AAMA)"):
        assert shown in text
    # each piece of the name between separators is laid out on one line: no break inside a word
    whole = page.evaluate(
        "[...document.querySelectorAll('.path')].every(span => [...span.childNodes]"
        ".filter(n => n.nodeType === 3).every(n => n.textContent.split(' ').every((w, i, all) => {"
        " const r = document.createRange(); const start = all.slice(0, i).join(' ').length"
        " + (i ? 1 : 0); r.setStart(n, start); r.setEnd(n, start + w.length);"
        " return r.getClientRects().length <= 1; })))"
    )
    assert whole is True
