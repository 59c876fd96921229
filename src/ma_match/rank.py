"""Rank many résumés against one posting, streaming: résumés are read and extracted in batches
(nlp.pipe) and only a small row per résumé is kept, so memory stays flat as the count grows.
With jobs > 1, each worker process builds the matcher once and ranks its share of the files.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
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
# Each worker has a pipe of its own, and no lock is shared between processes. A SIGTERM sent to
# the whole process group kills the workers wherever they are; with multiprocessing.Pool a
# worker killed while it waited for a task held the pool's shared task-queue lock for ever, and
# Pool.terminate() (run by the parent on that same SIGTERM) waited for that lock for ever. Here a
# dead worker holds nothing anyone waits for, and none is restarted behind the parent's back.


class WorkerLostError(MaMatchError):
    """A worker process ended before it returned its résumés (killed from outside, out of
    memory): the ranking is incomplete, so none is given."""


def _quiet_worker() -> None:
    """Ctrl-C reaches the whole process group: a worker ignores it and the parent, on
    KeyboardInterrupt (or SIGTERM), stops the workers, so no worker prints a traceback.
    SIGTERM ends a worker at once, whatever handler the parent had set."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):  # the parent blocked them while it forked
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


_STOP_SIGNALS: set[signal.Signals] = {signal.SIGINT, signal.SIGTERM}


def _block_stop_signals() -> set[int | signal.Signals] | None:
    """Ctrl-C or SIGTERM while a worker starts would reach it before it ignores them, with the
    parent's handler: both stay blocked while the workers are made, and each worker unblocks
    them once its own handlers are set. Returns the mask to restore (None where signals cannot
    be blocked)."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)


def _restore_signals(previous: set[int | signal.Signals] | None) -> None:
    if previous is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    chunk: int = -1  # the index of the chunk it is ranking; -1 when idle


def _work(
    connection: Connection,
    inherited: list[Connection],
    ranker: Ranker | None,
    build: tuple[str, Taxonomy | None, date],
) -> None:
    """A worker process: rank each list of files its pipe brings and send back the results (or
    the exception raised), until the parent closes the pipe."""
    _quiet_worker()
    for other in inherited:  # the parent's ends, copied by fork: a worker must not hold them, or
        other.close()  # no worker would see its pipe close when the parent goes
    if ranker is None:  # spawned: nothing is inherited, so the worker builds its own ranker
        ranker = Ranker(*build)
    while True:
        try:
            files = connection.recv()
        except (EOFError, OSError):  # the parent is done (or gone)
            return
        try:
            reply: list[RankRow | Skipped] | BaseException = list(ranker.rank_files(files))
        except Exception as exc:  # noqa: BLE001  (raised again in the parent, as Pool did)
            reply = exc
        try:
            _send(connection, reply)
        except OSError:  # the parent is gone
            return


def _send(connection: Connection, reply: list[RankRow | Skipped] | BaseException) -> None:
    """Send *reply*; an exception that cannot be pickled goes as a RuntimeError that names it."""
    try:
        data = ForkingPickler.dumps(reply)  # what Connection.send does, before a byte is written
    except Exception:
        if not isinstance(reply, BaseException):
            raise
        data = ForkingPickler.dumps(RuntimeError(f"{type(reply).__name__}: {reply}"))
    connection.send_bytes(data)


def _start_workers(
    workers: list[_Worker],
    jobs: int,
    ranker: Ranker | None,
    build: tuple[str, Taxonomy | None, date],
) -> None:
    """Start *jobs* workers, appending each to *workers* as soon as it exists (so the caller can
    stop those started if a later one fails). Forked when *ranker* is given: the workers share
    it instead of each building one; else spawned, each building its own from *build*."""
    forked = ranker is not None
    context = (
        multiprocessing.get_context("fork") if forked else multiprocessing.get_context("spawn")
    )
    for _ in range(jobs):
        ours, theirs = context.Pipe()
        inherited = [w.connection for w in workers] + [ours] if forked else []
        process = context.Process(
            target=_work, args=(theirs, inherited, ranker, build), daemon=True
        )
        try:
            process.start()
        finally:
            theirs.close()  # the worker's end lives in the worker only
        workers.append(_Worker(process, ours))


def _stop_workers(workers: list[_Worker]) -> None:
    """Kill the workers and wait for them, their results in or no longer wanted (as Pool's exit
    did). SIGKILL: a worker holds nothing another process waits for, and cannot delay it."""
    for worker in workers:
        if worker.process.exitcode is None:
            worker.process.kill()
        worker.connection.close()
    for worker in workers:
        worker.process.join()


def _ranked_chunks(
    workers: list[_Worker], chunks: list[list[str]]
) -> Iterator[list[RankRow | Skipped]]:
    """Each chunk's results, in the chunks' order, with every worker kept busy. Raises
    WorkerLostError if a worker ends while it holds a chunk."""
    waiting = iter(enumerate(chunks))
    finished: dict[int, list[RankRow | Skipped]] = {}

    def give(worker: _Worker) -> None:
        index, chunk = next(waiting, (-1, []))
        worker.chunk = index
        if index >= 0:
            # a worker that died already is reported below, when its sentinel is ready
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                worker.connection.send(chunk)

    for worker in workers:
        give(worker)
    for wanted in range(len(chunks)):
        while wanted not in finished:
            busy = [w for w in workers if w.chunk >= 0]
            ready = wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.connection not in ready and worker.process.sentinel not in ready:
                    continue
                try:
                    # a worker that ended has sent all it will: what is left in its pipe is read
                    reply = worker.connection.recv() if worker.connection.poll() else None
                except (EOFError, ConnectionResetError):  # reset: it died with files unread
                    reply = None
                if reply is None:
                    worker.process.join()
                    code = worker.process.exitcode or 0
                    how = f"was killed by signal {-code}" if code < 0 else f"ended ({code})"
                    raise WorkerLostError(
                        f"a worker process {how} before it ranked its résumés; nothing is ranked"
                    )
                if isinstance(reply, BaseException):
                    raise reply
                finished[worker.chunk] = reply
                give(worker)
        yield finished.pop(wanted)


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
    number of jobs. With jobs > 1, raises WorkerLostError if a worker process is killed."""
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
        build = (posting_text, taxonomy, today)
        # forked, the workers share the ranker built here, before Ctrl-C is held back
        forked = "fork" in multiprocessing.get_all_start_methods()
        ranker = Ranker(*build) if forked else None
        workers: list[_Worker] = []
        previous = _block_stop_signals()
        try:
            _start_workers(workers, jobs, ranker, build)
            # a stop signal that came while the workers started is raised here (the mask is
            # taken first, so the teardown below holds stop signals back again)
            started, previous = previous, None
            _restore_signals(started)
            for chunk in _ranked_chunks(workers, list(_batches(names, BATCH_SIZE))):
                for result in chunk:
                    keep(result)
        finally:
            if previous is None:  # a second Ctrl-C or SIGTERM must not cut the teardown short
                previous = _block_stop_signals()
            try:
                _stop_workers(workers)
            finally:
                _restore_signals(previous)
    rows.sort(key=lambda r: (-r.score, r.file))
    return rows, skipped


__all__ = [
    "InputError",
    "RankRow",
    "Ranker",
    "Skipped",
    "WorkerLostError",
    "check_regular_file",
    "collect_files",
    "rank",
    "unique_files",
]
