"""Find concept mentions: phrase, abbreviation and token-pattern matching, a fuzzy pass for
misspellings, and disambiguation of terms that also mean something else.

The component's `__call__` finds matches, then stores them on `doc._.mentions`; every match keeps
the concept ID of the taxonomy entry that produced it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .models import Mention
from .segment import unhyphenate
from .taxonomy import Concept, Disambiguation, Taxonomy

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=())

_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "e")


def stem(word: str) -> str:
    """A deliberately crude stem so that 'scheduled appointments' meets 'schedule appointment'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word.removesuffix("e") if len(word) > 4 else word


def phrase_variants(phrase: str) -> set[str]:
    """The phrase with hyphens read as spaces (as the text is), with slashes read as spaces or
    dropped hyphens ("e-prescribing" = "eprescribing"), and its last word's plural."""
    base = phrase.lower()
    variants = {unhyphenate(base), re.sub(r"\s*[-/]\s*", " ", base), base.replace("-", "")}
    for variant in list(variants):
        # multi-word phrases are matched on stems, which already ignore a plural "s"
        if " " not in variant and variant[-1:].isalpha() and not variant.endswith("s"):
            variants.add(variant + "s")
    return {v for v in variants if v.strip()}


@dataclass(frozen=True)
class _FuzzyTerm:
    concept_id: str
    squashed: str  # lower-case, no spaces
    words: int


class ConceptMatcher:
    """A spaCy component built from the taxonomy; see the module docstring."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.exact_words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.stemmed_phrases = PhraseMatcher(nlp.vocab, attr="NORM")
        self.abbreviations = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.patterns = Matcher(nlp.vocab)
        self.rules: dict[tuple[str, str], Disambiguation] = {}
        # a multi-word match may be any inflection of a listed phrase ("assists clinicians"), so a
        # rule is also found by the stems of its term, unless the text is itself a listed term
        self.stem_rules: dict[tuple[str, tuple[str, ...]], Disambiguation] = {}
        self.listed: set[tuple[str, str]] = set()
        self.fuzzy_terms: list[_FuzzyTerm] = []
        self._fuzzy_cache: dict[str, str | None] = {}
        self._stems: dict[int, str] = {}
        self._known_words: set[str] = set()
        for concept in taxonomy.concepts:
            self._add(nlp, concept)

    def _add(self, nlp: Language, concept: Concept) -> None:
        single, multi, stem_keys = [], [], set()
        for phrase in concept.phrases:
            for variant in phrase_variants(phrase):
                words = variant.split()
                self.listed.add((concept.id, variant))
                self._known_words.update(words)
                if len(words) == 1:
                    single.append(variant)
                    continue
                key = tuple(stem(w) for w in words)
                if key not in stem_keys:  # "scheduled appointments" and "scheduling appointments" are one pattern
                    stem_keys.add(key)
                    multi.append(variant)
        if single:
            self.exact_words.add(concept.id, list(nlp.tokenizer.pipe(single)))
        if multi:
            docs = list(nlp.tokenizer.pipe(multi))
            for doc in docs:
                self.set_stems(doc)
            self.stemmed_phrases.add(concept.id, docs)
        if concept.abbreviations:
            self.abbreviations.add(concept.id, list(nlp.tokenizer.pipe(unhyphenate(a) for a in concept.abbreviations)))
        if concept.patterns:
            self.patterns.add(concept.id, [list(p) for p in concept.patterns])
        for abbreviation in concept.abbreviations:
            self.listed.add((concept.id, unhyphenate(abbreviation.lower())))
        for rule in concept.disambiguation:
            for term in rule.terms:
                for variant in phrase_variants(term) | {unhyphenate(term.lower())}:
                    self.rules[(concept.id, variant)] = rule
                    self.stem_rules.setdefault((concept.id, tuple(stem(w) for w in variant.split())), rule)
        for term in concept.fuzzy:
            self.fuzzy_terms.append(_FuzzyTerm(concept.id, term.lower().replace(" ", ""), len(term.split())))

    def set_stems(self, doc: Doc) -> None:
        """Write each token's crude stem into its NORM, which the multi-word matcher reads."""
        stems = self._stems
        for token in doc:
            key = token.lower
            value = stems.get(key)
            if value is None:
                value = stems[key] = stem(token.lower_)
            token.norm_ = value

    def __call__(self, doc: Doc) -> Doc:
        spans = self.find(doc)
        doc._.mentions = tuple(self.to_mentions(doc, spans))
        return doc

    def find(self, doc: Doc) -> list[Span]:
        """Every concept span, disambiguated, overlaps resolved in favour of the longest."""
        self.set_stems(doc)
        vocab_strings = doc.vocab.strings
        found = []
        for matcher in (self.exact_words, self.stemmed_phrases, self.abbreviations, self.patterns):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end, label=match_id)
                if self.keep(span, vocab_strings[match_id]):
                    found.append(span)
        found.extend(self.find_fuzzy(doc, found))
        return sorted(_longest(found), key=lambda s: (s.start, s.label_))

    def keep(self, span: Span, concept_id: str) -> bool:
        """Apply the concept's disambiguation rule for this term, if it has one."""
        text = span.text.lower()
        rule = self.rules.get((concept_id, text))
        if rule is None and (concept_id, text) not in self.listed:
            rule = self.stem_rules.get((concept_id, tuple(stem(t.lower_) for t in span if not t.is_space)))
        if rule is None:
            return True
        sentence = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
        lo = max(sentence.start, span.start - rule.window)
        hi = min(sentence.end, span.end + rule.window)
        doc = span.doc
        around = " " + " ".join(t.lower_ for t in doc[lo:hi] if not t.is_space) + " "
        if rule.reject_near and _any_of(rule.reject_near).search(around):
            return False
        if rule.require_near:
            # the context must come from outside the term itself ("exam room" does not vouch for "room")
            outside = " ".join(t.lower_ for t in (*doc[lo:span.start], *doc[span.end:hi]) if not t.is_space)
            return _any_of(rule.require_near).search(f" {outside} ") is not None
        return True

    def find_fuzzy(self, doc: Doc, exact: list[Span]) -> Iterable[Span]:
        """Misspellings of long, distinctive terms ('venipucture', 'eClinical Works')."""
        if not self.fuzzy_terms:
            return []
        covered = {i for span in exact for i in range(span.start, span.end)}
        result = []
        for start in range(len(doc)):
            if start in covered or not doc[start].is_alpha:
                continue
            for width in (1, 2, 3):
                end = start + width
                if end > len(doc) or any(
                    i in covered or not doc[i].is_alpha or doc[i].is_stop for i in range(start, end)
                ):
                    break
                candidate = "".join(t.lower_ for t in doc[start:end])
                concept_id = self._fuzzy_lookup(candidate)
                if concept_id:
                    span = Span(doc, start, end, label=concept_id)
                    if self.keep(span, concept_id):
                        result.append(span)
                    break
        return result

    def _fuzzy_lookup(self, candidate: str) -> str | None:
        if candidate in self._fuzzy_cache:
            return self._fuzzy_cache[candidate]
        match = None
        if len(candidate) >= 5 and candidate not in self._known_words:
            for term in self.fuzzy_terms:
                if candidate == term.squashed:
                    match = term.concept_id  # "eClinical Works" written apart
                    break
                if candidate[:2] != term.squashed[:2] or abs(len(candidate) - len(term.squashed)) > 2:
                    continue
                allowed = 1 if len(term.squashed) <= 8 else 2
                if Levenshtein.distance(candidate, term.squashed, score_cutoff=allowed) <= allowed:
                    if _other_word_form(candidate, term.squashed):
                        continue  # "coordinator" is another word than "coordination", not a typo
                    match = term.concept_id
                    break
        self._fuzzy_cache[candidate] = match
        return match

    def to_mentions(self, doc: Doc, spans: list[Span]) -> Iterable[Mention]:
        sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
        line_starts = [0] + [m.end() for m in re.finditer("\n", doc.text)]
        for span in spans:
            yield Mention(
                concept_id=span.label_,
                start=span.start_char,
                end=span.end_char,
                token_start=span.start,
                token_end=span.end,
                sentence=sentence_index[span.sent.start],
                line=bisect_right(line_starts, span.start_char),
            )


# English endings: two words that differ only in these after a common stem are different word
# forms ("inventor" / "inventory", "telephoned" / "telephones"), not one word misspelt.
_WORD_ENDINGS = frozenset({
    "", "s", "es", "d", "ed", "er", "ers", "or", "ors", "ion", "ions", "ing", "ings", "y", "ies", "ist", "ists",
    "al", "ally", "ly", "ive", "ment", "ments", "ity", "ic", "ical", "ism", "ian", "ians", "ate", "ator", "ation",
})


def _other_word_form(candidate: str, term: str) -> bool:
    common = 0
    for a, b in zip(candidate, term):
        if a != b:
            break
        common += 1
    return candidate[common:] in _WORD_ENDINGS and term[common:] in _WORD_ENDINGS


@lru_cache(maxsize=4096)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for 'any of these words or phrases, whole', as _contains reads each of them."""
    alternatives = sorted({re.escape(w.lower()) for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(alternatives)})(?![a-z0-9])")


def _longest(spans: list[Span]) -> list[Span]:
    """Resolve overlaps in favour of the longest span, but keep spans of different concepts that
    cover exactly the same tokens (a disambiguated term may honestly mean two things)."""
    kept = filter_spans(spans)
    kept_keys = {(s.start, s.end) for s in kept}
    kept_set = set(kept)  # a list lookup here made long texts quadratic
    extra = [s for s in spans if (s.start, s.end) in kept_keys and s not in kept_set]
    unique = {(s.start, s.end, s.label_): s for s in kept + extra}
    return list(unique.values())
