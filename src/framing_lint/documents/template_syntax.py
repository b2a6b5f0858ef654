"""Finding template syntax (Jinja, Liquid, Handlebars, Mustache) and blanking it out.

One scanner serves every dialect: ``{{ }}``, ``{{{ }}}``, ``{{! }}``, ``{{!-- --}}``,
``{% %}`` (with Liquid/Jinja ``comment`` and ``raw`` blocks) and, for Jinja only,
``{# #}`` (elsewhere ``{#id}`` is a Markdown heading anchor).  Plain HTML, Markdown and
text files are scanned too ("sniffing"): Jekyll pages, Postmark ``.txt`` mails and
handbooks embed ``{{ ticket.id }}`` in files with ordinary extensions, and a template
variable is never prose.

The scan is linear: each opener searches for its closer once, and a closer that is
missing from the rest of the file is remembered so ``{{`` repeated a million times does
not search the file a million times.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from framing_lint.documents.directives import LineIndex, parse_directive
from framing_lint.documents.emit import PLACEHOLDER, Context, Mask, ProseBuilder

# Block tags whose content is not text standing where it is written: a comment; raw
# (literal text, not scanned for tags); capture / block-set (assigned to a variable,
# usually markup, printed elsewhere if at all).
_BLOCK_TAG = re.compile(r"\{%[-+]?\s*(comment|raw|capture|set)\b([^%]*)[-+]?%\}")
_END_TAG = {
    name: re.compile(r"\{%[-+]?\s*end" + name + r"\s*[-+]?%\}") for name in ("comment", "raw", "capture", "set")
}
# {{#if}} {{/if}} {{^list}} {{> partial}} {{=<% %>=}} {{else}}; {{& name}} prints a value.
_CONTROL_START = re.compile(r"[#/^>=]|else\b")


class Tag(NamedTuple):
    start: int
    end: int
    kind: str  # "output" (prints a value), "control" (if/for/partials), "comment"
    body: str  # the comment text, for directives; "" otherwise


def scan(source: str, *, jinja_comments: bool = False, limit: int | None = None) -> tuple[list[Tag], list[tuple[int, str]]]:
    """Template tags in source order, plus offsets of unclosed openers.

    ``limit``: when sniffing an ordinary file, a tag must close within this many
    characters and not contain a blank line; otherwise a stray "{{" in prose would hide
    everything up to some distant "}}".
    """
    tags: list[Tag] = []
    unclosed: list[tuple[int, str]] = []
    missing: set[str] = set()  # closers known to be absent from the rest of the file
    pos = 0
    n = len(source)
    while True:
        i = source.find("{", pos)
        if i < 0 or i + 1 >= n:
            break
        nxt = source[i + 1]
        if nxt == "{":
            if source.startswith("{{!--", i):
                close, kind, body_start = "--}}", "comment", i + 5
            elif source.startswith("{{{", i):
                close, kind, body_start = "}}}", "output", i + 3
            elif source.startswith("{{!", i):
                close, kind, body_start = "}}", "comment", i + 3
            else:
                close, kind, body_start = "}}", "output", i + 2
        elif nxt == "%":
            close, kind, body_start = "%}", "control", i + 2
        elif nxt == "#" and jinja_comments:
            close, kind, body_start = "#}", "comment", i + 2
        else:
            pos = i + 1
            continue
        if limit is not None:
            j = source.find(close, body_start, body_start + limit)
            if j < 0 or _has_blank_line(source, body_start, j):
                pos = body_start
                continue
        else:
            j = -1 if close in missing else source.find(close, body_start)
            if j < 0:
                missing.add(close)
                unclosed.append((i, source[i:body_start]))
                pos = body_start
                continue
        end = j + len(close)
        body = source[body_start:j]
        if kind == "output":
            stripped = body.lstrip("-~+ \t\r\n")
            if _CONTROL_START.match(stripped):
                kind = "control"
        if nxt == "%":
            block = _BLOCK_TAG.match(source, i)
            name = block.group(1) if block and block.end() == end else ""
            if name == "set" and "=" in block.group(2):  # type: ignore[union-attr]
                name = ""  # {% set x = 1 %} is a plain tag, not a block
            closing = None
            if name and "end" + name not in missing:
                closing = _END_TAG[name].search(source, end)
                if closing is None:
                    missing.add("end" + name)  # keeps "{% raw %}" * 1e5 linear
            if name in ("comment", "capture", "set"):
                # The whole block is one tag; a comment's text may hold a directive.
                stop = closing.end() if closing else end
                inner = source[end : closing.start()] if closing else ""
                tags.append(Tag(i, stop, "comment" if name == "comment" else "control", inner if name == "comment" else ""))
                pos = stop
                continue
            if name == "raw":
                # {% raw %}: the tags go, the content between them is literal text that
                # must not be scanned for tags.
                tags.append(Tag(i, end, "control", ""))
                if closing:
                    tags.append(Tag(closing.start(), closing.end(), "control", ""))
                    pos = closing.end()
                else:
                    pos = end
                continue
            stripped = body.strip("-+ \t\r\n")
            if stripped.startswith("#"):  # Liquid inline comment {% # note %}
                kind, body = "comment", stripped[1:]
        tags.append(Tag(i, end, kind, body if kind == "comment" else ""))
        pos = end
    return tags, unclosed


_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")


def _has_blank_line(source: str, start: int, end: int) -> bool:
    return _BLANK_LINE.search(source, start, end) is not None


def _standalone(source: str, tags: list[Tag]) -> list[bool]:
    """For each tag: is it alone on its line(s) with other tags and whitespace only?

    Such a line becomes a blank line in the view (a block boundary, like Mustache's
    "standalone" tags); other tags become filler inside their line.
    """
    result = [False] * len(tags)
    n = len(source)
    k = 0
    while k < len(tags):
        # group tags separated only by spaces/tabs
        g_end = k
        while g_end + 1 < len(tags) and _blank_between(source, tags[g_end].end, tags[g_end + 1].start):
            g_end += 1
        a = tags[k].start
        b = tags[g_end].end
        left = a
        while left > 0 and source[left - 1] in " \t":
            left -= 1
        right = b
        while right < n and source[right] in " \t":
            right += 1
        if (left == 0 or source[left - 1] in "\r\n") and (right == n or source[right] in "\r\n"):
            for t in range(k, g_end + 1):
                result[t] = True
        k = g_end + 1
    return result


def _blank_between(source: str, a: int, b: int) -> bool:
    if b < a or b - a > 200:
        return False
    return not source[a:b].strip(" \t")


def blank_out(source: str, tags: list[Tag], fill: str) -> str:
    """Same-length copy of ``source`` with every tag replaced.

    Line breaks inside a tag are kept (line-based parsers still see the same lines);
    standalone tags become spaces so their line is blank; inline tags become ``fill``
    (spaces for HTML and text, a letter for Markdown, where a run of spaces at the start
    of a line would turn the line into an indented code block).
    """
    if not tags:
        return source
    alone = _standalone(source, tags)
    parts: list[str] = []
    pos = 0
    for tag, standalone in zip(tags, alone):
        parts.append(source[pos:tag.start])
        char = " " if standalone else fill
        chunk = source[tag.start:tag.end]
        if "\n" in chunk or "\r" in chunk:
            parts.append(re.sub(r"[^\r\n]", char, chunk))
        else:
            parts.append(char * len(chunk))
        pos = tag.end
    parts.append(source[pos:])
    return "".join(parts)


_SNIFF_LIMIT = 1000


def prepare(source: str, *, fill: str = " ", dialect: str | None = None) -> Context:
    """A parse context for ``source`` with its template syntax blanked out.

    ``dialect`` None means sniffing (an ordinary HTML/Markdown/text file): no Jinja
    comments, no warnings about unclosed ``{{`` (it may just be text).
    """
    if dialect is None and "{{" not in source and "{%" not in source:
        return Context(source=source, view=source, builder=ProseBuilder(source))
    tags, unclosed = scan(source, jinja_comments=dialect == "jinja", limit=_SNIFF_LIMIT if dialect is None else None)
    masks = [Mask(t.start, t.end, PLACEHOLDER if t.kind == "output" else "") for t in tags]
    view = blank_out(source, tags, fill)
    ctx = Context(source=source, view=view, builder=ProseBuilder(source, masks))
    lines: LineIndex = ctx.lines
    for t in tags:
        if t.kind == "comment":
            d = parse_directive(t.body, lines.line_of(t.start), lines.line_of(t.end - 1), ctx.warnings)
            if d is not None:
                ctx.directives.append(d)
    if dialect is not None:
        for offset, opener in unclosed:
            ctx.warnings.append((lines.line_of(offset), f"unclosed template tag {opener!r}; the rest is linted as text"))
    return ctx
