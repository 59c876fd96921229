"""Habits the package keeps: a licence file that says what pyproject says, one version source,
and every imported third-party package declared (issue 13: numpy was imported, not declared)."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import ma_match

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SOURCE = Path(ma_match.__file__).resolve().parent


def _name(requirement: str) -> str:
    """The normalised distribution name of a requirement string (PEP 503)."""
    name = re.match(r"[A-Za-z0-9._-]+", requirement)
    assert name, requirement
    return re.sub(r"[-_.]+", "-", name.group()).lower()


def test_the_licence_file_is_the_mit_licence_pyproject_names() -> None:
    assert PYPROJECT["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "the ma-match authors" in text
    assert "WITHOUT WARRANTY OF ANY KIND" in text


def test_the_version_is_written_once() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/ma_match/__init__.py"
    assert re.fullmatch(r"\d+\.\d+\.\d+", ma_match.__version__)
    assert importlib.metadata.version("ma-match") == ma_match.__version__


def _imported_top_level_modules() -> set[str]:
    modules = set()
    for path in SOURCE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    return modules - set(sys.stdlib_module_names) - {"ma_match"}


def test_every_imported_package_is_declared() -> None:
    # the core dependencies, and the dask extra's, which only ma_match.dask and screen import
    extras = PYPROJECT["project"]["optional-dependencies"]["dask"]
    declared = {_name(r) for r in [*PYPROJECT["project"]["dependencies"], *extras]}
    providers = importlib.metadata.packages_distributions()
    imported = _imported_top_level_modules()
    assert {"spacy", "numpy", "yaml", "docx"} <= imported  # the walk sees the package's imports
    missing = {
        module: providers.get(module)
        for module in imported
        if not {_name(d) for d in providers.get(module, [module])} & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
