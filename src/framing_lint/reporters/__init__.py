"""Reporters turn findings into output; they only read findings.

Each module exposes ``render(findings, context) -> str``; registration is by name here so
adding a reporter is adding a module and a line.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from framing_lint.findings import Finding

REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json",
}


@dataclass
class Context:
    """What a reporter may need besides the findings."""

    color: bool = False
    show_source: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # path -> decoded text (for carets)
    files: int = 0
    rules: dict[str, object] = field(default_factory=dict)  # rule id -> Rule (for sarif)
    statistics: bool = False


def get(name: str) -> Callable[[Sequence[Finding], Context], str]:
    module = importlib.import_module(f"framing_lint.reporters.{REPORTERS[name]}")
    return module.render  # type: ignore[no-any-return]
