from __future__ import annotations

from pathlib import Path

import pytest

from framing_lint.config import ConfigError, discover


def test_yaml_config_found_upward(tmp_path: Path) -> None:
    (tmp_path / ".framing-lint.yaml").write_text("ignore: [numbers]\nlanguage: fr\n", encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    cfg = discover(sub)
    assert cfg.ignore == ("numbers",) and cfg.language == "fr"


def test_pyproject_section(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.framing-lint]\nselect = ["targets"]\nfail-on = "error"\n'
        '[tool.framing-lint.severity]\nclaim-file = "info"\n', encoding="utf-8")
    cfg = discover(tmp_path)
    assert cfg.select == ("targets",) and cfg.fail_on == "error" and cfg.severity == {"claim-file": "info"}


def test_pyproject_without_section_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert discover(tmp_path).packs == ("core",)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param("colour: red\n", ":1: unknown key 'colour'", id="unknown-key"),
        pytest.param("ignore: [a]\nlanguage: de\n", ":2: language must be", id="bad-language"),
        pytest.param("select: 3\n", ":1: 'select' must be a list", id="bad-type"),
        pytest.param("select: [a\n", "invalid YAML", id="broken-yaml"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, body: str, fragment: str) -> None:
    (tmp_path / ".framing-lint.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        discover(tmp_path)
    assert str(tmp_path / ".framing-lint.yaml") in str(exc.value) and fragment in str(exc.value)


# -- configuration per file, the way ruff finds it ---------------------------------------------
import json  # noqa: E402

import jsonschema  # noqa: E402
import yaml  # noqa: E402

from framing_lint import api  # noqa: E402
from framing_lint.config import KNOWN_KEYS, Config, load_config, load_file  # noqa: E402
from tests.conftest import MINI_PACK, ROOT, run_cli  # noqa: E402

TEXT = "We will target young families. Open a claim file.\n"
BASE = f"packs: []\nrule_files: [{MINI_PACK.as_posix()}]\nmodels: {{en: none, fr: none}}\n"


@pytest.fixture
def proj(tmp_path: Path) -> Path:
    """/proj with a config ignoring claim-file, a sub-folder whose config extends it."""
    root = tmp_path / "proj"
    (root / "legacy" / "salesforce").mkdir(parents=True)
    (root / ".framing-lint.yaml").write_text(BASE + "ignore: [claim-file]\n", encoding="utf-8")
    (root / "legacy" / ".framing-lint.yaml").write_text(
        "extend: ../.framing-lint.yaml\nignore: []\nper-file-ignores:\n  'salesforce/*.md': [targets]\n", encoding="utf-8")
    for name in ("letter.md", "legacy/old.md", "legacy/salesforce/lead.md"):
        (root / name).write_text(TEXT, encoding="utf-8")
    return root


def _rules(stdout: str) -> list[tuple[str, str]]:
    return [(Path(f["path"]).name, f["rule"]) for f in json.loads(stdout)]


def test_config_is_found_from_the_file_not_the_working_directory(proj: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run_cli("check", str(proj / "letter.md"), "--format", "json", cwd=elsewhere)
    assert _rules(r.stdout) == [("letter.md", "target-people")], r.stderr
    r = run_cli("check", "--stdin-filename", str(proj / "letter.md"), "-", "--format", "json", cwd=elsewhere, stdin=TEXT)
    assert _rules(r.stdout) == [("letter.md", "target-people")], r.stderr


def test_nearest_config_extend_and_per_file_ignores(proj: Path) -> None:
    r = run_cli("check", ".", "--format", "json", cwd=proj)
    assert sorted(_rules(r.stdout)) == [("lead.md", "claim-file"), ("letter.md", "target-people"),
                                        ("old.md", "claim-file"), ("old.md", "target-people")], r.stderr


def test_api_discovers_the_project_config(proj: Path) -> None:
    assert [f.rule for f in api.lint_text(TEXT, filename=str(proj / "legacy" / "salesforce" / "x.md"))] == ["claim-file"]
    report = api.lint_paths([proj / "legacy"])
    assert sorted((Path(f.path).name, f.rule) for f in report.findings) == [
        ("lead.md", "claim-file"), ("old.md", "claim-file"), ("old.md", "target-people")]
    import framing_lint

    cfg = framing_lint.load_config(proj / "legacy" / "old.md")
    assert cfg.source == str(proj / "legacy" / ".framing-lint.yaml") and cfg.ignore == ()
    assert cfg.per_file_ignores == {"salesforce/*.md": ("targets",)} and cfg.rule_files == (MINI_PACK.as_posix(),)
    # An explicit Config applies to every file; Config() is the defaults.
    assert api.lint_paths([proj / "legacy"], config=load_config(proj)).files == 2


def test_config_command_and_show_settings(proj: Path) -> None:
    r = run_cli("config", "legacy/salesforce/lead.md", cwd=proj)
    assert r.returncode == 0, r.stderr
    assert f"# from {proj / 'legacy' / '.framing-lint.yaml'}" in r.stdout
    shown = yaml.safe_load(r.stdout)
    assert shown["ignore"] == ["targets"] and shown["per-file-ignores"] == {"salesforce/*.md": ["targets"]}
    r = run_cli("check", "--show-settings", "letter.md", "--min-severity", "error", cwd=proj)
    assert yaml.safe_load(r.stdout)["min_severity"] == "error" and yaml.safe_load(r.stdout)["ignore"] == ["claim-file"]
    data = json.loads(run_cli("config", ".", "--format", "json", cwd=proj).stdout)
    assert data["config_file"] == str(proj / ".framing-lint.yaml")


def test_extend_errors(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extend: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extend: a.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="goes round in a circle"):
        load_file(tmp_path / "a.yaml")
    (tmp_path / "c.yaml").write_text("extend: missing.yaml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"c\.yaml:1: 'extend' names 'missing.yaml', which is not a file"):
        load_file(tmp_path / "c.yaml")


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        pytest.param("severity: {targts: info}\n", ".framing-lint.yaml:4: unknown rule or category 'targts' in severity; did you mean 'targets'?", id="severity-id"),
        pytest.param("ignore: [claim-fil]\n", ".framing-lint.yaml:4: unknown rule or category 'claim-fil' in ignore; did you mean 'claim-file'?", id="ignore-id"),
        pytest.param("per-file-ignores: {'*.md': [nope]}\n", "unknown rule or category 'nope' in per-file-ignores", id="per-file-id"),
        pytest.param("formats: {'*.email': htm}\n", ".framing-lint.yaml:4: unknown format 'htm' for '*.email'; did you mean 'html'?", id="format"),
        pytest.param("exclud: [a]\n", ".framing-lint.yaml:4: unknown key 'exclud'; did you mean 'exclude'?", id="key"),
    ],
)
def test_bad_names_are_one_clear_error(tmp_path: Path, body: str, fragment: str) -> None:
    (tmp_path / ".framing-lint.yaml").write_text(BASE + body, encoding="utf-8")
    for i in range(3):
        (tmp_path / f"doc{i}.email").write_text(TEXT, encoding="utf-8")
    r = run_cli("check", ".", cwd=tmp_path)
    assert r.returncode == 2 and fragment in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "internal error" not in r.stderr


@pytest.mark.parametrize("kind", ["yaml", "toml"])
def test_deeply_nested_config_is_a_clean_error(tmp_path: Path, kind: str) -> None:
    if kind == "yaml":
        (tmp_path / ".framing-lint.yaml").write_text("allow: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    else:
        (tmp_path / "pyproject.toml").write_text("[tool.framing-lint]\nallow = " + "[" * 5000 + "]" * 5000 + "\n",
                                                 encoding="utf-8")
    r = run_cli("check", "-", cwd=tmp_path, stdin="hello\n")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "nested too deeply" in r.stderr or "invalid TOML" in r.stderr, r.stderr


def _schema() -> dict[str, object]:
    return json.loads((ROOT / "src" / "framing_lint" / "config.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_json_schema_accepts_the_sample_and_knows_every_key() -> None:
    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    sample = yaml.safe_load((ROOT / "examples" / ".framing-lint.yaml").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(sample)
    keys = set(schema["properties"])  # type: ignore[call-overload]
    assert keys == KNOWN_KEYS | {k.replace("_", "-") for k in KNOWN_KEYS}
    from framing_lint.documents import FORMATS

    assert set(schema["$defs"]["format"]["enum"]) == set(FORMATS)  # type: ignore[index]
    assert run_cli("config", "--schema").stdout == (ROOT / "src" / "framing_lint" / "config.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "body",
    ["colour: red\n", "select: 3\n", "language: de\n", "fail-on: sometimes\n", "severity: {a: loud}\n",
     "formats: {'*.x': nope}\n", "per-file-ignores: {'*.md': 3}\n", "min_severity: low\n"],
)
def test_json_schema_refuses_what_the_loader_refuses(tmp_path: Path, body: str) -> None:
    (tmp_path / ".framing-lint.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError):
        load_file(tmp_path / ".framing-lint.yaml")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(_schema()).validate(yaml.safe_load(body))


def test_min_severity_hides_findings_below_it(mini_project: Path) -> None:
    cfg = mini_project / ".framing-lint.yaml"
    r = run_cli("check", "-", "--min-severity", "error", "--format", "json", cwd=mini_project, stdin=TEXT)
    assert [f["rule"] for f in json.loads(r.stdout)] == ["target-people"]
    cfg.write_text(cfg.read_text(encoding="utf-8") + "min-severity: error\nseverity: {targets: warning}\n", encoding="utf-8")
    r = run_cli("check", "-", "--format", "json", cwd=mini_project, stdin=TEXT)
    assert r.returncode == 0 and json.loads(r.stdout) == []
    assert Config().min_severity == "info"
