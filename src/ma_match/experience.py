"""Years of experience: what a posting asks for, and what a résumé's jobs add up to.

Résumé years are the date ranges of the jobs under work sections (structure.py decides sections,
jobs and their lines; dates.py reads the ranges), merged so that overlapping jobs count once; a
résumé with no work heading counts the ranges outside its education, certification, skills and
reference sections. Explicit statements ("8 years of experience") are read too. A job is relevant
when its heading or duty lines hold a relevance word of the taxonomy as a whole word.

A posting's minimum is the smallest number of years it asks for in a statement ("2+ years of
medical assistant experience") or a labelled line ("Medical Assistant: 1 year (Required)"); a
number after a deadline word ("within 6 months of employment") is no minimum.
"""

from __future__ import annotations

import calendar
import math
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .models import ExperienceNeed, Importance, WorkHistory
from .structure import ResumeStructure, ResumeStructureReader

_SUBJECT_BLOCK_LINES = (
    40  # a labelled line's "Experience:" heading stands within this many lines above it
)
_BEFORE_UNIT = 30  # "two to three " stands before "years"
_AFTER_UNIT = 90  # a gap of up to 60 characters, then the subject word ("experience")
_LINES_AROUND = 2  # a job's title usually stands within two lines of its dates


@dataclass(frozen=True)
class ExperienceFound:
    """The résumé's experience: all work, the relevant part, and the lines it came from."""

    total_years: float
    relevant_years: float
    stated_years: float | None
    ranges: tuple[str, ...]


class ExperienceReader:
    """Reads experience with the number words, units, deadline words, headings and relevance words
    of the taxonomy's `experience` section, and the posting cue words that set importance."""

    def __init__(
        self,
        config: dict[str, Any],
        preferred_cues: tuple[str, ...],
        required_cues: tuple[str, ...],
    ):
        self.number_words: dict[str, float] = {
            k.lower(): float(v) for k, v in config.get("number_words", {}).items()
        }
        self.units: dict[str, float] = {
            k.lower(): float(v) for k, v in config.get("units", {}).items()
        }
        subjects = config.get("subject_words", [])
        self.subjects = frozenset(w.lower() for w in subjects)
        self.structure_reader = ResumeStructureReader(config)
        relevant = [*config.get("relevant_words", []), *config.get("relevant_titles", [])]
        # whole words only: "lab" is not in "collaborated", "care" not in "career"
        self.relevant = _word_pattern(relevant, plural=True)
        self.not_minimum = _word_pattern(config.get("not_minimum_before", []))
        # an Indeed labelled line asks when it carries an importance cue ("1 year (Required)")
        self.cue_pattern = _word_pattern([*preferred_cues, *required_cues])
        # a figure may follow a letter a scraper glued to it ("previous MA experience2 years"); a
        # number word must be a whole word ("someone" holds no "one")
        words = "|".join(map(re.escape, sorted(self.number_words, key=len, reverse=True)))
        number = (
            rf"(?P<num>(?<![\d$.])\d+(?:\.\d+)?|(?<![\w$.])(?:{words}))"
            if self.number_words
            else r"(?P<num>(?<![\d$.])\d+(?:\.\d+)?)"
        )
        upper = (
            r"(?:\s*(?:-|–|to)\s*(?P<upper>\d+|"
            + "|".join(map(re.escape, self.number_words))
            + "))?"
            if self.number_words
            else r"(?:\s*(?:-|–|to)\s*(?P<upper>\d+))?"
        )
        unit = (
            "(?P<unit>" + "|".join(map(re.escape, sorted(self.units, key=len, reverse=True))) + ")"
        )
        # a number may be restated in figures and then opened upward: "three (3) years", "five
        # or more years", "2 or more years"
        number = rf"{number}(?:\s*\(\s*\d+(?:\.\d+)?\s*\))?(?:\s+or\s+(?:more|greater|longer))?"
        subject = "(?:" + "|".join(map(re.escape, subjects)) + ")"
        # "1+ year of experience", "2-3 years experience", "minimum of six months' MA experience"
        self.statement = (
            re.compile(
                rf"{number}\s*(?:\+|plus)?{upper}\s*(?:\+\s*)?{unit}\b(?:'s|')?(?P<gap>[^.;\n]{{0,60}}?){subject}",
                re.IGNORECASE,
            )
            if self.units and subjects
            else None
        )
        self.unit_anchor = (
            _anchor_pattern(sorted(self.units, key=len, reverse=True)) if self.units else None
        )
        # Indeed's block: "Experience:" then "- Medical Assistant: 1 year (Required)"
        self.labelled = (
            re.compile(
                rf"^[ \t]*[-•*·]?[ \t]*[^:\n]{{1,80}}:[ \t]*{number}[ \t]*(?:\+|plus)?{upper}[ \t]*\+?[ \t]*{unit}\b(?P<tail>[^\n]*)$",
                re.IGNORECASE | re.MULTILINE,
            )
            if self.units
            else None
        )

    def _number(self, text: str) -> float:
        text = text.lower()
        return self.number_words.get(text) if text in self.number_words else float(text)  # type: ignore[return-value]

    def statements(self, text: str) -> list[tuple[float, int, int]]:
        """(years, start, end) of each explicit experience statement."""
        if self.statement is None:
            return []
        found = []
        for m in self._statement_matches(text):
            if m.group("gap") and re.search(r"\b(?:ago|old|age)\b", m.group("gap"), re.IGNORECASE):
                continue
            years = self._number(m.group("num")) * self.units[m.group("unit").lower()]
            found.append((round(years, 2), m.start(), m.end()))
        return found

    def _statement_matches(self, text: str) -> list[re.Match[str]]:
        """As statement.finditer, but tried only around unit words ("years", "months")."""
        assert self.statement is not None and self.unit_anchor is not None
        found: list[re.Match[str]] = []
        last_end = 0
        for unit in self.unit_anchor.finditer(text):
            if unit.start() < last_end:
                continue
            m = self.statement.search(
                text, max(last_end, unit.start() - _BEFORE_UNIT), unit.end() + _AFTER_UNIT
            )
            if m and m.start("unit") == unit.start():
                found.append(m)
                last_end = m.end()
        return found

    def need(
        self, posting_text: str, importance_of: Callable[[int, int], Importance | None]
    ) -> ExperienceNeed | None:
        """The smallest experience the posting asks for (the bar a candidate must clear); None
        when it asks for none. `importance_of(start, end)` reads a statement's character span as
        the posting's section model reads a concept (sections.py): required, preferred, or None
        where the posting asks nothing there (benefits, company text, an offer)."""
        asked = [
            (years, start, end)
            for years, start, end in self.statements(posting_text)
            if not self._deadline(posting_text, start)
        ]
        asked.extend(self._labelled(posting_text))
        line_starts = [0, *(m.end() for m in re.finditer("\n", posting_text))] if asked else []
        for years, start, end in sorted(asked, key=lambda a: (a[0], a[1])):
            importance = importance_of(start, end)
            if importance is None:
                continue
            line_start = posting_text.rfind("\n", 0, start) + 1
            line_end = posting_text.find("\n", end)
            line = posting_text[line_start : line_end if line_end != -1 else len(posting_text)]
            return ExperienceNeed(years, importance, line.strip(), bisect_right(line_starts, start))
        return None

    def _deadline(self, text: str, start: int) -> bool:
        """Whether a deadline word stands before the number in its clause ("within 6 months",
        "within 90 days or 3 months")."""
        if self.not_minimum is None:
            return False
        line_start = text.rfind("\n", 0, start) + 1  # each search below stays within the line
        clause_start = max(text.rfind(mark, line_start, start) for mark in (";", ",", ". ")) + 1
        return self.not_minimum.search(text, max(line_start, clause_start), start) is not None

    def _labelled(self, text: str) -> list[tuple[float, int, int]]:
        """(years, start, end) of labelled lines ("Medical Assistant: 1 year (Required)") that carry
        an importance cue or stand in a block headed by a subject word ("Experience:")."""
        if self.labelled is None or ":" not in text:
            return []
        found = []
        for m in self.labelled.finditer(text):
            cued = (
                self.cue_pattern is not None
                and self.cue_pattern.search(m.group("tail")) is not None
            )
            if cued or self._under_subject_heading(text, m.start()):
                years = self._number(m.group("num")) * self.units[m.group("unit").lower()]
                found.append((round(years, 2), m.start("num"), m.end("unit")))
        return found

    def _under_subject_heading(self, text: str, start: int) -> bool:
        """Whether the nearest line above that is no list item reads as a subject word heading
        (looked for over at most _SUBJECT_BLOCK_LINES lines: bounded work on a long list)."""
        end = start
        for _ in range(_SUBJECT_BLOCK_LINES):
            if end <= 0:
                break
            line_start = text.rfind("\n", 0, end - 1) + 1
            line = text[line_start:end].strip()
            end = line_start
            if not line or line[0] in "-•*·":
                continue
            return line.rstrip(":").strip().lower() in self.subjects
        return False

    def found(
        self, resume_text: str, today: date, structure: ResumeStructure | None = None
    ) -> ExperienceFound:
        """Years worked, merging overlapping ranges, and the part spent in relevant work.
        `structure` is the résumé's structure when the extractor has read it already."""
        return self.found_in(self.history(resume_text, structure), today)

    def history(self, resume_text: str, structure: ResumeStructure | None = None) -> WorkHistory:
        """The résumé's work ranges, whether each is relevant, and its stated years: everything
        `found` needs that does not depend on the day (read once per résumé at extraction)."""
        if structure is None:
            structure = self.structure_reader.read(resume_text)
        lines = resume_text.split("\n")
        has_work = structure.has_work
        spans: list[tuple[int, int | None, bool]] = []
        texts: list[str] = []
        relevant_job: dict[int, bool] = {}
        relevant_line: dict[int, bool] = {}
        for line_no, date_range in structure.ranges:
            line = structure.lines[line_no]
            if (line.section != "work") if has_work else (line.section in _NOT_WORK):
                continue  # schooling, credentials' dates, references: never work
            if line.job >= 0:
                if line.job not in relevant_job:
                    job = structure.jobs[line.job]
                    relevant_job[line.job] = self._relevant(
                        lines, job.first, job.end, relevant_line
                    )
                is_relevant = relevant_job[line.job]
            else:
                is_relevant = self._relevant(
                    lines, line_no - _LINES_AROUND, line_no + _LINES_AROUND + 1, relevant_line
                )
            spans.append((date_range.start, date_range.end, is_relevant))
            texts.append(date_range.text)
        stated = [years for years, _, _ in self.statements(resume_text)]
        return WorkHistory(tuple(spans), tuple(texts), max(stated) if stated else None)

    @staticmethod
    def found_in(history: WorkHistory, today: date) -> ExperienceFound:
        """The years of a work history as of `today`: "Present" runs to the end of today (on
        the 1st of a month, one day of it, not the whole month), and a range in the future or
        longer than a working life counts for nothing (see `_span`)."""
        now = today.year * 12 + today.month
        # where the end of today falls, in months: this month's start plus the part of it gone
        today_ends = now + today.day / calendar.monthrange(today.year, today.month)[1]
        spans, relevant, texts = [], [], []
        for (start, end, is_relevant), text in zip(history.spans, history.ranges):
            span = _span(start, end, now, today_ends)
            if span is None:
                continue
            spans.append(span)
            texts.append(text)
            if is_relevant:
                relevant.append(span)
        return ExperienceFound(
            total_years=_merged_years(spans),
            relevant_years=_merged_years(relevant),
            stated_years=history.stated_years,
            ranges=tuple(texts),
        )

    def _relevant(self, lines: list[str], first: int, end: int, seen: dict[int, bool]) -> bool:
        """Whether lines[first:end] hold a relevance word.  Each line is searched once, its
        answer kept in *seen*, however many dates or jobs look at it: a one-line text of dates
        was searched whole again for every date on it (quadratic: 40 KB took 19 s)."""
        if self.relevant is None:
            return False
        for index in range(max(0, first), min(end, len(lines))):
            if index not in seen:
                seen[index] = self.relevant.search(lines[index]) is not None
            if seen[index]:
                return True
        return False


# sections whose dates are not work, in a résumé without any work heading
_NOT_WORK = frozenset({"education", "certifications", "skills", "references"})
_MAX_MONTHS = 12 * 50


def _span(start: int, end: int | None, now: int, today_ends: float) -> tuple[float, float] | None:
    """[start, end) in months of a range (`end` None: "Present", to `today_ends`, where the end
    of today falls within this month `now`); None for a range in the future or longer than a
    working life."""
    until: float = today_ends if end is None else end
    if start > now or until > now + 2 or until - start > _MAX_MONTHS:
        return None
    return (start, until)


def _word_pattern(
    words: list[str] | tuple[str, ...], plural: bool = False
) -> re.Pattern[str] | None:
    """One case-insensitive pattern for whole words or phrases (spaces match any whitespace);
    `plural` lets a final "s" follow."""
    if not words:
        return None
    alternatives = "|".join(
        r"\s+".join(map(re.escape, w.lower().split())) for w in sorted(words, key=len, reverse=True)
    )
    suffix = "s?" if plural else ""
    return re.compile(rf"(?<!\w)(?:{alternatives}){suffix}(?!\w)", re.IGNORECASE)


def _merged_years(spans: list[tuple[float, float]]) -> float:
    """Total length of the union of month intervals [start, end), in years, rounded down to a
    tenth: 4.96 years are 4.9, not 5.0, so a "5+ years" requirement is met when five whole
    years are (rounded to nearest, "2022 – Present" read 5.0 from mid-December 2026)."""
    total: float = 0
    current: tuple[float, float] | None = None
    for start, end in sorted(spans):
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
        else:
            if current:
                total += current[1] - current[0]
            current = (start, end)
    if current:
        total += current[1] - current[0]
    return math.floor(total / 12 * 10 + 1e-9) / 10  # the 1e-9 keeps 5.0 from reading 4.9


def _anchor_pattern(words: list[str]) -> re.Pattern[str]:
    """`(?<![a-z])(?:words...)\\b`, case-insensitive, with the alternatives tried in this order,
    written so that the engine skips from one possible first letter to the next: a pattern
    whose case-insensitive letters come first is tried at every position of the text (0.2 s at
    10 MB). The first character is taken by a case-sensitive class (each first letter in both
    cases, and any non-ASCII character, which may be a letter's other case: "ſ", "K") and the
    rest of each word is checked behind and after it."""
    plain = "|".join(map(re.escape, words))
    if not all(word[:1].isascii() and word[:1].isalpha() for word in words):
        return re.compile(rf"(?<![a-z])(?:{plain})\b", re.IGNORECASE)
    firsts = sorted({c for word in words for c in (word[0].lower(), word[0].upper())})
    head = "(?-i:[" + "".join(firsts) + r"\x80-\U0010ffff])"
    rest = "|".join(f"(?<={re.escape(w[0])}){re.escape(w[1:])}" for w in words)
    return re.compile(rf"{head}(?<![a-z].)(?:{rest})\b", re.IGNORECASE)
