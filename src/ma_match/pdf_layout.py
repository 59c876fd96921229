"""The lines of a PDF page in reading order, from where its text is drawn.

pypdf's plain extraction follows the content stream, so a page drawn row by row (a sidebar beside
the main column, as table-based templates export) comes out interleaved, cells of one row even
glued into one line; and it keeps every layout line break, so a phrase wrapped at the margin is
cut in two.  This module places each piece of text on the page instead and

- finds columns: an x position where several lines start, which no line crosses over a band of
  the page, with lines on both sides that do not pair up row by row (a table's cells and a date
  beside a job title do pair up, and stay on their row); each column is read top to bottom;
- joins lines wrapped inside a phrase: the next line's first word would not have fitted on the
  line (it was full) and the next line goes on in lower case, or the join completes a term that
  the caller knows (the `joins` hook), never across a bullet, a sentence end, a change of font
  size or a paragraph gap.

Positions come from pypdf's layout-mode text state machinery (present since pypdf 3.17, but not
public API): when it is missing or reads less text than plain extraction, `page_text` returns
None and the caller falls back to plain extraction.  No domain words live here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Joins", "page_text"]

Joins = Callable[[str, str], bool]
"""(line, next line) -> does the join complete a term spanning the break."""

# Geometry, in units of the font size (points scale with it).
_SAME_ROW = 0.4  # baselines closer than this are one row (superscripts included)
_SEGMENT_GAP = (
    0.8  # a wider horizontal gap between pieces ends a segment (a column gutter, a tab stop)
)
_WORD_GAP = 0.15  # a narrower one joins pieces without a space (kerning inside a word)
_ALIGN = 0.3  # left edges this close are aligned
_LINE_PITCH = 1.8  # a wider baseline-to-baseline distance is a paragraph gap, not a wrap
_SIZE_CHANGE = 0.12  # relative font-size difference that marks a heading or another block

_MIN_COLUMN_ROWS = 3  # rows a column needs on each side of a gutter
_MAX_CANDIDATES = 24  # gutter positions tried per split (the most frequent left edges)
_MAX_DEPTH = 3  # columns inside columns: at most 4 columns a page
_MIN_COVERAGE = 0.97  # share of plain extraction's characters the positional text must keep

_NO_JOIN_AFTER = tuple(".:;!?|-")
_CONTINUES = tuple(",&/+")  # a full line ending so goes on, whatever the next word's case
_BULLET = re.compile(
    r"[-*\u2022\u2023\u2043\u2219\u25aa\u25cf\u25e6\u25a0\u00b7\uf0b7\uf0a7\u2013\u2014]"
)
_WORD = re.compile(r"\S+")


@dataclass(slots=True)
class _Piece:
    """Text drawn at one place: left and right x, baseline y (up is larger), font size."""

    x0: float
    x1: float
    y: float
    size: float
    text: str


@dataclass(slots=True)
class _Line:
    """One row of one column: its pieces joined, with the row's extent."""

    x0: float
    x1: float
    y: float
    size: float
    text: str
    row: int  # index of the page row it stands in (rows pair up across a gutter)


def page_text(page: object, plain: str, joins: Joins | None = None) -> str | None:
    """The text of a pypdf *page* with columns kept together and wrapped phrases joined.

    *plain* is pypdf's plain extraction of the same page, used as a check: None is returned when
    positions cannot be read (pypdf without layout-mode internals, an uninterpretable font) or
    they miss text that plain extraction found (rotated text, text in form XObjects).  Lines are
    separated by "\\n", columns by a blank line.  Linear in the page's pieces except the gutter
    search, which tries at most _MAX_CANDIDATES positions per split.
    """
    pieces = _pieces(page)
    if pieces is None:
        return None
    drawn = sum(len(p.text) - p.text.count(" ") for p in pieces)
    wanted = len(plain) - sum(plain.count(c) for c in " \n\t")
    if drawn < _MIN_COVERAGE * wanted:
        return None
    rows = _rows(pieces)
    blocks = _columns([line for row in rows for line in row], depth=0)
    return "\n\n".join("\n".join(_unwrap(block, joins)) for block in blocks if block)


# --- pieces of text and where they stand -----------------------------------------------


def _pieces(page: object) -> list[_Piece] | None:
    try:
        from pypdf._text_extraction._layout_mode._fixed_width_page import (
            recurse_to_target_op,
            set_font_operation,
        )
        from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
        from pypdf.generic import ContentStream
    except ImportError:
        return None
    fonts = page._layout_mode_fonts()  # type: ignore[attr-defined]
    contents = page.get("/Contents")  # type: ignore[attr-defined]
    if contents is None:
        return []
    ops = iter(ContentStream(contents.get_object(), page.pdf, "bytes").operations)  # type: ignore[attr-defined]
    # pypdf's text_show_operations, keeping each text-show operator (it merges them per BT block)
    state = TextStateManager()
    shows = []
    for operands, op in ops:
        if op in (b"BT", b"q"):
            shows.extend(
                recurse_to_target_op(ops, state, b"ET" if op == b"BT" else b"Q", fonts, True)[1]
            )
        elif op == b"Tf":
            set_font_operation(state, fonts, operands)
        else:
            state.set_state_param(op, operands)
    pieces = []
    for show in shows:
        if show.rotated or not show.font.interpretable:
            return None  # plain extraction reads these better
        text = show.text.replace("\n", " ")
        if not text.strip() or show.font_height <= 0:
            continue
        flip = -1.0 if show.flip_vertical else 1.0
        x0, x1 = sorted((show.tx, show.displaced_tx))
        pieces.append(_Piece(x0, x1, show.ty * flip, show.font_height, text))
    return pieces


def _rows(pieces: list[_Piece]) -> list[list[_Line]]:
    """Pieces grouped into rows top to bottom, each row cut into segments at wide gaps."""
    pieces = sorted(pieces, key=lambda p: -p.y)
    grouped: list[list[_Piece]] = []
    for piece in pieces:
        if grouped and grouped[-1][0].y - piece.y <= _SAME_ROW * min(
            piece.size, grouped[-1][0].size
        ):
            grouped[-1].append(piece)
        else:
            grouped.append([piece])
    rows = []
    for index, row in enumerate(grouped):
        row.sort(key=lambda p: p.x0)
        segments: list[_Line] = []
        for piece in row:
            last = segments[-1] if segments else None
            gap = piece.x0 - last.x1 if last else 0.0
            if last is not None and gap <= _SEGMENT_GAP * max(piece.size, last.size):
                space = (
                    ""
                    if gap < _WORD_GAP * piece.size
                    or last.text.endswith(" ")
                    or piece.text.startswith(" ")
                    else " "
                )
                last.text += space + piece.text
                last.x1 = max(last.x1, piece.x1)
                last.size = max(last.size, piece.size)
            else:
                segments.append(_Line(piece.x0, piece.x1, row[0].y, piece.size, piece.text, index))
        for segment in segments:
            segment.text = " ".join(segment.text.split())
        rows.append([s for s in segments if s.text])
    return rows


# --- columns ---------------------------------------------------------------------------


def _columns(lines: list[_Line], depth: int) -> list[list[_Line]]:
    """Blocks of lines in reading order: full-width runs, then each column of a band in turn."""
    if depth >= _MAX_DEPTH or len(lines) < 2 * _MIN_COLUMN_ROWS:
        return [_merge_rows(lines)]
    best: list[list[_Line]] | None = None
    best_score = 0
    for gutter in _candidates(lines):
        blocks, score = _split_at(lines, gutter)
        if score > best_score:
            best, best_score = blocks, score
    if best is None:
        return [_merge_rows(lines)]
    result: list[list[_Line]] = []
    for block in best:
        if block and block[0] is _SPLIT:
            result.extend(_columns(block[1:], depth + 1))
        else:
            result.append(_merge_rows(block))
    return result


_SPLIT = _Line(0.0, 0.0, 0.0, 0.0, "", -1)  # marks a column block that may split again


def _candidates(lines: list[_Line]) -> list[float]:
    """Left edges where several segments start, other than the leftmost one."""
    left = min(line.x0 for line in lines)
    counts: dict[int, list[float]] = {}
    for line in lines:
        if line.x0 > left + 2 * line.size:
            counts.setdefault(round(line.x0 / (_ALIGN * line.size)), []).append(line.x0)
    frequent = sorted(counts.values(), key=len, reverse=True)[:_MAX_CANDIDATES]
    return [min(xs) for xs in frequent if len(xs) >= _MIN_COLUMN_ROWS]


def _split_at(lines: list[_Line], gutter: float) -> tuple[list[list[_Line]], int]:
    """Blocks for a gutter at x = *gutter*, and how many lines were put in split columns.

    A line crossing the gutter ends a band.  A band splits when both sides have
    _MIN_COLUMN_ROWS rows, most right-hand lines start at the gutter (and do not all end at one
    x, as right-aligned dates do), and the sides are columns of their own, not a table's cells
    or dates beside titles: the right side has a row with nothing on the left (a table's value
    always has its label; a label, such as a heading, may lack a value), or one side holds a
    paragraph wrapped within it.
    """
    blocks: list[list[_Line]] = []
    band: list[_Line] = []
    score = 0

    def close_band() -> None:
        nonlocal score
        if not band:
            return
        left = [line for line in band if line.x0 < gutter - _ALIGN * line.size]
        right = [line for line in band if line.x0 >= gutter - _ALIGN * line.size]
        left_rows, right_rows = {line.row for line in left}, {line.row for line in right}
        aligned = sum(abs(line.x0 - gutter) <= _ALIGN * line.size for line in right)
        if (
            len(left_rows) >= _MIN_COLUMN_ROWS
            and len(right_rows) >= _MIN_COLUMN_ROWS
            and 2 * aligned > len(right)
            and not _right_aligned(right)
            and (right_rows - left_rows or _flows(left) or _flows(right))
        ):
            blocks.append([_SPLIT, *left])
            blocks.append([_SPLIT, *right])
            score += len(band)
        else:
            blocks.append(list(band))
        band.clear()

    row_crosses: dict[int, bool] = {}
    for line in lines:
        crosses = (
            line.x0 < gutter - _ALIGN * line.size and line.x1 > gutter - _SEGMENT_GAP * line.size
        )
        row_crosses[line.row] = row_crosses.get(line.row, False) or crosses
    for line in lines:
        if row_crosses[line.row]:
            close_band()
            blocks.append([line])
        else:
            band.append(line)
    close_band()
    # consecutive plain blocks are one block again (a band that did not split, a full-width row)
    merged: list[list[_Line]] = []
    for block in blocks:
        if (
            merged
            and block
            and block[0] is not _SPLIT
            and merged[-1]
            and merged[-1][0] is not _SPLIT
        ):
            merged[-1].extend(block)
        else:
            merged.append(block)
    return merged, score


def _right_aligned(side: list[_Line]) -> bool:
    """Lines that end at one x but start at several: right-aligned labels, not a column."""
    tolerance = _ALIGN * max(line.size for line in side)
    ends, starts = [line.x1 for line in side], [line.x0 for line in side]
    return max(ends) - min(ends) <= tolerance < max(starts) - min(starts)


def _flows(side: list[_Line]) -> bool:
    """Whether some line of one side of a gutter wraps onto the next row of that side."""
    merged = _merge_rows(side)
    right = max((line.x1 for line in merged), default=0.0)
    return any(
        b.row == a.row + 1 and _wrapped(a, b, right, None) for a, b in itertools.pairwise(merged)
    )


def _merge_rows(lines: list[_Line]) -> list[_Line]:
    """Segments of the same row in one block become one line, left to right."""
    merged: list[_Line] = []
    for line in sorted(lines, key=lambda item: (item.row, item.x0)):
        last = merged[-1] if merged else None
        if last is not None and last.row == line.row:
            merged[-1] = _Line(
                last.x0,
                max(last.x1, line.x1),
                last.y,
                max(last.size, line.size),
                f"{last.text} {line.text}",
                last.row,
            )
        else:
            merged.append(line)
    return merged


# --- wrapped lines ---------------------------------------------------------------------


def _unwrap(block: list[_Line], joins: Joins | None) -> list[str]:
    """The block's lines, each line wrapped inside a phrase joined to the one before it."""
    if not block:
        return []
    right = max(line.x1 for line in block)
    texts = [block[0].text]
    for previous, line in itertools.pairwise(block):
        if _wrapped(previous, line, right, joins):
            texts[-1] = f"{texts[-1]} {line.text}"
        else:
            texts.append(line.text)
    return texts


def _wrapped(previous: _Line, line: _Line, right: float, joins: Joins | None) -> bool:
    before, after = previous.text, line.text
    if (
        before.endswith(_NO_JOIN_AFTER)
        or _BULLET.match(after)
        or abs(previous.size - line.size) > _SIZE_CHANGE * max(previous.size, line.size)
        or previous.y - line.y > _LINE_PITCH * max(previous.size, line.size)
        or line.x0
        < previous.x0 - 2 * _ALIGN * line.size  # the next line starts left of this one: a new item
        or len(before.split()) < 3  # a heading, a label or a one-item list line
    ):
        return False
    if after[0].islower() or before.endswith(_CONTINUES):
        first = _WORD.match(after)
        width = (line.x1 - line.x0) / max(1, len(after)) * (len(first.group()) if first else 0)
        if (
            previous.x1 + _WORD_GAP * 2 * line.size + width > right
        ):  # its first word did not fit: full
            return True
    return joins is not None and joins(before, after)
