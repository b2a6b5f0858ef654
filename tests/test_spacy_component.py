"""The rules as a spaCy component: nlp.add_pipe("framing_lint")."""
from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from framing_lint import nlp as framing_nlp

TEXTS = [
    "We will target young families.",
    "Please return the claim file as per our policy.",
    "Thank you for writing to us.",
]


def _found(doc: spacy.tokens.Doc) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in doc.spans["framing_lint"]]


def test_added_to_a_blank_pipeline_by_name_alone() -> None:
    # A fresh interpreter: the factory is found through the spacy_factories entry point,
    # without importing framing_lint first.
    code = ("import spacy; nlp = spacy.blank('en'); nlp.add_pipe('framing_lint'); "
            "doc = nlp('We will target young families.'); "
            "print([(s.label_, s._.framing_lint['severity']) for s in doc.spans['framing_lint']])")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == "[('target-people', 'error')]"


def test_spans_carry_message_severity_suggestions_and_fix() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("framing_lint")
    doc = nlp(TEXTS[1])
    assert _found(doc) == [("claim file", "claim-file"), ("as per our policy", "as-per-our-policy")]
    details = doc.spans["framing_lint"][0]._.framing_lint
    assert details["severity"] == "warning" and details["category"]
    assert "claim file" in details["message"]
    assert "your claim" in details["suggestions"]
    assert set(details) >= {"message", "severity", "suggestions", "fix", "fix_safe"}


def test_settings_are_framing_lint_config_keys() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("framing_lint", config={"ignore": ["claim-file"], "severity": {"as-per-our-policy": "info"},
                                         "spans_key": "jargon"})
    doc = nlp(TEXTS[1])
    assert [(s.label_, s._.framing_lint["severity"]) for s in doc.spans["jargon"]] == [("as-per-our-policy", "info")]
    assert nlp.get_pipe_meta("framing_lint").assigns  # declared for spaCy's pipe analysis
    with pytest.raises(Exception, match="claim-fil"):
        typo = spacy.blank("en")
        typo.add_pipe("framing_lint", config={"ignore": ["claim-fil"]})
        typo("Any text.")


def test_nlp_pipe_with_two_processes() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("framing_lint")
    one = [_found(d) for d in nlp.pipe(TEXTS * 4)]
    two = [_found(d) for d in nlp.pipe(TEXTS * 4, n_process=2, batch_size=2)]
    assert two == one
    assert one[:3] == [[("target young families", "target-people")],
                       [("claim file", "claim-file"), ("as per our policy", "as-per-our-policy")], []]
    details = [s._.framing_lint for d in nlp.pipe(TEXTS, n_process=2) for s in d.spans["framing_lint"]]
    assert [d["rule"] for d in details] == ["target-people", "claim-file", "as-per-our-policy"]


@pytest.mark.slow
def test_french_pipeline_annotations_are_reused_not_recomputed() -> None:
    # "cible depuis 2020 les jeunes clients": only the parse links the verb to the people
    # across the gap; the lexical mode (spacy.blank) cannot, the user's tagged doc can.
    text = "La banque cible depuis 2020 les jeunes clients urbains. Merci de compléter votre dossier sinistre."
    framing_nlp._cache.clear()
    trained = spacy.load("fr_core_news_sm")
    trained.add_pipe("framing_lint")
    blank = spacy.blank("fr")
    blank.add_pipe("framing_lint")
    assert [label for _, label in _found(trained(text))] == ["cibler-personnes", "dossier-sinistre"]
    assert [label for _, label in _found(blank(text))] == ["dossier-sinistre"]
    assert framing_nlp._cache == {}  # framing-lint loaded no pipeline of its own
