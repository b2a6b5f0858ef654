"""Markdown (CommonMark + tables, strikethrough) via markdown-it-py's token stream.

Prose: headings, paragraphs, list items, table cells, block quotes, link text, image alt
text, the text inside raw HTML blocks, and the ``title``/``description`` of YAML front
matter (see :mod:`~framing_lint.documents.frontmatter`).  Not prose: fenced and indented code, code spans, URLs and link targets, HTML tags
and comments, other front matter keys.

markdown-it gives line ranges (``map``) for blocks but no offsets for inline text, so each
inline token is searched for, in order, from a cursor inside its block's lines.
markdown-it normalises some text (entities, backslash escapes, line endings), so:

* the parser is fed a same-length copy of the source in which ``\\r\\n`` became ``" \\n"``
  and a lone ``\\r`` became ``"\\n"`` (markdown-it would otherwise shorten ``\\r\\n`` and
  shift every offset after it); prose is still copied from the real source, so a soft
  break in the prose is the file's own line-break character;
* the ``text_join`` rule is off, so an entity or an escape arrives as its own
  ``text_special`` token with the original markup: we step over the markup and add the
  character it stands for as synthetic text ("Claims &amp; files" reads "Claims & files");
* a token that cannot be found verbatim within a short window is skipped, never guessed.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from framing_lint.documents.base import Document
from framing_lint.documents.emit import PLACEHOLDER, Context
from framing_lint.documents.frontmatter import extract_front_matter
from framing_lint.documents.html import HtmlExtractor
from framing_lint.documents.template_syntax import prepare

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Template syntax becomes a letter, not spaces: "{{ name }} wrote" at the start of a line
# would otherwise become an indented code block.
FILL = "x"
_WINDOW = 1024  # how far past the cursor an inline token may start (table padding, prefixes)
_MDX_ESM = re.compile(r"^(?:import|export)\b[^\n]*", re.MULTILINE)
_backticks: dict[int, re.Pattern[str]] = {}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    md.disable("text_join")
    return md


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
    fm_end = extract_front_matter(ctx)
    md_src = ctx.view
    if fm_end:
        md_src = _blank(md_src[:fm_end]) + md_src[fm_end:]
    if "\r" in md_src:
        md_src = md_src.replace("\r\n", " \n").replace("\r", "\n")
    if "\0" in md_src:
        md_src = md_src.replace("\0", "\ufffd")  # what markdown-it would do, same length
    if mdx:
        md_src = _MDX_ESM.sub(lambda m: " " * len(m.group()), md_src)
    assert len(md_src) == len(ctx.source)
    tokens = _parser().parse(md_src)
    _Walker(ctx, md_src).run(tokens)


def _blank(s: str) -> str:
    return re.sub(r"[^\r\n]", " ", s)


# -- token walk ----------------------------------------------------------------------------
def _backtick_run(n: int) -> re.Pattern[str]:
    if n not in _backticks:
        _backticks[n] = re.compile(r"(?<!`)`{%d}(?!`)" % n)
    return _backticks[n]


class _Walker:
    def __init__(self, ctx: Context, md: str) -> None:
        self.ctx = ctx
        self.md = md
        self.b = ctx.builder
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", md)]
        self.cursor = 0
        self.region: tuple[int, int] = (0, len(md))
        self._html: HtmlExtractor | None = None

    @property
    def html(self) -> HtmlExtractor:
        if self._html is None:
            self._html = HtmlExtractor(self.ctx)
        return self._html

    def _region(self, tmap: list[int] | None) -> tuple[int, int]:
        if tmap is None:
            return self.region
        starts = self.line_starts
        a = starts[tmap[0]] if tmap[0] < len(starts) else len(self.md)
        b = starts[tmap[1]] if tmap[1] < len(starts) else len(self.md)
        self.region = (a, b)
        return a, b

    def run(self, tokens: Sequence[Token]) -> None:
        for tok in tokens:
            kind = tok.type
            if kind == "inline":
                a, b = self._region(tok.map)
                self.cursor = self._inline(tok.children or [], max(self.cursor, a), b)
                if self._html is not None:
                    self._html.reset()
            elif kind == "html_block":
                a, b = self._region(tok.map)
                self.b.brk()
                self.html.reset()
                self.html.feed(a, b)
                self.html.reset()
                self.b.brk()
                self.cursor = max(self.cursor, b)
            else:
                # every other block token (paragraph, heading, item, cell, fence...) is a
                # boundary; fences and code blocks contribute nothing else
                self.b.brk()
                if tok.map is not None and kind in ("fence", "code_block"):
                    self.cursor = max(self.cursor, self._region(tok.map)[1])

    def _skipping(self) -> bool:
        return self._html is not None and self._html.skipping > 0

    def _inline(self, children: Sequence[Token], pos: int, end: int, depth: int = 0) -> int:
        md = self.md
        b = self.b
        autolink = False
        for c in children:
            kind = c.type
            if kind == "text":
                content = c.content
                if autolink or not content:
                    continue
                p = md.find(content, pos, min(end, pos + len(content) + _WINDOW))
                if p < 0:
                    continue  # normalised by markdown-it: skip rather than guess
                if not self._skipping():
                    b.text(p, p + len(content))
                pos = p + len(content)
            elif kind == "text_special":  # entity or backslash escape
                p = md.find(c.markup, pos, min(end, pos + len(c.markup) + _WINDOW))
                if p >= 0:
                    pos = p + len(c.markup)
                if not autolink and not self._skipping():
                    b.synthetic(c.content)
            elif kind in ("softbreak", "hardbreak"):
                p = md.find("\n", pos, end)
                if p >= 0:
                    if not self._skipping():
                        b.text(p, p + 1)  # the file's own "\n" or "\r"
                    pos = p + 1
                elif not self._skipping():
                    b.synthetic("\n")
            elif kind == "code_inline":
                run = _backtick_run(len(c.markup))
                m = run.search(md, pos, end)
                if m is not None:
                    close = run.search(md, m.end(), end)
                    pos = close.end() if close is not None else m.end()
                if not self._skipping():
                    b.synthetic(PLACEHOLDER)
            elif kind == "html_inline":
                p = md.find(c.content, pos, end)
                if p >= 0:
                    pos = p + len(c.content)
                    # comments (directives), <br>, <img alt>, <code>...</code> state
                    self.html.feed(p, pos)
            elif kind == "link_open":
                autolink = c.markup == "autolink"
                if autolink and not self._skipping():
                    b.synthetic(PLACEHOLDER)  # <https://...> reads as one word
            elif kind == "link_close":
                if autolink:
                    q = md.find(">", pos, end)
                    pos = q + 1 if q >= 0 else pos
                    autolink = False
                else:
                    pos = _skip_link_tail(md, pos, end)
            elif kind == "image":
                if depth < 20 and c.children:
                    pos = self._inline(c.children, pos, end, depth + 1)
                pos = _skip_link_tail(md, pos, end)
            # emphasis, strong, strikethrough: markers only, nothing to emit
        return pos


def _skip_link_tail(s: str, pos: int, end: int) -> int:
    """Step over ``](destination "title")``, ``][label]`` or ``]`` after link text."""
    j = s.find("]", pos, end)
    if j < 0:
        return pos
    k = j + 1
    if k < end and s[k] == "(":
        return _skip_parens(s, k, end)
    if k < end and s[k] == "[":
        close = s.find("]", k + 1, end)
        return close + 1 if close >= 0 else k
    return k


def _skip_parens(s: str, k: int, end: int) -> int:
    """Offset after the ``)`` closing the inline link destination opened at ``k``."""
    depth = 0
    i = k
    dest = k + 1
    while dest < end and s[dest] in " \t\n":
        dest += 1
    quote: str | None = None
    while i < end:
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if quote is not None:
            if c == quote:
                quote = None
        elif c == "<" and i == dest:
            close = s.find(">", i + 1, end)  # <destination with spaces>
            if close < 0:
                return k + 1
            i = close
        elif c in "\"'" and s[i - 1] in " \t\n":
            quote = c  # a title may contain ")"
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return k + 1
