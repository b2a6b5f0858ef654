"""Error rate of framing_lint.language.detect_language on the shared corpus.

Run by hand, never in CI:

    /work/venv/bin/python benchmarks/language_detection.py [CORPUS_DIR] [--show-errors]

The two French folders are expected to be detected "fr", every other folder "en".  Files
with fewer than MIN_WORDS words of prose are counted but left out of the error rate (the
detector may rightly answer None for them).
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from framing_lint.language import detect_language, language_scores

FRENCH_FOLDERS = frozenset({"code-des-assurances-fr", "servicepublic-senegal-fr"})
MIN_WORDS = 20
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show-errors", action="store_true", help="list every misdetected file")
    args = parser.parse_args(argv)
    corpus: Path = args.corpus
    if not corpus.is_dir():
        print(f"corpus not found: {corpus}", file=sys.stderr)
        return 2

    header = f"{'folder':28} {'expect':>6} {'files':>6} {'short':>6} {'scored':>6} {'errors':>6} {'rate':>7} {'none':>5}"
    print(header)
    print("-" * len(header))
    total_scored = total_errors = total_files = 0
    elapsed = 0.0
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        expected = "fr" if folder.name in FRENCH_FOLDERS else "en"
        files = short = scored = errors = nones = 0
        wrong: list[tuple[Path, str | None, tuple[float, float, int]]] = []
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            text = path.read_text(encoding="utf-8", errors="replace")
            files += 1
            start = time.perf_counter()
            got = detect_language(text)
            elapsed += time.perf_counter() - start
            scores = language_scores(text)
            if got is None:
                nones += 1
            if scores[2] < MIN_WORDS:
                short += 1
                continue
            scored += 1
            if got != expected:
                errors += 1
                wrong.append((path, got, scores))
        rate = errors / scored if scored else 0.0
        print(f"{folder.name:28} {expected:>6} {files:>6} {short:>6} {scored:>6} {errors:>6} {rate:>7.2%} {nones:>5}")
        if args.show_errors:
            for path, got, (en, fr, words) in wrong:
                print(f"    {path.relative_to(corpus)}: got {got} (en={en:.1f} fr={fr:.1f} words={words})")
        total_files += files
        total_scored += scored
        total_errors += errors
    print("-" * len(header))
    rate = total_errors / total_scored if total_scored else 0.0
    print(f"{'all':28} {'':>6} {total_files:>6} {'':>6} {total_scored:>6} {total_errors:>6} {rate:>7.2%}")
    print(f"detection time: {elapsed:.2f}s for {total_files} files ({1000 * elapsed / max(total_files, 1):.2f} ms/file)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
