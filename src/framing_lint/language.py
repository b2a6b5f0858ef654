"""Guess whether a text is English or French, cheaply, and normalise language tags.

Detection counts frequent function words of each language over the first few thousand
characters of prose (markup, code, URLs and template variables removed first).  Function
words shared by both languages or common in markup ("on", "or", "a", "plus", "son", "font",
"sans") are left out: they would vote for the wrong side.  French accented letters and
elisions (l', d', qu') add a weak signal; English contractions (n't, 's) likewise.
"""
from __future__ import annotations

import re

__all__ = ["SUPPORTED_LANGUAGES", "detect_language", "normalise_language_tag"]

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr")

SAMPLE_CHARS = 5000
# Markup is stripped from a window twice the sample first: stripping is the costly part
# (~25 MB/s) and prose from a format module keeps nearly all of it.  Markup-heavy text (an
# HTML e-mail template read as plain text) can hold little prose there; it gets the wider
# window, then SAMPLE_CHARS of prose are taken.
_FIRST_WINDOW = 2 * SAMPLE_CHARS
_RAW_WINDOW = 40_000
MIN_SCORE = 2.0
_QUICK_CHARS = 1500
_QUICK_SCORE = 10.0
_QUICK_RATIO = 4.0

_EN_WORDS = frozenset(
    """
    the and of to in is that for it with was be are this by you your from have has
    not at will can we our they their them which were been would should could if
    there these those also into any other its only about may must do does did when what
    how who whom where why all more most some such than then very just over after before
    because while being he she his her him i my us here each both through between
    under during without within upon please thank thanks yes get make using use
    """.split()
)

_FR_WORDS = frozenset(
    """
    le la les de des du un une et est sont au aux que qui dans pour par sur pas ne se ce
    cette ces il ils elle elles nous vous leur leurs avec mais ou où donc être été
    avoir ont sa ses lui y en dont ainsi lorsque entre sous chez vers selon
    peut doit fait tout tous toute toutes notre nos votre vos je tu mon ma mes ta
    aussi même comme quand si très bien après avant depuis pendant cas afin auprès
    celui celle ceux
    """.split()
)

# Elided French forms ("l'assuré", "qu'il", "d’un") vote French; an English contraction
# ("don't", "it's", "we're") votes English.  Single letters are not in the word lists:
# "d", "s", "t" come from both languages' apostrophes.
# Both start at the apostrophe (a literal the regex engine scans for quickly) and look
# back for the word, instead of trying a word at every position.
_EN_CONTRACTION = re.compile(r"(?i)['’](?<=[a-z]['’])(?:t|s|re|ve|ll|d|m)\b")
_FR_ELISION = re.compile(
    r"(?i)['’](?:(?<=\b[ldjnmstc]['’])|(?<=\bqu['’])|(?<=\bjusqu['’])|(?<=\blorsqu['’])|(?<=\bpuisqu['’]))"
    r"[a-zàâäéèêëîïôöùûüç]"
)
_FR_LETTERS = re.compile(r"[àâçéèêëîïôœùûÿ]", re.IGNORECASE)

# Markup is removed in passes.  The first one only has branches that start with a fixed
# character.  The others can start at any word, which makes them slow (a few MB/s), so
# each runs only when a cheap test says the window can hold what it removes.
_MARKUP = re.compile(
    r"""
      <!--.*?-->                                  # HTML comments
    | <(script|style)\b[^>]*>.*?</\1\s*>           # script and style blocks
    | <[^>]{0,2000}>                               # tags with their attributes
    | \{\{.*?\}\} | \{%.*?%\} | \{\#.*?\#\}        # Mustache / Jinja
    | \$\{[^}]*\}                                  # ${var}
    | ```.*?```  | ~~~.*?~~~                       # fenced code
    | `[^`\n]*`                                    # inline code
    | \]\([^)\s]*\)                                # Markdown link targets
    | &\#?\w+;                                     # HTML entities
    """,
    re.DOTALL | re.VERBOSE,
)
_GATED: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    # (cheap test, what to remove)
    (re.compile(r"://|www\.|mailto:"), re.compile(r"(?:https?|ftp|mailto):\S+|www\.\S+")),  # URLs
    (re.compile(r"@"), re.compile(r"\S+@\S+\.\w+")),  # e-mail addresses
    (  # file names
        re.compile(r"\.(?:md|html?|pdf|png|jpe?g|svg|css|js|ya?ml|json|py)\b"),
        re.compile(r"\b[\w.-]+\.(?:md|html?|pdf|png|jpe?g|svg|css|js|ya?ml|json|py)\b"),
    ),
    # camelCase / snake_case identifiers
    # (the test starts at the capital or "_", rarer than a lower-case letter to scan for)
    (re.compile(r"[A-Z_](?<=[a-z][A-Z_])[a-z0-9]"), re.compile(r"\b[a-z]+(?:[A-Z_][a-z0-9]+)+\b")),
)
_FRONT_MATTER_KEY = re.compile(r"(?m)^[ \t]*[\w-]+:[ \t]*")
_WORD = re.compile(r"[^\W\d_]+")


def _prose_sample(text: str) -> str:
    prose = _strip(text[:_FIRST_WINDOW])
    if len(prose.strip()) < SAMPLE_CHARS and len(text) > _FIRST_WINDOW:
        prose = _strip(text[:_RAW_WINDOW])
    return prose[:SAMPLE_CHARS]


def _strip(window: str) -> str:
    window = _MARKUP.sub(" ", window)
    for test, markup in _GATED:
        if test.search(window):
            window = markup.sub(" ", window)
    return _FRONT_MATTER_KEY.sub(" ", window)


def language_scores(text: str) -> tuple[float, float, int]:
    """``(english, french, words)`` evidence for a text; exposed for tests and benchmarks."""
    return _scores(_prose_sample(text))


def _scores(sample: str) -> tuple[float, float, int]:
    words = _WORD.findall(sample.lower())
    en = float(sum(1 for w in words if w in _EN_WORDS))
    fr = float(sum(1 for w in words if w in _FR_WORDS and w not in _EN_WORDS))
    en += 0.5 * len(_EN_CONTRACTION.findall(sample))
    fr += len(_FR_ELISION.findall(sample))
    # Accented letters are a weak signal: English prose quotes French names ("José",
    # "café"), French prose has one every few words.
    fr += 0.1 * len(_FR_LETTERS.findall(sample))
    return en, fr, len(words)


def detect_language(text: str) -> str | None:
    """``"en"``, ``"fr"``, or None when there is too little prose to tell."""
    # Most texts are decided by their first few hundred words; the whole sample is read
    # only when the start is short or mixed.
    en, fr, _ = _scores(_strip(text[: 2 * _QUICK_CHARS])[:_QUICK_CHARS])
    if len(text) > _QUICK_CHARS and not (max(en, fr) >= _QUICK_SCORE and max(en, fr) >= _QUICK_RATIO * min(en, fr)):
        en, fr, _ = language_scores(text)
    if max(en, fr) < MIN_SCORE:
        return None
    if en == fr:
        return None
    return "en" if en > fr else "fr"


_TAG_NAMES: dict[str, str] = {
    "en": "en",
    "eng": "en",
    "english": "en",
    "anglais": "en",
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
}


def normalise_language_tag(tag: str) -> str | None:
    """Primary language of a BCP 47 / POSIX tag ("fr-FR", "en_GB.UTF-8"), if supported."""
    if not tag:
        return None
    primary = re.split(r"[-_.@\s]", tag.strip(), maxsplit=1)[0].lower()
    return _TAG_NAMES.get(primary)
