"""Years of experience: what a posting asks for, and what a résumé's date ranges add up to.

Résumé years come from date ranges ("2019 - Present", "03/2017 - 05/2018", "06/21 - 08/23",
"Jan 2015 to Mar 2016")
merged so that overlapping jobs count once, and from explicit statements ("8 years of experience");
a range is relevant when its job block names clinical or MA work (words from the taxonomy).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate
from typing import Any

from .models import Importance
from .segment import lines_in_sections

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# a year of four digits, or of two after a month number ("06/21"), never part of a whole date
_POINT = (rf"(?:(?P<{{p}}m>{_MONTH})\s+|(?P<{{p}}n>\d{{{{1,2}}}})\s*/\s*)?"
          rf"(?P<{{p}}y>(?:19|20)\d\d|(?({{p}}n)\d\d(?![\d/])|(?!)))")
_NOW = r"(?P<now>present|current|currently|now|today|date)"
# not inside a longer number: "602-555-2019 - 2020" is a phone number, not two years of work
_RANGE = re.compile(
    # the lookahead fails fast where no date can start (most positions), which keeps this cheap
    r"(?=[\djfmasond])(?<![\d/.\-–—])" + _POINT.format(p="a") + r"\s*(?:-|–|—|to|until|thru|through)\s*(?:"
    + _POINT.format(p="b") + "|" + _NOW + r")(?!\d)",
    re.IGNORECASE,
)
# every range holds a year followed by a separator: find those first (cheap), then read the
# whole range around each with _RANGE, instead of trying _RANGE at every position of the text
_ANCHOR = re.compile(r"(?:(?:19|20)\d\d|\d/\d\d)\s*(?:-|–|—|to|until|thru|through)", re.IGNORECASE)
_BEFORE_YEAR = 16  # "September 2019": a month name and a space stand before the year
_AFTER_SEPARATOR = 40  # " Sept. 2021" or " currently" follow the separator


def _date_ranges(text: str) -> list[re.Match[str]]:
    """The date ranges of the text, left to right, as _RANGE.finditer would find them."""
    found: list[re.Match[str]] = []
    last_end = 0
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < last_end:
            continue
        m = _RANGE.search(text, max(last_end, anchor.start() - _BEFORE_YEAR), anchor.end() + _AFTER_SEPARATOR)
        if m and m.start() <= anchor.start():
            found.append(m)
            last_end = m.end()
    return found


_BEFORE_UNIT = 30  # "two to three " stands before "years"
_AFTER_UNIT = 90  # a gap of up to 60 characters, then the subject word ("experience")
_LINES_AROUND = 2  # a job's title usually stands within two lines of its dates


@dataclass(frozen=True)
class ExperienceNeed:
    """The posting's minimum experience."""

    years: float
    importance: Importance
    text: str  # the posting line that asks for it
    line: int


@dataclass(frozen=True)
class ExperienceFound:
    """The résumé's experience: all work, the relevant part, and the lines it came from."""

    total_years: float
    relevant_years: float
    stated_years: float | None
    ranges: tuple[str, ...]


class ExperienceReader:
    """Reads experience statements with the number words, units and relevance words of the taxonomy."""

    def __init__(self, config: dict[str, Any], preferred_cues: tuple[str, ...]):
        self.number_words: dict[str, float] = {k.lower(): float(v) for k, v in config.get("number_words", {}).items()}
        self.units: dict[str, float] = {k.lower(): float(v) for k, v in config.get("units", {}).items()}
        subjects = config.get("subject_words", [])
        self.relevant_words = tuple(w.lower() for w in config.get("relevant_words", []))
        self.relevant_titles = tuple(w.lower() for w in config.get("relevant_titles", []))
        self.education_headings = frozenset(w.lower() for w in config.get("education_headings", []))
        self.work_headings = frozenset(w.lower() for w in config.get("work_headings", []))
        self.preferred_cues = preferred_cues
        number = r"(?P<num>\d+(?:\.\d+)?|" + "|".join(map(re.escape, sorted(self.number_words, key=len, reverse=True))) + ")" \
            if self.number_words else r"(?P<num>\d+(?:\.\d+)?)"
        upper = r"(?:\s*(?:-|–|to)\s*(?P<upper>\d+|" + "|".join(map(re.escape, self.number_words)) + "))?" \
            if self.number_words else r"(?:\s*(?:-|–|to)\s*(?P<upper>\d+))?"
        unit = "(?P<unit>" + "|".join(map(re.escape, sorted(self.units, key=len, reverse=True))) + ")"
        subject = "(?:" + "|".join(map(re.escape, subjects)) + ")"
        # "1+ year of experience", "2-3 years experience", "minimum of six months' MA experience"
        self.statement = re.compile(
            rf"(?<![\w$.]){number}\s*(?:\+|plus)?{upper}\s*(?:\+\s*)?{unit}\b(?:'s|')?(?P<gap>[^.;\n]{{0,60}}?){subject}",
            re.IGNORECASE,
        ) if self.units and subjects else None
        self.unit_anchor = re.compile(rf"(?<![a-z]){unit}\b", re.IGNORECASE) if self.units else None

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
            m = self.statement.search(text, max(last_end, unit.start() - _BEFORE_UNIT), unit.end() + _AFTER_UNIT)
            if m and m.start("unit") == unit.start():
                found.append(m)
                last_end = m.end()
        return found

    def need(self, posting_text: str) -> ExperienceNeed | None:
        """The smallest experience the posting states (the bar a candidate must clear)."""
        best = None
        for years, start, end in self.statements(posting_text):
            line_start = posting_text.rfind("\n", 0, start) + 1
            line_end = posting_text.find("\n", end)
            line = posting_text[line_start: line_end if line_end != -1 else len(posting_text)]
            if best is None or years < best.years:
                lowered = f" {line.lower()} "
                importance: Importance = "preferred" if any(f"{cue}" in lowered for cue in self.preferred_cues) else "required"
                best = ExperienceNeed(years, importance, line.strip(), posting_text.count("\n", 0, start) + 1)
        return best

    def found(self, resume_text: str, today: date) -> ExperienceFound:
        """Years worked, merging overlapping ranges, and the part spent in relevant work."""
        lines = resume_text.split("\n")
        line_starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        spans, relevant, texts = [], [], []
        schooling: set[int] | None = None  # found only when a range asks for it
        for m in _date_ranges(resume_text):
            start = _month_index(m, "a")
            end = _month_index(m, "b") if not m.group("now") else today.year * 12 + today.month
            if end is None or start is None or end < start or end > today.year * 12 + today.month + 1:
                continue
            if end - start > 12 * 50:
                continue
            line_no = bisect_right(line_starts, m.start()) - 1
            if schooling is None:
                schooling = self._education_lines(lines)
            if line_no in schooling:
                continue
            block = " ".join(lines[max(0, line_no - _LINES_AROUND): line_no + _LINES_AROUND + 1]).lower()
            span = (start, end + (1 if m.group("now") or m.group("bm") or m.group("bn") else 12 if end > start else 12))
            # a bare "2015-2016" runs to the end of its last year; "03/2017 - 05/2018" to the end of May
            if not (m.group("bm") or m.group("bn")) and not m.group("now"):
                span = (start, (_year(m.group("by")) + 1) * 12 + 1)
            spans.append(span)
            texts.append(m.group(0))
            if any(t in f" {block} " for t in self.relevant_titles) or any(w in block for w in self.relevant_words):
                relevant.append(span)
        stated = [years for years, _, _ in self.statements(resume_text)]
        total = _merged_years(spans)
        return ExperienceFound(
            total_years=total,
            relevant_years=_merged_years(relevant),
            stated_years=max(stated) if stated else None,
            ranges=tuple(texts),
        )


    def _education_lines(self, lines: list[str]) -> set[int]:
        """Indices of the lines that stand under an education heading (until a work heading)."""
        return set(lines_in_sections(lines, self.education_headings.__contains__, self.work_headings.__contains__))


def _month_index(m: re.Match[str], prefix: str) -> int | None:
    year = m.group(f"{prefix}y")
    if year is None:
        return None
    month_name, month_number = m.group(f"{prefix}m"), m.group(f"{prefix}n")
    month = 1
    if month_name:
        month = _MONTHS.get(month_name[:3].lower(), 1)
    elif month_number:
        month = int(month_number)
        if not 1 <= month <= 12:
            return None
    return _year(year) * 12 + month


def _year(digits: str) -> int:
    """A two-digit year as strptime's %y reads it: 69-99 in the 1900s, 00-68 in the 2000s."""
    if len(digits) == 4:
        return int(digits)
    return int(digits) + (1900 if int(digits) >= 69 else 2000)


def _merged_years(spans: list[tuple[int, int]]) -> float:
    """Total length of the union of month intervals [start, end), in years."""
    total, current = 0, None
    for start, end in sorted(spans):
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
        else:
            if current:
                total += current[1] - current[0]
            current = (start, end)
    if current:
        total += current[1] - current[0]
    return round(total / 12, 1)
