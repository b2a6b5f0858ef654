"""YAML front matter (Jekyll, Hugo, MkDocs...) at the top of Markdown and HTML files.

Keys, slugs and most values are not prose; ``title`` and ``description`` are, each as a
block of its own, read straight from their source lines so offsets stay exact.  ``lang``
or ``language`` sets the document's language.  Front matter that is not valid YAML is
reported and read as plain text rather than dropped.
"""
from __future__ import annotations

import re

from framing_lint.documents import text as _text
from framing_lint.documents.emit import Context, normalize_language

_FRONT_MATTER_PROSE = ("title", "description")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_FENCE_LINE = re.compile(r"(---|\.\.\.)[ \t]*(?:\r\n|\r|\n|$)")


def extract_front_matter(ctx: Context) -> int:
    """Handle YAML front matter; return the offset where the body starts (0 if none)."""
    view = ctx.view
    if not view.startswith("---"):
        return 0
    first = _FENCE_LINE.match(view)
    if first is None or first.group(1) != "---" or first.end() == len(view):
        return 0
    body_start = first.end()
    close = None
    for m in _LINE.finditer(view, body_start):
        if m.start() == len(view):
            break
        c = _FENCE_LINE.match(view, m.start())
        if c is not None and c.end() == m.end():
            close = m
            break
    if close is None:
        return 0  # a thematic break, not front matter
    body_end = close.start()
    import yaml

    try:
        data = yaml.safe_load(ctx.source[body_start:body_end])
    except Exception as exc:  # YAMLError, but also ValueError (date: 2023-02-30), RecursionError ([[[[...)
        mark = getattr(exc, "problem_mark", None)
        line = ctx.line_of(body_start) + (mark.line if mark is not None else 0)
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        ctx.warnings.append((line, f"front matter is not valid YAML: {problem}; linted as text"))
        ctx.builder.brk()
        _text.extract_range(ctx, body_start, body_end)
        ctx.builder.brk()
        return close.end()
    if data is not None and not isinstance(data, dict):
        return 0  # "---", a sentence, "---": thematic breaks around text, not metadata
    if isinstance(data, dict):
        for key in ("lang", "language"):
            lang = normalize_language(data.get(key))
            if lang:
                ctx.language = lang
                break
        for key in _FRONT_MATTER_PROSE:
            if isinstance(data.get(key), str):
                _front_matter_value(ctx, key, body_start, body_end)
    return close.end()


def _front_matter_value(ctx: Context, key: str, start: int, end: int) -> None:
    """Emit the value of a top-level ``key:`` as its own block, straight from its lines.

    Handles what titles and descriptions look like in practice: a plain or quoted scalar
    on the key's line, a plain scalar continued on indented lines, a ``>``/``|`` block.
    """
    view = ctx.view
    builder = ctx.builder
    key_re = re.compile(re.escape(key) + r"[ \t]*:[ \t]*")
    # not re.MULTILINE's "^": it does not know that "\r" alone ends a line
    m = next((k for k in (key_re.match(view, ln.start(), end) for ln in _LINE.finditer(view, start, end)) if k), None)
    if m is None:
        return
    line = _LINE.match(view, m.end())
    assert line is not None
    v_start = m.end()
    value = view[v_start : line.end()].rstrip("\r\n").rstrip()
    builder.brk()
    if value[:1] in ("'", '"'):
        close = view.find(value[0], v_start + 1, v_start + len(value))
        if close > v_start:
            builder.text(v_start + 1, close)
        builder.brk()
        return
    if value and value[0] not in "|>":
        comment = value.find(" #")
        builder.text(v_start, v_start + (comment if comment >= 0 else len(value)))
    for cont in _LINE.finditer(view, line.end(), end):
        if cont.start() == end:
            break
        text = cont.group()
        if not text.strip():
            builder.brk()
            continue
        if text[0] not in " \t":
            break  # the next key
        if not builder.prose.at_block_start():
            builder.synthetic("\n")
        indent = len(text) - len(text.lstrip(" \t"))
        builder.text(cont.start() + indent, cont.start() + len(text.rstrip("\r\n")))
    builder.brk()
