"""Screening on a Dask cluster: the same parts and tasks as ma_match.screen, spread over workers.

    pip install '.[dask]'   (in the project folder)

A local cluster of worker processes is started when no scheduler address is given; with one,
e.g. "tcp://10.0.0.5:8786", the run uses that cluster (`dask scheduler` on one machine,
`dask worker tcp://10.0.0.5:8786 --nthreads 1` on each of the others). Every worker needs
ma-match installed, the résumé files or tables at the same paths (a shared or mounted file
system, or object storage mounted as one), and a custom taxonomy at the same path too.

Each worker builds its extractor once, from the taxonomy's path, on its first part (per thread:
spaCy pipelines are not shared between threads); the job (posting texts, K, columns) is sent to
every worker once. Parts come back in any order and merge into the same top K.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .errors import InputError
from .screen import Job, Runner

CONNECT_SECONDS = 10.0  # reaching the scheduler, handshake included
WORKER_WAIT_SECONDS = 20.0  # for a first worker to join a scheduler that has none
ADDRESS_FORM = "tcp://host:8786"
POLL_SECONDS = 0.1  # how often a wait for the next finished part looks for a Ctrl-C
# Ctrl-Cs that came while a client was open (_ctrl_c_noted), even one whose KeyboardInterrupt
# was swallowed where it landed (in a garbage collector callback of distributed's, which Python
# reports as "Exception ignored" and goes on): the runner raises it at its next step
_CTRL_C_SEEN: list[int] = []


def available() -> bool:
    """Whether dask.distributed is installed (the `dask` extra)."""
    return importlib.util.find_spec("distributed") is not None


def _need_dask() -> None:
    if not available():
        raise InputError(
            "Dask is not installed: install ma-match's dask extra (pip install '.[dask]' in its folder)"
        )


def check_address(scheduler: str) -> str:
    """`scheduler` when it has the form of a Dask scheduler's address: a scheme distributed
    knows (tcp, tls, ucx, ws, ...; none means tcp), a host and a port ("tcp://host:8786"), or an
    inproc address. Raises InputError naming the expected form otherwise, or without Dask."""
    _need_dask()
    from distributed.comm.addressing import parse_address, parse_host_port
    from distributed.comm.registry import get_backend

    def bad(why: str) -> InputError:
        return InputError(
            f"not a Dask scheduler address: {scheduler!r} ({why}; expected {ADDRESS_FORM})"
        )

    if not scheduler or scheduler != scheduler.strip() or any(c.isspace() for c in scheduler):
        raise bad("empty or with spaces")
    scheme, location = parse_address(scheduler)
    if scheme in ("http", "https"):
        raise bad("a web address: give the scheduler's own port, not its dashboard's")
    try:
        get_backend(scheme)
    except ValueError:
        raise bad(f"unknown scheme {scheme!r}") from None
    if scheme == "inproc":  # inproc://ip/pid/n names a scheduler in this process: no port
        if not location:
            raise bad("no location")
        return scheduler
    try:
        host, port = parse_host_port(location)
    except ValueError:
        raise bad("it needs a host and a port number") from None
    if not host or not 0 < port < 65536:
        raise bad("it needs a host and a port number from 1 to 65535")
    return scheduler


def _handshake(scheduler: str, seconds: float, connection_args: dict[str, Any]) -> None:
    """Open a comm to `scheduler` and complete Dask's handshake within `seconds`, in a thread of
    its own (the caller may be inside an event loop). distributed bounds the TCP connect but not
    the handshake: a web server never answers it, so Client() would wait forever."""
    from distributed.comm import connect as open_comm

    async def once() -> None:
        # twice distributed's own bound: its retries against a refused port run to `seconds`,
        # and on a busy machine a tighter outer bound fired first, calling a refused port silent
        comm = await asyncio.wait_for(
            open_comm(scheduler, timeout=seconds, **connection_args), 2 * seconds
        )
        await comm.close()

    failure: list[BaseException] = []

    def attempt() -> None:
        try:
            asyncio.run(once())
        except BaseException as exc:  # noqa: BLE001  (handed to the caller's thread)
            failure.append(exc)

    thread = threading.Thread(target=attempt, name="ma-match-dask-handshake", daemon=True)
    thread.start()
    thread.join(2 * seconds + 5)  # wait_for ends it before; this guards against a stuck loop
    if thread.is_alive():
        raise TimeoutError(f"no Dask handshake after {seconds:g} s")
    if failure:
        raise failure[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _unreachable(scheduler: str, exc: BaseException, seconds: float) -> InputError:
    """The one line for a scheduler that could not be reached: a refused or closed connection
    says so, silence names the likely mix-up, and anything else is a peer that is not Dask."""
    if isinstance(exc, OSError) and not isinstance(exc, TimeoutError):
        # distributed retries until its timeout and wraps the socket's error twice: name the
        # socket's ("Connection refused", "Name or service not known"); on a busy machine its
        # last try may have timed out instead, so a plain connect asks the socket once more
        reason, seen, named = _first_line(exc), exc, False
        while seen.__cause__ is not None or seen.__context__ is not None:
            seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
            if isinstance(seen, OSError) and seen.strerror:
                reason, named = f"{seen.strerror} (for {seconds:g} s)", True
        socket_error = None if named else _socket_error(scheduler)
        if socket_error:
            reason = f"{socket_error} (for {seconds:g} s)"
    elif isinstance(exc, TimeoutError):
        reason = (
            f"no Dask handshake within {2 * seconds:g} s; is it the scheduler's port (8786), "
            "not a web server's (its dashboard is 8787)?"
        )
    else:  # a frame length read from "HTTP/1.1 400" asks for exabytes: MemoryError
        reason = f"it answered, but not as a Dask scheduler ({type(exc).__name__})"
    return InputError(f"cannot reach the Dask scheduler at {scheduler}: {reason}")


def _socket_error(scheduler: str) -> str | None:
    """What a plain TCP connect to the scheduler's host and port says when it fails at once
    ("Connection refused"), or None (it connects, it is not TCP, or it does not answer within a
    second)."""
    from distributed.comm.addressing import parse_address, parse_host_port

    scheme, location = parse_address(scheduler)
    if scheme != "tcp":
        return None
    try:
        host, port = parse_host_port(location)
        with socket.create_connection((host, int(port)), timeout=1):
            return None
    except TimeoutError:
        return None
    except OSError as exc:
        return exc.strerror or None
    except ValueError:
        return None


def _lost(exc: BaseException) -> InputError:
    reason = _first_line(exc)
    if getattr(exc, "reason", None):  # FutureCancelledError's own text leads with a task key
        reason = f"a task was cancelled ({exc.reason})"  # type: ignore[attr-defined]
    elif type(exc).__name__ == "KilledWorker":  # its text runs to a paragraph
        reason = f"every worker that ran one task died ({exc.allowed_failures + 1} tried)"  # type: ignore[attr-defined]
    return InputError(f"the Dask cluster lost its workers during the run: {reason}")


def runner(client: Any) -> Runner:
    """A Runner (ma_match.screen) that sends each item to the cluster as a task and yields the
    results as they finish, releasing each one as it is taken (the client holds no backlog).
    The Runner raises InputError when the cluster loses its workers (or the scheduler) on the
    way: a task cancelled or forgotten, a worker killed, a comm closed; a task's own error
    comes through as it is."""

    from concurrent.futures import CancelledError as FutureCancelled

    from distributed import as_completed
    from distributed.comm.core import CommClosedError
    from distributed.scheduler import KilledWorker

    # FutureCancelledError ("already forgotten": the job's scattered copy died with the last
    # worker) is a concurrent.futures CancelledError; asyncio's shows when the client closes
    lost = (FutureCancelled, asyncio.CancelledError, KilledWorker, CommClosedError)

    def run(function: Callable[..., Any], items: Sequence[Any], job: Job) -> Iterator[Any]:
        if not items:
            return
        # every call into the client runs with Ctrl-C held (_ctrl_c_held), never across a yield
        with _ctrl_c_held():
            try:
                shared = client.scatter(job, broadcast=True, hash=False)
            except (*lost, TimeoutError) as exc:  # TimeoutError: "No valid workers found"
                raise _lost(exc) from None
            futures = client.map(function, items, job=shared, pure=False)
        try:
            with _ctrl_c_held():
                pending = as_completed(futures)
            taken = 0
            while taken < len(futures):
                _raise_noted_ctrl_c()
                with _ctrl_c_held() as asked:
                    batch = _next_done(pending, asked)
                for future in batch:
                    with _ctrl_c_held():
                        try:
                            result = future.result()
                        except lost as exc:
                            raise _lost(exc) from None
                        future.release()
                    taken += 1
                    yield result
        finally:
            with _ctrl_c_held():
                client.cancel(futures)

    return run


def _next_done(pending: Any, asked: Callable[[], bool]) -> list[Any]:
    """The futures of the as_completed `pending` that have finished since the last call, at
    least one: waited for a short sleep at a time, so that a Ctrl-C held meanwhile (`asked`)
    ends the wait (as_completed's own wait ends only when a future does). Raises
    KeyboardInterrupt when one is asked for."""
    while not asked():
        batch: list[Any] = pending.next_batch(block=False)
        if batch:
            return batch
        time.sleep(POLL_SECONDS)
    _CTRL_C_SEEN.clear()
    raise KeyboardInterrupt


def _raise_noted_ctrl_c() -> None:
    """Raise KeyboardInterrupt for a Ctrl-C noted since the last step (once)."""
    if _CTRL_C_SEEN:
        _CTRL_C_SEEN.clear()
        raise KeyboardInterrupt


def _note_and_interrupt(signum: int, frame: Any) -> None:
    """SIGINT while a client is open: noted, then raised as the default handler raises it."""
    _CTRL_C_SEEN.append(signum)
    raise KeyboardInterrupt


@contextmanager
def _ctrl_c_noted() -> Iterator[None]:
    """While inside, every Ctrl-C is also noted (`_CTRL_C_SEEN`), so that one raised inside code
    that swallows exceptions still ends the run at the runner's next step. Only the default
    handler is replaced, and only in the main thread."""
    main = threading.current_thread() is threading.main_thread()
    if not main or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    _CTRL_C_SEEN.clear()
    signal.signal(signal.SIGINT, _note_and_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        _CTRL_C_SEEN.clear()


@contextmanager
def _ctrl_c_held() -> Iterator[Callable[[], bool]]:
    """While inside, Ctrl-C (SIGINT) only takes note; on leaving, a Ctrl-C that came is raised
    as KeyboardInterrupt, here, in this code. Yields whether one came, for waits to end early.

    Why: raised where the signal lands, KeyboardInterrupt can stop distributed's client code
    between taking and releasing a lock its event-loop thread also takes (threading.Condition's
    __enter__ and __exit__ are Python code, as_completed and queue.Queue use them); that thread
    then blocks for good, and cancelling the tasks and closing the client wait on it for ever:
    the run no longer ends. Only the default handler is replaced (SIGINT ignored stays ignored,
    someone else's handler stays theirs), and only in the main thread, the one Python runs
    signal handlers in."""
    came: list[int] = []
    main = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGINT) if main else None
    if previous is not signal.default_int_handler and previous is not _note_and_interrupt:
        yield lambda: False
        return
    signal.signal(signal.SIGINT, lambda signum, frame: came.append(signum))
    try:
        # a Ctrl-C noted before (and swallowed where it landed) ends a wait too
        yield lambda: bool(came) or bool(_CTRL_C_SEEN)
    except BaseException:
        if came:  # Ctrl-C wins over what the wait ended with: the run was asked to stop
            signal.signal(signal.SIGINT, previous)
            raise KeyboardInterrupt from None
        raise
    finally:
        signal.signal(signal.SIGINT, previous)
    if came:
        raise KeyboardInterrupt


@contextmanager
def connect(
    scheduler: str | None = None,
    workers: int = 2,
    *,
    timeout: float = CONNECT_SECONDS,
    worker_wait: float = WORKER_WAIT_SECONDS,
) -> Iterator[Any]:
    """A Client of the cluster at `scheduler`, or of a local cluster of `workers` processes with
    one thread each (started here, closed on leaving). While it is open, distributed's own log
    lines stay off stderr: a failure comes back as one InputError, not as pages of reconnects.

    Raises InputError without Dask, for an address not of the form "tcp://host:8786", when the
    scheduler cannot be reached and answer Dask's handshake within `timeout` seconds (a refused
    port, a web server, anything else), and when it has no worker after `worker_wait` seconds."""
    _need_dask()
    import dask
    from distributed import Client

    if scheduler is None:
        with _quiet_logs(), _local_cluster(workers) as cluster:
            client = None
            try:
                with _ctrl_c_held():  # a Ctrl-C while the client starts ends the run once it is up
                    client = Client(cluster)
                with _ctrl_c_noted():
                    yield client
            finally:
                if client is not None:
                    client.close()
        return
    check_address(scheduler)
    with (
        _quiet_logs(),
        dask.config.set({"distributed.comm.timeouts.connect": f"{timeout}s"}),
    ):
        try:
            from distributed.security import Security

            _handshake(scheduler, timeout, Security().get_connection_args("client"))
            client = Client(scheduler, timeout=f"{timeout}s")
        except Exception as exc:  # noqa: BLE001  (a non-Dask peer raises anything: a web server's "HTTP/1.1 400" read as a frame length asks for exabytes)
            raise _unreachable(scheduler, exc, timeout) from None
        with client:
            try:
                client.wait_for_workers(1, timeout=worker_wait)
            except (TimeoutError, OSError):
                raise InputError(
                    f"the Dask cluster at {scheduler} has no worker: none joined within "
                    f"{worker_wait:g} s (start one: dask worker {scheduler})"
                ) from None
            with _ctrl_c_noted():
                yield client


@contextmanager
def _quiet_logs() -> Iterator[None]:
    """distributed's stderr handlers raised to CRITICAL, and asyncio's logger too, then put back
    (LocalCluster's silence_logs does the first for its own lifetime only; the client's
    reconnect errors need it as well). asyncio's: a Ctrl-C during the job's scatter leaves the
    scheduler a task failed on a worker already gone, reported as "Task exception was never
    retrieved" when the task is collected."""
    handlers = [
        h for h in logging.getLogger("distributed").handlers if isinstance(h, logging.StreamHandler)
    ]
    levels = [h.level for h in handlers]
    loop_logger = logging.getLogger("asyncio")
    loop_level = loop_logger.level
    for handler in handlers:
        handler.setLevel(logging.CRITICAL)
    loop_logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        gc.collect()  # such a task is reported now, while its report is muted
        loop_logger.setLevel(loop_level)
        for handler, level in zip(handlers, levels):
            handler.setLevel(level)


@contextmanager
def _local_cluster(workers: int) -> Iterator[Any]:
    """A LocalCluster whose worker processes ignore SIGINT, and whose logs stay quiet.

    A terminal's Ctrl-C reaches the whole foreground process group: each worker would die with
    a KeyboardInterrupt traceback and the scheduler log errors. A child started while SIGINT is
    ignored keeps it ignored (CPython installs its handler only when SIGINT is at its default),
    so only this process sees Ctrl-C, and closing the cluster on the way out ends the workers."""
    from distributed import LocalCluster

    # signal.signal works in the main thread only; elsewhere no Ctrl-C arrives anyway
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # no dashboard, but the scheduler still serves /health: on 8787 and every interface
            # by default, with a warning on stderr when another cluster holds that port
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            silence_logs=logging.CRITICAL,
        )
    finally:
        if main:
            signal.signal(
                signal.SIGINT, previous if previous is not None else signal.default_int_handler
            )
    with cluster:
        yield cluster


__all__ = ["ADDRESS_FORM", "available", "check_address", "connect", "runner"]
