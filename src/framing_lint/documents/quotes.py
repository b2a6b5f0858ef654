"""Quoted spans in prose: "the so-called 'target' segment", « dossier sinistre ».

A word between quotation marks is usually mentioned, not used: a quotation, the title of
an official form, a word under discussion.  We do not drop it from the prose (the
sentence must still parse, and some quotes are the writer's own jargon); we record where
quotes are so the engine can report a match lying wholly inside one at info severity.

Recognised pairs: straight double quotes, curly double quotes, „German“, « guillemets »,
‹ single guillemets ›, ‘curly single’ and 'straight single' quotes.  Single quotes count
only when they clearly quote: the opening one follows a space or punctuation and precedes
a letter, the closing one is not followed by a letter, so apostrophes (don't, l'assuré,
the customers' files) never open or close a quote.  No quote crosses a block break
("\\n\\n") or runs longer than a few hundred characters: an unmatched mark must not turn
the rest of a document into a "quotation".
"""
from __future__ import annotations

import re

_MAX_DOUBLE = 1000
_MAX_SINGLE = 200

_PATTERNS = [
    re.compile(r"“([^“”]{1,%d})”" % _MAX_DOUBLE),
    re.compile(r"„([^„“”]{1,%d})[“”]" % _MAX_DOUBLE),
    re.compile(r"«([^«»]{1,%d})»" % _MAX_DOUBLE),
    re.compile(r"‹([^‹›]{1,%d})›" % _MAX_SINGLE),
    # The three below start with the mark itself, then look back past it: a pattern that
    # starts with a literal is searched for quickly; one that starts with a look-behind
    # is tried at every character.
    re.compile(r'"(?<![\w"]")(?=[^\s"])([^"]{1,%d}?)(?<=\S)"(?!\w)' % _MAX_DOUBLE),
    # apostrophes may appear inside ("the 'customer's file'"): a quote mark followed by a
    # letter does not close
    re.compile(r"‘(?<![\w‘’]‘)(?=\w)((?:[^‘’\n]|’(?=\w)){1,%d}?)’(?!\w)" % _MAX_SINGLE),
    re.compile(r"'(?<![\w'’]')(?=\w)((?:[^'\n]|'(?=\w)){1,%d}?)(?<=[\w.!?,;:)])'(?!\w)" % _MAX_SINGLE),
]
_ANY_MARK = re.compile("[\"'“„«‹‘]")


def find_quoted(text: str) -> list[tuple[int, int]]:
    """Prose offsets ``[start, end)`` of the text inside each pair of quotation marks."""
    if _ANY_MARK.search(text) is None:
        return []
    spans: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span(1)
            if text.find("\n\n", start, end) >= 0:
                continue
            spans.append((start, end))
    spans.sort()
    return spans
