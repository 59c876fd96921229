"""Fixtures shared by the test modules."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from ma_match.extract import Extractor, default_extractor

_CACHE_ENV = "MA_MATCH_CACHE_DIR"

# The fuzz tests (tests/test_fuzz.py) run under this profile.  In CI it is small and derandomized
# (the same examples every run, no example database), so the suite stays deterministic and the
# fuzz file adds seconds, not minutes; MA_MATCH_FUZZ_EXAMPLES=5000 fuzzes longer on new random
# examples, keeping any failure found in .hypothesis/ to be replayed first next time.
_FUZZ_EXAMPLES = os.environ.get("MA_MATCH_FUZZ_EXAMPLES", "").strip()
settings.register_profile(
    "fuzz",
    settings(
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        print_blob=True,
    ),
    **(
        {"max_examples": int(_FUZZ_EXAMPLES)}
        if _FUZZ_EXAMPLES
        else {"max_examples": 150, "derandomize": True, "database": None}
    ),
)
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
