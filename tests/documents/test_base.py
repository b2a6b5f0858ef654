from __future__ import annotations

import time

from framing_lint.documents import Directive, Document, Prose


def test_add_copies_source_and_merges_contiguous_pieces() -> None:
    src = "<b>claim</b> file"
    p = Prose()
    p.add(src, 3, 8)
    p.add(src, 12, 17)
    assert p.text == "claim file"
    assert p.pieces == [(0, 3, 5), (5, 12, 5)]
    q = Prose()
    q.add("claim file", 0, 5)
    q.add("claim file", 5, 10)
    assert q.pieces == [(0, 0, 10)]  # contiguous in both spaces: one piece


def test_synthetic_text_never_maps() -> None:
    p = Prose()
    p.add("Dear {{ name }},", 0, 5)
    p.add_synthetic("X")
    p.add("Dear {{ name }},", 15, 16)
    assert p.text == "Dear X,"
    assert p.source_offset(5) is None
    assert p.source_offset(6) == 15
    assert p.source_span(4, 7) == (4, 16)  # the edges are mapped, the middle is not
    assert p.source_span(5, 6) is None


def test_add_break_is_idempotent_and_respects_trailing_newline() -> None:
    p = Prose()
    p.add_break()
    assert p.text == ""
    p.add("a\n", 0)
    p.add_break()
    p.add_break()
    assert p.text == "a\n\n"
    assert p.at_block_start()


def test_constructor_text_setter_and_equality_stay_compatible() -> None:
    p = Prose(text="abc", pieces=[(0, 10, 3)])
    assert p.source_offset(1) == 11 and len(p) == 3
    p.text = "xyz"
    assert p == Prose("xyz", [(0, 10, 3)])
    assert "xyz" in repr(p)


def test_building_is_linear() -> None:
    # ``text += chunk`` on an attribute used to copy the whole prose on every call.
    src = "ab" * 200_000
    start = time.perf_counter()
    p = Prose()
    for i in range(0, len(src), 2):
        p.add(src, i, i + 1)
        p.add_synthetic(" ")
    assert len(p.text) == len(src)
    assert p.source_offset(len(p.text) - 2) == len(src) - 2
    assert time.perf_counter() - start < 5


def test_check_reports_broken_invariants() -> None:
    good = Document("claim file", Prose("claim file", [(0, 0, 10)]), [Directive("disable", frozenset(), 1)])
    assert good.check() == []
    bad = Document("claim file", Prose("claim fire", [(0, 0, 10)]), [Directive("disable", frozenset(), 3)], quoted=[(0, 99)])
    problems = bad.check()
    assert len(problems) == 3
