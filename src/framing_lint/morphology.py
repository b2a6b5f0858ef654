"""Inflection tables: every surface form a lemma can take, per language.

The lexical gate and the lexical matcher work on surface forms, so a rule written with the
lemma ``target`` must know ``targets``, ``targeted`` and ``targeting`` up front.
A nonsense form is harmless (it never occurs in text) and a missing form is a miss, so the
tables err on the generous side; but a generated form can be another real word (French
``usager`` conjugated as a verb gives ``usage``), which is why a pattern's part of speech
narrows the paradigm (see ``forms``).
"""
from __future__ import annotations

from functools import lru_cache

_VOWELS = set("aeiou")

# English irregular forms (lemma -> forms besides the lemma).
_EN_IRREGULAR: dict[str, tuple[str, ...]] = {
    "lead": ("led",),
    "deal": ("dealt",),
    "buy": ("bought",),
    "catch": ("caught",),
    "sell": ("sold",),
    "win": ("won",),
    "seek": ("sought",),
    "fight": ("fought",),
    "bring": ("brought",),
    "keep": ("kept",),
    "hold": ("held",),
    "take": ("took", "taken"),
    "give": ("gave", "given"),
    "get": ("got", "gotten"),
    "make": ("made",),
    "tell": ("told",),
    "feel": ("felt",),
    "send": ("sent",),
    "spend": ("spent",),
    "think": ("thought",),
    "shoot": ("shot",),
    "beat": ("beaten",),
    "drive": ("drove", "driven"),
    "steal": ("stole", "stolen"),
    "write": ("wrote", "written"),
    "man": ("men",),
    "woman": ("women",),
    "person": ("people", "persons"),
    "child": ("children",),
    "foot": ("feet",),
    "wife": ("wives",),
    "life": ("lives",),
    "policy": ("policies",),
}


def normalise(word: str) -> str:
    """The form tokens and patterns are compared in: lower case, one apostrophe, no ligatures."""
    if word.isascii():  # most words: nothing to replace (isascii is a flag, not a scan)
        return word.lower()
    return word.lower().replace("\u2019", "'").replace("\u02bc", "'").replace("œ", "oe").replace("æ", "ae")


def _en_s(w: str) -> str:
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        return w[:-1] + "ies"
    return w + "s"


def _en_cvc(w: str) -> bool:
    return len(w) >= 3 and w[-1] not in _VOWELS | set("wxy") and w[-2] in _VOWELS and w[-3] not in _VOWELS


@lru_cache(maxsize=None)
def english_forms(lemma: str, kind: str = "any") -> frozenset[str]:
    w = normalise(lemma)
    forms = {w, _en_s(w), w + "'s"}
    if kind == "noun":
        return frozenset(forms | set(_EN_IRREGULAR.get(w, ())))
    if w.endswith("ie"):
        forms |= {w + "d", w[:-2] + "ying"}
    elif w.endswith("ee"):
        forms |= {w + "d", w + "ing"}
    elif w.endswith("e"):
        forms |= {w + "d", w[:-1] + "ing"}
    elif w.endswith("y") and len(w) > 1 and w[-2] not in _VOWELS:
        forms |= {w[:-1] + "ied", w + "ing"}
    else:
        forms |= {w + "ed", w + "ing"}
        if _en_cvc(w):  # stop -> stopped; target -> targetted (British variant seen in the wild)
            forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    if w.endswith("ise"):  # British and American spellings are one word to a reader
        forms |= english_forms(w[:-3] + "ize")
    forms |= set(_EN_IRREGULAR.get(w, ()))
    return frozenset(forms)


_FR_ER_ENDINGS = (
    # présent, imparfait, passé simple, futur, conditionnel, subjonctif, participes
    "e", "es", "ons", "ez", "ent",
    "ais", "ait", "ions", "iez", "aient",
    "ai", "as", "a", "âmes", "âtes", "èrent",
    "erai", "eras", "era", "erons", "erez", "eront",
    "erais", "erait", "erions", "eriez", "eraient",
    "asse", "asses", "ât", "assions", "assiez", "assent",
    "é", "ée", "és", "ées", "ant", "er",
)

# French irregular or hard-to-derive forms (lemma -> extra forms).
_FR_IRREGULAR: dict[str, tuple[str, ...]] = {
    "oeil": ("yeux",),
    "tête": ("têtes",),
}


def _fr_nominal(w: str) -> set[str]:
    """Gender and number of a French noun or adjective."""
    forms = {w}
    if w.endswith(("s", "x", "z")):
        forms |= {w + "e", w + "es"}
    elif w.endswith("eau"):
        forms |= {w + "x"}
    elif w.endswith("al"):
        forms |= {w[:-2] + "aux", w + "e", w + "es", w + "s"}
    elif w.endswith("teur"):
        forms |= {w + "s", w[:-4] + "trice", w[:-4] + "trices", w[:-1] + "se", w[:-1] + "ses"}
    elif w.endswith("eur"):
        forms |= {w + "s", w[:-1] + "se", w[:-1] + "ses", w + "e", w + "es"}
    elif w.endswith("if"):
        forms |= {w + "s", w[:-1] + "ve", w[:-1] + "ves"}
    elif w.endswith("ien") or w.endswith("on"):
        forms |= {w + "s", w + "ne", w + "nes", w + "e", w + "es"}
    elif w.endswith("er"):
        forms |= {w + "s", w[:-2] + "ère", w[:-2] + "ères"}
    elif w.endswith("et"):
        forms |= {w + "s", w + "te", w + "tes", w + "e", w + "es"}
    elif w.endswith("e"):
        forms |= {w + "s"}
    else:
        forms |= {w + "s", w + "e", w + "es"}
    return forms


def _fr_er_verb(w: str) -> set[str]:
    stem = w[:-2]
    forms: set[str] = set()
    for ending in _FR_ER_ENDINGS:
        s = stem
        if ending[0] in "aoâ":
            if s.endswith("g"):
                s += "e"  # mangeons
            elif s.endswith("c"):
                s = s[:-1] + "ç"  # plaçons
        forms.add(s + ending)
        # gérer -> gère, gèrent; céder -> cède: the last é of the stem opens before a mute e.
        if ending in ("e", "es", "ent") or ending.startswith("er"):
            i = s.rfind("é")
            if i >= 0 and i >= len(s) - 3:
                forms.add(s[:i] + "è" + s[i + 1 :] + ending)
    return forms


@lru_cache(maxsize=None)
def french_forms(lemma: str, kind: str = "any") -> frozenset[str]:
    w = normalise(lemma)
    # A noun in -er (usager, dossier) must not grow verb forms: "usage" and "usagé" are other
    # words. Without a part of speech every -er word is also conjugated (cibler, gérer).
    forms = _fr_nominal(w) if kind != "verb" or not w.endswith("er") else {w}
    if w.endswith("er") and len(w) > 3 and kind != "noun":
        forms |= _fr_er_verb(w)
    if w.endswith("é"):
        # A past participle used as noun or adjective (assuré): its verb forms are separate
        # words, written as their own lemma (assurer) when a rule wants them.
        forms |= {w + "e", w + "s", w + "es"}
    forms |= set(_FR_IRREGULAR.get(w, ()))
    return frozenset(forms)


def forms(lemma: str, language: str, kind: str = "any") -> frozenset[str]:
    """All surface forms of ``lemma`` in ``language`` (normalised).

    ``kind`` narrows the paradigm: "noun" (nouns, adjectives: gender and number only),
    "verb", or "any". Patterns pass it from their part-of-speech condition (``usager:NOUN``).
    """
    if language == "fr":
        return french_forms(lemma, kind)
    return english_forms(lemma, kind)
