"""Turn Extractions and Reports into a rich table, JSON or Markdown. No logic beyond layout.

Every string that came from an input or a taxonomy leaves through `ma_match.escape`: `terminal`
for tables and panels, `markdown`, `csv_cell` and `to_json`; none is ever read as rich markup."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .escape import csv_cell, markdown, terminal, to_json, visible
from .match import Report, Requirement, Suggestion
from .models import Evidence, Extraction
from .snippet import Snippet, window

if TYPE_CHECKING:  # rank pulls in the reader and multiprocessing; only its row type is needed here
    from .rank import RankRow

STATUS_MARK = {"met": "✔ met", "partial": "◐ partial", "missing": "✘ missing"}
STATUS_STYLE = {"met": "green", "partial": "yellow", "missing": "red"}
CATEGORIES = (
    ("clinical", "Clinical skills"),
    ("admin", "Administrative skills"),
    ("cert", "Credentials"),
    ("ehr", "EHR platforms"),
    ("edu", "Experience and education"),
    ("general", "Other"),
)
EVIDENCE_CHARS = 90


def _quoted(evidence: Evidence, limit: int = EVIDENCE_CHARS) -> str:
    """The evidence line on one line, a window of it around its match when longer than *limit*."""
    piece = window(evidence.text, evidence.match_start, evidence.match_end, limit)
    return " ".join(piece.text.split())


def _evidence_dict(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "text": evidence.text,
        "start": evidence.start,
        "end": evidence.end,
        "line": evidence.line,
        "match": evidence.match,
        "match_start": evidence.match_start,
        "match_end": evidence.match_end,
    }


def requirements_by_category(
    report: Report,
) -> Iterator[tuple[str, list[Requirement]]]:
    """(title, requirements) for each of CATEGORIES the report has requirements in, in that order;
    years of experience go with education. Every report format groups its rows this way."""
    for key, title in CATEGORIES:
        rows = [
            r for r in report.requirements if ("edu" if r.group == "experience" else r.group) == key
        ]
        if rows:
            yield title, rows


# --- extract --------------------------------------------------------------------------------


def extraction_to_dict(extraction: Extraction) -> dict[str, Any]:
    """The JSON of `ma-match extract` (see DESIGN.md)."""
    concepts = []
    for c in extraction.concepts:
        item: dict[str, Any] = {
            "id": c.id,
            "label": c.label,
            "group": c.group,
            "side": c.side,
            "status": c.status,
        }
        if extraction.kind == "posting":
            item["importance"] = c.importance
        item["evidence"] = [_evidence_dict(e) for e in c.evidence]
        concepts.append(item)
    return {"kind": extraction.kind, "concepts": concepts}


def extraction_table(extraction: Extraction) -> Table:
    fourth = "importance" if extraction.kind == "posting" else "status"
    table = Table(
        box=box.SIMPLE_HEAD,
        expand=False,
        title=f"{len(extraction.concepts)} concepts in the {extraction.kind}",
        title_justify="left",
    )
    table.add_column("concept", no_wrap=True)
    table.add_column("group", no_wrap=True)
    table.add_column(fourth, no_wrap=True)
    table.add_column("evidence", overflow="fold")
    for c in extraction.concepts:
        value = c.importance if extraction.kind == "posting" else c.status
        table.add_row(
            terminal(c.label),
            terminal(c.group),
            terminal(value or ""),
            terminal(_quoted(c.evidence[0])) if c.evidence else "",
        )
    return table


# --- match ----------------------------------------------------------------------------------


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON of a match (see DESIGN.md); more keys than the contract are welcome."""
    return {
        "score": report.score,
        "band": report.band,
        "both_sides_covered": report.both_sides_covered,
        "sides": {
            side: {
                "asked": s.asked,
                "met": s.met,
                "partial": s.partial,
                "resume_skills": s.resume_skills,
                "covered": s.covered,
            }
            for side, s in report.sides.items()
        },
        "resume_balance": report.resume_balance,
        "requirements": [
            {
                "id": r.id,
                **({"any_of": list(r.any_of)} if r.any_of else {}),
                "label": r.label,
                "group": r.group,
                "side": r.side,
                "importance": r.importance,
                "status": r.status,
                "via": r.via,
                "resume_evidence": _evidence_dict(r.resume_evidence),
                "posting_evidence": _evidence_dict(r.posting_evidence),
                "gain": r.gain,
                "posting_words": list(r.posting_words),
                "wording": r.wording,
            }
            for r in report.requirements
        ],
        "experience": {
            "required_years": report.experience.required_years,
            "importance": report.experience.importance,
            "resume_years": report.experience.resume_years,
            "relevant_years": report.experience.relevant_years,
            "stated_years": report.experience.stated_years,
            "posting_line": report.experience.posting_line,
        },
        "resume_only": [
            {
                "id": c.id,
                "label": c.label,
                "group": c.group,
                "evidence": _evidence_dict(c.evidence[0]) if c.evidence else None,
            }
            for c in report.resume_only
        ],
        "credentials": [
            {"id": c.id, "label": c.label, "status": c.status} for c in report.credentials
        ],
        "ehr_platforms": [
            {"id": c.id, "label": c.label, "status": c.status} for c in report.ehr_platforms
        ],
        "suggestions": [s.text for s in report.suggestions],
        "todo": [
            {
                "kind": s.kind,
                "requirement_id": s.requirement_id or None,
                "gain": s.gain,
                "text": s.text,
            }
            for s in report.suggestions
        ],
        "explanation": list(report.explanation),
        "warnings": list(report.warnings),
        "sides_summary": sides_summary(report),
        "balance_summary": balance_summary(report),
    }


def report_json(report: Report) -> str:
    """The match JSON as text (strings as they are; see `escape.to_json`)."""
    return to_json(report_to_dict(report))


def extraction_json(extraction: Extraction) -> str:
    """The extract JSON as text (strings as they are; see `escape.to_json`)."""
    return to_json(extraction_to_dict(extraction))


# the table's fixed columns: "asked" fits "preferred", "status" fits "◐ partial"
_ASKED_WIDTH = 9
_STATUS_WIDTH = 9
# the requirement column takes this share of the width, within these bounds
_LABEL_SHARE, _LABEL_MIN, _LABEL_MAX = 0.22, 16, 30
# four columns: two edges, three gaps between columns and one space of padding on each inner side
_TABLE_CHROME = 2 + 3 + 6
# rows an evidence line may take; a narrow column gets one more so that ~90 characters fit
_EVIDENCE_ROWS, _NARROW_EVIDENCE_ROWS, _NARROW_EVIDENCE = 2, 3, 45
_MIN_BUDGET = 20  # never quote fewer characters than this around a match
PLAIN_MARKS = ("«", "»")  # the match in plain text, where no bold can show it


def _column_widths(width: int) -> tuple[int, int]:
    """(requirement, evidence) column widths for a table *width* columns wide."""
    label = max(_LABEL_MIN, min(_LABEL_MAX, round(width * _LABEL_SHARE)))
    evidence = max(_MIN_BUDGET, width - label - _ASKED_WIDTH - _STATUS_WIDTH - _TABLE_CHROME)
    return label, evidence


def evidence_text(
    evidence: Evidence,
    mark: str,
    width: int,
    rows: int,
    console: Console,
    plain: bool,
    style: str = "",
) -> Text:
    """One evidence line for a cell *width* columns wide, in at most *rows* rows: a window of the
    line around its match (the whole line when it fits), cut at word boundaries with "…", the
    matched words bold, or between « » when the output is plain text. Built from rich Text
    styles, never markup: the line is untrusted (`escape.visible` runs on every piece)."""
    budget = rows * width - len(mark)
    while True:
        piece = window(evidence.text, evidence.match_start, evidence.match_end, budget)
        text = _highlighted(piece, mark, plain, style)
        if budget <= _MIN_BUDGET or len(text.wrap(console, width)) <= rows:
            return text
        budget -= max(4, width // 6)  # word wrapping wasted room: quote a little less


def _highlighted(piece: Snippet, mark: str, plain: bool, style: str) -> Text:
    text = Text(mark, style=style)
    before, match, after = (
        piece.text[: piece.start],
        piece.text[piece.start : piece.end],
        piece.text[piece.end :],
    )
    text.append(visible(before), style=style)
    if match:
        if plain:
            text.append(PLAIN_MARKS[0] + visible(match) + PLAIN_MARKS[1], style=style)
        else:
            text.append(visible(match), style=f"{style} bold".strip())
    text.append(visible(after), style=style)
    return text


def _requirements_table(report: Report, console: Console) -> Table:
    width = console.width
    label_width, evidence_width = _column_widths(width)
    rows = _EVIDENCE_ROWS if evidence_width >= _NARROW_EVIDENCE else _NARROW_EVIDENCE_ROWS
    plain = console.color_system is None
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=False, pad_edge=False)
    table.add_column("requirement", width=label_width, overflow="fold")
    table.add_column("asked", width=_ASKED_WIDTH, no_wrap=True)
    table.add_column("status", width=_STATUS_WIDTH, no_wrap=True)
    table.add_column("evidence (posting ▸ résumé)", width=evidence_width, overflow="fold")
    for title, items in requirements_by_category(report):
        table.add_row(Text(title, style="bold underline"), "", "", "")
        for r in items:
            evidence = Text()
            if r.posting_evidence:
                evidence.append_text(
                    evidence_text(
                        r.posting_evidence, "▸ ", evidence_width, rows, console, plain, "dim"
                    )
                )
            if r.resume_evidence:
                if r.posting_evidence:
                    evidence.append("\n")
                evidence.append_text(
                    evidence_text(r.resume_evidence, "✎ ", evidence_width, rows, console, plain)
                )
            table.add_row(
                terminal("  " + r.label),
                terminal(r.importance),
                Text(STATUS_MARK[r.status], style=STATUS_STYLE[r.status]),
                evidence,
            )
    return table


NO_SCORE = (
    "No score: the posting names nothing ma-match knows (no skill, credential, EHR platform, "
    "schooling or years of experience). Check that the posting file is the job posting, and "
    "all of it."
)


def score_line(report: Report) -> str:
    """ "Score 82/100 (strong)", or the reason there is none."""
    if report.score is None:
        return NO_SCORE
    return f"Score {report.score}/100 ({report.band})"


def sides_summary(report: Report) -> str:
    """What the posting asks of each side and whether the résumé covers it, worded so that it
    cannot be read as a verdict on the résumé alone (that is `balance_summary`)."""
    clinical, admin = report.sides["clinical"], report.sides["administrative"]
    if not clinical.asked and not admin.asked:
        return "the posting asks for no clinical or administrative skill"
    parts = []
    for name, side in (("clinical", clinical), ("administrative", admin)):
        if side.asked:
            partly = f", {side.partial} partly" if side.partial else ""
            parts.append(f"{name} {side.met}/{side.asked} met{partly}")
        else:
            parts.append(f"{name} not asked (the résumé shows {side.resume_skills})")
    covered = [n for n, side in (("clinical", clinical), ("administrative", admin)) if side.covered]
    verdict = (
        "both covered"
        if len(covered) == 2
        else f"only {covered[0]} covered"
        if covered
        else "neither covered"
    )
    return f"{', '.join(parts)}: {verdict}"


def balance_summary(report: Report) -> str:
    """The résumé's own balance, whatever the posting asks: "balanced (11 clinical, 15
    administrative skills)"."""
    clinical, admin = report.sides["clinical"], report.sides["administrative"]
    return (
        f"{report.resume_balance} ({clinical.resume_skills} clinical, "
        f"{admin.resume_skills} administrative skills shown)"
    )


def _summary(report: Report) -> Panel:
    lines = Text()
    lines.append(visible(score_line(report)) + "\n", style="bold")
    lines.append(f"Posting's sides: {visible(sides_summary(report))}\n")
    lines.append(f"Résumé balance, whatever the posting: {visible(balance_summary(report))}\n")
    creds = (
        ", ".join(
            f"{c.label}{'' if c.status == 'present' else f' ({c.status})'}"
            for c in report.credentials
        )
        or "none found"
    )
    ehrs = ", ".join(c.label for c in report.ehr_platforms if c.status == "present") or "none named"
    lines.append(f"Credentials: {visible(creds)}\nEHR: {visible(ehrs)}\n")
    exp = report.experience
    asked = (
        f"{exp.required_years:g}+ years {visible(exp.importance or '')}"
        if exp.required_years is not None
        else "not stated"
    )
    stated = f", stated {exp.stated_years:g}" if exp.stated_years else ""
    lines.append(
        f"Experience: {exp.relevant_years:g} relevant of {exp.resume_years:g} years{stated}; posting: {asked}"
    )
    return Panel(lines, title="Summary", title_align="left", box=box.ROUNDED)


def todo_line(suggestion: Suggestion) -> str:
    """One to-do item as text: "+9  BLS is required (…)", "Wording: …", or the extra note."""
    if suggestion.kind == "gap":
        return f"+{suggestion.gain}  {suggestion.text}"
    if suggestion.kind == "wording":
        return f"Wording: {suggestion.text}"
    return suggestion.text


def _gaps(report: Report) -> Panel | None:
    if not report.suggestions:
        return None
    text = Text()
    for i, s in enumerate(report.suggestions):
        text.append(("\n" if i else "") + "• " + visible(todo_line(s)))
    return Panel(
        text,
        title="To do, by the points each adds",
        title_align="left",
        box=box.ROUNDED,
    )


def print_report(report: Report, console: Console, explain: bool = False) -> None:
    if report.requirements:
        console.print(_requirements_table(report, console))
    parts = [_summary(report)]
    gaps = _gaps(report)
    if gaps:
        parts.append(gaps)
    if explain:
        parts.append(
            Panel(
                Text("\n".join(map(visible, report.explanation))),
                title="How the score was computed",
                title_align="left",
            )
        )
    console.print(Group(*parts))


def report_markdown(
    report: Report, explain: bool = False, resume_name: str = "", posting_name: str = ""
) -> str:
    """The report as Markdown, to paste into a document or a message; it names both files when
    given (`-` reads as standard input). Every input or taxonomy string goes through
    `escape.markdown`: no HTML, link or image is ever built from one."""
    md = markdown
    heading = f"{report.score}/100 ({md(report.band)})" if report.score is not None else "no score"
    out = [f"## Résumé match: {heading}", ""]
    for role, name in (("Résumé", resume_name), ("Posting", posting_name)):
        if name:
            out.append(f"- {role}: {md(_file_name(name))}")
    if report.score is None:
        out.append(f"- {md(NO_SCORE)}")
    out.append(f"- Posting's sides: {md(sides_summary(report))}")
    out.append(f"- Résumé balance, whatever the posting: {md(balance_summary(report))}")
    creds = (
        ", ".join(
            md(c.label) + ("" if c.status == "present" else f" ({md(c.status)})")
            for c in report.credentials
        )
        or "none found"
    )
    out.append(f"- Credentials: {creds}")
    out.append(
        f"- EHR: {', '.join(md(c.label) for c in report.ehr_platforms if c.status == 'present') or 'none named'}"
    )
    exp = report.experience
    if exp.required_years is not None:
        out.append(
            f"- Experience: {exp.relevant_years:g} relevant years found; posting asks {exp.required_years:g}+ "
            f"({md(exp.importance or '')})"
        )
    if report.requirements:
        out += [
            "",
            "| Requirement | Asked | Status | Posting says | Résumé shows |",
            "|---|---|---|---|---|",
        ]
    for _title, rows in requirements_by_category(report):
        for r in rows:
            out.append(
                f"| {md(r.label)} | {md(r.importance)} | {md(r.status)} | "
                f"{md(r.posting_evidence.text) if r.posting_evidence else ''} | "
                f"{md(r.resume_evidence.text) if r.resume_evidence else ''} |"
            )
    if report.suggestions:
        out += ["", "### To do, by the points each adds", ""] + [
            f"- {md(todo_line(s))}" for s in report.suggestions
        ]
    if report.warnings:
        out += ["", "### Warnings", ""] + [f"- {md(w)}" for w in report.warnings]
    if explain:
        out += ["", "### How the score was computed", ""] + [
            f"- {md(line)}" for line in report.explanation
        ]
    return "\n".join(out) + "\n"


def _file_name(name: str) -> str:
    return "standard input" if name == "-" else name


# --- rank -----------------------------------------------------------------------------------


RANK_COLUMN_EXTRA = 3  # cells a SIMPLE_HEAD column adds to its text: padding each side, a divider
MISSING_MIN = 16  # the least the "required items missing" column gets when the console allows


def short_label(label: str) -> str:
    """A label without its parenthesised gloss: "BLS (Basic Life Support)" -> "BLS"."""
    return label.split(" (", 1)[0] or label


def years_shown(value: float) -> str:
    """Years as a ranking shows them: one decimal at most ("3.5", "6")."""
    return f"{value:.1f}".removesuffix(".0")


def rank_table(rows: list[RankRow], total: int) -> RankTable:
    """The ranking for a terminal: score, band, covered sides, credentials held, relevant years,
    file and required items missing. File names wrap only after a "/" or at a space (see
    `path_cell`); the columns are sized when the console's width is known."""
    return RankTable(rows, total)


class RankTable:
    """A rich renderable: the rank table laid out for the width it is given. rich narrows the
    widest wrappable columns first and cuts a long path anywhere; here the short columns keep
    their natural width and the rest is shared between the file (its longest piece of a name,
    or less on a very narrow console) and the items missing (at least MISSING_MIN cells, or a
    third of what is left)."""

    def __init__(self, rows: list[RankRow], total: int) -> None:
        self.rows = rows
        self.total = total

    def _table(
        self, file_width: int | None, missing_width: int | None, compact: bool = False
    ) -> Table:
        from .path_cell import PathCell

        rows, total = self.rows, self.total
        title = (
            f"{len(rows)} of {total} résumés, best first"
            if len(rows) < total
            else f"{total} résumés, best first"
        )
        table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("score", justify="right", no_wrap=True)
        table.add_column("band", no_wrap=True)
        table.add_column("sides", max_width=9)
        table.add_column("creds" if compact else "credentials", max_width=10 if compact else 16)
        table.add_column("yrs" if compact else "years", justify="right", no_wrap=True)
        with_rest = file_width is not None
        if with_rest:
            table.add_column("file", width=file_width, no_wrap=True)
            heading = "missing" if compact else "required items missing"
            table.add_column(heading, width=missing_width, overflow="fold")
        for index, row in enumerate(rows, 1):
            cells: list[Any] = [
                str(index),
                str(row.score),
                terminal(row.band),
                terminal(row.sides or ("both" if row.both_sides_covered else "no")),
                terminal(", ".join(map(short_label, row.credentials)) or "-"),
                years_shown(row.relevant_years),
            ]
            if with_rest:
                cells += [PathCell(row.file), terminal(", ".join(row.missing_required) or "-")]
            table.add_row(*cells)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from .path_cell import PathCell

        width = options.max_width
        compact = False
        short = Measurement.get(console, options, self._table(None, None)).maximum
        if width - short - 2 * RANK_COLUMN_EXTRA < 2 * MISSING_MIN:  # narrow: shorter headings
            compact = True
            short = Measurement.get(console, options, self._table(None, None, compact)).maximum
        room = max(2, width - short - 2 * RANK_COLUMN_EXTRA)  # two more columns' padding
        files = [Measurement.get(console, options, PathCell(r.file)) for r in self.rows]
        wanted = max((m.maximum for m in files), default=4)
        # the file first (it names the candidate), leaving the items missing their floor
        floor = min(MISSING_MIN, room // 3)
        file_width = max(1, min(wanted, room - floor))
        missing_width = max(1, room - file_width)
        table = self._table(file_width, missing_width, compact)
        over = Measurement.get(console, options, table).maximum - width
        if over > 0:  # the estimate of the short columns' width was low: take it back
            cut = min(over, max(0, missing_width - floor))
            missing_width -= cut
            file_width = max(1, file_width - (over - cut))
            table = self._table(file_width, missing_width, compact)
        yield table


def _rank_dict(row: RankRow) -> dict[str, Any]:
    return {
        "file": row.file,
        "score": row.score,
        "band": row.band,
        "both_sides_covered": row.both_sides_covered,
        "missing_required": list(row.missing_required),
        "sides": row.sides,
        "credentials": list(row.credentials),
        "relevant_years": row.relevant_years,
        "missing_preferred": list(row.missing_preferred),
        "partial": list(row.partial),
    }


def rank_json(rows: list[RankRow]) -> str:
    """The ranking as JSON; file names as they are (an undecodable byte stays a lone surrogate,
    written as a \\u escape that `json.loads` turns back into the same name)."""
    return to_json([{"rank": i, **_rank_dict(r)} for i, r in enumerate(rows, 1)])


def rank_csv(rows: list[RankRow]) -> str:
    """The ranking as CSV; every text cell goes through `escape.csv_cell` (no formulas)."""
    return "".join(rank_csv_chunks(rows))


def rank_csv_chunks(rows: Sequence[RankRow], chunk_rows: int = 1000) -> Iterator[str]:
    """rank_csv in pieces of `chunk_rows` rows (the header first), so a long ranking is written
    as it is formatted instead of held whole as one string."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # the first six columns as they were; the new ones after them, so scripts keep working
    writer.writerow(
        [
            "rank",
            "score",
            "band",
            "both_sides_covered",
            "file",
            "missing_required",
            "sides",
            "credentials",
            "relevant_years",
            "missing_preferred",
            "partial",
        ]
    )
    for i, r in enumerate(rows, 1):
        writer.writerow(
            [
                i,
                r.score,
                csv_cell(r.band),
                str(r.both_sides_covered).lower(),
                csv_cell(r.file),
                csv_cell("; ".join(r.missing_required)),
                csv_cell(r.sides),
                csv_cell("; ".join(r.credentials)),
                years_shown(r.relevant_years),
                csv_cell("; ".join(r.missing_preferred)),
                csv_cell("; ".join(r.partial)),
            ]
        )
        if i % chunk_rows == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()


def rank_markdown(rows: list[RankRow], total: int) -> str:
    """The ranking as Markdown: one table row per résumé, then every candidate's gaps. Every
    input or taxonomy string goes through `escape.markdown`."""
    md = markdown
    shown = f"{len(rows)} of {total}" if len(rows) < total else f"{total}"
    out = [
        f"## Ranking: {shown} résumés, best first",
        "",
        "| # | Score | Band | Sides | Credentials | Relevant years | File |",
        "|---:|---:|---|---|---|---:|---|",
    ]
    for i, r in enumerate(rows, 1):
        out.append(
            f"| {i} | {r.score} | {md(r.band)} | {md(r.sides or ('both' if r.both_sides_covered else 'no'))} | "
            f"{', '.join(md(short_label(c)) for c in r.credentials) or '-'} | {years_shown(r.relevant_years)} | {md(r.file)} |"
        )
    out += ["", "### Gaps by candidate"]
    for i, r in enumerate(rows, 1):
        out += ["", f"**{i}. {md(r.file)}** ({r.score}/100)", ""]
        gaps = [
            *(f"- missing (required): {md(label)}" for label in r.missing_required),
            *(f"- missing (preferred): {md(label)}" for label in r.missing_preferred),
            *(f"- partly met: {md(label)}" for label in r.partial),
        ]
        out += gaps or ["- no gaps: every requirement is met"]
    return "\n".join(out) + "\n"
