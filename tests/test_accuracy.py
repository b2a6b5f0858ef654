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


# The development sets written blind after the rules existed (benchmarks/eval/README.md):
# the rules were widened on them, so these floors guard against losing that ground, not
# claims of accuracy on new text (that is the held-out set's job, never run in tests).
FLOORS = {
    ("en", "blind-a"): (0.95, 0.93), ("en", "blind-c"): (0.95, 0.89), ("en", "blind-d"): (0.95, 0.89),
    ("en", "blind-e"): (0.95, 0.92), ("en", "blind-g"): (0.95, 0.92), ("en", "blind-i"): (0.95, 0.89),
    ("fr", "blind-a"): (0.95, 0.97), ("fr", "blind-c"): (0.95, 0.92), ("fr", "blind-d"): (0.95, 0.87),
    ("fr", "blind-e"): (0.97, 0.89), ("fr", "blind-g"): (0.95, 0.97), ("fr", "blind-i"): (0.95, 0.97),
    # The eighth round's development sets: K, and J once its held-out score was taken.
    ("en", "blind-k"): (0.95, 0.90), ("en", "heldout-j"): (0.95, 0.90),
    ("fr", "blind-k"): (0.95, 0.97), ("fr", "heldout-j"): (0.95, 0.96),
    # The ninth round's: N and P, and L and M once their held-out scores were taken.
    ("en", "blind-n"): (0.96, 0.94), ("en", "blind-p"): (0.95, 0.89),
    ("en", "heldout-l"): (0.95, 0.94), ("en", "heldout-m"): (0.95, 0.92),
    ("en", "blind-q"): (0.95, 0.94), ("en", "blind-r"): (0.96, 0.93), ("en", "blind-s"): (0.95, 0.93),
    ("fr", "blind-n"): (0.97, 0.95), ("fr", "blind-p"): (0.96, 0.91),
    # The tenth round's French sets U and V (suspicion, procedure and numbers).
    ("fr", "blind-u"): (0.96, 0.97), ("fr", "blind-v"): (0.95, 0.97),
    # The tenth round's English V (suspicion, procedure and numbers first), after the rules were widened on it.
    ("en", "blind-v"): (0.95, 0.92),
    # The tenth round's English U (planning and people registers), and O, the ninth round's
    # held-out set, now that its score is taken.
    ("en", "blind-u"): (0.96, 0.89), ("en", "heldout-o"): (0.96, 0.85), ("fr", "heldout-o"): (0.95, 0.85),
    # The eleventh round's development sets W and Y, and T, the tenth round's held-out set,
    # now that its score is taken.
    ("en", "blind-w"): (0.97, 0.93), ("fr", "blind-w"): (0.97, 0.96),
    ("en", "blind-y"): (0.97, 0.96), ("fr", "blind-y"): (0.96, 0.92),
    ("en", "heldout-t"): (0.94, 0.83), ("fr", "heldout-t"): (0.95, 0.86),
}


@pytest.mark.parametrize(("language", "name"), sorted(FLOORS))
def test_development_sets_do_not_regress(language: str, name: str) -> None:
    result = accuracy.evaluate(language, "lexical", "none", f"{name}-")
    p_floor, r_floor = FLOORS[(language, name)]
    assert result.overall.precision >= p_floor, result.false_positives
    assert result.overall.recall >= r_floor, result.false_negatives
