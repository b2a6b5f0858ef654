from __future__ import annotations

from framing_lint.tokens import sentences, tokenize


def test_french_elision_and_english_possessive_split() -> None:
    text = "de l’assuré, the customer's file, aujourd'hui"
    assert [t.text for t in tokenize(text)] == ["de", "l’", "assuré", ",", "the", "customer", "'s", "file", ",", "aujourd'hui"]
    assert [t.norm for t in tokenize("L’Assuré")] == ["l'", "assuré"]


def test_offsets_are_exact() -> None:
    text = "  Target   customers-first"
    for t in tokenize(text, offset=10):
        assert text[t.start - 10 : t.end - 10] == t.text


def test_sentences() -> None:
    text = "We target families. The Target date, e.g. Monday, is fixed! Next"
    assert [text[s:e] for s, e in sentences(text)] == ["We target families.", "The Target date, e.g. Monday, is fixed!", "Next"]
