"""The one way out for untrusted strings: each format's escaping function, example by example and
then over random markup, control characters, bidi controls and lone surrogates."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console

from ma_match.escape import csv_cell, markdown, terminal, to_json, visible
from ma_match.escape import html as html_text

PROPERTY = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# What must never reach an output raw: C0/C1 controls and DEL, lone surrogates, bidi controls,
# line and paragraph separators.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
SGR = re.compile("\x1b\\[[0-9;]*m")  # colour and weight: the only sequences our own styles write

HOSTILE_PIECES = [
    "[bold]",
    "[/bold]",
    "[/x]",
    "[link=https://evil.example]",
    "[/link]",
    "[red on white]",
    ":warning:",
    "\x1b]0;pwned\x07",
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x9b31m",
    "\r",
    "\t",
    "\n",
    "\x00",
    "\x7f",
    "\u202e",
    "\u2066",
    "\u200f",
    "\u2028",
    "\udce9",
    "\ud800",
    "\\",
    '=HYPERLINK("x")',
    "@SUM(1)",
    "+1+2",
    "-2",
    "![img](https://evil.example/p.png)",
    "<img src=x onerror=alert(1)>",
    "<script>",
    "[a](javascript:alert(1))",
    "<https://evil.example>",
    "https://evil.example",
    "www.evil.example",
    "a@evil.example",
    "&lt;b&gt;",
    "`code`",
    "**b**",
    "_i_",
    "# h",
    "|",
    "1. ",
    "- ",
    "vital signs",
    "é",
    " ",
]


def _no_surrogate_pairs(text: str) -> str:
    """JSON can only write a high surrogate followed by a low one as a pair (one character);
    no file name or decoded text holds such a sequence, so it is left out."""
    return re.sub("[\ud800-\udbff](?=[\udc00-\udfff])", "", text)


hostile_text = st.one_of(
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=12).map("".join),
    st.text(alphabet=st.characters(codec=None, categories=None), max_size=40),
    st.text(max_size=40),
).map(_no_surrogate_pairs)


def rendered(value: object, **console: object) -> str:
    out = io.StringIO()
    Console(file=out, width=400, soft_wrap=True, **console).print(value)  # type: ignore[arg-type]
    return out.getvalue()


# --- examples ---------------------------------------------------------------------------------


def test_control_characters_become_visible_escapes() -> None:
    assert visible("t\x1b]0;pwned\x07.txt") == "t\\x1b]0;pwned\\x07.txt"
    assert visible("c\x1b[2J\x9b") == "c\\x1b[2J\\x9b"
    assert visible("a\nb\tc\rd") == "a\\x0ab\\x09c\\x0dd"


def test_bidi_controls_and_line_separators_become_visible() -> None:
    assert visible("invoice\u202etxt.exe") == "invoice\\u202etxt.exe"
    assert visible("\u2066x\u2069\u2028") == "\\u2066x\\u2069\\u2028"


def test_an_undecodable_byte_of_a_file_name_is_shown_as_that_byte() -> None:
    import os

    name = os.fsdecode(b"r\xe9sum\xe9.txt")
    assert visible(name) == "r\\xe9sum\\xe9.txt"
    assert visible("\ud800") == "\\ud800"
    visible(name).encode("utf-8")  # writable to any UTF-8 stream


def test_ordinary_text_is_unchanged() -> None:
    for text in ("Résumé — Ana María, CMA (AAMA)", "vital signs; EKG", "ＣＭＡ", "emoji 🙂"):
        assert visible(text) == text


def test_the_terminal_shows_markup_emoji_codes_and_links_as_text() -> None:
    for text in (
        "x[/bold].txt",
        "[link=https://evil.example]cv[/link]",
        "[/x]",
        ":warning: [bold]b[/bold]",
    ):
        out = rendered(terminal(text), force_terminal=True, color_system="truecolor")
        assert out == text + "\n"


def test_the_terminal_never_receives_an_escape_sequence_from_text() -> None:
    out = rendered(
        terminal("t\x1b]0;pwned\x07 c\x1b[2J \u202e"), force_terminal=True, color_system="truecolor"
    )
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b]0;pwned\\x07" in out


def test_csv_cells_that_would_start_a_formula_are_prefixed_with_an_apostrophe() -> None:
    for cell in (
        '=HYPERLINK("http://evil.example","x")',
        "@SUM(1+1)",
        "+1+2",
        "-2+3",
        "\t=1",
        "\r=1",
    ):
        assert csv_cell(cell).startswith("'"), cell
    assert csv_cell("ana.txt") == "ana.txt"
    assert csv_cell("a=b") == "a=b"


def test_markdown_builds_no_image_link_or_html_from_text() -> None:
    cell = markdown(
        "Skills: ![img](https://evil.example/p.png) <img src=x onerror=alert(1)> [a](http://x) | x"
    )
    html_out = MarkdownIt("commonmark").enable("table").render(f"| a |\n|---|\n| {cell} |\n")
    assert "<img" not in html_out and "<a " not in html_out
    assert "&lt;img src=x onerror=alert(1)&gt;" in html_out
    assert html_out.count("<td>") == 1  # the pipe stayed inside its cell


def test_markdown_defuses_autolinks() -> None:
    for text in (
        "https://evil.example/x",
        "www.evil.example",
        "mailto:a@evil.example",
        "a@evil.example",
    ):
        escaped = markdown(text)
        assert "https://" not in escaped and "www." not in escaped and "mailto:" not in escaped
        assert "@" not in escaped.replace("\\@", "")


def test_json_keeps_strings_as_they_are_but_writes_terminal_controls_as_escapes() -> None:
    value = {"file": "r\udce9sum\udce9\x1b]0;x\x07\u202e\x9b.txt", "label": "Résumé"}
    text = to_json(value)
    assert json.loads(text) == value
    assert not UNSAFE.search(text.replace("\n", ""))
    assert "Résumé" in text  # readable, not \u-escaped
    text.encode("utf-8")


# --- properties -------------------------------------------------------------------------------


@PROPERTY
@given(text=hostile_text)
def test_visible_leaves_nothing_unsafe_and_is_writable(text: str) -> None:
    shown = visible(text)
    assert not UNSAFE.search(shown)
    shown.encode("utf-8")
    assert visible(shown) == shown  # already safe text is left alone


@PROPERTY
@given(text=hostile_text)
def test_the_terminal_shows_exactly_the_visible_text(text: str) -> None:
    out = rendered(terminal(text), force_terminal=True, color_system="truecolor")
    assert (
        out == visible(text) + "\n"
    )  # no markup consumed, no emoji code replaced, no escape written


@PROPERTY
@given(text=hostile_text)
def test_a_csv_cell_reads_back_and_never_starts_a_formula(text: str) -> None:
    cell = csv_cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert not UNSAFE.search(cell)
    out = io.StringIO()
    csv.writer(out).writerow([cell, "next"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == [cell, "next"]


MD = MarkdownIt("commonmark").enable("table")  # raw HTML on, as CommonMark allows it


def inner_text(rendered_html: str, opening: str, closing: str) -> str:
    start, end = rendered_html.index(opening) + len(opening), rendered_html.rindex(closing)
    inner = rendered_html[start:end]
    assert "<" not in inner, inner  # no tag at all was built from the text
    return html.unescape(inner)


@PROPERTY
@given(text=hostile_text)
def test_markdown_renders_as_the_text_itself_in_a_cell_and_a_list_item(text: str) -> None:
    escaped = markdown(text)
    expected = visible(" ".join(text.split()))
    assert "\n" not in escaped and not UNSAFE.search(escaped)
    assert inner_text(MD.render(f"- {escaped}\n"), "<li>", "</li>") == expected
    if expected:
        cell = inner_text(MD.render(f"| a |\n|---|\n| {escaped} |\n"), "<td>", "</td>")
        assert cell == expected


@PROPERTY
@given(
    value=st.recursive(
        hostile_text,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_json_loads_back_unchanged_with_no_raw_control(value: object) -> None:
    text = to_json(value)
    assert json.loads(text) == value
    assert not UNSAFE.search(text.replace("\n", ""))
    text.encode("utf-8")


# --- HTML -------------------------------------------------------------------------------------


def test_html_writes_markup_characters_and_quotes_as_references() -> None:
    assert html_text('<script>alert("x")</script>') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    )
    assert html_text("<img src=x onerror='a'> &amp;") == (
        "&lt;img src=x onerror=&#x27;a&#x27;&gt; &amp;amp;"
    )


def test_html_shows_controls_and_bidi_controls_visibly() -> None:
    assert html_text("cv\u202etxt.exe\x1b[2J") == "cv\\u202etxt.exe\\x1b[2J"
    assert html_text("r\udce9sum\udce9.txt") == "r\\xe9sum\\xe9.txt"


def test_html_leaves_ordinary_text_alone() -> None:
    for text in ("Résumé — Ana María, CMA (AAMA)", "vital signs; EKG", "emoji 🙂"):
        assert html_text(text) == text


class _Collector(HTMLParser):
    """What a browser's tokenizer would build from a string: tags and the text between."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append("/" + tag)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    def handle_decl(self, decl: str) -> None:
        self.tags.append("!" + decl)

    def unknown_decl(self, data: str) -> None:
        self.tags.append("!" + data)

    def handle_pi(self, data: str) -> None:
        self.tags.append("?" + data)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@PROPERTY
@given(text=hostile_text)
def test_html_builds_no_tag_and_reads_back_as_the_visible_text(text: str) -> None:
    escaped = html_text(text)
    assert not re.search("[<>\"']", escaped) and not UNSAFE.search(escaped)
    escaped.encode("utf-8")
    for page in (f"<p>{escaped}</p>", f'<p title="{escaped}">x</p>', f"<p title='{escaped}'>x</p>"):
        parser = _Collector()
        parser.feed(page)
        parser.close()
        assert parser.tags == ["p", "/p"] and not parser.comments
    parser = _Collector()
    parser.feed(f"<p>{escaped}</p>")
    parser.close()
    assert "".join(parser.text) == visible(text)
