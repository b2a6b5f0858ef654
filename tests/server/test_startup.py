"""The language server costs nothing to the other commands: `check` never imports it."""
from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from framing_lint.cli import main
main(["check", "--stdin-filename", "letter.md", "-"])
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol", "cattrs", "framing_lint.server")
                or m.startswith("framing_lint.server"))
sys.stderr.write("LOADED " + repr(loaded))
"""


def test_check_does_not_import_the_server() -> None:
    r = subprocess.run([sys.executable, "-c", CODE], input="Thank you for your letter.\n", capture_output=True,
                       text=True, timeout=120)
    assert "LOADED []" in r.stderr, r.stderr
