"""Small inputs that once cost minutes or gigabytes (issue 13) end at a named limit: exit 2 and one
line on stderr, or a normal result. Every bomb is generated here; none is committed."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from ma_match import reader
from ma_match.cli import app
from ma_match.errors import InputError
from ma_match.reader import read_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
LAST = b"<w:p><w:r><w:t>Phlebotomy and vital signs</w:t></w:r></w:p>"


def make_docx(body: Iterable[bytes]) -> bytes:
    """A minimal DOCX whose body is the given XML, streamed into the zip (so a body of hundreds of
    MB costs no memory here), with one readable paragraph last."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", RELS)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode())
            for part in body:
                member.write(part)
            member.write(LAST + b"</w:body></w:document>")
    return out.getvalue()


def repeated(chunk: bytes, count: int, block: int = 10_000) -> Iterator[bytes]:
    full, rest = divmod(count, block)
    for _ in range(full):
        yield chunk * block
    if rest:
        yield chunk * rest


def element_bomb(kind: str) -> bytes:
    """Half again as many elements as the limit, of one kind; about 20-50 KB zipped."""
    count = reader.MAX_DOCX_ELEMENTS * 3 // 2
    if kind == "paragraphs":
        return make_docx(repeated(b"<w:p/>", count))
    if kind == "cells":
        return make_docx(
            [b"<w:tbl><w:tr>", *repeated(b"<w:tc><w:p/></w:tc>", count // 2), b"</w:tr></w:tbl>"]
        )
    return make_docx([b"<w:p>", *repeated(b"<w:r/>", count), b"</w:p>"])


def text_bomb() -> bytes:
    """One run of text inflating a few MB past the cap: a few hundred KB zipped."""
    return make_docx(
        [
            b"<w:p><w:r><w:t>",
            *repeated(b"A", reader.MAX_DOCX_INFLATED_BYTES + 4_000_000, 1 << 20),
            b"</w:t></w:r></w:p>",
        ]
    )


@pytest.fixture
def runner(extractor) -> CliRunner:  # type: ignore[no-untyped-def]  # the session extractor: built once
    return CliRunner()


def one_error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ma-match: ")
    return lines[0]


# --- DOCX ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["paragraphs", "cells", "runs"])
def test_a_docx_of_too_many_elements_is_refused_by_name(runner, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(element_bomb(kind))
    assert path.stat().st_size < 100_000
    line = one_error_line(runner.invoke(app, ["extract", str(path), "--as", "resume"]))
    assert f"{path}: the DOCX holds more than {reader.MAX_DOCX_ELEMENTS:,} XML elements" in line


def test_a_docx_that_inflates_past_the_cap_says_so(runner, tmp_path: Path) -> None:
    path = tmp_path / "text.docx"
    path.write_bytes(text_bomb())
    line = one_error_line(runner.invoke(app, ["extract", str(path), "--as", "resume"]))
    mb = reader.MAX_DOCX_INFLATED_BYTES // (1024 * 1024)
    assert f"{path}: the DOCX inflates past {mb} MB" in line
    assert "20 MB" not in line  # the old message gave the raw-input cap


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """The zip with the central directory's uncompressed size of `member` changed to `size`."""
    name = member.encode()
    at = data.rindex(b"PK\x01\x02", 0, data.rindex(name))
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


def test_a_docx_declaring_a_huge_member_is_refused_unread(tmp_path: Path) -> None:
    plain = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Phlebotomy")
    document.save(plain)
    path = tmp_path / "declared.docx"
    path.write_bytes(_declare_size(plain.getvalue(), "word/document.xml", 0xFFFF_FFF0))
    with pytest.raises(InputError, match="inflates past"):
        read_document(path)


def test_a_docx_of_too_many_files_is_refused(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document {W}><w:body/></w:document>")
        for index in range(reader.MAX_DOCX_MEMBERS):
            archive.writestr(f"media/{index}", b"")
    path = tmp_path / "members.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(InputError, match=f"more than {reader.MAX_DOCX_MEMBERS:,} files"):
        read_document(path)


def test_a_cell_spanning_a_billion_columns_reads_once(tmp_path: Path) -> None:
    path = tmp_path / "span.docx"
    path.write_bytes(
        make_docx(
            [
                b'<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="1000000000"/></w:tcPr>'
                b"<w:p><w:r><w:t>EKG</w:t></w:r></w:p></w:tc>"
                b"<w:tc><w:p><w:r><w:t>3 years</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
            ]
        )
    )
    assert read_document(path).split("\n") == ["EKG | 3 years", "Phlebotomy and vital signs"]


def test_a_long_vertical_merge_reads_its_text_in_each_row(tmp_path: Path) -> None:
    """python-docx's row.cells looks each merged cell's start up row by row (quadratic); the
    reader keeps the text a merge shows in each row, in linear time."""
    rows = 20_000
    path = tmp_path / "merge.docx"
    cell = b"<w:tc><w:p><w:r><w:t>Clinic</w:t></w:r></w:p></w:tc>"
    path.write_bytes(
        make_docx(
            [
                b'<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>EKG</w:t></w:r></w:p></w:tc>',
                cell,
                b"</w:tr>",
                *repeated(
                    b"<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>" + cell + b"</w:tr>",
                    rows,
                ),
                b"</w:tbl>",
            ]
        )
    )
    lines = read_document(path).split("\n")
    assert lines[:3] == ["EKG | Clinic"] * 3 and len(lines) == rows + 2


def test_a_header_read_again_and_again_stops_at_the_read_budget(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    document = docx.Document()
    for index in range(30):
        document.add_paragraph(f"Took vital signs {index}")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "budget.docx"
    path.write_bytes(out.getvalue())
    assert "vital signs 29" in read_document(path)
    monkeypatch.setattr(reader, "MAX_DOCX_ITEMS_READ", 20)
    with pytest.raises(InputError, match="more than 20 paragraphs, cells and runs"):
        read_document(path)


def test_a_docx_under_the_limits_reads_as_before(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Medical Assistant")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Skills"
    table.cell(1, 0).text, table.cell(1, 1).text = "Phlebotomy", "3 years"
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "fine.docx"
    path.write_bytes(out.getvalue())
    assert read_document(path).split("\n") == [
        "Medical Assistant",
        "Skills",
        "Phlebotomy | 3 years",
    ]


# --- --taxonomy ---------------------------------------------------------------------------------

MINIMAL = """version: 1
context: {window: 6, rules: [{literal: "no", category: negated}]}
posting: {required_headings: [requirements]}
concepts:
  - {id: clinical.vital_signs, label: Vital signs, group: clinical, side: clinical, phrases: ["vital signs"]}
"""


def alias_bomb() -> str:
    """A billion laughs: ten levels of nine aliases each, 10**9 strings from a few hundred bytes."""
    levels = ['x0: &x0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += [f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return MINIMAL.replace(
        "version: 1\n", "version: 1\nscoring:\n" + "".join(f"  {level}\n" for level in levels)
    )


@pytest.mark.parametrize("command", ["extract", "check"])
def test_a_yaml_alias_bomb_is_refused_before_it_expands(
    runner, tmp_path: Path, command: str
) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    resume = tmp_path / "resume.txt"
    resume.write_text("Took vital signs.", encoding="utf-8")
    args = (
        ["extract", str(resume), "--as", "resume", "--taxonomy", str(path)]
        if command == "extract"
        else ["taxonomy", "check", str(path)]
    )
    line = one_error_line(runner.invoke(app, args))
    assert f"{path}:3: YAML anchors and aliases" in line


def test_an_anchor_alone_is_refused_too(runner, tmp_path: Path) -> None:
    path = tmp_path / "anchor.yaml"
    path.write_text(
        MINIMAL.replace("label: Vital signs", "label: &v Vital signs"), encoding="utf-8"
    )
    line = one_error_line(runner.invoke(app, ["taxonomy", "check", str(path)]))
    assert f"{path}:5: YAML anchors and aliases" in line


def test_the_shipped_taxonomy_uses_no_anchors() -> None:
    from ma_match.taxonomy import load_taxonomy

    assert load_taxonomy(use_cache=False).concepts  # parsing refuses any anchor or alias


def test_an_oversized_taxonomy_is_refused_unparsed(runner, tmp_path: Path) -> None:
    from ma_match import taxonomy

    path = tmp_path / "big.yaml"
    path.write_text(MINIMAL + "#" * taxonomy.MAX_TAXONOMY_BYTES + "\n", encoding="utf-8")
    line = one_error_line(runner.invoke(app, ["taxonomy", "check", str(path)]))
    assert f"{path}: larger than {taxonomy.MAX_TAXONOMY_BYTES // (1024 * 1024)} MB" in line


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command in a child, with a timeout: a FIFO or device used to hang it for good."""
    return subprocess.run(
        [sys.executable, "-m", "ma_match", *args],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize(
    "command", [["taxonomy", "check"], ["extract", "-", "--as", "resume", "--taxonomy"]]
)
def test_a_device_as_taxonomy_is_refused_unread(command: list[str]) -> None:
    done = _run(*command, "/dev/zero")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "ma-match: /dev/zero: is not a regular file (a pipe, device or "
        "socket); give a taxonomy file"
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_as_taxonomy_is_refused_unopened(tmp_path: Path) -> None:
    fifo = tmp_path / "taxonomy.yaml"
    os.mkfifo(fifo)
    done = _run("taxonomy", "check", str(fifo))
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert f"{fifo}: is not a regular file" in done.stderr


def test_a_directory_as_taxonomy_says_so(runner, tmp_path: Path) -> None:
    line = one_error_line(runner.invoke(app, ["taxonomy", "check", str(tmp_path)]))
    assert f"{tmp_path}: is a directory" in line


def test_a_taxonomy_in_another_encoding_is_one_line(runner, tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace("Vital signs", "Vital signs \xe9").encode("latin-1"))
    line = one_error_line(runner.invoke(app, ["taxonomy", "check", str(path)]))
    assert f"{path}: not UTF-8 text" in line
