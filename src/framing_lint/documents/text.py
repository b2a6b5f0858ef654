"""Plain text: every line is prose; blank lines end paragraphs."""
from __future__ import annotations

import re

from framing_lint.documents.base import Directive, Document, Prose

_DIRECTIVE = re.compile(r"framing-lint:\s*(disable-next-line|disable-line|disable-file|disable|enable)(?:=([\w\-, ]+))?")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


def parse(source: str) -> Document:
    prose = Prose()
    directives: list[Directive] = []
    pos = 0
    line_no = 0
    for m in _LINE.finditer(source):
        if m.start() == len(source) and m.end() == m.start():
            break
        line_no += 1
        line = m.group(0)
        d = _DIRECTIVE.search(line)
        if d:
            rules = frozenset(r.strip() for r in (d.group(2) or "").split(",") if r.strip())
            directives.append(Directive(d.group(1), rules, line_no))  # type: ignore[arg-type]
            prose.add_break()
        elif line.strip():
            prose.add(source, m.start(), m.end())
        else:
            prose.add_break()
        pos = m.end()
    return Document(source=source, prose=prose, directives=directives)
