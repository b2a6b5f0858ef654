"""Run every rule's own examples: ``flag`` must produce the rule, ``pass`` must not.

The project's test suite and ``framing-lint rules test`` both call :func:`check_rules`, so an
organisation tests its own pack exactly as the shipped ones are tested.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from framing_lint import documents, nlp
from framing_lint.engine import CompiledRules, Options, lint_document, match_case
from framing_lint.fixes import NEVER_SETTLE, fix_text
from framing_lint.rules.model import Rule


@dataclass(frozen=True)
class Failure:
    rule: Rule
    mode: str
    kind: str  # flag | pass | fix
    example: str
    detail: str = ""

    def __str__(self) -> str:
        what = {
            "flag": "should be flagged but is not",
            "pass": "should pass but is flagged",
            "fix": "fix does not give the expected text",
            "fix-again": "fixing the fixed text changes it again (a fix must be idempotent)",
            "fix-self": "its fix is flagged again by the rule itself, so --fix refuses it",
            "fix-loop": "its fix and other rules' fixes lead back to each other, so --fix refuses them",
        }[self.kind]
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.rule.file}:{self.rule.line}: {self.rule.id} [{self.mode}] {what}: {self.example!r}{extra}"


def _findings(compiled: CompiledRules, rule: Rule, text: str, model: str):  # type: ignore[no-untyped-def]
    doc = documents.parse(text, "text")
    return [f for f in lint_document(doc, compiled, "<example>", Options(model=model)) if f.rule == rule.id]


def check_rules(rules: Iterable[Rule], mode: str, models: dict[str, str] | None = None) -> tuple[int, list[Failure]]:
    """``(examples checked, failures)`` in ``mode`` ("lexical" or "trained")."""
    failures: list[Failure] = []
    checked = 0
    rules = list(rules)
    for rule in rules:
        model = _model(rule.language, mode, models)
        if model is None:
            continue
        compiled = CompiledRules.build(rule.language, [rule])  # once per rule, not per example
        flags = list(rule.examples.flag) + (list(rule.examples.flag_trained) if mode == "trained" else [])
        passes = list(rule.examples.pass_) + (list(rule.examples.pass_trained) if mode == "trained" else [])
        for text in flags:
            checked += 1
            if not _findings(compiled, rule, text, model):
                failures.append(Failure(rule, mode, "flag", text))
        for text in passes:
            checked += 1
            got = _findings(compiled, rule, text, model)
            if got:
                failures.append(Failure(rule, mode, "pass", text, "matched " + ", ".join(repr(f.text) for f in got)))
        def lint(t: str, m: str = model, r: Rule = rule, c: CompiledRules = compiled):  # type: ignore[no-untyped-def]
            return documents.parse(t, "text"), _findings(c, r, t, m), r.language

        for before, after in rule.examples.fix:
            checked += 1
            # The real fixer (articles, elision, case), so `rules test` and `--fix` agree.
            got = fix_text(before, lint, unsafe=True)
            if got.refused:
                failures.append(Failure(rule, mode, "fix-self", before, got.refused[0]))
            elif got.text != after:
                failures.append(Failure(rule, mode, "fix", before, f"got {got.text!r}, expected {after!r}"))
        if rule.fix:
            # Every fix is applied twice, to every flagged example: the second time must
            # change nothing (a replacement the rule flags again grows the text on each run).
            for text in flags:
                once = fix_text(text, lint, unsafe=True)
                if once.refused:
                    failures.append(Failure(rule, mode, "fix-self", text, once.refused[0]))
                    break
                twice = fix_text(once.text, lint, unsafe=True)
                if twice.text != once.text or twice.refused:
                    failures.append(Failure(rule, mode, "fix-again", text, f"{once.text!r} became {twice.text!r}"))
                    break
    failures += _fix_loops(rules, mode, models)
    return checked, failures


def _model(language: str, mode: str, models: dict[str, str] | None) -> str | None:
    """The pipeline of ``mode`` for ``language`` ("none" = lexical), None when none is installed."""
    if mode == "lexical":
        return "none"
    model = (models or {}).get(language, "auto")
    return model if nlp.find_model(language, model) is not None else None


def _fix_loops(rules: list[Rule], mode: str, models: dict[str, str] | None) -> list[Failure]:
    """Fixes of several rules that lead back to each other ('alpha' -> 'beta' -> 'alpha'):
    each rule alone passes, so every fixable rule of a language is applied together to
    every flagged example of each of them, as --fix applies them."""
    failures: list[Failure] = []
    by_language: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.fix:
            by_language.setdefault(rule.language, []).append(rule)
    for language, group in sorted(by_language.items()):
        model = _model(language, mode, models)
        if len(group) < 2 or model is None:
            continue
        compiled = CompiledRules.build(language, group)
        ids = {r.id for r in group}

        def lint(t: str, m: str = model, c: CompiledRules = compiled, lang: str = language, keep: set[str] = ids):  # type: ignore[no-untyped-def]
            doc = documents.parse(t, "text")
            return doc, [f for f in lint_document(doc, c, "<example>", Options(model=m)) if f.rule in keep], lang

        for rule in group:
            for text in list(rule.examples.flag) + (list(rule.examples.flag_trained) if mode == "trained" else []):
                refused = fix_text(text, lint, unsafe=True).refused
                loop = [why for why in refused if NEVER_SETTLE in why and repr(rule.id) in why]
                if loop:
                    failures.append(Failure(rule, mode, "fix-loop", text, loop[0]))
                    break
    return failures


__all__ = ["Failure", "check_rules", "match_case"]
