from __future__ import annotations

from framing_lint.console import run

raise SystemExit(run())
