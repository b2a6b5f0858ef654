"""SARIF 2.1.0, as GitHub code scanning and other dashboards read it.

Each rule's own documentation travels with it: the message is the short description, the
rationale the full one, and what to write instead the help.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from framing_lint import __version__
from framing_lint.findings import Finding
from framing_lint.reporters import Context, relative_posix

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def _descriptor(rule: Any) -> dict[str, Any]:
    alternatives = list(rule.alternatives)
    help_text = "Write instead: " + "; ".join(alternatives) if alternatives else rule.rationale
    help_md = f"{rule.rationale}\n\n**Write instead:**\n\n" + "\n".join(f"- {a}" for a in alternatives)
    if rule.examples.flag:
        help_md += "\n\n**Flagged:**\n\n" + "\n".join(f"- {e}" for e in rule.examples.flag)
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.message.replace("{match}", "…")},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.category, rule.language], "category": rule.category, "pack": rule.pack},
    }


def _fallback_descriptor(f: Finding) -> dict[str, Any]:
    """For findings whose rule the context does not carry (directive problems)."""
    return {
        "id": f.rule,
        "shortDescription": {"text": f.message},
        "defaultConfiguration": {"level": LEVELS.get(f.severity, "warning")},
        "properties": {"tags": [f.category], "category": f.category},
    }


def _region(f: Finding) -> dict[str, int]:
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column}


def _uri(path: str) -> tuple[str, bool]:
    """(uri, relative?)"""
    rel = relative_posix(path)
    if rel.startswith("/"):
        return "file://" + quote(rel), False
    return quote(rel), True


def _result(f: Finding, index: int) -> dict[str, Any]:
    # No SARIF "fixes": a finding's fix is not the whole edit (the article before it may
    # change too); `framing-lint check --fix` applies them.
    uri, relative = _uri(f.path)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    return {
        "ruleId": f.rule,
        "ruleIndex": index,
        "kind": "fail",
        "level": LEVELS.get(f.severity, "warning"),
        "message": {"text": f.message + (" Instead: " + " | ".join(f.suggestions) if f.suggestions else "")},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact,
            "region": {**_region(f), "snippet": {"text": f.text}},
        }}],
        "properties": {"category": f.category},
    }


def render(findings: Sequence[Finding], context: Context) -> str:
    descriptors = [_descriptor(context.rules[r]) for r in sorted(context.rules)]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    for f in findings:
        if f.rule not in index:
            index[f.rule] = len(descriptors)
            descriptors.append(_fallback_descriptor(f))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "framing-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "newlineSequences": ["\r\n", "\n", "\r"],
            "results": [_result(f, index[f.rule]) for f in findings],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
