"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::warning file=docs/a.md,line=3,col=5,endLine=3,endColumn=21,title=claim-file::message``

GitHub shows at most 10 annotations of each level per step (and 50 per job), so when there
are more the first line says so; and when ``$GITHUB_STEP_SUMMARY`` is set, a table of the
findings by severity, rule and file is appended to the job summary.
"""
from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence

from framing_lint.findings import Finding
from framing_lint.reporters import Context, path_text, relative_posix

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}
SHOWN_PER_LEVEL = 10  # annotations GitHub shows per level and step
SUMMARY_ROWS = 15


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def line(f: Finding) -> str:
    props = {
        "file": path_text(relative_posix(f.path)),
        "line": f.line,
        "col": f.column,
        "endLine": f.end_line,
        "endColumn": f.end_column,
        "title": f.rule,
    }
    message = f.message + ("\nInstead: " + " | ".join(f.suggestions) if f.suggestions else "")
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{LEVELS.get(f.severity, 'warning')} {joined}::{escape_data(message)}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def overflow_notice(findings: Sequence[Finding]) -> str | None:
    """One annotation, first of its level so GitHub shows it, when some findings will not be."""
    per_level = Counter(LEVELS.get(f.severity, "warning") for f in findings)
    over = {level: n for level, n in per_level.items() if n > SHOWN_PER_LEVEL}
    if not over:
        return None
    counts = ", ".join(_plural(n, level) for level, n in sorted(over.items()))
    hidden = sum(n - SHOWN_PER_LEVEL for n in over.values())
    where = "the job summary and this step's log" if os.environ.get("GITHUB_STEP_SUMMARY") else "this step's log"
    message = (f"framing-lint found {counts}; GitHub shows only {SHOWN_PER_LEVEL} annotations of each level per step, "
               f"so {_plural(hidden, 'finding')} {'is' if hidden == 1 else 'are'} not annotated. All of them are in {where}; "
               "for every finding on the pull request, upload --format sarif to code scanning.")
    return f"::notice title=framing-lint::{escape_data(message)}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def step_summary(findings: Sequence[Finding], context: Context) -> str:
    """Markdown for the job summary: totals, then the rules and files with most findings."""
    files = context.files or len(context.checked)
    with_findings = len({f.path for f in findings})
    out = [f"### framing-lint: {_plural(len(findings), 'finding')} in {with_findings} of {_plural(files, 'file')}", ""]
    if context.baselined:
        out += [f"{_plural(context.baselined, 'finding')} recorded in the baseline {'is' if context.baselined == 1 else 'are'} not counted.", ""]
    if context.errors:
        out += [f"**{_plural(len(context.errors), 'file')} could not be read:** "
                + ", ".join(f"`{relative_posix(getattr(e, 'path', str(e)))}`" for e in context.errors[:SUMMARY_ROWS]), ""]
    if not findings:
        return "\n".join(out) + "\n"
    severities = Counter(f.severity for f in findings)
    out += ["| Severity | Findings |", "|---|---:|"]
    out += [f"| {s} | {severities[s]} |" for s in ("error", "warning", "info") if severities[s]]
    rules = Counter((f.rule, f.category, f.severity) for f in findings)
    out += ["", "| Rule | Category | Severity | Findings |", "|---|---|---|---:|"]
    out += [f"| `{r}` | {c} | {s} | {n} |" for (r, c, s), n in rules.most_common(SUMMARY_ROWS)]
    if len(rules) > SUMMARY_ROWS:
        out.append(f"| … {len(rules) - SUMMARY_ROWS} more | | | |")
    by_file = Counter(relative_posix(f.path) for f in findings)
    out += ["", "| File | Findings |", "|---|---:|"]
    out += [f"| `{_cell(p)}` | {n} |" for p, n in by_file.most_common(SUMMARY_ROWS)]
    if len(by_file) > SUMMARY_ROWS:
        out.append(f"| … {len(by_file) - SUMMARY_ROWS} more files | |")
    notice = overflow_notice(findings)
    if notice:
        out += ["", f"GitHub annotates at most {SHOWN_PER_LEVEL} findings of each level per step; the full list is in the step's log."]
    return "\n".join(out) + "\n"


def render(findings: Sequence[Finding], context: Context) -> str:
    lines = [line(f) for f in findings]
    notice = overflow_notice(findings)
    if notice:
        lines.insert(0, notice)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8") as out:  # other steps' summaries stay
                out.write(step_summary(findings, context))
        except OSError as exc:
            lines.append(f"::warning title=framing-lint::{escape_data(f'could not write the job summary {summary_file}: {exc.strerror or exc}')}")
    return "".join(entry + "\n" for entry in lines)
