"""Posting sections and cue words: is a mention required, preferred, or not asked at all?

The posting's structure (posting_structure.py: every line's role, from its headings) sets the
default: duties, requirements and the title ask (required), preferences ask (preferred), company,
benefit, EEO, how-to-apply and conditions text ask nothing. The nearest cue word in the mention's own clause ("a plus", "required"; the clause model
of scope.py) overrides the section; what the employer offers (benefits, paid training) is no
requirement. Words come from the taxonomy.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .experience import ExperienceReader
from .models import Importance, Mention, SectionKind
from .pipeline import TaxonomyComponent
from .posting_structure import PostingStructure, PostingStructureReader
from .scope import ITEM, MAX_REACH, Scope, ScopeWords
from .segment import doc_text, sentence_of, tokenizer_of, unhyphenate
from .taxonomy import Taxonomy

Cue = tuple[str, int, int]  # kind (required | preferred | offered), start token, end token
STRUCTURE_KEY = "posting_structure"
NEED_KEY = "experience_need"
FRAME_SLOT = "…"  # marks where the concept stands in a framed cue ("paid … training")
FRAME_GAP = 4  # tokens a framed cue's slot may hold
# an item line of a list written one item a line: bulleted, numbered or indented
_ITEM_LINE = re.compile(
    r"[ \t]*(?:[-*\u2022\u00b7\u25aa\u2013\u2014]|\d{1,2}[.)])[ \t]+\S|[ \t]{2,}\S"
)


class SectionMarker(TaxonomyComponent):
    """A spaCy component: rewrites `doc._.mentions` with section, importance and `offered`."""

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        rules = taxonomy.posting
        self.window = taxonomy.context.window
        self.structure = PostingStructureReader(rules)
        self.years = ExperienceReader(
            taxonomy.experience, rules.preferred_cues, rules.required_cues
        )
        self.words = ScopeWords(taxonomy.context, nlp.vocab.strings.add)
        self.alternative_groups = frozenset(rules.alternative_groups)
        self.groups = {c.id: c.group for c in taxonomy.concepts}
        self.markers = PhraseMatcher(nlp.vocab, attr="LOWER")
        if rules.alternative_markers:
            self.markers.add(
                "or", list(tokenizer_of(nlp).pipe(map(unhyphenate, rules.alternative_markers)))
            )
        self.cue_heads = frozenset(nlp.vocab.strings.add(w) for w in rules.cue_heads)
        self.cues = PhraseMatcher(nlp.vocab, attr="LOWER")
        # a framed cue ("paid … training") holds the concept between its two parts
        self.frame_parts = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.frame_kinds: list[str] = []
        self.open_frames: set[int] = set()
        for kind, phrases in (
            ("required", rules.required_cues),
            ("preferred", rules.preferred_cues),
            ("offered", rules.offered_cues),
        ):
            plain = [p for p in phrases if FRAME_SLOT not in p]
            if plain:
                self.cues.add(kind, list(tokenizer_of(nlp).pipe(map(unhyphenate, plain))))
            for phrase in phrases:
                if FRAME_SLOT in phrase:
                    left, right = (part.strip() for part in phrase.split(FRAME_SLOT, 1))
                    index = len(self.frame_kinds)
                    self.frame_kinds.append(kind)
                    if not (left and right):
                        self.open_frames.add(index)  # one part: the slot is on its open side
                    for side, part in (("<", left), (">", right)):
                        if part:
                            self.frame_parts.add(
                                f"{index}{side}", [nlp.make_doc(unhyphenate(part))]
                            )

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self.ready()
        text = doc_text(doc)
        structure = doc.user_data[STRUCTURE_KEY] = self.structure.read(text)
        line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        scope = doc.user_data.get("scope") or Scope(
            doc, self.words, doc._.mentions
        )  # the context marker's
        strings = doc.vocab.strings
        cues = sorted(
            [
                *(
                    (strings[match_id], start, end)
                    for match_id, start, end in self.cues(doc)
                    if not (
                        strings[match_id] != "offered"
                        and self._describes_a_noun(doc, scope, start, end)
                    )
                ),
                *self._frames(doc),
            ],
            key=lambda cue: cue[1],
        )
        starts = [cue[1] for cue in cues]
        cues_near = lambda start, end: self._near(doc, cues, starts, start, end)  # noqa: E731
        if doc._.mentions:
            marked = self.mark(structure, scope, doc._.mentions, cues_near)
            need_cues = {start for kind, start, _ in cues if kind != "offered"}
            doc._.mentions = tuple(self.alternatives(doc, scope, marked, need_cues, line_starts))
        doc.user_data[NEED_KEY] = self.years.need(
            text,
            lambda start, end: self.importance_at(
                doc, start, end, structure, scope, cues_near, line_starts
            ),
        )
        doc.user_data.pop("scope", None)  # it holds the doc: no reference cycle is left behind
        return doc

    def _describes_a_noun(self, doc: Doc, scope: Scope, start: int, end: int) -> bool:
        """Is the one-word required or preferred cue at [start, end) an adjective of the noun
        right after it ("the patient's preferred pharmacy", "desired date", "quality bonus
        program")? A word that is no stop word and no mention follows it at once, and is none
        of the words a cue may stand before (`posting.cue_heads`: "preferred candidates",
        "Required skills", "preferred prior experience")."""
        if end - start != 1 or end >= len(doc) or doc[start].lower_.endswith("ly"):
            return False  # an adverb describes no noun: "Ideally familiar with eCW"
        after = doc[end]
        return (
            after.is_alpha
            and not after.is_stop
            and not scope.kind[end] & ITEM
            and after.lower not in self.cue_heads
        )

    def importance_at(
        self,
        doc: Doc,
        start: int,
        end: int,
        structure: PostingStructure,
        scope: Scope,
        cues_near: Callable[[int, int], list[Cue]],
        line_starts: list[int],
    ) -> Importance | None:
        """How the posting asks for what stands at characters [start, end) (a years statement):
        required or preferred, or None where it asks nothing (company text, benefits, an offer)."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            return None
        section = structure.line(bisect_right(line_starts, start)).section
        nearest = self._nearest(scope, (span.start, span.end), cues_near(span.start, span.end))
        if section == "ignored" or nearest == "offered":
            return None  # as for a concept: benefits, company text and offers ask nothing
        return _importance(section, nearest)

    @staticmethod
    def _near(doc: Doc, cues: list[Cue], starts: list[int], start: int, end: int) -> list[Cue]:
        """The cues (sorted, with their `starts`) of the sentence of tokens [start, end) within
        MAX_REACH of them."""
        _, lo, hi = sentence_of(doc, start)
        return cues[
            bisect_left(starts, max(lo, start - MAX_REACH)) : bisect_left(
                starts, min(hi, end + MAX_REACH)
            )
        ]

    def mark(
        self,
        structure: PostingStructure,
        scope: Scope,
        mentions: tuple[Mention, ...],
        cues_near: Callable[[int, int], list[Cue]],
    ) -> list[Mention]:
        """Each mention with its section, importance, `offered` flag and list of alternatives;
        `cues_near(start, end)` gives the cues that may reach tokens [start, end)."""
        marked = []
        for mention in mentions:
            section = structure.line(mention.line).section
            near = cues_near(mention.token_start, mention.token_end)
            nearest = self._nearest(scope, (mention.token_start, mention.token_end), near)
            if mention.status == "negated" and not self._waived(scope, mention, near):
                # "New hires without BLS must complete it": the posting still asks for it
                mention = mention._replace(status="present")
            marked.append(
                mention._replace(
                    section=section,
                    importance=_importance(section, nearest),
                    offered=nearest == "offered",
                )
            )
        return marked

    def alternatives(
        self,
        doc: Doc,
        scope: Scope,
        mentions: list[Mention],
        need_cues: frozenset[int] | set[int] = frozenset(),
        line_starts: list[int] | None = None,
    ) -> list[Mention]:
        """Number the lists of alternatives: mentions of one alternative group next to each other
        in one clause (scope.list_joins), with a marker between them or just before the list;
        and lists written one item a line under a line that offers the choice, up to an item
        with a required or preferred cue of its own (`need_cues`: their first tokens)."""
        if not mentions or not self.alternative_groups:
            return mentions
        markers = self.markers(doc)
        marker_tokens = {i for _, start, end in markers for i in range(start, end)}
        if not marker_tokens:
            return mentions
        result = list(mentions)
        order = sorted(range(len(result)), key=lambda i: result[i].token_start)
        run: list[int] = []
        choice = 0

        def close(run: list[int]) -> None:
            nonlocal choice
            by_group: dict[str, list[int]] = {}
            for i in run:
                by_group.setdefault(self.groups[result[i].concept_id], []).append(i)
            for group, members in by_group.items():
                if (
                    group in self.alternative_groups
                    and len({result[i].concept_id for i in members}) > 1
                ):
                    for i in members:
                        result[i] = result[i]._replace(choice=choice)
                    choice += 1

        offers_choice = False
        for index in order:
            mention = result[index]
            if run:
                last = result[run[-1]]
                joined = scope.list_join(
                    (last.token_start, last.token_end), (mention.token_start, mention.token_end)
                )
                if joined is not None:
                    offers_choice = offers_choice or any(i in marker_tokens for i in range(*joined))
                    run.append(index)
                    continue
                if offers_choice:
                    close(run)
            run = [index]
            offers_choice = scope.opened_by(mention.token_start, marker_tokens)
        if run and offers_choice:
            close(run)
        # a list under its line: only a marker of words offers the choice there ("one of the
        # following:"); a slash joins words in headings ("Duties/Responsibilities:")
        word_markers = {
            i
            for _, start, end in markers
            if end - start > 1 and all(t.is_alpha for t in doc[start:end])
            for i in range(start, end)
        }
        starts = line_starts or [0, *(m.end() for m in re.finditer("\n", doc_text(doc)))]
        for block in self._listed_below(doc, result, word_markers, need_cues, starts):
            close(block)
        return result

    @staticmethod
    def _listed_below(
        doc: Doc,
        mentions: list[Mention],
        marker_tokens: set[int],
        need_cues: frozenset[int] | set[int],
        starts: list[int],
    ) -> list[list[int]]:
        """Lists of alternatives written one item a line under a line that offers the choice
        and ends in a colon ("Must hold one of the following:" then "- CMA", "- RMA"): for each,
        the indices of the mentions on its item lines, which are bulleted or indented, each
        holding a mention and no cue of its own ("- Current BLS certification required" asks on
        its own), two at least. `starts`: where each line of the doc's text begins."""
        text = doc_text(doc)
        by_line: dict[int, list[int]] = {}
        for index, mention in enumerate(mentions):
            line = bisect_right(starts, doc[mention.token_start].idx) - 1
            by_line.setdefault(line, []).append(index)
        marker_lines = sorted({bisect_right(starts, doc[i].idx) - 1 for i in marker_tokens})
        cue_lines = {bisect_right(starts, doc[i].idx) - 1 for i in need_cues}

        def line_text(line: int) -> str:
            end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
            return text[starts[line] : end]

        blocks = []
        for opener in marker_lines:
            if not line_text(opener).rstrip().endswith(":"):
                continue
            item = opener + 1
            items: list[int] = []
            while (
                item < len(starts)
                and item in by_line
                and item not in cue_lines
                and _ITEM_LINE.match(line_text(item))
            ):
                items.extend(by_line[item])
                item += 1
            if item - opener > 2:
                blocks.append(items)
        return blocks

    def _waived(self, scope: Scope, mention: Mention, cues: list[Cue]) -> bool:
        """A negated mention asks nothing only where a need cue closes its clause ("no
        experience required", "CMA not required") or a negation governs the need cue before it
        ("you do not need EKG experience"); elsewhere ("new hires without BLS must complete it")
        the posting still asks for it."""
        target = (mention.token_start, mention.token_end)
        for kind, start, end in cues:
            if kind == "offered":
                continue
            if target[0] < end <= target[1]:
                return True  # the need word is the mention's own ("no certification required")
            if start >= target[1] and scope.backward((start, end), target, 0, strict=True):
                return True
            if not scope.negates(start):
                continue
            if end <= target[0] and scope.forward((start, end), target, self.window):
                return True  # "you do not need EKG experience"
            if start >= target[1] and scope.backward(
                (start - 1, end), target, self.window, strict=False
            ):
                return True  # "spirometry experience not necessary"
        return False

    def _frames(self, doc: Doc) -> list[Cue]:
        """Framed cues as (kind, start, end) spans from the left part's start to the right
        part's end, with 1 to FRAME_GAP tokens of one sentence between the parts ("paid EKG
        technician training"); a frame with one part empty ("… fees paid") holds up to FRAME_GAP
        tokens on its open side. A mention inside a frame shares its words, so the frame is its
        nearest cue."""
        if not self.frame_kinds:
            return []
        strings = doc.vocab.strings
        lefts: dict[int, tuple[int, int]] = {}  # the latest left part of each frame: (start, end)
        frames = []
        parts = sorted(
            ((strings[match_id], start, end) for match_id, start, end in self.frame_parts(doc)),
            key=lambda part: part[1],
        )
        for key, start, end in parts:
            index, side = int(key[:-1]), key[-1]
            kind = self.frame_kinds[index]
            if side == "<":
                if index in self.open_frames:  # "paid …": the slot after it
                    frames.append(
                        (kind, start, min(len(doc), end + FRAME_GAP, sentence_of(doc, start)[2]))
                    )
                lefts[index] = (start, end)
            elif index in self.open_frames:  # "… fees paid": the slot before it
                frames.append((kind, max(start - FRAME_GAP, sentence_of(doc, start)[1]), end))
            elif index in lefts:
                left_start, left_end = lefts[index]
                if (
                    0 < start - left_end <= FRAME_GAP
                    and sentence_of(doc, left_start)[0] == sentence_of(doc, start)[0]
                ):
                    frames.append((kind, left_start, end))
        return frames

    def _nearest(self, scope: Scope, target: tuple[int, int], cues: list[Cue]) -> str | None:
        """The kind of the nearest cue whose clause holds the target tokens (scope.py); a cue after
        the target wins a tie ("BLS required, CMA preferred"). Words of the target itself are no
        cue: "verify patients' health insurance" is a duty, not a benefit."""
        best: tuple[int, int, str] | None = None
        for kind, start, end in cues:
            if target[0] <= start and end <= target[1]:
                continue
            if start < target[1] and target[0] < end:
                rank = (0, 0, kind)  # "Epic training provided": the cue shares the mention's words
            elif end <= target[0]:
                if not scope.forward((start, end), target, self.window, comma_after_cue=True):
                    continue
                rank = (target[0] - end, 1, kind)
            else:
                if not scope.backward((start, end), target, self.window, strict=False):
                    continue
                rank = (start - target[1], 0, kind)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None


def _importance(section: SectionKind, nearest: str | None) -> Importance:
    """The nearest required or preferred cue decides; else the section: a preference section's
    lines are preferred, every other asking line required."""
    if nearest in ("required", "preferred"):
        return nearest  # type: ignore[return-value]
    return "preferred" if section == "preferred" else "required"
