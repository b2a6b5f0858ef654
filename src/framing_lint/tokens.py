"""A fast tokenizer and sentence splitter for the lexical mode.

Used when no trained pipeline is installed for a language (and to align the trained
pipeline's input): it splits like spaCy's rule-based tokenizer where it matters for
matching -- French elisions (``l'`` + ``assuré``), English possessives (``customer`` +
``'s``), hyphens as their own token -- at a fraction of the cost and without importing spaCy.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from framing_lint.morphology import normalise

_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu"})

# A word: letters and digits, with inner apostrophes (aujourd'hui, don't); or a single
# non-space symbol.
# A number keeps its separators ("12,000", "3.5") so it counts as one word in a gap.
_TOKEN = re.compile(r"\d+(?:[.,\u202f\u00a0]\d{3})+(?:[.,]\d+)?(?!\w)|[^\W_](?:[^\W_]|['\u2019](?=[^\W_]))*|[^\w\s]|_+")
# Sentence end: terminal punctuation (with closing quotes/brackets) then space and a
# capital, digit, quote or bullet; or a line that ends a list item without punctuation.
# Linear: a match only starts at the first mark of a run (the lookbehind) and possessive
# quantifiers never give characters back, so a run of 40,000 dots followed by a
# lower-case letter is read once, not once per dot (which was quadratic). O(n): docs/formats.md.
_SENTENCE_END = re.compile(
    r"(?<![.!?\u2026])[.!?\u2026]++[\"'\u201d\u2019\u00bb)\]]*+(?=\s++[\"'\u201c\u00ab(\[]?[^\W_a-z]|\s*+$)"
)
_BLOCK_BREAK = re.compile(r"\n[ \t\r]*\n|\r[ \t]*\r")

# A period after these does not end a sentence ("e.g. Monday", "M. Diallo", "art. L113-2").
_ABBREVIATIONS = frozenset(
    "e.g i.e etc mr mrs ms dr st vs cf no nos art al approx dept inc ltd co jr sr fig p pp vol "
    "m mme mlle me pr av bd ex env".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+(?:\.[^\W\d_]+)*)$")

GAP_BLOCKERS = frozenset({".", "!", "?", ";", ":", "(", ")", "[", "]", "\u2026", "\"", "\u201c", "\u201d", "\u00ab", "\u00bb"})


class Token:
    """One token of a sentence; a trained pipeline fills in lemma, POS and dependencies."""

    __slots__ = ("text", "norm", "start", "end", "lemma", "pos", "dep", "head", "children")

    def __init__(self, text: str, norm: str, start: int, end: int, lemma: str = "", pos: str = "", dep: str = "",
                 head: int = -1, children: list[int] | None = None) -> None:
        self.text = text
        self.norm = norm
        self.start = start  # offsets in the text given to the tokenizer
        self.end = end
        self.lemma = lemma
        self.pos = pos
        self.dep = dep
        self.head = head  # index of the head token in the sentence; -1 for the root / unknown
        self.children: list[int] = children if children is not None else []

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and self._fields() == other._fields()

    __hash__ = None  # type: ignore[assignment] - mutable

    def __repr__(self) -> str:
        return "Token(" + ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__) + ")"

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalnum()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        start = m.start() + offset
        if word.isascii():
            if "'" not in word:  # most words: no elision or possessive to split
                append(Token(word, word.lower(), start, start + len(word)))
                continue
            apos = word.find("'")
        else:
            apos = max(word.find("'"), word.find("\u2019"))
        if apos > 0:
            prefix = word[:apos].lower()
            rest = word[apos + 1 :]
            if prefix in _ELISIONS and rest:
                cut = apos + 1  # l'|assuré
            elif rest.lower() == "s":
                cut = apos  # customer|'s
            else:
                cut = 0
            if cut:
                tokens.append(Token(word[:cut], normalise(word[:cut]), start, start + cut))
                tokens.append(Token(word[cut:], normalise(word[cut:]), start + cut, start + len(word)))
                continue
        tokens.append(Token(word, normalise(word), start, start + len(word)))
    return tokens


def blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph spans: text between blank lines (prose blocks are separated that way)."""
    pos = 0
    for m in _BLOCK_BREAK.finditer(text):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


# A "sentence" longer than this (a block with no sentence-ending punctuation: a generated
# list, a table flattened into one line) is read in pieces cut at a space: its tokens and
# its matching stay bounded. Real sentences are far shorter (legal French included).
MAX_SENTENCE = 5_000
_NONSPACE = re.compile(r"\S")
_LAST_SPACE = re.compile(r".*\s", re.DOTALL)


def sentences(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentence spans within ``text[start:end]`` (which should be one block).

    Linear in the length of the block: one scan for sentence ends, and a sentence longer
    than ``MAX_SENTENCE`` characters is cut into pieces at the last space before each limit.
    """
    if end is None:
        end = len(text)
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if text[m.start()] == "." and m.end() - m.start() == 1:
            w = _WORD_BEFORE.search(text, max(pos, m.start() - 20), m.start())
            if w and (len(w.group(1)) == 1 or w.group(1).lower() in _ABBREVIATIONS):
                continue
        yield from _bounded(text, pos, m.end())
        pos = m.end()
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end and _NONSPACE.search(text, pos, end):
        yield from _bounded(text, pos, end)


def _bounded(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        space = _LAST_SPACE.match(text, start + MAX_SENTENCE // 2, cut)
        if space is not None:
            cut = space.end()
        yield start, cut
        start = cut
    yield start, end


def sentence_around(text: str, offset: int) -> tuple[int, int]:
    """The sentence containing ``offset`` (used by the gate to pick candidates)."""
    block_start = text.rfind("\n\n", 0, offset)
    block_start = 0 if block_start < 0 else block_start + 2
    block_end = text.find("\n\n", offset)
    block_end = len(text) if block_end < 0 else block_end
    for s, e in sentences(text, block_start, block_end):
        if s <= offset < e:
            return s, e
    return block_start, block_end
