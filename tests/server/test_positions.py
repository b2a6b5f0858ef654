"""LSP positions in UTF-8, UTF-16 and UTF-32 against the standard codecs, on any text."""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing_lint.server.actions import diff_edits
from framing_lint.server.text import UTF8, UTF16, UTF32, Position, Text

EXAMPLES = int(os.environ.get("FRAMING_LINT_HYPOTHESIS_EXAMPLES", "100"))
ENCODINGS = [UTF8, UTF16, UTF32]
# Line breaks of every kind, characters that str.splitlines also breaks at (LSP does not),
# and characters of one to four UTF-8 bytes and one or two UTF-16 units.
ALPHABET = st.sampled_from(list("ab \t\r\n\x0c\x0b\u2028\u0085é€☕") + ["😀", "\U0010ffff"])
texts = st.text(ALPHABET, max_size=60)


def units(s: str, encoding: str) -> int:
    codec = {UTF8: "utf-8", UTF16: "utf-16-le", UTF32: "utf-32-le"}[encoding]
    return len(s.encode(codec)) // {UTF8: 1, UTF16: 2, UTF32: 4}[encoding]


def lsp_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts, st.data())
def test_position_and_offset_agree_with_the_codecs(text: str, data: st.DataObject) -> None:
    t = Text(text)
    offset = data.draw(st.integers(0, len(text)))
    if 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n":
        offset -= 1  # inside a CRLF is not a position
    before = text[:offset]
    line = len(lsp_lines(before)) - 1
    column = lsp_lines(before)[-1]
    for encoding in ENCODINGS:
        pos = t.position(offset, encoding)
        assert pos == Position(line, units(column, encoding))
        assert t.offset(pos, encoding) == offset


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_positions_past_the_end_are_clamped(encoding: str) -> None:
    t = Text("ab😀\r\ncd")
    assert t.offset(Position(0, 99), encoding) == 3  # end of the first line, before \r\n
    assert t.offset(Position(7, 0), encoding) == len("ab😀\r\ncd")
    assert t.offset(Position(-1, 5), encoding) == 0


def test_a_utf16_position_inside_a_surrogate_pair_goes_back_to_the_character() -> None:
    assert Text("a😀b").offset(Position(0, 2), UTF16) == 1
    assert Text("a😀b").offset(Position(0, 3), UTF16) == 2
    assert Text("aéb").offset(Position(0, 2), UTF8) == 1  # inside the two bytes of é


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts, st.data())
def test_incremental_edits_match_string_slicing(text: str, data: st.DataObject) -> None:
    t = Text(text)
    a = data.draw(st.integers(0, len(text)))
    b = data.draw(st.integers(a, len(text)))
    for x in (a, b):
        if 0 < x < len(text) and text[x - 1] == "\r" and text[x] == "\n":
            return
    new = data.draw(texts)
    for encoding in ENCODINGS:
        edited = t.edited(t.position(a, encoding), t.position(b, encoding), new, encoding)
        assert edited.source == text[:a] + new + text[b:]


@settings(max_examples=EXAMPLES, deadline=None)
@given(texts, texts)
def test_diff_edits_turn_one_text_into_the_other(old: str, new: str) -> None:
    edits = diff_edits(old, new)
    out = old
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        out = out[: e.start] + e.replacement + out[e.end:]
    assert out == new
    assert all(a.end <= b.start for a, b in zip(edits, edits[1:]))  # never overlapping
