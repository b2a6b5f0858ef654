"""Sample findings on the real corpus for a person to judge, and score the judged sample.

    python benchmarks/corpus_sample.py sample en -n 120 -o benchmarks/eval/corpus-sample-en.yaml
    python benchmarks/corpus_sample.py score benchmarks/eval/corpus-sample-en.yaml
    python benchmarks/corpus_sample.py census en benchmarks/eval/corpus-sample-en-*.yaml

``sample`` lints the corpus folders of a language in the default install (English lexical,
French with fr_core_news_sm), then draws findings at random, at most ``--per-rule`` per rule
so one chatty rule cannot fill the sample, and writes each with its sentence and an empty
``verdict`` (``correct`` | ``wrong``) and ``note``. ``score`` prints precision over the
judged ones: the share of findings a careful reader following the domain notes would agree
with, weighted as sampled and, separately, weighted by how often each rule fires.
"""
from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

FOLDERS = {
    "en": ["sourcegraph-handbook", "meltano-handbook", "va-gov-content-en", "postmark-templates"],
    "fr": ["code-des-assurances-fr", "servicepublic-senegal-fr"],
}


def _corpus() -> Path:
    for parent in ROOT.parents:
        if (parent / "shared" / "corpus").is_dir():
            return parent / "shared" / "corpus"
    raise SystemExit("corpus not found: ../shared/corpus beside the checkout")


def sample(language: str, n: int, per_rule: int, seed: int, out: Path, exclude: list[Path]) -> None:
    from framing_lint import lint_paths
    from framing_lint.config import Config

    corpus = _corpus()
    cfg = Config(language=language)
    report = lint_paths([str(corpus / f) for f in FOLDERS[language]], config=cfg)
    seen = set()
    for path in exclude:  # findings judged in an earlier sample (before the rules changed)
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            seen.add((item["path"], item["line"], item["rule"]))
    findings = [f for f in report.findings if f.category != "document"]
    fresh = [f for f in findings if (str(Path(f.path).relative_to(corpus)), f.line, f.rule) not in seen]
    by_rule: dict[str, list] = defaultdict(list)
    for f in fresh:
        by_rule[f.rule].append(f)
    rng = random.Random(seed)
    pool = []
    for rule, fs in sorted(by_rule.items()):
        rng.shuffle(fs)
        pool += fs[:per_rule]
    rng.shuffle(pool)
    picked = pool[:n]
    counts = Counter(f.rule for f in findings)
    items = []
    for f in picked:
        before, match, after = f.sentence if getattr(f, "sentence", None) else ("", f.text, "")
        items.append({
            "rule": f.rule, "path": str(Path(f.path).relative_to(corpus)), "line": f.line,
            "sentence": f"{before}[[{match}]]{after}".strip(), "verdict": "", "note": "",
        })
    header = {"language": language, "findings_total": len(findings), "rules_fired": dict(counts.most_common()),
              "command": f"python benchmarks/corpus_sample.py sample {language} -n {n} --per-rule {per_rule} --seed {seed}"}
    out.write_text(yaml.safe_dump({"about": header, "items": items}, allow_unicode=True, sort_keys=False, width=110),
                   encoding="utf-8")
    print(f"{out}: {len(items)} findings sampled from {len(findings)} ({len(counts)} rules)")


def score(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [i for i in data["items"] if i.get("verdict") in ("correct", "wrong")]
    if not items:
        raise SystemExit("no judged items (verdict: correct | wrong)")
    ok = sum(i["verdict"] == "correct" for i in items)
    print(f"judged {len(items)}: precision {ok / len(items):.3f} ({ok} correct, {len(items) - ok} wrong)")
    fired = data["about"]["rules_fired"]
    per_rule: dict[str, list[bool]] = defaultdict(list)
    for i in items:
        per_rule[i["rule"]].append(i["verdict"] == "correct")
    total = sum(fired[r] for r in per_rule)
    weighted = sum(fired[r] * (sum(v) / len(v)) for r, v in per_rule.items()) / total
    print(f"weighted by how often each rule fires: precision {weighted:.3f}")
    for i in items:
        if i["verdict"] == "wrong":
            print(f"  wrong [{i['rule']}] {i['sentence'][:160]!r} ({i.get('note', '')})")


def census(language: str, judged: list[Path]) -> None:
    """Precision over every current finding that a judged sample has a verdict for: when the
    samples together cover all the findings, this is the exact precision on the corpus."""
    from framing_lint import lint_paths
    from framing_lint.config import Config

    corpus = _corpus()
    verdicts: dict[tuple[str, int, str], str] = {}
    for path in judged:
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]:
            if item.get("verdict") in ("correct", "wrong"):
                verdicts[(item["path"], item["line"], item["rule"])] = item["verdict"]
    report = lint_paths([str(corpus / f) for f in FOLDERS[language]], config=Config(language=language))
    findings = [f for f in report.findings if f.category != "document"]
    keys = [(str(Path(f.path).relative_to(corpus)), f.line, f.rule) for f in findings]
    known = [verdicts[k] for k in keys if k in verdicts]
    ok = sum(v == "correct" for v in known)
    print(f"{len(findings)} findings, {len(known)} with a verdict ({len(known) / max(1, len(findings)):.0%}): "
          f"precision {ok / max(1, len(known)):.3f} ({ok} correct, {len(known) - ok} wrong)")
    for k in keys:
        if verdicts.get(k) == "wrong":
            print(f"  still wrong: {k}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("language", choices=["en", "fr"])
    s.add_argument("-n", type=int, default=120)
    s.add_argument("--per-rule", type=int, default=6)
    s.add_argument("--seed", type=int, default=1)
    s.add_argument("-o", "--output", type=Path, required=True)
    s.add_argument("--exclude", type=Path, action="append", default=[], help="an earlier judged sample to leave out")
    c = sub.add_parser("score")
    c.add_argument("file", type=Path)
    k = sub.add_parser("census", help="precision over all current findings, from every judged sample")
    k.add_argument("language", choices=["en", "fr"])
    k.add_argument("files", type=Path, nargs="+")
    args = p.parse_args(argv)
    if args.cmd == "sample":
        sample(args.language, args.n, args.per_rule, args.seed, args.output, args.exclude)
    elif args.cmd == "census":
        census(args.language, args.files)
    else:
        score(args.file)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
