from __future__ import annotations

import pytest

from framing_lint.documents import parse
from framing_lint.documents.quotes import find_quoted


def quoted(text: str) -> list[str]:
    return [text[a:b] for a, b in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('the so-called "target" segment', ["target"], id="straight-double"),
        pytest.param("the so-called 'target' segment", ["target"], id="straight-single"),
        pytest.param("form “Claimant declaration” signed", ["Claimant declaration"], id="curly-double"),
        pytest.param("le « dossier sinistre » est ouvert", [" dossier sinistre "], id="guillemets"),
        pytest.param("er sagte „Zielkunden“ heute", ["Zielkunden"], id="german"),
        pytest.param("the ‘target’ word", ["target"], id="curly-single"),
        pytest.param("the ‘customer’s file’ here", ["customer’s file"], id="curly-single-apostrophe-inside"),
        pytest.param("the 'customer's file' here", ["customer's file"], id="straight-apostrophe-inside"),
        pytest.param('He said "we target customers" and "leads".', ["we target customers", "leads"], id="two"),
    ],
)
def test_quotes(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("don't target customers", id="contraction"),
        pytest.param("l'assuré et l'usager", id="french-elision"),
        pytest.param("the customers' files and the insured's claim", id="possessives"),
        pytest.param("the insured’s claim, l’assuré", id="curly-apostrophes"),
        pytest.param('a 5" screen for target customers', id="inches"),
        pytest.param("an unmatched “quote\n\nacross blocks”", id="across-blocks"),
        pytest.param("rock 'n roll", id="unclosed"),
    ],
)
def test_not_quotes(text: str) -> None:
    assert quoted(text) == []


def test_quote_longer_than_the_limit_is_ignored() -> None:
    assert quoted("“" + "word " * 300 + "”") == []


def test_document_quoted_spans_are_prose_offsets() -> None:
    doc = parse('<p>The <b>"target"</b> segment &amp; the “claim file”.</p>', "html")
    spans = [doc.prose.text[a:b] for a, b in doc.quoted]
    assert spans == ["target", "claim file"]
