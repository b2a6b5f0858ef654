"""Matching compiled patterns against the tokens of one sentence."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from framing_lint.tokens import GAP_BLOCKERS, Token

if TYPE_CHECKING:
    from framing_lint.rules.patterns import Spec, SyntaxPattern


def token_ok(spec: Spec, tok: Token, use_pos: bool) -> bool:
    if tok.norm not in spec.forms and not (tok.lemma and tok.lemma in spec.lemmas):
        if not (spec.numeric and tok.norm[:1].isdigit()) and not (spec.name and is_name(tok.text)):
            return False
    if use_pos and spec.pos and tok.pos and tok.pos not in spec.pos:
        return False
    return True


def is_name(text: str) -> bool:
    """A capitalised word, as a family name is written: "Brennan", "Dell'Acqua"; not an
    acronym ("VAT") nor a number. (A token never holds a hyphen: "Le-Gall" is three.)"""
    return len(text) > 1 and text[0].isupper() and text[1].islower() and text.replace("'", "").replace("’", "").isalpha()


# Parts of speech a modifier gap (``~N``) never skips, when a trained pipeline tagged them.
_NOT_MODIFIERS = frozenset({"ADP", "AUX", "CCONJ", "SCONJ", "PRON", "PART", "PUNCT", "VERB", "INTJ"})
_MODIFIER_PUNCT = frozenset({"-", "/", "&"})


def _modifier_ok(spec: Spec, tok: Token, use_pos: bool) -> bool:
    """Whether a modifier gap may skip ``tok``: a word outside the closed class (adjectives,
    nouns, numbers, participles) or the hyphen of a compound."""
    if tok.norm in _MODIFIER_PUNCT:
        return True
    if tok.norm in spec.forms or not tok.norm[:1].isalnum():
        return False
    if use_pos and tok.pos in _NOT_MODIFIERS:
        # A tagger calls "lapsed" in "lapsed members" and "inbound" in "of inbound enquirers"
        # verbs. The words mostly used as verbs are already refused above (``spec.forms``
        # holds the closed class and, in English, ``{verbs}``), so a VERB tag alone is not
        # trusted: the trained mode then skips whatever the lexical mode skips.
        return tok.pos == "VERB"
    return True


# The memo of one pattern over one sentence: a row per pattern position, made when first
# reached, holding per token the end of the match from there (None: no match) or _UNKNOWN.
# Flat lists, not a dict of (position, token) pairs: a 600-token sentence's memo of 10,000
# pairs outgrew the processor's caches, and every lookup got slower as sentences grew.
Memo = list[list[int | None] | None]
_UNKNOWN = -1

# A gap of *n skips at most n words, and a word is at most this many tokens
# ("state-of-the-art" is 7): without the bound, a gap could skip a hyphenated chain of any
# length, and the matcher's worst case would no longer be linear in the sentence.
TOKENS_PER_WORD = 8


def _match_from(specs: Sequence[Spec], si: int, tokens: Sequence[Token], ti: int, use_pos: bool,
                memo: Memo | None = None) -> int | None:
    """Index one past the last token matched when ``specs[si:]`` match from ``tokens[ti]``.

    Prefers the shortest match: gaps try 0 tokens first; optional words are tried present
    first so that "?the insured" reports "the insured" rather than "insured".

    The answer depends on ``(si, ti)`` only, so with ``memo`` (patterns with gaps or
    optional words) each pair is worked out once per sentence: at most P * T pairs for a
    pattern of P positions over T tokens, each costing O(8 * G) for a largest gap of G
    words.  Without it, eight gaps against one 61-word sentence backtracked for 254 s.
    """
    if si == len(specs):
        return ti
    if memo is not None:
        row = memo[si]
        if row is None:  # a row per position, made when first reached: 8 bytes a token
            row = memo[si] = [_UNKNOWN] * (len(tokens) + 1)
        end = row[ti]
        if end != _UNKNOWN:
            return end
        end = _match_here(specs, si, tokens, ti, use_pos, memo)
        row[ti] = end
        return end
    return _match_here(specs, si, tokens, ti, use_pos, None)


def _match_here(specs: Sequence[Spec], si: int, tokens: Sequence[Token], ti: int, use_pos: bool,
                memo: Memo | None) -> int | None:
    spec = specs[si]
    if spec.is_gap:
        # The budget counts words: a hyphenated compound ("first-time", "walk-in") is one.
        skip = 0
        words = 0
        limit = spec.gap * TOKENS_PER_WORD
        while True:
            end = _match_from(specs, si + 1, tokens, ti + skip, use_pos, memo)
            if end is not None:
                return end
            j = ti + skip
            if j >= len(tokens) or tokens[j].norm in GAP_BLOCKERS:
                return None
            joined = j > ti and tokens[j].start == tokens[j - 1].end and (tokens[j].norm == "-" or tokens[j - 1].norm == "-")
            # Inside a hyphenated compound any word is a modifier: "new-build", "drop-in", and
            # so is its first word: "first-time landlords", "in-store shoppers".
            opens = (j + 1 < len(tokens) and tokens[j + 1].norm == "-" and tokens[j + 1].start == tokens[j].end
                     and tokens[j].norm[:1].isalnum())
            if spec.modifier and not (joined and tokens[j].norm[:1].isalnum()) and not opens \
                    and not _modifier_ok(spec, tokens[j], use_pos):
                return None
            if not joined:
                words += 1
                if words > spec.gap:
                    return None
            skip += 1
            if skip > limit:
                return None
    if ti < len(tokens) and token_ok(spec, tokens[ti], use_pos):
        end = _match_from(specs, si + 1, tokens, ti + 1, use_pos, memo)
        if end is not None:
            return end
    for joined, after in _compounds(tokens, ti):
        if joined in spec.forms and not (use_pos and spec.pos and tokens[after - 1].pos
                                         and tokens[after - 1].pos not in spec.pos):
            end = _match_from(specs, si + 1, tokens, after, use_pos, memo)
            if end is not None:
                return end
    if spec.optional:
        return _match_from(specs, si + 1, tokens, ti, use_pos, memo)
    return None


def _compounds(tokens: Sequence[Token], ti: int) -> list[tuple[str, int]]:
    """The hyphenated compounds that start at ``tokens[ti]``, as one form each with the
    index after them: "walk-ins" (3 tokens), "mother-in-law" (5 tokens). The tokenizer
    splits at hyphens, so without this a class member such as ``=account-holders`` or
    ``=walk-ins`` could never match. At most two compounds per token: linear time stays."""
    out: list[tuple[str, int]] = []
    j = ti
    form = ""
    while len(out) < 2 and j + 2 < len(tokens) and tokens[j + 1].norm == "-" \
            and tokens[j + 1].start == tokens[j].end and tokens[j + 2].start == tokens[j + 1].end \
            and tokens[j + 2].norm[:1].isalnum():
        form = (form or tokens[ti].norm) + "-" + tokens[j + 2].norm
        j += 2
        out.append((form, j + 1))
    return out


# id(pattern) -> (pattern, its lead): keyed by identity because hashing a pattern's specs
# on every call costs more than the lookup saves; the pattern is kept so its id stays unique.
_lead_cache: dict[int, tuple[Sequence[Spec], tuple[frozenset[str], frozenset[str]] | None, bool]] = {}


def _lead(specs: Sequence[Spec]) -> tuple[tuple[frozenset[str], frozenset[str]] | None, bool]:
    """The words a match can start with: those of the leading optional words and of the
    first required one.  Most tokens of a sentence are none of them, and a set lookup is
    far cheaper than trying the whole pattern there.  Also: does the pattern branch (a gap
    or an optional word), so that matching it needs the memo?"""
    cached = _lead_cache.get(id(specs))
    if cached is not None and cached[0] is specs:
        return cached[1], cached[2]
    forms: set[str] = set()
    lemmas: set[str] = set()
    lead = None
    for spec in specs:
        if spec.is_gap:
            break
        if spec.numeric or spec.name:  # any number or name can start the match: no word list to look up
            break
        forms |= spec.forms
        lemmas |= spec.lemmas
        if not spec.optional:
            lead = (frozenset(forms), frozenset(lemmas))
            break
    branches = any(spec.is_gap or spec.optional for spec in specs)
    _lead_cache[id(specs)] = (specs, lead, branches)
    return lead, branches


def find(specs: Sequence[Spec], tokens: Sequence[Token], use_pos: bool) -> Iterator[tuple[int, int]]:
    """Every ``(first_token, end_token)`` where the pattern matches, left to right, not overlapping."""
    ti = 0
    n = len(tokens)
    lead, branches = _lead(specs)
    # One memo per sentence: each (position, token) pair once, O(P * T * 8G) (docs/rules.md).
    memo: Memo | None = [None] * len(specs) if branches else None
    while ti < n:
        if lead is not None:
            tok = tokens[ti]
            if tok.norm not in lead[0] and not (tok.lemma and tok.lemma in lead[1]) \
                    and not (ti + 2 < n and tokens[ti + 1].norm == "-"  # a compound starts here
                             and any(form in lead[0] for form, _ in _compounds(tokens, ti))):
                ti += 1
                continue
        end = _match_from(specs, 0, tokens, ti, use_pos, memo)
        if end is not None and end > ti:
            # Leading optional words that did not match leave ti on a token outside the match.
            first = ti
            yield first, end
            ti = end
        else:
            ti += 1


def find_syntax(pattern: SyntaxPattern, tokens: Sequence[Token], use_pos: bool) -> Iterator[tuple[int, int]]:
    """Token index spans ``(min, max + 1)`` over every token of a matched dependency path.

    A step that led nowhere from a token leads nowhere from it again, whatever the path
    before: those dead ends are remembered, so each (step, token) pair is explored once
    per sentence -- O(K * T) for K steps over T tokens, even for a parse shaped like a
    star (one head with thousands of children).
    """
    dead: set[tuple[int, int]] = set()
    for i, tok in enumerate(tokens):
        if not token_ok(pattern.head, tok, use_pos):
            continue
        found = _walk(pattern, 0, i, tokens, use_pos, [i], dead)
        if found:
            yield min(found), max(found) + 1


def _walk(pattern: SyntaxPattern, step: int, at: int, tokens: Sequence[Token], use_pos: bool, path: list[int],
          dead: set[tuple[int, int]]) -> list[int] | None:
    if step == len(pattern.steps):
        return path
    if (step, at) in dead:
        return None
    s = pattern.steps[step]
    if s.up:
        candidates = [tokens[at].head] if tokens[at].head >= 0 else []
    else:
        candidates = tokens[at].children
    for c in candidates:
        tok = tokens[c]
        if s.deps:
            # The label sits on the dependent: the child going down, the current token going up.
            label = tokens[at].dep if s.up else tok.dep
            if label not in s.deps:
                continue
        if not token_ok(s.spec, tok, use_pos):
            continue
        # Coordination: "target families and students" -- conjuncts share the relation.
        found = _walk(pattern, step + 1, c, tokens, use_pos, path + [c], dead)
        if found:
            return found
    # A conjunct of a matching child counts too ("we target parents and their children").
    if not s.up:
        for c in candidates:
            if s.deps and tokens[c].dep not in s.deps:
                continue
            for cc in tokens[c].children:
                if tokens[cc].dep == "conj" and token_ok(s.spec, tokens[cc], use_pos):
                    found = _walk(pattern, step + 1, cc, tokens, use_pos, path + [cc], dead)
                    if found:
                        return found
    dead.add((step, at))
    return None
