from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli

JSON_KEYS = {"path", "rule", "category", "severity", "message", "line", "column", "end_line", "end_column",
             "start", "end", "text", "suggestions", "fix", "sentence", "fingerprint"}


def test_stdin_finding_exits_1(mini_project: Path) -> None:
    r = run_cli("check", "-", cwd=mini_project, stdin="We will target young families.\n")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("-\n  1:9  error    'target young families' treats people as targets.  target-people\n")
    assert "instead: the customers we serve" in r.stdout
    assert "Checked 1 file: 1 finding (1 error) in 1 file; 1 fixable with --unsafe-fixes." in r.stdout


def test_stdin_clean_exits_0_and_says_what_was_checked(mini_project: Path) -> None:
    r = run_cli("check", "-", cwd=mini_project, stdin="The target date is Monday.\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, "Checked 1 file: no findings.\n", "")
    r = run_cli("check", "-", "-q", cwd=mini_project, stdin="The target date is Monday.\n")
    assert (r.returncode, r.stdout, r.stderr) == (0, "", "")


def test_json_output_keys_and_offsets(mini_project: Path) -> None:
    doc = mini_project / "brief.txt"
    content = "Intro line.\r\nWe will target young families and open a claim\r\nfile for each.\n"
    doc.write_bytes(content.encode("utf-8"))
    r = run_cli("check", "brief.txt", "--format", "json", cwd=mini_project)
    assert r.returncode == 1, r.stderr
    findings = json.loads(r.stdout)
    assert [f["rule"] for f in findings] == ["target-people", "claim-file"]
    text = doc.read_bytes().decode("utf-8")
    for f in findings:
        assert set(f) == JSON_KEYS
        assert text[f["start"] : f["end"]] == f["text"]
    assert (findings[1]["line"], findings[1]["end_line"]) == (2, 3)


def test_folder_recursion_honours_gitignore_and_exclude(mini_project: Path) -> None:
    (mini_project / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    (mini_project / ".framing-lint.yaml").write_text(
        (mini_project / ".framing-lint.yaml").read_text() + "exclude: ['drafts/*']\n", encoding="utf-8")
    for sub in ("docs", "ignored", "drafts"):
        (mini_project / sub).mkdir()
        (mini_project / sub / "a.txt").write_text("Target customers now.\n", encoding="utf-8")
    (mini_project / "docs" / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    r = run_cli("check", ".", "--format", "json", cwd=mini_project)
    assert sorted(Path(f["path"]).as_posix() for f in json.loads(r.stdout)) == ["docs/a.txt"]


def test_select_ignore_and_unknown_selector(mini_project: Path) -> None:
    text = "Target customers. Claim file.\n"
    r = run_cli("check", "-", "--select", "paperwork", "--format", "json", cwd=mini_project, stdin=text)
    assert [f["rule"] for f in json.loads(r.stdout)] == ["claim-file"]
    r = run_cli("check", "-", "--ignore", "claim-file,target-people", cwd=mini_project, stdin=text)
    assert r.returncode == 0
    r = run_cli("check", "-", "--select", "no-such-rule", cwd=mini_project, stdin=text)
    assert r.returncode == 2 and "unknown rule or category 'no-such-rule'" in r.stderr


def test_fail_on_and_exit_zero(mini_project: Path) -> None:
    text = "Open a claim file.\n"  # a warning
    assert run_cli("check", "-", "--fail-on", "error", cwd=mini_project, stdin=text).returncode == 0
    assert run_cli("check", "-", cwd=mini_project, stdin=text).returncode == 1
    r = run_cli("check", "-", "--exit-zero", cwd=mini_project, stdin=text)
    assert r.returncode == 0 and "claim-file" in r.stdout


def test_broken_rule_file_reports_file_line_and_exits_2(mini_project: Path) -> None:
    bad = mini_project / "our-rules.yaml"
    bad.write_text("pack: ours\nlanguage: en\nrules:\n  - id: x\n    severity: loud\n", encoding="utf-8")
    (mini_project / ".framing-lint.yaml").write_text(f"packs: []\nrule_files: [{bad.name}]\n", encoding="utf-8")
    r = run_cli("check", "-", cwd=mini_project, stdin="hello\n")
    assert r.returncode == 2
    assert f"{bad.name}:4: rule 'x': missing required key 'category'" in r.stderr


def test_broken_config_exits_2(tmp_path: Path) -> None:
    (tmp_path / ".framing-lint.yaml").write_text("fail_on: sometimes\n", encoding="utf-8")
    r = run_cli("check", "-", cwd=tmp_path, stdin="hello\n")
    assert r.returncode == 2 and ".framing-lint.yaml:1: fail_on must be one of" in r.stderr


def test_unreadable_file_is_reported_and_run_continues(mini_project: Path) -> None:
    (mini_project / "good.txt").write_text("Target customers.\n", encoding="utf-8")
    r = run_cli("check", "good.txt", "missing.txt", "--format", "json", cwd=mini_project)
    assert r.returncode == 2
    assert "missing.txt: no such file or folder" in r.stderr
    assert [f["rule"] for f in json.loads(r.stdout)] == ["target-people"]


def test_rules_list_explain_and_test(mini_project: Path) -> None:
    r = run_cli("rules", "list", cwd=mini_project)
    assert r.returncode == 0 and "target-people" in r.stdout and "claim-file" in r.stdout
    r = run_cli("rules", "explain", "target-people", cwd=mini_project)
    assert r.returncode == 0
    for part in ("Why it matters:", "Calling people targets", "Write instead:", "the customers we serve", "We will target young families."):
        assert part in r.stdout
    r = run_cli("rules", "explain", "target-peple", cwd=mini_project)
    assert r.returncode == 2 and "Did you mean 'target-people'?" in r.stderr
    r = run_cli("rules", "test", str(Path(__file__).parent / "fixtures" / "mini-pack.yaml"), "--mode", "lexical")
    assert r.returncode == 0 and "0 failed" in r.stdout


def test_rules_test_reports_failing_example(tmp_path: Path) -> None:
    pack = (Path(__file__).parent / "fixtures" / "mini-pack.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "pack.yaml"
    broken.write_text(pack.replace('"Attach the log file."', '"Attach the claim file."'), encoding="utf-8")
    r = run_cli("rules", "test", str(broken), "--mode", "lexical")
    assert r.returncode == 1
    assert "claim-file [lexical] should pass but is flagged: 'Attach the claim file.'" in r.stdout


def test_jobs_gives_same_findings(mini_project: Path) -> None:
    for i in range(12):
        (mini_project / f"doc{i:02}.txt").write_text(f"Doc {i}. We target families.\nOpen a claim file.\n", encoding="utf-8")
    one = run_cli("check", ".", "--format", "json", "--jobs", "1", cwd=mini_project)
    two = run_cli("check", ".", "--format", "json", "--jobs", "2", cwd=mini_project)
    assert one.returncode == two.returncode == 1
    assert json.loads(one.stdout) == json.loads(two.stdout) and len(json.loads(one.stdout)) == 24


def test_python_module_and_version() -> None:
    r = run_cli("--version")
    assert r.returncode == 0 and "framing-lint" in r.stdout


def test_stdin_is_decoded_like_files(mini_project: Path) -> None:
    import subprocess
    import sys

    data = "We will target young families.\n".encode("utf-16")
    r = subprocess.run([sys.executable, "-m", "framing_lint", "check", "-", "--format", "line"],
                       cwd=mini_project, input=data, capture_output=True)
    assert r.returncode == 1 and b"-:1:9: error target-people" in r.stdout
    r = subprocess.run([sys.executable, "-m", "framing_lint", "check", "-"], cwd=mini_project,
                       input=b"\x00\x01\x02binary", capture_output=True)
    assert r.returncode == 2 and b"-: binary file" in r.stderr
