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
from framing_lint.runners import Done, Lost, Work
from framing_lint.runners.local import WINDOW_PER_JOB, LocalRunner


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


def _refuse_setup() -> None:
    raise AssertionError("set up although every item was answered")


@pytest.mark.parametrize("jobs", [1, 2])
def test_answered_items_need_no_worker_and_keep_their_place(jobs: int) -> None:
    items = [Done(str(i), f"cached {i}") for i in range(300)]
    assert list(LocalRunner(jobs).map(Work(_refuse_setup, _echo), iter(items))) == [(str(i), f"cached {i}") for i in range(300)]
    mixed = [Done(str(i), f"cached {i}") if i % 3 else str(i) for i in range(60)]
    got = list(LocalRunner(jobs).map(Work(_nothing, _echo), iter(mixed)))
    assert got == [(str(i), f"cached {i}" if i % 3 else str(i).upper()) for i in range(60)]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("answered", [False, True])
def test_the_runner_reads_a_bounded_window_ahead_of_its_output(jobs: int, answered: bool) -> None:
    # Items are read as the run goes, whether they need a worker or were answered already
    # (the findings cache): a scan of millions of files never holds their list.
    read = 0

    def items() -> Iterator[object]:
        nonlocal read
        for i in range(5000):
            read += 1
            yield Done(str(i), i) if answered else str(i)

    ahead = out = 0
    for _ in LocalRunner(jobs).map(Work(_nothing, str.upper), items()):
        ahead = max(ahead, read - out)
        out += 1
    assert out == 5000 and ahead <= jobs * WINDOW_PER_JOB + 1


def _state(pid: int) -> tuple[int, str] | None:
    """(parent pid, state letter) of a process, or None once it is gone (Linux /proc)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[1]), fields[0]


def _alive(pid: int) -> bool:
    state = _state(pid)
    return state is not None and state[1] != "Z"


def _children(pid: int) -> list[int]:
    return [int(e) for e in os.listdir("/proc") if e.isdigit() and (_state(int(e)) or (0, ""))[0] == pid and _alive(int(e))]


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_workers_end_when_the_run_is_killed(mini_project: Path, sig: signal.Signals) -> None:
    # `timeout 60 framing-lint check -j 2 .`, a cancelled CI job: only the parent gets the
    # signal. Its workers used to sleep for ever, each holding the other's pipe open, and
    # with them the run's stdout and stderr: whoever read the output (a hook runner, CI) hung.
    import subprocess
    import sys

    for i in range(1500):
        (mini_project / f"letter{i:04}.md").write_text("We will target young families, then open a claim file.\n" * 60,
                                                      encoding="utf-8")
    p = subprocess.Popen([sys.executable, "-m", "framing_lint", "check", ".", "-j", "2", "--no-cache"],
                         cwd=mini_project, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers: list[int] = []
    try:
        while len(workers) < 2 and p.poll() is None:
            time.sleep(0.05)
            workers = _children(p.pid)
        time.sleep(0.5)  # the workers are linting
        p.send_signal(sig)
        try:
            p.communicate(timeout=50)  # the end of the output: nobody holds it any more
        except subprocess.TimeoutExpired:
            pytest.fail(f"the output stays open after the run was killed: workers {[w for w in workers if _alive(w)]} left behind")
        assert p.returncode == -sig, "the run ended before the signal: the test proves nothing"
        deadline = time.monotonic() + 30
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [w for w in workers if _alive(w)], "worker processes were left behind"
    finally:
        p.kill()
        for w in workers:
            if _alive(w):
                os.kill(w, signal.SIGKILL)
