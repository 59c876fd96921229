"""Clean exits: usage errors are one line, a closed pipe and Ctrl-C/SIGTERM end quietly with their
own codes, and `rank --jobs N` leaves no worker behind and prints no worker traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ma_match.cli import EXIT_BROKEN_PIPE, EXIT_INTERRUPTED, EXIT_TERMINATED

POSTING = "Requirements\n- Vital signs and venipuncture required\n- CMA required\n"
RESUME = "Medical assistant, CMA\n- Took vital signs\n"
ENV = {**os.environ, "MA_MATCH_CACHE_DIR": "", "PYTHONIOENCODING": "utf-8"}


def ma_match(*args: str, **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """The real program (`python -m ma_match`), as a shell runs it."""
    return subprocess.run(
        [sys.executable, "-m", "ma_match", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        **kwargs,
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "posting.txt").write_text(POSTING, encoding="utf-8")
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for i in range(200):  # enough for two workers' batches
        (cvs / f"r{i:03d}.txt").write_text(RESUME + f"Reference {i}\n", encoding="utf-8")
    return tmp_path


def test_no_arguments_prints_a_useful_usage_line() -> None:
    done = ma_match()
    assert done.returncode == 2 and done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and "RESUME POSTING" in lines[0] and "rank" in lines[0]


@pytest.mark.parametrize(
    "args",
    [
        ["taxonomy"],
        ["rank"],
        ["x.txt", "y.txt", "--min-score", "101"],
        ["x.txt", "y.txt", "--min-score", "-1"],
        ["rank", "p.txt", "c", "--jobs", "0"],
        ["x.txt", "y.txt", "--format", "pdf"],
        ["extract", "x.txt"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args: list[str]) -> None:
    done = ma_match(*args)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert (
        len(lines) == 1
        and lines[0].startswith("ma-match: ")
        and lines[0] != "ma-match:  (see ma-match --help)"
    )
    assert "Traceback" not in done.stderr


def test_min_score_is_bounded_to_0_100(tmp_path: Path) -> None:
    done = ma_match("x.txt", "y.txt", "--min-score", "1000")
    assert done.returncode == 2 and "--min-score" in done.stderr


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_closed_pipe_ends_quietly_with_its_own_code(folder: Path, fmt: str) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a line is written, as after `| head -1`
    try:
        done = subprocess.run(
            [sys.executable, "-m", "ma_match", "rank", "posting.txt", "cvs", "-f", fmt],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            cwd=folder,
            timeout=120,
        )
    finally:
        os.close(write)
    assert done.returncode == EXIT_BROKEN_PIPE == 141  # not 1, which means "below --min-score"
    assert done.stderr == ""


@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_reader_gone_mid_output_gives_141_not_a_silent_cut(
    tmp_path: Path, unbuffered: str
) -> None:
    """`| head -c 100` on output larger than a pipe holds: the run must not end 0 with part of its
    result dropped (unbuffered Python dropped the rest of a partial write without an error)."""
    asked = "\n".join(
        f"- {item} required" for item in ("CMA", "BLS", "Epic", "EKG", "Venipuncture")
    )
    (tmp_path / "posting.txt").write_text(f"Requirements\n{asked}\n", encoding="utf-8")
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for i in range(600):  # JSON well over the 64 KB a pipe holds
        (cvs / f"r{i:03d}.txt").write_text(RESUME + f"Reference {i}\n", encoding="utf-8")
    env = {**ENV, "PYTHONUNBUFFERED": unbuffered}
    process = subprocess.Popen(
        [sys.executable, "-m", "ma_match", "rank", "posting.txt", "cvs", "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(100)  # the first bytes, then the reader goes, as head's does
    process.stdout.close()
    try:
        process.wait(timeout=120)
    finally:
        process.kill()
    assert process.returncode == EXIT_BROKEN_PIPE
    assert b"Traceback" not in process.stderr.read()


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


# The ranker waits inside each worker, so the signal always arrives while the pool is working.
SLOW_RANK = """
import sys, time
from ma_match import rank
real = rank.Ranker.rank_files
def slow(self, files, on_done=None):
    time.sleep(60)
    return real(self, files, on_done)
rank.Ranker.rank_files = slow
sys.argv = ["ma-match", "rank", "posting.txt", "cvs", "--jobs", "2", "-f", "csv"]
from ma_match.cli import run
run()
"""


@pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes"
)
@pytest.mark.parametrize(
    ("signum", "to_group", "code"),
    [
        (signal.SIGINT, True, EXIT_INTERRUPTED),
        (signal.SIGTERM, False, EXIT_TERMINATED),
        (signal.SIGTERM, True, EXIT_TERMINATED),
    ],
)
def test_ctrl_c_and_sigterm_end_rank_jobs_cleanly(
    folder: Path, signum: int, to_group: bool, code: int
) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: rank runs no worker processes")
    process = _start(folder, SLOW_RANK)
    try:
        workers: list[int] = []
        while (
            len(workers) < 2 and process.poll() is None
        ):  # wait for the pool, however long start-up takes
            time.sleep(0.05)
            workers = _children(process.pid)
        assert len(workers) == 2, process.communicate()[1]
        if to_group:  # Ctrl-C on a terminal reaches every process of the foreground group
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == code
    assert "Traceback" not in stderr and "PoolWorker" not in stderr, stderr
    for worker in workers:  # the pool was torn down: no worker is left running
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            continue
        status = (
            Path(f"/proc/{worker}/status").read_text()
            if Path(f"/proc/{worker}/status").exists()
            else ""
        )
        assert "State:\tZ" in status or not status, f"worker {worker} still running"


# The parent waits before it hands out the first files (and says so in a file): the workers are
# started and wait for files. A Pool's waiting worker held the pool's task-queue lock; killed by
# the group's SIGTERM, it kept it for ever, and the parent's teardown waited for it for ever.
LATE_START = """
import os, sys, time
from pathlib import Path
from ma_match import rank
parent = os.getpid()
real = rank._batches
def late(items, size):
    if os.getpid() == parent:
        Path("handing-out").write_text("")
        time.sleep(60)
    return real(items, size)
rank._batches = late
sys.argv = ["ma-match", "rank", "posting.txt", "cvs", "--jobs", "2", "-f", "csv"]
from ma_match.cli import run
run()
"""


def _start(folder: Path, script: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=folder,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _assert_gone(workers: list[int]) -> None:
    for worker in workers:
        status = Path(f"/proc/{worker}/status")
        text = status.read_text() if status.exists() else ""
        assert "State:\tZ" in text or not text, f"worker {worker} still running"


@pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes"
)
def test_sigterm_to_the_group_while_workers_wait_for_files_ends_cleanly(folder: Path) -> None:
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: rank runs no worker processes")
    process = _start(folder, LATE_START)
    try:
        workers: list[int] = []
        while (len(workers) < 2 or not (folder / "handing-out").exists()) and (
            process.poll() is None
        ):
            time.sleep(0.05)
            workers = _children(process.pid)
        assert len(workers) == 2, process.communicate()[1]
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == EXIT_TERMINATED
    assert "Traceback" not in stderr and "PoolWorker" not in stderr, stderr
    _assert_gone(workers)


@pytest.mark.skipif(
    not Path("/proc/self/task").exists(), reason="needs /proc to see the worker processes"
)
def test_a_worker_killed_from_outside_is_an_error_not_a_hang(folder: Path) -> None:
    """Killed from outside (the out-of-memory killer, a stray kill -9). A Pool started a new
    worker in the dead one's place and waited for ever for the files the
    dead one held; the run now ends with one line and exit 2, and the other worker is stopped."""
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one CPU: rank runs no worker processes")
    process = _start(folder, SLOW_RANK)  # a worker is killed as it ranks
    try:
        workers: list[int] = []
        while len(workers) < 2 and process.poll() is None:
            time.sleep(0.05)
            workers = _children(process.pid)
        assert len(workers) == 2, process.communicate()[1]
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and "worker process was killed by signal 9" in lines[0], stderr
    _assert_gone(workers)
