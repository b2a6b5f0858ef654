"""Rules as loaded and compiled: plain values the engine reads, never files.

Named tuples rather than dataclasses: a one-paragraph run builds these classes at start-up,
and a frozen dataclass costs ~1.3 ms to create (plus importing ``dataclasses``, which
imports ``inspect``), a named tuple ~0.2 ms.  They are immutable and hashable all the same.
"""
from __future__ import annotations

from typing import NamedTuple


from framing_lint.rules.patterns import Spec, SyntaxPattern

from framing_lint.severity import SEVERITIES, SEVERITY_RANK  # noqa: F401 - re-exported


class MatchEntry(NamedTuple):
    """One way a rule can match: a token pattern, or a syntax pattern with its fallback."""

    pattern: tuple[Spec, ...] | None = None  # used in both modes
    syntax: SyntaxPattern | None = None  # used when a parser is available
    lexical: tuple[Spec, ...] | None = None  # used instead of ``syntax`` without one
    source: str = ""
    requires: tuple[tuple[Spec, ...], ...] = ()  # one of these must match in the sentence too
    unless: tuple[tuple[Spec, ...], ...] = ()  # none of these may match in the sentence


class Fix(NamedTuple):
    replace: str
    safe: bool


class Examples(NamedTuple):
    flag: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()
    flag_trained: tuple[str, ...] = ()
    pass_trained: tuple[str, ...] = ()
    fix: tuple[tuple[str, str], ...] = ()


class Rule(NamedTuple):
    id: str
    category: str
    severity: str
    message: str
    rationale: str
    alternatives: tuple[str, ...]
    language: str
    pack: str
    match: tuple[MatchEntry, ...]
    unless: tuple[tuple[Spec, ...], ...] = ()
    unless_sentence: tuple[tuple[Spec, ...], ...] = ()
    requires_sentence: tuple[tuple[Spec, ...], ...] = ()
    fix: Fix | None = None
    examples: Examples = Examples()
    file: str = ""
    line: int = 0

    def format_message(self, matched: str) -> str:
        return self.message.replace("{match}", matched)


class RuleSet(NamedTuple):
    """The rules of one language, ready for the engine."""

    language: str
    rules: tuple[Rule, ...]

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}
