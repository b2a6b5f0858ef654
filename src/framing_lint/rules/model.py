"""Rules as loaded and compiled: plain values the engine reads, never files."""
from __future__ import annotations

from dataclasses import dataclass, field

from framing_lint.rules.patterns import Spec, SyntaxPattern

from framing_lint.severity import SEVERITIES, SEVERITY_RANK  # noqa: F401 - re-exported


@dataclass(frozen=True)
class MatchEntry:
    """One way a rule can match: a token pattern, or a syntax pattern with its fallback."""

    pattern: tuple[Spec, ...] | None = None  # used in both modes
    syntax: SyntaxPattern | None = None  # used when a parser is available
    lexical: tuple[Spec, ...] | None = None  # used instead of ``syntax`` without one
    source: str = ""


@dataclass(frozen=True)
class Fix:
    replace: str
    safe: bool


@dataclass(frozen=True)
class Examples:
    flag: tuple[str, ...] = ()
    pass_: tuple[str, ...] = ()
    flag_trained: tuple[str, ...] = ()
    pass_trained: tuple[str, ...] = ()
    fix: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Rule:
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
    examples: Examples = field(default_factory=Examples)
    file: str = ""
    line: int = 0

    def format_message(self, matched: str) -> str:
        return self.message.replace("{match}", matched)


@dataclass(frozen=True)
class RuleSet:
    """The rules of one language, ready for the engine."""

    language: str
    rules: tuple[Rule, ...]

    def by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}
