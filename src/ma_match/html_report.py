"""The match report and the ranking as one self-contained HTML page each.

A page loads nothing: its CSS is inline, it has no script, and a Content-Security-Policy
meta element (`default-src 'none'; style-src 'unsafe-inline'`) stops anything from being
fetched even if markup slipped through. Links are in-page anchors only: every phrase
highlighted in the two texts links to its requirement's row (`#req-…`), which `:target`
outlines, and each row's evidence links back to the phrase in the text. `@media print`
rules lay it out for paper.

Every string that came from an input, a file name or the taxonomy leaves through
`escape.html` (the four characters that start markup, and quotes, become character
references; controls and bidi controls are shown as visible escapes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import __version__
from .escape import html
from .match import EXPERIENCE_ID, Report, Requirement
from .models import Evidence, Extraction, Mention
from .render import (
    NO_SCORE,
    STATUS_MARK,
    balance_summary,
    requirements_by_category,
    sides_summary,
    todo_line,
    years_shown,
)

if TYPE_CHECKING:  # rank pulls in the reader and multiprocessing; only its row type is needed
    from .rank import RankRow

CSP = "default-src 'none'; style-src 'unsafe-inline'"

_STYLE = """
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 1280px; padding: 16px 20px 40px;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
  color: #1d232a; background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 28px 0 8px; border-bottom: 2px solid #dde3ea; padding-bottom: 4px; }
h3 { font-size: 1rem; margin: 0 0 6px; }
a { color: inherit; }
.files { color: #55606c; margin: 0 0 14px; }
.summary { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 2fr); gap: 16px;
  align-items: start; }
.score { border-radius: 10px; padding: 14px 16px; color: #fff; background: #8a4b08; }
.score.strong { background: #1f7a3d; } .score.fair { background: #9a6a00; }
.score.weak { background: #a1262a; }
.score b { display: block; font-size: 2.4rem; line-height: 1.1; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 0; }
dt { font-weight: 600; color: #3b4651; } dd { margin: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e6eaef; }
thead th { background: #f3f5f8; font-size: 0.85rem; text-transform: uppercase; letter-spacing: .03em; }
th.group { background: #fafbfc; font-size: 0.95rem; padding-top: 12px; }
col.c-req { width: 20%; } col.c-asked { width: 12%; } col.c-status { width: 12%; }
col.c-ev { width: 28%; }
tr:target { outline: 3px solid #2f6fdb; outline-offset: -3px; background: #eef4ff; }
.st { font-weight: 600; white-space: nowrap; }
.st-met { color: #1f7a3d; } .st-partial { color: #9a6a00; } .st-missing { color: #a1262a; }
.alt { color: #55606c; font-size: 0.85rem; }
.ev { font-size: 0.9rem; }
.ev a { text-decoration: none; }
.ev strong { background: #fff1a8; }
.todo li { margin: 4px 0; }
.texts { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
.doc { border: 1px solid #dde3ea; border-radius: 8px; padding: 10px 12px; min-width: 0; }
.doc pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word;
  font: 13px/1.5 ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; tab-size: 4; }
.hl { border-radius: 3px; padding: 0 1px; text-decoration: none; }
.hl.met { background: #c9efd5; } .hl.partial { background: #ffe7a3; }
.hl.missing { background: #ffd0d0; } .hl.asked { background: #d8e6ff; }
.hl.extra { background: #ececec; } .hl.pending { background: #ffe7a3; }
.hl.negated { background: #f3f3f3; text-decoration: line-through; color: #66707a; }
.hl:target { outline: 2px solid #2f6fdb; }
.legend span { margin-right: 12px; white-space: nowrap; }
.rank { table-layout: auto; }
.rank td.n, .rank td.score, .rank td.years { text-align: right; }
.rank td.gapcell { min-width: 16em; }
.path { overflow-wrap: break-word; word-break: normal; }
.gaps { margin: 0; padding-left: 18px; }
.g-req { color: #a1262a; } .g-pref { color: #55606c; } .g-part { color: #9a6a00; }
footer { margin-top: 28px; color: #6b7580; font-size: 0.8rem; }
@page { margin: 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { text-decoration: none; }
  h2 { break-after: avoid; }
  tr, .score, dl { break-inside: avoid; }
  thead { display: table-header-group; }
  .texts-section { break-before: page; }
  .doc pre { font-size: 7.5pt; }
  tr:target, .hl:target { outline: none; }
}
"""


# --- the match report ----------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def requirement_anchors(requirements: Sequence[Requirement]) -> dict[str, str]:
    """Each requirement's anchor id ("req-clinical-phlebotomy"), unique within the page and made
    of [a-z0-9-] only, whatever a `--taxonomy` file names its concepts."""
    anchors: dict[str, str] = {}
    used: set[str] = set()
    for r in requirements:
        anchor = base = "req-" + _slug(r.id)
        n = 2
        while anchor in used:
            anchor, n = f"{base}-{n}", n + 1
        used.add(anchor)
        anchors.setdefault(r.id, anchor)
    return anchors


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted phrase: its offsets in the prepared text, the anchor it links to (or
    None), its CSS class and its tooltip (taxonomy text, escaped when written)."""

    start: int
    end: int
    href: str | None
    css: str
    title: str


def posting_marks(
    posting: Extraction, requirements: Sequence[Requirement], anchors: dict[str, str]
) -> list[Mark]:
    """The posting's phrases that became requirements, each linked to its requirement and
    coloured by its status. Mentions that ask nothing (benefits, EEO text, an offer, a
    negation) are not marked, as they did not count."""
    owner: dict[str, Requirement] = {}
    for r in requirements:
        for cid in (r.id, *r.any_of):
            owner.setdefault(cid, r)
    marks = []
    for m in posting.mentions:
        asked = owner.get(m.concept_id)
        if asked is None or _asks_nothing(m):
            continue
        title = f"{asked.label}: {asked.importance}, {asked.status}"
        marks.append(Mark(m.start, m.end, anchors[asked.id], asked.status, title))
    need = posting.experience_need
    experience = next((r for r in requirements if r.id == EXPERIENCE_ID), None)
    if need is not None and experience is not None and experience.id in anchors:
        # the line that asks for years, marked whole when no phrase of it is marked already
        start, end = _line_span(posting.text, need.line)
        if end > start and not any(start <= k.start < end for k in marks):
            title = f"{experience.label}: {experience.importance}, {experience.status}"
            marks.append(Mark(start, end, anchors[experience.id], experience.status, title))
    return marks


def _line_span(text: str, line: int) -> tuple[int, int]:
    """Offsets of the words of 1-based *line* in *text* (leading bullet and spaces left out)."""
    start = 0
    for _ in range(line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return 0, 0
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    content = text[start:end]
    stripped = content.lstrip(" -\t•*")
    return start + len(content) - len(stripped), start + len(content.rstrip())


def _asks_nothing(m: Mention) -> bool:
    # the same filter extract.summarise applies to a posting's mentions
    return m.section == "ignored" or m.offered or m.status in ("negated", "unclaimed")


def resume_marks(
    resume: Extraction,
    requirements: Sequence[Requirement],
    anchors: dict[str, str],
    labels: dict[str, str],
) -> list[Mark]:
    """The résumé's phrases: those that answer a requirement link to it (coloured by its status),
    the rest are marked as shown but not asked; negated and pending mentions say so and
    credit nothing. Someone else's credential ("supervised by a CMA") is not marked."""
    owner: dict[str, Requirement] = {}
    for r in requirements:  # the concept that decided a status first, then what was asked
        if r.via:
            owner.setdefault(r.via, r)
    for r in requirements:
        for cid in (r.id, *r.any_of):
            owner.setdefault(cid, r)
    marks = []
    for m in resume.mentions:
        label = labels.get(m.concept_id, m.concept_id)
        answered = owner.get(m.concept_id)
        if m.status == "unclaimed":
            continue
        if m.status == "negated":
            marks.append(Mark(m.start, m.end, None, "negated", f"{label}: negated, not counted"))
        elif answered is None:
            marks.append(Mark(m.start, m.end, None, "extra", f"{label}: not asked by the posting"))
        else:
            pending = m.status == "pending"
            css = "pending" if pending else answered.status
            title = f"{answered.label}: {answered.status}" + (" (pending)" if pending else "")
            marks.append(Mark(m.start, m.end, anchors[answered.id], css, title))
    return marks


_BREAKS = re.compile(r"([\n\t])")


def _text(piece: str) -> str:
    """A stretch of an input text as HTML for a <pre>: newlines and tabs kept as they are
    (the only controls a text shown whole needs), everything else through `escape.html`."""
    return "".join(p if p in ("\n", "\t") else html(p) for p in _BREAKS.split(piece) if p)


def highlighted(text: str, marks: Iterable[Mark], prefix: str) -> tuple[str, set[int]]:
    """*text* as HTML with each mark wrapped in a link (or a <mark> when it links nowhere)
    whose id is *prefix* + its start offset, and the starts written. Overlapping marks keep
    the one that starts first (the longer at the same start). One pass over the text."""
    out: list[str] = []
    written: set[int] = set()
    at = 0
    for mark in sorted(marks, key=lambda k: (k.start, -k.end)):
        if mark.start < at or mark.end <= mark.start or mark.end > len(text):
            continue
        out.append(_text(text[at : mark.start]))
        phrase = _text(text[mark.start : mark.end])
        ident = f'id="{prefix}{mark.start}" class="hl {mark.css}" title="{html(mark.title)}"'
        if mark.href:
            out.append(f'<a {ident} href="#{mark.href}">{phrase}</a>')
        else:
            out.append(f"<mark {ident}>{phrase}</mark>")
        written.add(mark.start)
        at = mark.end
    out.append(_text(text[at:]))
    return "".join(out), written


def _evidence_cell(evidence: Evidence | None, prefix: str, written: set[int]) -> str:
    """The evidence line with its matched words in bold, linked to the phrase in the text."""
    if evidence is None:
        return ""
    text = evidence.text
    i = text.find(evidence.match) if evidence.match else -1
    if i >= 0:
        body = (
            html(text[:i])
            + f"<strong>{html(evidence.match)}</strong>"
            + html(text[i + len(evidence.match) :])
        )
    else:
        body = html(text)
    if evidence.end > evidence.start and evidence.start in written:
        return f'<a href="#{prefix}{evidence.start}">{body}</a>'
    return body


def _coverage(
    report: Report,
    anchors: dict[str, str],
    labels: dict[str, str],
    posting_at: set[int],
    resume_at: set[int],
) -> Iterator[str]:
    yield (
        '<table class="coverage"><colgroup><col class="c-req"><col class="c-asked">'
        '<col class="c-status"><col class="c-ev"><col class="c-ev"></colgroup>'
        "<thead><tr><th>Requirement</th><th>Asked</th><th>Status</th>"
        "<th>Posting says</th><th>Résumé shows</th></tr></thead><tbody>"
    )
    for title, rows in requirements_by_category(report):
        yield f'<tr><th class="group" colspan="5">{html(title)}</th></tr>'
        for r in rows:
            alternatives = (
                f'<div class="alt">any of: {html(", ".join(labels.get(a, a) for a in r.any_of))}</div>'
                if r.any_of
                else ""
            )
            via = (
                f'<div class="alt">through {html(labels.get(r.via, r.via))}</div>'
                if r.via and r.via != r.id and r.via not in r.any_of
                else ""
            )
            yield (
                f'<tr id="{anchors[r.id]}" class="req {html(r.status)}">'
                f"<td>{html(r.label)}{alternatives}{via}</td>"
                f"<td>{html(r.importance)}</td>"
                f'<td class="st st-{html(r.status)}">{html(STATUS_MARK.get(r.status, r.status))}</td>'
                f'<td class="ev">{_evidence_cell(r.posting_evidence, "p-", posting_at)}</td>'
                f'<td class="ev">{_evidence_cell(r.resume_evidence, "r-", resume_at)}</td></tr>'
            )
    yield "</tbody></table>"


def _summary(report: Report) -> Iterator[str]:
    creds = (
        ", ".join(
            c.label + ("" if c.status == "present" else f" ({c.status})")
            for c in report.credentials
        )
        or "none found"
    )
    ehrs = ", ".join(c.label for c in report.ehr_platforms if c.status == "present") or "none named"
    exp = report.experience
    asked = (
        f"{exp.required_years:g}+ years {exp.importance or ''}".strip()
        if exp.required_years is not None
        else "not stated"
    )
    stated = f", stated {exp.stated_years:g}" if exp.stated_years else ""
    items = [
        ("Posting's sides", sides_summary(report)),
        ("Résumé balance, whatever the posting", balance_summary(report)),
        ("Credentials", creds),
        ("EHR", ehrs),
        (
            "Experience",
            f"{exp.relevant_years:g} relevant of {exp.resume_years:g} years{stated}; posting: {asked}",
        ),
    ]
    if report.resume_only:
        items.append(("Also shown", ", ".join(c.label for c in report.resume_only)))
    yield '<section class="summary" aria-label="Summary">'
    yield (
        f'<div class="score {_slug(report.band)}"><b>{_score_shown(report)}</b>'
        f"{html(report.band)}</div>"
        + ("" if report.score is not None else f"<p>{html(NO_SCORE)}</p>")
        + "<dl>"
    )
    for term, value in items:
        yield f"<dt>{html(term)}</dt><dd>{html(value)}</dd>"
    yield "</dl></section>"


def _score_shown(report: Report) -> str:
    """ "82/100", or "no score" when the posting names nothing ma-match knows."""
    return "no score" if report.score is None else f"{report.score}/100"


def _page(title: str, body: Iterable[str]) -> str:
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html(title)}</title><style>{_STYLE}</style></head><body>"
    )
    foot = f"<footer>Made offline by ma-match {html(__version__)}; nothing on this page loads from elsewhere.</footer></body></html>\n"
    return head + "".join(body) + foot


def report_html(
    report: Report,
    resume_name: str = "résumé",
    posting_name: str = "posting",
    explain: bool = False,
) -> str:
    """The match report as one self-contained HTML page: the summary, the coverage table, the
    gaps as a to-do list, and both texts side by side with every matched phrase highlighted and
    linked to its requirement. *resume_name* and *posting_name* (file names, untrusted) are
    shown in the header. Needs the report's extractions with their mentions (`Matcher.match`
    and `Matcher.report` keep them)."""
    anchors = requirement_anchors(report.requirements)
    labels = {c.id: c.label for c in (*report.resume.concepts, *report.posting.concepts)}
    posting_body, posting_at = highlighted(
        report.posting.text,
        posting_marks(report.posting, report.requirements, anchors),
        "p-",
    )
    resume_body, resume_at = highlighted(
        report.resume.text,
        resume_marks(report.resume, report.requirements, anchors, labels),
        "r-",
    )
    body: list[str] = [
        f"<header><h1>Résumé match: {_score_shown(report)} ({html(report.band)})</h1>",
        f'<p class="files">Résumé <b>{_file(resume_name)}</b> against posting <b>{_file(posting_name)}</b></p></header>',
        *_summary(report),
        '<section aria-labelledby="h-coverage"><h2 id="h-coverage">Coverage</h2>',
        *_coverage(report, anchors, labels, posting_at, resume_at),
        "</section>",
    ]
    if report.suggestions:
        body.append(
            '<section aria-labelledby="h-todo"><h2 id="h-todo">To do, by the points each adds</h2>'
        )
        body.append('<ol class="todo">')
        for s in report.suggestions:
            anchor = anchors.get(s.requirement_id)
            link = f' <a href="#{anchor}">(requirement)</a>' if anchor else ""
            body.append(f"<li>{html(todo_line(s))}{link}</li>")
        body.append("</ol></section>")
    if explain:
        body.append(
            '<section aria-labelledby="h-explain"><h2 id="h-explain">How the score was computed</h2><ul>'
        )
        body += [f"<li>{html(line)}</li>" for line in report.explanation]
        body.append("</ul></section>")
    body += [
        '<section class="texts-section" aria-labelledby="h-texts"><h2 id="h-texts">Both texts</h2>',
        '<p class="legend"><span class="hl met">met</span><span class="hl partial">partial</span>'
        '<span class="hl missing">missing</span><span class="hl extra">shown, not asked</span>'
        '<span class="hl negated">negated</span> Click a phrase to see its requirement.</p>',
        '<div class="texts">',
        f'<article class="doc posting"><h3>Posting: {_file(posting_name)}</h3><pre>{posting_body}</pre></article>',
        f'<article class="doc resume"><h3>Résumé: {_file(resume_name)}</h3><pre>{resume_body}</pre></article>',
        "</div></section>",
    ]
    return _page(f"Résumé match: {_score_shown(report)} ({report.band})", body)


# --- the ranking -----------------------------------------------------------------------------


def rank_html(rows: Sequence[RankRow], total: int, posting_name: str = "posting") -> str:
    """The ranking as one self-contained HTML page: a row per résumé (score, band, covered
    sides, credentials held, relevant years, file) with every candidate's gaps: required items
    missing, preferred items missing and items only partly met."""
    shown = f"{len(rows)} of {total}" if len(rows) < total else str(total)
    body = [
        f"<header><h1>Ranking: {shown} résumés, best first</h1>",
        f'<p class="files">Against posting <b>{_file(posting_name)}</b></p></header>',
        '<table class="rank"><thead><tr><th>#</th><th>Score</th><th>Band</th>'
        "<th>Sides</th><th>Credentials</th><th>Relevant years</th><th>File</th><th>Gaps</th>"
        "</tr></thead><tbody>",
    ]
    for i, r in enumerate(rows, 1):
        gaps = [
            *(f'<li class="g-req">missing (required): {html(x)}</li>' for x in r.missing_required),
            *(
                f'<li class="g-pref">missing (preferred): {html(x)}</li>'
                for x in r.missing_preferred
            ),
            *(f'<li class="g-part">partly met: {html(x)}</li>' for x in r.partial),
        ]
        sides = r.sides or ("both" if r.both_sides_covered else "no")
        body.append(
            f'<tr id="cand-{i}"><td class="n">{i}</td><td class="score">{r.score}</td>'
            f"<td>{html(r.band)}</td><td>{html(sides)}</td>"
            f"<td>{html(', '.join(r.credentials)) or '-'}</td>"
            f'<td class="years">{years_shown(r.relevant_years)}</td><td>{_file(r.file)}</td>'
            f'<td class="gapcell">{"<ul class=gaps>" + "".join(gaps) + "</ul>" if gaps else "none"}</td></tr>'
        )
    body.append("</tbody></table>")
    return _page(f"Ranking: {shown} résumés", body)


def _file(name: str) -> str:
    """A file name that wraps only after a path separator or at a space: each "/" is followed by
    a <wbr> (a break opportunity) and the span never breaks inside a word (a piece wider than
    the whole page, which no real name is, may still be cut rather than widen the page)."""
    pieces = re.split(r"(?<=[/\\])", name)
    return '<span class="path">' + "<wbr>".join(html(p) for p in pieces) + "</span>"


__all__ = ["CSP", "Mark", "highlighted", "rank_html", "report_html", "requirement_anchors"]
