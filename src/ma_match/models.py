"""Value objects passed between the pipeline stages. Frozen: each stage builds new ones."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

Kind = Literal["resume", "posting"]
Status = Literal["present", "negated", "pending"]
# a mention's status may also say the words claim nothing for the candidate: someone else's
# credential ("supervised by a CMA") or a thing traded rather than done ("sold BP monitors");
# such mentions are dropped when a text's findings are summarised
MentionStatus = Literal["present", "negated", "pending", "unclaimed"]
Importance = Literal["required", "preferred"]
SectionKind = Literal["required", "preferred", "duty", "ignored"]


class Mention(NamedTuple):
    """One place in a text where a concept is expressed, with what its context says of it.

    A named tuple rather than a dataclass: a résumé has dozens and ranking makes millions, and a
    tuple is several times cheaper to create; it is just as immutable (`_replace` makes a copy)."""

    concept_id: str
    start: int  # character offsets into the prepared text
    end: int
    token_start: int
    token_end: int
    sentence: int  # index of the sentence the mention stands in
    line: int  # 1-based line number in the prepared text
    status: MentionStatus = "present"
    section: SectionKind = "duty"
    importance: Importance = "required"
    offered: bool = (
        False  # the employer offers it (benefit, paid training), so it is no requirement
    )
    # postings: mentions with the same number >= 0 are alternatives of one list ("Epic or Cerner")
    choice: int = -1


@dataclass(frozen=True)
class ExperienceNeed:
    """The posting's minimum experience: the smallest number of years it asks for."""

    years: float
    importance: Importance
    text: str  # the posting line that asks for it
    line: int


@dataclass(frozen=True)
class WorkHistory:
    """A résumé's work dates as read once at extraction, before any date is known: each work
    range as (start month, end month or None for "Present", relevant), months counted as
    year × 12 + month with `end` exclusive (dates.DateRange); the ranges' texts; and the largest
    number of years the résumé states ("8 years of experience"). Matching turns it into years
    for a given day (experience.ExperienceReader.found_in) without reading the text again."""

    spans: tuple[tuple[int, int | None, bool], ...]
    ranges: tuple[str, ...]
    stated_years: float | None


@dataclass(frozen=True)
class Evidence:
    """A line of the text that shows a concept: the line itself and the matched span's offsets.

    `text` is the line as written (joined with the lines it was hard-wrapped from, bullet
    stripped, a window of a very long line); `start`/`end` are the match's offsets in the whole
    text, `match_start`/`match_end` its offsets in `text` (equal when nothing is matched in it)."""

    text: str
    start: int
    end: int
    line: int
    match: str
    match_start: int = 0
    match_end: int = 0


@dataclass(frozen=True)
class ConceptFinding:
    """What one text says about one concept, summarised over all its mentions."""

    id: str
    label: str
    group: str
    side: str
    status: Status
    importance: Importance | None  # postings only
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class Extraction:
    """Every concept found in one text (résumé or posting), in taxonomy order."""

    kind: Kind
    concepts: tuple[ConceptFinding, ...]
    text: str = field(repr=False)
    mentions: tuple[Mention, ...] = field(repr=False, default=())
    # résumés: the structure.ResumeStructure read once by the extractor, which experience reuses
    structure: Any = field(repr=False, compare=False, default=None)
    # postings: the years of experience asked, read with the same sections and cues as concepts
    experience_need: ExperienceNeed | None = None
    # résumés: the work dates, read once so that matching many postings never re-reads the text
    work: WorkHistory | None = None

    def get(self, concept_id: str) -> ConceptFinding | None:
        return next((c for c in self.concepts if c.id == concept_id), None)
