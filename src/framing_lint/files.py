"""Which files a run lints: folders are walked with git's ignore rules, config excludes
honoured, and only regular files are read.

The walk is the ``ignore`` crate (ripgrep's and ruff's walker) through rignore: the same
semantics as git for ``.gitignore`` files in the folder and its parents, nested ``!pattern``
re-includes, ``.git/info/exclude`` and the global excludes file, with globs compiled to
automata (linear time, whatever the pattern). ``.gitignore`` files count outside a git
repository too. Symbolic links to folders are not followed; a link to a file is linted
when the file lies inside the scanned folder, and skipped with a notice when it leaves it
(a file named on the command line is the user's call).

The walk streams. It reads one folder at a time (the crate, one level deep, with the ignore
files of every folder above), sorts that folder's entries by name and goes into each
sub-folder where its name sorts: files come out in path order, the same for every run and
file system, while only the folders on the way down are held, never the tree's list of
files. A file reached twice (a link to a file the walk also lints, named paths that
overlap) is linted once.
"""
from __future__ import annotations

import errno
import os
import stat
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Sequence
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
# Folders whose listing is kept to answer "does the walk lint this file?" for links.
_LISTINGS_KEPT = 16

# (path, message): a named path that cannot be linted, or an entry the walk skipped.
OnPath = Callable[[str, str], None]


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
    """Files to lint under ``paths``, as a list (``--show-files``, the API's ``select_paths``);
    a run streams :func:`walk_files` instead."""
    out = Selection([], [], [])
    out.files.extend(walk_files(paths, config, on_error=lambda p, m: out.errors.append((p, m)),
                                on_notice=lambda p, m: out.notices.append((p, m))))
    return out


def _nothing(path: str, message: str) -> None:
    pass


def walk_files(paths: Sequence[str | Path], config: Config | ConfigResolver, *, on_error: OnPath | None = None,
               on_notice: OnPath | None = None) -> Iterator[Path | str]:
    """The files to lint under ``paths``, yielded as the walk finds them: folders are walked,
    files named explicitly are linted whatever their extension (unless a config ``exclude``
    matches them).

    ``on_error`` hears of each named path that cannot be linted (all of them before the first
    file), ``on_notice`` of each entry the walk skips (a link leaving the folder ...).
    """
    resolver = _resolver(config)
    extensions = tuple(sorted(known_extensions()))
    error = on_error or _nothing
    notice = on_notice or _nothing
    roots: list[tuple[str | Path, str, str]] = []  # (path, url | dir | file, key for _Seen)
    for raw in paths:
        if isinstance(raw, str) and is_url(raw):
            key = _url_root(raw, error)
            if key is not None:
                roots.append((raw, "url", key))
            continue
        p = Path(raw)
        try:
            st = os.stat(p)
        except OSError as exc:
            error(str(raw), _why(exc))
            continue
        if stat.S_ISDIR(st.st_mode):
            roots.append((p, "dir", os.path.realpath(p)))
        elif not stat.S_ISREG(st.st_mode):
            error(str(raw), "not a regular file (a pipe, device or socket); only regular files are read")
        else:
            roots.append((p, "file", os.path.realpath(p)))
    seen = _Seen([(key, kind != "file") for _, kind, key in roots])
    for root, kind, key in roots:
        if kind == "url":
            yield from _walk_url(str(root), resolver.default, extensions, seen, error)
        elif kind == "dir":
            yield from _walk(Path(root), resolver, extensions, seen, notice)
        elif not _excluded(resolver.for_path(root), Path(root)) and seen.first(key):
            yield root


class _Seen:
    """Which files were already listed, when named paths overlap (``docs docs/a.md``,
    ``. docs``, a path named twice).

    Only the files under a named path that lies in another one are remembered, so a walk of
    folders that do not overlap keeps nothing per file.
    """

    def __init__(self, roots: list[tuple[str, bool]]) -> None:  # (key, is a folder) per named path
        # A path named twice, or one under a named folder. Counting keys and testing only
        # against the folders keeps this linear when many files are named (a shell glob, a
        # pre-commit hook): the pairwise test cost 0.09 s for 888 files.
        named = Counter(key for key, _ in roots)
        folders = [key for key, folder in roots if folder]
        self.inner = [key for key, _ in roots if named[key] > 1 or any(_under(key, other) for other in folders)]
        self.keys: set[str] = set()

    def first(self, key: str) -> bool:
        """True the first time ``key`` (a real path, or a URL as the walk names it) is offered."""
        if not any(key == root or _under(key, root) for root in self.inner):
            return True
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


def _under(key: str, folder: str) -> bool:
    if is_url(folder):
        # zip://docs/a.md::file:///x.zip lies under zip://docs::file:///x.zip
        inner, _, outer = key.partition("::")
        folder_inner, _, folder_outer = folder.partition("::")
        return outer == folder_outer and inner.startswith(folder_inner.rstrip("/") + "/")
    return key.startswith(folder.rstrip(os.sep) + os.sep)


def _url_root(url: str, error: OnPath) -> str | None:
    """The URL as the walk names what lies under it, or None (reported) when it cannot be used."""
    from framing_lint import remote

    try:
        if not remote.exists(url):
            error(url, "no such file or folder")
            return None
        return remote.canonical(url)
    except remote.RemoteError as exc:
        error(url, str(exc).removeprefix(f"{url}: "))
    except Exception as exc:  # noqa: BLE001 - each store raises its own errors (no credentials, no bucket ...)
        error(url, f"cannot list: {exc}")
    return None


def _walk_url(url: str, cfg: Config, extensions: tuple[str, ...], seen: _Seen, error: OnPath) -> Iterator[str]:
    """A URL (``s3://bucket/prefix/``, ``zip://...``) walked through fsspec with the default
    config's excludes and formats, relative to the URL given."""
    from framing_lint import remote

    from framing_lint.globs import match_relative

    def excluded(rel: str, is_dir: bool) -> bool:
        return match_relative(cfg.exclude, rel, is_dir=is_dir) or match_relative(cfg.exclude, rel.rsplit("/", 1)[-1])

    try:
        yield from remote.walk(url, excluded, lambda name: _lintable(name, cfg, extensions), SKIP_DIRS, seen.first)
    except remote.RemoteError as exc:
        error(url, str(exc).removeprefix(f"{url}: "))
    except Exception as exc:  # noqa: BLE001 - each store raises its own errors (no credentials, no bucket ...)
        error(url, f"cannot list: {exc}")


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


_RIGNORE_OPTIONS = {
    "ignore_hidden": False, "read_ignore_files": False, "read_parents_ignores": True, "read_git_ignore": True,
    "read_global_git_ignore": True, "read_git_exclude": True, "require_git": False, "follow_links": False,
    "overrides": [f"!{d}/" for d in sorted(SKIP_DIRS)],
}


class _Entry(NamedTuple):
    name: str
    path: Path
    mode: int  # from lstat: a link is a link


def _listing(folder: Path, notice: OnPath, undecodable: list[_Entry] | None = None) -> list[_Entry]:
    """The entries of one folder that git's ignore rules keep (those of the folder and of every
    folder above it), sorted by name. The entries whose names are not valid UTF-8, which the
    walker skips, go to ``undecodable`` if given."""
    import rignore

    walker = rignore.walk(folder, max_depth=1, **_RIGNORE_OPTIONS)
    entries: list[_Entry] = []
    problems = 0
    skipped_names = False
    while problems < _MAX_WALK_ERRORS:
        try:
            path = next(walker)
        except StopIteration:
            break
        except ValueError:  # the binding only hands over names that are valid UTF-8, and says not which
            problems += 1
            skipped_names = True
            continue
        except OSError as exc:  # an unreadable folder, a vanished entry: say so and go on
            problems += 1
            notice(*_walk_error(str(exc)))
            continue
        if path is None:
            break
        if path == folder:
            continue  # the crate lists the folder itself first
        try:
            mode = os.lstat(path).st_mode
        except OSError as exc:
            notice(str(path), _why(exc) + "; skipped")
            continue
        entries.append(_Entry(path.name, path, mode))
    entries.sort(key=lambda e: e.name)
    if skipped_names and undecodable is not None:
        undecodable += _undecodable(folder)
    return entries


def _undecodable(folder: Path) -> list[_Entry]:
    """The entries of ``folder`` whose names are not valid UTF-8 (a Latin-1 name from an old
    archive), listed as bytes."""
    out = []
    try:
        with os.scandir(os.fsencode(folder)) as listing:
            for entry in listing:
                try:
                    entry.name.decode("utf-8")
                except UnicodeDecodeError:
                    path = Path(os.fsdecode(entry.path))
                    try:
                        out.append(_Entry(path.name, path, os.lstat(entry.path).st_mode))
                    except OSError:
                        continue
    except OSError:
        return []  # the walker said why already
    return out


def _walk_error(message: str) -> tuple[str, str]:
    # The crate says e.g. "./locked: IO error for operation on ./locked: Permission denied (os error 13)".
    _, sep, tail = message.partition("IO error for operation on ")
    if sep:
        path, _, why = tail.partition(": ")
        return str(Path(path)), f"{why}; skipped"
    return "", f"{message}; skipped"


class _Folder:
    """A folder on the way down: the rest of its listing, and the config of its entries
    (looked up on the first one: an unreadable folder has none, and needs none)."""

    __slots__ = ("_config", "entries", "path", "real")

    def __init__(self, path: Path, real: str, entries: list[_Entry]) -> None:
        self.path = path
        self.real = real  # its real path
        self.entries = iter(entries)
        self._config: Config | None = None

    def config(self, resolver: ConfigResolver) -> Config:
        if self._config is None:
            self._config = resolver.for_dir(self.path)
        return self._config


def _walk(root: Path, resolver: ConfigResolver, extensions: tuple[str, ...], seen: _Seen,
          notice: OnPath) -> Iterator[Path]:
    """The files to lint under folder ``root``, depth first, each folder's entries by name."""
    real_root = os.path.realpath(root)
    linted_targets = _Targets(root, real_root, resolver, extensions)
    linked: set[str] = set()  # real paths linted under a link's name: one entry per link, at most
    undecodable: list[_Entry] = []
    stack = [_Folder(root, real_root, _listing(root, notice, undecodable))]
    while stack:
        folder = stack[-1]
        if undecodable:
            _name_undecodable(undecodable, folder.config(resolver), extensions, notice)
            undecodable.clear()
        entry = next(folder.entries, None)
        if entry is None:
            stack.pop()
            continue
        name, path, mode = entry
        real = os.path.join(folder.real, name)  # no link on the way: links to folders are not followed
        cfg = folder.config(resolver)
        if stat.S_ISDIR(mode):
            if not _excluded(cfg, path, is_dir=True):
                stack.append(_Folder(path, real, _listing(path, notice, undecodable)))
            continue
        if not _lintable(name, cfg, extensions) or _excluded(cfg, path):
            continue
        if stat.S_ISLNK(mode):
            try:
                target = os.stat(path)
            except OSError as exc:
                message = "symbolic link loop" if exc.errno == errno.ELOOP else "broken symbolic link"
                notice(str(path), f"{message}; skipped")
                continue
            if stat.S_ISDIR(target.st_mode):
                continue  # links to folders are not followed
            real = os.path.realpath(path)
            if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
                notice(str(path), f"symbolic link to {real}, outside {root}; skipped (name the file to lint it)")
                continue
            mode = target.st_mode
            if stat.S_ISREG(mode):
                # Linted once: under its own name when the walk reaches the file itself,
                # otherwise (ignored, excluded, another extension) under the first link's.
                if real in linked or linted_targets.includes(real):
                    continue
                linked.add(real)
        if not stat.S_ISREG(mode):
            notice(str(path), "not a regular file (a pipe, device or socket); skipped")
            continue
        if seen.first(real):
            yield path


def _name_undecodable(entries: list[_Entry], cfg: Config, extensions: tuple[str, ...], notice: OnPath) -> None:
    """Name each document or folder the walker skipped for a name that is not UTF-8, so a
    scan never leaves one out unannounced (naming the file on the command line lints it)."""
    for name, path, mode in entries:
        if stat.S_ISDIR(mode):
            if name not in SKIP_DIRS and not _excluded(cfg, path, is_dir=True):
                notice(str(path), "folder name is not valid UTF-8; not walked (rename it to lint what it holds)")
        elif _lintable(name, cfg, extensions) and not _excluded(cfg, path):
            notice(str(path), "file name is not valid UTF-8; skipped by the folder walk (name the file to lint it, "
                              "or rename it)")


class _Targets:
    """Whether the walk of ``root`` lints a file itself: what a link inside the folder
    points to. Links are few; the listings read to answer are kept for a few folders only."""

    def __init__(self, root: Path, real_root: str, resolver: ConfigResolver, extensions: tuple[str, ...]) -> None:
        self.root = root
        self.real_root = real_root
        self.resolver = resolver
        self.extensions = extensions
        self.listings: OrderedDict[Path, dict[str, int]] = OrderedDict()

    def _modes(self, folder: Path) -> dict[str, int]:
        if folder in self.listings:
            self.listings.move_to_end(folder)
        else:
            self.listings[folder] = {e.name: e.mode for e in _listing(folder, _nothing)}
            if len(self.listings) > _LISTINGS_KEPT:
                self.listings.popitem(last=False)
        return self.listings[folder]

    def includes(self, real: str) -> bool:
        parts = Path(os.path.relpath(real, self.real_root)).parts
        folder = self.root
        for part in parts[:-1]:
            mode = self._modes(folder).get(part)
            child = folder / part
            if mode is None or not stat.S_ISDIR(mode) or _excluded(self.resolver.for_dir(folder), child, is_dir=True):
                return False
            folder = child
        mode = self._modes(folder).get(parts[-1])
        cfg = self.resolver.for_dir(folder)
        return (mode is not None and stat.S_ISREG(mode) and _lintable(parts[-1], cfg, self.extensions)
                and not _excluded(cfg, folder / parts[-1]))
