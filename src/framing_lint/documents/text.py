"""Plain text: every line is prose; blank lines end paragraphs.

Line breaks stay in the prose as the original characters, so "claim\\nfile" matches.  A
line carrying a ``framing-lint:`` directive keeps the prose before the marker (``Our
target customers  # framing-lint: disable-line``) and drops the comment itself.
"""
from __future__ import annotations

import re

from framing_lint.documents.base import Document
from framing_lint.documents.directives import find_marker, parse_directive
from framing_lint.documents.emit import Context
from framing_lint.documents.template_syntax import prepare

FILL = " "
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_NONSPACE = re.compile(r"\S")
# What usually introduces a directive in a text-like file: "# ", "// ", "<!-- ", ".. ".
_COMMENT_LEADS = ("{{!--", "<!--", "{{!", "{#", "..", "//", "--", "#", ";", "%")


def extract_line_directive(ctx: Context, start: int, end: int, line_no: int) -> int:
    """Parse a directive on the line ``[start, end)`` of the view; return where prose stops.

    Returns ``end`` when the line holds no directive.
    """
    view = ctx.view
    marker = find_marker(view, start, end)
    if marker < 0:
        return end
    d = parse_directive(view[marker:end], line_no, line_no, ctx.warnings)
    if d is None:
        return end
    ctx.directives.append(d)
    p = _rstrip(view, start, marker)
    for lead in _COMMENT_LEADS:
        if p - len(lead) >= start and view.startswith(lead, p - len(lead)):
            return _rstrip(view, start, p - len(lead))
    return p


def _rstrip(view: str, start: int, p: int) -> int:
    while p > start and view[p - 1] in " \t":
        p -= 1
    return p


def extract(ctx: Context) -> None:
    extract_range(ctx, 0, len(ctx.view))


def extract_range(ctx: Context, start: int, end: int) -> None:
    """Lines of ``ctx.view[start:end]`` as plain text (``start`` must begin a line)."""
    view = ctx.view
    builder = ctx.builder
    line_no = ctx.line_of(start) - 1 if start else 0
    for m in _LINE.finditer(view, start, end):
        if m.start() == end:
            break
        line_no += 1
        a, b = m.span()
        stop = extract_line_directive(ctx, a, b, line_no)
        if stop < b:
            # the prose before a trailing directive stays; the line still ends a block
            builder.text(a, stop)
            builder.brk()
        elif _NONSPACE.search(view, a, b) is None:
            builder.brk()
        else:
            builder.text(a, b)


def parse(source: str) -> Document:
    ctx = prepare(source, fill=FILL)
    extract(ctx)
    return ctx.document()
