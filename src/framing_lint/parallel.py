"""Linting many files on several cores: a process pool over files.

spaCy holds the GIL for most of its work, so threads would not help; processes do. Each
worker loads its own pipeline on first need, and results come back in file order.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framing_lint.api import FileError, lint_file
from framing_lint.config import Config, ConfigResolver
from framing_lint.findings import Finding

if TYPE_CHECKING:
    from framing_lint.findingscache import FindingsCache

Result = tuple[list[Finding], FileError | None, bool]
# Below this many files per job the pool's start-up costs more than it saves.
MIN_FILES_PER_JOB = 4

_config: Config | ConfigResolver | None = None  # the file's config, or what finds it
_cache: FindingsCache | None = None


def _init(config: Config | ConfigResolver, fast_load: bool, cache: FindingsCache | None = None) -> None:
    global _config, _cache
    from framing_lint import nlp

    nlp.fast_load = fast_load
    _config = config
    _cache = cache


def _lint(path: Path) -> Result:
    assert _config is not None
    return safe_lint(path, _config, _cache)


def safe_lint(path: Path, config: Config | ConfigResolver, cache: FindingsCache | None = None) -> Result:
    """``lint_file`` that turns an unexpected failure on one file into an error for that file."""
    from framing_lint import nlp
    from framing_lint.config import ConfigError
    from framing_lint.rules.errors import RuleFileError

    try:
        return lint_file(path, config, cache)
    except (ConfigError, RuleFileError, nlp.ModelError):
        raise  # the whole run is misconfigured: the parent reports it once
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the run
        return [], FileError(str(path), f"internal error while linting: {exc!r}"), False


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def lint_files(paths: Sequence[Path], config: Config | ConfigResolver, jobs: int, cache: FindingsCache | None = None) -> Iterator[Result]:
    """``lint_file`` for each path, in order, using up to ``jobs`` processes (and ``cache``)."""
    if cache is not None and jobs > 1 and len(paths) > 1:
        # Files found in the cache are read here; only the others go to the pool, and
        # none at all when a second run over an unchanged folder finds every file.
        hits = {i: found for i, p in enumerate(paths) if (found := cache.lookup_file(p, config.for_path(p) if isinstance(config, ConfigResolver) else config)) is not None}
        if hits:
            rest = lint_files([p for i, p in enumerate(paths) if i not in hits], config, jobs, cache)
            for i in range(len(paths)):
                yield (hits[i], None, False) if i in hits else next(rest)
            return
    jobs = min(jobs, max(1, len(paths) // MIN_FILES_PER_JOB))
    if jobs <= 1:
        for p in paths:
            yield safe_lint(p, config, cache)
        return
    import multiprocessing

    from framing_lint import nlp
    from framing_lint.api import compiled_rules, load_rules
    from framing_lint.rules.loader import LANGUAGES

    # Compile once in the parent: forked workers inherit it, and a broken rule file is
    # reported before any work starts.
    if isinstance(config, ConfigResolver):
        configs = list({id(c): c for c in map(config.for_path, paths)}.values())
    else:
        configs = [config]
    for cfg in configs:
        for language in LANGUAGES:
            compiled_rules(language, cfg)
            load_rules(language, cfg)  # read every cached rule now, not once per worker

    # Fork keeps the compiled rules of the parent; spawn would re-import everything per worker.
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    chunk = max(1, min(16, len(paths) // (jobs * 8)))
    with ctx.Pool(jobs, initializer=_init, initargs=(config, nlp.fast_load, cache)) as pool:
        yield from pool.imap(_lint, paths, chunksize=chunk)
