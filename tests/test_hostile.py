"""Hostile file names, text and folders, as a recruiter's folder of strangers' files may hold:
each attack found once, through the command line, then random ones through every format."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import socket
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.match import Matcher
from ma_match.rank import collect_files, rank
from ma_match.render import (
    extraction_json,
    extraction_table,
    print_report,
    rank_csv,
    rank_json,
    rank_table,
    report_json,
    report_markdown,
)
from test_escape import HOSTILE_PIECES, SGR, UNSAFE, rendered

POSTING = """Medical Assistant
Responsibilities
- Take vital signs, perform venipuncture and give injections
- Schedule appointments and verify insurance
Requirements
- CMA or RMA certification required
"""
RESUME = "Registered Medical Assistant (RMA)\n- Took vital signs and performed venipuncture\n"


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture()
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables 400 columns wide, so a long name is not folded over two lines."""
    from ma_match import cli

    monkeypatch.setattr(
        cli, "_stdout", lambda: cli._ResultConsole(width=400, color_system=None, highlight=False)
    )


@pytest.fixture()
def posting(tmp_path: Path) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    return path


def make(folder: Path, name: str | bytes, text: str = RESUME) -> str:
    """A résumé under an odd name; skips the test where the filesystem cannot hold the name."""
    path = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else os.fsencode(name))
    try:
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8"))
    except OSError as exc:
        pytest.skip(f"this filesystem cannot hold the file name {name!r}: {exc}")
    return os.fsdecode(path)


def assert_safe(output: str) -> None:
    """Nothing raw a terminal would act on: no control, bidi control or lone surrogate; on a
    terminal, colour (SGR) is the only escape sequence; no hyperlink."""
    plain = SGR.sub("", output).replace("\n", "")
    assert not UNSAFE.search(plain), repr(UNSAFE.search(plain))
    assert "Traceback" not in output


# --- the attacks found, one by one ---------------------------------------------------------------


def test_a_folder_named_with_an_open_bracket_does_not_break_the_table(
    runner, posting, tmp_path, wide
) -> None:
    folder = tmp_path / "cvs"
    (folder / "x[").mkdir(parents=True)
    make(folder / "x[", "bold].txt")
    result = runner.invoke(app, ["rank", str(posting), str(folder)])
    assert result.exit_code == 0, result.output
    assert "x[/bold].txt" in result.stdout  # shown as written, not read as a closing tag


def test_markup_in_a_name_is_shown_not_made_into_a_hidden_link(
    posting, tmp_path, monkeypatch
) -> None:
    from rich.console import Console

    from ma_match import cli

    folder = tmp_path / "cvs"
    (folder / "[link=https:" / "evil.example]cv[").mkdir(parents=True)
    make(folder / "[link=https:" / "evil.example]cv[", "link].txt")
    terminal = io.StringIO()
    monkeypatch.setattr(
        cli, "_stdout", lambda: Console(file=terminal, force_terminal=True, width=300)
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["rank", str(posting), "cvs"])
    assert result.exit_code == 0, result.output
    out = terminal.getvalue()
    assert "\x1b]8;" not in out  # no OSC 8 hyperlink
    assert "[link=https:/evil.example]cv[/link].txt" in SGR.sub("", out)


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_escape_sequences_in_names_reach_no_output_raw(
    runner, posting, tmp_path, wide, fmt
) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    make(folder, "title\x1b]0;pwned\x07.txt")
    make(folder, "clear\x1b[2J.txt")
    make(folder, "clip\x1b]52;c;aGk=\x07.txt", text="")  # empty: reported on the "skipped" line
    make(folder, "flip\u202etxt.exe.txt")
    result = runner.invoke(app, ["rank", str(posting), str(folder), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert_safe(result.stdout)
    assert_safe(result.stderr)
    assert (
        "\\x1b]0;pwned\\x07" in result.stdout and "\\u202e" in result.stdout
        if fmt != "json"
        else True
    )
    assert "clip\\x1b]52;c;aGk=\\x07.txt" in result.stderr and "skipped 1" in result.stderr


def test_extract_shows_evidence_with_markup_as_text(runner, tmp_path, wide) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(
        "Medical assistant\n- [/x] took vital signs [link=https://evil.example]here[/link] :warning:\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(resume), "--as", "resume"])
    assert result.exit_code == 0, result.output
    assert "[/x] took vital signs [link=https://evil.example]here[/link] :warning:" in result.stdout


def test_csv_cells_never_start_a_formula(runner, posting, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    for name in ('=HYPERLINK("http:evil.example").txt', "@SUM(1+1).txt", "+1+2.txt", "-2+3.txt"):
        make(folder, name)
    monkeypatch.chdir(folder)  # names relative to ".": the walk writes them without "./"
    result = runner.invoke(app, ["rank", str(posting), ".", "--format", "csv"])
    assert result.exit_code == 0, result.output
    files = [row["file"] for row in csv.DictReader(io.StringIO(result.stdout))]
    assert sorted(files) == [
        "'+1+2.txt",
        "'-2+3.txt",
        '\'=HYPERLINK("http:evil.example").txt',
        "'@SUM(1+1).txt",
    ]


def test_markdown_passes_no_image_and_no_raw_html(runner, posting, tmp_path) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(
        "Medical assistant\nSkills: ![img](https://evil.example/p.png) <img src=x onerror=alert(1)> "
        "vital signs\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["match", str(resume), str(posting), "--format", "markdown"])
    assert result.exit_code == 0, result.output
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<img" not in page and "<a " not in page and "onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_name_that_is_not_utf8_is_ranked_in_every_format(posting, tmp_path, fmt) -> None:
    import subprocess
    import sys

    folder = tmp_path / "cvs"
    folder.mkdir()
    make(folder, b"r\xe9sum\xe9.txt")
    # a strict UTF-8 stdout, as under an ordinary UTF-8 locale (the test runner's is lenient)
    done = subprocess.run(
        [sys.executable, "-m", "ma_match", "rank", str(posting), "cvs", "-f", fmt],
        cwd=tmp_path,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict", "MA_MATCH_CACHE_DIR": ""},
        timeout=120,
    )
    out = done.stdout.decode("utf-8")  # valid UTF-8
    assert done.returncode == 0, done.stderr
    if fmt == "json":
        assert json.loads(out)[0]["file"] == os.fsdecode(
            b"cvs/r\xe9sum\xe9.txt"
        )  # the name, as it is
    else:
        assert "r\\xe9sum\\xe9.txt" in out


def test_a_taxonomy_label_with_markup_and_escapes_is_refused_in_one_safe_line(
    runner, posting, tmp_path
) -> None:
    # the loader refuses such a label (taxonomy.py), and says so without passing the escape on
    shipped = (Path(__file__).resolve().parents[1] / "data" / "taxonomy.yaml").read_text(
        encoding="utf-8"
    )
    label = re.search(
        r"^  - id: clinical.vital_signs\n(?:    .*\n)*?    label: (.+)$", shipped, re.M
    )
    assert label, "the shipped taxonomy's vital signs entry has moved"
    start, end = label.span(1)
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(
        shipped[:start] + '"=[bold]X[/bold]\\e[2J"' + shipped[end:], encoding="utf-8"
    )
    resume = make(tmp_path, "resume.txt", text="Medical assistant\n- Scheduled appointments\n")
    for args in (
        ["rank", str(posting), resume, "-f", "csv"],
        ["match", resume, str(posting)],
        ["taxonomy", "check", str(taxonomy)],
    ):
        if args[0] != "taxonomy":
            args = [*args, "--taxonomy", str(taxonomy)]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "clinical.vital_signs" in result.stderr and "label" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert_safe(result.stdout + result.stderr)


# --- the walk -----------------------------------------------------------------------------------


def test_the_walk_stays_inside_the_folder_and_reports_what_it_skips(tmp_path) -> None:
    folder = tmp_path / "cvs"
    (folder / "inner").mkdir(parents=True)
    make(folder, "ok.txt")
    make(folder / "inner", "deep.txt")
    outside = make(tmp_path, "outside.txt")
    os.symlink(outside, folder / "out.txt")
    os.symlink(folder / "ok.txt", folder / "alias.txt")  # a link that stays inside is followed
    os.symlink("/nonexistent/nothing", folder / "dangling.txt")
    os.symlink(tmp_path, folder / "up")
    os.mkfifo(folder / "fifo.txt")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(folder / "sock.txt"))
    except OSError as exc:  # pragma: no cover - a path too long for a socket
        pytest.skip(f"cannot make a socket here: {exc}")
    try:
        files, skipped = collect_files([folder])
    finally:
        server.close()
    assert [Path(f).name for f in files] == ["alias.txt", "deep.txt", "ok.txt"]
    reasons = {Path(s.file).name: s.reason for s in skipped}
    assert set(reasons) == {"out.txt", "dangling.txt", "up", "fifo.txt", "sock.txt"}
    assert "outside" in reasons["out.txt"] and "outside" in reasons["up"]
    assert "nowhere" in reasons["dangling.txt"]
    assert "FIFO" in reasons["fifo.txt"] and "socket" in reasons["sock.txt"]


def test_a_fifo_is_never_opened_whether_walked_or_named(runner, posting, tmp_path) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    make(folder, "ok.txt")
    os.mkfifo(folder / "fifo.txt")  # opening it for reading would wait for a writer for ever
    walked = runner.invoke(app, ["rank", str(posting), str(folder), "-f", "csv"])
    assert walked.exit_code == 0 and "ranked 1, skipped 1" in walked.stderr
    named = runner.invoke(app, ["rank", str(posting), str(folder / "fifo.txt")])
    assert named.exit_code == 2 and "FIFO" in named.stderr and "(1 skipped)" in named.stderr
    rows, skipped = rank(POSTING, [str(folder / "fifo.txt")])  # the API refuses it too
    assert rows == [] and "FIFO" in skipped[0].reason


def test_the_walk_keeps_the_order_of_sorted_paths(tmp_path) -> None:
    for name in ("b.txt", "a.txt", "a/z.txt", "a b/c.txt", "A.txt", "a.txt.d/x.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(RESUME, encoding="utf-8")
    files, _ = collect_files([tmp_path])
    assert files == [str(p) for p in sorted(p for p in tmp_path.rglob("*") if p.is_file())]


# --- random hostile strings through every format and command -------------------------------------

SOME = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# what a file name can hold: anything but "/" and NUL; undecodable bytes arrive as U+DC80-U+DCFF
name_char = st.one_of(
    st.sampled_from(
        [p for p in HOSTILE_PIECES if "/" not in p and "\x00" not in p and "\ud800" not in p]
    ),
    st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
    st.integers(0xDC80, 0xDCFF).map(chr),
)
hostile_name = st.lists(name_char, min_size=1, max_size=8).map(
    lambda parts: "r" + "".join(parts) + ".txt"
)
hostile_line = st.lists(
    st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=6)), max_size=10
).map("".join)


@SOME
@given(name=hostile_name)
def test_any_file_name_goes_through_rank_in_every_format(runner, posting, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        try:
            make(Path(folder), os.fsencode(name)[:250])
        except pytest.skip.Exception:
            return  # the name is too long or refused by this filesystem
        for fmt in ("table", "csv", "json"):
            result = runner.invoke(app, ["rank", str(posting), folder, "-f", fmt])
            assert result.exit_code == 0, result.output
            assert_safe(result.stdout + result.stderr)
            if fmt == "json":
                assert json.loads(result.stdout)[0]["file"].startswith(folder)
            if fmt == "csv":
                for row in csv.DictReader(io.StringIO(result.stdout)):
                    assert not row["file"].startswith(("=", "+", "-", "@"))


@SOME
@given(before=hostile_line, after=hostile_line)
def test_any_text_goes_through_match_and_extract_in_every_format(
    extractor, before: str, after: str
) -> None:
    resume = f"Medical assistant\n- {before} took vital signs {after}\n- {after} venipuncture, CMA {before}\n"
    posting = f"Requirements\n- {after} vital signs required {before}\n- Epic preferred {before}\n"
    report = Matcher(extractor).match(resume, posting)
    for output in (rendered_report(report), report_markdown(report, explain=True)):
        assert_safe(output)
    assert json.loads(report_json(report))["score"] == report.score
    for kind in ("resume", "posting"):
        extraction = extractor.extract(resume if kind == "resume" else posting, kind)
        assert_safe(
            rendered(extraction_table(extraction), force_terminal=True, color_system="truecolor")
        )
        assert json.loads(extraction_json(extraction))["kind"] == kind
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").enable("table").render(report_markdown(report))
    assert not re.search(r"<(?!/?(h2|p|ul|li|strong|table|thead|tbody|tr|th|td|h3)>)", page)


def rendered_report(report) -> str:  # type: ignore[no-untyped-def]
    from rich.console import Console

    out = io.StringIO()
    print_report(
        report,
        Console(file=out, force_terminal=True, color_system="truecolor", width=160),
        explain=True,
    )
    return out.getvalue()


@SOME
@given(name=hostile_name, label=hostile_line)
def test_any_name_and_label_go_through_the_rank_renderers(name: str, label: str) -> None:
    from ma_match.rank import RankRow

    rows = [
        RankRow(name, 50, label or "weak", True, (label, "BLS")),
        RankRow("x" + name, 40, "weak", False, ()),
    ]
    assert_safe(rendered(rank_table(rows, total=3), force_terminal=True, color_system="truecolor"))
    assert [r["file"] for r in json.loads(rank_json(rows))] == [name, "x" + name]
    for row in csv.reader(io.StringIO(rank_csv(rows))):
        assert not UNSAFE.search("".join(row))
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


@SOME
@given(line=hostile_line)
def test_any_text_goes_through_the_command_line_formats(
    runner, tmp_path_factory, line: str
) -> None:
    folder = tmp_path_factory.mktemp("cli")
    resume = folder / "resume.txt"
    resume.write_text(
        f"Medical assistant\n- {line} took vital signs\n", encoding="utf-8", errors="surrogatepass"
    )
    posting = folder / "posting.txt"
    posting.write_text(
        f"Requirements\n- vital signs required {line}\n", encoding="utf-8", errors="surrogatepass"
    )
    for args in (
        ["match", str(resume), str(posting)],
        ["match", str(resume), str(posting), "-f", "markdown"],
        ["match", str(resume), str(posting), "-f", "json"],
        ["extract", str(resume), "--as", "resume"],
        ["extract", str(posting), "--as", "posting", "-f", "json"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert_safe(result.stdout + result.stderr)
