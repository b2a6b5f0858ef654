"""Output for people: findings grouped by file, what to write instead once per rule, and a
summary line on every run.

::

    letters/renewal.md
      12:5   warning  'claim file' names our paperwork, not the person.  claim-file [*]
             instead: your claim | the customer's claim

    Checked 3 files: 1 finding (1 warning) in 1 file; 1 fixable with --fix.

In a terminal each finding also shows its source line, cut around the match when it is
long, with carets under the match. Colour goes through rich (only imported when colour is
on); the caller decides whether it is (``--color``, ``NO_COLOR``, ``FORCE_COLOR``).
"""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_line

_STYLES = {"error": "bold red", "warning": "bold yellow", "info": "bold blue"}
SEVERITY_ORDER = ("error", "warning", "info")
# The source line shown under a finding is cut to about this many columns around the match.
DEFAULT_WIDTH = 100


def _escape(text: str) -> str:
    return text.replace("[", "\\[")


def _cells(ch: str) -> int:
    """Terminal columns one character takes: 0 for combining marks, 2 for wide ones."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _width(text: str) -> int:
    return sum(_cells(c) for c in text)


def source_window(line: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """The part of ``line`` to show, and the columns of the caret span within it.

    ``start``/``end`` are character offsets of the match in the line. Tabs become one space
    (so the caret stays aligned); a line wider than ``width`` is cut around the match, with
    ``…`` where text was left out.
    """
    line = line.replace("\t", " ")
    start = max(0, min(start, len(line)))
    end = max(start + 1, min(end, len(line))) if line else start
    if _width(line) > width:
        budget = max(width - _width(line[start:end]), 20)
        left, right = start, end
        used = 0
        while used < budget and (left > 0 or right < len(line)):
            if left > 0 and (used < budget // 2 or right >= len(line)):
                left -= 1
                used += _cells(line[left])
            elif right < len(line):
                used += _cells(line[right])
                right += 1
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(line) else ""
        shown = prefix + line[left:right] + suffix
        start, end = start - left + len(prefix), end - left + len(prefix)
        line = shown
    col = _width(line[:start])
    return line, col, col + max(1, _width(line[start:end]))


def _source(f: Finding, context: Context) -> tuple[str, int, int] | None:
    source = context.sources.get(f.path)
    if source is None:
        return None
    lines = source.splitlines()
    if not 0 < f.line <= len(lines):
        return None
    line = lines[f.line - 1]
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    return source_window(line, f.column - 1, end, context.width or DEFAULT_WIDTH)


def fixable(f: Finding, unsafe: bool = False) -> bool:
    return f.fix is not None and (f.fix_safe or unsafe)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def summary(findings: Sequence[Finding], context: Context) -> str:
    """``Checked 67 files: no findings.`` / ``Checked 3 files: 2 findings (...) in 1 file; ...``"""
    checked = f"Checked {_plural(context.files, 'file')}"
    if not findings:
        return f"{checked}: no findings."
    counts = Counter(f.severity for f in findings)
    parts = ", ".join(_plural(counts[s], s) for s in SEVERITY_ORDER if counts[s])
    files = len({f.path for f in findings})
    line = f"{checked}: {_plural(len(findings), 'finding')} ({parts}) in {_plural(files, 'file')}"
    safe = sum(fixable(f) for f in findings)
    unsafe = sum(fixable(f, True) for f in findings) - safe
    if context.unsafe_fixes:
        safe, unsafe = safe + unsafe, 0
    if safe:
        line += f"; {safe} fixable with --fix{' --unsafe-fixes' if context.unsafe_fixes else ''} [*]"
    if unsafe:
        line += f"; {unsafe} {'more ' if safe else ''}fixable with --unsafe-fixes"
    return line + "."


def render(findings: Sequence[Finding], context: Context) -> str:
    rows: list[str] = []  # rich markup when context.color, plain text otherwise
    esc = _escape if context.color else str
    mark = (lambda text, style: f"[{style}]{_escape(text)}[/]") if context.color else (lambda text, style: text)
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.path, []).append(f)
    advised: set[str] = set()
    for path, group in by_file.items():
        if rows:
            rows.append("")
        rows.append(mark(path_line(path), "bold underline"))
        group = sorted(group, key=lambda f: (f.line, f.column, f.rule))
        loc_width = max(len(f"{f.line}:{f.column}") for f in group)
        indent = " " * (2 + loc_width + 2)
        for f in group:
            loc = f"{f.line}:{f.column}".ljust(loc_width)
            sev = mark(f.severity.ljust(7), _STYLES.get(f.severity, "bold"))
            star = " [*]" if fixable(f, context.unsafe_fixes) else ""
            message = " ".join(f.message.split())
            rows.append(f"  {mark(loc, 'dim')}  {sev}  {esc(message)}  {mark(f.rule, 'cyan')}{esc(star)}")
            if context.show_source:
                got = _source(f, context)
                if got:
                    text, a, b = got
                    gutter = f"{f.line} | "
                    rows.append(indent + mark(gutter, "dim") + esc(text))
                    rows.append(indent + " " * len(gutter) + " " * a + mark("^" * (b - a), _STYLES.get(f.severity, "bold")))
            if f.suggestions and f.rule not in advised:
                advised.add(f.rule)
                instead = " | ".join(f.suggestions)
                rows.append(indent + mark("instead:", "green") + " " + esc(instead))
    if not context.quiet:
        if rows:
            rows.append("")
        rows.append(esc(summary(findings, context)))
        if findings:
            rows.append("Explain a rule with 'framing-lint rules explain RULE-ID'.")
    if context.statistics and findings:
        rows.append("")
        rows.append(esc(render_statistics(findings)))
    if not rows:
        return ""
    text = "\n".join(rows) + "\n"
    return _to_ansi(text, context) if context.color else text


def _to_ansi(markup: str, context: Context) -> str:
    import io

    from rich.console import Console

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, color_system="standard", width=10_000, no_color=False,
                      highlight=False, soft_wrap=True, emoji=False)
    console.print(markup, end="")
    return out.getvalue()


def render_statistics(findings: Sequence[Finding]) -> str:
    by_rule = Counter(f.rule for f in findings)
    by_cat = Counter(f.category for f in findings)
    by_file = Counter(f.path for f in findings)
    width = max((len(r) for r in by_rule), default=4)
    lines = ["Findings per rule:"]
    lines += [f"  {count:>6}  {rule:<{width}}" for rule, count in by_rule.most_common()]
    lines.append("Findings per category:")
    lines += [f"  {count:>6}  {cat}" for cat, count in by_cat.most_common()]
    lines.append("Files with the most findings:")
    worst = sorted(by_file.items(), key=lambda item: (-item[1], item[0]))
    lines += [f"  {count:>6}  {path_line(path)}" for path, count in worst[:20]]
    if len(worst) > 20:
        lines.append(f"  ({len(worst) - 20} more files)")
    return "\n".join(lines)
