"""Dates as résumés write them: ranges of months for the jobs, and whether a line ends in a date.

Forms read (each has a test in tests/test_dates.py): "2015-2016", "2017–19", "03/2017 - 05/2018",
"06/21 - 08/23", "06/15/2018 – 08/30/2020", "2016-03 to 2018-08", "03-2016 – 08-2018", "04.2015 –
09.2017", "Jan 2018 to Mar 2020", "March 3, 2017 – May 20, 2019", "Sept. '16 – Apr. '19", "Jan –
Aug 2019", "May '19 – Current", "Fall 2016 – Spring 2019", "Summer 2019 – till date", "2019 -
Present / Current / Now / to date", month names missing a letter after the third ("Febuary"),
tab-aligned dates, and a range split over two lines ("May 2015\\nto\\nNovember 2016").

Month names and seasons are calendar words, not domain words, so they live here rather than in the
taxonomy. A date library (dateutil, dateparser) was considered: neither finds ranges in running
text, dateparser costs milliseconds per call, and these forms are a closed set, so one regular
expression tried only at anchors keeps the scan linear and fast (ranking reads 300 résumés/s).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# a season starts and ends in these months: "Fall 2016 – Spring 2019" is Sep 2016 to May 2019
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 1}
_SEASON_END = {"spring": 5, "summer": 8, "fall": 12, "autumn": 12, "winter": 2}
_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# a month's name, its first three letters, or between: every letter after the third may be
# missing, so "Sept", "Febuary" and "Decmber" read too; a whole word only ("Market, 2015" is no
# March)
_MONTH = (
    "(?:"
    + "|".join(name[:3] + "".join(f"{c}?" for c in name[3:]) for name in _MONTH_NAMES)
    + r")(?![a-z])\.?"
)
_MONTHS = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)}

_SEASON = r"(?:spring|summer|fall|autumn|winter)"
_APOSTROPHE = "['’‘`]"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"  # "March 3, 2017", "June 1st, 2019": the day is not counted


def _point(p: str) -> str:
    """One end of a range, its groups named with prefix `p`: the year first and a month number
    ("2016-03", "2013/06"; not "2019.12", a version); or the year after a month or season name (and perhaps a day: "March
    3, 2017"), a month number and a slash (perhaps a day before a four-digit year: "06/15/2018"; "1/6/21"
    is a visit's date more often than a job's), or a two-digit month
    and a dash or dot ("03-2016", "04.2015"); or the year alone. The year is four digits, "'16",
    or two digits after a month number and a slash ("06/21"), never part of a whole date."""
    return (
        rf"(?:(?P<{p}Y>(?:19|20)\d\d)[-/](?P<{p}M>0[1-9]|1[0-2])(?![\d/.])"
        rf"|(?:(?P<{p}m>{_MONTH}|{_SEASON})\s*(?:{_DAY},?\s+)?,?\s*"
        rf"|(?P<{p}n>\d{{1,2}})\s*/\s*(?:\d{{1,2}}\s*/\s*(?=(?:19|20)\d\d))?"
        rf"|(?P<{p}d>\d\d)[-.](?=(?:19|20)\d\d))?"
        rf"(?P<{p}y>(?:19|20)\d\d|{_APOSTROPHE}\d\d(?!\d)|(?({p}n)\d\d(?![\d/])|(?!))))"
    )


_NOW = (
    r"(?P<now>present|current(?:ly)?|now|today|ongoing|(?:till|til|until|up\s+to|to)\s+date"
    r"|date)"
)
_DASH = r"(?:-{1,2}|–|—|~)"
_SEPARATOR = rf"(?:{_DASH}|to|until|till|til|thru|through)"
# not inside a longer number: "602-555-2019 - 2020" is a phone number, not two years of work
_RANGE = re.compile(
    # the lookahead fails fast where no date can start (most positions), which keeps this cheap
    r"(?=[\djfmasondw'’‘`])(?<![\d/.\-–—])"
    + _point("a")
    + rf"\s*{_SEPARATOR}\s*(?:"
    + _point("b")
    # "2017–19": a year and, straight after its dash, the end year's last two digits (not
    # before a word: "2019-25 patients a day" is a count)
    + r"|(?<=\d[-–—])(?P<bc>\d\d)(?!\s*[a-z])"
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
    rf"[\d'’‘`](?:(?<=1)9\d\d|(?<=2)0\d\d|(?<=\d)[/.\-]\d\d|(?<={_APOSTROPHE})\d\d)\s*{_SEPARATOR}",
    re.IGNORECASE,
)
# "Jan – Aug 2019": two months and the year they share. Found from the dash after a word
# (a class first, so the engine skips from dash to dash), then read whole around it.
_SHARED_ANCHOR = re.compile(
    rf"[-–—~](?:(?<=[a-z.][-–—~])|(?<=[a-z.] [-–—~]))-?\s*{_MONTH}\s*,?\s*(?:(?:19|20)\d\d|{_APOSTROPHE}\d\d)(?!\d)",
    re.IGNORECASE,
)
_SHARED_YEAR = re.compile(
    rf"(?<![a-z])(?P<am>{_MONTH})\s*{_DASH}\s*(?P<bm>{_MONTH})\s*,?\s*"
    rf"(?P<by>(?:19|20)\d\d|{_APOSTROPHE}\d\d)(?!\d)",
    re.IGNORECASE,
)
# "Lead MA, Kestrel Clinic - since June 2022": a start and no end, a job held to this day; only as
# a job line's last field, after a separator, not on a bulleted line ("CCMA-certified since 2021"
# dates a credential, "- Since 2018, trained all new MAs" a duty)
_SINCE = re.compile(
    rf"(?:(?<=[,|\t–—-])|(?<=[,|–—-] ))[ \t]*since\s+{_point('a')}(?![\d/])(?=[ \t]*(?:$|[|;)]))",
    re.IGNORECASE | re.MULTILINE,
)
_BULLETS = "-*•·▪"  # a line starting with one of these is a duty, not a job's heading
MAX_SHORT_SPAN = 10  # "2017–19": years an end written in two digits may lie after the start
_BEFORE_YEAR = 24  # "September 30, 2019": a month name and a day stand before the year
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
    an end before its start) is left out. Linear: _RANGE is tried only around anchors, and
    _SHARED_YEAR only before a dash that a month and a year follow."""
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
        elif m.group("bc"):  # "2017–19" runs to the end of 2019
            if not _short_end_year(m.group("ay"), m.group("bc")):
                continue
            end = (_year(m.group("bc")) + 1) * 12 + 1
        else:
            last = _month_index(m, "b", _SEASON_END)
            if last is None or last < start:
                continue
            # a bare "2015-2016" runs to the end of its last year; "03/2017 - 05/2018" to the end of May
            bare = not (m.group("bm") or m.group("bn") or m.group("bd") or m.group("bY"))
            end = (_year(m.group("by")) + 1) * 12 + 1 if bare else last + 1
        found.append(DateRange(start, end, m.group(0), m.start(), m.end()))
    others = _shared_year_ranges(text) + _since_ranges(text)
    if not others:
        return found
    # a shared-year or open range stands where no other range does ("Jan – Aug 2019" holds no
    # anchor)
    taken = [(r.begin, r.finish) for r in found]
    for r in others:
        if not any(r.begin < finish and begin < r.finish for begin, finish in taken):
            found.append(r)
    return sorted(found, key=lambda r: r.begin)


def _since_ranges(text: str) -> list[DateRange]:
    """Ranges written as a start alone after "since" ("since June 2022"): open to the present."""
    found = []
    for m in _SINCE.finditer(text):
        if text[text.rfind("\n", 0, m.start()) + 1 :].lstrip()[:1] in _BULLETS:
            continue
        start = _month_index(m, "a", _SEASON_START)
        if start is not None:
            found.append(DateRange(start, None, m.group(0), m.start(), m.end()))
    return found


def _shared_year_ranges(text: str) -> list[DateRange]:
    """Ranges of two months and the year they share ("Jan – Aug 2019", "Sept.–Dec. 2020")."""
    found = []
    for anchor in _SHARED_ANCHOR.finditer(text):
        m = _SHARED_YEAR.search(text, max(0, anchor.start() - _BEFORE_YEAR), anchor.end())
        if not (m and m.end() == anchor.end()):
            continue
        year = _year(m.group("by")) * 12
        first = _MONTHS[m.group("am").rstrip(".").lower()[:3]]
        last = _MONTHS[m.group("bm").rstrip(".").lower()[:3]]
        if first <= last:  # "Nov – Feb 2020" would cross a new year: which one is not said
            found.append(DateRange(year + first, year + last + 1, m.group(0), m.start(), m.end()))
    return found


def _short_end_year(start_year: str | None, digits: str) -> bool:
    """Whether "2017–19" reads as 2017 to 2019: the start a bare four-digit year, and the two
    digits no month ("2003-08" is August 2003) and at most MAX_SHORT_SPAN years after it."""
    if start_year is None or len(start_year) != 4:
        return False
    after = int(digits) - int(start_year) % 100
    return int(digits) > 12 and 0 < after <= MAX_SHORT_SPAN


def ends_in_date(line: str) -> bool:
    """Whether the line's last word is a date (a year, month and year, MM/YY or MM/YYYY)."""
    return _LAST_POINT.search(line) is not None


def before_last_date(line: str) -> str:
    """The line without the date it ends in (the whole line when it ends in none)."""
    m = _LAST_POINT.search(line)
    return line[: m.start()] if m else line


def _month_index(m: re.Match[str], prefix: str, seasons: dict[str, int]) -> int | None:
    """The month (year × 12 + month) of the range end whose groups carry `prefix` ("a" or "b";
    see _point): the year first, or a year with a month name, season (from `seasons`: its first
    or last month), month number or none (January); None for no year or a month outside 1-12."""
    if m.group(f"{prefix}Y"):  # "2016-03": the year first
        return int(m.group(f"{prefix}Y")) * 12 + int(m.group(f"{prefix}M"))
    year = m.group(f"{prefix}y")
    if year is None:
        return None
    month_name = m.group(f"{prefix}m")
    month_number = m.group(f"{prefix}n") or m.group(f"{prefix}d")
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
