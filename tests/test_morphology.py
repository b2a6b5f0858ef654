from __future__ import annotations

import pytest

from framing_lint.morphology import forms


@pytest.mark.parametrize(
    ("lemma", "language", "expected"),
    [
        pytest.param("target", "en", {"target", "targets", "targeted", "targeting"}, id="en-regular-verb"),
        pytest.param("lead", "en", {"leads", "led", "leading"}, id="en-irregular"),
        pytest.param("policy", "en", {"policies"}, id="en-y-plural"),
        pytest.param("empathise", "en", {"empathises", "empathize", "empathizing"}, id="en-ise-ize"),
        pytest.param("cibler", "fr", {"cibler", "ciblé", "ciblons", "ciblaient", "ciblées"}, id="fr-er-verb"),
        pytest.param("gérer", "fr", {"gère", "gèrent", "gérons"}, id="fr-accent-shift"),
        pytest.param("assuré", "fr", {"assuré", "assurée", "assurés", "assurées"}, id="fr-participle-noun"),
        pytest.param("souscripteur", "fr", {"souscripteurs", "souscriptrice"}, id="fr-teur"),
        pytest.param("cœur", "fr", {"coeur", "coeurs"}, id="fr-ligature-normalised"),
    ],
)
def test_forms_include(lemma: str, language: str, expected: set[str]) -> None:
    assert expected <= forms(lemma, language)


def test_noun_condition_keeps_french_nouns_from_being_conjugated() -> None:
    assert "usage" in forms("usager", "fr")  # without a part of speech, -er words are conjugated
    noun = forms("usager", "fr", "noun")
    assert {"usager", "usagers", "usagère"} <= noun and "usage" not in noun and "usagé" not in noun


def test_pattern_pos_narrows_forms_and_classes_take_exact_forms() -> None:
    from framing_lint.rules.patterns import parse_pattern

    def inflect(lemma: str, kind: str = "any") -> frozenset[str]:
        return forms(lemma, "fr", kind)

    (spec,) = parse_pattern("usager:NOUN", {}, inflect)
    assert "usage" not in spec.forms
    (spec,) = parse_pattern("{people}", {"people": frozenset({"=usagers", "client"})}, inflect)
    assert "usagers" in spec.forms and "usager" not in spec.forms and "clientes" in spec.forms
