"""Wording an ATS keyword scan would miss: a requirement the résumé meets in other words than the
posting's ("HIPPA" for "HIPAA", "vitals" for "vital signs", "EKG" for "electrocardiogram", "Epic"
for "EHR"). ma-match credits these; a scanner that looks for the posting's own words may not.

A posting's words for a requirement are the texts its mentions matched. Words compare in lower
case, accents dropped, read through the matcher's crude stem ("scheduled appointments" is
"Schedule appointments"). The résumé "uses" the posting's words when
- every word of one of them stands in one résumé line, the taxonomy's generic bridge words aside
  ("BLS certification" is used by "BLS for Healthcare Providers"); or
- the résumé's own matched words all stand in one posting line that asks for the requirement
  ("vital signs" in "Room patients, take vital signs…"; "HIPAA" in "Maintain HIPAA compliance"):
  the posting uses the résumé's words itself.
Otherwise the requirement gets a wording kind, from what the résumé's matched words are:

- misspelling: each word equal to or within the fuzzy matcher's edit distance (1, or 2 past 8
  letters) of a word of the posting's, one at least not equal ("HIPPA" for "HIPAA compliance",
  "insurace verfication"); or not one of the concept's listed phrases or abbreviations and that
  close to one of its `fuzzy` terms;
- abbreviation: one side writes one of the concept's abbreviations and the other does not;
- related: met through another concept of the taxonomy (`via`: a CCMA for "MA certification",
  Epic for "EHR documentation");
- synonym: another wording of the same concept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz.distance import Levenshtein

from .matcher import stem
from .taxonomy import Taxonomy

WordingKind = str  # misspelling | abbreviation | synonym | related
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    """The stems of a text's words, lower case, accents dropped, hyphens and slashes as spaces."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return [stem(w) for w in _WORD.findall(folded)]


class ResumeWords:
    """Which lines of a résumé hold each word stem: built once, in one pass over the text."""

    def __init__(self, text: str):
        self.lines: dict[str, set[int]] = {}
        for number, line in enumerate(text.split("\n")):
            for word in words_of(line):
                self.lines.setdefault(word, set()).add(number)

    def uses(self, phrase: str, generic: frozenset[str] = frozenset()) -> bool:
        """Whether every word of *phrase* but the *generic* ones (stems) stands in one line of the
        résumé."""
        words = [w for w in words_of(phrase) if w not in generic] or words_of(phrase)
        if not words:
            return False
        common: set[int] | None = None
        for word in words:
            here = self.lines.get(word)
            if not here:
                return False
            common = set(here) if common is None else common & here
            if not common:
                return False
        return True


class WordingJudge:
    """Tells how a résumé's words for a concept differ from the posting's, with the taxonomy."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        # "experience", "certification", "training": words a posting wraps round a keyword
        self.generic = frozenset(w for word in taxonomy.context.bridge for w in words_of(word))
        self._phrases = {
            c.id: {" ".join(words_of(p)) for p in c.phrases} for c in taxonomy.concepts
        }
        self._abbreviations = {
            c.id: {a.lower() for a in c.abbreviations} for c in taxonomy.concepts
        }
        self._fuzzy = {c.id: [_squash(f.lower()) for f in c.fuzzy] for c in taxonomy.concepts}

    def kind(
        self,
        resume_match: str,
        posting_words: Iterable[str],
        via: str,
        asked: Iterable[str],
    ) -> WordingKind:
        """The kind of difference between the résumé's matched words (for concept *via*) and the
        posting's words for a requirement on the concepts *asked*."""
        spoken = resume_match.lower().strip()
        posting_words = tuple(posting_words)
        if any(_misspelling_of(spoken, w.lower()) for w in posting_words) or (
            self._misspelt(spoken, via)
        ):
            return "misspelling"
        asked = tuple(asked)
        posting_abbreviated = any(
            w.lower().strip() in self._abbreviations.get(cid, set())
            for w in posting_words
            for cid in asked
        )
        if (spoken in self._abbreviations.get(via, set())) != posting_abbreviated:
            return "abbreviation"
        if via not in asked:
            return "related"
        return "synonym"

    def _misspelt(self, spoken: str, concept_id: str) -> bool:
        if spoken in self._abbreviations.get(concept_id, set()):
            return False
        if " ".join(words_of(spoken)) in self._phrases.get(concept_id, set()):
            return False
        squashed = _squash(spoken)
        return any(_close(squashed, term) for term in self._fuzzy.get(concept_id, ()))


def shares_keyword(resume_match: str, posting_line: str) -> bool:
    """Whether every word the résumé matched stands in *posting_line* ("HIPAA" in "Maintain HIPAA
    compliance"): the posting uses the résumé's words, so a keyword scan finds them."""
    mine = set(words_of(resume_match))
    return bool(mine) and mine <= set(words_of(posting_line))


def _misspelling_of(written: str, posting: str) -> bool:
    """Whether *written* misspells *posting* (whole, or word by word against its words)."""
    if _close(_squash(written), _squash(posting)):
        return True
    theirs = _WORD.findall(posting)
    mine = _WORD.findall(written)
    if not mine or not theirs:
        return False
    matched = [next((t for t in theirs if w == t or _close(w, t)), None) for w in mine]
    return all(matched) and any(w != t for w, t in zip(mine, matched))


def _squash(text: str) -> str:
    return text.replace(" ", "").replace("-", "")


def _close(written: str, term: str) -> bool:
    """A misspelling of *term*: different, but within the edit distance the fuzzy matcher allows
    (1, or 2 for terms longer than 8 letters)."""
    allowed = 2 if len(term) > 8 else 1
    return (
        written != term
        and len(term) >= 4
        and Levenshtein.distance(written, term, score_cutoff=allowed) <= allowed
    )
