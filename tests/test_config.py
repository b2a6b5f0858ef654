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
