"""Scans on a real local Dask cluster (a scheduler and two worker processes, each with a
nanny that restarts it), compared with local runs of the same files."""
from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from framing_lint import api
from framing_lint.config import Config, ConfigError
from framing_lint.runners import RunnerError
from tests.conftest import ROOT, S3, run_cli

distributed = pytest.importorskip("distributed")  # installed by the test extra: never skipped in CI

LEXICAL = Config(models={"en": "none", "fr": "none"})


@pytest.fixture(scope="module")
def cluster(s3: S3) -> Iterator[object]:
    # After the S3 server: the worker processes inherit its credentials from the environment.
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples (English, French, Word, templates) and 120 short letters."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "examples", root / "examples")
    for i in range(120):
        body = ["Dear customer,", f"Letter {i}.", "We will target young families." if i % 3 == 0 else "Thank you.",
                "Please return the claim file as per our policy." if i % 4 == 0 else "Kind regards."]
        (root / f"letters/{i // 40}").mkdir(parents=True, exist_ok=True)
        (root / f"letters/{i // 40}/letter{i:03}.md").write_text("\n\n".join(body) + "\n", encoding="utf-8")
    return root


def _address(cluster: object) -> str:
    return cluster.scheduler_address  # type: ignore[attr-defined, no-any-return]


def test_cli_on_the_cluster_prints_what_a_local_run_prints(cluster: object, corpus: Path) -> None:
    local = run_cli("check", str(corpus), "--format", "json", "--jobs", "2")
    remote = run_cli("check", str(corpus), "--format", "json", "--scheduler", _address(cluster))
    assert local.returncode == remote.returncode == 1, remote.stderr
    assert remote.stdout == local.stdout
    assert len(json.loads(remote.stdout)) > 80
    # Relative names: the workers have their own working directory, the findings keep the names given.
    relative = run_cli("check", "letters", "examples", "--format", "json", "--scheduler", _address(cluster), cwd=corpus)
    assert relative.stdout == run_cli("check", "letters", "examples", "--format", "json", "-j", "2", cwd=corpus).stdout
    assert '"path": "letters/0/letter000.md"' in relative.stdout.replace("\\", "/")
    by_env = run_cli("check", str(corpus), "--format", "line", env={"FRAMING_LINT_SCHEDULER": _address(cluster)})
    assert by_env.stdout == run_cli("check", str(corpus), "--format", "line", "-j", "1").stdout


def test_lint_paths_on_the_cluster(cluster: object, corpus: Path) -> None:
    local = api.lint_paths([corpus], config=LEXICAL, jobs=1)
    remote = api.lint_paths([corpus], config=LEXICAL, scheduler=_address(cluster))
    assert remote.findings == local.findings
    assert (remote.files, remote.errors) == (local.files, local.errors) == (127, [])


def test_a_worker_killed_mid_run_costs_a_retry_not_the_scan(cluster: object, corpus: Path) -> None:
    client = distributed.Client(_address(cluster), set_as_default=False)
    before = client.run(os.getpid)
    victim = next(iter(before.values()))
    done = 0

    def on_done() -> None:
        nonlocal done
        done += 1
        if done == 1:  # both workers hold batches now: kill one in the middle of its work
            os.kill(victim, signal.SIGKILL)

    got = list(api.iter_lint([corpus], config=LEXICAL, scheduler=_address(cluster), on_done=on_done))
    local = list(api.iter_lint([corpus], config=LEXICAL, jobs=1))
    assert got == local
    client.wait_for_workers(2, timeout=60)  # the nanny has started a new worker
    assert victim not in client.run(os.getpid).values()
    client.close()


def test_workers_that_cannot_set_up_stop_the_run(cluster: object, corpus: Path) -> None:
    broken = LEXICAL._replace(rule_files=(str(corpus / "missing.yaml"),))
    with pytest.raises(ConfigError, match="missing.yaml"):
        api.lint_paths([corpus], config=broken, scheduler=_address(cluster))


def test_no_scheduler_there_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("We target young families.\n", encoding="utf-8")
    got = run_cli("check", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9", env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"})
    assert got.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in got.stderr
    assert "Traceback" not in got.stderr and got.stdout == ""
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), pytest.raises(RunnerError, match="cannot reach"):
        api.lint_paths([tmp_path], scheduler="tcp://127.0.0.1:9")


def test_workers_read_a_bucket_themselves(cluster: object, s3: S3) -> None:
    url = s3.bucket("cluster-letters", {f"l{i}.md": "We will target young families.\n" for i in range(20)})
    remote = api.lint_paths([url], config=LEXICAL, scheduler=_address(cluster))
    assert remote.errors == []
    assert [f.path for f in remote.findings] == [f"{url}/l{i}.md" for i in sorted(range(20), key=str)]
