"""A Dask scheduler that cannot be used fails with one InputError, in bounded time: an address of
the wrong form, a refused port, a web server (which never answers Dask's handshake), a server
that answers "HTTP/1.1 400", a scheduler with no worker, a cluster that loses its workers. And
Ctrl-C during `ma-match screen -j 2` ends it with 130 and no worker's traceback."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask is not installed (pip install 'ma-match[dask]')")

import contextlib

from ma_match import dask as on_dask
from ma_match.cli import EXIT_INTERRUPTED
from ma_match.errors import InputError

HUNG = 120  # seconds: far past every bound under test; reaching it means a hang, not slowness


def raised(call: Callable[[], object]) -> BaseException | None:
    """What `call` raises, run in a thread so that a hang fails the test instead of stalling it."""
    caught: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001  (handed back to the test)
            caught.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(HUNG)
    assert not thread.is_alive(), f"still waiting after {HUNG} s: a hang"
    return caught[0] if caught else None


def connecting(address: str, **bounds: float) -> Callable[[], None]:
    def call() -> None:
        with on_dask.connect(address, **bounds):
            pass

    return call


@pytest.mark.parametrize(
    "address",
    [
        "notanaddress",
        "http://127.0.0.1:8786",
        "https://scheduler.example:8787",
        "tcp://127.0.0.1",
        "tcp://:8786",
        "tcp://127.0.0.1:port",
        "tcp://127.0.0.1:70000",
        "tcp://127.0.0.1:8786/status",
        "nosuch://127.0.0.1:8786",
        "tcp://127.0.0.1: 8786",
        "",
    ],
)
def test_an_address_of_the_wrong_form_is_refused_before_any_connection(address: str) -> None:
    exc = raised(connecting(address))
    assert isinstance(exc, InputError)
    assert str(exc).startswith("not a Dask scheduler address"), exc
    assert on_dask.ADDRESS_FORM in str(exc)


@pytest.mark.parametrize(
    "address", ["tcp://127.0.0.1:8786", "127.0.0.1:8786", "tls://[::1]:8786", "ws://h:1"]
)
def test_an_address_distributed_accepts_passes_the_check(address: str) -> None:
    assert on_dask.check_address(address) == address


def free_port() -> int:
    """A port nothing listens on (bound, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refused_port_is_an_input_error() -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    exc = raised(connecting(address, timeout=2))
    assert isinstance(exc, InputError)
    assert str(exc).startswith(f"cannot reach the Dask scheduler at {address}: "), exc
    assert "refused" in str(exc).lower()


@pytest.fixture()
def web_server() -> Iterator[str]:
    """A web server on a free port (a scheduler's dashboard, `python -m http.server`)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SimpleHTTPRequestHandler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_web_server_is_an_input_error_not_a_hang(web_server: str) -> None:
    exc = raised(connecting(web_server, timeout=2))
    assert isinstance(exc, InputError)
    assert str(exc).startswith(f"cannot reach the Dask scheduler at {web_server}: "), exc
    assert "handshake" in str(exc)


@pytest.fixture()
def answers_400() -> Iterator[str]:
    """A server that answers any connection "HTTP/1.1 400" at once and keeps it open: Dask reads
    the first 8 bytes as a frame count and asks for exabytes."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:  # closed at teardown
                return
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            held.append(conn)

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        listener.close()
        for conn in held:
            conn.close()


def test_a_server_answering_400_is_an_input_error(answers_400: str) -> None:
    exc = raised(connecting(answers_400, timeout=2))
    assert isinstance(exc, InputError)
    assert str(exc).startswith(f"cannot reach the Dask scheduler at {answers_400}: "), exc


def test_a_scheduler_with_no_worker_says_so() -> None:
    from distributed import LocalCluster

    with LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        exc = raised(connecting(cluster.scheduler_address, worker_wait=1))
    assert isinstance(exc, InputError)
    assert "has no worker" in str(exc), exc
    assert "cannot be written" not in str(exc)


def test_a_worker_that_dies_mid_run_is_an_input_error() -> None:
    import dask

    def dies(item: int, job: object) -> int:  # sent by value: it kills the worker running it
        os._exit(1)

    def run() -> None:
        # no retry on another worker: the first death ends the task (KilledWorker), or the
        # job's only copy dies with the worker and the task is forgotten (cancelled)
        with (
            dask.config.set({"distributed.scheduler.allowed-failures": 0}),
            on_dask.connect(None, workers=1) as client,
        ):
            list(on_dask.runner(client)(dies, [1, 2], object()))  # type: ignore[arg-type]

    exc = raised(run)
    assert isinstance(exc, InputError)
    assert str(exc).startswith("the Dask cluster lost its workers during the run: "), exc


# --- Ctrl-C on the command line --------------------------------------------------------------------

# `ma-match screen -j 2` with each part held up on its worker, so the run is still going when the
# test signals. A `-c` script: its function goes to the workers by value (multiprocessing's spawn
# would run a script file again in each worker)
SLOW_SCREEN = """
import sys, time
from ma_match import screen
real = screen.score_part
def slow(part, job):
    time.sleep(60)
    return real(part, job)
screen.score_part = slow
sys.argv = ["ma-match", "screen", "posting.txt", "-r", "cvs", "-o", "top.parquet", "-j", "2"]
from ma_match.cli import run
run()
"""


def _status(pid: int, field: str) -> str:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""


def _ignores_sigint(pid: int) -> bool:
    mask = _status(pid, "SigIgn")
    return bool(mask) and bool(int(mask, 16) & (1 << (signal.SIGINT - 1)))


def _workers(pid: int) -> list[int]:
    """The Dask worker processes below `pid`: multiprocessing children started by spawn_main."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"spawn_main" in command and _status(int(entry.name), "PPid") == str(pid):
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc to see workers")
def test_ctrl_c_ends_a_local_cluster_screen_quietly(tmp_path: Path) -> None:
    (tmp_path / "posting.txt").write_text(
        "Requirements\n- CMA required\n- Vital signs and venipuncture\n", encoding="utf-8"
    )
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    for i in range(300):
        (cvs / f"r{i:03d}.txt").write_text(
            f"Medical assistant, CMA\n- Took vital signs\nReference {i}\n", encoding="utf-8"
        )
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_SCREEN],
        cwd=tmp_path,
        env={**os.environ, "MA_MATCH_CACHE_DIR": "", "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        workers: list[int] = []
        # wait, however long start-up takes, for both workers and for this process to take
        # Ctrl-C again (it ignores SIGINT while it starts them)
        while process.poll() is None and (len(workers) < 2 or _ignores_sigint(process.pid)):
            time.sleep(0.05)
            workers = _workers(process.pid)
        assert len(workers) == 2, process.communicate(timeout=HUNG)[1]
        assert all(_ignores_sigint(w) for w in workers), "workers would take Ctrl-C themselves"
        os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C: the whole group
        _, stderr = process.communicate(timeout=HUNG)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == EXIT_INTERRUPTED, stderr
    assert stderr == "", stderr  # no worker traceback, no scheduler log line
    assert not (tmp_path / "top.parquet").exists()


def test_ctrl_c_in_a_client_call_is_raised_on_leaving_it_not_inside() -> None:
    # inside, a KeyboardInterrupt could stop distributed between taking and releasing a lock
    # its event-loop thread needs; the Ctrl-C is noted and raised once the call is left
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    went_on = False
    with pytest.raises(KeyboardInterrupt), on_dask._ctrl_c_held() as asked:
        signal.raise_signal(signal.SIGINT)
        went_on = asked()
    assert went_on
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_ctrl_c_ignored_stays_ignored_in_a_client_call() -> None:
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under nohup, or `cmd &`
    try:
        with on_dask._ctrl_c_held() as asked:
            signal.raise_signal(signal.SIGINT)
            assert not asked()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)


class _NothingDone:
    """An as_completed stand-in whose parts never finish."""

    def next_batch(self, block: bool = False) -> list[object]:
        return []


def test_a_ctrl_c_swallowed_where_it_landed_still_ends_the_run() -> None:
    # raised inside a garbage collector callback (distributed registers one), a KeyboardInterrupt
    # is reported as "Exception ignored" and lost; noted, it ends the runner's next wait
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    with on_dask._ctrl_c_noted():
        with contextlib.suppress(KeyboardInterrupt):  # swallowed, as an "Exception ignored" is
            signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt), on_dask._ctrl_c_held() as asked:
            on_dask._next_done(_NothingDone(), asked)
        on_dask._raise_noted_ctrl_c()  # raised once, not again
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_noted_ctrl_c_is_raised_at_the_runners_next_step() -> None:
    with on_dask._ctrl_c_noted():
        with contextlib.suppress(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        with pytest.raises(KeyboardInterrupt):
            on_dask._raise_noted_ctrl_c()
