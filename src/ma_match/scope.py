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

import re
from collections.abc import Callable, Iterable

import numpy
from spacy.strings import StringStore
from spacy.tokens import Doc

from .models import Mention
from .segment import (
    LOWER_ROW,
    NUM_ROW,
    PUNCT_ROW,
    SPACE_ROW,
    distinct_values,
    sentence_of,
    token_columns,
)
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
OPEN = 8192  # "("
CLOSE = 16384  # ")" or a cluster starting with it ("):")
NEWLINE = 32768  # a whitespace token holding a line break
CLITIC = 65536  # a word ending in a clitic rule's literal that the tokenizer left whole ("HAVEN'T")
NOUN_CUE = (
    131072  # a cue that governs nouns only ("no", "without"): a verb past a comma is beyond it
)
PAST_VERB = 262144  # a lower-case word in "-ed" ("charted", "performed"): a verb, in a résumé
NOT_VERB = 2097152  # an "-ed" word that names a thing ("waived testing"): context.not_verbs
PERSON = 524288  # someone who is never the candidate ("nurse", "coder"): context.other_people
PEOPLE = 1048576  # the same in the plural ("nurses")
GERUND = 4194304  # a lower-case word in "-ing" ("performing"): a verb or its noun, in a résumé

_TRANSPARENT = ITEM | BRIDGE | ASIDE | SPACE
# a standalone cue speaks for a cell of a few words ("Holter monitor placement: No") and may be
# followed by a word or two ("Cerner - never used", "EKG: not trained yet")
_ITEM_WORDS = 3
_TAIL_WORDS = 2
# derived flags cached per word form before the cache starts over (a long ranking run meets endless words)
_CACHE_LIMIT = 20_000
# a written date in numbers ("01/15/2027", "3.12.27", "2027-03-12"): counts as a number
_DATE_SHAPED = re.compile(r"\d{1,4}(?:[/.\-]\d{1,4}){1,2}")
# words a subject's noun phrase may hold between its determiner and its role word ("our
# certified coders", "the two new techs": numbers do not count)
_PHRASE_WORDS = 1
# no cue reaches further than this many tokens: bounded work on a long line of list items
MAX_REACH = 60


class ScopeWords:
    """The taxonomy's scope words by class, and the classes a token's own text gives it (a
    punctuation cluster, a parenthesis, a line break, a contraction), both as flags per lower-case
    hash: built once per pipeline, the derived part cached per word form as docs bring them."""

    def __init__(self, rules: ContextRules, add: Callable[[str], int], clitics: Iterable[str] = ()):
        """`add` is the vocabulary's StringStore.add; `clitics` are rule literals ("n't") that
        also end words the tokenizer left whole ("HAVEN'T")."""
        single_terminators = [t for t in rules.terminators if " " not in t]
        by_class = (
            (HARD, single_terminators),
            (BOUNDARY, rules.boundaries),
            (CONJUNCTION, rules.conjunctions),
            (BRIDGE, rules.bridge),
            (TIME, rules.time_words),
            (TIME_PREPOSITION, rules.time_prepositions),
            (CELL, rules.cell_separators),
            (DASH, rules.dashes),
            (NOUN_CUE, rules.noun_cues),
            (NOT_VERB, rules.not_verbs),
            (PERSON, rules.other_people),
            (PEOPLE, rules.other_people_plural),
        )
        self.flags: dict[int, int] = {}
        self.marks: dict[str, int] = {}  # a single mark's own flags, for clusters ("):")
        for flag, words in by_class:
            for word in words:
                h = add(word)
                self.flags[h] = self.flags.get(h, 0) | flag
                if len(word) == 1 and not word.isalnum():
                    self.marks[word] = self.marks.get(word, 0) | flag
        self.clitics = tuple(clitics)
        self._derived: dict[int, int] = {}

    def of(self, hashes: list[int], strings: StringStore) -> list[int]:
        """The flags of each lower-case hash."""
        derived = self._derived
        if len(derived) > _CACHE_LIMIT:
            derived.clear()
        result = []
        for h in hashes:
            flags = derived.get(h)
            if flags is None:
                flags = self.flags.get(h, 0) | self._from_text(strings[h])
                if flags & NOT_VERB:
                    flags &= ~PAST_VERB
                derived[h] = flags
            result.append(flags)
        return result

    def _from_text(self, text: str) -> int:
        flags = 0
        if len(text) > 4 and text.endswith("ed") and text.isalpha() and text.islower():
            flags |= PAST_VERB
        if len(text) > 5 and text.endswith("ing") and text.isalpha() and text.islower():
            flags |= GERUND
        if _DATE_SHAPED.fullmatch(text):
            flags |= NUMBER  # "01/15/2027", "3/12/27": a date, which spaCy's like_num is not
        if "\n" in text:
            flags |= NEWLINE
        if text == "(":
            flags |= OPEN
        elif text[:1] == ")":
            flags |= CLOSE
        if len(text) > 1 and (set(text) == {"."} or text == "…"):
            flags |= CELL  # a dot leader: "Spirometry ........ No"
        if len(text) > 1 and text[0] in "()[]\"'":
            flags |= self.marks.get(text[-1], 0) & (BOUNDARY | CELL | DASH)  # "):" is a colon
        if any(len(text) > len(c) + 1 and text.endswith(c) for c in self.clitics):
            flags |= CLITIC
        return flags


class Scope:
    """The token classes of one doc, and whether a cue reaches a concept mention.

    Built once per doc from its mentions (and, with `add_terminators`, the multi-word terminators
    a phrase matcher found); every question after that walks at most MAX_REACH tokens."""

    def __init__(self, doc: Doc, words: ScopeWords, mentions: Iterable[Mention]):
        self.doc = doc
        columns = token_columns(doc)[[LOWER_ROW, SPACE_ROW, PUNCT_ROW, NUM_ROW]].T
        unique, inverse = distinct_values(columns[:, 0])
        kind = numpy.array(words.of(unique.tolist(), doc.vocab.strings) or [0], dtype="int64")[
            inverse
        ]
        kind[columns[:, 1] == 1] |= SPACE
        kind[columns[:, 2] == 1] |= PUNCT
        kind[columns[:, 3] == 1] |= NUMBER
        # the few tokens the loops below need, found on the array
        self.clitics = numpy.flatnonzero(kind & CLITIC).tolist()
        self.people = numpy.flatnonzero(kind & (PERSON | PEOPLE)).tolist()  # subject_span's
        marked = numpy.flatnonzero(kind & (OPEN | CLOSE | NEWLINE)).tolist()
        conjunctions = numpy.flatnonzero(kind & CONJUNCTION).tolist()
        self.kind: list[int] = kind.tolist()
        # the concept on each token, for a negated phrase spread over a clause
        self.concept_at: dict[int, str] = {}
        flags = self.kind
        for mention in mentions:
            for i in range(mention.token_start, mention.token_end):
                flags[i] |= ITEM
                self.concept_at.setdefault(i, mention.concept_id)
        self.negation_ends: frozenset[int] = frozenset()  # last tokens of negation triggers
        self._unjoin_numbers(conjunctions)
        self._mark_asides(marked)

    def add_terminators(self, spans: Iterable[tuple[int, int]]) -> None:
        """Mark terminator spans ("yet able") found by a phrase matcher."""
        for start, end in spans:
            for i in range(start, end):
                self.kind[i] |= HARD

    def _unjoin_numbers(self, conjunctions: list[int]) -> None:
        """A conjunction between numbers ("$2/hour", "24/7") joins no list."""
        kind = self.kind
        for i in conjunctions:
            if 0 < i < len(kind) - 1 and (kind[i - 1] | kind[i + 1]) & NUMBER:
                kind[i] &= ~CONJUNCTION

    def _mark_asides(self, marked: list[int]) -> None:
        """Tokens between "(" and ")" on one line are an aside: "CET - EKG (NHA) | None"."""
        kind = self.kind
        opened: int | None = None
        for i in marked:
            k = kind[i]
            if k & NEWLINE:
                opened = None
            elif k & OPEN:
                opened = i
            elif k & CLOSE and opened is not None:
                for j in range(opened, i + 1):
                    kind[j] |= ASIDE
                opened = None

    # --- questions ---------------------------------------------------------------------------

    def forward(
        self,
        cue: tuple[int, int],
        target: tuple[int, int],
        window: int,
        *,
        comma_after_cue: bool = False,
        concept: str | None = None,
    ) -> bool:
        """Does a cue before the target reach it? Free words up to `window`; past a soft boundary
        only more of the same list (the word before the boundary an item, a bridge word or the
        cue itself, and no free word after it), and a list closes at a comma after its
        conjunction. A comma right after the cue ends it ("No, I have…") unless
        `comma_after_cue` ("Ideally, Epic experience"). Past the first list item, a preposition
        ends the scope ("couldn't do injections in my externship"), unless the target restates
        an item's concept (`concept`: "didn't chart in an EHR")."""
        start, end = cue[1], target[0]
        if end - start > MAX_REACH:
            return False
        kind = self.kind
        free, past_boundary, joined = 0, False, False
        passed: set[str] = set()  # concepts of the items passed
        asides = not kind[cue[0]] & ASIDE  # inside a parenthesis, its own words count
        # "No Epic exposure, charted in NextGen": past a comma, a verb opens a clause that a cue
        # governing nouns does not reach ("Never drew blood, performed EKGs" lists verbs)
        nominal = bool(kind[cue[0]] & NOUN_CUE)
        for i in range(start, end):
            k = kind[i]
            if k & HARD:
                return False
            if k & ASIDE and asides:
                continue  # "(CMA, RMA)": a parenthesis is transparent, its commas too
            if k & CLOSE and not asides:
                return False  # a cue inside a parenthesis speaks within it: "NextGen (no), Epic"
            if k & ITEM:
                if nominal and past_boundary and k & PAST_VERB:
                    return False
                passed.add(self.concept_at.get(i, ""))
                continue
            if k & (BOUNDARY | CONJUNCTION | DASH) and not k & ITEM:
                opening = i == self._next(start - 1)  # "Required: BLS", "Ideally, Epic"
                if k & DASH and not (k & CELL and opening):
                    return False
                # a colon introduces what the clause before it speaks of ("Isn't something I
                # have done: drawing blood"); a comma goes on only with the list
                introduces = bool(k & CELL) and not past_boundary
                if (
                    k & BOUNDARY
                    and not introduces
                    and (joined or not self._list_before(i, start, comma_after_cue))
                ):
                    return False
                joined = joined or bool(k & CONJUNCTION)
                past_boundary = past_boundary or not opening
            elif not k & (_TRANSPARENT | PUNCT):
                if past_boundary and joined and self._item_verb(i, start):
                    continue  # the list item's own verb: "no experience drawing blood or performing EKGs"
                if past_boundary or (passed and concept not in passed and k & TIME_PREPOSITION):
                    return False  # "couldn't do injections in my externship": the externship is no object
                free += 1
                if free > window:
                    return False
        return not (nominal and past_boundary and kind[end] & PAST_VERB)

    def _item_verb(self, index: int, since: int) -> bool:
        """Is the word at `index` the "-ing" verb of a list's next item, in a list of such
        items: right after the conjunction, right before a mention, with an "-ing" word between
        the cue (ending at `since`) and that conjunction ("no experience drawing blood or
        performing EKGs"; not "Not yet certified and performing injections daily", nor "Not
        fluent in Spanish, and handling phones")?"""
        kind = self.kind
        before, after = self._previous(index), self._next(index)
        if not kind[index] & GERUND or before is None or not kind[before] & CONJUNCTION:
            return False
        if after is None or not kind[after] & ITEM:
            return False
        return any(kind[i] & GERUND for i in range(since, before))

    def backward(
        self,
        cue: tuple[int, int],
        target: tuple[int, int],
        window: int,
        *,
        strict: bool,
        ends_clause: bool = True,
    ) -> bool:
        """Does a cue after the target reach it? Strict (ConText modifiers): only list items,
        bridge words and asides between, and the cue ends its clause or is followed by a date.
        Otherwise (posting cue words): up to `window` free words before any soft boundary, and
        only list items past one ("CMA, RMA or CCMA required"), except that the last item of a
        list of alternatives, after its "or", may carry words of its own when it holds a mention
        ("Spanish or Vietnamese speaker desired", "NextGen, Greenway, or other major EHR
        experience preferred"; not "BLS and working knowledge of Microsoft Office preferred")."""
        start, end = target[1], cue[0]
        if end - start > MAX_REACH:
            return False
        if strict and self._in_cell_before(cue, target):
            # a status column: "CMAA (NHA) | NHA | Exam booked for 03/2027"
            return not ends_clause or self._ends_clause(cue[1])
        kind = self.kind
        free, past_boundary = 0, False
        last_item_words = last_item_mention = False  # past the list's "or"
        either = False  # an "or" passed: a list of alternatives, whose last item may carry words
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
            if k & ASIDE and not kind[cue[0]] & ASIDE:
                continue
            if k & (BOUNDARY | CONJUNCTION | DASH) and not k & ITEM:
                # the target's clause ends here unless the list goes on to the cue
                if free or (
                    k & (BOUNDARY | DASH) and (joined or not self._list_before(i, start, True))
                ):
                    return False
                joined = joined or bool(k & CONJUNCTION)
                either = either or (bool(k & CONJUNCTION) and self.doc[i].lower_ == "or")
                past_boundary = True
            elif k & ITEM:
                last_item_mention = last_item_mention or (past_boundary and either)
            elif not k & (_TRANSPARENT | PUNCT):
                if strict or (past_boundary and not either):
                    return False
                last_item_words = last_item_words or past_boundary
                free += 1
                if free > window:
                    return False
        if last_item_words and not last_item_mention:
            return False  # "BLS and a friendly attitude preferred": no list of skills
        return not (strict and ends_clause) or self._ends_clause(cue[1])

    def standalone(
        self, cue: tuple[int, int], target: tuple[int, int], heads: frozenset[int] = frozenset()
    ) -> bool:
        """Does a status cue that fills its cell ("EKG / 12-lead: No", "CBCS | Not held",
        "Cerner - never used") speak for the target? The cue opens a cell after the target's
        (`_in_cell_before`); after the cue, at most a couple of words up to the cell's end,
        none a pseudo head."""
        if not self._in_cell_before(cue, target):
            return False
        kind = self.kind
        free = 0
        for i in range(cue[1], min(len(kind), cue[1] + MAX_REACH)):
            k = kind[i]
            if k & (NEWLINE | HARD | BOUNDARY):
                return True
            if i in heads:
                return False
            if not k & (BRIDGE | PUNCT | SPACE):
                free += 1
                if free > _TAIL_WORDS:
                    return False
        return True

    def _in_cell_before(self, cue: tuple[int, int], target: tuple[int, int]) -> bool:
        """Does the cue open a table cell, with the target in the cell before it, or in an
        earlier cell of its row when the cells between name no concept ("CPT (NHA) | NHA | Not
        certified": a status column after an issuer column), a few free words at most between
        ("CET - NHA | Scheduled: 04/2027"); bridge words may open the cell before the cue
        ("| Exam booked for 03/2027")?"""
        kind = self.kind
        separator = self._previous(cue[0])
        while separator is not None and kind[separator] & BRIDGE:
            separator = self._previous(separator)
        if separator is None or separator < target[1]:
            return False
        if kind[separator] & OPEN:  # an answer in parentheses: "NextGen (no), CCMA (not yet)"
            if separator != self._next(target[1] - 1):
                return False
            closing = self._next(cue[1] - 1)
            for _ in range(_TAIL_WORDS):  # a word or two may follow the cue: "(never used)"
                if closing is None or kind[closing] & CLOSE:
                    break
                closing = self._next(closing)
            return closing is not None and bool(kind[closing] & CLOSE)
        if not kind[separator] & CELL:
            return False
        if separator - target[1] > MAX_REACH:
            return False
        free, crossed = 0, False
        for i in range(target[1], separator):
            k = kind[i]
            if k & HARD:
                if not k & CELL:
                    return False
                crossed = True  # into a cell between the target's and the cue's
                continue
            if crossed and k & (ITEM | NUMBER):
                # that cell names a concept of its own (the cue is its), or holds years or dates
                # ("Phlebotomy | 3 years | No certification": a skill done, no credential)
                return False
            if not k & (_TRANSPARENT | PUNCT | CONJUNCTION | BOUNDARY | NUMBER | DASH):
                free += 1
                if free > _ITEM_WORDS:
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
        """Does a negation trigger end right before token `index`, bridge words aside ("do not |
        need", "no | experience | necessary")?"""
        before = self._previous(index)
        while (
            before is not None and before not in self.negation_ends and self.kind[before] & BRIDGE
        ):
            before = self._previous(before)
        return before is not None and before in self.negation_ends

    def pseudo_head_after(self, target: tuple[int, int], heads: frozenset[int]) -> bool:
        """Is the target followed at once by a word its cue is really about ("no phlebotomy
        complications")? `heads` are token indices where backward pseudo rules matched."""
        after = self._next(target[1] - 1)
        return after is not None and after in heads

    def pseudo_head_owns(
        self, cue_end: int, target: tuple[int, int], heads: frozenset[int]
    ) -> bool:
        """Is a word the cue is really about its own noun, before the target ("No patient
        complaints in three years of rooming", "No charting errors across 4,000 visits")? A head
        (`heads`) stands among the first few words after the cue, with no mention, verb,
        preposition or clause boundary before it ("No experience resolving billing issues or
        prior authorizations" is about the experience)."""
        i, words = self._next(cue_end - 1), 0
        while i is not None and i < target[0] and words <= _ITEM_WORDS:
            if i in heads:
                return True
            k = self.kind[i]
            if k & (ITEM | GERUND | PAST_VERB | TIME_PREPOSITION | BOUNDARY | CONJUNCTION | HARD):
                return False
            words += 1
            i = self._next(i)
        return False

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
                if k & NEWLINE:
                    return True
                continue
            if k & ITEM:
                return False
            if k & (HARD | BOUNDARY | DASH | PUNCT | NUMBER | TIME):
                return True
            if not k & (BRIDGE | TIME_PREPOSITION):
                return False
        return True

    def subject_span(
        self,
        person: int,
        determiners: frozenset[int],
        relatives: frozenset[int],
        selves: frozenset[int],
    ) -> tuple[int, int] | None:
        """The span an other-person cue covers when the word at `person` (one of `people`, a
        role: "nurses", "coder") is the subject of a clause, else None. Someone else is meant when the word is
        plural or its noun phrase opens with one of `determiners` ("our CPC coder", "the NP");
        it is the subject when that phrase opens its clause (the sentence, or after a
        terminator or a line's bullet) and a word or an aside follows it ("Nurses on my unit
        did ...", "Our coder (CPC) did ..."), or when one of `relatives` follows it ("RNs who
        drew blood", "the NP, who ..."). The span runs from the phrase's first word to the
        role word, or to the relative word; what follows it in the clause is theirs. Not when
        one of `selves` is joined to the phrase ("Nurses and I drew blood"). Hashes are
        lower-case forms."""
        lower = token_columns(self.doc)[LOWER_ROW]
        kind = self.kind
        plural = bool(kind[person] & PEOPLE)
        opening = person  # a plural without a determiner opens its phrase itself
        i, free = self._previous(person), 0
        while i is not None:  # back through the phrase: "our CPC coder", "the new techs"
            if kind[i] & (HARD | BOUNDARY | CONJUNCTION | CELL | DASH):
                break
            if int(lower[i]) in determiners:
                opening = i
                break
            if not kind[i] & (NUMBER | PUNCT):
                free += 1  # one word may qualify them ("our CPC coder"); two may hold a verb
                if free > _PHRASE_WORDS:  # ("The MA assists providers with ...")
                    break
            i = self._previous(i)
        if opening == person and not plural:
            return None
        after = self._next(person)
        if after is not None and kind[after] & CONJUNCTION:
            joined = self._next(after)
            if joined is not None and int(lower[joined]) in selves:
                return None
        if after is not None and kind[after] & BOUNDARY and not kind[after] & CELL:
            after = self._next(after)  # "the NP, who performed the EKGs"
        if after is not None and int(lower[after]) in relatives:
            return (opening, after + 1)
        before = self._previous(opening)
        if before is not None and kind[before] & DASH:  # a bullet: "- Nurses did wound care"
            before = self._previous(before) if before == self._line_start(before) else before
        opens_clause = before is None or bool(kind[before] & HARD)
        follows = self._next(person)
        if not opens_clause or follows is None:
            return None
        if kind[follows] & (PUNCT | BOUNDARY | CELL | DASH) and not kind[follows] & OPEN:
            return None  # a label or title: "Providers: Dr. Lee", "Nurses' station"
        return (opening, person + 1)

    def names_candidate(
        self, start: int, stop: int, selves: frozenset[int], possessives: frozenset[int]
    ) -> bool:
        """Whether the tokens [start, stop) between someone else's role and a mention bring the
        candidate in: one of `selves` anywhere ("Providers rely on me for EKGs", "The physician
        I assisted with EKGs"), or one of `possessives` right before the mention, bridge words
        aside ("Physicians praised my phlebotomy skills"; not "Nurses on my unit did wound
        care"). Hashes are lower-case forms."""
        lower = token_columns(self.doc)[LOWER_ROW]
        kind = self.kind
        if any(int(lower[i]) in selves for i in range(start, stop)):
            return True
        i = stop - 1
        while i >= start:
            if int(lower[i]) in possessives:
                return True
            if not kind[i] & (SPACE | BRIDGE):
                return False
            i -= 1
        return False

    def _line_start(self, index: int) -> int:
        """The first token of the sentence holding `index` that is not a space."""
        _, first, _ = sentence_of(self.doc, index)
        while first < index and self.kind[first] & SPACE:
            first += 1
        return first

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
