"""A streamed run keeps nothing per file: memory is flat in the number of files (issue 16).

A subprocess runs the real command in-process (``--jobs 1``: the walk, the lint and the
report in one traced process) over N and then 4N one-line files, with tracemalloc on, after
a warm-up run has loaded the rules. What each run allocates above what was live before it
must not grow with the files: a name kept per file (a list of checked files, a set of seen
paths, a sorted walk) costs 100 bytes or more a file, so 3N more files would show it.
Memory is counted by tracemalloc, not timed, so the test does not depend on the machine.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

N = 250  # files in the small run; the large one has 4N
PER_FOLDER = 25  # the per-folder config memo may grow with folders: that is allowed, and small
# Bytes allowed per extra file: far below any name kept per file (~100 bytes and up).
SLACK_PER_FILE = 24
SLACK = 24 * 1024  # a few folder listings, buffers that grow by steps

SCRIPT = textwrap.dedent("""
    import json, sys, tracemalloc
    from framing_lint.cli import main

    runs = json.loads(sys.argv[1])
    # pathlib interns each part of every path; the interpreter's table of interned strings
    # grows by doubling, and the new table and the old are both alive while it is copied.
    # Grown here, before tracing, it has room for every name of the runs below, so no
    # resize (a one-off step of a megabyte) lands in a measured run.
    keep = [sys.intern(f"pre-grown-{i}") for i in range(200_000)]
    del keep
    tracemalloc.start()
    main(runs.pop("warm-up"))
    out = {}
    for name, argv in runs.items():
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        code = main(argv)
        out[name] = [code, tracemalloc.get_traced_memory()[1] - before]
    print(json.dumps(out))
""")


def _tree(root: Path, n: int) -> Path:
    """``n`` one-line files, one in ten with a finding, and one in twenty named in the
    manifest without existing (an error per file, which a streamed run prints and counts)."""
    lines = []
    for i in range(n):
        folder = root / f"{i // PER_FOLDER:04}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i:05}.md"
        path.write_text("We will target young families.\n" if i % 10 == 0 else f"Thank you for letter {i}.\n",
                        encoding="utf-8")
        lines.append(str(path))
        if i % 20 == 0:
            lines.append(str(folder / f"{i:05}-gone.md"))
    (root.parent / f"{root.name}.txt").write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return root


def test_memory_of_a_streamed_run_does_not_grow_with_the_files(tmp_path: Path) -> None:
    # One config above every tree, so the rules compiled in the warm-up serve every run.
    (tmp_path / ".framing-lint.yaml").write_text("models: {en: none, fr: none}\n", encoding="utf-8")
    warm, small, large = _tree(tmp_path / "warm", 20), _tree(tmp_path / "small", N), _tree(tmp_path / "large", 4 * N)
    report = ["--format", "jsonl", "-o", str(tmp_path / "out.jsonl"), "--jobs", "1", "--no-cache", "--no-progress", "-q"]
    runs = {"warm-up": ["check", str(warm), *report]}
    for name, root in (("small", small), ("large", large)):
        runs[f"walk {name}"] = ["check", str(root), *report]
        runs[f"manifest {name}"] = ["check", "--files-from", str(tmp_path / f"{root.name}.txt"), *report]
    r = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(runs)], cwd=tmp_path, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(r.stdout)
    # Findings (exit 1); in the manifest, missing files too (exit 2).
    assert {name: code for name, (code, _) in got.items()} == {
        "walk small": 1, "manifest small": 2, "walk large": 1, "manifest large": 2}
    assert r.stderr.count("-gone.md: cannot read") == len(range(0, N, 20)) + len(range(0, 4 * N, 20))
    for kind in ("walk", "manifest"):
        small_peak, large_peak = got[f"{kind} small"][1], got[f"{kind} large"][1]
        allowed = small_peak + SLACK + SLACK_PER_FILE * 3 * N
        assert large_peak <= allowed, (
            f"{kind}: {4 * N} files took {large_peak - small_peak:,} bytes more than {N} "
            f"({(large_peak - small_peak) / (3 * N):.0f} a file): something is kept per file")
