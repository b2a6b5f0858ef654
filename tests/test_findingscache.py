from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from framing_lint.config import Config
from framing_lint.findingscache import FindingsCache, open_cache
from framing_lint.api import lint_file
from tests.conftest import MINI_PACK, ROOT, run_cli


@pytest.fixture
def project(mini_project: Path) -> Path:
    (mini_project / "a.txt").write_text("Intro.\nOur target customers are busy. Open a claim file.\n", encoding="utf-8")
    (mini_project / "b.md").write_text("# B\n\nWe will target young families.\n", encoding="utf-8")
    (mini_project / "clean.txt").write_text("Nothing to see.\n", encoding="utf-8")
    return mini_project


def _run(project: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("check", ".", "--format", "json", *args, cwd=project, env={"FRAMING_LINT_CACHE_DIR": str(cache)})


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "findings-v1").glob("*/*.json"))


def test_second_run_reads_the_cache_and_gives_the_same_findings(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(project, cache)
    assert first.returncode == 1, first.stderr
    assert len(_entries(cache)) == 3  # clean files are cached too
    second = _run(project, cache)
    assert (second.returncode, second.stdout) == (first.returncode, first.stdout)
    # Proof that the second run read rather than linted: an entry we edit is what it reports.
    for entry in _entries(cache):
        data = json.loads(entry.read_text(encoding="utf-8"))
        for row in data["findings"]:
            row[3] = "from the cache"
        entry.write_text(json.dumps(data), encoding="utf-8")
    third = json.loads(_run(project, cache).stdout)
    assert {f["message"] for f in third} == {"from the cache"}
    # --no-cache neither reads nor writes.
    fresh = _run(project, tmp_path / "other", "--no-cache")
    assert fresh.stdout == first.stdout and not (tmp_path / "other" / "findings-v1").exists()


def test_changes_to_file_config_or_rules_are_misses(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(project, cache)
    (project / "b.md").write_text("# B\n\nWe will help young families. Open a claim file.\n", encoding="utf-8")
    assert [f["rule"] for f in json.loads(_run(project, cache).stdout) if f["path"] == "b.md"] == ["claim-file"]
    config = project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "severity: {claim-file: info}\n", encoding="utf-8")
    assert {f["severity"] for f in json.loads(_run(project, cache).stdout) if f["rule"] == "claim-file"} == {"info"}
    pack = project / "pack.yaml"
    pack.write_text(MINI_PACK.read_text(encoding="utf-8"), encoding="utf-8")
    config.write_text(f"packs: []\nrule_files: [pack.yaml]\nmodels: {{en: none, fr: none}}\n", encoding="utf-8")
    assert any(f["rule"] == "target-people" for f in json.loads(_run(project, cache).stdout))
    pack.write_text(pack.read_text(encoding="utf-8").replace("id: target-people", "id: target-persons"), encoding="utf-8")
    rules = {f["rule"] for f in json.loads(_run(project, cache).stdout)}
    assert "target-persons" in rules and "target-people" not in rules


def test_per_file_ignores_apply_to_files_with_the_same_bytes(project: Path, tmp_path: Path) -> None:
    config = project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "per-file-ignores: {'legacy/*': [claim-file]}\n", encoding="utf-8")
    (project / "legacy").mkdir()
    (project / "legacy" / "a.txt").write_bytes((project / "a.txt").read_bytes())
    cache = tmp_path / "cache"
    for _ in range(2):
        found = {(f["path"], f["rule"]) for f in json.loads(_run(project, cache).stdout)}
        assert ("a.txt", "claim-file") in found and ("legacy/a.txt", "claim-file") not in found
        assert ("legacy/a.txt", "target-people") in found


@pytest.mark.parametrize("garbage", [b"", b"\x80\x04\x95pickle", b"[]", b'{"key": 1}', b"null"])
def test_broken_or_foreign_entries_are_misses(project: Path, tmp_path: Path, garbage: bytes) -> None:
    cache = tmp_path / "cache"
    first = _run(project, cache)
    for entry in _entries(cache):
        entry.write_bytes(garbage)
    assert _run(project, cache).stdout == first.stdout


def test_entry_with_wrong_field_types_is_a_miss(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _run(project, cache)
    for entry in _entries(cache):
        data = json.loads(entry.read_text(encoding="utf-8"))
        for row in data["findings"]:
            row[4] = "3"  # a line number as text
        entry.write_text(json.dumps(data), encoding="utf-8")
    assert _run(project, cache).stdout == first.stdout


def test_two_runs_sharing_the_cache(project: Path, tmp_path: Path) -> None:
    for i in range(30):
        (project / f"doc{i}.txt").write_text(f"Paragraph {i}. Our target customers read it.\n", encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"FRAMING_LINT_CACHE_DIR": str(cache)}
    cmd = [sys.executable, "-m", "framing_lint", "check", ".", "--format", "json", "--jobs", "2"]
    import os

    procs = [subprocess.Popen(cmd, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, **env}) for _ in range(3)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert len({out for out, _ in outs}) == 1 and all(err == "" for _, err in outs)
    assert len(json.loads(outs[0][0])) == 33
    assert _run(project, cache).stdout == outs[0][0]
    assert not list((cache / "findings-v1").glob("*/.tmp-*"))  # no temporary file left behind


def test_concurrent_writers_never_expose_a_partial_entry(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("Our target customers. " * 2000, encoding="utf-8")
    cfg = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "none", "fr": "none"})
    expected, _, _ = lint_file(doc, cfg)
    cache = FindingsCache(tmp_path / "cache")
    key = cache.key(doc.read_bytes(), "text", cfg, str(doc))
    assert key is not None
    cache.store(key, expected)  # then readers race writers replacing it
    seen: list[object] = []

    def writer() -> None:
        for _ in range(20):
            cache.store(key, expected)

    def reader() -> None:
        for _ in range(200):
            got = cache.lookup(key, str(doc))
            if got is not None:
                seen.append(got == expected)

    threads = [threading.Thread(target=t) for t in (writer, writer, reader, reader)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 400 and all(seen)


def test_lint_file_with_cache_matches_without(tmp_path: Path) -> None:
    docs = sorted((ROOT / "examples").rglob("*.*"))
    cache = open_cache(tmp_path / "cache")
    assert cache is not None
    cfg = Config(models={"en": "none", "fr": "none"})
    for doc in docs:
        plain = lint_file(doc, cfg)
        assert lint_file(doc, cfg, cache) == plain  # stores
        assert lint_file(doc, cfg, cache) == plain  # reads


def test_off_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRAMING_LINT_NO_CACHE", "1")
    assert open_cache() is None


def test_a_run_the_cache_answers_reads_its_files_as_it_goes(mini_project: Path, tmp_path: Path) -> None:
    # Files the cache knows take their turn in the runner's bounded window like any other:
    # a second run over a huge unchanged folder never holds all of them (nor their findings).
    from framing_lint.api import iter_lint
    from framing_lint.runners.local import WINDOW_PER_JOB

    names = []
    for i in range(400):
        path = mini_project / f"{i:03}.md"
        path.write_text("Open a claim file.\n" if i % 4 == 0 else f"Letter {i}.\n", encoding="utf-8")
        names.append(str(path))
    cfg = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "none", "fr": "none"})
    cache = open_cache(tmp_path / "cache")
    first = [(name, result[0]) for name, result in iter_lint(names, cfg, jobs=1, cache=cache)]
    read = 0

    def targets() -> object:
        nonlocal read
        for name in names:
            read += 1
            yield name

    ahead = 0
    second = []
    for name, result in iter_lint(targets(), cfg, jobs=2, cache=cache):
        ahead = max(ahead, read - len(second))
        second.append((name, result[0]))
    assert second == first and sum(1 for _, found in first if found) == 100
    assert ahead <= 2 * WINDOW_PER_JOB + 1
