"""``framing-lint server``: a language server (LSP over stdio) on the same API as ``check``.

Diagnostics as you type, a hover that explains each finding, and code actions that
rewrite it, apply every safe fix, or silence a rule on one line. Importing this package is
cheap: pygls and lsprotocol are imported when the server starts, never by other commands.
"""
from __future__ import annotations


def run(config_file: str | None = None) -> int:
    """Serve one client on standard input and output until it says exit; returns the exit
    code. ``config_file`` applies one config file to every document (the editor's
    ``config`` setting, when it sends one, wins)."""
    from framing_lint.server.app import serve

    return serve(config_file)
