"""gate -> NLP on candidate sentences only -> rule conditions -> findings.

The gate is an Aho-Corasick automaton over every anchor form of every rule: one pass over
the prose finds the few sentences where a rule could match (every required word of one of
its patterns is there, and each run of its consecutive words stands together: ``phrases``).
Only those sentences are tokenized, and only those go through a trained pipeline when one
is installed.
"""
from __future__ import annotations

import bisect
import fnmatch
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import ahocorasick

from framing_lint import matcher, nlp
from framing_lint.documents.base import Document
from framing_lint.findings import Finding
from framing_lint.lines import LineIndex
from framing_lint.morphology import normalise
from framing_lint.severity import SEVERITY_RANK
from framing_lint.tokens import Token, blocks, sentences, tokenize

if TYPE_CHECKING:  # the rule model is only needed once rules are unpickled or compiled
    from framing_lint.rules.model import MatchEntry, Rule
    from framing_lint.rules.patterns import Spec

DIRECTIVE_RULE = "unknown-rule-in-directive"

# Function words are in nearly every sentence: requiring them filters almost nothing and
# their hits dominate the gate's time, so they are left out of its requirements. Not the
# English pronouns, determiners and "not" that patterns are built around ("our customers",
# "you did not provide", "these people"): requiring them as well cuts the Sourcegraph
# handbook's candidate sentences by a fifth (10,821 -> 8,496), which saves more tokenizing
# than their extra hits cost.
_COMMON = frozenset(
    "the a an my his her its of to in on for with by "
    "i it is are be was were as at from and or do did does have has had "
    "le la les l' un une des de d' du au aux à et ou nos notre vos votre leur leurs ce cette ces "
    "nous vous je tu il elle on ils elles par dans ne n' pas que qu' qui est sont a ont en se s' sa son ses y "
    "pour sur avec plus".split()
)


_LARGE_CLASS = 400  # forms; the generated person classes have thousands


def gate_specs(specs: Sequence[Spec]) -> list[Spec]:
    """The words a pattern cannot match without: every one must occur in a candidate sentence."""
    required = _required(specs)
    # A large word class ({persons}: thousands of nouns) would fill the automaton and add a
    # hit for most sentences; it is checked per sentence instead (``large_specs``) whenever
    # the pattern has another required word.
    small = [s for s in required if len(s.forms) <= _LARGE_CLASS]
    required = small or required
    rare = [s for s in required if not s.forms & _COMMON]
    # A pattern made only of function words keeps its smallest one.
    return rare or sorted(required, key=lambda s: len(s.forms))[:1]


def large_specs(specs: Sequence[Spec]) -> list[Spec]:
    """The large required classes that ``gate_specs`` leaves out of the automaton."""
    required = _required(specs)
    if all(len(s.forms) > _LARGE_CLASS for s in required):
        return []
    return [s for s in required if len(s.forms) > _LARGE_CLASS]


def _required(specs: Sequence[Spec]) -> list[Spec]:
    from framing_lint.rules.patterns import searchable  # compiling only: a cached run never needs it

    return [s for s in specs if searchable(s)]


# A position with more forms than this ends a phrase. Each phrase is compiled when a run
# first needs it, and re compiles a long alternation slowly: with 64 forms, compiling the
# ~800 phrases the Sourcegraph handbook needs took 0.3 s of CPU, with 16 it takes 0.03 s
# (and 2,902 sentences go on to tokenizing instead of 1,629, about 0.1 s).
_PHRASE_FORMS = 16


def phrases(specs: Sequence[Spec], lemmas: bool = False) -> tuple[str, ...]:
    r"""Regexes (sources) that the lower-cased text of any sentence where ``specs`` match
    has a match of: one per run of two or more consecutive required words of the pattern.

    The gate's first test only asks that each required word occurs somewhere in the
    sentence; "=the =process =is =the =process" then lets through every sentence with
    "process" in it (the others are function words the automaton leaves out). A phrase
    asks for the words next to each other, as the matcher does: "process is the process".

    Each phrase accepts a superset of what the matcher accepts, so no match is lost:
    - Consecutive tokens have only white space between them (every other character is in
      a token), and none where they touch ("it" + "'s"): the words are joined by ``\s*+``
      (possessive: the next token starts at the first non-space character).
    - A token matches a position when its ``normalise``d text is one of the forms: each
      form is spelled as it may stand in the lower-cased text (an apostrophe as ' ’ or ʼ,
      "oe" as œ, "ae" as æ); a hyphenated form ("walk-ins") is the touching tokens the
      matcher joins, written the same way.
    - No word boundary is asked for around a form ("customer" is found in "customers").
    - An optional word may be absent; a gap, a large class, a {name}, or (with ``lemmas``:
      a trained pipeline's tokens carry lemmas, and a lemma may match another spelling)
      a word given by its lemma, ends the phrase; a {number} ends it after its first
      character (a digit, or a number written out).
    """
    out: list[str] = []
    run: list[str] = []  # regex parts of the current phrase
    words = 0  # required words in it

    def close() -> None:
        nonlocal run, words
        if words >= 2:
            out.append("".join(run))
        run, words = [], 0

    for spec in specs:
        # (A {number}'s forms are the few number words, written out.)
        if spec.is_gap or spec.name or (len(spec.forms) > _PHRASE_FORMS and not spec.numeric) or (lemmas and spec.lemmas) \
                or not spec.forms and not spec.numeric:
            close()
            continue
        alternatives = [_form_regex(f) for f in sorted(spec.forms, key=lambda f: (-len(f), f))]
        if spec.numeric:
            # The first character of a number (any digit: \w but not a letter a-z nor "_").
            if not spec.optional:
                run.append("(?:" + "|".join([r"[^\W_a-z]", *alternatives]) + ")")
                words += 1
            close()
            continue
        part = "(?:" + "|".join(alternatives) + r")\s*+"
        if spec.optional:
            if run:  # a leading optional word adds nothing
                run.append("(?:" + part + ")?")
        else:
            run.append(part)
            words += 1
    close()
    # A phrase ending in optional words asks nothing more of them.
    return tuple(out)


def _form_regex(form: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(form):
        pair = form[i:i + 2]
        if pair == "oe":
            out.append("(?:oe|\u0153)")
            i += 2
        elif pair == "ae":
            out.append("(?:ae|\u00e6)")
            i += 2
        else:
            out.append("['\u2019\u02bc]" if form[i] == "'" else re.escape(form[i]))
            i += 1
    return "".join(out)


_MAX_SPECS = 64  # codes pack (pattern, word) as pattern * 64 + word
_SPEC_BITS = _MAX_SPECS.bit_length() - 1  # code >> _SPEC_BITS is the pattern
# What the gate knows of a form: the specs (required words) it stands for, and the
# patterns whose anchor is one of them.
_Payload = tuple[frozenset[int], tuple[int, ...]]


class CompiledRules:
    """One language's rules with the gate built from every required word of every pattern.

    A sentence is a candidate for a pattern only when all of the pattern's required words
    occur in it (not just the rarest one): "you did not provide" needs "you", "did" or
    "have", "not" and a verb, which few sentences have together.

    The gate (automaton and pattern tables) is all a text without candidates needs; the
    rules may be a lazy sequence (from the disk cache, each rule is unpickled on first use).
    """

    def __init__(self, language: str, rules: Iterable[Rule] = ()) -> None:
        self.language = language
        self.rules: Sequence[Rule] = list(rules)
        self.automaton: Any = None
        self.pattern_rule: list[int] = []
        # Pattern -> its required words, each as an index into the distinct "specs" (sets of
        # forms) of all patterns: a pattern is a candidate where every one of them is present.
        self.pattern_specs: list[frozenset[int]] = []
        self.pattern_entry: list[int] = []  # pattern -> index of its entry in the rule's ``match``
        # Pattern -> the large classes a sentence must also contain a word of, as indexes into
        # ``large_sets`` (from the disk cache, read only when a sentence needs the check).
        self.pattern_large: dict[int, tuple[int, ...]] = {}
        self.large_sets: Sequence[frozenset[str]] = []
        # Pattern -> its phrases (see ``phrases``): regex sources, surface forms only, and
        # with every word that a trained pipeline may match by its lemma left out.
        self.pattern_phrases: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {}
        # From the disk cache the phrases stay a pickle until a sentence needs them: a text
        # with no candidate (one clean paragraph) never reads them.
        self._phrases_blob: bytes | None = None
        self._phrase_re: dict[str, re.Pattern[str]] = {}  # compiled on first use: never pickled

    def gate(self) -> tuple[Any, ...]:
        """The part a clean text needs, for the disk cache."""
        import pickle

        return (self.language, self.automaton, self.pattern_rule, self.pattern_specs, self.pattern_large,
                self.pattern_entry, pickle.dumps(self.phrase_table(), protocol=pickle.HIGHEST_PROTOCOL))

    def phrase_table(self) -> dict[int, tuple[tuple[str, ...], tuple[str, ...]]]:
        """Pattern -> (its phrases, its phrases when tokens carry lemmas); see ``phrases``."""
        if self._phrases_blob is not None:
            import pickle

            self.pattern_phrases = pickle.loads(self._phrases_blob)
            self._phrases_blob = None
        return self.pattern_phrases

    @classmethod
    def from_gate(cls, gate: tuple[Any, ...], rules: Sequence[Rule], large_sets: Sequence[frozenset[str]] = ()) -> CompiledRules:
        self = cls(gate[0])
        self.rules = rules  # kept as given: not materialised
        self.large_sets = large_sets
        (self.automaton, self.pattern_rule, self.pattern_specs, self.pattern_large, self.pattern_entry,
         self._phrases_blob) = gate[1:7]
        return self

    @classmethod
    def build(cls, language: str, rules: Iterable[Rule]) -> CompiledRules:
        self = cls(language, list(rules))
        index: dict[str, set[int]] = defaultdict(set)  # form -> pattern * 64 + required word
        need: list[int] = []  # pattern -> how many required words
        interned: dict[frozenset[str], int] = {}
        large_sets: list[frozenset[str]] = []
        shared: dict[Any, Any] = {}
        for i, rule in enumerate(self.rules):
            for j, entry in enumerate(rule.match):
                for specs in _entry_patterns(entry):
                    own = gate_specs(specs)
                    if not own:
                        raise ValueError(f"{rule.file}:{rule.line}: rule {rule.id!r} has a pattern with no required word")
                    # A token sequence has phrases (a syntax pattern's words are a tree, not a run).
                    run = specs is entry.pattern or specs is entry.lexical
                    own_surface = phrases(specs, lemmas=False) if run else ()
                    own_lemma = phrases(specs, lemmas=True) if run else ()
                    own_large = large_specs(specs)
                    for extra in _conditions(rule, entry, specs):
                        rare, large_extra = _condition_words(extra)
                        required = (own + rare)[:_MAX_SPECS]
                        k = len(self.pattern_rule)
                        if run:
                            surface = own_surface + phrases(extra, lemmas=False)
                            if surface:
                                lemma = own_lemma + phrases(extra, lemmas=True)
                                # Shared objects: the disk cache pickles each phrase once.
                                pair = (shared.setdefault(surface, surface), shared.setdefault(lemma, lemma))
                                self.pattern_phrases[k] = shared.setdefault(pair, pair)
                        self.pattern_rule.append(i)
                        self.pattern_entry.append(j)
                        need.append(len(required))
                        large = own_large + large_extra
                        if large:
                            # One shared set per class combination keeps the cached gate small.
                            ids = []
                            for x in large:
                                if x.forms not in interned:
                                    interned[x.forms] = len(large_sets)
                                    large_sets.append(x.forms)
                                ids.append(interned[x.forms])
                            self.pattern_large[k] = tuple(ids)
                        for w, spec in enumerate(required):
                            for form in spec.forms:
                                if form.endswith("'s") and form[:-2] in spec.forms:
                                    continue  # the gate finds "customer" in "customer's" already
                                index[form].add(k * _MAX_SPECS + w)
        payload = self._specs_and_anchors(index, need)
        if index:
            # Keys are surfaces as ``word_text`` spells the text: the boundaries a form needs
            # are in the key, so the automaton never reports a form inside a longer word
            # ("use" in "user"); before, five of every six hits were of that kind and were
            # thrown away one by one in Python.
            keys: dict[str, dict[str, _Payload]] = defaultdict(dict)
            for form in index:
                surfaces = {form}
                if "oe" in form:  # the text may spell it with the ligature (cœur)
                    surfaces.add(form.replace("oe", "œ"))
                if "'" in form:
                    surfaces.add(form.replace("'", "\u2019"))
                # An elision ("l'", "qu'") needs no boundary after it: "l'assuré".
                tail = "" if form.endswith("'") else " "
                for surface in surfaces:
                    keys[" " + _word_body(surface) + tail][surface] = payload[form]
            automaton = ahocorasick.Automaton()
            for key, by_surface in keys.items():
                (surface, form_payload), *others = by_surface.items()
                verify: tuple[tuple[str, _Payload], ...] | None = None
                if others or _word_body(surface) != surface:
                    # The key also stands for other spellings (a space for "'", "-", "."),
                    # and for forms of other lengths ("c" and the elision "c'" are both
                    # " c "): each hit is checked against the text, and may be several.
                    verify = tuple(by_surface.items())
                # The value carries what the gate needs per hit, so the hot loop does no
                # lookups: how far back the form starts, its specs and anchors.
                automaton.add_word(key, (len(key) - 1, form_payload, verify))
            automaton.make_automaton()
            self.automaton = automaton
        self.large_sets = large_sets
        return self

    def _specs_and_anchors(self, index: dict[str, set[int]], need: list[int]) -> dict[str, _Payload]:
        """Fill ``pattern_specs``; give each form its payload: (the specs it is a word of, the
        patterns it can start).

        A required word of a pattern is known by the forms that stand for it in the gate,
        so patterns that share a word ("customers", "you") share one spec, and a block's
        hits carry a few spec numbers instead of one code per pattern using the word.

        Each pattern is started by one of its specs, its anchor: only the patterns whose
        anchor has a hit in a block are checked there (every spec of a candidate must be
        present, the anchor's included, so any choice gives the same candidates). The
        anchor is the spec whose forms are written least often in text (a shipped table of
        word frequencies, ``framing_lint.frequencies``): over the Sourcegraph handbook,
        anchoring on the spec fewest patterns use instead started 2.0 million pattern
        checks, this 0.5 million. Ties (words the table does not list) go to the spec
        fewest patterns use, then the one with the longest shortest form.
        """
        from framing_lint.frequencies import RARE_ZIPF, zipf_table  # compiling only
        forms_of: dict[int, set[str]] = defaultdict(set)  # pattern * 64 + word -> its forms
        for form, codes in index.items():
            for code in codes:
                forms_of[code].add(form)
        spec_ids: dict[frozenset[str], int] = {}
        spec_of: dict[int, int] = {}
        for code in sorted(forms_of):
            spec_of[code] = spec_ids.setdefault(frozenset(forms_of[code]), len(spec_ids))
        users: Counter[int] = Counter()
        self.pattern_specs = []
        for k, n in enumerate(need):
            # A spec with no form at all never has a hit: it gets a number no form carries.
            specs = frozenset(spec_of.get(k * _MAX_SPECS + j, -1 - k) for j in range(n))
            self.pattern_specs.append(specs)
            users.update(specs)
        shortest = {sid: min(map(len, forms)) for forms, sid in spec_ids.items()}
        # How often a spec's forms are written, in occurrences per billion words: the
        # anchor is the rarest spec in text ("policy", not "our", for "as per our policy").
        zipf = zipf_table(self.language)
        written = {sid: sum(10 ** zipf.get(f, RARE_ZIPF) for f in forms) for forms, sid in spec_ids.items()}
        anchor = [min(specs, key=lambda sid: (written.get(sid, 0.0), users[sid], -shortest.get(sid, 0), sid))
                  for specs in self.pattern_specs]
        out: dict[str, _Payload] = {}
        for form, codes in index.items():
            sids = {spec_of[code] for code in codes}
            starts = sorted({code >> _SPEC_BITS for code in codes if anchor[code >> _SPEC_BITS] == spec_of[code]})
            out[form] = (frozenset(sids), tuple(starts))
        return out


# A pattern with conditions is entered in the gate once per way they can be met (see
# ``_conditions``); past this many ways it is entered once, with none of them.
_MAX_CONDITIONS = 16


def _conditions(rule: Rule, entry: MatchEntry, specs: Sequence[Spec]) -> list[tuple[Spec, ...]]:
    """The word sequences one of which must also match in a sentence where ``specs`` (one of
    ``entry``'s patterns) gives a finding: one of the entry's ``requires`` (checked with its
    token pattern only) joined to one of the rule's ``requires_sentence``; ``[()]`` when
    nothing more is required.

    The gate enters the pattern once per item, each asking for the pattern's words and the
    item's: "=the =member" with ``requires: =dear`` is a candidate only where "dear" is
    too, instead of in every sentence about a member. Only what the item cannot match
    without is asked for (its rare words, large classes and phrases, as for a pattern), so
    every item still accepts a superset of what the matcher accepts.
    """
    own = list(entry.requires) if specs is entry.pattern and entry.requires else [()]
    ways = [r + s for r in own for s in (rule.requires_sentence or [()])]
    if len(ways) > _MAX_CONDITIONS:
        return [()]
    for way in ways:
        # An item that asks for nothing the gate can see lets every sentence through, and
        # so does the pattern alone.
        if not (phrases(way) or any(_condition_words(way))):
            return [()]
    return ways


def _condition_words(specs: Sequence[Spec]) -> tuple[list[Spec], list[Spec]]:
    """What the gate asks of a condition: its rare words (in the automaton) and its large
    classes (checked per sentence); function words are left out, as for a pattern."""
    required = _required(specs)
    return ([s for s in required if len(s.forms) <= _LARGE_CLASS and not s.forms & _COMMON],
            [s for s in required if len(s.forms) > _LARGE_CLASS])


def _entry_patterns(entry: MatchEntry) -> list[Sequence[Spec]]:
    out: list[Sequence[Spec]] = []
    if entry.pattern:
        out.append(entry.pattern)
    if entry.lexical:
        out.append(entry.lexical)
    if entry.syntax:
        out.append([entry.syntax.head, *(s.spec for s in entry.syntax.steps)])
    return out


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few characters grow when lower-cased (İ -> i̇); keep offsets aligned.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# ASCII text is mapped by bytes.translate (a table lookup per byte); other text by a regex.
_ASCII_WORD_TABLE = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + bytes(range(128, 256))
_NON_WORD_CHAR = re.compile(r"[^\w ]")


def _word_body(low: str) -> str:
    """``low`` with every character that cannot be part of a word (``str.isalnum`` or "_",
    as regex ``\\w`` has it) turned into a space, offsets unchanged."""
    if low.isascii():
        return low.encode("ascii").translate(_ASCII_WORD_TABLE).decode("ascii")
    return _NON_WORD_CHAR.sub(" ", low)


def word_text(low: str) -> str:
    """What the gate's automaton reads: ``_word_body(low)`` between two spaces, so that a
    form at the very start or end of the text has its boundaries too. Offset ``i`` of
    ``low`` is offset ``i + 1`` here."""
    return " " + _word_body(low) + " "


class RawMatch(NamedTuple):
    rule: Rule
    start: int  # prose offsets
    end: int


def _satisfied(compiled: CompiledRules, payloads: Collection[_Payload], among: set[int] | None = None) -> set[int]:
    """The patterns all of whose required words are among the hits' (distinct) payloads;
    only those in ``among`` when given (a sentence's patterns are among its block's)."""
    if len(payloads) == 1:
        (only,) = payloads
        present: Collection[int] = only[0]
        if not only[1]:
            return set()
        started: Iterable[int] = only[1] if among is None else among.intersection(only[1])
    else:
        # The patterns the hits start first: when there are none (or none of ``among``),
        # the union of the words present is not needed.
        started = set().union(*[p[1] for p in payloads])
        if among is not None:
            started &= among
        if not started:
            return set()
        present = set().union(*[p[0] for p in payloads])
    specs = compiled.pattern_specs
    return {k for k in started if specs[k].issubset(present)}


# Words as the large classes list them: "pensioner" in "pensioner's", and "o'brien" whole.
_WORD = re.compile(r"[^\W_]+")
_WORD_WITH_APOSTROPHE = re.compile(r"[^\W_]+(?:'[^\W_]+)+")
# ... and hyphenated members whole: "walk-ins", "account-holders" (see matcher._compounds).
_WORD_WITH_HYPHEN = re.compile(r"[^\W_]+(?:-[^\W_]+){1,2}")


def _with_large(compiled: CompiledRules, patterns: set[int], low: str, span: tuple[int, int]) -> set[int]:
    """Keep the patterns whose large classes each have a word in the sentence."""
    large = compiled.pattern_large
    if not any(k in large for k in patterns):
        return patterns
    sentence = normalise(low[span[0]:span[1]])
    words = set(_WORD.findall(sentence))
    if "'" in sentence:
        words.update(_WORD_WITH_APOSTROPHE.findall(sentence))
    if "-" in sentence:
        words.update(_WORD_WITH_HYPHEN.findall(sentence))
    sets = compiled.large_sets
    return {k for k in patterns if all(not words.isdisjoint(sets[i]) for i in large.get(k, ()))}


def candidates(compiled: CompiledRules, text: str, lemmas: bool | Callable[[], bool] = False) -> dict[tuple[int, int], set[int]]:
    """Sentence span -> indexes of the rules one of whose patterns has all its words there."""
    rule_of = compiled.pattern_rule
    return {span: {rule_of[k] for k in patterns} for span, patterns in candidate_patterns(compiled, text, lemmas).items()}


def candidate_patterns(compiled: CompiledRules, text: str, lemmas: bool | Callable[[], bool] = False) -> dict[tuple[int, int], set[int]]:
    """Sentence span -> the patterns (gate codes) that have all their words there, and
    their phrases (consecutive words, see ``phrases``) too. ``lemmas``: the tokens will
    carry a trained pipeline's lemmas, so a word given by its lemma is not looked for in a
    phrase (it may match in a spelling its forms do not list); a function is asked only when
    a sentence needs the answer.

    Hits are grouped by block (paragraph, list item, cell) first: a block where no pattern
    has all its words cannot hold a sentence that does, and most blocks with a hit are
    like that, so only the others are split into sentences.

    One pass, block after block: the automaton reports hits in text order, so each block's
    hits are judged when the next block starts and then dropped. Memory is the hits of one
    block and the candidate sentences, not every hit of the file (a 10 MB file dense with
    candidate words took 1.3 GB when all hits were kept).
    """
    if compiled.automaton is None or not text:
        return {}
    low = _lower_same_length(text)
    n = len(low)
    out: dict[tuple[int, int], set[int]] = {}
    spans = blocks(text)
    block_start, block_end = -1, -1
    # The hits of the current block, as two flat columns: a start (8 bytes in an array) and
    # a reference to the word's codes (shared by every hit of that word). A list of
    # (start, codes) pairs took about 90 bytes a hit, and a block can be the whole file.
    starts = array("q")
    codes: list[_Payload] = []
    # Whether a hit of the block starts a pattern (is its anchor): a block without one
    # has no candidate, whatever else it holds, and is not judged.
    anchored = False
    for end_index, (back, form_payload, verify) in compiled.automaton.iter(word_text(low)):
        # The key starts with the boundary before the form: at end_index - back in the
        # padded text, which is the form's start in ``low``.
        start = end_index - back
        if verify is not None:
            found = [p for surface, p in verify if low.startswith(surface, start)]
            if not found:
                continue
        if start >= block_end:
            # A hit never crosses a block break (forms hold no line break), so the blocks
            # before this one are done.
            if codes:
                if anchored:
                    _judge_block(compiled, text, low, (block_start, block_end), starts, codes, out, lemmas)
                starts, codes, anchored = array("q"), [], False
            for block_start, block_end in spans:
                if start < block_end:
                    break
            else:
                block_start = block_end = n + 1  # past the last block
        if block_start <= start < block_end:
            if verify is None:
                starts.append(start)
                codes.append(form_payload)
                if form_payload[1]:
                    anchored = True
            else:
                starts.extend([start] * len(found))
                codes += found
                if any(p[1] for p in found):
                    anchored = True
    if codes and anchored:
        _judge_block(compiled, text, low, (block_start, block_end), starts, codes, out, lemmas)
    return out


def _distinct(payloads: Iterable[_Payload]) -> Collection[_Payload]:
    # A frequent word hits many times with the same payload (one per automaton word):
    # each distinct one is looked at once.
    return {id(p): p for p in payloads}.values()


def _judge_block(compiled: CompiledRules, text: str, low: str, block: tuple[int, int], starts: Sequence[int],
                 codes: list[_Payload], out: dict[tuple[int, int], set[int]], lemmas: bool | Callable[[], bool] = False) -> None:
    """Add the candidate sentences of one block to ``out``, with their patterns."""
    in_block = _satisfied(compiled, _distinct(codes))
    if in_block:
        # A phrase not in the block is in none of its sentences: most blocks with all the
        # words of a pattern lack its phrases, and are not split into sentences at all.
        # Each sentence is still tested. A function for ``lemmas`` is asked only when a
        # sentence needs the answer, so here the phrases for tokens with lemmas stand in:
        # each is a run of words of a phrase without them, so they accept more.
        in_block = _with_phrases(compiled, in_block, low, block, lemmas if isinstance(lemmas, bool) else True)
    if not in_block:
        return
    # Each hit goes to its sentence by binary search (hits come by end, not start, so they
    # are not quite in order): O(H log S) for H hits in S sentences, no copy of the hits.
    spans = list(sentences(text, *block))
    if len(spans) == 1 and spans[0][0] <= min(starts) and max(starts) < spans[0][1]:
        # One sentence with every hit (a heading, a list item, a short paragraph).
        _add_sentence(compiled, low, spans[0], in_block, out, lemmas)
        return
    firsts = [a for a, _ in spans]
    words: dict[int, dict[int, _Payload]] = {}  # sentence -> its distinct payloads
    count: Counter[int] = Counter()
    for start, form_codes in zip(starts, codes):
        k = bisect.bisect_right(firsts, start) - 1
        if k < 0 or start >= spans[k][1]:
            continue
        words.setdefault(k, {})[id(form_codes)] = form_codes
        count[k] += 1
    for k in sorted(words):
        span = spans[k]
        # Every hit of the block in this sentence (a one-sentence paragraph, a list item):
        # the block's answer is the sentence's.
        patterns = in_block if count[k] == len(codes) else _satisfied(compiled, words[k].values(), in_block)
        _add_sentence(compiled, low, span, patterns, out, lemmas)


def _add_sentence(compiled: CompiledRules, low: str, span: tuple[int, int], patterns: set[int],
                  out: dict[tuple[int, int], set[int]], lemmas: bool | Callable[[], bool] = False) -> None:
    if patterns:
        patterns = _with_phrases(compiled, patterns, low, span, lemmas)
    if patterns and compiled.pattern_large:
        patterns = _with_large(compiled, patterns, low, span)
    if patterns:
        out[span] = patterns


def _with_phrases(compiled: CompiledRules, patterns: set[int], low: str, span: tuple[int, int],
                  lemmas: bool | Callable[[], bool]) -> set[int]:
    """Keep the patterns whose phrases (``phrases``) all occur in the sentence."""
    table = compiled.phrase_table()
    if not table:
        return patterns
    if not isinstance(lemmas, bool):
        lemmas = lemmas()
    cache = compiled._phrase_re
    a, b = span
    kept = set()
    for k in patterns:
        found = table.get(k)
        if found is not None:
            ok = True
            for source in found[lemmas]:
                regex = cache.get(source)
                if regex is None:
                    regex = cache[source] = re.compile(source)
                if regex.search(low, a, b) is None:
                    ok = False
                    break
            if not ok:
                continue
        kept.add(k)
    return kept


def _spans(specs: Sequence[Spec], tokens: Sequence[Token], use_pos: bool) -> list[tuple[int, int]]:
    return [(tokens[a].start, tokens[b - 1].end) for a, b in matcher.find(specs, tokens, use_pos)]


def _has_pos(specs: Sequence[Spec]) -> bool:
    return any(s.pos for s in specs)


def _present(specs: Sequence[Spec], tokens: Sequence[Token]) -> bool:
    return all(any(matcher.token_ok(s, t, False) for t in tokens) for s in specs)


def match_sentence(rules: Sequence[Rule], tokens: Sequence[Token], pipeline: nlp.Pipeline | None,
                   prefilter: bool = False, only: Sequence[Collection[int]] | None = None) -> list[RawMatch]:
    """All rule matches in one tokenized sentence, with ``unless`` conditions applied.

    With ``prefilter`` (lexical tokens, before any trained pipeline runs) the result is a
    superset of what the trained pipeline could find: POS conditions are ignored, a syntax
    pattern counts when all its words are present, and ``unless`` conditions that depend on
    POS are not applied. A sentence with no prefilter match never needs the pipeline.

    ``only`` (parallel to ``rules``) names the match entries worth trying in each rule:
    those whose words the gate found in the sentence.
    """
    use_pos = bool(pipeline and pipeline.has_tagger) and not prefilter
    use_syntax = bool(pipeline and pipeline.has_parser)
    out: list[RawMatch] = []
    for n, rule in enumerate(rules):
        spans: list[tuple[int, int]] = []
        entries = rule.match if only is None else [rule.match[j] for j in sorted(only[n])]
        for entry in entries:
            if entry.pattern:
                found = _spans(entry.pattern, tokens, use_pos)
                if found and entry.requires and not any(_spans(r, tokens, use_pos) for r in entry.requires):
                    continue
                if found and entry.unless and any(_spans(u, tokens, use_pos) for u in entry.unless
                                                  if not (prefilter and _has_pos(u))):
                    continue
                spans += found
            elif use_syntax and entry.syntax:
                if prefilter:
                    specs = [entry.syntax.head, *(st.spec for st in entry.syntax.steps)]
                    if _present(specs, tokens) and tokens:
                        spans.append((tokens[0].start, tokens[-1].end))
                else:
                    spans += [(tokens[a].start, tokens[b - 1].end) for a, b in matcher.find_syntax(entry.syntax, tokens, use_pos)]
            elif entry.lexical:
                spans += _spans(entry.lexical, tokens, use_pos)
        if not spans:
            continue
        if rule.requires_sentence and not any(_spans(p, tokens, use_pos) for p in rule.requires_sentence):
            continue
        if rule.unless_sentence and any(_spans(p, tokens, use_pos) for p in rule.unless_sentence
                                        if not (prefilter and _has_pos(p))):
            continue
        innocent = [s for p in rule.unless if not (prefilter and _has_pos(p)) for s in _spans(p, tokens, use_pos)]
        excused = _overlapping(innocent) if innocent else None
        for start, end in sorted(set(spans)):
            if excused is not None and excused(start, end):
                continue
            out.append(RawMatch(rule, start, end))
    return out


def resolve_overlaps(matches: list[RawMatch]) -> list[RawMatch]:
    """One finding per stretch of text: the most severe, then the longest, then the first rule.

    Worst case O(n log n + C) for n matches, where C is the total length of the matches
    that overlap another (each such character is marked once per match covering it): the
    matches are cut into clusters of overlapping ones first, and a match alone in its
    cluster is kept without comparing it to anything.  (Comparing every match with every
    kept one was quadratic: 40,000 one-line findings took 53 s.)
    """
    if len(matches) < 2:
        return list(matches)
    # O(m log m + C), documented in docs/rules.md: one sorted pass cuts the clusters.
    by_start = sorted(matches, key=lambda m: (m.start, m.end))
    kept: list[RawMatch] = []
    cluster: list[RawMatch] = []
    reach = -1
    for m in by_start:
        if cluster and m.start >= reach:
            kept += _resolve_cluster(cluster)
            cluster = []
        cluster.append(m)
        reach = max(reach, m.end) if len(cluster) > 1 else m.end
    kept += _resolve_cluster(cluster)
    return sorted(kept, key=lambda m: (m.start, m.rule.id))


def _priority(m: RawMatch) -> tuple[int, int, int, str]:
    return (-SEVERITY_RANK[m.rule.severity], -(m.end - m.start), m.start, m.rule.id)


def _resolve_cluster(cluster: list[RawMatch]) -> list[RawMatch]:
    if len(cluster) == 1:
        return cluster
    base = min(m.start for m in cluster)
    taken = bytearray(max(m.end for m in cluster) - base)
    kept: list[RawMatch] = []
    for m in sorted(cluster, key=_priority):
        a, b = m.start - base, m.end - base
        if taken.find(1, a, b) < 0:
            taken[a:b] = b"\x01" * (b - a)
            kept.append(m)
    return kept


def _covered(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test ``inside(start, end)``: is ``[start, end)`` within one of ``spans``?

    O(log n) per question (a sorted list and the running maximum of the ends), where
    asking every span was O(n) and made a file of n quoted findings quadratic.
    """
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach: list[int] = []
    top = -1
    for _, b in ordered:
        top = max(top, b)
        reach.append(top)

    def inside(start: int, end: int) -> bool:
        i = bisect.bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return inside


def _overlapping(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """A test ``hits(start, end)``: does ``[start, end)`` overlap one of ``spans``? O(log n)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach: list[int] = []
    top = -1
    for _, b in ordered:
        top = max(top, b)
        reach.append(top)

    def hits(start: int, end: int) -> bool:
        # the spans starting before ``end``: does the furthest-reaching one pass ``start``?
        i = bisect.bisect_left(starts, end) - 1
        return i >= 0 and reach[i] > start

    return hits


def match_case(original: str, replacement: str) -> str:
    """Give the replacement the case shape of the text it replaces."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    if letters and original.lstrip()[:1].isupper() and replacement[:1].islower():
        return replacement[:1].upper() + replacement[1:]
    return replacement


class Options(NamedTuple):
    """What the engine needs from the configuration (resolved by the API layer)."""

    model: str | None = None  # the setting for this document's language
    severity: dict[str, str] = {}  # noqa: RUF012 - read only
    allow: tuple[str, ...] = ()
    quoted: str = "skip"


def lint_document(doc: Document, compiled: CompiledRules, path: str, options: Options,
                  known_rules: frozenset[str] = frozenset(), annotator: nlp.Pipeline | None = None) -> list[Finding]:
    """``annotator`` stands in for the trained pipeline (the spaCy component passes the tags
    and parse its user's pipeline already made); by default the configured one is loaded."""
    text = doc.prose.text
    known: list[bool] = []

    def trained() -> bool:
        # Asked only once a sentence has candidates: a clean text never looks for a pipeline.
        if not known:
            if annotator is not None:
                known.append(annotator.has_tagger or annotator.has_parser)
            else:
                known.append(nlp.find_model(compiled.language, options.model) is not None)
        return known[0]

    cands = _live_entries(compiled, candidate_patterns(compiled, text, lemmas=trained))
    raw: list[RawMatch] = []
    spans: list[tuple[int, int]] = []  # the sentences matched, in order (context of each finding)
    if cands:
        raw, spans = _match_candidates(compiled, text, cands, options, annotator, trained())
        raw = resolve_overlaps(raw)
    index = LineIndex(doc.source)  # shared by findings and directives; built only if used
    findings = _to_findings(doc, raw, path, options, index, spans)
    return _apply_directives(doc, findings, path, known_rules, index)


def _live_entries(compiled: CompiledRules, found: dict[tuple[int, int], set[int]]) -> dict[tuple[int, int], dict[int, set[int]]]:
    """Sentence span -> rule index -> the entries of that rule whose gate words are there."""
    rule_of, entry_of = compiled.pattern_rule, compiled.pattern_entry
    out: dict[tuple[int, int], dict[int, set[int]]] = {}
    for span, patterns in found.items():
        live: dict[int, set[int]] = {}
        for k in patterns:
            live.setdefault(rule_of[k], set()).add(entry_of[k])
        out[span] = live
    return out


# Candidate sentences are tokenized (and tagged) this many at a time, and at most about
# BATCH_CHARS characters of them: the tokens of a whole file at once took tens of bytes of
# memory per character, and 256 sentences of 5,000 characters (a long line without
# sentence ends, read in pieces) still took 47 times the file.
BATCH = 256
BATCH_CHARS = 16 * 1024


def _batches(spans: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    batch: list[tuple[int, int]] = []
    chars = 0
    for span in spans:
        if batch and (len(batch) == BATCH or chars + span[1] - span[0] > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(span)
        chars += span[1] - span[0]
    if batch:
        yield batch


def _match_candidates(compiled: CompiledRules, text: str, cands: dict[tuple[int, int], dict[int, set[int]]],
                      options: Options, annotator: nlp.Pipeline | None, trained: bool) -> tuple[list[RawMatch], list[tuple[int, int]]]:
    """The matches in the candidate sentences, and the sentences that were matched."""
    raw: list[RawMatch] = []
    matched: list[tuple[int, int]] = []
    spans = sorted(cands)
    pipeline: nlp.Pipeline | None = None
    for batch in _batches(spans):
        lexical = [tokenize(text[s:e], s) for s, e in batch]
        if trained:
            # Only sentences that could still match once POS and syntax are known go to the
            # trained pipeline; "la date cible" stops here and spaCy is never imported.
            probe = nlp.Pipeline(compiled.language, "", None, True, True)
            keep = [i for i, (span, tokens) in enumerate(zip(batch, lexical))
                    if match_sentence([compiled.rules[r] for r in sorted(cands[span])], tokens, probe, prefilter=True,
                                      only=[cands[span][r] for r in sorted(cands[span])])]
            batch = [batch[i] for i in keep]
            if not batch:
                continue
            if pipeline is None:
                pipeline = annotator or nlp.load(compiled.language, options.model)
        if pipeline is not None:
            token_lists = pipeline.annotate([(text[s:e], s) for s, e in batch])
        else:
            token_lists = lexical
        matched += batch
        for span, tokens in zip(batch, token_lists):
            live = cands[span]
            order = sorted(live)
            raw += match_sentence([compiled.rules[i] for i in order], tokens, pipeline, only=[live[i] for i in order])
    return raw, matched


def _allowed_spans(text: str, allow: Sequence[str]) -> list[tuple[int, int]]:
    if not allow:
        return []
    low = normalise(_lower_same_length(text))
    spans = []
    for phrase in allow:
        p = normalise(phrase.strip())
        if not p:
            continue
        i = low.find(p)
        while i >= 0:
            spans.append((i, i + len(p)))
            i = low.find(p, i + 1)
    return spans


# A match inside one of these is a name, not prose: an e-mail address (claims@insurer.com),
# a file name or path (claim-file.pdf, /leads/import), an identifier (target_customers,
# leadSource). Checked on the few matches only, not on the whole text.
_IDENTIFIER = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address
    r"|\.(?:pdf|docx?|xlsx?|csv|tsv|txt|md|rst|html?|pptx?|odt|ods|odp|rtf|json|ya?ml|xml|zip|png|jpe?g|gif|svg|py|js|ts|rb|go|java|sh|sql|ipynb)\b"
    r"|\w/\w[^\s]*/"  # a path with two or more separators
    r"|(?<![/\w])[/~]\w"  # an absolute or home path
    r"|[^\W_]_[^\W_]"  # snake_case
    r"|[a-z][A-Z][a-z]"  # camelCase
    r"|\w\.\w+\.\w"  # a dotted name
)


# A menu path such as "Marketing => Lead Capture => Forms" or "Paramètres > Cibles > Modifier":
# each step is the name of a screen or a menu, not prose about people. Two separators of the
# same kind on the line, the match inside one step of a few words.
_MENU_SEPARATOR = re.compile(r"\s(=>|->|→|›|»|>)\s")
_MENU_STEP_WORDS = 4
_SENTENCE_BREAK = re.compile(r"[.,:;!?]\s")


def _in_menu_path(text: str, start: int, end: int) -> bool:
    """Whether the match is a step of a menu path (a UI label), not prose."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    if b < 0:
        b = len(text)
    if b - a > 400:  # a long paragraph is prose, even with an arrow in it
        return False
    seps = list(_MENU_SEPARATOR.finditer(text, a, b))
    if max(Counter(m.group(1) for m in seps).values(), default=0) < 2:
        return False
    # The step holding the match: from the separator before it to the one after it (or the
    # line's ends, cut at a sentence mark, so "Go to A => B => C." keeps only "C").
    left = max((m.end() for m in seps if m.end() <= start), default=a)
    right = min((m.start() for m in seps if m.start() >= end), default=b)
    if left == a:
        # The first step: only the words after the last sentence mark before the match.
        left = a + 1 + max(text[a:start].rfind(c) for c in ".:;!?")
    if right < b and _SENTENCE_BREAK.search(text, end, right):
        return False  # a sentence ends between the match and the path: "Open a claim file. Go to A > B > C"
    step = _SENTENCE_BREAK.split(text[left:right], maxsplit=1)[0]
    if end > left + len(step):
        return False  # the match runs on past the path into a sentence
    return len(step.split()) <= _MENU_STEP_WORDS


def _in_identifier(text: str, start: int, end: int) -> bool:
    """Whether the match begins or ends in a chunk of non-space text that is a name."""
    return _chunk_is_name(text, start) or _chunk_is_name(text, end - 1)


def _chunk_is_name(text: str, i: int) -> bool:
    a = i
    while a > 0 and not text[a - 1].isspace() and i - a < 200:
        a -= 1
    b = i
    n = len(text)
    while b < n and not text[b].isspace() and b - i < 200:
        b += 1
    return _IDENTIFIER.search(text, a, b) is not None


# How much of a sentence a finding carries on each side of the match: enough to read it in
# a report and to tell it from other sentences, bounded for a "sentence" with no full stop.
CONTEXT_CHARS = 240


_SPACES = re.compile(r"\s+")


def sentence_context(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[str, str, str]:
    """(before, match, after) in the sentence's prose, whitespace collapsed, sides capped."""
    a, b = sentence
    # Only a window around the match is read: thousands of findings in one long "sentence"
    # (a table row, a list with no full stop) must stay linear.
    window = 4 * CONTEXT_CHARS
    before = _SPACES.sub(" ", text[max(a, start - window):start]).lstrip()
    after = _SPACES.sub(" ", text[end:min(b, end + window)]).rstrip()
    if start - window > a and len(before) <= CONTEXT_CHARS:
        before = "…" + before
    if end + window < b and len(after) <= CONTEXT_CHARS:
        after = after + "…"
    if len(before) > CONTEXT_CHARS:
        before = "…" + before[-CONTEXT_CHARS:]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS] + "…"
    return before, " ".join(text[start:end].split()), after


def _to_findings(doc: Document, raw: list[RawMatch], path: str, options: Options, index: LineIndex,
                 sentences: Sequence[tuple[int, int]] = ()) -> list[Finding]:
    if not raw:
        return []
    text = doc.prose.text
    sentence_starts = [a for a, _ in sentences]
    allowed = _allowed_spans(text, options.allow)
    is_allowed = _covered(allowed) if allowed else None
    quoted = getattr(doc, "quoted", None) or []
    in_quotes = _covered(quoted) if quoted else None
    out: list[Finding] = []
    for m in raw:
        if is_allowed is not None and is_allowed(m.start, m.end):
            continue
        if _in_identifier(text, m.start, m.end) or _in_menu_path(text, m.start, m.end):
            continue
        span = doc.prose.source_span(m.start, m.end)
        if span is None:
            continue
        start, end = span
        matched = doc.source[start:end]
        rule = m.rule
        severity = options.severity.get(rule.id) or options.severity.get(rule.category) or rule.severity
        is_quoted = in_quotes is not None and in_quotes(m.start, m.end)
        if is_quoted:
            if options.quoted == "skip":
                continue
            severity = "info"
        line, col = index.position(start)
        end_line, end_col = index.position(end)
        display = " ".join(text[m.start : m.end].split())
        i = bisect.bisect_right(sentence_starts, m.start) - 1
        sentence = sentences[i] if i >= 0 and m.end <= sentences[i][1] else (m.start, m.end)
        fix = match_case(display, rule.fix.replace) if rule.fix else None
        out.append(Finding(
            path=path, rule=rule.id, category=rule.category, severity=severity,
            message=rule.format_message(display), line=line, column=col, end_line=end_line,
            end_column=end_col, start=start, end=end, text=matched,
            suggestions=rule.alternatives, fix=fix, fix_safe=bool(rule.fix and rule.fix.safe),
            quoted=is_quoted, sentence=sentence_context(text, sentence, m.start, m.end),
        ))
    return out


def _apply_directives(doc: Document, findings: list[Finding], path: str, known_rules: frozenset[str],
                      index: LineIndex) -> list[Finding]:
    if not doc.directives:
        return findings
    problems: list[Finding] = []
    file_off: set[str] = set()
    file_all = False
    events: list[tuple[int, str, frozenset[str]]] = []  # (line, "disable"/"enable", rules)
    only_lines: dict[int, set[str] | None] = {}  # line -> rules off on that line (None = all)

    def off_on(line_no: int, rules: frozenset[str]) -> None:
        cur = only_lines.get(line_no, set())
        if cur is None:
            return
        only_lines[line_no] = None if not rules else cur | set(rules)

    for d in doc.directives:
        unknown = sorted(r for r in d.rules if known_rules and r not in known_rules)
        if unknown:
            start = index.starts[d.line - 1] if d.line - 1 < len(index.starts) else 0
            problems.append(Finding(
                path=path, rule=DIRECTIVE_RULE, category="directive", severity="warning",
                message=f"framing-lint directive names unknown rule id(s): {', '.join(unknown)}; see 'framing-lint rules list'",
                line=d.line, column=1, end_line=d.line, end_column=1, start=start, end=start, text="",
            ))
        last = d.end_line or d.line
        if d.kind == "disable-file":
            if d.rules:
                file_off |= d.rules
            else:
                file_all = True
        elif d.kind == "disable-line":
            off_on(d.line, d.rules)
        elif d.kind == "disable-next-line":
            nxt = last + 1
            while nxt <= len(index.starts) and not index.line_text(nxt).strip():
                nxt += 1  # a blank line between the comment and the text is common in Markdown
            off_on(nxt, d.rules)
        else:
            events.append((d.line, d.kind, d.rules))
    events.sort(key=lambda e: e[0])

    def named(f: Finding, names: set[str] | frozenset[str]) -> bool:
        # Directives take rule ids or whole categories (disable=procedure).
        return f.rule in names or f.category in names

    def off_by_line(f: Finding) -> bool:
        if file_all or named(f, file_off):
            return True
        # A finding spans few lines, but a hostile one may span thousands: look at the
        # lines that carry a directive, not at every line.
        if f.end_line - f.line > len(only_lines):
            lines = (ln for ln in only_lines if f.line <= ln <= f.end_line)
        else:
            lines = (ln for ln in range(f.line, f.end_line + 1) if ln in only_lines)
        for ln in lines:
            off = only_lines[ln]
            if off is None or named(f, off):
                return True
        return False

    # disable / enable ranges: one sweep over the findings in line order, the state after
    # each event kept as it goes (asking every event for every finding was quadratic).
    kept: list[Finding] = []
    all_off = False
    off_rules: set[str] = set()
    e = 0
    for f in sorted(findings, key=lambda f: f.line):
        while e < len(events) and events[e][0] <= f.line:
            _, kind, rules = events[e]
            if kind == "disable":
                if rules:
                    off_rules |= rules
                else:
                    all_off, off_rules = True, set()
            else:
                if rules:
                    off_rules -= rules
                else:
                    all_off, off_rules = False, set()
            e += 1
        if not (off_by_line(f) or all_off or named(f, off_rules)):
            kept.append(f)
    order = {id(f): i for i, f in enumerate(findings)}
    kept.sort(key=lambda f: order[id(f)])
    return problems + kept


def select_rules(rules: Iterable[Rule], select: Sequence[str], ignore: Sequence[str]) -> list[Rule]:
    def hit(rule: Rule, names: Sequence[str]) -> bool:
        return any(n == rule.id or n == rule.category or fnmatch.fnmatchcase(rule.id, n) for n in names)

    return [r for r in rules if (not select or hit(r, select)) and not hit(r, ignore)]
