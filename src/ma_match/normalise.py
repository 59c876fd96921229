"""Text clean-up shared by every input format: one canonical, line-preserving form.

Downstream code reads lines (evidence lines, section headings), so this module never
joins or splits lines except to undo a hyphenated line break.  It does not split glued
words either: that needs vocabulary knowledge the extractor has and this module lacks.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_text"]

# Everything else Python's str.splitlines() treats as a line break becomes "\n", so
# "\n" is the only line separator downstream code ever has to think about.
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")

# Invisible characters: soft hyphen, zero-width and bidi formatting marks, the BOM,
# C0/C1 controls except tab and newline, and lone surrogates (they cannot be printed
# or encoded, so a later write would crash).  Removed *before* NFKC so the composition
# NFKC does cannot be unlocked by a later removal (which would break idempotence).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f"
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\ud800-\udfff]"
)

# Every UTF-8 sequence misread as Windows-1252 or Latin-1 starts with one of these; only a text
# that holds one is handed to ftfy (which is slower than the rest of this module together).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3\u00c5\u00e2\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)

_MOJIBAKE_ROUNDS = 4  # text garbled twice over is undone in two rounds; one more shows it is done

# Odd spaces NFKC leaves alone (or that survive it) become a plain space.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

# Hyphen-like characters that are always just "-", and typographic quotes that become
# ASCII ones so "patient’s" and "patient's" compare equal.  Applied with str.replace,
# which is several times faster than str.translate on large text.
_PLAIN_CHARS: tuple[tuple[str, str], ...] = (
    *((c, "-") for c in "\u2010\u2011\u2012\u2212\ufe63\uff0d"),
    *((c, "'") for c in "\u2018\u2019\u201a\u201b\u2032"),
    *((c, '"') for c in "\u201c\u201d\u201e\u201f\u2033"),
)

# A bullet is one of these glyphs (space after it optional), or "-", "*", an en/em dash
# followed by a space; the private-use ones come from Word's Symbol/Wingdings fonts.
_BULLET_GLYPHS = (
    "\u2022\u2023\u2043\u2219\u25aa\u25ab\u25e6\u25cf\u25cb\u25a0\u25a1\u25c6\u25c7"
    "\u25ba\u25b6\u25b8\u25b9\u2b1b\u2b1c\u2b25\u2b26\u2794\u27a2\u27a3\u27a4\u2192"
    "\u2713\u2714\u2717\u2718\u2610\u2611\u2612\u2605\u2606\u2666\u29bf\u29be\u00b7"
    "\u30fb\uf0a7\uf0b7\uf0d8\uf076\uf0fc\uf06e\uf0a8\uf0e0\uf0d9"
)
_BULLET = re.compile(
    rf"^[ \t]*(?:[{_BULLET_GLYPHS}][ \t]*|[-*\u2013\u2014][ \t]+)+(?=\S)",
    re.MULTILINE,
)
# A bullet glyph alone on a line keeps its line but loses the glyph's oddness.
_LONE_BULLET = re.compile(rf"^[ \t]*[{_BULLET_GLYPHS}][ \t{_BULLET_GLYPHS}]*$", re.MULTILINE)

# En/em dashes and bars between two word characters (a space on either side is kept).
# The character before is checked in _plain_dash: a leading lookbehind would make the
# regex engine try every position of the text, which is slow.
_DASH_BETWEEN = re.compile(r"[\u2013\u2014\u2015\ufe58](?= ?\w)")
_WORD_BEFORE = re.compile(r"\w ?\Z")  # searched only in the two characters before a dash

_ASCII_BREAKS = "\r\v\f\x1c\x1d\x1e"  # the ASCII members of _LINE_BREAKS
_SPACE_RUNS = re.compile(r"[ \t]+")
_LINE_EDGES = re.compile(r"^ +| +$", re.MULTILINE)

# "venipunc-\nture": a hyphen ending a line between two lowercase letters is a word broken
# by hyphenation: both go.  "EKG-\ncertified", "12-\nlead", "point-of-\ncare": after a capital,
# a digit or inside a word that already has a hyphen, the hyphen is the compound's own and
# stays; only the line break goes; a camel-case name goes on in a capital ("eClinical-\nWorks").
# (Checked in _join_hyphenated: Python's re has no Unicode lowercase class.)
_HYPHEN_BREAK = re.compile(r"-\n[ \t]*(?=\w)")  # the next line may be indented
# a product name in camel case, starting in lower case: "eClinical", "athenaOne" ("McKesson" is a name)
_CAMEL = re.compile(r"^[a-z]+[A-Z]")
_COMPOUND_LOOKBACK = 40  # characters searched back for an earlier hyphen in the same word

_BLANK_RUNS = re.compile(r"\n{4,}")  # 3+ blank lines -> 2


def _join_hyphenated(match: re.Match[str]) -> str:
    text, start = match.string, match.start()
    before = text[start - 1] if start > 0 else ""
    word_start = max(text.rfind(c, max(0, start - _COMPOUND_LOOKBACK), start) for c in " \n\t") + 1
    word = text[word_start:start]
    after = text[match.end()]
    # one capital inside, ending in lower case: "eClinical-" goes on; "eCW-" / "Epic" and
    # "eClinicalWorks-" / "Cerner" are two names
    if (
        after.isupper()
        and _CAMEL.search(word)
        and sum(c.isupper() for c in word) == 1
        and before.islower()
        and "-" not in word
    ):
        return ""  # a product name in camel case broken at a line end: "eClinical-" + "Works"
    if not (before.isalnum() and after.islower()):
        return match.group(0)
    if before.islower() and "-" not in word:
        return ""  # "venipunc-" + "ture"
    return "-"  # "EKG-" + "certified", "Point-of-" + "care"


def _plain_dash(match: re.Match[str]) -> str:
    start = match.start()
    return "-" if _WORD_BEFORE.search(match.string, max(0, start - 2), start) else match.group(0)


def _fix_encoding(text: str) -> str:
    """ftfy's repair of UTF-8 read as Windows-1252, imported on first use: most texts never
    need it, and importing it costs about a twentieth of a second at every start."""
    import ftfy

    return ftfy.fix_encoding(text)


def normalise_text(text: str) -> str:
    """Return *text* in canonical form: NFKC, "\\n" line breaks, plain spaces and dashes,
    "- " bullets, hyphenated line breaks joined, no invisible characters, no trailing or
    repeated spaces, at most two blank lines in a row, no blank lines at either end, and UTF-8
    misread as Windows-1252 upstream ("ofÂ earning", "cafÃ©") undone by ftfy.

    Line structure is kept.  The function is idempotent: applying it twice changes nothing
    (the repair is repeated, with the rest, until it changes nothing more).
    """
    if not text.isascii() and _MOJIBAKE_HINT.search(text):
        text = _fix_encoding(text)  # before the clean-up turns "â€œ" into "â€\""
    text = _canonical(text)
    for _ in range(_MOJIBAKE_ROUNDS):
        if text.isascii() or not _MOJIBAKE_HINT.search(text):
            break
        fixed = _canonical(_fix_encoding(text))
        if fixed == text:
            break
        text = fixed
    return text


def _canonical(text: str) -> str:
    """normalise_text without the mojibake repair."""
    # Each step is skipped when a cheap test shows it cannot apply (most résumés are plain
    # ASCII): a regex pass over the whole text costs as much even when it changes nothing.
    ascii_only = text.isascii()  # O(1) in CPython for ASCII strings
    if not ascii_only or any(c in text for c in _ASCII_BREAKS):
        text = _LINE_BREAKS.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    if not ascii_only:
        text = unicodedata.normalize("NFKC", text)  # also expands ligatures like "ﬁ"
        text = _ODD_SPACES.sub(" ", text)
        for odd, plain in _PLAIN_CHARS:
            text = text.replace(odd, plain)
    if "  " in text or "\t" in text:
        text = _SPACE_RUNS.sub(" ", text)
    if " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = _LINE_EDGES.sub("", text)
    if not ascii_only:
        text = _LONE_BULLET.sub("-", text)
    text = _BULLET.sub("- ", text)
    if not ascii_only:
        text = _DASH_BETWEEN.sub(_plain_dash, text)
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub(_join_hyphenated, text)
    if "\n\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n\n", text)
    return text.strip("\n")
