"""The start-up cache: plain JSON only, keyed by text, version and code, and never trusting a file
it did not write (issue 13: a planted pickle ran its code, a FIFO hung every run)."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

from ma_match import cache
from ma_match.taxonomy import Taxonomy, load_taxonomy

TOKENS = {"vital signs": ("vital", "signs"), "b/p": ("b", "/", "p")}


class Builds:
    """A build function that counts its calls."""

    def __init__(self, value: object = TOKENS):
        self.value, self.calls = value, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.fixture
def cache_at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("MA_MATCH_CACHE_DIR", str(directory))
    return directory


def _entry(directory: Path, kind: str = "patterns", text: str = "t") -> Path:
    return directory / f"{kind}-{cache.entry_key(text, kind)}.json"


def test_a_value_is_built_once_then_read_back(cache_at: Path) -> None:
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1
    entry = _entry(cache_at)
    assert json.loads(entry.read_text(encoding="utf-8"))["kind"] == "patterns"
    assert stat.S_IMODE(cache_at.stat().st_mode) == 0o700
    assert stat.S_IMODE(entry.stat().st_mode) & 0o077 == 0


def test_an_empty_variable_disables_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MA_MATCH_CACHE_DIR", "")
    build = Builds()
    cache.cached("t", build, kind="patterns")
    cache.cached("t", build, kind="patterns")
    assert cache.cache_dir() is None and build.calls == 2


def test_without_the_variable_the_user_cache_dir_of_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import platformdirs

    monkeypatch.delenv("MA_MATCH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == Path(platformdirs.user_cache_dir("ma-match", appauthor=False))


def test_a_planted_pickle_is_never_unpickled(cache_at: Path, tmp_path: Path) -> None:
    """A pickle whose loading would create a file, planted at every name the cache could read."""
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (Path.touch, (marker,))

    cache_at.mkdir()
    planted = pickle.dumps(Payload())
    for name in (_entry(cache_at).name, _entry(cache_at).with_suffix(".pickle").name):
        (cache_at / name).write_bytes(planted)
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1 and not marker.exists()
    assert "pickle" not in Path(cache.__file__).read_text(encoding="utf-8").replace(
        "never pickle", ""
    )


def test_an_entry_of_another_user_is_ignored(
    cache_at: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.cached("t", Builds(), kind="patterns")
    monkeypatch.setattr(os, "getuid", lambda: os.stat(cache_at).st_uid + 1)
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1


def test_a_symbolic_link_at_the_entry_is_not_followed(cache_at: Path, tmp_path: Path) -> None:
    cache.cached("t", Builds(), kind="patterns")
    entry = _entry(cache_at)
    real = tmp_path / "elsewhere.json"
    real.write_bytes(entry.read_bytes().replace(b'"vital"', b'"planted"'))
    entry.unlink()
    entry.symlink_to(real)
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_at_the_entry_is_never_opened(tmp_path: Path) -> None:
    """Run in a child with a timeout: opening a FIFO for reading blocks until a writer comes."""
    directory = tmp_path / "cache"
    directory.mkdir()
    script = textwrap.dedent(f"""
        import os
        from ma_match import cache, taxonomy
        read = taxonomy.parse_taxonomy
        def plant_then_parse(text, source, use_cache=True):
            os.mkfifo(os.path.join({str(directory)!r}, "taxonomy-" + cache.entry_key(text, "taxonomy") + ".json"))
            return read(text, source, use_cache=use_cache)
        taxonomy.parse_taxonomy = plant_then_parse
        print(len(taxonomy.load_taxonomy().concepts))
    """)
    env = {**os.environ, "MA_MATCH_CACHE_DIR": str(directory)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 50
    # the rebuilt entry took the FIFO's place
    entries = list(directory.iterdir())
    assert len(entries) == 1 and all(stat.S_ISREG(p.lstat().st_mode) for p in entries)


@pytest.mark.parametrize(
    "value",
    [
        {"vital signs": "vital signs"},  # a string where a list of tokens belongs
        {"vital signs": [1, 2]},
        ["vital", "signs"],
        None,
    ],
)
def test_an_entry_of_the_wrong_shape_is_rebuilt(cache_at: Path, value: object) -> None:
    cache.cached("t", Builds(), kind="patterns")
    entry = _entry(cache_at)
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**envelope, "value": value}), encoding="utf-8")
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1
    assert json.loads(entry.read_text(encoding="utf-8"))["value"]["vital signs"] == [
        "vital",
        "signs",
    ]


@pytest.mark.parametrize("change", ["schema", "kind", "key"])
def test_an_envelope_that_does_not_match_is_rebuilt(cache_at: Path, change: str) -> None:
    cache.cached("t", Builds(), kind="patterns")
    entry = _entry(cache_at)
    envelope = json.loads(entry.read_text(encoding="utf-8"))
    envelope[change] = "other"
    envelope["value"] = {"vital signs": ["planted"]}
    entry.write_text(json.dumps(envelope), encoding="utf-8")
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 1


def test_an_oversized_entry_is_not_read(cache_at: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.cached("t", Builds(), kind="patterns")
    monkeypatch.setattr(cache, "MAX_ENTRY_BYTES", 10)
    build = Builds()
    cache.cached("t", build, kind="patterns")
    assert build.calls == 1


def test_the_key_changes_with_text_version_and_code(monkeypatch: pytest.MonkeyPatch) -> None:
    import ma_match

    key = cache.entry_key("t", "patterns")
    assert cache.entry_key("u", "patterns") != key
    assert cache.entry_key("t", "taxonomy") != key
    monkeypatch.setattr(ma_match, "__version__", "99.0")
    assert cache.entry_key("t", "patterns") != key
    monkeypatch.undo()
    monkeypatch.setattr(cache, "code_digest", lambda: "other code")
    assert cache.entry_key("t", "patterns") != key


def test_a_code_change_under_the_same_version_misses(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(
        Path(cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__", "data")
    )
    before = cache.source_digest(package)
    assert cache.source_digest(package) == before
    with (package / "scope.py").open("a", encoding="utf-8") as handle:
        handle.write("\n# a one-line change\n")
    assert cache.source_digest(package) != before
    assert cache.code_digest() == cache.source_digest(Path(cache.__file__).parent)


def test_a_failed_write_leaves_no_file(cache_at: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken)
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert list(cache_at.iterdir()) == []


def test_an_unwritable_directory_only_means_building(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("MA_MATCH_CACHE_DIR", str(blocker / "cache"))
    build = Builds()
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert cache.cached("t", build, kind="patterns") == TOKENS
    assert build.calls == 2


def test_a_value_that_does_not_survive_json_is_not_stored(cache_at: Path) -> None:
    odd = {"key": ("a", "b")}  # decodes to the same; then one that does not
    assert cache.cached("t", Builds(odd), kind="patterns") == odd
    assert _entry(cache_at).exists()
    build = Builds({"key": ("a", 1)})
    cache.cached("u", build, kind="patterns")
    assert not _entry(cache_at, text="u").exists()


def test_a_kind_without_a_codec_is_not_cached(cache_at: Path) -> None:
    build = Builds()
    cache.cached("t", build, kind="unknown")
    cache.cached("t", build, kind="unknown")
    assert build.calls == 2 and not cache_at.exists()


# --- the taxonomy's plain form ------------------------------------------------------------------


def test_the_shipped_taxonomy_round_trips_through_json() -> None:
    taxonomy = load_taxonomy(use_cache=False)
    back = Taxonomy.from_dict(json.loads(json.dumps(taxonomy.to_dict())))
    assert back == taxonomy
    assert back.by_id.keys() == taxonomy.by_id.keys()
    assert back.concept("clinical.vital_signs") == taxonomy.concept("clinical.vital_signs")


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda d: d["concepts"][0].update(label=["a list"]),
        lambda d: d["concepts"][0].update(side="sideways"),
        lambda d: d["concepts"][0].update(phrases="vitals"),
        lambda d: d["concepts"][0].update(line="12"),
        lambda d: d["concepts"][0].update(in_progress_is_present=1),
        lambda d: d["context"].update(window="6"),
        lambda d: d["context"]["rules"][0].update(category="maybe"),
        lambda d: d["concepts"][0].pop("label"),
        lambda d: d["concepts"][0].update(extra=1),
        lambda d: d.update(posting=[]),
    ],
)
def test_a_taxonomy_entry_of_the_wrong_shape_is_refused(corrupt) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(json.dumps(load_taxonomy(use_cache=False).to_dict()))
    corrupt(data)
    with pytest.raises(TypeError):
        Taxonomy.from_dict(data)


def test_a_wrong_typed_taxonomy_entry_is_rebuilt_not_a_traceback(cache_at: Path) -> None:
    first = load_taxonomy()
    entries = list(cache_at.glob("taxonomy-*.json"))
    assert len(entries) == 1
    envelope = json.loads(entries[0].read_text(encoding="utf-8"))
    envelope["value"]["concepts"][0]["label"] = {"not": "a label"}
    del envelope["value"]["scoring"]
    entries[0].write_text(json.dumps(envelope), encoding="utf-8")
    assert load_taxonomy() == first


def test_use_cache_false_never_touches_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the cache was consulted")

    monkeypatch.setattr(cache, "cached", refuse)
    assert load_taxonomy(use_cache=False).concepts
    with pytest.raises(AssertionError):
        load_taxonomy()


def test_the_test_session_never_uses_the_real_cache(isolated_cache: Path) -> None:
    import platformdirs

    assert os.environ["MA_MATCH_CACHE_DIR"] == str(isolated_cache)
    assert isolated_cache != Path(platformdirs.user_cache_dir("ma-match", appauthor=False))


@dataclass(frozen=True)
class _Rule:
    """A dataclass with optional fields, as another change may add to the taxonomy's."""

    name: str | None
    count: Optional[int]  # noqa: UP045 - the older spelling is the point
    words: tuple[str, ...] = ()


def test_optional_fields_have_a_plain_form_too() -> None:
    """A field another change may add (`str | None`, Optional[int]) still round-trips, so the
    taxonomy stays cached."""
    from ma_match.taxonomy import _from_plain, _to_plain

    for rule in (_Rule("a", 2, ("x",)), _Rule(None, None)):
        assert _from_plain(_Rule, json.loads(json.dumps(_to_plain(rule))), "rule") == rule
    with pytest.raises(TypeError):
        _from_plain(_Rule, {"name": 5, "count": None, "words": []}, "rule")
