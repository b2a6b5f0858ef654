"""Where the shipped rule packs are (importable without the YAML loader)."""
from __future__ import annotations

from pathlib import Path


def shipped_dir() -> Path:
    """Where the shipped packs are: inside the wheel, or the source tree's rules/."""
    here = Path(__file__).resolve().parent.parent  # the framing_lint package
    for candidate in (here / "packs", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("shipped rule packs not found; reinstall framing-lint")
