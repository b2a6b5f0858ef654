"""framing-lint: find words that push the customer away, and say what to write instead."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Config", "Finding", "Report", "lint_bytes", "lint_paths", "lint_text", "load_config", "__version__"]

if TYPE_CHECKING:
    from framing_lint.api import Report, lint_bytes, lint_paths, lint_text
    from framing_lint.config import Config, load_config
    from framing_lint.findings import Finding


def __getattr__(name: str) -> Any:
    # Lazy: `import framing_lint` stays cheap for editors and hooks that only need the CLI.
    if name in ("lint_text", "lint_bytes", "lint_paths", "Report"):
        from framing_lint import api

        return getattr(api, name)
    if name in ("Config", "load_config"):
        from framing_lint import config

        return getattr(config, name)
    if name == "Finding":
        from framing_lint.findings import Finding

        return Finding
    raise AttributeError(name)
