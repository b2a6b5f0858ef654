"""Building blocks every format module shares: the prose builder and the parse context.

The trick that lets formats stack (Jinja over HTML, Mustache over text): template syntax is
first blanked out of a same-length copy of the source, the *view*.  The outer format parses
the view, so every offset it computes is also an offset in the real source, and the
builder turns each blanked region ("mask") that falls inside emitted prose into synthetic
text: a placeholder word for a variable, nothing for a control tag or a comment.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import NamedTuple

from framing_lint.documents.base import Directive, Document, Prose
from framing_lint.documents.directives import LineIndex

# Stands for a template variable or an inline code span so that "Dear {{ name }}, your
# claim" still reads as one sentence with a noun in the right place.  A capitalised
# letter reads as a name to a tagger, and can never complete a jargon phrase the way a
# real word ("customer") could.
PLACEHOLDER = "X"

# Bare URLs inside prose are not prose ("https://example.com/target-customers").
_URL = re.compile(r"(?:https?|ftp)://[^\s<>\"'`]*|www\.[A-Za-z0-9-]+\.[^\s<>\"'`]+|mailto:[^\s<>\"'`]+")
_URL_TRAILING = ".,;:!?)]}'\""

_ISO639_2 = {"eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es", "ita": "it", "nld": "nl", "dut": "nl", "por": "pt"}


def normalize_language(value: object) -> str | None:
    """'fr-FR', 'fr_FR', 'FR', 'fra' -> 'fr'; anything else -> None."""
    if not isinstance(value, str):
        return None
    primary = re.split(r"[-_.@\s]", value.strip(), maxsplit=1)[0].lower()
    if len(primary) == 2 and primary.isascii() and primary.isalpha():
        return primary
    return _ISO639_2.get(primary)


class Mask(NamedTuple):
    """A region of template syntax; ``replacement`` is what the prose shows instead."""

    start: int
    end: int
    replacement: str


class ProseBuilder:
    """Appends source ranges to a :class:`Prose`, honouring masks and skipping URLs."""

    def __init__(self, source: str, masks: Sequence[Mask] = ()) -> None:
        self.source = source
        self.prose = Prose()
        self._masks = list(masks)
        self._mask_ends = [m.end for m in self._masks]
        self._emitted: set[int] = set()

    def text(self, start: int, end: int) -> None:
        """Append the source range ``[start, end)`` as prose."""
        if start >= end:
            return
        if not self._masks:
            self._plain(start, end)
            return
        i = bisect.bisect_right(self._mask_ends, start)
        pos = start
        while i < len(self._masks) and self._masks[i].start < end:
            mask = self._masks[i]
            if mask.start > pos:
                self._plain(pos, mask.start)
            # A variable cut in two by the outer parser still stands for one word.
            if i not in self._emitted:
                self._emitted.add(i)
                self.prose.add_synthetic(mask.replacement)
            pos = max(pos, mask.end)
            i += 1
        if pos < end:
            self._plain(pos, end)

    def _plain(self, start: int, end: int) -> None:
        src = self.source
        if self.prose.at_block_start() and _is_space(src, start, end):
            return  # indentation between blocks carries nothing
        if src.find("://", start, end) < 0 and src.find("www.", start, end) < 0 and src.find("mailto:", start, end) < 0:
            self.prose.add(src, start, end)
            return
        pos = start
        for m in _URL.finditer(src, start, end):
            url_end = m.end()
            while url_end > m.start() and src[url_end - 1] in _URL_TRAILING:
                url_end -= 1  # "see https://x.org." keeps its full stop
            self.prose.add(src, pos, m.start())
            self.prose.add_synthetic(PLACEHOLDER)
            pos = url_end
        self.prose.add(src, pos, end)

    def synthetic(self, text: str) -> None:
        self.prose.add_synthetic(text)

    def brk(self) -> None:
        self.prose.add_break()


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset("a an the and or of to in on for with at by from vs via & de la le les des du et".split())


def is_title(text: str) -> bool:
    """Link text that names a document rather than saying something: "Key Accounts List",
    "How To Qualify Leads", "claim-file.pdf". Two or more words, every word but the small
    ones capitalised; or a file name."""
    words = _TITLE_WORD.findall(text)
    if re.search(r"\.\w{2,4}\s*$", text.strip()) and " " not in text.strip():
        return True
    if len(words) < 2 or len(text) > 120:
        return False
    big = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(big) and all(w[:1].isupper() for w in big)


# What may stand beside a link on its line and still leave the link alone there: list
# bullets before it, a colon or full stop after it, spaces that pad a table cell. A line
# break or a table bar ends the line or the cell.
_LINE_LEAD = frozenset(" \t-*+•>")
_LINE_TAIL = frozenset(" \t.:;,")
_CELL_END = frozenset("\n|")


def is_whole_line(text: str, start: int, end: int) -> bool:
    """True when the prose span [start, end) is all of its line or table cell but bullets,
    padding and punctuation. Looks at most 64 characters each way, so a long line of links
    stays linear."""
    i = start
    while i > 0 and start - i < 64 and text[i - 1] in _LINE_LEAD:
        i -= 1
    if i > 0 and text[i - 1] not in _CELL_END:
        return False
    j = end
    while j < len(text) and j - end < 64 and text[j] in _LINE_TAIL:
        j += 1
    return j == len(text) or text[j] in _CELL_END


def _is_space(src: str, start: int, end: int) -> bool:
    # Checks a bounded prefix first so a 50 MB line is not copied just to find a letter.
    head = src[start:min(end, start + 64)]
    if not head.isspace():
        return False
    return end - start <= 64 or src[start:end].isspace()


class Context:
    """Everything one parse accumulates; format modules fill it, :meth:`document` ends it."""

    def __init__(self, source: str, view: str, builder: ProseBuilder, directives: list[Directive] | None = None,
                 warnings: list[tuple[int, str]] | None = None, language: str | None = None) -> None:
        self.source = source  # the real text
        self.view = view  # same length as source; template syntax blanked out
        self.builder = builder
        self.directives: list[Directive] = directives if directives is not None else []
        self.warnings: list[tuple[int, str]] = warnings if warnings is not None else []
        self.language = language
        self.lines = LineIndex(self.source)
        # Prose spans a format knows to be names, not sentences (a link whose text is a
        # document's title): reported like quoted text, i.e. not at all by default.
        self.mentions: list[tuple[int, int]] = []
        self.link_texts: list[tuple[int, int]] = []  # prose spans of link texts

    def line_of(self, offset: int) -> int:
        return self.lines.line_of(offset)

    def _titles(self, text: str) -> list[tuple[int, int]]:
        # "[Key Accounts List](...)": a link whose text is the title of what it opens; and a
        # link that is a whole line, list item or table cell ("- [Prospect](#prospect)" in a
        # table of contents, "| [Product qualified lead](pql.md) |"): a label of a page.
        return [(a, b) for a, b in self.link_texts if is_title(text[a:b]) or is_whole_line(text, a, b)]

    def document(self, writable: bool = True) -> Document:
        # Imported here: quote detection is only needed once per document.
        from framing_lint.documents.quotes import find_quoted

        prose = self.builder.prose
        self.directives.sort(key=lambda d: d.line)
        self.warnings.sort(key=lambda w: w[0])
        return Document(
            source=self.source,
            prose=prose,
            directives=self.directives,
            language=self.language,
            warnings=self.warnings,
            writable=writable,
            quoted=sorted(find_quoted(prose.text) + self.mentions + self._titles(prose.text)),
        )
