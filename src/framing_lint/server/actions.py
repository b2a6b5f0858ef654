"""Code actions as text edits: replace a finding with an alternative, apply every safe
fix, or silence a rule on one line with the comment the format understands.

Edits are ``(start, end, replacement)`` offsets into the text that was linted; the protocol
layer turns them into ranges. Replacements go through the fixer's own planning
(:func:`framing_lint.fixes.plan_edits`), so case and articles come out as ``--fix`` makes
them ("a lead" -> "an interested customer") and markup inside a match is never rewritten.
A suppression comment is only offered once the edited text has been linted again and shows
exactly one finding fewer, with the document's prose blocks unchanged.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from framing_lint.checks import DOCUMENT_CATEGORY
from framing_lint.engine import DIRECTIVE_RULE, match_case
from framing_lint.findings import Finding
from framing_lint.fixes import Edit, FixError, fix_text, plan_edits
from framing_lint.server.workspace import Result

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_BREAK = re.compile(r"\r\n|\r|\n")
# Formats whose comments a reader never sees: a suppression there must not change the prose
# blocks (a comment line inside a Markdown paragraph would split it in two).
_TEXT_LIKE = ("text",)


def _own(finding: Finding) -> bool:
    """A finding of a rule (not a warning about the document or a directive in it)."""
    return finding.rule != DIRECTIVE_RULE and finding.category != DOCUMENT_CATEGORY and finding.end > finding.start


class Replacement(NamedTuple):
    title: str
    edit: Edit
    preferred: bool


def literal_alternatives(alternatives: tuple[str, ...]) -> list[str]:
    """The alternatives that can stand in the text as they are: not advice in parentheses
    ("(start with the news itself)"), not a frame with gaps ("we can't ..., but ...")."""
    return [a for a in alternatives
            if a.strip() and "..." not in a and "…" not in a and not a.lstrip().startswith(("(", "["))]


def replacements(result: Result, finding: Finding) -> list[Replacement]:
    """One edit per way to rewrite the finding: the rule's own fix first, then each literal
    alternative, with the case of the text replaced and its article adjusted."""
    doc = result.document
    if doc is None or not _own(finding):
        return []
    display = " ".join(finding.text.split())
    wanted: list[tuple[str, bool]] = []
    if finding.fix is not None:
        wanted.append((finding.fix, finding.fix_safe))
    for alt in literal_alternatives(finding.suggestions):
        wanted.append((match_case(display, alt), False))
    out: list[Replacement] = []
    seen: set[tuple[int, int, str]] = set()
    for replacement, safe in wanted:
        if not replacement:
            continue
        edits = plan_edits(doc, [finding._replace(fix=replacement, fix_safe=True)], unsafe=True,
                           language=result.language or "en")
        if len(edits) != 1:
            continue  # markup inside the match, or an article that cannot be made right
        e = edits[0]
        if (e.start, e.end, e.replacement) in seen or doc.source[e.start:e.end] == e.replacement:
            continue
        seen.add((e.start, e.end, e.replacement))
        old = " ".join(doc.source[e.start:e.end].split())
        out.append(Replacement(f"Replace '{old}' with '{e.replacement}'", e, safe))
    return out


# -- every safe fix --------------------------------------------------------------------------
def fix_all(result: Result) -> list[Edit]:
    """The edits that turn the buffer into what ``check --fix`` would write (safe fixes,
    pass after pass), as small edits rather than one replacement of the whole text."""
    if result.document is None or result.config is None:
        return []
    if not any(f.fix is not None and f.fix_safe for f in result.findings):
        return []
    try:
        fixed = fix_text(result.text.source, result.relint)
    except FixError:
        return []
    return diff_edits(result.text.source, fixed.text)


def _lines(text: str) -> list[str]:
    return [m.group() for m in _LINE.finditer(text) if m.group()]


def diff_edits(old: str, new: str) -> list[Edit]:
    """Minimal edits from ``old`` to ``new``: changed lines, trimmed to the changed characters."""
    a, b = _lines(old), _lines(new)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = starts[i1], starts[i2]
        before, after = old[start:end], "".join(b[j1:j2])
        prefix = 0
        while prefix < min(len(before), len(after)) and before[prefix] == after[prefix]:
            prefix += 1
        suffix = 0
        while (suffix < min(len(before), len(after)) - prefix
               and before[len(before) - 1 - suffix] == after[len(after) - 1 - suffix]):
            suffix += 1
        edits.append(Edit(start + prefix, end - suffix, after[prefix:len(after) - suffix]))
    return edits


# -- suppression comments --------------------------------------------------------------------
def comment(fmt: str, body: str) -> str:
    """``body`` in the comment syntax of the format (for templates, the template language's
    own comment, which never reaches the reader)."""
    dialect = fmt.split("-", 1)[0]
    if dialect == "jinja":
        return "{# " + body + " #}"
    if dialect == "handlebars":
        return "{{!-- " + body + " --}}"
    if dialect == "mustache":
        return "{{! " + body + " }}"
    if dialect == "liquid":
        return "{% comment %} " + body + " {% endcomment %}"
    if fmt == "rst":
        return ".. " + body
    if fmt == "text":
        return "# " + body
    return "<!-- " + body + " -->"  # markdown, mdx, html


def _outer(fmt: str) -> str:
    """The format around template syntax: 'jinja-text' -> 'text', 'html' -> 'html', and
    'template' for a template whose outer format the parser sniffs ('welcome.hbs')."""
    return fmt.split("-", 1)[1] if "-" in fmt else ("template" if fmt in ("jinja", "handlebars", "mustache", "liquid") else fmt)


def _blocks(prose: str) -> list[str]:
    return [" ".join(b.split()) for b in re.split(r"\n[ \t]*\n", prose) if b.strip()]


def _verified(result: Result, new: str, finding: Finding) -> bool:
    """The edited text lints as the old one minus exactly this finding, with no new warning,
    and (outside plain text) the same prose blocks."""
    old_doc = result.document
    assert old_doc is not None
    try:
        doc, findings, _ = result.relint(new)
    except Exception:  # noqa: BLE001 - a candidate that breaks the parser is simply not offered
        return False
    want = Counter((f.rule, f.text) for f in result.findings)
    want[(finding.rule, finding.text)] -= 1
    if +want != Counter((f.rule, f.text) for f in findings):
        return False
    if len(doc.warnings) > len(old_doc.warnings):
        return False
    return _outer(result.fmt) in _TEXT_LIKE or _blocks(doc.prose.text) == _blocks(old_doc.prose.text)


def _candidates(result: Result, finding: Finding) -> Iterator[tuple[str, list[Edit]]]:
    source = result.text.source
    index = result.text.lines
    rule = finding.rule
    outer = _outer(result.fmt)
    line_no = finding.line
    start = index.starts[line_no - 1]
    line_text = index.line_text(line_no)
    content_end = start + len(line_text)
    # Inserted lines end like this line does (or like the document's first line, or \n).
    m = _BREAK.match(source, content_end) or _BREAK.search(source)
    nl = m.group() if m else "\n"
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    on_line = comment(result.fmt, f"framing-lint: disable-line={rule}")
    next_line = comment(result.fmt, f"framing-lint: disable-next-line={rule}")
    title = f"Disable {rule} on this line"

    def above(text: str, blank: bool = False) -> Edit:
        return Edit(start, start, indent + text + nl + (nl if blank else ""))

    def at_end() -> Edit:
        end = content_end
        trimmed = line_text.rstrip(" \t")
        if outer in ("markdown", "mdx") and trimmed.endswith("\\"):
            trimmed = trimmed[:-1].rstrip(" \t")  # keep a backslash line break at the end
        return Edit(start + len(trimmed), start + len(trimmed), " " + on_line) if trimmed else Edit(end, end, on_line)

    if outer in ("text", "rst"):
        yield title, [above(next_line, blank=outer == "rst")]
        if outer == "text":
            yield title, [at_end()]
    else:
        yield title, [at_end()]
        stripped = line_text.rstrip(" \t")
        if outer in ("markdown", "mdx") and stripped.endswith("|"):
            pipe = start + len(stripped) - 1  # inside the last table cell, not after the row
            yield title, [Edit(pipe, pipe, on_line + " ")]
        yield title, [above(next_line)]
    # Last resort: the whole block between blank lines, with disable ... enable around it.
    first, last = line_no, finding.end_line
    while first > 1 and index.line_text(first - 1).strip():
        first -= 1
    total = len(index.starts)
    while last < total and index.line_text(last + 1).strip():
        last += 1
    block_start = index.starts[first - 1]
    first_text = index.line_text(first)
    block_indent = first_text[: len(first_text) - len(first_text.lstrip(" \t"))]
    end_text = index.line_text(last)
    block_end = index.starts[last - 1] + len(end_text)
    gap = nl if outer == "rst" else ""
    off = comment(result.fmt, f"framing-lint: disable={rule}")
    on = comment(result.fmt, f"framing-lint: enable={rule}")
    yield (f"Disable {rule} in this paragraph",
           [Edit(block_start, block_start, block_indent + off + nl + gap),
            Edit(block_end, block_end, nl + gap + block_indent + on)])


def disable_line(result: Result, finding: Finding) -> tuple[str, list[Edit]] | None:
    """The first suppression comment that silences this finding and nothing else."""
    if result.document is None or result.config is None or not _own(finding):
        return None
    source = result.text.source
    for title, edits in _candidates(result, finding):
        new = source
        for e in sorted(edits, key=lambda e: e.start, reverse=True):
            new = new[: e.start] + e.replacement + new[e.end:]
        if _verified(result, new, finding):
            return title, edits
    return None
