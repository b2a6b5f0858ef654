"""The ``framing-lint`` command, on click: parses options, calls the API, picks a reporter.

Exit codes follow the linters people know: 0 nothing found, 1 findings at or above
``--fail-on``, 2 usage, configuration, rule-file or unreadable-file errors.

One module per command (``check``, ``rules``, ...); shared pieces live in ``base``. Every
option can also be set from the environment: ``FRAMING_LINT_<COMMAND>_<OPTION>``, e.g.
``FRAMING_LINT_CHECK_FORMAT=json`` (click's ``auto_envvar_prefix``).
"""
from __future__ import annotations

from collections.abc import Sequence

import click

from framing_lint import __version__
from framing_lint.cli.base import ENV_PREFIX, EXIT_ERROR, EXIT_OK, Group, echo

SHELLS = ("bash", "zsh", "fish")


# A command is added here as "name": "module:attribute"; its module is imported only when
# that command runs.
COMMANDS = {
    "check": "framing_lint.cli.check:check",
    "rules": "framing_lint.cli.rules:rules",
    "config": "framing_lint.cli.settings:config_command",
    "server": "framing_lint.cli.server:server",
}


@click.group(cls=Group, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="framing-lint", message="%(prog)s, version %(version)s")
def cli() -> None:
    """Find words that push the customer away, and say what to write instead."""


@cli.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion(shell: str) -> int:
    """Print the shell completion script for SHELL.

    \b
    bash:  eval "$(framing-lint completion bash)"      (in ~/.bashrc)
    zsh:   eval "$(framing-lint completion zsh)"       (in ~/.zshrc)
    fish:  framing-lint completion fish > ~/.config/fish/completions/framing-lint.fish
    """
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None  # the choice only offers shells click supports
    ctx = click.get_current_context()
    source = cls(cli, {}, "framing-lint", f"_{ENV_PREFIX}_COMPLETE").source()
    ctx.color = False
    echo(source)
    return EXIT_OK




def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code (``raise SystemExit(main())``)."""
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, prog_name="framing-lint",
                      standalone_mode=False, auto_envvar_prefix=ENV_PREFIX)
    except click.exceptions.Abort:
        echo("Aborted.", err=True)
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except BrokenPipeError:
        return EXIT_OK
    except SystemExit as exc:  # click ends a broken pipe with sys.exit(1); keep codes as given
        return exc.code if isinstance(exc.code, int) else EXIT_OK if exc.code is None else EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - no run ends with a Python traceback
        return internal_error(exc)
    return rv if isinstance(rv, int) else EXIT_OK


def internal_error(exc: BaseException) -> int:
    """A bug of ours, said in one line (the traceback with ``FRAMING_LINT_DEBUG=1``): exit 2."""
    import os

    echo(f"framing-lint: internal error: {exc!r}. This is a bug in framing-lint; please report it "
         "(run again with FRAMING_LINT_DEBUG=1 for the details).", err=True)
    if os.environ.get("FRAMING_LINT_DEBUG"):
        import traceback

        traceback.print_exception(exc)
    return EXIT_ERROR
