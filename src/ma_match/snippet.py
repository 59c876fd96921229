"""Quoting a line around a match: a window of at most N characters, cut at word boundaries.

Used twice: the extractor bounds evidence taken from very long lines (a 10 MB one-line text), and
the table fits each evidence line into its column, so the matched words always stay in sight.
"""

from __future__ import annotations

from typing import NamedTuple

ELLIPSIS = "…"
# of the room left beside the match, the share shown before it: a reader reads on from the match
_BEFORE_SHARE = 0.4


class Snippet(NamedTuple):
    """A quoted piece of a line and where the match stands in it (`text[start:end]`)."""

    text: str
    start: int
    end: int


def window(line: str, start: int, end: int, limit: int) -> Snippet:
    """*line* quoted around the match at [start, end) in at most *limit* characters.

    The whole line when it fits; otherwise a window cut at spaces with "…" where text was left out
    (the ellipses count toward *limit*). The room beside the match goes 40/60 to the text before
    and after it, and a side that needs less gives the rest to the other. A match longer than the
    window keeps its beginning. Cuts fall on a space when one stands within the window; a single
    word longer than the window is cut inside it. O(limit) after the slicing."""
    start = max(0, min(start, len(line)))
    end = max(start, min(end, len(line)))
    if len(line) <= limit:
        return Snippet(line, start, end)
    limit = max(limit, 3)
    if end - start >= limit - 2:  # the match alone fills the window
        lo, hi = start, start + limit - 2
        return _cut(line, lo, hi, start, min(end, hi), snap=False)
    room = limit - (end - start) - 2  # two ellipses at most
    before = min(start, int(room * _BEFORE_SHARE))
    after = min(len(line) - end, room - before)
    before = min(start, room - after)  # what the text after did not need
    return _cut(line, start - before, end + after, start, end, snap=True)


def _cut(line: str, lo: int, hi: int, start: int, end: int, snap: bool) -> Snippet:
    if snap:
        if lo > 0 and not line[lo - 1].isspace():
            space = line.find(" ", lo, start)  # begin at the next word
            lo = space + 1 if space != -1 else lo
        if hi < len(line) and not line[hi].isspace():
            space = line.rfind(" ", end, hi)  # end after the last whole word
            hi = space if space != -1 else hi
    piece = line[lo:hi]
    stripped = piece.lstrip()
    lead = len(piece) - len(stripped)
    stripped = stripped.rstrip()
    prefix = ELLIPSIS if lo > 0 else ""
    suffix = ELLIPSIS if hi < len(line) else ""
    offset = len(prefix) - lo - lead
    return Snippet(
        prefix + stripped + suffix,
        max(len(prefix), start + offset),
        min(len(prefix) + len(stripped), end + offset),
    )
