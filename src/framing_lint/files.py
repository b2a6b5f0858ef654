"""Which files a run lints: folders are walked with git's ignore rules, config excludes
honoured, and only regular files are read.

The walk is the ``ignore`` crate (ripgrep's and ruff's walker) through rignore: the same
semantics as git for ``.gitignore`` files in the folder and its parents, nested ``!pattern``
re-includes, ``.git/info/exclude`` and the global excludes file, with globs compiled to
automata (linear time, whatever the pattern). ``.gitignore`` files count outside a git
repository too. Symbolic links to folders are not followed; a link to a file is linted
when the file lies inside the scanned folder, and skipped with a notice when it leaves it
(a file named on the command line is the user's call).
"""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from framing_lint.config import Config, ConfigResolver
from framing_lint.documents import known_extensions
from framing_lint.globs import matches
from framing_lint.remote import is_url

# Never worth descending into: version control, dependencies, caches.
SKIP_DIRS = frozenset({".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"})
# A walker that keeps failing the same way must not spin for ever.
_MAX_WALK_ERRORS = 10_000


class Selection(NamedTuple):
    files: list[Path | str]  # to lint, in a stable order (URLs as strings)
    errors: list[tuple[str, str]]  # (path, message): named paths that cannot be linted
    notices: list[tuple[str, str]]  # (path, message): entries skipped while walking


def _resolver(config: Config | ConfigResolver) -> ConfigResolver:
    if isinstance(config, ConfigResolver):
        return config
    resolver = ConfigResolver()
    resolver.fixed = resolver.default = config
    return resolver


def select_files(paths: Sequence[str | Path], config: Config | ConfigResolver) -> Selection:
    """Files to lint under ``paths``: folders are walked; files named explicitly are linted
    whatever their extension (unless a config ``exclude`` matches them)."""
    resolver = _resolver(config)
    extensions = tuple(sorted(known_extensions()))
    out = Selection([], [], [])
    seen: set[str] = set()
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            _walk_url(raw, resolver.default, extensions, seen, out)
            continue
        p = Path(raw)
        try:
            st = os.stat(p)
        except OSError as exc:
            out.errors.append((str(raw), _why(exc)))
            continue
        if stat.S_ISDIR(st.st_mode):
            _walk(p, resolver, extensions, seen, out)
        elif not stat.S_ISREG(st.st_mode):
            out.errors.append((str(raw), "not a regular file (a pipe, device or socket); only regular files are read"))
        elif not _excluded(resolver.for_path(p), p):
            key = os.path.realpath(p)
            if key not in seen:
                seen.add(key)
                out.files.append(p)
    return out


def _walk_url(url: str, cfg: Config, extensions: tuple[str, ...], seen: set[str], out: Selection) -> None:
    """A URL (``s3://bucket/prefix/``, ``zip://...``) walked through fsspec with the default
    config's excludes and formats, relative to the URL given."""
    from framing_lint import remote

    from framing_lint.globs import match_relative

    def excluded(rel: str, is_dir: bool) -> bool:
        return match_relative(cfg.exclude, rel, is_dir=is_dir) or match_relative(cfg.exclude, rel.rsplit("/", 1)[-1])

    try:
        if not remote.exists(url):
            out.errors.append((url, "no such file or folder"))
            return
        out.files.extend(remote.walk(url, excluded, lambda name: _lintable(name, cfg, extensions), SKIP_DIRS, seen))
    except remote.RemoteError as exc:
        out.errors.append((url, str(exc).removeprefix(f"{url}: ")))
    except Exception as exc:  # noqa: BLE001 - each store raises its own errors (no credentials, no bucket ...)
        out.errors.append((url, f"cannot list: {exc}"))


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file or folder"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


def _excluded(cfg: Config, path: Path, is_dir: bool = False) -> bool:
    return matches(cfg.exclude, path, cfg.base_dir, is_dir=is_dir)


def _lintable(name: str, cfg: Config, extensions: tuple[str, ...]) -> bool:
    if name.lower().endswith(extensions):
        return True
    if cfg.formats:
        import fnmatch

        return any(fnmatch.fnmatch(name, g) for g in cfg.formats)
    return False


def _walk(root: Path, resolver: ConfigResolver, extensions: tuple[str, ...], seen: set[str], out: Selection) -> None:
    import rignore

    real_root = os.path.realpath(root)
    walker = rignore.walk(
        root, ignore_hidden=False, read_ignore_files=False, read_parents_ignores=True, read_git_ignore=True,
        read_global_git_ignore=True, read_git_exclude=True, require_git=False, follow_links=False,
        overrides=[f"!{d}/" for d in sorted(SKIP_DIRS)],
    )
    found: list[Path] = []
    excluded_dirs: list[str] = []
    errors = 0
    while errors < _MAX_WALK_ERRORS:
        try:
            path = next(walker)
        except StopIteration:
            break
        except ValueError:  # the binding only hands over names that are valid UTF-8
            errors += 1
            out.notices.append((str(root), "skipped a file or folder whose name is not valid UTF-8"))
            continue
        except OSError as exc:  # an unreadable folder, a vanished entry: say so and go on
            errors += 1
            out.notices.append(("", _walk_error(str(exc))))
            continue
        if path is None:
            break
        _consider(path, root, real_root, resolver, extensions, seen, found, excluded_dirs, out)
    found.sort(key=lambda p: p.parts)
    out.files.extend(found)


def _walk_error(message: str) -> str:
    # The crate says e.g. "IO error for operation on /x/locked: Permission denied (os error 13)".
    return message.replace("IO error for operation on ", "", 1) + "; skipped"


def _consider(path: Path, root: Path, real_root: str, resolver: ConfigResolver, extensions: tuple[str, ...],
              seen: set[str], found: list[Path], excluded_dirs: list[str], out: Selection) -> None:
    try:
        st = os.lstat(path)
    except OSError as exc:
        out.notices.append((str(path), _why(exc) + "; skipped"))
        return
    if stat.S_ISDIR(st.st_mode):
        if path != root and _excluded(resolver.for_dir(path.parent), path, is_dir=True):
            excluded_dirs.append(str(path) + os.sep)
        return
    name = path.name
    if any(str(path).startswith(d) for d in excluded_dirs):
        return
    cfg = resolver.for_dir(path.parent)
    if not _lintable(name, cfg, extensions) or _excluded(cfg, path):
        return
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
        except OSError as exc:
            message = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
            out.notices.append((str(path), f"{message}; skipped"))
            return
        if stat.S_ISDIR(target.st_mode):
            return  # links to folders are not followed
        real = os.path.realpath(path)
        if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
            out.notices.append((str(path), f"symbolic link to {real}, outside {root}; skipped (name the file to lint it)"))
            return
        st = target
    if not stat.S_ISREG(st.st_mode):
        out.notices.append((str(path), "not a regular file (a pipe, device or socket); skipped"))
        return
    key = os.path.realpath(path)
    if key not in seen:
        seen.add(key)
        found.append(path)
