"""The Finding value: what a rule found, where, and what to write instead.

The values built at start-up are named tuples and plain classes, not dataclasses:
importing ``dataclasses`` (and ``inspect`` with it) and building ~20 of them was ~45 ms of
a ~0.16 s run on one paragraph.
"""
from __future__ import annotations

from typing import Any, NamedTuple


class Finding(NamedTuple):
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
    # The sentence around the match as the reader reads it (prose, whitespace collapsed):
    # (before, match, after). Reports show it; the fingerprint is made from it.
    sentence: tuple[str, str, str] = ("", "", "")

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
            # What --fix would write over [start, end) (safe) or only with --unsafe-fixes.
            "fix": {"replacement": self.fix, "safe": self.fix_safe} if self.fix is not None else None,
            "sentence": "".join(self.sentence),
            "fingerprint": self.fingerprint(),
        }

    def fingerprint(self) -> str:
        """What identifies this finding across edits: its rule and the matched text in its
        sentence, not its line. It survives lines moving above it and edits elsewhere in
        the file (and re-wrapping the paragraph); a finding whose sentence changed is new.
        The path is not part of it (SARIF's partialFingerprints sit beside the location).
        """
        import hashlib  # only reporters and baselines need it

        before, match, after = self.sentence
        if not (before or match or after):  # no sentence (a directive problem): its message
            match = self.message
        data = "\x1f".join((self.rule, before, match, after)).encode("utf-8", "surrogatepass")
        return hashlib.sha256(data).hexdigest()[:32]

    def with_path(self, path: str) -> Finding:
        return self._replace(path=path)
