"""Match a résumé against a posting: requirements, their status through the taxonomy's relations,
the score, both sides, and the gaps. The CLI only renders the Report this builds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from .doc_kind import KindReader, swap_warnings
from .experience import ExperienceFound, ExperienceNeed, ExperienceReader
from .models import ConceptFinding, Evidence, Extraction, Importance
from .taxonomy import Taxonomy
from .wording import ResumeWords, WordingJudge, shares_keyword

if TYPE_CHECKING:  # the extractor imports spaCy: loaded when a Matcher is made, so that
    # `import ma_match` (and `ma-match --help`) stays fast
    from .extract import Extractor

EXPERIENCE_ID = "experience.min_years"
SIDES = ("clinical", "administrative")


@dataclass(frozen=True)
class Requirement:
    """One thing the posting asks for and how the résumé answers it.

    `any_of` lists alternatives the posting accepts ("CMA, RMA or CCMA"); `via` names the résumé
    concept that decided the status, which may differ from `id` through the taxonomy's relations.
    """

    id: str
    label: str
    group: str
    side: str
    importance: Importance
    status: str  # met | partial | missing
    posting_evidence: Evidence | None
    resume_evidence: Evidence | None
    any_of: tuple[str, ...] = ()
    via: str | None = None
    weight: float = 0.0
    credit: float = 0.0
    # points the score would gain were this requirement met (0 when met): the report re-scored
    # with it credited in full, not an estimate
    gain: int = 0
    # the posting's own words for it (the texts its mentions matched), what an ATS would look for
    posting_words: tuple[str, ...] = ()
    # met or partial through words the résumé does not share with the posting: misspelling |
    # abbreviation | synonym | related (see wording.py); None when the résumé uses the posting's
    wording: str | None = None


@dataclass(frozen=True)
class SideCoverage:
    """One skill side: what the posting asks, what the résumé meets, what the résumé shows."""

    asked: int
    met: int
    partial: int
    resume_skills: int
    covered: bool


@dataclass(frozen=True)
class Experience:
    """Years asked by the posting against years found in the résumé."""

    required_years: float | None
    importance: Importance | None
    resume_years: float
    relevant_years: float
    stated_years: float | None
    posting_line: str | None


@dataclass(frozen=True)
class Suggestion:
    """A concrete next step; it never invents experience.

    `kind`: "gap" (a requirement not met, `gain` points if it were), "wording" (met in words an
    ATS keyword scan would not find: use the posting's) or "extra" (what the résumé shows that the
    posting does not ask). The report lists gaps by gain, then wording notes, then the extra."""

    requirement_id: str
    text: str
    kind: str = "gap"
    gain: int = 0


@dataclass(frozen=True)
class Report:
    """Everything `ma-match RESUME POSTING` shows, as data.

    `score` is None (band UNSCORED) when the posting names nothing the taxonomy knows: no
    requirement, so no score. `warnings` say when the files look swapped or wrong, with the fix."""

    score: int | None
    band: str
    both_sides_covered: bool
    sides: dict[str, SideCoverage]
    resume_balance: str  # balanced | clinical only | administrative only | neither
    requirements: tuple[Requirement, ...]
    experience: Experience
    resume_only: tuple[ConceptFinding, ...]
    credentials: tuple[ConceptFinding, ...]
    ehr_platforms: tuple[ConceptFinding, ...]
    suggestions: tuple[Suggestion, ...]
    explanation: tuple[str, ...]
    resume: Extraction
    posting: Extraction
    warnings: tuple[str, ...] = ()

    @property
    def scored(self) -> bool:
        """Whether the posting asked for anything the score could be computed from."""
        return self.score is not None


UNSCORED = "unscored"  # the band of a report with no score


class Matcher:
    """Builds Reports with one extractor and the taxonomy's relations and weights."""

    def __init__(self, extractor: Extractor | None = None, today: date | None = None):
        if extractor is None:
            from .extract import default_extractor

            extractor = default_extractor()
        self.extractor = extractor
        self.taxonomy: Taxonomy = self.extractor.taxonomy
        self.today = today or date.today()
        scoring = self.taxonomy.scoring
        self.weights: dict[str, float] = {
            k: float(v) for k, v in scoring.get("weights", {"required": 3, "preferred": 1}).items()
        }
        self.partial_credit = float(scoring.get("partial_credit", 0.5))
        self.bands = sorted(
            scoring.get(
                "bands",
                [
                    {"name": "strong", "min": 75},
                    {"name": "fair", "min": 50},
                    {"name": "weak", "min": 0},
                ],
            ),
            key=lambda b: -b["min"],
        )
        self.min_side_skills = int(scoring.get("min_skills_per_side", 2))
        self.resume_only_limit = int(scoring.get("resume_only_limit", 8))
        self.experience_reader: ExperienceReader = self.extractor.experience
        self._meeting = self._meeting_concepts()
        self._kinds: KindReader | None = None  # built on the first report: ranking needs none
        self._wording: WordingJudge | None = None
        self._plan: tuple[Extraction, list[list[ConceptFinding]], ExperienceNeed | None] | None = (
            None
        )

    def _meeting_concepts(self) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
        """For each concept: the résumé concepts that fully meet it, and those that partly do."""
        implied_by: dict[str, set[str]] = {c.id: set() for c in self.taxonomy.concepts}
        for concept in self.taxonomy.concepts:
            for target in _closure(concept.id, lambda cid: self.taxonomy.concept(cid).implies):
                if target != concept.id:
                    implied_by[target].add(concept.id)
        result = {}
        for concept in self.taxonomy.concepts:
            full = {concept.id, *concept.satisfied_by, *implied_by[concept.id]}
            for alternative in concept.satisfied_by:
                full |= implied_by[alternative]
            partial = set(concept.partial) - full
            # the concept itself first, so a résumé that shows it is cited for it ("injections"),
            # not for a related concept that also meets it ("immunizations"); the rest sorted,
            # so ties go to the first ID
            result[concept.id] = (
                (concept.id, *sorted(full - {concept.id})),
                tuple(sorted(partial)),
            )
        return result

    def match(self, resume: str | Extraction, posting: str | Extraction) -> Report:
        """The Report for a résumé against a posting, each given as its text or as an Extraction
        already made (extract once, match many: an Extraction is never read again)."""
        if isinstance(resume, str):
            resume = self.extractor.extract(resume, "resume")
        if isinstance(posting, str):
            posting = self.extractor.extract(posting, "posting")
        return self.report(resume, posting)

    def assess(
        self,
        resume: Extraction,
        posting: Extraction,
    ) -> tuple[list[Requirement], int, str, dict[str, SideCoverage]]:
        """The requirements with their status, the score, its band and both sides: what ranking
        needs, without the report's suggestions and summaries."""
        requirements, _, sides = self._requirements(resume, posting)
        score, _ = self._score(requirements)
        # a ranking has one posting: with nothing asked every résumé scores 0, band UNSCORED
        return requirements, score or 0, self._band(score), sides

    def assess_with_experience(
        self,
        resume: Extraction,
        posting: Extraction,
    ) -> tuple[list[Requirement], int, str, dict[str, SideCoverage], ExperienceFound]:
        """`assess`, and the years of experience found in the résumé (ranking shows them)."""
        requirements, found, sides = self._requirements(resume, posting)
        score, _ = self._score(requirements)
        # as in `assess`: with nothing asked every résumé scores 0, band UNSCORED
        return requirements, score or 0, self._band(score), sides, found

    def _requirements(
        self,
        resume: Extraction,
        posting: Extraction,
    ) -> tuple[list[Requirement], ExperienceFound, dict[str, SideCoverage]]:
        present = {c.id: c for c in resume.concepts if c.status == "present"}
        pending = {c.id: c for c in resume.concepts if c.status == "pending"}
        groups, need = self._posting_plan(posting)
        requirements = [self._requirement(group, present, pending) for group in groups]
        found = self.experience_found(resume)
        if need is not None:
            requirements.append(self._experience_requirement(need, found))
        return requirements, found, self._sides(requirements, present)

    def experience_found(self, resume: Extraction) -> ExperienceFound:
        """The résumé's years as of the matcher's day, from the work history its extraction
        carries (read once per résumé); the text is read only for an extraction made without it."""
        if resume.work is not None:
            return self.experience_reader.found_in(resume.work, self.today)
        return self.experience_reader.found(resume.text, self.today, resume.structure)

    def earned(self, met_required, partial_required, met_preferred, partial_preferred):
        """Points earned from the counts of requirements met and partly met by importance.

        The one formula for both `match` and the bulk path (ma_match.bulk), which passes numpy
        arrays of counts: the same floating-point operations in the same order, so a score
        computed either way is the same number (requirements are counted, never summed in
        an order that could round differently)."""
        required = self.weights.get("required", 1.0)
        preferred = self.weights.get("preferred", 1.0)
        return (
            required * met_required
            + required * self.partial_credit * partial_required
            + preferred * met_preferred
            + preferred * self.partial_credit * partial_preferred
        )

    def experience_status(self, years, total_years, needed):
        """(met, partly met) for years of experience against the years a posting asks: met at
        `needed` relevant (or stated) years, partly met at half of them or at `needed` years of
        any work. The one rule for `match` and the bulk path, which passes numpy arrays
        (résumés × postings, by broadcasting); scalars give two bools."""
        met = years >= needed
        partly = (years >= needed / 2) | (total_years >= needed)
        if isinstance(met, bool):
            return met, bool(partly) and not met
        return met, partly & ~met

    def possible(self, required, preferred):
        """The points a posting offers: its counts of required and preferred requirements,
        weighted (scalars or numpy arrays, as `earned`)."""
        return (
            self.weights.get("required", 1.0) * required
            + self.weights.get("preferred", 1.0) * preferred
        )

    def _credit(self, status: str) -> float:
        """The share of a requirement's weight its status earns."""
        return {"met": 1.0, "partial": self.partial_credit, "missing": 0.0}[status]

    def _band(self, score: int | None) -> str:
        if score is None:
            return UNSCORED
        return next(b["name"] for b in self.bands if score >= b["min"])

    def report(self, resume: Extraction, posting: Extraction) -> Report:
        """Compare two extractions (for ranking, the posting's is built once)."""
        requirements, found, sides = self._requirements(resume, posting)
        _, need = self._posting_plan(posting)
        score, explanation = self._score(requirements)
        band = self._band(score)
        requirements = self._with_gains(requirements, score)
        requirements = self._with_wording(requirements, resume, posting)
        used = {r.via for r in requirements if r.via}
        asked = {cid for r in requirements for cid in (r.id, *r.any_of)}
        resume_only = tuple(
            c
            for c in resume.concepts
            if c.status == "present" and c.id not in used and c.id not in asked
        )[: self.resume_only_limit]
        return Report(
            score=score,
            band=band,
            both_sides_covered=all(s.covered for s in sides.values()),
            sides=sides,
            resume_balance=_balance(sides, self.min_side_skills),
            requirements=tuple(requirements),
            experience=Experience(
                required_years=need.years if need else None,
                importance=need.importance if need else None,
                resume_years=found.total_years,
                relevant_years=found.relevant_years,
                stated_years=found.stated_years,
                posting_line=need.text if need else None,
            ),
            resume_only=resume_only,
            credentials=tuple(c for c in resume.concepts if c.group == "cert"),
            ehr_platforms=tuple(c for c in resume.concepts if c.group == "ehr"),
            suggestions=tuple(self._suggestions(requirements, resume_only)),
            explanation=tuple(explanation) + tuple(self._side_rule(sides)),
            resume=resume,
            posting=posting,
            warnings=tuple(self._warnings(resume, posting)),
        )

    def _warnings(self, resume: Extraction, posting: Extraction) -> list[str]:
        """Warnings when the résumé reads as a posting or the posting as a résumé."""
        if self._kinds is None:
            self._kinds = KindReader(self.taxonomy)
        return swap_warnings(
            self._kinds.signals(resume.text, resume.structure),
            self._kinds.signals(posting.text),
        )

    def _with_gains(self, requirements: list[Requirement], score: int | None) -> list[Requirement]:
        """Each requirement not met with the points meeting it would add: the same score
        computed again with that one requirement credited in full."""
        if score is None:
            return requirements
        result = []
        for index, r in enumerate(requirements):
            if r.status != "met":
                met = replace(r, status="met", credit=self._credit("met"))
                rescored, _ = self._score([*requirements[:index], met, *requirements[index + 1 :]])
                r = replace(r, gain=(rescored or 0) - score)
            result.append(r)
        return result

    def _with_wording(
        self, requirements: list[Requirement], resume: Extraction, posting: Extraction
    ) -> list[Requirement]:
        """Mark requirements met (or partly met) in words the résumé does not share with the
        posting (see wording.py); the résumé's words are indexed once."""
        if self._wording is None:
            self._wording = WordingJudge(self.taxonomy)
        judge = self._wording
        words: ResumeWords | None = None
        result = []
        for r in requirements:
            evidence = r.resume_evidence
            if r.status != "missing" and r.via and r.posting_words and evidence is not None:
                words = words or ResumeWords(resume.text)
                finding = resume.get(r.via)
                said = [e.match for e in finding.evidence] if finding else [evidence.match]
                lines = [
                    e.text
                    for cid in r.any_of or (r.id,)
                    if (asked := posting.get(cid)) is not None
                    for e in asked.evidence
                ]
                used = any(words.uses(w, judge.generic) for w in r.posting_words) or any(
                    shares_keyword(m, line) for m in said for line in lines
                )
                if not used:
                    kind = judge.kind(evidence.match, r.posting_words, r.via, r.any_of or (r.id,))
                    r = replace(r, wording=kind)
            result.append(r)
        return result

    def _posting_plan(
        self, posting: Extraction
    ) -> tuple[list[list[ConceptFinding]], ExperienceNeed | None]:
        """What the posting asks, worked out once per posting (ranking reuses it for every résumé)."""
        if self._plan is None or self._plan[0] is not posting:
            self._plan = (posting, self._requirement_groups(posting), posting.experience_need)
        return self._plan[1], self._plan[2]

    # --- requirements ---------------------------------------------------------------------

    def _requirement_groups(self, posting: Extraction) -> list[list[ConceptFinding]]:
        """Posting concepts, with alternatives merged: concepts the extractor found in one list of
        alternatives ("CMA, RMA, NCMA or CCMA required", "Epic or Cerner") form one requirement
        that any of them meets (Mention.choice)."""
        choices: dict[int, set[str]] = {}
        for mention in posting.mentions:
            if mention.choice >= 0:
                choices.setdefault(mention.choice, set()).add(mention.concept_id)
        home: dict[str, int] = {}  # concept ID -> index of its group
        groups: list[list[ConceptFinding]] = []
        by_id = {finding.id: finding for finding in posting.concepts}
        for finding in posting.concepts:
            if finding.id in home:
                continue
            members, todo = {finding.id}, [finding.id]
            while todo:  # alternatives of alternatives: "CMA or RMA" and "RMA or CCMA" in two lines
                current = todo.pop()
                for ids in choices.values():
                    if current in ids:
                        for other in ids - members:
                            if other in by_id:
                                members.add(other)
                                todo.append(other)
            groups.append([f for f in posting.concepts if f.id in members])
            for member in members:
                home[member] = len(groups) - 1
        return groups

    def _requirement(
        self,
        group: list[ConceptFinding],
        present: dict[str, ConceptFinding],
        pending: dict[str, ConceptFinding],
    ) -> Requirement:
        head = group[0]
        importance = _importance(group)
        best: tuple[str, str | None] = ("missing", None)
        for finding in group:
            full, partial = self._meeting[finding.id]
            status, via = _status(full, partial, present, pending)
            if _RANK[status] > _RANK[best[0]]:
                best = (status, via)
        status, via = best
        source = present.get(via) or pending.get(via) if via else None
        weight = self.weights.get(importance, 1.0)
        credit = self._credit(status)
        label = " / ".join(f.label for f in group) if len(group) > 1 else head.label
        posting_words = tuple(
            {e.match.lower(): e.match for f in group for e in f.evidence if e.match}.values()
        )
        return Requirement(
            id=head.id,
            label=label,
            group=head.group,
            side=head.side,
            importance=importance,
            status=status,
            posting_evidence=head.evidence[0] if head.evidence else None,
            resume_evidence=source.evidence[0] if source and source.evidence else None,
            any_of=tuple(f.id for f in group) if len(group) > 1 else (),
            via=via,
            weight=weight,
            credit=credit,
            posting_words=posting_words,
        )

    def requirement_sets(
        self, posting: Extraction
    ) -> list[tuple[frozenset[str], frozenset[str], Importance]]:
        """The posting's requirements (experience aside) as the bulk path (ma_match.bulk) scores
        them: for each, the résumé concepts that meet it, those that partly meet it, and its
        importance. A résumé meets it when it shows one concept of the first set; it partly meets
        it, failing that, when it shows one of the second or has one of the first pending: the
        rule `_requirement` applies member by member, folded over the alternatives."""
        groups, _ = self._posting_plan(posting)
        result = []
        for group in groups:
            full: set[str] = set()
            partial: set[str] = set()
            for finding in group:
                meets, near = self._meeting[finding.id]
                full.update(meets)
                partial.update(near)
            result.append((frozenset(full), frozenset(partial - full), _importance(group)))
        return result

    def _experience_requirement(self, need: ExperienceNeed, found: ExperienceFound) -> Requirement:
        years = max(found.relevant_years, found.stated_years or 0.0)
        met, partly = self.experience_status(years, found.total_years, need.years)
        status = "met" if met else "partial" if partly else "missing"
        weight = self.weights.get(need.importance, 1.0)
        evidence_text = f"{years:g} years found" + (
            f" ({', '.join(found.ranges[:3])})" if found.ranges else ""
        )
        return Requirement(
            id=EXPERIENCE_ID,
            label=f"{need.years:g}+ years of experience",
            group="experience",
            side="none",
            importance=need.importance,
            status=status,
            # the line without its bullet, as every other evidence line is quoted
            posting_evidence=Evidence(need.text.lstrip(" -\t"), 0, 0, need.line, need.text),
            resume_evidence=Evidence(evidence_text, 0, 0, 0, "") if years or found.ranges else None,
            weight=weight,
            credit=self._credit(status),
        )

    # --- sides, score, suggestions --------------------------------------------------------

    def _sides(
        self, requirements: list[Requirement], present: dict[str, ConceptFinding]
    ) -> dict[str, SideCoverage]:
        sides = {}
        for side in SIDES:
            asked = [r for r in requirements if r.side == side]
            met = sum(r.status == "met" for r in asked)
            partial = sum(r.status == "partial" for r in asked)
            skills = sum(1 for c in present.values() if c.side == side)
            # asked: at least half of the side's requirements met; not asked: the résumé shows the side itself
            covered = (
                met >= max(1, math.ceil(len(asked) / 2))
                if asked
                else skills >= self.min_side_skills
            )
            sides[side] = SideCoverage(len(asked), met, partial, skills, covered)
        return sides

    def _side_rule(self, sides: dict[str, SideCoverage]) -> Iterable[str]:
        for side, coverage in sides.items():
            if coverage.asked:
                yield (
                    f"{side}: {coverage.met} of {coverage.asked} requested skills met "
                    f"(covered needs at least {max(1, math.ceil(coverage.asked / 2))})"
                )
            else:
                yield (
                    f"{side}: not requested; the résumé shows {coverage.resume_skills} "
                    f"(covered needs at least {self.min_side_skills})"
                )

    def _score(self, requirements: list[Requirement]) -> tuple[int | None, list[str]]:
        counts = Counter((r.importance, r.status) for r in requirements)
        total = self.possible(
            sum(r.importance == "required" for r in requirements),
            sum(r.importance == "preferred" for r in requirements),
        )
        earned = self.earned(
            counts["required", "met"],
            counts["required", "partial"],
            counts["preferred", "met"],
            counts["preferred", "partial"],
        )
        if not total:
            return None, [
                "the posting names nothing the taxonomy knows (no skill, credential, EHR, "
                "schooling or years of experience): no score"
            ]
        score = round(100 * earned / total)
        lines = [
            f"score = 100 x earned / possible = 100 x {earned:g} / {total:g} = {score}",
            f"weights: required {self.weights.get('required', 1):g}, preferred {self.weights.get('preferred', 1):g}; "
            f"met earns the full weight, partial {self.partial_credit:g} of it, missing nothing",
            "bands: " + ", ".join(f"{b['name']} from {b['min']}" for b in self.bands),
        ]
        return score, lines

    def _suggestions(
        self, requirements: list[Requirement], resume_only: tuple[ConceptFinding, ...]
    ) -> Iterable[Suggestion]:
        """The to-do list: gaps by the points each would add (ties in posting order), then the
        wording notes, then what the résumé shows beyond the posting. Never invents anything: a
        gap says "if you have X, say so", a wording note asks for the posting's words for what
        the résumé already shows."""
        gaps = sorted(
            (r for r in requirements if r.status != "met"),
            key=lambda r: -r.gain,  # sorted() is stable: ties keep the posting's order
        )
        for r in gaps:
            yield Suggestion(r.id, self._gap_text(r), "gap", r.gain)
        for r in requirements:
            if r.wording is not None:
                yield Suggestion(r.id, _wording_text(r), "wording")
        if resume_only:
            names = ", ".join(c.label for c in resume_only)
            yield Suggestion(
                "",
                f"The résumé also shows skills this posting does not ask for: {names}. Keep them, but lead with what the posting asks.",
                "extra",
            )

    @staticmethod
    def _gap_text(r: Requirement) -> str:
        asked = f'"{r.posting_evidence.text}"' if r.posting_evidence else r.label
        if r.id == EXPERIENCE_ID:
            return (
                f"The posting asks for {r.label} ({asked}). If you have more relevant work than the résumé "
                f"shows, list each job with its dates (e.g. 03/2021 - Present)."
            )
        if r.status == "partial":
            shown = r.resume_evidence.text if r.resume_evidence else r.via
            return (
                f'{r.label}: the résumé shows a related item ("{shown}"). If you have {r.label} itself, '
                f"name it as the posting does: {asked}."
            )
        return f"{r.label} is {r.importance} ({asked}). {_WHERE_TO_SAY.get(r.group, _WHERE_TO_SAY[''])}"


_WORDING_SAYS = {
    "misspelling": "a misspelling of the posting's word",
    "abbreviation": "an abbreviation or spelled-out form the posting does not use",
    "synonym": "other words for it than the posting's",
    "related": "a related item that counts for it",
}


def _wording_text(r: Requirement) -> str:
    """A wording note: the résumé's words, what they are, and the posting's exact words."""
    shown = r.resume_evidence.match if r.resume_evidence else r.via
    wanted = " or ".join(f'"{w}"' for w in r.posting_words)
    return (
        f'{r.label}: the résumé says "{shown}" ({_WORDING_SAYS[r.wording or "synonym"]}). '
        f"ma-match counts it, but an ATS keyword scan looks for the posting's words: {wanted}. "
        f"Where it is true of your work, use them."
    )


_RANK = {"missing": 0, "partial": 1, "met": 2}
# where a candidate who has the missing item should say so, by the taxonomy's group
_WHERE_TO_SAY = {
    "cert": "If you hold it, or your exam is booked, list it under Certifications with its issuer and date.",
    "edu": "If you have it, or are enrolled, list it under Education with the school and year.",
    "ehr": "If you have used it, name it in the job where you used it.",
    "general": "If you have this, say so in your summary or skills.",
    "": "If you have done this, say so in a bullet under the job where you did it.",
}


def _importance(group: list[ConceptFinding]) -> Importance:
    """A requirement is required when any of its alternatives is asked as required."""
    return "required" if any(f.importance == "required" for f in group) else "preferred"


def _status(
    full: tuple[str, ...],
    partial: tuple[str, ...],
    present: dict[str, ConceptFinding],
    pending: dict[str, ConceptFinding],
) -> tuple[str, str | None]:
    """met by a concept that fully meets it; partial by a related one or a pending credential.
    `full` and `partial` are sorted, so the first ID found decides (deterministic)."""
    for cid in full:
        if cid in present:
            return "met", cid
    for cid in partial:
        if cid in present:
            return "partial", cid
    for cid in full:
        if cid in pending:
            return "partial", cid
    return "missing", None


def _closure(start: str, step) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _balance(sides: dict[str, SideCoverage], minimum: int) -> str:
    clinical = sides["clinical"].resume_skills >= minimum
    admin = sides["administrative"].resume_skills >= minimum
    return {
        (True, True): "balanced",
        (True, False): "clinical only",
        (False, True): "administrative only",
        (False, False): "neither",
    }[(clinical, admin)]


def match(
    resume_text: str,
    posting_text: str,
    *,
    extractor: Extractor | None = None,
    today: date | None = None,
) -> Report:
    """Compare a résumé with a posting; the CLI renders the Report this returns.  Raises
    InputError when a text is longer than the reader accepts (10,000,000 characters)."""
    return Matcher(extractor, today).match(resume_text, posting_text)
