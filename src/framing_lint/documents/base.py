"""The contract between format modules and the engine.

A format module turns the decoded text of a file into a :class:`Document`: the prose a
person reads (``Prose``), with an exact map from every prose character back to the
character of the source it came from, plus the suppression directives and language hints
found in the markup.  The engine only ever sees ``Document``; it knows nothing of formats.
"""
from __future__ import annotations

import bisect
from typing import Literal, NamedTuple

from framing_lint.sourcefile import SourceError

DirectiveKind = Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file"]


class DocumentError(SourceError, ValueError):
    """A file that cannot be parsed at all (a truncated Word file, a broken zip).

    Text formats never raise it: broken markup is linted as well as it can be and the
    problem goes to ``Document.warnings``.  It is a ``SourceError`` (without a path: the
    parser only sees bytes) so callers catch one exception for every unreadable file.
    """

    def __init__(self, reason: str) -> None:
        super().__init__("", reason)


class Directive(NamedTuple):
    """An inline suppression comment, e.g. ``<!-- framing-lint: disable=lead-people -->``.

    ``line`` is the 1-based source line of the comment (``\\r\\n``, ``\\r`` and ``\\n`` each
    count as one line break).  ``rules`` holds the ids exactly as written (so unknown ids
    can be reported); empty means every rule.
    """

    kind: DirectiveKind
    rules: frozenset[str]
    line: int
    end_line: int = 0  # last line of the comment (multi-line comments); 0 = same as line


class Prose:
    """Prose text plus a piecewise map back to source offsets.

    ``pieces`` is a list of ``(prose_start, source_start, length)`` sorted by
    ``prose_start``: the prose characters ``[prose_start, prose_start + length)`` are exactly
    the source characters ``[source_start, source_start + length)``.  Source offsets mostly
    increase too, but not always (an HTML ``title`` attribute is read after the text of its
    block).  Prose characters not covered by a piece are synthetic (a placeholder standing
    for a template variable, a paragraph break between blocks) and never map to the source.
    """

    # Not a dataclass: ``text`` is built from a list of chunks and joined once on first
    # read, because ``self.text += chunk`` copies the whole string on every call (CPython
    # only optimises ``+=`` on local variables) and made large documents quadratic.
    __slots__ = ("pieces", "_chunks", "_text", "_length", "_tail", "_starts")

    def __init__(self, text: str = "", pieces: list[tuple[int, int, int]] | None = None) -> None:
        self.pieces: list[tuple[int, int, int]] = pieces if pieces is not None else []
        self._chunks: list[str] = [text] if text else []
        self._text: str | None = text
        self._length = len(text)
        self._tail = text[-2:]  # last two characters, all add_break needs to look at
        self._starts: list[int] = []  # prose_start of each piece, for bisect

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._chunks)
            self._chunks = [self._text] if self._text else []
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._chunks = [value] if value else []
        self._text = value
        self._length = len(value)
        self._tail = value[-2:]

    def __len__(self) -> int:
        return self._length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Prose):
            return NotImplemented
        return self.text == other.text and self.pieces == other.pieces

    def __repr__(self) -> str:
        return f"Prose(text={self.text!r}, pieces={self.pieces!r})"

    def _append(self, chunk: str) -> None:
        self._chunks.append(chunk)
        self._text = None
        self._length += len(chunk)
        self._tail = (self._tail + chunk)[-2:]

    # -- building -------------------------------------------------------------------
    def add(self, source_text: str, source_start: int, source_end: int | None = None) -> None:
        """Append source characters ``source_text[source_start:source_end]`` verbatim."""
        if source_end is None:
            source_end = len(source_text)
        length = source_end - source_start
        if length <= 0:
            return
        prose_start = self._length
        self._append(source_text[source_start:source_end])
        # Merge with the previous piece when contiguous in both spaces (keeps maps small).
        if self.pieces:
            p0, s0, n0 = self.pieces[-1]
            if p0 + n0 == prose_start and s0 + n0 == source_start:
                self.pieces[-1] = (p0, s0, n0 + length)
                return
        self.pieces.append((prose_start, source_start, length))

    def add_synthetic(self, text: str) -> None:
        """Append characters that exist only in the prose (never reported)."""
        if text:
            self._append(text)

    def add_break(self) -> None:
        """End a block (paragraph, cell, heading): no match may cross it."""
        if self._length and self._tail != "\n\n":
            self._append("\n" if self._tail.endswith("\n") else "\n\n")

    def at_block_start(self) -> bool:
        """True when nothing has been added since the last break (or ever)."""
        return not self._length or self._tail == "\n\n"

    # -- mapping --------------------------------------------------------------------
    def _piece_index(self, prose_offset: int) -> int:
        starts = self._starts
        if len(starts) > len(self.pieces):  # pieces replaced from outside: rebuild
            starts.clear()
        if len(starts) < len(self.pieces):  # pieces only ever grow while building
            starts.extend(p[0] for p in self.pieces[len(starts):])
        return bisect.bisect_right(starts, prose_offset) - 1

    def source_offset(self, prose_offset: int) -> int | None:
        """Source offset of one prose character, or None if it is synthetic."""
        i = self._piece_index(prose_offset)
        if i < 0:
            return None
        p, s, n = self.pieces[i]
        if prose_offset < p + n:
            return s + (prose_offset - p)
        return None

    def source_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Map the prose span ``[start, end)`` to the smallest source span covering it.

        Synthetic characters at either edge are skipped; returns None when the span has
        no source characters at all.
        """
        first = next((o for o in range(start, end) if self.source_offset(o) is not None), None)
        last = next((o for o in range(end - 1, start - 1, -1) if self.source_offset(o) is not None), None)
        if first is None or last is None:
            return None
        a = self.source_offset(first)
        b = self.source_offset(last)
        assert a is not None and b is not None
        return a, b + 1


class Document:
    """What a format module produces for one file."""

    def __init__(self, source: str, prose: Prose, directives: list[Directive] | None = None,
                 language: str | None = None, warnings: list[tuple[int, str]] | None = None,
                 writable: bool = True, quoted: list[tuple[int, int]] | None = None) -> None:
        self.source = source  # the file's decoded text (for Word files: paragraphs joined by "\n")
        self.prose = prose
        self.directives: list[Directive] = directives if directives is not None else []
        self.language = language  # from front matter, <html lang>, ...; None = unknown
        # Format-specific problems worth telling the user (bad front matter, ...): (line, message)
        self.warnings: list[tuple[int, str]] = warnings if warnings is not None else []
        self.writable = writable  # False for formats the fixer cannot round-trip (Word, ODT)
        # PROSE offsets [start, end) of text between quotation marks (marks excluded): the
        # engine reports a match lying wholly inside one at info severity (quoted speech,
        # titles of forms, "the so-called 'target' segment").
        self.quoted: list[tuple[int, int]] = quoted if quoted is not None else []

    def __repr__(self) -> str:
        return f"Document(source={self.source[:40]!r}..., language={self.language!r}, directives={self.directives!r})"

    def check(self) -> list[str]:
        """Broken invariants of the contract, for tests and debugging (empty = sound).

        Every piece copies its source characters exactly; pieces are sorted and do not
        overlap in the prose; quoted spans lie inside the prose; directive lines exist.
        """
        problems: list[str] = []
        text = self.prose.text
        prose_end = 0
        for p, s, n in self.prose.pieces:
            if n <= 0 or p < prose_end or s < 0 or s + n > len(self.source):
                problems.append(f"piece {(p, s, n)} is empty, out of order or out of bounds")
            elif text[p : p + n] != self.source[s : s + n]:
                problems.append(f"piece {(p, s, n)}: prose {text[p:p + n]!r} != source {self.source[s:s + n]!r}")
            prose_end = p + n
        if prose_end > len(text):
            problems.append("pieces run past the end of the prose")
        for a, b in self.quoted:
            if not 0 <= a <= b <= len(text):
                problems.append(f"quoted span {(a, b)} outside the prose")
        lines = 1 + self.source.count("\n") + self.source.count("\r") - self.source.count("\r\n")
        for d in self.directives:
            if not 1 <= d.line <= lines or d.end_line and not d.line <= d.end_line <= lines:
                problems.append(f"directive {d} outside lines 1..{lines}")
        return problems
