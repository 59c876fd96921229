"""Promises of read_document: every supported format reads, every bad input is one clear line."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from ma_match import reader
from ma_match.errors import InputError
from ma_match.reader import read_document

SAMPLE = "Résumé: café work, “patient’s” vitals — 2019–2021"


# --- builders ------------------------------------------------------------------------


def make_pdf(lines: list[str] | None = None) -> bytes:
    """A one-page PDF; with no lines, only a drawn rectangle (no text layer)."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    if lines:
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    else:
        pdf.rect(20, 20, 80, 40, style="F")
    return bytes(pdf.output())


def encrypt_pdf(data: bytes, user_password: str, owner_password: str | None = None) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Summary first")
    table = document.add_table(rows=2, cols=2)
    for row, values in zip(table.rows, [("Skill", "Years"), ("Phlebotomy", "3")], strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.add_paragraph("Closing paragraph")
    document.sections[0].header.paragraphs[0].text = "Header Name"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def one_line_error(call: Callable[[], object], name: str) -> str:
    """Run *call*, expect InputError with a single-line message naming *name*; return it."""
    with pytest.raises(InputError) as caught:
        call()
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes], Path]:
    def _write(filename: str, data: bytes) -> Path:
        path = tmp_path / filename
        path.write_bytes(data)
        return path

    return _write


# --- formats that read ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_text_encodings(write: Callable[[str, bytes], Path], encoding: str) -> None:
    path = write("resume.txt", f"{SAMPLE}\nSecond line\n".encode(encoding))
    text = read_document(path)
    assert text == 'Résumé: café work, "patient\'s" vitals - 2019-2021\nSecond line'


def test_short_cp1252_is_not_mistaken_for_utf16(write: Callable[[str, bytes], Path]) -> None:
    assert read_document(write("a.txt", "café".encode("cp1252"))) == "café"


def test_utf16_without_bom(write: Callable[[str, bytes], Path]) -> None:
    data = ("Medical assistant résumé with vital signs\n" * 5).encode("utf-16-le")
    assert read_document(write("a.txt", data)).startswith(
        "Medical assistant résumé with vital signs\n"
    )


def test_markdown_keeps_lines(write: Callable[[str, bytes], Path]) -> None:
    path = write("posting.md", b"# Job\n\n* Take vitals\n* Room patients\n")
    assert read_document(path) == "# Job\n\n- Take vitals\n- Room patients"


HTML = b"""<!DOCTYPE html><html><head><title>Title</title><style>p{color:red}</style>
<script>var skip = 1;</script></head><body><h1>Medical Assistant</h1><p>Join our
  clinic&nbsp;team &amp; grow.</p><ul><li>Take vitals</li><li>Draw blood</li></ul>
<table><tr><td>Pay</td><td>$20</td></tr></table></body></html>"""


@pytest.mark.parametrize("filename", ["posting.html", "posting.txt", "posting"])
def test_html_by_extension_or_content(write: Callable[[str, bytes], Path], filename: str) -> None:
    text = read_document(write(filename, HTML))
    assert text.split("\n") == [
        "Medical Assistant",
        "Join our clinic team & grow.",
        "- Take vitals",
        "- Draw blood",
        "Pay | $20",
    ]


def test_html_with_unclosed_head(write: Callable[[str, bytes], Path]) -> None:
    page = b"<html><head><title>T</title><meta charset=utf-8><body><p>Visible</p>"
    assert read_document(write("p.htm", page)) == "Visible"


def test_pdf(write: Callable[[str, bytes], Path]) -> None:
    text = read_document(
        write("resume.pdf", make_pdf(["Medical Assistant", "Venipuncture and EKG"]))
    )
    assert "Medical Assistant" in text
    assert "Venipuncture and EKG" in text


def test_pdf_through_stdin() -> None:
    text = read_document("-", stdin=io.BytesIO(make_pdf(["Piped PDF text"])))
    assert "Piped PDF text" in text


def test_pdf_with_misleading_extension(write: Callable[[str, bytes], Path]) -> None:
    assert "Content wins" in read_document(write("resume.txt", make_pdf(["Content wins"])))


def test_pdf_protected_only_by_owner_password_reads(write: Callable[[str, bytes], Path]) -> None:
    data = encrypt_pdf(make_pdf(["Owner locked"]), "", "owner-secret")
    assert "Owner locked" in read_document(write("locked.pdf", data))


def test_docx_paragraphs_table_and_header_in_order(write: Callable[[str, bytes], Path]) -> None:
    text = read_document(write("resume.docx", make_docx()))
    assert text.split("\n") == [
        "Header Name",
        "Summary first",
        "Skill | Years",
        "Phlebotomy | 3",
        "Closing paragraph",
    ]


def test_docx_text_box_is_read(write: Callable[[str, bytes], Path]) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Body")
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            "<w:p><w:r><w:t>Boxed text</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    out = io.BytesIO()
    document.save(out)
    assert read_document(write("box.docx", out.getvalue())) == "Body\nBoxed text"


def test_stdin_text_and_default_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    assert read_document("-", stdin=io.BytesIO(SAMPLE.encode("cp1252"))).startswith("Résumé: café")

    class FakeStdin:
        buffer = io.BytesIO(b"from sys.stdin")

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    assert read_document("-") == "from sys.stdin"


def test_stdin_tty_prints_paste_hint(capsys: pytest.CaptureFixture[str]) -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    assert read_document("-", stdin=Terminal(b"typed text")) == "typed text"
    hint = capsys.readouterr().err
    assert "Paste" in hint and ("Ctrl-D" in hint or "Ctrl-Z" in hint)


def test_five_megabytes_of_text(write: Callable[[str, bytes], Path]) -> None:
    line = "Performed venipuncture, EKGs and vital signs for 40 patients daily.\n"
    path = write("big.txt", (line * (5_000_000 // len(line))).encode())
    text = read_document(path)
    assert text.count("\n") == 5_000_000 // len(line) - 1


def test_input_files_are_unchanged(write: Callable[[str, bytes], Path]) -> None:
    paths = [
        write("a.txt", SAMPLE.encode("utf-16")),
        write("a.html", HTML),
        write("a.pdf", make_pdf(["Unchanged"])),
        write("a.docx", make_docx()),
    ]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths}
    for path in paths:
        read_document(path)
        read_document(str(path))
    assert {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths} == before


# --- failures: one line, naming the input ---------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    assert "not found" in one_line_error(lambda: read_document(path), str(path))


def test_directory(tmp_path: Path) -> None:
    assert "directory" in one_line_error(lambda: read_document(tmp_path), str(tmp_path))


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores file permissions"
)
def test_permission_denied(write: Callable[[str, bytes], Path]) -> None:
    path = write("secret.txt", b"hidden")
    path.chmod(0)
    try:
        assert "permission denied" in one_line_error(lambda: read_document(path), str(path))
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\r\n  ", "only whitespace"),
        ("blank16.txt", " \n ".encode("utf-16"), "only whitespace"),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)),
            "binary data",
        ),
        ("archive.zip", b"", "binary data"),  # filled in below: a zip that is not a docx
        ("scan.pdf", b"", "scanned PDF"),
        ("locked.pdf", b"", "encrypted"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged"),
        ("fake.pdf", b"just text pretending", "not a valid PDF"),
        ("nodoc.docx", b"", "DOCX is damaged"),
        ("garbage.docx", b"this is not a zip at all", "DOCX is damaged"),
        ("truncated.docx", b"", "DOCX is damaged"),
        ("empty.docx", b"", "no text"),
    ],
)
def test_bad_inputs(
    write: Callable[[str, bytes], Path], filename: str, data: bytes, expected: str
) -> None:
    data = data or _BAD_BUILDERS.get(filename, lambda: b"")()
    path = write(filename, data)
    assert expected in one_line_error(lambda: read_document(path), str(path))


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes.txt", "not a word document")
    return out.getvalue()


def _empty_docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


_BAD_BUILDERS: dict[str, Callable[[], bytes]] = {
    "archive.zip": _zip_without_document,
    "scan.pdf": make_pdf,
    "locked.pdf": lambda: encrypt_pdf(make_pdf(["Secret"]), "user-secret"),
    "nodoc.docx": _zip_without_document,
    "truncated.docx": lambda: make_docx()[:2000],
    "empty.docx": _empty_docx,
}


def test_empty_stdin() -> None:
    assert "empty" in one_line_error(lambda: read_document("-", stdin=io.BytesIO(b"")), "stdin")


def test_binary_stdin() -> None:
    assert "binary data" in one_line_error(
        lambda: read_document("-", stdin=io.BytesIO(b"\x00\x01\x02" * 10)), "stdin"
    )


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_too_large(
    write: Callable[[str, bytes], Path], monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    monkeypatch.setattr(reader, "MAX_INPUT_BYTES", 100)
    data = b"x" * 101
    if source == "stdin":
        message = one_line_error(lambda: read_document("-", stdin=io.BytesIO(data)), "stdin")
    else:
        path = write("big.txt", data)
        message = one_line_error(lambda: read_document(path), str(path))
    assert "too large" in message
    assert read_document("-", stdin=io.BytesIO(b"x" * 100)) == "x" * 100


def test_too_much_extracted_text(
    write: Callable[[str, bytes], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reader, "MAX_TEXT_CHARS", 50)
    path = write("long.txt", b"word " * 20)
    assert "too much text" in one_line_error(lambda: read_document(path), str(path))


# --- robustness ----------------------------------------------------------------------


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(
        [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html>"]
    ),
    body=st.binary(max_size=2048),
    suffix=st.sampled_from([".txt", ".pdf", ".docx", ".html", ""]),
)
def test_arbitrary_bytes_give_text_or_input_error(
    tmp_path: Path, prefix: bytes, body: bytes, suffix: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(prefix + body)
    try:
        result = read_document(path)
    except InputError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
    else:
        assert isinstance(result, str) and result.strip()


@cache
def _valid_documents() -> dict[str, bytes]:
    return {
        "seed.pdf": make_pdf(["Hello world", "Second line"]),
        "seed.docx": make_docx(),
        "seed.html": HTML,
        "seed.txt": SAMPLE.encode("cp1252"),
    }


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_damaged_documents_give_text_or_input_error(tmp_path: Path, data: st.DataObject) -> None:
    # Arbitrary bytes rarely get deep into a parser; damaged real documents do.
    name, seed = data.draw(st.sampled_from(sorted(_valid_documents().items())))
    damaged = bytearray(seed)
    for _ in range(data.draw(st.integers(1, 8))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    cut = data.draw(st.integers(1, len(damaged)))
    path = tmp_path / name
    path.write_bytes(bytes(damaged[:cut]))
    try:
        assert isinstance(read_document(path), str)
    except InputError as exc:
        assert "\n" not in str(exc)
