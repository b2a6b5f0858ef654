"""The command under hostile and broken input (issue 12): no traceback, nothing but the
report on stdout, every output format parseable, one bad file never ends the run."""
from __future__ import annotations

import json
import os
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import run_cli

FORMATS = ("text", "json", "jsonl", "sarif", "line", "github", "junit", "html")


@pytest.fixture
def awkward_names(mini_project: Path) -> list[str]:
    """Two files with a finding each: a name that is not valid UTF-8, a name with a newline."""
    names = [os.fsdecode(b"caf\xe9.txt"), "new\nline.txt"]
    for name in names:
        (mini_project / name).write_text("We will target young families.\n", encoding="utf-8")
    return names


def _parseable(fmt: str, out: str) -> int:
    """How many findings the output holds, parsing it as its consumers would."""
    if fmt == "json":
        return len(json.loads(out))
    if fmt == "sarif":
        return len(json.loads(out)["runs"][0]["results"])
    if fmt == "jsonl":
        return len([json.loads(line) for line in out.splitlines()])
    if fmt == "html":
        return min(out.count("target-people"), 2)
    if fmt == "junit":
        return len(ET.fromstring(out.encode("utf-8")).findall(".//failure"))
    if fmt in ("line", "github"):
        return len(out.splitlines())
    return sum(1 for line in out.splitlines() if "target-people" in line)


@pytest.mark.parametrize(
    ("fmt", "to_file"),
    [*((fmt, False) for fmt in FORMATS), ("json", True), ("jsonl", True), ("sarif", True), ("html", True)],
)
def test_paths_with_undecodable_bytes_and_newlines_in_every_format(mini_project: Path, awkward_names: list[str],
                                                                   fmt: str, to_file: bool) -> None:
    extra = ["-o", "report.out"] if to_file else []
    r = run_cli("check", *awkward_names, "--format", fmt, *extra, cwd=mini_project)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    out = (mini_project / "report.out").read_text(encoding="utf-8") if to_file else r.stdout
    assert _parseable(fmt, out) == 2
    assert "caf\\xe9.txt" in out.replace("\\\\", "\\") or "caf%E9.txt" in out  # the byte is shown, not lost
    if fmt in ("line", "text"):
        assert "new\\nline.txt" in out  # one finding per line: the newline is escaped


def test_sarif_uri_keeps_the_exact_bytes_of_the_name(mini_project: Path, awkward_names: list[str]) -> None:
    r = run_cli("check", *awkward_names, "--format", "sarif", cwd=mini_project)
    uris = [res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in json.loads(r.stdout)["runs"][0]["results"]]
    assert sorted(uris) == ["caf%E9.txt", "new%0Aline.txt"]


def test_a_word_file_on_standard_input(mini_project: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("We will target young families.")
    path = mini_project / "letter.docx"
    document.save(str(path))
    import subprocess

    r = subprocess.run([sys.executable, "-m", "framing_lint", "check", "--stdin-filename", "letter.docx", "-",
                        "--format", "json"], cwd=mini_project, input=path.read_bytes(), capture_output=True, timeout=120)
    assert r.returncode == 1, r.stderr
    assert [f["rule"] for f in json.loads(r.stdout)] == ["target-people"]
    r = run_cli("check", "--stdin-filename", "letter.docx", "-", cwd=mini_project, stdin="not a Word file\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "letter.docx: cannot read Word file: not a zip archive" in r.stderr


DOLLARS = """\
pack: dollars
language: en
rules:
  - id: dollars
    category: money
    severity: warning
    message: "'{match}' found."
    rationale: Money.
    alternatives: ["price"]
    match: ["$$$"]
    examples:
      flag: ["It costs $$$.", "Pay $$$ now."]
      pass: ["It is free.", "No money."]
"""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_rule_with_no_word_to_search_for_is_one_clean_error(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "dollars.yaml").write_text(DOLLARS, encoding="utf-8")
    (tmp_path / ".framing-lint.yaml").write_text("packs: [core]\nrule_files: [dollars.yaml]\nmodels: {en: none, fr: none}\n",
                                                 encoding="utf-8")
    for i in range(12):
        (tmp_path / f"f{i}.md").write_text("We target customers. It costs $$$.\n", encoding="utf-8")
    r = run_cli("check", ".", "-j", jobs, cwd=tmp_path, env={"FRAMING_LINT_NO_CACHE": "1"})
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.count("framing-lint: error:") == 1, r.stderr
    assert "dollars.yaml:10: pattern '$$$' has no word to search for" in r.stderr
    r = run_cli("rules", "test", "dollars.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr and "no word to search for" in r.stderr


def test_max_file_size_from_the_config(mini_project: Path) -> None:
    config = mini_project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "max_file_size: 1KB\n", encoding="utf-8")
    (mini_project / "big.txt").write_text("We will target young families.\n" * 100, encoding="utf-8")
    (mini_project / "small.txt").write_text("We will target young families.\n", encoding="utf-8")
    r = run_cli("check", "big.txt", "small.txt", "--format", "json", cwd=mini_project)
    assert r.returncode == 2
    assert [f["path"] for f in json.loads(r.stdout)] == ["small.txt"]  # the other file is still linted
    assert "big.txt: the file is 3.0 KB, more than max_file_size (1 KB); not linted (raise max_file_size" in r.stderr
    r = run_cli("check", "-", cwd=mini_project, stdin="We will target young families.\n" * 100)
    assert r.returncode == 2 and "more than max_file_size (1 KB)" in r.stderr


@pytest.mark.parametrize("value", ["'ten megabytes'", "0", "-5", "true"])
def test_a_bad_limit_in_the_config_is_a_config_error(mini_project: Path, value: str) -> None:
    config = mini_project / ".framing-lint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"max_file_size: {value}\n", encoding="utf-8")
    r = run_cli("check", "-", cwd=mini_project, stdin="Hello.\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert ".framing-lint.yaml:4: 'max_file_size'" in r.stderr, r.stderr


# A dependency that fails in a way nobody planned for: a stand-in for a crashing C
# extension, put first on the path of the real command.
BROKEN_PYROMARK = """\
class Options:
    ENABLE_TABLES = 1
    ENABLE_STRIKETHROUGH = 2

def events_with_range(text, options=0):
    raise ZeroDivisionError("the Markdown parser fell over")
"""


def test_an_unexpected_error_in_one_file_is_reported_and_the_run_goes_on(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    fake = tmp_path_factory.mktemp("fake")
    (fake / "pyromark.py").write_text(BROKEN_PYROMARK, encoding="utf-8")
    (mini_project / "a.md").write_text("We will target young families.\n", encoding="utf-8")
    (mini_project / "b.txt").write_text("We will target young families.\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])}
    r = run_cli("check", "a.md", "b.txt", "--format", "json", cwd=mini_project, env=env)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert [f["path"] for f in json.loads(r.stdout)] == ["b.txt"]
    assert "a.md: internal error while linting: ZeroDivisionError('the Markdown parser fell over')" in r.stderr
    r = run_cli("check", "--stdin-filename", "a.md", "-", cwd=mini_project, env=env, stdin="Hello.\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "a.md: internal error while linting: ZeroDivisionError" in r.stderr


def test_an_unexpected_error_in_worker_processes_is_reported_and_the_run_goes_on(
        mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    # The same with --jobs 2: the error crosses from the worker process as one line per file.
    fake = tmp_path_factory.mktemp("fake")
    (fake / "pyromark.py").write_text(BROKEN_PYROMARK, encoding="utf-8")
    for i in range(10):
        (mini_project / f"a{i}.md").write_text("We will target young families.\n", encoding="utf-8")
        (mini_project / f"b{i}.txt").write_text("We will target young families.\n", encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")]), "FRAMING_LINT_NO_CACHE": "1"}
    r = run_cli("check", ".", "-j", "2", "--format", "json", cwd=mini_project, env=env)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert sorted(f["path"] for f in json.loads(r.stdout)) == [f"b{i}.txt" for i in range(10)]
    assert sorted(r.stderr.splitlines()) == [
        f"framing-lint: error: a{i}.md: internal error while linting: ZeroDivisionError('the Markdown parser fell over')"
        for i in range(10)]


BROKEN_RICH = """\
raise ZeroDivisionError("rich could not start")
"""


def test_an_unexpected_error_outside_any_file_is_one_line_not_a_traceback(mini_project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    fake = tmp_path_factory.mktemp("fake")
    (fake / "rich").mkdir()
    (fake / "rich" / "__init__.py").write_text(BROKEN_RICH, encoding="utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])}
    r = run_cli("check", "-", "--color", "always", cwd=mini_project, env=env, stdin="We will target young families.\n")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("framing-lint: internal error: ZeroDivisionError('rich could not start')"), r.stderr
    r = run_cli("check", "-", "--color", "always", cwd=mini_project, env={**env, "FRAMING_LINT_DEBUG": "1"},
                stdin="We will target young families.\n")
    assert "Traceback" in r.stderr  # the details, when asked for



def test_fix_on_a_folder_never_writes_through_a_link_leaving_it(tmp_path: Path) -> None:
    from tests.test_fixes import write_fix_project

    (tmp_path / "repo").mkdir()
    project = write_fix_project(tmp_path / "repo")
    outside = tmp_path / "home-notes.txt"
    outside.write_text("Open a claim file.\n", encoding="utf-8")
    (project / "notes.txt").symlink_to(outside)  # a hostile repository points at the user's files
    (project / "own.txt").write_text("Open a claim file.\n", encoding="utf-8")
    r = run_cli("check", "--fix", ".", cwd=project)
    assert "Traceback" not in r.stderr
    assert outside.read_text(encoding="utf-8") == "Open a claim file.\n"
    assert (project / "own.txt").read_text(encoding="utf-8") == "Open a claim.\n"
    assert "notes.txt" in r.stderr  # skipped with a notice


MEMORY_SCRIPT = """\
import resource, sys
from framing_lint import lint_paths
from framing_lint.config import Config
cfg = Config(models={"en": "none", "fr": "none"})
lint_paths([sys.argv[1] + ".warm"], config=cfg)  # rules compiled, modules imported
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = lint_paths([sys.argv[1]], config=cfg)
assert not report.errors, report.errors
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""
PROSE_WORDS = ("the a customer team our policy will be sent to you by email within days and we review each request "
               "with care please call us if anything").split()


@pytest.mark.parametrize(("name", "layout"), [pytest.param("one-line.txt", "one line", id="one-line"),
                                             pytest.param("notes.md", "paragraphs", id="paragraphs")])
def test_memory_stays_a_small_multiple_of_the_file(tmp_path: Path, name: str, layout: str) -> None:
    # A 200 MB file took 19-27 times its size, a 50 MB one-line file 48 times (2.4 GB). The
    # size limit refuses such files; below it a file must still cost a small multiple of
    # its size: peak memory growth of the process that lints it, 1 MB of prose.
    import random
    import subprocess

    rnd = random.Random(12)
    end = " " if layout == "one line" else "\n\n"
    sentences, size = [], 0
    while size < 1_000_000:
        s = " ".join(rnd.choice(PROSE_WORDS) for _ in range(60)) + "." + end
        sentences.append(s)
        size += len(s)
    path = tmp_path / name
    path.write_text("".join(sentences), encoding="utf-8")
    (tmp_path / (name + ".warm")).write_text("We target customers.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", MEMORY_SCRIPT, str(path)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    grown = int(r.stdout.strip())
    assert grown < 15 * size, f"linting a {size / 1e6:.1f} MB file took {grown / size:.0f} times its size"
    print(f"{layout}: {grown / size:.1f} times the file")
