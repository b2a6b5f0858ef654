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
@option("--all", "show_all", is_flag=True, help="Also the rules of shipped packs that are off, and those select/ignore leave out.")
@config_option
@option("--format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format.")
def rules_list(language: str | None, show_all: bool, config: str | None, format: str) -> int:  # noqa: A002
    """The rules that are on, with their effective severity (after the config's 'severity')
    and whether --fix can change them; then the shipped packs."""
    from framing_lint.engine import select_rules

    cfg = load_cli_config(config)
    on = {r.id for r in select_rules(_rules_or_fail(cfg), cfg.select, cfg.ignore)}
    packs = _packs()
    rs = _rules_or_fail(cfg._replace(packs=tuple(packs)) if show_all else cfg)
    if not show_all:
        rs = [r for r in rs if r.id in on]
    rs = [r for r in rs if language is None or r.language == language]
    rows = [{"id": r.id, "language": r.language, "pack": r.pack, "category": r.category,
             "severity": cfg.severity.get(r.id) or cfg.severity.get(r.category) or r.severity,
             "declared_severity": r.severity, "fix": ("safe" if r.fix.safe else "unsafe") if r.fix else None,
             "on": r.id in on, "message": r.message} for r in rs]
    if format == "json":
        import json

        echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return EXIT_OK
    id_w = max((len(r["id"]) for r in rows), default=2)
    pack_w = max((len(r["pack"]) for r in rows), default=4)
    header = f"{'id':<{id_w}}  lang  {'pack':<{pack_w}}  {'category':<12} {'severity':<8} {'fix':<6} "
    echo(header + ("on   " if show_all else "") + "message")
    for r in rows:
        status = ("on   " if r["on"] else "off  ") if show_all else ""
        echo(f"{r['id']:<{id_w}}  {r['language']:<4}  {r['pack']:<{pack_w}}  {r['category']:<12} {r['severity']:<8} "
             f"{r['fix'] or '-':<6} {status}{r['message']}")
    fixable = sum(1 for r in rows if r["fix"])
    echo(f"\n{len(rows)} rules ({fixable} with a fix: 'safe' ones are applied by --fix, 'unsafe' ones only with "
         "--unsafe-fixes).")
    echo("\nShipped packs (turn one on with 'packs: [core, NAME]' in the config):")
    for name, (langs, description) in packs.items():
        state = "on " if name in cfg.packs else "off"
        echo(f"  {state}  {name:<14} ({', '.join(langs)}) {description}")
    return EXIT_OK


def _packs() -> dict[str, tuple[list[str], str]]:
    """Every shipped pack: the languages it exists in and its description."""
    from framing_lint.rules.loader import LANGUAGES, read_yaml, shipped_packs

    out: dict[str, tuple[list[str], str]] = {}
    for lang in LANGUAGES:
        for name, path in shipped_packs(lang).items():
            langs, description = out.get(name, ([], ""))
            if not description:
                data = read_yaml(path)
                raw = data.get("description", "") if isinstance(data, dict) else ""
                description = " ".join(str(raw).split())
            out[name] = ([*langs, lang], description)
    return dict(sorted(out.items(), key=lambda item: (item[0] != "core", item[0])))


@rules.command("explain")
@click.argument("rule_id", metavar="RULE_ID", shell_complete=complete_rule_names)
@config_option
def rules_explain(rule_id: str, config: str | None) -> int:
    """Why a rule exists, what to write instead, and its examples."""
    cfg = load_cli_config(config)
    rs = {r.id: r for r in _rules_or_fail(cfg)}
    rule = rs.get(rule_id)
    from framing_lint.checks import DOCUMENT_CATEGORY, DOCUMENT_CHECKS

    if rule is None and rule_id in DOCUMENT_CHECKS:
        echo(f"{rule_id}  (a check of the document itself, category {DOCUMENT_CATEGORY}, warning)\n\n"
             f"{DOCUMENT_CHECKS[rule_id]}\n\nIgnore it with 'ignore: [{rule_id}]' (or the whole category "
             f"'{DOCUMENT_CATEGORY}'), or change its level with 'severity: {{{rule_id}: info}}'.")
        return EXIT_OK
    if rule is None:
        hint = did_you_mean(rule_id, [*rs, *DOCUMENT_CHECKS]) or " See 'framing-lint rules list'."
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
