"""A file name in a table cell that wraps only where a reader expects it to: after a path
separator or at a space, never inside a word.

rich wraps cell text at whitespace and, with `overflow="fold"`, cuts a word longer than the
column anywhere ("maria_lo" / "pez.txt"). A path has no whitespace, so every long path was cut
mid-word. `PathCell` measures itself by its longest piece (so the table gives it at least that
when it can) and lays its pieces out greedily; only a single piece wider than the whole column
is shortened, with "…" in its middle so both its start and its extension stay readable.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from .escape import visible

# a piece ends after a run of separators or spaces: "cvs/", "2024/", "maria lopez.txt"
# (not at "\\": `visible` writes escapes with it, "r\\xe9sum\\xe9.txt", and POSIX names use "/")
_PIECE = re.compile(r"[^/ ]*(?:[/ ]+|$)")
_ELLIPSIS = "…"


def pieces(name: str) -> list[str]:
    """*name* cut after each path separator ("/") and space; joined back they are *name*."""
    return [p for p in _PIECE.findall(name) if p]


def middle_ellipsis(piece: str, width: int) -> str:
    """*piece* shortened to *width* cells with "…" in the middle (the extension stays shown)."""
    if len(piece) <= width:
        return piece
    if width <= 1:
        return _ELLIPSIS[:width]
    tail = (width - 1) // 2
    return piece[: width - 1 - tail] + _ELLIPSIS + (piece[-tail:] if tail else "")


def lay_out(name: str, width: int) -> list[str]:
    """The lines *name* is shown on in a column *width* cells wide: pieces are put on a line
    while they fit (a trailing space may hang past the edge), and a piece wider than the column
    gets a middle ellipsis. Characters count one cell each; callers pass `visible` text."""
    width = max(1, width)
    lines: list[str] = []
    line = ""
    for piece in pieces(name):
        if line and len(line) + len(piece.rstrip(" ")) > width:
            lines.append(line.rstrip(" "))
            line = ""
        if not line and len(piece.rstrip(" ")) > width:
            lines.append(middle_ellipsis(piece.rstrip(" "), width))
            continue
        line += piece
    if line or not lines:
        lines.append(line.rstrip(" "))
    return lines


class PathCell:
    """A rich renderable for an untrusted file name: `visible` applied, wrapped by `lay_out`."""

    def __init__(self, name: str, style: str = "") -> None:
        self.name = visible(name)
        self.style = style

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        longest = max((len(p.rstrip(" ")) for p in pieces(self.name)), default=1)
        return Measurement(longest, len(self.name)).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(lay_out(self.name, options.max_width)), style=self.style, no_wrap=True)


__all__ = ["PathCell", "lay_out", "middle_ellipsis", "pieces"]
