"""Every bad input fails the same way through the command line: exit code 2 and one line on
stderr that names the input and says what to do, never a traceback. Ctrl-C exits 130 quietly.
"""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from ma_match import cli, reader
from ma_match.cli import app
from ma_match.extract import Extractor
from ma_match.match import Matcher

ROOT = Path(__file__).resolve().parents[1]
TAXONOMY = ROOT / "data" / "taxonomy.yaml"

RESUME = """Dana Whitfield, CCMA
EXPERIENCE
Medical Assistant, Valley Family Practice, 2021 - Present
- Took vital signs and performed venipuncture
- Scheduled appointments and verified insurance in Epic
"""
POSTING = """Medical Assistant
Requirements
- CMA or CCMA required
- Phlebotomy and vital signs
- Scheduling
"""

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    + bytes(range(256))
)


# --- builders: each writes one bad input at the given path --------------------------------------


def pdf_bytes(lines: list[str] | None = None) -> bytes:
    """A one-page PDF; with no lines only a filled rectangle, as a scan has no text layer."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in lines or []:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    if not lines:
        pdf.rect(20, 20, 120, 160, style="F")
    return bytes(pdf.output())


def encrypted_pdf_bytes() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(["Phlebotomy"]))))
    writer.encrypt("user-secret", "owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("Phlebotomy and vital signs")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bytes(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(member, "<office:document/>")
    return out.getvalue()


def writes(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data() if callable(data) else data)


def oversized(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: costs no disk and is refused by size, unread
        handle.truncate(reader.MAX_INPUT_BYTES + 1)


def nothing(path: Path) -> None:
    pass


# filename, how to make it, fragments the one stderr line must hold (what is wrong; what to do)
BAD_FILES = [
    pytest.param("resume.txt", nothing, ["file not found", "check the path"], id="missing"),
    pytest.param(
        "resumes", Path.mkdir, ["is a directory", "give the path of a file"], id="directory"
    ),
    pytest.param(
        "resume.txt",
        writes(b""),
        ["the file is empty", "check you gave the right file"],
        id="empty",
    ),
    pytest.param(
        "resume.txt",
        writes(b"  \n\t\r\n   \n\n"),
        ["only whitespace", "check you gave the right file"],
        id="whitespace-only",
    ),
    pytest.param(
        "resume.png",
        writes(PNG),
        ["binary data that is not a supported format", "save or export it"],
        id="png",
    ),
    pytest.param(
        "resume.txt",
        writes(PNG),
        ["binary data that is not a supported format", "save or export it"],
        id="png-named-txt",
    ),
    pytest.param(
        "resume.pdf", writes(pdf_bytes), ["scanned PDF", "OCR it first"], id="scanned-pdf"
    ),
    pytest.param(
        "resume.pdf",
        writes(encrypted_pdf_bytes),
        ["PDF is encrypted", "save an unprotected copy"],
        id="encrypted-pdf",
    ),
    pytest.param(
        "resume.pdf",
        writes(lambda: pdf_bytes(["Vital signs"])[:300]),
        ["PDF is damaged", "re-export"],
        id="truncated-pdf",
    ),
    pytest.param(
        "resume.pdf",
        writes(b"Vital signs, phlebotomy\n"),
        ["not a valid PDF", "re-export"],
        id="text-named-pdf",
    ),
    pytest.param(
        "resume.docx",
        writes(b"PK\x03\x04" + bytes(range(256)) * 4),
        ["DOCX is damaged", "re-save it"],
        id="corrupt-docx",
    ),
    pytest.param(
        "resume.docx",
        writes(lambda: docx_bytes()[:2000]),
        ["DOCX is damaged", "re-save it"],
        id="truncated-docx",
    ),
    pytest.param(
        "resume.docx",
        writes(lambda: zip_bytes("content.xml")),
        ["DOCX is damaged", "re-save it"],
        id="zip-not-docx",
    ),
    pytest.param("resume.txt", oversized, ["too large", "pass a smaller file"], id="oversized"),
]

# the same bad file in each place a command reads one
POSITIONS = {
    "extract": lambda bad, good_resume, good_posting: [
        "extract",
        bad,
        "--as",
        "resume",
        "--format",
        "json",
    ],
    "match-resume": lambda bad, good_resume, good_posting: ["match", bad, good_posting],
    "match-posting": lambda bad, good_resume, good_posting: ["match", good_resume, bad],
}


@pytest.fixture
def runner(extractor) -> CliRunner:  # the session extractor is the one the CLI reuses: built once
    return CliRunner()


@pytest.fixture
def good(tmp_path: Path) -> tuple[str, str]:
    folder = tmp_path / "good"
    folder.mkdir()
    (folder / "resume.txt").write_text(RESUME, encoding="utf-8")
    (folder / "posting.txt").write_text(POSTING, encoding="utf-8")
    return str(folder / "resume.txt"), str(folder / "posting.txt")


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    """Assert the failure contract and return the single stderr line."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not an uncaught error
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout == ""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {result.stderr!r}"
    assert lines[0].startswith("ma-match: ")
    return lines[0]


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize(("filename", "make", "expected"), BAD_FILES)
def test_a_bad_file_is_one_line_naming_it_and_exit_2(
    runner, good, tmp_path, position, filename, make, expected
) -> None:
    bad = tmp_path / filename
    make(bad)
    line = one_error_line(runner.invoke(app, POSITIONS[position](str(bad), *good)))
    assert f"{bad}: " in line
    for fragment in expected:
        assert fragment in line


def test_too_much_text_is_refused_with_advice(runner, tmp_path, monkeypatch) -> None:
    # the real limit is 10 million characters; the message and exit code are what matter
    monkeypatch.setattr(reader, "MAX_TEXT_CHARS", 1000)
    big = tmp_path / "long.txt"
    big.write_text("Took vital signs and roomed patients.\n" * 100, encoding="utf-8")
    line = one_error_line(runner.invoke(app, ["extract", str(big), "--as", "resume"]))
    assert f"{big}: too much text" in line
    assert "pass a smaller document" in line


# --- standard input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"", ["stdin: empty", "pipe or paste the text"], id="empty"),
        pytest.param(
            b"\n \n\t\n",
            ["stdin: contains only whitespace", "pasted the text"],
            id="whitespace-only",
        ),
        pytest.param(PNG, ["stdin: binary data", "save or export it"], id="png"),
        pytest.param(pdf_bytes(), ["stdin: no text found", "OCR it first"], id="scanned-pdf"),
    ],
)
def test_bad_standard_input_is_one_line_and_exit_2(runner, good, data, expected) -> None:
    for args in (
        ["extract", "-", "--as", "posting"],
        ["match", "-", good[1]],
        ["match", good[0], "-"],
    ):
        line = one_error_line(runner.invoke(app, args, input=data))
        for fragment in expected:
            assert fragment in line


def test_both_arguments_from_stdin_is_refused_with_advice(runner) -> None:
    line = one_error_line(runner.invoke(app, ["match", "-", "-"], input=RESUME))
    assert "only one of RESUME and POSTING can be read from stdin" in line
    assert "give the other as a file" in line


# --- a malformed --taxonomy names the entry and its line -------------------------------------------


def broken_taxonomy(
    tmp_path: Path, edit: Callable[[list[str]], tuple[int, str]]
) -> tuple[Path, int, str]:
    """The shipped taxonomy with one edit; returns the file, the edited line (1-based), the entry."""
    lines = TAXONOMY.read_text(encoding="utf-8").split("\n")
    line, entry = edit(lines)
    path = tmp_path / "broken.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, line, entry


def first_concept(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith("  - id: "))


def unknown_key(lines: list[str]) -> tuple[int, str]:
    at = first_concept(lines)
    lines.insert(at + 1, "    skil_level: expert")
    return at + 2, lines[at].split("id:")[1].strip()  # the line of the unknown key itself


def duplicate_id(lines: list[str]) -> tuple[int, str]:
    at = first_concept(lines)
    second = next(i for i in range(at + 1, len(lines)) if lines[i].startswith("  - id: "))
    concept_id = lines[at].split("id:")[1].strip()
    lines[second] = f"  - id: {concept_id}"
    return second + 1, concept_id


def unknown_relation(lines: list[str]) -> tuple[int, str]:
    at = first_concept(lines)
    lines.insert(at + 1, "    implies: [clinical.no_such_concept]")
    return at + 1, lines[at].split("id:")[1].strip()


@pytest.mark.parametrize("edit", [unknown_key, duplicate_id, unknown_relation])
@pytest.mark.parametrize("command", ["match", "extract", "taxonomy check"])
def test_a_malformed_taxonomy_names_the_entry_and_line(
    runner, good, tmp_path, edit, command
) -> None:
    path, line_number, entry = broken_taxonomy(tmp_path, edit)
    args = {
        "match": ["match", *good, "--taxonomy", str(path)],
        "extract": ["extract", good[0], "--as", "resume", "--taxonomy", str(path)],
        "taxonomy check": ["taxonomy", "check", str(path)],
    }[command]
    line = one_error_line(runner.invoke(app, args))
    assert f"{path}:{line_number}:" in line
    assert entry in line


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(None, "taxonomy file not found", id="missing"),
        pytest.param("version: 1\nconcepts: [\n", "not valid YAML", id="invalid-yaml"),
        pytest.param("", "taxonomy", id="empty"),
        pytest.param("- just\n- a list\n", "taxonomy", id="not-a-mapping"),
    ],
)
def test_an_unreadable_taxonomy_is_one_line(runner, good, tmp_path, content, expected) -> None:
    path = tmp_path / "taxonomy.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    line = one_error_line(runner.invoke(app, ["match", *good, "--taxonomy", str(path)]))
    assert str(path) in line
    assert expected in line


# --- Ctrl-C ---------------------------------------------------------------------------------------


def interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("owner", "name", "argv"),
    [
        pytest.param(
            reader, "read_document", ["extract", "{resume}", "--as", "resume"], id="reading"
        ),
        pytest.param(Extractor, "extract", ["{resume}", "{posting}"], id="extracting"),
        pytest.param(
            Matcher, "match", ["match", "{resume}", "{posting}", "--format", "json"], id="matching"
        ),
    ],
)
def test_ctrl_c_exits_130_quietly(good, extractor, monkeypatch, capsys, owner, name, argv) -> None:
    monkeypatch.setattr(owner, name, interrupt)
    resume, posting = good
    monkeypatch.setattr(
        sys, "argv", ["ma-match", *(a.format(resume=resume, posting=posting) for a in argv)]
    )
    with pytest.raises(SystemExit) as exited:
        cli.main()
    assert exited.value.code == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.out == ""
    assert "Aborted" not in captured.err


# --- a real process: what a user sees -------------------------------------------------------------


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [sys.executable, "-m", "ma_match", *args], input=stdin, capture_output=True, timeout=120
    )
    return subprocess.CompletedProcess(
        completed.args, completed.returncode, completed.stdout.decode(), completed.stderr.decode()
    )


def test_no_traceback_reaches_a_user_of_the_real_command(good, tmp_path) -> None:
    scanned, png, encrypted = tmp_path / "scan.pdf", tmp_path / "photo.png", tmp_path / "locked.pdf"
    scanned.write_bytes(pdf_bytes())
    png.write_bytes(PNG)
    encrypted.write_bytes(encrypted_pdf_bytes())
    taxonomy, _, _ = broken_taxonomy(tmp_path, unknown_key)
    cases = [
        (
            [str(tmp_path / "missing.txt"), good[1]],
            "missing.txt: file not found",
        ),  # routed to `match`
        (["extract", str(scanned), "--as", "resume"], "scan.pdf: no text found"),
        ([str(png), good[1]], "photo.png: binary data"),
        (["match", good[0], str(encrypted)], "locked.pdf: the PDF is encrypted"),
        (["-", "-"], "only one of RESUME and POSTING"),
        ([*good, "--taxonomy", str(taxonomy)], "broken.yaml:"),
    ]
    # one process per case would cost a spaCy start each; these few are enough to prove the point
    for args, expected in cases:
        completed = run(*args)
        assert completed.returncode == 2, (args, completed.stderr)
        assert completed.stdout == ""
        assert "Traceback" not in completed.stderr
        lines = [line for line in completed.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, (args, completed.stderr)
        assert expected in lines[0]


def test_empty_stdin_in_a_real_pipe_is_one_line(good) -> None:
    completed = run("extract", "-", "--as", "resume", stdin=b"")
    assert completed.returncode == 2
    assert (
        completed.stderr.strip()
        == "ma-match: stdin: empty: nothing arrived on standard input; pipe or paste the text"
    )
