"""The extractor: a blank English spaCy pipeline with rule components built from the taxonomy,
and the summary of its mentions into one finding per concept.

    text -> split glued words -> tokens -> lines/sentences -> concept mentions
         -> résumé structure and credit by line role (résumé) -> schooling titles (résumé) -> negated/pending -> posting sections and importance (posting)
         -> findings
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import lru_cache

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .context import ContextMarker
from .credit import RoleFilter, structure_of
from .experience import ExperienceReader
from .matcher import ConceptMatcher
from .models import ConceptFinding, Evidence, Extraction, Importance, Kind, Mention, Status
from .normalise import normalise_text
from .reader import MAX_TEXT_CHARS as READER_MAX_TEXT_CHARS
from .schooling import SchoolingMarker
from .sections import NEED_KEY, SectionMarker
from .segment import WrapJoiner, protected_words, reading_form, split_glued
from .taxonomy import Taxonomy, load_taxonomy

# The blank pipeline needs no model, so any text the reader accepts is tokenised in one piece;
# the margin covers the line breaks split_glued may add.
MAX_TEXT_CHARS = 2 * READER_MAX_TEXT_CHARS
EVIDENCE_PER_CONCEPT = 3
# a longer line is quoted as a window around the match, this many characters each side
EVIDENCE_MAX_CHARS = 400
EVIDENCE_CONTEXT_CHARS = 160
# how many of the texts an extractor reads in batches prime the tokenizer's cache: their words,
# the everyday vocabulary of such documents, stay cached for good
PRIMING_TEXTS = 64
# a résumé is credited with a concept's best-standing mention, in this order
_STATUS_ORDER: tuple[Status, ...] = ("present", "pending", "negated")

_TAXONOMIES: dict[str, Taxonomy] = {}
# a résumé has no posting sections or importance to read; a posting's education lines state
# what it asks for, not a programme someone completed
_SKIPPED: dict[str, list[str]] = {
    "resume": ["ma_sections"],
    "posting": ["ma_roles", "ma_schooling"],
}


@Language.factory("ma_concepts", default_config={"taxonomy": ""})
def _make_concepts(nlp: Language, name: str, taxonomy: str) -> ConceptMatcher:
    return ConceptMatcher(nlp, _TAXONOMIES[taxonomy])


@Language.factory("ma_roles", default_config={"taxonomy": ""})
def _make_roles(nlp: Language, name: str, taxonomy: str) -> RoleFilter:
    return RoleFilter(nlp, _TAXONOMIES[taxonomy])


@Language.factory("ma_schooling", default_config={"taxonomy": ""})
def _make_schooling(nlp: Language, name: str, taxonomy: str) -> SchoolingMarker:
    return SchoolingMarker(nlp, _TAXONOMIES[taxonomy])


@Language.factory("ma_context", default_config={"taxonomy": ""})
def _make_context(nlp: Language, name: str, taxonomy: str) -> ContextMarker:
    return ContextMarker(nlp, _TAXONOMIES[taxonomy])


@Language.factory("ma_sections", default_config={"taxonomy": ""})
def _make_sections(nlp: Language, name: str, taxonomy: str) -> SectionMarker:
    return SectionMarker(nlp, _TAXONOMIES[taxonomy])


def build_pipeline(taxonomy: Taxonomy) -> Language:
    """spacy.blank('en') with the line sentencizer and the taxonomy's rule components."""
    _TAXONOMIES[taxonomy.digest] = taxonomy
    nlp = blank_english()
    nlp.max_length = MAX_TEXT_CHARS
    config = {"taxonomy": taxonomy.digest}
    nlp.add_pipe("ma_lines")
    nlp.add_pipe("ma_concepts", config=config)
    nlp.add_pipe("ma_roles", config=config)
    nlp.add_pipe("ma_schooling", config=config)
    nlp.add_pipe("ma_context", config=config)
    nlp.add_pipe("ma_sections", config=config)
    return nlp


@spacy.registry.tokenizers("ma_match.line_caching_tokenizer.v1")
def _line_caching_tokenizer() -> Callable[[Language], Tokenizer]:
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
        )

    return make


def blank_english() -> Language:
    """spacy.blank('en') with the line-caching tokenizer: the same tokens, cached."""
    tokenizer = {"@tokenizers": "ma_match.line_caching_tokenizer.v1"}
    return spacy.blank("en", config={"nlp": {"tokenizer": tokenizer}})


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

    def __init__(self, taxonomy: Taxonomy | None = None):
        self.taxonomy = taxonomy or load_taxonomy()
        self.nlp = build_pipeline(self.taxonomy)
        terms = [t for c in self.taxonomy.concepts for t in (*c.phrases, *c.abbreviations)]
        self._protected = protected_words(terms)
        self.joins = WrapJoiner(terms)
        """The reader's hook (`read_document(joins=...)`): does a line break fall inside a term."""
        self._texts_seen = 0
        # résumés' work dates are read once here, so matching never reads a résumé's text again
        self.experience = ExperienceReader(
            self.taxonomy.experience,
            self.taxonomy.posting.preferred_cues,
            self.taxonomy.posting.required_cues,
        )

    def prepare(self, text: str) -> str:
        """The text as the extractor reads it; evidence offsets refer to this text. Normalised
        first (idempotent: the reader's text passes unchanged), so a text handed to the API in
        decomposed form (NFD, as macOS writes it) reads as the same text read from a file."""
        return split_glued(normalise_text(text), self._protected)

    def _make_doc(self, prepared: str) -> Doc:
        """Tokens of the text the matchers read, which the components can then see without
        rebuilding it (Doc.text joins every token)."""
        text = reading_form(prepared)
        doc = self.nlp.make_doc(text)
        doc.user_data["text"] = text
        return doc

    def extract(self, text: str, kind: Kind) -> Extraction:
        """Every concept in one text, with status (résumé) or importance (posting) and evidence."""
        prepared = self.prepare(text)
        doc = self.nlp(self._make_doc(prepared), disable=_SKIPPED[kind])
        return self._with_work(summarise(self.taxonomy, doc, kind, prepared))

    def pipe(
        self,
        texts: Iterable[str],
        kind: Kind,
        batch_size: int = 32,
        evidence: bool = True,
    ) -> Iterator[Extraction]:
        """Extract from many texts in batches (nlp.pipe), yielding one Extraction per text;
        `evidence=False` leaves the evidence lines out (ranking shows none)."""
        prepared = [self.prepare(t) for t in texts]
        priming = prepared[: max(0, PRIMING_TEXTS - self._texts_seen)]
        prime_tokenizer(self.nlp.tokenizer, map(reading_form, priming))
        self._texts_seen += len(prepared)
        # the words only these texts use (names, numbers, e-mail addresses) are freed with the
        # zone, so the vocabulary does not grow with every résumé of a long ranking run
        with self.nlp.memory_zone():
            docs = self.nlp.pipe(
                map(self._make_doc, prepared), batch_size=batch_size, disable=_SKIPPED[kind]
            )
            extractions = [
                self._with_work(summarise(self.taxonomy, doc, kind, written, evidence))
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


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor over the shipped taxonomy, built once per process."""
    return Extractor()


def summarise(
    taxonomy: Taxonomy, doc: Doc, kind: Kind, written: str, evidence: bool = True
) -> Extraction:
    """Fold mentions into one finding per concept, in taxonomy order; `written` is the text as
    written, of the same length as the doc's text, from which evidence is quoted."""
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
    findings = []
    for concept in taxonomy.concepts:
        mentions = by_concept.get(concept.id)
        if not mentions:
            continue
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
                evidence=_evidence(written, lines, chosen) if evidence else (),
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


def _window(line: str, start: int, end: int) -> str:
    """The evidence line, or for a line longer than EVIDENCE_MAX_CHARS a window of it around
    [start, end) cut at spaces, with "…" where it was cut: a 10 MB one-line text would otherwise
    be quoted whole for every concept."""
    if len(line) <= EVIDENCE_MAX_CHARS:
        return line.strip(" -\t")
    lo = max(0, start - EVIDENCE_CONTEXT_CHARS)
    hi = min(len(line), end + EVIDENCE_CONTEXT_CHARS)
    if lo > 0:
        space = line.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(line):
        space = line.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return ("…" if lo > 0 else "") + line[lo:hi].strip(" -\t") + ("…" if hi < len(line) else "")


def _evidence(text: str, lines: list[str], mentions: list[Mention]) -> tuple[Evidence, ...]:
    seen, result = set(), []
    for mention in mentions:
        if mention.line in seen:
            continue
        seen.add(mention.line)
        line = lines[mention.line - 1]
        line_start = (
            mention.start - text.rfind("\n", 0, mention.start) - 1
        )  # offsets within the line
        result.append(
            Evidence(
                text=_window(line, line_start, line_start + mention.end - mention.start),
                start=mention.start,
                end=mention.end,
                line=mention.line,
                match=text[mention.start : mention.end],
            )
        )
        if len(result) == EVIDENCE_PER_CONCEPT:
            break
    return tuple(result)
