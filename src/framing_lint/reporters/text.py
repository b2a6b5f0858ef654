"""Human-readable output: ``path:line:col: severity rule-id message`` and what to write instead.

In a terminal the source line is shown with a caret under the match.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context

_COLORS = {"error": "red", "warning": "yellow", "info": "blue"}


_ANSI_FG = {"red": 31, "green": 32, "yellow": 33, "blue": 34, "cyan": 36, "white": 37}


def _style(text: str, color: bool, *, fg: str | None = None, bold: bool = False, dim: bool = False) -> str:
    """``text`` in ANSI colour (terminal output only)."""
    if not color:
        return text
    codes = [str(_ANSI_FG[fg])] if fg else []
    codes += ["1"] if bold else []
    codes += ["2"] if dim else []
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text


def _source_line(source: str, f: Finding) -> tuple[str, int, int] | None:
    lines = source.splitlines()
    if not 0 < f.line <= len(lines):
        return None
    line = lines[f.line - 1]
    start = f.column - 1
    end = f.end_column - 1 if f.end_line == f.line else len(line)
    return line, start, max(end, start + 1)


def render(findings: Sequence[Finding], context: Context) -> str:
    out: list[str] = []
    c = context.color
    for f in findings:
        loc = _style(f"{f.path}:{f.line}:{f.column}:", c, bold=True)
        sev = _style(f.severity, c, fg=_COLORS.get(f.severity, "white"), bold=True)
        rule = _style(f.rule, c, fg="cyan")
        out.append(f"{loc} {sev} {rule} {f.message}")
        if context.show_source and f.path in context.sources:
            got = _source_line(context.sources[f.path], f)
            if got:
                line, start, end = got
                expanded = line.replace("\t", " ")
                prefix = f"{f.line:>5} | "
                out.append(_style(prefix, c, dim=True) + expanded)
                out.append(" " * len(prefix) + " " * start + _style("^" * (end - start), c, fg=_COLORS.get(f.severity, "white")))
        if f.suggestions:
            out.append("    " + _style("instead:", c, fg="green") + " " + " | ".join(f.suggestions))
    if findings:
        counts = Counter(f.severity for f in findings)
        parts = [f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in ("error", "warning", "info") if counts[s]]
        files = len({f.path for f in findings})
        out.append("")
        out.append(f"Found {len(findings)} finding{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) in {files} file{'s' if files != 1 else ''}.")
        out.append("Explain a rule with 'framing-lint rules explain RULE-ID'.")
    if context.statistics and findings:
        out.append("")
        out.append(render_statistics(findings))
    return "\n".join(out) + ("\n" if out else "")


def render_statistics(findings: Sequence[Finding]) -> str:
    by_rule = Counter(f.rule for f in findings)
    by_cat = Counter(f.category for f in findings)
    width = max((len(r) for r in by_rule), default=4)
    lines = ["Findings per rule:"]
    lines += [f"  {count:>6}  {rule:<{width}}" for rule, count in by_rule.most_common()]
    lines.append("Findings per category:")
    lines += [f"  {count:>6}  {cat}" for cat, count in by_cat.most_common()]
    return "\n".join(lines)
