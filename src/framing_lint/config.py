"""Configuration: ``.framing-lint.yaml`` or ``[tool.framing-lint]`` in ``pyproject.toml``,
found from the working directory upward, then command-line options on top.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NamedTuple

from framing_lint.severity import SEVERITIES

CONFIG_FILES = (".framing-lint.yaml", ".framing-lint.yml", "pyproject.toml")


class ConfigError(Exception):
    """A problem in a config file: ``str()`` is ``file:line: message`` where a line is known."""


class Config(NamedTuple):
    """Settings after discovery and merging; immutable (``merged`` returns a new one)."""

    packs: tuple[str, ...] = ("core",)  # shipped packs that are on, for every language
    rule_files: tuple[str, ...] = ()  # the organisation's own pack files
    select: tuple[str, ...] = ()  # rule ids or categories; empty = all
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = {}  # noqa: RUF012 - never mutated: configs are replaced, not edited  # rule id or category -> severity
    exclude: tuple[str, ...] = ()  # gitignore-style patterns
    language: str = "auto"  # auto | en | fr
    models: dict[str, str] = {}  # noqa: RUF012 - never mutated: configs are replaced, not edited  # language -> spaCy package name or path; "none" = lexical
    allow: tuple[str, ...] = ()  # phrases kept on purpose (a product name containing "Target")
    formats: dict[str, str] = {}  # noqa: RUF012 - never mutated: configs are replaced, not edited  # glob -> format name
    fail_on: str = "warning"
    quoted: str = "info"  # what to do with matches inside quotation marks: info | skip
    source: str | None = None  # file the config came from
    base_dir: str = "."  # relative paths in the config are relative to this

    def merged(self, **overrides: Any) -> Config:
        return self._replace(**{k: v for k, v in overrides.items() if v is not None})


_LIST_KEYS = {"packs", "rule_files", "select", "ignore", "exclude", "allow"}
_DICT_KEYS = {"severity", "models", "formats"}
_STR_KEYS = {"language", "fail_on", "quoted"}
KNOWN_KEYS = _LIST_KEYS | _DICT_KEYS | _STR_KEYS


def _key_line(text: str, key: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip()
        if stripped.startswith((f"{key}:", f"{key} =", f"{key}=", f'"{key}"')):
            return i
    return 1


def from_mapping(data: Any, file: str, text: str = "") -> Config:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{file}:1: the configuration must be a mapping of keys to values")
    values: dict[str, Any] = {}
    for key, value in data.items():
        k = str(key).replace("-", "_")
        line = _key_line(text, str(key))
        if k not in KNOWN_KEYS:
            raise ConfigError(f"{file}:{line}: unknown key {key!r} (known: {', '.join(sorted(KNOWN_KEYS))})")
        if k in _LIST_KEYS:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{file}:{line}: {key!r} must be a list of strings")
            values[k] = tuple(value)
        elif k in _DICT_KEYS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"{file}:{line}: {key!r} must be a mapping of names to strings")
            values[k] = {str(a): str(b) for a, b in value.items()}
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{file}:{line}: {key!r} must be a string")
            values[k] = value
    cfg = Config(**values, source=file, base_dir=str(Path(file).parent))
    validate(cfg, file, text)
    return cfg


def validate(cfg: Config, file: str = "command line", text: str = "") -> None:
    def where(key: str) -> str:
        return f"{file}:{_key_line(text, key)}" if text else file

    if cfg.language not in ("auto", "en", "fr"):
        raise ConfigError(f"{where('language')}: language must be auto, en or fr, got {cfg.language!r}")
    if cfg.fail_on not in SEVERITIES:
        raise ConfigError(f"{where('fail_on')}: fail_on must be one of {', '.join(SEVERITIES)}, got {cfg.fail_on!r}")
    if cfg.quoted not in ("info", "skip"):
        raise ConfigError(f"{where('quoted')}: quoted must be info or skip, got {cfg.quoted!r}")
    for name, level in cfg.severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where('severity')}: severity for {name!r} must be one of {', '.join(SEVERITIES)}, got {level!r}")


def load_file(path: Path) -> Config | None:
    """The config in one file, or None when the file has no framing-lint section."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read config file: {exc}") from exc
    if path.name == "pyproject.toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
        section = data.get("tool", {}).get("framing-lint")
        if section is None:
            return None
        return from_mapping(section, str(path), text)
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise ConfigError(f"{path}:{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    return from_mapping(data, str(path), text)


def discover(start: Path | None = None) -> Config:
    """The nearest config from ``start`` (default: the working directory) upward."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                cfg = load_file(candidate)
                if cfg is not None:
                    return cfg
    return Config()


def resolve(path: str, cfg: Config) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path(cfg.base_dir) / p


def as_dict(cfg: Config) -> dict[str, Any]:
    return cfg._asdict()


if sys.version_info < (3, 11):  # pragma: no cover
    raise ImportError("framing-lint needs Python 3.11 or newer")
