from __future__ import annotations

import time

import pytest

from framing_lint.language import detect_language, language_scores, normalise_language_tag


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Thank you for your claim. We will contact you within two days.", "en", id="en-letter"),
        pytest.param(
            "Nous avons bien reçu votre demande et nous vous répondrons sous deux jours.",
            "fr",
            id="fr-letter",
        ),
        pytest.param(
            "L'assuré doit déclarer le sinistre à l'assureur dans les cinq jours.",
            "fr",
            id="fr-legal",
        ),
        pytest.param("Le client n’est pas un cactus.", "fr", id="fr-curly-apostrophe"),
        pytest.param("Don't worry: it's easy and we're here to help if you need us.", "en", id="en-contractions"),
        pytest.param(
            "Son plus grand atout sur le marché: une équipe qui sait écouter les clients.",
            "fr",
            id="fr-words-shared-with-en",
        ),
        pytest.param(
            "The café on the corner serves crêpes, and José runs it with his family.",
            "en",
            id="en-with-accents",
        ),
        pytest.param("LE DOSSIER DE L'ASSURÉ EST TRANSMIS AU SERVICE", "fr", id="fr-upper-case"),
    ],
)
def test_detects_plain_prose(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   \n\t  ", id="blank"),
        pytest.param("Bonjour", id="one-word-fr"),
        pytest.param("Hello", id="one-word-en"),
        pytest.param("12/03/2024 – 33 867 39 05", id="numbers"),
        pytest.param("<div class='x'><span></span></div>", id="markup-only"),
        pytest.param("{{ticket.id}} {{POLICYHOLDER1_LASTNAME}}", id="template-only"),
        pytest.param("https://example.com/the/and/of/le/la/les", id="url-only"),
        pytest.param("```\nfor x in the_list:\n    print(x)\n```", id="code-only"),
    ],
)
def test_too_little_text_is_none(text: str) -> None:
    assert detect_language(text) is None


MARKUP_HEAVY = [
    pytest.param(
        """<!DOCTYPE html><html lang="en"><head><style type="text/css">
        body { font-family: sans-serif; } .le-la-les { color: #333; } .plus { margin: 0 }
        </style></head><body><table class="email-wrapper" width="100%" cellpadding="0">
        <tr><td class="content-cell"><p>Bonjour {{name}},</p>
        <p>Nous avons bien reçu votre paiement. Vous trouverez ci-dessous le détail de votre
        facture et les conditions de votre contrat.</p>
        <a href="https://example.com/the/account/of/the/user" class="button">Voir la facture</a>
        </td></tr></table></body></html>""",
        "fr",
        id="fr-html-email-with-english-css",
    ),
    pytest.param(
        """<table><tr><td style="font-family: 'Nunito Sans', Helvetica; color: #51545E">
        <h1>Hi {{name}},</h1><p>Thanks for using {{product_name}}. This is an invoice for
        your recent purchase. If you have any questions about this receipt, simply reply to
        this email.</p></td></tr></table>""",
        "en",
        id="en-html-email",
    ),
    pytest.param(
        """---
title: Demande de passeport
layout: page
tags: [the, and, of, with]
---
## Pièces à fournir

- un extrait de naissance ;
- deux photos d'identité ;
- [le formulaire](https://example.org/the-form-for-the-applicant.pdf).

Le dossier est déposé auprès du commissariat de police.
""",
        "fr",
        id="fr-markdown-front-matter",
    ),
    pytest.param(
        """# Deploying

Run the script below when you want to deploy the service:

```bash
le=1; la=2; les=3; des=4; echo "de la le les des du une"
```

The script checks that all tests pass and then tags the release.
""",
        "en",
        id="en-markdown-with-code",
    ),
    pytest.param(
        "{% if client.nom %}Madame, Monsieur {{ client.nom }},{% endif %} votre demande "
        "{{ demande.id }} a été enregistrée le {{ date }} et sera traitée par notre équipe.",
        "fr",
        id="fr-jinja-template",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MARKUP_HEAVY)
def test_ignores_markup(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Le client n'est pas un cactus. Nous devons lui faciliter la vie et lui faire "
            "confiance, car la confiance est indispensable dans la relation avec les clients. "
            "As the saying goes: the customer is king.",
            "fr",
            id="mostly-fr-with-en-quote",
        ),
        pytest.param(
            "Our customers come first: we answer every request within a day and we follow up "
            "until the problem is solved. As the French say, « le client est roi ».",
            "en",
            id="mostly-en-with-fr-quote",
        ),
    ],
)
def test_mixed_text_follows_the_majority(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_only_the_beginning_of_a_long_text_counts() -> None:
    french = "Nous traitons votre demande dans les meilleurs délais et nous vous tenons informé. " * 80
    english = "We handle your request as quickly as we can and keep you informed. " * 2000
    assert detect_language(french + english) == "fr"


def test_is_fast_on_a_large_text() -> None:
    text = "<p>The customer is at the heart of what we do, and we answer every request.</p>\n" * 20_000
    start = time.perf_counter()
    assert detect_language(text) == "en"
    assert time.perf_counter() - start < 0.2


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        pytest.param("fr", "fr", id="fr"),
        pytest.param("fr-FR", "fr", id="fr-FR"),
        pytest.param("fr_CA", "fr", id="fr_CA"),
        pytest.param("FR-be", "fr", id="upper-case"),
        pytest.param("fra", "fr", id="iso-639-2"),
        pytest.param("en", "en", id="en"),
        pytest.param("en_GB", "en", id="en_GB"),
        pytest.param("en-US", "en", id="en-US"),
        pytest.param("en_US.UTF-8", "en", id="posix-locale"),
        pytest.param(" en-gb ", "en", id="whitespace"),
        pytest.param("English", "en", id="name"),
        pytest.param("de-DE", None, id="unsupported"),
        pytest.param("es", None, id="unsupported-short"),
        pytest.param("", None, id="empty"),
        pytest.param("x-klingon", None, id="private-use"),
        pytest.param("enx", None, id="not-a-prefix-match"),
    ],
)
def test_normalise_language_tag(tag: str, expected: str | None) -> None:
    assert normalise_language_tag(tag) == expected


def test_contractions_and_identifiers_are_found_where_they_are() -> None:
    # An apostrophe counts for English after a letter only; camelCase and snake_case names
    # are removed before counting ("ourCustomers" is no English word).
    assert language_scores("Bob's Ann's \u2019tis 's") == (1.0, 0.0, 6)
    assert language_scores("the leadScore and lead_score")[2] == 2
