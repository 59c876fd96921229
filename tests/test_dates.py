"""Date ranges as résumés write them: every supported form, and the numbers that are not dates."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from known_gaps import as_params
from ma_match.dates import before_last_date, ends_in_date, find_ranges


def month(year: int, number: int) -> int:
    return year * 12 + number


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # month names and abbreviations, with or without a dot, with a two-digit year after an apostrophe
        ("Sept. '16 – Apr. '19", month(2016, 9), month(2019, 4) + 1),
        ("Sep '16 - Apr '19", month(2016, 9), month(2019, 4) + 1),
        ("Feb. ’21 – Oct. ’23", month(2021, 2), month(2023, 10) + 1),
        ("January 2018 to March 2020", month(2018, 1), month(2020, 3) + 1),
        ("Jan 2018 to Mar 2020", month(2018, 1), month(2020, 3) + 1),
        ("Aug. 2014 – Dec. 2015", month(2014, 8), month(2015, 12) + 1),
        # seasons start and end with their months
        ("Fall 2016 – Spring 2019", month(2016, 9), month(2019, 5) + 1),
        ("Autumn 2012 - Summer 2013", month(2012, 9), month(2013, 8) + 1),
        # MM/YY and MM/YYYY, mixed too
        ("03/2017 - 05/2018", month(2017, 3), month(2018, 5) + 1),
        ("06/21 - 08/23", month(2021, 6), month(2023, 8) + 1),
        ("01/19 - 03/2020", month(2019, 1), month(2020, 3) + 1),
        # bare years run to the end of the last year
        ("2015-2016", month(2015, 1), month(2016, 12) + 1),
        ("2015 through 2016", month(2015, 1), month(2016, 12) + 1),
        # tab-aligned and split over two lines
        ("Medical Assistant, Harbor Clinic\t\t2017\t–\t2019", month(2017, 1), month(2019, 12) + 1),
        ("May 2015\n \nto \nNovember 2016", month(2015, 5), month(2016, 11) + 1),
        ("Jun 2012 –\nAug 2014", month(2012, 6), month(2014, 8) + 1),
        # whole dates: the day is read past, the month counts
        ("April 2, 2016 – June 30, 2018", month(2016, 4), month(2018, 6) + 1),
        ("Nov 1st, 2013 to Jan 9th, 2015", month(2013, 11), month(2015, 1) + 1),
        ("10/01/2019 - 12/31/2021", month(2019, 10), month(2021, 12) + 1),
        # the year first, or a month number before a dash or dot
        ("2015-04 – 2017-10", month(2015, 4), month(2017, 10) + 1),
        ("2012/09 to 2014/02", month(2012, 9), month(2014, 2) + 1),
        ("05-2014 - 11-2016", month(2014, 5), month(2016, 11) + 1),
        ("07.2018 – 02.2020", month(2018, 7), month(2020, 2) + 1),
        # the end year's last two digits, straight after the dash
        ("Scribe, Lakeside ENT, 2014–16", month(2014, 1), month(2016, 12) + 1),
        # two months and the year they share
        ("Flu clinic MA, Feb – Apr 2022", month(2022, 2), month(2022, 4) + 1),
        ("June—August 2017", month(2017, 6), month(2017, 8) + 1),
        ("Oct.-Nov. '21 (temp)", month(2021, 10), month(2021, 11) + 1),
        # a double hyphen, and month names missing a letter
        ("Mar 2015 -- Jan 2017", month(2015, 3), month(2017, 1) + 1),
        ("Janury 2016 – Febrary 2018", month(2016, 1), month(2018, 2) + 1),
        ("Septmber 2014 – Octobr 2015", month(2014, 9), month(2015, 10) + 1),
    ],
)
def test_closed_ranges(text, start, end):
    found = find_ranges(text)
    assert len(found) == 1, f"{text!r}: {found}"
    assert (found[0].start, found[0].end) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "May '19 – Current",
        "2019 - Present",
        "Summer 2019 – till date",
        "Summer 2019 till date",
        "2020 to date",
        "March 2021 - Now",
        "04/2022 – present",
        "Winter 2023 - ongoing",
        "Oct. '20 – Currently",
        "3/15/2020 – Present",
        "10.2021 - present",
        "2019-06 – current",
        "Lead MA, Kestrel Clinic - since Sept 2021",
        "Front Desk | Since 2020",
    ],
)
def test_open_ranges_run_to_the_present(text):
    found = find_ranges(text)
    assert len(found) == 1, f"{text!r}: {found}"
    assert found[0].end is None


@pytest.mark.parametrize(
    "text",
    [
        "Call 602-555-2019 - 2020 ext 4",
        "Version 1.2019 - 2020",
        "13/2019 - 05/2020",
        "2021 - 2019",
        "Saw 2019 - 40 patients",
        "Room 12/5 - 6/7",
        "Seen 4/2/19 - 5/1/19",  # a visit's dates, two-digit years
        "Nov – Feb 2020",  # which winter is not said
        "Version 1.2019 - 2.2020",
        "Aug 2021 - 40 patients",
        "Hired 2003-08",  # a year and month, no range
        "Roomed 2019–25 patients a day",  # a count after the year
        "Version 2019.12 - 2020.01",
        "Seen since 12 patients",  # no year after "since"
        "CCMA-certified since 2021",  # a credential's date, inside a field
        "- Since 2018, trained all new MAs in phlebotomy",  # a duty line
        "- Trained in Epic (since 2017 upgrade)",  # not a job line's last field
    ],
)
def test_numbers_that_are_not_date_ranges(text):
    assert find_ranges(text) == []


@pytest.mark.parametrize(
    ("line", "dated"),
    [
        ("Volunteer, Sunrise Health gift shop, 2015", True),
        ("01/2013", True),
        ("May 2015", True),
        ("Graduated Spring 2014.", True),
        ("Filed 2000 charts a day", False),
        ("Call 555-2015", False),
        ("Medical Assistant", False),
    ],
)
def test_a_line_ending_in_a_date(line, dated):
    assert ends_in_date(line) is dated


def test_the_text_before_a_final_date():
    assert (
        before_last_date("Cashier, Lakeview Market, 2015").strip(" ,") == "Cashier, Lakeview Market"
    )


# --- a held-out set of lines, written blind to this module (tests/fixtures) ---------------------

HELDOUT = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "date_ranges_heldout.yaml").read_text(encoding="utf-8")
)


def _month_of(text: str) -> int:
    year, number = text.split("-")
    return month(int(year), int(number))


@pytest.mark.parametrize("item", as_params(HELDOUT["ranges"]))
def test_heldout_range_reads_its_months(item):
    found = find_ranges(item["text"])
    end = None if item["end"] == "open" else _month_of(item["end"]) + 1
    assert [(r.start, r.end) for r in found] == [(_month_of(item["start"]), end)], item["text"]


@pytest.mark.parametrize("item", as_params(HELDOUT["not_ranges"]))
def test_heldout_line_holds_no_range(item):
    assert find_ranges(item["text"]) == [], f"{item['text']!r}: {item['why']}"
