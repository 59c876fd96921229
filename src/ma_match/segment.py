"""Lines and sentences: undo scraper glue and mark sentence boundaries that respect lines.

Résumés and postings are lists more than prose, so a line break ends a sentence: a negation on
one bullet must never reach the next one.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any, cast

import numpy
from spacy.attrs import IDX, NORM, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .reader import continues, text_width

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
# (the hyphen comes first in the pattern, so the engine jumps from hyphen to hyphen)
_WORD_HYPHEN = re.compile(r"-(?<=[^\W\d_]-)(?=[^\W\d_])")


def tokenizer_of(nlp: Language) -> Any:
    """The pipeline's tokenizer with its full interface (`pipe`, `explain`): spaCy's stubs type
    `Language.tokenizer` as a bare `Callable[[str], Doc]`."""
    return cast(Any, nlp.tokenizer)


def unhyphenate(text: str) -> str:
    """The text the matchers read: hyphens inside words become spaces, offsets unchanged."""
    return _WORD_HYPHEN.sub(" ", text)


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics (Latin-1, Extended-A/B, Extended Additional for Vietnamese)
    mapped to their base letter, as Unicode's canonical decomposition gives it."""
    table = {}
    for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii() and base.isalpha():
            table[code] = base
    return table


_ACCENTS = _accent_table()


def fold_accents(text: str) -> str:
    """The text with accented Latin letters read as their base letter ("español" -> "espanol"),
    one character for one, so every offset is kept. Expects composed text (NFC/NFKC, as
    normalise_text gives): a combining mark left on its own is kept as it is."""
    return text if text.isascii() else text.translate(_ACCENTS)


def reading_form(text: str) -> str:
    """The text the concept matcher reads: hyphens inside words read as spaces and accents
    dropped, so "Bilingüe"/"bilingue" and "point-of-care"/"point of care" meet, and runs of
    MAX_TOKEN_CHARS or more non-space characters broken by a space every MAX_TOKEN_CHARS
    characters. Same length."""
    text = fold_accents(unhyphenate(text))
    return _LONG_RUN.sub(_break_run, text) if _LONG_RUN.search(text) else text


# spaCy's tokenizer splits affixes off a token one at a time, searching the whole token each time:
# its cost grows with the square of a token's length (10 KB of "=" took 39 s). No word a résumé
# or posting means is this long; a space in such a run keeps every offset.
MAX_TOKEN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS},}}")


def _break_run(run: re.Match[str]) -> str:
    text = run.group(0)
    return " ".join(text[i : i + MAX_TOKEN_CHARS - 1] for i in range(0, len(text), MAX_TOKEN_CHARS))


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
    cuts: list[int] = []
    decided: dict[int, bool] = {}  # word start -> may it be cut
    word_start, searched = 0, 0
    for point in _glue_points(text):  # in order: each stretch of text is searched once
        word_start = _word_start(text, point, searched, word_start)
        searched = point
        if word_start not in decided:
            word_end = _WORD.match(text, word_start)
            word = text[word_start : word_end.end() if word_end else point]
            bare = word.strip(".,;:()[]\"'!?").lower()
            decided[word_start] = not (bare in protected or any(p in bare for p in protected))
        if decided[word_start]:
            cuts.append(point)
    if not cuts:
        return text
    pieces, last = [], 0
    for point in cuts:
        pieces.append(text[last:point])
        last = point
    pieces.append(text[last:])
    return "\n".join(pieces)


# Every glue point stands within a few characters of one of these plain character sequences,
# "[a-z][.;:!?]?[A-Z]" or "[A-Z]{5}[a-z]"; _GLUE's lookbehinds are tried only there, not at every
# position of the text. Each is found by its capital (the lower-case letter and stop before it
# read by lookbehind), so the engine skips from capital to capital: a text of lower-case words
# is passed over at the speed of a character scan.
_GLUE_HINT = re.compile(r"[A-Z](?:(?<=[a-z].)|(?<=[a-z][.;:!?].)|(?=[A-Z]{4}[a-z]))")
_WORD_END = re.compile(r"\s")


def _hint_span(text: str, capital: int) -> tuple[int, int]:
    """Where the hint sequence found by its capital begins and ends."""
    before = text[capital - 1] if capital else ""
    if "a" <= before <= "z":
        return capital - 1, capital + 1
    if before and before in ".;:!?" and capital >= 2 and "a" <= text[capital - 2] <= "z":
        return capital - 2, capital + 1
    return capital, capital + 6  # five capitals and a lower-case letter


def _glue_points(text: str) -> list[int]:
    """The positions _GLUE.finditer(text) would report, in order."""
    points: list[int] = []
    searched_to = 0
    for hint in _GLUE_HINT.finditer(text):
        start, end = _hint_span(text, hint.start())
        if start < searched_to:
            continue
        # to the end of the word: _GLUE's lookaheads read a whole run of capitals
        word_end = _WORD_END.search(text, end)
        searched_to = word_end.start() if word_end else len(text)
        points.extend(glue.start() for glue in _GLUE.finditer(text, start, searched_to))
    return points


def _word_start(text: str, index: int, since: int = 0, before: int = 0) -> int:
    """Start of the whitespace-delimited word that holds position `index`, searching back only
    to `since`: `before` is the start of the word that holds `since` (a text with no line break
    would otherwise be searched back to its start for every glue point, as it once was)."""
    found = max(
        text.rfind(" ", since, index),
        text.rfind("\n", since, index),
        text.rfind("\t", since, index),
    )
    return found + 1 if found >= 0 else before


_TERM_WORD = re.compile(r"[^\W_]+")


# a line break before a word (the word)
_BREAK_BEFORE_WORD = re.compile(r"\n[ \t]*([^\W_]+)")
_LAST_WORD_REACH = 40  # characters looked back from a break for its line's last word


_SHORT_LINE_WORDS = (
    3  # a line of this many words or fewer wraps only when the next word did not fit
)
_WRAP_FILL = 0.8  # share of its paragraph's width a line and the next word must fill to wrap


def _first_word_did_not_fit(text: str, at: int, line: str, first: str) -> bool:
    """Was the line at the break `at` full: would it, with the next line's first word, run past
    most of the width of its paragraph (its lines between blank lines)?"""
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    block = text[start + 2 if start != -1 else 0 : end if end != -1 else len(text)]
    width = max((len(row.strip()) for row in block.split("\n")), default=0)
    return len(line.strip()) + 1 + len(first) > _WRAP_FILL * width


def _case(word: str) -> str:
    """A word's case: "upper" (EKG), "title" (Assistant) or "lower" (signs)."""
    return "upper" if word.isupper() else "title" if word[:1].isupper() else "lower"


def _continues_in_case(line: str, next_line: str, last: str, first: str) -> bool:
    """Whether `next_line` may go on from `line` by case: a line of one word is a heading or a
    label, as is a next line of one word not in lower case ("EDUCATION", "Education"); the
    words either side of the break are written alike ("Registered Medical" / "Assistant",
    "vital" / "signs"), or the next one in lower case ("Provided patient" / "education.");
    capitals after other words open a heading ("... patients" / "EDUCATION") and a word after
    capitals a new line ("Maria Lopez, CCMA" / "Certified Clinical ..."), unless both lines are
    in capitals (a wrapped heading)."""
    if len(line.split()) < 2:
        return False
    if len(next_line.split()) < 2 and not first.islower():
        return False
    if first.islower():
        return True
    if _case(last) != _case(first):
        return False
    return _case(first) != "upper" or line.isupper()


def _term_word(word: str) -> str:
    """One word as _term_words gives it."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _term_words(text: str) -> list[str]:
    """Lower-case words, a plural "s" dropped: "Basic Life" -> ["basic", "life"]."""
    return [_term_word(w) for w in _TERM_WORD.findall(text)]


class WrapJoiner:
    """Tells the reader whether a line break falls inside one of the taxonomy's terms.

    Called with a line and the next one (the `ma_match.pdf_layout.Joins` hook): true when words
    at the end of the first and at the start of the second together spell a term of two or more
    words ("Certified Clinical Medical" + "Assistant (NHA)").  Words compare in lower case, with
    punctuation and hyphens as spaces and a plural "s" ignored; each call costs at most
    (longest term in words)^2 set look-ups.
    """

    def __init__(self, terms: Iterable[str]):
        self._terms = {tuple(words) for words in map(_term_words, terms) if len(words) >= 2}
        self._longest = max((len(t) for t in self._terms), default=0)
        # the word pairs a break inside a term falls between, and their second words (unwrap's
        # quick tests)
        self._pairs = {pair for term in self._terms for pair in itertools.pairwise(term)}
        self._after_break = {second for _, second in self._pairs}

    def unwrap(self, text: str) -> str:
        """`text` with every line break that falls inside a term made a space: a paragraph
        copied from a narrow column or hard-wrapped by a mail client ("Registered Medical" /
        "Assistant (AMT)", "documents in Practice" / "Fusion"). Only a single break between two
        words: never after punctuation, before a bullet, at a blank line, inside a table (" | ",
        tabs), after a line of one word (a heading or a label), nor after a short line that did
        not fill its paragraph's width. The text keeps its length, so offsets hold."""
        # the regex engine skips to each break; Python looks only at breaks before a term's word
        chars: list[str] | None = None
        for found in _BREAK_BEFORE_WORD.finditer(text):
            second = _term_word(found.group(1))
            if second not in self._after_break:
                continue
            at = found.start()
            # the line's last word, as written: one that ends in punctuation pairs with nothing
            tail = text[max(0, at - _LAST_WORD_REACH) : at].rsplit(None, 1)
            if not tail or (_term_word(tail[-1]), second) not in self._pairs:
                continue
            line = text[text.rfind("\n", 0, at) + 1 : at]
            line_end = text.find("\n", at + 1)
            next_line = text[at + 1 : line_end if line_end != -1 else len(text)]
            if not _continues_in_case(line, next_line, tail[-1], found.group(1)):
                continue
            if "|" in line or "|" in next_line or "\t" in line or "\t" in next_line:
                continue  # a table's rows: "Skill | Years | Certified" / "Phlebotomy | 3 | No"
            used = self.completion(line, next_line)
            if not used:
                continue
            # a short line wraps only inside a paragraph: the next line goes on past the term
            # (not "BLS Certified" / "Medical Assistant", a title of its own) and its first word
            # did not fit (not "Phlebotomy Certified" / "Medical Assistant Diploma, 2019", a list)
            if len(line.split()) <= _SHORT_LINE_WORDS and (
                len(_term_words(next_line)) <= used
                or not _first_word_did_not_fit(text, at, line, found.group(1))
            ):
                continue
            chars = list(text) if chars is None else chars
            chars[at] = " "
        return text if chars is None else "".join(chars)

    def __call__(self, line: str, next_line: str) -> bool:
        return self.completion(line, next_line) > 0

    def completion(self, line: str, next_line: str) -> int:
        """How many words at the start of `next_line` complete a term begun at the end of
        `line` (the fewest that do), or 0."""
        if not self._terms:
            return 0
        reach = self._longest - 1
        tail = _term_words(line[-40 * reach :])[-reach:]
        head = _term_words(next_line[: 40 * reach])[:reach]
        for after in range(1, min(len(head), self._longest - 1) + 1):
            for before in range(1, min(len(tail), self._longest - after) + 1):
                if (*tail[-before:], *head[:after]) in self._terms:
                    return after
        return 0


def unwrap_sentences(text: str) -> str:
    """`text` with each line break inside a hard-wrapped sentence made a space (`reader.continues`:
    the line filled most of the width its neighbours run to, ends in no closing punctuation, and
    the next starts in lower case), so that a clause's cues reach across it ("no experience with
    phlebotomy or" / "injections"). The width is the local one (the longest of the lines around
    the break), so a paragraph wrapped at 60 characters unwraps beside a job line of 90. The text
    keeps its length, so offsets hold. Bullets, headings, short list lines and labelled lines
    ("title: …") stay apart."""
    candidates = [found.start() for found in _BREAK_BEFORE_LOWER.finditer(text)]
    if not candidates:
        return text
    chars: list[str] | None = None
    for at in candidates:
        line_start = text.rfind("\n", 0, at) + 1
        line = text[line_start:at]
        if _LABEL.match(text, at + 1):
            continue  # a field of its own: "title: Medical Assistant"
        if continues(line, text[at + 1 : at + 2], _local_width(text, line_start, at)):
            chars = list(text) if chars is None else chars
            chars[at] = " "
    return text if chars is None else "".join(chars)


def _local_width(text: str, line_start: int, line_end: int) -> int:
    """The longest of the lines around one (`_WIDTH_REACH` before it, it, and as many after),
    without their surrounding spaces: the width a paragraph was wrapped at."""
    start = line_start
    for _ in range(_WIDTH_REACH):
        if start == 0:
            break
        start = text.rfind("\n", 0, start - 1) + 1
    end = line_end
    for _ in range(_WIDTH_REACH + 1):
        found = text.find("\n", end + 1)
        if found == -1:
            end = len(text)
            break
        end = found
    return text_width(text[start:end].split("\n"))


_WIDTH_REACH = 2  # lines each way that set a wrapped paragraph's width

# a line break before a line that starts in lower case (continues() decides the rest)
_BREAK_BEFORE_LOWER = re.compile(r"\n(?=[^\W\d_])")
_LABEL = re.compile(r"[\w -]{1,30}:")  # a line that opens with a label


# a question mark ends no sentence: "Epic experience? No." answers within one (scope.py bounds it)
_SENTENCE_END = (".", "!")


# the token columns every component reads, computed once per doc (token_columns): rows of a
# uint64 array, in this order
LOWER_ROW, NORM_ROW, ORTH_ROW, ALPHA_ROW, STOP_ROW, SPACE_ROW, PUNCT_ROW, NUM_ROW, ISLOWER_ROW = (
    range(9)
)
IDX_ROW, LENGTH_ROW = 9, 10
_COLUMNS_KEY = "token_columns"
# the rows read per word form (LineMarker.columns' table), in the table's order
_LEXICAL_ROWS = (
    LOWER_ROW,
    ALPHA_ROW,
    STOP_ROW,
    SPACE_ROW,
    PUNCT_ROW,
    NUM_ROW,
    ISLOWER_ROW,
    LENGTH_ROW,
)
# the doc's distinct ORTH hashes and, per token, the index of its own (read with the columns)
FORMS_KEY = "word_forms"
# lexeme rows kept per word form before the table starts over (a long ranking meets endless words)
_LEXEME_LIMIT = 50_000


class LineMarker:
    """The "ma_lines" component: start a sentence at every line and after sentence-final
    punctuation before a word that is not lower-case. Computed on arrays (no Python loop over
    tokens) and kept in `doc.user_data["sentence_starts"]` for the components that need sentence
    bounds.

    It also reads the token columns the later components use (token_columns): spaCy's
    Doc.to_array costs about as much per attribute as per token, so only what a token itself
    holds (ORTH, NORM, IDX) is read from the doc, and the attributes of its word form (LOWER,
    the flags, LENGTH) come from a table kept per word form across docs."""

    def __init__(self, nlp: Language | None = None, name: str = "ma_lines") -> None:
        self.name = name
        self._lexemes: dict[int, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        columns = self.columns(doc)
        doc.user_data[_COLUMNS_KEY] = columns
        _mark_sentences(doc, columns)
        return doc

    def columns(self, doc: Doc) -> numpy.ndarray:
        """The doc's token columns: an array of shape (11, len(doc)), rows as named above."""
        base = doc.to_array([ORTH, NORM, IDX])
        if not len(doc):
            return numpy.zeros((11, 0), dtype="uint64")
        unique, inverse = distinct_values(base[:, 0])
        doc.user_data[FORMS_KEY] = (unique, inverse)
        table = self._lexemes
        if len(table) > _LEXEME_LIMIT:
            table.clear()
        vocab = doc.vocab
        rows = []
        for orth in unique.tolist():
            row = table.get(orth)
            if row is None:
                lexeme = vocab[orth]
                row = table[orth] = (
                    lexeme.lower,
                    lexeme.is_alpha,
                    lexeme.is_stop,
                    lexeme.is_space,
                    lexeme.is_punct,
                    lexeme.like_num,
                    lexeme.is_lower,
                    len(lexeme.orth_),
                )
            rows.append(row)
        # each lexical row gathered straight into its place: no token-by-attribute array between
        # (at 10 MB of text that was 100 MB written and transposed)
        lexical = numpy.array(rows, dtype="uint64").T.copy()
        columns = numpy.empty((11, len(doc)), dtype="uint64")
        for place, values in zip(_LEXICAL_ROWS, lexical):
            numpy.take(values, inverse, out=columns[place])
        columns[NORM_ROW] = base[:, 1]
        columns[ORTH_ROW] = base[:, 0]
        columns[IDX_ROW] = base[:, 2]
        return columns

    def __getstate__(self) -> dict[str, str]:
        return {"name": self.name}  # the table is a cache

    def __setstate__(self, state: dict[str, str]) -> None:
        self.name = state["name"]
        self._lexemes = {}


@Language.factory("ma_lines", assigns=["token.is_sent_start", "doc.user_data"])
def make_lines(nlp: Language, name: str) -> LineMarker:
    """Sentences by line, and the token columns (LineMarker)."""
    return LineMarker(nlp, name)


def distinct_values(values: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The distinct values, sorted, and for each value the index of its own among them: what
    numpy.unique(values, return_inverse=True) gives, without its argsort, which the long
    repeating runs of a text's hashes slow down fivefold (0.5 s for 1.8M tokens)."""
    unique = numpy.unique(values)
    return unique, numpy.searchsorted(unique, values)


def token_columns(doc: Doc) -> numpy.ndarray:
    """The doc's token columns as the "ma_lines" component read them (computed here, without
    its table, for a doc it has not seen): shape (11, len(doc)), rows LOWER_ROW ... LENGTH_ROW."""
    columns = doc.user_data.get(_COLUMNS_KEY)
    if columns is None:
        columns = doc.user_data[_COLUMNS_KEY] = LineMarker().columns(doc)
    return columns


def mark_sentences(doc: Doc) -> Doc:
    """Mark the doc's sentences as the "ma_lines" component does."""
    _mark_sentences(doc, token_columns(doc))
    return doc


def _mark_sentences(doc: Doc, columns: numpy.ndarray) -> None:
    n = len(doc)
    if not n:
        doc.user_data["sentence_starts"] = numpy.zeros(0, dtype="int64")
        return
    strings = doc.vocab.strings
    orths = columns[ORTH_ROW, :-1]
    # a line break is always inside a whitespace token; the token after it starts a line
    spaces = set(columns[ORTH_ROW, columns[SPACE_ROW] == 1].tolist())
    start = numpy.zeros(n, dtype=bool)
    start[0] = True
    after = start[1:]
    for space in spaces:
        if "\n" in strings[space]:
            after |= orths == space
    ends_sentence = numpy.zeros(n - 1, dtype=bool)
    for mark in _SENTENCE_END:
        ends_sentence |= orths == strings.add(mark)
    after |= ends_sentence & (columns[ISLOWER_ROW, 1:] == 0)
    flags = numpy.where(start, 1, -1).astype("int64").astype("uint64").reshape(-1, 1)
    doc.from_array([SENT_START], cast(Any, flags))  # thinc's Ints2d names no unsigned arrays
    doc.user_data["sentence_starts"] = numpy.flatnonzero(start)


def doc_text(doc: Doc) -> str:
    """The doc's text, as kept by the "ma_lines" component (Doc.text rebuilds it on every call)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def sentence_starts(doc: Doc) -> numpy.ndarray:
    """Token indices where sentences start (as marked by the "ma_lines" component)."""
    starts = doc.user_data.get("sentence_starts")
    if starts is None:
        starts = numpy.array([s.start for s in doc.sents], dtype="int64")
        doc.user_data["sentence_starts"] = starts
    return starts


def sentence_of(doc: Doc, token: int) -> tuple[int, int, int]:
    """(index, first token, end token) of the sentence holding `token`."""
    starts = doc.user_data.get("sentence_start_list")
    if starts is None:
        starts = doc.user_data["sentence_start_list"] = [*sentence_starts(doc).tolist(), len(doc)]
    index = bisect_right(starts, token) - 1
    return index, starts[index], starts[index + 1]
