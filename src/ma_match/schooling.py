"""Résumé education sections: a title at the start of a line in an education section names the
programme the candidate trained in, not a job ("Education / Sanford Brown Institute / Medical
Assistant"). The titles are the concepts' `schooling_titles`; which lines are education entries is
the résumé structure's answer (structure.py, read by the RoleFilter before this component).
"""

from __future__ import annotations

from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc

from .credit import structure_of
from .models import Mention
from .pipeline import TaxonomyComponent
from .segment import doc_text, sentence_of
from .taxonomy import Taxonomy

_BULLETS = " \t-–•*·>"
# what ends the field before a title that stands as a field of its own
_FIELD_ENDS = (", ", " - ", " – ", " — ", " | ", "\t", ": ", " in ")


def _field_start(lowered: str, title: str) -> int | None:
    """Where `title` stands in the line as a whole field: at its start, or right after a field
    separator (`_FIELD_ENDS`), and followed by no letter or digit; else None."""
    at = lowered.find(title)
    while at != -1:
        after = lowered[at + len(title) : at + len(title) + 1]
        opens = at == 0 or any(lowered.endswith(end, 0, at) for end in _FIELD_ENDS)
        if opens and not after.isalnum():
            return at
        at = lowered.find(title, at + 1)
    return None


class SchoolingMarker(TaxonomyComponent):
    """A spaCy component for résumés: adds a mention for each schooling title in an education
    section, unless the concept is already found on that line."""

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        self.titles = [
            (title, concept.id)
            for concept in taxonomy.concepts
            for title in concept.schooling_titles
        ]

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self.ready()
        structure = structure_of(doc)
        if not self.titles or structure is None:
            return doc
        education = [i for i, line in enumerate(structure.lines) if line.role == "education"]
        if not education:
            return doc
        found = self.mentions(doc, doc_text(doc), education)
        if found:
            doc._.mentions = tuple(sorted((*doc._.mentions, *found), key=lambda m: m.token_start))
        return doc

    def mentions(self, doc: Doc, text: str, education: list[int]) -> list[Mention]:
        """Mentions of schooling titles on the given (0-based) education lines."""
        existing = {(m.concept_id, m.line) for m in doc._.mentions}
        lines = text.split("\n")
        line_starts = list(accumulate((len(line) + 1 for line in lines[:-1]), initial=0))
        result = []
        for index in education:
            mention = self._title_mention(
                doc, lines[index], line_starts[index], index + 1, existing
            )
            if mention:
                result.append(mention)
        return result

    def _title_mention(
        self, doc: Doc, line: str, offset: int, line_no: int, existing: set[tuple[str, int]]
    ) -> Mention | None:
        body = line.lstrip(_BULLETS)
        lowered = body.lower()
        for title, concept_id in self.titles:
            if (concept_id, line_no) in existing:
                continue
            # the title opens the line, or a field after a degree ("Associate of Applied
            # Science, Medical Assisting", "AAS - Medical Assistant | Pima College")
            at = _field_start(lowered, title)
            if at is not None:
                start = offset + len(line) - len(body) + at
                span = doc.char_span(start, start + len(title), alignment_mode="expand")
                if span is None:
                    return None
                return Mention(
                    concept_id=concept_id,
                    start=span.start_char,
                    end=span.end_char,
                    token_start=span.start,
                    token_end=span.end,
                    sentence=sentence_of(doc, span.start)[0],
                    line=line_no,
                )
        return None
