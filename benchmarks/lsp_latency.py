"""How long after a keystroke `framing-lint server` shows its diagnostics (issue 14).

Run by hand, never in CI:

    python benchmarks/lsp_latency.py                         # 100 edits, lexical mode, default debounce
    python benchmarks/lsp_latency.py --debounce 0            # the lint and the protocol alone
    python benchmarks/lsp_latency.py --edits 300 --json benchmarks/.work/lsp.json

The server is started as an editor starts it (`python -m framing_lint server`, stdio) and
told the lexical mode through initializationOptions (`models: {en: none, fr: none}`). It
opens the 300-line Markdown document of compare.py's W5 workload (the start of the
sourcegraph handbook's sales and marketing pages, from the shared corpus; a generated
document when the corpus is missing), then makes the edits one at a time, as incremental
changes: odd edits type a sentence with a finding at the start of a line spread over the
document, even edits delete it again. Each edit is timed from sending
`textDocument/didChange` to receiving the `textDocument/publishDiagnostics` of that
version, so the time includes the debounce (50 ms by default), the lint and both ends of
the protocol. The next edit is sent once those diagnostics have arrived.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

SENTENCE = "We will target young families with this offer. "


def document(corpus: Path, lines: int) -> tuple[str, str]:
    """The W5 document (and where it came from)."""
    if (corpus / "sourcegraph-handbook").is_dir():
        from compare import editor_file

        path = editor_file(corpus, lines)
        return path.read_text(encoding="utf-8"), f"{path.relative_to(REPO)} (from {corpus})"
    body = []
    for i in range(lines):
        body.append(f"## Section {i // 10}" if i % 10 == 0 else
                    "" if i % 10 == 1 else f"Line {i}: our team answers every message within two working days.")
    return "\n".join(body) + "\n", "generated (no corpus found)"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


async def run(args: argparse.Namespace) -> dict[str, object]:
    text, origin = document(Path(args.corpus), args.lines)
    arrived: dict[int, float] = {}
    counts: dict[int, int] = {}
    got = asyncio.Event()
    client = LanguageClient("lsp-latency", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived.setdefault(params.version, time.perf_counter())
            counts[params.version] = len(params.diagnostics)
            got.set()

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def log(params: types.LogMessageParams) -> None:
        if params.type == types.MessageType.Error:
            print(f"server: {params.message}", file=sys.stderr)

    async def wait_for(version: int) -> float:
        while version not in arrived:
            got.clear()
            await asyncio.wait_for(got.wait(), 60)
        return arrived[version]

    started = time.perf_counter()
    await client.start_io(sys.executable, "-m", "framing_lint", "server")
    options = {"models": {"en": "none", "fr": "none"}}
    if args.debounce is not None:
        options["debounce"] = args.debounce
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=REPO.as_uri(), initialization_options=options))
    client.initialized(types.InitializedParams())
    uri = (REPO / "benchmarks" / ".work" / "lsp-latency.md").as_uri()
    opened = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=uri, language_id="markdown", version=1, text=text)))
    await wait_for(1)
    first = arrived[1] - opened
    n_lines = len(text.splitlines())
    latencies: list[float] = []
    findings: list[int] = []
    line = 0
    for i in range(args.edits):
        version = 2 + i
        if i % 2 == 0:
            line = (i * 37) % n_lines  # spread over the document
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)),
                text=SENTENCE)
        else:
            change = types.TextDocumentContentChangePartial(
                range=types.Range(start=types.Position(line=line, character=0),
                                  end=types.Position(line=line, character=len(SENTENCE))), text="")
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        latencies.append(await wait_for(version) - sent)
        findings.append(counts[version])
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    ms = [x * 1000 for x in latencies]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()
    return {
        "document": origin, "lines": n_lines, "characters": len(text),
        "edits": args.edits, "debounce_ms": args.debounce if args.debounce is not None else "default (50)",
        "start_to_first_diagnostics_s": round(arrived[1] - started, 2), "open_to_diagnostics_ms": round(first * 1000, 1),
        "median_ms": round(statistics.median(ms), 1), "p95_ms": round(percentile(ms, 0.95), 1),
        "max_ms": round(max(ms), 1), "min_ms": round(min(ms), 1),
        "findings_per_version": sorted(set(findings)),
        "commit": commit, "python": platform.python_version(), "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0], "samples_ms": [round(x, 2) for x in ms],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--lines", type=int, default=300)
    parser.add_argument("--debounce", type=int, default=None, help="ms; default: the server's own default")
    parser.add_argument("--corpus", default=os.environ.get("FRAMING_LINT_CORPUS", str(REPO.parent / "shared" / "corpus")))
    parser.add_argument("--json", help="also write every sample to this file")
    args = parser.parse_args()
    result = asyncio.run(run(args))
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2), encoding="utf-8")
    for key, value in result.items():
        if key != "samples_ms":
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
