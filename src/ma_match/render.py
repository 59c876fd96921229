"""Turn Extractions and Reports into a rich table, JSON or Markdown. No logic beyond layout.

Every string that came from an input or a taxonomy leaves through `ma_match.escape`: `terminal`
for tables and panels, `markdown`, `csv_cell` and `to_json`; none is ever read as rich markup."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group
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


def rank_table(rows: list[RankRow], total: int) -> Table:
    title = (
        f"{len(rows)} of {total} résumés, best first"
        if len(rows) < total
        else f"{total} résumés, best first"
    )
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left", expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("band", no_wrap=True)
    table.add_column("both sides", no_wrap=True)
    table.add_column("file", ratio=2, overflow="fold")
    table.add_column("required items missing", ratio=3, overflow="fold")
    for index, row in enumerate(rows, 1):
        table.add_row(
            str(index),
            str(row.score),
            terminal(row.band),
            "yes" if row.both_sides_covered else "no",
            terminal(row.file),
            terminal(", ".join(row.missing_required) or "-"),
        )
    return table


def _rank_dict(row: RankRow) -> dict[str, Any]:
    return {
        "file": row.file,
        "score": row.score,
        "band": row.band,
        "both_sides_covered": row.both_sides_covered,
        "missing_required": list(row.missing_required),
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
    writer.writerow(["rank", "score", "band", "both_sides_covered", "file", "missing_required"])
    for i, r in enumerate(rows, 1):
        writer.writerow(
            [
                i,
                r.score,
                csv_cell(r.band),
                str(r.both_sides_covered).lower(),
                csv_cell(r.file),
                csv_cell("; ".join(r.missing_required)),
            ]
        )
        if i % chunk_rows == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    if out.tell():
        yield out.getvalue()
