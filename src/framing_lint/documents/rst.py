"""reStructuredText, with a line-based parser.

docutils is not used: its nodes carry line numbers but no reliable character offsets
(text is unescaped, joined and re-flowed before it reaches a node), and we need every
prose character mapped to its source character.  A line-based reading covers what prose
lives in: paragraphs, titles, lists, block quotes, definition lists, field values, tables,
footnotes and the bodies of admonitions (``.. note::``).

Not prose: directives and their options and (except admonitions) their bodies, comments,
targets, substitution definitions, literal blocks (after ``::``), doctest blocks, inline
literals, role targets (``:ref:`text <target>``` keeps "text"), URLs, section adornments.

Known limits: inline markup is recognised within a paragraph but without every docutils
rule; grid table cells are read line by line, so a phrase wrapped inside a cell is split.
"""
from __future__ import annotations

import bisect
import re

from framing_lint.documents.base import Document
from framing_lint.documents.emit import PLACEHOLDER, Context
from framing_lint.documents.template_syntax import prepare
from framing_lint.documents.text import extract_line_directive

FILL = " "
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}[ \t]*\Z")
_SIMPLE_TABLE_BORDER = re.compile(r"=+(?:[ \t]+=+)+[ \t]*\Z")
_GRID_BORDER = re.compile(r"\+[-=+]*\+[ \t]*\Z")
_DIRECTIVE = re.compile(r"\.\.[ \t]+(?:\|[^|]+\|[ \t]+)?([\w:+.-]+?)::(?:[ \t]+|\Z)")
_FOOTNOTE = re.compile(r"\.\.[ \t]+\[(?:\d+|#[\w-]*|\*|[\w.-]+)\][ \t]*")
_BULLET = re.compile(r"(?:[-*+•‣⁃]|\d+[.)]|[A-Za-z#][.)]|\((?:\d+|[A-Za-z#])\)|[ivxlcdm]+[.)])[ \t]+(?=\S)")
_FIELD = re.compile(r":(?![: ])[^:`]+(?<! ):(?:[ \t]+|\Z)")
_LINE_BLOCK = re.compile(r"\|[ \t]+")
_NONSPACE = re.compile(r"\S")

# Directives whose body (and argument) is prose.
_PROSE_DIRECTIVES = frozenset(
    """attention caution danger error hint important note tip warning admonition seealso topic sidebar rubric
    epigraph highlights pull-quote compound container versionadded versionchanged deprecated todo""".split()
)
_PROSE_BODY_ONLY = frozenset("figure table list-table".split())  # argument is a path/caption; body is prose
_PROSE_ROLES = frozenset("emphasis strong literal-quote sub sup subscript superscript title-reference title t abbr term dfn guilabel menuselection".split())

# Inline markup.  Every alternative is linear over a paragraph: a match can only start
# where the construct could begin (the lookbehinds), and no alternative scans further than
# the next delimiter of its own kind -- except an inline literal, whose closing ``````
# may be anywhere in the paragraph: only its opening is matched here and the closing is
# looked up in a list of every possible closing (see ``_Reader._inline``).  Before that,
# "``a " repeated or "a-" repeated made the scan quadratic (20 s for 160 KB).
_INLINE = re.compile(
    r"(?P<literal>``(?=\S))"
    r"|(?P<role>(?<![\w.+:])(?<![\w.+:-]-):[\w.+-]++(?::[\w.+-]++)*+:)`(?P<role_body>[^`]++)`"
    r"|`(?P<ref_body>[^`]++)`__?(?!\w)"
    r"|`(?P<interp_body>[^`]++)`(?P<post_role>:[\w.+-]+:)?"
    r"|(?<![\w*])\*\*(?P<strong>\S(?:[^*]*?\S)?)\*\*(?!\w)"
    r"|(?<![\w*])\*(?P<em>[^\s*](?:[^*]*?[^\s*])?)\*(?!\w)"
    r"|(?<![\w|])\|(?P<subst>[^|\s](?:[^|]*?[^|\s])?)\|(?:__?)?(?!\w)"
    r"|\[(?:\d++|#[\w-]*+|\*|[\w.-]++)\]_(?!\w)"
    # a reference name: words joined by single . - _ + : (a match starts at the first word
    # of such a chain only, so "a-a-a-..." without a final "_" is read once)
    r"|(?P<word_ref>(?<![\w`])(?<![^\W_][-._+:])[^\W_]++(?:[-._+:][^\W_]++)*+)__?(?!\w)",
    re.DOTALL,
)
# Everything but the literal, tried where an inline literal has no closing.
_INLINE_NO_LITERAL = re.compile(_INLINE.pattern.split("|", 1)[1], re.DOTALL)
# Where an inline literal can close: "``" after a non-space character (overlapping: "```").
_LITERAL_CLOSE = re.compile(r"(?<=\S)(?=``)")
_TARGET = re.compile(r"\s*<[^<>]*>\s*\Z")


def parse(source: str) -> Document:
    ctx = prepare(source, fill=FILL)
    extract(ctx)
    return ctx.document()


def extract(ctx: Context) -> None:
    _Reader(ctx).run()


class _Reader:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.view = ctx.view
        self.b = ctx.builder
        # a pending paragraph: (start offset of its text, end offset incl. last newline)
        self.para: tuple[int, int] | None = None
        self.para_indent = -1
        self.skip_indent: int | None = None  # skip lines indented more than this
        self.options_indent: int | None = None  # ":option:" lines after a prose directive
        self.literal_indent: int | None = None  # the paragraph ended with "::"
        self.doctest = False
        self.grid = False
        self.simple_table = False

    def run(self) -> None:
        view = self.view
        line_no = 0
        for m in _LINE.finditer(view):
            if m.start() == len(view):
                break
            line_no += 1
            self._line(m.start(), m.end(1), m.end(), line_no)
        self._flush()

    def _line(self, start: int, content_end: int, end: int, line_no: int) -> None:
        view = self.view
        first = _NONSPACE.search(view, start, content_end)
        if first is None:  # blank
            self._flush()
            self.doctest = False
            self.grid = False
            self.simple_table = False
            self.options_indent = None
            return
        indent = first.start() - start
        stripped = view[first.start() : content_end]
        stop = extract_line_directive(self.ctx, start, content_end, line_no)
        if stop < content_end:
            self._flush()
            if self.skip_indent is None and stop > first.start():
                self._inline(first.start(), stop)
                self.b.brk()
            return
        if self.skip_indent is not None:
            if indent > self.skip_indent:
                return
            self.skip_indent = None
        if self.literal_indent is not None:
            literal_indent = self.literal_indent
            self.literal_indent = None
            if indent > literal_indent:
                self.skip_indent = literal_indent
                return
        if self.options_indent is not None:
            if indent > self.options_indent and stripped.startswith(":"):
                return
            self.options_indent = None
        if self.doctest or stripped.startswith(">>> "):
            self._flush()
            self.doctest = True
            return

        if stripped.startswith(".."):
            self._flush()
            self._explicit(first.start(), content_end, indent, stripped)
            return
        if stripped.startswith("__ ") or stripped == "__":  # anonymous target
            self._flush()
            self.skip_indent = indent
            return
        if _ADORNMENT.match(stripped) or _SIMPLE_TABLE_BORDER.match(stripped):
            # titles' under/overlines, transitions, simple-table borders
            self._flush()
            if _SIMPLE_TABLE_BORDER.match(stripped):
                self.simple_table = True  # until the blank line after the table
            return
        if _GRID_BORDER.match(stripped):
            self._flush()
            self.grid = True
            return
        if self.grid and stripped.startswith("|"):
            self._cells(first.start(), content_end, "|")
            return
        if self.simple_table:
            self._cells(first.start(), content_end, None)
            return

        content = first.start()
        bullet = _BULLET.match(view, content, content_end)
        field = _FIELD.match(view, content, content_end)
        line_block = _LINE_BLOCK.match(view, content, content_end)
        if bullet or field or line_block:
            self._flush()
            content = (bullet or field or line_block).end()  # type: ignore[union-attr]
            indent = content - start
        elif indent != self.para_indent and self.para is not None:
            self._flush()  # a definition under its term, a quote after a paragraph
        if self.para is None:
            self.para = (content, end)
            self.para_indent = indent
        else:
            self.para = (self.para[0], end)
        if stripped.endswith("::"):
            self.literal_indent = indent if not bullet else content - start
            # "Example::" reads "Example:"; a lone "::" or "text ::" reads nothing more
            cut = content_end - 2
            if cut > content and view[cut - 1] not in " \t":
                cut += 1
            self.para = (self.para[0], cut)
            self._flush()

    def _explicit(self, start: int, end: int, indent: int, stripped: str) -> None:
        view = self.view
        d = _DIRECTIVE.match(view, start, end)
        if d is not None:
            name = d.group(1).lower().split(":")[-1]
            if name in _PROSE_DIRECTIVES:
                if d.end() < end:
                    self._inline(d.end(), end)
                self.b.brk()
                self.options_indent = indent
            elif name in _PROSE_BODY_ONLY:
                self.options_indent = indent
            else:
                self.skip_indent = indent  # code, image, toctree, raw, math, ...
            return
        f = _FOOTNOTE.match(view, start, end)
        if f is not None:
            if f.end() < end:
                self.para = (f.end(), end)
                self.para_indent = indent + 3
            return
        # targets ".. _x: url", comments, ".. |sub|" without a directive: not prose
        self.skip_indent = indent

    def _cells(self, start: int, end: int, sep: str | None) -> None:
        view = self.view
        self._flush()
        if sep is None:  # simple table: columns are separated by two or more spaces
            pos = start
            for m in re.finditer(r"[ \t]{2,}", view[start:end]):
                self._inline(pos, start + m.start())
                self.b.brk()
                pos = start + m.end()
            self._inline(pos, end)
        else:
            pos = start + 1
            while pos < end:
                bar = view.find(sep, pos, end)
                stop = end if bar < 0 else bar
                first = _NONSPACE.search(view, pos, stop)
                if first is not None:
                    self._inline(first.start(), stop)
                    self.b.brk()
                pos = stop + 1
        self.b.brk()

    def _flush(self) -> None:
        if self.para is not None:
            self._inline(*self.para)
            self.para = None
        self.para_indent = -1
        self.b.brk()

    def _inline(self, start: int, end: int) -> None:
        view = self.view
        b = self.b
        pos = start
        closes: list[int] | None = None  # closings of inline literals, found on first need
        search = _INLINE.search
        at = start
        while True:
            m = search(view, at, end)
            if m is None:
                break
            if m.group("literal") is not None:
                if closes is None:
                    closes = [c.start() for c in _LITERAL_CLOSE.finditer(view, start, end)]
                close = _literal_close(closes, m.start())
                if close < 0:
                    # No closing: the other constructs may still start here, else move on.
                    other = _INLINE_NO_LITERAL.match(view, m.start(), end)
                    if other is None:
                        at = m.start() + 1
                        continue
                    m = other
                else:
                    b.text(pos, m.start())
                    b.synthetic(PLACEHOLDER)
                    pos = at = close + 2
                    continue
            b.text(pos, m.start())
            pos = at = m.end()
            if m.group("role"):
                role = m.group("role").strip(":").split(":")[-1].lower()
                self._body(m.start("role_body"), m.end("role_body"), prose_role=role in _PROSE_ROLES)
            elif m.group("ref_body") is not None:
                self._body(m.start("ref_body"), m.end("ref_body"), prose_role=True)
            elif m.group("interp_body") is not None:
                role = (m.group("post_role") or ":title-reference:").strip(":").lower()
                self._body(m.start("interp_body"), m.end("interp_body"), prose_role=role in _PROSE_ROLES)
            elif m.group("strong") is not None:
                b.text(m.start("strong"), m.end("strong"))
            elif m.group("em") is not None:
                b.text(m.start("em"), m.end("em"))
            elif m.group("subst") is not None:
                b.synthetic(PLACEHOLDER)
            elif m.group("word_ref") is not None:
                b.text(m.start("word_ref"), m.end("word_ref"))
            # footnote references: nothing
        b.text(pos, end)

    def _body(self, start: int, end: int, prose_role: bool) -> None:
        """The text of a role or reference: ``text <target>`` keeps "text"."""
        target = _TARGET.search(self.view, start, end)
        if target is not None and target.start() > start:
            self.b.text(start, target.start())
        elif prose_role:
            self.b.text(start, end)
        else:
            self.b.synthetic(PLACEHOLDER)


def _literal_close(closes: list[int], opening: int) -> int:
    """Where the inline literal opened at ``opening`` closes, or -1.

    The same closing the old single regular expression picked: the first one after two or
    more characters of content, else the one right after a single character.
    """
    i = bisect.bisect_left(closes, opening + 4)
    if i < len(closes):
        return closes[i]
    i = bisect.bisect_left(closes, opening + 3)
    return closes[i] if i < len(closes) and closes[i] == opening + 3 else -1
