"""Which kind of document a text reads as: a job posting or a résumé, from its structure and cue
words, so that a swapped pair of files ("ma-match posting.txt resume.txt") is said, not scored in
silence with the posting's credentials listed as the candidate's.

Signals, each counted once, all read from the taxonomy (no domain word lives here):
- posting: a heading only postings use, by the role the posting reader gives it ("Responsibilities",
  "Requirements", "Benefits", "How to apply"; not "Skills" or "Education", which résumés use too);
  a `document_cues.posting` phrase ("we offer", "the ideal candidate", "equal opportunity employer");
- résumé: a heading only résumés use, by the kind the résumé reader gives it ("Work History",
  "Objective", "References"); jobs with dates under a work heading; an e-mail address or phone
  number among the first lines (a contact header); a `document_cues.resume` phrase.
A text reads as one kind when it shows at least MIN_SIGNALS of that kind and more than of the other;
two files that each lean the other's way (more signals of it, at least one) read as swapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .posting_structure import PostingStructureReader
from .structure import ResumeStructureReader
from .taxonomy import Taxonomy

DocumentKind = Literal["resume", "posting"]
MIN_SIGNALS = 2  # one cue alone ("salary" in a résumé's objective) decides nothing
# roles of posting headings that say "this is an advertisement" (metadata and conditions do not)
_POSTING_ROLES = frozenset(
    {"duty", "requirement", "preference", "company", "benefit", "eeo", "apply"}
)
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b")
_HEADER_LINES = 5  # a résumé's contact lines stand among its first lines


@dataclass(frozen=True)
class Signals:
    """What in a text speaks for each kind, as short phrases a message can quote."""

    posting: tuple[str, ...]
    resume: tuple[str, ...]

    def reads_as(self) -> DocumentKind | None:
        """The kind the text reads as, or None when the signals do not decide."""
        if len(self.posting) >= MIN_SIGNALS and len(self.posting) > len(self.resume):
            return "posting"
        if len(self.resume) >= MIN_SIGNALS and len(self.resume) > len(self.posting):
            return "resume"
        return None

    def leans(self) -> DocumentKind | None:
        """The kind with more signals (at least one), however few: weaker than `reads_as`."""
        if len(self.posting) > len(self.resume):
            return "posting"
        if len(self.resume) > len(self.posting):
            return "resume"
        return None


class KindReader:
    """Reads a text's signals with the taxonomy's headings and cue words; one pass per reader."""

    def __init__(self, taxonomy: Taxonomy):
        self.postings = PostingStructureReader(taxonomy.posting)
        self.resumes = ResumeStructureReader(taxonomy.experience)
        resume_names = {
            _squash(n) for names in taxonomy.experience.get("headings", {}).values() for n in names
        }
        posting_names = {
            _squash(n) for names in taxonomy.posting.headings_by_role.values() for n in names
        }
        self._posting_only = posting_names - resume_names
        self._resume_only = resume_names - posting_names
        self._cues = {
            kind: tuple((cue, _phrase(cue)) for cue in taxonomy.document_cues.get(kind, ()))
            for kind in ("posting", "resume")
        }

    def signals(self, text: str, structure: object = None) -> Signals:
        """The signals of *text*; *structure* may be the résumé structure the extractor read."""
        lines = text.split("\n")
        posting: list[str] = []
        resume: list[str] = []
        for index, line in enumerate(lines):
            stripped = line.strip()
            if not stripped:
                continue
            found = self.postings.heading(stripped, lines, index)
            head = _squash(re.split(r":|\s\|\s", stripped)[0])
            if found and found[2] and found[0] in _POSTING_ROLES and head in self._posting_only:
                posting.append(f'the heading "{stripped}"')
            elif head in self._resume_only and self.resumes.heading(stripped, lines, index):
                resume.append(f'the heading "{stripped}"')
        lowered = " ".join(_WORDS.findall(text.lower()))
        padded = f" {lowered} "
        for kind, found_list in (("posting", posting), ("resume", resume)):
            for cue, words in self._cues[kind]:
                if words and f" {words} " in padded:
                    found_list.append(f'"{cue}"')
        top = [line for line in lines if line.strip()][:_HEADER_LINES]
        if any(_CONTACT.search(line) for line in top):
            resume.append("contact details at the top")
        read = structure if structure is not None else self.resumes.read(text)
        dated = sum(1 for job in getattr(read, "jobs", ()) if job.ranges)
        if dated:
            resume.append(f"{dated} dated job{'s' if dated > 1 else ''}")
        return Signals(tuple(dict.fromkeys(posting)), tuple(dict.fromkeys(resume)))


def _squash(text: str) -> str:
    return " ".join(text.lower().strip(" :*#").split())


def _phrase(cue: str) -> str:
    return " ".join(_WORDS.findall(cue.lower()))


def swap_warnings(resume: Signals, posting: Signals) -> list[str]:
    """Warnings (each with its likely fix) when the résumé reads as a posting or the posting as a
    résumé; empty when each reads as its own kind or the signals do not decide."""
    resume_is_posting = resume.reads_as() == "posting"
    posting_is_resume = posting.reads_as() == "resume"
    if (resume_is_posting or posting_is_resume) or (
        resume.leans() == "posting" and posting.leans() == "resume"
    ):
        resume_is_posting = resume.leans() == "posting"
        posting_is_resume = posting.leans() == "resume"
    if resume_is_posting and posting_is_resume:
        return [
            "the two files look swapped: the résumé reads as a job posting ("
            + ", ".join(resume.posting[:3])
            + ") and the posting as a résumé ("
            + ", ".join(posting.resume[:3])
            + "); give the résumé first: ma-match RESUME POSTING"
        ]
    warnings = []
    if resume_is_posting:
        warnings.append(
            "the résumé reads as a job posting ("
            + ", ".join(resume.posting[:3])
            + "): is it the right file? The résumé comes first: ma-match RESUME POSTING"
        )
    if posting_is_resume:
        warnings.append(
            posting_warning(posting, "The posting comes second: ma-match RESUME POSTING")
        )
    return warnings


def posting_warning(posting: Signals, usage: str) -> str:
    """The warning for a posting that reads as a résumé: the signals it shows, then `usage`
    (where the command takes its posting), e.g. for `rank` with its résumés after it."""
    return (
        "the posting reads as a résumé ("
        + ", ".join(posting.resume[:3])
        + f"): is it the right file? {usage}"
    )
