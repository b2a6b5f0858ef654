"""Every framing-lint command, config snippet, rule id and pre-commit rev in the README and
docs/ works as written (run for real in a scratch project, not just parsed)."""
from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from framing_lint import api
from framing_lint.config import KNOWN_KEYS, Config, from_mapping
from tests.conftest import MINI_PACK, ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"```(\w*)\n(.*?)```", re.S)
INLINE = re.compile(r"`(framing-lint [^`]+)`")
# Placeholders the prose uses, and what stands in for them in the scratch project.
PLACEHOLDERS = {"RULE-ID": "claim-file", "ID": "claim-file", "FILE...": "our-terms.yaml", "FILE": "our-terms.yaml",
                "FILES": "letter.md", "[FILES]": "our-terms.yaml", "SHELL": "bash", "PATH": "letter.md"}


def _commands() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            if m.group(1) not in ("sh", "bash", "shell", "console"):
                continue
            for line in m.group(2).splitlines():
                for part in line.split("&&"):
                    part = part.strip()
                    if part.startswith("framing-lint "):
                        out.append((doc.name, part))
        for m in INLINE.finditer(FENCE.sub("", text)):
            out.append((doc.name, m.group(1)))
    return out


COMMANDS = _commands()


def test_the_docs_have_commands() -> None:
    assert len(COMMANDS) >= 15 and any(c.startswith("framing-lint config") for _, c in COMMANDS)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the folders and files the docs name, made of the shipped examples."""
    root = tmp_path_factory.mktemp("docs-project")
    shutil.copytree(ROOT / "examples", root / "examples")
    for folder in ("policies", "templates", "letters"):
        (root / folder).mkdir()
    shutil.copy(ROOT / "examples" / "brief.md", root / "policies" / "brief.md")
    shutil.copy(ROOT / "examples" / "welcome.hbs", root / "templates" / "welcome.hbs")
    shutil.copy(ROOT / "examples" / "brief.md", root / "letters" / "renewal.md")
    shutil.copy(ROOT / "examples" / "brief.md", root / "letter.md")
    shutil.copy(MINI_PACK, root / "our-terms.yaml")
    return root


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A real local Dask cluster for the documented --scheduler commands."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def _servers(request: pytest.FixtureRequest, scratch: Path, words: list[str]) -> list[str]:
    """Documented scans of an S3 bucket or on a cluster run against real local ones: the
    bucket on moto's S3 server, the scheduler address swapped for a local cluster's."""
    if any(w.startswith("s3://") for w in words):
        s3 = request.getfixturevalue("s3")
        try:
            s3.bucket("policies", {"letters/renewal.md": (ROOT / "examples" / "brief.md").read_text(encoding="utf-8")})
        except Exception as exc:  # noqa: BLE001 - made by an earlier command
            assert "BucketAlreadyOwnedByYou" in repr(exc)
    if "--files-from" in words:
        (scratch / "manifest.txt").write_text("letter.md\npolicies/brief.md\n", encoding="utf-8")
    if "--scheduler" in words:
        i = words.index("--scheduler") + 1
        words[i] = request.getfixturevalue("dask_scheduler")
    return words


@pytest.mark.parametrize(("doc", "command"), COMMANDS, ids=[f"{d}: {c}" for d, c in COMMANDS])
def test_documented_command_runs(request: pytest.FixtureRequest, scratch: Path, doc: str, command: str) -> None:
    words = _servers(request, scratch, [PLACEHOLDERS.get(w, w) for w in shlex.split(command, comments=True)])
    stdin = None
    if "<" in words:
        i = words.index("<")
        stdin = (scratch / words[i + 1]).read_bytes()
        del words[i : i + 2]
    if ">" in words:
        del words[words.index(">") :]
    if words[1:3] == ["rules", "test"]:
        words.append("--mode=lexical")  # both modes take ~20 s over every shipped rule
    if words[1] == "server":
        stdin = b""  # the language server serves until its client goes away: here at once
    r = subprocess.run([sys.executable, "-m", "framing_lint", *words[1:]], cwd=scratch, input=stdin,
                       capture_output=True, timeout=300)
    stderr = r.stderr.decode("utf-8", "replace")
    assert r.returncode in (0, 1), f"{command!r} in {doc} exited {r.returncode}: {stderr}"
    assert "Traceback" not in stderr and "Error:" not in stderr, stderr


def _config_snippets() -> list[tuple[str, dict[str, object]]]:
    out = []
    for doc in DOCS:
        for m in FENCE.finditer(doc.read_text(encoding="utf-8")):
            if m.group(1) != "yaml":
                continue
            try:
                data = yaml.safe_load(m.group(2))
            except yaml.YAMLError:
                continue  # an illustration with "..." in it, not a config
            if isinstance(data, dict) and {str(k).replace("-", "_") for k in data} <= KNOWN_KEYS:
                out.append((doc.name, data))
    return out


@pytest.mark.parametrize(("doc", "data"), _config_snippets(), ids=lambda v: v if isinstance(v, str) else "")
def test_documented_config_snippets_load_and_name_real_rules(tmp_path: Path, doc: str, data: dict[str, object]) -> None:
    data = {k: v for k, v in data.items() if k not in ("extend", "rule_files")}  # files that exist only in the example
    cfg = from_mapping(data, str(tmp_path / ".framing-lint.yaml"))
    api.check_names(cfg._replace(models={}))


def test_documented_rule_ids_exist() -> None:
    known = api.known_names(Config(packs=("core", "banking", "healthcare", "hospitality", "insurance", "public-sector", "saas")))
    named = set()
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        named |= {n for m in re.finditer(r"framing-lint: (?:disable|enable)[\w-]*=([\w, -]+?)(?: --|\s*-->|\s*#})", text)
                  for n in re.split(r"[,\s]+", m.group(1)) if n}
        named |= {n for m in re.finditer(r"--(?:ignore|select) ([\w,-]+)", text) for n in m.group(1).split(",")}
    assert named and not {n for n in named if n not in known and not n.isupper()}, named - known


def test_documented_pre_commit_rev_exists() -> None:
    for doc in (ROOT / "README.md", ROOT / "docs" / "precommit.md"):
        for rev in re.findall(r"^\s*rev: (\S+)", doc.read_text(encoding="utf-8"), re.M):
            found = any(subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd=ROOT,
                                       capture_output=True, text=True).returncode == 0
                        for ref in (rev, f"origin/{rev}"))
            assert found, f"{doc.name}: rev {rev!r} is not a commit, tag or branch of this repository"


def test_sector_packs_are_listed_in_the_readme() -> None:
    from framing_lint.rules.loader import LANGUAGES, shipped_packs

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packs = {name for lang in LANGUAGES for name in shipped_packs(lang)}
    assert all(f"`{name}`" in readme for name in packs), packs
