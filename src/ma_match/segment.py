"""Lines and sentences: undo scraper glue and mark sentence boundaries that respect lines.

Résumés and postings are lists more than prose, so a line break ends a sentence: a negation on
one bullet must never reach the next one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# "QualificationsMedical", "a mustExcellent", "preferred.Ability": a lower-case run glued to a
# capitalised word; "diplomaCCMA", "SpanishEDUCATION": a word glued to an acronym or capitalised
# heading; "PRESENTAllscripts": a capitalised heading glued to the next word. Brand names with
# inner capitals (eClinicalWorks, AdvancedMD) are protected by the taxonomy.
_GLUE = re.compile(
    r"(?<=[a-z]{2})(?=[A-Z][a-z])|(?<=[a-z][.;:!?])(?=[A-Z][a-z])"
    r"|(?<=[a-z]{3})(?=[A-Z]{2,}(?![a-z]))|(?<=[A-Z]{4})(?=[A-Z][a-z]{2,})"
)
_WORD = re.compile(r"\S+")


# "point-of-care", "check-in", "CLIA-waived": a hyphen between letters matches as a space. The
# replacement keeps every offset, so evidence can be read from the text as written.
_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


def unhyphenate(text: str) -> str:
    """The text the matchers read: hyphens inside words become spaces, offsets unchanged."""
    return _WORD_HYPHEN.sub(" ", text)


def protected_words(terms: Iterable[str]) -> frozenset[str]:
    """Words of the taxonomy that carry inner capitals on purpose (eClinicalWorks, NextGen)."""
    words = set()
    for term in terms:
        for word in term.split():
            if _GLUE.search(word):
                words.add(word.lower())
    return frozenset(words)


def split_glued(text: str, protected: frozenset[str]) -> str:
    """Put a line break where a scraper glued a heading or bullet to the next word."""
    if not _GLUE.search(text):
        return text

    def fix(word_match: re.Match[str]) -> str:
        word = word_match.group(0)
        if not _GLUE.search(word):
            return word
        bare = word.strip(".,;:()[]\"'!?").lower()
        if bare in protected or any(p in bare for p in protected):
            return word
        return _GLUE.sub("\n", word)

    return _WORD.sub(fix, text)


_SENTENCE_END = frozenset({".", "!", "?"})


@Language.component("ma_lines")
def mark_sentences(doc: Doc) -> Doc:
    """Start a sentence at every line and after sentence-final punctuation."""
    # set in one array: Token.is_sent_start's setter re-scans the whole doc each time (quadratic)
    starts = numpy.full((len(doc), 1), -1, dtype="int64")
    previous = None
    for token in doc:
        if (
            previous is None
            or "\n" in previous.text
            or "\n" in previous.whitespace_
            or (previous.text in _SENTENCE_END and not token.is_lower)
        ):
            starts[token.i, 0] = 1
        previous = token
    if len(doc):
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
