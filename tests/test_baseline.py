from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing_lint import baseline, lint_text
from tests.conftest import run_cli


def _fingerprints(text: str, filename: str = "a.md") -> list[tuple[str, str]]:
    return [(" ".join(f.text.split()), f.fingerprint()) for f in lint_text(text, filename=filename)]


def test_fingerprint_survives_moved_lines_rewrapping_and_edits_elsewhere() -> None:
    before = _fingerprints("Intro.\n\nOur target customers are busy. Open a claim file.\n")
    after = _fingerprints("# A new title\n\nIntro, longer now.\n\nOur target\ncustomers   are busy. Open a claim file.\n")
    assert before == after and len(before) == 2


def test_fingerprint_changes_with_the_sentence() -> None:
    [(_, first)] = _fingerprints("Our target customers are busy.\n")
    [(_, second)] = _fingerprints("Our target customers are very busy.\n")
    assert first != second


def test_same_sentence_twice_needs_a_count(mini_project: Path) -> None:
    doc = mini_project / "a.txt"
    doc.write_text("Target customers.\n\nTarget customers.\n", encoding="utf-8")
    r = run_cli("check", ".", "--write-baseline", "baseline.json", cwd=mini_project)
    assert r.returncode == 0, r.stderr
    entries = json.loads((mini_project / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["path"], e["rule"], e["count"]) for e in entries] == [("a.txt", "target-people", 2)]
    doc.write_text("Target customers.\n\nTarget customers.\n\nTarget customers.\n", encoding="utf-8")
    r = run_cli("check", ".", "--baseline", "baseline.json", "--format", "json", cwd=mini_project)
    assert r.returncode == 1
    assert [f["line"] for f in json.loads(r.stdout)] == [5]  # the third one is new


def test_adoption_path(mini_project: Path) -> None:
    docs = mini_project / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Intro.\nOur target customers are busy. Open a claim file.\n", encoding="utf-8")
    (docs / "b.txt").write_text("We will target young families.\n", encoding="utf-8")
    # 1. Record today's findings: exit 0, nothing on stdout.
    r = run_cli("check", "docs", "--write-baseline", "baseline.json", cwd=mini_project)
    assert (r.returncode, r.stdout) == (0, "")
    assert "recorded 3 findings in 2 files in baseline.json" in r.stderr
    # 2. With the baseline the check passes, from any working directory.
    assert run_cli("check", "docs", "--baseline", "baseline.json", cwd=mini_project).returncode == 0
    r = run_cli("check", ".", "--baseline", "../baseline.json", "--quiet", cwd=docs)
    assert (r.returncode, r.stdout) == (0, ""), r.stdout + r.stderr
    # 3. Lines move above the findings, a new finding appears: only it is reported.
    (docs / "a.txt").write_text("New first line.\n\nIntro.\nOur target customers are busy. Open a claim file.\n"
                                "We target new customers.\n", encoding="utf-8")
    r = run_cli("check", "docs", "--baseline", "baseline.json", "--format", "json", cwd=mini_project)
    assert r.returncode == 1
    assert [(f["rule"], f["line"]) for f in json.loads(r.stdout)] == [("target-people", 5)]
    # 4. Burn down: fix one, shrink the baseline; the new finding is not absorbed.
    (docs / "b.txt").write_text("We will help young families.\n", encoding="utf-8")
    r = run_cli("check", "docs", "--baseline", "baseline.json", cwd=mini_project)
    assert "1 finding of the baseline no longer occurs" in r.stderr
    r = run_cli("check", "docs", "--baseline", "baseline.json", "--write-baseline", "baseline.json", cwd=mini_project)
    assert r.returncode == 1 and "a.txt:5:4: error target-people" in r.stderr and "not added to the baseline" in r.stderr
    entries = json.loads((mini_project / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert sorted((e["path"], e["rule"]) for e in entries) == [("docs/a.txt", "claim-file"), ("docs/a.txt", "target-people")]


@pytest.mark.parametrize(("content", "message"), [
    (None, "baseline file not found (create it with --write-baseline"),
    ("{not json", ":1: not a framing-lint baseline (invalid JSON"),
    ('{"version": 1, "findings": [{"path": "a"}]}', "entry 1 needs a path, rule, fingerprint and a positive count"),
    ('{"version": 99, "findings": []}', "not a framing-lint baseline (version 1)"),
])
def test_bad_baseline_is_a_clear_error(mini_project: Path, content: str | None, message: str) -> None:
    if content is not None:
        (mini_project / "b.json").write_text(content, encoding="utf-8")
    r = run_cli("check", "-", "--baseline", "b.json", cwd=mini_project, stdin="Target customers.\n")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("framing-lint: error: b.json") and message in r.stderr


def test_write_baseline_refuses_fix(mini_project: Path) -> None:
    r = run_cli("check", ".", "--write-baseline", "b.json", "--fix", cwd=mini_project)
    assert r.returncode == 2 and "--write-baseline records findings as they are" in r.stderr


def test_baseline_file_is_sorted_and_relative(tmp_path: Path) -> None:
    findings = lint_text("Target customers. Open a claim file.\n", filename=str(tmp_path / "sub" / "x.md"))
    text = baseline.render(findings, str(tmp_path / "baseline.json"))
    data = json.loads(text)
    assert [e["path"] for e in data["findings"]] == ["sub/x.md"] * len(findings)
    assert text == baseline.render(list(reversed(findings)), str(tmp_path / "baseline.json"))


def test_sentence_context_is_capped_on_both_sides() -> None:
    from framing_lint.engine import CONTEXT_CHARS

    words = "and more words " * 200
    [f] = lint_text(f"Start {words}our target customers {words}end.\n", filename="a.txt")
    before, match, after = f.sentence
    assert match == "target customers"
    assert before.startswith("…") and before.endswith("words our ") and len(before) == CONTEXT_CHARS + 1
    assert after.endswith("…") and after.startswith(" and more") and len(after) == CONTEXT_CHARS + 1
