"""Work that grows with the input, not with its square: counted operations, never timings
(bench/linear.py shows the times)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from ma_match.experience import ExperienceReader

TODAY = date(2026, 11, 1)


class CountingPattern:
    """A compiled pattern that counts the characters its searches were given."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        self.searched = 0

    def search(self, text: str) -> re.Match[str] | None:
        self.searched += len(text)
        return self.pattern.search(text)


@pytest.fixture()
def reader(extractor) -> ExperienceReader:
    taxonomy = extractor.taxonomy
    return ExperienceReader(
        taxonomy.experience, taxonomy.posting.preferred_cues, taxonomy.posting.required_cues
    )


@pytest.mark.parametrize(
    "text",
    [
        # one line of dates (the 168 KB attack, small): every date looks at the same line
        "Jan 2018 - Mar 2020 06/21 - 08/23 2015-2016 " * 200,
        # dates on many lines, in and out of a work section, each window overlapping the next
        "EXPERIENCE\n" + "Front desk, 2015-2016\nfiled charts\n" * 200,
        "Jan 2018 - Mar 2020\n" * 300,
    ],
)
def test_each_line_is_searched_for_relevance_words_once(reader, text: str) -> None:
    assert reader.relevant is not None
    counting = CountingPattern(reader.relevant)
    reader.relevant = counting  # type: ignore[assignment]
    found = reader.found(text, TODAY)
    assert found.ranges  # the dates were read, so relevance was asked for
    assert counting.searched <= len(text)
