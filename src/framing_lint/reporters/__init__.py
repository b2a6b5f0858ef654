"""Reporters turn findings into output; they only read findings.

Each module exposes ``render(findings, context) -> str``; registration is by name here so
adding a reporter is adding a module and a line.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from framing_lint.findings import Finding

REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "line": "line",
    "junit": "junit",
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
    checked: list[str] = field(default_factory=list)  # every file linted, in order (for junit)


def get(name: str) -> Callable[[Sequence[Finding], Context], str]:
    module = importlib.import_module(f"framing_lint.reporters.{REPORTERS[name]}")
    return module.render  # type: ignore[no-any-return]


def relative_posix(path: str) -> str:
    """``path`` relative to the working directory with forward slashes (as CI services want);
    absolute when it lies outside it."""
    if path == "-":
        return path
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_posix()
    return Path(os.path.normpath(p)).as_posix()
