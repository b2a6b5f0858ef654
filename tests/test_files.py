"""The folder walk: git's ignore rules, config excludes, odd files, links and bad folders."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from framing_lint.config import Config
from framing_lint.files import select_files
from framing_lint.globs import matches
from tests.conftest import run_cli

JARGON = "Open a claim file.\n"


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def _listed(root: Path, *paths: str, config: Config | None = None) -> list[str]:
    sel = select_files([root / p for p in paths] or [root], config or Config())
    return [f.relative_to(root).as_posix() for f in sel.files]


def test_parent_gitignore_applies_when_a_subfolder_is_checked(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "docs/drafts/\n*.tmp.md\n", "docs/a.md": JARGON, "docs/drafts/b.md": JARGON,
                     "docs/c.tmp.md": JARGON})
    assert _listed(tmp_path, "docs") == ["docs/a.md"]


def test_git_info_exclude_and_global_excludes_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _tree(tmp_path / "repo", {".git/info/exclude": "private.md\n", "private.md": JARGON, "public.md": JARGON,
                                     "scratch.md": JARGON})
    home = _tree(tmp_path / "home", {"global-ignore": "scratch.md\n"})
    (home / ".gitconfig").write_text(f"[core]\n\texcludesFile = {home / 'global-ignore'}\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    assert _listed(repo) == ["public.md"]


def test_nested_negation_reincludes_a_file(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "*.md\n", "docs/.gitignore": "!keep.md\n", "docs/keep.md": JARGON,
                     "docs/other.md": JARGON, "notes.txt": JARGON})
    assert _listed(tmp_path) == ["docs/keep.md", "notes.txt"]


def test_version_control_and_dependency_folders_are_skipped(tmp_path: Path) -> None:
    _tree(tmp_path, {"node_modules/x/README.md": JARGON, "docs/node_modules/y.md": JARGON, ".git/z.md": JARGON,
                     "docs/a.md": JARGON, ".github/ISSUE_TEMPLATE/bug.md": JARGON})
    assert _listed(tmp_path) == [".github/ISSUE_TEMPLATE/bug.md", "docs/a.md"]


def test_config_exclude_is_relative_to_the_config_folder(tmp_path: Path) -> None:
    _tree(tmp_path, {"archive/old.md": JARGON, "docs/archive/keep.md": JARGON, "x.min.html": "<p>x</p>", "a.md": JARGON})
    cfg = Config(exclude=("/archive/", "*.min.html"), base_dir=str(tmp_path))
    assert _listed(tmp_path, config=cfg) == ["a.md", "docs/archive/keep.md"]


def test_exclude_globs_match_in_linear_time(mini_project: Path) -> None:
    # A backtracking matcher takes hours on this pattern and name; an automaton, microseconds.
    pattern = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b"
    name = "a" * 200 + ".md"
    assert not matches([pattern], name, ".")
    cfg = mini_project / ".framing-lint.yaml"
    # Such patterns in every key that takes one: exclude, per-file-ignores, formats.
    other = pattern[:-1] + "c*"
    cfg.write_text(cfg.read_text(encoding="utf-8") + f"exclude: ['{pattern}']\nper-file-ignores: {{'{other}': [paperwork]}}\n"
                   f"formats: {{'{other}': html}}\n", encoding="utf-8")
    (mini_project / ".gitignore").write_text(pattern + "\n", encoding="utf-8")
    (mini_project / name).write_text(JARGON, encoding="utf-8")
    r = run_cli("check", ".", "--format", "json", cwd=mini_project)
    assert r.returncode == 1 and [f["rule"] for f in json.loads(r.stdout)] == ["claim-file"]
    # A file both other patterns match: read as HTML (the comment is not prose), claim-file ignored.
    (mini_project / name).write_text("<p>We will target young families. Open a claim file.</p><!-- target customers -->\n",
                                     encoding="utf-8")
    (mini_project / name).rename(mini_project / ("a" * 200 + "c.txt"))
    r = run_cli("check", ".", "--format", "json", cwd=mini_project)
    assert [(f["rule"], f["text"]) for f in json.loads(r.stdout)] == [("target-people", "target young families")], r.stderr


def test_symlink_loop_inside_the_folder_is_a_notice(mini_project: Path) -> None:
    (mini_project / "a.md").write_text(JARGON, encoding="utf-8")
    os.symlink("loop2.md", mini_project / "loop1.md")
    os.symlink("loop1.md", mini_project / "loop2.md")
    os.symlink(".", mini_project / "self")  # a folder link back to the root: not followed
    r = run_cli("check", ".", "--format", "json", cwd=mini_project)
    assert r.returncode == 1, r.stderr
    assert [f["path"] for f in json.loads(r.stdout)] == ["a.md"]
    assert "loop1.md: symbolic link loop; skipped" in r.stderr and "Traceback" not in r.stderr


def test_symlink_leaving_the_tree_is_skipped_unless_named(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("We will target young families.\n", encoding="utf-8")
    (mini_project / "docs").mkdir()
    os.symlink(outside, mini_project / "docs" / "link.md")
    (mini_project / "docs" / "inside.md").write_text(JARGON, encoding="utf-8")
    os.symlink("inside.md", mini_project / "docs" / "alias.md")  # stays inside: linted once, as itself
    r = run_cli("check", "docs", "--format", "json", cwd=mini_project)
    assert [(f["path"], f["rule"]) for f in json.loads(r.stdout)] == [("docs/inside.md", "claim-file")]
    assert "docs/link.md: symbolic link to" in r.stderr and "skipped (name the file to lint it)" in r.stderr
    r = run_cli("check", "docs/link.md", "--format", "json", cwd=mini_project)
    assert r.returncode == 1 and [f["rule"] for f in json.loads(r.stdout)] == ["target-people"]


def _without_root_powers() -> list[str]:
    """A prefix that runs a command without root's power to read any folder."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to test unreadable folders as root"
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def test_unreadable_subfolder_is_a_notice_and_the_run_goes_on(mini_project: Path) -> None:
    (mini_project / "a.md").write_text(JARGON, encoding="utf-8")
    locked = mini_project / "locked"
    locked.mkdir()
    (locked / "b.md").write_text(JARGON, encoding="utf-8")
    (locked / ".gitignore").write_text("*.txt\n", encoding="utf-8")
    locked.chmod(0)
    try:
        r = subprocess.run([*_without_root_powers(), sys.executable, "-m", "framing_lint", "check", ".", "--format", "json"],
                           cwd=mini_project, capture_output=True, text=True, timeout=120)
    finally:
        locked.chmod(0o755)
    assert r.returncode == 1, r.stderr
    assert [f["path"] for f in json.loads(r.stdout)] == ["a.md"]
    assert "Traceback" not in r.stderr
    assert "framing-lint: warning: locked: Permission denied (os error 13); skipped\n" in r.stderr, r.stderr


def test_names_that_are_not_utf8_are_named_when_a_walk_skips_them(mini_project: Path) -> None:
    # The walker hands over only UTF-8 names: a Latin-1 name from an old archive used to be
    # dropped with a notice naming the folder walked ('.'), not the file.
    (mini_project / "a.md").write_text(JARGON, encoding="utf-8")
    (mini_project / "sub").mkdir()
    (mini_project / os.fsdecode(b"sub/r\xe9sum\xe9.md")).write_text(JARGON, encoding="utf-8")
    (mini_project / os.fsdecode(b"sub/photo\xe9.png")).write_bytes(b"\x89PNG")  # not a document: no notice
    (mini_project / os.fsdecode(b"dossi\xe9")).mkdir()
    r = run_cli("check", ".", "--format", "json", cwd=mini_project)
    assert r.returncode == 1, r.stderr
    assert [f["path"] for f in json.loads(r.stdout)] == ["a.md"]
    assert sorted(r.stderr.splitlines()) == [
        "framing-lint: warning: dossi\\xe9: folder name is not valid UTF-8; not walked (rename it to lint what it holds)",
        "framing-lint: warning: sub/r\\xe9sum\\xe9.md: file name is not valid UTF-8; skipped by the folder walk "
        "(name the file to lint it, or rename it)",
    ]
    r = run_cli("check", os.fsdecode(b"sub/r\xe9sum\xe9.md"), "--format", "json", cwd=mini_project)
    assert r.returncode == 1 and [f["rule"] for f in json.loads(r.stdout)] == ["claim-file"]


def test_messages_about_a_path_stay_on_one_line(mini_project: Path) -> None:
    os.mkfifo(mini_project / "pi\npe.md")
    r = run_cli("check", "pi\npe.md", cwd=mini_project)
    assert r.returncode == 2
    assert "framing-lint: error: pi\\npe.md: not a regular file" in r.stderr, r.stderr
    r = run_cli("check", ".", cwd=mini_project)
    assert "framing-lint: warning: pi\\npe.md: not a regular file" in r.stderr, r.stderr


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_only_regular_files_are_read(mini_project: Path, kind: str) -> None:
    (mini_project / "a.md").write_text(JARGON, encoding="utf-8")
    if kind == "fifo":
        special = mini_project / "pipe.md"
        os.mkfifo(special)
    else:
        special = Path("/dev/zero")
    r = subprocess.run([sys.executable, "-m", "framing_lint", "check", "a.md", str(special), "--format", "json"],
                       cwd=mini_project, capture_output=True, text=True, timeout=120)
    assert r.returncode == 2
    assert f"{special}: not a regular file" in r.stderr
    assert [f["path"] for f in json.loads(r.stdout)] == ["a.md"]
    if kind == "fifo":  # found by a folder walk: skipped with a notice, never opened
        r = subprocess.run([sys.executable, "-m", "framing_lint", "check", ".", "--format", "json"],
                           cwd=mini_project, capture_output=True, text=True, timeout=120)
        assert r.returncode == 1 and "pipe.md: not a regular file" in r.stderr


def test_show_files_lists_what_would_be_linted(mini_project: Path) -> None:
    _tree(mini_project, {".gitignore": "b.md\n", "a.md": JARGON, "b.md": JARGON, "sub/c.txt": JARGON, "img.png": ""})
    r = run_cli("check", "--show-files", cwd=mini_project)
    assert r.returncode == 0 and r.stdout.splitlines() == ["a.md", "sub/c.txt"]


def test_walk_order_is_path_order_whatever_the_folder_listing(tmp_path: Path) -> None:
    # A folder's entries by name, a sub-folder's files where its name sorts ("a" < "a-b.md" <
    # "a.md" < "b"), upper case before lower: the order of sorting whole paths, on any file system.
    names = ["a.md", "a-b.md", "a/z.md", "a/b/c.md", "B.md", "b/a.md", "a0.md", "é.md", "e.md"]
    _tree(tmp_path, {n: JARGON for n in reversed(names)})
    expected = sorted(names, key=lambda n: Path(n).parts)
    assert _listed(tmp_path) == expected == ["B.md", "a/b/c.md", "a/z.md", "a-b.md", "a.md", "a0.md", "b/a.md",
                                             "e.md", "é.md"]


def test_walk_reads_one_folder_at_a_time(tmp_path: Path) -> None:
    # Each folder is read when the walk reaches it, and only then: a file added to a folder
    # not reached yet is found, one added to a folder already read (the top) is not.
    from framing_lint.files import walk_files

    _tree(tmp_path, {"a/1.md": JARGON, "b/1.md": JARGON})
    walk = walk_files([tmp_path], Config())
    assert next(walk) == tmp_path / "a" / "1.md"
    _tree(tmp_path, {"b/2.md": JARGON, "c/1.md": JARGON})
    assert list(walk) == [tmp_path / "b" / "1.md", tmp_path / "b" / "2.md"]


def test_a_file_reached_twice_is_linted_once(tmp_path: Path) -> None:
    _tree(tmp_path, {".gitignore": "drafts/\n", "docs/a.md": JARGON, "docs/b.md": JARGON, "drafts/x.md": JARGON})
    # Named paths that overlap: each file once, where it first comes.
    assert _listed(tmp_path, "docs/b.md", "docs", ".") == ["docs/b.md", "docs/a.md"]
    assert _listed(tmp_path, "docs", "docs") == ["docs/a.md", "docs/b.md"]
    # Links to a file the walk lints are skipped; to one it does not lint (ignored here),
    # the first link in path order stands for it.
    os.symlink("a.md", tmp_path / "docs" / "0-alias.md")
    os.symlink("../drafts/x.md", tmp_path / "docs" / "1-draft.md")
    os.symlink("../drafts/x.md", tmp_path / "docs" / "2-draft.md")
    assert _listed(tmp_path) == ["docs/1-draft.md", "docs/a.md", "docs/b.md"]
