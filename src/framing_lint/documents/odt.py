"""OpenDocument text (.odt) via odfpy: paragraphs, headings and table cells.

Same shape as Word (see :mod:`~framing_lint.documents.docx`): one line per paragraph,
``writable=False``.  ``<text:s text:c="3"/>`` expands to its spaces, tabs and line
breaks become a tab and a space; footnote bodies and text-box paragraphs are lines of
their own; annotations (comments), note citations and tracked deletions are skipped.
"""
from __future__ import annotations

import contextlib
import io
import threading
from typing import Any

from framing_lint.documents.base import Document, DocumentError
from framing_lint.documents.container import check_archive
from framing_lint.documents.docx import build
from framing_lint.documents.emit import normalize_language
from framing_lint.limits import DEFAULT, Limits

_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_FO_NS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_SVG_NS = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
_PARAGRAPHS = frozenset({(_TEXT_NS, "p"), (_TEXT_NS, "h")})
_SKIP = frozenset(
    {
        (_TEXT_NS, "note-citation"),
        (_TEXT_NS, "tracked-changes"),
        (_OFFICE_NS, "annotation"),
        (_SVG_NS, "desc"),
        (_SVG_NS, "title"),
    }
)
_TEXT_NODE = 3


# odfpy prints a part it cannot parse to standard output (with the document's text in it)
# and goes on with the part missing; standard output is the report's alone, so it is
# caught while odfpy loads (one load at a time: the redirection is process-wide).
_LOAD_LOCK = threading.Lock()


def parse_bytes(data: bytes, limits: Limits = DEFAULT) -> Document:
    check_archive(data, "OpenDocument", limits)  # a zip bomb is refused before odfpy unpacks it
    try:
        from odf.opendocument import load

        caught = io.StringIO()
        with _LOAD_LOCK, contextlib.redirect_stdout(caught):
            doc = load(io.BytesIO(data))
        if "SAX FAILED TO PARSE" in caught.getvalue():  # odfpy went on without the part
            raise DocumentError(f"cannot read OpenDocument file: {_broken_part(data)}")
        paragraphs = _paragraphs(doc.text)
        language = _language(doc)
    except DocumentError:
        raise
    except Exception as exc:  # zipfile, SAX, missing parts...: all mean "corrupt"
        raise DocumentError(f"cannot read OpenDocument file: {type(exc).__name__}: {exc}") from exc
    return build(paragraphs, language)


def _broken_part(data: bytes) -> str:
    """Which XML part odfpy could not parse, and where (the part's text is never shown)."""
    import zipfile
    from xml.parsers import expat

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in ("settings.xml", "meta.xml", "content.xml", "styles.xml"):
            if name not in archive.namelist():
                continue
            parser = expat.ParserCreate()
            try:
                parser.Parse(archive.read(name), True)
            except expat.ExpatError as exc:
                return f"{name} is not well-formed XML (line {exc.lineno}, column {exc.offset + 1}: {expat.ErrorString(exc.code)})"
    return "a part is not valid XML"


def _paragraphs(root: Any) -> list[str]:
    paragraphs: list[list[str]] = []
    stack: list[tuple[Any, int]] = [(root, -1)]
    while stack:
        node, owner = stack.pop()
        if node.nodeType == _TEXT_NODE:
            if owner >= 0:
                paragraphs[owner].append(node.data)
            continue
        qname = node.qname
        if qname in _SKIP:
            continue
        if qname in _PARAGRAPHS:
            owner = len(paragraphs)
            paragraphs.append([])
        elif qname[0] == _TEXT_NS and owner >= 0:
            local = qname[1]
            if local == "s":
                count = node.attributes.get((_TEXT_NS, "c"), "1")
                # capped: a crafted c="999999999" must not allocate a gigabyte
                paragraphs[owner].append(" " * (min(int(count), 1000) if str(count).isdigit() else 1))
            elif local == "tab":
                paragraphs[owner].append("\t")
            elif local == "line-break":
                paragraphs[owner].append(" ")
        stack.extend((child, owner) for child in reversed(node.childNodes))
    return ["".join(parts).replace("\r", " ").replace("\n", " ") for parts in paragraphs]


def _language(doc: Any) -> str | None:
    try:
        for node in doc.meta.childNodes:
            if getattr(node, "qname", None) == (_DC_NS, "language"):
                lang = normalize_language("".join(c.data for c in node.childNodes if c.nodeType == _TEXT_NODE))
                if lang:
                    return lang
        for style in doc.styles.childNodes:
            if getattr(style, "qname", (None, None))[1] != "default-style":
                continue
            for props in style.childNodes:
                lang = normalize_language(props.attributes.get((_FO_NS, "language")))
                if lang:
                    return lang
    except Exception:  # language is a hint only
        return None
    return None
