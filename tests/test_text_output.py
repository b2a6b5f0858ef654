"""The text format and what `check` shows people: grouping, advice, carets, colour, summary."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from framing_lint import api
from framing_lint.config import load_config
from framing_lint.reporters.text import source_window
from tests.conftest import MINI_PACK, run_cli

CLAIM = "Open a claim file.\n"


def _cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_grouped_by_file_with_advice_once_per_rule(mini_project: Path) -> None:
    (mini_project / "a.txt").write_text(CLAIM * 3 + "We will target young families.\n", encoding="utf-8")
    (mini_project / "b.txt").write_text(CLAIM, encoding="utf-8")
    r = run_cli("check", ".", cwd=mini_project)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "a.txt" and "b.txt" in lines and lines.count("a.txt") == 1
    assert r.stdout.count("instead: your claim") == 1 and r.stdout.count("instead: the customers we serve") == 1
    assert [ln.split()[0] for ln in lines[1:] if ln.startswith("  ") and ln.split()[0][0].isdigit()] == [
        "1:8", "2:8", "3:8", "4:9", "1:8"]
    assert "Checked 2 files: 5 findings (1 error, 4 warnings) in 2 files" in r.stdout


def test_quiet_keeps_files_whose_names_start_like_the_summary(mini_project: Path) -> None:
    for name in ("Found it.txt", "Explain this.txt"):
        (mini_project / name).write_text(CLAIM, encoding="utf-8")
    r = run_cli("check", ".", "-q", cwd=mini_project)
    assert r.returncode == 1
    assert "Explain this.txt\n  1:8  warning" in r.stdout and "Found it.txt\n  1:8  warning" in r.stdout
    assert "Checked" not in r.stdout


@pytest.mark.parametrize(
    ("line", "match"),
    [
        pytest.param("x " * 150 + "target customers" + " y" * 130, "target customers", id="long-ascii"),
        pytest.param("日本語のテキスト" * 30 + " target customers " + "終わり" * 20, "target customers", id="wide-before"),
        pytest.param("\t\tOur 🎯🎯 target customers", "target customers", id="tabs-emoji"),
        pytest.param("Zoë’s clients — 客户 target customers", "target customers", id="short-mixed"),
    ],
)
def test_source_window_cuts_long_lines_and_places_the_caret(line: str, match: str) -> None:
    start = line.index(match)
    shown, a, b = source_window(line, start, start + len(match), 80)
    assert _cells(shown) <= 80 + 2
    # The caret columns cover exactly the match as a terminal draws the shown line.
    cells = [(_cells(shown[:i]), c) for i, c in enumerate(shown)]
    under = "".join(c for col, c in cells if a <= col < b)
    assert under == match
    if _cells(line.replace("\t", " ")) > 80:
        assert "…" in shown


def test_caret_in_a_terminal_like_run(mini_project: Path) -> None:
    text = "\t客户 🎯 We will target young families.\n"
    (mini_project / "a.txt").write_text(text, encoding="utf-8")
    r = run_cli("check", "a.txt", "--color", "always", cwd=mini_project, env={"COLUMNS": "120"})
    lines = [ln for ln in r.stdout.splitlines() if "\x1b" in ln]
    src = next(i for i, ln in enumerate(lines) if "| " in ln)
    import re

    strip = re.compile(r"\x1b\[[0-9;]*m")
    source_line, caret_line = strip.sub("", lines[src]), strip.sub("", lines[src + 1])
    bar = source_line.index("| ") + 2
    shown = source_line[bar:]
    caret = caret_line.index("^")
    prefix_cells = caret - bar
    i = 0
    while _cells(shown[:i]) < prefix_cells:
        i += 1
    assert shown[i:].startswith("target young families")
    assert caret_line.count("^") == len("target young families")


def test_colour_honours_no_color_force_color_and_the_option(mini_project: Path) -> None:
    def colored(*args: str, **env: str) -> bool:
        return "\x1b[" in run_cli("check", "-", *args, cwd=mini_project, stdin=CLAIM, env=env).stdout

    assert not colored()  # not a terminal
    assert colored(FORCE_COLOR="1")
    assert not colored(FORCE_COLOR="1", NO_COLOR="1")
    assert colored("--color", "always", NO_COLOR="1")
    assert not colored("--color", "never", FORCE_COLOR="1")
    r = run_cli("check", "-", "--format", "json", cwd=mini_project, stdin=CLAIM, env={"FORCE_COLOR": "1"})
    assert json.loads(r.stdout)[0]["rule"] == "claim-file"  # machine formats never get colour


def test_statistics_lists_files_with_most_findings_first(mini_project: Path) -> None:
    for name, n in (("a.txt", 1), ("b.txt", 3), ("c.txt", 2)):
        (mini_project / name).write_text(CLAIM * n, encoding="utf-8")
    r = run_cli("check", ".", "--statistics", cwd=mini_project)
    block = r.stdout.split("Files with the most findings:\n", 1)[1].splitlines()
    assert [ln.split()[1] for ln in block[:3]] == ["b.txt", "c.txt", "a.txt"]


def test_findings_are_sorted_within_a_file(mini_project: Path) -> None:
    # The title attribute is read after its element's text, and directive problems used to
    # come first whatever their line.
    html = '<p title="We will target young families">Open a claim file.</p>\n<!-- framing-lint: disabel -->\n'
    found = api.lint_text(html, filename=str(mini_project / "a.html"))
    positions = [(f.line, f.column) for f in found]
    assert positions == sorted(positions) and [f.rule for f in found] == ["target-people", "claim-file", "bad-directive"]


def test_fixable_findings_are_marked_and_counted(tmp_path: Path) -> None:
    pack = MINI_PACK.read_text(encoding="utf-8").replace('match: ["claim file"]', 'match: ["claim file"]\n    fix: {replace: "claim", safe: true}')
    (tmp_path / "pack.yaml").write_text(pack, encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: []\nrule_files: [pack.yaml]\nmodels: {en: none}\n", encoding="utf-8")
    text = "Open a claim file. We will target young families.\n"
    r = run_cli("check", "-", cwd=tmp_path, stdin=text)
    assert "claim-file [*]" in r.stdout and "target-people [*]" not in r.stdout
    assert "1 fixable with --fix [*]; 1 more fixable with --unsafe-fixes." in r.stdout
    data = json.loads(run_cli("check", "-", "--format", "json", cwd=tmp_path, stdin=text).stdout)
    assert [f["fix"] for f in data] == [{"replacement": "claim", "safe": True}, {"replacement": "customers we serve", "safe": False}]
    listed = run_cli("rules", "list", cwd=tmp_path).stdout
    assert any(ln.startswith("claim-file") and " safe " in ln for ln in listed.splitlines())
    assert any(ln.startswith("target-people") and " unsafe " in ln for ln in listed.splitlines())


def test_rules_list_shows_effective_severity_and_the_packs(mini_project: Path) -> None:
    cfg = mini_project / ".framing-lint.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "severity: {paperwork: info}\n", encoding="utf-8")
    rows = json.loads(run_cli("rules", "list", "--format", "json", cwd=mini_project).stdout)
    claim = next(r for r in rows if r["id"] == "claim-file")
    assert (claim["severity"], claim["declared_severity"]) == ("info", "warning")
    text = run_cli("rules", "list", cwd=mini_project).stdout
    assert "Shipped packs" in text and "off  insurance" in text and "off  banking" in text


def test_api_config_and_cli_agree_on_min_severity(mini_project: Path) -> None:
    cfg = load_config(mini_project, min_severity="error")
    assert [f.rule for f in api.lint_text("Open a claim file. We will target young families.", config=cfg)] == ["target-people"]
