"""Score many résumés against many postings from their extractions: extract once, match many.

A posting's score is linear in counts: 100 × earned / possible, where earned weighs the number
of required and preferred requirements met and partly met (Matcher.earned). Whether a résumé
meets a requirement is whether it shows any concept of the requirement's "meets" set, so for a
batch of résumés every count comes from sparse products:

    present (résumés × concepts) · meets (concepts × requirements)            > 0  -> met
    present · near + pending · meets                                         > 0  -> partial
    met (résumés × requirements) · asked (requirements × postings, by importance) -> counts

Requirements are shared between postings (the same any-of list, the same single concept), so
the middle dimension stays small however many postings there are. The experience requirement
is compared with numpy broadcasting. Reports, the costly part, are built for the top K only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
from scipy import sparse

from .match import Matcher, Report
from .models import Extraction

BATCH_SIZE = 1024
# a résumé's place in the stream is packed below its score into one sortable int64
_INDEX_BITS = 40
MAX_RESUMES = 1 << _INDEX_BITS


class PostingSet:
    """Postings compiled once into matrices that score any batch of résumé extractions.

    `scores(resumes)` returns an int array of shape (len(resumes), len(postings)), each entry
    equal to `matcher.match(resume, posting).score` (the property test in tests/test_bulk.py),
    except in the columns of postings that ask nothing the taxonomy knows: their reports have no
    score (None, band "unscored") and their columns are 0, as `rank` orders résumés against such
    a posting. `scored` marks the postings that have a score (a bool array, one per posting)."""

    def __init__(self, matcher: Matcher, postings: Sequence[Extraction]):
        self.matcher = matcher
        self.postings = tuple(postings)
        self.column = {c.id: i for i, c in enumerate(matcher.taxonomy.concepts)}
        keys: dict[tuple[frozenset[str], frozenset[str]], int] = {}
        # by importance: the rows (requirements), columns (postings) and counts of a matrix
        asked: dict[str, tuple[list[int], list[int], list[int]]] = {
            "required": ([], [], []),
            "preferred": ([], [], []),
        }
        for p, posting in enumerate(self.postings):
            for full, near, importance in matcher.requirement_sets(posting):
                key = keys.setdefault((full, near), len(keys))
                rows, cols, data = asked[importance]
                rows.append(key)
                cols.append(p)
                data.append(1)  # two requirements with the same sets count twice (summed)
        shape = (len(keys), len(self.postings))
        self.asked = {
            importance: sparse.csr_matrix((data, (rows, cols)), shape=shape, dtype=np.int64)
            for importance, (rows, cols, data) in asked.items()
        }
        self.meets = self._incidence([full for full, _ in keys], len(keys))
        self.near = self._incidence([near for _, near in keys], len(keys))
        needs = [p.experience_need for p in self.postings]
        self.need_years = np.array([n.years if n else np.inf for n in needs])
        self.has_need = np.array([n is not None for n in needs])
        self.need_required = np.array([n is not None and n.importance == "required" for n in needs])
        self.need_preferred = self.has_need & ~self.need_required
        # the same count Matcher._score makes: requirements by importance, experience included
        self.possible = matcher.possible(
            np.asarray(self.asked["required"].sum(axis=0)).ravel() + self.need_required,
            np.asarray(self.asked["preferred"].sum(axis=0)).ravel() + self.need_preferred,
        )
        self.scored = self.possible > 0

    def _incidence(self, sets: list[frozenset[str]], width: int) -> sparse.csr_matrix:
        """concepts × requirements, 1 where the concept is in the requirement's set."""
        rows, cols = [], []
        for key, concepts in enumerate(sets):
            for concept_id in concepts:
                if concept_id in self.column:
                    rows.append(self.column[concept_id])
                    cols.append(key)
        return sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.int64), (rows, cols)),
            shape=(len(self.column), width),
        )

    def _concepts(self, resumes: Sequence[Extraction], status: str) -> sparse.csr_matrix:
        """résumés × concepts, 1 where the résumé shows the concept with this status."""
        indptr: list[int] = [0]
        indices: list[int] = []
        for resume in resumes:
            indices.extend(
                self.column[c.id]
                for c in resume.concepts
                if c.status == status and c.id in self.column
            )
            indptr.append(len(indices))
        return sparse.csr_matrix(
            (np.ones(len(indices), dtype=np.int64), indices, indptr),
            shape=(len(resumes), len(self.column)),
        )

    def scores(self, resumes: Sequence[Extraction]) -> np.ndarray:
        """The score of every résumé against every posting: int64, résumés × postings."""
        if not resumes:
            return np.zeros((0, len(self.postings)), dtype=np.int64)
        present = self._concepts(resumes, "present")
        pending = self._concepts(resumes, "pending")
        met = ((present @ self.meets) > 0).astype(np.int64)
        near = ((present @ self.near + pending @ self.meets) > 0).astype(np.int64)
        partial = near - near.multiply(met)  # a requirement met is not also partly met
        counts = {
            (importance, status): np.asarray((matrix @ self.asked[importance]).todense())
            for importance in ("required", "preferred")
            for status, matrix in (("met", met), ("partial", partial))
        }
        exp_met, exp_partial = self._experience(resumes)
        earned = self.matcher.earned(
            counts["required", "met"] + (exp_met & self.need_required),
            counts["required", "partial"] + (exp_partial & self.need_required),
            counts["preferred", "met"] + (exp_met & self.need_preferred),
            counts["preferred", "partial"] + (exp_partial & self.need_preferred),
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = 100 * earned / self.possible
        # np.rint rounds half to even, as Python's round does
        return np.where(self.possible > 0, np.rint(ratio), 0).astype(np.int64)

    def _experience(self, resumes: Sequence[Extraction]) -> tuple[np.ndarray, np.ndarray]:
        """Met and partly met, résumés × postings, by Matcher._experience_requirement's rule."""
        found = [self.matcher.experience_found(r) for r in resumes]
        years = np.array([max(f.relevant_years, f.stated_years or 0.0) for f in found])[:, None]
        total = np.array([f.total_years for f in found])[:, None]
        met, partial = self.matcher.experience_status(years, total, self.need_years[None, :])
        return met & self.has_need, partial & self.has_need


class TopK:
    """For each posting, the K best résumés seen so far: higher score first, then the earlier
    résumé (smaller index). Bounded: K entries a posting however many résumés pass."""

    def __init__(self, postings: int, k: int):
        if k < 1:
            raise ValueError("k must be at least 1")
        self.k = k
        self.keys = np.full((postings, 0), -1, dtype=np.int64)

    def add(self, scores: np.ndarray, indices: np.ndarray) -> None:
        """Offer a batch: `scores` résumés × postings, `indices` each résumé's place (< 2**40)."""
        indices = np.asarray(indices, dtype=np.int64)
        packed = (scores.astype(np.int64) << _INDEX_BITS) + (MAX_RESUMES - 1 - indices)[:, None]
        self._keep(np.concatenate([self.keys, packed.T], axis=1))

    def merge(self, other: TopK) -> None:
        """Take in another TopK over the same postings (a partition's, in the Dask path)."""
        self._keep(np.concatenate([self.keys, other.keys], axis=1))

    def _keep(self, candidates: np.ndarray) -> None:
        if candidates.shape[1] > self.k:
            best = np.argpartition(-candidates, self.k - 1, axis=1)[:, : self.k]
            candidates = np.take_along_axis(candidates, best, axis=1)
        self.keys = candidates

    def best(self, posting: int) -> list[tuple[int, int]]:
        """(index, score) of the posting's top résumés, best first."""
        keys = np.sort(self.keys[posting][self.keys[posting] >= 0])[::-1]
        return [
            (int(MAX_RESUMES - 1 - (key & (MAX_RESUMES - 1))), int(key >> _INDEX_BITS))
            for key in keys
        ]

    def members(self) -> set[int]:
        """The indices held for any posting."""
        held = self.keys[self.keys >= 0]
        return {int(i) for i in MAX_RESUMES - 1 - (held & (MAX_RESUMES - 1))}


@dataclass(frozen=True)
class Ranked:
    """One of a posting's top résumés: its place in the input, its score (None when the posting
    asks nothing the taxonomy knows, as in its Report) and its full Report."""

    index: int
    score: int | None
    report: Report


def batches(items: Iterable[Extraction], size: int) -> Iterator[list[Extraction]]:
    """The items in lists of `size` (the last shorter), reading the iterable once."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def top_matches(
    resumes: Iterable[Extraction],
    postings: Sequence[Extraction],
    k: int = 10,
    *,
    matcher: Matcher | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[list[Ranked]]:
    """For each posting (in order), its K best résumés, best first (ties: earlier résumé first),
    with a full Report for each of those only. `resumes` may be any iterable, read once in
    batches of `batch_size`: only the batch and the résumés currently in some top K are held,
    so memory does not grow with the number of résumés. Every score equals
    `matcher.match(resume, posting).score` (None for a posting that asks nothing the taxonomy
    knows; its K are the first K résumés). Raises ValueError when k < 1."""
    matcher = matcher or Matcher()
    compiled = PostingSet(matcher, postings)
    top = TopK(len(compiled.postings), k)
    held: dict[int, Extraction] = {}
    start = 0
    for batch in batches(resumes, batch_size):
        top.add(compiled.scores(batch), np.arange(start, start + len(batch)))
        members = top.members()
        held = {i: r for i, r in held.items() if i in members}
        held.update((start + j, r) for j, r in enumerate(batch) if start + j in members)
        start += len(batch)
    return [
        [
            Ranked(i, score if compiled.scored[p] else None, matcher.report(held[i], posting))
            for i, score in top.best(p)
        ]
        for p, posting in enumerate(compiled.postings)
    ]


__all__ = ["PostingSet", "Ranked", "TopK", "top_matches"]
