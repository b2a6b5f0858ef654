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
