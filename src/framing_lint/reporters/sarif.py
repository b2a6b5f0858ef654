"""SARIF 2.1.0, as GitHub code scanning and other dashboards read it.

Each rule's own documentation travels with it: the message is the short description, the
rationale the full one, and what to write instead the help.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from framing_lint import __version__
from framing_lint.findings import Finding
from framing_lint.reporters import Context, relative_posix

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# The fingerprint's name says what it is made of, so a future change of recipe gets a new
# name instead of breaking every tracked finding (see Finding.fingerprint).
FINGERPRINT = "framingLint/ruleSentence/v1"


def _repository() -> str | None:
    """The project's repository address from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("framing-lint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("repository", "source"):
            return url.strip().rstrip("/").removesuffix(".git")
    return None


def help_uri(rule: Any, repository: str | None) -> str | None:
    """Where a shipped rule is defined, with its rationale and examples: its line in the
    pack file of the project's repository. Organisations' own rules have none."""
    from pathlib import Path

    if not repository or not rule.file:
        return None
    from framing_lint.rules.location import shipped_dir

    try:
        relative = Path(rule.file).resolve().relative_to(shipped_dir().resolve()).as_posix()
    except (ValueError, OSError, FileNotFoundError):
        return None
    return f"{repository}/blob/v{__version__}/rules/{quote(relative)}#L{rule.line}"


def _descriptor(rule: Any, repository: str | None) -> dict[str, Any]:
    alternatives = list(rule.alternatives)
    help_text = "Write instead: " + "; ".join(alternatives) if alternatives else rule.rationale
    help_md = f"{rule.rationale}\n\n**Write instead:**\n\n" + "\n".join(f"- {a}" for a in alternatives)
    if rule.examples.flag:
        help_md += "\n\n**Flagged:**\n\n" + "\n".join(f"- {e}" for e in rule.examples.flag)
    descriptor = {
        "id": rule.id,
        "shortDescription": {"text": rule.message.replace("{match}", "…")},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {"tags": [rule.category, rule.language], "category": rule.category, "pack": rule.pack},
    }
    uri = help_uri(rule, repository)
    if uri:
        descriptor["helpUri"] = uri
    return descriptor


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
    """(uri, relative?); the file system's own bytes are percent-encoded, so a name that is
    not valid UTF-8 keeps its exact bytes (``caf%E9.md``)."""
    rel = os.fsencode(relative_posix(path))
    if rel.startswith(b"/"):
        return "file://" + quote(rel), False
    return quote(rel), True


def _artifact(path: str) -> dict[str, Any]:
    uri, relative = _uri(path)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    return artifact


def _result(f: Finding, index: int) -> dict[str, Any]:
    # No SARIF "fixes": a finding's fix is not the whole edit (the article before it may
    # change too); `framing-lint check --fix` applies them.
    artifact = _artifact(f.path)
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
        "partialFingerprints": {FINGERPRINT: f.fingerprint()},
        "properties": {"category": f.category},
    }


def _utc(iso: str) -> str | None:
    import datetime

    try:
        when = datetime.datetime.fromisoformat(iso)
    except ValueError:
        return None
    return when.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _invocation(context: Context) -> dict[str, Any]:
    """The run itself: whether it completed, and the files that could not be read (they
    are not results: no rule found anything in them; code scanning shows them as tool
    notifications)."""
    notes = []
    for error in context.errors:
        path, message, line = getattr(error, "path", ""), getattr(error, "message", str(error)), getattr(error, "line", 0)
        location: dict[str, Any] = {"physicalLocation": {"artifactLocation": _artifact(path)}}
        if line:
            location["physicalLocation"]["region"] = {"startLine": line}
        notes.append({
            "level": "error",
            "message": {"text": f"{relative_posix(path)}: {message}"},
            "locations": [location],
            "descriptor": {"id": "unreadable-file"},
        })
    invocation: dict[str, Any] = {"executionSuccessful": not notes, "toolExecutionNotifications": notes}
    start = _utc(context.started) if context.started else None
    if start:
        invocation["startTimeUtc"] = start
        invocation["endTimeUtc"] = _utc(__import__("datetime").datetime.now().astimezone().isoformat())
    return invocation


def render(findings: Sequence[Finding], context: Context) -> str:
    repository = _repository() if context.rules else None
    descriptors = [_descriptor(context.rules[r], repository) for r in sorted(context.rules)]
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
            "invocations": [_invocation(context)],
            "results": [_result(f, index[f.rule]) for f in findings],
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
