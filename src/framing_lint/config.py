"""Configuration: ``.framing-lint.yaml`` or ``[tool.framing-lint]`` in ``pyproject.toml``.

Which settings apply to a file, most important first (the way ruff does it):

1. an inline directive in the document (``<!-- framing-lint: disable=... -->``);
2. options on the command line (``--ignore``, ``--severity`` ...), over whichever file applies;
3. ``--config FILE``: that one file for every path (no discovery);
4. otherwise the *nearest* config file in the file's folder or above it (in one folder,
   ``.framing-lint.yaml``, then ``.framing-lint.yml``, then a ``pyproject.toml`` that has a
   ``[tool.framing-lint]`` section); for standard input, above ``--stdin-filename``;
5. for a file with no config above it, the one found from the working directory upward;
6. the defaults.

A config file can ``extend`` another: the extending file's keys replace the base's, except
the mappings (``severity``, ``models``, ``formats``, ``per-file-ignores``), which are merged
key by key. ``rule_files`` and ``extend`` are relative to the file that names them;
``exclude`` and ``per-file-ignores`` patterns to the folder of the config file that applies.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from framing_lint.limits import DEFAULT as DEFAULT_LIMITS
from framing_lint.limits import Limits, parse_count, parse_size
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
    quoted: str = "skip"  # matches inside quotation marks are mentions, not uses: skip | info
    source: str | None = None  # file the config came from
    base_dir: str = "."  # relative paths in the config are relative to this
    # gitignore-style glob -> rule ids or categories not reported for matching files
    per_file_ignores: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 - never mutated
    min_severity: str = "info"  # findings below this are not shown (nor counted for fail_on)
    # How much of one file is read (see framing_lint.limits): bytes, bytes, elements.
    max_file_size: int = DEFAULT_LIMITS.max_file_size
    max_unpacked_size: int = DEFAULT_LIMITS.max_unpacked_size
    max_xml_elements: int = DEFAULT_LIMITS.max_xml_elements

    def merged(self, **overrides: Any) -> Config:
        return self._replace(**{k: v for k, v in overrides.items() if v is not None})

    def limits(self) -> Limits:
        return Limits(self.max_file_size, self.max_unpacked_size, self.max_xml_elements)


_LIST_KEYS = {"packs", "rule_files", "select", "ignore", "exclude", "allow"}
_DICT_KEYS = {"severity", "models", "formats"}
_STR_KEYS = {"language", "fail_on", "quoted", "min_severity"}
_SPECIAL_KEYS = {"extend", "per_file_ignores"}
_SIZE_KEYS = {"max_file_size", "max_unpacked_size"}
_COUNT_KEYS = {"max_xml_elements"}
KNOWN_KEYS = _LIST_KEYS | _DICT_KEYS | _STR_KEYS | _SPECIAL_KEYS | _SIZE_KEYS | _COUNT_KEYS
_MERGED_KEYS = _DICT_KEYS | {"per_file_ignores"}  # merged key by key under `extend`
# PyYAML and tomllib build nested values recursively: a hostile file nested thousands of
# levels deep must be a config error, not a RecursionError.
_MAX_DEPTH_MESSAGE = "the configuration is nested too deeply"


def _key_line(text: str, key: str) -> int:
    variants = {key, key.replace("_", "-"), key.replace("-", "_")}
    for i, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip().lstrip("[").lstrip('"')
        for k in variants:
            if stripped.startswith((f"{k}:", f"{k} =", f"{k}=", f'{k}"', f"tool.framing-lint.{k}]")):
                return i
    return 1


def _names(value: Any, file: str, line: int, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{file}:{line}: {key!r} must be a list of strings")
    return tuple(value)


def from_mapping(data: Any, file: str, text: str = "") -> Config:
    """A config from the parsed contents of ``file`` (``extend`` is not followed here)."""
    return Config(**_values(data, file, text), source=file, base_dir=str(Path(file).parent))


def _values(data: Any, file: str, text: str) -> dict[str, Any]:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{file}:1: the configuration must be a mapping of keys to values")
    values: dict[str, Any] = {}
    for key, value in data.items():
        k = str(key).replace("-", "_")
        line = _key_line(text, str(key))
        if k not in KNOWN_KEYS:
            import difflib

            spelled = sorted(n.replace("_", "-") if "-" in str(key) else n for n in KNOWN_KEYS)
            close = difflib.get_close_matches(str(key), spelled, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(spelled)})"
            raise ConfigError(f"{file}:{line}: unknown key {key!r}{hint}")
        if k in _LIST_KEYS:
            values[k] = _names(value, file, line, str(key))
        elif k in _DICT_KEYS:
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ConfigError(f"{file}:{line}: {key!r} must be a mapping of names to strings")
            values[k] = {str(a): str(b) for a, b in value.items()}
        elif k in _SIZE_KEYS or k in _COUNT_KEYS:
            try:
                values[k] = parse_size(value) if k in _SIZE_KEYS else parse_count(value)
            except ValueError as exc:
                raise ConfigError(f"{file}:{line}: {key!r}: {exc}") from None
        elif k == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{file}:{line}: {key!r} must map file patterns to lists of rule ids or categories")
            values[k] = {str(glob): _names(names, file, _key_line(text, str(glob)), f"{key}: {glob}")
                         for glob, names in value.items()}
        else:
            if not isinstance(value, str):
                raise ConfigError(f"{file}:{line}: {key!r} must be a string")
            values[k] = value
    probe = Config(**{k: v for k, v in values.items() if k != "extend"})
    validate(probe, file, text)
    return values


def validate(cfg: Config, file: str = "command line", text: str = "") -> None:
    def where(key: str) -> str:
        return f"{file}:{_key_line(text, key)}" if text else file

    def one_of(key: str, value: str, allowed: tuple[str, ...]) -> None:
        if value not in allowed:
            import difflib

            close = difflib.get_close_matches(value, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ConfigError(f"{where(key)}: {key} must be one of {', '.join(allowed)}, got {value!r}{hint}")

    if cfg.language not in ("auto", "en", "fr"):
        raise ConfigError(f"{where('language')}: language must be auto, en or fr, got {cfg.language!r}")
    one_of("fail_on", cfg.fail_on, SEVERITIES)
    one_of("min_severity", cfg.min_severity, SEVERITIES)
    one_of("quoted", cfg.quoted, ("info", "skip"))
    for name, level in cfg.severity.items():
        if level not in SEVERITIES:
            raise ConfigError(f"{where('severity')}: severity for {name!r} must be one of {', '.join(SEVERITIES)}, got {level!r}")
    if cfg.formats:
        from framing_lint.documents import FORMATS

        for glob, fmt in cfg.formats.items():
            if fmt not in FORMATS:
                import difflib

                close = difflib.get_close_matches(fmt, list(FORMATS), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(sorted(FORMATS))})"
                raise ConfigError(f"{where('formats')}: unknown format {fmt!r} for {glob!r}{hint}")


def _parse(path: Path) -> tuple[Any, str] | None:
    """(the framing-lint section, the file's text), or None for a pyproject.toml without one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}:1: cannot read config file: {exc}") from exc
    try:
        if path.suffix == ".toml":
            import tomllib

            try:
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
            if path.name == "pyproject.toml" or "tool" in data:
                section = data.get("tool", {}).get("framing-lint")
                return None if section is None else (section, text)
            return data, text
        import yaml

        try:
            return yaml.safe_load(text), text
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            raise ConfigError(f"{path}:{line}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    except RecursionError:
        raise ConfigError(f"{path}:1: {_MAX_DEPTH_MESSAGE}") from None


def load_file(path: Path, _chain: tuple[Path, ...] = ()) -> Config | None:
    """The config in one file (with the files it extends), or None when the file has no
    framing-lint section."""
    parsed = _parse(path)
    if parsed is None:
        return None
    data, text = parsed
    file = str(path)
    values = _values(data, file, text)
    base_dir = path.parent
    # Paths in rule_files are relative to the file that names them, whoever extends it.
    if "rule_files" in values:
        values["rule_files"] = tuple(str(_under(base_dir, f)) for f in values["rule_files"])
    extend = values.pop("extend", None)
    if extend is None:
        return Config(**values, source=file, base_dir=str(base_dir))
    line = _key_line(text, "extend")
    target = _under(base_dir, extend)
    if target.resolve() in {p.resolve() for p in (*_chain, path)}:
        raise ConfigError(f"{file}:{line}: 'extend' goes round in a circle back to {target}")
    if not target.is_file():
        raise ConfigError(f"{file}:{line}: 'extend' names {extend!r}, which is not a file")
    base = load_file(target, (*_chain, path))
    if base is None:
        raise ConfigError(f"{file}:{line}: 'extend' names {extend!r}, which has no [tool.framing-lint] section")
    for key in _MERGED_KEYS & values.keys():
        values[key] = {**getattr(base, key), **values[key]}
    return base._replace(**values, source=file, base_dir=str(base_dir))


def _under(base: Path, name: str) -> Path:
    p = Path(name).expanduser()
    return p if p.is_absolute() else base / p


def find_config_file(directory: Path) -> Path | None:
    """The nearest config file in ``directory`` or above it (a pyproject.toml counts only
    with a [tool.framing-lint] section)."""
    here = Path(os.path.abspath(directory))
    for d in (here, *here.parents):
        found = _config_in(d)
        if found is not None:
            return found
    return None


def _config_in(directory: Path) -> Path | None:
    for name in CONFIG_FILES:
        candidate = directory / name
        if candidate.is_file():
            if name == "pyproject.toml" and not _has_section(candidate):
                continue
            return candidate
    return None


def _has_section(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8-sig")
        if "framing-lint" not in text:
            return False
        import tomllib

        return tomllib.loads(text).get("tool", {}).get("framing-lint") is not None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return True  # not readable or not TOML: load_file reports it with its line


def discover(start: Path | None = None) -> Config:
    """The nearest config from ``start`` (default: the working directory) upward."""
    found = find_config_file(start or Path.cwd())
    cfg = load_file(found) if found is not None else None
    return cfg or Config()


def apply_overrides(cfg: Config, overrides: Mapping[str, Any]) -> Config:
    """Command-line options on top of a config: ``models`` and ``severity`` are merged, the
    rest replace the config's values (None = not given)."""
    values = {k: v for k, v in overrides.items() if v is not None and v != {}}
    for key in ("models", "severity"):
        if key in values:
            values[key] = {**getattr(cfg, key), **values[key]}
    out = cfg._replace(**values)
    validate(out)
    return out


# How many paths ConfigResolver.for_path remembers (see there).
_RECENT_PATHS = 64


class ConfigResolver:
    """Which config applies to each file: ``--config`` for all, else the nearest one.

    Discovery results are memoised per folder, so a walk over thousands of files reads each
    config file once. Picklable: worker processes get a copy.
    """

    def __init__(self, config_file: str | Path | None = None, overrides: Mapping[str, Any] | None = None,
                 cwd: Path | None = None) -> None:
        self.overrides = dict(overrides or {})
        self.cwd = Path(os.path.abspath(cwd or Path.cwd()))
        self._dirs: dict[Path, Config] = {}
        self._files: dict[Path, Config] = {}
        self._recent: dict[str, Config] = {}  # path as asked -> its config, see for_path
        self.fixed: Config | None = None
        if config_file is not None:
            path = Path(config_file)
            if not path.is_file():
                raise ConfigError(f"config file {str(config_file)!r} not found")
            cfg = load_file(path)
            if cfg is None:
                raise ConfigError(f"{config_file}: no [tool.framing-lint] section")
            self.fixed = apply_overrides(cfg, self.overrides)
            self.default = self.fixed
        else:
            found = find_config_file(self.cwd)
            self.default = self._load(found) if found is not None else apply_overrides(Config(), self.overrides)

    def _load(self, path: Path) -> Config:
        if path not in self._files:
            cfg = load_file(path)
            assert cfg is not None  # find_config_file only returns files with a section
            self._files[path] = apply_overrides(cfg, self.overrides)
        return self._files[path]

    def for_path(self, path: str | Path) -> Config:
        """The config for a file (or, for a folder, for the files directly in it)."""
        if self.fixed is not None:
            return self.fixed
        # A run asks for each file's config about three times in a row (the walk, the
        # reader, the linter); the answers of the last few paths are kept, not one per file,
        # so memory stays flat over any number of files.
        key = str(path)
        cfg = self._recent.get(key)
        if cfg is None:
            p = Path(os.path.abspath(self.cwd / path))
            cfg = self.for_dir(p if p.is_dir() else p.parent)
            if len(self._recent) >= _RECENT_PATHS:
                self._recent.clear()
            self._recent[key] = cfg
        return cfg

    def for_dir(self, directory: Path) -> Config:
        if self.fixed is not None:
            return self.fixed
        directory = Path(os.path.abspath(directory))
        todo: list[Path] = []
        cfg: Config | None = None
        for d in (directory, *directory.parents):
            if d in self._dirs:
                cfg = self._dirs[d]
                break
            todo.append(d)
            found = _config_in(d)
            if found is not None:
                cfg = self._load(found)
                break
        if cfg is None:
            cfg = self.default
        for d in todo:
            self._dirs[d] = cfg
        return cfg

    def configs(self) -> list[Config]:
        """Every distinct config used so far (the default first)."""
        out = [self.default]
        for cfg in (*self._files.values(), *self._dirs.values()):
            if not any(cfg is c for c in out):
                out.append(cfg)
        return out


def load_config(path: str | Path | None = None, *, config_file: str | Path | None = None,
                **overrides: Any) -> Config:
    """The settings that apply to ``path`` (a file or folder; default: the working
    directory), discovered as ``framing-lint check`` does; ``overrides`` as command-line
    options would give them (``ignore=("numbers",)``)."""
    resolver = ConfigResolver(config_file, overrides)
    return resolver.for_path(path) if path is not None else resolver.default


def file_config(cfg: Config, path: str | Path) -> Config:
    """``cfg`` for one file: the rules its ``per-file-ignores`` patterns name are ignored."""
    if not cfg.per_file_ignores or str(path) == "-":
        return cfg
    from framing_lint.globs import matches

    extra = tuple(name for glob, names in cfg.per_file_ignores.items() if matches([glob], path, cfg.base_dir)
                  for name in names if name not in cfg.ignore)
    return cfg._replace(ignore=cfg.ignore + tuple(dict.fromkeys(extra))) if extra else cfg


def config_for(config: Config | ConfigResolver, path: str | Path) -> Config:
    return config.for_path(path) if isinstance(config, ConfigResolver) else config


def resolve(path: str, cfg: Config) -> Path:
    p = Path(path).expanduser()
    return p if p.is_absolute() else Path(cfg.base_dir) / p


def as_dict(cfg: Config) -> dict[str, Any]:
    return cfg._asdict()
