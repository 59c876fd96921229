"""Turn one input (a file path, or "-" for standard input) into normalised text.

This is the only module that knows "-" means stdin and the only one that touches input
bytes.  The format is chosen by content (magic bytes) first and by extension second, so
a PDF piped through stdin or a text file named ".doc" still reads.  Every failure is an
InputError whose message is one line: what is wrong with which input, and what to do.
"""

from __future__ import annotations

import codecs
import io
import logging
import os
import re
import sys
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from ma_match.errors import InputError
from ma_match.normalise import normalise_text
from ma_match.pdf_layout import Joins

__all__ = [
    "MAX_DOCX_ELEMENTS",
    "MAX_DOCX_INFLATED_BYTES",
    "MAX_DOCX_ITEMS_READ",
    "MAX_DOCX_MEMBERS",
    "MAX_INPUT_BYTES",
    "MAX_TEXT_CHARS",
    "read_document",
]

MAX_INPUT_BYTES: int = 20 * 1024 * 1024
"""Largest raw input accepted (file or stdin); anything bigger is refused unread."""

MAX_TEXT_CHARS: int = 10_000_000
"""Largest extracted text accepted, so a small compressed PDF/DOCX cannot explode."""

MAX_DOCX_INFLATED_BYTES: int = 64 * 1024 * 1024
"""Largest size a DOCX's members may inflate to, together, declared or actual.  A résumé's
XML is well under 1 MB and a photo or two a few MB; a few KB of deflated zeros inflate a
thousandfold (a zip bomb), and the XML among them is parsed into memory."""

MAX_DOCX_MEMBERS: int = 1_000
"""Most files a DOCX may hold: Word writes a dozen or two, plus one per picture."""

MAX_DOCX_ELEMENTS: int = 200_000
"""Most XML elements across a DOCX's parts, counted by a streaming pass before the document is
parsed: a long résumé has some tens of thousands (styles included), and each costs memory and
time when parsed; 9.7 KB of zipped empty paragraphs is two million of them."""

MAX_DOCX_ITEMS_READ: int = 400_000
"""Most paragraphs, table cells and runs read from a DOCX, counting each time one is read again
(a header shared by many sections): bounds the time of the walk whatever the structure."""

_SUPPORTED = "txt, md, html, pdf, docx"
_STDIN_NAME = "stdin"


def read_document(
    source: str | Path, *, stdin: BinaryIO | None = None, joins: Joins | None = None
) -> str:
    """Read *source* and return its text, normalised by `normalise_text`.

    *source* is a path, or the string ``"-"`` to read bytes from *stdin* (default
    ``sys.stdin.buffer``); ``Path("-")`` is a file named "-".  Supported: plain text / Markdown (UTF-8, UTF-16, Windows-1252
    and other encodings charset-normalizer recognises), HTML, PDF with a text layer, DOCX.
    Input files are opened read-only and never modified.

    A PDF is read from where its text stands on the page: columns stay together and a line
    wrapped inside a phrase is joined to the next (see `ma_match.pdf_layout`).  *joins*, given
    (line, next line), says whether joining them completes a term the caller knows ("Basic
    Life" + "Support ..."); the extractor supplies one built from its taxonomy.

    Raises InputError with a one-line message naming the input for anything unreadable:
    missing, a directory, permission denied, empty, binary, scanned or encrypted PDF,
    corrupt PDF/DOCX, or too large.
    """
    if isinstance(source, str) and source == "-":
        name, data = _STDIN_NAME, _read_stdin(stdin)
        suffix = ""
    else:
        name = str(source)
        if not name:
            raise InputError("no input given: pass a file path, or '-' to read standard input")
        data = _read_file(Path(source), name)
        suffix = Path(source).suffix.lower()
    raw = _extract(data, suffix, name, joins)
    if len(raw) > MAX_TEXT_CHARS:
        raise InputError(
            f"{name}: too much text (over {MAX_TEXT_CHARS:,} characters); "
            "pass a smaller document or only the part that matters"
        )
    text = normalise_text(raw)
    if not text.strip():
        raise InputError(f"{name}: {_empty_reason(name, data, suffix)}")
    return text


# --- getting the bytes -------------------------------------------------------------


def _too_large(name: str) -> InputError:
    mib = 1024 * 1024
    limit = (
        f"{MAX_INPUT_BYTES / mib:g} MB" if mib <= MAX_INPUT_BYTES else f"{MAX_INPUT_BYTES:,} bytes"
    )
    return InputError(
        f"{name}: too large (over {limit}); pass a smaller file or only the part that matters"
    )


def _read_file(path: Path, name: str) -> bytes:
    try:
        if path.is_dir():
            raise InputError(f"{name}: is a directory; give the path of a file inside it")
        # Refuse by size before reading; the bounded read below still guards files
        # whose size the OS does not report (pipes, /dev/* devices).
        if path.is_file() and path.stat().st_size > MAX_INPUT_BYTES:
            raise _too_large(name)
        with path.open("rb") as handle:  # read-only: input files are never modified
            data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"{name}: file not found; check the path and spelling") from None
    except PermissionError:
        raise InputError(
            f"{name}: permission denied; make the file readable or copy it somewhere you can read"
        ) from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory; give the path of a file inside it") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(f"{name}: cannot read the file ({reason}); check the path") from None
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(name)
    return data


def _read_stdin(stdin: BinaryIO | None) -> bytes:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(
            f"{_STDIN_NAME}: no standard input is available; pass a file path instead of '-'"
        )
    if _is_tty(stream):
        # A person at a terminal would otherwise see a silent hang.
        eof = "Ctrl-Z then Enter" if os.name == "nt" else "Ctrl-D"
        print(f"Paste the text, then press {eof} on an empty line to finish.", file=sys.stderr)
    try:
        data = stream.read(MAX_INPUT_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: the stream is closed
        raise InputError(
            f"{_STDIN_NAME}: cannot read standard input ({exc}); pass a file path instead"
        ) from None
    if isinstance(data, str):  # a text stream slipped in; be forgiving
        data = data.encode("utf-8", "surrogatepass")
    if len(data) > MAX_INPUT_BYTES:
        raise _too_large(_STDIN_NAME)
    return data


def _is_tty(stream: BinaryIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def _empty_reason(name: str, data: bytes, suffix: str) -> str:
    if not data and name == _STDIN_NAME:
        return "empty: nothing arrived on standard input; pipe or paste the text"
    if not data:
        return "the file is empty; check you gave the right file"
    if suffix in {".docx", ".html", ".htm"} or data.startswith(b"PK"):
        return "no text found in the document; check it is the right file"
    return "contains only whitespace, no text; check you gave the right file or pasted the text"


# --- choosing the format -------------------------------------------------------------


def _extract(data: bytes, suffix: str, name: str, joins: Joins | None = None) -> str:
    if not data:
        return ""
    # PDF allows junk before the header (readers look in the first 1 KiB); only trust
    # that when the name also says PDF, so a text file quoting "%PDF-" stays text.
    if data.startswith(b"%PDF-") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return _pdf_text(data, name, joins)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_text(data, suffix, name)
    if data.startswith(_OLE_MAGIC):
        raise _not_read(name, "an old binary Word document (.doc)")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise _not_read(name, "a Rich Text Format (RTF) document")
    if suffix == ".pdf":
        raise InputError(f"{name}: not a valid PDF (no PDF header); re-export or re-download it")
    if suffix == ".docx":
        raise _corrupt_docx(name)
    text = _decode(data, name)
    if suffix in {".html", ".htm", ".xhtml"} or _looks_like_html(text):
        return _html_text(text, name)
    return text


_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)


def _looks_like_html(text: str) -> bool:
    return _HTML_START.match(text[:4096]) is not None


# Compound File Binary (OLE2): old Word .doc, .xls, .msg; MS-CFB section 2.2, "Header"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_TEXT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def _not_read(name: str, what: str) -> InputError:
    """A known word-processor format that is not read (no well-kept library for it is a
    dependency): say what it is and how to convert it, rather than reading its markup as text."""
    return InputError(
        f"{name}: {what}, which is not read; save it as .docx or PDF "
        "(File > Save As in Word or LibreOffice)"
    )


def _not_supported(name: str) -> InputError:
    return InputError(
        f"{name}: binary data that is not a supported format ({_SUPPORTED}); "
        "save or export it as one of those"
    )


# --- plain text ----------------------------------------------------------------------


def _decode(data: bytes, name: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        try:
            return _check_textual(data[len(codecs.BOM_UTF8) :].decode("utf-8"), name)
        except UnicodeDecodeError:
            pass  # a lying BOM: let detection decide
    # Fast path: most input is UTF-8.  NUL bytes are valid UTF-8 but mean UTF-16 or binary.
    if b"\x00" not in data:
        try:
            return _check_textual(data.decode("utf-8"), name)
        except UnicodeDecodeError:
            pass
    return _check_textual(_detect_and_decode(data, name), name)


def _detect_and_decode(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes  # imported lazily: only legacy encodings need it

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise _not_supported(name)
    # charset-normalizer often ranks a sibling Western code page (cp1250, cp775...) first
    # when several decode the bytes equally cleanly; among equally clean candidates prefer
    # Windows-1252, by far the most common legacy encoding for English documents.
    if b"\x00" not in data:
        for match in matches:
            if match.chaos <= best.chaos and "cp1252" in match.could_be_from_charset:
                try:
                    return data.decode("cp1252")
                except UnicodeDecodeError:
                    break
    return str(best)


# Control characters other than tab/newline/CR/form feed: common in binary data, rare in text.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")


def _check_textual(text: str, name: str) -> str:
    if "\x00" in text or len(_CONTROL.findall(text[:65536])) > max(2, len(text[:65536]) // 100):
        raise _not_supported(name)
    return text


# --- HTML ----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "legend",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
# Not "head": pages often never close it, which would hide the whole body; its only
# text-bearing child worth skipping is <title>.
_SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "title", "svg", "math", "object", "iframe"]
)


class _TextOnly(HTMLParser):
    """Collects visible text; block elements end lines, table cells are joined by " | "."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in {"td", "th"}:
            self.parts.append(" | ")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
            if tag == "pre":
                self._pre_depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:  # <br/>, <hr/>; a self-closed <script/> opens nothing
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS or tag == "li":
            self.parts.append("\n")
            if tag == "pre":
                self._pre_depth = max(0, self._pre_depth - 1)

    def handle_data(self, data: str) -> None:
        if self._skip_depth:
            return
        # Outside <pre>, source line breaks are just spaces, as a browser renders them.
        self.parts.append(data if self._pre_depth else re.sub(r"\s+", " ", data))


_CELL_EDGES = re.compile(r"^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$", re.M)
# Nested blocks (<div><p>...) each add a break: one block, one line, no blank lines.
_BLOCK_GAPS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")


def _html_text(text: str, name: str) -> str:
    parser = _TextOnly()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything it raises means bad input
        raise InputError(
            f"{name}: the HTML cannot be parsed ({type(exc).__name__}); save the page as text"
        ) from None
    return _CELL_EDGES.sub("", _BLOCK_GAPS.sub("\n", "".join(parser.parts)))


# --- PDF -----------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str, joins: Joins | None = None) -> str:
    from pypdf import PasswordType, PdfReader  # lazy: ~150 ms, paid only for PDFs

    encrypted = InputError(f"{name}: the PDF is encrypted; save an unprotected copy and try again")
    corrupt = InputError(
        f"{name}: the PDF is damaged or not really a PDF; re-export or re-download it"
    )
    pages: list[str] = []
    total = 0
    try:
        # pypdf logs and warns about every repairable defect; the user can do nothing
        # with those, and an unrepairable one surfaces as an exception below.
        with _quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:  # many "protected" PDFs only restrict editing: empty user password
                    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
                        raise encrypted
                except InputError:
                    raise
                except Exception:  # noqa: BLE001 - e.g. AES needing an optional crypto package
                    raise encrypted from None
            for page in reader.pages:
                page_text = _page_text(page, joins)
                pages.append(page_text)
                total += len(page_text)
                if total > MAX_TEXT_CHARS:
                    break
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many types on bad bytes; all mean "damaged"
        raise corrupt from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise InputError(
            f"{name}: no text found: is this a scanned PDF? OCR it first, or give a text version"
        )
    return text


def _page_text(page: object, joins: Joins | None) -> str:
    """One page's text: laid out from positions, or plain extraction when those cannot be read."""
    from ma_match.pdf_layout import page_text

    plain = page.extract_text() or ""  # type: ignore[attr-defined]
    try:
        laid = page_text(page, plain, joins)
    except Exception:  # noqa: BLE001 - pypdf's layout machinery is less forgiving than plain extraction
        laid = None
    return laid if laid is not None else _unwrap(plain)


# Fallback for pages read by plain extraction.  A PDF keeps the layout's line breaks, so a bullet that wrapped reads as two lines, and a line
# ends a sentence downstream: "willing to / learn phlebotomy" would lose its context and "vital /
# signs" its match.  A line that filled most of the page width, has no closing punctuation and is
# followed by one starting in lower case is a wrap: join it.  Bullets, headings and short list
# lines stay apart; "venipunc-/ture" is left to normalise_text.
_WRAP_FILL = 0.75
_WRAP_MIN_WIDTH = 40
_NO_WRAP_AFTER = tuple(".:;!?-|")


def text_width(lines: list[str]) -> int:
    """The longest line's length without its surrounding spaces: the width a text was wrapped at."""
    return max((len(line.strip()) for line in lines), default=0)


def continues(previous: str, line: str, width: int) -> bool:
    """Whether *line* goes on from *previous*, hard-wrapped in a text *width* characters wide:
    *previous* filled most of the width and ends in no closing punctuation, and *line* starts in
    lower case ("… who works both the back office" / "and the front office."). Bullets, headings
    and short list lines never continue; a narrow text (under _WRAP_MIN_WIDTH) has no wraps."""
    return (
        width >= _WRAP_MIN_WIDTH
        and len(previous.strip()) >= _WRAP_FILL * width
        and not previous.rstrip().endswith(_NO_WRAP_AFTER)
        and line.lstrip()[:1].islower()
    )


def _unwrap(page_text: str) -> str:
    lines = page_text.split("\n")
    width = text_width(lines)
    if width < _WRAP_MIN_WIDTH:
        return page_text
    joined = [lines[0]]
    for line in lines[1:]:
        previous = joined[-1].rstrip()
        if continues(previous, line, width):
            joined[-1] = f"{previous} {line.lstrip()}"
        else:
            joined.append(line)
    return "\n".join(joined)


class _quiet_pypdf:
    """Silence pypdf's logger and warnings for the duration of a parse."""

    def __enter__(self) -> None:
        self._logger = logging.getLogger("pypdf")
        self._level = self._logger.level
        self._logger.setLevel(logging.CRITICAL)
        self._warnings = warnings.catch_warnings()
        self._warnings.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc: Any) -> None:
        self._warnings.__exit__(*exc)
        self._logger.setLevel(self._level)


# --- DOCX ----------------------------------------------------------------------------


def _is_odf_text(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """An OpenDocument text names itself in a first, stored entry "mimetype" (ODF 1.2 part 3,
    section 3.3); only its first bytes are read."""
    entry = next((i for i in infos if i.filename == "mimetype"), None)
    if entry is None or entry.file_size > 128:
        return False
    with archive.open(entry) as handle:
        return handle.read(128).strip() == _ODF_TEXT_MIMETYPE


def _corrupt_docx(name: str) -> InputError:
    return InputError(
        f"{name}: the DOCX is damaged or not really a Word document; re-save it from Word or export it to PDF"
    )


def _zip_text(data: bytes, suffix: str, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if not any(info.filename == "word/document.xml" for info in infos):
                if _is_odf_text(archive, infos):
                    raise _not_read(name, "an OpenDocument text (.odt)")
                # A zip of something else (odt, xlsx, an archive): name what we expected.
                raise _corrupt_docx(name) if suffix == ".docx" else _not_supported(name)
            _check_docx_size(archive, infos, name)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - the parser raises many types on bad bytes
        raise (_corrupt_docx(name) if suffix == ".docx" else _not_supported(name)) from None
    return _docx_text(data, name)


def _docx_limit(name: str, what: str) -> InputError:
    return InputError(
        f"{name}: {what}; a résumé or posting is far smaller: pass the text itself, or a PDF of it"
    )


class _Exceeded(Exception):
    """Raised inside the streaming XML pass when the element limit is passed."""


class _ElementCounter:
    """An lxml parser target that counts elements and keeps nothing (no tree is built)."""

    def __init__(self, start_count: int) -> None:
        self.count = start_count

    def start(self, tag: str, attrib: object) -> None:
        self.count += 1
        if self.count > MAX_DOCX_ELEMENTS:
            raise _Exceeded

    def close(self) -> None:
        return None


def _check_docx_size(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a DOCX that holds too many files, inflates past MAX_DOCX_INFLATED_BYTES (the sizes
    its directory declares, then the bytes each member really inflates to) or whose XML holds
    more than MAX_DOCX_ELEMENTS elements, before python-docx parses any of it.  One streaming
    pass in 1 MB chunks: memory stays flat whatever the members hold."""
    from lxml import etree

    mib = 1024 * 1024
    inflates_past = f"the DOCX inflates past {MAX_DOCX_INFLATED_BYTES // mib} MB"
    if len(infos) > MAX_DOCX_MEMBERS:
        raise _docx_limit(name, f"the DOCX holds more than {MAX_DOCX_MEMBERS:,} files")
    if sum(info.file_size for info in infos) > MAX_DOCX_INFLATED_BYTES:
        raise _docx_limit(name, inflates_past)
    inflated, elements = 0, 0
    for info in infos:
        # every member is tried as XML: python-docx parses a part by its declared content type,
        # whatever its name; a picture fails at its first byte and is then only counted
        counter = _ElementCounter(elements)
        parser: etree.XMLParser | None = etree.XMLParser(
            target=counter, resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
        )
        with archive.open(info) as member:
            while chunk := member.read(mib):
                inflated += len(chunk)
                if inflated > MAX_DOCX_INFLATED_BYTES:
                    raise _docx_limit(name, inflates_past)
                if parser is not None:
                    try:
                        parser.feed(chunk)
                    except _Exceeded:
                        raise _docx_limit(
                            name, f"the DOCX holds more than {MAX_DOCX_ELEMENTS:,} XML elements"
                        ) from None
                    except etree.XMLSyntaxError:
                        parser = None  # not XML (or broken): python-docx judges it if it needs it
        elements = counter.count


class _Budget:
    """Counts the paragraphs, cells and runs read from a DOCX; past MAX_DOCX_ITEMS_READ, stops."""

    def __init__(self, name: str) -> None:
        self.name, self.used = name, 0

    def spend(self, items: int) -> None:
        self.used += items
        if self.used > MAX_DOCX_ITEMS_READ:
            raise _docx_limit(
                self.name,
                f"the DOCX has more than {MAX_DOCX_ITEMS_READ:,} paragraphs, cells and runs",
            )


def _docx_text(data: bytes, name: str) -> str:
    import docx  # lazy: ~120 ms, paid only for DOCX

    budget = _Budget(name)
    try:
        document = docx.Document(io.BytesIO(data))
        sections = list(document.sections)
        # Headers first, so a "Name, CCMA" line reads like a contact header; footers last.
        lines = _margin_lines(sections, ("first_page_header", "header", "even_page_header"), budget)
        lines.extend(_block_lines(document, budget))
        lines.extend(
            _margin_lines(sections, ("first_page_footer", "footer", "even_page_footer"), budget)
        )
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - python-docx/lxml/zipfile raise many types on bad bytes
        raise _corrupt_docx(name) from None
    return "\n".join(lines)


def _margin_lines(sections: Sequence[object], kinds: tuple[str, ...], budget: _Budget) -> list[str]:
    """Lines of every header (or footer) of every section, each distinct one once.

    Word shows a first-page header only when "Different First Page" (w:titlePg) is on and an
    even-page one only with "Different Odd & Even Pages", but templates leave text there either
    way, and it is text on the page more often than not: every defined one is read.  A linked
    header (is_linked_to_previous) has no definition of its own: it shows an earlier section's,
    already read.  Sections often carry copies of the same header: each text is read once.
    """
    lines: list[str] = []
    seen: set[tuple[str, ...]] = set()
    for section in sections:
        for kind in kinds:
            budget.spend(1)
            part = getattr(section, kind)
            # checked first: reading a linked header's content would add an empty definition
            if part.is_linked_to_previous:
                continue
            text = tuple(line for line in _block_lines(part, budget) if line.strip())
            if text and text not in seen:
                seen.add(text)
                lines.extend(text)
    return lines


def _block_lines(container: object, budget: _Budget) -> Iterator[str]:
    """Lines of a document, header or table cell, paragraphs and tables in body order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for item in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            budget.spend(1 + len(item._p))  # the paragraph and its runs (and other children)
            yield item.text
            yield from _text_box_lines(item, budget)
        elif isinstance(item, Table):
            yield from _table_lines(item, budget)


def _table_lines(table: object, budget: _Budget) -> Iterator[str]:
    """Each row as "a | b" when its cells hold a line each, else each cell's lines in turn.

    A cell spanning several grid columns (gridSpan) is read once; a cell continuing a vertical
    merge (vMerge) shows the text of the cell that starts it, as python-docx's row.cells does,
    but found from a running map of grid offsets instead of row.cells, which repeats a cell once
    per column it spans (w:gridSpan="1000000000" is a few bytes) and looks a merge's start up
    row by row (quadratic in a long merge)."""
    from docx.table import _Cell

    starts: dict[int, tuple[str, ...]] = {}  # grid offset: lines of the cell that stands there
    for row in table.rows:  # type: ignore[attr-defined]
        tr = row._tr
        offset = tr.grid_before
        cells: list[tuple[str, ...]] = []
        for tc in tr.tc_lst:
            budget.spend(1)
            if tc.vMerge == "continue":
                lines = starts.get(offset, ())
            else:
                cell = _Cell(tc, table)  # type: ignore[arg-type]
                lines = tuple(line for line in _block_lines(cell, budget) if line.strip())
                starts[offset] = lines
            cells.append(lines)
            offset += tc.grid_span
        if all(len(lines) <= 1 for lines in cells):
            yield " | ".join(lines[0] for lines in cells if lines)
        else:
            # A layout table (two-column résumé templates): keep each cell's own lines.
            for lines in cells:
                yield from lines


def _text_box_lines(paragraph: object, budget: _Budget) -> Iterator[str]:
    """Text in text boxes anchored in *paragraph*, which python-docx's .text skips."""
    from docx.oxml.ns import qn

    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    element = paragraph._p  # type: ignore[attr-defined]
    for box in element.iter(qn("w:txbxContent")):
        # Word stores each text box twice (DrawingML and a VML fallback): read one copy.
        # Nested boxes are already read with the box that holds them.
        if any(a.tag in (fallback, box.tag) for a in box.iterancestors()):
            continue
        for p in box.iter(qn("w:p")):
            budget.spend(1 + len(p))
            yield "".join(t.text or "" for t in p.iter(qn("w:t")))
