"""Baselines: record today's findings, then report only the new ones.

A team adopting framing-lint on a repository with 1,500 findings records them once
(``--write-baseline``), turns the check on for new text (``--baseline``), and burns the
baseline down file by file. An entry is keyed by rule, path and the finding's fingerprint
(the matched text in its sentence, see :meth:`Finding.fingerprint`), with a count for a
sentence that occurs more than once, so lines moving above a finding and edits elsewhere in
the file do not make it new; a finding whose sentence changed is new.

The file is JSON, sorted, one entry per line group, so that it diffs well in review.
Paths are stored relative to the baseline file's folder, so the check can run from any
working directory.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from framing_lint import __version__
from framing_lint.findings import Finding

FORMAT_VERSION = 1
Key = tuple[str, str, str]  # (path, rule, fingerprint)


class BaselineError(Exception):
    """A baseline file that cannot be read or written: ``str()`` names the file."""


def _posix_relative(path: str, base: Path) -> str:
    if path == "-":
        return path
    return Path(os.path.relpath(os.path.abspath(path), base)).as_posix()


def _base_dir(file: str | Path) -> Path:
    return Path(os.path.abspath(file)).parent


def key(f: Finding, base: Path) -> Key:
    return (_posix_relative(f.path, base), f.rule, f.fingerprint())


class Baseline:
    """The recorded findings of one baseline file; ``filter`` consumes them as it goes."""

    def __init__(self, file: str, counts: Counter[Key]) -> None:
        self.file = file
        self.base = _base_dir(file)
        self.counts = counts
        self.remaining = Counter(counts)
        self.matched = 0
        self.paths = frozenset(path for path, _, _ in counts)

    def records(self, path: str) -> bool:
        """Whether the baseline has entries for the file ``path`` (a run keeps only those
        files' names, to say which entries no longer occur)."""
        return _posix_relative(path, self.base) in self.paths

    def is_new(self, f: Finding) -> bool:
        k = key(f, self.base)
        if self.remaining[k] > 0:
            self.remaining[k] -= 1
            self.matched += 1
            return False
        return True

    def filter(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that are not in the baseline (each entry absorbs ``count`` findings)."""
        return [f for f in findings if self.is_new(f)]

    def gone(self, linted: Iterable[str] | None = None) -> int:
        """How many recorded findings no longer occur (among ``linted`` paths, when given)."""
        if linted is None:
            return sum(self.remaining.values())
        paths = {_posix_relative(p, self.base) for p in linted}
        return sum(n for (path, _, _), n in self.remaining.items() if path in paths)


def load(file: str) -> Baseline:
    try:
        text = Path(file).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"{file}: baseline file not found (create it with --write-baseline {file})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{file}: cannot read baseline: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{file}:{exc.lineno}: not a framing-lint baseline (invalid JSON: {exc.msg})") from None
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list) or data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{file}: not a framing-lint baseline (version {FORMAT_VERSION}); "
                            f"write a new one with --write-baseline {file}")
    counts: Counter[Key] = Counter()
    for i, e in enumerate(entries):
        try:
            path, rule, fp, count = e["path"], e["rule"], e["fingerprint"], e.get("count", 1)
            if not all(isinstance(v, str) for v in (path, rule, fp)) or not isinstance(count, int) or count < 1:
                raise TypeError
        except (TypeError, KeyError):
            raise BaselineError(f"{file}: entry {i + 1} needs a path, rule, fingerprint and a positive count") from None
        counts[(path, rule, fp)] += count
    return Baseline(file, counts)


def render(findings: Sequence[Finding], file: str) -> str:
    base = _base_dir(file)
    counts: Counter[Key] = Counter()
    sample: dict[Key, Finding] = {}
    for f in findings:
        k = key(f, base)
        counts[k] += 1
        sample.setdefault(k, f)
    entries: list[dict[str, Any]] = []
    for k in sorted(counts):
        f = sample[k]
        entries.append({
            "path": k[0], "rule": k[1], "fingerprint": k[2], "count": counts[k],
            # For the people reviewing the baseline; not used for matching.
            "text": " ".join(f.text.split()), "line": f.line,
        })
    data = {"version": FORMAT_VERSION, "tool": f"framing-lint {__version__}", "findings": entries}
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    head = json.dumps({k: v for k, v in data.items() if k != "findings"}, ensure_ascii=False)[:-1]
    return f'{head}, "findings": [\n{body}\n]}}\n' if entries else json.dumps(data) + "\n"


def write(findings: Sequence[Finding], file: str) -> int:
    """Record ``findings`` in ``file`` (replaced atomically); the number of entries."""
    import tempfile

    text = render(findings, file)
    target = Path(file)
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # a file to commit, not a private temporary one
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
        raise BaselineError(f"{file}: cannot write baseline: {exc.strerror or exc}") from None
    return len(findings)
