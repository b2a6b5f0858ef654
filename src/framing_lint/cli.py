"""The ``framing-lint`` command: parses options, calls the API, picks a reporter.

Exit codes follow the linters people know: 0 nothing found, 1 findings at or above
``--fail-on``, 2 usage, configuration, rule-file or unreadable-file errors.
"""
from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from framing_lint import __version__
from framing_lint.reporters import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# Progress is shown only when this many files are scanned in a terminal.
PROGRESS_MIN_FILES = 20


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values for v in raw.split(",") if v.strip())


def _models(values: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for raw in values:
        if "=" not in raw:
            raise click.BadParameter(f"{raw!r}: use LANG=NAME, e.g. en=en_core_web_sm or fr=none", param_hint="--model")
        lang, name = raw.split("=", 1)
        out[lang.strip()] = name.strip()
    return out


def _fail(message: str) -> None:
    click.echo(f"framing-lint: error: {message}", err=True)
    raise SystemExit(EXIT_ERROR)


def _load_config(config_file: str | None, **overrides: object):  # type: ignore[no-untyped-def]
    from framing_lint.config import ConfigError, discover, load_file, validate

    try:
        if config_file:
            path = Path(config_file)
            if not path.is_file():
                _fail(f"config file {config_file!r} not found")
            cfg = load_file(path)
            if cfg is None:
                _fail(f"{config_file}: no [tool.framing-lint] section")
        else:
            cfg = discover()
        models = overrides.pop("models", None)
        if models:
            overrides["models"] = {**cfg.models, **models}  # type: ignore[dict-item]
        severity = overrides.pop("severity", None)
        cfg = cfg.merged(**overrides)
        if severity:
            cfg = cfg.merged(severity={**cfg.severity, **severity})  # type: ignore[dict-item]
        validate(cfg)
        return cfg
    except ConfigError as exc:
        _fail(str(exc))


def _check_selectors(cfg) -> None:  # type: ignore[no-untyped-def]
    """Unknown --select / --ignore names are a usage error (a typo must not silently select nothing)."""
    if not (cfg.select or cfg.ignore):
        return
    import fnmatch

    from framing_lint.api import all_rules

    rules = all_rules(cfg)
    names = {r.id for r in rules} | {r.category for r in rules}
    for sel in (*cfg.select, *cfg.ignore):
        if sel not in names and not any(fnmatch.fnmatchcase(r.id, sel) for r in rules):
            _fail(f"unknown rule or category {sel!r} in --select/--ignore; see 'framing-lint rules list'")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="framing-lint")
def cli() -> None:
    """Find words that push the customer away, and say what to write instead."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(list(REPORTERS)), default="text", show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Only these rule ids or categories (comma-separated; globs like 'target-*').")
@click.option("--ignore", multiple=True, help="Skip these rule ids or categories.")
@click.option("--language", type=click.Choice(["auto", "en", "fr"]), default=None, help="Language of the documents [default: auto-detect per document].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Config file (.framing-lint.yaml or pyproject.toml).")
@click.option("--model", "models", multiple=True, metavar="LANG=NAME", help="spaCy pipeline for a language (package name or path; 'none' for the lexical mode).")
@click.option("--stdin-filename", help="File name for text read from '-' (picks the format, names findings).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary or progress.")
@click.option("--statistics", is_flag=True, help="Also print counts per rule and per category.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file.")
@click.option("--no-progress", is_flag=True, help="Never show a progress bar.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Processes to use over files [default: number of CPUs].")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files; with '-', print the whole fixed text.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply the fixes a reader should check.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff, write nothing; exit 1 if there are any.")
def check(paths: tuple[str, ...], output_format: str, select: tuple[str, ...], ignore: tuple[str, ...],
          language: str | None, config_file: str | None, models: tuple[str, ...], stdin_filename: str | None,
          fail_on: str | None, exit_zero: bool, quiet: bool, statistics: bool, output_file: str | None,
          no_progress: bool, jobs: int | None, fix: bool, unsafe_fixes: bool, diff: bool) -> None:
    """Lint files and folders (default: the current folder); '-' reads standard input."""
    from framing_lint import nlp
    from framing_lint.api import FileError, lint_text
    from framing_lint.config import ConfigError
    from framing_lint.findings import Finding
    from framing_lint.rules.errors import RuleFileError

    nlp.fast_load = True
    cfg = _load_config(
        config_file, select=_split(select) or None, ignore=_split(ignore) or None, language=language,
        models=_models(models), fail_on=fail_on,
    )
    findings: list[Finding] = []
    errors: list[FileError] = []
    sources: dict[str, str] = {}
    checked: list[str] = []
    diffs: list[str] = []
    files = 0
    if unsafe_fixes and not (fix or diff):
        raise click.UsageError("--unsafe-fixes needs --fix or --diff")
    if (fix or diff) and "-" in paths and len(paths) > 1:
        raise click.UsageError("--fix and --diff read '-' alone: give no other paths")
    try:
        _check_selectors(cfg)
        if not paths:
            paths = (".",)
        if "-" in paths:
            data = sys.stdin.buffer.read()
            name = stdin_filename or "-"
            if fix or diff:
                raise SystemExit(_fix_stdin(data, name, cfg, unsafe=unsafe_fixes, diff=diff, exit_zero=exit_zero))
            from framing_lint.sourcefile import SourceError, decode

            try:
                # Same decoding as files: BOMs, UTF-16, legacy encodings.
                text = decode(data, name)[0]
            except SourceError as exc:
                errors.append(FileError(name, getattr(exc, "reason", str(exc))))
                text = None
            if text is not None:
                findings += lint_text(text, filename=name, config=cfg)
                sources[name] = text
                files += 1
            paths = tuple(p for p in paths if p != "-")
        if paths:
            from framing_lint.api import iter_paths

            for p in paths:
                if not Path(p).exists():
                    errors.append(FileError(p, "no such file or folder"))
            targets = iter_paths([p for p in paths if Path(p).exists()], cfg)
            show_progress = not quiet and not no_progress and sys.stderr.isatty() and len(targets) >= PROGRESS_MIN_FILES
            progress = None
            if show_progress:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                progress = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                    console=Console(stderr=True), transient=True)
                task = progress.add_task("lint", total=len(targets))
                progress.start()
            try:
                from framing_lint.parallel import default_jobs, lint_files

                for path, (got, error, skipped) in zip(targets, lint_files(targets, cfg, jobs or default_jobs())):
                    if error:
                        errors.append(error)
                    elif not skipped:
                        files += 1
                        checked.append(str(path))
                    findings += got
                    if progress:
                        progress.advance(task)
            finally:
                if progress:
                    progress.stop()
        if fix or diff:
            from framing_lint.fixes import fix_findings

            fixed = fix_findings(findings, cfg, unsafe=unsafe_fixes, write=not diff)
            findings, diffs = fixed.findings, fixed.diffs
            errors += [FileError(p, m) for p, m in fixed.errors]
            for p, m in fixed.notices:
                click.echo(f"framing-lint: warning: {p}: {m}", err=True)
            if not quiet:
                n, nf = fixed.fixed, fixed.files
                click.echo(f"{'Would fix' if diff else 'Fixed'} {n} finding{'s' if n != 1 else ''} in {nf} file{'s' if nf != 1 else ''}.", err=True)
    except (ConfigError, RuleFileError, nlp.ModelError) as exc:
        _fail(str(exc))

    if diff:
        _emit("".join(diffs), output_file)
        for error in errors:
            click.echo(f"framing-lint: error: {error}", err=True)
        raise SystemExit(EXIT_ERROR if errors else EXIT_FINDINGS if diffs else EXIT_OK)

    from framing_lint import reporters

    to_terminal = output_file is None and sys.stdout.isatty()
    if to_terminal:
        for f in findings:
            if f.path not in sources and Path(f.path).is_file():
                try:
                    from framing_lint.sourcefile import read_source

                    src = read_source(Path(f.path))
                    if src is not None:
                        sources[f.path] = src.text
                except Exception:  # noqa: BLE001 - carets are a nicety; never fail the run for them
                    pass
    rules_by_id: dict[str, object] = {}
    if output_format == "sarif":
        from framing_lint.api import all_rules
        from framing_lint.engine import select_rules

        rules_by_id = {r.id: r for r in select_rules(all_rules(cfg), cfg.select, cfg.ignore)}
    context = reporters.Context(color=to_terminal, show_source=to_terminal, sources=sources, files=files,
                                statistics=statistics, checked=checked, rules=rules_by_id)
    output = reporters.get(output_format)(findings, context)
    if quiet and output_format == "text":
        output = "\n".join(line for line in output.splitlines() if not line.startswith(("Found ", "Explain "))).strip()
        output = output + "\n" if output else ""
    _emit(output, output_file)
    if statistics and output_format != "text" and findings:
        from framing_lint.reporters.text import render_statistics

        click.echo(render_statistics(findings), err=True)  # machine formats keep stdout parseable
    for error in errors:
        click.echo(f"framing-lint: error: {error}", err=True)
    if errors:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(_exit_code(findings, cfg, exit_zero))


def _emit(output: str, output_file: str | None) -> None:
    if output_file:
        try:
            Path(output_file).write_text(output, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output_file}: {exc.strerror or exc}")
    elif output:
        click.echo(output, nl=False)


def _exit_code(findings, cfg, exit_zero: bool) -> int:  # type: ignore[no-untyped-def]
    from framing_lint.severity import SEVERITY_RANK

    threshold = SEVERITY_RANK[cfg.fail_on]
    failing = [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= threshold]
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_OK


def _fix_stdin(data: bytes, name: str, cfg, *, unsafe: bool, diff: bool, exit_zero: bool) -> int:  # type: ignore[no-untyped-def]
    """An editor pipes a buffer: stdout gets the whole fixed text and nothing else (or the diff).

    Whatever goes wrong, the buffer comes back unchanged, so a filter never empties it.
    """
    from framing_lint.fixes import FixError, fix_bytes

    try:
        fixed = fix_bytes(data, name, cfg, unsafe=unsafe)
        out = fixed.diff().encode("utf-8") if diff else fixed.encoded()
    except BaseException as exc:
        if not diff:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        if isinstance(exc, FixError):
            click.echo(f"framing-lint: error: {name}: {exc}", err=True)
            return EXIT_ERROR
        raise
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if diff:
        return EXIT_FINDINGS if out else EXIT_OK
    return _exit_code(fixed.result.findings, cfg, exit_zero)


@cli.group()
def rules() -> None:
    """List, explain and test rules."""


def _rules_or_fail(cfg, files: Sequence[str] = ()):  # type: ignore[no-untyped-def]
    from framing_lint.api import all_rules
    from framing_lint.config import ConfigError
    from framing_lint.rules.loader import Problem, RuleFileError, check_unique, load_pack

    try:
        if files:
            problems: list[Problem] = []
            out = []
            from framing_lint.rules.loader import read_yaml

            for f in files:
                if not Path(f).is_file():
                    _fail(f"rule file {f!r} not found")
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
        _fail(str(exc))


@rules.command("list")
@click.option("--language", type=click.Choice(["en", "fr"]), default=None, help="Only this language.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def rules_list(language: str | None, config_file: str | None, output_format: str) -> None:
    """Every rule that is on, with its category, severity and message."""
    cfg = _load_config(config_file)
    rs = [r for r in _rules_or_fail(cfg) if language is None or r.language == language]
    if output_format == "json":
        import json

        click.echo(json.dumps([{"id": r.id, "language": r.language, "pack": r.pack, "category": r.category,
                                "severity": r.severity, "message": r.message} for r in rs], ensure_ascii=False, indent=2))
        return
    width = max((len(r.id) for r in rs), default=2)
    for r in rs:
        click.echo(f"{r.id:<{width}}  {r.language}  {r.category:<12} {r.severity:<8} {r.message}")
    click.echo(f"\n{len(rs)} rules")


@rules.command("explain")
@click.argument("rule_id")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def rules_explain(rule_id: str, config_file: str | None) -> None:
    """Why a rule exists, what to write instead, and its examples."""
    cfg = _load_config(config_file)
    rs = {r.id: r for r in _rules_or_fail(cfg)}
    rule = rs.get(rule_id)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(rule_id, rs, n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else " See 'framing-lint rules list'."
        _fail(f"unknown rule {rule_id!r}.{hint}")
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
    click.echo("\n".join(lines))


@rules.command("test")
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--mode", type=click.Choice(["lexical", "trained", "both"]), default="both", show_default=True,
              help="Lexical: no trained pipeline. Trained: with the installed pipeline (skipped for a language without one).")
@click.option("--model", "models", multiple=True, metavar="LANG=NAME", help="spaCy pipeline for a language in trained mode.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def rules_test(files: tuple[str, ...], mode: str, models: tuple[str, ...], config_file: str | None) -> None:
    """Run each rule's own examples (default: the rules that are on; or the given pack files)."""
    from framing_lint import nlp
    from framing_lint.rules.selftest import check_rules

    cfg = _load_config(config_file, models=_models(models))
    rs = _rules_or_fail(cfg, files)
    failures = []
    total = 0
    modes = ["lexical", "trained"] if mode == "both" else [mode]
    try:
        for m in modes:
            checked, failed = check_rules(rs, m, cfg.models)
            total += checked
            failures += failed
            langs = sorted({r.language for r in rs})
            if m == "trained":
                for lang in langs:
                    name = nlp.find_model(lang, cfg.models.get(lang))
                    click.echo(f"trained mode, {lang}: " + (f"pipeline {name}" if name else "no trained pipeline installed, skipped"))
    except nlp.ModelError as exc:
        _fail(str(exc))
    for f in failures:
        click.echo(str(f))
    click.echo(f"{len(rs)} rules, {total} examples checked, {len(failures)} failed")
    raise SystemExit(EXIT_FINDINGS if failures else EXIT_OK)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="framing-lint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return EXIT_ERROR
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
