"""Screening on a Dask cluster: the same parts and tasks as ma_match.screen, spread over workers.

    pip install 'ma-match[dask]'

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

import importlib.util
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .errors import InputError
from .screen import Job, Runner


def available() -> bool:
    """Whether dask.distributed is installed (the `dask` extra)."""
    return importlib.util.find_spec("distributed") is not None


def _need_dask() -> None:
    if not available():
        raise InputError("Dask is not installed: pip install 'ma-match[dask]'")


def runner(client: Any) -> Runner:
    """A Runner (ma_match.screen) that sends each item to the cluster as a task and yields the
    results as they finish, releasing each one as it is taken (the client holds no backlog)."""

    from distributed import as_completed

    def run(function: Callable[..., Any], items: Sequence[Any], job: Job) -> Iterator[Any]:
        if not items:
            return
        shared = client.scatter(job, broadcast=True, hash=False)
        futures = client.map(function, items, job=shared, pure=False)
        try:
            for future in as_completed(futures):
                result = future.result()
                future.release()
                yield result
        finally:
            client.cancel(futures)

    return run


@contextmanager
def connect(scheduler: str | None = None, workers: int = 2) -> Iterator[Any]:
    """A Client of the cluster at `scheduler`, or of a local cluster of `workers` processes with
    one thread each (started here, closed on leaving). Raises InputError without Dask or when
    the scheduler cannot be reached."""
    _need_dask()
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


__all__ = ["available", "connect", "runner"]
