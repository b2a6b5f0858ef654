"""gitignore-style patterns (``exclude``, ``per-file-ignores``) matched in linear time.

pathspec translates each pattern to a regular expression; with Python's backtracking
``re`` a pattern such as ``*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b`` against a 200-character name
never finishes. pathspec's RE2 backend (google-re2) runs the same expressions as automata:
time linear in the length of the name, whatever the pattern.
"""
from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any


@functools.lru_cache(maxsize=512)
def _spec(patterns: tuple[str, ...]) -> Any:
    import pathspec

    # RE2 never backtracks: O(n * p) for a path of n characters (docs/configuration.md).
    return pathspec.GitIgnoreSpec.from_lines(patterns, backend="re2")


def relative_to(path: str | Path, base: str | Path) -> str | None:
    """``path`` relative to ``base`` with forward slashes, or None when it lies outside."""
    p, b = os.path.abspath(path), os.path.abspath(base)
    if p == b:
        return ""
    if not p.startswith(b.rstrip(os.sep) + os.sep):
        return None
    return Path(p[len(b.rstrip(os.sep)) + 1 :]).as_posix()


def matches(patterns: Sequence[str], path: str | Path, base: str | Path, *, is_dir: bool = False) -> bool:
    """Whether gitignore-style ``patterns``, anchored at folder ``base``, match ``path``.

    A path outside ``base`` is matched by its name alone (patterns without a slash).
    """
    if not patterns:
        return False
    rel = relative_to(path, base)
    if rel is None:
        rel = Path(path).name
    if not rel:
        return False
    return bool(_spec(tuple(patterns)).match_file(rel + "/" if is_dir else rel))


def match_relative(patterns: Sequence[str], rel: str, *, is_dir: bool = False) -> bool:
    """Whether ``patterns`` match ``rel``, a path already relative to their base with
    forward slashes (a file inside a URL, a file inside a ``.gitignore``'s folder)."""
    if not patterns or not rel:
        return False
    return bool(_spec(tuple(patterns)).match_file(rel + "/" if is_dir else rel))
