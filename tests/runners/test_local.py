"""The local process pool: order, errors, and workers that really die."""
from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest

from framing_lint import api, documents
from framing_lint.config import Config, ConfigError
from framing_lint.runners import Lost, Work
from framing_lint.runners.local import LocalRunner


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    # The bug under test is a hang: fail instead of blocking the suite.
    def timeout(*_: object) -> None:
        raise TimeoutError("the runner hung")

    old = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _nothing() -> None:
    pass


def _echo(item: str) -> str:
    time.sleep(0.02 if int(item) % 3 == 0 else 0)  # finish out of order
    return item.upper()


def _die(how: str, item: str) -> str:
    if item == "bad":
        if how == "exit":
            os._exit(3)
        os.kill(os.getpid(), signal.SIGKILL)
    return f"ok {item}"


def _config_error(item: str) -> str:
    if item == "7":
        raise ConfigError("config.yaml:1: broken")
    return item


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_input_order(jobs: int) -> None:
    items = [str(i) for i in range(50)]
    done: list[None] = []
    got = list(LocalRunner(jobs).map(Work(_nothing, _echo), iter(items), on_done=lambda: done.append(None)))
    assert got == [(i, i.upper()) for i in items]
    assert len(done) == 50


@pytest.mark.parametrize("how", ["exit", "kill"])
def test_a_dead_worker_costs_its_file_only(how: str) -> None:
    items = [str(i) for i in range(20)] + ["bad"] + [str(i) for i in range(20, 40)]
    got = dict(LocalRunner(2).map(Work(_nothing, partial(_die, how)), items))
    assert len(got) == 41
    lost = got.pop("bad")
    assert isinstance(lost, Lost)
    assert ("SIGKILL" in lost.message) if how == "kill" else ("status 3" in lost.message)
    assert got == {str(i): f"ok {i}" for i in range(40)}


def test_every_worker_dying_still_ends() -> None:
    items = ["bad"] * 12 + ["1"]
    got = list(LocalRunner(2).map(Work(_nothing, partial(_die, "kill")), items))
    assert [isinstance(r, Lost) for _, r in got] == [True] * 12 + [False]


def test_a_run_wide_error_ends_the_run() -> None:
    with pytest.raises(ConfigError, match="broken"):
        list(LocalRunner(2).map(Work(_nothing, _config_error), [str(i) for i in range(30)]))


def test_lint_paths_reports_the_file_whose_worker_died(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A real lint run where parsing one file kills its process, as an OOM kill or a
    # segfault in a C extension would (forked workers inherit the patched parser).
    for i in range(12):
        (tmp_path / f"letter{i:02}.md").write_text("We will target young families.\n", encoding="utf-8")
    (tmp_path / "letter05.md").write_text("CRASH\n", encoding="utf-8")
    real_parse = documents.parse

    def parse(text: str, fmt: str) -> documents.Document:
        if "CRASH" in text:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_parse(text, fmt)

    monkeypatch.setattr(documents, "parse", parse)
    report = api.lint_paths([tmp_path], config=Config(models={"en": "none", "fr": "none"}), jobs=2)
    assert [(Path(e.path).name, "SIGKILL" in e.message) for e in report.errors] == [("letter05.md", True)]
    assert report.files == 11
    assert sorted({Path(f.path).name for f in report.findings}) == [f"letter{i:02}.md" for i in range(12) if i != 5]
