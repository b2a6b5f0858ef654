"""Worst-case inputs: does doubling the input at most about double the time?

Run by hand, never in CI:

    python benchmarks/pathological.py                  # every shape at n, 2n, 4n
    python benchmarks/pathological.py --only rst-      # the shapes whose name starts so
    python benchmarks/pathological.py --runs 5 --timeout 600
    PYTHONPATH=/old/checkout/src python benchmarks/pathological.py   # measure other code

Each shape is a text built to hit one path of the linter as hard as possible (a run of
400,000 dots after a phrase with jargon, a table row of thousands of jargon cells, a rule
with eight gaps against a long sentence ...), or, for the ``glob-`` shapes, a pattern with
many ``*`` matched against long file names.  Every shape runs in a fresh process that
imports framing-lint, lints a tiny text once (rules loaded, modules imported), then times
``lint_text`` on the shape (or the glob matcher on its names) at each size, the sizes
taking turns; the best of ``--runs`` runs is kept.  Each timed run starts with
``gc.collect()``, so it begins from the same collector state as the others, as a fresh
process calling the library would (Python's default thresholds; the ``framing-lint``
executable collects far more rarely, see :mod:`framing_lint.console`): without it, how many full collections a run made
depended on what the run before it (a larger size) left behind, and the best run at n
could be one that made none while every run at 2n made four or five (jinja-variables:
3.5x for its first doubling, with exactly twice the calls).  Time is the process's CPU
time, not the wall clock: on a machine shared with other work the wall clock of a run
depends on the load, its CPU time does not.  A size whose runs together exceed
``--timeout`` seconds is reported as such.

The report is a Markdown table: the CPU time at each size, the ratio of each doubling,
"linear" when no doubling costs more than 2.5x (the target of issue 12), and how far the
largest run raised the process's peak memory, as a multiple of the input's size in UTF-8.
Sizes are chosen so the smallest takes at least a tenth of a second or so and the largest
a few seconds at most. Below that, the first doubling of a few shapes (jinja-variables,
jinja-blocks, html-open-tags) cost 2.5-2.9x while a profile counted exactly twice the
calls and the next doubling cost 2.0-2.2x: timer, cache and allocator effects of small
inputs, not the algorithm.  jinja-variables starts at 200,000 tags and jinja-blocks at
80,000: they allocate small objects per tag, so 30-40% of their time is the garbage
collector, whose full collections come at heap sizes 1.25x apart, counted from the heap
the imports left (43,000 objects).  That is linear in total, but in steps, and while the
input's objects are few next to that first heap each doubling adds more collections than
the last: jinja-blocks made 0, 1 and 3 full collections at 40,000 / 80,000 / 160,000 tags
(2.1x, 2.9x in a full run), then 1, 3 and 6 from 80,000 (2.1x, 2.1x); jinja-variables at
100,000 tags measured up to 2.4x for the first doubling on a busy machine, at 200,000 2.0x.
The time outside the collector doubles with the tags (jinja-variables with the collector
off: 1.95x, 1.92x; jinja-blocks from 80,000, its time minus the collector's: 1.96x, 1.99x).
"""
from __future__ import annotations

import argparse
import gc
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
    "sentence-dots": ("a.txt", lambda n: "We target customers " + "." * n + "x", 400_000, False),
    "sentence-questions": ("a.txt", lambda n: "We target customers " + "?" * n + " x", 400_000, False),
    "sentence-ellipses": ("a.txt", lambda n: "We target customers " + "\u2026" * n + "a b", 400_000, False),
    "sentence-no-end": ("a.txt", lambda n: "We target customers " + "and more " * n, 80_000, False),
    # -- reStructuredText inline markup
    "rst-hyphens": ("a.rst", lambda n: "Hello. " + "a-" * n, 200_000, False),
    "rst-literals": ("a.rst", lambda n: "Hello. " + "``a " * n, 50_000, False),
    "rst-roles": ("a.rst", lambda n: "Hello. " + ":a" * n, 200_000, False),
    "rst-emphasis": ("a.rst", lambda n: "Hello. " + "*a " * n, 100_000, False),
    # -- many findings in one file
    "findings-paragraphs": ("a.txt", lambda n: "We target customers.\n\n" * n, 5_000, False),
    "findings-one-sentence": ("a.txt", lambda n: "target customers and " * n, 5_000, False),
    "findings-table-row": ("a.md", lambda n: _table(n, "target customers"), 2_500, False),
    "findings-quoted": ("a.txt", lambda n: 'They said "target customers" and ' * n, 5_000, False),
    "findings-unless": ("a.txt", lambda n: "target date target customers " * n, 5_000, False),
    "findings-directives": ("a.md", lambda n: "<!-- framing-lint: disable=target-people -->\n\nWe target customers.\n\n"
                            "<!-- framing-lint: enable=target-people -->\n\nWe target customers.\n\n" * n, 1_000, False),
    # -- Markdown
    "markdown-wide-table": ("a.md", lambda n: _table(n, "word"), 20_000, False),
    "markdown-brackets": ("a.md", lambda n: "We target customers " + "[" * n, 100_000, False),
    "markdown-emphasis": ("a.md", lambda n: "We target customers " + "*a " * n, 50_000, False),
    "markdown-quotes": ("a.md", lambda n: "> " * n + "We target customers", 50_000, False),
    "markdown-html": ("a.md", lambda n: "We target customers <b>" + "<i>" * n, 50_000, False),
    # -- HTML and templates
    "html-open-tags": ("a.html", lambda n: "<p>We target customers " + "<b>" * n, 100_000, False),
    "html-comments": ("a.html", lambda n: "<p>We target customers " + "<!--" * n, 1_000_000, False),
    "html-lt": ("a.html", lambda n: "<p>We target customers " + "< a" * n, 50_000, False),
    "jinja-open": ("a.j2", lambda n: "We target customers " + "{{ a " * n, 50_000, False),
    "jinja-blocks": ("a.html.j2", lambda n: "<p>We target customers " + "{% if a %}" * n, 80_000, False),
    "handlebars-open": ("a.hbs", lambda n: "We target customers " + "{{#a}}" * n, 50_000, False),
    # -- many small pieces (memory per piece of prose, per line, per tag)
    "text-short-blocks": ("a.txt", lambda n: "a\n\n" * n, 200_000, False),
    "text-empty-lines": ("a.txt", lambda n: "\n" * n, 500_000, False),
    "text-quotes": ("a.txt", lambda n: '"a" ' * n, 100_000, False),
    "html-small-tags": ("a.html", lambda n: "<b>a</b> " * n, 50_000, False),
    "jinja-variables": ("a.j2", lambda n: "{{ a }} " * n, 200_000, False),
    # -- the matcher
    # (sentences of n words, each read whole: 4n stays under MAX_SENTENCE's 5,000 characters)
    "matcher-eight-gaps": ("a.txt", lambda n: ("quux " + "zork " * n + ".\n\n") * 50, 150, True),
    # -- the normal path, for comparison
    "plain-prose": ("a.md", lambda n: "We will target young families. The claim file is open.\n\n" * n, 2_000, False),
}


STARS = "*a" * 14 + "*b"  # the pattern of the report: a backtracking matcher never ends on it
GLOB_NAMES = 200  # names matched per run


def _glob_exclude(n: int) -> tuple[Callable[[], int], int]:
    """``exclude`` / ``per-file-ignores`` / the patterns of URL walks: gitignore-style."""
    from framing_lint.globs import match_relative

    names = ["a" * n + f"{i}.md" for i in range(GLOB_NAMES)]
    return (lambda: sum(match_relative([STARS], name) for name in names)), sum(map(len, names))


def _glob_formats(n: int) -> tuple[Callable[[], int], int]:
    """``formats:`` keys: shell-style patterns against the file name."""
    from framing_lint.documents import detect_format

    names = ["a" * n + f"{i}.md" for i in range(GLOB_NAMES)]
    formats = {STARS: "html"}
    return (lambda: sum(detect_format(name, formats) == "html" for name in names)), sum(map(len, names))


# name -> (builder of the timed call and the characters it reads, base n): n is the length
# of each file name (real names stop at 255 bytes; longer ones show how the time grows)
GLOB_SHAPES: dict[str, tuple[Callable[[int], tuple[Callable[[], int], int]], int]] = {
    "glob-exclude-stars": (_glob_exclude, 100_000),
    "glob-formats-stars": (_glob_formats, 100_000),
}


def _prepare(shape: str, n: int) -> tuple[Callable[[], int], int]:
    """The timed call for ``shape`` at size ``n`` (modules imported, rules loaded, patterns
    compiled beforehand) and the size of its input in UTF-8 bytes."""
    if shape in GLOB_SHAPES:
        call, size = GLOB_SHAPES[shape][0](n)
        call()
        return call, size

    from framing_lint import api
    from framing_lint.config import Config

    name, build, _, gaps = SHAPES[shape]
    # quoted: "info" reports jargon in quotes too (the default drops it), so findings-quoted has findings
    cfg = Config(models={"en": "none", "fr": "none"}, language="en", quoted="info")
    if gaps:
        pack = Path(tempfile.mkdtemp()) / "gaps.yaml"
        pack.write_text(GAP_PACK, encoding="utf-8")
        cfg = cfg.merged(packs=(), rule_files=(str(pack),))
    api.lint_text("We target customers.", filename=name, config=cfg)  # rules loaded, modules imported
    text = build(n)
    return (lambda: len(api.lint_text(text, filename=name, config=cfg))), len(text.encode("utf-8"))


def _time_worker(shape: str, sizes: list[int], runs: int) -> None:
    """Best CPU time of each size; the sizes take turns run by run, so a change in the
    machine's load during the measurement weighs on every size alike. One JSON line per
    measurement, so a worker stopped by the timeout still reports what it measured."""
    calls = [_prepare(shape, n) for n in sizes]
    best = [float("inf")] * len(sizes)
    for _ in range(runs):
        for i, (call, size) in enumerate(calls):
            # Every run starts from the same collector state. Without this, a run's full
            # collections depended on what the previous (larger) run left behind, and the
            # best run at n could be one that made none at all (issue 12).
            gc.collect()
            start = time.process_time()
            found = call()
            best[i] = min(best[i], time.process_time() - start)
            print(json.dumps({"n": sizes[i], "seconds": best[i], "bytes": size, "findings": found}), flush=True)


def _memory_worker(shape: str, n: int) -> None:
    call, size = _prepare(shape, n)
    before = _peak_bytes()
    call()
    print(json.dumps({"memory": max(0, _peak_bytes() - before) / size}))


def _peak_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KB on Linux


def _run_worker(args: list[str], timeout: float) -> list[dict[str, float]]:
    """The JSON lines a worker printed, even if the timeout stopped it."""
    env = {**os.environ, "FRAMING_LINT_NO_CACHE": "1"}
    if "PYTHONPATH" not in env:
        env["PYTHONPATH"] = str(REPO / "src")
    try:
        out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout,
                             env=env, check=True).stdout
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{' '.join(args)} failed:\n{exc.stderr}") from None
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated prefixes of shape names")
    p.add_argument("--runs", type=int, default=5, help="runs per size; the fastest counts [5]")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds before a shape's timing is given up [600]")
    p.add_argument("--scale", type=float, default=1.0, help="multiply every base size (0.1 for a quick look)")
    p.add_argument("--time-worker", nargs=3, metavar=("SHAPE", "SIZES", "RUNS"), help=argparse.SUPPRESS)
    p.add_argument("--memory-worker", nargs=2, metavar=("SHAPE", "N"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.time_worker:
        shape, sizes, runs = args.time_worker
        _time_worker(shape, [int(n) for n in sizes.split(",")], int(runs))
        return 0
    if args.memory_worker:
        _memory_worker(args.memory_worker[0], int(args.memory_worker[1]))
        return 0
    prefixes = [s.strip() for s in args.only.split(",") if s.strip()]
    shapes = [s for s in [*SHAPES, *GLOB_SHAPES] if not prefixes or s.startswith(tuple(prefixes))]
    print("| shape | n | bytes at n | findings at 4n | CPU time n / 2n / 4n (s) | ratio 2n/n, 4n/2n | verdict | peak memory at 4n |")
    print("|---|---|---|---|---|---|---|---|")
    failed = 0
    for shape in shapes:
        base = max(1, int((SHAPES[shape][2] if shape in SHAPES else GLOB_SHAPES[shape][1]) * args.scale))
        sizes = [base, 2 * base, 4 * base]
        got = {int(line["n"]): line for line in
               _run_worker(["--time-worker", shape, ",".join(map(str, sizes)), str(args.runs)], args.timeout)}
        times = [got[n]["seconds"] if n in got else None for n in sizes]
        print(f"  {shape}: " + " / ".join("timeout" if t is None else f"{t:.3f} s" for t in times), file=sys.stderr)
        ratios = [b / a if a and b else None for a, b in zip(times, times[1:])]
        if any(t is None for t in times):
            verdict = f"TIMEOUT (> {args.timeout:.0f} s)"
        elif all(r is not None and r <= RATIO_LIMIT for r in ratios):
            verdict = "linear"
        else:
            verdict = "SUPERLINEAR"
        failed += verdict != "linear"
        memory = "–"
        if times[2] is not None:
            measured = _run_worker(["--memory-worker", shape, str(sizes[2])], args.timeout)
            memory = f"{measured[0]['memory']:.0f}x the input" if measured else "timeout"
        shown = " / ".join("–" if t is None else f"{t:.3f}" for t in times)
        shown_ratios = ", ".join("–" if r is None else f"{r:.2f}" for r in ratios)
        size = int(got[base]["bytes"]) if base in got else 0
        findings = int(got[sizes[2]]["findings"]) if sizes[2] in got else "–"
        print(f"| {shape} | {base:,} | {size:,} | {findings} | {shown} | {shown_ratios} | {verdict} | {memory} |", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
