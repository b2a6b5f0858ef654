from __future__ import annotations

import pytest

from framing_lint.documents.base import Directive
from framing_lint.documents.directives import LineIndex, parse_directive


@pytest.mark.parametrize(
    ("text", "kind", "rules"),
    [
        pytest.param(" framing-lint: disable ", "disable", set(), id="all"),
        pytest.param("framing-lint: disable=claim-file", "disable", {"claim-file"}, id="one"),
        pytest.param("framing-lint: disable=claim-file, lead-people", "disable", {"claim-file", "lead-people"}, id="comma"),
        pytest.param("framing-lint: enable=claim-file,lead-people", "enable", {"claim-file", "lead-people"}, id="enable"),
        pytest.param("framing-lint: disable-next-line", "disable-next-line", set(), id="next-line"),
        pytest.param("framing-lint:disable-line=target-people", "disable-line", {"target-people"}, id="no-space"),
        pytest.param("framing-lint: disable-file", "disable-file", set(), id="file"),
        pytest.param("framing-lint: disable-next-line target-people", "disable-next-line", {"target-people"}, id="space-ids"),
        pytest.param("framing-lint: disable=leads -- the CRM column", "disable", {"leads"}, id="reason"),
        pytest.param("framing-lint: disable-next-line -- quoted from the form", "disable-next-line", set(), id="reason-only"),
        pytest.param("# framing-lint: disable-line=claim-file -->", "disable-line", {"claim-file"}, id="closer"),
        pytest.param("framing-lint: disable=core/claim-file", "disable", {"core/claim-file"}, id="qualified"),
    ],
)
def test_parse(text: str, kind: str, rules: set[str]) -> None:
    assert parse_directive(text, 4) == Directive(kind, frozenset(rules), 4)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("framing-lint: disabel", id="typo"),
        pytest.param("framing-lint: disable-lines", id="suffix"),
        pytest.param("framing-lint: disable=???", id="bad-ids"),
    ],
)
def test_unreadable_directive_warns_and_never_disables_everything(text: str) -> None:
    warnings: list[tuple[int, str]] = []
    assert parse_directive(text, 7, warnings=warnings) is None
    assert warnings and warnings[0][0] == 7 and "framing-lint" in warnings[0][1]


def test_text_without_marker_is_not_a_directive() -> None:
    warnings: list[tuple[int, str]] = []
    assert parse_directive("disable=claim-file", 1, warnings=warnings) is None
    assert parse_directive("we use framing-lint in CI", 1, warnings=warnings) is None
    assert warnings == []


def test_end_line_only_when_the_comment_spans_lines() -> None:
    assert parse_directive("framing-lint: disable", 3, 3).end_line == 0  # type: ignore[union-attr]
    assert parse_directive("framing-lint: disable", 3, 5).end_line == 5  # type: ignore[union-attr]


def test_line_index_counts_crlf_cr_and_lf_as_one_break() -> None:
    src = "a\r\nb\rc\nd"
    index = LineIndex(src)
    assert [index.line_of(src.index(ch)) for ch in "abcd"] == [1, 2, 3, 4]
    assert index.line_of(src.index("\r")) == 1  # the break belongs to the line it ends
