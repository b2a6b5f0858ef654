"""The hooks in .pre-commit-hooks.yaml, installed by pre-commit from a copy of this checkout.

pre-commit builds the hook's environment with pip from the repository (a wheel of this
checkout plus its dependencies, from the pip cache where it has them): the one slow test.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from identify.identify import tags_from_path

from tests.conftest import ROOT
from tests.test_fixes import CONFIG_YAML, FIX_PACK_EN, FIX_PACK_FR

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
# What pip needs to build the package, and the hooks file.
CHECKOUT = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules")


def test_every_hook_is_documented() -> None:
    doc = (ROOT / "docs" / "precommit.md").read_text(encoding="utf-8")
    assert [h["id"] for h in HOOKS] == ["framing-lint", "framing-lint-fix"]
    for hook in HOOKS:
        assert f"id: {hook['id']}" in doc
        assert hook["language"] == "python"
        assert hook["entry"].startswith("framing-lint check")


def _selected(hook: dict[str, object], path: Path) -> bool:
    """pre-commit's own filter: identify's tags must cover ``types``, the path must match ``files``."""
    tags = tags_from_path(str(path))
    return set(hook["types"]) <= tags and re.search(hook["files"], path.name) is not None  # type: ignore[arg-type]


def test_hooks_select_every_text_format_framing_lint_reads(tmp_path: Path) -> None:
    from framing_lint.documents import BINARY_FORMATS, detect_format, known_extensions

    text_extensions = [e for e in known_extensions() if detect_format("x" + e) not in BINARY_FORMATS]
    for hook in HOOKS:
        for ext in [*text_extensions, ".MD"]:
            path = tmp_path / f"letter{ext}"
            path.write_text("Open a claim file.\n", encoding="utf-8")
            assert _selected(hook, path), (hook["id"], ext)
        for name in ("setup.py", "config.yaml", "letter.docx", "notes.md.bak"):
            path = tmp_path / name
            path.write_bytes(b"PK\x03\x04\x00" if name.endswith(".docx") else b"text\n")
            assert not _selected(hook, path), (hook["id"], name)


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def _copy_checkout(dest: Path, env: dict[str, str]) -> str:
    """A committed copy of the working tree (the lead's checkout keeps moving): its HEAD sha."""
    dest.mkdir()
    for name in CHECKOUT:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            shutil.copy2(src, dest / name)
    _git("init", "-q", cwd=dest, env=env)
    _git("add", "-A", cwd=dest, env=env)
    _git("commit", "-q", "-m", "checkout under test", cwd=dest, env=env)
    return _git("rev-parse", "HEAD", cwd=dest, env=env)


def test_hook_fails_on_jargon_and_passes_after_the_fix_hook(tmp_path: Path) -> None:
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text("[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PRE_COMMIT_COLOR": "never"}
    env.pop("PYTHONPATH", None)  # the hook runs from its own environment only
    sha = _copy_checkout(tmp_path / "framing-lint", env)

    project = tmp_path / "project"
    project.mkdir()
    (project / "fix-en.yaml").write_text(FIX_PACK_EN, encoding="utf-8")
    (project / "fix-fr.yaml").write_text(FIX_PACK_FR, encoding="utf-8")
    (project / ".framing-lint.yaml").write_text(CONFIG_YAML, encoding="utf-8")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {(tmp_path / 'framing-lint').as_posix()}\n  rev: {sha}\n  hooks:\n"
        "  - id: framing-lint\n  - id: framing-lint-fix\n    stages: [manual]\n", encoding="utf-8")
    (project / "letter.md").write_text("# Your claim\n\nWe opened a claim file for you.\n", encoding="utf-8")
    _git("init", "-q", cwd=project, env=env)
    pre_commit = [sys.executable, "-m", "pre_commit"]
    subprocess.run([*pre_commit, "install"], cwd=project, env=env, check=True, capture_output=True)
    _git("add", "-A", cwd=project, env=env)

    commit = subprocess.run(["git", "commit", "-m", "letter"], cwd=project, env=env, capture_output=True, text=True,
                            timeout=900)
    output = commit.stdout + commit.stderr  # git shows the hook's output on stderr
    assert commit.returncode == 1, output
    assert "framing-lint" in output and "Failed" in output
    assert "letter.md\n  3:13  warning  'claim file' names the paperwork, not the person.  claim-file" in output

    fix = subprocess.run([*pre_commit, "run", "--hook-stage", "manual", "framing-lint-fix", "--all-files"],
                         cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert fix.returncode == 1 and "files were modified by this hook" in fix.stdout, fix.stdout
    assert (project / "letter.md").read_text(encoding="utf-8") == "# Your claim\n\nWe opened a claim for you.\n"

    _git("add", "-A", cwd=project, env=env)
    commit = subprocess.run(["git", "commit", "-m", "letter"], cwd=project, env=env, capture_output=True, text=True,
                            timeout=300)
    output = commit.stdout + commit.stderr
    assert commit.returncode == 0, output
    assert "framing-lint" in output and "Passed" in output


def test_every_hook_is_documented_in_readme() -> None:
    import yaml

    root = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((root / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    readme = (root / "README.md").read_text(encoding="utf-8")
    for hook in hooks:
        assert f"id: {hook['id']}" in readme, hook["id"]
