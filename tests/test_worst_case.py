"""Inputs that made the linter quadratic or exponential (issue 12) must now finish.

These are hang guards, not speed measurements: each input takes well under a second on
the linear code and many minutes on the quadratic code it replaced, and the guard allows
60 s.  How the time grows with the input is measured in ``benchmarks/pathological.py``.
"""
from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest

from framing_lint import lint_text
from framing_lint.config import Config
from framing_lint.engine import RawMatch, resolve_overlaps
from framing_lint.tokens import MAX_SENTENCE, sentences
from tests.conftest import MINI_PACK

LEXICAL = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "none"}, language="en")
GUARD_SECONDS = 60


@contextmanager
def hang_guard(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise AssertionError(f"still running after {seconds} s: the worst case is not linear")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("mark", [".", "?", "!", "\u2026"])
def test_sentence_splitting_a_long_run_of_marks(mark: str) -> None:
    text = "We target customers " + mark * 200_000 + "x y"
    with hang_guard():
        spans = list(sentences(text))
    # one "sentence", read in pieces of at most MAX_SENTENCE characters that cover it all
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:]))
    assert max(e - s for s, e in spans) <= MAX_SENTENCE


def test_a_sentence_without_end_is_read_in_pieces_cut_at_spaces() -> None:
    text = "We target customers " * 2_000 + "and families."
    spans = list(sentences(text))
    assert len(spans) > 1 and max(e - s for s, e in spans) <= MAX_SENTENCE
    assert all(text[e - 1] == " " for _, e in spans[:-1])
    with hang_guard():
        found = lint_text(text, config=LEXICAL)
    assert len(found) == 2_000


def test_sentence_end_is_still_found_after_a_run_of_marks() -> None:
    text = "We target customers?!... Then we stop."
    assert [text[a:b] for a, b in sentences(text)] == ["We target customers?!...", "Then we stop."]


@pytest.mark.parametrize(
    ("chunk", "count"),
    [pytest.param("a-", 400_000, id="hyphenated-words"), pytest.param("``a ", 100_000, id="unclosed-literals"),
     pytest.param(":a", 400_000, id="role-like-colons"), pytest.param("a.", 400_000, id="dotted-words")],
)
def test_rst_inline_markup_scan(chunk: str, count: int) -> None:
    text = "Hello, we target customers.\n\n" + chunk * count
    with hang_guard():
        found = lint_text(text, filename="a.rst", config=LEXICAL)
    assert [f.text for f in found] == ["target customers"]


@pytest.mark.parametrize(
    ("text", "prose"),
    [
        pytest.param("A ``literal`` and ``two words`` here.", "A X and X here.", id="literals"),
        pytest.param("Unclosed ``literal here.", "Unclosed ``literal here.", id="unclosed-literal"),
        pytest.param("See intro_ and `the guide`_ and a-b.c__ now.", "See intro and the guide and a-b.c now.", id="references"),
        pytest.param("Use :ref:`the policy <policy>` today.", "Use the policy today.", id="role"),
        pytest.param("Call -:doc:`guide` first.", "Call -X first.", id="role-after-hyphen"),
    ],
)
def test_rst_inline_markup_still_read(text: str, prose: str) -> None:
    from framing_lint.documents import parse

    assert parse(text, "rst").prose.text.strip() == prose


def test_overlap_resolution_of_many_matches() -> None:
    from framing_lint.rules.model import Rule  # noqa: F401 - only to be sure the model imports

    class _Rule:
        def __init__(self, rule_id: str, severity: str) -> None:
            self.id = rule_id
            self.severity = severity

    a, b = _Rule("a", "warning"), _Rule("b", "error")
    # 150,000 matches, one per "word", and a chain of 50,000 overlapping ones.
    matches = [RawMatch(a, 10 * i, 10 * i + 5) for i in range(150_000)]  # type: ignore[arg-type]
    chain = [RawMatch(b, 2_000_000 + 3 * i, 2_000_000 + 3 * i + 5) for i in range(50_000)]  # type: ignore[arg-type]
    with hang_guard():
        kept = resolve_overlaps(matches + chain)
    assert kept[:150_000] == matches
    # in the chain, each kept match overlaps neither neighbour: every other one is kept
    assert kept[150_000:] == chain[::2]


def test_many_findings_in_quotes_in_one_sentence_with_allowed_and_innocent_spans() -> None:
    cfg = LEXICAL.merged(allow=("they said",), quoted="info")
    text = 'They said "target customers" and the target date, ' * 30_000
    with hang_guard():
        found = lint_text(text, config=cfg)
    assert len(found) == 30_000
    assert {(f.text, f.severity) for f in found} == {("target customers", "info")}


def test_many_findings_in_a_markdown_table_row() -> None:
    cells = 30_000
    text = "|" + " target customers |" * cells + "\n|" + "---|" * cells + "\n"
    with hang_guard():
        found = lint_text(text, filename="a.md", config=LEXICAL)
    assert len(found) == cells


def test_many_directives_and_findings() -> None:
    n = 20_000
    text = "framing-lint: disable=claim-file\nframing-lint: enable=claim-file\n" * n + "\nWe target customers.\n" * n
    with hang_guard():
        found = lint_text(text, config=LEXICAL)
    assert len(found) == n


def test_a_rule_with_eight_gaps_against_a_long_sentence(tmp_path: Path) -> None:
    pack = tmp_path / "gaps.yaml"
    pack.write_text(
        "pack: gaps\nlanguage: en\nrules:\n"
        "  - id: many-gaps\n    category: test\n    severity: warning\n    message: \"'{match}' found.\"\n"
        "    rationale: Eight gaps.\n    alternatives: [other]\n"
        "    match: ['zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork quux']\n"
        "    examples:\n      flag: ['zork zork zork zork zork zork zork zork zork quux', 'zork a zork zork zork zork zork zork zork zork quux']\n"
        "      pass: ['zork quux', 'nothing']\n",
        encoding="utf-8",
    )
    cfg = Config(packs=(), rule_files=(str(pack),), models={"en": "none"}, language="en")
    with hang_guard():
        assert lint_text("quux " + "zork " * 61, config=cfg) == []
        assert lint_text("quux " + "zork " * 5000, config=cfg) == []
        found = lint_text("zork " * 9 + "quux", config=cfg)
    assert [f.text for f in found] == ["zork zork zork zork zork zork zork zork zork quux"]


def test_a_gap_does_not_skip_an_endless_hyphenated_chain(tmp_path: Path) -> None:
    text = "We target " + "-".join(["x"] * 50_000) + " customers."
    with hang_guard():
        assert lint_text(text, config=LEXICAL) == []
