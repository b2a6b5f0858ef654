"""``framing-lint rules list | explain | test``: what the rules are, why, and whether their examples hold."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from framing_lint.cli.base import (
    EXIT_FINDINGS,
    EXIT_OK,
    Group,
    ModelType,
    complete_rule_names,
    config_option,
    did_you_mean,
    echo,
    fail,
    load_cli_config,
    option,
)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
def rules() -> None:
    """List, explain and test rules."""


def _rules_or_fail(cfg: Any, files: Sequence[str] = ()) -> list[Any]:
    from framing_lint.api import all_rules
    from framing_lint.config import ConfigError
    from framing_lint.rules.loader import Problem, RuleFileError, check_unique, load_pack, read_yaml

    try:
        if files:
            problems: list[Problem] = []
            out = []
            for f in files:
                if not Path(f).is_file():
                    fail(f"rule file {f!r} not found")
                data = read_yaml(Path(f))
                if isinstance(data, dict) and "classes" in data and "rules" not in data:
                    continue  # a shared word-class file (rules/<lang>/classes.yaml), not a pack
                out += load_pack(Path(f), problems=problems)[2]
            check_unique(out, problems)
            if problems:
                raise RuleFileError(problems)
            return out
        return all_rules(cfg)
    except (ConfigError, RuleFileError) as exc:
        fail(str(exc))


@rules.command("list")
@option("--language", type=click.Choice(["en", "fr"]), default=None, help="Only this language.")
@config_option
@option("--format", "format", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="Output format.")
def rules_list(language: str | None, config: str | None, format: str) -> int:  # noqa: A002
    """Every rule that is on, with its category, severity and message."""
    cfg = load_cli_config(config)
    rs = [r for r in _rules_or_fail(cfg) if language is None or r.language == language]
    if format == "json":
        import json

        echo(json.dumps([{"id": r.id, "language": r.language, "pack": r.pack, "category": r.category,
                          "severity": r.severity, "message": r.message} for r in rs], ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max((len(r.id) for r in rs), default=2)
    for r in rs:
        echo(f"{r.id:<{width}}  {r.language}  {r.category:<12} {r.severity:<8} {r.message}")
    echo(f"\n{len(rs)} rules")
    return EXIT_OK


@rules.command("explain")
@click.argument("rule_id", metavar="RULE_ID", shell_complete=complete_rule_names)
@config_option
def rules_explain(rule_id: str, config: str | None) -> int:
    """Why a rule exists, what to write instead, and its examples."""
    cfg = load_cli_config(config)
    rs = {r.id: r for r in _rules_or_fail(cfg)}
    rule = rs.get(rule_id)
    if rule is None:
        hint = did_you_mean(rule_id, rs) or " See 'framing-lint rules list'."
        fail(f"unknown rule {rule_id!r}.{hint}")
    lines = [
        f"{rule.id}  ({rule.language}, {rule.category}, {rule.severity})",
        "",
        f"What it finds: {rule.message.replace('{match}', '…')}",
        "",
        "Why it matters:",
        f"  {rule.rationale}",
        "",
        "Write instead:",
        *[f"  - {a}" for a in rule.alternatives],
        "",
        "Flagged:",
        *[f"  ✗ {e}" for e in rule.examples.flag + rule.examples.flag_trained],
        "Not flagged:",
        *[f"  ✓ {e}" for e in rule.examples.pass_ + rule.examples.pass_trained],
    ]
    if rule.fix:
        lines += ["", f"Fix ({'safe' if rule.fix.safe else 'unsafe'}): replace with {rule.fix.replace!r}"]
    lines += ["", f"Defined in {rule.file}:{rule.line}"]
    echo("\n".join(lines))
    return EXIT_OK


@rules.command("test")
@click.argument("files", nargs=-1, metavar="[FILE]...", type=click.Path())
@option("--mode", type=click.Choice(["lexical", "trained", "both"]), default="both", show_default=True,
        help="Lexical: no trained pipeline. Trained: with the installed pipeline (skipped for a language without one).")
@option("--model", "model", multiple=True, type=ModelType(), help="spaCy pipeline for a language in trained mode.")
@config_option
def rules_test(files: tuple[str, ...], mode: str, model: tuple[tuple[str, str], ...], config: str | None) -> int:
    """Run each rule's own examples (default: the rules that are on; or the given pack files)."""
    from framing_lint import nlp
    from framing_lint.rules.selftest import check_rules

    cfg = load_cli_config(config, models=dict(model))
    rs = _rules_or_fail(cfg, files)
    failures = []
    total = 0
    modes = ["lexical", "trained"] if mode == "both" else [mode]
    try:
        for m in modes:
            checked, failed = check_rules(rs, m, cfg.models)
            total += checked
            failures += failed
            if m == "trained":
                for lang in sorted({r.language for r in rs}):
                    name = nlp.find_model(lang, cfg.models.get(lang))
                    echo(f"trained mode, {lang}: " + (f"pipeline {name}" if name else "no trained pipeline installed, skipped"))
    except nlp.ModelError as exc:
        fail(str(exc))
    for f in failures:
        echo(str(f))
    echo(f"{len(rs)} rules, {total} examples checked, {len(failures)} failed")
    return EXIT_FINDINGS if failures else EXIT_OK
