"""What a clean run on standard input loads, and what the executable changes in the
interpreter (issue 13: clean stdin stays fast). No timings here: speed is measured in
benchmarks/compare.py (W3); these tests keep what made it fast from quietly going away."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLEAN = (
    "Thank you for writing to us about your order. We have checked the delivery record and "
    "your parcel left our warehouse on Tuesday morning. If it has not arrived by Friday, reply "
    "to this message and we will send a new one at no cost to you.\n"
)

# Modules a clean Markdown paragraph on stdin never needs: the YAML loader and the rule
# compiler (the rules come from the cache), spaCy, the file walker and the findings cache,
# the other reporters, the language server, the cluster runner, HTML parsing, worker pools.
NOT_NEEDED = (
    "yaml", "spacy", "jsonschema", "rich", "pygls", "lsprotocol", "dask", "distributed", "fsspec", "rignore",
    "platformdirs", "charset_normalizer", "importlib.metadata", "multiprocessing", "concurrent.futures",
    "hashlib", "tempfile", "json", "html", "framing_lint.documents.html", "framing_lint.rules.loader",
    "framing_lint.files", "framing_lint.fixes", "framing_lint.findingscache", "framing_lint.baseline",
    "framing_lint.reporters.json", "framing_lint.reporters.sarif", "framing_lint.server",
    "framing_lint.runners.local", "framing_lint.runners.dask", "framing_lint.cli.rules", "framing_lint.cli.settings",
)

RUN = """
import sys
from framing_lint.console import run
code = run(sys.argv[1:])
modules = sorted(sys.modules)
import json
with open({out!r}, "w") as f:
    f.write(json.dumps({{"code": code, "modules": modules}}))
"""


def _run_stdin(tmp_path: Path, text: str) -> tuple[subprocess.CompletedProcess[str], dict[str, object]]:
    out = tmp_path / "loaded.json"
    env = {**os.environ, "FRAMING_LINT_CACHE_DIR": str(tmp_path / "cache")}
    args = ["check", "--no-progress", "--model", "en=none", "--model", "fr=none", "-", "--stdin-filename", "letter.md"]
    r = subprocess.run([sys.executable, "-c", RUN.format(out=str(out)), *args], input=text, capture_output=True,
                       text=True, cwd=tmp_path, env=env, timeout=300)
    return r, json.loads(out.read_text(encoding="utf-8"))


def test_clean_stdin_loads_only_what_it_needs(tmp_path: Path) -> None:
    first, loaded = _run_stdin(tmp_path, CLEAN)  # compiles the rules and writes the rule cache
    assert loaded["code"] == 0, first.stderr
    r, loaded = _run_stdin(tmp_path, CLEAN)
    assert (loaded["code"], r.stdout, r.stderr) == (0, "Checked 1 file: no findings.\n", "")
    modules = set(loaded["modules"])  # type: ignore[arg-type]
    assert "framing_lint.rulecache" in modules  # the check ran (the gate came from the cache)
    assert sorted(m for m in NOT_NEEDED if m in modules) == []


def test_findings_on_stdin_still_report_from_the_cache(tmp_path: Path) -> None:
    _run_stdin(tmp_path, CLEAN)
    r, loaded = _run_stdin(tmp_path, "Open a claim file for the insured.\n")
    assert loaded["code"] == 1 and "claim-file" in r.stdout and r.stderr == "", r.stderr
    assert "yaml" not in loaded["modules"]  # type: ignore[operator]


def test_the_library_leaves_the_garbage_collector_alone() -> None:
    code = ("import gc; before = gc.get_threshold(); import framing_lint.cli, framing_lint.api, framing_lint.console;"
            "print(gc.get_threshold() == before)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert r.stdout.strip() == "True"


def test_the_executable_is_the_console_entry_point() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "framing-lint"]
    assert script.value == "framing_lint.console:run"
