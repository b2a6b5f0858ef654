"""The hover on a finding: what `framing-lint rules explain` shows, for the finding under
the cursor (its message, why it matters, what to write instead, examples, the fix)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from framing_lint.findings import Finding

if TYPE_CHECKING:
    from framing_lint.rules.model import Rule

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>#|"})


def _md(text: str) -> str:
    return text.translate(_MD_SPECIAL)


def explain(finding: Finding, rule: Rule | None, markdown: bool = True) -> str:
    """Markdown (or plain text) for a finding; ``rule`` None for a finding without one
    (a directive naming an unknown rule)."""
    esc = _md if markdown else (lambda s: s)
    bold = (lambda s: f"**{s}**") if markdown else (lambda s: s)
    head = f"{bold(esc(finding.rule))} · {esc(finding.category)} · {finding.severity}"
    lines = [head, "", esc(finding.message)]
    if rule is None:
        return "\n".join(lines)
    if rule.rationale:
        lines += ["", bold("Why it matters"), "", esc(" ".join(rule.rationale.split()))]
    if rule.alternatives:
        lines += ["", bold("Write instead"), ""] + [f"- {esc(a)}" for a in rule.alternatives]
    flagged = rule.examples.flag + rule.examples.flag_trained
    passed = rule.examples.pass_ + rule.examples.pass_trained
    if flagged or passed:
        lines += ["", bold("Examples"), ""]
        lines += [f"- ✗ {esc(e)}" for e in flagged[:3]]
        lines += [f"- ✓ {esc(e)}" for e in passed[:3]]
    if rule.fix:
        kind = "safe" if rule.fix.safe else "unsafe: check the sentence after"
        lines += ["", f"{bold('Fix')} ({kind}): {esc(rule.fix.replace)}"]
    lines += ["", f"`framing-lint rules explain {rule.id}`" if markdown else f"framing-lint rules explain {rule.id}"]
    return "\n".join(lines)
