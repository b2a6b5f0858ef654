"""Problems in the document itself (a misspelt directive, bad front matter, an unclosed
template tag) reach every output format with file:line and an id that can be ignored."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from framing_lint import reporters
from framing_lint.checks import DOCUMENT_CHECKS, classify
from framing_lint.documents import parse
from tests.conftest import run_cli

MARKDOWN = (
    "---\ntitle: [unclosed\n---\n\n"
    "<!-- framing-lint: disabel=claim-file -->\nOpen a claim file.\n\n"
    "<!-- framing-lint: disable-nextline -->\nText.\n"
)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        pytest.param("a.md", MARKDOWN, [(3, "front-matter"), (5, "bad-directive"), (8, "bad-directive")], id="markdown"),
        pytest.param("a.html.j2", "<p>Hello {{ name</p>\n", [(1, "template-syntax")], id="template"),
        pytest.param("a.txt", "framing-lint: disable-nextline\nText.\n", [(1, "bad-directive")], id="text"),
        pytest.param("a.md", "<!-- framing-lint: disable=??? -->\nText.\n", [(1, "bad-directive")], id="bad-id"),
    ],
)
def test_every_warning_is_a_finding_with_line_and_id(mini_project: Path, name: str, text: str,
                                                     expected: list[tuple[int, str]]) -> None:
    (mini_project / name).write_text(text, encoding="utf-8")
    r = run_cli("check", name, "--format", "json", cwd=mini_project)
    got = [(f["line"], f["rule"]) for f in json.loads(r.stdout) if f["category"] == "document"]
    assert got == expected, r.stdout
    assert r.returncode == 1  # warnings count for --fail-on like any finding


def test_a_misspelt_directive_names_the_right_one(mini_project: Path) -> None:
    (mini_project / "a.md").write_text(MARKDOWN, encoding="utf-8")
    r = run_cli("check", "a.md", "--format", "line", cwd=mini_project)
    assert "a.md:5:1: warning bad-directive unrecognised framing-lint directive: 'framing-lint: disabel=claim-file'; did you mean 'disable'?" in r.stdout
    assert "a.md:6:8: warning claim-file" in r.stdout  # the broken suppression did not suppress


@pytest.mark.parametrize("fmt", list(reporters.REPORTERS))
def test_warnings_reach_every_format(mini_project: Path, fmt: str) -> None:
    (mini_project / "a.md").write_text(MARKDOWN, encoding="utf-8")
    r = run_cli("check", "a.md", "--format", fmt, cwd=mini_project)
    assert r.returncode == 1
    for check in ("front-matter", "bad-directive"):
        assert check in r.stdout, (fmt, r.stdout)


@pytest.mark.parametrize(
    ("option", "left"),
    [
        pytest.param(("--ignore", "bad-directive"), {"front-matter"}, id="by-id"),
        pytest.param(("--ignore", "document"), set(), id="by-category"),
    ],
)
def test_warnings_can_be_ignored(mini_project: Path, option: tuple[str, str], left: set[str]) -> None:
    (mini_project / "a.md").write_text(MARKDOWN, encoding="utf-8")
    r = run_cli("check", "a.md", "--format", "json", *option, cwd=mini_project)
    assert r.returncode == 1, r.stderr  # claim-file is still there
    assert {f["rule"] for f in json.loads(r.stdout) if f["category"] == "document"} == left


def test_warning_severity_is_configurable(mini_project: Path) -> None:
    cfg = mini_project / ".framing-lint.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "severity: {document: info}\nfail_on: warning\n", encoding="utf-8")
    (mini_project / "a.html.j2").write_text("<p>Hello {{ name</p>\n", encoding="utf-8")
    r = run_cli("check", "a.html.j2", "--format", "json", cwd=mini_project)
    assert r.returncode == 0 and [f["severity"] for f in json.loads(r.stdout)] == ["info"]


def test_every_parser_warning_has_a_known_id() -> None:
    docs = [parse(MARKDOWN, "markdown"), parse("<p>{{ x</p>", "jinja-html"), parse("framing-lint: disabel\n", "text"),
            parse("<!-- framing-lint: disable=a,??? -->", "html")]
    messages = [m for d in docs for _, m in d.warnings]
    assert len(messages) >= 4
    assert all(classify(m) in DOCUMENT_CHECKS and classify(m) != "document" for m in messages), messages
