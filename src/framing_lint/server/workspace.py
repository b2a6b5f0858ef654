"""What the language server knows besides the protocol: settings, the config of each
document, trained pipelines loading in the background, and linting one buffer.

Nothing here imports pygls: the protocol layer (:mod:`framing_lint.server.app`) calls
:meth:`Workspace.lint` in its lint thread and turns the :class:`Result` into diagnostics.
"""
from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from framing_lint import api, documents, nlp
from framing_lint.config import Config, ConfigError, ConfigResolver
from framing_lint.documents.base import Document
from framing_lint.findings import Finding
from framing_lint.rules.errors import RuleFileError
from framing_lint.server.text import Text

# Editors' language ids, for buffers whose name says nothing (untitled, no extension).
LANGUAGE_IDS: dict[str, str] = {
    "markdown": "markdown",
    "mdx": "mdx",
    "html": "html",
    "plaintext": "text",
    "text": "text",
    "restructuredtext": "rst",
    "rst": "rst",
    "jinja": "jinja",
    "jinja-html": "jinja-html",
    "jinja2": "jinja",
    "django-html": "jinja-html",
    "htmldjango": "jinja-html",
    "handlebars": "handlebars",
    "mustache": "mustache",
    "liquid": "liquid",
}
RUN_MODES = ("onType", "onSave")
DEFAULT_DEBOUNCE_MS = 50


class Settings(NamedTuple):
    """What the client may set (initializationOptions, workspace/configuration, or
    workspace/didChangeConfiguration), on top of the project's config files."""

    config: str | None = None  # a config file for every document, like `check --config`
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    language: str | None = None
    models: dict[str, str] = {}  # noqa: RUF012 - replaced, never mutated
    run: str = "onType"  # or "onSave": lint when a buffer is opened or saved only
    debounce: int = DEFAULT_DEBOUNCE_MS  # ms of quiet typing before a lint


def _strings(value: Any, key: str, problems: list[str]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"setting {key!r} must be a list of rule ids or categories")
        return ()
    return tuple(v.strip() for v in value if v.strip())


SECTIONS = ("framing-lint", "framingLint", "framing_lint")


def section(raw: Any) -> dict[str, Any]:
    """The settings themselves, whether sent bare or in a ``framing-lint`` section (clients
    do both); {} for anything else."""
    if not isinstance(raw, Mapping):
        return {}
    for name in SECTIONS:
        if isinstance(raw.get(name), Mapping):
            return dict(raw[name])
    return dict(raw)


def parse_settings(raw: Any) -> tuple[Settings, list[str]]:
    """Settings from what a client sent (unknown keys and bad values are reported, not fatal).

    Accepts the settings themselves or wrapped in a ``framing-lint`` (or ``framingLint``)
    section, as clients send either.
    """
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        return Settings(), ([] if raw is None else ["settings must be an object"])
    raw = section(raw)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        k = {"lint_delay": "debounce", "configFile": "config", "config_file": "config"}.get(key, key)
        if value is None:
            continue
        if k == "config":
            if isinstance(value, str) and value.strip():
                values["config"] = value.strip()
            elif not isinstance(value, str):
                problems.append("setting 'config' must be the path of a config file")
        elif k in ("select", "ignore"):
            values[k] = _strings(value, k, problems)
        elif k == "language":
            if value in ("auto", "en", "fr"):
                values[k] = value
            else:
                problems.append(f"setting 'language' must be auto, en or fr, not {value!r}")
        elif k == "models":
            if isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values()):
                values[k] = {str(a): b for a, b in value.items()}
            else:
                problems.append("setting 'models' must map languages to pipeline names, e.g. {\"en\": \"none\"}")
        elif k == "run":
            if value in RUN_MODES:
                values[k] = value
            else:
                problems.append(f"setting 'run' must be onType or onSave, not {value!r}")
        elif k == "debounce":
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10_000:
                values[k] = value
            else:
                problems.append(f"setting 'debounce' must be a number of milliseconds, not {value!r}")
        else:
            problems.append(f"unknown setting {key!r} (known: {', '.join(Settings._fields)})")
    return Settings(**values), problems


def format_for(name: str | None, language_id: str | None, overrides: Mapping[str, str]) -> str:
    """The document format: the config's globs, then the file name's extension, then the
    editor's language id (an untitled buffer), else plain text."""
    if name:
        fmt = documents.detect_format(name, overrides)
        lower = Path(name).name.lower()
        if fmt != "text" or any(lower.endswith(ext) for ext in documents.known_extensions()):
            return fmt
    return LANGUAGE_IDS.get((language_id or "").lower(), "text")


class Result(NamedTuple):
    """One lint of one version of a buffer."""

    version: int | None
    text: Text
    name: str  # the file name findings carry
    fmt: str
    config: Config | None  # as used (a language still loading its pipeline reads as lexical)
    document: Document | None
    findings: list[Finding]
    language: str | None
    error: str | None = None  # why the buffer could not be linted, for the user
    crashed: bool = False  # error is an unexpected exception (traceback in ``details``)
    details: str = ""
    waiting: tuple[str, str] | None = None  # (language, setting) of a pipeline still loading

    def relint(self, source: str) -> tuple[Document, list[Finding], str]:
        """Lint another text as this buffer (same name, format and config): for fixes."""
        assert self.config is not None
        doc = documents.parse(source, self.fmt)
        return doc, api.lint_parsed(doc, self.name, self.config), api.document_language(doc, self.config)


class Pipelines:
    """Trained pipelines, each loaded once in its own thread while documents of that
    language are linted in the lexical mode; ``on_done`` is called (from that thread) when a
    load ends, with the error message if it failed."""

    def __init__(self, on_done: Callable[[tuple[str, str], str | None, float], None]) -> None:
        self.on_done = on_done
        self.ready: set[tuple[str, str]] = set()
        self.failed: dict[tuple[str, str], str] = {}
        self._loading: set[tuple[str, str]] = set()
        self._found: dict[tuple[str, str], str | None] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(1, thread_name_prefix="framing-lint-pipeline")

    def effective(self, cfg: Config, language: str) -> tuple[Config, tuple[str, str] | None]:
        """The config to lint with now, and the pipeline being waited for (if any)."""
        setting = cfg.models.get(language)
        key = (language, setting or "auto")
        with self._lock:
            if key not in self._found:
                self._found[key] = nlp.find_model(language, setting)
            if self._found[key] is None or key in self.ready:
                return cfg, None
            lexical = cfg.merged(models={**cfg.models, language: "none"})
            if key in self.failed:
                return lexical, None
            if key not in self._loading:
                self._loading.add(key)
                self._executor.submit(self._load, key, setting)
        return lexical, key

    def _load(self, key: tuple[str, str], setting: str | None) -> None:
        started = time.perf_counter()
        error = None
        try:
            nlp.load(key[0], setting)
        except Exception as exc:  # noqa: BLE001 - a pipeline that cannot load leaves the lexical mode
            error = str(exc) if isinstance(exc, nlp.ModelError) else f"{type(exc).__name__}: {exc}"
        with self._lock:
            self._loading.discard(key)
            if error is None:
                self.ready.add(key)
            else:
                self.failed[key] = error
        self.on_done(key, error, time.perf_counter() - started)

    def forget(self) -> None:
        """After a config change: look the pipelines up again (a failed one may load now)."""
        with self._lock:
            self.failed.clear()
            self._found.clear()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class Workspace:
    """Settings and configs; ``lint`` runs in the server's lint thread only."""

    def __init__(self, root: Path | None, on_pipeline: Callable[[tuple[str, str], str | None, float], None]) -> None:
        self.root = root
        self.settings = Settings()
        self.pipelines = Pipelines(on_pipeline)
        self._resolver: ConfigResolver | None = None

    # -- configuration -------------------------------------------------------------------
    def resolver(self) -> ConfigResolver:
        """Configs as ``check`` finds them: the nearest config file above each document
        (or the ``config`` setting for all), the client's settings on top as options."""
        if self._resolver is None:
            s = self.settings
            config_file: Path | None = None
            if s.config:
                config_file = Path(s.config).expanduser()
                if not config_file.is_absolute() and self.root is not None:
                    config_file = self.root / config_file
            overrides = {"select": s.select or None, "ignore": s.ignore or None, "language": s.language,
                         "models": s.models or None}
            self._resolver = ConfigResolver(config_file, overrides, cwd=self.root)
        return self._resolver

    def config_for(self, path: Path | None) -> Config:
        """The config for one document (raises ConfigError for a broken one)."""
        resolver = self.resolver()
        cfg = resolver.for_path(path) if path is not None else resolver.default
        api.check_names(cfg)
        return cfg

    def forget(self) -> None:
        """Read configs and rule files again on the next lint (lint thread only)."""
        self._resolver = None
        api.clear_caches()
        self.pipelines.forget()

    # -- linting -------------------------------------------------------------------------
    def lint(self, path: Path | None, name: str, language_id: str | None, text: Text, version: int | None) -> Result:
        """Lint one buffer; never raises: what went wrong is in ``Result.error``."""
        fmt = format_for(name, language_id, {})
        try:
            cfg = self.config_for(path)
            fmt = format_for(name, language_id, cfg.formats)
            if fmt in documents.BINARY_FORMATS:
                return Result(version, text, name, fmt, cfg, None, [], None,
                              error=f"{fmt} files are linted with 'framing-lint check', not as an editor buffer")
            doc = documents.parse(text.source, fmt)
            language = api.document_language(doc, cfg)
            used, waiting = self.pipelines.effective(cfg, language)
            findings = api.lint_parsed(doc, name, used)
            return Result(version, text, name, fmt, used, doc, findings, language, waiting=waiting)
        except (ConfigError, RuleFileError, nlp.ModelError) as exc:
            return Result(version, text, name, fmt, None, None, [], None, error=str(exc))
        except Exception as exc:  # noqa: BLE001 - one bad buffer must not stop the server
            return Result(version, text, name, fmt, None, None, [], None, crashed=True,
                          error=f"{type(exc).__name__}: {exc}", details=traceback.format_exc())
