"""The public Python API: what the CLI, the pre-commit hook and editors call."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
import os
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from framing_lint import documents
from framing_lint.checks import DOCUMENT_CATEGORY, DOCUMENT_CHECKS
from framing_lint.config import Config, ConfigError, ConfigResolver, file_config, load_config, resolve
from framing_lint.documents.base import Document
from framing_lint.engine import CompiledRules, Options, lint_document, select_rules
from framing_lint.findings import Finding

if TYPE_CHECKING:
    from framing_lint.nlp import Pipeline
    from framing_lint.files import Selection
    from framing_lint.findingscache import FindingsCache
    from framing_lint.rulecache import RuleStore
    from framing_lint.rules.model import Rule

# The YAML loader is imported only when rules are compiled, not when they come from the
# disk cache (framing_lint.rulecache): a one-paragraph run then never imports PyYAML.
LANGUAGES = ("en", "fr")

DEFAULT_LANGUAGE = "en"


class FileError(NamedTuple):
    path: str
    message: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


FileResult = tuple[list[Finding], FileError | None, bool]  # (findings, error, skipped)


class Report:
    """What ``lint_paths`` found, filled in as files are linted."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.errors: list[FileError] = []
        self.notices: list[FileError] = []  # entries the walk skipped (links leaving the tree ...)
        self.files = 0  # files linted
        self.skipped = 0  # binary files skipped

    def __repr__(self) -> str:
        return f"Report(findings={len(self.findings)}, errors={self.errors!r}, files={self.files}, skipped={self.skipped})"


# -- rules ---------------------------------------------------------------------------------
_rules_cache: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[Rule]] = {}
_compiled_cache: dict[tuple[object, ...], CompiledRules] = {}
_rule_stores: dict[tuple[str, tuple[str, ...], tuple[str, ...]], RuleStore] = {}  # rules in the disk cache


def _rule_file_language(path: Path) -> str:
    from framing_lint.rules.loader import read_yaml

    data = read_yaml(path)
    lang = data.get("language") if isinstance(data, dict) else None
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _rules_key(language: str, cfg: Config) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    return (language, cfg.packs, tuple(str(resolve(f, cfg)) for f in cfg.rule_files))


def load_rules(language: str, config: Config | None = None) -> list[Rule]:
    """Every rule that is on for ``language`` (shipped packs + the organisation's files),
    before ``select`` / ``ignore``. Raises RuleFileError or ConfigError."""
    cfg = config or Config()
    key = _rules_key(language, cfg)
    if key in _rules_cache:
        return _rules_cache[key]
    if key in _rule_stores:  # read from the disk cache by compiled_rules
        try:
            _rules_cache[key] = _rule_stores[key].all()
            return _rules_cache[key]
        except Exception:  # noqa: BLE001 - broken cache entry: compile instead
            _rule_stores.pop(key, None)
    files = key[2]
    from framing_lint.rules.loader import (
        Problem,
        RuleFileError,
        check_unique,
        load_pack,
        load_shared_classes,
        pack_files,
        shipped_packs,
    )

    problems: list[Problem] = []
    shared = load_shared_classes(language, problems)
    available = shipped_packs(language)
    rules: list[Rule] = []
    for name in cfg.packs:
        if name not in available:
            if not any(name in shipped_packs(other) for other in LANGUAGES):
                known = sorted({p for lang in LANGUAGES for p in shipped_packs(lang)})
                where = f"{cfg.source}: " if cfg.source else ""
                raise ConfigError(f"{where}unknown rule pack {name!r} (shipped packs: {', '.join(known)})")
            continue
        for path in pack_files(available[name]):
            rules += load_pack(path, shared, problems)[2]
    for f in files:
        path = Path(f)
        if not path.is_file():
            where = f"{cfg.source}: " if cfg.source else ""
            raise ConfigError(f"{where}rule file {f!r} not found")
        if _rule_file_language(path) != language:
            continue
        rules += load_pack(path, shared, problems)[2]
    check_unique(rules, problems)
    if problems:
        raise RuleFileError(problems)
    _rules_cache[key] = rules
    return rules


def compiled_rules(language: str, config: Config | None = None) -> CompiledRules:
    cfg = config or Config()
    key = (language, cfg.packs, cfg.rule_files, cfg.base_dir, cfg.select, cfg.ignore)
    if key not in _compiled_cache:
        from framing_lint import rulecache

        before = rulecache.key(language, cfg)  # before any rule file is read (see rulecache.store)
        cached = rulecache.load(language, cfg, before)
        if cached is not None:
            gate, large_sets, read_rules, names = cached
            if names is not None:
                _known_names[_rules_key(language, cfg)] = frozenset(names)
            # A broken word-set part means compiling: the same rules give the same sets in
            # the same order, so the gate's references still hold.
            large_sets.fallback = partial(_compile_large_sets, language, cfg)
            _compiled_cache[key] = CompiledRules.from_gate(gate, _CachedRules(language, cfg, read_rules), large_sets)
        else:
            rules = load_rules(language, cfg)
            compiled = _compiled_cache[key] = CompiledRules.build(language, select_rules(rules, cfg.select, cfg.ignore))
            position = {id(r): i for i, r in enumerate(rules)}
            rulecache.store(language, cfg, compiled.gate(), compiled.large_sets, rules,
                            [position[id(r)] for r in compiled.rules], before)
    return _compiled_cache[key]


def _compile_large_sets(language: str, cfg: Config) -> Sequence[frozenset[str]]:
    """The gate's large word sets compiled from the rule files (the cache's are broken).
    The cached rules refer to those sets too, so they are not read from the cache either."""
    _rule_stores.pop(_rules_key(language, cfg), None)
    return CompiledRules.build(language, select_rules(load_rules(language, cfg), cfg.select, cfg.ignore)).large_sets


class _CachedRules(Sequence["Rule"]):
    """The selected rules behind a gate from the disk cache, each read on first use.

    If the cache's rule part turns out broken, the rules are compiled from their files
    (same files, same order, so the gate's indexes still hold).
    """

    def __init__(self, language: str, cfg: Config, read: Callable[[], RuleStore]) -> None:
        self.language = language
        self.cfg = cfg
        self.store: RuleStore | None = None
        self.compiled: list[Rule] | None = None
        try:
            self.store = read()
            _rule_stores[_rules_key(language, cfg)] = self.store
        except Exception:  # noqa: BLE001 - broken cache: compile instead
            self._compile()

    def _compile(self) -> list[Rule]:
        _rule_stores.pop(_rules_key(self.language, self.cfg), None)
        self.store = None
        self.compiled = select_rules(load_rules(self.language, self.cfg), self.cfg.select, self.cfg.ignore)
        return self.compiled

    def __len__(self) -> int:
        return len(self.store.selected) if self.store is not None else len(self.compiled or ())

    def __getitem__(self, index: int) -> Rule:  # type: ignore[override]
        if self.store is None:
            assert self.compiled is not None
            return self.compiled[index]
        position = self.store.selected[index]  # an IndexError here is the caller's
        try:
            return self.store.get(position)
        except Exception:  # noqa: BLE001 - broken cache entry: compile instead
            return self._compile()[index]


def clear_caches() -> None:
    """Forget the rules kept in memory, so the next lint reads the rule files again.

    A long-running caller (the language server) calls it when a config or rule file
    changes; the disk cache (framing_lint.rulecache) checks the files itself.
    """
    _rules_cache.clear()
    _compiled_cache.clear()
    _rule_stores.clear()


def all_rules(config: Config | None = None) -> list[Rule]:
    return [r for lang in LANGUAGES for r in load_rules(lang, config)]


_known_names: dict[tuple[str, tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}


def known_names(config: Config) -> frozenset[str]:
    """Every rule id and category of the rules ``config`` turns on (before select/ignore).

    Read from the rule cache when it has them, so checking a config's rule names does not
    unpickle every rule.
    """
    out: set[str] = set()
    for language in LANGUAGES:
        key = _rules_key(language, config)
        if key not in _known_names:
            compiled_rules(language, config)
        if key not in _known_names:
            rules = load_rules(language, config)
            _known_names[key] = frozenset(r.id for r in rules) | frozenset(r.category for r in rules)
        out |= _known_names[key]
    return frozenset(out) | frozenset(DOCUMENT_CHECKS) | {DOCUMENT_CATEGORY}


_names_checked: set[tuple[object, ...]] = set()


def check_names(config: Config) -> None:
    """Raise ConfigError naming the file and line of a rule id or category the config
    names (in select, ignore, severity or per-file-ignores) that no rule has."""
    import fnmatch

    named = [("select", n) for n in config.select] + [("ignore", n) for n in config.ignore]
    named += [("severity", n) for n in config.severity]
    named += [("per-file-ignores", n) for names in config.per_file_ignores.values() for n in names]
    if not named:
        return
    memo = (config.source, config.packs, config.rule_files, tuple(named))
    if memo in _names_checked:
        return
    known = known_names(config)
    for key, name in named:
        if name in known or any(fnmatch.fnmatchcase(k, name) for k in known):
            continue
        import difflib

        close = difflib.get_close_matches(name, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else "; see 'framing-lint rules list'"
        where = _where(config, key)
        raise ConfigError(f"{where}unknown rule or category {name!r} in {key}{hint}")
    _names_checked.add(memo)


def _where(config: Config, key: str) -> str:
    if not config.source:
        return ""
    from framing_lint.config import _key_line

    try:
        text = Path(config.source).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return f"{config.source}: "
    return f"{config.source}:{_key_line(text, key)}: "


# -- documents -----------------------------------------------------------------------------
def document_language(doc: Document, config: Config) -> str:
    if config.language != "auto":
        return config.language
    if doc.language in LANGUAGES:
        return doc.language
    from framing_lint.language import detect_language

    return detect_language(doc.prose.text) or DEFAULT_LANGUAGE


def lint_parsed(doc: Document, path: str, config: Config, annotator: Pipeline | None = None) -> list[Finding]:
    """Findings for a parsed document, with the config's per-file-ignores for ``path``
    applied, document warnings included, sorted by position, none below ``min_severity``.
    ``annotator`` replaces the configured trained pipeline (see ``engine.lint_document``)."""
    config = file_config(config, path)
    language = document_language(doc, config)
    compiled = compiled_rules(language, config)
    known: frozenset[str] = frozenset()
    if doc.directives:  # rule ids in directives are checked against every rule, even unselected
        known = known_names(config)
    options = Options(model=config.models.get(language), severity=config.severity, allow=config.allow, quoted=config.quoted)
    findings = lint_document(doc, compiled, path, options, known, annotator)
    if doc.warnings:
        findings += document_warnings(doc, path, config)
    findings = _shown(findings, config)
    findings.sort(key=lambda f: (f.line, f.column, f.end_line, f.end_column, f.rule))
    return findings


def document_warnings(doc: Document, path: str, config: Config) -> list[Finding]:
    """``Document.warnings`` as findings: an id per kind, severity ``warning`` unless the
    config says otherwise; ``ignore`` (the id or the category ``document``) hides them."""
    from framing_lint.checks import classify, with_advice
    from framing_lint.lines import LineIndex

    index = LineIndex(doc.source)
    out: list[Finding] = []
    for line, message in doc.warnings:
        rule = classify(message)
        if _named(rule, config.ignore):
            continue
        line = min(max(line, 1), len(index.starts))
        start = index.starts[line - 1]
        severity = config.severity.get(rule) or config.severity.get(DOCUMENT_CATEGORY) or "warning"
        out.append(Finding(path=path, rule=rule, category=DOCUMENT_CATEGORY, severity=severity,
                           message=with_advice(rule, message),
                           line=line, column=1, end_line=line, end_column=1, start=start, end=start, text=""))
    return out


def _named(rule: str, names: Sequence[str]) -> bool:
    import fnmatch

    return any(n in (rule, DOCUMENT_CATEGORY) or fnmatch.fnmatchcase(rule, n) for n in names)


def _shown(findings: list[Finding], config: Config) -> list[Finding]:
    if config.min_severity == "info":
        return findings
    from framing_lint.severity import SEVERITY_RANK

    floor = SEVERITY_RANK[config.min_severity]
    return [f for f in findings if SEVERITY_RANK.get(f.severity, 0) >= floor]


def lint_text(text: str, *, filename: str | None = None, config: Config | None = None) -> list[Finding]:
    """Findings for one text; ``filename`` picks the format (``.md``, ``.html.j2`` ...).

    Without ``config``, the project's config is discovered as the command does: the nearest
    ``.framing-lint.yaml`` / ``pyproject.toml`` above ``filename`` (or the working directory).
    Pass ``Config()`` for the defaults.
    """
    cfg = config if config is not None else load_config(filename or ".")
    check_names(cfg)
    fmt = documents.detect_format(filename, cfg.formats)
    if fmt in documents.BINARY_FORMATS:
        raise ValueError(f"{filename}: {fmt} files are binary; use lint_paths")
    doc = documents.parse(text, fmt)
    return lint_parsed(doc, filename or "-", cfg)


def lint_bytes(data: bytes, *, filename: str | None = None, config: Config | None = None) -> list[Finding]:
    """Findings for the bytes of one file (what an editor pipes in): decoded as files are
    (byte-order marks, UTF-16, legacy encodings), Word and OpenDocument included.

    Raises :class:`~framing_lint.sourcefile.SourceError` for data that cannot be linted:
    binary, larger than the config's limits, corrupt."""
    cfg = config if config is not None else load_config(filename or ".")
    check_names(cfg)
    name = filename or "-"
    return lint_parsed(_document(data, name, cfg), name, cfg)


def _document(data: bytes, name: str, config: Config) -> Document:
    """Parse the bytes of a file named ``name``; raises SourceError (BinaryFileError for
    binary data)."""
    from framing_lint.limits import too_large
    from framing_lint.sourcefile import SourceError, decode_source

    fmt = documents.detect_format(name, config.formats)
    limits = config.limits()
    if fmt in documents.BINARY_FORMATS:
        if len(data) > limits.max_unpacked_size:
            raise SourceError(name, too_large("the file", len(data), "max_unpacked_size", limits.max_unpacked_size))
        return documents.parse_bytes(data, fmt, limits)
    if len(data) > limits.max_file_size:
        raise SourceError(name, too_large("the file", len(data), "max_file_size", limits.max_file_size))
    got = decode_source(data, name)
    doc = documents.parse(got.text, fmt)
    if got.warnings:
        from framing_lint.lines import LineIndex

        index = LineIndex(got.text)
        doc.warnings += [(index.line_of(offset), message) for offset, message in got.warnings]
    return doc


def lint_file(path: str | Path, config: Config | ConfigResolver, cache: FindingsCache | None = None,
              name: str | None = None) -> FileResult:
    """``(findings, error, skipped)`` for one file or URL; never raises for bad input files.

    ``config`` is the file's config, or a resolver that finds it (a URL gets the resolver's
    default: the working directory's config, or ``--config``). Only a regular file is read,
    and no more of it than the config's ``max_file_size`` (Word and OpenDocument files:
    ``max_unpacked_size``). With a ``cache`` (see :mod:`framing_lint.findingscache`), a file
    whose bytes, format, config and rules are unchanged since a run that stored it is read,
    not linted. ``name`` is what findings and errors call the file (default: ``path`` as
    given).
    """
    from framing_lint.remote import is_url
    from framing_lint.sourcefile import BinaryFileError, SourceError, read_bytes

    name = name or str(path)
    url = isinstance(path, str) and is_url(path)
    if isinstance(config, ConfigResolver):
        config = config.default if url else config.for_path(path)
    fmt = documents.detect_format(name, config.formats)
    limits = config.limits()
    size, key_name = ((limits.max_unpacked_size, "max_unpacked_size") if fmt in documents.BINARY_FORMATS
                      else (limits.max_file_size, "max_file_size"))
    try:
        raw = _read_url(str(path)) if url else read_bytes(Path(path), size, key_name)
    except SourceError as exc:
        return [], FileError(name, exc.reason), False
    except OSError as exc:
        return [], FileError(name, f"cannot read: {exc.strerror or exc}"), False
    key = cache.key(raw, fmt, config, name) if cache is not None else None
    if key is not None:
        assert cache is not None
        hit = cache.lookup(key, name)
        if hit is not None:
            return hit, None, False
    try:
        doc = _document(raw, name, config)
    except BinaryFileError:
        return [], None, True  # binary file: skipped silently
    except SourceError as exc:
        return [], FileError(name, exc.reason if hasattr(exc, "reason") else str(exc)), False
    except OSError as exc:
        return [], FileError(name, f"cannot read: {exc.strerror or exc}"), False
    except RecursionError:
        return [], FileError(name, "document is nested too deeply to parse"), False
    findings = lint_parsed(doc, name, config)
    if key is not None:
        assert cache is not None
        cache.store(key, findings)
    return findings, None, False


def _read_url(url: str) -> bytes:
    """A file's bytes through fsspec (by whichever worker lints it)."""
    from framing_lint import remote
    from framing_lint.sourcefile import SourceError

    try:
        return remote.read_bytes(url)
    except remote.RemoteError as exc:
        raise SourceError(url, str(exc).removeprefix(f"{url}: ")) from None
    except Exception as exc:  # noqa: BLE001 - each store raises its own errors (botocore, aiohttp ...)
        raise SourceError(url, f"cannot read: {getattr(exc, 'strerror', None) or exc}") from None


# -- many files ----------------------------------------------------------------------------
def lint_item(item: str | tuple[str, str], config: Config | ConfigResolver,
              cache: FindingsCache | None = None) -> FileResult:
    """What a runner runs for each file: ``lint_file``, with an unexpected failure on one
    file turned into an error for that file. The one per-file step of every runner.

    ``item`` is a path or URL, or ``(name, absolute path)`` for a worker whose working
    directory is not the caller's."""
    from framing_lint import nlp
    from framing_lint.rules.errors import RuleFileError

    name, where = item if isinstance(item, tuple) else (item, item)
    try:
        return lint_file(where, config, cache, name)
    except (ConfigError, RuleFileError, nlp.ModelError):
        raise  # the whole run is misconfigured: reported once, by the caller
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the run
        return [], FileError(name, f"internal error while linting: {exc!r}"), False


def prepare_worker(configs: Sequence[Config] | ConfigResolver, fast_load: bool = False, pipelines: bool = False,
                   every_rule: bool = True) -> None:
    """Once per worker process: compile (or read from the cache) the rules of every config
    and language, and with ``pipelines`` load the trained spaCy pipelines they name (a
    long-lived cluster worker pays that once, not on its first French file). A resolver
    gives the configs it has found so far; those found later are compiled on first use.

    ``every_rule``: also read every rule from the cache now, before workers fork (each then
    shares them instead of reading them again). A run in this process alone (one job)
    leaves them to be read on first use: most are never needed (0.5 s of CPU for both
    languages, against about 0.05 s for the rules the Sourcegraph handbook's candidate
    sentences need)."""
    from framing_lint import nlp

    nlp.fast_load = nlp.fast_load or fast_load
    for cfg in configs.configs() if isinstance(configs, ConfigResolver) else configs:
        for language in LANGUAGES:
            compiled_rules(language, cfg)
            if every_rule:
                load_rules(language, cfg)  # every cached rule read now, not once per forked worker
            if pipelines:
                nlp.load(language, cfg.models.get(language))


def iter_lint(targets: Iterable[str | Path], config: Config | ConfigResolver, *, jobs: int | None = None,
              scheduler: str | None = None, on_done: Callable[[], None] | None = None,
              cache: FindingsCache | None = None) -> Iterator[tuple[str, FileResult]]:
    """``(name, (findings, error, skipped))`` for each of ``targets`` (files and URLs, as
    :func:`walk_paths` yields them), in that order, as files finish. Targets are read as the
    run goes, a bounded window ahead, and nothing is kept once yielded: a caller that streams
    its output keeps flat memory over any number of files.

    The rule names of each config are checked (:func:`check_names`) before its first file.
    ``scheduler`` (or ``FRAMING_LINT_SCHEDULER``) sends the files to a Dask cluster; otherwise
    ``jobs`` processes on this machine (default: one per CPU). ``on_done`` is called as each
    file completes, in completion order (for progress). ``cache`` (local runs) answers for
    unchanged files here, so they never reach a worker.
    """
    from framing_lint import nlp
    from framing_lint.remote import is_url
    from framing_lint.runners import Done, Lost, Work, get_runner

    runner = get_runner(jobs, scheduler)
    # A cluster's workers live long: they load the pipelines up front, once each. Its
    # workers have their own disks: the findings cache (a folder here) stays out of it.
    remote = getattr(runner, "remote", False)
    cache = None if remote else cache
    # The configs met so far (the resolver's, when the workers start) are compiled before.
    configs = [config] if isinstance(config, Config) else config
    work = Work(partial(prepare_worker, configs, nlp.fast_load, remote),
                partial(lint_item, config=config, cache=cache),
                partial(prepare_worker, configs, nlp.fast_load, remote, every_rule=False))
    checked: set[int] = set()  # id() of each config whose names were checked: one per config, not per file
    for cfg in [config] if isinstance(config, Config) else config.configs():  # the working folder's, files or not
        check_names(cfg)
        checked.add(id(cfg))

    def items() -> Iterator[str | tuple[str, str] | Done]:
        for target in targets:
            name = str(target)
            url = is_url(name)
            cfg = config if isinstance(config, Config) else config.default if url else config.for_path(name)
            if id(cfg) not in checked:  # the resolver keeps each config it found: ids stay theirs
                check_names(cfg)
                checked.add(id(cfg))
            if cache is not None and not url:
                hit = cache.lookup_file(Path(name), cfg)
                if hit is not None:
                    yield Done(name, (hit, None, False))
                    continue
            # A cluster worker has its own working directory: it opens the absolute path,
            # findings keep the name the user gave.
            yield (name, os.path.abspath(name)) if remote and not url and not os.path.isabs(name) else name

    for item, result in runner.map(work, items(), on_done):
        name = item[0] if isinstance(item, tuple) else item
        if isinstance(result, Lost):
            result = ([], FileError(name, result.message), False)
        yield name, result


def lint_paths(paths: Sequence[str | Path], *, config: Config | ConfigResolver | None = None, jobs: int = 1,
               scheduler: str | None = None, on_file: Callable[[Path], None] | None = None,
               cache: FindingsCache | None = None) -> Report:
    """Lint files, folders and URLs (recursively, with git's ignore rules and config excludes).

    Without ``config`` each file gets the nearest config above it, as with ``framing-lint
    check``; a ``Config`` applies to every file. ``jobs`` > 1 spreads the files over a
    process pool, as ``framing-lint check --jobs`` does; ``scheduler`` (``tcp://host:8786``)
    over a Dask cluster, as ``--scheduler`` does. ``cache``
    (``framing_lint.findingscache.open_cache()``) skips files linted before with the same settings.
    """
    source = config if config is not None else ConfigResolver()
    report = Report()
    named: list[FileError] = []  # paths that cannot be linted come first, as in the command's report
    targets = walk_paths(paths, source, on_error=lambda p, m: named.append(FileError(p, m)),
                         on_notice=lambda p, m: report.notices.append(FileError(p, m)))
    for path, (findings, error, skipped) in iter_lint(targets, source, jobs=jobs, scheduler=scheduler, cache=cache):
        report.findings += findings
        if error:
            report.errors.append(error)
        elif skipped:
            report.skipped += 1
        else:
            report.files += 1
        if on_file:
            on_file(Path(path))
    report.errors[:0] = named
    return report


def walk_paths(paths: Iterable[str | Path], config: Config | ConfigResolver, *,
               on_error: Callable[[str, str], None] | None = None,
               on_notice: Callable[[str, str], None] | None = None) -> Iterator[Path | str]:
    """What a run over ``paths`` lints, yielded as the walk finds each file (one folder read
    at a time; nothing per file is kept). ``on_error(path, message)`` hears of the named paths
    it cannot lint, ``on_notice(path, message)`` of the entries the walk skipped."""
    from framing_lint.files import walk_files

    return walk_files(list(paths), config, on_error=on_error, on_notice=on_notice)


def select_paths(paths: Iterable[str | Path], config: Config | ConfigResolver) -> Selection:
    """What a run over ``paths`` lints, as a list, with the named paths it cannot lint and the
    entries its walk skipped (:func:`walk_paths` streams the same)."""
    from framing_lint.files import select_files

    return select_files(list(paths), config)


def iter_paths(paths: Iterable[str | Path], config: Config | ConfigResolver) -> list[Path]:
    return select_paths(paths, config).files


def check_configs(config: Config | ConfigResolver, targets: Sequence[Path] = ()) -> list[Config]:
    """Check the rule names of every config the targets use; returns those configs."""
    if isinstance(config, Config):
        configs = [config]
    else:
        from framing_lint.remote import is_url

        for path in targets:
            if not (isinstance(path, str) and is_url(path)):  # a URL gets the default config
                config.for_path(path)
        configs = config.configs()
    for cfg in configs:
        check_names(cfg)
    return configs
