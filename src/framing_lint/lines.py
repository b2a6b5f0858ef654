"""Offsets to 1-based lines and columns: ``\\r\\n``, ``\\r`` and ``\\n`` each end one line.

One definition for the format modules (directive lines) and the engine (finding
positions), so both always count lines the same way.
"""
from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence

_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Built lazily: most documents have no directive and no finding and never need it."""

    __slots__ = ("_source", "_starts")

    def __init__(self, source: str) -> None:
        self._source = source
        self._starts: array[int] | None = None

    @property
    def starts(self) -> Sequence[int]:
        """Offset where each line begins (line n starts at ``starts[n - 1]``).

        A machine-integer array: 8 bytes a line, where a list of ints took about 36 (a
        10 MB file of empty lines held 360 MB of line starts)."""
        if self._starts is None:
            self._starts = array("q", [0])
            self._starts.extend(m.end() for m in _BREAK.finditer(self._source))
        return self._starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its line break ('' past the end)."""
        starts = self.starts
        if not 0 < line <= len(starts):
            return ""
        end = starts[line] if line < len(starts) else len(self._source)
        return self._source[starts[line - 1] : end].rstrip("\r\n")
