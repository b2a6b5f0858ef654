"""Suppression directives (``framing-lint: disable=rule-id``), shared by every format.

Each format finds its own comments (``<!-- -->``, ``{# #}``, ``{{!-- --}}``, a plain-text
line) and hands the comment's text to :func:`parse_directive`, so the syntax inside the
comment is the same everywhere::

    framing-lint: disable                      every rule, until enable
    framing-lint: disable=claim-file, leads    these rules (comma or space separated)
    framing-lint: enable=claim-file
    framing-lint: disable-next-line=claim-file
    framing-lint: disable-line
    framing-lint: disable-file
    framing-lint: disable-next-line=leads -- quoted from the regulator's form
"""
from __future__ import annotations

import re

from framing_lint.documents.base import Directive, DirectiveKind
from framing_lint.lines import LineIndex  # noqa: F401 - the format modules import it from here

MARKER = "framing-lint"

_DIRECTIVE = re.compile(
    r"framing-lint\s*:\s*(?P<kind>disable-next-line|disable-line|disable-file|disable|enable)(?P<rest>[^\r\n]*)"
)
# Comment closers that end up in the text when a whole line is handed over (plain text,
# reST, a Word paragraph); they are not rule ids.
_CLOSER = re.compile(r"\s*(?:-->|--\}\}|\}\}|#\}|%\}|\*/)\s*$")
_RULE_ID = re.compile(r"[A-Za-z0-9][\w./-]*\Z")


def find_marker(text: str, start: int = 0, end: int | None = None) -> int:
    """Offset of the directive marker in ``text`` (or -1): a cheap test before parsing."""
    return text.find(MARKER, start, len(text) if end is None else end)


def parse_directive(
    text: str, line: int, end_line: int = 0, warnings: list[tuple[int, str]] | None = None
) -> Directive | None:
    """The directive in a comment's text, or None.

    A comment that mentions ``framing-lint:`` but cannot be understood produces a warning
    rather than a directive: silently ignoring a typo would leave the user believing a
    finding is suppressed, and guessing ("disable everything") would hide real findings.
    """
    if MARKER not in text:
        return None
    m = _DIRECTIVE.search(text)
    if m is None:
        if warnings is not None and re.search(r"framing-lint\s*:", text):
            snippet = text.strip()[:60]
            warnings.append((line, f"unrecognised framing-lint directive: {snippet!r}"))
        return None
    kind: DirectiveKind = m.group("kind")  # type: ignore[assignment]
    rest = _CLOSER.sub("", m.group("rest"))
    reason = rest.find(" --")
    if reason >= 0:  # "disable=x -- why": the reason is for humans
        rest = rest[:reason]
    if rest and rest[0] in "=:":
        rest = rest[1:]
    elif rest and not rest[0].isspace():
        # "disable-lines", "enabled": a typo of a kind, not a kind followed by ids
        if warnings is not None:
            warnings.append((line, f"unrecognised framing-lint directive: {m.group(0).strip()[:60]!r}"))
        return None
    names = [n for n in re.split(r"[,\s]+", rest) if n]
    rules = [n for n in names if _RULE_ID.match(n)]
    if len(rules) != len(names):
        bad = ", ".join(repr(n) for n in names if not _RULE_ID.match(n))
        if warnings is not None:
            warnings.append((line, f"framing-lint directive: ignoring malformed rule id {bad}"))
        if not rules:
            return None  # never widen "disable=???" into "disable everything"
    return Directive(kind, frozenset(rules), line, end_line if end_line and end_line != line else 0)
