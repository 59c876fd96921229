"""Rank many résumés against one posting, streaming: résumés are read and extracted in batches
(nlp.pipe) and only a small row per résumé is kept, so memory stays flat as the count grows.
With jobs > 1, each worker process builds the matcher once and ranks its share of the files.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from .errors import InputError, MaMatchError
from .extract import Extractor
from .match import Matcher
from .models import Extraction
from .reader import read_document
from .taxonomy import Taxonomy

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf", ".docx"})
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class RankRow:
    """One résumé's result: just enough to sort, show and explain a ranking."""

    file: str
    score: int
    band: str
    both_sides_covered: bool
    missing_required: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """A résumé that could not be read, and why (the reader's one-line message)."""

    file: str
    reason: str


def collect_files(sources: Iterable[str | Path]) -> tuple[list[str], list[Skipped]]:
    """Files named directly, plus supported files found by walking directories, in a stable order.
    Kept as strings: a Path object takes four times the memory, and a run may list 100,000 files."""
    files: list[str] = []
    skipped: list[Skipped] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            files.extend(map(str, found))
        elif path.exists():
            files.append(str(path))
        else:
            skipped.append(Skipped(str(source), f"{source}: file not found; check the path and spelling"))
    return files, skipped


def _batches(items: Sequence[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Ranker:
    """Scores résumés against one posting whose extraction is computed once."""

    def __init__(self, posting_text: str, taxonomy: Taxonomy | None = None, today: date | None = None):
        self.extractor = Extractor(taxonomy)
        self.matcher = Matcher(self.extractor, today)
        self.posting: Extraction = self.extractor.extract(posting_text, "posting")
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def rank_files(self, files: Sequence[str], on_done: Callable[[RankRow | Skipped], None] | None = None,
                   ) -> Iterator[RankRow | Skipped]:
        """Rows for the files, in their order; unreadable files become Skipped entries."""
        for batch in _batches(files, BATCH_SIZE):
            texts: list[str] = []
            readable: list[str] = []
            for name in batch:
                try:
                    texts.append(read_document(Path(name), joins=self.extractor.joins))  # a Path: a file named "-" is no stdin
                    readable.append(name)
                except MaMatchError as exc:
                    result: RankRow | Skipped = Skipped(name, str(exc))
                    if on_done:
                        on_done(result)
                    yield result
            extractions = self.extractor.pipe(texts, "resume", batch_size=BATCH_SIZE, evidence=False)
            for name, resume in zip(readable, extractions):
                row = self.row(name, resume)
                if on_done:
                    on_done(row)
                yield row

    def row(self, name: str, resume: Extraction) -> RankRow:
        requirements, score, band, sides = self.matcher.assess(resume, self.posting)
        missing = tuple(r.label for r in requirements if r.importance == "required" and r.status == "missing")
        # many résumés miss the same items: share one tuple between their rows
        missing = self._shared.setdefault(missing, missing)
        return RankRow(name, score, band, all(s.covered for s in sides.values()), missing)


# --- worker processes -----------------------------------------------------------------------

_WORKER: Ranker | None = None


def _init_worker(posting_text: str, taxonomy: Taxonomy | None, today: date) -> None:
    global _WORKER
    _WORKER = Ranker(posting_text, taxonomy, today)


def _adopt_worker(ranker: Ranker) -> None:
    """A forked worker takes over the ranker its parent built: nothing is built again."""
    global _WORKER
    _WORKER = ranker


def _rank_chunk(files: list[str]) -> list[RankRow | Skipped]:
    assert _WORKER is not None
    return list(_WORKER.rank_files(files))


def rank(
    posting_text: str,
    files: Sequence[str | Path],
    *,
    jobs: int = 1,
    taxonomy: Taxonomy | None = None,
    today: date | None = None,
    on_done: Callable[[RankRow | Skipped], None] | None = None,
) -> tuple[list[RankRow], list[Skipped]]:
    """Rank the files against the posting, best first (ties by file name): the same order for any
    number of jobs."""
    today = today or date.today()
    rows: list[RankRow] = []
    skipped: list[Skipped] = []

    def keep(result: RankRow | Skipped) -> None:
        (skipped if isinstance(result, Skipped) else rows).append(result)  # type: ignore[arg-type]
        if on_done:
            on_done(result)

    names = [str(f) for f in files]
    jobs = max(1, min(jobs, os.cpu_count() or 1, max(1, len(names) // BATCH_SIZE)))
    if jobs == 1:
        for result in Ranker(posting_text, taxonomy, today).rank_files(names):
            keep(result)
    else:
        if "fork" in multiprocessing.get_all_start_methods():
            # built once, before the fork: the workers share it instead of each building one
            ranker = Ranker(posting_text, taxonomy, today)
            pool = multiprocessing.get_context("fork").Pool(jobs, _adopt_worker, (ranker,))
        else:
            pool = multiprocessing.get_context("spawn").Pool(jobs, _init_worker, (posting_text, taxonomy, today))
        with pool:
            for chunk in pool.imap(_rank_chunk, list(_batches(names, BATCH_SIZE))):
                for result in chunk:
                    keep(result)
    rows.sort(key=lambda r: (-r.score, r.file))
    return rows, skipped


__all__ = ["InputError", "RankRow", "Ranker", "Skipped", "collect_files", "rank"]
