"""The contract between format modules and the engine.

A format module turns the decoded text of a file into a :class:`Document`: the prose a
person reads (``Prose``), with an exact map from every prose character back to the
character of the source it came from, plus the suppression directives and language hints
found in the markup.  The engine only ever sees ``Document``; it knows nothing of formats.
"""
from __future__ import annotations

import bisect
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, NamedTuple, overload

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


class Pieces(Sequence[tuple[int, int, int]]):
    """The ``(prose_start, source_start, length)`` triples of a :class:`Prose`, in three
    machine-integer arrays: 24 bytes a piece instead of a tuple and three int objects
    (about 120), which made a 10 MB file of short lines take a gigabyte.

    Reads like a list of tuples (indexing, iteration, ``==`` with a list); appended to
    while a document is built, and its last piece may be extended.
    """

    __slots__ = ("starts", "sources", "lengths")

    def __init__(self, items: Iterable[tuple[int, int, int]] = ()) -> None:
        self.starts = array("q")  # sorted: bisect searches it directly
        self.sources = array("q")
        self.lengths = array("q")
        for item in items:
            self.append(item)

    def append(self, item: tuple[int, int, int]) -> None:
        p, s, n = item
        self.starts.append(p)
        self.sources.append(s)
        self.lengths.append(n)

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int, int]: ...

    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int, int]]: ...

    def __getitem__(self, index: int | slice) -> tuple[int, int, int] | list[tuple[int, int, int]]:
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.sources[index], self.lengths[index]))
        return self.starts[index], self.sources[index], self.lengths[index]

    def __setitem__(self, index: int, item: tuple[int, int, int]) -> None:
        self.starts[index], self.sources[index], self.lengths[index] = item

    def __iter__(self) -> Iterator[tuple[int, int, int]]:
        return zip(self.starts, self.sources, self.lengths)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Pieces):
            return self.starts == other.starts and self.sources == other.sources and self.lengths == other.lengths
        if isinstance(other, (list, tuple)):
            return len(self) == len(other) and all(a == tuple(b) for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment] - mutable

    def __repr__(self) -> str:
        return repr(list(self))


# Chunks of prose are joined in groups of this many as they come: one string object per
# chunk ("a", "\n\n" ...) cost about 50 bytes per chunk, often more than the text.
_JOIN_EVERY = 4096


class Prose:
    """Prose text plus a piecewise map back to source offsets.

    ``pieces`` holds ``(prose_start, source_start, length)`` triples sorted by
    ``prose_start``: the prose characters ``[prose_start, prose_start + length)`` are exactly
    the source characters ``[source_start, source_start + length)``.  Source offsets mostly
    increase too, but not always (an HTML ``title`` attribute is read after the text of its
    block).  Prose characters not covered by a piece are synthetic (a placeholder standing
    for a template variable, a paragraph break between blocks) and never map to the source.
    """

    # Not a dataclass: ``text`` is built from a list of chunks and joined once on first
    # read, because ``self.text += chunk`` copies the whole string on every call (CPython
    # only optimises ``+=`` on local variables) and made large documents quadratic.
    __slots__ = ("_pieces", "_chunks", "_joined", "_text", "_length", "_tail")

    def __init__(self, text: str = "", pieces: Iterable[tuple[int, int, int]] | None = None) -> None:
        self._pieces = pieces if isinstance(pieces, Pieces) else Pieces(pieces or ())
        self._chunks: list[str] = [text] if text else []
        self._joined: list[str] = []  # groups of chunks already joined
        self._text: str | None = text
        self._length = len(text)
        self._tail = text[-2:]  # last two characters, all add_break needs to look at

    @property
    def pieces(self) -> Pieces:
        return self._pieces

    @pieces.setter
    def pieces(self, value: Iterable[tuple[int, int, int]]) -> None:
        self._pieces = value if isinstance(value, Pieces) else Pieces(value)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._joined) + "".join(self._chunks)
            self._joined = []
            self._chunks = [self._text] if self._text else []
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._chunks = [value] if value else []
        self._joined = []
        self._text = value
        self._length = len(value)
        self._tail = value[-2:]

    def __len__(self) -> int:
        return self._length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Prose):
            return NotImplemented
        return self.text == other.text and self.pieces == other.pieces

    __hash__ = None  # type: ignore[assignment] - mutable

    def __repr__(self) -> str:
        return f"Prose(text={self.text!r}, pieces={self.pieces!r})"

    def _append(self, chunk: str) -> None:
        chunks = self._chunks
        chunks.append(chunk)
        if len(chunks) >= _JOIN_EVERY:
            self._joined.append("".join(chunks))
            chunks.clear()
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
        # The arrays are read directly: this runs for every piece of text of every file.
        pieces = self._pieces
        lengths = pieces.lengths
        if lengths:
            n0 = lengths[-1]
            if pieces.starts[-1] + n0 == prose_start and pieces.sources[-1] + n0 == source_start:
                lengths[-1] = n0 + length
                return
        pieces.starts.append(prose_start)
        pieces.sources.append(source_start)
        lengths.append(length)

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
        return bisect.bisect_right(self._pieces.starts, prose_offset) - 1

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
