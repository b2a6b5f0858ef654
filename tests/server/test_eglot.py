"""Emacs' Eglot attaches to ``framing-lint server`` with the recipe of docs/editors.md and
shows the findings through Flymake (Debian: emacs-nox and elpa-eglot; Emacs 29 has Eglot
built in). Skipped only when Emacs or Eglot is not installed; CI installs both."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_editors import recipe, run
from tests.test_fixes import write_fix_project

NOTES = "Café 😀: open a claim file.\nCall a lead today.\n"

SCRIPT = r"""
;; Debian's elpa-* packages (Emacs 28): what Debian's site start-up does, which -Q skips.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(unless (require 'eglot nil t) (with-temp-file "no-eglot" (insert "no eglot")) (kill-emacs 0))
(load-file "recipe.el")
(find-file "notes.txt")
(text-mode)
(apply #'eglot (eglot--guess-contact))
(let ((deadline (+ (float-time) 90)))
  (while (and (< (length (flymake-diagnostics)) 2) (< (float-time) deadline))
    (accept-process-output nil 0.1)))
(let ((out (mapcar (lambda (d)
                     (format "%d|%s|%s" (line-number-at-pos (flymake-diagnostic-beg d))
                             (buffer-substring (flymake-diagnostic-beg d) (flymake-diagnostic-end d))
                             (flymake-diagnostic-text d)))
                   (sort (flymake-diagnostics) (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b)))))))
  (with-temp-file "eglot.txt" (insert (mapconcat #'identity out "\n"))))
(ignore-errors (eglot-shutdown (eglot-current-server)))
(kill-emacs 0)
"""


def test_eglot_shows_the_findings_through_flymake(tmp_path: Path) -> None:
    binary = shutil.which("emacs")
    if binary is None:
        pytest.skip("emacs is not installed (Debian packages: emacs-nox, elpa-eglot)")
    write_fix_project(tmp_path)
    (tmp_path / "notes.txt").write_text(NOTES, encoding="utf-8")
    (tmp_path / "recipe.el").write_text(recipe("eglot"), encoding="utf-8")
    (tmp_path / "test.el").write_text(SCRIPT, encoding="utf-8")
    r = run([binary, "--batch", "-Q", "-l", "test.el"], tmp_path)
    if (tmp_path / "no-eglot").exists():
        pytest.skip("Eglot is not installed (Debian package: elpa-eglot; built into Emacs 29)")
    out = tmp_path / "eglot.txt"
    assert out.is_file(), r.stdout + r.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [line.rsplit("|", 1)[0] for line in lines] == ["1|claim file", "2|lead"], (lines, r.stderr)
    assert "names the paperwork" in lines[0], lines
