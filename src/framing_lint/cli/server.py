"""``framing-lint server``: the language server. Its code is :mod:`framing_lint.server`;
pygls is imported only when this command runs."""
from __future__ import annotations

import click

from framing_lint.cli.base import Command, config_option, option


@click.command("server", cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@option("--stdio", is_flag=True, help="Talk LSP over standard input and output (the default and only transport; "
                                      "accepted because editors pass it).")
@config_option
def server(stdio: bool, config: str | None) -> int:
    """Run the language server (LSP) for editors: diagnostics as you type, hover, quick fixes.

    Editors start it themselves; see docs/editors.md. Settings come from the editor
    (initializationOptions or the 'framing-lint' settings section) on top of the project's
    config files, or from --config for every document.
    """
    from framing_lint.console import long_running
    from framing_lint.server import run

    long_running()
    return run(config_file=config)
