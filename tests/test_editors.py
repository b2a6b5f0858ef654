"""The recipes of docs/editors.md, run in the real editors (Debian: vim-nox, neovim, emacs-nox).

Each test takes its recipe from the document itself, so the two cannot drift apart. A test is
skipped only when its editor is not installed; CI installs them.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_fixes import write_fix_project

DOC = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
# An accented letter before the first finding: framing-lint counts columns in characters.
NOTES = "Café menu: open a claim file.\nCall a lead.\n"


def recipe(name: str) -> str:
    """The fenced block after ``<!-- editors-test: NAME -->`` in docs/editors.md."""
    m = re.search(rf"<!-- editors-test: {re.escape(name)} -->\n```\w*\n(.*?)^```", DOC, re.S | re.M)
    assert m, f"no recipe {name!r} in docs/editors.md"
    return m.group(1)


def editor(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian packages: vim-nox, neovim, emacs-nox)")
    return path


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_fix_project(tmp_path)
    (tmp_path / "notes.txt").write_text(NOTES, encoding="utf-8")
    return tmp_path


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run an editor with this checkout's framing-lint first on PATH."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(cwd), "TERM": "dumb"}
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def vim_cmd(binary: str, *commands: str) -> list[str]:
    args = [binary, "-u", "NONE", "-i", "NONE", "--cmd", "set encoding=utf-8"]
    args += ["--headless"] if binary.endswith("nvim") else ["-N", "-Es"]
    for c in commands:
        args += ["-c", c]
    return [*args, "-c", "qa!", "notes.txt"]


@pytest.mark.parametrize("name", ["vim", "nvim"])
def test_vim_makeprg_and_errorformat(project: Path, name: str) -> None:
    binary = editor(name)
    (project / "recipe.vim").write_text(recipe("vim"), encoding="utf-8")
    entry = '{_, e -> join([bufname(e.bufnr), e.lnum, e.col, e.vcol, e.type, e.text], "|")}'
    r = run(vim_cmd(binary, "source recipe.vim", "silent make", f"call writefile(map(getqflist(), {entry}), 'qf.txt')",
                    "silent cc 1", "call writefile([strpart(getline('.'), col('.') - 1, 5)], 'at.txt')"), project)
    assert (project / "qf.txt").is_file(), r.stdout + r.stderr
    assert (project / "qf.txt").read_text(encoding="utf-8").splitlines() == [
        "notes.txt|1|19|1|w|claim-file 'claim file' names the paperwork, not the person. (instead: claim)",
        "notes.txt|2|8|1|w|lead-people 'lead' treats a person as a sales lead. (instead: interested customer)",
    ]
    assert (project / "at.txt").read_text(encoding="utf-8") == "claim\n"


@pytest.mark.parametrize("name", ["vim", "nvim"])
def test_vim_filter_fixes_the_buffer(project: Path, name: str) -> None:
    binary = editor(name)
    command = recipe("vim-fix").strip().lstrip(":")
    r = run(vim_cmd(binary, command, "wq"), project)
    assert (project / "notes.txt").read_text(encoding="utf-8") == "Café menu: open a claim.\nCall a lead.\n", r.stderr


def test_neovim_lint_parser_gives_byte_columns(project: Path) -> None:
    binary = editor("nvim")
    lua = recipe("nvim-lint")
    parser = lua[: lua.index('require("lint")')]  # nvim-lint itself is not packaged; its parser is ours
    (project / "check.lua").write_text(parser + """
local out = vim.fn.system({ "framing-lint", "check", "--format", "line", "--stdin-filename",
                            vim.api.nvim_buf_get_name(0), "-" }, vim.api.nvim_buf_get_lines(0, 0, -1, false))
local lines = {}
for _, d in ipairs(framing_lint_parse(out, 0)) do
  local text = vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]
  table.insert(lines, table.concat({ d.lnum, d.col, d.severity, d.code, text:sub(d.col + 1, d.col + 5) }, "|"))
end
vim.fn.writefile(lines, "diagnostics.txt")
""", encoding="utf-8")
    r = run([binary, "--headless", "-u", "NONE", "-i", "NONE", "-c", "luafile check.lua", "-c", "qa!", "notes.txt"], project)
    assert (project / "diagnostics.txt").is_file(), r.stdout + r.stderr
    assert (project / "diagnostics.txt").read_text(encoding="utf-8").splitlines() == [
        "0|19|2|claim-file|claim",  # byte 19: "é" is two bytes
        "1|7|2|lead-people|lead.",
    ]


def emacs(project: Path, script: str) -> subprocess.CompletedProcess[str]:
    binary = editor("emacs")
    (project / "recipe.el").write_text(recipe("emacs"), encoding="utf-8")
    (project / "flymake-recipe.el").write_text(recipe("flymake"), encoding="utf-8")
    (project / "test.el").write_text(script, encoding="utf-8")
    return run([binary, "--batch", "-Q", "-l", "test.el"], project)


def test_emacs_compile_mode_visits_each_finding(project: Path) -> None:
    r = emacs(project, """
(require 'compile)
(load-file "recipe.el")
(setq compilation-error-regexp-alist '(framing-lint))  ; only the recipe's own pattern
(let ((buf (compile "framing-lint check --format line notes.txt"))
      (out nil))
  (while (get-buffer-process buf) (accept-process-output nil 0.1))
  (dotimes (_ 2)
    (next-error)
    (with-current-buffer (window-buffer (selected-window))
      (goto-char (window-point))
      (push (format "%s|%d|%s" (file-name-nondirectory buffer-file-name) (line-number-at-pos)
                    (buffer-substring (point) (+ (point) 5)))
            out)))
  (with-current-buffer buf
    (goto-char (point-min))
    (compilation-next-error 1)
    (push (format "type %s" (compilation--message->type (get-text-property (point) 'compilation-message))) out))
  (with-temp-file "visited.txt" (insert (mapconcat #'identity (nreverse out) "\\n"))))
""")
    assert (project / "visited.txt").is_file(), r.stdout + r.stderr
    assert (project / "visited.txt").read_text(encoding="utf-8").splitlines() == [
        "notes.txt|1|claim", "notes.txt|2|lead.", "type 1"]  # 1: a warning


def test_emacs_fix_buffer(project: Path) -> None:
    r = emacs(project, """
(load-file "recipe.el")
(find-file "notes.txt")
(framing-lint-fix-buffer t)
(save-buffer)
""")
    assert (project / "notes.txt").read_text(encoding="utf-8") == (
        "Café menu: open a claim.\nCall an interested customer.\n"), r.stderr


def test_emacs_flymake_backend(project: Path) -> None:
    r = emacs(project, """
(require 'flymake)
(load-file "flymake-recipe.el")
(find-file "notes.txt")
(text-mode)
(flymake-start nil t)
(let ((deadline (+ (float-time) 60)))
  (while (and (null (flymake-diagnostics)) (< (float-time) deadline))
    (accept-process-output nil 0.1)))
(let ((out (mapcar (lambda (d)
                     (format "%d|%s|%s|%s" (line-number-at-pos (flymake-diagnostic-beg d))
                             (flymake-diagnostic-type d)
                             (buffer-substring (flymake-diagnostic-beg d) (+ (flymake-diagnostic-beg d) 5))
                             (flymake-diagnostic-text d)))
                   (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
  (with-temp-file "flymake.txt" (insert (mapconcat #'identity out "\\n"))))
""")
    assert (project / "flymake.txt").is_file(), r.stdout + r.stderr
    assert (project / "flymake.txt").read_text(encoding="utf-8").splitlines() == [
        "1|:warning|claim|claim-file 'claim file' names the paperwork, not the person. (instead: claim)",
        "2|:warning|lead.|lead-people 'lead' treats a person as a sales lead. (instead: interested customer)",
    ]


def test_vscode_problem_matcher_reads_the_line_format(project: Path) -> None:
    tasks = json.loads(recipe("vscode"))
    matcher = tasks["tasks"][0]["problemMatcher"]
    pattern = matcher["pattern"]
    out = subprocess.run([sys.executable, "-m", "framing_lint", *tasks["tasks"][0]["command"].split()[1:]],
                         cwd=project, capture_output=True, text=True, timeout=120).stdout
    problems = []
    for line in out.splitlines():
        m = re.match(pattern["regexp"], line)  # the pattern is plain enough to mean the same in JS and Python
        assert m, line
        problems.append(tuple(m.group(pattern[k]) for k in ("file", "line", "column", "severity", "code")))
    assert sorted(problems) == [("notes.txt", "1", "19", "warning", "claim-file"),
                                ("notes.txt", "2", "8", "warning", "lead-people")]
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
