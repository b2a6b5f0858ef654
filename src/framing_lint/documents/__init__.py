"""Format modules: each turns a file into a :class:`~framing_lint.documents.base.Document`.

A format module registers a parser for text formats (``parse(source) -> Document``) or,
for container formats such as Word, for bytes (``parse_bytes(data) -> Document``).
"""
from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Mapping
from pathlib import PurePath

from framing_lint.documents.base import Directive, Document, Prose

__all__ = ["Directive", "Document", "Prose", "BINARY_FORMATS", "FORMATS", "detect_format", "known_extensions", "parse", "parse_bytes"]

# format name -> module under framing_lint.documents (imported lazily: a run over Markdown
# files never imports the HTML or Word parsers).
FORMATS: dict[str, str] = {
    "text": "text",
}
BINARY_FORMATS: frozenset[str] = frozenset()

# Compound extensions first: "letter.html.j2" is a Jinja template over HTML.
_EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
}


def known_extensions() -> frozenset[str]:
    """File endings that folder scans pick up."""
    return frozenset(_EXTENSIONS)


def detect_format(filename: str | None, overrides: Mapping[str, str] | None = None) -> str:
    """Format name for a file name: config globs first, then the extension, else text."""
    if filename:
        name = PurePath(filename).name
        for pattern, fmt in (overrides or {}).items():
            if fnmatch.fnmatch(filename, pattern) or fnmatch.fnmatch(name, pattern):
                return fmt
        lower = name.lower()
        for ext in sorted(_EXTENSIONS, key=len, reverse=True):
            if lower.endswith(ext):
                return _EXTENSIONS[ext]
    return "text"


def parse(source: str, fmt: str) -> Document:
    module = importlib.import_module(f"framing_lint.documents.{FORMATS[fmt]}")
    return module.parse(source)  # type: ignore[no-any-return]


def parse_bytes(data: bytes, fmt: str) -> Document:
    module = importlib.import_module(f"framing_lint.documents.{FORMATS[fmt]}")
    return module.parse_bytes(data)  # type: ignore[no-any-return]
