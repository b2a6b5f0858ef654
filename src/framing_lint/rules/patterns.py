"""The pattern language of rules (see docs/rules.md), parsed into token specs.

``target:VERB *3 {people}`` becomes three specs: a lemma with a POS condition, a gap, a
word class.  Syntax patterns (``target:VERB >obj {people}``) become a head spec and steps.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import NamedTuple

from framing_lint.morphology import normalise

# Dependency label aliases so one rule reads the same over English (ClearNLP labels) and
# French (Universal Dependencies) pipelines.
DEP_ALIASES: dict[str, frozenset[str]] = {
    "obj": frozenset({"dobj", "obj"}),
    "subj": frozenset({"nsubj", "nsubjpass", "nsubj:pass", "csubj"}),
    "mod": frozenset({"amod", "compound", "nmod", "nn", "appos"}),
}

UPOS = frozenset(
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split()
)


class PatternError(ValueError):
    pass


class Spec(NamedTuple):
    """One token position of a pattern."""

    forms: frozenset[str]  # surface forms that match (normalised)
    lemmas: frozenset[str]  # lemmas that match (trained mode also compares token lemmas)
    pos: frozenset[str] = frozenset()  # UPOS condition, trained mode only
    optional: bool = False
    gap: int = 0  # >0: this is a gap of 0..gap tokens, forms unused
    is_class: bool = False
    source: str = ""
    # A modifier gap (``~N``): only words outside the language's ``closed`` class (held in
    # ``forms``) may be skipped, so "target young self-employed plumbers" matches and
    # "target the database for users" does not.
    modifier: bool = False
    numeric: bool = False  # ``{number}``: any token that starts with a digit ("500", "3,400")
    # ``{name}``: any capitalised word ("Brennan", "Lambert"): a family name, where staff
    # write "the Brennan file" for the person.
    name: bool = False

    @property
    def is_gap(self) -> bool:
        return self.gap > 0


class Step(NamedTuple):
    up: bool  # True: go to the head ("<dep"); False: to a child (">dep")
    deps: frozenset[str]  # empty = any label
    spec: Spec


class SyntaxPattern(NamedTuple):
    head: Spec
    steps: tuple[Step, ...]
    source: str = ""


Inflector = Callable[..., frozenset[str]]  # (lemma, kind="any"|"noun"|"verb") -> forms

_NOMINAL_POS = frozenset({"NOUN", "PROPN", "ADJ"})


def _kind(pos: frozenset[str]) -> str:
    """Which paradigm a POS condition allows: only nominal tags -> "noun", only VERB -> "verb"."""
    if pos and pos <= _NOMINAL_POS:
        return "noun"
    if pos and pos <= {"VERB", "AUX"}:
        return "verb"
    return "any"


def _gateable(form: str) -> bool:
    # The gate checks word boundaries, so it can only look for forms that start and end
    # like words ("l'" ends with an elision apostrophe, which is fine).
    return form[:1].isalnum() and (form[-1:].isalnum() or form.endswith("'"))


def searchable(spec: Spec) -> bool:
    """Can the gate look for this position? A required word whose every form is word-like.

    A position that also takes ``{number}`` or ``{name}`` matches tokens no word list holds
    ("500", "Brennan"): the gate cannot look for those, so the position is not searchable
    even when it lists words beside them.
    """
    return (
        not spec.is_gap
        and not spec.optional
        and not spec.numeric
        and not spec.name
        and bool(spec.forms)
        and _all_gateable(spec.forms)
    )


@functools.lru_cache(maxsize=4096)
def _all_gateable(forms: frozenset[str]) -> bool:
    # Remembered per set: a large class ({persons}, thousands of forms) is asked about once
    # for every pattern and condition that uses it.
    return all(_gateable(f) for f in forms)


def check_searchable(specs: tuple[Spec, ...] | list[Spec], source: str) -> None:
    """A pattern that matches must have a word the gate can find first: '$$$' cannot."""
    if not any(searchable(s) for s in specs):
        raise PatternError(
            f"pattern {source!r} has no word to search for: at least one required (not '?' optional) "
            "position must be a word that starts and ends with a letter or digit"
        )


_GAP = re.compile(r"\*(\d+)$")
_MODIFIER_GAP = re.compile(r"~(\d+)$")

# A class is used by many patterns: expand each (members, paradigm) once per inflector.
_class_cache: dict[tuple[int, frozenset[str], str], tuple[frozenset[str], frozenset[str]]] = {}
_interned: dict[frozenset[str], frozenset[str]] = {}


def _expand_class(members: frozenset[str], kind: str, inflect: Inflector) -> tuple[frozenset[str], frozenset[str]]:
    key = (id(inflect), members, kind)
    hit = _class_cache.get(key)
    if hit is not None and hit[0] is not None:
        return hit
    forms: set[str] = set()
    lemmas: set[str] = set()
    for member in members:
        if member.startswith("=") and len(member) > 1:  # an exact form inside a class
            forms.add(normalise(member[1:]))
            continue
        lemmas.add(normalise(member))
        forms |= inflect(member, kind)
    result = (frozenset(forms), frozenset(lemmas))
    _class_cache[key] = result
    return result


def _parse_spec(raw: str, classes: Mapping[str, frozenset[str]], inflect: Inflector) -> Spec:
    text = raw
    optional = text.startswith("?") and len(text) > 1
    if optional:
        text = text[1:]
    m = _GAP.match(text)
    if m:
        n = int(m.group(1))
        if not 1 <= n <= 8:
            raise PatternError(f"gap {raw!r} must be between *1 and *8")
        return Spec(frozenset(), frozenset(), gap=n, source=raw)
    m = _MODIFIER_GAP.match(text)
    if m:
        n = int(m.group(1))
        if not 1 <= n <= 8 or optional:
            raise PatternError(f"modifier gap {raw!r} must be between ~1 and ~8")
        if "closed" not in classes:
            raise PatternError(f"{raw!r} needs the word class {{closed}} (the words a modifier gap cannot skip)")
        closed, _ = _expand_class(classes["closed"], "any", inflect)
        if "verbs" in classes:  # words mostly used as verbs ("burn", "helps") are not modifiers
            closed = closed | _expand_class(classes["verbs"], "any", inflect)[0]
        return Spec(closed, frozenset(), gap=n, source=raw, modifier=True)
    pos: frozenset[str] = frozenset()
    # The POS suffix is the last ':' followed by upper-case tags (so '=l'' and ':' itself stay literal).
    pm = re.match(r"^(.+?):([A-Z|]+)$", text)
    if pm:
        text, tags = pm.group(1), pm.group(2)
        pos = frozenset(tags.split("|"))
        unknown = pos - UPOS
        if unknown:
            raise PatternError(f"unknown part of speech {', '.join(sorted(unknown))} in {raw!r} (use Universal POS tags such as NOUN, VERB, ADJ)")
    forms: set[str] = set()
    lemmas: set[str] = set()
    is_class = numeric = proper = False
    for alt in text.split("|"):
        if not alt:
            raise PatternError(f"empty alternative in {raw!r}")
        if alt[0] in "?*~":
            # "=them|?{det}" reads as if one alternative were optional; '?' and gaps apply to
            # a whole position, so the author meant two patterns.
            raise PatternError(f"{alt!r} in {raw!r}: '?', '*' and '~' apply to a whole position, "
                               "not to one alternative; write two patterns instead")
        if alt == "{number}":
            numeric = is_class = True
            # Numbers written out ("forty cases", "quinze dossiers") count too: the language's
            # ``number_word`` class lists them, when it has one.
            if "number_word" in classes:
                word_forms, _ = _expand_class(classes["number_word"], "any", inflect)
                forms |= word_forms
            continue
        if alt == "{name}":
            proper = is_class = True
            continue
        if alt.startswith("{") and alt.endswith("}"):
            name = alt[1:-1]
            if name not in classes:
                raise PatternError(f"unknown word class {{{name}}} in {raw!r}")
            is_class = True
            class_forms, class_lemmas = _expand_class(classes[name], _kind(pos), inflect)
            forms |= class_forms
            lemmas |= class_lemmas
        elif alt.startswith("=") and len(alt) > 1:
            forms.add(normalise(alt[1:]))
        else:
            lemmas.add(normalise(alt))
            forms |= inflect(alt, _kind(pos))
    # Patterns share their word sets: a frame repeats "{persons}|{groups}" in every form, and
    # one set of thousands of nouns is cheaper to build, keep and pickle than ten.
    key = frozenset(forms)
    form_set = _interned.setdefault(key, key)
    key = frozenset(lemmas)
    lemma_set = _interned.setdefault(key, key)
    return Spec(form_set, lemma_set, pos, optional, 0, is_class, raw, numeric=numeric, name=proper)


# The matcher recurses once per position of a pattern; a phrase is a few words, and the
# longest shipped pattern has 10 positions.
MAX_POSITIONS = 40


def parse_pattern(pattern: str, classes: Mapping[str, frozenset[str]], inflect: Inflector) -> tuple[Spec, ...]:
    parts = pattern.split()
    if not parts:
        raise PatternError("empty pattern")
    if len(parts) > MAX_POSITIONS:
        raise PatternError(f"pattern has {len(parts)} words, gaps and options; at most {MAX_POSITIONS} are allowed")
    specs = tuple(_parse_spec(p, classes, inflect) for p in parts)
    if all(s.is_gap or s.optional for s in specs):
        raise PatternError(f"pattern {pattern!r} has no required word")
    if specs[0].is_gap or specs[-1].is_gap:
        raise PatternError(f"pattern {pattern!r} cannot start or end with a gap")
    return specs


def parse_syntax(pattern: str, classes: Mapping[str, frozenset[str]], inflect: Inflector) -> SyntaxPattern:
    parts = pattern.split()
    if len(parts) > 2 * MAX_POSITIONS + 1:
        raise PatternError(f"syntax pattern has {len(parts) // 2} steps; at most {MAX_POSITIONS} are allowed")
    if len(parts) < 3 or len(parts) % 2 == 0:
        raise PatternError(f"syntax pattern {pattern!r} must read 'HEAD >dep CHILD [>dep CHILD ...]'")
    head = _parse_spec(parts[0], classes, inflect)
    steps: list[Step] = []
    for rel, tok in zip(parts[1::2], parts[2::2]):
        if rel[:1] not in "<>" :
            raise PatternError(f"{rel!r} in {pattern!r} must start with '>' (child) or '<' (head)")
        labels: set[str] = set()
        for label in rel[1:].split("|"):
            if label in ("", "*"):
                labels = set()
                break
            labels |= DEP_ALIASES.get(label, frozenset({label}))
        spec = _parse_spec(tok, classes, inflect)
        if spec.is_gap or spec.optional:
            raise PatternError(f"gaps and optional tokens are not allowed in syntax pattern {pattern!r}")
        steps.append(Step(rel[0] == "<", frozenset(labels), spec))
    return SyntaxPattern(head, tuple(steps), pattern)
