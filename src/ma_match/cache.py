"""A small on-disk cache of what start-up derives from the taxonomy alone: the validated taxonomy
(so the YAML is not re-parsed) and the tokens of its pattern terms (so thousands of terms are not
re-tokenized).

Entries live in the user's cache directory, keyed by a hash of what they were built from and this
package's version, and hold only taxonomy data: never any résumé or posting text. Any failure to
read or write the cache is silent; the caller then simply builds the value.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_VERSION = "3"  # bump when a cached value's shape changes (a new taxonomy field)


def cache_dir() -> Path | None:
    """$MA_MATCH_CACHE_DIR, else the platform's user cache directory; None disables caching."""
    override = os.environ.get("MA_MATCH_CACHE_DIR")
    if override is not None:
        return Path(override) if override else None
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "ma-match"


def cached(text: str, build: Callable[[], T], kind: str = "taxonomy") -> T:
    """The value `build()` makes from `text`, from the cache when this exact text was seen before."""
    from . import __version__

    directory = cache_dir()
    if directory is None:
        return build()
    key = hashlib.sha256(f"{_VERSION}|{__version__}|{sys.version_info[:2]}|{text}".encode()).hexdigest()[:32]
    path = directory / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own file, keyed by content hash
    except Exception:  # noqa: BLE001 - a missing or stale entry only means: build it
        pass
    value = build()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=directory, delete=False) as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except Exception:  # noqa: BLE001 - an unwritable cache is no reason to fail
        pass
    return value
