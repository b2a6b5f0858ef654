"""What every command shares: exit codes, output helpers, the group with did-you-mean,
and option types.

Only click and the standard library are imported here: the commands import the linter
itself inside their functions, so ``framing-lint --help`` and a clean stdin run stay fast.
"""
from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

import click

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
ENV_PREFIX = "FRAMING_LINT"


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


class Failure(click.ClickException):
    """A configuration, rule-file or input problem that stops the run: exit 2, one line on stderr."""

    exit_code = EXIT_ERROR

    def show(self, file: Any = None) -> None:
        echo(f"framing-lint: error: {self.format_message()}", err=True)


def fail(message: str) -> NoReturn:
    raise Failure(message)


def warn(message: str) -> None:
    echo(f"framing-lint: warning: {message}", err=True)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """`` Did you mean 'x'?`` when a choice is close to ``word``, else an empty string."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=n, cutoff=0.6)
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"


class Command(click.Command):
    """A command whose callback returns the exit code (so ``CliRunner`` and ``main`` both see it)."""

    def invoke(self, ctx: click.Context) -> Any:
        rv = super().invoke(ctx)
        if isinstance(rv, int) and rv:
            ctx.exit(rv)
        return rv


class Group(click.Group):
    """A command group that suggests the closest command for a typo (``chek`` -> ``check``).

    ``lazy`` maps command names to ``"module:attribute"``: a command's module is imported
    only when it runs (or help lists it), so ``check`` never pays for the others.
    """

    command_class = Command

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module, _, attribute = self.lazy[cmd_name].partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            hint = did_you_mean(name, self.list_commands(ctx))
            ctx.fail(f"No such command {name!r}.{hint or ' See the commands above.'}")
        return super().resolve_command(ctx, args)


# Every option shows the environment variable that sets it (FRAMING_LINT_<COMMAND>_<OPTION>).
option = functools.partial(click.option, show_envvar=True)


def split_names(values: Sequence[str]) -> tuple[str, ...]:
    """``--select a,b --select c`` (or the same from the environment, space-separated)."""
    return tuple(v.strip() for raw in values for v in raw.replace(",", " ").split() if v.strip())


class ModelType(click.ParamType):
    """``LANG=NAME``: a spaCy pipeline (package name or path) for one language, or ``none``."""

    name = "LANG=NAME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, str]:
        if isinstance(value, tuple):
            return value
        if "=" not in value:
            self.fail(f"{value!r}: use LANG=NAME, e.g. en=en_core_web_sm or fr=none", param, ctx)
        lang, name = value.split("=", 1)
        return lang.strip(), name.strip()

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(f"{lang}=") for lang in ("en", "fr") if f"{lang}=".startswith(incomplete)]


def complete_rule_names(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Rule ids and categories for shell completion of --select, --ignore and ``rules explain``."""
    from click.shell_completion import CompletionItem

    try:
        from framing_lint.api import all_rules
        from framing_lint.config import discover

        rules = all_rules(discover())
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    names = sorted({r.id for r in rules} | {r.category for r in rules})
    return [CompletionItem(prefix + n) for n in names if n.startswith(last)]


def make_resolver(config_file: str | None, **overrides: Any) -> Any:
    """What finds each file's config: ``--config`` for all, else the nearest config file;
    command-line options on top."""
    from framing_lint.config import ConfigError, ConfigResolver

    try:
        return ConfigResolver(config_file, overrides)
    except ConfigError as exc:
        fail(str(exc))


def load_cli_config(config_file: str | None, **overrides: Any) -> Any:
    """The config for the working directory (``--config``, else the nearest one), with
    command-line options on top."""
    return make_resolver(config_file, **overrides).default


def config_option(f: Any) -> Any:
    return option("--config", "config", metavar="FILE", type=click.Path(dir_okay=False),
                  help="Config file (.framing-lint.yaml or pyproject.toml) instead of the nearest one.")(f)
