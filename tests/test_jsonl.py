from __future__ import annotations

import json
import select
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_cli


def test_jsonl_one_object_per_line_like_json(mini_project: Path) -> None:
    (mini_project / "a.txt").write_text("Our target customers. Open a claim file.\n", encoding="utf-8")
    lines = run_cli("check", ".", "--format", "jsonl", cwd=mini_project).stdout.splitlines()
    as_json = json.loads(run_cli("check", ".", "--format", "json", cwd=mini_project).stdout)
    assert [json.loads(line) for line in lines] == as_json and len(lines) == 2


def test_jsonl_streams_each_file_as_it_finishes(mini_project: Path) -> None:
    (mini_project / "first.txt").write_text("Our target customers.\n", encoding="utf-8")
    # Seconds of work after the first file: its line must be out while the run goes on.
    (mini_project / "second.txt").write_text("Open a claim file for each of them today.\n\n" * 4000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "framing_lint", "check", "first.txt", "second.txt", "--format", "jsonl",
                             "--jobs", "1", "--no-cache"], cwd=mini_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        assert ready, "no finding was written within two minutes"
        first = json.loads(proc.stdout.readline())
        assert first["path"] == "first.txt"
        assert proc.poll() is None, "the first file's finding came only at the end of the run"
        rest, err = proc.communicate(timeout=300)
        assert len(rest.splitlines()) == 4000 and proc.returncode == 1, err
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
