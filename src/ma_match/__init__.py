"""ma-match: match a medical assistant's résumé against a job posting, offline.

>>> from ma_match import match
>>> report = match(resume_text, posting_text)
>>> report.score, report.band, report.both_sides_covered
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from .errors import InputError, MaMatchError, TaxonomyError

if TYPE_CHECKING:
    from .match import Report, Requirement, match

__all__ = ["InputError", "MaMatchError", "Report", "Requirement", "TaxonomyError", "match"]
__version__ = "0.1.0"


class _Package(types.ModuleType):
    """The package, with `match`, `Report` and `Requirement` loaded on first use: matching pulls
    in the taxonomy and the experience reader (a tenth of a second), which `ma-match --help` and
    `--version` never need. `match` stays the function even after the `ma_match.match` module is
    imported (the import system binds a submodule's name on its package; this keeps the function,
    as the eager `from .match import match` used to)."""

    @property
    def match(self) -> Any:
        from .match import match as function

        return function

    @match.setter
    def match(self, value: Any) -> None:
        pass  # the submodule being bound: `ma_match.match` names the function, as documented

    def __getattr__(self, name: str) -> Any:
        if name in ("Report", "Requirement"):
            return getattr(importlib.import_module(f"{__name__}.match"), name)
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
