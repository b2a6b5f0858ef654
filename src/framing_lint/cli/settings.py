"""``framing-lint config [PATH]``: the settings that apply to a file, where they come from,
and the JSON Schema of the config file."""
from __future__ import annotations

from typing import Any

import click

from framing_lint.cli.base import EXIT_OK, Command, config_option, echo, make_resolver, option

SCHEMA_RESOURCE = "config.schema.json"


def settings_dict(cfg: Any, path: str) -> dict[str, Any]:
    """The effective settings for ``path`` as plain data (per-file-ignores folded into ignore)."""
    from framing_lint.config import file_config

    effective = file_config(cfg, path)
    out: dict[str, Any] = {}
    for key, value in effective._asdict().items():
        if key in ("source", "base_dir"):
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = {k: list(v) if isinstance(v, tuple) else v for k, v in value.items()}
        out[key.replace("_", "-") if key == "per_file_ignores" else key] = value
    return out


def print_settings(resolver: Any, path: str, fmt: str) -> int:
    from framing_lint.api import check_names
    from framing_lint.cli.base import fail
    from framing_lint.config import ConfigError
    from framing_lint.rules.errors import RuleFileError

    try:
        cfg = resolver.for_path(path)
        check_names(cfg)
    except (ConfigError, RuleFileError) as exc:
        fail(str(exc))
    data = settings_dict(cfg, path)
    if fmt == "json":
        import json

        echo(json.dumps({"path": path, "config_file": cfg.source, "settings": data}, ensure_ascii=False, indent=2))
        return EXIT_OK
    import yaml

    where = f"from {cfg.source}" if cfg.source else "no config file found: the defaults"
    echo(f"# Settings for {path}\n# {where}; options given on the command line are included")
    echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100), nl=False)
    return EXIT_OK


def schema_text() -> str:
    from importlib import resources

    return resources.files("framing_lint").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")


@click.command("config", cls=Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("path", default=".", metavar="[PATH]", type=click.Path())
@config_option
@option("--format", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True, help="Output format.")
@option("--schema", is_flag=True, help="Print the JSON Schema of the config file instead.")
def config_command(path: str, config: str | None, format: str, schema: bool) -> int:  # noqa: A002
    """Print the settings that apply to PATH (a file or folder; default '.') and the config
    file they come from: the nearest .framing-lint.yaml or pyproject.toml above it."""
    if schema:
        echo(schema_text(), nl=False)
        return EXIT_OK
    return print_settings(make_resolver(config), path, format)
