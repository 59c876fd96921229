"""Promises of the HTML report and ranking page, read without a browser: one self-contained
page, every matched phrase linked to its requirement, nothing built from what the résumé,
the posting or a file name says. (tests/test_html_browser.py lays the pages out in Chromium.)"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.html_report import CSP, rank_html, report_html
from ma_match.match import Matcher
from ma_match.rank import RankRow
from test_escape import HOSTILE_PIECES, UNSAFE

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

RESUME = """Ana Ruiz, CMA (AAMA)
EXPERIENCE
Medical Assistant, Lakeside Clinic   2019 - 2024
- Took vital signs and performed venipuncture
- Scheduled appointments in Epic
- No EKG experience
"""
POSTING = """Medical Assistant
Requirements
- Vital signs and phlebotomy
- EKG experience required
- CMA or RMA required
- 2+ years of medical assistant experience
Preferred
- Cerner
Benefits
- Paid phlebotomy training
"""

# the elements and attributes the page is made of; anything else came from an input
TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "b",
    "section", "div", "dl", "dt", "dd", "table", "colgroup", "col", "thead", "tbody", "tr", "th",
    "td", "a", "strong", "mark", "ol", "ul", "li", "article", "pre", "span", "wbr", "footer",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "id", "href", "title",
    "colspan", "aria-label", "aria-labelledby",
}  # fmt: skip


class Page(HTMLParser):
    """The tags, attributes, ids and links of a page, as a browser's tokenizer reads them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.other: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.other.append("comment")

    def handle_pi(self, data: str) -> None:
        self.other.append("pi")

    def unknown_decl(self, data: str) -> None:
        self.other.append(data)

    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}  # type: ignore[misc]

    def links(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and a.get("href")]  # type: ignore[misc]


def assert_builds_nothing(page: str) -> Page:
    """Only the page's own elements and attributes, only in-page links, and one <style> and
    one <title> (so no text became markup)."""
    parsed = Page(page)
    assert not parsed.other
    for tag, attrs in parsed.tags:
        assert tag in TAGS, tag
        assert set(attrs) <= ATTRIBUTES, attrs
    assert [t for t, _ in parsed.tags].count("style") == 1
    assert [t for t, _ in parsed.tags].count("title") == 1
    assert all(link.startswith("#") for link in parsed.links())
    assert not UNSAFE.search(page.replace("\n", "").replace("\t", ""))
    page.encode("utf-8")
    return parsed


def test_the_page_is_self_contained_and_loads_nothing(extractor) -> None:
    page = report_html(Matcher(extractor).match(RESUME, POSTING), "cv.txt", "job.txt")
    parsed = assert_builds_nothing(page)
    assert page.startswith("<!DOCTYPE html>")
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'"
    assert not re.search(r"\b(src|srcset|action|formaction)=", page)
    assert "@media print" in page
    text = "".join(parsed.text)
    assert "cv.txt" in text and "job.txt" in text


def test_every_requirement_has_a_row_and_every_link_lands_on_the_page(extractor) -> None:
    report = Matcher(extractor).match(RESUME, POSTING)
    parsed = Page(report_html(report))
    rows = [a["id"] for t, a in parsed.tags if t == "tr" and "req" in (a.get("class") or "")]
    assert len(rows) == len(report.requirements) == len(set(rows))
    assert all(re.fullmatch(r"req-[a-z0-9-]+", row) for row in rows)
    ids = parsed.ids()
    assert all(link[1:] in ids for link in parsed.links())


def _marks(page: Page, kind: str) -> list[tuple[str, str]]:
    """(class, href) of the highlights in the posting (p-) or the résumé (r-) text."""
    return [
        (a.get("class") or "", a.get("href") or "")
        for t, a in page.tags
        if t in ("a", "mark") and (a.get("id") or "").startswith(kind)
    ]


def test_matched_phrases_are_marked_by_the_status_of_their_requirement(extractor) -> None:
    report = Matcher(extractor).match(RESUME, POSTING)
    parsed = Page(report_html(report))
    status = {r.id: r.status for r in report.requirements}
    assert status["clinical.vital_signs"] == "met" and status["clinical.ekg"] == "missing"
    resume, posting = _marks(parsed, "r-"), _marks(parsed, "p-")
    assert ("hl met", "#req-clinical-vital-signs") in resume
    assert ("hl met", "#req-clinical-vital-signs") in posting
    assert ("hl missing", "#req-clinical-ekg") in posting
    # "No EKG experience" is shown as negated and counts for nothing: it links to no requirement
    assert ("hl negated", "") in resume
    assert ("hl met", "#req-clinical-ekg") not in resume
    # the benefit "paid phlebotomy training" asks nothing: only the requirement's line is marked
    assert posting.count(("hl met", "#req-clinical-phlebotomy")) == 1
    # the line that asks for years links to the experience requirement
    assert any(href == "#req-experience-min-years" for _, href in posting)


def test_each_row_quotes_both_texts_and_links_back_to_the_phrase(extractor) -> None:
    report = Matcher(extractor).match(RESUME, POSTING)
    page = report_html(report)
    row = re.search(r'<tr id="req-clinical-vital-signs".*?</tr>', page, re.S)
    assert row is not None
    vitals = row.group()
    assert "<strong>vital signs</strong>" in vitals.lower()
    assert re.search(r'href="#p-\d+"', vitals) and re.search(r'href="#r-\d+"', vitals)


def test_the_gaps_are_listed_and_linked_to_their_requirements(extractor) -> None:
    report = Matcher(extractor).match(RESUME, POSTING)
    page = report_html(report)
    todo = re.search(r'<ol class="todo">.*?</ol>', page, re.S)
    assert todo is not None and len(report.suggestions) == todo.group().count("<li>")
    assert 'href="#req-clinical-ekg"' in todo.group()


def test_the_command_line_writes_the_page_for_a_file_and_for_stdin(tmp_path) -> None:
    resume = tmp_path / "cv <b>.txt"
    resume.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(app, ["match", str(resume), "-", "--format", "html"], input=POSTING)
    assert result.exit_code == 0, result.output
    parsed = assert_builds_nothing(result.stdout)
    text = "".join(parsed.text)
    assert "cv <b>.txt" in text and "standard input" in text
    explained = CliRunner().invoke(
        app, ["match", str(resume), "-", "-f", "html", "--explain"], input=POSTING
    )
    assert "How the score was computed" in explained.stdout


def test_the_example_pair_shows_every_requirement_met(extractor) -> None:
    resume = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8")
    posting = (EXAMPLES / "posting_family_medicine.txt").read_text(encoding="utf-8")
    report = Matcher(extractor).match(resume, posting)
    parsed = assert_builds_nothing(report_html(report, "resume_dual.txt", "posting.txt"))
    classes = [a.get("class") for t, a in parsed.tags if t == "tr" and a.get("id")]
    assert classes and all(c == "req met" for c in classes)


hostile_line = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=6)), max_size=10
).map("".join)
SOME = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SOME
@given(before=hostile_line, after=hostile_line, name=hostile_line)
def test_hostile_text_and_file_names_never_become_markup(
    extractor, before: str, after: str, name: str
) -> None:
    resume = f"Medical assistant\n- {before} took vital signs {after}\n- {after} venipuncture, CMA {before}\n"
    posting = f"Requirements\n- {after} vital signs required {before}\n- Epic preferred {before}\n"
    report = Matcher(extractor).match(resume, posting)
    page = report_html(report, f"cv{name}.txt", name or "p", explain=True)
    assert_builds_nothing(page)


@SOME
@given(name=hostile_line, label=hostile_line)
def test_hostile_names_and_labels_never_become_markup_in_the_ranking(name: str, label: str) -> None:
    rows = [
        RankRow(f"cvs/{name}.txt", 50, label or "weak", False, (label,), (label,), 2.0, label),
        RankRow("cvs/b.txt", 40, "weak", True, (), (), 0.0, "both", (label,), (label,)),
    ]
    assert_builds_nothing(rank_html(rows, 3, name))


def test_the_ranking_page_lists_every_candidate_with_their_gaps() -> None:
    rows = [
        RankRow(
            "cvs/ana.txt",
            80,
            "strong",
            True,
            (),
            ("CMA (AAMA)",),
            4.0,
            "both",
            ("Cerner",),
            ("BLS (Basic Life Support)",),
        ),
        RankRow("cvs/2026/ben.txt", 30, "weak", False, ("Phlebotomy", "EKG / ECG")),
        RankRow("cvs/cy.txt", 100, "strong", True, ()),
    ]
    page = rank_html(rows, 5)
    parsed = assert_builds_nothing(page)
    text = "".join(parsed.text)
    assert "3 of 5 résumés" in text
    for shown in (
        "missing (preferred): Cerner",
        "partly met: BLS (Basic Life Support)",
        "missing (required): Phlebotomy",
        "missing (required): EKG / ECG",
        "CMA (AAMA)",
    ):
        assert shown in text
    assert page.count('<tr id="cand-') == 3
    # a file name breaks only after a "/": a <wbr> there, none inside a word
    assert '<span class="path">cvs/<wbr>2026/<wbr>ben.txt</span>' in page
