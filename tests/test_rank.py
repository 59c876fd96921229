"""Promises of `ma-match rank`: best first, deterministic, unreadable files skipped, any job count."""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
from datetime import date
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ma_match import rank as rank_module
from ma_match.cli import app
from ma_match.rank import Ranker, RankRow, WorkerLostError, collect_files, rank

POSTING = """Medical Assistant
Responsibilities
- Take vital signs, perform venipuncture and give injections
- Schedule appointments and verify insurance
Requirements
- CMA or RMA certification required
- Current BLS
"""

STRONG = """Registered Medical Assistant (RMA), BLS certified
- Took vital signs, performed venipuncture and gave IM injections
- Scheduled appointments and verified insurance eligibility
"""
MIDDLE = """Medical assistant
- Took vital signs and performed venipuncture
"""
WEAK = """Cashier
- Handled the register and stocked shelves
"""


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "b_strong.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "c_middle.txt").write_text(MIDDLE, encoding="utf-8")
    (tmp_path / "a_weak.md").write_text(WEAK, encoding="utf-8")
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "d_strong_copy.txt").write_text(STRONG, encoding="utf-8")
    (tmp_path / "notes.xyz").write_text("not a résumé format", encoding="utf-8")
    return tmp_path


def test_directories_are_walked_for_supported_files_only(folder: Path) -> None:
    files, missing = collect_files([folder])
    assert [Path(p).name for p in files] == [
        "a_weak.md",
        "b_strong.txt",
        "c_middle.txt",
        "d_strong_copy.txt",
    ]
    assert missing == []


def test_resumes_are_ranked_best_first_with_ties_broken_by_file_name(folder: Path) -> None:
    files, _ = collect_files([folder])
    rows, skipped = rank(POSTING, files, today=date(2026, 11, 1))
    names = [Path(r.file).name for r in rows]
    assert names == ["b_strong.txt", "d_strong_copy.txt", "c_middle.txt", "a_weak.md"]
    assert rows[0].score == rows[1].score > rows[2].score > rows[3].score
    assert skipped == []


def test_missing_required_items_are_listed_per_resume(folder: Path) -> None:
    files, _ = collect_files([folder / "c_middle.txt"])
    rows, _ = rank(POSTING, files)
    assert any("BLS" in item for item in rows[0].missing_required)


def test_ranking_is_identical_with_one_and_two_jobs(tmp_path: Path) -> None:
    texts = [STRONG, MIDDLE, WEAK]
    for i in range(150):  # enough files for two worker batches
        (tmp_path / f"r{i:03d}.txt").write_text(
            texts[i % 3] + f"\nReference {i}\n", encoding="utf-8"
        )
    files, _ = collect_files([tmp_path])
    one, _ = rank(POSTING, files, jobs=1, today=date(2026, 11, 1))
    two, _ = rank(POSTING, files, jobs=2, today=date(2026, 11, 1))
    assert [(r.file, r.score) for r in one] == [(r.file, r.score) for r in two]


def test_unreadable_files_are_skipped_and_reported_without_stopping(folder: Path) -> None:
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    result = CliRunner().invoke(app, ["rank", "-", str(folder)], input=POSTING)
    assert result.exit_code == 0, result.output
    assert (
        "skipped" in result.stderr
        and "empty.txt" in result.stderr
        and "broken.pdf" in result.stderr
    )
    assert "ranked 4, skipped 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_rank_fails_with_exit_2_when_nothing_could_be_ranked(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    posting = tmp_path / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    result = CliRunner().invoke(app, ["rank", str(posting), str(tmp_path / "empty.txt")])
    assert result.exit_code == 2
    assert "no résumé could be ranked" in result.stderr


def test_json_and_csv_outputs_carry_the_same_ranking(folder: Path) -> None:
    posting = folder / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    as_json = CliRunner().invoke(
        app,
        [
            "rank",
            str(posting),
            str(folder / "b_strong.txt"),
            str(folder / "a_weak.md"),
            "--format",
            "json",
        ],
    )
    as_csv = CliRunner().invoke(
        app,
        [
            "rank",
            str(posting),
            str(folder / "b_strong.txt"),
            str(folder / "a_weak.md"),
            "--format",
            "csv",
        ],
    )
    assert as_json.exit_code == as_csv.exit_code == 0
    rows = json.loads(as_json.stdout)
    assert [r["rank"] for r in rows] == [1, 2]
    assert set(rows[0]) >= {"file", "score", "band", "both_sides_covered", "missing_required"}
    table = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [r["file"] for r in table] == [r["file"] for r in rows]
    assert [int(r["score"]) for r in table] == [r["score"] for r in rows]


def test_top_limits_the_rows_shown(folder: Path) -> None:
    posting = folder / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["rank", str(posting), str(folder), "--top", "2", "--format", "json"]
    )
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_the_progress_bar_runs_no_thread_that_worker_processes_would_be_forked_with(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # forking a process while another thread holds a lock can deadlock the child, so the bar on a
    # terminal must redraw from the ranking's own callbacks, not from a refresh thread
    import threading

    from rich.console import Console

    from ma_match import cli
    from ma_match import rank as rank_module

    terminal = io.StringIO()
    monkeypatch.setattr(cli, "errors", Console(file=terminal, force_terminal=True, width=80))
    threads_at_start = []
    real_rank = rank_module.rank

    def watched_rank(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads_at_start.append(threading.active_count())
        return real_rank(*args, **kwargs)

    monkeypatch.setattr(rank_module, "rank", watched_rank)
    posting = folder / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    threads_before = threading.active_count()
    result = CliRunner().invoke(app, ["rank", str(posting), str(folder), "--format", "csv"])
    assert result.exit_code == 0
    assert threads_at_start == [threads_before]
    assert "ranking" in terminal.getvalue()  # the bar was drawn


def test_a_file_named_twice_is_ranked_once(tmp_path):
    from ma_match.rank import unique_files

    (tmp_path / "a.txt").write_text("CMA\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    names = [str(tmp_path / "a.txt"), str(tmp_path / "." / "a.txt"), str(tmp_path / "link.txt")]
    files, repeats = unique_files([*names, names[0]])
    assert files == names[:1]
    assert [r.file for r in repeats] == [*names[1:], names[0]]
    assert all(f"the same file as {names[0]}" in r.reason for r in repeats)


def _many(tmp_path: Path) -> list[str]:
    texts = [STRONG, MIDDLE, WEAK]
    for i in range(150):  # enough files for two worker batches
        (tmp_path / f"r{i:03d}.txt").write_text(
            texts[i % 3] + f"\nReference {i}\n", encoding="utf-8"
        )
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    return collect_files([tmp_path])[0]


needs_two_cpus = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2, reason="one CPU: rank runs no worker processes"
)


@needs_two_cpus
def test_spawned_workers_rank_as_forked_ones_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is missing (Windows, macOS builds) the workers are spawned and build their
    own ranker: the same rows, the same skipped files, every file reported once."""
    files = _many(tmp_path)
    one, skipped_one = rank(POSTING, files, jobs=1, today=date(2026, 11, 1))
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    seen: list[str] = []
    two, skipped_two = rank(
        POSTING, files, jobs=2, today=date(2026, 11, 1), on_done=lambda r: seen.append(r.file)
    )
    assert two == one and skipped_two == skipped_one
    assert sorted(seen) == sorted(files)


@needs_two_cpus
@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the worker inherits the error"
)
def test_an_error_in_a_worker_is_raised_to_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _many(tmp_path)

    def broken(self: Ranker, files: list[str], on_done: object = None) -> list[RankRow]:
        raise ValueError(f"cannot rank {len(files)} files")

    monkeypatch.setattr(Ranker, "rank_files", broken)  # forked workers inherit the patch
    with pytest.raises(ValueError, match="cannot rank 64 files"):
        rank(POSTING, files, jobs=2)


@needs_two_cpus
@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the worker inherits the patch"
)
def test_a_worker_that_dies_with_its_files_unread_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its pipe then reads as reset, not closed (ConnectionResetError, a traceback under load)."""
    files = _many(tmp_path)

    def dies(connection: Connection, *_: object) -> None:
        connection.poll(None)  # its files have come, and stay unread
        os._exit(3)

    monkeypatch.setattr(rank_module, "_work", dies)
    with pytest.raises(WorkerLostError, match=r"a worker process ended \(3\)"):
        rank(POSTING, files, jobs=2)
