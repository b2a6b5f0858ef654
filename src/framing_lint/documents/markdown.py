"""Markdown (CommonMark + tables, strikethrough) via pulldown-cmark's event stream.

Prose: headings, paragraphs, list items, table cells, block quotes, link text, image alt
text, the text inside raw HTML blocks, and the ``title``/``description`` of YAML front
matter (see :mod:`~framing_lint.documents.frontmatter`).  Not prose: fenced and indented code, code spans, URLs and link targets, HTML tags
and comments, other front matter keys.

The parser is pulldown-cmark (Rust, through ``pyromark``): about 25x faster than a
pure-Python parser on a handbook, and every event carries the source range it came from,
so text is mapped back exactly instead of being searched for.  Ranges are UTF-8 byte
offsets; :class:`_CharOffsets` turns them into character offsets.  A text event whose
source is not the text itself (an entity, ``&amp;`` -> ``&``) is added as synthetic text.
"""
from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from framing_lint.documents.base import Document
from framing_lint.documents.emit import PLACEHOLDER, Context
from framing_lint.documents.frontmatter import extract_front_matter
from framing_lint.documents.template_syntax import prepare

if TYPE_CHECKING:
    from framing_lint.documents.html import HtmlExtractor

# Template syntax becomes a letter, not spaces: "{{ name }} wrote" at the start of a line
# would otherwise become an indented code block.
FILL = "x"
_MDX_ESM = re.compile(r"^(?:import|export)\b[^\n]*", re.MULTILINE)
_LONE_CR = re.compile(r"\r(?!\n)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Containers that end a block of prose; the inline ones (Emphasis, Strong, Link ...) do not.
_BLOCKS = frozenset(
    "Paragraph Heading BlockQuote CodeBlock HtmlBlock List Item FootnoteDefinition Table TableHead TableRow "
    "TableCell DefinitionList DefinitionListTitle DefinitionListDefinition MetadataBlock".split()
)


def parse(source: str) -> Document:
    ctx = prepare(source, fill=FILL)
    extract(ctx)
    return ctx.document()


def parse_mdx(source: str) -> Document:
    """MDX: Markdown whose top-level ``import``/``export`` lines are JavaScript."""
    ctx = prepare(source, fill=FILL)
    extract(ctx, mdx=True)
    return ctx.document()


def extract(ctx: Context, mdx: bool = False) -> None:
    import pyromark  # imported here: only Markdown files need it

    fm_end = extract_front_matter(ctx)
    md_src = ctx.view
    if fm_end:
        md_src = _blank(md_src[:fm_end]) + md_src[fm_end:]
    if "\r" in md_src:
        # pulldown-cmark misreads a lone "\r" line ending (old Mac files) around fences and
        # HTML blocks; the parser gets "\n" instead, the prose still copies the file's "\r".
        md_src = _LONE_CR.sub("\n", md_src)
    if "\0" in md_src:
        md_src = md_src.replace("\0", "\ufffd")  # what the parser would do, same length
    if mdx:
        md_src = _MDX_ESM.sub(lambda m: " " * len(m.group()), md_src)
    if not md_src.isascii() and _SURROGATE.search(md_src):
        # Undecodable bytes kept as lone surrogates cannot cross into Rust; one character
        # each either way, so offsets are unchanged.
        md_src = _SURROGATE.sub("\ufffd", md_src)
    assert len(md_src) == len(ctx.source)
    options = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
    _Walker(ctx, md_src).run(pyromark.events_with_range(md_src, options=options))


def _blank(s: str) -> str:
    return re.sub(r"[^\r\n]", " ", s)


class _CharOffsets:
    """UTF-8 byte offset -> character offset, for one text.

    ASCII text needs nothing.  Otherwise each run of non-ASCII characters is recorded with
    its byte and character extent; an offset after a run is shifted by the extra bytes of
    every run before it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.identity = text.isascii()
        self.byte_starts: list[int] = []
        self.runs: list[tuple[int, int, int]] = []  # (char start, byte end, bytes - chars after the run)
        if self.identity:
            return
        extra = 0
        for m in _NON_ASCII.finditer(text):
            byte_start = m.start() + extra
            extra += len(m.group().encode("utf-8")) - len(m.group())
            self.byte_starts.append(byte_start)
            self.runs.append((m.start(), m.end() + extra, extra))

    def __call__(self, offset: int) -> int:
        if self.identity:
            return offset
        k = bisect.bisect_right(self.byte_starts, offset) - 1
        if k < 0:
            return offset
        char_start, byte_end, extra = self.runs[k]
        if offset >= byte_end:
            return offset - extra
        # Inside a run (a boundary between two non-ASCII characters): count its characters.
        head = self.text[char_start : char_start + (offset - self.byte_starts[k])].encode("utf-8")
        return char_start + len(head[: offset - self.byte_starts[k]].decode("utf-8", "ignore"))


# -- event walk ----------------------------------------------------------------------------
class _Walker:
    def __init__(self, ctx: Context, md: str) -> None:
        self.ctx = ctx
        self.md = md
        self.b = ctx.builder
        self.char = _CharOffsets(md)
        self._html: HtmlExtractor | None = None
        self._html_used = False  # fed since the last boundary: reset it there

    @property
    def html(self) -> HtmlExtractor:
        if self._html is None:
            # Imported here: Markdown without inline or block HTML (most of it) never needs it.
            from framing_lint.documents.html import HtmlExtractor

            self._html = HtmlExtractor(self.ctx)
        return self._html

    def _skipping(self) -> bool:
        return self._html is not None and self._html.skipping > 0

    def _boundary(self) -> None:
        # An unclosed inline <code> must not swallow the next block.
        if self._html_used:
            self.html.reset()
            self._html_used = False
        self.b.brk()

    def run(self, events: Iterable[tuple[Any, dict[str, int]]]) -> None:
        md, b = self.md, self.b
        # Most files are ASCII: their byte offsets are character offsets, and a C function
        # passes them through faster than the converter's Python call (twice per event).
        char = operator.index if self.char.identity else self.char
        code = 0  # inside a code block
        html_block: list[tuple[int, int]] | None = None  # line ranges of the open HTML block
        autolink = 0  # inside <https://...>: its text is a URL
        links: list[int] = []  # prose offsets where the open links' text starts
        for event, rng in events:
            if type(event) is str:  # SoftBreak, HardBreak, Rule
                if event in ("SoftBreak", "HardBreak"):
                    if code or autolink or self._skipping():
                        continue
                    end = char(rng["end"])
                    if end > 0 and md[end - 1] in "\n\r":
                        b.text(end - 1, end)  # the file's own line-break character
                    else:
                        b.synthetic("\n")
                else:
                    self._boundary()
                continue
            ((kind, value),) = event.items()
            if kind == "Text":
                if code or autolink or html_block is not None or self._skipping():
                    continue
                start, end = char(rng["start"]), char(rng["end"])
                if end - start == len(value) and md.startswith(value, start):
                    b.text(start, end)
                else:
                    b.synthetic(value)  # an entity or escape: the character it stands for
            elif kind == "Code":
                if not autolink and not self._skipping():
                    b.synthetic(PLACEHOLDER)
            elif kind == "InlineHtml":
                # comments (directives), <br>, <img alt>, <code>...</code> state
                self.html.feed(char(rng["start"]), char(rng["end"]))
                self._html_used = True
            elif kind == "Html":
                if html_block is not None:
                    html_block.append((char(rng["start"]), char(rng["end"])))
            elif kind == "Start":
                name = value if type(value) is str else next(iter(value))
                if name == "Link" and value["Link"]["link_type"] in ("Autolink", "Email"):
                    autolink += 1
                    if not self._skipping():
                        b.synthetic(PLACEHOLDER)  # <https://...> reads as one word
                elif name == "Link":
                    links.append(len(b.prose))
                elif name in _BLOCKS:
                    self._boundary()
                    if name == "CodeBlock":
                        code += 1
                    elif name == "HtmlBlock":
                        html_block = []
            elif kind == "End":
                name = value if type(value) is str else next(iter(value))
                if name == "Link" and autolink:
                    autolink -= 1
                elif name == "Link" and links:
                    start = links.pop()
                    if len(b.prose) > start:
                        self.ctx.link_texts.append((start, len(b.prose)))
                elif name in _BLOCKS:
                    if name == "CodeBlock":
                        code = max(0, code - 1)
                    elif name == "HtmlBlock" and html_block is not None:
                        self._feed_html_block(html_block)
                        html_block = None
                    self._boundary()

    def _feed_html_block(self, lines: list[tuple[int, int]]) -> None:
        if not lines:
            return
        html = self.html
        html.reset()
        # One piece when only whitespace lies between the lines (the "\r" of "\r\n", list
        # indentation), so a tag spanning lines stays whole; line by line inside a block
        # quote, where each line starts with "> ".
        md = self.md
        if all(not md[lines[i][1] : lines[i + 1][0]].strip() for i in range(len(lines) - 1)):
            html.feed(lines[0][0], lines[-1][1])
        else:
            for start, end in lines:
                html.feed(start, end)
        html.reset()
