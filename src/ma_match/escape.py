"""The one way out for untrusted strings: one function per output format.

Everything that came from a résumé, a posting, a file name or a `--taxonomy` file is untrusted:
it may carry rich markup ("[link=…]", "[/x]"), emoji codes (":warning:"), terminal escape
sequences (window title, clear screen, clipboard write), bidi controls that reorder what is shown
(U+202E), spreadsheet formulas ("=HYPERLINK(…)") or Markdown/HTML ("![img](…)", "<img onerror>").
A file name read with `os.fsdecode` may hold lone surrogates (bytes that are not UTF-8), which no
UTF-8 stream can write. Renderers and messages pass such strings through exactly one of:

- `terminal(text)` -> a rich `Text` (never parsed as markup or emoji), control characters shown;
- `csv_cell(text)` -> a cell that no spreadsheet reads as a formula;
- `markdown(text)` -> inline Markdown that renders as the literal text, no HTML, links or images;
- `html(text)` -> HTML character data (or a quoted attribute value): no tag, entity, link or
  image is ever built from it;
- `to_json(value)` -> JSON that loads back to the very same strings.

`visible(text)` is the shared first step of the four text formats.
"""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any

from rich.text import Text

# C0 and C1 controls and DEL (terminal escape sequences start with ESC or the C1 CSI/OSC);
# lone surrogates (undecodable bytes of a file name); the Unicode bidi controls, which make a
# name read differently from what it is (Unicode TR #9, "Explicit Directional Formatting",
# and CVE-2021-42574 "Trojan Source"); and the line and paragraph separators.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for the undecodable byte code - 0xDC00
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """*text* with every control character, bidi control, line separator and lone surrogate
    replaced by a visible escape: ESC becomes the four characters `\\x1b`, U+202E `\\u202e`, and
    an undecodable byte 0xE9 of a file name (U+DCE9 after `os.fsdecode`) `\\xe9`. The result
    encodes to UTF-8 and moves no cursor. Newlines and tabs are escaped too: callers pass one line.
    """
    return _UNSAFE.sub(_shown, text)


def terminal(text: str, style: str = "") -> Text:
    """Untrusted *text* for a rich console or table cell: a `Text` object, so no "[...]" markup,
    no ":emoji:" code and no hyperlink is ever read from it, with `visible` applied."""
    return Text(visible(text), style=style)


# Cells starting with these are read as formulas (OWASP, "CSV Injection":
# https://owasp.org/www-community/attacks/CSV_Injection); a leading apostrophe keeps them text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """Untrusted *text* as a CSV cell: `visible` applied, and prefixed with an apostrophe when it
    starts with = + - @ tab or CR, as OWASP advises (the csv module does the quoting)."""
    shown = visible(text)
    return (
        "'" + shown
        if text.startswith(_FORMULA_START) or shown.startswith(_FORMULA_START)
        else shown
    )


# Backslash-escaped: CommonMark's inline syntax (emphasis, code, links, images, raw HTML,
# entities, headings, tables' pipes) and GFM's autolink triggers.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#!|&~@])")
_MD_SCHEME = re.compile(r"(?<=[A-Za-z]):(?=\S)")  # "https://", "mailto:x": GFM autolinks start here
_MD_WWW = re.compile(r"(?i)\b(www)\.")  # GFM links a bare "www." too


def markdown(text: str) -> str:
    """Untrusted *text* as inline Markdown on one line: whitespace runs become one space,
    `visible` is applied, and every character that could start markup (emphasis, code, a link,
    an image, raw HTML, an entity, a table pipe, an autolink) is backslash-escaped, so a
    CommonMark or GitHub renderer shows the text itself and builds no tag from it."""
    text = visible(" ".join(text.split()))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_SCHEME.sub(r"\\:", text)
    text = _MD_WWW.sub(r"\1\\.", text)
    if text[:1] in ("-", "+", "="):
        return "\\" + text
    return re.sub(r"^(\d+)\.", r"\1\\.", text)  # "1." would start an ordered list


def html(text: str) -> str:
    """Untrusted *text* as HTML character data or a double- or single-quoted attribute value:
    `visible` applied (so controls, bidi controls and lone surrogates show as escapes and the
    result encodes to UTF-8), then & < > " ' written as character references
    (`html.escape(..., quote=True)`), so no tag, comment, entity or attribute is built from it.
    Newlines and tabs are escaped too: callers pass one line (or one piece of one)."""
    return _html.escape(visible(text), quote=True)


# JSON keeps the data as it is; these are written as \\u escapes instead of raw, so the text
# loads back unchanged while a terminal showing the JSON sees no C1 control or bidi override.
_JSON_RAW_UNSAFE = re.compile(
    "[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]"
)


def to_json(value: Any) -> str:
    """*value* as indented JSON with its strings as they are (`json.loads` gives them back
    unchanged, lone surrogates included), with non-ASCII text kept readable except the
    characters a terminal would act on, which are written as \\u escapes."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _JSON_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


__all__ = ["csv_cell", "html", "markdown", "terminal", "to_json", "visible"]
