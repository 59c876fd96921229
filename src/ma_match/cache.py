"""A small on-disk cache of what start-up derives from the taxonomy alone: the validated taxonomy
(so the YAML is not re-parsed and re-validated) and the tokens of its pattern terms (so thousands of
terms are not re-tokenized). Measured on the shipped taxonomy: about 95 ms and 60 ms a start.

The cache holds plain data only: JSON, never pickle, so an entry planted by someone else can at
worst be wrong, never run code; and every entry is checked against its kind's schema on load, so
a wrong one is rebuilt, not used. An entry is used only when it is

- keyed by what it was built from: the source text, this package's version and a hash of the
  package's own source files (a code change under the same version misses);
- a regular file owned by the user running ma-match (checked with lstat before it is opened, and
  again on the open descriptor; a FIFO, a device or a link is never opened);
- at most `MAX_ENTRY_BYTES` long, valid JSON, of the expected kind and key, and of its schema.

Anything else is ignored and the value rebuilt. Entries are written atomically (a temporary file in
the same directory, then os.replace; the temporary file is removed if anything fails), and hold only
taxonomy data: never any résumé or posting text. The directory is created 0700.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

SCHEMA = "4"
"""The shape of an entry's envelope and values; bump when a cached value's shape changes."""

MAX_ENTRY_BYTES = 32 * 1024 * 1024
"""Largest entry read: the shipped taxonomy's entry is about 0.5 MB; a bigger file is not ours."""

ENV_VAR = "MA_MATCH_CACHE_DIR"
_APP = "ma-match"


class SchemaError(ValueError):
    """A cache entry whose content is not of its kind's shape: it is ignored and rebuilt."""


def cache_dir() -> Path | None:
    """$MA_MATCH_CACHE_DIR when set (an empty value disables caching: None), else the platform's
    user cache directory for ma-match (platformdirs: ~/.cache/ma-match on Linux, honouring
    XDG_CACHE_HOME)."""
    override = os.environ.get(ENV_VAR)
    if override is not None:
        return Path(override) if override else None
    import platformdirs

    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of this package's own Python source files (names and bytes), so an entry built by
    other code, even under the same version number, is never read. About a millisecond."""
    return source_digest(Path(__file__).resolve().parent)


def source_digest(package: Path) -> str:
    """sha256 (hex) over the names and bytes of the *.py files directly in `package`, in name order."""
    digest = hashlib.sha256()
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:  # unreadable source: a key no other code shares
            digest.update(os.urandom(16))
        digest.update(b"\0")
    return digest.hexdigest()


def entry_key(text: str, kind: str) -> str:
    """The key of the entry built from `text` for `kind`: schema, package version, code hash, text."""
    from . import __version__

    material = "\0".join((SCHEMA, kind, __version__, code_digest(), text))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()[:40]


# --- codecs: how each kind of value becomes JSON and is checked back ------------------------------

Encode = Callable[[Any], Any]
Decode = Callable[[Any], Any]


def _encode_tokens(value: dict[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {key: list(tokens) for key, tokens in value.items()}


def _decode_tokens(value: Any) -> dict[str, tuple[str, ...]]:
    """Pattern tokens: a mapping of each pattern string to the strings of its tokens."""
    if not isinstance(value, dict):
        raise SchemaError("pattern tokens: not a mapping")
    result: dict[str, tuple[str, ...]] = {}
    for key, tokens in value.items():
        if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens):
            raise SchemaError(f"pattern tokens: {key!r} is not a list of strings")
        result[key] = tuple(tokens)
    return result


# kinds whose codec the cache knows itself; others pass theirs to cached()
_CODECS: dict[str, tuple[Encode, Decode]] = {"patterns": (_encode_tokens, _decode_tokens)}


def cached(
    text: str,
    build: Callable[[], T],
    kind: str = "taxonomy",
    encode: Encode | None = None,
    decode: Decode | None = None,
) -> T:
    """The value `build()` makes from `text`, from the cache when this exact text was seen before
    by this exact code.

    `encode` turns the value into JSON-able data and `decode` turns that data back into the value,
    raising (SchemaError, ValueError, TypeError, KeyError) when it is not of the value's shape; a
    kind registered in this module ("patterns") needs neither. A value is stored only when it
    survives the round trip unchanged (decode(encode(value)) == value), so the cache can never
    change what a start sees. Any failure to read or write the cache is silent: the value is
    built."""
    directory = cache_dir()
    codec = (encode, decode) if encode is not None and decode is not None else _CODECS.get(kind)
    if directory is None or codec is None:
        return build()
    to_plain, from_plain = codec
    key = entry_key(text, kind)
    path = directory / f"{kind}-{key}.json"
    found = _read_entry(path, kind, key, from_plain)
    if found is not None:
        return found[0]
    value = build()
    _write_entry(directory, path, kind, key, value, to_plain, from_plain)
    return value


def _read_entry(path: Path, kind: str, key: str, from_plain: Decode) -> tuple[Any] | None:
    """The decoded value of a trustworthy entry at `path` (in a 1-tuple), else None."""
    try:
        raw = _read_own_regular_file(path)
        if raw is None:
            return None
        envelope = json.loads(raw)
        if not (
            isinstance(envelope, dict)
            and envelope.get("schema") == SCHEMA
            and envelope.get("kind") == kind
            and envelope.get("key") == key
            and "value" in envelope
        ):
            return None
        return (from_plain(envelope["value"]),)
    except Exception:  # noqa: BLE001 - a missing, foreign or malformed entry only means: build it
        return None


def _is_own_regular(info: os.stat_result) -> bool:
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
        return False
    getuid = getattr(os, "getuid", None)  # Windows has no owner ids; its cache dir is per user
    return getuid is None or info.st_uid == getuid()


def _read_own_regular_file(path: Path) -> bytes | None:
    """The bytes of `path` when it is a regular file owned by this user and not too large; None
    otherwise. lstat first, so a FIFO, device or symbolic link is never opened; then opened
    non-blocking and without following links, and checked again on the descriptor (the same file,
    still regular and ours), so a swap between the two checks is caught too."""
    try:
        before = os.lstat(path)
    except OSError:
        return None
    if not _is_own_regular(before):
        return None
    flags = (
        os.O_RDONLY
        | getattr(os, "O_NOFOLLOW", 0)
        | getattr(os, "O_NONBLOCK", 0)
        | getattr(os, "O_BINARY", 0)
    )
    fd = os.open(path, flags)
    try:
        after = os.fstat(fd)
        if not _is_own_regular(after) or (after.st_dev, after.st_ino) != (
            before.st_dev,
            before.st_ino,
        ):
            return None
        chunks, size = [], 0
        while size <= MAX_ENTRY_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > MAX_ENTRY_BYTES else b"".join(chunks)
    finally:
        os.close(fd)


def _write_entry(
    directory: Path,
    path: Path,
    kind: str,
    key: str,
    value: Any,
    to_plain: Encode,
    from_plain: Decode,
) -> None:
    """Store `value` at `path` atomically, when it survives the JSON round trip unchanged."""
    tmp: str | None = None
    try:
        plain = to_plain(value)
        data = json.dumps(
            {"schema": SCHEMA, "kind": kind, "key": key, "value": plain},
            ensure_ascii=False,
            separators=(",", ":"),
            allow_nan=False,
        ).encode("utf-8")
        if len(data) > MAX_ENTRY_BYTES or from_plain(json.loads(data)["value"]) != value:
            return
        _make_private_dir(directory)
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{kind}-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
        tmp = None
    except Exception:  # noqa: BLE001 - an unwritable cache is no reason to fail
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _make_private_dir(directory: Path) -> None:
    """Create the cache directory readable by its owner alone (0700); an existing one is left as
    it is (it may be one the user chose to share, through MA_MATCH_CACHE_DIR)."""
    if directory.is_dir():
        return
    directory.parent.mkdir(parents=True, exist_ok=True)
    try:
        directory.mkdir(mode=0o700)
    except FileExistsError:
        return
    os.chmod(directory, 0o700)  # mkdir's mode is masked by the umask
