"""ConText-style modifiers (Harkema et al., 2009, as medspaCy's ConTextComponent applies them):
mark mentions negated ("I don't hold a CMA", "EKG: No"), pending ("CCMA exam scheduled March
2027"), someone else's ("supervised by a CMA") or affirmed ("BLS: Yes"). The rules are taxonomy
data (`context.rules`); pseudo rules cancel false triggers ("no-show", "not only") and terminate
rules end scopes. Where a cue reaches is the clause model of scope.py.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from .models import Mention, MentionStatus
from .pipeline import TaxonomyComponent
from .scope import MAX_REACH, Scope, ScopeWords
from .segment import sentence_of, unhyphenate
from .taxonomy import ContextRule, Taxonomy

# on a tie of distance, the first of these wins
_PRECEDENCE = {"negated": 0, "other_person": 1, "traded": 1, "pending": 2, "affirmed": 3}
_STATUS: dict[str, MentionStatus] = {
    "negated": "negated",
    "other_person": "unclaimed",
    "traded": "unclaimed",
    "pending": "pending",
    "affirmed": "present",
}

Trigger = tuple[ContextRule, int, int]  # rule, start token, end token
# the rule a clause's subject stands for when it is someone else (ContextMarker._subjects)
_SUBJECT_RULE = ContextRule(literal="(someone else as the subject)", category="other_person")


class ContextMarker(TaxonomyComponent):
    """A spaCy component: rewrites `doc._.mentions` with each mention's status, and leaves the
    doc's Scope in `doc.user_data["scope"]` for the posting section marker."""

    def setup(self, nlp: Language, taxonomy: Taxonomy) -> None:
        context = taxonomy.context
        self.rules = context.rules
        self.default_window = context.window
        self.groups = {c.id: c.group for c in taxonomy.concepts}
        self.in_progress_is_present = {c.id for c in taxonomy.concepts if c.in_progress_is_present}
        # rules for a clitic ("n't", "n’t"): the tokenizer splits most contractions, not all
        self.clitics = {
            r.literal: r
            for r in self.rules
            if r.literal[:1].isalpha() and r.literal[-2:-1] in ("'", "’")
        }
        self.words = ScopeWords(context, nlp.vocab.strings.add, self.clitics)
        add = nlp.vocab.strings.add
        # someone else as a clause's subject (Scope.subject_span), as lower-case hashes
        self.other_determiners = frozenset(add(w) for w in context.other_determiners)
        self.relative_words = frozenset(add(w) for w in context.relative_words)
        self.self_words = frozenset(add(w) for w in context.self_words)
        self.self_possessives = frozenset(add(w) for w in context.self_possessives)
        self.triggers = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, rule in enumerate(self.rules):
            self.triggers.add(str(index), [nlp.make_doc(unhyphenate(rule.literal))])

    def __call__(self, doc: Doc) -> Doc:
        if not self.built:
            self.ready()
        if doc._.mentions:
            doc._.mentions = tuple(self.mark(doc, doc._.mentions))
        return doc

    def mark(self, doc: Doc, mentions: tuple[Mention, ...]) -> list[Mention]:
        strings = doc.vocab.strings
        scope = doc.user_data["scope"] = Scope(doc, self.words, mentions)
        found = [(self.rules[int(strings[m])], s, e) for m, s, e in self.triggers(doc)]
        found.extend(self._whole_contractions(doc, scope))
        found.extend(self._subjects(doc, scope))
        scope.add_terminators(
            (s, e) for rule, s, e in found if rule.category == "terminate" and e - s > 1
        )
        pseudo = bytearray(
            len(doc)
        )  # tokens of phrases that look like cues but are none ("no-show")
        for rule, s, e in found:
            if rule.category == "pseudo" and rule.direction != "backward":
                pseudo[s:e] = b"\x01" * (e - s)
        heads = frozenset(
            s for rule, s, e in found if rule.category == "pseudo" and rule.direction == "backward"
        )
        triggers = sorted(
            # a trigger wholly inside a pseudo phrase is none
            (
                (rule, s, e)
                for rule, s, e in found
                if rule.category in _PRECEDENCE and pseudo.find(0, s, e) != -1
            ),
            key=lambda t: t[1],
        )
        scope.negation_ends = frozenset(
            e - 1 for rule, _, e in triggers if rule.category == "negated"
        )
        if not triggers:
            return list(mentions)
        starts = [s for _, s, _ in triggers]
        marked = []
        for mention in mentions:
            _, lo, hi = sentence_of(doc, mention.token_start)
            lo = max(lo, mention.token_start - MAX_REACH)
            hi = min(hi, mention.token_end + MAX_REACH)
            near = triggers[bisect_left(starts, lo) : bisect_left(starts, hi)]
            status = self.status(scope, mention, near, heads) if near else mention.status
            if status == "pending" and mention.concept_id in self.in_progress_is_present:
                status = "present"
            marked.append(mention._replace(status=status) if status != mention.status else mention)
        return marked

    def _subjects(self, doc: Doc, scope: Scope) -> list[Trigger]:
        """Other-person cues from someone else standing as a clause's subject ("Nurses on my
        unit did wound care", "worked alongside RNs who drew blood"): ConText's experiencer
        given by the clause rather than by a phrase. Only the role words' tokens are looked at
        (Scope.people, found with the other word classes). Résumés only: a posting's people
        are those the hire works with ("Our providers use Epic", "Physicians rely on the MA for
        EKGs" ask for Epic and EKGs)."""
        if doc.user_data.get("kind") == "posting":
            return []
        found = []
        for i in scope.people:
            span = scope.subject_span(
                i, self.other_determiners, self.relative_words, self.self_words
            )
            if span is not None:
                found.append((_SUBJECT_RULE, *span))
        return found

    def _whole_contractions(self, doc: Doc, scope: Scope) -> list[Trigger]:
        """A clitic rule ("n't") also fires on a word the tokenizer left whole: spaCy splits
        "haven't" but not "HAVEN'T" (the scope marks such words)."""
        found = []
        for i in scope.clitics:
            lower = doc[i].lower_
            for literal, rule in self.clitics.items():
                if lower.endswith(literal):
                    found.append((rule, i, i + 1))
        return found

    def status(
        self, scope: Scope, mention: Mention, triggers: list[Trigger], heads: frozenset[int]
    ) -> MentionStatus:
        """The status set by the nearest trigger whose scope reaches the mention."""
        best: tuple[int, int, str] | None = None
        group = self.groups[mention.concept_id]
        target = (mention.token_start, mention.token_end)
        for rule, start, end in triggers:
            if rule.groups and group not in rule.groups:
                continue
            if target[0] <= start and end <= target[1]:
                continue  # the trigger is part of the mention's own words
            if rule is _SUBJECT_RULE and scope.names_candidate(
                end, target[0], self.self_words, self.self_possessives
            ):
                continue  # "Providers rely on me for EKGs", "Physicians praised my phlebotomy"
            window = rule.window or self.default_window
            if (
                start < target[0] < end
                and rule.direction in ("forward", "both")
                and not rule.standalone
            ):
                distance = 0  # "zero experience with Epic": the cue shares a word with the mention
            elif end <= target[0] and rule.direction in ("forward", "both") and not rule.standalone:
                if not scope.forward((start, end), target, window, concept=mention.concept_id):
                    continue
                if rule.category == "negated" and (
                    scope.pseudo_head_after(target, heads)
                    or scope.pseudo_head_owns(end, target, heads)
                ):
                    # "no phlebotomy complications", "No patient complaints in three years of
                    # rooming": the cue is about the complaints
                    continue
                distance = target[0] - end
            elif start >= target[1] and rule.direction in ("backward", "both"):
                # a negation after the concept may go on ("aren't part of my experience"); a
                # pending cue must end its clause, or it speaks of what follows it
                reaches = (
                    scope.standalone((start, end), target, heads)
                    if rule.standalone
                    else scope.backward(
                        (start, end),
                        target,
                        window,
                        strict=True,
                        ends_clause=rule.category != "negated",
                    )
                )
                if not reaches:
                    continue
                distance = start - target[1]
            else:
                continue
            rank = (distance, _PRECEDENCE[rule.category], rule.category)
            if best is None or rank < best:
                best = rank
        return _STATUS[best[2]] if best else mention.status
