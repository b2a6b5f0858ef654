"""The ``framing-lint`` command: parses options, calls the API, picks a reporter.

Exit codes follow the linters people know: 0 nothing found, 1 findings at or above
``--fail-on``, 2 usage, configuration, rule-file or unreadable-file errors.

Options are parsed with the standard library's argparse: an editor runs the command on
every save, and a command-line framework costs ~35 ms of imports per run.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from framing_lint import __version__
from framing_lint.reporters import REPORTERS

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
# Progress is shown only when this many files are scanned in a terminal.
PROGRESS_MIN_FILES = 20


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for raw in values for v in raw.split(",") if v.strip())


def _model(raw: str) -> tuple[str, str]:
    if "=" not in raw:
        raise argparse.ArgumentTypeError(f"{raw!r}: use LANG=NAME, e.g. en=en_core_web_sm or fr=none")
    lang, name = raw.split("=", 1)
    return lang.strip(), name.strip()


def _positive(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{raw} is not at least 1")
    return value


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print to stdout or stderr; characters the stream cannot encode are escaped, not fatal."""
    stream = sys.stderr if err else sys.stdout
    text = text + "\n" if nl else text
    try:
        stream.write(text)
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
    stream.flush()


def _fail(message: str) -> None:
    echo(f"framing-lint: error: {message}", err=True)
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


def check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Lint files and folders (default: the current folder); '-' reads standard input."""
    paths: tuple[str, ...] = tuple(args.paths)
    output_format, quiet, statistics, output_file = args.output_format, args.quiet, args.statistics, args.output_file
    stdin_filename, exit_zero, no_progress, jobs = args.stdin_filename, args.exit_zero, args.no_progress, args.jobs
    fix, unsafe_fixes, diff = args.fix, args.unsafe_fixes, args.diff
    from framing_lint import nlp
    from framing_lint.api import FileError, lint_text
    from framing_lint.config import ConfigError
    from framing_lint.findings import Finding
    from framing_lint.rules.errors import RuleFileError

    nlp.fast_load = True
    if unsafe_fixes and not (fix or diff):
        parser.error("--unsafe-fixes needs --fix or --diff")
    if (fix or diff) and "-" in paths and len(paths) > 1:
        parser.error("--fix and --diff read '-' alone: give no other paths")
    cfg = _load_config(
        args.config_file, select=_split(args.select) or None, ignore=_split(args.ignore) or None, language=args.language,
        models=dict(args.models), fail_on=args.fail_on,
    )
    findings: list[Finding] = []
    errors: list[FileError] = []
    sources: dict[str, str] = {}
    checked: list[str] = []
    diffs: list[str] = []
    files = 0
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
                echo(f"framing-lint: warning: {p}: {m}", err=True)
            if not quiet:
                n, nf = fixed.fixed, fixed.files
                echo(f"{'Would fix' if diff else 'Fixed'} {n} finding{'s' if n != 1 else ''} in {nf} file{'s' if nf != 1 else ''}.", err=True)
    except (ConfigError, RuleFileError, nlp.ModelError) as exc:
        _fail(str(exc))

    if diff:
        _emit("".join(diffs), output_file)
        for error in errors:
            echo(f"framing-lint: error: {error}", err=True)
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

        echo(render_statistics(findings), err=True)  # machine formats keep stdout parseable
    for error in errors:
        echo(f"framing-lint: error: {error}", err=True)
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
        echo(output, nl=False)


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
            echo(f"framing-lint: error: {name}: {exc}", err=True)
            return EXIT_ERROR
        raise
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    if diff:
        return EXIT_FINDINGS if out else EXIT_OK
    return _exit_code(fixed.result.findings, cfg, exit_zero)


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


def rules_list(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Every rule that is on, with its category, severity and message."""
    cfg = _load_config(args.config_file)
    rs = [r for r in _rules_or_fail(cfg) if args.language is None or r.language == args.language]
    if args.output_format == "json":
        import json

        echo(json.dumps([{"id": r.id, "language": r.language, "pack": r.pack, "category": r.category,
                                "severity": r.severity, "message": r.message} for r in rs], ensure_ascii=False, indent=2))
        return
    width = max((len(r.id) for r in rs), default=2)
    for r in rs:
        echo(f"{r.id:<{width}}  {r.language}  {r.category:<12} {r.severity:<8} {r.message}")
    echo(f"\n{len(rs)} rules")


def rules_explain(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Why a rule exists, what to write instead, and its examples."""
    rule_id = args.rule_id
    cfg = _load_config(args.config_file)
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
    echo("\n".join(lines))


def rules_test(args: argparse.Namespace, parser: argparse.ArgumentParser) -> None:
    """Run each rule's own examples (default: the rules that are on; or the given pack files)."""
    from framing_lint import nlp
    from framing_lint.rules.selftest import check_rules

    mode = args.mode
    cfg = _load_config(args.config_file, models=dict(args.models))
    rs = _rules_or_fail(cfg, args.files)
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
                    echo(f"trained mode, {lang}: " + (f"pipeline {name}" if name else "no trained pipeline installed, skipped"))
    except nlp.ModelError as exc:
        _fail(str(exc))
    for f in failures:
        echo(str(f))
    echo(f"{len(rs)} rules, {total} examples checked, {len(failures)} failed")
    raise SystemExit(EXIT_FINDINGS if failures else EXIT_OK)


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, minus ``import shutil`` on every ``add_argument`` (~4 ms)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, width or _terminal_width() - 2)


def _terminal_width() -> int:
    import os

    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="framing-lint", description="Find words that push the customer away, and say what to write instead.",
        formatter_class=_HelpFormatter)
    parser.add_argument("--version", action="version", version=f"framing-lint, version {__version__}")
    parser.set_defaults(run=None, command_parser=parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    c = commands.add_parser("check", formatter_class=_HelpFormatter, help="Lint files and folders; '-' reads standard input.",
                            description="Lint files and folders (default: the current folder); '-' reads standard input.")
    c.add_argument("paths", nargs="*", metavar="PATH")
    c.add_argument("--format", dest="output_format", choices=list(REPORTERS), default="text", help="Output format [default: text].")
    c.add_argument("--select", action="append", default=[], metavar="RULES",
                   help="Only these rule ids or categories (comma-separated; globs like 'target-*').")
    c.add_argument("--ignore", action="append", default=[], metavar="RULES", help="Skip these rule ids or categories.")
    c.add_argument("--language", choices=["auto", "en", "fr"], default=None,
                   help="Language of the documents [default: auto-detect per document].")
    c.add_argument("--config", dest="config_file", metavar="FILE", help="Config file (.framing-lint.yaml or pyproject.toml).")
    c.add_argument("--model", dest="models", action="append", default=[], type=_model, metavar="LANG=NAME",
                   help="spaCy pipeline for a language (package name or path; 'none' for the lexical mode).")
    c.add_argument("--stdin-filename", metavar="NAME", help="File name for text read from '-' (picks the format, names findings).")
    c.add_argument("--fail-on", choices=["error", "warning", "info"], default=None,
                   help="Lowest severity that makes the exit code 1 [default: warning].")
    c.add_argument("--exit-zero", action="store_true", help="Exit 0 even when there are findings.")
    c.add_argument("--quiet", "-q", action="store_true", help="Print findings only, no summary or progress.")
    c.add_argument("--statistics", action="store_true", help="Also print counts per rule and per category.")
    c.add_argument("--output-file", "-o", metavar="FILE", help="Write the report to this file.")
    c.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")
    c.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                   help="Processes to use over files [default: number of CPUs].")
    c.add_argument("--fix", action="store_true", help="Apply safe fixes to the files; with '-', print the whole fixed text.")
    c.add_argument("--unsafe-fixes", action="store_true", help="With --fix or --diff, also apply the fixes a reader should check.")
    c.add_argument("--diff", action="store_true", help="Print the fixes as a unified diff, write nothing; exit 1 if there are any.")
    c.set_defaults(run=check, command_parser=c)

    r = commands.add_parser("rules", formatter_class=_HelpFormatter, help="List, explain and test rules.", description="List, explain and test rules.")
    r.set_defaults(run=None, command_parser=r)
    rules = r.add_subparsers(dest="rules_command", metavar="COMMAND")
    rl = rules.add_parser("list", formatter_class=_HelpFormatter, help="Every rule that is on.", description="Every rule that is on, with its category, severity and message.")
    rl.add_argument("--language", choices=["en", "fr"], default=None, help="Only this language.")
    rl.add_argument("--config", dest="config_file", metavar="FILE")
    rl.add_argument("--format", dest="output_format", choices=["text", "json"], default="text")
    rl.set_defaults(run=rules_list, command_parser=rl)
    re_ = rules.add_parser("explain", formatter_class=_HelpFormatter, help="Why a rule exists and what to write instead.",
                           description="Why a rule exists, what to write instead, and its examples.")
    re_.add_argument("rule_id", metavar="RULE_ID")
    re_.add_argument("--config", dest="config_file", metavar="FILE")
    re_.set_defaults(run=rules_explain, command_parser=re_)
    rt = rules.add_parser("test", formatter_class=_HelpFormatter, help="Run each rule's own examples.",
                          description="Run each rule's own examples (default: the rules that are on; or the given pack files).")
    rt.add_argument("files", nargs="*", metavar="FILE")
    rt.add_argument("--mode", choices=["lexical", "trained", "both"], default="both",
                    help="Lexical: no trained pipeline. Trained: with the installed pipeline (skipped for a language "
                         "without one) [default: both].")
    rt.add_argument("--model", dest="models", action="append", default=[], type=_model, metavar="LANG=NAME",
                    help="spaCy pipeline for a language in trained mode.")
    rt.add_argument("--config", dest="config_file", metavar="FILE")
    rt.set_defaults(run=rules_test, command_parser=rt)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(argv) if argv is not None else None)
        if args.run is None:  # "framing-lint" or "framing-lint rules" alone: show what there is
            args.command_parser.print_help(sys.stderr)
            return EXIT_ERROR
        args.run(args, args.command_parser)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) or exc.code is None else EXIT_ERROR
    except KeyboardInterrupt:
        echo("Aborted.", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
