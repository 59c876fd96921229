"""ma-match: match a medical assistant's résumé against a job posting, offline.

>>> from ma_match import match
>>> report = match(resume_text, posting_text)
>>> report.score, report.band, report.both_sides_covered
"""

from .errors import InputError, MaMatchError, TaxonomyError
from .match import Report, Requirement, match

__all__ = ["InputError", "MaMatchError", "Report", "Requirement", "TaxonomyError", "match"]
__version__ = "0.1.0"
