"""Exceptions raised by the library; only the CLI turns them into messages and exit codes."""


class MaMatchError(Exception):
    """Base class: every error the CLI reports as one line and exit code 2."""


class InputError(MaMatchError):
    """An input file or stream cannot be read as text (missing, binary, empty, too large...)."""


class TaxonomyError(MaMatchError):
    """The taxonomy file is malformed; the message names the entry and its line."""
