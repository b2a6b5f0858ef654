"""Word (.docx) via python-docx: body paragraphs and table cells.

``Document.source`` is the paragraphs' text joined by "\\n", so a finding's line is the
paragraph number and its column the character in that paragraph.  A soft line break
inside a paragraph (Shift+Enter) becomes a space to keep that promise.  The fixer cannot
write Word files back, hence ``writable=False``.

The XML is walked with an explicit stack (no recursion): paragraphs in text boxes and
nested tables become their own lines; the VML fallback copy of a text box
(``mc:Fallback``) and deleted or moved-away tracked changes are left out, so no text is
read twice.  A paragraph containing ``framing-lint: disable-next-line`` (or another
directive) is a directive, as in plain text.
"""
from __future__ import annotations

import io
from typing import Any

from framing_lint.documents.base import Document, DocumentError
from framing_lint.documents.container import check_archive
from framing_lint.documents.emit import Context, ProseBuilder, normalize_language
from framing_lint.documents.text import extract_line_directive
from framing_lint.limits import DEFAULT, Limits

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P = _W + "p"
_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": " ", _W + "cr": " ", _W + "noBreakHyphen": "\u2011"}
_SKIP = frozenset({_MC + "Fallback", _W + "del", _W + "moveFrom", _W + "instrText", _W + "delText", _W + "rPr", _W + "pPr"})


def parse_bytes(data: bytes, limits: Limits = DEFAULT) -> Document:
    check_archive(data, "Word", limits)  # a zip bomb is refused before python-docx unpacks it
    try:
        import docx  # python-docx

        package = docx.Document(io.BytesIO(data))
        body = package.element.body
        paragraphs = _paragraphs(body)
        language = _language(package)
    except Exception as exc:  # zipfile, lxml, KeyError from a missing part...: all mean "corrupt"
        raise DocumentError(f"cannot read Word document: {type(exc).__name__}: {exc}") from exc
    return build(paragraphs, language)


def _paragraphs(body: Any) -> list[str]:
    paragraphs: list[list[str]] = []
    stack: list[tuple[Any, int]] = [(body, -1)]
    while stack:
        element, owner = stack.pop()
        tag = element.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue  # XML comments / processing instructions have non-string tags
        if tag == _P:
            owner = len(paragraphs)
            paragraphs.append([])
        elif tag in _TEXT and owner >= 0:
            char = _TEXT[tag]
            paragraphs[owner].append((element.text or "") if char is None else char)
        stack.extend((child, owner) for child in reversed(element))
    # "\n" would break the one-line-per-paragraph promise; "\r" likewise
    return ["".join(parts).replace("\r", " ").replace("\n", " ") for parts in paragraphs]


def _language(package: Any) -> str | None:
    try:
        lang = normalize_language(package.core_properties.language)
        if lang:
            return lang
        styles = package.styles.element
        found = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr/{_W}lang")
        if found is not None:
            return normalize_language(found.get(_W + "val"))
    except Exception:  # language is a hint; a document without styles is still a document
        return None
    return None


def build(paragraphs: list[str], language: str | None) -> Document:
    """A Document whose lines are ``paragraphs``; shared with the OpenDocument reader."""
    source = "\n".join(paragraphs)
    ctx = Context(source=source, view=source, builder=ProseBuilder(source), language=language)
    pos = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        end = pos + len(paragraph)
        stop = extract_line_directive(ctx, pos, end, number)
        ctx.builder.text(pos, stop)
        ctx.builder.brk()
        pos = end + 1
    return ctx.document(writable=False)
