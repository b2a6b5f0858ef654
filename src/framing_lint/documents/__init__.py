"""Format modules: each turns a file into a :class:`~framing_lint.documents.base.Document`.

A format module registers a parser for text formats (``parse(source) -> Document``) or,
for container formats such as Word, for bytes (``parse_bytes(data) -> Document``).
"""
from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import cast

from framing_lint.documents.base import Directive, Document, DocumentError, Prose
from framing_lint.limits import Limits

__all__ = [
    "Directive",
    "Document",
    "DocumentError",
    "Prose",
    "BINARY_FORMATS",
    "FORMATS",
    "detect_format",
    "known_extensions",
    "parse",
    "parse_bytes",
]

# format name -> "module" (its ``parse`` / ``parse_bytes``) or "module:function", under
# framing_lint.documents.  Imported lazily: a run over Markdown files never imports the
# Word or OpenDocument parsers.
FORMATS: dict[str, str] = {
    "text": "text",
    "markdown": "markdown",
    "mdx": "markdown:parse_mdx",
    "html": "html",
    "rst": "rst",
    "docx": "docx",
    "odt": "odt",
}
BINARY_FORMATS: frozenset[str] = frozenset({"docx", "odt"})

# Compound extensions are matched before simple ones: "letter.html.j2" is a Jinja
# template over HTML, "notice.j2" a Jinja template whose outer format is sniffed.
_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".mdx": "mdx",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".rst": "rst",
    ".rest": "rst",
    ".docx": "docx",
    ".odt": "odt",
}

_TEMPLATE_EXTENSIONS = {
    "jinja": (".j2", ".jinja", ".jinja2"),
    "handlebars": (".hbs", ".handlebars"),
    "mustache": (".mustache",),
    "liquid": (".liquid",),
}
_INNER_EXTENSIONS = {
    "html": (".html", ".htm"),
    "markdown": (".md", ".markdown"),
    "text": (".txt", ".text"),
}
for _dialect, _exts in _TEMPLATE_EXTENSIONS.items():
    FORMATS[_dialect] = f"templates:parse_{_dialect}"
    for _ext in _exts:
        _EXTENSIONS[_ext] = _dialect
    for _outer, _inners in _INNER_EXTENSIONS.items():
        FORMATS[f"{_dialect}-{_outer}"] = f"templates:parse_{_dialect}_{_outer}"
        for _ext in _exts:
            for _inner in _inners:
                _EXTENSIONS[_inner + _ext] = f"{_dialect}-{_outer}"
# Some projects put the template extension first ("welcome.jinja.html").
_EXTENSIONS[".jinja.html"] = "jinja-html"
_EXTENSIONS[".j2.html"] = "jinja-html"
_EXTENSIONS[".hbs.html"] = "handlebars-html"

_SORTED_EXTENSIONS = sorted(_EXTENSIONS, key=len, reverse=True)


def known_extensions() -> frozenset[str]:
    """File endings that folder scans pick up."""
    return frozenset(_EXTENSIONS)


def detect_format(filename: str | None, overrides: Mapping[str, str] | None = None) -> str:
    """Format name for a file name: config globs first, then the extension, else text."""
    if filename:
        name = PurePath(filename).name
        for pattern, fmt in (overrides or {}).items():
            # fnmatch compiles each '*' to an atomic group: O(n * p), never backtracking.
            if fnmatch.fnmatch(filename, pattern) or fnmatch.fnmatch(name, pattern):
                return fmt
        lower = name.lower()
        for ext in _SORTED_EXTENSIONS:
            if lower.endswith(ext):
                return _EXTENSIONS[ext]
    return "text"


def _entry(fmt: str, default: str) -> Callable[..., Document]:
    target = FORMATS[fmt]
    module_name, _, function = target.partition(":")
    module = importlib.import_module(f"framing_lint.documents.{module_name}")
    return cast("Callable[..., Document]", getattr(module, function or default))


def parse(source: str, fmt: str) -> Document:
    return _entry(fmt, "parse")(source)


def parse_bytes(data: bytes, fmt: str, limits: Limits | None = None) -> Document:
    """Parse a container format; raises :class:`DocumentError` (a ``SourceError``) for a
    corrupt file or one over ``limits`` (a zip bomb)."""
    if limits is None:
        return _entry(fmt, "parse_bytes")(data)
    return _entry(fmt, "parse_bytes")(data, limits)
