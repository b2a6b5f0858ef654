"""The ``framing-lint`` executable and ``python -m framing_lint``: :func:`framing_lint.cli.main`
run as a short-lived process.

Only the executable tunes the garbage collector; importing framing_lint (the API, the
spaCy component, ``CliRunner`` in tests) leaves the interpreter as it was.

Why: a clean paragraph on standard input (an editor, a pre-commit hook) takes about a
tenth of a second, and the collector was a fifth of it. Start-up creates tens of
thousands of objects that live until the end (the imported modules, the rule gate read
from the cache) and none of them is garbage, yet with Python's default threshold (a
collection every 700 allocations) the collector walked them about fifty times, and once
more at exit before the interpreter freed them one by one. So collections are rare here
(still on: a long run over many files frees its cycles), and what is left at exit is
frozen (``gc.freeze``) so the final collections skip it; exit handlers and finalizers run
as usual. ``framing-lint server`` lives for hours and answers keystrokes: it puts the
default back (:func:`long_running`), where a short pause now and then beats a long one.
"""
from __future__ import annotations

import gc
from collections.abc import Sequence

# A young-generation collection every 100,000 allocations instead of 700: a clean stdin
# run makes fewer (no collection at all), a run over thousands of files one every few
# files, each as cheap per object as before.
SHORT_RUN_THRESHOLD = (100_000, 50, 50)
_DEFAULT_THRESHOLD = gc.get_threshold()


def run(argv: Sequence[str] | None = None) -> int:
    """The console entry point: the exit code of the command."""
    gc.set_threshold(*SHORT_RUN_THRESHOLD)
    from framing_lint.cli import main  # after the threshold: importing creates most of the objects

    code = main(argv)
    gc.freeze()
    return code


def long_running() -> None:
    """For a command that runs for hours (the language server): Python's default collector
    threshold, so a collection never has a long backlog to walk."""
    gc.set_threshold(*_DEFAULT_THRESHOLD)
