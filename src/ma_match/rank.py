"""Rank many résumés against one posting, streaming: résumés are read and extracted in batches
(nlp.pipe) and only a small row per résumé is kept, so memory stays flat as the count grows.
With jobs > 1, each worker process builds the matcher once and ranks its share of the files.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path

from .errors import InputError, MaMatchError
from .extract import Extractor, default_extractor
from .match import Matcher, Requirement
from .models import Extraction
from .reader import read_document
from .taxonomy import Taxonomy

SUPPORTED_SUFFIXES = frozenset(
    {".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf", ".docx"}
)
# word-processor formats that are not read: walked all the same, so the reader's reason for each
# ("an RTF document, which is not read; save it as .docx or PDF") is reported and counted
NOT_READ_SUFFIXES = frozenset({".rtf", ".odt", ".doc"})
BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class RankRow:
    """One résumé's result: just enough to sort, show and explain a ranking."""

    file: str
    score: int
    band: str
    both_sides_covered: bool
    missing_required: tuple[str, ...]
    # what a coach or recruiter scans for (added after the first four; defaults keep old callers)
    credentials: tuple[str, ...] = ()  # labels of the credentials the résumé shows as held
    relevant_years: float = 0.0  # years of relevant work found in the résumé
    sides: str = ""  # the sides covered: "both", "clinical only", "admin only" or "neither"
    missing_preferred: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()  # requirements only partly met, required or preferred


@dataclass(frozen=True)
class Skipped:
    """A résumé that could not be read, and why (the reader's one-line message)."""

    file: str
    reason: str


def _kind(mode: int) -> str:
    """What a non-regular file is, in words, for the "skipped" line."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def _not_a_file(name: str, mode: int) -> Skipped:
    return Skipped(name, f"{name}: {_kind(mode)}, not a file; only regular files are read")


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _listing(folder: str, skipped: list[Skipped]) -> list[os.DirEntry[str]]:
    """The folder's visible entries, last name first (ready to pop in name order)."""
    try:
        with os.scandir(folder) as listing:
            entries = [e for e in listing if not e.name.startswith(".")]
    except OSError as exc:
        skipped.append(
            Skipped(
                folder, f"{folder}: cannot be listed ({exc.strerror or exc}); check its permissions"
            )
        )
        return []
    entries.sort(key=lambda e: e.name, reverse=True)
    return entries


def _walk(root: str, files: list[str], skipped: list[Skipped]) -> None:
    """Append the supported regular files under *root* to *files*, in the order of their sorted
    paths (depth first, names in order), with an explicit stack: any depth of nesting is fine.
    Hidden entries are passed over. A link is followed only to a file inside *root*; links that
    lead out or nowhere, links to folders, FIFOs, sockets and devices are reported in *skipped*,
    and none is ever opened (opening a FIFO would wait for a writer for ever)."""
    real_root = os.path.realpath(root)
    # each level: its folder as written ("./cvs/" is "cvs", as Paths wrote it) and entries left
    stack = [(os.fspath(Path(root)), _listing(root, skipped))]
    while stack:
        folder, entries = stack[-1]
        if not entries:
            stack.pop()
            continue
        entry = entries.pop()
        path = entry.name if folder == "." else os.path.join(folder, entry.name)
        try:
            if entry.is_symlink():
                mode = os.stat(path).st_mode  # where the link leads; FileNotFoundError if nowhere
                if not _inside(os.path.realpath(path), real_root):
                    skipped.append(
                        Skipped(path, f"{path}: a link that leads outside {root}; not followed")
                    )
                    continue
                if stat.S_ISDIR(mode):
                    skipped.append(Skipped(path, f"{path}: a link to a folder; not followed"))
                    continue
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
        except FileNotFoundError:
            skipped.append(Skipped(path, f"{path}: a link that leads nowhere; fix or remove it"))
            continue
        except OSError as exc:
            skipped.append(Skipped(path, f"{path}: cannot be examined ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(mode):
            stack.append((path, _listing(path, skipped)))
        elif not stat.S_ISREG(mode):
            skipped.append(_not_a_file(path, mode))
        elif os.path.splitext(entry.name)[1].lower() in SUPPORTED_SUFFIXES | NOT_READ_SUFFIXES:
            files.append(path)


def collect_files(sources: Iterable[str | Path]) -> tuple[list[str], list[Skipped]]:
    """Files named directly, plus supported files found by walking directories, in a stable order
    (see `_walk`), and the entries skipped with the reason for each. A file named directly may be
    a link (the user chose it) but must be a regular file: a FIFO, socket or device is skipped.
    Kept as strings: a Path object takes four times the memory, and a run may list 100,000 files."""
    files: list[str] = []
    skipped: list[Skipped] = []
    for source in sources:
        name = os.fspath(source)
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            skipped.append(Skipped(name, f"{name}: file not found; check the path and spelling"))
            continue
        except OSError as exc:
            skipped.append(Skipped(name, f"{name}: cannot be examined ({exc.strerror or exc})"))
            continue
        if stat.S_ISDIR(mode):
            _walk(name, files, skipped)
        elif stat.S_ISREG(mode):
            files.append(name)
        else:
            skipped.append(_not_a_file(name, mode))
    return files, skipped


def unique_files(paths: Iterable[str]) -> tuple[list[str], list[Skipped]]:
    """The paths in order with each file once (by its real path: "cvs/a.txt", "./cvs/a.txt" and a
    link to it are one file), and a Skipped for each repeat naming the first."""
    first: dict[str, str] = {}
    repeats: list[Skipped] = []
    for path in paths:
        real = os.path.realpath(path)
        if real in first:
            repeats.append(Skipped(path, f"{path}: the same file as {first[real]}, read once"))
        else:
            first[real] = path
    return list(first.values()), repeats


def check_regular_file(name: str) -> None:
    """Refuse anything but a regular file before it is opened: the list may have been made
    earlier, and a FIFO put in a file's place would make the read wait for ever."""
    try:
        mode = os.stat(name).st_mode
    except OSError:
        return  # the reader names what is wrong (missing, permission denied)
    if not stat.S_ISREG(mode):
        raise InputError(_not_a_file(name, mode).reason)


def _batches(items: Sequence[str], size: int) -> Iterator[list[str]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


class Ranker:
    """Scores résumés against one posting whose extraction is computed once."""

    def __init__(
        self, posting_text: str, taxonomy: Taxonomy | None = None, today: date | None = None
    ):
        # the shipped taxonomy's extractor is built once per process and shared
        self.extractor = Extractor(taxonomy) if taxonomy is not None else default_extractor()
        self.matcher = Matcher(self.extractor, today)
        self.posting: Extraction = self.extractor.extract(posting_text, "posting")
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def rank_files(
        self,
        files: Sequence[str],
        on_done: Callable[[RankRow | Skipped], None] | None = None,
    ) -> Iterator[RankRow | Skipped]:
        """Rows for the files, in their order; unreadable files become Skipped entries."""
        for batch in _batches(files, BATCH_SIZE):
            texts: list[str] = []
            readable: list[str] = []
            for name in batch:
                try:
                    check_regular_file(name)
                    texts.append(
                        read_document(Path(name), joins=self.extractor.joins)
                    )  # a Path: a file named "-" is no stdin
                    readable.append(name)
                except MaMatchError as exc:
                    result: RankRow | Skipped = Skipped(name, str(exc))
                    if on_done:
                        on_done(result)
                    yield result
            extractions = self.extractor.pipe(
                texts, "resume", batch_size=BATCH_SIZE, evidence=False, normalised=True
            )
            for name, resume in zip(readable, extractions):
                row = self.row(name, resume)
                if on_done:
                    on_done(row)
                yield row

    def row(self, name: str, resume: Extraction) -> RankRow:
        requirements, score, band, sides, found = self.matcher.assess_with_experience(
            resume, self.posting
        )
        missing = self._labels(requirements, "missing", "required")
        credentials = self._share(
            tuple(c.label for c in resume.concepts if c.group == "cert" and c.status == "present")
        )
        covered = [side for side, s in sides.items() if s.covered]
        return RankRow(
            name,
            score,
            band,
            all(s.covered for s in sides.values()),
            missing,
            credentials=credentials,
            relevant_years=found.relevant_years,
            sides=_SIDES_SHOWN.get(tuple(covered), ", ".join(covered)),
            missing_preferred=self._labels(requirements, "missing", "preferred"),
            partial=self._labels(requirements, "partial", None),
        )

    def _labels(
        self, requirements: Sequence[Requirement], status: str, importance: str | None
    ) -> tuple[str, ...]:
        return self._share(
            tuple(
                r.label
                for r in requirements
                if r.status == status and (importance is None or r.importance == importance)
            )
        )

    def _share(self, labels: tuple[str, ...]) -> tuple[str, ...]:
        # many résumés miss (or hold) the same items: share one tuple between their rows
        return self._shared.setdefault(labels, labels)


_SIDES_SHOWN = {
    ("clinical", "administrative"): "both",
    ("clinical",): "clinical only",
    ("administrative",): "admin only",
    (): "neither",
}


# --- worker processes -----------------------------------------------------------------------

_WORKER: Ranker | None = None


def _quiet_worker() -> None:
    """Ctrl-C reaches the whole process group: a worker ignores it and the parent, on
    KeyboardInterrupt (or SIGTERM), tears the pool down, so no worker prints a traceback.
    SIGTERM, as sent by the pool's terminate(), ends a worker at once, whatever the parent set."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # the parent blocked them while it forked
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


_STOP_SIGNALS: set[signal.Signals] = {signal.SIGINT, signal.SIGTERM}


def _block_stop_signals() -> set[int | signal.Signals] | None:
    """Ctrl-C or SIGTERM while the pool starts would reach a worker before it ignores them (a
    worker then dies mid-start and the pool waits for it for ever): both stay blocked while the
    workers are made, and each worker unblocks them once it ignores them. Returns the mask to
    restore (None where signals cannot be blocked)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _restore_signals(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _init_worker(posting_text: str, taxonomy: Taxonomy | None, today: date) -> None:
    global _WORKER
    _quiet_worker()
    _WORKER = Ranker(posting_text, taxonomy, today)


def _adopt_worker(ranker: Ranker) -> None:
    """A forked worker takes over the ranker its parent built: nothing is built again."""
    global _WORKER
    _quiet_worker()
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
        previous = _block_stop_signals()
        try:
            if "fork" in multiprocessing.get_all_start_methods():
                # built once, before the fork: the workers share it instead of each building one
                ranker = Ranker(posting_text, taxonomy, today)
                pool = multiprocessing.get_context("fork").Pool(jobs, _adopt_worker, (ranker,))
            else:
                pool = multiprocessing.get_context("spawn").Pool(
                    jobs, _init_worker, (posting_text, taxonomy, today)
                )
        except BaseException:
            _restore_signals(previous)
            raise
        with pool:
            _restore_signals(
                previous
            )  # a signal that came meanwhile arrives here, and the pool is torn down
            for chunk in pool.imap(_rank_chunk, list(_batches(names, BATCH_SIZE))):
                for result in chunk:
                    keep(result)
    rows.sort(key=lambda r: (-r.score, r.file))
    return rows, skipped


__all__ = [
    "InputError",
    "RankRow",
    "Ranker",
    "Skipped",
    "check_regular_file",
    "collect_files",
    "rank",
    "unique_files",
]
