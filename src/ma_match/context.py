"""ConText-style modifiers: mark mentions negated ("no phlebotomy experience") or pending
("CCMA exam scheduled", "BLS expected"). The rules are taxonomy data; the scope is the sentence,
limited to a window of tokens and cut by terminators ("but", "however").
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .models import Mention
from .segment import sentence_of, unhyphenate
from .taxonomy import ContextRule, Taxonomy


class ContextMarker:
    """A spaCy component: rewrites `doc._.mentions` with each mention's status."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.rules = taxonomy.context.rules
        self.default_window = taxonomy.context.window
        self.groups = {c.id: c.group for c in taxonomy.concepts}
        self.in_progress_is_present = {c.id for c in taxonomy.concepts if c.in_progress_is_present}
        self.triggers = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, rule in enumerate(self.rules):
            self.triggers.add(str(index), [nlp.make_doc(unhyphenate(rule.literal))])
        self.terminators = PhraseMatcher(nlp.vocab, attr="LOWER")
        if taxonomy.context.terminators:
            self.terminators.add("stop", list(nlp.tokenizer.pipe(map(unhyphenate, taxonomy.context.terminators))))

    def __call__(self, doc: Doc) -> Doc:
        if doc._.mentions:
            doc._.mentions = tuple(self.mark(doc, doc._.mentions))
        return doc

    def mark(self, doc: Doc, mentions: tuple[Mention, ...]) -> list[Mention]:
        strings = doc.vocab.strings
        triggers = [(self.rules[int(strings[m])], s, e) for m, s, e in self.triggers(doc)]
        if not triggers:
            return list(mentions)
        triggers.sort(key=lambda t: t[1])
        trigger_starts = [s for _, s, _ in triggers]
        stops = sorted(s for _, s, _ in self.terminators(doc))
        marked = []
        for mention in mentions:
            # only the mention's own sentence can reach it: slicing keeps long texts linear
            _, lo, hi = sentence_of(doc, mention.token_start)
            near = triggers[bisect_left(trigger_starts, lo):bisect_left(trigger_starts, hi)]
            near_stops = stops[bisect_left(stops, lo):bisect_left(stops, hi)]
            status = self.status(mention, near, near_stops, (lo, hi))
            if status == "pending" and mention.concept_id in self.in_progress_is_present:
                status = "present"
            marked.append(mention._replace(status=status) if status != mention.status else mention)
        return marked

    def status(
        self,
        mention: Mention,
        triggers: list[tuple[ContextRule, int, int]],
        stops: list[int],
        sentence: tuple[int, int],
    ) -> str:
        """The category of the nearest trigger whose scope reaches the mention; negation wins ties."""
        best: tuple[int, int, str] | None = None
        group = self.groups[mention.concept_id]
        for rule, start, end in triggers:
            if rule.groups and group not in rule.groups:
                continue
            if not (sentence[0] <= start and end <= sentence[1]):
                continue
            window = rule.window or self.default_window
            if end <= mention.token_start and rule.direction in ("forward", "both"):
                distance, between = mention.token_start - end, (end, mention.token_start)
            elif start >= mention.token_end and rule.direction in ("backward", "both"):
                distance, between = start - mention.token_end, (mention.token_end, start)
            else:
                continue
            if distance > window or any(between[0] <= s < between[1] for s in stops):
                continue
            rank = (distance, 0 if rule.category == "negated" else 1, rule.category)
            if best is None or rank < best:
                best = rank
        return best[2] if best else mention.status
