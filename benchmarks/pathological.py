"""Worst-case inputs: does doubling the input at most about double the time?

Run by hand, never in CI:

    python benchmarks/pathological.py                  # every shape at n, 2n, 4n
    python benchmarks/pathological.py --only rst-      # the shapes whose name starts so
    python benchmarks/pathological.py --runs 5 --timeout 120
    PYTHONPATH=/old/checkout/src python benchmarks/pathological.py   # measure other code

Each shape is a text built to hit one path of the linter as hard as possible (a run of
40,000 dots after a phrase with jargon, a table row of 200,000 jargon cells, a rule with
eight gaps against a long sentence ...).  Every (shape, size) runs in a fresh process that
imports framing-lint, lints a tiny text once (rules loaded, modules imported), then times
``lint_text`` on the shape; the best of ``--runs`` runs is kept, so other load on the
machine does not count.  A run that exceeds ``--timeout`` seconds is reported as such.

The report is a Markdown table: the time at each size, the ratio of each doubling,
"linear" when no doubling costs more than 2.5x (the target of issue 12), and how far the
largest run raised the process's peak memory, as a multiple of the input's size in UTF-8.  Sizes are
chosen so the largest takes well under a second when the code is linear; the smallest
are large enough that start-up noise does not dominate.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RATIO_LIMIT = 2.5

# A rule pack whose only pattern has eight gaps: the shape of the 254-second report.
GAP_PACK = """\
pack: gaps
language: en
rules:
  - id: many-gaps
    category: targets
    severity: warning
    message: "'{match}' matched."
    rationale: A pattern with many gaps, to measure the matcher's worst case.
    alternatives: ["something else"]
    match: ["zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork *8 zork quux"]
    examples:
      flag: ["zork zork zork zork zork zork zork zork zork quux", "zork a zork zork zork zork zork zork zork zork quux"]
      pass: ["zork quux", "nothing here"]
"""


def _table(cells: int, cell: str) -> str:
    row = "|" + f" {cell} |" * cells + "\n"
    return row + "|" + "---|" * cells + "\n" + row


# name -> (file name, text for size n, base n, needs the gap pack)
SHAPES: dict[str, tuple[str, Callable[[int], str], int, bool]] = {
    # -- sentence splitting
    "sentence-dots": ("a.txt", lambda n: "We target customers " + "." * n + "x", 100_000, False),
    "sentence-questions": ("a.txt", lambda n: "We target customers " + "?" * n + " x", 100_000, False),
    "sentence-ellipses": ("a.txt", lambda n: "We target customers " + "\u2026" * n + "a b", 100_000, False),
    "sentence-no-end": ("a.txt", lambda n: "We target customers " + "and more " * n, 20_000, False),
    # -- reStructuredText inline markup
    "rst-hyphens": ("a.rst", lambda n: "Hello. " + "a-" * n, 100_000, False),
    "rst-literals": ("a.rst", lambda n: "Hello. " + "``a " * n, 50_000, False),
    "rst-roles": ("a.rst", lambda n: "Hello. " + ":a" * n, 100_000, False),
    "rst-emphasis": ("a.rst", lambda n: "Hello. " + "*a " * n, 100_000, False),
    # -- many findings in one file
    "findings-paragraphs": ("a.txt", lambda n: "We target customers.\n\n" * n, 10_000, False),
    "findings-one-sentence": ("a.txt", lambda n: "target customers and " * n, 10_000, False),
    "findings-table-row": ("a.md", lambda n: _table(n, "target customers"), 5_000, False),
    "findings-quoted": ("a.txt", lambda n: 'They said "target customers" and ' * n, 10_000, False),
    "findings-unless": ("a.txt", lambda n: "target date target customers " * n, 10_000, False),
    "findings-directives": ("a.md", lambda n: "<!-- framing-lint: disable=target-people -->\n\nWe target customers.\n\n"
                            "<!-- framing-lint: enable=target-people -->\n\nWe target customers.\n\n" * n, 2_000, False),
    # -- Markdown
    "markdown-wide-table": ("a.md", lambda n: _table(n, "word"), 20_000, False),
    "markdown-brackets": ("a.md", lambda n: "We target customers " + "[" * n, 100_000, False),
    "markdown-emphasis": ("a.md", lambda n: "We target customers " + "*a " * n, 50_000, False),
    "markdown-quotes": ("a.md", lambda n: "> " * n + "We target customers", 20_000, False),
    "markdown-html": ("a.md", lambda n: "We target customers <b>" + "<i>" * n, 50_000, False),
    # -- HTML and templates
    "html-open-tags": ("a.html", lambda n: "<p>We target customers " + "<b>" * n, 50_000, False),
    "html-comments": ("a.html", lambda n: "<p>We target customers " + "<!--" * n, 50_000, False),
    "html-lt": ("a.html", lambda n: "<p>We target customers " + "< a" * n, 50_000, False),
    "jinja-open": ("a.j2", lambda n: "We target customers " + "{{ a " * n, 50_000, False),
    "jinja-blocks": ("a.html.j2", lambda n: "<p>We target customers " + "{% if a %}" * n, 20_000, False),
    "handlebars-open": ("a.hbs", lambda n: "We target customers " + "{{#a}}" * n, 20_000, False),
    # -- many small pieces (memory per piece of prose, per line, per tag)
    "text-short-blocks": ("a.txt", lambda n: "a\n\n" * n, 200_000, False),
    "text-empty-lines": ("a.txt", lambda n: "\n" * n, 500_000, False),
    "text-quotes": ("a.txt", lambda n: '"a" ' * n, 100_000, False),
    "html-small-tags": ("a.html", lambda n: "<b>a</b> " * n, 50_000, False),
    "jinja-variables": ("a.j2", lambda n: "{{ a }} " * n, 50_000, False),
    # -- the matcher
    "matcher-eight-gaps": ("a.txt", lambda n: "quux " + "zork " * n, 2_000, True),
    # -- the normal path, for comparison
    "plain-prose": ("a.md", lambda n: "We will target young families. The claim file is open.\n\n" * n, 5_000, False),
}


def _worker(shape: str, n: int, runs: int) -> None:
    from framing_lint import api
    from framing_lint.config import Config

    name, build, _, gaps = SHAPES[shape]
    cfg = Config(models={"en": "none", "fr": "none"}, language="en")
    if gaps:
        pack = Path(tempfile.mkdtemp()) / "gaps.yaml"
        pack.write_text(GAP_PACK, encoding="utf-8")
        cfg = cfg.merged(packs=(), rule_files=(str(pack),))
    api.lint_text("We target customers.", filename=name, config=cfg)  # rules loaded, modules imported
    text = build(n)
    before = _peak_bytes()
    best = float("inf")
    findings = 0
    for _ in range(runs):
        start = time.perf_counter()
        findings = len(api.lint_text(text, filename=name, config=cfg))
        best = min(best, time.perf_counter() - start)
    grown = max(0, _peak_bytes() - before)
    print(json.dumps({"seconds": best, "chars": len(text), "findings": findings, "memory": grown / len(text.encode("utf-8"))}))


def _peak_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux


def _measure(shape: str, n: int, runs: int, timeout: float) -> dict[str, float] | None:
    env = {**os.environ, "FRAMING_LINT_NO_CACHE": "1"}
    if "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(REPO / "src")
    try:
        out = subprocess.run([sys.executable, __file__, "--worker", shape, str(n), str(runs)], capture_output=True,
                             text=True, timeout=timeout, env=env, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{shape} n={n} failed:\n{exc.stderr}") from None
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated prefixes of shape names")
    p.add_argument("--runs", type=int, default=3, help="runs per size; the fastest counts [3]")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds before a size is given up [60]")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every base size (0.1 for a quick look)")
    p.add_argument("--worker", nargs=3, metavar=("SHAPE", "N", "RUNS"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        _worker(args.worker[0], int(args.worker[1]), int(args.worker[2]))
        return 0
    prefixes = [s.strip() for s in args.only.split(",") if s.strip()]
    shapes = [s for s in SHAPES if not prefixes or s.startswith(tuple(prefixes))]
    print("| shape | n | chars at n | findings at 4n | time n / 2n / 4n (s) | ratio 2n/n, 4n/2n | verdict | peak memory at 4n |")
    print("|---|---|---|---|---|---|---|---|")
    failed = 0
    for shape in shapes:
        base = max(1, int(SHAPES[shape][2] * args.scale))
        times: list[float | None] = []
        info: list[dict[str, float]] = []
        for n in (base, 2 * base, 4 * base):
            got = _measure(shape, n, args.runs, args.timeout) if not times or times[-1] is not None else None
            times.append(got["seconds"] if got else None)
            if got:
                info.append(got)
            shown_time = "timeout" if got is None else f"{got['seconds']:.3f} s"
            print(f"  {shape} n={n}: {shown_time}", file=sys.stderr)
        ratios = [b / a if a and b else None for a, b in zip(times, times[1:])]
        if any(t is None for t in times):
            verdict = f"TIMEOUT (> {args.timeout:.0f} s)"
        elif all(r is not None and r <= RATIO_LIMIT for r in ratios):
            verdict = "linear"
        else:
            verdict = "SUPERLINEAR"
        failed += verdict != "linear"
        shown = " / ".join("–" if t is None else f"{t:.3f}" for t in times)
        shown_ratios = ", ".join("–" if r is None else f"{r:.2f}" for r in ratios)
        chars = int(info[0]["chars"]) if info else 0
        findings = int(info[2]["findings"]) if len(info) == 3 else "–"
        memory = f"{info[2]['memory']:.0f}x the input" if len(info) == 3 else "–"
        print(f"| {shape} | {base:,} | {chars:,} | {findings} | {shown} | {shown_ratios} | {verdict} | {memory} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
