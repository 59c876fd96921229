"""Turn Extractions and Reports into a rich table, JSON or Markdown. No logic beyond layout.

Every string that came from an input or a taxonomy leaves through `ma_match.escape`: `terminal`
for tables and panels, `markdown`, `csv_cell` and `to_json`; none is ever read as rich markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .escape import csv_cell, markdown, terminal, to_json, visible
from .match import Report, Requirement
from .models import Evidence, Extraction

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


def _short(text: str, limit: int = EVIDENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _evidence_dict(evidence: Evidence | None) -> dict[str, Any] | None:
    if evidence is None:
        return None
    return {
        "text": evidence.text,
        "start": evidence.start,
        "end": evidence.end,
        "line": evidence.line,
        "match": evidence.match,
    }


def _category(requirement: Requirement) -> str:
    return "edu" if requirement.group == "experience" else requirement.group


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
            terminal(_short(c.evidence[0].text)) if c.evidence else "",
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
        "explanation": list(report.explanation),
    }


def report_json(report: Report) -> str:
    """The match JSON as text (strings as they are; see `escape.to_json`)."""
    return to_json(report_to_dict(report))


def extraction_json(extraction: Extraction) -> str:
    """The extract JSON as text (strings as they are; see `escape.to_json`)."""
    return to_json(extraction_to_dict(extraction))


def _requirements_table(report: Report) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_lines=False, expand=True, pad_edge=False)
    table.add_column("requirement", ratio=3, overflow="fold")
    table.add_column("asked", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("evidence (posting ▸ résumé)", ratio=6, overflow="fold")
    for key, title in CATEGORIES:
        rows = [r for r in report.requirements if _category(r) == key]
        if not rows:
            continue
        table.add_row(Text(title, style="bold underline"), "", "", "")
        for r in rows:
            evidence = Text()
            if r.posting_evidence:
                evidence.append("▸ " + visible(_short(r.posting_evidence.text, 70)), style="dim")
            if r.resume_evidence:
                evidence.append("\n✎ " + visible(_short(r.resume_evidence.text, 70)))
            table.add_row(
                terminal("  " + r.label),
                terminal(r.importance),
                Text(STATUS_MARK[r.status], style=STATUS_STYLE[r.status]),
                evidence,
            )
    return table


def _summary(report: Report) -> Panel:
    sides = report.sides
    lines = Text()
    lines.append(f"Score {report.score}/100  ({visible(report.band)})\n", style="bold")
    mark = "yes" if report.both_sides_covered else "no"
    lines.append(f"Both sides covered: {mark}   ")
    lines.append(
        f"clinical {sides['clinical'].met}/{sides['clinical'].asked} met, "
        f"administrative {sides['administrative'].met}/{sides['administrative'].asked} met\n"
    )
    lines.append(
        f"Résumé balance: {visible(report.resume_balance)} "
        f"(clinical skills {sides['clinical'].resume_skills}, administrative {sides['administrative'].resume_skills})\n"
    )
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


def _gaps(report: Report) -> Panel | None:
    if not report.suggestions:
        return None
    text = Text()
    for i, s in enumerate(report.suggestions):
        text.append(("\n" if i else "") + "• " + visible(s.text))
    return Panel(text, title="Gaps and suggestions", title_align="left", box=box.ROUNDED)


def print_report(report: Report, console: Console, explain: bool = False) -> None:
    console.print(_requirements_table(report))
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


def report_markdown(report: Report, explain: bool = False) -> str:
    """The report as Markdown, to paste into a document or a message. Every input or taxonomy
    string goes through `escape.markdown`: no HTML, link or image is ever built from one."""
    md = markdown
    out = [f"## Résumé match: {report.score}/100 ({md(report.band)})", ""]
    sides = report.sides
    out.append(
        f"- Both sides covered: **{'yes' if report.both_sides_covered else 'no'}** "
        f"(clinical {sides['clinical'].met}/{sides['clinical'].asked} met, "
        f"administrative {sides['administrative'].met}/{sides['administrative'].asked} met)"
    )
    out.append(f"- Résumé balance: {md(report.resume_balance)}")
    creds = (
        ", ".join(md(c.label) for c in report.credentials if c.status == "present") or "none found"
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
    out += [
        "",
        "| Requirement | Asked | Status | Posting says | Résumé shows |",
        "|---|---|---|---|---|",
    ]
    for key, _title in CATEGORIES:
        for r in (r for r in report.requirements if _category(r) == key):
            out.append(
                f"| {md(r.label)} | {md(r.importance)} | {md(r.status)} | "
                f"{md(r.posting_evidence.text) if r.posting_evidence else ''} | "
                f"{md(r.resume_evidence.text) if r.resume_evidence else ''} |"
            )
    if report.suggestions:
        out += ["", "### Gaps and suggestions", ""] + [
            f"- {md(s.text)}" for s in report.suggestions
        ]
    if explain:
        out += ["", "### How the score was computed", ""] + [
            f"- {md(line)}" for line in report.explanation
        ]
    return "\n".join(out) + "\n"


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
    return out.getvalue()


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
