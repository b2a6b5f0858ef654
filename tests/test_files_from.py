"""--files-from: a manifest of files and URLs drives the scan, without walking."""
from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

JARGON = "We will target young families.\n"


def _project(root: Path) -> list[Path]:
    (root / ".framing-lint.yaml").write_text("models: {en: none, fr: none}\n", encoding="utf-8")
    files = []
    for i in range(12):
        p = root / f"docs/{i % 3}/letter{i:02}.md"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(JARGON if i % 2 else "Thank you.\n", encoding="utf-8")
        files.append(p)
    return files


def test_a_manifest_gives_what_a_walk_gives(tmp_path: Path) -> None:
    files = _project(tmp_path)
    walked = run_cli("check", "docs", "--format", "json", cwd=tmp_path)
    (tmp_path / "manifest.txt").write_text("".join(f"{p.relative_to(tmp_path)}\n" for p in sorted(files, key=lambda p: p.parts)) + "\n",
                                           encoding="utf-8")
    listed = run_cli("check", "--files-from", "manifest.txt", "--format", "json", "-j", "2", cwd=tmp_path)
    assert listed.returncode == walked.returncode == 1, listed.stderr
    assert listed.stdout == walked.stdout
    assert len(json.loads(listed.stdout)) == 6


def test_manifest_on_standard_input_with_urls_and_missing_files(tmp_path: Path) -> None:
    files = _project(tmp_path)
    manifest = f"{files[1].as_uri()}\r\ndocs/missing.md\n\n{files[3].relative_to(tmp_path)}\n"
    got = run_cli("check", "--files-from", "-", "--format", "line", cwd=tmp_path, stdin=manifest)
    assert got.returncode == 2
    assert got.stdout.startswith(files[1].as_uri() + ":1:9: error target-people")
    assert "docs/0/letter03.md:1:9: error target-people" in got.stdout
    assert "framing-lint: error: docs/missing.md: cannot read" in got.stderr
    assert "Traceback" not in got.stderr


def test_manifest_and_stdin_text_cannot_share_standard_input(tmp_path: Path) -> None:
    got = run_cli("check", "--files-from", "-", "-", cwd=tmp_path, stdin="a.md\n")
    assert got.returncode == 2
    assert "both read standard input" in got.stderr


def test_a_streamed_report_keeps_the_exit_code_of_a_full_one(tmp_path: Path) -> None:
    # jsonl keeps no findings once written; the exit code must not change for it.
    _project(tmp_path)
    for fail_on, code in (("warning", 1), ("error", 1)):
        streamed = run_cli("check", "docs", "--format", "jsonl", "--fail-on", fail_on, cwd=tmp_path)
        full = run_cli("check", "docs", "--format", "json", "--fail-on", fail_on, cwd=tmp_path)
        assert streamed.returncode == full.returncode == code
        assert [json.loads(line) for line in streamed.stdout.splitlines()] == json.loads(full.stdout)
    (tmp_path / "docs" / "mild.md").write_text("Please return the claim file.\n", encoding="utf-8")
    mild = run_cli("check", "docs/mild.md", "--format", "jsonl", "--fail-on", "error", cwd=tmp_path)
    assert mild.returncode == 0 and '"rule": "claim-file"' in mild.stdout


def test_a_streamed_report_prints_errors_as_they_come_and_keeps_the_exit_code(tmp_path: Path) -> None:
    # jsonl keeps only a count of the files that could not be read: each is said on stderr
    # when it happens, and the run still exits 2, like a full report.
    _project(tmp_path)
    manifest = "docs/missing.md\ndocs/0/letter03.md\ndocs/gone.md\n"
    streamed = run_cli("check", "--files-from", "-", "--format", "jsonl", cwd=tmp_path, stdin=manifest)
    full = run_cli("check", "--files-from", "-", "--format", "json", cwd=tmp_path, stdin=manifest)
    assert streamed.returncode == full.returncode == 2
    assert [json.loads(line) for line in streamed.stdout.splitlines()] == json.loads(full.stdout)
    errors = [line for line in streamed.stderr.splitlines() if line.startswith("framing-lint: error:")]
    assert errors == [line for line in full.stderr.splitlines() if line.startswith("framing-lint: error:")]
    assert errors == ["framing-lint: error: docs/missing.md: cannot read: No such file or directory",
                      "framing-lint: error: docs/gone.md: cannot read: No such file or directory"]


def test_reports_that_list_every_file_still_list_them(tmp_path: Path) -> None:
    # junit has a test case per file checked, with findings or not: the one report (with html)
    # for which the run keeps the list of files.
    _project(tmp_path)
    got = run_cli("check", "docs", "--format", "junit", cwd=tmp_path)
    assert got.returncode == 1 and got.stdout.count("<testcase ") == 12
