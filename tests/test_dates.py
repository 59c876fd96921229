"""Date ranges as résumés write them: every supported form, and the numbers that are not dates."""

from __future__ import annotations

import pytest

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
