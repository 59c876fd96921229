"""Find concept mentions: phrase, abbreviation and token-pattern matching, a fuzzy pass for
misspellings, and disambiguation of terms that also mean something else.

The component's `__call__` finds matches, then stores them on `doc._.mentions`; every match keeps
the concept ID of the taxonomy entry that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any, cast

import numpy
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist
from spacy.attrs import IS_ALPHA, IS_STOP, LOWER, NORM
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from .models import Mention
from .pipeline import TaxonomyComponent
from .segment import (
    ALPHA_ROW,
    FORMS_KEY,
    IDX_ROW,
    LENGTH_ROW,
    LOWER_ROW,
    NORM_ROW,
    ORTH_ROW,
    STOP_ROW,
    distinct_values,
    doc_text,
    fold_accents,
    reading_form,
    sentence_of,
    sentence_starts,
    token_columns,
    tokenizer_of,
    unhyphenate,
)
from .taxonomy import Concept, Disambiguation, Taxonomy

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=())

_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "e")


@lru_cache(maxsize=1 << 14)  # bounded: ranking sees endless new words
def stem(word: str) -> str:
    """A deliberately crude stem so that 'scheduled appointments' meets 'schedule appointment'."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    return word.removesuffix("e") if len(word) > 4 else word


def phrase_variants(phrase: str) -> set[str]:
    """The phrase with hyphens read as spaces (as the text is), with slashes read as spaces or
    dropped hyphens ("e-prescribing" = "eprescribing"), and its last word's plural; accents are
    dropped, as the text the matcher reads has none ("español" = "espanol")."""
    base = fold_accents(phrase.lower())
    variants = {unhyphenate(base), re.sub(r"\s*[-/]\s*", " ", base), base.replace("-", "")}
    for variant in list(variants):
        # multi-word phrases are matched on stems, which already ignore a plural "s"
        if " " not in variant and variant[-1:].isalpha() and not variant.endswith("s"):
            variants.add(variant + "s")
    return {v for v in variants if v.strip()}


Match = tuple[int, int, str]  # start token, end token, concept ID
# entries in each per-word cache before it starts over: a long ranking run meets endless names,
# and the everyday words a cache serves come back within a few résumés
_CACHE_LIMIT = 20_000


class _SequenceIndex:
    """A phrase matcher over one token attribute's hashes: patterns are hash sequences indexed by
    their first hash, so building one needs no pattern Doc (nor a lexeme per pattern word) and
    matching is a vectorised membership test plus a short comparison where a pattern may start."""

    def __init__(self) -> None:
        # each pattern keeps its concept and the disambiguation rule its term falls under
        self.singles: dict[int, list[tuple[str, _Rule | None]]] = {}
        # longer patterns by a code of their first two hashes, so few are compared in full
        self.longer: dict[int, list[tuple[tuple[int, ...], str, _Rule | None]]] = {}
        self._keys: tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray] | None = None

    def add(self, concept_id: str, hashes: list[int], rule: _Rule | None) -> None:
        if len(hashes) == 1:
            self.singles.setdefault(hashes[0], []).append((concept_id, rule))
        elif hashes:
            code = int(_pair_codes(numpy.array(hashes[:2], dtype="uint64"))[0])
            self.longer.setdefault(code, []).append((tuple(hashes), concept_id, rule))
        self._keys = None

    def __len__(self) -> int:
        return len(self.singles) + len(self.longer)

    def lookup(self, hashes: list[int]) -> list[str]:
        """The concepts whose pattern is exactly this hash sequence (two or more hashes)."""
        code = int(_pair_codes(numpy.array(hashes[:2], dtype="uint64"))[0])
        wanted = tuple(hashes)
        return [
            concept_id
            for sequence, concept_id, _ in self.longer.get(code, ())
            if sequence == wanted
        ]

    def find(
        self, column: numpy.ndarray, forms: tuple[numpy.ndarray, numpy.ndarray] | None = None
    ) -> list[tuple[int, int, str, _Rule | None]]:
        """Every pattern occurrence in a column of hashes, as (start, end, concept, rule).
        `forms` is (the column's distinct values, per token the index of its own), when the
        column holds one value per word form: membership is then tested once per distinct
        value and spread to the tokens, instead of a binary search per token."""
        if self._keys is None:
            self._keys = (
                numpy.array(sorted(self.singles), dtype="uint64"),
                numpy.array(sorted(self.longer), dtype="uint64"),
                numpy.array(
                    sorted({s[0] for p in self.longer.values() for s, _, _ in p}), "uint64"
                ),
            )
        single_keys, pair_keys, first_keys = self._keys
        found: list[tuple[int, int, str, _Rule | None]] = []
        hits = numpy.flatnonzero(_in_keys(column, single_keys, forms)).tolist()
        singles = self.singles
        for i, value in zip(hits, column[hits].tolist()):
            for concept_id, rule in singles[value]:
                found.append((i, i + 1, concept_id, rule))
        if len(column) > 1 and len(pair_keys):
            # a longer pattern starts only on its first word: pairs are coded only there
            firsts = numpy.flatnonzero(_in_keys(column[:-1], first_keys, forms, cut=1))
            codes = _pair_codes(column[firsts], column[firsts + 1])
            coded = _in_keys(codes, pair_keys)
            starts = firsts[coded].tolist()
            if starts:
                values, n = column.tolist(), len(column)
                for i, code in zip(starts, codes[coded].tolist()):
                    for sequence, concept_id, rule in self.longer[code]:
                        k = len(sequence)
                        if i + k <= n and tuple(values[i : i + k]) == sequence:
                            found.append((i, i + k, concept_id, rule))
        return found


def _pair_codes(first: numpy.ndarray, second: numpy.ndarray | None = None) -> numpy.ndarray:
    """One number per pair of neighbouring hashes (wrapping arithmetic; collisions are checked):
    of `first`'s neighbours, or of first[i] and second[i]."""
    if second is None:
        first, second = first[:-1], first[1:]
    with numpy.errstate(over="ignore"):
        return first * numpy.uint64(1_000_003) ^ second


def _members(values: numpy.ndarray, sorted_keys: numpy.ndarray) -> list[int]:
    """Positions of `values` found in `sorted_keys` (a binary search each, no Python loop)."""
    return numpy.flatnonzero(_in_keys(values, sorted_keys)).tolist()


def _in_keys(
    values: numpy.ndarray,
    sorted_keys: numpy.ndarray,
    forms: tuple[numpy.ndarray, numpy.ndarray] | None = None,
    cut: int = 0,
) -> numpy.ndarray:
    """Whether each of `values` is in `sorted_keys`. With `forms` (the distinct values of the
    column `values` was cut from, and per token the index of its own; `cut` tokens dropped at
    its end), each distinct value is searched once."""
    if not len(sorted_keys) or not len(values):
        return numpy.zeros(len(values), dtype=bool)
    if forms is not None:
        distinct, inverse = forms
        return _in_keys(distinct, sorted_keys)[inverse[: len(inverse) - cut]]
    index = numpy.searchsorted(sorted_keys, values)
    index[index == len(sorted_keys)] = 0
    return sorted_keys[index] == values


@dataclass(frozen=True)
class _FuzzyTerm:
    concept_id: str
    squashed: str  # lower-case, no spaces


class _Rule:
    """A disambiguation rule as the matcher applies it: its window and its word lists, built
    once per rule of the taxonomy (the rule itself is data; this holds no identity of it)."""

    __slots__ = ("reject", "require", "window")

    def __init__(self, rule: Disambiguation):
        self.window = rule.window
        self.reject = WordList(rule.reject_near) if rule.reject_near else None
        self.require = WordList(rule.require_near) if rule.require_near else None


class ConceptMatcher(TaxonomyComponent):
    """A spaCy component built from the taxonomy; see the module docstring."""

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        # single words and phrases on lower case, multi-word phrases on stems, abbreviations as
        # written; token patterns (rare) through spaCy's Matcher
        self.strings = nlp.vocab.strings
        self.exact_words = _SequenceIndex()
        self.stemmed_phrases = _SequenceIndex()
        self.abbreviations = _SequenceIndex()
        self.patterns = Matcher(nlp.vocab)
        # per token pattern: the lower-case words each token it requires must be one of
        self.pattern_words: list[list[frozenset[int]]] = []
        self.rules: dict[tuple[str, str], _Rule] = {}
        # a multi-word match may be any inflection of a listed phrase ("assists clinicians"), so a
        # rule is also found by the stems of its term, unless the text is itself a listed term
        self.stem_rules: dict[tuple[str, tuple[str, ...]], _Rule] = {}
        self.listed: set[tuple[str, str]] = set()
        self.fuzzy_terms: list[_FuzzyTerm] = []
        self._fuzzy_cache: dict[str, str | None] = {}
        self._known_words: set[str] = set()
        # shorthand is read as its word inside phrases ("educated pts on" = "educated patients on")
        self._folded = {word: stem(meaning) for word, meaning in taxonomy.shorthand.items()}
        _stem_norms(nlp, self._folded)
        self._tokens = _pattern_tokens(nlp, taxonomy)
        self._compiled: dict[Disambiguation, _Rule] = {}
        for concept in taxonomy.concepts:
            self._add(nlp, concept)
        del self._tokens, self._compiled
        # a misspelling keeps its term's first two letters: only those terms are compared
        self._fuzzy_by_prefix: dict[str, tuple[_FuzzyTerm, ...]] = {}
        for term in self.fuzzy_terms:
            prefix = term.squashed[:2]
            self._fuzzy_by_prefix[prefix] = (*self._fuzzy_by_prefix.get(prefix, ()), term)
        self._fuzzy_lengths = {
            prefix: (
                min(len(t.squashed) for t in terms) - 2,
                max(len(t.squashed) for t in terms) + 2,
            )
            for prefix, terms in self._fuzzy_by_prefix.items()
        }
        self._fuzzy_max_chars = max((len(t.squashed) for t in self.fuzzy_terms), default=0) + 2
        # the same by group number, for find_fuzzy's arrays: a candidate's length must be near
        # some term's of its group (within two letters) and within what _fuzzy_lookup compares
        prefixes = list(self._fuzzy_by_prefix)
        self._group_index = {prefix: i for i, prefix in enumerate(prefixes)}
        self._group_terms = [[t.squashed for t in self._fuzzy_by_prefix[p]] for p in prefixes]
        self._group_shortest = numpy.array([self._fuzzy_lengths[p][0] for p in prefixes], "int64")
        self._group_longest = numpy.array([self._fuzzy_lengths[p][1] for p in prefixes], "int64")
        self._length_ok = numpy.zeros((len(prefixes), self._fuzzy_max_chars + 2), dtype=bool)
        for i, squashed in enumerate(self._group_terms):
            for text in squashed:
                lo, hi = max(5, len(text) - 2), min(self._fuzzy_max_chars, len(text) + 2)
                self._length_ok[i, lo : hi + 1] = True
        self._form_cache: dict[int, tuple[str, int, int]] = {}
        self.ruled_concepts = frozenset(concept_id for concept_id, _ in self.rules)
        self._pattern_vocabulary = numpy.array(
            sorted({w for required in self.pattern_words for words in required for w in words}),
            dtype="uint64",
        )
        self.conjunctions = frozenset(self.strings.add(w) for w in taxonomy.context.conjunctions)
        # the generic nouns alternatives may share ("certification", "technician", "experience")
        self.head_nouns = frozenset(self.strings.add(w) for w in taxonomy.context.bridge)

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
                key = tuple(self.word_stem(w) for w in words)
                if (
                    key not in stem_keys
                ):  # "scheduled appointments" and "scheduling appointments" are one pattern
                    stem_keys.add(key)
                    multi.append(variant)
        for abbreviation in concept.abbreviations:
            self.listed.add((concept.id, reading_form(abbreviation.lower())))
        for rule_data in concept.disambiguation:
            # one _Rule per distinct rule (families share theirs), found by value
            own_rule = self._compiled.get(rule_data) or self._compiled.setdefault(
                rule_data, _Rule(rule_data)
            )
            for term in rule_data.terms:
                for variant in phrase_variants(term) | {reading_form(term.lower())}:
                    self.rules[(concept.id, variant)] = own_rule
                    self.stem_rules.setdefault(
                        (concept.id, tuple(self.word_stem(w) for w in variant.split())), own_rule
                    )
        # a match's rule is known from its pattern: an exact word or abbreviation by its own
        # text, a multi-word phrase (any inflection) by its text or else by its stems
        add, cid = self.strings.add, concept.id
        for term in single:
            self.exact_words.add(
                cid, [add(t.lower()) for t in self._tokens[term]], self.rules.get((cid, term))
            )
        for term in multi:
            rule = self.rules.get((cid, term)) or self.stem_rules.get(
                (cid, tuple(self.word_stem(w) for w in term.split()))
            )
            words = [t.lower() for t in self._tokens[term]]
            folded = [add(self.word_stem(w)) for w in words]
            self.stemmed_phrases.add(cid, folded, rule)
            # a shorthand word in a phrase may be meant as written: "PT/INR" is no patient
            plain = [add(stem(w)) for w in words]
            if plain != folded:
                self.stemmed_phrases.add(cid, plain, rule)
        for term in concept.abbreviations:
            self.abbreviations.add(
                cid,
                [add(t) for t in self._tokens[reading_form(term)]],
                self.rules.get((cid, reading_form(term.lower()))),
            )
        if concept.patterns:
            self.patterns.add(concept.id, [list(p) for p in concept.patterns])
            self.pattern_words.extend(
                _required_words(p, self.strings.add) for p in concept.patterns
            )
        for term in concept.fuzzy:
            self.fuzzy_terms.append(
                _FuzzyTerm(concept.id, fold_accents(term.lower()).replace(" ", ""))
            )

    def word_stem(self, word: str) -> str:
        """The stem the multi-word matcher reads for a lower-case word: its shorthand's word's
        stem ("pts" -> "patient"), else its own."""
        return self._folded.get(word) or stem(word)

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self.ready()
        doc._.mentions = tuple(self.to_mentions(doc, self.find(doc)))
        return doc

    def find(self, doc: Doc) -> list[Match]:
        """Every concept match (start token, end token, concept ID), disambiguated, overlaps
        resolved in favour of the longest. Plain tuples: no spaCy object per candidate."""
        columns = token_columns(doc)
        # LOWER and ORTH are one value per word form: tested per distinct form (NORM is the
        # token's own, which a tokenizer exception may set)
        lower_forms = _word_forms(doc, columns[LOWER_ROW])
        orth_forms = doc.user_data.get(FORMS_KEY)
        ruled: dict[Match, _Rule | None] = {}
        for index, column, forms in (
            (self.exact_words, LOWER_ROW, lower_forms),
            (self.stemmed_phrases, NORM_ROW, None),
            (self.abbreviations, ORTH_ROW, orth_forms),
        ):
            for start, end, concept_id, rule in index.find(columns[column], forms):
                key = (start, end, concept_id)
                if ruled.get(key) is None:  # a rule from any pattern of the match applies
                    ruled[key] = rule
        found = [
            m for m in sorted(ruled) if (rule := ruled[m]) is None or self.passes(doc, *m[:2], rule)
        ]
        if len(self.patterns):
            strings = doc.vocab.strings
            starts = sentence_starts(doc)
            ends = [*starts[1:].tolist(), len(doc)]
            matched: set[Match] = set()
            for sentence in self._pattern_sentences(columns[LOWER_ROW], starts, lower_forms[0]):
                lo = int(starts[sentence])
                # spaCy's Matcher walks every token it is given: it reads only the lines that hold
                # every word some pattern requires
                matched.update(
                    (lo + s, lo + e, strings[i])
                    for i, s, e in self.patterns(doc[lo : ends[sentence]])
                )
            found.extend(m for m in matched if self.keep(doc, *m))
        found.extend(self.find_fuzzy(doc, found, columns[[LOWER_ROW, ALPHA_ROW, STOP_ROW]].T))
        return self.expand_ellipsis(doc, _longest(found), columns[LOWER_ROW])

    def expand_ellipsis(self, doc: Doc, matches: list[Match], lower: numpy.ndarray) -> list[Match]:
        """Coordination ellipsis: in "phlebotomy or EKG technician certification" the words
        after "EKG" are shared by both alternatives, so "phlebotomy" names the concept that
        "phlebotomy technician certification" (or a shorter tail) names, which replaces what the
        lone word matched. Only multi-word phrase matches after a conjunction are tried, and only
        a tail of generic head nouns (the context's bridge words) is shared. `lower` is the doc's
        LOWER column."""
        candidates = [m for m in matches if m[1] - m[0] >= 2 and m[0] >= 2]
        if not self.conjunctions or not candidates:
            return matches
        lowers = lower.tolist()
        strings = self.strings
        replaced: dict[tuple[int, int], str] = {}
        for start, end, _ in candidates:
            if lowers[start - 1] not in self.conjunctions:
                continue
            word = start - 2
            if not doc[word].is_alpha:
                continue
            head = strings.add(self.word_stem(strings[lowers[word]]))
            tail = [strings.add(self.word_stem(strings[h])) for h in lowers[start + 1 : end]]
            for cut in range(len(tail)):
                if not all(h in self.head_nouns for h in lowers[start + 1 + cut : end]):
                    continue  # "referrals and prior authorizations" share no head noun
                concepts = self.stemmed_phrases.lookup([head, *tail[cut:]])
                if concepts:
                    replaced[(word, word + 1)] = concepts[0]
                    break
        if not replaced:
            return matches
        kept = [m for m in matches if (m[0], m[1]) not in replaced]
        kept.extend((s, e, concept_id) for (s, e), concept_id in replaced.items())
        return sorted(set(kept), key=lambda m: (m[0], m[2]))

    def _pattern_sentences(
        self, lower: numpy.ndarray, starts: numpy.ndarray, distinct: numpy.ndarray | None = None
    ) -> list[int]:
        """The sentences (indices) in which some token pattern finds a word of every token it
        requires; a pattern without a literal word may match in any. `distinct` holds the doc's
        distinct LOWER values, when known."""
        found: set[int] = set()
        if any(not required for required in self.pattern_words):
            return list(range(len(starts)))
        # most docs lack every word some required token may be: ruled out by distinct words
        present = set((lower if distinct is None else distinct).tolist())
        candidates = [
            required
            for required in self.pattern_words
            if not any(present.isdisjoint(words) for words in required)
        ]
        if not candidates:
            return []
        # the tokens any pattern requires, found in one pass, with their sentences
        hits = _members(lower, self._pattern_vocabulary)
        hit_words = lower[hits].tolist()
        hit_sentences = (numpy.searchsorted(starts, hits, side="right") - 1).tolist()
        for required in candidates:
            sentences: set[int] | None = None
            for words in required:
                here = {s for s, w in zip(hit_sentences, hit_words) if w in words}
                sentences = here if sentences is None else sentences & here
                if not sentences:
                    break
            found |= sentences or set()
        return sorted(found)

    def keep(self, doc: Doc, start: int, end: int, concept_id: str) -> bool:
        """Apply the concept's disambiguation rule for this term, if it has one."""
        if concept_id not in self.ruled_concepts:
            return True
        starts_at, ends_at = _char_bounds(doc)
        term = _lower_text(doc)[starts_at[start] : ends_at[end - 1]]
        rule = self.rules.get((concept_id, term))
        if rule is None and (concept_id, term) not in self.listed:
            rule = self.stem_rules.get((concept_id, tuple(self.word_stem(w) for w in term.split())))
        if rule is None:
            return True
        return self.passes(doc, start, end, rule)

    def passes(self, doc: Doc, start: int, end: int, rule: _Rule) -> bool:
        """Whether the words around tokens [start, end) satisfy the rule."""
        starts_at, ends_at = _char_bounds(doc)
        text = _lower_text(doc)
        start_char, end_char = starts_at[start], ends_at[end - 1]
        term = text[start_char:end_char]
        _, first, last = sentence_of(doc, start)
        lo = max(first, start - rule.window)
        hi = min(last, end + rule.window)
        left = text[starts_at[lo] : start_char]
        right = text[end_char : ends_at[hi - 1]] if hi > end else ""
        reject, require = rule.reject, rule.require
        if reject is not None and reject.found_in(f"{left}{term}{right}"):
            return False
        if require is not None:
            # the context must come from outside the term itself ("exam room" does not vouch for "room")
            return require.found_in(f"{left} | {right}")
        return True

    def find_fuzzy(
        self, doc: Doc, exact: list[Match], columns: numpy.ndarray | None = None
    ) -> list[Match]:
        """Misspellings of long, distinctive terms ('venipucture', 'eClinical Works');
        `columns` is the doc's [LOWER, IS_ALPHA, IS_STOP] array when the caller has it.

        A candidate is one to three usable words (alphabetic, no stop word, in no exact match)
        whose first begins like some fuzzy term; from each start, the narrowest candidate whose
        length is near a term of its prefix and that is close to one is kept. Which candidates
        exist depends only on word lengths, so they are found on arrays, and each distinct word
        is looked at once; the wider candidates are compared in one batch per prefix."""
        if not self.fuzzy_terms or not len(doc):
            return []
        if columns is None:
            columns = doc.to_array([LOWER, IS_ALPHA, IS_STOP])
        usable = (columns[:, 1] == 1) & (columns[:, 2] == 0)
        for start, end, _ in exact:
            usable[start:end] = False
        forms, inverse = _word_forms(doc, columns[:, 0])
        # only the words of usable tokens are looked at, each once; `inverse` then indexes them
        needed = numpy.zeros(len(forms), dtype=bool)
        needed[inverse[usable]] = True
        kept = numpy.flatnonzero(needed)
        if not len(kept):
            return []
        words, groups, lengths = self._form_info(forms[kept])
        place = numpy.zeros(len(forms), dtype="int64")
        place[kept] = numpy.arange(len(kept))
        inverse = place[inverse]
        group = groups[inverse]
        starts = numpy.flatnonzero(usable & (group >= 0))
        if not len(starts):
            return []
        n = len(doc)
        start_group = group[starts]
        shortest = self._group_shortest[start_group]
        longest = self._group_longest[start_group]
        alive = numpy.ones(len(starts), dtype=bool)  # still widening
        total = numpy.zeros(len(starts), dtype="int64")
        found: list[tuple[int, int, str]] = []
        for width in (1, 2, 3):
            if width > 1 and not alive.any():
                break
            last = starts + (width - 1)
            inside = last < n
            alive &= inside
            last = numpy.where(inside, last, 0)
            alive &= usable[last]
            total += numpy.where(alive, lengths[inverse[last]], 0)
            alive &= total <= longest  # a wider candidate is longer still
            tried = alive & (total >= shortest)
            # what _fuzzy_lookup would refuse unseen: too short, too long, no term's length near
            tried &= self._length_ok[start_group, numpy.minimum(total, self._fuzzy_max_chars + 1)]
            at = numpy.flatnonzero(tried)
            if not len(at):
                continue
            hits = self._lookup_batch(words, inverse, starts[at], width, start_group[at])
            for k, concept_id in hits:
                found.append((int(starts[at[k]]), int(starts[at[k]]) + width, concept_id))
            alive[at[[k for k, _ in hits]]] = False  # the narrowest match from a start wins
        found.sort()
        return [m for m in found if self.keep(doc, *m)]

    def _form_info(self, forms: numpy.ndarray) -> tuple[list[str], numpy.ndarray, numpy.ndarray]:
        """For each distinct lower-case word (hashes): its text, the index of the fuzzy prefix
        group it begins like (-1 for none) and its length; kept per word across docs."""
        if len(self._form_cache) > _CACHE_LIMIT:
            self._form_cache.clear()
        cache, strings, index = self._form_cache, self.strings, self._group_index
        words, groups, lengths = [], [], []
        for form in forms.tolist():
            info = cache.get(form)
            if info is None:
                word = strings[form]
                info = cache[form] = (word, index.get(word[:2], -1), len(word))
            words.append(info[0])
            groups.append(info[1])
            lengths.append(info[2])
        return words, numpy.array(groups, dtype="int64"), numpy.array(lengths, dtype="int64")

    def _lookup_batch(
        self,
        words: list[str],
        inverse: numpy.ndarray,
        starts: numpy.ndarray,
        width: int,
        groups: numpy.ndarray,
    ) -> list[tuple[int, str]]:
        """(position in `starts`, concept) for the candidates of `width` words at `starts` that
        _fuzzy_lookup matches. Single words are looked up once per distinct word; wider
        candidates first go through one edit-distance matrix against their prefix's terms, and
        only those within two edits of one are looked up."""
        if width == 1:
            firsts = inverse[starts]
            distinct = numpy.zeros(len(words), dtype=bool)
            distinct[firsts] = True
            concept_of = {
                f: self._fuzzy_lookup(words[f]) for f in numpy.flatnonzero(distinct).tolist()
            }
            return [(k, c) for k, f in enumerate(firsts.tolist()) if (c := concept_of[f])]
        parts = [inverse[starts + i].tolist() for i in range(width)]
        if width == 2:
            candidates = [words[a] + words[b] for a, b in zip(*parts)]
        else:
            candidates = [words[a] + words[b] + words[c] for a, b, c in zip(*parts)]
        # a candidate seen before is known; the others are compared in one matrix per prefix
        cache = self._fuzzy_cache
        hits = [(k, c) for k, c in enumerate(map(cache.get, candidates)) if c]
        unseen = numpy.array([c not in cache for c in candidates], dtype=bool)
        if not unseen.any():
            return hits
        fresh = numpy.flatnonzero(unseen)
        order = fresh[numpy.argsort(groups[fresh], kind="stable")]
        bounds = numpy.flatnonzero(numpy.diff(groups[order])) + 1
        for chunk in numpy.split(order, bounds):
            terms = self._group_terms[int(groups[chunk[0]])]
            chunk_list = chunk.tolist()
            distances = cdist(
                [candidates[k] for k in chunk_list],
                terms,
                scorer=Levenshtein.distance,
                score_cutoff=2,
                dtype="int32",
            )
            close = cast(list[bool], numpy.asarray(distances <= 2).any(axis=1).tolist())
            for k, near in zip(chunk_list, close):
                if near:
                    concept_id = self._fuzzy_lookup(candidates[k])
                    if concept_id:
                        hits.append((k, concept_id))
                elif len(cache) < _CACHE_LIMIT:
                    cache[candidates[k]] = None  # as _fuzzy_lookup would find: no term near
        return sorted(hits)

    def _fuzzy_lookup(self, candidate: str) -> str | None:
        if candidate in self._fuzzy_cache:
            return self._fuzzy_cache[candidate]
        if len(self._fuzzy_cache) > _CACHE_LIMIT:
            self._fuzzy_cache.clear()
        match = None
        if 5 <= len(candidate) <= self._fuzzy_max_chars and candidate not in self._known_words:
            for term in self._fuzzy_by_prefix.get(candidate[:2], ()):  # in taxonomy order
                if candidate == term.squashed:
                    match = term.concept_id  # "eClinical Works" written apart
                    break
                if abs(len(candidate) - len(term.squashed)) > 2:
                    continue
                allowed = 1 if len(term.squashed) <= 8 else 2
                if Levenshtein.distance(candidate, term.squashed, score_cutoff=allowed) <= allowed:
                    if _other_word_form(candidate, term.squashed):
                        continue  # "coordinator" is another word than "coordination", not a typo
                    match = term.concept_id
                    break
        self._fuzzy_cache[candidate] = match
        return match

    def to_mentions(self, doc: Doc, matches: list[Match]) -> Iterable[Mention]:
        """One Mention per match, its offsets, sentence and line worked out on arrays."""
        if not matches:
            return []
        token_starts = numpy.fromiter((m[0] for m in matches), "int64", len(matches))
        token_ends = numpy.fromiter((m[1] for m in matches), "int64", len(matches))
        columns = token_columns(doc)
        idx, length = columns[IDX_ROW].astype("int64"), columns[LENGTH_ROW].astype("int64")
        start_chars = idx[token_starts]
        end_chars = idx[token_ends - 1] + length[token_ends - 1]
        sentences = numpy.searchsorted(sentence_starts(doc), token_starts, side="right") - 1
        # a line is one more than the line breaks before it
        breaks = _line_breaks(doc)
        lines = numpy.searchsorted(breaks, start_chars, side="left") + 1
        return list(
            map(
                Mention,
                [m[2] for m in matches],
                start_chars.tolist(),
                end_chars.tolist(),
                token_starts.tolist(),
                token_ends.tolist(),
                sentences.tolist(),
                lines.tolist(),
            )
        )


# English endings: two words that differ only in these after a common stem are different word
# forms ("inventor" / "inventory", "telephoned" / "telephones"), not one word misspelt.
_WORD_ENDINGS = frozenset(
    {
        "",
        "s",
        "es",
        "d",
        "ed",
        "er",
        "ers",
        "or",
        "ors",
        "ion",
        "ions",
        "ing",
        "ings",
        "y",
        "ies",
        "ist",
        "ists",
        "al",
        "ally",
        "ly",
        "ive",
        "ment",
        "ments",
        "ity",
        "ic",
        "ical",
        "ism",
        "ian",
        "ians",
        "ate",
        "ator",
        "ation",
    }
)


def _other_word_form(candidate: str, term: str) -> bool:
    common = 0
    for a, b in zip(candidate, term):
        if a != b:
            break
        common += 1
    return candidate[common:] in _WORD_ENDINGS and term[common:] in _WORD_ENDINGS


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_ALNUM_RUN = re.compile(r"[a-z0-9]+")


class WordList:
    """Any of these words or phrases, whole: not inside a longer run of letters and digits.
    The entries are read as the matcher reads text (reading_form): no accents, no inner hyphens.

    The same test as one regular expression of alternatives, without compiling one (about a
    millisecond for each of the taxonomy's long lists): a plain word is whole exactly when it
    is one of the text's runs of letters and digits; a phrase is looked for with str.find."""

    def __init__(self, entries: Iterable[str]):
        # read as the text is: hyphens inside words as spaces ("follow-up"), no accents
        lowered = {reading_form(e.lower()) for e in entries}
        self.words = frozenset(e for e in lowered if _ALNUM_RUN.fullmatch(e))
        self.phrases = tuple(sorted(lowered - self.words))
        # a phrase found whole has each of its runs of letters and digits as a whole run of the
        # text: it is looked for only where the text holds its first run
        self._by_run: dict[str, tuple[str, ...]] = {}
        self._runless: tuple[str, ...] = ()
        self._seen: dict[str, bool] = {}
        for phrase in self.phrases:
            first = _ALNUM_RUN.search(phrase)
            if first is None:
                self._runless += (phrase,)
            else:
                self._by_run[first.group()] = (*self._by_run.get(first.group(), ()), phrase)

    def found_in(self, text: str) -> bool:
        """`text` must be lower case. Answered once per distinct text: the same words around
        the same term (a résumé's repeated bullets, a long text's repeated lines) come back."""
        known = self._seen.get(text)
        if known is None:
            if len(self._seen) > _CACHE_LIMIT:
                self._seen.clear()
            known = self._seen[text] = self._search(text)
        return known

    def _search(self, text: str) -> bool:
        runs = set(_ALNUM_RUN.findall(text))
        if not self.words.isdisjoint(runs):
            return True
        by_run = self._by_run
        for run in runs.intersection(by_run) if by_run else ():
            if any(_whole(text, phrase) for phrase in by_run[run]):
                return True
        return any(_whole(text, phrase) for phrase in self._runless)


def _whole(text: str, phrase: str) -> bool:
    at = text.find(phrase)
    while at >= 0:
        end = at + len(phrase)
        if (at == 0 or text[at - 1] not in _ALNUM) and (
            end == len(text) or text[end] not in _ALNUM
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


def _required_words(pattern: Iterable[dict], add: Callable[[str], int]) -> list[frozenset[int]]:
    """The LOWER hashes each required token of a Matcher pattern must be one of (tokens with an
    exact or `IN` LOWER, ORTH or TEXT value and no optional operator): a prefilter, so a line
    without them is never handed to the Matcher."""
    required = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for attr in ("LOWER", "ORTH", "TEXT"):
            value = token.get(attr)
            words = (
                [value]
                if isinstance(value, str)
                else value.get("IN")
                if isinstance(value, dict)
                else None
            )
            if words:
                required.append(frozenset(add(str(w).lower()) for w in words))
                break
    return required


def _pattern_strings(taxonomy: Taxonomy) -> list[str]:
    """Every string the matchers turn into a pattern, as _add will ask for them."""
    strings = set()
    for concept in taxonomy.concepts:
        for phrase in concept.phrases:
            strings.update(phrase_variants(phrase))
        strings.update(reading_form(a) for a in concept.abbreviations)
    return sorted(strings)


def _pattern_tokens(nlp: Language, taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """How the tokenizer splits each pattern string; kept in the user's cache (keyed by the
    taxonomy and the spaCy version), since tokenizing thousands of terms dominates start-up."""
    import spacy

    from .cache import cached

    def tokenize() -> dict[str, tuple[str, ...]]:
        strings = _pattern_strings(taxonomy)
        return {
            s: tuple(t.text for t in doc)
            for s, doc in zip(strings, tokenizer_of(nlp).pipe(strings))
        }

    return cached(
        f"pattern tokens|{spacy.__version__}|{nlp.lang}|{taxonomy.digest}",
        tokenize,
        kind="patterns",
    )


def _stem_norms(nlp: Language, folded: dict[str, str]) -> None:
    """Give every word's lexeme its stem as NORM, which the multi-word matcher reads: set once per
    word of the vocabulary (now and for words seen later), never per token. A shorthand word
    (`folded`: lower-case word -> its meaning's stem) takes its meaning's stem, unless written in
    capitals: "pts" and "Pt" are patients, "PT" is physical therapy, an abbreviation as written."""

    def lexeme_stem(text: str) -> str:
        lower = text.lower()
        meaning = folded.get(lower)
        if meaning is not None and not text.isupper():
            return meaning
        return stem(lower)

    # spaCy's stubs leave this Vocab attribute out
    cast(Any, nlp.vocab).lex_attr_getters[NORM] = lexeme_stem
    for lexeme in nlp.vocab:
        lexeme.norm_ = lexeme_stem(lexeme.orth_)


def _lower_text(doc: Doc) -> str:
    """The doc's text in lower case, made once per doc (str.lower keeps every offset for the
    text the matchers read)."""
    lowered = doc.user_data.get("lower_text")
    if lowered is None:
        text = doc_text(doc)
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare character whose lower case is longer: lower slices
            lowered = "".join(c.lower()[:1] for c in text)
        doc.user_data["lower_text"] = lowered
    return lowered


def _line_breaks(doc: Doc) -> numpy.ndarray:
    """Offsets of the line breaks in the doc's text, found once per doc."""
    breaks = doc.user_data.get("line_breaks")
    if breaks is None:
        text = doc_text(doc)
        breaks = numpy.array([m.start() for m in re.finditer("\n", text)], dtype="int64")
        doc.user_data["line_breaks"] = breaks
    return breaks


def _char_bounds(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token, computed once per doc (as Python ints:
    indexing a numpy array one element at a time is slower than a list)."""
    bounds = doc.user_data.get("char_bounds")
    if bounds is None:
        columns = token_columns(doc)[[IDX_ROW, LENGTH_ROW]].T.astype("int64")
        bounds = doc.user_data["char_bounds"] = (
            columns[:, 0].tolist(),
            (columns[:, 0] + columns[:, 1]).tolist(),
        )
    return bounds


_LOWER_FORMS_KEY = "lower_forms"


def _word_forms(doc: Doc, lowers: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The doc's distinct words as lower-case hashes (repeats possible) and, per token, the index
    of its word: from the "ma_lines" component's distinct word forms when it read this doc."""
    known = doc.user_data.get(_LOWER_FORMS_KEY)
    if known is not None and len(known[1]) == len(lowers):
        return known
    stored = doc.user_data.get(FORMS_KEY)
    if stored is not None and len(stored[1]) == len(lowers):
        unique, inverse = stored
        first = numpy.empty(len(unique), dtype="int64")
        first[inverse] = numpy.arange(len(inverse))  # any occurrence: its lower case is the same
        known = lowers[first], inverse
    else:
        known = distinct_values(lowers)
    doc.user_data[_LOWER_FORMS_KEY] = known
    return known


def _longest(matches: list[Match]) -> list[Match]:
    """Resolve overlaps in favour of the longest match (then the earliest), as spaCy's
    filter_spans does, but keep matches of other concepts on exactly the same tokens (a
    disambiguated term may honestly mean two things). Sorted by position, then concept.

    A span that overlaps no other is kept as it is; only the spans that overlap some other go
    through the longest-first walk, which they alone can decide among themselves."""
    if not matches:
        return []
    # mostly in order already (each index reports by position), which the sort runs through
    unique = sorted(dict.fromkeys(matches))
    starts = numpy.fromiter((m[0] for m in unique), "int64", len(unique))
    ends = numpy.fromiter((m[1] for m in unique), "int64", len(unique))
    # the distinct spans, by start then end; each match's span among them
    new_span = numpy.ones(len(unique), dtype=bool)
    new_span[1:] = (starts[1:] != starts[:-1]) | (ends[1:] != ends[:-1])
    span_of = numpy.cumsum(new_span) - 1
    first, last = starts[new_span], ends[new_span]
    overlaps = numpy.zeros(len(first), dtype=bool)
    if len(first) > 1:
        reach = numpy.maximum.accumulate(last)  # the furthest end of any span starting earlier
        overlaps[1:] = reach[:-1] > first[1:]
        overlaps[:-1] |= first[1:] < last[:-1]  # the next span starts inside this one
    kept = ~overlaps
    contested = numpy.flatnonzero(overlaps)
    if len(contested):
        taken = bytearray(int(last[contested].max()))  # 1 where a kept span covers the token
        order = sorted(
            zip(
                (first[contested] - last[contested]).tolist(),
                first[contested].tolist(),
                last[contested].tolist(),
                contested.tolist(),
            )
        )
        for _, start, end, span in order:
            if taken.find(1, start, end) == -1:
                kept[span] = True
                taken[start:end] = b"\x01" * (end - start)
    return list(compress(unique, kept[span_of].tolist()))
