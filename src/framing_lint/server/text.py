"""An open document's text, and LSP positions in the encoding the client negotiated.

LSP counts a position as (line, character): lines end at ``\\r\\n``, ``\\r`` or ``\\n`` (and
nothing else: not form feeds, not U+2028, which ``str.splitlines`` would also split on), and
characters are UTF-16 code units unless the client offered UTF-8 or UTF-32. framing-lint's
findings are offsets into the decoded text (code points), so every range goes through here.
The server keeps its own copy of each buffer, with the same line rules the findings use,
instead of pygls' copy (split with ``splitlines``): a form feed before a match would
otherwise shift every range after it.
"""
from __future__ import annotations

from typing import NamedTuple

from framing_lint.lines import LineIndex

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"


class Position(NamedTuple):
    line: int  # 0-based
    character: int  # in the negotiated encoding's code units


def units(text: str, encoding: str) -> int:
    """Length of ``text`` in the code units of ``encoding``."""
    if encoding == UTF32 or text.isascii():
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    # UTF-16: one unit per code point, two above the Basic Multilingual Plane.
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


def _index_of_units(line: str, count: int, encoding: str) -> int:
    """The code-point index in ``line`` that is ``count`` units in (clamped to the line;
    a position inside a character, as a UTF-16 unit between a surrogate pair, goes back to
    the start of that character)."""
    if encoding == UTF32 or line.isascii():
        return min(count, len(line))
    seen = 0
    for i, c in enumerate(line):
        width = (len(c.encode("utf-8", "surrogatepass")) if encoding == UTF8
                 else 2 if ord(c) > 0xFFFF else 1)
        if seen + width > count:
            return i
        seen += width
    return len(line)


class Text:
    """One version of a buffer, with conversions between offsets and positions."""

    __slots__ = ("lines", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = LineIndex(source)

    def _line_bounds(self, line: int) -> tuple[int, int]:
        """Start and end (before the line break) offsets of a 0-based line."""
        starts = self.lines.starts
        start = starts[line]
        end = starts[line + 1] if line + 1 < len(starts) else len(self.source)
        while end > start and self.source[end - 1] in "\r\n":
            end -= 1
        return start, end

    def position(self, offset: int, encoding: str) -> Position:
        offset = max(0, min(offset, len(self.source)))
        line = self.lines.line_of(offset)
        start = self.lines.starts[line - 1]
        return Position(line - 1, units(self.source[start:offset], encoding))

    def offset(self, position: Position, encoding: str) -> int:
        """The offset of a client position; past the last line is the end of the text and
        past the end of a line is the end of that line, as the protocol asks."""
        line, character = position
        if line < 0:
            return 0
        if line >= len(self.lines.starts):
            return len(self.source)
        start, end = self._line_bounds(line)
        return start + _index_of_units(self.source[start:end], max(0, character), encoding)

    def line_count(self) -> int:
        return len(self.lines.starts)

    def edited(self, start: Position, end: Position, new: str, encoding: str) -> Text:
        """The text after replacing the range ``[start, end)`` with ``new``."""
        a = self.offset(start, encoding)
        b = max(a, self.offset(end, encoding))
        return Text(self.source[:a] + new + self.source[b:])
