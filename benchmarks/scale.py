"""Scale measurements (issue 16): local pool vs a local Dask cluster, per-file overhead of the
Dask path, and peak memory of a streamed scan over many small files.

    python benchmarks/scale.py corpus      # ../shared/corpus with --jobs 2 and on a 2-worker cluster
    python benchmarks/scale.py overhead    # 2,000 tiny files: what the Dask path adds per file
    python benchmarks/scale.py rss         # peak RSS for 10k and 100k small files: folder walk and --files-from
    python benchmarks/scale.py all

The cluster is the one a user would start: ``dask scheduler`` and two ``dask worker
--nthreads 1`` processes on this machine. Run by hand, never in CI; prints Markdown.
"""
from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work" / "scale"
CORPUS = Path(os.environ.get("FRAMING_LINT_CORPUS", ROOT.parent / "shared" / "corpus"))
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def cluster(workers: int = 2) -> Iterator[str]:
    """``dask scheduler`` + ``workers`` x ``dask worker --nthreads 1``, as separate processes."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    log = open(WORK / "cluster.log", "w")  # noqa: SIM115 - closed below
    procs = [subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--dashboard-address", ":0", "--no-show"], stdout=log, stderr=log)]
    time.sleep(2)
    for _ in range(workers):
        procs.append(subprocess.Popen([BIN / "dask", "worker", address, "--nthreads", "1", "--nworkers", "1",
                                       "--no-dashboard", "--memory-limit", "4GB"], stdout=log, stderr=log))
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(workers, timeout=120)
    try:
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
        log.close()


def run(args: list[str], cwd: Path = ROOT) -> tuple[float, int, bytes, int]:
    """(wall seconds, exit code, stdout, peak RSS in MB of the command and the workers it reaped)."""
    wall, code, out, peak, _ = run_watched(args, cwd)
    return wall, code, out, peak


def run_watched(args: list[str], cwd: Path = ROOT) -> tuple[float, int, bytes, int, int]:
    """``run``, plus the peak RSS in MB of the command's own process alone (its ``VmHWM``,
    read from /proc while it runs: the workers' memory is not in it)."""
    start = time.perf_counter()
    proc = subprocess.Popen([BIN / "framing-lint", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    hwm = [0]

    def watch() -> None:
        status = Path(f"/proc/{proc.pid}/status")
        while proc.returncode is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        hwm[0] = max(hwm[0], int(line.split()[1]))  # kB, a high-water mark
            except (OSError, ValueError):
                return  # the process has ended (a zombie has no VmHWM)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    watcher.join()
    return wall, proc.returncode, out, usage.ru_maxrss // 1024, hwm[0] // 1024


def corpus(runs: int) -> None:
    size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    files = sum(1 for p in CORPUS.rglob("*") if p.is_file())
    print(f"## Whole corpus: {CORPUS.name} ({files} files, {size / 1e6:.1f} MB), default config\n")
    print("| run | wall (best of %d) | files/s | MB/s | exit | output |" % runs)
    print("|---|---|---|---|---|---|")
    base = ["check", str(CORPUS), "--format", "json", "-q", "--no-progress", "--no-cache"]
    results = {}
    for name, extra in (("--jobs 2", ["-j", "2"]),):
        best = min((run(base + extra) for _ in range(runs)), key=lambda r: r[0])
        results[name] = best
    with cluster(2) as address:
        run(base + ["--scheduler", address])  # the workers' first scan loads rules and pipelines once
        results["2-worker cluster (warm)"] = min((run(base + ["--scheduler", address]) for _ in range(runs)), key=lambda r: r[0])
    reference = results["--jobs 2"][2]
    for name, (wall, code, out, _) in results.items():
        same = "same as --jobs 2" if out == reference else "DIFFERENT"
        print(f"| {name} | {wall:.1f} s | {files / wall:.0f} | {size / 1e6 / wall:.2f} | {code} | {same} |")
    print()


def _tiny(n: int, folder: Path, jargon_every: int = 10) -> Path:
    marker = folder / f".complete-{n}"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for i in range(n):
        d = folder / f"{i // 1000:03}"
        d.mkdir(parents=True, exist_ok=True)
        text = "We will target young families.\n" if i % jargon_every == 0 else f"Thank you for letter {i}.\n"
        (d / f"{i:06}.md").write_text(text, encoding="utf-8")
    (folder / ".framing-lint.yaml").write_text("models: {en: none, fr: none}\n", encoding="utf-8")
    marker.touch()
    return folder


def overhead(runs: int, n: int = 2000) -> None:
    folder = _tiny(n, WORK / f"tiny-{n}")
    print(f"## Per-file overhead of the Dask path ({n} one-line Markdown files, lexical)\n")
    print("| run | wall (best of %d) | ms per file |" % runs)
    print("|---|---|---|")
    base = ["check", ".", "--format", "json", "-q", "--no-progress", "--no-cache"]
    rows = {"--jobs 2": min((run(base + ["-j", "2"], folder) for _ in range(runs)), key=lambda r: r[0])}
    with cluster(2) as address:
        run(base + ["--scheduler", address], folder)
        rows["2-worker cluster (warm)"] = min((run(base + ["--scheduler", address], folder) for _ in range(runs)),
                                              key=lambda r: r[0])
        # The same files through the API with one file per task: the scheduler's own cost per task.
        code = ("import sys, time; from framing_lint.runners import dask as d; d.BATCH = 1; "
                "from framing_lint import api; from framing_lint.config import Config; "
                "t = time.perf_counter(); r = api.lint_paths(['.'], config=Config(models={'en': 'none', 'fr': 'none'}), "
                f"scheduler='{address}'); print(time.perf_counter() - t)")
        api1 = float(subprocess.run([sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, check=True).stdout)
        code_b = code.replace("d.BATCH = 1", "d.BATCH = 8")
        api8 = float(subprocess.run([sys.executable, "-c", code_b], cwd=folder, capture_output=True, text=True, check=True).stdout)
    for name, (wall, _, _, _) in rows.items():
        print(f"| {name} (CLI) | {wall:.2f} s | {wall / n * 1000:.2f} |")
    print(f"| cluster, API, 8 files per task (default) | {api8:.2f} s | {api8 / n * 1000:.2f} |")
    print(f"| cluster, API, 1 file per task | {api1:.2f} s | {api1 / n * 1000:.2f} |")
    print()


def _manifest(folder: Path) -> Path:
    """The folder's files, one a line, in the order a walk lints them (an S3 inventory's role)."""
    manifest = folder.parent / f"{folder.name}.manifest"
    if not manifest.exists():
        names = sorted((p.relative_to(folder).parts for p in folder.rglob("*.md")))
        manifest.write_text("".join("/".join(parts) + "\n" for parts in names), encoding="utf-8")
    return manifest


def rss(sizes: list[int]) -> None:
    print("## Peak memory of a streamed scan (`--jobs 2 --no-cache`, one-line files, lexical)\n")
    print("The client is the `framing-lint` process itself (its VmHWM); the tree adds the two "
          "worker processes it forks (`wait4` rusage: the largest of them).\n")
    print("| files | findings | run | wall | peak RSS, client | peak RSS, largest process |")
    print("|---|---|---|---|---|---|")
    common = ["-q", "--no-progress", "--no-cache", "-j", "2"]
    for n in sizes:
        folder = _tiny(n, WORK / f"tiny-{n}")
        manifest = _manifest(folder)
        runs = {
            "walk, `--format jsonl`": (["check", ".", "--format", "jsonl"], "jsonl"),
            "`--files-from`, `--format jsonl`": (["check", "--files-from", str(manifest), "--format", "jsonl"], "jsonl"),
            "walk, `--format json`": (["check", ".", "--format", "json"], "json"),
        }
        for name, (args, ext) in runs.items():
            out = WORK / f"out-{n}.{ext}"
            wall, code, _, tree, client = run_watched([*args, "-o", str(out), *common], folder)
            if ext == "jsonl":
                findings = sum(1 for _ in out.open(encoding="utf-8"))
            else:
                import json

                findings = len(json.loads(out.read_text(encoding="utf-8")))
            print(f"| {n:,} | {findings:,} | {name} (exit {code}) | {wall:.0f} s | {client} MB | {tree} MB |", flush=True)
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["corpus", "overhead", "rss", "all"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"<!-- benchmarks/scale.py {args.what}, commit {commit}, {os.cpu_count()} CPUs -->\n")
    if args.what in ("corpus", "all"):
        corpus(args.runs)
    if args.what in ("overhead", "all"):
        overhead(args.runs)
    if args.what in ("rss", "all"):
        rss([int(s) for s in args.sizes.split(",")])


if __name__ == "__main__":
    main()
