from __future__ import annotations

from pathlib import Path

import pytest

from framing_lint.rules.loader import RuleFileError, load_pack

GOOD_RULE = """
  - id: claim-file
    category: paperwork
    severity: warning
    message: "'{match}' names the paperwork."
    rationale: A file is not a person.
    alternatives: ["your claim"]
    match: ["claim file"]
    examples:
      flag: ["Open a claim file.", "Claim files pile up."]
      pass: ["Attach the log file.", "File a claim."]
"""


def write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "pack.yaml"
    p.write_text("pack: t\nlanguage: en\nrules:\n" + body, encoding="utf-8")
    return p


def problems(tmp_path: Path, body: str) -> list[str]:
    with pytest.raises(RuleFileError) as exc:
        load_pack(write(tmp_path, body))
    return [str(p) for p in exc.value.problems]


def test_good_pack_loads(tmp_path: Path) -> None:
    name, language, rules = load_pack(write(tmp_path, GOOD_RULE))
    assert (name, language, [r.id for r in rules]) == ("t", "en", ["claim-file"])


@pytest.mark.parametrize(
    ("edit", "line", "fragment"),
    [
        pytest.param(("severity: warning", "severity: loud"), 7, "severity must be one of", id="bad-severity"),
        pytest.param(("    rationale:", "    reason:"), 9, "unknown key 'reason'", id="unknown-key"),
        pytest.param(('["claim file"]', "[42]"), 11, "a match entry is a pattern string", id="wrong-type"),
        pytest.param(('["claim file"]', '["{nobody} file"]'), 11, "unknown word class", id="unknown-class"),
        pytest.param(('pass: ["Attach the log file.", "File a claim."]', 'pass: ["Attach the log file."]'), 14, "at least two 'pass'", id="missing-example"),
        pytest.param(("id: claim-file", "id: Claim_File"), 5, "kebab-case", id="bad-id"),
        pytest.param(('["claim file"]', "['claim =file|?=folder']"), 11, "apply to a whole position", id="optional-alternative"),
        pytest.param(('["claim file"]', "['$$$']"), 11, "no word to search for", id="no-searchable-word"),
        pytest.param(('["claim file"]', "['?claim ?file']"), 11, "no required word", id="only-optional-words"),
        pytest.param(('["claim file"]', "['claim ?$$$ file', {syntax: '$$$ >obj %', lexical: 'claim file'}]"), 11,
                     "no word to search for", id="syntax-with-no-searchable-word"),
        pytest.param(('["claim file"]', "['" + "claim " * 41 + "']"), 11, "at most 40", id="pattern-too-long"),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, edit: tuple[str, str], line: int, fragment: str) -> None:
    got = problems(tmp_path, GOOD_RULE.replace(*edit))
    path = str(tmp_path / "pack.yaml")
    assert any(p.startswith(f"{path}:{line}:") and fragment in p for p in got), got


def test_duplicate_id(tmp_path: Path) -> None:
    from framing_lint.rules.loader import Problem, check_unique

    _, _, rules = load_pack(write(tmp_path, GOOD_RULE + GOOD_RULE))
    found: list[Problem] = []
    check_unique(rules, found)
    assert len(found) == 1 and "duplicate rule id 'claim-file'" in found[0].message and found[0].line == 16


def test_broken_yaml_names_line(tmp_path: Path) -> None:
    got = problems(tmp_path, GOOD_RULE + "  - id: [unclosed\n")
    assert got and ":15:" in got[0] or ":16:" in got[0]


def test_safe_loader_refuses_python_tags(tmp_path: Path) -> None:
    got = problems(tmp_path, "  - !!python/object/apply:os.system ['echo hi']\n")
    assert got and "invalid YAML" in got[0]
