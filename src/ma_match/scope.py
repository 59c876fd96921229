"""Where a cue's reach ends: the clause model shared by ConText triggers (context.py) and posting
cue words (sections.py).

Résumés and postings are lists more than prose. A cue ("no", "pending", "required") speaks for the
words of its own clause, after ConText (Harkema et al., 2009; medspaCy's ConTextComponent):
- a line is a sentence, and a terminator ("but", ";", a table cell's "|") ends every scope;
- a soft boundary (a comma, dash or colon, or a conjunction) ends it too, unless the list goes on
  after it: "no phlebotomy, EKG or injection experience" negates all three, "no weekends, strong in
  venipuncture" negates nothing that matters;
- list items (concept mentions), bridge words ("experience", "exam", "is") and parenthetical
  asides are transparent; other words count against the cue's window.
A backward cue (after the concept) reaches only over bridge words and list items, and must end its
clause or be followed by a date: "CCMA exam scheduled March 2027", not "(CMA) who scheduled the
clinic" nor "RMA-credentialed lead handling pending prior authorizations".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.attrs import IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER
from spacy.tokens import Doc

from .models import Mention
from .segment import sentence_of
from .taxonomy import ContextRules

# token classes (bit flags)
HARD = 1  # terminator: ends every scope
BOUNDARY = 2  # comma, dash, colon: ends a clause unless the list goes on
CONJUNCTION = 4  # "and", "or", "/": joins list items, or clauses
BRIDGE = 8  # does not change what a cue is about
ITEM = 16  # inside a concept mention
ASIDE = 32  # inside parentheses
SPACE = 64
PUNCT = 128
NUMBER = 256
TIME = 512  # a month, a season: what may follow a backward cue
TIME_PREPOSITION = 1024
CELL = 2048  # may stand before a standalone cue
DASH = 4096  # a dash: ends a forward cue's clause ("Not a CNA - a CCMA"); lists use commas

_TRANSPARENT = ITEM | BRIDGE | ASIDE | SPACE
# a standalone cue speaks for a cell of a few words ("Holter monitor placement: No") and may be
# followed by a word or two ("Cerner - never used", "EKG: not trained yet")
_ITEM_WORDS = 3
_TAIL_WORDS = 2
# no cue reaches further than this many tokens: bounded work on a long line of list items
MAX_REACH = 60


@dataclass(frozen=True)
class ScopeWords:
    """The hashes of the taxonomy's scope words, by class (built once per pipeline)."""

    classes: tuple[tuple[int, numpy.ndarray], ...]

    @classmethod
    def from_rules(cls, rules: ContextRules, add: object) -> ScopeWords:
        """`add` is the vocabulary's StringStore.add (hashes of the lower-case words)."""
        single_terminators = [t for t in rules.terminators if " " not in t]
        by_class = (
            (HARD, single_terminators), (BOUNDARY, rules.boundaries), (CONJUNCTION, rules.conjunctions),
            (BRIDGE, rules.bridge), (TIME, rules.time_words), (TIME_PREPOSITION, rules.time_prepositions),
            (CELL, rules.cell_separators), (DASH, rules.dashes),
        )
        return cls(tuple(
            (flag, numpy.array(sorted({add(w) for w in words}), dtype="uint64")) for flag, words in by_class
        ))


class Scope:
    """The token classes of one doc, and whether a cue reaches a concept mention.

    Built once per doc from its mentions and the extra terminator spans (multi-word terminators
    found by a phrase matcher); every question after that walks at most MAX_REACH tokens."""

    def __init__(self, doc: Doc, words: ScopeWords, mentions: Iterable[Mention],
                 terminator_spans: Iterable[tuple[int, int]] = ()):
        self.doc = doc
        n = len(doc)
        columns = doc.to_array([LOWER, IS_SPACE, IS_PUNCT, LIKE_NUM])
        lowers = columns[:, 0]
        kind = numpy.zeros(n, dtype="int64")
        for flag, hashes in words.classes:
            if len(hashes):
                kind[numpy.isin(lowers, hashes)] |= flag
        kind[columns[:, 1] == 1] |= SPACE
        kind[columns[:, 2] == 1] |= PUNCT
        kind[columns[:, 3] == 1] |= NUMBER
        for start, end in terminator_spans:
            kind[start:end] |= HARD
        for mention in mentions:
            kind[mention.token_start:mention.token_end] |= ITEM
        self.kind: list[int] = kind.tolist()
        # the concept of the mention on each token, for a negated phrase spread over a clause
        self.concept_at: dict[int, str] = {i: m.concept_id for m in mentions for i in range(m.token_start, m.token_end)}
        self.negation_ends: frozenset[int] = frozenset()  # last tokens of negation triggers
        self._mark_clusters(doc, words)
        self._mark_asides(doc)

    def _mark_clusters(self, doc: Doc, words: ScopeWords) -> None:
        """A punctuation cluster ("):", "),") is the separator its last mark is; a conjunction
        between numbers ("$2/hour", "24/7") joins no list."""
        kind, strings = self.kind, doc.vocab.strings
        hashes = {flag: set(values.tolist()) for flag, values in words.classes}
        for i, k in enumerate(kind):
            if k & CONJUNCTION and 0 < i < len(kind) - 1 and (kind[i - 1] | kind[i + 1]) & NUMBER:
                kind[i] &= ~CONJUNCTION
            if k & PUNCT:
                text = doc[i].text
                if len(text) > 1 and (set(text) == {"."} or text == "…"):
                    kind[i] |= CELL  # a dot leader: "Spirometry ........ No"
                if len(text) > 1 and text[0] in "()[]\"'":
                    last = strings[text[-1]] if text[-1] in strings else None
                    for flag in (BOUNDARY, CELL, DASH):
                        if last is not None and last in hashes.get(flag, ()):
                            kind[i] |= flag

    def _mark_asides(self, doc: Doc) -> None:
        """Tokens between "(" and ")" on one line are an aside: "CET - EKG (NHA) | None"."""
        kind = self.kind
        opened: int | None = None
        for token in doc:
            text = token.text
            if text == "(":
                opened = token.i
            elif text[:1] == ")" and opened is not None:
                for i in range(opened, token.i + 1):
                    kind[i] |= ASIDE
                opened = None
            elif "\n" in text:
                opened = None

    # --- questions ---------------------------------------------------------------------------

    def forward(self, cue: tuple[int, int], target: tuple[int, int], window: int, *,
                comma_after_cue: bool = False, concept: str | None = None) -> bool:
        """Does a cue before the target reach it? Free words up to `window`; past a soft boundary
        only more of the same list (the word before the boundary an item, a bridge word or the
        cue itself, and no free word after it), and a list closes at a comma after its
        conjunction. A comma right after the cue ends it ("No, I have…") unless
        `comma_after_cue` ("Ideally, Epic experience"). Past the first list item, a free word
        ends the scope ("couldn't do injections in my externship"), unless the target restates
        an item's concept (`concept`: "didn't chart in an EHR")."""
        start, end = cue[1], target[0]
        if end - start > MAX_REACH:
            return False
        kind = self.kind
        free, past_boundary, joined = 0, False, False
        passed: set[str] = set()  # concepts of the items passed
        for i in range(start, end):
            k = kind[i]
            if k & HARD:
                return False
            if k & ASIDE:
                continue  # "(CMA, RMA)": a parenthesis is transparent, its commas too
            if k & ITEM:
                passed.add(self.concept_at.get(i, ""))
                continue
            if k & (BOUNDARY | CONJUNCTION | DASH) and not k & ITEM:
                opening = i == self._next(start - 1)  # "Required: BLS", "Ideally, Epic"
                if k & DASH and not (k & CELL and opening):
                    return False
                # a colon introduces what the clause before it speaks of ("Isn't something I
                # have done: drawing blood"); a comma goes on only with the list
                introduces = bool(k & CELL) and not past_boundary
                if k & BOUNDARY and not introduces and (joined or not self._list_before(i, start, comma_after_cue)):
                    return False
                joined = joined or bool(k & CONJUNCTION)
                past_boundary = past_boundary or not opening
            elif not k & (_TRANSPARENT | PUNCT):
                if past_boundary or (passed and concept not in passed):
                    return False  # "couldn't do injections in my externship": the externship is no object
                free += 1
                if free > window:
                    return False
        return True

    def backward(self, cue: tuple[int, int], target: tuple[int, int], window: int, *, strict: bool,
                 ends_clause: bool = True) -> bool:
        """Does a cue after the target reach it? Strict (ConText modifiers): only list items,
        bridge words and asides between, and the cue ends its clause or is followed by a date.
        Otherwise (posting cue words): up to `window` free words before any soft boundary, and
        only list items past one ("CMA, RMA or CCMA required")."""
        start, end = target[1], cue[0]
        if end - start > MAX_REACH:
            return False
        kind = self.kind
        free, past_boundary = 0, False
        # "A and B, C a bonus": a list closes at the comma after its last item
        before = self._previous(target[0])
        joined = before is not None and bool(kind[before] & CONJUNCTION)
        for i in range(start, end):
            k = kind[i]
            if k & HARD:
                # "CCMA | Exam scheduled 09/2027": a strict cue may open the next table cell
                if not (strict and k & CELL and self._only_bridge(i + 1, end)):
                    return False
                continue
            if k & ASIDE:
                continue
            if k & (BOUNDARY | CONJUNCTION | DASH) and not k & ITEM:
                # the target's clause ends here unless the list goes on to the cue
                if free or (k & (BOUNDARY | DASH) and (joined or not self._list_before(i, start, True))):
                    return False
                joined = joined or bool(k & CONJUNCTION)
                past_boundary = True
            elif not k & (_TRANSPARENT | PUNCT):
                if strict or past_boundary:
                    return False
                free += 1
                if free > window:
                    return False
        return not (strict and ends_clause) or self._ends_clause(cue[1])

    def standalone(self, cue: tuple[int, int], target: tuple[int, int], heads: frozenset[int] = frozenset()) -> bool:
        """Does a status cue that fills its cell ("EKG / 12-lead: No", "CBCS | Not held",
        "Cerner - never used") speak for the target? The cue follows a cell separator; the
        target stands in the cell before it (a few free words at most, no terminator between);
        after the cue, at most a couple of words up to the cell's end, none a pseudo head."""
        kind = self.kind
        separator = self._previous(cue[0])
        if separator is None or separator < target[1] or not kind[separator] & CELL:
            return False
        if separator - target[1] > MAX_REACH:
            return False
        free = 0
        for i in range(target[1], separator):
            k = kind[i]
            if k & HARD:
                return False
            if not k & (_TRANSPARENT | PUNCT | CONJUNCTION | BOUNDARY | NUMBER):
                free += 1
                if free > _ITEM_WORDS:
                    return False
        free = 0
        for i in range(cue[1], min(len(kind), cue[1] + MAX_REACH)):
            k = kind[i]
            if k & SPACE and "\n" in self.doc[i].text or k & (HARD | BOUNDARY):
                return True
            if i in heads:
                return False
            if not k & (BRIDGE | PUNCT | SPACE):
                free += 1
                if free > _TAIL_WORDS:
                    return False
        return True

    def list_join(self, first: tuple[int, int], second: tuple[int, int]) -> tuple[int, int] | None:
        """The tokens between two mentions of one list ("Epic or Cerner", "CMA, RMA"), or None
        when a clause ends or a free word stands between them."""
        start, end = first[1], second[0]
        if end < start or end - start > MAX_REACH:
            return None
        for i in range(start, end):
            k = self.kind[i]
            if k & (HARD | DASH) or not k & (_TRANSPARENT | PUNCT | CONJUNCTION | BOUNDARY):
                return None
        return start, end

    def opened_by(self, first_item: int, markers: set[int]) -> bool:
        """Does a marker stand just before a list ("one of the following: CPR, BLS")? Only
        bridge words and punctuation may stand between."""
        i = self._previous(first_item)
        while i is not None and i not in markers and self.kind[i] & (BRIDGE | PUNCT | BOUNDARY):
            i = self._previous(i)
        return i is not None and i in markers

    def negates(self, index: int) -> bool:
        """Does a negation trigger end right before token `index` ("do not | need")?"""
        before = self._previous(index)
        return before is not None and before in self.negation_ends

    def pseudo_head_after(self, target: tuple[int, int], heads: frozenset[int]) -> bool:
        """Is the target followed at once by a word its cue is really about ("no phlebotomy
        complications")? `heads` are token indices where backward pseudo rules matched."""
        after = self._next(target[1] - 1)
        return after is not None and after in heads

    # --- helpers -----------------------------------------------------------------------------

    def _list_before(self, boundary: int, limit: int, comma_at_limit: bool) -> bool:
        """Is the word before a soft boundary a list item, a bridge word or an aside? "no EKG,
        phlebotomy" goes on; "no weekends, EKG" does not. A boundary right at `limit` (after the
        cue, or after the target) goes on if it is a colon ("Required: BLS") or if
        `comma_at_limit`."""
        before = self._previous(boundary)
        if before is None or before < limit:
            return comma_at_limit or bool(self.kind[boundary] & CELL)
        return bool(self.kind[before] & (ITEM | BRIDGE | ASIDE | BOUNDARY | CONJUNCTION))

    def _ends_clause(self, after: int) -> bool:
        """Nothing of its own follows a backward cue: the clause ends, or a date follows, maybe
        after bridge words and a preposition ("expected in June 2027", "expected upon course
        completion"); "pending prior authorizations" and "in progress on an upgrade" have their
        own subject."""
        kind = self.kind
        for i in range(after, min(len(kind), after + MAX_REACH)):
            k = kind[i]
            if k & SPACE:
                if "\n" in self.doc[i].text:
                    return True
                continue
            if k & ITEM:
                return False
            if k & (HARD | BOUNDARY | DASH | PUNCT | NUMBER | TIME):
                return True
            if not k & (BRIDGE | TIME_PREPOSITION):
                return False
        return True

    def _only_bridge(self, start: int, end: int) -> bool:
        return all(self.kind[i] & (BRIDGE | SPACE) for i in range(start, end))

    def _previous(self, index: int) -> int | None:
        """The token before `index` in its sentence that is not a space."""
        _, first, _ = sentence_of(self.doc, index)
        i = index - 1
        while i >= first and self.kind[i] & SPACE:
            i -= 1
        return i if i >= first else None

    def _next(self, index: int) -> int | None:
        """The token after `index` in its sentence that is not a space."""
        _, _, last = sentence_of(self.doc, index)
        i = index + 1
        while i < last and self.kind[i] & SPACE:
            i += 1
        return i if i < last else None
