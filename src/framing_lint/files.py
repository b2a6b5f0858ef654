"""Which files a run lints: folders are walked, .gitignore files and config excludes honoured."""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pathspec

from framing_lint.documents import known_extensions

# Never worth descending into: version control, dependencies, caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"})


def _gitignore(directory: Path) -> pathspec.PathSpec | None:
    f = directory / ".gitignore"
    if not f.is_file():
        return None
    try:
        lines = f.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    return pathspec.PathSpec.from_lines("gitwildmatch", lines)


def _has_known_extension(name: str, extensions: tuple[str, ...]) -> bool:
    lower = name.lower()
    return lower.endswith(extensions)


def iter_files(paths: Sequence[str | Path], exclude: Sequence[str] = (), base: Path | None = None,
               extra_globs: Sequence[str] = ()) -> Iterator[Path]:
    """Files to lint, in a stable order.

    Files named explicitly are always linted (unless excluded); files found in folders are
    linted when their extension is a known format or matches a config ``formats`` glob.
    """
    base = (base or Path.cwd()).resolve()
    excluded = pathspec.PathSpec.from_lines("gitwildmatch", exclude) if exclude else None
    extensions = tuple(sorted(known_extensions()))

    def is_excluded(p: Path) -> bool:
        if excluded is None:
            return False
        try:
            rel = p.resolve().relative_to(base).as_posix()
        except ValueError:
            rel = p.as_posix()
        return excluded.match_file(rel) or excluded.match_file(p.name)

    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from _walk(p, is_excluded, extensions, extra_globs, seen)
        elif not is_excluded(p):
            key = p.resolve()
            if key not in seen:
                seen.add(key)
                yield p


def _walk(root: Path, is_excluded, extensions: tuple[str, ...], extra_globs: Sequence[str], seen: set[Path]) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    import fnmatch

    # (directory, gitignore specs that apply with their base directories)
    stack: list[tuple[Path, list[tuple[Path, pathspec.PathSpec]]]] = [(root, [])]
    while stack:
        directory, specs = stack.pop()
        spec = _gitignore(directory)
        if spec is not None:
            specs = specs + [(directory, spec)]
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name, reverse=True)
        except OSError:
            continue

        def ignored(path: Path, is_dir: bool) -> bool:
            for d, s in specs:
                rel = path.relative_to(d).as_posix() + ("/" if is_dir else "")
                if s.match_file(rel):
                    return True
            return False

        subdirs = []
        for e in reversed(entries):
            path = Path(e.path)
            if e.is_dir(follow_symlinks=False):
                if e.name in SKIP_DIRS or ignored(path, True) or is_excluded(path):
                    continue
                subdirs.append(path)
            elif e.is_file():
                if not (_has_known_extension(e.name, extensions) or any(fnmatch.fnmatch(e.name, g) for g in extra_globs)):
                    continue
                if ignored(path, False) or is_excluded(path):
                    continue
                key = path.resolve()
                if key not in seen:
                    seen.add(key)
                    yield path
        for d in reversed(subdirs):
            stack.append((d, specs))
