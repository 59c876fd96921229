"""Dates as résumés write them: ranges of months for the jobs, and whether a line ends in a date.

Forms read (each has a test in tests/test_dates.py): "2015-2016", "03/2017 - 05/2018", "06/21 -
08/23", "Jan 2018 to Mar 2020", "Sept. '16 – Apr. '19", "May '19 – Current", "Fall 2016 – Spring
2019", "Summer 2019 – till date", "2019 - Present / Current / Now / to date", tab-aligned dates,
and a range split over two lines ("May 2015\\nto\\nNovember 2016").

Month names and seasons are calendar words, not domain words, so they live here rather than in the
taxonomy. A date library (dateutil, dateparser) was considered: neither finds ranges in running
text, dateparser costs milliseconds per call, and these forms are a closed set, so one regular
expression tried only at anchors keeps the scan linear and fast (ranking reads 300 résumés/s).
"""

from __future__ import annotations

import re
from typing import NamedTuple

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}
# a season starts and ends in these months: "Fall 2016 – Spring 2019" is Sep 2016 to May 2019
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 1}
_SEASON_END = {"spring": 5, "summer": 8, "fall": 12, "autumn": 12, "winter": 2}
# whole month names or their abbreviations only: "Market, 2015" is no March
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)
_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_APOSTROPHE = "['’‘`]"
# a month or season name, or a month number and a slash, then the year: four digits, "'16", or two
# digits after a month number ("06/21"), never part of a whole date
_POINT = (
    rf"(?:(?P<{{p}}m>{_MONTH}|{_SEASON})\s*,?\s*|(?P<{{p}}n>\d{{{{1,2}}}})\s*/\s*)?"
    rf"(?P<{{p}}y>(?:19|20)\d\d|{_APOSTROPHE}\d\d(?!\d)|(?({{p}}n)\d\d(?![\d/])|(?!)))"
)
_NOW = (
    r"(?P<now>present|current(?:ly)?|now|today|ongoing|(?:till|til|until|up\s+to|to)\s+date"
    r"|date)"
)
_SEPARATOR = r"(?:-|–|—|~|to|until|till|til|thru|through)"
# not inside a longer number: "602-555-2019 - 2020" is a phone number, not two years of work
_RANGE = re.compile(
    # the lookahead fails fast where no date can start (most positions), which keeps this cheap
    r"(?=[\djfmasondw'’‘`])(?<![\d/.\-–—])"
    + _POINT.format(p="a")
    + rf"\s*{_SEPARATOR}\s*(?:"
    + _POINT.format(p="b")
    + "|"
    + _NOW
    + r")(?!\d)",
    re.IGNORECASE,
)
# every range holds a year followed by a separator: find those first (cheap), then read the
# whole range around each with _RANGE, instead of trying _RANGE at every position of the text
# Its first character is matched by a class and the rest checked by lookbehind, so the engine
# skips from digit to digit (a leading group of alternatives is tried at every position).
_ANCHOR = re.compile(
    rf"[\d'’‘`](?:(?<=1)9\d\d|(?<=2)0\d\d|(?<=\d)/\d\d|(?<={_APOSTROPHE})\d\d)\s*{_SEPARATOR}",
    re.IGNORECASE,
)
_BEFORE_YEAR = 16  # "September, 2019": a month name and a space stand before the year
_AFTER_SEPARATOR = 40  # " Sept. 2021" or " till date" follow the separator
# a line that ends in one date: "Volunteer, Sunrise Health gift shop, 2015", "01/2013", "May 2015"
_LAST_POINT = re.compile(
    rf"(?<![\w/\-–.])(?:(?:{_MONTH}|{_SEASON})\s*,?\s*(?:(?:19|20)\d\d|{_APOSTROPHE}\d\d)|\d{{1,2}}\s*/\s*(?:19|20)?\d\d"
    rf"|(?:19|20)\d\d)[\s).,;:]*$",
    re.IGNORECASE,
)


class DateRange(NamedTuple):
    """One range of months in a text. Months are counted as year × 12 + month; `end` is exclusive
    (the month after the last one worked) or None when the range runs to the present."""

    start: int
    end: int | None
    text: str
    begin: int  # character offsets of the range in the text
    finish: int


def find_ranges(text: str) -> list[DateRange]:
    """The date ranges of the text, left to right; a range whose dates cannot be read (month 13,
    an end before its start) is left out. Linear: _RANGE is tried only around anchors."""
    found: list[DateRange] = []
    last_end = 0
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < last_end:
            continue
        m = _RANGE.search(
            text, max(last_end, anchor.start() - _BEFORE_YEAR), anchor.end() + _AFTER_SEPARATOR
        )
        if not (m and m.start() <= anchor.start()):
            continue
        last_end = m.end()
        start = _month_index(m, "a", _SEASON_START)
        if start is None:
            continue
        if m.group("now"):
            end = None
        else:
            last = _month_index(m, "b", _SEASON_END)
            if last is None or last < start:
                continue
            # a bare "2015-2016" runs to the end of its last year; "03/2017 - 05/2018" to the end of May
            end = (
                last + 1
                if (m.group("bm") or m.group("bn"))
                else (_year(m.group("by")) + 1) * 12 + 1
            )
        found.append(DateRange(start, end, m.group(0), m.start(), m.end()))
    return found


def ends_in_date(line: str) -> bool:
    """Whether the line's last word is a date (a year, month and year, MM/YY or MM/YYYY)."""
    return _LAST_POINT.search(line) is not None


def before_last_date(line: str) -> str:
    """The line without the date it ends in (the whole line when it ends in none)."""
    m = _LAST_POINT.search(line)
    return line[: m.start()] if m else line


def _month_index(m: re.Match[str], prefix: str, seasons: dict[str, int]) -> int | None:
    year = m.group(f"{prefix}y")
    if year is None:
        return None
    month_name, month_number = m.group(f"{prefix}m"), m.group(f"{prefix}n")
    month = 1
    if month_name:
        word = month_name.rstrip(".").lower()
        month = seasons[word] if word in seasons else _MONTHS.get(word[:3], 1)
    elif month_number:
        month = int(month_number)
        if not 1 <= month <= 12:
            return None
    return _year(year) * 12 + month


def _year(digits: str) -> int:
    """A two-digit year as strptime's %y reads it: 69-99 in the 1900s, 00-68 in the 2000s."""
    digits = digits.lstrip("'’‘`")
    if len(digits) == 4:
        return int(digits)
    return int(digits) + (1900 if int(digits) >= 69 else 2000)
