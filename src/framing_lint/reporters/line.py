"""One finding per line, ``path:line:col: severity rule message (instead: ...)``, for editors:
Vim's errorformat, Emacs' compilation mode, VS Code problem matchers (see docs/editors.md).
"""
from __future__ import annotations

from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_line


def line(f: Finding) -> str:
    message = " ".join(f.message.split())  # one line, whatever the rule's message holds
    instead = f" (instead: {' | '.join(f.suggestions)})" if f.suggestions else ""
    return f"{path_line(f.path)}:{f.line}:{f.column}: {f.severity} {f.rule} {message}{instead}"


def render(findings: Sequence[Finding], context: Context) -> str:
    return "".join(line(f) + "\n" for f in findings)
