"""The extractor: a blank English spaCy pipeline with rule components built from the taxonomy,
and the summary of its mentions into one finding per concept.

    text -> split glued words -> tokens -> lines/sentences -> concept mentions
         -> résumé structure and credit by line role (résumé) -> schooling titles (résumé) -> negated/pending -> posting sections and importance (posting)
         -> findings
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .context import ContextMarker
from .credit import RoleFilter, structure_of
from .errors import InputError
from .experience import ExperienceReader
from .matcher import ConceptMatcher
from .models import ConceptFinding, Evidence, Extraction, Importance, Kind, Mention, Status
from .normalise import normalise_text
from .pipeline import TaxonomyComponent, loader_config
from .reader import MAX_TEXT_CHARS as READER_MAX_TEXT_CHARS
from .reader import continues, text_width
from .schooling import SchoolingMarker
from .sections import NEED_KEY, SectionMarker
from .segment import (
    WrapJoiner,
    protected_words,
    reading_form,
    split_glued,
    unwrap_sentences,
)
from .snippet import Snippet, window
from .taxonomy import Taxonomy, load_taxonomy

# The blank pipeline needs no model, so any text the reader accepts is tokenised in one piece;
# the margin covers the line breaks split_glued may add.
MAX_TEXT_CHARS = 2 * READER_MAX_TEXT_CHARS
EVIDENCE_PER_CONCEPT = 3
# a longer line is quoted as a window around the match, this many characters each side
EVIDENCE_MAX_CHARS = 400
# a hard-wrapped sentence is quoted whole, joined over at most this many lines each way
MAX_WRAPPED_LINES = 6
_QUOTE_TRIM = " -\t"  # a bullet and the spaces around a quoted line
# how many of the texts an extractor reads in batches prime the tokenizer's cache: their words,
# the everyday vocabulary of such documents, stay cached for good
PRIMING_TEXTS = 64
# spaCy's tokenizer caches 10,000 words and then none: a long text's words past them would each be
# split by the affix expressions again. Entries are a few dozen bytes.
TOKENIZER_CACHE_WORDS = 250_000
# a text this long primes the tokenizer with its own words first (see prime_tokenizer): its
# tokenising stays at the cached rate however many special cases it holds
LONG_TEXT_CHARS = 100_000
# a résumé is credited with a concept's best-standing mention, in this order
_STATUS_ORDER: tuple[Status, ...] = ("present", "pending", "negated")

# a résumé has no posting sections or importance to read; a posting's education lines state
# what it asks for, not a programme someone completed
_SKIPPED: dict[str, list[str]] = {
    "resume": ["ma_sections"],
    "posting": ["ma_roles", "ma_schooling"],
}


# what each component reads and writes on the doc (spaCy's pipe analysis reports it); the
# components also leave their working data in doc.user_data (structure, scope, experience need)
_MENTIONS = "doc._.mentions"
_SENTENCES = "token.is_sent_start"
_COMPONENTS = ("ma_concepts", "ma_roles", "ma_schooling", "ma_context", "ma_sections")


@Language.factory("ma_concepts", assigns=[_MENTIONS], requires=[_SENTENCES])
def make_concepts(nlp: Language, name: str) -> ConceptMatcher:
    """Concept mentions (matcher.py); built from the taxonomy by `initialize`."""
    return ConceptMatcher(nlp, name)


@Language.factory(
    "ma_roles", assigns=[_MENTIONS, "doc.user_data"], requires=[_MENTIONS, _SENTENCES]
)
def make_roles(nlp: Language, name: str) -> RoleFilter:
    """Résumé structure and credit by line role (credit.py)."""
    return RoleFilter(nlp, name)


@Language.factory(
    "ma_schooling", assigns=[_MENTIONS], requires=[_MENTIONS, "doc.user_data", _SENTENCES]
)
def make_schooling(nlp: Language, name: str) -> SchoolingMarker:
    """Programme titles under a résumé's education heading (schooling.py)."""
    return SchoolingMarker(nlp, name)


@Language.factory(
    "ma_context", assigns=[_MENTIONS, "doc.user_data"], requires=[_MENTIONS, _SENTENCES]
)
def make_context(nlp: Language, name: str) -> ContextMarker:
    """Negated, pending, someone else's (context.py)."""
    return ContextMarker(nlp, name)


@Language.factory(
    "ma_sections", assigns=[_MENTIONS, "doc.user_data"], requires=[_MENTIONS, _SENTENCES]
)
def make_sections(nlp: Language, name: str) -> SectionMarker:
    """Posting sections and importance (sections.py)."""
    return SectionMarker(nlp, name)


def build_pipeline(taxonomy: Taxonomy) -> Language:
    """spacy.blank('en') with the line sentencizer and the taxonomy's rule components, each
    initialised with this taxonomy. The config names the loader that would load it again
    (`[initialize.components]`); `nlp.to_disk` saves the taxonomy with each component."""
    loader = {"taxonomy": loader_config(taxonomy)}
    nlp = blank_english({"initialize": {"components": dict.fromkeys(_COMPONENTS, loader)}})
    nlp.max_length = MAX_TEXT_CHARS
    nlp.add_pipe("ma_lines")
    for name in _COMPONENTS:
        component = cast(TaxonomyComponent, nlp.add_pipe(name))
        component.initialize(nlp=nlp, taxonomy=taxonomy)  # as nlp.initialize() would, given it
    return nlp


@spacy.registry.tokenizers("ma_match.line_caching_tokenizer.v1")
def line_caching_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer for the language, without the special cases for bare whitespace.

    Once a special case fires in a text, spaCy 3.8 caches none of that text's later words
    (explosion/spaCy#13950), and the special case for a line break fires in every line: each
    word is then split by the affix expressions again. These rules only restate the token, so
    without them the tokens are the same and the cache works for the whole text.

    Built as spaCy's own "spacy.Tokenizer.v1" builds it, with the rules filtered first: setting
    `rules` on a built tokenizer would load all 1,300 special cases a second time (~60 ms)."""

    def make(nlp: Language) -> Tokenizer:
        defaults = nlp.Defaults
        rules = {
            orth: attrs
            for orth, attrs in defaults.tokenizer_exceptions.items()
            if not (orth.isspace() and attrs == [{ORTH: orth}])
        }
        return Tokenizer(
            nlp.vocab,
            rules=rules,
            prefix_search=compile_prefix_regex(defaults.prefixes).search
            if defaults.prefixes
            else None,
            suffix_search=compile_suffix_regex(defaults.suffixes).search
            if defaults.suffixes
            else None,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer
            if defaults.infixes
            else None,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
            max_cache_size=TOKENIZER_CACHE_WORDS,
        )

    return make


def blank_english(config: dict[str, Any] | None = None) -> Language:
    """spacy.blank('en') with the line-caching tokenizer: the same tokens, cached. `config`
    adds sections to the pipeline's config."""
    tokenizer = {"@tokenizers": "ma_match.line_caching_tokenizer.v1"}
    return spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}, **(config or {})})


def prime_tokenizer(tokenizer: Tokenizer, texts: Iterable[str]) -> None:
    """Tokenise each distinct word of these texts on its own, outside any memory zone, so that
    the tokenizer keeps it cached for the texts after them. Inside a memory zone the tokenizer
    caches nothing, and within one text any special case ("Dr.", "can't") stops its caching for
    the rest of the text (explosion/spaCy#13950); alone, a word is cached unless it is a special
    case itself."""
    for word in sorted({word for text in texts for word in text.split()}):
        tokenizer(word)


class Extractor:
    """Finds the taxonomy's concepts in résumés and postings."""

    def __init__(self, taxonomy: Taxonomy | None = None, nlp: Language | None = None):
        """With `nlp` (a pipeline build_pipeline made, perhaps saved and loaded again with
        spacy.load), its components' taxonomy is used; ValueError if it has none."""
        if nlp is not None:
            taxonomy = cast(Any, nlp.get_pipe("ma_concepts")).taxonomy or taxonomy
            if taxonomy is None:
                raise ValueError("the pipeline's components have no taxonomy: initialise it")
            nlp.max_length = MAX_TEXT_CHARS
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = nlp if nlp is not None else build_pipeline(self.taxonomy)
        terms = [t for c in self.taxonomy.concepts for t in (*c.phrases, *c.abbreviations)]
        self._protected = protected_words(terms)
        self.joins = WrapJoiner(terms)
        """The reader's hook (`read_document(joins=...)`): does a line break fall inside a term."""
        self._texts_seen = 0
        self._order = concept_order(self.taxonomy)
        # résumés' work dates are read once here, so matching never reads a résumé's text again
        # (the Matcher reads years with this same reader)
        self.experience = ExperienceReader(
            self.taxonomy.experience,
            self.taxonomy.posting.preferred_cues,
            self.taxonomy.posting.required_cues,
        )

    def prepare(self, text: str, normalised: bool = False) -> str:
        """The text as the extractor reads it; evidence offsets refer to this text. Normalised
        first (idempotent: the reader's text passes unchanged), so a text handed to the API in
        decomposed form (NFD, as macOS writes it) reads as the same text read from a file;
        `normalised=True` says the text is normalise_text's output already (read_document's).
        Raises InputError for a text longer than the reader accepts from a file (the API's texts
        have no reader in front: spaCy's own length error was a ValueError, found by fuzzing)."""
        if len(text) > READER_MAX_TEXT_CHARS:
            raise InputError(
                f"text of {len(text):,} characters: too much text (over "
                f"{READER_MAX_TEXT_CHARS:,} characters); pass only the part that matters"
            )
        # a term a line break falls inside is read whole ("Basic" / "Life Support"), and a line
        # hard-wrapped inside a sentence goes on as one clause
        glued = split_glued(text if normalised else normalise_text(text), self._protected)
        return unwrap_sentences(self.joins.unwrap(glued))

    def _make_doc(self, prepared: str, text: str | None = None, kind: Kind | None = None) -> Doc:
        """Tokens of the text the matchers read (`text`, reading_form(prepared), when the
        caller has it), which the components can then see without rebuilding it (Doc.text
        joins every token), and the kind of text it is (`doc.user_data["kind"]`)."""
        text = reading_form(prepared) if text is None else text
        doc = self.nlp.make_doc(text)
        doc.user_data["text"] = text
        doc.user_data["kind"] = kind
        return doc

    def extract(self, text: str, kind: Kind) -> Extraction:
        """Every concept in one text, with status (résumé) or importance (posting) and evidence."""
        with collector_paused():
            prepared = self.prepare(text)
            form = reading_form(prepared)  # once: 0.15 s at 10 MB
            if len(prepared) >= LONG_TEXT_CHARS:  # outside a memory zone: the words stay cached
                prime_tokenizer(self.nlp.tokenizer, [form])
            doc = self.nlp(self._make_doc(prepared, form, kind), disable=_SKIPPED[kind])
            return self._with_work(summarise(self.taxonomy, doc, kind, prepared, order=self._order))

    def pipe(
        self,
        texts: Iterable[str],
        kind: Kind,
        batch_size: int = 32,
        evidence: bool = True,
        normalised: bool = False,
    ) -> Iterator[Extraction]:
        """Extract from many texts in batches (nlp.pipe), yielding one Extraction per text;
        `evidence=False` leaves the evidence lines out (ranking shows none); `normalised=True`
        says the texts come from read_document, normalised already (see prepare)."""
        prepared = [self.prepare(t, normalised) for t in texts]
        priming = prepared[: max(0, PRIMING_TEXTS - self._texts_seen)]
        prime_tokenizer(self.nlp.tokenizer, map(reading_form, priming))
        self._texts_seen += len(prepared)
        # the words only these texts use (names, numbers, e-mail addresses) are freed with the
        # zone, so the vocabulary does not grow with every résumé of a long ranking run
        with self.nlp.memory_zone(), collector_paused():
            docs = self.nlp.pipe(
                (self._make_doc(text, kind=kind) for text in prepared),
                batch_size=batch_size,
                disable=_SKIPPED[kind],
            )
            extractions = [
                self._with_work(summarise(self.taxonomy, doc, kind, written, evidence, self._order))
                for written, doc in zip(prepared, docs)
            ]
        yield from extractions

    def _with_work(self, extraction: Extraction) -> Extraction:
        """A résumé's extraction with its work history (models.WorkHistory) filled in."""
        if extraction.kind != "resume":
            return extraction
        return replace(
            extraction, work=self.experience.history(extraction.text, extraction.structure)
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the extractor builds a text's objects:
    everything it makes (tokens' tuples, matches, mentions, lines) stays alive until the
    extraction is done, so the collections its allocations set off find nothing to free and
    only walk what is alive, more of it the longer the text (1.9 of 10.5 CPU s for a 10 MB
    résumé text). The collector is process-wide, so pauses from several threads (a Dask worker
    with threads) are counted under a lock: the first pause disables it, the last one restores
    it as it was found, and a caller that disabled it keeps it disabled."""
    global _pauses, _enabled_before
    with _pause_lock:
        if _pauses == 0:
            _enabled_before = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _enabled_before:
                gc.enable()


_pause_lock = threading.Lock()
_pauses = 0  # extractions running with the collector paused, in all threads
_enabled_before = True  # whether the collector ran before the first of them


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor over the shipped taxonomy, built once per process."""
    return Extractor()


def summarise(
    taxonomy: Taxonomy,
    doc: Doc,
    kind: Kind,
    written: str,
    evidence: bool = True,
    order: dict[str, int] | None = None,
) -> Extraction:
    """Fold mentions into one finding per concept, in taxonomy order; `written` is the text as
    written, of the same length as the doc's text, from which evidence is quoted; `order` is
    concept_order(taxonomy), made once by the caller."""
    by_concept: dict[str, list[Mention]] = {}
    for mention in doc._.mentions:
        if mention.status == "unclaimed":
            continue  # "supervised by a CMA", "sold BP monitors": nothing of the candidate, nor asked
        if kind == "posting" and (
            mention.section == "ignored" or mention.offered or mention.status == "negated"
        ):
            continue  # benefits, EEO text and "no experience needed" ask nothing of the candidate
        by_concept.setdefault(mention.concept_id, []).append(mention)
    lines = written.split("\n") if evidence else []
    width = text_width(lines)
    findings = []
    order = order or concept_order(taxonomy)
    for concept_id in sorted(by_concept, key=order.__getitem__):
        concept, mentions = taxonomy.concept(concept_id), by_concept[concept_id]
        if kind == "resume":
            statuses = {m.status for m in mentions}
            status: Status = next(s for s in _STATUS_ORDER if s in statuses)
            importance: Importance | None = None
            chosen = [m for m in mentions if m.status == status]
        else:
            status = "present"
            importance = (
                "required" if any(m.importance == "required" for m in mentions) else "preferred"
            )
            chosen = [m for m in mentions if m.importance == importance]
        findings.append(
            ConceptFinding(
                id=concept.id,
                label=concept.label,
                group=concept.group,
                side=concept.side,
                status=status,
                importance=importance,
                evidence=_evidence(written, lines, chosen, width) if evidence else (),
            )
        )
    doc.user_data.pop(
        "scope", None
    )  # the context marker's, which holds the doc: no cycle left behind
    need = doc.user_data.get(NEED_KEY)
    if need is not None:  # quoted from the text as written, as evidence is
        need = replace(need, text=written.split("\n")[need.line - 1].strip())
    return Extraction(
        kind=kind,
        concepts=tuple(findings),
        text=written,
        mentions=tuple(doc._.mentions),
        structure=structure_of(doc),
        experience_need=need,
    )


def concept_order(taxonomy: Taxonomy) -> dict[str, int]:
    """Each concept's place in the taxonomy: findings come in taxonomy order."""
    return {concept.id: index for index, concept in enumerate(taxonomy.concepts)}


def _logical_line(lines: list[str], index: int, width: int) -> tuple[str, int]:
    """The line at 0-based *index* joined with the lines it was hard-wrapped from and into
    (`reader.continues`, the rule the PDF reader unwraps by), and where line *index* begins in
    the joined text. At most MAX_WRAPPED_LINES each way: the walk stays local."""
    first = index
    while (
        first > 0
        and index - first < MAX_WRAPPED_LINES
        and continues(lines[first - 1], lines[first], width)
    ):
        first -= 1
    last = index
    while (
        last + 1 < len(lines)
        and last - index < MAX_WRAPPED_LINES
        and continues(lines[last], lines[last + 1], width)
    ):
        last += 1
    if first == last:
        return lines[index], 0
    parts: list[str] = []
    position = base = 0
    for k in range(first, last + 1):
        part, cut = lines[k], 0
        if k > first:
            part = part.lstrip()
            cut = len(lines[k]) - len(part)
        if k < last:
            part = part.rstrip()
        if parts:
            position += 1  # the space the parts are joined with
        if k == index:
            base = position - cut
        parts.append(part)
        position += len(part)
    return " ".join(parts), base


def _quote(line: str, start: int, end: int) -> Snippet:
    """The evidence text for a match at [start, end) of *line*: the line without its bullet and
    surrounding spaces, or for one longer than EVIDENCE_MAX_CHARS a window of it around the match
    cut at spaces, with "…" where it was cut: a 10 MB one-line text would otherwise be quoted
    whole for every concept."""
    stripped = line.lstrip(_QUOTE_TRIM)
    lead = len(line) - len(stripped)
    stripped = stripped.rstrip(_QUOTE_TRIM)
    return window(stripped, start - lead, end - lead, EVIDENCE_MAX_CHARS)


def _evidence(
    text: str, lines: list[str], mentions: list[Mention], width: int
) -> tuple[Evidence, ...]:
    seen, result = set(), []
    for mention in mentions:
        if mention.line in seen:
            continue
        seen.add(mention.line)
        line, base = _logical_line(lines, mention.line - 1, width)
        # offsets within the (joined) line
        line_start = base + mention.start - text.rfind("\n", 0, mention.start) - 1
        quoted = _quote(line, line_start, line_start + mention.end - mention.start)
        result.append(
            Evidence(
                text=quoted.text,
                start=mention.start,
                end=mention.end,
                line=mention.line,
                match=text[mention.start : mention.end],
                match_start=quoted.start,
                match_end=quoted.end,
            )
        )
        if len(result) == EVIDENCE_PER_CONCEPT:
            break
    return tuple(result)
