"""A disk cache of compiled rules, so a one-paragraph run (editors, hooks) skips YAML
parsing and inflection (~0.2 s of a ~0.3 s run).

The key covers everything the compiled rules depend on: the framing-lint version and its
rule-compiling modules, every rule file's path, size and modification time, and the config
keys that choose rules. Any problem reading or writing the cache is ignored: the rules are
then compiled as usual. ``FRAMING_LINT_NO_CACHE=1`` turns it off; ``FRAMING_LINT_CACHE_DIR``
moves it (default: ``$XDG_CACHE_HOME/framing-lint`` or ``~/.cache/framing-lint``).

The files are pickles, and unpickling a file someone else wrote runs their code. So a
file is only read from a folder the current user owns and nobody else can write to, and
only if the user owns it and nobody else can write to it; both are checked on the open
folder and file (``fstat`` of open descriptors, the file opened relative to the checked
folder, symbolic links refused), so the folder cannot be swapped between check and read.
A cache folder that fails the check (a shared CI volume) is neither read nor written.

An entry is stored under the key computed before the rule files are read, and only if the
key is the same afterwards and no rule file changed within the last two seconds:
timestamps have a granularity, and a rule file edited while it is compiled, in the same
tick as the edit before, would otherwise leave an entry that serves the old rule.
"""
from __future__ import annotations

import io
import os
import pickle
import stat
import weakref
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from framing_lint import __version__
from framing_lint.config import Config, resolve

_CODE = ("morphology.py", "rules/patterns.py", "rules/frames.py", "rules/loader.py", "rules/model.py", "engine.py", "tokens.py",
         "rulecache.py", "api.py", "frequencies/__init__.py", "frequencies/en.txt", "frequencies/fr.txt")
# Every rule edit, config change or upgrade writes a new file; the oldest beyond this many go.
_KEEP = 32


def _dir() -> Path | None:
    if os.environ.get("FRAMING_LINT_NO_CACHE"):
        return None
    if os.environ.get("FRAMING_LINT_CACHE_DIR"):
        return Path(os.environ["FRAMING_LINT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "framing-lint"


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{path.resolve()}:{st.st_size}:{st.st_mtime_ns}"


# A file changed less than this long ago may change again within the same timestamp tick
# without its stamp changing ("racy" in git's words): its compiled rules are not stored.
_RACY_NS = 2_000_000_000


def _racy(key: str) -> bool:
    import time

    now = time.time_ns()
    for line in key.splitlines():
        mtime = line.rpartition(":")[2]
        if line.count(":") >= 2 and mtime.isdigit() and now - int(mtime) < _RACY_NS:
            return True
    return False


def _private_dir(d: Path, create: bool = False) -> int | None:
    """An open descriptor of the cache folder if the current user owns it and nobody else
    can write to it (creating it, private, when asked); None otherwise."""
    try:
        if create:
            d.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(d, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
    except OSError:
        os.close(fd)
        return None
    if not _private(st):
        os.close(fd)
        return None
    return fd


def _private(st: os.stat_result) -> bool:
    return st.st_uid == os.geteuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _open_private(d: Path, name: str) -> int | None:
    """An open descriptor of ``d/name`` if the folder and the file pass the ownership check."""
    dir_fd = _private_dir(d)
    if dir_fd is None:
        return None
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), dir_fd=dir_fd)
    except OSError:
        return None
    finally:
        os.close(dir_fd)
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and _private(st):
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _key(language: str, cfg: Config) -> str | None:
    from framing_lint.rules.location import shipped_dir

    try:
        here = os.path.dirname(os.path.realpath(__file__))
        parts = [__version__, language, repr(cfg.packs), repr(cfg.select), repr(cfg.ignore)]
        parts += [_stamp_in(os.path.join(here, c)) for c in _CODE]
        parts += [_stamp_in(p) for p in _yaml_files(str(shipped_dir()))]
        parts += [_stamp(resolve(f, cfg)) for f in cfg.rule_files]
    except OSError:
        return None
    return "\n".join(parts)


def _stamp_in(path: str) -> str:
    """``_stamp`` of a file in a folder whose path is already resolved: one ``lstat``, and
    ``realpath`` only for a symbolic link (resolving every path took a millisecond a run)."""
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        return _stamp(Path(path))
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def _yaml_files(root: str) -> list[str]:
    """Every ``*.yaml`` below ``root`` (symbolic links to folders not followed), sorted."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        out += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".yaml")]
    return out


def _file_name(key: str) -> str:
    # Two 32-bit checksums name the file (zlib is already loaded; hashlib would add ~4 ms
    # of OpenSSL start-up to every run).  The full key is stored inside the file and
    # compared on load, so a clash can only cost a recompile, never the wrong rules.
    data = key.encode("utf-8")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}.pickle"


class _Body:
    """The parts of a cache file after its head, read on demand (``os.pread`` on the file
    checked when it was opened): a clean text reads the head only, a text with candidates
    the few rules and word sets it needs, not the whole file (4 MB for the shipped packs)."""

    def __init__(self, fd: int) -> None:
        self.start = 0  # where the body starts in the file, once the head is read
        self._data: bytes | None = None
        self._fd = fd
        # Closed when the last part that needs it is gone (or at exit): not by __del__,
        # which may run when the interpreter has already torn ``os`` down.
        self.close = weakref.finalize(self, os.close, fd)

    def load(self) -> None:
        if not hasattr(os, "pread"):  # no positioned reads (Windows): the whole body now
            with open(self._fd, "rb", closefd=False) as f:
                f.seek(self.start)
                self._data = f.read()
            self.close()

    def read(self, span: tuple[int, int]) -> bytes:
        offset, length = span
        if self._data is not None:
            got = self._data[offset:offset + length]
        elif self.close.alive:
            got = os.pread(self._fd, length, self.start + offset)
        else:
            raise OSError("rule cache file closed")
        if len(got) != length:
            raise EOFError("rule cache file cut short")
        return got


class RuleStore:
    """The rules of one cache file, each read and unpickled on first use.

    An editor run usually meets one or two candidate rules; unpickling all of them costs
    ~30 ms of a ~0.2 s run.  Rules are memoised by index, so the full list and the
    selected ones share their objects.
    """

    def __init__(self, body: _Body, spans: list[tuple[int, int]], selected: list[int], shared: Sequence[Any] = ()) -> None:
        self._body = body
        self._spans = spans
        self._shared = shared
        self._rules: list[Any] = [None] * len(spans)
        self.selected = selected  # indexes of the rules left after select / ignore

    def get(self, index: int) -> Any:
        rule = self._rules[index]
        if rule is None:
            rule = self._rules[index] = _loads(self._body.read(self._spans[index]), self._shared)
        return rule

    def all(self) -> list[Any]:
        return [self.get(i) for i in range(len(self._spans))]


class SharedSets(Sequence[Any]):
    """The large word sets of a cache file, each read on first use: a clean text never
    needs them, and a text that needs one rarely needs them all."""

    def __init__(self, body: _Body, spans: list[tuple[int, int]]) -> None:
        self._body = body
        self._spans = spans
        self._sets: dict[int, Any] = {}
        self._compiled: Sequence[Any] | None = None
        self.fallback: Callable[[], Sequence[Any]] | None = None  # set by the caller

    def __getitem__(self, index: Any) -> Any:
        if self._compiled is not None:
            return self._compiled[index]
        hit = self._sets.get(index)
        if hit is None:
            span = self._spans[index]  # an IndexError here is the caller's
            try:
                hit = self._sets[index] = pickle.loads(self._body.read(span))  # noqa: S301 - our own cache file
            except Exception:  # noqa: BLE001 - a broken part: the caller compiles instead
                if self.fallback is None:
                    raise
                self._compiled = self.fallback()
                return self._compiled[index]
        return hit

    def __len__(self) -> int:
        if self._compiled is not None:
            return len(self._compiled)
        return len(self._spans)


def load(language: str, cfg: Config, key: str | None = None) -> tuple[Any, SharedSets, Callable[[], RuleStore], list[str] | None] | None:
    """``(gate, large_sets, rules, names)`` from the cache, or None; ``rules()`` gives the
    store of the rules; ``names`` are every rule id and category (to check a config's rule
    names cheaply).

    A file is a head (one pickle: the key, the names, the gate, which every run needs, and
    where each of the other parts lies) and a body: the large word sets, which a sentence
    with candidate words needs, then the rules, which only a text with candidate sentences
    needs, one pickle each, read from the file when first needed.  A set or a rule of the
    store raises if its part is broken; the caller compiles instead.
    """
    d = _dir()
    if key is None:
        key = _key(language, cfg) if d else None
    if d is None or key is None:
        return None
    fd = _open_private(d, _file_name(key))
    if fd is None:
        return None
    body = _Body(fd)  # closes the file when no part needs it any more
    try:
        with open(fd, "rb", closefd=False) as f:
            head = pickle.load(f)  # noqa: S301 - our own file, in the user's own cache folder
            body.start = f.tell()
        stored_key, names, gate, set_spans, rule_spans, selected = head
        if stored_key != key:
            body.close()
            return None
        body.load()
    except Exception:  # noqa: BLE001 - a missing, stale or broken cache just means compiling
        body.close()
        return None
    shared = SharedSets(body, list(set_spans))

    def rules() -> RuleStore:
        return RuleStore(body, list(rule_spans), list(selected), shared)

    return gate, shared, rules, list(names)


def key(language: str, cfg: Config) -> str | None:
    """The cache key of ``language`` under ``cfg`` now (compute it before reading rule files)."""
    return _key(language, cfg) if _dir() else None


def store(language: str, cfg: Config, gate: Any, large_sets: Sequence[Any], rules: list[Any], selected: list[int],
          before: str | None = None) -> None:
    """Write ``gate``, the gate's ``large_sets`` and ``rules`` (with the indexes of the
    selected ones) for a later run. The gate refers to the sets by position.

    ``before`` is the key computed before the rules were read: nothing is stored if a rule
    file changed since, or so recently that a change could hide in the same timestamp."""
    d = _dir()
    key = _key(language, cfg) if d else None
    if d is None or key is None or (before is not None and before != key) or _racy(key):
        return
    dir_fd = _private_dir(d, create=True)
    if dir_fd is None:
        return  # a folder others can write to (or not ours): never cache there
    os.close(dir_fd)
    try:
        import tempfile  # only when writing: most runs just read

        shared: list[Any] = list(large_sets)
        index: dict[Any, int] = {s: i for i, s in enumerate(shared)}
        rule_blobs = [_dumps(rule, shared, index) for rule in rules]  # may add sets to ``shared``
        set_blobs = [pickle.dumps(x, protocol=pickle.HIGHEST_PROTOCOL) for x in shared]
        spans: list[tuple[int, int]] = []
        offset = 0
        for blob in set_blobs + rule_blobs:
            spans.append((offset, len(blob)))
            offset += len(blob)
        names = sorted({r.id for r in rules} | {r.category for r in rules})
        head = (key, names, gate, spans[:len(set_blobs)], spans[len(set_blobs):], selected)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-", suffix=".pickle")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(head, f, protocol=pickle.HIGHEST_PROTOCOL)
            for blob in set_blobs + rule_blobs:
                f.write(blob)
        os.replace(tmp, d / _file_name(key))
        _prune(d)
    except Exception:  # noqa: BLE001 - a read-only home must not break linting
        try:
            os.unlink(tmp)
        except Exception:  # noqa: BLE001
            pass


# Word sets larger than this ({persons}: thousands of nouns) are stored once per file and
# referred to by number from the gate and from every rule that uses them; pickled with each
# rule they made the file 7 MB and every rule slow to read.
_SHARED_MIN = 200


class _SharingPickler(pickle.Pickler):
    def __init__(self, f: io.BytesIO, shared: list[Any], index: dict[Any, int]) -> None:
        super().__init__(f, protocol=pickle.HIGHEST_PROTOCOL)
        self._shared, self._index = shared, index

    def persistent_id(self, obj: Any) -> int | None:  # noqa: D102 - pickle protocol
        if type(obj) is frozenset and len(obj) > _SHARED_MIN:
            i = self._index.get(obj)
            if i is None:
                i = self._index[obj] = len(self._shared)
                self._shared.append(obj)
            return i
        return None


class _SharingUnpickler(pickle.Unpickler):
    def __init__(self, f: io.BytesIO, shared: list[Any]) -> None:
        super().__init__(f)
        self._shared = shared

    def persistent_load(self, pid: Any) -> Any:  # noqa: D102 - pickle protocol
        return self._shared[pid]


def _dumps(obj: Any, shared: list[Any], index: dict[Any, int]) -> bytes:
    f = io.BytesIO()
    _SharingPickler(f, shared, index).dump(obj)
    return f.getvalue()


def _loads(blob: bytes, shared: list[Any]) -> Any:
    return _SharingUnpickler(io.BytesIO(blob), shared).load()  # noqa: S301 - our own cache file


def _prune(d: Path) -> None:
    entries = []
    for p in d.glob("*.pickle"):
        try:
            entries.append((p.stat().st_mtime, p))
        except OSError:
            continue
    entries.sort(reverse=True)
    for _, p in entries[_KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass
