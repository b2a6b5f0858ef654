"""A cache of findings per file, so a second run over an unchanged folder reads, not lints.

As ruff and textlint do: an entry is keyed by a hash of the file's bytes, its format, the
effective configuration, the rule files (shipped and the organisation's, by content), the
trained pipelines in use and the framing-lint version and code. Anything that could change
a finding changes the key, so an entry is never stale: it is only ever missing.

Entries are JSON, never pickle: the folder may be shared, and unpickling a file another
user could have written runs their code. An entry is checked field by field when read; a
broken, foreign or half-written one is a miss. Writes go to a temporary file renamed into
place, so two runs sharing the folder never read a partial entry (both write the same
bytes for the same key).

The cache object holds only a folder and memoised key parts, so a runner can hand it to
worker processes and call :meth:`FindingsCache.lookup` / :meth:`FindingsCache.store` from
its per-file loop.
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path
from typing import Any

from framing_lint import __version__
from framing_lint.config import Config, file_config, resolve
from framing_lint.findings import Finding

FORMAT = "findings-v1"
# Entries not rewritten for this long are removed (at most once a day), so the folder does
# not grow without bound as files and configurations change.
MAX_AGE_DAYS = 30


def default_dir() -> Path | None:
    """The platform's cache folder (``FRAMING_LINT_CACHE_DIR`` moves it, ``FRAMING_LINT_NO_CACHE`` disables it)."""
    if os.environ.get("FRAMING_LINT_NO_CACHE"):
        return None
    if os.environ.get("FRAMING_LINT_CACHE_DIR"):
        return Path(os.environ["FRAMING_LINT_CACHE_DIR"])
    import platformdirs

    return Path(platformdirs.user_cache_dir("framing-lint", appauthor=False))


def _tree_digest(files: list[Path], h: Any) -> None:
    for p in files:
        h.update(str(p).encode("utf-8", "surrogatepass") + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")


def _code_digest() -> str:
    """framing-lint's own modules, by size and modification time: a development install
    changes behaviour without changing its version."""
    here = Path(__file__).resolve().parent
    parts = [__version__]
    for p in sorted(here.rglob("*.py")):
        st = p.stat()
        parts.append(f"{p.relative_to(here)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _pipelines(cfg: Config) -> list[str]:
    """The trained pipeline (name and version) each language would use: findings differ with one."""
    from framing_lint import nlp
    from framing_lint.api import LANGUAGES

    out = []
    for language in LANGUAGES:
        name = nlp.find_model(language, cfg.models.get(language))
        version = ""
        if name:
            meta = Path(name) / "meta.json"
            try:
                if meta.is_file():
                    version = hashlib.sha256(meta.read_bytes()).hexdigest()
                else:
                    from importlib.metadata import version as dist_version

                    version = dist_version(name.replace("_", "-"))
            except Exception:  # noqa: BLE001 - an unknown version: the name alone keys it
                version = "?"
        out.append(f"{language}={name or 'none'}@{version}")
    return out


def config_digest(cfg: Config) -> str:
    """Everything but the file that decides its findings: config, rules, pipelines, code."""
    from framing_lint.rules.location import shipped_dir

    h = hashlib.sha256()
    settings = {k: v for k, v in cfg._asdict().items() if k not in ("exclude", "fail_on", "source", "rule_files")}
    settings["rule_files"] = [str(resolve(f, cfg)) for f in cfg.rule_files]
    h.update(json.dumps([FORMAT, _code_digest(), settings, _pipelines(cfg)], sort_keys=True, default=list).encode())
    shipped = shipped_dir()
    _tree_digest(sorted(shipped.rglob("*.yaml")), h)
    _tree_digest([resolve(f, cfg) for f in cfg.rule_files], h)
    return h.hexdigest()


# An entry stores every field of a finding but its path, by name order. A field added to
# Finding changes findings.py and so the code digest: old entries are then never read.
FIELDS = tuple(name for name in Finding._fields if name != "path")
_TYPES: dict[str, Any] = {
    "rule": str, "category": str, "severity": str, "message": str, "text": str,
    "line": int, "column": int, "end_line": int, "end_column": int, "start": int, "end": int,
    "fix": (str, type(None)), "fix_safe": bool, "quoted": bool,
}
_STRING_LISTS = {name for name, default in Finding._field_defaults.items() if isinstance(default, tuple)}


def _row(f: Finding) -> list[Any]:
    return [list(v) if isinstance(v, tuple) else v for v in (getattr(f, name) for name in FIELDS)]


def _field(name: str, value: Any) -> Any:
    if name in _STRING_LISTS:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(name)
        return tuple(value)
    kind = _TYPES.get(name, (str, int, float, bool, type(None)))
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(name)
    return value


def _finding(path: str, row: Any) -> Finding:
    """A finding from an entry's row; raises ValueError for anything but what we write."""
    if not isinstance(row, list) or len(row) != len(FIELDS):
        raise ValueError("bad row")
    found = Finding(path, *(_field(name, value) for name, value in zip(FIELDS, row)))
    if len(found.sentence) != 3:
        raise ValueError("sentence")
    return found


class FindingsCache:
    def __init__(self, directory: Path) -> None:
        self.root = directory / FORMAT
        self._configs: dict[str, str] = {}  # repr(config) -> digest

    def _digest(self, cfg: Config) -> str | None:
        r = repr(cfg)
        if r not in self._configs:
            try:
                self._configs[r] = config_digest(cfg)
            except (OSError, ValueError):
                return None  # a rule file we cannot read: linting reports it; no caching
        return self._configs[r]

    def key(self, data: bytes, fmt: str, cfg: Config, path: str) -> str | None:
        """The entry for a file's bytes, format and config (with the per-file ignores for ``path``)."""
        digest = self._digest(file_config(cfg, path))
        if digest is None:
            return None
        h = hashlib.sha256(digest.encode())
        h.update(fmt.encode() + b"\0")
        h.update(data)
        return h.hexdigest()

    def lookup_file(self, path: Path, cfg: Config) -> list[Finding] | None:
        """The stored findings for the file as it is now on disk, or None (runners use this to
        keep files that need no linting away from their workers)."""
        from framing_lint import documents

        name = str(path)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        key = self.key(data, documents.detect_format(name, cfg.formats), cfg, name)
        return self.lookup(key, name) if key is not None else None

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"

    def lookup(self, key: str, path: str) -> list[Finding] | None:
        """The findings stored for ``key`` (given ``path``), or None when there are none usable."""
        try:
            entry = json.loads(self._path(key).read_bytes())
            if entry.get("key") != key or entry.get("version") != __version__:
                return None
            return [_finding(path, row) for row in entry["findings"]]
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None

    def store(self, key: str, findings: list[Finding]) -> None:
        """Record ``findings`` for ``key``; any failure (read-only folder, full disk) is ignored."""
        import tempfile

        target = self._path(key)
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps({"key": key, "version": __version__, "findings": [_row(f) for f in findings]},
                              ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass")
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)
            tmp = None
        except (OSError, ValueError):
            pass
        finally:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def prune(self, now: float | None = None) -> None:
        """Remove entries older than MAX_AGE_DAYS, at most once a day (a marker file says when)."""
        now = time.time() if now is None else now
        marker = self.root / "last-prune"
        try:
            if now - marker.stat().st_mtime < 86400:
                return
        except FileNotFoundError:
            pass
        except OSError:
            return
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            marker.touch()
            os.utime(marker, (now, now))
            limit = now - MAX_AGE_DAYS * 86400
            for sub in self.root.iterdir():
                if not sub.is_dir():
                    continue
                for entry in sub.iterdir():
                    try:
                        if entry.stat().st_mtime < limit:
                            entry.unlink()
                    except OSError:
                        continue
        except OSError:
            pass


def open_cache(directory: Path | None = None) -> FindingsCache | None:
    """The cache in ``directory`` (default: the platform's cache folder), or None when turned off."""
    d = directory if directory is not None else default_dir()
    if d is None:
        return None
    cache = FindingsCache(d)
    cache.prune()
    return cache
