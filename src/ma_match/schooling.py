"""Résumé education sections: a title at the start of a line below an education heading names the
programme the candidate trained in, not a job ("Education / Sanford Brown Institute / Medical
Assistant"). The titles are the concepts' `schooling_titles`; the headings that open and close an
education section are the taxonomy's experience headings.
"""

from __future__ import annotations

import re
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc

from .models import Mention
from .segment import doc_text, lines_in_sections, sentence_of
from .taxonomy import Taxonomy

_BULLETS = " \t-–•*·>"
_HEADING_WORDS = 5  # a heading is a short line


class SchoolingMarker:
    """A spaCy component for résumés: adds a mention for each schooling title in an education
    section, unless the concept is already found on that line."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        experience = taxonomy.experience
        self.opening = frozenset(h.lower() for h in experience.get("schooling_headings", []))
        other = (*experience.get("education_headings", []), *experience.get("work_headings", []),
                 *experience.get("other_headings", []))
        self.closing = frozenset(h.lower() for h in other) - self.opening
        self.work_words = tuple(w.lower() for w in experience.get("work_heading_words", []))
        self.titles = [(title, concept.id) for concept in taxonomy.concepts for title in concept.schooling_titles]
        # one search settles most résumés: those without a line that is an education heading
        self.any_opening = re.compile(
            r"^[ \t]*(?:" + "|".join(map(re.escape, sorted(self.opening, key=len, reverse=True))) + r")[ \t]*:?[ \t]*$",
            re.IGNORECASE | re.MULTILINE,
        ) if self.opening and self.titles else None

    def __call__(self, doc: Doc) -> Doc:
        if self.any_opening is None:
            return doc
        text = doc_text(doc)
        if self.any_opening.search(text) is None:
            return doc
        found = self.mentions(doc, text)
        if found:
            doc._.mentions = tuple(sorted((*doc._.mentions, *found), key=lambda m: m.token_start))
        return doc

    def mentions(self, doc: Doc, text: str) -> list[Mention]:
        existing = {(m.concept_id, m.line) for m in doc._.mentions}
        lines = text.split("\n")
        line_starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        result = []
        for index in lines_in_sections(lines, self.opening.__contains__, self._closes):
            mention = self._title_mention(doc, lines[index], line_starts[index], index + 1, existing)
            if mention:
                result.append(mention)
        return result

    def _closes(self, heading: str) -> bool:
        return heading in self.closing or self._work_heading(heading)

    def _work_heading(self, heading: str) -> bool:
        return len(heading.split()) <= _HEADING_WORDS and any(word in heading for word in self.work_words)

    def _title_mention(self, doc: Doc, line: str, offset: int, line_no: int,
                       existing: set[tuple[str, int]]) -> Mention | None:
        body = line.lstrip(_BULLETS)
        lowered = body.lower()
        for title, concept_id in self.titles:
            after = lowered[len(title):len(title) + 1]
            if lowered.startswith(title) and not after.isalnum() and (concept_id, line_no) not in existing:
                start = offset + len(line) - len(body)
                span = doc.char_span(start, start + len(title), alignment_mode="expand")
                if span is None:
                    return None
                return Mention(
                    concept_id=concept_id, start=span.start_char, end=span.end_char,
                    token_start=span.start, token_end=span.end,
                    sentence=sentence_of(doc, span.start)[0], line=line_no,
                )
        return None

