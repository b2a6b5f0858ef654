"""The labelled evaluation set stays above the precision/recall targets (a regression guard).

The full report, both modes and every false positive/negative: python benchmarks/accuracy.py
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("accuracy", Path(__file__).resolve().parent.parent / "benchmarks" / "accuracy.py")
assert _spec and _spec.loader
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up while the class is built
_spec.loader.exec_module(accuracy)


@pytest.mark.parametrize("mode", ["lexical", "trained"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_targets_met(language: str, mode: str) -> None:
    result = accuracy.evaluate(language, mode, accuracy.DEFAULT_MODELS[language])
    p_target, r_target = accuracy.TARGETS[mode]
    assert result.sentences >= (400 if language == "en" else 150)
    assert result.overall.precision >= p_target, result.false_positives
    assert result.overall.recall >= r_target, result.false_negatives
