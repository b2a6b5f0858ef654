"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::warning file=docs/a.md,line=3,col=5,endLine=3,endColumn=21,title=claim-file::message``
"""
from __future__ import annotations

from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, relative_posix

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(f: Finding) -> str:
    props = {
        "file": relative_posix(f.path),
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f.rule,
    }
    message = f.message + ("\nInstead: " + " | ".join(f.suggestions) if f.suggestions else "")
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{LEVELS.get(f.severity, 'warning')} {joined}::{escape_data(message)}"


def render(findings: Sequence[Finding], context: Context) -> str:
    return "".join(line(f) + "\n" for f in findings)
