from __future__ import annotations

import json
import os
import time
from pathlib import Path

from tests.conftest import MINI_PACK, run_cli


def test_cache_is_used_and_invalidated_by_a_rule_change(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(MINI_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    env = {"FRAMING_LINT_CACHE_DIR": str(tmp_path / "cache")}
    args = ("check", "-", "--format", "json")
    first = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert [f["rule"] for f in json.loads(first.stdout)] == ["claim-file"]
    assert list((tmp_path / "cache").glob("*.pickle"))
    again = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert again.stdout == first.stdout
    # Editing the rule file must never be hidden by the cache.
    pack.write_text(pack.read_text(encoding="utf-8").replace('match: ["claim file"]', 'match: ["claim folder"]'), encoding="utf-8")
    future = time.time() + 5
    os.utime(pack, (future, future))
    changed = run_cli(*args, cwd=tmp_path, stdin="Open a claim file.\n", env=env)
    assert json.loads(changed.stdout) == []


def test_unwritable_cache_folder_is_ignored(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text(f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none}}\n", encoding="utf-8")
    r = run_cli("check", "-", cwd=tmp_path, stdin="Open a claim file.\n", env={"FRAMING_LINT_CACHE_DIR": str(blocker / "cache")})
    assert r.returncode == 1 and "claim-file" in r.stdout
