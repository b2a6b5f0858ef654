from __future__ import annotations

import pytest

from framing_lint.documents import Directive, Document, parse


def text_doc(source: str) -> Document:
    doc = parse(source, "text")
    assert doc.check() == []
    return doc


def blocks(doc: Document) -> list[str]:
    return [b.strip() for b in doc.prose.text.split("\n\n") if b.strip()]


@pytest.mark.parametrize("nl", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_lines_are_prose_and_line_breaks_stay(nl: str) -> None:
    doc = text_doc(f"Dear Ms Diallo,{nl}{nl}we opened a claim{nl}file for you.{nl}")
    assert blocks(doc) == ["Dear Ms Diallo,", f"we opened a claim{nl}file for you."]
    i = doc.prose.text.index("claim")
    span = doc.prose.source_span(i, i + len(f"claim{nl}file"))
    assert span is not None and doc.source[span[0] : span[1]] == f"claim{nl}file"


def test_directive_lines_and_line_numbers_with_mixed_line_endings() -> None:
    source = "one\r\n# framing-lint: disable-next-line=claim-file\rthe claim file\n// framing-lint: disable\nfour\n"
    doc = text_doc(source)
    assert doc.directives == [
        Directive("disable-next-line", frozenset({"claim-file"}), 2),
        Directive("disable", frozenset(), 4),
    ]
    assert "framing-lint" not in doc.prose.text
    assert blocks(doc) == ["one", "the claim file", "four"]


def test_prose_before_a_trailing_directive_is_kept() -> None:
    doc = text_doc("Our target customers  # framing-lint: disable-line=target-people\nnext line\n")
    assert doc.directives == [Directive("disable-line", frozenset({"target-people"}), 1)]
    assert blocks(doc) == ["Our target customers", "next line"]


def test_unreadable_directive_is_a_warning_and_stays_prose() -> None:
    doc = text_doc("a\nframing-lint: disabel=claim-file\n")
    assert doc.directives == []
    assert doc.warnings and doc.warnings[0][0] == 2


def test_template_variables_in_a_text_mail_are_not_prose() -> None:
    # Postmark-style .txt mail: Mustache in a file with an ordinary extension.
    source = "Hi {{name}},\n\n{{#if trial}}\nYour trial ends on {{trial_end_date}}.\n{{/if}}\nReset: {{ action_url }}\n"
    doc = text_doc(source)
    assert blocks(doc) == ["Hi X,", "Your trial ends on X.", "Reset: X"]
    assert "{" not in doc.prose.text and "}" not in doc.prose.text


def test_urls_are_not_prose() -> None:
    doc = text_doc("See https://example.com/target-customers. Or www.example.org/claim-file!\n")
    assert blocks(doc) == ["See X. Or X!"]


def test_fifty_megabyte_single_line() -> None:
    line = "Our target customers need a claim file. " * 1_250_000
    doc = parse(line, "text")
    assert doc.prose.text == line
    assert doc.prose.pieces == [(0, 0, len(line))]
