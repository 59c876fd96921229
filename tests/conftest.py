"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

from ma_match.extract import Extractor, default_extractor


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor over the shipped taxonomy, built once for the whole session (about a second)."""
    return default_extractor()
