"""Résumé structure: the section every line stands in and the role it plays, read once per résumé.

Every later step asks this model rather than reading headings itself: which mentions are claims of
the candidate (credit.py), which titles name a programme (schooling.py), which dates are work
(experience.py).

Sections. A heading is a short line that reads as a name the taxonomy lists
(`experience.headings`), or, when no list names it, a line whose form is a heading's (ALL CAPS,
Title Case, ending in a colon, or followed by a bulleted line) and whose last word is a head word
(`experience.head_words`: "HEALTHCARE EXPERIENCE", "Medical Assistant Experience" and "Relevant
Work" are work). Generic last words ("Background", "History") take the kind of a head word before
them, else their own (`experience.generic_head_words`). Letter-spaced headings ("E D U C A T I O
N") are read without their spaces, and "Skills: Epic, Cerner" opens a section on its own line.
Lines before the first heading are the header.

Roles. Header lines are contact lines; summary, skills, certifications (credential entries),
education and references lines take their section's role. In a work section a job starts at every
line holding a date range or ending in a date; its heading is that line, plus the title and
employer lines just above a line that holds only dates (or just below, when nothing titled stands
above; a second line only when the first holds no separator, as "Medical Assistant, Mesa Clinic"
does); the lines after it, up to the next job, are its duties.

A two-column résumé flattened into text may put sidebar lines inside a work section: they have no
dates, so they stay duties of the job above and add no years.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from .dates import DateRange, before_last_date, ends_in_date, find_ranges

SectionKind = Literal[
    "header", "summary", "work", "education", "certifications", "skills", "references", "other"
]
Role = Literal[
    "contact",
    "heading",
    "summary",
    "job_heading",
    "duty",
    "skills",
    "credential",
    "education",
    "references",
    "other",
]

_SECTION_ROLE: dict[str, Role] = {
    "header": "contact",
    "summary": "summary",
    "work": "duty",
    "education": "education",
    "certifications": "credential",
    "skills": "skills",
    "references": "references",
    "other": "other",
}
_BULLETS = "-–—•*·>▪●○◦■□➢✓"
_HEADING_WORDS = 5  # a heading is a short line
_JOB_HEADING_WORDS = (
    18  # a dated line longer than this is prose that mentions dates, not a job heading
)
_TITLE_WORDS = 10  # a title or employer line above or below the dates
_TITLE_LINES = 2  # title and employer
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with", "&"}
)
_WORD = re.compile(r"[^\W\d_][^\W\d_'’.]*")
_DIGIT = re.compile(r"\d")
_SEPARATED = re.compile(r",|\||\s[-–—@]\s|\t")
_LETTER_SPACED = re.compile(r"(?:[^\W\d_&] {1,3}){2,}[^\W\d_]")


class ResumeLine(NamedTuple):
    """One line of the résumé: its section, the heading that opened it, its role, and the job it
    belongs to (an index into ResumeStructure.jobs, or -1 outside jobs). A named tuple: one is made
    for every line of every résumé ranked."""

    section: SectionKind
    heading: str
    role: Role
    job: int = -1


@dataclass(frozen=True)
class Job:
    """One job of a work section: its heading lines, its lines up to the next job (0-based,
    `end` exclusive) and its date ranges."""

    heading_lines: tuple[int, ...]
    first: int
    end: int
    ranges: tuple[DateRange, ...]


@dataclass(frozen=True)
class ResumeStructure:
    """Sections and roles of a résumé's lines (split on "\\n"), its jobs, and its date ranges with
    the line each starts on."""

    lines: tuple[ResumeLine, ...]
    jobs: tuple[Job, ...]
    ranges: tuple[tuple[int, DateRange], ...]

    @property
    def has_work(self) -> bool:
        """Whether any line stands under a work heading."""
        return any(line.section == "work" for line in self.lines)

    def line(self, index: int) -> ResumeLine:
        """The line at a 0-based index."""
        return self.lines[index]


class ResumeStructureReader:
    """Reads résumé structure with the heading names and head words of the taxonomy's
    `experience` section (see the module docstring for the rules)."""

    def __init__(self, config: dict[str, Any]):
        self.names: dict[str, SectionKind] = {}
        for kind, names in config.get("headings", {}).items():
            for name in names:
                self.names[_squash(name)] = kind
                self.names[_squash(name).replace(" ", "")] = (
                    kind  # letter-spaced, read without spaces
                )
        self.head_words: dict[str, SectionKind] = {
            word.lower(): kind
            for kind, words in config.get("head_words", {}).items()
            for word in words
        }
        self.generic_heads: dict[str, SectionKind] = {
            word.lower(): kind for word, kind in config.get("generic_head_words", {}).items()
        }

    def read(self, text: str) -> ResumeStructure:
        """The structure of a résumé's text. One pass over the lines, plus one search for date
        ranges over the whole text (a range may span lines)."""
        lines = text.split("\n")
        ranges = find_ranges(text)
        line_of = _line_numbers(text, ranges)
        headings = self._headings(lines)
        sections: list[tuple[SectionKind, str]] = []
        current: tuple[SectionKind, str] = ("header", "")
        for index in range(len(lines)):
            if index in headings:
                current = headings[index][:2]
            sections.append(current)
        range_lines: dict[int, list[DateRange]] = {}
        spanned: set[int] = set()  # lines inside a range that spans lines
        for date_range, (first, last) in zip(ranges, line_of):
            range_lines.setdefault(first, []).append(date_range)
            spanned.update(range(first + 1, last + 1))
        for index in self._headerless_work(lines, sections, range_lines):
            sections[index] = ("work", "")
        roles: list[Role] = []
        for index, (kind, _) in enumerate(sections):
            if index in headings:
                inline = headings[index][2]
                roles.append(_SECTION_ROLE[kind] if inline else "heading")
            else:
                roles.append(_SECTION_ROLE[kind])
        jobs = self._jobs(lines, sections, roles, headings, range_lines, spanned)
        job_of = [-1] * len(lines)
        for number, job in enumerate(jobs):
            for index in range(job.first, job.end):
                job_of[index] = number
            for index in job.heading_lines:
                roles[index] = "job_heading"
        structure_lines = tuple(
            ResumeLine(kind, heading, role, job)
            for (kind, heading), role, job in zip(sections, roles, job_of)
        )
        ranges_by_line = tuple((first, r) for r, (first, _) in zip(ranges, line_of))
        return ResumeStructure(lines=structure_lines, jobs=tuple(jobs), ranges=ranges_by_line)

    # --- sections ----------------------------------------------------------------------------

    @staticmethod
    def _headerless_work(
        lines: list[str],
        sections: list[tuple[SectionKind, str]],
        range_lines: dict[int, list[DateRange]],
    ) -> range:
        """The lines of a work history written before any heading: from the first line with
        dates (and the title lines just above it, "Medical Assistant, Cactus Clinic") to the first
        heading, when dated lines or duties follow there ("Receptionist, Front Office, 2022 -
        Present / - Scheduled appointments"). A lone dated line ("RMA (AMT), 2020 - Present")
        stays in the header."""
        first = min(range_lines, default=len(lines))
        if first == len(lines) or sections[first][0] != "header":
            return range(0)
        end = next((i for i in range(first, len(lines)) if sections[i][0] != "header"), len(lines))
        dated = sum(1 for i in range_lines if first <= i < end)
        if dated < 2 and not any(_bulleted(lines[i].strip()) for i in range(first + 1, end)):
            return range(0)
        start = first
        while start > 0 and first - start < _TITLE_LINES:
            above = lines[start - 1].strip()
            if not above or not _title_like(above) or not _SEPARATED.search(above):
                break
            start -= 1
        return range(start, end)

    def _headings(self, lines: list[str]) -> dict[int, tuple[SectionKind, str, bool]]:
        """Heading lines: index -> (kind, heading text, whether text follows it on its line)."""
        found: dict[int, tuple[SectionKind, str, bool]] = {}
        for index, line in enumerate(lines):
            stripped = line.strip()
            if not stripped or len(stripped) > 80 or stripped[0] in _BULLETS:
                continue
            if (
                stripped.count(" ") > _HEADING_WORDS + 1
                and ":" not in stripped
                and stripped[1:2] != " "
            ):
                continue  # a sentence or a list line (a letter-spaced heading has many spaces)
            heading = self.heading(stripped, lines, index)
            if heading is not None:
                found[index] = heading
        return found

    def heading(
        self,
        stripped: str,
        lines: Sequence[str] = (),
        index: int = -1,
    ) -> tuple[SectionKind, str, bool] | None:
        """(kind, heading text, inline) when the stripped line is a heading, else None; `lines`
        and `index` place it in the text (a bulleted line after it marks it as a heading)."""
        spaced = _LETTER_SPACED.fullmatch(stripped.rstrip(": ")) if stripped[1:2] == " " else None
        if spaced:
            words = re.split(r"\s{2,}", stripped.rstrip(": "))
            name = " ".join(word.replace(" ", "") for word in words)
            kind = (
                self.names.get(_squash(name))
                or self.names.get(_squash(name).replace(" ", ""))
                or self._by_head_word(name)
            )
            return (kind or "other", name, False)
        head, colon, rest = stripped.partition(":")
        if colon and rest.strip():
            if len(head.split()) <= _HEADING_WORDS and _squash(head) in self.names:
                return (self.names[_squash(head)], head.strip(), True)  # "Skills: Epic, Cerner"
            return None
        if len(stripped.split()) > _HEADING_WORDS + 2 or _DIGIT.search(stripped):
            return None  # most lines: sentences, list items, dates
        name = _squash(stripped)
        if name in self.names:
            return (self.names[name], stripped.strip(": "), False)
        words = _WORD.findall(stripped)
        if not 1 <= len(words) <= _HEADING_WORDS:
            return None
        if stripped.endswith((".", ",", ";")):
            return None
        kind = self._by_head_word(stripped)
        if kind is None:
            return None
        titled = stripped.isupper() or all(
            w[0].isupper() or w.lower() in _MINOR_WORDS for w in words
        )
        if titled or stripped.endswith(":") or _bulleted(_next_text(lines, index)):
            return (kind, stripped.strip(": "), False)
        return None

    def _by_head_word(self, text: str) -> SectionKind | None:
        """The kind a heading's last word gives it, reading past a generic last word."""
        words = [w.lower() for w in _WORD.findall(text)]
        if not words:
            return None
        last = words[-1]
        if last in self.head_words:
            return self.head_words[last]
        if last in self.generic_heads:
            for word in reversed(words[:-1]):
                if word in self.head_words:
                    return self.head_words[word]
            return self.generic_heads[last]
        return None

    # --- jobs --------------------------------------------------------------------------------

    def _jobs(
        self,
        lines: list[str],
        sections: list[tuple[SectionKind, str]],
        roles: list[Role],
        headings: dict[int, Any],
        range_lines: dict[int, list[DateRange]],
        spanned: set[int],
    ) -> list[Job]:
        """The jobs of the work sections, in order (see the module docstring)."""
        starts: list[tuple[list[int], list[DateRange]]] = []  # (heading lines, ranges) per job
        taken: set[int] = set()
        for index, line in enumerate(lines):
            if (
                sections[index][0] != "work"
                or index in headings
                or index in spanned
                or index in taken
            ):
                continue
            stripped = line.strip()
            dates = range_lines.get(index, [])
            words = len(stripped.split())
            if not stripped or words > _JOB_HEADING_WORDS:
                continue
            bulleted = stripped[0] in _BULLETS
            if not dates and (bulleted or not ends_in_date(stripped)):
                continue
            heading = [index]
            last = max((_last_line(lines, index, r) for r in dates), default=index)
            heading.extend(range(index + 1, last + 1))
            if _only_dates(stripped, dates):
                above = self._title_lines(lines, sections, headings, taken, index, -1)
                heading.extend(
                    above or self._title_lines(lines, sections, headings, taken, last, 1)
                )
            taken.update(heading)
            starts.append((sorted(heading), dates))
        jobs: list[Job] = []
        for number, (heading, dates) in enumerate(starts):
            first = heading[0]
            end = starts[number + 1][0][0] if number + 1 < len(starts) else len(lines)
            end = next(
                (
                    i
                    for i in range(heading[-1] + 1, end)
                    if sections[i][0] != "work" or i in headings
                ),
                end,
            )
            jobs.append(
                Job(heading_lines=tuple(heading), first=first, end=end, ranges=tuple(dates))
            )
        return jobs

    @staticmethod
    def _title_lines(
        lines: list[str],
        sections: list[tuple[SectionKind, str]],
        headings: dict[int, Any],
        taken: set[int],
        index: int,
        step: int,
    ) -> list[int]:
        """Up to two title-like lines next to a line of dates, in direction `step`."""
        found: list[int] = []
        cursor = index + step
        while 0 <= cursor < len(lines) and len(found) < _TITLE_LINES:
            text = lines[cursor].strip()
            if not text:
                cursor += step
                continue
            if (
                cursor in headings
                or cursor in taken
                or sections[cursor][0] != "work"
                or not _title_like(text)
            ):
                break
            if step > 0 and "|" in text:
                break  # below a line of dates, a table row is a grid of skills, not the job's title
            found.append(cursor)
            if _SEPARATED.search(text):
                break  # "Medical Assistant, Saguaro Clinic" holds title and employer: the job's whole heading
            cursor += step
        return found


def _squash(text: str) -> str:
    """A heading as compared with the taxonomy's names: lower case, single spaces, no colon."""
    return " ".join(text.lower().replace("&", " & ").split()).strip(" :")


def _bulleted(text: str) -> bool:
    return bool(text) and text[0] in _BULLETS


def _next_text(lines: Sequence[str], index: int) -> str:
    for line in lines[index + 1 : index + 4]:
        if line.strip():
            return line.strip()
    return ""


def _title_like(text: str) -> bool:
    """A job title or employer line: short, no bullet, no sentence, most words capitalised."""
    if (
        text[0] in _BULLETS
        or text.endswith(".")
        or len(text.split()) > _TITLE_WORDS
        or ends_in_date(text)
    ):
        return False
    words = [w for w in _WORD.findall(text) if len(w) > 2 and w.lower() not in _MINOR_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) * 2 > len(words)


def _only_dates(line: str, dates: Iterable[DateRange]) -> bool:
    """Whether nothing but dates (and at most one word, "Dates:") stands on the line."""
    rest = line
    for date_range in dates:
        rest = rest.replace(date_range.text.split("\n")[0].strip(), " ")
    if not dates:
        rest = before_last_date(rest)  # a single date: "01/2013", "May 2015"
    return len(_WORD.findall(rest)) <= 1


def _last_line(lines: list[str], index: int, date_range: DateRange) -> int:
    """The last line a range that starts on line `index` reaches."""
    return index + date_range.text.count("\n")


def _line_numbers(text: str, ranges: list[DateRange]) -> list[tuple[int, int]]:
    """(first, last) 0-based line of each range; the ranges are in text order, so one walk."""
    result: list[tuple[int, int]] = []
    line, position = 0, 0
    for date_range in ranges:
        line += text.count("\n", position, date_range.begin)
        position = date_range.begin
        result.append((line, line + date_range.text.count("\n")))
    return result
