"""``framing-lint check``: lint files, folders or standard input, report, exit 0 / 1 / 2."""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

import click

from framing_lint.cli.base import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    Command,
    ModelType,
    complete_rule_names,
    config_option,
    echo,
    fail,
    make_resolver,
    option,
    split_names,
    warn,
)
from framing_lint.reporters import REPORTERS

# Progress is shown only when this many files are scanned in a terminal.
PROGRESS_MIN_FILES = 20


@click.command(cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, metavar="[PATH]...", type=click.Path())
@option("--format", "format", type=click.Choice(list(REPORTERS)), default="text", show_default=True,
        help="Output format.")
@option("--select", multiple=True, metavar="RULES", shell_complete=complete_rule_names,
        help="Only these rule ids or categories (comma-separated; globs like 'target-*').")
@option("--ignore", multiple=True, metavar="RULES", shell_complete=complete_rule_names,
        help="Skip these rule ids or categories.")
@option("--language", type=click.Choice(["auto", "en", "fr"]), default=None,
        help="Language of the documents [default: auto-detect per document].")
@config_option
@option("--model", "model", multiple=True, type=ModelType(),
        help="spaCy pipeline for a language (package name or path; 'none' for the lexical mode).")
@option("--stdin-filename", metavar="NAME", help="File name for text read from '-' (picks the format, names findings).")
@option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None,
        help="Lowest severity that makes the exit code 1 [default: warning].")
@option("--min-severity", type=click.Choice(["error", "warning", "info"]), default=None,
        help="Hide findings below this severity (they do not count for --fail-on either) [default: info].")
@option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@option("--quiet", "-q", is_flag=True, help="Print findings only, no summary or progress.")
@option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
        help="Colour in the text format; 'auto' honours NO_COLOR and FORCE_COLOR, else colours a terminal.")
@option("--statistics", is_flag=True, help="Also print counts per rule and per category.")
@option("--output-file", "-o", metavar="FILE", type=click.Path(dir_okay=False), help="Write the report to this file.")
@option("--no-progress", is_flag=True, help="Never show a progress bar.")
@option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
        help="Processes to use over files [default: number of CPUs].")
@option("--files-from", metavar="FILE", type=click.File("r", encoding="utf-8", lazy=True),
        help="Lint the files and URLs listed in FILE, one a line ('-': standard input), without walking folders.")
@option("--scheduler", metavar="ADDRESS", envvar="FRAMING_LINT_SCHEDULER",
        help="Lint on a Dask cluster: its scheduler's address (tcp://host:8786). Needs framing-lint[dask].")
@option("--fix", is_flag=True, help="Apply safe fixes to the files; with '-', print the whole fixed text.")
@option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, also apply the fixes a reader should check.")
@option("--diff", is_flag=True, help="Print the fixes as a unified diff, write nothing; exit 1 if there are any.")
@option("--show-settings", is_flag=True, help="Print the settings that apply to the first PATH (or '.') and exit.")
@option("--baseline", metavar="FILE", type=click.Path(dir_okay=False),
        help="Report only findings that are not recorded in this baseline file.")
@option("--write-baseline", metavar="FILE", type=click.Path(dir_okay=False),
        help="Record today's findings in FILE and exit 0 (with --baseline: keep only those still in it).")
@option("--no-cache", is_flag=True, help="Lint every file, even those unchanged since the last run.")
@option("--show-files", is_flag=True, help="List the files that would be linted and exit.")
def check(paths: tuple[str, ...], format: str, select: tuple[str, ...], ignore: tuple[str, ...],  # noqa: A002
          language: str | None, config: str | None, model: tuple[tuple[str, str], ...], stdin_filename: str | None,
          fail_on: str | None, min_severity: str | None, exit_zero: bool, quiet: bool, color: str, statistics: bool, output_file: str | None,
          no_progress: bool, jobs: int | None, files_from: Any, scheduler: str | None, fix: bool, unsafe_fixes: bool,
          diff: bool, show_settings: bool, show_files: bool, baseline: str | None, write_baseline: str | None,
          no_cache: bool) -> int:
    """Lint files and folders (default: the current folder); '-' reads standard input."""
    output_format, config_file, models, baseline_file = format, config, model, baseline
    from framing_lint import nlp
    from framing_lint.api import FileError
    from framing_lint.config import ConfigError
    from framing_lint.findings import Finding
    from framing_lint.rules.errors import RuleFileError
    from framing_lint.runners import RunnerError

    nlp.fast_load = True
    if unsafe_fixes and not (fix or diff):
        raise click.UsageError("--unsafe-fixes needs --fix or --diff")
    if (fix or diff) and "-" in paths and len(paths) > 1:
        raise click.UsageError("--fix and --diff read '-' alone: give no other paths")
    if write_baseline and (fix or diff):
        raise click.UsageError("--write-baseline records findings as they are: run it without --fix or --diff")
    select_names, ignore_names = split_names(select), split_names(ignore)
    resolver = make_resolver(config_file, select=select_names or None, ignore=ignore_names or None, language=language,
                             models=dict(models) or None, fail_on=fail_on, min_severity=min_severity)
    if show_settings:
        from framing_lint.cli.settings import print_settings

        return print_settings(resolver, paths[0] if paths else stdin_filename or ".", "yaml")
    findings: list[Finding] = []
    errors: list[FileError] = []
    sources: dict[str, str] = {}
    diffs: list[str] = []
    files = 0
    recorded = _load_baseline(baseline_file) if baseline_file else None
    # jsonl streams one finding per line as each file is done (not after the whole run).
    stream = _open_stream(output_file) if output_format == "jsonl" and not (fix or diff or write_baseline) else None
    started = _now()
    tally = Tally(keep_checked=output_format in LIST_EVERY_FILE, print_errors=stream is not None, recorded=recorded)

    # A streamed report keeps no findings once written (memory stays flat over millions of
    # files): only one that makes the run fail, for the exit code, unless --statistics needs them all.
    keep_all = stream is None or statistics

    def found(got: list[Finding]) -> None:
        if recorded is not None and not write_baseline:
            got = recorded.filter(got)
        if keep_all:
            findings.extend(got)
        elif got and _exit_code(findings, resolver, False) == EXIT_OK:
            findings.extend(f for f in got if _exit_code([f], resolver, False) == EXIT_FINDINGS)
        if stream is not None and got:
            from framing_lint.reporters.jsonl import render as render_jsonl

            stream.write(render_jsonl(got, None))
            stream.flush()

    try:
        _check_selectors(resolver.default, select_names, ignore_names)
        if files_from is not None and "-" in paths and getattr(files_from, "name", None) in ("-", "<stdin>"):
            raise click.UsageError("--files-from - and '-' both read standard input: give one of them")
        if not paths and files_from is None:
            paths = (".",)
        if show_files:
            return _show_files([p for p in paths if p != "-"], resolver)
        if "-" in paths:
            data = sys.stdin.buffer.read()
            name = stdin_filename or "-"
            cfg = resolver.for_path(name)
            from framing_lint.api import check_names

            check_names(cfg)
            if fix or diff:
                return _fix_stdin(data, name, cfg, unsafe=unsafe_fixes, diff=diff, exit_zero=exit_zero)
            got, error = _lint_stdin(data, name, cfg)
            if error is not None:
                errors.append(error)
            else:
                found(got)
                files += 1
                from framing_lint.sourcefile import SourceError, decode

                try:
                    sources[name] = decode(data, name)[0]  # the source lines under the findings
                except SourceError:
                    pass  # a Word or OpenDocument file: no source lines to show
            paths = tuple(p for p in paths if p != "-")
        if paths:
            got_files, got_errors = _lint_paths(paths, resolver, jobs, scheduler, quiet or no_progress, found, tally,
                                                not no_cache)
            files += got_files
            errors += got_errors
        if files_from is not None:
            got_files, got_errors = _lint_targets(_manifest(files_from), None, resolver, jobs, scheduler,
                                                  quiet or no_progress, found, tally, not no_cache)
            files += got_files
            errors += got_errors
        if fix or diff:
            from framing_lint.fixes import fix_findings

            fixed = fix_findings(findings, resolver, unsafe=unsafe_fixes, write=not diff)
            findings, diffs = fixed.findings, fixed.diffs
            errors += [FileError(p, m) for p, m in fixed.errors]
            for p, m in fixed.notices:
                warn(_about(p, m))
            if not quiet:
                n, nf = fixed.fixed, fixed.files
                echo(f"{'Would fix' if diff else 'Fixed'} {n} finding{'s' if n != 1 else ''} in {nf} file{'s' if nf != 1 else ''}.", err=True)
    except (ConfigError, RuleFileError, nlp.ModelError, RunnerError) as exc:
        fail(str(exc))
    finally:
        if stream is not None and stream is not sys.stdout:
            stream.close()

    if write_baseline:
        return _write_baseline(findings, recorded, write_baseline, errors, quiet)
    if recorded is not None and not quiet:
        gone = recorded.gone(tally.recorded_paths + list(sources))
        if gone:
            warn(f"{gone} finding{'s' if gone != 1 else ''} of the baseline no longer occur{'s' if gone == 1 else ''}; "
                 f"'--baseline {baseline_file} --write-baseline {baseline_file}' drops them from it.")

    if diff:
        _emit("".join(diffs), output_file)
        for error in errors:
            echo(f"framing-lint: error: {_about(*error)}", err=True)
        return EXIT_ERROR if errors else EXIT_FINDINGS if diffs else EXIT_OK

    extra = {"errors": errors, "config": resolver.default, "started": started,
             "baselined": recorded.matched if recorded else 0}
    _report(findings, resolver.default, output_format, output_file, sources, files, tally.checked or [],
            Display(quiet, statistics, color, unsafe_fixes), streamed=stream is not None, extra=extra)
    for error in errors:
        echo(f"framing-lint: error: {_about(*error)}", err=True)
    if errors or tally.printed_errors:
        return EXIT_ERROR
    return _exit_code(findings, resolver, exit_zero)


def _lint_stdin(data: bytes, name: str, cfg: Any) -> tuple[list[Any], Any]:
    """(findings, None) or ([], FileError): decoded as files are (byte-order marks, UTF-16,
    legacy encodings), Word and OpenDocument included; never raises for bad input."""
    from framing_lint import nlp
    from framing_lint.api import FileError, lint_bytes
    from framing_lint.config import ConfigError
    from framing_lint.rules.errors import RuleFileError
    from framing_lint.sourcefile import SourceError

    try:
        return lint_bytes(data, filename=name, config=cfg), None
    except SourceError as exc:
        return [], FileError(name, getattr(exc, "reason", str(exc)))
    except (ConfigError, RuleFileError, nlp.ModelError):
        raise  # the whole run is misconfigured: reported once
    except Exception as exc:  # noqa: BLE001 - reported like any file's internal error
        return [], FileError(name, f"internal error while linting: {exc!r}")


def _check_selectors(cfg: Any, select: tuple[str, ...], ignore: tuple[str, ...]) -> None:
    """Unknown --select / --ignore names are a usage error (a typo must not silently select nothing)."""
    if not (select or ignore):
        return
    import fnmatch

    from framing_lint.api import known_names
    from framing_lint.cli.base import did_you_mean

    names = known_names(cfg)
    for option_name, values in (("--select", select), ("--ignore", ignore)):
        for sel in values:
            if sel not in names and not any(fnmatch.fnmatchcase(n, sel) for n in names):
                hint = did_you_mean(sel, names) or " See 'framing-lint rules list'."
                fail(f"unknown rule or category {sel!r} in {option_name}.{hint}")


def _about(path: str, message: str, line: int = 0) -> str:
    """``path: message`` for standard error, the path written as one-line reports write it
    (a byte that is not UTF-8 as ``\\xNN``, a newline as ``\\n``): one message, one line."""
    from framing_lint.reporters import path_line

    if not path:
        return message
    return f"{path_line(path)}:{line}: {message}" if line else f"{path_line(path)}: {message}"


def _show_files(paths: list[str], resolver: Any) -> int:
    from framing_lint.api import walk_paths

    errors: list[tuple[str, str]] = []
    for f in walk_paths(paths, resolver, on_error=lambda p, m: errors.append((p, m)),
                        on_notice=lambda p, m: warn(_about(p, m))):
        echo(str(f))
    for p, m in errors:
        echo(f"framing-lint: error: {_about(p, m)}", err=True)
    return EXIT_ERROR if errors else EXIT_OK


# Reports that list every file checked, not only those with findings.
LIST_EVERY_FILE = ("junit", "html")


class Tally:
    """What a run keeps per file: counts, and a list only where the report needs one.

    A streamed report (jsonl) prints each file's error as it comes and keeps only how many;
    the list of files checked is kept for the reports that list every file (junit, html);
    with a baseline, only the files it has entries for (to say which entries are gone).
    """

    def __init__(self, *, keep_checked: bool, print_errors: bool, recorded: Any) -> None:
        self.checked: list[str] | None = [] if keep_checked else None
        self.print_errors = print_errors
        self.printed_errors = 0
        self.recorded = recorded
        self.recorded_paths: list[str] = []  # files linted that the baseline has entries for

    def linted(self, path: str) -> None:
        if self.checked is not None:
            self.checked.append(path)
        if self.recorded is not None and self.recorded.records(path):
            self.recorded_paths.append(path)

    def error(self, error: Any, errors: list[Any]) -> None:
        """Print ``error`` now (streamed report) or add it to ``errors`` for the report."""
        if self.print_errors:
            echo(f"framing-lint: error: {_about(*error)}", err=True)
            self.printed_errors += 1
        else:
            errors.append(error)


def _lint_paths(paths: tuple[str, ...], resolver: Any, jobs: int | None, scheduler: str | None, no_progress: bool,
                found: Callable[[list[Any]], None], tally: Tally, use_cache: bool) -> tuple[int, list[Any]]:
    """Lint files and folders as the walk finds them, handing each file's findings to ``found``;
    returns (files linted, errors kept for the report)."""
    from framing_lint.api import FileError, walk_paths

    errors: list[Any] = []
    total = None
    if _progress_wanted(no_progress):
        # The bar's total, from a first walk that only counts: the run itself streams the walk.
        total = sum(1 for _ in walk_paths(paths, resolver))
    targets = walk_paths(paths, resolver, on_error=lambda p, m: tally.error(FileError(p, m), errors),
                         on_notice=lambda p, m: warn(_about(p, m)))
    files, more = _lint_targets(targets, total, resolver, jobs, scheduler, no_progress, found, tally, use_cache)
    return files, errors + more


def _progress_wanted(no_progress: bool) -> bool:
    return not no_progress and sys.stderr.isatty()


def _manifest(lines: Any) -> Iterator[str]:
    """The paths and URLs of a --files-from list, read as the run goes (a manifest of millions
    of files is never held whole): one a line, blank lines skipped."""
    with lines:
        for line in lines:
            name = line.rstrip("\r\n")
            if name.strip():
                yield name


def _lint_targets(targets: Iterable[Any], total: int | None, resolver: Any, jobs: int | None, scheduler: str | None,
                  no_progress: bool, found: Callable[[list[Any]], None], tally: Tally,
                  use_cache: bool) -> tuple[int, list[Any]]:
    """Lint files (named, or yielded by a walk), handing each file's findings to ``found``;
    returns (files linted, errors kept for the report)."""
    from framing_lint.api import iter_lint

    errors: list[Any] = []
    files = 0
    progress = None
    if _progress_wanted(no_progress) and (total is None or total >= PROGRESS_MIN_FILES):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                            console=Console(stderr=True), transient=True)
        task = progress.add_task("lint", total=total)
        progress.start()
    cache = None
    if use_cache:
        from framing_lint.findingscache import open_cache

        cache = open_cache()
    # The bar counts files as they complete, in whatever order the workers finish them.
    on_done = partial(progress.advance, task) if progress else None
    try:
        for path, (got, error, skipped) in iter_lint(targets, resolver, jobs=jobs, scheduler=scheduler, on_done=on_done,
                                                     cache=cache):
            if error:
                tally.error(error, errors)
            elif not skipped:
                files += 1
                tally.linted(path)
            found(got)
    finally:
        if progress:
            progress.stop()
    return files, errors


class Display(NamedTuple):
    quiet: bool
    statistics: bool
    color: str  # auto | always | never
    unsafe_fixes: bool


def use_color(choice: str, to_file: bool) -> bool:
    """--color always / never; auto: NO_COLOR off, FORCE_COLOR on, else a terminal (see no-color.org)."""
    import os

    if choice != "auto":
        return choice == "always"
    if to_file or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _report(findings: list[Any], cfg: Any, output_format: str, output_file: str | None, sources: dict[str, str],
            files: int, checked: list[str], display: Display, *, streamed: bool = False,
            extra: dict[str, Any] | None = None) -> None:
    from framing_lint import reporters

    color = output_format == "text" and use_color(display.color, output_file is not None)
    show_source = output_format == "text" and (color or (output_file is None and sys.stdout.isatty()))
    width = 0
    if show_source:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns - 12
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
    if output_format in ("sarif", "html"):
        from framing_lint.api import all_rules
        from framing_lint.engine import select_rules

        rules_by_id = {r.id: r for r in select_rules(all_rules(cfg), cfg.select, cfg.ignore)}
    context = reporters.Context(color=color, show_source=show_source, sources=sources, files=files,
                                statistics=display.statistics, checked=checked, rules=rules_by_id, quiet=display.quiet,
                                unsafe_fixes=display.unsafe_fixes, width=max(width, 40) if width else 0, **(extra or {}))
    if not streamed:  # a streamed report is already written
        _emit(reporters.get(output_format)(findings, context), output_file)
    if display.statistics and output_format != "text" and findings:
        from framing_lint.reporters.text import render_statistics

        echo(render_statistics(findings), err=True)  # machine formats keep stdout parseable


def _now() -> str:
    import datetime

    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


def _open_stream(output_file: str | None) -> Any:
    if not output_file:
        return sys.stdout
    try:
        return open(output_file, "w", encoding="utf-8", errors="backslashreplace")  # noqa: SIM115 - closed after the run
    except OSError as exc:
        fail(f"cannot write {output_file}: {exc.strerror or exc}")


def _load_baseline(file: str) -> Any:
    from framing_lint.baseline import BaselineError, load

    try:
        return load(file)
    except BaselineError as exc:
        fail(str(exc))


def _write_baseline(findings: list[Any], recorded: Any, file: str, errors: list[Any], quiet: bool) -> int:
    """Record the findings (with --baseline too: only those already in it, so it only shrinks)."""
    from framing_lint.baseline import BaselineError, write

    new: list[Any] = []
    if recorded is not None:
        kept = []
        for f in findings:
            (new if recorded.is_new(f) else kept).append(f)
        findings = kept
    try:
        n = write(findings, file)
    except BaselineError as exc:
        fail(str(exc))
    if not quiet:
        nfiles = len({f.path for f in findings})
        echo(f"framing-lint: recorded {n} finding{'s' if n != 1 else ''} in {nfiles} file{'s' if nfiles != 1 else ''} "
             f"in {file}; check against it with --baseline {file}.", err=True)
    for f in new:
        echo(f"{f.path}:{f.line}:{f.column}: {f.severity} {f.rule} {f.message} (new: not added to the baseline)", err=True)
    for error in errors:
        echo(f"framing-lint: error: {_about(*error)}", err=True)
    return EXIT_ERROR if errors else EXIT_FINDINGS if new else EXIT_OK


def _emit(output: str, output_file: str | None) -> None:
    if output_file:
        try:
            # backslashreplace: a character no UTF-8 file can hold (a lone surrogate) is
            # written as an escape, never a crash after the whole run
            Path(output_file).write_text(output, encoding="utf-8", errors="backslashreplace")
        except OSError as exc:
            fail(f"cannot write {output_file}: {exc.strerror or exc}")
    elif output:
        echo(output, nl=False)


def _exit_code(findings: list[Any], config: Any, exit_zero: bool) -> int:
    """1 when a finding is at or above the ``fail_on`` of its file's config."""
    from framing_lint.config import config_for
    from framing_lint.severity import SEVERITY_RANK

    failing = any(SEVERITY_RANK.get(f.severity, 0) >= SEVERITY_RANK[config_for(config, f.path).fail_on] for f in findings)
    return EXIT_FINDINGS if failing and not exit_zero else EXIT_OK


def _fix_stdin(data: bytes, name: str, cfg: Any, *, unsafe: bool, diff: bool, exit_zero: bool) -> int:
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
            echo(f"framing-lint: error: {_about(name, str(exc))}", err=True)
            return EXIT_ERROR
        raise
    sys.stdout.buffer.write(out)
    sys.stdout.flush()
    for why in fixed.result.refused:
        warn(_about(name, why))
    if diff:
        return EXIT_FINDINGS if out else EXIT_OK
    return _exit_code(fixed.result.findings, cfg, exit_zero)
