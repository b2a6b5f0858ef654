"""Every real document in the shared corpus through its format parser.

The corpus is found at ``../shared/corpus`` beside the repository (where CI has it) or at
``FRAMING_LINT_CORPUS``; on a machine without it the test is skipped.
Run with ``pytest tests/documents/test_corpus.py``
or as a script (``python tests/documents/test_corpus.py [CORPUS]``) for a summary.  It
checks that markup never leaks into prose and that every prose piece maps to identical
source characters; it does not judge which findings are right.
"""
from __future__ import annotations

import fnmatch
import os
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from framing_lint.documents import BINARY_FORMATS, Document, detect_format, parse, parse_bytes
from framing_lint.sourcefile import read_source

# Markup that must never reach the prose.
# Checked on source-mapped characters only: "&#123;&#123;" legitimately shows "{{".
LEAKS = ("{{", "}}", "{%", "%}", "<a ", "href=", 'target="_blank"', "```", "<div", "<!--", "</", "<img", "src=", "class=", "http://", "https://")
_DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
_CORPUS = os.environ.get("FRAMING_LINT_CORPUS") or (str(_DEFAULT_CORPUS) if _DEFAULT_CORPUS.is_dir() else None)
# Files whose "leaks" are what a reader sees (checked by hand, see the module docstring).
KNOWN = {
    # a .txt file is plain text: the HTML and Markdown in it are shown as written
    "*/release_blog_post_template.md.txt",
    # explains Mustache escaping by showing "\&#123;&#123; something }}" as literal text
    "postmark-templates/templates/*/example/content.html",
}


def check_file(path: Path) -> tuple[Document | None, list[str]]:
    """The parsed document and the problems found in it."""
    fmt = detect_format(str(path))
    if fmt in BINARY_FORMATS:
        doc = parse_bytes(path.read_bytes(), fmt)
    else:
        source = read_source(path)
        if source is None:  # binary: skipped, as the linter does
            return None, []
        doc = parse(source.text, fmt)
    text = doc.prose.text
    mapped = "".join(doc.source[s : s + n] if text[p : p + n] == doc.source[s : s + n] else "" for p, s, n in doc.prose.pieces)
    problems = [f"prose contains {leak!r}" for leak in LEAKS if leak in mapped]
    for p, s, n in doc.prose.pieces:
        if text[p : p + n] != doc.source[s : s + n]:
            problems.append(f"piece at prose {p} does not match source {s}")
            break
    return doc, problems


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p != root / "README.md")


@pytest.mark.skipif(not _CORPUS, reason="corpus not found beside the repository; set FRAMING_LINT_CORPUS")
def test_corpus_prose_has_no_markup() -> None:
    assert _CORPUS
    failures = []
    root = Path(_CORPUS)
    for path in _files(root):
        _, problems = check_file(path)
        if problems and not any(fnmatch.fnmatch(path.relative_to(root).as_posix(), k) for k in KNOWN):
            failures.extend(f"{path}: {p}" for p in problems)
    assert not failures, "\n".join(failures[:50])


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else _CORPUS or "/work/shared/corpus")
    by_format: Counter[str] = Counter()
    leaks: Counter[str] = Counter()
    bad = 0
    start = time.perf_counter()
    for path in _files(root):
        doc, problems = check_file(path)
        by_format[detect_format(str(path))] += 1
        for problem in problems:
            leaks[problem] += 1
            print(f"{path.relative_to(root)}: {problem}")
        bad += bool(problems)
        if doc is not None:
            for line, message in doc.warnings:
                print(f"{path.relative_to(root)}:{line}: warning: {message}")
    print(f"{sum(by_format.values())} files {dict(by_format)} in {time.perf_counter() - start:.1f}s; {bad} with problems {dict(leaks)}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
