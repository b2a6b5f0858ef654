"""The lexical gate against a plain reference: the sentences where every required word of a
pattern occurs as a whole word, worked out the obvious (slow) way, must be exactly the
sentences and patterns ``engine.candidate_patterns`` sends on, for the shipped packs and for
a pack written to collide in the gate's automaton ("c" and the elision "c'", "e-mail" and
"e mail", a form ending in a full stop)."""
from __future__ import annotations

import copy
import functools
import random
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from framing_lint.api import load_rules
from framing_lint.config import Config
from framing_lint.engine import (
    _COMMON,
    CompiledRules,
    _conditions,
    _entry_patterns,
    _lower_same_length,
    _with_large,
    candidate_patterns,
    gate_specs,
    match_sentence,
    phrases,
)
from framing_lint.rules.loader import load_pack
from framing_lint.rules.model import Spec
from framing_lint.rules.patterns import searchable
from framing_lint.tokens import blocks, sentences, tokenize

COLLIDING = """\
pack: colliding
language: fr
rules:
  - id: c-est-la-loi
    category: procedure
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["nous ne pouvons pas"]
    match: ["c'est la loi", "plan c", "e-mail client", "e mail client", "etc. client", "dossier *2 client"]
    examples:
      flag: ["C'est la loi.", "Un e-mail client."]
      pass: ["La loi change.", "Un client."]
"""


def _surfaces(form: str) -> set[str]:
    out = {form}
    if "oe" in form:
        out.add(form.replace("oe", "œ"))
    if "'" in form:
        out.add(form.replace("'", "\u2019"))
    return out


def _spec_pattern(forms: frozenset[str], cache: dict[frozenset[str], re.Pattern[str]]) -> re.Pattern[str]:
    """A form of ``forms`` with no letter, digit or "_" just before it, nor just after it
    unless it is an elision; zero-width, so that overlapping forms are all seen."""
    if forms not in cache:
        alternatives = [re.escape(s) + ("" if f.endswith("'") else r"(?!\w)") for f in sorted(forms) for s in _surfaces(f)]
        cache[forms] = re.compile(r"(?<!\w)(?=" + "|".join(alternatives) + ")")
    return cache[forms]


def _occurs(pattern: re.Pattern[str], low: str, a: int, b: int) -> bool:
    # Searched from the sentence's start to the text's end: the characters around the
    # sentence count for the boundaries.
    m = pattern.search(low, a)
    return m is not None and m.start() < b


_PATTERNS: dict[int, dict[frozenset[str], re.Pattern[str]]] = {}
# Compiled rules -> (themselves, each gate pattern's words): built once, not per sentence.
_REQUIRED: dict[int, tuple[CompiledRules, list[list[re.Pattern[str]]]]] = {}


@functools.cache
def _shipped(language: str) -> CompiledRules:
    """The shipped packs of a language, compiled once for every test here (the gate's own
    caches fill as tests run; no test changes the rules)."""
    return CompiledRules.build(language, load_rules(language, Config(language=language)))


def _compile_pack(tmp_path: Path, text: str, language: str) -> CompiledRules:
    """A test pack written to a real file, loaded as framing-lint loads packs, and compiled."""
    pack = tmp_path / "pack.yaml"
    pack.write_text(text, encoding="utf-8")
    _, _, rules = load_pack(pack)
    return CompiledRules.build(language, rules)


def words_only(compiled: CompiledRules) -> CompiledRules:
    """The same gate without its second test (the phrases): what ``reference`` works out."""
    out = copy.copy(compiled)
    out.pattern_phrases, out._phrases_blob = {}, None
    return out


def _gate_words(specs: Sequence[Spec], extra: Sequence[Spec]) -> list[Spec]:
    """A pattern's words the gate asks for, and the rare words of a condition it must meet."""
    rare = [s for s in extra if searchable(s) and len(s.forms) <= 400 and not s.forms & _COMMON]
    return (gate_specs(specs) + rare)[:64]


def reference(compiled: CompiledRules, text: str) -> dict[tuple[int, int], set[int]]:
    low = _lower_same_length(text)
    cache = _PATTERNS.setdefault(id(compiled), {})
    kept = _REQUIRED.get(id(compiled))
    if kept is None or kept[0] is not compiled:
        kept = _REQUIRED[id(compiled)] = (compiled, [
            [_spec_pattern(spec.forms, cache) for spec in _gate_words(specs, extra)]
            for rule in compiled.rules for entry in rule.match for specs in _entry_patterns(entry)
            for extra in _conditions(rule, entry, specs)])
    required = kept[1]
    out: dict[tuple[int, int], set[int]] = {}
    for block in blocks(text):
        for a, b in sentences(text, *block):
            found = {k for k, specs in enumerate(required)
                     if all(_occurs(spec, low, a, b) for spec in specs)}
            if found and compiled.pattern_large:
                found = _with_large(compiled, found, low, (a, b))
            if found:
                out[(a, b)] = found
    return out


def _texts(words: list[str], seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    glue = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "'", "\u2019", "-", " (", ") ", "_", "; ", ". The ", "x"]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            word = rng.choice(words)
            parts.append(word.upper() if rng.random() < 0.1 else word)
            parts.append(rng.choice(glue))
        out.append("".join(parts))
    return out


def _words(compiled: CompiledRules, rng: random.Random, size: int) -> list[str]:
    forms = sorted({f for rule in compiled.rules for entry in rule.match for specs in _entry_patterns(entry)
                    for extra in _conditions(rule, entry, specs) for spec in _gate_words(specs, extra) for f in spec.forms})
    return rng.sample(forms, min(size, len(forms))) + ["customers", "the", "la", "œuvre", "client", "e", "mail", "c", "etc"]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shipped_packs_gate_as_the_reference_does(language: str) -> None:
    compiled = _shipped(language)
    words = _words(compiled, random.Random(7), 300)
    for text in _texts(words, seed=11, count=40):
        assert candidate_patterns(words_only(compiled), text) == reference(compiled, text), text


def test_forms_that_share_a_key_in_the_automaton(tmp_path: Path) -> None:
    compiled = _compile_pack(tmp_path, COLLIDING, "fr")
    words = ["c'est", "c\u2019est", "c", "c'", "est", "la", "loi", "plan", "e-mail", "e mail", "e", "mail", "email",
             "client", "etc.", "etc", "dossier", "le"]
    texts = ["C'est la loi.", "Plan C, c'est la loi.", "Un e-mail client.", "Un e mail client.", "Un e_mail client.",
             "Etc. client", "etcetera client", *_texts(words, seed=3, count=300)]
    for text in texts:
        assert candidate_patterns(words_only(compiled), text) == reference(compiled, text), text
        _assert_no_match_lost(compiled, text)
    assert candidate_patterns(compiled, "C\u2019est la loi.")


ANCHORS = """\
pack: anchors
language: en
rules:
  - id: per-policy
    category: procedure
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["what it means for you"]
    # "policy" is in both patterns and "our" in one: counting patterns would anchor the
    # first on "our"; by how often words are written, it is anchored on "policy".
    match: ["as per our policy", "policy *2 refund"]
    examples:
      flag: ["As per our policy, no.", "Policy: no refund."]
      pass: ["Per policy.", "A refund."]
"""


def _starts(compiled: CompiledRules, word: str) -> tuple[int, ...]:
    """The patterns a hit of ``word`` starts (of which it is the anchor)."""
    _, (_, starts), _ = compiled.automaton.get(f" {word} ")
    return starts


def test_each_pattern_is_anchored_on_its_least_written_word(tmp_path: Path) -> None:
    from framing_lint.frequencies import zipf_table

    table = zipf_table("en")
    assert table["our"] > table["policy"] > table["refund"]  # the shipped table is there
    compiled = _compile_pack(tmp_path, ANCHORS, "en")
    assert _starts(compiled, "our") == ()  # the most written word starts nothing
    assert _starts(compiled, "policy") == (0,)
    assert _starts(compiled, "refund") == (1,)
    # The choice changes no answer: a block without the anchor has no candidate, and one
    # with every word has.
    assert candidate_patterns(compiled, "Our team, as per the plan.") == {}
    assert candidate_patterns(compiled, "As per our policy, the refund is paid.") == {(0, 38): {0, 1}}


PRONOUNS = """\
pack: pronouns
language: en
rules:
  - id: our-customers
    category: targets
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["people we serve"]
    match: ["our customers", "you did not provide"]
    examples:
      flag: ["Our customers wait.", "You did not provide it."]
      pass: ["Customers wait.", "You did provide it."]
"""


def test_the_pronouns_a_pattern_is_built_around_are_required_by_the_gate(tmp_path: Path) -> None:
    # "our", "you" and "not" are in the gate (unlike "the" or "did"): a sentence without
    # them is never tokenized for these patterns.
    compiled = _compile_pack(tmp_path, PRONOUNS, "en")
    required = [{f for s in gate_specs(specs) for f in s.forms} for e in compiled.rules[0].match for specs in _entry_patterns(e)]
    assert all("our" in forms or "you" in forms for forms in required)
    assert candidate_patterns(compiled, "Customers wait. Your customers wait.") == {}
    assert list(candidate_patterns(compiled, "Customers wait. Our customers wait.")) == [(16, 35)]
    assert candidate_patterns(compiled, "You did provide it.") == {}
    assert candidate_patterns(compiled, "You did not provide it.")


CONDITIONS = """\
pack: conditions
language: en
rules:
  - id: dear-member
    category: paperwork
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["your name"]
    match:
      - pattern: "=the =member"
        requires: ["=dear", "=hello =there"]
      - "=members =only"
    examples:
      flag: ["Dear the member, hello.", "Hello there the member.", "Members only."]
      pass: ["The member list is long.", "Hello, the member is here."]
  - id: sales-lead
    category: targets
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["people who asked"]
    match: ["=new =leads", "=hot =leads"]
    requires_sentence: ["=crm", "=pipeline =review"]
    examples:
      flag: ["New leads go to the CRM.", "Hot leads come up in the pipeline review."]
      pass: ["New leads in the case.", "Hot leads and the pipeline."]
"""


def test_the_gate_asks_for_the_words_of_a_patterns_conditions(tmp_path: Path) -> None:
    # A pattern of common words with a ``requires`` ("=the =member" only after "Dear")
    # used to send every sentence with "member" to the matcher; the gate now enters it once
    # per condition, each asking for the condition's words too.
    compiled = _compile_pack(tmp_path, CONDITIONS, "en")
    assert candidate_patterns(compiled, "The member list is long.") == {}
    assert candidate_patterns(compiled, "Hello, the member is here.") == {}  # "hello there" is a phrase
    assert candidate_patterns(compiled, "Dear the member, hello.")
    assert candidate_patterns(compiled, "Hello there the member.")
    assert candidate_patterns(compiled, "Members only.")  # the entry without conditions
    assert candidate_patterns(compiled, "New leads in the case.") == {}
    assert candidate_patterns(compiled, "Hot leads and the pipeline.") == {}
    assert candidate_patterns(compiled, "New leads go to the CRM.")
    # Each gate entry leads back to its rule's match entry, whatever came before it.
    for i, j in zip(compiled.pattern_rule, compiled.pattern_entry):
        entry = compiled.rules[i].match[j]
        assert entry.pattern is not None and any(s.forms for s in entry.pattern)
    assert [compiled.rules[i].id for i in compiled.pattern_rule].count("dear-member") == 3
    for text in ["Dear the member, hello.", "Hello there the member.", "Members only.", "New leads go to the CRM.",
                 "Hot leads come up in the pipeline review.", "The member list is long.", *_texts(
                     ["the", "member", "members", "only", "dear", "hello", "there", "new", "hot", "leads", "crm",
                      "pipeline", "review"], seed=5, count=300)]:
        _assert_no_match_lost(compiled, text)
        assert candidate_patterns(words_only(compiled), text) == reference(compiled, text), text


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_gate_entry_names_its_own_match_entry(language: str) -> None:
    # A rule with a syntax pattern and its lexical fallback enters the gate twice; both must
    # lead back to the same entry, not to the one numbered by the last word counted.
    compiled = _shipped(language)
    expected = [(i, j) for i, rule in enumerate(compiled.rules) for j, entry in enumerate(rule.match)
                for specs in _entry_patterns(entry) for _ in _conditions(rule, entry, specs)]
    assert list(zip(compiled.pattern_rule, compiled.pattern_entry)) == expected


# -- the second test: phrases --------------------------------------------------------------
def _assert_no_match_lost(compiled: CompiledRules, text: str) -> None:
    """Every (sentence, rule entry) where the lexical matcher finds a match is among the
    gate's candidates, with and without ``lemmas``; and the phrases only ever drop some of
    the word-level gate's candidates."""
    words = candidate_patterns(words_only(compiled), text)
    for lemmas in (False, True):
        found = candidate_patterns(compiled, text, lemmas=lemmas)
        assert set(found) <= set(words), text
        assert all(found[s] <= words[s] for s in found), text
        kept = {(s, compiled.pattern_rule[k], compiled.pattern_entry[k]) for s, ks in found.items() for k in ks}
        for s, ks in words.items():
            tokens = tokenize(text[s[0]:s[1]], s[0])
            for k in ks:
                rule_index, entry = compiled.pattern_rule[k], compiled.pattern_entry[k]
                if match_sentence([compiled.rules[rule_index]], tokens, None, only=[{entry}]):
                    assert (s, rule_index, entry) in kept, (text, s, compiled.rules[rule_index].id, entry, lemmas)


def _examples(compiled: CompiledRules) -> list[str]:
    out: list[str] = []
    for rule in compiled.rules:
        ex = rule.examples
        out += [*ex.flag, *ex.flag_trained, *ex.pass_, *ex.pass_trained, *(before for before, _ in ex.fix)]
    return out


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shipped_rules_examples_keep_every_match(language: str) -> None:
    # The rules' own examples: each flag example's match must survive the phrases.
    compiled = _shipped(language)
    examples = _examples(compiled)
    assert len(examples) > 500
    for text in examples:
        _assert_no_match_lost(compiled, text)
    flagged = [t for r in compiled.rules for t in r.examples.flag]
    assert all(candidate_patterns(compiled, t) for t in flagged)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shipped_rules_examples_respaced_keep_every_match(language: str) -> None:
    # The same examples with other white space and spellings between and inside words: line
    # breaks with indentation, tabs, no-break spaces, curly apostrophes, ligatures, capitals.
    compiled = _shipped(language)
    rng = random.Random(5)
    spaces = ["  ", "\n   ", "\t", "\u00a0", " \r\n "]
    for text in _examples(compiled):
        respaced = "".join(rng.choice(spaces) if c == " " and rng.random() < 0.5 else c for c in text)
        respaced = respaced.replace("'", "\u2019").replace("oe", "\u0153")
        _assert_no_match_lost(compiled, respaced.upper() if rng.random() < 0.2 else respaced)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_random_texts_keep_every_match(language: str) -> None:
    compiled = _shipped(language)
    words = _words(compiled, random.Random(13), 400)
    for text in _texts(words, seed=17, count=60):
        _assert_no_match_lost(compiled, text)


PHRASES = """\
pack: phrases
language: en
rules:
  - id: process-is-process
    category: procedure
    severity: warning
    message: "'{match}'"
    rationale: test
    alternatives: ["we can't, because"]
    match: ["=the =process =is =the =process", "=that ='s =the =process", "=case ?=no {number}", "=our ~2 customers"]
    examples:
      flag: ["The process is the process.", "That's the process.", "Case no. 12 waits."]
      pass: ["The process is simple.", "Our process is the best."]
"""


def test_a_sentence_needs_a_patterns_words_next_to_each_other(tmp_path: Path) -> None:
    compiled = _compile_pack(tmp_path, PHRASES, "en")
    assert candidate_patterns(compiled, "The process is simple. Process matters.") == {}
    assert candidate_patterns(words_only(compiled), "The process is simple. Process matters.")
    for text in ["The process is the process.", "THE PROCESS\n    is  the\tprocess", "That\u2019s the process.",
                 "That's  the process", "Case 12.", "case no 7", "CASE NO 7"]:
        assert candidate_patterns(compiled, text), text
        _assert_no_match_lost(compiled, text)
    assert candidate_patterns(compiled, "In case of doubt.") == {}
    assert candidate_patterns(compiled, "The process, is the process.") == {}
    # A gap ends a phrase: "our" alone is no phrase, so only the words are asked for.
    assert phrases(compiled.rules[0].match[3].pattern) == ()
    assert candidate_patterns(compiled, "Our loyal customers.")


def test_a_word_given_by_its_lemma_is_no_phrase_when_tokens_carry_lemmas() -> None:
    rules = load_rules("en", Config(language="en"))
    specs = next(e.pattern for r in rules for e in r.match if e.pattern and any(s.lemmas for s in e.pattern)
                 and phrases(e.pattern) != phrases(e.pattern, lemmas=True))
    assert len(phrases(specs, lemmas=True)) <= len(phrases(specs))


# -- the phrases tested on a whole block before its sentences ------------------------------
# More phrases than ``re``'s own cache holds: each would be compiled again for every sentence.
_compiled = functools.cache(re.compile)


def reference_with_phrases(compiled: CompiledRules, text: str, lemmas: bool) -> dict[tuple[int, int], set[int]]:
    """``reference`` with each sentence's patterns kept only when all their phrases occur in
    that sentence: what the gate must send on, worked out one sentence at a time."""
    low = _lower_same_length(text)
    table = compiled.phrase_table()
    out: dict[tuple[int, int], set[int]] = {}
    for (a, b), found in reference(compiled, text).items():
        kept = {k for k in found if all(_compiled(p).search(low, a, b) for p in table.get(k, ((), ()))[lemmas])}
        if kept:
            out[(a, b)] = kept
    return out


def test_phrases_in_another_sentence_of_the_block_do_not_count(tmp_path: Path) -> None:
    # The gate tests a block's phrases before splitting it into sentences; a phrase found in
    # one sentence must not make a candidate of another sentence that has only the words.
    compiled = _compile_pack(tmp_path, PHRASES, "en")
    text = "The process is simple. The process is the process. Process matters, the process is long."
    assert list(candidate_patterns(compiled, text)) == [(23, 50)]
    assert candidate_patterns(compiled, "The process is simple. Is the process done?") == {}
    words = ["the", "process", "is", "that", "'s", "case", "no", "12", "our", "customers", "loyal", "simple"]
    for text in [text, *_texts(words, seed=19, count=300)]:
        for lemmas in (False, True):
            expected = reference_with_phrases(compiled, text, lemmas)
            assert candidate_patterns(compiled, text, lemmas=lemmas) == expected, (text, lemmas)
            # A function for ``lemmas`` (asked only when a sentence needs it) gives the same.
            assert candidate_patterns(compiled, text, lemmas=lambda: lemmas) == expected, (text, lemmas)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shipped_packs_gate_with_phrases_as_the_reference_does(language: str) -> None:
    compiled = _shipped(language)
    words = _words(compiled, random.Random(23), 300)
    for text in _texts(words, seed=29, count=40):
        for lemmas in (False, True):
            assert candidate_patterns(compiled, text, lemmas=lemmas) == reference_with_phrases(compiled, text, lemmas), text
