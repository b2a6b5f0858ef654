from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MINI_PACK = ROOT / "tests" / "fixtures" / "mini-pack.yaml"


def run_cli(*args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess, as a user would."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "framing_lint", *args],
        cwd=cwd, input=stdin, capture_output=True, text=True, env=full_env, timeout=300,
    )


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A folder whose config turns on only the small test pack, lexical mode."""
    (tmp_path / ".framing-lint.yaml").write_text(
        f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none, fr: none}}\n", encoding="utf-8"
    )
    return tmp_path
