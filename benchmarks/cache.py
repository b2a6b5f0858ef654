"""The findings cache: a first run over a folder, then a second over the unchanged folder.

Run by hand, never in CI:

    python benchmarks/cache.py                          # the handbook, 5 rounds, default --jobs
    python benchmarks/cache.py --runs 3 --jobs 1 --corpus ../shared/corpus/sourcegraph-handbook

Each round uses a new, empty cache folder (FRAMING_LINT_CACHE_DIR), warms only the rule
cache (a one-line run on stdin, so both timed runs start from compiled rules), then times
``framing-lint check CORPUS`` twice as a user starts it: the first run lints every file and
fills the findings cache, the second finds every file unchanged. Prints a Markdown table of
medians (wall and CPU time of the child) and the ratio; the issue asks for at least 5x.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, input=stdin, text=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1):
        sys.exit(f"framing-lint failed ({proc.returncode}): {proc.stderr}")
    return wall, cpu, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus" / "sourcegraph-handbook"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for framing-lint (default: its own)")
    parser.add_argument("--model", action="append", default=[], help="--model for framing-lint, e.g. en=none")
    args = parser.parse_args()

    corpus = Path(args.corpus).resolve()
    files = [p for p in corpus.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    check = [sys.executable, "-m", "framing_lint", "check", str(corpus), "--no-progress", "--quiet",
             "--format", "json", "-o", os.devnull]
    if args.jobs:
        check += ["--jobs", str(args.jobs)]
    for m in args.model:
        check += ["--model", m]
    first: list[tuple[float, float]] = []
    second: list[tuple[float, float]] = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="framing-lint-cache-") as cache:
            env = {**os.environ, "FRAMING_LINT_CACHE_DIR": cache}
            env.pop("PYTHONDONTWRITEBYTECODE", None)  # as users run it: bytecode is cached
            timed([sys.executable, "-m", "framing_lint", "check", "-", "--stdin-filename", "warm.md"], env,
                  stdin="The rule cache only.\n")
            a = timed(check, env)
            b = timed(check, env)
            first.append(a[:2])
            second.append(b[:2])
            print(f"round {i + 1}: first {a[0]:.2f} s, second {b[0]:.2f} s", file=sys.stderr)

    def med(values: list[tuple[float, float]], k: int) -> float:
        return statistics.median(v[k] for v in values)

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"Corpus: {corpus.name}, {len(files)} files, {size / 1e6:.1f} MB; commit {commit}; "
          f"{args.runs} rounds, medians; `{' '.join(['framing-lint', *check[3:]]).replace(str(corpus), corpus.name)}`\n")
    print("| run | wall (s) | CPU (s) |")
    print("|---|---:|---:|")
    print(f"| first (empty findings cache) | {med(first, 0):.2f} | {med(first, 1):.2f} |")
    print(f"| second (unchanged files) | {med(second, 0):.2f} | {med(second, 1):.2f} |")
    print(f"| **speed-up** | **{med(first, 0) / med(second, 0):.1f}x** | {med(first, 1) / med(second, 1):.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
