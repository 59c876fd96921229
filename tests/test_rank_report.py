"""Promises of `ma-match rank` for coaches and recruiters: what each row shows (credentials
held, relevant years, sides), file names never broken inside a word, the Markdown and HTML
pages with every candidate's gaps, and word-processor files that are not read counted as
skipped with the reason."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console
from typer.testing import CliRunner

from ma_match.cli import app
from ma_match.errors import InputError
from ma_match.path_cell import lay_out, pieces
from ma_match.rank import RankRow, rank
from ma_match.reader import read_document
from ma_match.render import rank_markdown, rank_table

POSTING = """Medical Assistant
Responsibilities
- Take vital signs, perform venipuncture and give injections
- Schedule appointments and verify insurance
Requirements
- CMA or RMA certification required
- Current BLS
- 2+ years of medical assistant experience
Preferred
- Epic experience
"""

BOTH = """Registered Medical Assistant (RMA), BLS certified
EXPERIENCE
Medical Assistant, Lakeside Family Clinic   2019 - 2024
- Took vital signs, performed venipuncture and gave IM injections
- Scheduled appointments and verified insurance eligibility
"""
CLINICAL = """Phlebotomist, CPR certified
EXPERIENCE
Phlebotomist, City Lab   2021 - 2023
- Performed venipuncture and took vital signs
"""


@pytest.fixture()
def posting(tmp_path: Path) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    return path


def _rows(tmp_path: Path) -> list[RankRow]:
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "both.txt").write_text(BOTH, encoding="utf-8")
    (folder / "clinical.txt").write_text(CLINICAL, encoding="utf-8")
    rows, skipped = rank(POSTING, [folder / "both.txt", folder / "clinical.txt"])
    assert not skipped
    return rows


# --- what a row shows ---------------------------------------------------------------------------


def test_a_row_carries_credentials_held_relevant_years_and_sides(tmp_path: Path) -> None:
    both, clinical = _rows(tmp_path)
    assert both.file.endswith("both.txt")
    assert both.credentials == ("RMA (AMT)", "BLS (Basic Life Support)")
    assert 5 <= both.relevant_years <= 6  # 2019 - 2024, in relevant work
    assert both.sides == "both" and both.both_sides_covered
    assert both.missing_preferred == ("Epic",)
    assert clinical.sides == "clinical only" and not clinical.both_sides_covered
    assert "Scheduling" in clinical.missing_required
    # CPR is partial credit for BLS: listed as partly met, not as missing
    assert "BLS (Basic Life Support)" in clinical.partial
    assert "BLS (Basic Life Support)" not in clinical.missing_required


def test_json_and_csv_add_the_new_columns_after_the_old_ones(posting: Path, tmp_path) -> None:
    (tmp_path / "both.txt").write_text(BOTH, encoding="utf-8")
    as_json = CliRunner().invoke(
        app, ["rank", str(posting), str(tmp_path / "both.txt"), "-f", "json"]
    )
    row = json.loads(as_json.stdout)[0]
    assert row["credentials"] == ["RMA (AMT)", "BLS (Basic Life Support)"]
    assert row["sides"] == "both" and row["missing_preferred"] == ["Epic"]
    as_csv = CliRunner().invoke(
        app, ["rank", str(posting), str(tmp_path / "both.txt"), "-f", "csv"]
    )
    header = as_csv.stdout.splitlines()[0].split(",")
    assert header[:6] == ["rank", "score", "band", "both_sides_covered", "file", "missing_required"]
    assert header[6:] == ["sides", "credentials", "relevant_years", "missing_preferred", "partial"]


def test_the_table_shows_short_credentials_years_and_sides(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    out = io.StringIO()
    Console(file=out, width=120).print(rank_table(rows, total=2))
    text = out.getvalue()
    assert re.search(rf"both\s+RMA, BLS\s+{rows[0].relevant_years:g}\s", text), text
    assert "clinical" in text and "credentials" in text and "years" in text


# --- file names are never broken inside a word -------------------------------------------------


def test_a_path_is_cut_only_after_a_separator_or_at_a_space() -> None:
    assert pieces("cvs/2026 spring/ana_ruiz.txt") == ["cvs/", "2026 ", "spring/", "ana_ruiz.txt"]
    assert lay_out("cvs/2026 spring/ana_ruiz.txt", 14) == ["cvs/2026", "spring/", "ana_ruiz.txt"]
    assert lay_out("cvs/ana.txt", 40) == ["cvs/ana.txt"]


def test_a_piece_wider_than_the_column_keeps_its_ends_around_an_ellipsis() -> None:
    assert lay_out("maria_lopez_final_2024.txt", 12) == ["maria_…4.txt"]


path_piece = st.text(alphabet="abcdefghij_.-0123456789é", min_size=1, max_size=14)
paths = st.lists(st.tuples(path_piece, st.sampled_from(["/", " "])), min_size=1, max_size=6).map(
    lambda parts: "".join(p + sep for p, sep in parts).rstrip("/ ") or "x"
)


@given(name=paths, width=st.integers(1, 40))
def test_laid_out_lines_are_whole_pieces_or_one_shortened_piece(name: str, width: int) -> None:
    whole = {p.rstrip(" ") for p in pieces(name)}
    for line in lay_out(name, width):
        assert len(line) <= width
        if "…" in line:
            continue  # one piece wider than the column, shortened in its middle
        # the line is pieces put together: it starts where a piece starts and ends where one ends
        assert any(line.startswith(p) for p in whole) and any(line.endswith(p) for p in whole)
    if all(len(p) <= width for p in whole):
        assert "".join(lay_out(name, width)).replace(" ", "") == name.replace(" ", "")


NAME = "applicants/spring_2026/maria_lopez_resume.txt"
TABLE_ROWS = [
    RankRow(NAME, 70, "fair", False, ("Vital signs", "Phlebotomy", "Prior authorizations")),
    RankRow("cvs/ben.txt", 40, "weak", True, ()),
]


def _table(width: int) -> str:
    out = io.StringIO()
    Console(file=out, width=width).print(rank_table(TABLE_ROWS, total=2))
    return out.getvalue()


@pytest.mark.parametrize("width", [100, 140, 200])
def test_the_rank_table_shows_file_names_in_whole_pieces(width: int) -> None:
    text = _table(width)
    for piece in ("applicants/", "spring_2026/", "maria_lopez_resume.txt", "cvs/ben.txt"):
        assert piece in text, text
    assert max(len(line) for line in text.splitlines()) <= width
    if width >= 140:
        assert NAME in text  # room enough: on one line


def test_a_narrow_table_shortens_its_headings_before_the_file_name() -> None:
    text = _table(80)
    assert "creds" in text and "yrs" in text and "credentials" not in text
    assert "maria_lopez_resume.txt" in text


def test_a_narrow_table_shortens_a_piece_rather_than_breaking_it() -> None:
    text = _table(70)
    assert "applicants/" in text and "spring_2026/" in text
    assert "maria_lopez_resume.txt" not in text
    assert re.search(r"maria_l\w*…\w*ume\.txt", text), text
    assert not re.search(r"^\s*(ume\.txt|resume\.txt)", text, re.M)  # no piece's tail alone


# --- Markdown and HTML -------------------------------------------------------------------------


def test_markdown_lists_every_candidate_and_their_gaps(tmp_path: Path) -> None:
    rows = _rows(tmp_path)
    page = rank_markdown(rows, total=3)
    assert page.startswith("## Ranking: 2 of 3 résumés, best first")
    rendered = MarkdownIt("commonmark").enable("table").render(page)
    assert rendered.count("<tr>") == 3  # the header and two candidates
    for shown in (
        "missing (preferred): Epic",
        "missing (required): Scheduling",
        "partly met: BLS (Basic Life Support)",
        "<td>RMA, BLS</td>",
    ):
        assert shown in rendered, shown


def test_rank_writes_markdown_and_html_from_the_command_line(posting: Path, tmp_path) -> None:
    (tmp_path / "both.txt").write_text(BOTH, encoding="utf-8")
    (tmp_path / "clinical.txt").write_text(CLINICAL, encoding="utf-8")
    for fmt, marker in (("markdown", "### Gaps by candidate"), ("html", "<!DOCTYPE html>")):
        result = CliRunner().invoke(app, ["rank", str(posting), str(tmp_path), "-f", fmt])
        assert result.exit_code == 0, result.output
        assert marker in result.stdout
        assert "clinical.txt" in result.stdout and "Scheduling" in result.stdout


# --- RTF, ODT and old Word files --------------------------------------------------------------

RTF = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Arial;}} \f0 Medical Assistant\par Took vital signs\par}"


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text"
        )  # stored first, as ODF asks
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("cv.rtf", RTF, "Rich Text Format (RTF)"),
        ("cv.txt", b"\n  " + RTF, "Rich Text Format (RTF)"),  # by content, whatever the name
        ("cv.odt", _odt(), "OpenDocument text (.odt)"),
        ("cv.doc", DOC, "old binary Word document (.doc)"),
    ],
)
def test_a_word_processor_file_that_is_not_read_says_what_it_is_and_what_to_do(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as error:
        read_document(path)
    message = str(error.value)
    assert what in message and "save it as .docx or PDF" in message
    assert "\n" not in message


def test_rank_counts_rtf_odt_and_doc_as_skipped_with_the_reason(posting: Path, tmp_path) -> None:
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "both.txt").write_text(BOTH, encoding="utf-8")
    (folder / "a.rtf").write_bytes(RTF)
    (folder / "b.odt").write_bytes(_odt())
    (folder / "c.doc").write_bytes(DOC)
    result = CliRunner().invoke(app, ["rank", str(posting), str(folder)])
    assert result.exit_code == 0, result.output
    assert "ranked 1, skipped 3" in result.stderr
    for name, what in (("a.rtf", "RTF"), ("b.odt", ".odt"), ("c.doc", ".doc")):
        line = next(x for x in result.stderr.splitlines() if name in x)
        assert what in line and "save it as .docx or PDF" in line
