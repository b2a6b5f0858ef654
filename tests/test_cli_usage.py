"""The command line as a user meets it: typos, environment variables, completion, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing_lint.cli import cli, main
from tests.conftest import run_cli


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=stdin, env=env, auto_envvar_prefix="FRAMING_LINT",
                              prog_name="framing-lint")


@pytest.fixture
def in_project(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(mini_project)
    return mini_project


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        pytest.param(("chek",), "No such command 'chek'. Did you mean 'check'?", id="command"),
        pytest.param(("rules", "lst"), "No such command 'lst'. Did you mean 'list'?", id="subcommand"),
        pytest.param(("check", "--fromat", "json"), "'--format'?", id="option"),
    ],
)
def test_typos_get_a_suggestion_and_exit_2(args: tuple[str, ...], hint: str) -> None:
    r = invoke(*args)
    assert r.exit_code == 2 and hint in r.output


@pytest.mark.parametrize("option", ["--ignore", "--select"])
def test_unknown_rule_name_suggests_the_closest(in_project: Path, option: str) -> None:
    r = invoke("check", "-", option, "targts", stdin="hello\n")
    assert r.exit_code == 2
    assert f"unknown rule or category 'targts' in {option}. Did you mean 'targets'?" in r.output


def test_every_option_reads_the_environment(in_project: Path) -> None:
    text = "We will target young families. Open a claim file.\n"
    r = invoke("check", "-", stdin=text, env={"FRAMING_LINT_CHECK_FORMAT": "json"})
    assert r.exit_code == 1 and {f["rule"] for f in json.loads(r.stdout)} == {"target-people", "claim-file"}
    r = invoke("check", "-", stdin=text, env={"FRAMING_LINT_CHECK_IGNORE": "target-people claim-file"})
    assert r.exit_code == 0
    r = invoke("check", "-", stdin=text, env={"FRAMING_LINT_CHECK_EXIT_ZERO": "1"})
    assert r.exit_code == 0 and "target-people" in r.stdout
    # The help names the variable next to each option.
    assert "FRAMING_LINT_CHECK_FAIL_ON" in invoke("check", "--help").output


def test_main_returns_exit_codes(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0 and "framing-lint, version" in capsys.readouterr().out
    assert main(["check", "--fail-on", "sometimes"]) == 2
    assert main(["rules", "explain", "claim-file"]) == 0


def test_shell_completion_of_commands_and_rule_ids(mini_project: Path) -> None:
    env = {"_FRAMING_LINT_COMPLETE": "bash_complete", "COMP_WORDS": "framing-lint ch", "COMP_CWORD": "1"}
    r = run_cli(cwd=mini_project, env=env)
    assert r.returncode == 0 and r.stdout.split() == ["plain,check"]
    env = {**env, "COMP_WORDS": "framing-lint check --ignore claim", "COMP_CWORD": "3"}
    assert run_cli(cwd=mini_project, env=env).stdout.split() == ["plain,claim-file"]
    env = {**env, "COMP_WORDS": "framing-lint rules explain target-", "COMP_CWORD": "3"}
    assert run_cli(cwd=mini_project, env=env).stdout.split() == ["plain,target-people"]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script(shell: str) -> None:
    r = invoke("completion", shell)
    assert r.exit_code == 0 and "_FRAMING_LINT_COMPLETE" in r.output
