"""The contract between format modules and the engine.

A format module turns the decoded text of a file into a :class:`Document`: the prose a
person reads (``Prose``), with an exact map from every prose character back to the
character of the source it came from, plus the suppression directives and language hints
found in the markup.  The engine only ever sees ``Document``; it knows nothing of formats.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Literal

DirectiveKind = Literal["disable", "enable", "disable-next-line", "disable-line", "disable-file"]


@dataclass(frozen=True)
class Directive:
    """An inline suppression comment, e.g. ``<!-- framing-lint: disable=lead-people -->``.

    ``line`` is the 1-based source line of the comment.  ``rules`` empty means every rule.
    ``names`` keeps the ids exactly as written so unknown ids can be reported.
    """

    kind: DirectiveKind
    rules: frozenset[str]
    line: int
    end_line: int = 0  # last line of the comment (multi-line comments); 0 = same as line


@dataclass
class Prose:
    """Prose text plus a piecewise map back to source offsets.

    ``pieces`` is a sorted list of ``(prose_start, source_start, length)``: the prose
    characters ``[prose_start, prose_start + length)`` are exactly the source characters
    ``[source_start, source_start + length)``.  Prose characters not covered by a piece are
    synthetic (a space standing for a template variable, a paragraph break between blocks)
    and never map to the source.
    """

    text: str = ""
    pieces: list[tuple[int, int, int]] = field(default_factory=list)

    # -- building -------------------------------------------------------------------
    def add(self, source_text: str, source_start: int, source_end: int | None = None) -> None:
        """Append source characters ``source_text[source_start:source_end]`` verbatim."""
        if source_end is None:
            source_end = len(source_text)
        length = source_end - source_start
        if length <= 0:
            return
        prose_start = len(self.text)
        self.text += source_text[source_start:source_end]
        # Merge with the previous piece when contiguous in both spaces (keeps maps small).
        if self.pieces:
            p0, s0, n0 = self.pieces[-1]
            if p0 + n0 == prose_start and s0 + n0 == source_start:
                self.pieces[-1] = (p0, s0, n0 + length)
                return
        self.pieces.append((prose_start, source_start, length))

    def add_synthetic(self, text: str) -> None:
        """Append characters that exist only in the prose (never reported)."""
        self.text += text

    def add_break(self) -> None:
        """End a block (paragraph, cell, heading): no match may cross it."""
        if self.text and not self.text.endswith("\n\n"):
            self.text += "\n\n" if not self.text.endswith("\n") else "\n"

    # -- mapping --------------------------------------------------------------------
    def _piece_index(self, prose_offset: int) -> int:
        starts = [p[0] for p in self.pieces]
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


@dataclass
class Document:
    """What a format module produces for one file."""

    source: str  # the file's decoded text (for Word files: paragraphs joined by "\n")
    prose: Prose
    directives: list[Directive] = field(default_factory=list)
    language: str | None = None  # from front matter, <html lang>, ...; None = unknown
    # Format-specific problems worth telling the user (bad front matter, ...): (line, message)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    writable: bool = True  # False for formats the fixer cannot round-trip (Word, ODT)
