"""Screen a pool of résumés against many postings: the top K résumés of each posting, as Parquet.

The résumés are cut into parts (a few hundred files, a slice of a Parquet row group, a run of
JSON lines). Each part is read, extracted once (no evidence: scoring needs none) and scored
against every posting at once (ma_match.bulk); only its own top K per posting comes back. The
parts' top Ks merge into the global top K, whatever the order parts finish in: a résumé's place
in the source breaks ties, so any number of workers gives the same result. Then the parts that
hold a winner are read again, the winners extracted with evidence and their full Reports built,
and the rows written to Parquet a row group at a time.

Parts run through a `Runner`: in this process (`run_here`) or on a Dask cluster
(ma_match.dask). Each process or thread builds its extractor once, from the taxonomy's path.
Writing Parquet needs pyarrow (the `dask` extra).
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import secrets
import stat
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

import numpy as np

from .bulk import MAX_RESUMES, TopK
from .errors import InputError, MaMatchError
from .extract import Extractor, default_extractor
from .match import Matcher, Report
from .models import Extraction
from .rank import Skipped, check_regular_file, collect_files, unique_files
from .reader import MAX_TEXT_CHARS, read_document

PART_SIZE = 256  # résumés per part: enough to amortise a task, small enough to spread
PARTS_PER_WORKER = 4  # a small pool is cut finer, so every worker gets parts to do
MIN_PART_SIZE = 16  # below this a task's overhead outweighs its work
POSTINGS_PER_ROW_GROUP = 100  # reports are built and written this many postings at a time
TABLE_SUFFIXES = {".parquet": "parquet", ".pq": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# a part's résumés are numbered below its own number: places stay ordered as the source is
_ROW_BITS = 20
MAX_PART_ROWS = 1 << _ROW_BITS


def _missing_pyarrow() -> InputError:
    return InputError(
        "reading or writing Parquet needs pyarrow: install ma-match's dask extra (pip install '.[dask]' in its folder) or pyarrow"
    )


@dataclass(frozen=True)
class Part:
    """One part of the résumé source. `number` orders the parts as the source is ordered."""

    number: int
    kind: Literal["files", "parquet", "jsonl"]
    files: tuple[str, ...] = ()
    path: str = ""
    row_group: int = 0
    start: int = 0  # parquet: first row in the row group; jsonl: byte offset
    stop: int = 0  # parquet: row after the last; jsonl: byte offset after the last line
    first_row: int = 0  # the table's row number (0-based) of the part's first résumé
    rows: int = 0  # how many résumés (files, rows, lines) the part holds: for progress

    @property
    def size(self) -> int:
        """The résumés the part holds."""
        return len(self.files) if self.kind == "files" else self.rows


@dataclass(frozen=True)
class Job:
    """What every part needs, small enough to send to every worker once: the postings' names and
    texts (each worker extracts them itself), the taxonomy's path (None: the shipped one, which
    must be the same file on every worker), the day experience is counted to, K, and the
    columns of a table source."""

    postings: tuple[tuple[str, str], ...]
    top: int
    today: date
    taxonomy: str | None = None
    text_column: str = "text"
    id_column: str | None = None


@dataclass
class PartResult:
    """A part's top K per posting, what was skipped and how long extracting and scoring took
    (seconds of this part's worker)."""

    top: TopK
    skipped: list[Skipped]
    scored: int
    extract_seconds: float
    score_seconds: float
    unscored: tuple[int, ...] = ()  # postings that ask nothing the taxonomy knows
    size: int = 0  # the résumés the part held, read or skipped: for progress


@dataclass
class Summary:
    """What a screening run did: counts, skipped résumés, and where the time went (extract and
    score are summed over parts, so with several workers they exceed the wall time)."""

    postings: int
    resumes: int
    rows: int
    skipped: list[Skipped] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)
    """Postings that ask nothing the taxonomy knows: no score, their rows the first K résumés."""
    extract_seconds: float = 0.0
    score_seconds: float = 0.0
    report_seconds: float = 0.0
    wall_seconds: float = 0.0


# --- per-worker state ---------------------------------------------------------------------------

_LOCAL = threading.local()  # spaCy pipelines are not shared between threads


@dataclass
class _Context:
    extractor: Extractor
    matcher: Matcher
    postings: list[Extraction]
    compiled: Any  # bulk.PostingSet


def _context(job: Job) -> _Context:
    """This thread's extractor, matcher and compiled postings for the job, built on its first
    part and reused for every later one (one extractor per worker, from the taxonomy's path)."""
    from .bulk import PostingSet
    from .taxonomy import load_taxonomy

    key = (job.taxonomy, job.today, job.postings)
    cached = getattr(_LOCAL, "context", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    if job.taxonomy is None and threading.current_thread() is threading.main_thread():
        extractor = default_extractor()  # screening in this process: the CLI's own one
    else:  # a spaCy pipeline is not shared between threads (memory zones, the tokenizer cache)
        extractor = Extractor(load_taxonomy(job.taxonomy))
    matcher = Matcher(extractor, job.today)
    postings = [extractor.extract(text, "posting") for _, text in job.postings]
    context = _Context(extractor, matcher, postings, PostingSet(matcher, postings))
    _LOCAL.context = (key, context)
    return context


# --- planning the parts -------------------------------------------------------------------------


def expand(sources: Iterable[str]) -> tuple[list[str], list[Skipped]]:
    """Paths from folders, files and glob patterns ("cvs/**/*.pdf"), in a stable order: folders
    walked as `rank` walks them; tables (.parquet, .jsonl, .ndjson) kept as they are."""
    named: list[str] = []
    skipped: list[Skipped] = []
    for source in sources:
        # "cvs [final]" names a folder when it exists: a pattern only when nothing has its name
        if glob.has_magic(source) and not os.path.lexists(source):
            matched = sorted(glob.glob(source, recursive=True))
            if not matched:
                skipped.append(Skipped(source, f"{source}: no file matches this pattern"))
            named.extend(matched)
        else:
            named.append(source)
    listed, skipped_more = collect_files(named)
    # a file named twice ("--resumes cvs --resumes ./cvs", a folder and a glob) is read once:
    # counted twice it would take two places of a top K
    files, repeats = unique_files(listed)
    return files, skipped + skipped_more + repeats


def plan(
    sources: Iterable[str], part_size: int = PART_SIZE, spread: int = 1
) -> tuple[list[Part], list[Skipped]]:
    """The parts of the résumé source, in its order, and the entries skipped while listing it.
    Files are grouped `part_size` at a time, fewer when `spread` workers would otherwise get
    fewer than PARTS_PER_WORKER parts each (200 files and 2 workers: parts of 25, not one of
    200 that one worker reads while the other waits); a Parquet file is cut along its row groups;
    a JSON lines file at line starts (one pass over its bytes, no parsing)."""
    if not 1 <= part_size <= MAX_PART_ROWS:
        raise ValueError(f"part_size must be from 1 to {MAX_PART_ROWS}")
    paths, skipped = expand(sources)
    parts: list[Part] = []
    documents: list[str] = []

    def flush() -> None:
        size = part_size
        if spread > 1:
            shared = -(-len(documents) // (spread * PARTS_PER_WORKER))  # rounded up
            size = min(part_size, max(MIN_PART_SIZE, shared))
        for start in range(0, len(documents), size):
            chunk = tuple(documents[start : start + size])
            parts.append(Part(len(parts), "files", files=chunk))
        documents.clear()

    for path in paths:
        kind = TABLE_SUFFIXES.get(os.path.splitext(path)[1].lower())
        if kind is None:
            documents.append(path)
            continue
        flush()
        if kind == "parquet":
            parts.extend(_parquet_parts(path, part_size, len(parts)))
        else:
            parts.extend(_jsonl_parts(path, part_size, len(parts)))
    flush()
    if len(parts) > MAX_RESUMES >> _ROW_BITS:  # a résumé's place must fit below its score
        raise InputError(
            f"the résumés make {len(parts):,} parts, more than {MAX_RESUMES >> _ROW_BITS:,}: "
            "give fewer, or tables with bigger row groups"
        )
    return parts, skipped


def _parquet_parts(path: str, part_size: int, number: int) -> Iterator[Part]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise _missing_pyarrow() from None
    try:
        metadata = pq.ParquetFile(path).metadata
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Parquet file ({exc})") from None
    first_row = 0
    for group in range(metadata.num_row_groups):
        rows = metadata.row_group(group).num_rows
        # a row group is read as one stream (a slice of it costs reading it all), so it is one
        # part; only past the row numbers a part can hold is it cut
        for start in range(0, rows, MAX_PART_ROWS):
            stop = min(rows, start + MAX_PART_ROWS)
            yield Part(
                number,
                "parquet",
                path=path,
                row_group=group,
                start=start,
                stop=stop,
                first_row=first_row + start,
                rows=stop - start,
            )
            number += 1
        first_row += rows


def _jsonl_parts(path: str, part_size: int, number: int) -> Iterator[Part]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 - read in blocks below
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    with handle:
        start = offset = lines = first_row = 0
        ended = True  # whether the bytes read so far end with a newline
        while block := handle.read(1 << 20):
            at = 0
            while (newline := block.find(b"\n", at)) != -1:
                at = newline + 1
                lines += 1
                if lines == part_size:
                    yield Part(
                        number,
                        "jsonl",
                        path=path,
                        start=start,
                        stop=offset + at,
                        first_row=first_row,
                        rows=lines,
                    )
                    number += 1
                    start, first_row, lines = offset + at, first_row + lines, 0
            offset += len(block)
            ended = block.endswith(b"\n")
        if offset > start:  # the last line may have no newline after it
            yield Part(
                number,
                "jsonl",
                path=path,
                start=start,
                stop=offset,
                first_row=first_row,
                rows=lines + (not ended),
            )


# --- reading a part -----------------------------------------------------------------------------


def _index(part: Part, row: int) -> int:
    return (part.number << _ROW_BITS) + row


def read_part(
    part: Part, job: Job, extractor: Extractor, rows: set[int] | None = None
) -> tuple[list[tuple[int, str, str]], list[Skipped]]:
    """(index, name, text) of the part's résumés (only the rows asked for, if `rows` is given),
    and the ones that could not be read. A file is named by its path; a table's row by its id
    column when one is given, else by "path:row" (row counted from 1, as editors count lines)."""
    found: list[tuple[int, str, str]] = []
    skipped: list[Skipped] = []
    for more, missed in read_part_batches(part, job, extractor, rows):
        found += more
        skipped += missed
    return found, skipped


def read_part_batches(
    part: Part,
    job: Job,
    extractor: Extractor,
    rows: set[int] | None = None,
    size: int = PART_SIZE,
) -> Iterator[tuple[list[tuple[int, str, str]], list[Skipped]]]:
    """`read_part` a batch of at most `size` résumés at a time: only a batch is held."""
    found: list[tuple[int, str, str]] = []
    skipped: list[Skipped] = []
    for item in _part_items(part, job, extractor, rows):
        if isinstance(item, Skipped):
            skipped.append(item)
        else:
            found.append(item)
        if len(found) + len(skipped) >= size:
            yield found, skipped
            found, skipped = [], []
    if found or skipped:
        yield found, skipped


def _part_items(
    part: Part, job: Job, extractor: Extractor, rows: set[int] | None
) -> Iterator[tuple[int, str, str] | Skipped]:
    """Each résumé of the part in order, as (index, name, text) or as the Skipped it makes."""
    if part.kind == "files":
        for row, name in enumerate(part.files):
            if rows is not None and row not in rows:
                continue
            try:
                check_regular_file(name)
                text = read_document(Path(name), joins=extractor.joins)
            except MaMatchError as exc:
                yield Skipped(name, str(exc))
                continue
            yield (_index(part, row), name, text)
        return
    for row, (name, text) in enumerate(_table_rows(part, job)):
        if (rows is not None and row not in rows) or text is _BLANK:
            continue  # a blank line between JSON lines is no résumé
        if text is _NOT_AN_OBJECT:
            yield Skipped(name, f"{name}: not a JSON object on this line")
        elif not isinstance(text, str) or not text.strip():
            yield Skipped(name, f"{name}: no text in column {job.text_column!r}")
        elif len(text) > MAX_TEXT_CHARS:
            yield Skipped(name, f"{name}: longer than {MAX_TEXT_CHARS:,} characters")
        else:
            yield (_index(part, row), name, text)


def _table_rows(part: Part, job: Job) -> Iterator[tuple[str, Any]]:
    """(name, text) of each row of a table part."""
    if part.kind == "parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise _missing_pyarrow() from None
        columns = [job.text_column] + ([job.id_column] if job.id_column else [])
        try:
            source = pq.ParquetFile(part.path)
        except (ValueError, OSError) as exc:
            raise InputError(f"{part.path}: not a readable Parquet file ({exc})") from None
        with source:
            try:
                missing = [c for c in columns if c not in source.schema_arrow.names]
                if missing:  # iter_batches would leave them out without a word
                    raise KeyError(f"no column {', '.join(map(repr, missing))}")
                batches = source.iter_batches(
                    batch_size=PART_SIZE, row_groups=[part.row_group], columns=columns
                )
                row = -part.start  # rows of the group before the part's first are passed over
                for batch in batches:
                    if row + batch.num_rows <= 0:
                        row += batch.num_rows
                        continue
                    texts = batch.column(job.text_column).to_pylist()
                    ids = batch.column(job.id_column).to_pylist() if job.id_column else None
                    for at, text in enumerate(texts):
                        if 0 <= row < part.rows:
                            yield _row_name(part, row, ids[at] if ids else None), text
                        row += 1
                    if row >= part.rows:
                        return
            except (KeyError, ValueError, OSError) as exc:
                raise InputError(f"{part.path}: cannot read columns {columns} ({exc})") from None
        return
    import json

    with open(part.path, "rb") as handle:
        handle.seek(part.start)
        data = handle.read(part.stop - part.start)
    lines = data.split(b"\n")
    if lines and not lines[-1]:
        lines.pop()  # the newline that ends the last line
    for row, line in enumerate(lines):
        if not line.strip():
            yield _row_name(part, row, None), _BLANK
            continue
        try:
            record = json.loads(line)
        except ValueError:
            record = None
        if not isinstance(record, dict):
            yield _row_name(part, row, None), _NOT_AN_OBJECT
            continue
        if job.id_column and job.id_column not in record:  # as a Parquet table without it is
            raise InputError(
                f"{_row_name(part, row, None)}: no {job.id_column!r} in this line (--id-column)"
            )
        key = record.get(job.id_column) if job.id_column else None
        yield _row_name(part, row, key), record.get(job.text_column)


_BLANK = object()
_NOT_AN_OBJECT = object()  # a JSON line that is not a JSON object ({"text": ...})


def _row_name(part: Part, row: int, key: Any) -> str:
    return str(key) if key is not None else f"{part.path}:{part.first_row + row + 1}"


# --- the two tasks ------------------------------------------------------------------------------


def score_part(part: Part, job: Job) -> PartResult:
    """Read, extract and score one part a batch at a time (a Parquet row group may hold a
    million résumés): its top K per posting (a worker's task)."""
    context = _context(job)
    top = TopK(len(job.postings), job.top)
    skipped: list[Skipped] = []
    scored = 0
    extract_seconds = score_seconds = 0.0
    for found, missed in read_part_batches(part, job, context.extractor):
        skipped += missed
        scored += len(found)
        started = time.perf_counter()
        texts = (t for _, _, t in found)
        extractions = list(context.extractor.pipe(texts, "resume", batch_size=64, evidence=False))
        extracted = time.perf_counter()
        top.add(context.compiled.scores(extractions), np.array([i for i, _, _ in found]))
        extract_seconds += extracted - started
        score_seconds += time.perf_counter() - extracted
    unscored = tuple(int(p) for p in np.flatnonzero(~context.compiled.scored))
    return PartResult(top, skipped, scored, extract_seconds, score_seconds, unscored, part.size)


def report_part(
    part: Part, job: Job, wanted: dict[int, list[int]]
) -> list[tuple[int, int, dict[str, Any]]]:
    """(posting, index, row) for the résumés of this part some posting's top K holds, each row
    made from the full Report (its rank is set by the caller): `wanted` maps a résumé's index to
    the postings (their numbers) it is a winner of. Rows, not Reports, travel back: a Report
    holds both extractions whole."""
    context = _context(job)
    rows = {index & (MAX_PART_ROWS - 1) for index in wanted}
    found, _ = read_part(part, job, context.extractor, rows)
    result = []
    extractions = context.extractor.pipe((t for _, _, t in found), "resume", evidence=True)
    for (index, name, _), resume in zip(found, extractions):
        for p in wanted[index]:
            report = context.matcher.report(resume, context.postings[p])
            result.append((p, index, _row(job.postings[p][0], name, report)))
    return result


# --- running the parts --------------------------------------------------------------------------

# Runner(function, items, job): the results of function(item, job) for every item, in any order
Runner = Callable[[Callable[..., Any], Sequence[Any], Job], Iterable[Any]]


def run_here(function: Callable[..., Any], items: Sequence[Any], job: Job) -> Iterator[Any]:
    """The Runner of a single process: each item in turn, in this process."""
    for item in items:
        yield function(item, job)


def _report_task(
    item: tuple[Part, dict[int, list[int]]], job: Job
) -> list[tuple[int, int, dict[str, Any]]]:
    return report_part(item[0], job, item[1])


def screen(
    postings: Sequence[tuple[str, str]],
    sources: Iterable[str],
    out: str | os.PathLike[str],
    *,
    top: int = 10,
    runner: Runner = run_here,
    taxonomy: str | None = None,
    today: date | None = None,
    text_column: str = "text",
    id_column: str | None = None,
    part_size: int = PART_SIZE,
    on_progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
) -> Summary:
    """Write the top `top` résumés of each posting to the Parquet file `out`, best first (ties:
    the résumé that comes first in the source), one row a (posting, résumé) pair with its rank,
    score, band, both-sides flag, the required items missing, the items met and partly met, and
    the full report as JSON (render.report_json). `postings` are (name, text) pairs; `sources`
    are files, folders, glob patterns and tables (.parquet, .jsonl, .ndjson; the résumé in
    `text_column`, its name in `id_column`). `on_progress(done, total)` is called as parts come
    back, with the résumés done so far and in all (blank JSON lines count as résumés here);
    `workers`, how many run the parts, lets a small pool be cut finer (the rows stay the same).

    The file appears only when the run succeeds: rows go to a hidden file beside `out`, made
    before any work (so an unwritable place fails at once), renamed over `out` at the end and
    removed on any failure or interrupt; an earlier result at `out` stays whole until then.
    Raises InputError for an unreadable table or posting set, an `out` that is not a .parquet
    file name, a folder, one of the inputs, or cannot be written; ValueError for top < 1."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise _missing_pyarrow() from None
    if top < 1:
        raise ValueError("top must be at least 1")
    target = _output_path(out)
    started = time.perf_counter()
    job = Job(
        tuple(postings),
        top,
        today or date.today(),
        None if taxonomy is None else os.fspath(taxonomy),
        text_column,
        id_column,
    )
    parts, skipped = plan(sources, part_size, workers)
    _refuse_input_as_output(target, [name for name, _ in postings], parts)
    summary = Summary(postings=len(postings), resumes=0, rows=0, skipped=skipped)
    partial = _hidden_beside(target)
    try:
        best = TopK(len(postings), top)
        unscored: set[int] = set()
        total = sum(part.size for part in parts)
        done = 0
        for result in runner(score_part, parts, job):
            done += result.size
            if on_progress is not None:
                on_progress(done, total)
            best.merge(result.top)
            unscored.update(result.unscored)
            summary.resumes += result.scored
            summary.skipped.extend(result.skipped)
            summary.extract_seconds += result.extract_seconds
            summary.score_seconds += result.score_seconds
        summary.unscored = [postings[p][0] for p in sorted(unscored)]
        reporting = time.perf_counter()
        by_number = {part.number: part for part in parts}
        try:
            writer = pq.ParquetWriter(partial, _SCHEMA)
        except OSError as exc:
            raise InputError(f"{target}: cannot be written ({exc})") from None
        with writer:
            for first in range(0, len(postings), POSTINGS_PER_ROW_GROUP):
                numbers = range(first, min(len(postings), first + POSTINGS_PER_ROW_GROUP))
                ranked = {p: best.best(p) for p in numbers}
                wanted: dict[int, dict[int, list[int]]] = {}  # part -> index -> postings
                for p, winners in ranked.items():
                    for index, _ in winners:
                        wanted.setdefault(index >> _ROW_BITS, {}).setdefault(index, []).append(p)
                items = [(by_number[n], w) for n, w in sorted(wanted.items())]
                made = {
                    (p, index): row
                    for chunk in runner(_report_task, items, job)
                    for p, index, row in chunk
                }
                rows = [
                    {**made[p, index], "rank": rank}
                    for p, winners in ranked.items()
                    # a file changed or went away since it was scored drops out, and the
                    # ranks after it close up
                    for rank, index in enumerate((i for i, _ in winners if (p, i) in made), 1)
                ]
                try:
                    writer.write_table(pa.Table.from_pylist(rows, schema=_SCHEMA))
                except OSError as exc:  # a full disk, a quota
                    raise InputError(f"{target}: cannot be written ({exc})") from None
                summary.rows += len(rows)
        # the order parts finish in is the cluster's: the report lists the skipped by name
        summary.skipped.sort(key=lambda item: item.file)
        if summary.resumes:  # with no résumé read, nothing is written and an old result stays
            try:
                _keep_mode(target, partial)
                os.replace(partial, target)
            except OSError as exc:
                raise InputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
    summary.report_seconds = time.perf_counter() - reporting
    summary.wall_seconds = time.perf_counter() - started
    return summary


OUTPUT_SUFFIXES = (".parquet", ".pq")


def check_output(out: str | os.PathLike[str]) -> None:
    """Whether the results can go to `out`, checked before any work: a .parquet file name, not a
    folder, in a folder where a file can be made. Raises InputError naming the problem."""
    os.unlink(_hidden_beside(_output_path(out)))


def _output_path(out: str | os.PathLike[str]) -> Path:
    """`out` checked before any work: a Parquet file name, not stdin's "-" nor a folder."""
    name = os.fspath(out)
    if name == "-":
        raise InputError("--out needs a file name: Parquet cannot be written to stdout")
    target = Path(name)
    if target.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError(
            f"{name}: give the output a .parquet name (the rows are written as Parquet)"
        )
    if target.is_dir():
        raise InputError(f"{name}: is a folder; give a file name")
    return target


def _refuse_input_as_output(target: Path, postings: Sequence[str], parts: Sequence[Part]) -> None:
    """InputError when `target` is one of the postings or résumé sources: the run would replace
    what it reads (a .parquet pool given as its own output)."""
    if not os.path.lexists(target):
        return
    own = os.path.realpath(target)
    inputs = itertools.chain(
        postings, (path for part in parts for path in (*part.files, part.path) if path)
    )
    for name in inputs:
        if os.path.realpath(name) == own:
            raise InputError(f"{target}: is also an input; write the results to another file")


def _keep_mode(target: Path, replacement: str) -> None:
    """Give the replacement the permissions of the file it replaces: results kept private
    (0600: candidates' names and scores) stay private when a new run writes them."""
    with contextlib.suppress(FileNotFoundError):
        os.chmod(replacement, stat.S_IMODE(os.stat(target).st_mode))


def _hidden_beside(target: Path) -> str:
    """A new, empty hidden file in `target`'s folder (so the final rename stays on one file
    system), made with the permissions a new file gets there. InputError when it cannot be."""
    folder = target.parent
    for _ in range(100):
        path = folder / f".{target.name}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise InputError(f"{target}: cannot be written ({exc.strerror or exc})") from None
        return str(path)
    raise InputError(f"{target}: cannot be written (no free name for a temporary file beside it)")


def _schema() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        return None
    strings = pa.list_(pa.string())
    return pa.schema(
        [
            ("posting", pa.string()),
            ("rank", pa.int32()),
            ("resume", pa.string()),
            ("score", pa.int32()),
            ("band", pa.string()),
            ("both_sides_covered", pa.bool_()),
            ("missing_required", strings),
            ("partial", strings),
            ("met", strings),
            ("report", pa.string()),
        ]
    )


_SCHEMA = _schema()


def _text_name(name: str) -> str:
    """A file name as Parquet can hold it (UTF-8): bytes of a name that is not UTF-8, which
    Python keeps as lone surrogates, are written as \\xNN escapes ("latin_\\xe9.txt")."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate from a table's id ("\\ud800" in JSON)
        raw = name.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


def _row(posting: str, resume: str, report: Report) -> dict[str, Any]:
    """One output row (the _SCHEMA's columns) for a posting's winner; its rank is set later."""
    from .render import report_json

    requirements = report.requirements
    return {
        "posting": _text_name(posting),
        "rank": 0,  # set once the posting's winners are in order
        "resume": _text_name(resume),
        "score": report.score,
        "band": report.band,
        "both_sides_covered": report.both_sides_covered,
        "missing_required": [
            r.label for r in requirements if r.importance == "required" and r.status == "missing"
        ],
        "partial": [r.label for r in requirements if r.status == "partial"],
        "met": [r.label for r in requirements if r.status == "met"],
        "report": report_json(report),
    }


__all__ = [
    "Job",
    "Part",
    "PartResult",
    "Runner",
    "Summary",
    "check_output",
    "plan",
    "run_here",
    "screen",
]
