"""Linear time at every stage, shown: each hostile input kind of issue 13 at sizes n, 2n and 4n
through the whole `ma-match extract` / match path in-process, CPU seconds per stage.

    python bench/linear.py [--scale 1.0] [--repeat 3] [--only KIND ...]

Stages: read (`read_document` on a file written to a temporary folder, DOCX included), prepare
(normalise and split glued words), tokenize (reading form and spaCy's tokenizer), one column per
pipeline component, summarise (findings and evidence), render (the JSON and the table `extract`
prints) and match (the report against a fixed posting, or résumé for a posting).  Each figure is
the least CPU time (`time.process_time`) of --repeat runs, with Python's cyclic garbage collector
paused during a run (its pauses land in whichever stage crosses its threshold).  The growth ratio is the time at 4n
over the time at n: about 4 when a stage is linear, 16 when it is quadratic.  Figures below a few
milliseconds are noise, so a stage that never reaches 20 ms at 4n shows "-" for its ratio.

The inputs are generated here, nothing large is committed.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from ma_match.errors import MaMatchError
from ma_match.escape import markdown as escape_markdown
from ma_match.extract import _SKIPPED, Extractor, default_extractor, summarise
from ma_match.match import Matcher
from ma_match.reader import read_document
from ma_match.render import extraction_json, extraction_table

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NOISE_SECONDS = 0.02


def _repeat_line(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def _docx(body_xml: str) -> bytes:
    """A minimal DOCX (content types, one relationship, the document part)."""
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body_xml}</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()


def _long_resume(chars: int) -> str:
    lines = [
        line
        for path in sorted(EXAMPLES.glob("resume_*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out, size, n = [], 0, 0
    while size < chars:
        line = lines[n % len(lines)]
        out.append(line)
        size += len(line) + 1
        n += 1
    return "\n".join(out)


def _table_bomb(cells: int) -> bytes:
    # rows of ten cells, one spanning a huge grid, one merged down the column
    row = (
        "<w:tr>"
        + "<w:tc><w:tcPr><w:gridSpan w:val='1000000'/></w:tcPr><w:p><w:r><w:t>EKG</w:t></w:r></w:p></w:tc>"
        + "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        + "<w:tc><w:p><w:r><w:t>vital signs</w:t></w:r></w:p></w:tc>" * 8
        + "</w:tr>"
    )
    return _docx("<w:tbl>" + row * (cells // 10) + "</w:tbl>")


# name -> (kind the text is read as, file suffix, base size n, make(n) -> bytes)
KINDS: dict[str, tuple[str, str, int, Callable[[int], bytes]]] = {
    "one line of '='": ("resume", ".txt", 200_000, lambda n: ("=" * n).encode()),
    "one line of dates": (
        "resume",
        ".txt",
        100_000,
        lambda n: _repeat_line("Jan 2018 - Mar 2020 06/21 - 08/23 2015-2016 ", n).encode(),
    ),
    "one line of pending phrases": (
        "resume",
        ".txt",
        100_000,
        lambda n: _repeat_line("CCMA exam scheduled ", n).encode(),
    ),
    "one line of posting cues": (
        "posting",
        ".txt",
        100_000,
        lambda n: _repeat_line("required preferred a plus EKG ", n).encode(),
    ),
    "one line of negation cues": (
        "resume",
        ".txt",
        100_000,
        lambda n: _repeat_line("no EKG, not phlebotomy, never Epic, without BLS ", n).encode(),
    ),
    "many short lines": ("resume", ".txt", 100_000, lambda n: ("- EKG\n" * (n // 6)).encode()),
    "DOCX of empty paragraphs": (
        "resume",
        ".docx",
        40_000,
        lambda n: _docx("<w:p/>" * n + "<w:p><w:r><w:t>EKG</w:t></w:r></w:p>"),
    ),
    "DOCX table bomb": ("resume", ".docx", 4_000, _table_bomb),
    "long résumé of normal lines": (
        "resume",
        ".txt",
        100_000,
        lambda n: _long_resume(n).encode(),
    ),
}

POSTING = (EXAMPLES / "posting_family_medicine.txt").read_text(encoding="utf-8")
RESUME = (EXAMPLES / "resume_dual.txt").read_text(encoding="utf-8")


def stages(extractor: Extractor, path: Path, kind: str) -> dict[str, float]:
    """CPU seconds of each stage of `ma-match extract` (and the match after it) on *path*."""
    times: dict[str, float] = {}

    def timed(name: str, work: Callable[[], object]) -> object:
        start = time.process_time()
        result = work()
        times[name] = times.get(name, 0.0) + time.process_time() - start
        return result

    text = str(timed("read", lambda: read_document(path, joins=extractor.joins)))
    prepared = str(timed("prepare", lambda: extractor.prepare(text)))
    doc = timed("tokenize", lambda: extractor._make_doc(prepared))
    for name, component in extractor.nlp.pipeline:
        if name not in _SKIPPED[kind]:
            doc = timed(name, lambda c=component, d=doc: c(d))  # type: ignore[misc]
    extraction = timed("summarise", lambda: summarise(extractor.taxonomy, doc, kind, prepared))  # type: ignore[arg-type]

    def render() -> None:
        extraction_json(extraction)  # type: ignore[arg-type]
        Console(file=io.StringIO(), width=100).print(extraction_table(extraction))  # type: ignore[arg-type]

    timed("render", render)
    matcher = Matcher(extractor)
    other = extractor.extract(
        POSTING if kind == "resume" else RESUME, "posting" if kind == "resume" else "resume"
    )
    if kind == "resume":
        timed("match", lambda: matcher.report(extraction, other))  # type: ignore[arg-type]
    else:
        timed("match", lambda: matcher.report(other, extraction))  # type: ignore[arg-type]
    return times


def measure(extractor: Extractor, name: str, scale: float, repeat: int) -> dict[str, list[float]]:
    kind, suffix, base, make = KINDS[name]
    n = max(1, int(base * scale))
    result: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for factor in (1, 2, 4):
            path = Path(folder) / f"input{factor}{suffix}"
            path.write_bytes(make(n * factor))
            best: dict[str, float] = {}
            for _ in range(repeat):
                # the cyclic collector runs when allocations cross a threshold, in whichever stage
                # that happens to be: a 0.1 s pause charged to a 10 ms stage looked quadratic
                gc.collect()
                gc.disable()
                try:
                    for stage, seconds in stages(extractor, path, kind).items():
                        best[stage] = min(best.get(stage, seconds), seconds)
                finally:
                    gc.enable()
            best["total"] = sum(best.values())
            for stage, seconds in best.items():
                result.setdefault(stage, []).append(seconds)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every base size n")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per size; the least time is kept"
    )
    parser.add_argument("--only", nargs="*", default=None, help="input kinds to run (default all)")
    args = parser.parse_args(argv)
    extractor = default_extractor()
    extractor.extract(RESUME, "resume")  # warm caches outside the measurement
    names = [n for n in KINDS if not args.only or any(o.lower() in n.lower() for o in args.only)]
    print("| input (kind, n) | stage | n s | 2n s | 4n s | 4n/n |")
    print("|---|---|---:|---:|---:|---:|")
    worst: list[tuple[float, str, str]] = []
    for name in names:
        kind, suffix, base, _ = KINDS[name]
        try:
            rows = measure(extractor, name, args.scale, args.repeat)
        except MaMatchError as error:  # a size past the reader's limits is refused, as it should be
            print(f"| {name} | refused | | | | {escape_markdown(str(error).split(': ', 1)[-1])} |")
            continue
        label = (
            f"{name} ({kind}{', DOCX' if suffix == '.docx' else ''}, n={int(base * args.scale):,})"
        )
        for stage, (t1, t2, t4) in rows.items():
            ratio = t4 / t1 if t4 >= NOISE_SECONDS and t1 > 0 else None
            if ratio is not None and stage != "total":
                worst.append((ratio, name, stage))
            shown = f"{ratio:.1f}" if ratio is not None else "-"
            print(f"| {label} | {stage} | {t1:.3f} | {t2:.3f} | {t4:.3f} | {shown} |")
            label = ""
        sys.stdout.flush()
    if worst:
        ratio, name, stage = max(worst)
        print(f"\nlargest growth of a stage over 20 ms: {ratio:.1f} ({name}, {stage})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
