"""The Finding value: what a rule found, where, and what to write instead."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Finding:
    path: str
    rule: str
    category: str
    severity: str
    message: str
    line: int  # 1-based
    column: int  # 1-based, in characters
    end_line: int
    end_column: int  # 1-based, exclusive
    start: int  # 0-based offsets into the decoded source text, end exclusive
    end: int
    text: str  # == source[start:end]
    suggestions: tuple[str, ...] = ()
    fix: str | None = None  # replacement text for [start, end), already case-matched
    fix_safe: bool = False
    quoted: bool = False  # inside quotation marks in the prose (reported at info at most)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestions": list(self.suggestions),
        }

    def with_path(self, path: str) -> Finding:
        return replace(self, path=path)
