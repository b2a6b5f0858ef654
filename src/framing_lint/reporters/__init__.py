"""Reporters turn findings into output; they only read findings.

Each module exposes ``render(findings, context) -> str``; registration is by name here so
adding a reporter is adding a module and a line.
"""
from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from framing_lint.findings import Finding

REPORTERS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "line": "line",
    "junit": "junit",
    "jsonl": "jsonl",
    "html": "html",
}


class Context:
    """What a reporter may need besides the findings."""

    def __init__(self, *, color: bool = False, show_source: bool = False, sources: dict[str, str] | None = None,
                 files: int = 0, rules: dict[str, object] | None = None, statistics: bool = False,
                 checked: list[str] | None = None, quiet: bool = False, unsafe_fixes: bool = False,
                 width: int = 0, errors: Sequence[object] = (), config: object = None,
                 started: str = "", baselined: int = 0) -> None:
        self.color = color
        self.show_source = show_source
        self.sources = sources if sources is not None else {}  # path -> decoded text (for carets)
        self.files = files
        self.rules = rules if rules is not None else {}  # rule id -> Rule (for sarif)
        self.statistics = statistics
        self.checked = checked if checked is not None else []  # every file linted, in order (for junit)
        self.quiet = quiet  # findings only: no summary line
        self.unsafe_fixes = unsafe_fixes  # unsafe fixes count as fixable (they will be applied)
        self.width = width  # terminal columns for source lines; 0 = the reporter's default
        self.errors = list(errors)  # files that could not be read: api.FileError (path, message, line)
        self.config = config  # the effective config.Config (for html)
        self.started = started  # ISO 8601 time the run started
        self.baselined = baselined  # findings left out because the baseline has them


def get(name: str) -> Callable[[Sequence[Finding], Context], str]:
    module = importlib.import_module(f"framing_lint.reporters.{REPORTERS[name]}")
    return module.render  # type: ignore[no-any-return]


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_NAMES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def path_text(path: str) -> str:
    """A path as text every output can carry.

    A file name that is not valid in the file system's encoding reaches Python with each bad
    byte kept as a lone surrogate, which no UTF-8 writer accepts; each becomes ``\\xNN``
    (``caf\\xe9.md``), as ``git`` and ``ls`` show such names. Anything else is unchanged.
    """
    if path.isascii():
        return path
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def path_line(path: str) -> str:
    """:func:`path_text` for formats with one finding per line: control characters are
    escaped too (``\\n``, ``\\x1b``), so a file name with a newline cannot split a finding
    over two lines or forge one."""
    text = path_text(path)
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub(lambda m: _CONTROL_NAMES.get(m.group(), f"\\x{ord(m.group()):02x}"), text)


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
