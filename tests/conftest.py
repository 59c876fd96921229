"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ma_match.extract import Extractor, default_extractor

_CACHE_ENV = "MA_MATCH_CACHE_DIR"
_saved_cache_env: str | None = None
_session_cache: Path | None = None


def pytest_configure(config: pytest.Config) -> None:
    """Point the start-up cache at a fresh directory of this session's own before anything is
    collected (test modules load the taxonomy at import), so tests never read or write the user's
    real cache, and subprocesses of the command line inherit the same directory."""
    global _saved_cache_env, _session_cache
    _saved_cache_env = os.environ.get(_CACHE_ENV)
    _session_cache = Path(tempfile.mkdtemp(prefix="ma-match-test-cache-"))
    os.environ[_CACHE_ENV] = str(_session_cache)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _session_cache is not None:
        shutil.rmtree(_session_cache, ignore_errors=True)
    if _saved_cache_env is None:
        os.environ.pop(_CACHE_ENV, None)
    else:
        os.environ[_CACHE_ENV] = _saved_cache_env


@pytest.fixture(scope="session", autouse=True)
def isolated_cache() -> Iterator[Path]:
    """The session's cache directory (see pytest_configure), set again for the tests in case a
    module changed the environment at import."""
    assert _session_cache is not None
    os.environ[_CACHE_ENV] = str(_session_cache)
    yield _session_cache


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor over the shipped taxonomy, built once for the whole session (about a second)."""
    return default_extractor()
